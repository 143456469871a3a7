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
use ts_rs::TS;

use super::discount::{self, discount_divisors, present_value_sum};
use super::model::{check_rate, Comparison};
use super::money::{self, round_cents};
use super::streams::{self, OptionStream};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Sensitivity {
    pub discount_rate_cases: Vec<Scenario>,
    pub escalation_cases: Vec<Scenario>,
    /// Where the two best options change places, if they do within the search range.
    pub rate_swap: Option<RateSwap>,
}

/// One "what if": the rate and escalation used, and every option's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    #[ts(type = "string")]
    pub discount_rate: Decimal,
    /// Percentage points (as a fraction) added to every escalating line.
    #[ts(type = "string")]
    pub escalation_delta: Decimal,
    /// Per option, in the results' order (baseline first), rounded to cents.
    #[ts(type = "Array<string>")]
    pub present_values: Vec<Decimal>,
    /// Baseline's present value minus each option's.
    #[ts(type = "Array<string>")]
    pub pv_savings: Vec<Decimal>,
    /// Indices of options, lowest present value first.
    pub ranking: Vec<usize>,
}

/// The discount rate at which the two best options have equal present values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RateSwap {
    /// A fraction, rounded to six decimals.
    #[ts(type = "string")]
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
        let case = streams::option_streams(comparison, *step)
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
    let discounting = Discounting::new(rate, comparison)?;
    for stream in streams {
        discount::check_precision(rate, &stream.totals, &discounting.divisors)?;
    }
    let cents: Vec<_> = streams.iter().map(StreamInCents::new).collect();
    outcome(streams, &cents, &discounting, rate, escalation_delta)
}

fn outcome(
    streams: &[OptionStream],
    cents: &[StreamInCents],
    discounting: &Discounting,
    rate: Decimal,
    escalation_delta: Decimal,
) -> Result<Scenario> {
    let present_values = streams
        .iter()
        .zip(cents)
        .map(|(stream, cents)| discounting.rounded_present_value(stream, cents))
        .collect::<Result<Vec<_>>>()?;
    let pv_savings = present_values
        .iter()
        .map(|pv| money::sub(present_values[0], *pv, "Savings"))
        .collect::<Result<Vec<_>>>()?;
    let (ranking, _) = discount::rank(&present_values);
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
    let discounting = rates
        .iter()
        .map(|rate| Discounting::new(*rate, comparison))
        .collect::<Result<Vec<_>>>()?;
    let mut scenarios = Vec::with_capacity(rates.len() * escalation_deltas.len());
    for delta in escalation_deltas {
        let streams = streams::option_streams(comparison, *delta)?;
        let cents: Vec<_> = streams.iter().map(StreamInCents::new).collect();
        for (rate, discounting) in rates.iter().zip(&discounting) {
            scenarios.push(outcome(&streams, &cents, discounting, *rate, *delta)?);
        }
    }
    Ok(scenarios)
}

/// The exact-integer fast path for the many present values of a sweep.
///
/// A sweep computes hundreds of thousands of present values; Decimal division at 28
/// digits dominates. Yearly totals are whole cents, so for each rate the reciprocals
/// 1/divisor are fixed to integers in units of 10⁻²⁴ (`R_t`), and a present value in
/// those units is the integer sum `S = Σ cents_t × R_t` (i128, no rounding inside).
///
/// Each `R_t` is within half a unit of 10²⁴/divisor, plus the error of its 28-digit
/// Decimal source (under one unit per 10²⁵ of `R_t`); so `S` is within
/// `T = 4 × Σ|cents_t| × (1 + R_max/10²⁵)` units of the true value, and so is the exact
/// path ([`present_value_sum`], Decimal division, a few units in the 28th significant
/// digit). Whenever `S` lies more than `T` from a half cent, both round to the same cent
/// and `S` decides; otherwise — and whenever the numbers are too large for i128 — the
/// exact path decides. Either way the cents are the ones [`super::compare`] would print.
struct Discounting {
    divisors: Vec<Decimal>,
    /// `R_t`, or `None` when a reciprocal is too large to fix (rates near −100 %).
    fixed_reciprocals: Option<Vec<i128>>,
    largest_fixed_reciprocal: i128,
}

/// 10²⁴: the fixed-point unit of [`Discounting`]'s reciprocals.
const FIXED_UNIT: i128 = 1_000_000_000_000_000_000_000_000;
const HALF_FIXED_UNIT: i128 = FIXED_UNIT / 2;

/// A stream's yearly totals as integer cents, when they fit the fast path.
struct StreamInCents {
    cents: Option<Vec<i64>>,
    magnitude: i128,
}

impl StreamInCents {
    fn new(stream: &OptionStream) -> StreamInCents {
        let cents: Option<Vec<i64>> = stream
            .totals
            .iter()
            .map(|total| {
                let mut cents = *total;
                cents.rescale(2);
                (cents == *total)
                    .then(|| i64::try_from(cents.mantissa()).ok())
                    .flatten()
            })
            .collect();
        let magnitude = cents
            .as_ref()
            .map_or(0, |c| c.iter().map(|c| i128::from(*c).abs()).sum());
        StreamInCents { cents, magnitude }
    }
}

impl Discounting {
    fn new(rate: Decimal, comparison: &Comparison) -> Result<Discounting> {
        let divisors = discount_divisors(rate, comparison.timing, comparison.horizon_years)?;
        let unit = Decimal::from_i128_with_scale(FIXED_UNIT, 0);
        let fixed_reciprocals: Option<Vec<i128>> = divisors
            .iter()
            .map(|divisor| {
                let mut fixed = Decimal::ONE
                    .checked_div(*divisor)?
                    .checked_mul(unit)?
                    .round();
                fixed.rescale(0);
                Some(fixed.mantissa())
            })
            .collect();
        let largest_fixed_reciprocal = fixed_reciprocals
            .as_ref()
            .and_then(|r| r.iter().copied().max())
            .unwrap_or(0);
        Ok(Discounting {
            divisors,
            fixed_reciprocals,
            largest_fixed_reciprocal,
        })
    }

    /// The present value rounded to cents, as [`present_value_sum`] would give it.
    fn rounded_present_value(
        &self,
        stream: &OptionStream,
        cents: &StreamInCents,
    ) -> Result<Decimal> {
        if let (Some(reciprocals), Some(yearly)) = (&self.fixed_reciprocals, &cents.cents) {
            // Every partial sum stays below magnitude × largest reciprocal; keep that well
            // inside i128 (1.7 × 10³⁸). The tolerance is the error bound of the docs.
            let bound = cents.magnitude.checked_mul(self.largest_fixed_reciprocal);
            let tolerance = cents
                .magnitude
                .checked_mul(4 * (1 + self.largest_fixed_reciprocal / FIXED_UNIT / 10));
            if let (Some(bound), Some(tolerance)) = (bound, tolerance) {
                if bound < i128::MAX / 4 {
                    let sum: i128 = yearly
                        .iter()
                        .zip(reciprocals)
                        .map(|(c, r)| i128::from(*c) * r)
                        .sum();
                    let (whole, rest) = (sum.abs() / FIXED_UNIT, sum.abs() % FIXED_UNIT);
                    if (rest - HALF_FIXED_UNIT).abs() > tolerance + 4 {
                        let rounded = if rest >= HALF_FIXED_UNIT {
                            whole + 1
                        } else {
                            whole
                        };
                        return Ok(Decimal::from_i128_with_scale(rounded * sum.signum(), 2));
                    }
                }
            }
        }
        present_value_sum(&stream.totals, &self.divisors).map(round_cents)
    }
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
    // Rates too far below zero to discount these amounts to the cent are not searched
    // (see `discount::check_precision`); the precision only improves as the rate rises, so
    // every rate between two kept samples can be discounted too.
    let precise = |rate: Decimal| -> Result<bool> {
        let divisors = discount_divisors(rate, comparison.timing, comparison.horizon_years)?;
        Ok(discount::check_precision(rate, first, &divisors).is_ok()
            && discount::check_precision(rate, second, &divisors).is_ok())
    };
    while rate <= to {
        if precise(rate)? {
            samples.push((rate, difference(rate)?));
        }
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::tco::model::Timing;
    use crate::tco::tests::{d, three_option_comparison};

    fn stream(totals: Vec<Decimal>) -> OptionStream {
        OptionStream {
            by_category: Vec::new(),
            carryover: Vec::new(),
            totals,
        }
    }

    fn exact(totals: &[Decimal], rate: Decimal, timing: Timing) -> Decimal {
        let divisors = discount_divisors(rate, timing, totals.len() as u32 - 1).unwrap();
        round_cents(present_value_sum(totals, &divisors).unwrap())
    }

    fn fast(totals: &[Decimal], rate: Decimal, timing: Timing) -> Decimal {
        let mut comparison = three_option_comparison();
        comparison.horizon_years = totals.len() as u32 - 1;
        comparison.timing = timing;
        let stream = stream(totals.to_vec());
        let discounting = Discounting::new(rate, &comparison).unwrap();
        discounting
            .rounded_present_value(&stream, &StreamInCents::new(&stream))
            .unwrap()
    }

    /// At 100 %, 0.01 a year out is worth exactly 0.005 today and 0.03 exactly 0.015:
    /// true half cents, which round up to 0.01 and 0.02.
    #[test]
    fn a_half_cent_tie_in_a_sweep_rounds_up_as_in_the_table() {
        for (amount, expected) in [("0.01", "0.01"), ("0.03", "0.02"), ("-0.03", "-0.02")] {
            let totals = vec![d("0"), d(amount)];
            assert_eq!(
                fast(&totals, d("1"), Timing::EndOfYear),
                d(expected),
                "{amount}"
            );
            assert_eq!(
                exact(&totals, d("1"), Timing::EndOfYear),
                d(expected),
                "{amount}"
            );
        }
    }

    #[test]
    fn huge_amounts_and_extreme_rates_fall_back_to_the_exact_path() {
        let totals = vec![d("0"), d("1000000000000000000000.00"), d("5.00")];
        assert_eq!(
            fast(&totals, d("0.05"), Timing::MidYear),
            exact(&totals, d("0.05"), Timing::MidYear)
        );
        let totals = vec![d("1.00"), d("3.00"), d("7.00")];
        assert_eq!(
            fast(&totals, d("-0.9999"), Timing::EndOfYear),
            exact(&totals, d("-0.9999"), Timing::EndOfYear)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn the_fast_sweep_prints_the_same_cents_as_the_exact_calculation(
            cents in proptest::collection::vec(-10_000_000_000i64..100_000_000_000, 2..32),
            rate in -5_000i64..=10_000,
            timing in prop_oneof![Just(Timing::EndOfYear), Just(Timing::StartOfYear), Just(Timing::MidYear)],
        ) {
            let totals: Vec<Decimal> = cents.iter().map(|c| Decimal::new(*c, 2)).collect();
            let rate = Decimal::new(rate, 4);
            prop_assert_eq!(fast(&totals, rate, timing), exact(&totals, rate, timing));
        }
    }
}
