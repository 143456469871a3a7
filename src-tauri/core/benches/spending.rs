//! Spending at a county's scale (issue #24): 2,000 council actions and 200,000 invoice
//! lines over ten years; and a 100,000-row accounts-payable report imported through the
//! plan, beside the contract import of 100,000 rows.
//!
//! `cargo bench -p coopdesk-core --bench spending` runs both parts; `-- import` or
//! `-- screen` runs one, and a number (`-- import 20000`) sets the report's rows.
//! docs/benchmarks-spending.md gives the figures and how to read them.
//!
//! - **import**: a seeded Caselle-shaped check register (vendor, invoice, PO number,
//!   dates, check number, amount; one row in ten naming no PO, matched by vendor) against
//!   200 council actions with 2,000 purchase orders already recorded; timed read, plan
//!   (what the clerk looks at), and the import of that plan (every row written in one
//!   transaction, not planned again), with the peak resident memory (VmHWM, Linux) after
//!   it — measured first, so the peak is the import's own. Then the contract import of
//!   the `import` bench (read, plan, write), on the same rows and machine load, for the
//!   ratio: the whole of each, read to written.
//! - **screen**: what the Spending screen asks for when it opens (`list_approvals`: every
//!   action with its figures, from the totals kept per action, migration 0018), p50/p99
//!   over repeated calls, against its floor on the same file in bare SQL — the same
//!   action rows with their kept totals read, nothing computed — and, for the history,
//!   the two floors of reading every purchase: the purchase rows read (approvals,
//!   purchase orders, invoice amounts), and one query summing them in SQLite.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::interchange::{self, Choices, Format, ImportFile};
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::spending::import as purchase_import;
use coopdesk_core::spending::{store, ApprovalInput, PurchaseOrderInput};

// Only the contracts are used here; the vocabulary is the search bench's.
#[allow(dead_code)]
#[path = "support/generated.rs"]
mod generated;
#[path = "support/rows.rs"]
mod rows;
use rows::{peak_rss, write_csv};

/// xorshift64*: small, seeded.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn open(folder: &Path, now: NaiveDateTime) -> Database {
    opening::open(
        folder,
        OpenOptions {
            now,
            seed_sample: false,
        },
    )
    .expect("a new library")
    .0
}

/// `count` generated contracts, each with one council action voted between
/// `first_vote` and ten years later; answers the actions' ids with their vendors.
fn approvals(
    db: &Database,
    count: usize,
    first_vote: NaiveDate,
    now: NaiveDateTime,
) -> Vec<(i64, String)> {
    let generated = generated::contracts(count).contracts;
    let ids = contract::insert_all(db, &generated, now).expect("generated contracts are valid");
    ids.iter()
        .zip(&generated)
        .enumerate()
        .map(|(i, (id, c))| {
            let input = ApprovalInput {
                contract_id: Some(*id),
                meeting_date: first_vote.checked_add_days(Days::new((i * 3652 / count) as u64)),
                agenda_item: format!("{}", 8 + i % 12),
                action_number: format!("Resolution {}", 1000 + i),
                not_to_exceed: "90000000.00".into(),
                ..ApprovalInput::default()
            };
            let approval = store::record_approval(db, &input, now.date(), now)
                .expect("a valid council action");
            (approval.id, c.vendor_name.clone())
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    ms(sorted[index])
}

/// Times `run` `times` times; answers p50 and p99 in milliseconds.
fn timed(times: usize, mut run: impl FnMut()) -> (f64, f64) {
    run();
    let mut took: Vec<Duration> = (0..times)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    took.sort();
    (percentile(&took, 0.50), percentile(&took, 0.99))
}

fn import_part(rows: usize) {
    let dir = tempfile::tempdir().unwrap();
    let now: NaiveDateTime = "2026-12-01T09:00:00".parse().unwrap();
    let today = now.date();
    let db = open(&dir.path().join("library"), now);
    let first_vote: NaiveDate = "2016-12-01".parse().unwrap();
    let actions = approvals(&db, 200, first_vote, now);
    // Ten purchase orders under each action, as the PO list import would have left them.
    let mut orders: Vec<(String, usize)> = Vec::new();
    for (a, (approval_id, _)) in actions.iter().enumerate() {
        for k in 0..10 {
            let number = format!("4500-{a:03}{k}");
            let input = PurchaseOrderInput {
                approval_id: Some(*approval_id),
                number: number.clone(),
                date: "2025-07-01".parse().ok(),
                amount: "250000.00".into(),
                fiscal_year: String::new(),
                account_code: String::new(),
                description: "Blanket order".into(),
                vendor: String::new(),
                lines: Vec::new(),
            };
            store::add_purchase_order(&db, &input, "bench", today, now).unwrap();
            orders.push((number, a));
        }
    }
    let csv = dir.path().join("ap-check-register.csv");
    let bytes = write_register(&csv, rows, &actions, &orders);
    println!(
        "Accounts-payable import: {rows} rows, {:.1} MB, against {} council actions and {} POs",
        bytes as f64 / 1e6,
        actions.len(),
        orders.len()
    );
    let file = ImportFile {
        path: csv.clone(),
        format: Format::Csv,
        sheet: Default::default(),
    };
    let started = Instant::now();
    let report = purchase_import::read(&db, &file, None).unwrap();
    let read = started.elapsed();
    let plan = purchase_import::plan_for_import(&db, report, today, now).unwrap();
    let planned = started.elapsed();
    let done = purchase_import::import_planned(
        &db,
        &plan,
        "bench: imported as the register says",
        today,
        now,
    )
    .unwrap();
    let total = started.elapsed();
    let peak = peak_rss();
    assert_eq!(
        plan.plan().rows,
        done.rows,
        "the import does what the plan said"
    );
    assert_eq!(
        done.counts.payments + done.counts.unmatched + done.counts.skipped + done.counts.refused,
        rows,
        "every row accounted for: {:?}",
        done.counts
    );
    assert!(
        done.counts.payments >= rows * 9 / 10,
        "most rows are imported: {:?}",
        done.counts
    );
    let import = total - planned;
    println!(
        "  read {:.2} s, plan {:.2} s, import of that plan (written, not planned again) \
         {:.2} s; peak memory {peak}",
        read.as_secs_f64(),
        (planned - read).as_secs_f64(),
        import.as_secs_f64()
    );
    println!("  rows: {:?}", done.counts);
    drop((plan, done));

    // The contract import of the `import` bench, on the same number of rows.
    let contracts_csv = dir.path().join("contracts.csv");
    write_csv(&contracts_csv, rows);
    let other = open(&dir.path().join("contracts"), now);
    let started = Instant::now();
    let incoming = interchange::read_file(&other, &contracts_csv, Format::Csv, None).unwrap();
    let plan = interchange::plan(&other, incoming).unwrap();
    let added = interchange::apply_in_steps(
        &other,
        &plan,
        &Choices::default(),
        now,
        &mut |_| {},
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
    .added;
    let contracts_time = started.elapsed();
    assert_eq!(added, rows);
    println!(
        "Contract import of {rows} rows (read, plan, write): {:.2} s",
        contracts_time.as_secs_f64()
    );
    println!(
        "Ratio, AP report read + plan + import ÷ contract import (read + plan + write): {:.2}×",
        total.as_secs_f64() / contracts_time.as_secs_f64()
    );
}

/// A Caselle-shaped check register: every row an invoice on one of `orders` (one in ten
/// naming no PO, to be matched by the action's vendor).
fn write_register(
    path: &Path,
    rows: usize,
    actions: &[(i64, String)],
    orders: &[(String, usize)],
) -> u64 {
    let mut rng = Rng(0x5EED_A9A9_2026);
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "Town of Millbrook\nA/P Check Register - Detail\n").unwrap();
    writeln!(
        out,
        "Vendor No,Vendor Name,Invoice No,PO Number,Invoice Date,Check Date,Check No,Amount"
    )
    .unwrap();
    let start: NaiveDate = "2025-07-01".parse().unwrap();
    for i in 0..rows {
        let (po, action) = &orders[rng.below(orders.len() as u64) as usize];
        let vendor = actions[*action].1.replace(',', " ");
        let po = if rng.below(10) == 0 { "" } else { po.as_str() };
        let date = start + Days::new(rng.below(500));
        let paid = date + Days::new(10 + rng.below(20));
        let cents = 5_000 + rng.below(500_000);
        writeln!(
            out,
            "{},{vendor},INV-{i:06},{po},{},{},{},\"{}.{:02}\"",
            1000 + action,
            date.format("%m/%d/%Y"),
            paid.format("%m/%d/%Y"),
            20_000 + i / 4,
            cents / 100,
            cents % 100
        )
        .unwrap();
    }
    out.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

fn screen_part() {
    let dir = tempfile::tempdir().unwrap();
    let now: NaiveDateTime = "2026-12-01T09:00:00".parse().unwrap();
    let today = now.date();
    let folder = dir.path().join("library");
    let db = open(&folder, now);
    let started = Instant::now();
    let actions = approvals(&db, 2_000, "2016-12-01".parse().unwrap(), now);
    // The purchases, written straight into the tables on a connection of the bench's
    // own: ten POs under each action and ten invoices on each PO, 200,000 in all, dated
    // over the ten years. (Recording them one by one through the store is what the
    // import part measures.)
    let mut conn =
        rusqlite::Connection::open(folder.join(coopdesk_core::paths::DATABASE_FILE)).unwrap();
    let mut rng = Rng(0x5EED_5C2E_2026);
    let stamp = "2026-12-01 09:00:00";
    let first: NaiveDate = "2016-12-01".parse().unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut po = tx
            .prepare(
                "INSERT INTO purchase_orders (approval_id, number, order_date, amount, vendor,
                     status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )
            .unwrap();
        let mut invoice = tx
            .prepare(
                "INSERT INTO invoices (po_id, vendor_key, number, invoice_date, amount,
                     credit_memo, paid_date, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .unwrap();
        let mut number = 0;
        for (a, (approval_id, vendor)) in actions.iter().enumerate() {
            let voted = first + Days::new((a * 3652 / actions.len()) as u64);
            let key = vendor.to_lowercase();
            for k in 0..10 {
                let date = voted + Days::new(rng.below(60));
                let status = ["open", "open", "closed", "cancelled"][(k % 4) as usize];
                po.execute(rusqlite::params![
                    approval_id,
                    format!("PO-{a:04}-{k}"),
                    date.min(today),
                    format!("{}.00", 20_000 + rng.below(80_000)),
                    vendor,
                    status,
                    stamp
                ])
                .unwrap();
                let po_id = tx.last_insert_rowid();
                for _ in 0..10 {
                    number += 1;
                    let day = (date + Days::new(rng.below(400))).min(today);
                    let credit = rng.below(50) == 0;
                    let cents = 1_000 + rng.below(400_000);
                    let amount = format!(
                        "{}{}.{:02}",
                        if credit { "-" } else { "" },
                        cents / 100,
                        cents % 100
                    );
                    let paid = (rng.below(5) != 0).then(|| (day + Days::new(20)).min(today));
                    invoice
                        .execute(rusqlite::params![
                            po_id,
                            key,
                            format!("INV-{number}"),
                            day,
                            amount,
                            credit,
                            paid,
                            stamp
                        ])
                        .unwrap();
                }
            }
        }
    }
    tx.commit().unwrap();
    // Written beside the store, so counted once, as migration 0018 counts a library's.
    let counting = Instant::now();
    let counted = store::recount_missing_totals(&db).unwrap();
    assert_eq!(counted, actions.len(), "every action's totals counted once");
    println!(
        "Totals of {counted} council actions counted from their purchases in {:.2} s",
        counting.elapsed().as_secs_f64()
    );
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE")
        .unwrap();
    let invoices: i64 = conn
        .query_row("SELECT count(*) FROM invoices", [], |r| r.get(0))
        .unwrap();
    println!(
        "Spending screen: {} council actions, {invoices} invoice lines over ten years \
         (generated in {:.1} s)",
        actions.len(),
        started.elapsed().as_secs_f64()
    );

    let mut shown = 0;
    let (p50, p99) = timed(50, || {
        shown = store::approvals(&db, today).unwrap().len();
    });
    assert_eq!(shown, actions.len());
    println!("  list_approvals (every action with its figures): p50 {p50:.1} ms, p99 {p99:.1} ms");

    // The floor now: the same action rows with their kept totals, read in bare SQL.
    let mut kept_rows = 0usize;
    let (k50, k99) = timed(50, || {
        kept_rows = 0;
        let mut stmt = conn
            .prepare_cached(
                "SELECT a.id, a.contract_id, a.outcome, a.meeting_date, a.agenda_item,
                        a.action_number, a.not_to_exceed, a.term_from, a.term_to,
                        a.fiscal_years, a.account_codes, a.conditions, a.revision,
                        t.committed, t.invoiced, t.paid, c.contract_number, c.title,
                        c.vendor_name
                 FROM approvals a JOIN approval_totals t ON t.approval_id = a.id
                 JOIN contracts c ON c.id = a.contract_id
                 ORDER BY a.meeting_date DESC, a.id DESC",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let _: (i64, String, String, String) = (
                row.get(0).unwrap(),
                row.get(13).unwrap(),
                row.get(14).unwrap(),
                row.get(17).unwrap(),
            );
            kept_rows += 1;
        }
    });
    assert_eq!(kept_rows, actions.len());
    println!(
        "  floor, the {kept_rows} action rows with their kept totals read in bare SQL: \
         p50 {k50:.1} ms, p99 {k99:.1} ms (list ÷ floor, p99: {:.2}×)",
        p99 / k99
    );

    // The floors before migration 0018, for the history: every purchase row read.
    // Floor 1: the same rows read in bare SQL, nothing computed.
    let mut read_rows = 0usize;
    let (f50, f99) = timed(50, || {
        read_rows = 0;
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, not_to_exceed, meeting_date FROM approvals
                 ORDER BY meeting_date DESC, id DESC",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let _: (i64, Option<String>) = (row.get(0).unwrap(), row.get(1).unwrap());
            read_rows += 1;
        }
        let mut stmt = conn
            .prepare_cached("SELECT id, approval_id, amount, status FROM purchase_orders")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let _: (i64, Option<i64>, String) = (
                row.get(0).unwrap(),
                row.get(1).unwrap(),
                row.get(2).unwrap(),
            );
            read_rows += 1;
        }
        let mut stmt = conn
            .prepare_cached("SELECT po_id, amount, paid_date FROM invoices")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let _: (i64, String, Option<String>) = (
                row.get(0).unwrap(),
                row.get(1).unwrap(),
                row.get(2).unwrap(),
            );
            read_rows += 1;
        }
    });
    println!(
        "  floor, the same {read_rows} rows read in bare SQL: p50 {f50:.1} ms, p99 {f99:.1} ms"
    );

    // Floor 2: one query summing in SQLite (floating point, as CoopDesk never sums money).
    let (g50, g99) = timed(50, || {
        let mut stmt = conn
            .prepare_cached(
                "SELECT a.id, a.not_to_exceed,
                        (SELECT total(i.amount) FROM purchase_orders po
                           JOIN invoices i ON i.po_id = po.id WHERE po.approval_id = a.id)
                 FROM approvals a ORDER BY a.meeting_date DESC, a.id DESC",
            )
            .unwrap();
        let count = stmt.query_map([], |r| r.get::<_, f64>(2)).unwrap().count();
        assert_eq!(count, actions.len());
    });
    println!(
        "  floor, invoiced summed per action in one SQL query: p50 {g50:.1} ms, p99 {g99:.1} ms"
    );
    println!(
        "  ratio to reading every purchase row, p99: {:.2}×; peak memory {}",
        p99 / f99,
        peak_rss()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let only = |part: &str| {
        let named = ["import", "screen"];
        !args.iter().any(|a| named.contains(&a.as_str())) || args.iter().any(|a| a == part)
    };
    if only("import") {
        import_part(rows);
    }
    if only("screen") {
        screen_part();
    }
}
