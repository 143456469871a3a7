//! Settings' backups and the damaged-library screen: list, back up, restore, recover.
//!
//! Restoring and recovering replace the library's files, so they run through
//! [`Library::reopen_after`]: the connection is closed first and the library opened
//! again afterwards, whatever happened. The system dialogs run here, in Rust.

use chrono::{Local, NaiveDateTime};
use coopdesk_core::backup::{self, BackupInfo, RecoveryReport, RestoreReport};
use coopdesk_core::{Error, ErrorPayload};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::{ask_where_to_save, Reply};
use crate::state::Library;

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// The backups in the library's backups folder, newest first.
#[tauri::command(async)]
pub fn list_backups(library: State<'_, Library>) -> Reply<Vec<BackupInfo>> {
    let dir = library
        .data_dir()
        .ok_or_else(|| ErrorPayload::from(Error::NoDataDir))?;
    Ok(backup::list_backups(dir)?)
}

/// "Back up now": a backup in the backups folder.
#[tauri::command(async)]
pub fn back_up_now(library: State<'_, Library>) -> Reply<BackupInfo> {
    library.with_write(|db| backup::backup_now(db, now()))
}

/// "Back up to…": one file, where the clerk picks (a USB stick). `null` when cancelled.
#[tauri::command(async)]
pub fn back_up_to<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
) -> Reply<Option<BackupInfo>> {
    let Some(path) = ask_where_to_save(
        &app,
        "Back up the library to",
        &backup::suggested_file_name(now()),
        ("CoopDesk backup", "sqlite3"),
    )?
    else {
        return Ok(None);
    };
    library.with_write(|db| backup::backup_to(db, &path, now()).map(Some))
}

/// Replaces the library with a backup from the backups folder, after backing up the
/// library as it is now.
#[tauri::command(async)]
pub fn restore_backup(library: State<'_, Library>, file_name: String) -> Reply<RestoreReport> {
    library.reopen_after(|dir| backup::restore(dir, &file_name, now()))
}

/// "Restore from a file…": a backup written elsewhere by "Back up to…". `null` when
/// cancelled.
#[tauri::command(async)]
pub fn restore_backup_file<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
) -> Reply<Option<RestoreReport>> {
    let Some(picked) = app
        .dialog()
        .file()
        .set_title("Restore the library from a backup file")
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|e| {
        ErrorPayload::from(Error::invalid(
            "Backup",
            format!("The file chosen cannot be read as a local file ({e})."),
        ))
    })?;
    library
        .reopen_after(|dir| backup::restore_file(dir, &path, now()))
        .map(Some)
}

/// For a damaged library: keeps the damaged file aside and restores the newest good
/// backup.
#[tauri::command(async)]
pub fn recover_library(library: State<'_, Library>) -> Reply<RecoveryReport> {
    library.reopen_after(|dir| backup::recover_from_backup(dir, now()))
}
