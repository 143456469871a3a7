//! CoopDesk bundles: one file holding a selection of contracts with their checklists,
//! price lists and attached documents, to hand to a peer jurisdiction.
//!
//! A bundle is a SQLite database file (extension `.coopdesk`), self-describing:
//!
//! - `bundle (key, value)`: `format` = `coopdesk-bundle`, `version` = `1`, `created`;
//! - `contracts (position, record, price_lines, checklist)`: the contract in its wire
//!   form (JSON, without the id), its price list and answered checklist items (JSON);
//! - `documents (contract_position, kind, original_name, sha256, size_bytes, bytes)`:
//!   each attached file as a blob, with its SHA-256, checked again on import.
//!
//! Importing a bundle merges it (see [`super::plan`]): a contract already in the library
//! (same cooperative, number and vendor) is compared field by field, the checklist and
//! the price list included, and documents it does not hold yet (by SHA-256) are added.

use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{Candidate, FieldSet, Format, Incoming, IncomingDocument, InvalidRow, PackedContract};
use crate::db::{stamp, Database};
use crate::library::checklist::{self, Answer, ChecklistEntry};
use crate::library::contract::Contract;
use crate::library::documents::{self, DocumentKind};
use crate::library::price_list::{self, PriceLine};
use crate::{Error, FieldError, Result};

const FORMAT: &str = "coopdesk-bundle";
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE bundle (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE contracts (
    position    INTEGER PRIMARY KEY,
    record      TEXT NOT NULL,
    price_lines TEXT NOT NULL,
    checklist   TEXT NOT NULL
);
CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    contract_position INTEGER NOT NULL REFERENCES contracts (position),
    kind              TEXT NOT NULL,
    original_name     TEXT NOT NULL,
    sha256            TEXT NOT NULL,
    size_bytes        INTEGER NOT NULL,
    bytes             BLOB NOT NULL
);";

/// What writing a bundle did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleReport {
    pub contracts: usize,
    pub documents: usize,
    /// Documents whose file is missing from the library folder or no longer matches its
    /// SHA-256, left out of the bundle, as sentences.
    pub left_out: Vec<String>,
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes the contracts with the given ids (all when empty) to a new bundle at `path`.
/// The file is written beside `path` first and renamed when complete, so a cancelled or
/// failed export leaves no half bundle.
pub fn write(
    db: &Database,
    ids: &[i64],
    path: &Path,
    now: NaiveDateTime,
    tick: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<BundleReport> {
    let contracts = super::selection(db, ids)?;
    crate::files::refuse_if_in_use(path)?;
    let partial = crate::files::sibling(path, ".partial");
    let _ = std::fs::remove_file(&partial);
    // SQLite syncs the bundle as it commits, and closes it before the rename.
    let written = write_to(db, &contracts, &partial, now, tick).and_then(|report| {
        crate::files::replace(&partial, path)?;
        Ok(report)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

fn write_to(
    db: &Database,
    contracts: &[Contract],
    path: &Path,
    now: NaiveDateTime,
    tick: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<BundleReport> {
    let mut out = Connection::open(path)?;
    let tx = out.transaction()?;
    tx.execute_batch(SCHEMA)?;
    tx.execute(
        "INSERT INTO bundle VALUES ('format', ?1), ('version', ?2), ('created', ?3)",
        rusqlite::params![FORMAT, VERSION.to_string(), stamp(now)],
    )?;
    let mut report = BundleReport::default();
    for (index, contract) in contracts.iter().enumerate() {
        let id = contract.id.unwrap_or_default();
        let mut record = contract.clone();
        record.id = None;
        let lines = price_list::price_lines(db, id)?;
        let entries: Vec<ChecklistEntry> = checklist::checklist(db, id)?
            .into_iter()
            .filter(|e| e.answer != Answer::NotYet || !e.note.is_empty())
            .collect();
        let position = index as i64 + 1;
        tx.execute(
            "INSERT INTO contracts VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                position,
                serde_json::to_string(&record).expect("a contract serialises"),
                serde_json::to_string(&lines).expect("price lines serialise"),
                serde_json::to_string(&entries).expect("checklist entries serialise"),
            ],
        )?;
        let attached = if db.path().is_some() {
            documents::list_documents(db, id)?
        } else {
            Vec::new()
        };
        for document in attached {
            let bytes = std::fs::read(&document.path).ok();
            match bytes.filter(|b| hex_sha256(b) == document.sha256) {
                Some(bytes) => {
                    tx.execute(
                        "INSERT INTO documents
                             (contract_position, kind, original_name, sha256, size_bytes, bytes)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        rusqlite::params![
                            position,
                            document.kind.key(),
                            document.original_name,
                            document.sha256,
                            bytes.len() as i64,
                            bytes
                        ],
                    )?;
                    report.documents += 1;
                }
                None => report.left_out.push(format!(
                    "{} of contract {} is missing or changed in the library folder and was \
                     left out.",
                    document.file_name, contract.contract_number
                )),
            }
        }
        report.contracts += 1;
        tick(index + 1)?;
    }
    tx.commit()?;
    Ok(report)
}

fn not_a_bundle(file_name: &str) -> Error {
    Error::File(format!(
        "{file_name} is not a CoopDesk bundle (or it is damaged). Ask for the file again."
    ))
}

/// Reads a bundle: every contract with its checklist, price list and documents.
pub fn read(path: &Path) -> Result<Incoming> {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| not_a_bundle(&file_name))?;
    let format: Option<String> = conn
        .query_row("SELECT value FROM bundle WHERE key = 'format'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|_| not_a_bundle(&file_name))?;
    if format.as_deref() != Some(FORMAT) {
        return Err(not_a_bundle(&file_name));
    }
    let version: i64 = conn
        .query_row("SELECT value FROM bundle WHERE key = 'version'", [], |r| {
            r.get::<_, String>(0)
        })
        .map_err(|_| not_a_bundle(&file_name))?
        .parse()
        .map_err(|_| not_a_bundle(&file_name))?;
    if version > VERSION {
        return Err(Error::File(format!(
            "{file_name} was made by a newer CoopDesk (bundle version {version}). Install \
             the newer CoopDesk to import it."
        )));
    }
    read_contracts(&conn).map_err(|error| match error {
        Error::Database(_) => not_a_bundle(&file_name),
        other => other,
    })
}

fn read_contracts(conn: &Connection) -> Result<Incoming> {
    let mut incoming = Incoming::new(Format::Bundle);
    let mut stmt = conn.prepare(
        "SELECT position, record, price_lines, checklist FROM contracts ORDER BY position",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
        ))
    })?;
    let mut documents = conn.prepare(
        "SELECT kind, original_name, sha256, bytes FROM documents
         WHERE contract_position = ?1 ORDER BY id",
    )?;
    for row in rows {
        let (position, record, lines, entries) = row?;
        let line = position.max(0) as u64;
        let mut problems = Vec::new();
        let mut problem = |field: &str, label: &str, message: String| {
            problems.push(FieldError::new(field, label, message));
        };
        let contract: Option<Contract> = serde_json::from_str(&record)
            .map_err(|e| problem("record", "Contract", format!("cannot be read ({e}).")))
            .ok();
        let price_lines: Option<Vec<PriceLine>> = serde_json::from_str(&lines)
            .map_err(|e| problem("priceLines", "Price list", format!("cannot be read ({e}).")))
            .ok();
        let checklist: Option<Vec<ChecklistEntry>> = serde_json::from_str(&entries)
            .map_err(|e| {
                problem(
                    "dueDiligence",
                    "Due diligence",
                    format!("cannot be read ({e})."),
                )
            })
            .ok();
        let mut docs = Vec::new();
        let found = documents.query_map([position], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Vec<u8>>(3)?,
            ))
        })?;
        for document in found {
            let (kind, original_name, sha256, bytes) = document?;
            if hex_sha256(&bytes) != sha256 {
                problem(
                    "documents",
                    "Documents",
                    format!("{original_name} does not match its SHA-256; the bundle is damaged."),
                );
                continue;
            }
            match DocumentKind::from_key(&kind) {
                Ok(kind) => docs.push(IncomingDocument {
                    kind,
                    original_name,
                    sha256,
                    bytes,
                }),
                Err(e) => problem("documents", "Documents", e.to_string()),
            }
        }
        if let Some(contract) = &contract {
            problems.extend(super::text_problems(contract));
        }
        match (contract, price_lines, checklist) {
            (Some(mut contract), Some(price_lines), Some(checklist)) if problems.is_empty() => {
                contract.id = None;
                incoming.candidates.push(Candidate {
                    line,
                    contract: PackedContract::pack(&contract),
                    present: FieldSet::all(),
                    checklist,
                    price_lines: Some(price_lines),
                    documents: docs,
                });
            }
            _ => incoming.invalid.push(InvalidRow { line, problems }),
        }
    }
    Ok(incoming)
}

/// The contracts with the given ids and their price lines (for OCDS export).
pub(crate) fn with_price_lines(
    db: &Database,
    contracts: Vec<Contract>,
) -> Result<Vec<(Contract, Vec<PriceLine>)>> {
    contracts
        .into_iter()
        .map(|c| {
            let lines = price_list::price_lines(db, c.id.unwrap_or_default())?;
            Ok((c, lines))
        })
        .collect()
}
