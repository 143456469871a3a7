//! Saved TCO comparisons shared within one office: a comparison crosses with the contract
//! it is bought under named by its global id (each library's own row id differs), both
//! editing it is a conflict settled by the clerk, a deletion travels, and the hub itself
//! keeps comparisons from the other jurisdictions.

use coopdesk_core::db::Database;
use coopdesk_core::hub::{self, ConflictKind, Resolution};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::tco::{store, Comparison, OptionKind};

use super::{now, Laptop, TestHub};
use crate::support::cli::{cli, stdout};
use crate::support::comparison::{orange_county, COOPERATIVE};
use crate::support::library::contract_numbered;

fn new_contract(number: &str, title: &str) -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: number.into(),
        title: title.into(),
        vendor_name: "Tyler Technologies".into(),
        ..Contract::default()
    }
}

/// The library's only saved comparison.
fn the_comparison(db: &Database) -> (i64, Comparison) {
    let list = store::list(db).unwrap();
    assert_eq!(list.len(), 1, "one saved comparison: {list:?}");
    (list[0].id, store::get(db, list[0].id).unwrap().comparison)
}

/// The contract the comparison's cooperative option is bought under, as its number.
fn bought_under(db: &Database, comparison: &Comparison) -> Option<String> {
    let option = comparison
        .options
        .iter()
        .find(|o| o.name == COOPERATIVE)
        .expect("the cooperative option");
    match option.kind {
        OptionKind::CooperativeContract {
            contract_id: Some(id),
        } => Some(contract::get(db, id).unwrap().contract_number),
        _ => None,
    }
}

#[test]
fn a_comparison_saved_on_one_laptop_reaches_the_other_naming_the_same_contract() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    // Each laptop adds a contract of its own first, so the contract the comparison is
    // bought under has another row id on the deputy's laptop than on the clerk's.
    contract::insert(&deputy.db, &new_contract("DEP-1", "Deputy's copier"), now()).unwrap();
    let maintenance = contract::insert(
        &clerk.db,
        &new_contract("SW-MAINT-7", "Hosted software maintenance"),
        now(),
    )
    .unwrap();
    let comparison = orange_county()
        .titled("Utility billing renewal")
        .bought_through(COOPERATIVE, Some(maintenance))
        .build();
    store::save(&clerk.db, None, &comparison, now()).unwrap();

    clerk.sync();
    deputy.sync();
    clerk.sync();

    let (_, theirs) = the_comparison(&deputy.db);
    let (_, mine) = the_comparison(&clerk.db);
    assert_ne!(
        contract_numbered(&deputy.db, "SW-MAINT-7").id,
        Some(maintenance),
        "the test means something only if the row ids differ"
    );
    assert_eq!(
        bought_under(&deputy.db, &theirs).as_deref(),
        Some("SW-MAINT-7"),
        "the deputy's copy is bought under the same contract, by the deputy's own row id"
    );
    let without_contract = |mut c: Comparison| {
        for option in &mut c.options {
            if let OptionKind::CooperativeContract { contract_id } = &mut option.kind {
                *contract_id = None;
            }
        }
        c
    };
    assert_eq!(
        without_contract(theirs),
        without_contract(mine),
        "every figure, option and id arrives as saved"
    );
    assert_eq!(hub::status(&clerk.db).unwrap().waiting, 0, "nothing waits");
    assert_eq!(hub::status(&deputy.db).unwrap().waiting, 0, "nothing waits");

    // An edit follows; a deletion too (a comparison has no trash).
    let (id, mut edited) = the_comparison(&deputy.db);
    edited.purchase_description = "Utility billing software, five more years".into();
    store::save(&deputy.db, Some(id), &edited, now()).unwrap();
    deputy.sync();
    clerk.sync();
    assert_eq!(
        the_comparison(&clerk.db).1.purchase_description,
        "Utility billing software, five more years"
    );
    store::delete(&clerk.db, the_comparison(&clerk.db).0).unwrap();
    assert_eq!(
        hub::status(&clerk.db).unwrap().waiting,
        1,
        "the deletion waits"
    );
    clerk.sync();
    deputy.sync();
    assert!(
        store::list(&deputy.db).unwrap().is_empty(),
        "deleted on the clerk's laptop, gone from the deputy's"
    );
    assert_eq!(hub::status(&clerk.db).unwrap().waiting, 0);
    let deleted: bool = hub
        .admin_sql()
        .query_one(
            "SELECT deleted FROM coopdesk.records WHERE kind = 'comparison'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(deleted, "the hub keeps the deletion as a version");
}

#[test]
fn a_comparison_edited_on_both_laptops_is_a_conflict_the_clerk_settles() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    store::save(
        &clerk.db,
        None,
        &orange_county().titled("Fleet telematics").build(),
        now(),
    )
    .unwrap();
    clerk.sync();
    deputy.sync();

    let retitle = |laptop: &Laptop, description: &str| {
        let (id, mut comparison) = the_comparison(&laptop.db);
        comparison.purchase_description = description.into();
        store::save(&laptop.db, Some(id), &comparison, now()).unwrap();
    };
    retitle(&clerk, "Telematics for 40 trucks");
    retitle(&deputy, "Telematics for 38 trucks and 2 loaders");
    clerk.sync();
    let report = deputy.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert_eq!(conflict.record, "comparison");
    assert_eq!(
        conflict.contract,
        "Comparison \u{201c}Fleet telematics\u{201d}"
    );
    assert_eq!(conflict.kind, ConflictKind::BothChanged);
    let fields: Vec<_> = conflict.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["purchaseDescription"]);
    assert_eq!(
        conflict.fields[0].mine,
        "Telematics for 38 trucks and 2 loaders"
    );
    assert_eq!(conflict.fields[0].theirs, "Telematics for 40 trucks");
    assert_eq!(
        the_comparison(&deputy.db).1.purchase_description,
        "Telematics for 38 trucks and 2 loaders",
        "the deputy's library keeps the deputy's version until the deputy chooses"
    );
    assert_eq!(
        hub::conflicts(&deputy.db).unwrap().len(),
        1,
        "listed until settled"
    );

    let shown = coopdesk_core::sharing::conflicts(&deputy.db).unwrap();
    assert_eq!(
        (
            shown[0].contract.as_str(),
            shown[0].fields[0].label.as_str()
        ),
        (
            "Comparison \u{201c}Fleet telematics\u{201d}",
            "What is bought"
        ),
        "the window's plan names the comparison and its field in words"
    );
    // As the clerk types it.
    let listed = stdout(&cli(deputy.path(), &["hub", "conflicts"]));
    assert!(
        listed.contains("Comparison \u{201c}Fleet telematics\u{201d}")
            && listed.contains("purchaseDescription: was ")
            && listed.contains(&conflict.global_id),
        "{listed}"
    );
    stdout(&cli(
        deputy.path(),
        &["hub", "resolve", &conflict.global_id, "--keep-mine"],
    ));
    assert!(hub::conflicts(&deputy.db).unwrap().is_empty());
    deputy.sync();
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            the_comparison(&laptop.db).1.purchase_description,
            "Telematics for 38 trucks and 2 loaders",
            "the kept version reaches both laptops"
        );
    }

    // Again, and this time the clerk takes theirs.
    retitle(&clerk, "Telematics, clerk's count");
    retitle(&deputy, "Telematics, deputy's count");
    deputy.sync();
    let report = clerk.sync();
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    stdout(&cli(
        clerk.path(),
        &[
            "hub",
            "resolve",
            &report.conflicts[0].global_id,
            "--take-theirs",
        ],
    ));
    clerk.sync();
    deputy.sync();
    for laptop in [&clerk, &deputy] {
        assert_eq!(
            the_comparison(&laptop.db).1.purchase_description,
            "Telematics, deputy's count"
        );
        assert_eq!(hub::status(&laptop.db).unwrap().waiting, 0);
    }
}

#[test]
fn a_comparison_deleted_on_one_laptop_and_edited_on_the_other_is_asked_and_can_come_back() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    store::save(&clerk.db, None, &orange_county().build(), now()).unwrap();
    clerk.sync();
    deputy.sync();

    store::delete(&clerk.db, the_comparison(&clerk.db).0).unwrap();
    let (id, mut edited) = the_comparison(&deputy.db);
    edited.purchase_description = "Still needed: the council asked".into();
    store::save(&deputy.db, Some(id), &edited, now()).unwrap();
    deputy.sync();
    let report = clerk.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert_eq!(conflict.kind, ConflictKind::DeletedHereChangedThere);
    clerk.settle(&conflict.global_id, &Resolution::TakeTheirs);
    assert_eq!(
        the_comparison(&clerk.db).1.purchase_description,
        "Still needed: the council asked",
        "taking theirs brings the comparison back, with the deputy's edit"
    );
    clerk.sync();
    deputy.sync();
    assert_eq!(the_comparison(&deputy.db).1, the_comparison(&clerk.db).1);
    assert_eq!(hub::status(&clerk.db).unwrap().waiting, 0);
    let records: i64 = hub
        .admin_sql()
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE kind = 'comparison'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(records, 1, "the same comparison, not a second one");
}

#[test]
fn another_jurisdiction_cannot_read_an_offices_comparisons_with_plain_sql() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    store::save(&clerk.db, None, &orange_county().build(), now()).unwrap();
    clerk.sync();
    neighbour.sync();
    assert!(
        store::list(&neighbour.db).unwrap().is_empty(),
        "the town's library receives none of the village's comparisons"
    );

    let on_hub: i64 = hub
        .admin_sql()
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE kind = 'comparison'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(on_hub, 1, "the village's comparison is on the hub");
    let mut other = hub.member_sql(&taos);
    for table in ["records", "changes"] {
        let seen: i64 = other
            .query_one(
                &format!("SELECT count(*) FROM coopdesk.{table} WHERE kind = 'comparison'"),
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(seen, 0, "the town reads no comparison in coopdesk.{table}");
    }
    let mut own = hub.member_sql(&penasco);
    let leaked = own.batch_execute(
        "UPDATE coopdesk.records SET circle = 'region', version = version + 1
         WHERE kind = 'comparison'",
    );
    assert!(
        leaked.is_err(),
        "the server never lets a comparison into the region, even its owner's"
    );
}
