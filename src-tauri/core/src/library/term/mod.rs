//! Whether a contract can carry a purchase: in force on the day it would be bought and to
//! the end of the term asked for, and its facts verified with the cooperative within a
//! year. What the comparison and memo editors warn about, the memo's due diligence says,
//! and the clerk confirms before printing.
//!
//! Invariants:
//! - `today` is passed in; a memo uses its own date, so what it prints is what was true
//!   on that date.
//! - A contract past its expiry is never called usable: while it may still be extended
//!   (`crate::renewal`), the warning says to verify the extension; past the last date it
//!   could be extended to, it says the contract has ended.
//! - Warnings are sentences a clerk can read aloud; none refuses anything.
//!
//! Data only: [`store`] reads the contract from the library for the comparison editor.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contract::Contract;
use crate::renewal::Extension;

pub mod store;

/// Facts older than this many days are stale.
pub const VERIFIED_WITHIN_DAYS: i64 = 365;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TermWarningKind {
    /// The contract's current term has ended.
    Expired,
    /// It ends before the purchase would be made.
    EndsBeforePurchase,
    /// It ends before the end of the term asked for.
    EndsBeforeTermEnd,
    /// Its facts were last verified more than a year ago, or never.
    NotVerified,
}

/// One warning, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermWarning {
    pub kind: TermWarningKind,
    pub message: String,
}

/// The warnings about one contract, with its id for "Verified today with the cooperative".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermCheck {
    /// The library contract warned about; `None` once it has left the library.
    pub contract_id: Option<i64>,
    pub warnings: Vec<TermWarning>,
}

/// When a purchase would be made and how long it must be covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermDates {
    /// The day the purchase would be made.
    pub purchase: NaiveDate,
    /// The last day of the term asked for; `None` when no term is asked for.
    pub term_end: Option<NaiveDate>,
}

impl TermDates {
    /// The dates of a comparison's option: bought when its year 1 begins (the fiscal year
    /// `fiscal_year`, named by the calendar year it ends in, beginning in `first_month`)
    /// plus its start delay, and not before `today`; covered to the end of the horizon.
    /// A start that is no date (a month out of range) is bought `today`, for no term.
    pub fn of_comparison(
        fiscal_year: i32,
        first_month: u32,
        horizon_years: u32,
        start_delay_months: u32,
        today: NaiveDate,
    ) -> TermDates {
        let begins_in = fiscal_year - i32::from(first_month > 1);
        let year_one = NaiveDate::from_ymd_opt(begins_in, first_month, 1);
        let purchase = year_one
            .and_then(|day| day.checked_add_months(Months::new(start_delay_months)))
            .map_or(today, |day| day.max(today));
        let term_end = year_one.and_then(|day| {
            day.checked_add_months(Months::new(horizon_years.checked_mul(12)?))?
                .checked_sub_days(Days::new(1))
        });
        TermDates { purchase, term_end }
    }
}

/// "June 30, 2026".
fn long(day: NaiveDate) -> String {
    format!("{} {}, {}", day.format("%B"), day.day(), day.year())
}

/// What may still carry the contract past `end` (its expiry), as a clause.
fn extension_clause(contract: &Contract, needed: NaiveDate) -> String {
    match contract.renewal_facts().extension() {
        Extension::Until(last) if last >= needed => format!(
            "; it may be extended to {} at the latest — verify with the cooperative that it \
             has been",
            long(last)
        ),
        Extension::Until(last) if contract.expiry_date.is_some_and(|e| last > e) => {
            format!("; its renewal options reach only {}", long(last))
        }
        Extension::Unclear => {
            "; its renewal terms are unclear — verify with the cooperative".to_owned()
        }
        _ => "; it cannot be extended".to_owned(),
    }
}

/// The warnings for buying under `contract` on `dates`, seen on `today`.
pub fn term_warnings(contract: &Contract, dates: TermDates, today: NaiveDate) -> Vec<TermWarning> {
    let mut warnings = Vec::new();
    let mut warn = |kind, message: String| warnings.push(TermWarning { kind, message });
    let name = format!(
        "{} contract {}",
        contract.cooperative.trim(),
        contract.contract_number.trim()
    );
    if let Some(expiry) = contract.expiry_date {
        if expiry < today {
            warn(
                TermWarningKind::Expired,
                format!(
                    "The term of {name} ended on {}{}.",
                    long(expiry),
                    extension_clause(contract, today.max(dates.purchase))
                ),
            );
        } else if expiry < dates.purchase {
            warn(
                TermWarningKind::EndsBeforePurchase,
                format!(
                    "The term of {name} ends on {}, before the purchase would be made ({}){}.",
                    long(expiry),
                    long(dates.purchase),
                    extension_clause(contract, dates.purchase)
                ),
            );
        } else if let Some(end) = dates.term_end.filter(|end| expiry < *end) {
            warn(
                TermWarningKind::EndsBeforeTermEnd,
                format!(
                    "The term of {name} ends on {}, before the end of the term asked for ({}){}.",
                    long(expiry),
                    long(end),
                    extension_clause(contract, end)
                ),
            );
        }
    }
    match contract.last_verified {
        Some(verified) if (today - verified).num_days() <= VERIFIED_WITHIN_DAYS => {}
        Some(verified) => warn(
            TermWarningKind::NotVerified,
            format!(
                "The facts of {name} were last verified with the cooperative on {}, more than \
                 a year ago.",
                long(verified)
            ),
        ),
        None => warn(
            TermWarningKind::NotVerified,
            format!("The facts of {name} have not been verified with the cooperative."),
        ),
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn contract(expiry: &str, renewals: &str) -> Contract {
        Contract {
            cooperative: "Sourcewell".into(),
            contract_number: "091521-NAF".into(),
            expiry_date: Some(day(expiry)),
            renewal_options: renewals.into(),
            last_verified: Some(day("2026-11-01")),
            ..Contract::default()
        }
    }

    const TODAY: &str = "2026-12-07";

    fn dates(purchase: &str, term_end: &str) -> TermDates {
        TermDates {
            purchase: day(purchase),
            term_end: Some(day(term_end)),
        }
    }

    fn kinds(warnings: &[TermWarning]) -> Vec<TermWarningKind> {
        warnings.iter().map(|w| w.kind).collect()
    }

    #[test]
    fn an_expired_contract_is_named_with_the_day_its_term_ended() {
        let warnings = term_warnings(
            &contract("2025-11-08", "May be extended one additional year"),
            dates(TODAY, "2031-06-30"),
            day(TODAY),
        );
        assert_eq!(kinds(&warnings), [TermWarningKind::Expired]);
        assert_eq!(
            warnings[0].message,
            "The term of Sourcewell contract 091521-NAF ended on November 8, 2025; its renewal \
             options reach only November 8, 2026."
        );
        let extendable = term_warnings(
            &contract("2026-11-08", "two (2) one-year extensions"),
            dates(TODAY, "2027-06-30"),
            day(TODAY),
        );
        assert!(
            extendable[0]
                .message
                .ends_with("it may be extended to November 8, 2028 at the latest — verify with the cooperative that it has been."),
            "{}",
            extendable[0].message
        );
    }

    #[test]
    fn a_contract_ending_before_the_purchase_or_the_term_is_named() {
        let c = contract("2027-03-31", "");
        assert_eq!(
            kinds(&term_warnings(
                &c,
                dates("2027-07-01", "2032-06-30"),
                day(TODAY)
            )),
            [TermWarningKind::EndsBeforePurchase]
        );
        let warnings = term_warnings(&c, dates("2027-01-15", "2032-06-30"), day(TODAY));
        assert_eq!(kinds(&warnings), [TermWarningKind::EndsBeforeTermEnd]);
        assert!(warnings[0].message.contains(
            "before the end of the term asked for (June 30, 2032); it cannot be extended"
        ));
        assert!(
            term_warnings(&c, dates("2027-01-15", "2027-03-31"), day(TODAY)).is_empty(),
            "a contract in force through the whole term needs no warning"
        );
    }

    #[test]
    fn facts_verified_more_than_a_year_ago_or_never_are_named() {
        let mut c = contract("2029-01-31", "");
        let in_force = dates(TODAY, "2028-06-30");
        c.last_verified = Some(day("2025-12-07"));
        assert!(
            term_warnings(&c, in_force, day(TODAY)).is_empty(),
            "a year is still fresh"
        );
        c.last_verified = Some(day("2025-12-06"));
        let warnings = term_warnings(&c, in_force, day(TODAY));
        assert_eq!(kinds(&warnings), [TermWarningKind::NotVerified]);
        assert!(warnings[0]
            .message
            .contains("on December 6, 2025, more than a year ago"));
        c.last_verified = None;
        assert_eq!(
            kinds(&term_warnings(&c, in_force, day(TODAY))),
            [TermWarningKind::NotVerified]
        );
    }

    #[test]
    fn a_comparison_buys_when_its_option_starts_and_runs_to_the_end_of_its_horizon() {
        let july = TermDates::of_comparison(2027, 7, 5, 6, day(TODAY));
        assert_eq!(
            july.purchase,
            day("2027-01-01"),
            "FY2027 begins July 2026, six months' delay"
        );
        assert_eq!(july.term_end, Some(day("2031-06-30")));
        let past = TermDates::of_comparison(2026, 1, 3, 0, day(TODAY));
        assert_eq!(
            past.purchase,
            day(TODAY),
            "a start already past is bought today"
        );
        assert_eq!(past.term_end, Some(day("2028-12-31")));
    }
}
