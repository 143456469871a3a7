//! Searching the library: full text (SQLite FTS5) over every text field, ranked, with
//! filters, highlights, facet counts for the filter chips and the expiry dashboard.
//!
//! ## Brief overview
//!
//! [`search`] reads one page of results for a [`Query`], and never fails on what a
//! person types. One file per concern, each with its module doc:
//!
//! - `query.rs` — what a search asks for (the wire types [`Query`], [`Sort`],
//!   [`StatusFilter`]) and how the typed text becomes an FTS5 expression that cannot
//!   fail ([`fts_expression`]).
//! - `hits.rs` — what it returns ([`SearchResults`], [`SearchHit`]) and how the matches
//!   are marked in the shown fields, or shown as an excerpt.
//! - `filters.rs` — the query's filters as SQL clauses with bound parameters, and the
//!   approved cooperatives' clauses.
//! - `number.rs` — contract numbers however punctuated ([`number_key`],
//!   [`contract_by_number`]): the exact number hits that lead a search.
//! - `rank.rs` — the default order of a text search: exact numbers, then bm25 or newest
//!   first, the approved cooperatives' contracts first ([`PREFIX_RANKED_UP_TO`]).
//! - `browse.rs` — the Library table's order without text, and a column's order.
//! - `facets.rs` — the counts of the filter chips ([`facets()`]), with
//!   `status_groups.rs`: each contract's status group, counted on every chip it shows on.
//! - `dashboard.rs` — what expires soon ([`expiry_dashboard`]).
//!
//! They depend on each other in one direction only: `query` and `hits` on none of
//! them; `filters` on `query`; `number` on `filters` and `hits`; `rank` and `browse` on
//! those; `status_groups` on `filters` and `query`; `facets` on those three; `dashboard`
//! on `filters`. This file ties them together, and the `module_cycles` test keeps it so.

mod browse;
mod dashboard;
mod facets;
mod filters;
mod hits;
mod number;
mod query;
mod rank;
mod status_groups;

use chrono::NaiveDate;

use self::browse::{browse, sorted_matches};
use self::filters::{Chips, Filters};
use self::query::{in_named_fields, lone_prefix_letters};
use self::rank::best_first;
use super::status::Status;
use crate::db::Database;
use crate::Result;

pub use self::dashboard::{expiry_dashboard, ExpiryDashboard, DASHBOARD_EXTENDABLE_LIMIT};
pub use self::facets::{facets, FacetCount, Facets, StatusCounts};
pub use self::hits::{Fragment, Highlights, SearchHit, SearchResults};
pub use self::number::{contract_by_number, number_key};
pub use self::query::{
    fts_expression, Query, Sort, SortColumn, StatusFilter, DEFAULT_LIMIT, JOINERS, MAX_LIMIT,
};
pub use self::rank::PREFIX_RANKED_UP_TO;

/// Searches the library. Never fails on what a person types; see the module docs of
/// `search/query.rs`.
pub fn search(db: &Database, query: &Query, today: NaiveDate) -> Result<SearchResults> {
    let conn = db.conn();
    let filters = Filters::new(query, today, Chips::Applied);
    let Some(mut expression) = fts_expression(&query.text) else {
        return browse(conn, query, &filters);
    };
    // One or two typed letters match most of a large library: ranking all of those
    // rows is slow on every keystroke for an order nobody can use. So a lone short
    // prefix looks only at the number, title and vendor, newest first, and FTS5 stops
    // reading at the page's end. From the third letter on every column is searched, and
    // the order depends on how many contracts match (`search/rank.rs`).
    if lone_prefix_letters(&query.text).is_some_and(|letters| letters < 3) {
        expression = in_named_fields(&expression);
    }
    match query.sort {
        Some(sort) => sorted_matches(conn, query, &expression, &filters, sort),
        None => best_first(conn, query, &expression, &filters),
    }
}

/// Exposes the status a hit would show, for callers that group results.
pub fn status_of(hit: &SearchHit) -> Status {
    hit.summary.status
}
