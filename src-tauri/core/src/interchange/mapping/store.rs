//! Column mappings remembered in the library: one row of the `settings` table per set
//! of headers, under `importMapping.<sha256 of the headers>`.

use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use super::{normalised, Mapping};
use crate::db::Database;
use crate::Result;

fn settings_key(headers: &[String]) -> String {
    let mut hasher = Sha256::new();
    for header in headers {
        hasher.update(normalised(header).as_bytes());
        hasher.update([0]);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("importMapping.{hex}")
}

/// The mapping remembered for a file with these headers, if any.
pub fn remembered(db: &Database, headers: &[String]) -> Result<Option<Mapping>> {
    let conn = db.conn();
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [settings_key(headers)],
            |row| row.get(0),
        )
        .optional()?;
    // A remembered mapping that no longer reads (an older shape) is simply forgotten.
    Ok(text
        .and_then(|text| serde_json::from_str::<Mapping>(&text).ok())
        .filter(|m| m.headers() == headers))
}

/// Remembers a mapping for the next file with the same headers.
pub fn remember(db: &Database, mapping: &Mapping) -> Result<()> {
    let conn = db.conn();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![
            settings_key(&mapping.headers()),
            serde_json::to_string(mapping).expect("a mapping always serialises")
        ],
    )?;
    Ok(())
}

/// The remembered mapping for these headers, else the guess.
pub fn for_headers(db: &Database, headers: &[String]) -> Result<Mapping> {
    Ok(remembered(db, headers)?.unwrap_or_else(|| Mapping::guess(headers)))
}
