//! The Memos screen, driven as a clerk would: write a memo from a saved comparison, edit
//! its recommendation, print it, and read the printed PDF the way a council member's
//! reader does (`pdftotext`).

// Linux only: "Open to print" is followed by a stand-in `xdg-open` on PATH that records
// which PDF the app asked the system to open. Windows opens files through the shell API,
// which a test cannot intercept that way; printing itself is tested in the core's suite.
#![cfg(target_os = "linux")]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use coopdesk_core::tco::{self, format_dollars};
use coopdesk_e2e::Turn;

use crate::support::{village_library, OPTION};

/// A folder holding an `xdg-open` that writes down what it was asked to open instead of
/// opening a viewer, put first on the app's `PATH`.
fn recording_opener(dir: &Path) -> (OsString, PathBuf) {
    let log = dir.join("opened.txt");
    let script = dir.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut path = OsString::from(dir);
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    (path, log)
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_memo_written_in_the_window_prints_the_clerks_words_and_the_engines_figures() {
    let turn =
        Turn::take("a_memo_written_in_the_window_prints_the_clerks_words_and_the_engines_figures")
            .await;
    let bin = tempfile::tempdir().unwrap();
    let comparison = village_library(turn.data());
    let results = tco::compare(&comparison).unwrap();
    let option = results.options.iter().find(|o| o.name == OPTION).unwrap();
    let (path, opened) = recording_opener(bin.path());
    let Some(desk) = turn.start_with_env(&[("PATH", path)]).await else {
        return;
    };

    desk.click_button("Memos").await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    desk.click_button("Write memo").await;
    let preview = desk
        .wait_for_text(".memo-preview", "Staff recommends that the governing body")
        .await;
    assert!(preview.contains("Village of Peñasco"), "{preview}");
    assert!(preview.contains("091521-NAF"), "{preview}");
    assert!(
        preview.contains(&format_dollars(option.present_value)),
        "the preview shows the engine's present value: {preview}"
    );

    // The clerk rewrites the motion in the council's own words.
    desk.fill(
        "#memo-section-recommendation",
        "Staff recommends that the Village Council:\n\na. Approve hosted maintenance from Señor Ñandú’s fleet group;\nb. Authorize the Village Administrator to sign.",
    )
    .await;
    desk.wait_for_text(".save-state", "Saved").await;
    desk.wait_for_text(".memo-preview", "Señor Ñandú’s fleet group")
        .await;
    desk.wait_for_text("[data-field='recommendation'] .badge", "Edited")
        .await;

    // "Open to print" prints version 1 and hands the file to the system viewer, once the
    // clerk has confirmed printing a memo whose contract's term has ended and has said the
    // gaps left in it (no budget account yet) may print.
    desk.click_button("Open to print").await;
    desk.click_button("Print anyway").await;
    desk.wait_for_text("dialog.confirm", "[budget account]")
        .await;
    desk.click_button("Print as it is").await;
    desk.wait_for_text(".version-line", "printed").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let printed = loop {
        if let Ok(text) = std::fs::read_to_string(&opened) {
            if let Some(line) = text.lines().next() {
                break PathBuf::from(line);
            }
        }
        assert!(
            Instant::now() < deadline,
            "the app never asked the system to open the PDF"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        printed.starts_with(turn.data().join("printed")),
        "the printed copy is written inside the library folder: {}",
        printed.display()
    );
    assert!(printed.to_string_lossy().ends_with(" v1.pdf"));
    let text = pdf_text(&printed);
    for expected in [
        "Village of Peñasco",
        "Señor Ñandú’s fleet group",
        "Authorize the Village Administrator to sign.",
        "091521-NAF",
        &format_dollars(option.present_value),
        &format_dollars(option.nominal_total),
        &format_dollars(results.options[0].present_value),
    ] {
        assert!(
            text.contains(expected),
            "the PDF holds {expected:?}:\n{text}"
        );
    }
    assert!(
        !text.contains("Find that Sourcewell contract"),
        "the composed motion was replaced by the clerk's"
    );

    // The printed version stays as printed: the next edit starts version 2.
    desk.fill("#memo-agendaItem", "Consent item 7.B").await;
    desk.wait_for_text(".version-line", "Version 2 · draft")
        .await;
    desk.click_button("← Memos").await;
    let list = desk.wait_for_text("table.memos", "Draft").await;
    assert!(
        list.contains("Purchase of Published multi-year agreement"),
        "the subject names what is bought (the comparison's description): {list}"
    );
    desk.screenshot("memos-list").await;
    desk.quit().await;
}

/// The PDF the recording `xdg-open` was asked to open, once it has been.
async fn opened_pdf(opened: &Path) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(text) = std::fs::read_to_string(opened) {
            if let Some(line) = text.lines().next() {
                return PathBuf::from(line);
            }
        }
        assert!(
            Instant::now() < deadline,
            "the app never asked the system to open the PDF"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_gaps_left_in_a_memo_are_listed_before_it_prints_and_the_clerk_fills_or_keeps_them() {
    let turn = Turn::take(
        "the_gaps_left_in_a_memo_are_listed_before_it_prints_and_the_clerk_fills_or_keeps_them",
    )
    .await;
    let bin = tempfile::tempdir().unwrap();
    village_library(turn.data());
    let (path, opened) = recording_opener(bin.path());
    let Some(desk) = turn.start_with_env(&[("PATH", path)]).await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Memos").await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    desk.click_button("Write memo").await;
    desk.wait_for_text(".memo-preview", "[budget account]")
        .await;

    // What is bought is the memo's own field, and the motion is built from it.
    assert!(
        desk.value("#memo-purchase")
            .await
            .starts_with("Published multi-year agreement"),
        "prefilled from the comparison's \"what is being bought\""
    );
    desk.fill("#memo-purchase", "hosted permitting maintenance")
        .await;
    desk.wait_for_text(
        ".memo-preview",
        "Approve the purchase of hosted permitting maintenance from",
    )
    .await;
    // Beside the not-to-exceed: how it was made, from the lines paid to the vendor.
    let basis = desk
        .wait_for_text("#memo-amount-basis", "Flat annual price")
        .await;
    assert!(basis.contains("720,000.00"), "{basis}");
    desk.script("document.getElementById('memo-amount-basis').scrollIntoView(); return true;")
        .await;
    desk.screenshot("memo-amount-basis").await;

    // Printing first lists what is left to fill in; going back prints nothing.
    desk.click_button("Open to print").await;
    desk.click_button("Print anyway").await;
    let gaps = desk
        .wait_for_text("dialog.confirm", "[budget account]")
        .await;
    assert!(gaps.contains("Budget account: Not recorded"), "{gaps}");
    assert!(gaps.contains("[funding source]"), "{gaps}");
    let violations = desk.accessibility_violations().await;
    assert!(
        violations.is_empty(),
        "the list of gaps meets WCAG 2.1 AA: {violations:#?}"
    );
    desk.screenshot("memo-gaps-before-print").await;
    desk.click_button("Go back and fill them in").await;
    assert_eq!(desk.count("dialog.confirm").await, 0);
    desk.wait_for_text(".version-line", "Version 1 · draft")
        .await;
    assert!(
        !opened.exists(),
        "going back to fill the gaps prints nothing"
    );

    // Filled in, they are no longer listed; what the library lacks may print as it is.
    desk.fill("#memo-budgetAccount", "101-4100-5300").await;
    desk.fill("#memo-fundingSource", "General Fund").await;
    desk.wait_for_text(".save-state", "Saved").await;
    desk.wait_for_text(".memo-preview", "charged to account 101-4100-5300")
        .await;
    desk.click_button("Open to print").await;
    desk.click_button("Print anyway").await;
    let gaps = desk.wait_for_text("dialog.confirm", "Not recorded").await;
    assert!(
        !gaps.contains("[budget account]") && !gaps.contains("Funding source"),
        "{gaps}"
    );
    desk.click_button("Print as it is").await;
    desk.wait_for_text(".version-line", "printed").await;
    let text = pdf_text(&opened_pdf(&opened).await);
    for expected in [
        "hosted permitting maintenance",
        "101-4100-5300",
        "General Fund",
    ] {
        assert!(
            text.contains(expected),
            "the PDF holds {expected:?}:\n{text}"
        );
    }
    desk.quit().await;
}

/// 091521-NAF expired on November 8, 2025, with one one-year option (run out on
/// November 8, 2026), and its facts were never verified with the cooperative: the
/// comparison and the memo say so where the clerk writes, and printing asks first.
#[tokio::test(flavor = "current_thread")]
async fn a_memo_on_a_contract_whose_term_ended_warns_and_asks_before_printing() {
    let turn =
        Turn::take("a_memo_on_a_contract_whose_term_ended_warns_and_asks_before_printing").await;
    let bin = tempfile::tempdir().unwrap();
    village_library(turn.data());
    let (path, opened) = recording_opener(bin.path());
    let Some(desk) = turn.start_with_env(&[("PATH", path)]).await else {
        return;
    };
    let ended = "ended on November 8, 2025; its renewal options reach only November 8, 2026";

    // The comparison that buys through it.
    desk.click_button("Comparisons").await;
    desk.wait_for_text("table.comparisons", "Software maintenance renewal")
        .await;
    desk.click_button("Software maintenance renewal (Orange County NC, FY2022-FY2025, TCO-04)")
        .await;
    desk.wait_for_text(".comparison-editor [role='alert'].term-warning", ended)
        .await;
    desk.screenshot("comparison-term-warning").await;

    // The memo.
    desk.click_button("Memos").await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    desk.click_button("Write memo").await;
    let warning = desk
        .wait_for_text("[role='alert'].term-warning", ended)
        .await;
    assert!(
        warning.contains("have not been verified with the cooperative"),
        "{warning}"
    );
    desk.wait_for_text(".memo-preview", ended).await;
    let violations = desk.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    desk.screenshot("memo-term-warning").await;

    // Printing asks first; "Cancel" prints nothing.
    desk.click_button("Open to print").await;
    let question = desk.wait_for_text("dialog.confirm", "Print anyway?").await;
    assert!(question.contains(ended), "{question}");
    desk.screenshot("memo-print-confirmation").await;
    desk.click_button("Cancel").await;
    desk.wait_for_text(".save-state", "Not printed.").await;
    assert!(
        !std::fs::read_to_string(&opened).is_ok_and(|text| !text.is_empty()),
        "nothing was printed"
    );
    assert!(desk
        .texts(".version-line")
        .await
        .iter()
        .all(|line| !line.contains("printed")));

    // "Verified today with the cooperative" records it in one click: the staleness goes,
    // the ended term stays.
    desk.click_button("Verified today with the cooperative")
        .await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let shown = desk.texts(".term-warning").await.join(" ");
        if !shown.contains("have not been verified") {
            assert!(shown.contains(ended), "{shown}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the warning still says the facts were not verified: {shown}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    desk.wait_for_text(".changes", "Update the memo from the library")
        .await;

    desk.click_button("Open to print").await;
    desk.click_button("Print anyway").await;
    // Then the gaps left in the text, asked about after the term.
    desk.wait_for_text("dialog.confirm", "[budget account]")
        .await;
    desk.click_button("Print as it is").await;
    desk.wait_for_text(".version-line", "printed").await;
    desk.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_councils_action_is_recorded_on_the_printed_memo_and_shows_in_spending() {
    let turn =
        Turn::take("the_councils_action_is_recorded_on_the_printed_memo_and_shows_in_spending")
            .await;
    let bin = tempfile::tempdir().unwrap();
    village_library(turn.data());
    let (path, opened) = recording_opener(bin.path());
    let Some(desk) = turn.start_with_env(&[("PATH", path)]).await else {
        return;
    };
    desk.resize(1366, 768).await;
    desk.click_button("Memos").await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    desk.click_button("Write memo").await;
    desk.wait_for_text(".memo-preview", "Staff recommends that the governing body")
        .await;
    assert_eq!(
        desk.count(".council-action").await,
        0,
        "a draft was never shown to the council: nothing to record yet"
    );

    desk.click_button("Open to print").await;
    desk.click_button("Print anyway").await;
    desk.click_button("Print as it is").await;
    desk.wait_for_text(".version-line", "printed").await;
    opened_pdf(&opened).await;

    // The form is prefilled from what the memo printed.
    desk.wait_for_text(".council-action", "Record the council’s action")
        .await;
    let amount = desk.value("#memo-amount").await;
    assert!(
        amount.starts_with('$') && amount != "$0.00",
        "the memo has an amount: {amount:?}"
    );
    assert_eq!(desk.value("#council-notToExceed").await, amount);
    let mut found = vec![(
        "Memo with the council's form",
        desk.accessibility_violations().await,
    )];

    // A meeting that has not happened yet is refused with the core's sentence, under its box.
    desk.fill("#council-meetingDate", "1/12/2099").await;
    desk.fill("#council-actionNumber", "Resolution 2026-31")
        .await;
    desk.click_button("Record the action").await;
    let problem = desk
        .wait_for_text(
            "[data-field='council-meetingDate'] .field-error",
            "is in the future",
        )
        .await;
    assert!(problem.starts_with("Meeting date:"), "{problem}");
    found.push((
        "Memo with the council's form showing a problem",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("memo-council-problem-1366x768").await;

    desk.fill("#council-meetingDate", "12/1/2026").await;
    desk.fill(
        "#council-conditions",
        "Insurance certificate on file before the first order.",
    )
    .await;
    desk.click_button("Record the action").await;
    let recorded = desk
        .wait_for_text(".council-actions", "Resolution 2026-31")
        .await;
    assert!(
        recorded.contains("Approved at the meeting of Dec 1, 2026")
            && recorded.contains(&format!("not to exceed {amount}"))
            && recorded.contains("memo version 1"),
        "the memo shows its approval: {recorded}"
    );
    assert_eq!(
        desk.count(".council-record").await,
        0,
        "an approved memo offers no second approval"
    );
    let history = desk.wait_for_text(".version-line", "approved").await;
    assert!(
        history.contains("approved by the council Dec 1, 2026 (Resolution 2026-31)"),
        "{history}"
    );
    found.push((
        "Memo with the council's action",
        desk.accessibility_violations().await,
    ));
    desk.screenshot("memo-council-recorded-1366x768").await;

    desk.click_button("Open in Spending").await;
    let detail = desk
        .wait_for_text(".approval-detail", "Resolution 2026-31")
        .await;
    assert!(detail.contains("Approved"), "{detail}");
    let row = desk
        .wait_for_text("table.approvals tr.selected", "Resolution 2026-31")
        .await;
    assert!(row.contains("091521-NAF"), "{row}");
    assert_eq!(
        row.matches(amount.as_str()).count(),
        2,
        "authorised and remaining are the memo's amount, nothing yet committed: {row}"
    );
    assert!(row.contains("$0.00"), "{row}");
    // The variance against the comparison the printed memo froze: the engine's
    // projection per fiscal year, nothing invoiced yet, so every year is 100 % under.
    let variance = desk
        .wait_for_text(".variance", "Projected and invoiced, by fiscal year")
        .await;
    assert!(
        variance.contains("as memo") && variance.contains("version 1 showed the council"),
        "{variance}"
    );
    assert!(variance.contains("−100.00 %"), "{variance}");
    found.push((
        "Spending opened from the memo",
        desk.accessibility_violations().await,
    ));
    desk.quit().await;

    coopdesk_e2e::assert_axe_clean(found);
}
