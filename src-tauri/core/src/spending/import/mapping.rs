//! Which column of a finance system's report holds which part of a purchase.
//!
//! The same [`Mapping`] as a contract import (header → field, in file order), with the
//! purchase's own fields ([`FIELDS`]). [`guess`] fills in the names finance systems
//! print ("PO #", "Payee", "Check Date", "Inv Num"); [`remember`] keeps the clerk's
//! mapping for the next report with the same headers, in the `settings` table under
//! `purchaseMapping.<sha256 of the headers>` (apart from contract mappings: the same
//! headers may mean a contract list there and a PO list here).

use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use crate::db::Database;
use crate::interchange::mapping::ColumnMapping;
use crate::interchange::Mapping;
use crate::{Error, FieldError, Result};

/// The purchase's fields a column can fill: wire name and plain words.
pub const FIELDS: [(&str, &str); 13] = [
    ("poNumber", "PO number"),
    ("invoiceNumber", "Invoice number"),
    ("checkNumber", "Check number"),
    ("date", "Date"),
    ("paidDate", "Paid date"),
    ("amount", "Amount"),
    ("vendor", "Vendor"),
    ("contractNumber", "Contract number"),
    ("description", "Description"),
    ("fiscalYear", "Fiscal year"),
    ("accountCode", "Account code"),
    ("status", "Status"),
    ("type", "Type (bill, payment, check…)"),
];

/// The names finance systems give those fields, compared without case, spaces or
/// punctuation. QuickBooks' "Num" is the check's number, Munis' "Encumbered" a PO's.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "poNumber",
        &[
            "po",
            "pono",
            "ponum",
            "purchaseorder",
            "purchaseorderno",
            "purchaseordernumber",
            "ponumber",
        ],
    ),
    (
        "invoiceNumber",
        &[
            "invoice",
            "invoiceno",
            "invno",
            "invnum",
            "invoicenum",
            "invoicenumber",
            "voucher",
            "voucherno",
        ],
    ),
    (
        "checkNumber",
        &[
            "num",
            "check",
            "checkno",
            "checknum",
            "checknumber",
            "chk",
            "chkno",
            "ref",
            "refno",
            "reference",
        ],
    ),
    (
        "date",
        &[
            "invoicedate",
            "podate",
            "checkdate",
            "trandate",
            "transactiondate",
            "entrydate",
            "gldate",
            "orderdate",
        ],
    ),
    ("paidDate", &["datepaid", "paymentdate", "paiddate", "paid"]),
    (
        "amount",
        &[
            "total",
            "invoiceamount",
            "poamount",
            "netamount",
            "paymentamount",
            "checkamount",
            "amountpaid",
            "encumbered",
            "originalamount",
            "lineamount",
            "extendedamount",
        ],
    ),
    (
        "vendor",
        &[
            "vendorname",
            "payee",
            "payeename",
            "name",
            "supplier",
            "suppliername",
            "paidto",
            "remitto",
        ],
    ),
    (
        "contractNumber",
        &[
            "contract",
            "contractno",
            "contractnum",
            "contractid",
            "agreement",
            "agreementno",
        ],
    ),
    (
        "description",
        &[
            "memo",
            "desc",
            "linedescription",
            "purpose",
            "item",
            "itemdescription",
        ],
    ),
    ("fiscalYear", &["fy", "fiscal", "budgetyear"]),
    (
        "accountCode",
        &[
            "account",
            "accountno",
            "accountnumber",
            "acct",
            "glaccount",
            "glcode",
            "orgobject",
            "fund",
        ],
    ),
    ("status", &["postatus", "linestatus"]),
    (
        "type",
        &[
            "type",
            "trantype",
            "transtype",
            "transactiontype",
            "txntype",
            "doctype",
            "documenttype",
            "entrytype",
        ],
    ),
];

/// A header compared as [`SYNONYMS`] are: letters and digits, lower case.
pub(crate) fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The plain words of a purchase field.
pub fn label(field: &str) -> &str {
    FIELDS
        .iter()
        .find(|(wire, _)| *wire == field)
        .map_or(field, |(_, label)| label)
}

/// The field a header names, if it is an obvious one.
fn field_named(header: &str) -> Option<&'static str> {
    let key = normalised(header);
    FIELDS
        .iter()
        .find(|(wire, label)| normalised(wire) == key || normalised(label) == key)
        .map(|(wire, _)| *wire)
        .or_else(|| {
            SYNONYMS
                .iter()
                .find(|(_, names)| names.contains(&key.as_str()))
                .map(|(wire, _)| *wire)
        })
}

/// How many cells of a row name a purchase field: the header row is the first row
/// that names an amount and at least two other fields.
pub fn header_score(cells: &[String]) -> usize {
    let fields: Vec<&str> = cells.iter().filter_map(|c| field_named(c)).collect();
    if fields.contains(&"amount") {
        fields.len()
    } else {
        0
    }
}

/// The obvious field for each header; a field is given to the first header only.
pub fn guess(headers: &[String]) -> Mapping {
    let mut taken: Vec<&str> = Vec::new();
    let columns = headers
        .iter()
        .map(|header| {
            // "Invoice Date" then "Check Date": the second date is when it was paid.
            let field = field_named(header)
                .map(|f| {
                    let paid = ["check", "paid", "payment"]
                        .iter()
                        .any(|w| normalised(header).contains(w));
                    if f == "date" && taken.contains(&"date") && paid {
                        "paidDate"
                    } else {
                        f
                    }
                })
                .filter(|f| !taken.contains(f));
            taken.extend(field);
            ColumnMapping {
                header: header.clone(),
                field: field.map(str::to_owned),
            }
        })
        .collect();
    Mapping {
        columns,
        constants: Vec::new(),
    }
}

/// Checks that every field is a purchase field given once, and that the report has an
/// amount and something to tell one purchase from another (a date or a number); every
/// problem at once.
pub fn validate(mapping: &Mapping) -> Result<()> {
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for column in &mapping.columns {
        let Some(field) = column.field.as_deref() else {
            continue;
        };
        if !FIELDS.iter().any(|(wire, _)| *wire == field) {
            let names: Vec<&str> = FIELDS.iter().map(|(wire, _)| *wire).collect();
            errors.push(FieldError::new(
                field,
                &column.header,
                format!(
                    "'{field}' is not a field of a purchase; choose one of {}.",
                    names.join(", ")
                ),
            ));
        } else if seen.contains(&field) {
            errors.push(FieldError::new(
                field,
                &column.header,
                format!(
                    "{} is already filled from another column; map it once.",
                    label(field)
                ),
            ));
        }
        seen.push(field);
    }
    if !mapping.constants.is_empty() {
        errors.push(FieldError::new(
            "constants",
            "Value for every row",
            "a purchase import takes every value from the report's columns.",
        ));
    }
    if !seen.contains(&"amount") {
        errors.push(FieldError::new(
            "amount",
            "Amount",
            "comes from no column of the report; choose the column that holds it.",
        ));
    }
    if !["date", "poNumber", "invoiceNumber", "checkNumber"]
        .iter()
        .any(|f| seen.contains(f))
    {
        errors.push(FieldError::new(
            "date",
            "Date",
            "comes from no column of the report, and neither does a PO, invoice or check \
             number; choose the column that holds the date.",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidFields(errors))
    }
}

fn settings_key(headers: &[String]) -> String {
    let mut hasher = Sha256::new();
    for header in headers {
        hasher.update(normalised(header).as_bytes());
        hasher.update([0]);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("purchaseMapping.{hex}")
}

/// The mapping remembered for a report with these headers, if any.
pub fn remembered(db: &Database, headers: &[String]) -> Result<Option<Mapping>> {
    let text: Option<String> = db
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [settings_key(headers)],
            |row| row.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|text| serde_json::from_str::<Mapping>(&text).ok())
        .filter(|m| m.headers() == headers))
}

/// Remembers a mapping for the next report with the same headers.
pub fn remember(db: &Database, mapping: &Mapping) -> Result<()> {
    db.conn().execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![
            settings_key(&mapping.headers()),
            serde_json::to_string(mapping).expect("a mapping always serialises")
        ],
    )?;
    Ok(())
}

/// The remembered mapping for these headers, else the guess.
pub fn for_headers(db: &Database, headers: &[String]) -> Result<Mapping> {
    Ok(remembered(db, headers)?.unwrap_or_else(|| guess(headers)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_names_finance_systems_print_are_guessed() {
        let mapping = guess(&strings(&[
            "Date",
            "Num",
            "Name",
            "Memo",
            "Account",
            "Amount",
            "Payee",
            "Check Date",
        ]));
        let fields: Vec<Option<&str>> =
            mapping.columns.iter().map(|c| c.field.as_deref()).collect();
        assert_eq!(
            fields,
            vec![
                Some("date"),
                Some("checkNumber"),
                Some("vendor"),
                Some("description"),
                Some("accountCode"),
                Some("amount"),
                None,
                Some("paidDate")
            ],
            "a field goes to the first column that names it; a second date of a check is \
             the day it was paid"
        );
        validate(&mapping).unwrap();
    }

    #[test]
    fn a_mapping_without_an_amount_says_so() {
        let text = validate(&guess(&strings(&["Vendor", "Date"])))
            .unwrap_err()
            .to_string();
        assert!(text.contains("Amount"), "{text}");
    }

    #[test]
    fn a_mapping_is_remembered_apart_from_contract_mappings() {
        let db = Database::open_in_memory().unwrap();
        let headers = strings(&["Vend", "Dt", "Amt"]);
        assert_eq!(remembered(&db, &headers).unwrap(), None);
        let mut mapping = guess(&headers);
        mapping.columns[2].field = Some("amount".into());
        remember(&db, &mapping).unwrap();
        assert_eq!(for_headers(&db, &headers).unwrap(), mapping);
        assert_eq!(
            crate::interchange::mapping::remembered(&db, &headers).unwrap(),
            None,
            "a contract import of the same headers keeps its own mapping"
        );
    }
}
