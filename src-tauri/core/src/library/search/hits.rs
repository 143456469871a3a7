//! What a search returns: a page of hits, each the Library table's row with what
//! matched in it marked.
//!
//! ## Highlights
//!
//! Results carry plain text split into [`Fragment`]s, each marked matched or not; the UI
//! escapes and marks them itself. No HTML is ever produced here. The shown fields are
//! marked in Rust from the row already read, the way FTS5's `highlight()` would mark
//! them (`library::highlight`); a match in none of them is shown as FTS5's `snippet()`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, Row};
use serde::Serialize;
use ts_rs::TS;

use crate::library::highlight::Marks;
use crate::library::summary::{self, ContractSummary};
use crate::Result;

/// Markers FTS5 puts around matches; private-use characters, which contract text does
/// not contain, so they can be split off without ambiguity.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

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

/// A full-text match with its shown fields marked (see [`Marks`]); its excerpt, when
/// none of them is, comes from [`add_excerpts`].
pub(super) fn ranked_hit(
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
/// SQLite turns into lookups) sets the whole FTS5 expression up again, which costs
/// more than the excerpt itself (`cargo bench -p coopdesk-core --bench search`;
/// docs/benchmarks-search.md).
pub(super) fn add_excerpts(
    conn: &Connection,
    expression: &str,
    hits: &mut [SearchHit],
) -> Result<()> {
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
