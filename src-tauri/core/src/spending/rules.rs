//! The guard rails auditors look for, each a plain sentence: past the not-to-exceed,
//! bought under an action that approved nothing, dated after the contract's expiry or
//! outside the approved term, change orders past the jurisdiction's threshold, a line
//! above the contract's price list, a fiscal year the approval does not cover.
//!
//! A rule never refuses: CoopDesk records what happened and flags it. The store records a
//! purchase that breaks one only with the clerk's reason, kept in the history with the
//! rule, this sentence and the date. Each function here takes data and answers the
//! warnings; none reaches the database.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::figures::Figures;
use super::model::{Approval, PurchaseLine, Rule, Warning};
use crate::library::contract::Contract;
use crate::library::price_list::PriceLine;
use crate::renewal::Extension;
use crate::settings::ChangeOrderThreshold;
use crate::tco::dollars;

fn warning(rule: Rule, sentence: String) -> Warning {
    Warning { rule, sentence }
}

/// The last day the contract could be extended to with every renewal left: its recorded
/// final expiry, else its expiry plus the renewal options not yet used (see
/// [`crate::renewal`]). Options recorded only as unclear words extend nothing here: the
/// purchase is flagged and the sentence says to verify.
pub fn last_extendable_date(contract: &Contract) -> Option<NaiveDate> {
    match contract.renewal_facts().extension() {
        Extension::Until(last) => Some(contract.expiry_date.map_or(last, |now| last.max(now))),
        Extension::None | Extension::Unclear => contract.expiry_date,
    }
}

/// Past the not-to-exceed: committed plus invoiced goes above it, and this change raised
/// it (lowering an overrun that exists already needs no reason).
pub fn past_not_to_exceed(
    approval: &Approval,
    before: &Figures,
    after: &Figures,
) -> Option<Warning> {
    let limit = approval.not_to_exceed?;
    let (was, now) = (before.exposure(), after.exposure());
    if now <= limit || now <= was {
        return None;
    }
    Some(warning(
        Rule::NotToExceed,
        format!(
            "This takes committed and invoiced spending under {} to {}, {} past the {} \
             not-to-exceed the council approved.",
            approval.citation(),
            dollars(now),
            dollars(now - limit),
            dollars(limit)
        ),
    ))
}

/// A purchase under an action that authorised no spending (tabled, denied).
pub fn not_approved(approval: &Approval, what: &str) -> Option<Warning> {
    if approval.outcome.authorises() {
        return None;
    }
    Some(warning(
        Rule::NotApproved,
        format!(
            "{what} is recorded under {}, which the council {}; it authorised no spending.",
            approval.citation(),
            approval.outcome.words()
        ),
    ))
}

/// Dated after the contract's current expiry (saying when it may still be extended to),
/// or outside the term the council approved.
pub fn dated(
    what: &str,
    date: NaiveDate,
    approval: &Approval,
    contract: &Contract,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some(expiry) = contract.expiry_date.filter(|expiry| date > *expiry) {
        let sentence = match last_extendable_date(contract).filter(|last| date <= *last) {
            Some(last) => format!(
                "{what} is dated {date}, after contract {}'s current expiry ({expiry}); it \
                 may be extended to {last} — verify the renewal was taken.",
                contract.contract_number
            ),
            None => format!(
                "{what} is dated {date}, after contract {} expired ({}).",
                contract.contract_number,
                match last_extendable_date(contract).filter(|last| *last > expiry) {
                    Some(last) => format!("{expiry}; its last possible extension ended {last}"),
                    None => format!("on {expiry}"),
                }
            ),
        };
        warnings.push(warning(Rule::ContractExpired, sentence));
    }
    let before = approval.term_from.filter(|from| date < *from);
    let after = approval.term_to.filter(|to| date > *to);
    if before.is_some() || after.is_some() {
        let term = match (approval.term_from, approval.term_to) {
            (Some(from), Some(to)) => format!("{from} to {to}"),
            (Some(from), None) => format!("from {from}"),
            (None, Some(to)) => format!("until {to}"),
            (None, None) => String::new(),
        };
        warnings.push(warning(
            Rule::OutsideTerm,
            format!(
                "{what} is dated {date}, outside the term {} approved ({term}).",
                approval.citation()
            ),
        ));
    }
    warnings
}

/// Charged to a fiscal year the approval does not list (when it lists any).
pub fn fiscal_year(what: &str, fiscal_year: &str, approval: &Approval) -> Option<Warning> {
    let year = fiscal_year.trim();
    if approval.fiscal_years.is_empty()
        || year.is_empty()
        || approval
            .fiscal_years
            .iter()
            .any(|y| y.trim().eq_ignore_ascii_case(year))
    {
        return None;
    }
    Some(warning(
        Rule::FiscalYear,
        format!(
            "{what} is charged to {year}, which {} does not cover (it covers {}).",
            approval.citation(),
            approval.fiscal_years.join(", ")
        ),
    ))
}

/// The item's name as price lists are compared: case and spacing ignored.
fn item_key(item: &str) -> String {
    item.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Each line priced above the contract's price list for the same item.
pub fn above_price_list(lines: &[PurchaseLine], price_list: &[PriceLine]) -> Vec<Warning> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let listed = price_list
                .iter()
                .find(|p| item_key(&p.item) == item_key(&line.item))?;
            (line.unit_price > listed.unit_price).then(|| {
                let unit = if listed.unit.trim().is_empty() {
                    String::new()
                } else {
                    format!(" per {}", listed.unit.trim())
                };
                warning(
                    Rule::AbovePriceList,
                    format!(
                        "Line {}, '{}', is priced at {}, above the contract's price list ({}{unit}).",
                        index + 1,
                        line.item,
                        dollars(line.unit_price),
                        dollars(listed.unit_price)
                    ),
                )
            })
        })
        .collect()
}

/// Change orders that together raise a PO past the threshold (a percentage of what it
/// was issued for, and/or an amount) beyond which a change needs new council action.
/// Only a change that raises the PO is judged.
pub fn change_order_threshold(
    po_number: &str,
    original: Decimal,
    changes_after: Decimal,
    change: Decimal,
    threshold: &ChangeOrderThreshold,
) -> Option<Warning> {
    if change <= Decimal::ZERO || changes_after <= Decimal::ZERO {
        return None;
    }
    let by_percent = threshold
        .percent
        .filter(|percent| changes_after * Decimal::ONE_HUNDRED > original * *percent);
    let by_amount = threshold.amount.filter(|amount| changes_after > *amount);
    let limit = match (by_percent, by_amount) {
        (Some(percent), _) => format!("{}% in Settings", percent.normalize()),
        (None, Some(amount)) => format!("{} in Settings", dollars(amount)),
        (None, None) => return None,
    };
    let share = if original.is_zero() {
        String::new()
    } else {
        let percent = (changes_after * Decimal::ONE_HUNDRED / original).round_dp(1);
        format!(
            " ({}% of its original {})",
            percent.normalize(),
            dollars(original)
        )
    };
    Some(warning(
        Rule::ChangeOrderThreshold,
        format!(
            "Change orders on PO {po_number} now add {}{share}, above the change-order \
             threshold of {limit}; a change this large needs new council action.",
            dollars(changes_after)
        ),
    ))
}

/// A purchase `what` of `amount` with no council action on file, above the
/// jurisdiction's `threshold` for council action (Settings).
pub fn no_council_action(
    what: &str,
    amount: Decimal,
    threshold: Option<Decimal>,
) -> Option<Warning> {
    let threshold = threshold?;
    if amount <= threshold {
        return None;
    }
    Some(warning(
        Rule::NoCouncilAction,
        format!(
            "{what} for {} has no council action on file, and purchases above {} need one \
             (Settings); record the council's action, or say why it was bought without.",
            dollars(amount),
            dollars(threshold)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spending::model::Outcome;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn approval() -> Approval {
        Approval {
            id: 1,
            contract_id: 1,
            memo_id: None,
            memo_version: None,
            outcome: Outcome::Approved,
            meeting_date: date("2026-01-13"),
            agenda_item: "7.B".into(),
            action_number: "Resolution 2026-04".into(),
            not_to_exceed: Some("74360.00".parse().unwrap()),
            term_from: Some(date("2026-02-01")),
            term_to: Some(date("2027-01-31")),
            renewals_need_vote: true,
            fiscal_years: vec!["FY2026".into(), "FY2027".into()],
            account_codes: Vec::new(),
            conditions: String::new(),
            document_ids: Vec::new(),
            revision: 1,
            recorded_at: date("2026-01-14").and_hms_opt(9, 0, 0).unwrap(),
        }
    }

    fn at(exposure: &str) -> Figures {
        Figures {
            authorised: "74360.00".parse().unwrap(),
            committed: Decimal::ZERO,
            invoiced: exposure.parse().unwrap(),
            paid: Decimal::ZERO,
            remaining: Decimal::ZERO,
            burn_rate: None,
            runs_out_on: None,
        }
    }

    #[test]
    fn going_past_the_not_to_exceed_says_by_how_much() {
        // The Washington county of the issue: $40,040 over a $74,360 maximum.
        let w = past_not_to_exceed(&approval(), &at("70000.00"), &at("114400.00")).unwrap();
        assert_eq!(
            w.sentence,
            "This takes committed and invoiced spending under Resolution 2026-04 of \
             2026-01-13 to $114,400.00, $40,040.00 past the $74,360.00 not-to-exceed the \
             council approved."
        );
        assert!(
            past_not_to_exceed(&approval(), &at("114400.00"), &at("114000.00")).is_none(),
            "lowering an overrun needs no reason"
        );
        assert!(past_not_to_exceed(&approval(), &at("0"), &at("74360.00")).is_none());
    }

    #[test]
    fn a_purchase_after_expiry_says_whether_the_contract_may_still_be_extended() {
        let contract = Contract {
            contract_number: "091521-NAF".into(),
            expiry_date: Some(date("2026-06-30")),
            final_expiry_date: Some(date("2027-06-30")),
            ..Contract::default()
        };
        let may = dated("PO 4501", date("2026-07-02"), &approval(), &contract);
        assert!(
            may[0].sentence.contains("may be extended to 2027-06-30"),
            "{may:?}"
        );
        let gone = dated("PO 4502", date("2027-07-02"), &approval(), &contract);
        assert_eq!(gone[0].rule, Rule::ContractExpired);
        assert!(
            gone[0]
                .sentence
                .contains("its last possible extension ended 2027-06-30"),
            "{gone:?}"
        );
        assert_eq!(gone[1].rule, Rule::OutsideTerm, "the term ended 2027-01-31");
    }

    #[test]
    fn change_orders_are_judged_by_percent_or_amount_together() {
        let ten = ChangeOrderThreshold {
            percent: Some("10".parse().unwrap()),
            amount: None,
        };
        let original: Decimal = "10000.00".parse().unwrap();
        let five: Decimal = "500.00".parse().unwrap();
        assert!(change_order_threshold("4501", original, five, five, &ten).is_none());
        let w = change_order_threshold("4501", original, "1200.00".parse().unwrap(), five, &ten)
            .unwrap();
        assert!(
            w.sentence
                .contains("now add $1,200.00 (12% of its original $10,000.00)"),
            "{w:?}"
        );
        let by_amount = ChangeOrderThreshold {
            percent: None,
            amount: Some("1000.00".parse().unwrap()),
        };
        assert!(change_order_threshold(
            "4501",
            original,
            "1000.01".parse().unwrap(),
            five,
            &by_amount
        )
        .is_some());
    }

    #[test]
    fn a_line_above_the_price_list_names_both_prices() {
        let list = [PriceLine {
            item: "Laptop  14in".into(),
            unit: "each".into(),
            unit_price: "1100.00".parse().unwrap(),
            notes: String::new(),
        }];
        let lines = [PurchaseLine {
            item: "laptop 14in".into(),
            quantity: "2".parse().unwrap(),
            unit_price: "1250.00".parse().unwrap(),
        }];
        let w = above_price_list(&lines, &list);
        assert_eq!(
            w[0].sentence,
            "Line 1, 'laptop 14in', is priced at $1,250.00, above the contract's price list \
             ($1,100.00 per each)."
        );
    }

    #[test]
    fn a_fiscal_year_outside_the_approval_is_flagged() {
        assert!(fiscal_year("PO 4501", "fy2027", &approval()).is_none());
        let w = fiscal_year("PO 4501", "FY2028", &approval()).unwrap();
        assert!(w.sentence.contains("charged to FY2028"), "{w:?}");
    }
}
