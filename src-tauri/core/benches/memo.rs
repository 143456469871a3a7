//! Timings for printing a memo: `cargo bench -p coopdesk-core --bench memo`.
//!
//! A plain binary (no harness). It composes the memo a clerk would print to buy through
//! Sourcewell 091521-NAF on the Orange County comparison (TCO-04) — a multi-page staff
//! report with the summary and year-by-year tables and the vector chart — and renders it
//! many times, printing the fastest and the median run and the PDF's size. The target
//! (issue #14, now that the PDF is tagged and carries its metadata and colour profile):
//! under 10 ms and under 80 KB. The Word file is timed too.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use coopdesk_core::db::Database;
use coopdesk_core::library::{checklist, contract, sample};
use coopdesk_core::memo::{self, MemoInputs};
use coopdesk_core::settings::{Settings, Signer};
use coopdesk_core::tco::{self, Comparison};
use rust_decimal::Decimal;

const RUNS: usize = 50;

fn main() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 1)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("a valid date");
    let mut db = Database::open_in_memory().expect("an in-memory library");
    sample::load_into(&mut db, now).expect("the sample library loads");
    let naf = contract::all(&db)
        .expect("contracts")
        .into_iter()
        .find(|c| c.contract_number == "091521-NAF")
        .expect("the sample library holds 091521-NAF");
    let entries = checklist::checklist(&db, naf.id.unwrap_or_default()).expect("checklist");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tco04-orange-county.json");
    let comparison = Comparison::from_json(&std::fs::read_to_string(fixture).expect("fixture"))
        .expect("a valid comparison");
    let results = tco::compare(&comparison).expect("figures");
    let settings = Settings {
        jurisdiction_name: "Village of Peñasco".into(),
        state: "NM".into(),
        legal_authority: "NMSA 1978, § 13-1-129".into(),
        ..Settings::default()
    };
    let inputs = MemoInputs {
        to: "Honorable Mayor and Members of the Village Council".into(),
        from: "Ana Ruiz, Village Clerk".into(),
        date: now.date(),
        amount: Decimal::new(72_000_000, 2),
        fiscal_year: "FY2022 to FY2025".into(),
        signers: vec![Signer {
            role: "Prepared by".into(),
            name: "Ana Ruiz".into(),
            title: "Village Clerk".into(),
        }],
        ..MemoInputs::default()
    };
    let compose = || {
        memo::compose(&settings, &naf, &entries, &comparison, &results, 1, &inputs)
            .expect("the memo composes")
    };
    let memo = compose();

    let pdf = memo::to_pdf(&memo).expect("the memo renders");
    println!(
        "memo: {} KB PDF ({} bytes); `pdfinfo` on it counts the pages",
        pdf.len() / 1024,
        pdf.len()
    );
    report("compose (library + figures → blocks)", || {
        black_box(compose());
    });
    report("HTML preview", || {
        black_box(memo::to_html(&memo));
    });
    report("PDF (layout, subset fonts, chart, tags)", || {
        black_box(memo::to_pdf(&memo).expect("renders"));
    });
    let docx = memo::to_docx(&memo).expect("the Word file renders");
    println!("memo: {} KB Word file", docx.len() / 1024);
    report("Word file (.docx)", || {
        black_box(memo::to_docx(&memo).expect("renders"));
    });
}

fn report(name: &str, mut work: impl FnMut()) {
    work();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{name:<40} fastest {:>8.2} ms   median {:>8.2} ms   ({RUNS} runs)",
        times[0].as_secs_f64() * 1e3,
        times[RUNS / 2].as_secs_f64() * 1e3
    );
}
