//! Certificates of insurance in the library (tables `insurance_certificates`,
//! `insurance_policies`, migration 0015): recorded with their PDF among the contract's
//! checksummed documents, read back per contract or all at once for the Needs-action
//! list. Never deleted: the schema refuses it.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use super::model::{AdditionalInsured, Certificate, CertificateInput, Policy, PolicyKind};
use crate::db::day::{required_day, required_moment};
use crate::db::{atomically, stamp, Database};
use crate::library::contract;
use crate::library::documents::{self, DocumentKind};
use crate::spending::input::parse_amount;
use crate::{Error, FieldError, Result};

/// What was typed, checked: the contract, and every policy's limit as an exact amount.
struct Checked {
    contract_id: i64,
    policies: Vec<Policy>,
}

/// Checks `input` whole, one sentence per field that is wrong.
fn check(db: &Database, input: &CertificateInput) -> Result<Checked> {
    let mut errors = Vec::new();
    let from_approval: Option<i64> = match input.approval_id {
        Some(id) => Some(crate::spending::store::approval(db, id)?.contract_id),
        None => None,
    };
    let contract_id = match (input.contract_id, from_approval) {
        (Some(given), Some(of_approval)) if given != of_approval => {
            errors.push(FieldError::new(
                "approvalId",
                "Council action",
                format!(
                    "council action #{} is for another contract; choose one of this contract's \
                     actions or none.",
                    input.approval_id.unwrap_or_default()
                ),
            ));
            given
        }
        (Some(id), _) | (None, Some(id)) => id,
        (None, None) => {
            return Err(Error::invalid(
                "contractId",
                "Say which contract the certificate is for.",
            ))
        }
    };
    contract::get(db, contract_id)?;
    if input.insurer.trim().is_empty() {
        errors.push(FieldError::new(
            "insurer",
            "Insurer",
            "is required: the insurance company named on the certificate.",
        ));
    }
    if input.policies.is_empty() {
        errors.push(FieldError::new(
            "policies",
            "Policies",
            "list at least one policy with its limit, such as general liability $1,000,000.00.",
        ));
    }
    let mut policies = Vec::new();
    for (index, policy) in input.policies.iter().enumerate() {
        let label = format!("Policy {} ({})", index + 1, policy.kind.words());
        match parse_amount(&policy.limit, &format!("policies.{index}"), &label) {
            Ok(limit) if limit > Decimal::ZERO => policies.push(Policy {
                kind: policy.kind,
                limit,
            }),
            Ok(_) => errors.push(FieldError::new(
                &format!("policies.{index}"),
                &label,
                "a limit must be more than zero.",
            )),
            Err(error) => errors.push(error),
        }
    }
    match (input.effective_date, input.expiry_date) {
        (Some(from), Some(to)) if from > to => errors.push(FieldError::new(
            "expiryDate",
            "Expiry date",
            format!("{to} is before the effective date {from}."),
        )),
        (Some(_), Some(_)) => {}
        (from, to) => {
            if from.is_none() {
                errors.push(FieldError::new(
                    "effectiveDate",
                    "Effective date",
                    "is required (YYYY-MM-DD).",
                ));
            }
            if to.is_none() {
                errors.push(FieldError::new(
                    "expiryDate",
                    "Expiry date",
                    "is required (YYYY-MM-DD): the day the policies end.",
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(Checked {
            contract_id,
            policies,
        })
    } else {
        Err(Error::InvalidFields(errors))
    }
}

/// Records a certificate, with its PDF (`file`) copied and checksummed among the
/// contract's documents. Nothing is kept when anything is wrong.
pub fn add_certificate(
    db: &Database,
    input: &CertificateInput,
    file: Option<&Path>,
    now: NaiveDateTime,
) -> Result<Certificate> {
    let checked = check(db, input)?;
    let document = file
        .map(|path| {
            documents::attach(
                db,
                checked.contract_id,
                path,
                DocumentKind::Certificate,
                now,
            )
        })
        .transpose()?;
    let conn = db.conn();
    let id = atomically(conn, || {
        conn.execute(
            "INSERT INTO insurance_certificates (contract_id, approval_id, insurer,
                 effective_date, expiry_date, additional_insured, document_id, notes,
                 recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                checked.contract_id,
                input.approval_id,
                input.insurer.trim(),
                input.effective_date,
                input.expiry_date,
                input.additional_insured.key(),
                document.as_ref().map(|d| d.id),
                input.notes.trim(),
                stamp(now)
            ],
        )?;
        let id = conn.last_insert_rowid();
        let mut insert = conn.prepare_cached(
            "INSERT INTO insurance_policies (certificate_id, position, kind, limit_amount)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, policy) in checked.policies.iter().enumerate() {
            insert.execute(params![
                id,
                position as i64,
                policy.kind.key(),
                crate::tco::round_cents(policy.limit).to_string()
            ])?;
        }
        Ok(id)
    })?;
    Ok(read(conn, Some(checked.contract_id))?
        .into_iter()
        .find(|c| c.id == id)
        .expect("the certificate just recorded"))
}

/// A contract's certificates, latest expiry first.
pub fn certificates(db: &Database, contract_id: i64) -> Result<Vec<Certificate>> {
    contract::get(db, contract_id)?;
    read(db.conn(), Some(contract_id))
}

/// Every certificate in the library (`None`) or one contract's, latest expiry first.
pub(crate) fn read(conn: &Connection, contract_id: Option<i64>) -> Result<Vec<Certificate>> {
    let damaged = |what: String| Error::Damaged(format!("a certificate of insurance has {what}"));
    let mut policies: HashMap<i64, Vec<Policy>> = HashMap::new();
    // Every policy in its table's own order (certificate, position) when every
    // certificate is read: no join and no sort.
    let mut stmt = match contract_id {
        None => conn.prepare_cached(
            "SELECT certificate_id, kind, limit_amount FROM insurance_policies
             WHERE ?1 IS NULL ORDER BY certificate_id, position",
        )?,
        Some(_) => conn.prepare_cached(
            "SELECT p.certificate_id, p.kind, p.limit_amount FROM insurance_policies p
             JOIN insurance_certificates c ON c.id = p.certificate_id
             WHERE c.contract_id = ?1 ORDER BY p.certificate_id, p.position",
        )?,
    };
    let rows = stmt.query_map([contract_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, kind, limit) = row?;
        policies.entry(id).or_default().push(Policy {
            kind: PolicyKind::from_key(&kind)
                .ok_or_else(|| damaged(format!("the policy kind '{kind}'")))?,
            limit: limit
                .parse()
                .map_err(|_| damaged(format!("the limit '{limit}'")))?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, contract_id, approval_id, insurer, effective_date, expiry_date,
                additional_insured, document_id, notes, recorded_at
         FROM insurance_certificates WHERE ?1 IS NULL OR contract_id = ?1",
    )?;
    let rows = stmt.query_map([contract_id], |r| {
        Ok((
            Certificate {
                id: r.get(0)?,
                contract_id: r.get(1)?,
                approval_id: r.get(2)?,
                insurer: r.get(3)?,
                policies: Vec::new(),
                effective_date: required_day(r, 4)?,
                expiry_date: required_day(r, 5)?,
                additional_insured: AdditionalInsured::Unknown,
                document_id: r.get(7)?,
                notes: r.get(8)?,
                recorded_at: required_moment(r, 9)?,
            },
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (mut certificate, named) = row?;
        certificate.additional_insured = AdditionalInsured::from_key(&named)
            .ok_or_else(|| damaged(format!("the additional-insured answer '{named}'")))?;
        certificate.policies = policies.remove(&certificate.id).unwrap_or_default();
        found.push(certificate);
    }
    // Latest expiry first, sorted here rather than by SQLite, which sorted every
    // certificate of the library through a temporary b-tree each time the list was made.
    found.sort_unstable_by_key(|c| std::cmp::Reverse((c.expiry_date, c.id)));
    Ok(found)
}
