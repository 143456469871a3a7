//! The Needs-action list in the library: the facts it is computed from, read in a handful
//! of queries whatever the library's size (see docs/due.md for the benchmark); the
//! settings (key `dueReminders` of the `settings` table) and per-contract lead times
//! (`contract_lead_times`); the snoozes and dismissals (`due_actions`, migration 0015),
//! which are only ever added to.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::compute::found;
use super::model::{
    ApprovalFacts, ById, ContractFacts, DueAction, DueCount, DueEntry, DueKind, DueList, DuePage,
    DueSettings, Facts, OverrideFacts,
};
use crate::db::day::{day, required_day, required_moment};
use crate::db::{atomically, stamp, Database};
use crate::renewal::Extension;
use crate::spending::figures::Sums;
use crate::spending::Rule;
use crate::{Error, FieldError, Result};

const SETTINGS_KEY: &str = "dueReminders";

/// The most days a lead time may be: ten years.
pub const MAX_LEAD_DAYS: u32 = 3650;

/// The list's settings, with the defaults for what was never set.
pub fn settings(db: &Database) -> Result<DueSettings> {
    let stored: Option<String> = db
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SETTINGS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

/// Checks and keeps the list's settings; answers them as kept.
pub fn save_settings(db: &Database, settings: &DueSettings) -> Result<DueSettings> {
    let mut errors = Vec::new();
    if settings.default_lead_days > MAX_LEAD_DAYS {
        errors.push(FieldError::new(
            "defaultLeadDays",
            "Lead time",
            format!(
                "{} days is more than ten years; enter at most {MAX_LEAD_DAYS}.",
                settings.default_lead_days
            ),
        ));
    }
    let mut kept = settings.clone();
    kept.minimum_limits.sort_by_key(|m| m.kind);
    for (index, minimum) in kept.minimum_limits.iter_mut().enumerate() {
        let label = format!("Minimum for {}", minimum.kind.words());
        if minimum.limit <= Decimal::ZERO || minimum.limit.round_dp(2) != minimum.limit {
            errors.push(FieldError::new(
                &format!("minimumLimits.{index}"),
                &label,
                "must be more than zero, in dollars and cents.",
            ));
        }
        minimum.limit = crate::tco::round_cents(minimum.limit);
    }
    if kept
        .minimum_limits
        .windows(2)
        .any(|pair| pair[0].kind == pair[1].kind)
    {
        errors.push(FieldError::new(
            "minimumLimits",
            "Minimum limits",
            "give one minimum per kind of policy.",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::InvalidFields(errors));
    }
    let text = serde_json::to_string(&kept).expect("settings always serialise");
    db.conn().execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![SETTINGS_KEY, text],
    )?;
    Ok(kept)
}

/// Sets a contract's own lead time, or (`None`) returns it to the Settings' default.
pub fn set_lead_time(db: &Database, contract_id: i64, days: Option<u32>) -> Result<()> {
    crate::library::contract::get(db, contract_id)?;
    let conn = db.conn();
    match days {
        Some(days) if days > MAX_LEAD_DAYS => Err(Error::invalid(
            "leadDays",
            format!("{days} days is more than ten years; enter at most {MAX_LEAD_DAYS}."),
        )),
        Some(days) => {
            conn.execute(
                "INSERT INTO contract_lead_times (contract_id, days) VALUES (?1, ?2)
                 ON CONFLICT (contract_id) DO UPDATE SET days = excluded.days",
                params![contract_id, days],
            )?;
            Ok(())
        }
        None => {
            conn.execute(
                "DELETE FROM contract_lead_times WHERE contract_id = ?1",
                [contract_id],
            )?;
            Ok(())
        }
    }
}

/// A contract's own lead time, if it has one.
pub fn lead_time(db: &Database, contract_id: i64) -> Result<Option<u32>> {
    Ok(db
        .conn()
        .query_row(
            "SELECT days FROM contract_lead_times WHERE contract_id = ?1",
            [contract_id],
            |r| r.get(0),
        )
        .optional()?)
}

fn amount(text: &str, what: &str) -> Result<Decimal> {
    text.parse().map_err(|_| {
        Error::Damaged(format!(
            "the library holds '{text}' as {what}, which is not an amount"
        ))
    })
}

/// The contracts in use (not in the trash): with an approval that authorised spending, a
/// certificate or a lead time of their own.
fn contracts(conn: &Connection) -> Result<ById<ContractFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.cooperative, c.contract_number, c.title, c.vendor_name, c.expiry_date,
                c.extendable_until, c.renewal_count, c.renewals_used, c.last_verified, l.days
         FROM contracts c LEFT JOIN contract_lead_times l ON l.contract_id = c.id
         WHERE c.deleted_at IS NULL AND c.id IN (
             SELECT contract_id FROM approvals WHERE outcome IN ('approved', 'approvedAsAmended')
             UNION SELECT contract_id FROM insurance_certificates
             UNION SELECT contract_id FROM contract_lead_times)",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ContractFacts {
            id: r.get(0)?,
            cooperative: r.get(1)?,
            number: r.get(2)?,
            title: r.get(3)?,
            vendor: r.get(4)?,
            expiry: day(r, 5)?,
            extension: Extension::from_stored(r.get_ref(6)?.as_str_or_null()?),
            renewal_count: r.get(7)?,
            renewals_used: r.get(8)?,
            last_verified: day(r, 9)?,
            lead_days: r.get(10)?,
            last_purchase: None,
        })
    })?;
    let mut found = ById::default();
    for row in rows {
        let contract = row?;
        found.insert(contract.id, contract);
    }
    Ok(found)
}

/// The approvals that authorised spending, each with its figures on `today`, and the
/// latest purchase dated under each contract.
fn approvals(conn: &Connection, today: NaiveDate) -> Result<(Vec<ApprovalFacts>, ById<NaiveDate>)> {
    // Each approval's totals as the library keeps them (migration 0018), joined: one row
    // each, not its purchase orders and invoices. An approval without a kept row (its
    // purchases written by something other than the store) is counted the long way.
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.contract_id, a.action_number, a.meeting_date, a.not_to_exceed,
                a.term_from, a.term_to, a.revision,
                t.committed, t.invoiced, t.paid, t.last_purchase
         FROM approvals a LEFT JOIN approval_totals t ON t.approval_id = a.id
         WHERE a.outcome IN ('approved', 'approvedAsAmended') ORDER BY a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let kept = match r.get::<_, Option<String>>(8)? {
            Some(committed) => Some((
                committed,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                day(r, 11)?,
            )),
            None => None,
        };
        Ok((
            (
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                required_day(r, 3)?,
                r.get::<_, Option<String>>(4)?,
                day(r, 5)?,
                day(r, 6)?,
                r.get::<_, u32>(7)?,
            ),
            kept,
        ))
    })?;
    let mut counted: Option<HashMap<i64, Sums>> = None;
    let mut found = Vec::new();
    let mut latest = ById::default();
    for row in rows {
        let ((id, contract_id, number, meeting, limit, term_from, term_to, revision), kept) = row?;
        let limit = match limit {
            Some(text) => amount(&text, "a not-to-exceed")?,
            None => Decimal::ZERO,
        };
        let bought = match kept {
            Some((committed, invoiced, paid, last_purchase)) => Sums {
                committed: amount(&committed, "an approval's committed total")?,
                invoiced: amount(&invoiced, "an approval's invoiced total")?,
                paid: amount(&paid, "an approval's paid total")?,
                last_purchase,
            },
            None => {
                if counted.is_none() {
                    counted = Some(crate::spending::store::all_sums(conn)?);
                }
                counted
                    .as_mut()
                    .and_then(|all| all.remove(&id))
                    .unwrap_or_default()
            }
        };
        if let Some(day) = bought.last_purchase {
            let latest = latest.entry(contract_id).or_insert(day);
            *latest = (*latest).max(day);
        }
        found.push(ApprovalFacts {
            id,
            contract_id,
            number,
            meeting,
            revision,
            not_to_exceed: limit,
            term_to,
            figures: bought.figures(limit, term_from.unwrap_or(meeting), today),
        });
    }
    Ok((found, latest))
}

fn overrides(conn: &Connection) -> Result<Vec<OverrideFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.approval_id, a.contract_id, h.at, h.rule, h.sentence, h.reason
         FROM spending_history h LEFT JOIN approvals a ON a.id = h.approval_id
         WHERE h.action = 'override' ORDER BY h.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
            required_moment(r, 3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (id, approval_id, contract_id, at, rule, sentence, reason) = row?;
        found.push(OverrideFacts {
            id,
            approval_id,
            contract_id,
            at,
            rule: Rule::from_key(&rule).ok_or_else(|| {
                Error::Damaged(format!("a spending override names the rule '{rule}'"))
            })?,
            sentence,
            reason,
        });
    }
    Ok(found)
}

/// Everything the list is computed from, on `today`.
pub fn facts(db: &Database, today: NaiveDate) -> Result<Facts> {
    // Two halves of about the same size, read at once on two connections: the council
    // actions with their kept totals and the overrides beside, the contracts in use and
    // the certificates here.
    let ((approvals, latest, overrides), (mut contracts, certificates)) = db.read_beside(
        |conn| {
            let (approvals, latest) = approvals(conn, today)?;
            Ok((approvals, latest, overrides(conn)?))
        },
        |conn| {
            let contracts = contracts(conn)?;
            Ok((contracts, crate::insurance::store::read(conn, None)?))
        },
    )?;
    for (id, day) in latest {
        if let Some(contract) = contracts.get_mut(&id) {
            contract.last_purchase = Some(day);
        }
    }
    Ok(Facts {
        contracts,
        approvals,
        overrides,
        certificates,
    })
}

/// The latest snooze or dismissal of each item.
fn set_aside(conn: &Connection) -> Result<HashMap<String, (DueAction, Option<NaiveDate>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT item_key, action, until FROM due_actions ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<NaiveDate>>(2)?,
        ))
    })?;
    let mut latest = HashMap::new();
    for row in rows {
        let (key, action, until) = row?;
        let action = if action == "dismiss" {
            DueAction::Dismiss
        } else {
            DueAction::Snooze
        };
        latest.insert(key, (action, until));
    }
    Ok(latest)
}

/// The Needs-action list on `today`, whole: what is due, what is snoozed to a later day,
/// and how many items were dismissed.
pub fn due_list(db: &Database, today: NaiveDate) -> Result<DueList> {
    due_page(db, today, DuePage::ALL)
}

/// The Needs-action list on `today` as the window shows it: the counts of the whole list
/// and the lines of `page` only (with every snoozed item), so that a library with tens of
/// thousands of items due writes out the few the screen shows.
pub fn due_page(db: &Database, today: NaiveDate, page: DuePage) -> Result<DueList> {
    let facts = facts(db, today)?;
    let settings = settings(db)?;
    let aside = set_aside(db.conn())?;
    let mut list = DueList {
        offset: page.offset,
        ..DueList::default()
    };
    let mut counts = [0; DueKind::ALL.len()];
    let mut in_view = 0;
    for found in found(&facts, &settings, today) {
        // Keys are written only when something was set aside.
        let set = match aside.is_empty() {
            true => None,
            false => aside.get(&found.key()),
        };
        match set {
            Some((DueAction::Dismiss, _)) => {
                list.dismissed += 1;
                continue;
            }
            Some((DueAction::Snooze, Some(until))) if *until > today => {
                let mut item = found.item(&settings, today);
                item.snoozed_until = Some(*until);
                list.snoozed.push(item);
                continue;
            }
            _ => {}
        }
        list.total += 1;
        counts[found.kind as usize] += 1;
        if page.kind.is_none_or(|kind| kind == found.kind) {
            if in_view >= page.offset && list.items.len() < page.limit {
                list.items.push(found.item(&settings, today));
            }
            in_view += 1;
        }
    }
    list.counts = DueKind::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| DueCount { kind, count })
        .collect();
    Ok(list)
}

/// Records one snooze or dismissal of the item `key` due on `today`; answers the list
/// with `page` written out.
#[allow(clippy::too_many_arguments)]
fn set_item_aside(
    db: &Database,
    key: &str,
    action: DueAction,
    until: Option<NaiveDate>,
    reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    page: DuePage,
) -> Result<DueList> {
    let facts = facts(db, today)?;
    let settings = settings(db)?;
    let item = found(&facts, &settings, today)
        .into_iter()
        .find(|found| found.key() == key)
        .ok_or_else(|| Error::NotFound {
            what: format!("The due item '{key}' (it may no longer be due; list them with `due`)"),
        })?
        .item(&settings, today);
    let conn = db.conn();
    atomically(conn, || {
        conn.execute(
            "INSERT INTO due_actions (item_key, action, until, reason, what, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                key,
                match action {
                    DueAction::Snooze => "snooze",
                    DueAction::Dismiss => "dismiss",
                },
                until,
                reason.trim(),
                item.what,
                stamp(now)
            ],
        )?;
        Ok(())
    })?;
    due_page(db, today, page)
}

/// Sets the item `key` aside until `until` (a day after `today`), when it shows again;
/// answers the list with `page` written out.
pub fn snooze(
    db: &Database,
    key: &str,
    until: NaiveDate,
    today: NaiveDate,
    now: NaiveDateTime,
    page: DuePage,
) -> Result<DueList> {
    if until <= today {
        return Err(Error::invalid(
            "until",
            format!("snooze to a day after today ({today}); {until} is not."),
        ));
    }
    set_item_aside(
        db,
        key,
        DueAction::Snooze,
        Some(until),
        "",
        today,
        now,
        page,
    )
}

/// Dismisses the item `key` for good, with the reason kept in the history; answers the
/// list with `page` written out.
pub fn dismiss(
    db: &Database,
    key: &str,
    reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    page: DuePage,
) -> Result<DueList> {
    if reason.trim().is_empty() {
        return Err(Error::invalid(
            "reason",
            "Say why the item needs no action; the reason is kept in the history.",
        ));
    }
    set_item_aside(db, key, DueAction::Dismiss, None, reason, today, now, page)
}

/// Every snooze and dismissal, oldest first.
pub fn history(db: &Database) -> Result<Vec<DueEntry>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT item_key, action, until, reason, what, at FROM due_actions ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DueEntry {
            key: r.get(0)?,
            action: if r.get::<_, String>(1)? == "dismiss" {
                DueAction::Dismiss
            } else {
                DueAction::Snooze
            },
            until: r.get(2)?,
            reason: r.get(3)?,
            what: r.get(4)?,
            at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_reminders_settings_travel_as_the_office_settings_name_them() {
        assert_eq!(
            super::SETTINGS_KEY,
            crate::hub::kinds::settings::DUE_REMINDERS_KEY
        );
    }
}
