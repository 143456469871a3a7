//! Saved TCO comparisons as a shared kind, within the office only (the hub refuses them
//! in the region). The body is the comparison's document, the one its file format and its
//! save use, except that an option bought under a contract of the library names that
//! contract by its global id (`contractGlobalId`) instead of this library's row id.
//!
//! A comparison has no trash: one deleted here is gone at once, and its global id waits
//! in `hub_gone` until the deletion is pushed (migration 0020).

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::{Kind, Record, SameCopy};
use crate::db::Database;
use crate::tco::model::Comparison;
use crate::tco::store;
use crate::{Error, Result};

pub(crate) const KIND: Kind = Kind {
    name: "comparison",
    table: "comparisons",
    live: "SELECT id FROM comparisons",
    read,
    insert,
    write,
    same_copy,
    label,
};

/// How an option's body names the contract it is bought under.
pub(crate) const CONTRACT_GLOBAL_ID: &str = "contractGlobalId";
/// How the library's document names it.
pub(crate) const CONTRACT_ID: &str = "contractId";

fn read(db: &Database, id: i64) -> Result<Option<Record>> {
    let found: Option<(String, Option<String>)> = db
        .conn()
        .query_row(
            "SELECT document, global_id FROM comparisons WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((document, global_id)) = found else {
        return Ok(None);
    };
    Ok(Some(Record {
        kind: &KIND,
        id: Some(id),
        global_id,
        deleted: false,
        body: shared_body(db.conn(), &stored(id, &document)?)?,
    }))
}

/// A comparison as the library keeps it; one that no longer reads stops the push with a
/// sentence naming it (nothing is sent, nothing lost).
fn stored(id: i64, document: &str) -> Result<Comparison> {
    Comparison::from_json(document).map_err(|error| {
        Error::Hub(format!(
            "The saved comparison #{id} cannot be shared: {error} Correct or delete it \
             before sharing."
        ))
    })
}

/// The comparison as it is shared: its document, each contract named by its global id.
/// A contract this library never shared (none of a joined library's, once synced) has
/// no global id, and the option then travels without its contract.
fn shared_body(conn: &Connection, comparison: &Comparison) -> Result<Value> {
    let mut body = serde_json::to_value(comparison).map_err(|error| {
        Error::Hub(format!(
            "The comparison {} cannot be shared ({error}).",
            comparison.title
        ))
    })?;
    for kind in option_kinds(&mut body) {
        if let Some(id) = kind.remove(CONTRACT_ID).and_then(|id| id.as_i64()) {
            if let Some(global_id) = super::contract_global_id(conn, id)? {
                kind.insert(CONTRACT_GLOBAL_ID.into(), Value::from(global_id));
            }
        }
    }
    Ok(body)
}

/// A shared body as a comparison of this library: each contract named by its global id
/// becomes this library's row id (the option keeps no contract when this library does
/// not hold it).
fn comparison_from(conn: &Connection, body: &Value) -> Result<Comparison> {
    let mut body = body.clone();
    for kind in option_kinds(&mut body) {
        let Some(global_id) = kind.remove(CONTRACT_GLOBAL_ID) else {
            continue;
        };
        if let Some(id) = super::contract_id(conn, global_id.as_str().unwrap_or_default())? {
            kind.insert(CONTRACT_ID.into(), Value::from(id));
        }
    }
    Comparison::from_json(&body.to_string()).map_err(|error| {
        Error::Hub(format!(
            "A comparison from the hub cannot be read by this CoopDesk ({error}); it was \
             left on the hub."
        ))
    })
}

/// The `kind` object of the baseline and of each option.
pub(crate) fn option_kinds(body: &mut Value) -> Vec<&mut Map<String, Value>> {
    let Some(fields) = body.as_object_mut() else {
        return Vec::new();
    };
    let mut kinds = Vec::new();
    for (key, value) in fields.iter_mut() {
        let options: Vec<&mut Value> = match (key.as_str(), value) {
            ("baseline", option) => vec![option],
            ("options", Value::Array(options)) => options.iter_mut().collect(),
            _ => continue,
        };
        kinds.extend(
            options
                .into_iter()
                .filter_map(|option| option.get_mut("kind").and_then(Value::as_object_mut)),
        );
    }
    kinds
}

fn insert(db: &Database, body: &Value, now: NaiveDateTime) -> Result<i64> {
    let comparison = comparison_from(db.conn(), body)?;
    store::save(db, None, &comparison, now)
}

/// Writes the hub's version through the comparison's own save; a deletion deletes it (a
/// comparison has no trash), and one deleted here comes back when the clerk took the
/// hub's edit over the deletion.
fn write(
    db: &Database,
    mine: &Record,
    deleted: bool,
    body: &Value,
    now: NaiveDateTime,
) -> Result<()> {
    match (mine.id, deleted) {
        (Some(id), true) => store::delete(db, id),
        (Some(id), false) => {
            let comparison = comparison_from(db.conn(), body)?;
            store::save(db, Some(id), &comparison, now).map(|_| ())
        }
        (None, true) => Ok(()),
        (None, false) => {
            let id = insert(db, body, now)?;
            super::set_global_id(db.conn(), &KIND, id, mine.global_id.as_deref())?;
            if let Some(global_id) = &mine.global_id {
                db.conn()
                    .execute("DELETE FROM hub_gone WHERE global_id = ?1", [global_id])?;
            }
            Ok(())
        }
    }
}

/// The same comparison saved on two laptops before they shared (the same comparison file
/// imported on both, a library copied): the same title and the same document, option ids
/// and all. Two comparisons that only share a title stay two: neither is lost.
fn same_copy(db: &Database, body: &Value) -> Result<Option<SameCopy>> {
    let Some(title) = body.get("title").and_then(Value::as_str) else {
        return Ok(None);
    };
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT id, document FROM comparisons WHERE global_id IS NULL AND title = ?1
         ORDER BY id",
    )?;
    let candidates: Vec<(i64, String)> = stmt
        .query_map([title.trim()], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, document) in candidates {
        if shared_body(conn, &stored(id, &document)?)? == *body {
            return Ok(Some(SameCopy { id, changed: false }));
        }
    }
    Ok(None)
}

/// A comparison's field, as the conflict plan names it (a field this CoopDesk does not
/// know: its wire name).
pub(crate) fn field_label(field: &str) -> &str {
    match field {
        "formatVersion" => "File format",
        "title" => "Title",
        "purchaseDescription" => "What is bought",
        "horizonYears" => "Years compared",
        "start" => "First fiscal year",
        "discount" => "Discount rate",
        "timing" => "When costs fall in a year",
        "baseline" => "Baseline",
        "options" => "Options",
        other => other,
    }
}

/// A comparison as a clerk names it.
fn label(body: &Value) -> String {
    let title = body.get("title").and_then(Value::as_str).unwrap_or("");
    format!("Comparison \u{201c}{}\u{201d}", title.trim())
}
