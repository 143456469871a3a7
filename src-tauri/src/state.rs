//! The library the window works on, opened once at start.
//!
//! A single-user desktop app needs no pool: one connection behind a mutex. When the
//! library cannot be opened (a database from a newer CoopDesk, a folder that cannot be
//! written) the app still starts and every command answers with that error, so the
//! window can say what is wrong instead of vanishing.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::Local;
use coopdesk_core::db::{Database, OpenOptions};
use coopdesk_core::{paths, ErrorPayload};

/// The managed state: the open library, or why it could not be opened.
#[derive(Debug)]
pub struct Library(Mutex<Result<Database, ErrorPayload>>);

impl Library {
    /// Opens the library in `data_dir`, or in the folder from `--data-dir`,
    /// `COOPDESK_DATA_DIR` or the operating system when `None`.
    pub fn open(data_dir: Option<PathBuf>) -> Library {
        let opened = paths::resolve_data_dir(data_dir).and_then(|dir| {
            let options = OpenOptions {
                now: Local::now().naive_local(),
                seed_sample: true,
            };
            Database::open(&dir, options).map(|(db, _report)| db)
        });
        Library(Mutex::new(opened.map_err(ErrorPayload::from)))
    }

    /// Runs `work` on the open library and maps the core's error for the UI.
    pub fn with<T>(
        &self,
        work: impl FnOnce(&mut Database) -> coopdesk_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        // A panic while holding the lock leaves the connection usable: SQLite rolls back
        // an unfinished transaction, so the poisoned flag carries no meaning here.
        let mut guard = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Ok(db) => work(db).map_err(ErrorPayload::from),
            Err(error) => Err(error.clone()),
        }
    }
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
