//! `coopdesk-cli`: CoopDesk without a window, over the same core as the app.
//!
//! For batch work, scripting and benchmarks. Every subcommand prints plain text by
//! default and JSON with `--json`; errors go to stderr as one sentence and the exit
//! code is 1 (2 for a usage error).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Local;
use clap::{Parser, Subcommand};
use coopdesk_core::db::{Database, OpenOptions};
use coopdesk_core::info::library_info;
use coopdesk_core::{paths, Result};

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
    let data_dir = paths::resolve_data_dir(cli.data_dir)?;
    let seed_sample = !matches!(cli.command, Command::Init { empty: true });
    let (db, report) = Database::open(
        &data_dir,
        OpenOptions {
            now: Local::now().naive_local(),
            seed_sample,
        },
    )?;
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
    }
    Ok(())
}

fn print_json(value: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("our types always serialise")
    );
}
