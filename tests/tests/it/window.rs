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
