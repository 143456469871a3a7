//! Results in the Library table's order: without text (browsing with the filters alone),
//! or in the column the clerk clicked.
//!
//! Without text, results are in the Library table's order: in force soonest-expiring
//! first, then unknown expiry, then expired (most recent first).
//!
//! A [`Sort`] replaces both that order and the best-match order of a text search
//! (`search/rank.rs`) with a column's, over every match before paging, so the clerk can
//! page through all of a large result in that order.

use rusqlite::{Connection, ToSql};

use super::filters::Filters;
use super::hits::{add_excerpts, ranked_hit, Highlights, SearchHit, SearchResults};
use super::number::{exact_number_hits, number_key};
use super::query::{lone_prefix_letters, marks_for, Query, Sort, StatusFilter};
use crate::library::summary;
use crate::Result;

/// Filter-only listing, in the Library table's order or the chosen column's.
pub(super) fn browse(conn: &Connection, query: &Query, filters: &Filters) -> Result<SearchResults> {
    let (limit, offset) = query.page();
    let total = count_listed(conn, filters)?;
    let today_text = filters.today.to_string();
    let mut extra: Vec<(&str, &dyn ToSql)> = Vec::new();
    if filters.status.is_none() && query.sort.is_none() {
        extra.push((":today", &today_text));
    }
    let (limit, offset) = (limit as i64, offset as i64);
    extra.push((":limit", &limit));
    extra.push((":offset", &offset));
    let sql = format!(
        "SELECT {}
         FROM contracts c WHERE 1 {}
         ORDER BY {}
         LIMIT :limit OFFSET :offset",
        summary::COLUMNS,
        filters.sql,
        listing_order(query.sort, filters.status)
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

/// How many contracts the filters alone let through.
fn count_listed(conn: &Connection, filters: &Filters) -> Result<i64> {
    // With a cooperative or category chip the count reads that chip's covering index
    // (migration 0009) alone. SQLite's own choice, the (cooperative, expiry_date) index,
    // opens every matching contract's row (its long texts) to test `deleted_at`, many
    // times slower for a large cooperative (docs/benchmarks-search.md).
    let counted_through = match (filters.has(":cooperative"), filters.has(":category")) {
        (true, _) => "INDEXED BY contracts_facet_by_cooperative",
        (false, true) => "INDEXED BY contracts_facet_by_category",
        (false, false) => "",
    };
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM contracts c {counted_through} WHERE 1 {}",
            filters.sql
        ))?
        .query_row(filters.params_with(&[]).as_slice(), |row| row.get(0))?)
}

/// The ORDER BY terms of a listing without text: the chosen column's, or the Library
/// table's (which binds `:today` when no status chip is chosen).
fn listing_order(sort: Option<Sort>, status: Option<StatusFilter>) -> String {
    // With a status chip every row is in one group of the table order, so the
    // order is a plain one an index on (cooperative, expiry_date) can deliver
    // without sorting the whole library.
    let order = match (sort, status) {
        (Some(sort), _) => return sort.order_by(),
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
    };
    order.to_owned()
}

/// Text matches in a column order: every match (full text, or the exact number) is
/// ordered and paged in SQL, and only the page's rows are then highlighted.
pub(super) fn sorted_matches(
    conn: &Connection,
    query: &Query,
    expression: &str,
    filters: &Filters,
    sort: Sort,
) -> Result<SearchResults> {
    let exact = exact_number_hits(conn, &query.text, filters, false)?;
    let (total, page) = sorted_page(conn, query, expression, filters, sort)?;
    // The page's full-text rows with their highlights; an exact number hit that the
    // full text does not match keeps its own.
    let mut ranked = full_text_rows(conn, query, expression, filters, &page)?;
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

/// How many contracts match the text (in the full text or by the exact number) under
/// the filters, and the ids of the page's, in `sort`'s order.
fn sorted_page(
    conn: &Connection,
    query: &Query,
    expression: &str,
    filters: &Filters,
    sort: Sort,
) -> Result<(i64, Vec<i64>)> {
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
    let (limit, offset) = query.page();
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
    Ok((total, page))
}

/// The full-text matches among the contracts `page`, highlighted, in no particular order.
fn full_text_rows(
    conn: &Connection,
    query: &Query,
    expression: &str,
    filters: &Filters,
    page: &[i64],
) -> Result<Vec<SearchHit>> {
    let ids = serde_json::to_string(page).unwrap_or_else(|_| "[]".to_owned());
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
    Ok(ranked)
}
