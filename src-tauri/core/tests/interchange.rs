//! Import and export as a clerk uses them: read, see the plan, import or cancel, merge a
//! peer's bundle, and get the same library back after a round trip — on the real sample
//! contracts (curly apostrophes, accented names, awkward numbers).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::{Database, OpenOptions};
use coopdesk_core::interchange::{
    self, bundle, csv, mapping, ocds, Choices, FieldChoice, Format, Incoming, Mapping, Plan,
    Progress, RowKind, Side,
};
use coopdesk_core::library::checklist::{self, Answer, ChecklistEntry, ChecklistItem};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::documents::{self, DocumentKind};
use coopdesk_core::library::history;
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::library::sample;
use coopdesk_core::library::search::{self, Query};
use coopdesk_core::Error;

fn now() -> NaiveDateTime {
    "2026-11-25T09:30:00".parse().unwrap()
}

fn sample_library() -> Database {
    let mut db = Database::open_in_memory().unwrap();
    sample::load_into(&mut db, now()).unwrap();
    db
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
        response_count: Some(7),
        award_date: NaiveDate::from_ymd_opt(2025, 2, 28),
        expiry_date: NaiveDate::from_ymd_opt(2029, 2, 28),
        notes: "@risk -- check\ttabs".into(),
        ..Contract::default()
    };
    let id = contract::insert(db.conn(), &awkward, now()).unwrap();
    price_list::set_price_lines(
        db.conn(),
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

/// Every contract's price list, by contract number, for comparing two libraries.
fn price_lists(db: &Database) -> Vec<(String, Vec<PriceLine>)> {
    let mut lists: Vec<(String, Vec<PriceLine>)> = contract::all(db.conn())
        .unwrap()
        .into_iter()
        .map(|c| {
            let lines = price_list::price_lines(db.conn(), c.id.unwrap()).unwrap();
            (c.contract_number, lines)
        })
        .collect();
    lists.sort_by(|a, b| a.0.cmp(&b.0));
    lists
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
    mapping::remember(db.conn(), &mapping).unwrap();
    let remembered = mapping::for_headers(db.conn(), &headers).unwrap();
    assert_eq!(remembered, mapping, "the mapping is remembered");
    csv::read(&bytes, "sample.csv", Some(&remembered)).unwrap()
}

fn empty_library() -> Database {
    Database::open_in_memory().unwrap()
}

fn file_library(dir: &Path) -> Database {
    Database::open(
        dir,
        OpenOptions {
            now: now(),
            seed_sample: false,
        },
    )
    .unwrap()
    .0
}

fn read_csv(text: &str) -> Incoming {
    csv::read(text.as_bytes(), "test.csv", None).unwrap()
}

fn import(db: &Database, incoming: Incoming, choices: &Choices) -> interchange::ImportReport {
    let plan = interchange::plan(db.conn(), incoming).unwrap();
    interchange::apply(
        db,
        &plan,
        choices,
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

/// Contracts without their ids, sorted by key, for comparing two libraries.
fn contents(db: &Database) -> Vec<Contract> {
    let mut all: Vec<Contract> = contract::all(db.conn())
        .unwrap()
        .into_iter()
        .map(|c| Contract { id: None, ..c })
        .collect();
    all.sort_by(|a, b| {
        (&a.cooperative, &a.contract_number, &a.vendor_name).cmp(&(
            &b.cooperative,
            &b.contract_number,
            &b.vendor_name,
        ))
    });
    all
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
    let plan = interchange::plan(db.conn(), incoming).unwrap();
    let counts = plan.counts();
    assert_eq!(
        (counts.new, counts.changed, counts.duplicate, counts.invalid),
        (1, 1, 1, 3)
    );
    assert_eq!(
        contract::count(db.conn()).unwrap(),
        2,
        "planning writes nothing"
    );
    let summary = plan.summary();
    let sentences: Vec<String> = summary.invalid.iter().flat_map(|r| r.sentences()).collect();
    assert_eq!(
        sentences,
        vec![
            "line 5, Title: is required.".to_owned(),
            "line 6, Expiry date: '2026-02-30' is not a day of the calendar (month 2, day 30). Check the date.".to_owned(),
            "line 7, Contract number: repeats the contract on line 4 (same cooperative, number and vendor). Keep one of the two rows.".to_owned(),
        ]
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
    let kept = &contract::all(db.conn()).unwrap()[0];
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
    let merged = &contract::all(db.conn()).unwrap()[0];
    assert_eq!(report.updated, 1);
    assert_eq!(merged.expiry_date, NaiveDate::from_ymd_opt(2027 + 1, 1, 31));
    assert_eq!(merged.notes, "mine", "the field not chosen keeps my value");
    let last = history::history(db.conn(), merged.id.unwrap())
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
    let hits = search::search(db.conn(), &Query::text("penasco"), now().date()).unwrap();
    assert_eq!(hits.total, 1, "the search index follows the import");
    assert_eq!(hits.hits[0].summary.contract_number, "0042");
}

#[test]
fn cancelling_an_import_leaves_the_library_unchanged() {
    let db = sample_library();
    let before = contents(&db);
    let rows: String = (0..500)
        .map(|n| format!("TIPS,{n},Item {n},Acme,,\n"))
        .collect();
    let plan = interchange::plan(db.conn(), read_csv(&format!("{HEADER}\n{rows}"))).unwrap();
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
    let hits = search::search(db.conn(), &Query::text("Item"), now().date()).unwrap();
    assert_eq!(hits.total, 0, "nor in the search index");
}

#[test]
fn an_error_in_the_middle_of_writing_rolls_everything_back() {
    let db = sample_library();
    let before = contents(&db);
    let mut plan: Plan = interchange::plan(
        db.conn(),
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

    let again =
        interchange::plan(copy.conn(), csv::read(&bytes, "library.csv", None).unwrap()).unwrap();
    assert_eq!(
        again.counts().duplicate,
        11,
        "a second import finds duplicates only"
    );
}

#[test]
fn ocds_export_then_import_gives_the_same_library() {
    let db = awkward_library();
    let first = contract::all(db.conn()).unwrap()[0].id.unwrap();
    price_list::set_price_lines(
        db.conn(),
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
    let contracts = interchange::selection(db.conn(), &[]).unwrap();
    let package = ocds::export(
        db.conn(),
        contracts,
        "Village of Peñasco",
        now(),
        &mut |_| Ok(()),
    )
    .unwrap();
    let bytes = serde_json::to_vec_pretty(&package).unwrap();

    let copy = empty_library();
    let incoming = ocds::read(&bytes, "export.json").unwrap();
    assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
    import(&copy, incoming, &Choices::default());
    assert_eq!(contents(&copy), contents(&db));
    let copied = contract::all(copy.conn()).unwrap()[0].id.unwrap();
    assert_eq!(
        price_list::price_lines(copy.conn(), copied).unwrap()[0]
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
    let contracts = interchange::selection(db.conn(), &[]).unwrap();
    let package = ocds::export(db.conn(), contracts, "", now(), &mut |_| Ok(())).unwrap();
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
    let incoming = interchange::read_file(db.conn(), Path::new(path), Format::Ocds, None);
    let incoming = incoming.unwrap();
    let report = import(&db, incoming, &Choices::default());
    assert!(report.added >= 1, "{report:?}");
    let c = &contract::all(db.conn()).unwrap()[0];
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
    let db = file_library(ours.path());
    import(
        &db,
        read_csv(&format!(
            "{HEADER}\nTIPS,1,Laptops,Acme,2027-01-31,\nTIPS,2,Phones,Acme,,\n"
        )),
        &Choices::default(),
    );
    let id = contract::all(db.conn()).unwrap()[0].id.unwrap();
    checklist::set_item(
        db.conn(),
        id,
        &answered(ChecklistItem::VendorNotDebarred, "Ana Ruiz"),
        now(),
    )
    .unwrap();
    price_list::set_price_lines(
        db.conn(),
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
    let peer = file_library(peer_dir.path());
    let report = import(&peer, bundle::read(&file).unwrap(), &Choices::default());
    assert_eq!((report.added, report.documents_added), (1, 1));
    let theirs = contract::all(peer.conn()).unwrap()[0].id.unwrap();
    let entry = checklist::checklist(peer.conn(), theirs)
        .unwrap()
        .into_iter()
        .find(|e| e.item == ChecklistItem::VendorNotDebarred)
        .unwrap();
    assert_eq!(
        (entry.answer, entry.checked_by.as_str()),
        (Answer::Yes, "Ana Ruiz")
    );
    assert_eq!(
        price_list::price_lines(peer.conn(), theirs).unwrap()[0]
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
        peer.conn(),
        theirs,
        &answered(ChecklistItem::VendorNotDebarred, "Sam Lee"),
        now(),
    )
    .unwrap();
    let plan = interchange::plan(peer.conn(), bundle::read(&file).unwrap()).unwrap();
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
    let kept = checklist::checklist(peer.conn(), theirs).unwrap();
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
    let all = contract::all(db.conn()).unwrap();
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
    let db = sample_library();
    let rows: String = (0..1500)
        .map(|n| format!("TIPS,B{n},Snowplow blade {n},Acme,,\n"))
        .collect();
    let report = import(
        &db,
        read_csv(&format!("{HEADER}\n{rows}")),
        &Choices::default(),
    );
    assert_eq!(report.added, 1500);
    let hits = search::search(db.conn(), &Query::text("snowplow"), now().date()).unwrap();
    assert_eq!(
        hits.total, 1500,
        "every imported row is in the search index"
    );
    let indexed: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM contracts_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, contract::count(db.conn()).unwrap());

    let mut later = Contract {
        cooperative: "TIPS".into(),
        contract_number: "L1".into(),
        title: "Zamboni rental".into(),
        vendor_name: "Acme".into(),
        ..Contract::default()
    };
    later.id = Some(contract::insert(db.conn(), &later, now()).unwrap());
    let hits = search::search(db.conn(), &Query::text("zamboni"), now().date()).unwrap();
    assert_eq!(
        hits.total, 1,
        "the per-row index trigger is back after the import"
    );
}

#[test]
fn a_bulk_import_keeps_number_keys_and_history_as_row_by_row_would() {
    let db = sample_library();
    let schema = |db: &Database| -> Vec<(String, String)> {
        let mut stmt = db
            .conn()
            .prepare("SELECT name, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let before = schema(&db);
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
        schema(&db),
        before,
        "the triggers and indexes set aside for the import are all back, unchanged"
    );
    let (keys, expected): (i64, i64) = db
        .conn()
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
    let hits = search::search(db.conn(), &Query::text("B-1199/X"), now().date()).unwrap();
    let first = hits
        .hits
        .first()
        .expect("the typed number finds a contract");
    assert!(
        first.exact_number && first.summary.contract_number == "B-1199 /x",
        "a number typed with other punctuation finds the imported contract first: {first:?}"
    );
    let created: i64 = db
        .conn()
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

#[test]
fn a_cancelled_export_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = file_library(dir.path());
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
