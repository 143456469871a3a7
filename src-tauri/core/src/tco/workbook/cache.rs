//! The engine's figure for every formula cell of the workbook, so that a viewer that does
//! not recalculate shows the right numbers.
//!
//! The figures come from the engine's own steps ([`streams`], [`discount`]), not from
//! re-evaluating the formulas: a formula that drifted from the engine would show the
//! engine's figure until recalculated, and the LibreOffice test (which writes the
//! workbook without a cache) catches it.

use rust_decimal::Decimal;

use super::cell_number;
use crate::tco::model::{Category, Comparison};
use crate::tco::results::ComparisonResults;
use crate::tco::{discount, streams};
use crate::Result;

/// The engine's figures for every formula cell, as cached values.
pub(super) struct Cache {
    /// Per year, the discount factor.
    pub(super) factors: Vec<Decimal>,
    /// Per option, the baseline first.
    pub(super) options: Vec<OptionCache>,
    pub(super) results: ComparisonResults,
}

/// One option sheet's figures, per year (per line and year for the cost lines).
pub(super) struct OptionCache {
    pub(super) raw: Vec<Vec<Decimal>>,
    pub(super) shifted: Vec<Vec<Decimal>>,
    pub(super) carry: Vec<Decimal>,
    pub(super) categories: Vec<(Category, Vec<Decimal>)>,
    pub(super) totals: Vec<Decimal>,
    pub(super) pv: Vec<Decimal>,
    pub(super) cum_nominal: Vec<Decimal>,
    pub(super) cum_pv: Vec<Decimal>,
}

impl Cache {
    pub(super) fn new(comparison: &Comparison, results: &ComparisonResults) -> Result<Cache> {
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

/// The running sums of `values`, unrounded.
fn running(values: &[Decimal]) -> Vec<Decimal> {
    let mut sum = Decimal::ZERO;
    values
        .iter()
        .map(|v| {
            sum = sum.checked_add(*v).unwrap_or(sum);
            sum
        })
        .collect()
}

/// A cached value as the file holds it (15 significant digits at most).
pub(super) fn cached(value: Decimal) -> String {
    let value = value.round_dp(12).normalize();
    cell_number(value).map_or_else(|_| value.to_string(), |n| format!("{n}"))
}
