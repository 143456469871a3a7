//! The contract library as a clerk uses it: search, edit, trash, history, checklist,
//! price list and documents, on the real sample contracts.

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::library::checklist::{self, Answer, ChecklistEntry, ChecklistItem};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::documents::{self, DocumentKind};
use coopdesk_core::library::history::{self, Action};
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::library::search::{self, Query, Sort, SortColumn, StatusFilter};
use coopdesk_core::library::{summary, Status};
use coopdesk_core::settings::{self, Settings};
use coopdesk_core::{Error, ErrorPayload};
use rust_decimal::Decimal;

use crate::support::library::{contract_numbered, open, sample_library};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    text.parse().unwrap()
}

/// The day the checks run on; the sample facts were transcribed 2025-11-25.
fn today() -> NaiveDate {
    day("2025-12-01")
}

fn now() -> NaiveDateTime {
    at("2025-12-01T09:30:00")
}

fn id_of(db: &Database, number: &str) -> i64 {
    contract_numbered(db, number).id.unwrap()
}

fn numbers_found(db: &Database, text: &str) -> Vec<String> {
    search::search(db, &Query::text(text), today())
        .unwrap_or_else(|e| panic!("searching {text:?} failed: {e}"))
        .hits
        .into_iter()
        .map(|hit| hit.summary.contract_number)
        .collect()
}

fn minimal(number: &str) -> Contract {
    Contract {
        cooperative: "Test Cooperative".into(),
        contract_number: number.into(),
        title: "Road repair services".into(),
        vendor_name: "Acme Paving".into(),
        ..Contract::default()
    }
}

// ---------------------------------------------------------------- search

#[test]
fn typing_a_contract_number_puts_that_contract_first() {
    let db = sample_library(now());
    for typed in ["091521-NAF", "091521 -NAF", "091521-naf", "RFP #091521"] {
        let found = numbers_found(&db, typed);
        assert_eq!(
            found.first().map(String::as_str),
            Some("091521-NAF"),
            "typing {typed:?}"
        );
    }
    let results = search::search(&db, &Query::text("HT06-20"), today()).unwrap();
    assert!(
        results.hits[0].exact_number,
        "the HGACBuy number is recognised as a number"
    );
    assert_eq!(results.hits[0].summary.contract_number, "HT06-20");
}

#[test]
fn another_spelling_of_the_vendor_finds_the_contract() {
    let db = sample_library(now());
    for typed in [
        "National Auto Fleet Group",
        "72 HOUR LLC DBA NATIONAL AUTO FLEET GROUP",
        "72 Hour LLC, d/b/a National Auto Fleet Group",
    ] {
        let found = numbers_found(&db, typed);
        assert_eq!(
            found.first().map(String::as_str),
            Some("091521-NAF"),
            "typing {typed:?}"
        );
    }
}

#[test]
fn every_number_and_vendor_spelling_in_the_shared_csv_finds_its_contract() {
    let csv =
        std::fs::read_to_string("../../../shared/data/contracts/cooperative_contracts_sample.csv")
            .or_else(|_| {
                std::fs::read_to_string(
                    "/work/shared/data/contracts/cooperative_contracts_sample.csv",
                )
            })
            .expect("the shared contracts CSV is readable");
    let records = parse_csv(&csv);
    let header = &records[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let db = sample_library(now());
    assert_eq!(
        records.len() - 1,
        10,
        "the CSV holds the ten sample contracts"
    );
    for record in &records[1..] {
        let number = &record[column("contract_number")];
        let mut typed = vec![number.clone()];
        typed.extend(split_list(&record[column("contract_number_variants")]));
        for text in typed {
            assert_eq!(
                numbers_found(&db, &text).first(),
                Some(number),
                "typing the number {text:?} shows contract {number} first"
            );
        }
        let mut vendors = vec![record[column("vendor_name")].clone()];
        vendors.extend(split_list(&record[column("vendor_name_variants")]));
        for vendor in vendors {
            assert!(
                numbers_found(&db, &vendor).contains(number),
                "typing the vendor {vendor:?} finds contract {number}"
            );
        }
    }
}

#[test]
fn searching_without_accents_finds_accented_text_and_the_reverse() {
    let db = sample_library(now());
    let contract = Contract {
        title: "Paving for the Village of Peñasco".into(),
        vendor_name: "Constructora Peñasco y Hermanos".into(),
        ..minimal("PEN-1")
    };
    contract::insert(&db, &contract, now()).unwrap();
    assert_eq!(numbers_found(&db, "penasco"), ["PEN-1"]);
    assert_eq!(numbers_found(&db, "PEÑASCO"), ["PEN-1"]);
    assert_eq!(
        numbers_found(&db, "Penas"),
        ["PEN-1"],
        "a prefix while typing"
    );
    let hit = &search::search(&db, &Query::text("penasco"), today())
        .unwrap()
        .hits[0];
    let title: String = hit
        .highlights
        .title
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(
        title, "Paving for the Village of Peñasco",
        "fragments join to the exact title"
    );
    let marked: Vec<&str> = hit
        .highlights
        .title
        .iter()
        .filter(|f| f.matched)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(
        marked,
        ["Peñasco"],
        "the accented word is the highlighted one"
    );
}

/// A library with names joined by apostrophes (straight and curly), ampersands,
/// hyphens and periods, in the vendor, the title, an alias and the description.
fn library_with_joined_names() -> Database {
    let db = Database::open_in_memory().unwrap();
    let contracts = [
        (
            "J-1",
            "Plumbing services",
            "O'Brien Plumbing Supply",
            "",
            "",
        ),
        (
            "J-2",
            "Store fixtures",
            "Macy\u{2019}s Merchandising Group",
            "",
            "",
        ),
        ("J-3", "Telephone lines", "Lumen", "AT&T Corp", ""),
        (
            "J-4",
            "Internet for schools",
            "Kajeet",
            "",
            "Eligible for E-Rate funding.",
        ),
        ("J-5", "Consulting", "U.S. Communities Partners", "", ""),
        ("J-6", "Plumbing parts", "OBrien Bros", "", ""),
    ];
    for (number, title, vendor, alias, description) in contracts {
        let contract = Contract {
            title: title.into(),
            vendor_name: vendor.into(),
            vendor_aliases: if alias.is_empty() {
                Vec::new()
            } else {
                vec![alias.into()]
            },
            description: description.into(),
            ..minimal(number)
        };
        contract::insert(&db, &contract, now()).unwrap();
    }
    db
}

#[test]
fn a_name_typed_without_its_apostrophe_is_found() {
    let db = library_with_joined_names();
    for (typed, number) in [
        ("obrien", "J-1"),
        ("OBRIEN plumbing", "J-1"),
        ("obri", "J-1"),
        ("macys", "J-2"),
        ("Macys merchandising", "J-2"),
        ("att", "J-3"),
        ("erate", "J-4"),
        ("erate funding", "J-4"),
        ("us communities", "J-5"),
    ] {
        let found = numbers_found(&db, typed);
        assert!(
            found.iter().any(|n| n == number),
            "typing {typed:?} should find contract {number}, found {found:?}"
        );
    }
}

#[test]
fn a_name_typed_with_its_apostrophe_is_still_found_straight_or_curly() {
    let db = library_with_joined_names();
    for (typed, number) in [
        ("O'Brien", "J-1"),
        ("O\u{2019}Brien", "J-1"),
        ("Macy's", "J-2"),
        ("macy\u{2019}s", "J-2"),
        ("AT&T", "J-3"),
        ("E-Rate", "J-4"),
        ("U.S.", "J-5"),
        ("brien", "J-1"),
    ] {
        let found = numbers_found(&db, typed);
        assert!(
            found.iter().any(|n| n == number),
            "typing {typed:?} should find contract {number}, found {found:?}"
        );
    }
    // Typed with the apostrophe, a vendor written without it is found too.
    let found = numbers_found(&db, "O'Brien");
    assert!(
        found.iter().any(|n| n == "J-6"),
        "typing O'Brien should also find \"OBrien Bros\", found {found:?}"
    );
}

#[test]
fn a_sample_vendor_with_an_apostrophe_is_found_the_way_it_is_said() {
    let db = sample_library(now());
    for typed in ["lowes", "Lowes home", "lowe's", "LOWE\u{2019}S"] {
        let found = numbers_found(&db, typed);
        assert_eq!(
            found.first().map(String::as_str),
            Some("R192006"),
            "typing {typed:?} finds Lowe's Home Centers"
        );
    }
}

#[test]
fn joining_marks_do_not_make_unrelated_contracts_match() {
    let db = library_with_joined_names();
    assert_eq!(numbers_found(&db, "macys "), vec!["J-2"]);
    assert_eq!(numbers_found(&db, "att "), vec!["J-3"]);
    assert!(numbers_found(&db, "rienplumbing").is_empty());
}

#[test]
fn an_edited_name_is_found_joined_by_its_new_spelling_only() {
    let db = library_with_joined_names();
    let id = id_of(&db, "J-1");
    let mut edited = contract::get(&db, id).unwrap();
    edited.vendor_name = "D'Angelo Plumbing".into();
    contract::update(&db, &edited, now()).unwrap();
    assert_eq!(numbers_found(&db, "dangelo"), vec!["J-1"]);
    assert!(
        !numbers_found(&db, "obrien ").contains(&"J-1".to_owned()),
        "the old name's joined form left the index with the old name"
    );
}

#[test]
fn whatever_a_person_types_returns_results_or_nothing_never_an_error() {
    let db = sample_library(now());
    let awkward = [
        "\"",
        "\"\"",
        "\"dell",
        "road-repair",
        "O'Brien",
        "O’Brien",
        "C++",
        "50%",
        "(paving",
        "paving)",
        "dell AND",
        "AND",
        "OR",
        "NOT dell",
        "NEAR(dell",
        "dell*",
        "*",
        "**",
        "-",
        "--",
        "^dell",
        "dell:",
        "title:dell",
        "{dell}",
        "[x]",
        "",
        " ",
        "\t\n",
        "penasco",
        "Peñasco",
        "ß",
        "日本",
        "😀",
        "a",
        "d",
        "de",
        "del",
        "dell ",
        "100.00",
        "#21001",
        "091521 -NAF",
        "\\",
        "'",
        "%",
        "_",
        "NULL",
        "; DROP TABLE contracts; --",
        "<img src=x onerror=alert(1)>",
        "x\u{0}y",
        "\u{E000}",
    ];
    for text in awkward {
        let results = search::search(&db, &Query::text(text), today());
        assert!(
            results.is_ok(),
            "typing {text:?} gave an error: {:?}",
            results.err()
        );
        let facets = search::facets(&db, &Query::text(text), today());
        assert!(
            facets.is_ok(),
            "facets for {text:?} gave an error: {:?}",
            facets.err()
        );
    }
    assert_eq!(
        contract::count(&db).unwrap(),
        10,
        "nothing typed changed the library"
    );
}

#[test]
fn an_empty_search_lists_the_library_in_table_order() {
    let db = sample_library(now());
    let results = search::search(&db, &Query::text("   "), today()).unwrap();
    assert_eq!(results.total, 10);
    let listed: Vec<i64> = results.hits.iter().map(|h| h.summary.id).collect();
    let table: Vec<i64> = summary::list(&db, today())
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        listed, table,
        "browsing shows the same order as the Library table"
    );
}

/// Three paving contracts: two of "Test Cooperative" that name paving in their title,
/// and TIPS's, which names it only in its description (a weaker match).
fn paving_library() -> Database {
    let mut db = Database::open_in_memory().unwrap();
    for (number, cooperative, title, description) in [
        ("P-1", "Test Cooperative", "Paving and road repair", ""),
        ("P-2", "Test Cooperative", "Paving materials", ""),
        ("T-9", "TIPS", "Road repair", "Includes paving."),
    ] {
        let contract = Contract {
            cooperative: cooperative.into(),
            title: title.into(),
            description: description.into(),
            ..minimal(number)
        };
        contract::insert(&db, &contract, now()).unwrap();
    }
    approve(&mut db, &[]);
    db
}

fn approve(db: &mut Database, cooperatives: &[&str]) {
    settings::save(
        db,
        &Settings {
            approved_cooperatives: cooperatives.iter().map(|c| c.to_string()).collect(),
            ..Settings::default()
        },
    )
    .unwrap();
}

fn numbers_for(db: &Database, query: &Query) -> Vec<String> {
    search::search(db, query, today())
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.summary.contract_number)
        .collect()
}

#[test]
fn contracts_of_an_approved_cooperative_rank_first_among_equally_relevant_results() {
    let mut db = paving_library();
    let unlisted = numbers_found(&db, "paving");
    assert_eq!(
        unlisted.last().map(String::as_str),
        Some("T-9"),
        "without a list, the weaker match comes last"
    );
    approve(&mut db, &[" tips "]);
    assert_eq!(
        settings::load(&db).unwrap().approved_cooperatives,
        ["tips"],
        "the list is kept trimmed"
    );
    assert_eq!(
        numbers_found(&db, "paving"),
        ["T-9", &unlisted[0], &unlisted[1]],
        "the approved cooperative's contract leads (case ignored); the rest keep their order"
    );
    assert_eq!(
        numbers_found(&db, "pa"),
        ["T-9", "P-2", "P-1"],
        "a short prefix too: approved first, then newest first"
    );
    assert_eq!(
        numbers_found(&db, "P-2").first().map(String::as_str),
        Some("P-2"),
        "a typed contract number still comes first: it is a tier of its own"
    );
}

#[test]
fn approved_sources_only_shows_the_approved_cooperatives_contracts() {
    let mut db = paving_library();
    let approved_only = Query {
        text: "paving".into(),
        approved_only: true,
        ..Query::default()
    };
    assert!(
        numbers_for(&db, &approved_only).is_empty(),
        "with no list kept, no contract is approved"
    );
    approve(&mut db, &["TIPS"]);
    assert_eq!(numbers_for(&db, &approved_only), ["T-9"]);
    let browsing = Query {
        approved_only: true,
        ..Query::default()
    };
    assert_eq!(numbers_for(&db, &browsing), ["T-9"], "without text too");
    let facets = search::facets(&db, &approved_only, today()).unwrap();
    assert_eq!(
        facets.cooperatives.len(),
        1,
        "the cooperative chips count only approved contracts"
    );
}

#[test]
fn filters_combine_with_the_text() {
    let db = sample_library(now());
    let vehicles = Query {
        text: "vehicles".into(),
        cooperative: Some("Sourcewell".into()),
        ..Query::default()
    };
    let found: Vec<String> = search::search(&db, &vehicles, today())
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.summary.contract_number)
        .collect();
    assert_eq!(
        found,
        ["091521-NAF"],
        "HGACBuy's vehicle contract is filtered out"
    );

    // Both Dell contracts expired before December 2025, and the renewal options of both
    // say they may be (or were) extended: not plain "expired".
    let expired_dell = Query {
        text: "dell".into(),
        status: Some(StatusFilter::ExpiredMayBeExtended),
        ..Query::default()
    };
    let results = search::search(&db, &expired_dell, today()).unwrap();
    assert_eq!(
        results.total, 2,
        "both Dell contracts expired before December 2025 and may be extended"
    );
    assert!(results
        .hits
        .iter()
        .all(|h| h.summary.status == Status::ExpiredMayBeExtended));
    let plainly_expired_dell = Query {
        status: Some(StatusFilter::Expired),
        ..expired_dell
    };
    let results = search::search(&db, &plainly_expired_dell, today()).unwrap();
    assert_eq!(results.total, 0);
}

#[test]
fn a_contract_without_a_state_list_is_usable_in_every_state() {
    let db = sample_library(now());
    let texas_only = Contract {
        eligible_states: vec!["TX".into()],
        ..minimal("TX-1")
    };
    contract::insert(&db, &texas_only, now()).unwrap();
    let in_state = |state: &str| {
        let query = Query {
            state: Some(state.into()),
            ..Query::default()
        };
        search::search(&db, &query, today()).unwrap().total
    };
    assert_eq!(
        in_state("tx"),
        11,
        "Texas sees the Texas-only contract and the ten open ones"
    );
    assert_eq!(
        in_state("NM"),
        10,
        "New Mexico does not see the Texas-only contract"
    );
}

#[test]
fn status_filters_change_on_the_right_day() {
    let db = sample_library(now());
    // TIPS 221001 expires 2026-01-31: usable through that day.
    let expired_on = |today: NaiveDate| {
        let query = Query {
            text: "221001".into(),
            status: Some(StatusFilter::Expired),
            ..Query::default()
        };
        search::search(&db, &query, today).unwrap().total
    };
    let within_30_on = |today: NaiveDate| {
        let query = Query {
            text: "221001".into(),
            status: Some(StatusFilter::ExpiringWithin30),
            ..Query::default()
        };
        search::search(&db, &query, today).unwrap().total
    };
    assert_eq!(
        within_30_on(day("2025-12-31")),
        0,
        "31 days before expiry is not within 30"
    );
    assert_eq!(
        within_30_on(day("2026-01-01")),
        1,
        "30 days before expiry is within 30"
    );
    assert_eq!(expired_on(day("2026-01-31")), 0, "usable on its expiry day");
    assert_eq!(expired_on(day("2026-02-01")), 1, "expired the day after");
}

#[test]
fn the_dashboard_and_facets_count_what_expires_soon() {
    let db = sample_library(now());
    let dashboard = search::expiry_dashboard(&db, today()).unwrap();
    let numbers = |list: &[coopdesk_core::library::ContractSummary]| {
        list.iter()
            .map(|s| s.contract_number.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        dashboard.within_30.is_empty(),
        "nothing expires in December 2025"
    );
    assert!(
        dashboard.within_60.is_empty(),
        "TIPS expires 2026-01-31, 61 days away"
    );
    assert_eq!(numbers(&dashboard.within_90), ["221001"]);
    assert_eq!(dashboard.within_90[0].days_left, Some(61));

    let facets = search::facets(&db, &Query::default(), today()).unwrap();
    assert_eq!(facets.statuses.expiring_within_60, 0);
    assert_eq!(facets.statuses.expiring_within_90, 1);
    let total = facets.statuses.active
        + facets.statuses.expiring_within_90
        + facets.statuses.expired
        + facets.statuses.expired_may_be_extended
        + facets.statuses.unknown;
    assert_eq!(total, 10, "the status counts partition the library");
    let sourcewell = facets
        .cooperatives
        .iter()
        .find(|f| f.value == "Sourcewell")
        .unwrap();
    assert_eq!(sourcewell.count, 3);

    let only_sourcewell = Query {
        cooperative: Some("Sourcewell".into()),
        ..Query::default()
    };
    let facets = search::facets(&db, &only_sourcewell, today()).unwrap();
    assert!(
        facets.cooperatives.len() > 1,
        "the cooperative chips still show the other cooperatives while one is chosen"
    );
    assert_eq!(facets.categories.iter().map(|f| f.count).sum::<i64>(), 3);
}

#[test]
fn trashed_contracts_leave_search_and_come_back_when_restored() {
    let db = sample_library(now());
    let id = id_of(&db, "R200702");
    contract::delete(&db, id, now()).unwrap();
    assert!(
        numbers_found(&db, "Carahsoft").is_empty(),
        "a trashed contract is not found"
    );
    assert!(numbers_found(&db, "R200702").is_empty());
    contract::restore(&db, id, now()).unwrap();
    assert_eq!(numbers_found(&db, "Carahsoft"), ["R200702"]);
    assert_eq!(numbers_found(&db, "R200702"), ["R200702"]);
}

#[test]
fn an_edited_contract_is_found_by_its_new_words_not_its_old_ones() {
    let db = sample_library(now());
    let id = id_of(&db, "695-23");
    let mut edited = contract::get(&db, id).unwrap();
    edited.vendor_name = "Zebra Crossing Supplies".into();
    edited.number_variants.push("BB-695-23-X".into());
    contract::update(&db, &edited, now()).unwrap();
    assert_eq!(numbers_found(&db, "zebra"), ["695-23"]);
    assert!(numbers_found(&db, "Traffic Tiger")
        .iter()
        .all(|n| n == "695-23"));
    assert_eq!(
        numbers_found(&db, "BB 695 23 X")
            .first()
            .map(String::as_str),
        Some("695-23")
    );
}

// ---------------------------------------------------------------- records

#[test]
fn awkward_text_survives_a_save_and_load_byte_for_byte() {
    let db = sample_library(now());
    let awkward = Contract {
        cooperative: "NASPO ValuePoint (WSCA-NASPO)".into(),
        contract_number: "007".into(),
        number_variants: vec!["20160000000000000109".into(), "0000123".into()],
        title: "<img src=x onerror=alert(1)>".into(),
        vendor_name: "O’Brien & Sons — “Quality” Asphalt".into(),
        vendor_aliases: vec!["O'Brien and Sons".into(), "Ñandú S.A.".into()],
        description: "Line one\r\nLine two\ttabbed  double  spaced ".into(),
        admin_fee_percent: Some("1.250".parse().unwrap()),
        notes: "emoji 😀, zero width\u{200B}joiner, NUL-free".into(),
        ..minimal("unused")
    };
    let id = contract::insert(&db, &awkward, now()).unwrap();
    let loaded = contract::get(&db, id).unwrap();
    assert_eq!(
        loaded,
        Contract {
            id: Some(id),
            ..awkward.clone()
        }
    );
    assert_eq!(
        loaded.title, "<img src=x onerror=alert(1)>",
        "stored and returned as typed"
    );
    assert_eq!(
        loaded.number_variants[0], "20160000000000000109",
        "no digits lost to a number"
    );
    assert_eq!(loaded.contract_number, "007", "leading zeros kept");
    assert_eq!(
        loaded.admin_fee_percent.unwrap().to_string(),
        "1.250",
        "scale kept"
    );

    let hit = &search::search(&db, &Query::text("onerror"), today())
        .unwrap()
        .hits[0];
    assert_eq!(
        hit.summary.title, "<img src=x onerror=alert(1)>",
        "search returns it unescaped"
    );
    let joined: String = hit
        .highlights
        .title
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(
        joined, "<img src=x onerror=alert(1)>",
        "highlights are plain text, not HTML"
    );
    let found = numbers_found(&db, "20160000000000000109");
    assert_eq!(found[0], "007", "the exact variant comes first");
    assert!(
        found.contains(&"MNWNC-109".to_owned()),
        "Colorado's PA number is found too"
    );
}

#[test]
fn delete_then_restore_gives_back_the_identical_contract() {
    let db = sample_library(now());
    let id = id_of(&db, "091521-NAF");
    let before = contract::get(&db, id).unwrap();
    contract::delete(&db, id, now()).unwrap();
    assert!(matches!(
        contract::get(&db, id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(contract::count(&db).unwrap(), 9);
    let trash = contract::trash(&db).unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].contract_number, "091521-NAF");
    contract::restore(&db, id, now()).unwrap();
    assert_eq!(contract::get(&db, id).unwrap(), before);
    assert!(contract::trash(&db).unwrap().is_empty());
    assert!(
        matches!(
            contract::restore(&db, id, now()),
            Err(Error::NotFound { .. })
        ),
        "a contract not in the trash cannot be restored twice"
    );
}

#[test]
fn history_records_what_changed_from_what_to_what() {
    let db = sample_library(now());
    let id = id_of(&db, "221001");
    let mut edited = contract::get(&db, id).unwrap();
    edited.expiry_date = Some(day("2027-01-31"));
    edited.tags.push("vehicles".into());
    contract::update(&db, &edited, at("2025-12-02T10:00:00")).unwrap();
    contract::update(&db, &edited, at("2025-12-02T10:05:00")).unwrap();
    contract::delete(&db, id, at("2025-12-03T08:00:00")).unwrap();
    contract::restore(&db, id, at("2025-12-03T08:01:00")).unwrap();

    let entries = history::history(&db, id).unwrap();
    let actions: Vec<Action> = entries.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            Action::Create,
            Action::Update,
            Action::Delete,
            Action::Restore
        ],
        "saving without changes records nothing"
    );
    let update = &entries[1];
    assert_eq!(update.at, at("2025-12-02T10:00:00"));
    let fields: Vec<(&str, &str, &str)> = update
        .changes
        .iter()
        .map(|c| (c.label.as_str(), c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("Expiry date", "2026-01-31", "2027-01-31"),
            ("Tags", "sample", "sample; vehicles"),
        ]
    );
}

#[test]
fn a_form_with_several_mistakes_reports_them_all_beside_their_fields() {
    let db = sample_library(now());
    let id = id_of(&db, "23026");
    let before = contract::get(&db, id).unwrap();
    let mut edited = before.clone();
    edited.award_date = Some(day("2025-01-01"));
    edited.expiry_date = Some(day("2024-12-31"));
    edited.admin_fee_percent = Some(Decimal::new(-5, 1));
    edited.title = "  ".into();
    let error = contract::update(&db, &edited, now()).unwrap_err();
    let payload = ErrorPayload::from(&error);
    assert_eq!(payload.code, "invalid");
    let fields: Vec<&str> = payload.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["title", "expiryDate", "adminFeePercent"]);
    assert!(payload
        .message
        .contains("Expiry date: 2024-12-31 is before the award date 2025-01-01"));
    assert!(payload
        .message
        .contains("Admin fee: -0.5% is not a percentage"));
    assert_eq!(contract::get(&db, id).unwrap(), before, "nothing was saved");
}

#[test]
fn an_edit_may_not_duplicate_another_contract_but_may_keep_its_own_number() {
    let db = sample_library(now());
    let id = id_of(&db, "070924-SCC");
    let mut edited = contract::get(&db, id).unwrap();
    edited.notes.push_str("\nChecked again.");
    contract::update(&db, &edited, now()).expect("keeping its own number is fine");

    let naf = contract::get(&db, id_of(&db, "091521-NAF")).unwrap();
    edited.contract_number = naf.contract_number.clone();
    edited.vendor_name = naf.vendor_name.clone();
    let error = contract::update(&db, &edited, now()).unwrap_err();
    let payload = ErrorPayload::from(&error);
    assert_eq!(payload.fields[0].field, "contractNumber");
    assert!(
        payload.message.contains("already in the library"),
        "{}",
        payload.message
    );

    contract::delete(&db, id_of(&db, "091521-NAF"), now()).unwrap();
    let error = contract::insert(&db, &Contract { id: None, ..naf }, now()).unwrap_err();
    assert!(
        error.to_string().contains("in the trash; restore it"),
        "{error}"
    );
}

#[test]
fn the_due_diligence_checklist_keeps_who_checked_what_and_when() {
    let db = sample_library(now());
    let id = id_of(&db, "221001");
    let list = checklist::checklist(&db, id).unwrap();
    assert_eq!(list.len(), 9, "every item is listed");
    assert!(
        list.iter().all(|e| e.answer == Answer::NotYet),
        "nothing is answered at first"
    );

    let debarment = ChecklistEntry {
        item: ChecklistItem::VendorNotDebarred,
        label: String::new(),
        answer: Answer::Yes,
        checked_by: "J. Ortiz, Clerk".into(),
        checked_on: Some(day("2025-11-30")),
        note: "SAM.gov search, no exclusions".into(),
    };
    checklist::set_item(&db, id, &debarment, now()).unwrap();
    let stored = checklist::checklist(&db, id)
        .unwrap()
        .into_iter()
        .find(|e| e.item == ChecklistItem::VendorNotDebarred)
        .unwrap();
    assert_eq!(stored.checked_on, Some(day("2025-11-30")));
    assert_eq!(stored.checked_by, "J. Ortiz, Clerk");
    assert_eq!(stored.answer, Answer::Yes);

    let last = history::history(&db, id).unwrap().pop().unwrap();
    assert_eq!(last.changes[0].field, "dueDiligence.vendorNotDebarred");
    assert_eq!(last.changes[0].old, "not yet");
    assert_eq!(
        last.changes[0].new,
        "yes, by J. Ortiz, Clerk, on 2025-11-30 (SAM.gov search, no exclusions)"
    );

    let anonymous = ChecklistEntry {
        checked_by: " ".into(),
        ..debarment
    };
    assert!(
        checklist::set_item(&db, id, &anonymous, now()).is_err(),
        "a yes without who checked it is refused"
    );
    assert_eq!(
        checklist::item_from_key("federalFundsFit").unwrap(),
        ChecklistItem::FederalFundsFit
    );
}

#[test]
fn price_lines_read_back_exactly() {
    let db = sample_library(now());
    let id = id_of(&db, "070924-SCC");
    let lines = vec![
        PriceLine {
            item: "Copy paper, 8½×11, case".into(),
            unit: "case".into(),
            unit_price: "42.50".parse().unwrap(),
            notes: "Contract list price".into(),
        },
        PriceLine {
            item: "Toner".into(),
            unit: "each".into(),
            unit_price: "100.0000".parse().unwrap(),
            notes: String::new(),
        },
        PriceLine {
            item: "Delivery".into(),
            unit: "order".into(),
            unit_price: Decimal::ZERO,
            notes: "free over $50".into(),
        },
    ];
    price_list::set_price_lines(&db, id, &lines, now()).unwrap();
    let read = price_list::price_lines(&db, id).unwrap();
    assert_eq!(read, lines);
    assert_eq!(
        read[1].unit_price.to_string(),
        "100.0000",
        "the scale typed is kept"
    );
    let wire = serde_json::to_value(&read[0]).unwrap();
    assert_eq!(
        wire["unitPrice"], "42.50",
        "prices cross to the UI as exact strings"
    );

    let negative = vec![PriceLine {
        unit_price: "-1".parse().unwrap(),
        ..lines[0].clone()
    }];
    let error = price_list::set_price_lines(&db, id, &negative, now()).unwrap_err();
    assert_eq!(
        ErrorPayload::from(&error).fields[0].field,
        "priceLines.0.unitPrice"
    );
    assert_eq!(
        price_list::price_lines(&db, id).unwrap(),
        lines,
        "unchanged"
    );
}

#[test]
fn attached_documents_are_copied_checksummed_and_a_tampered_one_is_flagged() {
    let folder = tempfile::tempdir().unwrap();
    let db = open(&folder.path().join("library"), now());
    let id = id_of(&db, "221001");
    let source = folder.path().join("TIPS award: final?.pdf");
    let source = if std::fs::write(&source, b"%PDF-1.7 award").is_ok() {
        source
    } else {
        // Windows refuses ':' and '?' in names; the sanitiser is tested on its own too.
        let plain = folder.path().join("TIPS award final.pdf");
        std::fs::write(&plain, b"%PDF-1.7 award").unwrap();
        plain
    };
    let first = documents::attach(&db, id, &source, DocumentKind::Award, now()).unwrap();
    let second = documents::attach(&db, id, &source, DocumentKind::Award, now()).unwrap();
    assert_ne!(
        first.file_name, second.file_name,
        "a second copy gets its own name"
    );
    assert!(first.path.starts_with(
        folder
            .path()
            .join("library")
            .join("documents")
            .join(id.to_string())
    ));
    assert!(!first.file_name.contains([':', '?', '/', '\\']));
    assert_eq!(
        first.sha256, "834961d4212400b2ba89df6a60d82703bc1365b0ed2b758f5f662be82b10064e",
        "the SHA-256 of the bytes attached (as `sha256sum` prints it)"
    );
    assert_eq!(first.size_bytes, 14);

    let listed = documents::list_documents(&db, id).unwrap();
    assert!(listed.iter().all(|d| d.verified), "untouched copies verify");

    std::fs::write(&first.path, b"%PDF-1.7 AWARD").unwrap();
    std::fs::remove_file(&second.path).unwrap();
    let listed = documents::list_documents(&db, id).unwrap();
    assert!(
        !listed[0].verified && !listed[0].missing,
        "the changed file is flagged"
    );
    assert!(
        !listed[1].verified && listed[1].missing,
        "the missing file is flagged"
    );

    documents::remove_document(&db, first.id, now()).unwrap();
    assert!(!first.path.exists(), "removing deletes the library's copy");
    assert!(source.exists(), "the original file is never touched");
    assert_eq!(documents::list_documents(&db, id).unwrap().len(), 1);
}

#[test]
fn an_in_memory_library_refuses_attachments_with_a_clear_message() {
    let db = sample_library(now());
    let file = tempfile::NamedTempFile::new().unwrap();
    let error = documents::attach(
        &db,
        id_of(&db, "221001"),
        file.path(),
        DocumentKind::Other,
        now(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("held in memory only"), "{error}");
}

// ---------------------------------------------------------------- helpers

/// RFC 4180: quoted fields may hold commas, CRLF and doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

fn split_list(text: &str) -> Vec<String> {
    text.split(" | ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------- expired, may be extended

/// Three contracts past their expiry on [`today`]: one whose final possible expiry is
/// still ahead, one whose renewal options allow renewals (no final date recorded), one
/// with nothing left.
fn library_with_expired_contracts() -> Database {
    let db = Database::open_in_memory().unwrap();
    let expired = |number: &str, renewals: &str, last: Option<&str>| Contract {
        expiry_date: Some(day("2025-10-31")),
        renewal_options: renewals.into(),
        final_expiry_date: last.map(day),
        ..minimal(number)
    };
    for contract in [
        expired("EXT-1", "Two one-year renewals", Some("2027-10-31")),
        expired("EXT-2", "Renewable annually by mutual agreement", None),
        expired("DONE-1", "None", None),
        expired("DONE-2", "One renewal", Some("2025-10-31")),
    ] {
        contract::insert(&db, &contract, now()).unwrap();
    }
    db
}

#[test]
fn an_expired_contract_that_may_be_extended_is_not_shown_as_plain_expired() {
    let db = library_with_expired_contracts();
    let results = search::search(&db, &Query::text(""), today()).unwrap();
    let status = |number: &str| {
        results
            .hits
            .iter()
            .find(|h| h.summary.contract_number == number)
            .map(|h| h.summary.clone())
            .unwrap()
    };
    let ext = status("EXT-1");
    assert_eq!(ext.status, Status::ExpiredMayBeExtended);
    assert_eq!(ext.may_be_extended_to, Some(day("2027-10-31")));
    assert_eq!(
        ext.status_sentence(),
        "Expired on 2025-10-31 — may be extended to 2027-10-31; verify with the cooperative"
    );
    let by_renewals = status("EXT-2");
    assert_eq!(by_renewals.status, Status::ExpiredMayBeExtended);
    assert!(by_renewals
        .status_sentence()
        .contains("verify with the cooperative"));
    assert_eq!(status("DONE-1").status, Status::Expired);
    assert_eq!(
        status("DONE-2").status,
        Status::Expired,
        "its final expiry has passed too"
    );
    // The same in the Library table's list.
    let listed = summary::list(&db, today()).unwrap();
    assert!(listed
        .iter()
        .any(|s| s.contract_number == "EXT-1" && s.status == Status::ExpiredMayBeExtended));
}

#[test]
fn the_status_filter_and_its_counts_tell_expired_from_may_be_extended() {
    let db = library_with_expired_contracts();
    let numbers = |status: StatusFilter| -> Vec<String> {
        let query = Query {
            status: Some(status),
            ..Query::default()
        };
        let mut found: Vec<String> = search::search(&db, &query, today())
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.summary.contract_number)
            .collect();
        found.sort();
        found
    };
    assert_eq!(numbers(StatusFilter::Expired), ["DONE-1", "DONE-2"]);
    assert_eq!(
        numbers(StatusFilter::ExpiredMayBeExtended),
        ["EXT-1", "EXT-2"]
    );
    let facets = search::facets(&db, &Query::default(), today()).unwrap();
    assert_eq!(facets.statuses.expired, 2);
    assert_eq!(facets.statuses.expired_may_be_extended, 2);
    // With text too (the ranked path).
    let query = Query {
        status: Some(StatusFilter::ExpiredMayBeExtended),
        ..Query::text("road")
    };
    assert_eq!(search::search(&db, &query, today()).unwrap().total, 2);
}

/// The case: on 2026-12-07, a contract that expired in June 2024 with one
/// one-year option has run out; one that expired last week with two one-year options
/// may be extended; one whose options are used up, or whose final expiry has passed, has
/// run out; one whose renewal words say neither how many nor how long says so.
#[test]
fn a_contract_past_the_last_date_it_could_be_extended_to_is_expired_everywhere() {
    let db = Database::open_in_memory().unwrap();
    let today = day("2026-12-07");
    let expired = |number: &str, expiry: &str, words: &str| Contract {
        expiry_date: Some(day(expiry)),
        renewal_options: words.into(),
        ..minimal(number)
    };
    let used_up = Contract {
        renewal_count: Some(2),
        renewal_months: Some(12),
        renewals_used: Some(2),
        ..expired("USED-UP", "2026-11-30", "two (2) one-year extensions")
    };
    for contract in [
        expired(
            "RAN-OUT",
            "2024-06-30",
            "May be extended one additional year",
        ),
        expired("TWO-LEFT", "2026-11-30", "two (2) one-year extensions"),
        used_up,
        expired("UNCLEAR", "2024-06-30", "Renewable by mutual agreement"),
    ] {
        contract::insert(&db, &contract, now()).unwrap();
    }
    let listed = summary::list(&db, today).unwrap();
    let sentence = |number: &str| {
        listed
            .iter()
            .find(|s| s.contract_number == number)
            .unwrap()
            .status_sentence()
    };
    assert_eq!(sentence("RAN-OUT"), "Expired on 2024-06-30");
    assert_eq!(
        sentence("TWO-LEFT"),
        "Expired on 2026-11-30 — may be extended to 2028-11-30; verify with the cooperative"
    );
    assert_eq!(sentence("USED-UP"), "Expired on 2026-11-30");
    assert_eq!(
        sentence("UNCLEAR"),
        "Expired on 2024-06-30 — renewal terms unclear; verify with the cooperative"
    );
    let numbers = |status| {
        let query = Query {
            status: Some(status),
            ..Query::default()
        };
        let mut found: Vec<String> = search::search(&db, &query, today)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.summary.contract_number)
            .collect();
        found.sort();
        found
    };
    assert_eq!(numbers(StatusFilter::Expired), ["RAN-OUT", "USED-UP"]);
    assert_eq!(
        numbers(StatusFilter::ExpiredMayBeExtended),
        ["TWO-LEFT", "UNCLEAR"]
    );
    let facets = search::facets(&db, &Query::default(), today).unwrap();
    assert_eq!(
        (
            facets.statuses.expired,
            facets.statuses.expired_may_be_extended
        ),
        (2, 2),
        "the chips count what the filters find"
    );
    let stored = contract_numbered(&db, "RAN-OUT");
    assert_eq!(
        (stored.renewal_count, stored.renewal_months),
        (Some(1), Some(12)),
        "the option the words say plainly is kept as data"
    );
    // Using one more option moves the contract back to "expired" that day.
    let mut two_left = contract_numbered(&db, "TWO-LEFT");
    two_left.renewals_used = Some(2);
    contract::update(&db, &two_left, now()).unwrap();
    assert_eq!(
        numbers(StatusFilter::Expired),
        ["RAN-OUT", "TWO-LEFT", "USED-UP"]
    );
}

#[test]
fn verified_today_with_the_cooperative_is_one_click_kept_in_the_history() {
    let db = Database::open_in_memory().unwrap();
    let id = contract::insert(&db, &minimal("V-1"), now()).unwrap();
    let verified = contract::mark_verified(&db, id, day("2026-12-07"), now()).unwrap();
    assert_eq!(verified.last_verified, Some(day("2026-12-07")));
    let entries = history::history(&db, id).unwrap();
    let last = entries.last().unwrap();
    assert!(
        last.changes
            .iter()
            .any(|c| c.field == "lastVerified" && c.new == "2026-12-07"),
        "{last:?}"
    );
}

#[test]
fn the_dashboard_lists_expired_contracts_that_may_still_be_extended() {
    let db = library_with_expired_contracts();
    let dashboard = search::expiry_dashboard(&db, today()).unwrap();
    let mut numbers: Vec<&str> = dashboard
        .expired_may_be_extended
        .iter()
        .map(|s| s.contract_number.as_str())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["EXT-1", "EXT-2"]);
    assert!(dashboard.within_90.is_empty());
}

// ---------------------------------------------------------------- sorting and paging

/// Every page of `query` in turn, as contract numbers.
fn all_pages(db: &Database, query: &Query, page: u32) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut offset = 0;
    loop {
        let results = search::search(
            db,
            &Query {
                limit: Some(page),
                offset,
                ..query.clone()
            },
            today(),
        )
        .unwrap();
        if results.hits.is_empty() {
            assert_eq!(
                numbers.len() as i64,
                results.total,
                "every page was reached"
            );
            return numbers;
        }
        numbers.extend(results.hits.into_iter().map(|h| h.summary.contract_number));
        offset += page;
    }
}

fn sorted_by(column: SortColumn, descending: bool) -> Option<Sort> {
    Some(Sort { column, descending })
}

#[test]
fn sorting_by_title_orders_the_whole_library_across_pages() {
    let db = sample_library(now());
    let mut expected = summary::list(&db, today()).unwrap();
    expected.sort_by_key(|s| (s.title.to_lowercase(), s.id));
    let expected: Vec<String> = expected.into_iter().map(|s| s.contract_number).collect();

    let by_title = Query {
        sort: sorted_by(SortColumn::Title, false),
        ..Query::default()
    };
    assert_eq!(
        all_pages(&db, &by_title, 3),
        expected,
        "pages of three continue one another in title order, not each page sorted alone"
    );
    let mut reversed = all_pages(
        &db,
        &Query {
            sort: sorted_by(SortColumn::Title, true),
            ..Query::default()
        },
        4,
    );
    reversed.reverse();
    assert_eq!(reversed, expected, "descending is the same order backwards");
}

#[test]
fn sorting_a_text_search_keeps_its_matches_and_orders_them_by_the_column() {
    let db = sample_library(now());
    let text = "services";
    let mut ranked = numbers_found(&db, text);
    assert!(
        ranked.len() > 2,
        "the sample has several matches for {text:?}"
    );

    let by_vendor = Query {
        text: text.into(),
        sort: sorted_by(SortColumn::VendorName, false),
        ..Query::default()
    };
    let sorted = all_pages(&db, &by_vendor, 2);
    let vendors: Vec<String> = sorted
        .iter()
        .map(|number| contract_numbered(&db, number).vendor_name.to_lowercase())
        .collect();
    assert!(
        vendors.windows(2).all(|pair| pair[0] <= pair[1]),
        "vendors A to Z across pages: {vendors:?}"
    );
    let mut sorted_set = sorted.clone();
    sorted_set.sort();
    ranked.sort();
    assert_eq!(
        sorted_set, ranked,
        "sorting changes the order, not the matches"
    );
}

#[test]
fn a_sorted_number_search_still_finds_the_exact_number_with_its_highlight() {
    let db = sample_library(now());
    let query = Query {
        text: "091521 -NAF".into(),
        sort: sorted_by(SortColumn::Cooperative, true),
        ..Query::default()
    };
    let results = search::search(&db, &query, today()).unwrap();
    let hit = results
        .hits
        .iter()
        .find(|hit| hit.summary.contract_number == "091521-NAF")
        .expect("the typed number is among the sorted results");
    assert!(hit.exact_number, "it is still marked as the typed number");
}

#[test]
fn contracts_without_an_expiry_sort_last_either_way() {
    let db = Database::open_in_memory().unwrap();
    for (number, expiry) in [
        ("A-1", Some("2027-01-01")),
        ("B-2", None),
        ("C-3", Some("2026-03-01")),
    ] {
        let undated = Contract {
            expiry_date: expiry.map(day),
            ..minimal(number)
        };
        contract::insert(&db, &undated, now()).unwrap();
    }
    let order = |descending| {
        let query = Query {
            sort: sorted_by(SortColumn::Expiry, descending),
            ..Query::default()
        };
        all_pages(&db, &query, 10)
    };
    assert_eq!(
        order(false),
        ["C-3", "A-1", "B-2"],
        "soonest first, unknown last"
    );
    assert_eq!(
        order(true),
        ["A-1", "C-3", "B-2"],
        "latest first, unknown still last"
    );
}

#[test]
fn the_policy_discount_rate_is_kept_with_its_source_and_starts_new_comparisons() {
    use coopdesk_core::tco::template::new_comparison_with_policy;
    let db = Database::open_in_memory().unwrap();
    let policy = Settings {
        policy_discount_rate: Some(Decimal::new(35, 3)),
        policy_discount_source: " Finance policy FP-12 ".into(),
        ..Settings::default()
    };
    let stored = settings::save(&db, &policy).unwrap();
    assert_eq!(stored.policy_discount_rate, Some(Decimal::new(35, 3)));
    assert_eq!(stored.policy_discount_source, "Finance policy FP-12");
    let comparison = new_comparison_with_policy(7, day("2026-12-07"), stored.policy_rate());
    assert_eq!(
        comparison.discount.rate,
        Decimal::new(35, 3),
        "a new comparison starts with the jurisdiction's rate, not OMB's"
    );
    assert_eq!(comparison.discount.source, "Finance policy FP-12");

    let unsourced = Settings {
        policy_discount_rate: Some(Decimal::new(35, 3)),
        ..Settings::default()
    };
    match settings::save(&db, &unsourced) {
        Err(Error::InvalidFields(errors)) => assert!(
            errors.iter().any(|e| e.field == "policyDiscountSource"),
            "a memo must be able to cite the rate: {errors:?}"
        ),
        other => panic!("a policy rate without its source was accepted: {other:?}"),
    }
    assert_eq!(
        settings::load(&db).unwrap().policy_discount_rate,
        Some(Decimal::new(35, 3)),
        "the refused save changed nothing"
    );
}
