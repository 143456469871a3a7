//! `due` (the Needs-action list), `due snooze|dismiss|history|lead-time|settings`, and
//! `calendar export FILE.ics`. The work is the core's `due` and `calendar`.

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use coopdesk_core::calendar::store as calendar;
use coopdesk_core::db::Database;
use coopdesk_core::due::{store, DueAction as Done, DueList, DuePage, DueSettings};
use coopdesk_core::insurance::{MinimumLimit, PolicyKind};
use coopdesk_core::library::search;
use coopdesk_core::{Error, Result};

use crate::print::{self, plural};
use crate::Context;

#[derive(Debug, Subcommand)]
pub enum DueAction {
    /// Set an item aside until a later day, when it shows again.
    Snooze {
        /// The item's key, as `due` lists it (renewal:12:2027-06-30).
        key: String,
        /// The day it shows again, YYYY-MM-DD.
        #[arg(long)]
        until: NaiveDate,
        #[command(flatten)]
        today: TodayArgs,
    },
    /// Dismiss an item for good; the reason is kept in the history.
    Dismiss {
        key: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        today: TodayArgs,
    },
    /// Every snooze and dismissal, oldest first.
    History,
    /// Set a contract's own lead time in days, or `default` for the Settings' one.
    LeadTime {
        /// The contract's number.
        contract: String,
        /// Days before its expiry the renewal decision comes due, or `default`.
        days: String,
    },
    /// Show or change the default lead time and the minimum insurance limits.
    Settings(SettingsArgs),
}

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// The day the list is judged on (default: today), YYYY-MM-DD.
    #[arg(long)]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Days before expiry a renewal decision comes due (default 120).
    #[arg(long)]
    pub lead_days: Option<u32>,
    /// A minimum limit, as KIND=AMOUNT (general-liability=1000000); repeat per kind;
    /// KIND=0 removes it.
    #[arg(long = "minimum", value_name = "KIND=AMOUNT")]
    pub minimums: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum CalendarAction {
    /// Write every renewal decision, expiry, term end and insurance expiry as an
    /// iCalendar file (.ics) for Outlook, Google Calendar or Apple Calendar. Export again
    /// to update: the events keep their identity.
    Export {
        file: PathBuf,
        #[command(flatten)]
        today: TodayArgs,
    },
}

pub fn due(cx: &Context, db: &Database, action: Option<DueAction>, today: TodayArgs) -> Result<()> {
    let day = |t: TodayArgs| t.today.unwrap_or(cx.now.date());
    match action {
        None => list(cx, &store::due_list(db, day(today))?),
        Some(DueAction::Snooze { key, until, today }) => list(
            cx,
            &store::snooze(db, &key, until, day(today), cx.now, DuePage::ALL)?,
        ),
        Some(DueAction::Dismiss { key, reason, today }) => list(
            cx,
            &store::dismiss(db, &key, &reason, day(today), cx.now, DuePage::ALL)?,
        ),
        Some(DueAction::History) => history(cx, db),
        Some(DueAction::LeadTime { contract, days }) => lead_time(cx, db, &contract, &days),
        Some(DueAction::Settings(args)) => settings(cx, db, args),
    }
}

fn list(cx: &Context, list: &DueList) -> Result<()> {
    if cx.json {
        print::json(list);
        return Ok(());
    }
    if list.items.is_empty() {
        println!("Nothing needs action.");
    } else {
        println!(
            "{} item{} need{} action:",
            list.items.len(),
            plural(list.items.len()),
            if list.items.len() == 1 { "s" } else { "" }
        );
    }
    for item in &list.items {
        println!("  by {}  {}", item.by, item.what);
        println!("      → {}   [{}]", item.action, item.key);
    }
    for item in &list.snoozed {
        if let Some(until) = item.snoozed_until {
            println!("  snoozed to {until}: {}   [{}]", item.what, item.key);
        }
    }
    if list.dismissed > 0 {
        println!(
            "{} dismissed item{} (see `due history`).",
            list.dismissed,
            plural(list.dismissed)
        );
    }
    Ok(())
}

fn history(cx: &Context, db: &Database) -> Result<()> {
    let entries = store::history(db)?;
    if cx.json {
        print::json(&entries);
        return Ok(());
    }
    for entry in &entries {
        match entry.action {
            Done::Snooze => println!(
                "{}  snoozed to {}: {}",
                entry.at,
                entry.until.map(|d| d.to_string()).unwrap_or_default(),
                entry.what
            ),
            Done::Dismiss => println!("{}  dismissed ({}): {}", entry.at, entry.reason, entry.what),
        }
    }
    Ok(())
}

/// The id of the contract numbered `number`, or a sentence saying how to find it.
pub fn contract_id(db: &Database, number: &str, flag: &str) -> Result<i64> {
    search::contract_by_number(db, number)?
        .and_then(|c| c.id)
        .ok_or_else(|| {
            Error::invalid(
                flag,
                format!(
                    "no contract numbered '{number}' is in the library; find its number with \
                     `coopdesk-cli search`."
                ),
            )
        })
}

fn lead_time(cx: &Context, db: &Database, contract: &str, days: &str) -> Result<()> {
    let id = contract_id(db, contract, "contract")?;
    let days = match days.trim() {
        "default" => None,
        typed => Some(typed.parse::<u32>().map_err(|_| {
            Error::invalid(
                "days",
                format!("'{typed}' is not a number of days; give one, such as 90, or `default`."),
            )
        })?),
    };
    store::set_lead_time(db, id, days)?;
    let effective = days.unwrap_or(store::settings(db)?.default_lead_days);
    if cx.json {
        print::json(
            &serde_json::json!({ "contractId": id, "leadDays": days, "effectiveLeadDays": effective }),
        );
    } else {
        println!(
            "Contract {contract}: renewal decisions come due {effective} days before expiry{}.",
            if days.is_none() { " (the default)" } else { "" }
        );
    }
    Ok(())
}

fn settings(cx: &Context, db: &Database, args: SettingsArgs) -> Result<()> {
    let mut settings: DueSettings = store::settings(db)?;
    if let Some(days) = args.lead_days {
        settings.default_lead_days = days;
    }
    for typed in &args.minimums {
        let (kind, amount) = typed.split_once('=').ok_or_else(|| {
            Error::invalid(
                "--minimum",
                format!("'{typed}' is not KIND=AMOUNT, such as general-liability=1000000."),
            )
        })?;
        let kind = PolicyKind::from_key(kind).ok_or_else(|| unknown_kind(kind))?;
        let limit = coopdesk_core::spending::input::parse_amount(amount, "--minimum", "Minimum")
            .map_err(|e| Error::invalid("--minimum", format!("{kind:?}: {}", e.message)))?;
        settings.minimum_limits.retain(|m| m.kind != kind);
        if !limit.is_zero() {
            settings.minimum_limits.push(MinimumLimit { kind, limit });
        }
    }
    if args.lead_days.is_some() || !args.minimums.is_empty() {
        settings = store::save_settings(db, &settings)?;
    }
    if cx.json {
        print::json(&settings);
    } else {
        println!(
            "Lead time: {} days before expiry",
            settings.default_lead_days
        );
        for m in &settings.minimum_limits {
            println!(
                "Minimum {}: {}",
                m.kind.words(),
                coopdesk_core::tco::dollars(m.limit)
            );
        }
    }
    Ok(())
}

pub fn unknown_kind(kind: &str) -> Error {
    Error::invalid(
        "kind",
        format!(
            "'{kind}' is not a kind of policy; use one of general-liability, auto, \
             workers-comp, cyber, professional, umbrella, other."
        ),
    )
}

pub fn calendar(cx: &Context, db: &Database, action: CalendarAction) -> Result<()> {
    let CalendarAction::Export { file, today } = action;
    let today = today.today.unwrap_or(cx.now.date());
    let report = calendar::export(db, &file, today, Utc::now().naive_utc())?;
    if cx.json {
        print::json(&serde_json::json!({
            "written": file,
            "events": report.events,
            "changed": report.changed,
        }));
    } else {
        println!(
            "Wrote {} event{} ({} new or changed) to {}.",
            report.events,
            plural(report.events),
            report.changed,
            file.display()
        );
    }
    Ok(())
}
