//! Excel and OpenDocument workbooks in (`.xlsx`, `.xlsm`, `.xls`, `.ods`) and the
//! library out as `.xlsx`.
//!
//! ## Reading: the same path as CSV
//!
//! A workbook is not a second importer. [`read_path`] picks the sheet, finds the header
//! row (the first of the top rows that names at least two CoopDesk fields, or the one
//! the clerk chose; title rows above it are skipped), turns each cell into the text a
//! CSV cell would hold, and hands those rows to the CSV reader: the same mapping (guessed
//! and remembered by headers), the same field rules, the same candidates and invalid rows.
//! Rows are then renumbered as the spreadsheet numbers them.
//!
//! Cells are read as what they are:
//! - a **number** becomes the shortest decimal text that reads back as the same binary
//!   double (what the file's XML says, `0.1` stays `0.1`), then cut to the 15 significant
//!   digits a spreadsheet keeps, so a cached `0.1 + 0.2` (`0.30000000000000004`) is
//!   `0.3`: no display format and no `f64` arithmetic is involved;
//! - a number shown as a **percentage** (`0.02` as `2%`) is that percentage (`2%`);
//! - a **date** (a serial number with a date format, in the 1900 or the 1904 date system)
//!   becomes its ISO date; a date typed as text follows the CSV rules;
//! - **yes/no** cells become `yes`/`no`; empty cells are empty; a **merged** range's
//!   value is its first cell's (the others are empty, as Excel stores them);
//! - a **formula** counts by its cached value; an error value (`#DIV/0!`, `#N/A`) in an
//!   imported column makes the row invalid with a sentence about that field, and in a
//!   column the mapping ignores it is ignored like the rest of that column.
//!
//! ## Hostile workbooks
//!
//! Before the reader (calamine) sees a byte: the file's first bytes must be a workbook's
//! (a CSV or an HTML page renamed `.xlsx` is refused by name; an encrypted Office file is
//! a "password-protected" sentence), and every part of a zipped workbook is decompressed
//! once into nothing, counting, so a zip bomb or a giant shared-strings table stops at
//! [`MAX_PART_BYTES`] / [`MAX_UNZIPPED_BYTES`] whatever the zip's directory claims. An
//! `.xlsx` sheet is then streamed cell by cell: a cell beyond [`MAX_COLUMNS`] or
//! [`MAX_ROWS`] stops the read with a sentence (the declared dimension is never trusted).
//! External links are noted and never followed.

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, Xlsx};

use super::mapping::{Mapping, PRICE_LINES};
pub use super::model::is_workbook_name;
use super::{csv, Incoming, InvalidRow};
use crate::library::contract::field_label;
use crate::{Error, FieldError, Result};

/// The largest workbook file read.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// The largest part (one sheet, the shared strings) of a zipped workbook, decompressed.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// All parts of a zipped workbook together, decompressed.
pub const MAX_UNZIPPED_BYTES: u64 = 512 * 1024 * 1024;
/// The shared-strings table alone (all text of an `.xlsx`), decompressed.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 48 * 1024 * 1024;
/// Rows and columns read from a sheet.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u32 = 200;
/// The header row is looked for among this many first rows.
const HEADER_SEARCH_ROWS: usize = 30;

/// How to read a workbook: which sheet and which header row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkbookChoice {
    /// The sheet's name; `None` reads the only (visible) sheet and asks when there are
    /// several.
    pub sheet: Option<String>,
    /// The header row as the spreadsheet numbers it (1-based); `None` detects it.
    pub header_row: Option<u32>,
}

/// What the mapping screen needs before reading: the sheets and the headers found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookHeaders {
    pub sheets: Vec<String>,
    pub sheet: String,
    /// 1-based.
    pub header_row: u32,
    pub headers: Vec<String>,
}

fn file_error(message: String) -> Error {
    Error::File(message)
}

/// A sheet read into rows of cell texts, with the row numbers the spreadsheet shows.
struct SheetRows {
    /// (1-based row number, cells as CSV text, problems of the row's cells)
    rows: Vec<(u32, Vec<String>, Vec<CellProblem>)>,
    notes: Vec<String>,
}

/// Reads a workbook file into candidates through the CSV path.
pub fn read_path(
    path: &Path,
    choice: &WorkbookChoice,
    pick: &mut dyn FnMut(&[String]) -> Result<Mapping>,
) -> Result<Incoming> {
    let name = file_name(path);
    let bytes = read_bounded(path)?;
    read(&bytes, &name, choice, pick)
}

/// The sheets and headers of a workbook, for the mapping screen.
pub fn headers(path: &Path, choice: &WorkbookChoice) -> Result<WorkbookHeaders> {
    let name = file_name(path);
    let bytes = read_bounded(path)?;
    headers_of(&bytes, &name, choice)
}

/// What the window's import screen shows first, with every sheet in a picker: as
/// [`headers`], but when the workbook has several sheets and none is chosen, the first
/// visible sheet whose header row is found (a cover or notes sheet before the list is
/// passed over) rather than a refusal. The plan still says which sheet was read.
pub fn preview(path: &Path, choice: &WorkbookChoice) -> Result<WorkbookHeaders> {
    let name = file_name(path);
    let bytes = read_bounded(path)?;
    let refused = match headers_of(&bytes, &name, choice) {
        Ok(found) => return Ok(found),
        Err(refused) if choice.sheet.is_none() => refused,
        Err(error) => return Err(error),
    };
    let sheets = match guarded(&name, || sheet_names(&bytes, &name)) {
        Ok(sheets) if sheets.len() > 1 => sheets,
        _ => return Err(refused),
    };
    let mut first_error = None;
    for sheet in sheets {
        let choice = WorkbookChoice {
            sheet: Some(sheet),
            header_row: choice.header_row,
        };
        match headers_of(&bytes, &name, &choice) {
            Ok(found) => return Ok(found),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    Err(first_error.unwrap_or(refused))
}

fn headers_of(bytes: &[u8], name: &str, choice: &WorkbookChoice) -> Result<WorkbookHeaders> {
    let (sheets, sheet, rows) = guarded_sheet_rows(bytes, name, choice)?;
    let (index, headers) = header_row(&rows.rows, name, &sheet, choice.header_row)?;
    Ok(WorkbookHeaders {
        sheets,
        sheet,
        header_row: rows.rows[index].0,
        headers,
    })
}

/// The visible worksheets' names, in the workbook's order.
fn sheet_names(bytes: &[u8], file_name: &str) -> Result<Vec<String>> {
    sniff(bytes, file_name)?;
    if bytes.starts_with(b"PK") {
        check_zip(bytes, file_name, &mut Vec::new())?;
    }
    let book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        file_error(format!(
            "{file_name} cannot be read as a workbook ({e}). Open it in Excel or \
             LibreOffice, save it as .xlsx and import the new file."
        ))
    })?;
    Ok(visible_sheets(&book))
}

/// A sheet's rows: each with the row number the spreadsheet shows and its cells' texts.
pub type SheetCells = Vec<(u32, Vec<String>)>;

/// A sheet read as cell texts, for readers that find their own header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRead {
    /// Every visible sheet of the workbook, for a picker.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
    pub cells: SheetCells,
    pub notes: Vec<String>,
}

/// A sheet's rows as cell texts, with the row numbers the spreadsheet shows, the sheet
/// read, the workbook's sheets and notes about it: for readers that find their own
/// header row (the finance-system import of purchases). A row whose cells hold no
/// readable value keeps the problem's sentence in place of the cell's text.
pub fn sheet_cells(path: &Path, choice: &WorkbookChoice) -> Result<SheetRead> {
    let name = file_name(path);
    let bytes = read_bounded(path)?;
    let (sheets, sheet, rows) = guarded_sheet_rows(&bytes, &name, choice)?;
    let cells = rows
        .rows
        .into_iter()
        .map(|(number, cells, problems)| {
            // The cells as the sheet holds them: the `'` the shared cell reader puts
            // before formula-like text for the CSV path ("-1,250.00", "@Work Supply")
            // is not part of the value.
            let mut cells: Vec<String> = cells
                .iter()
                .map(|cell| csv::unneutralised(cell).to_owned())
                .collect();
            for (column, message) in problems {
                if let Some(cell) = cells.get_mut(column) {
                    *cell = format!("#ERROR {message}");
                }
            }
            (number, cells)
        })
        .collect();
    Ok(SheetRead {
        sheets,
        sheet,
        cells,
        notes: rows.notes,
    })
}

/// The workbook's visible sheets, in order.
pub fn sheet_list(path: &Path) -> Result<Vec<String>> {
    let name = file_name(path);
    let bytes = read_bounded(path)?;
    guarded(&name, || sheet_names(&bytes, &name))
}

/// Reads workbook bytes (`file_name` names it in sentences).
pub fn read(
    bytes: &[u8],
    file_name: &str,
    choice: &WorkbookChoice,
    pick: &mut dyn FnMut(&[String]) -> Result<Mapping>,
) -> Result<Incoming> {
    let (_, sheet, rows) = guarded_sheet_rows(bytes, file_name, choice)?;
    let (header_index, headers) = header_row(&rows.rows, file_name, &sheet, choice.header_row)?;
    let header_number = rows.rows[header_index].0;
    let SheetRows {
        rows,
        notes: sheet_notes,
    } = rows;
    // The rows as CoopDesk CSV text, remembering which spreadsheet row each line is.
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::new());
    let io = |e: ::csv::Error| file_error(format!("{file_name}: {e}."));
    writer.write_record(&headers).map_err(io)?;
    // CSV line where each record starts → (sheet row, cell problems).
    let mut line_rows: Vec<(u64, u32, Vec<CellProblem>)> = Vec::new();
    let mut line: u64 = 2 + headers
        .iter()
        .map(|h| h.matches('\n').count() as u64)
        .sum::<u64>();
    let mut unread = Vec::new();
    let mut beyond_headers = 0usize;
    // The rows are consumed as they are written, so the sheet's cells and their CSV
    // text are not both held whole.
    for (number, cells, problems) in rows.into_iter().skip(header_index + 1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            if !problems.is_empty() {
                unread.push((number, problems));
            }
            continue;
        }
        // Cells right of the last header (a clerk's side notes) have no column to go to.
        let width = headers.len();
        let cells = if cells.len() > width {
            if cells[width..].iter().any(|c| !c.trim().is_empty()) {
                beyond_headers += 1;
            }
            &cells[..width]
        } else {
            &cells[..]
        };
        writer.write_record(cells).map_err(io)?;
        line_rows.push((line, number, problems));
        line += 1 + cells
            .iter()
            .map(|c| c.matches('\n').count() as u64)
            .sum::<u64>();
    }
    let text = writer.into_inner().map_err(|e| file_error(e.to_string()))?;
    let mut chosen = None;
    let mut incoming = csv::read_with(&text, file_name, &mut |headers: &[String]| {
        let mapping = pick(headers)?;
        chosen = Some(mapping.clone());
        Ok(mapping)
    })?;
    incoming.format = super::Format::Workbook;
    let columns = MappedColumns::of(chosen.as_ref());
    let row_of = |line: u64| {
        line_rows
            .binary_search_by_key(&line, |(l, _, _)| *l)
            .ok()
            .map(|i| (line_rows[i].1, columns.problems(&line_rows[i].2)))
    };
    let mut invalid = Vec::new();
    let mut candidates = Vec::with_capacity(incoming.candidates.len());
    for mut candidate in std::mem::take(&mut incoming.candidates) {
        match row_of(candidate.line) {
            Some((number, problems)) if !problems.is_empty() => invalid.push(InvalidRow {
                line: u64::from(number),
                problems,
            }),
            Some((number, _)) => {
                candidate.line = u64::from(number);
                candidates.push(candidate);
            }
            None => candidates.push(candidate),
        }
    }
    for mut row in std::mem::take(&mut incoming.invalid) {
        if let Some((number, problems)) = row_of(row.line) {
            row.line = u64::from(number);
            row.problems.extend(problems);
        }
        invalid.push(row);
    }
    invalid.extend(unread.into_iter().filter_map(|(number, problems)| {
        let problems = columns.problems(&problems);
        (!problems.is_empty()).then_some(InvalidRow {
            line: u64::from(number),
            problems,
        })
    }));
    invalid.sort_by_key(|r| r.line);
    incoming.candidates = candidates;
    incoming.invalid = invalid;
    let mut notes = vec![format!(
        "Read sheet '{sheet}' of {file_name}, headers on row {}; rows are numbered as the \
         spreadsheet shows them.",
        header_number
    )];
    notes.extend(sheet_notes);
    if beyond_headers > 0 {
        notes.push(format!(
            "{beyond_headers} rows have cells to the right of the last header; those cells \
             have no column name and were not imported."
        ));
    }
    notes.append(&mut incoming.notes);
    incoming.notes = notes;
    Ok(incoming)
}

/// A cell that holds no value CoopDesk can read (a spreadsheet error such as `#DIV/0!`, a
/// number no decimal holds): its column (0-based) and a sentence.
type CellProblem = (usize, String);

/// Which field each column was mapped to, so that a cell problem counts only where the
/// column is imported: an error in a formula column the mapping ignores is not the
/// contract's problem (a real register lost a row in seven to `#DIV/0!` in such a column).
struct MappedColumns(Vec<Option<String>>);

impl MappedColumns {
    fn of(mapping: Option<&Mapping>) -> Self {
        MappedColumns(
            mapping
                .map(|m| m.columns.iter().map(|c| c.field.clone()).collect())
                .unwrap_or_default(),
        )
    }

    /// The problems of a row's imported cells, each a sentence about its field.
    fn problems(&self, problems: &[CellProblem]) -> Vec<FieldError> {
        problems
            .iter()
            .filter_map(|(column, message)| {
                let field = self.0.get(*column)?.as_deref()?;
                let label = if field == PRICE_LINES {
                    "Price list"
                } else {
                    field_label(field)
                };
                Some(FieldError::new(field, label, message.clone()))
            })
            .collect()
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let io = |source| Error::io("read", path, source);
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(file_error(format!(
            "{} is {} MB; CoopDesk reads workbooks up to {} MB. Save the contract list alone \
             as a new workbook or as CSV.",
            file_name(path),
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(io)
}

/// What the first bytes say the file is.
fn sniff(bytes: &[u8], file_name: &str) -> Result<()> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let lower = file_name.to_lowercase();
    if bytes.starts_with(OLE) {
        if lower.ends_with(".xls") {
            return Ok(());
        }
        // An encrypted .xlsx/.xlsm is an OLE container holding "EncryptedPackage".
        return Err(file_error(format!(
            "{file_name} is password-protected (encrypted). Open it in Excel, remove the \
             password (File → Info → Protect Workbook) and save it again, then import it."
        )));
    }
    if bytes.starts_with(ZIP) {
        if lower.ends_with(".xls") {
            return Err(file_error(format!(
                "{file_name} is a newer Excel workbook with an .xls name; rename it .xlsx."
            )));
        }
        return Ok(());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let what = if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<table")
    {
        "an HTML page (some sites save web tables with an Excel name)"
    } else if head.starts_with("<?xml") {
        "an XML file, not an Excel or OpenDocument workbook"
    } else if bytes.is_empty() {
        "empty"
    } else if head.contains(',') || head.contains(';') || head.contains('\t') {
        "a CSV (text) file with a spreadsheet's name"
    } else {
        "not a workbook"
    };
    Err(file_error(format!(
        "{file_name} is {what}. Open it in Excel or LibreOffice and save it as .xlsx, or \
         import it as CSV if it is one."
    )))
}

/// Decompresses every part of a zipped workbook into nothing, counting, so that no part
/// and no total can exceed the limits whatever the zip's directory claims.
/// What the unpacking pass saw in the worksheets.
#[derive(Debug, Default)]
struct ZipFacts {
    /// Some worksheet holds formulas (their cached values are checked cell by cell).
    formulas: bool,
}

fn check_zip(bytes: &[u8], file_name: &str, notes: &mut Vec<String>) -> Result<ZipFacts> {
    let mut facts = ZipFacts::default();
    let mut hidden = false;
    let corrupt = |e: &dyn std::fmt::Display| {
        file_error(format!(
            "{file_name} is damaged and cannot be read as a workbook ({e}). Open it in Excel \
             or LibreOffice, save it again and import the new file."
        ))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    if archive.len() > 10_000 {
        return Err(corrupt(&format!("{} parts", archive.len())));
    }
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 1 << 16];
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|e| corrupt(&e))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if name.starts_with("xl/externalLinks/") && name.ends_with(".xml") {
            let note = format!(
                "{file_name} links to other workbooks; their values were read as last saved \
                 and the links were not followed."
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        let limit = if name.ends_with("sharedStrings.xml") {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        let mut size: u64 = 0;
        let worksheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        // The last bytes of the previous chunk, so a tag cut in two is still seen.
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let read = part.read(&mut buffer).map_err(|e| corrupt(&e))?;
            if read == 0 {
                break;
            }
            if worksheet {
                tail.extend_from_slice(&buffer[..read]);
                let seen = |needle: &[u8]| tail.windows(needle.len()).any(|w| w == needle);
                facts.formulas |= seen(b"<f>") || seen(b"<f ");
                hidden |= seen(b"hidden=\"1\"") || seen(b"hidden=\"true\"");
                let keep = tail.len().saturating_sub(16);
                tail.drain(..keep);
            }
            size += read as u64;
            total += read as u64;
            if size > limit {
                let what = if limit == MAX_SHARED_STRINGS_BYTES {
                    format!(
                        "its table of text (shared strings) unpacks to more than {} MB",
                        limit / (1024 * 1024)
                    )
                } else {
                    format!(
                        "its part {name} unpacks to more than {} MB",
                        limit / (1024 * 1024)
                    )
                };
                return Err(file_error(format!(
                    "{file_name} is refused: {what}, far more than a contract list holds (a \
                     compressed \"zip bomb\" looks like this). Save the contract list alone \
                     as a new workbook or as CSV."
                )));
            }
            if total > MAX_UNZIPPED_BYTES {
                return Err(file_error(format!(
                    "{file_name} is refused: it unpacks to more than {} MB, far more than a \
                     contract list holds (a compressed \"zip bomb\" looks like this).",
                    MAX_UNZIPPED_BYTES / (1024 * 1024)
                )));
            }
        }
    }
    if hidden {
        notes.push(format!(
            "{file_name} has hidden rows or columns; they were read like the others (a \
             hidden row is imported)."
        ));
    }
    Ok(facts)
}

/// [`sheet_rows`], with a panic deep in the reader (a damaged file it did not expect)
/// turned into the "damaged" sentence: hostile input is data, never a crash.
fn guarded_sheet_rows(
    bytes: &[u8],
    file_name: &str,
    choice: &WorkbookChoice,
) -> Result<(Vec<String>, String, SheetRows)> {
    guarded(file_name, || sheet_rows(bytes, file_name, choice))
}

/// Runs a read of the workbook `file_name`, a panic in the reader becoming the
/// "damaged" sentence.
fn guarded<T>(file_name: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(file_error(format!(
            "{file_name} is damaged and cannot be read as a workbook. Open it in Excel or \
             LibreOffice, save it again and import the new file."
        )))
    })
}

/// Opens the workbook, picks the sheet and reads its rows as CSV text cells.
fn sheet_rows(
    bytes: &[u8],
    file_name: &str,
    choice: &WorkbookChoice,
) -> Result<(Vec<String>, String, SheetRows)> {
    sniff(bytes, file_name)?;
    let mut notes = Vec::new();
    let zipped = bytes.starts_with(b"PK");
    let facts = if zipped {
        check_zip(bytes, file_name, &mut notes)?
    } else {
        ZipFacts::default()
    };
    let unreadable = |e: &dyn std::fmt::Display| {
        let text = e.to_string();
        if text.to_lowercase().contains("password") || text.to_lowercase().contains("encrypt") {
            file_error(format!(
                "{file_name} is password-protected (encrypted). Remove the password in Excel, \
                 save it again, then import it."
            ))
        } else {
            file_error(format!(
                "{file_name} cannot be read as a workbook ({text}). Open it in Excel or \
                 LibreOffice, save it as .xlsx and import the new file."
            ))
        }
    };
    let cursor = std::io::Cursor::new(bytes);
    let lower = file_name.to_lowercase();
    let is_xlsx = zipped && (lower.ends_with(".xlsx") || lower.ends_with(".xlsm"));
    if is_xlsx {
        let mut book: Xlsx<_> = Xlsx::new(cursor).map_err(|e| unreadable(&e))?;
        let sheets = visible_sheets(&book);
        let sheet = choose_sheet(&sheets, &book.sheet_names(), file_name, choice)?;
        let mut rows = stream_xlsx(&mut book, &sheet, file_name)?;
        if facts.formulas {
            formulas_without_values(&mut book, &sheet, file_name, &mut rows)?;
        }
        rows.notes.splice(0..0, notes);
        return Ok((sheets, sheet, rows));
    }
    let mut book = open_workbook_auto_from_rs(cursor).map_err(|e| unreadable(&e))?;
    let sheets = visible_sheets(&book);
    let sheet = choose_sheet(&sheets, &book.sheet_names(), file_name, choice)?;
    let range = book.worksheet_range(&sheet).map_err(|e| unreadable(&e))?;
    let (height, width) = range.get_size();
    if width as u64 > u64::from(MAX_COLUMNS) || height as u64 > u64::from(MAX_ROWS) {
        return Err(too_large(file_name, &sheet, height as u64, width as u64));
    }
    notes.push(format!(
        "{file_name}: in .xls and .ods files CoopDesk cannot see which numbers are shown as \
         percentages, so they are read as stored (2% is 0.02); check the admin fee column \
         in the plan, or save the workbook as .xlsx."
    ));
    let start = range.start().unwrap_or((0, 0));
    let mut rows = Vec::with_capacity(height);
    for (index, row) in range.rows().enumerate() {
        let mut cells = vec![String::new(); start.1 as usize];
        let mut problems = Vec::new();
        for (col, cell) in row.iter().enumerate() {
            let column = start.1 as usize + col;
            cells.push(cell_text(&as_ref(cell), false, &mut problems, column));
        }
        rows.push((start.0 + index as u32 + 1, cells, problems));
    }
    Ok((sheets, sheet, SheetRows { rows, notes }))
}

fn as_ref(cell: &Data) -> DataRef<'_> {
    match cell {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

fn too_large(file_name: &str, sheet: &str, rows: u64, columns: u64) -> Error {
    file_error(format!(
        "{file_name}, sheet '{sheet}': it reaches row {rows} and column {columns}; CoopDesk \
         reads up to {MAX_ROWS} rows and {MAX_COLUMNS} columns. Delete the empty rows and \
         columns far below or to the right of the list (or copy the list to a new sheet)."
    ))
}

fn visible_sheets<R: Reader<RS>, RS: Read + Seek>(book: &R) -> Vec<String> {
    book.sheets_metadata()
        .iter()
        .filter(|s| {
            s.visible == calamine::SheetVisible::Visible && s.typ == calamine::SheetType::WorkSheet
        })
        .map(|s| s.name.clone())
        .collect()
}

fn choose_sheet(
    visible: &[String],
    all: &[String],
    file_name: &str,
    choice: &WorkbookChoice,
) -> Result<String> {
    match &choice.sheet {
        Some(wanted) => all
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(wanted.trim()))
            .cloned()
            .ok_or_else(|| {
                file_error(format!(
                    "{file_name} has no sheet named '{wanted}'; its sheets are {}.",
                    quoted_list(all)
                ))
            }),
        None => match visible {
            [only] => Ok(only.clone()),
            [] => Err(file_error(format!("{file_name} has no worksheet to read."))),
            several => Err(file_error(format!(
                "{file_name} has {} sheets ({}); choose the one that holds the contracts \
                 (--sheet NAME on the command line).",
                several.len(),
                quoted_list(several)
            ))),
        },
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Streams an `.xlsx` sheet cell by cell (the declared dimension is never used).
fn stream_xlsx<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    file_name: &str,
) -> Result<SheetRows> {
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(format!(
            "{file_name}, sheet '{sheet}' cannot be read ({e}). Open it in Excel or \
             LibreOffice, save it again and import the new file."
        ))
    };
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| unreadable(&e))?;
    let percent_styles: Vec<bool> = reader
        .styles()
        .iter()
        .map(|style| {
            style.number_format.as_ref().is_some_and(|f| {
                matches!(f.format_id, Some(9 | 10)) || is_percent_format(&f.format_code)
            })
        })
        .collect();
    let mut rows: Vec<(u32, Vec<String>, Vec<CellProblem>)> = Vec::new();
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| unreadable(&e))?
    {
        let (row, col) = cell.get_position();
        if col >= MAX_COLUMNS || row >= MAX_ROWS {
            return Err(too_large(
                file_name,
                sheet,
                u64::from(row) + 1,
                u64::from(col) + 1,
            ));
        }
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let number = row + 1;
        if rows.last().is_none_or(|(n, _, _)| *n != number) {
            rows.push((number, Vec::new(), Vec::new()));
        }
        let (_, cells, problems) = rows.last_mut().expect("pushed above");
        let percent = percent_styles.get(style).copied().unwrap_or(false);
        let text = cell_text(value, percent, problems, col as usize);
        if cells.len() <= col as usize {
            cells.resize(col as usize + 1, String::new());
        }
        cells[col as usize] = text;
    }
    Ok(SheetRows {
        rows,
        notes: Vec::new(),
    })
}

/// Marks every formula cell that has no saved value: a workbook written by a program
/// that does not calculate. In an imported column its row becomes invalid with a
/// sentence (never an empty field taken for the truth).
fn formulas_without_values<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    file_name: &str,
    rows: &mut SheetRows,
) -> Result<()> {
    let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| {
        file_error(format!(
            "{file_name}, sheet '{sheet}' cannot be read ({e})."
        ))
    })?;
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| {
        file_error(format!(
            "{file_name}, sheet '{sheet}' cannot be read ({e})."
        ))
    })? {
        let (row, col) = cell.pos;
        if cell.formula.is_some() && matches!(cell.value, DataRef::Empty) {
            let number = row + 1;
            let problem = format!(
                "column {} holds a formula (={}) with no saved value: the workbook was \
                 written by a program that does not calculate. Open it in Excel or \
                 LibreOffice, save it, and import it again.",
                column_name(col as usize),
                cell.formula.as_deref().unwrap_or_default()
            );
            let problem = (col as usize, problem);
            match rows.rows.binary_search_by_key(&number, |(n, _, _)| *n) {
                Ok(index) => rows.rows[index].2.push(problem),
                Err(index) => rows.rows.insert(index, (number, Vec::new(), vec![problem])),
            }
        }
    }
    Ok(())
}

fn is_percent_format(code: &str) -> bool {
    // A '%' outside quotes and escapes.
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A cell as the text its CSV cell would hold.
fn cell_text(
    value: &DataRef<'_>,
    percent: bool,
    problems: &mut Vec<CellProblem>,
    col: usize,
) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => csv::neutralised(s).into_owned(),
        DataRef::SharedString(s) => csv::neutralised(s).into_owned(),
        DataRef::Int(i) => {
            if percent {
                format!(
                    "{}%",
                    rust_decimal::Decimal::from(*i) * rust_decimal::Decimal::ONE_HUNDRED
                )
            } else {
                i.to_string()
            }
        }
        DataRef::Float(f) => match number_decimal(*f) {
            Some(d) if percent => {
                format!("{}%", (d * rust_decimal::Decimal::ONE_HUNDRED).normalize())
            }
            Some(d) => d.to_string(),
            None => {
                problems.push((
                    col,
                    format!(
                        "column {}: {f} is not a number CoopDesk can hold exactly.",
                        column_name(col)
                    ),
                ));
                String::new()
            }
        },
        DataRef::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        DataRef::DateTime(d) => {
            if d.is_datetime() {
                let (y, m, day, ..) = d.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                number_decimal(d.as_f64())
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            }
        }
        DataRef::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_owned(),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => {
            problems.push((
                col,
                format!(
                    "column {} holds the spreadsheet error {e}, not a value; correct the \
                     formula in the workbook and import it again.",
                    column_name(col)
                ),
            ));
            String::new()
        }
    }
}

/// A spreadsheet number as the decimal it stands for: the shortest decimal text that
/// reads back as the same double (Rust's `Display` for `f64`), cut to the 15 significant
/// digits a spreadsheet keeps (`0.30000000000000004` → `0.3`).
pub fn number_decimal(value: f64) -> Option<rust_decimal::Decimal> {
    if !value.is_finite() {
        return None;
    }
    let text = format!("{value}");
    let exact = text
        .parse::<rust_decimal::Decimal>()
        .or_else(|_| rust_decimal::Decimal::from_scientific(&text))
        .ok()?;
    Some(significant(exact, 15).normalize())
}

fn significant(value: rust_decimal::Decimal, digits: u32) -> rust_decimal::Decimal {
    if value.is_zero() {
        return value;
    }
    let magnitude = value.abs();
    // Digits before the point (0 for values below 1: count the leading zeros after it).
    let integer_digits = {
        let whole = magnitude.trunc();
        if whole.is_zero() {
            let mut scaled = magnitude;
            let mut zeros: i64 = 0;
            while scaled < rust_decimal::Decimal::ONE / rust_decimal::Decimal::TEN && zeros < 28 {
                scaled *= rust_decimal::Decimal::TEN;
                zeros += 1;
            }
            -zeros
        } else {
            whole.to_string().len() as i64
        }
    };
    let keep = i64::from(digits) - integer_digits;
    if !(0..=28).contains(&keep) {
        return value;
    }
    value.round_dp_with_strategy(
        keep as u32,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
}

fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// The header row: the clerk's, or the first of the top rows whose cells name at least
/// two CoopDesk fields (title rows above it are skipped).
fn header_row(
    rows: &[(u32, Vec<String>, Vec<CellProblem>)],
    file_name: &str,
    sheet: &str,
    chosen: Option<u32>,
) -> Result<(usize, Vec<String>)> {
    let headers_of = |cells: &[String]| -> Vec<String> {
        let mut headers: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
        while headers.last().is_some_and(String::is_empty) {
            headers.pop();
        }
        headers
    };
    if let Some(number) = chosen {
        let index = rows
            .iter()
            .position(|(n, _, _)| *n == number)
            .ok_or_else(|| {
                file_error(format!(
                "{file_name}, sheet '{sheet}': row {number} is empty and cannot be the header row."
            ))
            })?;
        return Ok((index, headers_of(&rows[index].1)));
    }
    for (index, (_, cells, _)) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let headers = headers_of(cells);
        let mapped = Mapping::guess(&headers)
            .columns
            .iter()
            .filter(|c| c.field.is_some())
            .count();
        if mapped >= 2 {
            return Ok((index, headers));
        }
    }
    // No row names CoopDesk fields: the first row with two filled cells is the header,
    // and the mapping screen asks for the rest.
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, cells, _)| cells.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
        .map(|index| (index, headers_of(&rows[index].1)))
        .ok_or_else(|| {
            file_error(format!(
                "{file_name}, sheet '{sheet}' has no header row in its first \
                 {HEADER_SEARCH_ROWS} rows. The contract list needs a row that names its \
                 columns."
            ))
        })
}

/// Writes contracts (with their price lists) as an `.xlsx` with the CSV export's columns:
/// typed cells (dates as dates, the admin fee as a percentage, the number of responses
/// and of awardees as numbers, the cooperative clause and the supplier's flags as
/// TRUE/FALSE), text always as text (a cell that begins with `=`, `+`, `-` or `@` is
/// never a formula), a frozen header row, an autofilter and column widths that fit. `tick` gets the rows written so far. The
/// caller gives the file ([`crate::files::write_whole`] writes it whole or not at all).
pub fn write_library(
    contracts: &[(
        crate::library::Contract,
        Vec<crate::library::price_list::PriceLine>,
    )],
    out: &mut (impl std::io::Write + std::io::Seek + Send),
    tick: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<()> {
    use crate::library::contract::FIELDS;
    use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, FormatBorder, Workbook};

    const DATE_FIELDS: [&str; 6] = [
        "solicitationIssued",
        "awardDate",
        "effectiveDate",
        "expiryDate",
        "finalExpiryDate",
        "lastVerified",
    ];
    const MAX_WIDTH: usize = 60;
    let xlsx = |e: rust_xlsxwriter::XlsxError| {
        file_error(format!("The workbook could not be written: {e}."))
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Contracts").map_err(xlsx)?;
    let base = CellFormat::new().set_font_name("Arial").set_font_size(10);
    let header = base
        .clone()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_background_color(rust_xlsxwriter::Color::RGB(0xE8E8E8));
    let date = base.clone().set_num_format("yyyy-mm-dd");
    let percent = base.clone().set_num_format("0.00##%");
    let count = base.clone().set_num_format("0");
    let dollars = base.clone().set_num_format("$#,##0.00");
    let text = base.clone();

    let columns: Vec<&str> = FIELDS
        .iter()
        .map(|(wire, _)| *wire)
        .chain([super::mapping::PRICE_LINES])
        .collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| c.len() + 2).collect();
    for (col, name) in columns.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *name, &header)
            .map_err(xlsx)?;
    }
    for (index, (contract, lines)) in contracts.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, field) in columns.iter().enumerate() {
            let col16 = col as u16;
            let too_long = |field: &str| {
                Error::invalid(
                    crate::library::contract::field_label(field),
                    format!(
                        "contract {} holds more than the 32,767 characters an Excel cell can \
                         hold; export it as CSV or as a bundle instead.",
                        contract.contract_number
                    ),
                )
            };
            if DATE_FIELDS.contains(field) {
                let value = match *field {
                    "solicitationIssued" => contract.solicitation_issued,
                    "awardDate" => contract.award_date,
                    "effectiveDate" => contract.effective_date,
                    "expiryDate" => contract.expiry_date,
                    "finalExpiryDate" => contract.final_expiry_date,
                    _ => contract.last_verified,
                };
                if let Some(day) = value {
                    use chrono::Datelike;
                    let excel = ExcelDateTime::from_ymd(
                        day.year() as u16,
                        day.month() as u8,
                        day.day() as u8,
                    )
                    .map_err(xlsx)?;
                    sheet
                        .write_datetime_with_format(row, col16, &excel, &date)
                        .map_err(xlsx)?;
                }
                widths[col] = widths[col].max(12);
                continue;
            }
            match *field {
                "adminFeePercent" => {
                    if let Some(fee) = contract.admin_fee_percent {
                        let fraction = fee / rust_decimal::Decimal::ONE_HUNDRED;
                        let number = crate::tco::workbook::cell_number(fraction).map_err(|_| {
                            Error::invalid(
                                "Admin fee",
                                format!("{fee}% has too many digits for a spreadsheet cell."),
                            )
                        })?;
                        sheet
                            .write_number_with_format(row, col16, number, &percent)
                            .map_err(xlsx)?;
                    }
                }
                "value" => {
                    if let Some(value) = contract.value {
                        let number = crate::tco::workbook::cell_number(value).map_err(|_| {
                            Error::invalid(
                                "Contract value",
                                format!("{value} has too many digits for a spreadsheet cell."),
                            )
                        })?;
                        sheet
                            .write_number_with_format(row, col16, number, &dollars)
                            .map_err(xlsx)?;
                    }
                    widths[col] = widths[col].max(16);
                }
                "responseCount" | "awardeeCount" => {
                    let n = if *field == "responseCount" {
                        contract.response_count
                    } else {
                        contract.awardee_count
                    };
                    if let Some(n) = n {
                        sheet
                            .write_number_with_format(row, col16, f64::from(n), &count)
                            .map_err(xlsx)?;
                    }
                }
                "cooperativeClause" | "smallBusiness" | "minorityOwned" | "womanOwned"
                | "veteranOwned" => {
                    let answer = match *field {
                        "cooperativeClause" => contract.cooperative_clause,
                        "smallBusiness" => contract.small_business,
                        "minorityOwned" => contract.minority_owned,
                        "womanOwned" => contract.woman_owned,
                        _ => contract.veteran_owned,
                    };
                    if let Some(b) = answer {
                        sheet
                            .write_boolean_with_format(row, col16, b, &text)
                            .map_err(xlsx)?;
                    }
                }
                _ => {
                    let value = if *field == super::mapping::PRICE_LINES {
                        csv::price_lines_text(lines)
                    } else {
                        csv::field_text(contract, field)
                    };
                    if value.is_empty() {
                        continue;
                    }
                    if value.chars().count() > 32_767 {
                        return Err(too_long(field));
                    }
                    let longest = value.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                    widths[col] = widths[col].max(longest.min(MAX_WIDTH) + 1);
                    sheet
                        .write_string_with_format(row, col16, &value, &text)
                        .map_err(xlsx)?;
                }
            }
        }
        if index % 1000 == 999 {
            tick(index + 1)?;
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet
            .set_column_width(col as u16, *width as f64)
            .map_err(xlsx)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    sheet
        .autofilter(0, 0, contracts.len() as u32, columns.len() as u16 - 1)
        .map_err(xlsx)?;
    workbook.save_to_writer(out).map_err(xlsx)?;
    tick(contracts.len())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers_become_the_decimals_they_stand_for() {
        let cases: [(f64, &str); 6] = [
            (0.1 + 0.2, "0.3"),
            (0.1, "0.1"),
            (174359.25, "174359.25"),
            (1234567.891, "1234567.891"),
            (1.0 / 3.0, "0.333333333333333"),
            (1e-7, "0.0000001"),
        ];
        for (value, expected) in cases {
            assert_eq!(
                number_decimal(value).unwrap().to_string(),
                expected,
                "{value}"
            );
        }
    }

    /// A workbook as cooperatives send them: a notes sheet first, the list second, a
    /// hidden lookup sheet last.
    fn notes_then_contracts(path: &Path) {
        let mut book = rust_xlsxwriter::Workbook::new();
        let notes = book.add_worksheet().set_name("Read me").unwrap();
        notes.write(0, 0, "Contract list, updated monthly").unwrap();
        notes
            .write(1, 0, "Questions: purchasing@example.gov")
            .unwrap();
        let list = book.add_worksheet().set_name("Contracts").unwrap();
        list.write(0, 0, "Awarded contracts, FY2026").unwrap();
        for (col, header) in ["Contract #", "Supplier", "Title", "Expiration Date"]
            .iter()
            .enumerate()
        {
            list.write(2, col as u16, *header).unwrap();
        }
        list.write(3, 0, "121223-GOV").unwrap();
        list.write(3, 1, "Tyler Technologies").unwrap();
        let lookup = book.add_worksheet().set_name("Lookup").unwrap();
        lookup.write(0, 0, "Status").unwrap();
        lookup.write(0, 1, "Code").unwrap();
        lookup.set_hidden(true);
        book.save(path).unwrap();
    }

    #[test]
    fn the_window_is_shown_the_first_sheet_holding_a_list_and_offered_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cooperative list.xlsx");
        notes_then_contracts(&path);

        let shown = preview(&path, &WorkbookChoice::default()).unwrap();
        assert_eq!(
            shown.sheets,
            ["Read me", "Contracts"],
            "the picker lists the visible sheets in the workbook's order, not the hidden one"
        );
        assert_eq!(shown.sheet, "Contracts", "the notes sheet holds no list");
        assert_eq!(
            shown.header_row, 3,
            "the title row above the headers is skipped"
        );
        assert_eq!(shown.headers[0], "Contract #");

        let refused = headers(&path, &WorkbookChoice::default()).unwrap_err();
        assert!(
            refused.to_string().contains("'Read me', 'Contracts'"),
            "the CLI, with no picker, still asks which sheet: {refused}"
        );

        let chosen = WorkbookChoice {
            sheet: Some("Read me".into()),
            header_row: None,
        };
        let error = preview(&path, &chosen).unwrap_err().to_string();
        assert!(
            error.contains("Read me"),
            "a sheet the clerk picks that holds no list is named in the refusal: {error}"
        );
        let chosen = WorkbookChoice {
            sheet: Some("Contracts".into()),
            header_row: Some(1),
        };
        let shown = preview(&path, &chosen).unwrap();
        assert_eq!(
            (shown.sheet.as_str(), shown.header_row, shown.headers.len()),
            ("Contracts", 1, 1),
            "the header row the clerk types is used as typed"
        );
    }

    #[test]
    fn percent_formats_are_recognised_outside_quotes() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.00%"));
        assert!(!is_percent_format("\"%\"0"));
        assert!(!is_percent_format("#,##0.00"));
    }
}
