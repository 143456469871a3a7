//! The CLI when things go wrong: backups and restore from the command line, a damaged
//! library, a full disk, the process killed while it saves, and no network at all.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use crate::support::cli::{cli, command, kill, spawn, stderr, stdout};
use crate::support::comparison::orange_county;
use crate::support::library::{integrity, library_file, open_without_sample};

fn count(dir: &Path, sql: &str) -> i64 {
    library_file(dir).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A comparison file whose description is `size` bytes: a write that takes a while.
fn big_comparison(dir: &Path, title: &str, size: usize) -> (PathBuf, String) {
    let comparison = orange_county()
        .titled(title)
        .described(&"Replace the permit system. ".repeat(size / 27))
        .build();
    let path = dir.join(format!("{title}.json"));
    std::fs::write(&path, comparison.to_json()).unwrap();
    let stored =
        coopdesk_core::tco::Comparison::from_json(&std::fs::read_to_string(&path).unwrap())
            .unwrap()
            .to_json();
    (path, stored)
}

#[test]
fn backups_are_listed_restored_with_confirmation_and_written_to_a_chosen_file() {
    let dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    let out = stdout(&cli(dir.path(), &["backup"]));
    assert!(out.contains("Backed up the library to"), "{out}");
    let dest = stick.path().join("coopdesk.sqlite3");
    stdout(&cli(
        dir.path(),
        &["backup", "--to", dest.to_str().unwrap()],
    ));
    assert!(dest.is_file());

    let list: serde_json::Value =
        serde_json::from_str(&stdout(&cli(dir.path(), &["--json", "backups"]))).unwrap();
    let manual = list
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "manual")
        .expect("the manual backup is listed");
    let name = manual["fileName"].as_str().unwrap().to_owned();

    let (file, _) = big_comparison(dir.path(), "Permits", 1000);
    stdout(&cli(
        dir.path(),
        &["comparison", "save", file.to_str().unwrap()],
    ));
    assert_eq!(count(dir.path(), "SELECT count(*) FROM comparisons"), 1);

    let refused = stderr(&cli(dir.path(), &["restore", &name]));
    assert!(refused.contains("--yes"), "{refused}");
    assert_eq!(
        count(dir.path(), "SELECT count(*) FROM comparisons"),
        1,
        "without --yes nothing changes"
    );
    let out = stdout(&cli(dir.path(), &["restore", &name, "--yes"]));
    assert!(out.contains("Restored the library from"), "{out}");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM comparisons"), 0);

    stdout(&cli(
        dir.path(),
        &["comparison", "save", file.to_str().unwrap()],
    ));
    stdout(&cli(
        dir.path(),
        &["restore", dest.to_str().unwrap(), "--yes"],
    ));
    assert_eq!(
        count(dir.path(), "SELECT count(*) FROM comparisons"),
        0,
        "a backup file from a USB stick restores too"
    );
}

#[test]
fn a_damaged_library_is_reported_and_recovered_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    stdout(&cli(dir.path(), &["backup"]));
    let path = dir.path().join("library.sqlite3");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..16].fill(0);
    std::fs::write(&path, &bytes).unwrap();

    let err = stderr(&cli(dir.path(), &["info"]));
    assert!(err.contains("is damaged"), "{err}");
    assert!(
        err.contains("coopdesk-cli recover"),
        "says what to do: {err}"
    );

    let out = stdout(&cli(dir.path(), &["recover"]));
    assert!(out.contains("The damaged file is kept at"), "{out}");
    let info = stdout(&cli(dir.path(), &["info"]));
    assert!(info.contains("Contracts:      10"), "{info}");
}

/// Runs the CLI with writes limited to about `limit_bytes` per file, with SIGXFSZ
/// ignored so that a write past it fails with EFBIG instead of killing the process —
/// what a full disk or a FAT-formatted stick looks like to the program.
/// Unix only: `ulimit -f` has no Windows counterpart a test can set; a full disk there is
/// `ERROR_DISK_FULL`, which the same `Error::io` constructor maps (unit-tested in the core).
#[cfg(unix)]
fn cli_with_file_size_limit(
    data_dir: &Path,
    limit_bytes: u64,
    args: &[&str],
) -> std::process::Output {
    // `ulimit -f` counts 512-byte blocks in dash and 1024-byte blocks in bash; the
    // limits below hold under either reading.
    let script = format!(
        "trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"",
        limit_bytes / 512
    );
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(crate::support::cli::CLI)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("COOPDESK_DATA_DIR")
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_a_clear_error_and_the_library_still_opens_intact() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    stdout(&cli(dir.path(), &["info"])); // today's backup, taken without a limit
    let size = std::fs::metadata(dir.path().join("library.sqlite3"))
        .unwrap()
        .len();

    // Saving a comparison far larger than the room left.
    let (file, _) = big_comparison(dir.path(), "Too big", 8 << 20);
    let output = cli_with_file_size_limit(
        dir.path(),
        size + (1 << 20),
        &["comparison", "save", file.to_str().unwrap()],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: There is not enough room on the disk"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");

    // A backup to a place without room.
    let dest = dir.path().join("stick.sqlite3");
    let output = cli_with_file_size_limit(
        dir.path(),
        size / 4,
        &["backup", "--to", dest.to_str().unwrap()],
    );
    let err = stderr(&output);
    assert!(
        err.starts_with("error: There is not enough room on the disk"),
        "{err}"
    );
    assert!(!dest.exists(), "no half-written backup is left");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")),
        "no partial file is left"
    );

    let info = stdout(&cli(dir.path(), &["info"]));
    assert!(info.contains("Contracts:      10"), "{info}");
    assert_eq!(integrity(dir.path()), "ok");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM comparisons"), 0);
}

#[test]
fn a_comparison_killed_while_saving_is_either_fully_saved_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    stdout(&cli(dir.path(), &["info"])); // today's backup out of the way
    let (file, stored) = big_comparison(dir.path(), "Utility billing", 4 << 20);
    let file = file.to_str().unwrap().to_owned();

    let started = Instant::now();
    stdout(&cli(dir.path(), &["comparison", "save", &file]));
    let whole = started.elapsed();

    let runs = 24;
    let mut seen = (0, 0);
    for run in 0..runs {
        let before = count(dir.path(), "SELECT count(*) FROM comparisons");
        let mut child = spawn(
            command(dir.path(), &["comparison", "save", &file])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        // From the very start to a little past the usual end, evenly spread.
        std::thread::sleep(whole.mul_f64(1.2 * run as f64 / (runs - 1) as f64));
        kill(&mut child); // no destructor, no rollback, no checkpoint

        assert_eq!(integrity(dir.path()), "ok", "run {run}");
        let after = count(dir.path(), "SELECT count(*) FROM comparisons");
        assert!(
            after == before || after == before + 1,
            "run {run}: {before} comparisons before, {after} after"
        );
        if after == before {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        let conn = library_file(dir.path());
        let mut statement = conn.prepare("SELECT document FROM comparisons").unwrap();
        let documents = statement.query_map([], |r| r.get::<_, String>(0)).unwrap();
        for document in documents {
            assert!(
                document.unwrap() == stored,
                "run {run}: every saved comparison is whole"
            );
        }
    }
    eprintln!(
        "{} kills before the save committed, {} after ({whole:?} per save)",
        seen.0, seen.1
    );
}

#[test]
fn a_memo_killed_while_saving_is_either_fully_saved_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    stdout(&cli(dir.path(), &["info"])); // today's backup out of the way
                                         // A large comparison linked to the sample contract 091521-NAF: the memo copies it,
                                         // so saving the memo is a write that takes a while.
    let naf: i64 = library_file(dir.path())
        .query_row(
            "SELECT id FROM contracts WHERE contract_number = '091521-NAF'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (file, _) = big_comparison(dir.path(), "Fleet", 9_900);
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    value["options"][0]["kind"]["contractId"] = naf.into();
    std::fs::write(&file, value.to_string()).unwrap();
    stdout(&cli(
        dir.path(),
        &["comparison", "save", file.to_str().unwrap()],
    ));
    let option = value["options"][0]["name"].as_str().unwrap().to_owned();
    let args = ["memo-new", "--comparison", "1", "--option", option.as_str()];

    let started = Instant::now();
    stdout(&cli(dir.path(), &args));
    let whole = started.elapsed();

    let runs = 24;
    for run in 0..runs {
        let before = count(dir.path(), "SELECT count(*) FROM memos");
        let mut child = spawn(
            command(dir.path(), &args)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        std::thread::sleep(whole.mul_f64(1.2 * run as f64 / (runs - 1) as f64));
        kill(&mut child);

        assert_eq!(integrity(dir.path()), "ok", "run {run}");
        let after = count(dir.path(), "SELECT count(*) FROM memos");
        assert!(
            after == before || after == before + 1,
            "run {run}: {before} memos before, {after} after"
        );
        let orphans = count(
            dir.path(),
            "SELECT count(*) FROM memos m WHERE NOT EXISTS
               (SELECT 1 FROM memo_versions v WHERE v.memo_id = m.id)",
        );
        assert_eq!(orphans, 0, "run {run}: every memo has its version");
    }
    // Every memo left behind opens and renders.
    let listed = stdout(&cli(dir.path(), &["memos"]));
    assert!(listed.contains("Purchase of"), "{listed}");
}

/// Runs the whole CLI workflow inside a network namespace with no interface but a
/// downed loopback: nothing it does may need the network.
/// Linux only: network namespaces (`unshare -n`) exist nowhere else; the code is the same
/// on every system and has no network client in its dependency tree (`no_gui_crates.rs`).
#[cfg(target_os = "linux")]
#[test]
fn the_whole_workflow_runs_without_any_network() {
    use crate::support::cli::CLI;
    use crate::support::fixture;
    use std::process::Command;

    let permitted = |flags: &[&str]| {
        Command::new("unshare")
            .args(flags)
            .arg("true")
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    let flags: Vec<&str> = if permitted(&["-n"]) {
        vec!["-n"]
    } else if permitted(&["-r", "-n"]) {
        vec!["-r", "-n"]
    } else if std::env::var_os("CI").is_some() {
        panic!("`unshare -n` is not permitted here, and CI must run this test");
    } else {
        eprintln!("skipped: `unshare -n` (a network namespace) is not permitted on this machine");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let offline = |args: &[&str]| -> String {
        let output = Command::new("unshare")
            .args(&flags)
            .arg(CLI)
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env_remove("COOPDESK_DATA_DIR")
            .output()
            .unwrap();
        stdout(&output)
    };
    // Proof that the namespace really has no network.
    let probe = Command::new("unshare")
        .args(&flags)
        .args(["sh", "-c", "cat /proc/net/dev"])
        .output()
        .unwrap();
    let interfaces = String::from_utf8_lossy(&probe.stdout);
    assert!(
        interfaces
            .lines()
            .skip(2)
            .all(|l| l.trim_start().starts_with("lo:")),
        "only the loopback exists: {interfaces}"
    );

    let comparison = fixture("tco04-orange-county.json");
    let comparison = comparison.to_str().unwrap();
    let pdf = dir.path().join("memo.pdf");
    let stick = dir.path().join("backup.sqlite3");
    assert!(offline(&["init"]).contains("Created a new library"));
    assert!(offline(&["search", "fleet"]).contains("091521-NAF"));
    assert!(offline(&["compare", comparison]).contains("Rank"));
    offline(&["comparison", "save", comparison]);
    offline(&[
        "memo",
        "091521 -NAF",
        comparison,
        "--option",
        "hosted maintenance via a cooperative contract",
        "--amount",
        "180000",
        "--output",
        pdf.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    offline(&["backup", "--to", stick.to_str().unwrap()]);
    assert!(offline(&["backups"]).contains("backup"));
    assert!(stick.is_file());
}

/// The library as the test sees it after a kill: (comparisons, documents' names), with
/// every document record matching its file.
fn restored_state(dir: &Path) -> (i64, Vec<String>) {
    use coopdesk_core::library::documents;
    let db = open_without_sample(dir, chrono::Local::now().naive_local());
    let mut names = Vec::new();
    for contract in coopdesk_core::library::contract::all(&db).unwrap() {
        for document in documents::list_documents(&db, contract.id.unwrap()).unwrap() {
            assert!(
                document.verified,
                "{} matches its record after the kill",
                document.file_name
            );
            names.push(document.file_name);
        }
    }
    // Counted on a connection of the test's own: what is on disk.
    let raw = rusqlite::Connection::open(db.path().expect("a library on disk")).unwrap();
    let comparisons = raw
        .query_row("SELECT count(*) FROM comparisons", [], |r| r.get(0))
        .unwrap();
    (comparisons, names)
}

fn attach(dir: &Path, name: &str, bytes: &[u8]) {
    use coopdesk_core::library::documents::{self, DocumentKind};
    let now = chrono::Local::now().naive_local();
    let db = open_without_sample(dir, now);
    let id = coopdesk_core::library::contract::all(&db).unwrap()[0]
        .id
        .unwrap();
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join(name), bytes).unwrap();
    documents::attach(&db, id, &source.path().join(name), DocumentKind::Award, now).unwrap();
}

#[test]
fn a_restore_killed_at_any_moment_leaves_the_old_or_the_new_library_whole() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init"]));
    attach(dir.path(), "old-award.pdf", &[7u8; 300_000]);
    let stick = dir.path().join("old.sqlite3");
    stdout(&cli(
        dir.path(),
        &["backup", "--to", stick.to_str().unwrap()],
    ));
    let old = restored_state(dir.path());
    let (file, _) = big_comparison(dir.path(), "Newer work", 2 << 20);
    let file = file.to_str().unwrap().to_owned();
    let make_new = || {
        stdout(&cli(dir.path(), &["comparison", "save", &file]));
        attach(dir.path(), "new-award.pdf", &[9u8; 300_000]);
    };
    make_new();
    let new = restored_state(dir.path());
    assert_ne!(old, new);

    let restore = ["restore", stick.to_str().unwrap(), "--yes"];
    let started = Instant::now();
    stdout(&cli(dir.path(), &restore));
    let whole = started.elapsed();
    assert_eq!(
        restored_state(dir.path()),
        old,
        "a restore that runs to the end"
    );

    let runs = 30;
    let mut seen = (0, 0);
    for run in 0..runs {
        if restored_state(dir.path()) == old {
            make_new();
        }
        let mut child = spawn(
            command(dir.path(), &restore)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        std::thread::sleep(whole.mul_f64(1.1 * run as f64 / (runs - 1) as f64));
        kill(&mut child);

        let state = restored_state(dir.path());
        assert_eq!(integrity(dir.path()), "ok", "run {run}");
        if state == old {
            seen.1 += 1;
        } else {
            assert_eq!(
                state.0, new.0,
                "run {run}: the comparisons are the new library's"
            );
            assert!(
                state.1.iter().any(|n| n.starts_with("new-award")),
                "run {run}: the documents are the new library's: {state:?}"
            );
            seen.0 += 1;
        }
    }
    eprintln!(
        "{} kills left the library as it was, {} after the restore ({whole:?} per restore)",
        seen.0, seen.1
    );
}
