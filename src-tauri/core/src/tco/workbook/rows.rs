//! Runs of rows of the same shape, written from a table: a sheet describes its rows as
//! data (labels, a formula, the engine's figure, a format) and one loop writes them.
//!
//! Two shapes recur:
//! - a labelled cell ([`Labelled`]): a label in column A, one value in column B and
//!   perhaps a note in column C — the Inputs sheet's settings, an option's start delay,
//!   its figures;
//! - a year row ([`YearRow`]): labels from column A, then one formula per year from
//!   column C ([`YEAR0_COL`]) — every cost line, total, discount factor and cumulative
//!   figure of an option sheet.
//!
//! Rows are written one under the other in the order of the table, and each row's cells
//! left to right, so the formats are met in the same order as the table reads.

use rust_xlsxwriter::{ColNum, Format, Formula, RowNum, Worksheet};

use super::cache::Cache;
use super::{Book, Written};

/// Option sheets: column A labels, B category, C… years 0 to the horizon.
pub(super) const YEAR0_COL: ColNum = 2;

/// What a cell holds.
pub(super) enum Value {
    Number(f64),
    Text(String),
    Formula(Formula),
}

impl Value {
    pub(super) fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }
}

/// Writes `value` at (`row`, `col`).
pub(super) fn write_value(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: Value,
    format: &Format,
) -> Written {
    match value {
        Value::Number(number) => sheet.write_number_with_format(row, col, number, format)?,
        Value::Text(text) => sheet.write_string_with_format(row, col, text, format)?,
        Value::Formula(formula) => sheet.write_formula_with_format(row, col, formula, format)?,
    };
    Ok(())
}

/// A label in column A, its value in column B, perhaps a note in column C.
pub(super) struct Labelled<'r> {
    pub(super) label: String,
    pub(super) value: Value,
    pub(super) format: &'r Format,
    pub(super) note: Option<(&'r str, &'r Format)>,
}

impl<'r> Labelled<'r> {
    pub(super) fn new(label: impl Into<String>, value: Value, format: &'r Format) -> Self {
        Labelled {
            label: label.into(),
            value,
            format,
            note: None,
        }
    }

    /// The same row with `note` beside the value.
    pub(super) fn noted(self, note: &'r str, format: &'r Format) -> Self {
        Labelled {
            note: Some((note, format)),
            ..self
        }
    }
}

/// Writes `rows` one a row from `first`, their labels in `label_format`.
pub(super) fn write_labelled(
    sheet: &mut Worksheet,
    first: RowNum,
    label_format: &Format,
    rows: Vec<Labelled>,
) -> Written {
    for (row, labelled) in (first..).zip(rows) {
        sheet.write_string_with_format(row, 0, labelled.label, label_format)?;
        write_value(sheet, row, 1, labelled.value, labelled.format)?;
        if let Some((note, format)) = labelled.note {
            sheet.write_string_with_format(row, 2, note, format)?;
        }
    }
    Ok(())
}

/// The formula of a year row in (row, column).
type FormulaAt<'r> = Box<dyn Fn(RowNum, ColNum) -> String + 'r>;
/// The engine's figure for year t of a year row, cached with its formula.
type FigureOf<'r> = Box<dyn Fn(&Cache, usize) -> String + 'r>;

/// A row with one formula a year: `labels` from column A, then `formula` in each year's
/// column, caching the engine's figure `cached` gives for year t.
pub(super) struct YearRow<'r> {
    pub(super) labels: Vec<(Value, &'r Format)>,
    /// The first year with a formula (the comparisons with the baseline start at 1).
    pub(super) from_year: u32,
    pub(super) formula: FormulaAt<'r>,
    pub(super) cached: FigureOf<'r>,
    pub(super) format: &'r Format,
}

impl<'r> YearRow<'r> {
    /// A row labelled `label` in column A, with a formula in every year from 0.
    pub(super) fn new(
        label: &str,
        label_format: &'r Format,
        formula: impl Fn(RowNum, ColNum) -> String + 'r,
        cached: impl Fn(&Cache, usize) -> String + 'r,
        format: &'r Format,
    ) -> Self {
        YearRow {
            labels: vec![(Value::text(label), label_format)],
            from_year: 0,
            formula: Box::new(formula),
            cached: Box::new(cached),
            format,
        }
    }
}

impl Book<'_> {
    /// Writes `rows` one a row from `first`; returns the last row written (`first - 1`
    /// when there is none).
    pub(super) fn write_year_rows(
        &self,
        sheet: &mut Worksheet,
        first: RowNum,
        rows: Vec<YearRow>,
    ) -> Written<RowNum> {
        let mut last = first - 1;
        for (row, year_row) in (first..).zip(rows) {
            for (col, (value, format)) in (0..).zip(year_row.labels) {
                write_value(sheet, row, col, value, format)?;
            }
            for year in year_row.from_year..=self.horizon {
                let col = YEAR0_COL + year as ColNum;
                let formula = self.formula((year_row.formula)(row, col), |c| {
                    (year_row.cached)(c, year as usize)
                });
                sheet.write_formula_with_format(row, col, formula, year_row.format)?;
            }
            last = row;
        }
        Ok(last)
    }
}
