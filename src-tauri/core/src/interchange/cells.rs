//! One field of a contract as the text of a spreadsheet cell, both ways: [`set_field`]
//! reads a cell into its field (dates, yes/no, lists, percentages by the rules of
//! `values`), [`field_text`] writes a field as its cell. The CSV and workbook readers,
//! the mapping's values for every row and the exporters share them, so a field reads and
//! writes the same way in every format.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::values::{
    parse_award_type, parse_count, parse_date, parse_list, parse_money, parse_percent,
    parse_value_kind, parse_yes_no, LIST_SEPARATOR,
};
use crate::library::Contract;

/// A list cell of state codes, upper-cased (validation names any that is not a code).
fn state_codes(text: &str) -> Vec<String> {
    parse_list(text)
        .into_iter()
        .map(|s| s.to_uppercase())
        .collect()
}

/// Whether a value for every row reads as its field (`Err`: the sentence saying why not).
pub(crate) fn check_constant(field: &str, value: &str) -> std::result::Result<(), String> {
    set_field(&mut Contract::default(), field, value)
}

/// Sets one field of `contract` from a cell; `Err` is the sentence for the clerk.
pub(crate) fn set_field(
    contract: &mut Contract,
    field: &str,
    cell: &str,
) -> std::result::Result<(), String> {
    let text = cell.trim();
    let c = contract;
    let date = |text: &str| -> std::result::Result<Option<NaiveDate>, String> {
        if text.is_empty() {
            Ok(None)
        } else {
            parse_date(text).map(Some)
        }
    };
    let owned = text.to_owned();
    match field {
        "cooperative" => c.cooperative = owned,
        "leadAgency" => c.lead_agency = owned,
        "contractNumber" => c.contract_number = owned,
        "numberVariants" => c.number_variants = parse_list(text),
        "title" => c.title = owned,
        "vendorName" => c.vendor_name = owned,
        "vendorAliases" => c.vendor_aliases = parse_list(text),
        "vendorContact" => c.vendor_contact = owned,
        "vendorEmail" => c.vendor_email = owned,
        "vendorPhone" => c.vendor_phone = owned,
        "smallBusiness" => c.small_business = parse_yes_no(text)?,
        "localStates" => c.local_states = state_codes(text),
        "minorityOwned" => c.minority_owned = parse_yes_no(text)?,
        "womanOwned" => c.woman_owned = parse_yes_no(text)?,
        "veteranOwned" => c.veteran_owned = parse_yes_no(text)?,
        "category" => c.category = owned,
        "nigpCodes" => c.nigp_codes = parse_list(text),
        "unspscCodes" => c.unspsc_codes = parse_list(text),
        "description" => c.description = owned,
        "keywords" => c.keywords = parse_list(text),
        "solicitationNumber" => c.solicitation_number = owned,
        "solicitationMethod" => c.solicitation_method = owned,
        "solicitationIssued" => c.solicitation_issued = date(text)?,
        "responseCount" => {
            c.response_count = if text.is_empty() {
                None
            } else {
                Some(parse_count(text)?)
            }
        }
        "cooperativeClause" => c.cooperative_clause = parse_yes_no(text)?,
        "awardType" => c.award_type = parse_award_type(text)?,
        "awardeeCount" => {
            c.awardee_count = if text.is_empty() {
                None
            } else {
                Some(parse_count(text)?)
            }
        }
        "awardDate" => c.award_date = date(text)?,
        "effectiveDate" => c.effective_date = date(text)?,
        "expiryDate" => c.expiry_date = date(text)?,
        "expiryAsPublished" => c.expiry_as_published = owned,
        "renewalOptions" => c.renewal_options = owned,
        "renewalCount" | "renewalMonths" | "renewalsUsed" => {
            let n = if text.is_empty() {
                None
            } else {
                Some(parse_count(text)?)
            };
            match field {
                "renewalCount" => c.renewal_count = n,
                "renewalMonths" => c.renewal_months = n,
                _ => c.renewals_used = n,
            }
        }
        "finalExpiryDate" => c.final_expiry_date = date(text)?,
        "entityTypes" => c.entity_types = parse_list(text),
        "eligibleStates" => c.eligible_states = state_codes(text),
        "eligibilityNotes" => c.eligibility_notes = owned,
        "pricingBasis" => c.pricing_basis = owned,
        "adminFeePercent" => {
            c.admin_fee_percent = if text.is_empty() {
                None
            } else {
                Some(parse_percent(text)?)
            }
        }
        "adminFeeNotes" => c.admin_fee_notes = owned,
        "value" => {
            c.value = if text.is_empty() {
                None
            } else {
                Some(to_the_cent(parse_money(text)?))
            }
        }
        "valueKind" => c.value_kind = parse_value_kind(text)?,
        "warranty" => c.warranty = owned,
        "insuranceNotes" => c.insurance_notes = owned,
        "sources" => c.sources = parse_list(text),
        "lastVerified" => c.last_verified = date(text)?,
        "notes" => c.notes = owned,
        "tags" => c.tags = parse_list(text),
        other => return Err(format!("'{other}' is not a CoopDesk field.")),
    }
    Ok(())
}

/// One field of `contract` as the text of its CSV cell (before neutralising).
pub(crate) fn field_text(contract: &Contract, field: &str) -> String {
    let c = contract;
    let list = |items: &[String]| items.join(LIST_SEPARATOR);
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let decimal = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let yes_no = |answer: Option<bool>| match answer {
        Some(true) => "yes".to_owned(),
        Some(false) => "no".to_owned(),
        None => String::new(),
    };
    match field {
        "cooperative" => c.cooperative.clone(),
        "leadAgency" => c.lead_agency.clone(),
        "contractNumber" => c.contract_number.clone(),
        "numberVariants" => list(&c.number_variants),
        "title" => c.title.clone(),
        "vendorName" => c.vendor_name.clone(),
        "vendorAliases" => list(&c.vendor_aliases),
        "vendorContact" => c.vendor_contact.clone(),
        "vendorEmail" => c.vendor_email.clone(),
        "vendorPhone" => c.vendor_phone.clone(),
        "smallBusiness" => yes_no(c.small_business),
        "localStates" => list(&c.local_states),
        "minorityOwned" => yes_no(c.minority_owned),
        "womanOwned" => yes_no(c.woman_owned),
        "veteranOwned" => yes_no(c.veteran_owned),
        "category" => c.category.clone(),
        "nigpCodes" => list(&c.nigp_codes),
        "unspscCodes" => list(&c.unspsc_codes),
        "description" => c.description.clone(),
        "keywords" => list(&c.keywords),
        "solicitationNumber" => c.solicitation_number.clone(),
        "solicitationMethod" => c.solicitation_method.clone(),
        "solicitationIssued" => date(c.solicitation_issued),
        "responseCount" => c.response_count.map(|n| n.to_string()).unwrap_or_default(),
        "cooperativeClause" => yes_no(c.cooperative_clause),
        "awardType" => c.award_type.map(|t| t.key().to_owned()).unwrap_or_default(),
        "awardeeCount" => c.awardee_count.map(|n| n.to_string()).unwrap_or_default(),
        "awardDate" => date(c.award_date),
        "effectiveDate" => date(c.effective_date),
        "expiryDate" => date(c.expiry_date),
        "expiryAsPublished" => c.expiry_as_published.clone(),
        "renewalOptions" => c.renewal_options.clone(),
        "renewalCount" => c.renewal_count.map(|n| n.to_string()).unwrap_or_default(),
        "renewalMonths" => c.renewal_months.map(|n| n.to_string()).unwrap_or_default(),
        "renewalsUsed" => c.renewals_used.map(|n| n.to_string()).unwrap_or_default(),
        "finalExpiryDate" => date(c.final_expiry_date),
        "entityTypes" => list(&c.entity_types),
        "eligibleStates" => list(&c.eligible_states),
        "eligibilityNotes" => c.eligibility_notes.clone(),
        "pricingBasis" => c.pricing_basis.clone(),
        "adminFeePercent" => decimal(c.admin_fee_percent),
        "adminFeeNotes" => c.admin_fee_notes.clone(),
        "value" => c
            .value
            .map(to_the_cent)
            .map(|v| v.to_string())
            .unwrap_or_default(),
        "valueKind" => c.value_kind.map(|k| k.key().to_owned()).unwrap_or_default(),
        "warranty" => c.warranty.clone(),
        "insuranceNotes" => c.insurance_notes.clone(),
        "sources" => list(&c.sources),
        "lastVerified" => date(c.last_verified),
        "notes" => c.notes.clone(),
        "tags" => list(&c.tags),
        _ => String::new(),
    }
}

/// A contract value written to the cent (`1250000.5` → `1250000.50`), as the library
/// stores it, so that a value read from a spreadsheet's number cell equals the library's;
/// a value with more decimals is left as it is for validation to name.
pub(crate) fn to_the_cent(mut value: Decimal) -> Decimal {
    if value.scale() <= 2 {
        value.rescale(2);
    }
    value
}
