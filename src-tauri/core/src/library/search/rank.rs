//! The default order of a text search: the exact number hits, then the full-text
//! matches best first, read as far as the page and no further where the order allows.
//!
//! ## Ranking
//!
//! 1. Contracts whose number, or one of its recorded variants, equals the typed text
//!    once spaces, `-`, `#`, `.`, `/`, `_` and `:` are dropped and case is ignored
//!    (`091521 -NAF` = `091521-NAF`) come first (`search/number.rs`).
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
//! A column order chosen by the clerk replaces this one (`search/browse.rs`).
//!
//! The ways of reading the matches ([`best_matches`], [`approved_first_matches`],
//! [`named_fields_first`], [`Page::read`]) give the same order; each is the cheapest for
//! its case (filters or none, a list of approved cooperatives or none). What each costs
//! on a large library is measured by `cargo bench -p coopdesk-core --bench search`
//! (docs/benchmarks-search.md).

use std::collections::{BinaryHeap, HashMap};

use chrono::NaiveDate;
use rusqlite::{CachedStatement, Connection, ToSql};

use super::filters::{has_approved_cooperatives, Filters, APPROVED_FIRST};
use super::hits::{add_excerpts, ranked_hit, SearchHit, SearchResults};
use super::number::{exact_number_hits, outside_full_text};
use super::query::{in_named_fields, lone_prefix_letters, marks_for, Query};
use crate::library::highlight::Marks;
use crate::library::summary;
use crate::Result;

/// A lone three-letter prefix is ranked by relevance (bm25) when it matches at most this
/// many contracts (counted first, under the query's filters), and ordered by
/// [`MatchOrder::NamedFieldsFirst`] when it matches more.
///
/// A clerk typing "GIS", "ERP", "UPS" or "bus" wants the best matches first. But a
/// common word's first three letters ("sof", "ser", "sup") match 10–20 % of a large
/// library, and bm25 must read the positions of every match before the first row comes
/// back, for a word the clerk has not finished typing. Up to this many matches, ranking
/// costs a small part of a common word's whole search, which leaves the p99 room on a
/// busy machine (the cost per match and the timings: docs/benchmarks-search.md,
/// `cargo bench -p coopdesk-core --bench search`). Every match is counted and reachable
/// by paging either way.
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

/// The matches of `expression` (the query's text, in the named fields only for a short
/// prefix) in the default order: the exact number hits lead the first page, the
/// full-text matches follow in the [`MatchOrder`] the typed text calls for.
pub(super) fn best_first(
    conn: &Connection,
    query: &Query,
    expression: &str,
    filters: &Filters,
) -> Result<SearchResults> {
    let (limit, offset) = query.page();
    let prefix_letters = lone_prefix_letters(&query.text);
    let short_prefix = prefix_letters.is_some_and(|letters| letters < 3);
    let approved_first = has_approved_cooperatives(conn)?;
    let exact = exact_number_hits(conn, &query.text, filters, approved_first)?;
    // Ranked without filters, every match's rank is read once in Rust, which counts them
    // too ([`best_matches`]); otherwise they are counted first.
    let count_while_ranking =
        filters.is_empty() && prefix_letters.is_none_or(|letters| letters > 3);
    let counted = if count_while_ranking {
        None
    } else {
        Some(count_matches(conn, expression, filters)?)
    };
    let order = match counted {
        _ if short_prefix => MatchOrder::NewestFirst,
        Some(total) if prefix_letters == Some(3) && total > PREFIX_RANKED_UP_TO => {
            MatchOrder::NamedFieldsFirst
        }
        _ => MatchOrder::Relevance,
    };
    let exact_outside_fts = outside_full_text(conn, expression, &exact)?;

    // Exact number hits lead the first page; the ranked rows follow without them.
    let skip_ranked = offset.saturating_sub(exact.len());
    let wanted_ranked = (offset + limit).saturating_sub(exact.len()) - skip_ranked;
    let page = Page {
        filters,
        approved_first,
        today: filters.today,
        // A short prefix is looked for in the number, title and vendor only, so the
        // cooperative shown is not marked.
        marks: &marks_for(&query.text),
        mark_cooperative: !short_prefix,
        fetch: wanted_ranked + exact.len(),
        offset: skip_ranked,
    };
    let (ranked, fts_total) = ranked_page(conn, expression, &page, order, counted)?;

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

/// How many contracts under `filters` match `expression`.
fn count_matches(conn: &Connection, expression: &str, filters: &Filters) -> Result<i64> {
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
    Ok(stmt.query_row(
        filters.params_with(&[(":match", &expression)]).as_slice(),
        |row| row.get(0),
    )?)
}

/// How many entries of the full-text index match `expression` (without filters).
fn count_in_index(conn: &Connection, expression: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM contracts_fts WHERE contracts_fts MATCH ?1")?
        .query_row([expression], |row| row.get(0))?)
}

/// The page of full-text matches in `order` and how many match in all (`counted`, or
/// counted while reading them), read the cheapest way for the filters and the approved
/// cooperatives.
fn ranked_page(
    conn: &Connection,
    expression: &str,
    page: &Page,
    order: MatchOrder,
    counted: Option<i64>,
) -> Result<(Vec<SearchHit>, i64)> {
    let (unfiltered, approved_first) = (page.filters.is_empty(), page.approved_first);
    Ok(match (order, counted) {
        (MatchOrder::Relevance, _) if unfiltered && !approved_first => {
            best_matches(conn, expression, page)?
        }
        (order, total) if unfiltered && approved_first => {
            approved_first_matches(conn, expression, page, order, total)?
        }
        (MatchOrder::NamedFieldsFirst, Some(total)) if unfiltered && !approved_first => {
            (named_fields_first(conn, expression, page)?, total)
        }
        (order, total) => (
            page.read(conn, expression, order)?,
            total.unwrap_or_default(),
        ),
    })
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
        let sql = self.select(order);
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
            .query_map(self.filters.params_with(&extra).as_slice(), |row| {
                ranked_hit(row, self.today, self.marks, self.mark_cooperative)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        add_excerpts(conn, expression, &mut hits)?;
        Ok(hits)
    }

    /// The statement that reads the page in `order`.
    fn select(&self, order: MatchOrder) -> String {
        let (filters, approved_first) = (self.filters, self.approved_first);
        let (inner_order, outer_order) = match order {
            MatchOrder::Relevance => ("rank", "f.rank"),
            MatchOrder::NewestFirst => ("rowid DESC", "f.id DESC"),
            MatchOrder::NamedFieldsFirst => ("", ""),
        };
        // Without filters the page is ranked and cut inside FTS5 first, and only its rows
        // are joined to the table; with filters the join must come before the cut.
        let columns = summary::COLUMNS;
        if filters.is_empty() && !approved_first && order != MatchOrder::NamedFieldsFirst {
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
        }
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
/// order) — is several times slower on a large library (docs/benchmarks-search.md).
/// Here the matches' ids come in `order` (newest first straight from FTS5's index, the
/// named fields' part before the rest for [`MatchOrder::NamedFieldsFirst`]; by rank from
/// one pass that reads every rank, sorted here) and their cooperatives are looked up in
/// the covering index `contracts_facet_columns`, [`LOOKUP_BATCH`] to a statement, until
/// the page is full: a page of 50 looks up about 50 ÷ the approved share of the
/// matches. Only a page past the approved ones reads them all. Ties of rank keep the
/// lower id first, as [`best_matches`] does.
fn approved_first_matches(
    conn: &Connection,
    expression: &str,
    page: &Page,
    order: MatchOrder,
    counted: Option<i64>,
) -> Result<(Vec<SearchHit>, i64)> {
    let mut parts = ApprovedFirst::new(conn, page.offset + page.fetch)?;
    let total = match order {
        MatchOrder::Relevance => parts.by_rank(conn, expression)?,
        MatchOrder::NewestFirst | MatchOrder::NamedFieldsFirst => {
            parts.newest_first(conn, expression, order)?;
            match counted {
                Some(total) => total,
                None => count_in_index(conn, expression)?,
            }
        }
    };
    let page_ids = parts.page(page.offset, page.fetch);
    Ok((page.rows(conn, expression, &page_ids)?, total))
}

/// How many matches' cooperatives [`approved_first_matches`] looks up in one statement.
const LOOKUP_BATCH: usize = 64;

/// The matches, in order, sorted into the approved cooperatives' and the others' until
/// the approved part alone fills the page.
struct ApprovedFirst<'conn> {
    /// The list, read once; compared as SQLite's NOCASE compares (ASCII letters folded),
    /// as `APPROVED_FIRST` does.
    names: Vec<String>,
    /// Looks up the cooperatives of a batch of ids.
    cooperatives_of: CachedStatement<'conn>,
    /// Rows up to the page's end.
    wanted: usize,
    approved: Vec<i64>,
    others: Vec<i64>,
}

impl<'conn> ApprovedFirst<'conn> {
    fn new(conn: &'conn Connection, wanted: usize) -> Result<ApprovedFirst<'conn>> {
        let names: Vec<String> = conn
            .prepare_cached("SELECT name FROM approved_cooperatives")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let cooperatives_of = conn.prepare_cached(
            "SELECT c.id, c.cooperative FROM contracts c INDEXED BY contracts_facet_columns
             WHERE c.id IN (SELECT value FROM json_each(?1)) AND c.deleted_at IS NULL",
        )?;
        Ok(ApprovedFirst {
            names,
            cooperatives_of,
            wanted,
            approved: Vec::new(),
            others: Vec::new(),
        })
    }

    /// Sorts a batch of ids, in order, into their parts (one statement looks up the
    /// batch's cooperatives); false once the approved part alone fills the page.
    fn sort(&mut self, batch: &[i64]) -> Result<bool> {
        let ids = serde_json::to_string(batch).unwrap_or_else(|_| "[]".to_owned());
        let mut is_approved = HashMap::with_capacity(batch.len());
        let mut rows = self.cooperatives_of.query([ids])?;
        while let Some(row) = rows.next()? {
            let cooperative = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let yes = self
                .names
                .iter()
                .any(|name| name.eq_ignore_ascii_case(cooperative));
            is_approved.insert(row.get::<_, i64>(0)?, yes);
        }
        for id in batch {
            if is_approved.get(id).copied().unwrap_or(false) {
                self.approved.push(*id);
                if self.approved.len() == self.wanted {
                    return Ok(false);
                }
            } else if self.others.len() < self.wanted {
                self.others.push(*id);
            }
        }
        Ok(true)
    }

    /// Sorts the matches best first by rank, and returns how many there are. Every
    /// match's rank is read in one pass; the best few are sorted first (enough for a
    /// page when one match in eight is approved), the rest only if the page is not full
    /// by then.
    fn by_rank(&mut self, conn: &Connection, expression: &str) -> Result<i64> {
        let mut stmt = conn
            .prepare_cached("SELECT rank, rowid FROM contracts_fts WHERE contracts_fts MATCH ?1")?;
        let mut ranked = stmt
            .query_map([expression], |row| Ok(Ranked(row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<Ranked>>>()?;
        let total = ranked.len() as i64;
        let head = (self.wanted * 8).min(ranked.len());
        if head < ranked.len() {
            ranked.select_nth_unstable(head);
        }
        let (best, rest) = ranked.split_at_mut(head);
        best.sort_unstable();
        if self.sort_ranked(best)? {
            rest.sort_unstable();
            self.sort_ranked(rest)?;
        }
        Ok(total)
    }

    /// Sorts `ranked`, in that order, in batches; false once the page is full.
    fn sort_ranked(&mut self, ranked: &[Ranked]) -> Result<bool> {
        let ids: Vec<i64> = ranked.iter().map(|Ranked(_, id)| *id).collect();
        for batch in ids.chunks(LOOKUP_BATCH) {
            if !self.sort(batch)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Sorts the matches newest first as FTS5 reads its index, no further than needed;
    /// for [`MatchOrder::NamedFieldsFirst`] the matches in the number, title or vendor,
    /// then the rest.
    fn newest_first(
        &mut self,
        conn: &Connection,
        expression: &str,
        order: MatchOrder,
    ) -> Result<()> {
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
        for part in &parts {
            let mut rows = stmt.query([part])?;
            let mut batch = Vec::with_capacity(LOOKUP_BATCH);
            loop {
                let next = rows.next()?;
                if let Some(row) = next {
                    batch.push(row.get(0)?);
                }
                if batch.len() == LOOKUP_BATCH || (next.is_none() && !batch.is_empty()) {
                    if !self.sort(&batch)? {
                        return Ok(());
                    }
                    batch.clear();
                }
                if next.is_none() {
                    break;
                }
            }
        }
        Ok(())
    }

    /// The ids of the page `offset` rows in, `fetch` long: the approved part, then the
    /// others.
    fn page(self, offset: usize, fetch: usize) -> Vec<i64> {
        self.approved
            .into_iter()
            .chain(self.others)
            .skip(offset)
            .take(fetch)
            .collect()
    }
}

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
        count_in_index(conn, &named)? as usize
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
