//! The renewal memo's commands (Spending → a council action → "Write the renewal
//! memo"): start it from the action, open it, save the clerk's edits. It prints, and is
//! written as PDF or Word, through the memos' own commands (`save_memo_pdf`,
//! `save_memo_docx`, `open_memo_to_print`): one document model, one store.

use chrono::{Local, NaiveDateTime};
use coopdesk_core::renewal_memo::{self as renewal, RenewalDraft, RenewalView};
use tauri::State;

use super::Reply;
use crate::state::Library;

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// Starts the renewal memo from council action `approval_id`, every section prefilled
/// from the library as it stands today.
#[tauri::command(async)]
pub fn create_renewal_memo(library: State<'_, Library>, approval_id: i64) -> Reply<RenewalView> {
    library.with_write(|db| renewal::open(db, renewal::create(db, approval_id, now())?))
}

/// A renewal memo's latest version, its sections and its preview.
#[tauri::command(async)]
pub fn get_renewal_memo(library: State<'_, Library>, id: i64) -> Reply<RenewalView> {
    library.with(|db| renewal::open(db, id))
}

/// Saves the clerk's edits (a new version when the latest was printed).
#[tauri::command(async)]
pub fn save_renewal_memo(
    library: State<'_, Library>,
    id: i64,
    draft: RenewalDraft,
) -> Reply<RenewalView> {
    library.with_write(|db| renewal::save(db, id, &draft, now()))
}
