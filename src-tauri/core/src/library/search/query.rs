//! What a search asks for: the wire types of a query (the text, the filters, the page,
//! a column order) and how the typed text becomes an FTS5 expression.
//!
//! ## How typed text becomes a query
//!
//! Whatever a person types is searched for, never parsed as FTS5 syntax: each
//! whitespace-separated word becomes a quoted FTS5 string (so `O'Brien`, `C++`,
//! `(paving`, `50%`, a stray `"` or a trailing `AND` are words, not operators), and the
//! words must all match. The last word is a prefix while it is being typed (the text
//! does not end in a space), and any word ending in `*` is a prefix. A word with no
//! letter or digit is ignored. So [`search`](super::search) never fails on what a
//! person types.
//!
//! Names are found the way clerks say them: a word typed with a joining mark
//! ([`JOINERS`]: apostrophes, `&`, `-`, `.`) also matches the word without it, and the
//! index holds every text with those marks deleted as well as split at them (migration
//! 0006), so "obrien", "o'brien" and "O’Brien" all find "O'Brien", "macys" finds
//! "Macy's", "att" finds "AT&T" and "erate" finds "E-Rate".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::library::highlight::Marks;
#[cfg(doc)]
use crate::library::status::Status;

/// Rows per page when the query does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most rows one page may hold.
pub const MAX_LIMIT: u32 = 500;

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
    /// Only contracts whose recorded value is at least this many dollars (contracts with
    /// no value recorded are left out while it is set).
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[ts(as = "Option<String>", optional)]
    pub value_at_least: Option<rust_decimal::Decimal>,
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
    pub(super) fn order_by(self) -> String {
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

    /// The page asked for: how many rows ([`DEFAULT_LIMIT`] when not said, at most
    /// [`MAX_LIMIT`]) and how many to skip.
    pub(super) fn page(&self) -> (usize, usize) {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
        (limit, self.offset as usize)
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

/// The typed text as an FTS5 query that cannot fail to parse, or `None` when it holds
/// no word to search for. See the module docs of `search/query.rs`.
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
pub(super) fn marks_for(text: &str) -> Marks {
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
pub(super) fn lone_prefix_letters(text: &str) -> Option<usize> {
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

/// The FTS5 expression restricted to the number, title and vendor columns.
pub(super) fn in_named_fields(expression: &str) -> String {
    format!("{{number title vendor}} : ({expression})")
}
