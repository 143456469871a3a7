//! The checklist in the database (table `due_diligence`): one row per answered item.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension};

use super::{entry_error, Answer, ChecklistEntry, ChecklistItem};
use crate::db::{atomically, stamp, Database};
use crate::library::contract;
use crate::library::history::{self, Action, FieldChange};
use crate::{Error, Result};

/// The whole checklist of a contract, every item in order, unanswered ones as "not yet".
pub fn checklist(db: &Database, contract_id: i64) -> Result<Vec<ChecklistEntry>> {
    let conn = db.conn();
    contract::get(db, contract_id)?;
    ChecklistItem::ALL
        .into_iter()
        .map(|item| {
            Ok(
                stored(conn, contract_id, item)?
                    .unwrap_or_else(|| ChecklistEntry::unanswered(item)),
            )
        })
        .collect()
}

fn stored(
    conn: &Connection,
    contract_id: i64,
    item: ChecklistItem,
) -> Result<Option<ChecklistEntry>> {
    let row = conn
        .query_row(
            "SELECT answer, checked_by, checked_on, note FROM due_diligence
             WHERE contract_id = ?1 AND item = ?2",
            rusqlite::params![contract_id, item.key()],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<NaiveDate>>(2)?,
                    row.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(answer, checked_by, checked_on, note)| {
        Ok(ChecklistEntry {
            item,
            label: item.label().to_owned(),
            answer: Answer::from_key(&answer).ok_or_else(|| Error::NotFound {
                what: format!("A readable answer to '{}'", item.label()),
            })?,
            checked_by,
            checked_on,
            note,
        })
    })
    .transpose()
}

/// Sets one item of a contract's checklist and records the change in its history.
/// Answering "yes" or "no" needs who checked, so the memo can say it.
pub fn set_item(
    db: &Database,
    contract_id: i64,
    entry: &ChecklistEntry,
    now: NaiveDateTime,
) -> Result<()> {
    contract::get(db, contract_id)?;
    write_item(db, contract_id, entry, now)
}

/// The answered items of a contract's checklist, the contract in the trash or not (what
/// the shared library sends).
pub(crate) fn answered(db: &Database, contract_id: i64) -> Result<Vec<ChecklistEntry>> {
    let conn = db.conn();
    let mut entries = Vec::new();
    for item in ChecklistItem::ALL {
        entries.extend(stored(conn, contract_id, item)?);
    }
    Ok(entries)
}

/// [`set_item`] for a contract in the trash too: a checklist change the shared library
/// received is kept with the contract it belongs to.
pub(crate) fn write_item(
    db: &Database,
    contract_id: i64,
    entry: &ChecklistEntry,
    now: NaiveDateTime,
) -> Result<()> {
    let conn = db.conn();
    if let Some(error) = entry_error(entry) {
        return Err(Error::InvalidFields(vec![error]));
    }
    let old = stored(conn, contract_id, entry.item)?
        .unwrap_or_else(|| ChecklistEntry::unanswered(entry.item));
    let (before, after) = (old.as_text(), entry.as_text());
    if before == after {
        return Ok(());
    }
    atomically(conn, || {
        conn.execute(
            "INSERT INTO due_diligence
                 (contract_id, item, answer, checked_by, checked_on, note, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (contract_id, item) DO UPDATE SET
                 answer = excluded.answer, checked_by = excluded.checked_by,
                 checked_on = excluded.checked_on, note = excluded.note,
                 updated_at = excluded.updated_at",
            rusqlite::params![
                contract_id,
                entry.item.key(),
                entry.answer.key(),
                entry.checked_by,
                entry.checked_on,
                entry.note,
                stamp(now)
            ],
        )?;
        history::record(
            conn,
            contract_id,
            now,
            Action::Update,
            &[FieldChange::new(
                format!("dueDiligence.{}", entry.item.key()),
                format!("Due diligence: {}", entry.item.label()),
                before,
                after,
            )],
        )
    })
}
