//! The Library screen, driven as a clerk would use it: search, the detail pane, the
//! due-diligence checklist, the contract form, and the results on a laptop screen.

use std::path::Path;

use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_e2e::{Desk, Turn};

const FIRST_ROW: &str = "table.contracts tbody tr:first-child";

/// Types `text` in the search box and opens the first result.
async fn open_first_result(desk: &Desk, text: &str, number: &str) {
    desk.fill("#library-search", text).await;
    // Rows get highlights only from a search, so this waits for the results of `text`.
    desk.wait_for(&format!("{FIRST_ROW} mark")).await;
    desk.wait_for_text(&format!("{FIRST_ROW} td.number"), number)
        .await;
    desk.click(&format!("{FIRST_ROW} td.number")).await;
    desk.wait_for_text(".detail h2", number).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_checklist_answer_given_after_a_search_survives_a_restart() {
    let Some((turn, desk)) =
        Desk::start("a_checklist_answer_given_after_a_search_survives_a_restart").await
    else {
        return;
    };

    desk.wait_for("table.contracts tbody tr").await;
    open_first_result(&desk, "Auto Fleet", "091521-NAF").await;
    assert!(
        desk.count(&format!("{FIRST_ROW} mark")).await > 0,
        "the words that matched are highlighted in the first row"
    );
    desk.screenshot("library-search").await;

    desk.click_button("Due diligence").await;
    let before = desk.wait_for_text("#dd-count", "answered").await;
    desk.fill("#dd-competitivelySolicited-by", "Dana Reyes")
        .await;
    desk.click("#dd-competitivelySolicited-yes").await;
    desk.wait_for_text("#dd-competitivelySolicited-item .saved", "Saved")
        .await;
    let done = |text: &str| -> u32 { text.split(' ').next().unwrap().parse().unwrap() };
    let after = desk.wait_for_text("#dd-count", "answered").await;
    assert_eq!(
        done(&after),
        done(&before) + 1,
        "the counter follows the answer given: {before} → {after}"
    );
    desk.screenshot("library-due-diligence").await;
    // The history shows what reached the library, not just what the form shows.
    desk.click_button("History").await;
    desk.wait_for_text(".history", "yes, by Dana Reyes").await;
    desk.screenshot("library-history").await;
    desk.quit().await;

    let desk = turn.restart().await;
    desk.wait_for("table.contracts tbody tr").await;
    open_first_result(&desk, "Auto Fleet", "091521-NAF").await;
    desk.click_button("Due diligence").await;
    assert!(
        desk.is_checked("#dd-competitivelySolicited-yes").await,
        "the item answered before the restart still reads yes"
    );
    assert_eq!(
        desk.value("#dd-competitivelySolicited-by").await,
        "Dana Reyes"
    );
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_title_that_looks_like_markup_is_shown_as_the_characters_typed() {
    let Some((_turn, desk)) =
        Desk::start("a_title_that_looks_like_markup_is_shown_as_the_characters_typed").await
    else {
        return;
    };
    let title = "<img src=x onerror=alert(1)>";

    desk.wait_for("table.contracts tbody tr").await;
    desk.click_button("Add contract").await;
    desk.fill("#f-cooperative", "Sourcewell").await;
    desk.fill("#f-contractNumber", "XSS-1").await;
    desk.fill("#f-title", title).await;
    desk.fill("#f-vendorName", "Test Vendor").await;
    desk.fill("#f-awardDate", "2026-05-01").await;
    desk.fill("#f-expiryDate", "2026-01-31").await;
    desk.click_button("Save contract").await;
    let error = desk
        .wait_for_text("#f-expiryDate-error", "before the award date")
        .await;
    assert!(
        error.starts_with("Expiry date:"),
        "the message names the field: {error}"
    );
    desk.screenshot("library-form-error").await;

    desk.fill("#f-expiryDate", "2027-04-30").await;
    desk.fill("#f-priceLines", "Mower | each | $1,234.50").await;
    desk.click_button("Save contract").await;
    desk.wait_for_text(".detail h2", "XSS-1").await;
    let prices = desk.wait_for_text(".detail .small-table", "Mower").await;
    assert!(
        prices.contains("$1,234.50"),
        "the price line typed in the form is stored exactly: {prices}"
    );
    desk.fill("#library-search", "XSS").await;
    desk.wait_for_text(&format!("{FIRST_ROW} td.number"), "XSS-1")
        .await;
    // Answers to the first letters typed may still be on screen; wait for the last one.
    let mut titles = Vec::new();
    for _ in 0..100 {
        titles = desk
            .texts("table.contracts tbody td.title .title-text")
            .await;
        if titles.len() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        titles,
        [title],
        "the title is shown as the characters typed"
    );
    assert_eq!(
        desk.count("table.contracts img, .detail img").await,
        0,
        "no image element was created from the title"
    );
    desk.screenshot("library-added").await;
    desk.quit().await;
}

// ---------------------------------------------------------------- a laptop screen

/// A 1366×768 screen less the title bar and the taskbar.
const LAPTOP: (u32, u32) = (1366, 700);
/// A 1920×1080 screen less the same.
const DESKTOP: (u32, u32) = (1920, 1010);

const COOPERATIVES: [&str; 12] = [
    "Sourcewell",
    "OMNIA Partners",
    "HGACBuy",
    "NASPO ValuePoint",
    "BuyBoard",
    "E&I Cooperative",
    "NCPA",
    "TIPS-USA",
    "Equalis Group",
    "PEPPM",
    "CMAS",
    "GSA Schedules",
];

const CATEGORIES: [&str; 22] = [
    "Vehicles",
    "Heavy equipment",
    "Playgrounds",
    "Office supplies",
    "Furniture",
    "IT hardware",
    "Software",
    "Telecommunications",
    "Janitorial",
    "Roofing",
    "HVAC",
    "Electrical",
    "Plumbing",
    "Paving",
    "Traffic signals",
    "Uniforms",
    "Public safety",
    "Water meters",
    "Library materials",
    "Grounds maintenance",
    "Fuel",
    "Lab equipment",
];

/// The sample contracts and `extra` more over 12 cooperatives and 22 categories, all in
/// force until 2029–2030 with titles long enough to need more than their column. The
/// last one, `LATE-LAST`, has no expiry: the table lists it after every dated contract.
fn seed_many(data_dir: &Path, extra: usize) {
    let now = "2026-11-20T09:00:00".parse().unwrap();
    let (db, _) = opening::open(
        data_dir,
        OpenOptions {
            now,
            seed_sample: true,
        },
    )
    .unwrap();
    for i in 0..extra {
        let last = i + 1 == extra;
        let contract = Contract {
            cooperative: COOPERATIVES[i % COOPERATIVES.len()].into(),
            category: CATEGORIES[i % CATEGORIES.len()].into(),
            contract_number: if last {
                "LATE-LAST".into()
            } else {
                format!("MANY-{i:03}")
            },
            title: format!(
                "{} — supply, delivery, installation and maintenance, statewide, lot {i}",
                CATEGORIES[i % CATEGORIES.len()]
            ),
            vendor_name: format!("Vendor number {i} Incorporated of America"),
            expiry_date: (!last).then(|| {
                chrono::NaiveDate::from_ymd_opt(2029, 1, 1).unwrap()
                    + chrono::Days::new(i as u64 * 9)
            }),
            ..Contract::default()
        };
        contract::insert(&db, &contract, now).unwrap();
    }
}

/// What a clerk sees of the Library without scrolling: what is inside the scrolling
/// `main` (the status bar covers the window's last line).
const ABOVE_THE_FOLD: &str = "document.querySelector('main').scrollTop = 0;
     const shown = document.querySelector('main').getBoundingClientRect();
     const inside = (e) => { const r = e.getBoundingClientRect();
       return r.top >= shown.top && r.bottom <= shown.bottom && r.left >= shown.left && r.right <= shown.right; };
     const rows = [...document.querySelectorAll('table.contracts tbody tr')];
     const main = document.querySelector('main');
     const table = document.querySelector('table.contracts');
     return {
       searchVisible: inside(document.getElementById('library-search')),
       rowsVisible: rows.filter(inside).length,
       rows: rows.length,
       pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
       mainOverflow: main.scrollWidth - main.clientWidth,
       tableOverflow: table.scrollWidth - table.clientWidth,
       narrowestColumn: Math.min(...[...table.querySelectorAll('thead th')]
         .map((th) => th.getBoundingClientRect().width).filter((width) => width > 0)),
       filtersVisible: inside(document.querySelector('.filters-toggle')),
       titleColumn: table.querySelector('thead th.col-title').getBoundingClientRect().width,
       cutOff: [...table.querySelectorAll('tbody td.number, tbody td.vendor')]
         .filter((td) => td.offsetParent !== null && td.scrollWidth > td.clientWidth + 1)
         .map((td) => td.textContent),
     };";

/// What a clerk sees of the detail pane on opening a contract: how wide it is, how many
/// lines its title takes, whether its tabs are on screen, and whether a word is broken
/// inside (a status pill that breaks a word shows as more lines than its words need).
const THE_PANE: &str = "document.querySelector('main').scrollTop = 0;
     const shown = document.querySelector('main').getBoundingClientRect();
     const pane = document.querySelector('.detail');
     const sub = pane.querySelector('.sub');
     const tabs = [...pane.querySelectorAll('[role=tab]')];
     const lines = (el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
     return {
       width: pane.getBoundingClientRect().width,
       titleLines: lines(sub),
       titleWords: sub.textContent.trim().split(/\\s+/).length,
       tabsOnScreen: tabs.length > 0 && tabs.every((t) => t.getBoundingClientRect().bottom <= shown.bottom),
     };";

#[tokio::test(flavor = "current_thread")]
async fn ten_rows_fit_a_laptop_screen_with_the_filters_one_click_away() {
    let turn = Turn::take("ten_rows_fit_a_laptop_screen_with_the_filters_one_click_away").await;
    seed_many(turn.data(), 45);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(LAPTOP.0, LAPTOP.1).await;
    desk.wait_for_text(".result-count", "of 55 contracts").await;

    let page = desk.script(ABOVE_THE_FOLD).await;
    assert_eq!(
        page["searchVisible"], true,
        "the search box is on screen: {page}"
    );
    assert!(
        page["rowsVisible"].as_i64().unwrap() >= 10,
        "at least ten whole result rows are on screen without scrolling: {page}"
    );
    assert!(
        page["pageOverflow"].as_i64().unwrap() <= 0 && page["mainOverflow"].as_i64().unwrap() <= 0,
        "nothing runs off the side of the window: {page}"
    );
    assert_eq!(
        page["filtersVisible"], true,
        "the Filters button is on screen: {page}"
    );
    desk.screenshot("library-1366x768").await;

    // One click shows the chips: 12 cooperatives and 22 categories show their top few
    // and a "more…" that shows the rest.
    desk.click(".filters-toggle").await;
    assert_eq!(
        desk.script(
            "return document.querySelector('.filters-toggle').getAttribute('aria-expanded');"
        )
        .await,
        "true",
        "the button says the filters are shown"
    );
    let cooperatives = "[aria-label='Cooperative'] .chip:not(.more)";
    let shown = desk.count(cooperatives).await;
    assert!(
        (1..COOPERATIVES.len()).contains(&shown),
        "the cooperative group shows its top few, not all 12: {shown}"
    );
    desk.click("[aria-label='Cooperative'] .chip.more").await;
    let cooperative_count = desk.count(cooperatives).await;
    // The sample's cooperatives are among them.
    assert!(
        cooperative_count >= COOPERATIVES.len(),
        "more… shows every cooperative: {cooperative_count}"
    );
    desk.click("[aria-label='Cooperative'] .chip[value='Equalis Group']")
        .await;
    desk.wait_for_text(".filters-toggle", "(1 on)").await;
    let count = desk.wait_for_text(".result-count", "contracts").await;
    assert!(
        !count.contains("of"),
        "one cooperative's contracts fit on one page: {count}"
    );
    desk.click_button("Clear filters").await;
    desk.wait_for_text(".result-count", "of 55 contracts").await;
    desk.click(".filters-toggle").await;

    // The detail pane beside the table leaves its columns readable.
    desk.click(&format!("{FIRST_ROW} td.number")).await;
    desk.wait_for(".detail h2").await;
    let page = desk.script(ABOVE_THE_FOLD).await;
    assert!(
        page["narrowestColumn"].as_f64().unwrap() >= 90.0,
        "with the detail pane open every column is still at least 90 px wide: {page}"
    );
    assert!(
        page["pageOverflow"].as_i64().unwrap() <= 0 && page["tableOverflow"].as_i64().unwrap() <= 0,
        "the table does not run off the side with the pane open: {page}"
    );
    assert_eq!(
        page["cutOff"],
        serde_json::json!([]),
        "with the pane open no contract number or vendor is cut off: {page}"
    );
    let pane = desk.script(THE_PANE).await;
    assert!(
        pane["width"].as_f64().unwrap() >= 400.0,
        "the detail pane is wide enough to read: {pane}"
    );
    assert!(
        pane["titleLines"].as_i64().unwrap() <= 3
            && pane["titleLines"].as_i64().unwrap() < pane["titleWords"].as_i64().unwrap(),
        "the title takes a few lines, not one word a line: {pane}"
    );
    assert_eq!(
        pane["tabsOnScreen"], true,
        "the pane's tabs are on screen without scrolling: {pane}"
    );
    desk.screenshot("library-1366x768-detail").await;

    // Scrolled down to the last rows: the column headings are still in view (under the
    // screen's top margin), and the pager is there too.
    let scrolled = desk
        .script(
            "const main = document.querySelector('main');
             main.scrollTop = main.scrollHeight;
             const top = main.getBoundingClientRect().top;
             const heading = document.querySelector('table.contracts thead th').getBoundingClientRect();
             const pager = document.querySelector('.pages.bottom');
             const p = pager.getBoundingClientRect();
             const result = { scrolled: main.scrollTop, headingTop: heading.top - top,
                              pagerShown: !pager.hidden && p.bottom <= main.getBoundingClientRect().bottom && p.top >= top,
                              pagerText: pager.textContent };
             main.scrollTop = 0;
             return result;",
        )
        .await;
    assert!(
        scrolled["scrolled"].as_f64().unwrap() > 0.0
            && (0.0..=16.0).contains(&scrolled["headingTop"].as_f64().unwrap()),
        "the column headings stay at the top while the rows scroll: {scrolled}"
    );
    assert_eq!(
        scrolled["pagerShown"], true,
        "the pager is also under the last row: {scrolled}"
    );

    desk.resize(DESKTOP.0, DESKTOP.1).await;
    desk.click(".filters-toggle").await;
    desk.wait_for("[aria-label='Cooperative'] .chip").await;
    let page = desk.script(ABOVE_THE_FOLD).await;
    desk.screenshot("library-1920x1080").await;
    assert!(
        page["rowsVisible"].as_i64().unwrap() >= 10 && page["pageOverflow"].as_i64().unwrap() <= 0,
        "on a 1920×1080 screen the chips, the detail and ten rows fit together: {page}"
    );
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn paging_and_sorting_reach_a_contract_beyond_the_first_page() {
    let turn = Turn::take("paging_and_sorting_reach_a_contract_beyond_the_first_page").await;
    seed_many(turn.data(), 60);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(LAPTOP.0, LAPTOP.1).await;
    desk.wait_for_text(".result-count", "1–50 of 70 contracts")
        .await;
    assert!(
        !desk
            .texts("table.contracts td.number")
            .await
            .contains(&"LATE-LAST".to_owned()),
        "a contract with no expiry is listed after the dated ones, beyond page one"
    );

    desk.click_button("Next ›").await;
    desk.wait_for_text(".result-count", "51–70 of 70 contracts")
        .await;
    desk.wait_for_text("table.contracts", "LATE-LAST").await;
    desk.click_button("‹ Previous").await;
    desk.wait_for_text(".result-count", "1–50 of 70 contracts")
        .await;

    // Sorted by number over every contract, not just the page shown: Z to A, the
    // sample's R200702 (no expiry, so on page two in the table's order) leads page one.
    assert!(
        !desk
            .texts("table.contracts td.number")
            .await
            .contains(&"R200702".to_owned()),
        "R200702 is beyond page one in the table's order"
    );
    desk.click("th.col-contractNumber button").await;
    desk.wait_for_text(&format!("{FIRST_ROW} td.number"), "061323-TFU")
        .await;
    desk.click("th.col-contractNumber button").await;
    desk.wait_for_text(&format!("{FIRST_ROW} td.number"), "R200702")
        .await;
    assert_eq!(
        desk.script(
            "return document.querySelector('th.col-contractNumber').getAttribute('aria-sort');"
        )
        .await,
        "descending",
        "the header tells a screen reader the order"
    );
    // And a search keeps the column order: LATE-LAST is the only "late" one.
    desk.fill("#library-search", "LATE-LAST").await;
    desk.wait_for_text(&format!("{FIRST_ROW} td.number"), "LATE-LAST")
        .await;
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_whole_sample_library_fits_a_laptop_screen() {
    let Some((_turn, desk)) = Desk::start("the_whole_sample_library_fits_a_laptop_screen").await
    else {
        return;
    };
    desk.resize(LAPTOP.0, LAPTOP.1).await;
    desk.wait_for_text(".result-count", "10 contracts").await;
    let page = desk.script(ABOVE_THE_FOLD).await;
    assert_eq!(
        page["rowsVisible"], 10,
        "all ten sample contracts are on screen without scrolling: {page}"
    );
    assert!(
        page["pageOverflow"].as_i64().unwrap() <= 0,
        "nothing runs off the side of the window: {page}"
    );
    assert!(
        page["titleColumn"].as_f64().unwrap() >= 250.0,
        "long vendor and cooperative names leave the titles room: {page}"
    );
    assert_eq!(
        page["cutOff"],
        serde_json::json!([]),
        "no contract number or vendor is cut off: {page}"
    );
    desk.screenshot("library-sample-1366x768").await;
    desk.quit().await;
}

/// The look of an element, to tell two states apart.
const LOOK: &str = "const look = (el) => { const s = getComputedStyle(el);
       return [s.backgroundColor, s.color, s.borderTopColor, s.boxShadow, s.fontWeight].join(' '); };";

#[tokio::test(flavor = "current_thread")]
async fn a_chosen_chip_looks_pressed_the_counts_say_what_they_count_and_a_filter_clears_the_pane() {
    let Some((_turn, desk)) = Desk::start(
        "a_chosen_chip_looks_pressed_the_counts_say_what_they_count_and_a_filter_clears_the_pane",
    )
    .await
    else {
        return;
    };
    desk.resize(LAPTOP.0, LAPTOP.1).await;
    desk.wait_for_text(".result-count", "10 contracts").await;
    desk.click(".filters-toggle").await;
    desk.wait_for(".chip[value='expiringWithin30'] .chip-count")
        .await;
    // Nothing typed: the strip and the chip count the same contracts.
    let counts = desk
        .script(
            "return [document.querySelector('.expiry-window .count').textContent,
                     document.querySelector(\".chip[value='expiringWithin30'] .chip-count\").textContent];",
        )
        .await;
    assert_eq!(
        counts[0], counts[1],
        "with nothing typed, “expire within 30 days” and its chip agree: {counts}"
    );
    // Both say they count the whole library (waits until they do).
    desk.wait_for_text(".chip-scope", "whole library").await;
    desk.wait_for_text(".strip-scope", "whole library").await;

    open_first_result(&desk, "Auto Fleet", "091521-NAF").await;
    let scope = desk.wait_for_text(".chip-scope", "matching").await;
    assert!(
        scope.contains("“Auto Fleet”"),
        "the chips say they count the search, the strip still the whole library: {scope}"
    );

    // A status chip that 091521-NAF (it has an expiry date) is not in.
    let look_of = |css: &str| format!("{LOOK} return look(document.querySelector({css:?}));");
    let before = desk.script(&look_of(".chip[value='unknown']")).await;
    desk.click(".chip[value='unknown']").await;
    desk.wait_for(".chip[value='unknown'][aria-pressed='true']")
        .await;
    let after = desk.script(&look_of(".chip[value='unknown']")).await;
    assert_ne!(before, after, "the chosen chip looks pressed");
    let note = desk
        .wait_for_text(".detail .outside-note", "does not match")
        .await;
    assert!(
        note.contains("091521-NAF"),
        "the pane says which contract the filter took away: {note}"
    );
    assert_eq!(
        desk.count("table.contracts tbody tr[aria-selected='true']")
            .await,
        0,
        "no row is marked as shown in the pane"
    );
    desk.screenshot("library-pane-outside-the-filter").await;
    desk.click_button("Show 091521-NAF again").await;
    desk.wait_for_text(".detail h2", "091521-NAF").await;

    // The expiry strip's buttons too.
    let before = desk.script(&look_of(".expiry-window")).await;
    desk.click(".expiry-window").await;
    desk.wait_for(".expiry-window[aria-pressed='true']").await;
    let after = desk.script(&look_of(".expiry-window")).await;
    assert_ne!(before, after, "the chosen expiry window looks pressed");
    desk.quit().await;
}
