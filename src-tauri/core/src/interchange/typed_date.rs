//! A date as a clerk types it into a form, read by the importer's own rules
//! ([`super::values::parse_date`]), so that a form and an import never read the same text
//! two ways: `12/7/2026`, `Dec 7 2026`, `2026-12-07`, `7 December 2026`.
//!
//! The reading is said back in words ("Read as 7 December 2026") beside the field, so a
//! month-first reading the clerk did not mean is seen before it is saved; a slashed date
//! whose two first numbers could both be a month says that it was read month first.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::values::parse_date;

/// What a typed date was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DateReading {
    /// The date read, or none (nothing typed, or not a date).
    pub date: Option<NaiveDate>,
    /// "Read as 7 December 2026", with "(month first, as in the US)" when the text could
    /// have meant another day; empty when nothing was read.
    pub read_as: String,
    /// Why the text is not a date and how to write it; none when it is, or is empty.
    pub problem: Option<String>,
}

/// The months' names, as a council packet writes them (also the memos' long dates).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads `text` as a date, or says why it is not one. Empty text is no date and no
/// problem (a form's date may be left empty).
pub fn read_date(text: &str) -> DateReading {
    let text = text.trim();
    if text.is_empty() {
        return DateReading {
            date: None,
            read_as: String::new(),
            problem: None,
        };
    }
    match parse_date(text) {
        Ok(date) => DateReading {
            date: Some(date),
            read_as: format!(
                "Read as {} {} {}{}",
                date.day(),
                MONTHS[date.month0() as usize],
                date.year(),
                if could_be_day_first(text, date) {
                    " (month first, as in the US)"
                } else {
                    ""
                }
            ),
            problem: None,
        },
        Err(problem) => DateReading {
            date: None,
            read_as: String::new(),
            problem: Some(problem),
        },
    }
}

/// A slashed date whose day could also be a month (`3/4/2026`) means another day to
/// someone who writes day first.
fn could_be_day_first(text: &str, date: NaiveDate) -> bool {
    text.contains('/') && date.day() <= 12 && date.day() != date.month()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dates_a_us_clerk_types_are_read_and_said_back() {
        for text in [
            "12/7/2026",
            "12/07/26",
            "Dec 7 2026",
            "Dec. 7, 2026",
            "December 7, 2026",
            "7 December 2026",
            "2026-12-07",
        ] {
            let reading = read_date(text);
            assert_eq!(
                reading.date,
                NaiveDate::from_ymd_opt(2026, 12, 7),
                "{text} should be read as 7 December 2026: {reading:?}"
            );
            assert!(
                reading.read_as.starts_with("Read as 7 December 2026"),
                "{text}: {}",
                reading.read_as
            );
        }
    }

    #[test]
    fn a_date_that_could_be_read_day_first_says_it_was_read_month_first() {
        let reading = read_date("3/4/2026");
        assert_eq!(reading.date, NaiveDate::from_ymd_opt(2026, 3, 4));
        assert_eq!(
            reading.read_as,
            "Read as 4 March 2026 (month first, as in the US)"
        );
        assert!(!read_date("12/25/2026").read_as.contains("month first"));
    }

    #[test]
    fn impossible_or_day_first_input_gets_a_sentence_and_no_date() {
        for text in ["2/30/2026", "30/11/2026", "next Tuesday", "7.12.2026"] {
            let reading = read_date(text);
            assert_eq!(reading.date, None, "{text}");
            assert!(
                reading.problem.as_deref().is_some_and(|p| p.ends_with('.')),
                "{text} needs a sentence: {reading:?}"
            );
        }
        assert_eq!(read_date("  ").problem, None, "an empty date is allowed");
    }
}
