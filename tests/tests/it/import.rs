//! Importing and exporting in the real window, with hostile text: a spreadsheet whose
//! cells hold `<script>`, `<img onerror>`, a `javascript:` link, right-to-left overrides,
//! emoji, a 100 KB note, a formula, an impossible date and a row without a title. The
//! clerk sees the plan (the bad row by line and field, the impossible date as a row to
//! check, imported without it), imports, finds the characters shown as characters with no
//! script run and the layout whole, and exports a CSV whose formula cannot run.

// Linux only: the system's file dialogs are answered with xdotool, which types into GTK's
// dialog on the test's X display. Windows' common dialog would need UI Automation; the
// import and export paths themselves run on Windows in the core's suite under Wine.
#![cfg(target_os = "linux")]

use coopdesk_e2e::{Desk, Turn};

const SCRIPT_TITLE: &str = "<script>window.__pwned = 1</script>Fleet tires";
const IMG_VENDOR: &str = "<img src=x onerror=\"document.title='pwned'\">Tire Co";
const RTL: &str = "Invoice \u{202E}fdp.exe\u{202C} 🚒";

/// The spreadsheet, in CoopDesk's own columns (RFC 4180 quoting).
fn hostile_csv() -> String {
    let quote = |cell: &str| format!("\"{}\"", cell.replace('"', "\"\""));
    let long_note = format!("{RTL} {}", "long note ".repeat(10_240));
    let rows = [
        vec![
            "cooperative",
            "contractNumber",
            "title",
            "vendorName",
            "expiryDate",
            "sources",
            "notes",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>(),
        vec![
            "Sourcewell".into(),
            "00012345678901234567".into(),
            SCRIPT_TITLE.into(),
            IMG_VENDOR.into(),
            "11/30/2026".into(),
            "javascript:alert(1)".into(),
            long_note,
        ],
        vec![
            "OMNIA Partners".into(),
            "F-1".into(),
            "=HYPERLINK(\"http://example.invalid\",\"click\")".into(),
            "Calc Corp".into(),
            "2027-01-15".into(),
            String::new(),
            String::new(),
        ],
        vec![
            "TIPS".into(),
            "X-1".into(),
            "A contract with an impossible date".into(),
            "Bad Date LLC".into(),
            "2026-02-30".into(),
            String::new(),
            String::new(),
        ],
        vec![
            "TIPS".into(),
            "Y-1".into(),
            String::new(),
            "No Title LLC".into(),
            "2027-03-31".into(),
            String::new(),
            String::new(),
        ],
    ];
    rows.iter()
        .map(|row| row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_contracts_imported_in_the_window_stay_text_and_export_safely() {
    let turn =
        Turn::take("hostile_contracts_imported_in_the_window_stay_text_and_export_safely").await;
    let files = tempfile::tempdir().unwrap();
    let csv = files.path().join("hostile contracts.csv");
    std::fs::write(&csv, hostile_csv()).unwrap();
    let Some(desk) = turn.start().await else {
        return;
    };

    // Choose the file in the system dialog; CoopDesk's own columns map themselves.
    desk.click_button("Import…").await;
    desk.pick_in_file_dialog("Import contracts from", &csv)
        .await;
    desk.wait_for_text("main h1", "Import hostile contracts.csv")
        .await;
    desk.click_button("Check the file").await;

    // The plan, before anything is written.
    let counts = desk.wait_for_text(".plan-counts", "new contracts").await;
    assert!(
        counts.contains("3\nnew contracts to add") || counts.contains("3 new contracts to add"),
        "{counts}"
    );
    assert!(
        counts.contains("1\nrows that cannot be imported")
            || counts.contains("1 rows that cannot be imported"),
        "{counts}"
    );
    let invalid = desk.wait_for_text(".invalid-rows", "Line 5").await;
    assert!(
        invalid.contains("Title: is required"),
        "the bad row names its field and what is wrong: {invalid}"
    );
    // An impossible date is not a reason to lose the contract: imported without it, the
    // text kept, the row listed to check.
    let check = desk.wait_for_text(".plan-warnings", "Line 4").await;
    assert!(
        check.contains("Expiry date") && check.contains("2026-02-30"),
        "the impossible date is a row to check: {check}"
    );

    desk.click_button("Import 3 new and 0 changed").await;
    let done = desk.wait_for_text("main", "Import complete").await;
    assert!(done.contains("3 added"), "{done}");
    desk.click_button("Back to the library").await;

    // The characters are on screen as characters; nothing ran.
    desk.fill("#library-search", "tires").await;
    let table = desk.wait_for_text("table.contracts", "Fleet tires").await;
    assert!(
        table.contains(SCRIPT_TITLE),
        "the title shows literally: {table}"
    );
    assert!(
        table.contains(IMG_VENDOR),
        "the vendor shows literally: {table}"
    );
    assert!(
        table.contains("00012345678901234567"),
        "20 digits survive: {table}"
    );
    desk.click("table.contracts tbody tr td.number").await;
    let detail = desk.wait_for_text(".detail", "long note long note").await;
    assert!(
        detail.contains(RTL),
        "right-to-left overrides and emoji are kept"
    );
    assert!(
        detail.contains("javascript:alert(1)"),
        "a javascript: source is text"
    );
    let page = desk
        .script(
            // Clicking a row low on the screen may have scrolled it (as a clerk scrolls):
            // back at the top, the search box must be where it belongs.
            "document.querySelector('main').scrollTop = 0;
             const box = document.getElementById('library-search').getBoundingClientRect();
             return {
               title: document.title,
               pwned: window.__pwned === undefined ? null : window.__pwned,
               scripts: document.querySelectorAll('script').length,
               images: document.querySelectorAll('main img').length,
               links: document.querySelectorAll('main a[href^=\"javascript\"]').length,
               overflow: document.documentElement.scrollWidth - window.innerWidth,
               searchVisible: box.top >= 0 && box.bottom <= window.innerHeight,
             };",
        )
        .await;
    assert_eq!(
        page["title"], "CoopDesk",
        "no handler changed the title: {page}"
    );
    assert_eq!(
        page["pwned"],
        serde_json::Value::Null,
        "no script ran: {page}"
    );
    assert_eq!(
        page["scripts"], 1,
        "only the app's own module is a script: {page}"
    );
    assert_eq!(
        page["images"], 0,
        "no image element was made from text: {page}"
    );
    assert_eq!(
        page["links"], 0,
        "no javascript: link was made from text: {page}"
    );
    assert!(
        page["overflow"].as_i64().unwrap() <= 0,
        "the 100 KB note does not widen the window: {page}"
    );
    assert_eq!(
        page["searchVisible"], true,
        "the layout still works: {page}"
    );
    desk.screenshot("import-hostile").await;

    // Export every contract as CSV; the formula comes back neutralised.
    desk.click_button("Export…").await;
    desk.click("input[name='export-scope']").await;
    desk.click_button("Export to a file…").await;
    let exported = files.path().join("export.csv");
    desk.save_in_file_dialog("Export contracts to", &exported)
        .await;
    let said = desk.wait_for_text(".export-panel", "Exported").await;
    assert!(said.contains("Exported 13 contracts"), "{said}");
    desk.quit().await;

    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.contains("'=HYPERLINK(\"\"http://example.invalid\"\",\"\"click\"\")"),
        "the formula cell is neutralised with a leading apostrophe"
    );
    for line in text.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with('=') && !cell.starts_with('@'),
                "no exported cell starts a formula: {cell:?}"
            );
        }
    }
    assert!(text.contains(SCRIPT_TITLE.split('<').nth(1).unwrap()));
}

/// "Export to Excel…" on a saved comparison: the system's save dialog, then a real
/// workbook on disk (the core's suite recalculates such workbooks with LibreOffice and
/// checks every formula to the cent).
#[tokio::test(flavor = "current_thread")]
async fn a_comparison_is_exported_to_excel_from_the_editor() {
    let turn = Turn::take("a_comparison_is_exported_to_excel_from_the_editor").await;
    let files = tempfile::tempdir().unwrap();
    {
        use coopdesk_core::opening::{self, OpenOptions};
        use coopdesk_core::tco::{store, Comparison};
        let now = "2026-11-20T09:00:00".parse().unwrap();
        let (db, _) = opening::open(
            turn.data(),
            OpenOptions {
                now,
                seed_sample: true,
            },
        )
        .unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../src-tauri/core/tests/fixtures/tco04-orange-county.json");
        let mut comparison =
            Comparison::from_json(&std::fs::read_to_string(fixture).unwrap()).unwrap();
        comparison.title = "Permit software: Orange County".into();
        store::save(&db, None, &comparison, now).unwrap();
    }
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.click_button("Comparisons").await;
    desk.wait_for_text("table.comparisons", "Permit software")
        .await;
    desk.click_button("Permit software: Orange County").await;
    desk.wait_for(".summary").await;
    desk.click_button("Export to Excel…").await;
    let workbook = files.path().join("Orange County.xlsx");
    desk.save_in_file_dialog("Export the comparison to Excel", &workbook)
        .await;
    let said = desk.wait_for_text(".save-status", "Exported to").await;
    assert!(said.contains("Orange County.xlsx"), "{said}");
    desk.quit().await;

    let bytes = std::fs::read(&workbook).expect("the workbook was written");
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip file");
    let names = String::from_utf8_lossy(&bytes);
    for part in [
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet3.xml",
    ] {
        assert!(names.contains(part), "the workbook holds {part}");
    }
}

/// A cooperative's workbook: a notes sheet first, the list (under a title row) second.
fn notes_then_contracts(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet().set_name("Read me").unwrap();
    notes.write(0, 0, "Contract list, updated monthly").unwrap();
    let list = book.add_worksheet().set_name("Awarded").unwrap();
    list.write(0, 0, "Awarded contracts, FY2026").unwrap();
    let rows = [
        ["Cooperative", "Contract #", "Title", "Supplier"],
        ["Sourcewell", "SW-XL-001", "Snowplow blades", "Blade Works"],
        ["Sourcewell", "SW-XL-002", "Salt spreaders", "Spread Co"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            list.write(r as u32 + 2, c as u16, *cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_workbook_with_several_sheets_is_imported_from_the_sheet_the_clerk_picks() {
    let files = tempfile::tempdir().unwrap();
    let workbook = files.path().join("Sourcewell awards.xlsx");
    notes_then_contracts(&workbook);
    let Some((_turn, desk)) =
        Desk::start("a_workbook_with_several_sheets_is_imported_from_the_sheet_the_clerk_picks")
            .await
    else {
        return;
    };

    desk.click_button("Import…").await;
    desk.pick_in_file_dialog("Import contracts from", &workbook)
        .await;
    desk.wait_for_text("main h1", "Import Sourcewell awards.xlsx")
        .await;
    assert_eq!(
        desk.value("#import-sheet").await,
        "Awarded",
        "the notes sheet holds no list, so the list's sheet is shown first"
    );
    assert_eq!(
        desk.value("#import-header-row").await,
        "3",
        "the title row above the column names is passed over"
    );
    let said = desk.wait_for_text("main", "2 sheets").await;
    assert!(said.contains("read from 'Awarded'"), "{said}");

    // The clerk looks at the other sheet: it has no list, and says so.
    desk.choose("#import-sheet", "Read me").await;
    let refusal = desk.wait_for_text("main [role=alert]", "Read me").await;
    assert!(
        refusal.contains("Read me"),
        "the sheet without a list is named: {refusal}"
    );
    assert_eq!(
        desk.value("#import-sheet").await,
        "Awarded",
        "the picker goes back to the sheet that will be read"
    );

    desk.click_button("Check the file").await;
    let counts = desk.wait_for_text(".plan-counts", "new contracts").await;
    assert!(
        counts.contains("2\nnew contracts to add") || counts.contains("2 new contracts to add"),
        "{counts}"
    );
    desk.click_button("Import 2 new and 0 changed").await;
    let done = desk.wait_for_text("main", "Import complete").await;
    assert!(done.contains("2 added"), "{done}");
    desk.click_button("Back to the library").await;
    desk.fill("#library-search", "salt spreaders").await;
    let table = desk.wait_for_text("table.contracts", "Spread Co").await;
    assert!(table.contains("SW-XL-002"), "{table}");
    desk.quit().await;
}
