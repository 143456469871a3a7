//! Joining a hub, and a sync: pull the hub's changes after the cursor (merging those this
//! library changed too), then push the outbox in one hub transaction.
//!
//! Pull first, so that a push is based on the newest versions this library could see;
//! a push that still finds a newer version on the hub (someone pushed in between) leaves
//! that record in the outbox for the next sync to merge — the server refuses a change
//! not based on its current version anyway.
//!
//! Nothing is applied twice: a change is applied in the same local transaction that moves
//! the cursor past it, and one whose version the shadow already has is skipped — the
//! library's own pushes when they come back, and everything when a pull is repeated.
//! Nothing is lost when a sync stops half-way: a push is one hub transaction (all or
//! nothing), and the outbox and the shadow change only after the hub committed; if this
//! library stops before recording that, its own change comes back in the next pull, is
//! found equal to what it holds, and leaves the outbox then.

use chrono::NaiveDateTime;
use postgres::Client;
use serde::Serialize;
use uuid::Uuid;

use super::connect::connect;
use super::documents;
use super::kinds::{self, Kind};
use super::local::{self, Link, StoredConflict};
use super::merge::{self, Conflict, ConflictKind, Outcome, Resolution};
use super::pull::pull;
use super::push::push;
use super::schema::{self, hub_error};
use super::{secret, HubAddress};
use crate::db::Database;
use crate::{Error, Result};

/// What joining did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinReport {
    pub url: String,
    pub member_name: String,
    /// The records that wait for the first sync to be shared.
    pub waiting: i64,
}

/// Joins the hub at `address` as its user, with `password`, which is checked by
/// connecting and then kept in the system's credential store (never in the library).
/// Every record of the library is shared at the next sync.
pub fn join(
    db: &Database,
    address: &HubAddress,
    password: &str,
    now: NaiveDateTime,
) -> Result<JoinReport> {
    if let Some(existing) = local::link(db)? {
        if existing.url != address.url() {
            return Err(Error::invalid(
                "Shared library",
                format!(
                    "this library is already joined to the hub {}; a library shares through \
                     one hub.",
                    existing.url
                ),
            ));
        }
    }
    let mut client = connect(address, password)?;
    schema::check(&mut client, address)?;
    let rows = client
        .query(
            "SELECT role_name, name FROM coopdesk.members
             WHERE pg_has_role(current_user, role_name, 'MEMBER') ORDER BY name",
            &[],
        )
        .map_err(hub_error)?;
    let [member] = rows.as_slice() else {
        return Err(Error::Hub(format!(
            "The login {} belongs to {} member jurisdictions of the hub at {}, not one; ask \
             the hub's administrator for your jurisdiction's login (hub add-member).",
            address.user(),
            rows.len(),
            address.place()
        )));
    };
    secret::keep(&address.account(), password)?;
    let link = Link {
        url: address.url(),
        ca_file: address.ca_file().map(ToOwned::to_owned),
        member_role: member.get(0),
        member_name: member.get(1),
        cursor: 0,
        joined_at: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
        last_synced_at: None,
    };
    let tx = db.conn().unchecked_transaction()?;
    local::keep_link(&tx, &link)?;
    kinds::queue_all(&tx)?;
    tx.commit()?;
    Ok(JoinReport {
        url: link.url,
        member_name: link.member_name,
        waiting: local::outbox_len(db)?,
    })
}

/// What a sync did, and what is left for the clerk.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Records changed on the hub and applied here.
    pub received: usize,
    /// Records changed on both sides whose changes were merged field by field.
    pub merged: usize,
    /// Records this library sent to the hub.
    pub pushed: usize,
    /// Records on the hub this library could not add (the sentence says why); they
    /// stay on the hub.
    pub not_added: Vec<String>,
    /// Records changed on both sides that wait for the clerk: keep mine or take theirs.
    pub conflicts: Vec<Conflict>,
    /// Records still waiting to be shared (conflicts, or changed on the hub meanwhile).
    pub waiting: i64,
    /// A sentence for each document the hub did not take (over its size limit): the
    /// contract went without it.
    pub documents_not_shared: Vec<String>,
    /// A sentence for each document a received contract names that did not arrive.
    pub documents_not_received: Vec<String>,
}

/// Syncs the library with the hub it joined: pull, merge, push.
pub fn sync(db: &Database, now: NaiveDateTime) -> Result<SyncReport> {
    let link = local::joined(db)?;
    let address = HubAddress::parse(&link.url, link.ca_file.as_deref())?;
    let password = secret::read(&address.account())?;
    let mut client = connect(&address, &password)?;
    schema::check(&mut client, &address)?;
    let mut report = SyncReport::default();
    learn_members(db, &mut client)?;
    forget_unconfirmed(db, &mut client)?;
    let pulled = pull(db, &mut client, &link, now)?;
    report.received = pulled.received;
    report.merged = pulled.merged;
    report.not_added = pulled.not_added;
    report.documents_not_received = documents::receive(db, &mut client, now)?;
    kinds::approval::link_arrived_documents(db)?;
    report.documents_not_shared = documents::send(db, &mut client, &link.member_role)?;
    report.pushed = push(db, &mut client, &link)?;
    local::set_synced(db.conn(), now)?;
    report.conflicts = conflicts(db)?;
    report.waiting = local::outbox_len(db)?;
    Ok(report)
}

/// Whether the library is joined, what waits to be shared, and the conflicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubStatus {
    pub link: Option<Link>,
    pub waiting: i64,
    pub conflicts: usize,
    /// The documents the last sync could not share (over the hub's size limit).
    pub documents_not_shared: Vec<String>,
}

pub fn status(db: &Database) -> Result<HubStatus> {
    Ok(HubStatus {
        link: local::link(db)?,
        waiting: local::outbox_len(db)?,
        conflicts: local::stored_conflicts(db.conn())?.len(),
        documents_not_shared: documents::not_shared(db.conn())?,
    })
}

/// The hub's member jurisdictions, by role: whose a region contract is, by name.
fn learn_members(db: &Database, client: &mut Client) -> Result<()> {
    let rows = client
        .query("SELECT role_name, name FROM coopdesk.members", &[])
        .map_err(hub_error)?;
    let tx = db.conn().unchecked_transaction()?;
    tx.execute("DELETE FROM hub_members", [])?;
    for row in &rows {
        tx.execute(
            "INSERT INTO hub_members (role, name) VALUES (?1, ?2)",
            rusqlite::params![row.get::<_, String>(0), row.get::<_, String>(1)],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Global ids this library gave its records for a push the hub never committed (the
/// push failed after they were given): no shadow says the hub has them, and the hub
/// holds no record by them. They are forgotten, so that the record is matched again (a
/// contract by cooperative, number and vendor) when another laptop shared the same one
/// meanwhile — otherwise the hub's copy would not be added and the two libraries would
/// part. The record stays in the outbox and takes a new global id at the next push if
/// nobody else shared it. Records their kind does not share are left alone.
fn forget_unconfirmed(db: &Database, client: &mut Client) -> Result<()> {
    let conn = db.conn();
    let mut unconfirmed: Vec<(&Kind, i64, String)> = Vec::new();
    for kind in kinds::KINDS {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, global_id FROM {} r WHERE global_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM hub_shadow s WHERE s.global_id = r.global_id)",
            kind.table
        ))?;
        let rows = stmt.query_map([], |row| Ok((kind, row.get(0)?, row.get(1)?)))?;
        for (kind, id, global_id) in
            rows.collect::<rusqlite::Result<Vec<(&Kind, i64, String)>>>()?
        {
            // A record its kind does not share (a renewal memo) was never pushed: its
            // global id is not one a push gave, and is kept.
            if (kind.read)(db, id)?.is_some() {
                unconfirmed.push((kind, id, global_id));
            }
        }
    }
    if unconfirmed.is_empty() {
        return Ok(());
    }
    let uuids: Vec<Uuid> = unconfirmed
        .iter()
        .filter_map(|(_, _, id)| Uuid::parse_str(id).ok())
        .collect();
    let on_hub: Vec<String> = client
        .query(
            "SELECT id FROM coopdesk.records WHERE id = ANY($1)",
            &[&uuids],
        )
        .map_err(hub_error)?
        .iter()
        .map(|row| row.get::<_, Uuid>(0).to_string())
        .collect();
    let tx = conn.unchecked_transaction()?;
    local::set_applying(&tx, true)?;
    for (kind, id, global_id) in &unconfirmed {
        if !on_hub.contains(global_id) {
            kinds::set_global_id(&tx, kind, *id, None)?;
        }
    }
    local::set_applying(&tx, false)?;
    tx.commit()?;
    Ok(())
}

/// The records changed on both sides, each as a plan: the fields, and the three values.
pub fn conflicts(db: &Database) -> Result<Vec<Conflict>> {
    let conn = db.conn();
    let mut plan = Vec::new();
    for stored in local::stored_conflicts(conn)? {
        let Some(mine) = mine(db, &stored)? else {
            continue;
        };
        let shadow = local::shadow(conn, &stored.global_id)?;
        let (kind, fields) = match merge::merge(
            shadow.as_ref(),
            &mine.version(&stored.theirs.owner),
            &stored.theirs,
        ) {
            Outcome::Conflict(kind, fields) => (kind, fields),
            Outcome::Same | Outcome::Merged { .. } => (ConflictKind::BothChanged, Vec::new()),
        };
        plan.push(Conflict {
            global_id: stored.global_id.clone(),
            record: mine.kind.name.to_owned(),
            contract: mine.label(),
            kind,
            changed_by: stored.changed_by.clone(),
            fields,
        });
    }
    Ok(plan)
}

/// This library's side of a conflict.
fn mine(db: &Database, stored: &StoredConflict) -> Result<Option<kinds::Record>> {
    match kinds::kind(&stored.kind) {
        Some(kind) => kinds::by_global_id(db, kind, &stored.global_id),
        None => Ok(None),
    }
}

/// Settles a conflict with the clerk's `choice`: the library's record becomes the choice
/// (written through its own save, so its history records the change), and the next sync
/// shares it.
pub fn resolve(
    db: &Database,
    global_id: &str,
    choice: &Resolution,
    now: NaiveDateTime,
) -> Result<()> {
    let conn = db.conn();
    let not_found = || Error::NotFound {
        what: format!("A conflict for the shared record {global_id}"),
    };
    let stored = local::stored_conflicts(conn)?
        .into_iter()
        .find(|c| c.global_id == global_id)
        .ok_or_else(not_found)?;
    let mine = mine(db, &stored)?.ok_or_else(not_found)?;
    let shadow = local::shadow(conn, global_id)?;
    let mine_version = mine.version(&stored.theirs.owner);
    // Changed here since the conflict was found so that nothing conflicts any more (the
    // contract trashed here too): the merge stands, whatever was chosen.
    let (deleted, body) = match merge::merge(shadow.as_ref(), &mine_version, &stored.theirs) {
        Outcome::Conflict(kind, _) => {
            merge::resolve(shadow.as_ref(), &mine_version, &stored.theirs, kind, choice)?
        }
        Outcome::Same => (mine_version.deleted, mine_version.body.clone()),
        Outcome::Merged { deleted, body } => (deleted, body),
    };
    let tx = conn.unchecked_transaction()?;
    (mine.kind.write)(db, &mine, deleted, &body, now)?;
    local::keep_shadow(&tx, mine.kind.name, global_id, &stored.theirs)?;
    local::drop_conflict(&tx, global_id)?;
    if deleted == stored.theirs.deleted && body == stored.theirs.body {
        kinds::unqueue(&tx, &mine)?;
    } else {
        kinds::queue(&tx, &mine)?;
    }
    tx.commit()?;
    Ok(())
}
