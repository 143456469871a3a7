//! The order of the matches, and paging through all of them: a ranked word; a lone
//! three-letter prefix, by relevance when it matches few contracts, in the cheap order
//! (number, title or vendor matches first, then the rest, newest first) when it matches
//! more than `search::PREFIX_RANKED_UP_TO`; every match counted and reachable either way.

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::search::{self, Query, MAX_LIMIT, PREFIX_RANKED_UP_TO};

fn today() -> NaiveDate {
    "2025-12-01".parse().unwrap()
}

fn now() -> NaiveDateTime {
    "2025-12-01T09:30:00".parse().unwrap()
}

fn contract(
    number: usize,
    title: &str,
    vendor: &str,
    description: &str,
    category: &str,
) -> Contract {
    Contract {
        cooperative: "Test Cooperative".into(),
        contract_number: format!("T-{number:05}"),
        title: title.into(),
        vendor_name: vendor.into(),
        description: description.into(),
        category: category.into(),
        ..Contract::default()
    }
}

/// The contracts a library of exactly one more than `PREFIX_RANKED_UP_TO` "gis" matches
/// holds, oldest first, and what a clerk should see of them.
struct GisLibrary {
    db: Database,
    /// Title "GIS mapping", the oldest contract.
    in_title: i64,
    /// Vendor "Gisborne Supply", the second oldest.
    in_vendor: i64,
    /// "gis" three times in the description, the oldest of the description matches.
    thrice_in_description: i64,
    /// Every description-only match, oldest first.
    in_description: Vec<i64>,
}

/// One more "gis" match than the threshold in all; one description match is filed
/// under another category, so choosing the "Mapping" category leaves exactly the
/// threshold's number.
fn gis_library() -> GisLibrary {
    let db = Database::open_in_memory().unwrap();
    let total = PREFIX_RANKED_UP_TO as usize + 1;
    let mut contracts = vec![
        contract(0, "GIS mapping", "Acme Survey", "Aerial photos", "Mapping"),
        contract(1, "Office chairs", "Gisborne Supply", "Seating", "Mapping"),
        contract(
            2,
            "Road survey",
            "Acme Survey",
            "gis gis gis notes",
            "Mapping",
        ),
    ];
    for number in contracts.len()..total {
        let category = if number < 4 { "Other" } else { "Mapping" };
        contracts.push(contract(
            number,
            "Road survey",
            "Acme Survey",
            "gis road survey notes",
            category,
        ));
    }
    let ids = contract::insert_all(&db, &contracts, now()).unwrap();
    GisLibrary {
        db,
        in_title: ids[0],
        in_vendor: ids[1],
        thrice_in_description: ids[2],
        in_description: ids[2..].to_vec(),
    }
}

/// Every match of `query`, page after page of `MAX_LIMIT`, and the total each page gave.
fn every_page(db: &Database, query: &Query) -> (Vec<i64>, Vec<i64>) {
    pages_of(db, query, MAX_LIMIT)
}

fn pages_of(db: &Database, query: &Query, limit: u32) -> (Vec<i64>, Vec<i64>) {
    let (mut ids, mut totals) = (Vec::new(), Vec::new());
    loop {
        let page = Query {
            limit: Some(limit),
            offset: ids.len() as u32,
            ..query.clone()
        };
        let results = search::search(db, &page, today()).unwrap();
        totals.push(results.total);
        if results.hits.is_empty() {
            return (ids, totals);
        }
        ids.extend(results.hits.iter().map(|hit| hit.summary.id));
    }
}

#[test]
fn a_three_letter_prefix_matching_many_contracts_lists_number_title_and_vendor_matches_first_then_the_newest(
) {
    let library = gis_library();
    let db = &library.db;
    let (found, totals) = every_page(db, &Query::text("gis"));

    let mut expected = vec![library.in_vendor, library.in_title];
    expected.extend(library.in_description.iter().rev());
    assert_eq!(
        found, expected,
        "past the threshold the clerk sees the vendor and title matches (newest first), \
         then the description matches newest first, each once, on every page"
    );
    let total = PREFIX_RANKED_UP_TO + 1;
    assert!(
        totals.iter().all(|&t| t == total),
        "every page counts every match exactly: {totals:?}"
    );

    let filtered = Query {
        cooperative: Some("Test Cooperative".into()),
        ..Query::text("gis")
    };
    assert_eq!(
        every_page(db, &filtered).0,
        expected,
        "a filter every match passes keeps the same order (the filtered query orders in SQL)"
    );
}

#[test]
fn a_three_letter_prefix_matching_few_contracts_is_ranked_by_relevance() {
    let library = gis_library();
    let mapping = Query {
        category: Some("Mapping".into()),
        ..Query::text("gis")
    };
    let results = search::search(&library.db, &mapping, today()).unwrap();
    assert_eq!(
        results.total, PREFIX_RANKED_UP_TO,
        "the category leaves exactly the threshold's number of matches"
    );
    let first: Vec<i64> = results
        .hits
        .iter()
        .take(3)
        .map(|hit| hit.summary.id)
        .collect();
    assert!(
        first[..2].contains(&library.in_title) && first[..2].contains(&library.in_vendor),
        "the title and vendor matches weigh most: {first:?}"
    );
    assert_eq!(
        first[2], library.thrice_in_description,
        "then the description naming GIS three times, although it is the oldest of them \
         (the cheap order would have put it last)"
    );
}

#[test]
fn a_ranked_word_pages_through_every_match_once_in_the_order_of_one_long_page() {
    let db = Database::open_in_memory().unwrap();
    // Several contracts of each relevance, so that ties fall across page boundaries.
    let contracts: Vec<Contract> = (0..130)
        .map(|number| {
            let fleets = ["fleet", "fleet fleet", "fleet services for the county"][number % 3];
            contract(number, "Vehicles", "Acme Motors", fleets, "Vehicles")
        })
        .collect();
    contract::insert_all(&db, &contracts, now()).unwrap();

    let (in_one_page, totals) = pages_of(&db, &Query::text("fleet "), MAX_LIMIT);
    assert_eq!(in_one_page.len(), 130, "one page holds every match");
    assert_eq!(totals[0], 130);
    let (paged, totals) = pages_of(&db, &Query::text("fleet "), 50);
    assert_eq!(
        paged, in_one_page,
        "pages of 50 continue each other, with ties in the same order"
    );
    assert!(
        totals.iter().all(|&t| t == 130),
        "every page counts every match: {totals:?}"
    );
    let mut unique = paged.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 130, "no match shown twice");
}

#[test]
fn a_three_letter_prefix_in_a_small_library_puts_the_most_relevant_first_not_the_newest() {
    let db = Database::open_in_memory().unwrap();
    let ids = contract::insert_all(
        &db,
        &[
            contract(
                1,
                "GIS GIS mapping",
                "Acme Survey",
                "Aerial photos",
                "Mapping",
            ),
            contract(
                2,
                "Roads and GIS survey services for the county parks department",
                "Acme Survey",
                "Aerial photos",
                "Mapping",
            ),
        ],
        now(),
    )
    .unwrap();
    let found: Vec<i64> = search::search(&db, &Query::text("gis"), today())
        .unwrap()
        .hits
        .iter()
        .map(|hit| hit.summary.id)
        .collect();
    assert_eq!(
        found, ids,
        "the short title naming GIS twice outranks the newer, longer one"
    );
}
