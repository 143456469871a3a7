//! Settings → Shared library: join a hub, sync now, leave, and the conflicts with the
//! clerk's answers (docs/hub.md).
//!
//! A join and a sync wait on the network, so they run on the library's second connection
//! (`Library::with_beside`), one at a time with the syncs the app runs by itself
//! (`crate::sharing`); the window's connection stays free meanwhile. The hub's CA file is
//! chosen in the system dialog and its path stays here, as an import's file does.

use chrono::Local;
use coopdesk_core::hub;
use coopdesk_core::sharing::{self, ConflictChoice, SharedConflict, SharedLibrary};
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::Reply;
use crate::sharing::Sharing;
use crate::state::Library;

/// The Shared library section: the hub joined, the last sync, what waits, the conflicts.
#[tauri::command(async)]
pub fn shared_library(
    library: State<'_, Library>,
    sharing: State<'_, Sharing>,
) -> Reply<SharedLibrary> {
    sharing.view(&library)
}

/// "Choose CA file…": the system dialog for the certificate file the hub's administrator
/// gave; answers its name (the next join trusts it), or `null` when the clerk cancels.
#[tauri::command(async)]
pub fn choose_hub_ca_file<R: Runtime>(
    app: AppHandle<R>,
    sharing: State<'_, Sharing>,
) -> Reply<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Choose the hub's CA file")
        .add_filter("Certificate (PEM)", &["pem", "crt", "cer"])
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    sharing.set_ca_file(Some(path));
    Ok(Some(name))
}

/// Joins the hub at `address` with `password` (kept in the system's credential store),
/// trusting the CA file chosen when `with_ca_file`; the first sync follows at once.
#[tauri::command(async)]
pub fn join_hub(
    library: State<'_, Library>,
    sharing: State<'_, Sharing>,
    address: String,
    password: String,
    with_ca_file: bool,
) -> Reply<SharedLibrary> {
    let ca_file = with_ca_file.then(|| sharing.ca_file()).flatten();
    let now = Local::now().naive_local();
    let library: &Library = &library;
    off_the_runtime(|| {
        library.with_beside(|db| sharing::join(db, &address, ca_file.as_deref(), &password, now))
    })?;
    sharing.nudge();
    sharing.view(library)
}

/// Syncs now: receives the others' changes, sends this library's.
#[tauri::command(async)]
pub fn sync_hub_now<R: Runtime>(
    app: AppHandle<R>,
    library: State<'_, Library>,
    sharing: State<'_, Sharing>,
) -> Reply<SharedLibrary> {
    let (library, sharing): (&Library, &Sharing) = (&library, &sharing);
    let view = off_the_runtime(|| sharing.sync(library))?;
    let _ = app.emit("hub-synced", &view);
    Ok(view)
}

/// Leaves the hub: the library keeps every contract and stops sharing.
#[tauri::command(async)]
pub fn leave_hub(library: State<'_, Library>, sharing: State<'_, Sharing>) -> Reply<SharedLibrary> {
    library.with_beside(|db| hub::leave(db).map(|_| ()))?;
    sharing.reset();
    sharing.view(&library)
}

/// The contracts changed both here and on the hub, field by field.
#[tauri::command(async)]
pub fn hub_conflicts(library: State<'_, Library>) -> Reply<Vec<SharedConflict>> {
    library.with(|db| sharing::conflicts(db))
}

/// Settles one conflict with the clerk's choice (shared at the next sync); answers the
/// conflicts left.
#[tauri::command(async)]
pub fn resolve_hub_conflict(
    library: State<'_, Library>,
    sharing: State<'_, Sharing>,
    global_id: String,
    choice: ConflictChoice,
) -> Reply<Vec<SharedConflict>> {
    let now = Local::now().naive_local();
    let left = library.with_beside(|db| {
        sharing::resolve(db, &global_id, &choice, now)?;
        sharing::conflicts(db)
    })?;
    sharing.nudge();
    Ok(left)
}

/// Runs `work`, which talks to the hub, on a thread of its own: the hub's client drives
/// its connection on a runtime of its own, which cannot start on a thread of Tauri's
/// async runtime, where commands run.
fn off_the_runtime<T: Send>(work: impl FnOnce() -> Reply<T> + Send) -> Reply<T> {
    std::thread::scope(|scope| {
        scope.spawn(work).join().unwrap_or_else(|_| {
            Err(coopdesk_core::ErrorPayload::from(
                coopdesk_core::Error::Hub(
                    "The connection to the hub stopped unexpectedly; nothing half-done was kept. \
                 Try again."
                        .into(),
                ),
            ))
        })
    })
}
