//! The library the window works on, opened once at start.
//!
//! A single-user desktop app needs no pool: one connection behind a mutex. When the
//! library cannot be opened (a database from a newer CoopDesk, a folder that cannot be
//! written) the app still starts and every command answers with that error, so the
//! window can say what is wrong instead of vanishing.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use chrono::Local;
use coopdesk_core::db::Database;
use coopdesk_core::opening::{self, OpenOptions, PendingChecks};
use coopdesk_core::{paths, ErrorCode, ErrorPayload};

/// The managed state: the open library, or why it could not be opened, and its folder.
#[derive(Debug)]
pub struct Library {
    db: Mutex<Result<Database, ErrorPayload>>,
    /// The data folder, when one could be found: restoring and recovering work on it
    /// even while the library cannot be opened.
    data_dir: Option<PathBuf>,
    /// Whether the library may be written to: `None` while its integrity check runs
    /// after the window's first paint (reads go on meanwhile; writes wait for it).
    writable: Mutex<Option<Result<(), ErrorPayload>>>,
    checked: Condvar,
    /// A second connection, for work that waits on the network (a sync with the hub)
    /// and must not hold the window's meanwhile; opened on first use.
    beside: Mutex<Option<Database>>,
}

impl Library {
    /// Opens the library in `data_dir`, or in the folder from `--data-dir`,
    /// `COOPDESK_DATA_DIR` or the operating system when `None`, checked in full.
    pub fn open(data_dir: Option<PathBuf>) -> Library {
        match paths::resolve_data_dir(data_dir) {
            Ok(dir) => Library::new(open_in(&dir), Some(dir), Some(Ok(()))),
            Err(error) => Library::new(Err(ErrorPayload::from(error)), None, Some(Ok(()))),
        }
    }

    /// Opens the library for the window: at once, read-only, with the integrity check
    /// and the day's backup returned for [`Library::finish_checks`] to run while the
    /// window shows the library (a new or migrating library is checked in full first).
    pub fn open_for_window(data_dir: Option<PathBuf>) -> (Library, Option<PendingChecks>) {
        let dir = match paths::resolve_data_dir(data_dir) {
            Ok(dir) => dir,
            Err(error) => return (Library::open_failed(error), None),
        };
        match opening::open_for_window(&dir, options_now()) {
            Ok((db, _report, None)) => (Library::new(Ok(db), Some(dir), Some(Ok(()))), None),
            Ok((db, _report, Some(pending))) => {
                (Library::new(Ok(db), Some(dir), None), Some(pending))
            }
            Err(error) => (
                Library::new(Err(ErrorPayload::from(error)), Some(dir), Some(Ok(()))),
                None,
            ),
        }
    }

    fn new(
        db: Result<Database, ErrorPayload>,
        data_dir: Option<PathBuf>,
        writable: Option<Result<(), ErrorPayload>>,
    ) -> Library {
        Library {
            db: Mutex::new(db),
            data_dir,
            writable: Mutex::new(writable),
            checked: Condvar::new(),
            beside: Mutex::new(None),
        }
    }

    fn open_failed(error: coopdesk_core::Error) -> Library {
        Library::new(Err(ErrorPayload::from(error)), None, Some(Ok(())))
    }

    /// Runs the checks [`Library::open_for_window`] left for later. When they pass, the
    /// library becomes writable; when the file is damaged, every command answers with
    /// that error from now on (the window shows its recovery screen) and nothing was
    /// written. Returns what the window must be told.
    pub fn finish_checks(&self, pending: PendingChecks) -> Result<(), ErrorPayload> {
        // Writes wait for this verdict: even a panic in the check must give one.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pending.run()))
            .unwrap_or_else(|_| {
                Err(coopdesk_core::Error::invalid(
                    "Library",
                    "its integrity check stopped unexpectedly, so nothing can be changed \
                     now; close CoopDesk and open it again.",
                ))
            })
            .map(|_| ())
            .map_err(ErrorPayload::from);
        {
            let mut db = self.db.lock().unwrap_or_else(|p| p.into_inner());
            match &outcome {
                Ok(()) => {
                    if let Ok(open) = db.as_ref() {
                        if let Err(error) = open.set_read_only(false) {
                            *db = Err(ErrorPayload::from(error));
                        }
                    }
                }
                Err(error) if error.code == ErrorCode::Damaged => *db = Err(error.clone()),
                Err(_) => {}
            }
        }
        *self.writable.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome.clone());
        self.checked.notify_all();
        outcome
    }

    /// Closes the library, lets `work` replace its files, and opens it again — whether
    /// or not `work` succeeded, so the window always ends on the library as it now is.
    pub fn reopen_after<T>(
        &self,
        work: impl FnOnce(&Path) -> coopdesk_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        let dir = self
            .data_dir
            .as_deref()
            .ok_or_else(|| ErrorPayload::from(coopdesk_core::Error::NoDataDir))?;
        // The second connection is closed too (a sync under way finishes first), and
        // opened again on the new files when next needed.
        let mut beside = self.beside.lock().unwrap_or_else(|p| p.into_inner());
        *beside = None;
        let mut guard = self.db.lock().unwrap_or_else(|p| p.into_inner());
        // Dropping the connection closes the file, so the restore can replace it (Windows
        // refuses to rename an open file).
        *guard = Err(ErrorPayload::from(coopdesk_core::Error::invalid(
            "Library",
            "the library is being restored; try again in a moment.",
        )));
        let outcome = work(dir).map_err(ErrorPayload::from);
        *guard = open_in(dir);
        // The library now open was checked in full.
        *self.writable.lock().unwrap_or_else(|p| p.into_inner()) = Some(Ok(()));
        self.checked.notify_all();
        outcome
    }

    /// The data folder, if one was found.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// Runs `work`, which writes, on the open library: once the integrity check that
    /// follows the window's first paint has passed (waiting for it if need be), never
    /// on a library it found damaged.
    pub fn with_write<T>(
        &self,
        work: impl FnOnce(&mut Database) -> coopdesk_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        self.checked_writable()?;
        self.with(work)
    }

    /// Waits for the integrity check's verdict; `Err` when it found the library damaged.
    fn checked_writable(&self) -> Result<(), ErrorPayload> {
        let writable = self.writable.lock().unwrap_or_else(|p| p.into_inner());
        let writable = self
            .checked
            .wait_while(writable, |w| w.is_none())
            .unwrap_or_else(|p| p.into_inner());
        match &*writable {
            Some(Err(error)) => Err(error.clone()),
            _ => Ok(()),
        }
    }

    /// Runs `work` on the library's second connection: work that waits on the network
    /// (a sync with the hub) runs there, so the window's connection stays free for the
    /// clerk meanwhile. One such work at a time: the next waits its turn. Like a write,
    /// it waits for the integrity check, and never runs on a library found damaged.
    pub fn with_beside<T>(
        &self,
        work: impl FnOnce(&Database) -> coopdesk_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        self.checked_writable()?;
        let mut beside = self.beside.lock().unwrap_or_else(|p| p.into_inner());
        let db = match beside.take() {
            Some(db) => db,
            None => {
                // Only once the library opened: the window's connection migrated the file.
                self.with(|_| Ok(()))?;
                let dir = self
                    .data_dir
                    .as_deref()
                    .ok_or_else(|| ErrorPayload::from(coopdesk_core::Error::NoDataDir))?;
                coopdesk_core::sharing::open_beside(dir).map_err(ErrorPayload::from)?
            }
        };
        let outcome = work(&db).map_err(ErrorPayload::from);
        *beside = Some(db);
        outcome
    }

    /// Runs `work` on the open library and maps the core's error for the UI.
    pub fn with<T>(
        &self,
        work: impl FnOnce(&mut Database) -> coopdesk_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        // A panic while holding the lock leaves the connection usable: SQLite rolls back
        // an unfinished transaction, so the poisoned flag carries no meaning here.
        let mut guard = self
            .db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Ok(db) => work(db).map_err(ErrorPayload::from),
            Err(error) => Err(error.clone()),
        }
    }
}

/// How the app opens a library: now, with the sample contracts in a new one.
fn options_now() -> OpenOptions {
    OpenOptions {
        now: Local::now().naive_local(),
        seed_sample: true,
    }
}

fn open_in(dir: &Path) -> Result<Database, ErrorPayload> {
    opening::open(dir, options_now())
        .map(|(db, _report)| db)
        .map_err(ErrorPayload::from)
}

/// The `--data-dir DIR` (or `--data-dir=DIR`) flag from the command line, if given.
pub fn data_dir_flag(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trash_first(db: &Database) -> coopdesk_core::Result<()> {
        use coopdesk_core::library::contract;
        let id = contract::all(db)?[0].id.unwrap_or_default();
        contract::delete(db, id, Local::now().naive_local())
    }

    #[test]
    fn the_window_reads_at_once_and_its_writes_wait_for_the_integrity_check() {
        let dir = tempfile::tempdir().unwrap();
        drop(Library::open(Some(dir.path().to_owned())));
        let (library, pending) = Library::open_for_window(Some(dir.path().to_owned()));
        let pending = pending.expect("an existing library is checked beside the window");
        assert_eq!(
            library
                .with(|db| coopdesk_core::library::contract::count(db))
                .unwrap(),
            10,
            "the library is read at once"
        );
        assert!(
            library.with(|db| trash_first(db)).is_err(),
            "the connection itself refuses a write before the check"
        );

        let library = std::sync::Arc::new(library);
        let writer = {
            let library = library.clone();
            std::thread::spawn(move || library.with_write(|db| trash_first(db)))
        };
        library.finish_checks(pending).unwrap();
        writer
            .join()
            .unwrap()
            .expect("the write waited for the check, then went through");
    }

    #[test]
    fn a_sync_waiting_on_the_network_leaves_the_window_reading_and_writing() {
        use std::sync::mpsc;
        let dir = tempfile::tempdir().unwrap();
        let library = std::sync::Arc::new(Library::open(Some(dir.path().to_owned())));
        let (inside, entered) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let sync = {
            let library = library.clone();
            std::thread::spawn(move || {
                library.with_beside(|_db| {
                    inside.send(()).unwrap();
                    // As a sync waits for the hub to answer.
                    released.recv().unwrap();
                    Ok(())
                })
            })
        };
        entered.recv().unwrap();
        library
            .with_write(|db| trash_first(db))
            .expect("the window writes while the sync waits");
        assert_eq!(
            library
                .with(|db| coopdesk_core::library::contract::count(db))
                .unwrap(),
            9,
            "and reads what it wrote"
        );
        release.send(()).unwrap();
        sync.join().unwrap().unwrap();
    }

    #[test]
    fn data_dir_flag_is_read_in_both_spellings() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            data_dir_flag(args(&["--data-dir", "/x"])),
            Some("/x".into())
        );
        assert_eq!(data_dir_flag(args(&["--data-dir=/y"])), Some("/y".into()));
        assert_eq!(data_dir_flag(args(&["--other"])), None);
    }
}
