//! `coopdesk-cli`: CoopDesk without a window, over the same core as the app.
//!
//! For batch work, scripting and benchmarks. Every subcommand prints plain text by
//! default and JSON with `--json`; errors go to stderr as one sentence (with `--json`, as
//! the `{code, message}` the app's window receives) and the exit code is 1 (2 for a
//! usage error).
//!
//! A brief overview: [`args`] is the command line as clap reads it; each command group
//! has a module that calls the core once and prints what it answers ([`library`],
//! [`interchange`], [`compare`], [`memo`], [`backup`], [`spending`], [`due`], [`insurance`],
//! [`hub`]); [`print`] holds what every group prints with. The work itself is the core's.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDateTime};
use clap::Parser;
use coopdesk_core::db::Database;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::{paths, Result};

/// Human output shows imported text's bidirectional and other control characters
/// escaped (`<U+202E>`), so a vendor name cannot reorder or rewrite the terminal line;
/// these shadow the standard macros for every module below. `--json` is printed exactly,
/// by [`print::json`] with `std::println!`.
macro_rules! println {
    () => { std::println!() };
    ($($arg:tt)*) => { std::println!("{}", coopdesk_core::markup::terminal_safe(&format!($($arg)*))) };
}
macro_rules! eprintln {
    () => { std::eprintln!() };
    ($($arg:tt)*) => { std::eprintln!("{}", coopdesk_core::markup::terminal_safe(&format!($($arg)*))) };
}

mod args;
mod audit;
mod backup;
mod compare;
mod due;
mod hub;
mod insurance;
mod interchange;
mod library;
mod memo;
mod print;
mod purchase_import;
mod spending;

use args::{BackupAction, Cli, Command, MemoAction};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print::error(&error, json);
            ExitCode::FAILURE
        }
    }
}

/// What one run needs besides its command: where the library is, the clock, the output.
#[derive(Debug)]
pub struct Context {
    pub data_dir: PathBuf,
    pub now: NaiveDateTime,
    pub json: bool,
}

impl Context {
    /// Opens (creating or migrating) the library; a new one gets the sample contracts.
    fn open(&self) -> Result<Database> {
        self.open_with(true)
    }

    fn open_with(&self, seed_sample: bool) -> Result<Database> {
        let options = OpenOptions {
            now: self.now,
            seed_sample,
        };
        opening::open(&self.data_dir, options).map(|(db, _report)| db)
    }
}

fn run(cli: Cli) -> Result<()> {
    let json = cli.json;
    // A comparison file is self-contained: comparing never opens (or creates) a library.
    let command = match cli.command {
        Command::Compare(args) => return compare::compare(&args, json),
        command => command,
    };
    let cx = Context {
        data_dir: paths::resolve_data_dir(cli.data_dir)?,
        now: Local::now().naive_local(),
        json,
    };
    match command {
        Command::Compare(_) => unreachable!("compared above"),
        Command::Init { empty } => library::init(&cx, !empty),
        Command::Info => library::info(&cx, &cx.open()?),
        Command::Search(args) => library::search(&cx, &cx.open()?, args),
        Command::Logo(args) => library::logo(&cx.open()?, args),
        Command::Import(args) => interchange::import(&cx, &cx.open()?, args),
        Command::Export(args) => interchange::export(&cx, &cx.open()?, args),
        Command::Comparison {
            action: args::ComparisonAction::Save { file },
        } => compare::save(&cx, &cx.open()?, &file),
        Command::Memo { action, compose } => match (action, compose) {
            (Some(action), _) => run_memo(&cx, action),
            (None, Some(compose)) => memo::compose(&cx, &cx.open()?, compose),
            (None, None) => Err(coopdesk_core::Error::invalid(
                "memo",
                "say what to do: memo new, memo list, memo pdf, memo docx, memo compose or memo renewal \
                 (see coopdesk-cli memo --help).",
            )),
        },
        Command::Memos => run_memo(&cx, MemoAction::List),
        Command::MemoNew(args) => run_memo(&cx, MemoAction::New(args)),
        Command::MemoPdf(args) => run_memo(&cx, MemoAction::Pdf(args)),
        Command::MemoDocx(args) => run_memo(&cx, MemoAction::Docx(args)),
        Command::Backup { action, create } => {
            run_backup(&cx, action.unwrap_or(BackupAction::Create(create)))
        }
        Command::Backups => run_backup(&cx, BackupAction::List),
        Command::Restore(args) => run_backup(&cx, BackupAction::Restore(args)),
        Command::Recover => backup::recover(&cx),
        Command::Approval { action } => spending::approval(&cx, &cx.open()?, action),
        Command::Purchase { action } => spending::purchase(&cx, &cx.open()?, action),
        Command::Spending { action } => audit::spending(&cx, &cx.open()?, action),
        Command::Hub { action } => hub::hub(&cx, action),
        Command::Due { action, today } => due::due(&cx, &cx.open()?, action, today),
        Command::Calendar { action } => due::calendar(&cx, &cx.open()?, action),
        Command::Insurance { action } => insurance::insurance(&cx, &cx.open()?, action),
    }
}

fn run_memo(cx: &Context, action: MemoAction) -> Result<()> {
    let db = cx.open()?;
    match action {
        MemoAction::New(args) => memo::new(cx, &db, args),
        MemoAction::List => memo::list(cx, &db),
        MemoAction::Pdf(args) => memo::pdf(&db, args),
        MemoAction::Docx(args) => memo::docx(&db, args),
        MemoAction::Compose(args) => memo::compose(cx, &db, args),
        MemoAction::Renewal(args) => memo::renewal(cx, &db, args),
    }
}

/// Listing and restoring work on the files, so they must not open — nor be stopped by —
/// the library.
fn run_backup(cx: &Context, action: BackupAction) -> Result<()> {
    match action {
        BackupAction::Create(args) => backup::create(cx, &cx.open()?, args),
        BackupAction::List => backup::list(cx),
        BackupAction::Restore(args) => backup::restore(cx, args),
    }
}

/// A text file the command line names (a comparison, a mapping), whole.
fn read_text(path: &std::path::Path, action: &'static str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| coopdesk_core::Error::io(action, path, source))
}
