//! Discount rates from OMB Circular A-94, Appendix C.
//!
//! The shipped file (`assets/omb-a94-rates.json`) is the project's transcription of the
//! Appendix C tables with their sources; the newest full table it holds was revised in
//! November 2020 and is valid for calendar year 2021. (Later notices exist — CY2023,
//! CY2024 — but their figures could not be read in any source the project holds, so they
//! are not in the file; rather than guess, the editor says which year's table it uses and
//! warns when that table is more than a year older than the comparison — see
//! [`super::rate_choice`] — and the clerk may type any rate with its source.)
//!
//! Appendix C publishes real and nominal rates for 3, 5, 7, 10, 20 and 30 years. For
//! other horizons, as the circular says:
//! - between two published maturities, interpolate linearly (a 4-year program uses the
//!   average of the 3- and 5-year rates); the result is kept unrounded — 8-year nominal
//!   CY2021 is 0.6 + 0.2 × 1/3 = 0.666…% and is not cut to 0.67 %;
//! - beyond 30 years, use the 30-year rate;
//! - below 3 years the circular gives no rule: CoopDesk uses the 3-year rate and says so
//!   in [`A94Rate::method`], so the clerk sees it.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::DiscountRate;
use crate::{Error, Result};

const DATA: &str = include_str!("../../../../assets/omb-a94-rates.json");

/// Real rates discount constant-dollar costs; nominal rates discount costs that include
/// inflation (quotes with escalation — the usual case for a purchase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RateKind {
    Nominal,
    Real,
}

/// One Appendix C table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct A94Table {
    /// The key in the shipped file, e.g. `CY2021_rev_2020-11`.
    pub id: String,
    /// "November 2020".
    pub revised: String,
    /// "calendar year 2021", when the table states it.
    pub valid_for: String,
    /// The calendar year the table was published for (the first, when it spans two).
    pub valid_year: i32,
    /// Where the figures were transcribed from.
    pub source_url: String,
    /// Percent a year by maturity in years.
    pub nominal_percent: BTreeMap<u32, Decimal>,
    pub real_percent: BTreeMap<u32, Decimal>,
}

/// A rate chosen from a table for a horizon, with how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct A94Rate {
    /// A fraction (percent ÷ 100), unrounded.
    #[ts(type = "string")]
    pub rate: Decimal,
    pub kind: RateKind,
    pub horizon_years: u32,
    pub table_id: String,
    /// The calendar year of that table, for the button that offers it ("the CY2021 table").
    pub table_year: i32,
    /// How the rate follows from the table, in a sentence for the memo.
    pub method: String,
    /// A citation suitable for [`DiscountRate::source`].
    pub source: String,
}

impl A94Rate {
    /// The rate with its citation, ready to put in a comparison.
    pub fn to_discount_rate(&self) -> DiscountRate {
        DiscountRate {
            rate: self.rate,
            source: self.source.clone(),
        }
    }
}

/// What the file does not say in machine-readable form: each table's revision and
/// validity, and which of the file's sources it came from.
const TABLE_FACTS: [(&str, &str, &str, i32, usize); 3] = [
    (
        "CY2021_rev_2020-11",
        "November 2020",
        "calendar year 2021",
        2021,
        0,
    ),
    (
        "rev_2000-01",
        "January 2000",
        "through January 2001",
        2000,
        1,
    ),
    ("rev_1999-01", "January 1999", "1999", 1999, 2),
];

#[derive(Deserialize)]
struct RawFile {
    sources: Vec<RawSource>,
    rates_percent: BTreeMap<String, RawTable>,
}

#[derive(Deserialize)]
struct RawSource {
    url: String,
}

#[derive(Deserialize)]
struct RawTable {
    nominal: BTreeMap<String, serde_json::Number>,
    real: BTreeMap<String, serde_json::Number>,
}

/// The shipped tables, newest first.
pub fn a94_tables() -> &'static [A94Table] {
    static TABLES: OnceLock<Vec<A94Table>> = OnceLock::new();
    TABLES.get_or_init(|| parse(DATA).expect("the shipped A-94 rates file is valid (tested)"))
}

fn parse(text: &str) -> Result<Vec<A94Table>> {
    let damaged = |what: String| Error::Sample(format!("A-94 rates: {what}"));
    let raw: RawFile = serde_json::from_str(text).map_err(|e| damaged(e.to_string()))?;
    let column = |values: &BTreeMap<String, serde_json::Number>| {
        values
            .iter()
            .map(|(years, percent)| {
                Ok((
                    years
                        .parse::<u32>()
                        .map_err(|e| damaged(format!("{years}: {e}")))?,
                    Decimal::from_str(&percent.to_string())
                        .map_err(|e| damaged(format!("{percent}: {e}")))?,
                ))
            })
            .collect::<Result<BTreeMap<u32, Decimal>>>()
    };
    TABLE_FACTS
        .iter()
        .map(|(id, revised, valid_for, valid_year, source)| {
            let table = raw
                .rates_percent
                .get(*id)
                .ok_or_else(|| damaged(format!("table {id} is missing")))?;
            Ok(A94Table {
                id: (*id).to_owned(),
                revised: (*revised).to_owned(),
                valid_for: (*valid_for).to_owned(),
                valid_year: *valid_year,
                source_url: raw
                    .sources
                    .get(*source)
                    .map(|s| s.url.clone())
                    .unwrap_or_default(),
                nominal_percent: column(&table.nominal)?,
                real_percent: column(&table.real)?,
            })
        })
        .collect()
}

/// The newest table's rate for a horizon (see the module docs for the rule).
pub fn a94_rate(horizon_years: u32, kind: RateKind) -> Result<A94Rate> {
    a94_rate_from(&a94_tables()[0], horizon_years, kind)
}

/// A table's rate for a horizon.
pub fn a94_rate_from(table: &A94Table, horizon_years: u32, kind: RateKind) -> Result<A94Rate> {
    if horizon_years == 0 {
        return Err(Error::invalid(
            "Horizon",
            "a discount rate needs a horizon of at least one year.",
        ));
    }
    let column = match kind {
        RateKind::Nominal => &table.nominal_percent,
        RateKind::Real => &table.real_percent,
    };
    let (&shortest, &shortest_rate) = column.first_key_value().expect("tables are not empty");
    let (&longest, &longest_rate) = column.last_key_value().expect("tables are not empty");
    let (percent, method) = if let Some(rate) = column.get(&horizon_years) {
        (*rate, format!("the published {horizon_years}-year rate"))
    } else if horizon_years < shortest {
        (
            shortest_rate,
            format!(
                "the {shortest}-year rate: Appendix C publishes no shorter maturity, so \
                 CoopDesk uses its shortest"
            ),
        )
    } else if horizon_years > longest {
        (
            longest_rate,
            format!("the {longest}-year rate, which A-94 says to use for longer programs"),
        )
    } else {
        let (&lower, &lower_rate) = column
            .range(..horizon_years)
            .next_back()
            .expect("a horizon inside the table has a shorter maturity");
        let (&upper, &upper_rate) = column
            .range(horizon_years..)
            .next()
            .expect("a horizon inside the table has a longer maturity");
        let share = Decimal::from(horizon_years - lower) / Decimal::from(upper - lower);
        (
            lower_rate + (upper_rate - lower_rate) * share,
            format!(
                "interpolated linearly between the {lower}-year and {upper}-year rates, as A-94 \
                 allows"
            ),
        )
    };
    let kind_word = match kind {
        RateKind::Nominal => "nominal",
        RateKind::Real => "real",
    };
    Ok(A94Rate {
        rate: percent / Decimal::ONE_HUNDRED,
        kind,
        horizon_years,
        table_id: table.id.clone(),
        table_year: table.valid_year,
        source: format!(
            "OMB Circular A-94 Appendix C (revised {}, valid {}), {horizon_years}-year {kind_word} \
             rate: {method}",
            table.revised, table.valid_for
        ),
        method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published case TCO-01, read from the shared test data.
    fn case() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/tco-cases/tco01_omb_a94_appendix_c_rates.json"
        );
        let text = std::fs::read_to_string(path).expect("the shared TCO-01 case file is readable");
        serde_json::from_str(&text).expect("TCO-01 is JSON")
    }

    #[test]
    fn the_shipped_tables_are_the_published_tco01_figures() {
        let tables = a94_tables();
        assert_eq!(tables.len(), 3, "every table in the file should be offered");
        let published = &case()["rates_percent"];
        for table in tables {
            for (kind, column) in [
                ("nominal", &table.nominal_percent),
                ("real", &table.real_percent),
            ] {
                let expected = published[&table.id][kind].as_object().unwrap();
                assert_eq!(column.len(), expected.len(), "{} {kind}", table.id);
                for (years, percent) in expected {
                    assert_eq!(
                        column[&years.parse::<u32>().unwrap()],
                        Decimal::from_str(&percent.to_string()).unwrap(),
                        "{} {kind} {years}-year rate differs from the published table",
                        table.id
                    );
                }
            }
            assert!(
                table.source_url.starts_with("http"),
                "{} should cite a source",
                table.id
            );
        }
        assert_eq!(
            tables[0].id, "CY2021_rev_2020-11",
            "the newest table is offered first"
        );
    }

    #[test]
    fn horizons_between_maturities_are_interpolated_as_tco01_expects() {
        let expected = case()["expected_interpolated_rates_CY2021_percent"].clone();
        for (years, rates) in expected.as_object().unwrap() {
            let years: u32 = years.parse().unwrap();
            for (kind, name) in [(RateKind::Nominal, "nominal"), (RateKind::Real, "real")] {
                let text = rates[name].as_str().unwrap();
                // "0.6666666667 (=0.6+0.2/3, repeating; …)": compare to the stated digits.
                let figure = text.split_whitespace().next().unwrap();
                let expected = Decimal::from_str(figure).unwrap();
                let rate = a94_rate(years, kind).unwrap();
                let percent = (rate.rate * Decimal::ONE_HUNDRED).round_dp(expected.scale());
                assert_eq!(
                    percent, expected,
                    "a {years}-year {name} comparison would have been discounted at the wrong rate"
                );
            }
        }
    }

    #[test]
    fn an_interpolated_rate_is_kept_unrounded() {
        let rate = a94_rate(8, RateKind::Nominal).unwrap();
        let a_third_of_the_step = Decimal::new(2, 1) / Decimal::from(3);
        assert_eq!(
            (rate.rate * Decimal::ONE_HUNDRED).round_dp(20),
            (Decimal::new(6, 1) + a_third_of_the_step).round_dp(20),
            "8-year nominal must be 0.6 + 0.2/3 %, not rounded to 0.67 %"
        );
        assert!(
            rate.method.contains("between the 7-year and 10-year"),
            "{}",
            rate.method
        );
    }

    #[test]
    fn a_short_horizon_uses_the_three_year_rate_and_says_so() {
        let rate = a94_rate(1, RateKind::Real).unwrap();
        assert_eq!(rate.rate, Decimal::new(-18, 3));
        assert!(
            rate.source.contains("publishes no shorter maturity"),
            "the memo must tell the council the 3-year rate was used: {}",
            rate.source
        );
    }

    #[test]
    fn a_horizon_beyond_thirty_years_uses_the_thirty_year_rate() {
        let rate = a94_rate(40, RateKind::Nominal).unwrap();
        assert_eq!(rate.rate, Decimal::new(17, 3));
        assert_eq!(rate.to_discount_rate().rate, Decimal::new(17, 3));
        assert!(rate.method.contains("30-year"), "{}", rate.method);
    }

    #[test]
    fn a_zero_year_horizon_is_refused() {
        assert_eq!(
            a94_rate(0, RateKind::Nominal).unwrap_err().code(),
            "invalid"
        );
    }
}
