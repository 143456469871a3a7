//! Each approval's running totals in the library (table `approval_totals`, migration
//! 0018): committed, invoiced, paid and the latest purchase, as [`Sums`], so that the
//! Spending screen's list and the Needs-action list read one row per approval instead of
//! every purchase order and invoice (docs/benchmarks-spending.md, docs/due.md).
//!
//! Invariants:
//! - every write of the store that changes what an approval's purchases add up to writes
//!   its row in the same savepoint: counted again from its purchases after a write typed
//!   by hand ([`recount`]); an import's [`super::Batch`] writes each approval's row once,
//!   from its running sums ([`keep`]), after the report's last row and inside the same
//!   transaction (until then the triggers have removed the row, so a reader in that
//!   transaction counts the approval from its purchases);
//! - a row is never out of date: any write to a purchase order, change order or invoice,
//!   whatever code made it, first removes its approval's row (the migration's triggers),
//!   and a reader that finds none counts that approval from its purchases ([`sums_of`]);
//! - amounts are text with two decimals, read back exactly and added only in Rust.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{decimal, orders, stored, Scope};
use crate::db::day::day;
use crate::db::{atomically, Database};
use crate::spending::figures::Sums;
use crate::Result;

/// Writes `sums` as the approval's kept totals.
pub(super) fn keep(conn: &Connection, approval_id: i64, sums: &Sums) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO approval_totals
             (approval_id, committed, invoiced, paid, last_purchase)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        approval_id,
        stored(sums.committed),
        stored(sums.invoiced),
        stored(sums.paid),
        sums.last_purchase
    ])?;
    Ok(())
}

/// Counts the approval's totals from its purchases, keeps them and answers them.
pub(super) fn recount(conn: &Connection, approval_id: i64) -> Result<Sums> {
    let sums = Sums::of(&orders(conn, Scope::Approval(approval_id))?);
    keep(conn, approval_id, &sums)?;
    Ok(sums)
}

pub(super) type Row = (i64, String, String, String, Option<NaiveDate>);

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, day(r, 4)?))
}

/// The kept row in the columns from `at` on of a query joining `approval_totals` (its
/// `approval_id` first); `None` when the approval has none.
pub(super) fn joined(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<Row>> {
    let Some(id) = r.get::<_, Option<i64>>(at)? else {
        return Ok(None);
    };
    Ok(Some((
        id,
        r.get(at + 1)?,
        r.get(at + 2)?,
        r.get(at + 3)?,
        day(r, at + 4)?,
    )))
}

/// The kept row read back, or (`None`) the approval counted from its purchases.
pub(super) fn sums_or_count(
    conn: &Connection,
    approval_id: i64,
    kept: Option<Row>,
) -> Result<Sums> {
    match kept {
        Some(row) => sums(row),
        None => Ok(Sums::of(&orders(conn, Scope::Approval(approval_id))?)),
    }
}

fn sums((_, committed, invoiced, paid, last_purchase): Row) -> Result<Sums> {
    Ok(Sums {
        committed: decimal(&committed, "an approval's committed total")?,
        invoiced: decimal(&invoiced, "an approval's invoiced total")?,
        paid: decimal(&paid, "an approval's paid total")?,
        last_purchase,
    })
}

const COLUMNS: &str = "approval_id, committed, invoiced, paid, last_purchase";

/// The approval's totals as the library keeps them; `None` when no row is kept.
pub fn kept_totals(db: &Database, approval_id: i64) -> Result<Option<Sums>> {
    db.conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM approval_totals WHERE approval_id = ?1"
        ))?
        .query_row([approval_id], from_row)
        .optional()?
        .map(sums)
        .transpose()
}

/// The approval's totals: kept, or counted from its purchases when no row is kept.
pub(super) fn sums_of(conn: &Connection, approval_id: i64) -> Result<Sums> {
    let kept = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM approval_totals WHERE approval_id = ?1"
        ))?
        .query_row([approval_id], from_row)
        .optional()?;
    match kept {
        Some(row) => sums(row),
        None => Ok(Sums::of(&orders(conn, Scope::Approval(approval_id))?)),
    }
}

/// The approvals that have no kept row.
fn missing(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM approvals
         WHERE NOT EXISTS (SELECT 1 FROM approval_totals t WHERE t.approval_id = approvals.id)",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Every approval's totals, by id: the kept rows, and the others counted from their
/// purchases.
pub(crate) fn all_sums(conn: &Connection) -> Result<HashMap<i64, Sums>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM approval_totals"))?;
    let rows = stmt.query_map([], from_row)?;
    let mut found = HashMap::new();
    for row in rows {
        let row = row?;
        found.insert(row.0, sums(row)?);
    }
    for id in missing(conn)? {
        found.insert(id, Sums::of(&orders(conn, Scope::Approval(id))?));
    }
    Ok(found)
}

/// Counts and keeps the totals of every approval that has no kept row (purchases written
/// into the tables by something other than the store, as the benches' generators do);
/// answers how many were counted.
pub fn recount_missing_totals(db: &Database) -> Result<usize> {
    let conn = db.conn();
    atomically(conn, || {
        let ids = missing(conn)?;
        for id in &ids {
            recount(conn, *id)?;
        }
        Ok(ids.len())
    })
}
