//! The contract record: every fact due diligence needs about one cooperative contract,
//! and adding, changing, trashing and restoring it.
//!
//! Invariants:
//! - every write validates first and reports all field errors at once;
//! - every write is atomic and leaves a [`history`] entry in the same savepoint;
//! - deleting moves a contract to the trash (`deleted_at` set); nothing about it is lost,
//!   and the trash is invisible to [`get`], [`all`], [`count`], the table and search.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, ToSql};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::history::{self, Action};
use crate::db::{atomically, stamp, Database};
use crate::{Error, FieldError, Result};

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
    #[ts(type = "string | null")]
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
    ("finalExpiryDate", "Final possible expiry"),
    ("entityTypes", "Entity types"),
    ("eligibleStates", "States where usable"),
    ("eligibilityNotes", "Eligibility notes"),
    ("pricingBasis", "Pricing basis"),
    ("adminFeePercent", "Admin fee"),
    ("adminFeeNotes", "Admin fee notes"),
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

fn is_state_code(state: &str) -> bool {
    state.len() == 2 && state.bytes().all(|b| b.is_ascii_alphabetic())
}

/// The id of another contract (live or in the trash) with the same cooperative, number
/// and vendor, as a field error; `None` when the contract is unique.
fn duplicate_error(conn: &Connection, contract: &Contract) -> Result<Option<FieldError>> {
    // Cached: an import asks once per new row.
    let duplicate: Option<(i64, Option<String>)> = conn
        .prepare_cached(
            "SELECT id, deleted_at FROM contracts
             WHERE cooperative = ?1 AND contract_number = ?2 AND vendor_name = ?3
               AND id IS NOT ?4",
        )?
        .query_row(
            rusqlite::params![
                contract.cooperative,
                contract.contract_number,
                contract.vendor_name,
                contract.id
            ],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(duplicate.map(|(_, deleted_at)| {
        let place = if deleted_at.is_some() {
            "is in the trash; restore it instead of adding it again"
        } else {
            "is already in the library; open that contract instead"
        };
        field_error(
            "contractNumber",
            format!(
                "{} contract {} with {} {place}.",
                contract.cooperative, contract.contract_number, contract.vendor_name
            ),
        )
    }))
}

fn check_before_saving(conn: &Connection, contract: &Contract) -> Result<()> {
    let mut errors = contract.validation_errors();
    errors.extend(duplicate_error(conn, contract)?);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidFields(errors))
    }
}

/// Adds a contract to the library and returns its id. Records a `create` history entry.
pub fn insert(db: &Database, contract: &Contract, now: NaiveDateTime) -> Result<i64> {
    let conn = db.conn();
    check_before_saving(conn, contract)?;
    atomically(conn, || insert_row(conn, contract, now))
}

/// Adds the contract (no `id`) or saves changes to it (an `id`); answers with what is
/// stored, as the form shows it next.
pub fn save(db: &Database, contract: &Contract, now: NaiveDateTime) -> Result<Contract> {
    let id = match contract.id {
        Some(id) => update(db, contract, now).map(|()| id),
        None => insert(db, contract, now),
    }?;
    get(db, id)
}

/// Adds many contracts in one transaction (all or none) and returns their ids in order:
/// one commit instead of one per contract, which is what makes a large batch fast.
pub fn insert_all(db: &Database, contracts: &[Contract], now: NaiveDateTime) -> Result<Vec<i64>> {
    let tx = db.conn().unchecked_transaction()?;
    let ids = contracts
        .iter()
        .map(|contract| insert_in_transaction(&tx, contract, now))
        .collect::<Result<Vec<i64>>>()?;
    tx.commit()?;
    Ok(ids)
}

/// Like [`insert`], for a caller inside a transaction that it rolls back whole on any
/// error (an import): no savepoint of its own, because a savepoint per row makes SQLite
/// copy every page the row touches into a sub-journal — a fifth of a bulk import's time.
pub(crate) fn insert_in_transaction(
    conn: &Connection,
    contract: &Contract,
    now: NaiveDateTime,
) -> Result<i64> {
    check_before_saving(conn, contract)?;
    insert_row(conn, contract, now)
}

fn insert_row(conn: &Connection, contract: &Contract, now: NaiveDateTime) -> Result<i64> {
    write(
        conn,
        "INSERT INTO contracts (
            cooperative, lead_agency, contract_number, number_variants, title,
            vendor_name, vendor_aliases, vendor_contact, vendor_email, vendor_phone,
            small_business, local_states, minority_owned, woman_owned, veteran_owned,
            category, nigp_codes, unspsc_codes, description, keywords,
            solicitation_number, solicitation_method, solicitation_issued, response_count,
            cooperative_clause, award_type, awardee_count, award_date, effective_date,
            expiry_date, expiry_as_published, renewal_options, final_expiry_date, entity_types, eligible_states,
            eligibility_notes, pricing_basis, admin_fee_percent, admin_fee_notes, warranty,
            insurance_notes, sources, last_verified, notes, tags, created_at, updated_at
        ) VALUES (
            :cooperative, :lead_agency, :contract_number, :number_variants, :title,
            :vendor_name, :vendor_aliases, :vendor_contact, :vendor_email, :vendor_phone,
            :small_business, :local_states, :minority_owned, :woman_owned, :veteran_owned,
            :category, :nigp_codes, :unspsc_codes, :description, :keywords,
            :solicitation_number, :solicitation_method, :solicitation_issued, :response_count,
            :cooperative_clause, :award_type, :awardee_count, :award_date, :effective_date,
            :expiry_date, :expiry_as_published, :renewal_options, :final_expiry_date, :entity_types, :eligible_states,
            :eligibility_notes, :pricing_basis, :admin_fee_percent, :admin_fee_notes, :warranty,
            :insurance_notes, :sources, :last_verified, :notes, :tags, :stamp, :stamp
        )",
        contract,
        now,
    )?;
    let id = conn.last_insert_rowid();
    history::record(conn, id, now, Action::Create, &[])?;
    Ok(id)
}

/// Saves the changes to an existing contract (`contract.id`), with the same checks as
/// [`insert`], and records which fields changed from what to what. Saving a contract
/// unchanged records nothing.
pub fn update(db: &Database, contract: &Contract, now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    let Some(id) = contract.id else {
        return Err(Error::invalid(
            "Contract",
            "has not been saved yet; add it to the library first.",
        ));
    };
    let old = get(db, id)?;
    check_before_saving(conn, contract)?;
    let changes = diff(&old, contract);
    if changes.is_empty() {
        return Ok(());
    }
    atomically(conn, || {
        write(
            conn,
            "UPDATE contracts SET
                cooperative = :cooperative, lead_agency = :lead_agency,
                contract_number = :contract_number, number_variants = :number_variants,
                title = :title, vendor_name = :vendor_name, vendor_aliases = :vendor_aliases,
                vendor_contact = :vendor_contact, vendor_email = :vendor_email,
                vendor_phone = :vendor_phone, small_business = :small_business,
                local_states = :local_states, minority_owned = :minority_owned,
                woman_owned = :woman_owned, veteran_owned = :veteran_owned,
                category = :category, nigp_codes = :nigp_codes,
                unspsc_codes = :unspsc_codes, description = :description, keywords = :keywords,
                solicitation_number = :solicitation_number,
                solicitation_method = :solicitation_method,
                solicitation_issued = :solicitation_issued, response_count = :response_count,
                cooperative_clause = :cooperative_clause, award_type = :award_type,
                awardee_count = :awardee_count, award_date = :award_date,
                effective_date = :effective_date, expiry_date = :expiry_date,
                expiry_as_published = :expiry_as_published, renewal_options = :renewal_options,
                final_expiry_date = :final_expiry_date, entity_types = :entity_types,
                eligible_states = :eligible_states, eligibility_notes = :eligibility_notes,
                pricing_basis = :pricing_basis, admin_fee_percent = :admin_fee_percent,
                admin_fee_notes = :admin_fee_notes, warranty = :warranty,
                insurance_notes = :insurance_notes, sources = :sources,
                last_verified = :last_verified, notes = :notes, tags = :tags,
                updated_at = :stamp
             WHERE id = :id AND deleted_at IS NULL",
            contract,
            now,
        )?;
        history::record(conn, id, now, Action::Update, &changes)
    })
}

/// Moves a contract to the trash. It disappears from the library and from search, but
/// keeps its id, checklist, price list, documents and history, so [`restore`] brings it
/// back exactly.
pub fn delete(db: &Database, id: i64, now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    get(db, id)?;
    atomically(conn, || {
        conn.execute(
            "UPDATE contracts SET deleted_at = ?2 WHERE id = ?1",
            rusqlite::params![id, stamp(now)],
        )?;
        history::record(conn, id, now, Action::Delete, &[])
    })
}

/// Brings a contract back from the trash.
pub fn restore(db: &Database, id: i64, now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    atomically(conn, || {
        let restored = conn.execute(
            "UPDATE contracts SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
        )?;
        if restored == 0 {
            return Err(Error::NotFound {
                what: format!("Contract #{id} in the trash"),
            });
        }
        history::record(conn, id, now, Action::Restore, &[])
    })
}

/// A contract in the trash, for the Trash list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrashedContract {
    pub id: i64,
    pub contract_number: String,
    pub title: String,
    pub vendor_name: String,
    pub cooperative: String,
    /// When it was moved to the trash (ISO date and time).
    pub deleted_at: String,
}

/// The contracts in the trash, most recently deleted first.
pub fn trash(db: &Database) -> Result<Vec<TrashedContract>> {
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT id, contract_number, title, vendor_name, cooperative, deleted_at
         FROM contracts WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(TrashedContract {
            id: row.get(0)?,
            contract_number: row.get(1)?,
            title: row.get(2)?,
            vendor_name: row.get(3)?,
            cooperative: row.get(4)?,
            deleted_at: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Binds every field of `c` (and `:id`, `:stamp`) to `sql` and runs it.
fn write(conn: &Connection, sql: &str, c: &Contract, now: NaiveDateTime) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let id_param = stmt.parameter_index(":id")?.is_some();
    let fee = c.admin_fee_percent.map(|d| d.to_string());
    let number_variants = list_to_json(&c.number_variants);
    let vendor_aliases = list_to_json(&c.vendor_aliases);
    let nigp_codes = list_to_json(&c.nigp_codes);
    let unspsc_codes = list_to_json(&c.unspsc_codes);
    let keywords = list_to_json(&c.keywords);
    let entity_types = list_to_json(&c.entity_types);
    let eligible_states = list_to_json(&c.eligible_states);
    let local_states = list_to_json(&c.local_states);
    let award_type = c.award_type.map(AwardType::key);
    let sources = list_to_json(&c.sources);
    let tags = list_to_json(&c.tags);
    let stamp = stamp(now);
    let mut params: Vec<(&str, &dyn ToSql)> = vec![
        (":cooperative", &c.cooperative),
        (":lead_agency", &c.lead_agency),
        (":contract_number", &c.contract_number),
        (":number_variants", &number_variants),
        (":title", &c.title),
        (":vendor_name", &c.vendor_name),
        (":vendor_aliases", &vendor_aliases),
        (":vendor_contact", &c.vendor_contact),
        (":vendor_email", &c.vendor_email),
        (":vendor_phone", &c.vendor_phone),
        (":small_business", &c.small_business),
        (":local_states", &local_states),
        (":minority_owned", &c.minority_owned),
        (":woman_owned", &c.woman_owned),
        (":veteran_owned", &c.veteran_owned),
        (":category", &c.category),
        (":nigp_codes", &nigp_codes),
        (":unspsc_codes", &unspsc_codes),
        (":description", &c.description),
        (":keywords", &keywords),
        (":solicitation_number", &c.solicitation_number),
        (":solicitation_method", &c.solicitation_method),
        (":solicitation_issued", &c.solicitation_issued),
        (":response_count", &c.response_count),
        (":cooperative_clause", &c.cooperative_clause),
        (":award_type", &award_type),
        (":awardee_count", &c.awardee_count),
        (":award_date", &c.award_date),
        (":effective_date", &c.effective_date),
        (":expiry_date", &c.expiry_date),
        (":expiry_as_published", &c.expiry_as_published),
        (":renewal_options", &c.renewal_options),
        (":final_expiry_date", &c.final_expiry_date),
        (":entity_types", &entity_types),
        (":eligible_states", &eligible_states),
        (":eligibility_notes", &c.eligibility_notes),
        (":pricing_basis", &c.pricing_basis),
        (":admin_fee_percent", &fee),
        (":admin_fee_notes", &c.admin_fee_notes),
        (":warranty", &c.warranty),
        (":insurance_notes", &c.insurance_notes),
        (":sources", &sources),
        (":last_verified", &c.last_verified),
        (":notes", &c.notes),
        (":tags", &tags),
        (":stamp", &stamp),
    ];
    if id_param {
        params.push((":id", &c.id));
    }
    stmt.execute(params.as_slice())?;
    Ok(())
}

/// The fields that differ between two versions of a contract, in form order.
pub(crate) fn diff(old: &Contract, new: &Contract) -> Vec<history::FieldChange> {
    let (old, new) = (as_object(old), as_object(new));
    FIELDS
        .iter()
        .filter_map(|(field, label)| {
            let (before, after) = (
                history::text_of(old.get(*field)),
                history::text_of(new.get(*field)),
            );
            (before != after).then(|| history::FieldChange::new(*field, *label, before, after))
        })
        .collect()
}

/// The contract as a JSON object, field by wire name.
pub(crate) fn as_object(contract: &Contract) -> serde_json::Map<String, Value> {
    match serde_json::to_value(contract).expect("a contract always serialises") {
        Value::Object(map) => map,
        _ => unreachable!("a struct serialises to an object"),
    }
}

/// One contract in the library (not in the trash) by id.
pub fn get(db: &Database, id: i64) -> Result<Contract> {
    let conn = db.conn();
    conn.query_row(
        "SELECT * FROM contracts WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: format!("Contract #{id}"),
    })
}

/// Every contract in the library, in id order (exports, tests).
pub fn all(db: &Database) -> Result<Vec<Contract>> {
    let conn = db.conn();
    let mut stmt = conn.prepare("SELECT * FROM contracts WHERE deleted_at IS NULL ORDER BY id")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many contracts the library holds (the trash not counted).
pub fn count(db: &Database) -> Result<i64> {
    let conn = db.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM contracts WHERE deleted_at IS NULL",
        [],
        |row| row.get(0),
    )?)
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
        small_business: row.get("small_business")?,
        local_states: list_from_row(row, "local_states")?,
        minority_owned: row.get("minority_owned")?,
        woman_owned: row.get("woman_owned")?,
        veteran_owned: row.get("veteran_owned")?,
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
        award_type: row
            .get::<_, Option<String>>("award_type")?
            .map(|key| {
                AwardType::from_key(&key).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        format!("'{key}' is not an award type").into(),
                    )
                })
            })
            .transpose()?,
        awardee_count: row.get("awardee_count")?,
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
