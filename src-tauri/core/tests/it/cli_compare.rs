//! `coopdesk-cli compare` reproduces the published TCO cases to the cent.
//!
//! Each case is a comparison file under `tests/fixtures/`; the expected figures are read
//! from the published case files in `shared/data/tco-cases/`, so nothing here restates
//! them. Figures for the options the fixtures add are computed by hand in comments.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::cli::CLI;

/// One run of the CLI, described as a sentence: `compare("x.json").timing("mid-year")`.
struct Compare {
    file: PathBuf,
    args: Vec<String>,
    data_dir: Option<PathBuf>,
}

fn compare(fixture: &str) -> Compare {
    Compare {
        file: crate::support::fixture(fixture),
        args: Vec::new(),
        data_dir: None,
    }
}

impl Compare {
    fn discount_rate(mut self, rate: &str) -> Self {
        self.args.extend(["--discount-rate".into(), rate.into()]);
        self
    }

    fn timing(mut self, timing: &str) -> Self {
        self.args.extend(["--timing".into(), timing.into()]);
        self
    }

    fn chart(mut self, svg: &Path) -> Self {
        self.args
            .extend(["--chart".into(), svg.display().to_string()]);
        self
    }

    fn with_data_dir(mut self, dir: &Path) -> Self {
        self.data_dir = Some(dir.to_owned());
        self
    }

    fn run(&self, json: bool) -> Output {
        let mut command = Command::new(CLI);
        if json {
            command.arg("--json");
        }
        command.arg("compare").arg(&self.file).args(&self.args);
        if let Some(dir) = &self.data_dir {
            command.env("COOPDESK_DATA_DIR", dir);
        }
        command.output().expect("the CLI runs")
    }

    /// The results as JSON; fails the test with the CLI's message if it failed.
    fn results(&self) -> Results {
        let output = self.run(true);
        assert!(
            output.status.success(),
            "compare failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Results(serde_json::from_slice(&output.stdout).expect("--json prints JSON"))
    }

    fn text(&self) -> String {
        let output = self.run(false);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

struct Results(Value);

impl Results {
    fn option(&self, name: &str) -> &Value {
        self.0["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("no option named {name}"))
    }

    /// A money field of an option, as the string the CLI printed.
    fn money(&self, name: &str, field: &str) -> &str {
        self.option(name)[field]
            .as_str()
            .unwrap_or_else(|| panic!("{name}.{field} is a decimal string"))
    }
}

fn published(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/tco-cases")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Published figures are written with or without trailing zeros ("310000"); compare
/// them as decimals, not as text.
fn same_amount(printed: &str, published: &Value) -> bool {
    let published: rust_decimal::Decimal = published.as_str().unwrap().parse().unwrap();
    printed.parse::<rust_decimal::Decimal>().unwrap() == published
}

#[test]
fn ti_baii_plus_example_reproduces_under_every_timing() {
    let case = published("tco02_published_ti_baii_variable_cashflows.json");
    let expected = &case["expected"];
    let baseline = "Keep paying the costs the machine would save";
    for (timing, key) in [
        ("end-of-year", "pv_total"),
        ("start-of-year", "same_flows_start_of_year"),
        ("mid-year", "same_flows_mid_year"),
    ] {
        let results = compare("tco02-ti-baii-plus.json").timing(timing).results();
        let pv = results.money(baseline, "presentValue");
        assert!(same_amount(pv, &expected[key]), "{timing}: printed {pv}");
        assert!(same_amount(
            results.money(baseline, "nominalTotal"),
            &expected["nominal_total"]
        ));
    }
    let results = compare("tco02-ti-baii-plus.json").results();
    assert!(
        same_amount(
            results.money("Buy the machine (vendor quote)", "pvSavings"),
            &expected["pv_minus_23000"]
        ),
        "the machine's published margin over its cost is 171.23"
    );
    // By hand: 22,500 + 450 up front, not discounted = 22,950.00; saves 221.23.
    let cooperative = "Buy the machine through a cooperative contract";
    assert_eq!(results.money(cooperative, "presentValue"), "22950.00");
    assert_eq!(results.money(cooperative, "pvSavings"), "221.23");
    assert_eq!(
        results.0["ranking"][0], 2,
        "the cooperative purchase ranks first"
    );
}

#[test]
fn orange_county_maintenance_total_and_present_values_reproduce() {
    let case = published("tco04_published_orange_county_nc_software_maintenance.json");
    let expected = &case["expected"];
    let renew = "Renew the maintenance agreement (capped at +5%)";
    for (timing, key) in [
        ("end-of-year", "end_of_year"),
        ("start-of-year", "start_of_year"),
        ("mid-year", "mid_year"),
    ] {
        let results = compare("tco04-orange-county.json").timing(timing).results();
        assert!(same_amount(
            results.money(renew, "nominalTotal"),
            &expected["published_nominal_total"]
        ));
        let pv = results.money(renew, "presentValue");
        assert!(
            same_amount(pv, &expected["pv_at_3pct"][key]),
            "{timing}: printed {pv}"
        );
    }
    let results = compare("tco04-orange-county.json").results();
    // By hand: 180,000 × (1/1.03 + 1/1.03² + 1/1.03³ + 1/1.03⁴) = 669,077.71.
    let hosted = "Hosted maintenance via a cooperative contract";
    assert_eq!(results.money(hosted, "nominalTotal"), "720000.00");
    assert_eq!(results.money(hosted, "presentValue"), "669077.71");
    // By hand, the RFP starting 6 months late: 170,000 up front moves to year 1; each
    // subscription year (120,000; 123,600; 127,308; 131,127.24) falls half in its year
    // and half in the next; the old agreement runs 6 months (174,359.25/2 = 87,179.63).
    // Years: 0 | 170,000 + 60,000 + 87,179.63 | 60,000 + 61,800 | 61,800 + 63,654 |
    // 63,654 + 65,563.62 → 693,651.25 (the last 65,563.62 falls after FY2025).
    assert_eq!(
        results.money("Own RFP for a replacement system", "nominalTotal"),
        "693651.25"
    );
}

#[test]
fn kitchener_schedule_reproduces_at_both_published_rates_and_timings() {
    let case = published("tco05_published_kitchener_cityworks_and_negative_real_rate.json");
    let cityworks = "Cityworks (Kitchener quote)";
    for published_case in case["cases"].as_array().unwrap() {
        let inputs = &published_case["inputs"];
        if published_case["name"] == "negative_real_rate" {
            continue; // its own fixture, below
        }
        let timing = inputs["timing"].as_str().unwrap().replace('_', "-");
        let results = compare("tco05-kitchener.json")
            .discount_rate(inputs["discount_rate"].as_str().unwrap())
            .timing(&timing)
            .results();
        let pv = results.money(cityworks, "presentValue");
        assert!(
            same_amount(pv, &published_case["expected"]["pv_total"]),
            "{}: printed {pv}",
            published_case["name"]
        );
    }
    // By hand: 102,000 × (1/1.002 + 1/1.002² + 1/1.002³) = 304,780.07.
    let results = compare("tco05-kitchener.json").results();
    assert_eq!(
        results.money(
            "Hosted work orders via a cooperative contract",
            "presentValue"
        ),
        "304780.07"
    );
}

#[test]
fn a_negative_real_rate_makes_present_value_exceed_the_nominal_sum() {
    let case = published("tco05_published_kitchener_cityworks_and_negative_real_rate.json");
    let negative = case["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "negative_real_rate")
        .unwrap();
    let results = compare("tco05-negative-real-rate.json").results();
    let baseline = "Constant-dollar operating cost";
    let expected = &negative["expected"];
    assert!(same_amount(
        results.money(baseline, "presentValue"),
        &expected["pv_total"]
    ));
    assert!(same_amount(
        results.money(baseline, "nominalTotal"),
        &expected["nominal_total"]
    ));
    for (year, pv) in expected["pv_by_year"].as_object().unwrap() {
        let shown = results.option(baseline)["years"][year.parse::<usize>().unwrap()]
            ["presentValue"]
            .as_str()
            .unwrap();
        assert!(same_amount(shown, pv), "year {year}: printed {shown}");
    }
    // By hand: 99,000 × (1/0.982 + 1/0.982² + 1/0.982³) = 308,021.64 — and prepaying
    // 300,000 today beats both when money is worth less tomorrow.
    assert_eq!(
        results.money("Slightly cheaper every year", "presentValue"),
        "308021.64"
    );
    assert_eq!(
        results.0["ranking"][0], 2,
        "prepaying ranks first at a negative rate"
    );
}

#[test]
fn the_text_table_shows_every_option_with_its_figures_and_rank() {
    let text = compare("tco02-ti-baii-plus.json").text();
    assert!(
        text.contains("Buy a machine that saves operating costs"),
        "{text}"
    );
    assert!(text.contains("discount rate 10%"), "{text}");
    let row = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no row for {name} in\n{text}"))
            .to_owned()
    };
    let baseline = row("Keep paying the costs the machine would save (baseline)");
    assert!(
        baseline.starts_with('3'),
        "the baseline ranks third: {baseline}"
    );
    assert!(
        baseline.contains("30,000.00") && baseline.contains("23,171.23"),
        "{baseline}"
    );
    let machine = row("Buy the machine (vendor quote)");
    assert!(
        machine.contains("171.23") && machine.contains("year 4"),
        "{machine}"
    );
    assert!(text.contains("Break-even"), "{text}");
}

#[test]
fn comparing_needs_no_library_and_creates_none() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("no-library-here");
    let output = compare("tco05-kitchener.json")
        .with_data_dir(&data_dir)
        .run(true);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !data_dir.exists(),
        "compare must not create a library folder the clerk did not ask for"
    );
}

#[test]
fn a_missing_file_or_a_bad_rate_is_one_sentence_on_stderr() {
    let output = compare("no-such-comparison.json").run(false);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: Could not read the comparison file"),
        "{stderr}"
    );

    let output = compare("tco05-kitchener.json")
        .discount_rate("-1")
        .run(false);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Discount rate: -100% is outside"),
        "{stderr}"
    );
}

#[test]
fn the_chart_option_writes_an_svg_with_every_option_in_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("chart.svg");
    compare("tco04-orange-county.json")
        .chart(&svg_path)
        .results();
    let svg = std::fs::read_to_string(&svg_path).expect("the chart was written");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    for name in [
        "Renew the maintenance agreement (capped at +5%) (baseline)",
        "Hosted maintenance via a cooperative contract",
        "Own RFP for a replacement system",
    ] {
        assert!(svg.contains(name), "the legend lacks {name}");
    }
}

#[test]
fn an_unusually_high_rate_is_compared_with_a_sentence_saying_what_it_means() {
    let text = compare("tco04-orange-county.json")
        .discount_rate("0.3")
        .text();
    assert!(
        text.contains("note: At 30% a year a dollar paid in year 10 counts as $0.07 today"),
        "a 30% rate (3 typed as 30?) must not pass silently:\n{text}"
    );
    let ordinary = compare("tco04-orange-county.json")
        .discount_rate("0.03")
        .text();
    assert!(!ordinary.contains("note: At"), "{ordinary}");
}
