//! Contracts as a shared kind: the contract's facts, its price list (`priceLines`) and
//! whether it is shared with the region (`circle`), written through the library's own
//! save so that the contract's history records each field a pull changed.

use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;
use serde_json::Value;

use super::{Kind, Record, SameCopy};
use crate::db::Database;
use crate::hub::{documents, local};
use crate::library::{contract, price_list};
use crate::Result;

pub(crate) const KIND: Kind = Kind {
    name: local::CONTRACT,
    table: "contracts",
    live: "SELECT id FROM contracts WHERE deleted_at IS NULL",
    read,
    insert,
    write,
    same_copy,
    label,
};

fn read(db: &Database, id: i64) -> Result<Option<Record>> {
    let conn = db.conn();
    let found = conn
        .query_row(
            "SELECT global_id, EXISTS (SELECT 1 FROM hub_region WHERE contract_id = ?1)
             FROM contracts WHERE id = ?1",
            [id],
            |row| Ok((row.get::<_, Option<String>>(0)?, row.get::<_, bool>(1)?)),
        )
        .optional()?;
    let Some((global_id, region)) = found else {
        return Ok(None);
    };
    let (contract, deleted) = contract::store::get_including_trash(db, id)?;
    let price_lines = local::price_lines(conn, id)?;
    Ok(Some(Record {
        kind: &KIND,
        id: Some(id),
        global_id,
        deleted,
        body: documents::with_documents(
            local::shared_body(&contract, &price_lines, region),
            &documents::listed(conn, id)?,
        ),
    }))
}

fn insert(db: &Database, body: &Value, now: NaiveDateTime) -> Result<i64> {
    let new = contract::insert(db, &local::contract_from(body)?, now)?;
    write_shared_parts(db, new, body, now)?;
    Ok(new)
}

/// Writes `body` (and the deletion) over the library's contract; the history records
/// each field changed, as for any save.
fn write(
    db: &Database,
    mine: &Record,
    deleted: bool,
    body: &Value,
    now: NaiveDateTime,
) -> Result<()> {
    let Some(id) = mine.id else {
        return Ok(());
    };
    let mut contract = local::contract_from(body)?;
    contract.id = Some(id);
    match (mine.deleted, deleted) {
        (false, false) => {
            contract::update(db, &contract, now)?;
            write_shared_parts(db, id, body, now)
        }
        (false, true) => {
            contract::update(db, &contract, now)?;
            write_shared_parts(db, id, body, now)?;
            contract::delete(db, id, now)
        }
        (true, false) => {
            contract::restore(db, id, now)?;
            contract::update(db, &contract, now)?;
            write_shared_parts(db, id, body, now)
        }
        // Trashed on both sides: the trash keeps the facts it would come back with.
        (true, true) if mine.body == *body => Ok(()),
        (true, true) => {
            contract::restore(db, id, now)?;
            contract::update(db, &contract, now)?;
            write_shared_parts(db, id, body, now)?;
            contract::delete(db, id, now)
        }
    }
}

/// What travels with a contract besides its facts: its price list (through the library's
/// own save, so the history records it), whether it is shared with the region, and the
/// documents it names (those this library lacks are fetched after the pull).
fn write_shared_parts(db: &Database, id: i64, body: &Value, now: NaiveDateTime) -> Result<()> {
    price_list::set_price_lines(db, id, &local::price_lines_from(body)?, now)?;
    documents::take_listed(db, id, body, now)?;
    local::set_region(db.conn(), id, local::in_region(body))
}

/// The same contract (cooperative, number and vendor) not shared yet: the sample every
/// library starts with, a spreadsheet imported on two laptops. Changed here when its
/// history has more than its creation.
fn same_copy(db: &Database, body: &Value) -> Result<Option<SameCopy>> {
    let contract = local::contract_from(body)?;
    let conn = db.conn();
    let same: Option<i64> = conn
        .query_row(
            "SELECT id FROM contracts WHERE cooperative = ?1 AND contract_number = ?2
                 AND vendor_name = ?3 AND global_id IS NULL",
            rusqlite::params![
                contract.cooperative,
                contract.contract_number,
                contract.vendor_name
            ],
            |row| row.get(0),
        )
        .optional()?;
    let Some(id) = same else {
        return Ok(None);
    };
    let changed: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM contract_history WHERE contract_id = ?1
             AND action <> 'create')",
        [id],
        |row| row.get(0),
    )?;
    Ok(Some(SameCopy { id, changed }))
}

/// A contract as a clerk names it: cooperative, number, title and vendor.
fn label(body: &Value) -> String {
    let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or("");
    format!(
        "{} {} — {} ({})",
        text("cooperative"),
        text("contractNumber"),
        text("title"),
        text("vendorName")
    )
}
