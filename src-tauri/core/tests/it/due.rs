//! What comes due, run as a clerk or a script runs it: `due`, `due snooze|dismiss`,
//! `insurance add|list`, and `calendar export` read back by an independent parser
//! (Python's `icalendar`: Debian's python3-icalendar, or `pip install icalendar`).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::cli_spending::approved;
use crate::support::cli::{cli, json, stderr, stdout};

/// The sample library, Staples 070924-SCC approved to $74,360.00 (term to 2027-06-30),
/// one PO of $62,000.00 and an invoice of $30,000.00 on 2026-05-01.
fn bought(dir: &Path) -> i64 {
    let approval = approved(dir);
    let id = approval.to_string();
    stdout(&cli(
        dir,
        &[
            "purchase",
            "add",
            "--approval",
            &id,
            "--number",
            "4500-0113",
            "--date",
            "2026-03-02",
            "--amount",
            "62,000.00",
            "--fiscal-year",
            "FY2026",
        ],
    ));
    stdout(&cli(
        dir,
        &[
            "purchase",
            "invoice",
            "--po",
            "4500-0113",
            "--number",
            "INV-1",
            "--date",
            "2026-05-01",
            "--amount",
            "30000.00",
        ],
    ));
    approval
}

fn due(dir: &Path, today: &str) -> Value {
    json(dir, &["due", "--today", today])
}

fn keys(list: &Value, part: &str) -> Vec<String> {
    list[part]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_sentence_writes_its_dates_in_the_clerks_words_and_the_key_keeps_iso() {
    let dir = tempfile::tempdir().unwrap();
    let approval = bought(dir.path());
    // 120 days before the term's end (2027-06-30).
    let list = due(dir.path(), "2027-03-02");
    let key = format!("termEnd:{approval}:2027-06-30");
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key.as_str())
        .unwrap_or_else(|| panic!("the term ends within the lead time: {list}"));
    assert_eq!(
        item["what"],
        "The term approved by Resolution 2026-04 of January 13, 2026 for Sourcewell \
         070924-SCC ends on June 30, 2027.",
        "{item}"
    );
    assert_eq!(
        item["by"], "2027-06-30",
        "the wire keeps ISO for the screen"
    );
}

#[test]
fn spending_past_80_percent_is_listed_and_a_snoozed_item_returns_on_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let approval = bought(dir.path());
    let list = due(dir.path(), "2026-12-07");
    let key = format!("nte80:{approval}:r1");
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key.as_str())
        .unwrap_or_else(|| panic!("62,000 of 74,360 is past 80 %: {list}"));
    assert_eq!(item["kind"], "notToExceed80");
    assert!(
        item["what"].as_str().unwrap().contains("83.38 %"),
        "the share the clerk reads: {item}"
    );
    assert_eq!(
        item["target"],
        serde_json::json!({"to": "approval", "id": approval})
    );

    let snoozed = json(
        dir.path(),
        &[
            "due",
            "snooze",
            &key,
            "--until",
            "2027-01-04",
            "--today",
            "2026-12-07",
        ],
    );
    assert!(!keys(&snoozed, "items").contains(&key), "{snoozed}");
    assert_eq!(keys(&snoozed, "snoozed"), vec![key.clone()]);
    assert!(
        !keys(&due(dir.path(), "2027-01-03"), "items").contains(&key),
        "still snoozed the day before"
    );
    assert!(
        keys(&due(dir.path(), "2027-01-04"), "items").contains(&key),
        "a snoozed item returns on its date"
    );
}

#[test]
fn a_dismissal_needs_a_reason_and_is_kept_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let approval = bought(dir.path());
    let key = format!("nte80:{approval}:r1");
    let refused = stderr(&cli(
        dir.path(),
        &[
            "due",
            "dismiss",
            &key,
            "--reason",
            "  ",
            "--today",
            "2026-12-07",
        ],
    ));
    assert!(refused.contains("Say why"), "{refused}");
    let list = json(
        dir.path(),
        &[
            "due",
            "dismiss",
            &key,
            "--reason",
            "Amendment on the Jan 12 agenda",
            "--today",
            "2026-12-07",
        ],
    );
    assert!(!keys(&list, "items").contains(&key));
    assert_eq!(list["dismissed"], 1);
    let history = json(dir.path(), &["due", "history"]);
    assert_eq!(history[0]["action"], "dismiss");
    assert_eq!(history[0]["reason"], "Amendment on the Jan 12 agenda");
    assert!(history[0]["what"].as_str().unwrap().contains("83.38 %"));
    let unknown = stderr(&cli(
        dir.path(),
        &[
            "due",
            "snooze",
            "renewal:999:2030-01-01",
            "--until",
            "2027-01-01",
        ],
    ));
    assert!(unknown.contains("renewal:999:2030-01-01"), "{unknown}");
}

#[test]
fn a_contracts_own_lead_time_brings_its_renewal_decision_forward() {
    let dir = tempfile::tempdir().unwrap();
    bought(dir.path());
    // 070924-SCC expires 2029-02-02: 120 days before is 2028-10-05.
    let renewal = |list: &Value| {
        keys(list, "items")
            .iter()
            .any(|k| k.starts_with("renewal:"))
    };
    assert!(!renewal(&due(dir.path(), "2026-12-07")));
    stdout(&cli(dir.path(), &["due", "lead-time", "070924-SCC", "800"]));
    let list = due(dir.path(), "2026-12-07");
    assert!(
        renewal(&list),
        "800 days before 2029-02-02 is 2026-10-25: {list}"
    );
    stdout(&cli(
        dir.path(),
        &["due", "lead-time", "070924-SCC", "default"],
    ));
    assert!(!renewal(&due(dir.path(), "2026-12-07")));
}

#[test]
fn a_certificate_is_recorded_with_its_pdf_and_flagged_below_the_minimums() {
    let dir = tempfile::tempdir().unwrap();
    bought(dir.path());
    let pdf = dir.path().join("COI Staples 2026.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% certificate\n").unwrap();
    stdout(&cli(
        dir.path(),
        &[
            "due",
            "settings",
            "--minimum",
            "general-liability=2,000,000",
        ],
    ));
    let bad = stderr(&cli(
        dir.path(),
        &[
            "insurance",
            "add",
            "--contract",
            "070924-SCC",
            "--insurer",
            "Hartford",
            "--policy",
            "auto=1,000,000.001",
            "--effective",
            "2026-01-01",
            "--expiry",
            "2025-12-31",
        ],
    ));
    assert!(bad.contains("Expiry date"), "{bad}");
    assert!(bad.contains("1,000,000.001"), "{bad}");
    let none = json(
        dir.path(),
        &["insurance", "list", "--contract", "070924-SCC"],
    );
    assert_eq!(
        none.as_array().unwrap().len(),
        0,
        "nothing kept from bad input"
    );

    let added = json(
        dir.path(),
        &[
            "insurance",
            "add",
            "--contract",
            "070924-SCC",
            "--insurer",
            "Hartford",
            "--policy",
            "general-liability=1000000",
            "--policy",
            "workers-comp=500000.50",
            "--effective",
            "2026-01-01",
            "--expiry",
            "2026-12-31",
            "--additional-insured",
            "yes",
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    );
    let certificate = &added[0]["certificate"];
    assert_eq!(
        certificate["policies"][1]["limit"], "500000.50",
        "exact, to the cent"
    );
    assert!(certificate["documentId"].as_i64().is_some(), "{added}");
    assert_eq!(added[0]["shortfalls"][0]["kind"], "generalLiability");
    let list = due(dir.path(), "2026-12-07");
    let kinds: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"insuranceBelowMinimum"), "{list}");
    assert!(
        kinds.contains(&"insuranceExpiring"),
        "expires within 30 days: {list}"
    );
}

/// The events of `file` as Python's icalendar reads them: uid, sequence, dtstamp, day,
/// summary, description and the alarm's trigger in days. `None` when the parser is not
/// here (and CI is not set).
fn parsed(file: &Path) -> Option<Vec<Value>> {
    const SCRIPT: &str = r#"
import json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for ev in cal.walk('VEVENT'):
    alarms = ev.walk('VALARM')
    out.append({
        'uid': str(ev['UID']),
        'sequence': int(ev['SEQUENCE']),
        'dtstamp': ev.decoded('DTSTAMP').isoformat(),
        'day': ev.decoded('DTSTART').isoformat(),
        'summary': str(ev['SUMMARY']),
        'description': str(ev['DESCRIPTION']),
        'alarmDays': -alarms[0].decoded('TRIGGER').days if alarms else None,
    })
print(json.dumps(out))
"#;
    let ci = std::env::var_os("CI").is_some();
    if cfg!(windows) {
        eprintln!("skipped: the iCalendar reader (Python) is not run under Wine");
        return None;
    }
    // The first Python that has the reader: the one on PATH, else the system's (where
    // Debian's python3-icalendar is, when PATH leads to another Python first).
    let pythons = ["python3", "/usr/bin/python3"];
    let has_reader = |python: &&&str| {
        Command::new(python)
            .args(["-c", "import icalendar"])
            .output()
            .is_ok_and(|out| out.status.success())
    };
    let python = pythons.iter().find(has_reader).unwrap_or(&pythons[0]);
    let output = Command::new(python)
        .arg("-c")
        .arg(SCRIPT)
        .arg(file)
        .output();
    match output {
        Ok(out) if out.status.success() => Some(serde_json::from_slice(&out.stdout).unwrap()),
        Ok(out) if !ci && String::from_utf8_lossy(&out.stderr).contains("No module named") => {
            eprintln!("skipped: Python's icalendar is missing (apt install python3-icalendar)");
            None
        }
        Err(_) if !ci => {
            eprintln!("skipped: python3 is missing");
            None
        }
        Ok(out) => panic!(
            "the independent reader refused the calendar: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("python3 did not start: {e}"),
    }
}

#[test]
fn the_calendar_parses_with_an_independent_reader_and_reexporting_keeps_every_uid() {
    let dir = tempfile::tempdir().unwrap();
    bought(dir.path());
    // Hostile text from a vendor's certificate: line breaks, commas, semicolons,
    // backslashes, quotes and long non-ASCII text.
    let insurer = format!(
        "Hartford; Fire, Inc. \\ \"Casualty\"\r\nLine two\rthree\n{}",
        "Ω Straße 東京 🏛 ".repeat(12)
    );
    stdout(&cli(
        dir.path(),
        &[
            "insurance",
            "add",
            "--contract",
            "070924-SCC",
            "--insurer",
            &insurer,
            "--policy",
            "general-liability=1000000",
            "--effective",
            "2026-01-01",
            "--expiry",
            "2027-03-31",
        ],
    ));
    let file = dir.path().join("due.ics");
    let file_arg = file.to_str().unwrap();
    let first = json(
        dir.path(),
        &["calendar", "export", file_arg, "--today", "2026-12-07"],
    );
    assert_eq!(
        first["events"], 4,
        "renewal decision, expiry, term end, insurance: {first}"
    );
    let text = std::fs::read(&file).unwrap();
    for line in text.split(|b| *b == b'\n') {
        assert!(
            line.len() <= 76,
            "a line of {} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
    }
    let Some(events) = parsed(&file) else { return };
    let insurance = events
        .iter()
        .find(|e| e["uid"].as_str().unwrap().starts_with("insurance-expiry-"))
        .expect("the certificate's expiry is an event");
    assert_eq!(insurance["day"], "2027-03-31");
    assert_eq!(insurance["alarmDays"], 30);
    assert!(
        insurance["summary"]
            .as_str()
            .unwrap()
            .starts_with("Sourcewell 070924-SCC: "),
        "{insurance}"
    );
    let expected = insurer.replace("\r\n", "\n").replace('\r', "\n");
    assert!(
        insurance["description"]
            .as_str()
            .unwrap()
            .contains(&format!("Insurer: {}", expected.trim())),
        "the hostile insurer comes back whole: {insurance}"
    );
    let term = events
        .iter()
        .find(|e| e["uid"].as_str().unwrap().starts_with("term-end-"))
        .unwrap();
    assert_eq!(term["day"], "2027-06-30");
    assert_eq!(term["alarmDays"], 120, "the alarm at the lead time");

    // Again, unchanged: the same UIDs, SEQUENCEs and DTSTAMPs.
    let again = json(
        dir.path(),
        &["calendar", "export", file_arg, "--today", "2026-12-08"],
    );
    assert_eq!(again["changed"], 0);
    assert_eq!(
        parsed(&file).unwrap(),
        events,
        "re-exporting changes nothing"
    );

    // A new lead time moves the renewal decision: its SEQUENCE goes up, no UID changes.
    stdout(&cli(dir.path(), &["due", "lead-time", "070924-SCC", "90"]));
    let moved = json(
        dir.path(),
        &["calendar", "export", file_arg, "--today", "2026-12-08"],
    );
    assert_eq!(
        moved["changed"], 3,
        "decision, expiry and term-end alarms changed: {moved}"
    );
    let after = parsed(&file).unwrap();
    let uids = |list: &[Value]| -> Vec<String> {
        list.iter()
            .map(|e| e["uid"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(uids(&after), uids(&events), "no UID changes");
    for (before, now) in events.iter().zip(&after) {
        let changed = before != now;
        let bumped = now["sequence"].as_i64() == Some(before["sequence"].as_i64().unwrap() + 1);
        assert_eq!(
            changed, bumped,
            "SEQUENCE goes up exactly when an event changes: {before} → {now}"
        );
    }
}

#[test]
fn the_window_keeps_the_calendar_file_and_updates_it_there_unasked() {
    use coopdesk_core::calendar::store as calendar;
    use coopdesk_core::due::store as due_store;

    let dir = tempfile::tempdir().unwrap();
    let now: chrono::NaiveDateTime = "2026-12-07T09:00:00".parse().unwrap();
    let db = crate::support::library::sample_library(now);
    let staples = crate::support::library::contract_numbered(&db, "070924-SCC");
    due_store::set_lead_time(&db, staples.id.unwrap(), Some(200)).unwrap();

    let refused = calendar::update_kept_file(&db, now.date(), now).unwrap_err();
    assert!(
        refused.to_string().contains("Export to calendar"),
        "before any export, the update says what to do first: {refused}"
    );
    assert_eq!(calendar::kept_file(&db).unwrap(), None);

    let file = dir.path().join("Calendars").join("due.ics");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let first = calendar::export_and_keep(&db, &file, now.date(), now).unwrap();
    assert_eq!(first.events, 2, "the renewal decision and the expiry");
    assert_eq!(
        calendar::kept_file(&db).unwrap().as_deref(),
        Some(file.as_path())
    );

    // The contract's lead time changes; the update writes the same file, unasked.
    std::fs::remove_file(&file).unwrap();
    due_store::set_lead_time(&db, staples.id.unwrap(), Some(90)).unwrap();
    let later = now + chrono::Duration::hours(1);
    let (written, report) = calendar::update_kept_file(&db, later.date(), later).unwrap();
    assert_eq!(written, file, "the file the clerk chose, again");
    assert_eq!(report.events, 2);
    assert_eq!(
        report.changed, 2,
        "the renewal decision moved and the expiry's alarm with it"
    );
    let text = std::fs::read_to_string(&file).expect("the kept file is written again");
    assert!(text.contains("SEQUENCE:1"), "{text}");
}

mod paging {
    //! The window asks for the counts and one page of the list at a time
    //! (`due::store::due_page`); `due --json` prints the whole. Both must be the one list.

    use chrono::{NaiveDate, NaiveDateTime};
    use coopdesk_core::db::Database;
    use coopdesk_core::due::{store, DueKind, DueList, DuePage};
    use coopdesk_core::insurance::{
        self, AdditionalInsured, CertificateInput, PolicyInput, PolicyKind,
    };

    use coopdesk_core::library::contract;

    use super::bought;
    use crate::support::library::open;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn now() -> NaiveDateTime {
        "2026-12-07T09:00:00".parse().unwrap()
    }

    /// The sample library with a council action past 80 % of its limit, every contract
    /// watched ten years ahead (a renewal decision each), and a certificate that does not
    /// name the jurisdiction on every other contract, one of them expiring within 30 days:
    /// items of six kinds on several days.
    fn library(dir: &std::path::Path) -> Database {
        bought(dir);
        let db = open(dir, now());
        for (index, contract) in contract::all(&db).unwrap().iter().enumerate() {
            let id = contract.id.unwrap();
            store::set_lead_time(&db, id, Some(3650)).unwrap();
            if index % 2 == 0 {
                let input = CertificateInput {
                    contract_id: Some(id),
                    insurer: "Hartford".into(),
                    policies: vec![PolicyInput {
                        kind: PolicyKind::GeneralLiability,
                        limit: "1,000,000".into(),
                    }],
                    effective_date: Some(day("2026-01-01")),
                    expiry_date: Some(day(if index == 2 {
                        "2026-12-20"
                    } else {
                        "2027-12-31"
                    })),
                    additional_insured: AdditionalInsured::No,
                    ..CertificateInput::default()
                };
                insurance::store::add_certificate(&db, &input, None, now()).unwrap();
            }
        }
        db
    }

    fn keys(list: &DueList) -> Vec<&str> {
        list.items.iter().map(|i| i.key.as_str()).collect()
    }

    /// Every page of `kind` (or all), `limit` at a time, one after the other.
    fn paged(db: &Database, today: NaiveDate, limit: usize, kind: Option<DueKind>) -> DueList {
        let mut all = DueList::default();
        loop {
            let offset = all.items.len();
            let page = store::due_page(
                db,
                today,
                DuePage {
                    offset,
                    limit,
                    kind,
                },
            )
            .unwrap();
            assert_eq!(page.offset, offset);
            assert!(page.items.len() <= limit);
            if page.items.is_empty() {
                return all;
            }
            all.items.extend(page.items);
        }
    }

    #[test]
    fn the_counts_are_the_whole_lists_and_the_pages_concatenate_to_it_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let db = library(dir.path());
        let today = day("2026-12-07");
        let whole = store::due_list(&db, today).unwrap();
        let kinds: std::collections::BTreeSet<DueKind> =
            whole.items.iter().map(|i| i.kind).collect();
        assert!(
            whole.items.len() >= 12 && kinds.len() >= 4,
            "the library makes items of several kinds due: {:?}",
            keys(&whole)
        );
        assert_eq!(whole.total, whole.items.len());

        let first = store::due_page(&db, today, DuePage::first(5)).unwrap();
        assert_eq!(first.total, whole.items.len(), "the first page counts all");
        assert_eq!(first.counts, whole.counts, "the same counts, page or whole");
        for count in &first.counts {
            let listed = whole.items.iter().filter(|i| i.kind == count.kind).count();
            assert_eq!(count.count, listed, "{:?}", count.kind);
        }
        assert_eq!(
            first.counts.iter().map(|c| c.count).sum::<usize>(),
            whole.items.len()
        );
        assert_eq!(first.items[..], whole.items[..5]);

        for limit in [1, 3, 7, 1000] {
            assert_eq!(
                paged(&db, today, limit, None).items,
                whole.items,
                "pages of {limit}"
            );
        }
        for kind in kinds {
            let of_kind: Vec<_> = whole
                .items
                .iter()
                .filter(|i| i.kind == kind)
                .cloned()
                .collect();
            assert_eq!(paged(&db, today, 2, Some(kind)).items, of_kind, "{kind:?}");
        }
    }

    #[test]
    fn a_change_the_clerk_makes_shows_at_once_in_the_counts_and_the_page() {
        let dir = tempfile::tempdir().unwrap();
        let db = library(dir.path());
        let today = day("2026-12-07");
        let page = DuePage::first(3);
        let before = store::due_page(&db, today, page).unwrap();

        // Dismissing the first item: the answer's page starts at the next one.
        let gone = before.items[0].key.clone();
        let after = store::dismiss(&db, &gone, "Handled by phone", today, now(), page).unwrap();
        assert_eq!(after.total, before.total - 1);
        assert_eq!(after.dismissed, before.dismissed + 1);
        assert_eq!(after.items[..2], before.items[1..]);
        assert_eq!(after, store::due_page(&db, today, page).unwrap());

        // Snoozing the next: out of the count, into the snoozed.
        let later = after.items[0].key.clone();
        let after = store::snooze(&db, &later, day("2027-01-04"), today, now(), page).unwrap();
        assert_eq!(after.total, before.total - 2);
        assert_eq!(after.snoozed.len(), 1);
        assert_eq!(after.snoozed[0].key, later);

        // A lead time set back to the default takes a renewal decision off the list.
        let renewal = |list: &DueList| {
            list.counts
                .iter()
                .find(|c| c.kind == DueKind::RenewalDecision)
                .map_or(0, |c| c.count)
        };
        let renewals = renewal(&after);
        let watched = contract::all(&db)
            .unwrap()
            .into_iter()
            .filter_map(|c| c.id)
            .find(|id| {
                store::due_list(&db, today).unwrap().items.iter().any(|i| {
                    i.kind == DueKind::RenewalDecision
                        && i.contract_id == Some(*id)
                        && i.by > day("2026-12-09")
                })
            })
            .unwrap();
        store::set_lead_time(&db, watched, Some(1)).unwrap();
        let now_listed = store::due_page(&db, today, page).unwrap();
        assert!(
            renewal(&now_listed) < renewals,
            "{renewals} renewal decisions before, {:?} after",
            now_listed.counts
        );
        assert_eq!(
            now_listed.total,
            store::due_list(&db, today).unwrap().items.len()
        );
    }
}

#[test]
fn an_action_without_kept_totals_is_counted_from_its_purchases_the_same() {
    let dir = tempfile::tempdir().unwrap();
    bought(dir.path());
    let today: chrono::NaiveDate = "2026-12-07".parse().unwrap();
    let now: chrono::NaiveDateTime = "2026-12-07T09:00:00".parse().unwrap();
    let kept = {
        let db = crate::support::library::open(dir.path(), now);
        coopdesk_core::due::store::due_list(&db, today).unwrap()
    };
    assert!(
        kept.items.iter().any(|i| i.what.contains("$62,000.00")),
        "the action's purchases are counted: {kept:?}"
    );
    // Purchases written by another program leave no kept totals behind.
    crate::support::library::library_file(dir.path())
        .execute("DELETE FROM approval_totals", [])
        .unwrap();
    let db = crate::support::library::open(dir.path(), now);
    assert_eq!(
        coopdesk_core::due::store::due_list(&db, today).unwrap(),
        kept
    );
}
