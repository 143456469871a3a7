//! The keyboard alone: a clerk who does not use a mouse finds a contract, answers a
//! due-diligence question and writes the memo — every step a key a keyboard user
//! presses (Tab, Shift+Tab, arrows, Enter, typing), never a click.

use coopdesk_e2e::keys::{DOWN, ENTER, LEFT, RIGHT, SHIFT_TAB, TAB};
use coopdesk_e2e::Turn;

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
