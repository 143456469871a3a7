//! Importing a 100,000-row CSV into a fresh library file.
//!
//! `cargo bench -p coopdesk-core --bench import` (optionally `-- 20000` for fewer rows)
//! writes a seeded CSV of realistic rows (about 490 bytes each) in CoopDesk's own
//! columns, then times the whole import — decode, parse, validate, plan, write in one
//! transaction with history entries and the FTS5 search index — and reports the peak
//! resident memory (VmHWM, Linux). As the floor it runs the sqlite3 shell's `.import` of
//! the same file plus building an FTS5 index over the same text, when `sqlite3` is on
//! PATH, then the same in WAL mode, the journal a library uses. The CSV is written line
//! by line, so the peak memory is the import's own. The write is also shown step by
//! step: the rows (with their history entries), each index and count built once at the
//! end of a bulk import, and the commit with its checkpoint.

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

/// The shell's `.import` and an FTS5 index of the same text; `journal`: the shell's own
/// rollback journal (`DELETE`, the floor) or `WAL`, as a library is kept.
fn floor(csv: &Path, dir: &Path, journal: &str) -> Option<Duration> {
    let db = dir.join(format!("floor-{journal}.sqlite3"));
    let script = format!(
        "PRAGMA journal_mode = {journal};\n.mode csv\n.import '{}' contracts\n\
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
        // `PRAGMA journal_mode` answers with the mode.
        .stdout(std::process::Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let status = child.wait().ok()?;
    status.success().then(|| started.elapsed())
}

/// How many words the FTS5 index `table` in `file` holds, each occurrence counted once
/// (0 when the file or index is missing, as when the floor was skipped).
fn indexed_words(file: &Path, table: &str) -> i64 {
    let Ok(conn) = rusqlite::Connection::open(file) else {
        return 0;
    };
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, '{table}', 'instance')"
    ))
    .and_then(|()| conn.query_row("SELECT count(*) FROM temp.words", [], |row| row.get(0)))
    .unwrap_or(0)
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
    match floor(&csv, dir.path(), "DELETE") {
        Some(time) => println!(
            "Floor, sqlite3 shell .import + FTS5 index: {:.2} s",
            time.as_secs_f64()
        ),
        None => println!("Floor skipped: no sqlite3 shell on PATH."),
    }
    println!(
        "Words indexed (FTS5 instances, prefixes aside): CoopDesk {}, the floor {}",
        indexed_words(
            &library.join(coopdesk_core::paths::DATABASE_FILE),
            "contracts_fts"
        ),
        indexed_words(&dir.path().join("floor-DELETE.sqlite3"), "fts"),
    );
    // The same in WAL mode, as CoopDesk keeps a library: each page is written to the
    // log and then again to the file when the log is checkpointed, which the shell does
    // as it closes.
    if let Some(time) = floor(&csv, dir.path(), "WAL") {
        println!(
            "The same floor with the library's WAL journal: {:.2} s",
            time.as_secs_f64()
        );
    }
}
