//! The rows of the Library table: a few facts per contract and its status today.

use chrono::NaiveDate;
use rusqlite::Row;
use serde::Serialize;
use ts_rs::TS;

use super::status::{status_with_renewals, Status};
use crate::db::Database;
use crate::renewal::Extension;
use crate::Result;

/// One row of the Library table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
    /// For [`Status::ExpiredMayBeExtended`]: the last day it may be extended to (its final
    /// possible expiry, or its expiry with the renewal options left); `None` when its
    /// renewal terms are unclear.
    pub may_be_extended_to: Option<NaiveDate>,
}

impl ContractSummary {
    /// The status in a sentence, for text output: "Expired on 2026-01-31 — may be
    /// extended to 2028-01-31; verify with the cooperative".
    pub fn status_sentence(&self) -> String {
        let expiry = self.expiry_date.map(|d| d.to_string()).unwrap_or_default();
        match self.status {
            Status::Active => format!("Active until {expiry}"),
            Status::Expiring => match self.days_left {
                Some(0) => format!("Expires today ({expiry})"),
                Some(days) => format!("Expires on {expiry} ({days} days left)"),
                None => format!("Expires on {expiry}"),
            },
            Status::Expired => format!("Expired on {expiry}"),
            Status::ExpiredMayBeExtended => match self.may_be_extended_to {
                Some(last) => format!(
                    "Expired on {expiry} — may be extended to {last}; verify with the \
                     cooperative"
                ),
                None => format!(
                    "Expired on {expiry} — renewal terms unclear; verify with the cooperative"
                ),
            },
            Status::Unknown => "Expiry unknown".to_owned(),
        }
    }
}

/// The columns [`from_row`] reads, in its order, over `contracts c`.
pub(crate) const COLUMNS: &str = "c.id, c.contract_number, c.title, c.vendor_name, \
     c.cooperative, c.expiry_date, c.extendable_until";

/// How many columns [`COLUMNS`] is: a query's own columns follow from this index.
pub(crate) const COLUMN_COUNT: usize = 7;

/// Every contract for the Library table, in the order a clerk needs them: those still in
/// force soonest-expiring first, then those with no known expiry, then the expired ones
/// (most recently expired first).
pub fn list(db: &Database, today: NaiveDate) -> Result<Vec<ContractSummary>> {
    let conn = db.conn();
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM contracts c WHERE c.deleted_at IS NULL"
    ))?;
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

/// A table row from a query whose first columns are [`COLUMNS`] — the one place that
/// reads that shape.
pub(crate) fn from_row(row: &Row<'_>, today: NaiveDate) -> rusqlite::Result<ContractSummary> {
    let expiry_date: Option<NaiveDate> = row.get(5)?;
    let extension = Extension::from_stored(row.get::<_, Option<String>>(6)?.as_deref());
    let (status, days_left, may_be_extended_to) =
        status_with_renewals(expiry_date, extension, today);
    Ok(ContractSummary {
        id: row.get(0)?,
        contract_number: row.get(1)?,
        title: row.get(2)?,
        vendor_name: row.get(3)?,
        cooperative: row.get(4)?,
        expiry_date,
        status,
        days_left,
        may_be_extended_to,
    })
}
