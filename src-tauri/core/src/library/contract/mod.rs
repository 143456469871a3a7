//! The contract record: every fact due diligence needs about one cooperative contract,
//! its field names in plain words, and what a clerk could get wrong in it.
//!
//! Data only: [`store`] adds, changes, trashes and restores it in the library (its
//! functions are re-exported here, so `contract::get` reads one).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{Error, FieldError, Result};

pub mod store;

pub use store::{
    all, count, delete, get, insert, insert_all, mark_verified, restore, save, trash, update,
    TrashedContract,
};
pub(crate) use store::{insert_in_transaction, Inserter};

/// A cooperative contract, as stored in the library and sent to the UI.
///
/// List fields hold one entry per item. Dates are ISO dates; `expiry_as_published`
/// keeps the words the source used, because sources disagree and a clerk must see them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Contract {
    /// Database id; `None` for a contract not yet saved.
    pub id: Option<i64>,

    // identity
    pub cooperative: String,
    pub lead_agency: String,
    pub contract_number: String,
    /// Other ways the number is written (`091521 -NAF`, `RFP #091521`).
    pub number_variants: Vec<String>,
    pub title: String,
    pub vendor_name: String,
    /// Other spellings of the vendor's name found in sources.
    pub vendor_aliases: Vec<String>,
    pub vendor_contact: String,
    pub vendor_email: String,
    pub vendor_phone: String,

    // supplier, as the source states it (`None` / empty = the source does not say)
    /// A small business (OCDS `scale` "sme" or "micro").
    pub small_business: Option<bool>,
    /// Two-letter codes of the states where the supplier counts as local.
    pub local_states: Vec<String>,
    pub minority_owned: Option<bool>,
    pub woman_owned: Option<bool>,
    pub veteran_owned: Option<bool>,

    // what
    pub category: String,
    pub nigp_codes: Vec<String>,
    pub unspsc_codes: Vec<String>,
    pub description: String,
    pub keywords: Vec<String>,

    // solicitation
    pub solicitation_number: String,
    /// RFP, IFB, RFQ…
    pub solicitation_method: String,
    pub solicitation_issued: Option<NaiveDate>,
    pub response_count: Option<u32>,
    /// Whether the solicitation named other agencies as eligible users; `None` = unknown.
    pub cooperative_clause: Option<bool>,
    /// One supplier or several; `None` = unknown.
    pub award_type: Option<AwardType>,
    /// How many suppliers a multiple award went to, when known.
    pub awardee_count: Option<u32>,

    // dates
    pub award_date: Option<NaiveDate>,
    pub effective_date: Option<NaiveDate>,
    /// The current expiry.
    pub expiry_date: Option<NaiveDate>,
    pub expiry_as_published: String,
    /// The renewal options in the source's words, kept beside the same as data.
    pub renewal_options: String,
    /// How many renewal options the contract has (0: none); `None` = not recorded. Left
    /// empty with `renewal_months`, both are read from `renewal_options` when it says
    /// them plainly ("two (2) one-year renewals"), on every save and import.
    pub renewal_count: Option<u32>,
    /// How long each renewal option is, in months.
    pub renewal_months: Option<u32>,
    /// How many of the options have been used (the current expiry includes them);
    /// `None` = none recorded.
    pub renewals_used: Option<u32>,
    /// The last possible expiry if every renewal is taken.
    pub final_expiry_date: Option<NaiveDate>,

    // eligibility
    /// City, county, school, special district, state agency, non-profit…
    pub entity_types: Vec<String>,
    /// Two-letter state codes where the contract may be used; empty means all states.
    pub eligible_states: Vec<String>,
    pub eligibility_notes: String,

    // terms
    /// Discount off list, fixed price list, rate card…
    pub pricing_basis: String,
    /// The cooperative's admin fee as a percentage, when published.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub admin_fee_percent: Option<Decimal>,
    pub admin_fee_notes: String,
    /// The contract's value as the source states it (a maximum, an estimate or an annual
    /// amount, see `value_kind`), in dollars to the cent; `None` = not stated.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub value: Option<Decimal>,
    /// What kind of value `value` is; `None` = the source does not say.
    pub value_kind: Option<ValueKind>,
    pub warranty: String,
    pub insurance_notes: String,

    // provenance
    pub sources: Vec<String>,
    pub last_verified: Option<NaiveDate>,
    pub notes: String,
    pub tags: Vec<String>,
}

/// How many suppliers the solicitation was awarded to. It matters to a buyer: using a
/// multiple-award contract may need a documented choice among the awardees (New York's
/// General Municipal Law §103 guidance, for one), a single award does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AwardType {
    /// Awarded to one supplier.
    Single,
    /// Awarded to several suppliers.
    Multiple,
}

impl AwardType {
    pub const ALL: [AwardType; 2] = [AwardType::Single, AwardType::Multiple];

    /// The stored, wire and CSV name.
    pub fn key(self) -> &'static str {
        match self {
            AwardType::Single => "single",
            AwardType::Multiple => "multiple",
        }
    }

    pub fn from_key(key: &str) -> Option<AwardType> {
        AwardType::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// What a contract's value stands for: registers publish a ceiling ("not to exceed", a
/// "$ limit"), an estimate, or an amount per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ValueKind {
    /// The most that may be spent under the contract.
    Maximum,
    /// What the contract is expected to cost, not a limit.
    Estimated,
    /// An amount per year.
    Annual,
}

impl ValueKind {
    pub const ALL: [ValueKind; 3] = [ValueKind::Maximum, ValueKind::Estimated, ValueKind::Annual];

    /// The stored, wire and CSV name.
    pub fn key(self) -> &'static str {
        match self {
            ValueKind::Maximum => "maximum",
            ValueKind::Estimated => "estimated",
            ValueKind::Annual => "annual",
        }
    }

    pub fn from_key(key: &str) -> Option<ValueKind> {
        ValueKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// In plain words, as the detail pane and the memo say it.
    pub fn words(self) -> &'static str {
        match self {
            ValueKind::Maximum => "maximum",
            ValueKind::Estimated => "estimated",
            ValueKind::Annual => "per year",
        }
    }
}

/// The largest contract value CoopDesk holds, in whole dollars: far beyond any real
/// contract, small enough that its cents fit SQLite's integers with room to sum.
pub const MAX_VALUE_DOLLARS: i64 = 1_000_000_000_000;

/// Every field of [`Contract`] as `(wire name, plain words)`, in the order of the form.
/// History entries and validation errors use both: the wire name to place a message
/// beside its field, the plain words to show.
pub const FIELDS: &[(&str, &str)] = &[
    ("cooperative", "Cooperative"),
    ("leadAgency", "Lead agency"),
    ("contractNumber", "Contract number"),
    ("numberVariants", "Other forms of the number"),
    ("title", "Title"),
    ("vendorName", "Vendor"),
    ("vendorAliases", "Other spellings of the vendor"),
    ("vendorContact", "Vendor contact"),
    ("vendorEmail", "Vendor email"),
    ("vendorPhone", "Vendor phone"),
    ("smallBusiness", "Small business"),
    ("localStates", "Local supplier in"),
    ("minorityOwned", "Minority-owned"),
    ("womanOwned", "Woman-owned"),
    ("veteranOwned", "Veteran-owned"),
    ("category", "Category"),
    ("nigpCodes", "NIGP codes"),
    ("unspscCodes", "UNSPSC codes"),
    ("description", "Description"),
    ("keywords", "Keywords"),
    ("solicitationNumber", "Solicitation number"),
    ("solicitationMethod", "Solicitation method"),
    ("solicitationIssued", "Solicitation issued"),
    ("responseCount", "Number of responses"),
    ("cooperativeClause", "Cooperative clause"),
    ("awardType", "Award type"),
    ("awardeeCount", "Number of awardees"),
    ("awardDate", "Award date"),
    ("effectiveDate", "Effective date"),
    ("expiryDate", "Expiry date"),
    ("expiryAsPublished", "Expiry as published"),
    ("renewalOptions", "Renewal options"),
    ("renewalCount", "Number of renewal options"),
    ("renewalMonths", "Months each renewal"),
    ("renewalsUsed", "Renewals used"),
    ("finalExpiryDate", "Final possible expiry"),
    ("entityTypes", "Entity types"),
    ("eligibleStates", "States where usable"),
    ("eligibilityNotes", "Eligibility notes"),
    ("pricingBasis", "Pricing basis"),
    ("adminFeePercent", "Admin fee"),
    ("adminFeeNotes", "Admin fee notes"),
    ("value", "Contract value"),
    ("valueKind", "Kind of value"),
    ("warranty", "Warranty"),
    ("insuranceNotes", "Insurance and bonding notes"),
    ("sources", "Sources"),
    ("lastVerified", "Last verified"),
    ("notes", "Notes"),
    ("tags", "Tags"),
];

/// The plain words for a field's wire name (the wire name itself if unknown).
pub fn field_label(field: &str) -> &str {
    FIELDS
        .iter()
        .find(|(key, _)| *key == field)
        .map_or(field, |(_, label)| label)
}

fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(field, field_label(field), message)
}

impl Contract {
    /// Checks what a clerk could get wrong; `Err` lists every field to fix at once.
    pub fn validate(&self) -> Result<()> {
        let errors = self.validation_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidFields(errors))
        }
    }

    /// The dates that cannot all be true: solicitation issued ≤ award ≤ effective ≤
    /// expiry ≤ final possible expiry, checked wherever two are given (each date against
    /// the nearest earlier one given), each problem a sentence naming both dates.
    pub fn date_order_errors(&self) -> Vec<FieldError> {
        let chain = [
            (
                "solicitationIssued",
                "the solicitation date",
                self.solicitation_issued,
            ),
            ("awardDate", "the award date", self.award_date),
            ("effectiveDate", "the effective date", self.effective_date),
            ("expiryDate", "the current expiry", self.expiry_date),
            (
                "finalExpiryDate",
                "the final possible expiry",
                self.final_expiry_date,
            ),
        ];
        let mut errors = Vec::new();
        let mut earlier: Option<(&str, NaiveDate)> = None;
        for (field, words, date) in chain {
            let Some(date) = date else { continue };
            if let Some((earlier_words, earlier_date)) = earlier {
                if date < earlier_date {
                    errors.push(field_error(
                        field,
                        format!(
                            "{date} is before {earlier_words} {earlier_date}. Check both dates."
                        ),
                    ));
                    continue;
                }
            }
            earlier = Some((words, date));
        }
        errors
    }

    /// Every field that does not pass validation, each named in plain words with a
    /// sentence saying what to do. Empty when the contract can be saved (duplicates
    /// aside, which need the library: see [`insert`] and [`update`]).
    pub fn validation_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (value, field) in [
            (&self.cooperative, "cooperative"),
            (&self.contract_number, "contractNumber"),
            (&self.title, "title"),
            (&self.vendor_name, "vendorName"),
        ] {
            if value.trim().is_empty() {
                errors.push(field_error(field, "is required."));
            }
        }
        errors.extend(self.date_order_errors());
        if let Some(fee) = self.admin_fee_percent {
            if fee.is_sign_negative() || fee > Decimal::ONE_HUNDRED {
                errors.push(field_error(
                    "adminFeePercent",
                    format!("{fee}% is not a percentage between 0 and 100."),
                ));
            }
        }
        for state in &self.eligible_states {
            if !is_state_code(state) {
                errors.push(field_error(
                    "eligibleStates",
                    format!(
                        "'{state}' is not a two-letter state code (write TX, not Texas). \
                         Leave the list empty if the contract is usable in every state."
                    ),
                ));
            }
        }
        for state in &self.local_states {
            if !is_state_code(state) {
                errors.push(field_error(
                    "localStates",
                    format!(
                        "'{state}' is not a two-letter state code (write TX, not Texas). \
                         Leave the list empty if the source does not say where the \
                         supplier is local."
                    ),
                ));
            }
        }
        errors.extend(self.value_errors());
        errors.extend(self.renewal_errors());
        if let Some(count) = self.awardee_count {
            if self.award_type != Some(AwardType::Multiple) {
                errors.push(field_error(
                    "awardeeCount",
                    format!(
                        "{count} awardees is for a multiple award; choose \"multiple award\" \
                         as the award type, or leave the number empty."
                    ),
                ));
            } else if count < 2 {
                errors.push(field_error(
                    "awardeeCount",
                    format!(
                        "a multiple award goes to at least 2 suppliers, not {count}; choose \
                         \"single award\" for one supplier, or leave the number empty if unknown."
                    ),
                ));
            }
        }
        errors
    }
}

impl Contract {
    /// The value is dollars to the cent, not negative, within [`MAX_VALUE_DOLLARS`]; a
    /// kind needs an amount.
    fn value_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match self.value {
            Some(value) if value.is_sign_negative() && !value.is_zero() => {
                errors.push(field_error(
                    "value",
                    format!("−${} is negative; a contract's value is not.", value.abs()),
                ))
            }
            Some(value) if value.normalize().scale() > 2 => errors.push(field_error(
                "value",
                format!("{value} has more than two decimals; write the value to the cent."),
            )),
            Some(value) if value > Decimal::from(MAX_VALUE_DOLLARS) => errors.push(field_error(
                "value",
                format!("{value} is beyond any contract CoopDesk holds (a trillion dollars)."),
            )),
            None if self.value_kind.is_some() => errors.push(field_error(
                "valueKind",
                "says what kind of value, but there is no value; give the amount or leave the \
                 kind empty.",
            )),
            _ => {}
        }
        errors
    }

    /// The renewal options as data: a length of 1 to 120 months, given with a number of
    /// options; no more used than there are.
    fn renewal_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(months) = self.renewal_months {
            if !(1..=120).contains(&months) {
                errors.push(field_error(
                    "renewalMonths",
                    format!(
                        "{months} months is not a renewal length; write 1 to 120 (12 for a year)."
                    ),
                ));
            }
            if self.renewal_count.is_none() {
                errors.push(field_error(
                    "renewalCount",
                    "is needed with the months each renewal lasts; give how many options, or leave both empty.",
                ));
            }
        }
        if let Some(used) = self.renewals_used {
            let count = self.renewal_facts().options().map_or(0, |o| o.count);
            if used > count {
                errors.push(field_error(
                    "renewalsUsed",
                    format!("{used} used is more than the {count} renewal options recorded."),
                ));
            }
        }
        errors
    }

    /// The renewal facts as `crate::renewal` reads them.
    pub fn renewal_facts(&self) -> crate::renewal::Facts<'_> {
        crate::renewal::Facts {
            expiry: self.expiry_date,
            final_expiry: self.final_expiry_date,
            count: self.renewal_count,
            months: self.renewal_months,
            used: self.renewals_used,
            text: &self.renewal_options,
        }
    }

    /// The value in whole cents, as the library stores it (validated: `None` for no value).
    pub fn value_cents(&self) -> Option<i64> {
        use rust_decimal::prelude::ToPrimitive;
        self.value
            .and_then(|v| (v * Decimal::ONE_HUNDRED).round().to_i64())
    }
}

fn is_state_code(state: &str) -> bool {
    state.len() == 2 && state.bytes().all(|b| b.is_ascii_alphabetic())
}

/// The contract as a JSON object, field by wire name.
pub(crate) fn as_object(contract: &Contract) -> serde_json::Map<String, Value> {
    match serde_json::to_value(contract).expect("a contract always serialises") {
        Value::Object(map) => map,
        _ => unreachable!("a struct serialises to an object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_field_has_plain_words_for_history_and_errors() {
        let fields = as_object(&Contract::default());
        for key in fields.keys().filter(|key| *key != "id") {
            assert!(
                FIELDS.iter().any(|(field, _)| field == key),
                "the field {key} would show in history without a label"
            );
        }
        assert_eq!(
            FIELDS.len(),
            fields.len() - 1,
            "FIELDS lists a field Contract lacks"
        );
    }
}
