//! `purchase import`, run as a clerk runs it on a library holding the sample contracts
//! and the council's approval of Staples 070924-SCC (not to exceed $74,360.00).

use std::path::Path;

use crate::cli_spending::approved;
use crate::support::cli::{cli, json, stderr, stdout};

/// A Tyler-style purchase-order list: titles above the header, a page's headings
/// repeated, a grand total.
const PO_LIST: &str = "\
Village of Millbrook\n\
Purchase Orders by Contract, FY2026\n\
\n\
PO Number,PO Date,Vendor,Contract,Description,Amount,Status,Fiscal Year\n\
4500-0201,03/02/2026,Staples,070924-SCC,Copy paper,\"$30,000.00\",Open,FY2026\n\
4500-0202,04/06/2026,Staples,070924-SCC,Toner,\"$44,400.00\",Open,FY2026\n\
PO Number,PO Date,Vendor,Contract,Description,Amount,Status,Fiscal Year\n\
4500-0203,05/11/2026,Staples,070924-SCC,Chairs,\"$2,000.00\",Cancelled,FY2026\n\
Grand Total,,,,,\"$76,400.00\",,\n";

fn orders(dir: &Path, approval: i64) -> usize {
    json(
        dir,
        &["purchase", "list", "--approval", &approval.to_string()],
    )
    .as_array()
    .unwrap()
    .len()
}

#[test]
fn a_po_list_is_planned_then_imported_with_one_reason_for_the_flagged_rows() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    let file = dir.path().join("po-list.csv");
    std::fs::write(&file, PO_LIST).unwrap();
    let file = file.to_str().unwrap();

    let plan = json(dir.path(), &["purchase", "import", file, "--dry-run"]);
    assert_eq!(plan["headerLine"], 4, "{plan}");
    assert_eq!(plan["counts"]["purchaseOrders"], 3, "{plan}");
    assert_eq!(
        plan["counts"]["skipped"], 2,
        "the repeated headings and the total"
    );
    assert_eq!(plan["counts"]["flagged"], 1, "{plan}");
    assert_eq!(plan["imported"], false);
    let over = &plan["rows"][1];
    assert_eq!(over["line"], 6);
    assert_eq!(over["warnings"][0]["rule"], "notToExceed", "{over}");
    assert_eq!(orders(dir.path(), approval), 0, "a dry run writes nothing");

    let refused = cli(dir.path(), &["purchase", "import", file]);
    let says = stderr(&refused);
    assert!(says.contains("--override-reason"), "{says}");
    let printed = String::from_utf8_lossy(&refused.stdout);
    assert!(
        printed.contains("line     6"),
        "the plan is shown: {printed}"
    );
    assert_eq!(
        orders(dir.path(), approval),
        0,
        "nothing without the reason"
    );

    let out = stdout(&cli(
        dir.path(),
        &[
            "purchase",
            "import",
            file,
            "--override-reason",
            "Toner contract amended at the 2026-04-14 meeting",
        ],
    ));
    assert!(out.contains("Imported, in one transaction."), "{out}");
    assert!(out.contains("skipped"), "{out}");
    assert_eq!(orders(dir.path(), approval), 3);
    let list = json(dir.path(), &["approval", "list", "--today", "2026-12-07"]);
    assert_eq!(
        list[0]["figures"]["committed"], "74400.00",
        "the cancelled PO's $2,000 is not committed"
    );
}

#[test]
fn a_clerks_mapping_is_used_and_remembered_for_the_next_report() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    let first = dir.path().join("march.csv");
    std::fs::write(
        &first,
        "Order,Day,Agreement,Dollars\nQ-1,03/02/2026,070924-SCC,-$760\nQ-2,03/03/2026,070924-SCC,12O0.00\n",
    )
    .unwrap();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"columns": [{"header": "Order", "field": "poNumber"}, {"header": "Day", "field": "date"},
            {"header": "Agreement", "field": "contractNumber"}, {"header": "Dollars", "field": "amount"}]}"#,
    )
    .unwrap();
    let plan = json(
        dir.path(),
        &[
            "purchase",
            "import",
            first.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    );
    assert_eq!(plan["counts"]["refused"], 2, "{plan}");
    let negative = plan["rows"][0]["what"].as_str().unwrap();
    assert!(
        negative.contains("negative"),
        "a negative PO is refused: {negative}"
    );
    let letters = plan["rows"][1]["what"].as_str().unwrap();
    assert!(
        letters.starts_with("Line 3, Amount:") && letters.contains("12O0.00"),
        "{letters}"
    );

    let second = dir.path().join("april.csv");
    std::fs::write(
        &second,
        "Order,Day,Agreement,Dollars\nQ-3,04/02/2026,070924-SCC,$1250.00\n",
    )
    .unwrap();
    let out = stdout(&cli(
        dir.path(),
        &["purchase", "import", second.to_str().unwrap()],
    ));
    assert!(
        out.contains("PO Q-3"),
        "the remembered mapping reads it: {out}"
    );
    assert_eq!(orders(dir.path(), approval), 1);
}

#[test]
fn a_vendor_match_the_plan_proposes_is_confirmed_with_match_vendor_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let approval = approved(dir.path());
    let may = dir.path().join("may.csv");
    std::fs::write(
        &may,
        "Date,Num,Name,Amount\n05/01/2026,10501,Staples Business Advantage,$212.40\n",
    )
    .unwrap();
    let may = may.to_str().unwrap();
    let confirm = format!("Staples Business Advantage={approval}");

    let plan = stdout(&cli(dir.path(), &["purchase", "import", may, "--dry-run"]));
    assert!(plan.contains("unmatched"), "{plan}");
    assert!(
        plan.contains(&format!("to confirm: --match-vendor \"{confirm}\"")),
        "the plan says how to confirm the match it proposes: {plan}"
    );

    let bad = stderr(&cli(
        dir.path(),
        &["purchase", "import", may, "--match-vendor", "Staples"],
    ));
    assert!(bad.contains("'Staples' is not a vendor match"), "{bad}");
    assert_eq!(orders(dir.path(), approval), 0);

    let done = stdout(&cli(
        dir.path(),
        &["purchase", "import", may, "--match-vendor", &confirm],
    ));
    assert!(done.contains("Imported"), "{done}");
    assert_eq!(orders(dir.path(), approval), 1);

    // Remembered: the next report naming the vendor so is matched without asking.
    let june = dir.path().join("june.csv");
    std::fs::write(
        &june,
        "Date,Num,Name,Amount\n06/01/2026,10610,Staples Business Advantage,$99.00\n",
    )
    .unwrap();
    let next = stdout(&cli(
        dir.path(),
        &["purchase", "import", june.to_str().unwrap()],
    ));
    assert!(next.contains("Imported"), "{next}");
    assert_eq!(orders(dir.path(), approval), 2);
}
