//! CSV in and out (RFC 4180).
//!
//! CoopDesk's own columns are the wire names of [`FIELDS`], in that order; list fields
//! hold their items joined with ` | `, dates are ISO, yes/no fields say `yes` or `no`,
//! the admin fee is a number (2.5 means 2.5%). A last column, `priceLines`, holds the
//! price list: one line per price line (`item; unit; $1,234.56; notes`). See
//! `docs/import-export.md`.
//!
//! Written files start with a UTF-8 byte-order mark (so Excel reads accents right), end
//! lines with CRLF, and neutralise every cell that Excel would run as a formula (one that
//! begins with `=`, `+`, `-`, `@`, tab or carriage return) by putting `'` before it. The
//! reader removes that `'` again, so export → import gives back the same text.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::mapping::{Mapping, PRICE_LINES};
use super::text::decode;
use super::values::{
    parse_count, parse_date, parse_list, parse_money, parse_percent, parse_yes_no, shown,
    LIST_SEPARATOR,
};
use super::{Candidate, FieldSet, Format, Incoming, InvalidRow, PackedContract};
use crate::library::contract::{field_label, FIELDS};
use crate::library::price_list::PriceLine;
use crate::library::Contract;
use crate::{Error, FieldError, Result};

/// The longest cell CoopDesk reads, in bytes: far beyond any real field, small enough
/// that a hostile file cannot make one row fill the memory.
pub const MAX_CELL_BYTES: usize = 1_000_000;

/// The characters that make Excel (and LibreOffice) treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn file_error(message: String) -> Error {
    Error::File(message)
}

/// The headers of a CSV file and notes about its encoding, for the mapping screen.
pub fn headers(bytes: &[u8], file_name: &str) -> Result<(Vec<String>, Vec<String>)> {
    let (text, note) = decode(bytes, file_name).map_err(file_error)?;
    let mut reader = reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| file_error(format!("{file_name}: the header row cannot be read: {e}.")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect::<Vec<_>>();
    if headers.iter().all(String::is_empty) {
        return Err(file_error(format!(
            "{file_name} has no header row. The first line must name the columns."
        )));
    }
    Ok((headers, note.into_iter().collect()))
}

fn reader<R: Read>(source: R) -> ::csv::Reader<R> {
    ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(source)
}

/// Reads every row of a CSV file into candidates and invalid rows. `mapping` says which
/// column holds which field; `None` guesses (CoopDesk's own files map themselves). Whole-
/// file problems (an unreadable encoding, a mapping without a contract number) are an
/// `Err`; problems of one row are an [`InvalidRow`] in the result.
pub fn read(bytes: &[u8], file_name: &str, mapping: Option<&Mapping>) -> Result<Incoming> {
    let (text, note) = decode(bytes, file_name).map_err(file_error)?;
    let mut pick =
        |headers: &[String]| Ok(mapping.cloned().unwrap_or_else(|| Mapping::guess(headers)));
    read_from(
        text.as_bytes(),
        file_name,
        &mut pick,
        note.into_iter().collect(),
    )
}

/// Reads a CSV file from disk. A UTF-8 file is streamed row by row, so a 100,000-row
/// file is never held in memory whole; another encoding is read and converted first.
/// `pick` chooses the mapping once the headers are known (the remembered one, the
/// clerk's, or the guess).
pub fn read_path(
    path: &Path,
    pick: &mut dyn FnMut(&[String]) -> Result<Mapping>,
) -> Result<Incoming> {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let io = |source| Error::Io {
        action: "read",
        path: path.to_owned(),
        source,
    };
    if is_utf8_file(path).map_err(io)? {
        let mut file = BufReader::with_capacity(1 << 16, File::open(path).map_err(io)?);
        if file.fill_buf().map_err(io)?.starts_with(b"\xEF\xBB\xBF") {
            file.consume(3);
        }
        read_from(file, &file_name, pick, Vec::new())
    } else {
        let bytes = std::fs::read(path).map_err(io)?;
        let (text, note) = decode(&bytes, &file_name).map_err(file_error)?;
        drop(bytes);
        read_from(
            text.as_bytes(),
            &file_name,
            pick,
            note.into_iter().collect(),
        )
    }
}

/// Whether the whole file is valid UTF-8, checked in chunks without holding it.
fn is_utf8_file(path: &Path) -> std::io::Result<bool> {
    let mut file = File::open(path)?;
    let mut buffer = vec![0u8; 1 << 16];
    let mut carried = 0;
    loop {
        let read = file.read(&mut buffer[carried..])?;
        let filled = carried + read;
        match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => carried = 0,
            // A character cut at the end of the chunk: carry its bytes over.
            Err(e) if e.error_len().is_none() && read > 0 => {
                let valid = e.valid_up_to();
                buffer.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(false),
        }
        if read == 0 {
            return Ok(carried == 0);
        }
    }
}

/// Reads `\r\n` as `\n`. Excel ends lines with `\r\n`, and the csv reader then dates
/// each record from before its leading `\n`, one line too early; with plain `\n` the
/// lines it reports are the rows the clerk sees in a spreadsheet or an editor. Inside a
/// quoted cell nothing changes: the cell's text is the file's, byte for byte.
struct CrlfAsLf<R> {
    inner: R,
    /// Inside a quoted cell (RFC 4180: `""` toggles twice, so it stays inside).
    quoted: bool,
    chunk: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> CrlfAsLf<R> {
    fn new(inner: R) -> Self {
        CrlfAsLf {
            inner,
            quoted: false,
            chunk: vec![0; 1 << 16],
            start: 0,
            end: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for CrlfAsLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let mut out = 0;
            while out < buf.len() && self.start < self.end {
                let byte = self.chunk[self.start];
                if byte == b'\r' && !self.quoted {
                    match self
                        .chunk
                        .get(self.start + 1)
                        .filter(|_| self.start + 1 < self.end)
                    {
                        Some(b'\n') => {
                            self.start += 1;
                            continue;
                        }
                        // A '\r' at the end of the chunk waits to see what follows it.
                        None if !self.eof => break,
                        _ => {}
                    }
                }
                if byte == b'"' {
                    self.quoted = !self.quoted;
                }
                buf[out] = byte;
                out += 1;
                self.start += 1;
            }
            if out > 0 {
                return Ok(out);
            }
            if self.eof {
                return Ok(0);
            }
            let rest = self.end - self.start;
            self.chunk.copy_within(self.start..self.end, 0);
            self.start = 0;
            self.end = rest;
            let read = self.inner.read(&mut self.chunk[self.end..])?;
            if read == 0 {
                self.eof = true;
            }
            self.end += read;
        }
    }
}

fn read_from<R: Read>(
    source: R,
    file_name: &str,
    pick: &mut dyn FnMut(&[String]) -> Result<Mapping>,
    notes: Vec<String>,
) -> Result<Incoming> {
    let mut incoming = Incoming::new(Format::Csv);
    incoming.notes = notes;
    let mut reader = reader(CrlfAsLf::new(source));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| file_error(format!("{file_name}: the header row cannot be read: {e}.")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mapping = pick(&headers)?;
    if mapping.headers() != headers {
        return Err(file_error(format!(
            "{file_name}'s columns are not the ones the mapping was made for; choose the \
             columns again."
        )));
    }
    mapping.validate()?;
    let fields: Vec<Option<&'static str>> = mapping
        .columns
        .iter()
        .map(|c| {
            c.field.as_deref().and_then(|f| {
                FIELDS
                    .iter()
                    .map(|(wire, _)| *wire)
                    .chain([PRICE_LINES])
                    .find(|wire| *wire == f)
            })
        })
        .collect();
    let present: FieldSet = fields.iter().flatten().copied().collect();
    let carries_prices = fields.contains(&Some(PRICE_LINES));
    let ignored: Vec<&str> = mapping
        .columns
        .iter()
        .filter(|c| c.field.is_none() && !c.header.is_empty())
        .map(|c| c.header.as_str())
        .collect();
    if !ignored.is_empty() {
        incoming
            .notes
            .push(format!("Columns not imported: {}.", ignored.join(", ")));
    }

    let mut record = ::csv::StringRecord::new();
    let mut last_line = 1;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(last_line + 1, |p| p.line());
                last_line = line;
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                match row_to_contract(&record, &fields, headers.len()) {
                    Ok((contract, price_lines)) => incoming.candidates.push(Candidate {
                        line,
                        contract: PackedContract::pack(&contract),
                        present,
                        price_lines: carries_prices.then_some(price_lines),
                        ..Candidate::default()
                    }),
                    Err(problems) => incoming.invalid.push(InvalidRow { line, problems }),
                }
            }
            Err(error) => {
                let line = error.position().map_or(last_line + 1, |p| p.line());
                return Err(file_error(format!(
                    "{file_name}, line {line}: the file is not valid CSV ({error}). Check \
                     the quotes on that line."
                )));
            }
        }
    }
    Ok(incoming)
}

fn row_to_contract(
    record: &::csv::StringRecord,
    fields: &[Option<&'static str>],
    width: usize,
) -> std::result::Result<(Contract, Vec<PriceLine>), Vec<FieldError>> {
    let mut contract = Contract::default();
    let mut price_lines = Vec::new();
    let mut problems = Vec::new();
    if record.len() > width && record.iter().skip(width).any(|c| !c.trim().is_empty()) {
        problems.push(FieldError::new(
            "row",
            "Row",
            format!(
                "has {} cells but the header names {width} columns. Check for an unquoted \
                 comma.",
                record.len()
            ),
        ));
    }
    for (cell, field) in record.iter().zip(fields) {
        let Some(field) = field else { continue };
        let problem = if cell.len() > MAX_CELL_BYTES {
            Some(format!(
                "is {} bytes long; CoopDesk reads cells up to a million characters.",
                cell.len()
            ))
        } else if cell
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            Some(format!(
                "'{}' holds control characters (such as NUL) that are not text. Remove \
                 them and import again.",
                shown(cell)
            ))
        } else if *field == PRICE_LINES {
            parse_price_lines(unneutralised(cell))
                .map(|lines| price_lines = lines)
                .err()
        } else {
            set_field(&mut contract, field, unneutralised(cell)).err()
        };
        if let Some(message) = problem {
            let label = if *field == PRICE_LINES {
                "Price list"
            } else {
                field_label(field)
            };
            problems.push(FieldError::new(field, label, message));
        }
    }
    if problems.is_empty() {
        Ok((contract, price_lines))
    } else {
        Err(problems)
    }
}

/// Reads a price-list cell: one line per price line (new lines or ` | ` between them),
/// each `item; unit; price; notes` — or `item; price`, or `item; unit; price`. Prices are
/// read exactly, as `$1,234.56` or `1234.56`.
pub fn parse_price_lines(cell: &str) -> std::result::Result<Vec<PriceLine>, String> {
    parse_list(cell)
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let parts: Vec<&str> = line.split(';').map(str::trim).collect();
            let (item, unit, price, notes) = match parts.as_slice() {
                [item, price] => (*item, "", *price, ""),
                [item, unit, price] => (*item, *unit, *price, ""),
                [item, unit, price, notes] => (*item, *unit, *price, *notes),
                _ => {
                    return Err(format!(
                        "line {} of the price list, '{}', is not 'item; unit; price; notes'.",
                        index + 1,
                        shown(line)
                    ))
                }
            };
            let unit_price = parse_money(price)
                .map_err(|message| format!("line {} of the price list: {message}", index + 1))?;
            if item.is_empty() || (unit_price.is_sign_negative() && !unit_price.is_zero()) {
                return Err(format!(
                    "line {} of the price list needs an item and a price that is not negative.",
                    index + 1
                ));
            }
            Ok(PriceLine {
                item: item.to_owned(),
                unit: unit.to_owned(),
                unit_price,
                notes: notes.to_owned(),
            })
        })
        .collect()
}

/// A price list as its CSV cell: one `item; unit; price; notes` per line.
pub(crate) fn price_lines_text(lines: &[PriceLine]) -> String {
    lines
        .iter()
        .map(|l| format!("{}; {}; {}; {}", l.item, l.unit, l.unit_price, l.notes))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes the `'` CoopDesk (or a careful clerk) put before a formula-like cell.
fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => cell,
    }
}

/// Starts with a formula character, after any `'` that neutralised it.
fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// Sets one field of `contract` from a cell; `Err` is the sentence for the clerk.
pub(crate) fn set_field(
    contract: &mut Contract,
    field: &str,
    cell: &str,
) -> std::result::Result<(), String> {
    let text = cell.trim();
    let c = contract;
    let date = |text: &str| -> std::result::Result<Option<NaiveDate>, String> {
        if text.is_empty() {
            Ok(None)
        } else {
            parse_date(text).map(Some)
        }
    };
    let owned = text.to_owned();
    match field {
        "cooperative" => c.cooperative = owned,
        "leadAgency" => c.lead_agency = owned,
        "contractNumber" => c.contract_number = owned,
        "numberVariants" => c.number_variants = parse_list(text),
        "title" => c.title = owned,
        "vendorName" => c.vendor_name = owned,
        "vendorAliases" => c.vendor_aliases = parse_list(text),
        "vendorContact" => c.vendor_contact = owned,
        "vendorEmail" => c.vendor_email = owned,
        "vendorPhone" => c.vendor_phone = owned,
        "category" => c.category = owned,
        "nigpCodes" => c.nigp_codes = parse_list(text),
        "unspscCodes" => c.unspsc_codes = parse_list(text),
        "description" => c.description = owned,
        "keywords" => c.keywords = parse_list(text),
        "solicitationNumber" => c.solicitation_number = owned,
        "solicitationMethod" => c.solicitation_method = owned,
        "solicitationIssued" => c.solicitation_issued = date(text)?,
        "responseCount" => {
            c.response_count = if text.is_empty() {
                None
            } else {
                Some(parse_count(text)?)
            }
        }
        "cooperativeClause" => c.cooperative_clause = parse_yes_no(text)?,
        "awardDate" => c.award_date = date(text)?,
        "effectiveDate" => c.effective_date = date(text)?,
        "expiryDate" => c.expiry_date = date(text)?,
        "expiryAsPublished" => c.expiry_as_published = owned,
        "renewalOptions" => c.renewal_options = owned,
        "finalExpiryDate" => c.final_expiry_date = date(text)?,
        "entityTypes" => c.entity_types = parse_list(text),
        "eligibleStates" => {
            c.eligible_states = parse_list(text)
                .into_iter()
                .map(|s| s.to_uppercase())
                .collect()
        }
        "eligibilityNotes" => c.eligibility_notes = owned,
        "pricingBasis" => c.pricing_basis = owned,
        "adminFeePercent" => {
            c.admin_fee_percent = if text.is_empty() {
                None
            } else {
                Some(parse_percent(text)?)
            }
        }
        "adminFeeNotes" => c.admin_fee_notes = owned,
        "warranty" => c.warranty = owned,
        "insuranceNotes" => c.insurance_notes = owned,
        "sources" => c.sources = parse_list(text),
        "lastVerified" => c.last_verified = date(text)?,
        "notes" => c.notes = owned,
        "tags" => c.tags = parse_list(text),
        other => return Err(format!("'{other}' is not a CoopDesk field.")),
    }
    Ok(())
}

/// One field of `contract` as the text of its CSV cell (before neutralising).
pub(crate) fn field_text(contract: &Contract, field: &str) -> String {
    let c = contract;
    let list = |items: &[String]| items.join(LIST_SEPARATOR);
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let decimal = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    match field {
        "cooperative" => c.cooperative.clone(),
        "leadAgency" => c.lead_agency.clone(),
        "contractNumber" => c.contract_number.clone(),
        "numberVariants" => list(&c.number_variants),
        "title" => c.title.clone(),
        "vendorName" => c.vendor_name.clone(),
        "vendorAliases" => list(&c.vendor_aliases),
        "vendorContact" => c.vendor_contact.clone(),
        "vendorEmail" => c.vendor_email.clone(),
        "vendorPhone" => c.vendor_phone.clone(),
        "category" => c.category.clone(),
        "nigpCodes" => list(&c.nigp_codes),
        "unspscCodes" => list(&c.unspsc_codes),
        "description" => c.description.clone(),
        "keywords" => list(&c.keywords),
        "solicitationNumber" => c.solicitation_number.clone(),
        "solicitationMethod" => c.solicitation_method.clone(),
        "solicitationIssued" => date(c.solicitation_issued),
        "responseCount" => c.response_count.map(|n| n.to_string()).unwrap_or_default(),
        "cooperativeClause" => match c.cooperative_clause {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        "awardDate" => date(c.award_date),
        "effectiveDate" => date(c.effective_date),
        "expiryDate" => date(c.expiry_date),
        "expiryAsPublished" => c.expiry_as_published.clone(),
        "renewalOptions" => c.renewal_options.clone(),
        "finalExpiryDate" => date(c.final_expiry_date),
        "entityTypes" => list(&c.entity_types),
        "eligibleStates" => list(&c.eligible_states),
        "eligibilityNotes" => c.eligibility_notes.clone(),
        "pricingBasis" => c.pricing_basis.clone(),
        "adminFeePercent" => decimal(c.admin_fee_percent),
        "adminFeeNotes" => c.admin_fee_notes.clone(),
        "warranty" => c.warranty.clone(),
        "insuranceNotes" => c.insurance_notes.clone(),
        "sources" => list(&c.sources),
        "lastVerified" => date(c.last_verified),
        "notes" => c.notes.clone(),
        "tags" => list(&c.tags),
        _ => String::new(),
    }
}

/// A cell that Excel will show as text, never run: formula-like text gets a `'` first.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(cell) {
        // A cell that already starts with `'` + formula character gets one more `'`, so
        // that reading it back removes exactly the one added here.
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes contracts with their price lists as CoopDesk's own CSV (BOM, header row,
/// CRLF). `tick` is called with the number of rows written so far; an `Err` from it (a
/// cancel) stops the writing.
pub fn write(
    out: impl Write,
    contracts: &[(Contract, Vec<PriceLine>)],
    tick: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<()> {
    let io = |e: ::csv::Error| Error::File(format!("The CSV file could not be written: {e}."));
    let mut out = out;
    out.write_all(b"\xEF\xBB\xBF")
        .map_err(|e| Error::File(format!("The CSV file could not be written: {e}.")))?;
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer
        .write_record(FIELDS.iter().map(|(wire, _)| *wire).chain([PRICE_LINES]))
        .map_err(io)?;
    for (index, (contract, lines)) in contracts.iter().enumerate() {
        let cells: Vec<String> = FIELDS
            .iter()
            .map(|(wire, _)| field_text(contract, wire))
            .chain([price_lines_text(lines)])
            .map(|cell| neutralised(&cell).into_owned())
            .collect();
        writer.write_record(&cells).map_err(io)?;
        if index % 1000 == 999 {
            tick(index + 1)?;
        }
    }
    writer
        .flush()
        .map_err(|e| Error::File(format!("The CSV file could not be written: {e}.")))?;
    tick(contracts.len())?;
    Ok(())
}

#[cfg(test)]
mod crlf_tests {
    use super::*;

    fn through(input: &[u8], chunk: usize) -> Vec<u8> {
        /// Hands out at most `chunk` bytes per read, to cut `\r\n` across reads.
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        CrlfAsLf::new(Trickle(input, chunk))
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn crlf_between_rows_becomes_lf_across_reads_and_quoted_text_stays() {
        let input = b"a,b\r\n\"x\r\ny\",z\r\nlone\rreturn\r";
        for chunk in 1..=input.len() {
            assert_eq!(
                through(input, chunk),
                b"a,b\n\"x\r\ny\",z\nlone\rreturn\r",
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn rows_of_a_crlf_file_are_numbered_as_a_spreadsheet_shows_them() {
        let crlf = "cooperative,contractNumber,title,vendorName,expiryDate\r\n\
                    A,1,T,V,2026-01-01\r\nB,2,T,V,2026-02-30\r\n";
        for text in [crlf.to_owned(), crlf.replace("\r\n", "\n")] {
            let incoming = read(text.as_bytes(), "rows.csv", None).unwrap();
            assert_eq!(incoming.invalid.len(), 1);
            assert_eq!(incoming.invalid[0].line, 3, "{text:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Incoming {
        read(text.as_bytes(), "test.csv", None).unwrap()
    }

    const HEADER: &str = "cooperative,contractNumber,title,vendorName,awardDate,adminFeePercent";

    #[test]
    fn quoted_commas_quotes_and_new_lines_are_read_as_text() {
        let incoming = read_str(&format!(
            "{HEADER}\r\nSourcewell,\"00123\",\"Cars, \"\"vans\"\"\nand trucks\",Acme,,\r\n"
        ));
        assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
        let c = incoming.candidates[0].contract.unpack();
        assert_eq!(c.title, "Cars, \"vans\"\nand trucks");
        assert_eq!(c.contract_number, "00123", "leading zeros survive");
    }

    #[test]
    fn a_twenty_digit_contract_number_stays_text() {
        let incoming = read_str(&format!("{HEADER}\nTIPS,01234567890123456789,T,V,,\n"));
        assert_eq!(
            incoming.candidates[0].contract.unpack().contract_number,
            "01234567890123456789"
        );
    }

    #[test]
    fn a_bad_row_names_its_line_field_and_what_is_wrong() {
        let incoming = read_str(&format!(
            "{HEADER}\nA,1,T,V,2026-01-01,\n\"B\nsecond line\",2,T,V,2026-02-30,\nC,3,T,V,,\"1.234,56\"\n"
        ));
        assert_eq!(incoming.candidates.len(), 1);
        let sentences: Vec<String> = incoming
            .invalid
            .iter()
            .flat_map(|r| r.sentences())
            .collect();
        assert_eq!(sentences.len(), 2, "{sentences:?}");
        assert!(
            sentences[0].starts_with("line 3, Award date: '2026-02-30'"),
            "{}",
            sentences[0]
        );
        assert!(
            sentences[1].starts_with("line 5, Admin fee:"),
            "{}",
            sentences[1]
        );
    }

    #[test]
    fn formula_cells_are_neutralised_on_the_way_out_and_restored_on_the_way_in() {
        for cell in [
            "=1+1",
            "+1 555",
            "-5",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=already",
            "plain",
        ] {
            let out = neutralised(cell);
            assert!(
                !out.starts_with(FORMULA_STARTS),
                "{cell:?} would run in Excel as {out:?}"
            );
            assert_eq!(unneutralised(&out), cell, "{cell:?} comes back as it was");
        }
    }

    #[test]
    fn price_lines_read_money_exactly_and_refuse_decimal_commas() {
        let lines =
            parse_price_lines("Laptop; each; $1,234.56; 3-year warranty\nDock; 89").unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].unit_price.to_string(), "1234.56");
        assert_eq!(
            (lines[1].item.as_str(), lines[1].unit.as_str()),
            ("Dock", "")
        );
        let refused = parse_price_lines("Laptop; each; 1.234,56").unwrap_err();
        assert!(refused.contains("decimal point"), "{refused}");
        assert!(parse_price_lines("just words").is_err());
        assert!(parse_price_lines("Refund; -5").is_err());
    }

    #[test]
    fn nul_bytes_and_huge_cells_are_row_errors() {
        let incoming = read_str(&format!("{HEADER}\nA,1,T\u{0}x,V,,\n"));
        assert_eq!(incoming.invalid.len(), 1);
        let huge = "x".repeat(MAX_CELL_BYTES + 1);
        let incoming = read_str(&format!("{HEADER}\nA,1,{huge},V,,\n"));
        assert_eq!(incoming.invalid.len(), 1);
    }
}

/// Reads CSV text already in UTF-8 (the workbook reader's rows) with the mapping `pick`
/// chooses: the one path every spreadsheet import goes through.
pub(crate) fn read_with(
    text: &[u8],
    file_name: &str,
    pick: &mut dyn FnMut(&[String]) -> Result<Mapping>,
) -> Result<Incoming> {
    read_from(text, file_name, pick, Vec::new())
}
