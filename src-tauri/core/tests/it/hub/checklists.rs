//! Due-diligence checklists shared within one office: each item a field, so answers to
//! different items merge and the same item answered differently is a conflict; the
//! checklist (and the office's memos) never reach the region, by the client or by the
//! server.

use chrono::NaiveDate;
use coopdesk_core::db::Database;
use coopdesk_core::hub::{self, ConflictKind, Resolution};
use coopdesk_core::library::checklist::{self, Answer, ChecklistEntry, ChecklistItem};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::memo::store as memos;

use super::memos::memo_on_the_clerks_laptop;
use super::{now, Laptop, TestHub};
use crate::support::library::contract_numbered;

const NUMBER: &str = "SW-PLOW-1";

fn plows() -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: NUMBER.into(),
        title: "Snow plows and attachments".into(),
        vendor_name: "Henderson Products".into(),
        ..Contract::default()
    }
}

fn answer(db: &Database, item: ChecklistItem, answer: Answer, by: &str, note: &str) {
    let id = contract_numbered(db, NUMBER).id.unwrap();
    let entry = ChecklistEntry {
        item,
        label: String::new(),
        answer,
        checked_by: by.into(),
        checked_on: NaiveDate::from_ymd_opt(2026, 12, 1),
        note: note.into(),
    };
    checklist::set_item(db, id, &entry, now()).unwrap();
}

/// The item's answer on the laptop: answer, who, and the note.
fn answered(db: &Database, item: ChecklistItem) -> (Answer, String, String) {
    let id = contract_numbered(db, NUMBER).id.unwrap();
    let entry = checklist::checklist(db, id)
        .unwrap()
        .into_iter()
        .find(|e| e.item == item)
        .unwrap();
    (entry.answer, entry.checked_by, entry.note)
}

#[test]
fn checklist_answers_to_different_items_merge_and_the_same_item_answered_differently_is_a_conflict()
{
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    contract::insert(&clerk.db, &plows(), now()).unwrap();
    clerk.sync();
    deputy.sync();

    // Two answers before a sync: the second finds the checklist already waiting.
    answer(
        &clerk.db,
        ChecklistItem::CooperativeClause,
        Answer::Yes,
        "R. Martinez",
        "p. 4",
    );
    answer(
        &clerk.db,
        ChecklistItem::MembershipInPlace,
        Answer::NotApplicable,
        "",
        "",
    );
    answer(
        &deputy.db,
        ChecklistItem::VendorNotDebarred,
        Answer::Yes,
        "J. Ortiz",
        "SAM.gov",
    );
    clerk.sync();
    let report = deputy.sync();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            answered(&laptop.db, ChecklistItem::CooperativeClause),
            (Answer::Yes, "R. Martinez".into(), "p. 4".into())
        );
        assert_eq!(
            answered(&laptop.db, ChecklistItem::VendorNotDebarred),
            (Answer::Yes, "J. Ortiz".into(), "SAM.gov".into())
        );
        assert_eq!(
            answered(&laptop.db, ChecklistItem::MembershipInPlace).0,
            Answer::NotApplicable
        );
        assert_eq!(hub::status(&laptop.db).unwrap().waiting, 0, "nothing waits");
    }

    answer(
        &clerk.db,
        ChecklistItem::PricingReviewed,
        Answer::Yes,
        "R. Martinez",
        "",
    );
    answer(
        &deputy.db,
        ChecklistItem::PricingReviewed,
        Answer::No,
        "J. Ortiz",
        "too high",
    );
    clerk.sync();
    let report = deputy.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert_eq!(conflict.record, "checklist");
    assert_eq!(conflict.kind, ConflictKind::BothChanged);
    let fields: Vec<_> = conflict.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["pricingReviewed"]);
    let shown = coopdesk_core::sharing::conflicts(&deputy.db).unwrap();
    assert_eq!(
        shown[0].fields[0].label,
        ChecklistItem::PricingReviewed.label(),
        "the plan names the item by its question"
    );
    assert_eq!(
        answered(&deputy.db, ChecklistItem::PricingReviewed).0,
        Answer::No,
        "the deputy's answer stays until the deputy chooses"
    );
    deputy.settle(&conflict.global_id, &Resolution::TakeTheirs);
    deputy.sync();
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            answered(&laptop.db, ChecklistItem::PricingReviewed),
            (Answer::Yes, "R. Martinez".into(), String::new())
        );
    }
}

#[test]
fn checklists_and_memos_stay_in_the_office_and_the_region_is_refused_them() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let deputy = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    let id = contract::insert(&clerk.db, &plows(), now()).unwrap();
    answer(
        &clerk.db,
        ChecklistItem::CooperativeClause,
        Answer::Yes,
        "R. Martinez",
        "p. 4",
    );
    hub::share_with_region(&clerk.db, id, true).unwrap();
    memo_on_the_clerks_laptop(&clerk, &deputy);
    clerk.sync();
    deputy.sync();
    neighbour.sync();

    assert_eq!(
        answered(&deputy.db, ChecklistItem::CooperativeClause).0,
        Answer::Yes,
        "the office's other laptop has the checklist"
    );
    assert_eq!(
        answered(&neighbour.db, ChecklistItem::CooperativeClause).0,
        Answer::NotYet,
        "the region's copy of the contract comes without the office's checklist"
    );
    assert!(memos::list(&neighbour.db).unwrap().is_empty());

    let mut admin = hub.admin_sql();
    for kind in ["checklist", "memo"] {
        let (count, circle): (i64, Option<String>) = {
            let row = admin
                .query_one(
                    "SELECT count(*), max(circle) FROM coopdesk.records WHERE kind = $1",
                    &[&kind],
                )
                .unwrap();
            (row.get(0), row.get(1))
        };
        assert_eq!((count, circle.as_deref()), (1, Some("office")), "{kind}");
    }
    let carried: bool = admin
        .query_one(
            "SELECT body::text LIKE '%R. Martinez%' FROM coopdesk.records
             WHERE kind = 'contract' AND body->>'contractNumber' = $1",
            &[&NUMBER],
        )
        .unwrap()
        .get(0);
    assert!(
        !carried,
        "the region contract's body does not carry the checklist"
    );

    let mut other = hub.member_sql(&taos);
    for table in ["records", "changes"] {
        let seen: i64 = other
            .query_one(
                &format!(
                    "SELECT count(*) FROM coopdesk.{table} WHERE kind IN ('checklist', 'memo')"
                ),
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(
            seen, 0,
            "the town reads no checklist or memo in coopdesk.{table}"
        );
    }
    let mut own = hub.member_sql(&penasco);
    for kind in ["checklist", "memo"] {
        let leaked = own.batch_execute(&format!(
            "UPDATE coopdesk.records SET circle = 'region', version = version + 1
             WHERE kind = '{kind}'"
        ));
        assert!(
            leaked.is_err(),
            "the server never lets a {kind} into the region, even its owner's"
        );
    }
}
