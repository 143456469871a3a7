//! Excel and OpenDocument workbooks as a clerk meets them: a cooperative's contract list
//! with a title above the header, dates as serial numbers, fees as percentages, several
//! sheets; the library exported as .xlsx and imported back; and workbooks that are not
//! what they claim, refused with a sentence.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::interchange::workbook::{self, WorkbookChoice};
use coopdesk_core::interchange::{self, Choices, Format, Incoming};
use coopdesk_core::library::contract::{self, AwardType, Contract};
use coopdesk_core::library::price_list::{self, PriceLine};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Formula, Workbook};

use crate::support::cli::cli;
use crate::support::library::{contents, price_lists, sample_library};
use crate::support::soffice;

fn now() -> NaiveDateTime {
    "2026-11-25T09:30:00".parse().unwrap()
}

fn import(db: &Database, incoming: Incoming) -> interchange::ImportReport {
    crate::support::library::import(db, incoming, &Choices::default(), now())
}

/// The sample library plus a contract whose text breaks exports: formula-like cells,
/// accents, new lines, a 20-digit number, a fractional fee.
fn awkward_library() -> Database {
    let db = sample_library(now());
    let awkward = Contract {
        cooperative: "Région “Sud” Coöp".into(),
        contract_number: "00000000000000000042".into(),
        number_variants: vec!["=HYPERLINK(\"x\")".into(), "42, rev. 2".into()],
        title: "O’Brien’s café 🚒".into(),
        vendor_name: "Peñasco & Söhne, Inc.".into(),
        vendor_phone: "+1 505 555 0100".into(),
        description: "Line one,\nline \"two\"\n-three".into(),
        admin_fee_percent: Some("0.75".parse().unwrap()),
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
        renewal_options: "Renewable by mutual agreement".into(),
        renewal_count: Some(3),
        renewal_months: Some(12),
        renewals_used: Some(1),
        notes: "@risk -- check".into(),
        ..Contract::default()
    };
    let id = contract::insert(&db, &awkward, now()).unwrap();
    price_list::set_price_lines(
        &db,
        id,
        &[PriceLine {
            item: "=Labour".into(),
            unit: "hour".into(),
            unit_price: "0.10".parse().unwrap(),
            notes: String::new(),
        }],
        now(),
    )
    .unwrap();
    db
}

fn export_xlsx(db: &Database, dir: &Path) -> PathBuf {
    let path = dir.join("library.xlsx");
    interchange::export(
        db,
        &[],
        Format::Workbook,
        &path,
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    path
}

fn read(path: &Path, choice: &WorkbookChoice) -> coopdesk_core::Result<Incoming> {
    let db = Database::open_in_memory().unwrap();
    interchange::read_workbook(&db, path, choice, None)
}

fn refusal(path: &Path) -> String {
    read(path, &WorkbookChoice::default())
        .expect_err("the workbook must be refused")
        .to_string()
}

#[test]
fn the_library_exported_as_xlsx_imports_back_as_the_same_library() {
    let dir = tempfile::tempdir().unwrap();
    let db = awkward_library();
    let path = export_xlsx(&db, dir.path());
    assert_eq!(
        Format::from_file_name("library.xlsx"),
        Some(Format::Workbook)
    );

    let copy = Database::open_in_memory().unwrap();
    let report = import(&copy, read(&path, &WorkbookChoice::default()).unwrap());
    assert_eq!(
        report.added,
        contents(&db).len(),
        "every contract comes back"
    );
    assert_eq!(
        contents(&copy),
        contents(&db),
        "field for field, as exported"
    );
    assert_eq!(
        price_lists(&copy),
        price_lists(&db),
        "price lists, scale included"
    );
    let again = interchange::plan(&copy, read(&path, &WorkbookChoice::default()).unwrap()).unwrap();
    assert_eq!(
        again.counts().duplicate,
        contents(&db).len(),
        "a second import finds duplicates only"
    );
}

#[test]
fn the_xlsx_export_has_typed_cells_and_never_a_formula() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let path = export_xlsx(&awkward_library(), dir.path());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = book.worksheet_range("Contracts").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = range
        .rows()
        .find(|r| r[col("contractNumber")] == "00000000000000000042")
        .expect("the 20-digit number stays text, zeros and all");
    assert!(
        matches!(row[col("awardDate")], Data::DateTime(_)),
        "the award date is a date cell"
    );
    assert_eq!(
        row[col("adminFeePercent")],
        Data::Float(0.0075),
        "0.75 % as a percentage"
    );
    assert_eq!(row[col("responseCount")], Data::Float(7.0));
    assert_eq!(row[col("cooperativeClause")], Data::Bool(false));
    assert_eq!(row[col("awardType")], Data::String("multiple".into()));
    assert_eq!(
        row[col("awardeeCount")],
        Data::Float(4.0),
        "awardees as a number"
    );
    assert_eq!(
        row[col("smallBusiness")],
        Data::Bool(true),
        "a supplier flag as TRUE/FALSE"
    );
    assert_eq!(
        row[col("minorityOwned")],
        Data::Empty,
        "an unstated flag stays empty, not FALSE"
    );
    assert_eq!(
        row[col("notes")].to_string(),
        "@risk -- check",
        "text stays text"
    );
    let formulas = book.worksheet_formula("Contracts").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell of an export is a formula"
    );
}

/// A cooperative's list as they publish it: a title and a blank row above the header,
/// dates as serial numbers, the fee as a percentage, a yes/no column, a merged title.
fn cooperative_list(path: &Path, date_1904: bool) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Awarded contracts").unwrap();
    let bold = CellFormat::new().set_bold();
    let date = CellFormat::new().set_num_format("mm/dd/yyyy");
    let percent = CellFormat::new().set_num_format("0%");
    let money = CellFormat::new().set_num_format("$#,##0.00");
    sheet
        .merge_range(
            0,
            0,
            0,
            5,
            "Statewide contracts, updated November 2026",
            &bold,
        )
        .unwrap();
    let headers = [
        "Contract #",
        "Contract Title",
        "Supplier",
        "Cooperative",
        "Expiration Date",
        "Admin Fee",
        "Cooperative clause",
        "Responses",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(2, col as u16, *header, &bold)
            .unwrap();
    }
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<(u16, u8, u8)>,
        &'a str,
        f64,
        bool,
    );
    let rows: [Row; 3] = [
        (
            "SW-1",
            "Fleet vehicles",
            "Acme Motors",
            Some((2027, 3, 15)),
            "",
            0.02,
            true,
        ),
        (
            "SW-2",
            "Office supplies",
            "Paper Co",
            None,
            "03/31/2028",
            0.015,
            false,
        ),
        (
            "SW-3",
            "Radios",
            "Talk Inc",
            Some((2030, 12, 31)),
            "",
            0.0,
            true,
        ),
    ];
    for (index, (number, title, vendor, expiry, expiry_text, fee, clause)) in
        rows.iter().enumerate()
    {
        let row = 3 + index as u32;
        sheet.write_string(row, 0, *number).unwrap();
        sheet.write_string(row, 1, *title).unwrap();
        sheet.write_string(row, 2, *vendor).unwrap();
        sheet.write_string(row, 3, "State of Somewhere").unwrap();
        match expiry {
            Some((y, m, d)) if date_1904 => {
                // Days since 1904-01-01, as a Mac workbook stores them.
                let day =
                    NaiveDate::from_ymd_opt(i32::from(*y), u32::from(*m), u32::from(*d)).unwrap();
                let serial = (day - NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()).num_days();
                sheet
                    .write_number_with_format(row, 4, serial as f64, &date)
                    .unwrap();
            }
            Some((y, m, d)) => {
                let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                sheet
                    .write_datetime_with_format(row, 4, &day, &date)
                    .unwrap();
            }
            None => {
                sheet.write_string(row, 4, *expiry_text).unwrap();
            }
        }
        sheet
            .write_number_with_format(row, 5, *fee, &percent)
            .unwrap();
        sheet.write_boolean(row, 6, *clause).unwrap();
        // A formula with its cached value: 3 + 4 responses.
        sheet
            .write_formula(row, 7, Formula::new("=3+4").set_result("7"))
            .unwrap();
    }
    // An unrelated money column far right is ignored, noted as not imported.
    sheet
        .write_string_with_format(2, 8, "Estimated spend", &bold)
        .unwrap();
    sheet
        .write_number_with_format(3, 8, 0.1 + 0.2, &money)
        .unwrap();
    workbook.add_worksheet().set_name("Notes").unwrap();
    workbook.save(path).unwrap();
    if date_1904 {
        rewrite(path, "xl/workbook.xml", |xml| {
            xml.replacen("<workbookPr ", "<workbookPr date1904=\"1\" ", 1)
        });
    }
}

/// Rewrites one part of a zipped workbook.
fn rewrite(path: &Path, part_name: &str, change: impl Fn(&str) -> String) {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        let name = part.name().unwrap().into_owned();
        if name == part_name {
            data = change(&String::from_utf8(data).unwrap()).into_bytes();
        }
        parts.push((name, data));
    }
    let named: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    zipped(path, &named);
}

#[test]
fn a_cooperatives_list_with_a_title_row_dates_and_percentages_imports_as_typed() {
    for date_1904 in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("statewide.xlsx");
        cooperative_list(&path, date_1904);

        let error = read(&path, &WorkbookChoice::default())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("2 sheets")
                && error.contains("'Awarded contracts'")
                && error.contains("--sheet"),
            "with several sheets the clerk is asked which: {error}"
        );
        let choice = WorkbookChoice {
            sheet: Some("Awarded contracts".into()),
            header_row: None,
        };
        let incoming = read(&path, &choice).unwrap();
        assert!(incoming.invalid.is_empty(), "{:?}", incoming.invalid);
        assert_eq!(incoming.format, Format::Workbook);
        assert!(
            incoming
                .notes
                .iter()
                .any(|n| n.contains("headers on row 3")),
            "the title rows are skipped and said so: {:?}",
            incoming.notes
        );
        let contracts: Vec<Contract> = incoming
            .candidates
            .iter()
            .map(|c| c.contract.unpack())
            .collect();
        assert_eq!(
            incoming.candidates[0].line, 4,
            "rows are numbered as the spreadsheet shows"
        );
        assert_eq!(contracts[0].contract_number, "SW-1");
        assert_eq!(
            contracts[0].expiry_date,
            NaiveDate::from_ymd_opt(2027, 3, 15),
            "a serial date in the {} date system",
            if date_1904 { "1904" } else { "1900" }
        );
        assert_eq!(
            contracts[1].expiry_date,
            NaiveDate::from_ymd_opt(2028, 3, 31),
            "a date typed as text follows the CSV rules"
        );
        assert_eq!(
            contracts[0].admin_fee_percent,
            Some("2".parse().unwrap()),
            "0.02 shown as 2% is a 2% fee"
        );
        assert_eq!(contracts[1].admin_fee_percent, Some("1.5".parse().unwrap()));
        assert_eq!(contracts[0].cooperative_clause, Some(true));
        assert_eq!(contracts[1].cooperative_clause, Some(false));
        assert_eq!(
            contracts[0].response_count,
            Some(7),
            "a formula counts by its cached value"
        );
    }
}

#[test]
fn the_header_row_can_be_chosen_and_an_error_cell_makes_its_row_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("errors.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, h) in [
        "cooperative",
        "contractNumber",
        "title",
        "vendorName",
        "responseCount",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, col as u16, *h).unwrap();
    }
    for (row, number) in [(2u32, "A-1"), (3, "A-2")] {
        sheet.write_string(row, 0, "Coop").unwrap();
        sheet.write_string(row, 1, number).unwrap();
        sheet.write_string(row, 2, "Title").unwrap();
        sheet.write_string(row, 3, "Vendor").unwrap();
    }
    sheet
        .write_formula(3, 4, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    workbook.save(&path).unwrap();
    let incoming = read(
        &path,
        &WorkbookChoice {
            sheet: None,
            header_row: Some(2),
        },
    )
    .unwrap();
    assert_eq!(incoming.candidates.len(), 1);
    assert_eq!(incoming.invalid.len(), 1);
    let sentence = incoming.invalid[0].sentences().join(" ");
    assert_eq!(incoming.invalid[0].line, 4, "the spreadsheet's row 4");
    assert!(
        sentence.contains("#DIV/0!") && sentence.contains("column E"),
        "{sentence}"
    );
}

#[test]
fn a_formula_without_a_saved_value_makes_its_row_invalid_and_hidden_rows_are_noted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("uncalculated.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, h) in ["cooperative", "contractNumber", "title", "vendorName"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    for row in [1u32, 2] {
        sheet.write_string(row, 0, "Coop").unwrap();
        sheet.write_string(row, 2, "Title").unwrap();
        sheet.write_string(row, 3, "Vendor").unwrap();
    }
    sheet.write_string(1, 1, "B-1").unwrap();
    sheet
        .write_formula(2, 1, Formula::new("=\"B-\"&2"))
        .unwrap();
    sheet.set_row_hidden(1).unwrap();
    workbook.save(&path).unwrap();
    // A program that does not calculate writes the formula without a value.
    rewrite(&path, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("</f><v>0</v>", "</f>")
    });
    let incoming = read(&path, &WorkbookChoice::default()).unwrap();
    assert_eq!(incoming.candidates.len(), 1, "the hidden row 2 is imported");
    assert_eq!(incoming.invalid.len(), 1);
    assert_eq!(incoming.invalid[0].line, 3);
    let sentence = incoming.invalid[0].sentences().join(" ");
    assert!(
        sentence.contains("no saved value") && sentence.contains("column B"),
        "{sentence}"
    );
    assert!(
        incoming
            .notes
            .iter()
            .any(|n| n.contains("hidden rows or columns")),
        "{:?}",
        incoming.notes
    );
}

#[test]
fn files_that_are_not_workbooks_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        ("renamed.xlsx", b"cooperative,contractNumber\nA,1\n", "CSV"),
        (
            "page.xlsx",
            b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table>",
            "HTML page",
        ),
        (
            "locked.xlsx",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0",
            "password-protected",
        ),
        ("empty.xlsx", b"", "empty"),
        (
            "truncated.xlsx",
            b"PK\x03\x04\x14\0\0\0\x08\0garbage",
            "damaged",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let error = refusal(&path);
        assert!(
            error.contains(name) && error.contains(expected),
            "{name} should be refused as {expected}: {error}"
        );
    }
}

/// A zipped workbook whose parts are given (name, bytes), deflated.
fn zipped(path: &Path, parts: &[(&str, Vec<u8>)]) {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        out.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_zip_bomb_and_a_giant_shared_strings_table_are_refused_before_they_are_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let strings = dir.path().join("strings.xlsx");
    let mut table = b"<sst><si><t>".to_vec();
    table.resize(50 * 1024 * 1024, b'a');
    zipped(&strings, &[("xl/sharedStrings.xml", table)]);
    assert!(
        std::fs::metadata(&strings).unwrap().len() < 1024 * 1024,
        "the test file itself is small"
    );
    let error = refusal(&strings);
    assert!(
        error.contains("shared strings") && error.contains("MB"),
        "{error}"
    );

    let bomb = dir.path().join("bomb.xlsx");
    let zeros = vec![0u8; 300 * 1024 * 1024];
    zipped(&bomb, &[("xl/media/image1.png", zeros)]);
    let error = refusal(&bomb);
    assert!(error.contains("zip bomb"), "{error}");
}

#[test]
fn a_cell_a_million_columns_away_is_refused_without_filling_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "contractNumber").unwrap();
    sheet.write_string(0, 1, "title").unwrap();
    sheet.write_string(1_048_575, 16_383, "far away").unwrap();
    workbook.save(&path).unwrap();
    let error = refusal(&path);
    assert!(
        error.contains("column 16384") && error.contains("Delete the empty rows and columns"),
        "{error}"
    );
}

#[test]
fn external_links_are_noted_and_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, h) in ["cooperative", "contractNumber", "title", "vendorName"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
        sheet.write_string(1, col as u16, "x").unwrap();
    }
    workbook.save(&plain).unwrap();
    // Copy every part and add an external link part.
    let bytes = std::fs::read(&plain).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        use std::io::Read;
        let mut part = archive.by_index(index).unwrap();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        parts.push((part.name().unwrap().into_owned(), data));
    }
    parts.push((
        "xl/externalLinks/externalLink1.xml".to_owned(),
        b"<externalLink><externalBook r:id=\"rId1\"/></externalLink>".to_vec(),
    ));
    let linked = dir.path().join("linked.xlsx");
    let named: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    zipped(&linked, &named);
    let incoming = read(&linked, &WorkbookChoice::default()).unwrap();
    assert_eq!(incoming.candidates.len(), 1);
    assert!(
        incoming
            .notes
            .iter()
            .any(|n| n.contains("links to other workbooks")),
        "{:?}",
        incoming.notes
    );
}

#[test]
fn xls_and_ods_copies_of_the_export_import_through_the_same_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = awkward_library();
    let xlsx = std::fs::read(export_xlsx(&db, dir.path())).unwrap();
    if cfg!(windows) {
        eprintln!("skipped: LibreOffice is not run on Windows (the suite runs under Wine)");
        return;
    }
    for (ext, filter) in [("ods", "ods"), ("xls", "xls:MS Excel 97")] {
        let Some(converted) = soffice::convert(&xlsx, "library.xlsx", filter, ext) else {
            return;
        };
        let path = dir.path().join(format!("library.{ext}"));
        std::fs::write(&path, converted).unwrap();
        assert_eq!(
            Format::from_file_name(&format!("x.{ext}")),
            Some(Format::Workbook)
        );
        let copy = Database::open_in_memory().unwrap();
        let incoming = read(&path, &WorkbookChoice::default()).unwrap();
        assert!(
            incoming.notes.iter().any(|n| n.contains("percentages")),
            "the clerk is told that .{ext} percentages are read as stored: {:?}",
            incoming.notes
        );
        import(&copy, incoming);
        let (copied, original) = (contents(&copy), contents(&db));
        assert_eq!(
            copied.len(),
            original.len(),
            "every contract of the .{ext} copy"
        );
        for (copied, original) in copied.iter().zip(&original) {
            // The reader cannot see an .ods/.xls cell's percentage format (see the note):
            // 0.75 % comes back as the stored fraction 0.0075.
            let fee = original
                .admin_fee_percent
                .map(|f| f / rust_decimal::Decimal::ONE_HUNDRED);
            assert_eq!(copied.admin_fee_percent, fee, "the stored fraction");
            let copied = Contract {
                admin_fee_percent: original.admin_fee_percent,
                ..copied.clone()
            };
            assert_eq!(&copied, original, "the .{ext} copy gives the same contract");
        }
    }
}

#[test]
fn the_xlsx_export_opens_in_libreoffice_with_text_kept_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = std::fs::read(export_xlsx(&awkward_library(), dir.path())).unwrap();
    let Some(books) = soffice::recalculate(&[("library.xlsx", xlsx)]) else {
        return;
    };
    let sheet = &books["library.xlsx"]["Contracts"];
    let row = sheet
        .iter()
        .find(|r| r.get(2).is_some_and(|c| c == "00000000000000000042"))
        .expect("LibreOffice shows the 20-digit number as text");
    assert!(
        row.iter().any(|c| c == "=HYPERLINK(\"x\") | 42, rev. 2"),
        "a formula-like value stays text in LibreOffice: {row:?}"
    );
    assert!(row.iter().any(|c| c == "@risk -- check"), "{row:?}");
}

#[test]
fn workbook_names_are_recognised() {
    for name in ["a.xlsx", "B.XLSM", "c.xls", "d.ods"] {
        assert!(workbook::is_workbook_name(name), "{name}");
    }
    assert!(!workbook::is_workbook_name("e.csv"));
}

#[test]
fn the_cli_asks_for_the_sheet_then_imports_it_and_exports_the_library_as_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("statewide.xlsx");
    cooperative_list(&file, false);
    let data = dir.path().join("data");
    let file_arg = file.to_str().unwrap();

    let asked = cli(&data, &["import", file_arg]);
    assert!(!asked.status.success(), "two sheets: the clerk must choose");
    let error = String::from_utf8_lossy(&asked.stderr);
    assert!(
        error.contains("--sheet") && error.contains("'Notes'"),
        "{error}"
    );

    let imported = cli(&data, &["import", file_arg, "--sheet", "Awarded contracts"]);
    let out = String::from_utf8_lossy(&imported.stdout);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(out.contains('3'), "three new contracts in the plan: {out}");

    let exported = dir.path().join("library.xlsx");
    let export = cli(
        &data,
        &["export", exported.to_str().unwrap(), "--format", "xlsx"],
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let incoming = read(&exported, &WorkbookChoice::default()).unwrap();
    let mut numbers: Vec<String> = incoming
        .candidates
        .iter()
        .map(|c| c.contract.unpack().contract_number)
        .filter(|n| n.starts_with("SW-"))
        .collect();
    numbers.sort();
    assert_eq!(
        numbers,
        ["SW-1", "SW-2", "SW-3"],
        "the export holds what was imported"
    );
}

#[test]
fn a_sheet_declaring_a_million_rows_and_columns_is_read_by_its_real_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("declared.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, h) in ["cooperative", "contractNumber", "title", "vendorName"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
        sheet.write_string(1, col as u16, "x").unwrap();
    }
    workbook.save(&path).unwrap();
    rewrite(&path, "xl/worksheets/sheet1.xml", |xml| {
        assert!(xml.contains("<dimension ref=\"A1:D2\"/>"), "{xml}");
        xml.replace(
            "<dimension ref=\"A1:D2\"/>",
            "<dimension ref=\"A1:XFD1048576\"/>",
        )
    });
    let started = std::time::Instant::now();
    let incoming = read(&path, &WorkbookChoice::default()).unwrap();
    assert_eq!(incoming.candidates.len(), 1);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the declared size allocates nothing"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// A real workbook with bytes overwritten anywhere is read or refused with a
    /// sentence, never a crash.
    #[test]
    fn a_damaged_workbook_is_read_or_refused_never_a_crash(
        changes in proptest::collection::vec((0usize..1_000_000, proptest::prelude::any::<u8>()), 1..8)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.xlsx");
        cooperative_list(&path, false);
        let mut bytes = std::fs::read(&path).unwrap();
        for (at, byte) in changes {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        std::fs::write(&path, &bytes).unwrap();
        let choice = WorkbookChoice { sheet: Some("Awarded contracts".into()), header_row: None };
        if let Err(error) = read(&path, &choice) {
            // A whole-file refusal names the file; a mapping problem names the field.
            proptest::prop_assert!(!error.to_string().trim().is_empty());
        }
    }
}
