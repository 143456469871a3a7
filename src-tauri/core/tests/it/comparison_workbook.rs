//! The comparison workbook: inputs are values, every result is a live formula, and an
//! independent spreadsheet engine (LibreOffice) recalculating it arrives at the engine's
//! figures to the cent — for every published case, every timing convention and a
//! delayed start.

use std::collections::BTreeMap;
use std::process::Command;

use coopdesk_core::tco::workbook::{comparison_workbook_uncached, labels, option_sheet_name};
use coopdesk_core::tco::{
    self, round_cents, BreakEven, Category, Comparison, ComparisonResults, CostLine, LineTiming,
    Timing,
};
use rust_decimal::Decimal;

use crate::support::cli::CLI;
use crate::support::comparison::{case, orange_county, OWN_RFP};
use crate::support::soffice::{self, Sheet};

const FIXTURES: [&str; 4] = [
    "tco02-ti-baii-plus.json",
    "tco04-orange-county.json",
    "tco05-kitchener.json",
    "tco05-negative-real-rate.json",
];

/// Orange County with the own RFP starting 14 months late and a per-unit line with
/// units: the delay splits years across fiscal years and carries the baseline.
fn delayed_orange_county() -> Comparison {
    orange_county()
        .titled("Orange County, the own RFP 14 months late")
        .starting_late(OWN_RFP, 14)
        .serving(OWN_RFP, "120", "users")
        .costing(
            OWN_RFP,
            CostLine {
                category: Category::Training,
                description: "Training per user".to_owned(),
                timing: LineTiming::PerUnit {
                    from_year: 1,
                    to_year: 4,
                    unit_price: "33.335".parse().unwrap(),
                    quantity: "120".parse().unwrap(),
                    unit: "user".to_owned(),
                    escalation: "0.025".parse().unwrap(),
                },
                paid_to_vendor: None,
            },
        )
        .build()
}

fn cases() -> Vec<(String, Comparison)> {
    let mut cases = Vec::new();
    for name in FIXTURES {
        for timing in [Timing::EndOfYear, Timing::StartOfYear, Timing::MidYear] {
            let comparison = case(name).paid_at(timing).build();
            cases.push((format!("{name} at {}", timing.label()), comparison));
        }
    }
    let mut delayed = delayed_orange_county();
    delayed.timing = Timing::MidYear;
    cases.push((
        "Orange County, 14 months late, mid-year".to_owned(),
        delayed,
    ));
    cases.push((
        "Orange County, 14 months late, end of year".to_owned(),
        delayed_orange_county(),
    ));
    cases
}

/// Finds a row by its label in column A, after the row labelled `after` when given.
fn row<'a>(sheet: &'a Sheet, label: &str, after: Option<&str>) -> Option<&'a Vec<String>> {
    let start = match after {
        Some(section) => {
            sheet
                .iter()
                .position(|r| r.first().is_some_and(|c| c == section))?
                + 1
        }
        None => 0,
    };
    sheet[start..]
        .iter()
        .find(|r| r.first().is_some_and(|c| c == label))
}

fn cell_value(text: &str) -> Decimal {
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(text))
        .unwrap_or_else(|_| panic!("'{text}' is not a number"))
}

fn cents(text: &str) -> Decimal {
    round_cents(cell_value(text))
}

fn break_even_text(value: Option<BreakEven>) -> String {
    match value {
        Some(BreakEven::Year { year }) => year.to_string(),
        Some(BreakEven::NotWithinHorizon) => labels::NOT_WITHIN.to_owned(),
        None => String::new(),
    }
}

fn check_workbook(case: &str, sheets: &BTreeMap<String, Sheet>, results: &ComparisonResults) {
    let years = results.horizon_years as usize;
    let mut checked = 0usize;
    for (index, option) in results.options.iter().enumerate() {
        let name = option_sheet_name(index);
        let sheet = sheets
            .get(&name)
            .unwrap_or_else(|| panic!("{case}: the workbook has no sheet '{name}'"));
        let mut year_row =
            |label: &str, after: Option<&str>, expected: &dyn Fn(usize) -> Decimal| {
                let cells = row(sheet, label, after)
                    .unwrap_or_else(|| panic!("{case}, {name}: no row '{label}'"));
                for t in 0..=years {
                    let shown = cells.get(2 + t).map(String::as_str).unwrap_or("");
                    assert_eq!(
                    cents(shown),
                    expected(t),
                    "{case}, sheet {name}, row '{label}', year {t}: LibreOffice computes {shown}"
                );
                    checked += 1;
                }
            };
        year_row(labels::TOTAL, None, &|t| option.years[t].total);
        year_row(labels::PRESENT_VALUE, None, &|t| {
            option.years[t].present_value
        });
        year_row(labels::CUMULATIVE_NOMINAL, None, &|t| {
            option.years[t].cumulative_nominal
        });
        year_row(labels::CUMULATIVE_PV, None, &|t| {
            option.years[t].cumulative_present_value
        });
        if !option.is_baseline {
            year_row(labels::BASELINE_WHILE_WAITING, None, &|t| {
                option.years[t].baseline_while_waiting
            });
        }
        for category in Category::ALL {
            let used = option
                .years
                .iter()
                .any(|y| y.by_category.iter().any(|c| c.category == category));
            if used {
                year_row(category.label(), Some("By category"), &|t| {
                    option.years[t]
                        .by_category
                        .iter()
                        .find(|c| c.category == category)
                        .map_or(round_cents(Decimal::ZERO), |c| c.amount)
                });
            }
        }
        let mut figure = |label: &str, expected: Decimal| {
            let cells = row(sheet, label, Some("Figures"))
                .unwrap_or_else(|| panic!("{case}, {name}: no figure '{label}'"));
            assert_eq!(
                cents(&cells[1]),
                expected,
                "{case}, sheet {name}, '{label}': LibreOffice computes {}",
                cells[1]
            );
            checked += 1;
        };
        figure(labels::NOMINAL_TOTAL, option.nominal_total);
        figure(labels::PV_TOTAL, option.present_value);
        figure(labels::NOMINAL_SAVINGS, option.nominal_savings);
        figure(labels::PV_SAVINGS, option.pv_savings);
        figure(labels::COST_PER_YEAR, option.cost_per_year);
        if let (Some(per_unit), Some(unit)) = (option.cost_per_unit_per_year, &option.unit_label) {
            figure(&format!("{} ({unit})", labels::COST_PER_UNIT), per_unit);
        }
        if !option.is_baseline {
            for (label, expected) in [
                (labels::BREAK_EVEN_NOMINAL, option.break_even_nominal),
                (labels::BREAK_EVEN_PV, option.break_even_pv),
            ] {
                let cells = row(sheet, label, Some("Figures")).unwrap();
                assert_eq!(
                    cells[1],
                    break_even_text(expected),
                    "{case}, sheet {name}, '{label}'"
                );
            }
        }
    }

    let summary = &sheets["Summary"];
    let header = summary
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "Option"))
        .expect("the summary has a table headed 'Option'");
    let column = |title: &str| header.iter().position(|h| h == title).unwrap();
    for option in &results.options {
        let cells = row(summary, &option.name, None)
            .unwrap_or_else(|| panic!("{case}: the summary has no row for '{}'", option.name));
        for (title, expected) in [
            ("Nominal total", option.nominal_total),
            ("Present value", option.present_value),
            ("Savings (nominal)", option.nominal_savings),
            ("Savings (present value)", option.pv_savings),
            ("Cost per year", option.cost_per_year),
        ] {
            assert_eq!(
                cents(&cells[column(title)]),
                expected,
                "{case}, Summary, '{}', {title}",
                option.name
            );
            checked += 1;
        }
        assert_eq!(
            cells[column("Rank")],
            option.rank.to_string(),
            "{case}, Summary: the rank of '{}'",
            option.name
        );
        if !option.is_baseline {
            assert_eq!(
                cells[column("Break-even year (present value)")],
                break_even_text(option.break_even_pv),
                "{case}, Summary: break-even of '{}'",
                option.name
            );
        }
    }
    let ranking_at = summary
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| c == "Ranking, lowest present value first")
        })
        .expect("the summary lists the ranking");
    let ranked: Vec<&str> = summary[ranking_at + 2..ranking_at + 2 + results.options.len()]
        .iter()
        .map(|r| r[0].as_str())
        .collect();
    let expected: Vec<&str> = results
        .ranking
        .iter()
        .map(|&i| results.options[i].name.as_str())
        .collect();
    assert_eq!(
        ranked, expected,
        "{case}: the ranking, lowest present value first"
    );
    let best = row(summary, "Lowest present value", None).unwrap();
    assert_eq!(
        best[1],
        results.best().name,
        "{case}: the recommended option"
    );
    assert!(checked > 40, "{case}: only {checked} figures were compared");
}

#[test]
fn libreoffice_recalculates_every_figure_of_every_published_case_to_the_cent() {
    let cases = cases();
    let mut workbooks = Vec::new();
    let mut all_results = Vec::new();
    for (index, (_, comparison)) in cases.iter().enumerate() {
        let results = tco::compare(comparison).unwrap();
        workbooks.push((
            format!("case{index}.xlsx"),
            comparison_workbook_uncached(comparison, &results).unwrap(),
        ));
        all_results.push(results);
    }
    let named: Vec<(&str, Vec<u8>)> = workbooks
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.clone()))
        .collect();
    let Some(books) = soffice::recalculate(&named) else {
        return;
    };
    for (index, (case, _)) in cases.iter().enumerate() {
        check_workbook(
            case,
            &books[&format!("case{index}.xlsx")],
            &all_results[index],
        );
    }
}

/// The workbook with one cell of the Inputs sheet (the second sheet) set to `value`, as a
/// finance director typing over it would.
fn with_input(xlsx: &[u8], cell: &str, value: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut changed = false;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let start = text
                .find(&format!("<c r=\"{cell}\""))
                .expect("the input cell exists");
            let v = start + text[start..].find("<v>").unwrap() + 3;
            let end = v + text[v..].find("</v>").unwrap();
            bytes = format!("{}{value}{}", &text[..v], &text[end..]).into_bytes();
            changed = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    assert!(changed, "the workbook has an Inputs sheet");
    out.finish().unwrap().into_inner()
}

#[test]
fn a_finance_director_who_changes_the_rate_on_the_inputs_sheet_sees_every_figure_follow() {
    let comparison = orange_county().build();
    let results = tco::compare(&comparison).unwrap();
    let xlsx = coopdesk_core::tco::workbook::comparison_workbook(&comparison, &results).unwrap();
    // B4 is the discount rate on the Inputs sheet; 3 % becomes 7.5 %.
    let changed = with_input(&xlsx, "B4", "0.075");
    let Some(books) = soffice::recalculate(&[("changed.xlsx", changed)]) else {
        return;
    };
    let mut at_new_rate = comparison.clone();
    at_new_rate.discount.rate = "0.075".parse().unwrap();
    let expected = tco::compare(&at_new_rate).unwrap();
    assert_ne!(
        expected.options[0].present_value, results.options[0].present_value,
        "the new rate must change the present values for this test to mean anything"
    );
    check_workbook("Orange County at 7.5 %", &books["changed.xlsx"], &expected);
}

#[test]
fn every_result_cell_of_an_option_sheet_is_a_formula_and_every_amount_typed_is_a_value() {
    use calamine::{Reader, Xlsx};
    let comparison = delayed_orange_county();
    let results = tco::compare(&comparison).unwrap();
    let xlsx = coopdesk_core::tco::workbook::comparison_workbook(&comparison, &results).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    for index in 0..results.options.len() {
        let name = option_sheet_name(index);
        let values = book.worksheet_range(&name).unwrap();
        let formulas = book.worksheet_formula(&name).unwrap();
        let total_row = (0..values.height())
            .find(|&r| values.get((r, 0)).is_some_and(|c| *c == labels::TOTAL))
            .unwrap();
        for col in 2..2 + results.horizon_years as usize + 1 {
            let at = (total_row as u32 + values.start().unwrap().0, col as u32);
            let formula = formulas
                .get_value(at)
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(
                formula.starts_with("ROUND(SUM("),
                "{name}: the total in column {col} is a formula, not a typed number ({formula})"
            );
        }
    }
    let inputs = book.worksheet_formula("Inputs").unwrap();
    let rate_formula = inputs
        .get_value((3, 1))
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(
        rate_formula.is_empty(),
        "the discount rate is a value the director can type over"
    );
    let values = book.worksheet_range("Inputs").unwrap();
    assert_eq!(
        values.get_value((3, 1)).map(ToString::to_string).as_deref(),
        Some("0.03"),
        "the rate is stored as exactly 0.03"
    );
}

#[test]
fn compare_with_xlsx_writes_the_workbook_beside_the_printed_table() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("orange.xlsx");
    let output = Command::new(CLI)
        .arg("compare")
        .arg(crate::support::fixture("tco04-orange-county.json"))
        .arg("--xlsx")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("652,365.93"));
    let book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Inputs", "Baseline", "Option 1", "Option 2", "Method"],
        "the summary opens first, the method last"
    );
}
