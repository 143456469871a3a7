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

pub(crate) use super::cells::field_text;
use super::cells::set_field;
use super::mapping::{ConstantValue, Mapping, PRICE_LINES};
use super::text::decode;
use super::values::{is_compact_date, keep_unreadable, parse_date, parse_list, parse_money, shown};
use super::{
    mapping, Candidate, FieldSet, Format, Incoming, InvalidRow, PackedContract, RowWarning,
};
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
    let mut reader = reader(text.as_bytes(), sniff_delimiter(text.as_bytes()));
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
    let mut notes: Vec<String> = note.into_iter().collect();
    notes.extend(delimiter_note(sniff_delimiter(text.as_bytes())));
    Ok((headers, notes))
}

/// What the plan says about a delimiter other than the comma.
fn delimiter_note(delimiter: u8) -> Option<String> {
    match delimiter {
        b';' => Some(
            "The columns are separated by semicolons (as Excel writes CSV where the decimal \
             mark is a comma); read that way."
                .to_owned(),
        ),
        b'\t' => Some("The columns are separated by tabs; read that way.".to_owned()),
        _ => None,
    }
}

fn reader<R: Read>(source: R, delimiter: u8) -> ::csv::Reader<R> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
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
    let io = |source| Error::io("read", path, source);
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

/// A quoted cell that runs over more than one line, or to the end of the file: where
/// its quote opened and closed, as [`CrlfAsLf`] follows the quotes the way the csv
/// reader does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct QuoteSpan {
    /// The line where the quote opens.
    open: u64,
    /// The column (0-based) of the cell it opens.
    column: usize,
    /// The line where it closes; `None` when the file ends inside the quote.
    close: Option<u64>,
    /// The closing quote is followed by a delimiter, a line end or the end of the file,
    /// as RFC 4180 asks. A quote "closed" by the opening quote of a later cell is not.
    clean: bool,
}

/// What [`CrlfAsLf`] learnt about each line: how many delimiters it holds (counted
/// naively, quotes or not) and whether it holds anything but spaces (a row of empty
/// cells, `,,,`, does: it is a row).
#[derive(Debug, Clone, Copy, Default)]
struct LineFacts {
    delimiters: u16,
    text: bool,
}

/// Where the csv reader's state machine is, followed byte by byte (csv-core's rules:
/// a quote opens a quoted cell only at the start of a cell, `""` inside is a quote, and
/// anything after the closing quote is appended to the cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    StartOfCell,
    InCell,
    InQuotes,
    /// A quote inside a quoted cell: `""` (an escaped quote) or the closing quote.
    QuoteInQuotes,
}

/// Reads `\r\n` and a lone `\r` as `\n`. Excel ends lines with `\r\n`, and the csv reader
/// then dates each record from before its leading `\n`, one line too early; older Excel for
/// Mac and some finance systems end lines with `\r` alone, which the csv reader does not
/// count as a line at all. With plain `\n` the lines it reports are the rows the clerk
/// sees in a spreadsheet or an editor, whatever the file's line ends. Inside a quoted
/// cell the text is the file's, byte for byte — except in a file whose lines end with a
/// lone `\r`, where a lone `\r` in a cell is that file's line break and becomes `\n`,
/// so that the lines after the cell are still counted right.
///
/// On the way it follows the quotes as the csv reader will, and records every quoted
/// cell that spans lines ([`QuoteSpan`]) and a few facts about each line, so that a
/// quote left open can be reported with the lines it swallowed.
struct CrlfAsLf<R> {
    inner: R,
    delimiter: u8,
    state: Quoting,
    line: u64,
    column: usize,
    open: (u64, usize),
    spans: Vec<QuoteSpan>,
    /// Index 0 is line 1.
    lines: Vec<LineFacts>,
    chunk: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Whether the file ends its lines with a carriage return alone, known from the
    /// first line end between rows.
    lone_cr_ends: Option<bool>,
}

impl<R: Read> CrlfAsLf<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        CrlfAsLf {
            inner,
            delimiter,
            state: Quoting::StartOfCell,
            line: 1,
            column: 0,
            open: (1, 0),
            spans: Vec::new(),
            lines: vec![LineFacts::default()],
            chunk: vec![0; 1 << 16],
            start: 0,
            end: 0,
            eof: false,
            lone_cr_ends: None,
        }
    }

    /// Inside a quoted cell, where a line end is part of the text.
    fn quoted(&self) -> bool {
        self.state == Quoting::InQuotes
    }

    fn close_quote(&mut self, clean: bool) {
        let (open, column) = self.open;
        if self.line > open || !clean {
            self.spans.push(QuoteSpan {
                open,
                column,
                close: Some(self.line),
                clean,
            });
        }
    }

    /// Follows one byte the csv reader will see.
    fn step(&mut self, byte: u8) {
        let facts = self.lines.last_mut().expect("one line at least");
        if byte == self.delimiter {
            facts.delimiters = facts.delimiters.saturating_add(1);
        }
        if !byte.is_ascii_whitespace() || byte == self.delimiter {
            facts.text = true;
        }
        let ends_record = byte == b'\n' || byte == b'\r';
        self.state = match self.state {
            Quoting::StartOfCell | Quoting::InCell if byte == self.delimiter => {
                self.column += 1;
                Quoting::StartOfCell
            }
            Quoting::StartOfCell | Quoting::InCell if ends_record => {
                self.column = 0;
                Quoting::StartOfCell
            }
            Quoting::StartOfCell if byte == b'"' => {
                self.open = (self.line, self.column);
                Quoting::InQuotes
            }
            Quoting::StartOfCell | Quoting::InCell => Quoting::InCell,
            Quoting::InQuotes if byte == b'"' => Quoting::QuoteInQuotes,
            Quoting::InQuotes => Quoting::InQuotes,
            Quoting::QuoteInQuotes if byte == b'"' => Quoting::InQuotes,
            Quoting::QuoteInQuotes => {
                let clean = byte == self.delimiter || ends_record;
                self.close_quote(clean);
                if byte == self.delimiter {
                    self.column += 1;
                    Quoting::StartOfCell
                } else if ends_record {
                    self.column = 0;
                    Quoting::StartOfCell
                } else {
                    Quoting::InCell
                }
            }
        };
        if byte == b'\n' {
            self.line += 1;
            self.lines.push(LineFacts::default());
        }
    }

    /// At the end of the file: a quote still open runs to the end.
    fn finish(&mut self) {
        match self.state {
            Quoting::InQuotes => {
                self.spans.push(QuoteSpan {
                    open: self.open.0,
                    column: self.open.1,
                    close: None,
                    clean: false,
                });
                self.state = Quoting::StartOfCell;
            }
            Quoting::QuoteInQuotes => {
                self.close_quote(true);
                self.state = Quoting::StartOfCell;
            }
            _ => {}
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
                if matches!(self.state, Quoting::InCell | Quoting::InQuotes) {
                    // Inside a cell, a run of bytes that are neither a delimiter, a
                    // quote nor a line end leaves the state as it is: copied at once,
                    // as `step` would follow them one by one.
                    let limit = (buf.len() - out).min(self.end - self.start);
                    let ahead = &self.chunk[self.start..self.start + limit];
                    let run = ahead
                        .iter()
                        .position(|&b| b == self.delimiter || b == b'"' || b == b'\r' || b == b'\n')
                        .unwrap_or(limit);
                    if run > 0 {
                        let bytes = &ahead[..run];
                        if bytes.iter().any(|b| !b.is_ascii_whitespace()) {
                            self.lines.last_mut().expect("one line at least").text = true;
                        }
                        buf[out..out + run].copy_from_slice(bytes);
                        out += run;
                        self.start += run;
                        continue;
                    }
                }
                let mut byte = self.chunk[self.start];
                if byte == b'\r' {
                    match self
                        .chunk
                        .get(self.start + 1)
                        .filter(|_| self.start + 1 < self.end)
                    {
                        Some(b'\n') if !self.quoted() => {
                            self.start += 1;
                            continue;
                        }
                        // `\r\n` inside a quoted cell is kept: the `\n` counts the line.
                        Some(b'\n') => {}
                        // A '\r' at the end of the chunk waits to see what follows it.
                        None if !self.eof => break,
                        // A carriage return alone between rows ends the row (older
                        // Excel for Mac and some finance systems end every line so): read
                        // as `\n`, so that the csv reader counts the line. In a cell it is
                        // a line break only in a file whose lines end so; elsewhere it is
                        // the cell's text, kept byte for byte.
                        _ if !self.quoted() || self.lone_cr_ends == Some(true) => {
                            byte = b'\n';
                        }
                        _ => {}
                    }
                }
                if !self.quoted() && self.lone_cr_ends.is_none() && byte == b'\n' {
                    // The first line end between rows tells how this file ends its lines.
                    self.lone_cr_ends = Some(self.chunk[self.start] == b'\r');
                }
                self.step(byte);
                buf[out] = byte;
                out += 1;
                self.start += 1;
            }
            if out > 0 {
                return Ok(out);
            }
            if self.eof {
                self.finish();
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

/// The delimiter of a file, from its header row: the comma, unless the header holds more
/// semicolons (Excel's "CSV" where the decimal mark is a comma) or tabs (Excel's "Unicode
/// text") than commas, outside quotes.
fn sniff_delimiter(start: &[u8]) -> u8 {
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for &byte in start {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    if counts[1] > counts[0] && counts[1] >= counts[2] {
        b';'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        b'\t'
    } else {
        b','
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
    let mut source = BufReader::with_capacity(1 << 16, source);
    let delimiter = sniff_delimiter(
        source
            .fill_buf()
            .map_err(|e| file_error(format!("{file_name} cannot be read: {e}.")))?,
    );
    incoming.notes.extend(delimiter_note(delimiter));
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .delimiter(delimiter)
        .from_reader(CrlfAsLf::new(source, delimiter));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| file_error(format!("{file_name}: the header row cannot be read: {e}.")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if let Some(span) = reader
        .get_ref()
        .spans
        .iter()
        .find(|span| span.open == 1 && (span.close.is_none() || !span.clean))
    {
        let lines = reader
            .get_ref()
            .lines
            .iter()
            .rposition(|facts| facts.text)
            .map_or(1, |index| index + 1);
        return Err(file_error(format!(
            "{file_name}, line 1: a quote in the header row (column {}) is {}, so the header \
             would take in {}. Close the quote in the header row and import again.",
            span.column + 1,
            match span.close {
                None => "never closed".to_owned(),
                Some(line) => format!("only closed on line {line}, in the middle of a cell"),
            },
            match span.close {
                None if lines > 1 => format!("lines 2 to {lines}"),
                None => "nothing else".to_owned(),
                Some(line) => format!("lines 2 to {line}"),
            }
        )));
    }
    let mapping = pick(&headers)?;
    if mapping.headers() != headers {
        return Err(file_error(format!(
            "{file_name}'s columns are not the ones the mapping was made for; choose the \
             columns again."
        )));
    }
    repeated_headers(&mapping, file_name)?;
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
    let present: FieldSet = fields
        .iter()
        .flatten()
        .copied()
        .chain(mapping.constants.iter().filter_map(|c| {
            FIELDS
                .iter()
                .map(|(wire, _)| *wire)
                .find(|wire| *wire == c.field)
        }))
        .collect();
    for constant in &mapping.constants {
        incoming.notes.push(format!(
            "Every row: {} = {}.",
            field_label(&constant.field),
            shown(&constant.value)
        ));
    }
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
    let columns = Columns {
        fields: &fields,
        headers: &headers,
        second_forms: mapping::second_forms(&mapping),
        constants: &mapping.constants,
    };

    let mut record = ::csv::StringRecord::new();
    let mut last_line = 1;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(last_line + 1, |p| p.line());
                last_line = line;
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    incoming.empty_lines.push(line);
                    incoming.warnings.push(RowWarning::new(
                        line,
                        "row",
                        "Row",
                        "is empty (every cell is blank); skipped.",
                    ));
                    continue;
                }
                match row_to_contract(&record, &columns, line, &mut incoming.warnings) {
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
    let scanner = reader.into_inner();
    broken_quotes(&mut incoming, &scanner, &headers, &fields);
    Ok(incoming)
}

/// What `row_to_contract` needs to know about the columns.
struct Columns<'a> {
    fields: &'a [Option<&'static str>],
    headers: &'a [String],
    /// Columns that hold a second form of the number or the vendor (see
    /// [`mapping::second_forms`]).
    second_forms: Vec<usize>,
    /// The values every row gets (checked with the mapping: each reads as its field).
    constants: &'a [ConstantValue],
}

/// A header that names two columns, when the mapping reads one of them and leaves the
/// other out (or reads both into one field): which one holds the field cannot be known,
/// so the file is refused, naming the column.
fn repeated_headers(mapping: &Mapping, file_name: &str) -> Result<()> {
    let key = |h: &str| h.trim().to_lowercase();
    for (index, column) in mapping.columns.iter().enumerate() {
        if column.header.trim().is_empty() {
            continue;
        }
        let same: Vec<usize> = mapping
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| key(&c.header) == key(&column.header))
            .map(|(i, _)| i)
            .collect();
        if same.len() < 2 || same[0] != index {
            continue;
        }
        let mapped: Vec<Option<&str>> = same
            .iter()
            .map(|&i| mapping.columns[i].field.as_deref())
            .collect();
        let all_ignored = mapped.iter().all(Option::is_none);
        let all_distinct = mapped.iter().all(Option::is_some)
            && mapped
                .iter()
                .enumerate()
                .all(|(i, f)| !mapped[..i].contains(f));
        if all_ignored || all_distinct {
            continue;
        }
        let positions: Vec<String> = same.iter().map(|i| (i + 1).to_string()).collect();
        return Err(file_error(format!(
            "{file_name}: the header row names two columns '{}' (columns {}). CoopDesk \
             cannot tell which one holds the {}; rename or remove one of them and import \
             again.",
            column.header.trim(),
            positions.join(" and "),
            mapped
                .iter()
                .flatten()
                .next()
                .map_or("field", |f| field_label(f))
                .to_lowercase(),
        )));
    }
    Ok(())
}

/// Reports the rows a quote left open has swallowed. A quoted cell may span lines
/// (RFC 4180); one that runs to the end of the file, that is "closed" by a quote in the
/// middle of a later cell, or that holds lines looking like whole records is a quote
/// left open. Its row becomes invalid, naming where the quote opened and the lines it
/// took in, and each of those lines is reported too, so that every line of data is
/// accounted for in the plan.
fn broken_quotes<R>(
    incoming: &mut Incoming,
    scanner: &CrlfAsLf<R>,
    headers: &[String],
    fields: &[Option<&'static str>],
) {
    let width = headers.len();
    let last_line = scanner
        .lines
        .iter()
        .rposition(|facts| facts.text)
        .map_or(1, |index| index as u64 + 1);
    let facts = |line: u64| {
        scanner
            .lines
            .get((line as usize).wrapping_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let record_like = |line: u64| width >= 2 && facts(line).delimiters as usize + 1 >= width;
    for span in &scanner.spans {
        let close = span.close.unwrap_or(last_line);
        let interior_rows = (span.open + 1..close).any(record_like);
        let both_ends_rows = span.close.is_some()
            && close > span.open
            && width >= 3
            && record_like(span.open)
            && record_like(close);
        if span.close.is_some() && span.clean && !interior_rows && !both_ends_rows {
            continue;
        }
        // The row the quote belongs to: the last one starting on or before its line.
        let row_line = incoming
            .candidates
            .iter()
            .map(|c| c.line)
            .chain(incoming.invalid.iter().map(|r| r.line))
            .chain(incoming.empty_lines.iter().copied())
            .filter(|&line| line <= span.open)
            .max()
            .unwrap_or(span.open);
        let swallowed: Vec<u64> = (span.open + 1..=close)
            .filter(|&line| facts(line).text)
            .collect();
        let (field, label) = match fields.get(span.column).copied().flatten() {
            Some(field) if field == PRICE_LINES => (field, "Price list".to_owned()),
            Some(field) => (field, field_label(field).to_owned()),
            None => (
                "row",
                headers
                    .get(span.column)
                    .filter(|h| !h.is_empty())
                    .map_or_else(|| format!("Column {}", span.column + 1), Clone::clone),
            ),
        };
        let lines = match swallowed.as_slice() {
            [] => "no other line".to_owned(),
            [one] => format!("line {one}"),
            [first, .., last] => format!("lines {first} to {last}"),
        };
        let how = match span.close {
            None if swallowed.is_empty() => format!(
                "the quote that opens this cell on line {} is never closed before the end of \
                 the file",
                span.open
            ),
            None => format!(
                "the quote that opens this cell on line {} is never closed, so the rest of \
                 the file ({lines}) would be read into this one cell",
                span.open
            ),
            Some(close) => format!(
                "the quote that opens this cell on line {} only ends on line {close}, in the \
                 middle of what looks like another row, taking in {lines}",
                span.open
            ),
        };
        let problem = FieldError::new(
            field,
            &label,
            format!(
                "{how}. Close the quote on line {} (a quote inside a cell is written as two, \
                 \"\"), and import again.",
                span.open
            ),
        );
        incoming.candidates.retain(|c| c.line != row_line);
        incoming.invalid.retain(|r| r.line != row_line);
        incoming.empty_lines.retain(|&line| line != row_line);
        incoming
            .warnings
            .retain(|w| !(w.line == row_line && w.field == "row"));
        incoming.invalid.push(InvalidRow {
            line: row_line,
            problems: vec![problem],
        });
        for &line in &swallowed {
            incoming.invalid.push(InvalidRow {
                line,
                problems: vec![FieldError::new(
                    "row",
                    "Row",
                    format!(
                        "was taken into a cell of line {row_line} by the quote left open on \
                         line {}, and could not be read. Fix that quote and import again.",
                        span.open
                    ),
                )],
            });
        }
    }
    // Two quotes can report the same line: one entry per line, with every problem.
    incoming.invalid.sort_by_key(|r| r.line);
    incoming.invalid.dedup_by(|later, earlier| {
        if later.line != earlier.line {
            return false;
        }
        for problem in later.problems.drain(..) {
            if !earlier.problems.contains(&problem) {
                earlier.problems.push(problem);
            }
        }
        true
    });
}

fn row_to_contract(
    record: &::csv::StringRecord,
    columns: &Columns,
    line: u64,
    warnings: &mut Vec<RowWarning>,
) -> std::result::Result<(Contract, Vec<PriceLine>), Vec<FieldError>> {
    let fields = columns.fields;
    let width = columns.headers.len();
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
    let mut unread_dates = Vec::new();
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
            match set_field(&mut contract, field, unneutralised(cell)) {
                // An optional date or value nobody can read leaves the field empty, not
                // the row out.
                Err(message) if DATE_FIELDS.contains(field) || *field == "value" => {
                    unread_dates.push((*field, cell.trim(), message));
                    None
                }
                result => result.err(),
            }
        };
        if problem.is_none() && DATE_FIELDS.contains(field) {
            if let Some(warning) = date_reading(cell, field, line) {
                warnings.push(warning);
            }
        }
        if let Some(message) = problem {
            let label = if *field == PRICE_LINES {
                "Price list"
            } else {
                field_label(field)
            };
            problems.push(FieldError::new(field, label, message));
        }
    }
    for constant in columns.constants {
        if let Err(message) = set_field(&mut contract, &constant.field, &constant.value) {
            problems.push(FieldError::new(
                &constant.field,
                field_label(&constant.field),
                message,
            ));
        }
    }
    if problems.is_empty() {
        for (field, text, message) in unread_dates {
            let kept = keep_unreadable(&mut contract, field, text, &message);
            warnings.push(RowWarning::new(line, field, field_label(field), kept));
        }
        second_form_warnings(record, columns, &contract, line, warnings);
        Ok((contract, price_lines))
    } else {
        Err(problems)
    }
}

/// The date fields of a CSV row.
const DATE_FIELDS: [&str; 6] = [
    "solicitationIssued",
    "awardDate",
    "effectiveDate",
    "expiryDate",
    "finalExpiryDate",
    "lastVerified",
];

/// A date written with a two-digit year (`11/30/26`), shown as CoopDesk read it so that
/// the clerk can confirm it.
fn date_reading(cell: &str, field: &str, line: u64) -> Option<RowWarning> {
    let text = cell.trim();
    let day = parse_date(text).ok()?;
    let how = if is_compact_date(text) {
        "is a compact date (year, month, day)"
    } else if !text.contains(&format!("{:04}", chrono::Datelike::year(&day))) {
        "has a two-digit year"
    } else {
        return None;
    };
    Some(RowWarning::new(
        line,
        field,
        field_label(field),
        format!(
            "'{}' {how} and was read as {day} ({}). Check it; write {day} to be sure.",
            shown(text),
            day.format("%B %-d, %Y")
        ),
    ))
}

/// A row that gives the number (or the vendor) two ways in two columns: both are kept —
/// the second as another form — and the clerk is told.
fn second_form_warnings(
    record: &::csv::StringRecord,
    columns: &Columns,
    contract: &Contract,
    line: u64,
    warnings: &mut Vec<RowWarning>,
) {
    for &column in &columns.second_forms {
        let Some(cell) = record.get(column).map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        let (field, main, kept_as) = match columns.fields.get(column).copied().flatten() {
            Some("numberVariants") => (
                "contractNumber",
                &contract.contract_number,
                "another form of the number",
            ),
            Some("vendorAliases") => (
                "vendorName",
                &contract.vendor_name,
                "another spelling of the vendor",
            ),
            _ => continue,
        };
        if super::keys::same(cell) == super::keys::same(main) {
            continue;
        }
        let header = columns.headers.get(column).map_or("", String::as_str);
        warnings.push(RowWarning::new(
            line,
            field,
            field_label(field),
            format!(
                "the row gives two forms, '{}' and '{}' (column {header}). Both are kept, \
                 the second as {kept_as}; check which one the source uses.",
                shown(main),
                shown(cell)
            ),
        ));
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
pub(crate) fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => cell,
    }
}

/// Starts with a formula character, after any `'` that neutralised it.
fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
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
        CrlfAsLf::new(Trickle(input, chunk), b',')
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn crlf_between_rows_becomes_lf_across_reads_and_quoted_text_stays() {
        let input = b"a,b\r\n\"x\r\ny\",z\r\n\"in\rcell\"\r\nlone\rreturn\r";
        for chunk in 1..=input.len() {
            assert_eq!(
                through(input, chunk),
                b"a,b\n\"x\r\ny\",z\n\"in\rcell\"\nlone\nreturn\n",
                "chunk {chunk}: a lone CR between rows ends a row; in a cell of a CRLF file \
                 it is text"
            );
        }
    }

    #[test]
    fn a_file_of_lone_carriage_returns_reads_them_as_line_ends_in_cells_too() {
        let input = b"a,b\r\"x\ry\",z\rlast,row\r";
        for chunk in 1..=input.len() {
            assert_eq!(
                through(input, chunk),
                b"a,b\n\"x\ny\",z\nlast,row\n",
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn rows_of_a_crlf_file_are_numbered_as_a_spreadsheet_shows_them() {
        let crlf = "cooperative,contractNumber,title,vendorName,adminFeePercent\r\n\
                    A,1,T,V,2\r\nB,2,T,V,\"1,5\"\r\n";
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
            "{HEADER}\nA,1,T,V,2026-01-01,\n\"B\nsecond line\",2,T,V,2026-02-01,\"12,5\"\nC,3,T,V,,\"1.234,56\"\n"
        ));
        assert_eq!(incoming.candidates.len(), 1);
        let sentences: Vec<String> = incoming
            .invalid
            .iter()
            .flat_map(|r| r.sentences())
            .collect();
        assert_eq!(sentences.len(), 2, "{sentences:?}");
        assert!(
            sentences[0].starts_with("line 3, Admin fee: '12,5'"),
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
