//! The rows of the Library table: a few facts per contract and its status today.

use chrono::NaiveDate;
use rusqlite::{Connection, Row};
use serde::Serialize;

use super::status::{status_on, Status};
use crate::Result;

/// One row of the Library table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractSummary {
    pub id: i64,
    pub contract_number: String,
    pub title: String,
    pub vendor_name: String,
    pub cooperative: String,
    pub expiry_date: Option<NaiveDate>,
    pub status: Status,
    /// Days until expiry (negative once expired); `None` when the expiry is unknown.
    pub days_left: Option<i64>,
}

/// Every contract for the Library table, in the order a clerk needs them: those still in
/// force soonest-expiring first, then those with no known expiry, then the expired ones
/// (most recently expired first).
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<ContractSummary>> {
    let mut stmt = conn.prepare(
        "SELECT id, contract_number, title, vendor_name, cooperative, expiry_date
         FROM contracts WHERE deleted_at IS NULL",
    )?;
    let mut rows = stmt
        .query_map([], |row| from_row(row, today))?
        .collect::<Result<Vec<_>, _>>()?;
    rows.sort_by_key(|row| match row.days_left {
        Some(days) if days >= 0 => (0, days, row.id),
        None => (1, 0, row.id),
        Some(days) => (2, -days, row.id),
    });
    Ok(rows)
}

/// A table row from a query whose first six columns are id, contract_number, title,
/// vendor_name, cooperative, expiry_date — the one place that reads that shape.
pub(crate) fn from_row(row: &Row<'_>, today: NaiveDate) -> rusqlite::Result<ContractSummary> {
    let expiry_date: Option<NaiveDate> = row.get(5)?;
    let (status, days_left) = status_on(expiry_date, today);
    Ok(ContractSummary {
        id: row.get(0)?,
        contract_number: row.get(1)?,
        title: row.get(2)?,
        vendor_name: row.get(3)?,
        cooperative: row.get(4)?,
        expiry_date,
        status,
        days_left,
    })
}
