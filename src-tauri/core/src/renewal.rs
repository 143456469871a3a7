//! Renewal options: how many, how long each, how many used — read from the words a
//! source publishes when they say it plainly — and the last date a contract could still
//! be extended to.
//!
//! Invariants:
//! - Nothing is guessed. Words that do not say how many renewals of how long ("renewable
//!   by mutual agreement", "extended by amendment 2") are [`Extension::Unclear`], and the
//!   status says "renewal terms unclear — verify", never "may be extended".
//! - A published final possible expiry wins over anything computed: it is what the
//!   cooperative says.
//! - Renewals are counted from the current (published) expiry: the options not yet used
//!   each add their length to it. Renewals used default to none, so the date computed is
//!   the latest the contract could reach, and a contract past it is plainly expired.
//! - Months are added as the calendar has them: a contract expiring on 31 January and
//!   renewed for one month ends on the last day of February.
//!
//! Pure: no database, no clock. `db` (migration 0013 reads existing texts), `library`
//! (the status) and `interchange` (the import's checks) use it.

use chrono::{Months, NaiveDate};

/// What a library stores in `contracts.extendable_until` for [`Extension::Unclear`]; a
/// date is stored as ISO text, and a contract that cannot be extended as NULL.
pub const UNCLEAR: &str = "unclear";

/// How far past its current expiry a contract could still be extended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    /// Nothing recorded lets it go past its current expiry.
    None,
    /// It could be extended up to this day at the latest.
    Until(NaiveDate),
    /// The renewal options are recorded as words that do not say how many or how long.
    Unclear,
}

impl Extension {
    /// As stored in `contracts.extendable_until`.
    pub fn stored(self) -> Option<String> {
        match self {
            Extension::None => None,
            Extension::Until(day) => Some(day.to_string()),
            Extension::Unclear => Some(UNCLEAR.to_owned()),
        }
    }

    /// From `contracts.extendable_until`; anything else than a date or [`UNCLEAR`] is
    /// unclear (a library is never trusted to hold only what this build writes).
    pub fn from_stored(text: Option<&str>) -> Extension {
        match text {
            None => Extension::None,
            Some(text) => text
                .parse()
                .map(Extension::Until)
                .unwrap_or(Extension::Unclear),
        }
    }
}

/// The renewal options as data: `count` options of `months` each, `used` of them taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub count: u32,
    pub months: u32,
    pub used: u32,
}

/// A contract's renewal facts, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub expiry: Option<NaiveDate>,
    pub final_expiry: Option<NaiveDate>,
    pub count: Option<u32>,
    pub months: Option<u32>,
    pub used: Option<u32>,
    pub text: &'a str,
}

impl Facts<'_> {
    /// The options as data: those recorded, else those the text says plainly; `None` when
    /// neither says how many and how long.
    pub fn options(&self) -> Option<Options> {
        let used = self.used.unwrap_or(0);
        match (self.count, self.months) {
            (Some(0), _) => Some(Options {
                count: 0,
                months: 0,
                used,
            }),
            (Some(count), Some(months)) => Some(Options {
                count,
                months,
                used,
            }),
            (None, None) => read_terms(self.text).map(|(count, months)| Options {
                count,
                months,
                used,
            }),
            _ => None,
        }
    }

    /// The last day the contract could be extended to (see the module's invariants).
    pub fn extension(&self) -> Extension {
        if let Some(last) = self.final_expiry {
            return Extension::Until(last);
        }
        match self.options() {
            Some(options) => match self.expiry.and_then(|expiry| options.last_day(expiry)) {
                Some(last) if Some(last) > self.expiry => Extension::Until(last),
                _ => Extension::None,
            },
            None if self.count.is_none() && says_no_renewal(self.text) => Extension::None,
            None => Extension::Unclear,
        }
    }
}

impl Options {
    /// The current expiry with every option not yet used taken.
    pub fn last_day(self, expiry: NaiveDate) -> Option<NaiveDate> {
        let left = self.count.saturating_sub(self.used);
        expiry.checked_add_months(Months::new(left.checked_mul(self.months)?))
    }
}

/// Renewal options that say there are none: "None", "No renewals", "N/A", "0",
/// "Not renewable", "No further renewals"… (compared in lower case, trimmed), or no words.
pub fn says_no_renewal(renewal_options: &str) -> bool {
    let text = renewal_options.trim().to_lowercase();
    text.is_empty()
        || matches!(text.as_str(), "no" | "n/a" | "na" | "0" | "-" | "—")
        || text.starts_with("none")
        || text.starts_with("no ")
        || text.contains("not renewable")
        || text.contains("no renewal")
        || text.contains("no further renewal")
        || text.contains("no remaining")
}

/// The renewals renewal wording describes, as (how many, months each): "two (2)
/// one-year renewals" is (2, 12), "up to three additional 12-month periods" (3, 12),
/// "4 x 1 year" (4, 12), "3 x 1 yr" (3, 12); a length alone is one option of it: "may be
/// extended one additional year" (1, 12), "up to 36 months" (1, 36), and "up to 2
/// additional years", years being renewed one at a time, (2, 12). `None` when the words
/// say no such thing plainly, or say two different things.
pub fn read_terms(text: &str) -> Option<(u32, u32)> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = None;
    let mut start = 0;
    while start < words.len() {
        if let Some((terms, next)) = terms_at(&words, start) {
            if found.is_some_and(|earlier| earlier != terms) {
                return None;
            }
            found = Some(terms);
            start = next;
        } else {
            start += 1;
        }
    }
    found
}

/// A number written as figures (1–120) or as a word (one–twelve).
fn number(word: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    word.parse::<u32>()
        .ok()
        .filter(|n| (1..=120).contains(n))
        .or_else(|| WORDS.iter().position(|w| *w == word).map(|i| i as u32 + 1))
}

fn unit_months(word: Option<&&str>) -> Option<u32> {
    match word.copied() {
        Some("year" | "years" | "yr" | "yrs") => Some(12),
        Some("month" | "months" | "mo" | "mos") => Some(1),
        _ => None,
    }
}

/// Words between a count and a length, or before a length alone.
const FILLER: [&str; 9] = [
    "additional",
    "optional",
    "successive",
    "consecutive",
    "more",
    "x",
    "renewal",
    "further",
    "extension",
];

/// Words that make a length the length of each renewal ("two year renewals").
const RENEWAL_WORDS: [&str; 5] = ["renewal", "extension", "option", "period", "term"];

/// The terms said from `words[start]` on, with the index after them.
fn terms_at(words: &[&str], start: usize) -> Option<((u32, u32), usize)> {
    let count = number(words[start])?;
    let mut at = start + 1;
    // "two (2)": the figure repeating the word.
    if words.get(at).and_then(|w| number(w)) == Some(count) {
        at += 1;
    }
    let before_filler = at;
    while words.get(at).is_some_and(|w| FILLER.contains(w)) {
        at += 1;
    }
    // A length alone: "one additional year", "up to 36 months", "2 additional years" —
    // only after words that make it a renewal ("additional", "up to"), so that "an
    // initial term of 3 years" is not read as renewals.
    if let Some(unit) = unit_months(words.get(at)) {
        let up_to = start >= 2 && words[start - 2] == "up" && words[start - 1] == "to";
        let says_length_of = words
            .get(at + 1)
            .is_some_and(|w| RENEWAL_WORDS.iter().any(|r| w.starts_with(r)));
        if says_length_of || !(up_to || at > before_filler) {
            // "two year renewals" says how long, not how many.
            return None;
        }
        return Some(if unit == 12 {
            ((count, 12), at + 1)
        } else {
            ((1, count), at + 1)
        });
    }
    let each = words.get(at).and_then(|w| number(w))?;
    at += 1;
    if words.get(at).and_then(|w| number(w)) == Some(each) {
        at += 1;
    }
    let unit = unit_months(words.get(at))?;
    Some(((count, each * unit), at + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn renewal_wording_is_read_when_it_says_how_many_and_how_long() {
        for (text, terms) in [
            ("two (2) one-year renewals", Some((2, 12))),
            ("Two (2) one (1) year extensions", Some((2, 12))),
            ("up to three additional 12-month periods", Some((3, 12))),
            ("4 x 1 year", Some((4, 12))),
            ("3 x 1 yr", Some((3, 12))),
            ("One 2-year extension", Some((1, 24))),
            ("three one (1) year renewal options", Some((3, 12))),
            ("Renewable for two additional one-year terms", Some((2, 12))),
            (
                "May be extended one additional year at Sourcewell's request with the \
                 supplier's written agreement",
                Some((1, 12)),
            ),
            ("up to 2 additional years", Some((2, 12))),
            (
                "May be extended up to 36 months in increments determined by the lead \
                 state, until June 30, 2028",
                Some((1, 36)),
            ),
            ("one (1) optional two (2) year renewal", Some((1, 24))),
            (
                "Initial term of 3 years with two one-year renewals",
                Some((2, 12)),
            ),
            ("Renewable by mutual agreement", None),
            ("Extended by PA Amendment 2", None),
            ("Up to 4 renewals", None),
            ("two year renewals", None),
            ("two one-year renewals, or one two-year renewal", None),
            ("", None),
        ] {
            assert_eq!(read_terms(text), terms, "{text}");
        }
    }

    fn facts(text: &str) -> Facts<'_> {
        Facts {
            expiry: Some(day("2024-06-30")),
            final_expiry: None,
            count: None,
            months: None,
            used: None,
            text,
        }
    }

    #[test]
    fn the_last_day_a_contract_could_be_extended_to_comes_from_its_options() {
        let until = |s: &str| Extension::Until(day(s));
        let cases: Vec<(&str, Facts, Extension)> = vec![
            (
                "one one-year option read from the text",
                facts("May be extended one additional year"),
                until("2025-06-30"),
            ),
            (
                "two one-year options recorded as data",
                Facts {
                    count: Some(2),
                    months: Some(12),
                    ..facts("")
                },
                until("2026-06-30"),
            ),
            (
                "one of two options used",
                Facts {
                    count: Some(2),
                    months: Some(12),
                    used: Some(1),
                    ..facts("two one-year renewals")
                },
                until("2025-06-30"),
            ),
            (
                "every option used",
                Facts {
                    count: Some(2),
                    months: Some(12),
                    used: Some(2),
                    ..facts("two one-year renewals")
                },
                Extension::None,
            ),
            (
                "the data wins over the text",
                Facts {
                    count: Some(1),
                    months: Some(6),
                    ..facts("two one-year renewals")
                },
                until("2024-12-30"),
            ),
            (
                "a final possible expiry recorded wins",
                Facts {
                    final_expiry: Some(day("2027-03-31")),
                    ..facts("two one-year renewals")
                },
                until("2027-03-31"),
            ),
            (
                "no options",
                Facts {
                    count: Some(0),
                    ..facts("Renewable by mutual agreement")
                },
                Extension::None,
            ),
            ("no words", facts(""), Extension::None),
            ("words saying none", facts("No renewals"), Extension::None),
            (
                "words that say neither how many nor how long",
                facts("Renewable by mutual agreement"),
                Extension::Unclear,
            ),
            (
                "a count without a length",
                Facts {
                    count: Some(2),
                    ..facts("")
                },
                Extension::Unclear,
            ),
            (
                "a month added to the end of a month",
                Facts {
                    expiry: Some(day("2026-01-31")),
                    count: Some(1),
                    months: Some(1),
                    ..facts("")
                },
                until("2026-02-28"),
            ),
        ];
        for (case, facts, expected) in cases {
            assert_eq!(facts.extension(), expected, "{case}");
        }
    }

    #[test]
    fn the_stored_form_reads_back() {
        for extension in [
            Extension::None,
            Extension::Unclear,
            Extension::Until(day("2027-01-31")),
        ] {
            let stored = extension.stored();
            assert_eq!(Extension::from_stored(stored.as_deref()), extension);
        }
    }
}
