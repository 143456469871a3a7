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
        contract::insert(&tx, contract, now)?;
    }
    tx.commit()?;
    Ok(sample.contracts.len())
}
