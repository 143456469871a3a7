//! The purchases a finance system already holds, imported from its reports instead of
//! typed: the purchase-order lists and accounts-payable reports (check registers) that
//! QuickBooks, Caselle, Tyler Munis/Incode, BS&A and Springbrook export as CSV or Excel.
//!
//! ## Brief overview
//!
//! The same three steps as a contract import ([`crate::interchange`]):
//!
//! 1. **Read** ([`read`]): the file chosen as an [`ImportFile`] (a workbook's sheet too)
//!    becomes a [`Report`]: its rows with the line numbers the clerk sees, the header
//!    row found below any report titles, and the column [`Mapping`] (the clerk's, the
//!    one remembered for these headers, else [`mapping::guess`]). A file with no header
//!    row is refused with a sentence.
//! 2. **Plan** ([`plan`]): every row is accounted for, with a sentence — a purchase
//!    order (or one line of it), a payment, a credit memo; skipped (a subtotal or total
//!    told by its shape, see [`shape`]; a heading; the column headings repeated on a new
//!    page); not matched to a council action (and why); or refused (an amount with
//!    letters or three decimals, a date in the future, a duplicate invoice number naming
//!    the first). Rows that break a guard rail list each rule's sentence, and a block of
//!    lines pasted twice is flagged. The plan is the import itself run inside a savepoint
//!    that is rolled back, so the import does exactly what the plan says.
//! 3. **Import** ([`import`]): a backup of the library, then every row in ONE
//!    transaction through the same recording functions as the Spending screen
//!    ([`super::store`]); flagged rows go in only with the clerk's one reason for the
//!    batch, kept in the history of each rule overridden. The mapping is remembered.
//!    The plan the clerk saw ([`plan_for_import`]) is imported without planning it again
//!    ([`import_planned`]) while nothing was written to the library since (SQLite's
//!    change counters say so); otherwise the report is planned afresh. Either way the
//!    rows written must be the plan's, row for row, or nothing is kept.
//!
//! Recording a report keeps its statements prepared for the whole report, reads each
//! council action bought under once ([`store::Batch`]), and writes each action's kept
//! totals once, after the last row; a row is one savepoint (two when a closed PO stands
//! for its payment). The plan goes through the same functions without writing
//! (`store::Batch::planning`): what later rows read of earlier ones (a PO standing for a
//! payment, an invoice number, a bill) is kept in memory.
//!
//! ## What a row is
//!
//! A report with an invoice, check or paid-date column is a register of **payments**:
//! each row an invoice (a negative one a credit memo) billing the PO it names, or —
//! when it names none — a closed PO standing for the payment, numbered after it
//! ("Paid INV-88"). A report without those columns is a **purchase-order list**: rows
//! with the same PO number are the lines of one PO, its amount their sum; a cancelled
//! line keeps its amount in the plan but is not counted, and a PO whose lines are all
//! cancelled is recorded cancelled (committing nothing).
//!
//! Rows are matched to a council action by contract number, else by PO number (a PO
//! recorded already, or earlier in the file), else by vendor (the contract's vendor
//! name or aliases; a name cut short by the finance system matches by its beginning).
//! A row that matches none, or several, is listed with why and not imported.

pub mod mapping;
pub mod shape;
pub mod vendors;

pub use vendors::VendorMatch;

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use self::shape::{pasted_twice, read_amount, total_row, RowShape, Total};
use super::model::{Approval, InvoiceInput, PoStatus, PurchaseOrderInput, Warning};
use super::store;
use crate::db::{atomically, Database, BULK_CACHE_KIB};
use crate::interchange::mapping::MappableField;
use crate::interchange::values::parse_date;
use crate::interchange::{workbook, Format, ImportFile, Mapping};
use crate::library::contract::{self, Contract};
use crate::tco::dollars;
use crate::{Error, FieldError, Result};

/// The header row is looked for among this many first rows (report titles, the
/// jurisdiction's name, the date range and a blank line come before it).
const HEADER_SEARCH_ROWS: usize = 30;

/// How many prepared statements the connection keeps while a report is recorded.
const STATEMENTS_KEPT: usize = 64;

/// The reason the plan records flagged rows with, inside the savepoint it rolls back.
const PLANNING: &str = "(planned, not recorded)";

/// A file's rows: each with its line (a workbook's row number) and its cells.
pub type Lines = Vec<(u64, Vec<String>)>;

/// A finance system's report as read: its rows and how its columns map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub file_name: String,
    /// Workbooks only: the sheet read.
    pub sheet: Option<String>,
    /// Workbooks only: every visible sheet, for the window's picker.
    pub sheets: Vec<String>,
    /// The header row's line (a workbook's row number).
    pub header_line: u64,
    pub mapping: Mapping,
    /// Every row below the header, blank ones too, with its line.
    pub rows: Lines,
    pub notes: Vec<String>,
    /// The vendor matches the clerk confirmed for this import (none when read).
    pub confirmed: Vec<VendorMatch>,
}

/// What the plan does with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RowKind {
    /// A purchase order, or one line of one.
    PurchaseOrder,
    /// An invoice or a payment.
    Payment,
    /// A negative payment: a credit memo, marked so.
    CreditMemo,
    /// Not a purchase: a subtotal, a total, a heading, the headings repeated.
    Skipped,
    /// A purchase that matches no council action (or several).
    Unmatched,
    /// A row that cannot be recorded as it is (the sentence says why).
    Refused,
}

impl RowKind {
    pub fn imported(self) -> bool {
        matches!(
            self,
            RowKind::PurchaseOrder | RowKind::Payment | RowKind::CreditMemo
        )
    }
}

/// One row of the report and what becomes of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRow {
    pub line: u64,
    pub kind: RowKind,
    /// What it is and what happens to it, in one sentence.
    pub what: String,
    pub approval_id: Option<i64>,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub amount: Option<Decimal>,
    /// The guard rails it breaks, each a sentence.
    pub warnings: Vec<Warning>,
    /// Other things to look at (a block of lines pasted twice).
    pub flags: Vec<String>,
    /// Not matched: the council action proposed by vendor, for the clerk to confirm.
    pub proposal: Option<VendorMatch>,
}

impl PlannedRow {
    /// Whether it is imported only with the clerk's reason.
    pub fn flagged(&self) -> bool {
        self.kind.imported() && !(self.warnings.is_empty() && self.flags.is_empty())
    }
}

/// How many rows each way; together they are every row below the header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "PurchasePlanCounts")]
pub struct PlanCounts {
    pub purchase_orders: usize,
    pub payments: usize,
    pub credit_memos: usize,
    pub skipped: usize,
    pub unmatched: usize,
    pub refused: usize,
    /// Imported rows that break a guard rail or are flagged.
    pub flagged: usize,
    /// Rows with nothing in them.
    pub empty: usize,
}

/// Every row of the report and what the import does with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchasePlan {
    pub file_name: String,
    pub sheet: Option<String>,
    pub header_line: u64,
    pub mapping: Mapping,
    /// Every row that is not empty, in file order.
    pub rows: Vec<PlannedRow>,
    pub counts: PlanCounts,
    pub notes: Vec<String>,
    /// Whether it was written (false for a plan, a dry run).
    pub imported: bool,
}

/// A report as the window's mapping step shows it: the columns found and the mapping
/// remembered for them (else guessed), with every field a column can fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseFile {
    pub file_name: String,
    pub sheet: Option<String>,
    /// Workbooks only: every visible sheet, for a picker when there are several.
    pub sheets: Vec<String>,
    pub header_line: u64,
    pub mapping: Mapping,
    /// The purchase fields; only the amount is required.
    pub fields: Vec<MappableField>,
    pub notes: Vec<String>,
}

impl Report {
    /// What the mapping step shows of this report.
    pub fn describe(&self) -> PurchaseFile {
        PurchaseFile {
            file_name: self.file_name.clone(),
            sheet: self.sheet.clone(),
            sheets: self.sheets.clone(),
            header_line: self.header_line,
            mapping: self.mapping.clone(),
            fields: mapping::FIELDS
                .iter()
                .map(|(field, label)| MappableField {
                    field,
                    label,
                    required: *field == "amount",
                })
                .collect(),
            notes: self.notes.clone(),
        }
    }
}

/// What the window reads first: as [`read`], but a workbook of several sheets with none
/// chosen is read from the first visible sheet that reads as a report (a cover or notes
/// sheet before the register is passed over) instead of being refused; the file
/// answered names the sheet read, and the report lists every sheet for the picker. The
/// command line, with no picker, still asks for `--sheet`.
pub fn open(db: &Database, file: &ImportFile) -> Result<(ImportFile, Report)> {
    let refused = match read(db, file, None) {
        Ok(report) => return Ok((file.clone(), report)),
        Err(refused) if file.format == Format::Workbook && file.sheet.sheet.is_none() => refused,
        Err(error) => return Err(error),
    };
    let sheets = match workbook::sheet_list(&file.path) {
        Ok(sheets) if sheets.len() > 1 => sheets,
        _ => return Err(refused),
    };
    for sheet in sheets {
        let mut chosen = file.clone();
        chosen.sheet.sheet = Some(sheet);
        if let Ok(report) = read(db, &chosen, None) {
            return Ok((chosen, report));
        }
    }
    Err(refused)
}

/// Reads the report `file` with `mapping` (`None`: the one remembered for its headers,
/// else the guess).
pub fn read(db: &Database, file: &ImportFile, mapping: Option<&Mapping>) -> Result<Report> {
    let file_name = file.file_name();
    let (sheet, sheets, rows, mut notes) = match file.format {
        Format::Workbook => {
            let read = workbook::sheet_cells(&file.path, &file.sheet)?;
            let rows = read
                .cells
                .into_iter()
                .map(|(n, cells)| (u64::from(n), cells))
                .collect();
            (Some(read.sheet), read.sheets, rows, read.notes)
        }
        Format::Csv => {
            let bytes = std::fs::read(&file.path)
                .map_err(|source| Error::io("read", &file.path, source))?;
            let (rows, notes) = delimited_rows(&bytes, &file_name)?;
            (None, Vec::new(), rows, notes)
        }
        other => {
            return Err(Error::File(format!(
                "{file_name} is {other:?}; purchases are imported from a finance system's \
                 report saved as CSV or Excel."
            )))
        }
    };
    let known = |cells: &[String]| {
        let headers: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
        mapping::remembered(db, &headers).map(|m| m.is_some())
    };
    // A workbook's sentences name the sheet too: the clerk may have picked the wrong one.
    let place = match &sheet {
        Some(sheet) if sheets.len() > 1 => format!("{file_name}, sheet {sheet},"),
        _ => file_name.clone(),
    };
    let header = header_index(&rows, mapping, &place, &known)?;
    let headers: Vec<String> = rows[header].1.iter().map(|h| h.trim().to_owned()).collect();
    let mapping = match mapping {
        Some(mapping) => mapping.clone(),
        None => mapping::for_headers(db, &headers)?,
    };
    mapping::validate(&mapping)?;
    let header_line = rows[header].0;
    if header > 0 {
        notes.push(format!(
            "The column headings are on line {header_line}; the {} lines above them (the \
             report's titles) are not purchases.",
            header
        ));
    }
    Ok(Report {
        file_name,
        sheet,
        sheets,
        header_line,
        mapping,
        rows: rows.into_iter().skip(header + 1).collect(),
        notes,
        confirmed: Vec::new(),
    })
}

/// A delimited file's rows with their line numbers. Lines may end in CR LF, LF or a
/// carriage return alone (as some finance systems still write them).
fn delimited_rows(bytes: &[u8], file_name: &str) -> Result<(Lines, Vec<String>)> {
    let (text, note) = crate::interchange::text::decode(bytes, file_name).map_err(Error::File)?;
    let mut notes: Vec<String> = note.into_iter().collect();
    let cr_alone = cr_alone_ends(text.as_bytes());
    let text = if cr_alone {
        notes.push(
            "Its lines end in a carriage return alone (as older systems write them); read \
             line by line all the same."
                .to_owned(),
        );
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let start: String = text.chars().take(4096).collect();
    let count = |c: char| start.matches(c).count();
    let delimiter = if count('\t') > count(',') {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // Where each line starts, to number records by the line they start on and to list
    // the blank lines the reader passes over (every line is accounted for).
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let blank = |line: usize| {
        let start = line_starts[line - 1];
        let end = line_starts.get(line).copied().unwrap_or(text.len());
        text[start..end].trim().is_empty()
    };
    let mut rows: Lines = Vec::new();
    let mut next_line = 1;
    for record in reader.records() {
        let record =
            record.map_err(|e| Error::File(format!("{file_name} cannot be read as CSV: {e}.")))?;
        // The reader's position is where it began looking: before any blank lines.
        let mut byte = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        let line = line_starts.partition_point(|start| *start <= byte);
        rows.extend(
            (next_line..line)
                .filter(|l| blank(*l))
                .map(|l| (l as u64, Vec::new())),
        );
        next_line = line + 1;
        rows.push((line as u64, record.iter().map(str::to_owned).collect()));
    }
    Ok((rows, notes))
}

/// Whether some line ends in a carriage return not followed by a line feed.
fn cr_alone_ends(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .enumerate()
        .any(|(i, b)| *b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// The index of the header row: the row the clerk's mapping names, else the first row
/// among the first [`HEADER_SEARCH_ROWS`] that names an amount and two other fields, or
/// whose headers have a mapping `remembered`.
fn header_index(
    rows: &[(u64, Vec<String>)],
    mapping: Option<&Mapping>,
    file_name: &str,
    remembered: &dyn Fn(&[String]) -> Result<bool>,
) -> Result<usize> {
    let trimmed = |cells: &[String]| -> Vec<String> {
        let mut cells: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        cells
    };
    let mut found = None;
    for (index, (_, cells)) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let header = match mapping {
            Some(mapping) => trimmed(cells) == trimmed(&mapping.headers()),
            None => mapping::header_score(cells) >= 3 || remembered(cells)?,
        };
        if header {
            found = Some(index);
            break;
        }
    }
    found.ok_or_else(|| {
        let first = rows
            .iter()
            .find(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .map(|(line, cells)| format!(" Line {line} reads '{}'.", cells.join(",")))
            .unwrap_or_default();
        let wanted = match mapping {
            Some(mapping) => format!(
                "the column headings the mapping names ({})",
                mapping.headers().join(", ")
            ),
            None => "a row of column headings naming at least an amount, a date or number, \
                     and a vendor (such as Date, Num, Name, Amount)"
                .to_owned(),
        };
        Error::File(format!(
            "{file_name} has no header row: none of its first {HEADER_SEARCH_ROWS} lines \
             is {wanted}.{first} Export the report with its column headings, or add a \
             first line naming the columns; the purchases are not guessed from unnamed \
             columns."
        ))
    })
}

/// A row's cells by purchase field.
struct Cells<'a> {
    columns: &'a HashMap<&'a str, usize>,
    cells: &'a [String],
    /// The heading of the row's section (a vendor's name above its rows, as reports
    /// grouped by vendor print it): the vendor when the row names none.
    heading: Option<&'a str>,
}

impl Cells<'_> {
    fn get(&self, field: &str) -> &str {
        let cell = self
            .columns
            .get(field)
            .and_then(|i| self.cells.get(*i))
            .map_or("", |c| c.trim());
        match self.heading {
            Some(heading) if cell.is_empty() && field == "vendor" => heading,
            _ => cell,
        }
    }
}

/// A council action a row may be bought under, with its contract.
struct Authority {
    approval: Approval,
    contract: Contract,
    /// The contract's vendor name and aliases as [`name_key`] writes them, once.
    vendor_keys: Vec<String>,
}

impl Authority {
    fn new(approval: Approval, contract: Contract) -> Authority {
        let vendor_keys = std::iter::once(&contract.vendor_name)
            .chain(&contract.vendor_aliases)
            .map(|name| name_key(name))
            .collect();
        Authority {
            approval,
            contract,
            vendor_keys,
        }
    }
}

/// A name as vendors are matched: lower-case words of letters and digits.
fn name_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a report's vendor (its [`name_key`]) is the contract's: the same name or alias, or — a finance
/// system cuts names (often at 30 characters) — the beginning of one.
fn same_vendor(report: &str, authority: &Authority) -> bool {
    if report.is_empty() {
        return false;
    }
    authority
        .vendor_keys
        .iter()
        .any(|name| name == report || (report.len() >= 12 && name.starts_with(report)))
}

/// Which of several council actions a purchase dated `date` falls under: the one whose
/// term holds the date; else, for one contract, the latest voted by then.
fn choose(found: Vec<&Authority>, date: Option<NaiveDate>) -> Vec<&Authority> {
    if found.len() <= 1 {
        return found;
    }
    let Some(date) = date else { return found };
    let in_term: Vec<&Authority> = found
        .iter()
        .copied()
        .filter(|a| {
            a.approval.term_from.is_none_or(|from| from <= date)
                && a.approval.term_to.is_none_or(|to| date <= to)
                && (a.approval.term_from.is_some() || a.approval.term_to.is_some())
        })
        .collect();
    if in_term.len() == 1 {
        return in_term;
    }
    let one_contract = found.iter().all(|a| a.contract.id == found[0].contract.id);
    if one_contract {
        let latest = found
            .iter()
            .copied()
            .filter(|a| a.approval.meeting_date <= date)
            .max_by_key(|a| (a.approval.meeting_date, a.approval.id));
        if let Some(latest) = latest {
            return vec![latest];
        }
    }
    found
}

/// Why a purchase matches no council action, and the one proposed by vendor if any.
struct Unmatched {
    why: String,
    proposal: Option<VendorMatch>,
}

impl std::fmt::Display for Unmatched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

impl From<String> for Unmatched {
    fn from(why: String) -> Unmatched {
        Unmatched {
            why,
            proposal: None,
        }
    }
}

/// The approval a purchase falls under, or why none: by contract number, by a recorded
/// PO's number, else by vendor (the contract's, or one the clerk `confirmed` now or
/// before; a vendor sharing a distinctive word with one contract's is proposed).
fn match_approval(
    db: &Database,
    batch: &store::Batch,
    authorities: &[Authority],
    confirmed: &[VendorMatch],
    row: &Cells<'_>,
    date: Option<NaiveDate>,
) -> Result<std::result::Result<i64, Unmatched>> {
    let number = row.get("contractNumber");
    if !number.is_empty() {
        let found: Vec<&Authority> = authorities
            .iter()
            .filter(|a| {
                std::iter::once(&a.contract.contract_number)
                    .chain(&a.contract.number_variants)
                    .any(|n| n.trim().eq_ignore_ascii_case(number))
            })
            .collect();
        return Ok(one_of(choose(found, date), || {
            format!("no council action is recorded on contract '{number}'")
        })
        .map_err(Unmatched::from));
    }
    let po = row.get("poNumber");
    if !po.is_empty() {
        if let Some(approval) = recorded_po(db, batch, po)?.and_then(|(approval, _)| approval) {
            return Ok(Ok(approval));
        }
    }
    let vendor = row.get("vendor");
    if vendor.is_empty() {
        return Ok(Err(Unmatched::from(
            "it names no contract and no vendor to match it to a council action".to_owned(),
        )));
    }
    let key = name_key(vendor);
    let found: Vec<&Authority> = authorities
        .iter()
        .filter(|a| same_vendor(&key, a))
        .collect();
    if found.is_empty() {
        if let Some(approval) = vendors::matched(db, confirmed, &key, authorities)? {
            return Ok(Ok(approval));
        }
        if let Some(proposed) = vendors::propose(authorities, vendor, date) {
            return Ok(Err(Unmatched {
                why: format!(
                    "no contract names the vendor '{vendor}'; it may be {} on contract {} \
                     ({}) — confirm the match to import it (it is remembered for this \
                     vendor)",
                    proposed.approval.citation(),
                    proposed.contract.contract_number,
                    proposed.contract.vendor_name
                ),
                proposal: Some(VendorMatch {
                    vendor: vendor.to_owned(),
                    approval_id: proposed.approval.id,
                }),
            }));
        }
    }
    Ok(one_of(choose(found, date), || {
        format!(
            "no council action is recorded for a contract with the vendor '{vendor}' (nor one \
             whose name begins so)"
        )
    })
    .map_err(Unmatched::from))
}

fn one_of(
    found: Vec<&Authority>,
    none: impl FnOnce() -> String,
) -> std::result::Result<i64, String> {
    match found.as_slice() {
        [] => Err(none()),
        [one] => Ok(one.approval.id),
        several => Err(format!(
            "it could be under any of {} council actions ({}); add the contract or PO \
             number to tell which",
            several.len(),
            several
                .iter()
                .map(|a| format!(
                    "{} on {}",
                    a.approval.citation(),
                    a.contract.contract_number
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

/// A recorded PO's approval and vendor, by its number (case and spaces ignored): one
/// the plan's batch would have recorded too.
fn recorded_po(
    db: &Database,
    batch: &store::Batch,
    number: &str,
) -> Result<Option<(Option<i64>, String)>> {
    use rusqlite::OptionalExtension;
    if let Some(order) = batch.unwritten().and_then(|u| u.order(number)) {
        return Ok(Some((order.approval_id, order.vendor.clone())));
    }
    Ok(db
        .conn()
        .prepare_cached(
            "SELECT approval_id, vendor FROM purchase_orders
             WHERE lower(trim(number)) = lower(trim(?1))",
        )?
        .query_row([number], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// What a row of a report with a type column is (QuickBooks' "Bill", "Bill Pmt
/// -Check", "Check"; Munis' "Invoice", "Payment"…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transaction {
    /// A vendor's bill: invoiced, not paid yet.
    Bill,
    /// The payment of a bill: marks the bill paid, and is not invoiced again.
    BillPayment,
    /// A payment with no bill of its own (a check written directly): an invoice paid.
    Payment,
    /// A vendor's credit: a credit memo.
    Credit,
    /// Anything else (a deposit, a transfer, a journal entry): not a purchase.
    Other,
}

/// The type a row's type column names; `None` when there is no type.
fn transaction(text: &str) -> Option<Transaction> {
    let key = mapping::normalised(text);
    if key.is_empty() {
        return None;
    }
    let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
    Some(
        if starts(&[
            "billpmt",
            "billpayment",
            "billpaid",
            "payment",
            "pmt",
            "vendorpayment",
        ]) {
            Transaction::BillPayment
        } else if starts(&["billcredit", "vendorcredit", "credit", "cm"]) {
            Transaction::Credit
        } else if starts(&[
            "bill",
            "invoice",
            "inv",
            "vendorinvoice",
            "apinvoice",
            "voucher",
        ]) {
            Transaction::Bill
        } else if starts(&[
            "check",
            "cheque",
            "chk",
            "eft",
            "ach",
            "wire",
            "expense",
            "creditcard",
            "cccharge",
            "handcheck",
            "manualcheck",
        ]) {
            Transaction::Payment
        } else {
            Transaction::Other
        },
    )
}

/// An unpaid bill under an approval.
struct UnpaidBill {
    id: i64,
    number: String,
    amount: Decimal,
    po_number: String,
}

/// The unpaid bill under `approval_id` a payment pays: the one numbered `number`, else
/// (no number) the oldest for exactly `amount` — of the library's, and of those the
/// plan's batch would have recorded (after the library's, as their ids would be).
fn unpaid_bill(
    db: &Database,
    batch: &store::Batch,
    approval_id: i64,
    number: &str,
    amount: Decimal,
) -> Result<Option<UnpaidBill>> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.number, i.amount, po.number, i.invoice_date FROM invoices i
         JOIN purchase_orders po ON po.id = i.po_id
         WHERE po.approval_id = ?1 AND i.paid_date IS NULL AND i.credit_memo = 0
           AND (?2 = '' OR lower(trim(i.number)) = lower(trim(?2)))
         ORDER BY i.invoice_date, i.id",
    )?;
    let found = stmt.query_map(rusqlite::params![approval_id, number], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, NaiveDate>(4)?,
        ))
    })?;
    // (date, whether recorded by the plan, its id or place) orders them as the library's
    // `ORDER BY invoice_date, id` would.
    let mut bills: Vec<((NaiveDate, bool, i64), UnpaidBill)> = Vec::new();
    let unwritten = batch.unwritten();
    for bill in found {
        let (id, bill_number, text, po_number, date) = bill?;
        if unwritten.is_some_and(|u| u.library_paid(id).is_some()) {
            continue;
        }
        let bill_amount: Decimal = text.parse().map_err(|_| {
            Error::Damaged(format!("the library holds '{text}' as an invoice's amount"))
        })?;
        let bill = UnpaidBill {
            id,
            number: bill_number,
            amount: bill_amount,
            po_number,
        };
        if unwritten.is_none() {
            if !number.is_empty() || bill_amount == amount {
                return Ok(Some(bill));
            }
            continue;
        }
        bills.push(((date, false, id), bill));
    }
    if let Some(unwritten) = unwritten {
        for (place, bill) in unwritten.unpaid_bills(approval_id, number).enumerate() {
            bills.push((
                (bill.date, true, place as i64),
                UnpaidBill {
                    id: bill.id,
                    number: bill.number.clone(),
                    amount: bill.amount,
                    po_number: bill.po_number.clone(),
                },
            ));
        }
        bills.sort_by_key(|(order, _)| *order);
    }
    Ok(bills
        .into_iter()
        .map(|(_, bill)| bill)
        .find(|bill| !number.is_empty() || bill.amount == amount))
}

/// A refusal's sentences, each naming the line and the field.
fn refusal(line: u64, error: Error) -> Result<String> {
    match error {
        Error::InvalidFields(errors) => Ok(errors
            .iter()
            .map(|e| format!("Line {line}, {}: {}", e.label, e.message))
            .collect::<Vec<_>>()
            .join(" ")),
        other => Err(other),
    }
}

/// How a PO line's status reads.
fn line_status(text: &str) -> PoStatus {
    let text = text.trim().to_lowercase();
    if ["cancel", "void", "deleted", "rejected"]
        .iter()
        .any(|w| text.starts_with(w))
    {
        PoStatus::Cancelled
    } else if ["closed", "complete", "paid", "fully", "liquidated"]
        .iter()
        .any(|w| text.starts_with(w))
    {
        PoStatus::Closed
    } else {
        PoStatus::Open
    }
}

/// A row read: its amount and date, or the sentence that refuses it.
struct Purchase {
    /// Its row in the plan.
    index: usize,
    /// Its row in the report.
    source: usize,
    /// The heading of its section, if any.
    heading: Option<String>,
    line: u64,
    amount: Decimal,
    date: NaiveDate,
}

/// Plans the import of `report` on `today`: every row accounted for, nothing written.
pub fn plan(
    db: &Database,
    report: &Report,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<PurchasePlan> {
    let conn = db.conn();
    db.with_bulk_pages(BULK_CACHE_KIB, || {
        conn.execute_batch("SAVEPOINT purchase_import_plan")?;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(db, report, PLANNING, today, now, true)
        }));
        conn.execute_batch("ROLLBACK TO purchase_import_plan; RELEASE purchase_import_plan")?;
        match result {
            Ok(plan) => plan,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// A plan the clerk looked at, kept with its report and with how the library stood
/// when it was made, so that [`import_planned`] writes it without planning it again.
#[derive(Debug)]
pub struct Planned {
    report: Report,
    plan: PurchasePlan,
    seen: Seen,
}

impl Planned {
    /// What the import would do with every row.
    pub fn plan(&self) -> &PurchasePlan {
        &self.plan
    }

    /// The report planned.
    pub fn report(&self) -> &Report {
        &self.report
    }
}

/// How the library stood for a plan: SQLite's count of commits by other connections
/// (`PRAGMA data_version`) and of rows this connection changed (including those a
/// savepoint rolled back), and the day. While both counts stay the same, nothing was
/// written to the library, so planning again would plan the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    data_version: i64,
    changes: u64,
    today: NaiveDate,
}

impl Seen {
    fn now(db: &Database, today: NaiveDate) -> Result<Seen> {
        let conn = db.conn();
        Ok(Seen {
            data_version: conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
            changes: conn.total_changes(),
            today,
        })
    }
}

/// Plans the import of `report` on `today` as [`plan`] does, and keeps the plan with
/// the report for [`import_planned`].
pub fn plan_for_import(
    db: &Database,
    report: Report,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Planned> {
    let plan = plan(db, &report, today, now)?;
    let seen = Seen::now(db, today)?;
    Ok(Planned { report, plan, seen })
}

/// Imports `report`: a backup first, then every row the plan imports, in one
/// transaction. When rows break a guard rail or are flagged, `override_reason` must say
/// why they are imported anyway (one reason for the batch, kept in the history of each
/// rule overridden); without it nothing is written and every flagged row is named.
pub fn import(
    db: &Database,
    report: &Report,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<PurchasePlan> {
    let planned = plan(db, report, today, now)?;
    write_plan(db, report, &planned, override_reason, today, now)
}

/// Imports what `planned` says, as [`import`] does, without planning it again — unless
/// anything was written to the library since it was planned, or the day changed: then
/// the report is planned afresh and that plan is what is imported (and answered).
pub fn import_planned(
    db: &Database,
    planned: &Planned,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<PurchasePlan> {
    let report = &planned.report;
    if Seen::now(db, today)? == planned.seen {
        write_plan(db, report, &planned.plan, override_reason, today, now)
    } else {
        import(db, report, override_reason, today, now)
    }
}

/// Writes `report` as `planned` (made on the library as it stands now): refused, naming
/// every flagged row, without a reason; else a backup, then every row in one
/// transaction, which is rolled back if a row does not do what the plan said.
fn write_plan(
    db: &Database,
    report: &Report,
    planned: &PurchasePlan,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<PurchasePlan> {
    let reason = override_reason.trim();
    if reason.is_empty() && planned.counts.flagged > 0 {
        return Err(Error::NeedsOverride(
            planned
                .rows
                .iter()
                .filter(|r| r.flagged())
                .flat_map(|r| {
                    let label = format!("Line {}", r.line);
                    r.warnings
                        .iter()
                        .map(|w| FieldError::new(w.rule.key(), &label, w.sentence.clone()))
                        .chain(
                            r.flags
                                .iter()
                                .map(|f| FieldError::new("pastedTwice", &label, f.clone())),
                        )
                        .collect::<Vec<_>>()
                })
                .collect(),
        ));
    }
    let writes = planned.rows.iter().any(|r| r.kind.imported());
    if writes {
        crate::backup::backup_before_import(db, now)?;
    }
    let mut done = db.with_bulk_pages(BULK_CACHE_KIB, || {
        atomically(db.conn(), || {
            let done = run(db, report, reason, today, now, false)?;
            if done.rows != planned.rows {
                return Err(Error::invalid(
                    "Import",
                    format!(
                        "{} was not imported: the library changed while it was being imported, \
                     so its rows would not go in as the plan shows them. Plan the import \
                     again.",
                        report.file_name
                    ),
                ));
            }
            vendors::remember(db, &report.confirmed, now)?;
            Ok(done)
        })
    })?;
    mapping::remember(db, &report.mapping)?;
    done.imported = writes;
    Ok(done)
}

/// Records every row of `report` (flagged ones with `reason`) and says what became of
/// each. The caller holds the transaction: [`plan`] rolls it back, [`import`] keeps it.
/// `planning`, each row is decided as it would be recorded but nothing is written: what
/// later rows read of earlier ones is kept in memory (`store::Batch::planning`).
fn run(
    db: &Database,
    report: &Report,
    reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    planning: bool,
) -> Result<PurchasePlan> {
    let columns: HashMap<&str, usize> = report
        .mapping
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.field.as_deref().map(|f| (f, i)))
        .collect();
    let payments = ["invoiceNumber", "checkNumber", "paidDate"]
        .iter()
        .any(|f| columns.contains_key(f));
    // Every statement a row runs stays prepared for the whole report (the connection's
    // cache holds sixteen by default, fewer than a row and its approval's first read use).
    db.conn()
        .set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
    let authorities = store::approvals(db, today)?
        .into_iter()
        .map(|s| {
            let contract = contract::get(db, s.approval.contract_id)?;
            Ok(Authority::new(s.approval, contract))
        })
        .collect::<Result<Vec<_>>>()?;
    let headers = report.mapping.headers();
    let mut rows: Vec<PlannedRow> = Vec::new();
    let mut empty = 0;
    let mut purchases: Vec<Purchase> = Vec::new();
    let (mut section, mut whole) = (Decimal::ZERO, Decimal::ZERO);
    let mut section_start: Option<u64> = None;
    // The last total row, while no purchase follows it.
    let mut last_total: Option<usize> = None;
    // The heading above the rows of a section (a vendor's name), until its subtotal.
    let mut heading: Option<String> = None;
    let plain = |line: u64, kind: RowKind, what: String, amount: Option<Decimal>| PlannedRow {
        line,
        kind,
        what,
        approval_id: None,
        amount,
        warnings: Vec::new(),
        flags: Vec::new(),
        proposal: None,
    };
    for (source, (line, cells)) in report.rows.iter().enumerate() {
        let line = *line;
        if cells.iter().all(|c| c.trim().is_empty()) {
            empty += 1;
            continue;
        }
        let trimmed: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
        if trimmed
            .iter()
            .zip(&headers)
            .filter(|(c, h)| !h.is_empty() && c.eq_ignore_ascii_case(h))
            .count()
            >= 2
        {
            rows.push(plain(
                line,
                RowKind::Skipped,
                "The column headings again (a new page of the report); skipped.".into(),
                None,
            ));
            continue;
        }
        let row = Cells {
            columns: &columns,
            cells,
            heading: None,
        };
        let first_cell = trimmed
            .iter()
            .find(|c| !c.is_empty())
            .copied()
            .unwrap_or("");
        // A "Total" label in the PO number's column (the first, in many reports) is
        // not a number.
        let given = |field: &str| {
            let cell = row.get(field);
            !cell.is_empty() && !shape::total_label(cell)
        };
        let numbered = ["poNumber", "invoiceNumber", "checkNumber"]
            .iter()
            .any(|f| given(f));
        let dated = given("date");
        let amount_text = row.get("amount");
        if amount_text.is_empty() {
            let (kind, what) = if dated || numbered {
                (
                    RowKind::Refused,
                    format!("Line {line}, Amount: is empty; the purchase has no amount to record."),
                )
            } else {
                (
                    RowKind::Skipped,
                    format!("A heading or a note, with no amount, date or number ('{first_cell}'); skipped."),
                )
            };
            if kind == RowKind::Skipped {
                heading = Some(first_cell.to_owned());
            }
            rows.push(plain(line, kind, what, None));
            continue;
        }
        let amount = match read_amount(amount_text) {
            Ok(amount) => amount,
            Err(sentence) => {
                rows.push(plain(
                    line,
                    RowKind::Refused,
                    format!("Line {line}, Amount: {sentence}"),
                    None,
                ));
                continue;
            }
        };
        let shape = RowShape {
            first_cell,
            identified: dated || numbered,
            amount: Some(amount),
        };
        if let Some(total) = total_row(&shape, section, whole) {
            let what = match total {
                Total::Subtotal => format!(
                    "A subtotal ({}; the rows above since line {} sum to {}); skipped.",
                    dollars(amount),
                    section_start.unwrap_or(line),
                    dollars(section)
                ),
                Total::GrandTotal => format!(
                    "The report's total ({}; its purchases sum to {}); skipped.",
                    dollars(amount),
                    dollars(whole)
                ),
            };
            rows.push(plain(line, RowKind::Skipped, what, Some(amount)));
            last_total = Some(rows.len() - 1);
            section = Decimal::ZERO;
            section_start = None;
            heading = None;
            continue;
        }
        last_total = None;
        section += amount;
        whole += amount;
        section_start.get_or_insert(line);
        let date = match row.get("date") {
            "" => Err(format!(
                "Line {line}, Date: is empty; a purchase is recorded on the date it was made."
            )),
            text => parse_date(text).map_err(|s| format!("Line {line}, Date: {s}")),
        };
        match date {
            Ok(date) => {
                rows.push(plain(line, RowKind::Skipped, String::new(), Some(amount)));
                purchases.push(Purchase {
                    index: rows.len() - 1,
                    source,
                    heading: heading.clone(),
                    line,
                    amount,
                    date,
                });
            }
            Err(what) => rows.push(plain(line, RowKind::Refused, what, Some(amount))),
        }
    }
    // A last total equal to every purchase above it is the report's total, though a
    // report without subtotals makes it the sum of its one section too.
    if let Some(index) = last_total {
        if rows[index].amount == Some(whole) {
            rows[index].what = format!(
                "The report's total ({}, the sum of its purchases); skipped.",
                dollars(whole)
            );
        }
    }
    // A register that writes every payment as money out (negative), as QuickBooks'
    // check registers do: the payments are those amounts, not credits.
    let mut notes = report.notes.clone();
    if payments
        && purchases
            .iter()
            .any(|p| p.amount.is_sign_negative() && !p.amount.is_zero())
        && purchases.iter().all(|p| p.amount <= Decimal::ZERO)
    {
        for purchase in &mut purchases {
            purchase.amount = -purchase.amount;
            rows[purchase.index].amount = Some(purchase.amount);
        }
        notes.push(
            "Every amount is written as money paid out (negative), as check registers do; \
             each is read as a payment of that amount, not as a credit."
                .to_owned(),
        );
    }
    // A block of purchases pasted twice, by the rows' whole text.
    let texts: Vec<String> = purchases
        .iter()
        .map(|p| report.rows[p.source].1.join("\u{1f}"))
        .collect();
    for (purchase, repeat) in purchases.iter().zip(pasted_twice(&texts)) {
        if let Some(repeat) = repeat {
            rows[purchase.index].flags.push(format!(
                "Lines {}–{} repeat lines {}–{} exactly: the same block pasted twice? \
                 Identical single lines are often genuine, so nothing is dropped for this; \
                 a flagged row is imported only with the batch's reason.",
                purchases[repeat.copy].line,
                purchases[repeat.copy_last()].line,
                purchases[repeat.first].line,
                purchases[repeat.last].line
            ));
        }
    }
    let context = Context {
        db,
        report,
        columns: &columns,
        authorities: &authorities,
        reason,
        today,
        now,
        batch: RefCell::new(if planning {
            store::Batch::planning()
        } else {
            store::Batch::keeping_totals_at_end()
        }),
    };
    if payments {
        // The bills first, then the payments of bills, which find them recorded.
        let pays_bill = |p: &Purchase| {
            transaction(context.cells(p).get("type")) == Some(Transaction::BillPayment)
        };
        for purchase in purchases.iter().filter(|p| !pays_bill(p)) {
            context.payment(purchase, &mut rows)?;
        }
        for purchase in purchases.iter().filter(|p| pays_bill(p)) {
            context.payment(purchase, &mut rows)?;
        }
    } else {
        context.orders(&purchases, &mut rows)?;
    }
    // Each approval bought under gets its kept totals once, in the caller's transaction.
    context.batch.borrow_mut().keep_totals(db.conn())?;
    let mut counts = PlanCounts {
        empty,
        ..PlanCounts::default()
    };
    for row in &rows {
        match row.kind {
            RowKind::PurchaseOrder => counts.purchase_orders += 1,
            RowKind::Payment => counts.payments += 1,
            RowKind::CreditMemo => counts.credit_memos += 1,
            RowKind::Skipped => counts.skipped += 1,
            RowKind::Unmatched => counts.unmatched += 1,
            RowKind::Refused => counts.refused += 1,
        }
        if row.flagged() {
            counts.flagged += 1;
        }
    }
    Ok(PurchasePlan {
        file_name: report.file_name.clone(),
        sheet: report.sheet.clone(),
        header_line: report.header_line,
        mapping: report.mapping.clone(),
        rows,
        counts,
        notes,
        imported: false,
    })
}

/// What recording a report's rows needs.
struct Context<'a> {
    db: &'a Database,
    report: &'a Report,
    columns: &'a HashMap<&'a str, usize>,
    authorities: &'a [Authority],
    reason: &'a str,
    today: NaiveDate,
    now: NaiveDateTime,
    /// The approvals bought under, with their figures, read once for the whole report.
    batch: RefCell<store::Batch>,
}

impl Context<'_> {
    fn cells<'c>(&'c self, purchase: &'c Purchase) -> Cells<'c> {
        Cells {
            columns: self.columns,
            cells: &self.report.rows[purchase.source].1,
            heading: purchase.heading.as_deref(),
        }
    }

    /// One payment: an invoice on the PO it names, or on a closed PO standing for it.
    fn payment(&self, purchase: &Purchase, rows: &mut [PlannedRow]) -> Result<()> {
        let row = self.cells(purchase);
        let planned = &mut rows[purchase.index];
        let line = purchase.line;
        let vendor = row.get("vendor");
        let kind = transaction(row.get("type"));
        // With a type column the type says which way the money went, whatever sign the
        // report writes (QuickBooks writes a bill's payment as money out).
        let amount = match kind {
            Some(Transaction::Credit) => -purchase.amount.abs(),
            Some(Transaction::Other) => {
                planned.what = format!(
                    "A '{}' line is neither a bill nor a payment (a deposit, a transfer, a \
                     journal entry…); not a purchase, skipped.",
                    row.get("type")
                );
                return Ok(());
            }
            Some(_) => purchase.amount.abs(),
            None => purchase.amount,
        };
        planned.amount = Some(amount);
        if amount.is_zero() {
            planned.what = format!(
                "{} for {}: no money moved (a voided check or a placeholder line); nothing \
                 to record, skipped.",
                dollars(purchase.amount),
                if vendor.is_empty() {
                    "no vendor"
                } else {
                    vendor
                }
            );
            return Ok(());
        }
        // A bill's number column is the vendor's bill number, not a check's.
        let billed = matches!(kind, Some(Transaction::Bill | Transaction::Credit));
        let paid = match row.get("paidDate") {
            "" if kind == Some(Transaction::BillPayment) => Some(purchase.date),
            "" if !billed && !row.get("checkNumber").is_empty() => Some(purchase.date),
            "" => None,
            text => match parse_date(text) {
                Ok(date) => Some(date),
                Err(sentence) => {
                    planned.kind = RowKind::Refused;
                    planned.what = format!("Line {line}, Paid date: {sentence}");
                    return Ok(());
                }
            },
        };
        let number = match (row.get("invoiceNumber"), row.get("checkNumber")) {
            ("", "") => format!("{} line {line}", self.report.file_name),
            ("", bill) if billed => bill.to_owned(),
            ("", check) => format!("Check {check}"),
            (invoice, _) => invoice.to_owned(),
        };
        let po = row.get("poNumber");
        let (approval_id, po_number) = if po.is_empty() {
            match match_approval(
                self.db,
                &self.batch.borrow(),
                self.authorities,
                &self.report.confirmed,
                &row,
                Some(purchase.date),
            )? {
                Ok(approval) => (approval, None),
                Err(why) => {
                    planned.kind = RowKind::Unmatched;
                    planned.what = format!("Not imported: {why}.");
                    planned.proposal = why.proposal;
                    return Ok(());
                }
            }
        } else {
            match recorded_po(self.db, &self.batch.borrow(), po)? {
                Some((Some(approval), _)) => (approval, Some(po.to_owned())),
                Some((None, _)) => {
                    planned.kind = RowKind::Unmatched;
                    planned.what = format!(
                        "Not imported: PO {po} is recorded with no council action on file."
                    );
                    return Ok(());
                }
                None => {
                    planned.kind = RowKind::Unmatched;
                    planned.what = format!(
                        "Not imported: it bills PO {po}, which is not recorded; import the \
                         purchase-order list first (or record the PO)."
                    );
                    return Ok(());
                }
            }
        };
        planned.approval_id = Some(approval_id);
        let mut unbilled = String::new();
        if let (Some(Transaction::BillPayment), Some(paid)) = (kind, paid) {
            let bill = row.get("invoiceNumber");
            let found = unpaid_bill(self.db, &self.batch.borrow(), approval_id, bill, amount)?;
            match found {
                Some(found) if found.amount == amount => {
                    store::pay_invoice(
                        self.db,
                        &mut self.batch.borrow_mut(),
                        found.id,
                        paid,
                        self.now,
                    )?;
                    planned.kind = RowKind::Payment;
                    planned.what = format!(
                        "Payment of bill {} ({}, billing PO {}){}: marks it paid on {paid}; \
                         not counted again as invoiced.",
                        found.number,
                        dollars(found.amount),
                        found.po_number,
                        match row.get("checkNumber") {
                            "" => String::new(),
                            check => format!(" by check {check}"),
                        }
                    );
                    return Ok(());
                }
                Some(found) => {
                    planned.kind = RowKind::Refused;
                    planned.what = format!(
                        "Line {line}: pays {} of bill {}, which is for {}; a part payment \
                         is not recorded here (the bill stays unpaid) — record the payment \
                         by hand once the bill is settled.",
                        dollars(amount),
                        found.number,
                        dollars(found.amount)
                    );
                    return Ok(());
                }
                None => {
                    unbilled = format!(
                        " (a bill payment: no unpaid bill{} for {} is in the report or on \
                         record, so it is recorded as a paid invoice)",
                        if bill.is_empty() {
                            String::new()
                        } else {
                            format!(" {bill}")
                        },
                        dollars(amount)
                    );
                }
            }
        }
        let credit = amount.is_sign_negative();
        // An invoice on a named PO is one write, in its own savepoint; a closed PO
        // standing for the payment and its invoice are two, kept or rolled back together.
        let record = |po_number| {
            self.record_payment(
                approval_id,
                po_number,
                &number,
                purchase,
                (amount, paid),
                &row,
            )
        };
        let mark = po_number
            .is_none()
            .then(|| self.batch.borrow().mark(approval_id));
        let planning = self.batch.borrow().unwritten().is_some();
        let recorded = match po_number {
            Some(po) => record(Some(po)),
            // A plan writes nothing: its batch takes back the first write itself.
            None if planning => record(None),
            None => atomically(self.db.conn(), || record(None)),
        };
        match recorded {
            Ok((po_number, warnings)) => {
                planned.kind = if credit {
                    RowKind::CreditMemo
                } else {
                    RowKind::Payment
                };
                planned.what = format!(
                    "{} {number} of {}, {}, billing PO {po_number}{}{unbilled}.",
                    if credit { "Credit memo" } else { "Invoice" },
                    purchase.date,
                    dollars(amount),
                    paid.map_or(String::new(), |d| format!(", paid {d}"))
                );
                planned.warnings = warnings;
            }
            Err(error) => {
                // The savepoint rolled back a closed PO the batch counted.
                match mark {
                    Some(mark) => self.batch.borrow_mut().rolled_back(mark),
                    None => self.batch.borrow_mut().forget(approval_id),
                }
                planned.kind = RowKind::Refused;
                planned.what = refusal(line, error)?;
            }
        }
        Ok(())
    }

    /// Records a payment's invoice on `po_number`, or on a closed PO standing for it
    /// (for the contract's vendor, so that a vendor's invoice numbers are told apart
    /// however the report spells the name), for `amount` and paid on `paid`; answers the
    /// PO and the rules broken.
    fn record_payment(
        &self,
        approval_id: i64,
        po_number: Option<String>,
        number: &str,
        purchase: &Purchase,
        (amount, paid): (Decimal, Option<NaiveDate>),
        row: &Cells<'_>,
    ) -> Result<(String, Vec<Warning>)> {
        let mut warnings: Vec<Warning> = Vec::new();
        let po_number = match po_number {
            Some(po) => po,
            None => {
                let vendor = match self
                    .authorities
                    .iter()
                    .find(|a| a.approval.id == approval_id)
                {
                    Some(authority) => authority.contract.vendor_name.clone(),
                    None => {
                        let approval = store::approval(self.db, approval_id)?;
                        contract::get(self.db, approval.contract_id)?.vendor_name
                    }
                };
                store::refuse_duplicate_invoice_in(
                    self.db.conn(),
                    &self.batch.borrow(),
                    &vendor,
                    number,
                )?;
                let standing_in = PurchaseOrderInput {
                    approval_id: Some(approval_id),
                    number: format!("Paid {number}"),
                    date: Some(purchase.date),
                    amount: amount.abs().to_string(),
                    fiscal_year: row.get("fiscalYear").to_owned(),
                    account_code: row.get("accountCode").to_owned(),
                    description: row.get("description").to_owned(),
                    vendor: String::new(),
                    lines: Vec::new(),
                };
                let recorded = store::add_purchase_order_in(
                    self.db,
                    &mut self.batch.borrow_mut(),
                    &standing_in,
                    PoStatus::Closed,
                    self.reason,
                    self.today,
                    self.now,
                )?;
                warnings.extend(recorded.overridden);
                standing_in.number
            }
        };
        let invoice = InvoiceInput {
            po_number: po_number.clone(),
            number: number.to_owned(),
            date: Some(purchase.date),
            amount: amount.to_string(),
            paid_date: paid,
            credit_memo: amount.is_sign_negative(),
        };
        let recorded = store::add_invoice_in(
            self.db,
            &mut self.batch.borrow_mut(),
            &invoice,
            self.reason,
            self.today,
            self.now,
        )?;
        warnings.extend(recorded.overridden);
        Ok((po_number, warnings))
    }

    /// A purchase-order list: the rows of one PO number recorded as one PO.
    fn orders(&self, purchases: &[Purchase], rows: &mut [PlannedRow]) -> Result<()> {
        let mut groups: Vec<(String, Vec<&Purchase>)> = Vec::new();
        // PO number (lower case) → its group.
        let mut found: HashMap<String, usize> = HashMap::new();
        for purchase in purchases {
            let number = self.cells(purchase).get("poNumber").to_owned();
            if number.is_empty() {
                let planned = &mut rows[purchase.index];
                planned.kind = RowKind::Refused;
                planned.what = format!(
                    "Line {}, PO number: is empty; a purchase-order list needs the PO's number \
                     on each line.",
                    purchase.line
                );
                continue;
            }
            match found.entry(number.to_lowercase()) {
                std::collections::hash_map::Entry::Occupied(at) => {
                    groups[*at.get()].1.push(purchase)
                }
                std::collections::hash_map::Entry::Vacant(at) => {
                    at.insert(groups.len());
                    groups.push((number, vec![purchase]));
                }
            }
        }
        for (number, lines) in groups {
            self.order(&number, &lines, rows)?;
        }
        Ok(())
    }

    /// One PO from its lines: the sum of those not cancelled (all of them, recorded
    /// cancelled, when every line is).
    fn order(&self, number: &str, lines: &[&Purchase], rows: &mut [PlannedRow]) -> Result<()> {
        let first = self.cells(lines[0]);
        let statuses: Vec<PoStatus> = lines
            .iter()
            .map(|p| line_status(self.cells(p).get("status")))
            .collect();
        let counted: Vec<&Purchase> = lines
            .iter()
            .zip(&statuses)
            .filter(|(_, s)| **s != PoStatus::Cancelled)
            .map(|(p, _)| *p)
            .collect();
        let status = if counted.is_empty() {
            PoStatus::Cancelled
        } else if statuses.iter().all(|s| *s == PoStatus::Closed) {
            PoStatus::Closed
        } else {
            PoStatus::Open
        };
        let amount: Decimal = if counted.is_empty() {
            lines.iter().map(|p| p.amount).sum()
        } else {
            counted.iter().map(|p| p.amount).sum()
        };
        let date = lines.iter().map(|p| p.date).min().unwrap_or(self.today);
        let pick = |field: &str| {
            lines
                .iter()
                .map(|p| self.cells(p).get(field).to_owned())
                .find(|t| !t.is_empty())
                .unwrap_or_default()
        };
        let mut set_all = |kind: RowKind,
                           what: &dyn Fn(usize) -> String,
                           approval: Option<i64>,
                           warnings: &[Warning]| {
            for (i, purchase) in lines.iter().enumerate() {
                let planned = &mut rows[purchase.index];
                planned.kind = kind;
                planned.what = what(i);
                planned.approval_id = approval;
                if i == 0 {
                    planned.warnings = warnings.to_vec();
                }
            }
        };
        let matched = match_approval(
            self.db,
            &self.batch.borrow(),
            self.authorities,
            &self.report.confirmed,
            &first,
            Some(date),
        )?;
        let approval = match matched {
            Ok(approval) => approval,
            Err(why) => {
                set_all(
                    RowKind::Unmatched,
                    &|_| format!("Not imported (PO {number}): {why}."),
                    None,
                    &[],
                );
                for purchase in lines {
                    rows[purchase.index].proposal = why.proposal.clone();
                }
                return Ok(());
            }
        };
        let descriptions: Vec<String> = lines
            .iter()
            .map(|p| self.cells(p).get("description").to_owned())
            .filter(|d| !d.is_empty())
            .collect();
        let input = PurchaseOrderInput {
            approval_id: Some(approval),
            number: number.to_owned(),
            date: Some(date),
            amount: amount.to_string(),
            fiscal_year: pick("fiscalYear"),
            account_code: pick("accountCode"),
            description: descriptions.join("; "),
            vendor: pick("vendor"),
            lines: Vec::new(),
        };
        let recorded = store::add_purchase_order_in(
            self.db,
            &mut self.batch.borrow_mut(),
            &input,
            status,
            self.reason,
            self.today,
            self.now,
        );
        match recorded {
            Ok(recorded) => {
                let count = lines.len();
                set_all(
                    RowKind::PurchaseOrder,
                    &|i| {
                        let own = dollars(lines[i].amount);
                        let of = if count > 1 {
                            format!(" (line {} of {count})", i + 1)
                        } else {
                            String::new()
                        };
                        match (statuses[i], status) {
                            (PoStatus::Cancelled, PoStatus::Cancelled) => format!(
                                "PO {number}{of}, {own}, cancelled: recorded as a cancelled \
                                 PO, which commits nothing against the not-to-exceed."
                            ),
                            (PoStatus::Cancelled, _) => format!(
                                "PO {number}{of}, a cancelled line of {own}: not counted in \
                                 the PO's amount."
                            ),
                            _ => format!(
                                "PO {number}{of}, {own}: recorded as {} PO of {} dated {date}.",
                                if status == PoStatus::Open {
                                    "an open"
                                } else {
                                    "a closed"
                                },
                                dollars(amount)
                            ),
                        }
                    },
                    Some(approval),
                    &recorded.overridden,
                );
            }
            Err(error) => {
                let sentence = refusal(lines[0].line, error)?;
                set_all(RowKind::Refused, &|_| sentence.clone(), Some(approval), &[]);
            }
        }
        Ok(())
    }
}
