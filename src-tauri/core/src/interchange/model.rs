//! The data an import and an export pass around: the [`Format`], what a reader found
//! ([`Incoming`]: [`Candidate`]s, [`InvalidRow`]s, [`RowWarning`]s) and what an export
//! wrote. Data only: the readers fill it, [`super::plan`] and the functions of
//! [`super`] take it to and from the library.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::mapping::{self, Mapping};
use super::packed::PackedContract;
use crate::library::checklist::ChecklistEntry;
use crate::library::contract::FIELDS;
use crate::library::documents::DocumentKind;
use crate::library::price_list::PriceLine;
use crate::FieldError;

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
        } else if is_workbook_name(&lower) {
            Some(Format::Workbook)
        } else {
            None
        }
    }
}

/// Whether a file name is a workbook CoopDesk reads.
pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|ext| lower.ends_with(ext))
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
    pub(super) fn new(format: Format) -> Self {
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
