//! Searching the library: full text (SQLite FTS5) over every text field, ranked, with
//! filters, highlights, facet counts for the filter chips and the expiry dashboard.
//!
//! ## How typed text becomes a query
//!
//! Whatever a person types is searched for, never parsed as FTS5 syntax: each
//! whitespace-separated word becomes a quoted FTS5 string (so `O'Brien`, `C++`,
//! `(paving`, `50%`, a stray `"` or a trailing `AND` are words, not operators), and the
//! words must all match. The last word is a prefix while it is being typed (the text
//! does not end in a space), and any word ending in `*` is a prefix. A word with no
//! letter or digit is ignored. So [`search`] never fails on what a person types.
//!
//! Names are found the way clerks say them: a word typed with a joining mark
//! ([`JOINERS`]: apostrophes, `&`, `-`, `.`) also matches the word without it, and the
//! index holds every text with those marks deleted as well as split at them (migration
//! 0006), so "obrien", "o'brien" and "O’Brien" all find "O'Brien", "macys" finds
//! "Macy's", "att" finds "AT&T" and "erate" finds "E-Rate".
//!
//! ## Ranking
//!
//! 1. Contracts whose number, or one of its recorded variants, equals the typed text
//!    once spaces, `-`, `#`, `.`, `/`, `_` and `:` are dropped and case is ignored
//!    (`091521 -NAF` = `091521-NAF`) come first.
//! 2. Then FTS5's bm25 `rank`, with column weights set once in migration 0002 (number
//!    12, vendor 8, title 4, cooperative/category/keywords 2, description 1, notes 0.5).
//!
//! Within each of the two, contracts of the cooperatives approved in the settings come
//! first (the `approved_cooperatives` view, migration 0007), then the others.
//!
//! A word still being typed alone is ordered by how much of the library it can match:
//!
//! - 1 or 2 letters: looked for in the number, title and vendor only, newest first.
//! - 3 letters: bm25 as above when it matches at most [`PREFIX_RANKED_UP_TO`] (4,000)
//!   contracts ("GIS", "ERP", "bus"); above that ("sof", "ser" in a large library) the
//!   matches in the number, title or vendor first, then the others, each newest first,
//!   without bm25. Every match is counted and reachable by paging either way.
//! - 4 letters or more: bm25.
//!
//! Without text, results are in the Library table's order: in force soonest-expiring
//! first, then unknown expiry, then expired (most recent first).
//!
//! A [`Sort`] replaces both orders with a column's, over every match before paging, so
//! the clerk can page through all of a large result in that order.
//!
//! ## Highlights
//!
//! Results carry plain text split into [`Fragment`]s, each marked matched or not; the UI
//! escapes and marks them itself. No HTML is ever produced here. The shown fields are
//! marked in Rust from the row already read, the way FTS5's `highlight()` would mark
//! them (`library::highlight`); a match in none of them is shown as FTS5's `snippet()`.

use std::collections::{BinaryHeap, HashMap};

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, Row, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contract::{self, Contract};
use super::highlight::Marks;
use super::status::{
    Status, EXPIRING_WITHIN_DAYS, MAY_BE_EXTENDED_CANDIDATE_SQL, MAY_BE_EXTENDED_SQL,
};
use super::summary::{self, ContractSummary};
use crate::db::Database;
use crate::Result;

/// Rows per page when the query does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most rows one page may hold.
pub const MAX_LIMIT: u32 = 500;

/// Markers FTS5 puts around matches; private-use characters, which contract text does
/// not contain, so they can be split off without ambiguity.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// What to search for: free text and filters, all combined (AND). Every part may be left
/// out (`{ text: "fleet" }`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields = nullable)]
pub struct Query {
    /// What the person typed, as typed.
    pub text: String,
    /// Exactly this cooperative (as in the facet counts).
    pub cooperative: Option<String>,
    /// Exactly this category.
    pub category: Option<String>,
    /// Usable in this state (two-letter code). Contracts with no state list are usable
    /// in every state and always pass.
    pub state: Option<String>,
    /// Open to this entity type (`city`, `school district`…; case ignored). Contracts
    /// with no entity types recorded pass, since nothing rules them out.
    pub entity_type: Option<String>,
    pub status: Option<StatusFilter>,
    /// Only contracts of the cooperatives approved in the settings (none when no list
    /// is kept).
    #[ts(as = "Option<_>", optional)]
    pub approved_only: bool,
    /// Rows per page; [`DEFAULT_LIMIT`] when `None`, at most [`MAX_LIMIT`].
    pub limit: Option<u32>,
    /// Rows to skip (paging).
    #[ts(as = "Option<_>", optional)]
    pub offset: u32,
    /// A column order over every match; `None` keeps the default order (best match
    /// first for text, the Library table's order when browsing).
    pub sort: Option<Sort>,
}

/// An order chosen by clicking a column of the Library table. It applies to every
/// match, before paging, so page 2 continues page 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Sort {
    pub column: SortColumn,
    /// Z to A, latest first.
    pub descending: bool,
}

/// The Library table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SortColumn {
    ContractNumber,
    Title,
    VendorName,
    Cooperative,
    /// The recorded expiry date; contracts without one come last either way, since
    /// they are neither the soonest nor the latest.
    Expiry,
}

impl Sort {
    /// The ORDER BY terms over `contracts c`. Text sorts ignore ASCII case; ties keep
    /// the id order so paging is stable.
    fn order_by(self) -> String {
        let direction = if self.descending { "DESC" } else { "ASC" };
        let column = match self.column {
            SortColumn::ContractNumber => "c.contract_number COLLATE NOCASE",
            SortColumn::Title => "c.title COLLATE NOCASE",
            SortColumn::VendorName => "c.vendor_name COLLATE NOCASE",
            SortColumn::Cooperative => "c.cooperative COLLATE NOCASE",
            SortColumn::Expiry => "c.expiry_date IS NULL, c.expiry_date",
        };
        format!("{column} {direction}, c.id")
    }
}

impl Query {
    /// A query for `text` with no filters.
    pub fn text(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }
}

/// The status chips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StatusFilter {
    /// More than 90 days left ([`Status::Active`]).
    Active,
    /// Expires today or within 30 days.
    ExpiringWithin30,
    /// Expires today or within 60 days.
    ExpiringWithin60,
    /// Expires today or within 90 days ([`Status::Expiring`]).
    ExpiringWithin90,
    /// The expiry date has passed and nothing recorded says it can be extended
    /// ([`Status::Expired`]).
    Expired,
    /// The expiry date has passed but the contract may still be extended
    /// ([`Status::ExpiredMayBeExtended`]).
    ExpiredMayBeExtended,
    /// No expiry date recorded.
    Unknown,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// How many contracts match in all (every page).
    pub total: i64,
    /// This page, best first.
    pub hits: Vec<SearchHit>,
}

/// One result row: the Library table's row plus what matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    #[serde(flatten)]
    pub summary: ContractSummary,
    pub highlights: Highlights,
    /// The typed text is this contract's number (or a recorded form of it).
    pub exact_number: bool,
}

/// Matches in the fields the table shows. A field's list is empty when nothing in it
/// matched (show the plain field); otherwise its fragments join to the field's exact
/// text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Highlights {
    pub contract_number: Vec<Fragment>,
    pub title: Vec<Fragment>,
    pub vendor_name: Vec<Fragment>,
    pub cooperative: Vec<Fragment>,
    /// When the match is elsewhere (another spelling of the vendor, a number variant,
    /// the description, notes…): a short excerpt around it. Empty otherwise.
    pub elsewhere: Vec<Fragment>,
}

/// A piece of plain text, matched or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Fragment {
    pub text: String,
    pub matched: bool,
}

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

/// Searches the library. Never fails on what a person types; see the module docs.
pub fn search(db: &Database, query: &Query, today: NaiveDate) -> Result<SearchResults> {
    let conn = db.conn();
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
    let offset = query.offset as usize;
    let filters = Filters::new(query, today, Chips::Applied);
    let Some(mut expression) = fts_expression(&query.text) else {
        return browse(conn, &filters, query.sort, limit, offset);
    };
    // One or two typed letters match most of a large library: ranking all of those
    // rows costs tens of milliseconds per keystroke for an order nobody can use. So a
    // lone short prefix looks only at the number, title and vendor, newest first, and
    // FTS5 stops reading at the page's end. From the third letter on every column is
    // searched, and the order depends on how many contracts match (see below).
    let prefix_letters = lone_prefix_letters(&query.text);
    let short_prefix = prefix_letters.is_some_and(|letters| letters < 3);
    if short_prefix {
        expression = in_named_fields(&expression);
    }
    if let Some(sort) = query.sort {
        return sorted_matches(conn, query, &expression, &filters, sort, limit, offset);
    }

    let approved_first = has_approved_cooperatives(conn)?;
    let exact = exact_number_hits(conn, &query.text, &filters, approved_first)?;
    // Ranked without filters, every match's rank is read once in Rust, which counts them
    // too ([`best_matches`]); otherwise they are counted first.
    let count_while_ranking =
        filters.is_empty() && prefix_letters.is_none_or(|letters| letters > 3);
    let counted: Option<i64> = if count_while_ranking {
        None
    } else {
        // The index holds only contracts in the library, so without filters the count
        // needs no join (half the cost on a common word).
        let sql = if filters.is_empty() {
            "SELECT count(*) FROM contracts_fts WHERE contracts_fts MATCH :match".to_owned()
        } else {
            format!(
                "SELECT count(*) FROM contracts_fts f JOIN contracts c ON c.id = f.rowid
                 WHERE contracts_fts MATCH :match {}",
                filters.sql
            )
        };
        let mut stmt = conn.prepare_cached(&sql)?;
        Some(stmt.query_row(
            filters.params_with(&[(":match", &expression)]).as_slice(),
            |row| row.get(0),
        )?)
    };
    let order = match counted {
        _ if short_prefix => MatchOrder::NewestFirst,
        Some(total) if prefix_letters == Some(3) && total > PREFIX_RANKED_UP_TO => {
            MatchOrder::NamedFieldsFirst
        }
        _ => MatchOrder::Relevance,
    };
    let mut exact_outside_fts = 0;
    for hit in &exact {
        let matched: bool = conn
            .prepare_cached(
                "SELECT count(*) > 0 FROM contracts_fts WHERE contracts_fts MATCH ?1 AND rowid = ?2",
            )?
            .query_row(rusqlite::params![expression, hit.summary.id], |row| row.get(0))?;
        if !matched {
            exact_outside_fts += 1;
        }
    }

    // Exact number hits lead the first page; the ranked rows follow without them.
    let skip_ranked = offset.saturating_sub(exact.len());
    let wanted_ranked = (offset + limit).saturating_sub(exact.len()) - skip_ranked;
    let page = Page {
        filters: &filters,
        approved_first,
        today,
        // A short prefix is looked for in the number, title and vendor only, so the
        // cooperative shown is not marked.
        marks: &marks_for(&query.text),
        mark_cooperative: !short_prefix,
        fetch: wanted_ranked + exact.len(),
        offset: skip_ranked,
    };
    let (ranked, fts_total) = match (order, counted) {
        (MatchOrder::Relevance, _) if filters.is_empty() && !approved_first => {
            best_matches(conn, &expression, &page)?
        }
        (order, total) if filters.is_empty() && approved_first => {
            approved_first_matches(conn, &expression, &page, order, total)?
        }
        (MatchOrder::NamedFieldsFirst, Some(total)) if filters.is_empty() && !approved_first => {
            (named_fields_first(conn, &expression, &page)?, total)
        }
        (order, total) => (
            page.read(conn, &expression, order)?,
            total.unwrap_or_default(),
        ),
    };

    let exact_ids: Vec<i64> = exact.iter().map(|hit| hit.summary.id).collect();
    let mut hits: Vec<SearchHit> = exact.into_iter().skip(offset).collect();
    hits.extend(
        ranked
            .into_iter()
            .filter(|hit| !exact_ids.contains(&hit.summary.id))
            .take(wanted_ranked),
    );
    hits.truncate(limit);
    Ok(SearchResults {
        total: fts_total + exact_outside_fts,
        hits,
    })
}

/// A lone three-letter prefix is ranked by relevance (bm25) when it matches at most this
/// many contracts (counted first, under the query's filters), and ordered by
/// [`MatchOrder::NamedFieldsFirst`] when it matches more.
///
/// A clerk typing "GIS", "ERP", "UPS" or "bus" wants the best matches first. But a
/// common word's first three letters ("sof", "ser", "sup") match 10–20 % of a large
/// library, and bm25 must read the positions of every match before the first row comes
/// back: about 6,000 instructions per match (callgrind, docs/benchmarks-search.md), so
/// 116 million for the 18,789 matches of "ser", 10–14 ms p99 at 100,000 contracts, for
/// a word the clerk has not finished typing. At 4,000 matches ranking costs about a
/// quarter of what a common word's whole search did before (25 of 118 million
/// instructions, 2–3 ms), which leaves the p99 room on a busy machine. Every match is
/// counted and reachable by paging either way.
pub const PREFIX_RANKED_UP_TO: i64 = 4_000;

/// How the full-text matches of a query are ordered before paging (after the exact
/// number hits, and with the approved cooperatives' contracts first when a list is
/// kept, in every order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchOrder {
    /// bm25 `rank`, with the column weights of migration 0002.
    Relevance,
    /// Newest first: FTS5 reads no further than the page.
    NewestFirst,
    /// The matches in the number, title or vendor first, then the others, each newest
    /// first: no bm25, and FTS5 reads each part no further than the page.
    NamedFieldsFirst,
}

/// The FTS5 expression restricted to the number, title and vendor columns.
fn in_named_fields(expression: &str) -> String {
    format!("{{number title vendor}} : ({expression})")
}

/// Where a page of full-text matches starts and how many rows it holds.
struct Page<'a> {
    filters: &'a Filters,
    approved_first: bool,
    today: NaiveDate,
    marks: &'a Marks,
    mark_cooperative: bool,
    fetch: usize,
    offset: usize,
}

impl Page<'_> {
    /// The page's matches of `expression` in `order`, highlighted.
    fn read(
        &self,
        conn: &Connection,
        expression: &str,
        order: MatchOrder,
    ) -> Result<Vec<SearchHit>> {
        let (filters, approved_first) = (self.filters, self.approved_first);
        let (inner_order, outer_order) = match order {
            MatchOrder::Relevance => ("rank", "f.rank"),
            MatchOrder::NewestFirst => ("rowid DESC", "f.id DESC"),
            MatchOrder::NamedFieldsFirst => ("", ""),
        };
        // Without filters the page is ranked and cut inside FTS5 first, and only its rows
        // are joined to the table; with filters the join must come before the cut.
        let columns = summary::COLUMNS;
        let sql = if filters.is_empty() && !approved_first && order != MatchOrder::NamedFieldsFirst
        {
            format!(
                "SELECT {columns}
             FROM (SELECT rowid AS id, rank
                   FROM contracts_fts WHERE contracts_fts MATCH :match
                   ORDER BY {inner_order} LIMIT :limit OFFSET :offset) f
             JOIN contracts c ON c.id = f.id
             ORDER BY {outer_order}"
            )
        } else {
            format!(
                "SELECT {columns}
                 FROM contracts_fts f JOIN contracts c ON c.id = f.rowid
                 WHERE contracts_fts MATCH :match {}
                 ORDER BY {}{}
                 LIMIT :limit OFFSET :offset",
                filters.sql,
                if approved_first { APPROVED_FIRST } else { "" },
                match order {
                    MatchOrder::Relevance => "f.rank",
                    MatchOrder::NewestFirst => "f.rowid DESC",
                    MatchOrder::NamedFieldsFirst =>
                        "f.rowid IN (SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH :named) DESC,
                         f.rowid DESC",
                }
            )
        };
        let named = in_named_fields(expression);
        let (fetch, offset) = (self.fetch as i64, self.offset as i64);
        let mut extra: Vec<(&str, &dyn ToSql)> = vec![
            (":match", &expression),
            (":limit", &fetch),
            (":offset", &offset),
        ];
        if order == MatchOrder::NamedFieldsFirst {
            extra.push((":named", &named));
        }
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut hits = stmt
            .query_map(filters.params_with(&extra).as_slice(), |row| {
                ranked_hit(row, self.today, self.marks, self.mark_cooperative)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        add_excerpts(conn, expression, &mut hits)?;
        Ok(hits)
    }

    /// The contracts `ids` (matches of `expression`) in that order, highlighted.
    fn rows(&self, conn: &Connection, expression: &str, ids: &[i64]) -> Result<Vec<SearchHit>> {
        let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned());
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM json_each(?1) j JOIN contracts c ON c.id = j.value ORDER BY j.key",
            summary::COLUMNS
        ))?;
        let mut hits = stmt
            .query_map([ids], |row| {
                ranked_hit(row, self.today, self.marks, self.mark_cooperative)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        add_excerpts(conn, expression, &mut hits)?;
        Ok(hits)
    }
}

/// [`MatchOrder::Relevance`] without filters or approved cooperatives, and the number of
/// matches: every match's rank is read once and the page's best are kept here, so the
/// same pass counts them all. (FTS5's own `ORDER BY rank` sorts every match in a
/// statement of its own, and a count is a second pass over the index: together a third
/// more than this for a common word.) Ties keep the lower id first.
fn best_matches(conn: &Connection, expression: &str, page: &Page) -> Result<(Vec<SearchHit>, i64)> {
    let keep = page.offset + page.fetch;
    let mut best: BinaryHeap<Ranked> = BinaryHeap::with_capacity(keep + 1);
    let mut total = 0;
    let mut stmt =
        conn.prepare_cached("SELECT rank, rowid FROM contracts_fts WHERE contracts_fts MATCH ?1")?;
    let mut rows = stmt.query([expression])?;
    while let Some(row) = rows.next()? {
        total += 1;
        let ranked = Ranked(row.get(0)?, row.get(1)?);
        if best.len() < keep {
            best.push(ranked);
        } else if best.peek().is_some_and(|worst| ranked < *worst) {
            best.pop();
            best.push(ranked);
        }
    }
    let ids: Vec<i64> = best
        .into_sorted_vec()
        .into_iter()
        .skip(page.offset)
        .map(|Ranked(_, id)| id)
        .collect();
    Ok((page.rows(conn, expression, &ids)?, total))
}

/// The matches in `order` without filters, with a list of approved cooperatives kept: the
/// approved cooperatives' matches first, then the others, each in `order`, and the
/// number of matches (`counted`, or counted here).
///
/// The SQL way — every match joined to its contract and all of them sorted by (approved,
/// order) — took 20 ms for a common word and 80 ms for one letter at 100,000 contracts.
/// Here the matches' ids come in `order` (newest first straight from FTS5's index, the
/// named fields' part before the rest for [`MatchOrder::NamedFieldsFirst`]; by rank from
/// one pass that reads every rank, sorted here) and their cooperatives are looked up in
/// the covering index `contracts_facet_columns`, [`LOOKUP_BATCH`] to a statement, until
/// the page is full: a page of 50 looks up about 50 ÷ the approved share of the
/// matches. Only a page past the approved ones reads them all. Ties of rank keep the lower id first, as
/// [`best_matches`] does.
fn approved_first_matches(
    conn: &Connection,
    expression: &str,
    page: &Page,
    order: MatchOrder,
    counted: Option<i64>,
) -> Result<(Vec<SearchHit>, i64)> {
    // The list, read once; compared as SQLite's NOCASE compares (ASCII letters folded),
    // as `APPROVED_FIRST` does.
    let names: Vec<String> = conn
        .prepare_cached("SELECT name FROM approved_cooperatives")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut cooperatives_of = conn.prepare_cached(
        "SELECT c.id, c.cooperative FROM contracts c INDEXED BY contracts_facet_columns
         WHERE c.id IN (SELECT value FROM json_each(?1)) AND c.deleted_at IS NULL",
    )?;
    let wanted = page.offset + page.fetch;
    let (mut approved, mut others) = (Vec::new(), Vec::new());
    // Sorts a batch of ids, in order, into their parts (one statement looks up the
    // batch's cooperatives); false once the approved part alone fills the page.
    let mut sort = |batch: &[i64]| -> Result<bool> {
        let ids = serde_json::to_string(batch).unwrap_or_else(|_| "[]".to_owned());
        let mut is_approved = HashMap::with_capacity(batch.len());
        let mut rows = cooperatives_of.query([ids])?;
        while let Some(row) = rows.next()? {
            let cooperative = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let yes = names
                .iter()
                .any(|name| name.eq_ignore_ascii_case(cooperative));
            is_approved.insert(row.get::<_, i64>(0)?, yes);
        }
        for id in batch {
            if is_approved.get(id).copied().unwrap_or(false) {
                approved.push(*id);
                if approved.len() == wanted {
                    return Ok(false);
                }
            } else if others.len() < wanted {
                others.push(*id);
            }
        }
        Ok(true)
    };
    let total = match order {
        MatchOrder::Relevance => {
            let mut stmt = conn.prepare_cached(
                "SELECT rank, rowid FROM contracts_fts WHERE contracts_fts MATCH ?1",
            )?;
            let mut ranked = stmt
                .query_map([expression], |row| Ok(Ranked(row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<Vec<Ranked>>>()?;
            let total = ranked.len() as i64;
            // The best few first (enough for a page when one match in eight is
            // approved), sorted; the rest only if the page is not full by then.
            let head = (wanted * 8).min(ranked.len());
            if head < ranked.len() {
                ranked.select_nth_unstable(head);
            }
            let (best, rest) = ranked.split_at_mut(head);
            best.sort_unstable();
            let ids = |part: &[Ranked]| part.iter().map(|Ranked(_, id)| *id).collect::<Vec<_>>();
            let mut full = false;
            for batch in ids(best).chunks(LOOKUP_BATCH) {
                if !sort(batch)? {
                    full = true;
                    break;
                }
            }
            if !full {
                rest.sort_unstable();
                for batch in ids(rest).chunks(LOOKUP_BATCH) {
                    if !sort(batch)? {
                        break;
                    }
                }
            }
            total
        }
        _ => {
            // Newest first as FTS5 reads its index, no further than needed; for
            // NamedFieldsFirst the matches in the number, title or vendor, then the rest.
            let parts = match order {
                MatchOrder::NamedFieldsFirst => {
                    let named = in_named_fields(expression);
                    vec![named.clone(), format!("({expression}) NOT {named}")]
                }
                _ => vec![expression.to_owned()],
            };
            let mut stmt = conn.prepare_cached(
                "SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH ?1 ORDER BY rowid DESC",
            )?;
            'parts: for part in &parts {
                let mut rows = stmt.query([part])?;
                let mut batch = Vec::with_capacity(LOOKUP_BATCH);
                loop {
                    let next = rows.next()?;
                    if let Some(row) = next {
                        batch.push(row.get(0)?);
                    }
                    if batch.len() == LOOKUP_BATCH || (next.is_none() && !batch.is_empty()) {
                        if !sort(&batch)? {
                            break 'parts;
                        }
                        batch.clear();
                    }
                    if next.is_none() {
                        break;
                    }
                }
            }
            match counted {
                Some(total) => total,
                None => conn
                    .prepare_cached(
                        "SELECT count(*) FROM contracts_fts WHERE contracts_fts MATCH ?1",
                    )?
                    .query_row([expression], |row| row.get(0))?,
            }
        }
    };
    let page_ids: Vec<i64> = approved
        .into_iter()
        .chain(others)
        .skip(page.offset)
        .take(page.fetch)
        .collect();
    Ok((page.rows(conn, expression, &page_ids)?, total))
}

/// How many matches' cooperatives [`approved_first_matches`] looks up in one statement.
const LOOKUP_BATCH: usize = 64;

/// A match's bm25 rank (lower is better) and id, ordered best first.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked(f64, i64);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

/// [`MatchOrder::NamedFieldsFirst`] without filters or approved cooperatives: the matches
/// in the number, title or vendor newest first, then the matches elsewhere newest first,
/// each read by FTS5 only as far as the page (counting the first part only when the page
/// starts past it).
fn named_fields_first(conn: &Connection, expression: &str, page: &Page) -> Result<Vec<SearchHit>> {
    let named = in_named_fields(expression);
    let mut hits = page.read(conn, &named, MatchOrder::NewestFirst)?;
    if hits.len() == page.fetch {
        return Ok(hits);
    }
    let named_total = if page.offset == 0 {
        hits.len()
    } else {
        let count: i64 = conn
            .prepare_cached("SELECT count(*) FROM contracts_fts WHERE contracts_fts MATCH ?1")?
            .query_row([&named], |row| row.get(0))?;
        count as usize
    };
    let elsewhere = Page {
        fetch: page.fetch - hits.len(),
        offset: page.offset.saturating_sub(named_total),
        ..*page
    };
    hits.extend(elsewhere.read(
        conn,
        &format!("({expression}) NOT {named}"),
        MatchOrder::NewestFirst,
    )?);
    Ok(hits)
}

/// Counts for the filter chips: each facet counts the query with every *other* filter
/// applied, so a chip shows how many contracts choosing it would give.
///
/// One pass, never one per facet: each matching contract (every filter applied but the
/// chips) is read once as its cooperative, category and status group, and counted in
/// every facet whose other chips it passes. No SQL grouping: a search for a common word
/// matches thousands of (cooperative, category) pairs, and sorting them cost more than
/// the counting. Before anything is typed or chosen, the counts migration 0008 keeps are
/// read instead; otherwise the matching contracts are read through the covering index
/// `contracts_facet_columns`, so no contract's row (its long texts) is opened.
pub fn facets(db: &Database, query: &Query, today: NaiveDate) -> Result<Facets> {
    let conn = db.conn();
    let filters = Filters::new(query, today, Chips::LeftOut);
    let expression = fts_expression(&query.text);
    let chosen = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let (cooperative, category) = (chosen(&query.cooperative), chosen(&query.category));
    let dates = StatusDates::new(today);
    if expression.is_none()
        && filters.is_empty()
        && cooperative.is_none()
        && category.is_none()
        && query.status.is_none()
    {
        return whole_library_facets(conn, &dates);
    }
    // One chip chosen and nothing else: its own facet is the whole library's (a facet
    // leaves its own chip out), and the others count only the contracts under that chip,
    // found through its index instead of a pass over the library.
    if expression.is_none() && filters.is_empty() {
        match (&cooperative, &category, query.status) {
            (Some(chosen), None, None) => {
                return one_chip_facets(conn, &dates, Chip::Cooperative, chosen)
            }
            (None, Some(chosen), None) => {
                return one_chip_facets(conn, &dates, Chip::Category, chosen)
            }
            (None, None, Some(status)) => return status_chip_facets(conn, &dates, status, today),
            (Some(chosen), None, Some(status)) => {
                return chip_and_status_facets(
                    conn,
                    &dates,
                    Chip::Cooperative,
                    chosen,
                    status,
                    today,
                )
            }
            (None, Some(chosen), Some(status)) => {
                return chip_and_status_facets(conn, &dates, Chip::Category, chosen, status, today)
            }
            (Some(cooperative), Some(category), status) => {
                return two_chips_facets(conn, &dates, cooperative, category, status)
            }
            _ => {}
        }
    }

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
        let status_passes = query.status.is_none_or(|status| holds(status, group));
        let cooperative_passes = cooperative.as_ref().is_none_or(|c| c == row_cooperative);
        let category_passes = category.as_ref().is_none_or(|c| c == row_category);
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
/// [`EXTENDABLE_BY_LOOKUP_SQL`]), read from the index led by the expiry date alone
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
/// by [`EXTENDABLE_BY_LOOKUP_SQL`]) of the index led by the expiry date (migration 0010:
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
        format!(
            "{NOT_IN_TRASH} AND c.expiry_date < :today AND {extendable}({})",
            EXTENDABLE_BY_LOOKUP_SQL.as_str()
        )
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

/// The whole library's status chips, from the counts the triggers of migration 0008 keep.
fn library_statuses(conn: &Connection, dates: &StatusDates) -> Result<StatusCounts> {
    // The same status rule as over `contracts c`, over rows that stand for `n` contracts
    // (a missing date is stored as '').
    let sql = format!(
        "SELECT {}, c.n
         FROM (SELECT nullif(expiry_date, '') AS expiry_date,
                      nullif(final_expiry_date, '') AS final_expiry_date,
                      renewal_options, n
               FROM contract_facet_expiries) c",
        LIBRARY_STATUS_GROUP_SQL.as_str()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(dates.params().as_slice())?;
    let mut statuses = StatusCounts::default();
    while let Some(row) = rows.next()? {
        statuses.add(row.get(0)?, row.get(1)?);
    }
    Ok(statuses)
}

/// The day's boundaries the status groups are cut at.
struct StatusDates {
    today: String,
    d30: String,
    d60: String,
    d90: String,
}

impl StatusDates {
    fn new(today: NaiveDate) -> StatusDates {
        StatusDates {
            today: today.to_string(),
            d30: plus_days(today, 30),
            d60: plus_days(today, 60),
            d90: plus_days(today, EXPIRING_WITHIN_DAYS as u64),
        }
    }

    fn params(&self) -> Vec<(&str, &dyn ToSql)> {
        vec![
            (":today", &self.today),
            (":d30", &self.d30),
            (":d60", &self.d60),
            (":d90", &self.d90),
        ]
    }
}

/// A contract's status group over `c`, for counting the status chips, with the same
/// comparisons as the chips' filters ([`Filters`]): 0 active (after `:d90`), 1 expiring
/// within 30 days, 2 within 31–60, 3 within 61–90, 4 expired, 5 expired but may be
/// extended, 6 no expiry. Each contract is in exactly one group; the expiring chips nest
/// ([`holds`]).
static STATUS_GROUP_SQL: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| status_group_sql(MAY_BE_EXTENDED_SQL));

/// [`STATUS_GROUP_SQL`] with [`EXTENDABLE_BY_LOOKUP_SQL`], for the rows of the counts of
/// migration 0008 (one per expiry, final expiry and renewal options): a library whose
/// contracts record renewal terms has thousands of them, and judging each row's text
/// took most of the time of reading the whole library's status chips.
static LIBRARY_STATUS_GROUP_SQL: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| status_group_sql(&format!("({})", *EXTENDABLE_BY_LOOKUP_SQL)));

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

/// [`MAY_BE_EXTENDED_SQL`] for a pass over many expired contracts, with the same result:
/// with a final expiry recorded, the rule is that date compared with `:today`; without
/// one, it depends on the renewal options alone, so it is judged once per distinct text
/// (those of the library's contracts without a final expiry, from the counts of
/// migration 0008) and each contract's text is looked up. Judging the text contract by
/// contract (trimming, lower-casing, six LIKEs) was most of the time of counting the
/// expired chips: 45 ms of a pass over the 45,000 expired contracts of the bench.
/// `MATERIALIZED`: otherwise SQLite pushes the rule down into the `DISTINCT`, and judges
/// every row of the counts (7 ms) instead of every distinct text.
static EXTENDABLE_BY_LOOKUP_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "CASE WHEN c.final_expiry_date IS NULL
              THEN c.renewal_options IN (
                  WITH texts AS MATERIALIZED (
                      SELECT DISTINCT renewal_options, NULL AS final_expiry_date
                      FROM contract_facet_expiries WHERE final_expiry_date = '')
                  SELECT c.renewal_options FROM texts c WHERE {MAY_BE_EXTENDED_SQL})
              ELSE c.final_expiry_date >= :today END"
    )
});

/// Whether the chip `status` shows the contracts of status group `group`.
fn holds(status: StatusFilter, group: i64) -> bool {
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

/// The typed text as an FTS5 query that cannot fail to parse, or `None` when it holds
/// no word to search for. See the module docs.
pub fn fts_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = typed_words(text)
        .iter()
        .map(|word| {
            let term = |form: &String| {
                let quoted = format!("\"{}\"", form.replace('"', "\"\""));
                if word.prefix {
                    quoted + "*"
                } else {
                    quoted
                }
            };
            match word.forms.as_slice() {
                [form] => term(form),
                forms => format!(
                    "({})",
                    forms.iter().map(term).collect::<Vec<_>>().join(" OR ")
                ),
            }
        })
        .collect();
    // Explicit AND: FTS5 joins only plain phrases implicitly, not parenthesised groups.
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// A word of the typed text as it is searched: as typed, and without its joining marks
/// when it has any; a prefix when it ends in `*` or is the last word still being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TypedWord {
    forms: Vec<String>,
    prefix: bool,
}

/// The words of the typed text that hold a letter or digit.
fn typed_words(text: &str) -> Vec<TypedWord> {
    // FTS5 reads a query string only up to a NUL; control characters separate words.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let still_typing = !text.ends_with(char::is_whitespace);
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .enumerate()
        .filter_map(|(index, word)| {
            let prefix = word.ends_with('*') || (still_typing && index + 1 == words.len());
            let word = word.trim_end_matches('*');
            if !word.chars().any(char::is_alphanumeric) {
                return None;
            }
            // "O'Brien" typed is the phrase "o brien"; the index also holds "obrien"
            // (migration 0006), which matches a text written without the mark.
            let joined: String = word.chars().filter(|c| !JOINERS.contains(c)).collect();
            let forms = if joined.len() < word.len() && joined.chars().any(char::is_alphanumeric) {
                vec![word.to_owned(), joined]
            } else {
                vec![word.to_owned()]
            };
            Some(TypedWord { forms, prefix })
        })
        .collect()
}

/// What to mark in the shown fields for `text`.
fn marks_for(text: &str) -> Marks {
    let words = typed_words(text);
    Marks::new(
        words
            .iter()
            .flat_map(|word| word.forms.iter().map(|form| (form.as_str(), word.prefix))),
    )
}

/// Marks that join the parts of a name ("O'Brien", "Macy’s", "AT&T", "E-Rate", "U.S."):
/// the tokenizer splits words at them, and migration 0006 indexes each text also with
/// them deleted, so a name typed without them is found. Keep the two lists equal.
pub const JOINERS: &[char] = &[
    '\'', '\u{2019}', '\u{2018}', '\u{02BC}', '`', '\u{00B4}', '&', '.', '\u{2010}', '\u{2011}',
    '-',
];

/// How many letters or digits the text has when it is a single word still being typed
/// (a prefix); `None` otherwise.
fn lone_prefix_letters(text: &str) -> Option<usize> {
    let mut words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric));
    match (words.next(), words.next()) {
        (Some(word), None) => {
            let prefix = word.ends_with('*') || !text.ends_with(char::is_whitespace);
            prefix.then(|| word.chars().filter(|c| c.is_alphanumeric()).count())
        }
        _ => None,
    }
}

/// A contract number reduced the way migration 0002's `contract_number_key_source` view
/// reduces stored numbers: without spaces, `-`, `#`, `.`, `/`, `_`, `:`, ASCII lower case.
pub fn number_key(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '#' | '.' | '/' | '_' | ':'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Contracts of an approved cooperative before the others, as the first ORDER BY term.
const APPROVED_FIRST: &str =
    "c.cooperative COLLATE NOCASE IN (SELECT name FROM approved_cooperatives) DESC, ";

/// Whether the settings keep a list of approved cooperatives.
fn has_approved_cooperatives(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM approved_cooperatives)")?
        .query_row([], |row| row.get(0))?)
}

/// The contract a person means by `text`: its id, or its number or a recorded variant of
/// it however punctuated ("091521 NAF" is 091521-NAF). `None` when no contract is meant.
pub fn contract_by_number(db: &Database, text: &str) -> Result<Option<Contract>> {
    let wanted = number_key(text);
    Ok(contract::all(db)?.into_iter().find(|c| {
        c.id.is_some_and(|id| id.to_string() == text.trim())
            || std::iter::once(&c.contract_number)
                .chain(&c.number_variants)
                .any(|n| number_key(n) == wanted)
    }))
}

/// Contracts whose number or a recorded variant is exactly the typed text.
fn exact_number_hits(
    conn: &Connection,
    text: &str,
    filters: &Filters,
    approved_first: bool,
) -> Result<Vec<SearchHit>> {
    let key = number_key(text);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {}, c.number_variants
         FROM contract_number_keys k JOIN contracts c ON c.id = k.contract_id
         WHERE k.key = :key {}
         ORDER BY {}c.id",
        summary::COLUMNS,
        filters.sql,
        if approved_first { APPROVED_FIRST } else { "" }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(filters.params_with(&[(":key", &key)]).as_slice(), |row| {
        let summary = summary::from_row(row, filters.today)?;
        let variants: String = row.get(summary::COLUMN_COUNT)?;
        Ok((summary, variants))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (summary, variants) = row?;
        let mut highlights = Highlights::default();
        if number_key(&summary.contract_number) == key {
            highlights.contract_number = vec![Fragment {
                text: summary.contract_number.clone(),
                matched: true,
            }];
        } else {
            let variants: Vec<String> = serde_json::from_str(&variants).unwrap_or_default();
            if let Some(variant) = variants.into_iter().find(|v| number_key(v) == key) {
                highlights.elsewhere = vec![Fragment {
                    text: variant,
                    matched: true,
                }];
            }
        }
        hits.push(SearchHit {
            summary,
            highlights,
            exact_number: true,
        });
    }
    Ok(hits)
}

/// Text matches in a column order: every match (full text, or the exact number) is
/// ordered and paged in SQL, and only the page's rows are then highlighted.
fn sorted_matches(
    conn: &Connection,
    query: &Query,
    expression: &str,
    filters: &Filters,
    sort: Sort,
    limit: usize,
    offset: usize,
) -> Result<SearchResults> {
    let exact = exact_number_hits(conn, &query.text, filters, false)?;
    let key = number_key(&query.text);
    let matching = format!(
        "FROM contracts c
         WHERE (c.id IN (SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH :match)
                OR c.id IN (SELECT contract_id FROM contract_number_keys WHERE key = :key))
               {}",
        filters.sql
    );
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {matching}"))?
        .query_row(
            filters
                .params_with(&[(":match", &expression), (":key", &key)])
                .as_slice(),
            |row| row.get(0),
        )?;
    let (limit, offset) = (limit as i64, offset as i64);
    let page: Vec<i64> = conn
        .prepare_cached(&format!(
            "SELECT c.id {matching} ORDER BY {} LIMIT :limit OFFSET :offset",
            sort.order_by()
        ))?
        .query_map(
            filters
                .params_with(&[
                    (":match", &expression),
                    (":key", &key),
                    (":limit", &limit),
                    (":offset", &offset),
                ])
                .as_slice(),
            |row| row.get(0),
        )?
        .collect::<Result<_, _>>()?;

    // The page's full-text rows with their highlights; an exact number hit that the
    // full text does not match keeps its own.
    let ids = serde_json::to_string(&page).unwrap_or_else(|_| "[]".to_owned());
    let marks = marks_for(&query.text);
    let mark_cooperative = lone_prefix_letters(&query.text).is_none_or(|letters| letters >= 3);
    let mut ranked: Vec<SearchHit> = conn
        .prepare_cached(&format!(
            "SELECT {}
             FROM contracts_fts f JOIN contracts c ON c.id = f.rowid
             WHERE contracts_fts MATCH :match
               AND f.rowid IN (SELECT value FROM json_each(:ids))",
            summary::COLUMNS
        ))?
        .query_map(
            &[(":match", &expression as &dyn ToSql), (":ids", &ids)][..],
            |row| ranked_hit(row, filters.today, &marks, mark_cooperative),
        )?
        .collect::<Result<_, _>>()?;
    add_excerpts(conn, expression, &mut ranked)?;
    let mut hits = Vec::with_capacity(page.len());
    for id in page {
        let exact_hit = exact.iter().find(|hit| hit.summary.id == id);
        let ranked_hit = ranked
            .iter()
            .position(|hit| hit.summary.id == id)
            .map(|at| ranked.swap_remove(at));
        match (exact_hit, ranked_hit) {
            (Some(exact), _) => hits.push(exact.clone()),
            (None, Some(hit)) => hits.push(hit),
            (None, None) => {}
        }
    }
    Ok(SearchResults { total, hits })
}

/// Filter-only listing, in the Library table's order or the chosen column's.
fn browse(
    conn: &Connection,
    filters: &Filters,
    sort: Option<Sort>,
    limit: usize,
    offset: usize,
) -> Result<SearchResults> {
    let today_text = filters.today.to_string();
    let mut extra: Vec<(&str, &dyn ToSql)> = Vec::new();
    if filters.status.is_none() && sort.is_none() {
        extra.push((":today", &today_text));
    }
    // With a cooperative or category chip the count reads that chip's covering index
    // (migration 0009) alone. SQLite's own choice, the (cooperative, expiry_date) index,
    // opens every matching contract's row (its long texts) to test `deleted_at`: 6.6 ms
    // for the 12,000 Sourcewell contracts still in force at 100,000, against 0.6 ms.
    let counted_through = match (filters.has(":cooperative"), filters.has(":category")) {
        (true, _) => "INDEXED BY contracts_facet_by_cooperative",
        (false, true) => "INDEXED BY contracts_facet_by_category",
        (false, false) => "",
    };
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM contracts c {counted_through} WHERE 1 {}",
            filters.sql
        ))?
        .query_row(filters.params_with(&[]).as_slice(), |row| row.get(0))?;
    let (limit, offset) = (limit as i64, offset as i64);
    extra.push((":limit", &limit));
    extra.push((":offset", &offset));
    let chosen = sort.map(Sort::order_by);
    let sql = format!(
        "SELECT {}
         FROM contracts c WHERE 1 {}
         ORDER BY {}
         LIMIT :limit OFFSET :offset",
        summary::COLUMNS,
        filters.sql,
        // With a status chip every row is in one group of the table order, so the
        // order is a plain one an index on (cooperative, expiry_date) can deliver
        // without sorting the whole library.
        match (&chosen, filters.status) {
            (Some(order), _) => order.as_str(),
            (None, Some(StatusFilter::Expired | StatusFilter::ExpiredMayBeExtended)) => {
                "c.expiry_date DESC, c.id"
            }
            (None, Some(StatusFilter::Unknown)) => "c.id",
            (None, Some(_)) => "c.expiry_date, c.id",
            (None, None) => {
                "CASE WHEN c.expiry_date >= :today THEN 0
                      WHEN c.expiry_date IS NULL THEN 1 ELSE 2 END,
                 CASE WHEN c.expiry_date >= :today THEN c.expiry_date END,
                 c.expiry_date DESC, c.id"
            }
        }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let hits = stmt
        .query_map(filters.params_with(&extra).as_slice(), |row| {
            Ok(SearchHit {
                summary: summary::from_row(row, filters.today)?,
                highlights: Highlights::default(),
                exact_number: false,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SearchResults { total, hits })
}

/// A full-text match with its shown fields marked (see [`Marks`]); its excerpt, when
/// none of them is, comes from [`add_excerpts`].
fn ranked_hit(
    row: &Row<'_>,
    today: NaiveDate,
    marks: &Marks,
    mark_cooperative: bool,
) -> rusqlite::Result<SearchHit> {
    let summary = summary::from_row(row, today)?;
    let marked = |field: &str| -> Vec<Fragment> {
        marks
            .pieces(field)
            .into_iter()
            .map(|(text, matched)| Fragment {
                text: text.to_owned(),
                matched,
            })
            .collect()
    };
    let highlights = Highlights {
        contract_number: marked(&summary.contract_number),
        title: marked(&summary.title),
        vendor_name: marked(&summary.vendor_name),
        cooperative: if mark_cooperative {
            marked(&summary.cooperative)
        } else {
            Vec::new()
        },
        elsewhere: Vec::new(),
    };
    Ok(SearchHit {
        summary,
        highlights,
        exact_number: false,
    })
}

/// Gives each hit with nothing marked in its shown fields FTS5's excerpt around the
/// match (another spelling of the vendor, a number variant, the description, notes…).
/// Only these rows have their whole search text read back (through the view).
///
/// They are read in one pass over the matches between the lowest and the highest of
/// them, not looked up one by one: each lookup (`rowid = ?`, or `rowid IN (…)`, which
/// SQLite turns into lookups) sets the whole FTS5 expression up again, ~2.8 million
/// instructions for three words, four times the excerpt itself.
fn add_excerpts(conn: &Connection, expression: &str, hits: &mut [SearchHit]) -> Result<()> {
    let nothing_shown = |hit: &SearchHit| {
        let shown = &hit.highlights;
        shown.contract_number.is_empty()
            && shown.title.is_empty()
            && shown.vendor_name.is_empty()
            && shown.cooperative.is_empty()
    };
    let wanted: Vec<i64> = hits
        .iter()
        .filter(|hit| nothing_shown(hit))
        .map(|hit| hit.summary.id)
        .collect();
    let (Some(&low), Some(&high)) = (wanted.iter().min(), wanted.iter().max()) else {
        return Ok(());
    };
    let ids = serde_json::to_string(&wanted).unwrap_or_else(|_| "[]".to_owned());
    let (open, close) = (OPEN.to_string(), CLOSE.to_string());
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, snippet(contracts_fts, -1, :open, :close, '…', 12)
         FROM contracts_fts
         WHERE contracts_fts MATCH :match AND rowid BETWEEN :low AND :high
               AND rowid + 0 IN (SELECT value FROM json_each(:ids))",
    )?;
    let excerpts: HashMap<i64, String> = stmt
        .query_map(
            rusqlite::named_params! {
                ":open": open, ":close": close, ":match": expression,
                ":low": low, ":high": high, ":ids": ids,
            },
            |row| {
                Ok((
                    row.get(0)?,
                    row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            },
        )?
        .collect::<Result<_, _>>()?;
    for hit in hits.iter_mut().filter(|hit| nothing_shown(hit)) {
        if let Some(excerpt) = excerpts.get(&hit.summary.id) {
            // The column texts join a field's forms with newlines; show them as one line.
            hit.highlights.elsewhere = fragments(&excerpt.replace('\n', " · "));
        }
    }
    Ok(())
}

/// Splits FTS5-marked text into fragments. Empty when nothing in it matched.
fn fragments(marked: &str) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut current = String::new();
    let mut matched = false;
    let mut any_match = false;
    let mut flush = |text: &mut String, matched: bool, out: &mut Vec<Fragment>| {
        if !text.is_empty() {
            any_match |= matched;
            out.push(Fragment {
                text: std::mem::take(text),
                matched,
            });
        }
    };
    for c in marked.chars() {
        match c {
            OPEN | CLOSE => {
                flush(&mut current, matched, &mut out);
                matched = c == OPEN;
            }
            c => current.push(c),
        }
    }
    flush(&mut current, matched, &mut out);
    if any_match {
        out
    } else {
        Vec::new()
    }
}

fn plus_days(day: NaiveDate, days: u64) -> String {
    day.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
        .to_string()
}

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

/// Whether the filter chips (cooperative, category, status) are applied: [`facets`]
/// counts every chip in one pass, so it applies only the other filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chips {
    Applied,
    LeftOut,
}

/// The clause every query over `contracts c` has: contracts in the trash are not found.
const NOT_IN_TRASH: &str = " AND c.deleted_at IS NULL";

/// The filters of a query as SQL (`AND …` clauses over `contracts c`) and their named
/// parameters. Values are always bound, never spliced into the SQL.
struct Filters {
    sql: String,
    /// The status chip applied, if any.
    status: Option<StatusFilter>,
    params: Vec<(&'static str, String)>,
    today: NaiveDate,
}

impl Filters {
    fn new(query: &Query, today: NaiveDate, chips: Chips) -> Filters {
        let mut sql = String::from(NOT_IN_TRASH);
        let mut params: Vec<(&'static str, String)> = Vec::new();
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        if let (Some(value), false) = (given(&query.cooperative), chips == Chips::LeftOut) {
            sql.push_str(" AND c.cooperative = :cooperative");
            params.push((":cooperative", value));
        }
        if let (Some(value), false) = (given(&query.category), chips == Chips::LeftOut) {
            sql.push_str(" AND c.category = :category");
            params.push((":category", value));
        }
        if let Some(value) = given(&query.state) {
            sql.push_str(
                " AND (c.eligible_states = '[]' OR EXISTS (SELECT 1 FROM json_each(c.eligible_states)
                       WHERE upper(json_each.value) = upper(:state)))",
            );
            params.push((":state", value));
        }
        if let Some(value) = given(&query.entity_type) {
            sql.push_str(
                " AND (c.entity_types = '[]' OR EXISTS (SELECT 1 FROM json_each(c.entity_types)
                       WHERE lower(json_each.value) = lower(:entity_type)))",
            );
            params.push((":entity_type", value));
        }
        if let (Some(status), false) = (query.status, chips == Chips::LeftOut) {
            let within = |days: u64, params: &mut Vec<(&'static str, String)>| {
                params.push((":today", today.to_string()));
                params.push((":until", plus_days(today, days)));
                " AND c.expiry_date BETWEEN :today AND :until"
            };
            let clause = match status {
                StatusFilter::Active => {
                    params.push((":until", plus_days(today, EXPIRING_WITHIN_DAYS as u64)));
                    " AND c.expiry_date > :until"
                }
                StatusFilter::ExpiringWithin30 => within(30, &mut params),
                StatusFilter::ExpiringWithin60 => within(60, &mut params),
                StatusFilter::ExpiringWithin90 => within(EXPIRING_WITHIN_DAYS as u64, &mut params),
                StatusFilter::Expired => {
                    params.push((":today", today.to_string()));
                    EXPIRED_SQL.as_str()
                }
                StatusFilter::ExpiredMayBeExtended => {
                    params.push((":today", today.to_string()));
                    EXPIRED_MAY_BE_EXTENDED_SQL.as_str()
                }
                StatusFilter::Unknown => " AND c.expiry_date IS NULL",
            };
            sql.push_str(clause);
        }
        if query.approved_only {
            sql.push_str(
                " AND c.cooperative COLLATE NOCASE IN (SELECT name FROM approved_cooperatives)",
            );
        }
        let status = query.status.filter(|_| chips == Chips::Applied);
        Filters {
            sql,
            status,
            params,
            today,
        }
    }

    /// Only the always-on "not in the trash" clause (so a filter added later counts
    /// whether or not it binds a parameter).
    fn is_empty(&self) -> bool {
        self.sql == NOT_IN_TRASH
    }

    /// Whether the filter binds the parameter `name` (a chip chosen).
    fn has(&self, name: &str) -> bool {
        self.params.iter().any(|(param, _)| *param == name)
    }

    /// The filter parameters followed by the statement's own.
    fn params_with<'a>(
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

/// Exposes the status a hit would show, for callers that group results.
pub fn status_of(hit: &SearchHit) -> Status {
    hit.summary.status
}
