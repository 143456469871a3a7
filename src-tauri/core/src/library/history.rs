//! The history of each contract: when it was created, changed, trashed and restored,
//! and for each change which fields went from what to what.
//!
//! Invariants: an entry is written in the same savepoint as the change it records, so a
//! change without its entry (or the reverse) cannot exist. Values are kept as the text
//! a clerk would read (lists joined with "; ", yes/no, ISO dates), because history is
//! for people, not for undo.

use chrono::NaiveDateTime;
use rusqlite::Connection;
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

/// The `create` entries of contracts added one after another inside a caller's
/// transaction that it rolls back whole on any error (an import), written together: a
/// run of consecutive new ids gets its entries from one statement when the run ends, so
/// that statement's work (among it the temporary index SQLite builds for the `action IN
/// (…)` CHECK of 0003 each time a statement runs) is paid once per run, not per contract.
///
/// The entries are the ones [`record`] would write, with the same ids: the caller calls
/// [`Creations::write`] before anything else records history (a contract's checklist,
/// price list or documents, a changed contract) and before it commits.
pub(crate) struct Creations<'c> {
    conn: &'c Connection,
    at: String,
    /// The first and last id of the run not written yet.
    pending: Option<(i64, i64)>,
}

impl<'c> Creations<'c> {
    pub(crate) fn new(conn: &'c Connection, now: NaiveDateTime) -> Creations<'c> {
        Creations {
            conn,
            at: stamp(now),
            pending: None,
        }
    }

    /// Notes that the contract `id` was just added; its entry is written with its run.
    pub(crate) fn created(&mut self, id: i64) -> Result<()> {
        match self.pending {
            Some((first, last)) if last.checked_add(1) == Some(id) => {
                self.pending = Some((first, id));
            }
            _ => {
                self.write()?;
                self.pending = Some((id, id));
            }
        }
        Ok(())
    }

    /// Writes the entries of the run noted so far, oldest first.
    pub(crate) fn write(&mut self) -> Result<()> {
        if let Some((first, last)) = self.pending.take() {
            // Every id of the run was added by this caller and is in `contracts`: the
            // range holds exactly the run.
            self.conn
                .prepare_cached(
                    "INSERT INTO contract_history (contract_id, at, action, changes)
                     SELECT id, ?3, 'create', '[]' FROM contracts
                     WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                )?
                .execute(rusqlite::params![first, last, self.at])?;
        }
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
