//! The comparison a clerk starts from when pressing "New comparison".
//!
//! A blank form would make the clerk learn the model before seeing a figure, so the
//! template already has the shape most purchases take — keep what is there, buy through
//! a cooperative contract, or run an own solicitation — with no costs yet, so that no
//! figure in it is invented.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::model::{
    Category, Comparison, CostOption, DiscountRate, FiscalStart, OptionKind, FORMAT_VERSION,
};
use super::rate_choice::starting_rate;

/// Five years is the usual span of a technology contract with its renewals.
pub const DEFAULT_HORIZON_YEARS: u32 = 5;

/// An own solicitation rarely takes less than six months from drafting to award; the
/// clerk changes it to what their last one took.
pub const DEFAULT_SOLICITATION_MONTHS: u32 = 6;

/// A new comparison for a jurisdiction whose fiscal year starts in `first_month`.
///
/// Year 1 is the fiscal year that contains `today`, named — as US jurisdictions do — by
/// the calendar year in which it ends (July 2026 – June 2027 is FY2027). The discount rate
/// is OMB A-94's nominal rate for the horizon, because vendors' quotes include inflation.
pub fn new_comparison(first_month: u32, today: NaiveDate) -> Comparison {
    new_comparison_with_policy(first_month, today, None)
}

/// A new comparison that starts with the jurisdiction's policy discount rate, when
/// Settings hold one (see [`super::rate_choice`]).
pub fn new_comparison_with_policy(
    first_month: u32,
    today: NaiveDate,
    policy: Option<DiscountRate>,
) -> Comparison {
    let first_month = first_month.clamp(1, 12);
    let ends_next_year = first_month > 1 && today.month() >= first_month;
    let fiscal_year = today.year() + i32::from(ends_next_year);
    let discount = starting_rate(policy, DEFAULT_HORIZON_YEARS)
        .expect("the shipped A-94 table covers five years");
    let option = |name: &str, kind: OptionKind, start_delay_months: u32| CostOption {
        id: String::new(),
        name: name.to_owned(),
        kind,
        notes: String::new(),
        start_delay_months,
        units: None,
        cost_lines: Vec::new(),
    };
    Comparison {
        format_version: FORMAT_VERSION,
        title: String::new(),
        purchase_description: String::new(),
        horizon_years: DEFAULT_HORIZON_YEARS,
        start: FiscalStart {
            fiscal_year,
            first_month,
        },
        discount,
        timing: Default::default(),
        baseline: option("Keep the current system", OptionKind::StatusQuo, 0),
        options: vec![
            option(
                "Cooperative contract",
                OptionKind::CooperativeContract { contract_id: None },
                0,
            ),
            option(
                "Own solicitation",
                OptionKind::OwnSolicitation,
                DEFAULT_SOLICITATION_MONTHS,
            ),
        ],
    }
}

/// A category as the editor's list offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryChoice {
    pub category: Category,
    pub label: &'static str,
    /// Amounts in this category are entered as negative numbers (money coming back).
    pub is_offset: bool,
    /// A new line in this category is ticked "paid to the vendor".
    pub paid_to_vendor_by_default: bool,
}

/// Every category with its label, in the editor's order.
pub fn category_choices() -> Vec<CategoryChoice> {
    Category::ALL
        .iter()
        .map(|&category| CategoryChoice {
            category,
            label: category.label(),
            is_offset: category.is_offset(),
            paid_to_vendor_by_default: category.paid_to_vendor_by_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn year_one_is_the_fiscal_year_under_way_named_by_the_year_it_ends() {
        assert_eq!(new_comparison(7, day(2026, 11, 25)).start.fiscal_year, 2027);
        assert_eq!(new_comparison(7, day(2026, 3, 1)).start.fiscal_year, 2026);
        assert_eq!(new_comparison(10, day(2026, 10, 1)).start.fiscal_year, 2027);
        assert_eq!(
            new_comparison(1, day(2026, 11, 25)).start.fiscal_year,
            2026,
            "a calendar fiscal year is the calendar year"
        );
    }

    #[test]
    fn a_new_comparison_compares_the_usual_three_ways_with_no_invented_costs() {
        let comparison = new_comparison(7, day(2026, 11, 25));
        assert_eq!(comparison.baseline.name, "Keep the current system");
        assert_eq!(comparison.options.len(), 2);
        assert!(comparison.all_options().all(|o| o.cost_lines.is_empty()));
        assert!(
            comparison.discount.source.contains("A-94"),
            "the default rate cites its source: {}",
            comparison.discount.source
        );
        assert!(
            crate::tco::compare(&{
                let mut c = comparison.clone();
                c.title = "Anything".into();
                c
            })
            .is_ok(),
            "the template calculates as soon as it is opened"
        );
    }

    #[test]
    fn every_category_is_offered_with_its_label() {
        let choices = category_choices();
        assert_eq!(choices.len(), Category::ALL.len());
        assert_eq!(choices[0].label, "Acquisition");
        assert!(choices.iter().any(|c| c.is_offset));
    }
}
