//! The tables as an `.xlsx` workbook: one sheet per table, a title row with the
//! jurisdiction and the date, frozen headers, set column widths, amounts as numbers in a
//! currency format (written from their `Decimal` exactly, through
//! [`crate::tco::workbook::cell_number`]), dates as dates, and every figure the ledger
//! implies as a live formula carrying the core's figure as its cached value.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use super::tables::{tables, Cell, Table, FIRST_ROW};
use super::Audit;
use crate::tco::workbook::cell_number;
use crate::{Error, Result};

type Written<T = ()> = std::result::Result<T, XlsxError>;

/// The audit workbook as `.xlsx` bytes, each formula caching the core's figure.
pub fn audit_workbook(audit: &Audit) -> Result<Vec<u8>> {
    write(audit, true)
}

/// The same workbook with no cached values: what a spreadsheet shows of it can only come
/// from its own recalculation. For tests.
#[doc(hidden)]
pub fn audit_workbook_uncached(audit: &Audit) -> Result<Vec<u8>> {
    write(audit, false)
}

/// Writes the audit workbook to `path`, whole or not at all ([`crate::files`]).
pub fn write_audit_workbook(audit: &Audit, path: &std::path::Path) -> Result<()> {
    crate::files::write_bytes(path, &audit_workbook(audit)?)
}

fn write(audit: &Audit, cached: bool) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(audit.title())
            .set_subject("Audit export: council actions, purchase orders, invoices")
            .set_comment("Written by CoopDesk. Amounts are values; totals are formulas."),
    );
    let styles = Styles::new();
    for table in tables(audit) {
        let sheet = workbook.add_worksheet();
        write_sheet(sheet, &audit.title(), &table, &styles, cached).map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn xlsx_error(error: XlsxError) -> Error {
    match error {
        XlsxError::ParameterError(message) => Error::invalid("Workbook", message),
        other => Error::File(format!("the workbook could not be written: {other}.")),
    }
}

/// The formats: Arial 10, money in dollars and cents.
struct Styles {
    title: Format,
    about: Format,
    header: Format,
    text: Format,
    id: Format,
    date: Format,
    money: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name("Arial").set_font_size(10);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            about: base
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x404040)),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xE8E8E8)),
            text: base.clone(),
            id: base
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Left),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            money: base.clone().set_num_format("\"$\"#,##0.00;-\"$\"#,##0.00"),
            percent: base.set_num_format("0.00%"),
        }
    }

    /// The format of a cell, bold and ruled above on a total row.
    fn of(&self, cell: &Cell, total: bool) -> Format {
        let format = match cell {
            Cell::Blank | Cell::Text(_) => &self.text,
            Cell::Id(_) => &self.id,
            Cell::Date(_) => &self.date,
            Cell::Money(_) => &self.money,
            Cell::Formula { percent: true, .. } => &self.percent,
            Cell::Formula { .. } => &self.money,
        };
        if total {
            format.clone().set_bold().set_border_top(FormatBorder::Thin)
        } else {
            format.clone()
        }
    }
}

/// One table as one sheet.
fn write_sheet(
    sheet: &mut Worksheet,
    title: &str,
    table: &Table,
    styles: &Styles,
    cached: bool,
) -> Written {
    sheet.set_name(table.sheet)?;
    sheet.write_string_with_format(0, 0, title, &styles.title)?;
    sheet.write_string_with_format(1, 0, table.about, &styles.about)?;
    let header = (FIRST_ROW - 2) as u32;
    for (col, column) in (0u16..).zip(&table.columns) {
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(header, col, column.header, &styles.header)?;
    }
    sheet.set_row_height(header, 27)?;
    sheet.set_freeze_panes(header + 1, 0)?;
    for (row, record) in (header + 1..).zip(&table.rows) {
        for (col, cell) in (0u16..).zip(&record.cells) {
            let format = styles.of(cell, record.total);
            write_cell(sheet, row, col, cell, &format, cached)?;
        }
    }
    sheet
        .set_paper_size(1) // US Letter
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, header)?;
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: &Format,
    cached: bool,
) -> Written {
    match cell {
        Cell::Blank => sheet.write_blank(row, col, format)?,
        Cell::Text(text) => sheet.write_string_with_format(row, col, text, format)?,
        Cell::Id(id) => sheet.write_number_with_format(row, col, *id as f64, format)?,
        Cell::Date(date) => {
            sheet.write_datetime_with_format(row, col, excel_date(*date)?, format)?
        }
        Cell::Money(amount) => {
            sheet.write_number_with_format(row, col, cell_number(*amount)?, format)?
        }
        Cell::Formula {
            formula,
            value,
            percent,
        } => {
            let mut formula = Formula::new(formula);
            if cached {
                let shown = if *percent {
                    *value / Decimal::ONE_HUNDRED
                } else {
                    *value
                };
                formula = formula.set_result(cell_number(shown)?.to_string());
            }
            sheet.write_formula_with_format(row, col, formula, format)?
        }
    };
    Ok(())
}

fn excel_date(date: NaiveDate) -> Written<ExcelDateTime> {
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}
