//! The kinds of record the office shares, each a table of functions: how its body is read
//! and written through the library's own save (so its history records the change), how a
//! copy made on two laptops before sharing is recognised, and how a clerk names it. The
//! pull, the push and the conflicts are the same for every kind (`sync`, `pull`, `push`).
//!
//! A body names the records it points at by their global ids, never by the library's row
//! ids, which differ from laptop to laptop (a comparison's option names its contract so).

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::local;
use super::merge::Version;
use crate::db::Database;
use crate::Result;

pub(crate) mod approval;
pub(crate) mod checklist;
pub(crate) mod comparison;
pub(crate) mod contract;
pub(crate) mod memo;
pub(crate) mod settings;

/// One kind of shared record.
pub(crate) struct Kind {
    /// Its kind on the hub (`coopdesk.records.kind`).
    pub name: &'static str,
    /// The library's table, with `id` and `global_id` columns.
    pub table: &'static str,
    /// The ids of the records a first sync shares (not those in the trash).
    pub live: &'static str,
    /// The record by its row id, as it is shared; `None` when there is no such row.
    pub read: fn(&Database, i64) -> Result<Option<Record>>,
    /// Adds a record from the hub's body; answers its row id. An `Error::Invalid` says
    /// why this library cannot add it (it stays on the hub, "not added").
    pub insert: fn(&Database, &Value, NaiveDateTime) -> Result<i64>,
    /// Writes a body and a deletion over the library's record.
    pub write: fn(&Database, &Record, bool, &Value, NaiveDateTime) -> Result<()>,
    /// This library's own copy of a record the office shared, made before sharing.
    pub same_copy: fn(&Database, &Value) -> Result<Option<SameCopy>>,
    /// The record as a clerk names it.
    pub label: fn(&Value) -> String,
}

/// A record of this library that is the same as one the office shared: its row id, and
/// whether it was changed here since it was made (then the clerk compares the two).
pub(crate) struct SameCopy {
    pub id: i64,
    pub changed: bool,
}

/// The kinds this CoopDesk shares, in the order a push sends them: contracts first, so
/// that the records pointing at a contract find its global id, and the others' libraries
/// receive the contract before what points at it; a memo after the comparison it was
/// written from, and a council action (which names its contract and its memo version)
/// after the memo, for the same reason. The office's settings point at nothing.
pub(crate) const KINDS: [&Kind; 6] = [
    &contract::KIND,
    &checklist::KIND,
    &comparison::KIND,
    &memo::KIND,
    &approval::KIND,
    &settings::KIND,
];

/// The kind named `name` on the hub, or `None` for one a later CoopDesk shares.
pub(crate) fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.into_iter().find(|kind| kind.name == name)
}

/// Puts every record of every kind in the outbox (not those in the trash): the first
/// push after joining shares the whole library.
pub(crate) fn queue_all(conn: &Connection) -> Result<()> {
    for kind in KINDS {
        conn.execute(
            &format!(
                "INSERT OR IGNORE INTO hub_outbox (kind, local_id) SELECT ?1, id FROM ({})",
                kind.live
            ),
            [kind.name],
        )?;
    }
    Ok(())
}

/// A record of this library as it is shared.
#[derive(Clone)]
pub(crate) struct Record {
    pub kind: &'static Kind,
    /// Its row id; `None` when it was deleted here for good (a kind with no trash) and
    /// the hub does not know it yet, or the clerk has not settled a conflict on it.
    pub id: Option<i64>,
    pub global_id: Option<String>,
    pub deleted: bool,
    pub body: Value,
}

impl Record {
    pub(crate) fn version(&self, owner: &str) -> Version {
        Version {
            owner: owner.to_owned(),
            version: 0,
            deleted: self.deleted,
            body: self.body.clone(),
        }
    }

    pub(crate) fn label(&self) -> String {
        (self.kind.label)(&self.body)
    }
}

/// The record of `kind` that has the global id, or the one deleted here for good that
/// waits in `hub_gone` (with the facts the hub last had).
pub(crate) fn by_global_id(
    db: &Database,
    kind: &'static Kind,
    global_id: &str,
) -> Result<Option<Record>> {
    let conn = db.conn();
    let id = conn
        .query_row(
            &format!("SELECT id FROM {} WHERE global_id = ?1", kind.table),
            [global_id],
            |row| row.get::<_, i64>(0),
        )
        .optional()?;
    if let Some(id) = id {
        return (kind.read)(db, id);
    }
    if !is_gone(conn, global_id)? {
        return Ok(None);
    }
    Ok(local::shadow(conn, global_id)?.map(|shadow| Record {
        kind,
        id: None,
        global_id: Some(global_id.to_owned()),
        deleted: true,
        body: shadow.body,
    }))
}

pub(crate) fn set_global_id(
    conn: &Connection,
    kind: &Kind,
    id: i64,
    global_id: Option<&str>,
) -> Result<()> {
    conn.execute(
        &format!("UPDATE {} SET global_id = ?2 WHERE id = ?1", kind.table),
        params![id, global_id],
    )?;
    Ok(())
}

/// The global id of the library's contract `id`, when it has one (shared or received):
/// how a record of another kind names its contract on the hub.
pub(crate) fn contract_global_id(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT global_id FROM contracts WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?
        .flatten())
}

/// The row id of the library's contract with the global id, when the library holds it.
pub(crate) fn contract_id(conn: &Connection, global_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM contracts WHERE global_id = ?1",
            [global_id],
            |row| row.get(0),
        )
        .optional()?)
}

fn is_gone(conn: &Connection, global_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM hub_gone WHERE global_id = ?1",
            [global_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The records deleted here for good whose deletion the hub does not know yet.
pub(crate) fn gone(db: &Database) -> Result<Vec<Record>> {
    let mut stmt = db
        .conn()
        .prepare("SELECT global_id, kind FROM hub_gone ORDER BY kind, global_id")?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut records = Vec::new();
    for (global_id, name) in rows {
        if let Some(record) = kind(&name)
            .map(|kind| by_global_id(db, kind, &global_id))
            .transpose()?
            .flatten()
        {
            records.push(record);
        }
    }
    Ok(records)
}

/// Whether the record waits to be pushed.
pub(crate) fn in_outbox(conn: &Connection, record: &Record) -> Result<bool> {
    let found = match (record.id, &record.global_id) {
        (Some(id), _) => conn
            .query_row(
                "SELECT 1 FROM hub_outbox WHERE kind = ?1 AND local_id = ?2",
                params![record.kind.name, id],
                |_| Ok(()),
            )
            .optional()?,
        (None, Some(global_id)) => is_gone(conn, global_id)?.then_some(()),
        (None, None) => None,
    };
    Ok(found.is_some())
}

/// Puts the record in the outbox (a record deleted here for good, in `hub_gone`).
pub(crate) fn queue(conn: &Connection, record: &Record) -> Result<()> {
    match (record.id, &record.global_id) {
        (Some(id), _) => local::queue(conn, record.kind.name, id),
        (None, Some(global_id)) => {
            conn.execute(
                "INSERT OR IGNORE INTO hub_gone (global_id, kind) VALUES (?1, ?2)",
                params![global_id, record.kind.name],
            )?;
            Ok(())
        }
        (None, None) => Ok(()),
    }
}

/// Takes the record out of the outbox.
pub(crate) fn unqueue(conn: &Connection, record: &Record) -> Result<()> {
    if let Some(id) = record.id {
        local::unqueue(conn, record.kind.name, id)?;
    }
    if let Some(global_id) = &record.global_id {
        conn.execute("DELETE FROM hub_gone WHERE global_id = ?1", [global_id])?;
    }
    Ok(())
}
