//! The Spending screen's commands: the council's actions, and the purchase orders,
//! change orders and invoices recorded against them. A purchase that breaks a guard rail
//! answers `needs_override` (each rule a field) until it is sent again with the clerk's
//! reason.

use chrono::{Local, NaiveDateTime};
use coopdesk_core::library::documents::Document;
use coopdesk_core::spending::store::{self, ApprovalSummary, ApprovalView};
use coopdesk_core::spending::variance::Variance;
use coopdesk_core::spending::{
    Approval, ApprovalInput, ChangeOrderInput, InvoiceInput, PoStatus, PurchaseOrder,
    PurchaseOrderInput, Recorded,
};
use coopdesk_core::{Error, ErrorPayload};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::{ask_where_to_save, Reply};
use crate::state::Library;

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// Every council action with where it stands today.
#[tauri::command(async)]
pub fn list_approvals(library: State<'_, Library>) -> Reply<Vec<ApprovalSummary>> {
    library.with(|db| store::approvals(db, now().date()))
}

/// One council action in full: figures, purchase orders, history.
#[tauri::command(async)]
pub fn get_approval(library: State<'_, Library>, id: i64) -> Reply<ApprovalView> {
    library.with(|db| store::approval_view(db, id, now().date()))
}

/// The council's actions on one library contract, each with where it stands (the
/// contract detail pane's "Purchases").
#[tauri::command(async)]
pub fn contract_approvals(
    library: State<'_, Library>,
    contract_id: i64,
) -> Reply<Vec<ApprovalSummary>> {
    library.with(|db| store::contract_approvals(db, contract_id, now().date()))
}

/// One council action's variance by fiscal year: what its approved comparison projected
/// for the recommended option against what was invoiced.
#[tauri::command(async)]
pub fn approval_variance(library: State<'_, Library>, id: i64) -> Reply<Variance> {
    library.with(|db| store::approval_variance(db, id))
}

/// Records the council's action on a printed memo or a library contract.
#[tauri::command(async)]
pub fn record_approval(library: State<'_, Library>, input: ApprovalInput) -> Reply<Approval> {
    library.with_write(|db| store::record_approval(db, &input, now().date(), now()))
}

/// Amends what the council approved; the change is the approval's next revision.
#[tauri::command(async)]
pub fn amend_approval(
    library: State<'_, Library>,
    id: i64,
    input: ApprovalInput,
) -> Reply<Approval> {
    library.with_write(|db| store::amend_approval(db, id, &input, now().date(), now()))
}

/// Lets the clerk pick the signed resolution or minutes and attaches a checksummed copy
/// to the approval. Answers `null` when the clerk cancels.
#[tauri::command(async)]
pub fn attach_approval_document<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    id: i64,
) -> Reply<Option<Document>> {
    let Some(picked) = app
        .dialog()
        .file()
        .set_title("Attach the signed resolution or minutes")
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let source = picked.into_path().map_err(|e| {
        ErrorPayload::from(Error::invalid(
            "Document",
            format!("The file chosen cannot be read as a local file ({e}). Choose a file on this computer."),
        ))
    })?;
    library.with_write(|db| store::attach_approval_document(db, id, &source, now()).map(Some))
}

/// The purchase orders under an approval, or (`null`) those with no council action.
#[tauri::command(async)]
pub fn list_purchase_orders(
    library: State<'_, Library>,
    approval_id: Option<i64>,
) -> Reply<Vec<PurchaseOrder>> {
    library.with(|db| store::purchase_orders(db, approval_id))
}

/// Records a purchase order; `override_reason` when it breaks a guard rail.
#[tauri::command(async)]
pub fn add_purchase_order(
    library: State<'_, Library>,
    input: PurchaseOrderInput,
    override_reason: String,
) -> Reply<Recorded> {
    library.with_write(|db| {
        store::add_purchase_order(db, &input, &override_reason, now().date(), now())
    })
}

/// Changes a purchase order's facts and lines.
#[tauri::command(async)]
pub fn edit_purchase_order(
    library: State<'_, Library>,
    id: i64,
    input: PurchaseOrderInput,
    override_reason: String,
) -> Reply<Recorded> {
    library.with_write(|db| {
        store::edit_purchase_order(db, id, &input, &override_reason, now().date(), now())
    })
}

/// Opens, closes or cancels a purchase order.
#[tauri::command(async)]
pub fn set_purchase_order_status(
    library: State<'_, Library>,
    id: i64,
    status: PoStatus,
    override_reason: String,
) -> Reply<Recorded> {
    library.with_write(|db| {
        store::set_purchase_order_status(db, id, status, &override_reason, now().date(), now())
    })
}

/// Removes a purchase order recorded by mistake (one no invoice bills).
#[tauri::command(async)]
pub fn delete_purchase_order(library: State<'_, Library>, id: i64) -> Reply<()> {
    library.with_write(|db| store::delete_purchase_order(db, id, now()))
}

/// Records a change order on a purchase order.
#[tauri::command(async)]
pub fn add_change_order(
    library: State<'_, Library>,
    input: ChangeOrderInput,
    override_reason: String,
) -> Reply<Recorded> {
    library
        .with_write(|db| store::add_change_order(db, &input, &override_reason, now().date(), now()))
}

/// Records an invoice or a credit memo billing a purchase order.
#[tauri::command(async)]
pub fn add_invoice(
    library: State<'_, Library>,
    input: InvoiceInput,
    override_reason: String,
) -> Reply<Recorded> {
    library.with_write(|db| store::add_invoice(db, &input, &override_reason, now().date(), now()))
}

/// Removes an invoice entered by mistake.
#[tauri::command(async)]
pub fn delete_invoice(
    library: State<'_, Library>,
    id: i64,
    override_reason: String,
) -> Reply<Recorded> {
    library.with_write(|db| store::delete_invoice(db, id, &override_reason, now().date(), now()))
}

/// "Export for the auditor…": the audit workbook (approvals, purchase orders, invoices,
/// overrides, variance by fiscal year, totals as live formulas), written where the clerk
/// chooses. Answers the path written, or `null` when the clerk cancels.
#[tauri::command(async)]
pub fn export_spending_workbook<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
) -> Reply<Option<String>> {
    let today = now().date();
    let audit = library.with(|db| store::audit(db, today))?;
    let suggested = format!("Spending audit {today}.xlsx");
    let title = "Export spending for the auditor";
    let Some(path) = ask_where_to_save(&app, title, &suggested, ("Excel workbook", "xlsx"))? else {
        return Ok(None);
    };
    coopdesk_core::spending::export::write_audit_workbook(&audit, &path)?;
    Ok(Some(path.to_string_lossy().into_owned()))
}
