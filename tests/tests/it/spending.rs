//! The Spending screen: the council's actions with where each stands, and one action's
//! purchase orders and overrides — the core's exact figures, axe-clean and readable at
//! 1366×768.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::spending::store;
use coopdesk_core::spending::{ApprovalInput, InvoiceInput, Outcome, PurchaseOrderInput};
use coopdesk_e2e::Turn;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    day(text).and_hms_opt(9, 0, 0).unwrap()
}

/// The sample library with the council's approval of Staples 070924-SCC (Resolution
/// 2026-04, not to exceed $74,360.00), a PO of $70,000.00 with $12,500.00 invoiced, and a
/// second PO of $4,400.00 that passed the limit with the clerk's reason.
fn library_with_spending(data_dir: &Path) {
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
    po(
        "4500-0140",
        "4400.00",
        "Emergency repair; council ratifies 12/15",
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_spending_screen_shows_each_action_standing_and_its_overrides() {
    let turn = Turn::take("the_spending_screen_shows_each_action_standing_and_its_overrides").await;
    library_with_spending(turn.data());
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
