//! Importing a 100,000-row CSV into a fresh library file.
//!
//! `cargo bench -p coopdesk-core --bench import` (optionally `-- 20000` for fewer rows)
//! writes a seeded CSV of realistic rows (about 490 bytes each) in CoopDesk's own
//! columns, then times the whole import — decode, parse, validate, plan, write in one
//! transaction with history entries and the FTS5 search index — and reports the peak
//! resident memory (VmHWM, Linux). As the floor it runs the sqlite3 shell's `.import` of
//! the same file plus building an FTS5 index over the same text, when `sqlite3` is on
//! PATH. The CSV is written line by line, so the peak memory is the import's own. The
//! write is also shown step by step: the rows (with their history entries), each index
//! and count built once at the end of a bulk import, and the commit with its checkpoint.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use coopdesk_core::interchange::{self, Choices, Format};
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};

#[path = "support/rows.rs"]
mod rows;
use rows::{peak_rss, write_csv};

fn floor(csv: &Path, dir: &Path) -> Option<Duration> {
    let db = dir.join("floor.sqlite3");
    let script = format!(
        ".mode csv\n.import '{}' contracts\n\
         CREATE VIRTUAL TABLE fts USING fts5(number, title, vendor, cooperative, category, \
         description, keywords, notes, tokenize = 'unicode61 remove_diacritics 2', \
         prefix = '1 2 3');\n\
         INSERT INTO fts SELECT contractNumber, title, vendorName, cooperative || ' ' || \
         leadAgency, category, description, keywords || ' ' || tags, notes FROM contracts;\n",
        csv.display()
    );
    let started = Instant::now();
    let mut child = Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let status = child.wait().ok()?;
    status.success().then(|| started.elapsed())
}

fn main() {
    let rows: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("contracts.csv");
    let bytes = write_csv(&csv, rows);
    println!(
        "{rows} rows, {:.1} MB ({} bytes per row)",
        bytes as f64 / 1e6,
        bytes / rows as u64
    );
    let now: NaiveDateTime = "2026-11-25T09:30:00".parse().unwrap();
    let library = dir.path().join("library");
    let (db, _) = opening::open(
        &library,
        OpenOptions {
            now,
            seed_sample: false,
        },
    )
    .unwrap();

    let started = Instant::now();
    let incoming = interchange::read_file(&db, &csv, Format::Csv, None).unwrap();
    let read = started.elapsed();
    let after_read = peak_rss();
    let plan = interchange::plan(&db, incoming).unwrap();
    let planned = started.elapsed();
    let after_plan = peak_rss();
    let mut steps: Vec<(String, Duration)> = Vec::new();
    let mut step_started = Instant::now();
    let report = interchange::apply_in_steps(
        &db,
        &plan,
        &Choices::default(),
        now,
        &mut |_| {},
        &AtomicBool::new(false),
        &mut |name| {
            steps.push((name.to_owned(), step_started.elapsed()));
            step_started = Instant::now();
        },
    )
    .unwrap();
    let total = started.elapsed();
    drop(plan);
    assert_eq!(report.added, rows, "every row is imported: {report:?}");
    assert_eq!(contract::count(&db).unwrap(), rows as i64);
    println!(
        "CoopDesk import: {:.2} s (read and check {:.2} s, plan {:.2} s, write {:.2} s), \
         peak memory {}",
        total.as_secs_f64(),
        read.as_secs_f64(),
        (planned - read).as_secs_f64(),
        (total - planned).as_secs_f64(),
        peak_rss()
    );
    println!("Peak memory after reading {after_read}, after planning {after_plan}");
    println!("The write, step by step:");
    for (name, time) in &steps {
        println!("  {name:<45} {:>6.3} s", time.as_secs_f64());
    }
    match floor(&csv, dir.path()) {
        Some(time) => println!(
            "Floor, sqlite3 shell .import + FTS5 index: {:.2} s",
            time.as_secs_f64()
        ),
        None => println!("Floor skipped: no sqlite3 shell on PATH."),
    }
}
