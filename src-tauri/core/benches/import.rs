//! Importing a 100,000-row CSV into a fresh library file.
//!
//! `cargo bench -p coopdesk-core --bench import` (optionally `-- 20000` for fewer rows)
//! writes a seeded CSV of realistic rows (about 490 bytes each) in CoopDesk's own
//! columns, then times the whole import — decode, parse, validate, plan, write in one
//! transaction with history entries and the FTS5 search index — and reports the peak
//! resident memory (VmHWM, Linux). As the floor it runs the sqlite3 shell's `.import` of
//! the same file plus building an FTS5 index over the same text, when `sqlite3` is on
//! PATH. The CSV is written line by line, so the peak memory is the import's own.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use coopdesk_core::db::{Database, OpenOptions};
use coopdesk_core::interchange::{self, Choices, Format};
use coopdesk_core::library::contract;

/// xorshift64*: small, seeded.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const COOPERATIVES: &[&str] = &[
    "Sourcewell",
    "NASPO ValuePoint",
    "OMNIA Partners",
    "TIPS",
    "BuyBoard",
    "NCPA",
    "HGACBuy",
];
const WORDS: &[&str] = &[
    "vehicles",
    "software",
    "maintenance",
    "network",
    "security",
    "cloud",
    "furniture",
    "radio",
    "paving",
    "library",
    "copiers",
    "storage",
    "training",
    "fleet",
    "water",
    "Peñasco",
    "O’Brien",
    "signal",
    "backup",
    "consulting",
    "installation",
    "hardware",
];
const HEADER: &str = "cooperative,leadAgency,contractNumber,title,vendorName,vendorEmail,\
category,description,keywords,solicitationMethod,awardDate,expiryDate,entityTypes,\
eligibleStates,adminFeePercent,notes,tags\n";

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_csv(path: &Path, rows: usize) -> u64 {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(HEADER.as_bytes()).unwrap();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for n in 0..rows {
        let coop = rng.pick(COOPERATIVES);
        let line = format!(
            "{coop},{coop} lead agency,{n:08}-{},\"{} contract, lot {n}\",Vendor {} LLC,\
             sales{}@vendor.example,{},\"{}\",{} | {},RFP,{}/{}/2025,2028-{:02}-{:02},\
             city | county | school district,TX | NM | OK,{}.{}%,\"{}\",{}\n",
            rng.next() % 1000,
            words(&mut rng, 4),
            rng.next() % 5000,
            n % 97,
            rng.pick(WORDS),
            words(&mut rng, 18),
            rng.pick(WORDS),
            rng.pick(WORDS),
            1 + rng.next() % 12,
            1 + rng.next() % 28,
            1 + rng.next() % 12,
            1 + rng.next() % 28,
            rng.next() % 3,
            rng.next() % 100,
            words(&mut rng, 10),
            rng.pick(WORDS),
        );
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown (VmHWM is read from /proc, Linux only)".to_owned())
}

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
    let (db, _) = Database::open(
        &library,
        OpenOptions {
            now,
            seed_sample: false,
        },
    )
    .unwrap();

    let started = Instant::now();
    let incoming = interchange::read_file(db.conn(), &csv, Format::Csv, None).unwrap();
    let read = started.elapsed();
    let after_read = peak_rss();
    let plan = interchange::plan(db.conn(), incoming).unwrap();
    let planned = started.elapsed();
    let after_plan = peak_rss();
    let report = interchange::apply(
        &db,
        &plan,
        &Choices::default(),
        now,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let total = started.elapsed();
    drop(plan);
    assert_eq!(report.added, rows, "every row is imported: {report:?}");
    assert_eq!(contract::count(db.conn()).unwrap(), rows as i64);
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
    match floor(&csv, dir.path()) {
        Some(time) => println!(
            "Floor, sqlite3 shell .import + FTS5 index: {:.2} s",
            time.as_secs_f64()
        ),
        None => println!("Floor skipped: no sqlite3 shell on PATH."),
    }
}
