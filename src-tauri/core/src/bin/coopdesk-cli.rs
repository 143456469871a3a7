//! `coopdesk-cli`: CoopDesk without a window, over the same core as the app.
//!
//! For batch work, scripting and benchmarks. Every subcommand prints plain text by
//! default and JSON with `--json`; errors go to stderr as one sentence and the exit
//! code is 1 (2 for a usage error).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use chrono::{Local, NaiveDate, NaiveDateTime};
use clap::{Parser, Subcommand, ValueEnum};
use coopdesk_core::backup::{self, BackupInfo, BackupKind};
use coopdesk_core::db::{Database, OpenOptions};
use coopdesk_core::info::library_info;
use coopdesk_core::interchange::{
    self, Choices, Format, Mapping, Phase, PlanSummary, Progress, Side,
};
use coopdesk_core::library::checklist;
use coopdesk_core::library::search::{self, Query, StatusFilter};
use coopdesk_core::library::{contract, Status};
use coopdesk_core::memo::{self, store as memo_store, MemoInputs};
use coopdesk_core::settings;
use coopdesk_core::tco::chart::ChartBasis;
use coopdesk_core::tco::{
    self, format_dollars, store, BreakEven, Comparison, ComparisonResults, Timing,
};
use coopdesk_core::{files, json, paths, Error, Result};
use rust_decimal::Decimal;

/// Human output shows imported text's bidirectional and other control characters
/// escaped (`<U+202E>`), so a vendor name cannot reorder or rewrite the terminal line;
/// these shadow the standard macros for the whole file. `--json` is printed exactly, by
/// [`print_json`] with `std::println!`.
macro_rules! println {
    () => { std::println!() };
    ($($arg:tt)*) => { std::println!("{}", coopdesk_core::markup::terminal_safe(&format!($($arg)*))) };
}
macro_rules! eprintln {
    () => { std::eprintln!() };
    ($($arg:tt)*) => { std::eprintln!("{}", coopdesk_core::markup::terminal_safe(&format!($($arg)*))) };
}

#[derive(Debug, Parser)]
#[command(
    name = "coopdesk-cli",
    version,
    about = "CoopDesk's library, comparisons and memos from the command line"
)]
struct Cli {
    /// Data folder holding the library (default: $COOPDESK_DATA_DIR, else the per-user data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of its largest variant costs nothing (on Windows, where
// paths are wider, it crosses clippy's threshold).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Create the library, or bring an existing one up to this version's schema.
    Init {
        /// Do not fill a new library with the sample contracts.
        #[arg(long)]
        empty: bool,
    },
    /// Where the library is, its schema version and what it holds.
    Info,
    /// Search the library: ranked rows, best first.
    Search {
        /// What to search for, as a person would type it (may be empty to list by filters).
        #[arg(default_value = "")]
        text: Vec<String>,
        /// Only this cooperative (exact name, as the library lists it).
        #[arg(long)]
        cooperative: Option<String>,
        /// Only this category.
        #[arg(long)]
        category: Option<String>,
        /// Only contracts usable in this state (two-letter code).
        #[arg(long)]
        state: Option<String>,
        /// Only contracts open to this entity type (city, county, school district…).
        #[arg(long)]
        entity_type: Option<String>,
        /// Only contracts with this status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// How many rows to print.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// The day to judge expiry on (default: today), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Import contracts from a file: prints the plan (new, changed, duplicate, invalid
    /// rows, each invalid row as `line N, Field: sentence`), then writes the valid rows in
    /// one transaction unless --dry-run. Differing fields keep the library's value unless
    /// --take-theirs.
    Import {
        /// The file: CSV, an Excel or OpenDocument workbook (.xlsx, .xlsm, .xls, .ods),
        /// OCDS JSON, or a CoopDesk bundle (.coopdesk).
        file: PathBuf,
        /// The workbook's sheet that holds the contracts (needed when it has several).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// The workbook's header row as the spreadsheet numbers it (default: the first
        /// row that names CoopDesk's columns; title rows above it are skipped).
        #[arg(long, value_name = "ROW")]
        header_row: Option<u32>,
        /// The file's format (default: from its extension).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// A column mapping for CSV, JSON: {"columns": [{"header": "Contract #", "field":
        /// "contractNumber"}, {"header": "Notes", "field": null}, …]}, one entry per column
        /// in file order. It is remembered for the next file with the same headers.
        /// Default: the one remembered for these headers, else the guess.
        #[arg(long, value_name = "JSON")]
        mapping: Option<PathBuf>,
        /// Only print the plan; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// For a contract already in the library, take the file's value of every field
        /// that differs.
        #[arg(long, conflicts_with = "keep_mine")]
        take_theirs: bool,
        /// For a contract already in the library, keep the library's value of every
        /// field that differs (the default).
        #[arg(long)]
        keep_mine: bool,
    },
    /// Export contracts (the whole library, or those given with --id).
    Export {
        /// The file to write.
        file: PathBuf,
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Export only these contracts (repeat --id).
        #[arg(long = "id", value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Calculate a comparison file (see docs/comparison-format.md). Needs no library.
    Compare {
        /// The comparison file (JSON).
        file: PathBuf,
        /// Use this discount rate instead of the file's (a fraction: 0.03 is 3%).
        #[arg(long, value_name = "RATE", allow_negative_numbers = true)]
        discount_rate: Option<Decimal>,
        /// Use this timing convention instead of the file's.
        #[arg(long, value_enum)]
        timing: Option<TimingArg>,
        /// Also write the cumulative-cost chart (present value) to this SVG file.
        #[arg(long, value_name = "SVG")]
        chart: Option<PathBuf>,
        /// Also write the comparison workbook (inputs as values, every result a live
        /// Excel formula) to this .xlsx file.
        #[arg(long, value_name = "XLSX")]
        xlsx: Option<PathBuf>,
    },
    /// Write the justification memo (PDF) recommending one option of a comparison.
    Memo {
        /// The cooperative contract, by its number as the library lists it (or its id).
        contract: String,
        /// The comparison file (JSON).
        comparison: PathBuf,
        /// The option to recommend, by its name in the comparison file.
        #[arg(long)]
        option: String,
        /// Where to write the PDF.
        #[arg(long, short, value_name = "PDF")]
        output: PathBuf,
        /// The amount the council is asked to approve (not to exceed), e.g. 180000.00.
        #[arg(long)]
        amount: Decimal,
        /// Whom the memo is addressed to.
        #[arg(long, default_value = "")]
        to: String,
        /// Who writes it ("Ana Ruiz, Village Clerk").
        #[arg(long, default_value = "")]
        from: String,
        /// The memo's date (default: today), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        agenda_item: String,
        /// "FY2027".
        #[arg(long, default_value = "")]
        fiscal_year: String,
        #[arg(long, default_value = "")]
        budget_account: String,
        #[arg(long, default_value = "")]
        funding_source: String,
        /// Also write the HTML preview to this file.
        #[arg(long, value_name = "HTML")]
        html: Option<PathBuf>,
        /// Also write the memo as a Word document to this file.
        #[arg(long, value_name = "DOCX")]
        docx: Option<PathBuf>,
    },
    /// Set the logo memos print in their header (PNG or JPEG, under 512 KB), or remove it.
    Logo {
        /// The image file.
        #[arg(required_unless_present = "remove")]
        file: Option<PathBuf>,
        /// What the logo shows, for screen readers: "Seal of the Village of Peñasco".
        #[arg(long, default_value = "")]
        alt: String,
        /// Remove the logo instead.
        #[arg(long, conflicts_with = "file")]
        remove: bool,
    },
    /// List the memos saved in the library (made in the app's Memos screen).
    Memos,
    /// Start a saved memo from a saved comparison, recommending one of its options (a
    /// cooperative contract linked to the library); prints its id.
    MemoNew {
        /// The saved comparison's id.
        #[arg(long)]
        comparison: i64,
        /// The option to recommend: its id in the saved comparison, or its name.
        #[arg(long)]
        option: String,
    },
    /// Write a saved memo as PDF: a printed version exactly as it was printed, an
    /// unprinted one as it stands (without recording it as printed).
    MemoPdf {
        /// The memo's id, as `memos` lists it.
        id: i64,
        /// Where to write the PDF.
        #[arg(long, short, value_name = "PDF")]
        output: PathBuf,
        /// The version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Write a saved memo as a Word document (.docx), from the same document as its PDF:
    /// a printed version as it was printed, an unprinted one as it stands.
    MemoDocx {
        /// The memo's id, as `memos` lists it.
        id: i64,
        /// Where to write the .docx file.
        #[arg(long, short, value_name = "DOCX")]
        output: PathBuf,
        /// The version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Saved comparisons in the library.
    Comparison {
        #[command(subcommand)]
        action: ComparisonAction,
    },
    /// Back up the library (database and documents, one file) to the backups folder, or
    /// to FILE.
    Backup {
        /// Write the backup to this file (a USB stick) instead of the backups folder.
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
    /// List the backups in the backups folder, newest first.
    Backups,
    /// Replace the library with a backup, after backing up the library as it is now.
    Restore {
        /// The backup's name as `backups` lists it, or the path of a backup file.
        backup: String,
        /// Confirm: without it, nothing is changed.
        #[arg(long)]
        yes: bool,
    },
    /// For a damaged library: keep the damaged file aside and restore the latest good backup.
    Recover,
}

#[derive(Debug, Subcommand)]
enum ComparisonAction {
    /// Save a comparison file (see docs/comparison-format.md) as a new saved comparison.
    Save {
        /// The comparison file (JSON).
        file: PathBuf,
    },
}

/// The status filter as typed on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum StatusArg {
    Active,
    Expiring30,
    Expiring60,
    Expiring90,
    /// Past expiry, and nothing recorded says it can be extended.
    Expired,
    /// Past expiry, but renewals or a later final expiry may extend it.
    ExpiredMayBeExtended,
    Unknown,
}

impl From<StatusArg> for StatusFilter {
    fn from(arg: StatusArg) -> Self {
        match arg {
            StatusArg::Active => StatusFilter::Active,
            StatusArg::Expiring30 => StatusFilter::ExpiringWithin30,
            StatusArg::Expiring60 => StatusFilter::ExpiringWithin60,
            StatusArg::Expiring90 => StatusFilter::ExpiringWithin90,
            StatusArg::Expired => StatusFilter::Expired,
            StatusArg::ExpiredMayBeExtended => StatusFilter::ExpiredMayBeExtended,
            StatusArg::Unknown => StatusFilter::Unknown,
        }
    }
}

/// The interchange formats, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Ocds,
    Bundle,
    /// An Excel workbook (.xlsx) for export; .xlsx, .xlsm, .xls or .ods for import.
    Xlsx,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Csv => Format::Csv,
            FormatArg::Ocds => Format::Ocds,
            FormatArg::Bundle => Format::Bundle,
            FormatArg::Xlsx => Format::Workbook,
        }
    }
}

/// The timing conventions, as spelled on the command line (`end-of-year`…). The shared
/// "Year" ending is the vocabulary itself, hence the allowance.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, ValueEnum)]
enum TimingArg {
    EndOfYear,
    StartOfYear,
    MidYear,
}

impl From<TimingArg> for Timing {
    fn from(timing: TimingArg) -> Timing {
        match timing {
            TimingArg::EndOfYear => Timing::EndOfYear,
            TimingArg::StartOfYear => Timing::StartOfYear,
            TimingArg::MidYear => Timing::MidYear,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    // A comparison file is self-contained: comparing never opens (or creates) a library.
    if let Command::Compare {
        file,
        discount_rate,
        timing,
        chart,
        xlsx,
    } = &cli.command
    {
        return run_compare(
            file,
            *discount_rate,
            timing.map(Timing::from),
            chart.as_deref(),
            xlsx.as_deref(),
            cli.json,
        );
    }
    let data_dir = paths::resolve_data_dir(cli.data_dir)?;
    let now = Local::now().naive_local();
    // These work on the files, so they must not open — nor be stopped by — the library.
    match &cli.command {
        Command::Backups => return run_backups(&data_dir, cli.json),
        Command::Restore { backup, yes } => {
            return run_restore(&data_dir, backup, *yes, now, cli.json)
        }
        Command::Recover => {
            let report = backup::recover_from_backup(&data_dir, now)?;
            if cli.json {
                print_json(&report);
            } else {
                println!(
                    "Restored the library from {} (taken {}).",
                    report.restored_from.file_name,
                    report.restored_from.taken_at.format("%Y-%m-%d %H:%M")
                );
                println!(
                    "The damaged file is kept at {}",
                    report.damaged_copy.display()
                );
                for name in report.skipped {
                    println!("Skipped {name}: it did not pass the integrity check.");
                }
            }
            return Ok(());
        }
        _ => {}
    }
    let seed_sample = !matches!(cli.command, Command::Init { empty: true });
    let (db, report) = Database::open(&data_dir, OpenOptions { now, seed_sample })?;
    match cli.command {
        Command::Init { .. } => {
            let info = library_info(&db)?;
            if cli.json {
                print_json(&info);
            } else {
                let path = info.database_path.unwrap_or_default();
                if report.created {
                    println!("Created a new library at {path}");
                } else if let Some(from) = report.migrated_from {
                    println!(
                        "Upgraded the library at {path} from schema {from} to {}",
                        info.schema_version
                    );
                } else {
                    println!(
                        "The library at {path} is up to date (schema {})",
                        info.schema_version
                    );
                }
                if let Some(backup) = report.backup {
                    println!("A copy from before the upgrade is at {}", backup.display());
                }
                if report.sample_contracts > 0 {
                    println!(
                        "Added {} sample contracts (verify their facts before buying).",
                        report.sample_contracts
                    );
                }
            }
        }
        Command::Info => {
            let info = library_info(&db)?;
            if cli.json {
                print_json(&info);
            } else {
                println!("Library:        {}", info.database_path.unwrap_or_default());
                println!(
                    "Schema version: {} (this CoopDesk supports up to {})",
                    info.schema_version, info.supported_schema_version
                );
                println!(
                    "Contracts:      {} ({} sample)",
                    info.contracts, info.sample_contracts
                );
            }
        }
        Command::Search {
            text,
            cooperative,
            category,
            state,
            entity_type,
            status,
            limit,
            today,
        } => {
            let query = Query {
                text: text.join(" "),
                cooperative,
                category,
                state,
                entity_type,
                status: status.map(StatusFilter::from),
                limit: Some(limit),
                offset: 0,
            };
            let results = search::search(&db, &query, today.unwrap_or(now.date()))?;
            if cli.json {
                print_json(&results);
            } else {
                for hit in &results.hits {
                    let s = &hit.summary;
                    let expiry = s
                        .expiry_date
                        .map_or_else(|| "unknown".to_owned(), |d| d.to_string());
                    let status = match s.status {
                        Status::Active => "active",
                        Status::Expiring => "expiring",
                        Status::Expired => "expired",
                        // Explained under the table.
                        Status::ExpiredMayBeExtended => "expired*",
                        Status::Unknown => "unknown",
                    };
                    println!(
                        "{:<14} {:<10} {:<10} {:<24} {:<28} {}",
                        s.contract_number,
                        status,
                        expiry,
                        clip(&s.cooperative, 24),
                        clip(&s.vendor_name, 28),
                        clip(&s.title, 60),
                    );
                }
                for hit in &results.hits {
                    if hit.summary.status == Status::ExpiredMayBeExtended {
                        println!(
                            "* {}: {}.",
                            hit.summary.contract_number,
                            hit.summary.status_sentence()
                        );
                    }
                }
                println!(
                    "{} of {} matching contract{}",
                    results.hits.len(),
                    results.total,
                    if results.total == 1 { "" } else { "s" }
                );
            }
        }
        Command::Import {
            file,
            sheet,
            header_row,
            format,
            mapping,
            dry_run,
            take_theirs,
            keep_mine: _,
        } => {
            let side = if take_theirs {
                Side::TakeTheirs
            } else {
                Side::KeepMine
            };
            run_import(
                &db,
                &file,
                &interchange::workbook::WorkbookChoice { sheet, header_row },
                format,
                mapping.as_deref(),
                dry_run,
                side,
                now,
                cli.json,
            )?;
        }
        Command::Export { file, format, ids } => {
            let count = run_export(&db, &file, format.into(), &ids, now)?;
            if cli.json {
                print_json(&serde_json::json!({ "file": file, "contracts": count }));
            } else {
                println!(
                    "Exported {count} contract{} to {}",
                    plural(count),
                    file.display()
                );
            }
        }
        Command::Memo {
            contract,
            comparison,
            option,
            output,
            amount,
            to,
            from,
            date,
            agenda_item,
            fiscal_year,
            budget_account,
            funding_source,
            html,
            docx,
        } => {
            let inputs = MemoInputs {
                to,
                from,
                date: date.unwrap_or(now.date()),
                agenda_item,
                amount,
                fiscal_year,
                budget_account,
                funding_source,
                ..MemoInputs::default()
            };
            let bytes = run_memo(
                &db,
                &contract,
                &comparison,
                &option,
                &inputs,
                &output,
                html,
                docx,
            )?;
            println!("Wrote the memo to {} ({bytes} bytes)", output.display());
        }
        Command::Logo { file, alt, remove } => match file {
            Some(file) if !remove => {
                let logo = settings::set_logo_from_file(&db, &file, &alt)?;
                println!(
                    "Memos will print {} ({} × {} pixels) in their header.",
                    file.display(),
                    logo.width_px,
                    logo.height_px
                );
            }
            _ => {
                settings::set_logo(&db, None)?;
                println!("Memos will print no logo.");
            }
        },
        Command::Memos => {
            let memos = memo_store::list(&db)?;
            if cli.json {
                print_json(&memos);
            } else {
                for memo in &memos {
                    let state = memo.printed_at.map_or("draft".to_owned(), |at| {
                        format!("printed {}", at.format("%Y-%m-%d"))
                    });
                    println!(
                        "{:>4}  v{:<3} {:<18} {}",
                        memo.id,
                        memo.version,
                        state,
                        clip(&memo.title, 80)
                    );
                }
                println!(
                    "{} memo{}",
                    memos.len(),
                    if memos.len() == 1 { "" } else { "s" }
                );
            }
        }
        Command::MemoPdf {
            id,
            output,
            version,
        } => println!("{}", run_memo_pdf(&db, id, version, &output)?),
        Command::MemoDocx {
            id,
            output,
            version,
        } => println!("{}", run_memo_docx(&db, id, version, &output)?),
        Command::MemoNew { comparison, option } => {
            let id = memo_store::create(&db, comparison, &option, now)?;
            if cli.json {
                print_json(&serde_json::json!({ "id": id }));
            } else {
                println!("Started memo {id}; write it in the app's Memos screen.");
            }
        }
        Command::Comparison {
            action: ComparisonAction::Save { file },
        } => {
            let comparison = Comparison::from_json(&read_comparison(&file)?)?;
            let id = store::save(&db, None, &comparison, now)?;
            if cli.json {
                print_json(&serde_json::json!({ "id": id, "title": comparison.title }));
            } else {
                println!(
                    "Saved the comparison '{}' as #{id}",
                    comparison.title.trim()
                );
            }
        }
        Command::Backup { to } => {
            let info = match &to {
                Some(path) => backup::backup_to(&db, path, now)?,
                None => backup::backup_now(&db, now)?,
            };
            if cli.json {
                print_json(&info);
            } else {
                let place =
                    to.unwrap_or_else(|| data_dir.join(paths::BACKUP_DIR).join(&info.file_name));
                println!(
                    "Backed up the library to {} ({})",
                    place.display(),
                    format_size(info.size_bytes)
                );
            }
        }
        Command::Compare { .. } | Command::Backups | Command::Restore { .. } | Command::Recover => {
            unreachable!("handled before opening the library")
        }
    }
    Ok(())
}

/// `memo-pdf ID`: a saved memo's PDF; returns the sentence to print.
fn run_memo_pdf(db: &Database, id: i64, version: Option<u32>, output: &Path) -> Result<String> {
    let version = match version {
        Some(version) => version,
        None => memo_store::open(db, id)?.version,
    };
    let (bytes, state) = match memo_store::printed(db, id, version) {
        Ok(printed) => (
            printed.pdf,
            format!("printed {}", printed.printed_at.format("%Y-%m-%d %H:%M")),
        ),
        Err(Error::Invalid { .. }) => (
            memo::to_pdf(&memo_store::render(db, id, Some(version))?)?,
            "a draft, not recorded as printed".to_owned(),
        ),
        Err(error) => return Err(error),
    };
    files::write_bytes(output, &bytes)?;
    Ok(format!(
        "Wrote version {version} of memo {id} ({state}) to {} ({} bytes)",
        output.display(),
        bytes.len()
    ))
}

/// `memo-docx ID`: a saved memo as a Word document; returns the sentence to print.
fn run_memo_docx(db: &Database, id: i64, version: Option<u32>, output: &Path) -> Result<String> {
    let version = match version {
        Some(version) => version,
        None => memo_store::open(db, id)?.version,
    };
    let bytes = memo::to_docx(&memo_store::render(db, id, Some(version))?)?;
    files::write_bytes(output, &bytes)?;
    Ok(format!(
        "Wrote version {version} of memo {id} as a Word document to {} ({} bytes)",
        output.display(),
        bytes.len()
    ))
}

/// `backups`: the list Settings shows.
fn run_backups(data_dir: &Path, json: bool) -> Result<()> {
    let backups = backup::list_backups(data_dir)?;
    if json {
        print_json(&backups);
        return Ok(());
    }
    for b in &backups {
        println!(
            "{:<52} {:<16} {}  {:>10}",
            b.file_name,
            kind_label(b.kind),
            b.taken_at.format("%Y-%m-%d %H:%M:%S"),
            format_size(b.size_bytes)
        );
    }
    println!(
        "{} backup{} in {}",
        backups.len(),
        if backups.len() == 1 { "" } else { "s" },
        data_dir.join(paths::BACKUP_DIR).display()
    );
    Ok(())
}

/// `restore NAME|FILE --yes`.
fn run_restore(
    data_dir: &Path,
    wanted: &str,
    yes: bool,
    now: chrono::NaiveDateTime,
    json: bool,
) -> Result<()> {
    let listed: Vec<BackupInfo> = backup::list_backups(data_dir)?;
    let in_folder = listed.iter().any(|b| b.file_name == wanted);
    if !in_folder && !Path::new(wanted).is_file() {
        return Err(Error::NotFound {
            what: format!("The backup '{wanted}' (see `coopdesk-cli backups`)"),
        });
    }
    if !yes {
        return Err(Error::invalid(
            "restore",
            format!(
                "restoring replaces the whole library with {wanted} (the library as it is now \
                 is backed up first). Nothing was changed; add --yes to go ahead."
            ),
        ));
    }
    let report = if in_folder {
        backup::restore(data_dir, wanted, now)?
    } else {
        backup::restore_file(data_dir, Path::new(wanted), now)?
    };
    if json {
        print_json(&report);
    } else {
        println!("Restored the library from {}", report.restored_from);
        if let Some(safety) = report.safety_backup {
            println!("The library as it was is backed up as {}", safety.file_name);
        }
    }
    Ok(())
}

fn kind_label(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Daily => "daily",
        BackupKind::BeforeMigration => "before upgrade",
        BackupKind::BeforeImport => "before import",
        BackupKind::BeforeRestore => "before restore",
        BackupKind::Manual => "manual",
    }
}

/// Bytes as a person reads them: 812 KB, 3.4 MB.
fn format_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => {
            // Tenths of a megabyte, rounded, in whole numbers: no floating point here.
            let tenths = (b * 10 + 512 * 1024) / (1024 * 1024);
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

fn read_comparison(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).map_err(|source| Error::Io {
        action: "read the comparison file",
        path: file.to_owned(),
        source,
    })
}

/// `memo CONTRACT FILE`: compose from the library and the comparison, write the PDF
/// (and the HTML preview and Word document when asked); returns the PDF's size.
#[allow(clippy::too_many_arguments)]
fn run_memo(
    db: &Database,
    number: &str,
    file: &Path,
    option: &str,
    inputs: &MemoInputs,
    output: &Path,
    html: Option<PathBuf>,
    docx: Option<PathBuf>,
) -> Result<usize> {
    let wanted = search::number_key(number);
    let contract = contract::all(db)?
        .into_iter()
        .find(|c| {
            c.id.is_some_and(|id| id.to_string() == number.trim())
                || std::iter::once(&c.contract_number)
                    .chain(&c.number_variants)
                    .any(|n| search::number_key(n) == wanted)
        })
        .ok_or_else(|| {
            Error::invalid(
                "contract",
                format!(
                    "No contract numbered '{number}' is in the library. Find its number with \
                     `coopdesk-cli search {number}`."
                ),
            )
        })?;
    let entries = checklist::checklist(db, contract.id.unwrap_or_default())?;
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        action: "read the comparison",
        path: file.to_owned(),
        source,
    })?;
    let comparison = Comparison::from_json(&text)?;
    let results = tco::compare(&comparison)?;
    let chosen = results
        .options
        .iter()
        .position(|o| !o.is_baseline && o.name.trim().eq_ignore_ascii_case(option.trim()))
        .ok_or_else(|| {
            let names: Vec<&str> = results.options[1..]
                .iter()
                .map(|o| o.name.as_str())
                .collect();
            Error::invalid(
                "--option",
                format!(
                    "'{option}' is not an option of this comparison; choose one of: {}.",
                    names.join("; ")
                ),
            )
        })?;
    let settings = settings::load(db)?;
    let memo = memo::compose(
        &settings,
        &contract,
        &entries,
        &comparison,
        &results,
        chosen,
        inputs,
    )?;
    let pdf = memo::to_pdf(&memo)?;
    files::write_bytes(output, &pdf)?;
    if let Some(path) = html {
        files::write_bytes(&path, memo::to_html(&memo).as_bytes())?;
    }
    if let Some(path) = docx {
        files::write_bytes(&path, &memo::to_docx(&memo)?)?;
    }
    Ok(pdf.len())
}

/// `import FILE`: read, plan, print the plan, write unless a dry run.
#[allow(clippy::too_many_arguments)]
fn run_import(
    db: &Database,
    file: &Path,
    choice: &interchange::workbook::WorkbookChoice,
    format: Option<FormatArg>,
    mapping: Option<&Path>,
    dry_run: bool,
    side: Side,
    now: NaiveDateTime,
    json: bool,
) -> Result<()> {
    let name = file.to_string_lossy();
    let format = format.map(Format::from).or_else(|| Format::from_file_name(&name)).ok_or_else(|| {
        Error::invalid(
            "--format",
            format!("CoopDesk cannot tell the format of {name} from its name; add --format csv, xlsx, ocds or bundle."),
        )
    })?;
    let mapping = match mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                action: "read the mapping",
                path: path.to_owned(),
                source,
            })?;
            Some(
                serde_json::from_str::<Mapping>(json::without_bom(&text)).map_err(|e| {
                    Error::invalid(
                        "--mapping",
                        format!("{} is not a column mapping: {e}.", path.display()),
                    )
                })?,
            )
        }
        None => None,
    };
    let incoming = if format == Format::Workbook {
        interchange::read_workbook(db, file, choice, mapping.as_ref())?
    } else {
        interchange::read_file(db, file, format, mapping.as_ref())?
    };
    let plan = interchange::plan(db, incoming)?;
    let summary = plan.summary();
    if !json {
        print_plan(&summary);
    }
    let report = if dry_run {
        None
    } else {
        let choices = Choices {
            default: side,
            fields: Vec::new(),
        };
        let cancel = AtomicBool::new(false);
        let counts = plan.counts();
        if counts.new + counts.changed > 0 {
            backup::backup_before_import(db, now)?;
        }
        let report = interchange::apply(db, &plan, &choices, now, &mut show_progress, &cancel)?;
        if let Some(mapping) = &mapping {
            interchange::mapping::remember(db, mapping)?;
        }
        Some(report)
    };
    if json {
        print_json(&serde_json::json!({ "plan": summary, "report": report }));
    } else if let Some(report) = report {
        println!(
            "Imported: {} added, {} updated, {} unchanged, {} invalid row{} left out, {} document{} attached.",
            report.added,
            report.updated,
            report.unchanged,
            report.skipped,
            plural(report.skipped),
            report.documents_added,
            plural(report.documents_added),
        );
    } else {
        println!("Dry run: nothing was written.");
    }
    Ok(())
}

/// The plan as a clerk reads it: counts, notes, each invalid row, each difference.
fn print_plan(summary: &PlanSummary) {
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

/// `export FILE`: writes the selection; returns how many contracts.
fn run_export(
    db: &Database,
    file: &Path,
    format: Format,
    ids: &[i64],
    now: NaiveDateTime,
) -> Result<usize> {
    let cancel = AtomicBool::new(false);
    let report = interchange::export(db, ids, format, file, now, &mut show_progress, &cancel)?;
    for sentence in &report.left_out {
        eprintln!("warning: {sentence}");
    }
    Ok(report.contracts)
}

/// A progress line on the terminal (nothing when stderr is a file or a pipe).
fn show_progress(progress: Progress) {
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `text` cut to `width` characters, with an ellipsis when cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(width - 1).collect();
        format!("{kept}…")
    }
}

/// `compare FILE`: calculate, optionally draw the chart, print table or JSON.
fn run_compare(
    file: &Path,
    discount_rate: Option<Decimal>,
    timing: Option<Timing>,
    chart: Option<&Path>,
    xlsx: Option<&Path>,
    json: bool,
) -> Result<()> {
    let (comparison, results) = compare(file, discount_rate, timing)?;
    if let Some(path) = xlsx {
        tco::workbook::write_comparison_workbook(&comparison, &results, path)?;
    }
    if let Some(path) = chart {
        let spec = tco::chart::cumulative_cost_chart(&results, ChartBasis::PresentValue);
        files::write_bytes(path, tco::chart::to_svg(&spec).as_bytes())?;
    }
    if json {
        print_json(&results);
    } else {
        print_results(&results);
    }
    Ok(())
}

/// Reads a comparison file, applies the command line's overrides and calculates it.
fn compare(
    file: &Path,
    discount_rate: Option<Decimal>,
    timing: Option<Timing>,
) -> Result<(Comparison, ComparisonResults)> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        action: "read the comparison file",
        path: file.to_owned(),
        source,
    })?;
    let mut comparison = Comparison::from_json(&text)?;
    if let Some(rate) = discount_rate {
        comparison.discount.rate = rate;
        comparison.discount.source = "set on the command line".to_owned();
    }
    if let Some(timing) = timing {
        comparison.timing = timing;
    }
    let results = tco::compare(&comparison)?;
    Ok((comparison, results))
}

/// The summary table a clerk reads: one row per option, cheapest first.
fn print_results(results: &ComparisonResults) {
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

fn print_json(value: &impl serde::Serialize) {
    std::println!(
        "{}",
        serde_json::to_string_pretty(value).expect("our types always serialise")
    );
}
