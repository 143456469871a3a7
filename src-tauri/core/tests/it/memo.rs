//! The justification memo, composed from the real sample contract and a published TCO
//! case, read back out of the PDF the way a council member's reader would.

use crate::support::pdf_rules;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use coopdesk_core::library::checklist::{self, Answer, ChecklistEntry, ChecklistItem};
use coopdesk_core::library::contract::{self, AwardType, Contract};
use coopdesk_core::memo::{self, Block, Column, Memo, MemoInputs, Table};
use coopdesk_core::settings::{self, Logo, Settings, Signer};
use coopdesk_core::tco::{format_dollars, ComparisonResults};
use rust_decimal::Decimal;

use crate::support::comparison::orange_county;
use crate::support::library::{contract_numbered, sample_library};

fn noon(day: &str) -> chrono::NaiveDateTime {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

/// The memo a clerk in Peñasco would print to buy through Sourcewell 091521-NAF.
fn penasco_memo() -> (Memo, ComparisonResults) {
    penasco_memo_with(|_, _| {})
}

/// The same memo, after `change` has changed the settings or the contract.
fn penasco_memo_with(
    change: impl FnOnce(&mut Settings, &mut Contract),
) -> (Memo, ComparisonResults) {
    let db = sample_library(noon("2026-11-01"));
    let mut naf = contract_numbered(&db, "091521-NAF");
    let id = naf.id.unwrap();
    checklist::set_item(
        &db,
        id,
        &ChecklistEntry {
            item: ChecklistItem::VendorNotDebarred,
            label: String::new(),
            answer: Answer::Yes,
            checked_by: "José Muñoz".into(),
            checked_on: NaiveDate::from_ymd_opt(2026, 11, 20),
            note: "SAM.gov searched".into(),
        },
        noon("2026-11-20"),
    )
    .unwrap();
    let entries = checklist::checklist(&db, id).unwrap();
    let settings = Settings {
        jurisdiction_name: "Village of Peñasco".into(),
        state: "NM".into(),
        entity_type: "city".into(),
        legal_authority: "NMSA 1978, § 13-1-129 (cooperative procurement)".into(),
        fiscal_year_start_month: 7,
        ..Settings::default()
    };
    let mut settings = settings;
    change(&mut settings, &mut naf);
    let (comparison, results) = orange_county().compared();
    let inputs = MemoInputs {
        to: "Honorable Mayor and Members of the Village Council".into(),
        from: "Ana Ruiz, Village Clerk".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        agenda_item: "Consent item 7.B".into(),
        amount: Decimal::new(18_000_000, 2),
        fiscal_year: "FY2027".into(),
        budget_account: "101-4100-5300".into(),
        funding_source: "General Fund".into(),
        authorized_signer: "the Village Administrator".into(),
        signers: vec![
            Signer {
                role: "Prepared by".into(),
                name: "Ana Ruiz".into(),
                title: "Village Clerk".into(),
            },
            Signer {
                role: "Approved by".into(),
                name: "Tomás Gallegos".into(),
                title: "Village Administrator".into(),
            },
        ],
        ..MemoInputs::default()
    };
    let memo = memo::compose(&settings, &naf, &entries, &comparison, &results, 1, &inputs).unwrap();
    (memo, results)
}

/// The text of a PDF as `pdftotext -layout` reads it, or `None` (with the reason printed)
/// when poppler is not installed and this is not CI — or on Windows, where the suite runs
/// under Wine and poppler is a Linux program (the Linux run reads the same PDF bytes).
fn pdf_text(pdf: &[u8]) -> Option<String> {
    if cfg!(windows) {
        eprintln!("skipped: pdftotext is read on the Linux run of this suite");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("memo.pdf");
    std::fs::write(&file, pdf).unwrap();
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
    {
        Ok(output) => {
            assert!(output.status.success(), "pdftotext could not read the memo");
            Some(String::from_utf8(output.stdout).unwrap())
        }
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext is required in CI: {error}"
            );
            eprintln!("skipped: pdftotext is not installed ({error}); apt install poppler-utils");
            None
        }
    }
}

fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn the_printed_memo_names_the_contract_vendor_jurisdiction_and_exact_totals() {
    let (memo, results) = penasco_memo();
    let pdf = memo::to_pdf(&memo).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "the output is a PDF file");
    let Some(text) = pdf_text(&pdf) else { return };
    for expected in [
        "091521-NAF",
        "72 Hour LLC dba National Auto Fleet Group",
        "Village of Peñasco",
        "Tomás Gallegos",
        "José Muñoz",
        "NMSA 1978, § 13-1-129",
        // The published Orange County total and the flat-price option, to the cent.
        "751,510.15",
        "720,000.00",
        "180,000.00",
    ] {
        assert!(
            text.contains(expected),
            "the memo should show {expected:?}:\n{text}"
        );
    }
    for option in &results.options {
        assert!(
            text.contains(&format_dollars(option.present_value)),
            "the present value of {} should be printed",
            option.name
        );
    }
    let pages = pages(&text);
    let count = pages.len();
    assert!(
        count >= 3,
        "the memo and its appendix fill at least three pages"
    );
    for (index, page) in pages.iter().enumerate() {
        let footer = format!("Page {} of {count}", index + 1);
        assert!(
            page.contains(&footer),
            "page {} should say {footer:?}",
            index + 1
        );
    }
}

/// The due-diligence section's prose and its facts table, as (label, value) pairs.
fn due_diligence(memo: &Memo) -> (String, Vec<(String, String)>) {
    let text = memo::sections::section_texts(memo)
        .into_iter()
        .find(|(section, _)| *section == memo::Section::DueDiligence)
        .map(|(_, text)| text)
        .unwrap();
    let facts = memo
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Facts { facts } => Some(
                facts
                    .iter()
                    .map(|f| (f.label.clone(), f.value.clone()))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap();
    (text, facts)
}

fn fact(facts: &[(String, String)], label: &str) -> String {
    facts
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("the facts table has no {label}"))
}

#[test]
fn a_multiple_award_is_named_in_the_facts_and_its_selection_is_called_for_in_due_diligence() {
    let (memo, _) = penasco_memo_with(|_, naf| {
        naf.award_type = Some(AwardType::Multiple);
        naf.awardee_count = Some(4);
        naf.small_business = Some(false);
        naf.local_states = vec!["NM".into()];
        naf.veteran_owned = Some(true);
    });
    let (text, facts) = due_diligence(&memo);
    assert_eq!(fact(&facts, "Award type"), "Multiple award (4 suppliers)");
    assert_eq!(
        fact(&facts, "Supplier"),
        "Not a small business; local in NM; veteran-owned",
        "only what the source states; unknown flags are left out"
    );
    assert!(
        text.contains(
            "Award type: multiple award (4 suppliers) — piggybacking a multiple-award \
             contract may need a documented selection among the awardees"
        ),
        "{text}"
    );
    assert!(
        !text.contains("approved cooperatives"),
        "no list kept, nothing said about it: {text}"
    );
}

/// The words of a printed text with every run of spaces and line breaks made one space.
fn flowing(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every paragraph of the due-diligence section, before and after its facts table.
fn due_diligence_paragraphs(memo: &Memo) -> String {
    let heading = memo::Section::DueDiligence.heading();
    memo.blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Heading { level: 1, text } if text == heading))
        .skip(1)
        .take_while(|b| !matches!(b, Block::Heading { level: 1, .. }))
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_memo_on_a_contract_whose_term_ended_says_so_in_due_diligence_in_the_pdf_and_word() {
    // 091521-NAF expired on 2025-11-08 with one one-year option; the memo is dated
    // 2026-12-02; its facts were never verified with the cooperative.
    let (memo, _) = penasco_memo();
    let text = due_diligence_paragraphs(&memo);
    let ended = "The term of Sourcewell contract 091521-NAF ended on November 8, 2025; its \
                 renewal options reach only November 8, 2026. Staff will confirm the \
                 contract's term and facts with the cooperative before the purchase order \
                 is issued.";
    assert!(text.contains(ended), "{text}");
    assert!(
        text.contains(
            "The facts of Sourcewell contract 091521-NAF have not been verified with the \
             cooperative."
        ),
        "{text}"
    );
    if let Some(printed) = pdf_text(&memo::to_pdf(&memo).unwrap()) {
        assert!(
            flowing(&printed).contains(ended),
            "the PDF says it:\n{printed}"
        );
    }
    if let Some(word) = docx_text(&memo::to_docx(&memo).unwrap()) {
        assert!(
            flowing(&word).contains(ended),
            "the Word file says it:\n{word}"
        );
    }

    let (memo, _) = penasco_memo_with(|_, naf| {
        naf.expiry_date = NaiveDate::from_ymd_opt(2040, 6, 30);
        naf.last_verified = NaiveDate::from_ymd_opt(2026, 11, 20);
    });
    let text = due_diligence_paragraphs(&memo);
    assert!(
        !text.contains("The term of") && !text.contains("have not been verified"),
        "a contract in force through the term, verified this year, needs no word: {text}"
    );
}

#[test]
fn a_memo_citing_a_cooperative_not_on_the_approved_list_says_so() {
    let (memo, _) = penasco_memo_with(|settings, _| {
        settings.approved_cooperatives = vec!["NASPO ValuePoint".into()];
    });
    let (text, facts) = due_diligence(&memo);
    assert!(
        text.contains("Sourcewell is not on Village of Peñasco's list of approved cooperatives"),
        "{text}"
    );
    assert_eq!(fact(&facts, "Award type"), "Not recorded");
    assert!(!text.contains("multiple-award"), "{text}");

    let (memo, _) = penasco_memo_with(|settings, _| {
        settings.approved_cooperatives = vec!["sourcewell".into()];
    });
    let (text, _) = due_diligence(&memo);
    assert!(
        !text.contains("approved cooperatives"),
        "an approved cooperative needs no word (case ignored): {text}"
    );
}

#[test]
fn the_same_memo_prints_to_the_same_bytes_and_is_small() {
    let (memo, _) = penasco_memo();
    let first = memo::to_pdf(&memo).unwrap();
    let second = memo::to_pdf(&memo).unwrap();
    assert!(
        first == second,
        "rendering the same memo twice must give identical files"
    );
    assert!(
        first.len() < 120_000,
        "the fonts should be subset: the memo is {} bytes",
        first.len()
    );
    let doc = lopdf::Document::load_mem(&first).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    let created = pdf_rules::text_of(info.get(b"CreationDate").unwrap());
    assert!(
        created.starts_with("D:20261202"),
        "the PDF's creation date is the memo's date, not the clock or 1970: {created}"
    );
    assert!(
        pdf_rules::xmp(&doc).contains("<xmp:CreateDate>2026-12-02T12:00:00+00:00"),
        "the XMP metadata says the same date"
    );
}

#[test]
fn a_long_table_continues_on_the_next_page_under_its_header() {
    let rows: Vec<Vec<String>> = (1..=80)
        .map(|n| vec![format!("Laptop batch {n}"), format!("{n},000.00")])
        .collect();
    let (mut memo, _) = penasco_memo();
    memo.blocks = vec![Block::Table(Table {
        caption: "Price list".into(),
        columns: vec![Column::left("Item"), Column::right("Unit price")],
        rows,
        total_row: false,
    })];
    let pdf = memo::to_pdf(&memo).unwrap();
    let Some(text) = pdf_text(&pdf) else { return };
    let pages = pages(&text);
    assert!(pages.len() >= 2, "80 rows do not fit on one page");
    for (index, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Item") && page.contains("Unit price"),
            "page {} should repeat the table's header",
            index + 1
        );
    }
    assert!(
        pages[0].contains("Laptop batch 1 "),
        "the first row is on the first page"
    );
    assert!(
        !pages[0].contains("Laptop batch 80") && pages.last().unwrap().contains("Laptop batch 80"),
        "the last row is on a later page"
    );
    assert!(text.contains("80,000.00"));
}

#[test]
fn the_preview_shows_hostile_text_as_characters() {
    let (mut memo, _) = penasco_memo();
    memo.header.subject = "<script>alert('x')</script> & \"quotes\"".into();
    memo.blocks.push(Block::Paragraph {
        text: "<img src=x onerror=alert(1)>".into(),
    });
    let html = memo::to_html(&memo);
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        !html.contains("<script"),
        "no script element may reach the preview"
    );
    assert!(
        !html.contains("<img"),
        "no image element may reach the preview"
    );
    assert!(html.contains("<svg"), "the chart is embedded as SVG");
}

#[test]
fn recommending_the_baseline_is_refused_with_a_reason() {
    let db = sample_library(noon("2026-11-01"));
    let naf = contract::all(&db).unwrap().remove(0);
    let (comparison, results) = orange_county().compared();
    let error = memo::compose(
        &Settings::default(),
        &naf,
        &[],
        &comparison,
        &results,
        0,
        &MemoInputs::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("not the baseline"), "{error}");
}

#[test]
fn a_heading_never_ends_a_page_without_its_text() {
    let (mut memo, _) = penasco_memo();
    // A paragraph of n lines moves the heading down one line at a time, so one of
    // these lands it on the last lines of the page.
    for lines in 25..=45 {
        let filler: Vec<String> = (1..=lines).map(|n| format!("Filler line {n}.")).collect();
        memo.blocks = vec![
            Block::Paragraph {
                text: filler.join("\n"),
            },
            Block::Heading {
                level: 1,
                text: "Fiscal impact".into(),
            },
            Block::Paragraph {
                text: "The first words after the heading.".into(),
            },
        ];
        let pdf = memo::to_pdf(&memo).unwrap();
        let Some(text) = pdf_text(&pdf) else { return };
        let page = pages(&text)
            .into_iter()
            .find(|p| p.contains("Fiscal impact"))
            .expect("the heading is printed");
        assert!(
            page.contains("The first words after the heading."),
            "with {lines} lines before it, the heading must share its page with its text"
        );
    }
}

#[test]
fn the_memo_crosses_to_the_ui_as_camel_case_json_and_back_unchanged() {
    let (memo, _) = penasco_memo();
    let json = serde_json::to_string(&memo).unwrap();
    assert!(
        json.contains(r#""agendaItem":"Consent item 7.B""#),
        "{json}"
    );
    assert!(json.contains(r#""type":"heading""#));
    assert!(json.contains(r#""type":"signatures""#));
    let back: Memo = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back, memo,
        "the editor can send the memo back to be rendered"
    );
}

#[test]
fn the_pdf_prints_hostile_text_literally() {
    let (mut memo, _) = penasco_memo();
    let hostile = "<script>alert('x')</script> <img src=x onerror=alert(1)> javascript:alert(1)";
    memo.header.subject = format!("Purchase of {hostile}");
    memo.blocks.push(Block::Paragraph {
        text: format!("{hostile} — Señor Ñandú’s fleet"),
    });
    let Some(text) = pdf_text(&memo::to_pdf(&memo).unwrap()) else {
        return;
    };
    // pdftotext may wrap the long subject; compare without line breaks.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(hostile), "{flat}");
    assert!(flat.contains("Señor Ñandú’s fleet"), "{flat}");
}

/// Runs a poppler tool on the PDF, or `None` (with the reason printed) when poppler is
/// not installed and this is not CI. Never under Windows (Wine has no poppler).
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> Option<String> {
    if cfg!(windows) {
        eprintln!("skipped: {tool} is a Linux program (poppler-utils); not run on Windows");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("memo.pdf");
    std::fs::write(&file, pdf).unwrap();
    match Command::new(tool).args(args).arg(&file).output() {
        Ok(output) => {
            assert!(
                output.status.success(),
                "{tool} could not read the memo: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            Some(String::from_utf8(output.stdout).unwrap())
        }
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is required in CI: {error}"
            );
            eprintln!("skipped: {tool} is not installed ({error}); apt install poppler-utils");
            None
        }
    }
}

#[test]
fn the_memo_pdf_breaks_none_of_the_checkable_pdf_ua_rules() {
    let (memo, _) = penasco_memo();
    let pdf = memo::to_pdf(&memo).unwrap();
    let broken = pdf_rules::broken_rules(&pdf);
    assert!(
        broken.is_empty(),
        "a screen-reader user would meet these problems:\n{}",
        broken.join("\n")
    );
}

#[test]
fn a_memo_of_every_block_kind_and_a_long_table_stays_accessible() {
    let (mut memo, _) = penasco_memo();
    let rows: Vec<Vec<String>> = (1..=80)
        .map(|n| vec![format!("Laptop batch {n}"), String::new()])
        .collect();
    memo.blocks.push(Block::Heading {
        level: 2,
        text: "A subsection".into(),
    });
    memo.blocks.push(Block::Table(Table {
        caption: String::new(),
        columns: vec![Column::left("Item"), Column::right("Unit price")],
        rows,
        total_row: true,
    }));
    memo.blocks.push(Block::List {
        ordered: false,
        items: vec![String::new(), "<b>not bold</b>".into()],
    });
    let pdf = memo::to_pdf(&memo).unwrap();
    let broken = pdf_rules::broken_rules(&pdf);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The 80 rows span pages; the header row printed on each is in the structure once.
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let elements = pdf_rules::structure(&doc);
    let tables = memo
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    let heads = elements.iter().filter(|(_, e)| e.role == "THead").count();
    assert_eq!(heads, tables, "one header row in the structure per table");
    assert!(doc.get_pages().len() >= 6, "the long table adds pages");
}

#[test]
fn the_structure_reads_in_order_with_headings_lists_tables_and_the_described_chart() {
    let (memo, results) = penasco_memo();
    let pdf = memo::to_pdf(&memo).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let elements = pdf_rules::structure(&doc);
    let roles: Vec<&str> = elements.iter().map(|(_, e)| e.role.as_str()).collect();
    for role in [
        "Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TR", "TH", "TD",
        "Figure", "Caption",
    ] {
        assert!(
            roles.contains(&role),
            "the structure has no {role}: {roles:?}"
        );
    }
    let figure = elements
        .iter()
        .find(|(_, e)| e.role == "Figure")
        .map(|(_, e)| e.alt.clone().unwrap_or_default())
        .unwrap();
    let best = results.best();
    assert!(
        figure.contains(&best.name) && figure.contains(&format_dollars(best.present_value)),
        "the chart's alternative text names the cheapest option and its total: {figure}"
    );
    assert!(figure.contains("breaks even"), "{figure}");

    // A bookmark for each section, in order.
    let mut bookmarks = Vec::new();
    let outlines = pdf_rules::catalog(&doc)
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("the PDF has an outline");
    let mut next = outlines
        .get(b"First")
        .and_then(lopdf::Object::as_reference)
        .ok();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        bookmarks.push(pdf_rules::text_of(item.get(b"Title").unwrap()));
        next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
    let sections: Vec<String> = memo
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 1, text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(bookmarks, sections, "one bookmark per section, in order");

    let Some(tree) = poppler("pdfinfo", &["-struct-text"], &pdf) else {
        return;
    };
    // Sections in the order the memo has them, each an H2 with its words.
    let mut at = tree.find("H1 (block)").expect("the title is an H1");
    assert!(
        tree[at..].contains("\"Village of Peñasco STAFF REPORT\""),
        "the title's two lines read as words: {tree}"
    );
    for block in &memo.blocks {
        if let Block::Heading { level: 1, text } = block {
            let found = tree[at..]
                .find(&format!("\"{text}\""))
                .unwrap_or_else(|| panic!("section {text:?} is missing or out of order:\n{tree}"));
            at += found;
        }
    }
    assert!(tree.contains("  Figure:"), "the chart is a figure: {tree}");
    assert!(
        tree.contains("Scope /Column"),
        "header cells scope their column: {tree}"
    );

    let Some(info) = poppler("pdfinfo", &[], &pdf) else {
        return;
    };
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(!info.contains("PDF/X"), "no PDF/X claim: {info}");
    assert!(
        info.contains(&format!("Title:           {}", memo.title)),
        "{info}"
    );
}

#[test]
fn pdffonts_sees_both_faces_embedded_subset_and_mapped_to_unicode() {
    let (memo, _) = penasco_memo();
    let pdf = memo::to_pdf(&memo).unwrap();
    let Some(fonts) = poppler("pdffonts", &[], &pdf) else {
        return;
    };
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "regular and bold:\n{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let name = columns[0];
        let (tag, face) = name.split_once('+').expect("a subset tag");
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "{name}: the subset tag is six capital letters"
        );
        assert!(face.starts_with("LiberationSans"), "{name}");
        // name type encoding emb sub uni object-id
        let n = columns.len();
        assert_eq!(
            &columns[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "embedded, subset, Unicode-mapped:\n{fonts}"
        );
    }
}

/// The `.docx` read back by LibreOffice as plain text, or `None` (with the reason
/// printed) when LibreOffice is not installed and this is not CI. Never under Windows.
fn docx_text(docx: &[u8]) -> Option<String> {
    if cfg!(windows) {
        eprintln!("skipped: soffice (LibreOffice) is a Linux program here; not run on Windows");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("memo.docx");
    std::fs::write(&file, docx).unwrap();
    // Its own profile, so a LibreOffice already open (or another test) does not block it.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    match Command::new("soffice")
        .arg(&profile)
        .args([
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&file)
        .output()
    {
        Ok(output) => {
            let text = std::fs::read_to_string(dir.path().join("memo.txt")).unwrap_or_else(|_| {
                panic!(
                    "LibreOffice could not read the Word file: {}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                )
            });
            Some(text)
        }
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "soffice is required in CI: {error}"
            );
            eprintln!(
                "skipped: soffice is not installed ({error}); apt install libreoffice-writer-nogui"
            );
            None
        }
    }
}

/// One part of the `.docx` package, as text.
fn docx_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut part = archive.by_name(name).unwrap();
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_word_memo_has_heading_styles_real_tables_lists_and_the_described_chart() {
    let (memo, results) = penasco_memo();
    let docx = memo::to_docx(&memo).unwrap();
    assert_eq!(
        docx,
        memo::to_docx(&memo).unwrap(),
        "the same memo gives the same Word file"
    );
    let document = docx_part(&docx, "word/document.xml");
    assert!(document.contains(r#"<w:pStyle w:val="Heading1"/>"#));
    assert!(document.contains(r#"<w:pStyle w:val="Heading2"/>"#));
    assert!(document.contains("<w:tbl>") && document.contains("<w:tblHeader/>"));
    assert!(document.contains("<w:numPr>"), "lists are Word numbering");
    assert!(document.contains(r#"w:w="12240" w:h="15840""#), "US Letter");
    assert!(
        document.contains(r#"w:top="1440" w:right="1440""#),
        "1-inch margins"
    );
    let best = results.best();
    assert!(
        document.contains("descr=\"Line chart")
            && document.contains(&format_dollars(best.present_value)),
        "the chart carries its alternative text"
    );
    let footer = docx_part(&docx, "word/footer1.xml");
    assert!(footer.contains("NUMPAGES") && footer.contains("Village of Peñasco"));
    assert!(docx_part(&docx, "docProps/core.xml")
        .contains(&format!("<dc:title>{}</dc:title>", memo.title)));
}

#[test]
fn the_word_memo_round_trips_through_libreoffice_with_every_section_and_figure() {
    let (mut memo, results) = penasco_memo();
    let hostile = "<w:t>x</w:t> </w:p> <script>alert('x')</script> & ]]> \"q\"";
    memo.blocks.push(Block::Paragraph {
        text: format!("Edited by the clerk: {hostile} — Señor Ñandú’s fleet"),
    });
    let docx = memo::to_docx(&memo).unwrap();
    let Some(text) = docx_text(&docx) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for block in &memo.blocks {
        if let Block::Heading { text: heading, .. } = block {
            assert!(
                flat.contains(heading.as_str()),
                "section {heading:?} is missing:\n{text}"
            );
        }
    }
    for option in &results.options {
        assert!(
            flat.contains(&format_dollars(option.present_value)),
            "the present value of {} should be in the Word file",
            option.name
        );
    }
    for expected in ["091521-NAF", "Tomás Gallegos", "751,510.15", "STAFF REPORT"] {
        assert!(flat.contains(expected), "{expected:?} is missing:\n{text}");
    }
    assert!(
        flat.contains(&format!(
            "Edited by the clerk: {hostile} — Señor Ñandú’s fleet"
        )),
        "hostile text stays literal:\n{text}"
    );
}

/// Not a check: writes the sample memo as PDF and Word to `$COOPDESK_MEMO_OUT` (a
/// folder) for a person to look at: `COOPDESK_MEMO_OUT=/tmp cargo test -p
/// coopdesk-core --test it -- --ignored memo::write_the_sample_memo`.
#[test]
#[ignore = "writes files for a person to look at"]
fn write_the_sample_memo_for_a_look() {
    let Some(dir) = std::env::var_os("COOPDESK_MEMO_OUT") else {
        return;
    };
    let (memo, _) = penasco_memo();
    let dir = Path::new(&dir);
    std::fs::write(dir.join("memo.pdf"), memo::to_pdf(&memo).unwrap()).unwrap();
    std::fs::write(dir.join("memo.docx"), memo::to_docx(&memo).unwrap()).unwrap();
    let mut with_logo = memo;
    with_logo.header.logo = Some(Logo::from_bytes(&logo_png(), "A test logo").unwrap());
    std::fs::write(dir.join("memo-logo.pdf"), memo::to_pdf(&with_logo).unwrap()).unwrap();
    std::fs::write(
        dir.join("memo-logo.docx"),
        memo::to_docx(&with_logo).unwrap(),
    )
    .unwrap();
}

/// A small RGBA PNG made here: a dark square on a transparent ground, 60 × 30 pixels.
fn logo_png() -> Vec<u8> {
    use std::io::Write;
    let (w, h) = (60u32, 30u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let inside = (10..50).contains(&x) && (5..25).contains(&y);
            raw.extend_from_slice(if inside {
                &[20, 40, 90, 255]
            } else {
                &[0, 0, 0, 0]
            });
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).unwrap();
    let idat = z.finish().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], body: &[u8]| {
        png.extend((body.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(body);
        png.extend(kind);
        png.extend(body);
        png.extend(crc.sum().to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &idat);
    chunk(b"IEND", &[]);
    png
}

#[test]
fn the_logo_prints_in_the_pdf_the_word_file_and_the_preview_with_its_alternative_text() {
    let (mut memo, _) = penasco_memo();
    let logo = Logo::from_bytes(&logo_png(), "Seal of the Village of Peñasco").unwrap();
    memo.header.logo = Some(logo);

    let pdf = memo::to_pdf(&memo).unwrap();
    let broken = pdf_rules::broken_rules(&pdf);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let figures: Vec<String> = pdf_rules::structure(&doc)
        .into_iter()
        .filter(|(_, e)| e.role == "Figure")
        .filter_map(|(_, e)| e.alt)
        .collect();
    assert_eq!(
        figures.first().map(String::as_str),
        Some("Seal of the Village of Peñasco"),
        "the logo is the first figure, with its alternative text: {figures:?}"
    );
    if let Some(images) = poppler("pdfimages", &["-list"], &pdf) {
        assert!(
            images.contains("image") && images.contains("smask"),
            "{images}"
        );
    }

    let docx = memo::to_docx(&memo).unwrap();
    assert!(
        docx_part(&docx, "word/document.xml").contains(r#"descr="Seal of the Village of Peñasco""#)
    );
    assert!(docx_part(&docx, "word/_rels/document.xml.rels").contains("media/logo.png"));
    if let Some(text) = docx_text(&docx) {
        assert!(
            text.contains("STAFF REPORT"),
            "LibreOffice reads the file with its logo"
        );
    }

    let html = memo::to_html(&memo);
    assert!(html.contains(
        r#"<img class="memo-logo" alt="Seal of the Village of Peñasco" src="data:image/png;base64,"#
    ));
}

#[test]
fn a_logo_too_big_or_not_an_image_is_refused_with_a_sentence() {
    let big = vec![0u8; settings::logo::MAX_BYTES + 1];
    let error = Logo::from_bytes(&big, "").unwrap_err().to_string();
    assert!(error.contains("choose one under 512 KB"), "{error}");
    let error = Logo::from_bytes(b"GIF89a....", "").unwrap_err().to_string();
    assert!(error.contains("must be a PNG or JPEG"), "{error}");
    let mut damaged = logo_png();
    damaged.truncate(60);
    assert!(
        Logo::from_bytes(&damaged, "").is_err(),
        "a cut PNG is refused"
    );
    // A JPEG's size is read from its frame header; CMYK is refused.
    let jpeg = |components: u8| {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0, 30, 0, 60, components];
        j.extend([0u8; 12]);
        j
    };
    let logo = Logo::from_bytes(&jpeg(3), "").unwrap();
    assert_eq!((logo.width_px, logo.height_px), (60, 30));
    let error = Logo::from_bytes(&jpeg(4), "").unwrap_err().to_string();
    assert!(error.contains("CMYK"), "{error}");
}

#[test]
fn a_negative_amount_in_a_sentence_prints_its_minus_before_the_dollar_sign() {
    use coopdesk_core::tco::{Category, CostLine, LineTiming};
    // The cooperative option sells the old servers back in year 1 for more than that
    // year's maintenance: its first operating year is money coming back.
    let (comparison, results) = crate::support::comparison::orange_county()
        .costing(
            crate::support::comparison::COOPERATIVE,
            CostLine {
                category: Category::SavingsOrResidual,
                description: "Resale of the old servers".into(),
                timing: LineTiming::OneTime {
                    year: 1,
                    amount: Decimal::new(-50_000_000, 2),
                },
                paid_to_vendor: None,
            },
        )
        .compared();
    let db = sample_library(noon("2026-11-01"));
    let naf = contract_numbered(&db, "091521-NAF");
    let entries = checklist::checklist(&db, naf.id.unwrap()).unwrap();
    let inputs = MemoInputs {
        amount: Decimal::new(18_000_000, 2),
        ..MemoInputs::default()
    };
    let memo = memo::compose(
        &Settings::default(),
        &naf,
        &entries,
        &comparison,
        &results,
        1,
        &inputs,
    )
    .unwrap();
    let json = serde_json::to_string(&memo).unwrap();
    assert!(
        !json.contains("$-"),
        "no amount prints as $-…: {}",
        json.split("$-")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take(80)
            .collect::<String>()
    );
    assert!(
        json.contains("−$"),
        "the year of money coming back is shown negative"
    );
}
