//! Versioned, append-only schema migrations.
//!
//! Migration *n* (1-based) brings a database from `PRAGMA user_version = n - 1` to `n`.
//! All pending migrations run in one transaction: either the library is fully upgraded
//! or it is exactly as it was. Never edit a migration that has shipped; append one.

use rusqlite::Connection;

use crate::Result;

/// The embedded migrations, in order.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_library.sql"),
    include_str!("migrations/0002_comparisons.sql"),
];

/// The schema version this build of CoopDesk writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's current schema version.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Runs the migrations from the database's version up to `target` in one transaction.
/// The caller has checked that the database is not newer than this build.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = schema_version(conn)?;
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        tx.execute_batch(sql)?;
        // user_version cannot be bound as a parameter; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
    }
    tx.commit()?;
    Ok(())
}
