//! Purchase orders, change orders and invoices in the library: each recorded, changed or
//! removed in one savepoint with its history entry, through [`super::guarded`], which
//! holds it back when it breaks a guard rail without a reason.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::{
    guarded, guarded_in, order_numbered, orders, record_history, stored, Batch, Effect, Scope,
    UnwrittenInvoice, UnwrittenOrder,
};
use crate::db::{stamp, Database};
use crate::library::contract::Contract;
use crate::library::price_list::{price_lines, PriceLine};
use crate::settings;
use crate::spending::input::{check_change_order, check_invoice, check_order, CheckedOrder};
use crate::spending::model::{
    Approval, Change, ChangeOrderInput, InvoiceInput, PoStatus, PurchaseLine, PurchaseOrder,
    PurchaseOrderInput, Recorded, SpendingAction, Subject, Warning,
};
use crate::spending::rules;
use crate::tco::dollars;
use crate::{Error, FieldError, Result};

fn invalid(field: &str, label: &str, message: String) -> Error {
    Error::InvalidFields(vec![FieldError::new(field, label, message)])
}

/// A vendor's name as invoice numbers are told apart by: lower case, single spaces.
fn vendor_key(vendor: &str) -> String {
    vendor
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The purchase order numbered `number`, or a sentence saying it is not recorded.
fn known_order(conn: &Connection, number: &str) -> Result<PurchaseOrder> {
    order_numbered(conn, number)?.ok_or_else(|| {
        invalid(
            "poNumber",
            "PO number",
            format!(
                "no purchase order numbered '{}' is recorded; record the PO first (the \
                 Spending screen, or coopdesk-cli purchase add).",
                number.trim()
            ),
        )
    })
}

/// What an invoice needs of the PO it bills: its id, number, vendor and approval.
struct BilledOrder {
    id: i64,
    number: String,
    vendor: String,
    approval_id: Option<i64>,
}

/// The PO numbered `number` as an invoice bills it, without reading its lines, change
/// orders and earlier invoices (an import adds many invoices to one PO); or the same
/// sentence as [`known_order`] when it is not recorded.
fn billed_order(conn: &Connection, number: &str) -> Result<BilledOrder> {
    let found = conn
        .prepare_cached(
            "SELECT id, number, vendor, approval_id FROM purchase_orders
             WHERE lower(trim(number)) = lower(trim(?1))",
        )?
        .query_row([number], |r| {
            Ok(BilledOrder {
                id: r.get(0)?,
                number: r.get(1)?,
                vendor: r.get(2)?,
                approval_id: r.get(3)?,
            })
        })
        .optional()?;
    match found {
        Some(order) => Ok(order),
        None => known_order(conn, number).map(|o| BilledOrder {
            id: o.id,
            number: o.number,
            vendor: o.vendor,
            approval_id: o.approval_id,
        }),
    }
}

/// The approval a purchase is bought under and its contract.
fn under(db: &Database, approval_id: Option<i64>) -> Result<Option<(Approval, Contract)>> {
    approval_id
        .map(|id| {
            let approval = super::approvals::read(db.conn(), id)?;
            let contract = super::approvals::contract_in_library(
                db,
                approval.contract_id,
                "a purchase under its council action",
            )?;
            Ok((approval, contract))
        })
        .transpose()
}

/// The rules a purchase order breaks on its own: no approval, its date, its fiscal year
/// and its lines against the price list.
fn order_warnings(
    order: &CheckedOrder,
    fiscal_year: &str,
    under: Option<(&Approval, &Contract, &[PriceLine])>,
) -> Vec<Warning> {
    let Some((approval, contract, price_list)) = under else {
        return Vec::new();
    };
    let what = format!("PO {}", order.number);
    let mut warnings: Vec<Warning> = rules::not_approved(approval, &what).into_iter().collect();
    warnings.extend(rules::dated(&what, order.date, approval, contract));
    warnings.extend(rules::fiscal_year(&what, fiscal_year, approval));
    warnings.extend(rules::above_price_list(&order.lines, price_list));
    warnings
}

/// Refuses a PO number the library already holds (other than `except`), naming it.
fn refuse_duplicate(conn: &Connection, number: &str, except: Option<i64>) -> Result<()> {
    if let Some(first) = order_numbered(conn, number)?.filter(|o| Some(o.id) != except) {
        return Err(duplicate_order(
            &first.number,
            first.date,
            &first.vendor,
            first.amount,
        ));
    }
    Ok(())
}

/// The refusal of a PO number already recorded, naming the first PO.
fn duplicate_order(number: &str, date: NaiveDate, vendor: &str, amount: Decimal) -> Error {
    invalid(
        "number",
        "PO number",
        format!(
            "PO {number} is already recorded (dated {date}, {vendor}, {}); a finance system \
             numbers each purchase order once.",
            dollars(amount)
        ),
    )
}

fn write_lines(conn: &Connection, po_id: i64, order: &CheckedOrder) -> Result<()> {
    conn.prepare_cached("DELETE FROM purchase_lines WHERE po_id = ?1")?
        .execute([po_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO purchase_lines (po_id, position, item, quantity, unit_price)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, line) in order.lines.iter().enumerate() {
        insert.execute(params![
            po_id,
            position as i64,
            line.item,
            line.quantity.normalize().to_string(),
            stored(line.unit_price)
        ])?;
    }
    Ok(())
}

/// A PO's facts as its history shows them.
fn order_facts(order: &PurchaseOrder) -> Vec<(&'static str, &'static str, String)> {
    let lines = order
        .lines
        .iter()
        .map(|l| {
            format!(
                "{} × {} at {}",
                l.quantity.normalize(),
                l.item,
                l.unit_price
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        ("number", "PO number", order.number.clone()),
        ("date", "PO date", order.date.to_string()),
        ("amount", "Amount", order.amount.to_string()),
        ("fiscalYear", "Fiscal year", order.fiscal_year.clone()),
        ("accountCode", "Account code", order.account_code.clone()),
        ("description", "Description", order.description.clone()),
        ("vendor", "Vendor", order.vendor.clone()),
        ("status", "Status", order.status.key().to_owned()),
        ("lines", "Lines", lines),
    ]
}

fn order_changes(old: Option<&PurchaseOrder>, new: Option<&PurchaseOrder>) -> Vec<Change> {
    let facts = |o: Option<&PurchaseOrder>| o.map(order_facts);
    let (old, new) = (facts(old), facts(new));
    let count = old.as_ref().or(new.as_ref()).map_or(0, Vec::len);
    (0..count)
        .filter_map(|i| {
            let pick = |f: &Option<Vec<(&'static str, &'static str, String)>>| {
                f.as_ref().map(|f| f[i].clone())
            };
            let (a, b) = (pick(&old), pick(&new));
            let (field, label) = a.as_ref().or(b.as_ref()).map(|(f, l, _)| (*f, *l))?;
            let (a, b) = (
                a.map(|x| x.2).unwrap_or_default(),
                b.map(|x| x.2).unwrap_or_default(),
            );
            (a != b).then(|| Change::new(field, label, a, b))
        })
        .collect()
}

/// The vendor a PO is recorded for: as typed, else its contract's.
fn vendor_of(input: &PurchaseOrderInput, contract: Option<&Contract>) -> Result<String> {
    let typed = input.vendor.trim();
    if !typed.is_empty() {
        return Ok(typed.to_owned());
    }
    contract
        .map(|contract| contract.vendor_name.clone())
        .ok_or_else(|| {
            invalid(
                "vendor",
                "Vendor",
                "is required for a purchase order with no council action on file.".to_owned(),
            )
        })
}

/// Records a purchase order (under an approval, or with none on file). When it breaks a
/// guard rail, `override_reason` must say why it was done anyway.
pub fn add_purchase_order(
    db: &Database,
    input: &PurchaseOrderInput,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    add_purchase_order_as(db, input, PoStatus::Open, override_reason, today, now)
}

/// Records a purchase order already `status` in the finance system (an import's cancelled
/// PO, or the closed PO standing for a payment that named none): a cancelled or closed
/// one commits nothing, so it is never past the not-to-exceed by itself.
pub fn add_purchase_order_as(
    db: &Database,
    input: &PurchaseOrderInput,
    status: PoStatus,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let mut batch = Batch::default();
    add_purchase_order_in(db, &mut batch, input, status, override_reason, today, now)
}

/// [`add_purchase_order_as`] as one write of a `batch` (an import's rows): the approval,
/// its contract, price list and figures are read once for the batch.
pub fn add_purchase_order_in(
    db: &Database,
    batch: &mut Batch,
    input: &PurchaseOrderInput,
    status: PoStatus,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let conn = db.conn();
    let checked = check_order(input, today)?;
    let (vendor, mut warnings) = {
        let under = input
            .approval_id
            .map(|id| batch.priced(db, id))
            .transpose()?;
        let vendor = vendor_of(input, under.map(|u| &u.contract))?;
        let under = under.map(|u| (&u.approval, &u.contract, u.price_list()));
        (vendor, order_warnings(&checked, &input.fiscal_year, under))
    };
    if input.approval_id.is_none() && status != PoStatus::Cancelled {
        let threshold = settings::load(db)?.council_action_threshold;
        let what = format!("PO {}", checked.number);
        warnings.extend(rules::no_council_action(&what, checked.amount, threshold));
    }
    if let Some(first) = batch.unwritten().and_then(|u| u.order(&checked.number)) {
        return Err(duplicate_order(
            &first.number,
            first.date,
            &first.vendor,
            first.amount,
        ));
    }
    refuse_duplicate(conn, &checked.number, None)?;
    let effect = Effect::Order(status, checked.amount, checked.date);
    if let Some(id) = batch.next_unwritten_id() {
        // A plan's: decided as below, recorded in memory once kept.
        let recorded = guarded_in(
            db,
            batch,
            input.approval_id,
            override_reason,
            today,
            now,
            || Ok((id, Subject::PurchaseOrder, warnings, effect)),
        )?;
        if let Some(unwritten) = &mut batch.unwritten {
            unwritten.add_order(UnwrittenOrder {
                id,
                number: checked.number.clone(),
                vendor,
                approval_id: input.approval_id,
                date: checked.date,
                amount: super::decimal(&stored(checked.amount), "an amount")?,
            });
        }
        return Ok(recorded);
    }
    guarded_in(
        db,
        batch,
        input.approval_id,
        override_reason,
        today,
        now,
        || {
            conn.prepare_cached(
                "INSERT INTO purchase_orders (approval_id, number, order_date, amount,
                     fiscal_year, account_code, description, vendor, status, created_at,
                     updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9, ?9)",
            )?
            .execute(params![
                input.approval_id,
                checked.number,
                checked.date,
                stored(checked.amount),
                input.fiscal_year.trim(),
                input.account_code.trim(),
                input.description.trim(),
                vendor,
                stamp(now),
                status.key()
            ])?;
            let id = conn.last_insert_rowid();
            write_lines(conn, id, &checked)?;
            let order = written_order(id, input, &checked, &vendor, status)?;
            let changes = order_changes(None, Some(&order));
            record_history(
                conn,
                input.approval_id,
                Subject::PurchaseOrder,
                id,
                SpendingAction::Create,
                &changes,
                now,
            )?;
            Ok((id, Subject::PurchaseOrder, warnings, effect))
        },
    )
}

/// A new purchase order `id` as it was just written (its amounts as stored), without
/// reading it back: a new PO has no change orders or invoices yet.
fn written_order(
    id: i64,
    input: &PurchaseOrderInput,
    checked: &CheckedOrder,
    vendor: &str,
    status: PoStatus,
) -> Result<PurchaseOrder> {
    let amount = |value: Decimal, what: &str| super::decimal(&stored(value), what);
    Ok(PurchaseOrder {
        id,
        approval_id: input.approval_id,
        number: checked.number.clone(),
        date: checked.date,
        amount: amount(checked.amount, "a purchase order's amount")?,
        fiscal_year: input.fiscal_year.trim().to_owned(),
        account_code: input.account_code.trim().to_owned(),
        description: input.description.trim().to_owned(),
        vendor: vendor.to_owned(),
        status,
        lines: checked
            .lines
            .iter()
            .map(|line| {
                Ok(PurchaseLine {
                    item: line.item.clone(),
                    quantity: line.quantity.normalize(),
                    unit_price: amount(line.unit_price, "a line's unit price")?,
                })
            })
            .collect::<Result<_>>()?,
        change_orders: Vec::new(),
        invoices: Vec::new(),
    })
}

fn read_order(conn: &Connection, id: i64) -> Result<PurchaseOrder> {
    orders(conn, Scope::Order(id))?
        .pop()
        .ok_or_else(|| Error::NotFound {
            what: format!("Purchase order #{id}"),
        })
}

/// One purchase order with its lines, change orders and invoices.
pub fn purchase_order(db: &Database, id: i64) -> Result<PurchaseOrder> {
    read_order(db.conn(), id)
}

/// The purchase orders under an approval, or (`None`) those with no council action on
/// file, oldest first.
pub fn purchase_orders(db: &Database, approval_id: Option<i64>) -> Result<Vec<PurchaseOrder>> {
    match approval_id {
        Some(id) => {
            super::approvals::read(db.conn(), id)?;
            orders(db.conn(), Scope::Approval(id))
        }
        None => orders(db.conn(), Scope::NoApproval),
    }
}

/// Changes a purchase order's facts and lines (it stays under the same approval). Only
/// the rules it breaks anew need a reason.
pub fn edit_purchase_order(
    db: &Database,
    id: i64,
    input: &PurchaseOrderInput,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let conn = db.conn();
    let old = read_order(conn, id)?;
    if input.approval_id != old.approval_id {
        return Err(invalid(
            "approvalId",
            "Council action",
            format!(
                "PO {} stays under the council action it was recorded on; cancel it and \
                 record a new PO under the other action.",
                old.number
            ),
        ));
    }
    let checked = check_order(input, today)?;
    let under = under(db, old.approval_id)?;
    let vendor = vendor_of(input, under.as_ref().map(|(_, contract)| contract))?;
    refuse_duplicate(conn, &checked.number, Some(id))?;
    let price_list = match &under {
        Some((approval, _)) => price_lines(db, approval.contract_id)?,
        None => Vec::new(),
    };
    let under = under
        .as_ref()
        .map(|(approval, contract)| (approval, contract, price_list.as_slice()));
    let was = CheckedOrder {
        number: old.number.clone(),
        date: old.date,
        amount: old.amount,
        lines: old.lines.clone(),
    };
    let before = order_warnings(&was, &old.fiscal_year, under);
    let mut warnings = order_warnings(&checked, &input.fiscal_year, under);
    warnings.retain(|w| {
        !before.iter().any(|b| {
            b.rule == w.rule && b.sentence.replace(&old.number, &checked.number) == w.sentence
        })
    });
    guarded(conn, old.approval_id, override_reason, today, now, || {
        conn.execute(
            "UPDATE purchase_orders SET number = ?2, order_date = ?3, amount = ?4,
                 fiscal_year = ?5, account_code = ?6, description = ?7, vendor = ?8,
                 updated_at = ?9
             WHERE id = ?1",
            params![
                id,
                checked.number,
                checked.date,
                stored(checked.amount),
                input.fiscal_year.trim(),
                input.account_code.trim(),
                input.description.trim(),
                vendor,
                stamp(now)
            ],
        )?;
        write_lines(conn, id, &checked)?;
        let new = read_order(conn, id)?;
        let changes = order_changes(Some(&old), Some(&new));
        record_history(
            conn,
            old.approval_id,
            Subject::PurchaseOrder,
            id,
            SpendingAction::Update,
            &changes,
            now,
        )?;
        Ok((id, Subject::PurchaseOrder, warnings))
    })
}

/// Opens, closes or cancels a purchase order. Reopening one may take the approval past
/// its not-to-exceed again, which needs a reason.
pub fn set_purchase_order_status(
    db: &Database,
    id: i64,
    status: PoStatus,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let conn = db.conn();
    let old = read_order(conn, id)?;
    if old.status == status {
        return Ok(Recorded {
            id,
            overridden: Vec::new(),
        });
    }
    guarded(conn, old.approval_id, override_reason, today, now, || {
        conn.execute(
            "UPDATE purchase_orders SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status.key(), stamp(now)],
        )?;
        let change = Change::new("status", "Status", old.status.key(), status.key());
        record_history(
            conn,
            old.approval_id,
            Subject::PurchaseOrder,
            id,
            SpendingAction::Update,
            &[change],
            now,
        )?;
        Ok((id, Subject::PurchaseOrder, Vec::new()))
    })
}

/// Removes a purchase order recorded by mistake, with its lines and change orders. One
/// that an invoice bills stays (cancel it instead): money billed was billed.
pub fn delete_purchase_order(db: &Database, id: i64, now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    let old = read_order(conn, id)?;
    if !old.invoices.is_empty() {
        return Err(invalid(
            "purchaseOrder",
            "Purchase order",
            format!(
                "PO {} is billed by {} invoice(s), so it stays on record; cancel it instead, \
                 or delete the invoices entered by mistake first.",
                old.number,
                old.invoices.len()
            ),
        ));
    }
    // Removing a PO only lowers what is committed: no rule can be broken by it.
    crate::db::atomically(conn, || {
        conn.execute("DELETE FROM purchase_orders WHERE id = ?1", [id])?;
        if let Some(approval_id) = old.approval_id {
            super::totals::recount(conn, approval_id)?;
        }
        let changes = order_changes(Some(&old), None);
        record_history(
            conn,
            old.approval_id,
            Subject::PurchaseOrder,
            id,
            SpendingAction::Delete,
            &changes,
            now,
        )
    })
}

/// Records a change order on a PO: up or down, with its reason. A change that takes the
/// PO's change orders past the jurisdiction's threshold, or is dated after the contract
/// or the approved term, needs an override reason as well.
pub fn add_change_order(
    db: &Database,
    input: &ChangeOrderInput,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let conn = db.conn();
    let checked = check_change_order(input, today)?;
    let order = known_order(conn, &input.po_number)?;
    let under = under(db, order.approval_id)?;
    let threshold = settings::load(db)?.change_order_threshold;
    let what = format!("The change order on PO {}", order.number);
    let mut warnings: Vec<Warning> = Vec::new();
    if let Some((approval, contract)) = &under {
        warnings.extend(rules::dated(&what, checked.date, approval, contract));
    }
    warnings.extend(rules::change_order_threshold(
        &order.number,
        order.amount,
        order.changes() + checked.amount,
        checked.amount,
        &threshold,
    ));
    guarded(conn, order.approval_id, override_reason, today, now, || {
        conn.execute(
            "INSERT INTO change_orders (po_id, change_date, amount, reason, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                order.id,
                checked.date,
                stored(checked.amount),
                input.reason.trim(),
                stamp(now)
            ],
        )?;
        let id = conn.last_insert_rowid();
        let changes = [
            Change::new("poNumber", "PO number", "", &order.number),
            Change::new("amount", "Change", "", checked.amount.to_string()),
            Change::new("reason", "Reason", "", input.reason.trim()),
        ];
        record_history(
            conn,
            order.approval_id,
            Subject::ChangeOrder,
            id,
            SpendingAction::Create,
            &changes,
            now,
        )?;
        Ok((id, Subject::ChangeOrder, warnings))
    })
}

/// [`refuse_duplicate_invoice`], counting the invoices a plan's batch would have
/// recorded as recorded.
pub(crate) fn refuse_duplicate_invoice_in(
    conn: &Connection,
    batch: &Batch,
    vendor: &str,
    number: &str,
) -> Result<()> {
    refuse_duplicate_invoice(conn, vendor, number)?;
    match batch
        .unwritten()
        .and_then(|u| u.invoice_numbered(&vendor_key(vendor), number))
    {
        Some(first) => Err(duplicate_invoice(
            vendor,
            &first.number,
            &first.po_number,
            first.date,
            first.amount,
        )),
        None => Ok(()),
    }
}

/// Refuses an invoice number the vendor already used, naming the first invoice.
pub(crate) fn refuse_duplicate_invoice(
    conn: &Connection,
    vendor: &str,
    number: &str,
) -> Result<()> {
    let first: Option<(String, String, NaiveDate, String)> = conn
        .prepare_cached(
            "SELECT i.number, po.number, i.invoice_date, i.amount
             FROM invoices i JOIN purchase_orders po ON po.id = i.po_id
             WHERE i.vendor_key = ?1 AND lower(trim(i.number)) = lower(trim(?2))",
        )?
        .query_row(params![vendor_key(vendor), number], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    if let Some((first, po, date, amount)) = first {
        let amount = super::decimal(&amount, "an invoice's amount")?;
        return Err(duplicate_invoice(vendor, &first, &po, date, amount));
    }
    Ok(())
}

/// The refusal of an invoice number the vendor already used, naming the first invoice.
fn duplicate_invoice(
    vendor: &str,
    first: &str,
    po: &str,
    date: NaiveDate,
    amount: Decimal,
) -> Error {
    invalid(
        "number",
        "Invoice number",
        format!(
            "{vendor}'s invoice {first} is already recorded (dated {date}, {}, billing PO \
             {po}); a vendor numbers each invoice once — check the number, or whether this \
             invoice was entered twice.",
            dollars(amount)
        ),
    )
}

/// Records an invoice (or, marked so, a credit memo) billing a recorded PO. One that
/// takes the approval past its not-to-exceed needs an override reason.
pub fn add_invoice(
    db: &Database,
    input: &InvoiceInput,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    add_invoice_in(
        db,
        &mut Batch::default(),
        input,
        override_reason,
        today,
        now,
    )
}

/// [`add_invoice`] as one write of a `batch` (an import's rows): the approval's figures
/// are read once for the batch and kept up to date as invoices are added.
pub fn add_invoice_in(
    db: &Database,
    batch: &mut Batch,
    input: &InvoiceInput,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let conn = db.conn();
    let checked = check_invoice(input, today)?;
    let order = match batch.unwritten().and_then(|u| u.order(&input.po_number)) {
        Some(order) => BilledOrder {
            id: order.id,
            number: order.number.clone(),
            vendor: order.vendor.clone(),
            approval_id: order.approval_id,
        },
        None => billed_order(conn, &input.po_number)?,
    };
    refuse_duplicate_invoice_in(conn, batch, &order.vendor, &input.number)?;
    let effect = Effect::Invoice {
        po: order.id,
        amount: checked.amount,
        paid: input.paid_date.is_some(),
        date: checked.date,
    };
    if let Some(id) = batch.next_unwritten_id() {
        // A plan's: decided as below, recorded in memory once kept.
        let recorded = guarded_in(
            db,
            batch,
            order.approval_id,
            override_reason,
            today,
            now,
            || Ok((id, Subject::Invoice, Vec::new(), effect)),
        )?;
        if let Some(unwritten) = &mut batch.unwritten {
            unwritten.add_invoice(UnwrittenInvoice {
                id,
                po_number: order.number,
                approval_id: order.approval_id,
                vendor_key: vendor_key(&order.vendor),
                number: input.number.trim().to_owned(),
                date: checked.date,
                amount: super::decimal(&stored(checked.amount), "an invoice's amount")?,
                credit_memo: input.credit_memo,
                paid: input.paid_date,
            });
        }
        return Ok(recorded);
    }
    guarded_in(
        db,
        batch,
        order.approval_id,
        override_reason,
        today,
        now,
        || {
            conn.prepare_cached(
                "INSERT INTO invoices (po_id, vendor_key, number, invoice_date, amount,
                     credit_memo, paid_date, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                order.id,
                vendor_key(&order.vendor),
                input.number.trim(),
                checked.date,
                stored(checked.amount),
                input.credit_memo,
                input.paid_date,
                stamp(now)
            ])?;
            let id = conn.last_insert_rowid();
            let kind = if input.credit_memo {
                "credit memo"
            } else {
                "invoice"
            };
            let changes = [
                Change::new("poNumber", "PO number", "", &order.number),
                Change::new("number", "Number", "", input.number.trim()),
                Change::new("kind", "Kind", "", kind),
                Change::new("amount", "Amount", "", checked.amount.to_string()),
            ];
            record_history(
                conn,
                order.approval_id,
                Subject::Invoice,
                id,
                SpendingAction::Create,
                &changes,
                now,
            )?;
            Ok((id, Subject::Invoice, Vec::new(), effect))
        },
    )
}

/// Records that an unpaid invoice was paid on `paid` (a finance report's payment of a
/// bill it listed): what is invoiced does not change, so no rule can be broken.
pub fn pay_invoice(
    db: &Database,
    batch: &mut Batch,
    id: i64,
    paid: NaiveDate,
    now: NaiveDateTime,
) -> Result<()> {
    let conn = db.conn();
    if batch.unwritten.is_some() {
        return pay_unwritten(db, batch, id, paid);
    }
    let found: Option<(i64, String, String, Option<NaiveDate>)> = conn
        .prepare_cached("SELECT po_id, number, amount, paid_date FROM invoices WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let (po_id, number, amount, was) = found.ok_or_else(|| Error::NotFound {
        what: format!("Invoice #{id}"),
    })?;
    if let Some(was) = was {
        return Err(invalid(
            "paidDate",
            "Paid date",
            format!("invoice {number} is already recorded as paid on {was}."),
        ));
    }
    let amount = super::decimal(&amount, "an invoice's amount")?;
    let approval_id: Option<i64> = conn
        .prepare_cached("SELECT approval_id FROM purchase_orders WHERE id = ?1")?
        .query_row([po_id], |r| r.get(0))?;
    crate::db::atomically(conn, || {
        conn.prepare_cached("UPDATE invoices SET paid_date = ?2 WHERE id = ?1")?
            .execute(params![id, paid])?;
        if let Some(approval_id) = approval_id {
            // The batch's running sums when it holds the approval (an import paying many
            // bills); else counted again from the purchases.
            batch.paid(approval_id, amount);
            batch.keep_totals_of(conn, approval_id)?;
        }
        record_history(
            conn,
            approval_id,
            Subject::Invoice,
            id,
            SpendingAction::Update,
            &[Change::new("paidDate", "Paid date", "", paid.to_string())],
            now,
        )
    })
    .inspect_err(|_| {
        // The savepoint rolled the payment back: the batch's sums no longer hold.
        if let Some(approval_id) = approval_id {
            batch.forget(approval_id);
        }
    })
}

/// [`pay_invoice`] in a plan's batch: the same checks and sums, nothing written.
fn pay_unwritten(db: &Database, batch: &mut Batch, id: i64, paid: NaiveDate) -> Result<()> {
    let already = |number: &str, was: NaiveDate| {
        invalid(
            "paidDate",
            "Paid date",
            format!("invoice {number} is already recorded as paid on {was}."),
        )
    };
    let (approval_id, amount) = match batch.unwritten.as_mut().and_then(|u| u.invoice_mut(id)) {
        Some(invoice) => {
            if let Some(was) = invoice.paid {
                return Err(already(&invoice.number, was));
            }
            invoice.paid = Some(paid);
            (invoice.approval_id, invoice.amount)
        }
        None => {
            let conn = db.conn();
            let found: Option<(i64, String, String, Option<NaiveDate>)> = conn
                .prepare_cached(
                    "SELECT po_id, number, amount, paid_date FROM invoices WHERE id = ?1",
                )?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            let (po_id, number, amount, was) = found.ok_or_else(|| Error::NotFound {
                what: format!("Invoice #{id}"),
            })?;
            let was = was.or_else(|| batch.unwritten().and_then(|u| u.library_paid(id)));
            if let Some(was) = was {
                return Err(already(&number, was));
            }
            let amount = super::decimal(&amount, "an invoice's amount")?;
            let approval_id: Option<i64> = conn
                .prepare_cached("SELECT approval_id FROM purchase_orders WHERE id = ?1")?
                .query_row([po_id], |r| r.get(0))?;
            if let Some(unwritten) = &mut batch.unwritten {
                unwritten.pay_library_invoice(id, paid);
            }
            (approval_id, amount)
        }
    };
    if let Some(approval_id) = approval_id {
        batch.paid(approval_id, amount);
        batch.keep_totals_of(db.conn(), approval_id)?;
    }
    Ok(())
}

/// Removes an invoice entered by mistake. Removing a credit memo raises what is
/// invoiced, so past the not-to-exceed it needs a reason.
pub fn delete_invoice(
    db: &Database,
    id: i64,
    override_reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Recorded> {
    let conn = db.conn();
    let found: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT po_id, number, amount FROM invoices WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (po_id, number, amount) = found.ok_or_else(|| Error::NotFound {
        what: format!("Invoice #{id}"),
    })?;
    let order = read_order(conn, po_id)?;
    guarded(conn, order.approval_id, override_reason, today, now, || {
        conn.execute("DELETE FROM invoices WHERE id = ?1", [id])?;
        let amount: Decimal = super::decimal(&amount, "an invoice's amount")?;
        let changes = [
            Change::new("poNumber", "PO number", &order.number, ""),
            Change::new("number", "Number", &number, ""),
            Change::new("amount", "Amount", amount.to_string(), ""),
        ];
        record_history(
            conn,
            order.approval_id,
            Subject::Invoice,
            id,
            SpendingAction::Delete,
            &changes,
            now,
        )?;
        Ok((id, Subject::Invoice, Vec::new()))
    })
}
