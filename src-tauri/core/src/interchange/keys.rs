//! The keys that say two rows are the same contract, as people (and spreadsheets) write
//! them.
//!
//! A contract is the same when cooperative, number and vendor are equal. Sources write
//! the same number with a non-breaking hyphen, an en dash, a zero-width or non-breaking
//! space, or full-width digits; [`same`] reduces text so that those compare equal
//! (Unicode NFKC, invisible characters removed, every dash folded to `-`, runs of
//! spaces to one). [`near`] goes further — no case, no punctuation, no "Inc." — and is
//! only ever used to say "possible duplicate of …": the clerk decides.

use unicode_normalization::UnicodeNormalization;

/// Characters that show as nothing (zero-width spaces and joiners, soft hyphen, word
/// joiner, byte-order mark, direction marks).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Every dash and minus a source might use for `-`.
fn dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{058A}'
                | '\u{05BE}'
    )
}

/// The text as a key: NFKC (full-width digits and letters become plain ones, a
/// non-breaking space a space), invisible characters removed, dashes folded to `-`,
/// spaces collapsed, trimmed. Case and punctuation are kept.
pub fn same(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    // Plain ASCII is its own NFKC form: skip the normaliser (a 100,000-row import asks
    // for six keys a row).
    let chars: Box<dyn Iterator<Item = char>> = if text.is_ascii() {
        Box::new(text.chars())
    } else {
        Box::new(text.nfkc())
    };
    for c in chars {
        if invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(if dash(c) { '-' } else { c });
    }
    out
}

/// Whether the text holds something [`same`] would change.
pub fn is_unusual(text: &str) -> bool {
    same(text) != text
}

/// Words a vendor's name carries or drops from one source to the next.
const VENDOR_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "the",
];

/// A looser key for "possible duplicate": [`same`], then lower case, letters and digits
/// only; for a vendor (`vendor` true) also without Inc., LLC, Corp. and the like.
pub fn near(text: &str, vendor: bool) -> String {
    let same = same(text).to_lowercase();
    if !vendor {
        return same.chars().filter(|c| c.is_alphanumeric()).collect();
    }
    same.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !VENDOR_SUFFIXES.contains(w))
        .collect::<Vec<_>>()
        .join("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_with_other_dashes_spaces_or_digits_are_the_same_key() {
        for variant in [
            "091521\u{2011}NAF",
            "091521\u{2013}NAF",
            "091521\u{2014}NAF",
            "091521\u{2212}NAF",
            "\u{FF10}\u{FF19}\u{FF11}\u{FF15}\u{FF12}\u{FF11}-NAF",
            "091521-\u{200B}NAF",
            "\u{FEFF}091521-NAF\u{00A0}",
            "091521\u{FF0D}NAF",
        ] {
            assert_eq!(same(variant), "091521-NAF", "{variant:?}");
        }
        assert_eq!(same("Acme\u{00A0}\u{00A0}Corp"), "Acme Corp");
        assert_ne!(same("091521-NAF"), same("091521NAF"), "near, not same");
        assert_eq!(near("091521 NAF", false), near("091521-naf", false));
        assert_eq!(near("Acme, Inc.", true), near("ACME", true));
    }
}
