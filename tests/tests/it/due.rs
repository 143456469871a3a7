//! The Needs-action list above the Library: what, by when and one click per line, the
//! count in the sidebar, a dismissal with its reason by keyboard, and "Export to
//! calendar" through the save dialog, then "Update calendar file" there unasked; the
//! reminders in Settings (lead time, minimum insurance limits) and a contract's own lead
//! time in its form; a certificate of insurance recorded under a council action; a
//! renewal memo opened from the Memos list — axe-clean at 1366×768.

use std::path::Path;

use chrono::Local;
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_e2e::council::{self, CouncilAction};
use coopdesk_e2e::keys::ENTER;
use coopdesk_e2e::Turn;

/// The sample library with Staples 070924-SCC approved to $74,360.00, a PO of $62,000.00
/// (83.38 % of it) and the contract's facts verified today: one item needs action.
fn library_past_80_percent(data_dir: &Path) -> i64 {
    let now = Local::now().naive_local();
    let db = council::sample_library(data_dir, now);
    contract::mark_verified(&db, council::staples(&db).id.unwrap(), now.date(), now).unwrap();
    let action = CouncilAction::record_in(db, now);
    action.order("4500-0113", "62000.00", "");
    action.id
}

/// The library folder's library, opened as the CLI opens it (after the window quit).
fn reopened(data_dir: &Path) -> coopdesk_core::db::Database {
    let options = OpenOptions {
        now: Local::now().naive_local(),
        seed_sample: false,
    };
    opening::open(data_dir, options).unwrap().0
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

    coopdesk_e2e::assert_axe_clean(found);
}

#[tokio::test(flavor = "current_thread")]
async fn reminders_are_set_in_settings_and_a_contract_keeps_its_own_lead_time() {
    let turn =
        Turn::take("reminders_are_set_in_settings_and_a_contract_keeps_its_own_lead_time").await;
    library_past_80_percent(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Settings").await;
    let lead = desk.wait_for("#reminders-lead-days").await;
    assert_eq!(
        lead.prop("value").await.unwrap().unwrap_or_default(),
        "120",
        "the default lead time shows"
    );

    // Wrong boxes: one sentence each, nothing saved, the keyboard on the first.
    desk.fill("#reminders-lead-days", "forty").await;
    desk.fill("#reminders-minimum-auto", "a million").await;
    desk.click("#reminders-save").await;
    let said = desk
        .wait_for_text(
            "[data-field='defaultLeadDays'] .field-error",
            "whole number",
        )
        .await;
    assert!(said.contains("“forty”"), "{said}");
    let auto = desk
        .wait_for_text("[data-field='minimum.auto'] .field-error", "not an amount")
        .await;
    assert!(
        auto.starts_with("Minimum for automobile liability"),
        "{auto}"
    );
    let status = desk
        .wait_for_text(".reminders .save-status", "Nothing was saved")
        .await;
    assert!(status.contains("2 fields need attention"), "{status}");
    let focused = desk
        .script("return document.activeElement && document.activeElement.id")
        .await;
    assert_eq!(
        focused, "reminders-lead-days",
        "the keyboard goes to the first"
    );
    let mut found = vec![(
        "Settings, reminders refused",
        desk.accessibility_violations().await,
    )];
    desk.script("document.getElementById('reminders-heading').scrollIntoView()")
        .await;
    desk.screenshot("settings-reminders-refused-1366x768").await;

    desk.fill("#reminders-lead-days", "150").await;
    desk.script(
        "const box = document.getElementById('reminders-minimum-auto'); box.value = ''; \
         box.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .await;
    desk.fill("#reminders-minimum-generalLiability", "$1,000,000")
        .await;
    desk.click("#reminders-save").await;
    desk.wait_for_text(".reminders .save-status", "Saved").await;
    assert_eq!(
        desk.value("#reminders-minimum-generalLiability").await,
        "1000000.00",
        "the box shows the amount as kept, to the cent"
    );
    assert_eq!(desk.count(".reminders .field-error").await, 0);
    found.push((
        "Settings, reminders saved",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("settings-reminders-saved-1366x768").await;

    // The contract's own lead time, in its form: a wrong one is refused, then kept.
    // The sidebar's Library button carries the Needs-action count in its label.
    desk.click(".sidebar button[data-screen='library']").await;
    desk.fill("#library-search", "070924-SCC").await;
    desk.wait_for_text("table.contracts tbody tr:first-child", "070924-SCC")
        .await;
    desk.click("table.contracts tbody tr:first-child td.number")
        .await;
    desk.click_button("Edit").await;
    desk.wait_for("#f-leadDays").await;
    let hint = desk.wait_for_text("#f-leadDays-hint", "150 days").await;
    assert!(hint.contains("default in Settings"), "{hint}");
    desk.fill("#f-leadDays", "six months").await;
    desk.click_button("Save contract").await;
    let refused = desk
        .wait_for_text("#f-leadDays-error", "not a whole number of days")
        .await;
    assert!(
        refused.starts_with("Lead time for the renewal decision"),
        "{refused}"
    );
    found.push((
        "Contract form, lead time refused",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("contract-lead-time-refused-1366x768").await;
    desk.fill("#f-leadDays", "200").await;
    desk.click_button("Save contract").await;
    let detail = desk
        .wait_for_text(".detail", "Renewal decision lead time")
        .await;
    assert!(detail.contains("200 days before the expiry"), "{detail}");
    desk.click_button("Edit").await;
    desk.wait_for("#f-leadDays").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while desk.value("#f-leadDays").await != "200" && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        desk.value("#f-leadDays").await,
        "200",
        "the form shows the contract's own lead time again"
    );
    desk.quit().await;

    let db = reopened(turn.data());
    let settings = coopdesk_core::due::store::settings(&db).unwrap();
    assert_eq!(settings.default_lead_days, 150);
    assert_eq!(settings.minimum_limits.len(), 1, "{settings:?}");
    assert_eq!(
        settings.minimum_limits[0].limit.to_string(),
        "1000000.00",
        "exact to the cent"
    );
    let staples = contract::all(&db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == "070924-SCC")
        .unwrap();
    assert_eq!(
        coopdesk_core::due::store::lead_time(&db, staples.id.unwrap()).unwrap(),
        Some(200),
        "saved with the contract"
    );
    let found = violations(found);
    assert!(found.is_empty(), "axe-core found:\n{found}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_calendar_file_is_updated_unasked_and_a_renewal_memo_opens_from_the_memos_list() {
    let turn = Turn::take(
        "the_calendar_file_is_updated_unasked_and_a_renewal_memo_opens_from_the_memos_list",
    )
    .await;
    let approval = library_past_80_percent(turn.data());
    let renewal_id = {
        let db = reopened(turn.data());
        coopdesk_core::renewal_memo::create(&db, approval, Local::now().naive_local()).unwrap()
    };
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    let by = desk.wait_for_text(".needs-action .due-by", "by").await;
    assert!(
        !by.chars().any(|c| c == '-'),
        "the day is in the clerk's words, not ISO: {by}"
    );
    assert!(by.contains(&Local::now().format("%Y").to_string()), "{by}");
    assert_eq!(
        desk.count("#due-update").await,
        0,
        "no file to update before the first export"
    );

    let ics = turn.data().join("due dates.ics");
    desk.click_button("Export to calendar…").await;
    desk.save_in_file_dialog("Export to calendar", &ics).await;
    desk.wait_for_text(".needs-action .due-said", "Exported")
        .await;
    assert!(ics.exists());
    std::fs::remove_file(&ics).unwrap();
    desk.click_button("Update calendar file").await;
    let said = desk
        .wait_for_text(".needs-action .due-said", "Updated")
        .await;
    assert!(said.contains("due dates.ics"), "names the file: {said}");
    let text = std::fs::read_to_string(&ics).expect("written again where it was, unasked");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    let focused = desk
        .script("return document.activeElement && document.activeElement.id")
        .await;
    assert_eq!(focused, "due-update", "the keyboard stays on the button");
    let mut found = vec![(
        "Needs action, calendar kept",
        desk.accessibility_violations().await,
    )];
    desk.screenshot("needs-action-calendar-kept-1366x768").await;

    // The renewal memo from the Memos list opens under its council action.
    desk.click_button("Memos").await;
    let row = desk.wait_for_text("table.memos", "Renewal memo").await;
    assert!(row.contains("in Spending"), "{row}");
    found.push((
        "Memos with a renewal memo",
        desk.accessibility_violations().await,
    ));
    desk.click(&format!(
        "button[aria-describedby='memo-{renewal_id}-kind']"
    ))
    .await;
    desk.wait_for_text(".renewal-memo", "Spending by fiscal year")
        .await;
    let focused = desk
        .script("return document.activeElement && document.activeElement.id")
        .await;
    assert_eq!(
        focused, "renewal-heading",
        "focus moves to the memo it opened"
    );

    // A certificate of insurance given for this council action, in its folded section.
    desk.click("#action-certificates-heading").await;
    desk.fill("#action-certificate-insurer", "Hartford Fire")
        .await;
    desk.choose("#action-certificate-kind", "generalLiability")
        .await;
    desk.fill("#action-certificate-limit", "1,000,000").await;
    desk.click("#action-certificate-record").await;
    let refused = desk
        .wait_for_text(
            ".approval-detail .certificates [role=status]",
            "Not recorded",
        )
        .await;
    assert!(refused.contains("Effective date"), "{refused}");
    desk.script(
        "for (const [id, v] of [['action-certificate-effective', '2026-07-01'], \
         ['action-certificate-expiry', '2027-07-01']]) { \
         const el = document.getElementById(id); el.value = v; \
         el.dispatchEvent(new Event('input', {bubbles: true})); }",
    )
    .await;
    desk.choose("#action-certificate-named", "yes").await;
    desk.click("#action-certificate-record").await;
    desk.wait_for_text(
        ".approval-detail .certificates [role=status]",
        "for this council action",
    )
    .await;
    let listed = desk
        .wait_for_text(".approval-detail .certificates ul", "Hartford Fire")
        .await;
    assert!(
        listed.contains("Given for this council action") && listed.contains("$1,000,000.00"),
        "{listed}"
    );
    found.push((
        "Spending, certificate recorded",
        desk.accessibility_violations().await,
    ));
    desk.script("document.getElementById('action-certificates-heading').scrollIntoView()")
        .await;
    desk.screenshot("spending-certificate-1366x768").await;
    desk.quit().await;

    let db = reopened(turn.data());
    let staples = contract::all(&db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == "070924-SCC")
        .unwrap();
    let certificates =
        coopdesk_core::insurance::store::certificates(&db, staples.id.unwrap()).unwrap();
    assert_eq!(certificates.len(), 1);
    assert_eq!(
        certificates[0].approval_id,
        Some(approval),
        "kept for the action"
    );
    let found = violations(found);
    assert!(found.is_empty(), "axe-core found:\n{found}");
}

/// The sample library with 70 more contracts, copies of Staples 070924-SCC numbered
/// E2E-01… and expiring one a day from next month, each watched ten years ahead: 70
/// renewal decisions and more need action, more than the panel's first page.
fn library_with_a_long_list(data_dir: &Path) -> usize {
    let now = Local::now().naive_local();
    let db = council::sample_library(data_dir, now);
    let staples = council::staples(&db);
    let copies: Vec<_> = (1..=70u64)
        .map(|n| contract::Contract {
            id: None,
            contract_number: format!("E2E-{n:02}"),
            expiry_date: now.date().checked_add_days(chrono::Days::new(30 + n)),
            ..staples.clone()
        })
        .collect();
    let ids = contract::insert_all(&db, &copies, now).unwrap();
    for id in &ids {
        coopdesk_core::due::store::set_lead_time(&db, *id, Some(3650)).unwrap();
    }
    coopdesk_core::due::store::due_list(&db, now.date())
        .unwrap()
        .items
        .len()
}

#[tokio::test(flavor = "current_thread")]
async fn a_long_list_shows_its_first_page_and_the_rest_by_keyboard() {
    let turn = Turn::take("a_long_list_shows_its_first_page_and_the_rest_by_keyboard").await;
    let due = library_with_a_long_list(turn.data());
    assert!(
        due > 50 && due <= 100,
        "{due} items: more than a page, at most two"
    );
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.wait_for_text(".needs-action h2", &format!("Needs action ({due})"))
        .await;
    assert_eq!(
        desk.count(".needs-action .due-item").await,
        50,
        "the first page only"
    );
    let badge = desk
        .wait_for_text(".sidebar .due-count", &due.to_string())
        .await;
    assert!(
        badge.contains(&due.to_string()),
        "the sidebar counts all: {badge}"
    );
    let more = desk.wait_for_text(".needs-action .due-more", "50 of").await;
    assert!(more.contains(&format!("Show {} more", due - 50)), "{more}");
    let mut found = vec![(
        "Needs action, first page",
        desk.accessibility_violations().await,
    )];
    desk.screenshot("needs-action-first-page-1366x768").await;

    // By keyboard: Tab to "Show more", Enter; the focus goes to the first new line.
    desk.press_until(coopdesk_e2e::keys::TAB, "el.id === 'due-more'", 400)
        .await;
    desk.type_keys(ENTER).await;
    for _ in 0..50 {
        if desk.count(".needs-action .due-item").await == due {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        desk.count(".needs-action .due-item").await,
        due,
        "every line now"
    );
    assert_eq!(desk.count("#due-more").await, 0, "nothing more to show");
    let focused = desk
        .script(
            "const el = document.activeElement;
             const lines = [...document.querySelectorAll('.due-items > li')];
             return lines.indexOf(el && el.closest('li'));",
        )
        .await;
    assert_eq!(
        focused, 50,
        "the keyboard is on the 51st line, the first new one"
    );
    found.push((
        "Needs action, all shown",
        desk.accessibility_violations().await,
    ));
    desk.quit().await;

    coopdesk_e2e::assert_axe_clean(found);
}
