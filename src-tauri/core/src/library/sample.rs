//! The sample library: the real contracts from the project's shared data, rewritten into
//! CoopDesk's own format (`assets/sample-library.json`) and compiled into the app, so
//! that a newcomer's first screen shows real contracts instead of an empty table.
//!
//! Every sample contract carries the tag `sample` and a note to verify its facts with the
//! cooperative before buying.

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::contract::{self, Contract};
use crate::db::Database;
use crate::{Error, Result};

const SAMPLE_JSON: &str = include_str!("../../../../assets/sample-library.json");

/// The sample library file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleLibrary {
    /// The visible note shown while sample contracts are in the library.
    pub note: String,
    /// When the facts were transcribed from their sources (ISO date).
    pub transcribed: String,
    pub contracts: Vec<Contract>,
}

/// The sample library compiled into this build.
pub fn sample_library() -> Result<SampleLibrary> {
    serde_json::from_str(SAMPLE_JSON).map_err(|e| Error::Sample(e.to_string()))
}

/// Adds every sample contract in one transaction; returns how many were added.
pub fn load_into(db: &mut Database, now: NaiveDateTime) -> Result<usize> {
    let sample = sample_library()?;
    let tx = db.conn_mut().transaction()?;
    for contract in &sample.contracts {
        contract::insert_in_transaction(&tx, contract, now)?;
    }
    tx.commit()?;
    Ok(sample.contracts.len())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    const SHARED_CSV: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/contracts/cooperative_contracts_sample.csv"
    );

    #[test]
    fn sample_contracts_survive_the_database_byte_for_byte() {
        let sample = sample_library().unwrap();
        let mut db = Database::open_in_memory().unwrap();
        let now = NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        load_into(&mut db, now).unwrap();

        let stored = contract::all(&db).unwrap();
        assert_eq!(stored.len(), sample.contracts.len());
        for (original, back) in sample.contracts.iter().zip(&stored) {
            let mut back = back.clone();
            back.id = None;
            assert_eq!(
                &back, original,
                "contract {} changed on the way",
                original.contract_number
            );
        }
    }

    #[test]
    fn every_sample_contract_is_marked_and_says_to_verify() {
        for c in sample_library().unwrap().contracts {
            assert!(
                c.tags.iter().any(|t| t == "sample"),
                "{} is tagged sample",
                c.contract_number
            );
            assert!(
                c.notes.contains("Verify"),
                "{} tells the clerk to verify",
                c.contract_number
            );
            c.validate().unwrap();
        }
    }

    #[test]
    fn sample_facts_are_the_shared_real_records_verbatim() {
        let Ok(csv) = std::fs::read_to_string(SHARED_CSV) else {
            eprintln!("skipped: {SHARED_CSV} is not beside this checkout");
            return;
        };
        for c in sample_library().unwrap().contracts {
            for fact in [&c.contract_number, &c.vendor_name, &c.cooperative, &c.title] {
                assert!(
                    csv.contains(fact.as_str()),
                    "{fact:?} is not in the shared data"
                );
            }
        }
    }
}
