//! Search latency on a large library.
//!
//! `cargo bench -p coopdesk-core --bench search` (optionally `-- 20000` for fewer
//! contracts) generates 100,000 contracts of realistic length with a skewed (Zipf)
//! vocabulary into a temporary database file, then times `search()` per query shape
//! against the bare ranked FTS5 query (`MATCH … ORDER BY rank LIMIT 50`) as the floor.
//! The generator is seeded, so every run builds the same library.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::library::contract;
use coopdesk_core::library::search::{self, fts_expression, Query, StatusFilter};
use coopdesk_core::opening::{self, OpenOptions};

#[path = "support/generated.rs"]
mod generated;
use generated::{Generated, COOPERATIVES};

const ITERATIONS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Runs `work` for each input in turn, `ITERATIONS` times in all; returns (p50, p99).
fn measure<T>(inputs: &[T], mut work: impl FnMut(&T)) -> (Duration, Duration) {
    for input in inputs.iter().take(5) {
        work(input); // warm the page cache and the statement cache
    }
    let mut times: Vec<Duration> = (0..ITERATIONS)
        .map(|i| {
            let start = Instant::now();
            work(&inputs[i % inputs.len()]);
            start.elapsed()
        })
        .collect();
    times.sort();
    (percentile(&times, 0.50), percentile(&times, 0.99))
}

/// Times `facets()` over `queries` and prints one line: "{what}: p50 …, p99 …".
fn facet_line(db: &Database, today: NaiveDate, what: &str, queries: &[Query]) {
    let (p50, p99) = measure(queries, |q| {
        search::facets(db, q, today).unwrap();
    });
    println!("{what}: p50 {} ms, p99 {} ms", ms(p50), ms(p99));
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    // COOPDESK_BENCH_DIR keeps the generated library there, to look into afterwards
    // (EXPLAIN QUERY PLAN, timing one query); it must not hold a library yet.
    let temporary = tempfile::tempdir().expect("a temporary folder");
    let folder = std::env::var_os("COOPDESK_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temporary.path().to_owned());
    let now: NaiveDateTime = "2026-01-01T09:00:00".parse().unwrap();
    let today = now.date();
    let (db, _) = opening::open(
        &folder,
        OpenOptions {
            now,
            seed_sample: false,
        },
    )
    .expect("a new library");

    let started = Instant::now();
    let Generated {
        vocabulary,
        vendors,
        contracts: generated,
    } = generated::contracts(count);
    contract::insert_all(&db, &generated, now).expect("generated contracts are valid");
    drop(generated);
    let generation = started.elapsed();
    // Maintenance and counting the library's API has no call for: on a connection of
    // the bench's own to the same file.
    let conn = rusqlite::Connection::open(db.path().expect("a library on disk")).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    conn.execute_batch("ANALYZE").unwrap();
    let size = db.path().map(file_size).unwrap_or(0);
    println!(
        "Generated {count} contracts in {:.1} s; database {:.1} MB = {:.0} KB per 1,000 contracts\n",
        generation.as_secs_f64(),
        size as f64 / 1e6,
        size as f64 / 1e3 / (count as f64 / 1000.0)
    );

    // What every open adds (the integrity check) and what the first open of a day adds
    // (the backup: database and documents in one file).
    let started = Instant::now();
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .unwrap();
    let quick_check = started.elapsed();
    let started = Instant::now();
    let backup = coopdesk_core::backup::backup_now(&db, now).expect("a backup");
    let backup_time = started.elapsed();
    println!(
        "Integrity check at open: {check}, {} ms; a backup ({:.1} MB): {} ms\n",
        ms(quick_check),
        backup.size_bytes as f64 / 1e6,
        ms(backup_time)
    );

    let frequency = |word: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM contracts_fts WHERE contracts_fts MATCH ?1",
            [format!("\"{word}\"")],
            |row| row.get(0),
        )
        .unwrap()
    };
    // Rare words: from the tail of the vocabulary, found in a few contracts each.
    // Rare words: the least frequent of the vocabulary's tail that occur at all.
    let mut tail: Vec<(i64, &String)> = vocabulary.words[vocabulary.words.len() - 400..]
        .iter()
        .map(|w| (frequency(w), w))
        .filter(|(n, _)| *n > 0)
        .collect();
    tail.sort();
    let rare: Vec<String> = tail.iter().take(20).map(|(_, w)| format!("{w} ")).collect();
    let numbers: Vec<String> = (0..20)
        .map(|i| format!("{:06}-", i * (count / 20)))
        .collect();
    let numbers: Vec<String> = numbers
        .iter()
        .map(|prefix| {
            conn.query_row(
                "SELECT contract_number FROM contracts WHERE contract_number LIKE ?1 || '%'",
                [prefix],
                |row| row.get(0),
            )
            .unwrap()
        })
        .collect();
    let vendor_names: Vec<String> = vendors.iter().take(20).cloned().collect();
    // Names with a joining mark, typed the way they are said ("obrien"), and as written.
    let joined_names: Vec<&String> = vendors
        .iter()
        .filter(|v| v.contains(['\'', '\u{2019}', '&', '-']))
        .take(20)
        .collect();
    let typed_joined: Vec<String> = joined_names
        .iter()
        .map(|v| {
            let first = v.split_whitespace().next().unwrap_or_default();
            let joined: String = first.chars().filter(|c| c.is_alphanumeric()).collect();
            format!("{} ", joined.to_lowercase())
        })
        .collect();
    let typed_with_mark: Vec<String> = joined_names
        .iter()
        .map(|v| format!("{} ", v.split_whitespace().next().unwrap_or_default()))
        .collect();
    let shapes: Vec<(&str, Vec<String>)> = vec![
        ("rare word", rare),
        (
            "common word (software)",
            vec![
                "software ".into(),
                "services ".into(),
                "maintenance ".into(),
            ],
        ),
        (
            "2 words",
            vec![
                "software maintenance ".into(),
                "network security ".into(),
                "road paving ".into(),
            ],
        ),
        (
            "3 words",
            vec![
                "network security services ".into(),
                "software maintenance support ".into(),
                "traffic signal repair ".into(),
            ],
        ),
        ("contract number", numbers),
        ("vendor name", vendor_names),
        ("name typed without its mark (obrien)", typed_joined),
        ("name typed with its mark (O'Brien)", typed_with_mark),
        (
            "1-letter prefix",
            "sptrmcnlawf".chars().map(|c| c.to_string()).collect(),
        ),
        (
            "2-letter prefix",
            vec![
                "so".into(),
                "se".into(),
                "ma".into(),
                "tr".into(),
                "ne".into(),
                "pa".into(),
            ],
        ),
        (
            "3-letter prefix",
            vec![
                "sof".into(),
                "ser".into(),
                "mai".into(),
                "tra".into(),
                "net".into(),
                "pav".into(),
            ],
        ),
    ];

    println!(
        "common word frequencies: software {}, services {}, and {}",
        frequency("software"),
        frequency("services"),
        frequency("and")
    );
    println!("\n| query shape | search() p50 ms | search() p99 ms | bare FTS5 p50 ms | bare FTS5 p99 ms | matches |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (shape, inputs) in &shapes {
        let queries: Vec<Query> = inputs.iter().map(|t| Query::text(t.clone())).collect();
        let mut total = 0;
        let (p50, p99) = measure(&queries, |q| {
            total = search::search(&db, q, today).unwrap().total;
        });
        let expressions: Vec<String> = inputs.iter().filter_map(|t| fts_expression(t)).collect();
        let mut bare = conn
            .prepare("SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH ?1 ORDER BY rank LIMIT 50")
            .unwrap();
        let (b50, b99) = measure(&expressions, |e| {
            let rows: Vec<i64> = bare
                .query_map([e], |row| row.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            std::hint::black_box(rows);
        });
        println!(
            "| {shape} | {} | {} | {} | {} | {total} (last) |",
            ms(p50),
            ms(p99),
            ms(b50),
            ms(b99)
        );
    }

    let filters: Vec<Query> = COOPERATIVES
        .iter()
        .map(|coop| Query {
            cooperative: Some(coop.to_string()),
            status: Some(StatusFilter::Active),
            ..Query::default()
        })
        .collect();
    let (p50, p99) = measure(&filters, |q| {
        search::search(&db, q, today).unwrap();
    });
    let mut bare = conn
        .prepare("SELECT id FROM contracts WHERE cooperative = ?1 AND expiry_date > ?2 LIMIT 50")
        .unwrap();
    let (b50, b99) = measure(COOPERATIVES, |coop| {
        let rows: Vec<i64> = bare
            .query_map(rusqlite_params(coop), |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        std::hint::black_box(rows);
    });
    println!(
        "| filter only (cooperative + active) | {} | {} | {} | {} | |",
        ms(p50),
        ms(p99),
        ms(b50),
        ms(b99)
    );

    let (p50, p99) = measure(&[Query::text("software "), Query::default()], |q| {
        search::facets(&db, q, today).unwrap();
    });
    println!(
        "\nfacets (all chips): p50 {} ms, p99 {} ms",
        ms(p50),
        ms(p99)
    );
    // The same, one situation at a time: the Library before anything is typed or chosen
    // (counts kept by triggers), under a common word (one pass over its matches), and
    // with a cooperative chip chosen and nothing typed (one pass over the library).
    let chosen: Vec<Query> = COOPERATIVES
        .iter()
        .map(|coop| Query {
            cooperative: Some(coop.to_string()),
            ..Query::default()
        })
        .collect();
    let situations: [(&str, Vec<Query>); 4] = [
        ("nothing typed or chosen", vec![Query::default()]),
        (
            "under a common word (software)",
            vec![Query::text("software ")],
        ),
        (
            "under a rare word",
            vec![Query::text(shapes[0].1[0].clone())],
        ),
        ("a cooperative chosen, nothing typed", chosen),
    ];
    for (situation, queries) in &situations {
        facet_line(&db, today, &format!("facets, {situation}"), queries);
    }
    // Each status chip chosen alone, nothing typed: the chips of the other groups count
    // only the contracts of that status, which depends on the day.
    for status in STATUS_CHIPS {
        let what = format!("facets, a status chosen ({status:?}), nothing typed");
        facet_line(&db, today, &what, &[status_alone(status)]);
    }
    // A status chip with a cooperative chosen (each cooperative in turn), nothing typed.
    for status in [StatusFilter::Active, StatusFilter::Expired] {
        let queries: Vec<Query> = COOPERATIVES
            .iter()
            .map(|coop| Query {
                status: Some(status),
                cooperative: Some(coop.to_string()),
                ..Query::default()
            })
            .collect();
        let what = format!("facets, a status ({status:?}) and a cooperative chosen, nothing typed");
        facet_line(&db, today, &what, &queries);
    }
    // A cooperative and the most common category chosen, with and without a status.
    let top_category: String = conn
        .query_row(
            "SELECT category FROM contract_facet_categories ORDER BY n DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .unwrap();
    for status in [None, Some(StatusFilter::Active)] {
        let queries: Vec<Query> = COOPERATIVES
            .iter()
            .map(|coop| Query {
                status,
                cooperative: Some(coop.to_string()),
                category: Some(top_category.clone()),
                ..Query::default()
            })
            .collect();
        let what = format!(
            "facets, a cooperative and a category{} chosen, nothing typed",
            status.map_or(String::new(), |s| format!(" and a status ({s:?})"))
        );
        facet_line(&db, today, &what, &queries);
    }
    // A filter that is not a chip (usable in a state), nothing typed: every contract is
    // read once.
    let in_texas = Query {
        state: Some("TX".into()),
        ..Query::default()
    };
    facet_line(
        &db,
        today,
        "facets, usable in a state (TX), nothing typed",
        &[in_texas],
    );
    let (p50, p99) = measure(&[today], |day| {
        search::expiry_dashboard(&db, *day).unwrap();
    });
    println!("expiry dashboard: p50 {} ms, p99 {} ms", ms(p50), ms(p99));

    // The generated contracts record no renewal terms, so none of them may be extended
    // and the rule that decides it is cheap. Real libraries record them: give a third
    // renewal options and another third a final expiry two years on, and count the
    // status chips again. Either way the last date they could be extended to is two years
    // on (`extendable_until`, which the core writes with every contract).
    conn.execute(
        "UPDATE contracts
         SET renewal_options = CASE id % 3 WHEN 0 THEN 'Two one-year renewals'
                                           ELSE renewal_options END,
             renewal_count = CASE id % 3 WHEN 0 THEN 2 ELSE renewal_count END,
             renewal_months = CASE id % 3 WHEN 0 THEN 12 ELSE renewal_months END,
             final_expiry_date = CASE id % 3 WHEN 1 THEN date(expiry_date, '+2 years')
                                             ELSE final_expiry_date END,
             extendable_until = date(expiry_date, '+2 years')
         WHERE id % 3 <> 2",
        [],
    )
    .unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    conn.execute_batch("ANALYZE").unwrap();
    for status in STATUS_CHIPS {
        let what = format!(
            "facets with renewal terms recorded, a status chosen ({status:?}), nothing typed"
        );
        facet_line(&db, today, &what, &[status_alone(status)]);
    }

    // The same shapes with a list of approved cooperatives kept in the settings (two of
    // the seven): their contracts come first, which every ordering then has to honour.
    let mut kept = coopdesk_core::settings::load(&db).unwrap();
    kept.approved_cooperatives = vec!["Sourcewell".into(), "NASPO ValuePoint".into()];
    coopdesk_core::settings::save(&db, &kept).unwrap();
    println!("\nWith approved cooperatives (2 of 7) in the settings:");
    println!("\n| query shape | search() p50 ms | search() p99 ms |");
    println!("|---|---:|---:|");
    for (shape, inputs) in &shapes {
        let queries: Vec<Query> = inputs.iter().map(|t| Query::text(t.clone())).collect();
        let (p50, p99) = measure(&queries, |q| {
            search::search(&db, q, today).unwrap();
        });
        println!("| {shape} | {} | {} |", ms(p50), ms(p99));
    }
}

/// Every status chip, in the order the Library shows them.
/// The query of `status` chosen alone, nothing typed.
fn status_alone(status: StatusFilter) -> Query {
    Query {
        status: Some(status),
        ..Query::default()
    }
}

const STATUS_CHIPS: [StatusFilter; 7] = [
    StatusFilter::Active,
    StatusFilter::ExpiringWithin30,
    StatusFilter::ExpiringWithin60,
    StatusFilter::ExpiringWithin90,
    StatusFilter::Expired,
    StatusFilter::ExpiredMayBeExtended,
    StatusFilter::Unknown,
];

fn rusqlite_params(coop: &&str) -> [String; 2] {
    [coop.to_string(), "2026-04-01".to_string()]
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}
