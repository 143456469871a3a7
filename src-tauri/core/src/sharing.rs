//! The shared library as the window shows it: Settings → Shared library and the status
//! bar, over [`crate::hub`] (which does the sharing itself; docs/hub.md).
//!
//! ## Brief overview
//!
//! - [`SharedLibrary`] is what the section shows: the hub joined, when it last synced,
//!   what waits to be shared, the conflicts, what is shared — and how the last sync went
//!   ([`SyncState`], which the app keeps, since only it knows a sync is under way).
//! - [`SharedConflict`] is a conflict as the plan shows it, field by field with each
//!   value as text and each field in plain words; [`ConflictChoice`] is the clerk's
//!   answer.
//! - A sync waits on the network, so the app runs it on a connection of its own
//!   ([`open_beside`]), never on the one the window reads through; [`changes_seen`] tells
//!   it when the window changed the library, so that a change is shared soon after.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Database;
use crate::hub::kinds::{approval, checklist, comparison, memo, settings};
use crate::hub::{self, ConflictKind, HubAddress, Resolution};
use crate::library::contract::field_label;
use crate::library::history::text_of;
use crate::paths::DATABASE_FILE;
use crate::Result;

/// What is shared with the office today, in the clerk's words (docs/hub.md: the other
/// kinds are the next slices).
const SHARED_WITH_THE_OFFICE: &[&str] = &[
    "Contracts (with their facts, notes, price lists and documents)",
    "Due-diligence checklists",
    "Saved comparisons",
    "Memos (drafts, and printed versions as printed)",
    "Council actions with their purchases",
    "The office's settings (not this computer's own: its hub link, calendar file and import mappings)",
];

/// The Shared library section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedLibrary {
    /// The hub this library is joined to; `None` when it shares nothing.
    pub hub: Option<JoinedHub>,
    /// Records changed here that the hub has not received yet.
    pub waiting: i64,
    /// Records changed both here and on the hub, waiting for the clerk.
    pub conflicts: i64,
    /// What the office shares, in words.
    pub shared: Vec<String>,
    /// A sentence for each document the hub did not take (over the size limit its
    /// administrator set): its contract was shared without it.
    pub documents_not_shared: Vec<String>,
    pub sync: SyncState,
}

/// The hub a library is joined to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JoinedHub {
    /// `postgresql://LOGIN@SERVER:PORT/DATABASE`, never with a password.
    pub url: String,
    /// `SERVER:PORT/DATABASE`, for sentences.
    pub place: String,
    /// The member jurisdiction this library shares as.
    pub member_name: String,
    /// ISO date and time.
    pub joined_at: String,
    /// ISO date and time of the last sync that completed, if any.
    pub last_synced_at: Option<String>,
}

/// How syncing goes, as the app knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    /// A sync is under way.
    pub syncing: bool,
    /// Why the last sync did not complete; `None` when it did (or none was tried).
    pub problem: Option<SyncProblem>,
}

/// A sync that did not complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncProblem {
    /// The hub's server could not be reached at all (no network, server down): the
    /// changes wait and the next sync shares them. Otherwise the clerk has something to
    /// do (the message says what).
    pub offline: bool,
    pub message: String,
    /// ISO date and time of the attempt.
    pub at: String,
}

/// A shared record (a contract, a saved comparison) changed both here and on the hub, as
/// the plan shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedConflict {
    pub global_id: String,
    /// The record as a clerk names it: a contract by cooperative, number, title and
    /// vendor; a comparison as `Comparison “title”`.
    pub contract: String,
    pub case: ConflictCase,
    /// Who changed it on the hub (their login).
    pub changed_by: String,
    pub fields: Vec<ConflictField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ConflictCase {
    /// The same fields changed here and on the hub: chosen field by field.
    BothChanged,
    /// Moved to the trash here, changed on the hub: chosen whole.
    DeletedHere,
    /// Changed here, deleted on the hub: chosen whole.
    DeletedThere,
}

/// One field of a conflict: as both sides last agreed, here, and on the hub, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictField {
    /// The field's wire name (`title`, `expiryDate`), what a choice names.
    pub field: String,
    /// In plain words.
    pub label: String,
    pub base: String,
    pub mine: String,
    pub theirs: String,
}

/// The clerk's answer to a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "choice")]
pub enum ConflictChoice {
    /// This library's version, whole.
    KeepMine,
    /// The hub's version, whole.
    TakeTheirs,
    /// Field by field: the hub's value of the fields named, this library's of the others.
    #[serde(rename_all = "camelCase")]
    Fields { take_theirs: Vec<String> },
}

/// The section as it is now, with `sync` as the app knows it.
pub fn shared_library(db: &Database, sync: SyncState) -> Result<SharedLibrary> {
    let status = hub::status(db)?;
    let hub = match status.link {
        None => None,
        Some(link) => {
            let place = HubAddress::parse(&link.url, None)
                .map(|address| address.place())
                .unwrap_or_else(|_| link.url.clone());
            Some(JoinedHub {
                url: link.url,
                place,
                member_name: link.member_name,
                joined_at: link.joined_at,
                last_synced_at: link.last_synced_at,
            })
        }
    };
    Ok(SharedLibrary {
        hub,
        waiting: status.waiting,
        conflicts: status.conflicts as i64,
        shared: SHARED_WITH_THE_OFFICE
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        documents_not_shared: status.documents_not_shared,
        sync,
    })
}

/// Joins the hub at `url` (trusting `ca_file` too, when given) with `password`.
pub fn join(
    db: &Database,
    url: &str,
    ca_file: Option<&Path>,
    password: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let address = HubAddress::parse(url, ca_file)?;
    if password.is_empty() {
        return Err(crate::Error::invalid(
            "Password",
            "is empty; type the password the hub's administrator gave you with the address.",
        ));
    }
    hub::join(db, &address, password, now).map(|_| ())
}

/// The conflicts, each field in words and each value as text.
pub fn conflicts(db: &Database) -> Result<Vec<SharedConflict>> {
    Ok(hub::conflicts(db)?
        .into_iter()
        .map(|conflict| SharedConflict {
            global_id: conflict.global_id,
            contract: conflict.contract,
            case: match conflict.kind {
                ConflictKind::BothChanged => ConflictCase::BothChanged,
                ConflictKind::DeletedHereChangedThere => ConflictCase::DeletedHere,
                ConflictKind::ChangedHereDeletedThere => ConflictCase::DeletedThere,
            },
            changed_by: conflict.changed_by,
            fields: conflict
                .fields
                .into_iter()
                .map(|f| ConflictField {
                    label: match conflict.record.as_str() {
                        "comparison" => comparison::field_label(&f.field).to_owned(),
                        "memo" => memo::field_label(&f.field),
                        "checklist" => checklist::field_label(&f.field).to_owned(),
                        "approval" => approval::field_label(&f.field).to_owned(),
                        "setting" => settings::field_label(&f.field).to_owned(),
                        _ => field_label(&f.field).to_owned(),
                    },
                    base: text_of(Some(&f.base)),
                    mine: text_of(Some(&f.mine)),
                    theirs: text_of(Some(&f.theirs)),
                    field: f.field,
                })
                .collect(),
        })
        .collect())
}

/// Settles the conflict on `global_id` with the clerk's `choice`.
pub fn resolve(
    db: &Database,
    global_id: &str,
    choice: &ConflictChoice,
    now: NaiveDateTime,
) -> Result<()> {
    let resolution = match choice {
        ConflictChoice::KeepMine => Resolution::KeepMine,
        ConflictChoice::TakeTheirs => Resolution::TakeTheirs,
        ConflictChoice::Fields { take_theirs } => Resolution::Fields {
            take_theirs: take_theirs.clone(),
        },
    };
    hub::resolve(db, global_id, &resolution, now)
}

/// Whether the library is joined, and if so how many contracts wait to be shared.
pub fn waiting(db: &Database) -> Result<Option<i64>> {
    match hub::local::link(db)? {
        None => Ok(None),
        Some(_) => Ok(Some(hub::local::outbox_len(db)?)),
    }
}

/// A number that changes whenever another connection commits a change to the library
/// (SQLite's `data_version`): on the sync's own connection, the window's changes.
pub fn changes_seen(db: &Database) -> Result<i64> {
    Ok(db
        .conn()
        .query_row("PRAGMA data_version", [], |row| row.get(0))?)
}

/// Another connection to the library in `data_dir`, which the app has opened (checked,
/// migrated) already: a sync waits on the network, and must not hold the window's.
pub fn open_beside(data_dir: &Path) -> Result<Database> {
    Database::connect(&data_dir.join(DATABASE_FILE))
}

/// Whether the hub's server answers on its port at all — when a sync failed, this tells
/// "offline" (wait, the changes are kept) from a problem the clerk must act on (a
/// password, a certificate).
pub fn reachable(url: &str) -> bool {
    let Ok(address) = HubAddress::parse(url, None) else {
        return false;
    };
    let Ok(places) = (address.host(), address.port()).to_socket_addrs() else {
        return false;
    };
    places
        .into_iter()
        .any(|place| TcpStream::connect_timeout(&place, Duration::from_secs(5)).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_that_shares_nothing_says_so_and_what_it_would_share() {
        let db = Database::open_in_memory().unwrap();
        let shown = shared_library(&db, SyncState::default()).unwrap();
        assert_eq!(shown.hub, None, "not joined");
        assert_eq!((shown.waiting, shown.conflicts), (0, 0));
        assert_eq!(
            shown.shared,
            [
                "Contracts (with their facts, notes, price lists and documents)",
                "Due-diligence checklists",
                "Saved comparisons",
                "Memos (drafts, and printed versions as printed)",
                "Council actions with their purchases",
                "The office's settings (not this computer's own: its hub link, calendar file \
                 and import mappings)"
            ]
        );
        assert_eq!(waiting(&db).unwrap(), None, "nothing waits when not joined");
    }

    #[test]
    fn a_choice_reads_as_the_window_sends_it() {
        let fields: ConflictChoice =
            serde_json::from_str(r#"{"choice": "fields", "takeTheirs": ["title"]}"#).unwrap();
        assert_eq!(
            fields,
            ConflictChoice::Fields {
                take_theirs: vec!["title".into()]
            }
        );
        let whole: ConflictChoice = serde_json::from_str(r#"{"choice": "keepMine"}"#).unwrap();
        assert_eq!(whole, ConflictChoice::KeepMine);
    }

    #[test]
    fn a_server_nobody_listens_on_is_not_reachable() {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = free.local_addr().unwrap().port();
        drop(free);
        assert!(!reachable(&format!(
            "postgresql://clerk@127.0.0.1:{port}/hub"
        )));
        let listening = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listening.local_addr().unwrap().port();
        assert!(reachable(&format!(
            "postgresql://clerk@127.0.0.1:{port}/hub"
        )));
    }

    #[test]
    fn the_window_changing_the_library_is_seen_on_the_sync_connection() {
        let dir = tempfile::tempdir().unwrap();
        let window = Database::connect(&dir.path().join(DATABASE_FILE)).unwrap();
        let beside = open_beside(dir.path()).unwrap();
        let before = changes_seen(&beside).unwrap();
        let contract = crate::library::Contract {
            cooperative: "Sourcewell".into(),
            contract_number: "SW-1".into(),
            title: "Snow plows".into(),
            vendor_name: "Plowco Inc.".into(),
            ..Default::default()
        };
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        crate::library::contract::insert(&window, &contract, now).unwrap();
        assert_ne!(
            changes_seen(&beside).unwrap(),
            before,
            "a commit on the window's connection is seen beside it"
        );
    }
}
