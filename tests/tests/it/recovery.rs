//! A damaged library, met in the real window: the clerk is told, offered the newest good
//! backup, and finds the library back — with the damaged file kept aside.

use coopdesk_e2e::Turn;

use crate::support::{damaged_library_with_a_backup, library_damaged_inside_with_a_backup};

#[tokio::test(flavor = "current_thread")]
async fn a_damaged_library_is_restored_from_the_latest_good_backup_and_kept_aside() {
    let turn =
        Turn::take("a_damaged_library_is_restored_from_the_latest_good_backup_and_kept_aside")
            .await;
    let bytes = damaged_library_with_a_backup(turn.data());

    let Some(desk) = turn.start().await else {
        return;
    };
    desk.wait_for_text(".error-box", "The library file is damaged")
        .await;
    desk.click_button("Restore the latest good backup").await;
    let said = desk.wait_for_text("main", "The library was restored").await;
    assert!(said.contains("library.damaged-"), "{said}");
    desk.click_button("Open the library").await;
    desk.wait_for_text("main", "091521-NAF").await;
    desk.quit().await;

    let kept: Vec<_> = std::fs::read_dir(turn.data())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // The damaged database itself, not its -wal or -shm companions.
            name.starts_with("library.damaged-") && name.ends_with(".sqlite3")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside");
    let kept_bytes = std::fs::read(kept[0].path()).unwrap();
    assert!(
        kept_bytes == bytes,
        "the damaged file is kept exactly as it was ({} bytes kept, {} damaged)",
        kept_bytes.len(),
        bytes.len()
    );
}

/// The window shows a library at once and checks it beside; damage deep inside the file
/// is found by that check, the recovery screen replaces the library, and nothing was
/// written to the damaged file nor to its backups meanwhile.
#[tokio::test(flavor = "current_thread")]
async fn damage_found_after_the_window_opened_brings_the_recovery_screen_and_writes_nothing() {
    let turn = Turn::take(
        "damage_found_after_the_window_opened_brings_the_recovery_screen_and_writes_nothing",
    )
    .await;
    let bytes = library_damaged_inside_with_a_backup(turn.data());
    let backups = |dir: &std::path::Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir.join("backups"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        names.sort();
        names
    };
    let backups_before = backups(turn.data());

    let Some(desk) = turn.start().await else {
        return;
    };
    desk.wait_for_text(".error-box", "The library file is damaged")
        .await;
    desk.quit().await;
    assert!(
        std::fs::read(turn.data().join("library.sqlite3")).unwrap() == bytes,
        "the damaged file is as it was: nothing was written to it"
    );
    assert_eq!(
        backups(turn.data()),
        backups_before,
        "no backup of the damaged file was taken (it would push a good one out)"
    );
}
