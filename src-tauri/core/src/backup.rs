//! Backups of the library: the database and its attached documents, in one file.
//!
//! ## Brief overview
//!
//! A backup is itself an SQLite database: SQLite's online backup of the library
//! (consistent even while the app has the library open, WAL content included), to which
//! two tables are added — `coopdesk_backup` (what kind of backup, when) and
//! `coopdesk_backup_documents` (the bytes of every file under `documents/`, by contract
//! folder and name). One file is what "Back up now to…" puts on a USB stick, and any
//! SQLite tool can open it.
//!
//! Backups are taken without the clerk thinking of them, into `<data dir>/backups/`:
//!
//! | kind | when | name | kept |
//! |---|---|---|---|
//! | daily | first open of a day (not for a brand-new library) | `library-daily-<stamp>.sqlite3` | last 7 |
//! | before migration | before a schema upgrade changes the file | `library-v<N>-before-migration-<stamp>.sqlite3` | last 5 |
//! | before import | [`backup_before_import`], called by the import | `library-before-import-<stamp>.sqlite3` | last 5 |
//! | before restore | before [`restore`] replaces the library | `library-before-restore-<stamp>.sqlite3` | last 5 |
//! | manual | `coopdesk-cli backup` without `--to` | `library-manual-<stamp>.sqlite3` | last 5 |
//!
//! `<stamp>` is the local time `YYYYMMDD-HHMMSS` (a `-2`, `-3`… follows when two backups
//! of one kind fall in the same second). Pruning deletes only files named this way.
//!
//! ## Invariants
//!
//! - A backup file appears under its final name only when complete: it is written as
//!   `<name>.partial`, synced, then renamed. A failed backup (full disk) leaves nothing.
//! - Restoring never leaves a mix. The new database and documents are first built
//!   beside the library (`library.sqlite3.restoring`, `documents.restoring/`); renaming
//!   the database over `library.sqlite3` is the one commit point. The documents folder
//!   follows (`documents` → `documents.previous`, `documents.restoring` → `documents`,
//!   then `documents.previous` is deleted). [`finish_interrupted_restore`], run at every
//!   open, completes that order after a crash: staging files before the commit point are
//!   discarded (the old library stands), a documents swap after it is finished.
//! - A damaged library is moved aside as `library.damaged-<stamp>.sqlite3` (with its
//!   `-wal` and `-shm`), never overwritten and never deleted.
//! - A backup read back is checked first (`PRAGMA quick_check`, schema version, safe
//!   document names), since it may come from someone else's USB stick.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{backup::NO_PROGRESS, Connection, OpenFlags, OptionalExtension, MAIN_DB};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, Database, SCHEMA_VERSION};
use crate::library::documents::{safe_file_name, DOCUMENTS_DIR};
use crate::paths::{BACKUP_DIR, DATABASE_FILE};
use crate::{files, Error, Result};

/// The version of the backup layout (the two added tables).
const BACKUP_FORMAT: i64 = 1;
const NAME_PREFIX: &str = "library-";
const NAME_SUFFIX: &str = ".sqlite3";
const STAMP_FORMAT: &str = "%Y%m%d-%H%M%S";
/// `YYYYMMDD-HHMMSS`.
const STAMP_LEN: usize = 15;

const STAGING_DATABASE: &str = "library.sqlite3.restoring";
const STAGING_DOCUMENTS: &str = "documents.restoring";
const PREVIOUS_DOCUMENTS: &str = "documents.previous";

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BackupKind {
    /// At the first open of a day.
    Daily,
    /// Before a schema migration changed the file.
    BeforeMigration,
    /// Before an import added to the library.
    BeforeImport,
    /// Before a restore replaced the library.
    BeforeRestore,
    /// Asked for: "Back up now" (to the backups folder or to a file the clerk picked).
    Manual,
}

impl BackupKind {
    /// How many backups of this kind the backups folder keeps.
    pub fn kept(self) -> usize {
        match self {
            BackupKind::Daily => 7,
            _ => 5,
        }
    }

    /// The kind's part of a file name; migrations also carry the old schema version.
    fn name_part(self, version: i64) -> String {
        match self {
            BackupKind::Daily => "daily".to_owned(),
            BackupKind::BeforeMigration => format!("v{version}-before-migration"),
            BackupKind::BeforeImport => "before-import".to_owned(),
            BackupKind::BeforeRestore => "before-restore".to_owned(),
            BackupKind::Manual => "manual".to_owned(),
        }
    }

    fn from_name_part(part: &str) -> Option<BackupKind> {
        match part {
            "daily" => Some(BackupKind::Daily),
            "before-import" => Some(BackupKind::BeforeImport),
            "before-restore" => Some(BackupKind::BeforeRestore),
            "manual" => Some(BackupKind::Manual),
            _ => part
                .strip_prefix('v')
                .and_then(|rest| rest.strip_suffix("-before-migration"))
                .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                .map(|_| BackupKind::BeforeMigration),
        }
    }
}

/// A backup in the backups folder, as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The file's name in the backups folder; what [`restore`] takes.
    pub file_name: String,
    pub kind: BackupKind,
    /// Local time the backup was taken.
    pub taken_at: NaiveDateTime,
    pub size_bytes: u64,
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    /// The backup (or file) the library now holds.
    pub restored_from: String,
    /// The backup of the library as it was just before, in the backups folder.
    pub safety_backup: Option<BackupInfo>,
}

/// What [`recover_from_backup`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryReport {
    /// Where the damaged file was moved (kept, never deleted).
    pub damaged_copy: PathBuf,
    /// The backup the library was restored from.
    pub restored_from: BackupInfo,
    /// Newer backups that were skipped because they failed the integrity check.
    pub skipped: Vec<String>,
}

/// The backups in `<data_dir>/backups/`, newest first. Files not named by CoopDesk are
/// not listed; a missing folder is an empty list.
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupInfo>> {
    let dir = data_dir.join(BACKUP_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read the backup folder", &dir, e)),
    };
    let mut backups = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read the backup folder", &dir, e))?;
        let Some(file_name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let Some((kind, taken_at, _)) = parse_name(&file_name) else {
            continue;
        };
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if metadata.is_file() {
            backups.push(BackupInfo {
                file_name,
                kind,
                taken_at,
                size_bytes: metadata.len(),
            });
        }
    }
    let order = |b: &BackupInfo| (b.taken_at, parse_name(&b.file_name).map_or(0, |p| p.2));
    backups.sort_by_key(|b| std::cmp::Reverse(order(b)));
    Ok(backups)
}

/// Takes today's daily backup unless one exists; `None` when it already did. Called at
/// open; the caller treats a failure as a warning, not a reason to refuse the library.
pub fn take_daily(db: &Database, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
    let Some(data_dir) = data_dir_of(db) else {
        return Ok(None);
    };
    let today = now.date();
    let taken_today = list_backups(&data_dir)?
        .iter()
        .any(|b| b.kind == BackupKind::Daily && b.taken_at.date() == today);
    if taken_today {
        return Ok(None);
    }
    take(db.conn(), &data_dir, BackupKind::Daily, 0, now).map(Some)
}

/// The backup the import takes before it adds to the library. `None` for a library held
/// in memory, which has nothing on disk to lose.
pub fn backup_before_import(db: &Database, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
    match data_dir_of(db) {
        Some(data_dir) => take(db.conn(), &data_dir, BackupKind::BeforeImport, 0, now).map(Some),
        None => Ok(None),
    }
}

/// The name to offer in the "Back up now to…" save dialog.
pub fn suggested_file_name(now: NaiveDateTime) -> String {
    format!("CoopDesk backup {}.sqlite3", now.format("%Y-%m-%d"))
}

/// "Back up now": a backup of kind `manual` into the backups folder.
pub fn backup_now(db: &Database, now: NaiveDateTime) -> Result<BackupInfo> {
    let data_dir = data_dir_of(db).ok_or_else(in_memory)?;
    take(db.conn(), &data_dir, BackupKind::Manual, 0, now)
}

/// "Back up now to…": writes one backup file at `dest`, a place the clerk picked (a USB
/// stick). An existing file there is replaced only once the new one is complete.
pub fn backup_to(db: &Database, dest: &Path, now: NaiveDateTime) -> Result<BackupInfo> {
    let data_dir = data_dir_of(db).ok_or_else(in_memory)?;
    let library = data_dir.join(DATABASE_FILE);
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if ["", "-wal", "-shm"]
        .iter()
        .any(|suffix| same(dest, &files::sibling(&library, suffix)))
    {
        return Err(Error::invalid(
            "Back up to",
            "that is the library itself; choose another place (a USB stick, another folder).",
        ));
    }
    write_backup(db.conn(), &data_dir, dest, BackupKind::Manual, now)?;
    Ok(BackupInfo {
        file_name: dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind: BackupKind::Manual,
        taken_at: now,
        size_bytes: file_size(dest)?,
    })
}

/// The backup taken before a migration, from a read-only connection to the old file.
pub(crate) fn backup_before_migration(
    library: &Path,
    version: i64,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let data_dir = library.parent().unwrap_or(Path::new("."));
    let source = Connection::open_with_flags(
        files::sqlite_path(library),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let info = take(&source, data_dir, BackupKind::BeforeMigration, version, now)?;
    Ok(data_dir.join(BACKUP_DIR).join(info.file_name))
}

/// Replaces the library in `data_dir` with the backup `file_name` from the backups folder
/// — after checking the backup and backing up the library as it is now.
///
/// No [`Database`] may be open on `data_dir` meanwhile: drop it first and open the
/// library again afterwards.
pub fn restore(data_dir: &Path, file_name: &str, now: NaiveDateTime) -> Result<RestoreReport> {
    let backup = list_backups(data_dir)?
        .into_iter()
        .find(|b| b.file_name == file_name)
        .ok_or_else(|| Error::NotFound {
            what: format!("The backup {file_name}"),
        })?;
    restore_file(
        data_dir,
        &data_dir.join(BACKUP_DIR).join(&backup.file_name),
        now,
    )
}

/// Like [`restore`], from a backup file anywhere (one written by "Back up now to…").
pub fn restore_file(data_dir: &Path, backup: &Path, now: NaiveDateTime) -> Result<RestoreReport> {
    verify(backup)?;
    finish_interrupted_restore(data_dir)?;
    let library = data_dir.join(DATABASE_FILE);
    let safety_backup = if has_content(&library) {
        let conn = Connection::open(files::sqlite_path(&library))?;
        db::quick_check(&conn, &library)?;
        let info = take_unpruned(&conn, data_dir, BackupKind::BeforeRestore, 0, now)?;
        close_cleanly(conn)?;
        Some(info)
    } else {
        None
    };
    install(data_dir, backup)?;
    prune(data_dir)?;
    Ok(RestoreReport {
        restored_from: backup
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        safety_backup,
    })
}

/// For a library that [`crate::opening::open`] found damaged: moves the damaged file aside
/// (kept, never overwritten) and restores the newest backup that passes the integrity
/// check. A library that is not damaged is left alone.
pub fn recover_from_backup(data_dir: &Path, now: NaiveDateTime) -> Result<RecoveryReport> {
    finish_interrupted_restore(data_dir)?;
    let library = data_dir.join(DATABASE_FILE);
    if has_content(&library) && check_file(&library).is_ok() {
        return Err(Error::invalid(
            "Library",
            "the library is not damaged, so nothing was changed. To go back to an earlier \
             state, restore a backup from Settings.",
        ));
    }
    let mut skipped = Vec::new();
    let mut chosen = None;
    for backup in list_backups(data_dir)? {
        match verify(&data_dir.join(BACKUP_DIR).join(&backup.file_name)) {
            Ok(()) => {
                chosen = Some(backup);
                break;
            }
            Err(_) => skipped.push(backup.file_name),
        }
    }
    let chosen = chosen.ok_or_else(|| Error::NoGoodBackup {
        path: library.clone(),
        backups: data_dir.join(BACKUP_DIR),
    })?;
    let damaged_copy = move_aside(data_dir, now)?;
    install(data_dir, &data_dir.join(BACKUP_DIR).join(&chosen.file_name))?;
    Ok(RecoveryReport {
        damaged_copy,
        restored_from: chosen,
        skipped,
    })
}

/// Completes or discards a restore that a crash interrupted (see the module's
/// invariants). Run at every open, before the library is read.
pub fn finish_interrupted_restore(data_dir: &Path) -> Result<()> {
    let staging_db = data_dir.join(STAGING_DATABASE);
    let staging_docs = data_dir.join(STAGING_DOCUMENTS);
    let documents = data_dir.join(DOCUMENTS_DIR);
    let previous = data_dir.join(PREVIOUS_DOCUMENTS);
    if staging_db.exists() {
        // Before the commit point: the old library and documents stand.
        files::remove_if_any(&staging_db)?;
        remove_dir_if_any(&staging_docs)?;
        return Ok(());
    }
    if staging_docs.exists() {
        if documents.exists() {
            remove_dir_if_any(&previous)?;
            files::replace(&documents, &previous)?;
        }
        files::replace(&staging_docs, &documents)?;
        files::sync_dir(data_dir);
    }
    remove_dir_if_any(&previous)
}

/// Checks a backup file before it is used: it opens, passes `PRAGMA quick_check`, and
/// is not from a newer CoopDesk.
pub fn verify(backup: &Path) -> Result<()> {
    if !backup.is_file() {
        return Err(Error::NotFound {
            what: format!("The backup {}", backup.display()),
        });
    }
    let version = check_file(backup)?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: backup.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Opens `path` read-only and runs the quick integrity check; returns the schema version.
fn check_file(path: &Path) -> Result<i64> {
    let conn =
        Connection::open_with_flags(files::sqlite_path(path), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| db::damage_or_error(e, path))?;
    let version = db::schema_version(&conn).map_err(|e| match e {
        Error::Database(e) => db::damage_or_error(e, path),
        other => other,
    })?;
    db::quick_check(&conn, path)?;
    Ok(version)
}

/// Takes a backup of `kind` into the backups folder, then prunes old ones.
fn take(
    source: &Connection,
    data_dir: &Path,
    kind: BackupKind,
    version: i64,
    now: NaiveDateTime,
) -> Result<BackupInfo> {
    let info = take_unpruned(source, data_dir, kind, version, now)?;
    prune(data_dir)?;
    Ok(info)
}

/// Takes a backup of `kind` into the backups folder, leaving the old ones: a restore
/// prunes only once done, so the backup it restores is never pruned from under it.
fn take_unpruned(
    source: &Connection,
    data_dir: &Path,
    kind: BackupKind,
    version: i64,
    now: NaiveDateTime,
) -> Result<BackupInfo> {
    let dir = data_dir.join(BACKUP_DIR);
    fs::create_dir_all(&dir).map_err(|e| Error::io("create the backup folder", &dir, e))?;
    let base = format!(
        "{NAME_PREFIX}{}-{}",
        kind.name_part(version),
        now.format(STAMP_FORMAT)
    );
    let file_name = (1..)
        .map(|n| match n {
            1 => format!("{base}{NAME_SUFFIX}"),
            n => format!("{base}-{n}{NAME_SUFFIX}"),
        })
        .find(|name| !dir.join(name).exists())
        .expect("an unbounded range always finds a free name");
    let target = dir.join(&file_name);
    write_backup(source, data_dir, &target, kind, now)?;
    Ok(BackupInfo {
        size_bytes: file_size(&target)?,
        file_name,
        kind,
        taken_at: now,
    })
}

/// Writes the one-file backup of the library open on `source` (documents read from
/// `data_dir`) to `target`, via `<target>.partial`.
fn write_backup(
    source: &Connection,
    data_dir: &Path,
    target: &Path,
    kind: BackupKind,
    now: NaiveDateTime,
) -> Result<()> {
    let mut partial = target.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    files::remove_if_any(&partial)?;
    let written = (|| {
        source.backup(MAIN_DB, files::sqlite_path(&partial), NO_PROGRESS)?;
        let mut copy = Connection::open(files::sqlite_path(&partial))?;
        // One self-contained file: no -wal beside it.
        let _mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        let tx = copy.transaction()?;
        tx.execute_batch(
            "CREATE TABLE coopdesk_backup (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE coopdesk_backup_documents (
                 contract_id INTEGER NOT NULL,
                 file_name TEXT NOT NULL,
                 bytes BLOB NOT NULL,
                 PRIMARY KEY (contract_id, file_name));",
        )?;
        for (key, value) in [
            ("format", BACKUP_FORMAT.to_string()),
            ("kind", kind.name_part(0)),
            ("takenAt", now.format("%Y-%m-%dT%H:%M:%S").to_string()),
        ] {
            tx.execute(
                "INSERT INTO coopdesk_backup (key, value) VALUES (?1, ?2)",
                (key, value),
            )?;
        }
        for (contract_id, file_name, path) in document_files(data_dir)? {
            let bytes = fs::read(&path).map_err(|e| Error::io("read the document", &path, e))?;
            tx.execute(
                "INSERT INTO coopdesk_backup_documents (contract_id, file_name, bytes)
                 VALUES (?1, ?2, ?3)",
                (contract_id, file_name, bytes),
            )?;
        }
        tx.commit()?;
        copy.close().map_err(|(_, e)| e)?;
        files::sync_file(&partial)?;
        files::replace(&partial, target)?;
        if let Some(parent) = target.parent() {
            files::sync_dir(parent);
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
    written
}

/// Every file under `documents/<contract id>/`, as (contract id, file name, path).
fn document_files(data_dir: &Path) -> Result<Vec<(i64, String, PathBuf)>> {
    let root = data_dir.join(DOCUMENTS_DIR);
    let folders = match fs::read_dir(&root) {
        Ok(folders) => folders,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read the documents folder", &root, e)),
    };
    let mut files = Vec::new();
    for folder in folders {
        let folder = folder.map_err(|e| Error::io("read the documents folder", &root, e))?;
        let Some(contract_id) = folder
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<i64>().ok())
        else {
            continue;
        };
        if !folder.path().is_dir() {
            continue;
        }
        let path = folder.path();
        for file in fs::read_dir(&path).map_err(|e| Error::io("read the folder", &path, e))? {
            let file = file.map_err(|e| Error::io("read the folder", &path, e))?;
            if let (Some(name), true) = (file.file_name().to_str(), file.path().is_file()) {
                files.push((contract_id, name.to_owned(), file.path()));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Builds the library from `backup` beside the current one, then swaps it in (see the
/// module's invariants for the order). The current library must be closed.
fn install(data_dir: &Path, backup: &Path) -> Result<()> {
    let library = data_dir.join(DATABASE_FILE);
    let staging_db = data_dir.join(STAGING_DATABASE);
    let staging_docs = data_dir.join(STAGING_DOCUMENTS);
    files::remove_if_any(&staging_db)?;
    remove_dir_if_any(&staging_docs)?;
    let built = (|| {
        fs::copy(backup, &staging_db).map_err(|e| Error::io("copy the backup", &staging_db, e))?;
        let conn = Connection::open(files::sqlite_path(&staging_db))?;
        let has_documents: bool = conn
            .query_row(
                "SELECT 1 FROM sqlite_schema WHERE name = 'coopdesk_backup_documents'",
                [],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false);
        if has_documents {
            extract_documents(&conn, &staging_docs)?;
        }
        conn.execute_batch(
            "DROP TABLE IF EXISTS coopdesk_backup_documents;
             DROP TABLE IF EXISTS coopdesk_backup;
             VACUUM;",
        )?;
        db::quick_check(&conn, &staging_db)?;
        conn.close().map_err(|(_, e)| e)?;
        files::sync_file(&staging_db)
    })();
    if let Err(error) = built {
        let _ = fs::remove_file(&staging_db);
        let _ = fs::remove_dir_all(&staging_docs);
        return Err(error);
    }
    // The old library's journal must not be replayed into the new file.
    for suffix in ["-wal", "-shm", "-journal"] {
        files::remove_if_any(&files::sibling(&library, suffix))?;
    }
    files::replace(&staging_db, &library)?; // the commit point
    files::sync_dir(data_dir);
    finish_interrupted_restore(data_dir)
}

/// Writes the documents held in a backup under `folder`, refusing names that could
/// escape it (a backup may come from anyone's USB stick).
fn extract_documents(conn: &Connection, folder: &Path) -> Result<()> {
    fs::create_dir_all(folder).map_err(|e| Error::io("create the folder", folder, e))?;
    let mut statement =
        conn.prepare("SELECT contract_id, file_name, bytes FROM coopdesk_backup_documents")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let contract_id: i64 = row.get(0)?;
        let file_name: String = row.get(1)?;
        if contract_id <= 0 || file_name.is_empty() || safe_file_name(&file_name) != file_name {
            return Err(Error::invalid(
                "Backup",
                format!(
                    "the backup holds a document named '{file_name}' that CoopDesk would not \
                     have written; it was not restored. Choose another backup."
                ),
            ));
        }
        let dir = folder.join(contract_id.to_string());
        fs::create_dir_all(&dir).map_err(|e| Error::io("create the folder", &dir, e))?;
        let path = dir.join(&file_name);
        let bytes: Vec<u8> = row.get(2)?;
        fs::write(&path, bytes).map_err(|e| Error::io("write the document", &path, e))?;
        files::sync_file(&path)?;
    }
    Ok(())
}

/// Moves the damaged library and its journal files to `library.damaged-<stamp>.sqlite3`
/// (`-2`, `-3`… when taken), never over an existing file.
fn move_aside(data_dir: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    let library = data_dir.join(DATABASE_FILE);
    let base = format!("library.damaged-{}", now.format(STAMP_FORMAT));
    let target = (1..)
        .map(|n| match n {
            1 => data_dir.join(format!("{base}{NAME_SUFFIX}")),
            n => data_dir.join(format!("{base}-{n}{NAME_SUFFIX}")),
        })
        .find(|path| {
            ["", "-wal", "-shm", "-journal"]
                .iter()
                .all(|suffix| !files::sibling(path, suffix).exists())
        })
        .expect("an unbounded range always finds a free name");
    for suffix in ["-wal", "-shm", "-journal", ""] {
        let from = files::sibling(&library, suffix);
        if from.exists() {
            files::replace(&from, &files::sibling(&target, suffix))?;
        }
    }
    files::sync_dir(data_dir);
    Ok(target)
}

/// Deletes the oldest backups of each kind beyond what [`BackupKind::kept`] keeps.
fn prune(data_dir: &Path) -> Result<()> {
    let backups = list_backups(data_dir)?;
    for kind in [
        BackupKind::Daily,
        BackupKind::BeforeMigration,
        BackupKind::BeforeImport,
        BackupKind::BeforeRestore,
        BackupKind::Manual,
    ] {
        for old in backups.iter().filter(|b| b.kind == kind).skip(kind.kept()) {
            match files::remove_if_any(&data_dir.join(BACKUP_DIR).join(&old.file_name)) {
                // An old backup another program holds open (a sync or antivirus tool on
                // Windows) is left for the next prune: the new backup is safe already.
                Err(Error::FileInUse { .. }) => {}
                other => other?,
            }
        }
    }
    Ok(())
}

/// Parses `library-<kind>-<YYYYMMDD-HHMMSS>[-n].sqlite3` into kind, time and `n` (1 when
/// absent).
fn parse_name(name: &str) -> Option<(BackupKind, NaiveDateTime, u32)> {
    let stem = name.strip_prefix(NAME_PREFIX)?.strip_suffix(NAME_SUFFIX)?;
    let (stem, counter) = match stem.rsplit_once('-') {
        Some((rest, n)) if (1..=4).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) => {
            (rest, n.parse().ok()?)
        }
        _ => (stem, 1),
    };
    if stem.len() < STAMP_LEN + 2 || !stem.is_char_boundary(stem.len() - STAMP_LEN - 1) {
        return None;
    }
    let (kind, stamp) = stem.split_at(stem.len() - STAMP_LEN - 1);
    let stamp = stamp.strip_prefix('-')?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()?;
    Some((BackupKind::from_name_part(kind)?, taken_at, counter))
}

/// Checkpoints the WAL into the file and closes, so that no journal is left beside it.
fn close_cleanly(conn: Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

fn data_dir_of(db: &Database) -> Option<PathBuf> {
    db.path().and_then(Path::parent).map(Path::to_owned)
}

fn in_memory() -> Error {
    Error::invalid(
        "Backup",
        "this library is held in memory only; there is nothing on disk to back up.",
    )
}

fn has_content(path: &Path) -> bool {
    path.metadata().map(|m| m.len() > 0).unwrap_or(false)
}

fn file_size(path: &Path) -> Result<u64> {
    path.metadata()
        .map(|m| m.len())
        .map_err(|e| Error::io("read the size of", path, e))
}

fn remove_dir_if_any(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("remove", path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn backup_names_are_read_back_with_their_kind_and_time() {
        assert_eq!(
            parse_name("library-daily-20261125-093000.sqlite3"),
            Some((
                BackupKind::Daily,
                at(25, 9) + chrono::Duration::minutes(30),
                1
            ))
        );
        assert_eq!(
            parse_name("library-v3-before-migration-20261125-090000.sqlite3"),
            Some((BackupKind::BeforeMigration, at(25, 9), 1))
        );
        assert_eq!(
            parse_name("library-before-import-20261125-090000-2.sqlite3"),
            Some((BackupKind::BeforeImport, at(25, 9), 2)),
            "a second backup in the same second"
        );
        assert_eq!(
            parse_name("library-daily-20261125-090000.sqlite3.partial"),
            None
        );
        assert_eq!(parse_name("library.sqlite3"), None);
        assert_eq!(parse_name("library-holiday-20261125-090000.sqlite3"), None);
        assert_eq!(parse_name("library-daily-2026112é-090000.sqlite3"), None);
    }

    #[test]
    fn retention_keeps_the_newest_of_each_kind() {
        let dir = tempfile::tempdir().unwrap();
        let (db, _) = crate::opening::open(
            dir.path(),
            crate::opening::OpenOptions {
                now: at(1, 8),
                seed_sample: false,
            },
        )
        .unwrap();
        for day in 2..=12 {
            take(db.conn(), dir.path(), BackupKind::Daily, 0, at(day, 8)).unwrap();
            backup_before_import(&db, at(day, 9)).unwrap();
        }
        let kept = list_backups(dir.path()).unwrap();
        let days = |kind| {
            kept.iter()
                .filter(|b| b.kind == kind)
                .map(|b| b.taken_at.date().day())
                .collect::<Vec<_>>()
        };
        use chrono::Datelike;
        assert_eq!(days(BackupKind::Daily), vec![12, 11, 10, 9, 8, 7, 6]);
        assert_eq!(days(BackupKind::BeforeImport), vec![12, 11, 10, 9, 8]);
    }

    #[cfg(windows)]
    #[test]
    fn an_old_backup_held_open_elsewhere_does_not_stop_a_new_one() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (db, _) = crate::opening::open(
            dir.path(),
            crate::opening::OpenOptions {
                now: at(1, 8),
                seed_sample: false,
            },
        )
        .unwrap();
        for day in 2..=6 {
            backup_now(&db, at(day, 8)).unwrap();
        }
        let oldest = list_backups(dir.path()).unwrap().pop().unwrap();
        let path = dir.path().join(BACKUP_DIR).join(&oldest.file_name);
        // A sync tool reading the file, letting others read it but not delete it.
        let held = fs::OpenOptions::new()
            .read(true)
            .share_mode(0x1)
            .open(&path)
            .unwrap();
        let newest = backup_now(&db, at(7, 8)).expect("the new backup is taken");
        assert!(path.exists(), "the held backup is left for a later prune");
        drop(held);
        backup_now(&db, at(8, 8)).unwrap();
        assert!(!path.exists(), "and pruned once it is free");
        assert!(list_backups(dir.path())
            .unwrap()
            .iter()
            .any(|b| b.file_name == newest.file_name));
    }
}
