//! The Spending screen: the council's actions with where each stands, and one action's
//! purchase orders and overrides — the core's exact figures, axe-clean and readable at
//! 1366×768.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::library::contract;
use coopdesk_core::settings::{self, ChangeOrderThreshold};
use coopdesk_core::spending::store;
use coopdesk_e2e::council::{self, CouncilAction};
use coopdesk_e2e::keys::{ENTER, RIGHT, TAB};
use coopdesk_e2e::Turn;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    day(text).and_hms_opt(9, 0, 0).unwrap()
}

/// The sample library with the council's approval of Staples 070924-SCC (Resolution
/// 2026-04, not to exceed $74,360.00), a PO of $70,000.00 with $12,500.00 invoiced, and
/// (when `past_limit`) a second PO of $4,400.00 that passed the limit with the clerk's
/// reason.
/// Returns the library, to change it further before the window opens it.
fn library_with_spending(data_dir: &Path, past_limit: bool) -> Database {
    let action = CouncilAction::record(data_dir, at("2026-11-20"));
    action.order("4500-0113", "70000.00", "").invoice(
        "4500-0113",
        "INV-88",
        "2026-04-01",
        "12500.00",
    );
    if past_limit {
        action.order(
            "4500-0140",
            "4400.00",
            "Emergency repair; council ratifies 12/15",
        );
    }
    action.db
}

/// The sample library, with no council action recorded.
fn sample_library(data_dir: &Path) -> Database {
    council::sample_library(data_dir, at("2026-11-20"))
}

/// The id of the library contract numbered `number`.
fn contract_id(db: &Database, number: &str) -> i64 {
    contract::all(db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == number)
        .and_then(|c| c.id)
        .unwrap()
}

/// What axe-core found on each screen named, as one message (empty when nothing).
fn violations(found: Vec<(&str, Vec<String>)>) -> String {
    found
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(screen, v)| format!("{screen}: {}", v.join("; ")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "current_thread")]
async fn the_spending_screen_shows_each_action_standing_and_its_overrides() {
    let turn = Turn::take("the_spending_screen_shows_each_action_standing_and_its_overrides").await;
    library_with_spending(turn.data(), true);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    let row = desk
        .wait_for_text("table.approvals tbody tr", "Resolution 2026-04")
        .await;
    assert!(row.contains("070924-SCC"), "{row}");
    assert!(
        row.contains("$74,360.00") && row.contains("$61,900.00") && row.contains("−$40.00"),
        "authorised, committed and remaining as the core computed them: {row}"
    );
    let mut found = vec![("Spending", desk.accessibility_violations().await)];

    desk.click("table.approvals tbody th button").await;
    let detail = desk
        .wait_for_text(".approval-detail", "Guard rails overridden")
        .await;
    assert!(
        detail.contains("Past the not-to-exceed by $40.00."),
        "{detail}"
    );
    assert!(
        detail.contains("Reason: Emergency repair; council ratifies 12/15"),
        "{detail}"
    );
    assert!(detail.contains("4500-0140"), "{detail}");
    found.push((
        "Spending with an action's detail",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("spending-1366x768").await;
    desk.quit().await;

    coopdesk_e2e::assert_axe_clean(found);
}

#[tokio::test(flavor = "current_thread")]
async fn a_purchase_past_the_limit_is_recorded_only_with_a_reason_given_in_the_window() {
    let turn =
        Turn::take("a_purchase_past_the_limit_is_recorded_only_with_a_reason_given_in_the_window")
            .await;
    library_with_spending(turn.data(), false);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    desk.wait_for_text("table.approvals tbody tr", "$4,360.00")
        .await;
    desk.click("table.approvals tbody th button").await;
    desk.wait_for_text(".purchase-forms", "Add a purchase order")
        .await;

    // The keyboard reaches the form from the chosen action.
    desk.press_until(TAB, "el.id === 'po-number'", 30).await;
    desk.type_keys("4500-0150").await;
    // Malformed input: the core's sentence under the field it names, nothing recorded.
    desk.fill("#po-date", "3/45/2026").await;
    desk.fill("#po-amount", "4,4OO").await;
    desk.click("#po-submit").await;
    let date_error = desk
        .wait_for_text("[data-field='po-date'] .field-error", "PO date:")
        .await;
    assert!(date_error.contains("3/45/2026"), "{date_error}");
    desk.fill("#po-date", "3/9/2026").await;
    desk.click("#po-submit").await;
    let amount_error = desk
        .wait_for_text("[data-field='po-amount'] .field-error", "4,4OO")
        .await;
    assert!(amount_error.starts_with("PO amount:"), "{amount_error}");
    assert_eq!(
        desk.value("#po-number").await,
        "4500-0150",
        "nothing typed is lost"
    );

    // Past the not-to-exceed: the dialog names the overrun; Cancel records nothing.
    desk.fill("#po-amount", "4,400.00").await;
    desk.fill("#po-fiscalYear", "FY2026").await;
    desk.fill("#po-accountCode", "101-4200").await;
    desk.fill("#po-description", "Toner, second quarter").await;
    desk.click("#po-submit").await;
    let dialog = desk
        .wait_for_text(
            "dialog.override",
            "$40.00 past the $74,360.00 not-to-exceed",
        )
        .await;
    assert!(dialog.contains("Resolution 2026-04"), "{dialog}");
    let focused = desk.script("return document.activeElement.id;").await;
    assert_eq!(focused, "override-reason", "the focus starts on the reason");
    let mut found = vec![(
        "The guard rail's dialog",
        desk.accessibility_violations().await,
    )];
    desk.screenshot("spending-override-1366x768").await;
    desk.click_button("Cancel").await;
    desk.wait_for_text(".purchase-forms", "Nothing was recorded.")
        .await;
    assert_eq!(desk.count("dialog.override").await, 0);
    let detail = desk.texts(".approval-detail").await.join(" ");
    assert!(!detail.contains("4500-0150"), "{detail}");
    let row = desk.texts("table.approvals tbody tr").await.join(" ");
    assert!(row.contains("$4,360.00"), "{row}");

    // Again, with a reason typed at the keyboard: recorded, the remaining negative, and
    // the override listed with its reason.
    desk.click("#po-submit").await;
    desk.wait_for("dialog.override").await;
    desk.type_keys("Emergency repair; council ratifies 12/15")
        .await;
    desk.press_until(
        TAB,
        "el.textContent.trim() === 'Record with this reason'",
        4,
    )
    .await;
    desk.type_keys(ENTER).await;
    let detail = desk
        .wait_for_text(".approval-detail", "Guard rails overridden")
        .await;
    assert!(detail.contains("4500-0150"), "{detail}");
    assert!(
        detail.contains("Past the not-to-exceed by $40.00."),
        "{detail}"
    );
    assert!(
        detail.contains("Reason: Emergency repair; council ratifies 12/15"),
        "{detail}"
    );
    let row = desk.texts("table.approvals tbody tr").await.join(" ");
    assert!(row.contains("−$40.00"), "the remaining is negative: {row}");
    assert_eq!(
        desk.value("#po-number").await,
        "",
        "the form is ready for the next"
    );

    // An invoice against the new PO.
    desk.choose("#inv-poNumber", "4500-0150").await;
    desk.fill("#inv-number", "INV-91").await;
    desk.fill("#inv-date", "3/20/2026").await;
    desk.fill("#inv-amount", "4400.00").await;
    desk.fill("#inv-paidDate", "Apr 1 2026").await;
    desk.click("#inv-submit").await;
    let detail = desk
        .wait_for_text(".approval-detail", "INV-91: $4,400.00")
        .await;
    assert!(detail.contains("4500-0150"), "{detail}");
    let row = desk.texts("table.approvals tbody tr").await.join(" ");
    assert!(
        row.contains("$16,900.00"),
        "invoiced, as the core sums it: {row}"
    );
    desk.press_until(TAB, "el.id === 'inv-submit'", 40).await;
    found.push((
        "Spending with the purchase forms",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("spending-purchases-1366x768").await;
    desk.quit().await;

    coopdesk_e2e::assert_axe_clean(found);
}

#[tokio::test(flavor = "current_thread")]
async fn an_approval_made_before_coopdesk_is_recorded_amended_and_its_resolution_attached() {
    let turn = Turn::take(
        "an_approval_made_before_coopdesk_is_recorded_amended_and_its_resolution_attached",
    )
    .await;
    let staples = contract_id(&sample_library(turn.data()), "070924-SCC");
    let papers = tempfile::tempdir().unwrap();
    let signed = papers.path().join("Resolution 2024-11 signed.pdf");
    std::fs::write(&signed, b"%PDF-1.7 the signed resolution").unwrap();
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    desk.wait_for_text(".empty", "Record a council action…")
        .await;

    // Opened from the keyboard; the focus lands in the contract search.
    desk.press_until(TAB, "el.id === 'record-action-open'", 30)
        .await;
    desk.type_keys(ENTER).await;
    desk.wait_for("#record-contract-search").await;
    let focused = desk.script("return document.activeElement.id;").await;
    assert_eq!(focused, "record-contract-search");
    // Sent with no contract chosen: the sentence is beside the picker, nothing recorded.
    desk.fill("#record-meetingDate", "5/14/2024").await;
    desk.fill("#record-actionNumber", "Resolution 2024-11")
        .await;
    desk.fill("#record-notToExceed", "60,000.00").await;
    desk.fill("#record-termFrom", "6/1/2024").await;
    desk.click("#record-submit").await;
    desk.wait_for_text(
        "[data-field='record-contractId'] .field-error",
        "choose the library contract the council acted on",
    )
    .await;
    let mut found = vec![(
        "Record a council action, with a problem",
        desk.accessibility_violations().await,
    )];
    desk.screenshot("spending-record-action-1366x768").await;

    // Found as in the comparison editor: by number, vendor or words.
    desk.fill("#record-contract-search", "070924").await;
    desk.wait_for_text("#record-contract-count", "1 contract matches")
        .await;
    desk.choose("#record-contractId", &staples.to_string())
        .await;
    assert_eq!(
        desk.value("#record-actionNumber").await,
        "Resolution 2024-11",
        "nothing typed is lost"
    );
    desk.click("#record-submit").await;
    let row = desk
        .wait_for_text("table.approvals tr.selected", "Resolution 2024-11")
        .await;
    assert!(
        row.contains("070924-SCC") && row.contains("$60,000.00"),
        "{row}"
    );
    let detail = desk
        .wait_for_text(".approval-detail", "No approved comparison")
        .await;
    assert!(
        detail.contains("the action was recorded on the contract, with no memo."),
        "the variance says why nothing is projected: {detail}"
    );
    assert!(detail.contains("Council action recorded"), "{detail}");

    // Amended: the council raised the limit; the change is revision 2 in its history.
    desk.click("#amend-open").await;
    assert_eq!(desk.value("#amend-notToExceed").await, "$60,000.00");
    assert_eq!(
        desk.value("#amend-actionNumber").await,
        "Resolution 2024-11"
    );
    desk.fill("#amend-notToExceed", "75,000.00").await;
    desk.choose("#amend-outcome", "approvedAsAmended").await;
    desk.fill("#amend-conditions", "Raised by Resolution 2025-02.")
        .await;
    found.push((
        "Amend a council action",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("spending-amend-action-1366x768").await;
    desk.click("#amend-submit").await;
    let detail = desk
        .wait_for_text(".approval-detail", "Amended: revision 2")
        .await;
    assert!(
        detail.contains("Council action amended")
            && detail.contains("Not-to-exceed: 60000.00 → 75000.00")
            && detail.contains("Outcome: approved → approved as amended"),
        "each change in the action's history: {detail}"
    );
    let row = desk.texts("table.approvals tr.selected").await.join(" ");
    assert!(row.contains("$75,000.00"), "{row}");
    assert_eq!(desk.count("#amend-submit").await, 0, "the form closed");

    // The signed resolution, picked in the system's dialog, checksummed.
    desk.click("#attach-signed").await;
    desk.pick_in_file_dialog("Attach the signed resolution or minutes", &signed)
        .await;
    let detail = desk
        .wait_for_text(
            ".approval-detail",
            "Attached Resolution 2024-11 signed.pdf, with its checksum.",
        )
        .await;
    assert!(
        detail.contains("Resolution 2024-11 signed.pdf — attached")
            && detail.contains("unchanged (checksum matches)"),
        "{detail}"
    );
    assert!(
        detail.contains("Council action document attached"),
        "{detail}"
    );
    found.push((
        "A council action with its signed resolution",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("spending-action-detail-1366x768").await;
    desk.quit().await;
    let found = violations(found);
    assert!(found.is_empty(), "axe-core found:\n{found}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_change_order_past_the_threshold_needs_a_reason_and_a_po_is_closed_in_the_window() {
    let turn = Turn::take(
        "a_change_order_past_the_threshold_needs_a_reason_and_a_po_is_closed_in_the_window",
    )
    .await;
    let db = library_with_spending(turn.data(), false);
    let threshold = ChangeOrderThreshold {
        percent: Some("10".parse().unwrap()),
        amount: None,
    };
    let mut chosen = settings::load(&db).unwrap();
    chosen.change_order_threshold = threshold;
    settings::save(&db, &chosen).unwrap();
    let approval = store::approvals(&db, day("2026-11-20")).unwrap()[0]
        .approval
        .id;
    let po = store::purchase_orders(&db, Some(approval)).unwrap()[0].id;
    drop(db);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    desk.click("table.approvals tbody th button").await;
    desk.wait_for_text(".purchase-forms", "Record a change order")
        .await;

    // 8,000.00 on a 70,000.00 PO is 11.4 %, past the 10 % in Settings.
    desk.press_until(TAB, "el.id === 'co-date'", 60).await;
    desk.type_keys("6/1/2026").await;
    desk.fill("#co-amount", "8,000.00").await;
    desk.fill("#co-reason", "Two more delivery sites").await;
    desk.click("#co-submit").await;
    let dialog = desk
        .wait_for_text("dialog.override", "change-order threshold")
        .await;
    assert!(dialog.contains("10%"), "{dialog}");
    let mut found = vec![(
        "A change order's guard rail",
        desk.accessibility_violations().await,
    )];
    desk.type_keys("Council informed 6/9").await;
    desk.press_until(
        TAB,
        "el.textContent.trim() === 'Record with this reason'",
        4,
    )
    .await;
    desk.type_keys(ENTER).await;
    desk.wait_for_text(
        ".purchase-forms",
        "Recorded a change order on PO 4500-0113, with the override reason.",
    )
    .await;
    let detail = desk
        .wait_for_text(".approval-detail", "$8,000.00 (Two more delivery sites)")
        .await;
    assert!(detail.contains("Reason: Council informed 6/9"), "{detail}");
    let row = desk.texts("table.approvals tbody tr").await.join(" ");
    assert!(
        row.contains("$65,500.00"),
        "committed: 78,000.00 less the 12,500.00 billed: {row}"
    );

    // Closed: what it did not bill is released.
    desk.click(&format!("#po-{po}-closed")).await;
    desk.wait_for_text(".approval-detail", "PO 4500-0113 closed.")
        .await;
    let focused = desk.script("return document.activeElement.id;").await;
    assert_eq!(
        focused,
        format!("po-{po}-open"),
        "the keyboard stays on the PO"
    );
    let row = desk.texts("table.approvals tbody tr").await.join(" ");
    assert!(
        row.contains("$0.00") && row.contains("$61,860.00"),
        "nothing committed; 74,360.00 less 12,500.00 invoiced remains: {row}"
    );
    let orders = desk
        .texts(".approval-detail table.small-table")
        .await
        .join(" ");
    assert!(
        orders.contains("Closed") && orders.contains("Reopen"),
        "{orders}"
    );
    found.push((
        "Spending with a closed PO and a change order",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("spending-change-order-1366x768").await;
    desk.quit().await;
    let found = violations(found);
    assert!(found.is_empty(), "axe-core found:\n{found}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_purchase_against_a_contract_in_the_trash_says_which_and_how_to_restore_it() {
    let turn =
        Turn::take("a_purchase_against_a_contract_in_the_trash_says_which_and_how_to_restore_it")
            .await;
    let db = library_with_spending(turn.data(), false);
    let staples = contract_id(&db, "070924-SCC");
    contract::delete(&db, staples, at("2026-11-21")).unwrap();
    drop(db);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Spending").await;
    desk.click("table.approvals tbody th button").await;
    desk.fill("#po-number", "4500-0150").await;
    desk.fill("#po-date", "3/9/2026").await;
    desk.fill("#po-amount", "100.00").await;
    desk.click("#po-submit").await;
    let said = desk
        .wait_for_text(".purchase-forms .field-error", "is in the trash")
        .await;
    assert!(
        said.contains("070924-SCC") && said.contains("Library → Trash → Restore"),
        "which contract, and how to bring it back: {said}"
    );
    assert!(!said.contains("not found"), "{said}");
    assert_eq!(
        desk.value("#po-number").await,
        "4500-0150",
        "nothing typed is lost"
    );
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_contracts_purchases_tab_shows_its_actions_standing_and_records_one() {
    let turn =
        Turn::take("a_contracts_purchases_tab_shows_its_actions_standing_and_records_one").await;
    library_with_spending(turn.data(), false);
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.wait_for("table.contracts tbody tr").await;
    desk.fill("#library-search", "070924").await;
    desk.wait_for_text(
        "table.contracts tbody tr:first-child td.number",
        "070924-SCC",
    )
    .await;
    desk.click("table.contracts tbody tr:first-child td.number")
        .await;
    desk.wait_for_text(".detail h2", "070924-SCC").await;

    // The ARIA tabs pattern: the arrow keys reach "Purchases".
    desk.click("#tab-facts").await;
    desk.press_until(RIGHT, "el.id === 'tab-purchases'", 5)
        .await;
    let card = desk
        .wait_for_text(".contract-action", "Resolution 2026-04")
        .await;
    for figure in [
        "Authorised\n$74,360.00",
        "Committed (open POs)\n$57,500.00",
        "Invoiced\n$12,500.00",
        "Paid\n$0.00",
        "Remaining\n$4,360.00",
        "a month",
        "Runs out on",
    ] {
        assert!(card.contains(figure), "{figure:?} in {card}");
    }
    let mut found = vec![(
        "The contract's Purchases tab",
        desk.accessibility_violations().await,
    )];
    desk.screenshot("contract-purchases-1366x768").await;

    // A later action, recorded from the pane.
    desk.click(".contract-purchases summary").await;
    desk.fill("#pane-council-meetingDate", "6/9/2026").await;
    desk.fill("#pane-council-actionNumber", "Resolution 2026-31")
        .await;
    desk.fill("#pane-council-notToExceed", "20,000.00").await;
    desk.click("#pane-council-submit").await;
    desk.wait_for_text(
        ".contract-purchases [role=status]",
        "Recorded Resolution 2026-31",
    )
    .await;
    let cards = desk.texts(".contract-action").await;
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(cards[0].contains("Resolution 2026-31") && cards[0].contains("$20,000.00"));
    found.push((
        "The Purchases tab after recording an action",
        desk.accessibility_violations().await,
    ));

    desk.click(".contract-action:last-child button.link").await;
    desk.wait_for_text(".approval-detail", "Resolution 2026-04")
        .await;
    desk.quit().await;
    let found = violations(found);
    assert!(found.is_empty(), "axe-core found:\n{found}");
}
