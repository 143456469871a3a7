//! Two laptops of one office and a third jurisdiction, syncing through one hub.

use coopdesk_core::hub::{self, ConflictKind, Resolution};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::Error;

use super::{now, Laptop, TestHub};
use crate::support::library::{contents, contract_numbered};

/// A sample contract both laptops start with.
const SHARED: &str = "070924-SCC";

fn new_contract(number: &str) -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: number.into(),
        title: "Snow plows and attachments".into(),
        vendor_name: "Plowco Inc.".into(),
        ..Contract::default()
    }
}

fn edit(laptop: &Laptop, number: &str, change: impl FnOnce(&mut Contract)) {
    let mut contract = contract_numbered(&laptop.db, number);
    change(&mut contract);
    contract::update(&laptop.db, &contract, now()).unwrap();
}

#[test]
fn two_laptops_of_one_office_see_each_others_changes_after_a_sync() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    let first = deputy.sync();
    assert!(
        first.conflicts.is_empty() && first.not_added.is_empty(),
        "the sample contracts both libraries hold are the same contracts, not conflicts: {first:?}"
    );
    assert_eq!(
        contents(&deputy.db),
        contents(&clerk.db),
        "no sample contract is doubled"
    );

    // Offline, each changes something; then they sync.
    contract::insert(&clerk.db, &new_contract("SW-PLOW-1"), now()).unwrap();
    edit(&deputy, SHARED, |c| {
        c.notes = "Called the vendor on Monday.".into()
    });
    clerk.sync();
    deputy.sync();
    clerk.sync();

    assert_eq!(
        contract_numbered(&deputy.db, "SW-PLOW-1").title,
        "Snow plows and attachments",
        "the deputy sees the clerk's new contract"
    );
    assert_eq!(
        contract_numbered(&clerk.db, SHARED).notes,
        "Called the vendor on Monday.",
        "the clerk sees the deputy's note"
    );
    assert_eq!(contents(&clerk.db), contents(&deputy.db));
    assert_eq!(hub::status(&clerk.db).unwrap().waiting, 0, "nothing waits");
}

#[test]
fn changes_to_different_fields_of_one_contract_are_merged_without_asking() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    deputy.sync();

    edit(&clerk, SHARED, |c| {
        c.title = "Fleet telematics (renewed)".into()
    });
    edit(&deputy, SHARED, |c| {
        c.warranty = "Two years, parts and labour".into()
    });
    clerk.sync();
    let report = deputy.sync();
    clerk.sync();

    assert!(report.conflicts.is_empty(), "{report:?}");
    for laptop in [&clerk, &deputy] {
        let contract = contract_numbered(&laptop.db, SHARED);
        assert_eq!(contract.title, "Fleet telematics (renewed)");
        assert_eq!(contract.warranty, "Two years, parts and labour");
    }
}

#[test]
fn the_same_field_edited_on_both_laptops_is_a_plan_and_nothing_is_lost() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    deputy.sync();
    let base = contract_numbered(&clerk.db, SHARED).title;

    edit(&clerk, SHARED, |c| c.title = "Clerk's title".into());
    edit(&deputy, SHARED, |c| c.title = "Deputy's title".into());
    clerk.sync();
    let report = deputy.sync();

    let [conflict] = report.conflicts.as_slice() else {
        panic!("one contract in conflict, got {:?}", report.conflicts);
    };
    assert_eq!(conflict.kind, ConflictKind::BothChanged);
    let [field] = conflict.fields.as_slice() else {
        panic!("one field in conflict, got {:?}", conflict.fields);
    };
    assert_eq!(field.field, "title");
    assert_eq!(field.base, serde_json::json!(base));
    assert_eq!(field.mine, serde_json::json!("Deputy's title"));
    assert_eq!(field.theirs, serde_json::json!("Clerk's title"));
    assert_eq!(
        contract_numbered(&deputy.db, SHARED).title,
        "Deputy's title",
        "until the deputy chooses, their library keeps their own title"
    );
    // Syncing again asks again; it does not decide.
    assert_eq!(deputy.sync().conflicts.len(), 1);

    deputy.settle(&conflict.global_id, &Resolution::KeepMine);
    deputy.sync();
    clerk.sync();
    assert_eq!(contract_numbered(&clerk.db, SHARED).title, "Deputy's title");
    assert!(hub::conflicts(&deputy.db).unwrap().is_empty());

    // Both titles stay in the hub's log.
    let titles: Vec<String> = hub
        .admin_sql()
        .query(
            "SELECT body->>'title' FROM coopdesk.changes WHERE record_id = $1::text::uuid
             ORDER BY seq",
            &[&conflict.global_id],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(
        titles.contains(&"Clerk's title".to_owned())
            && titles.contains(&"Deputy's title".to_owned()),
        "the hub's log keeps both versions: {titles:?}"
    );
}

#[test]
fn taking_theirs_for_a_field_brings_the_hubs_value_and_shares_nothing_back() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    deputy.sync();
    edit(&clerk, SHARED, |c| c.notes = "clerk".into());
    edit(&deputy, SHARED, |c| c.notes = "deputy".into());
    clerk.sync();
    let conflict = deputy.sync().conflicts.remove(0);

    let choice = Resolution::Fields {
        take_theirs: vec!["notes".into()],
    };
    deputy.settle(&conflict.global_id, &choice);
    assert_eq!(contract_numbered(&deputy.db, SHARED).notes, "clerk");
    let report = deputy.sync();
    assert_eq!(report.pushed, 0, "the deputy now holds what the hub holds");
    assert!(report.conflicts.is_empty());
}

#[test]
fn deleting_on_one_laptop_while_editing_on_the_other_is_a_conflict_not_a_silent_win() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    deputy.sync();

    let id = contract_numbered(&clerk.db, SHARED).id.unwrap();
    contract::delete(&clerk.db, id, now()).unwrap();
    edit(&deputy, SHARED, |c| {
        c.notes = "Renewal approved by council.".into()
    });
    clerk.sync();
    let report = deputy.sync();

    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict, got {:?}", report.conflicts);
    };
    assert_eq!(conflict.kind, ConflictKind::ChangedHereDeletedThere);
    assert_eq!(
        contract_numbered(&deputy.db, SHARED).notes,
        "Renewal approved by council.",
        "the deputy's edit is still in their library"
    );

    deputy.settle(&conflict.global_id, &Resolution::KeepMine);
    deputy.sync();
    clerk.sync();
    assert_eq!(
        contract_numbered(&clerk.db, SHARED).notes,
        "Renewal approved by council.",
        "keeping the edit brings the contract back, edited, on the clerk's laptop"
    );
}

#[test]
fn a_deletion_edited_nowhere_else_reaches_the_other_laptop() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    deputy.sync();
    let id = contract_numbered(&clerk.db, SHARED).id.unwrap();
    contract::delete(&clerk.db, id, now()).unwrap();
    clerk.sync();
    deputy.sync();
    assert!(
        contract::all(&deputy.db)
            .unwrap()
            .iter()
            .all(|c| c.contract_number != SHARED),
        "the contract is in the deputy's trash too"
    );
}

#[test]
fn another_jurisdiction_receives_nothing_of_the_office() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let neighbour = hub.member("Rio Arriba County");
    let clerk = Laptop::joined(&hub, &office);
    contract::insert(&clerk.db, &new_contract("PENASCO-ONLY"), now()).unwrap();
    clerk.sync();

    let county = Laptop::joined(&hub, &neighbour);
    let report = county.sync();
    assert_eq!(
        report.received, 0,
        "the office's contracts stay in the office: {report:?}"
    );
    assert!(contract::all(&county.db)
        .unwrap()
        .iter()
        .all(|c| c.contract_number != "PENASCO-ONLY"));
}

#[test]
fn a_sync_repeated_after_it_stopped_applies_nothing_twice() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    deputy.sync();
    edit(&clerk, SHARED, |c| c.notes = "once".into());
    clerk.sync();

    // The deputy read the change but stopped before recording its cursor: the cursor
    // goes back, and the same changes are read again.
    deputy.sync();
    let history_before = coopdesk_core::library::history::history(
        &deputy.db,
        contract_numbered(&deputy.db, SHARED).id.unwrap(),
    )
    .unwrap()
    .len();
    crate::support::library::library_file(deputy.path())
        .execute("UPDATE hub_link SET cursor = 0", [])
        .unwrap();
    let again = deputy.sync();
    assert_eq!(again.received, 0, "{again:?}");
    let history_after = coopdesk_core::library::history::history(
        &deputy.db,
        contract_numbered(&deputy.db, SHARED).id.unwrap(),
    )
    .unwrap()
    .len();
    assert_eq!(history_after, history_before, "no change was applied twice");
}

#[test]
fn the_password_is_in_neither_the_library_file_nor_the_hubs_address() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    clerk.sync();
    drop(clerk.db);
    for entry in std::fs::read_dir(clerk.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes
                    .windows(office.password.len())
                    .any(|w| w == office.password.as_bytes()),
                "{} holds the hub's password",
                path.display()
            );
        }
    }
}

#[test]
fn a_hub_newer_than_this_coopdesk_is_refused_with_a_sentence() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    hub.admin_sql()
        .batch_execute("INSERT INTO coopdesk.schema_version (version) VALUES (99)")
        .unwrap();
    let waiting = hub::status(&clerk.db).unwrap().waiting;

    let error = hub::sync(&clerk.db, now()).unwrap_err();
    assert!(
        matches!(error, Error::NewerHub { found: 99, .. }),
        "{error:?}"
    );
    let sentence = error.to_string();
    assert!(
        sentence.contains("newer version of CoopDesk") && sentence.contains("Nothing was sent"),
        "{sentence}"
    );
    assert_eq!(
        hub::status(&clerk.db).unwrap().waiting,
        waiting,
        "the library's outbox is as it was"
    );
}
