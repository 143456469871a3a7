//! The gaps left in a memo's text, listed before it is printed.
//!
//! Composing never invents a fact: what the library, the settings or the clerk have not
//! given prints as a placeholder — "[budget account]", "[Jurisdiction: set it in
//! Settings]", a fact "Not recorded", a discount rate whose "source not stated". Each is
//! right in a draft and wrong in front of a council, so before printing the editor lists
//! them ([`placeholders`]) and the clerk fixes them or confirms they stay.
//!
//! What counts, wherever it is in the document (header, prose, facts, tables):
//! - any text in square brackets — every placeholder the composer writes has that form,
//!   and so has one a clerk types while drafting ("[date of the quote]");
//! - a fact whose value says it is not recorded;
//! - the discount rate's missing source ([`DISCOUNT_SOURCE_MISSING`]), and the stand-in
//!   for whom the motion authorises to sign ([`SIGNER_MISSING`]);
//! - an empty "To" or "From" line.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::compose::{DISCOUNT_SOURCE_MISSING, SIGNER_MISSING};
use super::document::{Block, Memo};

/// One gap, where it prints and what prints there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Placeholder {
    /// The header, or the heading of the section it is in.
    pub place: String,
    /// What prints: "[budget account]", "Budget account: Not recorded".
    pub text: String,
}

/// Every gap left in `memo`, in reading order, each (place, text) once.
pub fn placeholders(memo: &Memo) -> Vec<Placeholder> {
    let mut found = Found::default();
    let header = &memo.header;
    found.place = "Header".to_owned();
    for (label, value) in [
        ("To", &header.to),
        ("From", &header.from),
        ("Jurisdiction", &header.jurisdiction),
        ("Subject", &header.subject),
        ("Agenda item", &header.agenda_item),
    ] {
        if value.trim().is_empty() && matches!(label, "To" | "From") {
            found.add(format!("{label}: empty"));
        }
        found.brackets(value);
    }
    for block in &memo.blocks {
        match block {
            Block::Heading { level: 1, text } => found.place = text.clone(),
            Block::Heading { text, .. } => found.brackets(text),
            Block::Paragraph { text } => found.prose(text),
            Block::List { items, .. } => items.iter().for_each(|item| found.prose(item)),
            Block::Facts { facts } => {
                for fact in facts {
                    if fact.value.to_lowercase().contains("not recorded") {
                        found.add(format!("{}: {}", fact.label, fact.value));
                    } else {
                        found.brackets(&fact.value);
                    }
                }
            }
            Block::Table(table) => {
                for cell in table.rows.iter().flatten() {
                    found.brackets(cell);
                }
            }
            Block::Chart { .. } | Block::Signatures { .. } | Block::PageBreak => {}
        }
    }
    found.list
}

#[derive(Default)]
struct Found {
    place: String,
    list: Vec<Placeholder>,
}

impl Found {
    fn add(&mut self, text: String) {
        let gap = Placeholder {
            place: self.place.clone(),
            text,
        };
        if !self.list.contains(&gap) {
            self.list.push(gap);
        }
    }

    fn prose(&mut self, text: &str) {
        self.brackets(text);
        if text.contains(DISCOUNT_SOURCE_MISSING) {
            self.add(format!("Discount rate: {DISCOUNT_SOURCE_MISSING}"));
        }
        if text.contains(&format!("Authorize {SIGNER_MISSING} to sign")) {
            self.add(format!("Who signs: {SIGNER_MISSING} (no one named)"));
        }
    }

    /// Each "[…]" in `text` (a bracket left open is not a placeholder).
    fn brackets(&mut self, text: &str) {
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let Some(close) = after.find(']') else { return };
            let inside = &after[..close];
            if let Some(nested) = inside.rfind('[') {
                rest = &after[nested..];
                continue;
            }
            if !inside.trim().is_empty() {
                self.add(format!("[{inside}]"));
            }
            rest = &after[close + 1..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memo::document::MemoHeader;

    fn memo(blocks: Vec<Block>) -> Memo {
        Memo {
            title: "T".into(),
            author: "A".into(),
            header: MemoHeader {
                jurisdiction: "Village of Peñasco".into(),
                to: "Council".into(),
                from: "Clerk".into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                subject: "Purchase".into(),
                agenda_item: String::new(),
                logo: None,
            },
            blocks,
            paper: Default::default(),
        }
    }

    #[test]
    fn text_in_square_brackets_is_found_once_with_its_section_and_an_open_bracket_is_not() {
        let found = placeholders(&memo(vec![
            Block::Heading {
                level: 1,
                text: "Fiscal impact".into(),
            },
            Block::Paragraph {
                text: "Charged to [budget account] and [budget account]; [a [quote]] is \
                       nested; list [1 is open"
                    .into(),
            },
        ]));
        let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["[budget account]", "[quote]"]);
        assert!(found.iter().all(|p| p.place == "Fiscal impact"));
    }

    #[test]
    fn an_empty_to_line_is_a_gap_but_an_empty_agenda_item_is_not() {
        let mut m = memo(Vec::new());
        m.header.to = " ".into();
        let found = placeholders(&m);
        assert_eq!(
            found,
            [Placeholder {
                place: "Header".into(),
                text: "To: empty".into()
            }]
        );
    }
}
