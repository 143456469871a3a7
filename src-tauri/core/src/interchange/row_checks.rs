//! Facts in one row that contradict each other: rows to check, never refusals. Both
//! sides are kept as the source wrote them; the clerk is told what does not fit.
//!
//! - Renewal words against the dates: the options the words (or the data) give, counted
//!   from the expiry, against the final possible expiry recorded and against a final
//!   date the words name ("through March 31, 2025"). A few days either way are the same
//!   end (sources count a term's last day differently).
//! - A recorded other form of the contract number that differs from the number by more
//!   than punctuation, spaces and case ("RFP #091521" beside "091521-NAF"): perhaps the
//!   solicitation's number, or another contract's.

use chrono::NaiveDate;

use super::values::{parse_date, shown};
use super::RowWarning;
use crate::library::contract::{field_label, Contract};
use crate::renewal::Extension;

/// Days two ends may differ by and still be the same end.
const SAME_END_DAYS: i64 = 3;

/// Every check of this module on one row.
pub(super) fn row_warnings(contract: &Contract, line: u64) -> Vec<RowWarning> {
    let mut warnings = renewal_warnings(contract, line);
    warnings.extend(number_warnings(contract, line));
    warnings
}

/// Renewal words or data that do not fit the dates (see the module's doc).
fn renewal_warnings(contract: &Contract, line: u64) -> Vec<RowWarning> {
    let mut warnings = Vec::new();
    let warn = |message: String| {
        RowWarning::new(
            line,
            "renewalOptions",
            field_label("renewalOptions"),
            message,
        )
    };
    let facts = contract.renewal_facts();
    let options_end = match (facts.options(), contract.expiry_date) {
        (Some(options), Some(expiry)) if options.count > 0 => options.last_day(expiry).map(|end| {
            (
                end,
                expiry,
                options.count - options.used.min(options.count),
                options.months,
            )
        }),
        _ => None,
    };
    let named = named_date(&contract.renewal_options);
    let differs = |a: NaiveDate, b: NaiveDate| (a - b).num_days().abs() > SAME_END_DAYS;
    if let Some((end, expiry, left, months)) = options_end {
        let options = format!("{left} × {} after the expiry {expiry}", length(months));
        if let Some(last) = contract
            .final_expiry_date
            .filter(|last| differs(end, *last))
        {
            warnings.push(warn(format!(
                "'{}' ({options}) would end {end}, but the final possible expiry is {last}. \
                 Both are kept; check the source.",
                shown(&contract.renewal_options)
            )));
        }
        if let Some(named) = named.filter(|named| differs(end, *named)) {
            let how = if named < end {
                "ends before"
            } else {
                "cannot be reached by"
            };
            warnings.push(warn(format!(
                "'{}' names {named} as the last date, which {how} the options recorded \
                 ({options}: {end}). Both are kept; check the source.",
                shown(&contract.renewal_options)
            )));
        }
    }
    if let (Some(named), Some(last)) = (named, contract.final_expiry_date) {
        if options_end.is_none() && differs(named, last) {
            warnings.push(warn(format!(
                "'{}' names {named} as the last date, but the final possible expiry recorded \
                 is {last}. Both are kept; check the source.",
                shown(&contract.renewal_options)
            )));
        }
    }
    if let (Some(named), Some(expiry)) = (named, contract.expiry_date) {
        let none_left = facts.extension() == Extension::None && options_end.is_none();
        if none_left && named > expiry + chrono::Days::new(SAME_END_DAYS as u64) {
            warnings.push(warn(format!(
                "'{}' names {named} as the last date, but nothing recorded extends the \
                 contract past its expiry {expiry}. Check the source.",
                shown(&contract.renewal_options)
            )));
        }
    }
    warnings
}

/// "1 year", "2 years", "6 months".
fn length(months: u32) -> String {
    if months.is_multiple_of(12) {
        let years = months / 12;
        format!("{years} year{}", if years == 1 { "" } else { "s" })
    } else {
        format!("{months} month{}", if months == 1 { "" } else { "s" })
    }
}

/// The latest date the words name ("until June 30, 2028", "through 3/31/2025",
/// "to 2028-06-30"), if any.
pub(crate) fn named_date(text: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let mut dates = Vec::new();
    for (at, word) in words.iter().enumerate() {
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if digits >= 6 && (word.contains('/') || word.contains('-')) {
            dates.extend(parse_date(word).ok());
        }
        // "June 30, 2028": a month's name, a day, a four-digit year.
        if let (Some(day), Some(year)) = (words.get(at + 1), words.get(at + 2)) {
            let is_month = word.len() >= 3 && word.chars().all(char::is_alphabetic);
            if is_month && year.len() == 4 && day.len() <= 2 {
                dates.extend(parse_date(&format!("{word} {day}, {year}")).ok());
            }
        }
    }
    dates.into_iter().max()
}

/// Recorded other forms of the number that differ from it by more than punctuation,
/// spaces and case.
fn number_warnings(contract: &Contract, line: u64) -> Vec<RowWarning> {
    let bare = |text: &str| -> String {
        super::keys::same(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let number = bare(&contract.contract_number);
    contract
        .number_variants
        .iter()
        .filter(|variant| !variant.trim().is_empty() && bare(variant) != number)
        .map(|variant| {
            RowWarning::new(
                line,
                "numberVariants",
                field_label("numberVariants"),
                format!(
                    "'{}' is recorded as another form of the number {}, but differs from it \
                     by more than punctuation (the solicitation's number, or another \
                     contract's?). It is kept; check the source.",
                    shown(variant),
                    shown(&contract.contract_number)
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_words_name_their_last_date_in_the_forms_sources_write() {
        for (text, date) in [
            (
                "May be extended up to 36 months in increments determined by the lead \
                 state, until June 30, 2028",
                Some("2028-06-30"),
            ),
            (
                "Two one-year renewals 'through March 31, 2025'",
                Some("2025-03-31"),
            ),
            ("renewable through 3/31/2027", Some("2027-03-31")),
            ("to 2028-06-30.", Some("2028-06-30")),
            ("Two one-year renewals", None),
            ("Extended by PA Amendment 2", None),
        ] {
            assert_eq!(named_date(text), date.map(day), "{text}");
        }
    }
}
