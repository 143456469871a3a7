//! The region circle: a contract one jurisdiction shares with the others, received
//! read-only; price lists travelling with their contract; and a push that failed after
//! giving global ids.

use coopdesk_core::hub::{self, ConflictKind, Sharing};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::Error;
use rust_decimal::Decimal;

use super::{now, Laptop, TestHub};
use crate::support::library::{contents, contract_numbered};

const PLOWS: &str = "SW-PLOW-1";
/// A sample contract every library starts with.
const SAMPLE: &str = "070924-SCC";

fn plows() -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: PLOWS.into(),
        title: "Snow plows and attachments".into(),
        vendor_name: "Plowco Inc.".into(),
        notes: "Vetted by the county's fleet manager.".into(),
        ..Contract::default()
    }
}

fn line(item: &str, price: &str) -> PriceLine {
    PriceLine {
        item: item.into(),
        unit: "each".into(),
        unit_price: price.parse::<Decimal>().unwrap(),
        notes: String::new(),
    }
}

fn id_of(laptop: &Laptop, number: &str) -> i64 {
    contract_numbered(&laptop.db, number).id.unwrap()
}

fn holds(laptop: &Laptop, number: &str) -> bool {
    contract::all(&laptop.db)
        .unwrap()
        .iter()
        .any(|c| c.contract_number == number)
}

#[test]
fn a_contract_shared_with_the_region_reaches_another_jurisdiction_read_only() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let deputy = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    let id = contract::insert(&clerk.db, &plows(), now()).unwrap();
    let lines = vec![
        line("V-plow, 10 ft", "8450.00"),
        line("Wing plow", "6120.50"),
    ];
    price_list::set_price_lines(&clerk.db, id, &lines, now()).unwrap();
    clerk.sync();
    neighbour.sync();
    assert!(
        !holds(&neighbour, PLOWS),
        "a contract the village has not shared with the region stays in its office"
    );

    hub::share_with_region(&clerk.db, id, true).unwrap();
    assert_eq!(hub::sharing(&clerk.db, id).unwrap(), Sharing::Region);
    clerk.sync();
    deputy.sync();
    let report = neighbour.sync();
    assert!(report.not_added.is_empty(), "{report:?}");

    let received = contract_numbered(&neighbour.db, PLOWS);
    assert_eq!(received.notes, "Vetted by the county's fleet manager.");
    assert_eq!(
        price_list::price_lines(&neighbour.db, received.id.unwrap()).unwrap(),
        lines,
        "the price list travels with the contract, to the cent"
    );
    assert!(
        matches!(
            hub::sharing(&neighbour.db, received.id.unwrap()).unwrap(),
            Sharing::FromRegion { owner } if owner == "Village of Peñasco"
        ),
        "the neighbour sees whose contract it is, by name"
    );
    assert_eq!(
        hub::sharing(&deputy.db, id_of(&deputy, PLOWS)).unwrap(),
        Sharing::Region,
        "the village's deputy sees that the clerk shared it with the region"
    );

    // Read-only at the neighbour's: a change could never be shared, so it is refused now.
    let mut changed = received.clone();
    changed.title = "Our plows".into();
    let refused = contract::update(&neighbour.db, &changed, now()).unwrap_err();
    assert!(
        matches!(&refused, Error::Invalid { message, .. } if message.contains("read-only")),
        "the clerk is told the contract is another jurisdiction's: {refused}"
    );
    assert!(
        price_list::set_price_lines(&neighbour.db, received.id.unwrap(), &[], now()).is_err(),
        "nor may its price list be changed"
    );
    let refused = hub::share_with_region(&neighbour.db, received.id.unwrap(), false)
        .expect_err("only its own clerk chooses with whom it is shared");
    assert!(
        refused
            .to_string()
            .contains("Village of Peñasco's contract"),
        "{refused}"
    );
    assert_eq!(
        contract_numbered(&neighbour.db, PLOWS).title,
        received.title
    );
    assert_eq!(
        hub::status(&neighbour.db).unwrap().waiting,
        0,
        "nothing to send"
    );

    // The owner's later edits follow.
    let mut edited = contract_numbered(&clerk.db, PLOWS);
    edited.notes = "Renewed through 2028.".into();
    contract::update(&clerk.db, &edited, now()).unwrap();
    clerk.sync();
    neighbour.sync();
    assert_eq!(
        contract_numbered(&neighbour.db, PLOWS).notes,
        "Renewed through 2028."
    );

    // Taken back into the office: the neighbour's copy goes to its trash.
    hub::share_with_region(&clerk.db, id, false).unwrap();
    clerk.sync();
    neighbour.sync();
    deputy.sync();
    assert!(
        !holds(&neighbour, PLOWS),
        "a contract withdrawn from the region leaves the neighbour's library"
    );
    assert!(
        contract::trash(&neighbour.db)
            .unwrap()
            .iter()
            .any(|t| t.contract_number == PLOWS),
        "into its trash, not gone without a trace"
    );
    assert!(holds(&deputy, PLOWS), "the village's own office keeps it");
    assert_eq!(
        hub::sharing(&deputy.db, id_of(&deputy, PLOWS)).unwrap(),
        Sharing::Office
    );
}

#[test]
fn a_region_contract_the_neighbour_already_holds_leaves_its_own_copy_alone() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    clerk.sync();
    neighbour.sync();
    let own = contract_numbered(&neighbour.db, SAMPLE);

    hub::share_with_region(&clerk.db, id_of(&clerk, SAMPLE), true).unwrap();
    let mut edited = contract_numbered(&clerk.db, SAMPLE);
    edited.notes = "The village's notes.".into();
    contract::update(&clerk.db, &edited, now()).unwrap();
    clerk.sync();
    let report = neighbour.sync();

    let [sentence] = report.not_added.as_slice() else {
        panic!("the village's copy is reported, not added: {report:?}");
    };
    assert!(
        sentence.contains("shared with the region by Village of Peñasco")
            && sentence.contains("Your own copy stays"),
        "{sentence}"
    );
    assert_eq!(
        contract_numbered(&neighbour.db, SAMPLE),
        own,
        "the town's own sample contract is untouched"
    );
    assert_eq!(
        hub::sharing(&neighbour.db, own.id.unwrap()).unwrap(),
        Sharing::Office,
        "and still the town's own"
    );
    let mut changed = own.clone();
    changed.notes = "The town's notes.".into();
    contract::update(&neighbour.db, &changed, now()).expect("the town still edits its own copy");
}

#[test]
fn another_member_reads_a_region_contract_but_cannot_change_it_with_plain_sql() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let id = contract::insert(&clerk.db, &plows(), now()).unwrap();
    hub::share_with_region(&clerk.db, id, true).unwrap();
    clerk.sync();

    let mut other = hub.member_sql(&taos);
    let region: Vec<String> = other
        .query(
            "SELECT body->>'contractNumber' FROM coopdesk.records WHERE owner = $1",
            &[&penasco.role],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(
        region,
        vec![PLOWS.to_string()],
        "the town reads the village's region contract, and none of its office's"
    );
    let changed = other
        .execute(
            "UPDATE coopdesk.records SET body = '{\"title\": \"ours now\"}',
                 version = version + 1
             WHERE body->>'contractNumber' = $1",
            &[&PLOWS],
        )
        .unwrap();
    assert_eq!(changed, 0, "the server changes nothing of the village's");
    let taken = other
        .execute(
            &format!(
                "UPDATE coopdesk.records SET owner = '{}', version = version + 1
                 WHERE circle = 'region'",
                taos.role
            ),
            &[],
        )
        .unwrap();
    assert_eq!(taken, 0, "nor makes the village's contract the town's");
    let title: String = hub
        .admin_sql()
        .query_one(
            "SELECT body->>'title' FROM coopdesk.records WHERE body->>'contractNumber' = $1 \
             AND owner = $2 AND version = 1",
            &[&PLOWS, &penasco.role],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        title, "Snow plows and attachments",
        "as the village shared it"
    );

    let mut own = hub.member_sql(&penasco);
    for kind in ["memo", "approval", "purchase"] {
        let leaked = own.batch_execute(&format!(
            "INSERT INTO coopdesk.records (id, kind, owner, circle, version, body)
             VALUES (gen_random_uuid(), '{kind}', '{}', 'region', 1, '{{}}')",
            penasco.role
        ));
        assert!(
            leaked.is_err(),
            "the server never lets a {kind} into the region, even its owner's"
        );
    }
}

#[test]
fn a_price_list_travels_within_the_office_and_both_editing_it_is_a_conflict() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let id = contract::insert(&clerk.db, &plows(), now()).unwrap();
    clerk.sync();
    deputy.sync();

    price_list::set_price_lines(&clerk.db, id, &[line("V-plow", "8450.00")], now()).unwrap();
    clerk.sync();
    deputy.sync();
    let deputy_id = id_of(&deputy, PLOWS);
    assert_eq!(
        price_list::price_lines(&deputy.db, deputy_id).unwrap(),
        vec![line("V-plow", "8450.00")],
        "the deputy sees the clerk's price list"
    );

    price_list::set_price_lines(&clerk.db, id, &[line("V-plow", "8200.00")], now()).unwrap();
    price_list::set_price_lines(&deputy.db, deputy_id, &[line("V-plow", "8300.00")], now())
        .unwrap();
    clerk.sync();
    let report = deputy.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one contract in conflict, got {:?}", report.conflicts);
    };
    assert_eq!(conflict.kind, ConflictKind::BothChanged);
    assert_eq!(
        conflict
            .fields
            .iter()
            .map(|f| f.field.as_str())
            .collect::<Vec<_>>(),
        vec!["priceLines"]
    );
    assert_eq!(
        price_list::price_lines(&deputy.db, deputy_id).unwrap(),
        vec![line("V-plow", "8300.00")],
        "the deputy's price stays until the deputy chooses"
    );
    deputy.settle(&conflict.global_id, &hub::Resolution::TakeTheirs);
    deputy.sync();
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            price_list::price_lines(&laptop.db, id_of(laptop, PLOWS)).unwrap(),
            vec![line("V-plow", "8200.00")]
        );
    }
}

#[test]
fn a_push_that_failed_after_giving_global_ids_does_not_part_the_libraries() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);

    // The deputy's first push fails on the hub, after its contracts were given global ids.
    let mut admin = hub.admin_sql();
    admin
        .batch_execute(
            "ALTER TABLE coopdesk.records ADD CONSTRAINT closed_for_the_test CHECK (false)
             NOT VALID",
        )
        .unwrap();
    assert!(
        hub::sync(&deputy.db, now()).is_err(),
        "the deputy's push fails"
    );
    admin
        .batch_execute("ALTER TABLE coopdesk.records DROP CONSTRAINT closed_for_the_test")
        .unwrap();

    // Meanwhile the clerk shares the same sample contracts.
    clerk.sync();
    let report = deputy.sync();
    clerk.sync();
    assert!(
        report.not_added.is_empty() && report.conflicts.is_empty(),
        "the deputy's samples are the clerk's, matched again: {report:?}"
    );
    assert_eq!(contents(&deputy.db), contents(&clerk.db));
    let doubled: i64 = admin
        .query_one(
            "SELECT count(*) FROM (SELECT body->>'contractNumber' FROM coopdesk.records
                 GROUP BY 1 HAVING count(*) > 1) AS doubles",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(doubled, 0, "the hub holds each contract once");
    assert_eq!(hub::status(&deputy.db).unwrap().waiting, 0, "nothing waits");
}
