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

use std::collections::BTreeMap;

use printpdf::{
    Color, DictItem, FontId, Greyscale, Line, LineDashPattern, LinePoint, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing,
    Pt, TextItem, WindingOrder, XObjectId, XObjectTransform,
};
use rust_decimal::prelude::ToPrimitive;

use super::document::{list_letter, Align, Block, Fact, Memo, Table};
use super::tagged::{self, Attribute, Bookmark, Element, Kid};
use crate::settings::{Logo, Paper, Signer};
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

/// Renders the memo to PDF bytes: tagged (PDF/UA-1), identified as PDF/A-2b.
pub fn to_pdf(memo: &Memo) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let (page_w, page_h) = page_size(memo.paper);
    let mut writer = Writer::new(fonts, page_w, page_h);
    writer.header(memo);
    for (index, block) in memo.blocks.iter().enumerate() {
        writer.block(block, memo.blocks.get(index + 1));
    }
    let (pages, elements, bookmarks) = writer.finish(memo);

    let mut doc = PdfDocument::new(&memo.title);
    // Fixed resource names instead of `add_font`'s counter, so the bytes do not depend on
    // how many documents this process made before. (The subset tag in the font's name
    // is written by `tagged`.)
    for (id, face) in [("F1", &fonts.regular), ("F2", &fonts.bold)] {
        doc.resources.fonts.map.insert(
            FontId(id.to_owned()),
            printpdf::PdfFont::new(face.parsed.clone()),
        );
    }
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
    let mut lopdf_doc = doc
        .with_pages(pages)
        .to_lopdf_document(&options, &mut warnings);
    if let Some(logo) = &memo.header.logo {
        add_logo(&mut lopdf_doc, logo)?;
    }
    tagged::finish(&mut lopdf_doc, &elements, &bookmarks, memo);
    lopdf_doc.compress();
    let mut bytes = Vec::new();
    lopdf_doc
        .save_with_options(
            &mut bytes,
            lopdf::SaveOptions::builder()
                .use_object_streams(true)
                .use_xref_streams(true)
                .compression_level(6)
                .build(),
        )
        .map_err(|e| Error::Damaged(format!("the memo's PDF could not be written: {e}")))?;
    Ok(bytes)
}

/// The resource name of the logo's image.
const LOGO_ID: &str = "Logo";
/// The logo fits in this box (points), keeping its proportions.
const LOGO_MAX: (f32, f32) = (160.0, 44.0);

fn logo_size(logo: &Logo) -> (f32, f32) {
    let (w, h) = (logo.width_px.max(1) as f32, logo.height_px.max(1) as f32);
    let scale = (LOGO_MAX.0 / w).min(LOGO_MAX.1 / h);
    (w * scale, h * scale)
}

/// Adds the logo's image (and its soft mask, when it has transparency) to the XObject
/// resources every page shares.
fn add_logo(doc: &mut lopdf::Document, logo: &Logo) -> Result<()> {
    use lopdf::{Dictionary, Object, Stream};
    let image = logo.pdf_image()?;
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(i64::from(image.width))),
        ("Height", Object::Integer(i64::from(image.height))),
        (
            "ColorSpace",
            Object::Name(if image.gray {
                b"DeviceGray".to_vec()
            } else {
                b"DeviceRGB".to_vec()
            }),
        ),
        ("BitsPerComponent", Object::Integer(8)),
    ]);
    if let Some(alpha) = image.alpha {
        let mask = Stream::new(
            Dictionary::from_iter([
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Image".to_vec())),
                ("Width", Object::Integer(i64::from(image.width))),
                ("Height", Object::Integer(i64::from(image.height))),
                ("ColorSpace", Object::Name(b"DeviceGray".to_vec())),
                ("BitsPerComponent", Object::Integer(8)),
            ]),
            alpha,
        );
        dict.set("SMask", Object::Reference(doc.add_object(mask)));
    }
    let mut stream = Stream::new(dict, image.samples);
    if image.jpeg {
        stream
            .dict
            .set("Filter", Object::Name(b"DCTDecode".to_vec()));
        stream.allows_compression = false;
    }
    let image_id = doc.add_object(stream);
    let resources: Vec<lopdf::ObjectId> = doc
        .get_pages()
        .values()
        .filter_map(|page| doc.get_dictionary(*page).ok())
        .filter_map(|page| page.get(b"Resources").and_then(Object::as_reference).ok())
        .filter_map(|resources| doc.get_dictionary(resources).ok())
        .filter_map(|resources| {
            resources
                .get(b"XObject")
                .and_then(Object::as_reference)
                .ok()
        })
        .collect();
    for id in resources {
        if let Ok(Object::Dictionary(xobjects)) = doc.get_object_mut(id) {
            xobjects.set(LOGO_ID, Object::Reference(image_id));
        }
    }
    Ok(())
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

/// The width in points of `text` at `size` in the memo's font, regular or bold: what the
/// Word file sizes its table columns by (Liberation Sans has Arial's metrics).
pub(super) fn text_width(text: &str, bold: bool, size: f32) -> Result<f32> {
    let fonts = fonts()?;
    let face = if bold { &fonts.bold } else { &fonts.regular };
    Ok(face.width(text, size))
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

/// Line `n` of wrapped text, with a space after it unless it is the last: the word
/// break the wrapping turned into a line end stays in the text that is copied, searched
/// and read aloud (the space is past the line's end, so nothing moves).
fn spaced(lines: &[String], n: usize) -> String {
    match lines.get(n) {
        Some(line) if n + 1 < lines.len() => format!("{line} "),
        Some(line) => line.clone(),
        None => String::new(),
    }
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
    /// The structure tree; element 0 is the `Document`.
    elements: Vec<Element>,
    /// The open structure elements, innermost last.
    open: Vec<usize>,
    /// The element whose marked-content sequence is open on this page, if any.
    marking: Option<usize>,
    /// The next marked-content id on this page.
    next_mcid: i64,
    /// Drawing an artifact: content belongs to no element.
    in_artifact: bool,
    bookmarks: Vec<Bookmark>,
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
            elements: vec![Element {
                role: "Document",
                kids: Vec::new(),
                alt: None,
                attribute: None,
            }],
            open: vec![0],
            marking: None,
            next_mcid: 0,
            in_artifact: false,
            bookmarks: Vec::new(),
        }
    }

    /// Opens a structure element inside the innermost open one.
    fn begin(&mut self, role: &'static str) -> usize {
        let index = self.elements.len();
        self.elements.push(Element {
            role,
            kids: Vec::new(),
            alt: None,
            attribute: None,
        });
        let parent = self.open.last().copied().unwrap_or(0);
        self.elements[parent].kids.push(Kid::Element(index));
        self.open.push(index);
        index
    }

    fn end(&mut self) {
        if let Some(index) = self.open.pop() {
            if self.marking == Some(index) {
                self.end_marking();
            }
        }
    }

    /// A whole element holding one run of content: `begin`, draw, `end`.
    fn leaf(&mut self, role: &'static str, draw: impl FnOnce(&mut Self)) {
        self.begin(role);
        draw(self);
        self.end();
    }

    /// Makes sure what is drawn next is inside a marked-content sequence of the
    /// innermost open element (or of the artifact being drawn).
    fn mark(&mut self) {
        if self.in_artifact {
            return;
        }
        let element = self.open.last().copied().unwrap_or(0);
        if self.marking == Some(element) {
            return;
        }
        self.end_marking();
        let mcid = self.next_mcid;
        self.next_mcid += 1;
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: self.elements[element].role.to_owned(),
            properties: DictItem::Dict {
                map: BTreeMap::from([("MCID".to_owned(), DictItem::Int(mcid))]),
            },
        });
        self.elements[element].kids.push(Kid::Content {
            page: self.pages.len(),
            mcid,
        });
        self.marking = Some(element);
    }

    fn end_marking(&mut self) {
        if self.marking.take().is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    /// Starts drawing something that is not content: a rule, a running footer, a
    /// repeated table header. `kind` is its artifact type (`Layout`, `Pagination`).
    fn begin_artifact(&mut self, kind: &str, subtype: Option<&str>) {
        self.end_marking();
        let mut map = BTreeMap::from([("Type".to_owned(), DictItem::Name(kind.into()))]);
        if let Some(subtype) = subtype {
            map.insert("Subtype".to_owned(), DictItem::Name(subtype.into()));
        }
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_owned(),
            properties: DictItem::Dict { map },
        });
        self.in_artifact = true;
    }

    fn end_artifact(&mut self) {
        self.ops.push(Op::EndMarkedContent);
        self.in_artifact = false;
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
        // A marked-content sequence never crosses a page: the element continues in a
        // new one on the next page.
        self.end_marking();
        self.pages.push(std::mem::take(&mut self.ops));
        self.next_mcid = 0;
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
        self.mark();
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
        if !points.is_empty() {
            self.mark();
        }
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

    /// A horizontal rule: layout, not content.
    fn rule(&mut self, y: f32, width: f32, level: f32) {
        let nested = self.in_artifact;
        if !nested {
            self.begin_artifact("Layout", None);
        }
        self.grey(level);
        self.stroke(&[(MARGIN, y), (MARGIN + self.content_w, y)], width, &[]);
        self.grey(0.0);
        if !nested {
            self.end_artifact();
        }
    }

    fn shape(&mut self, points: &[(f32, f32)], mode: PaintMode) {
        self.mark();
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
        if let Some(logo) = &header.logo {
            self.logo(logo, &header.jurisdiction);
        }
        // The title: the one H1, above the sections' H2s.
        self.leaf("H1", |w| {
            // The space keeps the two lines two words for a screen reader.
            w.text_line(MARGIN, &format!("{} ", header.jurisdiction), true, 16.0);
            w.text_line(MARGIN, "STAFF REPORT", true, 11.0);
        });
        self.y -= 8.0;
        let facts = header.facts();
        self.facts(&facts, 84.0);
        self.y -= 4.0;
        let y = self.y;
        self.rule(y, 1.2, 0.0);
        self.y -= 6.0;
    }

    /// The logo at the header's top right, no taller than the title's two lines, as a
    /// figure with its alternative text (the image itself is added by [`add_logo`]).
    fn logo(&mut self, logo: &Logo, jurisdiction: &str) {
        let (w, h) = logo_size(logo);
        let x = MARGIN + self.content_w - w;
        let bottom = self.y - h;
        let figure = self.begin("Figure");
        self.elements[figure].alt = Some(logo.alt_or(jurisdiction));
        self.elements[figure].attribute = Some(Attribute::BBox([x, bottom, x + w, self.y]));
        self.mark();
        self.ops.push(Op::UseXobject {
            id: XObjectId(LOGO_ID.to_owned()),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(bottom)),
                scale_x: Some(w),
                scale_y: Some(h),
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        });
        self.end();
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Heading { level, text } => {
                let size = if *level <= 1 { 13.0 } else { 11.0 };
                let lines = wrap(self.face(true), text, size, self.content_w);
                let own = lines.len() as f32 * line_height(size);
                self.space(if *level <= 1 { 14.0 } else { 8.0 });
                self.ensure(own + 4.0 + next.map_or(0.0, |b| self.first_part_height(b)));
                if *level <= 1 {
                    self.bookmarks.push(Bookmark {
                        title: text.clone(),
                        page: self.pages.len(),
                        top: self.y + 4.0,
                    });
                }
                // Sections are H2 under the title's H1; subsections H3.
                self.leaf(if *level <= 1 { "H2" } else { "H3" }, |w| {
                    for n in 0..lines.len() {
                        w.text_line(MARGIN, &spaced(&lines, n), true, size);
                    }
                });
                self.y -= 4.0;
            }
            Block::Paragraph { text } => {
                self.leaf("P", |w| {
                    w.paragraph(MARGIN, w.content_w, text, false, BODY);
                });
                self.y -= 6.0;
            }
            Block::List { ordered, items } => {
                let list = self.begin("L");
                self.elements[list].attribute = Some(Attribute::ListNumbering(if *ordered {
                    "LowerAlpha"
                } else {
                    "Disc"
                }));
                for (index, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", list_letter(index))
                    } else {
                        "•".to_owned()
                    };
                    let lines = wrap(self.face(false), item, BODY, self.content_w - LIST_INDENT);
                    self.begin("LI");
                    for n in 0..lines.len() {
                        self.ensure(line_height(BODY));
                        if n == 0 {
                            let baseline = self.y - BODY;
                            self.leaf("Lbl", |w| {
                                w.text(MARGIN + 4.0, baseline, &marker, false, BODY);
                            });
                            self.begin("LBody");
                        }
                        self.text_line(MARGIN + LIST_INDENT, &spaced(&lines, n), false, BODY);
                    }
                    self.end(); // LBody
                    self.end(); // LI
                    self.y -= 3.0;
                }
                self.end();
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
            Block::Chart { spec, alt } => {
                self.space(6.0);
                self.ensure(chart_height(spec));
                let top = self.y;
                let figure = self.begin("Figure");
                self.chart(spec);
                self.elements[figure].alt = Some(if alt.trim().is_empty() {
                    spec.title.clone()
                } else {
                    alt.clone()
                });
                self.elements[figure].attribute = Some(Attribute::BBox([
                    MARGIN,
                    self.y,
                    MARGIN + self.content_w,
                    top,
                ]));
                self.end();
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
            Block::Chart { spec, .. } => chart_height(spec),
            Block::Signatures { .. } => SIGNATURE_H,
            Block::Heading { .. } | Block::PageBreak => 0.0,
        }
    }

    fn paragraph(&mut self, x: f32, width: f32, text: &str, bold: bool, size: f32) {
        let lines = wrap(self.face(bold), text, size, width);
        for n in 0..lines.len() {
            self.ensure(line_height(size));
            self.text_line(x, &spaced(&lines, n), bold, size);
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
        // Label and value pairs read as a table whose labels are row headers.
        self.begin("Table");
        for fact in facts {
            self.ensure(self.fact_height(fact, label_w));
            let top = self.y;
            self.begin("TR");
            let label = self.begin("TH");
            self.elements[label].attribute = Some(Attribute::Scope("Row"));
            self.paragraph(MARGIN, label_w - 8.0, &fact.label, true, BODY);
            self.end();
            let after_label = self.y;
            self.y = top;
            self.leaf("TD", |w| {
                w.paragraph(
                    MARGIN + label_w,
                    w.content_w - label_w,
                    &fact.value,
                    false,
                    BODY,
                );
            });
            self.end();
            self.y = self.y.min(after_label) - 2.0;
        }
        self.end();
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
        self.begin("Table");
        if !table.caption.is_empty() {
            self.fill_grey(0.25);
            self.leaf("Caption", |w| {
                w.paragraph(MARGIN, w.content_w, &table.caption, false, SMALL);
            });
            self.fill_grey(0.0);
            self.y -= 2.0;
        }
        self.table_header(table, &layout, false);
        self.begin("TBody");
        for (index, row) in table.rows.iter().enumerate() {
            let height = layout.row_heights[index];
            if self.y - height < BOTTOM {
                self.new_page();
                self.table_header(table, &layout, true);
            }
            let bold_row = table.total_row && index + 1 == table.rows.len();
            if bold_row {
                let y = self.y;
                self.rule(y, 0.8, 0.0);
            }
            self.begin("TR");
            self.cells(row, table, &layout, bold_row, height, Some("TD"));
            self.end();
            if !bold_row && index + 1 < table.rows.len() {
                let y = self.y;
                self.rule(y, 0.3, 0.6);
            }
        }
        self.end(); // TBody
        self.end(); // Table
        let y = self.y;
        self.rule(y, 0.8, 0.0);
    }

    /// The header row; repeated on a later page, it is an artifact of pagination (the
    /// structure has it once, in `THead`).
    fn table_header(&mut self, table: &Table, layout: &TableLayout, repeated: bool) {
        let headings: Vec<String> = table.columns.iter().map(|c| c.heading.clone()).collect();
        if repeated {
            self.begin_artifact("Pagination", None);
        } else {
            self.begin("THead");
            self.begin("TR");
        }
        let y = self.y;
        self.rule(y, 0.8, 0.0);
        let role = (!repeated).then_some("TH");
        self.cells(&headings, table, layout, true, layout.header_height, role);
        let y = self.y;
        self.rule(y, 0.8, 0.0);
        if repeated {
            self.end_artifact();
        } else {
            self.end(); // TR
            self.end(); // THead
        }
    }

    /// One row's cells, each a `role` element (`TH` cells scope their column); `None`
    /// inside an artifact.
    fn cells(
        &mut self,
        row: &[String],
        table: &Table,
        layout: &TableLayout,
        bold: bool,
        height: f32,
        role: Option<&'static str>,
    ) {
        let top = self.y - 3.0;
        let mut x = MARGIN;
        for ((cell, column), width) in row.iter().zip(&table.columns).zip(&layout.widths) {
            if let Some(role) = role {
                let element = self.begin(role);
                if role == "TH" {
                    self.elements[element].attribute = Some(Attribute::Scope("Column"));
                }
            }
            let inner = width - 2.0 * CELL_PAD;
            let lines = wrap(self.face(bold), cell, SMALL, inner);
            for (n, line) in lines.iter().enumerate() {
                let baseline = top - SMALL - n as f32 * line_height(SMALL) + 0.5;
                let left = match column.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + width - CELL_PAD - self.face(bold).width(line, SMALL),
                };
                self.text(left, baseline, &spaced(&lines, n), bold, SMALL);
            }
            if role.is_some() {
                self.end();
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
                // Read as: role, name, title, "Date"; the lines to sign on are layout.
                self.begin("Div");
                self.leaf("P", |w| w.text_line(x, &signer.role, true, SMALL));
                self.y -= 30.0;
                let line_y = self.y;
                self.begin_artifact("Layout", None);
                self.stroke(&[(x, line_y), (x + column_w - 70.0, line_y)], 0.6, &[]);
                self.stroke(
                    &[(x + column_w - 60.0, line_y), (x + column_w, line_y)],
                    0.6,
                    &[],
                );
                self.end_artifact();
                self.y -= 3.0;
                let below = self.y;
                let name = fit(self.face(false), &signer.name, SMALL, column_w - 70.0);
                self.leaf("P", |w| w.text_line(x, &name, false, SMALL));
                let title = fit(self.face(false), &signer.title, SMALL, column_w - 70.0);
                self.leaf("P", |w| w.text_line(x, &title, false, SMALL));
                self.leaf("P", |w| {
                    w.text(x + column_w - 60.0, below - SMALL, "Date", false, SMALL);
                });
                self.end();
            }
            self.y = top - SIGNATURE_H;
        }
    }

    /// Closes the last page and adds the footers, now that the page count is known.
    fn finish(mut self, memo: &Memo) -> (Vec<Vec<Op>>, Vec<Element>, Vec<Bookmark>) {
        while self.open.len() > 1 {
            self.end();
        }
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
            self.begin_artifact("Pagination", Some("Footer"));
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
            self.end_artifact();
            *page = std::mem::take(&mut self.ops);
        }
        (pages, self.elements, self.bookmarks)
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
