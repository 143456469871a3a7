//! The command line as clap reads it: every subcommand, flag and value, with the help
//! text a clerk sees. Today's spellings from earlier versions (`memos`, `memo-new`,
//! `memo-pdf`, `memo-docx`, `backups`, `restore`, `backup --to`, `memo CONTRACT FILE`)
//! are kept as hidden aliases of the grouped ones, so that no clerk's script breaks.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use coopdesk_core::interchange::Format;
use coopdesk_core::library::search::StatusFilter;
use coopdesk_core::tco::Timing;
use rust_decimal::Decimal;

#[derive(Debug, Parser)]
#[command(
    name = "coopdesk-cli",
    version,
    about = "CoopDesk's library, comparisons and memos from the command line"
)]
pub struct Cli {
    /// Data folder holding the library (default: $COOPDESK_DATA_DIR, else the per-user data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print JSON instead of text (errors too: {"code": …, "message": …} on stderr).
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of its largest variant costs nothing (on Windows, where
// paths are wider, it crosses clippy's threshold).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the library, or bring an existing one up to this version's schema.
    Init {
        /// Do not fill a new library with the sample contracts.
        #[arg(long)]
        empty: bool,
    },
    /// Where the library is, its schema version and what it holds.
    Info,
    /// Search the library: ranked rows, best first.
    Search(SearchArgs),
    /// Import contracts from a file: prints the plan (new, changed, duplicate, invalid
    /// rows, each invalid row as `line N, Field: sentence`), then writes the valid rows in
    /// one transaction unless --dry-run. Differing fields keep the library's value unless
    /// --take-theirs.
    Import(ImportArgs),
    /// Export contracts (the whole library, or those given with --id).
    Export(ExportArgs),
    /// Calculate a comparison file (see docs/comparison-format.md). Needs no library.
    Compare(CompareArgs),
    /// Justification memos: `memo new`, `memo list`, `memo pdf`, `memo docx`, and
    /// `memo compose` to write one straight from a comparison file.
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        arg_required_else_help = true
    )]
    Memo {
        #[command(subcommand)]
        action: Option<MemoAction>,
        /// The earlier spelling of `memo compose CONTRACT COMPARISON …`.
        #[command(flatten)]
        compose: Option<ComposeArgs>,
    },
    /// Set the logo memos print in their header (PNG or JPEG, under 512 KB), or remove it.
    Logo(LogoArgs),
    /// Saved comparisons in the library.
    Comparison {
        #[command(subcommand)]
        action: ComparisonAction,
    },
    /// Backups of the library: `backup create`, `backup list`, `backup restore`.
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        #[command(subcommand)]
        action: Option<BackupAction>,
        /// The earlier spelling of `backup create [--to FILE]`.
        #[command(flatten)]
        create: BackupCreateArgs,
    },
    /// For a damaged library: keep the damaged file aside and restore the latest good backup.
    Recover,
    /// The council's actions: `approval record`, `approval list`, `approval show`.
    Approval {
        #[command(subcommand)]
        action: crate::spending::ApprovalAction,
    },
    /// What is bought under them: `purchase add`, `purchase change-order`, `purchase
    /// invoice`, `purchase list`. A purchase that breaks a guard rail (past the
    /// not-to-exceed, after the contract's expiry…) is recorded only with
    /// --override-reason.
    Purchase {
        #[command(subcommand)]
        action: crate::spending::PurchaseAction,
    },
    /// For the auditor: `spending export --xlsx FILE | --csv DIR`.
    Spending {
        #[command(subcommand)]
        action: crate::audit::SpendingAction,
    },
    /// A shared library through a PostgreSQL hub: `hub init` and `hub add-member` (the
    /// hub's administrator), `hub join`, `hub sync`, `hub status`, `hub conflicts`,
    /// `hub resolve`, `hub share` and `hub unshare` (the region; docs/hub.md).
    Hub {
        #[command(subcommand)]
        action: crate::hub::HubAction,
    },
    /// What needs action: renewal decisions, terms and authority running out, spending
    /// past 80 % and 100 %, overrides, insurance, facts to verify. `due snooze`, `due
    /// dismiss`, `due history`, `due lead-time`, `due settings`.
    #[command(args_conflicts_with_subcommands = true)]
    Due {
        #[command(subcommand)]
        action: Option<crate::due::DueAction>,
        #[command(flatten)]
        today: crate::due::TodayArgs,
    },
    /// Reminders in your calendar: `calendar export FILE.ics`.
    Calendar {
        #[command(subcommand)]
        action: crate::due::CalendarAction,
    },
    /// Certificates of insurance: `insurance add`, `insurance list`.
    Insurance {
        #[command(subcommand)]
        action: crate::insurance::InsuranceAction,
    },

    // Earlier spellings, still accepted; hidden from the help.
    #[command(hide = true)]
    Memos,
    #[command(hide = true)]
    MemoNew(MemoNewArgs),
    #[command(hide = true)]
    MemoPdf(MemoFileArgs),
    #[command(hide = true)]
    MemoDocx(MemoFileArgs),
    #[command(hide = true)]
    Backups,
    #[command(hide = true)]
    Restore(RestoreArgs),
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to search for, as a person would type it (may be empty to list by filters).
    #[arg(default_value = "")]
    pub text: Vec<String>,
    /// Only this cooperative (exact name, as the library lists it).
    #[arg(long)]
    pub cooperative: Option<String>,
    /// Only this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Only contracts usable in this state (two-letter code).
    #[arg(long)]
    pub state: Option<String>,
    /// Only contracts open to this entity type (city, county, school district…).
    #[arg(long)]
    pub entity_type: Option<String>,
    /// Only contracts with this status.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// How many rows to print.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// The day to judge expiry on (default: today), YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: CSV, an Excel or OpenDocument workbook (.xlsx, .xlsm, .xls, .ods),
    /// OCDS JSON, or a CoopDesk bundle (.coopdesk).
    pub file: PathBuf,
    /// The workbook's sheet that holds the contracts (needed when it has several).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The workbook's header row as the spreadsheet numbers it (default: the first
    /// row that names CoopDesk's columns; title rows above it are skipped).
    #[arg(long, value_name = "ROW")]
    pub header_row: Option<u32>,
    /// The file's format (default: from its extension).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// A column mapping for CSV, JSON: {"columns": [{"header": "Contract #", "field":
    /// "contractNumber"}, {"header": "Notes", "field": null}, …]}, one entry per column
    /// in file order, and optionally values for the whole file: "constants": [{"field":
    /// "cooperative", "value": "City of Springfield Purchasing"}]. It is remembered for
    /// the next file with the same headers.
    /// Default: the one remembered for these headers, else the guess.
    #[arg(long, value_name = "JSON")]
    pub mapping: Option<PathBuf>,
    /// Only print the plan; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// For a contract already in the library, take the file's value of every field
    /// that differs.
    #[arg(long, conflicts_with = "keep_mine")]
    pub take_theirs: bool,
    /// For a contract already in the library, keep the library's value of every
    /// field that differs (the default).
    #[arg(long)]
    pub keep_mine: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write.
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Export only these contracts (repeat --id).
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The comparison file (JSON).
    pub file: PathBuf,
    /// Use this discount rate instead of the file's (a fraction: 0.03 is 3%).
    #[arg(long, value_name = "RATE", allow_negative_numbers = true)]
    pub discount_rate: Option<Decimal>,
    /// Use this timing convention instead of the file's.
    #[arg(long, value_enum)]
    pub timing: Option<TimingArg>,
    /// Also write the cumulative-cost chart (present value) to this SVG file.
    #[arg(long, value_name = "SVG")]
    pub chart: Option<PathBuf>,
    /// Also write the comparison workbook (inputs as values, every result a live
    /// Excel formula) to this .xlsx file.
    #[arg(long, value_name = "XLSX")]
    pub xlsx: Option<PathBuf>,
}

// Parsed once per run, like [`Command`].
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum MemoAction {
    /// Start a saved memo from a saved comparison, recommending one of its options (a
    /// cooperative contract linked to the library); prints its id.
    New(MemoNewArgs),
    /// List the memos saved in the library (made in the app's Memos screen).
    List,
    /// Write a saved memo as PDF: a printed version exactly as it was printed, an
    /// unprinted one as it stands (without recording it as printed).
    Pdf(MemoFileArgs),
    /// Write a saved memo as a Word document (.docx), from the same document as its PDF:
    /// a printed version as it was printed, an unprinted one as it stands.
    Docx(MemoFileArgs),
    /// Write the justification memo (PDF) recommending one option of a comparison file,
    /// for a contract in the library.
    Compose(ComposeArgs),
    /// Start the renewal memo from a council action (`approval list`): what the council
    /// approved, what was spent by fiscal year against the projection, price-list
    /// deviations, the insurance on file, the renewal terms; prints its id and sections.
    Renewal(MemoRenewalArgs),
}

#[derive(Debug, Args)]
pub struct MemoRenewalArgs {
    /// The council action's id, as `approval list` lists it.
    pub approval: i64,
    /// Also write the memo as PDF to this file (a draft: not recorded as printed).
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// Also write the memo as a Word document to this file.
    #[arg(long, value_name = "FILE")]
    pub docx: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MemoNewArgs {
    /// The saved comparison's id.
    #[arg(long)]
    pub comparison: i64,
    /// The option to recommend: its id in the saved comparison, or its name.
    #[arg(long)]
    pub option: String,
}

#[derive(Debug, Args)]
pub struct MemoFileArgs {
    /// The memo's id, as `memo list` lists it.
    pub id: i64,
    /// Where to write the file.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// The version (default: the latest).
    #[arg(long)]
    pub version: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// The cooperative contract, by its number as the library lists it (or its id).
    pub contract: String,
    /// The comparison file (JSON).
    pub comparison: PathBuf,
    /// The option to recommend, by its name in the comparison file.
    #[arg(long)]
    pub option: String,
    /// Where to write the PDF.
    #[arg(long, short, value_name = "PDF")]
    pub output: PathBuf,
    /// The amount the council is asked to approve (not to exceed), e.g. 180000.00.
    #[arg(long)]
    pub amount: Decimal,
    /// What is bought, as the motion names it ("twelve patrol vehicles"); default: the
    /// comparison's description.
    #[arg(long, default_value = "")]
    pub purchase: String,
    /// Whom the memo is addressed to.
    #[arg(long, default_value = "")]
    pub to: String,
    /// Who writes it ("Ana Ruiz, Village Clerk").
    #[arg(long, default_value = "")]
    pub from: String,
    /// The memo's date (default: today), YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    pub agenda_item: String,
    /// "FY2027".
    #[arg(long, default_value = "")]
    pub fiscal_year: String,
    #[arg(long, default_value = "")]
    pub budget_account: String,
    #[arg(long, default_value = "")]
    pub funding_source: String,
    /// Also write the HTML preview to this file.
    #[arg(long, value_name = "HTML")]
    pub html: Option<PathBuf>,
    /// Also write the memo as a Word document to this file.
    #[arg(long, value_name = "DOCX")]
    pub docx: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LogoArgs {
    /// The image file.
    #[arg(required_unless_present = "remove")]
    pub file: Option<PathBuf>,
    /// What the logo shows, for screen readers: "Seal of the Village of Peñasco".
    #[arg(long, default_value = "")]
    pub alt: String,
    /// Remove the logo instead.
    #[arg(long, conflicts_with = "file")]
    pub remove: bool,
}

#[derive(Debug, Subcommand)]
pub enum ComparisonAction {
    /// Save a comparison file (see docs/comparison-format.md) as a new saved comparison.
    Save {
        /// The comparison file (JSON).
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupAction {
    /// Back up the library (database and documents, one file) to the backups folder, or
    /// to FILE.
    Create(BackupCreateArgs),
    /// List the backups in the backups folder, newest first.
    List,
    /// Replace the library with a backup, after backing up the library as it is now.
    Restore(RestoreArgs),
}

#[derive(Debug, Args)]
pub struct BackupCreateArgs {
    /// Write the backup to this file (a USB stick) instead of the backups folder.
    #[arg(long, value_name = "FILE")]
    pub to: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup's name as `backup list` lists it, or the path of a backup file.
    pub backup: String,
    /// Confirm: without it, nothing is changed.
    #[arg(long)]
    pub yes: bool,
}

/// The status filter as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
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
pub enum FormatArg {
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
pub enum TimingArg {
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
