//! Saved memos: made from a comparison, edited, printed, and never changed once printed.

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::memo::store::{self, Draft};
use coopdesk_core::memo::Section;
use coopdesk_core::settings::{self, Settings};
use coopdesk_core::tco::{self, format_dollars, store as comparisons, Comparison};
use coopdesk_core::Error;

use crate::support::comparison::{orange_county, COOPERATIVE as OPTION};
use crate::support::library::{contract_numbered, open, sample_library};

fn at(day: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

/// A library with the sample contracts, the jurisdiction set, and the Orange County
/// comparison saved with its cooperative option linked to Sourcewell 091521-NAF.
struct Library {
    db: Database,
    comparison_id: i64,
    comparison: Comparison,
}

impl Library {
    fn new() -> Library {
        Library::on(sample_library(at("2026-11-01")))
    }

    /// The same in a file in `dir`, for a test that also writes the file itself.
    fn on_disk(dir: &std::path::Path) -> Library {
        Library::on(open(dir, at("2026-11-01")))
    }

    /// A connection of the test's own to the library's file: the schema's own rules,
    /// with none of the core's checks in front of them.
    fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db.path().expect("a library on disk")).unwrap()
    }

    /// The same on `db`, which holds the sample contracts.
    fn on(db: Database) -> Library {
        settings::save(
            &db,
            &Settings {
                jurisdiction_name: "Village of Peñasco".into(),
                state: "NM".into(),
                legal_authority: "NMSA 1978, § 13-1-129".into(),
                memo_to: "Honorable Mayor and Members of the Village Council".into(),
                authorized_signer: "the Village Administrator".into(),
                ..Settings::default()
            },
        )
        .unwrap();
        let naf = contract_numbered(&db, "091521-NAF");
        let comparison = orange_county().bought_through(OPTION, naf.id).build();
        let comparison_id = comparisons::save(&db, None, &comparison, at("2026-11-02")).unwrap();
        Library {
            db,
            comparison_id,
            comparison,
        }
    }

    fn memo(&self) -> i64 {
        store::create(&self.db, self.comparison_id, OPTION, at("2026-11-03")).unwrap()
    }

    fn edit(&self, id: i64, section: Section, text: &str, day: &str) -> store::MemoView {
        let mut draft: Draft = store::open(&self.db, id).unwrap().draft;
        draft.sections.insert(section, text.to_owned());
        store::save(&self.db, id, &draft, at(day)).unwrap()
    }
}

#[test]
fn a_new_memo_is_prefilled_from_the_comparison_the_contract_and_settings() {
    let library = Library::new();
    let id = library.memo();
    let view = store::open(&library.db, id).unwrap();
    let results = tco::compare(&library.comparison).unwrap();
    let option = &results.options[1];

    assert_eq!(view.version, 1);
    assert_eq!(view.printed_at, None);
    assert!(view.changes.is_empty(), "{:?}", view.changes);
    assert_eq!(
        view.draft.inputs.to,
        "Honorable Mayor and Members of the Village Council"
    );
    assert_eq!(
        view.draft.inputs.date,
        NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()
    );
    assert_eq!(
        view.draft.inputs.amount, option.nominal_total,
        "the option's only line is the vendor's maintenance, so here the two agree"
    );
    assert_eq!(
        view.draft.inputs.purchase,
        "Published multi-year agreement: FY2022 $174,359.25, +5% a year, contract total \
         $751,510.15",
        "what is bought starts as the comparison's description, without its full stop"
    );
    assert_eq!(view.draft.inputs.fiscal_year, "FY2022 to FY2025");
    let recommendation = &view.sections[0];
    assert_eq!(recommendation.section, Section::Recommendation);
    assert!(!recommendation.edited);
    assert!(recommendation
        .text
        .contains("a. Find that Sourcewell contract 091521-NAF"));
    assert!(recommendation
        .text
        .contains("Authorize the Village Administrator to sign"));
    assert_eq!(view.sections.len(), Section::ALL.len());
    assert!(view.html.contains("091521-NAF"));
    assert!(view.html.contains(&format_dollars(option.present_value)));
    assert!(
        view.file_name
            .starts_with("Purchase of Published multi-year agreement"),
        "{}",
        view.file_name
    );
    assert!(view.file_name.ends_with(" v1.pdf"));
    assert_eq!(store::list(&library.db).unwrap().len(), 1);
}

#[test]
fn an_edited_section_prints_the_clerks_words_and_the_data_around_it_stays() {
    let library = Library::new();
    let id = library.memo();
    let view = library.edit(
        id,
        Section::Recommendation,
        "Staff recommends that the Council:\n\na. Approve the purchase — “señor” José's way;\nb. Authorize the Administrator.",
        "2026-11-04",
    );
    assert_eq!(view.version, 1, "an unprinted version is saved in place");
    assert!(view.sections[0].edited);
    assert!(view
        .html
        .contains("Approve the purchase — “señor” José&#39;s way;"));
    assert!(!view.html.contains("Find that Sourcewell contract"));
    // Data blocks of other sections are untouched.
    assert!(view.html.contains("Due diligence checklist"));

    // Typing the composed text back makes the section unedited again.
    let composed = view.sections[0].composed.clone();
    let view = library.edit(id, Section::Recommendation, &composed, "2026-11-05");
    assert!(!view.sections[0].edited);
    assert!(view.draft.sections.is_empty());
}

#[test]
fn a_printed_version_never_changes_and_the_next_edit_makes_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::on_disk(dir.path());
    let id = library.memo();
    library.edit(
        id,
        Section::Background,
        "The server is out of support in June.",
        "2026-11-04",
    );
    let printed = store::print(&library.db, id, None, at("2026-11-05")).unwrap();
    assert_eq!(printed.version, 1);
    assert!(printed.pdf.starts_with(b"%PDF-"));
    // Printing again gives the same bytes, not a new rendering.
    assert_eq!(
        store::print(&library.db, id, None, at("2026-11-06"))
            .unwrap()
            .pdf,
        printed.pdf
    );

    let view = library.edit(
        id,
        Section::Background,
        "The server is out of support in May.",
        "2026-11-07",
    );
    assert_eq!(view.version, 2);
    assert_eq!(view.printed_at, None);
    assert_eq!(view.versions.len(), 2);
    assert_eq!(view.versions[1].printed_at, Some(at("2026-11-05")));
    assert!(view.file_name.ends_with(" v2.pdf"));
    let first = store::version(&library.db, id, Some(1)).unwrap();
    assert_eq!(first.pdf().unwrap(), printed.pdf);
    assert!(store::version(&library.db, id, Some(1))
        .unwrap()
        .memo
        .blocks
        .iter()
        .any(|b| format!("{b:?}").contains("out of support in June")));

    // The schema itself refuses to change or delete what was printed.
    let update = library.raw().execute(
        "UPDATE memo_versions SET content = '{}' WHERE memo_id = ?1 AND version = 1",
        [id],
    );
    assert!(update
        .unwrap_err()
        .to_string()
        .contains("cannot be changed"));
    assert!(matches!(
        store::delete(&library.db, id),
        Err(Error::Invalid { .. })
    ));
    assert_eq!(
        store::version(&library.db, id, Some(1))
            .unwrap()
            .pdf()
            .unwrap(),
        printed.pdf
    );
}

#[test]
fn the_memo_says_when_its_figures_no_longer_match_and_keeps_edits_when_updated() {
    let library = Library::new();
    let id = library.memo();
    library.edit(id, Section::Background, "Our words stay.", "2026-11-04");
    let before = tco::compare(&library.comparison).unwrap().options[1].present_value;

    let mut changed = library.comparison.clone();
    let line = &mut changed.options[0].cost_lines[0];
    line.timing = serde_json::from_value(serde_json::json!({
        "type": "recurring", "fromYear": 1, "toYear": 4, "amount": "175000.00"
    }))
    .unwrap();
    comparisons::save(
        &library.db,
        Some(library.comparison_id),
        &changed,
        at("2026-11-05"),
    )
    .unwrap();
    let after = tco::compare(&changed).unwrap().options[1].present_value;

    let view = store::open(&library.db, id).unwrap();
    assert_eq!(view.changes.len(), 1, "{:?}", view.changes);
    let warning = &view.changes[0];
    assert!(warning.starts_with("The figures no longer match the comparison"));
    assert!(
        warning.contains(&format!("${}", format_dollars(before))),
        "{warning}"
    );
    assert!(
        warning.contains(&format!("${}", format_dollars(after))),
        "{warning}"
    );
    assert!(
        view.html.contains(&format_dollars(before)),
        "the memo keeps its own figures"
    );

    let view = store::update_sources(&library.db, id, at("2026-11-06")).unwrap();
    assert!(view.changes.is_empty(), "{:?}", view.changes);
    assert!(view.html.contains(&format_dollars(after)));
    assert!(view.html.contains("Our words stay."));
}

#[test]
fn a_memo_needs_an_option_linked_to_a_library_contract() {
    let library = Library::new();
    let error = store::create(
        &library.db,
        library.comparison_id,
        "Own RFP for a replacement system",
        at("2026-11-03"),
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("is not a cooperative contract"),
        "{error}"
    );
    let error =
        store::create(&library.db, library.comparison_id, "Nope", at("2026-11-03")).unwrap_err();
    assert!(
        error.to_string().contains("no option named \"Nope\""),
        "{error}"
    );
}

#[test]
fn a_deleted_comparison_leaves_the_memo_with_its_own_figures() {
    let library = Library::new();
    let id = library.memo();
    comparisons::delete(&library.db, library.comparison_id).unwrap();
    let view = store::open(&library.db, id).unwrap();
    assert_eq!(view.comparison_id, None);
    assert!(view.changes[0].contains("was deleted"));
    assert!(view.html.contains("091521-NAF"));
    store::delete(&library.db, id).unwrap();
    assert!(store::list(&library.db).unwrap().is_empty());
}

#[test]
fn the_cli_writes_a_printed_memo_exactly_as_it_was_printed() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let library = Library::on(open(dir.path(), at("2026-11-01")));
        let id = library.memo();
        store::print(&library.db, id, None, at("2026-11-04")).unwrap();
        id
    };
    let output = dir.path().join("memo.pdf");
    let cli = crate::support::cli::command(dir.path(), &["memo-pdf", &id.to_string(), "--output"])
        .arg(&output)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&cli.stdout);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert!(said.contains("Wrote version 1 of memo"), "{said}");
    assert!(said.contains("printed 2026-11-04"), "{said}");
    let db = open(dir.path(), at("2026-11-05"));
    assert_eq!(
        std::fs::read(&output).unwrap(),
        store::version(&db, id, Some(1)).unwrap().pdf().unwrap()
    );
}

#[test]
fn a_memo_keeps_its_option_when_options_are_renamed_and_another_takes_the_old_name() {
    let library = Library::new();
    let id = library.memo();
    let view = store::open(&library.db, id).unwrap();
    assert!(
        !view.draft.option_id.is_empty(),
        "a new memo records its option's stable id"
    );

    // The recommended option is renamed, and the own RFP takes its old name.
    let mut edited = comparisons::get(&library.db, library.comparison_id)
        .unwrap()
        .comparison;
    edited.options[0].name = "Hosted maintenance through Sourcewell".into();
    edited.options[1].name = OPTION.into();
    comparisons::save(
        &library.db,
        Some(library.comparison_id),
        &edited,
        at("2026-11-04"),
    )
    .unwrap();

    let view = store::update_sources(&library.db, id, at("2026-11-05")).unwrap();
    assert_eq!(
        view.draft.option, "Hosted maintenance through Sourcewell",
        "the memo still recommends the cooperative option, under its new name"
    );
    let recommendation = &view.sections[0].text;
    assert!(
        recommendation.contains("091521-NAF"),
        "it still recommends buying through the Sourcewell contract: {recommendation}"
    );
}

#[test]
fn a_memo_saved_before_option_ids_with_two_options_of_one_name_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::on_disk(dir.path());
    let id = library.memo();
    // What an older CoopDesk stored: no ids, and two options of the same name.
    library
        .raw()
        .execute(
            "UPDATE memo_versions SET content = json_set(json_remove(content,
                 '$.draft.optionId', '$.sources.comparison.baseline.id',
                 '$.sources.comparison.options[0].id', '$.sources.comparison.options[1].id'),
                 '$.sources.comparison.options[1].name', ?1)
             WHERE memo_id = ?2",
            rusqlite::params![OPTION, id],
        )
        .unwrap();
    let view = store::open(&library.db, id).expect("an older memo stays readable");
    assert_eq!(view.draft.option, OPTION);
    assert!(
        view.sections[0].text.contains("091521-NAF"),
        "it recommends the option it was written on (the first of that name)"
    );
    assert!(store::version(&library.db, id, None).is_ok());
}

#[test]
fn updating_the_memo_from_the_library_takes_the_approval_lines_changed_in_settings() {
    use coopdesk_core::settings::Signer;
    let library = Library::new();
    let id = library.memo();
    let mut changed = settings::load(&library.db).unwrap();
    changed.signers = vec![Signer {
        role: "Approved by".into(),
        name: "Rosa Martínez".into(),
        title: "Village Administrator".into(),
    }];
    settings::save(&library.db, &changed).unwrap();
    let view = store::update_sources(&library.db, id, at("2026-11-06")).unwrap();
    assert_eq!(
        view.draft.inputs.signers, changed.signers,
        "the new approval lines"
    );
    assert!(
        view.html.contains("Rosa Martínez"),
        "and the page shows them"
    );

    // Lines the clerk wrote for this memo alone stay.
    let mut draft = view.draft.clone();
    draft.inputs.signers[0].name = "Acting: Luis Ortega".into();
    store::save(&library.db, id, &draft, at("2026-11-07")).unwrap();
    changed.signers[0].name = "Someone Else".into();
    settings::save(&library.db, &changed).unwrap();
    let view = store::update_sources(&library.db, id, at("2026-11-08")).unwrap();
    assert_eq!(view.draft.inputs.signers[0].name, "Acting: Luis Ortega");
}

#[test]
fn the_not_to_exceed_is_what_the_vendor_is_paid_over_the_term_not_the_cost_of_ownership() {
    use coopdesk_core::tco::{Category, CostLine, LineTiming};
    let line = |category, description: &str, timing, paid_to_vendor| CostLine {
        category,
        description: description.into(),
        timing,
        paid_to_vendor,
    };
    let money = |text: &str| text.parse::<rust_decimal::Decimal>().unwrap();
    let library = Library::new();
    let mut comparison = library.comparison.clone();
    comparison.purchase_description = "Hosted permitting maintenance.".into();
    let option = &mut comparison.options[0];
    assert_eq!(option.name, OPTION);
    option.cost_lines.extend([
        line(
            Category::InternalStaffTime,
            "Administrator's time",
            LineTiming::Recurring {
                from_year: 1,
                to_year: 4,
                amount: money("8000.00"),
                escalation: money("0.03"),
            },
            None,
        ),
        line(
            Category::SavingsOrResidual,
            "Servers sold",
            LineTiming::OneTime {
                year: 1,
                amount: money("-25000.00"),
            },
            None,
        ),
        line(
            Category::Implementation,
            "Vendor's set-up",
            LineTiming::OneTime {
                year: 0,
                amount: money("15000.00"),
            },
            Some(true),
        ),
        line(
            Category::LicencesAndSubscriptions,
            "Support plan, escalating",
            LineTiming::Recurring {
                from_year: 2,
                to_year: 4,
                amount: money("10000.00"),
                escalation: money("0.05"),
            },
            None,
        ),
    ]);
    comparisons::save(
        &library.db,
        Some(library.comparison_id),
        &comparison,
        at("2026-11-02"),
    )
    .unwrap();
    let id = library.memo();
    let view = store::open(&library.db, id).unwrap();
    // 4 × 180,000 maintenance + 15,000 set-up + 10,000, 10,500, 11,025 support.
    let vendor = money("766525.00");
    assert_eq!(view.draft.inputs.amount, vendor);
    assert_eq!(view.amount_basis.payments.total, vendor);
    assert_eq!(view.amount_basis.term, "up front and FY2022 to FY2025");
    let counted: Vec<&str> = view
        .amount_basis
        .payments
        .counted
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(
        counted,
        [
            "Maintenance and support: Flat annual price",
            "Implementation: Vendor's set-up",
            "Licences and subscriptions: Support plan, escalating",
        ]
    );
    assert_eq!(view.amount_basis.payments.left_out.len(), 2);
    let tco = tco::compare(&comparison).unwrap().options[1].nominal_total;
    assert_ne!(
        tco, vendor,
        "the cost of ownership counts staff time and the resale; the vendor is paid neither"
    );
    assert_eq!(view.draft.inputs.purchase, "Hosted permitting maintenance");
    assert!(view.sections[0].text.contains(&format!(
        "Approve the purchase of Hosted permitting maintenance from 72 Hour LLC dba National \
         Auto Fleet Group in an amount not to exceed {}",
        coopdesk_core::tco::dollars(vendor)
    )));
}

#[test]
fn the_memo_lists_the_gaps_left_in_its_text_and_drops_each_once_filled() {
    let library = Library::new();
    let id = library.memo();
    let view = store::open(&library.db, id).unwrap();
    let texts: Vec<&str> = view.placeholders.iter().map(|p| p.text.as_str()).collect();
    for gap in [
        "[budget account]",
        "[funding source]",
        "Budget account: Not recorded",
    ] {
        assert!(texts.contains(&gap), "{gap} is listed: {texts:?}");
    }
    let mut draft = view.draft;
    draft.inputs.budget_account = "101-4100-5300".into();
    draft.inputs.funding_source = "General Fund".into();
    let view = store::save(&library.db, id, &draft, at("2026-11-04")).unwrap();
    let texts: Vec<&str> = view.placeholders.iter().map(|p| p.text.as_str()).collect();
    assert!(
        !texts.iter().any(|t| t.contains("budget account")
            || t.contains("funding source")
            || t.starts_with("Budget account")
            || t.starts_with("Funding source")),
        "{texts:?}"
    );
}
