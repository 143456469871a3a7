//! The pull: the hub's change log after the cursor, in batches, each applied in one local
//! transaction with the cursor; a record changed here too is merged field by field, and
//! what both changed differently becomes a conflict. The same for every kind
//! ([`super::kinds`]); a kind this CoopDesk does not know is left for a later one.

use chrono::NaiveDateTime;
use postgres::Client;
use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::kinds::{self, Kind, Record};
use super::local::{self, Link, StoredConflict};
use super::merge::{self, Outcome, Version};
use super::schema::hub_error;
use crate::db::Database;
use crate::{Error, Result};

/// How many changes of the log one local transaction applies.
const PULL_BATCH: i64 = 500;

/// One change of the hub's log.
struct Change {
    seq: i64,
    global_id: String,
    version: Version,
    changed_by: String,
}

/// What a pull did.
#[derive(Default)]
pub(crate) struct Pulled {
    /// Records changed on the hub and applied here.
    pub received: usize,
    /// Records changed on both sides whose changes were merged field by field.
    pub merged: usize,
    /// Records on the hub this library could not add, each with why.
    pub not_added: Vec<String>,
}

/// How one change was taken.
enum Applied {
    Received,
    Merged,
    Skipped,
    Conflict,
    NotAdded(String),
}

pub(crate) fn pull(
    db: &Database,
    client: &mut Client,
    link: &Link,
    now: NaiveDateTime,
) -> Result<Pulled> {
    let mut report = Pulled::default();
    let mut cursor = local::joined(db)?.cursor;
    loop {
        let rows = client
            .query(
                "SELECT seq, record_id, kind, owner, version, deleted, body::text, changed_by,
                        withdrawn
                 FROM coopdesk.changes WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&cursor, &PULL_BATCH],
            )
            .map_err(hub_error)?;
        if rows.is_empty() {
            return Ok(report);
        }
        let tx = db.conn().unchecked_transaction()?;
        local::set_applying(&tx, true)?;
        for row in &rows {
            let mut change = Change {
                seq: row.get(0),
                global_id: row.get::<_, Uuid>(1).to_string(),
                version: Version {
                    owner: row.get(3),
                    version: row.get(4),
                    deleted: row.get(5),
                    body: local::parse_body(row.get(6))?,
                },
                changed_by: row.get(7),
            };
            cursor = change.seq;
            // Kinds a later CoopDesk shares are left for it: its migration moves the
            // cursor back, and the shadow makes reading again harmless.
            let Some(kind) = kinds::kind(row.get(2)) else {
                continue;
            };
            if row.get::<_, bool>(8) {
                match withdrawal(db.conn(), &change, link)? {
                    Some(deleted) => change.version = deleted,
                    None => continue,
                }
            }
            match apply(db, kind, &change, link, now)? {
                Applied::Received => report.received += 1,
                Applied::Merged => report.merged += 1,
                Applied::NotAdded(sentence) => report.not_added.push(sentence),
                Applied::Skipped | Applied::Conflict => {}
            }
        }
        local::set_cursor(&tx, cursor)?;
        local::set_applying(&tx, false)?;
        tx.commit()?;
        if (rows.len() as i64) < PULL_BATCH {
            return Ok(report);
        }
    }
}

/// A record its owner took back from the region into its office (hub migration 0002):
/// for the other jurisdictions, a deletion of the copy they received, with the facts they
/// last saw; the owner's own libraries read the real change instead (`None`), as does a
/// library that never received the record.
fn withdrawal(
    conn: &rusqlite::Connection,
    change: &Change,
    link: &Link,
) -> Result<Option<Version>> {
    if change.version.owner == link.member_role {
        return Ok(None);
    }
    let Some(shadow) = local::shadow(conn, &change.global_id)? else {
        return Ok(None);
    };
    Ok(Some(Version {
        version: change.version.version,
        deleted: true,
        ..shadow
    }))
}

/// Applies one change from the hub, merging it with this library's own change to the
/// record if there is one.
fn apply(
    db: &Database,
    kind: &'static Kind,
    change: &Change,
    link: &Link,
    now: NaiveDateTime,
) -> Result<Applied> {
    let conn = db.conn();
    let id = &change.global_id;
    let theirs = &change.version;
    let shadow = local::shadow(conn, id)?;
    if shadow.as_ref().is_some_and(|s| s.version >= theirs.version) {
        return Ok(Applied::Skipped);
    }
    let found = match kinds::by_global_id(db, kind, id)? {
        Some(found) => Some(found),
        None => adopt(db, kind, id, theirs, link)?,
    };
    let Some(mine) = found else {
        if !theirs.deleted {
            match (kind.insert)(db, &theirs.body, now) {
                Ok(new) => kinds::set_global_id(conn, kind, new, Some(id))?,
                Err(error @ (Error::Invalid { .. } | Error::InvalidFields(_))) => {
                    local::keep_shadow(conn, kind.name, id, theirs)?;
                    let name = (kind.label)(&theirs.body);
                    let sentence = if theirs.owner == link.member_role {
                        format!("{name}: {error}")
                    } else {
                        // The same contract the region shares, held here as this office's
                        // own (every library's sample contracts): that copy stays ours.
                        format!(
                            "{name}, shared with the region by {}: {error} Your own copy \
                             stays as it is.",
                            member_name(conn, &theirs.owner)?
                        )
                    };
                    return Ok(Applied::NotAdded(sentence));
                }
                Err(error) => return Err(error),
            }
        }
        local::keep_shadow(conn, kind.name, id, theirs)?;
        return Ok(Applied::Received);
    };
    if local::was_sent(conn, id, theirs)? {
        // This library's own push, whose end it did not see: now the base. The record
        // leaves the outbox unless it changed again since.
        local::keep_shadow(conn, kind.name, id, theirs)?;
        if mine.deleted == theirs.deleted && mine.body == theirs.body {
            kinds::unqueue(conn, &mine)?;
        }
        return Ok(Applied::Skipped);
    }
    let changed_here = kinds::in_outbox(conn, &mine)? || local::has_conflict(conn, id)?;
    if !changed_here {
        (kind.write)(db, &mine, theirs.deleted, &theirs.body, now)?;
        local::keep_shadow(conn, kind.name, id, theirs)?;
        return Ok(Applied::Received);
    }
    match merge::merge(shadow.as_ref(), &mine.version(&link.member_role), theirs) {
        Outcome::Same => {
            local::keep_shadow(conn, kind.name, id, theirs)?;
            local::drop_conflict(conn, id)?;
            kinds::unqueue(conn, &mine)?;
            Ok(Applied::Skipped)
        }
        Outcome::Merged { deleted, body } => {
            (kind.write)(db, &mine, deleted, &body, now)?;
            local::keep_shadow(conn, kind.name, id, theirs)?;
            local::drop_conflict(conn, id)?;
            if deleted == theirs.deleted && body == theirs.body {
                kinds::unqueue(conn, &mine)?;
            } else {
                kinds::queue(conn, &mine)?;
            }
            Ok(Applied::Merged)
        }
        Outcome::Conflict(..) => {
            let stored = StoredConflict {
                kind: kind.name.to_owned(),
                global_id: id.clone(),
                theirs: theirs.clone(),
                changed_by: change.changed_by.clone(),
            };
            local::keep_conflict(conn, &stored, now)?;
            Ok(Applied::Conflict)
        }
    }
}

/// A record from the hub that this library holds too but never shared (the same sample
/// contract, the same spreadsheet imported on two laptops): the library's copy takes the
/// hub's global id. A copy changed here is compared with the hub's with no common base,
/// so any difference is the clerk's to decide; an unchanged one takes the hub's version.
/// Only the office's own records are matched: another jurisdiction's, shared with the
/// region, is theirs, and never becomes this library's own copy.
fn adopt(
    db: &Database,
    kind: &'static Kind,
    global_id: &str,
    theirs: &Version,
    link: &Link,
) -> Result<Option<Record>> {
    if theirs.deleted || theirs.owner != link.member_role {
        return Ok(None);
    }
    let Some(kinds::SameCopy { id, changed }) = (kind.same_copy)(db, &theirs.body)? else {
        return Ok(None);
    };
    let conn = db.conn();
    kinds::set_global_id(conn, kind, id, Some(global_id))?;
    if changed {
        local::queue(conn, kind.name, id)?;
    } else {
        local::unqueue(conn, kind.name, id)?;
    }
    (kind.read)(db, id)
}

/// A member jurisdiction's name, as the last sync learnt it (its role until then).
pub(crate) fn member_name(conn: &rusqlite::Connection, role: &str) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT name FROM hub_members WHERE role = ?1",
            [role],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or_else(|| role.to_owned()))
}
