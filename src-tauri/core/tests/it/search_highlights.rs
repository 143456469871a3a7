//! The marks on a result's number, title, vendor and cooperative are made in Rust from
//! the row already read; they must be the marks FTS5's own `highlight()` makes.

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::search::{self, fts_expression, Fragment, Query};

use crate::support::library::{library_file, open_without_sample};

fn today() -> NaiveDate {
    "2025-12-01".parse().unwrap()
}

fn now() -> NaiveDateTime {
    "2025-12-01T09:30:00".parse().unwrap()
}

/// FTS5-marked text as fragments, cut to the field at the start of the column (the
/// way results were marked before the marks were made in Rust).
fn fts5_fragments(marked: &str, field_len: usize) -> Vec<(String, bool)> {
    let (mut out, mut current, mut matched, mut position) = (Vec::new(), String::new(), false, 0);
    let flush = |text: &mut String, matched: bool, out: &mut Vec<(String, bool)>| {
        if !text.is_empty() {
            out.push((std::mem::take(text), matched));
        }
    };
    for c in marked.chars() {
        match c {
            '\u{E000}' | '\u{E001}' => {
                flush(&mut current, matched, &mut out);
                matched = c == '\u{E000}';
            }
            c => {
                if position >= field_len {
                    break;
                }
                position += c.len_utf8();
                current.push(c);
            }
        }
    }
    flush(&mut current, matched, &mut out);
    if out.iter().any(|(_, m)| *m) {
        out
    } else {
        Vec::new()
    }
}

fn plain(fragments: &[Fragment]) -> Vec<(String, bool)> {
    fragments
        .iter()
        .map(|f| (f.text.clone(), f.matched))
        .collect()
}

#[test]
fn the_shown_fields_are_marked_exactly_as_fts5_highlight_marks_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    let fields = [
        (
            "HT06-20",
            "Road road repair, roads and ROADWAY",
            "O'Brien & Sons Paving",
            "Sourcewell",
        ),
        (
            "091521-NAF",
            "Café Ñandú Straße supplies",
            "AT&T Mobility",
            "E-Rate Consortium",
        ),
        (
            "MNWNC-109",
            "École e\u{301}cole ÉLÈVE naïve",
            "Macy’s Inc.",
            "U.S. Communities",
        ),
        (
            "C++ 50%",
            "Δήμος Αθηναίων Øresund Łódź",
            "Constructora Peñasco y Hermanos",
            "NASPO ValuePoint",
        ),
        (
            "2016-0001",
            "東京 fleet 🚗 vehicles İstanbul",
            "K&M Tire-Service",
            "OMNIA Partners",
        ),
        (
            "A.B.C.",
            "<img src=x onerror=alert(1)> network security",
            "Ab-Inbev",
            "TIPS-USA",
        ),
    ];
    for (number, title, vendor, cooperative) in fields {
        let contract = Contract {
            contract_number: number.into(),
            title: title.into(),
            vendor_name: vendor.into(),
            cooperative: cooperative.into(),
            description: "road services and paving".into(),
            ..Contract::default()
        };
        contract::insert(&db, &contract, now()).unwrap();
    }
    let file = library_file(dir.path());
    let typed = [
        "road",
        "road ",
        "roa",
        "ro",
        "r",
        "roads road",
        "o'brien ",
        "obrien",
        "O’Brien",
        "obr",
        "brien",
        "att",
        "AT&T ",
        "at",
        "erate",
        "e-rate",
        "cafe",
        "CAFÉ ",
        "nandu",
        "strasse",
        "straße",
        "ecole",
        "eleve",
        "naive",
        "macys",
        "macy's",
        "penasco",
        "PEÑASCO",
        "δημος",
        "oresund",
        "øresund",
        "lodz",
        "łódź",
        "c++",
        "50%",
        "東京",
        "istanbul",
        "i̇stanbul",
        "km",
        "tire",
        "tire-service",
        "abc",
        "a.b.c.",
        "us",
        "u.s.",
        "onerror",
        "img",
        "network sec",
        "ht06",
        "HT06-20",
        "091521",
        "naf",
        "2016",
        "0001",
        "sourcewell",
        "omnia",
        "tips",
        "ab",
        "inbev",
        "and",
        "paving",
        "services",
    ];
    let (mut differences, mut marked_fields) = (Vec::new(), 0);
    for text in typed {
        let Some(expression) = fts_expression(text) else {
            continue;
        };
        let results = search::search(&db, &Query::text(text), today()).unwrap();
        for hit in &results.hits {
            if hit.exact_number {
                continue;
            }
            let summary = &hit.summary;
            let mut statement = file
                .prepare(
                    "SELECT highlight(contracts_fts, 0, char(57344), char(57345)),
                            highlight(contracts_fts, 1, char(57344), char(57345)),
                            highlight(contracts_fts, 2, char(57344), char(57345)),
                            highlight(contracts_fts, 3, char(57344), char(57345))
                     FROM contracts_fts WHERE contracts_fts MATCH ?1 AND rowid = ?2",
                )
                .unwrap();
            // A short prefix is searched in the number, title and vendor only.
            let short = text.trim().chars().filter(|c| c.is_alphanumeric()).count() < 3
                && !text.ends_with(' ')
                && !text.contains(' ');
            let searched = if short {
                format!("{{number title vendor}} : ({expression})")
            } else {
                expression.clone()
            };
            let fts5: [String; 4] = statement
                .query_row(rusqlite::params![searched, summary.id], |row| {
                    Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?])
                })
                .unwrap();
            let pairs = [
                (
                    &fts5[0],
                    &summary.contract_number,
                    &hit.highlights.contract_number,
                ),
                (&fts5[1], &summary.title, &hit.highlights.title),
                (&fts5[2], &summary.vendor_name, &hit.highlights.vendor_name),
                (&fts5[3], &summary.cooperative, &hit.highlights.cooperative),
            ];
            for (marked, field, ours) in pairs {
                let expected = fts5_fragments(marked, field.len());
                marked_fields += usize::from(!expected.is_empty());
                if expected != plain(ours) {
                    differences.push(format!(
                        "{text:?} in {field:?}: FTS5 {expected:?}, search() {:?}",
                        plain(ours)
                    ));
                }
            }
        }
    }
    assert!(
        marked_fields >= 45,
        "the texts give many marks to compare: {marked_fields}"
    );
    assert!(
        differences.is_empty(),
        "a clerk would see other words marked than FTS5 marks:\n{}",
        differences.join("\n")
    );
}

#[test]
fn a_match_in_no_shown_field_is_shown_as_fts5_excerpt_around_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    let contracts = [
        (
            "D-1",
            "Fleet vehicles",
            "Acme Motors",
            "Includes snow plough attachments\nand more",
        ),
        ("D-2", "Fleet vehicles", "Acme Motors", "Trucks"),
        ("D-3", "Snow plough blades", "Acme Motors", "Steel"),
    ];
    for (number, title, vendor, description) in contracts {
        let contract = Contract {
            contract_number: number.into(),
            title: title.into(),
            vendor_name: vendor.into(),
            cooperative: "Sourcewell".into(),
            description: description.into(),
            vendor_aliases: if number == "D-2" {
                vec!["Ploughmen Trucking".into()]
            } else {
                Vec::new()
            },
            ..Contract::default()
        };
        contract::insert(&db, &contract, now()).unwrap();
    }
    let results = search::search(&db, &Query::text("plough"), today()).unwrap();
    assert_eq!(results.total, 3);
    let file = library_file(dir.path());
    for hit in &results.hits {
        let shown = &hit.highlights;
        let in_shown_field = !shown.title.is_empty() || !shown.vendor_name.is_empty();
        assert_eq!(
            shown.elsewhere.is_empty(),
            in_shown_field,
            "{}: an excerpt exactly when no shown field is marked",
            hit.summary.contract_number
        );
        if in_shown_field {
            continue;
        }
        let snippet: String = file
            .query_row(
                "SELECT snippet(contracts_fts, -1, char(57344), char(57345), '…', 12)
                 FROM contracts_fts WHERE contracts_fts MATCH '\"plough\"*' AND rowid = ?1",
                [hit.summary.id],
                |row| row.get(0),
            )
            .unwrap();
        let expected = fts5_fragments(&snippet.replace('\n', " · "), usize::MAX);
        assert_eq!(
            plain(&shown.elsewhere),
            expected,
            "{}: the excerpt is FTS5's snippet, on one line",
            hit.summary.contract_number
        );
        assert!(
            shown
                .elsewhere
                .iter()
                .any(|f| f.matched && f.text.to_lowercase().starts_with("plough")),
            "the matched word is marked in the excerpt: {:?}",
            shown.elsewhere
        );
    }
    assert_eq!(
        results
            .hits
            .iter()
            .filter(|hit| !hit.highlights.elsewhere.is_empty())
            .count(),
        2,
        "the description and the vendor's other name are shown as excerpts"
    );
}
