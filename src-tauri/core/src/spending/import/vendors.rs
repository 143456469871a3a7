//! Payments matched to a council action by vendor when no contract or PO number ties
//! them and the finance system names the vendor differently from the contract ("Acme
//! Paving Co." for "ACME Asphalt Paving LLC"). The plan proposes the one council action
//! whose contract's vendor shares a distinctive word with the report's; the clerk
//! confirms it (a checkbox in the window's plan, `--match-vendor` on the command line),
//! and the import remembers it in `vendor_matches` (migration 0016), so the next report
//! naming that vendor so is matched without asking.

use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{choose, name_key, Authority};
use crate::db::Database;
use crate::Result;

/// A vendor as the report names it, under one council action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorMatch {
    pub vendor: String,
    pub approval_id: i64,
}

/// Words that tell no vendor from another.
const COMMON: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "corp",
    "corporation",
    "company",
    "the",
    "and",
    "of",
    "dba",
    "services",
    "service",
    "supply",
    "supplies",
    "group",
    "solutions",
    "enterprises",
    "systems",
    "products",
    "contract",
    "commercial",
    "national",
    "america",
    "american",
    "usa",
    "city",
    "county",
];

/// A name's distinctive words: four letters or more, not [`COMMON`].
fn distinctive(key: &str) -> Vec<&str> {
    key.split(' ')
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(w))
        .collect()
}

/// The council action a vendor named `key` was matched to: confirmed by the clerk in
/// this import, else remembered from an earlier one. Only an action the row may be
/// bought under counts.
pub(super) fn matched(
    db: &Database,
    confirmed: &[VendorMatch],
    key: &str,
    authorities: &[Authority],
) -> Result<Option<i64>> {
    let known = |id: i64| authorities.iter().any(|a| a.approval.id == id);
    if let Some(found) = confirmed
        .iter()
        .find(|m| name_key(&m.vendor) == key && known(m.approval_id))
    {
        return Ok(Some(found.approval_id));
    }
    let remembered: Option<i64> = db
        .conn()
        .prepare_cached("SELECT approval_id FROM vendor_matches WHERE vendor_key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(remembered.filter(|id| known(*id)))
}

/// The one council action whose contract's vendor shares a distinctive word with the
/// report's `vendor`, proposed for the clerk to confirm.
pub(super) fn propose<'a>(
    authorities: &'a [Authority],
    vendor: &str,
    date: Option<chrono::NaiveDate>,
) -> Option<&'a Authority> {
    let key = name_key(vendor);
    let words = distinctive(&key);
    if words.is_empty() {
        return None;
    }
    let found: Vec<&Authority> = authorities
        .iter()
        .filter(|a| {
            a.vendor_keys
                .iter()
                .any(|name| distinctive(name).iter().any(|w| words.contains(w)))
        })
        .collect();
    match choose(found, date).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Remembers the clerk's confirmed matches, for the next import (a vendor matched
/// again is matched to the action confirmed last).
pub(super) fn remember(db: &Database, confirmed: &[VendorMatch], now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO vendor_matches (vendor_key, vendor, approval_id, confirmed_at)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM approvals WHERE id = ?3)
         ON CONFLICT (vendor_key) DO UPDATE SET vendor = excluded.vendor,
             approval_id = excluded.approval_id, confirmed_at = excluded.confirmed_at",
    )?;
    for m in confirmed {
        let key = name_key(&m.vendor);
        if !key.is_empty() {
            stmt.execute(rusqlite::params![key, m.vendor.trim(), m.approval_id, now])?;
        }
    }
    Ok(())
}
