//! The Comparisons screen, driven as a clerk would: enter a purchase's options and costs,
//! read the figures the core calculates, save, and find them again after a restart.

use coopdesk_e2e::Desk;
use coopdesk_e2e::Turn;

use crate::support::village_library;

/// The figures for the comparison entered below, worked out by hand (3 years at 10 %,
/// costs at the end of each year; year 1 is FY2027):
///
/// - Baseline "Keep the current system": support 10,000 a year, years 1–3. Present value
///   10,000 × (1/1.1 + 1/1.21 + 1/1.331) = 9,090.909 + 8,264.463 + 7,513.148 = 24,868.52.
/// - "Cooperative": 12,000 up front + 4,000 a year. PV 12,000 + 4,000 × 2.486852 =
///   21,947.41, which is 2,921.11 less than the baseline. Cumulative PV 12,000.00,
///   15,636.36, 18,942.15, 21,947.41 against 0, 9,090.91, 17,355.37, 24,868.52: even at
///   the end of year 3 (FY2029). In dollars spent 12,000 / 16,000 / 20,000 against 0 /
///   10,000 / 20,000: even at the end of year 2 (FY2028).
/// - "Own RFP": 9,000 a year but starting 6 months late (the template's delay): half of
///   each year falls in the next one, the last half after the horizon, and the baseline's
///   first half-year (5,000) is paid while waiting: 9,500 / 9,000 / 9,000, PV 22,836.21.
const CHEAPEST: &str = "Cooperative is the cheapest in present value: $21,947.41, $2,921.11 less";
const BREAK_EVEN: &str =
    "It breaks even in year 3 (FY2029) in present value, year 2 (FY2028) in dollars spent.";

#[tokio::test(flavor = "current_thread")]
async fn a_comparison_built_in_the_window_shows_the_core_figures_and_survives_a_restart() {
    let test = "a_comparison_built_in_the_window_shows_the_core_figures_and_survives_a_restart";
    let Some((turn, desk)) = Desk::start(test).await else {
        return;
    };

    desk.click_button("Comparisons").await;
    desk.wait_for_text("main .empty", "Start with “New comparison”")
        .await;
    desk.click_button("New comparison").await;

    desk.fill("#cmp-title", "Permit software").await;
    desk.fill("#cmp-horizon", "3").await;
    desk.fill("#cmp-fy", "2027").await;
    desk.fill("#cmp-rate", "10").await;
    desk.fill("#o1-name", "Cooperative").await;
    desk.fill("#o2-name", "Own RFP").await;

    // The cooperative option buys through a library contract: its fee facts come along.
    desk.wait_for("#o1-contract option[value='1']").await;
    desk.choose("#o1-contract", "1").await;
    let linked = desk
        .wait_for_text("[data-option='1'] .linked-contract", "Admin fee")
        .await;
    assert!(
        linked.contains("Supplier pays Sourcewell an administrative fee"),
        "the linked contract's admin fee is at hand: {linked}"
    );

    // The baseline: a recurring support contract (a new line recurs over the horizon).
    desk.click("[data-option='0'] .option-actions button").await;
    desk.fill("#o0-l1-amount", "10000").await;
    // The cooperative contract: a one-time go-live and a yearly subscription.
    desk.click("[data-option='1'] .option-actions button").await;
    desk.choose("#o1-l1-timing", "oneTime").await;
    desk.fill("#o1-l1-amount", "12,000").await;
    desk.click("[data-option='1'] .option-actions button").await;
    desk.fill("#o1-l2-amount", "4000").await;
    // The own solicitation: licences once it starts.
    desk.click("[data-option='2'] .option-actions button").await;
    desk.fill("#o2-l1-amount", "9000").await;

    let summary = desk.wait_for_text(".summary", CHEAPEST).await;
    assert!(
        summary.contains(BREAK_EVEN),
        "the break-even years are the ones computed by hand: {summary}"
    );
    assert!(
        summary.contains("$22,836.21"),
        "the own RFP's present value counts the baseline while waiting: {summary}"
    );
    desk.wait_for("figure.chart svg").await;
    desk.screenshot("comparison-editor").await;
    // What the figures mean, one sentence each, a click away (not in the chart's way).
    desk.click("details.terms summary").await;
    let terms = desk.wait_for_text("details.terms", "worth today").await;
    assert!(
        terms.contains("Breaks even (PV)") && terms.contains("no discounting"),
        "present value, break-even and dollars spent are explained: {terms}"
    );

    // What the vendor is paid (a memo's not-to-exceed): a new line is an acquisition, so
    // it is, until the clerk says otherwise.
    assert!(desk.is_checked("#o1-l1-paid").await && desk.is_checked("#o1-l2-paid").await);
    desk.click("#o1-l2-paid").await;
    assert!(!desk.is_checked("#o1-l2-paid").await);

    desk.press_ctrl("#cmp-title", 's').await;
    desk.wait_for_text(".save-status", "Saved").await;
    desk.quit().await;

    let desk = turn.restart().await;
    desk.click_button("Comparisons").await;
    let list = desk
        .wait_for_text("table.comparisons", "Permit software")
        .await;
    assert!(
        list.contains("2 + baseline"),
        "the list counts the options: {list}"
    );
    desk.click_button("Permit software").await;
    let summary = desk.wait_for_text(".summary", CHEAPEST).await;
    assert!(
        summary.contains(BREAK_EVEN),
        "reopened, the comparison gives the same figures: {summary}"
    );
    assert_eq!(desk.value("#o1-l1-amount").await, "12000");
    assert!(
        desk.is_checked("#o1-l1-paid").await && !desk.is_checked("#o1-l2-paid").await,
        "the line marked not paid to the vendor stays so once saved"
    );
    desk.click("button[aria-expanded]").await;
    desk.wait_for_text(".by-year", "Baseline while waiting")
        .await;
    desk.quit().await;
}

/// What of the comparison a clerk cannot read without scrolling sideways: the screen
/// scrolling sideways, a box inside it that does, or an option or a results cell cut by
/// the edge of a box around it. And the smallest text of the chart as drawn, in screen
/// pixels (its font size times the scale the chart is drawn at).
const SIDEWAYS_AND_CHART: &str = r#"
const main = document.querySelector('main');
const problems = [];
main.scrollLeft = 40;
if (main.scrollLeft > 0) {
  const edge = main.getBoundingClientRect().left + main.clientWidth;
  const widest = [...main.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > edge + 1)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`).slice(0, 4).join(', ');
  problems.push(`the screen scrolls sideways: ${main.scrollWidth} px in ${main.clientWidth} px (${widest})`);
}
main.scrollLeft = 0;
for (const box of main.querySelectorAll('*')) {
  const overflow = getComputedStyle(box).overflowX;
  if ((overflow === 'auto' || overflow === 'scroll') && box.scrollWidth > box.clientWidth + 1) {
    problems.push(`${box.tagName.toLowerCase()}.${box.className} scrolls sideways: ${box.scrollWidth} px in ${box.clientWidth} px`);
  }
}
const cut = (el) => {
  const r = el.getBoundingClientRect();
  for (let box = el.parentElement; box; box = box.parentElement) {
    if (box !== main && getComputedStyle(box).overflowX === 'visible') continue;
    const b = box.getBoundingClientRect();
    if (r.left < b.left - 1 || r.right > b.left + box.clientWidth + 1) return true;
    if (box === main) return false;
  }
  return false;
};
for (const el of document.querySelectorAll('.option, .results th, .results td')) {
  if (cut(el)) problems.push(`“${el.textContent.trim().slice(0, 40)}” is cut at the side`);
}
const svg = document.querySelector('figure.chart svg');
const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
return { problems, options: document.querySelectorAll('.option').length, smallestChartText: Math.min(...sizes) };
"#;

#[tokio::test(flavor = "current_thread")]
async fn three_options_fit_a_laptop_screen_and_the_chart_text_reads() {
    let turn = Turn::take("three_options_fit_a_laptop_screen_and_the_chart_text_reads").await;
    village_library(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    // A 1366×768 screen less the title bar and the taskbar.
    desk.resize(1366, 700).await;
    desk.click_button("Comparisons").await;
    desk.wait_for_text("table.comparisons", "Orange County")
        .await;
    desk.click("table.comparisons tbody button").await;
    desk.wait_for("figure.chart svg").await;
    // The saved comparison has the baseline and two options; a third is added.
    desk.click_button("Add an option").await;
    desk.fill("#o3-name", "State contract through NASPO ValuePoint")
        .await;
    desk.click("[data-option='3'] .option-actions button").await;
    desk.fill("#o3-l1-amount", "181,500").await;
    desk.wait_for_text(".summary", "State contract through NASPO")
        .await;
    desk.wait_for_text(".summary", "$726,000.00").await;
    desk.wait_for("figure.chart svg").await;
    let page = desk.script(SIDEWAYS_AND_CHART).await;
    desk.screenshot("comparison-1366x768-checked").await;
    assert_eq!(page["options"], 4, "the baseline and three options: {page}");
    assert_eq!(
        page["problems"],
        serde_json::json!([]),
        "every option and every column of the results reads without scrolling sideways"
    );
    let smallest = page["smallestChartText"].as_f64().unwrap();
    assert!(
        smallest >= 11.0,
        "the chart's text is drawn at least 11 px high, not {smallest:.1} px"
    );
    // For the README: the options' columns and the results below them.
    desk.script("document.querySelector('.results').scrollIntoView(); return true;")
        .await;
    desk.screenshot("comparison-1366x768").await;

    // The memo editor on the same screen, for the README.
    desk.click_button("Memos").await;
    desk.wait_for("dialog.confirm").await;
    desk.click_button("Leave without saving").await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    desk.click_button("Write memo").await;
    desk.wait_for_text(".memo-preview", "Staff recommends")
        .await;
    desk.screenshot("memo-editor-1366x768").await;
    desk.quit().await;
}
