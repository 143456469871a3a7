//! The library's side of the hub (migration 0017): the link to the hub and its cursor,
//! the outbox the triggers fill, the shadow of each shared record as the hub last had it,
//! and the conflicts waiting for the clerk.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::documents;
use super::merge::Version;
use crate::db::Database;
use crate::library::contract::{self, Contract};
use crate::library::price_list::{self, PriceLine};
use crate::{Error, Result};

/// The kind of record a contract is on the hub.
pub(crate) const CONTRACT: &str = "contract";

/// The hub a library is joined to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    pub ca_file: Option<PathBuf>,
    /// The jurisdiction's group role on the hub, and its name.
    pub member_role: String,
    pub member_name: String,
    /// The last change of the hub's log applied here.
    pub cursor: i64,
    pub joined_at: String,
    pub last_synced_at: Option<String>,
}

/// The link, or `None` when the library shares nothing.
pub fn link(db: &Database) -> Result<Option<Link>> {
    Ok(db
        .conn()
        .query_row(
            "SELECT url, ca_file, member_role, member_name, cursor, joined_at, last_synced_at
             FROM hub_link",
            [],
            |row| {
                Ok(Link {
                    url: row.get(0)?,
                    ca_file: row.get::<_, Option<String>>(1)?.map(PathBuf::from),
                    member_role: row.get(2)?,
                    member_name: row.get(3)?,
                    cursor: row.get(4)?,
                    joined_at: row.get(5)?,
                    last_synced_at: row.get(6)?,
                })
            },
        )
        .optional()?)
}

/// The link, or a sentence saying how to join.
pub(crate) fn joined(db: &Database) -> Result<Link> {
    link(db)?.ok_or_else(|| {
        Error::invalid(
            "Shared library",
            "this library is not joined to a hub. Join one first: coopdesk-cli hub join \
             ADDRESS (the address the hub's administrator gave you).",
        )
    })
}

/// Joins (or joins again) and puts every contract in the outbox: the first push shares
/// the whole library. The cursor starts at 0, so the first pull reads the whole hub.
pub(crate) fn keep_link(conn: &Connection, link: &Link) -> Result<()> {
    conn.execute(
        "INSERT INTO hub_link (id, url, ca_file, member_role, member_name, cursor, joined_at)
         VALUES (1, ?1, ?2, ?3, ?4, 0, ?5)
         ON CONFLICT (id) DO UPDATE SET url = ?1, ca_file = ?2, member_role = ?3,
             member_name = ?4",
        params![
            link.url,
            link.ca_file
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
            link.member_role,
            link.member_name,
            link.joined_at
        ],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO hub_outbox (contract_id)
         SELECT id FROM contracts WHERE deleted_at IS NULL",
        [],
    )?;
    Ok(())
}

/// While set, writes to contracts are the hub's and stay out of the outbox.
pub(crate) fn set_applying(conn: &Connection, applying: bool) -> Result<()> {
    conn.execute("UPDATE hub_link SET applying = ?1", [applying as i64])?;
    Ok(())
}

pub(crate) fn set_cursor(conn: &Connection, cursor: i64) -> Result<()> {
    conn.execute("UPDATE hub_link SET cursor = ?1", [cursor])?;
    Ok(())
}

pub(crate) fn set_synced(conn: &Connection, now: NaiveDateTime) -> Result<()> {
    conn.execute(
        "UPDATE hub_link SET last_synced_at = ?1",
        [now.format("%Y-%m-%dT%H:%M:%S").to_string()],
    )?;
    Ok(())
}

/// The contracts changed here since they were last pushed, in the order of their ids.
pub(crate) fn outbox(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT contract_id FROM hub_outbox ORDER BY contract_id")?;
    let ids = stmt.query_map([], |row| row.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// How many contracts wait to be pushed.
pub fn outbox_len(db: &Database) -> Result<i64> {
    Ok(db
        .conn()
        .query_row("SELECT count(*) FROM hub_outbox", [], |row| row.get(0))?)
}

pub(crate) fn in_outbox(conn: &Connection, contract_id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM hub_outbox WHERE contract_id = ?1",
            [contract_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(crate) fn queue(conn: &Connection, contract_id: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (?1)",
        [contract_id],
    )?;
    Ok(())
}

pub(crate) fn unqueue(conn: &Connection, contract_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM hub_outbox WHERE contract_id = ?1",
        [contract_id],
    )?;
    Ok(())
}

pub(crate) fn shadow(conn: &Connection, global_id: &str) -> Result<Option<Version>> {
    conn.query_row(
        "SELECT owner, version, deleted, body FROM hub_shadow WHERE global_id = ?1",
        [global_id],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, bool>(2)?,
                row.get::<_, String>(3)?,
            ))
        },
    )
    .optional()?
    .map(|(owner, version, deleted, body)| {
        Ok(Version {
            owner,
            version,
            deleted,
            body: parse_body(&body)?,
        })
    })
    .transpose()
}

pub(crate) fn keep_shadow(conn: &Connection, global_id: &str, version: &Version) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO hub_shadow (global_id, kind, owner, version, deleted, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            global_id,
            CONTRACT,
            version.owner,
            version.version,
            version.deleted,
            version.body.to_string()
        ],
    )?;
    Ok(())
}

/// Records, before the hub's transaction, what a push is about to send.
pub(crate) fn keep_sent(conn: &Connection, global_id: &str, sent: &Version) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO hub_sent (global_id, version, deleted, body)
         VALUES (?1, ?2, ?3, ?4)",
        params![global_id, sent.version, sent.deleted, sent.body.to_string()],
    )?;
    Ok(())
}

/// Whether `theirs` is exactly what this library sent in a push whose end it did not see.
pub(crate) fn was_sent(conn: &Connection, global_id: &str, theirs: &Version) -> Result<bool> {
    let sent = conn
        .query_row(
            "SELECT version, deleted, body FROM hub_sent WHERE global_id = ?1",
            [global_id],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, bool>(1)?,
                    row.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    match sent {
        Some((version, deleted, body)) => Ok(version == theirs.version
            && deleted == theirs.deleted
            && parse_body(&body)? == theirs.body),
        None => Ok(false),
    }
}

/// Forgets what was sent: after the push ended, or before the next one.
pub(crate) fn clear_sent(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM hub_sent", [])?;
    Ok(())
}

/// A body kept in the library, read back.
pub(crate) fn parse_body(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|error| {
        Error::Hub(format!(
            "A shared record kept in this library cannot be read ({error})."
        ))
    })
}

/// A contract as it is shared: its facts, without the library's own row id; its price
/// list (`priceLines`, when it has one); and `circle: "region"` when it is shared with
/// the region. The two keys are left out when empty or office, so a contract without a
/// price list reads as it did before price lists travelled.
pub(crate) fn shared_body(contract: &Contract, price_lines: &[PriceLine], region: bool) -> Value {
    let mut body = serde_json::to_value(contract).unwrap_or(Value::Null);
    if let Some(fields) = body.as_object_mut() {
        fields.remove("id");
        if !price_lines.is_empty() {
            let lines = serde_json::to_value(price_lines).unwrap_or(Value::Null);
            fields.insert(PRICE_LINES.into(), lines);
        }
        if region {
            fields.insert(CIRCLE.into(), Value::from(REGION));
        }
    }
    body
}

/// The key of a shared contract's price list, and of its circle.
const PRICE_LINES: &str = "priceLines";
const CIRCLE: &str = "circle";
/// The circle a member shares with the other jurisdictions of the hub.
pub(crate) const REGION: &str = "region";

/// Whether a shared body is shared with the region.
pub(crate) fn in_region(body: &Value) -> bool {
    body.get(CIRCLE).and_then(Value::as_str) == Some(REGION)
}

/// The price list a shared body carries (none when it has no `priceLines`).
pub(crate) fn price_lines_from(body: &Value) -> Result<Vec<PriceLine>> {
    match body.get(PRICE_LINES) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(lines) => serde_json::from_value(lines.clone()).map_err(|error| {
            Error::Hub(format!(
                "A price list from the hub cannot be read by this CoopDesk ({error}); it was \
                 left on the hub."
            ))
        }),
    }
}

/// A shared body as a contract (fields this CoopDesk does not know are ignored; fields
/// it knows that the body lacks take their defaults).
pub(crate) fn contract_from(body: &Value) -> Result<Contract> {
    serde_json::from_value(body.clone()).map_err(|error| {
        Error::Hub(format!(
            "A contract from the hub cannot be read by this CoopDesk ({error}); it was left \
             on the hub."
        ))
    })
}

/// A contract of this library by its row id: its global id, facts, price list, its
/// documents (`super::documents`), whether it is shared with the region and whether
/// trashed.
#[derive(Debug, Clone)]
pub(crate) struct Local {
    pub id: i64,
    pub global_id: Option<String>,
    pub contract: Contract,
    pub price_lines: Vec<PriceLine>,
    pub documents: Vec<documents::Listed>,
    pub region: bool,
    pub deleted: bool,
}

impl Local {
    /// The contract as it is shared.
    pub(crate) fn body(&self) -> Value {
        documents::with_documents(
            shared_body(&self.contract, &self.price_lines, self.region),
            &self.documents,
        )
    }

    pub(crate) fn version(&self, owner: &str) -> Version {
        Version {
            owner: owner.to_owned(),
            version: 0,
            deleted: self.deleted,
            body: self.body(),
        }
    }
}

pub(crate) fn local(db: &Database, id: i64) -> Result<Option<Local>> {
    let conn = db.conn();
    let found = conn
        .query_row(
            "SELECT global_id, EXISTS (SELECT 1 FROM hub_region WHERE contract_id = ?1)
             FROM contracts WHERE id = ?1",
            [id],
            |row| Ok((row.get::<_, Option<String>>(0)?, row.get::<_, bool>(1)?)),
        )
        .optional()?;
    let Some((global_id, region)) = found else {
        return Ok(None);
    };
    let (contract, deleted) = contract::store::get_including_trash(db, id)?;
    Ok(Some(Local {
        id,
        global_id,
        contract,
        price_lines: price_lines(conn, id)?,
        documents: documents::listed(conn, id)?,
        region,
        deleted,
    }))
}

/// A contract's price list, in the trash or not (the library's own reader refuses a
/// trashed contract; a deletion travels with its facts).
fn price_lines(conn: &Connection, contract_id: i64) -> Result<Vec<PriceLine>> {
    price_list::store::read(conn, contract_id).map_err(|error| match error {
        Error::NotFound { what } => Error::Hub(format!(
            "The price list of contract #{contract_id} cannot be shared: {} is missing; \
             correct it before sharing.",
            what.replacen("A readable", "a readable", 1)
        )),
        other => other,
    })
}

/// Shares a contract with the region, or takes it back into the office.
pub(crate) fn set_region(conn: &Connection, contract_id: i64, region: bool) -> Result<()> {
    if region {
        conn.execute(
            "INSERT OR IGNORE INTO hub_region (contract_id) VALUES (?1)",
            [contract_id],
        )?;
    } else {
        conn.execute(
            "DELETE FROM hub_region WHERE contract_id = ?1",
            [contract_id],
        )?;
    }
    Ok(())
}

pub(crate) fn local_by_global_id(db: &Database, global_id: &str) -> Result<Option<Local>> {
    let id = db
        .conn()
        .query_row(
            "SELECT id FROM contracts WHERE global_id = ?1",
            [global_id],
            |row| row.get::<_, i64>(0),
        )
        .optional()?;
    match id {
        Some(id) => local(db, id),
        None => Ok(None),
    }
}

pub(crate) fn set_global_id(conn: &Connection, id: i64, global_id: &str) -> Result<()> {
    conn.execute(
        "UPDATE contracts SET global_id = ?2 WHERE id = ?1",
        params![id, global_id],
    )?;
    Ok(())
}

/// The hub's version of a record changed on both sides, kept until the clerk chooses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StoredConflict {
    pub global_id: String,
    pub theirs: Version,
    pub changed_by: String,
}

pub(crate) fn keep_conflict(
    conn: &Connection,
    conflict: &StoredConflict,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO hub_conflicts (global_id, kind, owner, theirs_version,
             theirs_deleted, theirs_body, changed_by, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            conflict.global_id,
            CONTRACT,
            conflict.theirs.owner,
            conflict.theirs.version,
            conflict.theirs.deleted,
            conflict.theirs.body.to_string(),
            conflict.changed_by,
            now.format("%Y-%m-%dT%H:%M:%S").to_string()
        ],
    )?;
    Ok(())
}

pub(crate) fn stored_conflicts(conn: &Connection) -> Result<Vec<StoredConflict>> {
    let mut stmt = conn.prepare(
        "SELECT global_id, owner, theirs_version, theirs_deleted, theirs_body, changed_by
         FROM hub_conflicts ORDER BY found_at, global_id",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, bool>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, String>(5)?,
        ))
    })?;
    let mut conflicts = Vec::new();
    for row in rows {
        let (global_id, owner, version, deleted, body, changed_by) = row?;
        conflicts.push(StoredConflict {
            global_id,
            theirs: Version {
                owner,
                version,
                deleted,
                body: parse_body(&body)?,
            },
            changed_by,
        });
    }
    Ok(conflicts)
}

pub(crate) fn has_conflict(conn: &Connection, global_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM hub_conflicts WHERE global_id = ?1",
            [global_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(crate) fn drop_conflict(conn: &Connection, global_id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM hub_conflicts WHERE global_id = ?1",
        [global_id],
    )?;
    Ok(())
}
