//! "Import from finance system…" on the Spending screen: choose a finance system's
//! report (CSV or Excel), map its columns, see what becomes of every row, then import
//! it in one transaction — with one reason for the batch when rows break a guard rail.
//!
//! As for contracts (`interchange.rs`), the file is chosen here in Rust and its path
//! never crosses to the window: the window plans or imports "the report chosen".

use std::sync::Mutex;

use chrono::{Local, NaiveDateTime};
use coopdesk_core::interchange::{workbook, Format, ImportFile, Mapping};
use coopdesk_core::spending::import::{self, PurchaseFile, PurchasePlan, VendorMatch};
use coopdesk_core::{Error, ErrorPayload};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::Reply;
use crate::state::Library;

/// The report chosen, between choosing it and importing it, and the last plan shown of
/// it (imported as it is when nothing changed since).
#[derive(Debug, Default)]
pub struct PurchaseImport {
    file: Mutex<Option<ImportFile>>,
    planned: Mutex<Option<import::Planned>>,
}

impl PurchaseImport {
    fn chosen(&self) -> Reply<ImportFile> {
        self.file
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| {
                ErrorPayload::from(Error::invalid(
                    "Import",
                    "No report is chosen for import any more. Choose the file again.",
                ))
            })
    }

    /// Chooses `file` (or none); any plan of the report chosen before is forgotten.
    fn set(&self, file: Option<ImportFile>) {
        *self.file.lock().unwrap_or_else(|p| p.into_inner()) = file;
        self.keep_plan(None);
    }

    fn keep_plan(&self, planned: Option<import::Planned>) {
        *self.planned.lock().unwrap_or_else(|p| p.into_inner()) = planned;
    }

    fn take_plan(&self) -> Option<import::Planned> {
        self.planned
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }
}

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// Asks for a finance system's report and reads its column headings, with the mapping
/// remembered for them (else guessed). `null` when the clerk cancels.
#[tauri::command(async)]
pub fn choose_purchase_file<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    state: State<'_, PurchaseImport>,
) -> Reply<Option<PurchaseFile>> {
    let Some(picked) = app
        .dialog()
        .file()
        .set_title("Import purchases from a finance system's report")
        .add_filter(
            "Purchase-order or accounts-payable report (CSV, Excel)",
            &["csv", "txt", "xlsx", "xlsm", "xls", "ods"],
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
    let format = match Format::from_file_name(&file_name) {
        Some(format @ (Format::Csv | Format::Workbook)) => format,
        _ => {
            return Err(ErrorPayload::from(Error::invalid(
                "Import",
                format!(
                    "{file_name} is not a report CoopDesk reads. Save the finance system's \
                     report as CSV or Excel (.xlsx) and choose that file."
                ),
            )))
        }
    };
    let file = ImportFile {
        path,
        format,
        sheet: workbook::WorkbookChoice::default(),
    };
    let (file, report) = library.with(|db| import::open(db, &file))?;
    state.set(Some(file));
    Ok(Some(report.describe()))
}

/// Reads the chosen workbook's `sheet` instead, with the mapping remembered for its
/// headings (else guessed). When that sheet cannot be read as a report, the sheet read
/// before stays chosen and the error says why.
#[tauri::command(async)]
pub fn choose_purchase_sheet(
    library: State<'_, Library>,
    state: State<'_, PurchaseImport>,
    sheet: String,
) -> Reply<PurchaseFile> {
    let mut file = state.chosen()?;
    file.sheet = workbook::WorkbookChoice {
        sheet: Some(sheet),
        header_row: None,
    };
    let (file, report) = library.with(|db| import::open(db, &file))?;
    state.set(Some(file));
    Ok(report.describe())
}

/// What importing the chosen report with `mapping` would do with every row, with the
/// vendor matches the clerk `confirmed`. Writes nothing.
#[tauri::command(async)]
pub fn plan_purchase_import(
    library: State<'_, Library>,
    state: State<'_, PurchaseImport>,
    mapping: Mapping,
    confirmed: Vec<VendorMatch>,
) -> Reply<PurchasePlan> {
    let file = state.chosen()?;
    let now = now();
    let planned = library.with(|db| {
        let mut report = import::read(db, &file, Some(&mapping))?;
        report.confirmed = confirmed;
        import::plan_for_import(db, report, now.date(), now)
    })?;
    let plan = planned.plan().clone();
    state.keep_plan(Some(planned));
    Ok(plan)
}

/// Imports the chosen report with `mapping` in one transaction, after a backup; rows
/// that break a guard rail go in with `override_reason` (answers `needs_override`,
/// nothing written, when they need one and it is empty). The mapping and the vendor
/// matches `confirmed` are remembered.
#[tauri::command(async)]
pub fn apply_purchase_import(
    library: State<'_, Library>,
    state: State<'_, PurchaseImport>,
    mapping: Mapping,
    confirmed: Vec<VendorMatch>,
    override_reason: String,
) -> Reply<PurchasePlan> {
    let file = state.chosen()?;
    let planned = state.take_plan();
    let now = now();
    let done = library.with_write(|db| {
        let mut report = import::read(db, &file, Some(&mapping))?;
        report.confirmed = confirmed;
        // The plan shown is imported as it is when it is of this very report (same
        // file contents, mapping and confirmed vendors); `import_planned` plans again
        // if the library changed since.
        match planned.as_ref().filter(|p| *p.report() == report) {
            Some(planned) => import::import_planned(db, planned, &override_reason, now.date(), now),
            None => import::import(db, &report, &override_reason, now.date(), now),
        }
    });
    let done = done.inspect_err(|_| {
        // Nothing was written (a reason is asked for, say): the plan still holds.
        state.keep_plan(planned);
    })?;
    state.set(None);
    Ok(done)
}

/// Forgets the chosen report.
#[tauri::command(async)]
pub fn discard_purchase_import(state: State<'_, PurchaseImport>) {
    state.set(None);
}
