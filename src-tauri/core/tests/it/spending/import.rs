//! The finance system's reports imported as purchases: three differently shaped reports
//! (a QuickBooks check register, a Munis-style PO listing in Excel, a Caselle/BS&A-style
//! A/P check register with CR-only line ends), each with every row accounted for.

use std::path::{Path, PathBuf};

use coopdesk_core::interchange::{workbook::WorkbookChoice, Format, ImportFile, Mapping};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::spending::import::{self, PurchasePlan, RowKind};
use coopdesk_core::spending::model::SpendingAction;
use coopdesk_core::spending::store;
use coopdesk_core::spending::{PoStatus, Rule};
use coopdesk_core::Error;

use super::{approval_input, date, now, today, Books};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/purchase-import")
        .join(name)
}

fn file(path: PathBuf) -> ImportFile {
    let format = Format::from_file_name(&path.display().to_string()).unwrap();
    ImportFile {
        path,
        format,
        sheet: WorkbookChoice::default(),
    }
}

/// Adds a contract for `vendor` with the council's approval of `not_to_exceed` (the
/// same term and fiscal years as the Books' approval).
fn approved_contract(books: &Books, number: &str, vendor: &str, not_to_exceed: &str) -> i64 {
    let contract = Contract {
        cooperative: "Sourcewell".into(),
        contract_number: number.into(),
        title: format!("{vendor} services"),
        vendor_name: vendor.into(),
        expiry_date: Some(date("2028-06-30")),
        ..Contract::default()
    };
    let id = contract::insert(&books.db, &contract, now()).unwrap();
    store::record_approval(
        &books.db,
        &approval_input(id, not_to_exceed),
        today(),
        now(),
    )
    .unwrap()
    .id
}

/// Every line from the header's next one to the last is in the plan, once, or empty.
fn every_row_accounted_for(plan: &PurchasePlan, last_line: u64) {
    let lines: Vec<u64> = plan.rows.iter().map(|r| r.line).collect();
    let mut sorted = lines.clone();
    sorted.dedup();
    assert_eq!(lines, sorted, "each row once, in file order");
    let expected = (plan.header_line + 1..=last_line).count();
    assert_eq!(
        plan.rows.len() + plan.counts.empty,
        expected,
        "every row below the header is listed or empty: {:#?}",
        plan.rows
    );
    for row in &plan.rows {
        assert!(!row.what.is_empty(), "line {} says what it is", row.line);
    }
    let c = plan.counts;
    assert_eq!(
        c.purchase_orders + c.payments + c.credit_memos + c.skipped + c.unmatched + c.refused,
        plan.rows.len()
    );
}

fn row(plan: &PurchasePlan, line: u64) -> &import::PlannedRow {
    plan.rows
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("line {line} is in the plan: {:#?}", plan.rows))
}

fn order_count(books: &Books) -> usize {
    store::approvals(&books.db, today())
        .unwrap()
        .iter()
        .map(|a| {
            store::purchase_orders(&books.db, Some(a.approval.id))
                .unwrap()
                .len()
        })
        .sum()
}

#[test]
fn a_quickbooks_check_register_is_planned_row_by_row_and_imported_with_one_reason() {
    let books = Books::new();
    let cat = books.approval("5000");
    let fleet = approved_contract(&books, "TF-2026", "Total Fleet Services, Inc.", "10000");
    let report = import::read(
        &books.db,
        &file(fixture("quickbooks-check-register.csv")),
        None,
    )
    .unwrap();
    assert_eq!(
        report.header_line, 5,
        "the three title lines and a blank above it"
    );
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 16);
    assert_eq!(order_count(&books), 0, "a plan writes nothing");
    assert!(
        plan.notes.iter().any(|n| n.contains("money paid out")),
        "{:?}",
        plan.notes
    );

    let first = row(&plan, 6);
    assert_eq!(first.kind, RowKind::Payment, "{first:?}");
    assert_eq!(first.amount, Some("3180.00".parse().unwrap()));
    assert_eq!(first.approval_id, Some(cat));
    assert!(first.what.contains("Check 10452"), "{}", first.what);
    assert_eq!(row(&plan, 7).amount, Some("760".parse().unwrap()), "-$760");

    let total_vendor = row(&plan, 8);
    assert_eq!(
        (total_vendor.kind, total_vendor.approval_id),
        (RowKind::Payment, Some(fleet)),
        "a vendor named Total… with a date and a number is a purchase: {total_vendor:?}"
    );
    assert_eq!(total_vendor.amount, Some("1504".parse().unwrap()), "-1,504");

    let acme = row(&plan, 9);
    assert_eq!(acme.kind, RowKind::Unmatched);
    assert!(acme.what.contains("Acme Office Supply"), "{}", acme.what);

    let void = row(&plan, 10);
    assert_eq!(void.kind, RowKind::Skipped);
    assert!(void.what.contains("no money moved"), "{}", void.what);

    for line in [13, 14] {
        let pasted = row(&plan, line);
        assert_eq!(pasted.kind, RowKind::Payment, "flagged, never dropped");
        assert!(
            pasted
                .flags
                .iter()
                .any(|f| f.contains("repeat lines 11–12")),
            "{pasted:?}"
        );
    }
    assert!(
        row(&plan, 11).flags.is_empty(),
        "the first copy is not flagged"
    );
    assert_eq!(
        row(&plan, 15).amount,
        Some("45.10".parse().unwrap()),
        "(45.10)"
    );

    let over = row(&plan, 12);
    assert!(
        over.warnings.iter().any(|w| w.rule == Rule::NotToExceed),
        "$3,180 + $760 + $310 + $1,000 passes the $5,000 approved: {over:?}"
    );

    let total = row(&plan, 16);
    assert_eq!(total.kind, RowKind::Skipped);
    assert!(total.what.contains("report's total"), "{}", total.what);
    assert_eq!(plan.counts.payments, 8);

    // Without a reason nothing is written, and every flagged row is named.
    match import::import(&books.db, &report, "", today(), now()) {
        Err(Error::NeedsOverride(rules)) => {
            let labels: Vec<&str> = rules.iter().map(|r| r.label.as_str()).collect();
            assert!(labels.contains(&"Line 12"), "{labels:?}");
            assert!(labels.contains(&"Line 13"), "{labels:?}");
        }
        other => panic!("expected needs_override, got {other:?}"),
    }
    assert_eq!(order_count(&books), 0);

    let done = import::import(
        &books.db,
        &report,
        "Emergency repairs, ratified 2026-09-08",
        today(),
        now(),
    )
    .unwrap();
    assert!(done.imported);
    assert_eq!(done.rows, plan.rows, "the import does what the plan said");
    let view = store::approval_view(&books.db, cat, today()).unwrap();
    assert_eq!(
        view.summary.figures.invoiced,
        "6605.10".parse().unwrap(),
        "3180 + 760 + 310 + 1000 + 310 + 1000 + 45.10"
    );
    assert_eq!(
        view.summary.figures.committed,
        "0".parse().unwrap(),
        "payments without a PO stand on closed POs, committing nothing more"
    );
    assert!(view
        .history
        .iter()
        .any(|e| e.action == SpendingAction::Override
            && e.reason.as_deref() == Some("Emergency repairs, ratified 2026-09-08")));

    // The same register again: each payment is refused as already recorded.
    let again = import::plan(&books.db, &report, today(), now()).unwrap();
    assert_eq!(again.counts.payments, 0, "{:#?}", again.rows);
    let again_first = &row(&again, 6).what;
    assert!(
        again_first.contains("Caterpillar Inc.'s invoice Check 10452 is already recorded")
            && again_first.contains("2026-03-02"),
        "the same vendor's invoice number again is refused, naming the first: {again_first}"
    );
}

#[test]
fn a_caselle_ap_register_with_cr_line_ends_subtotals_and_a_grand_total() {
    let books = Books::new();
    let cat = books.approval("74360");
    books.order(cat, "4500-0113", "3680", "").unwrap();
    let fleet = approved_contract(&books, "TF-2026", "Total Fleet Services, Inc.", "10000");
    let report = import::read(
        &books.db,
        &file(fixture("caselle-ap-check-register.csv")),
        None,
    )
    .unwrap();
    assert_eq!(report.header_line, 5);
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 21);
    assert!(
        plan.notes.iter().any(|n| n.contains("carriage return")),
        "{:?}",
        plan.notes
    );
    let kinds: Vec<(u64, RowKind)> = plan.rows.iter().map(|r| (r.line, r.kind)).collect();
    use RowKind::*;
    assert_eq!(
        kinds,
        vec![
            (6, Payment),
            (7, Payment),
            (8, CreditMemo),
            (9, Skipped),
            (10, Payment),
            (11, CreditMemo),
            (12, Payment),
            (13, Skipped),
            (14, Unmatched),
            (15, Refused),
            (16, Skipped),
            (17, Refused),
            (18, Refused),
            (19, Refused),
            (20, Skipped),
            (21, Skipped),
        ]
    );
    assert!(
        row(&plan, 6).what.contains("billing PO 4500-0113"),
        "{}",
        row(&plan, 6).what
    );
    assert!(
        row(&plan, 6).what.contains("paid 2026-03-20"),
        "{}",
        row(&plan, 6).what
    );
    assert_eq!(
        row(&plan, 8).amount,
        Some("-760.00".parse().unwrap()),
        "(760.00)"
    );
    assert!(
        row(&plan, 9).what.contains("subtotal"),
        "{}",
        row(&plan, 9).what
    );
    assert_eq!(
        row(&plan, 10).approval_id,
        Some(fleet),
        "TOTAL FLEET SERVICES is a vendor"
    );
    assert!(
        row(&plan, 13).what.contains("subtotal"),
        "{}",
        row(&plan, 13).what
    );
    assert!(
        row(&plan, 15).what.starts_with("Line 15, Amount:"),
        "{}",
        row(&plan, 15).what
    );
    assert!(row(&plan, 15).what.contains("more than two decimals"));
    let duplicate = &row(&plan, 17).what;
    assert!(
        duplicate.contains("INV-88 is already recorded") && duplicate.contains("2026-03-02"),
        "a duplicate invoice names the first: {duplicate}"
    );
    assert!(
        row(&plan, 17)
            .flags
            .iter()
            .any(|f| f.contains("repeat lines 6–7")),
        "{:?}",
        row(&plan, 17).flags
    );
    assert!(
        row(&plan, 19).what.contains("another currency"),
        "{}",
        row(&plan, 19).what
    );
    assert!(
        row(&plan, 21).what.contains("report's total"),
        "{}",
        row(&plan, 21).what
    );

    let done = import::import(&books.db, &report, "", today(), now()).unwrap();
    assert_eq!(done.counts.payments + done.counts.credit_memos, 6);
    let view = store::approval_view(&books.db, cat, today()).unwrap();
    assert_eq!(view.summary.figures.invoiced, "2920.00".parse().unwrap());
    let fleet_view = store::approval_view(&books.db, fleet, today()).unwrap();
    assert_eq!(
        fleet_view.summary.figures.invoiced,
        "1096.01".parse().unwrap(),
        "2,600 less the 1,504 credit plus a one-cent correction"
    );
}

/// PO number, vendor, date, contract, description, amount, status, fiscal year.
type ListingLine<'a> = (
    &'a str,
    &'a str,
    (u16, u8, u8),
    &'a str,
    &'a str,
    f64,
    &'a str,
    &'a str,
);

/// A Munis-style purchase-order listing as Excel writes it: titles above the headers,
/// date cells, one row per PO line, cancelled lines that keep their amounts, and a
/// "Total" row.
/// A Munis PO listing as Excel; with `cover`, a "Report Parameters" sheet comes first,
/// as a report saved from the finance system's viewer often has.
fn munis_listing(dir: &Path, cover: bool) -> PathBuf {
    use rust_xlsxwriter::{ExcelDateTime, Format as Style, Workbook};
    let mut book = Workbook::new();
    if cover {
        let parameters = book.add_worksheet();
        parameters.set_name("Report Parameters").unwrap();
        parameters
            .write_string(0, 0, "Purchase Order Listing")
            .unwrap();
        parameters
            .write_string(2, 0, "Run by: jsmith on 07/01/2026 08:14")
            .unwrap();
        parameters
            .write_string(3, 0, "Fiscal year: 2026; status: all")
            .unwrap();
    }
    let sheet = book.add_worksheet();
    sheet.set_name("PO Listing").unwrap();
    let day = Style::new().set_num_format("mm/dd/yyyy");
    sheet.write_string(0, 0, "Town of Millbrook").unwrap();
    sheet
        .write_string(1, 0, "Purchase Order Listing — Fiscal Year 2026")
        .unwrap();
    let headers = [
        "PO Number",
        "Vendor Name",
        "PO Date",
        "Contract",
        "Description",
        "Line Amount",
        "Status",
        "Fiscal Year",
        "Account",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    let lines: [ListingLine; 8] = [
        (
            "26000113",
            "Caterpillar Inc.",
            (2026, 3, 2),
            "030421-CAT",
            "Bucket, 24 in",
            1840.0,
            "Open",
            "FY2026",
        ),
        (
            "26000113",
            "Caterpillar Inc.",
            (2026, 3, 2),
            "030421-CAT",
            "Bucket, 24 in",
            1840.0,
            "Open",
            "FY2026",
        ),
        (
            "26000120",
            "Northland Heavy Equipment Rent",
            (2026, 4, 10),
            "",
            "Excavator rental",
            12500.0,
            "Open",
            "FY2026",
        ),
        (
            "26000120",
            "Northland Heavy Equipment Rent",
            (2026, 4, 10),
            "",
            "Second excavator",
            4000.0,
            "Cancelled",
            "FY2026",
        ),
        (
            "26000131",
            "Caterpillar Inc.",
            (2026, 5, 1),
            "030421-CAT",
            "Grader blade",
            2200.0,
            "Cancelled",
            "FY2026",
        ),
        (
            "26000131",
            "Caterpillar Inc.",
            (2026, 5, 1),
            "030421-CAT",
            "Grader blade",
            2200.0,
            "Cancelled",
            "FY2026",
        ),
        (
            "26000140",
            "Caterpillar Inc.",
            (2026, 6, 15),
            "030421-CAT",
            "Loader tires",
            18000.0,
            "Open",
            "FY2028",
        ),
        (
            "26000150",
            "Acme Office Supply",
            (2026, 6, 20),
            "",
            "Paper",
            99.5,
            "Open",
            "FY2026",
        ),
    ];
    for (i, (po, vendor, (y, m, d), contract, description, amount, status, fy)) in
        lines.iter().enumerate()
    {
        let r = 4 + i as u32;
        sheet.write_string(r, 0, *po).unwrap();
        sheet.write_string(r, 1, *vendor).unwrap();
        let when = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        sheet.write_datetime_with_format(r, 2, &when, &day).unwrap();
        sheet.write_string(r, 3, *contract).unwrap();
        sheet.write_string(r, 4, *description).unwrap();
        sheet.write_number(r, 5, *amount).unwrap();
        sheet.write_string(r, 6, *status).unwrap();
        sheet.write_string(r, 7, *fy).unwrap();
        sheet.write_string(r, 8, "101-430-5200").unwrap();
    }
    sheet.write_string(12, 0, "Total").unwrap();
    sheet.write_number(12, 5, 42679.5).unwrap();
    let path = dir.join("munis-po-listing.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn a_munis_po_listing_in_excel_groups_lines_and_leaves_cancelled_lines_uncounted() {
    let dir = tempfile::tempdir().unwrap();
    let books = Books::new();
    let cat = books.approval("20000");
    let northland = approved_contract(
        &books,
        "NHE-77",
        "Northland Heavy Equipment Rentals LLC",
        "50000",
    );
    let report = import::read(&books.db, &file(munis_listing(dir.path(), false)), None).unwrap();
    assert_eq!(report.header_line, 4);
    assert_eq!(report.sheet.as_deref(), Some("PO Listing"));
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 13);

    for line in [5, 6] {
        let r = row(&plan, line);
        assert_eq!(r.kind, RowKind::PurchaseOrder);
        assert!(r.what.contains("PO 26000113"), "{}", r.what);
        assert!(
            r.what.contains("$3,680.00"),
            "two equal lines are one PO's two lines: {}",
            r.what
        );
        assert!(
            r.flags.is_empty(),
            "an identical single line is not a pasted block"
        );
    }
    let cut = row(&plan, 7);
    assert_eq!(
        cut.approval_id,
        Some(northland),
        "a vendor name cut at 30 characters matches by its beginning"
    );
    assert!(
        row(&plan, 8).what.contains("cancelled line"),
        "{}",
        row(&plan, 8).what
    );
    assert!(
        row(&plan, 9).what.contains("cancelled PO"),
        "{}",
        row(&plan, 9).what
    );
    let tires = row(&plan, 11);
    let rules: Vec<Rule> = tires.warnings.iter().map(|w| w.rule).collect();
    assert!(rules.contains(&Rule::FiscalYear), "{tires:?}");
    assert!(
        rules.contains(&Rule::NotToExceed),
        "3,680 + 18,000 passes 20,000: {tires:?}"
    );
    assert_eq!(row(&plan, 12).kind, RowKind::Unmatched);
    assert_eq!(
        row(&plan, 13).kind,
        RowKind::Skipped,
        "{:?}",
        row(&plan, 13)
    );

    import::import(
        &books.db,
        &report,
        "Tires ordered before the renewal vote",
        today(),
        now(),
    )
    .unwrap();
    let orders = store::purchase_orders(&books.db, Some(northland)).unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(
        orders[0].amount,
        "12500.00".parse().unwrap(),
        "the cancelled line's $4,000 is not counted"
    );
    let cat_orders = store::purchase_orders(&books.db, Some(cat)).unwrap();
    let cancelled = cat_orders.iter().find(|o| o.number == "26000131").unwrap();
    assert_eq!(cancelled.status, PoStatus::Cancelled);
    let figures = store::approval_view(&books.db, cat, today())
        .unwrap()
        .summary
        .figures;
    assert_eq!(
        figures.committed,
        "21680.00".parse().unwrap(),
        "3,680 + 18,000; the cancelled PO's 4,400 commits nothing"
    );
    // The mapping is remembered for the next listing with the same headers.
    assert_eq!(
        import::mapping::remembered(&books.db, &report.mapping.headers()).unwrap(),
        Some(report.mapping.clone())
    );
}

/// QuickBooks' "Transaction List by Vendor": each vendor's name heads its rows, which
/// name no vendor, and a "Total …" row closes the section.
const BY_VENDOR: &str = "\
City of Millbrook\n\
Transaction List by Vendor\n\
,Type,Date,Num,Memo,Account,Amount\n\
Caterpillar Inc.,,,,,,\n\
,Check,03/02/2026,10452,Bucket teeth,Equipment,\"3,180.00\"\n\
,Check,04/14/2026,10488,Hose,Equipment,760.00\n\
Total Caterpillar Inc.,,,,,,\"3,940.00\"\n\
Acme Office Supply,,,,,,\n\
,Check,05/01/2026,10502,Toner,Supplies,212.40\n\
Total Acme Office Supply,,,,,,212.40\n\
TOTAL,,,,,,\"4,152.40\"\n";

#[test]
fn a_transaction_list_by_vendor_takes_each_rows_vendor_from_its_heading() {
    let dir = tempfile::tempdir().unwrap();
    let books = Books::new();
    let cat = books.approval("74360");
    let path = dir.path().join("by-vendor.csv");
    std::fs::write(&path, BY_VENDOR).unwrap();
    let report = import::read(&books.db, &file(path), None).unwrap();
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 11);
    let kinds: Vec<RowKind> = plan.rows.iter().map(|r| r.kind).collect();
    use RowKind::*;
    assert_eq!(
        kinds,
        vec![Skipped, Payment, Payment, Skipped, Skipped, Unmatched, Skipped, Skipped],
        "{:#?}",
        plan.rows
    );
    assert_eq!(
        row(&plan, 5).approval_id,
        Some(cat),
        "the heading names the vendor"
    );
    assert!(
        row(&plan, 9).what.contains("Acme Office Supply"),
        "{}",
        row(&plan, 9).what
    );
    assert!(
        row(&plan, 11).what.contains("report's total"),
        "{}",
        row(&plan, 11).what
    );
}

#[test]
fn a_headerless_register_is_reported_and_a_clerks_mapping_is_used() {
    let books = Books::new();
    let error = import::read(
        &books.db,
        &file(fixture("headerless-check-register.csv")),
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("has no header row"), "{error}");
    assert!(error.contains("Line 1 reads '03/02/2026"), "{error}");

    // A mapping that names other headers is looked for, and its absence said.
    let mapping: Mapping = serde_json::from_str(
        r#"{"columns": [{"header": "When", "field": "date"}, {"header": "Amt", "field": "amount"}]}"#,
    )
    .unwrap();
    let error = import::read(
        &books.db,
        &file(fixture("headerless-check-register.csv")),
        Some(&mapping),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("When, Amt"), "{error}");
}

/// The figures of one approval, as the Spending screen shows them.
fn figures_of(books: &Books, approval: i64) -> coopdesk_core::spending::Figures {
    store::approvals(&books.db, today())
        .unwrap()
        .into_iter()
        .find(|a| a.approval.id == approval)
        .unwrap()
        .figures
}

#[test]
fn a_bill_and_the_payment_of_that_bill_are_invoiced_once_and_the_payment_marks_it_paid() {
    let books = Books::new();
    let cat = books.approval("10000");
    let report = import::read(
        &books.db,
        &file(fixture("quickbooks-bills-and-payments.csv")),
        None,
    )
    .unwrap();
    let type_column = report.mapping.columns.iter().find(|c| c.header == "Type");
    assert_eq!(
        type_column.and_then(|c| c.field.as_deref()),
        Some("type"),
        "QuickBooks' Type column is read: {:?}",
        report.mapping
    );
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 12);
    assert_eq!(row(&plan, 6).kind, RowKind::Payment);
    assert!(
        row(&plan, 6)
            .what
            .starts_with("Invoice CAT-5501 of 2026-03-02, $3,180.00"),
        "a bill is invoiced under its own number, not paid yet: {}",
        row(&plan, 6).what
    );
    assert!(
        !row(&plan, 6).what.contains("paid"),
        "{}",
        row(&plan, 6).what
    );
    let payment = row(&plan, 7);
    assert_eq!(payment.kind, RowKind::Payment);
    assert!(
        payment.what.contains("Payment of bill CAT-5501")
            && payment.what.contains("by check 10452")
            && payment.what.contains("marks it paid on 2026-03-20")
            && payment.what.contains("not counted again"),
        "{}",
        payment.what
    );
    assert_eq!(
        payment.amount.map(|a| a.to_string()).as_deref(),
        Some("3180.00"),
        "the payment's money out is a payment, not a credit"
    );
    assert!(
        row(&plan, 9).what.contains("paid 2026-04-14"),
        "a check paid at once: {}",
        row(&plan, 9).what
    );
    assert_eq!(
        row(&plan, 10).kind,
        RowKind::CreditMemo,
        "{}",
        row(&plan, 10).what
    );
    assert_eq!(
        row(&plan, 11).kind,
        RowKind::Skipped,
        "a deposit is not a purchase"
    );
    assert!(
        row(&plan, 11).what.contains("'Deposit'"),
        "{}",
        row(&plan, 11).what
    );
    assert!(
        row(&plan, 12).what.contains("no unpaid bill for $990.00"),
        "a bill payment whose bill is nowhere is still recorded, and says so: {}",
        row(&plan, 12).what
    );
    assert_eq!(plan.counts.flagged, 0, "{:#?}", plan.rows);

    let done = import::import(&books.db, &report, "", today(), now()).unwrap();
    assert_eq!(
        done.counts, plan.counts,
        "the import does what the plan said"
    );
    let figures = figures_of(&books, cat);
    // 3,180 + 760 + 215.50 − 60 + 990: the 3,180 bill once, not twice, and not taken
    // off by its payment.
    assert_eq!(figures.invoiced.to_string(), "5085.50");
    // The bill CAT-5501 paid by its payment, the check and the unmatched bill payment.
    assert_eq!(figures.paid.to_string(), "4385.50");
    let bill = store::purchase_orders(&books.db, Some(cat))
        .unwrap()
        .into_iter()
        .flat_map(|o| o.invoices)
        .find(|i| i.number == "CAT-5501")
        .unwrap();
    assert_eq!(bill.paid_date, Some(date("2026-03-20")));
    let view = store::approval_view(&books.db, cat, today()).unwrap();
    assert!(
        view.history
            .iter()
            .any(|e| e.action == SpendingAction::Update
                && e.changes
                    .iter()
                    .any(|c| c.field == "paidDate" && c.new == "2026-03-20")),
        "paying a bill is kept in the history"
    );
}

#[test]
fn a_payment_naming_its_invoice_pays_that_one_and_a_part_payment_is_refused_with_why() {
    let books = Books::new();
    let cat = books.approval("10000");
    let report = import::read(
        &books.db,
        &file(fixture("munis-invoices-and-payments.csv")),
        None,
    )
    .unwrap();
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 6);
    assert!(
        row(&plan, 2).what.starts_with("Invoice 88-100"),
        "{}",
        row(&plan, 2).what
    );
    assert!(
        !row(&plan, 2).what.contains("paid"),
        "{}",
        row(&plan, 2).what
    );
    assert!(
        row(&plan, 3).what.contains("Payment of bill 88-100")
            && row(&plan, 3).what.contains("by check 20011"),
        "{}",
        row(&plan, 3).what
    );
    let part = row(&plan, 5);
    assert_eq!(part.kind, RowKind::Refused);
    assert!(
        part.what
            .contains("pays $200.00 of bill 88-101, which is for $500.00"),
        "{}",
        part.what
    );
    assert!(
        row(&plan, 6).what.contains("no unpaid bill 88-099"),
        "{}",
        row(&plan, 6).what
    );
    import::import(&books.db, &report, "", today(), now()).unwrap();
    let figures = figures_of(&books, cat);
    assert_eq!(figures.invoiced.to_string(), "2000.00", "1,200 + 500 + 300");
    assert_eq!(
        figures.paid.to_string(),
        "1500.00",
        "88-100 and 88-099; 88-101 stays unpaid"
    );
}

/// What the window's mapping step shows of a report: the guess at first; after an
/// import, the clerk's mapping for the next report with the same headings; every
/// purchase field, only the amount required.
#[test]
fn the_mapping_step_shows_the_clerks_mapping_remembered_for_the_same_headings() {
    let books = Books::new();
    books.approval("5000");
    let register = file(fixture("quickbooks-check-register.csv"));
    let first = import::read(&books.db, &register, None).unwrap().describe();
    assert_eq!(first.file_name, "quickbooks-check-register.csv");
    assert_eq!(first.header_line, 5);
    let field = |mapping: &Mapping, header: &str| {
        mapping
            .columns
            .iter()
            .find(|c| c.header == header)
            .unwrap_or_else(|| panic!("{header} is a column: {mapping:?}"))
            .field
            .clone()
    };
    assert_eq!(field(&first.mapping, "Amount").as_deref(), Some("amount"));
    assert_eq!(
        field(&first.mapping, "Memo").as_deref(),
        Some("description")
    );
    assert_eq!(
        first.fields.len(),
        import::mapping::FIELDS.len(),
        "every purchase field is offered"
    );
    let required: Vec<&str> = first
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.field)
        .collect();
    assert_eq!(required, ["amount"]);
    assert!(
        first.notes.iter().any(|n| n.contains("line 5")),
        "{:?}",
        first.notes
    );

    // The clerk ignores the memo column and imports.
    let mut mapping = first.mapping.clone();
    for column in &mut mapping.columns {
        if column.header == "Memo" {
            column.field = None;
        }
    }
    let report = import::read(&books.db, &register, Some(&mapping)).unwrap();
    import::import(&books.db, &report, "Ratified 2026-09-08", today(), now()).unwrap();

    let next = import::read(&books.db, &register, None).unwrap().describe();
    assert_eq!(next.mapping, mapping, "the clerk's mapping, not the guess");
    assert_eq!(field(&next.mapping, "Memo"), None);
}

/// A check register naming vendors as the finance system spells them.
const RENAMED_VENDORS: &str = "\
Date,Num,Name,Amount
05/01/2026,10501,Acme Paving Co.,\"3,400.00\"
05/02/2026,10502,Zenith Widgets,100.00
";

/// No number ties a payment to a council action and the finance system names the
/// vendor differently: the plan proposes the action whose contract's vendor shares a
/// distinctive word, the clerk confirms it, and the next report is matched without
/// asking. A vendor sharing nothing distinctive is not proposed.
#[test]
fn a_vendor_named_differently_is_matched_once_the_clerk_confirms_it_and_then_remembered() {
    let books = Books::new();
    books.approval("5000");
    let acme = approved_contract(&books, "ACME-1", "ACME Asphalt Paving LLC", "50000");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("may.csv");
    std::fs::write(&path, RENAMED_VENDORS).unwrap();
    let mut report = import::read(&books.db, &file(path.clone()), None).unwrap();

    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    let proposed = row(&plan, 2);
    assert_eq!(
        proposed.kind,
        RowKind::Unmatched,
        "not imported unconfirmed"
    );
    let proposal = proposed.proposal.clone().expect("a match is proposed");
    assert_eq!(
        proposal,
        import::VendorMatch {
            vendor: "Acme Paving Co.".into(),
            approval_id: acme
        }
    );
    assert!(
        proposed.what.contains("ACME-1") && proposed.what.contains("confirm the match"),
        "{}",
        proposed.what
    );
    let zenith = row(&plan, 3);
    assert_eq!(
        (zenith.kind, zenith.proposal.as_ref()),
        (RowKind::Unmatched, None)
    );
    assert_eq!(order_count(&books), 0);

    // Confirmed: planned and imported under that action, and remembered.
    report.confirmed = vec![proposal];
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    let matched = row(&plan, 2);
    assert_eq!(
        (matched.kind, matched.approval_id),
        (RowKind::Payment, Some(acme)),
        "{matched:?}"
    );
    assert_eq!(row(&plan, 3).kind, RowKind::Unmatched);
    import::import(&books.db, &report, "", today(), now()).unwrap();
    assert_eq!(
        store::purchase_orders(&books.db, Some(acme)).unwrap().len(),
        1
    );

    // The next report names the vendor the same way: matched with no confirmation.
    std::fs::write(
        &path,
        "Date,Num,Name,Amount\n06/01/2026,10610,ACME PAVING CO,\"1,200.00\"\n",
    )
    .unwrap();
    let next = import::read(&books.db, &file(path), None).unwrap();
    assert!(next.confirmed.is_empty());
    let plan = import::plan(&books.db, &next, today(), now()).unwrap();
    let again = row(&plan, 2);
    assert_eq!(
        (again.kind, again.approval_id, again.proposal.as_ref()),
        (RowKind::Payment, Some(acme), None),
        "{again:?}"
    );
}

#[test]
fn a_workbook_with_a_cover_sheet_is_read_from_its_register_and_lists_every_sheet_to_pick() {
    let dir = tempfile::tempdir().unwrap();
    let books = Books::new();
    books.approval("20000");
    let chosen = file(munis_listing(dir.path(), true));

    // The command line has no picker: it still asks which sheet, naming them.
    let asked = import::read(&books.db, &chosen, None)
        .unwrap_err()
        .to_string();
    assert!(
        asked.contains("Report Parameters") && asked.contains("PO Listing"),
        "{asked}"
    );

    // The window reads the register and offers both sheets.
    let (opened, report) = import::open(&books.db, &chosen).unwrap();
    assert_eq!(opened.sheet.sheet.as_deref(), Some("PO Listing"));
    assert_eq!(report.sheet.as_deref(), Some("PO Listing"));
    assert_eq!(report.sheets, ["Report Parameters", "PO Listing"]);
    let described = report.describe();
    assert_eq!(described.sheets, report.sheets);
    assert_eq!(report.header_line, 4);
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 13);

    // The clerk picks the cover sheet: it is read as asked and says what it lacks.
    let mut cover = chosen.clone();
    cover.sheet.sheet = Some("Report Parameters".into());
    let refused = import::open(&books.db, &cover).unwrap_err().to_string();
    assert!(
        refused.contains("munis-po-listing.xlsx, sheet Report Parameters, has no header row"),
        "{refused}"
    );
}

/// A check register saved to Excel with every cell as text, as some finance systems
/// write it: amounts with a leading minus, a vendor and a memo that begin with a formula
/// character. Each cell is read as the sheet holds it — no `'` from the reader.
#[test]
fn text_cells_beginning_like_a_formula_are_read_as_the_sheet_holds_them() {
    let dir = tempfile::tempdir().unwrap();
    let books = Books::new();
    approved_contract(&books, "AT-WORK-1", "@Work Office Supply", "20000");
    let path = dir.path().join("checks as text.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [[&str; 5]; 4] = [
        ["Date", "Num", "Name", "Memo", "Amount"],
        [
            "03/10/2026",
            "10452",
            "@Work Office Supply",
            "-toner",
            "-1,250.00",
        ],
        [
            "03/11/2026",
            "10453",
            "@Work Office Supply",
            "=2 boxes",
            "-100.00",
        ],
        [
            "03/12/2026",
            "10454",
            "@Work Office Supply",
            "paper",
            "-$75.50",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(&path).unwrap();

    let report = import::read(&books.db, &file(path), None).unwrap();
    assert_eq!(report.rows[0].1[2], "@Work Office Supply");
    assert_eq!(report.rows[0].1[3], "-toner");
    assert_eq!(report.rows[1].1[3], "=2 boxes");
    let plan = import::plan(&books.db, &report, today(), now()).unwrap();
    every_row_accounted_for(&plan, 4);
    assert!(
        plan.rows.iter().all(|r| r.kind != RowKind::Refused),
        "every amount reads: {:#?}",
        plan.rows
    );
    let amounts: Vec<String> = plan
        .rows
        .iter()
        .map(|r| r.amount.map(|a| a.abs().to_string()).unwrap_or_default())
        .collect();
    assert_eq!(amounts, ["1250.00", "100.00", "75.50"]);
    assert!(
        plan.rows
            .iter()
            .all(|r| !r.what.contains("'@") && !r.what.contains("'-")),
        "{:#?}",
        plan.rows
    );
}

/// A register of two invoices on PO 4500-0113 of the Books' approval, written in `dir`.
fn two_invoices(dir: &Path) -> ImportFile {
    let path = dir.join("register.csv");
    std::fs::write(
        &path,
        "Vendor Name,Invoice No,PO Number,Invoice Date,Amount\n\
         Caterpillar Inc.,INV-1,4500-0113,2026-09-01,1000.00\n\
         Caterpillar Inc.,INV-2,4500-0113,2026-09-02,2000.00\n",
    )
    .unwrap();
    file(path)
}

/// The invoice numbers under `approval`, after checking the approval's kept totals beside its figures
/// counted from its purchase orders.
fn invoices_and_totals(books: &Books, approval: i64) -> Vec<String> {
    let view = books.view(approval);
    let kept = store::kept_totals(&books.db, approval)
        .unwrap()
        .expect("the import keeps the approval's totals");
    let figures = &view.summary.figures;
    assert_eq!(
        (kept.committed, kept.invoiced, kept.paid),
        (figures.committed, figures.invoiced, figures.paid)
    );
    let counted = coopdesk_core::spending::figures::figures(
        "74360".parse().unwrap(),
        date("2026-02-01"),
        &view.orders,
        today(),
    );
    assert_eq!(
        (counted.committed, counted.invoiced),
        (kept.committed, kept.invoiced),
        "the kept totals are those counted from the purchases"
    );
    let mut numbers: Vec<String> = view
        .orders
        .iter()
        .flat_map(|o| &o.invoices)
        .map(|i| i.number.clone())
        .collect();
    numbers.sort();
    numbers
}

#[test]
fn the_plan_the_clerk_saw_is_imported_without_planning_it_again() {
    let books = Books::new();
    let cat = books.approval("74360");
    books.order(cat, "4500-0113", "20000", "").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = import::read(&books.db, &two_invoices(dir.path()), None).unwrap();
    let planned = import::plan_for_import(&books.db, report, today(), now()).unwrap();
    assert_eq!(
        planned.plan().counts.payments,
        2,
        "{:#?}",
        planned.plan().rows
    );
    assert!(
        invoices_and_totals(&books, cat).is_empty(),
        "a plan writes nothing"
    );

    let done = import::import_planned(&books.db, &planned, "", today(), now()).unwrap();
    assert!(done.imported);
    assert_eq!(done.rows, planned.plan().rows, "imported as planned");
    assert_eq!(invoices_and_totals(&books, cat), ["INV-1", "INV-2"]);
    let created = books
        .view(cat)
        .history
        .iter()
        .filter(|e| {
            e.action == SpendingAction::Create && e.changes.iter().any(|c| c.field == "kind")
        })
        .count();
    assert_eq!(created, 2, "one history entry per invoice");
    assert_eq!(
        books.view(cat).summary.figures.invoiced,
        "3000.00".parse().unwrap()
    );
}

#[test]
fn a_plan_is_made_again_when_the_library_changed_after_the_clerk_saw_it() {
    let books = Books::new();
    let cat = books.approval("74360");
    books.order(cat, "4500-0113", "20000", "").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = import::read(&books.db, &two_invoices(dir.path()), None).unwrap();
    let planned = import::plan_for_import(&books.db, report, today(), now()).unwrap();
    assert_eq!(planned.plan().counts.payments, 2);

    // Meanwhile the first invoice is typed in by hand on the Spending screen.
    books.invoice("4500-0113", "INV-1", "1000.00", "").unwrap();
    let done = import::import_planned(&books.db, &planned, "", today(), now()).unwrap();
    assert_ne!(done.rows, planned.plan().rows, "planned again");
    let first = row(&done, 2);
    assert_eq!(first.kind, RowKind::Refused);
    assert!(
        first.what.contains("INV-1 is already recorded"),
        "the duplicate names the first: {}",
        first.what
    );
    assert_eq!(row(&done, 3).kind, RowKind::Payment);
    assert_eq!(
        invoices_and_totals(&books, cat),
        ["INV-1", "INV-2"],
        "nothing lost or doubled"
    );
    assert_eq!(
        books.view(cat).summary.figures.invoiced,
        "3000.00".parse().unwrap()
    );

    // A plan made on another day is made again too (dates in the future move).
    let report = import::read(&books.db, &two_invoices(dir.path()), None).unwrap();
    let planned = import::plan_for_import(&books.db, report, date("2026-12-06"), now()).unwrap();
    let again = import::import_planned(&books.db, &planned, "", today(), now()).unwrap();
    assert_eq!(
        again.counts.refused, 2,
        "both now on record: {:#?}",
        again.rows
    );
    assert_eq!(invoices_and_totals(&books, cat), ["INV-1", "INV-2"]);
}

#[test]
fn rows_that_read_earlier_rows_of_the_same_report_are_planned_as_they_are_imported() {
    let books = Books::new();
    let cat = books.approval("74360");
    books.order(cat, "4500-0113", "20000", "").unwrap();
    approved_contract(&books, "DE-2", "Deere & Company", "50000");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.csv");
    std::fs::write(
        &path,
        "Vendor Name,Invoice No,PO Number,Invoice Date,Amount\n\
         Caterpillar Inc.,INV-1,4500-0113,2026-09-01,1000.00\n\
         Caterpillar Inc.,inv-1 ,4500-0113,2026-09-03,1500.00\n\
         Caterpillar Inc.,INV-9,,2026-09-04,400.00\n\
         Deere & Company,INV-9,,2026-09-05,700.00\n\
         Caterpillar Inc.,INV-10,paid inv-9,2026-09-06,50.00\n",
    )
    .unwrap();
    let report = import::read(&books.db, &file(path), None).unwrap();
    let planned = import::plan_for_import(&books.db, report, today(), now()).unwrap();
    let plan = planned.plan();
    assert!(
        invoices_and_totals(&books, cat).is_empty(),
        "a plan writes nothing"
    );
    assert_eq!(row(plan, 2).kind, RowKind::Payment);
    let again = row(plan, 3);
    assert_eq!(again.kind, RowKind::Refused, "{}", again.what);
    assert!(
        again
            .what
            .contains("invoice INV-1 is already recorded (dated 2026-09-01, $1,000.00"),
        "the number an earlier row of the report used names that row: {}",
        again.what
    );
    assert_eq!(row(plan, 4).kind, RowKind::Payment, "{}", row(plan, 4).what);
    assert!(row(plan, 4).what.contains("billing PO Paid INV-9"));
    let other = row(plan, 5);
    assert_eq!(other.kind, RowKind::Refused, "{}", other.what);
    assert!(
        other
            .what
            .contains("PO Paid INV-9 is already recorded (dated 2026-09-04"),
        "the PO an earlier row stood up is named: {}",
        other.what
    );
    let billed = row(plan, 6);
    assert_eq!(billed.kind, RowKind::Payment, "{}", billed.what);
    assert!(
        billed.what.contains("billing PO paid inv-9"),
        "{}",
        billed.what
    );

    let done = import::import_planned(&books.db, &planned, "as the register says", today(), now())
        .unwrap();
    assert_eq!(
        done.rows, plan.rows,
        "the import does what the plan said, row for row"
    );
    assert_eq!(
        invoices_and_totals(&books, cat),
        ["INV-1", "INV-10", "INV-9"]
    );
    assert_eq!(
        books.view(cat).summary.figures.invoiced,
        "1450.00".parse().unwrap()
    );
}
