//! Import and export: CSV, OCDS 1.1 and CoopDesk bundles, read and checked in full before
//! anything is written, then written in one transaction.
//!
//! ## Brief overview
//!
//! Importing is three steps, so that the clerk sees what will happen before it happens:
//!
//! 1. **Read.** A reader turns a file into an [`Incoming`]: candidate contracts (with
//!    their checklist, price list and documents when the format carries them), the rows
//!    that could not be read ([`InvalidRow`]: line, field, sentence) and notes about the
//!    file (for example "read as Windows-1252"). Readers never touch the library.
//!    - [`csv::read`] with a [`Mapping`] (file header → CoopDesk field; [`Mapping::guess`],
//!      [`mapping::remembered`], [`mapping::remember`]); [`csv::headers`] reads the
//!      headers first for the mapping screen.
//!    - [`ocds::read`]: release packages, record packages (compiled releases) and bare
//!      releases.
//!    - [`bundle::read`]: a CoopDesk bundle file.
//! 2. **Plan.** [`plan`] compares the candidates with the library and sorts every row
//!    into new, changed (with each field's difference, mine → theirs), duplicate
//!    (identical) or invalid, with the same checks [`apply`] meets (so the import does
//!    what the plan says); rows of empty cells are counted as empty. Rows the clerk
//!    should look at ([`RowWarning`]: how a value was read, a possible duplicate, a
//!    source that contradicts itself) are listed with their line. It writes nothing.
//!    Keys are compared as [`keys::same`] reads them. [`Plan::summary`] is what the
//!    import screen and the CLI show.
//! 3. **Apply.** [`apply`] writes the new and changed rows in ONE transaction, with the
//!    clerk's [`Choices`] for each differing field (keep mine unless told otherwise),
//!    history entries, and the search index and number keys (kept by triggers row by
//!    row; a bulk import sets those triggers aside inside its transaction and builds the
//!    same entries once at the end). A [`Plan`] holds its candidates packed
//!    ([`PackedContract`]), so a 100,000-row plan stays under 100 MB. It reports
//!    [`Progress`] through a callback and checks a cancel flag between rows; cancelling,
//!    an error, a crash or a kill leaves the library exactly as it was.
//!
//! [`read_file`] does step 1 for a file on disk in any [`Format`] (CSV is streamed);
//! [`ImportFile`] is a file as the clerk chose it (a workbook's sheet too), read and
//! described for the import screen the same way by the window and the CLI.
//! [`import`] is step 3 as both front ends run it: a backup of the library first when
//! the plan writes anything, [`apply`], then the clerk's column mapping remembered.
//!
//! Exports: [`export`] writes the contracts with the given ids (or the whole library) as
//! CSV, OCDS or a bundle, beside the target first and renamed when complete, with the
//! same progress callback and cancel flag; an export never changes the library.
//!
//! ## For the app (Tauri commands)
//!
//! Run these off the main thread (`#[tauri::command(async)]`). Keep the [`Plan`] in
//! managed state between "show the plan" and "import"; send [`Plan::summary`] to the
//! UI. Give `import`/`export` an `Arc<AtomicBool>` that a `cancel_import` command sets,
//! and a `progress` closure that emits a Tauri event with the [`Progress`] (it is called
//! about a hundred times per import, so emitting every call is fine). The wire types are
//! serde camelCase: [`ChosenFile`], [`PlanSummary`], [`InvalidRow`], [`ChangedRow`],
//! [`Difference`], [`Choices`], [`Progress`], [`ImportReport`], [`ExportReport`],
//! [`Exported`], [`Mapping`].
//!
//! ## Invariants
//!
//! - A contract is the same contract when cooperative, contract number and vendor are
//!   equal (the library's unique key). Such a contract is never overwritten silently:
//!   each differing field is the clerk's choice, and the default is to keep theirs
//!   only when they say so.
//! - Fields a file does not carry (a CSV without a `notes` column) are never differences:
//!   the library keeps what it has.
//! - Money is `Decimal`, read exactly; dates are never guessed (see [`values`]).
//! - Hostile input is data: every reader returns rows or a sentence, never panics.

pub mod bundle;
mod cells;
pub mod csv;
pub mod keys;
pub mod mapping;
pub mod model;
pub mod ocds;
mod packed;
mod plan;
mod row_checks;
pub(crate) mod search_text;
pub(crate) mod text;
pub mod typed_date;
pub mod values;
pub mod workbook;

use crate::db::Database;
use crate::library::contract::FIELDS;
use crate::library::Contract;
use crate::FieldError;

pub use mapping::Mapping;
pub use model::{
    Candidate, ChosenFile, ExportReport, Exported, FieldSet, Format, Incoming, IncomingDocument,
    InvalidRow, RowWarning,
};
pub use packed::PackedContract;
pub use plan::{
    apply, apply_in_steps, plan, ChangedRow, Choices, Difference, FieldChoice, ImportReport, Phase,
    Plan, PlanCounts, PlanSummary, Progress, RowKind, Side,
};

/// Every text field of `contract` that holds control characters (NUL…) or is longer
/// than [`csv::MAX_CELL_BYTES`]: the same rules as a CSV cell, for the JSON formats.
pub(crate) fn text_problems(contract: &Contract) -> Vec<FieldError> {
    FIELDS
        .iter()
        .filter_map(|(field, label)| {
            let text = csv::field_text(contract, field);
            let message = if text.len() > csv::MAX_CELL_BYTES {
                format!(
                    "is {} bytes long; CoopDesk reads fields up to a million characters.",
                    text.len()
                )
            } else if text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            {
                format!(
                    "'{}' holds control characters (such as NUL) that are not text.",
                    values::shown(&text)
                )
            } else {
                return None;
            };
            Some(FieldError::new(field, label, message))
        })
        .collect()
}

/// The contracts to export: those with the given ids, in that order, or the whole
/// library (id order) when `ids` is empty.
pub fn selection(db: &Database, ids: &[i64]) -> crate::Result<Vec<Contract>> {
    if ids.is_empty() {
        crate::library::contract::all(db)
    } else {
        ids.iter()
            .map(|id| crate::library::contract::get(db, *id))
            .collect()
    }
}

/// Exports the contracts with the given ids (all when empty) to `path` in `format`.
///
/// The file is written beside `path` and renamed when complete, so a cancelled or failed
/// export leaves no half file (and an export never changes the library). `progress`
/// gets [`Phase::Exporting`] done/total; `cancel` is checked as rows are written and
/// stops the export with [`crate::Error::Cancelled`].
pub fn export(
    db: &Database,
    ids: &[i64],
    format: Format,
    path: &std::path::Path,
    now: chrono::NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
    cancel: &std::sync::atomic::AtomicBool,
) -> crate::Result<ExportReport> {
    let contracts = selection(db, ids)?;
    let total = contracts.len() as u64;
    let mut tick = |done: usize| {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(crate::Error::Cancelled);
        }
        progress(Progress {
            phase: Phase::Exporting,
            done: done as u64,
            total,
        });
        Ok(())
    };
    if format == Format::Workbook {
        let rows = bundle::with_price_lines(db, contracts)?;
        crate::files::write_whole(path, |out| workbook::write_library(&rows, out, &mut tick))?;
        return Ok(ExportReport {
            contracts: rows.len(),
            ..ExportReport::default()
        });
    }
    if format == Format::Bundle {
        let report = bundle::write(db, ids, path, now, &mut tick)?;
        return Ok(ExportReport {
            contracts: report.contracts,
            documents: report.documents,
            left_out: report.left_out,
        });
    }
    crate::files::write_whole(path, |out| match format {
        Format::Csv => {
            let rows = bundle::with_price_lines(db, contracts.clone())?;
            csv::write(out, &rows, &mut tick)
        }
        _ => {
            let publisher = crate::settings::load(db)?.jurisdiction_name;
            let package = ocds::export(db, contracts.clone(), &publisher, now, &mut tick)?;
            serde_json::to_writer_pretty(out, &package)
                .map_err(|e| crate::Error::io("write", path, std::io::Error::from(e)))
        }
    })?;
    Ok(ExportReport {
        contracts: contracts.len(),
        ..ExportReport::default()
    })
}

/// The import as the clerk asks for it, from the window or the command line: a backup
/// of the library first when the plan writes anything, the plan written in one
/// transaction ([`apply`]), then the column mapping the clerk gave remembered for the
/// next file with the same headers.
pub fn import(
    db: &Database,
    plan: &Plan,
    choices: &Choices,
    mapping: Option<&Mapping>,
    now: chrono::NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
    cancel: &std::sync::atomic::AtomicBool,
) -> crate::Result<ImportReport> {
    let counts = plan.counts();
    if counts.new + counts.changed > 0 {
        crate::backup::backup_before_import(db, now)?;
    }
    let report = apply(db, plan, choices, now, progress, cancel)?;
    if let Some(mapping) = mapping {
        mapping::remember(db, mapping)?;
    }
    Ok(report)
}

/// A file chosen for import: where it is, its [`Format`], and for a workbook the sheet
/// and header row to read. The one place that tells a workbook from a delimited file
/// (or an OCDS file, or a bundle), for the window and the command line alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub path: std::path::PathBuf,
    pub format: Format,
    /// Workbooks only: the sheet and header row (by default, found).
    pub sheet: workbook::WorkbookChoice,
}

impl ImportFile {
    /// The file's name, as sentences and the import screen show it.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Reads every row of the file (a workbook's chosen sheet); `mapping` as for
    /// [`read_file`].
    pub fn read(&self, db: &Database, mapping: Option<&Mapping>) -> crate::Result<Incoming> {
        if self.format == Format::Workbook {
            read_workbook(db, &self.path, &self.sheet, mapping)
        } else {
            read_file(db, &self.path, self.format, mapping)
        }
    }

    /// What the import screen first shows of the file: a spreadsheet's headers with the
    /// mapping `mapping_for` remembers (else guesses) for them and every field a column
    /// can fill; a workbook's sheets, the sheet read and its header row. From then on the
    /// sheet shown is the sheet read (`self.sheet`), even if the workbook is saved again
    /// with its sheets reordered. Only the headers are read.
    pub fn describe<E: From<crate::Error>>(
        &mut self,
        mapping_for: impl FnOnce(&[String]) -> Result<Mapping, E>,
    ) -> Result<ChosenFile, E> {
        let path = &self.path;
        let format = self.format;
        let mut chosen = ChosenFile {
            file_name: self.file_name(),
            format,
            mapping: None,
            fields: Vec::new(),
            sheets: Vec::new(),
            sheet: None,
            header_row: None,
            notes: Vec::new(),
        };
        if format == Format::Csv {
            let bytes =
                std::fs::read(path).map_err(|source| crate::Error::io("read", path, source))?;
            let (headers, notes) = csv::headers(&bytes, &chosen.file_name)?;
            chosen.mapping = Some(mapping_for(&headers)?);
            chosen.notes = notes;
        } else if format == Format::Workbook {
            let found = workbook::preview(path, &self.sheet)?;
            chosen.mapping = Some(mapping_for(&found.headers)?);
            if found.sheets.len() > 1 {
                chosen.notes.push(format!(
                    "This workbook has {} sheets; the contracts are read from '{}'. Choose \
                     another sheet above if they are elsewhere.",
                    found.sheets.len(),
                    found.sheet
                ));
            }
            self.sheet = workbook::WorkbookChoice {
                sheet: Some(found.sheet.clone()),
                header_row: Some(found.header_row),
            };
            chosen.sheets = found.sheets;
            chosen.sheet = Some(found.sheet);
            chosen.header_row = Some(found.header_row);
        }
        if matches!(format, Format::Csv | Format::Workbook) {
            chosen.fields = mapping::mappable_fields();
        }
        Ok(chosen)
    }
}

/// Reads a file of any format into an [`Incoming`]; `mapping` is used for CSV only
/// (`None`: the remembered mapping for the file's headers, else the guess).
pub fn read_file(
    db: &Database,
    path: &std::path::Path,
    format: Format,
    mapping: Option<&Mapping>,
) -> crate::Result<Incoming> {
    if format == Format::Bundle {
        return bundle::read(path);
    }
    if format == Format::Workbook {
        return read_workbook(db, path, &workbook::WorkbookChoice::default(), mapping);
    }
    if format == Format::Csv {
        return csv::read_path(path, &mut |headers| match mapping {
            Some(mapping) => Ok(mapping.clone()),
            None => mapping::for_headers(db, headers),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| crate::Error::io("read", path, source))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match format {
        Format::Ocds => ocds::read(&bytes, &name),
        Format::Csv => csv::read(&bytes, &name, mapping),
        Format::Bundle | Format::Workbook => unreachable!("handled above"),
    }
}

/// Reads a workbook's sheet (the clerk's choice of sheet and header row) through the CSV
/// path; `mapping` as for [`read_file`].
pub fn read_workbook(
    db: &Database,
    path: &std::path::Path,
    choice: &workbook::WorkbookChoice,
    mapping: Option<&Mapping>,
) -> crate::Result<Incoming> {
    workbook::read_path(path, choice, &mut |headers| match mapping {
        Some(mapping) => Ok(mapping.clone()),
        None => mapping::for_headers(db, headers),
    })
}
