//! Issue #11: the clerk's laptop runs Windows. Each behaviour Windows has and Linux does
//! not — locked files, device names, long paths, user folders with accents, network
//! folders, files written by Notepad and Excel — is exercised here through the CLI, as a
//! clerk or a script would meet it.
//!
//! The suite runs on every system; CI also cross-builds it for `x86_64-pc-windows-gnu`
//! and runs it under Wine, where the tests marked `cfg(windows)` hold another program's
//! lock on the file (Windows' share modes, which Wine enforces as Windows does).

use std::path::{Path, PathBuf};

use crate::support::cli::{cli, json, stderr, stdout};
#[cfg(windows)]
use crate::support::fixture;

/// A data folder as a clerk named "José Núñez" has it, nested until the path is longer
/// than the 260 characters the Windows API takes without the `\\?\` prefix.
fn long_folder_of_an_accented_user(root: &Path) -> PathBuf {
    let mut dir = root
        .join("Users")
        .join("José Núñez")
        .join("AppData")
        .join("Local");
    while dir.as_os_str().len() < 300 {
        dir = dir.join("Département des finances – Œuvres publiques");
    }
    dir.join("org.coopdesk.desktop")
}

const CONTRACTS: &str = "cooperative,contractNumber,title,vendorName,awardDate\r\n\
                         TIPS,230105,Technology solutions,Núñez Systems,11/30/2026\r\n\
                         Sourcewell,121923-CDW,Computer hardware,CDW Government,2023-12-19\r\n";

#[test]
fn a_library_under_a_long_folder_of_an_accented_user_imports_backs_up_and_restores() {
    let root = tempfile::tempdir().unwrap();
    let dir = long_folder_of_an_accented_user(root.path());
    assert!(dir.as_os_str().len() > 260);
    stdout(&cli(&dir, &["init", "--empty"]));
    let file = root.path().join("Liste des contrats – José.csv");
    std::fs::write(&file, CONTRACTS).unwrap();

    // The import that failed on Windows: its backup was synced through a read-only handle.
    let out = stdout(&cli(&dir, &["import", file.to_str().unwrap()]));
    assert!(out.contains("2 new"), "{out}");
    assert_eq!(json(&dir, &["info"])["contracts"], 2);
    let backups = json(&dir, &["backups"]);
    let kinds: Vec<&str> = backups
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"beforeImport"),
        "the backup before the import was written: {backups}"
    );

    let manual = json(&dir, &["backup"]);
    let name = manual["fileName"].as_str().unwrap().to_owned();
    let stick = root.path().join("Clé USB").join("CoopDesk backup.sqlite3");
    std::fs::create_dir_all(stick.parent().unwrap()).unwrap();
    stdout(&cli(&dir, &["backup", "--to", stick.to_str().unwrap()]));
    assert!(stick.is_file(), "the backup to a chosen file is there");

    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/contracts.csv");
    stdout(&cli(&dir, &["import", examples.to_str().unwrap()]));
    assert!(json(&dir, &["info"])["contracts"].as_i64().unwrap() > 2);
    stdout(&cli(&dir, &["restore", &name, "--yes"]));
    assert_eq!(
        json(&dir, &["info"])["contracts"],
        2,
        "the restore brought back the library as it was backed up"
    );
    let found = stdout(&cli(&dir, &["search", "Núñez"]));
    assert!(found.contains("230105"), "accented text survives: {found}");
}

#[test]
fn a_network_folder_is_refused_with_a_sentence_that_says_what_to_do() {
    for share in [
        r"\\townhall-fs\clerk\CoopDesk",
        r"\\?\UNC\townhall-fs\clerk\CoopDesk",
    ] {
        let error = stderr(&cli(Path::new(share), &["info"]));
        assert!(
            error.contains("network folder") && error.contains("bundle"),
            "{share}: {error}"
        );
    }
}

#[test]
fn files_saved_by_windows_programs_import_as_their_author_meant() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    // Excel's "CSV (Comma delimited)" on a US Windows: Windows-1252 and CRLF, with a
    // curly apostrophe (0x92) and an accented name (0xE9).
    let mut bytes = b"cooperative,contractNumber,title,vendorName\r\nTIPS,1,Clerk".to_vec();
    bytes.extend_from_slice(b"\x92s laptops,Caf\xe9 Systems\r\n");
    let file = dir.path().join("excel.csv");
    std::fs::write(&file, bytes).unwrap();
    stdout(&cli(dir.path(), &["import", file.to_str().unwrap()]));
    let found = json(dir.path(), &["search", "Café"]);
    assert_eq!(found["hits"][0]["title"], "Clerk’s laptops", "{found}");

    // A column mapping saved by Notepad: a byte-order mark and CRLF line ends.
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        "\u{feff}{\"columns\": [\r\n  {\"header\": \"Coop\", \"field\": \"cooperative\"},\r\n  \
         {\"header\": \"No.\", \"field\": \"contractNumber\"},\r\n  \
         {\"header\": \"What\", \"field\": \"title\"},\r\n  \
         {\"header\": \"Who\", \"field\": \"vendorName\"}\r\n]}\r\n",
    )
    .unwrap();
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "Coop,No.,What,Who\r\nNCPA,2,Phones,Acme\r\n").unwrap();
    let out = stdout(&cli(
        dir.path(),
        &[
            "import",
            other.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("1 new"), "{out}");
}

#[test]
fn names_windows_reserves_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    // An export to a name the clerk typed is theirs to choose; the names CoopDesk makes
    // up itself — attached documents, printed memos — are checked in the core's unit
    // tests and here through an attachment called CON.
    let out_dir = dir.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    for name in ["contracts.csv", "Café – export.json"] {
        let path = out_dir.join(name);
        let format = if name.ends_with("csv") { "csv" } else { "ocds" };
        stdout(&cli(
            dir.path(),
            &["export", path.to_str().unwrap(), "--format", format],
        ));
        assert!(path.is_file(), "{name} was written");
    }
    let listed: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        listed.len(),
        2,
        "no .partial file is left beside them: {listed:?}"
    );
}

/// Holds `path` open as a PDF viewer or Excel does: others may read it, not replace it.
#[cfg(windows)]
fn hold_open(path: &Path) -> std::fs::File {
    use std::os::windows::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0x1) // FILE_SHARE_READ
        .open(path)
        .unwrap()
}

#[cfg(windows)]
#[test]
fn exporting_over_a_csv_open_in_excel_says_to_close_it_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let path = dir.path().join("contracts.csv");
    std::fs::write(&path, "what the clerk had").unwrap();
    let excel = hold_open(&path);
    let error = stderr(&cli(
        dir.path(),
        &["export", path.to_str().unwrap(), "--format", "csv"],
    ));
    assert!(
        error.contains("contracts.csv") && error.contains("Excel") && error.contains("Close it"),
        "{error}"
    );
    drop(excel);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "what the clerk had"
    );
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("partial"))
            .count(),
        0,
        "no partial file is left"
    );
    stdout(&cli(
        dir.path(),
        &["export", path.to_str().unwrap(), "--format", "csv"],
    ));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("cooperative"));
}

#[cfg(windows)]
#[test]
fn printing_a_memo_over_one_open_in_the_pdf_viewer_says_to_close_it() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let pdf = dir.path().join("Memo.pdf");
    let comparison = fixture("tco04-orange-county.json");
    let args = [
        "memo",
        "070924-SCC",
        comparison.to_str().unwrap(),
        "--option",
        "Hosted maintenance via a cooperative contract",
        "--amount",
        "180000.00",
        "-o",
        pdf.to_str().unwrap(),
    ];
    stdout(&cli(dir.path(), &args));
    let first = std::fs::read(&pdf).unwrap();
    let viewer = hold_open(&pdf);
    let error = stderr(&cli(dir.path(), &args));
    assert!(
        error.contains("Memo.pdf") && error.contains("PDF viewer"),
        "{error}"
    );
    drop(viewer);
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        first,
        "the open memo is untouched"
    );
}

#[cfg(windows)]
#[test]
fn a_backup_onto_a_file_held_open_says_so_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let stick = dir.path().join("CoopDesk backup.sqlite3");
    stdout(&cli(
        dir.path(),
        &["backup", "--to", stick.to_str().unwrap()],
    ));
    let before = std::fs::read(&stick).unwrap();
    let other = hold_open(&stick);
    let error = stderr(&cli(
        dir.path(),
        &["backup", "--to", stick.to_str().unwrap()],
    ));
    assert!(error.contains("is open in another program"), "{error}");
    drop(other);
    assert_eq!(std::fs::read(&stick).unwrap(), before);
}
