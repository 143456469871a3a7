//! The history of each contract: when it was created, changed, trashed and restored,
//! and for each change which fields went from what to what.
//!
//! Invariants: an entry is written in the same savepoint as the change it records, so a
//! change without its entry (or the reverse) cannot exist. Values are kept as the text
//! a clerk would read (lists joined with "; ", yes/no, ISO dates), because history is
//! for people, not for undo.

use chrono::NaiveDateTime;
use rusqlite::{Connection, Statement};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::db::{stamp, Database};
use crate::{Error, Result};

/// What happened to the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Create,
    Update,
    Delete,
    Restore,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Restore => "restore",
        }
    }

    fn parse(text: &str) -> Option<Action> {
        Some(match text {
            "create" => Action::Create,
            "update" => Action::Update,
            "delete" => Action::Delete,
            "restore" => Action::Restore,
            _ => return None,
        })
    }
}

/// One field's change, old → new, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// Wire name (`expiryDate`, `dueDiligence.vendorNotDebarred`, `documents`…).
    pub field: String,
    /// The field in plain words.
    pub label: String,
    pub old: String,
    pub new: String,
}

impl FieldChange {
    pub fn new(
        field: impl Into<String>,
        label: impl Into<String>,
        old: impl Into<String>,
        new: impl Into<String>,
    ) -> Self {
        FieldChange {
            field: field.into(),
            label: label.into(),
            old: old.into(),
            new: new.into(),
        }
    }
}

/// One entry of a contract's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub contract_id: i64,
    /// When (ISO date and time, as passed in by the caller).
    pub at: NaiveDateTime,
    pub action: Action,
    /// Empty for create, delete and restore.
    pub changes: Vec<FieldChange>,
}

const INSERT: &str =
    "INSERT INTO contract_history (contract_id, at, action, changes) VALUES (?1, ?2, ?3, ?4)";

/// Records one entry. Callers run this inside the savepoint of the change itself.
pub(crate) fn record(
    conn: &Connection,
    contract_id: i64,
    now: NaiveDateTime,
    action: Action,
    changes: &[FieldChange],
) -> Result<()> {
    let changes = serde_json::to_string(changes).expect("field changes always serialise");
    conn.prepare_cached(INSERT)?.execute(rusqlite::params![
        contract_id,
        stamp(now),
        action.as_str(),
        changes
    ])?;
    Ok(())
}

/// Records entries one after another inside a caller's transaction, as [`record`] does,
/// with the statement prepared and the time stamp written once (an import records one
/// per new contract).
pub(crate) struct Recorder<'c> {
    insert: Statement<'c>,
    at: String,
}

impl<'c> Recorder<'c> {
    pub(crate) fn new(conn: &'c Connection, now: NaiveDateTime) -> Result<Recorder<'c>> {
        Ok(Recorder {
            insert: conn.prepare(INSERT)?,
            at: stamp(now),
        })
    }

    pub(crate) fn record(
        &mut self,
        contract_id: i64,
        action: Action,
        changes: &[FieldChange],
    ) -> Result<()> {
        let changes = serde_json::to_string(changes).expect("field changes always serialise");
        self.insert.execute(rusqlite::params![
            contract_id,
            self.at,
            action.as_str(),
            changes
        ])?;
        Ok(())
    }
}

/// A contract's history, oldest first. Kept (and readable) while the contract is in
/// the trash.
pub fn history(db: &Database, contract_id: i64) -> Result<Vec<HistoryEntry>> {
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT at, action, changes FROM contract_history WHERE contract_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([contract_id], |row| {
        Ok((
            row.get::<_, NaiveDateTime>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (at, action, changes) = row?;
        let damaged = |what: &str| Error::NotFound {
            what: format!("A readable history entry ({what}) for contract #{contract_id}"),
        };
        entries.push(HistoryEntry {
            contract_id,
            at,
            action: Action::parse(&action).ok_or_else(|| damaged("action"))?,
            changes: serde_json::from_str(&changes).map_err(|_| damaged("changes"))?,
        });
    }
    Ok(entries)
}

/// A field value as a clerk reads it.
pub(crate) fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "yes".to_owned(),
        Some(Value::Bool(false)) => "no".to_owned(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| text_of(Some(item)))
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    }
}
