//! What PostgreSQL itself refuses: plain SQL as one member against another's rows, a
//! server whose certificate the laptop cannot verify, a password in an address.

use coopdesk_core::hub::{self, HubAddress};
use coopdesk_core::Error;

use super::{now, Laptop, TestHub};

#[test]
fn a_member_cannot_read_anothers_purchases_nor_change_its_contracts_with_plain_sql() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let county = hub.member("Rio Arriba County");
    let clerk = Laptop::joined(&hub, &penasco);
    clerk.sync();

    let mut own = hub.member_sql(&penasco);
    own.batch_execute(&format!(
        "INSERT INTO coopdesk.records (id, kind, owner, version, body)
         VALUES (gen_random_uuid(), 'purchase', '{}', 1, '{{\"amount\": \"1200.00\"}}')",
        penasco.role
    ))
    .expect("a member records its own purchase");
    let own_purchases: i64 = own
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE kind = 'purchase'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(own_purchases, 1, "the office reads its own purchase");

    let mut other = hub.member_sql(&county);
    let seen: i64 = other
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE owner = $1",
            &[&penasco.role],
        )
        .unwrap()
        .get(0);
    assert_eq!(seen, 0, "the county reads none of the village's records");
    let logged: i64 = other
        .query_one("SELECT count(*) FROM coopdesk.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(logged, 0, "nor the village's changes in the log");

    let changed = other
        .execute(
            "UPDATE coopdesk.records SET body = '{\"title\": \"mine now\"}', version = version + 1
             WHERE kind = 'contract'",
            &[],
        )
        .unwrap();
    assert_eq!(
        changed, 0,
        "the server changes none of the village's contracts"
    );

    let forged = other.batch_execute(&format!(
        "INSERT INTO coopdesk.records (id, kind, owner, version, body)
         VALUES (gen_random_uuid(), 'contract', '{}', 1, '{{}}')",
        penasco.role
    ));
    assert!(forged.is_err(), "a record in the village's name is refused");
    assert!(
        other.batch_execute("DELETE FROM coopdesk.records").is_err(),
        "nobody deletes from the hub"
    );
    assert!(
        other
            .batch_execute("UPDATE coopdesk.changes SET body = '{}'")
            .is_err(),
        "nobody rewrites the log"
    );

    let untouched: i64 = hub
        .admin_sql()
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE owner = $1 AND version = 1",
            &[&penasco.role],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        untouched, 11,
        "the village's ten contracts and its purchase are as they were"
    );
}

#[test]
fn a_push_from_an_old_version_is_refused_by_the_server() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &penasco);
    clerk.sync();
    let error = hub
        .member_sql(&penasco)
        .batch_execute(
            "UPDATE coopdesk.records SET version = version + 5, body = '{}'
             WHERE kind = 'contract'",
        )
        .unwrap_err();
    assert!(
        error
            .as_db_error()
            .unwrap()
            .message()
            .contains("brings it to"),
        "{error}"
    );
}

#[test]
fn a_hub_whose_certificate_another_ca_signed_is_refused_before_the_password_is_sent() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let wrong = HubAddress::parse(&penasco.address, Some(&hub.server.wrong_ca)).unwrap();
    let laptop = Laptop::new();

    let error = hub::join(&laptop.db, &wrong, &penasco.password, now()).unwrap_err();
    let sentence = error.to_string();
    assert!(
        sentence.contains("could not verify the certificate") && sentence.contains("--ca-file"),
        "{sentence}"
    );
    assert!(!sentence.contains(&penasco.password));
    assert!(
        hub::status(&laptop.db).unwrap().link.is_none(),
        "the library is not joined"
    );
}

#[test]
fn without_the_hubs_ca_the_systems_roots_do_not_vouch_for_a_private_certificate() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let no_ca = HubAddress::parse(&penasco.address, None).unwrap();
    let error = hub::join(&Laptop::new().db, &no_ca, &penasco.password, now()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("could not verify the certificate"),
        "{error}"
    );
}

#[test]
fn a_wrong_password_is_refused_with_a_sentence_that_does_not_repeat_it() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let error = hub::join(
        &Laptop::new().db,
        &hub.address(&penasco),
        "not-the-password",
        now(),
    )
    .unwrap_err();
    let sentence = error.to_string();
    assert!(sentence.contains("refused the login"), "{sentence}");
    assert!(!sentence.contains("not-the-password"));
}

#[test]
fn an_address_with_a_password_is_refused_saying_where_the_password_goes() {
    let error = HubAddress::parse(
        "postgresql://clerk:hunter2@hub.county.example/coopdesk",
        None,
    )
    .unwrap_err();
    assert!(matches!(error, Error::Invalid { .. }));
    let sentence = error.to_string();
    assert!(
        sentence.contains("contains a password") && sentence.contains("credential store"),
        "{sentence}"
    );
    assert!(
        !sentence.contains("hunter2"),
        "the sentence repeats the password: {sentence}"
    );
    let in_query = HubAddress::parse(
        "postgresql://clerk@hub.county.example/coopdesk?password=hunter2",
        None,
    );
    assert!(in_query.is_err(), "a password in the query is refused too");
}
