//! The memo as a US Letter PDF: 1-inch margins, Liberation Sans embedded and subset,
//! "Page i of N" footers, tables that break across pages with their header repeated,
//! the chart drawn as vectors.
//!
//! printpdf places text and lines; it has no layout. So this module measures every
//! string with the font's own glyph advances, wraps it, and moves a cursor down the
//! page. Invariants:
//! - a heading is never the last thing on a page: it moves with the start of what
//!   follows it;
//! - a table row, a fact, a chart and a row of signature lines are never split;
//! - the same memo gives the same bytes: the PDF's dates are the memo's date, font
//!   names are fixed, and the file identifier is a hash of the content (printpdf would
//!   otherwise use a process-wide counter).
//!
//! Floating point is used for coordinates only; every figure arrives as text.

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, Line, LineDashPattern, LinePoint, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem,
    WindingOrder,
};
use rust_decimal::prelude::ToPrimitive;
use sha2::{Digest, Sha256};

use super::compose::long_date;
use super::document::{list_letter, Align, Block, Fact, Memo, Paper, Signer, Table};
use crate::tco::chart::{ChartSpec, Marker};
use crate::{Error, Result};

const REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Bold.ttf");

/// One inch all round, as council packets are bound and stamped.
/// Width and height of the sheet in PDF points (1/72 in).
fn page_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::Letter => (612.0, 792.0),
        Paper::Legal => (612.0, 1008.0),
        Paper::A4 => (595.28, 841.89),
    }
}

const MARGIN: f32 = 72.0;
const BOTTOM: f32 = MARGIN;

const BODY: f32 = 10.5;
const SMALL: f32 = 9.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.35;
const CELL_PAD: f32 = 4.0;
const FACT_LABEL_W: f32 = 132.0;
const LIST_INDENT: f32 = 20.0;
/// Facts blocks this short are never split across pages.
const KEEP_FACTS_TOGETHER: usize = 6;

/// Renders the memo to PDF bytes.
pub fn to_pdf(memo: &Memo) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let (page_w, page_h) = page_size(memo.paper);
    let mut writer = Writer::new(fonts, page_w, page_h);
    writer.header(memo);
    for (index, block) in memo.blocks.iter().enumerate() {
        writer.block(block, memo.blocks.get(index + 1));
    }
    let pages = writer.finish(memo);

    let mut doc = PdfDocument::new(&memo.title);
    // Fixed ids instead of `add_font`'s counter, so the bytes do not depend on how many
    // documents this process made before.
    for (id, face) in [("F1", &fonts.regular), ("F2", &fonts.bold)] {
        doc.resources.fonts.map.insert(
            FontId(id.to_owned()),
            printpdf::PdfFont::new(face.parsed.clone()),
        );
    }
    let date = printpdf::date::DateTime {
        date: printpdf::date::Date {
            year: memo
                .header
                .date
                .format("%Y")
                .to_string()
                .parse()
                .unwrap_or(2000),
            month: memo
                .header
                .date
                .format("%m")
                .to_string()
                .parse()
                .unwrap_or(1),
            day: memo
                .header
                .date
                .format("%d")
                .to_string()
                .parse()
                .unwrap_or(1),
        },
        // Noon UTC keeps the memo's calendar date in every reader's time zone.
        time: printpdf::date::Time {
            hour: 12,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::date::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    };
    let info = &mut doc.metadata.info;
    info.document_title = memo.title.clone();
    info.author = memo.author.clone();
    info.subject = memo.header.subject.clone();
    info.creator = "CoopDesk".to_owned();
    info.producer = "CoopDesk (printpdf)".to_owned();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    let pages: Vec<PdfPage> = pages
        .into_iter()
        .map(|ops| {
            PdfPage::new(
                printpdf::Mm::from(Pt(page_w)),
                printpdf::Mm::from(Pt(page_h)),
                ops,
            )
        })
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pages).save(&options, &mut warnings);
    Ok(stable_file_id(bytes))
}

/// Replaces the trailer's two random 32-character identifiers with ones derived from
/// the content, in place (same length, so no offset moves).
fn stable_file_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(start) = find_last(&bytes, b"/ID") else {
        return bytes;
    };
    let digest = Sha256::digest(&bytes[..start]);
    let hex: Vec<u8> = digest
        .iter()
        .flat_map(|b| format!("{b:02x}").into_bytes())
        .take(32)
        .collect();
    let mut at = start;
    for _ in 0..2 {
        let Some(open) = bytes[at..].iter().position(|b| *b == b'(').map(|p| p + at) else {
            break;
        };
        let Some(close) = bytes[open..]
            .iter()
            .position(|b| *b == b')')
            .map(|p| p + open)
        else {
            break;
        };
        if close - open - 1 == hex.len() {
            bytes[open + 1..close].copy_from_slice(&hex);
        }
        at = close + 1;
    }
    bytes
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// A font and what is needed to measure text in it.
struct Face {
    parsed: ParsedFont,
    handle: PdfFontHandle,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &[u8], id: &str) -> Result<Face> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| Error::Damaged(format!("the embedded font {id} could not be read")))?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        Ok(Face {
            parsed,
            handle: PdfFontHandle::External(FontId(id.to_owned())),
            units_per_em,
        })
    }

    /// The width of `text` at `size`, from the font's advances.
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                u32::from(self.parsed.get_horizontal_advance(glyph))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }
}

struct Fonts {
    regular: Face,
    bold: Face,
}

/// Parsing the fonts takes longer than laying out a memo, so it is done once.
fn fonts() -> Result<&'static Fonts> {
    static FONTS: OnceLock<std::result::Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: Face::load(REGULAR_TTF, "F1").map_err(|e| e.to_string())?,
                bold: Face::load(BOLD_TTF, "F2").map_err(|e| e.to_string())?,
            })
        })
        .as_ref()
        .map_err(|message| Error::Damaged(message.clone()))
}

/// Breaks `text` into lines no wider than `width`: at spaces, at line breaks, and
/// inside a word only when the word alone is wider than the line.
fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if face.width(word, size) <= width {
                line = word.to_owned();
            } else {
                for c in word.chars() {
                    let mut longer = line.clone();
                    longer.push(c);
                    if !line.is_empty() && face.width(&longer, size) > width {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = longer;
                    }
                }
            }
        }
        lines.push(line);
    }
    lines
}

fn line_height(size: f32) -> f32 {
    size * LEADING
}

/// Lays blocks out page by page.
struct Writer {
    fonts: &'static Fonts,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// The top of the free space on the current page, from the page's bottom edge.
    y: f32,
    /// The width between the margins.
    content_w: f32,
    /// The top margin's edge, from the page's bottom edge.
    top: f32,
}

impl Writer {
    fn new(fonts: &'static Fonts, page_w: f32, page_h: f32) -> Writer {
        Writer {
            fonts,
            pages: Vec::new(),
            ops: Vec::new(),
            y: page_h - MARGIN,
            content_w: page_w - 2.0 * MARGIN,
            top: page_h - MARGIN,
        }
    }

    fn face(&self, bold: bool) -> &'static Face {
        if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        }
    }

    fn at_top(&self) -> bool {
        self.y >= self.top - 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = self.top;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn space(&mut self, points: f32) {
        if !self.at_top() {
            self.y -= points;
        }
    }

    /// Draws one line of text with its baseline at `baseline`.
    fn text(&mut self, x: f32, baseline: f32, text: &str, bold: bool, size: f32) {
        if text.is_empty() {
            return;
        }
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: self.face(bold).handle.clone(),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// One line of text whose top is at the cursor; moves the cursor below it.
    fn text_line(&mut self, x: f32, text: &str, bold: bool, size: f32) {
        let baseline = self.y - size;
        self.text(x, baseline, text, bold, size);
        self.y -= line_height(size);
    }

    fn grey(&mut self, level: f32) {
        self.ops.push(Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale {
                percent: level,
                icc_profile: None,
            }),
        });
    }

    fn fill_grey(&mut self, level: f32) {
        self.ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale {
                percent: level,
                icc_profile: None,
            }),
        });
    }

    fn stroke(&mut self, points: &[(f32, f32)], width: f32, dash: &[f32]) {
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, dash),
            },
            Op::DrawLine {
                line: Line {
                    points: line_points(points),
                    is_closed: false,
                },
            },
        ]);
    }

    fn rule(&mut self, y: f32, width: f32, level: f32) {
        self.grey(level);
        self.stroke(&[(MARGIN, y), (MARGIN + self.content_w, y)], width, &[]);
        self.grey(0.0);
    }

    fn shape(&mut self, points: &[(f32, f32)], mode: PaintMode) {
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: line_points(points),
                }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    fn header(&mut self, memo: &Memo) {
        let header = &memo.header;
        self.text_line(MARGIN, &header.jurisdiction, true, 16.0);
        self.text_line(MARGIN, "STAFF REPORT", true, 11.0);
        self.y -= 8.0;
        let date = long_date(header.date);
        let facts: Vec<Fact> = [
            ("To", header.to.as_str()),
            ("From", header.from.as_str()),
            ("Date", date.as_str()),
            ("Subject", header.subject.as_str()),
            ("Agenda item", header.agenda_item.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| Fact::new(label, value))
        .collect();
        self.facts(&facts, 84.0);
        self.y -= 4.0;
        let y = self.y;
        self.rule(y, 1.2, 0.0);
        self.y -= 6.0;
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Heading { level, text } => {
                let size = if *level <= 1 { 13.0 } else { 11.0 };
                let lines = wrap(self.face(true), text, size, self.content_w);
                let own = lines.len() as f32 * line_height(size);
                self.space(if *level <= 1 { 14.0 } else { 8.0 });
                self.ensure(own + 4.0 + next.map_or(0.0, |b| self.first_part_height(b)));
                for line in &lines {
                    self.text_line(MARGIN, line, true, size);
                }
                self.y -= 4.0;
            }
            Block::Paragraph { text } => {
                self.paragraph(MARGIN, self.content_w, text, false, BODY);
                self.y -= 6.0;
            }
            Block::List { ordered, items } => {
                for (index, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", list_letter(index))
                    } else {
                        "•".to_owned()
                    };
                    let lines = wrap(self.face(false), item, BODY, self.content_w - LIST_INDENT);
                    for (n, line) in lines.iter().enumerate() {
                        self.ensure(line_height(BODY));
                        if n == 0 {
                            let baseline = self.y - BODY;
                            self.text(MARGIN + 4.0, baseline, &marker, false, BODY);
                        }
                        self.text_line(MARGIN + LIST_INDENT, line, false, BODY);
                    }
                    self.y -= 3.0;
                }
                self.y -= 3.0;
            }
            Block::Facts { facts } => {
                self.facts(facts, FACT_LABEL_W);
                self.y -= 6.0;
            }
            Block::Table(table) => {
                self.table(table);
                self.y -= 8.0;
            }
            Block::Chart { spec } => {
                self.space(6.0);
                self.ensure(chart_height(spec));
                self.chart(spec);
                self.y -= 8.0;
            }
            Block::Signatures { signers } => self.signatures(signers),
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
        }
    }

    /// How much of `block` must share a page with the heading above it.
    fn first_part_height(&self, block: &Block) -> f32 {
        match block {
            Block::Paragraph { text } => {
                let lines = wrap(self.face(false), text, BODY, self.content_w)
                    .len()
                    .min(2);
                lines as f32 * line_height(BODY)
            }
            Block::List { items, .. } => items.first().map_or(0.0, |item| {
                wrap(self.face(false), item, BODY, self.content_w - LIST_INDENT).len() as f32
                    * line_height(BODY)
            }),
            Block::Facts { facts } => self.facts_first_part(facts),
            Block::Table(table) => {
                let layout = self.table_layout(table);
                layout.caption_height
                    + layout.header_height
                    + layout.row_heights.first().copied().unwrap_or(0.0)
            }
            Block::Chart { spec } => chart_height(spec),
            Block::Signatures { .. } => SIGNATURE_H,
            Block::Heading { .. } | Block::PageBreak => 0.0,
        }
    }

    fn paragraph(&mut self, x: f32, width: f32, text: &str, bold: bool, size: f32) {
        for line in wrap(self.face(bold), text, size, width) {
            self.ensure(line_height(size));
            self.text_line(x, &line, bold, size);
        }
    }

    fn fact_height(&self, fact: &Fact, label_w: f32) -> f32 {
        let label = wrap(self.face(true), &fact.label, BODY, label_w - 8.0).len();
        let value = wrap(
            self.face(false),
            &fact.value,
            BODY,
            self.content_w - label_w,
        )
        .len();
        label.max(value) as f32 * line_height(BODY) + 2.0
    }

    /// A short list of facts (a fiscal-impact box) stays in one piece; a long one may
    /// break between facts.
    fn facts_first_part(&self, facts: &[Fact]) -> f32 {
        let heights = facts
            .iter()
            .map(|fact| self.fact_height(fact, FACT_LABEL_W));
        if facts.len() <= KEEP_FACTS_TOGETHER {
            heights.sum()
        } else {
            heights.take(1).sum()
        }
    }

    fn facts(&mut self, facts: &[Fact], label_w: f32) {
        if facts.len() <= KEEP_FACTS_TOGETHER {
            let total: f32 = facts
                .iter()
                .map(|fact| self.fact_height(fact, label_w))
                .sum();
            self.ensure(total);
        }
        for fact in facts {
            self.ensure(self.fact_height(fact, label_w));
            let top = self.y;
            self.paragraph(MARGIN, label_w - 8.0, &fact.label, true, BODY);
            let after_label = self.y;
            self.y = top;
            self.paragraph(
                MARGIN + label_w,
                self.content_w - label_w,
                &fact.value,
                false,
                BODY,
            );
            self.y = self.y.min(after_label) - 2.0;
        }
    }

    fn table_layout(&self, table: &Table) -> TableLayout {
        let regular = self.face(false);
        let bold = self.face(true);
        let columns = table.columns.len().max(1);
        // Each column needs its longest word; it would like its longest line.
        let mut least = vec![0.0_f32; columns];
        let mut wanted = vec![0.0_f32; columns];
        for (index, column) in table.columns.iter().enumerate() {
            for word in column.heading.split(' ') {
                least[index] = least[index].max(bold.width(word, SMALL));
            }
            wanted[index] = bold.width(&column.heading, SMALL);
        }
        for row in &table.rows {
            for (index, cell) in row.iter().enumerate().take(columns) {
                let face = if table.total_row { bold } else { regular };
                for word in cell.split(' ') {
                    least[index] = least[index].max(face.width(word, SMALL));
                }
                wanted[index] = wanted[index].max(face.width(cell, SMALL));
            }
        }
        let pad = 2.0 * CELL_PAD;
        let least: Vec<f32> = least.iter().map(|w| w + pad).collect();
        let wanted: Vec<f32> = wanted
            .iter()
            .zip(&least)
            .map(|(w, l)| (w + pad).max(*l))
            .collect();
        let least_sum: f32 = least.iter().sum();
        let wanted_sum: f32 = wanted.iter().sum();
        let widths: Vec<f32> = if wanted_sum <= self.content_w {
            // Room to spare goes to the text columns, so figures stay beside their labels.
            let text_columns: Vec<usize> = (0..columns)
                .filter(|i| {
                    table
                        .columns
                        .get(*i)
                        .is_some_and(|c| c.align == Align::Left)
                })
                .collect();
            let share = (self.content_w - wanted_sum) / text_columns.len().max(1) as f32;
            wanted
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    if text_columns.contains(&i) || text_columns.is_empty() {
                        w + share
                    } else {
                        *w
                    }
                })
                .collect()
        } else if least_sum >= self.content_w {
            least
                .iter()
                .map(|w| w * self.content_w / least_sum)
                .collect()
        } else {
            // Water-filling: columns that need little (names, dates, figures) get all they
            // want first; what is left is shared by the columns of long text, which wrap.
            let mut widths = least.clone();
            let mut spare = self.content_w - least_sum;
            let mut order: Vec<usize> = (0..columns).collect();
            order.sort_by(|a, b| (wanted[*a] - least[*a]).total_cmp(&(wanted[*b] - least[*b])));
            for (done, index) in order.iter().enumerate() {
                let share = spare / (columns - done) as f32;
                let give = (wanted[*index] - least[*index]).min(share);
                widths[*index] += give;
                spare -= give;
            }
            widths
        };
        let cell_lines = |text: &str, bold_text: bool, width: f32| {
            wrap(self.face(bold_text), text, SMALL, width - pad)
                .len()
                .max(1)
        };
        let header_lines = table
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell_lines(&c.heading, true, *w))
            .max()
            .unwrap_or(1);
        let row_heights = table
            .rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                let bold_row = table.total_row && index + 1 == table.rows.len();
                let lines = row
                    .iter()
                    .zip(&widths)
                    .map(|(cell, w)| cell_lines(cell, bold_row, *w))
                    .max()
                    .unwrap_or(1);
                lines as f32 * line_height(SMALL) + 2.0 * 3.0
            })
            .collect();
        let caption_height = if table.caption.is_empty() {
            0.0
        } else {
            wrap(self.face(false), &table.caption, SMALL, self.content_w).len() as f32
                * line_height(SMALL)
                + 2.0
        };
        TableLayout {
            widths,
            caption_height,
            header_height: header_lines as f32 * line_height(SMALL) + 6.0,
            row_heights,
        }
    }

    fn table(&mut self, table: &Table) {
        let layout = self.table_layout(table);
        let first_row = layout.row_heights.first().copied().unwrap_or(0.0);
        self.ensure(layout.caption_height + layout.header_height + first_row);
        if !table.caption.is_empty() {
            self.fill_grey(0.25);
            self.paragraph(MARGIN, self.content_w, &table.caption, false, SMALL);
            self.fill_grey(0.0);
            self.y -= 2.0;
        }
        self.table_header(table, &layout);
        for (index, row) in table.rows.iter().enumerate() {
            let height = layout.row_heights[index];
            if self.y - height < BOTTOM {
                self.new_page();
                self.table_header(table, &layout);
            }
            let bold_row = table.total_row && index + 1 == table.rows.len();
            if bold_row {
                let y = self.y;
                self.rule(y, 0.8, 0.0);
            }
            self.cells(row, table, &layout, bold_row, height);
            if !bold_row && index + 1 < table.rows.len() {
                let y = self.y;
                self.rule(y, 0.3, 0.6);
            }
        }
        let y = self.y;
        self.rule(y, 0.8, 0.0);
    }

    fn table_header(&mut self, table: &Table, layout: &TableLayout) {
        let headings: Vec<String> = table.columns.iter().map(|c| c.heading.clone()).collect();
        let y = self.y;
        self.rule(y, 0.8, 0.0);
        self.cells(&headings, table, layout, true, layout.header_height);
        let y = self.y;
        self.rule(y, 0.8, 0.0);
    }

    fn cells(
        &mut self,
        row: &[String],
        table: &Table,
        layout: &TableLayout,
        bold: bool,
        height: f32,
    ) {
        let top = self.y - 3.0;
        let mut x = MARGIN;
        for ((cell, column), width) in row.iter().zip(&table.columns).zip(&layout.widths) {
            let inner = width - 2.0 * CELL_PAD;
            for (n, line) in wrap(self.face(bold), cell, SMALL, inner).iter().enumerate() {
                let baseline = top - SMALL - n as f32 * line_height(SMALL) + 0.5;
                let left = match column.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + width - CELL_PAD - self.face(bold).width(line, SMALL),
                };
                self.text(left, baseline, line, bold, SMALL);
            }
            x += width;
        }
        self.y -= height;
    }

    fn chart(&mut self, spec: &ChartSpec) {
        const AXIS_LABEL_W: f32 = 58.0;
        const PLOT_H: f32 = 190.0;
        let top = self.y;
        self.text_line(MARGIN, &spec.title, true, BODY);
        // The y axis is named on its own line above the plot rather than in rotated
        // text, which some PDF readers extract backwards.
        self.y -= 2.0;
        self.text_line(MARGIN, &spec.y_axis.label, false, 8.0);
        let plot_top = self.y - 6.0;
        let plot_bottom = plot_top - PLOT_H;
        let left = MARGIN + AXIS_LABEL_W;
        let right = MARGIN + self.content_w - 8.0;
        let ends = |ticks: &[crate::tco::chart::Tick]| {
            let first = ticks.first().map_or(0.0, |t| to_f32(t.value));
            let last = ticks.last().map_or(1.0, |t| to_f32(t.value));
            (first, if last > first { last } else { first + 1.0 })
        };
        let (x0, x1) = ends(&spec.x_axis.ticks);
        let (y0, y1) = ends(&spec.y_axis.ticks);
        let px = |v: f32| left + (v - x0) / (x1 - x0) * (right - left);
        let py = |v: f32| plot_bottom + (v - y0) / (y1 - y0) * PLOT_H;

        for tick in &spec.y_axis.ticks {
            let y = py(to_f32(tick.value));
            self.grey(0.75);
            self.stroke(&[(left, y), (right, y)], 0.4, &[]);
            self.grey(0.0);
            let w = self.face(false).width(&tick.label, 8.0);
            self.text(left - 5.0 - w, y - 2.8, &tick.label, false, 8.0);
        }
        for tick in &spec.x_axis.ticks {
            let x = px(to_f32(tick.value));
            self.stroke(&[(x, plot_bottom), (x, plot_bottom - 4.0)], 0.8, &[]);
            let w = self.face(false).width(&tick.label, 8.0);
            self.text(x - w / 2.0, plot_bottom - 13.0, &tick.label, false, 8.0);
        }
        self.stroke(
            &[(left, plot_top), (left, plot_bottom), (right, plot_bottom)],
            0.8,
            &[],
        );
        let label_w = self.face(false).width(&spec.x_axis.label, 8.5);
        self.text(
            (left + right - label_w) / 2.0,
            plot_bottom - 26.0,
            &spec.x_axis.label,
            false,
            8.5,
        );

        let show_markers = spec.series.first().is_some_and(|s| s.points.len() <= 16);
        let mut legend_y = plot_bottom - 44.0;
        for series in &spec.series {
            let dash: Vec<f32> = series.dash.iter().map(|d| *d as f32 * 0.75).collect();
            let points: Vec<(f32, f32)> = series
                .points
                .iter()
                .map(|p| (px(p.year as f32), py(to_f32(p.value))))
                .collect();
            if points.len() > 1 {
                self.stroke(&points, 1.3, &dash);
            }
            if show_markers {
                for (x, y) in &points {
                    self.marker(series.marker, *x, *y);
                }
            }
            self.stroke(
                &[(left, legend_y + 3.0), (left + 30.0, legend_y + 3.0)],
                1.3,
                &dash,
            );
            self.marker(series.marker, left + 15.0, legend_y + 3.0);
            let name = fit(self.face(false), &series.name, 9.0, right - left - 40.0);
            self.text(left + 38.0, legend_y, &name, false, 9.0);
            legend_y -= LEGEND_ROW;
        }
        self.y = top - chart_height(spec);
    }

    fn marker(&mut self, shape: Marker, x: f32, y: f32) {
        self.stroke(&[], 0.8, &[]);
        let r = 2.6;
        let (points, mode): (Vec<(f32, f32)>, PaintMode) = match shape {
            Marker::Circle => (
                (0..12)
                    .map(|i| {
                        let a = i as f32 * std::f32::consts::TAU / 12.0;
                        (x + r * a.cos(), y + r * a.sin())
                    })
                    .collect(),
                PaintMode::Fill,
            ),
            Marker::Square => (
                vec![
                    (x - r, y - r),
                    (x + r, y - r),
                    (x + r, y + r),
                    (x - r, y + r),
                ],
                PaintMode::FillStroke,
            ),
            Marker::Triangle => (
                vec![
                    (x, y + r + 0.8),
                    (x + r + 0.4, y - r + 0.6),
                    (x - r - 0.4, y - r + 0.6),
                ],
                PaintMode::Fill,
            ),
            Marker::Diamond => (
                vec![
                    (x, y + r + 0.6),
                    (x + r + 0.6, y),
                    (x, y - r - 0.6),
                    (x - r - 0.6, y),
                ],
                PaintMode::FillStroke,
            ),
            Marker::Cross => {
                self.stroke(&[(x - r, y - r), (x + r, y + r)], 1.1, &[]);
                self.stroke(&[(x - r, y + r), (x + r, y - r)], 1.1, &[]);
                return;
            }
        };
        // Open shapes are white inside so they read differently from filled ones.
        if mode == PaintMode::FillStroke {
            self.fill_grey(1.0);
        }
        self.shape(&points, mode);
        self.fill_grey(0.0);
    }

    fn signatures(&mut self, signers: &[Signer]) {
        let column_w = (self.content_w - 36.0) / 2.0;
        for pair in signers.chunks(2) {
            self.ensure(SIGNATURE_H);
            let top = self.y;
            for (index, signer) in pair.iter().enumerate() {
                let x = MARGIN + index as f32 * (column_w + 36.0);
                self.y = top;
                self.text_line(x, &signer.role, true, SMALL);
                self.y -= 30.0;
                let line_y = self.y;
                self.stroke(&[(x, line_y), (x + column_w - 70.0, line_y)], 0.6, &[]);
                self.stroke(
                    &[(x + column_w - 60.0, line_y), (x + column_w, line_y)],
                    0.6,
                    &[],
                );
                self.y -= 3.0;
                let below = self.y;
                self.text_line(
                    x,
                    &fit(self.face(false), &signer.name, SMALL, column_w - 70.0),
                    false,
                    SMALL,
                );
                self.text(x + column_w - 60.0, below - SMALL, "Date", false, SMALL);
                self.text_line(
                    x,
                    &fit(self.face(false), &signer.title, SMALL, column_w - 70.0),
                    false,
                    SMALL,
                );
            }
            self.y = top - SIGNATURE_H;
        }
    }

    /// Closes the last page and adds the footers, now that the page count is known.
    fn finish(mut self, memo: &Memo) -> Vec<Vec<Op>> {
        self.new_page();
        let count = self.pages.len();
        let left = if memo.header.jurisdiction.is_empty() {
            memo.header.subject.clone()
        } else {
            format!("{} · {}", memo.header.jurisdiction, memo.header.subject)
        };
        let left = fit(self.face(false), &left, 8.0, self.content_w - 80.0);
        let mut pages = std::mem::take(&mut self.pages);
        for (index, page) in pages.iter_mut().enumerate() {
            self.ops = std::mem::take(page);
            let footer = format!("Page {} of {count}", index + 1);
            let width = self.face(false).width(&footer, 8.0);
            self.fill_grey(0.3);
            self.text(MARGIN, BOTTOM - 30.0, &left, false, 8.0);
            self.text(
                MARGIN + self.content_w - width,
                BOTTOM - 30.0,
                &footer,
                false,
                8.0,
            );
            self.fill_grey(0.0);
            *page = std::mem::take(&mut self.ops);
        }
        pages
    }
}

struct TableLayout {
    widths: Vec<f32>,
    caption_height: f32,
    header_height: f32,
    row_heights: Vec<f32>,
}

const SIGNATURE_H: f32 = 80.0;
const LEGEND_ROW: f32 = 13.0;

fn chart_height(spec: &ChartSpec) -> f32 {
    line_height(BODY)
        + 2.0
        + line_height(8.0)
        + 6.0
        + 190.0
        + 44.0
        + spec.series.len() as f32 * LEGEND_ROW
}

/// The text, cut with an ellipsis if it is wider than `width`.
fn fit(face: &Face, text: &str, size: f32, width: f32) -> String {
    if face.width(text, size) <= width {
        return text.to_owned();
    }
    let mut short: String = text.to_owned();
    while !short.is_empty() && face.width(&format!("{short}…"), size) > width {
        short.pop();
    }
    format!("{}…", short.trim_end())
}

/// Drawing coordinates only: money never passes through here on its way to a figure.
fn to_f32(value: rust_decimal::Decimal) -> f32 {
    value.to_f32().unwrap_or(0.0)
}

/// Straight-line path points (no curves) in PDF points, for lines and filled shapes.
fn line_points(points: &[(f32, f32)]) -> Vec<LinePoint> {
    points
        .iter()
        .map(|&(x, y)| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_the_width_and_keep_every_word() {
        let fonts = fonts().unwrap();
        let text = "Automobiles, SUVs, Vans, and Light Trucks with Related Equipment and \
                    Accessories from 72 Hour LLC dba National Auto Fleet Group in Peñasco";
        let lines = wrap(&fonts.regular, text, BODY, 160.0);
        assert!(lines.len() > 3, "a long title wraps");
        for line in &lines {
            assert!(
                fonts.regular.width(line, BODY) <= 160.0,
                "{line:?} is too wide"
            );
        }
        assert_eq!(lines.join(" "), text, "wrapping loses no word");
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_rather_than_overflowing() {
        let fonts = fonts().unwrap();
        let lines = wrap(&fonts.regular, &"W".repeat(60), BODY, 100.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| fonts.regular.width(l, BODY) <= 100.0));
        assert_eq!(lines.concat(), "W".repeat(60));
    }

    #[test]
    fn bold_text_is_measured_wider_than_regular() {
        let fonts = fonts().unwrap();
        assert!(fonts.bold.width("Total cost", BODY) > fonts.regular.width("Total cost", BODY));
        assert!(
            fonts.regular.width("ñ", BODY) > 0.0,
            "accented letters have widths"
        );
    }

    #[test]
    fn motions_are_lettered_past_z_in_print() {
        assert_eq!(list_letter(0), "a");
        assert_eq!(list_letter(25), "z");
        assert_eq!(list_letter(26), "aa");
    }
}
