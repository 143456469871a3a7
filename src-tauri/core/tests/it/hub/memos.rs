//! Memos shared within one office: a memo crosses with its draft and its printed versions
//! (the PDF byte for byte), naming its comparison and contract by global id; drafts merge
//! field by field, the same part edited on both laptops is a conflict, and so is a deletion
//! against an edit; a pull never changes a printed version, and two laptops printing a
//! version each keep both.

use coopdesk_core::db::Database;
use coopdesk_core::hub::{self, ConflictKind, Resolution};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::memo::store::{self, Draft};
use coopdesk_core::memo::Section;
use coopdesk_core::tco::store as comparisons;

use super::{now, Laptop, TestHub};
use crate::support::comparison::{orange_county, COOPERATIVE};
use crate::support::library::contract_numbered;

fn maintenance() -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: "SW-MAINT-7".into(),
        title: "Hosted software maintenance".into(),
        vendor_name: "Tyler Technologies".into(),
        ..Contract::default()
    }
}

/// A memo on the clerk's laptop, written from a comparison bought under a contract that
/// has another row id on the deputy's laptop (the deputy added one of their own first).
pub(super) fn memo_on_the_clerks_laptop(clerk: &Laptop, deputy: &Laptop) -> i64 {
    let mut other = maintenance();
    other.contract_number = "DEP-1".into();
    contract::insert(&deputy.db, &other, now()).unwrap();
    let contract_id = contract::insert(&clerk.db, &maintenance(), now()).unwrap();
    let comparison = orange_county()
        .titled("Utility billing renewal")
        .bought_through(COOPERATIVE, Some(contract_id))
        .build();
    let comparison_id = comparisons::save(&clerk.db, None, &comparison, now()).unwrap();
    store::create(&clerk.db, comparison_id, COOPERATIVE, now()).unwrap()
}

/// The library's only memo.
fn the_memo(db: &Database) -> i64 {
    let list = store::list(db).unwrap();
    assert_eq!(list.len(), 1, "one memo: {list:?}");
    list[0].id
}

fn edit(db: &Database, id: i64, section: Section, text: &str) {
    let mut draft: Draft = store::open(db, id).unwrap().draft;
    draft.sections.insert(section, text.to_owned());
    store::save(db, id, &draft, now()).unwrap();
}

/// Each version: its number, whether printed, and the printed PDF's bytes.
fn versions(db: &Database) -> Vec<(u32, Option<Vec<u8>>)> {
    let id = the_memo(db);
    let mut versions: Vec<(u32, Option<Vec<u8>>)> = store::open(db, id)
        .unwrap()
        .versions
        .into_iter()
        .map(|v| {
            let saved = store::version(db, id, Some(v.version)).unwrap();
            (v.version, saved.printed_pdf)
        })
        .collect();
    versions.sort_by_key(|(v, _)| *v);
    versions
}

fn section_text(db: &Database, section: Section) -> String {
    let view = store::open(db, the_memo(db)).unwrap();
    view.sections
        .into_iter()
        .find(|s| s.section == section)
        .map(|s| s.text)
        .unwrap_or_default()
}

#[test]
fn a_memo_reaches_the_other_laptop_with_its_draft_and_its_printed_version_byte_for_byte() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let id = memo_on_the_clerks_laptop(&clerk, &deputy);
    let printed = store::print(&clerk.db, id, None, now()).unwrap();
    edit(
        &clerk.db,
        id,
        Section::Background,
        "The council asked for five more years.",
    );

    clerk.sync();
    deputy.sync();

    let theirs = the_memo(&deputy.db);
    let on_deputy = versions(&deputy.db);
    assert_eq!(
        on_deputy,
        vec![(1, Some(printed.pdf.clone())), (2, None)],
        "version 1 printed, with the very bytes the clerk printed, and the draft after it"
    );
    let first = store::version(&deputy.db, theirs, Some(1)).unwrap();
    assert_eq!(first.printed_at, Some(printed.printed_at));
    assert_eq!(
        section_text(&deputy.db, Section::Background),
        "The council asked for five more years.",
        "the clerk's draft, edit and all"
    );
    // Named by global id: the deputy's own comparison and contract, by the deputy's ids.
    let view = store::open(&deputy.db, theirs).unwrap();
    let deputy_comparison = comparisons::list(&deputy.db).unwrap()[0].id;
    assert_eq!(view.comparison_id, Some(deputy_comparison));
    let deputy_contract = contract_numbered(&deputy.db, "SW-MAINT-7").id;
    let clerk_contract = contract_numbered(&clerk.db, "SW-MAINT-7").id;
    assert_ne!(deputy_contract, clerk_contract, "the row ids differ");
    let warnings = store::term_warnings(&deputy.db, theirs, now().date()).unwrap();
    assert_eq!(
        warnings.contract_id, deputy_contract,
        "the memo's contract is the deputy's own row"
    );
    assert_eq!(
        store::list(&deputy.db).unwrap()[0].title,
        store::list(&clerk.db).unwrap()[0].title
    );

    // Edits to different parts of the draft on both laptops merge.
    edit(
        &deputy.db,
        theirs,
        Section::Alternatives,
        "No other vendor offers it.",
    );
    edit(
        &clerk.db,
        id,
        Section::Recommendation,
        "Approve the renewal.",
    );
    deputy.sync();
    let report = clerk.sync();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    deputy.sync();
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            section_text(&laptop.db, Section::Alternatives),
            "No other vendor offers it."
        );
        assert_eq!(
            section_text(&laptop.db, Section::Recommendation),
            "Approve the renewal."
        );
        assert_eq!(hub::status(&laptop.db).unwrap().waiting, 0, "nothing waits");
    }
    assert_eq!(versions(&clerk.db), versions(&deputy.db));
}

#[test]
fn a_pull_never_changes_a_printed_version() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let id = memo_on_the_clerks_laptop(&clerk, &deputy);
    let printed = store::print(&clerk.db, id, None, now()).unwrap();
    clerk.sync();
    deputy.sync();
    let before = store::version(&deputy.db, the_memo(&deputy.db), Some(1)).unwrap();
    assert_eq!(before.printed_pdf.as_deref(), Some(&printed.pdf[..]));

    // The hub's version rewrites what version 1 says and when it was printed.
    let changed = hub
        .admin_sql()
        .execute(
            "UPDATE coopdesk.records r SET version = version + 1, body = (
                 SELECT jsonb_object_agg(key, CASE WHEN key LIKE 'printed/%'
                     THEN jsonb_set(jsonb_set(value, '{printedAt}', '\"2030-01-01 00:00:00\"'),
                                    '{content,draft,option}', '\"Something else\"')
                     ELSE value END)
                 FROM jsonb_each(r.body))
             WHERE kind = 'memo'",
            &[],
        )
        .unwrap();
    assert_eq!(changed, 1);
    deputy.sync();
    let after = store::version(&deputy.db, the_memo(&deputy.db), Some(1)).unwrap();
    assert_eq!(after, before, "the printed version stays as it was printed");
}

#[test]
fn the_same_part_of_a_draft_edited_on_both_laptops_is_a_conflict_and_so_is_delete_against_edit() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let id = memo_on_the_clerks_laptop(&clerk, &deputy);
    clerk.sync();
    deputy.sync();
    let theirs = the_memo(&deputy.db);

    edit(&clerk.db, id, Section::Background, "Clerk's background.");
    edit(
        &deputy.db,
        theirs,
        Section::Background,
        "Deputy's background.",
    );
    clerk.sync();
    let report = deputy.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert_eq!(conflict.record, "memo");
    assert_eq!(conflict.kind, ConflictKind::BothChanged);
    let fields: Vec<_> = conflict.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["text/draft/sections/background"]);
    assert_eq!(conflict.fields[0].mine, "Deputy's background.");
    assert_eq!(conflict.fields[0].theirs, "Clerk's background.");
    assert_eq!(
        section_text(&deputy.db, Section::Background),
        "Deputy's background.",
        "the deputy keeps theirs until they choose"
    );
    let shown = coopdesk_core::sharing::conflicts(&deputy.db).unwrap();
    assert_eq!(shown[0].fields[0].label, "Memo text: sections › background");
    deputy.settle(&conflict.global_id, &Resolution::TakeTheirs);
    deputy.sync();
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            section_text(&laptop.db, Section::Background),
            "Clerk's background."
        );
    }

    // Deleted on the clerk's laptop (never printed, so it may be), edited on the deputy's.
    store::delete(&clerk.db, id).unwrap();
    edit(&deputy.db, theirs, Section::Alternatives, "Still wanted.");
    clerk.sync();
    let report = deputy.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert_eq!(conflict.kind, ConflictKind::ChangedHereDeletedThere);
    deputy.settle(&conflict.global_id, &Resolution::KeepMine);
    deputy.sync();
    clerk.sync();
    assert_eq!(
        section_text(&clerk.db, Section::Alternatives),
        "Still wanted.",
        "keeping the edit brings the memo back on the clerk's laptop"
    );
}

#[test]
fn two_laptops_printing_a_version_each_while_apart_keep_both() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let id = memo_on_the_clerks_laptop(&clerk, &deputy);
    store::print(&clerk.db, id, None, now()).unwrap();
    clerk.sync();
    deputy.sync();
    let theirs = the_memo(&deputy.db);

    // Each edits another part and prints it as version 2.
    edit(&clerk.db, id, Section::Background, "Clerk's version.");
    let clerks = store::print(&clerk.db, id, None, now()).unwrap();
    edit(
        &deputy.db,
        theirs,
        Section::Alternatives,
        "Deputy's version.",
    );
    let deputys = store::print(&deputy.db, theirs, None, now()).unwrap();
    assert_eq!((clerks.version, deputys.version), (2, 2));
    assert_ne!(clerks.pdf, deputys.pdf);

    clerk.sync();
    let report = deputy.sync();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    clerk.sync();

    // The version that reached the hub first keeps its number; the other is the next.
    let on_clerk = versions(&clerk.db);
    assert_eq!(
        on_clerk,
        versions(&deputy.db),
        "both laptops hold the same versions"
    );
    let printed: Vec<(u32, Vec<u8>)> = on_clerk
        .iter()
        .filter_map(|(v, pdf)| pdf.clone().map(|pdf| (*v, pdf)))
        .collect();
    assert_eq!(
        printed.len(),
        3,
        "version 1 and both versions 2 are kept, printed"
    );
    assert_eq!(printed[1], (2, clerks.pdf));
    assert_eq!(printed[2], (3, deputys.pdf));
    // And the text both made together follows, unprinted.
    assert_eq!(
        on_clerk.last().map(|(v, pdf)| (*v, pdf.is_none())),
        Some((4, true))
    );
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            section_text(&laptop.db, Section::Background),
            "Clerk's version."
        );
        assert_eq!(
            section_text(&laptop.db, Section::Alternatives),
            "Deputy's version."
        );
        assert_eq!(hub::status(&laptop.db).unwrap().waiting, 0, "nothing waits");
    }
}

#[test]
fn a_library_that_leaves_and_joins_again_shares_its_memo_once() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let id = memo_on_the_clerks_laptop(&clerk, &deputy);
    store::print(&clerk.db, id, None, now()).unwrap();
    clerk.sync();

    hub::leave(&clerk.db).unwrap();
    hub::join(&clerk.db, &hub.address(&office), &office.password, now()).unwrap();
    let report = clerk.sync();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(hub::status(&clerk.db).unwrap().waiting, 0, "nothing waits");
    let on_hub: i64 = hub
        .admin_sql()
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE kind = 'memo'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(on_hub, 1, "the same memo, not a second one");
    assert_eq!(store::list(&clerk.db).unwrap().len(), 1);
}
