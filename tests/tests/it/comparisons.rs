//! The Comparisons screen, driven as a clerk would: enter a purchase's options and costs,
//! read the figures the core calculates, save, and find them again after a restart.

use coopdesk_e2e::Desk;

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
