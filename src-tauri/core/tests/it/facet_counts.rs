//! The filter chips count exactly: every chip shows how many contracts choosing it would
//! give, on the whole library and under a search or other chips, however the library got
//! to where it is — contracts added, edited, trashed, restored, imported or purged.
//!
//! The reference is [`search::search`] itself: a chip's count must equal the `total` of
//! the search with that chip chosen, which counts the contracts one by one and shares no
//! code with the facet counts (kept in tables by triggers, or grouped in one pass).

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::interchange::{csv, Choices};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::search::{self, FacetCount, Query, StatusFilter};

use crate::support::library::{contract_numbered, open, open_without_sample};

/// A connection of the test's own to the library's file, for what no public function
/// does (an edit in the trash, a purge).
fn raw(db: &Database) -> rusqlite::Connection {
    rusqlite::Connection::open(db.path().expect("a library on disk")).unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn now() -> NaiveDateTime {
    "2025-12-01T09:30:00".parse().unwrap()
}

const STATUSES: [StatusFilter; 7] = [
    StatusFilter::Active,
    StatusFilter::ExpiringWithin30,
    StatusFilter::ExpiringWithin60,
    StatusFilter::ExpiringWithin90,
    StatusFilter::Expired,
    StatusFilter::ExpiredMayBeExtended,
    StatusFilter::Unknown,
];

/// The queries a clerk's chips are counted under: nothing chosen, words typed, each kind
/// of chip chosen (every status chip, alone and with a cooperative or a category), and
/// chips together (a cooperative and a category, with and without each status).
fn queries() -> Vec<Query> {
    let text = |text: &str| Query::text(text);
    let mut queries = vec![
        Query::default(),
        text("services"),
        text("road"),
        text("fle"),
        Query {
            state: Some("TX".into()),
            ..Query::default()
        },
    ];
    for base in [Query::default(), text("services")] {
        queries.push(Query {
            cooperative: Some("Sourcewell".into()),
            ..base.clone()
        });
        queries.push(Query {
            category: Some("Vehicles".into()),
            ..base.clone()
        });
        for status in STATUSES {
            queries.push(Query {
                status: Some(status),
                ..base.clone()
            });
            queries.push(Query {
                cooperative: Some("Facet Cooperative".into()),
                status: Some(status),
                ..base.clone()
            });
            queries.push(Query {
                category: Some("Vehicles".into()),
                status: Some(status),
                ..base.clone()
            });
        }
        queries.push(Query {
            cooperative: Some("TIPS".into()),
            category: Some("Technology".into()),
            status: Some(StatusFilter::Unknown),
            ..base.clone()
        });
        queries.push(Query {
            cooperative: Some("Sourcewell".into()),
            category: Some("Vehicles".into()),
            ..base.clone()
        });
        for status in STATUSES {
            queries.push(Query {
                cooperative: Some("Facet Cooperative".into()),
                category: Some("Vehicles".into()),
                status: Some(status),
                ..base.clone()
            });
        }
    }
    queries
}

/// Every chip under each of [`queries`] against the search it stands for, on `today`.
fn assert_chips_are_exact(db: &Database, today: NaiveDate, after: &str) {
    assert_chips_are_exact_under(db, today, after, &queries());
}

/// Every chip under each of `queries` against the search it stands for, on `today`.
fn assert_chips_are_exact_under(db: &Database, today: NaiveDate, after: &str, queries: &[Query]) {
    let distinct = |column: &str| -> Vec<String> {
        let raw = raw(db);
        let mut stmt = raw
            .prepare(&format!(
                "SELECT DISTINCT {column} FROM contracts WHERE {column} <> ''"
            ))
            .unwrap();
        let values = stmt.query_map([], |row| row.get(0)).unwrap();
        values.map(Result::unwrap).collect()
    };
    let (cooperatives, categories) = (distinct("cooperative"), distinct("category"));
    let total = |query: &Query| search::search(db, query, today).unwrap().total;
    let expected_chips = |values: &[String], choose: &dyn Fn(String) -> Query| {
        let mut chips: Vec<FacetCount> = values
            .iter()
            .map(|value| FacetCount {
                value: value.clone(),
                count: total(&choose(value.clone())),
            })
            .filter(|chip| chip.count > 0)
            .collect();
        chips.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        chips
    };
    for query in queries {
        let facets = search::facets(db, query, today).unwrap();
        let cooperative_chips = expected_chips(&cooperatives, &|value| Query {
            cooperative: Some(value),
            ..query.clone()
        });
        assert_eq!(
            facets.cooperatives, cooperative_chips,
            "after {after}, under {query:?}: each cooperative chip shows what choosing it finds"
        );
        let category_chips = expected_chips(&categories, &|value| Query {
            category: Some(value),
            ..query.clone()
        });
        assert_eq!(
            facets.categories, category_chips,
            "after {after}, under {query:?}: each category chip shows what choosing it finds"
        );
        for status in STATUSES {
            let shown = match status {
                StatusFilter::Active => facets.statuses.active,
                StatusFilter::ExpiringWithin30 => facets.statuses.expiring_within_30,
                StatusFilter::ExpiringWithin60 => facets.statuses.expiring_within_60,
                StatusFilter::ExpiringWithin90 => facets.statuses.expiring_within_90,
                StatusFilter::Expired => facets.statuses.expired,
                StatusFilter::ExpiredMayBeExtended => facets.statuses.expired_may_be_extended,
                StatusFilter::Unknown => facets.statuses.unknown,
            };
            let found = total(&Query {
                status: Some(status),
                ..query.clone()
            });
            assert_eq!(
                shown, found,
                "after {after}, under {query:?}: the {status:?} chip shows what choosing it finds"
            );
        }
    }
}

/// A contract of the test cooperative with the dates that decide its status.
fn dated(
    number: &str,
    category: &str,
    expiry: Option<&str>,
    final_expiry: Option<&str>,
    renewal_options: &str,
) -> Contract {
    Contract {
        cooperative: "Facet Cooperative".into(),
        contract_number: number.into(),
        title: "Road services".into(),
        vendor_name: "Acme Paving".into(),
        category: category.into(),
        expiry_date: expiry.map(day),
        final_expiry_date: final_expiry.map(day),
        renewal_options: renewal_options.into(),
        eligible_states: if number.ends_with('1') {
            vec!["TX".into()]
        } else {
            Vec::new()
        },
        ..Contract::default()
    }
}

fn import_csv(db: &Database, text: &str) {
    let incoming = csv::read(text.as_bytes(), "facets.csv", None).unwrap();
    crate::support::library::import(db, incoming, &Choices::default(), now());
}

#[test]
fn chip_counts_equal_what_choosing_each_chip_finds_through_every_change_to_the_library() {
    let today = day("2025-12-01");
    let dir = tempfile::tempdir().unwrap();
    let db = open(dir.path(), now());
    assert_chips_are_exact(&db, today, "loading the sample");

    // Every status: active, within 30/60/90, expired, expired but extendable (by a final
    // expiry ahead, or by renewal options), no expiry; two with no category; and the
    // days where one status turns into the next.
    let added = [
        dated("F-1", "Vehicles", Some("2027-06-30"), None, ""),
        dated("F-2", "Vehicles", Some("2025-12-10"), None, ""),
        dated("F-3", "Technology", Some("2026-01-20"), None, ""),
        dated("F-4", "", Some("2026-02-20"), None, ""),
        dated("F-5", "Technology", Some("2025-06-30"), None, "None"),
        dated(
            "F-6",
            "Vehicles",
            Some("2025-06-30"),
            Some("2027-06-30"),
            "",
        ),
        dated(
            "F-7",
            "Technology",
            Some("2025-06-30"),
            None,
            "Two one-year renewals",
        ),
        dated("F-8", "", None, None, ""),
        dated(
            "F-9",
            "Technology",
            Some("2025-12-01"),
            Some("2026-06-30"),
            "",
        ),
        // On the last day of each expiring window.
        dated("F-10", "Vehicles", Some("2025-12-31"), None, ""),
        dated("F-11", "Vehicles", Some("2026-01-30"), None, ""),
        dated("F-12", "Technology", Some("2026-03-01"), None, ""),
        // Renewal options that say there are none: plainly expired.
        dated(
            "F-13",
            "Vehicles",
            Some("2025-09-30"),
            None,
            "  No renewals remaining",
        ),
    ];
    for contract in &added {
        contract::insert(&db, contract, now()).unwrap();
    }
    assert_chips_are_exact(&db, today, "adding contracts of every status");

    let mut moved = contract_numbered(&db, "F-2");
    moved.cooperative = "TIPS".into();
    moved.category = "Technology".into();
    moved.expiry_date = None;
    contract::update(&db, &moved, now()).unwrap();
    let mut renewed = contract_numbered(&db, "F-5");
    renewed.renewal_options = "One more year".into();
    contract::update(&db, &renewed, now()).unwrap();
    let mut retitled = contract_numbered(&db, "F-3");
    retitled.title = "Fleet services".into();
    contract::update(&db, &retitled, now()).unwrap();
    assert_chips_are_exact(&db, today, "editing cooperative, category, dates and title");

    let trashed = contract_numbered(&db, "F-6").id.unwrap();
    contract::delete(&db, trashed, now()).unwrap();
    let restored = contract_numbered(&db, "F-7").id.unwrap();
    contract::delete(&db, restored, now()).unwrap();
    contract::restore(&db, restored, now()).unwrap();
    assert_chips_are_exact(&db, today, "trashing one contract and restoring another");

    // A contract in the trash keeps its row; edited there, it still counts nowhere.
    raw(&db)
        .execute(
            "UPDATE contracts SET category = 'Trash only' WHERE id = ?1",
            [trashed],
        )
        .unwrap();
    assert_chips_are_exact(&db, today, "editing a contract in the trash");

    import_csv(
        &db,
        "cooperative,contractNumber,title,vendorName,category,expiryDate,renewalOptions\n\
         Facet Cooperative,I-1,Road salt,Salt Co,Vehicles,2026-01-15,\n\
         Sourcewell,I-2,Fleet services,Fleet Co,Vehicles,2024-01-01,Annual renewals\n\
         Sourcewell,I-3,Road services,Road Co,,,\n",
    );
    assert_chips_are_exact(&db, today, "a small import");

    // From 1,000 new rows an import builds its indexes once at the end.
    let mut bulk =
        String::from("cooperative,contractNumber,title,vendorName,category,expiryDate\n");
    for index in 0..1_000 {
        let cooperative = ["Sourcewell", "TIPS", "Facet Cooperative"][index % 3];
        let category = ["Vehicles", "Technology", ""][index % 4 % 3];
        let expiry = match index % 5 {
            0 => String::new(),
            n => format!("202{}-0{}-15", 4 + n, 1 + index % 9),
        };
        bulk.push_str(&format!(
            "{cooperative},B-{index},Road services {index},Bulk Co {index},{category},{expiry}\n"
        ));
    }
    import_csv(&db, &bulk);
    assert_chips_are_exact(&db, today, "an import of 1,000 contracts");

    // Nothing in the app deletes a row for good, but a purge must not leave counts behind.
    raw(&db)
        .execute(
            "DELETE FROM contracts WHERE contract_number IN ('F-1', 'I-2', 'B-7')",
            [],
        )
        .unwrap();
    assert_chips_are_exact(&db, today, "purging contracts");

    // The days passing, each contract crossing from one chip to the next: F-10 and F-12
    // are expiring on their expiry days and expired the day after; F-9 may be extended
    // through its final expiry and is plainly expired the day after.
    for today in [
        "2025-12-31",
        "2026-01-01",
        "2026-03-01",
        "2026-03-02",
        "2026-06-30",
        "2026-07-01",
    ] {
        assert_chips_are_exact(&db, day(today), &format!("the days passing, on {today}"));
    }
}

#[test]
fn the_expired_chips_judge_every_kind_of_renewal_options_as_search_does() {
    let today = day("2026-03-01");
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    // The renewal texts the status rule is tested with, each in a category of its own,
    // with no final expiry and with one passed, due today and ahead.
    let texts = [
        "",
        "  ",
        " \n\t",
        "None",
        "none remaining",
        "NO",
        "N/A",
        "0",
        "-",
        "No renewals",
        "Not renewable",
        "No further renewals available",
        "no remaining options",
        "Two one-year renewals",
        "Up to 3 additional years",
        "Renewable annually",
        "Notwithstanding the above, renewable",
    ];
    let finals = [
        None,
        Some("2026-02-28"),
        Some("2026-03-01"),
        Some("2027-01-01"),
    ];
    let mut contracts = Vec::new();
    for (t, text) in texts.iter().enumerate() {
        for (f, last) in finals.iter().enumerate() {
            contracts.push(dated(
                &format!("R-{t}-{f}"),
                &format!("Renewals {t}"),
                Some("2025-06-30"),
                *last,
                text,
            ));
        }
    }
    contract::insert_all(&db, &contracts, now()).unwrap();
    let chosen = |status| Query {
        status: Some(status),
        ..Query::default()
    };
    assert_chips_are_exact_under(
        &db,
        today,
        "adding expired contracts with every kind of renewal options",
        &[
            chosen(StatusFilter::Expired),
            chosen(StatusFilter::ExpiredMayBeExtended),
        ],
    );
}
