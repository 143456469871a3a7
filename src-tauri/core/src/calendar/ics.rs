//! A small iCalendar (RFC 5545) writer: a calendar of all-day events, each with an alarm.
//!
//! Why our own: the file holds only all-day `VEVENT`s with a `VALARM`, and what matters
//! is exactly the two things a writer gets wrong — escaping TEXT values (§3.3.11:
//! backslash, semicolon, comma, and every line break as `\n`; control characters are not
//! allowed in TEXT and are dropped) and folding content lines at 75 **octets** (§3.1),
//! never inside a UTF-8 sequence. Both are tested here, by a property test over hostile
//! text, and by reading the file back with an independent parser (Python's `icalendar`)
//! in `tests/it/calendar.rs`.
//!
//! The file carries no `METHOD`: without it, RFC 5545 §3.8.7.2 makes `DTSTAMP` the time
//! the event's information was last revised, which is what a re-import compares together
//! with `SEQUENCE` (kept per event by [`super::store`]).
//!
//! Pure: takes data, returns text. Lines end in CRLF.

use chrono::{NaiveDate, NaiveDateTime};

/// The longest content line, in octets, without its CRLF.
pub const LINE_OCTETS: usize = 75;

/// A calendar as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// X-WR-CALNAME: what Outlook and Google show as the calendar's name.
    pub name: String,
    pub events: Vec<Event>,
}

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique and stable: re-importing the file updates the event.
    pub uid: String,
    /// Raised by one each time the event's content changes.
    pub sequence: u32,
    /// When this revision was made, UTC.
    pub stamp: NaiveDateTime,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    /// The alarm, this many days before the day (0: on the day).
    pub alarm_days_before: u32,
}

/// A TEXT value escaped per RFC 5545 §3.3.11: `\` `;` `,` escaped, CRLF, CR and LF as
/// `\n`, other control characters (tab aside) dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded per RFC 5545 §3.1: at most 75 octets a line, continued on
/// lines that begin with one space, never splitting a UTF-8 sequence; each line ends in
/// CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
    out
}

fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// The event's lines, DTSTAMP and SEQUENCE left out: what its fingerprint covers.
pub fn content_lines(event: &Event) -> Vec<String> {
    let next = event.date.succ_opt().unwrap_or(event.date);
    vec![
        format!("UID:{}", escape_text(&event.uid)),
        format!("DTSTART;VALUE=DATE:{}", date(event.date)),
        format!("DTEND;VALUE=DATE:{}", date(next)),
        format!("SUMMARY:{}", escape_text(&event.summary)),
        format!("DESCRIPTION:{}", escape_text(&event.description)),
        "TRANSP:TRANSPARENT".to_owned(),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape_text(&event.summary)),
        format!("TRIGGER;RELATED=START:-P{}D", event.alarm_days_before),
        "END:VALARM".to_owned(),
    ]
}

/// The whole file.
pub fn write(calendar: &Calendar) -> String {
    let mut out = String::new();
    let mut line = |text: &str| out.push_str(&fold(text));
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!(
        "PRODID:-//CoopDesk//CoopDesk {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN");
    line(&format!("X-WR-CALNAME:{}", escape_text(&calendar.name)));
    for event in &calendar.events {
        line("BEGIN:VEVENT");
        let content = content_lines(event);
        line(&content[0]);
        line(&format!("DTSTAMP:{}", event.stamp.format("%Y%m%dT%H%M%SZ")));
        line(&format!("SEQUENCE:{}", event.sequence));
        for text in &content[1..] {
            line(text);
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Undoes folding and escaping, as a reader would.
    fn read_back(folded: &str) -> Vec<String> {
        let unfolded = folded.replace("\r\n ", "");
        unfolded
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn escaping_covers_the_four_specials_and_every_line_break() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\rf\ng\u{7}h"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ngh"
        );
    }

    #[test]
    fn folding_counts_octets_and_never_splits_a_character() {
        let line = format!("SUMMARY:{}", "é".repeat(100));
        let folded = fold(&line);
        for piece in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(
                piece.len() <= LINE_OCTETS,
                "{} octets: {piece}",
                piece.len()
            );
        }
        assert_eq!(read_back(&folded), vec![line]);
    }

    proptest! {
        #[test]
        fn hostile_summaries_come_back_whole_and_every_line_is_75_octets_at_most(
            summary in "(\\PC|[\r\n\t,;:\\\\\"]|\u{1F3DB}|\u{202E}){0,300}",
        ) {
            let event = Event {
                uid: "renewal-1@coopdesk".into(),
                sequence: 0,
                stamp: "2026-12-07T10:00:00".parse().unwrap(),
                date: "2027-06-30".parse().unwrap(),
                summary: summary.clone(),
                description: summary.clone(),
                alarm_days_before: 120,
            };
            let text = write(&Calendar { name: "Test".into(), events: vec![event] });
            for physical in text.split("\r\n").filter(|l| !l.is_empty()) {
                prop_assert!(physical.len() <= LINE_OCTETS);
                prop_assert!(!physical.contains('\r') && !physical.contains('\n'));
            }
            let lines = read_back(&text);
            let found = lines.iter().find(|l| l.starts_with("SUMMARY:")).unwrap();
            let expected: String = summary
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                .collect();
            prop_assert_eq!(unescape(&found["SUMMARY:".len()..]), expected);
            prop_assert_eq!(lines.iter().filter(|l| l.starts_with("BEGIN:")).count(), 3);
            prop_assert_eq!(lines.iter().filter(|l| l.starts_with("END:")).count(), 3);
        }
    }
}
