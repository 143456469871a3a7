//! The region circle: a contract (with its price list and notes) that a member chooses to
//! share with the other jurisdictions of the hub, who receive it read-only.
//!
//! Only contracts go to the region — never memos, approvals or purchases: the hub's own
//! check refuses any other kind there, and its row-level security lets the others read a
//! region record and change none. Here, choosing puts the contract in the outbox (a
//! trigger on `hub_region`, migration 0019), so the next sync sends it with
//! `circle: "region"`; taking it back sends it with the office circle, and the hub tells
//! the region's libraries to put their copy in the trash (hub migration 0002).

use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

use super::local;
use crate::db::Database;
use crate::library::contract;
use crate::{Error, Result};

/// With whom a contract of the library is shared (for the window's contract detail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "circle")]
pub enum Sharing {
    /// The library is not joined to a hub: shared with nobody.
    NotShared,
    /// This jurisdiction's own, shared within its office.
    Office,
    /// This jurisdiction's own, shared with the whole region too.
    Region,
    /// Another jurisdiction's, received from the region: read-only here. `owner` is the
    /// jurisdiction's name (its role on the hub until the next sync learns the name).
    #[serde(rename_all = "camelCase")]
    FromRegion { owner: String },
}

/// With whom the contract `contract_id` is shared.
pub fn sharing(db: &Database, contract_id: i64) -> Result<Sharing> {
    contract::get(db, contract_id)?;
    let Some(link) = local::link(db)? else {
        return Ok(Sharing::NotShared);
    };
    if let Some(owner) = other_owner(db, contract_id, &link.member_role)? {
        return Ok(Sharing::FromRegion { owner });
    }
    let region: bool = db.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM hub_region WHERE contract_id = ?1)",
        [contract_id],
        |row| row.get(0),
    )?;
    Ok(if region {
        Sharing::Region
    } else {
        Sharing::Office
    })
}

/// Shares the contract `contract_id` with the region (`true`) or takes it back into the
/// office (`false`); the next sync tells the hub. Refused, with a sentence, when the
/// library is not joined or the contract is another jurisdiction's.
pub fn share_with_region(db: &Database, contract_id: i64, region: bool) -> Result<()> {
    let found = contract::get(db, contract_id)?;
    let link = local::joined(db)?;
    if let Some(owner) = other_owner(db, contract_id, &link.member_role)? {
        return Err(Error::invalid(
            "Shared library",
            format!(
                "{} {} is {owner}'s contract, shared with the region; only its own clerk \
                 chooses with whom it is shared.",
                found.cooperative, found.contract_number
            ),
        ));
    }
    local::set_region(db.conn(), contract_id, region)
}

/// The name of the member whose contract this is, when it is not this library's
/// jurisdiction's: the hub's last version of it says whose it is.
fn other_owner(db: &Database, contract_id: i64, member_role: &str) -> Result<Option<String>> {
    let owner: Option<(String, String)> = db
        .conn()
        .query_row(
            "SELECT s.owner, coalesce(m.name, s.owner)
             FROM contracts c JOIN hub_shadow s ON s.global_id = c.global_id
                 LEFT JOIN hub_members m ON m.role = s.owner
             WHERE c.id = ?1",
            [contract_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(owner
        .filter(|(role, _)| role != member_role)
        .map(|(_, name)| name))
}
