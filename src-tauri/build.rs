//! Embeds the app's configuration and puts its own commands under the capability ACL,
//! so `capabilities/main.json` must grant each one by name.

/// Every command in `src/commands/`; keep the two lists the same.
const COMMANDS: &[&str] = &[
    "library_info",
    "list_contracts",
    "get_contract",
    "get_settings",
    "save_settings",
    "search_contracts",
    "search_facets",
    "expiry_dashboard",
    "save_contract",
    "delete_contract",
    "restore_contract",
    "list_trash",
    "get_checklist",
    "set_checklist_item",
    "contract_history",
    "get_price_lines",
    "set_price_lines",
    "list_documents",
    "attach_document",
    "remove_document",
    "open_document",
    "list_comparisons",
    "get_comparison",
    "save_comparison",
    "duplicate_comparison",
    "delete_comparison",
    "calculate_comparison",
    "a94_rate",
    "cost_categories",
    "new_comparison",
    "list_memos",
    "memo_candidates",
    "create_memo",
    "get_memo",
    "save_memo",
    "update_memo_sources",
    "delete_memo",
    "save_memo_pdf",
    "open_memo_to_print",
    "list_backups",
    "back_up_now",
    "back_up_to",
    "restore_backup",
    "restore_backup_file",
    "recover_library",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
