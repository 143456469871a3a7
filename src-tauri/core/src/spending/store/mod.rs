//! Spending in the library (migration 0014): approvals, purchase orders with their lines,
//! change orders and invoices, and the history of all of them.
//!
//! Invariants:
//! - every write runs in one savepoint with its history entry (and, for a guard rail the
//!   clerk overrode, the override entry): either all of it is recorded or none;
//! - a write that breaks a guard rail without a reason is rolled back whole and answered
//!   with [`Error::NeedsOverride`], which lists every rule it broke;
//! - amounts are stored as decimal text with two decimals and totalled only in Rust
//!   ([`super::figures`]); an approval's amounts change only with a history entry, which
//!   the schema enforces.
//!
//! [`approvals`] records and reads the council's actions; [`purchases`] the purchase
//! orders, change orders and invoices; this file reads what both share and guards every
//! write.

mod approvals;
mod audit;
mod purchases;
mod totals;
mod unwritten;

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;

use super::figures::{Figures, Tally};
use super::model::{
    Approval, Change, ChangeOrder, Invoice, PoStatus, PurchaseLine, PurchaseOrder, Recorded, Rule,
    SpendingAction, SpendingEntry, Subject, Warning,
};
use super::rules;
use crate::db::{atomically, stamp, Database};
use crate::library::contract::Contract;
use crate::library::price_list::PriceLine;
use crate::{Error, FieldError, Result};
use unwritten::Unwritten;
pub(crate) use unwritten::{Invoice as UnwrittenInvoice, Order as UnwrittenOrder};

pub use approvals::{
    amend_approval, approval, approval_view, approvals, attach_approval_document,
    contract_approvals, record_approval, ApprovalSummary, ApprovalView,
};
pub use audit::{approval_variance, audit};
pub use purchases::{
    add_change_order, add_invoice, add_invoice_in, add_purchase_order, add_purchase_order_as,
    add_purchase_order_in, delete_invoice, delete_purchase_order, edit_purchase_order, pay_invoice,
    purchase_order, purchase_orders, set_purchase_order_status,
};

pub use totals::{kept_totals, recount_missing_totals};

pub(crate) use approvals::record_received_approval;

/// Counts the approval's totals again from the purchases the library holds, and keeps
/// them (after the hub's pull wrote them: the totals never come from the hub).
pub(crate) fn recount_totals(db: &Database, approval_id: i64) -> Result<()> {
    totals::recount(db.conn(), approval_id).map(|_| ())
}

pub(crate) use purchases::refuse_duplicate_invoice_in;
pub(crate) use totals::all_sums;

/// Which purchase orders to read.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// Every purchase order in the library.
    All,
    /// Those bought under one approval.
    Approval(i64),
    /// Those with no council action on file.
    NoApproval,
    /// One purchase order.
    Order(i64),
}

impl Scope {
    /// The condition on `po` (a `purchase_orders` row) and its one parameter.
    fn condition(self) -> (&'static str, Option<i64>) {
        match self {
            Scope::All => ("1 = 1", None),
            Scope::Approval(id) => ("po.approval_id = ?1", Some(id)),
            Scope::NoApproval => ("po.approval_id IS NULL", None),
            Scope::Order(id) => ("po.id = ?1", Some(id)),
        }
    }
}

/// A stored amount, read back exactly.
fn decimal(text: &str, what: &str) -> Result<Decimal> {
    text.parse().map_err(|_| {
        Error::Damaged(format!(
            "the library holds '{text}' as {what}, which is not an amount"
        ))
    })
}

/// An amount as stored: two decimals.
fn stored(amount: Decimal) -> String {
    super::money(amount).to_string()
}

fn rows<T>(
    conn: &Connection,
    sql: &str,
    scope: Scope,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let (condition, parameter) = scope.condition();
    let sql = sql.replace("{scope}", condition);
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = match parameter {
        Some(id) => stmt
            .query_map([id], map)?
            .collect::<rusqlite::Result<Vec<T>>>(),
        None => stmt
            .query_map([], map)?
            .collect::<rusqlite::Result<Vec<T>>>(),
    };
    Ok(found?)
}

/// The purchase orders in `scope`, with their lines, change orders and invoices, in the
/// order they were dated (then entered). Four queries, whatever their number.
fn orders(conn: &Connection, scope: Scope) -> Result<Vec<PurchaseOrder>> {
    type OrderRow = (
        i64,
        Option<i64>,
        String,
        NaiveDate,
        String,
        [String; 4],
        String,
    );
    let order_rows: Vec<OrderRow> = rows(
        conn,
        "SELECT id, approval_id, number, order_date, amount, fiscal_year, account_code,
                description, vendor, status
         FROM purchase_orders po WHERE {scope} ORDER BY order_date, id",
        scope,
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
                r.get(9)?,
            ))
        },
    )?;
    let mut lines: HashMap<i64, Vec<PurchaseLine>> = HashMap::new();
    for (po, item, quantity, price) in rows(
        conn,
        "SELECT l.po_id, l.item, l.quantity, l.unit_price FROM purchase_lines l
         JOIN purchase_orders po ON po.id = l.po_id WHERE {scope} ORDER BY l.po_id, l.position",
        scope,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )? {
        lines.entry(po).or_default().push(PurchaseLine {
            item,
            quantity: decimal(&quantity, "a line's quantity")?,
            unit_price: decimal(&price, "a line's unit price")?,
        });
    }
    let mut changes: HashMap<i64, Vec<ChangeOrder>> = HashMap::new();
    for (po, id, date, amount, reason) in rows(
        conn,
        "SELECT c.po_id, c.id, c.change_date, c.amount, c.reason FROM change_orders c
         JOIN purchase_orders po ON po.id = c.po_id WHERE {scope} ORDER BY c.change_date, c.id",
        scope,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get(4)?,
            ))
        },
    )? {
        changes.entry(po).or_default().push(ChangeOrder {
            id,
            date,
            amount: decimal(&amount, "a change order's amount")?,
            reason,
        });
    }
    let mut invoices: HashMap<i64, Vec<Invoice>> = HashMap::new();
    for (po, id, number, date, amount, credit, paid) in rows(
        conn,
        "SELECT i.po_id, i.id, i.number, i.invoice_date, i.amount, i.credit_memo, i.paid_date
         FROM invoices i JOIN purchase_orders po ON po.id = i.po_id WHERE {scope}
         ORDER BY i.invoice_date, i.id",
        scope,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    )? {
        invoices.entry(po).or_default().push(Invoice {
            id,
            number,
            date,
            amount: decimal(&amount, "an invoice's amount")?,
            credit_memo: credit,
            paid_date: paid,
        });
    }
    order_rows
        .into_iter()
        .map(
            |(
                id,
                approval_id,
                number,
                date,
                amount,
                [fy, account, description, vendor],
                status,
            )| {
                Ok(PurchaseOrder {
                    id,
                    approval_id,
                    number,
                    date,
                    amount: decimal(&amount, "a purchase order's amount")?,
                    fiscal_year: fy,
                    account_code: account,
                    description,
                    vendor,
                    status: PoStatus::from_key(&status)
                        .ok_or_else(|| Error::Damaged(format!("unknown PO status '{status}'")))?,
                    lines: lines.remove(&id).unwrap_or_default(),
                    change_orders: changes.remove(&id).unwrap_or_default(),
                    invoices: invoices.remove(&id).unwrap_or_default(),
                })
            },
        )
        .collect()
}

/// The purchase order numbered `number` (case and surrounding spaces ignored).
fn order_numbered(conn: &Connection, number: &str) -> Result<Option<PurchaseOrder>> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM purchase_orders WHERE lower(trim(number)) = lower(trim(?1))",
        )?
        .query_row([number], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => Ok(orders(conn, Scope::Order(id))?.pop()),
        None => Ok(None),
    }
}

/// The date an approval's burn rate counts from: its term's start, else its meeting.
fn since(approval: &Approval) -> NaiveDate {
    approval.term_from.unwrap_or(approval.meeting_date)
}

/// An approval and where it stands on `today`, from its kept totals.
fn standing(conn: &Connection, approval_id: i64, today: NaiveDate) -> Result<(Approval, Figures)> {
    let approval = approvals::read(conn, approval_id)?;
    let limit = approval.not_to_exceed.unwrap_or_default();
    let figures = totals::sums_of(conn, approval_id)?.figures(limit, since(&approval), today);
    Ok((approval, figures))
}

/// One history entry: what was made, changed or removed.
fn record_history(
    conn: &Connection,
    approval_id: Option<i64>,
    subject: Subject,
    subject_id: i64,
    action: SpendingAction,
    changes: &[Change],
    now: NaiveDateTime,
) -> Result<()> {
    let changes = serde_json::to_string(changes).expect("field changes always serialise");
    conn.prepare_cached(
        "INSERT INTO spending_history (approval_id, subject, subject_id, at, action, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        approval_id,
        subject.key(),
        subject_id,
        stamp(now),
        action.key(),
        changes
    ])?;
    Ok(())
}

/// The history of an approval and everything bought under it, oldest first; with
/// `None`, that of the purchases with no council action on file.
fn history(conn: &Connection, approval_id: Option<i64>) -> Result<Vec<SpendingEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT approval_id, subject, subject_id, at, action, changes, rule, sentence, reason
         FROM spending_history WHERE approval_id IS ?1 ORDER BY id",
    )?;
    let found = stmt.query_map([approval_id], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, NaiveDateTime>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let damaged = |what: &str| Error::Damaged(format!("a spending history entry has {what}"));
    let mut entries = Vec::new();
    for row in found {
        let (approval_id, subject, subject_id, at, action, changes, rule, sentence, reason) = row?;
        entries.push(SpendingEntry {
            approval_id,
            subject: Subject::from_key(&subject).ok_or_else(|| damaged("an unknown subject"))?,
            subject_id,
            at,
            action: SpendingAction::from_key(&action)
                .ok_or_else(|| damaged("an unknown action"))?,
            changes: serde_json::from_str(&changes).map_err(|_| damaged("unreadable changes"))?,
            rule: match rule {
                Some(rule) => {
                    Some(Rule::from_key(&rule).ok_or_else(|| damaged("an unknown rule"))?)
                }
                None => None,
            },
            sentence,
            reason,
        });
    }
    Ok(entries)
}

/// The refusal of a write that breaks `warnings` without a reason.
fn needs_override(warnings: &[Warning]) -> Error {
    Error::NeedsOverride(
        warnings
            .iter()
            .map(|w| FieldError::new(w.rule.key(), w.rule.words(), w.sentence.clone()))
            .collect(),
    )
}

/// Runs `change` (which writes a record and its history entry and answers its id, its
/// subject and the rules it breaks on its own) in one savepoint with the approval's
/// figures before and after, adds the not-to-exceed rule, and keeps it all only when it
/// breaks no rule or `reason` says why it was done anyway — one override entry per rule.
fn guarded(
    conn: &Connection,
    approval_id: Option<i64>,
    reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    change: impl FnOnce() -> Result<(i64, Subject, Vec<Warning>)>,
) -> Result<Recorded> {
    atomically(conn, || {
        let before = approval_id
            .map(|id| standing(conn, id, today))
            .transpose()?;
        let (id, subject, mut warnings) = change()?;
        if let Some((approval, before)) = before {
            // Counted again from the purchases as they now are, and kept.
            let limit = approval.not_to_exceed.unwrap_or_default();
            let after = totals::recount(conn, approval.id)?.figures(limit, since(&approval), today);
            if let Some(over) = rules::past_not_to_exceed(&approval, &before, &after) {
                warnings.insert(0, over);
            }
        }
        keep(conn, approval_id, (id, subject), warnings, reason, now)
    })
}

/// What a write adds to its approval's sums.
#[derive(Debug, Clone, Copy)]
enum Effect {
    /// A purchase order recorded with this status, amount and date (the write's id is
    /// its id).
    Order(PoStatus, Decimal, NaiveDate),
    /// An invoice (a credit memo negative) of `date` billing the purchase order `po`.
    Invoice {
        po: i64,
        amount: Decimal,
        paid: bool,
        date: NaiveDate,
    },
}

/// [`guarded`] for a write whose effect on the approval's sums is known: the figures
/// before come from `batch`, those after are the batch's sums with the write added —
/// the approval's purchase orders are not read again. On any error the batch forgets
/// the approval (the savepoint rolled the write back) and reads it afresh next time.
fn guarded_in(
    db: &Database,
    batch: &mut Batch,
    approval_id: Option<i64>,
    reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    change: impl FnOnce() -> Result<(i64, Subject, Vec<Warning>, Effect)>,
) -> Result<Recorded> {
    let conn = db.conn();
    let planning = batch.unwritten.is_some();
    let write = || {
        let before = match approval_id {
            Some(id) => Some(batch.figures(db, id, today)?),
            None => None,
        };
        let (id, subject, mut warnings, effect) = change()?;
        if let (Some(approval_id), Some(before)) = (approval_id, before) {
            let under = batch.under(db, approval_id)?;
            match effect {
                Effect::Order(status, amount, date) => {
                    under.tally.add_order(id, status, amount, date)
                }
                Effect::Invoice {
                    po,
                    amount,
                    paid,
                    date,
                } => under.tally.add_invoice(po, amount, paid, date),
            }
            let after = under.figures(today);
            if let Some(over) = rules::past_not_to_exceed(&under.approval, &before, &after) {
                warnings.insert(0, over);
            }
            batch.keep_totals_of(conn, approval_id)?;
        }
        if planning {
            return refuse_unexplained(id, warnings, reason);
        }
        keep(conn, approval_id, (id, subject), warnings, reason, now)
    };
    // A plan's write writes nothing: no savepoint to take it back.
    let result = if planning {
        write()
    } else {
        atomically(conn, write)
    };
    if let (Err(_), Some(id)) = (&result, approval_id) {
        batch.forget(id);
    }
    result
}

/// A plan's write: refused, naming every rule it breaks, without a reason, as [`keep`]
/// refuses it; else what it would have recorded, with no override entry written.
fn refuse_unexplained(id: i64, warnings: Vec<Warning>, reason: &str) -> Result<Recorded> {
    if !warnings.is_empty() && reason.trim().is_empty() {
        return Err(needs_override(&warnings));
    }
    Ok(Recorded {
        id,
        overridden: warnings,
    })
}

/// Keeps a write that breaks no rule, or whose `warnings` `reason` explains — one
/// override entry per rule; refuses it, naming every rule, without a reason.
fn keep(
    conn: &Connection,
    approval_id: Option<i64>,
    (id, subject): (i64, Subject),
    warnings: Vec<Warning>,
    reason: &str,
    now: NaiveDateTime,
) -> Result<Recorded> {
    if warnings.is_empty() {
        return Ok(Recorded {
            id,
            overridden: warnings,
        });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(needs_override(&warnings));
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO spending_history
             (approval_id, subject, subject_id, at, action, rule, sentence, reason)
         VALUES (?1, ?2, ?3, ?4, 'override', ?5, ?6, ?7)",
    )?;
    for warning in &warnings {
        insert.execute(params![
            approval_id,
            subject.key(),
            id,
            stamp(now),
            warning.rule.key(),
            warning.sentence,
            reason
        ])?;
    }
    Ok(Recorded {
        id,
        overridden: warnings,
    })
}

/// An approval a batch of writes buys under, read once: with its contract, the
/// contract's price list (read when first needed) and the running sums of its purchase
/// orders.
#[derive(Debug, Clone)]
pub(crate) struct Under {
    pub approval: Approval,
    pub contract: Contract,
    price_list: Option<Vec<PriceLine>>,
    tally: Tally,
}

impl Under {
    fn price_list(&self) -> &[PriceLine] {
        self.price_list.as_deref().unwrap_or_default()
    }

    fn figures(&self, today: NaiveDate) -> Figures {
        let limit = self.approval.not_to_exceed.unwrap_or_default();
        self.tally.figures(limit, since(&self.approval), today)
    }
}

/// What a batch of writes (an import's rows, recorded one after another) reads once
/// rather than once per row: each approval bought under, with its contract, price list
/// and running sums. A write outside the batch is not seen by it, so a batch lives no
/// longer than the one import it serves.
///
/// A batch made by [`Batch::keeping_totals_at_end`] does not write an approval's kept
/// totals after each write: it notes the approval, and [`Batch::keep_totals`] writes
/// each noted approval's totals once, inside the same transaction, before it commits.
#[derive(Debug, Default)]
pub struct Batch {
    under: HashMap<i64, Under>,
    /// The approvals whose kept totals are still to be written (`None`: each write
    /// keeps its approval's totals itself).
    to_keep: Option<BTreeSet<i64>>,
    /// A plan's batch ([`Batch::planning`]): what its writes would have recorded, kept
    /// here instead of in the library.
    unwritten: Option<Unwritten>,
}

/// Where a batch stood before a write of two (a PO standing for a payment, then its
/// invoice), to be put back if the second fails: [`Batch::mark`], [`Batch::rolled_back`].
pub(crate) struct BatchMark {
    approval_id: i64,
    tally: Option<Tally>,
    unwritten: usize,
}

impl Batch {
    /// A batch that writes the kept totals of the approvals it buys under once, when
    /// [`Batch::keep_totals`] is called, rather than after each write.
    pub(crate) fn keeping_totals_at_end() -> Batch {
        Batch {
            under: HashMap::new(),
            to_keep: Some(BTreeSet::new()),
            unwritten: None,
        }
    }

    /// A plan's batch: each write is checked, its rules and its effect on the approval's
    /// sums made exactly as [`Batch::keeping_totals_at_end`]'s, but nothing is written —
    /// no row, history entry, override entry or kept total; what later writes of the
    /// batch would read of it is kept in memory ([`unwritten`]).
    pub(crate) fn planning() -> Batch {
        Batch {
            unwritten: Some(Unwritten::default()),
            ..Batch::keeping_totals_at_end()
        }
    }

    /// An id for a write of a plan's batch (never a row's of the library); `None` for a
    /// batch that writes.
    fn next_unwritten_id(&mut self) -> Option<i64> {
        self.unwritten.as_mut().map(Unwritten::next_id)
    }

    /// What the plan's writes would have recorded; `None` for a batch that writes.
    pub(crate) fn unwritten(&self) -> Option<&Unwritten> {
        self.unwritten.as_ref()
    }

    /// Where the batch stands under the approval, before a write of two.
    pub(crate) fn mark(&self, approval_id: i64) -> BatchMark {
        BatchMark {
            approval_id,
            tally: self.unwritten.as_ref().and_then(|_| {
                self.under
                    .get(&approval_id)
                    .map(|under| under.tally.clone())
            }),
            unwritten: self.unwritten.as_ref().map_or(0, Unwritten::mark),
        }
    }

    /// After a write of two rolled back: a batch that writes forgets the approval (the
    /// savepoint took both back in the library, which is read afresh); a plan's batch
    /// puts back its sums and takes back what the first write recorded.
    pub(crate) fn rolled_back(&mut self, mark: BatchMark) {
        match &mut self.unwritten {
            None => self.forget(mark.approval_id),
            Some(unwritten) => {
                unwritten.undo_to(mark.unwritten);
                match (mark.tally, self.under.get_mut(&mark.approval_id)) {
                    (Some(tally), Some(under)) => under.tally = tally,
                    (None, _) => {
                        self.under.remove(&mark.approval_id);
                    }
                    (Some(_), None) => {}
                }
            }
        }
    }

    /// After a write under the approval `id`: keeps its totals now (from the batch's
    /// sums when it holds it, else counted again), or notes them for
    /// [`Batch::keep_totals`].
    fn keep_totals_of(&mut self, conn: &Connection, id: i64) -> Result<()> {
        match &mut self.to_keep {
            Some(noted) => {
                noted.insert(id);
                Ok(())
            }
            None => self.write_totals(conn, id),
        }
    }

    fn write_totals(&self, conn: &Connection, id: i64) -> Result<()> {
        match self.under.get(&id) {
            Some(under) => totals::keep(conn, id, &under.tally.sums()),
            None => totals::recount(conn, id).map(|_| ()),
        }
    }

    /// Writes the kept totals of every approval noted since the batch began: from its
    /// running sums, or — an approval the batch forgot after a write rolled back —
    /// counted again from its purchases. The caller's transaction holds the writes.
    /// A plan's batch writes none.
    pub(crate) fn keep_totals(&mut self, conn: &Connection) -> Result<()> {
        if self.unwritten.is_some() {
            return Ok(());
        }
        let noted = self.to_keep.take().unwrap_or_default();
        let result = noted.iter().try_for_each(|id| self.write_totals(conn, *id));
        self.to_keep = Some(BTreeSet::new());
        result
    }

    /// The approval `id` as the batch holds it, read on first use.
    pub(crate) fn under(&mut self, db: &Database, id: i64) -> Result<&mut Under> {
        use std::collections::hash_map::Entry;
        match self.under.entry(id) {
            Entry::Occupied(held) => Ok(held.into_mut()),
            Entry::Vacant(place) => {
                let conn = db.conn();
                let approval = approvals::read(conn, id)?;
                let contract = approvals::contract_in_library(
                    db,
                    approval.contract_id,
                    "a purchase under its council action",
                )?;
                let tally = Tally::of(&orders(conn, Scope::Approval(id))?);
                Ok(place.insert(Under {
                    approval,
                    contract,
                    price_list: None,
                    tally,
                }))
            }
        }
    }

    /// The approval `id` with its contract's price list read.
    fn priced(&mut self, db: &Database, id: i64) -> Result<&Under> {
        let under = self.under(db, id)?;
        if under.price_list.is_none() {
            under.price_list = Some(crate::library::price_list::price_lines(
                db,
                under.approval.contract_id,
            )?);
        }
        Ok(under)
    }

    fn figures(&mut self, db: &Database, id: i64, today: NaiveDate) -> Result<Figures> {
        Ok(self.under(db, id)?.figures(today))
    }

    /// Counts an invoice of `amount` under the approval `id` paid, if the batch holds it.
    fn paid(&mut self, id: i64, amount: Decimal) {
        if let Some(under) = self.under.get_mut(&id) {
            under.tally.pay(amount);
        }
    }

    /// Drops what the batch holds of the approval `id` (after a write rolled back), to
    /// be read afresh from the library. A plan's batch keeps it: the library does not
    /// hold its earlier writes, and a write it refused added nothing to its sums (a
    /// plan's writes carry a reason, so its rules never refuse one after adding it).
    pub(crate) fn forget(&mut self, id: i64) {
        if self.unwritten.is_none() {
            self.under.remove(&id);
        }
    }
}
