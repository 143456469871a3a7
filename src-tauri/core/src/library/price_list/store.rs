//! A contract's price list in the library (table `price_lines`), one row per line in
//! entry order.

use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::{line_errors, PriceLine};
use crate::db::atomically;
use crate::db::Database;
use crate::library::contract;
use crate::library::history::{self, Action, FieldChange};
use crate::{Error, Result};

/// The price list of a contract, in entry order.
pub fn price_lines(db: &Database, contract_id: i64) -> Result<Vec<PriceLine>> {
    let conn = db.conn();
    contract::get(db, contract_id)?;
    read(conn, contract_id)
}

/// A contract's price list as stored, whether the contract is in the trash or not (the
/// hub shares a deletion with its facts).
pub(crate) fn read(conn: &Connection, contract_id: i64) -> Result<Vec<PriceLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item, unit, unit_price, notes FROM price_lines
         WHERE contract_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([contract_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
        ))
    })?;
    let mut lines = Vec::new();
    for row in rows {
        let (item, unit, price, notes) = row?;
        let unit_price = price.parse().map_err(|_| Error::NotFound {
            what: format!("A readable unit price for '{item}' (found '{price}')"),
        })?;
        lines.push(PriceLine {
            item,
            unit,
            unit_price,
            notes,
        });
    }
    Ok(lines)
}

/// Replaces a contract's price list with `lines` (the form edits the list as a whole)
/// and records old → new in its history. Every line needs an item and a price that is
/// not negative; all problems are reported at once, by line.
pub fn set_price_lines(
    db: &Database,
    contract_id: i64,
    lines: &[PriceLine],
    now: NaiveDateTime,
) -> Result<()> {
    let conn = db.conn();
    contract::get(db, contract_id)?;
    let errors = line_errors(lines);
    if !errors.is_empty() {
        return Err(Error::InvalidFields(errors));
    }
    let old = read(conn, contract_id)?;
    if old == lines {
        return Ok(());
    }
    let as_text = |lines: &[PriceLine]| {
        lines
            .iter()
            .map(PriceLine::as_text)
            .collect::<Vec<_>>()
            .join("; ")
    };
    atomically(conn, || {
        conn.execute(
            "DELETE FROM price_lines WHERE contract_id = ?1",
            [contract_id],
        )?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO price_lines (contract_id, position, item, unit, unit_price, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, line) in lines.iter().enumerate() {
            insert.execute(rusqlite::params![
                contract_id,
                position as i64,
                line.item,
                line.unit,
                line.unit_price.to_string(),
                line.notes
            ])?;
        }
        history::record(
            conn,
            contract_id,
            now,
            Action::Update,
            &[FieldChange::new(
                "priceLines",
                "Price list",
                as_text(&old),
                as_text(lines),
            )],
        )
    })
}
