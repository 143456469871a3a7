//! The comparison-file reader takes files from other jurisdictions: whatever bytes it is
//! given, reading, validating, calculating and charting end in a result or a clear
//! error, never a crash.
//!
//! Property tests feed it arbitrary bytes, JSON-like text and real files with values
//! changed. `tests/fixtures/comparison-reader/` holds hostile files run as cases here —
//! seeded with the edges (deep nesting, the largest decimals, rates of -100 %, not UTF-8…);
//! every input that ever fails goes there too, named after what it exercises (proptest
//! also keeps the seeds of its failures, in
//! `tests/proptest-regressions/comparison_reader_fuzz.txt`).
//! The first found: an escalation of 79228162514264337593543950335 overflowed while the
//! error message turned it into a percentage. For a longer run:
//! `PROPTEST_CASES=30000 cargo test -p coopdesk-core --test it comparison_reader_fuzz::`.

use coopdesk_core::tco::chart::{self, ChartBasis};
use coopdesk_core::tco::{self, Comparison};
use proptest::prelude::*;
use serde_json::Value;

use crate::support::fixture;

/// The whole path a file takes in the app: read, calculate (which validates), chart.
/// Returns whether it was accepted; a panic anywhere fails the test.
fn read_and_calculate(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let Ok(comparison) = Comparison::from_json(&text) else {
        return false;
    };
    // What is read is written back the same way (the app saves it so).
    let again = Comparison::from_json(&comparison.to_json()).expect("a read file re-reads");
    assert_eq!(again, comparison, "saving and reopening changes nothing");
    match tco::compare(&comparison) {
        Ok(results) => {
            for basis in [ChartBasis::PresentValue, ChartBasis::Nominal] {
                chart::to_svg(&chart::cumulative_cost_chart(&results, basis));
            }
            true
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            false
        }
    }
}

fn fixtures(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fixture(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_kept_hostile_file_is_read_without_a_crash() {
    let cases = fixtures("comparison-reader");
    assert!(cases.len() >= 5, "the regression cases are there");
    for (name, bytes) in cases {
        let outcome = std::panic::catch_unwind(|| read_and_calculate(&bytes));
        assert!(outcome.is_ok(), "{name} crashed the reader");
    }
}

#[test]
fn the_published_comparison_files_are_accepted() {
    for (name, bytes) in fixtures("") {
        if name.ends_with(".json") {
            assert!(read_and_calculate(&bytes), "{name} is a good file");
        }
    }
}

/// A real file to mutate.
fn seed() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("tco04-orange-county.json")).unwrap())
        .unwrap()
}

/// JSON pointers to every value in `value`.
fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{here}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

/// Values that have broken readers before: edges of `Decimal` and of the integers, signs,
/// exponents, odd text.
fn nasty_value() -> impl Strategy<Value = Value> {
    let edges = prop::sample::select(vec![
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "79228162514264337593543950336",
        "0.0000000000000000000000000001",
        "1e28",
        "-1",
        "-0.9999999999999999999999999999",
        "-1.0000000000000000000000000001",
        "1000000000000",
        "999999999999.99",
        "1000000000",
        "0.005",
        "NaN",
        "",
        " 12 ",
        "\u{202e}12",
        "0x10",
        "1_000",
    ]);
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![
            0u64,
            1,
            29,
            30,
            31,
            120,
            121,
            4_294_967_295,
            4_294_967_296
        ])
        .prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN", |f| f.is_finite())
            .prop_map(Value::from),
        edges.prop_map(Value::from),
        "-?[0-9]{1,30}(\\.[0-9]{1,30})?".prop_map(Value::from),
        "\\PC{0,40}".prop_map(Value::from),
        Just(Value::Array(vec![])),
        Just(serde_json::json!({})),
    ]
}

/// Values a real file could hold: amounts in cents, rates as fractions, small counts —
/// so that most changed files pass validation and reach the engine's arithmetic.
fn plausible_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[0-9]{1,12}(\\.[0-9]{2})?".prop_map(Value::from),
        "-?0\\.[0-9]{1,28}".prop_map(Value::from),
        prop::sample::select(vec!["1", "0", "-0.99", "0.9999999999999999999999999999"])
            .prop_map(Value::from),
        (0u64..=40).prop_map(Value::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_bytes_never_crash_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read_and_calculate(&bytes);
    }

    #[test]
    fn arbitrary_json_text_never_crashes_the_reader(text in "[\\[\\]{}\",:0-9a-zA-Z.\\-eE ]{0,400}") {
        read_and_calculate(text.as_bytes());
    }

    #[test]
    fn a_real_file_with_any_value_changed_never_crashes_the_reader(
        picks in prop::collection::vec(
            (any::<prop::sample::Index>(), prop_oneof![4 => plausible_value(), 1 => nasty_value()]),
            1..4,
        ),
        copies in 0usize..4,
    ) {
        let mut file = seed();
        // More options and lines, towards the limits the engine must handle.
        for _ in 0..copies {
            let option = file["options"][0].clone();
            file["options"].as_array_mut().unwrap().push(option);
        }
        for (index, value) in picks {
            let mut all = Vec::new();
            pointers(&file, String::new(), &mut all);
            let pointer = index.get(&all).clone();
            if pointer.is_empty() {
                file = value;
            } else if let Some(slot) = file.pointer_mut(&pointer) {
                *slot = value;
            }
        }
        read_and_calculate(serde_json::to_string(&file).unwrap().as_bytes());
    }
}
