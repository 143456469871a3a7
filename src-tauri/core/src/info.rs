//! What the CLI's `info` and the app's status bar tell about the open library.

use serde::Serialize;
use ts_rs::TS;

use crate::db::{schema_version, Database, SCHEMA_VERSION};
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

/// Describes the open library. Asked before the Library's first rows and by the status
/// bar, so it reads no contract it does not need: the count comes from the counts kept
/// for the filter chips (migration 0008), and the contracts tagged `sample` are found
/// through the search index (tags are indexed with the keywords), then checked one by
/// one — reading every contract's tags slowed the window's start on a large library
/// (docs/benchmarks-window.md, `cargo bench -p coopdesk-e2e --bench window`).
pub fn library_info(db: &Database) -> Result<LibraryInfo> {
    let conn = db.conn();
    let sample_contracts = conn.query_row(
        "SELECT count(*) FROM contracts c
         WHERE c.id IN (SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH 'keywords : sample')
           AND c.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = 'sample')",
        [],
        |row| row.get(0),
    )?;
    let contracts = conn.query_row(
        "SELECT coalesce(sum(n), 0) FROM contract_facet_cooperatives",
        [],
        |row| row.get(0),
    )?;
    Ok(LibraryInfo {
        database_path: db.path().map(|p| p.display().to_string()),
        schema_version: schema_version(conn)?,
        supported_schema_version: SCHEMA_VERSION,
        contracts,
        sample_contracts,
        sample_note: (sample_contracts > 0)
            .then(|| sample_library().map(|sample| sample.note))
            .transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::library::contract::{self, Contract};
    use crate::opening::{self, OpenOptions};

    fn contract(number: &str, tags: &[&str], description: &str) -> Contract {
        Contract {
            cooperative: "Sourcewell".into(),
            contract_number: number.into(),
            title: "Office supplies".into(),
            vendor_name: "Staples".into(),
            description: description.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Contract::default()
        }
    }

    #[test]
    fn the_counts_are_the_contracts_in_the_library_and_those_tagged_sample() {
        let folder = tempfile::tempdir().unwrap();
        let now = NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let options = OpenOptions {
            now,
            seed_sample: true,
        };
        let (db, _) = opening::open(folder.path(), options).unwrap();
        let before = library_info(&db).unwrap();
        assert_eq!((before.contracts, before.sample_contracts), (10, 10));
        assert!(before.sample_note.is_some());

        // The word in a description, a tag that only contains it, or a tagged contract
        // in the trash do not count; the tag exactly does, as the shipped ones do.
        let ids = contract::insert_all(
            &db,
            &[
                contract("A-1", &[], "Sample kits and samples of paper"),
                contract("A-2", &["sample-kit", "samples"], ""),
                contract("A-3", &["sample"], ""),
                contract("A-4", &["Sample"], ""),
            ],
            now,
        )
        .unwrap();
        let trashed = contract::insert_all(&db, &[contract("A-5", &["sample"], "")], now).unwrap();
        contract::delete(&db, trashed[0], now).unwrap();
        let after = library_info(&db).unwrap();
        assert_eq!(after.contracts, 14, "{ids:?}");
        assert_eq!(after.sample_contracts, 11);
    }
}
