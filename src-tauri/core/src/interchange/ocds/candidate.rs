//! One contract (or award) of an OCDS release mapped to a library contract: who (buyer,
//! supplier), what (title, classifications, price lines), when (the periods) and under
//! which solicitation. Each part is its own function over the release; [`candidate`]
//! strings them together.
//!
//! Where the release says a thing in several places, the most specific wins: the
//! contract's over its award's over the tender's. A supplier named by several names (the
//! award's, the party's, the tenderer's with the same identifier, the legal name) keeps
//! the fullest as the vendor and the others as its other spellings: an award often names
//! the supplier by a cut-off form.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use super::super::values::{keep_unreadable, parse_date};
use super::super::FieldSet;
use super::{array_of, string_at, CoopDeskExtension};
use crate::library::contract::{AwardType, FIELDS};
use crate::library::price_list::PriceLine;
use crate::library::Contract;
use crate::FieldError;

pub(super) type Mapped = (Contract, Option<Vec<PriceLine>>, FieldSet);

/// What the clerk should check about a row, as (field, sentence).
pub(super) type Said = Vec<(&'static str, String)>;

/// Maps one contract (or award) of a release. `said` gets what the clerk should check.
pub(super) fn candidate(
    release: &Value,
    contract: Option<&Value>,
    award: Option<&Value>,
    said: &mut Said,
) -> std::result::Result<Mapped, Vec<FieldError>> {
    if let Some(extension) = contract.and_then(|c| c.get("coopdesk")) {
        return from_extension(extension);
    }
    let mut c = Contract::default();
    let parties = Parties(array_of(release, "parties"));
    identity(&mut c, release, contract, award, &parties);
    supplier(&mut c, release, award, &parties, said);
    award_kind(&mut c, release);
    solicitation(&mut c, release);
    dates(&mut c, release, contract, award, said);
    value(&mut c, contract, award, said);
    classifications(&mut c, release, contract, award);
    if let Some(ocid) = string_at(release, &["ocid"]) {
        c.sources.push(format!("OCDS {ocid}"));
    }
    let price_lines = price_lines(contract, award)?;
    let present = FIELDS
        .iter()
        .map(|(wire, _)| *wire)
        .filter(|wire| !super::super::csv::field_text(&c, wire).is_empty())
        .collect();
    let price_lines = (!price_lines.is_empty()).then_some(price_lines);
    Ok((c, price_lines, present))
}

/// A contract CoopDesk exported itself carries its whole record in an extension.
fn from_extension(extension: &Value) -> std::result::Result<Mapped, Vec<FieldError>> {
    match serde_json::from_value::<CoopDeskExtension>(extension.clone()) {
        Ok(ext) => {
            let mut record = ext.contract;
            record.id = None;
            Ok((record, Some(ext.price_lines), FieldSet::all()))
        }
        Err(e) => Err(vec![FieldError::new(
            "coopdesk",
            "CoopDesk extension",
            format!("cannot be read ({e}); the contract was left out."),
        )]),
    }
}

/// The release's parties: found by id, or failing that by role.
struct Parties<'a>(Vec<&'a Value>);

impl<'a> Parties<'a> {
    fn find(&self, id: Option<String>, role: &str) -> Option<&'a Value> {
        self.0
            .iter()
            .find(|p| id.is_some() && string_at(p, &["id"]) == id)
            .or_else(|| {
                self.0.iter().find(|p| {
                    array_of(p, "roles")
                        .iter()
                        .any(|r| r.as_str() == Some(role))
                })
            })
            .copied()
    }
}

/// The cooperative (the buyer), the lead agency, the number, the title, the description.
fn identity(
    c: &mut Contract,
    release: &Value,
    contract: Option<&Value>,
    award: Option<&Value>,
    parties: &Parties,
) {
    let buyer = parties.find(string_at(release, &["buyer", "id"]), "buyer");
    let buyer_name = string_at(release, &["buyer", "name"])
        .or_else(|| buyer.and_then(|b| string_at(b, &["name"])));
    let procuring = string_at(release, &["tender", "procuringEntity", "name"]);
    c.cooperative = buyer_name.clone().or(procuring.clone()).unwrap_or_default();
    c.lead_agency = procuring.or(buyer_name).unwrap_or_default();

    let pick = |path: &[&str]| -> Option<String> {
        contract
            .and_then(|v| string_at(v, path))
            .or_else(|| award.and_then(|v| string_at(v, path)))
    };
    c.contract_number = pick(&["id"]).unwrap_or_default();
    c.title = pick(&["title"])
        .or_else(|| string_at(release, &["tender", "title"]))
        .unwrap_or_default();
    c.description = pick(&["description"])
        .or_else(|| string_at(release, &["tender", "description"]))
        .unwrap_or_default();
}

/// The vendor, its contact, its other spellings and its size.
fn supplier(
    c: &mut Contract,
    release: &Value,
    award: Option<&Value>,
    parties: &Parties,
    said: &mut Said,
) {
    let supplier_ref = award.and_then(|a| array_of(a, "suppliers").into_iter().next());
    let supplier_id = supplier_ref.and_then(|s| string_at(s, &["id"]));
    let supplier = parties.find(supplier_id.clone(), "supplier");
    c.vendor_name = supplier_ref
        .and_then(|s| string_at(s, &["name"]))
        .or_else(|| supplier.and_then(|s| string_at(s, &["name"])))
        .unwrap_or_default();
    if let Some(supplier) = supplier {
        c.vendor_contact = string_at(supplier, &["contactPoint", "name"]).unwrap_or_default();
        c.vendor_email = string_at(supplier, &["contactPoint", "email"]).unwrap_or_default();
        c.vendor_phone = string_at(supplier, &["contactPoint", "telephone"]).unwrap_or_default();
    }
    let identifier = supplier_ref
        .and_then(|s| string_at(s, &["identifier", "id"]))
        .or_else(|| supplier.and_then(|s| string_at(s, &["identifier", "id"])));
    let mut names: Vec<(&str, String)> = Vec::new();
    if let Some(supplier) = supplier {
        names.extend(string_at(supplier, &["name"]).map(|n| ("party", n)));
    }
    if let Some(id) = &supplier_id {
        for tenderer in release
            .get("tender")
            .map(|t| array_of(t, "tenderers"))
            .unwrap_or_default()
        {
            let same_identifier =
                identifier.is_some() && string_at(tenderer, &["identifier", "id"]) == identifier;
            if string_at(tenderer, &["id"]).as_ref() == Some(id) || same_identifier {
                names.extend(string_at(tenderer, &["name"]).map(|n| ("tenderer", n)));
            }
        }
    }
    let legal = supplier.and_then(|s| string_at(s, &["identifier", "legalName"]));
    full_vendor_name(c, &names, said);
    for name in names.into_iter().map(|(_, n)| n).chain(legal) {
        if !name.is_empty()
            && super::super::keys::same(&name) != super::super::keys::same(&c.vendor_name)
            && !c.vendor_aliases.contains(&name)
        {
            c.vendor_aliases.push(name);
        }
    }
    // The supplier's size as OCDS states it (party `details.scale`); OCDS has no field
    // for ownership or for being local, so those stay unknown.
    c.small_business = supplier
        .and_then(|s| string_at(s, &["details", "scale"]))
        .and_then(|scale| match scale.as_str() {
            "sme" | "micro" | "selfEmployed" => Some(true),
            "large" => Some(false),
            _ => None,
        });
}

/// When the award names the supplier by a cut-off form of a name the release gives the
/// same supplier elsewhere (`AnyCorp Cycle` for `AnyCorp Cycle Provision Ltd`), the full
/// name is the vendor and the cut-off one is kept as another spelling; the clerk is told.
fn full_vendor_name(c: &mut Contract, names: &[(&str, String)], said: &mut Said) {
    let awarded = c.vendor_name.clone();
    for (source, name) in names {
        let full = if is_cut_off_form(&awarded, name) {
            name
        } else if is_cut_off_form(name, &awarded) {
            &awarded
        } else {
            continue;
        };
        if full.chars().count() > c.vendor_name.chars().count() {
            c.vendor_name = full.clone();
        }
        said.push((
            "vendorName",
            format!(
                "the award names the supplier '{awarded}' and the {source} with the same \
                 identifier is '{name}', one a cut-off form of the other. The full name \
                 '{full}' is the vendor and the other is kept as another spelling; check \
                 it is the vendor's full name."
            ),
        ));
    }
    if c.vendor_name != awarded && !c.vendor_aliases.contains(&awarded) {
        c.vendor_aliases.push(awarded);
    }
}

/// Whether `short` is `long` cut off (case aside, a trailing `.`, `…` or space dropped).
fn is_cut_off_form(short: &str, long: &str) -> bool {
    let stem = short.trim_end_matches(['.', '…', ' ']).to_lowercase();
    !stem.is_empty()
        && short.chars().count() < long.chars().count()
        && long.to_lowercase().starts_with(stem.as_str())
}

/// Several awards, or an award to several suppliers, in the same process: a multiple
/// award, to as many suppliers as the release names. One award to one supplier says
/// nothing of the awards a release does not list, so it stays unknown.
fn award_kind(c: &mut Contract, release: &Value) {
    let mut awardees: Vec<String> = Vec::new();
    for award in array_of(release, "awards") {
        if matches!(
            string_at(award, &["status"]).as_deref(),
            Some("cancelled" | "unsuccessful")
        ) {
            continue;
        }
        for supplier in array_of(award, "suppliers") {
            let key = string_at(supplier, &["id"])
                .or_else(|| string_at(supplier, &["name"]).map(|n| super::super::keys::same(&n)));
            if let Some(key) = key {
                if !awardees.contains(&key) {
                    awardees.push(key);
                }
            }
        }
    }
    if awardees.len() > 1 {
        c.award_type = Some(AwardType::Multiple);
        c.awardee_count = u32::try_from(awardees.len()).ok();
    }
}

/// The tender's number, method and number of responses.
fn solicitation(c: &mut Contract, release: &Value) {
    let tender = release.get("tender");
    c.solicitation_number = tender
        .and_then(|t| string_at(t, &["id"]))
        .unwrap_or_default();
    c.solicitation_method = tender
        .and_then(|t| string_at(t, &["procurementMethodDetails"]))
        .or_else(|| tender.and_then(|t| string_at(t, &["procurementMethod"])))
        .unwrap_or_default();
    c.response_count = tender
        .and_then(|t| t.get("numberOfTenderers"))
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok());
}

/// The tender, award and contract periods. A date that cannot be read leaves its field
/// empty and is kept as published, the row listed to check (as in a CSV).
fn dates(
    c: &mut Contract,
    release: &Value,
    contract: Option<&Value>,
    award: Option<&Value>,
    said: &mut Said,
) {
    let tender = release.get("tender");
    let period = |key: &str| {
        contract
            .and_then(|v| string_at(v, &["period", key]))
            .or_else(|| award.and_then(|a| string_at(a, &["contractPeriod", key])))
    };
    let found = [
        (
            "solicitationIssued",
            tender.and_then(|t| string_at(t, &["tenderPeriod", "startDate"])),
        ),
        ("awardDate", award.and_then(|a| string_at(a, &["date"]))),
        ("effectiveDate", period("startDate")),
        ("expiryDate", period("endDate")),
        ("finalExpiryDate", period("maxExtentDate")),
    ];
    for (field, text) in found {
        let Some(text) = text else { continue };
        let day: Option<NaiveDate> = match parse_date(&text) {
            Ok(day) => Some(day),
            Err(message) => {
                said.push((field, keep_unreadable(c, field, &text, &message)));
                None
            }
        };
        match field {
            "solicitationIssued" => c.solicitation_issued = day,
            "awardDate" => c.award_date = day,
            "effectiveDate" => c.effective_date = day,
            "expiryDate" => c.expiry_date = day,
            _ => c.final_expiry_date = day,
        }
    }
}

/// The contract's value (`value.amount`, the contract's else the award's), in dollars.
/// OCDS gives the total value; its kind is not said, so it stays unknown (a CoopDesk
/// export carries it in its extension). An amount in another currency, or one that is
/// not an amount, is kept as published and the row listed to check.
fn value(c: &mut Contract, contract: Option<&Value>, award: Option<&Value>, said: &mut Said) {
    let Some(value) = contract
        .and_then(|v| v.get("value"))
        .or_else(|| award.and_then(|a| a.get("value")))
        .filter(|v| v.get("amount").is_some_and(|a| !a.is_null()))
    else {
        return;
    };
    let text = match &value["amount"] {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let currency = string_at(value, &["currency"]).unwrap_or_else(|| "USD".to_owned());
    let read = if currency != "USD" {
        Err(format!(
            "'{text} {currency}' is not in US dollars; CoopDesk keeps contract values in \
             dollars."
        ))
    } else {
        text.parse::<Decimal>()
            .map_err(|_| format!("'{text}' is not an amount."))
    };
    match read {
        Ok(amount) => c.value = Some(super::super::cells::to_the_cent(amount)),
        Err(message) => said.push(("value", keep_unreadable(c, "value", &text, &message))),
    }
}

/// UNSPSC and NIGP codes by scheme; other schemes' words help search; the first item's
/// description names the category.
fn classifications(
    c: &mut Contract,
    release: &Value,
    contract: Option<&Value>,
    award: Option<&Value>,
) {
    let items: Vec<&Value> = [
        contract.map(|v| array_of(v, "items")),
        award.map(|v| array_of(v, "items")),
        release.get("tender").map(|v| array_of(v, "items")),
    ]
    .into_iter()
    .flatten()
    .flatten()
    .collect();
    for item in &items {
        let classes = item
            .get("classification")
            .into_iter()
            .chain(array_of(item, "additionalClassifications"));
        for class in classes {
            let scheme = string_at(class, &["scheme"])
                .unwrap_or_default()
                .to_uppercase();
            let Some(id) = string_at(class, &["id"]) else {
                continue;
            };
            let (list, entry) = match scheme.trim_start_matches("X_") {
                "UNSPSC" => (&mut c.unspsc_codes, id),
                "NIGP" => (&mut c.nigp_codes, id),
                _ => (
                    &mut c.keywords,
                    string_at(class, &["description"]).unwrap_or(id),
                ),
            };
            if !list.contains(&entry) {
                list.push(entry);
            }
        }
        if c.category.is_empty() {
            c.category = string_at(item, &["classification", "description"]).unwrap_or_default();
        }
    }
}

/// Price lines: the contract's (else the award's) items with a unit value. A unit value
/// that is not an amount leaves the contract out, naming it.
fn price_lines(
    contract: Option<&Value>,
    award: Option<&Value>,
) -> std::result::Result<Vec<PriceLine>, Vec<FieldError>> {
    let priced: Vec<&Value> = contract
        .map(|v| array_of(v, "items"))
        .filter(|i| !i.is_empty())
        .or_else(|| award.map(|v| array_of(v, "items")))
        .unwrap_or_default();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for item in priced {
        let Some(amount) = item
            .get("unit")
            .and_then(|u| u.get("value"))
            .and_then(|v| v.get("amount"))
        else {
            continue;
        };
        let unit_price = match amount {
            Value::Number(n) => n.to_string().parse::<Decimal>().ok(),
            Value::String(s) => s.parse::<Decimal>().ok(),
            _ => None,
        };
        match unit_price {
            Some(unit_price) => lines.push(PriceLine {
                item: string_at(item, &["description"])
                    .or_else(|| string_at(item, &["id"]))
                    .unwrap_or_else(|| "Item".into()),
                unit: string_at(item, &["unit", "name"]).unwrap_or_default(),
                unit_price,
                notes: string_at(item, &["unit", "value", "currency"])
                    .filter(|c| c != "USD")
                    .map(|c| format!("in {c}"))
                    .unwrap_or_default(),
            }),
            None => problems.push(FieldError::new(
                "priceLines",
                "Price list",
                format!("the unit value {amount} is not an amount."),
            )),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}
