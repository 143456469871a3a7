//! Contract registers as cities and states really publish them (issue #23): every line
//! end a finance system writes, error cells in columns nobody imports, compact dates,
//! optional dates nobody can read, a value for the whole file, the contract's value,
//! suppliers' names cut short, and comparison files with a key written twice. Each test
//! is a class found in real files; the fixtures are made here, modelled on the class.

use chrono::NaiveDateTime;
use coopdesk_core::db::Database;
use coopdesk_core::interchange::{self, csv, Incoming, Plan, RowWarning};
use proptest::prelude::*;

fn now() -> NaiveDateTime {
    "2026-12-07T09:30:00".parse().unwrap()
}

fn empty_library() -> Database {
    Database::open_in_memory().unwrap()
}

fn read_csv(text: &str) -> Incoming {
    csv::read(text.as_bytes(), "register.csv", None).unwrap()
}

fn plan_of(db: &Database, incoming: Incoming) -> Plan {
    interchange::plan(db, incoming).unwrap()
}

fn sentences(warnings: &[RowWarning]) -> String {
    warnings
        .iter()
        .map(RowWarning::sentence)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Imports what the plan says, keeping the library's values where they differ.
fn import(db: &Database, plan: &Plan) -> interchange::ImportReport {
    interchange::apply(
        db,
        plan,
        &interchange::Choices::default(),
        now(),
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap()
}

/// Every row the plan accounts for: new, changed, duplicate, invalid and empty.
fn accounted(plan: &Plan) -> usize {
    let c = plan.counts();
    c.new + c.changed + c.duplicate + c.invalid + c.empty
}

// Class 1: lines that end with a carriage return alone (older Excel for Mac).

#[test]
fn a_file_whose_lines_end_with_a_carriage_return_alone_names_the_right_lines() {
    let text = "cooperative,contractNumber,title,vendorName\r\
                TIPS,1,Laptops,Acme\r\
                TIPS,2,,Acme\r\
                TIPS,1,Laptops,Acme\r\
                TIPS,4,Phones,Acme\r";
    let plan = plan_of(&empty_library(), read_csv(text));
    let lines: Vec<u64> = plan.invalid.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        [3, 4],
        "the row without a title and the repeat, by their lines"
    );
    let repeat = plan.invalid[1].sentences().join(" ");
    assert!(
        repeat.contains("repeats the contract on line 2"),
        "{repeat}"
    );
    assert_eq!(accounted(&plan), 4, "every row of the file is in the plan");
    let new: Vec<u64> = plan.rows.iter().map(|r| r.candidate.line).collect();
    assert_eq!(new, [2, 5]);
}

/// How one generated row is meant to be read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Valid,
    NoTitle,
    Empty,
    /// The same contract as the first valid row.
    Repeat,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        3 => Just(Kind::Valid),
        1 => Just(Kind::NoTitle),
        1 => Just(Kind::Empty),
        1 => Just(Kind::Repeat),
    ]
}

/// The cell as a CSV writer would quote it: quoted when `quote` says so or when it must be.
fn cell(text: &str, delimiter: char, quote: bool) -> String {
    let must = text.contains(delimiter) || text.contains(['"', '\r', '\n']);
    if quote || must {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever the line ends (`\n`, `\r\n`, `\r`), the delimiter and the quoting — cells
    /// quoted or not, holding the delimiter, a quote or a line break of the file's kind —
    /// each invalid row, repeat and empty row is named by the line it starts on, a
    /// repeat names the line it repeats, and every row is accounted for in the plan.
    #[test]
    fn line_numbers_and_the_accounting_hold_for_every_line_end_quoting_and_delimiter(
        kinds in proptest::collection::vec(kind(), 1..10),
        breaks in proptest::collection::vec(0usize..3, 10),
        quoted in proptest::collection::vec(any::<bool>(), 10),
        line_end in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        delimiter in prop_oneof![Just(','), Just(';'), Just('\t')],
    ) {
        let d = delimiter.to_string();
        let mut text = ["cooperative", "contractNumber", "title", "vendorName", "description"]
            .join(&d);
        text.push_str(line_end);
        let mut line = 2u64;
        let mut first_valid: Option<(u64, usize)> = None;
        let mut expected_invalid = Vec::new();
        let mut expected_empty = Vec::new();
        let mut expected_new = Vec::new();
        for (row, kind) in kinds.iter().enumerate() {
            let number = match (kind, first_valid) {
                (Kind::Repeat, Some((_, original))) => format!("N{original}"),
                _ => format!("N{row}"),
            };
            let kind = match (kind, first_valid) {
                (Kind::Repeat, None) => Kind::Valid,
                (kind, _) => *kind,
            };
            let description = match breaks[row] {
                0 => "Plain".to_owned(),
                1 => format!("Has a {delimiter} and a \"quote\""),
                _ => format!("Two{line_end}lines"),
            };
            let cells = if kind == Kind::Empty {
                vec![String::new(); 5]
            } else {
                vec![
                    cell("TIPS", delimiter, quoted[row]),
                    cell(&number, delimiter, false),
                    if kind == Kind::NoTitle { String::new() } else { cell("Laptops", delimiter, quoted[row]) },
                    cell("Acme", delimiter, false),
                    cell(&description, delimiter, quoted[row]),
                ]
            };
            match kind {
                Kind::Valid => {
                    first_valid.get_or_insert((line, row));
                    expected_new.push(line);
                }
                Kind::NoTitle => expected_invalid.push((line, None)),
                Kind::Repeat => expected_invalid.push((line, first_valid.map(|(l, _)| l))),
                Kind::Empty => expected_empty.push(line),
            }
            text.push_str(&cells.join(&d));
            text.push_str(line_end);
            line += 1 + cells.iter().map(|c| c.matches(line_end).count() as u64).sum::<u64>();
        }
        let plan = plan_of(&empty_library(), read_csv(&text));
        let new: Vec<u64> = plan.rows.iter().map(|r| r.candidate.line).collect();
        prop_assert_eq!(&new, &expected_new, "new rows by line in {:?}", text);
        let invalid: Vec<u64> = plan.invalid.iter().map(|r| r.line).collect();
        let expected: Vec<u64> = expected_invalid.iter().map(|(l, _)| *l).collect();
        prop_assert_eq!(&invalid, &expected, "invalid rows by line in {:?}", text);
        for (row, (_, repeats)) in plan.invalid.iter().zip(&expected_invalid) {
            if let Some(earlier) = repeats {
                let said = row.sentences().join(" ");
                prop_assert!(
                    said.contains(&format!("repeats the contract on line {earlier}")),
                    "{}", said
                );
            }
        }
        prop_assert_eq!(&plan.empty_lines, &expected_empty);
        prop_assert_eq!(accounted(&plan), kinds.len(), "every row accounted for");
    }
}

// Class 3: compact ISO dates.

#[test]
fn a_register_with_compact_dates_imports_and_the_plan_shows_each_reading() {
    let text = "cooperative,contractNumber,title,vendorName,effectiveDate,expiryDate\n\
                City,C-1,Paving,Acme,20151231,20281231\n\
                City,C-2,Mowing,Zenith,20240101,12312028\n";
    let db = empty_library();
    let plan = plan_of(&db, read_csv(text));
    assert_eq!(plan.counts().new, 2, "{:?}", plan.invalid);
    let said = sentences(&plan.warnings);
    assert!(
        said.contains(
            "line 2, Effective date: '20151231' is a compact date (year, month, day) and was \
             read as 2015-12-31 (December 31, 2015)."
        ),
        "{said}"
    );
    let c1 = &plan.rows[0].candidate.contract.unpack();
    assert_eq!(
        c1.expiry_date,
        chrono::NaiveDate::from_ymd_opt(2028, 12, 31)
    );
    // Month first in eight digits is not a year: kept as published, never guessed.
    let c2 = &plan.rows[1].candidate.contract.unpack();
    assert_eq!(
        (c2.expiry_date, c2.expiry_as_published.as_str()),
        (None, "12312028")
    );
    assert!(said.contains("line 3, Expiry date: '12312028'"), "{said}");
}

// Class 4: an optional date nobody can read.

#[test]
fn an_unreadable_optional_date_leaves_the_field_empty_keeps_the_text_and_imports_the_contract() {
    let text =
        "cooperative,contractNumber,title,vendorName,awardDate,effectiveDate,expiryDate,notes\n\
                City,C-1,Paving,Acme,Q3 2015,TBD,2028-12-31,Call first\n\
                City,C-2,Mowing,Acme,2024-01-01,,see contract,\n\
                City,,Nothing,Acme,TBD,,,\n";
    let db = empty_library();
    let plan = plan_of(&db, read_csv(text));
    assert_eq!(plan.counts().new, 2, "{:?}", plan.invalid);
    assert_eq!(
        plan.invalid.iter().map(|r| r.line).collect::<Vec<_>>(),
        [4],
        "a required field stays required"
    );
    let said = sentences(&plan.warnings);
    assert!(
        said.contains("line 2, Award date: 'Q3 2015' is not a date CoopDesk can read.")
            && said.contains(
                "The contract is imported with this field empty; the text is kept in the notes."
            )
            && said.contains("line 2, Effective date: 'TBD'")
            && said.contains("line 3, Expiry date: 'see contract'"),
        "{said}"
    );
    let c1 = plan.rows[0].candidate.contract.unpack();
    assert_eq!((c1.award_date, c1.effective_date), (None, None));
    assert_eq!(
        c1.notes,
        "Call first\nAward date as published: Q3 2015\nEffective date as published: TBD"
    );
    let c2 = plan.rows[1].candidate.contract.unpack();
    assert_eq!(
        (c2.expiry_date, c2.expiry_as_published.as_str()),
        (None, "see contract")
    );
    let report = import(&db, &plan);
    assert_eq!(report.added, 2);
}

// Class 2: an error cell in a column nobody imports.

#[test]
fn an_error_cell_counts_only_in_an_imported_column_and_is_a_sentence_about_its_field() {
    use coopdesk_core::interchange::workbook::{self, WorkbookChoice};
    use coopdesk_core::interchange::Mapping;
    use rust_xlsxwriter::{Formula, Workbook};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "Agency", "Contract", "Title", "Vendor", "Expires", "Spent %", "Check",
    ];
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    for row in 1u32..=5 {
        for (col, text) in ["City", &format!("C-{row}"), "Paving", "Acme"]
            .iter()
            .enumerate()
        {
            sheet.write_string(row, col as u16, *text).unwrap();
        }
        sheet.write_string(row, 4, "2028-12-31").unwrap();
    }
    for (row, error) in [(1u32, "#DIV/0!"), (2, "#N/A"), (3, "#REF!")] {
        sheet
            .write_formula(row, 5, Formula::new("=1/0").set_result(error))
            .unwrap();
    }
    sheet
        .write_formula(4, 6, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    // An imported column holding an error: that row alone is invalid.
    sheet
        .write_formula(5, 4, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    // A row holding nothing but an error in an ignored column.
    sheet
        .write_formula(7, 5, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    book.save(&path).unwrap();

    let mut mapping = Mapping::guess(&headers.map(str::to_owned));
    for (column, field) in mapping.columns.iter_mut().zip([
        Some("cooperative"),
        Some("contractNumber"),
        Some("title"),
        Some("vendorName"),
        Some("expiryDate"),
        None,
        None,
    ]) {
        column.field = field.map(str::to_owned);
    }
    let incoming = workbook::read_path(&path, &WorkbookChoice::default(), &mut |_| {
        Ok(mapping.clone())
    })
    .unwrap();
    let plan = plan_of(&empty_library(), incoming);
    assert_eq!(plan.counts().new, 4, "{:?}", plan.invalid);
    assert_eq!(plan.invalid.len(), 1, "{:?}", plan.invalid);
    let row = &plan.invalid[0];
    assert_eq!(row.line, 6, "the spreadsheet's row 6");
    assert_eq!(
        row.sentences().join(" "),
        "line 6, Expiry date: column E holds the spreadsheet error #N/A, not a value; correct \
         the formula in the workbook and import it again."
    );
}

// Class 8: a comparison file that says a key twice.

#[test]
fn a_comparison_file_with_a_key_written_twice_is_refused_naming_the_key_and_its_line() {
    use coopdesk_core::tco::Comparison;
    let published = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tco04-orange-county.json"
    ))
    .unwrap();
    assert!(
        Comparison::from_json(&published).is_ok(),
        "the published case reads"
    );
    let (line, _) = published
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"horizonYears\""))
        .expect("the fixture names its horizon");
    let twice = published.replacen(
        "\"horizonYears\":",
        "\"horizonYears\": 3, \"horizonYears\":",
        1,
    );
    let error = Comparison::from_json(&twice).unwrap_err().to_string();
    assert!(
        error.contains(&format!(
            "the key 'horizonYears' is written twice (the second time on line {})",
            line + 1
        )),
        "{error}"
    );
    // Deeper in the file: a cost line's amount said twice.
    let nested = published.replacen("\"amount\":", "\"amount\": \"1.00\", \"amount\":", 1);
    let error = Comparison::from_json(&nested).unwrap_err().to_string();
    assert!(
        error.contains("'options[0].") || error.contains("'baseline."),
        "{error}"
    );
    assert!(error.contains(".amount' is written twice"), "{error}");
}

// Class 5: a value for the whole file.

const REGISTER: &str = "Contract No,Description,Vendor,Expires\n\
                        2024-118,Fleet fuel cards,Wex Bank,2027-06-30\n\
                        2025-007,Janitorial services,Clean Co,2026-12-31\n";

#[test]
fn a_register_naming_no_agency_imports_with_one_value_for_every_row_remembered_with_the_mapping() {
    use coopdesk_core::interchange::mapping::{self, ConstantValue};
    let db = empty_library();
    let headers: Vec<String> = REGISTER
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let mut chosen = mapping::Mapping::guess(&headers);
    let refused = chosen.validate().unwrap_err().to_string();
    assert!(
        refused.contains("or give one value for every row"),
        "{refused}"
    );
    for (column, field) in
        chosen
            .columns
            .iter_mut()
            .zip(["contractNumber", "title", "vendorName", "expiryDate"])
    {
        column.field = Some(field.to_owned());
    }
    chosen.constants.push(ConstantValue {
        field: "cooperative".into(),
        value: "City of Springfield Purchasing".into(),
    });
    chosen.validate().unwrap();
    let plan = plan_of(
        &db,
        csv::read(REGISTER.as_bytes(), "register.csv", Some(&chosen)).unwrap(),
    );
    assert_eq!(plan.counts().new, 2, "{:?}", plan.invalid);
    assert!(
        plan.notes
            .iter()
            .any(|n| n == "Every row: Cooperative = City of Springfield Purchasing."),
        "{:?}",
        plan.notes
    );
    for row in &plan.rows {
        assert_eq!(
            row.candidate.contract.unpack().cooperative,
            "City of Springfield Purchasing"
        );
    }
    mapping::remember(&db, &chosen).unwrap();
    assert_eq!(
        mapping::remembered(&db, &headers).unwrap().as_ref(),
        Some(&chosen),
        "the constant is remembered with the mapping"
    );

    // A mapping written before constants existed still reads.
    let old: mapping::Mapping =
        serde_json::from_str(r#"{"columns": [{"header": "A", "field": "title"}]}"#).unwrap();
    assert!(old.constants.is_empty());

    // A value that does not read as its field, or a field given twice, is refused.
    let mut twice = chosen.clone();
    twice.constants.push(ConstantValue {
        field: "title".into(),
        value: "X".into(),
    });
    twice.constants.push(ConstantValue {
        field: "awardDate".into(),
        value: "someday".into(),
    });
    let refused = twice.validate().unwrap_err().to_string();
    assert!(
        refused.contains("filled from a column and given a value for every row"),
        "{refused}"
    );
    assert!(
        refused.contains("the value for every row, 'someday' is not a date"),
        "{refused}"
    );
}

#[test]
fn the_cli_takes_a_mapping_file_with_a_value_for_every_row() {
    use crate::support::cli::{cli, stdout};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.csv");
    std::fs::write(&file, REGISTER).unwrap();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"columns": [
            {"header": "Contract No", "field": "contractNumber"},
            {"header": "Description", "field": "title"},
            {"header": "Vendor", "field": "vendorName"},
            {"header": "Expires", "field": "expiryDate"}],
           "constants": [{"field": "cooperative", "value": "City of Springfield Purchasing"}]}"#,
    )
    .unwrap();
    stdout(&cli(dir.path(), &["init", "--empty"]));
    let out = stdout(&cli(
        dir.path(),
        &[
            "import",
            file.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("Imported: 2 added"), "{out}");
    let found = stdout(&cli(dir.path(), &["search", "Springfield", "--json"]));
    assert!(
        found.contains("2024-118") && found.contains("2025-007"),
        "{found}"
    );
}

// Class 6: the contract's value.

#[test]
fn a_register_s_contract_amount_is_the_contract_value_and_search_filters_on_it() {
    use coopdesk_core::library::contract::{self, ValueKind};
    use coopdesk_core::library::search::{self, Query};
    let text = "Cooperative,Contract #,Title,Vendor,$ Limit,Value type\n\
                City,C-1,Paving,Acme,\"$1,250,000.00\",NTE\n\
                City,C-2,Mowing,Zenith,85000,estimated\n\
                City,C-3,Copiers,Ricoh,N/A,\n\
                City,C-4,Radios,Motorola,-500,maximum\n\
                City,C-5,Fuel,Wex,12.345,\n";
    let db = empty_library();
    let plan = plan_of(&db, read_csv(text));
    assert_eq!(plan.counts().new, 3, "{:?}", plan.invalid);
    let refused: Vec<String> = plan.invalid.iter().flat_map(|r| r.sentences()).collect();
    assert_eq!(
        refused,
        [
            "line 5, Contract value: −$500.00 is negative; a contract's value is not.",
            "line 6, Contract value: 12.345 has more than two decimals; write the value to the cent.",
        ]
    );
    assert!(
        sentences(&plan.warnings).contains("line 4, Contract value: 'N/A' is not an amount"),
        "{}",
        sentences(&plan.warnings)
    );
    let report = import(&db, &plan);
    assert_eq!(report.added, 3);
    let by_number = |n: &str| {
        contract::all(&db)
            .unwrap()
            .into_iter()
            .find(|c| c.contract_number == n)
            .unwrap()
    };
    let paving = by_number("C-1");
    assert_eq!(
        (paving.value.map(|v| v.to_string()), paving.value_kind),
        (Some("1250000.00".to_owned()), Some(ValueKind::Maximum)),
        "exact to the cent, with its kind"
    );
    let copiers = by_number("C-3");
    assert_eq!(copiers.value, None);
    assert!(
        copiers.notes.contains("Contract value as published: N/A"),
        "{}",
        copiers.notes
    );

    let found = |at_least: &str| -> Vec<String> {
        let query = Query {
            value_at_least: Some(at_least.parse().unwrap()),
            ..Query::default()
        };
        let mut numbers: Vec<String> = search::search(&db, &query, now().date())
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.summary.contract_number)
            .collect();
        numbers.sort();
        numbers
    };
    assert_eq!(found("85000"), ["C-1", "C-2"], "at least, to the cent");
    assert_eq!(found("85000.01"), ["C-1"]);
    assert_eq!(
        found("0"),
        ["C-1", "C-2"],
        "contracts with no value are left out"
    );
}
