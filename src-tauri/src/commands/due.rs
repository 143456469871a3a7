//! The Needs-action list's commands, the calendar export and the certificates of
//! insurance: each parses, calls the core once and maps the error.

use chrono::{Local, NaiveDate, NaiveDateTime, Utc};
use coopdesk_core::calendar::store::{self as calendar, CalendarExport};
use coopdesk_core::due::{store, DueList, DuePage, DueSettings};
use coopdesk_core::insurance::{self, Certificate, CertificateInput};
use tauri::{AppHandle, Runtime, State};

use super::{ask_where_to_save, Reply};
use crate::state::Library;

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// How many items need action today (in all and of each kind), the `page` of them the
/// panel shows, what is snoozed, how many were dismissed.
#[tauri::command(async)]
pub fn list_due(library: State<'_, Library>, page: DuePage) -> Reply<DueList> {
    library.with(|db| store::due_page(db, now().date(), page))
}

/// Sets an item aside until `until` (YYYY-MM-DD); answers the list with `page` written out.
#[tauri::command(async)]
pub fn snooze_due_item(
    library: State<'_, Library>,
    key: String,
    until: String,
    page: DuePage,
) -> Reply<DueList> {
    let until: NaiveDate = until.trim().parse().map_err(|_| {
        coopdesk_core::Error::invalid(
            "until",
            format!("'{until}' is not a date; choose the day to show it again."),
        )
    })?;
    library.with_write(|db| store::snooze(db, &key, until, now().date(), now(), page))
}

/// Dismisses an item with the clerk's reason; answers the list with `page` written out.
#[tauri::command(async)]
pub fn dismiss_due_item(
    library: State<'_, Library>,
    key: String,
    reason: String,
    page: DuePage,
) -> Reply<DueList> {
    library.with_write(|db| store::dismiss(db, &key, &reason, now().date(), now(), page))
}

/// Asks where to save and writes the calendar file, remembered for "Update calendar
/// file"; `null` when the clerk cancels.
#[tauri::command(async)]
pub fn export_calendar<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
) -> Reply<Option<CalendarExport>> {
    let title = "Export to calendar";
    let Some(path) =
        ask_where_to_save(&app, title, "CoopDesk due dates.ics", ("iCalendar", "ics"))?
    else {
        return Ok(None);
    };
    let (today, utc) = (now().date(), Utc::now().naive_utc());
    library
        .with_write(|db| calendar::export_and_keep(db, &path, today, utc))
        .map(Some)
}

/// The calendar file last exported to from the window, if any.
#[tauri::command(async)]
pub fn calendar_file(library: State<'_, Library>) -> Reply<Option<String>> {
    library.with(|db| Ok(calendar::kept_file(db)?.map(|p| p.display().to_string())))
}

/// Writes the calendar file again where it was last exported, without asking.
#[tauri::command(async)]
pub fn update_calendar_file(library: State<'_, Library>) -> Reply<CalendarExport> {
    let (today, utc) = (now().date(), Utc::now().naive_utc());
    library.with_write(|db| Ok(calendar::update_kept_file(db, today, utc)?.1))
}

/// A contract's own lead time in days; `null` when it takes the Settings' default.
#[tauri::command(async)]
pub fn get_contract_lead_time(library: State<'_, Library>, contract_id: i64) -> Reply<Option<u32>> {
    library.with(|db| store::lead_time(db, contract_id))
}

/// Sets a contract's own lead time, or (`null`) returns it to the Settings' default.
#[tauri::command(async)]
pub fn set_contract_lead_time(
    library: State<'_, Library>,
    contract_id: i64,
    days: Option<u32>,
) -> Reply<Option<u32>> {
    library.with_write(|db| {
        store::set_lead_time(db, contract_id, days)?;
        store::lead_time(db, contract_id)
    })
}

/// A contract's certificates of insurance, latest expiry first.
#[tauri::command(async)]
pub fn list_certificates(library: State<'_, Library>, contract_id: i64) -> Reply<Vec<Certificate>> {
    library.with(|db| insurance::store::certificates(db, contract_id))
}

/// Records a certificate of insurance (its PDF, if any, attached afterwards among the
/// contract's documents).
#[tauri::command(async)]
pub fn add_certificate(library: State<'_, Library>, input: CertificateInput) -> Reply<Certificate> {
    library.with_write(|db| insurance::store::add_certificate(db, &input, None, now()))
}

/// The default lead time and the minimum insurance limits.
#[tauri::command(async)]
pub fn get_due_settings(library: State<'_, Library>) -> Reply<DueSettings> {
    library.with(|db| store::settings(db))
}

/// Keeps the default lead time and the minimum insurance limits.
#[tauri::command(async)]
pub fn save_due_settings(library: State<'_, Library>, settings: DueSettings) -> Reply<DueSettings> {
    library.with_write(|db| store::save_settings(db, &settings))
}
