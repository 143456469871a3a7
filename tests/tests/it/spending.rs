//! The Spending screen: the council's actions with where each stands, and one action's
//! purchase orders and overrides — the core's exact figures, axe-clean and readable at
//! 1366×768.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::spending::store;
use coopdesk_core::spending::{ApprovalInput, InvoiceInput, Outcome, PurchaseOrderInput};
use coopdesk_e2e::keys::{ENTER, TAB};
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
fn library_with_spending(data_dir: &Path, past_limit: bool) {
    let now = at("2026-11-20");
    let (db, _) = opening::open(
        data_dir,
        OpenOptions {
            now,
            seed_sample: true,
        },
    )
    .unwrap();
    let staples = contract::all(&db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == "070924-SCC")
        .unwrap();
    let input = ApprovalInput {
        contract_id: staples.id,
        outcome: Outcome::Approved,
        meeting_date: Some(day("2026-01-13")),
        action_number: "Resolution 2026-04".into(),
        not_to_exceed: "74360.00".into(),
        term_from: Some(day("2026-02-01")),
        ..ApprovalInput::default()
    };
    let approval = store::record_approval(&db, &input, now.date(), now)
        .unwrap()
        .id;
    let po = |number: &str, amount: &str, reason: &str| {
        let input = PurchaseOrderInput {
            approval_id: Some(approval),
            number: number.into(),
            date: Some(day("2026-03-02")),
            amount: amount.into(),
            ..PurchaseOrderInput::default()
        };
        store::add_purchase_order(&db, &input, reason, now.date(), now).unwrap();
    };
    po("4500-0113", "70000.00", "");
    let invoice = InvoiceInput {
        po_number: "4500-0113".into(),
        number: "INV-88".into(),
        date: Some(day("2026-04-01")),
        amount: "12500.00".into(),
        ..InvoiceInput::default()
    };
    store::add_invoice(&db, &invoice, "", now.date(), now).unwrap();
    if !past_limit {
        return;
    }
    po(
        "4500-0140",
        "4400.00",
        "Emergency repair; council ratifies 12/15",
    );
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

    let found: Vec<String> = found
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(screen, v)| format!("{screen}: {}", v.join("; ")))
        .collect();
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
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

    let found: Vec<String> = found
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(screen, v)| format!("{screen}: {}", v.join("; ")))
        .collect();
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}
