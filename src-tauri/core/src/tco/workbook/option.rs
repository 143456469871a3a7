//! One sheet per option, the baseline first: every figure of the option, year by year,
//! as formulas of the Inputs sheet.
//!
//! From the top: the start delay split the way the engine splits it; the years and their
//! fiscal-year labels; each cost line as if the option started at once; the same lines
//! moved by the start delay and the baseline's costs while the option waits (not on the
//! baseline's sheet); the totals by category; the total, discount factor, present value
//! and cumulative figures per year; whether the option is at or below the baseline each
//! year; and the figures the summary and the memo print.
//!
//! The sheet returns the rows the summary and the later option sheets refer to
//! ([`OptionRows`]); the option sheets read the baseline's.

use std::ops::RangeInclusive;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    utility::{quote_sheet_name, row_col_to_cell, row_col_to_cell_absolute},
    ColNum, FormatAlign, RowNum, Worksheet,
};

use super::cache::{cached, Cache, OptionCache};
use super::inputs::{
    InputCells, LINE_AMOUNT, LINE_ESCALATION, LINE_FIRST_YEAR, LINE_FROM, LINE_TO,
};
use super::rows::{self, Labelled, Value, YearRow, YEAR0_COL};
use super::{kind_label, labels, option_sheet_name, Book, Written, INPUTS_SHEET};
use crate::tco::model::{Category, CostLine, CostOption, LineTiming};

/// Option sheets: the row holding the year numbers (0-based).
const YEAR_ROW: RowNum = 7;

/// Where an option sheet put the rows other sheets refer to (0-based rows).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct OptionRows {
    pub(super) total: RowNum,
    pub(super) cumulative_nominal: RowNum,
    pub(super) cumulative_pv: RowNum,
    pub(super) nominal_total: RowNum,
    pub(super) pv_total: RowNum,
    pub(super) nominal_savings: RowNum,
    pub(super) pv_savings: RowNum,
    pub(super) cost_per_year: RowNum,
    pub(super) break_even_nominal: RowNum,
    pub(super) break_even_pv: RowNum,
}

/// The rows of the yearly totals block.
pub(super) struct Totals {
    pub(super) total: RowNum,
    pub(super) pv: RowNum,
    pub(super) cumulative_nominal: RowNum,
    pub(super) cumulative_pv: RowNum,
}

/// An option sheet being written.
pub(super) struct OptionSheet<'s, 'a> {
    pub(super) book: &'s Book<'a>,
    pub(super) index: usize,
    pub(super) option: &'s CostOption,
    pub(super) cells: &'s InputCells,
    /// The baseline sheet's rows (all 0 while the baseline itself is written).
    pub(super) baseline: OptionRows,
    /// The baseline sheet's name, quoted for a formula.
    pub(super) baseline_sheet: String,
}

impl Book<'_> {
    /// Option `index`'s sheet (`baseline` is the baseline sheet's rows, none while
    /// writing the baseline); returns the rows the later sheets read.
    pub(super) fn write_option(
        &self,
        sheet: &mut Worksheet,
        index: usize,
        option: &CostOption,
        cells: &InputCells,
        baseline: Option<&OptionRows>,
    ) -> Written<OptionRows> {
        let page = OptionSheet {
            book: self,
            index,
            option,
            cells,
            baseline: baseline.copied().unwrap_or_default(),
            baseline_sheet: quote_sheet_name(&option_sheet_name(0)),
        };
        page.write(sheet)
    }
}

impl OptionSheet<'_, '_> {
    pub(super) fn is_baseline(&self) -> bool {
        self.index == 0
    }

    pub(super) fn last_year_col(&self) -> ColNum {
        YEAR0_COL + self.book.horizon as ColNum
    }

    fn years(&self) -> RangeInclusive<ColNum> {
        YEAR0_COL..=self.last_year_col()
    }

    /// This option's figures in the cache.
    fn mine<'c>(&self, cache: &'c Cache) -> &'c OptionCache {
        &cache.options[self.index]
    }

    /// The sheet, block by block from the top.
    fn write(&self, sheet: &mut Worksheet) -> Written<OptionRows> {
        Book::page_setup(sheet, &self.book.comparison.title);
        self.write_heading(sheet)?;
        let lines = self.write_lines(sheet, YEAR_ROW + 3)?;
        let (counted, carry) = if self.is_baseline() {
            (lines, None)
        } else {
            let shifted = self.write_shifted_lines(sheet, lines.1 + 2, lines)?;
            let carry = shifted.1 + 2;
            self.write_carry(sheet, carry)?;
            (shifted, Some(carry))
        };
        let row = self.write_categories(sheet, carry.unwrap_or(counted.1) + 2, counted)?;
        let totals = self.write_totals(sheet, row + 2, counted, carry)?;
        let (row, at_or_below) = if self.is_baseline() {
            (totals.cumulative_pv, None)
        } else {
            let rows = self.write_at_or_below(sheet, totals.cumulative_pv + 1, &totals)?;
            (rows.1, Some(rows))
        };
        let rows = self.write_figures(sheet, row + 2, &totals, at_or_below)?;

        sheet.set_column_width(0, 42)?;
        sheet.set_column_width(1, 26)?;
        for col in self.years() {
            sheet.set_column_width(col, 14)?;
        }
        sheet.set_freeze_panes(YEAR_ROW + 2, YEAR0_COL)?;
        sheet.set_repeat_rows(YEAR_ROW, YEAR_ROW + 1)?;
        Ok(rows)
    }

    /// The title, the start delay split the way the engine splits it, and the years.
    fn write_heading(&self, sheet: &mut Worksheet) -> Written {
        let book = self.book;
        let s = &book.styles;
        let option = self.option;
        sheet.write_string_with_format(0, 0, option.name.trim(), &s.title)?;
        sheet.write_string_with_format(
            1,
            0,
            format!(
                "{}. Every figure on this sheet is a formula of the Inputs sheet.",
                kind_label(&option.kind, self.index)
            ),
            &s.subtitle,
        )?;
        let months = option.start_delay_months;
        let delay = [
            (
                "Start delay (months)",
                format!("={}", self.cells.delay[self.index]),
                months.to_string(),
            ),
            (
                "Whole years of delay",
                "=INT($B$4/12)".to_owned(),
                (months / 12).to_string(),
            ),
            (
                "Months of delay into the next year",
                "=MOD($B$4,12)".to_owned(),
                (months % 12).to_string(),
            ),
            (
                "Up-front costs are paid in year",
                "=ROUNDUP($B$4/12,0)".to_owned(),
                months.div_ceil(12).to_string(),
            ),
        ]
        .map(|(label, formula, value)| {
            Labelled::new(
                label,
                Value::Formula(book.formula(formula, |_| value)),
                &s.count,
            )
        });
        rows::write_labelled(sheet, 3, &s.label, delay.into())?;

        sheet.write_string_with_format(YEAR_ROW, 0, labels::YEAR, &s.header)?;
        sheet.write_string_with_format(YEAR_ROW, 1, "Category", &s.header)?;
        sheet.write_string_with_format(YEAR_ROW + 1, 0, labels::FISCAL_YEAR, &s.bold_label)?;
        for col in self.years() {
            let year = (col - YEAR0_COL) as usize;
            sheet.write_number_with_format(
                YEAR_ROW,
                col,
                year as f64,
                &s.header_right.clone().set_num_format("0"),
            )?;
            sheet.write_formula_with_format(
                YEAR_ROW + 1,
                col,
                book.formula(format!("={}", self.cells.year_labels[year]), |c| {
                    c.results.years[year].label.clone()
                }),
                &s.bold_label.clone().set_align(FormatAlign::Right),
            )?;
        }
        Ok(())
    }

    /// Each cost line as if the option started at once, under a title at `title`;
    /// returns the first and last line's rows.
    fn write_lines(&self, sheet: &mut Worksheet, title: RowNum) -> Written<(RowNum, RowNum)> {
        let s = &self.book.styles;
        let index = self.index;
        sheet.write_string_with_format(
            title,
            0,
            if self.is_baseline() {
                "Cost lines"
            } else {
                "Cost lines, as if the option started at once"
            },
            &s.section,
        )?;
        let lines = self
            .option
            .cost_lines
            .iter()
            .zip(&self.cells.line_rows[index]);
        let table = lines
            .enumerate()
            .map(|(line_index, (line, &line_row))| YearRow {
                labels: vec![
                    (Value::text(line_label(line)), &s.label),
                    (Value::text(line.category.label()), &s.text),
                ],
                from_year: 0,
                formula: Box::new(move |row, col| line_formula(line_row, &line.timing, row, col)),
                cached: Box::new(move |c, t| cached(c.options[index].raw[line_index][t])),
                format: &s.money,
            })
            .collect();
        let last = self.book.write_year_rows(sheet, title + 1, table)?;
        Ok((title + 1, last))
    }

    /// The cost lines moved by the start delay, under a title at `title`; returns the
    /// first and last line's rows.
    fn write_shifted_lines(
        &self,
        sheet: &mut Worksheet,
        title: RowNum,
        lines: (RowNum, RowNum),
    ) -> Written<(RowNum, RowNum)> {
        let book = self.book;
        let s = &book.styles;
        let index = self.index;
        let last = self.last_year_col();
        sheet.write_string_with_format(title, 0, "Cost lines after the start delay", &s.section)?;
        let table = self
            .option
            .cost_lines
            .iter()
            .enumerate()
            .map(|(line_index, line)| {
                let source = lines.0 + line_index as RowNum;
                let label = book.formula(format!("={}", row_col_to_cell(source, 0)), |_| {
                    line_label(line).to_owned()
                });
                let category = book.formula(format!("={}", row_col_to_cell(source, 1)), |_| {
                    line.category.label().to_owned()
                });
                let range = format!(
                    "{}:{}",
                    row_col_to_cell_absolute(source, YEAR0_COL),
                    row_col_to_cell_absolute(source, last)
                );
                let year0 = row_col_to_cell_absolute(source, YEAR0_COL);
                // Year 0 moves to year ⌈d/12⌉; operating year k falls (12−m)/12 in
                // year q+k (rounded) and the rest in year q+k+1.
                let formula = move |_, col| {
                    let t = year_ref(col);
                    format!(
                        "=IF({t}=$B$7,{year0},0)\
                         +IF({t}-$B$5>=1,ROUND(INDEX({range},1,{t}-$B$5+1)*(12-$B$6)/12,2),0)\
                         +IF({t}-$B$5-1>=1,INDEX({range},1,{t}-$B$5)\
                         -ROUND(INDEX({range},1,{t}-$B$5)*(12-$B$6)/12,2),0)"
                    )
                };
                YearRow {
                    labels: vec![
                        (Value::Formula(label), &s.label),
                        (Value::Formula(category), &s.text),
                    ],
                    from_year: 0,
                    formula: Box::new(formula),
                    cached: Box::new(move |c, t| cached(c.options[index].shifted[line_index][t])),
                    format: &s.money,
                }
            })
            .collect();
        let last = book.write_year_rows(sheet, title + 1, table)?;
        Ok((title + 1, last))
    }

    /// The baseline's costs while the option waits, at `row`.
    fn write_carry(&self, sheet: &mut Worksheet, row: RowNum) -> Written {
        let s = &self.book.styles;
        let baseline_total = |col| {
            format!(
                "{}!{}",
                self.baseline_sheet,
                row_col_to_cell(self.baseline.total, col)
            )
        };
        let carry = YearRow::new(
            labels::BASELINE_WHILE_WAITING,
            &s.label,
            |_, col| {
                let total = baseline_total(col);
                if col == YEAR0_COL {
                    format!("=IF($B$4>0,{total},0)")
                } else {
                    let t = year_ref(col);
                    format!("=ROUND({total}*MAX(0,MIN(12,$B$4-12*({t}-1)))/12,2)")
                }
            },
            |c, t| cached(self.mine(c).carry[t]),
            &s.money,
        );
        self.book.write_year_rows(sheet, row, vec![carry])?;
        Ok(())
    }

    /// The counted lines (`counted`, the first and last row) added up by category, under
    /// a title at `title`; returns the last row.
    fn write_categories(
        &self,
        sheet: &mut Worksheet,
        title: RowNum,
        counted: (RowNum, RowNum),
    ) -> Written<RowNum> {
        let s = &self.book.styles;
        sheet.write_string_with_format(title, 0, "By category", &s.section)?;
        let mut categories: Vec<Category> =
            self.option.cost_lines.iter().map(|l| l.category).collect();
        categories.sort();
        categories.dedup();
        let table = categories
            .into_iter()
            .map(|category| {
                YearRow::new(
                    category.label(),
                    &s.label,
                    move |row, col| {
                        format!(
                            "=ROUND(SUMIF({}:{},$A{},{}:{}),2)",
                            row_col_to_cell_absolute(counted.0, 1),
                            row_col_to_cell_absolute(counted.1, 1),
                            row + 1,
                            row_col_to_cell(counted.0, col),
                            row_col_to_cell(counted.1, col)
                        )
                    },
                    move |c, t| {
                        cached(
                            self.mine(c)
                                .categories
                                .iter()
                                .find(|(k, _)| *k == category)
                                .map_or(Decimal::ZERO, |(_, a)| a[t]),
                        )
                    },
                    &s.money,
                )
            })
            .collect();
        self.book.write_year_rows(sheet, title + 1, table)
    }

    /// The total per year (the counted lines and the baseline carried while waiting),
    /// the discount factor, the present value and both cumulative figures, from `first`.
    fn write_totals(
        &self,
        sheet: &mut Worksheet,
        first: RowNum,
        counted: (RowNum, RowNum),
        carry: Option<RowNum>,
    ) -> Written<Totals> {
        let s = &self.book.styles;
        let cells = self.cells;
        let (total, factor, pv) = (first, first + 1, first + 2);
        let no_lines = self.option.cost_lines.is_empty();
        let at = row_col_to_cell;
        let table = vec![
            YearRow::new(
                labels::TOTAL,
                &s.bold_label,
                move |_, col| {
                    let mut sum = if no_lines {
                        "0".to_owned()
                    } else {
                        format!("SUM({}:{})", at(counted.0, col), at(counted.1, col))
                    };
                    if let Some(carry) = carry {
                        sum = format!("{sum}+{}", at(carry, col));
                    }
                    format!("=ROUND({sum},2)")
                },
                |c, t| cached(self.mine(c).totals[t]),
                &s.money_bold,
            ),
            YearRow::new(
                labels::DISCOUNT_FACTOR,
                &s.label,
                |_, col| {
                    let t = year_ref(col);
                    format!("=IF({t}=0,1,1/(1+{})^({t}-{}))", cells.rate, cells.offset)
                },
                |c, t| cached(c.factors[t]),
                &s.factor,
            ),
            YearRow::new(
                labels::PRESENT_VALUE,
                &s.label,
                move |_, col| format!("={}*{}", at(total, col), at(factor, col)),
                |c, t| cached(self.mine(c).pv[t]),
                &s.money,
            ),
            YearRow::new(
                labels::CUMULATIVE_NOMINAL,
                &s.label,
                move |row, col| match col {
                    YEAR0_COL => format!("={}", at(total, col)),
                    _ => format!("=ROUND({}+{},2)", at(row, col - 1), at(total, col)),
                },
                |c, t| cached(self.mine(c).cum_nominal[t]),
                &s.money,
            ),
            YearRow::new(
                labels::CUMULATIVE_PV,
                &s.label,
                move |row, col| match col {
                    YEAR0_COL => format!("={}", at(pv, col)),
                    _ => format!("={}+{}", at(row, col - 1), at(pv, col)),
                },
                |c, t| cached(self.mine(c).cum_pv[t]),
                &s.money,
            ),
        ];
        self.book.write_year_rows(sheet, first, table)?;
        Ok(Totals {
            total,
            pv,
            cumulative_nominal: first + 3,
            cumulative_pv: first + 4,
        })
    }

    /// Whether the option's cumulative cost is at or below the baseline's, each year
    /// from 1, nominal then present value, from `first`; returns both rows.
    fn write_at_or_below(
        &self,
        sheet: &mut Worksheet,
        first: RowNum,
        totals: &Totals,
    ) -> Written<(RowNum, RowNum)> {
        let s = &self.book.styles;
        let right = s.text.clone().set_align(FormatAlign::Right);
        fn nominal(c: &OptionCache) -> &[Decimal] {
            &c.cum_nominal
        }
        fn present(c: &OptionCache) -> &[Decimal] {
            &c.cum_pv
        }
        let table = [
            (
                labels::AT_OR_BELOW_NOMINAL,
                totals.cumulative_nominal,
                self.baseline.cumulative_nominal,
                nominal as fn(&OptionCache) -> &[Decimal],
            ),
            (
                labels::AT_OR_BELOW_PV,
                totals.cumulative_pv,
                self.baseline.cumulative_pv,
                present,
            ),
        ]
        .map(|(label, cumulative, baseline_cumulative, pick)| YearRow {
            from_year: 1,
            ..YearRow::new(
                label,
                &s.label,
                move |_, col| {
                    format!(
                        "=IF({}<={}!{},\"yes\",\"no\")",
                        row_col_to_cell(cumulative, col),
                        self.baseline_sheet,
                        row_col_to_cell(baseline_cumulative, col)
                    )
                },
                move |c, t| {
                    let (mine, theirs) = (pick(self.mine(c)), pick(&c.options[0]));
                    if mine[t] <= theirs[t] { "yes" } else { "no" }.to_owned()
                },
                &right,
            )
        });
        self.book.write_year_rows(sheet, first, table.into())?;
        Ok((first, first + 1))
    }
}

/// A cost line's row label: its description, or its category when it has none.
fn line_label(line: &CostLine) -> &str {
    if line.description.trim().is_empty() {
        line.category.label()
    } else {
        line.description.trim()
    }
}

/// The formula of one cost line in year `year` (column `col`), before any delay.
fn line_formula(line_row: RowNum, timing: &LineTiming, row: RowNum, col: ColNum) -> String {
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

/// The year-number cell of a column on an option sheet, row absolute (`C$8`).
fn year_ref(col: ColNum) -> String {
    let cell = row_col_to_cell(YEAR_ROW, col);
    let split = cell
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(cell.len());
    format!("{}${}", &cell[..split], &cell[split..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_references_fix_the_row_of_the_year_numbers() {
        assert_eq!(year_ref(YEAR0_COL), "C$8");
        assert_eq!(year_ref(YEAR0_COL + 25), "AB$8");
    }
}
