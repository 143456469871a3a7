//! A query's filters as SQL: `AND …` clauses over `contracts c` with their named
//! parameters, shared by every way of reading matches (ranked, sorted, browsed, counted
//! for the chips).
//!
//! Values are always bound, never spliced into the SQL. A blank value is no filter. A
//! contract with no state list, or no entity types, passes the state or entity type
//! filter, since nothing recorded rules it out. The status chips compare the expiry date
//! with the day's boundaries, with the same rule as `library::status` for the expired
//! contracts that may still be extended. Contracts in the trash are never found.
//!
//! The settings' approved cooperatives are both a filter (`approvedOnly`) and an order
//! (their contracts first, [`APPROVED_FIRST`]); both read the `approved_cooperatives`
//! view (migration 0007), so they are kept here together.

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, ToSql};

use super::query::{Query, StatusFilter};
use crate::library::status::{
    EXPIRING_WITHIN_DAYS, MAY_BE_EXTENDED_CANDIDATE_SQL, MAY_BE_EXTENDED_SQL,
};
use crate::Result;

/// Whether the filter chips (cooperative, category, status) are applied:
/// [`facets`](super::facets) counts every chip in one pass, so it applies only the other
/// filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chips {
    Applied,
    LeftOut,
}

/// The clause every query over `contracts c` has: contracts in the trash are not found.
pub(super) const NOT_IN_TRASH: &str = " AND c.deleted_at IS NULL";

/// Usable in the chosen state: no state list, or the state in it (case ignored).
const STATE_SQL: &str =
    " AND (c.eligible_states = '[]' OR EXISTS (SELECT 1 FROM json_each(c.eligible_states)
                       WHERE upper(json_each.value) = upper(:state)))";

/// Open to the chosen entity type: none recorded, or the type among them (case ignored).
const ENTITY_TYPE_SQL: &str =
    " AND (c.entity_types = '[]' OR EXISTS (SELECT 1 FROM json_each(c.entity_types)
                       WHERE lower(json_each.value) = lower(:entity_type)))";

/// Only the contracts of the cooperatives approved in the settings.
const APPROVED_ONLY_SQL: &str =
    " AND c.cooperative COLLATE NOCASE IN (SELECT name FROM approved_cooperatives)";

/// Contracts of an approved cooperative before the others, as the first ORDER BY term.
pub(super) const APPROVED_FIRST: &str =
    "c.cooperative COLLATE NOCASE IN (SELECT name FROM approved_cooperatives) DESC, ";

/// The status chips' clauses for expired contracts, split by whether they may be extended.
static EXPIRED_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(" AND c.expiry_date < :today AND NOT {MAY_BE_EXTENDED_SQL}")
});
static EXPIRED_MAY_BE_EXTENDED_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        " AND c.expiry_date < :today AND {MAY_BE_EXTENDED_CANDIDATE_SQL} \
             AND {MAY_BE_EXTENDED_SQL}"
    )
});

/// The filters of a query as SQL (`AND …` clauses over `contracts c`) and their named
/// parameters. Values are always bound, never spliced into the SQL.
pub(super) struct Filters {
    pub(super) sql: String,
    /// The status chip applied, if any.
    pub(super) status: Option<StatusFilter>,
    params: Vec<(&'static str, String)>,
    pub(super) today: NaiveDate,
}

impl Filters {
    pub(super) fn new(query: &Query, today: NaiveDate, chips: Chips) -> Filters {
        let applied = chips == Chips::Applied;
        let mut filters = Filters {
            sql: String::from(NOT_IN_TRASH),
            status: query.status.filter(|_| applied),
            params: Vec::new(),
            today,
        };
        if applied {
            let cooperative = " AND c.cooperative = :cooperative";
            filters.bind(cooperative, ":cooperative", &query.cooperative);
            filters.bind(" AND c.category = :category", ":category", &query.category);
        }
        filters.bind(STATE_SQL, ":state", &query.state);
        filters.bind(ENTITY_TYPE_SQL, ":entity_type", &query.entity_type);
        if let Some(status) = filters.status {
            let clause = filters.status_clause(status);
            filters.sql.push_str(clause);
        }
        if query.approved_only {
            filters.sql.push_str(APPROVED_ONLY_SQL);
        }
        if let Some(cents) = query.value_at_least.and_then(at_least_cents) {
            filters
                .sql
                .push_str(" AND c.value_cents >= CAST(:value_at_least AS INTEGER)");
            filters.params.push((":value_at_least", cents.to_string()));
        }
        filters
    }

    /// Adds `clause`, which binds `name`, when `value` is given.
    fn bind(&mut self, clause: &str, name: &'static str, value: &Option<String>) {
        if let Some(value) = given(value) {
            self.sql.push_str(clause);
            self.params.push((name, value));
        }
    }

    /// The clause of the status chip `status`, its day boundaries bound.
    fn status_clause(&mut self, status: StatusFilter) -> &'static str {
        let today = self.today;
        match status {
            StatusFilter::Active => {
                let until = plus_days(today, EXPIRING_WITHIN_DAYS as u64);
                self.params.push((":until", until));
                " AND c.expiry_date > :until"
            }
            StatusFilter::ExpiringWithin30 => self.expiring_within(30),
            StatusFilter::ExpiringWithin60 => self.expiring_within(60),
            StatusFilter::ExpiringWithin90 => self.expiring_within(EXPIRING_WITHIN_DAYS as u64),
            StatusFilter::Expired => {
                self.params.push((":today", today.to_string()));
                EXPIRED_SQL.as_str()
            }
            StatusFilter::ExpiredMayBeExtended => {
                self.params.push((":today", today.to_string()));
                EXPIRED_MAY_BE_EXTENDED_SQL.as_str()
            }
            StatusFilter::Unknown => " AND c.expiry_date IS NULL",
        }
    }

    /// The clause of an expiring chip: from today to `days` later.
    fn expiring_within(&mut self, days: u64) -> &'static str {
        self.params.push((":today", self.today.to_string()));
        self.params.push((":until", plus_days(self.today, days)));
        " AND c.expiry_date BETWEEN :today AND :until"
    }

    /// Only the always-on "not in the trash" clause (so a filter added later counts
    /// whether or not it binds a parameter).
    pub(super) fn is_empty(&self) -> bool {
        self.sql == NOT_IN_TRASH
    }

    /// Whether the filter binds the parameter `name` (a chip chosen).
    pub(super) fn has(&self, name: &str) -> bool {
        self.params.iter().any(|(param, _)| *param == name)
    }

    /// The filter parameters followed by the statement's own.
    pub(super) fn params_with<'a>(
        &'a self,
        extra: &[(&'a str, &'a dyn ToSql)],
    ) -> Vec<(&'a str, &'a dyn ToSql)> {
        self.params
            .iter()
            .map(|(name, value)| (*name, value as &dyn ToSql))
            .chain(extra.iter().copied())
            .collect()
    }
}

/// "Value above …" in whole cents, rounded up (a value of $10.00 is not above $9.999);
/// a negative amount filters nothing out but contracts without a value.
fn at_least_cents(dollars: rust_decimal::Decimal) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    (dollars.max(rust_decimal::Decimal::ZERO) * rust_decimal::Decimal::ONE_HUNDRED)
        .ceil()
        .to_i64()
}

/// A filter's value as chosen: trimmed, and `None` when blank.
pub(super) fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The day `days` after `day`, as stored (ISO); the last day there is when past it.
pub(super) fn plus_days(day: NaiveDate, days: u64) -> String {
    day.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
        .to_string()
}

/// Whether the settings keep a list of approved cooperatives.
pub(super) fn has_approved_cooperatives(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM approved_cooperatives)")?
        .query_row([], |row| row.get(0))?)
}
