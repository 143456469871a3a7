//! The server stopped while a laptop pulls a long change log: the laptop says so in a
//! sentence, keeps the batches it finished (each applied with its cursor in one
//! transaction), and the next sync reads on from there — nothing lost, nothing twice.
//!
//! The server's side of a stop is its administrator ending the laptop's session
//! (`pg_terminate_backend`, what `pg_ctl stop -m fast` does to every session): the test
//! suite's tests share one cluster and run at the same time, so stopping the cluster
//! itself would fail the others' work too. The laptop sees what it sees at a shutdown:
//! its connection closed under it.

use std::path::Path;
use std::time::{Duration, Instant};

use coopdesk_core::hub;
use coopdesk_core::library::contract::{self, Contract};

use super::{now, Laptop, TestHub};
use crate::support::library::{contents, library_file};

/// More contracts than four batches of the pull.
const CONTRACTS: usize = 2_000;

fn many() -> Vec<Contract> {
    (0..CONTRACTS)
        .map(|n| Contract {
            cooperative: "OMNIA Partners".into(),
            contract_number: format!("PULL-{n:05}"),
            title: format!("Office furniture, lot {n}"),
            vendor_name: "Vendor".into(),
            ..Contract::default()
        })
        .collect()
}

/// The laptop's cursor in the hub's log, read from its library file as it is on disk.
fn cursor(library: &Path) -> i64 {
    library_file(library)
        .query_row("SELECT cursor FROM hub_link", [], |row| row.get(0))
        .unwrap_or(0)
}

#[test]
fn the_server_stopped_mid_pull_loses_nothing_and_the_next_sync_completes() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("City of Espanola");
    let clerk = Laptop::joined(&hub, &office);
    contract::insert_all(&clerk.db, &many(), now()).unwrap();
    clerk.sync();
    let mut admin = hub.admin_sql();
    let last: i64 = admin
        .query_one("SELECT max(seq) FROM coopdesk.changes", &[])
        .unwrap()
        .get(0);

    let deputy = Laptop::joined(&hub, &office);
    let path = deputy.path().to_owned();
    let pulling = std::thread::spawn(move || {
        let result = hub::sync(&deputy.db, now());
        (deputy, result)
    });
    // The first batch is in: the server goes down under the rest.
    let deadline = Instant::now() + Duration::from_secs(120);
    while cursor(&path) == 0 && !pulling.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    let ended: i64 = admin
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND usename = $1) AS ended",
            &[&hub.address(&office).user()],
        )
        .unwrap()
        .get(0);
    assert_eq!(ended, 1, "the deputy's session was the one ended");
    let stopped_at = cursor(&path);
    let (deputy, result) = pulling.join().unwrap();

    let error = result
        .expect_err("the pull was stopped half-way")
        .to_string();
    assert!(
        error.contains("The connection to the hub was lost")
            && error.contains("Nothing half-done was kept"),
        "the clerk reads what happened and that nothing is lost: {error}"
    );
    assert!(
        0 < stopped_at && stopped_at < last,
        "the server stopped in the middle of the pull: cursor {stopped_at} of {last}"
    );
    let kept = cursor(deputy.path());
    assert!(
        kept >= stopped_at && kept < last,
        "the batches finished before the stop are kept, with their cursor ({kept})"
    );

    let report = deputy.sync();
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(
        cursor(deputy.path()),
        last,
        "the next sync read the log to its end"
    );
    assert_eq!(
        contents(&deputy.db),
        contents(&clerk.db),
        "the deputy holds the whole library"
    );
    let twice: i64 = library_file(deputy.path())
        .query_row(
            "SELECT count(*) FROM (SELECT contract_id FROM contract_history
             WHERE action = 'create' GROUP BY contract_id HAVING count(*) > 1)",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(twice, 0, "no contract was added twice");
    assert_eq!(
        report.pushed, 0,
        "the deputy had nothing of its own to send"
    );
    let records: i64 = admin
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE owner = $1",
            &[&office.role],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        records,
        contract::all(&clerk.db).unwrap().len() as i64,
        "the hub holds each contract once"
    );
}
