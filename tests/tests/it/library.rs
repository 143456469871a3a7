//! The Library screen, driven as a clerk would use it: search, the detail pane, the
//! due-diligence checklist, and the contract form.

use coopdesk_e2e::Desk;

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
    desk.fill("#dd-competitivelySolicited-by", "Dana Reyes")
        .await;
    desk.click("#dd-competitivelySolicited-yes").await;
    desk.wait_for_text("#dd-competitivelySolicited-item .saved", "Saved")
        .await;
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
