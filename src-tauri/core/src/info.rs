//! What the CLI's `info` and the app's status bar tell about the open library.

use serde::Serialize;
use ts_rs::TS;

use crate::db::{schema_version, Database, SCHEMA_VERSION};
use crate::library::contract;
use crate::library::sample::sample_library;
use crate::Result;

/// Where the library is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LibraryInfo {
    /// The database file, or `None` for an in-memory library.
    pub database_path: Option<String>,
    pub schema_version: i64,
    /// The newest schema this build understands.
    pub supported_schema_version: i64,
    pub contracts: i64,
    /// Contracts tagged `sample` (shipped with the app, to be verified before use).
    pub sample_contracts: i64,
    /// The note to show while sample contracts are in the library.
    pub sample_note: Option<String>,
}

/// Describes the open library.
pub fn library_info(db: &Database) -> Result<LibraryInfo> {
    let conn = db.conn();
    let sample_contracts = conn.query_row(
        "SELECT count(*) FROM contracts, json_each(contracts.tags)
         WHERE json_each.value = 'sample' AND contracts.deleted_at IS NULL",
        [],
        |row| row.get(0),
    )?;
    Ok(LibraryInfo {
        database_path: db.path().map(|p| p.display().to_string()),
        schema_version: schema_version(conn)?,
        supported_schema_version: SCHEMA_VERSION,
        contracts: contract::count(db)?,
        sample_contracts,
        sample_note: (sample_contracts > 0)
            .then(|| sample_library().map(|sample| sample.note))
            .transpose()?,
    })
}
