//! The comparison as an Excel workbook a finance director can audit: the inputs are
//! values, and every result is a live formula that recomputes what the engine printed.
//!
//! ## Brief overview
//!
//! - **Summary** (`summary`, the first sheet): every option's totals, savings,
//!   break-even years and rank, and the ranking, as formulas over the option sheets.
//! - **Inputs** (`inputs`): the discount rate, the timing convention, the horizon, the
//!   fiscal-year labels, each option's start delay and units, and every cost line
//!   (category, timing, years, amount, escalation, a quoted schedule's amounts). The
//!   values a finance director may change are blue; every figure follows.
//! - **One sheet per option** (`option`, the baseline first): each cost line year by
//!   year as if the option started at once (escalation chained on the rounded previous
//!   year, `ROUND(prev*(1+e),2)`), the same lines moved by the start delay, the
//!   baseline's costs while the option waits, the totals by category and per year, the
//!   discount factor per year (a formula of the rate and the timing convention), present
//!   values, cumulative figures and, at the foot (`figures`), the totals, savings and
//!   break-even years on both bases.
//! - **Method** (`method`): the conventions of the memo's appendix, in words.
//!
//! This file holds the entry points, the `Book` being written, its formats and the
//! cell helpers every sheet shares; `rows` writes the runs of same-shaped rows from a
//! table, and `cache` computes the engine's figure for every formula cell.
//!
//! The formulas follow the conventions of the [module docs](super) step by step; the
//! test `comparison_workbook` recalculates the workbook with LibreOffice and checks every
//! figure against the engine to the cent.
//!
//! ## Invariants
//!
//! - The sheets refer to each other only forwards in the order they are written
//!   (inputs, baseline, options, summary): a writer returns the rows and cells the later
//!   sheets need (`InputCells`, `OptionRows`), never guesses them.
//! - Every formula carries the engine's figure as its cached value when the book has a
//!   `Cache`, and caches nothing otherwise (the test copy).
//!
//! ## Numbers
//!
//! An `.xlsx` number cell holds the decimal text of a binary double (that is what Excel
//! computes with). Every amount and rate is written from its `Decimal` through
//! [`cell_number`], which refuses a value whose shortest decimal text would not be the
//! same number (more than 15 significant digits), so the file holds exactly the figures
//! the clerk typed. Formula results are rounded with `ROUND(…,2)` wherever the engine
//! rounds to cents, so the doubles in between never show.

mod cache;
mod figures;
mod inputs;
mod method;
mod option;
mod rows;
mod summary;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

use self::cache::Cache;
use self::option::OptionRows;
use crate::tco::model::{Comparison, CostOption, OptionKind};
use crate::tco::results::{BreakEven, ComparisonResults};
use crate::{Error, Result};

/// What writing a sheet can fail with.
type Written<T = ()> = std::result::Result<T, XlsxError>;

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

/// The formats every sheet draws from: Arial 10, inputs in blue.
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

/// The workbook being written: the comparison, the engine's figures to cache (none for
/// the test copy) and the formats.
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

    fn options(&self) -> Vec<&'a CostOption> {
        self.comparison.all_options().collect()
    }

    fn write(&mut self, results: &ComparisonResults) -> Written {
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

    /// US Letter, landscape, one page wide; the title and sheet name in the header.
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

/// A break-even year as the figures show it: the year, or "not within the horizon".
fn break_even_text(break_even: Option<BreakEven>) -> String {
    match break_even {
        Some(BreakEven::Year { year }) => year.to_string(),
        _ => labels::NOT_WITHIN.to_owned(),
    }
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
}
