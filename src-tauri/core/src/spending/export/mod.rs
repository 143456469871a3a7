//! The audit export: what the auditor and the finance director are handed — every council
//! action with where it stands, every purchase order and invoice, every guard rail
//! overridden and the variance by fiscal year — as an Excel workbook and as CSV files.
//!
//! ## Brief overview
//!
//! - [`Audit`] is the data, read by [`super::store::audit`] (this module reads no
//!   library: it is handed the data, and renders it);
//! - `tables` lays it out as [`Table`]s, one builder per sheet, in the order their
//!   formulas refer to each other (invoices, purchase orders, approvals, overrides,
//!   variance): each cell is a value, or a formula with the core's figure beside it;
//! - `workbook` writes the tables as sheets (amounts as numbers in a currency format,
//!   exactly the decimals recorded; live formulas for every total and every figure the
//!   ledger implies); `csv` writes the same tables' values, one file per sheet.
//!
//! Invariant: a formula's cell also carries the core's figure, so the CSV files, a viewer
//! that does not recalculate and the core agree; the LibreOffice test writes the workbook
//! without those figures and checks that its own recalculation arrives at them to the
//! cent.

mod csv;
mod tables;
mod workbook;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::figures::Figures;
use super::model::{Approval, PurchaseOrder, SpendingEntry};
use super::variance::Variance;

pub use self::csv::write_csv;
pub use tables::{tables, Cell, Column, Row, Table, FIRST_ROW};
pub use workbook::{audit_workbook, audit_workbook_uncached, write_audit_workbook};

/// A council action as the export lists it: with its contract and where it stands.
#[derive(Debug, Clone)]
pub struct AuditedApproval {
    pub approval: Approval,
    pub contract_number: String,
    pub vendor: String,
    pub figures: Figures,
}

/// Everything the export shows, as the library stood on `today`.
#[derive(Debug, Clone)]
pub struct Audit {
    pub jurisdiction: String,
    pub today: NaiveDate,
    /// Oldest meeting first.
    pub approvals: Vec<AuditedApproval>,
    /// Every purchase order, with or without a council action.
    pub orders: Vec<PurchaseOrder>,
    /// Every guard rail overridden, oldest first.
    pub overrides: Vec<SpendingEntry>,
    /// One per approval, in the approvals' order.
    pub variances: Vec<Variance>,
    /// The month fiscal years begin in, for purchases with no council action.
    pub fiscal_year_start_month: u32,
}

impl Audit {
    /// The title row of every sheet: the jurisdiction and the date.
    pub fn title(&self) -> String {
        let when = self.today;
        if self.jurisdiction.is_empty() {
            format!("Spending under council actions, audit export of {when}")
        } else {
            let who = &self.jurisdiction;
            format!("{who}: spending under council actions, audit export of {when}")
        }
    }
}

/// A money figure as the export writes it: two decimals.
fn cents(amount: Decimal) -> Decimal {
    super::money(amount)
}
