//! The Inputs sheet: the comparison as entered, the only values of the workbook.
//!
//! The settings (rate, timing, horizon, fiscal years), the fiscal-year labels, the
//! options with their start delays and units, and the table of cost lines. What a finance
//! director may change is blue; every other sheet reads these cells, through the
//! [`InputCells`] this writer returns.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    utility::{quote_sheet_name, row_col_to_cell, row_col_to_cell_absolute},
    ColNum, DataValidation, Format, RowNum, Worksheet,
};

use super::cache::cached;
use super::rows::{self, Labelled, Value};
use super::{cell_number, kind_label, labels, option_sheet_name, Book, Written, INPUTS_SHEET};
use crate::tco::model::{CostLine, LineTiming, Timing};
use crate::tco::round_cents;

/// Cells of the Inputs sheet other sheets refer to.
#[derive(Debug, Default)]
pub(super) struct InputCells {
    /// Absolute references, sheet-qualified: `Inputs!$B$4`.
    pub(super) rate: String,
    pub(super) offset: String,
    pub(super) horizon: String,
    /// Per year, the fiscal-year label cell.
    pub(super) year_labels: Vec<String>,
    /// Per option: its start delay and units cells.
    pub(super) delay: Vec<String>,
    pub(super) units: Vec<Option<String>>,
    /// Per option, per line: the row of the line on the Inputs sheet.
    pub(super) line_rows: Vec<Vec<RowNum>>,
}

// Columns of the cost-line table on the Inputs sheet.
const LINE_OPTION: ColNum = 0;
const LINE_CATEGORY: ColNum = 1;
const LINE_DESCRIPTION: ColNum = 2;
pub(super) const LINE_TIMING: ColNum = 3;
pub(super) const LINE_FROM: ColNum = 4;
pub(super) const LINE_TO: ColNum = 5;
pub(super) const LINE_AMOUNT: ColNum = 6;
const LINE_UNIT_PRICE: ColNum = 7;
const LINE_QUANTITY: ColNum = 8;
const LINE_UNIT: ColNum = 9;
pub(super) const LINE_ESCALATION: ColNum = 10;
pub(super) const LINE_FIRST_YEAR: ColNum = 11;

/// The first row of the settings; the discount rate's.
const RATE_ROW: RowNum = 3;

/// An absolute, sheet-qualified reference to a cell of the Inputs sheet.
fn absolute(row: RowNum, col: ColNum) -> String {
    format!(
        "{}!{}",
        quote_sheet_name(INPUTS_SHEET),
        row_col_to_cell_absolute(row, col)
    )
}

impl Book<'_> {
    /// The Inputs sheet; returns the cells the other sheets read.
    pub(super) fn write_inputs(&self, sheet: &mut Worksheet) -> Written<InputCells> {
        let s = &self.styles;
        let c = self.comparison;
        Self::page_setup(sheet, &c.title);
        sheet.write_string_with_format(0, 0, format!("Inputs: {}", c.title.trim()), &s.title)?;
        sheet.write_string_with_format(
            1,
            0,
            "The blue values are the comparison as entered. Change one and every figure in the \
             workbook follows.",
            &s.subtitle,
        )?;
        let mut cells = InputCells::default();
        let row = self.write_settings(sheet, &mut cells)?;
        let row = self.write_year_labels(sheet, row + 2, &mut cells)?;
        let row = self.write_option_table(sheet, row + 2, &mut cells)?;
        let header_row = self.write_cost_lines(sheet, row + 2, &mut cells)?;

        let longest_name = self
            .options()
            .iter()
            .map(|o| o.name.trim().chars().count())
            .max()
            .unwrap_or(0);
        sheet.set_column_width(0, (longest_name + 2).clamp(34, 60) as f64)?;
        sheet.set_column_width(1, 30)?;
        sheet.set_column_width(2, 34)?;
        sheet.set_column_width(3, 15)?;
        for col in LINE_FROM..=LINE_TO {
            sheet.set_column_width(col, 9)?;
        }
        for col in LINE_AMOUNT..=LINE_ESCALATION {
            sheet.set_column_width(col, 14)?;
        }
        if self.has_schedules() {
            for y in 0..=self.horizon {
                sheet.set_column_width(LINE_FIRST_YEAR + y as ColNum, 13)?;
            }
        }
        sheet.set_row_height(header_row, 27)?;
        Ok(cells)
    }

    /// The rate, the timing convention, the horizon and the fiscal years, one a row;
    /// returns the last row.
    fn write_settings(&self, sheet: &mut Worksheet, cells: &mut InputCells) -> Written<RowNum> {
        let s = &self.styles;
        let c = self.comparison;
        let timing_row = RATE_ROW + 2;
        let timing_cell = row_col_to_cell_absolute(timing_row, 1);
        let tenths = s.count.clone().set_num_format("0.0");
        let offset = self.formula(
            format!("=IF({timing_cell}=\"start of year\",1,IF({timing_cell}=\"mid-year\",0.5,0))"),
            |_| timing_offset(c.timing).to_owned(),
        );
        let settings = vec![
            Labelled::new(
                "Discount rate (a year)",
                Value::Number(cell_number(c.discount.rate)?),
                &s.rate_input,
            ),
            Labelled::new(
                "Source of the rate",
                Value::text(c.discount.source.trim()),
                &s.text_input,
            ),
            Labelled::new(
                "Timing convention",
                Value::text(c.timing.label()),
                &s.text_input,
            )
            .noted("end of year, start of year or mid-year", &s.note),
            Labelled::new(
                "Years taken off t when discounting",
                Value::Formula(offset),
                &tenths,
            )
            .noted(
                "year t is divided by (1 + rate) ^ (t − this); year 0 is never discounted",
                &s.note,
            ),
            Labelled::new(
                "Horizon (operating years)",
                Value::Number(f64::from(self.horizon)),
                &s.count,
            )
            .noted("fixed: each year is a column of the option sheets", &s.note),
            Labelled::new(
                "First fiscal year",
                Value::Number(f64::from(c.start.fiscal_year)),
                &s.count,
            ),
            Labelled::new(
                "Fiscal year begins in month",
                Value::Number(f64::from(c.start.first_month)),
                &s.count,
            ),
        ];
        let last = RATE_ROW + settings.len() as RowNum - 1;
        rows::write_labelled(sheet, RATE_ROW, &s.label, settings)?;
        let choices = [
            Timing::EndOfYear.label(),
            Timing::StartOfYear.label(),
            Timing::MidYear.label(),
        ];
        sheet.add_data_validation(
            timing_row,
            1,
            timing_row,
            1,
            &DataValidation::new()
                .allow_list_strings(&choices)?
                .set_input_message("When each year's costs are taken to fall")?,
        )?;
        cells.rate = absolute(RATE_ROW, 1);
        cells.offset = absolute(RATE_ROW + 3, 1);
        cells.horizon = absolute(RATE_ROW + 4, 1);
        Ok(last)
    }

    /// The year numbers and, under them, the fiscal-year labels the option sheets show;
    /// returns the labels' row.
    fn write_year_labels(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        cells: &mut InputCells,
    ) -> Written<RowNum> {
        let s = &self.styles;
        let c = self.comparison;
        sheet.write_string_with_format(row, 0, labels::YEAR, &s.header)?;
        sheet.write_string_with_format(row + 1, 0, labels::FISCAL_YEAR, &s.label)?;
        for year in 0..=self.horizon {
            let col = 1 + year as ColNum;
            sheet.write_number_with_format(row, col, f64::from(year), &s.year_number)?;
            let label = if year == 0 {
                "Up front".to_owned()
            } else {
                format!("FY{}", c.start.fiscal_year + year as i32 - 1)
            };
            sheet.write_string_with_format(row + 1, col, &label, &s.text_input)?;
            cells.year_labels.push(absolute(row + 1, col));
        }
        Ok(row + 1)
    }

    /// The options, each with its sheet, start delay and units; returns the last row.
    fn write_option_table(
        &self,
        sheet: &mut Worksheet,
        mut row: RowNum,
        cells: &mut InputCells,
    ) -> Written<RowNum> {
        let s = &self.styles;
        sheet.write_string_with_format(row, 0, "Options", &s.section)?;
        row += 1;
        for (col, header) in [
            "Option",
            "Sheet",
            "How it is bought",
            "Start delay (months)",
            "Units",
            "Unit label",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string_with_format(row, col as ColNum, *header, &s.header)?;
        }
        sheet.set_row_height(row, 27)?;
        for (index, option) in self.options().into_iter().enumerate() {
            row += 1;
            sheet.write_string_with_format(row, 0, option.name.trim(), &s.bold_label)?;
            sheet.write_string_with_format(row, 1, option_sheet_name(index), &s.text)?;
            sheet.write_string_with_format(row, 2, kind_label(&option.kind, index), &s.text)?;
            if index == 0 {
                sheet.write_number_with_format(row, 3, 0.0, &s.count)?;
            } else {
                sheet.write_number_with_format(
                    row,
                    3,
                    f64::from(option.start_delay_months),
                    &s.number_input,
                )?;
            }
            cells.delay.push(absolute(row, 3));
            match &option.units {
                Some(units) => {
                    sheet.write_number_with_format(
                        row,
                        4,
                        cell_number(units.quantity)?,
                        &s.number_input.clone().set_num_format("#,##0.####"),
                    )?;
                    sheet.write_string_with_format(row, 5, units.label.trim(), &s.text_input)?;
                    cells.units.push(Some(absolute(row, 4)));
                }
                None => cells.units.push(None),
            }
        }
        Ok(row)
    }

    /// Whether some cost line is a quoted schedule (whose amounts get a column a year).
    fn has_schedules(&self) -> bool {
        self.options()
            .iter()
            .flat_map(|o| &o.cost_lines)
            .any(|l| matches!(l.timing, LineTiming::Schedule { .. }))
    }

    /// The table of cost lines, one a row; returns the header's row.
    fn write_cost_lines(
        &self,
        sheet: &mut Worksheet,
        mut row: RowNum,
        cells: &mut InputCells,
    ) -> Written<RowNum> {
        let s = &self.styles;
        sheet.write_string_with_format(row, 0, "Cost lines", &s.section)?;
        row += 1;
        let mut headers = [
            "Option",
            "Category",
            "Description",
            "Timing",
            "From year",
            "To year",
            "Amount",
            "Unit price",
            "Quantity",
            "Unit",
            "Escalation a year",
        ]
        .map(str::to_owned)
        .to_vec();
        // A quoted schedule's amounts, year by year, only when some line is one.
        if self.has_schedules() {
            headers.extend((0..=self.horizon).map(|y| format!("Quoted, year {y}")));
        }
        for (col, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(row, col as ColNum, header, &s.header)?;
        }
        let header_row = row;
        for (index, option) in self.options().into_iter().enumerate() {
            let mut line_rows = Vec::new();
            for line in &option.cost_lines {
                row += 1;
                line_rows.push(row);
                let mut line_cells = vec![
                    (
                        LINE_OPTION,
                        Value::Text(option_sheet_name(index)),
                        s.text.clone(),
                    ),
                    (
                        LINE_CATEGORY,
                        Value::text(line.category.label()),
                        s.text.clone(),
                    ),
                    (
                        LINE_DESCRIPTION,
                        Value::text(line.description.trim()),
                        s.text.clone(),
                    ),
                ];
                line_cells.extend(self.timing_cells(row, line)?);
                for (col, value, format) in line_cells {
                    rows::write_value(sheet, row, col, value, &format)?;
                }
            }
            cells.line_rows.push(line_rows);
        }
        Ok(header_row)
    }

    /// The cells of a cost line's timing and amounts, left to right: what kind of line
    /// it is, its years, its amount or price and quantity, its escalation, or a quoted
    /// schedule's amounts.
    fn timing_cells(&self, row: RowNum, line: &CostLine) -> Written<Vec<(ColNum, Value, Format)>> {
        let s = &self.styles;
        let year = |col, value: u32| (col, Value::Number(f64::from(value)), s.number_input.clone());
        let kind = |text: &str| (LINE_TIMING, Value::text(text), s.text.clone());
        let input = |col, amount: Decimal, format: &Format| {
            cell_number(amount).map(|n| (col, Value::Number(n), format.clone()))
        };
        Ok(match &line.timing {
            LineTiming::OneTime { year: y, amount } => vec![
                kind("one-time"),
                year(LINE_FROM, *y),
                input(LINE_AMOUNT, *amount, &s.money_input)?,
            ],
            LineTiming::Recurring {
                from_year,
                to_year,
                amount,
                escalation,
            } => vec![
                kind("recurring"),
                year(LINE_FROM, *from_year),
                year(LINE_TO, *to_year),
                input(LINE_AMOUNT, *amount, &s.money_input)?,
                input(LINE_ESCALATION, *escalation, &s.rate_input)?,
            ],
            LineTiming::PerUnit {
                from_year,
                to_year,
                unit_price,
                quantity,
                unit,
                escalation,
            } => {
                let amount = self.formula(
                    format!(
                        "=ROUND({}*{},2)",
                        row_col_to_cell(row, LINE_UNIT_PRICE),
                        row_col_to_cell(row, LINE_QUANTITY)
                    ),
                    |_| {
                        cached(round_cents(
                            unit_price.checked_mul(*quantity).unwrap_or_default(),
                        ))
                    },
                );
                vec![
                    kind("per unit"),
                    year(LINE_FROM, *from_year),
                    year(LINE_TO, *to_year),
                    (LINE_AMOUNT, Value::Formula(amount), s.money.clone()),
                    input(
                        LINE_UNIT_PRICE,
                        *unit_price,
                        &s.money_input.clone().set_num_format("#,##0.00##"),
                    )?,
                    input(
                        LINE_QUANTITY,
                        *quantity,
                        &s.number_input.clone().set_num_format("#,##0.####"),
                    )?,
                    (LINE_UNIT, Value::text(unit.trim()), s.text_input.clone()),
                    input(LINE_ESCALATION, *escalation, &s.rate_input)?,
                ]
            }
            LineTiming::Schedule { amounts } => {
                let mut cells = vec![kind("quoted schedule")];
                for y in 0..=self.horizon {
                    let amount = amounts.get(&y).copied().unwrap_or(Decimal::ZERO);
                    cells.push(input(
                        LINE_FIRST_YEAR + y as ColNum,
                        amount,
                        &s.money_input,
                    )?);
                }
                cells
            }
        })
    }
}

/// The years taken off t when discounting, as the Inputs sheet's formula computes it.
fn timing_offset(timing: Timing) -> &'static str {
    match timing {
        Timing::EndOfYear => "0",
        Timing::StartOfYear => "1",
        Timing::MidYear => "0.5",
    }
}
