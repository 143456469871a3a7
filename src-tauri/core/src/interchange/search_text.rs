//! The search index and number keys of a bulk import, built once for every new contract.
//!
//! Row by row, a trigger indexes each contract through the `contract_search_text` view:
//! each of the eight columns of `contract_search_fields` followed, when it holds a
//! joining mark, by its joined form (the text without those marks, so "obrien" finds
//! "O'Brien"; migrations 0006 and 0012). SQL builds the joined form with eleven nested
//! `replace()` calls and tests for the marks one by one, each a pass over the text and a
//! copy of it; for a bulk import that cost more than indexing the words. Here the
//! fields are read from `contract_search_fields` and the joined form is made in one pass
//! in Rust, by the view's rule: [`with_joined_form`] must give the view's text for every
//! text (a test compares the two), or a search would find what the view does not hold.
//! The number keys likewise: [`key_numbers_after`] keys each number and variant by the
//! rule of migration 0002's view, without a `json_each` per contract (a test compares).

use rusqlite::Connection;

use crate::Result;

/// The marks the view deletes from a column to make its joined form, as in 0012.
const JOINING_MARKS: &[char] = &[
    '\'', '\u{2019}', '\u{2018}', '\u{02BC}', '`', '\u{00B4}', '&', '\u{2010}', '\u{2011}', '-',
];

/// `text`, then on a new line the text without its joining marks and periods, when it
/// has a joining mark or a period between two ASCII letters or digits ("U.S.", not
/// "Inc."): what `contract_search_text` makes of one column of `contract_search_fields`.
pub(crate) fn with_joined_form(text: &str) -> String {
    let bytes = text.as_bytes();
    let joined_by_period = bytes
        .windows(3)
        .any(|w| w[1] == b'.' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric());
    if !joined_by_period && !text.contains(JOINING_MARKS) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() * 2 + 1);
    out.push_str(text);
    out.push('\n');
    out.extend(
        text.chars()
            .filter(|&c| c != '.' && !JOINING_MARKS.contains(&c)),
    );
    out
}

/// Adds every contract with an id above `last_id` to the search index, with the text
/// the view gives it. Inside the import's transaction, so FTS5 keeps the new terms in
/// memory and writes them once.
pub(crate) fn index_contracts_after(conn: &Connection, last_id: i64) -> Result<()> {
    let mut read = conn.prepare(
        "SELECT id, number, title, vendor, cooperative, category, description, keywords,
                notes
         FROM contract_search_fields WHERE id > ?1",
    )?;
    let mut write = conn.prepare(
        "INSERT INTO contracts_fts (rowid, number, title, vendor, cooperative, category,
                                    description, keywords, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut rows = read.query([last_id])?;
    while let Some(row) = rows.next()? {
        write.raw_bind_parameter(1, row.get::<_, i64>(0)?)?;
        for column in 1..=8 {
            // The fields are never NULL (`concat_ws` skips NULLs); the view's
            // `concat_ws` would make a NULL field an empty text.
            let field: Option<String> = row.get(column)?;
            write.raw_bind_parameter(column + 1, with_joined_form(&field.unwrap_or_default()))?;
        }
        write.raw_execute()?;
    }
    Ok(())
}

/// A number as migration 0002's `contract_number_key_source` view keys it: without
/// spaces, `-`, `#`, `.`, `/`, `_` and `:`, in ASCII lower case (SQLite's `lower()`),
/// nothing trimmed.
fn stored_number_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '#' | '.' | '/' | '_' | ':'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Adds the number keys of every contract with an id above `last_id`: what the
/// `contract_number_keys_after_insert` trigger adds for each, through the view (the
/// number and each recorded variant, keyed; empty keys left out), with the variants
/// read in Rust rather than by `json_each`, and the keys written in key order.
pub(crate) fn key_numbers_after(conn: &Connection, last_id: i64) -> Result<()> {
    let mut keys: Vec<(String, i64)> = Vec::new();
    let mut read = conn.prepare(
        "SELECT id, contract_number, number_variants FROM contracts
         WHERE id > ?1 AND deleted_at IS NULL",
    )?;
    let mut rows = read.query([last_id])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let variants: String = row.get(2)?;
        let variants: Vec<String> = serde_json::from_str(&variants).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
        })?;
        let number: String = row.get(1)?;
        keys.extend(
            std::iter::once(number.as_str())
                .chain(variants.iter().map(String::as_str))
                .map(stored_number_key)
                .filter(|key| !key.is_empty())
                .map(|key| (key, id)),
        );
    }
    keys.sort_unstable();
    keys.dedup();
    let mut write = conn
        .prepare("INSERT OR IGNORE INTO contract_number_keys (key, contract_id) VALUES (?1, ?2)")?;
    for (key, id) in keys {
        write.execute(rusqlite::params![key, id])?;
    }
    Ok(())
}

/// Texts with every joining mark and kind of period, each alone, doubled, at an end,
/// between letters and digits: what the joined form must get right. Shared by the test
/// here and the migration test that compares 0012's view with 0006's.
#[cfg(test)]
pub(crate) const JOINING_MARK_TEXTS: &[&str] = &[
    "",
    "Plain words",
    "O'Brien",
    "O’Brien",
    "O‘Brien",
    "Oʼbrien",
    "O`Brien",
    "O´Brien",
    "AT&T",
    "E-Rate",
    "E‐Rate",
    "E‑Rate",
    "U.S. Communities",
    "Acme Inc.",
    "v1.2",
    ".5 percent",
    "Peñasco parks",
    "a.b-c’d&e",
    "x..y",
    "end.",
    "1.",
    "..",
    "-",
    "’",
    "&&",
    "a.b",
    "é.b",
    "a.é",
    "quote \" inside",
    "new\nline",
    "a\u{2019}.b",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_keys_are_the_views_for_every_kind_of_number() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrations::migrate_to(&mut conn, crate::db::SCHEMA_VERSION).unwrap();
        let numbers = [
            "091521-NAF",
            " RFP #091521 ",
            "\tTab\u{a0}Nbsp",
            "A.B/C_D:E",
            "ÉCOLE-ß",
            "-#./_:",
            "Quote \"in\" \\ it",
            "Ǆ Ω 12",
        ];
        for (n, number) in numbers.iter().enumerate() {
            let variants: Vec<&str> = numbers.iter().copied().skip(n).take(3).collect();
            conn.execute(
                "INSERT INTO contracts (cooperative, contract_number, number_variants, title,
                                        vendor_name, created_at, updated_at)
                 VALUES ('C', ?1, ?2, 'T', 'V', '2026-01-01', '2026-01-01')",
                [*number, &serde_json::to_string(&variants).unwrap()],
            )
            .unwrap();
        }
        let stored = |conn: &Connection| -> Vec<(String, i64)> {
            let mut stmt = conn
                .prepare("SELECT key, contract_id FROM contract_number_keys ORDER BY 1, 2")
                .unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            rows.map(Result::unwrap).collect()
        };
        let by_trigger = stored(&conn);
        assert!(by_trigger.iter().any(|(key, _)| key == "rfp091521"));
        conn.execute("DELETE FROM contract_number_keys", [])
            .unwrap();
        key_numbers_after(&conn, 0).unwrap();
        assert_eq!(
            stored(&conn),
            by_trigger,
            "a number typed would find other contracts after a bulk import than after a save"
        );
    }

    #[test]
    fn the_joined_form_is_the_views_for_every_joining_mark_and_period() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrations::migrate_to(&mut conn, crate::db::SCHEMA_VERSION).unwrap();
        let texts = JOINING_MARK_TEXTS;
        for text in texts {
            conn.execute(
                "INSERT INTO contracts (cooperative, contract_number, title, vendor_name,
                                        created_at, updated_at)
                 VALUES ('C', ?1, ?1, 'V', '2026-01-01', '2026-01-01')",
                [text],
            )
            .unwrap();
            let (title, number): (String, String) = conn
                .query_row(
                    "SELECT title, number FROM contract_search_text
                     WHERE id = last_insert_rowid()",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                with_joined_form(text),
                title,
                "{text:?}: a bulk import would index other words than a single save"
            );
            assert_eq!(with_joined_form(text), number, "{text:?} as a number");
        }
    }
}
