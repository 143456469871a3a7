//! With a list of approved cooperatives in the settings, their contracts come first in
//! every order: a ranked word (by relevance within each part) and a short prefix (newest
//! first within each part). Paging through every match finds each exactly once.

use chrono::NaiveDateTime;
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::search::{self, fts_expression, Query};
use coopdesk_core::settings;

use crate::support::library::{library_file, open_without_sample};

fn now() -> NaiveDateTime {
    "2026-11-30T09:00:00".parse().unwrap()
}

const COOPERATIVES: [&str; 4] = ["Sourcewell", "NASPO ValuePoint", "OMNIA Partners", "TIPS"];

/// 240 contracts over four cooperatives; "software" appears one to four times in a
/// description, so the ranks differ; vendors start with "S" one time in two.
fn contracts() -> Vec<Contract> {
    (0..240)
        .map(|n| Contract {
            cooperative: COOPERATIVES[n % 4].into(),
            contract_number: format!("A-{n:04}"),
            title: if n % 3 == 0 {
                "Software licences".into()
            } else {
                "Road salt".into()
            },
            vendor_name: if n % 2 == 0 {
                format!("Summit Vendor {n}")
            } else {
                format!("Vendor {n}")
            },
            description: format!(
                "{} maintenance and support",
                vec!["software"; 1 + n % 4].join(" ")
            ),
            ..Contract::default()
        })
        .collect()
}

/// Every page of `text`, 50 at a time: the ids in order, and the total each page said.
fn every_page(db: &coopdesk_core::db::Database, text: &str) -> (Vec<i64>, i64) {
    let mut ids = Vec::new();
    loop {
        let page = search::search(
            db,
            &Query {
                offset: ids.len() as u32,
                limit: Some(50),
                ..Query::text(text)
            },
            now().date(),
        )
        .unwrap();
        if page.hits.is_empty() {
            return (ids, page.total);
        }
        ids.extend(page.hits.iter().map(|hit| hit.summary.id));
    }
}

#[test]
fn approved_cooperatives_come_first_in_every_order_and_every_match_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    let ids = contract::insert_all(&db, &contracts(), now()).unwrap();
    let mut kept = settings::load(&db).unwrap();
    // Written as a clerk might: the list is matched without regard to case.
    kept.approved_cooperatives = vec!["sourcewell".into(), "TIPS".into()];
    settings::save(&db, &kept).unwrap();
    let approved = |id: i64| {
        let n = ids.iter().position(|i| *i == id).unwrap();
        n % 4 == 0 || n % 4 == 3
    };
    let raw = library_file(dir.path());

    for text in ["software", "s", "su"] {
        let (found, total) = every_page(&db, text);
        let mut unique = found.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), found.len(), "{text}: no match twice");
        assert_eq!(found.len() as i64, total, "{text}: every match reached");
        assert!(total > 100, "{text}: {total} matches, more than two pages");
        let first_other = found.iter().position(|id| !approved(*id)).unwrap();
        assert!(
            found[first_other..].iter().all(|id| !approved(*id)),
            "{text}: every approved match before the others: {found:?}"
        );
        assert!(first_other > 50, "{text}: the approved fill page one");
        for part in [&found[..first_other], &found[first_other..]] {
            if text == "software" {
                // By relevance (bm25, lower is better), ties by the lower id.
                let expression = fts_expression(text).unwrap();
                let mut rank = raw
                    .prepare("SELECT rank FROM contracts_fts WHERE contracts_fts MATCH ?1 AND rowid = ?2")
                    .unwrap();
                let ranks: Vec<(f64, i64)> = part
                    .iter()
                    .map(|id| {
                        (
                            rank.query_row(rusqlite::params![expression, id], |r| r.get(0))
                                .unwrap(),
                            *id,
                        )
                    })
                    .collect();
                assert!(
                    ranks
                        .windows(2)
                        .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)),
                    "{text}: best first within each part: {ranks:?}"
                );
            } else {
                assert!(
                    part.windows(2).all(|w| w[0] > w[1]),
                    "{text}: newest first within each part: {part:?}"
                );
            }
        }
    }
}

#[test]
fn a_three_letter_prefix_with_many_matches_keeps_approved_first_then_named_fields_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    // More "gis" matches than search::PREFIX_RANKED_UP_TO; one in ten has it in its title.
    let many = search::PREFIX_RANKED_UP_TO as usize + 200;
    let contracts: Vec<Contract> = (0..many)
        .map(|n| Contract {
            cooperative: COOPERATIVES[n % 4].into(),
            contract_number: format!("G-{n:05}"),
            title: if n % 10 == 0 {
                "GIS mapping".into()
            } else {
                "Road survey".into()
            },
            vendor_name: "Acme Survey".into(),
            description: "gis road survey notes".into(),
            ..Contract::default()
        })
        .collect();
    let ids = contract::insert_all(&db, &contracts, now()).unwrap();
    let mut kept = settings::load(&db).unwrap();
    kept.approved_cooperatives = vec!["OMNIA Partners".into()];
    settings::save(&db, &kept).unwrap();
    let index = |id: i64| ids.iter().position(|i| *i == id).unwrap();
    let approved = |id: i64| index(id) % 4 == 2;
    let in_title = |id: i64| index(id) % 10 == 0;

    let (found, total) = every_page(&db, "gis");
    assert_eq!(found.len(), many, "every match reached");
    assert_eq!(total as usize, many);
    let mut unique = found.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), many, "no match twice");
    let first_other = found.iter().position(|id| !approved(*id)).unwrap();
    assert!(found[first_other..].iter().all(|id| !approved(*id)));
    for part in [&found[..first_other], &found[first_other..]] {
        let named_end = part.iter().position(|id| !in_title(*id)).unwrap();
        assert!(
            part[named_end..].iter().all(|id| !in_title(*id)),
            "the title matches first within each part"
        );
        for run in [&part[..named_end], &part[named_end..]] {
            assert!(run.windows(2).all(|w| w[0] > w[1]), "newest first");
        }
    }
}

#[test]
fn a_rarely_approved_cooperative_still_comes_first_by_relevance() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    // 600 matches of "software"; one contract in twenty is of the approved cooperative,
    // and none of them among the best few hundred.
    let contracts: Vec<Contract> = (0..600)
        .map(|n| Contract {
            cooperative: if n % 20 == 7 {
                "Rare Coop"
            } else {
                "Other Coop"
            }
            .into(),
            contract_number: format!("R-{n:04}"),
            title: "Software".into(),
            vendor_name: format!("Vendor {n}"),
            // The approved ones say it least: they rank below the best few hundred.
            description: vec!["software"; if n % 20 == 7 { 1 } else { 2 + n % 4 }].join(" "),
            ..Contract::default()
        })
        .collect();
    let ids = contract::insert_all(&db, &contracts, now()).unwrap();
    let mut kept = settings::load(&db).unwrap();
    kept.approved_cooperatives = vec!["RARE COOP".into()];
    settings::save(&db, &kept).unwrap();
    let approved = |id: i64| ids.iter().position(|i| *i == id).unwrap() % 20 == 7;
    let raw = library_file(dir.path());
    let expression = fts_expression("software").unwrap();
    let mut rank = raw
        .prepare("SELECT rank FROM contracts_fts WHERE contracts_fts MATCH ?1 AND rowid = ?2")
        .unwrap();

    let (found, total) = every_page(&db, "software");
    assert_eq!((found.len(), total), (600, 600), "every match reached once");
    let first_other = found.iter().position(|id| !approved(*id)).unwrap();
    assert_eq!(first_other, 30, "the 30 approved matches come first");
    for part in [&found[..first_other], &found[first_other..]] {
        let ranks: Vec<(f64, i64)> = part
            .iter()
            .map(|id| {
                let r: f64 = rank
                    .query_row(rusqlite::params![expression, id], |row| row.get(0))
                    .unwrap();
                (r, *id)
            })
            .collect();
        assert!(
            ranks
                .windows(2)
                .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)),
            "best first within each part"
        );
    }
}
