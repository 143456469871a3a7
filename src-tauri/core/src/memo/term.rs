//! The contract's term, as the memo states it: whether the contract is in force when
//! the purchase would be made and to the end of the term compared, and whether its facts
//! were verified within a year (`library::term`). The due-diligence section says each
//! in a sentence; the editor shows the same sentences as a warning and asks before
//! printing.
//!
//! Data only: the dates come from the comparison and the memo's date, never the clock.

use chrono::NaiveDate;

use super::document::Block;
use crate::library::contract::Contract;
use crate::library::term::{term_warnings, TermDates, TermWarning};
use crate::tco::Comparison;

/// The warnings for the memo recommending `comparison`'s option at `chosen` (0 is the
/// baseline) under `contract`, on the day `on`.
pub fn warnings(
    contract: &Contract,
    comparison: &Comparison,
    chosen: usize,
    on: NaiveDate,
) -> Vec<TermWarning> {
    let delay = chosen
        .checked_sub(1)
        .and_then(|index| comparison.options.get(index))
        .map_or(0, |option| option.start_delay_months);
    let dates = TermDates::of_comparison(
        comparison.start.fiscal_year,
        comparison.start.first_month,
        comparison.horizon_years,
        delay,
        on,
    );
    term_warnings(contract, dates, on)
}

/// The warnings as paragraphs of the due-diligence section, each followed by what staff
/// will do.
pub(super) fn paragraphs(
    contract: &Contract,
    comparison: &Comparison,
    chosen: usize,
    on: NaiveDate,
) -> Vec<Block> {
    warnings(contract, comparison, chosen, on)
        .into_iter()
        .map(|warning| Block::Paragraph {
            text: format!(
                "{} Staff will confirm the contract's term and facts with the cooperative \
                 before the purchase order is issued.",
                warning.message
            ),
        })
        .collect()
}
