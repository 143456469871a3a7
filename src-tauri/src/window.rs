//! The main window's size and place: remembered between runs, and never bigger than
//! the screen it opens on.
//!
//! `tauri-plugin-window-state` saves the clerk's size, position and maximised state when
//! the app closes and restores them when the window is created; it restores a position
//! only when that position is on a monitor still attached, so a window last used on an
//! unplugged second screen opens on this one. It is used from Rust only: the window is
//! granted none of its permissions. What the plugin cannot know is the screen the window
//! opens on the first time: [`fit_to_screen`] shrinks a window taller or wider than the
//! screen's work area (a 1366×768 laptop minus its taskbar) to fit, and centres it.
//!
//! The plugin writes only when the app closes normally. A laptop that loses power, an
//! update that restarts Windows or a crash would forget the clerk's size and place, so
//! [`save_when_settled`] also writes them once the window has stopped moving.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tauri::{Manager, PhysicalSize, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// How long the window must stay still (a resize or a drag ended) before its size and
/// place are written.
const SETTLED: Duration = Duration::from_millis(600);

/// The plugin, saving and restoring every part of the window's state.
pub fn state_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::default().build()
}

/// Writes the window's size and place (through the plugin, to its file) each time the
/// clerk has finished resizing or moving it: once per gesture, not per step of a drag.
pub fn save_when_settled<R: Runtime>(window: &WebviewWindow<R>) {
    let (moved, settled) = mpsc::channel::<()>();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
            let _ = moved.send(());
        }
    });
    let app = window.app_handle().clone();
    std::thread::spawn(move || {
        // Each gesture: its first event, then as many as come until none has for SETTLED.
        while settled.recv().is_ok() {
            loop {
                match settled.recv_timeout(SETTLED) {
                    Ok(()) => continue,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // On the main thread, as the plugin itself saves: from this thread the plugin
            // would hold its lock on the window states while asking the main thread
            // whether the window is maximised, and the main thread, handling the next
            // resize, would wait for that lock — the window froze for good. Nothing to
            // tell the clerk if it fails: the plugin writes again at exit.
            let saver = app.clone();
            let _ = app.run_on_main_thread(move || {
                let _ = saver.save_window_state(StateFlags::all());
            });
        }
    });
}

/// Shrinks `window` to the work area of the monitor it is on, when it does not fit.
/// Does nothing without a monitor (the mock runtime in tests) or when maximised.
pub fn fit_to_screen<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    let monitor = match window.current_monitor()? {
        Some(monitor) => monitor,
        None => match window.primary_monitor()? {
            Some(monitor) => monitor,
            None => return Ok(()),
        },
    };
    if window.is_maximized()? {
        return Ok(());
    }
    let area = monitor.work_area().size;
    let outer = window.outer_size()?;
    let inner = window.inner_size()?;
    let too_wide = outer.width.saturating_sub(area.width);
    let too_tall = outer.height.saturating_sub(area.height);
    if too_wide == 0 && too_tall == 0 {
        return Ok(());
    }
    window.set_size(PhysicalSize::new(
        inner.width.saturating_sub(too_wide),
        inner.height.saturating_sub(too_tall),
    ))?;
    window.center()
}
