//! Per approval and per fiscal year: what the approved comparison projected for the option
//! the memo recommended, against what was actually invoiced, with the variance in dollars
//! and percent.
//!
//! The projection is the engine's own yearly figures ([`crate::tco::compare`]) for the
//! comparison as the printed memo version froze it — never a re-computation. Year 0 ("up
//! front") is paid when the option starts, so it is counted in the first fiscal year,
//! beside year 1; the two are kept apart in [`FiscalYearVariance::up_front`] so a reader
//! can find both in the memo's table.
//!
//! What was invoiced is every invoice and credit memo against the approval's purchase
//! orders (as [`super::figures`] counts it), in the fiscal year of the invoice's date —
//! fiscal years named, as the comparison names them, by the calendar year they end in.
//!
//! - **variance** = invoiced − projected: positive when more was spent than projected;
//! - **percent** = variance ÷ projected × 100, rounded once ([`super::percent`]); none
//!   when nothing was projected for the year.
//!
//! An approval with no comparison (recorded on a contract, or a memo whose comparison no
//! longer has the option) says so in [`Basis::NoComparison`] and shows what was invoiced
//! per fiscal year with no projection; nothing is invented. Invoices in a fiscal year the
//! comparison does not cover are shown the same way, so the invoiced column always adds up
//! to the approval's invoiced figure.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::model::PurchaseOrder;
use super::percent;
use crate::tco::ComparisonResults;

/// What one approval's projection is taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Basis {
    /// The comparison of the printed memo version the council was shown.
    Compared {
        memo_id: i64,
        memo_version: u32,
        comparison: String,
        option: String,
    },
    /// No projection: the sentence says why.
    NoComparison { reason: String },
}

/// The engine's projection for the recommended option, by fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    /// The month (1–12) the jurisdiction's fiscal year begins in, as the comparison says.
    pub first_month: u32,
    /// Each fiscal year the comparison covers, in order: (label, up front, operating).
    pub years: Vec<(String, Decimal, Decimal)>,
}

impl Projection {
    /// The projection of `results.options[chosen]`: year 0 goes with year 1.
    pub fn of(results: &ComparisonResults, chosen: usize, first_month: u32) -> Projection {
        let option = &results.options[chosen];
        let up_front = option
            .years
            .iter()
            .find(|y| y.year == 0)
            .map_or(Decimal::ZERO, |y| y.total);
        let years = results
            .years
            .iter()
            .filter(|label| label.year >= 1)
            .filter_map(|label| {
                let cost = option.years.iter().find(|y| y.year == label.year)?;
                let first = if label.year == 1 {
                    up_front
                } else {
                    Decimal::ZERO
                };
                Some((label.label.clone(), first, cost.total))
            })
            .collect();
        Projection { first_month, years }
    }
}

/// One fiscal year of one approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FiscalYearVariance {
    /// "FY2027".
    pub fiscal_year: String,
    /// The projected up-front cost counted in this (the first) year; zero in the others
    /// and when nothing is projected.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub up_front: Decimal,
    /// What the comparison projected for the year, up front included; `None` when it
    /// projected nothing for it (no comparison, or a year it does not cover).
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub projected: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub invoiced: Decimal,
    /// Invoiced − projected.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub variance: Option<Decimal>,
    /// The variance as a percentage of the projection, to two decimals.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub percent: Option<Decimal>,
}

/// One approval's variance, year by year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Variance {
    pub approval_id: i64,
    pub basis: Basis,
    /// The month the fiscal years begin in (the comparison's, else the settings').
    pub first_month: u32,
    /// The comparison's years in order, then any other year something was invoiced in.
    pub years: Vec<FiscalYearVariance>,
}

/// The fiscal year `date` falls in, named by the calendar year it ends in ("FY2027" for
/// 2026-07-01 when the year begins in July; a calendar fiscal year is the calendar year).
pub fn fiscal_year_of(date: NaiveDate, first_month: u32) -> String {
    let ends_next_year = first_month > 1 && date.month() >= first_month;
    format!("FY{}", date.year() + i32::from(ends_next_year))
}

/// The variance of the approval `approval_id` with `orders` under it, against
/// `projection` when there is one; without one, `first_month` (the settings') names the
/// fiscal years the invoices fall in.
pub fn variance(
    approval_id: i64,
    basis: Basis,
    projection: Option<&Projection>,
    first_month: u32,
    orders: &[PurchaseOrder],
) -> Variance {
    let first_month = projection.map_or(first_month, |p| p.first_month);
    let mut invoiced: BTreeMap<String, Decimal> = BTreeMap::new();
    for invoice in orders.iter().flat_map(|o| &o.invoices) {
        *invoiced
            .entry(fiscal_year_of(invoice.date, first_month))
            .or_default() += invoice.amount;
    }
    let mut years = Vec::new();
    for (label, up_front, operating) in projection.map(|p| p.years.as_slice()).unwrap_or(&[]) {
        let projected = *up_front + *operating;
        let actual = invoiced.remove(label).unwrap_or_default();
        let variance = actual - projected;
        years.push(FiscalYearVariance {
            fiscal_year: label.clone(),
            up_front: super::money(*up_front),
            projected: Some(super::money(projected)),
            invoiced: super::money(actual),
            variance: Some(super::money(variance)),
            percent: percent(variance, projected),
        });
    }
    for (label, actual) in invoiced {
        years.push(FiscalYearVariance {
            fiscal_year: label,
            up_front: super::money(Decimal::ZERO),
            projected: None,
            invoiced: super::money(actual),
            variance: None,
            percent: None,
        });
    }
    Variance {
        approval_id,
        basis,
        first_month,
        years,
    }
}

impl Variance {
    /// The sentence a reader sees above the years.
    pub fn basis_words(&self) -> String {
        match &self.basis {
            Basis::Compared {
                memo_id,
                memo_version,
                comparison,
                option,
            } => {
                format!("\"{option}\" in \"{comparison}\" (memo {memo_id}, version {memo_version})")
            }
            Basis::NoComparison { reason } => format!("No approved comparison: {reason}"),
        }
    }
}
