//! The CoopDesk desktop shell: the window, the commands and nothing else.
//!
//! All logic lives in `coopdesk-core`. This crate opens the library, registers the
//! commands and starts Tauri. `run_app` is generic over the runtime so that a test boots
//! the whole app on Tauri's mock runtime.

mod commands;
mod sharing;
mod state;
mod webview2;
mod window;

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tauri::webview::PageLoadEvent;
use tauri::{App, Builder, Emitter, Manager, Runtime};

pub use state::Library;

/// Starts the desktop app on the library named by `--data-dir`, `COOPDESK_DATA_DIR` or
/// the per-user data folder.
pub fn run() {
    // Before the library is opened: without WebView2 there is no window to show it in.
    #[cfg(windows)]
    webview2::require();
    let (library, pending) =
        Library::open_for_window(state::data_dir_flag(std::env::args().skip(1)));
    // The integrity check and the day's backup (their cost on a large library: see
    // docs/benchmarks-search.md, `cargo bench -p coopdesk-core --bench search`) run
    // beside the window once its page has loaded, and a moment later: on a 2-core laptop
    // they would otherwise take a core from the webview while it starts. Reads go on,
    // writes wait for them.
    let page_loaded = Arc::new((Mutex::new(false), Condvar::new()));
    let builder = Builder::default().on_page_load({
        let page_loaded = Arc::clone(&page_loaded);
        move |_webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                let (loaded, signal) = &*page_loaded;
                *loaded.lock().unwrap_or_else(|e| e.into_inner()) = true;
                signal.notify_all();
            }
        }
    });
    let app = build_app(builder, library);
    if let Some(pending) = pending {
        let handle = app.handle().clone();
        std::thread::spawn(move || {
            let (loaded, signal) = &*page_loaded;
            let guard = loaded.lock().unwrap_or_else(|e| e.into_inner());
            // A page that never reports its load still gets its checks.
            drop(signal.wait_timeout_while(guard, CHECKS_WAIT_AT_MOST, |loaded| !*loaded));
            std::thread::sleep(CHECKS_AFTER_PAGE_LOAD);
            if let Err(error) = handle.state::<Library>().finish_checks(pending) {
                let _ = handle.emit("library-damaged", error);
            }
        });
    }
    sharing::keep_in_sync(app.handle().clone());
    app.run(|_handle, _event| {});
}

/// How long after the page has loaded the checks start: time for the Library's first
/// rows (see docs/benchmarks-window.md, `cargo bench -p coopdesk-e2e --bench window`).
const CHECKS_AFTER_PAGE_LOAD: Duration = Duration::from_millis(400);
/// The checks start by then even if the page never says it has loaded.
const CHECKS_WAIT_AT_MOST: Duration = Duration::from_secs(5);

/// Builds and runs the app on any runtime.
pub fn run_app<R: Runtime>(builder: Builder<R>, library: Library) {
    build_app(builder, library).run(|_handle, _event| {});
}

/// Builds the app — state, commands, window from `tauri.conf.json` — without running it.
pub fn build_app<R: Runtime>(builder: Builder<R>, library: Library) -> App<R> {
    builder
        // The dialog and opener plugins are used from Rust only (see `commands::library`);
        // the window is granted none of their permissions, and the opener injects no link
        // handler. So is the window-state plugin (see `window`).
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .plugin(window::state_plugin())
        .setup(|app| {
            // The plugin has restored the saved size and place by now (the window is
            // created before setup runs); a first run, or a smaller screen, may still not
            // fit.
            if let Some(main) = app.get_webview_window("main") {
                window::fit_to_screen(&main)?;
                window::save_when_settled(&main);
            }
            Ok(())
        })
        .manage(library)
        .manage(commands::interchange::Interchange::default())
        .manage(commands::spending_import::PurchaseImport::default())
        .manage(sharing::Sharing::default())
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())
        .expect("the app's configuration is embedded at build time and valid")
}
