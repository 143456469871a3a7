//! Text into HTML and SVG: the one place that escapes it.
//!
//! Contract and comparison text comes from imported files and peers; it is data, never
//! markup. The memo preview (HTML) and the chart (SVG) put it through [`escape`]; the
//! CLI's human output puts it through [`terminal_safe`].

use std::borrow::Cow;

/// Escapes the five characters that matter in element text and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_contract_text_stays_text() {
        assert_eq!(
            escape(r#"<img src=x onerror="alert('O\'Brien & Co')">"#),
            "&lt;img src=x onerror=&quot;alert(&#39;O\\&#39;Brien &amp; Co&#39;)&quot;&gt;"
        );
    }
}

/// Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069) and marks (U+200E, U+200F, U+061C). In a terminal they reorder what
/// follows them, so an imported vendor name can make a line read differently from what
/// it holds ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Text for a terminal: bidirectional controls and other control characters (escape
/// sequences, carriage returns; not newlines and tabs) are shown as `<U+202E>` instead
/// of acting on the terminal. Text without them is returned as it is.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_bidi_control(c) || (c.is_control() && c != '\n' && c != '\t');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            safe.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

#[cfg(test)]
mod terminal_tests {
    use super::*;

    #[test]
    fn bidirectional_controls_are_shown_escaped_for_a_terminal() {
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let text = format!("Acme{c}Corp");
            let shown = terminal_safe(&text);
            assert_eq!(shown, format!("Acme<U+{:04X}>Corp", c as u32));
        }
        assert_eq!(terminal_safe("a\u{1b}[2Jb\rc"), "a<U+001B>[2Jb<U+000D>c");
        assert_eq!(
            terminal_safe("O\u{2019}Brien\n\tPeñasco"),
            "O\u{2019}Brien\n\tPeñasco"
        );
    }
}
