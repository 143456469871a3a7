//! The comparison as an Excel workbook a finance director can audit: the inputs are
//! values, and every result is a live formula that recomputes what the engine printed.
//!
//! ## Brief overview
//!
//! - **Summary** (the first sheet): every option's totals, savings, break-even years and
//!   rank, and the ranking, as formulas over the option sheets.
//! - **Inputs**: the discount rate, the timing convention, the horizon, the fiscal-year
//!   labels, each option's start delay and units, and every cost line (category,
//!   timing, years, amount, escalation, a quoted schedule's amounts). The values a
//!   finance director may change are blue; every figure follows.
//! - **One sheet per option** (the baseline first): each cost line year by year as if
//!   the option started at once (escalation chained on the rounded previous year,
//!   `ROUND(prev*(1+e),2)`), the same lines moved by the start delay, the baseline's
//!   costs while the option waits, the totals by category and per year, the discount
//!   factor per year (a formula of the rate and the timing convention), present values,
//!   cumulative figures and break-even years on both bases.
//! - **Method**: the conventions of the memo's appendix, in words.
//!
//! The formulas follow the conventions of the [module docs](super) step by step; the
//! test `comparison_workbook` recalculates the workbook with LibreOffice and checks every
//! figure against the engine to the cent.
//!
//! ## Numbers
//!
//! An `.xlsx` number cell holds the decimal text of a binary double (that is what Excel
//! computes with). Every amount and rate is written from its `Decimal` through
//! [`cell_number`], which refuses a value whose shortest decimal text would not be the
//! same number (more than 15 significant digits), so the file holds exactly the figures
//! the clerk typed. Formula results are rounded with `ROUND(…,2)` wherever the engine
//! rounds to cents, so the doubles in between never show.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    utility::{quote_sheet_name, row_col_to_cell, row_col_to_cell_absolute},
    ColNum, Color, DataValidation, DocProperties, Format, FormatAlign, FormatBorder, Formula,
    RowNum, Workbook, Worksheet, XlsxError,
};

use super::model::{Category, Comparison, CostOption, LineTiming, OptionKind, Timing};
use super::results::ComparisonResults;
use super::{discount, streams};
use crate::{Error, Result};

/// The names of the fixed sheets.
pub const SUMMARY_SHEET: &str = "Summary";
pub const INPUTS_SHEET: &str = "Inputs";
pub const METHOD_SHEET: &str = "Method";

/// The sheet that holds option `index` (0 is the baseline).
pub fn option_sheet_name(index: usize) -> String {
    if index == 0 {
        "Baseline".to_owned()
    } else {
        format!("Option {index}")
    }
}

/// Row labels on the option sheets, as the finance director reads them (and as the tests
/// find the rows).
pub mod labels {
    pub const YEAR: &str = "Year";
    pub const FISCAL_YEAR: &str = "Fiscal year";
    pub const BASELINE_WHILE_WAITING: &str = "Baseline's costs while waiting to start";
    pub const TOTAL: &str = "Total cost";
    pub const DISCOUNT_FACTOR: &str = "Discount factor";
    pub const PRESENT_VALUE: &str = "Present value";
    pub const CUMULATIVE_NOMINAL: &str = "Cumulative cost (nominal)";
    pub const CUMULATIVE_PV: &str = "Cumulative cost (present value)";
    pub const AT_OR_BELOW_NOMINAL: &str = "At or below the baseline? (nominal)";
    pub const AT_OR_BELOW_PV: &str = "At or below the baseline? (present value)";
    pub const NOMINAL_TOTAL: &str = "Nominal total";
    pub const PV_TOTAL: &str = "Present value total";
    pub const NOMINAL_SAVINGS: &str = "Savings against the baseline (nominal)";
    pub const PV_SAVINGS: &str = "Savings against the baseline (present value)";
    pub const COST_PER_YEAR: &str = "Cost per year";
    pub const COST_PER_UNIT: &str = "Cost per unit per year";
    pub const BREAK_EVEN_NOMINAL: &str = "Break-even year (nominal)";
    pub const BREAK_EVEN_PV: &str = "Break-even year (present value)";
    pub const NOT_WITHIN: &str = "not within the horizon";
    /// Summary table headers.
    pub const SUMMARY_HEADERS: [&str; 10] = [
        "Option",
        "Rank",
        "Nominal total",
        "Present value",
        "Savings (nominal)",
        "Savings (present value)",
        "Cost per year",
        "Break-even year (nominal)",
        "Break-even year (present value)",
        "Order (ties keep the entered order)",
    ];
}

/// Writes the comparison workbook as `.xlsx` bytes. `results` must be the engine's
/// results for `comparison`, for the subtitle's fiscal-year range.
///
/// Each formula also carries the engine's figure as its cached value, so a viewer that
/// does not recalculate (LibreOffice by default, previews, calamine) shows the right
/// numbers; Excel recalculates on opening.
pub fn comparison_workbook(
    comparison: &Comparison,
    results: &ComparisonResults,
) -> Result<Vec<u8>> {
    comparison.validate()?;
    let cache = Cache::new(comparison, results)?;
    let mut book = Book::new(comparison, Some(cache));
    book.write(results).map_err(xlsx_error)?;
    book.workbook.save_to_buffer().map_err(xlsx_error)
}

/// The same workbook with no cached values (every formula caches 0): what a spreadsheet
/// shows of it can only come from its own recalculation. For tests.
#[doc(hidden)]
pub fn comparison_workbook_uncached(
    comparison: &Comparison,
    results: &ComparisonResults,
) -> Result<Vec<u8>> {
    comparison.validate()?;
    let mut book = Book::new(comparison, None);
    book.write(results).map_err(xlsx_error)?;
    book.workbook.save_to_buffer().map_err(xlsx_error)
}

/// The engine's figures for every formula cell, as cached values.
struct Cache {
    factors: Vec<Decimal>,
    options: Vec<OptionCache>,
    results: ComparisonResults,
}

struct OptionCache {
    raw: Vec<Vec<Decimal>>,
    shifted: Vec<Vec<Decimal>>,
    carry: Vec<Decimal>,
    categories: Vec<(Category, Vec<Decimal>)>,
    totals: Vec<Decimal>,
    pv: Vec<Decimal>,
    cum_nominal: Vec<Decimal>,
    cum_pv: Vec<Decimal>,
}

impl Cache {
    fn new(comparison: &Comparison, results: &ComparisonResults) -> Result<Cache> {
        let horizon = comparison.horizon_years;
        let streams = streams::option_streams(comparison, Decimal::ZERO)?;
        let divisors =
            discount::discount_divisors(comparison.discount.rate, comparison.timing, horizon)?;
        let factors = divisors
            .iter()
            .map(|d| Decimal::ONE.checked_div(*d).unwrap_or_default())
            .collect();
        let mut options = Vec::new();
        for (option, stream) in comparison.all_options().zip(&streams) {
            let field = option.name.clone();
            let mut raw = Vec::new();
            let mut shifted = Vec::new();
            for line in &option.cost_lines {
                let amounts = streams::line_amounts(line, horizon, Decimal::ZERO, &field)?;
                shifted.push(streams::delay(&amounts, option.start_delay_months, &field)?);
                raw.push(amounts);
            }
            let pv = discount::present_values(&stream.totals, &divisors)?;
            let running = |values: &[Decimal]| {
                let mut sum = Decimal::ZERO;
                values
                    .iter()
                    .map(|v| {
                        sum = sum.checked_add(*v).unwrap_or(sum);
                        sum
                    })
                    .collect::<Vec<_>>()
            };
            options.push(OptionCache {
                raw,
                shifted,
                carry: stream.carryover.clone(),
                categories: stream.by_category.clone(),
                cum_nominal: running(&stream.totals),
                cum_pv: running(&pv),
                totals: stream.totals.clone(),
                pv,
            });
        }
        Ok(Cache {
            factors,
            options,
            results: results.clone(),
        })
    }
}

/// A cached value as the file holds it (15 significant digits at most).
fn cached(value: Decimal) -> String {
    let value = value.round_dp(12).normalize();
    cell_number(value).map_or_else(|_| value.to_string(), |n| format!("{n}"))
}

/// Writes the comparison workbook to `path`, whole or not at all ([`crate::files`]).
pub fn write_comparison_workbook(
    comparison: &Comparison,
    results: &ComparisonResults,
    path: &std::path::Path,
) -> Result<()> {
    let bytes = comparison_workbook(comparison, results)?;
    crate::files::write_bytes(path, &bytes)
}

fn xlsx_error(error: XlsxError) -> Error {
    match error {
        XlsxError::ParameterError(message) => Error::invalid("Workbook", message),
        other => Error::File(format!("the workbook could not be written: {other}.")),
    }
}

/// A `Decimal` as the double an `.xlsx` number cell holds, checked to print back as the
/// same decimal (see "Numbers" above).
pub fn cell_number(value: Decimal) -> std::result::Result<f64, XlsxError> {
    let text = value.normalize().to_string();
    let number: f64 = text
        .parse()
        .map_err(|_| XlsxError::ParameterError(format!("{text} is not a number")))?;
    let back: Option<Decimal> = format!("{number}").parse().ok();
    let digits = value
        .normalize()
        .mantissa()
        .unsigned_abs()
        .to_string()
        .len();
    if digits > 15 || back.map(|b| b.normalize()) != Some(value.normalize()) {
        return Err(XlsxError::ParameterError(format!(
            "{text} has more digits than a spreadsheet cell holds (15); round it."
        )));
    }
    Ok(number)
}

struct Styles {
    title: Format,
    subtitle: Format,
    header: Format,
    header_right: Format,
    label: Format,
    bold_label: Format,
    section: Format,
    text: Format,
    wrap: Format,
    money: Format,
    money_bold: Format,
    money_input: Format,
    rate_input: Format,
    number_input: Format,
    text_input: Format,
    factor: Format,
    year_number: Format,
    break_even: Format,
    count: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        const INPUT_BLUE: u32 = 0x1F4E9A;
        let base = Format::new().set_font_name("Arial").set_font_size(10);
        let money_format = "#,##0.00;-#,##0.00;0.00";
        let input = base.clone().set_font_color(Color::RGB(INPUT_BLUE));
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base
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
            header_right: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xE8E8E8)),
            label: base.clone(),
            bold_label: base.clone().set_bold(),
            section: base
                .clone()
                .set_bold()
                .set_font_size(11)
                .set_border_bottom(FormatBorder::Thin),
            text: base.clone(),
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            money: base.clone().set_num_format(money_format),
            money_bold: base
                .clone()
                .set_bold()
                .set_num_format(money_format)
                .set_border_top(FormatBorder::Thin),
            money_input: input.clone().set_num_format(money_format),
            rate_input: input.clone().set_num_format("0.00##%"),
            number_input: input.clone().set_num_format("0"),
            text_input: input,
            factor: base.clone().set_num_format("0.000000"),
            year_number: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_num_format("0"),
            break_even: base
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("\"year \"0"),
            count: base
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("0"),
            note: base.set_italic().set_font_color(Color::RGB(0x505050)),
        }
    }
}

/// Where an option sheet put the rows other sheets refer to (0-based rows).
#[derive(Debug, Clone, Copy, Default)]
struct OptionRows {
    total: RowNum,
    cumulative_nominal: RowNum,
    cumulative_pv: RowNum,
    nominal_total: RowNum,
    pv_total: RowNum,
    nominal_savings: RowNum,
    pv_savings: RowNum,
    cost_per_year: RowNum,
    break_even_nominal: RowNum,
    break_even_pv: RowNum,
}

/// Cells of the Inputs sheet other sheets refer to.
#[derive(Debug, Default)]
struct InputCells {
    /// Absolute references, sheet-qualified: `Inputs!$B$4`.
    rate: String,
    offset: String,
    horizon: String,
    /// Per year, the fiscal-year label cell.
    year_labels: Vec<String>,
    /// Per option: its start delay and units cells.
    delay: Vec<String>,
    units: Vec<Option<String>>,
    /// Per option, per line: the row of the line on the Inputs sheet.
    line_rows: Vec<Vec<RowNum>>,
}

// Columns of the cost-line table on the Inputs sheet.
const LINE_OPTION: ColNum = 0;
const LINE_CATEGORY: ColNum = 1;
const LINE_DESCRIPTION: ColNum = 2;
const LINE_TIMING: ColNum = 3;
const LINE_FROM: ColNum = 4;
const LINE_TO: ColNum = 5;
const LINE_AMOUNT: ColNum = 6;
const LINE_UNIT_PRICE: ColNum = 7;
const LINE_QUANTITY: ColNum = 8;
const LINE_UNIT: ColNum = 9;
const LINE_ESCALATION: ColNum = 10;
const LINE_FIRST_YEAR: ColNum = 11;

/// Option sheets: column A labels, B category, C… years 0 to the horizon.
const YEAR0_COL: ColNum = 2;
/// Option sheets: the row holding the year numbers (0-based).
const YEAR_ROW: RowNum = 7;

struct Book<'a> {
    comparison: &'a Comparison,
    cache: Option<Cache>,
    workbook: Workbook,
    styles: Styles,
    horizon: u32,
}

impl<'a> Book<'a> {
    fn new(comparison: &'a Comparison, cache: Option<Cache>) -> Self {
        Book {
            comparison,
            cache,
            workbook: Workbook::new(),
            styles: Styles::new(),
            horizon: comparison.horizon_years,
        }
    }

    /// A formula with the engine's figure cached, when there is a cache.
    fn formula(&self, text: impl Into<String>, result: impl FnOnce(&Cache) -> String) -> Formula {
        let formula = Formula::new(text.into());
        match &self.cache {
            Some(cache) => formula.set_result(result(cache)),
            None => formula,
        }
    }

    fn last_year_col(&self) -> ColNum {
        YEAR0_COL + self.horizon as ColNum
    }

    fn options(&self) -> Vec<&'a CostOption> {
        self.comparison.all_options().collect()
    }

    fn write(&mut self, results: &ComparisonResults) -> std::result::Result<(), XlsxError> {
        self.workbook.set_properties(
            &DocProperties::new()
                .set_title(self.comparison.title.trim())
                .set_subject("Total cost of ownership comparison")
                .set_comment("Written by CoopDesk. Inputs are values; every result is a formula."),
        );
        // The sheets are added in reading order; their contents are written in the
        // order of their references (inputs, baseline, options, summary).
        let mut summary = Worksheet::new();
        summary.set_name(SUMMARY_SHEET)?;
        let mut inputs = Worksheet::new();
        inputs.set_name(INPUTS_SHEET)?;
        let cells = self.write_inputs(&mut inputs)?;

        let mut option_sheets = Vec::new();
        let mut rows: Vec<OptionRows> = Vec::new();
        for (index, option) in self.options().into_iter().enumerate() {
            let mut sheet = Worksheet::new();
            sheet.set_name(option_sheet_name(index))?;
            let written = self.write_option(&mut sheet, index, option, &cells, rows.first())?;
            rows.push(written);
            option_sheets.push(sheet);
        }
        self.write_summary(&mut summary, &rows, results)?;
        let mut method = Worksheet::new();
        method.set_name(METHOD_SHEET)?;
        self.write_method(&mut method)?;

        self.workbook.push_worksheet(summary);
        self.workbook.push_worksheet(inputs);
        for sheet in option_sheets {
            self.workbook.push_worksheet(sheet);
        }
        self.workbook.push_worksheet(method);
        Ok(())
    }

    fn page_setup(sheet: &mut Worksheet, title: &str) {
        sheet
            .set_paper_size(1) // US Letter
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3)
            .set_header(format!(
                "&L&\"Arial\"&9{}&R&\"Arial\"&9&A",
                header_text(title)
            ))
            .set_footer("&C&\"Arial\"&9Page &P of &N");
    }

    // ---------------------------------------------------------------- Inputs

    fn write_inputs(&self, sheet: &mut Worksheet) -> std::result::Result<InputCells, XlsxError> {
        let s = &self.styles;
        let c = self.comparison;
        let quoted = quote_sheet_name(INPUTS_SHEET);
        let abs =
            |row: RowNum, col: ColNum| format!("{quoted}!{}", row_col_to_cell_absolute(row, col));
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

        let mut row: RowNum = 3;
        sheet.write_string_with_format(row, 0, "Discount rate (a year)", &s.label)?;
        sheet.write_number_with_format(row, 1, cell_number(c.discount.rate)?, &s.rate_input)?;
        cells.rate = abs(row, 1);
        row += 1;
        sheet.write_string_with_format(row, 0, "Source of the rate", &s.label)?;
        sheet.write_string_with_format(row, 1, c.discount.source.trim(), &s.text_input)?;
        row += 1;
        sheet.write_string_with_format(row, 0, "Timing convention", &s.label)?;
        sheet.write_string_with_format(row, 1, c.timing.label(), &s.text_input)?;
        let timing_cell = row_col_to_cell_absolute(row, 1);
        let choices = [
            Timing::EndOfYear.label(),
            Timing::StartOfYear.label(),
            Timing::MidYear.label(),
        ];
        sheet.add_data_validation(
            row,
            1,
            row,
            1,
            &DataValidation::new()
                .allow_list_strings(&choices)?
                .set_input_message("When each year's costs are taken to fall")?,
        )?;
        sheet.write_string_with_format(
            row,
            2,
            "end of year, start of year or mid-year",
            &s.note,
        )?;
        row += 1;
        sheet.write_string_with_format(row, 0, "Years taken off t when discounting", &s.label)?;
        sheet.write_formula_with_format(
            row,
            1,
            self.formula(
                format!(
                    "=IF({timing_cell}=\"start of year\",1,IF({timing_cell}=\"mid-year\",0.5,0))"
                ),
                |_| timing_offset(c.timing).to_owned(),
            ),
            &s.count.clone().set_num_format("0.0"),
        )?;
        sheet.write_string_with_format(
            row,
            2,
            "year t is divided by (1 + rate) ^ (t − this); year 0 is never discounted",
            &s.note,
        )?;
        cells.offset = abs(row, 1);
        row += 1;
        sheet.write_string_with_format(row, 0, "Horizon (operating years)", &s.label)?;
        sheet.write_number_with_format(row, 1, f64::from(self.horizon), &s.count)?;
        sheet.write_string_with_format(
            row,
            2,
            "fixed: each year is a column of the option sheets",
            &s.note,
        )?;
        cells.horizon = abs(row, 1);
        row += 1;
        sheet.write_string_with_format(row, 0, "First fiscal year", &s.label)?;
        sheet.write_number_with_format(row, 1, f64::from(c.start.fiscal_year), &s.count)?;
        row += 1;
        sheet.write_string_with_format(row, 0, "Fiscal year begins in month", &s.label)?;
        sheet.write_number_with_format(row, 1, f64::from(c.start.first_month), &s.count)?;

        // Fiscal-year labels.
        row += 2;
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
            cells.year_labels.push(abs(row + 1, col));
        }

        // Options.
        row += 3;
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
            cells.delay.push(abs(row, 3));
            match &option.units {
                Some(units) => {
                    sheet.write_number_with_format(
                        row,
                        4,
                        cell_number(units.quantity)?,
                        &s.number_input.clone().set_num_format("#,##0.####"),
                    )?;
                    sheet.write_string_with_format(row, 5, units.label.trim(), &s.text_input)?;
                    cells.units.push(Some(abs(row, 4)));
                }
                None => cells.units.push(None),
            }
        }

        // Cost lines.
        row += 2;
        sheet.write_string_with_format(row, 0, "Cost lines", &s.section)?;
        row += 1;
        let mut headers = vec![
            "Option".to_owned(),
            "Category".to_owned(),
            "Description".to_owned(),
            "Timing".to_owned(),
            "From year".to_owned(),
            "To year".to_owned(),
            "Amount".to_owned(),
            "Unit price".to_owned(),
            "Quantity".to_owned(),
            "Unit".to_owned(),
            "Escalation a year".to_owned(),
        ];
        // A quoted schedule's amounts, year by year, only when some line is one.
        let schedules = self
            .options()
            .iter()
            .flat_map(|o| &o.cost_lines)
            .any(|l| matches!(l.timing, LineTiming::Schedule { .. }));
        if schedules {
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
                sheet.write_string_with_format(
                    row,
                    LINE_OPTION,
                    option_sheet_name(index),
                    &s.text,
                )?;
                sheet.write_string_with_format(
                    row,
                    LINE_CATEGORY,
                    line.category.label(),
                    &s.text,
                )?;
                sheet.write_string_with_format(
                    row,
                    LINE_DESCRIPTION,
                    line.description.trim(),
                    &s.text,
                )?;
                let year = |sheet: &mut Worksheet, col, value: u32| {
                    sheet
                        .write_number_with_format(row, col, f64::from(value), &s.number_input)
                        .map(|_| ())
                };
                match &line.timing {
                    LineTiming::OneTime { year: y, amount } => {
                        sheet.write_string_with_format(row, LINE_TIMING, "one-time", &s.text)?;
                        year(sheet, LINE_FROM, *y)?;
                        sheet.write_number_with_format(
                            row,
                            LINE_AMOUNT,
                            cell_number(*amount)?,
                            &s.money_input,
                        )?;
                    }
                    LineTiming::Recurring {
                        from_year,
                        to_year,
                        amount,
                        escalation,
                    } => {
                        sheet.write_string_with_format(row, LINE_TIMING, "recurring", &s.text)?;
                        year(sheet, LINE_FROM, *from_year)?;
                        year(sheet, LINE_TO, *to_year)?;
                        sheet.write_number_with_format(
                            row,
                            LINE_AMOUNT,
                            cell_number(*amount)?,
                            &s.money_input,
                        )?;
                        sheet.write_number_with_format(
                            row,
                            LINE_ESCALATION,
                            cell_number(*escalation)?,
                            &s.rate_input,
                        )?;
                    }
                    LineTiming::PerUnit {
                        from_year,
                        to_year,
                        unit_price,
                        quantity,
                        unit,
                        escalation,
                    } => {
                        sheet.write_string_with_format(row, LINE_TIMING, "per unit", &s.text)?;
                        year(sheet, LINE_FROM, *from_year)?;
                        year(sheet, LINE_TO, *to_year)?;
                        sheet.write_formula_with_format(
                            row,
                            LINE_AMOUNT,
                            self.formula(
                                format!(
                                    "=ROUND({}*{},2)",
                                    row_col_to_cell(row, LINE_UNIT_PRICE),
                                    row_col_to_cell(row, LINE_QUANTITY)
                                ),
                                |_| {
                                    cached(super::round_cents(
                                        unit_price.checked_mul(*quantity).unwrap_or_default(),
                                    ))
                                },
                            ),
                            &s.money,
                        )?;
                        sheet.write_number_with_format(
                            row,
                            LINE_UNIT_PRICE,
                            cell_number(*unit_price)?,
                            &s.money_input.clone().set_num_format("#,##0.00##"),
                        )?;
                        sheet.write_number_with_format(
                            row,
                            LINE_QUANTITY,
                            cell_number(*quantity)?,
                            &s.number_input.clone().set_num_format("#,##0.####"),
                        )?;
                        sheet.write_string_with_format(
                            row,
                            LINE_UNIT,
                            unit.trim(),
                            &s.text_input,
                        )?;
                        sheet.write_number_with_format(
                            row,
                            LINE_ESCALATION,
                            cell_number(*escalation)?,
                            &s.rate_input,
                        )?;
                    }
                    LineTiming::Schedule { amounts } => {
                        sheet.write_string_with_format(
                            row,
                            LINE_TIMING,
                            "quoted schedule",
                            &s.text,
                        )?;
                        for y in 0..=self.horizon {
                            let amount = amounts.get(&y).copied().unwrap_or(Decimal::ZERO);
                            sheet.write_number_with_format(
                                row,
                                LINE_FIRST_YEAR + y as ColNum,
                                cell_number(amount)?,
                                &s.money_input,
                            )?;
                        }
                    }
                }
            }
            cells.line_rows.push(line_rows);
        }
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
        if schedules {
            for y in 0..=self.horizon {
                sheet.set_column_width(LINE_FIRST_YEAR + y as ColNum, 13)?;
            }
        }
        sheet.set_row_height(header_row, 27)?;
        Ok(cells)
    }

    // ---------------------------------------------------------------- Option sheets

    /// The formula of one cost line in year `year` (column `col`), before any delay.
    fn line_formula(
        &self,
        line_row: RowNum,
        timing: &LineTiming,
        row: RowNum,
        col: ColNum,
    ) -> String {
        let input = |c: ColNum| {
            format!(
                "{}!{}",
                quote_sheet_name(INPUTS_SHEET),
                row_col_to_cell_absolute(line_row, c)
            )
        };
        let year = year_ref(col);
        match timing {
            LineTiming::OneTime { .. } => {
                format!("=IF({year}={},{},0)", input(LINE_FROM), input(LINE_AMOUNT))
            }
            LineTiming::Recurring { .. } | LineTiming::PerUnit { .. } => {
                let from = input(LINE_FROM);
                let to = input(LINE_TO);
                let first = input(LINE_AMOUNT);
                if col == YEAR0_COL {
                    format!("=IF(AND({year}={from},{year}<={to}),{first},0)")
                } else {
                    let previous = row_col_to_cell(row, col - 1);
                    format!(
                        "=IF({year}<{from},0,IF({year}={from},{first},IF({year}<={to},\
                         ROUND({previous}*(1+{}),2),0)))",
                        input(LINE_ESCALATION)
                    )
                }
            }
            LineTiming::Schedule { .. } => {
                let year_index = (col - YEAR0_COL) as ColNum;
                format!("={}", input(LINE_FIRST_YEAR + year_index))
            }
        }
    }

    #[allow(clippy::too_many_lines)]
    fn write_option(
        &self,
        sheet: &mut Worksheet,
        index: usize,
        option: &CostOption,
        cells: &InputCells,
        baseline: Option<&OptionRows>,
    ) -> std::result::Result<OptionRows, XlsxError> {
        let s = &self.styles;
        let is_baseline = index == 0;
        let last = self.last_year_col();
        let years = YEAR0_COL..=last;
        let baseline_sheet = quote_sheet_name(&option_sheet_name(0));
        Self::page_setup(sheet, &self.comparison.title);
        sheet.write_string_with_format(0, 0, option.name.trim(), &s.title)?;
        sheet.write_string_with_format(
            1,
            0,
            format!(
                "{}. Every figure on this sheet is a formula of the Inputs sheet.",
                kind_label(&option.kind, index)
            ),
            &s.subtitle,
        )?;
        // The delay, split the way the engine splits it.
        sheet.write_string_with_format(3, 0, "Start delay (months)", &s.label)?;
        sheet.write_formula_with_format(
            3,
            1,
            self.formula(format!("={}", cells.delay[index]), |_| {
                option.start_delay_months.to_string()
            }),
            &s.count,
        )?;
        sheet.write_string_with_format(4, 0, "Whole years of delay", &s.label)?;
        sheet.write_formula_with_format(
            4,
            1,
            self.formula("=INT($B$4/12)", |_| {
                (option.start_delay_months / 12).to_string()
            }),
            &s.count,
        )?;
        sheet.write_string_with_format(5, 0, "Months of delay into the next year", &s.label)?;
        sheet.write_formula_with_format(
            5,
            1,
            self.formula("=MOD($B$4,12)", |_| {
                (option.start_delay_months % 12).to_string()
            }),
            &s.count,
        )?;
        sheet.write_string_with_format(6, 0, "Up-front costs are paid in year", &s.label)?;
        sheet.write_formula_with_format(
            6,
            1,
            self.formula("=ROUNDUP($B$4/12,0)", |_| {
                option.start_delay_months.div_ceil(12).to_string()
            }),
            &s.count,
        )?;

        sheet.write_string_with_format(YEAR_ROW, 0, labels::YEAR, &s.header)?;
        sheet.write_string_with_format(YEAR_ROW, 1, "Category", &s.header)?;
        sheet.write_string_with_format(YEAR_ROW + 1, 0, labels::FISCAL_YEAR, &s.bold_label)?;
        for col in years.clone() {
            let year = (col - YEAR0_COL) as u32;
            sheet.write_number_with_format(
                YEAR_ROW,
                col,
                f64::from(year),
                &s.header_right.clone().set_num_format("0"),
            )?;
            sheet.write_formula_with_format(
                YEAR_ROW + 1,
                col,
                self.formula(format!("={}", cells.year_labels[year as usize]), |c| {
                    c.results.years[year as usize].label.clone()
                }),
                &s.bold_label.clone().set_align(FormatAlign::Right),
            )?;
        }

        // Lines as if the option started at once.
        let mut row = YEAR_ROW + 3;
        sheet.write_string_with_format(
            row,
            0,
            if is_baseline {
                "Cost lines"
            } else {
                "Cost lines, as if the option started at once"
            },
            &s.section,
        )?;
        let first_line = row + 1;
        for (line_index, (line, &line_row)) in option
            .cost_lines
            .iter()
            .zip(&cells.line_rows[index])
            .enumerate()
        {
            row += 1;
            let label = if line.description.trim().is_empty() {
                line.category.label()
            } else {
                line.description.trim()
            };
            sheet.write_string_with_format(row, 0, label, &s.label)?;
            sheet.write_string_with_format(row, 1, line.category.label(), &s.text)?;
            for col in years.clone() {
                let formula = self.line_formula(line_row, &line.timing, row, col);
                let t = (col - YEAR0_COL) as usize;
                let formula =
                    self.formula(formula, |c| cached(c.options[index].raw[line_index][t]));
                sheet.write_formula_with_format(row, col, formula, &s.money)?;
            }
        }
        let lines = (first_line, row);

        // Lines moved by the start delay.
        let counted = if is_baseline {
            lines
        } else {
            row += 2;
            sheet.write_string_with_format(
                row,
                0,
                "Cost lines after the start delay",
                &s.section,
            )?;
            let first_shifted = row + 1;
            for line_index in 0..option.cost_lines.len() {
                row += 1;
                let source = lines.0 + line_index as RowNum;
                sheet.write_formula_with_format(
                    row,
                    0,
                    self.formula(format!("={}", row_col_to_cell(source, 0)), |_| {
                        let line = &option.cost_lines[line_index];
                        if line.description.trim().is_empty() {
                            line.category.label().to_owned()
                        } else {
                            line.description.trim().to_owned()
                        }
                    }),
                    &s.label,
                )?;
                sheet.write_formula_with_format(
                    row,
                    1,
                    self.formula(format!("={}", row_col_to_cell(source, 1)), |_| {
                        option.cost_lines[line_index].category.label().to_owned()
                    }),
                    &s.text,
                )?;
                let range = format!(
                    "{}:{}",
                    row_col_to_cell_absolute(source, YEAR0_COL),
                    row_col_to_cell_absolute(source, last)
                );
                let year0 = row_col_to_cell_absolute(source, YEAR0_COL);
                for col in years.clone() {
                    let t = year_ref(col);
                    // Year 0 moves to year ⌈d/12⌉; operating year k falls (12−m)/12 in
                    // year q+k (rounded) and the rest in year q+k+1.
                    let formula = format!(
                        "=IF({t}=$B$7,{year0},0)\
                         +IF({t}-$B$5>=1,ROUND(INDEX({range},1,{t}-$B$5+1)*(12-$B$6)/12,2),0)\
                         +IF({t}-$B$5-1>=1,INDEX({range},1,{t}-$B$5)\
                         -ROUND(INDEX({range},1,{t}-$B$5)*(12-$B$6)/12,2),0)"
                    );
                    let t = (col - YEAR0_COL) as usize;
                    let formula =
                        self.formula(formula, |c| cached(c.options[index].shifted[line_index][t]));
                    sheet.write_formula_with_format(row, col, formula, &s.money)?;
                }
            }
            (first_shifted, row)
        };

        let baseline_rows = baseline.copied().unwrap_or_default();
        let mut carry_row = None;
        if !is_baseline {
            row += 2;
            sheet.write_string_with_format(row, 0, labels::BASELINE_WHILE_WAITING, &s.label)?;
            for col in years.clone() {
                let t = year_ref(col);
                let baseline_total = format!(
                    "{baseline_sheet}!{}",
                    row_col_to_cell(baseline_rows.total, col)
                );
                let formula = if col == YEAR0_COL {
                    format!("=IF($B$4>0,{baseline_total},0)")
                } else {
                    format!("=ROUND({baseline_total}*MAX(0,MIN(12,$B$4-12*({t}-1)))/12,2)")
                };
                let year = (col - YEAR0_COL) as usize;
                let formula = self.formula(formula, |c| cached(c.options[index].carry[year]));
                sheet.write_formula_with_format(row, col, formula, &s.money)?;
            }
            carry_row = Some(row);
        }

        // By category.
        row += 2;
        sheet.write_string_with_format(row, 0, "By category", &s.section)?;
        let mut categories: Vec<Category> = option.cost_lines.iter().map(|l| l.category).collect();
        categories.sort();
        categories.dedup();
        for category in categories {
            row += 1;
            sheet.write_string_with_format(row, 0, category.label(), &s.label)?;
            for col in years.clone() {
                let formula = format!(
                    "=ROUND(SUMIF({}:{},$A{},{}:{}),2)",
                    row_col_to_cell_absolute(counted.0, 1),
                    row_col_to_cell_absolute(counted.1, 1),
                    row + 1,
                    row_col_to_cell(counted.0, col),
                    row_col_to_cell(counted.1, col)
                );
                let t = (col - YEAR0_COL) as usize;
                let formula = self.formula(formula, |c| {
                    cached(
                        c.options[index]
                            .categories
                            .iter()
                            .find(|(k, _)| *k == category)
                            .map_or(Decimal::ZERO, |(_, a)| a[t]),
                    )
                });
                sheet.write_formula_with_format(row, col, formula, &s.money)?;
            }
        }

        // Totals per year, discounting, cumulative figures.
        row += 2;
        let total = row;
        sheet.write_string_with_format(total, 0, labels::TOTAL, &s.bold_label)?;
        for col in years.clone() {
            let mut formula = if option.cost_lines.is_empty() {
                "0".to_owned()
            } else {
                format!(
                    "SUM({}:{})",
                    row_col_to_cell(counted.0, col),
                    row_col_to_cell(counted.1, col)
                )
            };
            if let Some(carry) = carry_row {
                formula = format!("{formula}+{}", row_col_to_cell(carry, col));
            }
            sheet.write_formula_with_format(
                total,
                col,
                self.formula(format!("=ROUND({formula},2)"), |c| {
                    cached(c.options[index].totals[(col - YEAR0_COL) as usize])
                }),
                &s.money_bold,
            )?;
        }
        let factor = total + 1;
        sheet.write_string_with_format(factor, 0, labels::DISCOUNT_FACTOR, &s.label)?;
        for col in years.clone() {
            let t = year_ref(col);
            sheet.write_formula_with_format(
                factor,
                col,
                self.formula(
                    format!("=IF({t}=0,1,1/(1+{})^({t}-{}))", cells.rate, cells.offset),
                    |c| cached(c.factors[(col - YEAR0_COL) as usize]),
                ),
                &s.factor,
            )?;
        }
        let pv = factor + 1;
        sheet.write_string_with_format(pv, 0, labels::PRESENT_VALUE, &s.label)?;
        for col in years.clone() {
            sheet.write_formula_with_format(
                pv,
                col,
                self.formula(
                    format!(
                        "={}*{}",
                        row_col_to_cell(total, col),
                        row_col_to_cell(factor, col)
                    ),
                    |c| cached(c.options[index].pv[(col - YEAR0_COL) as usize]),
                ),
                &s.money,
            )?;
        }
        let cumulative_nominal = pv + 1;
        let cumulative_pv = pv + 2;
        sheet.write_string_with_format(
            cumulative_nominal,
            0,
            labels::CUMULATIVE_NOMINAL,
            &s.label,
        )?;
        sheet.write_string_with_format(cumulative_pv, 0, labels::CUMULATIVE_PV, &s.label)?;
        for col in years.clone() {
            let (nominal, present) = if col == YEAR0_COL {
                (
                    format!("={}", row_col_to_cell(total, col)),
                    format!("={}", row_col_to_cell(pv, col)),
                )
            } else {
                (
                    format!(
                        "=ROUND({}+{},2)",
                        row_col_to_cell(cumulative_nominal, col - 1),
                        row_col_to_cell(total, col)
                    ),
                    format!(
                        "={}+{}",
                        row_col_to_cell(cumulative_pv, col - 1),
                        row_col_to_cell(pv, col)
                    ),
                )
            };
            let t = (col - YEAR0_COL) as usize;
            let nominal = self.formula(nominal, |c| cached(c.options[index].cum_nominal[t]));
            let present = self.formula(present, |c| cached(c.options[index].cum_pv[t]));
            sheet.write_formula_with_format(cumulative_nominal, col, nominal, &s.money)?;
            sheet.write_formula_with_format(cumulative_pv, col, present, &s.money)?;
        }
        row = cumulative_pv;
        let mut at_or_below = None;
        if !is_baseline {
            let nominal_row = row + 1;
            let pv_row = row + 2;
            for (r, label, cumulative, baseline_cumulative, basis) in [
                (
                    nominal_row,
                    labels::AT_OR_BELOW_NOMINAL,
                    cumulative_nominal,
                    baseline_rows.cumulative_nominal,
                    0,
                ),
                (
                    pv_row,
                    labels::AT_OR_BELOW_PV,
                    cumulative_pv,
                    baseline_rows.cumulative_pv,
                    1,
                ),
            ] {
                sheet.write_string_with_format(r, 0, label, &s.label)?;
                for col in YEAR0_COL + 1..=last {
                    sheet.write_formula_with_format(
                        r,
                        col,
                        self.formula(
                            format!(
                                "=IF({}<={baseline_sheet}!{},\"yes\",\"no\")",
                                row_col_to_cell(cumulative, col),
                                row_col_to_cell(baseline_cumulative, col)
                            ),
                            |c| {
                                let t = (col - YEAR0_COL) as usize;
                                let (mine, theirs) = if basis == 0 {
                                    (&c.options[index].cum_nominal, &c.options[0].cum_nominal)
                                } else {
                                    (&c.options[index].cum_pv, &c.options[0].cum_pv)
                                };
                                if mine[t] <= theirs[t] { "yes" } else { "no" }.to_owned()
                            },
                        ),
                        &s.text.clone().set_align(FormatAlign::Right),
                    )?;
                }
            }
            at_or_below = Some((nominal_row, pv_row));
            row = pv_row;
        }

        // The figures the summary and the memo print.
        row += 2;
        sheet.write_string_with_format(row, 0, "Figures", &s.section)?;
        let year_span = |r: RowNum| {
            format!(
                "{}:{}",
                row_col_to_cell(r, YEAR0_COL),
                row_col_to_cell(r, last)
            )
        };
        let mut rows = OptionRows {
            total,
            cumulative_nominal,
            cumulative_pv,
            ..OptionRows::default()
        };
        let result = self
            .cache
            .as_ref()
            .map(|c| c.results.options[index].clone());
        let figure = |sheet: &mut Worksheet,
                      row: &mut RowNum,
                      label: &str,
                      formula: String,
                      format: &Format,
                      value: Option<String>|
         -> std::result::Result<RowNum, XlsxError> {
            *row += 1;
            sheet.write_string_with_format(*row, 0, label, &s.bold_label)?;
            let formula = match value {
                Some(value) => Formula::new(formula).set_result(value),
                None => Formula::new(formula),
            };
            sheet.write_formula_with_format(*row, 1, formula, format)?;
            Ok(*row)
        };
        let money =
            |pick: fn(&super::OptionResult) -> Decimal| result.as_ref().map(|r| cached(pick(r)));
        let break_even = |pick: fn(&super::OptionResult) -> Option<super::BreakEven>| {
            result.as_ref().map(|r| match pick(r) {
                Some(super::BreakEven::Year { year }) => year.to_string(),
                _ => labels::NOT_WITHIN.to_owned(),
            })
        };
        rows.nominal_total = figure(
            sheet,
            &mut row,
            labels::NOMINAL_TOTAL,
            format!("=ROUND(SUM({}),2)", year_span(total)),
            &s.money,
            money(|r| r.nominal_total),
        )?;
        rows.pv_total = figure(
            sheet,
            &mut row,
            labels::PV_TOTAL,
            format!("=ROUND(SUM({}),2)", year_span(pv)),
            &s.money,
            money(|r| r.present_value),
        )?;
        let baseline_nominal = if is_baseline {
            rows.nominal_total
        } else {
            baseline_rows.nominal_total
        };
        let baseline_pv = if is_baseline {
            rows.pv_total
        } else {
            baseline_rows.pv_total
        };
        rows.nominal_savings = figure(
            sheet,
            &mut row,
            labels::NOMINAL_SAVINGS,
            format!(
                "=ROUND({baseline_sheet}!{}-{},2)",
                row_col_to_cell(baseline_nominal, 1),
                row_col_to_cell(rows.nominal_total, 1)
            ),
            &s.money,
            money(|r| r.nominal_savings),
        )?;
        rows.pv_savings = figure(
            sheet,
            &mut row,
            labels::PV_SAVINGS,
            format!(
                "=ROUND({baseline_sheet}!{}-{},2)",
                row_col_to_cell(baseline_pv, 1),
                row_col_to_cell(rows.pv_total, 1)
            ),
            &s.money,
            money(|r| r.pv_savings),
        )?;
        rows.cost_per_year = figure(
            sheet,
            &mut row,
            labels::COST_PER_YEAR,
            format!(
                "=ROUND({}/{},2)",
                row_col_to_cell(rows.nominal_total, 1),
                cells.horizon
            ),
            &s.money,
            money(|r| r.cost_per_year),
        )?;
        if let Some(units) = &cells.units[index] {
            let label = option
                .units
                .as_ref()
                .map(|u| format!("{} ({})", labels::COST_PER_UNIT, u.label.trim()))
                .unwrap_or_else(|| labels::COST_PER_UNIT.to_owned());
            figure(
                sheet,
                &mut row,
                &label,
                format!(
                    "=ROUND({}/{}/{units},2)",
                    row_col_to_cell(rows.nominal_total, 1),
                    cells.horizon
                ),
                &s.money,
                money(|r| r.cost_per_unit_per_year.unwrap_or_default()),
            )?;
        }
        if let Some((nominal_row, pv_row)) = at_or_below {
            let span = |r: RowNum| {
                format!(
                    "{}:{}",
                    row_col_to_cell(r, YEAR0_COL + 1),
                    row_col_to_cell(r, last)
                )
            };
            rows.break_even_nominal = figure(
                sheet,
                &mut row,
                labels::BREAK_EVEN_NOMINAL,
                format!(
                    "=IFERROR(MATCH(\"yes\",{},0),\"{}\")",
                    span(nominal_row),
                    labels::NOT_WITHIN
                ),
                &s.break_even,
                break_even(|r| r.break_even_nominal),
            )?;
            rows.break_even_pv = figure(
                sheet,
                &mut row,
                labels::BREAK_EVEN_PV,
                format!(
                    "=IFERROR(MATCH(\"yes\",{},0),\"{}\")",
                    span(pv_row),
                    labels::NOT_WITHIN
                ),
                &s.break_even,
                break_even(|r| r.break_even_pv),
            )?;
        }

        sheet.set_column_width(0, 42)?;
        sheet.set_column_width(1, 26)?;
        for col in years {
            sheet.set_column_width(col, 14)?;
        }
        sheet.set_freeze_panes(YEAR_ROW + 2, YEAR0_COL)?;
        sheet.set_repeat_rows(YEAR_ROW, YEAR_ROW + 1)?;
        Ok(rows)
    }

    // ---------------------------------------------------------------- Summary

    fn write_summary(
        &self,
        sheet: &mut Worksheet,
        rows: &[OptionRows],
        results: &ComparisonResults,
    ) -> std::result::Result<(), XlsxError> {
        let s = &self.styles;
        let c = self.comparison;
        Self::page_setup(sheet, &c.title);
        sheet.set_active(true);
        sheet.write_string_with_format(0, 0, c.title.trim(), &s.title)?;
        let first = results.years.get(1).map_or("", |y| y.label.as_str());
        let last = results.years.last().map_or("", |y| y.label.as_str());
        let inputs = quote_sheet_name(INPUTS_SHEET);
        sheet.write_formula_with_format(
            1,
            0,
            self.formula(
                format!(
                    "=\"{} years ({first} to {last}), discount rate \"&TEXT({inputs}!$B$4*100,\"0.00##\")&\"% a year, \"&{inputs}!$B$6&\" timing.\"",
                    self.horizon
                ),
                |_| {
                    format!(
                        "{} years ({first} to {last}), discount rate {}% a year, {} timing.",
                        self.horizon,
                        (c.discount.rate * Decimal::ONE_HUNDRED).round_dp(4).normalize(),
                        c.timing.label()
                    )
                },
            ),
            &s.subtitle,
        )?;
        sheet.write_string_with_format(
            2,
            0,
            "Every figure is a formula over the option sheets; change the blue values on the \
             Inputs sheet and they follow. Savings are the baseline's total minus the \
             option's: positive means the option costs less.",
            &s.note,
        )?;
        let header = 4;
        for (col, text) in labels::SUMMARY_HEADERS.iter().enumerate() {
            let format = if col == 0 { &s.header } else { &s.header_right };
            sheet.write_string_with_format(header, col as ColNum, *text, format)?;
        }
        sheet.set_row_height(header, 40)?;
        let first_row = header + 1;
        let last_row = header + rows.len() as RowNum;
        let pv_range = format!(
            "{}:{}",
            row_col_to_cell_absolute(first_row, 3),
            row_col_to_cell_absolute(last_row, 3)
        );
        let order_range = format!(
            "{}:{}",
            row_col_to_cell_absolute(first_row, 9),
            row_col_to_cell_absolute(last_row, 9)
        );
        let name_range = format!(
            "{}:{}",
            row_col_to_cell_absolute(first_row, 0),
            row_col_to_cell_absolute(last_row, 0)
        );
        for (index, (option, option_rows)) in self.options().into_iter().zip(rows).enumerate() {
            let row = first_row + index as RowNum;
            let sheet_ref = quote_sheet_name(&option_sheet_name(index));
            let option_result = &results.options[index];
            let at = |r: RowNum, value: String| {
                self.formula(format!("={sheet_ref}!{}", row_col_to_cell(r, 1)), |_| value)
            };
            let break_even_text = |b: Option<super::BreakEven>| match b {
                Some(super::BreakEven::Year { year }) => year.to_string(),
                _ => labels::NOT_WITHIN.to_owned(),
            };
            sheet.write_string_with_format(row, 0, option.name.trim(), &s.bold_label)?;
            let pv_cell = row_col_to_cell(row, 3);
            sheet.write_formula_with_format(
                row,
                1,
                self.formula(format!("=RANK({pv_cell},{pv_range},1)"), |_| {
                    option_result.rank.to_string()
                }),
                &s.count,
            )?;
            for (col, r, value) in [
                (2, option_rows.nominal_total, option_result.nominal_total),
                (3, option_rows.pv_total, option_result.present_value),
                (
                    4,
                    option_rows.nominal_savings,
                    option_result.nominal_savings,
                ),
                (5, option_rows.pv_savings, option_result.pv_savings),
                (6, option_rows.cost_per_year, option_result.cost_per_year),
            ] {
                sheet.write_formula_with_format(row, col, at(r, cached(value)), &s.money)?;
            }
            if index == 0 {
                sheet.write_string_with_format(row, 7, "(baseline)", &s.note)?;
                sheet.write_string_with_format(row, 8, "(baseline)", &s.note)?;
            } else {
                sheet.write_formula_with_format(
                    row,
                    7,
                    at(
                        option_rows.break_even_nominal,
                        break_even_text(option_result.break_even_nominal),
                    ),
                    &s.break_even,
                )?;
                sheet.write_formula_with_format(
                    row,
                    8,
                    at(
                        option_rows.break_even_pv,
                        break_even_text(option_result.break_even_pv),
                    ),
                    &s.break_even,
                )?;
            }
            sheet.write_formula_with_format(
                row,
                9,
                self.formula(
                    format!(
                        "=RANK({pv_cell},{pv_range},1)+COUNTIF({}:{pv_cell},{pv_cell})-1",
                        row_col_to_cell_absolute(first_row, 3)
                    ),
                    |_| {
                        let position = results.ranking.iter().position(|&i| i == index);
                        (position.unwrap_or(0) + 1).to_string()
                    },
                ),
                &s.count,
            )?;
        }

        let mut row = last_row + 2;
        sheet.write_string_with_format(
            row,
            0,
            "Ranking, lowest present value first",
            &s.section,
        )?;
        row += 1;
        for (col, text) in ["Option", "Rank", "", "Present value"].iter().enumerate() {
            if !text.is_empty() {
                let format = if col == 0 { &s.header } else { &s.header_right };
                sheet.write_string_with_format(row, col as ColNum, *text, format)?;
            }
        }
        for position in 1..=rows.len() {
            row += 1;
            let which = format!("MATCH({position},{order_range},0)");
            let ranked = &results.options[results.ranking[position - 1]];
            sheet.write_formula_with_format(
                row,
                0,
                self.formula(format!("=INDEX({name_range},{which})"), |_| {
                    ranked.name.clone()
                }),
                &s.label,
            )?;
            sheet.write_formula_with_format(
                row,
                1,
                self.formula(
                    format!(
                        "=INDEX({}:{},{which})",
                        row_col_to_cell_absolute(first_row, 1),
                        row_col_to_cell_absolute(last_row, 1)
                    ),
                    |_| ranked.rank.to_string(),
                ),
                &s.count,
            )?;
            sheet.write_formula_with_format(
                row,
                3,
                self.formula(format!("=INDEX({pv_range},{which})"), |_| {
                    cached(ranked.present_value)
                }),
                &s.money,
            )?;
        }
        row += 2;
        sheet.write_string_with_format(row, 0, "Lowest present value", &s.bold_label)?;
        sheet.write_formula_with_format(
            row,
            1,
            self.formula(
                format!("=INDEX({name_range},MATCH(1,{order_range},0))"),
                |_| results.best().name.clone(),
            ),
            &s.bold_label,
        )?;

        sheet.set_column_width(0, 46)?;
        sheet.set_column_width(1, 7)?;
        for col in 2..=8 {
            sheet.set_column_width(col, 15)?;
        }
        sheet.set_column_width(9, 13)?;
        sheet.set_freeze_panes(header + 1, 1)?;
        Ok(())
    }

    // ---------------------------------------------------------------- Method

    fn write_method(&self, sheet: &mut Worksheet) -> std::result::Result<(), XlsxError> {
        let s = &self.styles;
        Self::page_setup(sheet, &self.comparison.title);
        sheet.set_landscape();
        sheet.write_string_with_format(
            0,
            0,
            "How the total cost of ownership is calculated",
            &s.title,
        )?;
        let paragraphs = [
            "Every figure in this workbook can be reproduced by hand from these rules, and every \
             result cell is a formula that follows them, so changing a value on the Inputs sheet \
             recalculates everything.",
            "Money is counted in exact dollars and cents. Costs are positive; money that comes back \
             (savings, resale or residual value) is negative. Rounding is always to the cent, with \
             half a cent rounded away from zero (the spreadsheet's ROUND(x,2)).",
            "Year 0 is \"up front\", when the comparison starts; years 1 to the horizon are operating \
             years, labelled with fiscal years.",
            "A one-time cost counts in its year. A recurring cost counts from its first year; each \
             later year is the previous year's rounded amount increased by its escalation rate and \
             rounded again, as vendors quote: ROUND(previous × (1 + escalation), 2). A cost per unit \
             is the unit price times the quantity, rounded, then escalated the same way. A quoted \
             schedule counts as quoted.",
            "An option that starts d months late (d = 12 × whole years + months) has its costs moved: \
             its up-front costs are paid in year ⌈d/12⌉; each operating year k, spread evenly over \
             its twelve months, falls (12 − months)/12 in year whole years + k (rounded to the cent) \
             and the rest in the following year, so the move neither creates nor loses a cent. What \
             falls after the horizon is outside the comparison.",
            "While an option waits, the baseline's costs continue and are counted in that option: \
             the baseline's year 0 in full, and for year t the baseline's year-t total × n/12, \
             rounded, where n is the number of months of year t before the start.",
            "Present value: year 0 is never discounted. Year t is divided by (1 + rate)^t at the end \
             of the year (the usual convention), by (1 + rate)^(t − 1) at the start of the year, or \
             by (1 + rate)^(t − 0.5) mid-year. The yearly present values are added unrounded and the \
             total is rounded once, so the yearly figures shown may differ from the total by a cent \
             or two.",
            "Savings are the baseline's total minus the option's, from the rounded totals: positive \
             means the option costs less. Cost per year is the nominal total divided by the horizon's \
             years, rounded.",
            "Break-even is the first year-end t ≥ 1 at which an option's cumulative cost (year 0 to \
             t) is at or below the baseline's, nominal and in present value; otherwise it is not \
             within the horizon.",
            "Options are ranked by present value, lowest first; equal values share a rank.",
        ];
        for (index, text) in paragraphs.iter().enumerate() {
            let row = 2 + index as RowNum;
            sheet.write_string_with_format(row, 0, *text, &s.wrap)?;
            let lines = (text.chars().count() / 110 + 1) as f64;
            sheet.set_row_height(row, 13.0 * lines + 4.0)?;
        }
        sheet.set_column_width(0, 120)?;
        Ok(())
    }
}

/// How the option is bought, in words.
fn kind_label(kind: &OptionKind, index: usize) -> &'static str {
    let kind = match kind {
        OptionKind::CooperativeContract { .. } => "Through a cooperative contract",
        OptionKind::OwnSolicitation => "Own solicitation",
        OptionKind::StatusQuo => "Keep the current arrangement",
        OptionKind::Other => "Other",
    };
    if index == 0 && kind == "Keep the current arrangement" {
        "Baseline: keep the current arrangement"
    } else if index == 0 {
        "Baseline"
    } else {
        kind
    }
}

fn timing_offset(timing: Timing) -> &'static str {
    match timing {
        Timing::EndOfYear => "0",
        Timing::StartOfYear => "1",
        Timing::MidYear => "0.5",
    }
}

/// The year-number cell of a column on an option sheet, row absolute (`C$8`).
fn year_ref(col: ColNum) -> String {
    let cell = row_col_to_cell(YEAR_ROW, col);
    let split = cell
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(cell.len());
    format!("{}${}", &cell[..split], &cell[split..])
}

/// Text for a page header: `&` doubled so Excel prints it.
fn header_text(title: &str) -> String {
    let title: String = title.trim().chars().take(80).collect();
    title.replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_number_holds_exactly_the_decimal_typed() {
        for text in [
            "0.1",
            "0.2",
            "0.3",
            "174359.25",
            "999999999999.99",
            "-0.005",
            "0.0325",
        ] {
            let value: Decimal = text.parse().unwrap();
            let number = cell_number(value).unwrap();
            assert_eq!(format!("{number}"), text, "the file should say {text}");
        }
        assert!(
            cell_number("1234567890.1234567".parse().unwrap()).is_err(),
            "17 significant digits do not fit a spreadsheet cell and must not be rounded silently"
        );
    }

    #[test]
    fn year_references_fix_the_row_of_the_year_numbers() {
        assert_eq!(year_ref(YEAR0_COL), "C$8");
        assert_eq!(year_ref(YEAR0_COL + 25), "AB$8");
    }
}
