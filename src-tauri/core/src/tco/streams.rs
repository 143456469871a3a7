//! What each option pays each year, year 0 to the horizon: its cost lines' amounts
//! (one-time, recurring with chained escalation, per unit, schedules), shifted by its
//! start delay, with the baseline's costs carried while it waits.
//!
//! The rules are "Cost lines" and "Start delays" in the [module docs](super). The engine
//! and the sensitivity analysis (which re-escalates) both start from these streams.

use rust_decimal::Decimal;

use super::model::{check_rate, Category, Comparison, CostLine, CostOption, LineTiming};
use super::money::{self, round_cents};
use crate::Result;

const TWELVE: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

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
