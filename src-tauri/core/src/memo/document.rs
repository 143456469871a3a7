//! The memo as a small tree of blocks: the one model every renderer reads (preview,
//! PDF, Word).
//!
//! The UI previews a [`Memo`] as HTML ([`super::html`]) and the PDF renderer
//! ([`super::pdf`]) prints the same tree, so what the clerk sees is what prints. Blocks
//! carry text, never markup: escaping is the renderers' job, so a contract title typed
//! as `<script>` stays characters everywhere.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::interchange::typed_date::MONTHS;
use crate::settings::{Logo, Paper, Signer};
use crate::tco::chart::ChartSpec;

/// A staff report: its header, then blocks in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Memo {
    /// The document title (PDF metadata, window title): usually the subject.
    pub title: String,
    /// Who wrote it (PDF metadata): usually the "from" line.
    pub author: String,
    pub header: MemoHeader,
    pub blocks: Vec<Block>,
    /// The sheet it prints on.
    #[serde(default)]
    pub paper: Paper,
}

/// The lines at the top of every staff report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemoHeader {
    /// "Village of Peñasco".
    pub jurisdiction: String,
    /// "Honorable Mayor and Members of the Village Council".
    pub to: String,
    /// "Ana Ruiz, Village Clerk".
    pub from: String,
    /// The meeting or memo date; also the PDF's creation and modification date.
    pub date: NaiveDate,
    pub subject: String,
    /// "Consent item 7.B"; may be empty.
    pub agenda_item: String,
    /// The jurisdiction's logo, printed in the header with its alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Logo>,
}

impl MemoHeader {
    /// The header's labelled lines as every renderer prints them (To, From, Date,
    /// Subject, Agenda item), leaving out the empty ones.
    pub fn facts(&self) -> Vec<Fact> {
        let date = long_date(self.date);
        [
            ("To", self.to.as_str()),
            ("From", self.from.as_str()),
            ("Date", date.as_str()),
            ("Subject", self.subject.as_str()),
            ("Agenda item", self.agenda_item.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| Fact::new(label, value))
        .collect()
    }
}

/// One block of the memo's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Block {
    /// A section heading; level 1 is a section, 2 a subsection. A renderer keeps it
    /// on the same page as what follows.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// Ordered lists are lettered (a., b., c.), the way council motions are.
    List {
        ordered: bool,
        items: Vec<String>,
    },
    /// Label and value pairs ("Contract number" — "091521-NAF").
    Facts {
        facts: Vec<Fact>,
    },
    Table(Table),
    Chart {
        spec: ChartSpec,
        /// What the chart shows, in words: which option is cheapest, the totals, the
        /// break-even years. The PDF's figure and the Word file's image carry it as their
        /// alternative text. Memos saved before it existed have none; renderers then use
        /// the chart's title.
        #[serde(default)]
        alt: String,
    },
    Signatures {
        signers: Vec<Signer>,
    },
    /// Starts the next block on a new page (the appendix).
    PageBreak,
}

/// One label and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    pub label: String,
    pub value: String,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Fact {
        Fact {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// A table whose header row is repeated on every page it spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// Says what the table shows; printed above it. May be empty.
    pub caption: String,
    pub columns: Vec<Column>,
    /// Each row has one cell per column.
    pub rows: Vec<Vec<String>>,
    /// The last row is a total and is set in bold.
    #[serde(default)]
    pub total_row: bool,
}

/// A column's heading and how its cells align (money right, words left).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub heading: String,
    pub align: Align,
}

impl Column {
    pub fn left(heading: impl Into<String>) -> Column {
        Column {
            heading: heading.into(),
            align: Align::Left,
        }
    }

    pub fn right(heading: impl Into<String>) -> Column {
        Column {
            heading: heading.into(),
            align: Align::Right,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Align {
    Left,
    Right,
}

/// "November 8, 2025", the way a council packet writes dates.
pub(crate) fn long_date(day: NaiveDate) -> String {
    LongDate(day).to_string()
}

/// A day written as [`long_date`] writes it, straight into a `format!` (the Needs-action
/// list writes thousands of them per call): "November 8, 2025".
#[derive(Debug, Clone, Copy)]
pub(crate) struct LongDate(pub NaiveDate);

impl std::fmt::Display for LongDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        let day = self.0;
        if !(0..=9999).contains(&day.year()) {
            return write!(f, "{}", day.format("%B %-d, %Y"));
        }
        let month = MONTHS[day.month0() as usize];
        write!(f, "{month} {}, {:04}", day.day(), day.year())
    }
}

/// "a", "b", … "z", "aa": how motions letter their parts.
pub fn list_letter(index: usize) -> String {
    let mut n = index;
    let mut text = String::new();
    loop {
        text.insert(0, char::from(b'a' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    text
}

#[cfg(test)]
mod long_date_tests {
    use chrono::Datelike;

    use super::*;

    #[test]
    fn a_long_date_reads_as_chrono_writes_it() {
        let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        while day.year() < 2029 {
            assert_eq!(long_date(day), day.format("%B %-d, %Y").to_string());
            day = day.succ_opt().unwrap();
        }
        for day in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(7, 1, 2).unwrap(),
        ] {
            assert_eq!(long_date(day), day.format("%B %-d, %Y").to_string());
        }
        assert_eq!(long_date("2026-01-13".parse().unwrap()), "January 13, 2026");
    }
}
