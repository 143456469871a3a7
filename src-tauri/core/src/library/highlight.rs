//! Marking what a search matched in the fields the Library table shows (number, title,
//! vendor, cooperative), from the text of the result rows already read.
//!
//! FTS5's `highlight()` would mark the same words, but it reads each result's whole search
//! text back through the `contract_search_text` view, which builds all eight columns
//! (with their joined forms, migration 0006) for every row: for a page of 50 rows that
//! cost half as much again as ranking 11,000 matches (docs/benchmarks-search.md). The
//! four shown fields are already in the row, so they are marked here instead, the way
//! FTS5 marks them:
//!
//! - The text is split into tokens as the index's tokenizer splits it (`unicode61
//!   remove_diacritics 2`, migration 0002): runs of letters, digits and private-use
//!   characters (with the combining accents that follow them), compared in lower case
//!   with the accents of Latin letters removed, so "penasco" marks "Peñasco".
//! - Each typed word is a phrase of such tokens ("O'Brien" is "o brien"), the last one a
//!   prefix while it is typed; a word's joined form ("obrien") is a phrase of its own.
//! - Every occurrence of every phrase is marked from its first token's first character to
//!   its last token's last character (the apostrophe of "O'Brien" included);
//!   overlapping occurrences are one mark, adjacent ones two, as with `highlight()`.
//!
//! A match that is in none of the shown fields is still shown as FTS5's `snippet()`
//! excerpt, read for those rows alone.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// What to mark: the typed words as the index reads them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Marks {
    phrases: Vec<Phrase>,
}

/// A typed word (or its joined form) as tokens; the last one is a prefix while typed.
#[derive(Debug, Clone)]
struct Phrase {
    tokens: Vec<String>,
    prefix: bool,
}

impl Marks {
    /// Marks for `words`: each word's text as searched (as typed, or joined) and whether
    /// it is a prefix.
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = (&'a str, bool)>) -> Marks {
        let phrases = words
            .into_iter()
            .map(|(word, prefix)| Phrase {
                tokens: tokens(word).into_iter().map(|token| token.folded).collect(),
                prefix,
            })
            .filter(|phrase| !phrase.tokens.is_empty())
            .collect();
        Marks { phrases }
    }

    /// The field split into pieces, matched (`true`) or not, that join to the field's
    /// exact text; empty when nothing in it matched.
    pub(crate) fn pieces<'t>(&self, field: &'t str) -> Vec<(&'t str, bool)> {
        let tokens = tokens(field);
        // Every occurrence of every phrase, as (first, last) token, in token order.
        let mut found: Vec<(usize, usize)> = Vec::new();
        for phrase in &self.phrases {
            let n = phrase.tokens.len();
            for start in 0..tokens.len().saturating_sub(n - 1) {
                let matches = phrase.tokens.iter().enumerate().all(|(i, wanted)| {
                    let token = &tokens[start + i].folded;
                    if phrase.prefix && i + 1 == n {
                        token.starts_with(wanted.as_str())
                    } else {
                        token == wanted
                    }
                });
                if matches {
                    found.push((start, start + n - 1));
                }
            }
        }
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_unstable();
        let mut marks: Vec<(usize, usize)> = Vec::new();
        for (first, last) in found {
            match marks.last_mut() {
                Some((_, end)) if first <= *end => *end = (*end).max(last),
                _ => marks.push((first, last)),
            }
        }
        let mut out = Vec::new();
        let mut at = 0;
        for (first, last) in marks {
            let (start, end) = (tokens[first].start, tokens[last].end);
            if start > at {
                out.push((&field[at..start], false));
            }
            out.push((&field[start..end], true));
            at = end;
        }
        if at < field.len() {
            out.push((&field[at..], false));
        }
        out
    }
}

/// A token of the text: its byte range and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    start: usize,
    end: usize,
    folded: String,
}

/// The text's tokens, as the `unicode61` tokenizer with `remove_diacritics 2` makes them.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current: Option<Token> = None;
    for (at, c) in text.char_indices() {
        let continues = current.is_some() && is_diacritic(c);
        if is_token_char(c) || continues {
            let token = current.get_or_insert_with(|| Token {
                start: at,
                end: at,
                folded: String::new(),
            });
            fold_into(c, &mut token.folded);
            token.end = at + c.len_utf8();
        } else if let Some(token) = current.take() {
            out.push(token);
        }
    }
    out.extend(current);
    out
}

/// Letters, digits and private-use characters (the tokenizer's "L* N* Co").
fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    (c.is_alphanumeric() && !is_combining_mark(c))
        || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// The combining accents the tokenizer keeps inside a token (and then drops): the
/// mask of `sqlite3Fts5UnicodeIsdiacritic`, over U+0300–U+0331.
fn is_diacritic(c: char) -> bool {
    const MASK0: u32 = 0x0802_9FDF;
    const MASK1: u32 = 0x0003_61F8;
    let c = c as u32;
    match c {
        768..=799 => MASK0 & (1 << (c - 768)) != 0,
        800..=817 => MASK1 & (1 << (c - 800)) != 0,
        _ => false,
    }
}

/// Appends `c` in lower case, a Latin letter with accents as the bare ASCII letter, and
/// a lone accent not at all ("İ" is "i", as its lower case is "i" and a dot above).
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_diacritic(c) {
        return;
    }
    for lower in c.to_lowercase().filter(|&lower| !is_diacritic(lower)) {
        let mut base: Option<char> = None;
        let mut only_accents = true;
        decompose_canonical(lower, |part| match base {
            None => base = Some(part),
            Some(_) => only_accents &= is_combining_mark(part),
        });
        match base {
            Some(letter) if letter != lower && letter.is_ascii_alphabetic() && only_accents => {
                out.push(letter)
            }
            _ => out.push(lower),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked<'t>(marks: &Marks, field: &'t str) -> Vec<(&'t str, bool)> {
        marks.pieces(field)
    }

    #[test]
    fn accents_and_case_are_ignored_and_the_field_is_kept_exact() {
        let marks = Marks::new([("penasco", false)]);
        assert_eq!(
            marked(&marks, "Village of PEÑASCO"),
            [("Village of ", false), ("PEÑASCO", true)]
        );
    }

    #[test]
    fn a_phrase_is_marked_from_its_first_to_its_last_token() {
        let marks = Marks::new([("o'brien", false), ("obrien", false)]);
        assert_eq!(
            marked(&marks, "O'Brien & Sons"),
            [("O'Brien", true), (" & Sons", false)]
        );
        assert!(
            marked(&marks, "Obrient Ltd").is_empty(),
            "not a prefix once typed"
        );
    }

    #[test]
    fn adjacent_occurrences_are_marked_apart_and_overlapping_ones_together() {
        let marks = Marks::new([("road", false), ("ro", true)]);
        assert_eq!(
            marked(&marks, "road road"),
            [("road", true), (" ", false), ("road", true)]
        );
    }

    #[test]
    fn a_text_with_no_match_has_no_fragments() {
        assert!(Marks::new([("fleet", true)]).pieces("Paving").is_empty());
    }
}
