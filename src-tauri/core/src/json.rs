//! Reading JSON that people keep in files (comparisons, column mappings).
//!
//! Windows Notepad and some Excel exports start a UTF-8 file with a byte-order mark
//! (U+FEFF). JSON forbids it and serde_json stops at it with "expected value at line 1
//! column 1", which tells a clerk nothing; every file CoopDesk reads as JSON goes
//! through [`without_bom`] first.

/// The text without a leading byte-order mark.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_byte_order_mark_is_dropped_and_nothing_else() {
        assert_eq!(without_bom("\u{FEFF}{}"), "{}");
        assert_eq!(without_bom("{}"), "{}");
        assert_eq!(
            without_bom("{\"a\": \"\u{FEFF}\"}"),
            "{\"a\": \"\u{FEFF}\"}"
        );
    }
}
