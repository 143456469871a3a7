//! The real CoopDesk window, driven as a clerk would use it.

use coopdesk_e2e::Desk;

#[tokio::test(flavor = "current_thread")]
async fn the_library_shows_the_sample_contracts_on_first_start() {
    let Some((turn, desk)) =
        Desk::start("the_library_shows_the_sample_contracts_on_first_start").await
    else {
        return;
    };

    desk.wait_for("table.contracts tbody tr").await;
    let numbers = desk.texts("table.contracts tbody td.number").await;
    assert_eq!(
        numbers.len(),
        10,
        "the ten sample contracts are listed: {numbers:?}"
    );
    assert!(numbers.iter().any(|n| n == "091521-NAF"), "{numbers:?}");
    let note = desk.wait_for_text(".notice", "verify").await;
    assert!(
        note.contains("Sample contracts"),
        "the sample note is visible: {note}"
    );
    let status = desk.wait_for_text("#statusbar", "10 contracts").await;
    assert!(
        status.contains(&turn.data().display().to_string()),
        "the status bar says where the library is: {status}"
    );

    desk.click_button("Settings").await;
    desk.wait_for("form.settings").await;
    desk.click_button("Library").await;
    desk.wait_for("table.contracts tbody tr").await;
    desk.screenshot("library").await;
    desk.quit().await;
    assert!(
        turn.data().join("library.sqlite3").is_file(),
        "the library is a real SQLite file"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_setting_saved_in_the_window_survives_a_restart() {
    let Some((turn, desk)) = Desk::start("a_setting_saved_in_the_window_survives_a_restart").await
    else {
        return;
    };
    desk.click_button("Settings").await;
    desk.fill("#jurisdictionName", "Village of Peñasco").await;
    desk.click_button("Save settings").await;
    desk.wait_for_text("form.settings [role=status]", "Saved.")
        .await;
    desk.quit().await;

    let desk = turn.restart().await;
    desk.click_button("Settings").await;
    desk.wait_for("#jurisdictionName").await;
    assert_eq!(
        desk.value("#jurisdictionName").await,
        "Village of Peñasco",
        "the name typed before the restart is still there"
    );
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_change_order_threshold_saved_in_settings_survives_a_restart() {
    let Some((turn, desk)) =
        Desk::start("the_change_order_threshold_saved_in_settings_survives_a_restart").await
    else {
        return;
    };
    desk.click_button("Settings").await;
    desk.fill("[name=changeOrderPercent]", "10%").await;
    desk.fill("[name=changeOrderAmount]", "$25,000").await;
    desk.click_button("Save settings").await;
    desk.wait_for_text("form.settings [role=status]", "Saved.")
        .await;
    desk.quit().await;

    let desk = turn.restart().await;
    desk.click_button("Settings").await;
    desk.wait_for("[name=changeOrderPercent]").await;
    assert_eq!(
        (
            desk.value("[name=changeOrderPercent]").await,
            desk.value("[name=changeOrderAmount]").await
        ),
        ("10".to_owned(), "25000".to_owned()),
        "the threshold typed before the restart is kept, as exact numbers"
    );
    desk.script(
        "document.querySelector('[name=changeOrderAmount]').scrollIntoView({block: 'center'})",
    )
    .await;
    desk.screenshot("settings-change-orders").await;
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_screen_chosen_last_is_shown_even_when_an_earlier_one_loads_slower() {
    let Some((_turn, desk)) =
        Desk::start("the_screen_chosen_last_is_shown_even_when_an_earlier_one_loads_slower").await
    else {
        return;
    };
    desk.wait_for("table.contracts tbody tr").await;
    // Library then Comparisons, at once: the Library asks the core more before it draws,
    // so it is still loading when Comparisons draws. Ten times, as a race needs.
    for _ in 0..10 {
        desk.script(
            "document.querySelector('button.nav[data-screen=library]').click();
             document.querySelector('button.nav[data-screen=comparisons]').click();
             return true;",
        )
        .await;
        desk.wait_for("main h1").await;
        let shown = desk
            .script_async(
                "const done = arguments[arguments.length - 1];
                 // Long enough for both screens' questions to be answered.
                 setTimeout(() => done([
                   document.querySelector('button.nav[aria-current=page]').dataset.screen,
                   document.querySelector('main h1')?.textContent,
                   document.querySelectorAll('main h1').length,
                 ]), 500);",
            )
            .await;
        assert_eq!(
            shown,
            serde_json::json!(["comparisons", "Comparisons", 1]),
            "the section marked current is the screen shown, and only it"
        );
    }
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_window_opens_at_the_size_the_clerk_left_it() {
    let Some((turn, desk)) = Desk::start("the_window_opens_at_the_size_the_clerk_left_it").await
    else {
        return;
    };
    desk.wait_for("table.contracts tbody tr").await;
    desk.resize(1000, 640).await;
    // The size is written once the window has been still for a moment (a closed
    // session here ends the app without a normal exit, as a power cut would).
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    desk.quit().await;

    let desk = turn.restart().await;
    desk.wait_for("table.contracts tbody tr").await;
    let size = desk
        .script("return [window.innerWidth, window.innerHeight];")
        .await;
    assert_eq!(
        size,
        serde_json::json!([1000, 640]),
        "the window opens at the size it was closed at"
    );
    desk.quit().await;
}

/// The window's size is saved once it has been still for a moment (0.6 s); a resize
/// arriving while that save ran once froze the app for good (the save held the window
/// plugin's lock while waiting on the main thread, which waited on the lock). Resized
/// again and again around that moment, the window keeps answering.
#[tokio::test(flavor = "current_thread")]
async fn a_window_resized_again_and_again_keeps_answering() {
    let Some((_turn, desk)) = Desk::start("a_window_resized_again_and_again_keeps_answering").await
    else {
        return;
    };
    desk.wait_for("table.contracts tbody tr").await;
    for round in 0..24u32 {
        let width = if round % 2 == 0 { 1100 } else { 1180 };
        desk.resize(width, 700).await;
        // Around the moment the save runs: a little before, at, and after it.
        let pause = 560 + u64::from(round % 6) * 20;
        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
    }
    desk.resize(1366, 700).await;
    desk.click_button("Settings").await;
    desk.wait_for("form.settings").await;
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn leaving_settings_with_edits_not_saved_asks_first_and_keeps_them_on_cancel() {
    let Some((_turn, desk)) =
        Desk::start("leaving_settings_with_edits_not_saved_asks_first_and_keeps_them_on_cancel")
            .await
    else {
        return;
    };
    desk.wait_for("table.contracts tbody tr").await;
    desk.click_button("Settings").await;
    desk.wait_for("form.settings").await;
    desk.fill("#jurisdictionName", "Village of Peñasco").await;

    // Leaving asks; "Cancel" stays, with the text typed.
    desk.click_button("Library").await;
    desk.wait_for_text("dialog.confirm", "Leave without saving?")
        .await;
    desk.click_button("Cancel").await;
    assert_eq!(
        desk.value("#jurisdictionName").await,
        "Village of Peñasco",
        "the edit is still there"
    );

    // Saved, it leaves without asking.
    desk.click_button("Save settings").await;
    desk.wait_for_text("form.settings", "Saved.").await;
    desk.click_button("Library").await;
    desk.wait_for("table.contracts tbody tr").await;
    assert_eq!(desk.count("dialog.confirm[open]").await, 0);

    // Edited again and left on purpose: the edit is dropped, as the clerk chose.
    desk.click_button("Settings").await;
    desk.wait_for("form.settings").await;
    desk.fill("#jurisdictionName", "Something else").await;
    desk.click_button("Library").await;
    desk.wait_for_text("dialog.confirm", "Leave without saving?")
        .await;
    desk.click_button("Leave without saving").await;
    desk.wait_for("table.contracts tbody tr").await;
    desk.click_button("Settings").await;
    desk.wait_for("form.settings").await;
    assert_eq!(
        desk.value("#jurisdictionName").await,
        "Village of Peñasco",
        "the saved name, not the one left behind"
    );
    desk.quit().await;
}
