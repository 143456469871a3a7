//! What the vendor is paid under the contract: the figure a memo's not-to-exceed starts
//! from.
//!
//! An option's total cost of ownership is the wrong amount to ask a council to approve:
//! it counts the jurisdiction's own costs (staff time, the solicitation) and nets out
//! money that comes back (resale), none of which passes through the purchase order. The
//! not-to-exceed is the sum of the option's lines marked "paid to the vendor"
//! ([`CostLine::is_paid_to_vendor`]) over the approved term — each line's yearly amounts
//! as the engine makes them (escalation chained and rounded, start delay applied), so the
//! figure is the comparison's own, and exact to the cent.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{Comparison, CostLine};
use super::money;
use super::streams::{delay, line_amounts};
use crate::{Error, Result};

/// The amount paid to the vendor over a term, and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorPayments {
    /// Every counted line's amount added up.
    #[ts(type = "string")]
    pub total: Decimal,
    /// The term: year 0 (up front) to this operating year, inclusive.
    pub through_year: u32,
    /// The lines paid to the vendor, each with its amount over the term.
    pub counted: Vec<VendorLine>,
    /// The option's other lines (its own costs, money coming back), not counted.
    pub left_out: Vec<VendorLine>,
}

/// One cost line's part in [`VendorPayments`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorLine {
    /// "Acquisition: Patrol vehicles" — the category, and the description when there is one.
    pub label: String,
    /// Its amounts over the term, added up.
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// What the option at `position` (the baseline 0, as in [`Comparison::all_options`])
/// pays the vendor from year 0 to `through_year` (clamped to the horizon).
pub fn vendor_payments(
    comparison: &Comparison,
    position: usize,
    through_year: u32,
) -> Result<VendorPayments> {
    let option = comparison
        .all_options()
        .nth(position)
        .ok_or_else(|| Error::invalid("Option", "the comparison has no option at that place."))?;
    let through_year = through_year.min(comparison.horizon_years);
    let field = format!("Option \"{}\"", option.name.trim());
    let mut payments = VendorPayments {
        total: Decimal::ZERO,
        through_year,
        counted: Vec::new(),
        left_out: Vec::new(),
    };
    for line in &option.cost_lines {
        let amounts = line_amounts(line, comparison.horizon_years, Decimal::ZERO, &field)?;
        let amounts = delay(&amounts, option.start_delay_months, &field)?;
        let mut amount = Decimal::ZERO;
        for year in amounts.iter().take(through_year as usize + 1) {
            amount = money::add(amount, *year, &field)?;
        }
        let part = VendorLine {
            label: line_label(line),
            amount,
        };
        if line.is_paid_to_vendor() {
            payments.total = money::add(payments.total, amount, &field)?;
            payments.counted.push(part);
        } else {
            payments.left_out.push(part);
        }
    }
    Ok(payments)
}

fn line_label(line: &CostLine) -> String {
    let description = line.description.trim();
    if description.is_empty() {
        line.category.label().to_owned()
    } else {
        format!("{}: {description}", line.category.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A comparison file as one written before the flag existed: no `paidToVendor`
    /// except where a line says it.
    fn comparison(option_lines: &str, delay: u32) -> Comparison {
        Comparison::from_json(&format!(
            r#"{{"formatVersion": 1, "title": "Patrol vehicles", "horizonYears": 5,
            "start": {{"fiscalYear": 2027, "firstMonth": 7}},
            "discount": {{"rate": "0.03"}},
            "baseline": {{"name": "Keep the fleet", "kind": {{"type": "statusQuo"}}, "costLines": []}},
            "options": [
              {{"name": "Sourcewell", "kind": {{"type": "cooperativeContract"}},
                "startDelayMonths": {delay}, "costLines": [{option_lines}]}},
              {{"name": "Own RFP", "kind": {{"type": "ownSolicitation"}}, "costLines": []}}
            ]}}"#
        ))
        .unwrap()
    }

    const LINES: &str = r#"
        {"category": "acquisition", "description": "Vehicles",
         "timing": {"type": "oneTime", "year": 0, "amount": "100000.00"}},
        {"category": "maintenanceAndSupport", "description": "Service plan",
         "timing": {"type": "recurring", "fromYear": 1, "toYear": 5, "amount": "10000.00", "escalation": "0.05"}},
        {"category": "internalStaffTime", "description": "Fleet manager",
         "timing": {"type": "recurring", "fromYear": 1, "toYear": 5, "amount": "5000.00"}},
        {"category": "savingsOrResidual", "description": "Resale",
         "timing": {"type": "oneTime", "year": 5, "amount": "-30000.00"}},
        {"category": "shippingAndInstallation", "description": "Upfitting by the dealer", "paidToVendor": true,
         "timing": {"type": "oneTime", "year": 0, "amount": "12000.00"}},
        {"category": "licencesAndSubscriptions", "description": "Telematics, bought elsewhere", "paidToVendor": false,
         "timing": {"type": "recurring", "fromYear": 1, "toYear": 5, "amount": "3000.00"}}"#;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn a_file_without_the_flag_reads_it_from_the_category_and_writes_it_back_without() {
        let comparison = comparison(LINES, 0);
        let lines = &comparison.options[0].cost_lines;
        let paid: Vec<bool> = lines.iter().map(CostLine::is_paid_to_vendor).collect();
        assert_eq!(
            paid,
            [true, true, false, false, true, false],
            "purchase and maintenance are paid to the vendor unless marked; staff time and \
             resale are not; an explicit flag wins either way"
        );
        assert_eq!(
            lines[0].paid_to_vendor, None,
            "an unmarked line stays unmarked"
        );
        let written = comparison.to_json();
        assert_eq!(
            written.matches("paidToVendor").count(),
            2,
            "only the two marked lines carry the flag when saved again:\n{written}"
        );
        assert_eq!(Comparison::from_json(&written).unwrap(), comparison);
    }

    #[test]
    fn the_vendor_is_paid_the_marked_lines_over_the_term_escalated_as_the_engine_does() {
        let comparison = comparison(LINES, 0);
        let whole = vendor_payments(&comparison, 1, 5).unwrap();
        // 100,000 + 12,000 up front; service 10,000, 10,500, 11,025, 11,576.25, 12,155.06.
        assert_eq!(whole.total, d("167256.31"));
        assert_eq!(
            whole
                .counted
                .iter()
                .map(|l| (l.label.as_str(), l.amount))
                .collect::<Vec<_>>(),
            [
                ("Acquisition: Vehicles", d("100000.00")),
                ("Maintenance and support: Service plan", d("55256.31")),
                (
                    "Shipping and installation: Upfitting by the dealer",
                    d("12000.00")
                ),
            ]
        );
        assert_eq!(whole.left_out.len(), 3, "staff time, resale, telematics");
        let tco = crate::tco::compare(&comparison).unwrap().options[1].nominal_total;
        assert_ne!(
            whole.total, tco,
            "the total cost of ownership counts own costs and resale; the vendor is not paid those"
        );

        let two_years = vendor_payments(&comparison, 1, 2).unwrap();
        assert_eq!(two_years.through_year, 2);
        assert_eq!(two_years.total, d("132500.00"), "112,000 + 10,000 + 10,500");
        assert_eq!(
            vendor_payments(&comparison, 1, 40).unwrap().through_year,
            5,
            "a term past the horizon ends with it"
        );
    }

    #[test]
    fn an_option_that_starts_late_pays_the_vendor_what_falls_within_the_term() {
        // Six months late: the up-front purchase moves to year 1; each service year
        // splits half and half, the last half-year falling after the horizon.
        let late = comparison(LINES, 6);
        let payments = vendor_payments(&late, 1, 5).unwrap();
        assert_eq!(
            payments.total,
            d("161178.78"),
            "112,000 + 55,256.31 − half of 12,155.06 (6,077.53)"
        );
    }
}
