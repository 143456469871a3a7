//! The Needs-action list above the Library: what, by when and one click per line, the
//! count in the sidebar, a dismissal with its reason by keyboard, and "Export to
//! calendar" through the save dialog — axe-clean at 1366×768.

use std::path::Path;

use chrono::{Local, NaiveDate};
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::spending::store;
use coopdesk_core::spending::{ApprovalInput, Outcome, PurchaseOrderInput};
use coopdesk_e2e::keys::ENTER;
use coopdesk_e2e::Turn;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The sample library with Staples 070924-SCC approved to $74,360.00, a PO of $62,000.00
/// (83.38 % of it) and the contract's facts verified today: one item needs action.
fn library_past_80_percent(data_dir: &Path) {
    let now = Local::now().naive_local();
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
    contract::mark_verified(&db, staples.id.unwrap(), now.date(), now).unwrap();
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
    let po = PurchaseOrderInput {
        approval_id: Some(approval),
        number: "4500-0113".into(),
        date: Some(day("2026-03-02")),
        amount: "62000.00".into(),
        ..PurchaseOrderInput::default()
    };
    store::add_purchase_order(&db, &po, "", now.date(), now).unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn needs_action_leads_the_library_and_an_item_is_dismissed_with_a_reason() {
    let turn =
        Turn::take("needs_action_leads_the_library_and_an_item_is_dismissed_with_a_reason").await;
    library_past_80_percent(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    let line = desk
        .wait_for_text(".needs-action .due-item", "committed and invoiced")
        .await;
    assert!(
        line.contains("$62,000.00")
            && line.contains("83.38 %")
            && line.contains("Review what is left"),
        "what, how much and the one action, as the core computed them: {line}"
    );
    assert_eq!(
        desk.count(".needs-action .due-item").await,
        1,
        "one item is due"
    );
    let badge = desk.wait_for_text(".sidebar .due-count", "1").await;
    assert!(badge.contains('1'), "the sidebar counts it: {badge}");
    let mut found = vec![("Needs action", desk.accessibility_violations().await)];
    desk.screenshot("needs-action-1366x768").await;

    // Export to calendar through the save dialog.
    let ics = turn.data().join("due dates.ics");
    desk.click_button("Export to calendar…").await;
    desk.save_in_file_dialog("Export to calendar", &ics).await;
    desk.wait_for_text(".needs-action .due-said", "Exported")
        .await;
    let text = std::fs::read_to_string(&ics).expect("the calendar file is written");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("SUMMARY:Sourcewell 070924-SCC: "), "{text}");

    // Dismiss by keyboard: the form opens with the focus in it; Enter keeps the reason.
    desk.click_button("Dismiss").await;
    desk.wait_for("#due-form-input").await;
    found.push((
        "Needs action, dismissing",
        desk.accessibility_violations().await,
    ));
    desk.type_keys(ENTER).await;
    let refused = desk
        .wait_for_text(".due-form [role=alert]", "Say why")
        .await;
    assert!(refused.contains("history"), "{refused}");
    desk.type_keys("Amendment on the January agenda").await;
    desk.type_keys(ENTER).await;
    desk.wait_for_text(".needs-action h2", "Needs action (0)")
        .await;
    let said = desk
        .wait_for_text(".needs-action .due-said", "Dismissed")
        .await;
    assert!(said.contains("kept in the history"), "{said}");
    assert_eq!(desk.count(".needs-action .due-item").await, 0);
    assert_eq!(
        desk.texts(".sidebar .due-count").await.join("").trim(),
        "",
        "no count once nothing is due"
    );
    desk.quit().await;

    let found: Vec<String> = found
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(screen, v)| format!("{screen}: {}", v.join("; ")))
        .collect();
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}
