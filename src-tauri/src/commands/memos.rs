//! The Memos screen's commands: making, editing and printing justification memos.
//!
//! Printing writes PDF bytes the core rendered and stored; the system dialog ("Save
//! PDF…") and the system viewer ("Open to print") are driven from here, in Rust, so the
//! window needs no permission to touch files or launch programs.

use std::path::Path;

use chrono::{Local, NaiveDateTime};
use coopdesk_core::library::term::TermCheck;
use coopdesk_core::memo::store::{self, Candidate, Draft, MemoSummary, MemoView};
use coopdesk_core::{Error, ErrorPayload};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::{ask_where_to_save, Reply};
use crate::state::Library;

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// Every memo, most recently changed first.
#[tauri::command(async)]
pub fn list_memos(library: State<'_, Library>) -> Reply<Vec<MemoSummary>> {
    library.with(|db| store::list(db))
}

/// The options a new memo can recommend.
#[tauri::command(async)]
pub fn memo_candidates(library: State<'_, Library>) -> Reply<Vec<Candidate>> {
    library.with(|db| store::candidates(db))
}

/// Starts a memo on a comparison's option, every section prefilled.
#[tauri::command(async)]
pub fn create_memo(
    library: State<'_, Library>,
    comparison_id: i64,
    option: String,
) -> Reply<MemoView> {
    library.with_write(|db| store::open(db, store::create(db, comparison_id, &option, now())?))
}

/// A memo's latest version, its preview and what changed in the library since.
#[tauri::command(async)]
pub fn get_memo(library: State<'_, Library>, id: i64) -> Reply<MemoView> {
    library.with(|db| store::open(db, id))
}

/// What the memo's editor warns about and asks before printing: the contract's term
/// against the purchase and the term compared, and facts not verified within a year.
#[tauri::command(async)]
pub fn memo_term_check(library: State<'_, Library>, id: i64) -> Reply<TermCheck> {
    library.with(|db| store::term_warnings(db, id, Local::now().date_naive()))
}

/// Saves the clerk's edits (a new version when the latest was printed).
#[tauri::command(async)]
pub fn save_memo(library: State<'_, Library>, id: i64, draft: Draft) -> Reply<MemoView> {
    library.with_write(|db| store::save(db, id, &draft, now()))
}

/// Brings the memo's figures and facts up to date with the library, keeping edits.
#[tauri::command(async)]
pub fn update_memo_sources(library: State<'_, Library>, id: i64) -> Reply<MemoView> {
    library.with_write(|db| store::update_sources(db, id, now()))
}

/// Deletes a memo that was never printed.
#[tauri::command(async)]
pub fn delete_memo(library: State<'_, Library>, id: i64) -> Reply<()> {
    library.with_write(|db| store::delete(db, id))
}

/// "Save PDF…": asks where (the documents folder first), then prints the latest version
/// — or writes an earlier printed `version` — there. Answers the path written, or `null`
/// when the clerk cancels (nothing is printed then).
#[tauri::command(async)]
pub fn save_memo_pdf<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    id: i64,
    version: Option<u32>,
) -> Reply<Option<String>> {
    let suggested = library.with(|db| Ok(store::version(db, id, version)?.file_name))?;
    let Some(path) = ask_where_to_save(
        &app,
        "Save the memo as PDF",
        &suggested,
        ("PDF document", "pdf"),
    )?
    else {
        return Ok(None);
    };
    let printed = library.with_write(|db| store::print(db, id, version, now()))?;
    write(&path, &printed.pdf)?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// "Save as Word…": asks where, then writes the latest version (or `version`) as a
/// `.docx` of the same document the PDF prints. Writing Word records nothing as printed.
/// Answers the path written, or `null` when the clerk cancels.
#[tauri::command(async)]
pub fn save_memo_docx<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    id: i64,
    version: Option<u32>,
) -> Reply<Option<String>> {
    let suggested = library.with(|db| Ok(store::version(db, id, None)?.file_name))?;
    let suggested = format!("{}.docx", suggested.trim_end_matches(".pdf"));
    let Some(path) = ask_where_to_save(
        &app,
        "Save the memo as Word",
        &suggested,
        ("Word document", "docx"),
    )?
    else {
        return Ok(None);
    };
    let bytes = library.with(|db| store::version(db, id, version)?.docx())?;
    write(&path, &bytes)?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// "Open to print": prints the latest version, writes it to the library's `printed`
/// folder and opens it in the system's PDF viewer.
#[tauri::command(async)]
pub fn open_memo_to_print<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    id: i64,
    version: Option<u32>,
) -> Reply<String> {
    let path = library.with_write(|db| store::printed_copy(db, id, version, now()))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            ErrorPayload::from(Error::invalid(
                "PDF",
                format!(
                    "The memo was saved to {} but the system could not open it ({e}). Open \
                     it from there, or install a PDF viewer.",
                    path.display()
                ),
            ))
        })?;
    Ok(path.to_string_lossy().into_owned())
}

fn write(path: &Path, bytes: &[u8]) -> Reply<()> {
    Ok(coopdesk_core::files::write_bytes(path, bytes)?)
}
