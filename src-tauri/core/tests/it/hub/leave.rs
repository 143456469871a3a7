//! Leaving the hub: the library keeps every contract and stops sharing.

use coopdesk_core::hub;
use coopdesk_core::library::contract::{self, Contract};

use super::{now, Laptop, TestHub};
use crate::support::library::{contents, contract_numbered};

/// The password file the test-only store keeps for `laptop`'s login, if any.
fn kept_password(laptop: &Laptop) -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("COOPDESK_TEST_ONLY_PLAIN_PASSWORDS_DIR")?;
    let link = hub::local::link(&laptop.db).unwrap()?;
    let address = hub::HubAddress::parse(&link.url, None).unwrap();
    let account = format!("{}@{}", address.user(), address.place());
    let name: String = account.bytes().map(|b| format!("{b:02x}")).collect();
    Some(std::path::PathBuf::from(dir).join(name))
}

#[test]
fn leaving_keeps_every_contract_and_an_unshared_change_and_stops_sharing() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    clerk.sync();
    deputy.sync();
    let password = kept_password(&clerk).expect("the tests keep passwords in plain files");
    assert!(password.is_file(), "joining kept the password");

    let mut changed = contract_numbered(&clerk.db, "070924-SCC");
    changed.notes = "Not shared yet.".into();
    contract::update(&clerk.db, &changed, now()).unwrap();
    let before = contents(&clerk.db);

    let report = hub::leave(&clerk.db)
        .unwrap()
        .expect("the library was joined");
    assert_eq!(
        (report.unshared, report.unsettled),
        (1, 0),
        "leaving says one change was never shared"
    );
    assert_eq!(
        contents(&clerk.db),
        before,
        "every contract is kept as it was"
    );
    let status = hub::status(&clerk.db).unwrap();
    assert!(status.link.is_none(), "the library is no longer joined");
    assert_eq!(status.waiting, 0, "nothing waits to be shared any more");
    assert!(!password.exists(), "the password left the credential store");
    let refused = hub::sync(&clerk.db, now()).expect_err("a library that left cannot sync");
    assert!(
        refused.to_string().contains("not joined"),
        "the refusal says why: {refused}"
    );

    // The deputy's next change does not reach a library that left. (Both laptops are one
    // login on one machine here, so leaving took the deputy's password too: it is typed
    // again, as a clerk would.)
    hub::join(&deputy.db, &hub.address(&office), &office.password, now()).unwrap();
    contract::insert(
        &deputy.db,
        &Contract {
            cooperative: "Sourcewell".into(),
            contract_number: "SW-AFTER".into(),
            title: "Added after the clerk left".into(),
            vendor_name: "Plowco Inc.".into(),
            ..Contract::default()
        },
        now(),
    )
    .unwrap();
    deputy.sync();
    assert!(
        contract::all(&clerk.db)
            .unwrap()
            .iter()
            .all(|c| c.contract_number != "SW-AFTER"),
        "nothing arrives after leaving"
    );
    assert_eq!(
        hub::leave(&clerk.db).unwrap(),
        None,
        "leaving twice is harmless"
    );
}

#[test]
fn joining_again_after_leaving_doubles_no_contract() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &office);
    clerk.sync();
    hub::leave(&clerk.db).unwrap();

    hub::join(&clerk.db, &hub.address(&office), &office.password, now()).unwrap();
    let report = clerk.sync();
    assert!(
        report.conflicts.is_empty(),
        "an unchanged library joining again has nothing to decide: {report:?}"
    );
    let on_hub: i64 = hub
        .admin_sql()
        .query_one("SELECT count(*) FROM coopdesk.records", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        on_hub,
        contract::count(&clerk.db).unwrap(),
        "the hub holds each contract once after the library joined twice"
    );
}
