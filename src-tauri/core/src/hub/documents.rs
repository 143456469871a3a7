//! A shared contract's documents: they travel with it, once each, by checksum (hub
//! migration 0003, library migration 0021; docs/hub.md "Documents").
//!
//! The contract's body names its documents (`documents`: checksum, name, kind, size), so
//! they are part of the contract as the merge sees it; the bytes go to the hub once per
//! checksum, however many contracts carry the same file, and only when within the size
//! limit the hub's administrator sets. A sync:
//!
//! - on pull, [`take_listed`] makes the library's documents of a contract the ones its
//!   body names: a document no longer named is removed (through the library's own
//!   removal, so the history says so), and one this library lacks is noted as *absent*;
//! - then [`receive`] downloads each absent document, checks its SHA-256, and stores it
//!   through the library's own document store; a copy that does not match is refused
//!   with a sentence and stays absent;
//! - before the push, [`send`] uploads the library's documents the hub does not hold
//!   yet; one over the limit is not sent — the contract still is, naming it — and the
//!   sentence saying so stays until the file is sent.
//!
//! An absent document is still the contract's: the body this library sends names it, so
//! a laptop that could not download a file never takes it from the others.

use std::fs;

use chrono::NaiveDateTime;
use postgres::Client;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::connect::connect;
use super::schema::{self, hub_error};
use super::HubAddress;
use crate::db::Database;
use crate::library::documents::{self as store, DocumentKind};
use crate::{Error, Result};

/// The key of a shared contract's documents in its body.
const DOCUMENTS: &str = "documents";

/// The size limit of a new hub, until its administrator sets another.
pub const DEFAULT_LIMIT_MB: u32 = 25;

const MB: i64 = 1024 * 1024;

/// One document as a contract's body names it. Ordered by checksum, then name, so that
/// every laptop lists a contract's documents alike.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Listed {
    pub sha256: String,
    pub name: String,
    pub kind: String,
    pub size_bytes: i64,
}

/// The documents of contract `contract_id`: those in the library, and those the hub's
/// version names that this library does not hold (absent).
pub(crate) fn listed(conn: &Connection, contract_id: i64) -> Result<Vec<Listed>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sha256, original_name, kind, size_bytes FROM documents WHERE contract_id = ?1
         UNION
         SELECT sha256, name, kind, size_bytes FROM hub_documents_absent WHERE contract_id = ?1
         ORDER BY 1, 2, 3, 4",
    )?;
    let rows = stmt.query_map([contract_id], |row| {
        Ok(Listed {
            sha256: row.get(0)?,
            name: row.get(1)?,
            kind: row.get(2)?,
            size_bytes: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `body` naming `documents` (left out when there are none, so a contract without
/// documents reads as it did before documents travelled).
pub(crate) fn with_documents(mut body: Value, documents: &[Listed]) -> Value {
    if let (Some(fields), false) = (body.as_object_mut(), documents.is_empty()) {
        let list = serde_json::to_value(documents).unwrap_or(Value::Null);
        fields.insert(DOCUMENTS.into(), list);
    }
    body
}

/// The documents a shared body names.
fn listed_in(body: &Value) -> Result<Vec<Listed>> {
    match body.get(DOCUMENTS) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(list) => serde_json::from_value(list.clone()).map_err(|error| {
            Error::Hub(format!(
                "A contract's list of documents from the hub cannot be read by this \
                 CoopDesk ({error}); it was left on the hub."
            ))
        }),
    }
}

/// Makes the documents of contract `contract_id` those `body` names (a change pulled
/// from the hub, or the clerk's choice on a conflict): a document no longer named is
/// removed, one named and not held here is noted absent, for [`receive`].
pub(crate) fn take_listed(
    db: &Database,
    contract_id: i64,
    body: &Value,
    now: NaiveDateTime,
) -> Result<()> {
    let conn = db.conn();
    let wanted = listed_in(body)?;
    for (document_id, held) in held(conn, contract_id)? {
        if !wanted.contains(&held) {
            // A document an approval or an insurance certificate rests on is kept by the
            // library's own triggers: it stays here, named again at the next change.
            match store::remove_document(db, document_id, now) {
                Ok(()) | Err(Error::Database(_)) => {}
                Err(error) => return Err(error),
            }
        }
    }
    conn.execute(
        "DELETE FROM hub_documents_absent WHERE contract_id = ?1",
        [contract_id],
    )?;
    let held: Vec<Listed> = held(conn, contract_id)?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    for document in wanted.iter().filter(|d| !held.contains(d)) {
        conn.execute(
            "INSERT OR IGNORE INTO hub_documents_absent
                 (contract_id, sha256, name, kind, size_bytes)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                contract_id,
                document.sha256,
                document.name,
                document.kind,
                document.size_bytes
            ],
        )?;
    }
    Ok(())
}

/// The library's documents of a contract, by row id, as a body names them.
fn held(conn: &Connection, contract_id: i64) -> Result<Vec<(i64, Listed)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sha256, original_name, kind, size_bytes FROM documents
         WHERE contract_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([contract_id], |row| {
        Ok((
            row.get(0)?,
            Listed {
                sha256: row.get(1)?,
                name: row.get(2)?,
                kind: row.get(3)?,
                size_bytes: row.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An absent document: the contract naming it, and how.
struct Absent {
    contract_id: i64,
    contract: String,
    document: Listed,
}

/// Downloads the documents this library lacks, each checked against its SHA-256 and
/// stored through the library's own document store; answers a sentence for each one not
/// received (not on the hub, or the hub's copy damaged). Those stay absent and are asked
/// for again at the next sync.
pub(crate) fn receive(
    db: &Database,
    client: &mut Client,
    now: NaiveDateTime,
) -> Result<Vec<String>> {
    let conn = db.conn();
    let absent = {
        let mut stmt = conn.prepare(
            "SELECT a.contract_id, c.cooperative || ' ' || c.contract_number, a.sha256,
                    a.name, a.kind, a.size_bytes
             FROM hub_documents_absent a JOIN contracts c ON c.id = a.contract_id
             WHERE c.deleted_at IS NULL ORDER BY a.contract_id, a.sha256, a.name",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(Absent {
                contract_id: row.get(0)?,
                contract: row.get(1)?,
                document: Listed {
                    sha256: row.get(2)?,
                    name: row.get(3)?,
                    kind: row.get(4)?,
                    size_bytes: row.get(5)?,
                },
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut sentences = Vec::new();
    for Absent {
        contract_id,
        contract,
        document,
    } in absent
    {
        let found = client
            .query_opt(
                "SELECT bytes FROM coopdesk.documents WHERE sha256 = $1",
                &[&document.sha256],
            )
            .map_err(hub_error)?;
        let Some(row) = found else {
            sentences.push(format!(
                "{} ({}) of {contract} is not on the hub (a document over the hub's size \
                 limit is not shared); ask whoever attached it for the file.",
                document.name,
                size_text(document.size_bytes)
            ));
            continue;
        };
        let bytes: Vec<u8> = row.get(0);
        if sha256_hex(&bytes) != document.sha256 {
            sentences.push(format!(
                "{} of {contract} was not taken: the hub's copy does not match the checksum \
                 it was shared with (SHA-256 {}), so it is damaged on the hub; nothing was \
                 stored, and it is asked for again at the next sync — tell the hub's \
                 administrator.",
                document.name, document.sha256
            ));
            continue;
        }
        let kind = DocumentKind::from_key(&document.kind).unwrap_or(DocumentKind::Other);
        let tx = conn.unchecked_transaction()?;
        applying(&tx, true)?;
        store::attach_from(
            db,
            contract_id,
            &document.name,
            &mut bytes.as_slice(),
            kind,
            now,
        )?;
        tx.execute(
            "DELETE FROM hub_documents_absent
             WHERE contract_id = ?1 AND sha256 = ?2 AND name = ?3 AND kind = ?4",
            params![contract_id, document.sha256, document.name, document.kind],
        )?;
        on_hub(&tx, &document.sha256)?;
        applying(&tx, false)?;
        tx.commit()?;
    }
    Ok(sentences)
}

/// Marks the writes that follow as the hub's (`hub_link.applying`, as `local` does for a
/// pull), so that storing a received document neither queues its contract nor meets the
/// read-only guard of a region contract. Written here rather than called from `local`,
/// which reads a contract's documents from this module.
fn applying(conn: &Connection, on: bool) -> Result<()> {
    conn.execute("UPDATE hub_link SET applying = ?1", [on as i64])?;
    Ok(())
}

/// A document of this library the hub may not hold yet.
struct Unsent {
    sha256: String,
    contract_id: i64,
    contract: String,
    name: String,
    size_bytes: i64,
}

/// Uploads the library's documents the hub does not hold yet (each checksum once), before
/// the push whose contracts name them; answers a sentence for each one the hub did not
/// take (over its size limit, or its file here no longer what was attached), which
/// `hub status` repeats until the file is sent.
pub(crate) fn send(db: &Database, client: &mut Client, member_role: &str) -> Result<Vec<String>> {
    let conn = db.conn();
    let candidates = {
        let mut stmt = conn.prepare(
            "SELECT d.sha256, min(d.contract_id), d.size_bytes
             FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM hub_documents_on_hub h WHERE h.sha256 = d.sha256)
             GROUP BY d.sha256, d.size_bytes ORDER BY d.sha256",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    if !candidates.is_empty() {
        let checksums: Vec<String> = candidates.iter().map(|(sha, ..)| sha.clone()).collect();
        let held: Vec<String> = client
            .query("SELECT coopdesk.held_documents($1::text[])", &[&checksums])
            .map_err(hub_error)?
            .iter()
            .map(|row| row.get(0))
            .collect();
        let limit: i64 = client
            .query_one("SELECT max_document_bytes FROM coopdesk.settings", &[])
            .map_err(hub_error)?
            .get(0);
        for (sha256, contract_id, size_bytes) in candidates {
            if !held.contains(&sha256) {
                let (contract, name) = named(conn, contract_id, &sha256)?;
                let unsent = Unsent {
                    sha256: sha256.clone(),
                    contract_id,
                    contract,
                    name,
                    size_bytes,
                };
                if let Some(sentence) = upload(db, client, &unsent, limit, member_role)? {
                    conn.execute(
                        "INSERT OR REPLACE INTO hub_documents_unsent (sha256, sentence)
                         VALUES (?1, ?2)",
                        params![sha256, sentence],
                    )?;
                    continue;
                }
            }
            let tx = conn.unchecked_transaction()?;
            on_hub(&tx, &sha256)?;
            tx.commit()?;
        }
    }
    not_shared(conn)
}

/// Sends one document; answers why not when it was not sent.
fn upload(
    db: &Database,
    client: &mut Client,
    unsent: &Unsent,
    limit: i64,
    member_role: &str,
) -> Result<Option<String>> {
    if unsent.size_bytes > limit {
        return Ok(Some(format!(
            "{} ({}), attached to {}, was not shared: the hub takes documents up to {} (its \
             administrator sets the limit), so the contract is shared without it.",
            unsent.name,
            size_text(unsent.size_bytes),
            unsent.contract,
            size_text(limit)
        )));
    }
    let file = store::list_documents(db, unsent.contract_id)?
        .into_iter()
        .find(|d| d.sha256 == unsent.sha256 && d.verified);
    let bytes = match file.map(|d| fs::read(&d.path)) {
        Some(Ok(bytes)) if sha256_hex(&bytes) == unsent.sha256 => bytes,
        _ => {
            return Ok(Some(format!(
                "{}, attached to {}, was not shared: its file in this library is missing or \
                 no longer what was attached (its checksum differs); attach it again.",
                unsent.name, unsent.contract
            )))
        }
    };
    client
        .execute(
            "INSERT INTO coopdesk.documents (sha256, size_bytes, bytes, owner)
             VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
            &[&unsent.sha256, &unsent.size_bytes, &bytes, &member_role],
        )
        .map_err(hub_error)?;
    Ok(None)
}

/// The contract (as a clerk names it) and the name of a document of it.
fn named(conn: &Connection, contract_id: i64, sha256: &str) -> Result<(String, String)> {
    Ok(conn.query_row(
        "SELECT c.cooperative || ' ' || c.contract_number, d.original_name
         FROM documents d JOIN contracts c ON c.id = d.contract_id
         WHERE d.contract_id = ?1 AND d.sha256 = ?2 ORDER BY d.id LIMIT 1",
        params![contract_id, sha256],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?)
}

/// The hub holds this checksum: never asked about again, and no longer unsent.
fn on_hub(conn: &Connection, sha256: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO hub_documents_on_hub (sha256) VALUES (?1)",
        [sha256],
    )?;
    conn.execute(
        "DELETE FROM hub_documents_unsent WHERE sha256 = ?1",
        [sha256],
    )?;
    Ok(())
}

/// The sentences of the documents the hub did not take, as the last sync left them.
pub(crate) fn not_shared(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT sentence FROM hub_documents_unsent ORDER BY sentence")?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Leaving the hub: what this library knew of the hub's documents goes with the link.
pub(crate) fn forget(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM hub_documents_absent;
         DELETE FROM hub_documents_on_hub;
         DELETE FROM hub_documents_unsent;",
    )?;
    Ok(())
}

/// Sets the largest document the hub takes, in MB (of 1,048,576 bytes): the hub's
/// administrator's choice. A document already on the hub stays there.
pub fn set_limit(admin: &HubAddress, password: &str, megabytes: u32) -> Result<()> {
    let mut client = connect(admin, password)?;
    schema::check(&mut client, admin)?;
    client
        .execute(
            "UPDATE coopdesk.settings SET max_document_bytes = $1",
            &[&(i64::from(megabytes) * MB)],
        )
        .map_err(hub_error)?;
    Ok(())
}

/// The largest document the hub takes, in bytes.
pub fn limit(admin: &HubAddress, password: &str) -> Result<i64> {
    let mut client = connect(admin, password)?;
    schema::check(&mut client, admin)?;
    Ok(client
        .query_one("SELECT max_document_bytes FROM coopdesk.settings", &[])
        .map_err(hub_error)?
        .get(0))
}

/// A size as a clerk reads it: "340 KB", "30 MB", "1.5 MB".
pub fn size_text(bytes: i64) -> String {
    if bytes < MB {
        return format!("{} KB", (bytes + 1023) / 1024);
    }
    let tenths = (bytes * 10 + MB / 2) / MB;
    if tenths % 10 == 0 {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_clerk_says_them() {
        assert_eq!(size_text(340 * 1024), "340 KB");
        assert_eq!(size_text(1), "1 KB");
        assert_eq!(size_text(25 * MB), "25 MB");
        assert_eq!(size_text(MB + MB / 2), "1.5 MB");
    }

    #[test]
    fn a_body_names_documents_only_when_there_are_some() {
        let body = serde_json::json!({"title": "Plows"});
        assert_eq!(with_documents(body.clone(), &[]), body);
        let award = Listed {
            sha256: "ab".repeat(32),
            name: "award.pdf".into(),
            kind: "award".into(),
            size_bytes: 4,
        };
        let named = with_documents(body, std::slice::from_ref(&award));
        assert_eq!(listed_in(&named).unwrap(), vec![award]);
    }
}
