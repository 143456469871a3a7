//! How the answer moves when the discount rate or escalation does.
//!
//! - **Discount-rate cases** re-discount the same cost streams at other rates.
//! - **Escalation cases** add a number of percentage points to the escalation of every
//!   recurring and per-unit line (also those entered at 0 %, since a flat price is an
//!   assumption too), then recalculate at the comparison's rate. One-time amounts and
//!   yearly schedules are quotes and do not move.
//! - **The rate swap** is the discount rate at which the two best options change places,
//!   searched between −5 % and 20 %: the difference of their unrounded present values is
//!   sampled every 0.25 percentage point, and each sign change is narrowed by bisection.
//!   When there are several, the one nearest the comparison's rate is reported, rounded
//!   half-up to 0.0001 % (six decimals of the fraction).
//!
//! A case that cannot be calculated (a rate step that would fall to −100 % or below, an
//! escalation step that overflows) is left out rather than failing the whole comparison.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::engine::{self, discount_divisors, present_value_sum, OptionStream};
use super::model::{check_rate, Comparison};
use super::money::{self, round_cents};
use crate::Result;

/// Which cases to calculate. Steps are fractions added to the comparison's own rate
/// (`0.01` = one percentage point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SensitivityPlan {
    pub discount_rate_steps: Vec<Decimal>,
    pub escalation_steps: Vec<Decimal>,
    /// Where to look for the rate at which the two best options swap, inclusive.
    pub swap_search_from: Decimal,
    pub swap_search_to: Decimal,
}

impl Default for SensitivityPlan {
    /// ±1 and ±2 points of discount rate; −1, +1 and +2 points of escalation; the swap
    /// searched from −5 % to 20 %. The 0 step is included so tables show the base case.
    fn default() -> Self {
        let pts = |n: i64| Decimal::new(n, 2);
        SensitivityPlan {
            discount_rate_steps: vec![pts(-2), pts(-1), pts(0), pts(1), pts(2)],
            escalation_steps: vec![pts(-1), pts(0), pts(1), pts(2)],
            swap_search_from: pts(-5),
            swap_search_to: pts(20),
        }
    }
}

/// The sensitivity part of the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sensitivity {
    pub discount_rate_cases: Vec<Scenario>,
    pub escalation_cases: Vec<Scenario>,
    /// Where the two best options change places, if they do within the search range.
    pub rate_swap: Option<RateSwap>,
}

/// One "what if": the rate and escalation used, and every option's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    pub discount_rate: Decimal,
    /// Percentage points (as a fraction) added to every escalating line.
    pub escalation_delta: Decimal,
    /// Per option, in the results' order (baseline first), rounded to cents.
    pub present_values: Vec<Decimal>,
    /// Baseline's present value minus each option's.
    pub pv_savings: Vec<Decimal>,
    /// Indices of options, lowest present value first.
    pub ranking: Vec<usize>,
}

/// The discount rate at which the two best options have equal present values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateSwap {
    /// A fraction, rounded to six decimals.
    pub rate: Decimal,
    /// The option that is cheaper at rates just below `rate` (an index into the results).
    pub cheaper_below: usize,
    /// The option that is cheaper at rates just above it.
    pub cheaper_above: usize,
}

pub(crate) fn analyse(
    comparison: &Comparison,
    base_streams: &[OptionStream],
    base_ranking: &[usize],
    plan: &SensitivityPlan,
) -> Result<Sensitivity> {
    let base_rate = comparison.discount.rate;
    let mut discount_rate_cases = Vec::new();
    for step in &plan.discount_rate_steps {
        let Some(rate) = base_rate.checked_add(*step) else {
            continue;
        };
        if let Ok(case) = scenario(comparison, base_streams, rate, Decimal::ZERO) {
            discount_rate_cases.push(case);
        }
    }
    let mut escalation_cases = Vec::new();
    for step in &plan.escalation_steps {
        let case = engine::option_streams(comparison, *step)
            .and_then(|streams| scenario(comparison, &streams, base_rate, *step));
        if let Ok(case) = case {
            escalation_cases.push(case);
        }
    }
    let rate_swap = match base_ranking {
        [first, second, ..] => find_rate_swap(
            comparison,
            &base_streams[*first].totals,
            &base_streams[*second].totals,
            (*first, *second),
            (plan.swap_search_from, plan.swap_search_to),
        )?,
        _ => None,
    };
    Ok(Sensitivity {
        discount_rate_cases,
        escalation_cases,
        rate_swap,
    })
}

fn scenario(
    comparison: &Comparison,
    streams: &[OptionStream],
    rate: Decimal,
    escalation_delta: Decimal,
) -> Result<Scenario> {
    let divisors = discount_divisors(rate, comparison.timing, comparison.horizon_years)?;
    outcome(streams, &divisors, rate, escalation_delta)
}

fn outcome(
    streams: &[OptionStream],
    divisors: &[Decimal],
    rate: Decimal,
    escalation_delta: Decimal,
) -> Result<Scenario> {
    let present_values = streams
        .iter()
        .map(|s| present_value_sum(&s.totals, divisors).map(round_cents))
        .collect::<Result<Vec<_>>>()?;
    let pv_savings = present_values
        .iter()
        .map(|pv| money::sub(present_values[0], *pv, "Savings"))
        .collect::<Result<Vec<_>>>()?;
    let (ranking, _) = engine::rank(&present_values);
    Ok(Scenario {
        discount_rate: rate,
        escalation_delta,
        present_values,
        pv_savings,
        ranking,
    })
}

/// Every combination of `rates` and `escalation_deltas` (absolute rates, not steps):
/// the grid behind a sensitivity chart, and the benchmark's workload. Streams are built
/// once per escalation and discount divisors once per rate.
pub fn sweep(
    comparison: &Comparison,
    rates: &[Decimal],
    escalation_deltas: &[Decimal],
) -> Result<Vec<Scenario>> {
    comparison.validate()?;
    let divisors = rates
        .iter()
        .map(|rate| discount_divisors(*rate, comparison.timing, comparison.horizon_years))
        .collect::<Result<Vec<_>>>()?;
    let mut scenarios = Vec::with_capacity(rates.len() * escalation_deltas.len());
    for delta in escalation_deltas {
        let streams = engine::option_streams(comparison, *delta)?;
        for (rate, divisors) in rates.iter().zip(&divisors) {
            scenarios.push(outcome(&streams, divisors, *rate, *delta)?);
        }
    }
    Ok(scenarios)
}

/// Finds where `PV(first) − PV(second)` changes sign within `range` (see module docs).
fn find_rate_swap(
    comparison: &Comparison,
    first: &[Decimal],
    second: &[Decimal],
    (first_index, second_index): (usize, usize),
    (from, to): (Decimal, Decimal),
) -> Result<Option<RateSwap>> {
    check_rate("Rate swap search", from)?;
    check_rate("Rate swap search", to)?;
    let difference = |rate: Decimal| -> Result<Decimal> {
        let divisors = discount_divisors(rate, comparison.timing, comparison.horizon_years)?;
        money::sub(
            present_value_sum(first, &divisors)?,
            present_value_sum(second, &divisors)?,
            "Rate swap",
        )
    };
    let step = Decimal::new(25, 4);
    let mut samples = Vec::new();
    let mut rate = from;
    while rate <= to {
        samples.push((rate, difference(rate)?));
        rate += step;
    }
    if samples.iter().all(|(_, d)| d.is_zero()) {
        // The two options cost the same at every rate: nothing swaps.
        return Ok(None);
    }
    let mut best: Option<(Decimal, bool)> = None; // (rate, first is cheaper below)
    let mut consider = |rate: Decimal, first_cheaper_below: bool| {
        let nearer = best.is_none_or(|(current, _)| {
            (rate - comparison.discount.rate).abs() < (current - comparison.discount.rate).abs()
        });
        if nearer {
            best = Some((rate, first_cheaper_below));
        }
    };
    for pair in samples.windows(2) {
        let ((mut low, d_low), (mut high, d_high)) = (pair[0], pair[1]);
        if d_low.is_zero()
            || d_low.is_sign_negative() == d_high.is_sign_negative()
            || d_high.is_zero()
        {
            // An exact tie on a sample point counts when the sign differs on each side.
            if d_high.is_zero() && !d_low.is_zero() {
                if let Some(&(_, d_after)) = samples.iter().find(|(r, _)| *r > high) {
                    if !d_after.is_zero() && d_after.is_sign_negative() != d_low.is_sign_negative()
                    {
                        consider(high, d_low.is_sign_negative());
                    }
                }
            }
            continue;
        }
        let first_cheaper_below = d_low.is_sign_negative();
        for _ in 0..48 {
            let middle = (low + high) / Decimal::TWO;
            let d_middle = difference(middle)?;
            if d_middle.is_zero() {
                low = middle;
                high = middle;
                break;
            }
            if d_middle.is_sign_negative() == first_cheaper_below {
                low = middle;
            } else {
                high = middle;
            }
        }
        consider((low + high) / Decimal::TWO, first_cheaper_below);
    }
    Ok(best.map(|(rate, first_cheaper_below)| RateSwap {
        rate: rate.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero),
        cheaper_below: if first_cheaper_below {
            first_index
        } else {
            second_index
        },
        cheaper_above: if first_cheaper_below {
            second_index
        } else {
            first_index
        },
    }))
}
