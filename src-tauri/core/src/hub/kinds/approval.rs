//! The council's actions (approvals) as a shared kind, with everything bought under them,
//! within the office only (the hub refuses them in the region).
//!
//! The body is the action's facts as the clerk typed them; its contract named by the
//! contract's global id (`contractGlobalId`); the memo version the council was shown by
//! the memo's global id and the version's number (`memo`); its resolution documents by
//! checksum (`documents`); and then **one field per purchase**: `purchaseOrder <id>`
//! (with its lines), `changeOrder <id>`, `invoice <id>` (credit memos too) and
//! `override <id> <rule>` (a guard rail overridden for the purchase `<id>`, with the
//! clerk's reason). Each purchase's id is its own (migration 0024), the same on every
//! laptop, so the hub's field-by-field merge keeps two laptops' different purchases under
//! the same action without a conflict, and makes the same purchase changed on both — or
//! removed on one and changed on the other — a conflict on that purchase's field.
//!
//! A pull writes through the spending store's own functions, so each purchase is checked
//! as one typed here, gets its history entry, and breaks no guard rail without an
//! override: the reason travels with it; a purchase that breaks a rule only here (two
//! laptops' purchases together past the not-to-exceed) is recorded with an override
//! whose reason says so, for the clerk to review. The kept totals never come from the
//! hub: they are counted again from the purchases this library then holds.
//!
//! An approval is never deleted (migration 0014), so this kind never sends a deletion.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::{Kind, Record, SameCopy};
use crate::db::{stamp, Database};
use crate::hub::local;
use crate::spending::model::{
    Change, ChangeOrderInput, InvoiceInput, PoStatus, PurchaseLineInput, PurchaseOrder,
    PurchaseOrderInput,
};
use crate::spending::{store, ApprovalInput};
use crate::{Error, Result};

pub(crate) const KIND: Kind = Kind {
    name: "approval",
    table: "approvals",
    live: "SELECT id FROM approvals",
    read,
    insert,
    write,
    same_copy,
    label,
};

const PURCHASE_ORDER: &str = "purchaseOrder ";
const CHANGE_ORDER: &str = "changeOrder ";
const INVOICE: &str = "invoice ";
const OVERRIDE: &str = "override ";

/// The reason an override gets when a purchase received from another laptop breaks a
/// guard rail here that it broke nowhere before (no reason travelled with it).
const RECEIVED_REASON: &str = "Recorded from the shared library: on the laptop that \
     recorded it this purchase broke no guard rail; together with the purchases recorded \
     on this one it does. Review it.";

/// The approval's facts in the body, as `ApprovalInput` reads them back.
fn facts(approval: &crate::spending::Approval) -> Map<String, Value> {
    let date = |d: Option<NaiveDate>| d.map(|d| Value::from(d.to_string()));
    let mut body = Map::new();
    body.insert("outcome".into(), approval.outcome.key().into());
    body.insert(
        "meetingDate".into(),
        approval.meeting_date.to_string().into(),
    );
    body.insert("agendaItem".into(), approval.agenda_item.clone().into());
    body.insert("actionNumber".into(), approval.action_number.clone().into());
    body.insert(
        "notToExceed".into(),
        approval
            .not_to_exceed
            .map(|a| crate::spending::money(a).to_string())
            .unwrap_or_default()
            .into(),
    );
    body.insert("termFrom".into(), date(approval.term_from).into());
    body.insert("termTo".into(), date(approval.term_to).into());
    body.insert(
        "renewalsNeedVote".into(),
        approval.renewals_need_vote.into(),
    );
    body.insert("fiscalYears".into(), json!(approval.fiscal_years));
    body.insert("accountCodes".into(), json!(approval.account_codes));
    body.insert("conditions".into(), approval.conditions.clone().into());
    body
}

fn order_body(order: &PurchaseOrder) -> Value {
    json!({
        "number": order.number,
        "date": order.date.to_string(),
        "amount": crate::spending::money(order.amount).to_string(),
        "fiscalYear": order.fiscal_year,
        "accountCode": order.account_code,
        "description": order.description,
        "vendor": order.vendor,
        "status": order.status.key(),
        "lines": order.lines.iter().map(|l| json!({
            "item": l.item,
            "quantity": l.quantity.to_string(),
            "unitPrice": l.unit_price.to_string(),
        })).collect::<Vec<_>>(),
    })
}

/// The global ids of the purchase orders, change orders and invoices under the approval,
/// by row id.
struct Ids {
    orders: HashMap<i64, String>,
    changes: HashMap<i64, String>,
    invoices: HashMap<i64, String>,
}

fn ids(conn: &Connection, approval_id: i64) -> Result<Ids> {
    let map = |sql: &str| -> Result<HashMap<i64, String>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let found = stmt
            .query_map([approval_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(found)
    };
    Ok(Ids {
        orders: map("SELECT id, global_id FROM purchase_orders WHERE approval_id = ?1")?,
        changes: map("SELECT c.id, c.global_id FROM change_orders c
             JOIN purchase_orders po ON po.id = c.po_id WHERE po.approval_id = ?1")?,
        invoices: map("SELECT i.id, i.global_id FROM invoices i
             JOIN purchase_orders po ON po.id = i.po_id WHERE po.approval_id = ?1")?,
    })
}

fn read(db: &Database, id: i64) -> Result<Option<Record>> {
    let conn = db.conn();
    let found: Option<(Option<String>, Option<String>, String)> = conn
        .query_row(
            "SELECT global_id, hub_memo, hub_documents_absent FROM approvals WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((global_id, hub_memo, absent)) = found else {
        return Ok(None);
    };
    let approval = store::approval(db, id)?;
    let mut body = facts(&approval);
    if let Some(contract) = super::contract_global_id(conn, approval.contract_id)? {
        body.insert("contractGlobalId".into(), contract.into());
    }
    let memo = match (approval.memo_id, approval.memo_version) {
        (Some(memo), Some(version)) => conn
            .query_row("SELECT global_id FROM memos WHERE id = ?1", [memo], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten()
            .map(|memo| json!({"globalId": memo, "version": version})),
        _ => hub_memo.and_then(|text| serde_json::from_str(&text).ok()),
    };
    if let Some(memo) = memo {
        body.insert("memo".into(), memo);
    }
    let mut documents: BTreeSet<String> = serde_json::from_str(&absent).unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT d.sha256 FROM approval_documents a JOIN documents d ON d.id = a.document_id
         WHERE a.approval_id = ?1",
    )?;
    for checksum in stmt.query_map([id], |r| r.get::<_, String>(0))? {
        documents.insert(checksum?);
    }
    body.insert("documents".into(), json!(documents));

    let ids = ids(conn, id)?;
    for order in store::purchase_orders(db, Some(id))? {
        let Some(po) = ids.orders.get(&order.id) else {
            continue;
        };
        body.insert(format!("{PURCHASE_ORDER}{po}"), order_body(&order));
        for change in &order.change_orders {
            if let Some(gid) = ids.changes.get(&change.id) {
                body.insert(
                    format!("{CHANGE_ORDER}{gid}"),
                    json!({
                        "purchaseOrder": po,
                        "date": change.date.to_string(),
                        "amount": crate::spending::money(change.amount).to_string(),
                        "reason": change.reason,
                    }),
                );
            }
        }
        for invoice in &order.invoices {
            if let Some(gid) = ids.invoices.get(&invoice.id) {
                body.insert(
                    format!("{INVOICE}{gid}"),
                    json!({
                        "purchaseOrder": po,
                        "number": invoice.number,
                        "date": invoice.date.to_string(),
                        "amount": crate::spending::money(invoice.amount).to_string(),
                        "creditMemo": invoice.credit_memo,
                        "paidDate": invoice.paid_date.map(|d| d.to_string()),
                    }),
                );
            }
        }
    }
    for (key, value) in overrides(conn, id, &ids)? {
        body.insert(key, value);
    }
    Ok(Some(Record {
        kind: &KIND,
        id: Some(id),
        global_id,
        deleted: false,
        body: Value::Object(body),
    }))
}

/// The guard rails overridden for the approval's purchases, one field per purchase and
/// rule (the first override of it: a later one for the same rule adds nothing new): the
/// rule and the clerk's reason. Not the sentence shown, which each library words from
/// the figures it held then, so that the same override reads the same on every laptop.
fn overrides(conn: &Connection, approval_id: i64, ids: &Ids) -> Result<BTreeMap<String, Value>> {
    let mut stmt = conn.prepare_cached(
        "SELECT subject, subject_id, rule, reason FROM spending_history
         WHERE approval_id = ?1 AND action = 'override' ORDER BY id",
    )?;
    let rows = stmt
        .query_map([approval_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut found = BTreeMap::new();
    for (subject, subject_id, rule, reason) in rows {
        let gid = match subject.as_str() {
            "purchaseOrder" => ids.orders.get(&subject_id),
            "changeOrder" => ids.changes.get(&subject_id),
            "invoice" => ids.invoices.get(&subject_id),
            _ => None,
        };
        if let Some(gid) = gid {
            found
                .entry(format!("{OVERRIDE}{gid} {rule}"))
                .or_insert_with(|| json!({"subject": subject, "rule": rule, "reason": reason}));
        }
    }
    Ok(found)
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn date(value: &Value, key: &str) -> Option<NaiveDate> {
    value
        .get(key)
        .and_then(Value::as_str)
        .and_then(|d| d.parse().ok())
}

/// The body's fields whose name starts with `prefix`, by the id after it (fields a merge
/// left empty are absent).
fn entries<'b>(body: &'b Value, prefix: &str) -> BTreeMap<&'b str, &'b Value> {
    body.as_object()
        .into_iter()
        .flatten()
        .filter(|(_, value)| !value.is_null())
        .filter_map(|(key, value)| key.strip_prefix(prefix).map(|id| (id, value)))
        .collect()
}

/// [`entries`] in the order they are written: those that broke no guard rail where they
/// were recorded first, then those that came with an override, each by date. So a
/// purchase within the not-to-exceed on its laptop is not found past it here only
/// because a later purchase, which needed its override there, was written before it.
fn in_order<'b>(body: &'b Value, prefix: &str) -> Vec<(&'b str, &'b Value)> {
    let mut found: Vec<(&str, &Value)> = entries(body, prefix).into_iter().collect();
    found.sort_by_key(|(gid, value)| (reason_for(body, gid).is_some(), text(value, "date")));
    found
}

/// The reason the body gives for overriding a guard rail on the purchase `gid`.
fn reason_for<'b>(body: &'b Value, gid: &str) -> Option<&'b str> {
    entries(body, OVERRIDE)
        .into_iter()
        .find(|(key, _)| key.split(' ').next() == Some(gid))
        .map(|(_, value)| text(value, "reason"))
}

/// Runs a write of the spending store with the body's reason for the purchase `gid`; one
/// that breaks a guard rail here that no reason travelled for is recorded with
/// [`RECEIVED_REASON`], and the action `approval` then waits to be pushed: the hub does
/// not know that override yet.
fn with_reason<T>(
    body: &Value,
    (db, approval): (&Database, i64),
    gid: &str,
    write: impl Fn(&str) -> Result<T>,
) -> Result<T> {
    match reason_for(body, gid) {
        Some(reason) => write(reason),
        None => match write("") {
            Err(Error::NeedsOverride(_)) => {
                let written = write(RECEIVED_REASON)?;
                local::queue(db.conn(), KIND.name, approval)?;
                Ok(written)
            }
            other => other,
        },
    }
}

fn approval_input(body: &Value) -> Result<ApprovalInput> {
    let mut facts = body.clone();
    if let Some(fields) = facts.as_object_mut() {
        fields.retain(|key, _| !key.contains(' '));
    }
    serde_json::from_value(facts).map_err(|error| {
        Error::Hub(format!(
            "A council action from the hub cannot be read by this CoopDesk ({error}); it was \
             left on the hub."
        ))
    })
}

/// The library contract the body names, by its global id.
fn contract_of(conn: &Connection, body: &Value) -> Result<i64> {
    let found: Option<i64> = match body.get("contractGlobalId").and_then(Value::as_str) {
        Some(global_id) => super::contract_id(conn, global_id)?,
        None => None,
    };
    found.ok_or_else(|| {
        Error::invalid(
            "Contract",
            "this library does not hold the contract it was recorded on.",
        )
    })
}

/// The memo version the body names, when this library holds it.
fn memo_of(conn: &Connection, body: &Value) -> Result<Option<(i64, u32)>> {
    let Some(memo) = body.get("memo") else {
        return Ok(None);
    };
    let version = memo.get("version").and_then(Value::as_u64).unwrap_or(0) as u32;
    Ok(conn
        .query_row(
            "SELECT m.id FROM memos m JOIN memo_versions v ON v.memo_id = m.id
             WHERE m.global_id = ?1 AND v.version = ?2",
            params![text(memo, "globalId"), version],
            |r| r.get(0),
        )
        .optional()?
        .map(|id| (id, version)))
}

fn insert(db: &Database, body: &Value, now: NaiveDateTime) -> Result<i64> {
    let conn = db.conn();
    let contract = contract_of(conn, body)?;
    let memo = memo_of(conn, body)?;
    let note = match (body.get("memo"), memo) {
        (Some(named), None) => Some(Change::new(
            "memo",
            "Memo",
            "",
            format!(
                "version {} of a memo this library does not hold: recorded without the link \
                 to it",
                named.get("version").and_then(Value::as_u64).unwrap_or(0)
            ),
        )),
        _ => None,
    };
    let input = ApprovalInput {
        contract_id: Some(contract),
        ..approval_input(body)?
    };
    let approval =
        store::record_received_approval(db, &input, (contract, memo), note, now.date(), now)?;
    if memo.is_none() {
        if let Some(named) = body.get("memo") {
            conn.execute(
                "UPDATE approvals SET hub_memo = ?2 WHERE id = ?1",
                params![approval.id, named.to_string()],
            )?;
        }
    }
    write_purchases(db, approval.id, body, now)?;
    Ok(approval.id)
}

/// Writes the hub's version over the library's action: its facts as an amendment (only
/// when they changed), its documents and its purchases.
fn write(
    db: &Database,
    mine: &Record,
    _deleted: bool,
    body: &Value,
    now: NaiveDateTime,
) -> Result<()> {
    let Some(id) = mine.id else {
        return Ok(());
    };
    store::amend_approval(db, id, &approval_input(body)?, now.date(), now)?;
    write_purchases(db, id, body, now)
}

/// Makes the approval's documents and purchases the body's, through the spending store,
/// and counts its totals again from what the library now holds.
fn write_purchases(db: &Database, id: i64, body: &Value, now: NaiveDateTime) -> Result<()> {
    let conn = db.conn();
    let today = now.date();
    link_documents(conn, id, body)?;
    let mut local = ids(conn, id)?;
    let by_gid = |map: &HashMap<i64, String>| -> HashMap<String, i64> {
        map.iter().map(|(id, gid)| (gid.clone(), *id)).collect()
    };
    let orders = by_gid(&local.orders);
    let held: HashMap<i64, PurchaseOrder> = store::purchase_orders(db, Some(id))?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();

    // Purchase orders added or changed.
    for (gid, order) in in_order(body, PURCHASE_ORDER) {
        let input = order_input(id, order);
        let status = PoStatus::from_key(text(order, "status")).unwrap_or(PoStatus::Open);
        match orders.get(gid) {
            None => {
                let recorded = with_reason(body, (db, id), gid, |reason| {
                    store::add_purchase_order_as(db, &input, status, reason, today, now)
                })?;
                set_gid(conn, "purchase_orders", recorded.id, gid)?;
                local.orders.insert(recorded.id, gid.to_owned());
            }
            Some(po) => {
                let Some(old) = held.get(po) else { continue };
                if order_body(old) == *order {
                    continue;
                }
                let mut old_facts = order_body(old);
                old_facts["status"] = order["status"].clone();
                if old_facts != *order {
                    with_reason(body, (db, id), gid, |reason| {
                        store::edit_purchase_order(db, *po, &input, reason, today, now)
                    })?;
                }
                if old.status != status {
                    with_reason(body, (db, id), gid, |reason| {
                        store::set_purchase_order_status(db, *po, status, reason, today, now)
                    })?;
                }
            }
        }
    }
    let number_of = |gid: &str| -> String {
        text(&body[format!("{PURCHASE_ORDER}{gid}")], "number").to_owned()
    };

    // Change orders: recorded, never changed or removed by the spending store.
    let changes = by_gid(&local.changes);
    for (gid, change) in in_order(body, CHANGE_ORDER) {
        if changes.contains_key(gid) {
            continue;
        }
        let input = ChangeOrderInput {
            po_number: number_of(text(change, "purchaseOrder")),
            date: date(change, "date"),
            amount: text(change, "amount").to_owned(),
            reason: text(change, "reason").to_owned(),
        };
        let recorded = with_reason(body, (db, id), gid, |reason| {
            store::add_change_order(db, &input, reason, today, now)
        })?;
        set_gid(conn, "change_orders", recorded.id, gid)?;
        local.changes.insert(recorded.id, gid.to_owned());
    }

    // Invoices: added, paid, or (anything else changed, or removed) taken off and added.
    let invoices = by_gid(&local.invoices);
    let wanted = entries(body, INVOICE);
    let held_invoices: HashMap<i64, Value> = held
        .values()
        .flat_map(|o| o.invoices.iter())
        .map(|i| {
            (
                i.id,
                json!({
                    "number": i.number,
                    "date": i.date.to_string(),
                    "amount": crate::spending::money(i.amount).to_string(),
                    "creditMemo": i.credit_memo,
                    "paidDate": i.paid_date.map(|d| d.to_string()),
                }),
            )
        })
        .collect();
    for (gid, row) in &invoices {
        let Some(old) = held_invoices.get(row) else {
            continue;
        };
        let keep = wanted.get(gid.as_str()).is_some_and(|new| {
            let mut new = (*new).clone();
            if let Some(fields) = new.as_object_mut() {
                fields.remove("purchaseOrder");
            }
            let mut paid_later = old.clone();
            paid_later["paidDate"] = new["paidDate"].clone();
            new == *old || (old["paidDate"].is_null() && new == paid_later)
        });
        if keep {
            if let (Some(paid), true) = (
                wanted
                    .get(gid.as_str())
                    .and_then(|new| date(new, "paidDate")),
                old["paidDate"].is_null(),
            ) {
                store::pay_invoice(db, &mut store::Batch::default(), *row, paid, now)?;
            }
            continue;
        }
        with_reason(body, (db, id), gid, |reason| {
            store::delete_invoice(db, *row, reason, today, now)
        })?;
        local.invoices.remove(row);
    }
    let invoices = by_gid(&local.invoices);
    for (gid, invoice) in in_order(body, INVOICE) {
        if invoices.contains_key(gid) {
            continue;
        }
        let input = InvoiceInput {
            po_number: number_of(text(invoice, "purchaseOrder")),
            number: text(invoice, "number").to_owned(),
            date: date(invoice, "date"),
            amount: text(invoice, "amount").to_owned(),
            paid_date: date(invoice, "paidDate"),
            credit_memo: invoice.get("creditMemo").and_then(Value::as_bool) == Some(true),
        };
        let recorded = with_reason(body, (db, id), gid, |reason| {
            store::add_invoice(db, &input, reason, today, now)
        })?;
        set_gid(conn, "invoices", recorded.id, gid)?;
        local.invoices.insert(recorded.id, (*gid).to_owned());
    }

    // Purchase orders removed (their invoices are gone by now).
    let wanted_orders = entries(body, PURCHASE_ORDER);
    for (po, gid) in local.orders.clone() {
        if !wanted_orders.contains_key(gid.as_str()) {
            store::delete_purchase_order(db, po, now)?;
            local.orders.remove(&po);
        }
    }

    // Overrides given on another laptop for purchases this library holds.
    let have = overrides(conn, id, &local)?;
    let subjects: HashMap<&str, (&str, i64)> = local
        .orders
        .iter()
        .map(|(id, gid)| (gid.as_str(), ("purchaseOrder", *id)))
        .chain(
            local
                .changes
                .iter()
                .map(|(id, gid)| (gid.as_str(), ("changeOrder", *id))),
        )
        .chain(
            local
                .invoices
                .iter()
                .map(|(id, gid)| (gid.as_str(), ("invoice", *id))),
        )
        .collect();
    for (key, given) in entries(body, OVERRIDE) {
        if have.contains_key(&format!("{OVERRIDE}{key}")) {
            continue;
        }
        let Some((subject, subject_id)) = key.split(' ').next().and_then(|g| subjects.get(g))
        else {
            continue;
        };
        conn.execute(
            "INSERT INTO spending_history
                 (approval_id, subject, subject_id, at, action, rule, sentence, reason)
             VALUES (?1, ?2, ?3, ?4, 'override', ?5, ?6, ?7)",
            params![
                id,
                subject,
                subject_id,
                stamp(now),
                text(given, "rule"),
                format!(
                    "{} (overridden on another laptop of the office).",
                    rule_words(given)
                ),
                text(given, "reason"),
            ],
        )?;
    }
    store::recount_totals(db, id)
}

/// The overridden rule in a few words, as the list of overrides shows it.
fn rule_words(given: &Value) -> &'static str {
    crate::spending::Rule::from_key(text(given, "rule")).map_or("A guard rail", |rule| rule.words())
}

fn order_input(approval_id: i64, order: &Value) -> PurchaseOrderInput {
    PurchaseOrderInput {
        approval_id: Some(approval_id),
        number: text(order, "number").to_owned(),
        date: date(order, "date"),
        amount: text(order, "amount").to_owned(),
        fiscal_year: text(order, "fiscalYear").to_owned(),
        account_code: text(order, "accountCode").to_owned(),
        description: text(order, "description").to_owned(),
        vendor: text(order, "vendor").to_owned(),
        lines: order
            .get("lines")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|line| PurchaseLineInput {
                item: text(line, "item").to_owned(),
                quantity: text(line, "quantity").to_owned(),
                unit_price: text(line, "unitPrice").to_owned(),
            })
            .collect(),
    }
}

fn set_gid(conn: &Connection, table: &str, id: i64, gid: &str) -> Result<()> {
    conn.execute(
        &format!("UPDATE {table} SET global_id = ?2 WHERE id = ?1"),
        params![id, gid],
    )?;
    Ok(())
}

/// Links the resolution documents the body names that are among the approval's
/// contract's documents here; the others are kept as named (`hub_documents_absent`) and
/// linked at a later write once held.
fn link_documents(conn: &Connection, id: i64, body: &Value) -> Result<()> {
    let named: Vec<&str> = body
        .get("documents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut absent = Vec::new();
    for checksum in named {
        let document: Option<i64> = conn
            .query_row(
                "SELECT d.id FROM documents d JOIN approvals a ON a.contract_id = d.contract_id
                 WHERE a.id = ?1 AND d.sha256 = ?2 ORDER BY d.id LIMIT 1",
                params![id, checksum],
                |r| r.get(0),
            )
            .optional()?;
        match document {
            Some(document) => {
                conn.execute(
                    "INSERT OR IGNORE INTO approval_documents (approval_id, document_id)
                     VALUES (?1, ?2)",
                    [id, document],
                )?;
            }
            None => absent.push(checksum),
        }
    }
    conn.execute(
        "UPDATE approvals SET hub_documents_absent = ?2 WHERE id = ?1",
        params![id, json!(absent).to_string()],
    )?;
    Ok(())
}

/// After a sync's documents arrived: links each action's resolution documents that were
/// named but not held when the action was written (they come after the pull), as the
/// hub's own write (the hub already names them).
pub(crate) fn link_arrived_documents(db: &Database) -> Result<()> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT id, hub_documents_absent FROM approvals WHERE hub_documents_absent <> '[]'",
    )?;
    let waiting = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if waiting.is_empty() {
        return Ok(());
    }
    crate::db::atomically(conn, || {
        local::set_applying(conn, true)?;
        for (id, absent) in &waiting {
            let named: Value = serde_json::from_str(absent).unwrap_or_default();
            link_documents(conn, *id, &json!({ "documents": named }))?;
        }
        local::set_applying(conn, false)
    })
}

/// The same action recorded on two laptops before they shared (a library copied): on the
/// same contract, at the same meeting, with the same number, not shared yet. Changed
/// here when its body differs from the hub's.
fn same_copy(db: &Database, body: &Value) -> Result<Option<SameCopy>> {
    let conn = db.conn();
    let Ok(contract) = contract_of(conn, body) else {
        return Ok(None);
    };
    let same: Option<i64> = conn
        .query_row(
            "SELECT id FROM approvals WHERE contract_id = ?1 AND meeting_date = ?2
                 AND action_number = ?3 AND global_id IS NULL ORDER BY id LIMIT 1",
            params![
                contract,
                text(body, "meetingDate"),
                text(body, "actionNumber")
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = same else {
        return Ok(None);
    };
    let changed = read(db, id)?.is_some_and(|mine| mine.body != *body);
    Ok(Some(SameCopy { id, changed }))
}

/// A field of a council action, as the conflict plan names it.
pub(crate) fn field_label(field: &str) -> &str {
    match field.split(' ').next().unwrap_or(field) {
        "outcome" => "Outcome",
        "meetingDate" => "Meeting date",
        "agendaItem" => "Agenda item",
        "actionNumber" => "Resolution, ordinance or motion",
        "notToExceed" => "Not-to-exceed",
        "termFrom" => "Approved term, from",
        "termTo" => "Approved term, to",
        "renewalsNeedVote" => "Renewals need a new vote",
        "fiscalYears" => "Fiscal years",
        "accountCodes" => "Account codes",
        "conditions" => "Conditions",
        "documents" => "Documents",
        "memo" => "Memo",
        "purchaseOrder" => "A purchase order",
        "changeOrder" => "A change order",
        "invoice" => "An invoice",
        "override" => "A guard rail overridden",
        _ => field,
    }
}

/// An action as a clerk names it: "Council action Resolution 2026-04 of 2026-01-13".
fn label(body: &Value) -> String {
    let number = text(body, "actionNumber").trim();
    let meeting = text(body, "meetingDate");
    if number.is_empty() {
        format!("Council action of {meeting}")
    } else {
        format!("Council action {number} of {meeting}")
    }
}
