//! The calendar export in the library (table `calendar_events`, migration 0015): per
//! event, a fingerprint of what was last written, its SEQUENCE and the DTSTAMP of that
//! revision. Exporting again raises SEQUENCE (and stamps it) only for the events whose
//! content changed, so a calendar that re-imports the file updates them and leaves the
//! others alone. An event that leaves the export keeps its row: should it come back, its
//! SEQUENCE goes on from where it was.
//!
//! The window also remembers the file the clerk last exported to (key `calendarFile` of
//! the `settings` table), so "Update calendar file" writes it there again without asking:
//! a calendar subscribed to that file (Outlook's "open calendar file") follows the
//! library. It is a path on this laptop, kept with the library and never shared.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use super::ics::{self, Calendar, Event};
use crate::db::{atomically, stamp, Database};
use crate::Result;

const LIBRARY_ID_KEY: &str = "calendarLibraryId";
const KEPT_FILE_KEY: &str = "calendarFile";

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarExport {
    pub events: usize,
    /// Events new or changed since the last export.
    pub changed: usize,
}

/// The part of every UID after `@`, made once per library from the time of its first
/// export, so two libraries' events never share a UID.
fn library_id(db: &Database, now_utc: NaiveDateTime) -> Result<String> {
    let conn = db.conn();
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [LIBRARY_ID_KEY],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = stored {
        return Ok(id);
    }
    let seed = format!("{}|{:?}", stamp(now_utc), db.path());
    let digest = Sha256::digest(seed.as_bytes());
    let id = format!(
        "{}.coopdesk",
        digest[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
        params![LIBRARY_ID_KEY, id],
    )?;
    Ok(id)
}

/// The calendar of the library's dates on `today`, its SEQUENCEs and DTSTAMPs brought up
/// to date (`now_utc`: the clock in UTC); answers the file's text and what changed.
pub fn calendar(
    db: &Database,
    today: NaiveDate,
    now_utc: NaiveDateTime,
) -> Result<(String, CalendarExport)> {
    let facts = crate::due::store::facts(db, today)?;
    let settings = crate::due::store::settings(db)?;
    let dated = super::events(&facts, &settings);
    let domain = library_id(db, now_utc)?;
    let jurisdiction = crate::settings::load(db)?.jurisdiction_name;
    let conn = db.conn();
    let mut changed = 0;
    let events = atomically(conn, || {
        let mut read = conn.prepare_cached(
            "SELECT fingerprint, sequence, stamped_at FROM calendar_events WHERE uid = ?1",
        )?;
        let mut write = conn.prepare_cached(
            "INSERT INTO calendar_events (uid, fingerprint, sequence, stamped_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (uid) DO UPDATE SET fingerprint = excluded.fingerprint,
                 sequence = excluded.sequence, stamped_at = excluded.stamped_at",
        )?;
        let mut events = Vec::with_capacity(dated.len());
        for item in dated {
            let mut event = Event {
                uid: format!("{}@{domain}", item.id),
                sequence: 0,
                stamp: now_utc,
                date: item.date,
                summary: item.summary,
                description: item.description,
                alarm_days_before: item.alarm_days_before,
            };
            let digest = Sha256::digest(ics::content_lines(&event).join("\n").as_bytes());
            let fingerprint: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            let before: Option<(String, u32, NaiveDateTime)> = read
                .query_row([&event.uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            match before {
                Some((same, sequence, stamped)) if same == fingerprint => {
                    event.sequence = sequence;
                    event.stamp = stamped;
                }
                before => {
                    event.sequence = before.map_or(0, |(_, sequence, _)| sequence + 1);
                    write.execute(params![
                        event.uid,
                        fingerprint,
                        event.sequence,
                        stamp(now_utc)
                    ])?;
                    changed += 1;
                }
            }
            events.push(event);
        }
        Ok(events)
    })?;
    let name = if jurisdiction.trim().is_empty() {
        "CoopDesk: what comes due".to_owned()
    } else {
        format!("CoopDesk: what comes due — {}", jurisdiction.trim())
    };
    let report = CalendarExport {
        events: events.len(),
        changed,
    };
    Ok((ics::write(&Calendar { name, events }), report))
}

/// Writes the calendar to `path` whole (never half a file), as [`calendar`] makes it.
pub fn export(
    db: &Database,
    path: &Path,
    today: NaiveDate,
    now_utc: NaiveDateTime,
) -> Result<CalendarExport> {
    let (text, report) = calendar(db, today, now_utc)?;
    crate::files::write_bytes(path, text.as_bytes())?;
    Ok(report)
}

/// The file the clerk last exported to from the window, if any.
pub fn kept_file(db: &Database) -> Result<Option<PathBuf>> {
    let stored: Option<String> = db
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [KEPT_FILE_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored.filter(|p| !p.trim().is_empty()).map(PathBuf::from))
}

/// Writes the calendar to `path`, as [`export`] does, and remembers the file for
/// [`update_kept_file`].
pub fn export_and_keep(
    db: &Database,
    path: &Path,
    today: NaiveDate,
    now_utc: NaiveDateTime,
) -> Result<CalendarExport> {
    let report = export(db, path, today, now_utc)?;
    db.conn().execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![KEPT_FILE_KEY, path.to_string_lossy()],
    )?;
    Ok(report)
}

/// Writes the calendar again to the file last exported to; refused, with what to do,
/// when none was.
pub fn update_kept_file(
    db: &Database,
    today: NaiveDate,
    now_utc: NaiveDateTime,
) -> Result<(PathBuf, CalendarExport)> {
    let path = kept_file(db)?.ok_or_else(|| {
        crate::Error::invalid(
            "Calendar file",
            "none is kept yet. Choose where to save it once with \u{201c}Export to \
             calendar\u{2026}\u{201d}; after that it is updated there.",
        )
    })?;
    let report = export(db, &path, today, now_utc)?;
    Ok((path, report))
}
