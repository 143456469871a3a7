//! Counts for the filter chips: how many contracts choosing each cooperative, category
//! or status chip would show under the current query.
//!
//! Each facet counts the query with every *other* filter applied, so a chip shows what
//! choosing it would give. The counts are read the cheapest way the query allows, in
//! this order:
//!
//! - nothing typed or chosen: the counts that the triggers of migration 0008 keep;
//! - only chips chosen (no text, no other filter): ranges of the indexes led by the
//!   chosen chips' columns (migrations 0009 and 0010), never a pass over the library;
//! - otherwise one pass over the matching contracts (every filter applied but the
//!   chips) through the covering index `contracts_facet_columns`.
//!
//! Every way counts a contract's status by its group (`search/status_groups.rs`), with
//! the same rule as the status chips' filters (`search/filters.rs`), so a chip counts
//! what choosing it finds. What each way costs
//! on a large library is measured by `cargo bench -p coopdesk-core --bench search`
//! (docs/benchmarks-search.md).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, ToSql};
use serde::Serialize;
use ts_rs::TS;

use super::filters::{given, Chips, Filters, NOT_IN_TRASH};
use super::query::{fts_expression, Query, StatusFilter};
use super::status_groups::{holds, StatusDates, STATUS_GROUP_SQL};
use crate::db::Database;
use crate::library::status::MAY_BE_EXTENDED_SQL;
use crate::Result;

/// Counts for the filter chips under the current query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    /// Per cooperative, most contracts first.
    pub cooperatives: Vec<FacetCount>,
    /// Per category, most contracts first (contracts without one are not counted).
    pub categories: Vec<FacetCount>,
    pub statuses: StatusCounts,
}

/// One chip's value and how many contracts it would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FacetCount {
    pub value: String,
    pub count: i64,
}

/// Counts per status chip. The expiring windows nest: within 60 includes within 30.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    pub active: i64,
    pub expiring_within_30: i64,
    pub expiring_within_60: i64,
    pub expiring_within_90: i64,
    /// Past expiry, and nothing recorded says it can be extended.
    pub expired: i64,
    /// Past expiry, but its renewals may extend it (verify with the cooperative).
    pub expired_may_be_extended: i64,
    pub unknown: i64,
}

/// Counts for the filter chips: each facet counts the query with every *other* filter
/// applied, so a chip shows how many contracts choosing it would give.
///
/// Before anything is typed or chosen, the counts migration 0008 keeps are read; with
/// chips alone, the chips' indexes; otherwise every match once (see the module docs of
/// `search/facets.rs`).
pub fn facets(db: &Database, query: &Query, today: NaiveDate) -> Result<Facets> {
    let conn = db.conn();
    let filters = Filters::new(query, today, Chips::LeftOut);
    let expression = fts_expression(&query.text);
    let chosen = Chosen {
        cooperative: given(&query.cooperative),
        category: given(&query.category),
        status: query.status,
    };
    let dates = StatusDates::new(today);
    if expression.is_none() && filters.is_empty() {
        return chips_only_facets(conn, &dates, &chosen, today);
    }
    one_pass_facets(conn, &filters, expression, &chosen, &dates)
}

/// The chips chosen in a query (each facet leaves its own out).
struct Chosen {
    cooperative: Option<String>,
    category: Option<String>,
    status: Option<StatusFilter>,
}

/// The facets when nothing is typed and no filter but the chips is chosen. Nothing
/// chosen: the whole library's counts. One chip chosen and nothing else: its own facet
/// is the whole library's (a facet leaves its own chip out), and the others count only
/// the contracts under that chip, found through its index instead of a pass over the
/// library; likewise for two or three chips.
fn chips_only_facets(
    conn: &Connection,
    dates: &StatusDates,
    chosen: &Chosen,
    today: NaiveDate,
) -> Result<Facets> {
    match (&chosen.cooperative, &chosen.category, chosen.status) {
        (None, None, None) => whole_library_facets(conn, dates),
        (Some(value), None, None) => one_chip_facets(conn, dates, Chip::Cooperative, value),
        (None, Some(value), None) => one_chip_facets(conn, dates, Chip::Category, value),
        (None, None, Some(status)) => status_chip_facets(conn, dates, status, today),
        (Some(value), None, Some(status)) => {
            chip_and_status_facets(conn, dates, Chip::Cooperative, value, status, today)
        }
        (None, Some(value), Some(status)) => {
            chip_and_status_facets(conn, dates, Chip::Category, value, status, today)
        }
        (Some(cooperative), Some(category), status) => {
            two_chips_facets(conn, dates, cooperative, category, status)
        }
    }
}

/// The facets in one pass, never one per facet: each matching contract (every filter
/// applied but the chips) is read once as its cooperative, category and status group,
/// and counted in every facet whose other chips it passes. No SQL grouping: a search
/// for a common word matches thousands of (cooperative, category) pairs, and sorting
/// them cost more than the counting. The contracts are read through the covering index
/// `contracts_facet_columns`, so no contract's row (its long texts) is opened.
fn one_pass_facets(
    conn: &Connection,
    filters: &Filters,
    expression: Option<String>,
    chosen: &Chosen,
    dates: &StatusDates,
) -> Result<Facets> {
    let source = if expression.is_some() {
        "contracts_fts f JOIN contracts c INDEXED BY contracts_facet_columns ON c.id = f.rowid
         WHERE contracts_fts MATCH :match"
    } else {
        "contracts c INDEXED BY contracts_facet_columns WHERE 1"
    };
    let sql = format!(
        "SELECT c.cooperative, c.category, {} FROM {source} {}",
        STATUS_GROUP_SQL.as_str(),
        filters.sql
    );
    let match_param = expression.unwrap_or_default();
    let mut extra = dates.params();
    if source.contains(":match") {
        extra.push((":match", &match_param));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(filters.params_with(&extra).as_slice())?;
    let mut cooperatives = Tally::default();
    let mut categories = Tally::default();
    let mut statuses = StatusCounts::default();
    while let Some(row) = rows.next()? {
        // Read in place: only a value seen for the first time is copied.
        let text = |index: usize| -> rusqlite::Result<&str> { Ok(row.get_ref(index)?.as_str()?) };
        let (row_cooperative, row_category) = (text(0)?, text(1)?);
        let group: i64 = row.get(2)?;
        let status_passes = chosen.status.is_none_or(|status| holds(status, group));
        let cooperative_passes = chosen
            .cooperative
            .as_ref()
            .is_none_or(|c| c == row_cooperative);
        let category_passes = chosen.category.as_ref().is_none_or(|c| c == row_category);
        if cooperative_passes && category_passes {
            statuses.add(group, 1);
        }
        if category_passes && status_passes {
            cooperatives.add(row_cooperative);
        }
        if cooperative_passes && status_passes {
            categories.add(row_category);
        }
    }
    Ok(Facets {
        cooperatives: cooperatives.most_first(),
        categories: categories.most_first(),
        statuses,
    })
}

/// The whole library's chips of the `chip` group, most contracts first, from the counts
/// the triggers of migration 0008 keep.
fn library_chips(conn: &Connection, chip: Chip) -> Result<Vec<FacetCount>> {
    let (column, table) = match chip {
        Chip::Cooperative => ("cooperative", "contract_facet_cooperatives"),
        Chip::Category => ("category", "contract_facet_categories"),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {column}, n FROM {table} WHERE {column} <> '' ORDER BY n DESC, {column}"
    ))?;
    let rows = stmt.query_map([], |row| {
        Ok(FacetCount {
            value: row.get(0)?,
            count: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A chip group a contract is counted in by one of its own columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chip {
    Cooperative,
    Category,
}

/// The facets when only the `chip` group's `chosen` value is chosen: that group's chips
/// are the whole library's; the other group and the statuses count the contracts under
/// `chosen`, read from the group's covering index alone (migration 0009:
/// `contracts_facet_by_cooperative`, `contracts_facet_by_category`).
fn one_chip_facets(
    conn: &Connection,
    dates: &StatusDates,
    chip: Chip,
    chosen: &str,
) -> Result<Facets> {
    let own = library_chips(conn, chip)?;
    let mut others = Tally::default();
    let mut statuses = StatusCounts::default();
    for_each_under_chip(conn, dates, chip, chosen, |other, group| {
        others.add(other);
        statuses.add(group, 1);
    })?;
    Ok(match chip {
        Chip::Cooperative => Facets {
            cooperatives: own,
            categories: others.most_first(),
            statuses,
        },
        Chip::Category => Facets {
            cooperatives: others.most_first(),
            categories: own,
            statuses,
        },
    })
}

/// The facets when only the status chip `status` is chosen: the status chips are the
/// whole library's; the cooperatives and categories count the contracts of that status,
/// which on a given day are a range of expiry dates (for the expired chips, split by
/// [`MAY_BE_EXTENDED_SQL`]), read from the index led by the expiry date alone
/// (migration 0010: `contracts_facet_by_expiry`). The other chips use the search's own
/// status clause, so a chip counts what choosing it finds.
fn status_chip_facets(
    conn: &Connection,
    dates: &StatusDates,
    status: StatusFilter,
    today: NaiveDate,
) -> Result<Facets> {
    let mut cooperatives = Tally::default();
    let mut categories = Tally::default();
    for_each_of_status(conn, dates, status, today, |cooperative, category| {
        cooperatives.add(cooperative);
        categories.add(category);
    })?;
    Ok(Facets {
        cooperatives: cooperatives.most_first(),
        categories: categories.most_first(),
        statuses: library_statuses(conn, dates)?,
    })
}

/// The facets when a status chip and the `chip` group's `chosen` value are chosen and
/// nothing else: the statuses count the contracts under `chosen` and the other group
/// those of them with the status — both from the group's index, as [`one_chip_facets`]
/// reads it — and the `chip` group itself counts the contracts of the status, from the
/// index led by the expiry date, as [`status_chip_facets`] reads it. Two ranges of two
/// indexes instead of a pass over the library.
fn chip_and_status_facets(
    conn: &Connection,
    dates: &StatusDates,
    chip: Chip,
    chosen: &str,
    status: StatusFilter,
    today: NaiveDate,
) -> Result<Facets> {
    let mut others = Tally::default();
    let mut statuses = StatusCounts::default();
    for_each_under_chip(conn, dates, chip, chosen, |other, group| {
        statuses.add(group, 1);
        if holds(status, group) {
            others.add(other);
        }
    })?;
    let mut own = Tally::default();
    for_each_of_status(conn, dates, status, today, |cooperative, category| {
        own.add(match chip {
            Chip::Cooperative => cooperative,
            Chip::Category => category,
        });
    })?;
    Ok(match chip {
        Chip::Cooperative => Facets {
            cooperatives: own.most_first(),
            categories: others.most_first(),
            statuses,
        },
        Chip::Category => Facets {
            cooperatives: others.most_first(),
            categories: own.most_first(),
            statuses,
        },
    })
}

/// Calls `each` with the other group's value and the status group of every contract in
/// the library whose `chip` column is `chosen`: a range of the index led by that column
/// (migration 0009), which holds every column the status is worked out from.
fn for_each_under_chip(
    conn: &Connection,
    dates: &StatusDates,
    chip: Chip,
    chosen: &str,
    mut each: impl FnMut(&str, i64),
) -> Result<()> {
    let (column, other) = match chip {
        Chip::Cooperative => ("cooperative", "category"),
        Chip::Category => ("category", "cooperative"),
    };
    let sql = format!(
        "SELECT c.{other}, {} FROM contracts c INDEXED BY contracts_facet_by_{column}
         WHERE c.{column} = :chosen{NOT_IN_TRASH}",
        STATUS_GROUP_SQL.as_str()
    );
    let mut params = dates.params();
    params.push((":chosen", &chosen));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(row) = rows.next()? {
        let value = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        each(value, row.get(1)?);
    }
    Ok(())
}

/// The facets when a cooperative and a category are chosen (and perhaps a status), and
/// nothing else: the cooperatives count the contracts of the category (with the
/// status), the categories those of the cooperative (with the status), and the statuses
/// those of both — a range of each chip's index, as [`one_chip_facets`] reads one.
fn two_chips_facets(
    conn: &Connection,
    dates: &StatusDates,
    cooperative: &str,
    category: &str,
    status: Option<StatusFilter>,
) -> Result<Facets> {
    let passes = |group: i64| status.is_none_or(|status| holds(status, group));
    let mut categories = Tally::default();
    let mut statuses = StatusCounts::default();
    for_each_under_chip(
        conn,
        dates,
        Chip::Cooperative,
        cooperative,
        |row_category, group| {
            if row_category == category {
                statuses.add(group, 1);
            }
            if passes(group) {
                categories.add(row_category);
            }
        },
    )?;
    let mut cooperatives = Tally::default();
    for_each_under_chip(
        conn,
        dates,
        Chip::Category,
        category,
        |row_cooperative, group| {
            if passes(group) {
                cooperatives.add(row_cooperative);
            }
        },
    )?;
    Ok(Facets {
        cooperatives: cooperatives.most_first(),
        categories: categories.most_first(),
        statuses,
    })
}

/// Calls `each` with the cooperative and category of every contract in the library with
/// `status` on the day of `dates`: a range of expiry dates (for the expired chips, split
/// by [`MAY_BE_EXTENDED_SQL`]) of the index led by the expiry date (migration 0010:
/// `contracts_facet_by_expiry`). The other chips use the search's own status clause, so
/// a chip counts what choosing it finds.
fn for_each_of_status(
    conn: &Connection,
    dates: &StatusDates,
    status: StatusFilter,
    today: NaiveDate,
    mut each: impl FnMut(&str, &str),
) -> Result<()> {
    let chosen = Filters::new(
        &Query {
            status: Some(status),
            ..Query::default()
        },
        today,
        Chips::Applied,
    );
    let before_today = |extendable: &str| {
        format!("{NOT_IN_TRASH} AND c.expiry_date < :today AND {extendable}{MAY_BE_EXTENDED_SQL}")
    };
    let today_only: Vec<(&str, &dyn ToSql)> = vec![(":today", &dates.today)];
    let (clause, params) = match status {
        StatusFilter::Expired => (before_today("NOT "), today_only),
        StatusFilter::ExpiredMayBeExtended => (before_today(""), today_only),
        _ => (chosen.sql.clone(), chosen.params_with(&[])),
    };
    let sql = format!(
        "SELECT c.cooperative, c.category FROM contracts c INDEXED BY contracts_facet_by_expiry
         WHERE 1{clause}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(row) = rows.next()? {
        let text = |index: usize| -> rusqlite::Result<&str> { Ok(row.get_ref(index)?.as_str()?) };
        each(text(0)?, text(1)?);
    }
    Ok(())
}

/// The chips of the whole library, from the counts the triggers of migration 0008 keep.
fn whole_library_facets(conn: &Connection, dates: &StatusDates) -> Result<Facets> {
    Ok(Facets {
        cooperatives: library_chips(conn, Chip::Cooperative)?,
        categories: library_chips(conn, Chip::Category)?,
        statuses: library_statuses(conn, dates)?,
    })
}

/// The whole library's status chips, from the counts the triggers of migration 0008 keep
/// (per expiry and last date it could be extended to since migration 0013).
fn library_statuses(conn: &Connection, dates: &StatusDates) -> Result<StatusCounts> {
    // The same status rule as over `contracts c`, over rows that stand for `n` contracts
    // (a missing date is stored as '').
    let sql = format!(
        "SELECT {}, c.n
         FROM (SELECT nullif(expiry_date, '') AS expiry_date,
                      nullif(extendable_until, '') AS extendable_until, n
               FROM contract_facet_expiries) c",
        STATUS_GROUP_SQL.as_str()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(dates.params().as_slice())?;
    let mut statuses = StatusCounts::default();
    while let Some(row) = rows.next()? {
        statuses.add(row.get(0)?, row.get(1)?);
    }
    Ok(statuses)
}

impl StatusCounts {
    /// Counts `n` contracts of status group `group` on every chip that shows them.
    fn add(&mut self, group: i64, n: i64) {
        let chips: [(StatusFilter, &mut i64); 7] = [
            (StatusFilter::Active, &mut self.active),
            (StatusFilter::ExpiringWithin30, &mut self.expiring_within_30),
            (StatusFilter::ExpiringWithin60, &mut self.expiring_within_60),
            (StatusFilter::ExpiringWithin90, &mut self.expiring_within_90),
            (StatusFilter::Expired, &mut self.expired),
            (
                StatusFilter::ExpiredMayBeExtended,
                &mut self.expired_may_be_extended,
            ),
            (StatusFilter::Unknown, &mut self.unknown),
        ];
        for (status, count) in chips {
            if holds(status, group) {
                *count += n;
            }
        }
    }
}

/// Contracts counted per chip value of one facet.
#[derive(Default)]
struct Tally(HashMap<String, i64>);

impl Tally {
    /// Counts one contract with this value; an empty value has no chip.
    fn add(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        match self.0.get_mut(value) {
            Some(count) => *count += 1,
            None => {
                self.0.insert(value.to_owned(), 1);
            }
        }
    }

    /// The facet's chips, most contracts first (then by value).
    fn most_first(self) -> Vec<FacetCount> {
        let mut chips: Vec<FacetCount> = self
            .0
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        chips.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        chips
    }
}
