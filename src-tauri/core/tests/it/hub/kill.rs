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

/// Whether a CoopDesk session holds the hub log's lock, the one every push takes.
#[cfg(unix)]
fn a_push_holds_the_log(sql: &mut postgres::Client) -> bool {
    let holders: i64 = sql
        .query_one(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.relation = 'coopdesk.changes'::regclass AND l.mode = 'ExclusiveLock'
               AND l.granted AND a.application_name = 'CoopDesk'",
            &[],
        )
        .unwrap()
        .get(0);
    holders > 0
}

#[cfg(unix)]
fn signal(child: &std::process::Child, name: &str) {
    let status = std::process::Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name}");
}

/// Starts `hub sync` on the clerk's library and freezes it (SIGSTOP: a laptop whose lid
/// closed, its socket still open) while its push holds the log's lock. Changes every
/// contract again and retries when a push ended before it could be caught.
#[cfg(unix)]
fn push_frozen_half_way(clerk: &Laptop, sql: &mut postgres::Client) -> std::process::Child {
    for attempt in 0..20 {
        for mut changed in contract::all(&clerk.db).unwrap() {
            changed.notes = format!("attempt {attempt}");
            contract::update(&clerk.db, &changed, now()).unwrap();
        }
        let mut child = spawn(
            command(clerk.path(), &["hub", "sync"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        let deadline = Instant::now() + Duration::from_secs(60);
        while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            if a_push_holds_the_log(sql) {
                signal(&child, "STOP");
                // A commit already on its way would still let go of the lock.
                std::thread::sleep(Duration::from_millis(300));
                if a_push_holds_the_log(sql) {
                    return child;
                }
                signal(&child, "CONT");
                break;
            }
        }
        kill(&mut child);
    }
    panic!("no push was caught holding the log's lock in 20 attempts");
}

/// A laptop that stops half-way through a push keeps the hub's log locked only until the
/// hub ends its idle session: the office's other laptop syncs after a wait, not never, and
/// the frozen laptop, once it wakes, loses nothing and shares everything at its next sync.
#[cfg(unix)]
#[test]
fn a_push_frozen_half_way_holds_up_the_other_laptop_only_until_the_hub_lets_it_go() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Frozen Lake");
    let clerk = Laptop::joined(&hub, &office);
    contract::insert_all(&clerk.db, &many(300), now()).unwrap();
    clerk.sync();
    let deputy = Laptop::joined(&hub, &office);
    deputy.sync();
    let mut sql = hub.admin_sql();

    let mut frozen = push_frozen_half_way(&clerk, &mut sql);
    let mut added = many(1).remove(0);
    added.contract_number = "DEPUTY-1".into();
    contract::insert_all(&deputy.db, &[added], now()).unwrap();
    // Before the hub ended idle sessions this sync waited for hours: a deadline here
    // makes that a failure, not a hang.
    let (sent, synced) = std::sync::mpsc::channel();
    let waiting = std::thread::spawn(move || {
        let report = deputy.sync();
        sent.send(()).unwrap();
        (deputy, report)
    });
    synced
        .recv_timeout(Duration::from_secs(120))
        .expect("the deputy's sync goes through once the hub lets the frozen push go");
    let (deputy, report) = waiting.join().unwrap();
    assert!(
        report.pushed >= 1 && report.waiting == 0,
        "the deputy's contract went: {report:?}"
    );
    assert!(
        !a_push_holds_the_log(&mut sql),
        "the hub ended the frozen laptop's session"
    );

    signal(&frozen, "CONT");
    let woke = frozen.wait().unwrap();
    assert!(!woke.success(), "the woken sync finds its session ended");
    let report = clerk.sync();
    assert!(report.conflicts.is_empty(), "{report:?}");
    let report = deputy.sync();
    assert!(report.conflicts.is_empty(), "{report:?}");
    let (theirs, mine) = (contents(&deputy.db), contents(&clerk.db));
    let differing: Vec<_> = theirs
        .iter()
        .zip(&mine)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{}: {:?} / {:?}", a.contract_number, a.notes, b.notes))
        .take(5)
        .collect();
    assert!(
        theirs.len() == mine.len() && differing.is_empty(),
        "both laptops hold the same library: {} and {} contracts; {differing:?}",
        theirs.len(),
        mine.len()
    );
    let records: i64 = sql
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE owner = $1",
            &[&office.role],
        )
        .unwrap()
        .get(0);
    let library = contract::all(&clerk.db).unwrap().len() as i64;
    assert!(library > 300, "{library}");
    assert_eq!(records, library, "each contract is on the hub once");
}

/// A push that waits too long behind another member's says so in a sentence and sends
/// nothing; the outbox keeps every change for the next sync.
#[test]
fn a_push_waiting_too_long_behind_another_says_so_and_keeps_the_outbox() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Long Line");
    let clerk = Laptop::joined(&hub, &office);
    contract::insert_all(&clerk.db, &many(3), now()).unwrap();
    let waiting = hub::status(&clerk.db).unwrap().waiting;

    // Another push, busy (not idle) for longer than a push waits.
    let mut other = hub.admin_sql();
    let busy = std::thread::spawn(move || {
        let mut tx = other.transaction().unwrap();
        tx.batch_execute("LOCK TABLE coopdesk.changes IN EXCLUSIVE MODE; SELECT pg_sleep(60)")
            .unwrap();
        tx.rollback().unwrap();
    });
    std::thread::sleep(Duration::from_secs(1));
    let error = hub::sync(&clerk.db, now()).unwrap_err().to_string();
    assert!(
        error.contains("Another laptop has been sharing its changes with the hub")
            && error.contains("sync again in a minute"),
        "{error}"
    );
    assert_eq!(hub::status(&clerk.db).unwrap().waiting, waiting);
    busy.join().unwrap();
    let report = clerk.sync();
    assert_eq!(report.pushed as i64, waiting, "{report:?}");
}
