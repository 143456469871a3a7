//! The Library screen's commands: search, the record, its checklist, price list,
//! history and documents. Each parses, calls the core, maps the error; `today` and `now`
//! are read here, from the clerk's clock, because the core never reads it.

use chrono::{Local, NaiveDate, NaiveDateTime};
use coopdesk_core::library::checklist::{self, ChecklistEntry};
use coopdesk_core::library::contract::{self, TrashedContract};
use coopdesk_core::library::documents::{self, Document, DocumentKind};
use coopdesk_core::library::history::{self, HistoryEntry};
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::library::search::{self, ExpiryDashboard, Facets, Query, SearchResults};
use coopdesk_core::library::term::{self, TermCheck, TermDates};
use coopdesk_core::library::Contract;
use coopdesk_core::tco::FiscalStart;
use coopdesk_core::{Error, ErrorPayload};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::state::Library;

type Reply<T> = Result<T, ErrorPayload>;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// One page of contracts matching what the clerk typed and the chips chosen.
#[tauri::command(async)]
pub fn search_contracts(library: State<'_, Library>, query: Query) -> Reply<SearchResults> {
    library.with(|db| search::search(db, &query, today()))
}

/// The counts shown on the filter chips for `query`.
#[tauri::command(async)]
pub fn search_facets(library: State<'_, Library>, query: Query) -> Reply<Facets> {
    library.with(|db| search::facets(db, &query, today()))
}

/// What expires within 30, 60 and 90 days.
#[tauri::command(async)]
pub fn expiry_dashboard(library: State<'_, Library>) -> Reply<ExpiryDashboard> {
    library.with(|db| search::expiry_dashboard(db, today()))
}

/// Adds the contract (no `id`) or saves changes to it; answers with what was stored.
#[tauri::command(async)]
pub fn save_contract(library: State<'_, Library>, contract: Contract) -> Reply<Contract> {
    library.with_write(|db| contract::save(db, &contract, now()))
}

/// Whether contract `id` can carry a comparison's option: in force when it would be
/// bought (year 1 from `start`, after `start_delay_months`) and to the end of
/// `horizon_years`, its facts verified within a year.
#[tauri::command(async)]
pub fn contract_term_check(
    library: State<'_, Library>,
    id: i64,
    start: FiscalStart,
    horizon_years: u32,
    start_delay_months: u32,
) -> Reply<TermCheck> {
    let today = today();
    let dates = TermDates::of_comparison(
        start.fiscal_year,
        start.first_month,
        horizon_years,
        start_delay_months,
        today,
    );
    library.with(|db| term::store::term_check(db, id, dates, today))
}

/// "Verified today with the cooperative": records today as the contract's last verified
/// date (kept in its history); answers with the contract as stored.
#[tauri::command(async)]
pub fn mark_contract_verified(library: State<'_, Library>, id: i64) -> Reply<Contract> {
    library.with_write(|db| contract::mark_verified(db, id, today(), now()))
}

/// Moves a contract to the trash.
#[tauri::command(async)]
pub fn delete_contract(library: State<'_, Library>, id: i64) -> Reply<()> {
    library.with_write(|db| contract::delete(db, id, now()))
}

/// Brings a contract back from the trash.
#[tauri::command(async)]
pub fn restore_contract(library: State<'_, Library>, id: i64) -> Reply<()> {
    library.with_write(|db| contract::restore(db, id, now()))
}

/// The contracts in the trash, most recently deleted first.
#[tauri::command(async)]
pub fn list_trash(library: State<'_, Library>) -> Reply<Vec<TrashedContract>> {
    library.with(|db| contract::trash(db))
}

/// A contract's due-diligence checklist, every item in order.
#[tauri::command(async)]
pub fn get_checklist(library: State<'_, Library>, id: i64) -> Reply<Vec<ChecklistEntry>> {
    library.with(|db| checklist::checklist(db, id))
}

/// Saves one checklist item.
#[tauri::command(async)]
pub fn set_checklist_item(
    library: State<'_, Library>,
    id: i64,
    entry: ChecklistEntry,
) -> Reply<()> {
    library.with_write(|db| checklist::set_item(db, id, &entry, now()))
}

/// A contract's history, oldest first.
#[tauri::command(async)]
pub fn contract_history(library: State<'_, Library>, id: i64) -> Reply<Vec<HistoryEntry>> {
    library.with(|db| history::history(db, id))
}

/// A contract's price list.
#[tauri::command(async)]
pub fn get_price_lines(library: State<'_, Library>, id: i64) -> Reply<Vec<PriceLine>> {
    library.with(|db| price_list::price_lines(db, id))
}

/// Replaces a contract's price list.
#[tauri::command(async)]
pub fn set_price_lines(library: State<'_, Library>, id: i64, lines: Vec<PriceLine>) -> Reply<()> {
    library.with_write(|db| price_list::set_price_lines(db, id, &lines, now()))
}

/// The documents attached to a contract, each re-checked against its checksum.
#[tauri::command(async)]
pub fn list_documents(library: State<'_, Library>, id: i64) -> Reply<Vec<Document>> {
    library.with(|db| documents::list_documents(db, id))
}

/// Asks the clerk for a file with the system dialog and attaches a copy of it.
/// Answers `null` when the clerk cancels. The dialog runs here, in Rust, so the window
/// needs no permission to open dialogs or read files itself.
#[tauri::command(async)]
pub fn attach_document<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    id: i64,
    kind: DocumentKind,
) -> Reply<Option<Document>> {
    let Some(picked) = app.dialog().file().blocking_pick_file() else {
        return Ok(None);
    };
    let source = picked.into_path().map_err(|e| {
        ErrorPayload::from(Error::invalid(
            "Document",
            format!("The file chosen cannot be read as a local file ({e}). Choose a file on this computer."),
        ))
    })?;
    library.with_write(|db| documents::attach(db, id, &source, kind, now()).map(Some))
}

/// Removes an attached document and its copy in the library folder.
#[tauri::command(async)]
pub fn remove_document(library: State<'_, Library>, document_id: i64) -> Reply<()> {
    library.with_write(|db| documents::remove_document(db, document_id, now()))
}

/// Opens an attached document in the system's viewer. Only files inside the library's
/// documents folder are opened, whatever the database says, so a tampered record cannot
/// make the app launch an arbitrary program or file.
#[tauri::command(async)]
pub fn open_document<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    id: i64,
    document_id: i64,
) -> Reply<()> {
    let path = library.with(|db| documents::file_to_open(db, id, document_id))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            ErrorPayload::from(Error::invalid(
                "Document",
                format!("The system could not open it ({e}). Check that a program for this kind of file is installed."),
            ))
        })
}

/// A date as the clerk typed it into a form, read by the importer's rules and said back
/// ("Read as 7 December 2026"), or the sentence saying why it is not a date.
#[tauri::command(async)]
pub fn read_date(text: String) -> coopdesk_core::interchange::typed_date::DateReading {
    coopdesk_core::interchange::typed_date::read_date(&text)
}
