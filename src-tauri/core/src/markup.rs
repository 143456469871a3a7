//! Text into HTML and SVG: the one place that escapes it.
//!
//! Contract and comparison text comes from imported files and peers; it is data, never
//! markup. The memo preview (HTML) and the chart (SVG) put it through [`escape`].

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
