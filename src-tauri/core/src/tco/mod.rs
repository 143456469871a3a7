//! Total cost of ownership: compare the options for one purchase over years.
//!
//! ## Brief overview
//!
//! - [`model`] is the comparison as entered — and the comparison file format
//!   (`docs/comparison-format.md`): options, cost lines, timings.
//! - [`streams`] is what each option pays each year: cost lines, escalation, start
//!   delays, the baseline while waiting.
//! - [`discount`] divides each year by its discount factor into present values, and
//!   ranks by them.
//! - [`engine`] turns a comparison into [`results`]: yearly costs by category, nominal
//!   totals, present values, savings, break-even years, ranking.
//! - [`sensitivity`] recalculates at other discount rates and escalations and finds the
//!   rate at which the two best options swap.
//! - [`rates`] ships the OMB Circular A-94 Appendix C discount rates.
//! - [`chart`] describes "cumulative cost per option" for any renderer, and draws it as
//!   SVG.
//! - [`store`] saves comparisons in the library database.
//! - [`template`] is the comparison "New comparison" starts from, and the category list.
//! - [`vendor`] adds up what an option pays the vendor over a term (the lines marked
//!   "paid to the vendor"): where a memo's not-to-exceed comes from.
//! - [`workbook`] writes the comparison as an Excel workbook whose results are live
//!   formulas (the finance director's audit copy).
//!
//! ## Conventions
//!
//! Every figure can be reproduced by hand from these rules; the memo's appendix repeats
//! them for the council.
//!
//! **Money** is `Decimal`, never floating point. Amounts are entered in whole cents. Costs
//! are positive; money that comes back (savings, residual or resale value) is negative and
//! lives only in the "offsetting savings or residual value" category. "Rounded" always
//! means half-up (half away from zero) to cents: 1010.505 → 1010.51.
//!
//! **Years.** Year 0 is "up front", the moment the comparison starts; years 1 to the
//! horizon (1–30) are operating years, labelled with the jurisdiction's fiscal years
//! (year 1 = the start fiscal year).
//!
//! **Cost lines** give an amount per year:
//! - *one-time*: the amount in its year;
//! - *recurring* from year A to B: the amount in year A; each later year is the previous
//!   year's **rounded** amount × (1 + escalation), rounded — chained, as vendors quote
//!   (Orange County NC's 174,359.25 at +5 % gives 183,077.21, 192,231.07, 201,842.62; com-
//!   pounding from the base instead would give 201,842.63);
//! - *per unit*: unit price × quantity, rounded, is the year-A amount; then as recurring;
//! - *schedule*: the amounts a vendor quoted, year by year, as given.
//!
//! **Start delays.** An option that starts `d = 12q + m` months late (an own solicitation)
//! is calculated as if it started at once, then every line is shifted:
//! - its year-0 amount moves to year ⌈d/12⌉ (it is paid when the option starts);
//! - each operating year k is spread evenly over its twelve months, so it now falls
//!   (12−m)/12 in year q+k and m/12 in year q+k+1. The first part is rounded and the
//!   second is the remainder, so the split neither creates nor loses a cent;
//! - what falls after the horizon is outside the comparison, as for every option.
//!
//! While it waits, the baseline's costs continue and are added to the option (shown as
//! "baseline while waiting"): the baseline's year 0 in full (it is paid at month 0), and
//! for year t ≥ 1 the baseline's year-t total × n/12, rounded, where n = the months of
//! year t before the start (clamp(d − 12(t−1), 0, 12)). The baseline itself never starts
//! late.
//!
//! **Discounting** at rate r (a fraction above −1; negative rates are valid, as A-94's
//! real rates were in 2021): year 0 is never discounted. Year t ≥ 1 is divided by
//! - (1+r)^t at the end of the year (the default),
//! - (1+r)^(t−1) at the start of the year (year 1 is not discounted),
//! - (1+r)^(t−0.5) mid-year.
//!
//! Yearly present values are summed **unrounded** and each reported total is rounded
//! once: the TI BA II Plus example's yearly PVs round to 4,545.45 + 5,785.12 + 6,010.52 +
//! 6,830.13 = 23,171.22, but the total is 23,171.23. Yearly figures shown are rounded for
//! display only.
//!
//! **Savings** are the baseline's total minus the option's, from the rounded totals as
//! shown, so the table adds up: positive means the option costs less.
//!
//! **Cost per year** is the nominal total divided by the horizon's years; **per unit** it
//! is further divided by the option's units. Both rounded.
//!
//! **Break-even** is the first year-end t ≥ 1 at which the option's cumulative cost
//! (year 0 to t) is at or below the baseline's — nominal, and in present value (unrounded
//! cumulative sums) — or "not within the horizon".
//!
//! **Ranking** is by present value, lowest first; equal rounded values share a rank.
//!
//! **Sensitivity** recalculates at other discount rates (±1 and ±2 points) and with every
//! escalating line's escalation shifted (−1, +1, +2 points), and looks for the discount
//! rate between −5 % and 20 % at which the two best options swap; the details are in
//! [`sensitivity`].
//!
//! **Limits** (so absurd input is an error, not a crash or a silent overflow): horizon
//! 1–30 years; discount and escalation rates above −100 % and at most 100 % a year;
//! amounts and unit prices up to a trillion dollars; quantities up to a billion; start
//! delays up to 120 months and within the horizon; 2–20 options besides the baseline;
//! 500 lines per option. All arithmetic on entered numbers is checked.

pub mod chart;
pub mod discount;
pub mod engine;
pub mod model;
mod money;
pub mod rate_choice;
pub mod rates;
pub mod results;
pub mod sensitivity;
pub mod store;
pub mod streams;
pub mod template;
pub mod vendor;
pub mod workbook;

#[cfg(test)]
mod tests;

pub use engine::{compare, compare_with};
pub use model::{
    Category, Comparison, CostLine, CostOption, DiscountRate, FiscalStart, LineTiming, OptionKind,
    Timing, Units,
};
pub use money::{dollars, format_dollars, round_cents};
pub use results::{BreakEven, ComparisonResults, OptionResult, YearCost};
pub use sensitivity::{RateSwap, Scenario, Sensitivity, SensitivityPlan};
pub use vendor::{vendor_payments, VendorLine, VendorPayments};
