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
//! [`read_file`] does step 1 for a file on disk in any [`Format`] (CSV is streamed).
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
pub mod csv;
pub mod keys;
pub mod mapping;
pub mod ocds;
mod packed;
mod plan;
mod search_text;
mod text;
pub mod values;
pub mod workbook;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Database;
use crate::library::checklist::ChecklistEntry;
use crate::library::contract::FIELDS;
use crate::library::documents::DocumentKind;
use crate::library::price_list::PriceLine;
use crate::library::Contract;
use crate::FieldError;

pub use mapping::Mapping;
pub use packed::PackedContract;
pub use plan::{
    apply, apply_in_steps, plan, ChangedRow, Choices, Difference, FieldChoice, ImportReport, Phase,
    Plan, PlanCounts, PlanSummary, Progress, RowKind, Side,
};

/// The formats CoopDesk reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    Csv,
    Ocds,
    Bundle,
    /// An Excel or OpenDocument workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`) read through
    /// the CSV path; exports write `.xlsx`.
    Workbook,
}

impl Format {
    /// The format a file's name suggests (`.csv`, `.json`, `.coopdesk`).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let lower = name.to_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".txt") {
            Some(Format::Csv)
        } else if lower.ends_with(".json") {
            Some(Format::Ocds)
        } else if lower.ends_with(".coopdesk") {
            Some(Format::Bundle)
        } else if workbook::is_workbook_name(&lower) {
            Some(Format::Workbook)
        } else {
            None
        }
    }
}

/// One contract read from a file, not yet in the library.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Candidate {
    /// Where it starts in the file: the line of a CSV row, the position (1-based) of an
    /// OCDS contract or bundle contract.
    pub line: u64,
    /// Packed: a plan holds every candidate of a file until the clerk decides, and a
    /// `Contract` takes about four times its text (see [`PackedContract`]).
    pub contract: PackedContract,
    /// The fields the file gives; the others are not differences and keep the
    /// library's value.
    pub present: FieldSet,
    /// Checklist entries the file carries (bundles).
    pub checklist: Vec<ChecklistEntry>,
    /// The price list, when the file carries one.
    pub price_lines: Option<Vec<PriceLine>>,
    /// Attached documents (bundles).
    pub documents: Vec<IncomingDocument>,
}

/// A set of the fields of `contract::FIELDS`, one bit each (a 100,000-row import keeps
/// one per row).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldSet(u64);

impl FieldSet {
    /// Every field.
    pub fn all() -> FieldSet {
        FieldSet((1u64 << FIELDS.len()) - 1)
    }

    /// Adds a field by wire name (unknown names are ignored).
    pub fn insert(&mut self, field: &str) {
        if let Some(index) = FIELDS.iter().position(|(wire, _)| *wire == field) {
            self.0 |= 1 << index;
        }
    }

    pub fn contains(&self, field: &str) -> bool {
        FIELDS
            .iter()
            .position(|(wire, _)| *wire == field)
            .is_some_and(|index| self.0 & (1 << index) != 0)
    }

    /// The wire names in the set, in form order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        FIELDS
            .iter()
            .enumerate()
            .filter(|(index, _)| self.0 & (1 << index) != 0)
            .map(|(_, (wire, _))| *wire)
    }
}

impl FromIterator<&'static str> for FieldSet {
    fn from_iter<I: IntoIterator<Item = &'static str>>(fields: I) -> Self {
        let mut set = FieldSet::default();
        for field in fields {
            set.insert(field);
        }
        set
    }
}

/// A document carried in a bundle.
#[derive(Clone, PartialEq, Eq)]
pub struct IncomingDocument {
    pub kind: DocumentKind,
    pub original_name: String,
    /// Lower-case hex SHA-256 of `bytes`, checked when the bundle was read.
    pub sha256: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for IncomingDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncomingDocument")
            .field("kind", &self.kind)
            .field("original_name", &self.original_name)
            .field("sha256", &self.sha256)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// A row of the file that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InvalidRow {
    /// The line (CSV) or position (OCDS, bundle) of the row, 1-based.
    pub line: u64,
    /// Each problem: the field's wire name and plain words, and a sentence.
    pub problems: Vec<FieldError>,
}

impl InvalidRow {
    /// `line 14, Award date: '2026-02-30' is not a day of the calendar…`, one per problem.
    pub fn sentences(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| format!("line {}, {}: {}", self.line, p.label, p.message))
            .collect()
    }
}

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

/// Something about one row the clerk should see or confirm before importing: how a
/// value was read (a two-digit year), a source that contradicts itself (both forms are
/// kept), a possible duplicate of a library contract, an empty row skipped. The row
/// itself is still imported (or, for an empty row, there is nothing to import).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowWarning {
    /// The line (CSV) or position (OCDS, bundle) of the row, 1-based.
    pub line: u64,
    /// The field's wire name (`expiryDate`), or `row` for the row as a whole.
    pub field: String,
    /// The field in plain words.
    pub label: String,
    pub message: String,
}

impl RowWarning {
    pub fn new(line: u64, field: &str, label: &str, message: impl Into<String>) -> Self {
        RowWarning {
            line,
            field: field.to_owned(),
            label: label.to_owned(),
            message: message.into(),
        }
    }

    /// `line 7, Expiry date: '11/30/26' was read as 2026-11-30…`.
    pub fn sentence(&self) -> String {
        format!("line {}, {}: {}", self.line, self.label, self.message)
    }
}

/// What a reader found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub format: Format,
    pub candidates: Vec<Candidate>,
    pub invalid: Vec<InvalidRow>,
    /// Facts about the file the clerk should know (encoding converted, parts ignored).
    pub notes: Vec<String>,
    /// Facts about single rows the clerk should confirm (see [`RowWarning`]).
    pub warnings: Vec<RowWarning>,
    /// Lines of rows whose every cell is empty: nothing to import, but accounted for.
    pub empty_lines: Vec<u64>,
}

impl Incoming {
    fn new(format: Format) -> Self {
        Incoming {
            format,
            candidates: Vec::new(),
            invalid: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            empty_lines: Vec::new(),
        }
    }
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

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub contracts: usize,
    /// Documents written into a bundle.
    pub documents: usize,
    /// What was left out, as sentences (a bundle's missing documents).
    pub left_out: Vec<String>,
}

/// What an export wrote, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    pub path: String,
    pub report: ExportReport,
}

/// The file the clerk chose to import, as the import screen first shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChosenFile {
    pub file_name: String,
    pub format: Format,
    /// CSV and workbooks only: the file's headers and the mapping remembered for them,
    /// else guessed.
    pub mapping: Option<Mapping>,
    /// CSV and workbooks only: every field a column can fill.
    pub fields: Vec<mapping::MappableField>,
    /// Workbooks only: the visible sheets, for the picker (empty otherwise).
    pub sheets: Vec<String>,
    /// Workbooks only: the sheet read.
    pub sheet: Option<String>,
    /// Workbooks only: the row the column names are on, as the spreadsheet numbers it.
    pub header_row: Option<u32>,
    /// Notes about the file (its encoding, the sheet read, for instance).
    pub notes: Vec<String>,
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
