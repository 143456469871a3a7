//! The memo as a Word document (`.docx`), from the same [`Memo`] the preview and the PDF
//! print: the title and sections in Word's own heading styles (so the navigation pane
//! and a screen reader find them), real tables whose header row repeats on every page,
//! lettered motions and bulleted lists as Word numbering, the chart as a Word line chart
//! with its alternative text, the approval lines, and the PDF's paper, margins and
//! footer ("Page X of Y"). Everything stays editable.
//!
//! The WordprocessingML is written here rather than with a DOCX crate: docx-rs (0.4.22)
//! writes no alternative text on a drawing, cannot mark a table row as a repeating
//! header, and cannot set the document's title — three things this file must have.
//! Every piece of text goes through [`esc`]; nothing the clerk typed becomes markup.
//! The same memo gives the same bytes (the zip's timestamps are the memo's date).

use std::fmt::Write as _;
use std::io::Write as _;

use zip::write::SimpleFileOptions;

use super::document::{Align, Block, Fact, Memo, Table};
use super::tagged::LANGUAGE;
use crate::settings::{Paper, Signer};
use crate::tco::chart::{ChartSpec, Marker};
use crate::{Error, Result};

/// Twentieths of a point, Word's unit for page geometry.
const MARGIN_TWIPS: u32 = 1440;

fn page_twips(paper: Paper) -> (u32, u32) {
    match paper {
        Paper::Letter => (12240, 15840),
        Paper::Legal => (12240, 20160),
        Paper::A4 => (11906, 16838),
    }
}

/// Renders the memo as the bytes of a `.docx` file.
pub fn to_docx(memo: &Memo) -> Result<Vec<u8>> {
    let (page_w, page_h) = page_twips(memo.paper);
    let content_w = page_w - 2 * MARGIN_TWIPS;
    let mut body = Body {
        content_w,
        ..Body::default()
    };
    body.header(memo);
    for block in &memo.blocks {
        body.block(block);
    }
    let _ = write!(
        body.xml,
        r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="{page_w}" w:h="{page_h}"/><w:pgMar w:top="{m}" w:right="{m}" w:bottom="{m}" w:left="{m}" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>"#,
        m = MARGIN_TWIPS
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>{}</w:body></w:document>"#,
        body.xml
    );

    let footer_left = if memo.header.jurisdiction.is_empty() {
        memo.header.subject.clone()
    } else {
        format!("{} · {}", memo.header.jurisdiction, memo.header.subject)
    };
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="right" w:pos="{content_w}"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> of </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#,
        esc(&footer_left)
    );

    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#,
    );
    let mut content_types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    );
    for (index, _) in body.charts.iter().enumerate() {
        let n = index + 1;
        let _ = write!(
            rels,
            r#"<Relationship Id="rIdChart{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart{n}.xml"/>"#
        );
        let _ = write!(
            content_types,
            r#"<Override PartName="/word/charts/chart{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>"#
        );
    }
    if let Some(logo) = &memo.header.logo {
        let ext = logo.format.extension();
        let _ = write!(
            rels,
            r#"<Relationship Id="rIdLogo" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/logo.{ext}"/>"#
        );
        let _ = write!(
            content_types,
            r#"<Default Extension="{ext}" ContentType="{}"/>"#,
            logo.format.mime()
        );
    }
    rels.push_str("</Relationships>");
    content_types.push_str("</Types>");

    let date = memo.header.date.format("%Y-%m-%dT12:00:00Z").to_string();
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><dc:language>{LANGUAGE}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#,
        esc(&memo.title),
        esc(&memo.header.subject),
        esc(&memo.author)
    );

    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types.into_bytes()),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
        ("docProps/core.xml".into(), core.into_bytes()),
        ("docProps/app.xml".into(), APP.as_bytes().to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/_rels/document.xml.rels".into(), rels.into_bytes()),
        ("word/styles.xml".into(), styles().into_bytes()),
        (
            "word/numbering.xml".into(),
            numbering(body.lists).into_bytes(),
        ),
        ("word/settings.xml".into(), SETTINGS.as_bytes().to_vec()),
        ("word/footer1.xml".into(), footer.into_bytes()),
    ];
    if let Some(logo) = &memo.header.logo {
        parts.push((
            format!("word/media/logo.{}", logo.format.extension()),
            logo.data.clone(),
        ));
    }
    for (index, spec) in body.charts.iter().enumerate() {
        parts.push((
            format!("word/charts/chart{}.xml", index + 1),
            chart_xml(spec).into_bytes(),
        ));
    }
    pack(&parts, memo)
}

fn pack(parts: &[(String, Vec<u8>)], memo: &Memo) -> Result<Vec<u8>> {
    use chrono::Datelike;
    let failed = |e: &dyn std::fmt::Display| {
        Error::Damaged(format!("the memo's Word file could not be written: {e}"))
    };
    let day = memo.header.date;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(day.year().clamp(1980, 2107)).unwrap_or(1980),
        day.month() as u8,
        day.day() as u8,
        12,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options)
            .map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>CoopDesk</Application></Properties>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// Escapes text for XML content and attributes; drops the control characters XML 1.0
/// cannot carry at all.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A run of text; line breaks in the text become Word line breaks.
fn run(text: &str, bold: bool) -> String {
    let mut out = String::from("<w:r>");
    if bold {
        out.push_str("<w:rPr><w:b/></w:rPr>");
    }
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push_str("<w:br/>");
        }
        let _ = write!(out, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(line));
    }
    out.push_str("</w:r>");
    out
}

fn paragraph(style: Option<&str>, props: &str, runs: &str) -> String {
    let style = style.map_or(String::new(), |s| format!(r#"<w:pStyle w:val="{s}"/>"#));
    if style.is_empty() && props.is_empty() {
        format!("<w:p>{runs}</w:p>")
    } else {
        format!("<w:p><w:pPr>{style}{props}</w:pPr>{runs}</w:p>")
    }
}

#[derive(Default)]
struct Body {
    xml: String,
    /// The width between the margins, in twips.
    content_w: u32,
    charts: Vec<ChartSpec>,
    /// Lists so far, each its own numbering instance (so each restarts at a.): whether
    /// it is ordered.
    lists: Vec<bool>,
}

impl Body {
    fn header(&mut self, memo: &Memo) {
        let header = &memo.header;
        if let Some(logo) = &header.logo {
            // At most 2.2 in × 0.6 in (as in the PDF), proportions kept; EMUs.
            let (w, h) = (
                f64::from(logo.width_px.max(1)),
                f64::from(logo.height_px.max(1)),
            );
            let scale = (160.0 / w).min(44.0 / h) * 12700.0;
            let (cx, cy) = ((w * scale) as u64, (h * scale) as u64);
            let alt = esc(&logo.alt_or(&header.jurisdiction));
            let _ = write!(
                self.xml,
                r#"<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="right"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="1000" name="Logo" descr="{alt}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1000" name="logo.{ext}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdLogo"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
                ext = logo.format.extension()
            );
        }
        let title = if header.jurisdiction.is_empty() {
            "STAFF REPORT".to_owned()
        } else {
            format!("{}\nSTAFF REPORT", header.jurisdiction)
        };
        self.xml
            .push_str(&paragraph(Some("Heading1"), "", &run(&title, false)));
        let facts = header.facts();
        self.facts(&facts, 1400);
        // The rule under the header.
        self.xml.push_str(&paragraph(
            None,
            r#"<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:after="120"/>"#,
            "",
        ));
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text } => {
                let style = if *level <= 1 { "Heading2" } else { "Heading3" };
                self.xml
                    .push_str(&paragraph(Some(style), "", &run(text, false)));
            }
            Block::Paragraph { text } => {
                self.xml.push_str(&paragraph(None, "", &run(text, false)));
            }
            Block::List { ordered, items } => {
                self.lists.push(*ordered);
                let num_id = self.lists.len();
                for item in items {
                    self.xml.push_str(&paragraph(
                        Some("ListParagraph"),
                        &format!(
                            r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>"#
                        ),
                        &run(item, false),
                    ));
                }
            }
            Block::Facts { facts } => self.facts(facts, 2640),
            Block::Table(table) => self.table(table),
            Block::Chart { spec, alt } => {
                self.charts.push(spec.clone());
                let n = self.charts.len();
                let alt = if alt.trim().is_empty() {
                    &spec.title
                } else {
                    alt
                };
                // 6.5 in × 3.9 in, in EMUs.
                let _ = write!(
                    self.xml,
                    r#"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5943600" cy="3566160"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{n}" name="Chart {n}" title="{}" descr="{}"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdChart{n}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
                    esc(&spec.title),
                    esc(alt)
                );
            }
            Block::Signatures { signers } => self.signatures(signers),
            Block::PageBreak => self
                .xml
                .push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#),
        }
    }

    /// Label and value pairs as a borderless two-column table, labels in bold.
    fn facts(&mut self, facts: &[Fact], label_twips: u32) {
        if facts.is_empty() {
            return;
        }
        let _ = write!(
            self.xml,
            r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0080" w:firstRow="0" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid><w:gridCol w:w="{label_twips}"/><w:gridCol w:w="{}"/></w:tblGrid>"#,
            self.content_w - label_twips
        );
        for fact in facts {
            let _ = write!(
                self.xml,
                r#"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{label_twips}" w:type="dxa"/></w:tcPr>{}</w:tc><w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/></w:tcPr>{}</w:tc></w:tr>"#,
                paragraph(Some("TableText"), "", &run(&fact.label, true)),
                self.content_w - label_twips,
                paragraph(Some("TableText"), "", &run(&fact.value, false)),
            );
        }
        self.xml.push_str("</w:tbl>");
    }

    fn table(&mut self, table: &Table) {
        if !table.caption.is_empty() {
            self.xml.push_str(&paragraph(
                Some("Caption"),
                "<w:keepNext/>",
                &run(&table.caption, false),
            ));
        }
        let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
        let _ = write!(
            self.xml,
            r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top {border}/><w:bottom {border}/><w:insideH w:val="single" w:sz="2" w:space="0" w:color="999999"/></w:tblBorders><w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
        );
        let widths = self.column_widths(table).unwrap_or_else(|_| {
            vec![self.content_w / table.columns.len().max(1) as u32; table.columns.len()]
        });
        for width in &widths {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{width}"/>"#);
        }
        self.xml.push_str("</w:tblGrid>");
        // The header row repeats at the top of every page the table reaches.
        self.xml
            .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (column, width) in table.columns.iter().zip(&widths) {
            self.cell(&column.heading, column.align, true, true, *width);
        }
        self.xml.push_str("</w:tr>");
        for (index, row) in table.rows.iter().enumerate() {
            let bold = table.total_row && index + 1 == table.rows.len();
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for ((cell, column), width) in row.iter().zip(&table.columns).zip(&widths) {
                self.cell(cell, column.align, bold, false, *width);
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
        // Word needs a paragraph between two tables, and it spaces the next block.
        self.xml.push_str(&paragraph(None, "", ""));
    }

    /// Column widths shared out by how much text each column holds, each column at least
    /// as wide as its longest word (a header word above all): Word and LibreOffice keep
    /// the grid's widths and break a word that does not fit, mid-word. So figures stay
    /// on one line, header words stay whole, and long text takes what is left.
    fn column_widths(&self, table: &Table) -> Result<Vec<u32>> {
        let wants: Vec<u32> = table
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                let cells = table.rows.iter().filter_map(|row| row.get(index));
                let longest = cells
                    .chain(std::iter::once(&column.heading))
                    .map(|text| text.chars().count().min(36))
                    .max()
                    .unwrap_or(1);
                longest.max(6) as u32
            })
            .collect();
        let least = table
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                let heading = longest_word(&column.heading, true)?;
                let cells = table.rows.iter().filter_map(|row| row.get(index));
                let mut widest = heading;
                for cell in cells {
                    widest = widest.max(longest_word(cell, table.total_row)?);
                }
                Ok(widest)
            })
            .collect::<Result<Vec<u32>>>()?;
        Ok(share_out(self.content_w, &wants, &least))
    }

    fn cell(&mut self, text: &str, align: Align, bold: bool, header: bool, width: u32) {
        let jc = match align {
            Align::Left => "",
            Align::Right => r#"<w:jc w:val="right"/>"#,
        };
        let borders = if header {
            r#"<w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/></w:tcBorders>"#
        } else {
            ""
        };
        let rule = format!(r#"<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{borders}</w:tcPr>"#);
        let _ = write!(
            self.xml,
            "<w:tc>{rule}{}</w:tc>",
            paragraph(Some("TableText"), jc, &run(text, bold))
        );
    }

    /// Each signer: their role, a line to sign on with a line for the date, the name and
    /// title under it.
    fn signatures(&mut self, signers: &[Signer]) {
        for signer in signers {
            self.xml.push_str(&paragraph(
                None,
                r#"<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="480"/>"#,
                &run(&signer.role, true),
            ));
            self.xml.push_str(&paragraph(
                None,
                r#"<w:keepNext/><w:tabs><w:tab w:val="left" w:leader="underscore" w:pos="5400"/><w:tab w:val="left" w:pos="5760"/><w:tab w:val="left" w:leader="underscore" w:pos="8640"/></w:tabs><w:spacing w:after="0"/>"#,
                "<w:r><w:tab/><w:tab/><w:t xml:space=\"preserve\">Date </w:t><w:tab/></w:r>",
            ));
            self.xml.push_str(&paragraph(
                None,
                r#"<w:keepNext/><w:spacing w:after="0"/>"#,
                &run(&signer.name, false),
            ));
            self.xml
                .push_str(&paragraph(None, "", &run(&signer.title, false)));
        }
    }
}

/// Table text is 9 pt ([`styles`]'s "Table Text").
const TABLE_TEXT_POINTS: f32 = 9.0;
/// A cell's left and right margins (108 twips each, the table style's), and a little room
/// for the renderer's own rounding.
const CELL_MARGINS_TWIPS: u32 = 2 * 108 + 40;

/// Where Arial is missing, the reader lays the file out in a wider font (LibreOffice on
/// Linux without Arial or Liberation Sans takes DejaVu Sans, up to a fifth wider): a
/// word measured in Arial's metrics is given this much more room, so it fits in both.
const WIDER_FONT: f32 = 1.2;

/// The twips the longest word of `text` needs in a table cell.
fn longest_word(text: &str, bold: bool) -> Result<u32> {
    let mut widest = 0.0_f32;
    for word in text.split_whitespace() {
        widest = widest.max(super::pdf::text_width(word, bold, TABLE_TEXT_POINTS)?);
    }
    Ok((widest * WIDER_FONT * 20.0).ceil() as u32 + CELL_MARGINS_TWIPS)
}

/// `total` twips shared out in proportion to `wants`, no column under its `least`: a
/// column that would be is given its least and the rest shared again among the others.
/// When even the least widths do not fit, each gets its share of them.
fn share_out(total: u32, wants: &[u32], least: &[u32]) -> Vec<u32> {
    let least_sum: u32 = least.iter().sum();
    if least_sum >= total {
        return least
            .iter()
            .map(|l| (u64::from(total) * u64::from(*l) / u64::from(least_sum.max(1))) as u32)
            .collect();
    }
    let mut fixed = vec![false; wants.len()];
    loop {
        let fixed_sum: u32 = (0..wants.len())
            .filter(|i| fixed[*i])
            .map(|i| least[i])
            .sum();
        let free_wants: u32 = (0..wants.len())
            .filter(|i| !fixed[*i])
            .map(|i| wants[i])
            .sum();
        let left = total - fixed_sum;
        let widths: Vec<u32> = (0..wants.len())
            .map(|i| {
                if fixed[i] {
                    least[i]
                } else {
                    (u64::from(left) * u64::from(wants[i]) / u64::from(free_wants.max(1))) as u32
                }
            })
            .collect();
        let short: Vec<usize> = (0..wants.len())
            .filter(|i| !fixed[*i] && widths[*i] < least[*i])
            .collect();
        if short.is_empty() {
            return widths;
        }
        for i in short {
            fixed[i] = true;
        }
    }
}

fn styles() -> String {
    let heading = |id: &str, name: &str, level: u8, size: u32, before: u32| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/><w:outlineLvl w:val="{level}"/></w:pPr><w:rPr><w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>{}{}{}<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:color w:val="4D4D4D"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        heading("Heading1", "heading 1", 0, 32, 0),
        heading("Heading2", "heading 2", 1, 26, 280),
        heading("Heading3", "heading 3", 2, 22, 200),
    )
}

/// One numbering instance per list, so each lettered motion starts again at "a.".
fn numbering(lists: Vec<bool>) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>"#
    );
    for (index, ordered) in lists.iter().enumerate() {
        let _ = write!(
            xml,
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="{}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
            index + 1,
            if *ordered { 0 } else { 1 }
        );
    }
    xml.push_str("</w:numbering>");
    xml
}

/// The chart as a Word line chart: the same series, dash patterns and markers as the
/// printed one, in black, with the figures as literal data (exact, from the engine).
fn chart_xml(spec: &ChartSpec) -> String {
    let title = |text: &str, size: u32| {
        format!(
            r#"<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="{size}" b="{}"/></a:pPr><a:r><a:rPr lang="{LANGUAGE}" sz="{size}"/><a:t>{}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>"#,
            u8::from(size > 1000),
            esc(text)
        )
    };
    let mut series = String::new();
    for (index, s) in spec.series.iter().enumerate() {
        let dash = match s.dash.len() {
            0 => "solid",
            _ if s.dash.first().copied().unwrap_or(0) <= 2 => "sysDot",
            _ if s.dash.len() > 2 => "dashDot",
            _ => "dash",
        };
        let symbol = match s.marker {
            Marker::Circle => "circle",
            Marker::Square => "square",
            Marker::Triangle => "triangle",
            Marker::Diamond => "diamond",
            Marker::Cross => "x",
        };
        let mut cat = String::new();
        let mut val = String::new();
        for (n, point) in s.points.iter().enumerate() {
            let _ = write!(cat, r#"<c:pt idx="{n}"><c:v>{}</c:v></c:pt>"#, point.year);
            let _ = write!(val, r#"<c:pt idx="{n}"><c:v>{}</c:v></c:pt>"#, point.value);
        }
        let count = s.points.len();
        let _ = write!(
            series,
            r#"<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:v>{}</c:v></c:tx><c:spPr><a:ln w="19050"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:prstDash val="{dash}"/></a:ln></c:spPr><c:marker><c:symbol val="{symbol}"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="{}"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></c:spPr></c:marker><c:cat><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{count}"/>{cat}</c:numLit></c:cat><c:val><c:numLit><c:formatCode>#,##0</c:formatCode><c:ptCount val="{count}"/>{val}</c:numLit></c:val><c:smooth val="0"/></c:ser>"#,
            esc(&s.name),
            if matches!(s.marker, Marker::Square | Marker::Diamond) {
                "FFFFFF"
            } else {
                "000000"
            }
        );
    }
    let axis_text = r#"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>"#;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{R}"><c:lang val="{LANGUAGE}"/><c:roundedCorners val="0"/><c:chart>{}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}<c:marker val="1"/><c:axId val="100"/><c:axId val="200"/></c:lineChart><c:catAx><c:axId val="100"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>{}<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{axis_text}<c:crossAx val="200"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx><c:valAx><c:axId val="200"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines><c:spPr><a:ln w="3175"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>{}<c:numFmt formatCode="\$#,##0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{axis_text}<c:crossAx val="100"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>"#,
        title(&spec.title, 1100),
        title(&spec.x_axis.label, 800),
        title(&spec.y_axis.label, 800),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(esc("<w:t>&\"'\u{1}x"), "&lt;w:t&gt;&amp;&quot;&apos;x");
    }
}
