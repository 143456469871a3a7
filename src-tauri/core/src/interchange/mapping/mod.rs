//! Which column of a CSV file holds which CoopDesk field.
//!
//! The import screen shows the file's headers beside CoopDesk's fields. [`Mapping::guess`]
//! fills in the obvious ones (CoopDesk's own column names, their plain words, and the
//! names cooperatives' spreadsheets use: "Supplier", "Expiration Date", "Contract #");
//! the clerk corrects the rest; [`remember`] keeps the mapping for the next file with the
//! same headers, in the `settings` table under `importMapping.<sha256 of the headers>`
//! ([`store`]; its functions are re-exported here).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::library::contract::{field_label, FIELDS};
use crate::{Error, FieldError, Result};

pub mod store;

pub use store::{for_headers, remember, remembered};

/// One column of the file and the CoopDesk field it fills (`None`: ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// The header as the file has it.
    pub header: String,
    /// The field's wire name (`expiryDate`), or `None` to ignore the column.
    pub field: Option<String>,
}

/// A value every row of the file gets, for a field no column holds: most registers name
/// no cooperative or agency because the whole file is one agency's ("every row:
/// cooperative = City of Springfield Purchasing").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConstantValue {
    /// The field's wire name (`cooperative`).
    pub field: String,
    /// The text, read as a cell of that field would be.
    pub value: String,
}

/// The whole mapping of a file, one entry per column in file order, and the values for
/// the whole file. Remembered with the headers, constants included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    pub columns: Vec<ColumnMapping>,
    /// Mappings remembered or written before constants existed have none.
    #[serde(default)]
    pub constants: Vec<ConstantValue>,
}

/// The fields every contract needs: a file must map a column to each.
pub const REQUIRED: [&str; 4] = ["cooperative", "contractNumber", "title", "vendorName"];

/// Other names spreadsheets give CoopDesk's fields, compared without case, spaces or
/// punctuation.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "cooperative",
        &[
            "coop",
            "cooperativename",
            "program",
            "purchasingcooperative",
            "consortium",
        ],
    ),
    ("leadAgency", &["agency", "leadpublicagency"]),
    (
        "contractNumber",
        &[
            "contract",
            "contractno",
            "contractid",
            "contractnum",
            "number",
        ],
    ),
    (
        "numberVariants",
        &["contractnumbervariants", "othernumbers", "numbervariant"],
    ),
    ("title", &["contracttitle", "contractname", "name"]),
    (
        "vendorName",
        &[
            "vendor",
            "supplier",
            "suppliername",
            "awardee",
            "contractor",
        ],
    ),
    (
        "vendorAliases",
        &["vendornamevariants", "dba", "aka", "vendoralias"],
    ),
    ("vendorContact", &["contact", "contactname"]),
    ("vendorEmail", &["email", "contactemail"]),
    ("vendorPhone", &["phone", "telephone", "contactphone"]),
    (
        "smallBusiness",
        &["small", "smallbusinessenterprise", "sbe", "sb", "sme"],
    ),
    (
        "localStates",
        &[
            "local",
            "localsupplier",
            "localvendor",
            "localto",
            "localstate",
        ],
    ),
    (
        "minorityOwned",
        &[
            "minority",
            "mbe",
            "minorityownedbusiness",
            "minoritybusiness",
        ],
    ),
    (
        "womanOwned",
        &[
            "womenowned",
            "wbe",
            "womanownedbusiness",
            "womenownedbusiness",
        ],
    ),
    (
        "veteranOwned",
        &["veteran", "vob", "sdvob", "veteranownedbusiness"],
    ),
    ("category", &["commodity"]),
    ("nigpCodes", &["nigp", "nigpcode"]),
    ("unspscCodes", &["unspsc", "unspsccode"]),
    (
        "solicitationNumber",
        &["solicitation", "rfpnumber", "bidnumber", "rfp"],
    ),
    ("solicitationMethod", &["method", "procurementmethod"]),
    (
        "solicitationIssued",
        &["issued", "issuedate", "solicitationdate"],
    ),
    (
        "responseCount",
        &["responses", "numberofresponses", "bidsreceived"],
    ),
    // Not "award" alone: a column so named may as well hold the award date.
    (
        "awardType",
        &[
            "typeofaward",
            "singleormultipleaward",
            "awardmethod",
            "multipleaward",
        ],
    ),
    (
        "awardeeCount",
        &[
            "awardees",
            "numberofawardees",
            "suppliersawarded",
            "vendorsawarded",
        ],
    ),
    ("awardDate", &["awarded"]),
    ("effectiveDate", &["startdate", "start", "effective"]),
    (
        "expiryDate",
        &[
            "expirationdate",
            "expires",
            "expiration",
            "enddate",
            "expiry",
        ],
    ),
    ("renewalOptions", &["renewals", "renewal"]),
    (
        "renewalCount",
        &["numberofrenewals", "renewalsavailable", "optionstorenew"],
    ),
    (
        "renewalMonths",
        &["renewalterm", "renewallength", "monthseachrenewal"],
    ),
    ("renewalsUsed", &["renewalsexercised", "renewalstaken"]),
    (
        "finalExpiryDate",
        &["finalexpiry", "finalexpirationdate", "maxexpiry"],
    ),
    ("eligibleStates", &["states", "state"]),
    ("eligibilityNotes", &["eligibleentities", "eligibility"]),
    ("pricingBasis", &["pricing"]),
    ("adminFeePercent", &["adminfee", "fee", "adminfeepct"]),
    (
        "value",
        &[
            "contractamount",
            "contractvalue",
            "amount",
            "limit",
            "dollarlimit",
            "contractlimit",
            "nottoexceed",
            "nte",
            "maximumvalue",
            "maxvalue",
            "estimatedvalue",
            "totalvalue",
            "annualvalue",
        ],
    ),
    ("valueKind", &["valuetype", "typeofvalue", "amounttype"]),
    ("sources", &["source", "url", "link"]),
    ("lastVerified", &["verified", "verifiedon"]),
    (PRICE_LINES, &["pricelist", "prices"]),
];

/// Where a second column of a key field goes: the other forms of it.
const SECOND_FORMS: [(&str, &str); 2] = [
    ("contractNumber", "numberVariants"),
    ("vendorName", "vendorAliases"),
];

/// The columns (0-based) that hold a second form of the number or the vendor: mapped to
/// the other forms, under a name that says number or vendor ("Contract Number" beside
/// "Contract #").
pub fn second_forms(mapping: &Mapping) -> Vec<usize> {
    mapping
        .columns
        .iter()
        .enumerate()
        .filter(|(_, column)| {
            let key = normalised(&column.header);
            SECOND_FORMS.iter().any(|(main, second)| {
                column.field.as_deref() == Some(*second)
                    && (normalised(main) == key
                        || normalised(field_label(main)) == key
                        || SYNONYMS
                            .iter()
                            .any(|(wire, names)| wire == main && names.contains(&key.as_str())))
            })
        })
        .map(|(index, _)| index)
        .collect()
}

/// The column of price lines, the one CSV column that is not a field of the contract
/// record itself (see `csv`).
pub const PRICE_LINES: &str = "priceLines";

/// A CoopDesk field a column can fill, as the mapping step lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappableField {
    pub field: &'static str,
    pub label: &'static str,
    pub required: bool,
}

/// Every field a column can fill: the contract's fields in the record's order, then the
/// price list.
pub fn mappable_fields() -> Vec<MappableField> {
    FIELDS
        .iter()
        .map(|(field, label)| MappableField {
            field,
            label,
            required: REQUIRED.contains(field),
        })
        .chain(std::iter::once(MappableField {
            field: PRICE_LINES,
            label: label_of(PRICE_LINES),
            required: false,
        }))
        .collect()
}

/// A mappable field's plain words.
fn label_of(field: &str) -> &str {
    if field == PRICE_LINES {
        "Price list"
    } else {
        field_label(field)
    }
}

/// Whether `field` is something a column can fill.
fn mappable(field: &str) -> bool {
    field == PRICE_LINES || FIELDS.iter().any(|(wire, _)| *wire == field)
}

fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Mapping {
    /// The obvious field for each header; a field is given to the first header only.
    pub fn guess(headers: &[String]) -> Mapping {
        let mut taken: Vec<&str> = Vec::new();
        let columns = headers
            .iter()
            .enumerate()
            .map(|(index, header)| {
                let key = normalised(header);
                let field = FIELDS
                    .iter()
                    .chain([(PRICE_LINES, "Price list")].iter())
                    .find(|(wire, label)| normalised(wire) == key || normalised(label) == key)
                    .map(|(wire, _)| *wire)
                    .or_else(|| {
                        SYNONYMS
                            .iter()
                            .find(|(_, names)| names.contains(&key.as_str()))
                            .map(|(wire, _)| *wire)
                    })
                    .and_then(|wire| {
                        if !taken.contains(&wire) {
                            return Some(wire);
                        }
                        // A second column of the number or the vendor under another
                        // name ("Contract #" and "Contract Number"): its text is kept as
                        // another form, and a row where the two differ is shown.
                        let second = SECOND_FORMS
                            .iter()
                            .find(|(main, _)| *main == wire)
                            .map(|(_, second)| *second)?;
                        let same_header = headers[..index]
                            .iter()
                            .any(|h| h.trim().eq_ignore_ascii_case(header.trim()));
                        (!same_header && !taken.contains(&second)).then_some(second)
                    });
                if let Some(wire) = field {
                    taken.push(wire);
                }
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

    /// The file's headers, in order.
    pub fn headers(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.header.clone()).collect()
    }

    /// Checks that every field is a CoopDesk field, none is given twice (by two columns,
    /// or by a column and a value for every row), every value for every row reads as its
    /// field, and the required fields are all there; every problem at once.
    pub fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for column in &self.columns {
            let Some(field) = column.field.as_deref() else {
                continue;
            };
            if !mappable(field) {
                errors.push(FieldError::new(
                    field,
                    &column.header,
                    format!("'{field}' is not a CoopDesk field; choose one from the list."),
                ));
            } else if seen.contains(&field) {
                errors.push(FieldError::new(
                    field,
                    &column.header,
                    format!(
                        "{} is already filled from another column; map it once.",
                        label_of(field)
                    ),
                ));
            }
            seen.push(field);
        }
        for constant in &self.constants {
            let field = constant.field.as_str();
            if !mappable(field) || field == PRICE_LINES {
                errors.push(FieldError::new(
                    field,
                    "Value for every row",
                    format!("'{field}' is not a CoopDesk field; choose one from the list."),
                ));
            } else if seen.contains(&field) {
                errors.push(FieldError::new(
                    field,
                    label_of(field),
                    format!(
                        "{} is filled from a column and given a value for every row; keep \
                         one of the two.",
                        label_of(field)
                    ),
                ));
            } else if let Err(message) = super::cells::check_constant(field, &constant.value) {
                errors.push(FieldError::new(
                    field,
                    label_of(field),
                    format!("the value for every row, {message}"),
                ));
            }
            seen.push(field);
        }
        for field in REQUIRED {
            if !seen.contains(&field) {
                errors.push(FieldError::new(
                    field,
                    field_label(field),
                    "comes from no column of the file; choose the column that holds it, or \
                     give one value for every row.",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidFields(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Database;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_obvious_columns_are_guessed() {
        let mapping = Mapping::guess(&strings(&[
            "Contract #",
            "Supplier",
            "Expiration Date",
            "cooperative",
            "Title",
            "Mystery",
            "contract_number",
        ]));
        let fields: Vec<Option<&str>> =
            mapping.columns.iter().map(|c| c.field.as_deref()).collect();
        assert_eq!(
            fields,
            vec![
                Some("contractNumber"),
                Some("vendorName"),
                Some("expiryDate"),
                Some("cooperative"),
                Some("title"),
                None,
                Some("numberVariants")
            ],
            "a field is taken by the first column only; a second number column keeps \
             its text as another form of the number"
        );
        mapping.validate().unwrap();
    }

    #[test]
    fn a_mapping_without_a_required_field_says_which() {
        let error = Mapping::guess(&strings(&["cooperative", "vendor"]))
            .validate()
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("Contract number") && text.contains("Title"),
            "{text}"
        );
    }

    #[test]
    fn a_mapping_is_remembered_for_the_same_headers() {
        let db = Database::open_in_memory().unwrap();
        let headers = strings(&["Coop", "K", "Name", "Vendor"]);
        assert_eq!(remembered(&db, &headers).unwrap(), None);
        let mut mapping = Mapping::guess(&headers);
        mapping.columns[1].field = Some("contractNumber".into());
        remember(&db, &mapping).unwrap();
        assert_eq!(for_headers(&db, &headers).unwrap(), mapping);
        assert_eq!(
            remembered(&db, &strings(&["Other"])).unwrap(),
            None,
            "another file's headers get their own guess"
        );
    }
}
