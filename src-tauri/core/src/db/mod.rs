//! The library database: one SQLite file per library.
//!
//! This module only talks to SQLite: it connects and sets the per-connection pragmas
//! (WAL, foreign keys, busy timeout), runs the pending migrations in one transaction,
//! and checks a file's integrity without writing to it. What happens around that when
//! the app or the CLI opens a library — restores finished, backups taken, the sample
//! loaded — is [`crate::opening`]'s. This module uses only [`crate::files`] and the
//! error type, so every other module can use it.

mod approval_totals;
pub(crate) mod day;
pub(crate) mod migrations;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

pub use migrations::{schema_version, SCHEMA_VERSION};

use crate::{files, Error, Result};

/// An open, migrated library database.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    path: Option<PathBuf>,
    /// A second, read-only connection to the same file, opened the first time a reader
    /// runs beside this one ([`Database::read_beside`]) and closed with the library.
    reader: Mutex<Option<Connection>>,
}

impl Database {
    /// Connects to the library file at `path` (creating it), sets the pragmas and runs
    /// the pending migrations. The caller has checked the file ([`inspect`]) and backed
    /// it up; the app and the CLI open a library through [`crate::opening::open`].
    pub(crate) fn connect(path: &Path) -> Result<Database> {
        let mut conn = Connection::open(files::sqlite_path(path))?;
        configure(&conn)?;
        migrations::migrate_to(&mut conn, SCHEMA_VERSION)?;
        Ok(Database {
            conn,
            path: Some(path.to_owned()),
            reader: Mutex::new(None),
        })
    }

    /// A fully migrated library that lives in memory only (tests, benchmarks).
    pub fn open_in_memory() -> Result<Database> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations::migrate_to(&mut conn, SCHEMA_VERSION)?;
        Ok(Database {
            conn,
            path: None,
            reader: Mutex::new(None),
        })
    }

    /// A library on `conn`, a connection to memory (the migrations' tests).
    #[cfg(test)]
    pub(crate) fn in_memory_from(conn: Connection) -> Database {
        Database {
            conn,
            path: None,
            reader: Mutex::new(None),
        }
    }

    /// The connection, for the core's own modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, mutably (transactions).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Refuses (`true`) or allows again every write on this connection (`PRAGMA
    /// query_only`): a library whose integrity check has not finished yet is only read.
    pub fn set_read_only(&self, read_only: bool) -> Result<()> {
        self.conn
            .pragma_update(None, "query_only", if read_only { "ON" } else { "OFF" })?;
        Ok(())
    }

    /// Runs `there` on a second, read-only connection to the library's file, in a thread
    /// of its own, while `here` runs on this connection: two independent reads of one
    /// answer at once, on a machine with a core to spare (the Needs-action list:
    /// docs/due.md#speed). One after the other on this connection instead when the library
    /// lives in memory, or while this connection is inside a transaction, whose changes
    /// the other connection would not see.
    ///
    /// The two connections read the committed library each on its own: a change another
    /// program commits between their reads can show in one half and not yet in the
    /// other, until the next read.
    pub(crate) fn read_beside<A: Send, B>(
        &self,
        there: impl FnOnce(&Connection) -> Result<A> + Send,
        here: impl FnOnce(&Connection) -> Result<B>,
    ) -> Result<(A, B)> {
        let Some(reader) = self.take_reader()? else {
            return Ok((there(&self.conn)?, here(&self.conn)?));
        };
        let (reader, there, here) = std::thread::scope(|scope| {
            let beside = scope.spawn(move || {
                let answer = there(&reader);
                (reader, answer)
            });
            let here = here(&self.conn);
            match beside.join() {
                Ok((reader, there)) => (reader, there, here),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        *self.reader.lock().unwrap_or_else(|e| e.into_inner()) = Some(reader);
        Ok((there?, here?))
    }

    /// The second connection, opened if need be; `None` where [`Database::read_beside`]
    /// reads on this connection alone.
    fn take_reader(&self) -> Result<Option<Connection>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        let kept = self.reader.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(reader) = kept {
            return Ok(Some(reader));
        }
        let reader = Connection::open_with_flags(
            files::sqlite_path(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        reader.busy_timeout(Duration::from_secs(5))?;
        reader.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        Ok(Some(reader))
    }

    /// The database file, or `None` for an in-memory library.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs a bulk write (`work`) with SQLite's page cache at `cache_kib` (negative: KiB,
    /// as `PRAGMA cache_size` takes it) and the file read without its memory map, then
    /// puts both back, whatever happens (they are the connection's, not part of any
    /// transaction). A bulk write reads most of the file; through the map every page it
    /// read would stay resident and count in the process's memory, which an import keeps
    /// under its limit (docs/benchmarks-import.md).
    ///
    /// During the write the query planner also keeps one plan per statement whatever
    /// values are bound to it (SQLite's "query planner stability guarantee"). Without it,
    /// a statement whose plan SQLite made from the bound values' statistics (the
    /// `sqlite_stat4` samples `ANALYZE` leaves) is compiled again each time new values are
    /// bound: a finance report's duplicate-invoice look-up, run once per row, was compiled
    /// anew on every row (docs/benchmarks-spending.md).
    pub fn with_bulk_pages<T>(
        &self,
        cache_kib: i64,
        work: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let conn = &self.conn;
        let pages: i64 = conn.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        let stable = conn.db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)?;
        conn.pragma_update(None, "cache_size", cache_kib)?;
        conn.pragma_update(None, "mmap_size", 0)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let result = work();
        let restored = conn
            .pragma_update(None, "cache_size", pages)
            .and_then(|()| conn.pragma_update(None, "mmap_size", MMAP_BYTES))
            .and_then(|()| conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, stable))
            .map(|_| ());
        // The write's own error is what the clerk needs; settings left as they were
        // during the write harm nothing.
        if result.is_ok() {
            restored?;
        }
        result
    }
}

/// Reads `PRAGMA user_version` and runs the quick integrity check without writing
/// anything to the file — not even the journal mode.
pub(crate) fn inspect(path: &Path) -> Result<i64> {
    let (conn, version) = read_version(path)?;
    quick_check(&conn, path)?;
    Ok(version)
}

/// [`inspect`] without the integrity check, which the window runs after its first
/// paint: the file's schema version, read-only.
pub(crate) fn inspect_version(path: &Path) -> Result<i64> {
    read_version(path).map(|(_, version)| version)
}

fn read_version(path: &Path) -> Result<(Connection, i64)> {
    let conn = Connection::open_with_flags(
        files::sqlite_path(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damage_or_error(e, path))?;
    let version = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| damage_or_error(e, path))?;
    Ok((conn, version))
}

/// `PRAGMA quick_check`: the structure of every page and index, in one pass over the
/// file, so its time grows with the file (at 100,000 generated contracts: see
/// docs/benchmarks-search.md, `cargo bench -p coopdesk-core --bench search`).
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

/// A moment as the library stores it: ISO date and time to the second.
pub(crate) fn stamp(now: NaiveDateTime) -> String {
    now.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Runs `work` inside a savepoint: all of its writes happen, or none. Savepoints nest, so
/// this works both on its own and inside a caller's transaction (the sample loader, the
/// import).
pub(crate) fn atomically<T>(conn: &Connection, work: impl FnOnce() -> Result<T>) -> Result<T> {
    let savepoint = Savepoint::begin(conn)?;
    let value = work()?;
    savepoint.release()?;
    Ok(value)
}

/// An open savepoint, rolled back when dropped unreleased — after an error, and after a
/// panic too, which would otherwise leave it open and every later write uncommitted.
///
/// rusqlite's own `Savepoint` is the same guard but needs `&mut Connection`, and the
/// core's functions share the one connection as `&Connection`.
struct Savepoint<'c> {
    conn: &'c Connection,
    released: bool,
}

impl<'c> Savepoint<'c> {
    const NAME: &'static str = "coopdesk_write";

    // Kept prepared (an import opens one per row).
    fn begin(conn: &'c Connection) -> Result<Savepoint<'c>> {
        conn.prepare_cached("SAVEPOINT coopdesk_write")?
            .execute([])?;
        Ok(Savepoint {
            conn,
            released: false,
        })
    }

    fn release(mut self) -> Result<()> {
        self.conn
            .prepare_cached("RELEASE coopdesk_write")?
            .execute([])?;
        self.released = true;
        Ok(())
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.released {
            // The original error is what the clerk needs to see; a failing rollback of
            // an already-failed write adds nothing they can act on.
            let name = Self::NAME;
            let _ = self
                .conn
                .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"));
        }
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // journal_mode answers with a row, so it is read rather than executed.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    // Reads map the file instead of copying each page from the system's file cache into
    // SQLite's own 2 MB one: the lists that visit rows spread over a large library
    // (the Needs-action list: docs/due.md#speed) pay for one copy per page otherwise.
    // The mapping shares the system's cache, so it adds no memory of its own.
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(())
}

/// SQLite's page cache during a bulk write (a contract import, a finance report planned
/// or imported), in KiB (`PRAGMA cache_size` takes a negative number for KiB). With the
/// default 2 MB, the unique key and the indexes of 100,000 new contracts no longer fit,
/// and every row spills pages to the log and reads them back. 32 MB is as fast here as
/// 64 MB or 256 MB. Memory is only taken as pages are used.
pub(crate) const BULK_CACHE_KIB: i64 = -32_768;

/// The most of a library file read through a memory map: 256 MiB, well past a library
/// of 100,000 contracts; the rest is read as before.
const MMAP_BYTES: i64 = 256 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use rusqlite::OptionalExtension;

    use super::*;

    fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    #[test]
    fn a_read_beside_runs_on_a_second_connection_that_sees_what_was_committed() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&dir.path().join("library.sqlite3")).unwrap();
        db.conn()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('k', 'committed')",
                [],
            )
            .unwrap();
        for _ in 0..2 {
            let (there, here) = db
                .read_beside(
                    |conn| {
                        // The second connection is read-only: a write is refused there.
                        let refused = conn
                            .execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", [])
                            .is_err();
                        Ok((setting(conn, "k")?, refused))
                    },
                    |conn| setting(conn, "k"),
                )
                .unwrap();
            assert_eq!(there, (Some("committed".to_owned()), true));
            assert_eq!(here.as_deref(), Some("committed"));
        }
        assert_eq!(setting(db.conn(), "x").unwrap(), None);
    }

    #[test]
    fn inside_a_transaction_both_reads_run_on_its_connection_and_see_its_changes() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&dir.path().join("library.sqlite3")).unwrap();
        db.conn().execute_batch("BEGIN").unwrap();
        db.conn()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('k', 'pending')",
                [],
            )
            .unwrap();
        let (there, here) = db
            .read_beside(|conn| setting(conn, "k"), |conn| setting(conn, "k"))
            .unwrap();
        assert_eq!(
            (there.as_deref(), here.as_deref()),
            (Some("pending"), Some("pending"))
        );
        db.conn().execute_batch("ROLLBACK").unwrap();
        // In memory there is no file for a second connection: one after the other.
        let memory = Database::open_in_memory().unwrap();
        let (there, here) = memory
            .read_beside(|conn| Ok(conn.is_autocommit()), |_| Ok(()))
            .unwrap();
        assert_eq!((there, here), (true, ()));
    }

    #[test]
    fn connections_use_wal_and_enforce_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&dir.path().join("library.sqlite3")).unwrap();
        let mode: String = db
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = db
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), fk), ("wal", 1));
        let mapped: i64 = db
            .conn()
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mapped, MMAP_BYTES);
    }

    #[test]
    fn a_bulk_write_reads_without_the_map_and_puts_the_cache_and_the_map_back_even_on_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&dir.path().join("library.sqlite")).unwrap();
        let pragma = |name: &str| -> i64 {
            db.conn()
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        let cache = pragma("cache_size");
        let during = db
            .with_bulk_pages(-4096, || Ok((pragma("cache_size"), pragma("mmap_size"))))
            .unwrap();
        assert_eq!(during, (-4096, 0));
        assert_eq!(
            (pragma("cache_size"), pragma("mmap_size")),
            (cache, MMAP_BYTES)
        );
        let failed: Result<()> = db.with_bulk_pages(-4096, || Err(Error::invalid("x", "no")));
        assert!(failed.is_err());
        assert_eq!(
            (pragma("cache_size"), pragma("mmap_size")),
            (cache, MMAP_BYTES)
        );
    }

    #[test]
    fn during_a_bulk_write_a_statement_is_not_compiled_again_for_each_new_value() {
        use rusqlite::StatementStatus;
        let db = Database::open_in_memory().unwrap();
        let conn = db.conn();
        // What ANALYZE leaves on a library with purchases: samples of the vendors, which
        // the planner reads with each bound vendor unless its plans are kept stable.
        conn.execute_batch(
            "CREATE TABLE bills (vendor TEXT NOT NULL, number TEXT NOT NULL);
             CREATE UNIQUE INDEX bills_by_vendor ON bills (vendor, lower(trim(number)));
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO bills SELECT 'vendor ' || (i % 40), 'INV-' || i FROM n;
             ANALYZE;",
        )
        .unwrap();
        let compiled_again = || -> Result<i32> {
            let mut stmt = conn.prepare("SELECT number FROM bills WHERE vendor = ?1")?;
            for n in 0..20 {
                stmt.query_map([format!("vendor {n}")], |r| r.get::<_, String>(0))?
                    .for_each(drop);
            }
            Ok(stmt.get_status(StatementStatus::RePrepare))
        };
        let outside = compiled_again().unwrap();
        let during = db.with_bulk_pages(-4096, compiled_again).unwrap();
        assert!(
            outside > 0,
            "the statistics make SQLite compile it again: {outside}"
        );
        assert_eq!(during, 0);
        // And the planner's setting is put back after.
        assert_eq!(compiled_again().unwrap(), outside);
    }

    #[test]
    fn a_write_that_panics_halfway_is_rolled_back_and_later_writes_still_commit() {
        let db = Database::open_in_memory().unwrap();
        let conn = db.conn();
        conn.execute_batch("CREATE TABLE notes (note TEXT)")
            .unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            atomically(conn, || -> Result<()> {
                conn.execute("INSERT INTO notes VALUES ('half')", [])?;
                panic!("a bug in the middle of a write");
            })
        }));
        assert!(panicked.is_err());
        assert!(
            conn.is_autocommit(),
            "no savepoint is left open to swallow the next writes"
        );
        atomically(conn, || {
            Ok(conn.execute("INSERT INTO notes VALUES ('next')", [])?)
        })
        .unwrap();
        let notes: Vec<String> = conn
            .prepare("SELECT note FROM notes")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            notes,
            ["next"],
            "the half-done write is gone, the next one kept"
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
}
