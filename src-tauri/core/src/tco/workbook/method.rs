//! The Method sheet: the conventions of the memo's appendix, in words, so the workbook
//! explains itself to whoever opens it without the memo.

use rust_xlsxwriter::{RowNum, Worksheet};

use super::{Book, Written};

/// The rules, one paragraph a row.
const PARAGRAPHS: [&str; 10] = [
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

impl Book<'_> {
    /// The Method sheet: a title and the paragraphs, each row as tall as its text.
    pub(super) fn write_method(&self, sheet: &mut Worksheet) -> Written {
        let s = &self.styles;
        Self::page_setup(sheet, &self.comparison.title);
        sheet.set_landscape();
        sheet.write_string_with_format(
            0,
            0,
            "How the total cost of ownership is calculated",
            &s.title,
        )?;
        for (index, text) in PARAGRAPHS.iter().enumerate() {
            let row = 2 + index as RowNum;
            sheet.write_string_with_format(row, 0, *text, &s.wrap)?;
            let lines = (text.chars().count() / 110 + 1) as f64;
            sheet.set_row_height(row, 13.0 * lines + 4.0)?;
        }
        sheet.set_column_width(0, 120)?;
        Ok(())
    }
}
