//! Days (`YYYY-MM-DD` text) and moments (`YYYY-MM-DDTHH:MM:SS`) as the library stores
//! them, read from a query's row.
//!
//! A valid day is read digit by digit; anything else (NULL, a damaged value) goes
//! through rusqlite's own conversion, so what it accepts is the same, and a damaged
//! value is an error that names the column and the text found there, never a panic.
//! The lists that read tens of thousands of dates on each call (the Needs-action list,
//! docs/due.md#speed) spend most of a general parser's time on the format, not the
//! date.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{Type, ValueRef};
use rusqlite::Row;

/// The day in column `index`, or `None` for NULL.
pub(crate) fn day(r: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    if let Ok(ValueRef::Text(text)) = r.get_ref(index) {
        if let Some(day) = iso_day(text) {
            return Ok(Some(day));
        }
    }
    r.get(index).map_err(|error| named(r, index, error, DAY))
}

/// The day in a column that is never NULL (`NOT NULL` in the schema): NULL is an error.
pub(crate) fn required_day(r: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    if let Ok(ValueRef::Text(text)) = r.get_ref(index) {
        if let Some(day) = iso_day(text) {
            return Ok(day);
        }
    }
    r.get(index).map_err(|error| named(r, index, error, DAY))
}

/// The moment in a column that is never NULL, as the library stamps it
/// (`YYYY-MM-DDTHH:MM:SS`, [`super::stamp`]); any other text through rusqlite's own
/// conversion, as for days.
pub(crate) fn required_moment(r: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDateTime> {
    if let Ok(ValueRef::Text(text)) = r.get_ref(index) {
        if let Some(moment) = iso_moment(text) {
            return Ok(moment);
        }
    }
    r.get(index).map_err(|error| named(r, index, error, MOMENT))
}

/// `YYYY-MM-DDTHH:MM:SS` as a moment, or `None` for any other text.
fn iso_moment(text: &[u8]) -> Option<NaiveDateTime> {
    let [date @ .., b'T', h1, h2, b':', m1, m2, b':', s1, s2] = text else {
        return None;
    };
    let time = [*h1, *h2, *m1, *m2, *s1, *s2];
    if !time.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let pair = |at: usize| u32::from(time[at] - b'0') * 10 + u32::from(time[at + 1] - b'0');
    iso_day(date)?.and_hms_opt(pair(0), pair(2), pair(4))
}

/// `YYYY-MM-DD` as a day, or `None` for any other text (an impossible day too).
pub(crate) fn iso_day(text: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |digits: &[u8]| {
        digits
            .iter()
            .fold(0u32, |sum, digit| sum * 10 + u32::from(digit - b'0'))
    };
    let year = i32::try_from(number(&digits[..4])).ok()?;
    NaiveDate::from_ymd_opt(year, number(&digits[4..6]), number(&digits[6..]))
}

/// A text that is not a day, said with the column's name and the text.
#[derive(Debug)]
struct NotADay {
    /// "a day (YYYY-MM-DD)".
    form: &'static str,
    column: String,
    text: String,
    why: String,
}

impl std::fmt::Display for NotADay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the library holds '{}' as {}, which is not {}: {}",
            self.text, self.column, self.form, self.why
        )
    }
}

impl std::error::Error for NotADay {}

const DAY: &str = "a day (YYYY-MM-DD)";
const MOMENT: &str = "a moment (YYYY-MM-DDTHH:MM:SS)";

/// rusqlite's conversion error for a text, with the column and the text said.
fn named(r: &Row<'_>, index: usize, error: rusqlite::Error, form: &'static str) -> rusqlite::Error {
    let rusqlite::Error::FromSqlConversionFailure(_, Type::Text, why) = &error else {
        return error;
    };
    let Ok(ValueRef::Text(text)) = r.get_ref(index) else {
        return error;
    };
    let column = r
        .as_ref()
        .column_name(index)
        .map_or_else(|_| format!("column {index}"), str::to_owned);
    rusqlite::Error::FromSqlConversionFailure(
        index,
        Type::Text,
        Box::new(NotADay {
            form,
            column,
            text: String::from_utf8_lossy(text).into_owned(),
            why: why.to_string(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    #[test]
    fn a_day_is_read_digit_by_digit_as_the_general_parser_reads_it() {
        let conn = Connection::open_in_memory().unwrap();
        for text in [
            "2026-12-07",
            "2024-02-29",
            "0001-01-01",
            "9999-12-31",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-07",
            "2026/12/07",
            "2026-12-07T09:00:00",
            "+2026-12-07",
            "20a6-12-07",
            "",
        ] {
            let (fast, required, general) = conn
                .query_row("SELECT ?1, ?1", [text], |r| {
                    Ok((
                        day(r, 0).ok(),
                        required_day(r, 0).ok(),
                        r.get::<_, Option<NaiveDate>>(1).ok(),
                    ))
                })
                .unwrap();
            assert_eq!(fast, general, "'{text}'");
            assert_eq!(required.map(Some), general, "'{text}'");
        }
    }

    #[test]
    fn a_moment_is_read_as_the_general_parser_reads_it() {
        let conn = Connection::open_in_memory().unwrap();
        for text in [
            "2026-12-07T09:00:00",
            "2024-02-29T23:59:59",
            "2026-12-07 09:00:00",
            "2026-12-07T09:00:00.250",
            "2026-12-07T24:00:00",
            "2026-12-07T09:60:00",
            "2026-12-07T09:00:60",
            "2025-02-29T09:00:00",
            "2026-12-07T9:00:00",
            "2026-12-07",
            "",
        ] {
            let (fast, general) = conn
                .query_row("SELECT ?1, ?1", [text], |r| {
                    Ok((
                        required_moment(r, 0).ok(),
                        r.get::<_, NaiveDateTime>(1).ok(),
                    ))
                })
                .unwrap();
            assert_eq!(fast, general, "'{text}'");
        }
        let error = conn
            .query_row("SELECT 'yesterday' AS recorded_at", [], |r| {
                required_moment(r, 0)
            })
            .unwrap_err();
        assert!(error.to_string().contains("recorded_at"), "{error}");
    }

    #[test]
    fn null_is_no_day_where_allowed_and_an_error_where_required() {
        let conn = Connection::open_in_memory().unwrap();
        let null = conn
            .query_row("SELECT NULL AS expiry_date", [], |r| day(r, 0))
            .unwrap();
        assert_eq!(null, None);
        let error = conn
            .query_row("SELECT NULL AS meeting_date", [], |r| required_day(r, 0))
            .unwrap_err();
        assert!(error.to_string().contains("meeting_date"), "{error}");
    }

    #[test]
    fn a_damaged_day_is_an_error_naming_the_column_and_the_text() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (expiry_date TEXT, meeting_date TEXT NOT NULL);
             INSERT INTO t VALUES ('2026-02-30', '13/01/2026');",
        )
        .unwrap();
        let (optional, required) = conn
            .query_row("SELECT expiry_date, meeting_date FROM t", [], |r| {
                Ok((day(r, 0).unwrap_err(), required_day(r, 1).unwrap_err()))
            })
            .unwrap();
        let said = crate::Error::from(optional).to_string();
        assert!(
            said.contains("'2026-02-30' as expiry_date, which is not a day"),
            "{said}"
        );
        let said = crate::Error::from(required).to_string();
        assert!(
            said.contains("'13/01/2026' as meeting_date, which is not a day"),
            "{said}"
        );
        // A number where a day belongs is rusqlite's own error, with the column named.
        let error = conn
            .query_row("SELECT 20260107 AS paid_date", [], |r| day(r, 0))
            .unwrap_err();
        assert!(error.to_string().contains("paid_date"), "{error}");
    }
}
