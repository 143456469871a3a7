//! `approval record|list|show` and `purchase add|change-order|invoice|list`, run as a
//! clerk or a script runs them, on a library holding the sample contracts.

use std::path::Path;

use crate::support::cli::{cli, json, stderr, stdout};

/// A library with the sample contracts and the council's approval of Staples 070924-SCC
/// (expires 2029-02-02): Resolution 2026-04, not to exceed $74,360.00, FY2026–FY2027.
pub fn approved(dir: &Path) -> i64 {
    stdout(&cli(dir, &["init"]));
    let approval = json(
        dir,
        &[
            "approval",
            "record",
            "--contract",
            "070924-SCC",
            "--meeting-date",
            "2026-01-13",
            "--agenda-item",
            "Consent 7.B",
            "--number",
            "Resolution 2026-04",
            "--not-to-exceed",
            "$74,360",
            "--term-from",
            "2026-02-01",
            "--term-to",
            "2027-06-30",
            "--fiscal-year",
            "FY2026",
            "--fiscal-year",
            "FY2027",
        ],
    );
    assert_eq!(approval["notToExceed"], "74360.00", "{approval}");
    assert_eq!(approval["outcome"], "approved");
    approval["id"].as_i64().unwrap()
}

fn add_po(
    dir: &Path,
    approval: i64,
    number: &str,
    amount: &str,
    extra: &[&str],
) -> std::process::Output {
    let approval = approval.to_string();
    let mut args = vec![
        "purchase",
        "add",
        "--approval",
        &approval,
        "--number",
        number,
        "--date",
        "2026-03-02",
        "--amount",
        amount,
        "--fiscal-year",
        "FY2026",
        "--description",
        "Office supplies",
    ];
    args.extend_from_slice(extra);
    cli(dir, &args)
}

#[test]
fn a_clerk_records_an_approval_a_po_and_an_invoice_and_sees_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    stdout(&add_po(dir.path(), approval, "4500-0113", "30,000.00", &[]));
    let out = stdout(&cli(
        dir.path(),
        &[
            "purchase",
            "invoice",
            "--po",
            "4500-0113",
            "--number",
            "INV-88",
            "--date",
            "2026-04-01",
            "--amount",
            "12500",
            "--paid",
            "2026-04-20",
        ],
    ));
    assert!(out.contains("Recorded the invoice"), "{out}");

    let list = json(dir.path(), &["approval", "list", "--today", "2026-12-07"]);
    let figures = &list[0]["figures"];
    assert_eq!(figures["authorised"], "74360.00");
    assert_eq!(figures["committed"], "17500.00");
    assert_eq!(figures["invoiced"], "12500.00");
    assert_eq!(figures["paid"], "12500.00");
    assert_eq!(figures["remaining"], "44360.00");
    assert_eq!(list[0]["contractNumber"], "070924-SCC");

    let text = stdout(&cli(
        dir.path(),
        &[
            "approval",
            "show",
            &approval.to_string(),
            "--today",
            "2026-12-07",
        ],
    ));
    assert!(text.contains("Resolution 2026-04 of 2026-01-13"), "{text}");
    assert!(text.contains("Remaining:        44,360.00"), "{text}");
    assert!(text.contains("PO 4500-0113"), "{text}");
    let orders = json(
        dir.path(),
        &["purchase", "list", "--approval", &approval.to_string()],
    );
    assert_eq!(orders[0]["invoices"][0]["amount"], "12500.00");
}

#[test]
fn a_purchase_past_the_not_to_exceed_needs_an_override_reason_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    stdout(&add_po(dir.path(), approval, "PO-1", "70000", &[]));
    let refused = stderr(&add_po(dir.path(), approval, "PO-2", "44400", &[]));
    assert!(
        refused.contains("$40,040.00 past the $74,360.00 not-to-exceed"),
        "the clerk is told by how much: {refused}"
    );
    assert!(
        refused.contains("--override-reason"),
        "and how to go ahead: {refused}"
    );

    let mut args = vec!["--json"];
    let approval_id = approval.to_string();
    args.extend_from_slice(&[
        "purchase",
        "add",
        "--approval",
        &approval_id,
        "--number",
        "PO-2",
        "--date",
        "2026-03-02",
        "--amount",
        "44400",
    ]);
    let payload: serde_json::Value =
        serde_json::from_str(&stderr(&cli(dir.path(), &args))).unwrap();
    assert_eq!(
        payload["code"], "needs_override",
        "a script can tell this from an error"
    );
    assert_eq!(payload["fields"][0]["field"], "notToExceed");

    let out = stdout(&add_po(
        dir.path(),
        approval,
        "PO-2",
        "44400",
        &[
            "--override-reason",
            "Flood repairs; council ratifies on 12/15",
        ],
    ));
    assert!(
        out.contains("Overridden, with the reason kept in the history"),
        "{out}"
    );
    let view = json(dir.path(), &["approval", "show", &approval_id]);
    let override_entry = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "override")
        .expect("the override is in the history");
    assert_eq!(override_entry["rule"], "notToExceed");
    assert_eq!(
        override_entry["reason"],
        "Flood repairs; council ratifies on 12/15"
    );
}

#[test]
fn malformed_purchases_are_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    let letters = stderr(&add_po(dir.path(), approval, "PO-1", "12O0.00", &[]));
    assert!(letters.contains("'12O0.00' is not an amount"), "{letters}");
    let cents = stderr(&add_po(dir.path(), approval, "PO-1", "1200.005", &[]));
    assert!(cents.contains("more than two decimals"), "{cents}");
    let future = stderr(&cli(
        dir.path(),
        &[
            "purchase",
            "add",
            "--approval",
            &approval.to_string(),
            "--number",
            "PO-1",
            "--date",
            "2999-01-01",
            "--amount",
            "10",
        ],
    ));
    assert!(future.contains("2999-01-01 is in the future"), "{future}");
    let unknown = stderr(&cli(
        dir.path(),
        &[
            "purchase",
            "invoice",
            "--po",
            "PO-9",
            "--number",
            "1",
            "--date",
            "2026-04-01",
            "--amount",
            "10",
        ],
    ));
    assert!(
        unknown.contains("no purchase order numbered 'PO-9' is recorded"),
        "{unknown}"
    );

    stdout(&add_po(dir.path(), approval, "PO-1", "1000", &[]));
    let negative = stderr(&cli(
        dir.path(),
        &[
            "purchase",
            "invoice",
            "--po",
            "PO-1",
            "--number",
            "7",
            "--date",
            "2026-04-01",
            "--amount",
            "-760",
        ],
    ));
    assert!(negative.contains("mark it as one"), "{negative}");
    stdout(&cli(
        dir.path(),
        &[
            "purchase",
            "invoice",
            "--po",
            "PO-1",
            "--number",
            "7",
            "--date",
            "2026-04-01",
            "--amount",
            "-760",
            "--credit-memo",
        ],
    ));
    let twice = stderr(&cli(
        dir.path(),
        &[
            "purchase",
            "invoice",
            "--po",
            "PO-1",
            "--number",
            "7",
            "--date",
            "2026-04-02",
            "--amount",
            "5",
        ],
    ));
    assert!(
        twice.contains(
            "invoice 7 is already recorded (dated 2026-04-01, −$760.00, billing PO PO-1)"
        ),
        "{twice}"
    );
}

#[test]
fn a_po_with_lines_and_a_change_order_are_recorded_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    let out = stdout(&add_po(
        dir.path(),
        approval,
        "PO-1",
        "37.50",
        &["--line", "3 x Copy paper, case @ 12.50"],
    ));
    assert!(out.contains("Recorded the purchase order"), "{out}");
    let changed = stdout(&cli(
        dir.path(),
        &[
            "purchase",
            "change-order",
            "--po",
            "PO-1",
            "--date",
            "2026-03-05",
            "--amount",
            "-7.50",
            "--reason",
            "One case returned",
        ],
    ));
    assert!(changed.contains("Recorded the change order"), "{changed}");
    let orders = json(
        dir.path(),
        &["purchase", "list", "--approval", &approval.to_string()],
    );
    assert_eq!(orders[0]["lines"][0]["quantity"], "3");
    assert_eq!(orders[0]["changeOrders"][0]["amount"], "-7.50");
    let bad = stderr(&add_po(
        dir.path(),
        approval,
        "PO-2",
        "10",
        &["--line", "paper 12"],
    ));
    assert!(bad.contains("QUANTITY x ITEM @ UNIT PRICE"), "{bad}");
}

#[test]
fn spending_export_writes_the_audit_workbook_and_its_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    stdout(&add_po(dir.path(), approval, "4500-0113", "30,000.00", &[]));
    stdout(&cli(
        dir.path(),
        &[
            "purchase",
            "invoice",
            "--po",
            "4500-0113",
            "--number",
            "INV-88",
            "--date",
            "2026-04-01",
            "--amount",
            "12500",
        ],
    ));
    let out = dir.path().join("out");
    let xlsx = dir.path().join("audit.xlsx");
    let csv = out.join("csv");
    let answer = json(
        dir.path(),
        &[
            "spending",
            "export",
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
            "--today",
            "2026-12-07",
        ],
    );
    assert_eq!(answer["approvals"], 1, "{answer}");
    assert_eq!(answer["invoices"], 1, "{answer}");
    assert_eq!(answer["written"].as_array().unwrap().len(), 6, "{answer}");
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "an .xlsx file"
    );
    let approvals = std::fs::read_to_string(csv.join("approvals.csv")).unwrap();
    assert!(
        approvals.contains(",74360.00,17500.00,12500.00,0.00,44360.00,"),
        "authorised, committed, invoiced, paid and remaining as the core computes them: {approvals}"
    );

    let missing = cli(dir.path(), &["spending", "export"]);
    assert!(!missing.status.success(), "an export needs somewhere to go");
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("--xlsx"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
}
