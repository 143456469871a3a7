//! The import and export commands: choose a file, map its columns, see the plan, import
//! or cancel; export a selection.
//!
//! The file is chosen in the system dialog, here in Rust, and its path never crosses to
//! the window: the window asks to plan or import "the file chosen", so a page cannot make
//! the app read a file the clerk did not pick. The plan is kept here between "show" and
//! "import". Long work reports `Progress` as events (`import-progress`,
//! `export-progress`) and stops when `cancel_interchange` sets the flag.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{Local, NaiveDateTime};
use coopdesk_core::interchange::{
    self, mapping, workbook, Choices, ChosenFile, Exported, Format, ImportFile, ImportReport,
    Mapping, Plan, PlanSummary,
};
use coopdesk_core::{Error, ErrorPayload};
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::{ask_where_to_save, Reply};
use crate::state::Library;

/// What an import in progress holds between its steps.
#[derive(Debug, Default)]
pub struct Interchange {
    session: Mutex<Option<Session>>,
    cancel: Arc<AtomicBool>,
}

#[derive(Debug)]
struct Session {
    /// The file, its format and a workbook's sheet and header row, as shown to the clerk.
    file: ImportFile,
    mapping: Option<Mapping>,
    plan: Option<Plan>,
}

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

fn session_lock(state: &Interchange) -> std::sync::MutexGuard<'_, Option<Session>> {
    state.session.lock().unwrap_or_else(|p| p.into_inner())
}

fn no_file() -> ErrorPayload {
    ErrorPayload::from(Error::invalid(
        "Import",
        "No file is chosen for import any more. Choose the file again.",
    ))
}

/// Asks for a file to import (CSV, OCDS JSON or a CoopDesk bundle). `null` when the
/// clerk cancels.
#[tauri::command(async)]
pub fn choose_import_file<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    interchange: State<'_, Interchange>,
) -> Reply<Option<ChosenFile>> {
    let Some(picked) = app
        .dialog()
        .file()
        .set_title("Import contracts from")
        .add_filter(
            "Contracts (CSV, Excel, OpenDocument, OCDS, CoopDesk bundle)",
            &[
                "csv", "txt", "xlsx", "xlsm", "xls", "ods", "json", "coopdesk",
            ],
        )
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|e| {
        ErrorPayload::from(Error::invalid(
            "Import",
            format!("The file chosen cannot be read as a local file ({e})."),
        ))
    })?;
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let format = Format::from_file_name(&file_name).ok_or_else(|| {
        ErrorPayload::from(Error::invalid(
            "Import",
            format!(
                "{file_name} is not a file CoopDesk imports. Choose a .csv or .xlsx \
                 spreadsheet, an OCDS .json file or a .coopdesk bundle."
            ),
        ))
    })?;
    let mut session = Session {
        file: ImportFile {
            path,
            format,
            sheet: workbook::WorkbookChoice::default(),
        },
        mapping: None,
        plan: None,
    };
    let chosen = describe(&library, &mut session)?;
    *session_lock(&interchange) = Some(session);
    Ok(Some(chosen))
}

/// Reads the chosen workbook's `sheet` instead, with its headers on `header_row` (found
/// when `null`), and maps its columns again.
#[tauri::command(async)]
pub fn choose_workbook_sheet(
    library: State<'_, Library>,
    interchange: State<'_, Interchange>,
    sheet: String,
    header_row: Option<u32>,
) -> Reply<ChosenFile> {
    let mut session = session_lock(&interchange).take().ok_or_else(no_file)?;
    let previous = std::mem::replace(
        &mut session.file.sheet,
        workbook::WorkbookChoice {
            sheet: Some(sheet),
            header_row,
        },
    );
    let chosen = describe(&library, &mut session);
    if chosen.is_err() {
        // The clerk's last good choice stays; the error says what is wrong with this one.
        session.file.sheet = previous;
    }
    *session_lock(&interchange) = Some(session);
    chosen
}

/// What the import screen shows of the session's file: a spreadsheet's headers and the
/// mapping remembered (else guessed) for them; a workbook's sheets.
fn describe(library: &Library, session: &mut Session) -> Reply<ChosenFile> {
    let chosen = session
        .file
        .describe(|headers| library.with(|db| mapping::for_headers(db, headers)))?;
    session.mapping = chosen.mapping.clone();
    Ok(chosen)
}

/// Reads the chosen file (with `mapping` for a CSV), checks every row and compares it
/// with the library. Writes nothing.
#[tauri::command(async)]
pub fn plan_import(
    library: State<'_, Library>,
    interchange: State<'_, Interchange>,
    mapping: Option<Mapping>,
) -> Reply<PlanSummary> {
    let file = {
        let session = session_lock(&interchange);
        session.as_ref().ok_or_else(no_file)?.file.clone()
    };
    if let Some(mapping) = &mapping {
        mapping.validate()?;
    }
    let plan = library.with(|db| interchange::plan(db, file.read(db, mapping.as_ref())?))?;
    let summary = plan.summary();
    let mut session = session_lock(&interchange);
    let session = session.as_mut().ok_or_else(no_file)?;
    session.mapping = mapping;
    session.plan = Some(plan);
    Ok(summary)
}

/// Imports the planned rows in one transaction, after a backup, with the clerk's
/// choices for each differing field. Emits `import-progress`; `cancel_interchange`
/// stops it with nothing written.
#[tauri::command(async)]
pub fn apply_import<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    interchange: State<'_, Interchange>,
    choices: Choices,
) -> Reply<ImportReport> {
    let (plan, mapping) = {
        let mut session = session_lock(&interchange);
        let session = session.as_mut().ok_or_else(no_file)?;
        let plan = session.plan.take().ok_or_else(|| {
            ErrorPayload::from(Error::invalid(
                "Import",
                "The file has not been checked yet. Check it before importing.",
            ))
        })?;
        (plan, session.mapping.clone())
    };
    interchange.cancel.store(false, Ordering::SeqCst);
    let cancel = interchange.cancel.clone();
    let mut progress = |p| {
        let _ = app.emit("import-progress", p);
    };
    let outcome = library.with_write(|db| {
        interchange::import(
            db,
            &plan,
            &choices,
            mapping.as_ref(),
            now(),
            &mut progress,
            &cancel,
        )
    });
    let mut session = session_lock(&interchange);
    match &outcome {
        Ok(_) => *session = None,
        // Cancelled or failed: nothing was written; the clerk may try again.
        Err(_) => {
            if let Some(session) = session.as_mut() {
                session.plan = Some(plan);
            }
        }
    }
    outcome
}

/// Stops the import or export under way; it leaves everything as it was.
#[tauri::command(async)]
pub fn cancel_interchange(interchange: State<'_, Interchange>) {
    interchange.cancel.store(true, Ordering::SeqCst);
}

/// Forgets the chosen file and its plan.
#[tauri::command(async)]
pub fn discard_import(interchange: State<'_, Interchange>) {
    *session_lock(&interchange) = None;
}

/// Exports the contracts with `ids` (all when empty) in `format` to a file the clerk
/// picks. Emits `export-progress`. `null` when the clerk cancels the dialog.
#[tauri::command(async)]
pub fn export_contracts<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    interchange: State<'_, Interchange>,
    format: Format,
    ids: Vec<i64>,
) -> Reply<Option<Exported>> {
    let (extension, kind) = match format {
        Format::Csv => ("csv", "CSV spreadsheet"),
        Format::Ocds => ("json", "OCDS release package"),
        Format::Bundle => ("coopdesk", "CoopDesk bundle"),
        Format::Workbook => ("xlsx", "Excel workbook"),
    };
    let suggested = format!(
        "CoopDesk contracts {}.{extension}",
        Local::now().format("%Y-%m-%d")
    );
    let Some(path) = ask_where_to_save(&app, "Export contracts to", &suggested, (kind, extension))?
    else {
        return Ok(None);
    };
    interchange.cancel.store(false, Ordering::SeqCst);
    let cancel = interchange.cancel.clone();
    let report = library.with(|db| {
        let mut progress = |p| {
            let _ = app.emit("export-progress", p);
        };
        interchange::export(db, &ids, format, &path, now(), &mut progress, &cancel)
    })?;
    Ok(Some(Exported {
        path: path.to_string_lossy().into_owned(),
        report,
    }))
}
