//! The strip above the Library table: what expires within 30, 60 and 90 days, and what
//! has expired but may still be extended (to verify with the cooperative).
//!
//! The windows count today and nest, as the expiring status chips do; the expired but
//! extendable contracts are those `library::status` calls so, most recently expired
//! first and at most [`DASHBOARD_EXTENDABLE_LIMIT`] of them (the status chip counts and
//! shows them all).

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::filters::plus_days;
use crate::db::Database;
use crate::library::status::{
    EXPIRING_WITHIN_DAYS, MAY_BE_EXTENDED_CANDIDATE_SQL, MAY_BE_EXTENDED_SQL,
};
use crate::library::summary::{self, ContractSummary};
use crate::Result;

/// The strip above the Library table: what expires soon. Windows nest (within 60
/// includes within 30); each list is soonest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpiryDashboard {
    pub within_30: Vec<ContractSummary>,
    pub within_60: Vec<ContractSummary>,
    pub within_90: Vec<ContractSummary>,
    /// Past their current expiry but possibly extended (renewals or a later final
    /// expiry): to verify with the cooperative. Most recently expired first, at most
    /// [`DASHBOARD_EXTENDABLE_LIMIT`].
    pub expired_may_be_extended: Vec<ContractSummary>,
}

/// What expires within 30, 60 and 90 days of `today` (today included), soonest first;
/// and what has expired but may still be extended, most recently expired first.
pub fn expiry_dashboard(db: &Database, today: NaiveDate) -> Result<ExpiryDashboard> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}
         FROM contracts c
         WHERE c.expiry_date BETWEEN ?1 AND ?2 AND c.deleted_at IS NULL
         ORDER BY c.expiry_date, c.id",
        summary::COLUMNS
    ))?;
    let rows = stmt
        .query_map(
            rusqlite::params![
                today.to_string(),
                plus_days(today, EXPIRING_WITHIN_DAYS as u64)
            ],
            |row| summary::from_row(row, today),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}
         FROM contracts c
         WHERE c.expiry_date < :today AND c.deleted_at IS NULL
               AND {MAY_BE_EXTENDED_CANDIDATE_SQL} AND {MAY_BE_EXTENDED_SQL}
         ORDER BY c.expiry_date DESC, c.id
         LIMIT {DASHBOARD_EXTENDABLE_LIMIT}",
        summary::COLUMNS
    ))?;
    let expired_may_be_extended = stmt
        .query_map(
            rusqlite::named_params! {":today": today.to_string()},
            |row| summary::from_row(row, today),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let within = |days: i64| -> Vec<ContractSummary> {
        rows.iter()
            .filter(|row| row.days_left.is_some_and(|left| left <= days))
            .cloned()
            .collect()
    };
    Ok(ExpiryDashboard {
        within_30: within(30),
        within_60: within(60),
        within_90: within(EXPIRING_WITHIN_DAYS),
        expired_may_be_extended,
    })
}

/// The most expired-but-extendable contracts the dashboard lists (the status chip
/// counts and shows them all).
pub const DASHBOARD_EXTENDABLE_LIMIT: usize = 50;
