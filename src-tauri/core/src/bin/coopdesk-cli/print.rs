//! What every command prints with: JSON exactly as the core serialises it, errors as
//! the window receives them, and the tables and sentences a clerk reads. Human output
//! goes through the terminal-safe `println!` of `main.rs`.

use std::io::IsTerminal;

use coopdesk_core::backup::BackupKind;
use coopdesk_core::interchange::{Phase, PlanSummary, Progress};
use coopdesk_core::tco::{format_dollars, BreakEven, ComparisonResults};
use coopdesk_core::{Error, ErrorPayload};
use rust_decimal::Decimal;

/// `value` as pretty JSON on stdout, exactly (no escaping: JSON escapes for itself).
pub fn json(value: &impl serde::Serialize) {
    std::println!(
        "{}",
        serde_json::to_string_pretty(value).expect("our types always serialise")
    );
}

/// An error on stderr: one sentence, or with `--json` the `{code, message}` the app's
/// window receives ([`ErrorPayload`]), so a script can act on the code.
pub fn error(error: &Error, json: bool) {
    if json {
        std::eprintln!(
            "{}",
            serde_json::to_string_pretty(&ErrorPayload::from(error))
                .expect("an error payload always serialises")
        );
    } else {
        eprintln!("error: {error}");
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `text` cut to `width` characters, with an ellipsis when cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(width - 1).collect();
        format!("{kept}…")
    }
}

/// Bytes as a person reads them: 812 KB, 3.4 MB.
pub fn format_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => {
            // Tenths of a megabyte, rounded, in whole numbers: no floating point here.
            let tenths = (b * 10 + 512 * 1024) / (1024 * 1024);
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

pub fn kind_label(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Daily => "daily",
        BackupKind::BeforeMigration => "before upgrade",
        BackupKind::BeforeImport => "before import",
        BackupKind::BeforeRestore => "before restore",
        BackupKind::Manual => "manual",
    }
}

/// A progress line on the terminal (nothing when stderr is a file or a pipe).
pub fn show_progress(progress: Progress) {
    if !std::io::stderr().is_terminal() || progress.total < 1000 {
        return;
    }
    let verb = match progress.phase {
        Phase::Writing => "Importing",
        Phase::Exporting => "Exporting",
    };
    // Our own carriage return, and numbers only: printed as they are.
    std::eprint!(
        "\r{verb}: {}% ({} of {})",
        progress.done * 100 / progress.total,
        progress.done,
        progress.total
    );
    if progress.done == progress.total {
        eprintln!();
    }
}

/// An import's plan as a clerk reads it: counts, notes, each invalid row, each
/// difference.
pub fn plan(summary: &PlanSummary) {
    let c = summary.counts;
    let empty = if c.empty > 0 {
        format!(", {} empty row{} skipped", c.empty, plural(c.empty))
    } else {
        String::new()
    };
    println!(
        "{} new, {} changed, {} duplicate, {} invalid{empty}",
        c.new, c.changed, c.duplicate, c.invalid
    );
    for note in &summary.notes {
        println!("note: {note}");
    }
    for row in &summary.invalid {
        for sentence in row.sentences() {
            println!("{sentence}");
        }
    }
    for warning in &summary.warnings {
        println!("check: {}", warning.sentence());
    }
    for row in &summary.changed {
        println!(
            "line {}: {} {} ({}) differs from the library:",
            row.line, row.cooperative, row.contract_number, row.vendor_name
        );
        for d in &row.differences {
            println!("  {}: mine '{}', theirs '{}'", d.label, d.mine, d.theirs);
        }
    }
}

/// A comparison's summary table: one row per option, cheapest first.
pub fn results(results: &ComparisonResults) {
    let first = results.years.get(1).map_or("", |y| y.label.as_str());
    let last = results.years.last().map_or("", |y| y.label.as_str());
    println!("{}", results.title);
    println!(
        "{} years ({first} to {last}), discount rate {}% ({}), {} timing",
        results.horizon_years,
        (results.discount_rate * Decimal::ONE_HUNDRED).normalize(),
        if results.discount_source.is_empty() {
            "no source given"
        } else {
            &results.discount_source
        },
        results.timing.label(),
    );
    println!();
    let name_width = results
        .options
        .iter()
        .map(|o| o.name.chars().count() + if o.is_baseline { 11 } else { 0 })
        .max()
        .unwrap_or(6)
        .max(6);
    println!(
        "{:<4}  {:<name_width$}  {:>16}  {:>16}  {:>16}  {:>16}  {:<22}  Break-even (PV)",
        "Rank",
        "Option",
        "Nominal",
        "Present value",
        "Savings",
        "PV savings",
        "Break-even (nominal)",
    );
    for &index in &results.ranking {
        let option = &results.options[index];
        let name = if option.is_baseline {
            format!("{} (baseline)", option.name)
        } else {
            option.name.clone()
        };
        let break_even = |b: Option<BreakEven>| b.map_or("-".to_owned(), |b| b.to_string());
        println!(
            "{:<4}  {:<name_width$}  {:>16}  {:>16}  {:>16}  {:>16}  {:<22}  {}",
            option.rank,
            name,
            format_dollars(option.nominal_total),
            format_dollars(option.present_value),
            format_dollars(option.nominal_savings),
            format_dollars(option.pv_savings),
            break_even(option.break_even_nominal),
            break_even(option.break_even_pv),
        );
    }
    println!();
    match results.sensitivity.rate_swap {
        Some(swap) => println!(
            "{} is cheaper below a discount rate of {}%, {} above it.",
            results.options[swap.cheaper_below].name,
            (swap.rate * Decimal::ONE_HUNDRED).normalize(),
            results.options[swap.cheaper_above].name
        ),
        None => println!(
            "The ranking of the two best options holds at every discount rate from -5% to 20%."
        ),
    }
}
