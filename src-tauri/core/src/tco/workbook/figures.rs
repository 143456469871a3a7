//! The figures at the foot of each option sheet, one a row in column B: the nominal and
//! present-value totals, the savings against the baseline, the cost per year (and per
//! unit, when the option has units) and, for an option compared with the baseline, its
//! break-even years — what the summary and the memo print.
//!
//! Their rows are known before they are written ([`OptionSheet::figure_rows`]), because
//! the savings of the baseline's own sheet refer to its totals above them.

use rust_xlsxwriter::{utility::row_col_to_cell, ColNum, Format, RowNum, Worksheet};

use super::cache::cached;
use super::option::{OptionRows, OptionSheet, Totals};
use super::rows::{self, Labelled, Value, YEAR0_COL};
use super::{break_even_text, labels, Written};
use crate::tco::results::OptionResult;

impl OptionSheet<'_, '_> {
    /// The figures the summary and the memo print, under a title at `title`.
    pub(super) fn write_figures(
        &self,
        sheet: &mut Worksheet,
        title: RowNum,
        totals: &Totals,
        at_or_below: Option<(RowNum, RowNum)>,
    ) -> Written<OptionRows> {
        let s = &self.book.styles;
        sheet.write_string_with_format(title, 0, "Figures", &s.section)?;
        let rows = self.figure_rows(title + 1, totals, at_or_below.is_some());
        let table = self.figures(&rows, totals, at_or_below);
        rows::write_labelled(sheet, title + 1, &s.bold_label, table)?;
        Ok(rows)
    }

    /// Where the figures go, one a row from `first` in the order [`Self::figures`]
    /// lists them, with the rows of the totals block.
    fn figure_rows(&self, first: RowNum, totals: &Totals, compared: bool) -> OptionRows {
        let per_unit = RowNum::from(self.cells.units[self.index].is_some());
        let mut rows = OptionRows {
            total: totals.total,
            cumulative_nominal: totals.cumulative_nominal,
            cumulative_pv: totals.cumulative_pv,
            nominal_total: first,
            pv_total: first + 1,
            nominal_savings: first + 2,
            pv_savings: first + 3,
            cost_per_year: first + 4,
            ..OptionRows::default()
        };
        if compared {
            rows.break_even_nominal = first + 5 + per_unit;
            rows.break_even_pv = first + 6 + per_unit;
        }
        rows
    }

    /// The figures, in column B: the totals, the savings, the cost per year (and per
    /// unit), and the break-even years of an option compared with the baseline.
    fn figures(
        &self,
        rows: &OptionRows,
        totals: &Totals,
        at_or_below: Option<(RowNum, RowNum)>,
    ) -> Vec<Labelled<'_>> {
        let s = &self.book.styles;
        let horizon = &self.cells.horizon;
        let baseline = if self.is_baseline() {
            *rows
        } else {
            self.baseline
        };
        let savings = |of: RowNum, mine: RowNum| {
            format!(
                "=ROUND({}!{}-{},2)",
                self.baseline_sheet,
                in_b(of),
                in_b(mine)
            )
        };
        let mut table = vec![
            self.figure(
                labels::NOMINAL_TOTAL,
                format!("=ROUND(SUM({}),2)", self.span(totals.total, YEAR0_COL)),
                &s.money,
                |r| cached(r.nominal_total),
            ),
            self.figure(
                labels::PV_TOTAL,
                format!("=ROUND(SUM({}),2)", self.span(totals.pv, YEAR0_COL)),
                &s.money,
                |r| cached(r.present_value),
            ),
            self.figure(
                labels::NOMINAL_SAVINGS,
                savings(baseline.nominal_total, rows.nominal_total),
                &s.money,
                |r| cached(r.nominal_savings),
            ),
            self.figure(
                labels::PV_SAVINGS,
                savings(baseline.pv_total, rows.pv_total),
                &s.money,
                |r| cached(r.pv_savings),
            ),
            self.figure(
                labels::COST_PER_YEAR,
                format!("=ROUND({}/{horizon},2)", in_b(rows.nominal_total)),
                &s.money,
                |r| cached(r.cost_per_year),
            ),
        ];
        table.extend(self.per_unit_figure(rows));
        if let Some((nominal_row, pv_row)) = at_or_below {
            table.extend(self.break_even_figures(nominal_row, pv_row));
        }
        table
    }

    /// The cost per unit per year, when the option says how many units it serves.
    fn per_unit_figure(&self, rows: &OptionRows) -> Option<Labelled<'_>> {
        let units = self.cells.units[self.index].as_ref()?;
        let label = self
            .option
            .units
            .as_ref()
            .map(|u| format!("{} ({})", labels::COST_PER_UNIT, u.label.trim()))
            .unwrap_or_else(|| labels::COST_PER_UNIT.to_owned());
        Some(self.figure(
            label,
            format!(
                "=ROUND({}/{}/{units},2)",
                in_b(rows.nominal_total),
                self.cells.horizon
            ),
            &self.book.styles.money,
            |r| cached(r.cost_per_unit_per_year.unwrap_or_default()),
        ))
    }

    /// The break-even years: the first year from 1 whose "at or below the baseline?"
    /// cell (rows `nominal_row` and `pv_row`) says yes.
    fn break_even_figures(&self, nominal_row: RowNum, pv_row: RowNum) -> [Labelled<'_>; 2] {
        let format = &self.book.styles.break_even;
        let first_yes = |r| {
            format!(
                "=IFERROR(MATCH(\"yes\",{},0),\"{}\")",
                self.span(r, YEAR0_COL + 1),
                labels::NOT_WITHIN
            )
        };
        [
            self.figure(
                labels::BREAK_EVEN_NOMINAL,
                first_yes(nominal_row),
                format,
                |r| break_even_text(r.break_even_nominal),
            ),
            self.figure(labels::BREAK_EVEN_PV, first_yes(pv_row), format, |r| {
                break_even_text(r.break_even_pv)
            }),
        ]
    }

    /// The cells of row `row` from column `from` to the last year's.
    fn span(&self, row: RowNum, from: ColNum) -> String {
        format!(
            "{}:{}",
            row_col_to_cell(row, from),
            row_col_to_cell(row, self.last_year_col())
        )
    }

    /// A figure: `label`, and `formula` caching what `pick` reads of the engine's
    /// results for this option.
    fn figure<'r>(
        &'r self,
        label: impl Into<String>,
        formula: String,
        format: &'r Format,
        pick: impl FnOnce(&OptionResult) -> String,
    ) -> Labelled<'r> {
        let formula = self
            .book
            .formula(formula, |c| pick(&c.results.options[self.index]));
        Labelled::new(label, Value::Formula(formula), format)
    }
}

/// A figure's cell, in column B of `row`.
fn in_b(row: RowNum) -> String {
    row_col_to_cell(row, 1)
}
