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

use tauri::{PhysicalSize, Runtime, WebviewWindow};

/// The plugin, saving and restoring every part of the window's state.
pub fn state_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::default().build()
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
