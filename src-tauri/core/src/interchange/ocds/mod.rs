//! OCDS 1.1 in and out.
//!
//! In: a release package (`releases`), a record package (each record's
//! `compiledRelease`) or a bare release. Every entry of a release's `contracts` becomes a
//! candidate (a release with awards but no contracts: every award). Unknown fields and
//! extensions are ignored. The mapping, both ways, is in `docs/import-export.md`.
//!
//! Out: a release package with one release per contract. CoopDesk's facts that OCDS
//! has no home for travel in an extension object of our own, `coopdesk`, on each
//! contract: the whole contract record and its price list exactly, so CoopDesk → OCDS →
//! CoopDesk gives back the same library. Other tools ignore it.
//!
//! Positions: an invalid "line" of an OCDS file is the contract's position (1-based)
//! in the order the file lists them.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

mod candidate;

use candidate::candidate;

use super::{Candidate, Format, Incoming, InvalidRow, PackedContract, RowWarning};
use crate::db::Database;
use crate::library::contract::field_label;
use crate::library::price_list::PriceLine;
use crate::library::Contract;
use crate::{Error, FieldError, Result};

/// The extension object CoopDesk puts on each OCDS contract.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CoopDeskExtension {
    /// The contract record as CoopDesk holds it (wire form, without the id).
    pub contract: Contract,
    pub price_lines: Vec<PriceLine>,
}

/// Reads an OCDS file. A file that is not JSON, or not OCDS, is an `Err` with a
/// sentence; a contract that cannot be mapped is an invalid row.
pub fn read(bytes: &[u8], file_name: &str) -> Result<Incoming> {
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            Error::File(format!(
                "{file_name} is not UTF-8 text (byte {}); OCDS files are JSON in UTF-8.",
                e.valid_up_to()
            ))
        })?;
    let (root, repeated) = crate::json::parse_noting_repeats(text).map_err(|e| {
        Error::File(format!(
            "{file_name} is not complete JSON (line {}, column {}: {e}). It may be \
             truncated; download it again.",
            e.line(),
            e.column()
        ))
    })?;
    let mut incoming = Incoming::new(Format::Ocds);
    for path in repeated.iter().take(20) {
        incoming.notes.push(format!(
            "Warning: the key '{path}' appears more than once in the same object; the last \
             value was used. Check the file with its publisher."
        ));
    }
    if repeated.len() > 20 {
        incoming.notes.push(format!(
            "Warning: {} more keys appear more than once; the last value of each was used.",
            repeated.len() - 20
        ));
    }
    let mut position = 0u64;
    // A single record (not in a package) has an ocid beside its releases or compiled
    // release; a release package has no ocid of its own.
    let bare_record = root.get("ocid").is_some()
        && (root.get("compiledRelease").is_some() || root.get("releases").is_some());
    let records: Option<Vec<&Value>> = if bare_record {
        Some(vec![&root])
    } else {
        root.get("records").map(array)
    };
    // Each release to read, or a record left out (in its place, so that positions follow
    // the file).
    let releases: Vec<std::result::Result<Cow<'_, Value>, FieldError>> =
        if let Some(records) = records {
            let mut releases = Vec::new();
            let mut compiled = 0;
            for (index, record) in records.into_iter().enumerate() {
                let ocid = string_at(record, &["ocid"]).unwrap_or_else(|| "no ocid".to_owned());
                let embedded: Vec<&Value> = array_of(record, "releases")
                    .into_iter()
                    .filter(|r| {
                        r.as_object().is_some_and(|o| {
                            o.keys()
                                .any(|k| !matches!(k.as_str(), "url" | "date" | "tag" | "id"))
                        })
                    })
                    .collect();
                match record.get("compiledRelease").filter(|c| c.is_object()) {
                    Some(release) => {
                        compiled += 1;
                        releases.push(Ok(Cow::Borrowed(release)));
                    }
                    None if !embedded.is_empty() => {
                        incoming.notes.push(format!(
                            "Record {} ({ocid}) has no compiled release: its {} release{} \
                         embedded in the record {} merged in date order, as OCDS compiles \
                         them.",
                            index + 1,
                            embedded.len(),
                            if embedded.len() == 1 { "" } else { "s" },
                            if embedded.len() == 1 { "was" } else { "were" },
                        ));
                        releases.push(Ok(Cow::Owned(merged(embedded))));
                    }
                    None => {
                        // Left out, in its place in file order.
                        releases.push(Err(FieldError::new(
                            "record",
                            "Record",
                            format!(
                                "record {} ({ocid}) has no compiled release, and its releases \
                                 are only linked (by address), not in the file: it was left \
                                 out. Ask the publisher for the release package or a record \
                                 package with compiled releases.",
                                index + 1
                            ),
                        )));
                    }
                }
            }
            if compiled > 0 {
                incoming.notes.push(format!(
                    "{compiled} record{} read from {} compiled release (the record's latest \
                 state).",
                    if compiled == 1 { " was" } else { "s were" },
                    if compiled == 1 { "its" } else { "their" },
                ));
            }
            releases
        } else if let Some(releases) = root.get("releases") {
            by_process(array(releases), &mut incoming.notes)
                .into_iter()
                .map(Ok)
                .collect()
        } else if root.get("ocid").is_some() {
            vec![Ok(Cow::Borrowed(&root))]
        } else {
            return Err(Error::File(format!(
                "{file_name} is JSON but not OCDS: it has no releases, records or ocid."
            )));
        };
    for release in releases {
        let release = match release {
            Ok(release) => release,
            Err(problem) => {
                position += 1;
                incoming.invalid.push(InvalidRow {
                    line: position,
                    problems: vec![problem],
                });
                continue;
            }
        };
        let release: &Value = &release;
        if !release.is_object() {
            position += 1;
            incoming.invalid.push(InvalidRow {
                line: position,
                problems: vec![FieldError::new(
                    "release",
                    "Release",
                    "is not a JSON object; it was left out.",
                )],
            });
            continue;
        }
        let contracts = array_of(release, "contracts");
        if contracts.is_empty() && array_of(release, "awards").is_empty() {
            incoming.notes.push(format!(
                "{} has no award or contract yet (a planning or tender stage): nothing in it \
                 to import.",
                string_at(release, &["ocid"]).map_or_else(
                    || "A release".to_owned(),
                    |ocid| format!("The release of {ocid}")
                )
            ));
        }
        let entries: Vec<(Option<&Value>, Option<&Value>)> = if contracts.is_empty() {
            array_of(release, "awards")
                .into_iter()
                .map(|award| (None, Some(award)))
                .collect()
        } else {
            contracts
                .into_iter()
                .map(|contract| {
                    let award = string_at(contract, &["awardID"]).and_then(|id| {
                        array_of(release, "awards")
                            .into_iter()
                            .find(|a| string_at(a, &["id"]).as_deref() == Some(id.as_str()))
                    });
                    (Some(contract), award)
                })
                .collect()
        };
        for (contract, award) in entries {
            position += 1;
            let mut said = Vec::new();
            let mapped = candidate(release, contract, award, &mut said).and_then(|mapped| {
                let problems = super::text_problems(&mapped.0);
                if problems.is_empty() {
                    Ok(mapped)
                } else {
                    Err(problems)
                }
            });
            match mapped {
                Ok((contract, price_lines, present)) => {
                    incoming
                        .warnings
                        .extend(said.into_iter().map(|(field, message)| {
                            RowWarning::new(position, field, field_label(field), message)
                        }));
                    incoming.candidates.push(Candidate {
                        line: position,
                        contract: PackedContract::pack(&contract),
                        present,
                        price_lines,
                        ..Candidate::default()
                    })
                }
                Err(problems) => incoming.invalid.push(InvalidRow {
                    line: position,
                    problems,
                }),
            }
        }
    }
    Ok(incoming)
}

/// The releases of a release package, one per contracting process: releases with the
/// same ocid are the same process at different dates, merged in date order.
fn by_process<'a>(releases: Vec<&'a Value>, notes: &mut Vec<String>) -> Vec<Cow<'a, Value>> {
    let mut order: Vec<Option<String>> = Vec::new();
    let mut groups: std::collections::HashMap<String, Vec<&Value>> =
        std::collections::HashMap::new();
    let mut out: Vec<(Option<String>, Option<&Value>)> = Vec::new();
    for release in releases {
        match string_at(release, &["ocid"]) {
            Some(ocid) => {
                let group = groups.entry(ocid.clone()).or_default();
                if group.is_empty() {
                    out.push((Some(ocid.clone()), None));
                    order.push(Some(ocid));
                }
                group.push(release);
            }
            None => out.push((None, Some(release))),
        }
    }
    out.into_iter()
        .map(|(ocid, alone)| match (ocid, alone) {
            (_, Some(release)) => Cow::Borrowed(release),
            (Some(ocid), None) => {
                let group = groups.remove(&ocid).unwrap_or_default();
                if group.len() == 1 {
                    Cow::Borrowed(group[0])
                } else {
                    notes.push(format!(
                        "The {} releases of {ocid} were merged in date order into its latest \
                         state, as OCDS compiles them.",
                        group.len()
                    ));
                    Cow::Owned(merged(group))
                }
            }
            (None, None) => Cow::Owned(Value::Null),
        })
        .collect()
}

/// Releases of one process merged as OCDS compiles them: in date order, each later value
/// replacing the earlier one, objects merged key by key, arrays of objects with an `id`
/// merged item by item, other arrays replaced whole, `null` removing a value.
fn merged(mut releases: Vec<&Value>) -> Value {
    let when = |release: &Value| {
        let text = string_at(release, &["date"]).unwrap_or_default();
        let instant = chrono::DateTime::parse_from_rfc3339(&text)
            .map(|d| d.timestamp())
            .ok();
        (instant.is_none(), instant, text)
    };
    releases.sort_by_key(|release| when(release));
    let mut out = Value::Object(Map::new());
    for release in releases {
        merge_into(&mut out, release);
    }
    out
}

fn merge_into(target: &mut Value, source: &Value) {
    let (Value::Object(target), Value::Object(source)) = (&mut *target, source) else {
        *target = without_nulls(source);
        return;
    };
    for (key, value) in source {
        if value.is_null() {
            target.remove(key);
            continue;
        }
        match target.get_mut(key) {
            Some(existing) if existing.is_object() && value.is_object() => {
                merge_into(existing, value)
            }
            Some(Value::Array(existing))
                if identified(existing) && value.as_array().is_some_and(|v| identified(v)) =>
            {
                for item in value.as_array().into_iter().flatten() {
                    let id = item.get("id").map(id_text);
                    match existing.iter_mut().find(|e| e.get("id").map(id_text) == id) {
                        Some(earlier) => merge_into(earlier, item),
                        None => existing.push(without_nulls(item)),
                    }
                }
            }
            _ => {
                target.insert(key.clone(), without_nulls(value));
            }
        }
    }
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An array of objects that each have an `id`: merged item by item.
fn identified(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|i| i.get("id").is_some_and(|id| !id.is_null()))
}

fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn array(value: &Value) -> Vec<&Value> {
    value
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn array_of<'a>(value: &'a Value, key: &str) -> Vec<&'a Value> {
    value.get(key).map(array).unwrap_or_default()
}

/// The text at a path of keys, if it is a string (or a number, as identifiers often are).
fn string_at(value: &Value, path: &[&str]) -> Option<String> {
    let mut here = value;
    for key in path {
        here = here.get(key)?;
    }
    match here {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A stable OCDS id for a contract: the same contract gets the same ocid in every export.
fn ocid(contract: &Contract) -> String {
    let mut hasher = Sha256::new();
    for part in [
        &contract.cooperative,
        &contract.contract_number,
        &contract.vendor_name,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let hex: String = hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("ocds-coopdesk-{hex}")
}

fn date_time(day: Option<NaiveDate>) -> Value {
    day.map_or(Value::Null, |d| Value::String(format!("{d}T00:00:00Z")))
}

/// Drops nulls, empty strings, empty arrays and empty objects, which OCDS asks
/// publishers to omit rather than publish.
fn pruned(value: Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(items) => {
            let items: Vec<Value> = items.into_iter().filter_map(pruned).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(map) => {
            let map: Map<String, Value> = map
                .into_iter()
                .filter_map(|(k, v)| {
                    // The extension object is CoopDesk's record: kept whole, empty
                    // fields included, so it reads back exactly.
                    if k == "coopdesk" {
                        Some((k, v))
                    } else {
                        pruned(v).map(|v| (k, v))
                    }
                })
                .collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        other => Some(other),
    }
}

/// One release for one contract with its price list.
pub fn release(contract: &Contract, price_lines: &[PriceLine], now: NaiveDateTime) -> Value {
    let ocid = ocid(contract);
    let buyer_id = format!("{ocid}-buyer");
    let supplier_id = format!("{ocid}-supplier");
    let award_id = format!("{ocid}-award");
    let mut extension = CoopDeskExtension {
        contract: contract.clone(),
        price_lines: price_lines.to_vec(),
    };
    extension.contract.id = None;
    let classifications: Vec<Value> = contract
        .unspsc_codes
        .iter()
        .map(|code| json!({"scheme": "UNSPSC", "id": code}))
        .chain(
            contract
                .nigp_codes
                .iter()
                .map(|code| json!({"scheme": "NIGP", "id": code})),
        )
        .collect();
    let tender_items = if classifications.is_empty() {
        Value::Null
    } else {
        let mut first = classifications[0].clone();
        if !contract.category.is_empty() {
            first["description"] = Value::String(contract.category.clone());
        }
        json!([{
            "id": "1",
            "description": contract.category,
            "classification": first,
            "additionalClassifications": classifications[1..],
        }])
    };
    let items: Vec<Value> = price_lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let amount: Value = serde_json::from_str(&line.unit_price.normalize().to_string())
                .unwrap_or(Value::Null);
            json!({
                "id": (index + 1).to_string(),
                "description": line.item,
                "unit": {"name": line.unit, "value": {"amount": amount, "currency": "USD"}},
            })
        })
        .collect();
    let release = json!({
        "ocid": ocid,
        "id": format!("{ocid}-{}", now.format("%Y%m%dT%H%M%S")),
        "date": format!("{}Z", now.format("%Y-%m-%dT%H:%M:%S")),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": [
            {
                "id": buyer_id,
                "name": contract.cooperative,
                "roles": ["buyer", "procuringEntity"],
            },
            {
                "id": supplier_id,
                "name": contract.vendor_name,
                "roles": ["supplier"],
                "details": {"scale": match contract.small_business {
                    Some(true) => Value::from("sme"),
                    Some(false) => Value::from("large"),
                    None => Value::Null,
                }},
                "contactPoint": {
                    "name": contract.vendor_contact,
                    "email": contract.vendor_email,
                    "telephone": contract.vendor_phone,
                },
            },
        ],
        "buyer": {"id": buyer_id, "name": contract.cooperative},
        "tender": {
            "id": if contract.solicitation_number.is_empty() {
                format!("{ocid}-tender")
            } else {
                contract.solicitation_number.clone()
            },
            "title": contract.title,
            "procuringEntity": {"id": buyer_id, "name": contract.cooperative},
            "procurementMethodDetails": contract.solicitation_method,
            "tenderPeriod": {"startDate": date_time(contract.solicitation_issued)},
            "numberOfTenderers": contract.response_count,
            "items": tender_items,
        },
        "awards": [{
            "id": award_id,
            "status": "active",
            "date": date_time(contract.award_date),
            "suppliers": [{"id": supplier_id, "name": contract.vendor_name}],
        }],
        "contracts": [{
            "id": contract.contract_number,
            "awardID": award_id,
            "title": contract.title,
            "description": contract.description,
            "status": "active",
            "period": {
                "startDate": date_time(contract.effective_date),
                "endDate": date_time(contract.expiry_date),
                "maxExtentDate": date_time(contract.final_expiry_date),
            },
            "value": contract.value.map(|value| json!({
                "amount": serde_json::from_str::<Value>(&value.to_string()).unwrap_or(Value::Null),
                "currency": "USD",
            })),
            "items": items,
            "coopdesk": extension,
        }],
    });
    pruned(release).unwrap_or(Value::Null)
}

/// A release package of the given contracts (each with its price list), as OCDS 1.1
/// asks: uri, version, publishedDate, publisher and releases.
pub fn package(
    contracts: &[(Contract, Vec<PriceLine>)],
    publisher: &str,
    now: NaiveDateTime,
    tick: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<Value> {
    let mut releases = Vec::with_capacity(contracts.len());
    for (index, (contract, lines)) in contracts.iter().enumerate() {
        releases.push(release(contract, lines, now));
        if index % 1000 == 999 {
            tick(index + 1)?;
        }
    }
    tick(contracts.len())?;
    Ok(json!({
        "uri": format!("urn:coopdesk:export:{}", now.format("%Y%m%dT%H%M%S")),
        "version": "1.1",
        "publishedDate": format!("{}Z", now.format("%Y-%m-%dT%H:%M:%S")),
        "publisher": {"name": if publisher.is_empty() { "CoopDesk" } else { publisher }},
        "license": "",
        "publicationPolicy": "",
        "releases": releases,
    })
    .as_object()
    .map(|map| {
        Value::Object(
            map.iter()
                .filter(|(_, v)| v.as_str() != Some(""))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    })
    .unwrap_or(Value::Null))
}

/// A release package of `contracts` (read with their price lists from the library).
pub fn export(
    db: &Database,
    contracts: Vec<Contract>,
    publisher: &str,
    now: NaiveDateTime,
    tick: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<Value> {
    let contracts = super::bundle::with_price_lines(db, contracts)?;
    package(&contracts, publisher, now, tick)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ocds-fictional-example/"
    );

    fn read_example(name: &str) -> Incoming {
        let bytes = std::fs::read(format!("{EXAMPLE}{name}")).unwrap();
        read(&bytes, name).unwrap()
    }

    #[test]
    fn a_release_package_maps_tender_award_contract_parties_and_items() {
        let incoming = read_example("ocds-213czf-000-00001-05-contract.json");
        assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
        assert_eq!(incoming.candidates.len(), 1);
        let c = incoming.candidates[0].contract.unpack();
        assert_eq!(c.cooperative, "London Borough of Barnet");
        assert_eq!(c.contract_number, "ocds-213czf-000-00001-contract-01");
        assert_eq!(c.vendor_name, "AnyCorp Cycle Provision");
        assert_eq!(c.vendor_email, "contracts@anycorp.example");
        assert_eq!(c.vendor_aliases, vec!["AnyCorp Ltd"]);
        assert_eq!(c.effective_date, NaiveDate::from_ymd_opt(2010, 7, 1));
        assert_eq!(c.expiry_date, NaiveDate::from_ymd_opt(2011, 6, 30));
        assert_eq!(c.final_expiry_date, NaiveDate::from_ymd_opt(2011, 12, 31));
        assert_eq!(c.award_date, NaiveDate::from_ymd_opt(2010, 5, 10));
        assert_eq!(c.category, "Construction work for highways");
        let lines = incoming.candidates[0].price_lines.as_ref().unwrap();
        assert_eq!(lines[0].unit_price.to_string(), "137000");
        assert_eq!(lines[0].unit, "Miles");
        c.validate().unwrap();
    }

    #[test]
    fn a_record_package_reads_each_compiled_release() {
        let incoming = read_example("record-ocds-213czf-000-00001.json");
        assert_eq!(incoming.candidates.len(), 1);
        assert_eq!(
            incoming.candidates[0].contract.unpack().vendor_name,
            "AnyCorp Cycle Provision"
        );
        let with_versions = read_example("record-ocds-213czf-000-00001-withversions.json");
        assert_eq!(with_versions.candidates.len(), 1);
    }

    #[test]
    fn a_release_without_contracts_or_awards_gives_nothing_to_import() {
        let incoming = read_example("ocds-213czf-000-00001-01-planning.json");
        assert!(incoming.candidates.is_empty());
    }

    #[test]
    fn truncated_or_foreign_json_is_a_clear_error() {
        let error = read(b"{\"releases\": [{\"ocid\": ", "cut.json").unwrap_err();
        assert!(error.to_string().contains("truncated"), "{error}");
        let error = read(b"{\"hello\": 1}", "other.json").unwrap_err();
        assert!(error.to_string().contains("not OCDS"), "{error}");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(read(deep.as_bytes(), "deep.json").is_err());
    }
}
