//! The shared hub against a real PostgreSQL (docs/benchmarks-hub.md).
//!
//! `.ci/postgres cargo bench -p coopdesk-core --bench hub` (optionally `-- 20000` for
//! fewer contracts). It needs the server `.ci/postgres` starts and the facts it exports,
//! and makes a database of its own on it. Three measures:
//!
//! 1. **First join**: a laptop holding the generated library (the search bench's seeded
//!    100,000 contracts) shares it (its first push, timed), then a new, empty laptop joins
//!    and syncs: the time of that first sync and its peak memory (VmHWM, Linux), in a
//!    process of its own so the peak is the join's alone. The floor: PostgreSQL's
//!    `COPY (SELECT …) TO STDOUT` of the same rows of the change log, as the same member
//!    over the same TLS connection.
//! 2. **A sync with 100 changes each way**, between two laptops holding that library: one
//!    changes 100 contracts and syncs, the other changes 100 others and syncs (pulls 100,
//!    pushes 100) — the second sync is timed, 40 times; p50 and p99.
//! 3. **20 laptops at once**: 20 threads, each a library of its own in another office of
//!    the same hub, each adding and changing contracts and syncing 5 times, all at the
//!    same moment; then each syncs until nothing moves. Every error is counted, and every
//!    laptop must end holding every contract of the 20 with its last change.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use coopdesk_core::db::Database;
use coopdesk_core::hub::admin::{self, NewMember};
use coopdesk_core::hub::{self, HubAddress};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::opening::{self, OpenOptions};

// Only the contracts are used here; the vocabulary and vendors serve the search bench.
#[allow(dead_code)]
#[path = "support/generated.rs"]
mod generated;
#[allow(dead_code)]
#[path = "support/rows.rs"]
mod rows;

const SYNC_ROUNDS: usize = 40;
const LAPTOPS: usize = 20;
const LAPTOP_ROUNDS: usize = 5;

fn now() -> NaiveDateTime {
    "2026-12-07T10:00:00".parse().unwrap()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the bench through .ci/postgres (docs/benchmarks-hub.md)")
    })
}

/// The hub of this run: a new database on the server, set up by `hub init`.
struct Bench {
    admin: HubAddress,
    password: String,
    ca: PathBuf,
}

impl Bench {
    fn new() -> Bench {
        let ca = PathBuf::from(var("COOPDESK_TEST_HUB_CA"));
        let password = var("COOPDESK_TEST_HUB_ADMIN_PASSWORD");
        let postgres = HubAddress::parse(&var("COOPDESK_TEST_HUB_ADMIN_URL"), Some(&ca)).unwrap();
        let database = format!("bench_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        admin::connect_as(&postgres, &password)
            .unwrap()
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .unwrap();
        let url = format!(
            "postgresql://{}@{}:{}/{database}",
            postgres.user(),
            postgres.host(),
            postgres.port()
        );
        let admin = HubAddress::parse(&url, Some(&ca)).unwrap();
        admin::init(&admin, &password).unwrap();
        Bench {
            admin,
            password,
            ca,
        }
    }

    fn member(&self, name: &str) -> NewMember {
        let password = uuid::Uuid::new_v4().simple().to_string();
        admin::add_member(&self.admin, &self.password, name, &password).unwrap()
    }

    fn address(&self, member: &NewMember) -> HubAddress {
        HubAddress::parse(&member.address, Some(&self.ca)).unwrap()
    }
}

/// An empty library in `dir`, joined to the hub as `member`'s clerk.
fn laptop(dir: &Path, address: &HubAddress, password: &str) -> Database {
    let (db, _) = opening::open(
        dir,
        OpenOptions {
            now: now(),
            seed_sample: false,
        },
    )
    .unwrap();
    hub::join(&db, address, password, now()).unwrap();
    db
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// The child process of measure 1: an empty laptop joins and syncs; prints its time and
/// its peak memory on one line.
fn join_child(dir: &Path, url: &str, password: &str) {
    let address = HubAddress::parse(url, Some(Path::new(&var("COOPDESK_TEST_HUB_CA")))).unwrap();
    let started = Instant::now();
    let db = laptop(dir, &address, password);
    let report = hub::sync(&db, now()).unwrap();
    let took = started.elapsed();
    println!(
        "{} {} {}",
        took.as_secs_f64(),
        report.received,
        rows::peak_rss().replace(' ', "")
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--join-child") {
        join_child(Path::new(&args[1]), &args[2], &var("BENCH_HUB_PASSWORD"));
        return;
    }
    let count: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let bench = Bench::new();
    let work = tempfile::tempdir().unwrap();

    // 1. First join.
    let office = bench.member("Bench County");
    let address = bench.address(&office);
    let writer = laptop(&work.path().join("writer"), &address, &office.password);
    contract::insert_all(&writer, &generated::contracts(count).contracts, now()).unwrap();
    let started = Instant::now();
    let shared = hub::sync(&writer, now()).unwrap();
    println!(
        "{count} contracts: the first push of a library that holds them: {:.2} s ({} sent)",
        started.elapsed().as_secs_f64(),
        shared.pushed
    );
    assert_eq!(shared.pushed, count);

    let joined = work.path().join("joined");
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--join-child", &joined.to_string_lossy(), &office.address])
        .env("BENCH_HUB_PASSWORD", &office.password)
        .output()
        .unwrap();
    assert!(
        child.status.success(),
        "{}",
        String::from_utf8_lossy(&child.stderr)
    );
    let line = String::from_utf8_lossy(&child.stdout);
    let mut parts = line.split_whitespace();
    let (took, received, peak) = (
        parts.next().unwrap().parse::<f64>().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    println!(
        "First join of an empty laptop: {took:.2} s ({received} received), peak memory {peak}"
    );

    let mut member_sql = admin::connect_as(&address, &office.password).unwrap();
    let started = Instant::now();
    let mut copied = Vec::new();
    let mut reader = member_sql
        .copy_out(
            "COPY (SELECT seq, record_id, kind, owner, version, deleted, body::text, changed_by
                   FROM coopdesk.changes ORDER BY seq) TO STDOUT",
        )
        .unwrap();
    std::io::Read::read_to_end(&mut reader, &mut copied).unwrap();
    drop(reader);
    let floor = started.elapsed();
    println!(
        "Floor, COPY (SELECT …) TO STDOUT of the same rows as the member: {:.2} s ({:.1} MB); \
         the join takes {:.1}× the floor",
        floor.as_secs_f64(),
        copied.len() as f64 / 1e6,
        took / floor.as_secs_f64()
    );

    // 2. A sync with 100 changes each way.
    let joined = opening::open(
        &joined,
        OpenOptions {
            now: now(),
            seed_sample: false,
        },
    )
    .unwrap()
    .0;
    hub::sync(&writer, now()).unwrap();
    let writer_ids: Vec<i64> = contract::all(&writer)
        .unwrap()
        .iter()
        .filter_map(|c| c.id)
        .collect();
    let joined_ids: Vec<i64> = contract::all(&joined)
        .unwrap()
        .iter()
        .filter_map(|c| c.id)
        .collect();
    let mut times = Vec::new();
    for round in 0..SYNC_ROUNDS {
        // Both libraries list the contracts in the same order (the joined one received
        // them in the order they were pushed); the two halves never meet.
        let change = |db: &Database, ids: &[i64], offset: usize, who: &str| {
            for k in 0..100 {
                let id = ids[(offset + round * 211 + k * 97) % ids.len()];
                let mut c = contract::get(db, id).unwrap();
                c.notes = format!("{who}: round {round}, change {k}");
                contract::update(db, &c, now()).unwrap();
            }
        };
        change(&writer, &writer_ids, 0, "writer");
        hub::sync(&writer, now()).unwrap();
        change(&joined, &joined_ids, joined_ids.len() / 2, "joined");
        let started = Instant::now();
        let report = hub::sync(&joined, now()).unwrap();
        times.push(started.elapsed());
        assert!(
            report.received + report.merged >= 90 && report.pushed >= 90,
            "{report:?}"
        );
    }
    times.sort();
    println!(
        "A sync with 100 changes each way, {SYNC_ROUNDS} times: p50 {} ms, p99 {} ms, max {} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap())
    );

    // 3. Twenty laptops at once.
    let many = bench.member("Busy Office");
    let many_address = bench.address(&many);
    let barrier = Arc::new(Barrier::new(LAPTOPS));
    let started = Instant::now();
    let threads: Vec<_> = (0..LAPTOPS)
        .map(|n| {
            let dir = work.path().join(format!("laptop-{n}"));
            let (address, password, barrier) =
                (many_address.clone(), many.password.clone(), barrier.clone());
            std::thread::spawn(move || {
                let db = laptop(&dir, &address, &password);
                let mut errors = Vec::new();
                let mut times = Vec::new();
                barrier.wait();
                for round in 0..LAPTOP_ROUNDS {
                    let added = Contract {
                        cooperative: "Sourcewell".into(),
                        contract_number: format!("L{n:02}-{round}"),
                        title: format!("Laptop {n}, round {round}"),
                        vendor_name: "Vendor".into(),
                        ..Contract::default()
                    };
                    contract::insert(&db, &added, now()).unwrap();
                    for mut c in contract::all(&db).unwrap() {
                        if c.contract_number.starts_with(&format!("L{n:02}-")) {
                            c.notes = format!("last changed in round {round}");
                            contract::update(&db, &c, now()).unwrap();
                        }
                    }
                    let started = Instant::now();
                    match hub::sync(&db, now()) {
                        Ok(_) => times.push(started.elapsed()),
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                (dir, errors, times)
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let wall = started.elapsed();
    let errors: Vec<&String> = results.iter().flat_map(|r| &r.1).collect();
    let mut times: Vec<Duration> = results.iter().flat_map(|r| r.2.clone()).collect();
    times.sort();
    println!(
        "{LAPTOPS} laptops × {LAPTOP_ROUNDS} syncs at once: {:.2} s in all; per sync p50 {} ms, \
         p99 {} ms; {} errors {:?}",
        wall.as_secs_f64(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        errors.len(),
        errors.iter().take(3).collect::<Vec<_>>()
    );
    // Then each syncs until nothing moves, and every laptop holds everything.
    let libraries: Vec<Database> = results
        .iter()
        .map(|r| {
            opening::open(
                &r.0,
                OpenOptions {
                    now: now(),
                    seed_sample: false,
                },
            )
            .unwrap()
            .0
        })
        .collect();
    for _ in 0..3 {
        for db in &libraries {
            hub::sync(db, now()).unwrap();
        }
    }
    let mut lost = 0;
    for db in &libraries {
        let all = contract::all(db).unwrap();
        for n in 0..LAPTOPS {
            for round in 0..LAPTOP_ROUNDS {
                let held = all
                    .iter()
                    .find(|c| c.contract_number == format!("L{n:02}-{round}"));
                if held.map(|c| c.notes.as_str())
                    != Some(&format!("last changed in round {}", LAPTOP_ROUNDS - 1))
                {
                    lost += 1;
                }
            }
        }
        assert_eq!(hub::status(db).unwrap().waiting, 0);
    }
    println!(
        "After syncing until quiet: {lost} contracts missing or not at their last change, \
         over {LAPTOPS} laptops × {} contracts",
        LAPTOPS * LAPTOP_ROUNDS
    );
    assert!(errors.is_empty() && lost == 0);
}
