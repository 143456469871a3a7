//! The renewal memo in the real window: "Write the renewal memo" on a council action in
//! the Spending screen opens its editor beside the preview, prefilled with the core's
//! figures; an edit is saved and previewed; "Save PDF…" prints it (a tagged PDF) and the
//! version is kept as printed — axe-clean and usable by keyboard at 1366×768.

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_e2e::council::CouncilAction;
use coopdesk_e2e::keys::{ENTER, TAB};
use coopdesk_e2e::Turn;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    day(text).and_hms_opt(9, 0, 0).unwrap()
}

/// The sample library with the council's approval of Staples 070924-SCC (Resolution
/// 2026-04, not to exceed $74,360.00), a PO of $70,000.00 and $12,500.00 invoiced.
fn library_with_an_approval(data_dir: &std::path::Path) {
    CouncilAction::record(data_dir, at("2026-11-20"))
        .order("4500-0113", "70000.00", "")
        .invoice("4500-0113", "INV-88", "2026-04-01", "12500.00");
}

#[tokio::test(flavor = "current_thread")]
async fn the_renewal_memo_is_written_edited_and_printed_from_a_council_action() {
    let turn =
        Turn::take("the_renewal_memo_is_written_edited_and_printed_from_a_council_action").await;
    library_with_an_approval(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    desk.wait_for_text("table.approvals tbody tr", "Resolution 2026-04")
        .await;
    desk.click("table.approvals tbody th button").await;
    desk.wait_for_text(".approval-detail", "Write the renewal memo")
        .await;

    // The keyboard reaches the button and starts the memo.
    desk.press_until(TAB, "el.id === 'renewal-memo-open'", 40)
        .await;
    desk.type_keys(ENTER).await;
    let editor = desk
        .wait_for_text(".renewal-memo", "Spending by fiscal year")
        .await;
    assert!(editor.contains("Version 1, a draft"), "{editor}");
    assert!(
        editor.contains("Left to fill in before printing") && editor.contains("[the renewal term]"),
        "the gaps are listed: {editor}"
    );
    let preview = desk
        .wait_for_text("#renewal-preview", "What the council approved")
        .await;
    for words in [
        "Resolution 2026-04",
        "$74,360.00",
        "$12,500.00",
        "$57,500.00",
        "Price-list deviations",
        "Insurance on file",
        "The vendor's renewal terms",
    ] {
        assert!(preview.contains(words), "{words} in the preview: {preview}");
    }
    let focused = desk
        .script("return document.activeElement && document.activeElement.id")
        .await;
    assert_eq!(
        focused, "renewal-heading",
        "focus moves to the memo it opened"
    );
    let mut found = vec![("Renewal memo editor", desk.accessibility_violations().await)];
    desk.screenshot("renewal-memo-1366x768").await;

    desk.fill(
        "#renewal-section-recommendation",
        "a. Approve the second renewal <b>to March 31, 2028</b>;\nb. Not to exceed $60,000.00.",
    )
    .await;
    desk.click("#renewal-save").await;
    let saved = desk
        .wait_for_text("#renewal-preview", "Approve the second renewal")
        .await;
    assert!(
        saved.contains("<b>to March 31, 2028</b>"),
        "typed markup stays text: {saved}"
    );

    let pdf = turn.data().join("renewal.pdf");
    desk.click("#renewal-pdf").await;
    desk.save_in_file_dialog("Save the memo as PDF", &pdf).await;
    let status = desk
        .wait_for_text(".renewal-memo .save-status", "Printed to")
        .await;
    assert!(status.contains("renewal.pdf"), "{status}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let line = desk
        .wait_for_text(".renewal-memo .version-line", "printed on")
        .await;
    assert!(line.contains("next change is saved as version 2"), "{line}");
    found.push((
        "Renewal memo printed",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("renewal-memo-printed-1366x768").await;
    desk.quit().await;

    coopdesk_e2e::assert_axe_clean(found);
}
