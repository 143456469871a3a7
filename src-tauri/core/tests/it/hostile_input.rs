//! Hostile input is data: whatever bytes a file holds, the CSV and OCDS readers return
//! rows or a sentence — never a panic, a hang or a partial write.
//!
//! Property tests throw arbitrary bytes and arbitrary CSV-shaped text at the readers;
//! every file in `tests/fixtures/regressions/` (cases that once failed, or that a reader
//! must survive) is read, planned and imported on every run. A case proptest finds is
//! kept by adding its input there as a file.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use coopdesk_core::db::Database;
use coopdesk_core::interchange::{self, csv, ocds, Choices, Incoming, Mapping};
use coopdesk_core::library::contract::{self, Contract};
use proptest::prelude::*;

use crate::support::fixture;

fn now() -> chrono::NaiveDateTime {
    "2026-11-25T09:30:00".parse().unwrap()
}

/// Plans and imports what a reader found; the library afterwards holds exactly the new
/// rows, or (on an error) exactly what it held before.
fn import_all(incoming: Incoming) {
    let db = Database::open_in_memory().unwrap();
    let plan = interchange::plan(&db, incoming).unwrap();
    let new = plan.counts().new as i64;
    match interchange::apply(
        &db,
        &plan,
        &Choices::default(),
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    ) {
        Ok(_) => assert_eq!(contract::count(&db).unwrap(), new),
        Err(_) => assert_eq!(contract::count(&db).unwrap(), 0),
    }
}

#[test]
fn every_regression_case_reads_to_rows_or_a_sentence_quickly() {
    let dir = fixture("regressions");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let results = if name.ends_with(".csv") {
            vec![
                csv::read(&bytes, &name, None),
                csv::read_path(&path, &mut |h| Ok(Mapping::guess(h))),
            ]
        } else {
            vec![ocds::read(&bytes, &name)]
        };
        for result in results {
            match result {
                Ok(incoming) => import_all(incoming),
                Err(error) => {
                    let sentence = error.to_string();
                    assert!(
                        sentence.len() > 20 && !sentence.contains("panicked"),
                        "{name}: {sentence}"
                    );
                }
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{name} took {:?}",
            started.elapsed()
        );
        cases += 1;
    }
    assert!(
        cases >= 10,
        "the regression corpus is there ({cases} files)"
    );
}

#[test]
fn a_huge_cell_is_an_invalid_row_not_a_crash() {
    let huge = "x".repeat(csv::MAX_CELL_BYTES + 10);
    let text = format!("cooperative,contractNumber,title,vendorName\nA,1,\"{huge}\",V\nA,2,T,V\n");
    let incoming = csv::read(text.as_bytes(), "huge.csv", None).unwrap();
    assert_eq!((incoming.candidates.len(), incoming.invalid.len()), (1, 1));
}

#[test]
fn ocds_duplicate_keys_take_the_last_value() {
    let path = fixture("regressions/duplicate-keys.json");
    let incoming = ocds::read(&std::fs::read(path).unwrap(), "dup.json").unwrap();
    let contract = incoming.candidates[0].contract.unpack();
    assert_eq!(contract.title, "T2");
    assert_eq!(contract.cooperative, "C");
}

/// Text with everything that breaks CSV and spreadsheets, never blank at the ends (the
/// reader trims cells) and never holding the list separator.
fn awkward_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9éñ’“”שׁ🚒\u{202E}=+@\\-,;\"'\t\r\n ]{0,24}".prop_map(|s| format!("x{}x", s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic_the_csv_reader(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = csv::read(&bytes, "fuzz.csv", None);
        let mut with_header = b"cooperative,contractNumber,title,vendorName,awardDate,adminFeePercent\n".to_vec();
        with_header.extend(&bytes);
        if let Ok(incoming) = csv::read(&with_header, "fuzz.csv", None) {
            import_all(incoming);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_ocds_reader(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = ocds::read(&bytes, "fuzz.json");
    }

    #[test]
    fn arbitrary_json_never_panics_the_ocds_reader(
        key in "(ocid|releases|records|contracts|awards|parties|items|period|unit|value|amount|id|name|suppliers|compiledRelease|coopdesk|[a-z]{1,5})",
        leaf in prop_oneof![Just("null".to_owned()), Just("1e999".to_owned()), Just("-1".to_owned()), Just("\"\"".to_owned()), Just("[]".to_owned()), Just("{}".to_owned()), "\"[^\"\\\\]{0,10}\""],
        depth in 0usize..6,
    ) {
        let mut json = leaf;
        for level in 0..depth {
            json = if level % 2 == 0 { format!("{{\"{key}\": {json}, \"id\": \"1\"}}") } else { format!("[{json}, {json}]") };
        }
        for text in [json.clone(), format!("{{\"releases\": [{json}]}}"), format!("{{\"releases\": [{{\"ocid\": \"o\", \"contracts\": [{json}], \"awards\": [{json}]}}]}}")] {
            if let Ok(incoming) = ocds::read(text.as_bytes(), "fuzz.json") {
                import_all(incoming);
            }
        }
    }

    #[test]
    fn any_text_survives_a_csv_round_trip(
        title in awkward_text(),
        notes in awkward_text(),
        number in "[0-9]{1,25}",
    ) {
        let original = Contract {
            cooperative: "TIPS".into(),
            contract_number: number,
            title: title.trim().to_owned(),
            vendor_name: "Peñasco Co".into(),
            notes: notes.trim().to_owned(),
            ..Contract::default()
        };
        let mut bytes = Vec::new();
        csv::write(&mut bytes, &[(original.clone(), Vec::new())], &mut |_| Ok(())).unwrap();
        let incoming = csv::read(&bytes, "round.csv", None).unwrap();
        prop_assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
        prop_assert_eq!(incoming.candidates[0].contract.unpack(), original);
    }
}

#[test]
fn nul_characters_in_ocds_strings_make_that_contract_invalid() {
    let path = fixture("regressions/nul-in-json-strings.json");
    let incoming = ocds::read(&std::fs::read(path).unwrap(), "nul.json").unwrap();
    assert!(incoming.candidates.is_empty());
    let fields: Vec<&str> = incoming.invalid[0]
        .problems
        .iter()
        .map(|p| p.field.as_str())
        .collect();
    assert_eq!(fields, vec!["cooperative", "leadAgency", "title"]);
}
