//! `spending export --xlsx FILE | --csv DIR`: the audit workbook and its CSV files for the
//! auditor and the finance director. The work is the core's `spending::export`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use coopdesk_core::db::Database;
use coopdesk_core::spending::export::{write_audit_workbook, write_csv};
use coopdesk_core::spending::store;
use coopdesk_core::Result;

use crate::print;
use crate::Context;

#[derive(Debug, Subcommand)]
pub enum SpendingAction {
    /// The audit export: approvals, purchase orders, invoices, overrides and the variance
    /// by fiscal year, as an Excel workbook with live totals (--xlsx) and/or CSV files
    /// (--csv).
    Export(ExportArgs),
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("to").required(true).multiple(true))]
pub struct ExportArgs {
    /// The workbook to write (.xlsx).
    #[arg(long, group = "to")]
    pub xlsx: Option<PathBuf>,
    /// The folder to write the CSV files into (made if missing).
    #[arg(long, group = "to")]
    pub csv: Option<PathBuf>,
    /// The day the figures are judged on (default: today), YYYY-MM-DD.
    #[arg(long)]
    pub today: Option<NaiveDate>,
}

pub fn spending(cx: &Context, db: &Database, action: SpendingAction) -> Result<()> {
    let SpendingAction::Export(args) = action;
    let audit = store::audit(db, args.today.unwrap_or(cx.now.date()))?;
    let mut written = Vec::new();
    if let Some(path) = &args.xlsx {
        write_audit_workbook(&audit, path)?;
        written.push(path.clone());
    }
    if let Some(dir) = &args.csv {
        written.extend(write_csv(&audit, dir)?);
    }
    let invoices: usize = audit.orders.iter().map(|o| o.invoices.len()).sum();
    if cx.json {
        print::json(&serde_json::json!({
            "written": written,
            "approvals": audit.approvals.len(),
            "purchaseOrders": audit.orders.len(),
            "invoices": invoices,
            "overrides": audit.overrides.len(),
        }));
    } else {
        println!(
            "Exported {} council action{}, {} purchase order{}, {invoices} invoice{} and {} \
             override{}:",
            audit.approvals.len(),
            print::plural(audit.approvals.len()),
            audit.orders.len(),
            print::plural(audit.orders.len()),
            print::plural(invoices),
            audit.overrides.len(),
            print::plural(audit.overrides.len()),
        );
        for path in &written {
            println!("  {}", path.display());
        }
    }
    Ok(())
}
