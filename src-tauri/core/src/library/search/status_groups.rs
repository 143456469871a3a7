//! A contract's status group, for counting the status chips over many contracts at
//! once: the day's boundaries, the SQL that puts each contract in exactly one group, and
//! which chips show which group.
//!
//! The groups use the same comparisons as the status chips' filters
//! (`search/filters.rs`), so a chip counts what choosing it finds; they are one CASE
//! per contract instead of one query per chip, which is what lets the facets count
//! every chip in one pass.

use chrono::NaiveDate;
use rusqlite::ToSql;

use super::filters::plus_days;
use super::query::StatusFilter;
use crate::library::status::{EXPIRING_WITHIN_DAYS, MAY_BE_EXTENDED_SQL};
/// The day's boundaries the status groups are cut at.
pub(super) struct StatusDates {
    pub(super) today: String,
    d30: String,
    d60: String,
    d90: String,
}

impl StatusDates {
    pub(super) fn new(today: NaiveDate) -> StatusDates {
        StatusDates {
            today: today.to_string(),
            d30: plus_days(today, 30),
            d60: plus_days(today, 60),
            d90: plus_days(today, EXPIRING_WITHIN_DAYS as u64),
        }
    }

    pub(super) fn params(&self) -> Vec<(&str, &dyn ToSql)> {
        vec![
            (":today", &self.today),
            (":d30", &self.d30),
            (":d60", &self.d60),
            (":d90", &self.d90),
        ]
    }
}

/// A contract's status group over `c`, for counting the status chips, with the same
/// comparisons as the chips' filters ([`Filters`](super::filters::Filters)): 0 active
/// (after `:d90`), 1 expiring within 30 days, 2 within 31–60, 3 within 61–90, 4 expired,
/// 5 expired but may be extended, 6 no expiry. Each contract is in exactly one group;
/// the expiring chips nest ([`holds`]).
pub(super) static STATUS_GROUP_SQL: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| status_group_sql(MAY_BE_EXTENDED_SQL));

/// The status group CASE over `c`, with `extendable` deciding which expired contracts
/// may be extended.
fn status_group_sql(extendable: &str) -> String {
    format!(
        "CASE WHEN c.expiry_date IS NULL THEN 6
              WHEN c.expiry_date > :d90 THEN 0
              WHEN c.expiry_date >= :today THEN
                  CASE WHEN c.expiry_date <= :d30 THEN 1
                       WHEN c.expiry_date <= :d60 THEN 2 ELSE 3 END
              WHEN {extendable} THEN 5
              ELSE 4 END"
    )
}

/// Whether the chip `status` shows the contracts of status group `group`.
pub(super) fn holds(status: StatusFilter, group: i64) -> bool {
    match status {
        StatusFilter::Active => group == 0,
        StatusFilter::ExpiringWithin30 => group == 1,
        StatusFilter::ExpiringWithin60 => matches!(group, 1 | 2),
        StatusFilter::ExpiringWithin90 => matches!(group, 1..=3),
        StatusFilter::Expired => group == 4,
        StatusFilter::ExpiredMayBeExtended => group == 5,
        StatusFilter::Unknown => group == 6,
    }
}
