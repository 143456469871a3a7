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
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::connect::connect;
use super::documents;
use super::local::{self, Link, Local, StoredConflict, CONTRACT};
use super::merge::{self, Conflict, ConflictKind, Outcome, Resolution, Version};
use super::schema::{self, hub_error};
use super::{secret, HubAddress};
use crate::db::Database;
use crate::library::{contract, price_list};
use crate::{Error, Result};

/// How many changes of the log one local transaction applies.
const PULL_BATCH: i64 = 500;

/// What joining did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinReport {
    pub url: String,
    pub member_name: String,
    /// The contracts that wait for the first sync to be shared.
    pub waiting: i64,
}

/// Joins the hub at `address` as its user, with `password`, which is checked by
/// connecting and then kept in the system's credential store (never in the library).
/// Every contract of the library is shared at the next sync.
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
    /// Contracts changed on the hub and applied here.
    pub received: usize,
    /// Contracts changed on both sides whose changes were merged field by field.
    pub merged: usize,
    /// Contracts this library sent to the hub.
    pub pushed: usize,
    /// Contracts on the hub this library could not add (the sentence says why); they
    /// stay on the hub.
    pub not_added: Vec<String>,
    /// Records changed on both sides that wait for the clerk: keep mine or take theirs.
    pub conflicts: Vec<Conflict>,
    /// Contracts still waiting to be shared (conflicts, or changed on the hub meanwhile).
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
    pull(db, &mut client, &link, now, &mut report)?;
    report.documents_not_received = documents::receive(db, &mut client, now)?;
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

/// One change of the hub's log.
struct Change {
    seq: i64,
    global_id: String,
    kind: String,
    version: Version,
    changed_by: String,
}

/// How one change was taken.
enum Applied {
    Received,
    Merged,
    Skipped,
    Conflict,
    NotAdded(String),
}

fn pull(
    db: &Database,
    client: &mut Client,
    link: &Link,
    now: NaiveDateTime,
    report: &mut SyncReport,
) -> Result<()> {
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
            return Ok(());
        }
        let tx = db.conn().unchecked_transaction()?;
        local::set_applying(&tx, true)?;
        for row in &rows {
            let mut change = Change {
                seq: row.get(0),
                global_id: row.get::<_, Uuid>(1).to_string(),
                kind: row.get(2),
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
            if change.kind != CONTRACT {
                continue;
            }
            if row.get::<_, bool>(8) {
                match withdrawal(db.conn(), &change, link)? {
                    Some(deleted) => change.version = deleted,
                    None => continue,
                }
            }
            match apply(db, &change, link, now)? {
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
            return Ok(());
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

/// Global ids this library gave its contracts for a push the hub never committed (the
/// push failed after they were given): no shadow says the hub has them, and the hub
/// holds no record by them. They are forgotten, so that the contract is matched again by
/// cooperative, number and vendor when another laptop shared the same one meanwhile —
/// otherwise the hub's copy would not be added and the two libraries would part. The
/// contract stays in the outbox and takes a new global id at the next push if nobody
/// else shared it.
fn forget_unconfirmed(db: &Database, client: &mut Client) -> Result<()> {
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT id, global_id FROM contracts c WHERE global_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM hub_shadow s WHERE s.global_id = c.global_id)",
    )?;
    let unconfirmed: Vec<(i64, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if unconfirmed.is_empty() {
        return Ok(());
    }
    let uuids: Vec<Uuid> = unconfirmed
        .iter()
        .filter_map(|(_, id)| Uuid::parse_str(id).ok())
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
    for (id, global_id) in &unconfirmed {
        if !on_hub.contains(global_id) {
            tx.execute("UPDATE contracts SET global_id = NULL WHERE id = ?1", [id])?;
        }
    }
    local::set_applying(&tx, false)?;
    tx.commit()?;
    Ok(())
}

/// Applies one change of a contract from the hub, merging it with this library's own
/// change to it if there is one.
fn apply(db: &Database, change: &Change, link: &Link, now: NaiveDateTime) -> Result<Applied> {
    let conn = db.conn();
    let id = &change.global_id;
    let theirs = &change.version;
    let shadow = local::shadow(conn, id)?;
    if shadow.as_ref().is_some_and(|s| s.version >= theirs.version) {
        return Ok(Applied::Skipped);
    }
    let found = match local::local_by_global_id(db, id)? {
        Some(found) => Some(found),
        None => adopt(db, id, theirs, link)?,
    };
    let Some(mine) = found else {
        if !theirs.deleted {
            let contract = local::contract_from(&theirs.body)?;
            match contract::insert(db, &contract, now) {
                Ok(new) => {
                    local::set_global_id(conn, new, id)?;
                    write_shared_parts(db, new, &theirs.body, now)?;
                }
                Err(error @ (Error::Invalid { .. } | Error::InvalidFields(_))) => {
                    local::keep_shadow(conn, id, theirs)?;
                    let sentence = if theirs.owner == link.member_role {
                        format!("{}: {error}", name(&contract))
                    } else {
                        // The same contract the region shares, held here as this office's
                        // own (every library's sample contracts): that copy stays ours.
                        format!(
                            "{}, shared with the region by {}: {error} Your own copy stays \
                             as it is.",
                            name(&contract),
                            member_name(conn, &theirs.owner)?
                        )
                    };
                    return Ok(Applied::NotAdded(sentence));
                }
                Err(error) => return Err(error),
            }
        }
        local::keep_shadow(conn, id, theirs)?;
        return Ok(Applied::Received);
    };
    if local::was_sent(conn, id, theirs)? {
        // This library's own push, whose end it did not see: now the base. The contract
        // leaves the outbox unless it changed again since.
        local::keep_shadow(conn, id, theirs)?;
        if mine.deleted == theirs.deleted && mine.body() == theirs.body {
            local::unqueue(conn, mine.id)?;
        }
        return Ok(Applied::Skipped);
    }
    let changed_here = local::in_outbox(conn, mine.id)? || local::has_conflict(conn, id)?;
    if !changed_here {
        write(db, &mine, theirs.deleted, &theirs.body, now)?;
        local::keep_shadow(conn, id, theirs)?;
        return Ok(Applied::Received);
    }
    match merge::merge(shadow.as_ref(), &mine.version(&link.member_role), theirs) {
        Outcome::Same => {
            local::keep_shadow(conn, id, theirs)?;
            local::drop_conflict(conn, id)?;
            local::unqueue(conn, mine.id)?;
            Ok(Applied::Skipped)
        }
        Outcome::Merged { deleted, body } => {
            write(db, &mine, deleted, &body, now)?;
            local::keep_shadow(conn, id, theirs)?;
            local::drop_conflict(conn, id)?;
            if deleted == theirs.deleted && body == theirs.body {
                local::unqueue(conn, mine.id)?;
            } else {
                local::queue(conn, mine.id)?;
            }
            Ok(Applied::Merged)
        }
        Outcome::Conflict(..) => {
            let stored = StoredConflict {
                global_id: id.clone(),
                theirs: theirs.clone(),
                changed_by: change.changed_by.clone(),
            };
            local::keep_conflict(conn, &stored, now)?;
            Ok(Applied::Conflict)
        }
    }
}

/// A contract from the hub that this library holds too but never shared (the same
/// sample contract, the same spreadsheet imported on two laptops): the library's copy
/// takes the hub's global id. A copy changed here is compared with the hub's with no
/// common base, so any difference is the clerk's to decide; an unchanged one takes the
/// hub's version. Only the office's own records are matched: another jurisdiction's,
/// shared with the region, is theirs, and never becomes this library's own copy.
fn adopt(db: &Database, global_id: &str, theirs: &Version, link: &Link) -> Result<Option<Local>> {
    if theirs.deleted || theirs.owner != link.member_role {
        return Ok(None);
    }
    let contract = local::contract_from(&theirs.body)?;
    let same: Option<i64> = db
        .conn()
        .query_row(
            "SELECT id FROM contracts WHERE cooperative = ?1 AND contract_number = ?2
                 AND vendor_name = ?3 AND global_id IS NULL",
            rusqlite::params![
                contract.cooperative,
                contract.contract_number,
                contract.vendor_name
            ],
            |row| row.get(0),
        )
        .ok();
    let Some(id) = same else {
        return Ok(None);
    };
    let conn = db.conn();
    local::set_global_id(conn, id, global_id)?;
    // A copy never changed since it was added (the sample every library starts with)
    // simply takes the hub's version; one changed here is compared.
    let changed: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM contract_history WHERE contract_id = ?1
             AND action <> 'create')",
        [id],
        |row| row.get(0),
    )?;
    if changed {
        local::queue(conn, id)?;
    } else {
        local::unqueue(conn, id)?;
    }
    local::local(db, id)
}

/// Writes `body` (and the deletion) over the library's contract; the history records
/// each field changed, as for any save.
fn write(
    db: &Database,
    mine: &Local,
    deleted: bool,
    body: &Value,
    now: NaiveDateTime,
) -> Result<()> {
    let mut contract = local::contract_from(body)?;
    contract.id = Some(mine.id);
    match (mine.deleted, deleted) {
        (false, false) => {
            contract::update(db, &contract, now)?;
            write_shared_parts(db, mine.id, body, now)
        }
        (false, true) => {
            contract::update(db, &contract, now)?;
            write_shared_parts(db, mine.id, body, now)?;
            contract::delete(db, mine.id, now)
        }
        (true, false) => {
            contract::restore(db, mine.id, now)?;
            contract::update(db, &contract, now)?;
            write_shared_parts(db, mine.id, body, now)
        }
        // Trashed on both sides: the trash keeps the facts it would come back with.
        (true, true) if mine.body() == *body => Ok(()),
        (true, true) => {
            contract::restore(db, mine.id, now)?;
            contract::update(db, &contract, now)?;
            write_shared_parts(db, mine.id, body, now)?;
            contract::delete(db, mine.id, now)
        }
    }
}

/// What travels with a contract besides its facts: its price list (through the library's
/// own save, so the history records it), whether it is shared with the region, and the
/// documents it names (those this library lacks are fetched after the pull).
fn write_shared_parts(db: &Database, id: i64, body: &Value, now: NaiveDateTime) -> Result<()> {
    price_list::set_price_lines(db, id, &local::price_lines_from(body)?, now)?;
    documents::take_listed(db, id, body, now)?;
    local::set_region(db.conn(), id, local::in_region(body))
}

/// One contract to push: its global id, the version it is based on, and what it is now.
struct Outgoing {
    id: i64,
    global_id: String,
    base: Option<i64>,
    deleted: bool,
    body: Value,
}

/// Pushes the outbox in one hub transaction; answers how many contracts went.
fn push(db: &Database, client: &mut Client, link: &Link) -> Result<usize> {
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
            deleted: out.deleted,
            body: out.body.clone(),
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
        let body = out.body.to_string();
        let circle = if local::in_region(&out.body) {
            local::REGION
        } else {
            "office"
        };
        let version = match (current, out.base) {
            (None, None) => {
                tx.execute(
                    "INSERT INTO coopdesk.records (id, kind, owner, circle, version, deleted,
                         body)
                     VALUES ($1, $2, $3, $4, 1, $5, $6::text::jsonb)",
                    &[
                        &uuid,
                        &CONTRACT,
                        &link.member_role,
                        &circle,
                        &out.deleted,
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
                    &[&uuid, &(current + 1), &out.deleted, &body, &circle],
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
        let sent = Version {
            owner: link.member_role.clone(),
            version,
            deleted: out.deleted,
            body: out.body,
        };
        local::keep_shadow(&tx, &out.global_id, &sent)?;
        // Changed again while it travelled: it stays in the outbox, now based on this.
        let now_here = local::local(db, out.id)?.map(|l| (l.deleted, l.body()));
        if now_here == Some((sent.deleted, sent.body)) {
            local::unqueue(&tx, out.id)?;
        }
    }
    tx.commit()?;
    Ok(count)
}

/// The outbox as it goes to the hub: a global id given to each contract shared for the
/// first time; contracts that wait for the clerk, and those the hub already holds as they
/// are, left out (the latter leave the outbox).
fn outgoing(db: &Database, link: &Link) -> Result<Vec<Outgoing>> {
    let conn = db.conn();
    let tx = conn.unchecked_transaction()?;
    local::set_applying(&tx, true)?;
    let mut outgoing = Vec::new();
    for id in local::outbox(&tx)? {
        let Some(mine) = local::local(db, id)? else {
            local::unqueue(&tx, id)?;
            continue;
        };
        let global_id = match mine.global_id.clone() {
            Some(global_id) => global_id,
            // Trashed before it was ever shared: nobody else knows it.
            None if mine.deleted => {
                local::unqueue(&tx, id)?;
                continue;
            }
            None => {
                let global_id = Uuid::new_v4().to_string();
                local::set_global_id(&tx, id, &global_id)?;
                global_id
            }
        };
        if local::has_conflict(&tx, &global_id)? {
            continue;
        }
        let shadow = local::shadow(&tx, &global_id)?;
        let body = mine.body();
        if let Some(shadow) = &shadow {
            if shadow.owner != link.member_role {
                // Another member's record, received from the region: not ours to change
                // on the hub (and read-only here), so it never waits to be sent.
                local::unqueue(&tx, id)?;
                continue;
            }
            if shadow.deleted == mine.deleted && shadow.body == body {
                local::unqueue(&tx, id)?;
                continue;
            }
        }
        outgoing.push(Outgoing {
            id,
            global_id,
            base: shadow.map(|s| s.version),
            deleted: mine.deleted,
            body,
        });
    }
    local::set_applying(&tx, false)?;
    tx.commit()?;
    Ok(outgoing)
}

/// The records changed on both sides, each as a plan: the fields, and the three values.
pub fn conflicts(db: &Database) -> Result<Vec<Conflict>> {
    let conn = db.conn();
    let mut plan = Vec::new();
    for stored in local::stored_conflicts(conn)? {
        let Some(mine) = local::local_by_global_id(db, &stored.global_id)? else {
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
            contract: name(&mine.contract),
            kind,
            changed_by: stored.changed_by.clone(),
            fields,
        });
    }
    Ok(plan)
}

/// Settles a conflict with the clerk's `choice`: the library's contract becomes the
/// choice (its history records the change), and the next sync shares it.
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
    let mine = local::local_by_global_id(db, global_id)?.ok_or_else(not_found)?;
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
    write(db, &mine, deleted, &body, now)?;
    local::keep_shadow(&tx, global_id, &stored.theirs)?;
    local::drop_conflict(&tx, global_id)?;
    if deleted == stored.theirs.deleted && body == stored.theirs.body {
        local::unqueue(&tx, mine.id)?;
    } else {
        local::queue(&tx, mine.id)?;
    }
    tx.commit()?;
    Ok(())
}

/// A member jurisdiction's name, as the last sync learnt it (its role until then).
fn member_name(conn: &rusqlite::Connection, role: &str) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT name FROM hub_members WHERE role = ?1",
            [role],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or_else(|| role.to_owned()))
}

/// A contract as a clerk names it.
fn name(contract: &contract::Contract) -> String {
    format!(
        "{} {} — {} ({})",
        contract.cooperative, contract.contract_number, contract.title, contract.vendor_name
    )
}
