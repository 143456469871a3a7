//! Issue #7: an import killed at any moment leaves the library exactly as before or
//! exactly as after — never part — and never damaged.
//!
//! Drives the real `coopdesk-cli` binary: one full import is timed, then the same import
//! is started on fresh copies of the library and killed with SIGKILL at moments spread
//! over that time (and a little beyond), at least twenty times.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::support::cli::{command, kill, spawn};
use crate::support::library::library_file;

const ROWS: usize = 20_000;
const BEFORE: i64 = 3;

/// The CLI on the library in `data_dir`, quiet: only its exit status counts here.
fn cli(data_dir: &Path) -> Command {
    let mut command = command(data_dir, &[]);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

fn csv(rows: usize, first: usize) -> String {
    let mut text = String::from("cooperative,contractNumber,title,vendorName,expiryDate,notes\n");
    for n in first..first + rows {
        text.push_str(&format!(
            "Sourcewell,{n:08},\"Vehicles, lot {n}\",Vendor {},2027-06-30,\"O’Brien & Peñasco, note {n}\"\n",
            n % 97
        ));
    }
    text
}

/// (integrity_check, live contracts) of the library in `dir`.
fn state(dir: &Path) -> (String, i64) {
    let conn = library_file(dir);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let count: i64 = conn
        .query_row("SELECT count(*) FROM contracts", [], |r| r.get(0))
        .unwrap();
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM contracts_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        indexed, count,
        "the search index holds exactly the contracts"
    );
    (check, count)
}

#[test]
fn killing_an_import_at_any_moment_leaves_the_library_before_or_after_never_part() {
    let work = tempfile::tempdir().unwrap();
    let base = work.path().join("base");
    let file = work.path().join("big.csv");
    std::fs::write(&file, csv(ROWS, 0)).unwrap();
    let small = work.path().join("small.csv");
    std::fs::write(&small, csv(BEFORE as usize, 900_000)).unwrap();
    assert!(cli(&base)
        .args(["init", "--empty"])
        .status()
        .unwrap()
        .success());
    assert!(cli(&base)
        .arg("import")
        .arg(&small)
        .status()
        .unwrap()
        .success());
    assert_eq!(state(&base), ("ok".into(), BEFORE));

    let fresh_copy = |name: &str| {
        let dir = work.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(base.join("library.sqlite3"), dir.join("library.sqlite3")).unwrap();
        dir
    };

    // One complete import, to know how long one takes here.
    let timed = fresh_copy("timed");
    let started = Instant::now();
    assert!(cli(&timed)
        .arg("import")
        .arg(&file)
        .status()
        .unwrap()
        .success());
    let full = started.elapsed();
    let after = BEFORE + ROWS as i64;
    assert_eq!(state(&timed), ("ok".into(), after));

    let kills = 24;
    let (mut saw_before, mut saw_after) = (0, 0);
    for attempt in 0..kills {
        let dir = fresh_copy(&format!("kill-{attempt}"));
        // Moments from 5% to 115% of a full import, so some kills land while reading,
        // most while writing, a few after the commit.
        let moment = full.mul_f64(0.05 + 1.10 * attempt as f64 / (kills - 1) as f64);
        let mut child = spawn(cli(&dir).arg("import").arg(&file));
        std::thread::sleep(moment);
        kill(&mut child);
        let (check, count) = state(&dir);
        assert_eq!(
            check, "ok",
            "kill {attempt} at {moment:?} damaged the library"
        );
        assert!(
            count == BEFORE || count == after,
            "kill {attempt} at {moment:?} left {count} contracts: part of the import \
             (before {BEFORE}, after {after})"
        );
        if count == BEFORE {
            saw_before += 1;
        } else {
            saw_after += 1;
        }
        // The library still opens and works after the kill.
        let status = cli(&dir)
            .args(["search", "Peñasco", "--limit", "1"])
            .status()
            .unwrap();
        assert!(status.success(), "the library opens after kill {attempt}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(
        saw_before > 0,
        "no kill landed before the commit (full import {full:?})"
    );
    eprintln!("{saw_before} kills before the commit, {saw_after} after (full import {full:?})");
}
