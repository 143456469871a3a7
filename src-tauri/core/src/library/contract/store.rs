//! The contract record in the database (table `contracts`): adding, changing, trashing
//! and restoring it, and reading it back.
//!
//! Invariants:
//! - every write validates first and reports all field errors at once;
//! - every write is atomic and leaves a [`history`] entry in the same savepoint;
//! - deleting moves a contract to the trash (`deleted_at` set); nothing about it is lost,
//!   and the trash is invisible to [`get`], [`all`], [`count`], the table and search.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, Statement, ToSql};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::{as_object, field_error, AwardType, Contract, ValueKind, FIELDS};
use crate::db::{atomically, stamp, Database};
use crate::library::history::{self, Action};
use crate::{Error, FieldError, Result};

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
    let mut inserter = Inserter::new(&tx, now)?;
    let ids = contracts
        .iter()
        .map(|contract| inserter.insert(contract))
        .collect::<Result<Vec<i64>>>()?;
    inserter.write_history()?;
    drop(inserter);
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

/// Adds a contract row; its parameters are the ones [`bind`] sets.
const INSERT: &str = "INSERT INTO contracts (
            cooperative, lead_agency, contract_number, number_variants, title,
            vendor_name, vendor_aliases, vendor_contact, vendor_email, vendor_phone,
            small_business, local_states, minority_owned, woman_owned, veteran_owned,
            category, nigp_codes, unspsc_codes, description, keywords,
            solicitation_number, solicitation_method, solicitation_issued, response_count,
            cooperative_clause, award_type, awardee_count, award_date, effective_date,
            expiry_date, expiry_as_published, renewal_options, renewal_count, renewal_months,
            renewals_used, extendable_until, final_expiry_date, entity_types, eligible_states,
            eligibility_notes, pricing_basis, admin_fee_percent, admin_fee_notes, value_cents,
            value_kind, warranty, insurance_notes, sources, last_verified, notes, tags,
            created_at, updated_at
        ) VALUES (
            :cooperative, :lead_agency, :contract_number, :number_variants, :title,
            :vendor_name, :vendor_aliases, :vendor_contact, :vendor_email, :vendor_phone,
            :small_business, :local_states, :minority_owned, :woman_owned, :veteran_owned,
            :category, :nigp_codes, :unspsc_codes, :description, :keywords,
            :solicitation_number, :solicitation_method, :solicitation_issued, :response_count,
            :cooperative_clause, :award_type, :awardee_count, :award_date, :effective_date,
            :expiry_date, :expiry_as_published, :renewal_options, :renewal_count, :renewal_months,
            :renewals_used, :extendable_until, :final_expiry_date, :entity_types, :eligible_states,
            :eligibility_notes, :pricing_basis, :admin_fee_percent, :admin_fee_notes, :value_cents,
            :value_kind, :warranty, :insurance_notes, :sources, :last_verified, :notes, :tags,
            :stamp, :stamp
        )";

fn insert_row(conn: &Connection, contract: &Contract, now: NaiveDateTime) -> Result<i64> {
    write(conn, INSERT, contract, now)?;
    let id = conn.last_insert_rowid();
    history::record(conn, id, now, Action::Create, &[])?;
    Ok(id)
}

/// Adds contracts one after another inside a caller's transaction that it rolls back
/// whole on any error (an import), as [`insert_in_transaction`] does, with the
/// statements prepared, the time stamp written and the parameter order checked once
/// for all of them rather than once per contract, and their `create` history entries
/// written together ([`history::Creations`]): the caller calls [`Inserter::write_history`]
/// before it records any other history and before it commits.
pub(crate) struct Inserter<'c> {
    conn: &'c Connection,
    insert: Statement<'c>,
    in_order: Option<bool>,
    history: history::Creations<'c>,
    stamp: String,
}

impl<'c> Inserter<'c> {
    pub(crate) fn new(conn: &'c Connection, now: NaiveDateTime) -> Result<Inserter<'c>> {
        Ok(Inserter {
            conn,
            insert: conn.prepare(INSERT)?,
            in_order: None,
            history: history::Creations::new(conn, now),
            stamp: stamp(now),
        })
    }

    /// Checks and adds `contract`; returns its id. Its `create` history entry is
    /// written by the next [`Inserter::write_history`].
    ///
    /// The same errors as [`insert`]: a contract that repeats another's cooperative,
    /// number and vendor is refused by the library's unique key, and only then looked
    /// up to say which contract it repeats (one lookup per duplicate, not per row).
    pub(crate) fn insert(&mut self, contract: &Contract) -> Result<i64> {
        let mut errors = contract.validation_errors();
        if !errors.is_empty() {
            errors.extend(duplicate_error(self.conn, contract)?);
            return Err(Error::InvalidFields(errors));
        }
        bind(&mut self.insert, contract, &self.stamp, &mut self.in_order)?;
        if let Err(error) = self.insert.raw_execute() {
            return Err(match duplicate_error(self.conn, contract)? {
                Some(duplicate) if is_unique_violation(&error) => {
                    Error::InvalidFields(vec![duplicate])
                }
                _ => error.into(),
            });
        }
        let id = self.conn.last_insert_rowid();
        self.history.created(id)?;
        Ok(id)
    }

    /// Writes the `create` entries of the contracts added since the last call.
    pub(crate) fn write_history(&mut self) -> Result<()> {
        self.history.write()
    }
}

fn is_unique_violation(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error(),
        Some(e) if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
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
                renewal_count = :renewal_count, renewal_months = :renewal_months,
                renewals_used = :renewals_used, extendable_until = :extendable_until,
                final_expiry_date = :final_expiry_date, entity_types = :entity_types,
                eligible_states = :eligible_states, eligibility_notes = :eligibility_notes,
                pricing_basis = :pricing_basis, admin_fee_percent = :admin_fee_percent,
                admin_fee_notes = :admin_fee_notes, value_cents = :value_cents,
                value_kind = :value_kind, warranty = :warranty,
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

/// Records that the contract's facts were verified with the cooperative on `today`
/// (the one click "Verified today with the cooperative"): a change of "Last verified",
/// kept in its history like any other. Answers with the contract as stored.
pub fn mark_verified(
    db: &Database,
    id: i64,
    today: chrono::NaiveDate,
    now: NaiveDateTime,
) -> Result<Contract> {
    let mut contract = get(db, id)?;
    contract.last_verified = Some(today);
    update(db, &contract, now)?;
    get(db, id)
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
    bind(&mut stmt, c, &stamp(now), &mut None)?;
    stmt.raw_execute()?;
    Ok(())
}

/// Binds every field of `c` (and `:id`, `:stamp`) to `stmt`. By position when the
/// fields below come in the order the statement first names them (`in_order`, checked
/// when `None` and remembered), which spares SQLite looking up each of some fifty
/// names; by name otherwise, so a column added in another place still gets its value.
fn bind(
    stmt: &mut Statement<'_>,
    c: &Contract,
    stamp: &str,
    in_order: &mut Option<bool>,
) -> Result<()> {
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
    let value_cents = c.value_cents();
    let value_kind = c.value_kind.map(ValueKind::key);
    let sources = list_to_json(&c.sources);
    let tags = list_to_json(&c.tags);
    // Options left empty are read from the words when they say them plainly.
    let facts = c.renewal_facts();
    let read = match (c.renewal_count, c.renewal_months) {
        (None, None) => facts.options(),
        _ => None,
    };
    let renewal_count = c.renewal_count.or(read.map(|o| o.count));
    let renewal_months = c.renewal_months.or(read.map(|o| o.months));
    let extendable_until = facts.extension().stored();
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
        (":renewal_count", &renewal_count),
        (":renewal_months", &renewal_months),
        (":renewals_used", &c.renewals_used),
        (":extendable_until", &extendable_until),
        (":final_expiry_date", &c.final_expiry_date),
        (":entity_types", &entity_types),
        (":eligible_states", &eligible_states),
        (":eligibility_notes", &c.eligibility_notes),
        (":pricing_basis", &c.pricing_basis),
        (":admin_fee_percent", &fee),
        (":admin_fee_notes", &c.admin_fee_notes),
        (":value_cents", &value_cents),
        (":value_kind", &value_kind),
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
    let in_order = *in_order.get_or_insert_with(|| {
        params.len() == stmt.parameter_count()
            && params
                .iter()
                .enumerate()
                .all(|(i, (name, _))| stmt.parameter_name(i + 1) == Some(*name))
    });
    for (i, (name, value)) in params.iter().enumerate() {
        let index = match in_order {
            true => i + 1,
            false => stmt
                .parameter_index(name)?
                .ok_or_else(|| rusqlite::Error::InvalidParameterName((*name).to_owned()))?,
        };
        stmt.raw_bind_parameter(index, value)?;
    }
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

/// The jurisdiction whose contract `contract_id` is, when it is another's, received
/// read-only from the region through the shared library (`None` when it is this
/// library's own, or the library is not joined): the hub's last version of it (its
/// shadow, docs/hub.md) says whose it is. Here rather than in `hub`, so that an import
/// can ask without reaching up into the sharing.
pub(crate) fn read_only_owner(db: &Database, contract_id: i64) -> Result<Option<String>> {
    let owner: Option<String> = db
        .conn()
        .query_row(
            "SELECT coalesce(m.name, s.owner)
             FROM contracts c JOIN hub_shadow s ON s.global_id = c.global_id
                 JOIN hub_link l ON l.member_role <> s.owner
                 LEFT JOIN hub_members m ON m.role = s.owner
             WHERE c.id = ?1",
            [contract_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(owner)
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

/// One contract by id, in the trash or not, and whether it is in the trash (the shared
/// hub sends a trashed contract as a deletion, with its facts).
pub fn get_including_trash(db: &Database, id: i64) -> Result<(Contract, bool)> {
    let conn = db.conn();
    conn.query_row("SELECT * FROM contracts WHERE id = ?1", [id], |row| {
        Ok((
            from_row(row)?,
            row.get::<_, Option<String>>("deleted_at")?.is_some(),
        ))
    })
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
        renewal_count: row.get("renewal_count")?,
        renewal_months: row.get("renewal_months")?,
        renewals_used: row.get("renewals_used")?,
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
        value: row
            .get::<_, Option<i64>>("value_cents")?
            .map(|cents| Decimal::new(cents, 2)),
        value_kind: row
            .get::<_, Option<String>>("value_kind")?
            .map(|key| {
                ValueKind::from_key(&key).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        format!("'{key}' is not a kind of value").into(),
                    )
                })
            })
            .transpose()?,
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

    /// What `sql` reads back of a contract bound by [`bind`]: every value, in order.
    fn bound(conn: &Connection, sql: &str, c: &Contract) -> Vec<rusqlite::types::Value> {
        let mut stmt = conn.prepare(sql).unwrap();
        bind(&mut stmt, c, "2026-12-07T09:00:00", &mut None).unwrap();
        let mut rows = stmt.raw_query();
        let row = rows.next().unwrap().unwrap();
        (0..row.as_ref().column_count())
            .map(|i| row.get(i).unwrap())
            .collect()
    }

    #[test]
    fn every_field_reaches_its_parameter_in_the_statements_order_or_another() {
        let conn = Connection::open_in_memory().unwrap();
        // The INSERT's parameters in the order it first names them.
        let mut names: Vec<String> = Vec::new();
        for part in INSERT.split(':').skip(1) {
            let end = part
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(part.len());
            let name = format!(":{}", &part[..end]);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        assert!(
            names.len() > 40,
            "the INSERT's parameters are read: {names:?}"
        );
        let contract = Contract {
            cooperative: "TIPS".into(),
            contract_number: "R-1".into(),
            title: "Radios".into(),
            vendor_name: "Acme".into(),
            keywords: vec!["radio".into()],
            notes: "n".into(),
            ..Contract::default()
        };
        let in_order = format!("SELECT {}", names.join(", "));
        let reversed: Vec<String> = names.iter().rev().cloned().collect();
        let out_of_order = format!("SELECT {}", reversed.join(", "));
        let mut expected = bound(&conn, &in_order, &contract);
        assert!(expected.contains(&rusqlite::types::Value::Text("Radios".into())));
        expected.reverse();
        assert_eq!(
            bound(&conn, &out_of_order, &contract),
            expected,
            "a column named in another place than the list would get another field's value"
        );
    }

    /// A batch refuses a contract that repeats another (one added earlier in the same
    /// batch, or one in the trash) with the sentence a single insert gives, and keeps
    /// nothing of the batch.
    #[test]
    fn a_batch_refuses_a_repeated_contract_by_name_and_keeps_nothing() {
        let db = Database::open_in_memory().unwrap();
        let now: NaiveDateTime = "2026-12-07T09:00:00".parse().unwrap();
        let radios = Contract {
            cooperative: "TIPS".into(),
            contract_number: "R-1".into(),
            title: "Radios".into(),
            vendor_name: "Acme".into(),
            ..Contract::default()
        };
        let other = Contract {
            contract_number: "R-2".into(),
            ..radios.clone()
        };
        let messages = |error: Error| match error {
            Error::InvalidFields(errors) => errors
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>(),
            other => panic!("a field error, not {other:?}"),
        };
        let refused = insert_all(&db, &[radios.clone(), other.clone(), radios.clone()], now);
        assert_eq!(
            messages(refused.unwrap_err()),
            [
                "contractNumber: TIPS contract R-1 with Acme is already in the library; \
              open that contract instead."
            ]
        );
        assert_eq!(count(&db).unwrap(), 0);
        let history: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM contract_history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(history, 0, "no entry is left of a refused batch");

        let id = insert(&db, &radios, now).unwrap();
        delete(&db, id, now).unwrap();
        let invalid_too = Contract {
            title: String::new(),
            ..radios.clone()
        };
        let refused = messages(insert_all(&db, &[other.clone(), invalid_too], now).unwrap_err());
        assert!(
            refused.len() == 2
                && refused[1]
                    == "contractNumber: TIPS contract R-1 with Acme is in the trash; \
                        restore it instead of adding it again.",
            "every error at once, the repeat last, as a single insert says it: {refused:?}"
        );
        assert_eq!(count(&db).unwrap(), 0);

        let ids = insert_all(
            &db,
            &[
                other,
                Contract {
                    contract_number: "R-3".into(),
                    ..radios
                },
            ],
            now,
        )
        .unwrap();
        let created: Vec<(i64, String)> = {
            let mut stmt = db
                .conn()
                .prepare(
                    "SELECT contract_id, action FROM contract_history
                     WHERE contract_id IN (?1, ?2) ORDER BY id",
                )
                .unwrap();
            let rows = stmt
                .query_map([ids[0], ids[1]], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            rows.collect::<rusqlite::Result<_>>().unwrap()
        };
        assert_eq!(
            created,
            [(ids[0], "create".to_owned()), (ids[1], "create".to_owned())]
        );
    }
}
