//! Where the library lives on disk.
//!
//! One folder holds the database file and, beside it, the attached documents and the
//! backups. By default it is the per-user local data folder the operating system
//! reports (`%LOCALAPPDATA%` on Windows, `~/Library/Application Support` on macOS,
//! `~/.local/share` elsewhere) plus the app's identifier. Tests and power users point it
//! elsewhere with `--data-dir` or the `COOPDESK_DATA_DIR` environment variable; the
//! flag wins over the variable.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::{Error, Result};

/// The application identifier; also the name of the data folder.
pub const APP_ID: &str = "org.coopdesk.desktop";

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "COOPDESK_DATA_DIR";

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "library.sqlite3";

/// Folder (inside the data folder) where backups are written.
pub const BACKUP_DIR: &str = "backups";

/// Picks the data folder: the explicit flag, else the environment variable, else the
/// operating system's per-user local data folder.
pub fn resolve_data_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    choose_data_dir(flag, std::env::var_os(DATA_DIR_ENV), dirs::data_local_dir())
}

fn choose_data_dir(
    flag: Option<PathBuf>,
    env: Option<OsString>,
    os_default: Option<PathBuf>,
) -> Result<PathBuf> {
    if let Some(dir) = flag.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(dir);
    }
    if let Some(dir) = env.filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    os_default
        .map(|base| base.join(APP_ID))
        .ok_or(Error::NoDataDir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_environment_and_os_default() {
        let chosen = choose_data_dir(
            Some("/flag".into()),
            Some("/env".into()),
            Some("/home/clerk/.local/share".into()),
        )
        .unwrap();
        assert_eq!(chosen, PathBuf::from("/flag"));
    }

    #[test]
    fn environment_wins_over_os_default() {
        let chosen = choose_data_dir(None, Some("/env".into()), Some("/base".into())).unwrap();
        assert_eq!(chosen, PathBuf::from("/env"));
    }

    #[test]
    fn os_default_gets_the_app_folder() {
        let chosen = choose_data_dir(None, Some("".into()), Some("/base".into())).unwrap();
        assert_eq!(chosen, PathBuf::from("/base").join(APP_ID));
    }

    #[test]
    fn no_folder_at_all_is_a_clear_error() {
        let err = choose_data_dir(None, None, None).unwrap_err();
        assert!(
            err.to_string().contains("COOPDESK_DATA_DIR"),
            "the message says how to fix it: {err}"
        );
    }
}
