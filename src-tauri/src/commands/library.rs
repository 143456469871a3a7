//! The Library screen's commands: search, the record, its checklist, price list,
//! history and documents. Each parses, calls the core, maps the error; `today` and `now`
//! are read here, from the clerk's clock, because the core never reads it.

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate, NaiveDateTime};
use coopdesk_core::library::checklist::{self, ChecklistEntry};
use coopdesk_core::library::contract::{self, TrashedContract};
use coopdesk_core::library::documents::{self, Document, DocumentKind, DOCUMENTS_DIR};
use coopdesk_core::library::history::{self, HistoryEntry};
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::library::search::{self, ExpiryDashboard, Facets, Query, SearchResults};
use coopdesk_core::library::Contract;
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
    library.with(|db| {
        let id = match contract.id {
            Some(id) => contract::update(db, &contract, now()).map(|()| id),
            None => contract::insert(db, &contract, now()),
        }?;
        contract::get(db, id)
    })
}

/// Moves a contract to the trash.
#[tauri::command(async)]
pub fn delete_contract(library: State<'_, Library>, id: i64) -> Reply<()> {
    library.with(|db| contract::delete(db, id, now()))
}

/// Brings a contract back from the trash.
#[tauri::command(async)]
pub fn restore_contract(library: State<'_, Library>, id: i64) -> Reply<()> {
    library.with(|db| contract::restore(db, id, now()))
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
    library.with(|db| checklist::set_item(db, id, &entry, now()))
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
    library.with(|db| price_list::set_price_lines(db, id, &lines, now()))
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
    library.with(|db| documents::attach(db, id, &source, kind, now()).map(Some))
}

/// Removes an attached document and its copy in the library folder.
#[tauri::command(async)]
pub fn remove_document(library: State<'_, Library>, document_id: i64) -> Reply<()> {
    library.with(|db| documents::remove_document(db, document_id, now()))
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
    let path = library.with(|db| {
        let document = documents::list_documents(db, id)?
            .into_iter()
            .find(|d| d.id == document_id)
            .ok_or_else(|| Error::NotFound {
                what: format!("Document #{document_id}"),
            })?;
        let folder = db
            .path()
            .and_then(Path::parent)
            .map(|dir| dir.join(DOCUMENTS_DIR));
        inside(folder, &document.path)
    })?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            ErrorPayload::from(Error::invalid(
                "Document",
                format!("The system could not open it ({e}). Check that a program for this kind of file is installed."),
            ))
        })
}

/// `path`, resolved, when it is a file inside `folder`; an error otherwise.
fn inside(folder: Option<PathBuf>, path: &Path) -> coopdesk_core::Result<PathBuf> {
    let refused = || {
        Error::invalid(
            "Document",
            "This file is not in the library's documents folder, so CoopDesk will not open it. Attach it again.",
        )
    };
    let folder = folder
        .ok_or_else(refused)?
        .canonicalize()
        .map_err(|_| refused())?;
    let file = path.canonicalize().map_err(|_| {
        Error::invalid(
            "Document",
            "The file is missing from the library folder. Attach it again.",
        )
    })?;
    if file.starts_with(&folder) && file.is_file() {
        Ok(file)
    } else {
        Err(refused())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_documents_folder_may_be_opened() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(DOCUMENTS_DIR);
        std::fs::create_dir_all(folder.join("1")).unwrap();
        std::fs::write(folder.join("1/award.pdf"), b"%PDF").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"x").unwrap();

        assert!(inside(Some(folder.clone()), &folder.join("1/award.pdf")).is_ok());
        assert!(
            inside(Some(folder.clone()), &folder.join("1/../../secret.txt")).is_err(),
            "a path climbing out of the folder is refused"
        );
        assert!(
            inside(Some(folder.clone()), &folder.join("1/gone.pdf")).is_err(),
            "a missing file is refused"
        );
        assert!(inside(None, &folder.join("1/award.pdf")).is_err());
    }
}
