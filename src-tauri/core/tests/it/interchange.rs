//! Import and export as a clerk uses them: read, see the plan, import or cancel, merge a
//! peer's bundle, and get the same library back after a round trip — on the real sample
//! contracts (curly apostrophes, accented names, awkward numbers).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::interchange::{
    self, bundle, csv, mapping, ocds, Choices, FieldChoice, Format, Incoming, Mapping, Plan,
    Progress, RowKind, Side,
};
use coopdesk_core::library::checklist::{self, Answer, ChecklistEntry, ChecklistItem};
use coopdesk_core::library::contract::{self, AwardType, Contract};
use coopdesk_core::library::documents::{self, DocumentKind};
use coopdesk_core::library::history;
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::library::search::{self, Query};
use coopdesk_core::Error;

use crate::support::library::{contents, open_without_sample, price_lists, sample_library};

fn now() -> NaiveDateTime {
    "2026-11-25T09:30:00".parse().unwrap()
}

/// The shared CSV's real records (through a mapping) plus one
/// contract with the text that breaks exports: curly quotes, accents, right-to-left,
/// emoji, a formula-like cell, a list item with a comma, new lines, a 20-digit number.
/// (The shared data itself is plain ASCII.)
fn awkward_library() -> Database {
    let db = empty_library();
    import(&db, shared_csv_incoming(&db), &Choices::default());
    let awkward = Contract {
        cooperative: "Région “Sud” Coöp".into(),
        contract_number: "00000000000000000042".into(),
        number_variants: vec!["=HYPERLINK(\"x\")".into(), "42, rev. 2".into()],
        title: "O’Brien’s café — שירותי ניקיון 🚒".into(),
        vendor_name: "Peñasco & Söhne, Inc.".into(),
        vendor_phone: "+1 505 555 0100".into(),
        description: "Line one,\r\nline \"two\"\n-three".into(),
        admin_fee_percent: Some("0.75".parse().unwrap()),
        eligible_states: vec!["NM".into(), "TX".into()],
        cooperative_clause: Some(false),
        award_type: Some(AwardType::Multiple),
        awardee_count: Some(4),
        small_business: Some(true),
        local_states: vec!["NM".into()],
        woman_owned: Some(false),
        veteran_owned: Some(true),
        value: Some("1250000.50".parse().unwrap()),
        value_kind: Some(contract::ValueKind::Maximum),
        response_count: Some(7),
        award_date: NaiveDate::from_ymd_opt(2025, 2, 28),
        expiry_date: NaiveDate::from_ymd_opt(2029, 2, 28),
        notes: "@risk -- check\ttabs".into(),
        ..Contract::default()
    };
    let id = contract::insert(&db, &awkward, now()).unwrap();
    price_list::set_price_lines(
        &db,
        id,
        &[
            PriceLine {
                item: "Snow tires, set of 4".into(),
                unit: "set".into(),
                unit_price: "1234.50".parse().unwrap(),
                notes: "installed — “free”".into(),
            },
            PriceLine {
                item: "=Labour".into(),
                unit: "hour".into(),
                unit_price: "0.10".parse().unwrap(),
                notes: String::new(),
            },
        ],
        now(),
    )
    .unwrap();
    db
}

fn shared_csv_incoming(db: &Database) -> Incoming {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/contracts/cooperative_contracts_sample.csv"
    );
    let bytes = std::fs::read(path).unwrap();
    let (headers, _) = csv::headers(&bytes, "sample.csv").unwrap();
    let mut mapping = Mapping::guess(&headers);
    // The file has no title column: the clerk maps the category to it, and the prose
    // admin fee to its notes.
    for column in &mut mapping.columns {
        match column.header.as_str() {
            "category" => column.field = Some("title".into()),
            "admin_fee" => column.field = Some("adminFeeNotes".into()),
            _ => {}
        }
    }
    mapping.validate().unwrap();
    mapping::remember(db, &mapping).unwrap();
    let remembered = mapping::for_headers(db, &headers).unwrap();
    assert_eq!(remembered, mapping, "the mapping is remembered");
    csv::read(&bytes, "sample.csv", Some(&remembered)).unwrap()
}

/// The sample library in a file in `dir`, for a test that also reads the file itself.
fn sample_library_on_disk(dir: &Path) -> Database {
    crate::support::library::open(dir, now())
}

/// A connection of the test's own to the library's file: what is on disk, not what the
/// library's connection says.
fn raw(db: &Database) -> rusqlite::Connection {
    rusqlite::Connection::open(db.path().expect("a library on disk")).unwrap()
}

fn empty_library() -> Database {
    Database::open_in_memory().unwrap()
}

fn read_csv(text: &str) -> Incoming {
    csv::read(text.as_bytes(), "test.csv", None).unwrap()
}

fn import(db: &Database, incoming: Incoming, choices: &Choices) -> interchange::ImportReport {
    crate::support::library::import(db, incoming, choices, now())
}

fn export_csv(db: &Database) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.csv");
    interchange::export(
        db,
        &[],
        Format::Csv,
        &path,
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    std::fs::read(path).unwrap()
}

const HEADER: &str = "cooperative,contractNumber,title,vendorName,expiryDate,notes";

#[test]
fn the_plan_counts_new_changed_duplicate_and_invalid_rows_before_anything_is_written() {
    let db = empty_library();
    import(
        &db,
        read_csv(&format!(
            "{HEADER}\nTIPS,1,Laptops,Acme,2027-01-31,\nTIPS,2,Phones,Acme,2027-01-31,\n"
        )),
        &Choices::default(),
    );
    let incoming = read_csv(&format!(
        "{HEADER}\n\
         TIPS,1,Laptops,Acme,2027-01-31,\n\
         TIPS,2,Phones,Acme,2028-01-31,renewed\n\
         TIPS,3,Tablets,Acme,,\n\
         TIPS,4,,Acme,,\n\
         TIPS,5,Printers,Acme,2026-02-30,\n\
         TIPS,3,Tablets again,Acme,,\n"
    ));
    let plan = interchange::plan(&db, incoming).unwrap();
    let counts = plan.counts();
    // An expiry that is not a date leaves the field empty and the row listed to check
    // (issue #23): it is not refused.
    assert_eq!(
        (counts.new, counts.changed, counts.duplicate, counts.invalid),
        (2, 1, 1, 2)
    );
    assert_eq!(contract::count(&db).unwrap(), 2, "planning writes nothing");
    let summary = plan.summary();
    let sentences: Vec<String> = summary.invalid.iter().flat_map(|r| r.sentences()).collect();
    assert_eq!(
        sentences,
        vec![
            "line 5, Title: is required.".to_owned(),
            "line 7, Contract number: repeats the contract on line 4 (same cooperative, number and vendor). Keep one of the two rows.".to_owned(),
        ]
    );
    assert!(
        summary.warnings.iter().any(|w| {
            w.sentence()
            == "line 6, Expiry date: '2026-02-30' is not a day of the calendar (month 2, day 30). \
                Check the date. The contract is imported with this field empty; the text is kept \
                as the expiry as published."
        }),
        "{:?}",
        summary.warnings
    );
    let changed = &summary.changed[0];
    let fields: Vec<(&str, &str, &str)> = changed
        .differences
        .iter()
        .map(|d| (d.field.as_str(), d.mine.as_str(), d.theirs.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("expiryDate", "2027-01-31", "2028-01-31"),
            ("notes", "", "renewed")
        ]
    );
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(
        json["counts"]["duplicate"], 1,
        "the wire form is camelCase: {json}"
    );
    assert_eq!(json["changed"][0]["differences"][0]["theirs"], "2028-01-31");
}

#[test]
fn a_changed_contract_keeps_my_values_unless_the_clerk_takes_theirs_field_by_field() {
    let db = empty_library();
    import(
        &db,
        read_csv(&format!("{HEADER}\nTIPS,1,Laptops,Acme,2027-01-31,mine\n")),
        &Choices::default(),
    );
    let theirs = format!("{HEADER}\nTIPS,1,Laptops,Acme,2028-01-31,theirs\n");

    let report = import(&db, read_csv(&theirs), &Choices::default());
    let kept = &contract::all(&db).unwrap()[0];
    assert_eq!(
        (kept.expiry_date, kept.notes.as_str(), report.unchanged),
        (NaiveDate::from_ymd_opt(2027, 1, 31), "mine", 1),
        "the default never overwrites"
    );

    let choices = Choices {
        default: Side::KeepMine,
        fields: vec![FieldChoice {
            line: 2,
            field: "expiryDate".into(),
            side: Side::TakeTheirs,
        }],
    };
    let report = import(&db, read_csv(&theirs), &choices);
    let merged = &contract::all(&db).unwrap()[0];
    assert_eq!(report.updated, 1);
    assert_eq!(merged.expiry_date, NaiveDate::from_ymd_opt(2027 + 1, 1, 31));
    assert_eq!(merged.notes, "mine", "the field not chosen keeps my value");
    let last = history::history(&db, merged.id.unwrap())
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.changes.len(), 1, "history records the one field taken");
    assert_eq!(last.changes[0].field, "expiryDate");
}

#[test]
fn imported_contracts_are_found_by_search_at_once() {
    let db = empty_library();
    import(
        &db,
        read_csv(&format!(
            "{HEADER}\nBuyBoard,\"0042\",Playground equipment,Peñasco Play,2027-01-31,O’Brien\n"
        )),
        &Choices::default(),
    );
    let hits = search::search(&db, &Query::text("penasco"), now().date()).unwrap();
    assert_eq!(hits.total, 1, "the search index follows the import");
    assert_eq!(hits.hits[0].summary.contract_number, "0042");
}

#[test]
fn cancelling_an_import_leaves_the_library_unchanged() {
    let db = sample_library(now());
    let before = contents(&db);
    let rows: String = (0..500)
        .map(|n| format!("TIPS,{n},Item {n},Acme,,\n"))
        .collect();
    let plan = interchange::plan(&db, read_csv(&format!("{HEADER}\n{rows}"))).unwrap();
    let cancel = AtomicBool::new(false);
    let mut seen: Vec<Progress> = Vec::new();
    let result = interchange::apply(
        &db,
        &plan,
        &Choices::default(),
        now(),
        &mut |p| {
            seen.push(p);
            if p.done >= 250 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    );
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(seen.len() > 10, "progress was reported along the way");
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    assert_eq!(contents(&db), before, "nothing of the import remains");
    let hits = search::search(&db, &Query::text("Item"), now().date()).unwrap();
    assert_eq!(hits.total, 0, "nor in the search index");
}

#[test]
fn an_error_in_the_middle_of_writing_rolls_everything_back() {
    let db = sample_library(now());
    let before = contents(&db);
    let mut plan: Plan = interchange::plan(
        &db,
        read_csv(&format!("{HEADER}\nTIPS,1,A,Acme,,\nTIPS,2,B,Acme,,\n")),
    )
    .unwrap();
    // A row that passed the plan but fails on writing (the library changed meanwhile).
    let mut emptied = plan.rows[1].candidate.contract.unpack();
    emptied.title.clear();
    plan.rows[1].candidate.contract = emptied.into();
    let error = interchange::apply(
        &db,
        &plan,
        &Choices::default(),
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(error.to_string().starts_with("Line 3:"), "{error}");
    assert_eq!(contents(&db), before);
}

#[test]
fn csv_export_then_import_gives_the_same_library() {
    let db = awkward_library();
    let bytes = export_csv(&db);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    assert!(
        text.contains('’'),
        "the curly apostrophes are written as they are"
    );

    let copy = empty_library();
    let report = import(
        &copy,
        csv::read(&bytes, "library.csv", None).unwrap(),
        &Choices::default(),
    );
    assert_eq!(report.added, 11);
    assert_eq!(contents(&copy), contents(&db));
    assert_eq!(
        price_lists(&copy),
        price_lists(&db),
        "price lists come back exactly, scale included"
    );

    let again = interchange::plan(&copy, csv::read(&bytes, "library.csv", None).unwrap()).unwrap();
    assert_eq!(
        again.counts().duplicate,
        11,
        "a second import finds duplicates only"
    );
}

#[test]
fn ocds_export_then_import_gives_the_same_library() {
    let db = awkward_library();
    let first = contract::all(&db).unwrap()[0].id.unwrap();
    price_list::set_price_lines(
        &db,
        first,
        &[PriceLine {
            item: "Ford F-550".into(),
            unit: "each".into(),
            unit_price: "165142.67".parse().unwrap(),
            notes: String::new(),
        }],
        now(),
    )
    .unwrap();
    let contracts = interchange::selection(&db, &[]).unwrap();
    let package =
        ocds::export(&db, contracts, "Village of Peñasco", now(), &mut |_| Ok(())).unwrap();
    let bytes = serde_json::to_vec_pretty(&package).unwrap();

    let copy = empty_library();
    let incoming = ocds::read(&bytes, "export.json").unwrap();
    assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
    import(&copy, incoming, &Choices::default());
    assert_eq!(contents(&copy), contents(&db));
    let copied = contract::all(&copy).unwrap()[0].id.unwrap();
    assert_eq!(
        price_list::price_lines(&copy, copied).unwrap()[0]
            .unit_price
            .to_string(),
        "165142.67",
        "the price comes back exactly"
    );
}

/// The OCDS 1.1 schemas (release-package and release, 1.1.5) were read but are not
/// vendored, and no JSON Schema validator is built here: this checks what those schemas
/// require (`required` lists, types, formats, patterns) of everything CoopDesk writes.
#[test]
fn an_ocds_export_has_what_the_release_package_schema_requires() {
    let db = awkward_library();
    let contracts = interchange::selection(&db, &[]).unwrap();
    let package = ocds::export(&db, contracts, "", now(), &mut |_| Ok(())).unwrap();
    for key in ["uri", "publishedDate", "publisher", "releases", "version"] {
        assert!(package.get(key).is_some(), "the package lacks {key}");
    }
    assert_eq!(
        package["version"], "1.1",
        "version matches ^(\\d+\\.)(\\d+)$"
    );
    assert!(package["publisher"]["name"].is_string());
    assert!(
        package["uri"].as_str().unwrap().starts_with("urn:"),
        "uri is a URI"
    );
    let releases = package["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 11);
    let mut ocids = std::collections::HashSet::new();
    for release in releases {
        for key in ["ocid", "id", "date", "tag", "initiationType"] {
            assert!(
                release.get(key).is_some(),
                "a release lacks {key}: {release}"
            );
        }
        assert!(
            ocids.insert(release["ocid"].as_str().unwrap().to_owned()),
            "ocids are unique"
        );
        assert_eq!(release["initiationType"], "tender");
        let date = release["date"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(date).is_ok(),
            "{date} is a date-time"
        );
        for party in release["parties"].as_array().unwrap() {
            assert!(party["id"].is_string() && party["name"].is_string());
        }
        assert!(
            !release["tag"].as_array().unwrap().is_empty(),
            "tag has minItems 1"
        );
        assert!(release["tender"]["id"].is_string(), "Tender requires id");
        if let Some(n) = release["tender"].get("numberOfTenderers") {
            assert!(n.is_u64(), "numberOfTenderers is an integer");
        }
        for item in release["tender"]["items"].as_array().into_iter().flatten() {
            assert!(item["id"].is_string(), "Item requires id");
            assert!(item["classification"]["scheme"].is_string());
        }
        let award = &release["awards"][0];
        assert!(award["id"].is_string(), "Award requires id");
        let contract = &release["contracts"][0];
        assert!(
            contract["id"].is_string() && contract["awardID"] == award["id"],
            "Contract requires id and awardID, which names an award"
        );
        for item in contract["items"].as_array().into_iter().flatten() {
            assert!(item["id"].is_string(), "Item requires id");
            assert!(
                item["unit"]["value"]["amount"].is_number(),
                "amount is a number"
            );
            assert_eq!(item["unit"]["value"]["currency"], "USD");
        }
        for date in [
            &award["date"],
            &contract["period"]["startDate"],
            &contract["period"]["maxExtentDate"],
        ] {
            if let Some(date) = date.as_str() {
                assert!(chrono::DateTime::parse_from_rfc3339(date).is_ok(), "{date}");
            }
        }
        if let Some(end) = contract["period"]["endDate"].as_str() {
            assert!(chrono::DateTime::parse_from_rfc3339(end).is_ok(), "{end}");
        }
    }
}

#[test]
fn the_fictional_ocds_example_imports_as_one_contract() {
    let db = empty_library();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ocds-fictional-example/ocds-213czf-000-00001.json"
    );
    let incoming = interchange::read_file(&db, Path::new(path), Format::Ocds, None);
    let incoming = incoming.unwrap();
    let report = import(&db, incoming, &Choices::default());
    assert!(report.added >= 1, "{report:?}");
    let c = &contract::all(&db).unwrap()[0];
    assert_eq!(c.vendor_name, "AnyCorp Cycle Provision");
}

fn answered(item: ChecklistItem, by: &str) -> ChecklistEntry {
    ChecklistEntry {
        item,
        label: String::new(),
        answer: Answer::Yes,
        checked_by: by.into(),
        checked_on: NaiveDate::from_ymd_opt(2026, 11, 20),
        note: String::new(),
    }
}

#[test]
fn a_bundle_carries_checklists_price_lists_and_documents_to_a_peer() {
    let ours = tempfile::tempdir().unwrap();
    let db = open_without_sample(ours.path(), now());
    import(
        &db,
        read_csv(&format!(
            "{HEADER}\nTIPS,1,Laptops,Acme,2027-01-31,\nTIPS,2,Phones,Acme,,\n"
        )),
        &Choices::default(),
    );
    let id = contract::all(&db).unwrap()[0].id.unwrap();
    checklist::set_item(
        &db,
        id,
        &answered(ChecklistItem::VendorNotDebarred, "Ana Ruiz"),
        now(),
    )
    .unwrap();
    price_list::set_price_lines(
        &db,
        id,
        &[PriceLine {
            item: "Laptop".into(),
            unit: "each".into(),
            unit_price: "899.00".parse().unwrap(),
            notes: String::new(),
        }],
        now(),
    )
    .unwrap();
    let document = ours.path().join("award letter.pdf");
    std::fs::write(&document, b"%PDF-1.4 award").unwrap();
    documents::attach(&db, id, &document, DocumentKind::Award, now()).unwrap();

    let file = ours.path().join("for-peer.coopdesk");
    let report = bundle::write(&db, &[id], &file, now(), &mut |_| Ok(())).unwrap();
    assert_eq!((report.contracts, report.documents), (1, 1));

    let peer_dir = tempfile::tempdir().unwrap();
    let peer = open_without_sample(peer_dir.path(), now());
    let report = import(&peer, bundle::read(&file).unwrap(), &Choices::default());
    assert_eq!((report.added, report.documents_added), (1, 1));
    let theirs = contract::all(&peer).unwrap()[0].id.unwrap();
    let entry = checklist::checklist(&peer, theirs)
        .unwrap()
        .into_iter()
        .find(|e| e.item == ChecklistItem::VendorNotDebarred)
        .unwrap();
    assert_eq!(
        (entry.answer, entry.checked_by.as_str()),
        (Answer::Yes, "Ana Ruiz")
    );
    assert_eq!(
        price_list::price_lines(&peer, theirs).unwrap()[0]
            .unit_price
            .to_string(),
        "899.00"
    );
    let docs = documents::list_documents(&peer, theirs).unwrap();
    assert!(docs[0].verified, "the copied document matches its SHA-256");
    assert_eq!(std::fs::read(&docs[0].path).unwrap(), b"%PDF-1.4 award");

    // The peer changes the checklist; importing our bundle again shows the conflict
    // and, by default, keeps the peer's answer.
    checklist::set_item(
        &peer,
        theirs,
        &answered(ChecklistItem::VendorNotDebarred, "Sam Lee"),
        now(),
    )
    .unwrap();
    let plan = interchange::plan(&peer, bundle::read(&file).unwrap()).unwrap();
    assert_eq!(plan.rows[0].kind, RowKind::Changed);
    assert_eq!(
        plan.rows[0].differences[0].field,
        "dueDiligence.vendorNotDebarred"
    );
    let report = interchange::apply(
        &peer,
        &plan,
        &Choices::default(),
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(
        report.documents_added, 0,
        "the document is not attached twice"
    );
    let kept = checklist::checklist(&peer, theirs).unwrap();
    assert!(kept.iter().any(|e| e.checked_by == "Sam Lee"));
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fake.coopdesk");
    std::fs::write(&path, b"not a database at all").unwrap();
    let error = bundle::read(&path).unwrap_err();
    assert!(
        error.to_string().contains("not a CoopDesk bundle"),
        "{error}"
    );
}

#[test]
fn the_documented_example_csv_imports_without_a_problem() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/contracts.csv"
    );
    let incoming = csv::read(&std::fs::read(path).unwrap(), "contracts.csv", None).unwrap();
    assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
    assert_eq!(incoming.candidates.len(), 3);
    let tips = incoming.candidates[2].contract.unpack();
    assert_eq!(tips.contract_number, "00230105");
    assert_eq!(tips.expiry_date, NaiveDate::from_ymd_opt(2025, 11, 8));
    assert_eq!(
        incoming.candidates[1].contract.unpack().eligible_states,
        vec!["UT", "NM", "TX"]
    );
}

#[test]
fn the_shared_csv_of_real_contracts_reads_through_a_mapping() {
    let db = empty_library();
    let incoming = shared_csv_incoming(&db);
    assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
    assert_eq!(incoming.candidates.len(), 10);
    let report = import(&db, incoming, &Choices::default());
    assert_eq!(report.added, 10);
    let all = contract::all(&db).unwrap();
    assert!(all
        .iter()
        .any(|c| c.expiry_date == NaiveDate::from_ymd_opt(2025, 11, 8)));
    assert!(
        all.iter().any(|c| c.vendor_aliases.len() > 2),
        "list columns split on |"
    );
}

#[test]
fn windows_1252_from_excel_imports_with_a_note() {
    let mut bytes = format!("{HEADER}\r\n").into_bytes();
    bytes.extend(b"TIPS,1,Pe\xF1asco parks,O\x92Brien Co,,\r\n");
    let incoming = csv::read(&bytes, "excel.csv", None).unwrap();
    assert_eq!(
        incoming.candidates[0].contract.unpack().vendor_name,
        "O’Brien Co"
    );
    assert!(incoming.notes.iter().any(|n| n.contains("Windows-1252")));
}

#[test]
fn a_bulk_import_is_indexed_for_search_and_later_additions_still_are() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_library_on_disk(dir.path());
    let rows: String = (0..1500)
        .map(|n| format!("TIPS,B{n},Snowplow blade {n},Acme,,\n"))
        .collect();
    let report = import(
        &db,
        read_csv(&format!("{HEADER}\n{rows}")),
        &Choices::default(),
    );
    assert_eq!(report.added, 1500);
    let hits = search::search(&db, &Query::text("snowplow"), now().date()).unwrap();
    assert_eq!(
        hits.total, 1500,
        "every imported row is in the search index"
    );
    let indexed: i64 = raw(&db)
        .query_row("SELECT count(*) FROM contracts_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, contract::count(&db).unwrap());

    let mut later = Contract {
        cooperative: "TIPS".into(),
        contract_number: "L1".into(),
        title: "Zamboni rental".into(),
        vendor_name: "Acme".into(),
        ..Contract::default()
    };
    later.id = Some(contract::insert(&db, &later, now()).unwrap());
    let hits = search::search(&db, &Query::text("zamboni"), now().date()).unwrap();
    assert_eq!(
        hits.total, 1,
        "the per-row index trigger is back after the import"
    );
}

#[test]
fn a_bulk_import_keeps_number_keys_and_history_as_row_by_row_would() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_library_on_disk(dir.path());
    let raw = raw(&db);
    let schema = |raw: &rusqlite::Connection| -> Vec<(String, String)> {
        let mut stmt = raw
            .prepare("SELECT name, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let before = schema(&raw);
    let rows: String = (0..1200)
        .map(|n| format!("TIPS,B-{n} /x,Snowplow blade {n},Acme,,\n"))
        .collect();
    let report = import(
        &db,
        read_csv(&format!("{HEADER}\n{rows}")),
        &Choices::default(),
    );
    assert_eq!(report.added, 1200);
    assert_eq!(
        schema(&raw),
        before,
        "the triggers and indexes set aside for the import are all back, unchanged"
    );
    let (keys, expected): (i64, i64) = raw
        .query_row(
            "SELECT (SELECT count(*) FROM contract_number_keys),
                    (SELECT count(*) FROM (SELECT DISTINCT key, contract_id
                                           FROM contract_number_key_source WHERE key <> ''))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        keys, expected,
        "every contract's number keys are built once"
    );
    let hits = search::search(&db, &Query::text("B-1199/X"), now().date()).unwrap();
    let first = hits
        .hits
        .first()
        .expect("the typed number finds a contract");
    assert!(
        first.exact_number && first.summary.contract_number == "B-1199 /x",
        "a number typed with other punctuation finds the imported contract first: {first:?}"
    );
    let created: i64 = raw
        .query_row(
            "SELECT count(*) FROM contract_history h JOIN contracts c ON c.id = h.contract_id
             WHERE c.contract_number LIKE 'B-%' AND h.action = 'create' AND h.changes = '[]'
               AND h.at = '2026-11-25T09:30:00'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        created, 1200,
        "every imported contract has its 'create' entry"
    );
}

/// Everything a bulk import builds at the end instead of row by row, as stored: the
/// schema, the search index's every word (by contract, column and position) and its
/// integrity, the number keys, the chip counts and the history — and the contracts and
/// price lines themselves, with every index (the chip indexes among them) holding
/// exactly the rows of its table.
fn built_state(db: &Database) -> Vec<String> {
    let raw = raw(db);
    raw.execute(
        "INSERT INTO contracts_fts (contracts_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the search index holds exactly the text of the contracts");
    raw.execute_batch(
        "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, 'contracts_fts', 'instance')",
    )
    .unwrap();
    let mut state = Vec::new();
    for sql in [
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY name",
        "SELECT term, doc, col, offset FROM temp.words ORDER BY 1, 2, 3, 4",
        "SELECT key, contract_id FROM contract_number_keys ORDER BY 1, 2",
        "SELECT cooperative, n FROM contract_facet_cooperatives ORDER BY 1",
        "SELECT category, n FROM contract_facet_categories ORDER BY 1",
        "SELECT expiry_date, extendable_until, n
         FROM contract_facet_expiries ORDER BY 1, 2",
        "SELECT id, contract_id, at, action, changes FROM contract_history ORDER BY id",
        "PRAGMA integrity_check",
        "SELECT * FROM contracts ORDER BY id",
        "SELECT * FROM price_lines ORDER BY id",
    ] {
        let mut stmt = raw.prepare(sql).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                (0..columns)
                    .map(|i| row.get::<_, rusqlite::types::Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap();
        state.extend(rows.map(|row| format!("{sql}: {:?}", row.unwrap())));
    }
    state
}

/// `n` rows from `first` on: three cooperatives, joining marks and periods, expiries
/// over a year, every seventh with a price list.
fn varied_rows(first: usize, n: usize) -> Vec<String> {
    (first..first + n)
        .map(|n| {
            let cooperative = ["TIPS", "Sourcewell", "O’Brien Co-op"][n % 3];
            let prices = if n % 7 == 3 { "Blade; each; 12.50" } else { "" };
            format!(
                "{cooperative},B-{n} /x,O'Brien blade {n} for U.S. roads,AT&T E‐Rate {},\
                 2027-{:02}-1{},note {n} at sales.example,{prices}\n",
                n % 7,
                1 + n % 12,
                n % 10
            )
        })
        .collect()
}

/// Imports `rows` into two libraries that already hold the same `before` rows (less a
/// trashed contract): in one bulk file, and in files of 500 rows, each under the bulk
/// threshold so that every trigger fires per row; the two must be the same.
fn assert_bulk_import_as_row_by_row(before: &[String], rows: &[String]) {
    let header = format!("{HEADER},priceLines");
    let import_in_parts = |db: &Database, rows: &[String]| {
        for part in rows.chunks(500) {
            let report = import(
                db,
                read_csv(&format!("{header}\n{}", part.concat())),
                &Choices::default(),
            );
            assert_eq!(report.added + report.unchanged, part.len());
        }
    };
    let with_before = |dir: &Path| {
        let db = open_without_sample(dir, now());
        import_in_parts(&db, before);
        if !before.is_empty() {
            contract::delete(&db, 1, now()).unwrap();
        }
        db
    };
    let bulk_dir = tempfile::tempdir().unwrap();
    let bulk = with_before(bulk_dir.path());
    let report = import(
        &bulk,
        read_csv(&format!("{header}\n{}", rows.concat())),
        &Choices::default(),
    );
    assert!(report.added >= 1000, "a bulk import: {report:?}");
    let by_row_dir = tempfile::tempdir().unwrap();
    let by_row = with_before(by_row_dir.path());
    import_in_parts(&by_row, rows);
    assert_eq!(
        contract::count(&bulk).unwrap(),
        contract::count(&by_row).unwrap()
    );
    let (bulk, by_row) = (built_state(&bulk), built_state(&by_row));
    assert_eq!(bulk.len(), by_row.len());
    for (bulk, by_row) in bulk.iter().zip(&by_row) {
        assert_eq!(
            bulk, by_row,
            "a search, a chip count, a number typed or a history would differ after a \
             bulk import"
        );
    }
}

#[test]
fn a_bulk_import_leaves_the_library_exactly_as_importing_row_by_row_would() {
    assert_bulk_import_as_row_by_row(&[], &varied_rows(0, 1500));
}

/// Issue #23, class 9: into a library that already holds more contracts than the file
/// (so its indexes are kept through the import, and only the per-row triggers are set
/// aside), with rows that repeat contracts it holds.
#[test]
fn a_bulk_import_into_a_full_library_leaves_it_as_row_by_row_would() {
    let before = varied_rows(0, 1600);
    let mut rows = varied_rows(5000, 1200);
    rows.extend_from_slice(&before[700..750]);
    rows.rotate_right(25);
    assert_bulk_import_as_row_by_row(&before, &rows);
}

/// Issue #23, class 9: a bulk import writes its contracts' `create` entries together,
/// and each contract's history still reads as when it is added alone: created, then its
/// price list — in a library that already has contracts and history.
#[test]
fn a_bulk_import_keeps_each_contracts_history_in_order_beside_its_price_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_library_on_disk(dir.path());
    let last_entry: i64 = raw(&db)
        .query_row("SELECT max(id) FROM contract_history", [], |r| r.get(0))
        .unwrap();
    let priced = |n: usize| n % 7 == 3;
    let rows: String = (0..1200)
        .map(|n| {
            let prices = if priced(n) { "Blade; each; 12.50" } else { "" };
            format!("TIPS,H-{n},Snowplow blade {n},Acme,,,{prices}\n")
        })
        .collect();
    let report = import(
        &db,
        read_csv(&format!("{HEADER},priceLines\n{rows}")),
        &Choices::default(),
    );
    assert_eq!(report.added, 1200);
    let entries: Vec<(String, String, bool)> = {
        let raw = raw(&db);
        let mut stmt = raw
            .prepare(
                "SELECT c.contract_number, h.action, h.changes LIKE '%\"priceLines\"%'
                 FROM contract_history h JOIN contracts c ON c.id = h.contract_id
                 WHERE h.id > ?1 ORDER BY h.id",
            )
            .unwrap();
        let rows = stmt
            .query_map([last_entry], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    let expected: Vec<(String, String, bool)> = (0..1200)
        .flat_map(|n| {
            let created = (format!("H-{n}"), "create".to_owned(), false);
            let prices = (format!("H-{n}"), "update".to_owned(), true);
            std::iter::once(created).chain(priced(n).then_some(prices))
        })
        .collect();
    assert_eq!(entries.len(), expected.len());
    for (entry, expected) in entries.iter().zip(&expected) {
        assert_eq!(
            entry, expected,
            "the history is written in the file's order, each contract created first"
        );
    }
}

/// Issue #23, class 9: a bulk import that has the library to itself writes through
/// SQLite's rollback journal, and leaves the library in WAL mode, as every library is
/// kept; one imported while another connection is reading keeps the WAL and imports
/// all the same.
#[test]
fn a_bulk_import_leaves_the_library_in_wal_mode_whoever_else_has_it_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    let rows = |first: usize| -> String {
        (first..first + 1200)
            .map(|n| format!("TIPS,W{n},Item {n},Acme,,\n"))
            .collect()
    };
    let mode = |conn: &rusqlite::Connection| -> String {
        conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    let report = import(
        &db,
        read_csv(&format!("{HEADER}\n{}", rows(0))),
        &Choices::default(),
    );
    assert_eq!(report.added, 1200);
    let other = raw(&db);
    assert_eq!(mode(&other), "wal", "the library is back in WAL mode");
    assert!(
        !dir.path()
            .join(format!("{}-journal", coopdesk_core::paths::DATABASE_FILE))
            .exists(),
        "no rollback journal is left behind"
    );

    // Another connection in the middle of a read, on the snapshot the WAL keeps for it.
    let mut reading = other.prepare("SELECT id FROM contracts").unwrap();
    let mut read = reading.query([]).unwrap();
    assert!(read.next().unwrap().is_some());
    let report = import(
        &db,
        read_csv(&format!("{HEADER}\n{}", rows(5000))),
        &Choices::default(),
    );
    assert_eq!(report.added, 1200);
    drop(read);
    drop(reading);
    assert_eq!(mode(&other), "wal");
    assert_eq!(contract::count(&db).unwrap(), 2400);
    let seen: i64 = other
        .query_row("SELECT count(*) FROM contracts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        seen, 2400,
        "the other connection sees the import once its read ends"
    );
}

#[test]
fn a_cancelled_export_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    let rows: String = (0..2500)
        .map(|n| format!("TIPS,{n},Item {n},Acme,,\n"))
        .collect();
    import(
        &db,
        read_csv(&format!("{HEADER}\n{rows}")),
        &Choices::default(),
    );
    for (name, format) in [
        ("out.csv", Format::Csv),
        ("out.json", Format::Ocds),
        ("out.coopdesk", Format::Bundle),
    ] {
        let target = dir.path().join(name);
        let cancel = AtomicBool::new(false);
        let mut calls = 0;
        let result = interchange::export(
            &db,
            &[],
            format,
            &target,
            now(),
            &mut |p| {
                calls += 1;
                assert_eq!(p.total, 2500);
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            },
            &cancel,
        );
        assert!(
            matches!(result, Err(Error::Cancelled)),
            "{format:?}: {result:?}"
        );
        assert!(calls >= 1);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("out"))
            .collect();
        assert!(left.is_empty(), "{format:?} left {left:?}");

        let report = interchange::export(
            &db,
            &[],
            format,
            &target,
            now(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(report.contracts, 2500);
        std::fs::remove_file(&target).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// Issue #12, outside testing: what the plan says is what the import does, and no row of
// a file disappears without a word.

use coopdesk_core::interchange::RowWarning;
use proptest::prelude::*;
use serde_json::json;

const EXAMPLE_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ocds-fictional-example/"
);

fn read_ocds(value: &serde_json::Value) -> Incoming {
    ocds::read(value.to_string().as_bytes(), "test.json").unwrap()
}

fn plan_of(db: &Database, incoming: Incoming) -> Plan {
    interchange::plan(db, incoming).unwrap()
}

fn warnings_text(warnings: &[RowWarning]) -> String {
    warnings
        .iter()
        .map(RowWarning::sentence)
        .collect::<Vec<_>>()
        .join("\n")
}

fn invalid_text(plan: &Plan) -> String {
    plan.invalid
        .iter()
        .flat_map(|r| r.sentences())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every row the plan accounts for: new, changed, duplicate, invalid and empty.
fn accounted(plan: &Plan) -> usize {
    let c = plan.counts();
    c.new + c.changed + c.duplicate + c.invalid + c.empty
}

/// Plans, applies with the given choices, and checks that the import did exactly what
/// the plan said: every new row added, every invalid one left out, nothing refused.
fn plan_then_apply(
    db: &Database,
    incoming: Incoming,
    side: Side,
) -> (Plan, interchange::ImportReport) {
    let before = contract::all(db).unwrap().len();
    let plan = plan_of(db, incoming);
    let counts = plan.counts();
    let report = interchange::apply(
        db,
        &plan,
        &Choices {
            default: side,
            fields: Vec::new(),
        },
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap_or_else(|e| panic!("the import refused what the plan accepted: {e}"));
    assert_eq!(report.added, counts.new, "{counts:?} {report:?}");
    assert_eq!(report.skipped, counts.invalid, "{counts:?} {report:?}");
    assert_eq!(
        contract::all(db).unwrap().len(),
        before + counts.new,
        "the library grew by the plan's new rows"
    );
    (plan, report)
}

// Class 1: a quote left open.

const FIVE_ROWS: &str = "cooperative,contractNumber,title,vendorName,expiryDate\n\
                         TIPS,1,Laptops,Acme,2027-01-31\n\
                         TIPS,2,\"Phones,Acme,2027-01-31\n\
                         TIPS,3,Tablets,Acme,2027-01-31\n\
                         ,,,,\n\
                         TIPS,5,Scanners,Acme,2027-01-31\n";

#[test]
fn a_csv_quote_left_open_is_reported_with_the_lines_it_swallowed() {
    for text in [FIVE_ROWS.to_owned(), FIVE_ROWS.replace('\n', "\r\n")] {
        let db = empty_library();
        let (plan, report) = plan_then_apply(&db, read_csv(&text), Side::KeepMine);
        let said = invalid_text(&plan);
        assert_eq!(plan.counts().new, 1, "{said}");
        assert_eq!(report.added, 1);
        assert!(
            accounted(&plan) >= 5,
            "every line of data is accounted for: {said}"
        );
        assert!(
            said.contains(
                "line 3, Title: the quote that opens this cell on line 3 is never closed"
            ) && said.contains("lines 4 to 6"),
            "{said}"
        );
        for line in [4, 5, 6] {
            assert!(
                plan.invalid.iter().any(|r| r.line == line),
                "line {line} is listed: {said}"
            );
        }
        assert!(
            contract::all(&db)
                .unwrap()
                .iter()
                .all(|c| !c.title.contains('\n')),
            "no contract's title swallowed the rows after it"
        );
    }
}

#[test]
fn a_quote_closed_by_a_later_cell_is_reported_rather_than_read_into_a_title() {
    let text = "cooperative,contractNumber,title,vendorName,expiryDate\n\
                TIPS,1,Laptops,Acme,2027-01-31\n\
                TIPS,2,\"Phones,Acme,2027-01-31\n\
                TIPS,3,Tablets,Acme,2027-01-31\n\
                TIPS,4,\"Printers, colour\",Acme,2027-01-31\n\
                TIPS,5,Scanners,Acme,2027-01-31\n";
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    let said = invalid_text(&plan);
    assert_eq!(plan.counts().new, 2, "lines 2 and 6: {said}");
    assert!(
        said.contains("line 3, Title:") && said.contains("lines 4 to 5"),
        "{said}"
    );
    assert!(accounted(&plan) >= 5, "{said}");
}

#[test]
fn a_quoted_cell_over_several_lines_is_still_one_cell() {
    let text = "cooperative,contractNumber,title,vendorName,notes,priceLines\n\
                TIPS,1,Laptops,Acme,\"Call first,\nthen write\",\"Laptop; each; $1,234.56; 3-year\n\
                Dock; each; 189.00\"\n\
                TIPS,2,Phones,Acme,,\n";
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    assert_eq!(plan.counts().new, 2, "{}", invalid_text(&plan));
    let first = contract::all(&db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == "1")
        .unwrap();
    assert_eq!(first.notes, "Call first,\nthen write");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever row and column a quote is left open in, whatever follows it, and however
    /// lines end: no row of the file goes missing from the plan, the plan is what the
    /// import does, and no contract swallows another row.
    #[test]
    fn a_quote_left_open_anywhere_never_loses_a_row(
        rows in 2usize..9,
        broken in 0usize..9,
        column in 0usize..5,
        later_quote in proptest::option::of(0usize..9),
        blank in proptest::option::of(0usize..9),
        second in proptest::option::of((0usize..9, 0usize..5)),
        crlf in any::<bool>(),
    ) {
        let broken = broken % rows;
        let mut text = String::from("cooperative,contractNumber,title,vendorName,expiryDate\n");
        for row in 0..rows {
            let mut cells = [
                "TIPS".to_owned(),
                format!("N{row}"),
                format!("Title {row}"),
                "Acme".to_owned(),
                "2027-01-31".to_owned(),
            ];
            if row == broken {
                cells[column] = format!("\"{}", cells[column]);
            } else if later_quote.is_some_and(|l| l % rows == row && row > broken) {
                cells[2] = format!("\"Title {row}, quoted\"");
            } else if blank.is_some_and(|b| b % rows == row) {
                cells = Default::default();
            } else if let Some(column) = second
                .filter(|(other, _)| other % rows == row)
                .map(|(_, column)| column)
            {
                cells[column] = format!("\"{}", cells[column]);
            }
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let db = empty_library();
        let (plan, _) = plan_then_apply(&db, read_csv(&text), Side::KeepMine);
        prop_assert!(accounted(&plan) >= rows, "{} of {rows}: {}", accounted(&plan), invalid_text(&plan));
        prop_assert!(
            plan.invalid.iter().any(|r| r.line == broken as u64 + 2),
            "the row with the open quote is listed: {}", invalid_text(&plan)
        );
        let mut lines: Vec<u64> = plan.invalid.iter().map(|r| r.line).collect();
        lines.dedup();
        prop_assert_eq!(lines.len(), plan.invalid.len(), "one entry per line");
        for c in contract::all(&db).unwrap() {
            prop_assert!(!c.title.contains('\n') && !c.vendor_name.contains('\n'), "{c:?}");
        }
    }
}

// Class 2: OCDS record packages.

fn example(name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(format!("{EXAMPLE_DIR}{name}")).unwrap()).unwrap()
}

/// Two releases of one contract: the newer extends the expiry and changes the title.
fn two_releases() -> (serde_json::Value, serde_json::Value) {
    let release = |id: &str, date: &str, end: &str, title: &str| {
        json!({
            "ocid": "ocds-test-1", "id": id, "date": date, "tag": ["contract"],
            "buyer": {"id": "b", "name": "Sourcewell"},
            "parties": [{"id": "s", "name": "Acme", "roles": ["supplier"]}],
            "awards": [{"id": "a1", "date": "2024-01-05T00:00:00Z", "suppliers": [{"id": "s", "name": "Acme"}]}],
            "contracts": [{"id": "C-1", "awardID": "a1", "title": title,
                           "period": {"startDate": "2024-02-01T00:00:00Z", "endDate": end}}]
        })
    };
    (
        release(
            "r1",
            "2024-01-10T00:00:00Z",
            "2026-01-31T00:00:00Z",
            "Old title",
        ),
        release(
            "r2",
            "2025-06-01T00:00:00Z",
            "2027-01-31T00:00:00Z",
            "New title",
        ),
    )
}

#[test]
fn a_record_without_a_compiled_release_merges_its_embedded_releases_in_date_order() {
    let (older, newer) = two_releases();
    // The newer release first: file order is not date order.
    let package = json!({"records": [{"ocid": "ocds-test-1", "releases": [newer, older]}]});
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_ocds(&package), Side::KeepMine);
    assert_eq!(plan.counts().new, 1, "{}", invalid_text(&plan));
    assert_eq!(plan.counts().invalid, 0, "{}", invalid_text(&plan));
    let c = &contract::all(&db).unwrap()[0];
    assert_eq!(c.title, "New title");
    assert_eq!(c.expiry_date, NaiveDate::from_ymd_opt(2027, 1, 31));
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("merged in date order")),
        "the plan says how the record was read: {:?}",
        plan.notes
    );
}

#[test]
fn a_record_s_compiled_release_is_used_and_the_plan_says_so() {
    let (older, newer) = two_releases();
    let mut compiled = newer.clone();
    compiled["contracts"][0]["title"] = json!("Compiled title");
    let package = json!({"records": [{"ocid": "ocds-test-1", "releases": [newer, older],
                                      "compiledRelease": compiled}]});
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_ocds(&package), Side::KeepMine);
    assert_eq!(plan.counts().new, 1);
    assert_eq!(contract::all(&db).unwrap()[0].title, "Compiled title");
    assert!(
        plan.notes.iter().any(|n| n.contains("compiled release")),
        "{:?}",
        plan.notes
    );
}

#[test]
fn a_release_package_with_several_releases_of_one_process_imports_its_latest_state() {
    let (older, newer) = two_releases();
    for releases in [json!([older.clone(), newer.clone()]), json!([newer, older])] {
        let db = empty_library();
        let (plan, _) = plan_then_apply(
            &db,
            read_ocds(&json!({"releases": releases})),
            Side::KeepMine,
        );
        assert_eq!(
            (plan.counts().new, plan.counts().invalid),
            (1, 0),
            "{}",
            invalid_text(&plan)
        );
        assert_eq!(contract::all(&db).unwrap()[0].title, "New title");
    }
    // The published example: six releases of one process, the last one implementation.
    let db = empty_library();
    let (plan, _) = plan_then_apply(
        &db,
        read_ocds(&example("ocds-213czf-000-00001.json")),
        Side::KeepMine,
    );
    assert_eq!(
        (plan.counts().new, plan.counts().invalid),
        (1, 0),
        "{}",
        invalid_text(&plan)
    );
}

#[test]
fn a_record_whose_releases_are_only_linked_is_listed_as_left_out() {
    let mut record = example("record-ocds-213czf-000-00001.json");
    record["records"][0]
        .as_object_mut()
        .unwrap()
        .remove("compiledRelease");
    let db = empty_library();
    let plan = plan_of(&db, read_ocds(&record));
    assert_eq!(plan.counts().invalid, 1);
    assert!(
        invalid_text(&plan).contains("only linked"),
        "{}",
        invalid_text(&plan)
    );
}

// Class 3: the plan is what the import does.

fn priced_release(number: &str, price: &str) -> serde_json::Value {
    json!({
        "ocid": format!("ocds-test-{number}"), "id": "r", "date": "2025-01-01T00:00:00Z",
        "buyer": {"name": "NASPO ValuePoint"},
        "awards": [{"id": "a", "suppliers": [{"name": "Acme"}]}],
        "contracts": [{"id": number, "awardID": "a", "title": "Laptops",
                       "items": [{"id": "1", "description": "Laptop",
                                  "unit": {"name": "each", "value": {"amount": price.parse::<f64>().unwrap()}}}]}]
    })
}

#[test]
fn an_ocds_contract_with_a_negative_unit_price_is_left_out_and_the_rest_imports() {
    let package = json!({"releases": [
        priced_release("A-1", "10.5"),
        priced_release("A-2", "-3"),
        priced_release("A-3", "7"),
    ]});
    let db = empty_library();
    let (plan, report) = plan_then_apply(&db, read_ocds(&package), Side::KeepMine);
    assert_eq!((report.added, report.skipped), (2, 1));
    let said = invalid_text(&plan);
    assert!(
        said.starts_with("line 2, Price line 1, unit price: -3"),
        "{said}"
    );
    assert!(said.contains("is negative"), "{said}");
}

#[test]
fn for_every_fixture_the_dry_run_plan_equals_what_the_import_does() {
    let mut fixtures: Vec<(String, Format)> = std::fs::read_dir(EXAMPLE_DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| (p.display().to_string(), Format::Ocds))
        .collect();
    fixtures.push((
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/examples/contracts.csv"
        )
        .to_owned(),
        Format::Csv,
    ));
    fixtures.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(fixtures.len() >= 10, "{fixtures:?}");
    for (path, format) in fixtures {
        for side in [Side::KeepMine, Side::TakeTheirs] {
            // Into an empty library, then again into the one it made (all duplicates),
            // then into the sample library.
            let db = empty_library();
            for db in [&db, &db, &sample_library(now())] {
                let incoming = interchange::read_file(db, Path::new(&path), format, None).unwrap();
                plan_then_apply(db, incoming, side);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A package of contracts, each possibly wrong in one way the import must refuse
    /// (negative price, dates out of order, no title, a price that is not an amount) or
    /// with a date nobody can read (imported without it, listed to check): the dry run's
    /// plan is what the import does, and the good contracts import.
    #[test]
    fn the_plan_of_any_ocds_package_is_what_the_import_does(
        flaws in proptest::collection::vec(0u8..7, 1..8),
    ) {
        let releases: Vec<serde_json::Value> = flaws
            .iter()
            .enumerate()
            .map(|(index, flaw)| {
                let mut release = priced_release(&format!("P-{index}"), "12.5");
                let contract = &mut release["contracts"][0];
                match flaw {
                    1 => contract["items"][0]["unit"]["value"]["amount"] = json!(-0.01),
                    2 => contract["period"] = json!({"startDate": "2027-01-01", "endDate": "2026-01-01"}),
                    3 => contract["title"] = json!(""),
                    4 => contract["items"][0]["unit"]["value"]["amount"] = json!("12,5"),
                    5 => contract["period"] = json!({"startDate": "2027-13-01"}),
                    _ => {}
                }
                release
            })
            .collect();
        let db = empty_library();
        let (plan, report) = plan_then_apply(&db, read_ocds(&json!({"releases": releases})), Side::KeepMine);
        let bad = flaws.iter().filter(|f| (1..=4).contains(*f)).count();
        prop_assert_eq!(report.added, flaws.len() - bad, "{}", invalid_text(&plan));
    }
}

// Class 5: the same contract, written another way.

fn library_with(contract: Contract) -> Database {
    let db = empty_library();
    contract::insert(&db, &contract, now()).unwrap();
    db
}

fn naf() -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: "091521-NAF".into(),
        title: "Automobiles".into(),
        vendor_name: "National Auto Fleet Group".into(),
        vendor_aliases: vec!["72 Hour LLC".into()],
        ..Contract::default()
    }
}

#[test]
fn a_number_written_with_another_dash_or_an_invisible_space_is_the_same_contract() {
    for number in [
        "091521\u{2011}NAF",
        "091521\u{2013}NAF",
        "091521\u{2014}NAF",
        "091521-\u{200B}NAF",
        "091521-NAF\u{00A0}",
        "\u{FF10}\u{FF19}\u{FF11}\u{FF15}\u{FF12}\u{FF11}-NAF",
    ] {
        let db = library_with(naf());
        let text = format!(
            "cooperative,contractNumber,title,vendorName\nSourcewell,{number},Automobiles,National Auto Fleet Group\n"
        );
        let (plan, _) = plan_then_apply(&db, read_csv(&text), Side::TakeTheirs);
        assert_eq!(plan.counts().new, 0, "{number:?} is not a new contract");
        assert_eq!(
            plan.counts().duplicate,
            1,
            "{number:?}: {}",
            invalid_text(&plan)
        );
        // (Spaces around a cell are trimmed, as they always were.)
        if number.trim() != "091521-NAF" {
            assert!(
                warnings_text(&plan.warnings).contains("read as the same contract"),
                "{number:?}: the plan says how it matched"
            );
        }
        assert_eq!(contract::all(&db).unwrap().len(), 1);
        assert_eq!(contract::all(&db).unwrap()[0].contract_number, "091521-NAF");
    }
}

#[test]
fn a_row_whose_vendor_is_a_recorded_alias_is_the_same_contract() {
    let db = library_with(naf());
    let text = "cooperative,contractNumber,title,vendorName,notes\n\
                Sourcewell,091521-NAF,Automobiles,72 Hour LLC,checked\n";
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    assert_eq!(plan.counts().changed, 1, "{}", invalid_text(&plan));
    assert!(
        warnings_text(&plan.warnings).contains("'72 Hour LLC' is a recorded other spelling"),
        "{}",
        warnings_text(&plan.warnings)
    );
    assert_eq!(contract::all(&db).unwrap().len(), 1);
}

#[test]
fn a_near_match_is_planned_new_with_a_possible_duplicate_warning() {
    let db = library_with(naf());
    let text = "cooperative,contractNumber,title,vendorName\n\
                Sourcewell,091521 NAF,Automobiles,\"National Auto Fleet Group, Inc.\"\n";
    let plan = plan_of(&db, read_csv(text));
    assert_eq!(plan.counts().new, 1);
    let said = warnings_text(&plan.warnings);
    assert!(
        said.starts_with("line 2, Contract number: possible duplicate of contract #1"),
        "{said}"
    );
}

/// A number as a source might mangle it: other dashes, invisible or non-breaking spaces,
/// full-width digits.
fn mangled(number: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    for (index, c) in number.chars().enumerate() {
        let choice = choices[index % choices.len()];
        match (c, choice % 6) {
            ('-', 1) => out.push('\u{2011}'),
            ('-', 2) => out.push('\u{2013}'),
            ('-', 3) => out.push('\u{2212}'),
            (d, 4) if d.is_ascii_digit() => {
                out.push(char::from_u32(0xFF10 + d.to_digit(10).unwrap()).unwrap())
            }
            (c, 5) => {
                out.push(c);
                out.push('\u{200B}');
            }
            (c, _) => out.push(c),
        }
    }
    if choices[0].is_multiple_of(2) {
        out.push('\u{00A0}');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_number_mangled_any_way_still_finds_its_contract(
        number in "[0-9]{2,6}-[A-Z0-9]{1,4}(-[0-9]{1,3})?",
        choices in proptest::collection::vec(any::<u8>(), 1..8),
        by_alias in any::<bool>(),
    ) {
        let db = library_with(Contract { contract_number: number.clone(), ..naf() });
        let vendor = if by_alias { "72 Hour LLC" } else { "National Auto Fleet Group" };
        let text = format!(
            "cooperative,contractNumber,title,vendorName\nSourcewell,{},Automobiles,{vendor}\n",
            mangled(&number, &choices)
        );
        let (plan, _) = plan_then_apply(&db, read_csv(&text), Side::TakeTheirs);
        prop_assert_eq!(plan.counts().new, 0, "{}", warnings_text(&plan.warnings));
        prop_assert_eq!(contract::all(&db).unwrap().len(), 1);
    }
}

// Class 6: dates that cannot all be true.

#[test]
fn an_effective_date_after_the_expiry_is_refused_naming_both_dates_in_csv_ocds_and_the_form() {
    let text = "cooperative,contractNumber,title,vendorName,effectiveDate,expiryDate\n\
                TIPS,1,Laptops,Acme,2027-06-01,2027-01-31\n";
    let plan = plan_of(&empty_library(), read_csv(text));
    assert_eq!(
        invalid_text(&plan),
        "line 2, Expiry date: 2027-01-31 is before the effective date 2027-06-01. Check both dates."
    );

    let mut release = priced_release("O-1", "1");
    release["contracts"][0]["period"] =
        json!({"startDate": "2027-06-01T00:00:00Z", "endDate": "2027-01-31T00:00:00Z"});
    let plan = plan_of(&empty_library(), read_ocds(&json!({"releases": [release]})));
    assert!(
        invalid_text(&plan).contains("is before the effective date"),
        "{}",
        invalid_text(&plan)
    );

    let form = Contract {
        solicitation_issued: NaiveDate::from_ymd_opt(2025, 3, 1),
        award_date: NaiveDate::from_ymd_opt(2025, 1, 1),
        ..naf()
    };
    let error = contract::insert(&empty_library(), &form, now()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("2025-01-01 is before the solicitation date 2025-03-01"),
        "{error}"
    );
}

// Smaller: rows and files that were read wrong without a word.

#[test]
fn an_all_empty_csv_row_is_accounted_for_in_the_plan() {
    let text = "cooperative,contractNumber,title,vendorName\nTIPS,1,Laptops,Acme\n,,,\nTIPS,2,Phones,Acme\n";
    let plan = plan_of(&empty_library(), read_csv(text));
    assert_eq!(plan.counts().empty, 1);
    assert_eq!(accounted(&plan), 3);
    assert!(warnings_text(&plan.warnings).contains("line 3, Row: is empty"));
}

#[test]
fn a_semicolon_separated_file_from_excel_is_read_and_the_plan_says_so() {
    let text = "cooperative;contractNumber;title;vendorName;adminFeePercent\n\
                TIPS;1;Laptops, tablets;Acme;2\n";
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    assert_eq!(plan.counts().new, 1, "{}", invalid_text(&plan));
    assert!(
        plan.notes.iter().any(|n| n.contains("semicolons")),
        "{:?}",
        plan.notes
    );
    assert_eq!(contract::all(&db).unwrap()[0].title, "Laptops, tablets");
}

#[test]
fn a_file_with_two_columns_of_the_same_name_is_refused_naming_that_column() {
    let text =
        "cooperative,contractNumber,title,vendorName,vendorName\nTIPS,1,Laptops,Acme,Zenith\n";
    let error = csv::read(text.as_bytes(), "two.csv", None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("two columns 'vendorName' (columns 4 and 5)"),
        "{error}"
    );
}

#[test]
fn a_repeated_json_key_is_warned_about_in_the_plan() {
    let text = r#"{"releases": [{"ocid": "o", "buyer": {"name": "TIPS"},
        "awards": [{"id": "a", "suppliers": [{"name": "Acme"}]}],
        "contracts": [{"id": "1", "awardID": "a", "title": "First", "title": "Second"}]}]}"#;
    let plan = plan_of(
        &empty_library(),
        ocds::read(text.as_bytes(), "dup.json").unwrap(),
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("'releases[0].contracts[0].title' appears more than once")),
        "{:?}",
        plan.notes
    );
}

#[test]
fn a_two_digit_year_is_shown_as_it_was_read() {
    let text =
        "cooperative,contractNumber,title,vendorName,expiryDate\nTIPS,1,Laptops,Acme,11/30/26\n";
    let plan = plan_of(&empty_library(), read_csv(text));
    assert_eq!(
        warnings_text(&plan.warnings),
        "line 2, Expiry date: '11/30/26' has a two-digit year and was read as 2026-11-30 \
         (November 30, 2026). Check it; write 2026-11-30 to be sure."
    );
}

#[test]
fn two_forms_of_the_number_in_one_row_are_both_kept_and_shown() {
    let text = "Cooperative,Contract #,Contract Number,Title,Vendor\n\
                TIPS,230105,230105-TS,Technology,Acme\n";
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    assert!(
        warnings_text(&plan.warnings).contains("two forms, '230105' and '230105-TS'"),
        "{}",
        warnings_text(&plan.warnings)
    );
    let c = &contract::all(&db).unwrap()[0];
    assert_eq!(
        (c.contract_number.as_str(), c.number_variants.clone()),
        ("230105", vec!["230105-TS".to_owned()])
    );
}

#[test]
fn a_supplier_name_cut_short_in_the_award_is_kept_with_the_full_name_and_shown() {
    let release = json!({
        "ocid": "o", "buyer": {"name": "TIPS"},
        "tender": {"tenderers": [{"id": "GB-1", "name": "AnyCorp Cycle Provision Ltd"}]},
        "awards": [{"id": "a", "suppliers": [{"id": "GB-1", "name": "AnyCorp Cycle"}]}],
        "contracts": [{"id": "1", "awardID": "a", "title": "Bikes"}]
    });
    let db = empty_library();
    let (plan, _) = plan_then_apply(
        &db,
        read_ocds(&json!({"releases": [release]})),
        Side::KeepMine,
    );
    assert!(
        warnings_text(&plan.warnings).contains("cut-off form"),
        "{}",
        warnings_text(&plan.warnings)
    );
    let c = &contract::all(&db).unwrap()[0];
    assert_eq!(
        c.vendor_name, "AnyCorp Cycle Provision Ltd",
        "the full name is the vendor"
    );
    assert_eq!(
        c.vendor_aliases,
        vec!["AnyCorp Cycle"],
        "the award's cut-off name is kept as another spelling"
    );
}

#[test]
fn renewal_wording_that_does_not_fit_the_dates_is_kept_and_shown() {
    let text =
        "cooperative,contractNumber,title,vendorName,expiryDate,renewalOptions,finalExpiryDate\n\
                TIPS,1,Laptops,Acme,2026-11-30,two (2) one-year renewals,2027-11-30\n\
                TIPS,2,Phones,Acme,2026-11-30,two (2) one-year renewals,2028-11-30\n";
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    assert_eq!(plan.counts().new, 2);
    assert_eq!(
        warnings_text(&plan.warnings),
        "line 2, Renewal options: 'two (2) one-year renewals' (2 × 1 year after the expiry \
         2026-11-30) would end 2028-11-30, but the final possible expiry is 2027-11-30. Both \
         are kept; check the source."
    );
}

#[test]
fn renewal_words_naming_a_last_date_the_options_cannot_reach_are_rows_to_check() {
    // R192006 as the shared records transcribe it: its options end 2025-05-31, its
    // words say March 31, 2025. 23026's words and dates agree.
    let text = "cooperative,contractNumber,title,vendorName,expiryDate,renewalOptions\n\
                TIPS,R192006,Technology,Acme,2023-05-31,\"Two one-year renewals 'through March 31, 2025'\"\n\
                NASPO,23026,Cloud,Acme,2025-06-30,\"May be extended up to 36 months in increments determined by the lead state, until June 30, 2028\"\n\
                TIPS,3,Phones,Acme,2025-06-30,\"No renewals; through June 30, 2027\"\n";
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    assert_eq!(plan.counts().new, 3, "rows to check are imported");
    assert_eq!(
        warnings_text(&plan.warnings),
        "line 2, Renewal options: 'Two one-year renewals 'through March 31,…' names 2025-03-31 \
         as the last date, which ends before the options recorded (2 × 1 year after the \
         expiry 2023-05-31: 2025-05-31). Both are kept; check the source.\n\
         line 4, Renewal options: 'No renewals; through June 30, 2027' names 2027-06-30 as \
         the last date, but nothing recorded extends the contract past its expiry \
         2025-06-30. Check the source."
    );
    let stored = contract::all(&db).unwrap();
    assert_eq!(
        (stored[0].renewal_count, stored[0].renewal_months),
        (Some(2), Some(12)),
        "the options the words say plainly are kept as data"
    );
    assert_eq!(
        stored[0].renewal_options, "Two one-year renewals 'through March 31, 2025'",
        "beside the words"
    );
}

#[test]
fn a_number_unlike_its_own_recorded_forms_is_a_row_to_check() {
    let text = "cooperative,contractNumber,numberVariants,title,vendorName\n\
                Sourcewell,091521-NAF,091521 -NAF | RFP #091521,Vehicles,National Auto Fleet\n\
                TIPS,230105-TS,230105 TS,Technology,Acme\n";
    let plan = plan_of(&empty_library(), read_csv(text));
    assert_eq!(plan.counts().new, 2, "rows to check are imported");
    assert_eq!(
        warnings_text(&plan.warnings),
        "line 2, Other forms of the number: 'RFP #091521' is recorded as another form of \
         the number 091521-NAF, but differs from it by more than punctuation (the \
         solicitation's number, or another contract's?). It is kept; check the source.",
        "a space or a dash is punctuation; 'RFP #' and a missing suffix are not"
    );
}

#[test]
fn a_quote_left_open_in_the_last_row_or_the_header_is_reported_not_read() {
    let last =
        "cooperative,contractNumber,title,vendorName\nTIPS,1,Laptops,Acme\nTIPS,2,\"Phones,Acme\n";
    let plan = plan_of(&empty_library(), read_csv(last));
    assert_eq!(plan.counts().new, 1);
    assert!(
        invalid_text(&plan).contains(
            "line 3, Title: the quote that opens this cell on line 3 is never closed before the end of the file"
        ),
        "{}",
        invalid_text(&plan)
    );
    let header =
        "cooperative,\"contractNumber,title,vendorName\nTIPS,1,Laptops,Acme\nTIPS,2,Phones,Acme\n";
    let error = csv::read(header.as_bytes(), "head.csv", None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("head.csv, line 1: a quote in the header row (column 2) is never closed")
            && error.contains("lines 2 to 3"),
        "{error}"
    );
}

#[test]
fn two_rows_that_both_match_one_library_contract_are_not_both_applied() {
    let db = library_with(naf());
    let text = "cooperative,contractNumber,title,vendorName,notes\n\
                Sourcewell,091521-NAF,Automobiles,National Auto Fleet Group,first\n\
                Sourcewell,091521\u{2011}NAF,Automobiles,72 Hour LLC,second\n";
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::TakeTheirs);
    assert_eq!(plan.counts().changed, 1);
    assert!(
        invalid_text(&plan).starts_with(
            "line 3, Contract number: is the same library contract (#1) as the row on line 2"
        ),
        "{}",
        invalid_text(&plan)
    );
    assert_eq!(contract::all(&db).unwrap()[0].notes, "first");
}

#[test]
fn a_single_record_imports_its_latest_state_not_its_oldest_release() {
    // A record on its own (not in a package): embedded releases, newer first.
    let (older, newer) = two_releases();
    let record = json!({"ocid": "ocds-test-1", "releases": [older, newer]});
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_ocds(&record), Side::KeepMine);
    assert_eq!(
        (plan.counts().new, plan.counts().invalid),
        (1, 0),
        "{}",
        invalid_text(&plan)
    );
    assert_eq!(contract::all(&db).unwrap()[0].title, "New title");

    // The published record on its own: linked releases and a compiled release.
    let record = example("record-ocds-213czf-000-00001.json")["records"][0].clone();
    let plan = plan_of(&empty_library(), read_ocds(&record));
    assert_eq!(plan.counts().new, 1, "{:?}", plan.notes);
    assert!(plan.notes.iter().any(|n| n.contains("compiled release")));

    // Linked releases only: listed as left out, not silently nothing.
    let linked = json!({"ocid": "ocds-test-1", "releases": [
        {"url": "https://example.org/r1.json", "date": "2024-01-10T00:00:00Z", "tag": ["contract"]}
    ]});
    let plan = plan_of(&empty_library(), read_ocds(&linked));
    assert_eq!(plan.counts().invalid, 1);
    assert!(
        invalid_text(&plan).contains("only linked"),
        "{}",
        invalid_text(&plan)
    );
}

#[test]
fn a_release_with_nothing_to_import_says_so() {
    let plan = plan_of(
        &empty_library(),
        read_ocds(&example("ocds-213czf-000-00001-01-planning.json")),
    );
    assert_eq!(plan.counts().new, 0);
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("nothing in it to import")),
        "{:?}",
        plan.notes
    );
}

#[test]
fn a_row_repeating_an_earlier_one_under_its_other_vendor_spelling_is_a_repeat() {
    let text = "cooperative,contractNumber,title,vendorName,vendorAliases\n\
                Sourcewell,091521-NAF,Automobiles,National Auto Fleet Group,72 Hour LLC\n\
                Sourcewell,091521\u{2011}NAF,Automobiles,72 Hour LLC,\n";
    let db = empty_library();
    let (plan, _) = plan_then_apply(&db, read_csv(text), Side::KeepMine);
    assert_eq!(plan.counts().new, 1);
    assert!(
        invalid_text(&plan).starts_with("line 3, Contract number: repeats the contract on line 2"),
        "{}",
        invalid_text(&plan)
    );
}

#[test]
fn a_record_left_out_is_listed_at_its_place_in_the_file() {
    let mut linked = example("record-ocds-213czf-000-00001.json")["records"][0].clone();
    linked.as_object_mut().unwrap().remove("compiledRelease");
    let (older, newer) = two_releases();
    let package = json!({"records": [
        {"ocid": "ocds-test-1", "releases": [older, newer]},
        linked,
    ]});
    let plan = plan_of(&empty_library(), read_ocds(&package));
    assert_eq!(plan.counts().new, 1);
    assert_eq!(plan.invalid[0].line, 2, "{}", invalid_text(&plan));
    assert_eq!(plan.rows[0].candidate.line, 1);
}

// The eligibility facts buyers filter on: award type and supplier flags.

/// A contract with every eligibility fact stated, some as "no", one left unknown.
fn multiple_award() -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: "060920-CAT".into(),
        title: "Heavy equipment".into(),
        vendor_name: "Caterpillar Inc.".into(),
        award_type: Some(AwardType::Multiple),
        awardee_count: Some(4),
        // Renewal options as data, beside words that do not say them.
        renewal_options: "Renewable by mutual agreement".into(),
        renewal_count: Some(2),
        renewal_months: Some(6),
        renewals_used: Some(1),
        small_business: Some(false),
        local_states: vec!["NM".into(), "TX".into()],
        minority_owned: None,
        woman_owned: Some(false),
        veteran_owned: Some(true),
        ..Contract::default()
    }
}

#[test]
fn the_award_type_and_supplier_flags_round_trip_through_csv_ocds_and_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_without_sample(dir.path(), now());
    let single = Contract {
        contract_number: "RFP-1".into(),
        award_type: Some(AwardType::Single),
        awardee_count: None,
        small_business: Some(true),
        minority_owned: Some(true),
        ..multiple_award()
    };
    let unknown = Contract {
        contract_number: "RFP-2".into(),
        ..Contract::default()
    };
    let unknown = Contract {
        cooperative: "TIPS".into(),
        title: "Laptops".into(),
        vendor_name: "Acme".into(),
        ..unknown
    };
    for c in [multiple_award(), single, unknown] {
        contract::insert(&db, &c, now()).unwrap();
    }

    let bytes = export_csv(&db);
    let text = String::from_utf8_lossy(&bytes);
    let header = text.lines().next().unwrap();
    for column in [
        "renewalCount",
        "renewalMonths",
        "renewalsUsed",
        "awardType",
        "awardeeCount",
        "smallBusiness",
        "localStates",
        "minorityOwned",
        "womanOwned",
        "veteranOwned",
    ] {
        assert!(header.contains(column), "the CSV has a {column} column");
    }
    let copy = empty_library();
    import(
        &copy,
        csv::read(&bytes, "library.csv", None).unwrap(),
        &Choices::default(),
    );
    assert_eq!(contents(&copy), contents(&db), "CSV: unknown stays unknown");

    let package = ocds::export(
        &db,
        interchange::selection(&db, &[]).unwrap(),
        "Village of Peñasco",
        now(),
        &mut |_| Ok(()),
    )
    .unwrap();
    let copy = empty_library();
    import(
        &copy,
        ocds::read(&serde_json::to_vec(&package).unwrap(), "export.json").unwrap(),
        &Choices::default(),
    );
    assert_eq!(contents(&copy), contents(&db), "OCDS");
    let small = package["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["contracts"][0]["id"] == "RFP-1")
        .unwrap();
    assert_eq!(
        small["parties"][1]["details"]["scale"], "sme",
        "other OCDS tools read a small business from the party's scale"
    );

    let file = dir.path().join("for-peer.coopdesk");
    bundle::write(&db, &[], &file, now(), &mut |_| Ok(())).unwrap();
    let peer_dir = tempfile::tempdir().unwrap();
    let peer = open_without_sample(peer_dir.path(), now());
    import(&peer, bundle::read(&file).unwrap(), &Choices::default());
    assert_eq!(contents(&peer), contents(&db), "bundle");
}

#[test]
fn a_cooperative_s_spreadsheet_names_award_type_and_supplier_flags_in_its_own_words() {
    let text = "Contract #,Supplier,Title,Program,Award Type,Awardees,SBE,Local,MBE,WBE,Veteran\n\
                22-07,Acme Paving,Asphalt,TIPS,Multi-award,3,Y,nm|tx,,no,yes\n\
                22-08,Acme Paving,Concrete,TIPS,Single Award,,n,,unknown,,\n";
    let incoming = read_csv(text);
    let db = empty_library();
    import(&db, incoming, &Choices::default());
    let asphalt = contract::all(&db).unwrap().remove(0);
    assert_eq!(
        (asphalt.award_type, asphalt.awardee_count),
        (Some(AwardType::Multiple), Some(3)),
        "\"Multi-award\" under \"Award Type\" and the awardees are read"
    );
    assert_eq!(asphalt.small_business, Some(true));
    assert_eq!(
        asphalt.local_states,
        ["NM", "TX"],
        "state codes upper-cased"
    );
    assert_eq!(
        asphalt.minority_owned, None,
        "an empty cell is unknown, not no"
    );
    assert_eq!(asphalt.woman_owned, Some(false));
    assert_eq!(asphalt.veteran_owned, Some(true));
    let concrete = contract::all(&db).unwrap().remove(1);
    assert_eq!(concrete.award_type, Some(AwardType::Single));
    assert_eq!(concrete.small_business, Some(false));
}

#[test]
fn an_award_type_that_is_not_one_or_awardees_without_a_multiple_award_are_refused_beside_their_field(
) {
    let text = "cooperative,contractNumber,title,vendorName,awardType,awardeeCount,localStates\n\
                TIPS,1,Laptops,Acme,maybe,,\n\
                TIPS,2,Phones,Acme,single,3,\n\
                TIPS,3,Tablets,Acme,multiple,1,\n\
                TIPS,4,Desks,Acme,,,New Mexico\n";
    let plan = plan_of(&empty_library(), read_csv(text));
    assert_eq!(plan.counts().invalid, 4, "{}", invalid_text(&plan));
    let problems = invalid_text(&plan);
    for expected in [
        "line 2, Award type: 'maybe' is not an award type",
        "line 3, Number of awardees: 3 awardees is for a multiple award",
        "line 4, Number of awardees: a multiple award goes to at least 2 suppliers",
        "line 5, Local supplier in: 'NEW MEXICO' is not a two-letter state code",
    ] {
        assert!(
            problems.contains(expected),
            "the clerk is told: {expected}\n{problems}"
        );
    }
}

#[test]
fn an_ocds_release_with_several_awards_is_a_multiple_award_and_an_sme_supplier_is_small() {
    let release = json!({
        "ocid": "ocds-test-2", "id": "r1", "date": "2024-01-10T00:00:00Z", "tag": ["award"],
        "buyer": {"id": "b", "name": "NASPO ValuePoint"},
        "parties": [
            {"id": "s1", "name": "Acme", "roles": ["supplier"], "details": {"scale": "sme"}},
            {"id": "s2", "name": "Bolt", "roles": ["supplier"], "details": {"scale": "large"}},
            {"id": "s3", "name": "Core", "roles": ["supplier"]},
        ],
        "awards": [
            {"id": "a1", "title": "Road salt", "suppliers": [{"id": "s1", "name": "Acme"}]},
            {"id": "a2", "title": "Road salt", "suppliers": [{"id": "s2", "name": "Bolt"}, {"id": "s3", "name": "Core"}]},
            {"id": "a3", "title": "Road salt", "status": "cancelled", "suppliers": [{"id": "s4", "name": "Dune"}]},
        ],
    });
    let incoming = read_ocds(&json!({"releases": [release]}));
    assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
    let contracts: Vec<Contract> = incoming
        .candidates
        .iter()
        .map(|c| c.contract.unpack())
        .collect();
    for c in &contracts {
        assert_eq!(
            (c.award_type, c.awardee_count),
            (Some(AwardType::Multiple), Some(3)),
            "{}: three suppliers in the live awards; the cancelled one does not count",
            c.vendor_name
        );
    }
    let small = |vendor: &str| {
        contracts
            .iter()
            .find(|c| c.vendor_name == vendor)
            .unwrap()
            .small_business
    };
    assert_eq!(small("Acme"), Some(true), "scale sme is a small business");
    assert_eq!(small("Bolt"), Some(false), "scale large is not");

    let lone = json!({"releases": [{
        "ocid": "ocds-test-3", "id": "r1", "date": "2024-01-10T00:00:00Z", "tag": ["award"],
        "buyer": {"id": "b", "name": "NASPO ValuePoint"},
        "awards": [{"id": "a1", "title": "Road salt", "suppliers": [{"id": "s1", "name": "Acme"}]}],
    }]});
    let only = read_ocds(&lone).candidates[0].contract.unpack();
    assert_eq!(
        (only.award_type, only.small_business),
        (None, None),
        "one award in a release does not say the solicitation made only one: unknown"
    );
}

#[test]
fn changing_the_award_type_or_a_supplier_flag_is_recorded_in_history() {
    let db = empty_library();
    let id = contract::insert(&db, &multiple_award(), now()).unwrap();
    let changed = Contract {
        id: Some(id),
        award_type: Some(AwardType::Single),
        awardee_count: None,
        minority_owned: Some(true),
        ..multiple_award()
    };
    contract::update(&db, &changed, now()).unwrap();
    let entries = history::history(&db, id).unwrap();
    let update = entries.last().unwrap();
    let changes: Vec<(&str, &str, &str)> = update
        .changes
        .iter()
        .map(|c| (c.label.as_str(), c.old.as_str(), c.new.as_str()))
        .collect();
    assert!(
        changes.contains(&("Award type", "multiple", "single")),
        "{changes:?}"
    );
    assert!(
        changes.contains(&("Number of awardees", "4", "")),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|(label, _, _)| *label == "Minority-owned"),
        "{changes:?}"
    );
}
