//! Opening the library database.
//!
//! One SQLite file per library. Opening it:
//! 0. refuses a folder on another computer, where SQLite's write-ahead log is unsafe
//!    ([`files::refuse_network_folder`]);
//! 1. completes or discards a restore that a crash interrupted ([`crate::backup`]);
//! 2. reads the file read-only — so that nothing, not even the journal mode, is changed —
//!    and refuses it if it is damaged (`PRAGMA quick_check`, "file is not a database",
//!    truncation: [`Error::DamagedLibrary`]) or was written by a newer CoopDesk;
//! 3. backs the file up to `backups/` (SQLite's online backup) before any migration
//!    changes it;
//! 4. sets the per-connection pragmas (WAL, foreign keys, busy timeout);
//! 5. runs the pending migrations in one transaction;
//! 6. fills a brand-new library with the sample contracts, unless asked not to;
//! 7. takes the day's backup at the first open of a day (a failure is reported, not
//!    fatal: the clerk can still work).

mod migrations;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

pub use migrations::{schema_version, SCHEMA_VERSION};

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

/// An open, migrated library database.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Database {
    /// Opens (creating if needed) the library in `data_dir`.
    pub fn open(data_dir: &Path, options: OpenOptions) -> Result<(Database, OpenReport)> {
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

        crate::backup::finish_interrupted_restore(data_dir)?;
        let found = if existed { inspect(&path)? } else { 0 };
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

        let mut conn = Connection::open(files::sqlite_path(&path))?;
        configure(&conn)?;
        migrations::migrate_to(&mut conn, SCHEMA_VERSION)?;
        let mut db = Database {
            conn,
            path: Some(path),
        };
        if found == 0 && options.seed_sample {
            report.sample_contracts = library::sample::load_into(&mut db, options.now)?;
        }
        if existed {
            match backup::take_daily(&db, options.now) {
                Ok(taken) => {
                    report.daily_backup = taken.map(|b| data_dir.join(BACKUP_DIR).join(b.file_name))
                }
                Err(error) => report.backup_warning = Some(error.to_string()),
            }
        }
        Ok((db, report))
    }

    /// A fully migrated library that lives in memory only (tests, benchmarks).
    pub fn open_in_memory() -> Result<Database> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations::migrate_to(&mut conn, SCHEMA_VERSION)?;
        Ok(Database { conn, path: None })
    }

    /// The connection, for the core's own modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, mutably (transactions).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The database file, or `None` for an in-memory library.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// Reads `PRAGMA user_version` and runs the quick integrity check without writing
/// anything to the file.
fn inspect(path: &Path) -> Result<i64> {
    let conn = Connection::open_with_flags(
        files::sqlite_path(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damage_or_error(e, path))?;
    let version = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| damage_or_error(e, path))?;
    quick_check(&conn, path)?;
    Ok(version)
}

/// `PRAGMA quick_check`: the structure of every page and index, in one pass over the
/// file — milliseconds for a real library of hundreds of contracts, 2.8 s for the 320 MB
/// of 100,000 generated ones (`cargo test --bench search -- 100000`, unoptimised build).
/// Anything but "ok", or an error that says the file is corrupt or not a database, is
/// [`Error::DamagedLibrary`].
pub(crate) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let problems = conn
        .prepare("PRAGMA quick_check(5)")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| damage_or_error(e, path))?;
    if problems == ["ok"] {
        return Ok(());
    }
    Err(Error::DamagedLibrary {
        path: path.to_owned(),
        detail: problems.join("; "),
    })
}

/// [`Error::DamagedLibrary`] when SQLite says the file is corrupt or not a database (a
/// truncated or overwritten file), else the error as it is.
pub(crate) fn damage_or_error(error: rusqlite::Error, path: &Path) -> Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            Error::DamagedLibrary {
                path: path.to_owned(),
                detail: error.to_string(),
            }
        }
        _ => Error::from(error),
    }
}

/// Runs `work` inside a savepoint: all of its writes happen, or none. Savepoints nest, so
/// this works both on its own and inside a caller's transaction (the sample loader).
pub(crate) fn atomically<T>(conn: &Connection, work: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute_batch("SAVEPOINT coopdesk_write")?;
    match work() {
        Ok(value) => {
            conn.execute_batch("RELEASE coopdesk_write")?;
            Ok(value)
        }
        Err(error) => {
            // The original error is what the clerk needs to see; a failing rollback of
            // an already-failed write adds nothing they can act on.
            let _ = conn.execute_batch("ROLLBACK TO coopdesk_write; RELEASE coopdesk_write");
            Err(error)
        }
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // journal_mode answers with a row, so it is read rather than executed.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
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
        let (db, report) = Database::open(dir.path(), options(true)).unwrap();
        assert!(report.created);
        assert_eq!(report.backup, None, "nothing to back up in a new library");
        assert_eq!(schema_version(db.conn()).unwrap(), SCHEMA_VERSION);
        assert_eq!(report.sample_contracts, 10);
        assert_eq!(contract::count(&db).unwrap(), 10);
    }

    #[test]
    fn reopening_does_not_add_the_sample_again() {
        let dir = tempfile::tempdir().unwrap();
        drop(Database::open(dir.path(), options(true)).unwrap());
        let (db, report) = Database::open(dir.path(), options(true)).unwrap();
        assert!(!report.created);
        assert_eq!(report.sample_contracts, 0);
        assert_eq!(
            contract::count(&db).unwrap(),
            10,
            "still the ten sample contracts"
        );
    }

    #[test]
    fn the_sample_can_be_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let (db, _) = Database::open(dir.path(), options(false)).unwrap();
        assert_eq!(contract::count(&db).unwrap(), 0);
    }

    #[test]
    fn connections_use_wal_and_enforce_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let (db, _) = Database::open(dir.path(), options(false)).unwrap();
        let mode: String = db
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = db
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), fk), ("wal", 1));
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

        let error = Database::open(dir.path(), options(true)).unwrap_err();

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
    fn every_migration_runs_from_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
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

            let (db, report) = Database::open(dir.path(), options(false)).unwrap();

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
        let (db, report) = Database::open(dir.path(), options(false)).unwrap();
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
        let (db, report) = Database::open(dir.path(), options(false)).unwrap();

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
