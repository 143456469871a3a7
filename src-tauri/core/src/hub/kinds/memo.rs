//! Justification memos as a shared kind, within the office only (the hub refuses memos in
//! the region). A memo's body on the hub (docs/hub.md, "Memos"):
//!
//! - `printed/<SHA-256 of its PDF>`: each printed version, frozen — its number, content,
//!   when it was saved and printed, and the PDF itself (base64). A pull adds the printed
//!   versions this library lacks and never changes one it holds.
//! - `text/<path>`: the memo's current text (its latest version's content), one field per
//!   leaf of the content, so that two laptops editing different parts of the draft merge,
//!   and the same part edited on both is a conflict. When the current text is not the
//!   last printed version's, the library holds it as an unprinted version after it.
//! - `comparisonGlobalId`: the comparison it was written from, by its global id;
//!   `createdAt`; and `title`, the memo's subject as the list shows it (the hub does not
//!   render memos, so the title travels rather than being composed again).
//!
//! Inside a content, the contract and an option's contract are named by their global ids
//! (`contractGlobalId`), never by this library's row ids, as a comparison's body does.
//!
//! Version numbers: a printed version keeps the number it was printed under, except when
//! another laptop's printed version reached the hub first under the same number (both
//! printed while apart): then this library's own moves to the next free number as the
//! pull writes it (migration 0023 lets the pull change a printed version's number, and
//! nothing else of it). Renewal memos point at a council action by its row id and are not
//! shared until council actions are.

use std::collections::BTreeMap;

use base64::Engine as _;
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::comparison::{option_kinds, CONTRACT_GLOBAL_ID, CONTRACT_ID};
use super::{contract_global_id, contract_id, Kind, Record, SameCopy};
use crate::db::Database;
use crate::{Error, Result};

pub(crate) const KIND: Kind = Kind {
    name: "memo",
    table: "memos",
    live: "SELECT id FROM memos WHERE NOT EXISTS (SELECT 1 FROM memo_versions v
               WHERE v.memo_id = memos.id AND json_extract(v.content, '$.kind') = 'renewal')",
    read,
    insert,
    write,
    same_copy,
    label,
};

const PRINTED: &str = "printed/";
const TEXT: &str = "text/";
const COMPARISON: &str = "comparisonGlobalId";
const CREATED_AT: &str = "createdAt";
const TITLE: &str = "title";

/// One saved version as the library keeps it.
struct Stored {
    version: u32,
    content: Value,
    saved_at: String,
    printed_at: Option<String>,
    pdf: Option<Vec<u8>>,
}

/// A printed version as the body carries it.
struct Printed {
    sha256: String,
    version: u32,
    content: Value,
    saved_at: String,
    printed_at: String,
    pdf: Vec<u8>,
}

fn read(db: &Database, id: i64) -> Result<Option<Record>> {
    let conn = db.conn();
    let found: Option<(Option<String>, String, Option<String>, String)> = conn
        .query_row(
            "SELECT c.global_id, m.created_at, m.global_id, m.title FROM memos m
             LEFT JOIN comparisons c ON c.id = m.comparison_id WHERE m.id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    let Some((comparison, created_at, global_id, title)) = found else {
        return Ok(None);
    };
    let versions = stored_versions(conn, id)?;
    if versions
        .iter()
        .any(|v| v.content.get("kind") == Some(&"renewal".into()))
    {
        return Ok(None);
    }
    let mut body = Map::new();
    body.insert(
        COMPARISON.into(),
        comparison.map_or(Value::Null, Value::from),
    );
    body.insert(CREATED_AT.into(), Value::from(created_at));
    body.insert(TITLE.into(), Value::from(title));
    for version in &versions {
        let (Some(printed_at), Some(pdf)) = (&version.printed_at, &version.pdf) else {
            continue;
        };
        let sha256 = format!("{:x}", Sha256::digest(pdf));
        let entry = serde_json::json!({
            "version": version.version,
            "content": shared_ids(conn, version.content.clone())?,
            "savedAt": version.saved_at,
            "printedAt": printed_at,
            "pdf": base64::engine::general_purpose::STANDARD.encode(pdf),
        });
        body.insert(format!("{PRINTED}{sha256}"), entry);
    }
    if let Some(latest) = versions.last() {
        let mut text = Map::new();
        flatten(
            "",
            &strip_nulls(shared_ids(conn, latest.content.clone())?),
            &mut text,
        );
        for (path, value) in text {
            body.insert(format!("{TEXT}{path}"), value);
        }
    }
    Ok(Some(Record {
        kind: &KIND,
        id: Some(id),
        global_id,
        deleted: false,
        body: Value::Object(body),
    }))
}

fn stored_versions(conn: &Connection, id: i64) -> Result<Vec<Stored>> {
    let mut stmt = conn.prepare(
        "SELECT version, content, saved_at, printed_at, pdf FROM memo_versions
         WHERE memo_id = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([id], |row| {
        Ok((
            row.get::<_, u32>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, Option<String>>(3)?,
            row.get::<_, Option<Vec<u8>>>(4)?,
        ))
    })?;
    let mut versions = Vec::new();
    for row in rows {
        let (version, content, saved_at, printed_at, pdf) = row?;
        let content = serde_json::from_str(&content).map_err(|error| {
            Error::Hub(format!(
                "Version {version} of memo #{id} cannot be shared: it cannot be read \
                 ({error})."
            ))
        })?;
        versions.push(Stored {
            version,
            content,
            saved_at,
            printed_at,
            pdf,
        });
    }
    Ok(versions)
}

/// A content as it is shared: its contract and each option's contract named by global id.
fn shared_ids(conn: &Connection, mut content: Value) -> Result<Value> {
    if let Some(contract) = content
        .pointer_mut("/sources/contract")
        .and_then(Value::as_object_mut)
    {
        if let Some(id) = contract.remove("id").and_then(|id| id.as_i64()) {
            if let Some(global_id) = contract_global_id(conn, id)? {
                contract.insert(CONTRACT_GLOBAL_ID.into(), Value::from(global_id));
            }
        }
    }
    if let Some(comparison) = content.pointer_mut("/sources/comparison") {
        for kind in option_kinds(comparison) {
            if let Some(id) = kind.remove(CONTRACT_ID).and_then(|id| id.as_i64()) {
                if let Some(global_id) = contract_global_id(conn, id)? {
                    kind.insert(CONTRACT_GLOBAL_ID.into(), Value::from(global_id));
                }
            }
        }
    }
    Ok(content)
}

/// A shared content as this library keeps it: each contract by this library's row id
/// (none when this library does not hold it).
fn local_ids(conn: &Connection, mut content: Value) -> Result<Value> {
    if let Some(contract) = content
        .pointer_mut("/sources/contract")
        .and_then(Value::as_object_mut)
    {
        let global_id = contract.remove(CONTRACT_GLOBAL_ID);
        let id = match global_id.as_ref().and_then(Value::as_str) {
            Some(global_id) => contract_id(conn, global_id)?,
            None => None,
        };
        contract.insert("id".into(), id.map_or(Value::Null, Value::from));
    }
    if let Some(comparison) = content.pointer_mut("/sources/comparison") {
        for kind in option_kinds(comparison) {
            let Some(global_id) = kind.remove(CONTRACT_GLOBAL_ID) else {
                continue;
            };
            if let Some(id) = contract_id(conn, global_id.as_str().unwrap_or_default())? {
                kind.insert(CONTRACT_ID.into(), Value::from(id));
            }
        }
    }
    Ok(content)
}

/// Each leaf of `value` (a non-object, or an empty object) under its path, the keys
/// escaped as in a JSON pointer (`~0` for `~`, `~1` for `/`).
fn flatten(prefix: &str, value: &Value, out: &mut Map<String, Value>) {
    match value {
        Value::Object(fields) if !fields.is_empty() => {
            for (key, value) in fields {
                let key = key.replace('~', "~0").replace('/', "~1");
                let path = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}/{key}")
                };
                flatten(&path, value, out);
            }
        }
        leaf => {
            out.insert(prefix.to_owned(), leaf.clone());
        }
    }
}

/// The content the `text/` fields of a body make (a field the merge left empty, `null`,
/// is absent).
fn unflatten(body: &Value) -> Value {
    let mut root = Value::Object(Map::new());
    let Some(fields) = body.as_object() else {
        return root;
    };
    for (key, value) in fields {
        let Some(path) = key.strip_prefix(TEXT) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let keys: Vec<String> = path
            .split('/')
            .map(|k| k.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut node = &mut root;
        for (i, key) in keys.iter().enumerate() {
            if !node.is_object() {
                *node = Value::Object(Map::new());
            }
            let Some(object) = node.as_object_mut() else {
                break;
            };
            if i + 1 == keys.len() {
                let empty_object = value.as_object().is_some_and(Map::is_empty);
                if !(empty_object && object.get(key).is_some_and(Value::is_object)) {
                    object.insert(key.clone(), value.clone());
                }
                break;
            }
            node = object
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
    root
}

/// `value` without the `null` members of its objects (the shared text leaves them out).
fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// The printed versions a body carries, each checked against the checksum it is named by.
fn printed_in(body: &Value) -> Result<Vec<Printed>> {
    let mut printed = Vec::new();
    let Some(fields) = body.as_object() else {
        return Ok(printed);
    };
    for (key, entry) in fields {
        let Some(sha256) = key.strip_prefix(PRINTED) else {
            continue;
        };
        if entry.is_null() {
            continue;
        }
        let damaged = || {
            Error::Hub(format!(
                "A printed memo version from the hub ({}) is damaged or cannot be read by \
                 this CoopDesk; it was not kept.",
                label(body)
            ))
        };
        let text = |name: &str| entry.get(name).and_then(Value::as_str).map(str::to_owned);
        let pdf = text("pdf")
            .and_then(|pdf| base64::engine::general_purpose::STANDARD.decode(pdf).ok())
            .ok_or_else(damaged)?;
        if format!("{:x}", Sha256::digest(&pdf)) != sha256 {
            return Err(damaged());
        }
        printed.push(Printed {
            sha256: sha256.to_owned(),
            version: entry
                .get("version")
                .and_then(Value::as_u64)
                .and_then(|v| u32::try_from(v).ok())
                .filter(|v| *v >= 1)
                .ok_or_else(damaged)?,
            content: entry.get("content").cloned().ok_or_else(damaged)?,
            saved_at: text("savedAt").ok_or_else(damaged)?,
            printed_at: text("printedAt").ok_or_else(damaged)?,
            pdf,
        });
    }
    printed.sort_by_key(|p| p.version);
    Ok(printed)
}

fn insert(db: &Database, body: &Value, now: NaiveDateTime) -> Result<i64> {
    let created_at = body
        .get(CREATED_AT)
        .and_then(Value::as_str)
        .map_or_else(|| now.to_string(), str::to_owned);
    let conn = db.conn();
    conn.execute(
        "INSERT INTO memos (title, created_at, updated_at) VALUES ('', ?1, ?1)",
        [&created_at],
    )?;
    let id = conn.last_insert_rowid();
    write_body(db, id, body, now)?;
    Ok(id)
}

/// Writes the hub's version over the memo: the printed versions it lacks are added (one
/// held here is never changed), the current text becomes the unprinted version after the
/// last printed one, or none when it is that version's text. A deletion deletes a memo
/// never printed; a printed memo is a record and stays (it is shared again).
fn write(
    db: &Database,
    mine: &Record,
    deleted: bool,
    body: &Value,
    now: NaiveDateTime,
) -> Result<()> {
    let conn = db.conn();
    match (mine.id, deleted) {
        (Some(id), true) => {
            let printed: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM memo_versions
                     WHERE memo_id = ?1 AND printed_at IS NOT NULL)",
                [id],
                |row| row.get(0),
            )?;
            if printed {
                return crate::hub::local::queue(conn, KIND.name, id);
            }
            conn.execute("DELETE FROM memos WHERE id = ?1", [id])?;
            Ok(())
        }
        (Some(id), false) => write_body(db, id, body, now),
        (None, true) => Ok(()),
        (None, false) => {
            let id = insert(db, body, now)?;
            super::set_global_id(conn, &KIND, id, mine.global_id.as_deref())?;
            if let Some(global_id) = &mine.global_id {
                conn.execute("DELETE FROM hub_gone WHERE global_id = ?1", [global_id])?;
            }
            Ok(())
        }
    }
}

fn write_body(db: &Database, id: i64, body: &Value, now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    let arriving = printed_in(body)?;
    let held = stored_versions(conn, id)?;
    let held_printed: BTreeMap<String, u32> = held
        .iter()
        .filter_map(|v| {
            let pdf = v.pdf.as_ref().filter(|_| v.printed_at.is_some())?;
            Some((format!("{:x}", Sha256::digest(pdf)), v.version))
        })
        .collect();
    let draft = held.iter().find(|v| v.printed_at.is_none());
    // The unprinted version is written again after the printed ones.
    conn.execute(
        "DELETE FROM memo_versions WHERE memo_id = ?1 AND printed_at IS NULL",
        [id],
    )?;
    let new: Vec<&Printed> = arriving
        .iter()
        .filter(|p| !held_printed.contains_key(&p.sha256))
        .collect();
    let mut taken: Vec<u32> = held_printed.values().copied().collect();
    taken.extend(new.iter().map(|p| p.version));
    // A version printed here under a number the hub's printed version has: ours moves.
    for (sha256, number) in &held_printed {
        if !new
            .iter()
            .any(|p| p.version == *number && &p.sha256 != sha256)
        {
            continue;
        }
        let next = taken.iter().max().copied().unwrap_or(0) + 1;
        renumber(conn, id, *number, next)?;
        taken.push(next);
    }
    for printed in &new {
        let content = local_ids(conn, printed.content.clone())?;
        conn.execute(
            "INSERT INTO memo_versions (memo_id, version, content, saved_at, printed_at, pdf,
                 pdf_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                printed.version,
                content.to_string(),
                printed.saved_at,
                printed.printed_at,
                printed.pdf,
                printed.sha256
            ],
        )?;
    }
    let text = strip_nulls(local_ids(conn, unflatten(body))?);
    let last_printed: Option<(u32, String)> = conn
        .query_row(
            "SELECT version, content FROM memo_versions WHERE memo_id = ?1
             ORDER BY version DESC LIMIT 1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let last_text = last_printed
        .as_ref()
        .and_then(|(_, content)| serde_json::from_str::<Value>(content).ok())
        .map(strip_nulls);
    if last_text.as_ref() != Some(&text) && text.as_object().is_some_and(|t| !t.is_empty()) {
        let number = last_printed.map_or(1, |(v, _)| v + 1);
        let saved_at = draft
            .filter(|d| strip_nulls(d.content.clone()) == text)
            .map_or_else(|| now.to_string(), |d| d.saved_at.clone());
        conn.execute(
            "INSERT INTO memo_versions (memo_id, version, content, saved_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, number, text.to_string(), saved_at],
        )?;
    }
    let title = body.get(TITLE).and_then(Value::as_str);
    let comparison: Option<i64> = match body.get(COMPARISON).and_then(Value::as_str) {
        Some(global_id) => conn
            .query_row(
                "SELECT id FROM comparisons WHERE global_id = ?1",
                [global_id],
                |row| row.get(0),
            )
            .optional()?,
        None => None,
    };
    conn.execute(
        "UPDATE memos SET title = coalesce(?2, title), comparison_id = ?3, updated_at = ?4
         WHERE id = ?1",
        params![id, title, comparison, now],
    )?;
    Ok(())
}

/// Moves a printed version of this library to another number (its content, times and PDF
/// stay). A council action recorded on it keeps it where it is: the clerk is told.
fn renumber(conn: &Connection, id: i64, from: u32, to: u32) -> Result<()> {
    let acted_on: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM approvals WHERE memo_id = ?1 AND memo_version = ?2)",
        params![id, from],
        |row| row.get(0),
    )?;
    if acted_on {
        return Err(Error::Hub(format!(
            "Version {from} of memo #{id} was printed here while another laptop printed its \
             own version {from}, and a council action here is recorded on this one, so it \
             cannot be numbered {to}. Tell the office's other laptops; nothing was changed."
        )));
    }
    // Only the hub's own writes may move a printed version (migration 0023).
    let applying: bool = conn.query_row("SELECT applying FROM hub_link", [], |row| row.get(0))?;
    crate::hub::local::set_applying(conn, true)?;
    conn.execute(
        "UPDATE memo_versions SET version = ?3 WHERE memo_id = ?1 AND version = ?2",
        params![id, from, to],
    )?;
    crate::hub::local::set_applying(conn, applying)
}

/// The same memo on two laptops before they shared (a library copied): the same body,
/// printed versions and all.
fn same_copy(db: &Database, body: &Value) -> Result<Option<SameCopy>> {
    let Some(created_at) = body.get(CREATED_AT).and_then(Value::as_str) else {
        return Ok(None);
    };
    let candidates: Vec<i64> = {
        let mut stmt = db.conn().prepare(
            "SELECT id FROM memos WHERE global_id IS NULL AND created_at = ?1 ORDER BY id",
        )?;
        let ids = stmt.query_map([created_at], |row| row.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    for id in candidates {
        if read(db, id)?.is_some_and(|record| record.body == *body) {
            return Ok(Some(SameCopy { id, changed: false }));
        }
    }
    Ok(None)
}

/// A memo's field, as the conflict plan names it: a part of its current text by its path,
/// a printed version by its number.
pub(crate) fn field_label(field: &str) -> String {
    if let Some(path) = field.strip_prefix(TEXT) {
        let path = path.strip_prefix("draft/").unwrap_or(path);
        return format!("Memo text: {}", path.replace('/', " › "));
    }
    if field.starts_with(PRINTED) {
        return "A printed version".into();
    }
    match field {
        COMPARISON => "Comparison written from".into(),
        CREATED_AT => "Created".into(),
        TITLE => "Title".into(),
        other => other.into(),
    }
}

/// A memo as a clerk names it: its title.
fn label(body: &Value) -> String {
    let title = body.get(TITLE).and_then(Value::as_str).unwrap_or("");
    format!("Memo \u{201c}{}\u{201d}", title.trim())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_content_flattened_into_fields_reads_back_the_same() {
        let content = json!({
            "draft": {"option": "A/B ~ C", "inputs": {"to": "Council", "signers": []},
                      "sections": {}},
            "sources": {"settings": {"name": "x"}}
        });
        let mut fields = Map::new();
        flatten("", &content, &mut fields);
        assert!(fields.contains_key("draft/option"));
        assert!(fields.contains_key("draft/inputs/to"));
        let body: Map<String, Value> = fields
            .into_iter()
            .map(|(k, v)| (format!("{TEXT}{k}"), v))
            .collect();
        assert_eq!(unflatten(&Value::Object(body)), content);
    }
}
