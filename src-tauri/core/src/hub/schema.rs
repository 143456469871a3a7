//! The hub's own schema: numbered, append-only PostgreSQL migrations, versioned like the
//! library's. A client checks the version before it reads or writes anything: a hub
//! newer than the client is refused with a sentence, never written to.

use postgres::GenericClient;

use super::HubAddress;
use crate::{Error, Result};

/// The hub's migrations, in order; migration *n* brings the hub to version *n*.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_hub.sql"),
    include_str!("migrations/0002_region.sql"),
    include_str!("migrations/0003_documents.sql"),
];

/// The hub schema version this build of CoopDesk writes and understands.
pub const HUB_SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// An arbitrary number: the advisory lock two `hub init` runs take so that one migrates.
const MIGRATION_LOCK: i64 = 0x00c0_0bde_5c00;

/// The hub's schema version, or `None` when the database holds no CoopDesk hub.
pub fn version(client: &mut impl GenericClient) -> Result<Option<i32>> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('coopdesk.schema_version') IS NOT NULL",
            &[],
        )
        .map_err(hub_error)?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let version: Option<i32> = client
        .query_one("SELECT max(version) FROM coopdesk.schema_version", &[])
        .map_err(hub_error)?
        .get(0);
    Ok(Some(version.unwrap_or(0)))
}

/// Refuses a database that is no hub, a hub newer than this CoopDesk, and one older
/// than it (its administrator upgrades it with `hub init`).
pub(crate) fn check(client: &mut impl GenericClient, address: &HubAddress) -> Result<()> {
    match version(client)? {
        None => Err(Error::Hub(format!(
            "{} is not a CoopDesk hub (it has no CoopDesk schema). Its administrator sets it \
             up with coopdesk-cli hub init.",
            address.place()
        ))),
        Some(found) if found > HUB_SCHEMA_VERSION => Err(Error::NewerHub {
            place: address.place(),
            found,
            supported: HUB_SCHEMA_VERSION,
        }),
        Some(found) if found < HUB_SCHEMA_VERSION => Err(Error::Hub(format!(
            "The hub at {} is older than this CoopDesk (hub schema version {found}; this \
             version needs {HUB_SCHEMA_VERSION}). Nothing was sent or received. Its \
             administrator upgrades it with coopdesk-cli hub init.",
            address.place()
        ))),
        Some(_) => Ok(()),
    }
}

/// Brings the hub's schema up to this version in one transaction; answers the version
/// it was at. A hub newer than this CoopDesk is left untouched.
pub(crate) fn migrate(client: &mut postgres::Client, address: &HubAddress) -> Result<i32> {
    let mut tx = client.transaction().map_err(hub_error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(hub_error)?;
    let current = version(&mut tx)?.unwrap_or(0);
    if current > HUB_SCHEMA_VERSION {
        return Err(Error::NewerHub {
            place: address.place(),
            found: current,
            supported: HUB_SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.batch_execute(sql).map_err(hub_error)?;
        let number = index as i32 + 1;
        tx.execute(
            "INSERT INTO coopdesk.schema_version (version) VALUES ($1)",
            &[&number],
        )
        .map_err(hub_error)?;
    }
    tx.commit().map_err(hub_error)?;
    Ok(current)
}

/// A hub's answer to a statement, as a sentence (never with a password: none is sent
/// in a statement).
pub(crate) fn hub_error(error: postgres::Error) -> Error {
    match error.as_db_error() {
        // lock_not_available: lock_timeout passed while another push held the log.
        Some(db) if db.code().code() == "55P03" => Error::Hub(format!(
            "Another laptop has been sharing its changes with the hub for over {} seconds \
             (or stopped half-way and the hub has not let it go yet). Nothing was sent and \
             nothing was lost; sync again in a minute.",
            super::connect::LOCK_WAIT.as_secs()
        )),
        // The server ended the session (shut down, restarted, its administrator, the idle
        // limit) or the connection broke: it says so before closing, or just closes.
        Some(db) if session_ended(db.code().code()) => connection_lost(db.message()),
        Some(db) => Error::Hub(format!("The hub refused: {}.", db.message())),
        None => connection_lost(&error.to_string()),
    }
}

/// SQLSTATEs of a session the server ended or lost: class 08 (connection exception),
/// class 57 (operator intervention: admin or crash shutdown, cannot connect now) and
/// 25P03 (idle in transaction too long).
fn session_ended(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("57P") || code == "25P03"
}

fn connection_lost(cause: &str) -> Error {
    Error::Hub(format!(
        "The connection to the hub was lost ({cause}). Nothing half-done was kept; your \
         changes stay in this library and are shared at the next sync."
    ))
}

#[cfg(test)]
mod tests {
    use super::session_ended;

    #[test]
    fn a_session_the_server_ended_is_a_lost_connection_not_a_refusal() {
        for ended in ["57P01", "57P02", "57P03", "08006", "08003", "25P03"] {
            assert!(session_ended(ended), "{ended}");
        }
        for refused in ["42501", "23505", "55P03", "28P01", "P0001"] {
            assert!(!session_ended(refused), "{refused}");
        }
    }
}
