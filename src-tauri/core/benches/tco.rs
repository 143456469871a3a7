//! Timings for the TCO engine: `cargo bench -p coopdesk-core --bench tco`.
//!
//! A plain binary (no harness) so it needs no benchmarking crate: it runs each workload
//! a few times and prints the fastest and the median run. The targets: a whole comparison
//! recalculates while the clerk types (well under a frame), and a 10,000-scenario
//! sensitivity sweep stays under 100 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use coopdesk_core::tco::sensitivity::sweep;
use coopdesk_core::tco::{
    compare, Category, Comparison, CostLine, CostOption, DiscountRate, FiscalStart, LineTiming,
    OptionKind, Timing, Units,
};
use rust_decimal::Decimal;

fn line(category: Category, timing: LineTiming) -> CostLine {
    CostLine {
        category,
        description: format!("{category:?}"),
        timing,
        paid_to_vendor: None,
    }
}

/// An option with eight lines of every timing kind; `n` varies the amounts.
fn option(n: i64, kind: OptionKind, delay: u32) -> CostOption {
    let cents = |dollars: i64| Decimal::new(dollars * 100 + n * 37, 2);
    CostOption {
        id: String::new(),
        name: format!("Option {n}"),
        kind,
        notes: String::new(),
        start_delay_months: delay,
        units: Some(Units {
            quantity: Decimal::from(250 + n),
            label: "users".into(),
        }),
        cost_lines: vec![
            line(
                Category::Acquisition,
                LineTiming::OneTime {
                    year: 0,
                    amount: cents(40_000 + n * 1_000),
                },
            ),
            line(
                Category::Implementation,
                LineTiming::OneTime {
                    year: 0,
                    amount: cents(15_000),
                },
            ),
            line(
                Category::LicencesAndSubscriptions,
                LineTiming::PerUnit {
                    from_year: 1,
                    to_year: 30,
                    unit_price: Decimal::new(4_500 + n * 25, 2),
                    quantity: Decimal::from(250 + n),
                    unit: "user".into(),
                    escalation: Decimal::new(3, 2),
                },
            ),
            line(
                Category::MaintenanceAndSupport,
                LineTiming::Recurring {
                    from_year: 1,
                    to_year: 30,
                    amount: cents(8_000 - n * 100),
                    escalation: Decimal::new(35, 3),
                },
            ),
            line(
                Category::InternalStaffTime,
                LineTiming::Recurring {
                    from_year: 1,
                    to_year: 30,
                    amount: cents(6_000),
                    escalation: Decimal::new(2, 2),
                },
            ),
            line(
                Category::HostingAndInfrastructure,
                LineTiming::Schedule {
                    amounts: (1..=30)
                        .map(|y| (y, cents(1_000 + i64::from(y) * 10)))
                        .collect(),
                },
            ),
            line(
                Category::UpgradesAndReplacement,
                LineTiming::OneTime {
                    year: 10 + (n as u32 % 5),
                    amount: cents(25_000),
                },
            ),
            line(
                Category::SavingsOrResidual,
                LineTiming::OneTime {
                    year: 30,
                    amount: -cents(5_000),
                },
            ),
        ],
    }
}

/// The baseline and ten options, thirty years: the largest comparison a clerk builds.
fn large_comparison() -> Comparison {
    Comparison {
        format_version: 1,
        title: "Benchmark: ten options over thirty years".into(),
        purchase_description: String::new(),
        horizon_years: 30,
        start: FiscalStart {
            fiscal_year: 2026,
            first_month: 7,
        },
        discount: DiscountRate {
            rate: Decimal::new(3, 2),
            source: "benchmark".into(),
        },
        timing: Timing::MidYear,
        baseline: option(0, OptionKind::StatusQuo, 0),
        options: (1..=10)
            .map(|n| {
                if n % 3 == 0 {
                    option(n, OptionKind::OwnSolicitation, 9 + n as u32)
                } else {
                    option(n, OptionKind::CooperativeContract { contract_id: None }, 0)
                }
            })
            .collect(),
    }
}

fn time<T>(label: &str, runs: usize, mut work: impl FnMut() -> T) -> Duration {
    work(); // warm caches and lazily built tables
    let mut durations: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    durations.sort();
    let median = durations[durations.len() / 2];
    println!(
        "{label:<58} fastest {:>10.3} ms   median {:>10.3} ms   ({runs} runs)",
        durations[0].as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    );
    median
}

fn main() {
    let comparison = large_comparison();
    comparison
        .validate()
        .expect("the benchmark comparison is valid");
    let options = comparison.options.len() + 1;

    time(
        &format!("compare: {options} options x 30 years, with sensitivity"),
        50,
        || compare(&comparison).expect("calculates"),
    );

    // 100 discount rates (-4.95 % to 19.8 % in 0.25-point steps) x 100 escalation shifts
    // (-2 to +2.95 points in 0.05-point steps) = 10,000 scenarios.
    let rates: Vec<Decimal> = (0..100).map(|i| Decimal::new(-495 + i * 25, 4)).collect();
    let deltas: Vec<Decimal> = (0..100).map(|i| Decimal::new(-200 + i * 5, 4)).collect();
    let scenarios = sweep(&comparison, &rates, &deltas).expect("sweeps").len();
    assert_eq!(scenarios, 10_000);
    let median = time(
        &format!("sweep: {scenarios} scenarios x {options} options x 30 years"),
        10,
        || sweep(&comparison, &rates, &deltas).expect("sweeps"),
    );
    println!(
        "sweep target: under 100 ms -> {}",
        if median < Duration::from_millis(100) {
            "met"
        } else {
            "NOT met"
        }
    );
}
