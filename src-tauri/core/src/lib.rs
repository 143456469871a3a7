//! # CoopDesk core
//!
//! Everything CoopDesk does that is not window glue: the contract library, search,
//! import and export, total-cost-of-ownership comparisons and memos. The Tauri shell and
//! the `coopdesk-cli` tool are thin layers over this crate, which depends on no GUI
//! library and is tested headless.
//!
//! ## Brief overview
//!
//! From the bottom up — each module uses only those above it in this list, and a test
//! (`module_cycles.rs`) fails naming any cycle between modules:
//!
//! - [`Error`] is the one error type; [`ErrorPayload`] is what the UI receives.
//! - [`files`] writes files whole on every system (Windows' locks and names included).
//! - [`paths`] decides where the library lives; [`json`] reads JSON people keep in files;
//!   [`markup`] escapes text into HTML and SVG; [`renewal`] reads renewal options and
//!   works out the last date a contract could be extended to.
//! - [`db`] is the one SQLite file per library: it connects, sets the pragmas, runs the
//!   migrations and checks integrity — and knows nothing of backups or samples.
//! - [`library`] is the contract record and what is done with it.
//! - [`backup`] keeps the library safe: automatic and manual backups in one file each,
//!   restore, recovery of a damaged library.
//! - [`opening`] opens a library: finishes an interrupted restore, inspects the file,
//!   backs it up before a migration, migrates, loads the sample library on the first
//!   start and takes the day's backup — in that order.
//! - [`tco`] compares the total cost of ownership of a purchase's options: model, cost
//!   streams, discounting, engine, sensitivity, A-94 discount rates, chart, saved
//!   comparisons.
//! - [`settings`] holds the jurisdiction's facts that memos cite, and what they print
//!   on: the paper, the signature lines, the logo.
//! - [`memo`] composes the staff report and renders it to HTML, PDF and Word.
//! - [`spending`] is what follows the council's vote: the approval, the purchase orders,
//!   change orders and invoices against it, their totals and the guard rails.
//! - [`insurance`] keeps the vendors' certificates of insurance and checks them against
//!   the jurisdiction's minimum limits.
//! - [`due`] is the Needs-action list, computed from the library on demand: renewal
//!   decisions, terms and authority running out, insurance, facts to verify.
//! - [`calendar`] writes the same dates as an iCalendar file for the clerk's calendar.
//! - [`interchange`] imports and exports: CSV, OCDS 1.1, workbooks and bundles, checked
//!   in full and shown as a plan before one transaction writes them.
//! - [`hub`] shares the library through a PostgreSQL hub: the outbox and the shadow kept
//!   in the library, push, pull, and the field-by-field conflicts (docs/hub.md).
//! - [`sharing`] is the shared library as the window shows it: the hub joined, what
//!   waits, the conflicts field by field in words, and the sync's own connection.
//! - [`info`] is what the CLI's `info` and the app's status bar tell about a library.
//!
//! ## Invariants
//!
//! - Money is `rust_decimal::Decimal`, stored as text and sent to the UI as strings.
//! - The clock is never read here: `today` and `now` are passed in.
//! - Every type that crosses to the UI derives `ts_rs::TS`; `ui/types/` holds the
//!   TypeScript generated from them, and `tests/wire_types.rs` fails when it is stale.
//! - Model apart from store: a data type lives in its own file and its SQL in a
//!   `store.rs` beside it, so renderers and engines take data and never reach the
//!   database (`model_apart.rs` fails naming any that does).

pub mod backup;
pub mod calendar;
pub mod db;
pub mod due;
mod error;
pub mod files;
pub mod hub;
pub mod info;
pub mod insurance;
pub mod interchange;
pub mod json;
pub mod library;
pub mod markup;
pub mod memo;
#[cfg(test)]
mod model_apart;
#[cfg(test)]
mod module_cycles;
pub mod opening;
pub mod paths;
pub mod renewal;
pub mod renewal_memo;
pub mod settings;
pub mod sharing;
pub mod spending;
pub mod tco;

pub use error::{Error, ErrorCode, ErrorPayload, FieldError, Result};
