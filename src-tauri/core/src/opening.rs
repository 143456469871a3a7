//! Opening a library: what happens between "start CoopDesk" and the first screen.
//!
//! One SQLite file per library, in its data folder. Opening it, in this order:
//!
//! 1. refuses a folder on another computer, where SQLite's write-ahead log is unsafe
//!    ([`files::refuse_network_folder`]), and creates the folder;
//! 2. completes or discards a restore that a crash interrupted
//!    ([`backup::finish_interrupted_restore`]);
//! 3. reads the file read-only — so that nothing, not even the journal mode, is changed —
//!    and refuses it if it is damaged (`PRAGMA quick_check`, "file is not a database",
//!    truncation: [`Error::DamagedLibrary`]) or was written by a newer CoopDesk
//!    (`db::inspect`);
//! 4. backs the file up to `backups/` (SQLite's online backup) before any migration
//!    changes it;
//! 5. connects, sets the per-connection pragmas and runs the pending migrations in one
//!    transaction ([`Database`]);
//! 6. fills a brand-new library with the sample contracts, unless asked not to;
//! 7. takes the day's backup at the first open of a day (a failure is reported, not
//!    fatal: the clerk can still work).
//!
//! Each step is another module's; this one only puts them in order, which is why it sits
//! above them all: [`db`] knows nothing of backups or of the sample library.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::db::{self, Database, SCHEMA_VERSION};
use crate::paths::{BACKUP_DIR, DATABASE_FILE};
use crate::{backup, files, library, Error, Result};

/// How to open a library.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// The moment of opening; names backup files and stamps seeded records.
    pub now: NaiveDateTime,
    /// Fill a brand-new library with the sample contracts.
    pub seed_sample: bool,
}

/// What opening did, for the CLI's `init` and the app's first-run message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// The database file did not exist before.
    pub created: bool,
    /// The schema version found before migrating, when migrations ran on an existing file.
    pub migrated_from: Option<i64>,
    /// The copy taken before migrating.
    pub backup: Option<PathBuf>,
    /// How many sample contracts were added.
    pub sample_contracts: usize,
    /// The day's backup, when this was the first open of the day.
    pub daily_backup: Option<PathBuf>,
    /// Why the day's backup could not be taken (a full disk…); the library opened anyway.
    pub backup_warning: Option<String>,
}

/// The part of opening the window runs after its first paint (see [`open_for_window`]):
/// the integrity check of step 3 and the day's backup of step 7.
#[derive(Debug)]
pub struct PendingChecks {
    path: PathBuf,
    data_dir: PathBuf,
    now: NaiveDateTime,
}

impl PendingChecks {
    /// Runs the integrity check, then takes the day's backup, on connections of their
    /// own while the window reads the library. `Err` ([`Error::DamagedLibrary`]) means
    /// the library must not be written to; its backups are left as they were.
    pub fn run(self) -> Result<OpenReport> {
        db::inspect(&self.path)?;
        let mut report = OpenReport::default();
        let db = Database::connect(&self.path)?;
        take_daily(&db, &self.data_dir, self.now, &mut report);
        Ok(report)
    }
}

/// Opens the library in `data_dir` as [`open`] does, but for a window that must show it
/// at once: when the file needs no migration, the integrity check and the day's backup
/// are left to the [`PendingChecks`] returned, and the library is read-only
/// ([`Database::set_read_only`]) until they pass. A new or migrating library is checked
/// in full before it is returned (`None`).
pub fn open_for_window(
    data_dir: &Path,
    options: OpenOptions,
) -> Result<(Database, OpenReport, Option<PendingChecks>)> {
    open_with(data_dir, options, true)
}

/// Opens (creating if needed) the library in `data_dir`: the steps of the module's docs,
/// in their order.
pub fn open(data_dir: &Path, options: OpenOptions) -> Result<(Database, OpenReport)> {
    let (db, report, pending) = open_with(data_dir, options, false)?;
    debug_assert!(pending.is_none(), "nothing is deferred unless asked");
    Ok((db, report))
}

fn open_with(
    data_dir: &Path,
    options: OpenOptions,
    defer_checks: bool,
) -> Result<(Database, OpenReport, Option<PendingChecks>)> {
    // Before creating anything on a share, and again once the folder exists (a drive
    // letter mapped to a share resolves to its `\\server\share` form only then).
    files::refuse_network_folder(data_dir)?;
    std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
        path: data_dir.to_owned(),
        source,
    })?;
    files::refuse_network_folder(data_dir)?;
    let path = data_dir.join(DATABASE_FILE);
    let existed = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
    let mut report = OpenReport {
        created: !existed,
        ..OpenReport::default()
    };

    backup::finish_interrupted_restore(data_dir)?;
    // A file to migrate is checked before anything writes to it, even for the window.
    let deferring = defer_checks
        && existed
        && db::inspect_version(&path).is_ok_and(|found| found == SCHEMA_VERSION);
    let found = match (existed, deferring) {
        (false, _) => 0,
        (true, true) => SCHEMA_VERSION,
        (true, false) => db::inspect(&path)?,
    };
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path,
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if existed && found < SCHEMA_VERSION {
        report.backup = Some(backup::backup_before_migration(&path, found, options.now)?);
        report.migrated_from = Some(found);
    }

    let mut db = match Database::connect(&path) {
        Ok(db) => db,
        // Damage the quick look missed stops the connection: the check says what it is.
        Err(error) if deferring => {
            db::inspect(&path)?;
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    if deferring {
        db.set_read_only(true)?;
        let pending = PendingChecks {
            path,
            data_dir: data_dir.to_owned(),
            now: options.now,
        };
        return Ok((db, report, Some(pending)));
    }
    if found == 0 && options.seed_sample {
        report.sample_contracts = library::sample::load_into(&mut db, options.now)?;
    }
    if existed {
        take_daily(&db, data_dir, options.now, &mut report);
    }
    Ok((db, report, None))
}

/// Step 7: the day's backup, its failure a warning in `report`.
fn take_daily(db: &Database, data_dir: &Path, now: NaiveDateTime, report: &mut OpenReport) {
    match backup::take_daily(db, now) {
        Ok(taken) => {
            report.daily_backup = taken.map(|b| data_dir.join(BACKUP_DIR).join(b.file_name))
        }
        Err(error) => report.backup_warning = Some(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rusqlite::Connection;

    use super::*;
    use crate::db::{migrations, schema_version};
    use crate::library::contract;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap()
    }

    fn options(seed_sample: bool) -> OpenOptions {
        OpenOptions {
            now: now(),
            seed_sample,
        }
    }

    #[test]
    fn a_new_library_is_created_migrated_and_filled_with_the_sample() {
        let dir = tempfile::tempdir().unwrap();
        let (db, report) = open(dir.path(), options(true)).unwrap();
        assert!(report.created);
        assert_eq!(report.backup, None, "nothing to back up in a new library");
        assert_eq!(schema_version(db.conn()).unwrap(), SCHEMA_VERSION);
        assert_eq!(report.sample_contracts, 10);
        assert_eq!(contract::count(&db).unwrap(), 10);
    }

    #[test]
    fn reopening_does_not_add_the_sample_again() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path(), options(true)).unwrap());
        let (db, report) = open(dir.path(), options(true)).unwrap();
        assert!(!report.created);
        assert_eq!(report.sample_contracts, 0);
        assert_eq!(
            contract::count(&db).unwrap(),
            10,
            "still the ten sample contracts"
        );
    }

    fn next_day() -> NaiveDateTime {
        now() + chrono::Duration::days(1)
    }

    fn trash_first(db: &Database) -> Result<()> {
        let id = contract::all(db)?[0].id.unwrap();
        contract::delete(db, id, now())
    }

    #[test]
    fn the_window_reads_the_library_at_once_and_writes_only_after_the_check_passes() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path(), options(true)).unwrap());
        let options = OpenOptions {
            now: next_day(),
            seed_sample: true,
        };
        let (db, report, pending) = open_for_window(dir.path(), options).unwrap();
        let pending = pending.expect("a current library leaves its checks for later");
        assert_eq!(report.daily_backup, None, "the day's backup waits too");
        assert_eq!(
            contract::count(&db).unwrap(),
            10,
            "the library is read at once"
        );
        assert!(
            trash_first(&db).is_err(),
            "nothing is written before the integrity check has passed"
        );

        let checked = pending.run().unwrap();
        assert!(
            checked.daily_backup.as_ref().is_some_and(|b| b.is_file()),
            "the day's backup is taken once the check passed: {checked:?}"
        );
        db.set_read_only(false).unwrap();
        trash_first(&db).unwrap();
        assert_eq!(contract::count(&db).unwrap(), 9);
    }

    #[test]
    fn a_library_damaged_inside_is_caught_by_the_later_check_and_its_backups_kept() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path(), options(true)).unwrap());
        let path = dir.path().join(DATABASE_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        // The last page: an index's, written by the last migrations — far from the
        // schema, which the first open reads (damage there is refused at once).
        let last = bytes.len() - 4096;
        bytes[last..].fill(0x5a);
        std::fs::write(&path, &bytes).unwrap();
        let backups_before = backup::list_backups(dir.path()).unwrap();

        let options = OpenOptions {
            now: next_day(),
            seed_sample: true,
        };
        let (db, _, pending) = open_for_window(dir.path(), options)
            .expect("the damage is deep inside: the header reads as a library");
        let error = pending.expect("checks left for later").run().unwrap_err();
        assert!(
            matches!(error, Error::DamagedLibrary { .. }),
            "the later check finds the damage: {error}"
        );
        assert!(
            trash_first(&db).is_err(),
            "and nothing was written meanwhile"
        );
        assert_eq!(
            backup::list_backups(dir.path()).unwrap(),
            backups_before,
            "no backup of the damaged file pushed a good one out"
        );
    }

    #[test]
    fn a_new_library_for_the_window_is_checked_in_full_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let (db, report, pending) = open_for_window(dir.path(), options(true)).unwrap();
        assert!(pending.is_none(), "nothing to check later in a new library");
        assert_eq!(report.sample_contracts, 10);
        trash_first(&db).unwrap();
    }

    #[test]
    fn the_sample_can_be_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let (db, _) = open(dir.path(), options(false)).unwrap();
        assert_eq!(contract::count(&db).unwrap(), 0);
    }

    #[test]
    fn a_library_from_a_newer_coopdesk_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();

        let error = open(dir.path(), options(true)).unwrap_err();

        assert!(
            matches!(error, Error::NewerSchema { found: 999, .. }),
            "{error}"
        );
        assert!(
            error.to_string().contains("newer version of CoopDesk"),
            "{error}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file's bytes are unchanged"
        );
        assert!(
            !dir.path().join(BACKUP_DIR).exists(),
            "no backup, no migration was attempted"
        );
    }

    #[test]
    fn a_library_at_each_earlier_version_is_backed_up_then_migrated_keeping_its_data() {
        for version in 0..SCHEMA_VERSION {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(DATABASE_FILE);
            {
                let mut conn = Connection::open(&path).unwrap();
                migrations::migrate_to(&mut conn, version).unwrap();
                // Something of the clerk's that must survive: a table of their own at
                // version 0, a setting once the settings table exists.
                if version == 0 {
                    conn.execute_batch("CREATE TABLE clerk_notes (note TEXT); INSERT INTO clerk_notes VALUES ('keep me');").unwrap();
                } else {
                    conn.execute(
                        "INSERT INTO settings VALUES ('jurisdictionName', 'keep me')",
                        [],
                    )
                    .unwrap();
                }
            }

            let (db, report) = open(dir.path(), options(false)).unwrap();

            assert_eq!(report.migrated_from, Some(version));
            let backup = report.backup.expect("a backup is taken before migrating");
            let backup_conn = Connection::open(&backup).unwrap();
            assert_eq!(
                schema_version(&backup_conn).unwrap(),
                version,
                "the backup is the old file"
            );
            assert_eq!(schema_version(db.conn()).unwrap(), SCHEMA_VERSION);
            let kept: String = if version == 0 {
                db.conn()
                    .query_row("SELECT note FROM clerk_notes", [], |r| r.get(0))
                    .unwrap()
            } else {
                db.conn()
                    .query_row("SELECT value FROM settings", [], |r| r.get(0))
                    .unwrap()
            };
            assert_eq!(
                kept, "keep me",
                "data from version {version} survives the migration"
            );
        }
    }

    #[test]
    fn the_backup_taken_before_a_migration_restores_and_migrates_again() {
        let version = SCHEMA_VERSION - 1;
        let dir = tempfile::tempdir().unwrap();
        {
            let mut conn = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
            migrations::migrate_to(&mut conn, version).unwrap();
            conn.execute(
                "INSERT INTO settings VALUES ('jurisdictionName', 'keep me')",
                [],
            )
            .unwrap();
        }
        let (db, report) = open(dir.path(), options(false)).unwrap();
        db.conn()
            .execute("UPDATE settings SET value = 'changed after'", [])
            .unwrap();
        drop(db);
        let name = report
            .backup
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();

        crate::backup::restore(dir.path(), &name, now()).unwrap();
        let (db, report) = open(dir.path(), options(false)).unwrap();

        assert_eq!(
            report.migrated_from,
            Some(version),
            "the old schema came back"
        );
        let kept: String = db
            .conn()
            .query_row("SELECT value FROM settings", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            kept, "keep me",
            "the library is the one from before the upgrade"
        );
    }
}
