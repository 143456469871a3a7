//! Discounting: what each year's amount is divided by, present values, and the ranking
//! by present value.
//!
//! The rules are "Discounting" and "Ranking" in the [module docs](super). The engine
//! discounts at the comparison's rate; the sensitivity analysis at other rates, and
//! while it searches for the rate at which the two best options swap.

use rust_decimal::prelude::MathematicalOps;
use rust_decimal::Decimal;

use super::model::{check_rate, Timing};
use super::money;
use crate::{Error, Result};

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
