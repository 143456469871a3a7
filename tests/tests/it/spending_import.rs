//! "Import from finance system…" on the Spending screen: a QuickBooks-style check
//! register chosen in the system dialog, its columns mapped, every row's outcome shown
//! (matched to the council action, past its limit and needing a reason, not matched and
//! why, a vendor named differently proposed and confirmed with a checkbox, the report's
//! total skipped), imported with one reason typed at the keyboard, and the Spending list
//! read again — axe-clean at 1366×768.

// Linux only: the system's file dialog is answered with xdotool (see `import.rs`).
#![cfg(target_os = "linux")]

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_e2e::council::CouncilAction;
use coopdesk_e2e::keys::{ENTER, SPACE, TAB};
use coopdesk_e2e::Turn;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    day(text).and_hms_opt(9, 0, 0).unwrap()
}

/// QuickBooks' "Check Register" as it exports to CSV: the jurisdiction, the report's
/// name and its dates above the headings, a blank first column, payments as negative
/// amounts, a vendor's name cut short, one named otherwise than the contract names it,
/// and the report's total on the last line.
const CHECK_REGISTER: &str = "\
Village of Millbrook\r\n\
Check Register\r\n\
March through May 2026\r\n\
\r\n\
,Type,Date,Num,Name,Memo,Account,Amount\r\n\
,Check,03/10/2026,10452,Staples,Toner and paper,Admin:Supplies,\"-$1,250.00\"\r\n\
,Check,04/02/2026,10488,Staples Contract and Comm,Desks for the clerk's office,Admin:Furniture,\"-$5,000.00\"\r\n\
,Check,05/01/2026,10501,Acme Paving Co.,Pothole patching,Public Works:Streets,\"-$3,400.00\"\r\n\
,Check,05/20/2026,10515,Staples Business Advantage,Binders,Admin:Supplies,-$100.00\r\n\
,,,,,,,\"-$9,750.00\"\r\n";

/// The sample library with the council's approval of Staples 070924-SCC (Resolution
/// 2026-04, not to exceed $74,360.00), a PO of $70,000.00 and $12,500.00 invoiced on
/// it: $4,360.00 remains.
fn library_with_an_approval(data_dir: &std::path::Path) {
    CouncilAction::record(data_dir, at("2026-11-20"))
        .order("4500-0113", "70000.00", "")
        .invoice("4500-0113", "INV-88", "2026-04-01", "12500.00");
}

/// The plan's row for `line`, as its cells read.
async fn plan_row(desk: &coopdesk_e2e::Desk, line: u64) -> String {
    let rows = desk.texts("table.purchase-plan tbody tr").await;
    rows.into_iter()
        .find(|r| r.starts_with(&line.to_string()))
        .unwrap_or_else(|| panic!("line {line} is in the plan"))
}

/// The plan's counts, each figure with its words (the figure is drawn above them).
async fn counts(desk: &coopdesk_e2e::Desk) -> String {
    desk.texts(".plan-count")
        .await
        .join(" | ")
        .replace('\n', " ")
}

#[tokio::test(flavor = "current_thread")]
async fn a_check_register_is_imported_from_the_spending_screen_with_one_reason() {
    let turn =
        Turn::take("a_check_register_is_imported_from_the_spending_screen_with_one_reason").await;
    library_with_an_approval(turn.data());
    let files = tempfile::tempdir().unwrap();
    let csv = files.path().join("millbrook checks.csv");
    std::fs::write(&csv, CHECK_REGISTER).unwrap();
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    desk.wait_for_text("table.approvals tbody tr", "$4,360.00")
        .await;

    // The button is in the Spending tools; the system dialog picks the report.
    desk.click_button("Import from finance system…").await;
    desk.pick_in_file_dialog("Import purchases from a finance system's report", &csv)
        .await;
    desk.wait_for_text(
        "main h1",
        "Import from the finance system: millbrook checks.csv",
    )
    .await;
    // QuickBooks' headings are mapped without the clerk's help; the titles are noted.
    let mapping = desk.texts("table.mapping tbody tr").await;
    assert_eq!(mapping.len(), 8, "{mapping:?}");
    let field_of = |header: &str| {
        let index = mapping
            .iter()
            .position(|r| r.starts_with(header))
            .unwrap_or_else(|| panic!("{header} is listed: {mapping:?}"));
        format!("#purchase-map-{index}")
    };
    assert_eq!(desk.value(&field_of("Amount")).await, "amount");
    assert_eq!(desk.value(&field_of("Name")).await, "vendor");
    assert_eq!(desk.value(&field_of("Num")).await, "checkNumber");
    assert_eq!(desk.value(&field_of("Type")).await, "type");
    let notes = desk.texts("main .notice").await.join(" ");
    assert!(notes.contains("line 5"), "{notes}");
    let mut found = vec![("Mapping", desk.accessibility_violations().await)];

    // Without an amount column the report is not checked, and the sentence says why.
    desk.choose(&field_of("Amount"), "").await;
    desk.click_button("Check the report").await;
    desk.wait_for_text(".import-status", "Choose the column that holds the amount")
        .await;
    desk.choose(&field_of("Amount"), "amount").await;

    // The plan: every row with its outcome; nothing written yet.
    desk.click_button("Check the report").await;
    desk.wait_for_text("table.purchase-plan", "Acme Paving")
        .await;
    let said = counts(&desk).await;
    assert!(said.contains("2 payments to import"), "{said}");
    assert!(said.contains("2 not matched"), "{said}");
    assert!(said.contains("1 skipped"), "{said}");
    let first = plan_row(&desk, 6).await;
    assert!(
        first.contains("Payment")
            && first.contains("Resolution 2026-04")
            && first.contains("$1,250.00"),
        "matched to the council action by the vendor's alias: {first}"
    );
    assert!(!first.contains("Needs a reason"), "{first}");
    let over = plan_row(&desk, 7).await;
    assert!(
        over.contains("Needs a reason") && over.contains("Resolution 2026-04"),
        "a vendor's name cut short still matches; the overrun needs a reason: {over}"
    );
    assert!(
        over.contains("$1,890.00"),
        "the rule's sentence names the overrun: {over}"
    );
    let acme = plan_row(&desk, 8).await;
    assert!(
        acme.contains("Not matched") && acme.contains("Acme Paving Co."),
        "an unmatched row is listed with why: {acme}"
    );
    assert!(
        !acme.contains("Match:"),
        "nothing to propose for Acme: {acme}"
    );
    let renamed = plan_row(&desk, 9).await;
    assert!(
        renamed.contains("Not matched")
            && renamed
                .contains("Match: “Staples Business Advantage” buys under Resolution 2026-04"),
        "a vendor sharing the contract's distinctive word is proposed: {renamed}"
    );
    let total = plan_row(&desk, 10).await;
    assert!(
        total.contains("Skipped") && total.contains("total"),
        "{total}"
    );
    found.push(("Plan", desk.accessibility_violations().await));

    // The keyboard: from the reason, Tab to the proposed match and tick it with Space;
    // the report is checked again with the match, the keyboard kept on it.
    let focused = desk.script("return document.activeElement.id;").await;
    assert_eq!(focused, "purchase-import-reason");
    desk.press_until(TAB, "el.id === 'vendor-match-9'", 12)
        .await;
    desk.type_keys(SPACE).await;
    desk.wait_for_text(".vendor-matches", "Staples Business Advantage")
        .await;
    let said = counts(&desk).await;
    assert!(said.contains("3 payments to import"), "{said}");
    assert!(said.contains("1 not matched"), "{said}");
    let renamed = plan_row(&desk, 9).await;
    assert!(
        renamed.contains("Payment") && renamed.contains("Resolution 2026-04"),
        "{renamed}"
    );
    let focused = desk.script("return document.activeElement.id;").await;
    assert_eq!(
        focused, "vendor-confirmed-0",
        "the keyboard stays on the match"
    );
    found.push((
        "Plan with a vendor match",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("spending-import-plan-1366x768").await;

    // Importing without the reason is refused in a sentence; nothing is written.
    desk.click_button("Import 3 rows with this reason").await;
    desk.wait_for_text(".import-status", "2 rows break a guard rail")
        .await;

    // The focus is on the reason; type it, Tab to Import, Enter.
    let focused = desk.script("return document.activeElement.id;").await;
    assert_eq!(focused, "purchase-import-reason");
    desk.type_keys("Desks bought before the amendment; council ratifies 12/15")
        .await;
    desk.press_until(
        TAB,
        "el.textContent.trim() === 'Import 3 rows with this reason'",
        4,
    )
    .await;
    desk.type_keys(ENTER).await;

    // Back on the Spending list, read again: $6,350.00 more invoiced, $1,990.00 over.
    let said = desk
        .wait_for_text(".finance-import-status", "Imported from the finance system")
        .await;
    assert!(
        said.contains("millbrook checks.csv: imported 3 payments; 1 not matched, 1 skipped."),
        "{said}"
    );
    let row = desk
        .wait_for_text("table.approvals tbody tr", "$18,850.00")
        .await;
    assert!(
        row.contains("−$1,990.00"),
        "the remaining is negative: {row}"
    );
    found.push((
        "Spending after the import",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("spending-import-done-1366x768").await;

    // The override is kept with the batch's reason.
    desk.click("table.approvals tbody th button").await;
    let detail = desk
        .wait_for_text(".approval-detail", "Guard rails overridden")
        .await;
    assert!(
        detail.contains("Reason: Desks bought before the amendment; council ratifies 12/15"),
        "{detail}"
    );
    let overflow = desk
        .script("return document.documentElement.scrollWidth - window.innerWidth;")
        .await;
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "no sideways scrolling at 1366×768"
    );
    desk.quit().await;

    coopdesk_e2e::assert_axe_clean(found);
}

/// The check register saved to Excel from the finance system's report viewer: a "Report
/// Parameters" sheet first, then the checks.
fn register_with_a_cover_sheet(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let cover = book.add_worksheet();
    cover.set_name("Report Parameters").unwrap();
    cover.write_string(0, 0, "Check Register").unwrap();
    cover
        .write_string(2, 0, "Run by: jsmith on 06/01/2026 08:14")
        .unwrap();
    let checks = book.add_worksheet();
    checks.set_name("Checks").unwrap();
    let rows: [[&str; 5]; 3] = [
        ["Date", "Num", "Name", "Memo", "Amount"],
        [
            "03/10/2026",
            "10452",
            "Staples",
            "Toner and paper",
            "-1250.00",
        ],
        ["05/20/2026", "10515", "Staples", "Binders", "-100.00"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            checks.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_workbook_with_a_cover_sheet_opens_on_its_register_and_the_sheet_can_be_changed() {
    let turn = Turn::take(
        "a_workbook_with_a_cover_sheet_opens_on_its_register_and_the_sheet_can_be_changed",
    )
    .await;
    library_with_an_approval(turn.data());
    let files = tempfile::tempdir().unwrap();
    let book = files.path().join("millbrook checks.xlsx");
    register_with_a_cover_sheet(&book);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    desk.wait_for_text("table.approvals tbody tr", "$4,360.00")
        .await;
    desk.click_button("Import from finance system…").await;
    desk.pick_in_file_dialog("Import purchases from a finance system's report", &book)
        .await;

    // The register is read, not the cover sheet; the picker offers both.
    desk.wait_for_text("main h1", "millbrook checks.xlsx").await;
    assert_eq!(desk.value("#purchase-sheet").await, "Checks");
    let hint = desk.texts("#purchase-sheet-hint").await.join(" ");
    assert!(hint.contains("2 sheets"), "{hint}");
    let mapping = desk.texts("table.mapping tbody tr").await;
    assert!(mapping[0].starts_with("Date"), "{mapping:?}");
    let mut found = vec![("Sheet picker", desk.accessibility_violations().await)];

    // The cover sheet is not a report: the sentence says so and the register stays.
    desk.choose("#purchase-sheet", "Report Parameters").await;
    desk.wait_for_text(
        ".import-status",
        "millbrook checks.xlsx, sheet Report Parameters, has no header row",
    )
    .await;
    assert_eq!(desk.value("#purchase-sheet").await, "Checks");
    let focused = desk.script("return document.activeElement.id;").await;
    assert_eq!(
        focused, "purchase-sheet",
        "the keyboard stays on the picker"
    );
    desk.screenshot("spending-import-sheet-picker-1366x768")
        .await;

    // The register's checks are planned against the council action.
    desk.click_button("Check the report").await;
    let row = desk
        .wait_for_text("table.purchase-plan", "Check 10452")
        .await;
    assert!(row.contains("Resolution 2026-04"), "{row}");
    found.push((
        "Plan from the chosen sheet",
        desk.accessibility_violations().await,
    ));
    desk.quit().await;

    coopdesk_e2e::assert_axe_clean(found);
}
