//! A contract's due-diligence checklist as a shared kind, within the office only: the hub
//! refuses checklists in the region, and it never travels inside its contract (whose
//! body reaches the region when the contract is shared there).
//!
//! The body names the contract by its global id (`contractGlobalId`) and holds each
//! answered item as a field of its own (its key: the answer, who checked it, when, and
//! the note), so that two laptops answering different items merge, and the same item
//! answered differently is a conflict. An item never answered is absent. The checklist's
//! own global id is kept in `hub_checklists` (migration 0023), whose id is the contract's.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::{contract_global_id, contract_id, Kind, Record, SameCopy};
use crate::db::Database;
use crate::library::checklist::{store, ChecklistEntry, ChecklistItem};
use crate::{Error, Result};

pub(crate) const KIND: Kind = Kind {
    name: "checklist",
    table: "hub_checklists",
    live: "SELECT DISTINCT d.contract_id AS id FROM due_diligence d
           JOIN contracts c ON c.id = d.contract_id WHERE c.deleted_at IS NULL",
    read,
    insert,
    write,
    same_copy,
    label,
};

const CONTRACT: &str = "contractGlobalId";

fn read(db: &Database, id: i64) -> Result<Option<Record>> {
    let conn = db.conn();
    let Some(contract) = contract_global_id(conn, id)? else {
        // A contract never shared (or purged): its checklist has nothing to name it by.
        return Ok(None);
    };
    conn.execute(
        "INSERT OR IGNORE INTO hub_checklists (id) VALUES (?1)",
        [id],
    )?;
    let global_id: Option<String> = conn.query_row(
        "SELECT global_id FROM hub_checklists WHERE id = ?1",
        [id],
        |row| row.get(0),
    )?;
    let mut body = Map::new();
    body.insert(CONTRACT.into(), Value::from(contract));
    for entry in store::answered(db, id)? {
        if entry == ChecklistEntry::unanswered(entry.item) {
            continue;
        }
        body.insert(
            entry.item.key().into(),
            serde_json::json!({
                "answer": entry.answer,
                "checkedBy": entry.checked_by,
                "checkedOn": entry.checked_on,
                "note": entry.note,
            }),
        );
    }
    Ok(Some(Record {
        kind: &KIND,
        id: Some(id),
        global_id,
        deleted: false,
        body: Value::Object(body),
    }))
}

/// The contract a body names, as this library's row id.
fn contract_of(conn: &Connection, body: &Value) -> Result<Option<i64>> {
    let Some(global_id) = body.get(CONTRACT).and_then(Value::as_str) else {
        return Ok(None);
    };
    contract_id(conn, global_id)
}

fn insert(db: &Database, body: &Value, now: NaiveDateTime) -> Result<i64> {
    let conn = db.conn();
    let id = contract_of(conn, body)?.ok_or_else(|| {
        Error::invalid(
            "Checklist",
            "the due-diligence checklist's contract is not in this library.",
        )
    })?;
    let held: Option<Option<String>> = conn
        .query_row(
            "SELECT global_id FROM hub_checklists WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(Some(_)) = held {
        return Err(Error::invalid(
            "Checklist",
            "this library already shares another checklist for the same contract.",
        ));
    }
    conn.execute(
        "INSERT OR IGNORE INTO hub_checklists (id) VALUES (?1)",
        params![id],
    )?;
    write_items(db, id, body, now)?;
    Ok(id)
}

/// Writes each item the hub's version answers (and clears those it does not) through the
/// checklist's own save, so the contract's history records each. A checklist is never
/// deleted: its contract's trash is the contract's.
fn write(
    db: &Database,
    mine: &Record,
    _deleted: bool,
    body: &Value,
    now: NaiveDateTime,
) -> Result<()> {
    match mine.id {
        Some(id) => write_items(db, id, body, now),
        None => Ok(()),
    }
}

fn write_items(db: &Database, id: i64, body: &Value, now: NaiveDateTime) -> Result<()> {
    for item in ChecklistItem::ALL {
        let entry = match body.get(item.key()) {
            None | Some(Value::Null) => ChecklistEntry::unanswered(item),
            Some(fields) => {
                let mut fields = fields.clone();
                if let Some(object) = fields.as_object_mut() {
                    object.insert(
                        "item".into(),
                        serde_json::to_value(item).unwrap_or_default(),
                    );
                }
                let mut entry: ChecklistEntry =
                    serde_json::from_value(fields).map_err(|error| {
                        Error::Hub(format!(
                            "An answer to \u{201c}{}\u{201d} from the hub cannot be read by \
                             this CoopDesk ({error}); it was left on the hub.",
                            item.label()
                        ))
                    })?;
                entry.label = item.label().to_owned();
                entry
            }
        };
        store::write_item(db, id, &entry, now)?;
    }
    Ok(())
}

/// This library's checklist of the same contract, not shared yet (both laptops answered
/// it before either shared it): its answers merge with the hub's, item by item.
fn same_copy(db: &Database, body: &Value) -> Result<Option<SameCopy>> {
    let conn = db.conn();
    let Some(id) = contract_of(conn, body)? else {
        return Ok(None);
    };
    let shared: Option<Option<String>> = conn
        .query_row(
            "SELECT global_id FROM hub_checklists WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(Some(_)) = shared {
        return Ok(None);
    }
    conn.execute(
        "INSERT OR IGNORE INTO hub_checklists (id) VALUES (?1)",
        [id],
    )?;
    let answered = !store::answered(db, id)?.is_empty();
    Ok(Some(SameCopy {
        id,
        changed: answered,
    }))
}

/// A checklist's field, as the conflict plan names it: the item's question.
pub(crate) fn field_label(field: &str) -> &str {
    match ChecklistItem::ALL
        .into_iter()
        .find(|item| item.key() == field)
    {
        Some(item) => item.label(),
        None => field,
    }
}

/// A checklist as a clerk names it.
fn label(_body: &Value) -> String {
    "Due-diligence checklist".into()
}
