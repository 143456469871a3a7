//! The memo's editable sections and their plain-text form.
//!
//! Every section of a composed memo starts with its heading, then its prose (paragraphs
//! and lists, which the clerk may rewrite), then its data (facts, tables, the chart,
//! which always come from the library and the comparison). The editor shows a
//! section's prose as plain text:
//!
//! - paragraphs are separated by a blank line;
//! - a lettered list is one item per line, `a. `, `b. `, … (the way motions are written);
//! - a bulleted list is one item per line starting with `- ` (or `• `).
//!
//! A line that does not start with a marker continues the item above it. Converting a
//! section's prose to text and back gives the same blocks, so an unedited section stays
//! exactly as composed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::document::{list_letter, Block, Memo};

/// A section of the staff report the clerk may rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Section {
    Recommendation,
    Background,
    DueDiligence,
    TotalCost,
    FiscalImpact,
    Alternatives,
    Attachments,
    // The renewal memo's own sections (`memo::renewal`); it shares the recommendation.
    Approved,
    Spent,
    Deviations,
    Insurance,
    RenewalTerms,
}

impl Section {
    /// Every editable section of a justification memo, in the memo's order.
    pub const ALL: [Section; 7] = [
        Section::Recommendation,
        Section::Background,
        Section::DueDiligence,
        Section::TotalCost,
        Section::FiscalImpact,
        Section::Alternatives,
        Section::Attachments,
    ];

    /// Every editable section of a renewal memo (`memo::renewal`), in its order.
    pub const RENEWAL: [Section; 6] = [
        Section::Recommendation,
        Section::Approved,
        Section::Spent,
        Section::Deviations,
        Section::Insurance,
        Section::RenewalTerms,
    ];

    /// The section's heading as printed.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Recommendation => "Recommendation",
            Section::Background => "Background",
            Section::DueDiligence => "Cooperative contract and due diligence",
            Section::TotalCost => "Total cost of ownership",
            Section::FiscalImpact => "Fiscal impact",
            Section::Alternatives => "Alternatives",
            Section::Attachments => "Attachments",
            Section::Approved => "What the council approved",
            Section::Spent => "Spending by fiscal year",
            Section::Deviations => "Price-list deviations",
            Section::Insurance => "Insurance on file",
            Section::RenewalTerms => "The vendor's renewal terms",
        }
    }

    fn of_heading(text: &str) -> Option<Section> {
        Section::ALL
            .into_iter()
            .chain(Section::RENEWAL)
            .find(|s| s.heading() == text)
    }
}

/// The text the clerk sees for each section's prose, in the memo's order.
pub fn section_texts(memo: &Memo) -> Vec<(Section, String)> {
    let mut texts = Vec::new();
    let mut index = 0;
    while index < memo.blocks.len() {
        if let Some(section) = section_at(&memo.blocks[index]) {
            let prose = prose_after(&memo.blocks, index);
            texts.push((section, to_text(&memo.blocks[prose])));
        }
        index += 1;
    }
    texts
}

/// Replaces the prose of each section in `edits` with the clerk's text. Data blocks stay.
pub fn apply_edits(memo: &mut Memo, edits: &BTreeMap<Section, String>) {
    let mut index = 0;
    while index < memo.blocks.len() {
        if let Some(text) = section_at(&memo.blocks[index]).and_then(|s| edits.get(&s)) {
            let prose = prose_after(&memo.blocks, index);
            let replacement = from_text(text);
            let inserted = replacement.len();
            memo.blocks.splice(prose, replacement);
            index += inserted;
        }
        index += 1;
    }
}

fn section_at(block: &Block) -> Option<Section> {
    match block {
        Block::Heading { level: 1, text } => Section::of_heading(text),
        _ => None,
    }
}

/// The run of prose blocks right after the heading at `heading`.
fn prose_after(blocks: &[Block], heading: usize) -> std::ops::Range<usize> {
    let start = heading + 1;
    let len = blocks[start..]
        .iter()
        .take_while(|b| matches!(b, Block::Paragraph { .. } | Block::List { .. }))
        .count();
    start..start + len
}

/// Prose blocks as the editor's plain text.
pub fn to_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph { text } => Some(text.clone()),
            Block::List { ordered, items } => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| format!("{}{item}", marker(*ordered, i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn marker(ordered: bool, index: usize) -> String {
    if ordered {
        format!("{}. ", list_letter(index))
    } else {
        "- ".to_owned()
    }
}

/// The editor's plain text as prose blocks.
pub fn from_text(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks = Vec::new();
    for chunk in split_chunks(&text) {
        let lines: Vec<&str> = chunk.lines().map(str::trim).collect();
        let kind = list_item(lines[0]).map(|(ordered, _)| ordered);
        match kind {
            Some(ordered) => {
                let mut items: Vec<String> = Vec::new();
                for line in lines {
                    match list_item(line) {
                        Some((line_ordered, item)) if line_ordered == ordered => {
                            items.push(item.to_owned())
                        }
                        _ => {
                            if let Some(last) = items.last_mut() {
                                last.push(' ');
                                last.push_str(line);
                            }
                        }
                    }
                }
                blocks.push(Block::List { ordered, items });
            }
            None => blocks.push(Block::Paragraph {
                text: lines.join(" "),
            }),
        }
    }
    blocks
}

/// Blank-line separated chunks, without empty ones.
fn split_chunks(text: &str) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                chunks.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        chunks.push(current.join("\n"));
    }
    chunks
}

/// `a. text` → (ordered, "text"); `- text` or `• text` → (bulleted, "text").
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("• ")) {
        return Some((false, rest.trim_start()));
    }
    let (head, rest) = line.split_once(". ")?;
    let is_letter =
        !head.is_empty() && head.len() <= 2 && head.bytes().all(|b| b.is_ascii_lowercase());
    is_letter.then(|| (true, rest.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::Paragraph {
            text: text.to_owned(),
        }
    }

    #[test]
    fn prose_survives_the_trip_through_plain_text() {
        let blocks = vec![
            paragraph("Staff recommends that the governing body:"),
            Block::List {
                ordered: true,
                items: vec!["Find that…;".into(), "Approve the purchase;".into()],
            },
            Block::List {
                ordered: false,
                items: vec!["Deny.".into(), "Refer back.".into()],
            },
            paragraph("Última línea — with “curly” quotes."),
        ];
        let text = to_text(&blocks);
        assert_eq!(
            text,
            "Staff recommends that the governing body:\n\na. Find that…;\nb. Approve the purchase;\n\n- Deny.\n- Refer back.\n\nÚltima línea — with “curly” quotes."
        );
        assert_eq!(from_text(&text), blocks);
    }

    #[test]
    fn a_wrapped_line_continues_its_item_and_windows_line_ends_are_read() {
        let blocks = from_text("a. Approve the\r\n   purchase;\r\nb. Authorize\r\n\r\nThanks.");
        assert_eq!(
            blocks,
            vec![
                Block::List {
                    ordered: true,
                    items: vec!["Approve the purchase;".into(), "Authorize".into()],
                },
                paragraph("Thanks."),
            ]
        );
    }

    #[test]
    fn an_edit_replaces_only_the_prose_of_its_section() {
        let mut memo = Memo {
            title: "t".into(),
            author: "a".into(),
            header: crate::memo::MemoHeader {
                jurisdiction: "J".into(),
                to: String::new(),
                from: String::new(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                subject: "s".into(),
                agenda_item: String::new(),
                logo: None,
            },
            blocks: vec![
                Block::Heading {
                    level: 1,
                    text: "Total cost of ownership".into(),
                },
                paragraph("Generated intro."),
                paragraph("Generated finding."),
                Block::Facts { facts: vec![] },
                Block::Heading {
                    level: 1,
                    text: "Fiscal impact".into(),
                },
                Block::Facts { facts: vec![] },
            ],
            paper: crate::settings::Paper::Letter,
        };
        let edits = BTreeMap::from([
            (Section::TotalCost, "Our own words.".to_owned()),
            (Section::FiscalImpact, "Funds are budgeted.".to_owned()),
        ]);
        apply_edits(&mut memo, &edits);
        assert_eq!(memo.blocks[1], paragraph("Our own words."));
        assert_eq!(memo.blocks[2], Block::Facts { facts: vec![] });
        assert_eq!(memo.blocks[4], paragraph("Funds are budgeted."));
        assert_eq!(memo.blocks.len(), 6);
        let texts = section_texts(&memo);
        assert_eq!(
            texts,
            vec![
                (Section::TotalCost, "Our own words.".to_owned()),
                (Section::FiscalImpact, "Funds are budgeted.".to_owned()),
            ]
        );
    }
}
