//! Importing and exporting a 100,000-row `.xlsx` contract list.
//!
//! `cargo bench -p coopdesk-core --bench workbook` (optionally `-- 20000` for fewer
//! rows) writes the same seeded rows as the `import` bench into a library, exports them
//! as `.xlsx` (timed), then, each in a fresh process so that the peak resident memory
//! (VmHWM, Linux) is its own:
//! - imports the workbook into an empty library: read (unzip check, stream, cells to
//!   CSV text, mapping, field rules), plan, write in one transaction;
//! - reads the same workbook with calamine alone (every cell of the sheet into memory),
//!   the floor.

use std::io::Write;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::NaiveDateTime;
use coopdesk_core::db::Database;
use coopdesk_core::interchange::{self, Choices, Format};
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};

#[path = "support/rows.rs"]
mod rows;
use rows::{peak_rss, write_csv};

fn now() -> NaiveDateTime {
    "2026-11-25T09:30:00".parse().unwrap()
}

fn library(dir: &Path) -> Database {
    opening::open(
        dir,
        OpenOptions {
            now: now(),
            seed_sample: false,
        },
    )
    .unwrap()
    .0
}

fn import(db: &Database, path: &Path, format: Format) -> usize {
    let incoming = interchange::read_file(db, path, format, None).unwrap();
    assert!(
        incoming.invalid.is_empty(),
        "{:?}",
        incoming.invalid.first()
    );
    let plan = interchange::plan(db, incoming).unwrap();
    interchange::apply(
        db,
        &plan,
        &Choices::default(),
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
    .added
}

/// `--import FILE DIR`: the CoopDesk import of the workbook, in this process alone.
fn run_import(file: &Path, dir: &Path) {
    let db = library(dir);
    let started = Instant::now();
    let added = import(&db, file, Format::Workbook);
    println!(
        "CoopDesk import of the .xlsx: {:.2} s for {added} contracts, peak memory {}",
        started.elapsed().as_secs_f64(),
        peak_rss()
    );
}

/// `--floor FILE`: calamine alone reading every cell of the sheet.
fn run_floor(file: &Path) {
    use calamine::{Reader, Xlsx};
    let started = Instant::now();
    let mut book: Xlsx<_> = calamine::open_workbook(file).unwrap();
    let range = book.worksheet_range("Contracts").unwrap();
    let cells = range.used_cells().count();
    println!(
        "Floor, calamine alone (worksheet_range, {cells} cells): {:.2} s, peak memory {}",
        started.elapsed().as_secs_f64(),
        peak_rss()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--import") {
        return run_import(Path::new(&args[at + 1]), Path::new(&args[at + 2]));
    }
    if let Some(at) = args.iter().position(|a| a == "--floor") {
        return run_floor(Path::new(&args[at + 1]));
    }
    let rows: usize = args
        .iter()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("contracts.csv");
    write_csv(&csv, rows);
    let source = library(&dir.path().join("source"));
    assert_eq!(import(&source, &csv, Format::Csv), rows);
    assert_eq!(contract::count(&source).unwrap(), rows as i64);

    let xlsx = dir.path().join("contracts.xlsx");
    let started = Instant::now();
    interchange::export(
        &source,
        &[],
        Format::Workbook,
        &xlsx,
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    println!(
        "{rows} rows exported as .xlsx in {:.2} s ({:.1} MB)",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&xlsx).unwrap().len() as f64 / 1e6
    );
    let csv_out = dir.path().join("contracts-out.csv");
    let started = Instant::now();
    interchange::export(
        &source,
        &[],
        Format::Csv,
        &csv_out,
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    println!(
        "For reference, the same rows exported as CSV in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    drop(source);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let strings = archive.by_name("xl/sharedStrings.xml").unwrap().size();
    println!(
        "Its shared-strings table unpacks to {:.1} MB (the reader's limit is {} MB)",
        strings as f64 / 1e6,
        interchange::workbook::MAX_SHARED_STRINGS_BYTES / (1024 * 1024)
    );

    let me = std::env::current_exe().unwrap();
    for args in [
        vec![
            "--import".to_owned(),
            xlsx.display().to_string(),
            dir.path().join("copy").display().to_string(),
        ],
        vec!["--floor".to_owned(), xlsx.display().to_string()],
    ] {
        let output = Command::new(&me).args(&args).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        print!("{}", String::from_utf8_lossy(&output.stdout));
    }
    let _ = std::io::stdout().flush();
}
