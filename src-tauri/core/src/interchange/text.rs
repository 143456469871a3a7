//! Turning a file's bytes into text, saying which encoding was found.
//!
//! A file that is valid UTF-8 is UTF-8 (a byte-order mark is dropped). A UTF-16 file
//! (with its byte-order mark, as Excel's "Unicode text" writes it) is converted. Anything
//! else is read as Windows-1252 — what Excel on Windows writes for "CSV (Comma
//! delimited)" — when every byte is defined there, and the plan says so; otherwise the
//! file is refused with a sentence saying how to save it as UTF-8.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252.
const UNDEFINED_IN_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// The file's text and, when it was not plain UTF-8, a note for the clerk.
pub fn decode(bytes: &[u8], file_name: &str) -> Result<(String, Option<String>), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|text| (text.to_owned(), None))
            .map_err(|e| {
                format!(
                    "{file_name} says it is UTF-8 but byte {} is not. Save it again as \
                     \"CSV UTF-8\".",
                    e.valid_up_to() + 3
                )
            });
    }
    for (bom, encoding, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16 (little-endian)"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16 (big-endian)"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(format!(
                    "{file_name} looks like {name} text but is damaged. Save it again as \
                     \"CSV UTF-8\"."
                ));
            }
            return Ok((
                text.into_owned(),
                Some(format!("{file_name} was {name} text and was converted.")),
            ));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), None)),
        Err(_) if bytes.iter().any(|b| UNDEFINED_IN_1252.contains(b)) || bytes.contains(&0) => {
            Err(format!(
                "{file_name} is neither UTF-8 nor Windows-1252 text, so its letters cannot \
                 be read reliably. Open it in Excel and save it as \"CSV UTF-8 (Comma \
                 delimited)\", then import that file."
            ))
        }
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((
                text.into_owned(),
                Some(format!(
                    "{file_name} is not UTF-8; it was read as Windows-1252 (as Excel saves \
                     CSV on Windows). Check that accented names look right."
                )),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom_is_read_as_is() {
        assert_eq!(
            decode("Peñasco".as_bytes(), "f").unwrap(),
            ("Peñasco".into(), None)
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "Peñasco".as_bytes()].concat();
        assert_eq!(decode(&with_bom, "f").unwrap(), ("Peñasco".into(), None));
    }

    #[test]
    fn windows_1252_from_excel_is_converted_and_noted() {
        let (text, note) = decode(b"Pe\xF1asco \x93quoted\x94 O\x92Brien", "f.csv").unwrap();
        assert_eq!(text, "Peñasco “quoted” O’Brien");
        assert!(note.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn utf16_is_converted() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a,ñ".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, "f").unwrap().0, "a,ñ");
    }

    #[test]
    fn an_unknown_encoding_is_refused_with_what_to_do() {
        let error = decode(b"abc \x81\x8D", "f.csv").unwrap_err();
        assert!(error.contains("CSV UTF-8"), "{error}");
    }
}
