//! `approval record|list|show` and `purchase add|change-order|invoice|list`: the
//! council's actions and what is bought under them, with the same guard rails as the
//! window — a purchase that breaks one is recorded only with `--override-reason`.
//!
//! The command line's own flags are here beside what they do (the rest of the command
//! line is in `args.rs`); the work is the core's `spending` module.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use coopdesk_core::db::Database;
use coopdesk_core::library::search;
use coopdesk_core::spending::store::{self, ApprovalSummary};
use coopdesk_core::spending::{
    ApprovalInput, ChangeOrderInput, InvoiceInput, Outcome, PurchaseLineInput, PurchaseOrder,
    PurchaseOrderInput, Recorded,
};
use coopdesk_core::tco::format_dollars;
use coopdesk_core::{Error, Result};

use crate::print::{self, clip, plural};
use crate::Context;

// Parsed once per run: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ApprovalAction {
    /// Record the council's action on a printed memo (--memo) or a library contract
    /// (--contract, for approvals made before CoopDesk).
    Record(RecordArgs),
    /// Every recorded action with where it stands: authorised, committed, invoiced,
    /// remaining, burn rate and the day the authority runs out at that rate.
    List(TodayArgs),
    /// One action in full: its figures, purchase orders, invoices and history.
    Show(ShowArgs),
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum PurchaseAction {
    /// Record a purchase order under an approval (or with no council action on file).
    Add(PurchaseArgs),
    /// Raise or lower a purchase order, with the reason.
    ChangeOrder(ChangeOrderArgs),
    /// Record an invoice (or a credit memo) billing a purchase order.
    Invoice(InvoiceArgs),
    /// The purchase orders under an approval, or those with no council action on file.
    List(PurchaseListArgs),
    /// Import the purchase orders or payments of a finance system's report (CSV or
    /// Excel): every row is listed with what becomes of it; rows that break a guard rail
    /// go in only with --override-reason, one reason for the batch.
    Import(crate::purchase_import::ImportArgs),
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OutcomeArg {
    Approved,
    ApprovedAsAmended,
    Tabled,
    Denied,
}

impl From<OutcomeArg> for Outcome {
    fn from(arg: OutcomeArg) -> Outcome {
        match arg {
            OutcomeArg::Approved => Outcome::Approved,
            OutcomeArg::ApprovedAsAmended => Outcome::ApprovedAsAmended,
            OutcomeArg::Tabled => Outcome::Tabled,
            OutcomeArg::Denied => Outcome::Denied,
        }
    }
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The memo the council was shown (its id, as `memo list` lists it).
    #[arg(long, conflicts_with = "contract")]
    pub memo: Option<i64>,
    /// The memo's printed version the council saw (default: its latest printed one).
    #[arg(long, requires = "memo")]
    pub memo_version: Option<u32>,
    /// The library contract's number, for an approval made before CoopDesk.
    #[arg(long, required_unless_present = "memo")]
    pub contract: Option<String>,
    #[arg(long, value_enum, default_value = "approved")]
    pub outcome: OutcomeArg,
    /// YYYY-MM-DD.
    #[arg(long)]
    pub meeting_date: NaiveDate,
    #[arg(long, default_value = "")]
    pub agenda_item: String,
    /// The resolution, ordinance or motion number, as the minutes write it.
    #[arg(long, default_value = "")]
    pub number: String,
    /// Dollars and cents (required when approved).
    #[arg(long, default_value = "")]
    pub not_to_exceed: String,
    #[arg(long)]
    pub term_from: Option<NaiveDate>,
    #[arg(long)]
    pub term_to: Option<NaiveDate>,
    /// Renewals of the contract need no new vote.
    #[arg(long)]
    pub renewals_without_vote: bool,
    /// A fiscal year it is charged to (repeat for several).
    #[arg(long = "fiscal-year")]
    pub fiscal_years: Vec<String>,
    /// A budget account it is charged to (repeat for several).
    #[arg(long = "account-code")]
    pub account_codes: Vec<String>,
    #[arg(long, default_value = "")]
    pub conditions: String,
    /// The signed resolution or minutes (repeat for several).
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// The day to judge on (default: today), YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The approval's id, as `approval list` lists it.
    pub id: i64,
    #[command(flatten)]
    pub today: TodayArgs,
}

/// What every purchase takes: the reason for going ahead when it breaks a guard rail.
#[derive(Debug, Args)]
pub struct OverrideArgs {
    /// Why it is recorded although it breaks a guard rail (kept in the history).
    #[arg(long, default_value = "")]
    pub override_reason: String,
}

#[derive(Debug, Args)]
pub struct PurchaseArgs {
    /// The approval it is bought under (omit: no council action on file).
    #[arg(long)]
    pub approval: Option<i64>,
    #[arg(long)]
    pub number: String,
    /// YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Dollars and cents.
    #[arg(long)]
    pub amount: String,
    #[arg(long, default_value = "")]
    pub fiscal_year: String,
    #[arg(long, default_value = "")]
    pub account_code: String,
    #[arg(long, default_value = "")]
    pub description: String,
    /// Default: the approval's contract's vendor.
    #[arg(long, default_value = "")]
    pub vendor: String,
    /// A line, "QUANTITY x ITEM @ UNIT PRICE" (repeat for several; they must total the amount).
    #[arg(long = "line", value_name = "LINE")]
    pub lines: Vec<String>,
    #[command(flatten)]
    pub reason: OverrideArgs,
}

#[derive(Debug, Args)]
pub struct ChangeOrderArgs {
    /// The purchase order's number.
    #[arg(long)]
    pub po: String,
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Signed: -500.00 lowers the PO.
    #[arg(long, allow_hyphen_values = true)]
    pub amount: String,
    /// Why the PO changes.
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub override_reason: OverrideArgs,
}

#[derive(Debug, Args)]
pub struct InvoiceArgs {
    /// The purchase order it bills.
    #[arg(long)]
    pub po: String,
    #[arg(long)]
    pub number: String,
    #[arg(long)]
    pub date: Option<NaiveDate>,
    #[arg(long, allow_hyphen_values = true)]
    pub amount: String,
    /// The day it was paid.
    #[arg(long)]
    pub paid: Option<NaiveDate>,
    /// It is a credit memo (kept as a negative amount).
    #[arg(long)]
    pub credit_memo: bool,
    #[command(flatten)]
    pub reason: OverrideArgs,
}

#[derive(Debug, Args)]
pub struct PurchaseListArgs {
    /// The approval's id.
    #[arg(long, required_unless_present = "no_approval")]
    pub approval: Option<i64>,
    /// List the purchase orders with no council action on file.
    #[arg(long)]
    pub no_approval: bool,
}

pub fn approval(cx: &Context, db: &Database, action: ApprovalAction) -> Result<()> {
    match action {
        ApprovalAction::Record(args) => record(cx, db, args),
        ApprovalAction::List(args) => list(cx, db, args.today.unwrap_or(cx.now.date())),
        ApprovalAction::Show(args) => {
            show(cx, db, args.id, args.today.today.unwrap_or(cx.now.date()))
        }
    }
}

fn record(cx: &Context, db: &Database, args: RecordArgs) -> Result<()> {
    let contract_id = match &args.contract {
        Some(number) => Some(
            search::contract_by_number(db, number)?
                .and_then(|c| c.id)
                .ok_or_else(|| {
                    Error::invalid(
                        "--contract",
                        format!("no contract numbered '{number}' is in the library; find its number with `coopdesk-cli search`."),
                    )
                })?,
        ),
        None => None,
    };
    let input = ApprovalInput {
        memo_id: args.memo,
        memo_version: args.memo_version,
        contract_id,
        outcome: args.outcome.into(),
        meeting_date: Some(args.meeting_date),
        agenda_item: args.agenda_item,
        action_number: args.number,
        not_to_exceed: args.not_to_exceed,
        term_from: args.term_from,
        term_to: args.term_to,
        renewals_need_vote: !args.renewals_without_vote,
        fiscal_years: args.fiscal_years,
        account_codes: args.account_codes,
        conditions: args.conditions,
    };
    let approval = store::record_approval(db, &input, cx.now.date(), cx.now)?;
    for file in &args.attachments {
        store::attach_approval_document(db, approval.id, file, cx.now)?;
    }
    let approval = store::approval(db, approval.id)?;
    if cx.json {
        print::json(&approval);
    } else {
        let amount = approval
            .not_to_exceed
            .map(|a| format!(", not to exceed ${}", format_dollars(a)))
            .unwrap_or_default();
        println!(
            "Recorded approval {}: {} {}{amount}.",
            approval.id,
            approval.outcome.words(),
            approval.citation()
        );
    }
    Ok(())
}

fn money(amount: rust_decimal::Decimal) -> String {
    format_dollars(amount)
}

fn list(cx: &Context, db: &Database, today: NaiveDate) -> Result<()> {
    let rows = store::approvals(db, today)?;
    if cx.json {
        print::json(&rows);
        return Ok(());
    }
    println!(
        "{:>4}  {:<10}  {:<24} {:>14} {:>14} {:>14} {:>14}  runs out",
        "id", "meeting", "action / contract", "authorised", "committed", "invoiced", "remaining"
    );
    for row in &rows {
        println!("{}", list_line(row));
    }
    println!("{} approval{}", rows.len(), plural(rows.len()));
    Ok(())
}

fn list_line(row: &ApprovalSummary) -> String {
    let a = &row.approval;
    let f = &row.figures;
    let what = if a.action_number.is_empty() {
        row.contract_number.clone()
    } else {
        format!("{} / {}", a.action_number, row.contract_number)
    };
    let runs_out = match (f.runs_out_on, f.remaining.is_sign_negative()) {
        (_, true) => "past the limit".to_owned(),
        (Some(day), false) => day.to_string(),
        (None, false) => "—".to_owned(),
    };
    format!(
        "{:>4}  {:<10}  {:<24} {:>14} {:>14} {:>14} {:>14}  {runs_out}",
        a.id,
        a.meeting_date,
        clip(&what, 24),
        money(f.authorised),
        money(f.committed),
        money(f.invoiced),
        money(f.remaining),
    )
}

fn show(cx: &Context, db: &Database, id: i64, today: NaiveDate) -> Result<()> {
    let view = store::approval_view(db, id, today)?;
    if cx.json {
        print::json(&view);
        return Ok(());
    }
    let (a, f) = (&view.summary.approval, &view.summary.figures);
    println!("Approval {}: {} {}", a.id, a.outcome.words(), a.citation());
    println!(
        "Contract:    {} — {} ({})",
        view.summary.contract_number, view.summary.contract_title, view.summary.vendor
    );
    if let Some(memo) = a.memo_id {
        println!(
            "Memo:        {memo}, version {}",
            a.memo_version.unwrap_or_default()
        );
    }
    let term = |d: Option<NaiveDate>| d.map_or("—".to_owned(), |d| d.to_string());
    println!("Term:        {} to {}", term(a.term_from), term(a.term_to));
    if !a.fiscal_years.is_empty() {
        println!("Fiscal years: {}", a.fiscal_years.join(", "));
    }
    println!("Authorised:  {:>14}", money(f.authorised));
    println!("Committed:   {:>14}", money(f.committed));
    println!("Invoiced:    {:>14}", money(f.invoiced));
    println!("Paid:        {:>14}", money(f.paid));
    println!("Remaining:   {:>14}", money(f.remaining));
    match (f.burn_rate, f.runs_out_on) {
        (Some(rate), Some(day)) => println!(
            "Burn rate:   {:>14} a month; runs out on {day}",
            money(rate)
        ),
        (Some(rate), None) => println!("Burn rate:   {:>14} a month", money(rate)),
        _ => {}
    }
    for order in &view.orders {
        println!("{}", order_line(order));
    }
    for entry in view.history.iter().filter(|e| e.reason.is_some()) {
        println!(
            "Override {}: {} Reason: {}",
            entry.at.date(),
            entry.sentence.as_deref().unwrap_or_default(),
            entry.reason.as_deref().unwrap_or_default()
        );
    }
    Ok(())
}

fn order_line(order: &PurchaseOrder) -> String {
    format!(
        "  PO {:<14} {}  {:<9} {:>14}  billed {:>14}  {}",
        order.number,
        order.date,
        order.status.key(),
        money(order.current_amount()),
        money(order.billed()),
        clip(&order.description, 40)
    )
}

/// "2 x Bucket, 24 in @ 1840.00" as a line.
fn line(text: &str) -> Result<PurchaseLineInput> {
    let shaped = text
        .rsplit_once('@')
        .and_then(|(left, price)| left.split_once(" x ").map(|(q, item)| (q, item, price)));
    let (quantity, item, price) = shaped.ok_or_else(|| {
        Error::invalid(
            "--line",
            format!("'{text}' is not a line; write it as \"QUANTITY x ITEM @ UNIT PRICE\", such as \"2 x Bucket, 24 in @ 1840.00\"."),
        )
    })?;
    Ok(PurchaseLineInput {
        item: item.trim().to_owned(),
        quantity: quantity.trim().to_owned(),
        unit_price: price.trim().to_owned(),
    })
}

pub fn purchase(cx: &Context, db: &Database, action: PurchaseAction) -> Result<()> {
    let today = cx.now.date();
    let recorded = match action {
        PurchaseAction::List(args) => return purchases(cx, db, args),
        PurchaseAction::Import(args) => return crate::purchase_import::run(cx, db, args),
        PurchaseAction::Add(args) => {
            let input = PurchaseOrderInput {
                approval_id: args.approval,
                number: args.number,
                date: Some(args.date.unwrap_or(today)),
                amount: args.amount,
                fiscal_year: args.fiscal_year,
                account_code: args.account_code,
                description: args.description,
                vendor: args.vendor,
                lines: args.lines.iter().map(|l| line(l)).collect::<Result<_>>()?,
            };
            (
                "purchase order",
                store::add_purchase_order(db, &input, &args.reason.override_reason, today, cx.now),
            )
        }
        PurchaseAction::ChangeOrder(args) => {
            let input = ChangeOrderInput {
                po_number: args.po,
                date: Some(args.date.unwrap_or(today)),
                amount: args.amount,
                reason: args.reason,
            };
            (
                "change order",
                store::add_change_order(
                    db,
                    &input,
                    &args.override_reason.override_reason,
                    today,
                    cx.now,
                ),
            )
        }
        PurchaseAction::Invoice(args) => {
            let input = InvoiceInput {
                po_number: args.po,
                number: args.number,
                date: Some(args.date.unwrap_or(today)),
                amount: args.amount,
                paid_date: args.paid,
                credit_memo: args.credit_memo,
            };
            let what = if args.credit_memo {
                "credit memo"
            } else {
                "invoice"
            };
            (
                what,
                store::add_invoice(db, &input, &args.reason.override_reason, today, cx.now),
            )
        }
    };
    report(cx, recorded)
}

fn report(cx: &Context, (what, recorded): (&str, Result<Recorded>)) -> Result<()> {
    let recorded = match recorded {
        Err(Error::NeedsOverride(rules)) if !cx.json => {
            eprintln!("Give the reason with --override-reason \"…\" to record it anyway.");
            return Err(Error::NeedsOverride(rules));
        }
        other => other?,
    };
    if cx.json {
        print::json(&recorded);
        return Ok(());
    }
    println!("Recorded the {what} (#{}).", recorded.id);
    for warning in &recorded.overridden {
        println!(
            "Overridden, with the reason kept in the history: {}",
            warning.sentence
        );
    }
    Ok(())
}

fn purchases(cx: &Context, db: &Database, args: PurchaseListArgs) -> Result<()> {
    let orders = store::purchase_orders(
        db,
        if args.no_approval {
            None
        } else {
            args.approval
        },
    )?;
    if cx.json {
        print::json(&orders);
        return Ok(());
    }
    for order in &orders {
        println!("{}", order_line(order));
    }
    println!("{} purchase order{}", orders.len(), plural(orders.len()));
    Ok(())
}
