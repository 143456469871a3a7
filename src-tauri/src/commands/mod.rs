//! The commands the UI invokes. Each one parses, calls the core, maps the error.
//!
//! They run off the main thread (`async`), so a slow disk never freezes the window.
//! Every command is named once, in `list.rs`: that list registers it (`handler`), puts
//! it under the capability ACL and grants it to the window (`build.rs`), and gives the
//! UI its name, arguments and reply (`ui/types/Command.ts`, which `ui/js/api.js` is
//! checked against). `list.rs` says how to add one. The types a command takes and
//! answers are declared in the core, where the UI's TypeScript is generated from them.

use chrono::Local;
use coopdesk_core::info::{library_info as describe, LibraryInfo};
use coopdesk_core::library::{contract, summary, Contract, ContractSummary};
use coopdesk_core::settings::{self, Settings};
use coopdesk_core::ErrorPayload;
use tauri::ipc::Invoke;
use tauri::{Runtime, State};

use crate::state::Library;

pub mod backups;
pub mod comparisons;
pub mod due;
pub mod hub;
pub mod interchange;
pub mod library;
pub mod memos;
pub mod renewal;
pub mod spending;
pub mod spending_import;

type Reply<T> = Result<T, ErrorPayload>;

/// Makes `handler` from the list in `list.rs`: `module: command, …;` becomes the path
/// `module::command` for `generate_handler!`.
macro_rules! window_commands {
    ($($module:ident: $($command:ident),+ $(,)?;)*) => {
        /// Every command in `list.rs`, for `Builder::invoke_handler`.
        pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($($module::$command),+),*]
        }
    };
}
include!("list.rs");

/// Asks where to save a file in the system dialog, starting in the documents folder.
/// `None` when the clerk cancels; a name typed without an extension gets `extension`.
fn ask_where_to_save<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    file_name: &str,
    (kind, extension): (&str, &str),
) -> Reply<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(kind, &[extension]);
    if let Some(documents) = dirs::document_dir() {
        dialog = dialog.set_directory(documents);
    }
    let Some(picked) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let mut path = picked.into_path().map_err(|e| {
        ErrorPayload::from(coopdesk_core::Error::invalid(
            "File",
            format!("The place chosen is not a folder on this computer ({e}). Choose another."),
        ))
    })?;
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    Ok(Some(path))
}

/// Where the library is and what it holds.
#[tauri::command(async)]
pub fn library_info(library: State<'_, Library>) -> Reply<LibraryInfo> {
    library.with(|db| describe(db))
}

/// The rows of the Library table, with each contract's status today.
#[tauri::command(async)]
pub fn list_contracts(library: State<'_, Library>) -> Reply<Vec<ContractSummary>> {
    let today = Local::now().date_naive();
    library.with(|db| summary::list(db, today))
}

/// One contract with every fact.
#[tauri::command(async)]
pub fn get_contract(library: State<'_, Library>, id: i64) -> Reply<Contract> {
    library.with(|db| contract::get(db, id))
}

/// The jurisdiction's settings.
#[tauri::command(async)]
pub fn get_settings(library: State<'_, Library>) -> Reply<Settings> {
    library.with(|db| settings::load(db))
}

/// "Choose logo…": the system dialog for a PNG or JPEG, then the logo checked and kept.
/// Answers the settings as stored, or `null` when the clerk cancels.
#[tauri::command(async)]
pub fn choose_logo<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    library: State<'_, Library>,
    alt: String,
) -> Reply<Option<Settings>> {
    use tauri_plugin_dialog::DialogExt;
    let picked = app
        .dialog()
        .file()
        .set_title("Choose the logo memos print")
        .add_filter("PNG or JPEG image", &["png", "jpg", "jpeg"])
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    library
        .with_write(|db| {
            settings::set_logo_from_file(db, &path, &alt)?;
            settings::load(db)
        })
        .map(Some)
}

/// Removes the logo; answers the settings as stored.
#[tauri::command(async)]
pub fn remove_logo(library: State<'_, Library>) -> Reply<Settings> {
    library.with_write(|db| {
        settings::set_logo(db, None)?;
        settings::load(db)
    })
}

/// Validates and saves the settings; returns what was stored.
#[tauri::command(async)]
pub fn save_settings(library: State<'_, Library>, settings: Settings) -> Reply<Settings> {
    library.with_write(|db| settings::save(db, &settings))
}
