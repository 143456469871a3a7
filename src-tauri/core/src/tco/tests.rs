//! The engine against published cases (TCO-02, TCO-04, TCO-05 from `shared/data`), hand-
//! computed cases for every convention, and property tests.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use super::*;

pub(crate) fn d(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|_| panic!("{text} is a decimal"))
}

fn line(category: Category, timing: LineTiming) -> CostLine {
    CostLine {
        category,
        description: String::new(),
        timing,
        paid_to_vendor: None,
    }
}

fn once(year: u32, amount: &str) -> LineTiming {
    LineTiming::OneTime {
        year,
        amount: d(amount),
    }
}

fn yearly(from_year: u32, to_year: u32, amount: &str, escalation: &str) -> LineTiming {
    LineTiming::Recurring {
        from_year,
        to_year,
        amount: d(amount),
        escalation: d(escalation),
    }
}

fn schedule(amounts: &[(u32, &str)]) -> LineTiming {
    LineTiming::Schedule {
        amounts: amounts.iter().map(|(y, a)| (*y, d(a))).collect(),
    }
}

fn option(name: &str, kind: OptionKind, lines: Vec<CostLine>) -> CostOption {
    CostOption {
        id: String::new(),
        name: name.into(),
        kind,
        notes: String::new(),
        start_delay_months: 0,
        units: None,
        cost_lines: lines,
    }
}

fn comparison(horizon: u32, rate: &str, timing: Timing, all: Vec<CostOption>) -> Comparison {
    let mut all = all.into_iter();
    Comparison {
        format_version: model::FORMAT_VERSION,
        title: "Test comparison".into(),
        purchase_description: String::new(),
        horizon_years: horizon,
        start: FiscalStart {
            fiscal_year: 2026,
            first_month: 7,
        },
        discount: DiscountRate {
            rate: d(rate),
            source: "test".into(),
        },
        timing,
        baseline: all.next().expect("a baseline"),
        options: all.collect(),
    }
}

/// An option that costs nothing, to make up the two options a comparison needs when a
/// case is about one stream only.
fn nothing(name: &str) -> CostOption {
    option(name, OptionKind::Other, vec![])
}

/// A realistic comparison: utility billing software, five years.
pub(crate) fn three_option_comparison() -> Comparison {
    let mut own_rfp = option(
        "Own RFP for billing software",
        OptionKind::OwnSolicitation,
        vec![
            line(Category::ProcurementProcess, once(0, "15000.00")),
            line(Category::Implementation, once(0, "30000.00")),
            line(
                Category::LicencesAndSubscriptions,
                yearly(1, 5, "11000.00", "0.03"),
            ),
        ],
    );
    own_rfp.start_delay_months = 9;
    let mut cooperative = option(
        "Cloud billing via Sourcewell",
        OptionKind::CooperativeContract {
            contract_id: Some(3),
        },
        vec![
            line(Category::Implementation, once(0, "25000.00")),
            line(
                Category::LicencesAndSubscriptions,
                LineTiming::PerUnit {
                    from_year: 1,
                    to_year: 5,
                    unit_price: d("45.00"),
                    quantity: d("300"),
                    unit: "accounts".into(),
                    escalation: d("0.03"),
                },
            ),
            line(Category::CooperativeFee, once(0, "500.00")),
            line(Category::SavingsOrResidual, once(0, "-2000.00")),
        ],
    );
    cooperative.units = Some(Units {
        quantity: d("300"),
        label: "accounts".into(),
    });
    let mut c = comparison(
        5,
        "0.03",
        Timing::EndOfYear,
        vec![
            option(
                "Keep the current billing system",
                OptionKind::StatusQuo,
                vec![
                    line(
                        Category::MaintenanceAndSupport,
                        yearly(1, 5, "12000.00", "0.05"),
                    ),
                    line(Category::InternalStaffTime, yearly(1, 5, "8000.00", "0")),
                ],
            ),
            cooperative,
            own_rfp,
        ],
    );
    c.title = "Utility billing software".into();
    c
}

/// A published case from `shared/data/tco-cases`.
fn published(file: &str) -> Value {
    let path = format!(
        "{}/../../../shared/data/tco-cases/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("case files are JSON")
}

fn text(value: &Value) -> Decimal {
    d(value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is a decimal string")))
}

fn by_year(value: &Value) -> Vec<(u32, String)> {
    value
        .as_object()
        .unwrap()
        .iter()
        .map(|(y, a)| (y.parse().unwrap(), a.as_str().unwrap().to_owned()))
        .collect()
}

/// A comparison whose *baseline* is the published stream, so its figures are the case's.
fn case_comparison(horizon: u32, rate: &str, timing: Timing, stream: LineTiming) -> Comparison {
    comparison(
        horizon,
        rate,
        timing,
        vec![
            option(
                "Published stream",
                OptionKind::StatusQuo,
                vec![line(Category::MaintenanceAndSupport, stream)],
            ),
            nothing("Alternative A"),
            nothing("Alternative B"),
        ],
    )
}

// ---------------------------------------------------------------- published cases

#[test]
fn ti_baii_plus_variable_cash_flows_reproduce_to_the_cent() {
    let case = published("tco02_published_ti_baii_variable_cashflows.json");
    let flows: Vec<(u32, String)> = by_year(&case["inputs"]["cost_lines"][0]["by_year"]);
    let flows: Vec<(u32, &str)> = flows.iter().map(|(y, a)| (*y, a.as_str())).collect();
    let expected = &case["expected"];
    for (timing, key) in [
        (Timing::EndOfYear, "pv_total"),
        (Timing::StartOfYear, "same_flows_start_of_year"),
        (Timing::MidYear, "same_flows_mid_year"),
    ] {
        let c = case_comparison(4, "0.10", timing, schedule(&flows));
        let results = compare(&c).unwrap();
        let stream = &results.options[0];
        assert_eq!(stream.nominal_total, text(&expected["nominal_total"]));
        assert_eq!(
            stream.present_value,
            text(&expected[key]),
            "the {} present value of the TI example would have been printed wrong",
            timing.label()
        );
        if timing == Timing::EndOfYear {
            for (year, pv) in by_year(&expected["pv_by_year_cents"]) {
                assert_eq!(
                    stream.years[year as usize].present_value,
                    d(&pv),
                    "year {year}"
                );
            }
            let rounded_sum: Decimal = stream.years.iter().map(|y| y.present_value).sum();
            assert_eq!(
                rounded_sum,
                d("23171.22"),
                "the yearly PVs shown add to 23,171.22 — the total must not be that sum"
            );
        }
    }
}

#[test]
fn ti_baii_plus_machine_is_worth_buying_by_the_published_margin() {
    let case = published("tco02_published_ti_baii_variable_cashflows.json");
    let flows = by_year(&case["inputs"]["cost_lines"][0]["by_year"]);
    let flows: Vec<(u32, &str)> = flows.iter().map(|(y, a)| (*y, a.as_str())).collect();
    let machine_cost = case["inputs"]["compare_against_year0_cost"]
        .as_str()
        .unwrap();
    let c = comparison(
        4,
        "0.10",
        Timing::EndOfYear,
        vec![
            option(
                "Keep paying the costs the machine saves",
                OptionKind::StatusQuo,
                vec![line(Category::Operations, schedule(&flows))],
            ),
            option(
                "Buy the machine",
                OptionKind::Other,
                vec![line(Category::Acquisition, once(0, machine_cost))],
            ),
            nothing("Placeholder"),
        ],
    );
    let results = compare(&c).unwrap();
    assert_eq!(
        results.options[1].pv_savings,
        text(&case["expected"]["pv_minus_23000"]),
        "the machine's net present value is the published 171.23"
    );
}

#[test]
fn orange_county_maintenance_escalates_chained_and_discounts_to_the_cent() {
    let case = published("tco04_published_orange_county_nc_software_maintenance.json");
    let inputs = &case["inputs"];
    let expected = &case["expected"];
    let base = inputs["base_year_amount"].as_str().unwrap();
    for (timing, key) in [
        (Timing::EndOfYear, "end_of_year"),
        (Timing::StartOfYear, "start_of_year"),
        (Timing::MidYear, "mid_year"),
    ] {
        let c = case_comparison(
            4,
            inputs["discount_rate_designed"].as_str().unwrap(),
            timing,
            yearly(1, 4, base, "0.05"),
        );
        let results = compare(&c).unwrap();
        let stream = &results.options[0];
        let yearly: Vec<Decimal> = stream.years[1..].iter().map(|y| y.total).collect();
        let published: Vec<Decimal> = expected["yearly_amounts_chained"]
            .as_array()
            .unwrap()
            .iter()
            .map(text)
            .collect();
        assert_eq!(
            yearly, published,
            "FY2025 must be 201,842.62 as the county's table says"
        );
        assert_eq!(
            stream.nominal_total,
            text(&expected["published_nominal_total"])
        );
        assert_eq!(
            stream.present_value,
            text(&expected["pv_at_3pct"][key]),
            "{} PV",
            timing.label()
        );
        if timing == Timing::EndOfYear {
            for (year, pv) in by_year(&expected["pv_by_year_3pct_end_of_year"]) {
                assert_eq!(
                    stream.years[year as usize].present_value,
                    d(&pv),
                    "year {year}"
                );
            }
        }
    }
}

#[test]
fn kitchener_schedule_and_a_negative_real_rate_reproduce_to_the_cent() {
    let case = published("tco05_published_kitchener_cityworks_and_negative_real_rate.json");
    let cases = case["cases"].as_array().unwrap();
    let mut flows = by_year(&cases[0]["inputs"]["by_year"]);
    for case in cases {
        let inputs = &case["inputs"];
        if inputs.get("by_year").is_some() {
            flows = by_year(&inputs["by_year"]);
        }
        let timing = match inputs["timing"].as_str().unwrap() {
            "end_of_year" => Timing::EndOfYear,
            "start_of_year" => Timing::StartOfYear,
            other => panic!("unexpected timing {other}"),
        };
        let stream: Vec<(u32, &str)> = flows.iter().map(|(y, a)| (*y, a.as_str())).collect();
        let c = case_comparison(
            3,
            inputs["discount_rate"].as_str().unwrap(),
            timing,
            schedule(&stream),
        );
        let results = compare(&c).unwrap();
        let expected = &case["expected"];
        let name = case["name"].as_str().unwrap();
        assert_eq!(
            results.options[0].present_value,
            text(&expected["pv_total"]),
            "{name}"
        );
        if let Some(nominal) = expected.get("nominal_total") {
            assert_eq!(results.options[0].nominal_total, text(nominal), "{name}");
        }
        if let Some(years) = expected.get("pv_by_year") {
            for (year, pv) in by_year(years) {
                let shown = results.options[0].years[year as usize].present_value;
                assert_eq!(shown, d(&pv), "{name} year {year}");
            }
            assert!(
                results.options[0].present_value > results.options[0].nominal_total,
                "at a negative rate the future costs more than today"
            );
        }
    }
}

// ---------------------------------------------------------------- conventions by hand

/// r = 21 % makes every factor exact: 1.21 = 1.1², so (1+r)^0.5 = 1.1.
/// Amounts: 500 up front, 1,210 in year 1, 1,331 in year 2 (nominal 3,041).
/// - end of year:   500 + 1210/1.21 + 1331/1.4641 = 500 + 1000 + 909.0909… = 2,409.09
/// - start of year: 500 + 1210/1 + 1331/1.21     = 500 + 1210 + 1100     = 2,810.00
/// - mid-year:      500 + 1210/1.1 + 1331/1.331   = 500 + 1100 + 1000     = 2,600.00
#[test]
fn each_timing_convention_discounts_as_written_and_never_discounts_year_zero() {
    for (timing, expected) in [
        (Timing::EndOfYear, "2409.09"),
        (Timing::StartOfYear, "2810.00"),
        (Timing::MidYear, "2600.00"),
    ] {
        let c = case_comparison(
            2,
            "0.21",
            timing,
            schedule(&[(0, "500.00"), (1, "1210.00"), (2, "1331.00")]),
        );
        let results = compare(&c).unwrap();
        assert_eq!(results.options[0].nominal_total, d("3041.00"));
        assert_eq!(
            results.options[0].present_value,
            d(expected),
            "{}",
            timing.label()
        );
        assert_eq!(
            results.options[0].years[0].present_value,
            d("500.00"),
            "the up-front year is paid today and is never discounted"
        );
    }
}

#[test]
fn the_default_timing_is_end_of_year() {
    assert_eq!(Timing::default(), Timing::EndOfYear);
    let c: Comparison = serde_json::from_value(serde_json::json!({
        "title": "t", "horizonYears": 1,
        "start": {"fiscalYear": 2026, "firstMonth": 7},
        "discount": {"rate": "0.03"},
        "baseline": {"name": "b", "kind": {"type": "statusQuo"}, "costLines": []},
        "options": []
    }))
    .unwrap();
    assert_eq!(
        c.timing,
        Timing::EndOfYear,
        "a file without a timing means end of year"
    );
}

/// 1,000.50 escalated by 1 %: 1,010.505 → 1,010.51 (half-up; banker's rounding would
/// say 1,010.50). Next: 1,010.51 × 1.01 = 1,020.6151 → 1,020.62.
#[test]
fn an_escalated_amount_rounds_half_cents_up_and_chains_from_the_rounded_year() {
    let c = case_comparison(3, "0", Timing::EndOfYear, yearly(1, 3, "1000.50", "0.01"));
    let results = compare(&c).unwrap();
    let years: Vec<Decimal> = results.options[0].years.iter().map(|y| y.total).collect();
    assert_eq!(
        years,
        ["0", "1000.50", "1010.51", "1020.62"].map(d).to_vec()
    );
}

/// Per unit: 300 accounts × $45.00 = 13,500.00 in year 1; +3 % → 13,905.00; 14,322.15.
#[test]
fn a_per_unit_line_is_price_times_quantity_then_escalated() {
    let c = case_comparison(
        3,
        "0",
        Timing::EndOfYear,
        LineTiming::PerUnit {
            from_year: 1,
            to_year: 3,
            unit_price: d("45.00"),
            quantity: d("300"),
            unit: "accounts".into(),
            escalation: d("0.03"),
        },
    );
    let results = compare(&c).unwrap();
    let years: Vec<Decimal> = results.options[0].years.iter().map(|y| y.total).collect();
    assert_eq!(
        years,
        ["0", "13500.00", "13905.00", "14322.15"].map(d).to_vec()
    );
}

/// Horizon 3. Baseline: 1,200 a year in years 1–3. The own RFP starts 6 months late and
/// would cost 600 up front and 2,400 a year in years 1–3.
/// - its 600 up front moves to year ⌈6/12⌉ = 1;
/// - each operating year falls half in its own year and half in the next:
///   year 1 gets 1,200, year 2 gets 1,200 + 1,200, year 3 gets 1,200 + 1,200; the last
///   1,200 falls after the horizon;
/// - the baseline runs the first 6 months: 1,200 × 6/12 = 600 in year 1.
///
/// Years: 0 | 600 + 1,200 + 600 = 2,400 | 2,400 | 2,400 → 7,200 nominal.
#[test]
fn delayed_solicitation_pays_the_baseline_while_it_waits() {
    let mut rfp = option(
        "Own RFP",
        OptionKind::OwnSolicitation,
        vec![
            line(Category::ProcurementProcess, once(0, "600.00")),
            line(
                Category::LicencesAndSubscriptions,
                yearly(1, 3, "2400.00", "0"),
            ),
        ],
    );
    rfp.start_delay_months = 6;
    let c = comparison(
        3,
        "0",
        Timing::EndOfYear,
        vec![
            option(
                "Keep",
                OptionKind::StatusQuo,
                vec![line(Category::Operations, yearly(1, 3, "1200.00", "0"))],
            ),
            rfp,
            nothing("Other"),
        ],
    );
    let results = compare(&c).unwrap();
    let rfp = &results.options[1];
    let totals: Vec<Decimal> = rfp.years.iter().map(|y| y.total).collect();
    assert_eq!(
        totals,
        ["0", "2400.00", "2400.00", "2400.00"].map(d).to_vec()
    );
    let waiting: Vec<Decimal> = rfp.years.iter().map(|y| y.baseline_while_waiting).collect();
    assert_eq!(
        waiting,
        ["0", "600.00", "0", "0"].map(d).to_vec(),
        "the six months of the old system must be charged to the late option"
    );
    assert_eq!(rfp.nominal_total, d("7200.00"));
}

/// Delay 15 months (one year and 3 months), same streams as above:
/// - 600 up front moves to year ⌈15/12⌉ = 2;
/// - operating year 1 falls 9/12 in year 2 (1,800) and 3/12 in year 3 (600); year 2
///   falls 1,800 in year 3 and the rest after the horizon;
/// - the baseline runs all of year 1 (1,200) and 3 months of year 2 (1,200 × 3/12 = 300).
///
/// Years: 0 | 1,200 | 600 + 1,800 + 300 = 2,700 | 600 + 1,800 = 2,400 → 6,300.
#[test]
fn a_delay_over_a_year_moves_whole_years_and_splits_the_rest_by_month() {
    let mut rfp = option(
        "Own RFP",
        OptionKind::OwnSolicitation,
        vec![
            line(Category::ProcurementProcess, once(0, "600.00")),
            line(
                Category::LicencesAndSubscriptions,
                yearly(1, 3, "2400.00", "0"),
            ),
        ],
    );
    rfp.start_delay_months = 15;
    let c = comparison(
        3,
        "0",
        Timing::EndOfYear,
        vec![
            option(
                "Keep",
                OptionKind::StatusQuo,
                vec![line(Category::Operations, yearly(1, 3, "1200.00", "0"))],
            ),
            rfp,
            nothing("Other"),
        ],
    );
    let results = compare(&c).unwrap();
    let totals: Vec<Decimal> = results.options[1].years.iter().map(|y| y.total).collect();
    assert_eq!(
        totals,
        ["0", "1200.00", "2700.00", "2400.00"].map(d).to_vec()
    );
}

/// 100.01 split 6/12: the first half is 50.005 → 50.01 and the second is the remainder
/// 50.00, so the two add back to 100.01 exactly.
#[test]
fn a_split_year_neither_creates_nor_loses_a_cent() {
    let shifted = streams::delay(&["0", "100.01", "0", "0"].map(d), 6, "test").unwrap();
    assert_eq!(shifted, ["0", "50.01", "50.00", "0"].map(d).to_vec());
    assert_eq!(
        shifted.iter().sum::<Decimal>(),
        d("100.01"),
        "the split must add back up"
    );
}

/// Baseline 1,000 a year for 5 years. Option: 1,500 up front and 400 a year.
/// Nominal cumulative: option 1,900 / 2,300 / 2,700 against 1,000 / 2,000 / 3,000 →
/// break-even at year 3. At 10 % end of year the option's cumulative PV is 2,494.74 at
/// year 3 against the baseline's 2,486.85 — still above — and 2,767.95 against 3,169.87
/// at year 4 → year 4. An option of 5,000 up front reaches the baseline's 5,000 exactly
/// at year 5 ("at or below"); one of 5,000.01 never does.
#[test]
fn break_even_is_the_first_year_the_option_has_cost_no_more_than_the_baseline() {
    let c = comparison(
        5,
        "0.10",
        Timing::EndOfYear,
        vec![
            option(
                "Keep",
                OptionKind::StatusQuo,
                vec![line(Category::Operations, yearly(1, 5, "1000.00", "0"))],
            ),
            option(
                "Modernise",
                OptionKind::Other,
                vec![
                    line(Category::Acquisition, once(0, "1500.00")),
                    line(Category::Operations, yearly(1, 5, "400.00", "0")),
                ],
            ),
            option(
                "Buy out",
                OptionKind::Other,
                vec![line(Category::Acquisition, once(0, "5000.00"))],
            ),
            option(
                "Buy out, a cent dearer",
                OptionKind::Other,
                vec![line(Category::Acquisition, once(0, "5000.01"))],
            ),
        ],
    );
    let results = compare(&c).unwrap();
    let year = |year| Some(BreakEven::Year { year });
    assert_eq!(
        results.options[0].break_even_nominal, None,
        "the baseline has none"
    );
    assert_eq!(results.options[1].break_even_nominal, year(3));
    assert_eq!(
        results.options[1].break_even_pv,
        year(4),
        "discounting delays the payback"
    );
    assert_eq!(
        results.options[2].break_even_nominal,
        year(5),
        "equal counts as broken even"
    );
    assert_eq!(
        results.options[3].break_even_nominal,
        Some(BreakEven::NotWithinHorizon)
    );
    assert_eq!(
        results.options[1].years[3].cumulative_present_value,
        d("2494.74")
    );
    assert_eq!(
        results.options[0].years[3].cumulative_present_value,
        d("2486.85")
    );
    assert_eq!(
        BreakEven::NotWithinHorizon.to_string(),
        "not within the horizon",
        "the table prints this phrase"
    );
}

#[test]
fn savings_ranking_and_cost_per_unit_follow_the_rounded_totals() {
    let results = compare(&three_option_comparison()).unwrap();
    let baseline = &results.options[0];
    for option in &results.options {
        assert_eq!(
            option.pv_savings,
            baseline.present_value - option.present_value,
            "{}: savings must be the difference of the totals shown",
            option.name
        );
        assert_eq!(
            option.nominal_savings,
            baseline.nominal_total - option.nominal_total
        );
        assert_eq!(
            option.cost_per_year,
            round_cents(option.nominal_total / d("5"))
        );
    }
    let mut by_pv: Vec<usize> = (0..results.options.len()).collect();
    by_pv.sort_by_key(|&i| results.options[i].present_value);
    assert_eq!(results.ranking, by_pv);
    assert_eq!(results.options[results.ranking[0]].rank, 1);
    assert_eq!(results.best().rank, 1);
    let cooperative = &results.options[1];
    assert_eq!(
        cooperative.cost_per_unit_per_year,
        Some(round_cents(cooperative.nominal_total / d("5") / d("300")))
    );
    assert_eq!(cooperative.unit_label.as_deref(), Some("accounts"));
    assert_eq!(
        results.options[2].cost_per_unit_per_year, None,
        "no units, no per-unit cost"
    );
    // The cooperative option's savings line shows as negative in its own category.
    let up_front = &cooperative.years[0].by_category;
    assert!(up_front.contains(&results::CategoryAmount {
        category: Category::SavingsOrResidual,
        amount: d("-2000.00")
    }));
    assert_eq!(
        cooperative.years[0].total,
        d("23500.00"),
        "25,000 + 500 − 2,000"
    );
}

#[test]
fn options_with_equal_present_values_share_a_rank() {
    let (order, ranks) = discount::rank(&["30", "10", "20", "10"].map(d));
    assert_eq!(order, vec![1, 3, 2, 0]);
    assert_eq!(ranks, vec![4, 1, 3, 1]);
}

#[test]
fn fiscal_years_label_the_operating_years() {
    let results = compare(&three_option_comparison()).unwrap();
    let labels: Vec<&str> = results.years.iter().map(|y| y.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Up front", "FY2026", "FY2027", "FY2028", "FY2029", "FY2030"]
    );
}

// ---------------------------------------------------------------- sensitivity

/// A pays 1,000 now; B pays 1,100 in a year. They cost the same when 1,100/(1+r) = 1,000,
/// at r = 10 %: below it A is cheaper, above it B.
#[test]
fn the_rate_at_which_the_two_best_options_swap_is_found() {
    let c = comparison(
        2,
        "0.03",
        Timing::EndOfYear,
        vec![
            option(
                "Keep",
                OptionKind::StatusQuo,
                vec![line(Category::Operations, once(0, "5000.00"))],
            ),
            option(
                "Pay now",
                OptionKind::Other,
                vec![line(Category::Acquisition, once(0, "1000.00"))],
            ),
            option(
                "Pay later",
                OptionKind::Other,
                vec![line(Category::Acquisition, once(1, "1100.00"))],
            ),
        ],
    );
    let results = compare(&c).unwrap();
    assert_eq!(results.ranking[..2], [1, 2]);
    let swap = results
        .sensitivity
        .rate_swap
        .expect("the options swap at 10 %");
    assert_eq!(swap.rate, d("0.100000"));
    assert_eq!((swap.cheaper_below, swap.cheaper_above), (1, 2));
}

#[test]
fn options_that_never_swap_report_no_swap_rate() {
    let results = compare(&three_option_comparison()).unwrap();
    let first = results.ranking[0];
    // Check the claim the result makes: at every sampled rate the order holds.
    let grid: Vec<Decimal> = (-5..=20).map(|p| Decimal::new(p, 2)).collect();
    let sweep = sensitivity::sweep(&three_option_comparison(), &grid, &[d("0")]).unwrap();
    let always_first = sweep.iter().all(|s| s.ranking[0] == first);
    assert_eq!(results.sensitivity.rate_swap.is_none(), always_first);
}

#[test]
fn sensitivity_cases_recalculate_at_other_rates_and_escalations() {
    let c = three_option_comparison();
    let results = compare(&c).unwrap();
    let s = &results.sensitivity;
    let rates: Vec<Decimal> = s
        .discount_rate_cases
        .iter()
        .map(|c| c.discount_rate)
        .collect();
    assert_eq!(
        rates,
        ["0.01", "0.02", "0.03", "0.04", "0.05"].map(d).to_vec()
    );
    let base = &s.discount_rate_cases[2];
    let shown: Vec<Decimal> = results.options.iter().map(|o| o.present_value).collect();
    assert_eq!(
        base.present_values, shown,
        "the 0-step case is the main result"
    );
    assert_eq!(base.ranking, results.ranking);
    assert!(
        s.discount_rate_cases[0].present_values[0] > s.discount_rate_cases[4].present_values[0],
        "a lower discount rate weighs future costs more"
    );
    let deltas: Vec<Decimal> = s
        .escalation_cases
        .iter()
        .map(|c| c.escalation_delta)
        .collect();
    assert_eq!(deltas, ["-0.01", "0", "0.01", "0.02"].map(d).to_vec());
    assert_eq!(s.escalation_cases[1].present_values, shown);
    assert!(
        s.escalation_cases[3].present_values[0] > shown[0],
        "two more points of escalation must make the baseline dearer"
    );
    assert_eq!(
        s.escalation_cases[3].pv_savings[1],
        s.escalation_cases[3].present_values[0] - s.escalation_cases[3].present_values[1]
    );
}

#[test]
fn a_sensitivity_case_below_minus_100_percent_is_left_out() {
    let mut c = three_option_comparison();
    c.discount.rate = d("-0.985");
    let results = compare(&c).unwrap();
    let rates: Vec<Decimal> = results
        .sensitivity
        .discount_rate_cases
        .iter()
        .map(|c| c.discount_rate)
        .collect();
    // -100.5 % is below -100 %; at -99.5 % the divisor after five years is 3 × 10⁻¹²,
    // too small to give present values to the cent, so that case is left out too rather
    // than shown wrong.
    assert_eq!(rates, ["-0.985", "-0.975", "-0.965"].map(d).to_vec());
}

#[test]
fn the_sweep_covers_every_rate_and_escalation() {
    let c = three_option_comparison();
    let rates = ["0", "0.03", "0.07"].map(d);
    let deltas = ["0", "0.01"].map(d);
    let sweep = sensitivity::sweep(&c, &rates, &deltas).unwrap();
    assert_eq!(sweep.len(), 6);
    let results = compare(&c).unwrap();
    let base = sweep
        .iter()
        .find(|s| s.discount_rate == d("0.03") && s.escalation_delta.is_zero())
        .unwrap();
    assert_eq!(
        base.present_values,
        results.sensitivity.discount_rate_cases[2].present_values
    );
}

// ---------------------------------------------------------------- limits and errors

fn refused(c: &Comparison, field_starts: &str) -> String {
    let error = compare(c).expect_err("this comparison should have been refused");
    assert_eq!(error.code(), "invalid");
    let message = error.to_string();
    assert!(message.starts_with(field_starts), "{message}");
    message
}

#[test]
fn a_rate_at_or_below_minus_100_percent_is_refused_but_negative_rates_are_fine() {
    let mut c = three_option_comparison();
    c.discount.rate = d("-1");
    let message = refused(&c, "Discount rate");
    assert!(message.contains("-100%"), "{message}");
    c.discount.rate = d("-0.018");
    assert!(compare(&c).is_ok(), "A-94's 2021 real rates were negative");
    c.discount.rate = d("1.5");
    refused(&c, "Discount rate");
}

#[test]
fn a_rate_so_close_to_minus_100_percent_that_factors_vanish_is_an_error_not_a_crash() {
    let mut c = three_option_comparison();
    c.horizon_years = 30;
    c.discount.rate = d("-0.99999999");
    for option in std::iter::once(&mut c.baseline).chain(&mut c.options) {
        option
            .cost_lines
            .push(line(Category::Operations, once(30, "1.00")));
    }
    let message = refused(&c, "Discount rate");
    assert!(message.contains("too extreme"), "{message}");
}

#[test]
fn absurd_input_is_refused_with_a_sentence_saying_what_to_fix() {
    let mut c = three_option_comparison();
    c.horizon_years = 31;
    refused(&c, "Horizon");

    let mut c = three_option_comparison();
    c.options.pop();
    refused(&c, "Options");

    let mut c = three_option_comparison();
    c.options[0].cost_lines[0].timing = once(0, "1000000000000.01");
    refused(&c, "Option \"Cloud billing via Sourcewell\", line 1");

    let mut c = three_option_comparison();
    c.options[0].cost_lines[0].timing = once(0, "10.005");
    assert!(refused(&c, "Option").contains("fractions of a cent"));

    let mut c = three_option_comparison();
    c.options[0].cost_lines[0].timing = once(6, "10.00");
    assert!(refused(&c, "Option").contains("after the 5-year horizon"));

    let mut c = three_option_comparison();
    c.options[0].cost_lines[0].timing = once(0, "-10.00");
    assert!(refused(&c, "Option").contains("cannot be negative"));

    let mut c = three_option_comparison();
    c.options[0].cost_lines[3].timing = once(0, "2000.00");
    assert!(refused(&c, "Option").contains("-2000.00"));

    let mut c = three_option_comparison();
    c.options[1].start_delay_months = 60;
    assert!(refused(&c, "Option \"Own RFP").contains("start delay of 60 months"));

    let mut c = three_option_comparison();
    c.baseline.start_delay_months = 3;
    refused(&c, "Baseline");

    let mut c = three_option_comparison();
    c.options[0].cost_lines[0].timing = yearly(3, 2, "10.00", "0");
    refused(&c, "Option");

    let mut c = three_option_comparison();
    c.options[0].cost_lines[0].timing = yearly(1, 2, "10.00", "-1");
    refused(
        &c,
        "Option \"Cloud billing via Sourcewell\", line 1, escalation",
    );

    let mut c = three_option_comparison();
    c.start.first_month = 13;
    refused(&c, "Start month");
}

/// The largest amount, doubling every year from year 0 to 30, is 10^12 × (2^31 − 1) in
/// all: large, and still exact to the cent.
#[test]
fn the_largest_accepted_amounts_still_calculate_exactly() {
    assert_eq!(model::MAX_AMOUNT, d("1000000000000"));
    assert_eq!(model::MAX_QUANTITY, d("1000000000"));
    let mut c = case_comparison(
        30,
        "0",
        Timing::EndOfYear,
        yearly(0, 30, "1000000000000.00", "1"),
    );
    c.options[0].cost_lines = c.baseline.cost_lines.clone();
    let results = compare(&c).unwrap();
    assert_eq!(
        results.options[0].nominal_total,
        d("2147483647000000000000.00")
    );
    assert_eq!(
        results.options[0].present_value,
        results.options[0].nominal_total
    );
}

/// A billion units at a trillion dollars, doubling for 30 years, is more than any exact
/// decimal holds: the clerk gets a sentence naming the option, not a crash.
#[test]
fn amounts_too_large_to_calculate_are_an_error_not_a_crash() {
    let per_unit = LineTiming::PerUnit {
        from_year: 0,
        to_year: 30,
        unit_price: d("1000000000000"),
        quantity: d("1000000000"),
        unit: String::new(),
        escalation: d("1"),
    };
    let c = case_comparison(30, "0.03", Timing::EndOfYear, per_unit);
    let message = refused(&c, "Option \"Published stream\"");
    assert!(
        message.contains("too large to calculate exactly"),
        "{message}"
    );

    let mut c = case_comparison(
        30,
        "-0.5",
        Timing::EndOfYear,
        yearly(0, 30, "1000000000000.00", "1"),
    );
    c.options[0].cost_lines = c.baseline.cost_lines.clone();
    // At -50 % over 30 years the divisors are too small for these amounts' cents: the
    // rate is refused before any figure overflows.
    let message = refused(&c, "Discount rate");
    assert!(message.contains("to the cent"), "{message}");
}

// ---------------------------------------------------------------- the file format

#[test]
fn a_comparison_file_round_trips_and_keeps_money_as_strings() {
    let mut c = three_option_comparison();
    c.assign_legacy_option_ids();
    let json = c.to_json();
    assert_eq!(Comparison::from_json(&json).unwrap(), c);
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["formatVersion"], 1);
    assert_eq!(value["discount"]["rate"], "0.03", "rates travel as strings");
    assert_eq!(value["options"][0]["kind"]["type"], "cooperativeContract");
    assert_eq!(value["options"][0]["kind"]["contractId"], 3);
    assert_eq!(
        value["options"][0]["costLines"][0]["timing"]["amount"],
        "25000.00"
    );
    let results = serde_json::to_value(compare(&c).unwrap()).unwrap();
    assert!(
        results["options"][0]["presentValue"].is_string(),
        "money crosses IPC as text"
    );
    let first_year = &results["options"][0]["years"][0];
    assert_eq!(
        first_year["total"], "0.00",
        "every amount has cents, even zero"
    );
    assert_eq!(first_year["baselineWhileWaiting"], "0.00");
    assert_eq!(results["options"][0]["nominalSavings"], "0.00");
}

#[test]
fn a_file_from_a_newer_coopdesk_is_refused() {
    let mut value: Value = serde_json::from_str(&three_option_comparison().to_json()).unwrap();
    value["formatVersion"] = 2.into();
    let error = Comparison::from_json(&value.to_string()).unwrap_err();
    assert!(error.to_string().contains("newer CoopDesk"), "{error}");
    let error = Comparison::from_json("{\"title\": 3}").unwrap_err();
    assert!(
        error.to_string().contains("not a CoopDesk comparison file"),
        "{error}"
    );
}

#[test]
fn the_documented_example_file_is_a_valid_comparison() {
    let doc = include_str!("../../../../docs/comparison-format.md");
    let start = doc.find("```json\n").expect("the doc has a JSON example") + 8;
    let end = start + doc[start..].find("```").unwrap();
    let c = Comparison::from_json(&doc[start..end]).unwrap();
    compare(&c).expect("the documented example calculates");
    assert_eq!(
        Comparison::from_json(&c.to_json()).unwrap(),
        c,
        "an exported file (with a yearly schedule) must import unchanged"
    );
}

// ---------------------------------------------------------------- properties

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn cents(max: i64) -> impl Strategy<Value = Decimal> {
        (0..=max).prop_map(|c| Decimal::new(c, 2))
    }

    fn timing_strategy(horizon: u32) -> impl Strategy<Value = LineTiming> {
        let years = (0..=horizon, 0..=horizon).prop_map(|(a, b)| (a.min(b), a.max(b)));
        prop_oneof![
            (0..=horizon, cents(10_000_000))
                .prop_map(|(year, amount)| LineTiming::OneTime { year, amount }),
            (years.clone(), cents(5_000_000), -50i64..=100).prop_map(|((f, t), amount, e)| {
                LineTiming::Recurring {
                    from_year: f,
                    to_year: t,
                    amount,
                    escalation: Decimal::new(e, 3),
                }
            }),
            (years, 0i64..100_000, 0i64..500, 0i64..=80).prop_map(|((f, t), p, q, e)| {
                LineTiming::PerUnit {
                    from_year: f,
                    to_year: t,
                    unit_price: Decimal::new(p, 2),
                    quantity: Decimal::from(q),
                    unit: String::new(),
                    escalation: Decimal::new(e, 3),
                }
            }),
            proptest::collection::btree_map(0..=horizon, cents(1_000_000), 1..4)
                .prop_map(|amounts| LineTiming::Schedule { amounts }),
        ]
    }

    fn option_strategy(horizon: u32, delays: bool) -> impl Strategy<Value = CostOption> {
        let max_delay = if delays {
            (horizon * 12 - 1).min(36)
        } else {
            0
        };
        (
            proptest::collection::vec(timing_strategy(horizon), 0..4),
            0..=max_delay,
        )
            .prop_map(|(timings, delay)| {
                let mut o = option(
                    "Option",
                    OptionKind::Other,
                    timings
                        .into_iter()
                        .map(|t| line(Category::Operations, t))
                        .collect(),
                );
                o.start_delay_months = delay;
                o
            })
    }

    fn timing_convention() -> impl Strategy<Value = Timing> {
        prop_oneof![
            Just(Timing::EndOfYear),
            Just(Timing::StartOfYear),
            Just(Timing::MidYear)
        ]
    }

    /// Costs only (no offsets), so that "later is cheaper" holds at a positive rate.
    fn comparison_strategy(delays: bool) -> impl Strategy<Value = Comparison> {
        (1u32..=10, 1i64..=200, timing_convention()).prop_flat_map(move |(h, r, timing)| {
            (
                option_strategy(h, false),
                proptest::collection::vec(option_strategy(h, delays), 2..4),
            )
                .prop_map(move |(baseline, options)| {
                    let mut all = vec![baseline];
                    all.extend(options);
                    // Names are unique within a comparison.
                    for (index, option) in all.iter_mut().enumerate() {
                        option.name = format!("Option {index}");
                    }
                    comparison(h, &Decimal::new(r, 3).to_string(), timing, all)
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn at_a_zero_rate_present_value_equals_the_nominal_total(
            mut c in comparison_strategy(true)
        ) {
            c.discount.rate = Decimal::ZERO;
            let results = compare(&c).unwrap();
            for option in &results.options {
                prop_assert_eq!(option.present_value, option.nominal_total,
                    "at 0% nothing is discounted, for {}", option.name);
            }
        }

        #[test]
        fn adding_a_zero_cost_line_changes_nothing(
            c in comparison_strategy(true),
            which in 0usize..3,
            timing in timing_strategy(1),
        ) {
            let before = compare(&c).unwrap();
            let mut with_zero = c.clone();
            let zero = match timing {
                LineTiming::OneTime { year, .. } => once(year, "0"),
                LineTiming::Recurring { from_year, to_year, escalation, .. } =>
                    LineTiming::Recurring { from_year, to_year, amount: Decimal::ZERO, escalation },
                LineTiming::PerUnit { from_year, to_year, unit_price, escalation, .. } =>
                    LineTiming::PerUnit { from_year, to_year, unit_price, quantity: Decimal::ZERO,
                        unit: String::new(), escalation },
                LineTiming::Schedule { amounts } =>
                    LineTiming::Schedule { amounts: amounts.keys().map(|y| (*y, Decimal::ZERO)).collect::<BTreeMap<_, _>>() },
            };
            let target = if which == 0 { &mut with_zero.baseline } else { &mut with_zero.options[which - 1] };
            target.cost_lines.push(line(Category::Training, zero));
            prop_assert_eq!(compare(&with_zero).unwrap(), before);
        }

        #[test]
        fn shifting_every_cost_a_year_later_never_increases_present_value(
            c in comparison_strategy(false)
        ) {
            let before = compare(&c).unwrap();
            let mut later = c.clone();
            later.horizon_years += 1;
            for option in std::iter::once(&mut later.baseline).chain(&mut later.options) {
                for line in &mut option.cost_lines {
                    line.timing = match line.timing.clone() {
                        LineTiming::OneTime { year, amount } => LineTiming::OneTime { year: year + 1, amount },
                        LineTiming::Recurring { from_year, to_year, amount, escalation } =>
                            LineTiming::Recurring { from_year: from_year + 1, to_year: to_year + 1, amount, escalation },
                        LineTiming::PerUnit { from_year, to_year, unit_price, quantity, unit, escalation } =>
                            LineTiming::PerUnit { from_year: from_year + 1, to_year: to_year + 1, unit_price, quantity, unit, escalation },
                        LineTiming::Schedule { amounts } =>
                            LineTiming::Schedule { amounts: amounts.into_iter().map(|(y, a)| (y + 1, a)).collect() },
                    };
                }
            }
            let after = compare(&later).unwrap();
            for (b, a) in before.options.iter().zip(&after.options) {
                prop_assert_eq!(b.nominal_total, a.nominal_total, "shifting keeps every cent");
                prop_assert!(a.present_value <= b.present_value,
                    "{}: PV rose from {} to {} when costs came later", b.name, b.present_value, a.present_value);
            }
        }
    }
}

// ---------------------------------------------------------------- issue #12, class 7

fn error_text(result: crate::Result<impl std::fmt::Debug>) -> String {
    format!("{}", result.expect_err("the input must be refused"))
}

#[test]
fn two_options_whose_names_differ_only_in_case_or_spaces_are_refused() {
    for second in ["Own RFP", "own rfp", "  OWN   RFP ", "OwnRFP"] {
        let c = comparison(
            5,
            "0.03",
            Timing::EndOfYear,
            vec![
                nothing("Keep the old system"),
                option(
                    "Own RFP",
                    OptionKind::OwnSolicitation,
                    vec![line(Category::Acquisition, once(1, "1000.00"))],
                ),
                option(
                    second,
                    OptionKind::Other,
                    vec![line(Category::Acquisition, once(1, "2000.00"))],
                ),
            ],
        );
        let message = error_text(compare(&c));
        assert!(
            message.contains("Own RFP") && message.contains("different name"),
            "a second option named {second:?} must be refused naming it, got: {message}"
        );
    }
}

#[test]
fn an_option_may_not_share_the_baselines_name() {
    let c = comparison(
        5,
        "0.03",
        Timing::EndOfYear,
        vec![
            nothing("Status quo"),
            nothing("status quo"),
            nothing("Other"),
        ],
    );
    assert!(error_text(compare(&c)).contains("different name"));
}

#[test]
fn a_comparison_file_without_ids_gets_the_same_ids_every_time_it_is_read() {
    let text = three_option_comparison().to_json();
    let first = Comparison::from_json(&text).unwrap();
    let again = Comparison::from_json(&text).unwrap();
    let ids: Vec<&str> = first.all_options().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["option-0", "option-1", "option-2"]);
    assert_eq!(first, again);
    // An id written in the file is kept.
    let mut with_id = first.clone();
    with_id.options[1].id = "rfp".into();
    let read = Comparison::from_json(&with_id.to_json()).unwrap();
    assert_eq!(read.options[1].id, "rfp");
    assert_eq!(read.option_position("rfp"), Some(2));
    assert_eq!(
        read.option_position("Own RFP for billing software"),
        read.all_options()
            .position(|o| o.name == "Own RFP for billing software"),
        "a name still finds its option (memos written before ids)"
    );
}

#[test]
fn two_options_with_one_id_are_refused() {
    let mut c = three_option_comparison();
    c.options[0].id = "same".into();
    c.options[1].id = "same".into();
    assert!(error_text(compare(&c)).contains("id \"same\""));
}

/// The comparison file of the docs with one string turned into a JSON number.
fn file_with(find: &str, replace: &str) -> String {
    let text = three_option_comparison().to_json();
    assert!(text.contains(find), "{find} is in the file");
    text.replacen(find, replace, 1)
}

#[test]
fn money_and_rates_written_as_json_numbers_are_refused_naming_the_field() {
    let cases = [
        ("\"rate\": \"0.03\"", "\"rate\": 0.03", "Discount rate"),
        (
            "\"amount\": \"15000.00\"",
            "\"amount\": 15000.5",
            "Option \"Own RFP for billing software\", line 1, amount",
        ),
        (
            "\"amount\": \"15000.00\"",
            "\"amount\": 15000",
            "Option \"Own RFP for billing software\", line 1, amount",
        ),
        (
            "\"escalation\": \"0.03\"",
            "\"escalation\": 0.03",
            "escalation",
        ),
        (
            "\"unitPrice\": \"45.00\"",
            "\"unitPrice\": 45.0",
            "unitPrice",
        ),
        ("\"quantity\": \"300\"", "\"quantity\": 300", "quantity"),
    ];
    for (find, replace, field) in cases {
        let message = error_text(Comparison::from_json(&file_with(find, replace)));
        assert!(
            message.contains(field) && message.contains("JSON number"),
            "{replace} must be refused naming {field:?}, got: {message}"
        );
    }
    // Counts stay numbers.
    assert!(Comparison::from_json(&three_option_comparison().to_json()).is_ok());
}

#[test]
fn a_schedule_amount_written_as_a_number_names_its_year() {
    let mut c = three_option_comparison();
    c.options[0]
        .cost_lines
        .push(line(Category::Acquisition, schedule(&[(2, "100.00")])));
    let text = c.to_json().replacen("\"2\": \"100.00\"", "\"2\": 100", 1);
    let message = error_text(Comparison::from_json(&text));
    assert!(message.contains("year 2"), "got: {message}");
}

#[test]
fn a_comparison_file_starting_with_a_byte_order_mark_is_read() {
    let text = format!("\u{FEFF}{}", three_option_comparison().to_json());
    let read = Comparison::from_json(&text).expect("Notepad's byte-order mark is accepted");
    assert_eq!(read.title, three_option_comparison().title);
}

/// At −50 % a year, (1 + r)^t = 2^−t exactly, so the present value of an amount `a` in
/// year t is a × 2^t: a figure that can be checked by hand.
#[test]
fn a_large_negative_discount_rate_gives_the_exact_figure_or_a_sentence_never_a_wrong_one() {
    for (years, amount) in [
        (30u32, "1000000.00"),
        (30, "1000000000.00"),
        (10, "1000.00"),
    ] {
        let c = comparison(
            years,
            "-0.5",
            Timing::EndOfYear,
            vec![
                option(
                    "Keep",
                    OptionKind::StatusQuo,
                    vec![line(
                        Category::MaintenanceAndSupport,
                        yearly(1, years, amount, "0"),
                    )],
                ),
                nothing("A"),
                nothing("B"),
            ],
        );
        // Σ_{t=1..n} a × 2^t = a × (2^(n+1) − 2).
        let exact = d(amount) * Decimal::from((1i64 << (years + 1)) - 2);
        match compare(&c) {
            Ok(results) => assert_eq!(
                results.options[0].present_value,
                round_cents(exact),
                "at -50% over {years} years the present value of {amount} a year"
            ),
            Err(error) => {
                let message = error.to_string();
                assert!(
                    message.contains("Discount rate") && message.contains("to the cent"),
                    "refused with a sentence about the rate, got: {message}"
                );
            }
        }
    }
}

#[test]
fn very_negative_rates_over_long_horizons_are_refused_with_a_sentence() {
    for rate in ["-0.5", "-0.7", "-0.9", "-0.99"] {
        let c = comparison(
            30,
            rate,
            Timing::MidYear,
            vec![
                option(
                    "Keep",
                    OptionKind::StatusQuo,
                    vec![line(
                        Category::MaintenanceAndSupport,
                        yearly(1, 30, "1000000.00", "0.02"),
                    )],
                ),
                nothing("A"),
                nothing("B"),
            ],
        );
        let message = error_text(compare(&c));
        assert!(message.contains("Discount rate"), "{rate}: {message}");
    }
}

#[test]
fn ordinary_negative_real_rates_still_calculate() {
    let mut c = three_option_comparison();
    c.discount.rate = d("-0.018");
    c.horizon_years = 30;
    assert!(compare(&c).is_ok());
}
