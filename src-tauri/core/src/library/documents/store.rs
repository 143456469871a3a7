//! The attached documents in the library: copied into its folder, checksummed, and
//! recorded (table `documents`).
//!
//! Invariants:
//! - a document lives at `<data dir>/documents/<contract id>/<file name>`, where the data
//!   dir is the database file's folder; the stored file name is safe on Windows and
//!   macOS (see [`safe_file_name`]) and unique within the contract's folder;
//! - the SHA-256 and size recorded are those of the bytes written, computed while
//!   copying; [`list_documents`] re-hashes every file to say whether it still matches;
//! - an in-memory library has no folder and refuses attachments.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use super::{Document, DocumentKind};
use crate::db::{atomically, stamp, Database};
use crate::library::contract;
use crate::library::history::{self, Action, FieldChange};
use crate::{files, Error, Result};

/// The folder under the data dir that holds attached documents.
pub const DOCUMENTS_DIR: &str = "documents";

/// The longest stored file name, in bytes. Windows allows 255 UTF-16 units per name
/// and 260 per path by default; a short name leaves room for the folder above it.
const MAX_FILE_NAME_BYTES: usize = 100;

/// The library folder of a contract's documents.
fn contract_folder(db: &Database, contract_id: i64) -> Result<PathBuf> {
    let data_dir = db.path().and_then(Path::parent).ok_or_else(|| {
        Error::invalid(
            "Documents",
            "This library is held in memory only and has no folder to copy documents \
                 into. Open a library saved on disk to attach documents.",
        )
    })?;
    Ok(data_dir.join(DOCUMENTS_DIR).join(contract_id.to_string()))
}

/// Copies `source` into the contract's library folder, records its SHA-256, size, kind
/// and date, and notes it in the contract's history.
pub fn attach(
    db: &Database,
    contract_id: i64,
    source: &Path,
    kind: DocumentKind,
    now: NaiveDateTime,
) -> Result<Document> {
    let original_name = source
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut input = File::open(source).map_err(|e| io_error("open", source, e))?;
    attach_from(db, contract_id, &original_name, &mut input, kind, now).map_err(|error| match error
    {
        // The copy error names the file the clerk chose, not just its name.
        Error::Io {
            action: "copy",
            source: err,
            ..
        } => io_error("copy", source, err),
        other => other,
    })
}

/// Like [`attach`], from any reader (a document carried in an import bundle):
/// `original_name` is the name the file had.
pub fn attach_from(
    db: &Database,
    contract_id: i64,
    original_name: &str,
    input: &mut impl Read,
    kind: DocumentKind,
    now: NaiveDateTime,
) -> Result<Document> {
    let conn = db.conn();
    contract::get(db, contract_id)?;
    let folder = contract_folder(db, contract_id)?;
    let original_name = original_name.to_owned();
    fs::create_dir_all(&folder).map_err(|e| io_error("create the folder", &folder, e))?;
    let (file_name, target, mut output) = create_unique(&folder, &safe_file_name(&original_name))?;

    let copied = copy_hashing(input, &mut output)
        .and_then(|done| output.sync_all().map(|()| done))
        .map_err(|e| io_error("copy", Path::new(&original_name), e));
    // Closed before anything else: Windows cannot delete a file that is still open.
    drop(output);
    let (sha256, size_bytes) = match copied {
        Ok(done) => done,
        Err(error) => {
            let _ = fs::remove_file(&target);
            return Err(error);
        }
    };
    let recorded = atomically(conn, || {
        conn.execute(
            "INSERT INTO documents
                 (contract_id, kind, file_name, original_name, sha256, size_bytes, attached_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                contract_id,
                kind.key(),
                file_name,
                original_name,
                sha256,
                size_bytes as i64,
                stamp(now)
            ],
        )?;
        let id = conn.last_insert_rowid();
        history::record(
            conn,
            contract_id,
            now,
            Action::Update,
            &[FieldChange::new(
                "documents",
                "Documents",
                "",
                format!("attached {file_name} ({}, SHA-256 {sha256})", kind.key()),
            )],
        )?;
        Ok(id)
    });
    match recorded {
        Ok(id) => Ok(Document {
            id,
            contract_id,
            kind,
            file_name,
            original_name,
            sha256,
            size_bytes,
            attached_at: now,
            path: target,
            verified: true,
            missing: false,
        }),
        Err(error) => {
            // Without its record the copy is an orphan nobody can see; remove it.
            let _ = fs::remove_file(&target);
            Err(error)
        }
    }
}

/// A contract's documents, oldest first, each re-hashed to set `verified` and `missing`.
pub fn list_documents(db: &Database, contract_id: i64) -> Result<Vec<Document>> {
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT id, kind, file_name, original_name, sha256, size_bytes, attached_at
         FROM documents WHERE contract_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([contract_id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, NaiveDateTime>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let folder = contract_folder(db, contract_id)?;
    rows.into_iter()
        .map(
            |(id, kind, file_name, original_name, sha256, size, attached_at)| {
                let path = folder.join(&file_name);
                let (verified, missing) = match File::open(&path) {
                    Ok(mut file) => {
                        let matches = copy_hashing(&mut file, &mut io::sink())
                            .map(|(hash, len)| hash == sha256 && len as i64 == size)
                            .unwrap_or(false);
                        (matches, false)
                    }
                    Err(_) => (false, true),
                };
                Ok(Document {
                    id,
                    contract_id,
                    kind: DocumentKind::from_key(&kind)?,
                    file_name,
                    original_name,
                    sha256,
                    size_bytes: size as u64,
                    attached_at,
                    path,
                    verified,
                    missing,
                })
            },
        )
        .collect()
}

/// Removes a document: its record and its copy in the library folder (the original,
/// wherever it was, is not touched).
pub fn remove_document(db: &Database, document_id: i64, now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    let (contract_id, file_name): (i64, String) = conn
        .query_row(
            "SELECT contract_id, file_name FROM documents WHERE id = ?1",
            [document_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("Document #{document_id}"),
        })?;
    let path = contract_folder(db, contract_id)?.join(&file_name);
    atomically(conn, || {
        conn.execute("DELETE FROM documents WHERE id = ?1", [document_id])?;
        history::record(
            conn,
            contract_id,
            now,
            Action::Update,
            &[FieldChange::new(
                "documents",
                "Documents",
                format!("attached {file_name}"),
                "removed",
            )],
        )?;
        // Removed last, inside the savepoint: if the file cannot be removed (open in
        // another program on Windows) the record stays and the clerk can try again. A
        // file already gone is what was wanted.
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error("remove", &path, e)),
        }
    })
}

/// A file name that is safe to create on Windows, macOS and Linux
/// ([`files::safe_file_name`]), at most [`MAX_FILE_NAME_BYTES`] bytes with the extension
/// kept.
pub fn safe_file_name(name: &str) -> String {
    files::shorten(&files::safe_file_name(name), MAX_FILE_NAME_BYTES)
}

/// Creates a new file named `wanted`, or `stem (2).ext`, `stem (3).ext`… if taken. The
/// file is created exclusively, so two attachments never overwrite each other.
fn create_unique(folder: &Path, wanted: &str) -> Result<(String, PathBuf, File)> {
    let (stem, extension) = match wanted.rfind('.') {
        Some(dot) if dot > 0 => (&wanted[..dot], &wanted[dot..]),
        _ => (wanted, ""),
    };
    for n in 1..10_000 {
        let name = if n == 1 {
            wanted.to_owned()
        } else {
            // Shorten the stem so the suffix never pushes the name past the bound.
            let suffix = format!(" ({n}){extension}");
            let stem = files::shorten(stem, MAX_FILE_NAME_BYTES - suffix.len());
            format!("{stem}{suffix}")
        };
        let path = folder.join(&name);
        match File::options().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((name, path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error("create", &path, e)),
        }
    }
    Err(io_error(
        "find a free name in",
        folder,
        io::Error::other("too many files with the same name"),
    ))
}

/// Copies everything from `input` to `output`, returning the hex SHA-256 and length.
fn copy_hashing(input: &mut impl Read, output: &mut impl Write) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buffer[..read]);
        output.write_all(&buffer[..read])?;
        total += read as u64;
    }
    output.flush()?;
    let hex = hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Ok((hex, total))
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> Error {
    Error::io(action, path, source)
}

/// The file of document `document_id` of contract `contract_id`, to open in the
/// system's viewer. Only a file inside the library's documents folder is answered,
/// whatever the database says, so a tampered record cannot make the app launch an
/// arbitrary program or file.
pub fn file_to_open(db: &Database, contract_id: i64, document_id: i64) -> Result<PathBuf> {
    let document = list_documents(db, contract_id)?
        .into_iter()
        .find(|d| d.id == document_id)
        .ok_or_else(|| Error::NotFound {
            what: format!("Document #{document_id}"),
        })?;
    let folder = db
        .path()
        .and_then(Path::parent)
        .map(|dir| dir.join(DOCUMENTS_DIR));
    inside(folder, &document.path)
}

/// `path`, resolved, when it is a file inside `folder`; an error otherwise.
fn inside(folder: Option<PathBuf>, path: &Path) -> Result<PathBuf> {
    let refused = || {
        Error::invalid(
            "Document",
            "This file is not in the library's documents folder, so CoopDesk will not open it. Attach it again.",
        )
    };
    let folder = folder
        .ok_or_else(refused)?
        .canonicalize()
        .map_err(|_| refused())?;
    let file = path.canonicalize().map_err(|_| {
        Error::invalid(
            "Document",
            "The file is missing from the library folder. Attach it again.",
        )
    })?;
    if file.starts_with(&folder) && file.is_file() {
        Ok(file)
    } else {
        Err(refused())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_documents_folder_may_be_opened() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(DOCUMENTS_DIR);
        std::fs::create_dir_all(folder.join("1")).unwrap();
        std::fs::write(folder.join("1/award.pdf"), b"%PDF").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"x").unwrap();

        assert!(inside(Some(folder.clone()), &folder.join("1/award.pdf")).is_ok());
        assert!(
            inside(Some(folder.clone()), &folder.join("1/../../secret.txt")).is_err(),
            "a path climbing out of the folder is refused"
        );
        assert!(
            inside(Some(folder.clone()), &folder.join("1/gone.pdf")).is_err(),
            "a missing file is refused"
        );
        assert!(inside(None, &folder.join("1/award.pdf")).is_err());
    }

    #[test]
    fn file_names_are_made_safe_for_windows_and_macos() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name("..\\..\\boot.ini"), "_.._boot.ini");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("nul.txt"), "_nul.txt");
        assert_eq!(safe_file_name("com1.pdf"), "_com1.pdf");
        assert_eq!(
            safe_file_name("Computer.pdf"),
            "Computer.pdf",
            "only exact device names are reserved"
        );
        assert_eq!(safe_file_name("award: final?.pdf"), "award_ final_.pdf");
        assert_eq!(safe_file_name(" .hidden. "), "hidden");
        assert_eq!(safe_file_name("..."), "document");
        assert_eq!(safe_file_name(""), "document");
        assert_eq!(
            safe_file_name("Peñasco – contrat.pdf"),
            "Peñasco – contrat.pdf"
        );
    }

    #[test]
    fn long_file_names_are_cut_on_a_character_boundary_keeping_the_extension() {
        let long = format!("{}.pdf", "é".repeat(200));
        let safe = safe_file_name(&long);
        assert!(safe.len() <= MAX_FILE_NAME_BYTES, "{} bytes", safe.len());
        assert!(safe.ends_with(".pdf"), "the extension is kept: {safe}");
    }
}
