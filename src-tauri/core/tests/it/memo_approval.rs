//! What the council is asked to approve: the thing bought named in the subject and the
//! motion, the savings against what it would otherwise do, the gaps left in the text
//! listed before printing, and tables that print whole rows and whole header words.

use std::collections::BTreeSet;
use std::process::Command;

use chrono::NaiveDate;
use coopdesk_core::library::checklist::{self, ChecklistEntry};
use coopdesk_core::library::contract::Contract;
use coopdesk_core::memo::placeholders::{placeholders, Placeholder};
use coopdesk_core::memo::{self, Block, Column, Memo, MemoInputs, Section, Table};
use coopdesk_core::settings::Settings;
use coopdesk_core::tco::{dollars, Comparison};
use rust_decimal::Decimal;

use crate::support::comparison::{orange_county, ComparisonBuilder, COOPERATIVE, OWN_RFP};
use crate::support::library::{contract_numbered, sample_library};
use crate::support::{pdf_rules, soffice};

/// What one memo is made from; each test changes the part it is about.
struct Makings {
    settings: Settings,
    contract: Contract,
    checklist: Vec<ChecklistEntry>,
    inputs: MemoInputs,
}

fn makings() -> Makings {
    let db = sample_library(
        NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    );
    let contract = contract_numbered(&db, "091521-NAF");
    let checklist = checklist::checklist(&db, contract.id.unwrap()).unwrap();
    Makings {
        settings: Settings {
            jurisdiction_name: "Village of Peñasco".into(),
            legal_authority: "NMSA 1978, § 13-1-129".into(),
            ..Settings::default()
        },
        contract,
        checklist,
        inputs: MemoInputs {
            to: "Honorable Mayor and Members of the Village Council".into(),
            from: "Ana Ruiz, Village Clerk".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            purchase: "hosted maintenance of the permitting system".into(),
            amount: Decimal::new(72_000_000, 2),
            fiscal_year: "FY2022 to FY2025".into(),
            budget_account: "101-4100-5300".into(),
            funding_source: "General Fund".into(),
            ..MemoInputs::default()
        },
    }
}

impl Makings {
    /// The memo recommending the cooperative option of `comparison`.
    fn memo(&self, comparison: ComparisonBuilder) -> Memo {
        let (comparison, results) = comparison.compared();
        let chosen = position(&comparison, COOPERATIVE);
        memo::compose(
            &self.settings,
            &self.contract,
            &self.checklist,
            &comparison,
            &results,
            chosen,
            &self.inputs,
        )
        .unwrap()
    }
}

fn position(comparison: &Comparison, name: &str) -> usize {
    comparison
        .all_options()
        .position(|o| o.name == name)
        .unwrap()
}

fn section(memo: &Memo, wanted: Section) -> String {
    memo::sections::section_texts(memo)
        .into_iter()
        .find(|(section, _)| *section == wanted)
        .map(|(_, text)| text)
        .unwrap()
}

#[test]
fn the_subject_and_the_motion_name_what_is_bought_not_the_options_name() {
    let makings = makings();
    let memo = makings.memo(orange_county());
    assert_eq!(
        memo.header.subject,
        "Purchase of hosted maintenance of the permitting system through Sourcewell contract \
         091521-NAF"
    );
    let recommendation = section(&memo, Section::Recommendation);
    assert!(
        recommendation.contains(
            "Approve the purchase of hosted maintenance of the permitting system from 72 Hour \
             LLC dba National Auto Fleet Group in an amount not to exceed $720,000.00"
        ),
        "{recommendation}"
    );
    assert!(
        !recommendation.contains(COOPERATIVE),
        "the option's name is how staff told the options apart, not what the council buys:\n\
         {recommendation}"
    );
}

#[test]
fn without_the_field_the_comparisons_description_is_what_is_bought_and_without_both_a_gap_shows() {
    let mut makings = makings();
    makings.inputs.purchase = "  ".into();
    let memo = makings.memo(orange_county().described("Hosted permitting maintenance."));
    assert_eq!(
        memo.header.subject,
        "Purchase of Hosted permitting maintenance through Sourcewell contract 091521-NAF",
        "the description's full stop does not end up inside the sentence"
    );
    let memo = makings.memo(orange_county().described(""));
    assert!(
        memo.header
            .subject
            .starts_with("Purchase of [what is bought"),
        "{}",
        memo.header.subject
    );
    assert!(placeholders(&memo)
        .iter()
        .any(|p| p.place == "Header" && p.text.starts_with("[what is bought")));
}

/// The savings sentence of the recommendation.
fn savings(memo: &Memo) -> String {
    section(memo, Section::Recommendation)
        .split("\n\n")
        .find(|p| p.starts_with("Buying through"))
        .unwrap_or_else(|| panic!("no savings sentence in {:#?}", memo.blocks))
        .to_owned()
}

#[test]
fn the_recommendation_says_what_the_contract_saves_against_the_other_way() {
    let makings = makings();
    // Orange County without its own RFP, and a second cooperative contract: renewing the
    // maintenance at +5 % ($751,510.15) is what the council would otherwise do; another
    // cooperative contract is not the alternative to a cooperative purchase.
    let (mut comparison, _) = orange_county().compared();
    comparison.options.retain(|o| o.name != OWN_RFP);
    let mut another = comparison.options[0].clone();
    another.name = "Another cooperative contract".into();
    another.id = "another".into();
    comparison.options.push(another);
    let results = coopdesk_core::tco::compare(&comparison).unwrap();
    let memo = memo::compose(
        &makings.settings,
        &makings.contract,
        &makings.checklist,
        &comparison,
        &results,
        1,
        &makings.inputs,
    )
    .unwrap();
    let (renew, chosen) = (&results.options[0], &results.options[1]);
    assert_eq!(
        savings(&memo),
        format!(
            "Buying through Sourcewell contract 091521-NAF saves $31,510.15 in dollars spent \
             and {} in present value over FY2022 to FY2025, against \"{}\" (the baseline), the \
             least costly way to meet the need without a cooperative contract.",
            dollars(renew.present_value - chosen.present_value),
            renew.name
        )
    );
}

#[test]
fn when_the_contract_costs_more_the_sentence_says_so_plainly() {
    // As published, the own RFP costs less than the cooperative option, even started
    // six months late: the memo must not hide it.
    let makings = makings();
    let (comparison, results) = orange_county().compared();
    let chosen = &results.options[position(&comparison, COOPERATIVE)];
    let own_rfp = &results.options[position(&comparison, OWN_RFP)];
    assert!(own_rfp.present_value < results.options[0].present_value);
    let sentence = savings(&makings.memo(orange_county()));
    assert_eq!(
        sentence,
        format!(
            "Buying through Sourcewell contract 091521-NAF costs $26,348.75 more in dollars \
             spent and {} more in present value over FY2022 to FY2025, against \"{OWN_RFP}\", \
             the least costly way to meet the need without a cooperative contract. The \
             background explains why staff recommends it nonetheless.",
            dollars(chosen.present_value - own_rfp.present_value),
        )
    );
    assert!(
        !sentence.contains('−'),
        "a cost is said in words, not as a negative saving: {sentence}"
    );
}

#[test]
fn every_placeholder_the_composer_writes_is_listed_with_where_it_prints() {
    let mut makings = makings();
    makings.settings = Settings::default();
    makings.inputs.budget_account.clear();
    makings.inputs.funding_source.clear();
    makings.inputs.fiscal_year.clear();
    makings.inputs.to.clear();
    let memo = makings.memo(orange_county().rated_from(""));
    let found = placeholders(&memo);
    let has = |place: &str, text: &str| {
        found.contains(&Placeholder {
            place: place.into(),
            text: text.into(),
        })
    };
    for (place, text) in [
        ("Header", "To: empty"),
        ("Header", "[Jurisdiction: set it in Settings]"),
        (
            "Recommendation",
            "[the legal authority for cooperative purchasing: set it in Settings]",
        ),
        ("Fiscal impact", "[budget account]"),
        ("Fiscal impact", "[funding source]"),
        ("Fiscal impact", "Budget account: Not recorded"),
        ("Fiscal impact", "Funding source: Not recorded"),
        ("Fiscal impact", "Fiscal year: Not recorded"),
        (
            "Cooperative contract and due diligence",
            "Legal authority: Not recorded",
        ),
        (
            "Total cost of ownership",
            "Discount rate: source not stated",
        ),
        (
            "Recommendation",
            "Who signs: the chief administrative officer (no one named)",
        ),
    ] {
        assert!(
            has(place, text),
            "{place}: {text} is not listed in {found:#?}"
        );
    }
    let repeated = found
        .iter()
        .filter(|p| p.text == "[budget account]")
        .count();
    assert_eq!(repeated, 1, "each gap once per section");

    let complete = makings_complete();
    let left = placeholders(&complete);
    assert!(
        left.iter()
            .all(|p| p.place == "Cooperative contract and due diligence"),
        "with the settings and the memo's fields filled, only the contract record's own \
         gaps remain: {left:#?}"
    );
}

/// The memo with every field and setting given.
fn makings_complete() -> Memo {
    let mut makings = makings();
    makings.inputs.authorized_signer = "the Village Administrator".into();
    makings.memo(orange_county())
}

#[test]
fn a_placeholder_the_clerk_types_into_a_section_is_listed_too() {
    let memo = makings_complete();
    let mut edits = std::collections::BTreeMap::new();
    edits.insert(
        Section::Background,
        "The quote is dated [date of the quote].".to_owned(),
    );
    let mut memo = memo;
    memo::sections::apply_edits(&mut memo, &edits);
    assert!(placeholders(&memo).contains(&Placeholder {
        place: "Background".into(),
        text: "[date of the quote]".into(),
    }));
}

/// Every checklist answer with a long note, so the checklist table crosses a page.
fn long_checklist(makings: &mut Makings) {
    let note = "Checked against the cooperative's award documents, the vendor's certificate \
                of insurance and the state's list of debarred suppliers; copies are filed \
                with the contract record and the purchasing file for the audit";
    let entries = std::mem::take(&mut makings.checklist);
    for _ in 0..3 {
        for entry in &entries {
            let mut entry = entry.clone();
            entry.note = note.into();
            entry.checked_by = "José Muñoz, Deputy Clerk".into();
            entry.checked_on = NaiveDate::from_ymd_opt(2026, 11, 20);
            makings.checklist.push(entry);
        }
    }
}

/// Each page's text as poppler reads it, or `None` where poppler is not installed and
/// this is not CI (or on Windows: the Linux run reads the same bytes).
fn pdf_pages(pdf: &[u8]) -> Option<Vec<String>> {
    if cfg!(windows) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("memo.pdf");
    std::fs::write(&file, pdf).unwrap();
    match Command::new("pdftotext").arg(&file).arg("-").output() {
        Ok(output) => Some(
            String::from_utf8(output.stdout)
                .unwrap()
                .split('\u{c}')
                .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect(),
        ),
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext is required in CI: {error}"
            );
            eprintln!("skipped: pdftotext is not installed ({error})");
            None
        }
    }
}

/// The pages a structure element's content is drawn on: its own `/Pg`, its marked-content
/// references' `/Pg`, and its kids'.
fn pages_of(doc: &lopdf::Document, id: lopdf::ObjectId, pages: &mut BTreeSet<lopdf::ObjectId>) {
    use lopdf::Object;
    let Ok(dict) = doc.get_dictionary(id) else {
        return;
    };
    if let Ok(page) = dict.get(b"Pg").and_then(Object::as_reference) {
        pages.insert(page);
    }
    let Ok(Object::Array(kids)) = dict.get(b"K") else {
        return;
    };
    for kid in kids {
        match kid {
            Object::Reference(kid) => pages_of(doc, *kid, pages),
            Object::Dictionary(mcr) => {
                if let Ok(page) = mcr.get(b"Pg").and_then(Object::as_reference) {
                    pages.insert(page);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn a_checklist_row_is_never_split_across_two_pages() {
    let mut makings = makings();
    long_checklist(&mut makings);
    let memo = makings.memo(orange_county());
    let pdf = memo::to_pdf(&memo).unwrap();
    if let Some(dir) = std::env::var_os("COOPDESK_MEMO_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("checklist.pdf"), &pdf).unwrap();
    }
    assert_eq!(pdf_rules::broken_rules(&pdf), Vec::<String>::new());
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    // The tags say which page each piece of a row is drawn on: a row split by a page
    // break is a `TR` drawn on two.
    let mut rows = 0;
    for (_, element) in pdf_rules::structure(&doc) {
        if element.role != "TR" {
            continue;
        }
        let mut pages = BTreeSet::new();
        pages_of(&doc, element.id, &mut pages);
        assert_eq!(
            pages.len(),
            1,
            "a table row is drawn on {} pages: {:?}",
            pages.len(),
            element.dict
        );
        rows += 1;
    }
    assert!(
        rows > makings.checklist.len(),
        "every checklist row and fact was checked"
    );
    let Some(pages) = pdf_pages(&pdf) else { return };
    let checklist_pages = pages
        .iter()
        .filter(|page| page.contains("Checked against the cooperative"))
        .count();
    assert!(
        checklist_pages >= 2,
        "the test's checklist crosses a page ({checklist_pages})"
    );
}

#[test]
fn the_word_files_table_headers_never_break_inside_a_word() {
    // Long header words over columns of short figures, beside a column of long text: the
    // columns shared out by how much text each holds left "Acknowledgement" a third of
    // its width.
    let mut memo = makings_complete();
    let row = |n: u32| {
        vec![
            format!("Certificate of insurance number {n} checked against the policy"),
            "Yes".to_owned(),
            "Clerk".to_owned(),
            format!("{n}.00"),
            "Filed".to_owned(),
        ]
    };
    memo.blocks = vec![Block::Table(Table {
        caption: String::new(),
        columns: vec![
            Column::left("What was verified"),
            Column::left("Acknowledgement"),
            Column::left("Responsibility"),
            Column::right("Reimbursement"),
            Column::left("Documentation"),
        ],
        rows: (1..=3).map(row).collect(),
        total_row: false,
    })];
    let docx = memo::to_docx(&memo).unwrap();
    if let Some(dir) = std::env::var_os("COOPDESK_MEMO_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("headers.docx"), &docx).unwrap();
        let full = memo::to_docx(&makings_complete()).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("memo.docx"), full).unwrap();
    }
    if cfg!(windows) {
        eprintln!("skipped: LibreOffice is not run on Windows (the suite runs under Wine)");
        return;
    }
    // LibreOffice lays the file out as Word does; poppler reads each word it printed.
    let Some(pdf) = soffice::convert(&docx, "memo.docx", "pdf", "pdf") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice is required in CI"
        );
        return;
    };
    let Some(pages) = pdf_pages(&pdf) else { return };
    let words: Vec<&str> = pages.iter().flat_map(|p| p.split(' ')).collect();
    for heading in [
        "Acknowledgement",
        "Responsibility",
        "Reimbursement",
        "Documentation",
    ] {
        assert!(
            words.contains(&heading),
            "the header \"{heading}\" prints whole, not broken over two lines: {words:?}"
        );
    }
}
