//! The variance by fiscal year against the approved comparison, and the audit export:
//! the workbook's every formula recalculated by LibreOffice to the core's figure, and the
//! CSV files holding the same records.

use coopdesk_core::db::Database;
use coopdesk_core::memo::store as memos;
use coopdesk_core::spending::export::{
    audit_workbook_uncached, tables, write_csv, Audit, Cell, FIRST_ROW,
};
use coopdesk_core::spending::store;
use coopdesk_core::spending::variance::Basis;
use coopdesk_core::spending::{ApprovalInput, InvoiceInput, PoStatus, PurchaseOrderInput};
use coopdesk_core::tco::{self, store as comparisons};
use rust_decimal::Decimal;

use super::{approval_input, date, now, order_input, today, Books};
use crate::support::comparison::{orange_county, COOPERATIVE};
use crate::support::library::{contract_numbered, sample_library};
use crate::support::soffice;

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn invoice(db: &Database, po: &str, number: &str, on: &str, amount: &str, paid: bool) {
    let input = InvoiceInput {
        po_number: po.into(),
        number: number.into(),
        date: Some(date(on)),
        amount: amount.into(),
        paid_date: paid.then(|| date(on)),
        credit_memo: amount.starts_with('-'),
    };
    store::add_invoice(db, &input, "Billed as the vendor sent it", today(), now()).unwrap();
}

/// A library with the Orange County comparison (starting FY2026, July) recommended
/// through a printed memo and approved; one purchase order under it invoiced in FY2026
/// and FY2027; and a second approval recorded on the contract with no memo. Answers the
/// library and the two approvals' ids.
fn books_with_a_memo() -> (Database, i64, i64) {
    let db = sample_library(now());
    let naf = contract_numbered(&db, "091521-NAF");
    let mut comparison = orange_county().bought_through(COOPERATIVE, naf.id).build();
    comparison.start.fiscal_year = 2026;
    let comparison_id = comparisons::save(&db, None, &comparison, now()).unwrap();
    let memo = memos::create(&db, comparison_id, COOPERATIVE, now()).unwrap();
    memos::print(&db, memo, None, now()).unwrap();
    let on_memo = ApprovalInput {
        memo_id: Some(memo),
        contract_id: None,
        ..approval_input(0, "180000.00")
    };
    let reason = "Renewal verified with the cooperative";
    let approved = store::record_approval(&db, &on_memo, today(), now())
        .unwrap()
        .id;
    store::add_purchase_order(
        &db,
        &order_input(approved, "4500-0113", "60000.00"),
        reason,
        today(),
        now(),
    )
    .unwrap();
    invoice(&db, "4500-0113", "INV-88", "2026-03-15", "21480.55", true);
    invoice(&db, "4500-0113", "INV-91", "2026-09-15", "12000.00", false);
    invoice(&db, "4500-0113", "CM-2", "2026-10-01", "-760.00", true);

    let on_contract = ApprovalInput {
        contract_id: naf.id,
        ..approval_input(0, "5000.00")
    };
    let bare = store::record_approval(&db, &on_contract, today(), now())
        .unwrap()
        .id;
    let order = PurchaseOrderInput {
        fiscal_year: "FY2027".into(),
        ..order_input(bare, "4500-0200", "4800.00")
    };
    let po = store::add_purchase_order(&db, &order, reason, today(), now())
        .unwrap()
        .id;
    invoice(&db, "4500-0200", "INV-7", "2026-08-01", "1999.99", false);
    store::set_purchase_order_status(&db, po, PoStatus::Closed, reason, today(), now()).unwrap();
    let loose = PurchaseOrderInput {
        approval_id: None,
        vendor: "Main Street Hardware".into(),
        ..order_input(0, "4500-0300", "250.10")
    };
    store::add_purchase_order(&db, &loose, reason, today(), now()).unwrap();
    invoice(&db, "4500-0300", "INV-1", "2026-07-02", "250.10", true);
    (db, approved, bare)
}

#[test]
fn the_variance_sets_the_engines_figures_for_the_recommended_option_against_what_was_invoiced() {
    let (db, approved, _) = books_with_a_memo();
    let variance = store::approval_variance(&db, approved).unwrap();
    let Basis::Compared { option, .. } = &variance.basis else {
        panic!("the approval on a printed memo has its comparison: {variance:?}");
    };
    assert_eq!(option, COOPERATIVE, "the option the memo recommended");

    // The engine's own yearly figures, for the comparison the memo froze.
    let mut comparison = orange_county().build();
    comparison.start.fiscal_year = 2026;
    let results = tco::compare(&comparison).unwrap();
    let chosen = results
        .options
        .iter()
        .find(|o| o.name == COOPERATIVE)
        .unwrap();
    let year = |t: usize| chosen.years[t].total;
    let fy2026 = &variance.years[0];
    assert_eq!(fy2026.fiscal_year, "FY2026");
    assert_eq!(
        fy2026.projected,
        Some(year(0) + year(1)),
        "the first fiscal year carries the up-front cost and year 1, as the engine printed them"
    );
    assert_eq!(fy2026.up_front, year(0));
    assert_eq!(fy2026.invoiced, dec("21480.55"), "the March invoice");
    let expected = dec("21480.55") - year(0) - year(1);
    assert_eq!(fy2026.variance, Some(expected), "invoiced − projected");
    let percent = (expected * Decimal::ONE_HUNDRED / (year(0) + year(1)))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(fy2026.percent.unwrap(), percent);

    let fy2027 = &variance.years[1];
    assert_eq!(fy2027.fiscal_year, "FY2027");
    assert_eq!(fy2027.projected, Some(year(2)));
    assert_eq!(
        fy2027.invoiced,
        dec("11240.00"),
        "September's invoice less October's credit memo: July begins FY2027"
    );
    assert_eq!(
        variance.years.len(),
        results.horizon_years as usize,
        "one row per fiscal year the comparison covers, none invented"
    );
    let invoiced: Decimal = variance.years.iter().map(|y| y.invoiced).sum();
    let figures = store::approval_view(&db, approved, today())
        .unwrap()
        .summary
        .figures;
    assert_eq!(
        invoiced, figures.invoiced,
        "the years add up to what the approval shows as invoiced"
    );
}

#[test]
fn an_approval_with_no_comparison_says_so_and_projects_nothing() {
    let (db, _, bare) = books_with_a_memo();
    let variance = store::approval_variance(&db, bare).unwrap();
    assert!(
        matches!(&variance.basis, Basis::NoComparison { reason } if reason.contains("no memo")),
        "{:?}",
        variance.basis
    );
    assert!(variance.basis_words().starts_with("No approved comparison"));
    assert_eq!(
        variance.years.len(),
        1,
        "only the year something was invoiced in"
    );
    let year = &variance.years[0];
    assert_eq!(
        year.fiscal_year, "FY2027",
        "August 2026, with a July fiscal year"
    );
    assert_eq!(year.invoiced, dec("1999.99"));
    assert_eq!(
        (year.projected, year.variance, year.percent),
        (None, None, None),
        "no figure is invented where nothing was projected"
    );

    let books = Books::new();
    let alone = books.approval("1000.00");
    let empty = store::approval_variance(&books.db, alone).unwrap();
    assert!(
        empty.years.is_empty(),
        "nothing invoiced, nothing projected"
    );
}

fn audit() -> Audit {
    let (db, _, _) = books_with_a_memo();
    store::audit(&db, today()).unwrap()
}

#[test]
fn every_formula_of_the_audit_workbook_recalculates_in_libreoffice_to_the_cores_figure() {
    let mut audit = audit();
    audit.jurisdiction = "Village of Cold Spring".into();
    let bytes = audit_workbook_uncached(&audit).unwrap();
    let Some(books) = soffice::recalculate(&[("audit.xlsx", bytes)]) else {
        return;
    };
    let sheets = &books["audit.xlsx"];
    let mut checked = 0;
    for table in tables(&audit) {
        let sheet = sheets
            .get(table.sheet)
            .unwrap_or_else(|| panic!("the workbook has a sheet {}", table.sheet));
        assert_eq!(
            sheet[0][0],
            "Village of Cold Spring: spending under council actions, audit export of 2026-12-07",
            "the title row says the jurisdiction and the date"
        );
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let Cell::Formula {
                    formula,
                    value,
                    percent,
                } = cell
                else {
                    continue;
                };
                let shown = &sheet[FIRST_ROW - 1 + r][c];
                // LibreOffice writes a percentage as its cell shows it ("-88.07%").
                let number = shown.strip_suffix('%').unwrap_or(shown);
                let got: Decimal = number
                    .parse::<Decimal>()
                    .unwrap_or_else(|_| panic!("{}!{formula} gave {shown:?}", table.sheet));
                let got = if *percent && !shown.ends_with('%') {
                    got * Decimal::ONE_HUNDRED
                } else {
                    got
                };
                assert_eq!(
                    got.round_dp(2),
                    *value,
                    "{} row {}: ={formula} recalculated to {shown}, the core says {value}",
                    table.sheet,
                    FIRST_ROW + r
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 40,
        "every sheet's figures were checked ({checked})"
    );
}

#[test]
fn the_workbook_totals_and_remaining_are_live_formulas_over_the_records() {
    let audit = audit();
    let all = tables(&audit);
    let approvals = &all[0];
    let first = &approvals.rows[0].cells;
    let Cell::Formula { formula, .. } = &first[13] else {
        panic!("remaining is a formula: {first:?}");
    };
    assert_eq!(formula, &format!("J{FIRST_ROW}-K{FIRST_ROW}-L{FIRST_ROW}"));
    let total = approvals.rows.last().unwrap();
    assert!(total.total);
    let Cell::Formula { formula, value, .. } = &total.cells[9] else {
        panic!("the authorised total is a formula");
    };
    assert!(formula.starts_with("SUM(J4:J"), "{formula}");
    assert_eq!(*value, dec("185000.00"));
}

#[test]
fn the_csv_files_hold_the_same_records_without_total_rows() {
    let audit = audit();
    let dir = tempfile::tempdir().unwrap();
    let files = write_csv(&audit, dir.path()).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "approvals.csv",
            "purchase-orders.csv",
            "invoices.csv",
            "overrides.csv",
            "variance.csv"
        ]
    );
    let invoices = std::fs::read_to_string(dir.path().join("invoices.csv")).unwrap();
    let lines: Vec<&str> = invoices.lines().collect();
    assert_eq!(
        lines.len(),
        1 + 5,
        "a header and the five invoices, no total"
    );
    assert!(
        invoices.contains("CM-2,4500-0113,1,") && invoices.contains(",-760.00,credit memo,"),
        "{invoices}"
    );
    let overrides = std::fs::read_to_string(dir.path().join("overrides.csv")).unwrap();
    assert!(
        overrides.contains("Renewal verified with the cooperative"),
        "each override keeps the clerk's reason: {overrides}"
    );
    let variance = std::fs::read_to_string(dir.path().join("variance.csv")).unwrap();
    assert!(variance.contains("No approved comparison: the action was recorded on the contract"));
}

#[test]
fn a_library_with_no_spending_exports_headers_and_zero_totals() {
    let books = Books::new();
    let audit = store::audit(&books.db, today()).unwrap();
    let bytes = coopdesk_core::spending::export::audit_workbook(&audit).unwrap();
    assert!(
        bytes.starts_with(b"PK"),
        "a workbook, even with nothing in it"
    );
    let approvals = &tables(&audit)[0];
    assert_eq!(approvals.rows.len(), 1, "only the total row");
    assert!(
        matches!(&approvals.rows[0].cells[9], Cell::Formula { formula, value, .. }
            if formula == "0" && value.is_zero()),
        "a total over no rows is zero, not a reversed range"
    );
    let dir = tempfile::tempdir().unwrap();
    write_csv(&audit, dir.path()).unwrap();
    let csv = std::fs::read_to_string(dir.path().join("approvals.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1, "the header alone: {csv}");
}
