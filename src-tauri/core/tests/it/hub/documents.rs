//! A contract's documents travelling with it: once each, by checksum, within the size limit
//! the hub's administrator sets; checked against their checksum on arrival; and read by
//! another jurisdiction only when the contract naming them is shared with the region.

use coopdesk_core::hub::{self, documents};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::documents::{attach, list_documents, DocumentKind};

use super::{now, Laptop, TestHub};
use crate::support::library::contract_numbered;

const PLOWS: &str = "SW-PLOW-1";
const SALT: &str = "SW-SALT-2";

fn contract_numbered_as(number: &str, title: &str) -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: number.into(),
        title: title.into(),
        vendor_name: "Plowco Inc.".into(),
        ..Contract::default()
    }
}

/// Bytes no two tests share, of `len` bytes.
fn file_bytes(seed: &str, len: usize) -> Vec<u8> {
    seed.bytes().cycle().take(len).collect()
}

/// Attaches `bytes` as `name` to the laptop's contract `number`.
fn attach_bytes(laptop: &Laptop, number: &str, name: &str, bytes: &[u8]) {
    let source = laptop.path().join("to-attach").join(name);
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    std::fs::write(&source, bytes).unwrap();
    let id = contract_numbered(&laptop.db, number).id.unwrap();
    attach(&laptop.db, id, &source, DocumentKind::Award, now()).unwrap();
}

/// The laptop's documents of contract `number`: name and bytes, read from its folder.
fn documents_of(laptop: &Laptop, number: &str) -> Vec<(String, Vec<u8>)> {
    let id = contract_numbered(&laptop.db, number).id.unwrap();
    list_documents(&laptop.db, id)
        .unwrap()
        .into_iter()
        .map(|d| {
            assert!(d.verified, "{} matches its checksum", d.original_name);
            (d.original_name, std::fs::read(&d.path).unwrap())
        })
        .collect()
}

fn hub_documents(hub: &TestHub) -> i64 {
    hub.admin_sql()
        .query_one("SELECT count(*) FROM coopdesk.documents", &[])
        .unwrap()
        .get(0)
}

#[test]
fn a_document_attached_on_one_laptop_arrives_byte_identical_on_the_other_and_travels_once() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &penasco);
    let deputy = Laptop::joined(&hub, &penasco);
    for (number, title) in [(PLOWS, "Snow plows"), (SALT, "Road salt")] {
        contract::insert(&clerk.db, &contract_numbered_as(number, title), now()).unwrap();
    }
    let award = file_bytes("award of the plows contract ", 300_000);
    attach_bytes(&clerk, PLOWS, "Award – Peñasco.pdf", &award);
    // The same file on a second contract: one copy on the hub.
    attach_bytes(&clerk, SALT, "Award – Peñasco.pdf", &award);

    let sent = clerk.sync();
    assert!(sent.documents_not_shared.is_empty(), "{sent:?}");
    assert_eq!(hub_documents(&hub), 1, "the same file travels once");

    let received = deputy.sync();
    assert!(received.documents_not_received.is_empty(), "{received:?}");
    for number in [PLOWS, SALT] {
        assert_eq!(
            documents_of(&deputy, number),
            vec![("Award – Peñasco.pdf".to_owned(), award.clone())],
            "the deputy holds the clerk's file, byte for byte, on {number}"
        );
    }
    assert_eq!(
        hub::status(&deputy.db).unwrap().waiting,
        0,
        "nothing to send back"
    );
    let again = deputy.sync();
    assert_eq!(
        again.pushed, 0,
        "receiving a document is not a change to send: {again:?}"
    );

    // Removed on the deputy's laptop: removed on the clerk's at its next sync.
    let plows = contract_numbered(&deputy.db, PLOWS).id.unwrap();
    let document = list_documents(&deputy.db, plows).unwrap().remove(0);
    coopdesk_core::library::documents::remove_document(&deputy.db, document.id, now()).unwrap();
    deputy.sync();
    clerk.sync();
    assert!(
        documents_of(&clerk, PLOWS).is_empty(),
        "the removal travels"
    );
    assert_eq!(
        documents_of(&clerk, SALT).len(),
        1,
        "the other contract keeps it"
    );
    assert_eq!(hub_documents(&hub), 1);
}

#[test]
fn a_document_over_the_limit_stays_home_and_its_contract_travels_without_it() {
    let Some(hub) = TestHub::new() else { return };
    documents::set_limit(&hub.admin, &hub.server.admin_password, 1).unwrap();
    let penasco = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &penasco);
    let deputy = Laptop::joined(&hub, &penasco);
    contract::insert(&clerk.db, &contract_numbered_as(PLOWS, "Snow plows"), now()).unwrap();
    let scan = file_bytes("a scanned bid tabulation ", 1_572_864);
    let award = file_bytes("the award letter ", 2_000);
    attach_bytes(&clerk, PLOWS, "tabulation scan.pdf", &scan);
    attach_bytes(&clerk, PLOWS, "award.pdf", &award);

    let report = clerk.sync();
    assert_eq!(
        report.documents_not_shared,
        vec![
            "tabulation scan.pdf (1.5 MB), attached to Sourcewell SW-PLOW-1, was not shared: \
             the hub takes documents up to 1 MB (its administrator sets the limit), so the \
             contract is shared without it."
                .to_owned()
        ]
    );
    assert_eq!(
        hub::status(&clerk.db).unwrap().documents_not_shared,
        report.documents_not_shared,
        "hub status says it too, until the file is sent"
    );
    assert_eq!(hub_documents(&hub), 1, "only the award went");

    let received = deputy.sync();
    assert_eq!(
        contract_numbered(&deputy.db, PLOWS).title,
        "Snow plows",
        "the contract arrived"
    );
    assert_eq!(
        documents_of(&deputy, PLOWS),
        vec![("award.pdf".to_owned(), award)],
        "with the document within the limit"
    );
    assert_eq!(received.documents_not_received.len(), 1, "{received:?}");
    assert!(
        received.documents_not_received[0]
            .starts_with("tabulation scan.pdf (1.5 MB) of Sourcewell SW-PLOW-1 is not on the hub"),
        "{received:?}"
    );

    // The deputy edits the contract: the scan it never had stays the contract's.
    let mut edited = contract_numbered(&deputy.db, PLOWS);
    edited.notes = "Checked by the deputy.".into();
    contract::update(&deputy.db, &edited, now()).unwrap();
    deputy.sync();
    clerk.sync();
    assert_eq!(
        contract_numbered(&clerk.db, PLOWS).notes,
        "Checked by the deputy."
    );
    assert_eq!(
        documents_of(&clerk, PLOWS).len(),
        2,
        "the clerk keeps the scan"
    );

    // The administrator raises the limit: the scan goes at the next sync, and arrives.
    documents::set_limit(&hub.admin, &hub.server.admin_password, 2).unwrap();
    let report = clerk.sync();
    assert!(report.documents_not_shared.is_empty(), "{report:?}");
    assert!(hub::status(&clerk.db)
        .unwrap()
        .documents_not_shared
        .is_empty());
    let received = deputy.sync();
    assert!(received.documents_not_received.is_empty(), "{received:?}");
    assert_eq!(documents_of(&deputy, PLOWS).len(), 2);
}

#[test]
fn a_document_damaged_on_the_hub_is_refused_with_a_sentence_and_not_stored() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &penasco);
    let deputy = Laptop::joined(&hub, &penasco);
    contract::insert(&clerk.db, &contract_numbered_as(PLOWS, "Snow plows"), now()).unwrap();
    let award = file_bytes("the award letter, signed ", 5_000);
    attach_bytes(&clerk, PLOWS, "award.pdf", &award);
    clerk.sync();
    hub.admin_sql()
        .batch_execute("UPDATE coopdesk.documents SET bytes = overlay(bytes placing 'X' from 10)")
        .unwrap();

    let report = deputy.sync();
    assert_eq!(report.documents_not_received.len(), 1, "{report:?}");
    let sentence = &report.documents_not_received[0];
    assert!(
        sentence.starts_with(
            "award.pdf of Sourcewell SW-PLOW-1 was not taken: the hub's copy does not match"
        ),
        "{sentence}"
    );
    assert_eq!(
        contract_numbered(&deputy.db, PLOWS).title,
        "Snow plows",
        "the contract itself arrived"
    );
    assert!(
        documents_of(&deputy, PLOWS).is_empty(),
        "nothing damaged was stored"
    );
    let folder = deputy.path().join("documents");
    let stored = walk(&folder);
    assert!(
        stored.is_empty(),
        "no file left in the library folder: {stored:?}"
    );
    assert_eq!(
        hub::status(&deputy.db).unwrap().waiting,
        0,
        "nothing sent back without it"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

#[test]
fn another_jurisdiction_reads_a_document_only_once_its_contract_is_shared_with_the_region() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    let id =
        contract::insert(&clerk.db, &contract_numbered_as(PLOWS, "Snow plows"), now()).unwrap();
    let award = file_bytes("the village's award ", 4_000);
    attach_bytes(&clerk, PLOWS, "award.pdf", &award);
    clerk.sync();

    let mut other = hub.member_sql(&taos);
    let readable = |sql: &mut postgres::Client| -> i64 {
        sql.query_one("SELECT count(*) FROM coopdesk.documents", &[])
            .unwrap()
            .get(0)
    };
    assert_eq!(
        readable(&mut other),
        0,
        "the town reads none of the village's documents"
    );
    for sql in [
        "UPDATE coopdesk.documents SET bytes = 'x'",
        "DELETE FROM coopdesk.documents",
    ] {
        let refused = other
            .execute(sql, &[])
            .expect_err("nor changes or deletes them");
        assert!(
            refused
                .as_db_error()
                .is_some_and(|e| e.message().contains("permission denied")),
            "{refused:?}"
        );
    }
    let forged = other.execute(
        "INSERT INTO coopdesk.documents (sha256, size_bytes, bytes, owner)
         VALUES (encode(sha256('y'), 'hex'), 1, 'y', $1)",
        &[&penasco.role],
    );
    assert!(forged.is_err(), "nor sends one in the village's name");
    let lying = other.execute(
        "INSERT INTO coopdesk.documents (sha256, size_bytes, bytes, owner)
         VALUES (encode(sha256('y'), 'hex'), 1, 'not y', $1)",
        &[&taos.role],
    );
    assert!(lying.is_err(), "nor bytes under another file's checksum");

    hub::share_with_region(&clerk.db, id, true).unwrap();
    clerk.sync();
    assert_eq!(
        readable(&mut other),
        1,
        "shared with the region, it is readable"
    );
    neighbour.sync();
    assert_eq!(
        documents_of(&neighbour, PLOWS),
        vec![("award.pdf".to_owned(), award)]
    );
    let received = contract_numbered(&neighbour.db, PLOWS).id.unwrap();
    let source = neighbour.path().join("ours.pdf");
    std::fs::write(&source, b"the town's own notes").unwrap();
    let refused = attach(&neighbour.db, received, &source, DocumentKind::Other, now())
        .expect_err("a region contract's documents are read-only");
    assert!(refused.to_string().contains("read-only"), "{refused}");

    hub::share_with_region(&clerk.db, id, false).unwrap();
    clerk.sync();
    assert_eq!(readable(&mut other), 0, "taken back, unreadable again");
}
