//! The renewal memo: written from a council action, its figures are the spending
//! engine's to the cent, every section is there, hostile text stays text, it prints
//! through the same tagged PDF and Word renderers, and a printed version is frozen.

use coopdesk_core::db::Database;
use coopdesk_core::insurance::{
    self, AdditionalInsured, CertificateInput, PolicyInput, PolicyKind,
};
use coopdesk_core::library::contract;
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::memo::store as memos;
use coopdesk_core::memo::{Block, Memo, Section};
use coopdesk_core::renewal_memo::{self as renewal, RenewalDraft};
use coopdesk_core::spending::store;
use coopdesk_core::spending::variance::Basis;
use coopdesk_core::spending::{ApprovalInput, InvoiceInput, PurchaseLineInput, PurchaseOrderInput};
use coopdesk_core::tco::{dollars, store as comparisons};
use coopdesk_core::Error;

use crate::spending::{approval_input, date, now, order_input, today};
use crate::support::comparison::{orange_county, COOPERATIVE};
use crate::support::library::{contract_numbered, sample_library};
use crate::support::pdf_rules;

const VENDOR: &str = "Tyler <script>alert(1)</script> & Sons";
const REASON: &str = "Cooperative's 2026 price sheet <b>not yet</b> loaded";

fn invoice(db: &Database, po: &str, number: &str, on: &str, amount: &str) {
    let input = InvoiceInput {
        po_number: po.into(),
        number: number.into(),
        date: Some(date(on)),
        amount: amount.into(),
        paid_date: Some(date(on)),
        credit_memo: amount.starts_with('-'),
    };
    store::add_invoice(db, &input, "Billed as sent", today(), now()).unwrap();
}

/// The Orange County comparison recommended through a printed memo and approved
/// (Resolution 2026-04, $180,000.00); invoices in FY2026 and FY2027; one purchase above
/// the price list, overridden with a reason; a certificate of insurance on file. The
/// vendor's name is hostile. Answers the library and the approval's id.
fn approved_books() -> (Database, i64) {
    let db = sample_library(now());
    let mut naf = contract_numbered(&db, "091521-NAF");
    naf.vendor_name = VENDOR.into();
    naf.renewal_count = Some(2);
    naf.renewal_months = Some(12);
    naf.renewals_used = Some(1);
    naf.final_expiry_date = None;
    naf.expiry_date = Some(date("2027-03-31"));
    let id = naf.id.unwrap();
    contract::update(&db, &naf, now()).unwrap();
    price_list::set_price_lines(
        &db,
        id,
        &[PriceLine {
            item: "Annual support".into(),
            unit: "each".into(),
            unit_price: "1000.00".parse().unwrap(),
            notes: String::new(),
        }],
        now(),
    )
    .unwrap();
    let mut comparison = orange_county().bought_through(COOPERATIVE, naf.id).build();
    comparison.start.fiscal_year = 2026;
    let comparison_id = comparisons::save(&db, None, &comparison, now()).unwrap();
    let memo = memos::create(&db, comparison_id, COOPERATIVE, now()).unwrap();
    memos::print(&db, memo, None, now()).unwrap();
    let input = ApprovalInput {
        memo_id: Some(memo),
        contract_id: None,
        ..approval_input(0, "180000.00")
    };
    let approval = store::record_approval(&db, &input, today(), now())
        .unwrap()
        .id;
    store::add_purchase_order(
        &db,
        &order_input(approval, "4500-0113", "60000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    invoice(&db, "4500-0113", "INV-88", "2026-03-15", "21480.55");
    invoice(&db, "4500-0113", "INV-91", "2026-09-15", "12000.00");
    invoice(&db, "4500-0113", "CM-2", "2026-10-01", "-760.33");
    let above = PurchaseOrderInput {
        amount: "1150.00".into(),
        lines: vec![PurchaseLineInput {
            item: "Annual support".into(),
            quantity: "1".into(),
            unit_price: "1150.00".into(),
        }],
        ..order_input(approval, "4500-0114", "")
    };
    store::add_purchase_order(&db, &above, REASON, today(), now()).unwrap();
    insurance::store::add_certificate(
        &db,
        &CertificateInput {
            contract_id: Some(id),
            approval_id: Some(approval),
            insurer: "Travelers <i>Casualty</i>".into(),
            policies: vec![PolicyInput {
                kind: PolicyKind::GeneralLiability,
                limit: "$1,000,000".into(),
            }],
            effective_date: Some(date("2026-07-01")),
            expiry_date: Some(date("2027-07-01")),
            additional_insured: AdditionalInsured::Yes,
            notes: String::new(),
        },
        None,
        now(),
    )
    .unwrap();
    (db, approval)
}

fn headings(memo: &Memo) -> Vec<String> {
    memo.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 1, text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// The facts printed right after the section `heading`.
fn facts_of(memo: &Memo, heading: &str) -> Vec<(String, String)> {
    section_blocks(memo, heading)
        .iter()
        .find_map(|b| match b {
            Block::Facts { facts } => Some(
                facts
                    .iter()
                    .map(|f| (f.label.clone(), f.value.clone()))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no facts under {heading}"))
}

fn table_of(memo: &Memo, heading: &str) -> Vec<Vec<String>> {
    section_blocks(memo, heading)
        .iter()
        .find_map(|b| match b {
            Block::Table(table) => Some(table.rows.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no table under {heading}"))
}

fn section_blocks<'a>(memo: &'a Memo, heading: &str) -> &'a [Block] {
    let start = memo
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, text } if text == heading))
        .unwrap_or_else(|| panic!("no section {heading}"))
        + 1;
    let len = memo.blocks[start..]
        .iter()
        .take_while(|b| !matches!(b, Block::Heading { level: 1, .. }))
        .count();
    &memo.blocks[start..start + len]
}

fn fact(facts: &[(String, String)], label: &str) -> String {
    facts
        .iter()
        .find(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("no fact {label} in {facts:?}"))
        .1
        .clone()
}

#[test]
fn the_renewal_memo_has_every_section_and_the_spending_screens_figures_to_the_cent() {
    let (db, approval) = approved_books();
    let id = renewal::create(&db, approval, now()).unwrap();
    let memo = memos::version(&db, id, None).unwrap().memo;
    assert_eq!(
        headings(&memo),
        [
            "Recommendation",
            "What the council approved",
            "Spending by fiscal year",
            "Price-list deviations",
            "Insurance on file",
            "The vendor's renewal terms",
            "Approval",
        ]
    );
    assert!(memo.header.subject.starts_with("Renewal of"));

    let approved = facts_of(&memo, "What the council approved");
    assert_eq!(
        fact(&approved, "Resolution or action"),
        "Resolution 2026-04"
    );
    assert_eq!(fact(&approved, "Date of the action"), "January 13, 2026");
    assert_eq!(fact(&approved, "Not to exceed"), "$180,000.00");
    assert_eq!(fact(&approved, "Term"), "February 1, 2026 to June 30, 2027");

    // What the Spending screen shows: the approval's figures and its variance.
    let figures = store::approval_view(&db, approval, today())
        .unwrap()
        .summary
        .figures;
    let spent = facts_of(&memo, "Spending by fiscal year");
    for (label, amount) in [
        ("Authorised", figures.authorised),
        ("Committed", figures.committed),
        ("Invoiced", figures.invoiced),
        ("Paid", figures.paid),
        ("Remaining", figures.remaining),
    ] {
        assert_eq!(fact(&spent, label), dollars(amount), "{label}");
    }
    assert_eq!(
        fact(&spent, "Invoiced"),
        "$32,720.22",
        "21,480.55 + 12,000 − 760.33"
    );
    let variance = store::approval_variance(&db, approval).unwrap();
    assert!(matches!(variance.basis, Basis::Compared { .. }));
    let rows = table_of(&memo, "Spending by fiscal year");
    assert_eq!(
        rows.len(),
        variance.years.len() + 1,
        "a row a year and the total"
    );
    for (row, year) in rows.iter().zip(&variance.years) {
        assert_eq!(row[0], year.fiscal_year);
        assert_eq!(row[1], dollars(year.projected.unwrap()));
        assert_eq!(row[2], dollars(year.invoiced));
        assert_eq!(row[3], dollars(year.variance.unwrap()));
        assert_eq!(row[4], format!("{}%", year.percent.unwrap().normalize()));
    }
    let total = rows.last().unwrap();
    assert_eq!(total[0], "Total");
    assert_eq!(
        total[2],
        dollars(figures.invoiced),
        "the years add up to the invoiced"
    );

    let deviations = table_of(&memo, "Price-list deviations");
    assert_eq!(deviations.len(), 1, "{deviations:?}");
    assert!(deviations[0][1].contains("above the contract's price list"));
    assert_eq!(deviations[0][2], REASON);

    let insurance = table_of(&memo, "Insurance on file");
    assert_eq!(insurance[0][0], "Travelers <i>Casualty</i>");
    assert!(
        insurance[0][1].contains("$1,000,000.00"),
        "{:?}",
        insurance[0]
    );
    assert_eq!(insurance[0][4], "Named");

    let terms = facts_of(&memo, "The vendor's renewal terms");
    assert_eq!(fact(&terms, "Options"), "2");
    assert_eq!(fact(&terms, "Used"), "1");
    assert_eq!(fact(&terms, "Left"), "1");
    assert_eq!(fact(&terms, "Last possible expiry"), "March 31, 2028");
}

#[test]
fn hostile_text_stays_text_in_the_preview_the_pdf_and_word() {
    let (db, approval) = approved_books();
    let id = renewal::create(&db, approval, now()).unwrap();
    let view = renewal::open(&db, id).unwrap();
    assert!(
        !view.html.contains("<script>"),
        "the vendor's name is escaped"
    );
    assert!(view.html.contains("&lt;script&gt;"));
    assert!(view.html.contains("&lt;b&gt;not yet&lt;/b&gt;"));
    let saved = memos::version(&db, id, None).unwrap();
    let pdf = saved.pdf().unwrap();
    let broken = pdf_rules::broken_rules(&pdf);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let docx = saved.docx().unwrap();
    let document = {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut part = archive.by_name("word/document.xml").unwrap();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        text
    };
    assert!(document.contains("Tyler &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons"));
    assert!(!document.contains("<script>"));
}

#[test]
fn an_edit_is_kept_a_printed_version_is_frozen_and_the_next_edit_is_a_new_version() {
    let (db, approval) = approved_books();
    let id = renewal::create(&db, approval, now()).unwrap();
    let view = renewal::open(&db, id).unwrap();
    let editable: Vec<Section> = view.sections.iter().map(|s| s.section).collect();
    assert_eq!(
        editable,
        Section::RENEWAL,
        "every section's prose is editable"
    );
    let recommendation = view
        .sections
        .iter()
        .find(|s| s.section == Section::Recommendation)
        .unwrap();
    assert!(recommendation.text.contains("[the renewal term]"));
    assert!(
        view.placeholders
            .iter()
            .any(|p| p.text.contains("[amount]")),
        "the gaps are listed before printing: {:?}",
        view.placeholders
    );
    let mut draft: RenewalDraft = view.draft.clone();
    draft.sections.insert(
        Section::Recommendation,
        "a. Approve the second renewal, April 1, 2027 to March 31, 2028;\nb. Not to exceed $60,000.00."
            .into(),
    );
    let edited = renewal::save(&db, id, &draft, now()).unwrap();
    assert_eq!(edited.version, 1, "a draft is saved in place");
    assert!(edited.html.contains("the second renewal"));

    let printed = memos::print(&db, id, None, now()).unwrap();
    assert_eq!(printed.version, 1);
    draft.agenda_item = "Consent 9.A".into();
    let next = renewal::save(&db, id, &draft, now()).unwrap();
    assert_eq!(next.version, 2, "a printed version never changes");
    assert_eq!(
        memos::print(&db, id, Some(1), now()).unwrap().pdf,
        printed.pdf,
        "version 1 prints as it was printed"
    );
    let first = memos::version(&db, id, Some(1)).unwrap();
    assert_eq!(
        first.memo.header.agenda_item, "",
        "version 1 keeps what was printed"
    );
    assert_eq!(
        memos::version(&db, id, None)
            .unwrap()
            .memo
            .header
            .agenda_item,
        "Consent 9.A"
    );

    // The justification memo's editor says what this memo is, rather than failing.
    match memos::open(&db, id) {
        Err(Error::Invalid { message, .. }) => assert!(message.contains("renewal memo")),
        other => panic!("expected a sentence, got {other:?}"),
    }
    // The council's action on the printed renewal memo is recorded on its contract, and
    // its variance says why nothing is projected.
    let input = ApprovalInput {
        memo_id: Some(id),
        memo_version: Some(1),
        contract_id: None,
        ..approval_input(0, "60000.00")
    };
    let renewed = store::record_approval(&db, &input, today(), now())
        .unwrap()
        .id;
    let variance = store::approval_variance(&db, renewed).unwrap();
    assert!(
        matches!(&variance.basis, Basis::NoComparison { reason } if reason.contains("renewal memo")),
        "{:?}",
        variance.basis
    );
}

#[test]
fn a_council_action_that_is_not_there_is_not_found() {
    let (db, _) = approved_books();
    assert!(matches!(
        renewal::create(&db, 9999, now()),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn the_cli_writes_the_renewal_memo_as_json_pdf_and_word() {
    use crate::support::cli::{cli, json, stderr};
    let dir = tempfile::tempdir().unwrap();
    let approval = crate::cli_spending::approved(dir.path()).to_string();
    let pdf = dir.path().join("renewal.pdf");
    let docx = dir.path().join("renewal.docx");
    let view = json(
        dir.path(),
        &[
            "memo",
            "renewal",
            &approval,
            "--pdf",
            pdf.to_str().unwrap(),
            "--docx",
            docx.to_str().unwrap(),
        ],
    );
    assert_eq!(view["version"], 1);
    assert!(
        view["title"].as_str().unwrap().contains("070924-SCC"),
        "{view}"
    );
    let spent = view["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "spent")
        .unwrap_or_else(|| panic!("no spending section: {view}"));
    assert!(
        spent["text"]
            .as_str()
            .unwrap()
            .contains("against the $74,360.00 authorised"),
        "{spent}"
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(pdf_rules::broken_rules(&bytes).is_empty());
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    // It is a saved memo: listed with the others, and written again by `memo pdf`.
    let listed = json(dir.path(), &["memo", "list"]);
    assert_eq!(listed[0]["id"], view["id"]);

    let refused = stderr(&cli(dir.path(), &["memo", "renewal", "4242"]));
    assert!(refused.contains("4242"), "{refused}");
}

/// Writes the renewal memo's PDF and Word file to `$COOPDESK_MEMO_OUT` for a person to
/// look at: `COOPDESK_MEMO_OUT=/tmp cargo test -p coopdesk-core --test it -- --ignored
/// memo_renewal::write`.
#[test]
#[ignore = "writes files for a person to look at"]
fn write_the_renewal_memo_for_a_look() {
    let Some(dir) = std::env::var_os("COOPDESK_MEMO_OUT") else {
        return;
    };
    let (db, approval) = approved_books();
    let id = renewal::create(&db, approval, now()).unwrap();
    let saved = memos::version(&db, id, None).unwrap();
    let dir = std::path::Path::new(&dir);
    std::fs::write(dir.join("renewal.pdf"), saved.pdf().unwrap()).unwrap();
    std::fs::write(dir.join("renewal.docx"), saved.docx().unwrap()).unwrap();
}

#[test]
fn the_memos_list_names_the_council_action_a_renewal_memo_was_written_from() {
    let (db, approval) = approved_books();
    let renewal_id = renewal::create(&db, approval, now()).unwrap();
    let listed = memos::list(&db).unwrap();
    let renewal_row = listed.iter().find(|m| m.id == renewal_id).unwrap();
    assert_eq!(
        renewal_row.renewal_of,
        Some(approval),
        "the Memos list opens a renewal memo under its council action"
    );
    assert!(
        listed
            .iter()
            .filter(|m| m.id != renewal_id)
            .all(|m| m.renewal_of.is_none()),
        "a justification memo is no renewal memo: {listed:?}"
    );
    renewal::save(
        &db,
        renewal_id,
        &renewal::open(&db, renewal_id).unwrap().draft,
        now(),
    )
    .unwrap();
    let again = memos::list(&db).unwrap();
    assert_eq!(
        again
            .iter()
            .find(|m| m.id == renewal_id)
            .unwrap()
            .renewal_of,
        Some(approval),
        "still after it is saved again"
    );
}
