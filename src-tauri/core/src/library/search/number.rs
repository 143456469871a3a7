//! Contract numbers however they are typed: the key a number is compared by, the
//! contract a person means by a number, and the exact number hits that lead a search.
//!
//! Contracts whose number, or one of its recorded variants, equals the typed text once
//! spaces, `-`, `#`, `.`, `/`, `_` and `:` are dropped and case is ignored
//! (`091521 -NAF` = `091521-NAF`) come first in a search, before the full-text matches
//! — and are found even when the full text does not match them. The stored numbers'
//! keys are kept by migration 0002 (`contract_number_keys`).

use rusqlite::Connection;

use super::filters::{Filters, APPROVED_FIRST};
use super::hits::{Fragment, Highlights, SearchHit};
use crate::db::Database;
use crate::library::contract::{self, Contract};
use crate::library::summary;
use crate::Result;

/// A contract number reduced the way migration 0002's `contract_number_key_source` view
/// reduces stored numbers: without spaces, `-`, `#`, `.`, `/`, `_`, `:`, ASCII lower case.
pub fn number_key(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '#' | '.' | '/' | '_' | ':'))
        .collect::<String>()
        .to_ascii_lowercase()
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
pub(super) fn exact_number_hits(
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

/// How many of the `exact` number hits the full-text `expression` does not match: they
/// are found as well, so the total counts them on top of the full-text matches.
pub(super) fn outside_full_text(
    conn: &Connection,
    expression: &str,
    exact: &[SearchHit],
) -> Result<i64> {
    let mut outside = 0;
    for hit in exact {
        let matched: bool = conn
            .prepare_cached(
                "SELECT count(*) > 0 FROM contracts_fts WHERE contracts_fts MATCH ?1 AND rowid = ?2",
            )?
            .query_row(rusqlite::params![expression, hit.summary.id], |row| row.get(0))?;
        if !matched {
            outside += 1;
        }
    }
    Ok(outside)
}
