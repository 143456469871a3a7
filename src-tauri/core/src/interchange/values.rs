//! Reading the values people type into spreadsheets: dates, amounts, yes/no, lists.
//!
//! Every reader returns `Err(sentence)` rather than guessing: an import that silently
//! turned 03/04/26 into the wrong year, or 1.234,56 into 1.234, would put a wrong fact in
//! a memo to the council.
//!
//! - Dates: ISO (`2026-11-30`), US month-first slashes (`11/30/2026`, `11/30/26`) and
//!   written months (`November 8, 2025`, `Nov. 8 2025`, `8 November 2025`). A two-digit
//!   year is always 20YY (a cooperative contract from the 1900s is not in anyone's
//!   library). A slashed date whose first number cannot be a month (`30/11/2026`) is
//!   day-first and refused, as is any date that does not exist (`2026-02-30`). Eight
//!   digits (`20151231`, as finance systems export) are a compact ISO date, read only as
//!   year-month-day and only for a year in [`COMPACT_DATE_YEARS`]; the plan shows the
//!   reading. An optional date that still cannot be read leaves its field empty and
//!   keeps the text ([`keep_unreadable`]): the contract is imported, the row listed to
//!   check.
//! - Amounts: `$1,234.56`, `1234.56`, `1,234`; the decimal point is `.`. A comma
//!   followed by one or two digits (`1.234,56`, `12,5`) is refused with a hint.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::library::contract::{field_label, AwardType, Contract, ValueKind};

/// The separator between the items of a list field in a CSV cell.
pub const LIST_SEPARATOR: &str = " | ";

/// Reads a date as people type it; `Err` is a sentence saying what is wrong.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "'{}' is not a date CoopDesk can read. Write it as 2026-11-30, 11/30/2026 or \
             November 30, 2026.",
            shown(text)
        )
    };
    if text.is_empty() {
        return Err(invalid());
    }
    if let Some(compact) = compact_date(text) {
        return compact;
    }
    // ISO, possibly with a time (OCDS writes 2010-07-01T00:00:00Z).
    let iso = text.split(['T', ' ']).next().unwrap_or(text);
    if let Some(parts) = numbers(iso, '-') {
        if parts.len() == 3 && parts[0].1 == 4 {
            return ymd(parts[0].0, parts[1].0, parts[2].0, text);
        }
        return Err(invalid());
    }
    // Excel writes a date cell as `11/30/2026 0:00`: the time is dropped.
    let slashed = match text.split_once(' ') {
        Some((day, time)) if day.contains('/') && time.contains(':') => day,
        _ => text,
    };
    if let Some(parts) = numbers(slashed, '/') {
        if parts.len() != 3 {
            return Err(invalid());
        }
        if parts[0].1 == 4 {
            return ymd(parts[0].0, parts[1].0, parts[2].0, text);
        }
        let year = match parts[2].1 {
            4 => parts[2].0,
            // A two-digit year is this century: a contract is never from the 1900s.
            1 | 2 => 2000 + parts[2].0,
            _ => return Err(invalid()),
        };
        let (month, day) = (parts[0].0, parts[1].0);
        if month > 12 && day <= 12 {
            return Err(format!(
                "'{}' is written day first. CoopDesk reads slashed dates month first, as in \
                 the US (11/30/2026); write it as {year:04}-{day:02}-{month:02} to be sure.",
                shown(text)
            ));
        }
        return ymd(year, month, day, text);
    }
    if text.contains('.') && numbers(text, '.').is_some() {
        return Err(format!(
            "'{}' is ambiguous (day and month order). Write it as 2026-11-30.",
            shown(text)
        ));
    }
    written_month(text).ok_or_else(invalid)?
}

/// `November 8, 2025`, `Nov. 8 2025`, `8 November 2025`, `8-Nov-2025`.
fn written_month(text: &str) -> Option<Result<NaiveDate, String>> {
    let words: Vec<&str> = text
        .split([' ', ',', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() != 3 {
        return None;
    }
    let (month, day, year) = if let Some(month) = month_number(words[0]) {
        (month, words[1], words[2])
    } else {
        (month_number(words[1])?, words[0], words[2])
    };
    let day: u32 = strip_ordinal(day).parse().ok()?;
    if !(year.len() == 4 || year.len() == 2) || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut year: u32 = year.parse().ok()?;
    if year < 100 {
        year += 2000;
    }
    Some(ymd(year, month, day, text))
}

fn strip_ordinal(day: &str) -> &str {
    ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| day.strip_suffix(suffix))
        .unwrap_or(day)
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut word = word.to_lowercase();
    if word == "sept" {
        word = "sep".to_owned();
    }
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() <= 4 && m.starts_with(&word)))
        .map(|index| index as u32 + 1)
}

/// The years a compact date (`YYYYMMDD`) may name: eight digits are read as a date only
/// when the first four are a year a contract could carry, so `12312015` (month first) or
/// an account number is never taken for a date.
pub const COMPACT_DATE_YEARS: std::ops::RangeInclusive<u32> = 1950..=2150;

/// A compact ISO date as finance systems export it (`20151231`): eight digits, read only
/// as year-month-day, only for a plausible year. `None` when the text is not eight digits.
fn compact_date(text: &str) -> Option<Result<NaiveDate, String>> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (part(0..4), part(4..6), part(6..8));
    if !COMPACT_DATE_YEARS.contains(&year) {
        return Some(Err(format!(
            "'{}' is eight digits but not a year-month-day date CoopDesk can read ({year} \
             is not a plausible year). Write it as 2026-11-30.",
            shown(text)
        )));
    }
    Some(ymd(year, month, day, text))
}

/// Whether a cell that reads as a date was written in the compact form (`20151231`), so
/// that the plan shows how it was read.
pub fn is_compact_date(text: &str) -> bool {
    matches!(compact_date(text.trim()), Some(Ok(_)))
}

/// The numbers between `separator`s with their digit counts, or `None` if any part is
/// not all ASCII digits (or too long to be part of a date).
fn numbers(text: &str, separator: char) -> Option<Vec<(u32, usize)>> {
    if !text.contains(separator) {
        return None;
    }
    text.split(separator)
        .map(|part| {
            let part = part.trim();
            (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| (part.parse().unwrap_or(0), part.len()))
        })
        .collect()
}

fn ymd(year: u32, month: u32, day: u32, text: &str) -> Result<NaiveDate, String> {
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(|| {
            format!(
                "'{}' is not a day of the calendar (month {month}, day {day}). Check the date.",
                shown(text)
            )
        })
}

/// Keeps an optional field that cannot be read (a date, the contract's value): the field
/// stays empty, the text as
/// published is kept (an expiry in `expiry_as_published`, as a clerk's own column would
/// hold it; any other date in the notes). The sentence returned lists the row among
/// those to check.
/// Required fields stay required; a date is never one.
pub(crate) fn keep_unreadable(
    contract: &mut Contract,
    field: &str,
    text: &str,
    message: &str,
) -> String {
    let label = field_label(field);
    let kept = if field == "expiryDate" && contract.expiry_as_published.trim().is_empty() {
        contract.expiry_as_published = text.to_owned();
        "the text is kept as the expiry as published"
    } else {
        let note = format!("{label} as published: {text}");
        if contract.notes.trim().is_empty() {
            contract.notes = note;
        } else {
            contract.notes = format!("{}\n{note}", contract.notes.trim_end());
        }
        "the text is kept in the notes"
    };
    format!("{message} The contract is imported with this field empty; {kept}.")
}

/// Reads an amount exactly: `$1,234.56`, `1234.56`, `-12`. Percent signs are not
/// accepted here; see [`parse_percent`].
pub fn parse_money(text: &str) -> Result<Decimal, String> {
    let original = text.trim();
    let mut text = original;
    let negative = text.starts_with('-') || (text.starts_with('(') && text.ends_with(')'));
    text = text
        .trim_start_matches(['-', '('])
        .trim_end_matches(')')
        .trim();
    text = text.strip_prefix("US$").unwrap_or(text);
    text = text.strip_prefix('$').unwrap_or(text).trim();
    text = text.strip_suffix("USD").unwrap_or(text).trim();
    if text.is_empty() {
        return Err(format!("'{}' is not an amount.", shown(original)));
    }
    if let Some(comma) = text.rfind(',') {
        let after = &text[comma + 1..];
        let digits_after = after.bytes().take_while(u8::is_ascii_digit).count();
        let dot_before = text[..comma].contains('.');
        if dot_before || (digits_after > 0 && digits_after < 3 && digits_after == after.len()) {
            return Err(format!(
                "'{}' uses a comma as the decimal mark. Write amounts with a decimal point, \
                 as 1234.56 or $1,234.56.",
                shown(original)
            ));
        }
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !grouped_well
        || !groups.iter().all(|g| digits_only(g))
        || fraction.is_some_and(|f| !digits_only(f))
    {
        return Err(format!(
            "'{}' is not an amount CoopDesk can read exactly. Write it as 1234.56 or $1,234.56.",
            shown(original)
        ));
    }
    let plain: String = match fraction {
        Some(fraction) => format!("{}.{fraction}", groups.concat()),
        None => groups.concat(),
    };
    let amount: Decimal = plain
        .parse()
        .map_err(|_| format!("'{}' is too large an amount.", shown(original)))?;
    Ok(if negative { -amount } else { amount })
}

/// Reads a percentage: `2`, `2.5%`, `0.25 %`. The number is the percentage itself
/// (2 means 2%), as cooperatives publish admin fees.
pub fn parse_percent(text: &str) -> Result<Decimal, String> {
    let trimmed = text.trim();
    let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    parse_money(number).map_err(|_| {
        format!(
            "'{}' is not a percentage. Write the number alone, as 2 or 2.5%.",
            shown(trimmed)
        )
    })
}

/// Reads yes/no as people write it; empty is unknown.
pub fn parse_yes_no(text: &str) -> Result<Option<bool>, String> {
    match text.trim().to_lowercase().as_str() {
        "" | "unknown" | "?" | "n/a" => Ok(None),
        "yes" | "y" | "true" | "1" | "x" => Ok(Some(true)),
        "no" | "n" | "false" | "0" => Ok(Some(false)),
        _ => Err(format!(
            "'{}' is not yes or no. Write yes, no, or leave it empty if unknown.",
            shown(text.trim())
        )),
    }
}

/// Reads an award type as sources write it ("Single award", "multi-award", "Multiple");
/// empty is unknown.
pub fn parse_award_type(text: &str) -> Result<Option<AwardType>, String> {
    let words: String = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "award" | "awards" | "awarded" | "source"))
        .collect::<Vec<_>>()
        .join(" ");
    match words.as_str() {
        "" | "unknown" | "na" | "n a" => Ok(None),
        "single" | "sole" | "one" | "1" => Ok(Some(AwardType::Single)),
        "multiple" | "multi" | "several" | "dual" => Ok(Some(AwardType::Multiple)),
        _ => Err(format!(
            "'{}' is not an award type. Write single, multiple, or leave it empty if unknown.",
            shown(text.trim())
        )),
    }
}

/// Reads a whole number of responses.
/// What kind of value a contract's value is, in the words registers use: `maximum`
/// (`max`, `not to exceed`, `NTE`, `ceiling`, `limit`), `estimated` (`estimate`, `est`),
/// `annual` (`per year`, `yearly`). Empty is unknown.
pub fn parse_value_kind(text: &str) -> Result<Option<ValueKind>, String> {
    let key: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Ok(match key.as_str() {
        "" => None,
        "maximum" | "max" | "nottoexceed" | "nte" | "ceiling" | "limit" | "cap" => {
            Some(ValueKind::Maximum)
        }
        "estimated" | "estimate" | "est" => Some(ValueKind::Estimated),
        "annual" | "annually" | "peryear" | "yearly" | "perannum" => Some(ValueKind::Annual),
        _ => {
            return Err(format!(
                "'{}' is not a kind of value; write maximum, estimated or annual.",
                shown(text)
            ))
        }
    })
}

pub fn parse_count(text: &str) -> Result<u32, String> {
    text.trim().replace(',', "").parse().map_err(|_| {
        format!(
            "'{}' is not a whole number (write 7, not seven).",
            shown(text.trim())
        )
    })
}

/// Splits a list cell on `|` (and on new lines), dropping empty items.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split(['|', '\n'])
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// The value as quoted in a message: cut to 40 characters, control characters shown.
pub(crate) fn shown(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '�' } else { c })
        .collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_read_in_the_forms_people_type() {
        for (text, expected) in [
            ("2026-11-30", date(2026, 11, 30)),
            ("2010-07-01T00:00:00Z", date(2010, 7, 1)),
            ("11/30/2026", date(2026, 11, 30)),
            ("1/5/2026", date(2026, 1, 5)),
            ("11/30/26", date(2026, 11, 30)),
            ("November 8, 2025", date(2025, 11, 8)),
            ("Nov. 8, 2025", date(2025, 11, 8)),
            ("Sept 8 2025", date(2025, 9, 8)),
            ("8 November 2025", date(2025, 11, 8)),
            ("8-Nov-25", date(2025, 11, 8)),
            ("2026/11/30", date(2026, 11, 30)),
            ("11/30/2026 0:00", date(2026, 11, 30)),
            ("11/30/2026 10:15 AM", date(2026, 11, 30)),
        ] {
            assert_eq!(parse_date(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn compact_dates_are_read_year_month_day_only_for_plausible_years() {
        assert_eq!(parse_date("20151231"), Ok(date(2015, 12, 31)));
        assert_eq!(parse_date(" 20260101 "), Ok(date(2026, 1, 1)));
        assert!(is_compact_date("20151231"));
        assert!(!is_compact_date("2015-12-31"));
        for text in [
            "12312015",
            "00001231",
            "20151331",
            "20150230",
            "2015123",
            "201512311",
        ] {
            assert!(parse_date(text).is_err(), "{text} was read as a date");
            assert!(!is_compact_date(text), "{text}");
        }
        let message = parse_date("12312015").unwrap_err();
        assert!(
            message.contains("1231 is not a plausible year"),
            "{message}"
        );
    }

    #[test]
    fn a_two_digit_year_never_lands_in_the_1900s() {
        assert_eq!(parse_date("12/31/99"), Ok(date(2099, 12, 31)));
        assert_eq!(parse_date("1/1/70"), Ok(date(2070, 1, 1)));
    }

    #[test]
    fn impossible_or_day_first_dates_are_errors_not_guesses() {
        for text in [
            "2026-02-30",
            "02/30/2026",
            "30/11/2026",
            "30.11.2026",
            "2026-13-01",
            "next Tuesday",
            "11/30",
            "",
            "99999-01-01",
        ] {
            assert!(parse_date(text).is_err(), "{text} was accepted");
        }
        let message = parse_date("30/11/2026").unwrap_err();
        assert!(
            message.contains("2026-11-30"),
            "the hint shows the ISO form: {message}"
        );
    }

    #[test]
    fn money_is_read_exactly_and_european_decimals_are_refused_with_a_hint() {
        let money = |s: &str| parse_money(s).map(|d| d.to_string());
        assert_eq!(money("$1,234.56"), Ok("1234.56".into()));
        assert_eq!(money("1234.56"), Ok("1234.56".into()));
        assert_eq!(money("1,234"), Ok("1234".into()));
        assert_eq!(money("$12,345,678.90"), Ok("12345678.90".into()));
        assert_eq!(money("-12.50"), Ok("-12.50".into()));
        assert_eq!(money("0.10"), Ok("0.10".into()), "scale is kept");
        let refused = parse_money("1.234,56").unwrap_err();
        assert!(refused.contains("decimal point"), "{refused}");
        for text in ["12,5", "1,23", "12,34,567", "abc", "$", "1.2.3", "1e5"] {
            assert!(parse_money(text).is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn percentages_take_an_optional_percent_sign() {
        assert_eq!(parse_percent("2.5%").unwrap().to_string(), "2.5");
        assert_eq!(parse_percent(" 2 ").unwrap().to_string(), "2");
        assert!(parse_percent("two").is_err());
    }

    #[test]
    fn lists_split_on_bars() {
        assert_eq!(parse_list("a | b|c |"), vec!["a", "b", "c"]);
        assert!(parse_list("  ").is_empty());
    }
}
