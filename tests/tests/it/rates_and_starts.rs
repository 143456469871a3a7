//! The discount rate as a clerk who is not a finance officer meets it (the policy rate
//! from Settings offered first, OMB A-94's following the horizon, the table's year and an
//! unusual rate explained), and the ways into a comparison from a contract: a US date
//! typed in the contract form, "Compare options with this contract", and the contract
//! picker searched with the library's own search.

use coopdesk_e2e::Desk;

/// The text of the option chosen in the `<select>` matching `css`.
async fn chosen(desk: &Desk, css: &str) -> String {
    let script = format!(
        "const s = document.querySelector({css:?}); return s && s.selectedOptions[0] ? s.selectedOptions[0].textContent : '';"
    );
    desk.script(&script)
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Waits until the input matching `css` holds `value`.
async fn wait_for_value(desk: &Desk, css: &str, value: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        last = desk.value(css).await;
        if last == value {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let shot = desk.screenshot("failure").await;
    panic!(
        "`{css}` never held {value:?}; it held {last:?} (see {})",
        shot.display()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_policy_rate_is_offered_first_and_the_a94_rate_follows_the_horizon() {
    let test = "the_policy_rate_is_offered_first_and_the_a94_rate_follows_the_horizon";
    let Some((_turn, desk)) = Desk::start(test).await else {
        return;
    };

    // The finance policy's rate, set once in Settings.
    desk.click_button("Settings").await;
    desk.fill("#policyDiscountRate", "3.5").await;
    desk.fill("#policyDiscountSource", "Finance policy FP-12")
        .await;
    desk.click_button("Save settings").await;
    desk.wait_for_text(".settings > .actions", "Saved.").await;

    // A new comparison starts with it, and offers it before OMB's.
    desk.click_button("Comparisons").await;
    desk.click_button("New comparison").await;
    wait_for_value(&desk, "#cmp-rate", "3.5").await;
    assert_eq!(desk.value("#cmp-source").await, "Finance policy FP-12");
    let policy = desk
        .wait_for_text("#cmp-use-policy", "Use your policy rate: 3.5%")
        .await;
    assert!(policy.contains("Finance policy FP-12"), "{policy}");
    let order = desk
        .script(
            "const b = [...document.querySelectorAll('.rate-help button')].map(b => b.id); \
             return b.indexOf('cmp-use-policy') < b.indexOf('cmp-use-a94');",
        )
        .await;
    assert_eq!(
        order,
        serde_json::json!(true),
        "the policy rate is offered first"
    );
    // The policy rate does not depend on the horizon.
    desk.fill("#cmp-horizon", "7").await;
    wait_for_value(&desk, "#cmp-horizon", "7").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        desk.value("#cmp-rate").await,
        "3.5",
        "the jurisdiction's rate stays at any horizon"
    );

    // OMB's button names its table and says it is old.
    let a94 = desk
        .wait_for_text("#cmp-use-a94", "calendar year 2021")
        .await;
    assert!(a94.starts_with("Use OMB A-94 rate"), "{a94}");
    let warning = desk
        .wait_for_text("#cmp-table-warning", "years before this comparison starts")
        .await;
    assert!(warning.contains("calendar year 2021"), "{warning}");
    desk.click("#cmp-use-a94").await;
    wait_for_value(&desk, "#cmp-rate", "0.6").await;
    assert!(
        desk.value("#cmp-source").await.contains("7-year nominal"),
        "the 7-year rate with its citation"
    );

    // Switching the horizon brings that horizon's rate and its source.
    desk.fill("#cmp-horizon", "5").await;
    wait_for_value(&desk, "#cmp-rate", "0.3").await;
    let source = desk.value("#cmp-source").await;
    assert!(
        source.contains("5-year nominal"),
        "the source follows the rate: {source}"
    );
    desk.screenshot("comparison-rate-follows-horizon").await;

    // A rate the clerk types is theirs: it stays, and an unusual one is explained.
    desk.fill("#cmp-rate", "30").await;
    let note = desk.wait_for_text("#cmp-rate-note", "At 30% a year").await;
    assert!(note.contains("3 means 3%"), "{note}");
    desk.fill("#cmp-horizon", "3").await;
    wait_for_value(&desk, "#cmp-horizon", "3").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        desk.value("#cmp-rate").await,
        "30",
        "a typed rate stays when the horizon changes"
    );
    desk.screenshot("comparison-rate-note").await;
    let violations = desk.accessibility_violations().await;
    assert!(violations.is_empty(), "axe-core: {violations:#?}");
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_contract_typed_with_us_dates_starts_a_comparison_and_the_picker_searches() {
    let test = "a_contract_typed_with_us_dates_starts_a_comparison_and_the_picker_searches";
    let Some((_turn, desk)) = Desk::start(test).await else {
        return;
    };

    desk.wait_for("table.contracts tbody tr").await;
    desk.click_button("Add contract").await;
    desk.fill("#f-cooperative", "Test Cooperative").await;
    desk.fill("#f-contractNumber", "RATES-77").await;
    desk.fill("#f-title", "Body-worn cameras").await;
    desk.fill("#f-vendorName", "Zephyr Optics").await;
    // The dates a US clerk types, each read back beside its box.
    desk.fill("#f-awardDate", "2/30/2026").await;
    desk.wait_for_text("#f-awardDate-read", "is not a day of the calendar")
        .await;
    desk.fill("#f-awardDate", "12/7/2026").await;
    desk.wait_for_text("#f-awardDate-read", "Read as 7 December 2026")
        .await;
    desk.fill("#f-expiryDate", "Dec 7 2028").await;
    desk.wait_for_text("#f-expiryDate-read", "Read as 7 December 2028")
        .await;
    desk.screenshot("contract-form-us-dates").await;
    desk.click_button("Save contract").await;
    desk.wait_for_text(".detail h2", "RATES-77").await;
    desk.click_button("Edit").await;
    wait_for_value(&desk, "#f-awardDate", "2026-12-07").await;
    assert_eq!(
        desk.value("#f-expiryDate").await,
        "2028-12-07",
        "Dec 7 2028 was stored as that day"
    );
    desk.click_button("Cancel").await;
    desk.wait_for_text(".detail h2", "RATES-77").await;

    // From the contract, a comparison that buys through it.
    desk.click_button("Compare options with this contract")
        .await;
    desk.wait_for_text("[data-option='1'] .linked-contract", "Admin fee")
        .await;
    assert!(
        chosen(&desk, "#o1-contract").await.contains("RATES-77"),
        "the cooperative option buys through the contract the clerk came from"
    );

    // The picker finds contracts with the library's search, and keeps the chosen one.
    desk.fill("#o1-contract-search", "Zephyr").await;
    desk.wait_for_text("#o1-contract-count", "1 contract matches “Zephyr”")
        .await;
    assert_eq!(
        desk.count("#o1-contract option[value]:not([value=''])")
            .await,
        1,
        "only what the search found is listed"
    );
    desk.fill("#o1-contract-search", "qqqzzz").await;
    desk.wait_for_text("#o1-contract-count", "No contract in the library matches")
        .await;
    assert!(
        chosen(&desk, "#o1-contract").await.contains("RATES-77"),
        "a search that does not find the linked contract never unlinks it"
    );
    desk.screenshot("comparison-contract-picker").await;
    let violations = desk.accessibility_violations().await;
    assert!(violations.is_empty(), "axe-core: {violations:#?}");

    // Saved, the comparison writes a memo recommending its option on that contract.
    desk.fill("#cmp-title", "Body cameras").await;
    desk.press_ctrl("#cmp-title", 's').await;
    desk.wait_for_text(".save-status", "Saved").await;
    desk.click_button("Write a memo").await;
    desk.wait_for("#memo-candidate").await;
    let candidate = chosen(&desk, "#memo-candidate").await;
    assert!(
        candidate.starts_with("Body cameras") && candidate.contains("RATES-77"),
        "the memo starts from the comparison the clerk came from: {candidate}"
    );

    // And from the contract in the Library, the same choice.
    desk.click_button("Library").await;
    desk.fill("#library-search", "RATES-77").await;
    desk.wait_for_text("table.contracts tbody tr:first-child td.number", "RATES-77")
        .await;
    desk.click("table.contracts tbody tr:first-child td.number")
        .await;
    desk.wait_for_text(".detail h2", "RATES-77").await;
    desk.click_button("Write a memo").await;
    desk.wait_for("#memo-candidate").await;
    assert!(
        chosen(&desk, "#memo-candidate").await.contains("RATES-77"),
        "the memo starts from the contract the clerk came from"
    );

    // The memo's date, typed as a US clerk writes it.
    desk.click_button("Write memo").await;
    desk.wait_for_text(".memo-preview", "RATES-77").await;
    desk.fill("#memo-date", "Jan 12 2027").await;
    desk.wait_for_text("#memo-date-read", "Read as 12 January 2027")
        .await;
    desk.wait_for_text(".memo-preview", "January 12, 2027")
        .await;
    desk.quit().await;
}
