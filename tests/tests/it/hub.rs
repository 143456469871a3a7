//! The shared library in the real window: two CoopDesk windows on one machine, each on
//! its own data folder, join the PostgreSQL hub that `.ci/postgres` starts (CI sources it
//! before the tests) through Settings → Shared library, and each sees the other's new
//! contract after a sync.
//!
//! Both windows are open at once, each with its own driver (and, without a `DISPLAY`, its
//! own Xvfb). They share one login of one office, as the clerk and the deputy clerk
//! would share their jurisdiction's; the password goes to the test-only store
//! `.ci/postgres` names (`COOPDESK_TEST_ONLY_PLAIN_PASSWORDS_DIR`), which the app
//! inherits. Without the server the test says why and passes, unless `CI` is set.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use coopdesk_core::db::Database;
use coopdesk_core::hub::admin::{self, NewMember};
use coopdesk_core::hub::{self, HubAddress};
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_e2e::{skip_or_fail, Desk, Turn, Unavailable};

/// A hub of its own on the test server, set up by `hub init`, with one member; and the
/// CA file that signed the server's certificate.
fn a_hub_with_one_office() -> Result<(NewMember, PathBuf), Unavailable> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                Unavailable(format!(
                    "no PostgreSQL hub ({name} is not set): run through .ci/postgres \
                     (`.ci/postgres cargo test --workspace -- hub`)"
                ))
            })
    };
    let admin_url = var("COOPDESK_TEST_HUB_ADMIN_URL")?;
    let password = var("COOPDESK_TEST_HUB_ADMIN_PASSWORD")?;
    let ca = PathBuf::from(var("COOPDESK_TEST_HUB_CA")?);
    var("COOPDESK_TEST_ONLY_PLAIN_PASSWORDS_DIR")?;
    let server = HubAddress::parse(&admin_url, Some(&ca)).unwrap();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let database = format!("hub_e2e_{}_{nanos}", std::process::id());
    admin::connect_as(&server, &password)
        .unwrap_or_else(|e| panic!("the test server answers: {e}"))
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .unwrap();
    let url = format!(
        "postgresql://{}@{}:{}/{database}",
        server.user(),
        server.host(),
        server.port()
    );
    let hub = HubAddress::parse(&url, Some(&ca)).unwrap();
    admin::init(&hub, &password).unwrap_or_else(|e| panic!("hub init: {e}"));
    let office = admin::add_member(&hub, &password, "Village of Peñasco", "office-password-1")
        .unwrap_or_else(|e| panic!("hub add-member: {e}"));
    Ok((office, ca))
}

/// In Settings → Shared library: the address, the password, the CA file chosen in the
/// system dialog, Join; then the first sync, which the app runs by itself.
async fn join(desk: &Desk, office: &NewMember, ca: &std::path::Path) {
    desk.click_button("Settings").await;
    desk.wait_for("#hub-address").await;
    desk.fill("#hub-address", &office.address).await;
    desk.fill("#hub-password", &office.password).await;
    desk.click_button("Choose CA file…").await;
    desk.pick_in_file_dialog("Choose the hub's CA file", ca)
        .await;
    desk.wait_for_text(".shared-library", "Trusting ca.pem")
        .await;
    desk.click_button("Join the hub").await;
    desk.wait_for_text(".shared-library", "as Village of Peñasco")
        .await;
    // The first sync follows the join by itself, and the status bar says so.
    desk.wait_for_text("#hub-status", "Synced").await;
}

/// The Library's form: a new contract.
async fn add_contract(desk: &Desk, number: &str, title: &str) {
    desk.click_button("Library").await;
    desk.click_button("Add contract").await;
    desk.fill("#f-cooperative", "Sourcewell").await;
    desk.fill("#f-contractNumber", number).await;
    desk.fill("#f-title", title).await;
    desk.fill("#f-vendorName", "Plowco Inc.").await;
    desk.click_button("Save contract").await;
    desk.wait_for_text(".detail h2", number).await;
}

/// Settings → Shared library → Sync now, until it says it synced.
async fn sync_now(desk: &Desk) {
    desk.click_button("Settings").await;
    desk.wait_for_text(".shared-library", "Sync now").await;
    desk.click_button("Sync now").await;
    desk.wait_for_text(".hub-notice", "Synced.").await;
}

/// The Library, searched for `number`: the contract's row.
async fn find(desk: &Desk, number: &str) -> String {
    desk.click_button("Library").await;
    desk.fill("#library-search", number).await;
    desk.wait_for_text("table.contracts tbody", number).await
}

#[tokio::test(flavor = "current_thread")]
async fn two_windows_joined_to_one_hub_see_each_others_new_contract_after_a_sync() {
    let test = "two_windows_joined_to_one_hub_see_each_others_new_contract_after_a_sync";
    let turn = Turn::take(test).await;
    // The postgres client blocks: off the test's async runtime.
    let (office, ca) = match std::thread::spawn(a_hub_with_one_office).join().unwrap() {
        Ok(hub) => hub,
        Err(why) => return skip_or_fail(test, why),
    };
    let Some(clerk) = turn.start().await else {
        return;
    };
    let deputy_folder = tempfile::tempdir().unwrap();
    let deputy = Desk::launch(deputy_folder.path())
        .await
        .expect("a second window starts beside the first, on its own data folder");

    join(&clerk, &office, &ca).await;
    join(&deputy, &office, &ca).await;
    clerk.resize(1366, 768).await;
    let section = clerk
        .wait_for_text(".shared-library", "Waiting to be shared")
        .await;
    assert!(
        section.contains("Contracts (with their facts, notes, price lists and documents)")
            && section.contains("Due-diligence checklists")
            && section.contains("Memos (drafts, and printed versions as printed)"),
        "the section says what is shared: {section}"
    );
    let violations = clerk.accessibility_violations().await;
    assert!(
        violations.is_empty(),
        "Settings with a joined shared library meets WCAG 2.1 AA: {violations:?}"
    );
    clerk
        .script("document.querySelector('.shared-library').scrollIntoView(); return true;")
        .await;
    clerk.screenshot("hub-settings-joined-1366x768").await;

    add_contract(&clerk, "SW-PLOW-1", "Snow plows from the clerk").await;
    sync_now(&clerk).await;
    sync_now(&deputy).await;
    let row = find(&deputy, "SW-PLOW-1").await;
    assert!(
        row.contains("Snow plows from the clerk"),
        "the deputy's window shows the clerk's new contract: {row}"
    );

    add_contract(&deputy, "SW-SALT-2", "Road salt from the deputy").await;
    sync_now(&deputy).await;
    sync_now(&clerk).await;
    let row = find(&clerk, "SW-SALT-2").await;
    assert!(
        row.contains("Road salt from the deputy"),
        "the clerk's window shows the deputy's new contract: {row}"
    );
    let status = clerk.wait_for_text("#hub-status", "Synced").await;
    assert!(
        status.contains("just now") || status.contains("min ago"),
        "the status bar says when: {status}"
    );
    clerk.screenshot("hub-two-windows-clerk").await;

    // Leaving keeps every contract.
    clerk.click_button("Settings").await;
    clerk.click_button("Leave…").await;
    clerk.click_button("Leave the shared library").await;
    clerk
        .wait_for_text(".hub-notice", "Every contract is still here")
        .await;
    assert!(
        clerk
            .script("return document.getElementById('hub-status').hidden;")
            .await
            == true,
        "the status bar says nothing of sharing once the library left"
    );
    find(&clerk, "SW-SALT-2").await;

    deputy.quit().await;
    clerk.quit().await;
}

/// A laptop's library in `dir`, joined to the hub as `office` and synced.
fn joined_library(dir: &std::path::Path, office: &NewMember, ca: &std::path::Path) -> Database {
    let now = NaiveDate::from_ymd_opt(2026, 12, 7)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let options = OpenOptions {
        now,
        seed_sample: true,
    };
    let (db, _) = opening::open(dir, options).unwrap();
    let address = HubAddress::parse(&office.address, Some(ca)).unwrap();
    hub::join(&db, &address, &office.password, now).unwrap();
    hub::sync(&db, now).unwrap();
    db
}

/// Gives the sample contract 070924-SCC `title` in `db`.
fn retitle(db: &Database, title: &str) {
    let mut scc = contract::all(db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == "070924-SCC")
        .unwrap();
    scc.title = title.into();
    let now = NaiveDate::from_ymd_opt(2026, 12, 7)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    contract::update(db, &scc, now).unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn the_same_field_changed_on_two_laptops_is_settled_field_by_field_in_settings() {
    let test = "the_same_field_changed_on_two_laptops_is_settled_field_by_field_in_settings";
    let turn = Turn::take(test).await;
    // The postgres client blocks: off the test's async runtime.
    let (office, ca) = match std::thread::spawn(a_hub_with_one_office).join().unwrap() {
        Ok(hub) => hub,
        Err(why) => return skip_or_fail(test, why),
    };
    // The deputy retitles the contract and shares it; the clerk, offline meanwhile,
    // retitled it too: the clerk's next sync finds the conflict.
    let deputy_folder = tempfile::tempdir().unwrap();
    let (deputy_dir, clerk_dir) = (deputy_folder.path().to_owned(), turn.data().to_owned());
    std::thread::spawn(move || {
        let deputy = joined_library(&deputy_dir, &office, &ca);
        let clerk = joined_library(&clerk_dir, &office, &ca);
        retitle(&deputy, "Fleet telematics (the deputy's title)");
        hub::sync(&deputy, chrono::Local::now().naive_local()).unwrap();
        retitle(&clerk, "Fleet telematics (the clerk's title)");
        let report = hub::sync(&clerk, chrono::Local::now().naive_local()).unwrap();
        assert_eq!(
            report.conflicts.len(),
            1,
            "the clerk's sync finds the conflict"
        );
    })
    .join()
    .unwrap();

    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.wait_for_text("#hub-status", "1 conflict to settle")
        .await;
    desk.click_button("Settings").await;
    let plan = desk
        .wait_for_text(".hub-conflicts", "changed both here and on the hub")
        .await;
    assert!(
        plan.contains("Fleet telematics (the clerk's title)")
            && plan.contains("Fleet telematics (the deputy's title)"),
        "the plan shows both titles: {plan}"
    );
    let violations = desk.accessibility_violations().await;
    assert!(
        violations.is_empty(),
        "the conflicts' plan meets WCAG 2.1 AA: {violations:?}"
    );
    desk.script("document.querySelector('.shared-library').scrollIntoView(); return true;")
        .await;
    desk.screenshot("hub-conflict-plan-1366x768").await;

    // Theirs for the title, then Settle.
    desk.click(".hub-conflict input[value=takeTheirs]").await;
    desk.click_button("Settle").await;
    desk.wait_for_text(".hub-notice", "Settled").await;
    assert_eq!(
        desk.count(".hub-conflict").await,
        0,
        "nothing is left to settle"
    );
    desk.click_button("Library").await;
    desk.fill("#library-search", "070924-SCC").await;
    desk.wait_for_text("table.contracts tbody", "the deputy's title")
        .await;
    desk.quit().await;
}
