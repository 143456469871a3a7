//! The calculation: from the options' cost streams ([`super::streams`]) and their
//! present values ([`super::discount`]) to totals, savings, break-even years, the ranking
//! and the sensitivity cases.
//!
//! The conventions are stated in the [module docs](super); this file follows them step
//! by step so a reader can check one against the other.

use rust_decimal::Decimal;

use super::discount::{check_precision, discount_divisors, present_values, rank};
use super::model::Comparison;
use super::money::{self, round_cents};
use super::results::{
    BreakEven, CategoryAmount, ComparisonResults, OptionResult, YearCost, YearLabel,
};
use super::sensitivity::{self, SensitivityPlan};
use super::streams::option_streams;
use crate::Result;

/// Calculates a comparison with the default sensitivity plan.
pub fn compare(comparison: &Comparison) -> Result<ComparisonResults> {
    compare_with(comparison, &SensitivityPlan::default())
}

/// Calculates a comparison, with the sensitivity cases of `plan`.
pub fn compare_with(comparison: &Comparison, plan: &SensitivityPlan) -> Result<ComparisonResults> {
    comparison.validate()?;
    let horizon = comparison.horizon_years;
    let streams = option_streams(comparison, Decimal::ZERO)?;
    let divisors = discount_divisors(comparison.discount.rate, comparison.timing, horizon)?;
    for stream in &streams {
        check_precision(comparison.discount.rate, &stream.totals, &divisors)?;
    }

    let baseline = &streams[0];
    let baseline_pv = present_values(&baseline.totals, &divisors)?;
    let baseline_cum_nominal = cumulative(&baseline.totals)?;
    let baseline_cum_pv = cumulative(&baseline_pv)?;
    let baseline_nominal = *baseline_cum_nominal.last().expect("year 0 always exists");
    let baseline_pv_total = round_cents(*baseline_cum_pv.last().expect("year 0 always exists"));

    let mut options = Vec::with_capacity(streams.len());
    for (index, (option, stream)) in comparison.all_options().zip(&streams).enumerate() {
        let is_baseline = index == 0;
        let pv = present_values(&stream.totals, &divisors)?;
        let cum_nominal = cumulative(&stream.totals)?;
        let cum_pv = cumulative(&pv)?;
        let nominal_total = round_cents(*cum_nominal.last().expect("year 0 always exists"));
        let present_value = round_cents(*cum_pv.last().expect("year 0 always exists"));
        let years = (0..=horizon as usize)
            .map(|t| YearCost {
                year: t as u32,
                by_category: stream
                    .by_category
                    .iter()
                    .filter(|(_, amounts)| !amounts[t].is_zero())
                    .map(|(category, amounts)| CategoryAmount {
                        category: *category,
                        amount: round_cents(amounts[t]),
                    })
                    .collect(),
                // Already whole cents; round_cents gives them all the "0.00" form.
                baseline_while_waiting: round_cents(stream.carryover[t]),
                total: round_cents(stream.totals[t]),
                present_value: round_cents(pv[t]),
                cumulative_nominal: round_cents(cum_nominal[t]),
                cumulative_present_value: round_cents(cum_pv[t]),
            })
            .collect();
        let cost_per_year = round_cents(money::div(
            nominal_total,
            Decimal::from(horizon),
            "Cost per year",
        )?);
        let cost_per_unit_per_year = match &option.units {
            Some(units) => Some(round_cents(money::div(
                money::div(nominal_total, Decimal::from(horizon), "Cost per unit")?,
                units.quantity,
                "Cost per unit",
            )?)),
            None => None,
        };
        options.push(OptionResult {
            name: option.name.trim().to_owned(),
            kind: option.kind.clone(),
            is_baseline,
            start_delay_months: option.start_delay_months,
            years,
            nominal_total,
            present_value,
            nominal_savings: round_cents(money::sub(baseline_nominal, nominal_total, "Savings")?),
            pv_savings: round_cents(money::sub(baseline_pv_total, present_value, "Savings")?),
            cost_per_year,
            cost_per_unit_per_year,
            unit_label: option.units.as_ref().map(|u| u.label.trim().to_owned()),
            break_even_nominal: (!is_baseline)
                .then(|| break_even(&cum_nominal, &baseline_cum_nominal)),
            break_even_pv: (!is_baseline).then(|| break_even(&cum_pv, &baseline_cum_pv)),
            rank: 0,
        });
    }

    let present_values: Vec<Decimal> = options.iter().map(|o| o.present_value).collect();
    let (ranking, ranks) = rank(&present_values);
    for (option, rank) in options.iter_mut().zip(ranks) {
        option.rank = rank;
    }
    let sensitivity = sensitivity::analyse(comparison, &streams, &ranking, plan)?;

    Ok(ComparisonResults {
        title: comparison.title.trim().to_owned(),
        horizon_years: horizon,
        discount_rate: comparison.discount.rate,
        discount_source: comparison.discount.source.trim().to_owned(),
        timing: comparison.timing,
        years: year_labels(comparison),
        options,
        ranking,
        sensitivity,
    })
}

fn year_labels(comparison: &Comparison) -> Vec<YearLabel> {
    (0..=comparison.horizon_years)
        .map(|year| YearLabel {
            year,
            label: if year == 0 {
                "Up front".to_owned()
            } else {
                format!("FY{}", comparison.start.fiscal_year + year as i32 - 1)
            },
        })
        .collect()
}

fn cumulative(amounts: &[Decimal]) -> Result<Vec<Decimal>> {
    let mut sum = Decimal::ZERO;
    amounts
        .iter()
        .map(|amount| {
            sum = money::add(sum, *amount, "Cumulative cost")?;
            Ok(sum)
        })
        .collect()
}

/// The first year-end t ≥ 1 where the option's cumulative cost is at or below the
/// baseline's. Year 0 is skipped: nothing has been operated yet, and every option that
/// buys something would "lose" there.
fn break_even(option: &[Decimal], baseline: &[Decimal]) -> BreakEven {
    option
        .iter()
        .zip(baseline)
        .enumerate()
        .skip(1)
        .find(|(_, (option, baseline))| option <= baseline)
        .map_or(BreakEven::NotWithinHorizon, |(year, _)| BreakEven::Year {
            year: year as u32,
        })
}
