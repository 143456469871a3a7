//! The Summary sheet, the first a reader sees: every option's totals, savings,
//! break-even years and rank, then the ranking, as formulas over the option sheets.
//!
//! The rank is `RANK` of the present values (equal values share a rank); the order,
//! which breaks ties by the entered order as the engine does, is what the ranking below
//! the table and the "lowest present value" line look up.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    utility::{quote_sheet_name, row_col_to_cell, row_col_to_cell_absolute},
    ColNum, RowNum, Worksheet,
};

use super::cache::cached;
use super::option::OptionRows;
use super::{break_even_text, labels, option_sheet_name, Book, Written, INPUTS_SHEET};
use crate::tco::model::CostOption;
use crate::tco::results::ComparisonResults;

/// The summary table's header row.
const HEADER: RowNum = 4;
/// The table's first option row.
const FIRST_ROW: RowNum = HEADER + 1;

/// The ranges of the summary table the rank and the ranking look up.
struct Ranges {
    options: usize,
    last_row: RowNum,
    /// The options' names, present values and order, absolute.
    names: String,
    pv: String,
    order: String,
}

impl Ranges {
    fn new(options: usize) -> Self {
        let last_row = HEADER + options as RowNum;
        let column = |col| {
            format!(
                "{}:{}",
                row_col_to_cell_absolute(FIRST_ROW, col),
                row_col_to_cell_absolute(last_row, col)
            )
        };
        Ranges {
            options,
            last_row,
            names: column(0),
            pv: column(3),
            order: column(9),
        }
    }
}

impl Book<'_> {
    /// The Summary sheet over the option sheets' `rows`, in the options' order.
    pub(super) fn write_summary(
        &self,
        sheet: &mut Worksheet,
        rows: &[OptionRows],
        results: &ComparisonResults,
    ) -> Written {
        let s = &self.styles;
        Self::page_setup(sheet, &self.comparison.title);
        sheet.set_active(true);
        self.write_summary_heading(sheet, results)?;
        for (col, text) in labels::SUMMARY_HEADERS.iter().enumerate() {
            let format = if col == 0 { &s.header } else { &s.header_right };
            sheet.write_string_with_format(HEADER, col as ColNum, *text, format)?;
        }
        sheet.set_row_height(HEADER, 40)?;
        let ranges = Ranges::new(rows.len());
        for (index, (option, option_rows)) in self.options().into_iter().zip(rows).enumerate() {
            self.write_summary_row(sheet, index, option, option_rows, &ranges, results)?;
        }
        self.write_ranking(sheet, &ranges, results)?;

        sheet.set_column_width(0, 46)?;
        sheet.set_column_width(1, 7)?;
        for col in 2..=8 {
            sheet.set_column_width(col, 15)?;
        }
        sheet.set_column_width(9, 13)?;
        sheet.set_freeze_panes(HEADER + 1, 1)?;
        Ok(())
    }

    /// The title, the subtitle (the years, the rate and the timing, as a formula of the
    /// Inputs sheet) and how to read the table.
    fn write_summary_heading(&self, sheet: &mut Worksheet, results: &ComparisonResults) -> Written {
        let s = &self.styles;
        let c = self.comparison;
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
        Ok(())
    }

    /// Option `index`'s row of the table: its name, rank, figures and order.
    fn write_summary_row(
        &self,
        sheet: &mut Worksheet,
        index: usize,
        option: &CostOption,
        option_rows: &OptionRows,
        ranges: &Ranges,
        results: &ComparisonResults,
    ) -> Written {
        let s = &self.styles;
        let row = FIRST_ROW + index as RowNum;
        let sheet_ref = quote_sheet_name(&option_sheet_name(index));
        let result = &results.options[index];
        let at = |r: RowNum, value: String| {
            self.formula(format!("={sheet_ref}!{}", row_col_to_cell(r, 1)), |_| value)
        };
        let pv_cell = row_col_to_cell(row, 3);
        let pv_range = &ranges.pv;
        sheet.write_string_with_format(row, 0, option.name.trim(), &s.bold_label)?;
        sheet.write_formula_with_format(
            row,
            1,
            self.formula(format!("=RANK({pv_cell},{pv_range},1)"), |_| {
                result.rank.to_string()
            }),
            &s.count,
        )?;
        for (col, r, value) in [
            (2, option_rows.nominal_total, result.nominal_total),
            (3, option_rows.pv_total, result.present_value),
            (4, option_rows.nominal_savings, result.nominal_savings),
            (5, option_rows.pv_savings, result.pv_savings),
            (6, option_rows.cost_per_year, result.cost_per_year),
        ] {
            sheet.write_formula_with_format(row, col, at(r, cached(value)), &s.money)?;
        }
        if index == 0 {
            sheet.write_string_with_format(row, 7, "(baseline)", &s.note)?;
            sheet.write_string_with_format(row, 8, "(baseline)", &s.note)?;
        } else {
            for (col, r, value) in [
                (7, option_rows.break_even_nominal, result.break_even_nominal),
                (8, option_rows.break_even_pv, result.break_even_pv),
            ] {
                let formula = at(r, break_even_text(value));
                sheet.write_formula_with_format(row, col, formula, &s.break_even)?;
            }
        }
        sheet.write_formula_with_format(
            row,
            9,
            self.formula(
                format!(
                    "=RANK({pv_cell},{pv_range},1)+COUNTIF({}:{pv_cell},{pv_cell})-1",
                    row_col_to_cell_absolute(FIRST_ROW, 3)
                ),
                |_| {
                    let position = results.ranking.iter().position(|&i| i == index);
                    (position.unwrap_or(0) + 1).to_string()
                },
            ),
            &s.count,
        )?;
        Ok(())
    }

    /// The options again, lowest present value first, and the lowest's name.
    fn write_ranking(
        &self,
        sheet: &mut Worksheet,
        ranges: &Ranges,
        results: &ComparisonResults,
    ) -> Written {
        let s = &self.styles;
        let Ranges {
            options,
            last_row,
            names,
            pv,
            order,
        } = ranges;
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
        let ranks = format!(
            "{}:{}",
            row_col_to_cell_absolute(FIRST_ROW, 1),
            row_col_to_cell_absolute(*last_row, 1)
        );
        for position in 1..=*options {
            row += 1;
            let which = format!("MATCH({position},{order},0)");
            let ranked = &results.options[results.ranking[position - 1]];
            for (col, formula, value, format) in [
                (
                    0,
                    format!("=INDEX({names},{which})"),
                    ranked.name.clone(),
                    &s.label,
                ),
                (
                    1,
                    format!("=INDEX({ranks},{which})"),
                    ranked.rank.to_string(),
                    &s.count,
                ),
                (
                    3,
                    format!("=INDEX({pv},{which})"),
                    cached(ranked.present_value),
                    &s.money,
                ),
            ] {
                sheet.write_formula_with_format(
                    row,
                    col,
                    self.formula(formula, |_| value),
                    format,
                )?;
            }
        }
        row += 2;
        sheet.write_string_with_format(row, 0, "Lowest present value", &s.bold_label)?;
        sheet.write_formula_with_format(
            row,
            1,
            self.formula(format!("=INDEX({names},MATCH(1,{order},0))"), |_| {
                results.best().name.clone()
            }),
            &s.bold_label,
        )?;
        Ok(())
    }
}
