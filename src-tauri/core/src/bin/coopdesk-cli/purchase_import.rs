//! `purchase import FILE`: a finance system's purchase-order list or accounts-payable
//! report, planned row by row and imported in one transaction (the core's
//! `spending::import`). Every row is printed with what becomes of it; nothing is dropped.

use std::path::PathBuf;

use clap::Args;
use coopdesk_core::db::Database;
use coopdesk_core::interchange::{workbook::WorkbookChoice, Format, ImportFile};
use coopdesk_core::spending::import::{self, PurchasePlan, RowKind, VendorMatch};
use coopdesk_core::{Error, Result};

use crate::print::{self, plural};
use crate::Context;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The report: CSV (or tab-separated text) or an Excel workbook.
    pub file: PathBuf,
    /// A workbook's sheet (needed when it has several).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A column mapping, JSON: {"columns": [{"header": "PO #", "field": "poNumber"},
    /// {"header": "Clr", "field": null}, …]}, one entry per column in file order. Fields:
    /// poNumber, invoiceNumber, checkNumber, date, paidDate, amount, vendor,
    /// contractNumber, description, fiscalYear, accountCode, status, type. It is remembered
    /// for the next report with the same headers. Default: the one remembered, else
    /// the guess.
    #[arg(long, value_name = "JSON")]
    pub mapping: Option<PathBuf>,
    /// Only print the plan; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Why the rows that break a guard rail (or repeat a block of lines) are imported
    /// anyway: one reason for the batch, kept in the history.
    #[arg(long, default_value = "")]
    pub override_reason: String,
    /// Confirms a vendor match the plan proposed, as "VENDOR=APPROVAL_ID" (the vendor as
    /// the report names it): its rows are imported under that council action, and the
    /// match is remembered for the next report. Repeat for several vendors.
    #[arg(long, value_name = "VENDOR=APPROVAL_ID")]
    pub match_vendor: Vec<String>,
}

/// A `--match-vendor` value read, or a sentence saying how to write it.
fn vendor_match(text: &str) -> Result<VendorMatch> {
    let parsed = text.rsplit_once('=').and_then(|(vendor, id)| {
        let id = id.trim().parse::<i64>().ok()?;
        (!vendor.trim().is_empty()).then(|| VendorMatch {
            vendor: vendor.trim().to_owned(),
            approval_id: id,
        })
    });
    parsed.ok_or_else(|| {
        Error::invalid(
            "match-vendor",
            format!(
                "'{text}' is not a vendor match; write the vendor as the report names it, \
                 '=', and the council action's id, as the plan proposes it \
                 (--match-vendor \"Acme Paving Co.=7\")."
            ),
        )
    })
}

pub fn run(cx: &Context, db: &Database, args: ImportArgs) -> Result<()> {
    let name = args.file.display().to_string();
    let format = Format::from_file_name(&name)
        .filter(|f| matches!(f, Format::Csv | Format::Workbook))
        .ok_or_else(|| {
            Error::invalid(
                "file",
                format!(
                    "{name} is not a CSV or Excel file; save the finance system's report as \
                     .csv or .xlsx."
                ),
            )
        })?;
    let mapping = args
        .mapping
        .as_deref()
        .map(crate::interchange::read_mapping)
        .transpose()?;
    let file = ImportFile {
        path: args.file.clone(),
        format,
        sheet: WorkbookChoice {
            sheet: args.sheet,
            header_row: None,
        },
    };
    let mut report = import::read(db, &file, mapping.as_ref())?;
    report.confirmed = args
        .match_vendor
        .iter()
        .map(|m| vendor_match(m))
        .collect::<Result<_>>()?;
    let today = cx.now.date();
    let plan = if args.dry_run {
        import::plan(db, &report, today, cx.now)?
    } else {
        match import::import(db, &report, &args.override_reason, today, cx.now) {
            Err(Error::NeedsOverride(rules)) if !cx.json => {
                print_plan(&import::plan(db, &report, today, cx.now)?);
                eprintln!(
                    "Nothing was imported. Give the reason with --override-reason \"…\" to \
                     import the flagged rows anyway."
                );
                return Err(Error::NeedsOverride(rules));
            }
            other => other?,
        }
    };
    if cx.json {
        print::json(&plan);
        return Ok(());
    }
    print_plan(&plan);
    if plan.imported {
        println!("Imported, in one transaction.");
    } else if args.dry_run {
        println!("Dry run: nothing was written.");
    } else {
        println!("Nothing to import.");
    }
    Ok(())
}

fn print_plan(plan: &PurchasePlan) {
    for note in &plan.notes {
        println!("Note: {note}");
    }
    for row in &plan.rows {
        let kind = match row.kind {
            RowKind::PurchaseOrder => "PO",
            RowKind::Payment => "payment",
            RowKind::CreditMemo => "credit",
            RowKind::Skipped => "skipped",
            RowKind::Unmatched => "unmatched",
            RowKind::Refused => "refused",
        };
        println!("line {:>5}  {kind:<9}  {}", row.line, row.what);
        for warning in &row.warnings {
            println!("             guard rail: {}", warning.sentence);
        }
        for flag in &row.flags {
            println!("             flagged: {flag}");
        }
        if let Some(proposal) = &row.proposal {
            println!(
                "             to confirm: --match-vendor \"{}={}\"",
                proposal.vendor, proposal.approval_id
            );
        }
    }
    let c = plan.counts;
    println!(
        "{} PO line{}, {} payment{}, {} credit memo{}; {} skipped, {} unmatched, {} refused, \
         {} empty; {} flagged.",
        c.purchase_orders,
        plural(c.purchase_orders),
        c.payments,
        plural(c.payments),
        c.credit_memos,
        plural(c.credit_memos),
        c.skipped,
        c.unmatched,
        c.refused,
        c.empty,
        c.flagged
    );
}
