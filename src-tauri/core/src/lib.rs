//! # CoopDesk core
//!
//! Everything CoopDesk does that is not window glue: the contract library, search,
//! import and export, total-cost-of-ownership comparisons and memos. The Tauri shell and
//! the `coopdesk-cli` tool are thin layers over this crate, which depends on no GUI
//! library and is tested headless.
//!
//! ## Brief overview
//!
//! - [`db`] opens the one SQLite file per library: pragmas, migrations, backups, the
//!   sample library on first run.
//! - [`backup`] keeps the library safe: automatic and manual backups in one file each,
//!   restore, recovery of a damaged library.
//! - [`library`] is the contract record and what is done with it.
//! - [`interchange`] imports and exports: CSV, OCDS 1.1 and bundles, checked in full
//!   and shown as a plan before one transaction writes them.
//! - [`settings`] holds the jurisdiction's facts that memos cite.
//! - [`memo`] composes the staff report and renders it to HTML and PDF.
//! - [`tco`] compares the total cost of ownership of a purchase's options: model,
//!   engine, sensitivity, A-94 discount rates, chart, saved comparisons.
//! - [`files`] writes files whole on every system (Windows' locks and names included).
//! - [`paths`] decides where the library lives.
//! - [`Error`] is the one error type; [`ErrorPayload`] is what the UI receives.
//!
//! ## Invariants
//!
//! - Money is `rust_decimal::Decimal`, stored as text and sent to the UI as strings.
//! - The clock is never read here: `today` and `now` are passed in.

pub mod backup;
pub mod db;
mod error;
pub mod files;
pub mod info;
pub mod interchange;
pub mod json;
pub mod library;
pub mod markup;
pub mod memo;
#[cfg(test)]
mod module_cycles;
pub mod opening;
pub mod paths;
pub mod settings;
pub mod tco;

pub use error::{Error, ErrorPayload, FieldError, Result};
