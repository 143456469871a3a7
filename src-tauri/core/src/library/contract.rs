//! The contract record: every fact due diligence needs about one cooperative contract.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A cooperative contract, as stored in the library and sent to the UI.
///
/// List fields hold one entry per item. Dates are ISO dates; `expiry_as_published`
/// keeps the words the source used, because sources disagree and a clerk must see them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

    // dates
    pub award_date: Option<NaiveDate>,
    pub effective_date: Option<NaiveDate>,
    /// The current expiry.
    pub expiry_date: Option<NaiveDate>,
    pub expiry_as_published: String,
    pub renewal_options: String,
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
    pub admin_fee_percent: Option<Decimal>,
    pub admin_fee_notes: String,
    pub warranty: String,
    pub insurance_notes: String,

    // provenance
    pub sources: Vec<String>,
    pub last_verified: Option<NaiveDate>,
    pub notes: String,
    pub tags: Vec<String>,
}

impl Contract {
    /// Checks what a clerk could get wrong, naming the field in plain words.
    pub fn validate(&self) -> Result<()> {
        for (value, field) in [
            (&self.cooperative, "Cooperative"),
            (&self.contract_number, "Contract number"),
            (&self.title, "Title"),
            (&self.vendor_name, "Vendor"),
        ] {
            if value.trim().is_empty() {
                return Err(Error::invalid(field, "is required."));
            }
        }
        if let (Some(award), Some(expiry)) = (self.award_date, self.expiry_date) {
            if expiry < award {
                return Err(Error::invalid(
                    "Expiry date",
                    format!("{expiry} is before the award date {award}."),
                ));
            }
        }
        if let (Some(expiry), Some(last)) = (self.expiry_date, self.final_expiry_date) {
            if last < expiry {
                return Err(Error::invalid(
                    "Final possible expiry",
                    format!("{last} is before the current expiry {expiry}."),
                ));
            }
        }
        if let Some(fee) = self.admin_fee_percent {
            if fee.is_sign_negative() || fee > Decimal::ONE_HUNDRED {
                return Err(Error::invalid(
                    "Admin fee",
                    format!("{fee}% is not a percentage between 0 and 100."),
                ));
            }
        }
        Ok(())
    }
}

/// Adds a contract to the library and returns its id.
pub fn insert(conn: &Connection, contract: &Contract, now: NaiveDateTime) -> Result<i64> {
    contract.validate()?;
    let duplicate: Option<i64> = conn
        .query_row(
            "SELECT id FROM contracts
             WHERE cooperative = ?1 AND contract_number = ?2 AND vendor_name = ?3",
            [
                &contract.cooperative,
                &contract.contract_number,
                &contract.vendor_name,
            ],
            |row| row.get(0),
        )
        .optional()?;
    if duplicate.is_some() {
        return Err(Error::invalid(
            "Contract number",
            format!(
                "{} contract {} with {} is already in the library.",
                contract.cooperative, contract.contract_number, contract.vendor_name
            ),
        ));
    }
    let c = contract;
    let stamp = now.format("%Y-%m-%dT%H:%M:%S").to_string();
    conn.execute(
        "INSERT INTO contracts (
            cooperative, lead_agency, contract_number, number_variants, title,
            vendor_name, vendor_aliases, vendor_contact, vendor_email, vendor_phone,
            category, nigp_codes, unspsc_codes, description, keywords,
            solicitation_number, solicitation_method, solicitation_issued, response_count,
            cooperative_clause, award_date, effective_date, expiry_date, expiry_as_published,
            renewal_options, final_expiry_date, entity_types, eligible_states,
            eligibility_notes, pricing_basis, admin_fee_percent, admin_fee_notes, warranty,
            insurance_notes, sources, last_verified, notes, tags, created_at, updated_at
        ) VALUES (
            :cooperative, :lead_agency, :contract_number, :number_variants, :title,
            :vendor_name, :vendor_aliases, :vendor_contact, :vendor_email, :vendor_phone,
            :category, :nigp_codes, :unspsc_codes, :description, :keywords,
            :solicitation_number, :solicitation_method, :solicitation_issued, :response_count,
            :cooperative_clause, :award_date, :effective_date, :expiry_date, :expiry_as_published,
            :renewal_options, :final_expiry_date, :entity_types, :eligible_states,
            :eligibility_notes, :pricing_basis, :admin_fee_percent, :admin_fee_notes, :warranty,
            :insurance_notes, :sources, :last_verified, :notes, :tags, :stamp, :stamp
        )",
        named_params! {
            ":cooperative": c.cooperative,
            ":lead_agency": c.lead_agency,
            ":contract_number": c.contract_number,
            ":number_variants": list_to_json(&c.number_variants),
            ":title": c.title,
            ":vendor_name": c.vendor_name,
            ":vendor_aliases": list_to_json(&c.vendor_aliases),
            ":vendor_contact": c.vendor_contact,
            ":vendor_email": c.vendor_email,
            ":vendor_phone": c.vendor_phone,
            ":category": c.category,
            ":nigp_codes": list_to_json(&c.nigp_codes),
            ":unspsc_codes": list_to_json(&c.unspsc_codes),
            ":description": c.description,
            ":keywords": list_to_json(&c.keywords),
            ":solicitation_number": c.solicitation_number,
            ":solicitation_method": c.solicitation_method,
            ":solicitation_issued": c.solicitation_issued,
            ":response_count": c.response_count,
            ":cooperative_clause": c.cooperative_clause,
            ":award_date": c.award_date,
            ":effective_date": c.effective_date,
            ":expiry_date": c.expiry_date,
            ":expiry_as_published": c.expiry_as_published,
            ":renewal_options": c.renewal_options,
            ":final_expiry_date": c.final_expiry_date,
            ":entity_types": list_to_json(&c.entity_types),
            ":eligible_states": list_to_json(&c.eligible_states),
            ":eligibility_notes": c.eligibility_notes,
            ":pricing_basis": c.pricing_basis,
            ":admin_fee_percent": c.admin_fee_percent.map(|d| d.to_string()),
            ":admin_fee_notes": c.admin_fee_notes,
            ":warranty": c.warranty,
            ":insurance_notes": c.insurance_notes,
            ":sources": list_to_json(&c.sources),
            ":last_verified": c.last_verified,
            ":notes": c.notes,
            ":tags": list_to_json(&c.tags),
            ":stamp": stamp,
        },
    )?;
    Ok(conn.last_insert_rowid())
}

/// One contract by id.
pub fn get(conn: &Connection, id: i64) -> Result<Contract> {
    conn.query_row("SELECT * FROM contracts WHERE id = ?1", [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("Contract #{id}"),
        })
}

/// Every contract, in id order (exports, tests).
pub fn all(conn: &Connection) -> Result<Vec<Contract>> {
    let mut stmt = conn.prepare("SELECT * FROM contracts ORDER BY id")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many contracts the library holds.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM contracts", [], |row| row.get(0))?)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Contract> {
    let fee: Option<String> = row.get("admin_fee_percent")?;
    Ok(Contract {
        id: Some(row.get("id")?),
        cooperative: row.get("cooperative")?,
        lead_agency: row.get("lead_agency")?,
        contract_number: row.get("contract_number")?,
        number_variants: list_from_row(row, "number_variants")?,
        title: row.get("title")?,
        vendor_name: row.get("vendor_name")?,
        vendor_aliases: list_from_row(row, "vendor_aliases")?,
        vendor_contact: row.get("vendor_contact")?,
        vendor_email: row.get("vendor_email")?,
        vendor_phone: row.get("vendor_phone")?,
        category: row.get("category")?,
        nigp_codes: list_from_row(row, "nigp_codes")?,
        unspsc_codes: list_from_row(row, "unspsc_codes")?,
        description: row.get("description")?,
        keywords: list_from_row(row, "keywords")?,
        solicitation_number: row.get("solicitation_number")?,
        solicitation_method: row.get("solicitation_method")?,
        solicitation_issued: row.get("solicitation_issued")?,
        response_count: row.get("response_count")?,
        cooperative_clause: row.get("cooperative_clause")?,
        award_date: row.get("award_date")?,
        effective_date: row.get("effective_date")?,
        expiry_date: row.get("expiry_date")?,
        expiry_as_published: row.get("expiry_as_published")?,
        renewal_options: row.get("renewal_options")?,
        final_expiry_date: row.get("final_expiry_date")?,
        entity_types: list_from_row(row, "entity_types")?,
        eligible_states: list_from_row(row, "eligible_states")?,
        eligibility_notes: row.get("eligibility_notes")?,
        pricing_basis: row.get("pricing_basis")?,
        admin_fee_percent: fee
            .map(|text| {
                text.parse::<Decimal>().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })
            })
            .transpose()?,
        admin_fee_notes: row.get("admin_fee_notes")?,
        warranty: row.get("warranty")?,
        insurance_notes: row.get("insurance_notes")?,
        sources: list_from_row(row, "sources")?,
        last_verified: row.get("last_verified")?,
        notes: row.get("notes")?,
        tags: list_from_row(row, "tags")?,
    })
}

fn list_to_json(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings always serialises")
}

fn list_from_row(row: &Row<'_>, column: &str) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(column)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}
