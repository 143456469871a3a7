//! WebView2, which draws the window on Windows, checked before the window is made.
//!
//! Windows 11 and an up-to-date Windows 10 have it; an old Windows 10 that never updated
//! (and Wine) does not, and Tauri would then fail to make the window. The clerk gets one
//! sentence instead — in a message box, and on stderr for scripts — that says what is
//! missing and which installer carries it, and the app quits without touching the library.
//! Elsewhere only the tests call [`check`].
#![cfg_attr(not(windows), allow(dead_code))]

/// The WebView2 runtime's version, or the sentence telling the clerk it is missing.
///
/// `found` is what the WebView2 loader answered when asked for the installed runtime's
/// version (`tauri::webview_version()`): an error, or an empty version, means none.
pub fn check(found: Result<String, String>) -> Result<String, String> {
    match found {
        Ok(version) if !version.trim().is_empty() => Ok(version),
        Ok(_) => Err(missing("no runtime version was found")),
        Err(reason) => Err(missing(reason.trim())),
    }
}

fn missing(reason: &str) -> String {
    format!(
        "CoopDesk cannot open its window: Microsoft Edge WebView2, which draws it, is not \
         installed on this computer ({reason}). Install CoopDesk again with the offline \
         installer, CoopDesk_<version>_x64-offline-webview2.exe from the release page, which \
         carries WebView2 and needs no internet, or ask your IT department to install the \
         WebView2 Runtime. Your library was not opened and is unchanged."
    )
}

/// Quits with the sentence when WebView2 is missing: a message box for the clerk, stderr
/// for a script, exit code 1.
#[cfg(windows)]
pub fn require() {
    let Err(sentence) = check(tauri::webview_version().map_err(|error| error.to_string())) else {
        return;
    };
    eprintln!("{sentence}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("CoopDesk needs Microsoft Edge WebView2")
        .set_description(&sentence)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    std::process::exit(1);
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn an_installed_runtime_passes_with_its_version() {
        assert_eq!(
            check(Ok("131.0.2903.86".into())),
            Ok("131.0.2903.86".into())
        );
    }

    #[test]
    fn a_loader_error_becomes_the_sentence_naming_the_offline_installer() {
        let sentence = check(Err(
            "The system cannot find the file specified. (0x80070002)".into(),
        ))
        .unwrap_err();
        assert!(sentence.starts_with("CoopDesk cannot open its window: Microsoft Edge WebView2"));
        assert!(sentence.contains("(The system cannot find the file specified. (0x80070002))"));
        assert!(sentence.contains("CoopDesk_<version>_x64-offline-webview2.exe"));
        assert!(sentence.contains("Your library was not opened and is unchanged."));
    }

    #[test]
    fn an_empty_version_counts_as_missing() {
        let sentence = check(Ok("  ".into())).unwrap_err();
        assert!(sentence.contains("(no runtime version was found)"));
        assert!(sentence.contains("offline installer"));
    }
}
