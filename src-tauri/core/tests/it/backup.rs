//! Backups as the clerk relies on them: taken without thinking, restored exactly, and a
//! damaged library noticed at open and recovered from the latest good backup — the
//! damaged file kept aside, never overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::backup::{self, BackupKind};
use coopdesk_core::db::Database;
use coopdesk_core::library::checklist::{self, Answer, ChecklistEntry, ChecklistItem};
use coopdesk_core::library::contract;
use coopdesk_core::library::documents::{self, DocumentKind};
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::tco::store;
use coopdesk_core::{Error, ErrorPayload};
use rusqlite::types::Value;

use crate::support::comparison::orange_county;
use crate::support::library::{library_file, open};

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

/// Everything the library holds: every row of every table, and every document's bytes.
#[derive(Debug, PartialEq)]
struct Snapshot {
    tables: BTreeMap<String, Vec<String>>,
    documents: BTreeMap<PathBuf, Vec<u8>>,
}

fn snapshot(dir: &Path) -> Snapshot {
    let conn = library_file(dir);
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tables = BTreeMap::new();
    for name in names {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |row| {
                (0..columns)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|values| format!("{values:?}"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        tables.insert(name, rows);
    }
    let mut documents = BTreeMap::new();
    let root = dir.join("documents");
    if root.exists() {
        for folder in std::fs::read_dir(&root).unwrap() {
            for file in std::fs::read_dir(folder.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                documents.insert(
                    path.strip_prefix(dir).unwrap().to_owned(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    Snapshot { tables, documents }
}

/// A library with the sample contracts, a checklist answer, two documents, a saved
/// comparison and a setting.
fn library_with_everything(dir: &Path) -> Database {
    let db = open(dir, at(2, 9));
    let id = contract::all(&db).unwrap()[0].id.unwrap();
    let entry = ChecklistEntry {
        item: ChecklistItem::VendorNotDebarred,
        label: String::new(),
        answer: Answer::Yes,
        checked_by: "J. Ortiz, Clerk".into(),
        checked_on: NaiveDate::from_ymd_opt(2026, 11, 1),
        note: "SAM.gov searched".into(),
    };
    checklist::set_item(&db, id, &entry, at(2, 9)).unwrap();
    let outside = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("award.pdf", b"%PDF-1.7 award letter".to_vec()),
        ("prices.xlsx", (0..=255u8).cycle().take(70_000).collect()),
    ] {
        let source = outside.path().join(name);
        std::fs::write(&source, bytes).unwrap();
        documents::attach(&db, id, &source, DocumentKind::Award, at(2, 9)).unwrap();
    }
    store::save(&db, None, &orange_county().build(), at(2, 9)).unwrap();
    raw(&db)
        .execute(
            "INSERT OR REPLACE INTO settings VALUES ('jurisdictionName', 'Village of Peñasco')",
            [],
        )
        .unwrap();
    db
}

/// A connection of the test's own to the library's file, for what no public function
/// writes (a setting the UI has no field for).
fn raw(db: &Database) -> rusqlite::Connection {
    rusqlite::Connection::open(db.path().expect("a library on disk")).unwrap()
}

/// Changes every part of the library: what a restore must undo.
fn change_everything(db: &Database) {
    let first = contract::all(db).unwrap()[0].id.unwrap();
    let second = contract::all(db).unwrap()[1].id.unwrap();
    let doc = documents::list_documents(db, first).unwrap()[0].id;
    documents::remove_document(db, doc, at(3, 10)).unwrap();
    let source = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(source.path(), b"later file").unwrap();
    documents::attach(db, second, source.path(), DocumentKind::Other, at(3, 10)).unwrap();
    contract::delete(db, second, at(3, 10)).unwrap();
    let other = orange_county().titled("A later comparison").build();
    store::save(db, None, &other, at(3, 10)).unwrap();
    raw(db)
        .execute(
            "UPDATE settings SET value = 'Someone else' WHERE key = 'jurisdictionName'",
            [],
        )
        .unwrap();
}

#[test]
fn restoring_a_backup_gives_back_exactly_the_library_that_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_everything(dir.path());
    let taken = backup::backup_now(&db, at(2, 10)).unwrap();
    drop(db);
    let saved = snapshot(dir.path());
    assert_eq!(
        saved.documents.len(),
        2,
        "both documents are in the library"
    );

    let db = open(dir.path(), at(3, 10));
    change_everything(&db);
    drop(db);
    let changed = snapshot(dir.path());
    assert_ne!(changed, saved, "the library really changed");

    let report = backup::restore(dir.path(), &taken.file_name, at(3, 11)).unwrap();

    assert_eq!(
        snapshot(dir.path()),
        saved,
        "contracts, checklist, history, documents' bytes, comparisons and settings are back"
    );
    let safety = report.safety_backup.expect("the state before is backed up");
    assert_eq!(safety.kind, BackupKind::BeforeRestore);
    let db = open(dir.path(), at(3, 12));
    let first = contract::all(&db).unwrap()[0].id.unwrap();
    assert!(
        documents::list_documents(&db, first)
            .unwrap()
            .iter()
            .all(|d| d.verified),
        "every restored document matches its recorded SHA-256"
    );
    drop(db);

    backup::restore(dir.path(), &safety.file_name, at(3, 13)).unwrap();
    assert_eq!(
        snapshot(dir.path()),
        changed,
        "the restore itself can be undone from its safety backup"
    );
}

#[test]
fn a_backup_written_to_a_chosen_file_restores_the_same_library() {
    let dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let dest = stick.path().join("CoopDesk backup.sqlite3");
    let db = library_with_everything(dir.path());
    let info = backup::backup_to(&db, &dest, at(2, 10)).unwrap();
    assert_eq!(info.size_bytes, std::fs::metadata(&dest).unwrap().len());
    assert_eq!(
        std::fs::read_dir(stick.path()).unwrap().count(),
        1,
        "one file on the stick, nothing beside it"
    );
    drop(db);
    let saved = snapshot(dir.path());

    let elsewhere = tempfile::tempdir().unwrap();
    let report = backup::restore_file(elsewhere.path(), &dest, at(4, 9)).unwrap();
    assert_eq!(
        report.safety_backup, None,
        "there was no library to back up"
    );
    assert_eq!(
        snapshot(elsewhere.path()),
        saved,
        "another computer gets the same library"
    );
}

#[test]
fn the_daily_backup_is_taken_at_the_first_open_of_each_day_only() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path(), at(2, 9)));
    assert!(
        backup::list_backups(dir.path()).unwrap().is_empty(),
        "a brand-new library has nothing of the clerk's to back up"
    );
    drop(open(dir.path(), at(2, 10)));
    drop(open(dir.path(), at(2, 15)));
    drop(open(dir.path(), at(3, 8)));
    let backups = backup::list_backups(dir.path()).unwrap();
    let taken: Vec<_> = backups.iter().map(|b| (b.kind, b.taken_at)).collect();
    assert_eq!(
        taken,
        vec![
            (BackupKind::Daily, at(3, 8)),
            (BackupKind::Daily, at(2, 10))
        ],
        "newest first, one per day"
    );
    assert!(backups.iter().all(|b| b.size_bytes > 0));
    let json = serde_json::to_value(&backups[0]).unwrap();
    assert_eq!(json["kind"], "daily");
    assert_eq!(json["takenAt"], "2026-11-03T08:00:00");
    assert!(json["fileName"]
        .as_str()
        .unwrap()
        .starts_with("library-daily-"));
    assert!(json["sizeBytes"].as_u64().is_some());
}

#[test]
fn the_backup_before_an_import_is_listed_and_an_in_memory_library_needs_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(dir.path(), at(2, 9));
    let info = backup::backup_before_import(&db, at(2, 9))
        .unwrap()
        .unwrap();
    assert_eq!(info.kind, BackupKind::BeforeImport);
    assert_eq!(backup::list_backups(dir.path()).unwrap(), vec![info]);
    let memory = Database::open_in_memory().unwrap();
    assert_eq!(
        backup::backup_before_import(&memory, at(2, 9)).unwrap(),
        None
    );
}

/// Damages a database file in place.
type Spoil = dyn Fn(&Path);

/// Copies the library folder, then spoils the copy's database with `spoil`.
fn damaged_copy_of(source: &Path, spoil: impl FnOnce(&Path)) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(source, copy.path());
    spoil(&copy.path().join("library.sqlite3"));
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn overwrite(path: &Path, offset: usize, len: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    for b in &mut bytes[offset..offset + len] {
        *b = 0xA5;
    }
    std::fs::write(path, bytes).unwrap();
}

fn open_error(dir: &Path) -> Error {
    opening::open(
        dir,
        OpenOptions {
            now: at(5, 9),
            seed_sample: true,
        },
    )
    .expect_err("a damaged library must not open")
}

/// A library with a backup, closed cleanly (no WAL beside it).
fn library_with_a_backup() -> (tempfile::TempDir, Snapshot) {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_everything(dir.path());
    backup::backup_now(&db, at(2, 10)).unwrap();
    drop(db);
    let saved = snapshot(dir.path());
    (dir, saved)
}

#[test]
fn a_damaged_library_is_refused_at_open_with_the_code_the_ui_shows_the_recovery_screen_for() {
    let (dir, _) = library_with_a_backup();
    let size = std::fs::metadata(dir.path().join("library.sqlite3"))
        .unwrap()
        .len() as usize;
    let spoils: Vec<(&str, Box<Spoil>)> = vec![
        ("header overwritten", Box::new(|p| overwrite(p, 0, 16))),
        (
            "pages in the middle overwritten",
            Box::new(move |p| overwrite(p, size / 2, 8192)),
        ),
        (
            "truncated to half",
            Box::new(move |p| {
                let file = std::fs::OpenOptions::new().write(true).open(p).unwrap();
                file.set_len((size / 2) as u64).unwrap();
            }),
        ),
    ];
    for (what, spoil) in spoils {
        let copy = damaged_copy_of(dir.path(), spoil);
        let path = copy.path().join("library.sqlite3");
        let before = std::fs::read(&path).unwrap();
        let error = open_error(copy.path());
        assert!(
            matches!(error, Error::DamagedLibrary { .. }),
            "{what}: expected a damaged-library error, got {error}"
        );
        assert_eq!(ErrorPayload::from(&error).code, "damaged", "{what}");
        assert!(error.to_string().contains("damaged"), "{what}: {error}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{what}: the damaged file is not changed by the attempt to open it"
        );
    }
}

#[test]
fn recovery_keeps_the_damaged_file_aside_and_restores_the_latest_good_backup() {
    let (dir, saved) = library_with_a_backup();
    let copy = damaged_copy_of(dir.path(), |p| {
        let len = std::fs::metadata(p).unwrap().len() as usize;
        overwrite(p, len / 2, 8192)
    });
    let damaged_bytes = std::fs::read(copy.path().join("library.sqlite3")).unwrap();
    // A newer backup that is itself damaged must be skipped.
    let backups = copy.path().join("backups");
    std::fs::write(
        backups.join("library-daily-20261104-090000.sqlite3"),
        b"not a database at all, just bytes that went bad",
    )
    .unwrap();

    let report = backup::recover_from_backup(copy.path(), at(5, 9)).unwrap();

    assert_eq!(
        report.skipped,
        vec!["library-daily-20261104-090000.sqlite3"]
    );
    assert_eq!(report.restored_from.kind, BackupKind::Manual);
    assert_eq!(
        report.damaged_copy,
        copy.path().join("library.damaged-20261105-090000.sqlite3")
    );
    assert_eq!(
        std::fs::read(&report.damaged_copy).unwrap(),
        damaged_bytes,
        "the damaged file is kept as it was"
    );
    assert_eq!(
        snapshot(copy.path()),
        saved,
        "the library is the backed-up one"
    );
    drop(open(copy.path(), at(5, 10)));

    // Damaged again the same second: the first damaged copy is never overwritten.
    overwrite(&copy.path().join("library.sqlite3"), 0, 16);
    let again = backup::recover_from_backup(copy.path(), at(5, 9)).unwrap();
    assert_ne!(again.damaged_copy, report.damaged_copy);
    assert_eq!(
        std::fs::read(&report.damaged_copy).unwrap(),
        damaged_bytes,
        "the first damaged copy is still there, unchanged"
    );
}

#[test]
fn recovery_without_a_good_backup_changes_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path(), at(2, 9)));
    let path = dir.path().join("library.sqlite3");
    overwrite(&path, 0, 16);
    let before = std::fs::read(&path).unwrap();
    let error = backup::recover_from_backup(dir.path(), at(5, 9)).unwrap_err();
    assert!(matches!(error, Error::NoGoodBackup { .. }), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn recovery_leaves_a_healthy_library_alone() {
    let (dir, saved) = library_with_a_backup();
    let error = backup::recover_from_backup(dir.path(), at(5, 9)).unwrap_err();
    assert!(error.to_string().contains("not damaged"), "{error}");
    assert_eq!(snapshot(dir.path()), saved);
}

#[test]
fn a_restore_interrupted_before_its_commit_point_leaves_the_old_library() {
    let (dir, saved) = library_with_a_backup();
    // What a crash while building the new library leaves behind.
    std::fs::write(dir.path().join("library.sqlite3.restoring"), b"half").unwrap();
    std::fs::create_dir_all(dir.path().join("documents.restoring/1")).unwrap();
    std::fs::write(dir.path().join("documents.restoring/1/x.pdf"), b"x").unwrap();

    drop(open(dir.path(), at(5, 9)));

    assert!(!dir.path().join("library.sqlite3.restoring").exists());
    assert!(!dir.path().join("documents.restoring").exists());
    assert_eq!(snapshot(dir.path()).documents, saved.documents);
}

#[test]
fn a_restore_interrupted_after_its_commit_point_finishes_at_the_next_open() {
    let (dir, saved) = library_with_a_backup();
    // The database was replaced; the crash came after `documents` was moved away.
    let documents = dir.path().join("documents");
    std::fs::rename(&documents, dir.path().join("documents.restoring")).unwrap();
    std::fs::create_dir_all(dir.path().join("documents.previous/9")).unwrap();

    drop(open(dir.path(), at(5, 9)));

    assert!(!dir.path().join("documents.previous").exists());
    assert_eq!(snapshot(dir.path()).documents, saved.documents);
}

#[test]
fn a_backup_holding_a_document_name_that_escapes_its_folder_is_refused() {
    let (dir, saved) = library_with_a_backup();
    let hostile = dir.path().join("hostile.sqlite3");
    let db = open(dir.path(), at(5, 9));
    backup::backup_to(&db, &hostile, at(5, 9)).unwrap();
    drop(db);
    let conn = rusqlite::Connection::open(&hostile).unwrap();
    conn.execute(
        "UPDATE coopdesk_backup_documents SET file_name = '../../escaped.txt' WHERE rowid = (SELECT min(rowid) FROM coopdesk_backup_documents)",
        [],
    )
    .unwrap();
    drop(conn);

    let error = backup::restore_file(dir.path(), &hostile, at(5, 10)).unwrap_err();

    assert!(error.to_string().contains("would not"), "{error}");
    assert!(!dir.path().join("escaped.txt").exists());
    assert!(!dir.path().parent().unwrap().join("escaped.txt").exists());
    assert_eq!(snapshot(dir.path()), saved, "the library is unchanged");
}

#[test]
fn a_backup_that_is_not_in_the_folder_cannot_be_restored_by_name() {
    let (dir, _) = library_with_a_backup();
    let error = backup::restore(dir.path(), "../library.sqlite3", at(5, 9)).unwrap_err();
    assert!(matches!(error, Error::NotFound { .. }), "{error}");
}

#[test]
fn restoring_the_oldest_kept_backup_does_not_prune_it_from_under_the_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(dir.path(), at(1, 9));
    let first = backup::backup_now(&db, at(1, 9)).unwrap();
    drop(db);
    for hour in 10..=14 {
        backup::restore(dir.path(), &first.file_name, at(2, hour)).unwrap();
    }
    let before_restore = |dir: &Path| -> Vec<NaiveDateTime> {
        backup::list_backups(dir)
            .unwrap()
            .iter()
            .filter(|b| b.kind == BackupKind::BeforeRestore)
            .map(|b| b.taken_at)
            .collect()
    };
    assert_eq!(
        before_restore(dir.path()).len(),
        BackupKind::BeforeRestore.kept()
    );
    let oldest = backup::list_backups(dir.path())
        .unwrap()
        .into_iter()
        .rfind(|b| b.kind == BackupKind::BeforeRestore)
        .unwrap();

    backup::restore(dir.path(), &oldest.file_name, at(3, 9))
        .expect("the oldest kept backup restores although a new one is taken first");

    assert_eq!(
        before_restore(dir.path()),
        vec![at(3, 9), at(2, 14), at(2, 13), at(2, 12), at(2, 11)],
        "once restored, retention holds again"
    );
}

#[test]
fn backing_up_onto_the_library_itself_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(dir.path(), at(2, 9));
    let library = dir.path().join("library.sqlite3");
    let before = contract::count(&db).unwrap();
    let error = backup::backup_to(&db, &library, at(2, 10)).unwrap_err();
    assert!(error.to_string().contains("the library itself"), "{error}");
    assert_eq!(contract::count(&db).unwrap(), before);
}
