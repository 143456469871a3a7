//! A sync killed (SIGKILL on Unix, TerminateProcess on Windows) at any moment — while it
//! pushes, while it pulls — loses nothing and applies nothing twice: the next sync
//! completes, and both laptops and the hub agree.

use std::process::Stdio;
use std::time::{Duration, Instant};

use coopdesk_core::hub;
use coopdesk_core::library::contract::{self, Contract};

use super::{now, Laptop, TestHub};
use crate::support::cli::{command, kill, spawn};
use crate::support::library::contents;

/// When each sync is killed after it started, in milliseconds: spread over the time a
/// whole sync of the same contracts takes here (timed on a laptop of another member),
/// from starting the process to its end and a little beyond.
fn moments(hub: &TestHub) -> Vec<u64> {
    let timing = Laptop::joined(hub, &hub.member("Timing Office"));
    contract::insert_all(&timing.db, &many(150), now()).unwrap();
    let started = Instant::now();
    let output = command(timing.path(), &["hub", "sync"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let whole = started.elapsed().as_millis() as u64;
    (1..=10).map(|n| whole * n / 9).collect()
}

fn many(count: usize) -> Vec<Contract> {
    (0..count)
        .map(|n| Contract {
            cooperative: "NASPO ValuePoint".into(),
            contract_number: format!("KILL-{n:04}"),
            title: format!("Laptops, lot {n}"),
            vendor_name: "Vendor".into(),
            ..Contract::default()
        })
        .collect()
}

/// Starts `hub sync` on the laptop's library and kills it after `ms` milliseconds.
fn sync_killed_after(laptop: &Laptop, ms: u64) {
    let mut child = spawn(
        command(laptop.path(), &["hub", "sync"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    std::thread::sleep(Duration::from_millis(ms));
    kill(&mut child);
}

#[test]
fn a_sync_killed_at_any_moment_loses_nothing_and_applies_nothing_twice() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    contract::insert_all(&clerk.db, &many(150), now()).unwrap();

    let moments = moments(&hub);
    // Pushes killed: each round changes one more contract first.
    for (round, &ms) in moments.iter().enumerate() {
        let mut changed = contract::all(&clerk.db).unwrap()[round].clone();
        changed.notes = format!("changed in round {round}");
        contract::update(&clerk.db, &changed, now()).unwrap();
        sync_killed_after(&clerk, ms);
    }
    let report = clerk.sync();
    assert!(
        report.conflicts.is_empty(),
        "its own changes never conflict: {report:?}"
    );
    assert_eq!(
        hub::status(&clerk.db).unwrap().waiting,
        0,
        "everything was shared"
    );

    // Pulls killed: a deputy joins and reads the 160 contracts, killed again and again.
    let deputy = Laptop::joined(&hub, &office);
    for &ms in &moments {
        sync_killed_after(&deputy, ms);
    }
    let report = deputy.sync();
    assert!(report.conflicts.is_empty(), "{report:?}");
    clerk.sync();
    assert_eq!(
        contents(&deputy.db),
        contents(&clerk.db),
        "both laptops hold the same library"
    );

    let mut sql = hub.admin_sql();
    let records: i64 = sql
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE owner = $1",
            &[&office.role],
        )
        .unwrap()
        .get(0);
    assert_eq!(records, 160, "each contract is on the hub once");
    let doubled: i64 = sql
        .query_one(
            "SELECT count(*) FROM (SELECT record_id, version FROM coopdesk.changes
                 GROUP BY record_id, version HAVING count(*) > 1) AS twice",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(doubled, 0, "no version of a record was logged twice");
    let notes: i64 = sql
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE body->>'notes' LIKE 'changed in round %'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        notes,
        moments.len() as i64,
        "every round's change reached the hub"
    );
}
