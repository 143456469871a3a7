//! A checker of the machine-checkable PDF/UA-1 rules (and the PDF/A-2 identification)
//! the memo's PDF must keep, built on lopdf so it runs everywhere the suite does. Each
//! broken rule is one sentence in the returned list; an empty list is a pass.
//!
//! What it checks, after the Matterhorn Protocol's failure conditions that a program
//! can decide:
//! - 01: every painting operator on every page is inside a tagged marked-content
//!   sequence (an MCID that a structure element owns) or an artifact; every MCID is
//!   owned exactly once and the parent tree maps it back to its owner;
//! - 02: every structure type is a standard one;
//! - 06: the catalog has `/MarkInfo /Marked true`, XMP metadata with `pdfuaid:part` 1
//!   and a `dc:title`; `/ViewerPreferences /DisplayDocTitle true`;
//! - 09: headings: the first is H1 and none skips a level;
//! - 11: `/Lang` is set;
//! - 13: every `Figure` has alternative text;
//! - 15: every table starts with a row of `TH` cells, each with a `/Scope`;
//! - 16: lists hold `LI`s of `Lbl` and `LBody`;
//! - 31: every font is embedded, has a `ToUnicode` map, and a subset font's name
//!   starts with six capital letters and `+` (ISO 32000-1 9.6.4);
//! - no PDF/X claim, an OutputIntent of `GTS_PDFA1` with its profile, no encryption;
//! - pages with `/Tabs /S`.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI",
];

/// A structure element read back: its type, alternative text, kids and attributes.
pub struct Element {
    pub id: ObjectId,
    pub role: String,
    pub alt: Option<String>,
    pub dict: Dictionary,
    pub kids: Vec<ObjectId>,
}

/// The structure tree in reading order (depth first), with each element's depth.
pub fn structure(doc: &Document) -> Vec<(usize, Element)> {
    let mut out = Vec::new();
    let Some(root) = catalog(doc)
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|o| o.as_reference().ok())
    else {
        return out;
    };
    let Ok(root) = doc.get_dictionary(root) else {
        return out;
    };
    let top: Vec<ObjectId> = match root.get(b"K") {
        Ok(Object::Reference(id)) => vec![*id],
        Ok(Object::Array(kids)) => kids.iter().filter_map(|k| k.as_reference().ok()).collect(),
        _ => Vec::new(),
    };
    for id in top {
        walk(doc, id, 0, &mut out);
    }
    out
}

fn walk(doc: &Document, id: ObjectId, depth: usize, out: &mut Vec<(usize, Element)>) {
    let Ok(dict) = doc.get_dictionary(id) else {
        return;
    };
    let role = dict
        .get(b"S")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let alt = dict.get(b"Alt").ok().map(text_of);
    let kids: Vec<ObjectId> = match dict.get(b"K") {
        Ok(Object::Array(kids)) => kids
            .iter()
            .filter_map(|k| k.as_reference().ok())
            .filter(|id| doc.get_dictionary(*id).is_ok_and(|d| d.get(b"S").is_ok()))
            .collect(),
        Ok(Object::Reference(kid)) => vec![*kid],
        _ => Vec::new(),
    };
    out.push((
        depth,
        Element {
            id,
            role,
            alt,
            dict: dict.clone(),
            kids: kids.clone(),
        },
    ));
    for kid in kids {
        walk(doc, kid, depth + 1, out);
    }
}

/// A PDF text string as Rust text (UTF-16BE with its mark, or PDFDocEncoding ≈ Latin-1).
pub fn text_of(object: &Object) -> String {
    let Ok(bytes) = object.as_str() else {
        return String::new();
    };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|b| char::from(*b)).collect()
    }
}

pub fn catalog(doc: &Document) -> &Dictionary {
    doc.catalog().expect("the PDF has a catalog")
}

/// The XMP packet, as text.
pub fn xmp(doc: &Document) -> String {
    catalog(doc)
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .map(|s| {
            String::from_utf8_lossy(&s.decompressed_content().unwrap_or(s.content.clone()))
                .into_owned()
        })
        .unwrap_or_default()
}

/// Every broken rule, as a sentence.
pub fn broken_rules(pdf: &[u8]) -> Vec<String> {
    let mut broken = Vec::new();
    let doc = match Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("the file does not parse as PDF: {e}")],
    };
    let cat = catalog(&doc);

    // Catalog and metadata.
    let marked = cat
        .get(b"MarkInfo")
        .and_then(|o| doc.dereference(o).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Marked"))
        .and_then(Object::as_bool);
    if marked.ok() != Some(true) {
        broken.push("06-001: the catalog lacks /MarkInfo /Marked true".into());
    }
    match cat.get(b"Lang").map(text_of) {
        Ok(lang) if !lang.trim().is_empty() => {}
        _ => broken.push("11-001: the catalog names no /Lang".into()),
    }
    let display_title = cat
        .get(b"ViewerPreferences")
        .and_then(|o| doc.dereference(o).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"DisplayDocTitle"))
        .and_then(Object::as_bool);
    if display_title.ok() != Some(true) {
        broken.push("07-002: /ViewerPreferences /DisplayDocTitle is not true".into());
    }
    let xmp = xmp(&doc);
    if !xmp.contains("<pdfuaid:part>1</pdfuaid:part>") {
        broken.push("06-002: the XMP metadata does not identify PDF/UA-1".into());
    }
    if !xmp.contains("<dc:title>") {
        broken.push("06-003: the XMP metadata has no dc:title".into());
    }
    if !xmp.contains("<pdfaid:part>2</pdfaid:part>") {
        broken.push("PDF/A: the XMP metadata does not identify PDF/A-2".into());
    }
    if String::from_utf8_lossy(pdf).contains("GTS_PDFX") || xmp.contains("pdfxid") {
        broken.push("the file claims a PDF/X conformance it does not meet".into());
    }
    if let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
    {
        if info.has(b"GTS_PDFXVersion") {
            broken.push("the information dictionary claims PDF/X".into());
        }
    }
    if doc.trailer.has(b"Encrypt") {
        broken.push("PDF/A: the file is encrypted".into());
    }
    let intents: Vec<&Dictionary> = match cat.get(b"OutputIntents") {
        Ok(Object::Array(items)) => items
            .iter()
            .filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_dict().ok()))
            .collect(),
        _ => Vec::new(),
    };
    if !intents.iter().any(|d| {
        d.get(b"S").and_then(Object::as_name).ok() == Some(b"GTS_PDFA1".as_slice())
            && d.get(b"DestOutputProfile").is_ok()
    }) {
        broken.push("PDF/A: no GTS_PDFA1 output intent with a destination profile".into());
    }

    // Fonts.
    for (id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice()) {
            continue;
        }
        let name = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        if subtype == b"Type0" && !dict.has(b"ToUnicode") {
            broken.push(format!("31-009: font {name} ({id:?}) has no ToUnicode map"));
        }
        if let Some((tag, _)) = name.split_once('+') {
            if tag.len() != 6 || !tag.bytes().all(|b| b.is_ascii_uppercase()) {
                broken.push(format!(
                    "ISO 32000-1 9.6.4: subset font {name} is not tagged with six capital letters"
                ));
            }
        }
        if let Ok(descriptor) = dict
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
        {
            if !(descriptor.has(b"FontFile")
                || descriptor.has(b"FontFile2")
                || descriptor.has(b"FontFile3"))
            {
                broken.push(format!("31-001: font {name} is not embedded"));
            }
        } else if subtype != b"Type0" {
            broken.push(format!(
                "31-001: font {name} has no descriptor (not embedded)"
            ));
        }
    }

    // Content: every painting operator tagged or an artifact; MCIDs collected per page.
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    let page_index: BTreeMap<ObjectId, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, (_, id))| (*id, i))
        .collect();
    let mut content_mcids: BTreeSet<(usize, i64)> = BTreeSet::new();
    for (index, (number, page_id)) in pages.iter().enumerate() {
        let page = doc.get_dictionary(*page_id).expect("a page dictionary");
        if page.get(b"Tabs").and_then(Object::as_name).ok() != Some(b"S".as_slice()) {
            broken.push(format!("page {number}: /Tabs is not /S"));
        }
        let bytes = doc.get_page_content(*page_id);
        let Ok(content) = Content::decode(&bytes) else {
            broken.push(format!("page {number}: its content cannot be decoded"));
            continue;
        };
        // Each open sequence: Some(mcid), or None for an artifact or untagged BMC.
        let mut stack: Vec<(bool, Option<i64>)> = Vec::new();
        let mut untagged = 0;
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = op.operands.first().and_then(|o| o.as_name().ok());
                    let artifact = tag == Some(b"Artifact".as_slice());
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|o| o.as_i64().ok());
                    if let Some(mcid) = mcid {
                        if !content_mcids.insert((index, mcid)) {
                            broken.push(format!("page {number}: MCID {mcid} is used twice"));
                        }
                    }
                    stack.push((artifact, mcid));
                }
                "EMC" if stack.pop().is_none() => {
                    broken.push(format!("page {number}: EMC without a BMC/BDC"));
                }
                "EMC" => {}
                op_name if PAINTING.contains(&op_name) => {
                    let tagged = stack
                        .iter()
                        .any(|(artifact, mcid)| *artifact || mcid.is_some());
                    if !tagged {
                        untagged += 1;
                    }
                }
                _ => {}
            }
        }
        if untagged > 0 {
            broken.push(format!(
                "01-005: page {number}: {untagged} painting operators are neither tagged nor artifacts"
            ));
        }
        if !stack.is_empty() {
            broken.push(format!(
                "page {number}: a marked-content sequence is left open"
            ));
        }
    }

    // The structure tree: owners of the MCIDs, parent tree, roles, rules per type.
    let elements = structure(&doc);
    if elements.is_empty() {
        broken.push("01-006: the document has no structure tree".into());
        return broken;
    }
    let mut owned: BTreeMap<(usize, i64), ObjectId> = BTreeMap::new();
    for (_, element) in &elements {
        if !STANDARD.contains(&element.role.as_str()) {
            broken.push(format!(
                "02-001: {} is not a standard structure type",
                element.role
            ));
        }
        let element_page = element
            .dict
            .get(b"Pg")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|id| page_index.get(&id).copied());
        let kids: Vec<Object> = match element.dict.get(b"K") {
            Ok(Object::Array(kids)) => kids.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        for kid in kids {
            let mark = match &kid {
                Object::Integer(mcid) => element_page.map(|p| (p, *mcid)),
                Object::Dictionary(mcr) => {
                    let page = mcr
                        .get(b"Pg")
                        .and_then(Object::as_reference)
                        .ok()
                        .and_then(|id| page_index.get(&id).copied())
                        .or(element_page);
                    let mcid = mcr.get(b"MCID").and_then(Object::as_i64).ok();
                    page.zip(mcid)
                }
                _ => None,
            };
            if let Some(mark) = mark {
                if owned.insert(mark, element.id).is_some() {
                    broken.push(format!(
                        "MCID {} on page {} has two owners",
                        mark.1,
                        mark.0 + 1
                    ));
                }
            }
        }
    }
    for mark in &content_mcids {
        if !owned.contains_key(mark) {
            broken.push(format!(
                "01-005: MCID {} on page {} belongs to no structure element",
                mark.1,
                mark.0 + 1
            ));
        }
    }
    for mark in owned.keys() {
        if !content_mcids.contains(mark) {
            broken.push(format!(
                "MCID {} on page {} is in the structure tree but not on the page",
                mark.1,
                mark.0 + 1
            ));
        }
    }
    // The parent tree maps each page's MCIDs back to their owners.
    let parent_tree = doc
        .get_dictionary(
            catalog(&doc)
                .get(b"StructTreeRoot")
                .and_then(Object::as_reference)
                .unwrap_or((0, 0)),
        )
        .ok()
        .and_then(|root| root.get(b"ParentTree").ok())
        .and_then(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_dict().ok()))
        .and_then(|tree| {
            tree.get(b"Nums")
                .ok()
                .and_then(|n| n.as_array().ok())
                .cloned()
        })
        .unwrap_or_default();
    let nums: BTreeMap<i64, Vec<Object>> = parent_tree
        .chunks(2)
        .filter_map(|pair| {
            let key = pair.first()?.as_i64().ok()?;
            let value = doc
                .dereference(pair.get(1)?)
                .ok()?
                .1
                .as_array()
                .ok()?
                .clone();
            Some((key, value))
        })
        .collect();
    for ((page, mcid), owner) in &owned {
        let key = doc
            .get_dictionary(pages[*page].1)
            .ok()
            .and_then(|p| p.get(b"StructParents").ok())
            .and_then(|o| o.as_i64().ok());
        let mapped = key
            .and_then(|k| nums.get(&k))
            .and_then(|array| array.get(usize::try_from(*mcid).ok()?))
            .and_then(|o| o.as_reference().ok());
        if mapped != Some(*owner) {
            broken.push(format!(
                "the parent tree does not map MCID {mcid} on page {} to its element",
                page + 1
            ));
        }
    }

    // Headings nest.
    let mut previous = 0;
    for (_, element) in &elements {
        let Some(level) = element
            .role
            .strip_prefix('H')
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if previous == 0 && level != 1 {
            broken.push(format!("09-001: the first heading is H{level}, not H1"));
        } else if level > previous + 1 && previous != 0 {
            broken.push(format!(
                "09-004: H{level} follows H{previous}, skipping a level"
            ));
        }
        previous = level;
    }

    let by_id: BTreeMap<ObjectId, &Element> = elements.iter().map(|(_, e)| (e.id, e)).collect();
    let kid_roles = |element: &Element| -> Vec<String> {
        element
            .kids
            .iter()
            .filter_map(|id| by_id.get(id).map(|e| e.role.clone()))
            .collect()
    };
    for (_, element) in &elements {
        match element.role.as_str() {
            "Figure" if element.alt.as_deref().is_none_or(|a| a.trim().is_empty()) => {
                broken.push("13-004: a Figure has no alternative text".into());
            }
            "Table" => {
                // The first row: directly in the table, or in its THead.
                let rows: Vec<&Element> = element
                    .kids
                    .iter()
                    .filter_map(|id| by_id.get(id).copied())
                    .flat_map(|kid| match kid.role.as_str() {
                        "THead" | "TBody" | "TFoot" => kid
                            .kids
                            .iter()
                            .filter_map(|id| by_id.get(id).copied())
                            .collect(),
                        "TR" => vec![kid],
                        _ => Vec::new(),
                    })
                    .collect();
                let Some(first) = rows.first() else {
                    broken.push("15: a table has no rows".into());
                    continue;
                };
                let header_cells: Vec<&Element> = rows
                    .iter()
                    .flat_map(|row| row.kids.iter().filter_map(|id| by_id.get(id).copied()))
                    .filter(|cell| cell.role == "TH")
                    .collect();
                if header_cells.is_empty() {
                    broken.push("15: a table has no header cells".into());
                }
                let first_roles = kid_roles(first);
                if !first_roles.iter().any(|r| r == "TH") {
                    broken.push(format!(
                        "15: a table's first row has no header cell ({first_roles:?})"
                    ));
                }
                for cell in header_cells {
                    let scope = cell
                        .dict
                        .get(b"A")
                        .and_then(Object::as_dict)
                        .and_then(|a| a.get(b"Scope"))
                        .and_then(Object::as_name);
                    if scope.is_err() {
                        broken.push("15-003: a header cell has no /Scope".into());
                    }
                }
            }
            "L" => {
                for role in kid_roles(element) {
                    if role != "LI" && role != "Caption" {
                        broken.push(format!("16: a list holds a {role}, not LI"));
                    }
                }
            }
            "LI" => {
                for role in kid_roles(element) {
                    if role != "Lbl" && role != "LBody" {
                        broken.push(format!("16: a list item holds a {role}"));
                    }
                }
            }
            "TR" => {
                for role in kid_roles(element) {
                    if role != "TH" && role != "TD" {
                        broken.push(format!("15: a table row holds a {role}"));
                    }
                }
            }
            _ => {}
        }
    }
    broken
}
