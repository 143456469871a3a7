//! The headless CLI, run as a clerk or a script would run it.

use std::path::Path;
use std::process::{Command, Output};

fn cli(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coopdesk-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("COOPDESK_DATA_DIR")
        .output()
        .expect("the CLI runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "CLI failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn init_creates_a_library_with_the_sample_contracts() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&cli(dir.path(), &["init"]));
    assert!(out.contains("Created a new library"), "{out}");
    assert!(out.contains("Added 10 sample contracts"), "{out}");
    assert!(dir.path().join("library.sqlite3").is_file());
}

#[test]
fn init_twice_says_the_library_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let out = stdout(&cli(dir.path(), &["init"]));
    assert!(out.contains("is up to date"), "{out}");
    assert!(
        !out.contains("sample"),
        "no sample added to an existing library: {out}"
    );
}

#[test]
fn info_as_json_reports_location_version_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let out = stdout(&cli(dir.path(), &["--json", "info"]));
    let info: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(info["contracts"], 10);
    assert_eq!(info["sampleContracts"], 10);
    assert_eq!(info["schemaVersion"], info["supportedSchemaVersion"]);
    let path = info["databasePath"].as_str().unwrap();
    assert!(Path::new(path).starts_with(dir.path()), "{path}");
}

#[test]
fn the_environment_variable_points_the_cli_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_coopdesk-cli"))
        .args(["init", "--empty"])
        .env("COOPDESK_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(dir.path().join("library.sqlite3").is_file());
}

#[test]
fn a_library_from_a_newer_coopdesk_is_an_error_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("library.sqlite3")).unwrap();
    conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 999;")
        .unwrap();
    drop(conn);
    let output = cli(dir.path(), &["info"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("newer version of CoopDesk"), "{err}");
}

#[test]
fn memo_writes_a_pdf_and_a_word_file_recommending_the_chosen_option_of_a_sample_contract() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("memo.pdf");
    let docx = dir.path().join("memo.docx");
    let comparison =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tco04-orange-county.json");
    let out = stdout(&cli(
        dir.path(),
        &[
            "memo",
            "091521 -NAF",
            comparison.to_str().unwrap(),
            "--option",
            "hosted maintenance via a cooperative contract",
            "--amount",
            "180000",
            "--date",
            "2026-12-02",
            "--output",
            pdf.to_str().unwrap(),
            "--docx",
            docx.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("Wrote the memo"), "{out}");
    let word = std::fs::read(&docx).unwrap();
    assert!(word.starts_with(b"PK"), "the Word file is a .docx package");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "the file is a PDF");
    assert!(
        bytes.len() > 10_000,
        "the memo has pages, fonts and a chart"
    );
}

#[test]
fn memo_names_the_options_when_the_chosen_one_is_not_in_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let comparison =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tco04-orange-county.json");
    let output = cli(
        dir.path(),
        &[
            "memo",
            "091521-NAF",
            comparison.to_str().unwrap(),
            "--option",
            "Buy a horse",
            "--amount",
            "1",
            "--output",
            dir.path().join("memo.pdf").to_str().unwrap(),
        ],
    );
    assert!(!output.status.success(), "an unknown option is refused");
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("'Buy a horse' is not an option"), "{error}");
    assert!(
        error.contains("Own RFP for a replacement system"),
        "the choices are listed: {error}"
    );
    assert!(!dir.path().join("memo.pdf").exists(), "no memo is written");
}

/// A 4 × 2 pixel RGB PNG.
const TINY_PNG: [u8; 73] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 240, 202, 234, 52, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 208, 208, 136, 130, 35, 6,
    100, 14, 0, 67, 154, 5, 81, 227, 184, 161, 15, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

#[test]
fn the_logo_is_set_printed_in_the_word_memo_refused_when_too_big_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let png = dir.path().join("seal.png");
    std::fs::write(&png, TINY_PNG).unwrap();
    let out = stdout(&cli(
        dir.path(),
        &[
            "logo",
            png.to_str().unwrap(),
            "--alt",
            "Seal of the Village",
        ],
    ));
    assert!(out.contains("(4 × 2 pixels)"), "{out}");

    let comparison =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tco04-orange-county.json");
    let docx = dir.path().join("memo.docx");
    stdout(&cli(
        dir.path(),
        &[
            "memo",
            "091521-NAF",
            comparison.to_str().unwrap(),
            "--option",
            "Hosted maintenance via a cooperative contract",
            "--amount",
            "180000",
            "--output",
            dir.path().join("memo.pdf").to_str().unwrap(),
            "--docx",
            docx.to_str().unwrap(),
        ],
    ));
    let archive = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    assert!(
        archive.file_names().any(|n| n.is_ok_and(|n| n == "word/media/logo.png")),
        "the Word memo carries the logo"
    );

    let big = dir.path().join("poster.png");
    let mut bytes = TINY_PNG.to_vec();
    bytes.resize(600 * 1024, 0);
    std::fs::write(&big, bytes).unwrap();
    let output = cli(dir.path(), &["logo", big.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("600 KB; choose one under 512 KB"), "{err}");

    let out = stdout(&cli(dir.path(), &["logo", "--remove"]));
    assert!(out.contains("no logo"), "{out}");
}
