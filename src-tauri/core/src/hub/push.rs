//! The push: the outbox of every kind in one hub transaction, each record from the
//! version it is based on (the server refuses any other). The outbox and the shadow
//! change only after the hub committed; what is being sent is kept first (`hub_sent`), so
//! that a push whose end this library did not see is recognised when it comes back.

use postgres::Client;
use uuid::Uuid;

use super::kinds::{self, Record};
use super::local::{self, Link};
use super::merge::Version;
use super::schema::hub_error;
use crate::db::Database;
use crate::{Error, Result};

/// One record to push: what it is here, its global id and the version it is based on.
struct Outgoing {
    record: Record,
    global_id: String,
    base: Option<i64>,
}

/// Pushes the outbox in one hub transaction; answers how many records went.
pub(crate) fn push(db: &Database, client: &mut Client, link: &Link) -> Result<usize> {
    let outgoing = outgoing(db, link)?;
    if outgoing.is_empty() {
        return Ok(0);
    }
    // What is about to be sent, kept first: if this library stops before it records the
    // push's end, the next pull knows these versions for its own.
    let conn = db.conn();
    let tx = conn.unchecked_transaction()?;
    local::clear_sent(&tx)?;
    for out in &outgoing {
        let sent = Version {
            owner: link.member_role.clone(),
            version: out.base.map_or(1, |base| base + 1),
            deleted: out.record.deleted,
            body: out.record.body.clone(),
        };
        local::keep_sent(&tx, &out.global_id, &sent)?;
    }
    tx.commit()?;
    let mut tx = client.transaction().map_err(hub_error)?;
    tx.execute("SELECT coopdesk.begin_push()", &[])
        .map_err(hub_error)?;
    let mut pushed = Vec::new();
    for out in outgoing {
        let uuid = Uuid::parse_str(&out.global_id)
            .map_err(|_| Error::Hub(format!("{} is not a global id.", out.global_id)))?;
        let current: Option<i64> = tx
            .query_opt(
                "SELECT version FROM coopdesk.records WHERE id = $1 FOR UPDATE",
                &[&uuid],
            )
            .map_err(hub_error)?
            .map(|row| row.get(0));
        let body = out.record.body.to_string();
        let circle = if local::in_region(&out.record.body) {
            local::REGION
        } else {
            "office"
        };
        let deleted = out.record.deleted;
        let version = match (current, out.base) {
            (None, None) => {
                tx.execute(
                    "INSERT INTO coopdesk.records (id, kind, owner, circle, version, deleted,
                         body)
                     VALUES ($1, $2, $3, $4, 1, $5, $6::text::jsonb)",
                    &[
                        &uuid,
                        &out.record.kind.name,
                        &link.member_role,
                        &circle,
                        &deleted,
                        &body,
                    ],
                )
                .map_err(hub_error)?;
                1
            }
            (Some(current), Some(base)) if current == base => {
                tx.execute(
                    "UPDATE coopdesk.records SET version = $2, deleted = $3,
                         body = $4::text::jsonb, circle = $5 WHERE id = $1",
                    &[&uuid, &(current + 1), &deleted, &body, &circle],
                )
                .map_err(hub_error)?;
                current + 1
            }
            // The hub holds a version this library has not merged yet: the next sync
            // pulls and merges it, then pushes.
            _ => continue,
        };
        pushed.push((out, version));
    }
    tx.commit().map_err(hub_error)?;
    let count = pushed.len();
    let tx = conn.unchecked_transaction()?;
    local::clear_sent(&tx)?;
    for (out, version) in pushed {
        let kind = out.record.kind;
        let sent = Version {
            owner: link.member_role.clone(),
            version,
            deleted: out.record.deleted,
            body: out.record.body.clone(),
        };
        local::keep_shadow(&tx, kind.name, &out.global_id, &sent)?;
        // Changed again while it travelled: it stays in the outbox, now based on this.
        let now_here = match out.record.id {
            Some(id) => (kind.read)(db, id)?.map(|r| (r.deleted, r.body)),
            None => Some((true, sent.body.clone())),
        };
        if now_here == Some((sent.deleted, sent.body)) {
            kinds::unqueue(&tx, &out.record)?;
        }
    }
    tx.commit()?;
    Ok(count)
}

/// The outbox as it goes to the hub, kind by kind: a global id given to each record
/// shared for the first time; records that wait for the clerk, and those the hub already
/// holds as they are, left out (the latter leave the outbox).
fn outgoing(db: &Database, link: &Link) -> Result<Vec<Outgoing>> {
    let conn = db.conn();
    let tx = conn.unchecked_transaction()?;
    local::set_applying(&tx, true)?;
    let mut outgoing = Vec::new();
    // Kind by kind, each record read only when the kinds before it have their global
    // ids: a comparison's body names its contract by the id the contract just got.
    for kind in kinds::KINDS {
        for id in local::outbox(&tx, kind.name)? {
            match (kind.read)(db, id)? {
                Some(record) => outgoing.extend(to_send(&tx, record, link)?),
                None => local::unqueue(&tx, kind.name, id)?,
            }
        }
    }
    // Deleted here for good: the deletion of what the hub last had.
    for record in kinds::gone(db)? {
        outgoing.extend(to_send(&tx, record, link)?);
    }
    local::set_applying(&tx, false)?;
    tx.commit()?;
    Ok(outgoing)
}

/// The record as it goes to the hub, or `None` (and out of the outbox unless it waits for
/// the clerk) when there is nothing to send.
fn to_send(conn: &rusqlite::Connection, record: Record, link: &Link) -> Result<Option<Outgoing>> {
    let global_id = match (record.global_id.clone(), record.id) {
        (Some(global_id), _) => global_id,
        // Trashed before it was ever shared: nobody else knows it.
        (None, Some(_)) if record.deleted => {
            kinds::unqueue(conn, &record)?;
            return Ok(None);
        }
        (None, Some(id)) => {
            let global_id = Uuid::new_v4().to_string();
            kinds::set_global_id(conn, record.kind, id, Some(&global_id))?;
            global_id
        }
        (None, None) => return Ok(None),
    };
    if local::has_conflict(conn, &global_id)? {
        return Ok(None);
    }
    let shadow = local::shadow(conn, &global_id)?;
    if let Some(shadow) = &shadow {
        if shadow.owner != link.member_role {
            // Another member's record, received from the region: not ours to change on
            // the hub (and read-only here), so it never waits to be sent.
            kinds::unqueue(conn, &record)?;
            return Ok(None);
        }
        if shadow.deleted == record.deleted && shadow.body == record.body {
            kinds::unqueue(conn, &record)?;
            return Ok(None);
        }
    }
    Ok(Some(Outgoing {
        record,
        global_id,
        base: shadow.map(|s| s.version),
    }))
}
