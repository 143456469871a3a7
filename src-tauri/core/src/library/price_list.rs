//! A contract's price list: the lines a buyer compares quotes against.
//!
//! Invariants: unit prices are `Decimal`, stored as the decimal text they were given
//! (`12.50` stays `12.50`, scale included) and read back exactly; SQL never sums or
//! sorts them. Lines keep the order the clerk entered them in.

use chrono::NaiveDateTime;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contract;
use super::history::{self, Action, FieldChange};
use crate::db::atomically;
use crate::db::Database;
use crate::{Error, FieldError, Result};

/// One line of a price list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceLine {
    pub item: String,
    /// each, hour, month, licence…
    #[serde(default)]
    pub unit: String,
    /// Exact decimal, a string on the wire.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub unit_price: Decimal,
    #[serde(default)]
    pub notes: String,
}

impl PriceLine {
    fn as_text(&self) -> String {
        let mut text = format!("{}: {}", self.item, self.unit_price);
        if !self.unit.is_empty() {
            text.push_str(&format!(" per {}", self.unit));
        }
        if !self.notes.is_empty() {
            text.push_str(&format!(" ({})", self.notes));
        }
        text
    }
}

/// The price list of a contract, in entry order.
pub fn price_lines(db: &Database, contract_id: i64) -> Result<Vec<PriceLine>> {
    let conn = db.conn();
    contract::get(db, contract_id)?;
    read(conn, contract_id)
}

fn read(conn: &Connection, contract_id: i64) -> Result<Vec<PriceLine>> {
    let mut stmt = conn.prepare(
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

/// Every problem of a price list, by line: each line needs an item and a price that is
/// not negative. The one check both the form and an import's plan use.
pub fn line_errors(lines: &[PriceLine]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let row = index + 1;
        if line.item.trim().is_empty() {
            errors.push(FieldError::new(
                &format!("priceLines.{index}.item"),
                &format!("Price line {row}, item"),
                "is required.",
            ));
        }
        if line.unit_price.is_sign_negative() && !line.unit_price.is_zero() {
            errors.push(FieldError::new(
                &format!("priceLines.{index}.unitPrice"),
                &format!("Price line {row}, unit price"),
                format!(
                    "{} is negative; enter the price as a positive amount.",
                    line.unit_price
                ),
            ));
        }
    }
    errors
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
