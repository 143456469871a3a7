//! Libraries for a test to start from — in memory, or in a folder opened the way the app
//! opens it — and the library file itself, read the way another program would read it.

use std::path::Path;

use std::sync::atomic::AtomicBool;

use chrono::NaiveDateTime;
use coopdesk_core::db::Database;
use coopdesk_core::interchange::{self, Choices, ImportReport, Incoming};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::library::sample;
use coopdesk_core::opening::{self, OpenOptions};

/// An in-memory library holding the ten sample contracts, loaded at `now`.
pub fn sample_library(now: NaiveDateTime) -> Database {
    let mut db = Database::open_in_memory().unwrap();
    sample::load_into(&mut db, now).unwrap();
    db
}

/// The library in the folder `dir`, opened at `now` as the app opens it: created with
/// the sample contracts when there is none, backed up once a day, migrated.
pub fn open(dir: &Path, now: NaiveDateTime) -> Database {
    open_with(dir, now, true)
}

/// The same, but a new library starts empty (as `coopdesk-cli init --empty` makes it).
pub fn open_without_sample(dir: &Path, now: NaiveDateTime) -> Database {
    open_with(dir, now, false)
}

fn open_with(dir: &Path, now: NaiveDateTime, seed_sample: bool) -> Database {
    opening::open(dir, OpenOptions { now, seed_sample })
        .unwrap_or_else(|e| panic!("the library in {} opens: {e}", dir.display()))
        .0
}

/// The contract whose number is `number`.
pub fn contract_numbered(db: &Database, number: &str) -> Contract {
    contract::all(db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == number)
        .unwrap_or_else(|| panic!("the library holds contract {number}"))
}

/// Every contract without its id, sorted by cooperative, number and vendor: two libraries
/// that hold the same contracts give the same list.
pub fn contents(db: &Database) -> Vec<Contract> {
    let mut all: Vec<Contract> = contract::all(db)
        .unwrap()
        .into_iter()
        .map(|c| Contract { id: None, ..c })
        .collect();
    all.sort_by(|a, b| {
        (&a.cooperative, &a.contract_number, &a.vendor_name).cmp(&(
            &b.cooperative,
            &b.contract_number,
            &b.vendor_name,
        ))
    });
    all
}

/// Every contract's price list, by contract number, for comparing two libraries.
pub fn price_lists(db: &Database) -> Vec<(String, Vec<PriceLine>)> {
    let mut lists: Vec<(String, Vec<PriceLine>)> = contract::all(db)
        .unwrap()
        .into_iter()
        .map(|c| {
            let lines = price_list::price_lines(db, c.id.unwrap()).unwrap();
            (c.contract_number, lines)
        })
        .collect();
    lists.sort_by(|a, b| a.0.cmp(&b.0));
    lists
}

/// The library file in `dir`, opened directly: no migration, no backup, no recovery —
/// what is on the disk.
pub fn library_file(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("library.sqlite3")).unwrap()
}

/// SQLite's own check of the library file in `dir`: `"ok"` when it is whole.
pub fn integrity(dir: &Path) -> String {
    library_file(dir)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Plans `incoming` against the library and imports it at `now` with `choices`, as the
/// window's Import button does: no progress shown, never cancelled.
pub fn import(
    db: &Database,
    incoming: Incoming,
    choices: &Choices,
    now: NaiveDateTime,
) -> ImportReport {
    let plan = interchange::plan(db, incoming).unwrap();
    interchange::apply(
        db,
        &plan,
        choices,
        now,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}
