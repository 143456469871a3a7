//! The headless CLI, run as a clerk or a script would run it.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::cli::{cli, stdout, CLI};
use crate::support::fixture;
use crate::support::library::{library_file, open_without_sample};

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
    let output = Command::new(CLI)
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
    let conn = library_file(dir.path());
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
    let comparison = fixture("tco04-orange-county.json");
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
    let comparison = fixture("tco04-orange-county.json");
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

    let comparison = fixture("tco04-orange-county.json");
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
        archive
            .file_names()
            .any(|n| n.is_ok_and(|n| n == "word/media/logo.png")),
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

/// A library holding one contract whose vendor name carries a right-to-left override,
/// the way an imported file could.
fn library_with_a_bidi_vendor() -> tempfile::TempDir {
    use coopdesk_core::library::contract::{self, Contract};
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-01-05T09:00:00".parse().unwrap();
    let db = open_without_sample(dir.path(), now);
    let contract = Contract {
        cooperative: "Sourcewell".into(),
        contract_number: "RLO-1".into(),
        title: "Bidi test\u{2066}isolate\u{2069}".into(),
        vendor_name: "Acme \u{202E}fdp.exe\u{202C} Corp".into(),
        ..Contract::default()
    };
    contract::insert(&db, &contract, now).unwrap();
    dir
}

#[test]
fn bidirectional_controls_from_imported_text_are_shown_escaped_not_obeyed() {
    let dir = library_with_a_bidi_vendor();
    let out = stdout(&cli(dir.path(), &["search", "acme"]));
    for c in ['\u{202E}', '\u{202C}', '\u{2066}', '\u{2069}'] {
        assert!(
            !out.contains(c),
            "the terminal must not receive U+{:04X} raw: {out:?}",
            c as u32
        );
    }
    assert!(
        out.contains("Acme <U+202E>fdp.exe<U+202C> Corp"),
        "the clerk sees where the controls are: {out}"
    );
}

#[test]
fn json_output_keeps_imported_text_exactly() {
    let dir = library_with_a_bidi_vendor();
    let out = stdout(&cli(dir.path(), &["--json", "search", "acme"]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        value
            .to_string()
            .contains("Acme \u{202E}fdp.exe\u{202C} Corp"),
        "--json is exact: {out}"
    );
}

#[test]
fn a_comparison_file_saved_by_notepad_with_a_byte_order_mark_is_compared() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("tco04-orange-county.json");
    let text = std::fs::read_to_string(source).unwrap();
    let file = dir.path().join("with-bom.json");
    std::fs::write(&file, format!("\u{FEFF}{text}")).unwrap();
    let out = stdout(&cli(dir.path(), &["compare", file.to_str().unwrap()]));
    assert!(
        out.contains("Orange") || out.contains("present value"),
        "{out}"
    );
}

#[test]
fn a_mapping_file_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let csv = dir.path().join("contracts.csv");
    std::fs::write(
        &csv,
        "Coop,Number,Name,Supplier\nSourcewell,BOM-1,Road salt,Salt Co\n",
    )
    .unwrap();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        "\u{FEFF}{\"columns\": [{\"header\": \"Coop\", \"field\": \"cooperative\"}, \
         {\"header\": \"Number\", \"field\": \"contractNumber\"}, \
         {\"header\": \"Name\", \"field\": \"title\"}, \
         {\"header\": \"Supplier\", \"field\": \"vendorName\"}]}",
    )
    .unwrap();
    let output = cli(
        dir.path(),
        &[
            "import",
            csv.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
            "--dry-run",
        ],
    );
    let out = stdout(&output);
    assert!(
        out.contains("BOM-1") || out.contains("1 new"),
        "the mapped row is planned: {out}"
    );
}

fn json_of(output: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(output)).expect("--json prints JSON")
}

/// A library with the sample contracts and the Orange County comparison saved as #1,
/// its cooperative option linked to Sourcewell 091521-NAF.
fn library_with_a_saved_comparison() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let hits = json_of(&cli(dir.path(), &["--json", "search", "091521-NAF"]));
    let naf = hits["hits"][0]["id"]
        .as_i64()
        .expect("the sample holds 091521-NAF");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tco04-orange-county.json");
    let mut comparison: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    comparison["options"][0]["kind"]["contractId"] = naf.into();
    let file = dir.path().join("comparison.json");
    std::fs::write(&file, comparison.to_string()).unwrap();
    stdout(&cli(
        dir.path(),
        &["comparison", "save", file.to_str().unwrap()],
    ));
    let option = comparison["options"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    (dir, option)
}

#[test]
fn memos_answer_to_their_grouped_spellings_and_to_the_earlier_ones() {
    let (dir, option) = library_with_a_saved_comparison();
    let dir = dir.path();
    let new = ["--comparison", "1", "--option", option.as_str()];
    let first = json_of(&cli(dir, &[&["--json", "memo", "new"][..], &new].concat()));
    let second = json_of(&cli(dir, &[&["--json", "memo-new"][..], &new].concat()));
    assert_eq!(
        (first["id"].as_i64(), second["id"].as_i64()),
        (Some(1), Some(2)),
        "`memo new` and the earlier `memo-new` both start a memo"
    );

    let listed = json_of(&cli(dir, &["--json", "memo", "list"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
    assert_eq!(
        json_of(&cli(dir, &["--json", "memos"])),
        listed,
        "`memos` lists what `memo list` lists"
    );

    for (spelling, file) in [
        (&["memo", "pdf", "1"][..], "grouped.pdf"),
        (&["memo-pdf", "1"][..], "earlier.pdf"),
        (&["memo", "docx", "1"][..], "grouped.docx"),
        (&["memo-docx", "1"][..], "earlier.docx"),
    ] {
        let path = dir.join(file);
        let out = stdout(&cli(
            dir,
            &[spelling, &["-o", path.to_str().unwrap()]].concat(),
        ));
        assert!(
            out.contains("Wrote version 1 of memo 1"),
            "{spelling:?}: {out}"
        );
        let magic: &[u8] = if file.ends_with(".pdf") {
            b"%PDF-"
        } else {
            b"PK"
        };
        assert!(
            std::fs::read(&path).unwrap().starts_with(magic),
            "{spelling:?} writes {file}"
        );
    }

    let comparison = dir.join("comparison.json");
    for (spelling, file) in [
        (&["memo", "compose"][..], "composed.pdf"),
        (&["memo"][..], "composed-earlier.pdf"),
    ] {
        let path = dir.join(file);
        let html = dir.join(format!("{file}.html"));
        let args = [
            "091521-NAF",
            comparison.to_str().unwrap(),
            "--option",
            option.as_str(),
            "--amount",
            "180000",
            "--purchase",
            "hosted permitting maintenance",
            "--html",
            html.to_str().unwrap(),
            "-o",
            path.to_str().unwrap(),
        ];
        let out = stdout(&cli(dir, &[spelling, &args].concat()));
        assert!(out.contains("Wrote the memo"), "{spelling:?}: {out}");
        assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
        let preview = std::fs::read_to_string(&html).unwrap();
        assert!(
            preview.contains("Approve the purchase of hosted permitting maintenance from"),
            "--purchase names what the motion approves: {spelling:?}"
        );
    }
}

#[test]
fn backups_answer_to_their_grouped_spellings_and_to_the_earlier_ones() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    stdout(&cli(dir, &["init"]));
    let stick = dir.join("stick.sqlite3");
    let created = json_of(&cli(
        dir,
        &[
            "--json",
            "backup",
            "create",
            "--to",
            stick.to_str().unwrap(),
        ],
    ));
    assert!(
        stick.is_file(),
        "`backup create --to` writes the file: {created}"
    );
    let earlier = dir.join("stick-earlier.sqlite3");
    stdout(&cli(dir, &["backup", "--to", earlier.to_str().unwrap()]));
    assert!(
        earlier.is_file(),
        "the earlier `backup --to` still writes it"
    );
    assert!(stdout(&cli(dir, &["backup", "create"])).contains("Backed up the library"));
    assert!(stdout(&cli(dir, &["backup"])).contains("Backed up the library"));

    let listed = json_of(&cli(dir, &["--json", "backup", "list"]));
    assert!(
        !listed.as_array().unwrap().is_empty(),
        "the backups folder has backups: {listed}"
    );
    assert_eq!(
        json_of(&cli(dir, &["--json", "backups"])),
        listed,
        "`backups` lists what `backup list` lists"
    );

    let name = listed[0]["fileName"].as_str().unwrap();
    for spelling in [&["backup", "restore"][..], &["restore"][..]] {
        let refused = cli(dir, &[spelling, &[name]].concat());
        assert_eq!(refused.status.code(), Some(1), "{spelling:?} without --yes");
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(err.contains("add --yes"), "{spelling:?}: {err}");
        let out = stdout(&cli(dir, &[spelling, &[name, "--yes"]].concat()));
        assert!(
            out.contains("Restored the library from"),
            "{spelling:?}: {out}"
        );
    }
}

#[test]
fn with_json_an_error_is_the_code_and_sentence_the_window_receives() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let output = cli(
        dir.path(),
        &[
            "--json",
            "backup",
            "restore",
            "no-such-backup.sqlite3",
            "--yes",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "a failure exits with 1");
    assert!(
        output.stdout.is_empty(),
        "nothing on stdout for a script to mistake"
    );
    let error: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "stderr is JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(error["code"], "not_found", "{error}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("no-such-backup.sqlite3")),
        "the sentence names what was not found: {error}"
    );

    let plain = cli(
        dir.path(),
        &["backup", "restore", "no-such-backup.sqlite3", "--yes"],
    );
    let err = String::from_utf8_lossy(&plain.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("no-such-backup.sqlite3"),
        "without --json, one sentence: {err}"
    );
}
