//! The one sentence of the recommendation that says what the cooperative route saves.
//!
//! A council asked to waive a solicitation wants to know what it gets for it: how much
//! buying through the contract saves against what it would otherwise do. That other
//! course is the least costly option (by present value) that is not a cooperative
//! contract — an own solicitation, or keeping the current system (the baseline is
//! always one). The figures are the engine's rounded totals, in dollars spent (nominal)
//! and in present value; when the contract costs more, the sentence says so plainly.

use rust_decimal::Decimal;

use crate::library::contract::Contract;
use crate::tco::{dollars, ComparisonResults, OptionKind, OptionResult};

/// "Buying through Sourcewell contract 091521-NAF saves $31,510.15 in dollars spent and
/// $27,000.00 in present value over FY2022 to FY2025, against "Own RFP", the least
/// costly way without a cooperative contract." `years` names the horizon ("FY2022 to
/// FY2025").
pub(crate) fn savings_sentence(
    results: &ComparisonResults,
    chosen: usize,
    contract: &Contract,
    years: &str,
) -> String {
    let option = &results.options[chosen];
    let route = format!(
        "Buying through {} contract {}",
        contract.cooperative.trim(),
        contract.contract_number.trim()
    );
    let Some(other) = otherwise(results, chosen) else {
        return format!("{route} is the only way to meet this need that was compared.");
    };
    let nominal = other.nominal_total - option.nominal_total;
    let present = other.present_value - option.present_value;
    let mut sentence = format!(
        "{route} {} over {}, against \"{}\"{}, the least costly way to meet the need \
         without a cooperative contract.",
        differences(nominal, present),
        years,
        other.name.trim(),
        if other.is_baseline {
            " (the baseline)"
        } else {
            ""
        },
    );
    if present < Decimal::ZERO {
        sentence.push_str(" The background explains why staff recommends it nonetheless.");
    }
    sentence
}

/// The option the council would pick without the contract: the lowest present value
/// among the options that are not cooperative contracts (the baseline included).
fn otherwise(results: &ComparisonResults, chosen: usize) -> Option<&OptionResult> {
    results
        .options
        .iter()
        .enumerate()
        .filter(|(index, o)| {
            *index != chosen
                && (o.is_baseline || !matches!(o.kind, OptionKind::CooperativeContract { .. }))
        })
        .map(|(_, o)| o)
        .min_by_key(|o| o.present_value)
}

/// "saves $1,200.00 in dollars spent and $1,100.00 in present value", "costs $1,200.00
/// more in dollars spent and $1,100.00 more in present value", "saves $100.00 in dollars
/// spent but costs $20.00 more in present value".
fn differences(nominal: Decimal, present: Decimal) -> String {
    let verb = |amount: Decimal| {
        if amount.is_zero() {
            "costs the same"
        } else if amount > Decimal::ZERO {
            "saves"
        } else {
            "costs"
        }
    };
    let amount = |amount: Decimal, measure: &str| {
        if amount.is_zero() {
            format!("in {measure}")
        } else if amount > Decimal::ZERO {
            format!("{} in {measure}", dollars(amount))
        } else {
            format!("{} more in {measure}", dollars(-amount))
        }
    };
    let first = format!("{} {}", verb(nominal), amount(nominal, "dollars spent"));
    if verb(nominal) == verb(present) {
        format!("{first} and {}", amount(present, "present value"))
    } else {
        format!(
            "{first} but {} {}",
            verb(present),
            amount(present, "present value")
        )
    }
}
