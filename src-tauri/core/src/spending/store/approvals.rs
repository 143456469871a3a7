//! The council's actions in the library (tables `approvals`, `approval_documents`):
//! recorded on a printed memo version or a library contract, amended only with a
//! history entry, never deleted.

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{history, orders, record_history, since, totals, Scope};
use crate::db::{atomically, stamp, Database};
use crate::library::contract;
use crate::library::documents::{self, Document, DocumentKind};
use crate::spending::figures::{Figures, Sums};
use crate::spending::input::{check_approval, CheckedApproval};
use crate::spending::model::{
    Approval, ApprovalInput, Change, Outcome, PurchaseOrder, SpendingAction, SpendingEntry, Subject,
};
use crate::{Error, FieldError, Result};

/// A row of the approvals list: the action, its contract, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalSummary {
    pub approval: Approval,
    pub contract_number: String,
    pub contract_title: String,
    pub vendor: String,
    pub figures: Figures,
}

/// One approval in full: where it stands, every purchase under it, and its history
/// (overrides included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalView {
    pub summary: ApprovalSummary,
    pub orders: Vec<PurchaseOrder>,
    pub history: Vec<SpendingEntry>,
}

const COLUMNS: &str = "id, contract_id, memo_id, memo_version, outcome, meeting_date,
    agenda_item, action_number, not_to_exceed, term_from, term_to, renewals_need_vote,
    fiscal_years, account_codes, conditions, revision, recorded_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Approval, String, Option<String>)> {
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        let text: String = r.get(i)?;
        Ok(serde_json::from_str(&text).unwrap_or_default())
    };
    let outcome: String = r.get(4)?;
    Ok((
        Approval {
            id: r.get(0)?,
            contract_id: r.get(1)?,
            memo_id: r.get(2)?,
            memo_version: r.get(3)?,
            outcome: Outcome::from_key(&outcome).unwrap_or(Outcome::Tabled),
            meeting_date: r.get(5)?,
            agenda_item: r.get(6)?,
            action_number: r.get(7)?,
            not_to_exceed: None,
            term_from: r.get(9)?,
            term_to: r.get(10)?,
            renewals_need_vote: r.get(11)?,
            fiscal_years: list(12)?,
            account_codes: list(13)?,
            conditions: r.get(14)?,
            document_ids: Vec::new(),
            revision: r.get(15)?,
            recorded_at: r.get(16)?,
        },
        outcome,
        r.get(8)?,
    ))
}

/// Checks what `from_row` could not: the outcome's key and the amount; and reads the
/// approval's documents.
fn finish(conn: &Connection, row: (Approval, String, Option<String>)) -> Result<Approval> {
    let mut stmt = conn.prepare_cached(
        "SELECT document_id FROM approval_documents WHERE approval_id = ?1 ORDER BY document_id",
    )?;
    let ids = stmt
        .query_map([row.0.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    complete(row, ids)
}

/// [`finish`] with the approval's documents already read.
fn complete(row: (Approval, String, Option<String>), document_ids: Vec<i64>) -> Result<Approval> {
    let (mut approval, outcome, limit) = row;
    if Outcome::from_key(&outcome).is_none() {
        return Err(Error::Damaged(format!(
            "approval {} has the outcome '{outcome}'",
            approval.id
        )));
    }
    approval.not_to_exceed = limit
        .map(|text| super::decimal(&text, "a not-to-exceed"))
        .transpose()?;
    approval.document_ids = document_ids;
    Ok(approval)
}

/// The documents of every approval, by approval, in one query.
fn all_documents(conn: &Connection) -> Result<HashMap<i64, Vec<i64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT approval_id, document_id FROM approval_documents
         ORDER BY approval_id, document_id",
    )?;
    let mut found: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (approval, document) = row?;
        found.entry(approval).or_default().push(document);
    }
    Ok(found)
}

/// One approval by id.
pub(super) fn read(conn: &Connection, id: i64) -> Result<Approval> {
    let row = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM approvals WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("Council action #{id}"),
        })?;
    finish(conn, row)
}

/// One approval by id.
pub fn approval(db: &Database, id: i64) -> Result<Approval> {
    read(db.conn(), id)
}

/// The contract a printed memo version recommended, and the version meant (the latest
/// printed one when none is given). The council is shown a printed memo: a draft is
/// refused with what to do.
fn memo_contract(conn: &Connection, memo_id: i64, version: Option<u32>) -> Result<(u32, i64)> {
    let found: Option<(u32, Option<String>, String)> = conn
        .query_row(
            "SELECT version, printed_at, content FROM memo_versions
             WHERE memo_id = ?1 AND (?2 IS NULL AND printed_at IS NOT NULL OR version = ?2)
             ORDER BY version DESC LIMIT 1",
            params![memo_id, version],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let memo_field = |message: String| {
        Error::InvalidFields(vec![FieldError::new(
            "memoVersion",
            "Memo version",
            message,
        )])
    };
    let Some((version, printed, content)) = found else {
        return Err(match version {
            Some(v) => Error::NotFound {
                what: format!("Version {v} of memo {memo_id}"),
            },
            None => memo_field(format!(
                "memo {memo_id} has no printed version; print the version the council was \
                 shown (Memos → Save PDF), then record its action."
            )),
        });
    };
    if printed.is_none() {
        return Err(memo_field(format!(
            "version {version} of memo {memo_id} was never printed; print the version the \
             council was shown (Memos → Save PDF), then record its action."
        )));
    }
    let content: serde_json::Value = serde_json::from_str(&content).map_err(|_| {
        Error::Damaged(format!("version {version} of memo {memo_id} is unreadable"))
    })?;
    let contract_id = content["sources"]["contract"]["id"]
        .as_i64()
        .ok_or_else(|| {
            memo_field(format!(
                "memo {memo_id} recommends no library contract; record the action on the \
             contract instead."
            ))
        })?;
    Ok((version, contract_id))
}

/// The library contract `id`, to record `what` against. One in the trash is refused with
/// a sentence that says which and how to bring it back (not a bare "not found"): an
/// approval outlives its contract's place in the library, but nothing new is recorded on
/// a contract the clerk threw away until it is restored.
pub(super) fn contract_in_library(
    db: &Database,
    id: i64,
    what: &str,
) -> Result<contract::Contract> {
    match contract::get(db, id) {
        Err(Error::NotFound { .. }) => {}
        found => return found,
    }
    let trashed: Option<(String, String)> = db
        .conn()
        .query_row(
            "SELECT contract_number, vendor_name FROM contracts
             WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Err(match trashed {
        Some((number, vendor)) => Error::InvalidFields(vec![FieldError::new(
            "contractId",
            "Contract",
            format!(
                "{number} ({vendor}) is in the trash, so {what} cannot be recorded against \
                 it; restore it first (Library → Trash → Restore), then record it again."
            ),
        )]),
        None => Error::NotFound {
            what: format!("Contract #{id}"),
        },
    })
}

/// The approval's facts as its history shows them, field by field.
fn facts(approval: &Approval) -> Vec<(&'static str, &'static str, String)> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    vec![
        ("outcome", "Outcome", approval.outcome.words().to_owned()),
        (
            "meetingDate",
            "Meeting date",
            approval.meeting_date.to_string(),
        ),
        ("agendaItem", "Agenda item", approval.agenda_item.clone()),
        (
            "actionNumber",
            "Resolution, ordinance or motion",
            approval.action_number.clone(),
        ),
        (
            "notToExceed",
            "Not-to-exceed",
            // Written with two decimals, as stored: "74360" typed again is no change.
            approval
                .not_to_exceed
                .map(|a| crate::spending::money(a).to_string())
                .unwrap_or_default(),
        ),
        ("termFrom", "Approved term, from", date(approval.term_from)),
        ("termTo", "Approved term, to", date(approval.term_to)),
        (
            "renewalsNeedVote",
            "Renewals need a new vote",
            if approval.renewals_need_vote {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
        ),
        (
            "fiscalYears",
            "Fiscal years",
            approval.fiscal_years.join("; "),
        ),
        (
            "accountCodes",
            "Account codes",
            approval.account_codes.join("; "),
        ),
        ("conditions", "Conditions", approval.conditions.clone()),
    ]
}

fn changes(old: &Approval, new: &Approval) -> Vec<Change> {
    facts(old)
        .into_iter()
        .zip(facts(new))
        .filter(|((_, _, a), (_, _, b))| a != b)
        .map(|((field, label, a), (_, _, b))| Change::new(field, label, a, b))
        .collect()
}

/// The approval `input` describes, as it would be stored.
fn proposed(input: &ApprovalInput, checked: CheckedApproval, base: Approval) -> Approval {
    Approval {
        outcome: input.outcome,
        meeting_date: checked.meeting_date,
        agenda_item: input.agenda_item.trim().to_owned(),
        action_number: input.action_number.trim().to_owned(),
        not_to_exceed: checked.not_to_exceed,
        term_from: input.term_from,
        term_to: input.term_to,
        renewals_need_vote: input.renewals_need_vote,
        fiscal_years: checked.fiscal_years,
        account_codes: checked.account_codes,
        conditions: input.conditions.trim().to_owned(),
        ..base
    }
}

/// Records the council's action on a printed memo version (the latest printed one when
/// `memo_version` is empty; its contract is the memo's) or on a library contract.
pub fn record_approval(
    db: &Database,
    input: &ApprovalInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Approval> {
    let conn = db.conn();
    let checked = check_approval(input, today)?;
    let (memo_version, contract_id) = match input.memo_id {
        Some(memo) => {
            let (version, contract) = memo_contract(conn, memo, input.memo_version)?;
            (Some(version), contract)
        }
        None => (None, input.contract_id.unwrap_or_default()),
    };
    insert_approval(
        db,
        input,
        checked,
        (contract_id, input.memo_id.zip(memo_version)),
        None,
        now,
    )
}

/// Records a council action another laptop of the office shared (the hub's pull): on the
/// library contract `contract_id`, and on the memo version `memo` when this library holds
/// it, checked as one typed here. `note` is added to its creation's history entry (the
/// memo version it was shown, when this library does not hold it).
pub(crate) fn record_received_approval(
    db: &Database,
    input: &ApprovalInput,
    (contract_id, memo): (i64, Option<(i64, u32)>),
    note: Option<Change>,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Approval> {
    let checked = check_approval(input, today)?;
    insert_approval(db, input, checked, (contract_id, memo), note, now)
}

fn insert_approval(
    db: &Database,
    input: &ApprovalInput,
    checked: CheckedApproval,
    (contract_id, memo): (i64, Option<(i64, u32)>),
    note: Option<Change>,
    now: NaiveDateTime,
) -> Result<Approval> {
    let conn = db.conn();
    contract_in_library(db, contract_id, "the council's action")?;
    let approval = proposed(
        input,
        checked,
        Approval {
            id: 0,
            contract_id,
            memo_id: memo.map(|(id, _)| id),
            memo_version: memo.map(|(_, version)| version),
            outcome: input.outcome,
            meeting_date: now.date(),
            agenda_item: String::new(),
            action_number: String::new(),
            not_to_exceed: None,
            term_from: None,
            term_to: None,
            renewals_need_vote: true,
            fiscal_years: Vec::new(),
            account_codes: Vec::new(),
            conditions: String::new(),
            document_ids: Vec::new(),
            revision: 1,
            recorded_at: now,
        },
    );
    let id = atomically(conn, || {
        conn.execute(
            "INSERT INTO approvals (contract_id, memo_id, memo_version, outcome, meeting_date,
                 agenda_item, action_number, not_to_exceed, term_from, term_to,
                 renewals_need_vote, fiscal_years, account_codes, conditions, recorded_at,
                 updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
            params![
                approval.contract_id,
                approval.memo_id,
                approval.memo_version,
                approval.outcome.key(),
                approval.meeting_date,
                approval.agenda_item,
                approval.action_number,
                approval.not_to_exceed.map(super::stored),
                approval.term_from,
                approval.term_to,
                approval.renewals_need_vote,
                serde_json::to_string(&approval.fiscal_years).expect("strings serialise"),
                serde_json::to_string(&approval.account_codes).expect("strings serialise"),
                approval.conditions,
                stamp(now),
            ],
        )?;
        let id = conn.last_insert_rowid();
        totals::keep(conn, id, &Sums::default())?;
        let mut created: Vec<Change> = facts(&approval)
            .into_iter()
            .filter(|(_, _, value)| !value.is_empty())
            .map(|(field, label, value)| Change::new(field, label, "", value))
            .collect();
        created.extend(note.clone());
        record_history(
            conn,
            Some(id),
            Subject::Approval,
            id,
            SpendingAction::Create,
            &created,
            now,
        )?;
        Ok(id)
    })?;
    read(conn, id)
}

/// Amends what the council approved (a later action, or a correction): the changes are
/// written to the history as the approval's next revision, then to the approval — the
/// schema refuses the change of an amount, term or fiscal year without that entry. The
/// memo and contract it was recorded on stay.
pub fn amend_approval(
    db: &Database,
    id: i64,
    input: &ApprovalInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Approval> {
    let conn = db.conn();
    let old = read(conn, id)?;
    let input = ApprovalInput {
        memo_id: old.memo_id,
        contract_id: Some(old.contract_id),
        ..input.clone()
    };
    let new = proposed(&input, check_approval(&input, today)?, old.clone());
    let changes = changes(&old, &new);
    if changes.is_empty() {
        return Ok(old);
    }
    let revision = old.revision + 1;
    atomically(conn, || {
        conn.execute(
            "INSERT INTO spending_history
                 (approval_id, subject, subject_id, revision, at, action, changes)
             VALUES (?1, 'approval', ?1, ?2, ?3, 'update', ?4)",
            params![
                id,
                revision,
                stamp(now),
                serde_json::to_string(&changes).expect("field changes always serialise")
            ],
        )?;
        conn.execute(
            "UPDATE approvals SET outcome = ?2, meeting_date = ?3, agenda_item = ?4,
                 action_number = ?5, not_to_exceed = ?6, term_from = ?7, term_to = ?8,
                 renewals_need_vote = ?9, fiscal_years = ?10, account_codes = ?11,
                 conditions = ?12, revision = ?13, updated_at = ?14
             WHERE id = ?1",
            params![
                id,
                new.outcome.key(),
                new.meeting_date,
                new.agenda_item,
                new.action_number,
                new.not_to_exceed.map(super::stored),
                new.term_from,
                new.term_to,
                new.renewals_need_vote,
                serde_json::to_string(&new.fiscal_years).expect("strings serialise"),
                serde_json::to_string(&new.account_codes).expect("strings serialise"),
                new.conditions,
                revision,
                stamp(now),
            ],
        )?;
        Ok(())
    })?;
    read(conn, id)
}

/// Attaches the signed resolution or minutes: copied and checksummed among the
/// contract's documents, linked to the approval, noted in its history.
pub fn attach_approval_document(
    db: &Database,
    approval_id: i64,
    file: &Path,
    now: NaiveDateTime,
) -> Result<Document> {
    let conn = db.conn();
    let approval = read(conn, approval_id)?;
    contract_in_library(db, approval.contract_id, "the signed resolution or minutes")?;
    let document = documents::attach(db, approval.contract_id, file, DocumentKind::Other, now)?;
    atomically(conn, || {
        conn.execute(
            "INSERT INTO approval_documents (approval_id, document_id) VALUES (?1, ?2)",
            [approval_id, document.id],
        )?;
        let change = Change::new("documents", "Documents", "", &document.original_name);
        record_history(
            conn,
            Some(approval_id),
            Subject::Approval,
            approval_id,
            SpendingAction::Update,
            &[change],
            now,
        )
    })?;
    Ok(document)
}

/// The number, title and vendor of each contract that has an approval (trashed ones too:
/// an approval outlives its contract's place in the library).
fn contract_names(conn: &Connection) -> Result<HashMap<i64, (String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, contract_number, title, vendor_name FROM contracts
         WHERE id IN (SELECT contract_id FROM approvals)",
    )?;
    let names = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Each approval's summary on `today`, from its totals (`sums`, by approval).
fn summaries(
    conn: &Connection,
    approvals: Vec<Approval>,
    sums: &HashMap<i64, Sums>,
    today: NaiveDate,
) -> Result<Vec<ApprovalSummary>> {
    let names = contract_names(conn)?;
    Ok(approvals
        .into_iter()
        .map(|approval| {
            let limit = approval.not_to_exceed.unwrap_or_default();
            let figures = sums.get(&approval.id).copied().unwrap_or_default().figures(
                limit,
                since(&approval),
                today,
            );
            let (number, title, vendor) = names
                .get(&approval.contract_id)
                .cloned()
                .unwrap_or_default();
            ApprovalSummary {
                approval,
                contract_number: number,
                contract_title: title,
                vendor,
                figures,
            }
        })
        .collect())
}

/// Every approval with where it stands on `today`, latest meeting first.
pub fn approvals(db: &Database, today: NaiveDate) -> Result<Vec<ApprovalSummary>> {
    let conn = db.conn();
    // With each one's kept totals (migration 0018), in the same query.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, t.approval_id, t.committed, t.invoiced, t.paid, t.last_purchase
         FROM approvals LEFT JOIN approval_totals t ON t.approval_id = approvals.id
         ORDER BY meeting_date DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([], |r| Ok((from_row(r)?, totals::joined(r, 17)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut documents = all_documents(conn)?;
    let mut sums = HashMap::with_capacity(rows.len());
    let approvals = rows
        .into_iter()
        .map(|(row, kept)| {
            let id = row.0.id;
            sums.insert(id, totals::sums_or_count(conn, id, kept)?);
            complete(row, documents.remove(&id).unwrap_or_default())
        })
        .collect::<Result<Vec<_>>>()?;
    summaries(conn, approvals, &sums, today)
}

/// The council's actions on the library contract `contract_id` (the contract detail
/// pane's "Purchases"), latest meeting first, each with where it stands on `today`.
pub fn contract_approvals(
    db: &Database,
    contract_id: i64,
    today: NaiveDate,
) -> Result<Vec<ApprovalSummary>> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM approvals WHERE contract_id = ?1
         ORDER BY meeting_date DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([contract_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let approvals = rows
        .into_iter()
        .map(|row| finish(conn, row))
        .collect::<Result<Vec<_>>>()?;
    let sums = approvals
        .iter()
        .map(|a| Ok((a.id, totals::sums_of(conn, a.id)?)))
        .collect::<Result<HashMap<_, _>>>()?;
    summaries(conn, approvals, &sums, today)
}

/// One approval in full, seen on `today`.
pub fn approval_view(db: &Database, id: i64, today: NaiveDate) -> Result<ApprovalView> {
    let conn = db.conn();
    let approval = read(conn, id)?;
    let orders = orders(conn, Scope::Approval(id))?;
    // Counted from the purchases it shows, as the totals kept are.
    let sums = HashMap::from([(id, Sums::of(&orders))]);
    let summary = summaries(conn, vec![approval], &sums, today)?
        .pop()
        .expect("one approval in, one summary out");
    Ok(ApprovalView {
        summary,
        orders,
        history: history(conn, Some(id))?,
    })
}
