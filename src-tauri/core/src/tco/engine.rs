//! The calculation: cost streams, delays, discounting, savings, break-even and ranking.
//!
//! The conventions are stated in the [module docs](super); this file follows them step
//! by step so a reader can check one against the other.

use rust_decimal::prelude::MathematicalOps;
use rust_decimal::Decimal;

use super::model::{check_rate, Category, Comparison, CostLine, CostOption, LineTiming, Timing};
use super::money::{self, round_cents};
use super::results::{
    BreakEven, CategoryAmount, ComparisonResults, OptionResult, YearCost, YearLabel,
};
use super::sensitivity::{self, SensitivityPlan};
use crate::{Error, Result};

const TWELVE: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

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

/// One option's money, year 0 to the horizon, after its start delay.
#[derive(Debug, Clone)]
pub(crate) struct OptionStream {
    /// Each category's yearly amounts (only categories the option uses).
    pub by_category: Vec<(Category, Vec<Decimal>)>,
    /// The baseline's costs carried while the option waits to start.
    pub carryover: Vec<Decimal>,
    /// Everything, per year.
    pub totals: Vec<Decimal>,
}

/// The streams of the baseline (first) and every option, with `escalation_delta` added
/// to the escalation of every recurring and per-unit line (sensitivity).
pub(crate) fn option_streams(
    comparison: &Comparison,
    escalation_delta: Decimal,
) -> Result<Vec<OptionStream>> {
    let horizon = comparison.horizon_years;
    let baseline = stream(&comparison.baseline, horizon, escalation_delta, None)?;
    let mut streams = Vec::with_capacity(comparison.options.len() + 1);
    for option in &comparison.options {
        streams.push(stream(
            option,
            horizon,
            escalation_delta,
            Some(&baseline.totals),
        )?);
    }
    streams.insert(0, baseline);
    Ok(streams)
}

fn stream(
    option: &CostOption,
    horizon: u32,
    escalation_delta: Decimal,
    baseline_totals: Option<&[Decimal]>,
) -> Result<OptionStream> {
    let len = horizon as usize + 1;
    let field = format!("Option \"{}\"", option.name.trim());
    let mut by_category: Vec<(Category, Vec<Decimal>)> = Vec::new();
    for line in &option.cost_lines {
        let amounts = line_amounts(line, horizon, escalation_delta, &field)?;
        let amounts = delay(&amounts, option.start_delay_months, &field)?;
        let slot = match by_category.iter().position(|(c, _)| *c == line.category) {
            Some(slot) => slot,
            None => {
                by_category.push((line.category, vec![Decimal::ZERO; len]));
                by_category.len() - 1
            }
        };
        for (sum, amount) in by_category[slot].1.iter_mut().zip(amounts) {
            *sum = money::add(*sum, amount, &field)?;
        }
    }
    by_category.sort_by_key(|(category, _)| *category);
    let carryover = match baseline_totals {
        Some(baseline) if option.start_delay_months > 0 => {
            baseline_while_waiting(baseline, option.start_delay_months, &field)?
        }
        _ => vec![Decimal::ZERO; len],
    };
    let mut totals = carryover.clone();
    for (_, amounts) in &by_category {
        for (total, amount) in totals.iter_mut().zip(amounts) {
            *total = money::add(*total, *amount, &field)?;
        }
    }
    Ok(OptionStream {
        by_category,
        carryover,
        totals,
    })
}

/// A line's amounts from year 0 to the horizon, as if its option started at once.
pub(crate) fn line_amounts(
    line: &CostLine,
    horizon: u32,
    escalation_delta: Decimal,
    field: &str,
) -> Result<Vec<Decimal>> {
    let mut amounts = vec![Decimal::ZERO; horizon as usize + 1];
    match &line.timing {
        LineTiming::OneTime { year, amount } => amounts[*year as usize] = *amount,
        LineTiming::Recurring {
            from_year,
            to_year,
            amount,
            escalation,
        } => escalate(
            &mut amounts,
            *from_year,
            *to_year,
            *amount,
            money::add(*escalation, escalation_delta, field)?,
            field,
        )?,
        LineTiming::PerUnit {
            from_year,
            to_year,
            unit_price,
            quantity,
            escalation,
            ..
        } => escalate(
            &mut amounts,
            *from_year,
            *to_year,
            round_cents(money::mul(*unit_price, *quantity, field)?),
            money::add(*escalation, escalation_delta, field)?,
            field,
        )?,
        LineTiming::Schedule { amounts: schedule } => {
            for (year, amount) in schedule {
                amounts[*year as usize] = *amount;
            }
        }
    }
    Ok(amounts)
}

/// Fills `from..=to` with `first`, each later year the previous *rounded* year ×
/// (1 + escalation), rounded half-up to cents: chained, as vendors quote.
fn escalate(
    amounts: &mut [Decimal],
    from: u32,
    to: u32,
    first: Decimal,
    escalation: Decimal,
    field: &str,
) -> Result<()> {
    check_rate(&format!("{field}, escalation"), escalation)?;
    let factor = Decimal::ONE + escalation;
    let mut amount = first;
    for year in from..=to {
        amounts[year as usize] = amount;
        if year < to {
            amount = round_cents(money::mul(amount, factor, field)?);
        }
    }
    Ok(())
}

/// Shifts a line's amounts `months` later (see "Start delays" in the module docs).
///
/// Year 0 (paid when the option starts) moves to year ⌈months/12⌉. Operating year k,
/// spread evenly over its twelve months, now covers months `12(k−1)+months` onward: with
/// `months = 12q + m`, the share (12−m)/12 falls in year q+k — rounded half-up to cents —
/// and the remainder in year q+k+1, so no cent is created or lost by the split. Whatever
/// falls after the horizon is outside the comparison, as for every option.
pub(crate) fn delay(amounts: &[Decimal], months: u32, field: &str) -> Result<Vec<Decimal>> {
    if months == 0 {
        return Ok(amounts.to_vec());
    }
    let horizon = amounts.len() - 1;
    let whole_years = (months / 12) as usize;
    let spill = Decimal::from(months % 12);
    let mut shifted = vec![Decimal::ZERO; amounts.len()];
    let mut put = |year: usize, amount: Decimal| -> Result<()> {
        if year <= horizon {
            shifted[year] = money::add(shifted[year], amount, field)?;
        }
        Ok(())
    };
    put(months.div_ceil(12) as usize, amounts[0])?;
    for (k, &amount) in amounts.iter().enumerate().skip(1) {
        if amount.is_zero() {
            continue;
        }
        let first_part = round_cents(money::div(
            money::mul(amount, TWELVE - spill, field)?,
            TWELVE,
            field,
        )?);
        put(whole_years + k, first_part)?;
        put(whole_years + k + 1, amount - first_part)?;
    }
    Ok(shifted)
}

/// The baseline's costs for the months `[0, months)` before an option starts: its year 0
/// in full (paid at month 0), and for year t ≥ 1 the share of months of that year still
/// before the start, `baseline(t) × n/12` rounded half-up to cents.
pub(crate) fn baseline_while_waiting(
    baseline: &[Decimal],
    months: u32,
    field: &str,
) -> Result<Vec<Decimal>> {
    let mut carried = vec![Decimal::ZERO; baseline.len()];
    carried[0] = baseline[0];
    for (t, amount) in baseline.iter().enumerate().skip(1) {
        let waiting = (months as i64 - 12 * (t as i64 - 1)).clamp(0, 12);
        if waiting == 0 {
            break;
        }
        carried[t] = round_cents(money::div(
            money::mul(*amount, Decimal::from(waiting), field)?,
            TWELVE,
            field,
        )?);
    }
    Ok(carried)
}

/// What each year's amount is divided by: 1 for year 0, then (1+r)^t, (1+r)^(t−1) or
/// (1+r)^(t−0.5) by timing. The half power is (1+r)^(t−1) × √(1+r), which is exact to
/// Decimal's 28 digits where a general fractional power would go through logarithms.
pub fn discount_divisors(rate: Decimal, timing: Timing, horizon: u32) -> Result<Vec<Decimal>> {
    check_rate("Discount rate", rate)?;
    let unusable = || {
        Error::invalid(
            "Discount rate",
            format!(
                "at {}% the discount factors over {horizon} years are too extreme to calculate \
                 exactly; check the rate.",
                (rate * Decimal::ONE_HUNDRED).normalize()
            ),
        )
    };
    let growth = Decimal::ONE + rate;
    let half_year = match timing {
        Timing::MidYear => Some(growth.sqrt().ok_or_else(unusable)?),
        _ => None,
    };
    let mut divisors = Vec::with_capacity(horizon as usize + 1);
    divisors.push(Decimal::ONE);
    for t in 1..=i64::from(horizon) {
        let exponent = match timing {
            Timing::EndOfYear => t,
            Timing::StartOfYear | Timing::MidYear => t - 1,
        };
        let mut divisor = growth.checked_powi(exponent).ok_or_else(unusable)?;
        if let Some(half) = half_year {
            divisor = divisor.checked_mul(half).ok_or_else(unusable)?;
        }
        if divisor.is_zero() {
            return Err(unusable());
        }
        divisors.push(divisor);
    }
    Ok(divisors)
}

/// The most a present value may be off, in dollars, before it is refused: a hundredth of
/// a cent, so the cents printed are the exact calculation's.
const PRECISION_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 4);

/// Refuses to discount `totals` when the divisors are too small to give their present
/// values to the cent.
///
/// A `Decimal` keeps at most 28 decimal places. A divisor above 1 (a positive rate) keeps
/// 28 significant digits, which is exact to the cent for any amount CoopDesk accepts. A
/// divisor below 1 (a negative rate) is rounded to 28 *decimal places*: after `t` yearly
/// powers its error is under `2(t+2) × 10⁻²⁸`, and dividing an amount `a` by it
/// multiplies that error by `a / divisor²`. At −50 % over 30 years the divisor is
/// 0.5³⁰ ≈ 9.3 × 10⁻¹⁰ and a million dollars a year is already off by dollars. So the
/// bound `Σ |a_t| × 2(t+2) × 10⁻²⁸ / d_t²` is added up, and when it reaches a hundredth
/// of a cent the rate is refused with a sentence instead of printing a wrong figure.
pub(crate) fn check_precision(
    rate: Decimal,
    totals: &[Decimal],
    divisors: &[Decimal],
) -> Result<()> {
    let refused = || {
        Error::invalid(
            "Discount rate",
            format!(
                "at {}% a year over {} years the present values cannot be calculated to the \
                 cent (the discount divisor falls to {}); a rate this far below zero is \
                 almost certainly a typing error. Check the rate (rates are fractions: \
                 -0.5 is -50%).",
                rate.checked_mul(Decimal::ONE_HUNDRED)
                    .map_or_else(|| rate.to_string(), |p| p.normalize().to_string()),
                divisors.len().saturating_sub(1),
                divisors
                    .iter()
                    .min()
                    .map_or_else(String::new, |d| format!("{:e}", d.normalize())),
            ),
        )
    };
    let mut bound = Decimal::ZERO;
    for (t, (amount, divisor)) in totals.iter().zip(divisors).enumerate() {
        if *divisor >= Decimal::ONE || amount.is_zero() {
            continue;
        }
        let error = Decimal::new(2 * (t as i64 + 2), 28);
        let term = amount
            .abs()
            .checked_div(*divisor)
            .and_then(|x| x.checked_div(*divisor))
            .and_then(|x| x.checked_mul(error))
            .and_then(|x| bound.checked_add(x));
        match term {
            Some(sum) if sum < PRECISION_TOLERANCE => bound = sum,
            _ => return Err(refused()),
        }
    }
    Ok(())
}

/// Each year's present value, unrounded.
pub(crate) fn present_values(totals: &[Decimal], divisors: &[Decimal]) -> Result<Vec<Decimal>> {
    totals
        .iter()
        .zip(divisors)
        .map(|(amount, divisor)| money::div(*amount, *divisor, "Present value"))
        .collect()
}

/// The unrounded present value of a stream (the sum of [`present_values`]).
pub(crate) fn present_value_sum(totals: &[Decimal], divisors: &[Decimal]) -> Result<Decimal> {
    totals
        .iter()
        .zip(divisors)
        .try_fold(Decimal::ZERO, |sum, (amount, divisor)| {
            money::add(
                sum,
                money::div(*amount, *divisor, "Present value")?,
                "Present value",
            )
        })
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

/// Orders options by present value (a stable sort, so ties keep the entered order) and
/// gives competition ranks: equal values share a rank and the next rank is skipped.
pub(crate) fn rank(present_values: &[Decimal]) -> (Vec<usize>, Vec<u32>) {
    let mut order: Vec<usize> = (0..present_values.len()).collect();
    order.sort_by_key(|&i| present_values[i]);
    let mut ranks = vec![0u32; present_values.len()];
    for (position, &index) in order.iter().enumerate() {
        ranks[index] =
            if position > 0 && present_values[order[position - 1]] == present_values[index] {
                ranks[order[position - 1]]
            } else {
                position as u32 + 1
            };
    }
    (order, ranks)
}
