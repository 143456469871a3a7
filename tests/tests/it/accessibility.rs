//! WCAG 2.1 A and AA in the real window: axe-core, injected through WebDriver, checks
//! every screen and dialog as a clerk reaches it — the Library with results and a
//! contract's detail, the delete confirmation, the export panel, the contract form, the
//! import plan, the Comparisons list and editor with results, the Memos list and editor,
//! Settings, and the damaged-library screen. A violation fails the test with the rule,
//! its impact and the elements that break it.

use coopdesk_e2e::Turn;

use crate::support::{damaged_library_with_a_backup, village_library};

/// Fails with every violation found, screen by screen.
fn assert_accessible(found: &[(&str, Vec<String>)]) {
    let failing: Vec<String> = found
        .iter()
        .filter(|(_, violations)| !violations.is_empty())
        .map(|(screen, violations)| format!("{screen}:\n  - {}", violations.join("\n  - ")))
        .collect();
    assert!(
        failing.is_empty(),
        "WCAG 2.1 A/AA violations (axe-core):\n{}",
        failing.join("\n")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn every_screen_and_dialog_meets_wcag_2_1_aa() {
    let turn = Turn::take("every_screen_and_dialog_meets_wcag_2_1_aa").await;
    village_library(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    let mut found = Vec::new();

    desk.wait_for("table.contracts tbody tr").await;
    // The checker itself works: a button with no name is caught, then taken away.
    desk.script(
        "const b = document.createElement('button'); b.id = 'axe-probe';
         document.querySelector('main').append(b); return true;",
    )
    .await;
    let probe = desk.accessibility_violations().await;
    assert!(
        probe
            .iter()
            .any(|v| v.starts_with("button-name") && v.contains("#axe-probe")),
        "axe-core runs and reports a nameless button: {probe:?}"
    );
    desk.script("document.getElementById('axe-probe').remove(); return true;")
        .await;
    found.push(("Library", desk.accessibility_violations().await));

    desk.click("table.contracts tbody tr td.number").await;
    desk.wait_for_text(".detail", "Edit").await;
    found.push((
        "Library with a contract's detail",
        desk.accessibility_violations().await,
    ));
    desk.click_button("Delete…").await;
    desk.wait_for(".confirm-slot button").await;
    found.push((
        "The delete confirmation",
        desk.accessibility_violations().await,
    ));
    desk.click_button("Keep it").await;

    desk.click_button("Export…").await;
    desk.wait_for_text(".export-panel", "Export to a file")
        .await;
    found.push(("The export panel", desk.accessibility_violations().await));
    desk.click_button("Export…").await;

    desk.click_button("Add contract").await;
    desk.wait_for("form").await;
    desk.click_button("Save contract").await;
    desk.wait_for("[role=alert]").await;
    found.push((
        "Contract form, with its errors shown",
        desk.accessibility_violations().await,
    ));
    desk.click_button("Cancel").await;

    // The import plan: one new row and one that cannot be imported.
    // Linux only: the system's file dialog is answered with xdotool (see `import.rs`).
    #[cfg(target_os = "linux")]
    {
        let files = tempfile::tempdir().unwrap();
        let csv = files.path().join("two rows.csv");
        std::fs::write(
            &csv,
            "cooperative,contractNumber,title,vendorName,expiryDate\n\
             Sourcewell,A11Y-1,Snowplow blades,Blade Works,2027-05-01\n\
             Sourcewell,A11Y-2,Salt spreaders,Spread Co,2026-02-30\n",
        )
        .unwrap();
        desk.click_button("Import…").await;
        desk.pick_in_file_dialog("Import contracts from", &csv)
            .await;
        desk.wait_for_text("main h1", "Import two rows.csv").await;
        found.push((
            "Import: column mapping",
            desk.accessibility_violations().await,
        ));
        desk.click_button("Check the file").await;
        desk.wait_for_text(".plan-counts", "new contracts").await;
        found.push(("Import: the plan", desk.accessibility_violations().await));
        desk.click_button("Cancel").await;
    }

    desk.click_button("Comparisons").await;
    desk.wait_for_text("table.comparisons", "Orange County")
        .await;
    found.push(("Comparisons", desk.accessibility_violations().await));
    desk.click("table.comparisons tbody button").await;
    desk.wait_for("figure.chart svg").await;
    found.push((
        "Comparison editor with results",
        desk.accessibility_violations().await,
    ));

    desk.click_button("Memos").await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    found.push(("Memos", desk.accessibility_violations().await));
    desk.click_button("Write memo").await;
    desk.wait_for_text(".memo-preview", "Staff recommends")
        .await;
    found.push((
        "Memo editor with its preview",
        desk.accessibility_violations().await,
    ));

    desk.click_button("Settings").await;
    desk.wait_for("form.settings").await;
    found.push(("Settings", desk.accessibility_violations().await));

    desk.quit().await;
    assert_accessible(&found);
}

#[tokio::test(flavor = "current_thread")]
async fn the_damaged_library_screen_meets_wcag_2_1_aa() {
    let turn = Turn::take("the_damaged_library_screen_meets_wcag_2_1_aa").await;
    damaged_library_with_a_backup(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.wait_for_text(".error-box", "The library file is damaged")
        .await;
    let found = vec![(
        "The damaged-library screen",
        desk.accessibility_violations().await,
    )];
    desk.quit().await;
    assert_accessible(&found);
}

/// In forced colours every state a colour showed still shows: each pair is the state
/// and its opposite, which must not draw the same.
const STATES_STILL_SHOW: &str = r#"
const forced = matchMedia('(forced-colors: active)').matches;
const look = (el) => {
  const s = getComputedStyle(el);
  return [s.backgroundColor, s.color, s.borderBottomColor, s.borderBottomWidth,
          s.borderBottomStyle, s.outlineStyle, s.outlineColor, s.outlineWidth].join(' ');
};
const pairs = [
  ['the section shown', '.nav[aria-current="page"]', '.nav:not([aria-current="page"])'],
  ['the status chip chosen', '.chip[aria-pressed="true"]', '.chip[aria-pressed="false"]'],
  ['the contract selected', 'table.contracts tbody tr[aria-selected="true"]',
   'table.contracts tbody tr:not([aria-selected="true"])'],
  ['the tab shown', '[role="tab"][aria-selected="true"]', '[role="tab"][aria-selected="false"]'],
];
const problems = [];
for (const [what, on, off] of pairs) {
  const a = document.querySelector(on);
  const b = document.querySelector(off);
  if (!a || !b) { problems.push(`${what}: not on the page (${on} / ${off})`); continue; }
  if (look(a) === look(b)) problems.push(`${what} looks the same as the others: ${look(a)}`);
}
return { forced, problems };
"#;

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "current_thread")]
async fn high_contrast_mode_still_shows_the_section_the_chip_the_row_and_the_tab() {
    let turn =
        Turn::take("high_contrast_mode_still_shows_the_section_the_chip_the_row_and_the_tab").await;
    village_library(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    desk.resize(1366, 700).await;
    desk.wait_for("table.contracts tbody tr").await;
    desk.click(".filters-toggle").await;
    desk.wait_for(".chip").await;
    // The rows shown before the chip is chosen are marked, to wait for the new ones.
    desk.script(
        "document.querySelectorAll('table.contracts tbody tr').forEach((tr) => tr.dataset.old = '1');
         return true;",
    )
    .await;
    // A status with several contracts, so that a row is selected among others.
    desk.script(
        "[...document.querySelectorAll('.chip')].find((c) => c.textContent.startsWith('Expiry unknown')).click();
         return true;",
    )
    .await;
    desk.wait_for(".chip[aria-pressed='true']").await;
    desk.wait_for("table.contracts tbody tr:not([data-old])")
        .await;
    desk.click("table.contracts tbody tr td.number").await;
    desk.wait_for("[role='tab'][aria-selected='true']").await;
    let verdict = match desk
        .in_forced_colours("high-contrast-library", STATES_STILL_SHOW)
        .await
    {
        Ok(verdict) => verdict,
        Err(why) => {
            coopdesk_e2e::skip_or_fail("high_contrast_mode", why);
            return;
        }
    };
    assert_eq!(
        verdict["forced"], true,
        "Chromium rendered in forced colours"
    );
    assert_eq!(
        verdict["problems"],
        serde_json::json!([]),
        "in Windows high-contrast mode"
    );
    desk.quit().await;
}
