// Every command the window may invoke, named once, by the module that holds it.
//
// This list is the one declaration the rest is made from:
// - `commands::handler()` registers each one with Tauri (`generate_handler!`);
// - `build.rs` includes this file for tauri-build's `COMMANDS`, which puts each command
//   under the capability ACL (`allow-<name>`), and writes the `commands` permission set
//   granting exactly these, which `capabilities/main.json` grants the window;
// - `tests/commands.rs` writes `ui/types/Command.ts` from it and from the functions'
//   signatures (each command's arguments and reply), which `ui/js/api.js`'s `call` is
//   type-checked against, and checks that `api.js` has one wrapper per command.
//
// To add a command:
// 1. write it in the module for its screen, `#[tauri::command(async)]`, a few lines that
//    parse, call the core and map the error;
// 2. add its name under that module below (`self` is `commands/mod.rs`);
// 3. write its one documented function in `ui/js/api.js`, calling `call('<name>', …)`;
// 4. rewrite `ui/types/Command.ts`:
//    `COOPDESK_WRITE_TYPES=1 cargo test -p coopdesk --test commands`.
// The build, the compiler, `cargo test` and `npm run check` say which step is missing.
//
// Each file that includes this one defines `window_commands!` for what it needs; the
// grammar is `module: command, command, …;`.
window_commands! {
    self:
        library_info, list_contracts, get_contract, get_settings, save_settings, choose_logo,
        remove_logo;
    library:
        search_contracts, search_facets, expiry_dashboard, save_contract, delete_contract,
        restore_contract, list_trash, get_checklist, set_checklist_item, contract_history,
        get_price_lines, set_price_lines, list_documents, attach_document, remove_document,
        open_document, read_date, contract_term_check, mark_contract_verified;
    comparisons:
        list_comparisons, get_comparison, save_comparison, duplicate_comparison,
        delete_comparison, calculate_comparison, export_comparison_workbook, a94_rate,
        cost_categories, new_comparison, discount_rate_choice;
    memos:
        list_memos, memo_candidates, create_memo, get_memo, save_memo, update_memo_sources,
        delete_memo, save_memo_pdf, save_memo_docx, open_memo_to_print, memo_term_check;
    backups:
        list_backups, back_up_now, back_up_to, restore_backup, restore_backup_file,
        recover_library;
    spending:
        list_approvals, get_approval, contract_approvals, approval_variance, record_approval, amend_approval,
        attach_approval_document, list_purchase_orders, add_purchase_order,
        edit_purchase_order, set_purchase_order_status, delete_purchase_order,
        add_change_order, add_invoice, delete_invoice, export_spending_workbook;
    interchange:
        choose_import_file, choose_workbook_sheet, plan_import, apply_import,
        cancel_interchange, discard_import, export_contracts;
    due:
        list_due, snooze_due_item, dismiss_due_item, export_calendar, list_certificates,
        add_certificate, get_due_settings, save_due_settings, calendar_file,
        update_calendar_file, get_contract_lead_time, set_contract_lead_time;
    renewal:
        create_renewal_memo, get_renewal_memo, save_renewal_memo;
    spending_import:
        choose_purchase_file, choose_purchase_sheet, plan_purchase_import,
        apply_purchase_import, discard_purchase_import;
    hub:
        shared_library, choose_hub_ca_file, join_hub, sync_hub_now, leave_hub, hub_conflicts,
        resolve_hub_conflict;
}
