//! The office's settings as a shared kind (`setting` on the hub, office only: the hub
//! refuses it in the region): one record per office, each setting a field, so that two
//! laptops changing different settings merge and the same setting changed on both is a
//! conflict in the plan.
//!
//! The office's settings are the rows of the `settings` table named in [`OFFICE_KEYS`];
//! every other row is this computer's own and never travels (the calendar's file and the
//! library's calendar id, the mappings remembered for the files imported here). The
//! record's anchor is the one row of `hub_settings` (migration 0025), which holds its
//! global id. A setting at its default is left out of the body, so that a laptop that
//! never set it takes the other's value instead of disputing it.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::{Kind, Record, SameCopy};
use crate::db::Database;
use crate::settings::{store, Settings};
use crate::{Error, Result};

pub(crate) const KIND: Kind = Kind {
    name: "setting",
    table: "hub_settings",
    // Shared once set here (or shared already): a new library's blank settings do not
    // wait to be shared.
    live: "SELECT id FROM hub_settings WHERE global_id IS NOT NULL
           OR EXISTS (SELECT 1 FROM settings WHERE key IN (SELECT key FROM hub_settings_keys))",
    read,
    insert,
    write,
    same_copy,
    label,
};

/// The settings the office shares: who the memos speak for and under which authority,
/// their header lines and signers, the paper and logo, the fiscal year, the approved
/// cooperatives, the policy discount rate, the spending thresholds and the renewal and
/// insurance reminders. Migration 0025's `hub_settings_keys` names the same keys, for
/// its triggers.
pub(crate) fn office_keys() -> Vec<&'static str> {
    let mut keys = store::KEYS.to_vec();
    keys.extend([
        store::LOGO_KEY,
        store::CHANGE_ORDER_THRESHOLD_KEY,
        store::COUNCIL_ACTION_THRESHOLD_KEY,
        DUE_REMINDERS_KEY,
    ]);
    keys
}

/// The reminders' settings (`due::store`'s key: the lead time and the insurance minimums),
/// named here rather than imported, since `due` depends on the hub through `spending` and
/// `interchange`. With no default here either: once the clerk saved them, they are set.
pub(crate) const DUE_REMINDERS_KEY: &str = "dueReminders";

/// The settings kept as JSON (a list or an object), shared as that JSON rather than as
/// its text.
fn is_json(key: &str) -> bool {
    matches!(
        key,
        "signers" | "approvedCooperatives" | "logo" | "changeOrderThreshold" | "dueReminders"
    )
}

/// The text each office setting of the Settings screen is kept as when the clerk never
/// changed it.
fn defaults() -> Result<Vec<(&'static str, String)>> {
    store::stored(&Settings::default())
}

/// The office's settings as they are shared: each one not at its default, by key.
fn shared_body(conn: &Connection) -> Result<Map<String, Value>> {
    let defaults = defaults()?;
    let mut stmt = conn.prepare("SELECT value FROM settings WHERE key = ?1")?;
    let mut body = Map::new();
    for key in office_keys() {
        let Some(text) = stmt
            .query_row([key], |row| row.get::<_, String>(0))
            .optional()?
        else {
            continue;
        };
        if defaults.iter().any(|(k, d)| *k == key && *d == text) {
            continue;
        }
        let value = if is_json(key) {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        } else {
            Value::String(text)
        };
        body.insert(key.to_owned(), value);
    }
    Ok(body)
}

/// The office's settings as shared; `None` while nothing was set here and nothing
/// shared (every setting at its default): a new library does not share its blank
/// settings, and takes the office's at its first sync.
fn read(db: &Database, id: i64) -> Result<Option<Record>> {
    let conn = db.conn();
    let found: Option<Option<String>> = conn
        .query_row(
            "SELECT global_id FROM hub_settings WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?;
    let Some(global_id) = found else {
        return Ok(None);
    };
    let body = shared_body(conn)?;
    if global_id.is_none() && body.is_empty() {
        return Ok(None);
    }
    Ok(Some(Record {
        kind: &KIND,
        id: Some(id),
        global_id,
        deleted: false,
        body: Value::Object(body),
    }))
}

/// A second settings record of this office: one laptop shared its settings while another
/// was sharing its own, before either had received the other's. The library keeps the
/// one it shares; the other stays on the hub, named by the sync.
fn insert(_: &Database, _: &Value, _: NaiveDateTime) -> Result<i64> {
    Err(Error::invalid(
        "Not added",
        "this library already shares the office's settings as another record (two laptops \
         shared theirs at the same moment); its own settings stay as they are.",
    ))
}

/// Writes the hub's settings over the library's: each office setting in the body is
/// kept, each one missing goes back to its default. Nothing else of the `settings`
/// table is touched, whatever the body holds (this computer's own settings, or a
/// setting a later CoopDesk shares). The caller holds the transaction.
fn write(db: &Database, _: &Record, _: bool, body: &Value, _: NaiveDateTime) -> Result<()> {
    let tx = db.conn();
    for key in office_keys() {
        match body.get(key) {
            None | Some(Value::Null) => {
                tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            }
            Some(value) => {
                let text = match value {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [key, text.as_str()],
                )?;
            }
        }
    }
    Ok(())
}

/// The office has one settings record: the hub's is this library's, unless this library
/// already shares its own under another global id. Changed here when any setting is
/// not at its default (then each setting both laptops set differently is asked).
fn same_copy(db: &Database, _: &Value) -> Result<Option<SameCopy>> {
    let conn = db.conn();
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM hub_settings WHERE global_id IS NULL",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let Some(id) = id else {
        return Ok(None);
    };
    let changed = !shared_body(conn)?.is_empty();
    Ok(Some(SameCopy { id, changed }))
}

/// A setting, as the conflict plan names it (one this CoopDesk does not know: its key).
pub(crate) fn field_label(field: &str) -> &str {
    match field {
        "jurisdictionName" => "Jurisdiction name",
        "state" => "State",
        "entityType" => "Type of entity",
        "legalAuthority" => "Legal authority for cooperative purchasing",
        "fiscalYearStartMonth" => "Fiscal year starts in (month)",
        "memoTo" => "Memos are addressed to",
        "authorizedSigner" => "Who signs purchases",
        "signers" => "Approval lines",
        "paper" => "Paper",
        "approvedCooperatives" => "Cooperatives approved as sources",
        "policyDiscountRate" => "Policy discount rate (a fraction)",
        "policyDiscountSource" => "Where the rate comes from",
        "logo" => "Logo",
        "changeOrderThreshold" => "Change orders need council action above",
        "councilActionThreshold" => "Purchases need council action above (dollars)",
        "dueReminders" => "Reminders: lead time and insurance minimums",
        other => other,
    }
}

fn label(_: &Value) -> String {
    "The office's settings".to_owned()
}
