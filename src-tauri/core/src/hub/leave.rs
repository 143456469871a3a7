//! Leaving a hub: the library stops sharing and keeps every contract as it is now.
//!
//! What the library kept for sharing goes — the link and its cursor, the outbox, the
//! shadow, what a push was sending, the hub's side of each conflict — and so do the
//! contracts' global ids and the password in the credential store. Joining again (this
//! hub or another) is then a first join: contracts are matched by cooperative, number
//! and vendor, and the whole library is shared at the next sync. Nothing on the hub
//! changes: what was shared stays there, with every version in its log.

use serde::Serialize;

use super::{local, secret, HubAddress};
use crate::db::Database;
use crate::Result;

/// What leaving left unshared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaveReport {
    pub url: String,
    /// Contracts changed here that the hub never received; they stay in this library.
    pub unshared: i64,
    /// Conflicts not settled; this library keeps its own version of each.
    pub unsettled: usize,
}

/// Unlinks the library from its hub, keeping every contract; `None` when it was not
/// joined.
pub fn leave(db: &Database) -> Result<Option<LeaveReport>> {
    let Some(link) = local::link(db)? else {
        return Ok(None);
    };
    let report = LeaveReport {
        url: link.url.clone(),
        unshared: local::outbox_len(db)?,
        unsettled: local::stored_conflicts(db.conn())?.len(),
    };
    let tx = db.conn().unchecked_transaction()?;
    tx.execute_batch(
        "DELETE FROM hub_link;
         DELETE FROM hub_outbox;
         DELETE FROM hub_shadow;
         DELETE FROM hub_sent;
         DELETE FROM hub_conflicts;
         DELETE FROM hub_region;
         DELETE FROM hub_members;
         DELETE FROM hub_gone;",
    )?;
    for kind in super::kinds::KINDS {
        tx.execute(
            &format!(
                "UPDATE {} SET global_id = NULL WHERE global_id IS NOT NULL",
                kind.table
            ),
            [],
        )?;
    }
    super::documents::forget(&tx)?;
    tx.commit()?;
    // After the library let go: a password left behind is harmless, a link without one
    // is not. An address that no longer reads has no password kept under it either.
    if let Ok(address) = HubAddress::parse(&link.url, link.ca_file.as_deref()) {
        secret::forget(&address.account());
    }
    Ok(Some(report))
}
