//! The library the window works on, opened once at start.
//!
//! A single-user desktop app needs no pool: one connection behind a mutex. When the
//! library cannot be opened (a database from a newer CoopDesk, a folder that cannot be
//! written) the app still starts and every command answers with that error, so the
//! window can say what is wrong instead of vanishing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Local;
use coopdesk_core::db::Database;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::{paths, ErrorPayload};

/// The managed state: the open library, or why it could not be opened, and its folder.
#[derive(Debug)]
pub struct Library {
    db: Mutex<Result<Database, ErrorPayload>>,
    /// The data folder, when one could be found: restoring and recovering work on it
    /// even while the library cannot be opened.
    data_dir: Option<PathBuf>,
}

impl Library {
    /// Opens the library in `data_dir`, or in the folder from `--data-dir`,
    /// `COOPDESK_DATA_DIR` or the operating system when `None`.
    pub fn open(data_dir: Option<PathBuf>) -> Library {
        match paths::resolve_data_dir(data_dir) {
            Ok(dir) => Library {
                db: Mutex::new(open_in(&dir)),
                data_dir: Some(dir),
            },
            Err(error) => Library {
                db: Mutex::new(Err(ErrorPayload::from(error))),
                data_dir: None,
            },
        }
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
        let mut guard = self.db.lock().unwrap_or_else(|p| p.into_inner());
        // Dropping the connection closes the file, so the restore can replace it (Windows
        // refuses to rename an open file).
        *guard = Err(ErrorPayload::from(coopdesk_core::Error::invalid(
            "Library",
            "the library is being restored; try again in a moment.",
        )));
        let outcome = work(dir).map_err(ErrorPayload::from);
        *guard = open_in(dir);
        outcome
    }

    /// The data folder, if one was found.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
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

fn open_in(dir: &Path) -> Result<Database, ErrorPayload> {
    let options = OpenOptions {
        now: Local::now().naive_local(),
        seed_sample: true,
    };
    opening::open(dir, options)
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
