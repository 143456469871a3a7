//! The one error type of the core.
//!
//! Every variant renders as a sentence a clerk can act on: what went wrong, where, and
//! what to do. At the edge (the Tauri shell, the CLI) an error becomes an
//! [`ErrorPayload`] — `{code, message}` — where `code` is stable for the UI to branch on.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file was written by a newer CoopDesk; we refuse to touch it.
    #[error(
        "The library at {path} was written by a newer version of CoopDesk (schema version \
         {found}; this version understands up to {supported}). It has not been changed. \
         Install the newer CoopDesk to open it."
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// The data folder could not be found or created.
    #[error("CoopDesk cannot use the data folder {path}: {source}. Choose another folder with COOPDESK_DATA_DIR or --data-dir.")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },

    /// No per-user data folder is known on this system.
    #[error("This system reports no per-user data folder. Set COOPDESK_DATA_DIR to the folder CoopDesk should use.")]
    NoDataDir,

    /// A file could not be read or written.
    #[error("Could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// Input that does not pass validation; `field` names what to fix.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    /// A form with one or more fields that do not pass validation, all reported at once
    /// so the UI can show each message beside its field.
    #[error("{}", FieldError::sentence(.0))]
    InvalidFields(Vec<FieldError>),

    /// A purchase that breaks one or more guard rails (past the not-to-exceed, after the
    /// contract's expiry…), held back until the clerk gives a reason; each rule is one of
    /// the fields (`field` is the rule's key, `message` its sentence). Nothing was saved.
    #[error(
        "{} Nothing was saved: record it with a reason for going ahead anyway, which is kept \
         in the history with the date.",
        FieldError::sentences(.0)
    )]
    NeedsOverride(Vec<FieldError>),

    /// A record that was asked for does not exist (any more).
    #[error("{what} was not found. It may have been deleted; refresh the list.")]
    NotFound { what: String },

    /// The sample library shipped with the app could not be read (a build defect).
    #[error("The sample library shipped with CoopDesk is damaged: {0}")]
    Sample(String),

    /// A file built into CoopDesk (a PDF font) could not be read: a build defect.
    #[error("A part of CoopDesk is damaged: {0}. Reinstall CoopDesk.")]
    Damaged(String),

    /// The library file is damaged or truncated; it was not changed. The UI offers the
    /// latest good backup ([`crate::backup::recover_from_backup`]).
    #[error(
        "The library at {path} is damaged ({detail}). It has not been changed. Restore the \
         latest good backup (the damaged file is kept aside, never overwritten); on the \
         command line: coopdesk-cli recover."
    )]
    DamagedLibrary { path: PathBuf, detail: String },

    /// The library is damaged and no backup that passes the integrity check exists.
    #[error(
        "The library at {path} is damaged and no good backup of it was found in {backups}. \
         Nothing was changed. Restore a copy saved elsewhere (a USB stick) with \
         coopdesk-cli restore FILE, or move the damaged file away to start a new library."
    )]
    NoGoodBackup { path: PathBuf, backups: PathBuf },

    /// A write failed because the disk is full or the file reached the largest size
    /// allowed. SQLite rolled the write back; the library is as it was.
    #[error(
        "There is not enough room on the disk to save this ({detail}). Nothing was saved and \
         the library is as it was before; free some space and try again."
    )]
    DiskFull { detail: String },

    /// Another program holds a file open, so Windows refuses to replace, rename or delete
    /// it (a PDF open in the viewer, a spreadsheet open in Excel). Nothing was changed.
    #[error(
        "{} is open in another program{}, so CoopDesk could not replace it. Close it there \
         and try again; nothing was changed.",
        path.display(),
        program_hint(path)
    )]
    FileInUse { path: PathBuf },

    /// The data folder is on another computer (a network share), where SQLite's
    /// write-ahead log cannot work safely.
    #[error(
        "The library cannot be kept in {path}: it is a network folder, and a library \
         there could be damaged when two computers use it. Keep the library in a folder on \
         this computer (the default), and share contracts with a bundle \
         (Library → Export…)."
    )]
    NetworkFolder { path: PathBuf },

    /// A file to import cannot be read as a whole (encoding, format, structure); the
    /// sentence names the file and, where known, the line.
    #[error("{0}")]
    File(String),

    /// The clerk cancelled a long operation; nothing was changed.
    #[error("Cancelled. The library is exactly as it was before.")]
    Cancelled,

    /// The shared hub was set up by a newer CoopDesk; nothing was sent or received.
    #[error(
        "The hub at {place} was set up by a newer version of CoopDesk (hub schema version \
         {found}; this version understands up to {supported}). Nothing was sent or \
         received, and this library is unchanged. Install the newer CoopDesk to share \
         through it."
    )]
    NewerHub {
        place: String,
        found: i32,
        supported: i32,
    },

    /// The shared hub could not be reached, refused, or answered with an error; the
    /// sentence says which and what to do. Never carries a password.
    #[error("{0}")]
    Hub(String),

    /// Anything SQLite reports that is not covered above.
    #[error("The library database reported an error: {0}")]
    Database(rusqlite::Error),
}

impl From<rusqlite::Error> for Error {
    /// A failed write because the disk is full (`SQLITE_FULL`) or a write refused by the
    /// system (`SQLITE_IOERR_WRITE`: a file-size limit, a full FAT stick) becomes
    /// [`Error::DiskFull`], which says what to do. A write the library's own triggers
    /// refuse with a sentence for the clerk (another jurisdiction's contract, read-only
    /// here: migration 0019) becomes [`Error::Invalid`] with that sentence; the rest stays
    /// a database error.
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(failure, Some(message)) = &error {
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER {
                if let Some((field, sentence)) = message.split_once(": ") {
                    if field == "Shared library" {
                        return Error::invalid(field, sentence);
                    }
                }
            }
        }
        if let rusqlite::Error::SqliteFailure(failure, _) = &error {
            let write_refused = failure.extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE;
            if failure.code == rusqlite::ErrorCode::DiskFull || write_refused {
                return Error::DiskFull {
                    detail: error.to_string(),
                };
            }
        }
        Error::Database(error)
    }
}

impl Error {
    /// A stable, machine-readable code for the UI. Only codes the UI uses are distinct.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NewerSchema { .. } | Error::NewerHub { .. } => ErrorCode::NewerSchema,
            // Unreachable, refused or failed: the sentence says which; the library is as
            // it was, so the window shows it like a file that could not be read.
            Error::Hub(_) => ErrorCode::Io,
            Error::DataDir { .. } | Error::NoDataDir => ErrorCode::DataDir,
            Error::Io { .. } => ErrorCode::Io,
            Error::Invalid { .. } | Error::InvalidFields(_) => ErrorCode::Invalid,
            Error::NeedsOverride(_) => ErrorCode::NeedsOverride,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Sample(_) | Error::Damaged(_) => ErrorCode::Internal,
            Error::DamagedLibrary { .. } | Error::NoGoodBackup { .. } => ErrorCode::Damaged,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::FileInUse { .. } => ErrorCode::FileInUse,
            Error::NetworkFolder { .. } => ErrorCode::DataDir,

            Error::File(_) => ErrorCode::File,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Database(_) => ErrorCode::Database,
        }
    }

    /// A file error; [`Error::DiskFull`] when the file system is full or refused to let
    /// the file grow, [`Error::FileInUse`] when another program holds the file open.
    pub fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        use std::io::ErrorKind;
        if is_sharing_violation(&source) {
            return Error::file_in_use(path);
        }
        match source.kind() {
            ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded => {
                Error::DiskFull {
                    detail: format!("writing {}: {source}", path.display()),
                }
            }
            _ => Error::Io {
                action,
                path: path.to_owned(),
                source,
            },
        }
    }

    /// [`Error::FileInUse`] for `path`.
    pub fn file_in_use(path: &std::path::Path) -> Self {
        Error::FileInUse {
            path: path.to_owned(),
        }
    }

    /// Shorthand for a validation error on one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The `code` of an [`ErrorPayload`]: what the UI branches on. It crosses as a
/// snake_case string (`"disk_full"`), and the UI's declarations list every value, so a
/// code the UI tests for that Rust never sends fails the type check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The library was written by a newer CoopDesk.
    NewerSchema,
    /// The data folder is missing, unusable or on a network share.
    DataDir,
    Io,
    /// Input that does not pass validation; `fields` may say where.
    Invalid,
    /// A purchase breaks a guard rail; `fields` lists each rule, and the UI asks for a
    /// reason to record it anyway.
    NeedsOverride,
    NotFound,
    /// A part of CoopDesk itself is damaged (a build defect).
    Internal,
    /// The library file is damaged; the UI offers the latest good backup.
    Damaged,
    DiskFull,
    FileInUse,
    /// A file to import cannot be read as a whole.
    File,
    Cancelled,
    Database,
}

impl ErrorCode {
    /// The code as it crosses to the UI and the CLI's `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NewerSchema => "newer_schema",
            ErrorCode::DataDir => "data_dir",
            ErrorCode::Io => "io",
            ErrorCode::Invalid => "invalid",
            ErrorCode::NeedsOverride => "needs_override",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Internal => "internal",
            ErrorCode::Damaged => "damaged",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::FileInUse => "file_in_use",
            ErrorCode::File => "file",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Database => "database",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// So that a test reads `assert_eq!(error.code(), "not_found")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Which program probably holds a file open, from its extension: " (a PDF viewer?)".
fn program_hint(path: &std::path::Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => " (a PDF viewer?)",
        "csv" | "xlsx" | "xls" | "xlsm" | "ods" => " (Excel or another spreadsheet?)",
        "docx" | "doc" | "odt" => " (Word?)",
        "sqlite3" | "coopdesk" => " (another CoopDesk window, or a backup or sync tool?)",
        _ => "",
    }
}

/// One field of a form that does not pass validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The field's wire name (`expiryDate`), for the UI to place the message.
    pub field: String,
    /// The field's name in plain words (`Expiry date`).
    pub label: String,
    /// What is wrong and what to do, as a sentence.
    pub message: String,
}

impl FieldError {
    /// A field error; `field` is the wire name, `label` the plain words.
    pub fn new(field: &str, label: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_owned(),
            label: label.to_owned(),
            message: message.into(),
        }
    }

    /// The messages alone, each already a sentence.
    fn sentences(errors: &[FieldError]) -> String {
        errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn sentence(errors: &[FieldError]) -> String {
        errors
            .iter()
            .map(|e| format!("{}: {}", e.label, e.message))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What crosses to the UI or is printed by the CLI: a code and a sentence, plus the
/// per-field messages of a form that did not validate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    /// Absent when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<_>", optional)]
    pub fields: Vec<FieldError>,
}

impl From<&Error> for ErrorPayload {
    fn from(error: &Error) -> Self {
        ErrorPayload {
            code: error.code(),
            message: error.to_string(),
            fields: match error {
                Error::InvalidFields(fields) | Error::NeedsOverride(fields) => fields.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl From<Error> for ErrorPayload {
    fn from(error: Error) -> Self {
        ErrorPayload::from(&error)
    }
}

/// Whether an I/O error is Windows saying another program has the file open
/// (`ERROR_SHARING_VIOLATION`, `ERROR_LOCK_VIOLATION`, or `ERROR_USER_MAPPED_FILE`).
pub(crate) fn is_sharing_violation(error: &std::io::Error) -> bool {
    cfg!(windows) && matches!(error.raw_os_error(), Some(32 | 33 | 1224))
}
