//! The keyboard alone: a clerk who does not use a mouse finds a contract, answers a
//! due-diligence question and writes the memo — every step a key a keyboard user
//! presses (Tab, Shift+Tab, arrows, Enter, typing), never a click.

use coopdesk_e2e::keys::{
    DOWN, END, ENTER, HOME, LEFT, PAGE_DOWN, PAGE_UP, RIGHT, SHIFT_TAB, TAB, UP,
};
use coopdesk_e2e::{Desk, Turn};

use crate::support::village_library;

#[tokio::test(flavor = "current_thread")]
async fn with_the_keyboard_alone_a_clerk_finds_a_contract_ticks_a_check_and_writes_the_memo() {
    let turn = Turn::take(
        "with_the_keyboard_alone_a_clerk_finds_a_contract_ticks_a_check_and_writes_the_memo",
    )
    .await;
    village_library(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };

    // The search box has the focus at start; typing searches, Down reaches the results.
    desk.wait_for("table.contracts tbody tr").await;
    desk.press_until(TAB, "el.id === 'library-search'", 40)
        .await;
    desk.type_keys("091521").await;
    desk.wait_for_text(
        "table.contracts tbody tr:first-child td.number",
        "091521-NAF",
    )
    .await;
    // A screen reader hears how many match once the typing pauses.
    desk.wait_for_text(".results-bar [role=status]", "3 contracts")
        .await;
    desk.type_keys(DOWN).await;
    desk.type_keys(ENTER).await;
    desk.wait_for_text(".detail h2", "091521-NAF").await;

    // Due diligence: Tab to the contract's tabs, the arrow keys to its tab (the ARIA
    // tabs pattern: one tab in the Tab order), then into the first question's answers.
    desk.press_until(TAB, "el.getAttribute('role') === 'tab'", 60)
        .await;
    desk.press_until(RIGHT, "el.id === 'tab-diligence'", 4)
        .await;
    desk.wait_for("#dd-competitivelySolicited-item").await;
    desk.press_until(
        TAB,
        "el.name === 'dd-competitivelySolicited' && el.type === 'radio'",
        40,
    )
    .await;
    // "Not yet" is chosen; the answers before it are Not applicable, No, Yes.
    desk.press_until(LEFT, "el.id === 'dd-competitivelySolicited-yes'", 4)
        .await;
    desk.press_until(TAB, "el.id === 'dd-competitivelySolicited-by'", 5)
        .await;
    desk.type_keys("Dana Reyes").await;
    desk.type_keys(TAB).await;
    desk.wait_for_text("#dd-competitivelySolicited-item .saved", "Saved")
        .await;
    assert!(
        desk.is_checked("#dd-competitivelySolicited-yes").await,
        "the arrow key chose Yes"
    );

    // Back up to the section buttons, to Memos, and write the memo.
    desk.press_until(
        SHIFT_TAB,
        "el.matches('button.nav[data-screen=memos]')",
        150,
    )
    .await;
    desk.type_keys(ENTER).await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    desk.press_until(TAB, "el.textContent.trim() === 'Write memo'", 40)
        .await;
    desk.type_keys(ENTER).await;
    let preview = desk
        .wait_for_text(".memo-preview", "Staff recommends that the governing body")
        .await;
    assert!(preview.contains("091521-NAF"), "{preview}");
    assert!(
        preview.contains("Dana Reyes"),
        "the answer given with the keyboard is in the memo's due diligence: {preview}"
    );
    desk.quit().await;
}

/// Which row of the table has the keyboard focus (1 is the first), 0 for a heading's
/// sort button, -1 for anything else; and how many of the table's elements the Tab key
/// stops at.
const WHERE_IN_TABLE: &str = "const el = document.activeElement;
     const rows = [...document.querySelectorAll('table.contracts tbody tr')];
     const stops = [...document.querySelectorAll('table.contracts [tabindex], table.contracts button')]
       .filter((e) => e.tabIndex >= 0);
     return { row: rows.indexOf(el) >= 0 ? rows.indexOf(el) + 1 : (el.matches('th button') ? 0 : -1),
              rows: rows.length, stops: stops.length,
              inPane: !!el.closest('.detail'), focused: `${el.tagName} ${(el.textContent || '').trim().slice(0, 30)}` };";

/// Presses `key` and says where in the table the focus went.
async fn press(desk: &Desk, key: &str) -> serde_json::Value {
    desk.type_keys(key).await;
    desk.script(WHERE_IN_TABLE).await
}

#[tokio::test(flavor = "current_thread")]
async fn the_table_is_one_tab_stop_with_arrow_keys_inside_and_the_next_tab_reaches_the_pane() {
    let turn = Turn::take(
        "the_table_is_one_tab_stop_with_arrow_keys_inside_and_the_next_tab_reaches_the_pane",
    )
    .await;
    village_library(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.wait_for_text(".result-count", "10 contracts").await;
    // The last control before the table, then one Tab into it.
    desk.press_until(TAB, "el.classList.contains('filters-toggle')", 40)
        .await;
    let at = press(&desk, TAB).await;
    assert_eq!(at["row"], 1, "one Tab reaches the first row: {at}");
    assert_eq!(
        at["stops"], 1,
        "the table is one stop of the Tab key, not one per row: {at}"
    );

    assert_eq!(press(&desk, DOWN).await["row"], 2, "Down moves a row");
    assert_eq!(
        press(&desk, END).await["row"],
        10,
        "End reaches the last row"
    );
    assert_eq!(press(&desk, UP).await["row"], 9, "Up moves a row back");
    assert_eq!(
        press(&desk, HOME).await["row"],
        1,
        "Home reaches the first row"
    );
    assert_eq!(
        press(&desk, PAGE_DOWN).await["row"],
        10,
        "Page Down moves ten rows (here to the last)"
    );
    assert_eq!(press(&desk, PAGE_UP).await["row"], 1, "Page Up moves back");
    assert_eq!(
        press(&desk, UP).await["row"],
        0,
        "Up from the first row reaches the headings' sort buttons"
    );
    assert_eq!(press(&desk, DOWN).await["row"], 1, "and Down comes back");
    let at = press(&desk, DOWN).await;
    assert_eq!(at["stops"], 1, "still one Tab stop after moving: {at}");

    // Enter opens the second row's contract; the next Tab is in the pane.
    let number = desk
        .script("return document.activeElement.querySelector('td.number').textContent;")
        .await;
    let number = number.as_str().unwrap().to_owned();
    desk.type_keys(ENTER).await;
    desk.wait_for_text(".detail h2", &number).await;
    let at = press(&desk, TAB).await;
    assert_eq!(
        at["inPane"], true,
        "one Tab after the table reaches the detail pane: {at}"
    );
    let at = press(&desk, SHIFT_TAB).await;
    assert_eq!(
        at["row"], 2,
        "Shift+Tab comes back to the row that was left: {at}"
    );
    desk.quit().await;
}
