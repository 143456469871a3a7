//! Which discount rate a comparison starts with and the editor offers, and what it says
//! about a rate, so that a clerk who is not a finance officer cannot fall into a trap.
//!
//! - **Offered first: the jurisdiction's policy rate.** Many finance policies name the
//!   rate the jurisdiction discounts at; when Settings hold one, a new comparison starts
//!   with it and the editor offers it before OMB A-94's.
//! - **The A-94 default follows the horizon.** A comparison whose rate is still OMB
//!   A-94's rate for its horizon — exactly the rate and the citation the button gives —
//!   takes the rate for the new horizon when the horizon changes ([`RateChoice::follows_horizon`]);
//!   a rate the clerk typed, or the policy rate, stays as it is.
//! - **The table's age is said.** The button names the year of the Appendix C table it
//!   uses; when that table is more than a year older than the calendar year in which the
//!   comparison's year 1 begins, [`table_warning`] says so plainly, with what to do.
//! - **An unusual rate is explained.** A negative rate, or one above [`HIGH_RATE`], is
//!   accepted (OMB's real rates were negative in 2021; a finance director may have a
//!   reason) but never silently: [`rate_note`] says in one sentence what it does to the
//!   figures. The editor shows it beside the rate, the command line after the results.
//!
//! Why 10 % is "unusually high": it is above every rate in the OMB A-94 tables CoopDesk
//! carries (the highest, January 2000's 30-year nominal rate, is 6.3 %) and above what a US
//! town or county pays to borrow; the likeliest cause of such a rate is a slip — 30 typed
//! for 3 — and at 10 % a cost ten years out already counts at less than 39 cents on the
//! dollar, which tilts any comparison toward the option that pays later.

use rust_decimal::prelude::MathematicalOps;
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::model::{Comparison, DiscountRate, FiscalStart};
use super::rates::{a94_rate, a94_tables, A94Rate, A94Table, RateKind};
use crate::Result;

/// Above this rate (a fraction: 10 % a year) a rate is explained as unusually high; see
/// the module docs for why.
pub const HIGH_RATE: Decimal = Decimal::from_parts(10, 0, 0, false, 2);

/// The year whose weight the notes quote: ten years out is within most horizons and far
/// enough for the effect to show.
const NOTE_YEAR: i64 = 10;

/// What the editor offers for a comparison's discount rate, and what it says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RateChoice {
    /// OMB A-94's rate for the comparison's horizon (of the kind its rate already is, or
    /// nominal), from the newest table CoopDesk carries.
    pub a94: A94Rate,
    /// That table in words, for the button: "OMB A-94, Appendix C for calendar year 2021".
    pub table: String,
    /// The table is more than a year older than the comparison: what that means and what
    /// to do.
    pub table_warning: Option<String>,
    /// The comparison's rate is A-94's rate for its horizon, so it follows the horizon.
    pub follows_horizon: bool,
    /// The jurisdiction's policy rate with its source, when Settings hold one.
    pub policy: Option<DiscountRate>,
    /// What the comparison's rate does to the figures, when it is negative or unusually
    /// high.
    pub rate_note: Option<String>,
}

/// The rate a new comparison of `horizon_years` starts with: the policy rate when there is
/// one, else OMB A-94's nominal rate for the horizon (vendors' quotes include inflation).
pub fn starting_rate(policy: Option<DiscountRate>, horizon_years: u32) -> Result<DiscountRate> {
    match policy {
        Some(rate) => Ok(rate),
        None => Ok(a94_rate(horizon_years, RateKind::Nominal)?.to_discount_rate()),
    }
}

/// What the editor offers for `comparison`'s rate, given the policy rate in Settings.
pub fn rate_choice(comparison: &Comparison, policy: Option<DiscountRate>) -> Result<RateChoice> {
    let horizon = comparison.horizon_years;
    let table = &a94_tables()[0];
    let nominal = a94_rate(horizon, RateKind::Nominal)?;
    let real = a94_rate(horizon, RateKind::Real)?;
    let is = |rate: &A94Rate| rate.to_discount_rate() == comparison.discount;
    let follows_horizon = is(&nominal) || is(&real);
    let a94 = if is(&real) { real } else { nominal };
    Ok(RateChoice {
        a94,
        table: format!("OMB A-94, Appendix C for {}", table.valid_for),
        table_warning: table_warning(table, comparison.start),
        follows_horizon,
        policy,
        rate_note: rate_note(comparison.discount.rate),
    })
}

/// The notes the command line prints after a comparison's results: what an unusual rate
/// does, and, when the rate is A-94's, how old its table is.
pub fn rate_notes(comparison: &Comparison) -> Vec<String> {
    let is_a94 = comparison.discount.source.contains("A-94");
    rate_note(comparison.discount.rate)
        .into_iter()
        .chain(
            is_a94
                .then(|| table_warning(&a94_tables()[0], comparison.start))
                .flatten(),
        )
        .collect()
}

/// The calendar year in which year 1 begins: a fiscal year is named by the year it ends
/// in, so FY2027 starting in July begins in 2026.
pub fn start_calendar_year(start: FiscalStart) -> i32 {
    start.fiscal_year - i32::from(start.first_month > 1)
}

/// A sentence when `table` is more than a year older than the comparison's start.
pub fn table_warning(table: &A94Table, start: FiscalStart) -> Option<String> {
    let year = start_calendar_year(start);
    let age = year - table.valid_year;
    (age > 1).then(|| {
        format!(
            "The newest OMB A-94 table CoopDesk carries is for {} ({age} years before this \
             comparison starts, in {year}). OMB publishes a new Appendix C each year, and \
             interest rates have changed since; CoopDesk could not include the newer tables. \
             Look up the current Appendix C (OMB Circular A-94, on whitehouse.gov) and type \
             its rate with its source, or use your jurisdiction's policy rate.",
            table.valid_for
        )
    })
}

/// One sentence saying what a negative or unusually high rate does to the figures; none
/// for an ordinary rate.
pub fn rate_note(rate: Decimal) -> Option<String> {
    let percent = (rate * Decimal::ONE_HUNDRED).normalize();
    let weight = (Decimal::ONE + rate)
        .checked_powi(NOTE_YEAR)
        .filter(|d| !d.is_zero())
        .and_then(|d| Decimal::ONE.checked_div(d))
        .map_or_else(
            || "far from a dollar".to_owned(),
            |w| format!("${:.2}", w.round_dp(2)),
        );
    if rate.is_sign_negative() && !rate.is_zero() {
        return Some(format!(
            "At a negative rate ({percent}% a year) a dollar paid in year {NOTE_YEAR} counts as \
             {weight} today, worth more than a dollar paid now, so later costs weigh more \
             than they cost. OMB's real rates were negative in 2021, so this can be right \
             for costs in today's dollars; check you meant it."
        ));
    }
    if rate > HIGH_RATE {
        return Some(format!(
            "At {percent}% a year a dollar paid in year {NOTE_YEAR} counts as {weight} today, \
             so options that pay later look cheaper. That is above {}%, higher than any OMB \
             A-94 rate or local borrowing cost; check you meant it (3 means 3%).",
            (HIGH_RATE * Decimal::ONE_HUNDRED).normalize()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tco::template::new_comparison;
    use chrono::NaiveDate;
    use std::str::FromStr;

    fn comparison(horizon: u32) -> Comparison {
        let mut c = new_comparison(7, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        c.horizon_years = horizon;
        c
    }

    fn rate(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn the_a94_default_follows_the_horizon_and_a_typed_rate_does_not() {
        // The template holds the 5-year rate; the clerk switches to 7 years.
        let seven = comparison(7);
        let choice = rate_choice(&seven, None).unwrap();
        assert!(
            !choice.follows_horizon,
            "the 5-year rate is not the 7-year default: the editor must replace it"
        );
        assert_eq!(choice.a94.horizon_years, 7);
        assert_eq!(
            choice.a94.rate,
            rate("0.006"),
            "the 7-year nominal CY2021 rate is 0.6%"
        );
        assert!(
            choice.a94.source.contains("7-year nominal"),
            "{}",
            choice.a94.source
        );

        let mut followed = seven.clone();
        followed.discount = choice.a94.to_discount_rate();
        assert!(
            rate_choice(&followed, None).unwrap().follows_horizon,
            "once the 7-year rate is taken, it keeps following the horizon"
        );

        let mut typed = seven;
        typed.discount = DiscountRate {
            rate: rate("0.006"),
            source: "Finance director's memo".into(),
        };
        assert!(
            !rate_choice(&typed, None).unwrap().follows_horizon,
            "a rate with the clerk's own source is theirs, even when its figure matches"
        );
    }

    #[test]
    fn a_real_a94_rate_follows_as_a_real_rate() {
        let mut c = comparison(5);
        c.discount = a94_rate(5, RateKind::Real).unwrap().to_discount_rate();
        let choice = rate_choice(&c, None).unwrap();
        assert!(choice.follows_horizon);
        assert_eq!(choice.a94.kind, RateKind::Real);
    }

    #[test]
    fn a_new_comparison_starts_with_the_policy_rate_when_settings_hold_one() {
        let policy = DiscountRate {
            rate: rate("0.035"),
            source: "Finance policy FP-12".into(),
        };
        assert_eq!(starting_rate(Some(policy.clone()), 5).unwrap(), policy);
        assert!(starting_rate(None, 5).unwrap().source.contains("A-94"));
    }

    #[test]
    fn the_table_is_named_by_its_year_and_an_old_table_is_said_to_be_old() {
        let choice = rate_choice(&comparison(5), None).unwrap();
        assert_eq!(choice.a94.table_year, 2021);
        assert!(
            choice.table.contains("calendar year 2021"),
            "{}",
            choice.table
        );
        let warning = choice
            .table_warning
            .expect("a CY2021 table is five years older than a comparison starting in 2026");
        assert!(warning.contains("calendar year 2021"), "{warning}");
        assert!(warning.contains("5 years before"), "{warning}");

        let table = &a94_tables()[0];
        let fy = |fiscal_year, first_month| FiscalStart {
            fiscal_year,
            first_month,
        };
        assert_eq!(
            table_warning(table, fy(2022, 7)),
            None,
            "FY2022 begins in 2021: the table is that year's"
        );
        assert_eq!(
            table_warning(table, fy(2022, 1)),
            None,
            "a table one year older is not yet old"
        );
        assert!(
            table_warning(table, fy(2023, 1)).is_some(),
            "a table two years older is"
        );
    }

    #[test]
    fn a_negative_or_unusually_high_rate_is_explained_and_an_ordinary_one_is_not() {
        assert_eq!(rate_note(rate("0.03")), None);
        assert_eq!(rate_note(Decimal::ZERO), None);
        assert_eq!(
            rate_note(HIGH_RATE),
            None,
            "10% itself is not above the line"
        );
        let negative = rate_note(rate("-0.016")).unwrap();
        assert!(negative.contains("(-1.6% a year)"), "{negative}");
        assert!(
            negative.contains("counts as $1.18 today"),
            "1/0.984^10 = 1.175: {negative}"
        );
        assert!(negative.contains("worth more"), "{negative}");
        let high = rate_note(rate("0.30")).unwrap();
        assert!(high.contains("At 30% a year"), "{high}");
        assert!(
            high.contains("counts as $0.07 today"),
            "1/1.3^10 = 0.0725: {high}"
        );
        assert!(
            rate_note(rate("-0.99")).is_some(),
            "an extreme rate still gets a sentence"
        );
    }

    #[test]
    fn the_command_line_gets_the_same_sentences() {
        let mut c = comparison(5);
        assert_eq!(
            rate_notes(&c).len(),
            1,
            "the A-94 table's age: {:?}",
            rate_notes(&c)
        );
        c.discount = DiscountRate {
            rate: rate("0.25"),
            source: "typed".into(),
        };
        let notes = rate_notes(&c);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("25%"), "{notes:?}");
    }
}
