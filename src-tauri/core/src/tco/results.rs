//! What a comparison yields: the figures the editor's summary, the memo's table and the
//! CLI print. Every money figure here is already rounded half-up to cents.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{Category, OptionKind, Timing};
use super::sensitivity::Sensitivity;

/// The results of one comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonResults {
    pub title: String,
    pub horizon_years: u32,
    #[ts(type = "string")]
    pub discount_rate: Decimal,
    pub discount_source: String,
    pub timing: Timing,
    /// Year 0 (up front) to the horizon, with the labels tables use.
    pub years: Vec<YearLabel>,
    /// The baseline first, then the options in the order entered.
    pub options: Vec<OptionResult>,
    /// Indices into `options`, lowest present value first (ties keep the entered order).
    pub ranking: Vec<usize>,
    pub sensitivity: Sensitivity,
}

/// A year's number and how a table heads it ("Up front", "FY2026").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearLabel {
    pub year: u32,
    pub label: String,
}

/// One option's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptionResult {
    pub name: String,
    pub kind: OptionKind,
    pub is_baseline: bool,
    pub start_delay_months: u32,
    /// Year 0 to the horizon.
    pub years: Vec<YearCost>,
    /// Sum of the yearly totals.
    #[ts(type = "string")]
    pub nominal_total: Decimal,
    /// Sum of the unrounded yearly present values, rounded once.
    #[ts(type = "string")]
    pub present_value: Decimal,
    /// Baseline's nominal total minus this one's: positive means this option saves money.
    #[ts(type = "string")]
    pub nominal_savings: Decimal,
    /// Baseline's present value minus this one's (both as shown, so the table adds up).
    #[ts(type = "string")]
    pub pv_savings: Decimal,
    /// The nominal total spread over the horizon's operating years.
    #[ts(type = "string")]
    pub cost_per_year: Decimal,
    /// `cost_per_year` per unit, when the option states its units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "string | null")]
    pub cost_per_unit_per_year: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_label: Option<String>,
    /// When this option's cumulative cost first reaches the baseline's; `None` for the
    /// baseline itself.
    pub break_even_nominal: Option<BreakEven>,
    pub break_even_pv: Option<BreakEven>,
    /// 1 is the lowest present value; equal present values share a rank.
    pub rank: u32,
}

/// One year of one option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearCost {
    pub year: u32,
    /// Categories with a non-zero amount this year, in [`Category::ALL`] order.
    pub by_category: Vec<CategoryAmount>,
    /// The baseline's costs counted in this option while it has not started.
    #[ts(type = "string")]
    pub baseline_while_waiting: Decimal,
    /// Everything this option costs in this year.
    #[ts(type = "string")]
    pub total: Decimal,
    /// This year's present value, rounded for display (the total is summed unrounded,
    /// so these may differ from it by a cent or two).
    #[ts(type = "string")]
    pub present_value: Decimal,
    /// Nominal cost from year 0 to this year.
    #[ts(type = "string")]
    pub cumulative_nominal: Decimal,
    /// Present value from year 0 to this year (unrounded sum, rounded for display).
    #[ts(type = "string")]
    pub cumulative_present_value: Decimal,
}

/// One category's amount in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryAmount {
    pub category: Category,
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// When an option's cumulative cost is first at or below the baseline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "status",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum BreakEven {
    /// At the end of this year (1 or later).
    Year { year: u32 },
    /// Not by the end of the horizon.
    NotWithinHorizon,
}

impl std::fmt::Display for BreakEven {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BreakEven::Year { year } => write!(f, "year {year}"),
            BreakEven::NotWithinHorizon => f.write_str("not within the horizon"),
        }
    }
}

impl ComparisonResults {
    /// The option ranked first (lowest present value).
    pub fn best(&self) -> &OptionResult {
        &self.options[self.ranking[0]]
    }
}
