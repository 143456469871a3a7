//! Documents attached to a contract: the contract itself, the solicitation, the award,
//! price lists… copied into the library folder and checksummed, so the library stays
//! complete when the original file is moved, and a changed file is noticed.
//!
//! This file is the data ([`DocumentKind`], [`Document`]); [`store`] copies the files
//! and keeps their rows (its functions are re-exported here).

use std::path::PathBuf;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

pub mod store;

pub use store::{
    attach, attach_from, file_to_open, list_documents, remove_document, safe_file_name,
    DOCUMENTS_DIR,
};

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DocumentKind {
    Contract,
    Solicitation,
    BidTabulation,
    Award,
    PriceList,
    Amendment,
    Certificate,
    Other,
}

impl DocumentKind {
    /// Every kind, in the order of the picker.
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Contract,
        DocumentKind::Solicitation,
        DocumentKind::BidTabulation,
        DocumentKind::Award,
        DocumentKind::PriceList,
        DocumentKind::Amendment,
        DocumentKind::Certificate,
        DocumentKind::Other,
    ];

    /// The stored and wire key (`bidTabulation`).
    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Contract => "contract",
            DocumentKind::Solicitation => "solicitation",
            DocumentKind::BidTabulation => "bidTabulation",
            DocumentKind::Award => "award",
            DocumentKind::PriceList => "priceList",
            DocumentKind::Amendment => "amendment",
            DocumentKind::Certificate => "certificate",
            DocumentKind::Other => "other",
        }
    }

    /// Parses a key as the UI or CLI sends it.
    pub fn from_key(key: &str) -> Result<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.key() == key)
            .ok_or_else(|| {
                Error::invalid(
                    "Document kind",
                    format!(
                        "'{key}' is not a kind of document; choose contract, solicitation, \
                         bid tabulation, award, price list, amendment, certificate or other."
                    ),
                )
            })
    }
}

/// An attached document, with whether its file still matches what was attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub id: i64,
    pub contract_id: i64,
    pub kind: DocumentKind,
    /// The name in the library folder.
    pub file_name: String,
    /// The name the file had when it was attached.
    pub original_name: String,
    /// Lower-case hex SHA-256 of the bytes attached.
    pub sha256: String,
    pub size_bytes: u64,
    pub attached_at: NaiveDateTime,
    /// Where the copy is on disk.
    pub path: PathBuf,
    /// The file is there and its SHA-256 still matches.
    pub verified: bool,
    /// The file is not in the library folder any more.
    pub missing: bool,
}
