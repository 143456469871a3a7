//! `coopdesk-cli import` and `export`, run as a clerk or a script would run them.

use std::path::Path;

use crate::support::cli::{cli, json, stdout};

fn count(data_dir: &Path) -> i64 {
    json(data_dir, &["info"])["contracts"].as_i64().unwrap()
}

const FILE: &str = "cooperative,contractNumber,title,vendorName,awardDate\n\
                    TIPS,1,Laptops,Acme,11/30/2026\n\
                    TIPS,2,,Acme,2026-02-30\n";

#[test]
fn a_dry_run_prints_the_plan_with_each_invalid_row_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.csv");
    std::fs::write(&file, FILE).unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let out = stdout(&cli(
        dir.path(),
        &["import", file.to_str().unwrap(), "--dry-run"],
    ));
    assert!(
        out.contains("1 new, 0 changed, 0 duplicate, 1 invalid"),
        "{out}"
    );
    assert!(out.contains("line 3, Title: is required."), "{out}");
    assert!(out.contains("Dry run: nothing was written."), "{out}");
    assert_eq!(count(dir.path()), 0);
}

#[test]
fn import_writes_the_valid_rows_and_export_writes_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.csv");
    std::fs::write(&file, FILE).unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let out = stdout(&cli(dir.path(), &["import", file.to_str().unwrap()]));
    assert!(out.contains("Imported: 1 added"), "{out}");
    assert_eq!(count(dir.path()), 1);

    for (name, format) in [
        ("out.csv", "csv"),
        ("out.json", "ocds"),
        ("out.coopdesk", "bundle"),
    ] {
        let target = dir.path().join(name);
        let out = stdout(&cli(
            dir.path(),
            &["export", target.to_str().unwrap(), "--format", format],
        ));
        assert!(out.contains("Exported 1 contract to"), "{out}");
        // Importing our own export finds the same contract, unchanged.
        let out = stdout(&cli(
            dir.path(),
            &["--json", "import", target.to_str().unwrap(), "--dry-run"],
        ));
        let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(plan["plan"]["counts"]["duplicate"], 1, "{format}: {out}");
        assert_eq!(plan["report"], serde_json::Value::Null);
    }
}

#[test]
fn an_unreadable_file_is_one_sentence_on_stderr_and_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cut.json");
    std::fs::write(&file, "{\"releases\": [").unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let output = cli(dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("cut.json is not complete JSON"), "{err}");
}

#[test]
fn a_mapping_file_maps_foreign_columns_and_is_remembered_for_the_next_file() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let file = dir.path().join("foreign.csv");
    std::fs::write(
        &file,
        "Contract #,Supplier,Program,Description,Internal ref\n\
         0042,Acme,TIPS,Laptops,X1\n",
    )
    .unwrap();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"columns": [
            {"header": "Contract #", "field": "contractNumber"},
            {"header": "Supplier", "field": "vendorName"},
            {"header": "Program", "field": "cooperative"},
            {"header": "Description", "field": "title"},
            {"header": "Internal ref", "field": null}]}"#,
    )
    .unwrap();
    let out = stdout(&cli(
        dir.path(),
        &[
            "import",
            file.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("Imported: 1 added"), "{out}");
    assert!(out.contains("Columns not imported: Internal ref."), "{out}");

    // "Description" is not guessed as the title; the remembered mapping says it is.
    std::fs::write(
        &file,
        "Contract #,Supplier,Program,Description,Internal ref\n\
         0043,Acme,TIPS,Phones,X2\n",
    )
    .unwrap();
    let out = stdout(&cli(dir.path(), &["import", file.to_str().unwrap()]));
    assert!(out.contains("Imported: 1 added"), "{out}");
    assert_eq!(count(dir.path()), 2);
}

#[test]
fn a_dry_run_shows_what_to_check_and_every_swallowed_line_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.csv");
    std::fs::write(
        &file,
        "cooperative,contractNumber,title,vendorName,expiryDate\n\
         TIPS,1,Laptops,Acme,11/30/26\n\
         ,,,,\n\
         TIPS,2,\"Phones,Acme,2027-01-31\n\
         TIPS,3,Tablets,Acme,2027-01-31\n",
    )
    .unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let out = stdout(&cli(
        dir.path(),
        &["import", file.to_str().unwrap(), "--dry-run"],
    ));
    assert!(
        out.contains("1 new, 0 changed, 0 duplicate, 2 invalid, 1 empty row skipped"),
        "{out}"
    );
    assert!(
        out.contains("check: line 2, Expiry date: '11/30/26' has a two-digit year"),
        "{out}"
    );
    assert!(out.contains("check: line 3, Row: is empty"), "{out}");
    assert!(
        out.contains("line 4, Title: the quote that opens this cell on line 4 is never closed"),
        "{out}"
    );
    assert!(
        out.contains("line 5, Row: was taken into a cell of line 4"),
        "{out}"
    );

    let out = stdout(&cli(
        dir.path(),
        &["--json", "import", file.to_str().unwrap(), "--dry-run"],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let plan = &json["plan"];
    assert_eq!(plan["counts"]["empty"], 1, "{out}");
    let warnings = plan["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["line"] == 2 && w["field"] == "expiryDate"),
        "{out}"
    );
    assert_eq!(plan["invalid"].as_array().unwrap().len(), 2, "{out}");
}
