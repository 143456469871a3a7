//! What makes the memo's PDF accessible and archivable, beyond the drawing: the
//! structure tree (PDF/UA-1), the catalog's language, title and outline, XMP metadata
//! identifying PDF/UA-1 and PDF/A-2b, and an sRGB output intent.
//!
//! printpdf draws the pages and writes each piece of content inside a marked-content
//! sequence carrying its MCID (or marks it an artifact); it has no API for the rest, so
//! this module adds it to the `lopdf` document printpdf builds, before it is written.
//! Invariants the tests check from the file itself:
//! - every marked-content id on a page belongs to exactly one structure element, and the
//!   parent tree maps it back;
//! - headings go H1 (the title) → H2 (sections) → H3, never skipping a level;
//! - every table's first row is header cells with a scope; the chart is a `Figure` with
//!   alternative text;
//! - the file claims PDF/UA-1 and PDF/A-2b and nothing else (no PDF/X).

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::document::Memo;
use super::srgb;

/// The language every memo is written in.
pub const LANGUAGE: &str = "en-US";

/// One structure element. Element 0 is the `Document`.
pub(super) struct Element {
    pub role: &'static str,
    pub kids: Vec<Kid>,
    pub alt: Option<String>,
    pub attribute: Option<Attribute>,
}

pub(super) enum Kid {
    Element(usize),
    /// A marked-content sequence on page `page` (0-based).
    Content {
        page: usize,
        mcid: i64,
    },
}

pub(super) enum Attribute {
    /// A header cell's scope: `Column` or `Row`.
    Scope(&'static str),
    /// How a list's labels are numbered: `LowerAlpha`, `Disc`.
    ListNumbering(&'static str),
    /// A figure's bounding box on its page, in points.
    BBox([f32; 4]),
}

/// A section heading for the outline (bookmarks).
pub(super) struct Bookmark {
    pub title: String,
    pub page: usize,
    pub top: f32,
}

/// The memo's date as PDF and XMP write it.
pub(super) struct Stamp {
    pub pdf: String,
    pub xmp: String,
}

impl Stamp {
    pub fn of(memo: &Memo) -> Stamp {
        let date = memo.header.date;
        Stamp {
            pdf: date.format("D:%Y%m%d120000+00'00'").to_string(),
            xmp: date.format("%Y-%m-%dT12:00:00+00:00").to_string(),
        }
    }
}

/// Adds the structure tree, metadata and output intent to printpdf's document.
pub(super) fn finish(
    doc: &mut lopdf::Document,
    elements: &[Element],
    bookmarks: &[Bookmark],
    memo: &Memo,
) {
    doc.version = "1.7".to_owned();
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();

    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = elements.iter().map(|_| doc.new_object_id()).collect();
    let mut parents = vec![root_id; elements.len()];
    for (index, element) in elements.iter().enumerate() {
        for kid in &element.kids {
            if let Kid::Element(child) = kid {
                parents[*child] = ids[index];
            }
        }
    }
    // MCIDs of each page, in order, to their element.
    let mut parent_tree: Vec<Vec<(i64, ObjectId)>> = vec![Vec::new(); pages.len()];
    for (index, element) in elements.iter().enumerate() {
        let first_page = element.kids.iter().find_map(|kid| match kid {
            Kid::Content { page, .. } => Some(*page),
            Kid::Element(_) => None,
        });
        let mut dict = Dictionary::new();
        dict.set("S", Object::Name(element.role.as_bytes().to_vec()));
        dict.set("P", Object::Reference(parents[index]));
        if let Some(page) = first_page.and_then(|p| pages.get(p)) {
            dict.set("Pg", Object::Reference(*page));
        }
        let kids: Vec<Object> = element
            .kids
            .iter()
            .filter_map(|kid| match kid {
                Kid::Element(child) => Some(Object::Reference(ids[*child])),
                Kid::Content { page, mcid } => {
                    let page_id = *pages.get(*page)?;
                    parent_tree[*page].push((*mcid, ids[index]));
                    if Some(*page) == first_page {
                        Some(Object::Integer(*mcid))
                    } else {
                        Some(Object::Dictionary(Dictionary::from_iter([
                            ("Type", Object::Name(b"MCR".to_vec())),
                            ("Pg", Object::Reference(page_id)),
                            ("MCID", Object::Integer(*mcid)),
                        ])))
                    }
                }
            })
            .collect();
        dict.set("K", Object::Array(kids));
        if let Some(alt) = &element.alt {
            dict.set("Alt", text_string(alt));
        }
        match element.attribute {
            Some(Attribute::Scope(scope)) => dict.set(
                "A",
                Dictionary::from_iter([
                    ("O", Object::Name(b"Table".to_vec())),
                    ("Scope", Object::Name(scope.as_bytes().to_vec())),
                ]),
            ),
            Some(Attribute::ListNumbering(numbering)) => dict.set(
                "A",
                Dictionary::from_iter([
                    ("O", Object::Name(b"List".to_vec())),
                    ("ListNumbering", Object::Name(numbering.as_bytes().to_vec())),
                ]),
            ),
            Some(Attribute::BBox(bbox)) => dict.set(
                "A",
                Dictionary::from_iter([
                    ("O", Object::Name(b"Layout".to_vec())),
                    (
                        "BBox",
                        Object::Array(bbox.iter().map(|v| Object::Real(*v)).collect()),
                    ),
                ]),
            ),
            None => {}
        }
        doc.objects.insert(ids[index], Object::Dictionary(dict));
    }

    let mut nums = Vec::new();
    for (index, (page_id, mut marks)) in pages.iter().zip(parent_tree).enumerate() {
        marks.sort_by_key(|(mcid, _)| *mcid);
        nums.push(Object::Integer(index as i64));
        nums.push(Object::Array(
            marks
                .into_iter()
                .map(|(_, id)| Object::Reference(id))
                .collect(),
        ));
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(*page_id) {
            page.set("StructParents", Object::Integer(index as i64));
            // Tab order follows the structure (PDF/UA-1 7.18.3).
            page.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    let parent_tree_id = doc.add_object(Dictionary::from_iter([("Nums", Object::Array(nums))]));
    doc.objects.insert(
        root_id,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            (
                "K",
                ids.first()
                    .map_or(Object::Null, |id| Object::Reference(*id)),
            ),
            ("ParentTree", Object::Reference(parent_tree_id)),
            ("ParentTreeNextKey", Object::Integer(pages.len() as i64)),
        ])),
    );

    let stamp = Stamp::of(memo);
    let metadata_id = {
        let mut stream = Stream::new(
            Dictionary::from_iter([
                ("Type", Object::Name(b"Metadata".to_vec())),
                ("Subtype", Object::Name(b"XML".to_vec())),
            ]),
            xmp(memo, &stamp).into_bytes(),
        );
        // Left readable: tools that do not parse PDF still find the claims.
        stream.allows_compression = false;
        doc.add_object(stream)
    };
    let intent_id = {
        let profile = Stream::new(
            Dictionary::from_iter([("N", Object::Integer(3))]),
            srgb::profile(),
        );
        let profile_id = doc.add_object(profile);
        doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"OutputIntent".to_vec())),
            ("S", Object::Name(b"GTS_PDFA1".to_vec())),
            ("OutputConditionIdentifier", literal("sRGB IEC61966-2.1")),
            ("Info", literal("sRGB IEC61966-2.1")),
            ("RegistryName", literal("http://www.color.org")),
            ("DestOutputProfile", Object::Reference(profile_id)),
        ]))
    };
    let outline_id = outline(doc, bookmarks, &pages);

    if let Some(Ok(Object::Dictionary(catalog))) = catalog_id.map(|id| doc.get_object_mut(id)) {
        catalog.set("StructTreeRoot", Object::Reference(root_id));
        catalog.set(
            "MarkInfo",
            Dictionary::from_iter([("Marked", Object::Boolean(true))]),
        );
        catalog.set("Lang", literal(LANGUAGE));
        catalog.set(
            "ViewerPreferences",
            Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]),
        );
        catalog.set("Metadata", Object::Reference(metadata_id));
        catalog.set(
            "OutputIntents",
            Object::Array(vec![Object::Reference(intent_id)]),
        );
        if let Some(outline_id) = outline_id {
            catalog.set("Outlines", Object::Reference(outline_id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }

    // The information dictionary says what the XMP says, and nothing else: printpdf's
    // `GTS_PDFXVersion` claimed a PDF/X conformance the file never had.
    let info = Dictionary::from_iter([
        ("Title", text_string(&memo.title)),
        ("Author", text_string(&memo.author)),
        ("Subject", text_string(&memo.header.subject)),
        ("Creator", text_string("CoopDesk")),
        ("Producer", text_string(PRODUCER)),
        ("CreationDate", literal(&stamp.pdf)),
        ("ModDate", literal(&stamp.pdf)),
    ]);
    let info_id = doc.add_object(info);
    if let Ok(Object::Reference(old)) = doc.trailer.get(b"Info") {
        let old = *old;
        doc.objects.remove(&old);
    }
    doc.trailer.set("Info", Object::Reference(info_id));

    subset_tags(doc);

    // The file identifier is a hash of the memo, so the same memo gives the same bytes
    // (printpdf would write random ones).
    let digest = Sha256::digest(serde_json::to_vec(memo).unwrap_or_default());
    let id: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    doc.trailer
        .set("ID", Object::Array(vec![literal(&id), literal(&id)]));
}

const PRODUCER: &str = "CoopDesk (printpdf)";

/// ISO 32000-1 9.6.4: a subset font's name starts with six capital letters and `+`,
/// different for different subsets. printpdf writes its resource name (`F1+`); the tag
/// written here is derived from the subset font program itself, so two memos whose
/// subsets differ never share a tag when a clerk merges them into one packet.
fn subset_tags(doc: &mut lopdf::Document) {
    let mut tags: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for object in doc.objects.values() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        let (Ok(name), Ok(file)) = (
            dict.get(b"FontName").and_then(Object::as_name),
            dict.get(b"FontFile2")
                .or_else(|_| dict.get(b"FontFile3"))
                .and_then(Object::as_reference),
        ) else {
            continue;
        };
        let Some(plus) = name.iter().position(|b| *b == b'+') else {
            continue;
        };
        let Ok(Object::Stream(program)) = doc.objects.get(&file).ok_or(()) else {
            continue;
        };
        let digest = Sha256::digest(&program.content);
        let tag: Vec<u8> = digest.iter().take(6).map(|b| b'A' + b % 26).collect();
        tags.push((name[..=plus].to_vec(), tag));
    }
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
            let Ok(Object::Name(name)) = dict.get_mut(key) else {
                continue;
            };
            if let Some((prefix, tag)) = tags.iter().find(|(p, _)| name.starts_with(p)) {
                let mut renamed = tag.clone();
                renamed.push(b'+');
                renamed.extend_from_slice(&name[prefix.len()..]);
                *name = renamed;
            }
        }
    }
}

/// One bookmark per section, in reading order.
fn outline(
    doc: &mut lopdf::Document,
    bookmarks: &[Bookmark],
    pages: &[ObjectId],
) -> Option<ObjectId> {
    if bookmarks.is_empty() {
        return None;
    }
    let outline_id = doc.new_object_id();
    let ids: Vec<ObjectId> = bookmarks.iter().map(|_| doc.new_object_id()).collect();
    for (index, bookmark) in bookmarks.iter().enumerate() {
        let page = pages.get(bookmark.page).or(pages.last())?;
        let mut dict = Dictionary::from_iter([
            ("Title", text_string(&bookmark.title)),
            ("Parent", Object::Reference(outline_id)),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(bookmark.top),
                    Object::Null,
                ]),
            ),
        ]);
        if index > 0 {
            dict.set("Prev", Object::Reference(ids[index - 1]));
        }
        if let Some(next) = ids.get(index + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        doc.objects.insert(ids[index], Object::Dictionary(dict));
    }
    doc.objects.insert(
        outline_id,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(ids[0])),
            ("Last", Object::Reference(ids[ids.len() - 1])),
            ("Count", Object::Integer(ids.len() as i64)),
        ])),
    );
    Some(outline_id)
}

fn literal(text: &str) -> Object {
    Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
}

/// A PDF text string: UTF-16BE with its byte-order mark, so any name survives.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 cannot carry most control characters at all.
            c if ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{FFFE}'
                || c == '\u{FFFF}' =>
            {
                out.push(' ')
            }
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: Dublin Core title, author and subject matching the information
/// dictionary, the PDF/A-2b and PDF/UA-1 identification, and the PDF/A extension schema
/// that declares `pdfuaid` (PDF/A-2 accepts no property it has not been told about).
fn xmp(memo: &Memo, stamp: &Stamp) -> String {
    let title = xml_escape(&memo.title);
    let author = xml_escape(&memo.author);
    let subject = xml_escape(&memo.header.subject);
    let date = &stamp.xmp;
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>CoopDesk</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
    )
}
