//! The Needs-action list on a large library.
//!
//! `cargo bench -p coopdesk-core --bench due` (optionally `-- 20000` for fewer contracts)
//! generates 100,000 contracts (the search bench's seeded generator), then, on a
//! connection of the bench's own, one council action for every tenth contract (10,000),
//! five purchase orders under each (50,000), four invoices under each order (200,000), a
//! change order on every fifth order, 2,000 overrides and a certificate of insurance for
//! every twentieth contract (5,000), written straight into the tables; then each council
//! action's running totals are counted once (`spending::store::recount_missing_totals`,
//! what migration 0018 does for a library that had them) — the store keeps them as it
//! writes. It times `due::store::due_page` with the first page (the counts of the whole
//! list and the lines of its first 50 items: what the first screen asks for),
//! `due::store::due_list` (the whole list written out, as `due --json` prints it) and the
//! calendar export's text. Figures go to docs/due.md.
//!
//! To compare versions without generating again, set `COOPDESK_DUE_BENCH_DIR` to a
//! folder: the library is generated there the first time and reused after (migrated
//! when the code is newer). `-- --list-only` times the lists alone, `-- --page-only` the
//! first screen's page alone (for callgrind).

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveDateTime};
use coopdesk_core::calendar::store as calendar;
use coopdesk_core::due::store as due;
use coopdesk_core::due::DuePage;
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use rusqlite::params;

// Only the contracts are used here; the vocabulary and vendors serve the search bench.
#[allow(dead_code)]
#[path = "support/generated.rs"]
mod generated;

const ITERATIONS: usize = 30;

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Times `work` `ITERATIONS` times after two warm-up runs; answers (p50, max).
fn measure(mut work: impl FnMut()) -> (Duration, Duration) {
    work();
    work();
    let mut times: Vec<Duration> = (0..ITERATIONS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

/// Approvals, purchase orders, invoices, change orders, overrides and certificates.
fn spending(conn: &mut rusqlite::Connection, contracts: usize, start: NaiveDate) -> (usize, usize) {
    let tx = conn.transaction().unwrap();
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id FROM contracts ORDER BY id").unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let stamp = "2026-01-01T09:00:00";
    let day = |n: u64| start.checked_add_days(Days::new(n)).unwrap();
    let (mut orders, mut invoices) = (0, 0);
    for (index, contract_id) in ids.iter().enumerate().take(contracts) {
        if index % 20 == 0 {
            tx.execute(
                "INSERT INTO insurance_certificates (contract_id, insurer, effective_date,
                     expiry_date, additional_insured, recorded_at)
                 VALUES (?1, 'Hartford', ?2, ?3, 'yes', ?4)",
                params![contract_id, day(0), day(300 + (index % 200) as u64), stamp],
            )
            .unwrap();
            let certificate = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO insurance_policies (certificate_id, position, kind, limit_amount)
                 VALUES (?1, 0, 'generalLiability', '1000000.00')",
                [certificate],
            )
            .unwrap();
        }
        if index % 10 != 0 {
            continue;
        }
        tx.execute(
            "INSERT INTO approvals (contract_id, outcome, meeting_date, not_to_exceed,
                 term_from, term_to, recorded_at, updated_at)
             VALUES (?1, 'approved', ?2, '100000.00', ?2, ?3, ?4, ?4)",
            params![contract_id, day(0), day(400 + (index % 700) as u64), stamp],
        )
        .unwrap();
        let approval = tx.last_insert_rowid();
        if index % 50 == 0 {
            tx.execute(
                "INSERT INTO spending_history (approval_id, subject, subject_id, at, action,
                     rule, sentence, reason)
                 VALUES (?1, 'approval', ?1, ?2, 'override', 'notToExceed', 'Past the limit.',
                     'Amendment pending')",
                params![approval, stamp],
            )
            .unwrap();
        }
        for po in 0..5 {
            orders += 1;
            let amount = format!("{}.{:02}", 3000 + (index * 7 + po * 13) % 20000, po * 11);
            tx.execute(
                "INSERT INTO purchase_orders (approval_id, number, order_date, amount, vendor,
                     status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'Vendor', 'open', ?5, ?5)",
                params![
                    approval,
                    format!("PO-{orders}"),
                    day(po as u64 * 30),
                    amount,
                    stamp
                ],
            )
            .unwrap();
            let po_id = tx.last_insert_rowid();
            if orders % 5 == 0 {
                tx.execute(
                    "INSERT INTO change_orders (po_id, change_date, amount, reason, recorded_at)
                     VALUES (?1, ?2, '250.00', 'More', ?3)",
                    params![po_id, day(po as u64 * 30 + 5), stamp],
                )
                .unwrap();
            }
            for invoice in 0..4 {
                invoices += 1;
                tx.execute(
                    "INSERT INTO invoices (po_id, vendor_key, number, invoice_date, amount,
                         paid_date, recorded_at)
                     VALUES (?1, 'vendor', ?2, ?3, ?4, ?3, ?5)",
                    params![
                        po_id,
                        format!("INV-{invoices}"),
                        day(po as u64 * 30 + invoice * 20),
                        format!("{}.{:02}", 500 + (invoices * 31) % 900, invoices % 100),
                        stamp
                    ],
                )
                .unwrap();
            }
        }
    }
    tx.commit().unwrap();
    (orders, invoices)
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    let list_only = std::env::args().any(|arg| arg == "--list-only");
    let temporary = tempfile::tempdir().expect("a temporary folder");
    let folder = std::env::var_os("COOPDESK_DUE_BENCH_DIR")
        .map_or_else(|| temporary.path().to_owned(), std::path::PathBuf::from);
    let now: NaiveDateTime = "2026-01-01T09:00:00".parse().unwrap();
    let (db, report) = opening::open(
        &folder,
        OpenOptions {
            now,
            seed_sample: false,
        },
    )
    .expect("a library");
    if !report.created {
        println!("Reusing the library generated in {}\n", folder.display());
        time_list(&db, list_only);
        return;
    }
    let started = Instant::now();
    let generated = generated::contracts(count).contracts;
    contract::insert_all(&db, &generated, now).expect("generated contracts are valid");
    drop(generated);
    let mut conn = rusqlite::Connection::open(db.path().expect("a library on disk")).unwrap();
    let (orders, invoices) = spending(&mut conn, count, now.date());
    let counted = coopdesk_core::spending::store::recount_missing_totals(&db).unwrap();
    assert_eq!(
        counted,
        count / 10,
        "every council action's totals counted once"
    );
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE")
        .unwrap();
    println!(
        "Generated {count} contracts, {} approvals, {orders} purchase orders and {invoices} \
         invoices in {:.1} s\n",
        count / 10,
        started.elapsed().as_secs_f64()
    );
    time_list(&db, list_only);
}

/// The lines the panel asks for at first.
const FIRST_PAGE: usize = 50;

fn time_list(db: &coopdesk_core::db::Database, list_only: bool) {
    let now: NaiveDateTime = "2026-01-01T09:00:00".parse().unwrap();
    let today: NaiveDate = "2026-12-07".parse().unwrap();
    let list = due::due_list(db, today).unwrap();
    println!("The list holds {} items due on {today}", list.items.len());
    let first = due::due_page(db, today, DuePage::first(FIRST_PAGE)).unwrap();
    assert_eq!(
        first.total,
        list.items.len(),
        "the page counts the whole list"
    );
    assert_eq!(
        first.items[..],
        list.items[..FIRST_PAGE.min(list.items.len())]
    );
    let (p50, max) = measure(|| {
        due::due_page(db, today, DuePage::first(FIRST_PAGE)).unwrap();
    });
    println!(
        "due_page, the first screen (facts read, list counted, first {FIRST_PAGE} lines \
         written): p50 {} ms, max {} ms",
        ms(p50),
        ms(max)
    );
    if std::env::args().any(|arg| arg == "--page-only") {
        return;
    }
    let (p50, max) = measure(|| {
        due::due_list(db, today).unwrap();
    });
    println!(
        "due_list, whole (facts read + every line written): p50 {} ms, max {} ms",
        ms(p50),
        ms(max)
    );
    if list_only {
        return;
    }
    let (p50, max) = measure(|| {
        due::facts(db, today).unwrap();
    });
    println!(
        "  of which reading the facts: p50 {} ms, max {} ms",
        ms(p50),
        ms(max)
    );
    let (text, report) = calendar::calendar(db, today, now).unwrap();
    println!(
        "\nCalendar: {} events, {:.1} MB of iCalendar text",
        report.events,
        text.len() as f64 / 1e6
    );
    let (p50, max) = measure(|| {
        calendar::calendar(db, today, now).unwrap();
    });
    println!(
        "calendar export (unchanged events): p50 {} ms, max {} ms",
        ms(p50),
        ms(max)
    );
}
