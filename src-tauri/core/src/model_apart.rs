//! Renderers and engines take data and never reach the database (STYLE.md rule 13:
//! model apart from store).
//!
//! The memo's renderers, the comparison's engine and the import's readers are given
//! what they work on — a [`crate::memo::Memo`], a [`crate::tco::Comparison`], a file's
//! bytes — so they run the same in a test, a benchmark or a CLI without a library, and
//! a change of the schema cannot reach them. The data types they read live in a file
//! of their own (`settings/model.rs`, `library/contract/mod.rs`, `tco/model.rs`…) and
//! the SQL beside it (`store.rs`).
//!
//! This test reads the sources with the module-cycle test's scanner ([`scan_core`]) and
//! fails naming every import, with its line, from a module of [`DATA_ONLY`] to a module
//! that holds SQL. A module holds SQL when its code (tests aside) names a `rusqlite`
//! item other than its error types, a `Connection`, `Transaction` or `Statement`, or the
//! [`crate::db`] module — found in the file, not from a list of names. An entry of
//! [`DATA_ONLY`] covers the module and every module under it (a folder counts as its
//! files), except a `store` module under it: that is where its SQL belongs.

use std::collections::BTreeMap;

use crate::module_cycles::{attribute, code_tokens, leaves_out_item, scan_core, skip_item};

/// The renderers, engines, readers and data types: they take data and never reach the
/// database.
const DATA_ONLY: &[&str] = &[
    // The memo: its document, what a saved version holds, and the renderers.
    "memo::changes",
    "memo::compose",
    "memo::content",
    "memo::document",
    "memo::docx",
    "memo::html",
    "memo::pdf",
    "memo::sections",
    "memo::srgb",
    "memo::tagged",
    "memo::term",
    // The comparison: its model, the engine and what renders its results.
    "tco::chart",
    "tco::discount",
    "tco::engine",
    "tco::model",
    "tco::money",
    "tco::rates",
    "tco::results",
    "tco::sensitivity",
    "tco::streams",
    "tco::template",
    "tco::workbook",
    // The data a memo cites.
    "settings::model",
    "settings::logo",
    "library::contract",
    "library::checklist",
    "library::documents",
    "library::price_list",
    "library::status",
    "library::term",
    "library::highlight",
    // Spending: its data, the checks of typed input, the figures and the guard rails.
    "spending::model",
    "spending::input",
    "spending::figures",
    "spending::rules",
    "spending::variance",
    "spending::export",
    // The import's data and readers: a file's bytes in, candidate rows out.
    "interchange::csv",
    "interchange::keys",
    "interchange::mapping",
    "interchange::model",
    "interchange::packed",
    "interchange::text",
    "interchange::values",
    "interchange::workbook",
    // The shared hub's merge of a record changed on both sides.
    "hub::merge",
    // What markup and files are made of.
    "markup",
    "renewal",
    "json",
];

#[test]
fn renderers_and_engines_never_import_a_module_that_holds_sql() {
    let scan = scan_core();
    let holds_sql: BTreeMap<&Vec<String>, String> = scan
        .sources
        .iter()
        .filter_map(|(module, path)| {
            let name = path
                .strip_prefix(concat!(env!("CARGO_MANIFEST_DIR"), "/"))
                .unwrap_or(path)
                .display()
                .to_string();
            sql_in(&code_tokens(path))
                .map(|(line, what)| (module, format!("{name}:{line} names {what}")))
                .or_else(|| {
                    scan.references
                        .iter()
                        .find(|r| r.from == *module && r.to.first().is_some_and(|m| m == "db"))
                        .map(|r| (module, format!("{} names the db module", r.at)))
                })
        })
        .collect();
    assert!(
        holds_sql.contains_key(&vec!["memo".to_owned(), "store".to_owned()]),
        "the scan sees the SQL of memo/store.rs: {:?}",
        holds_sql.keys().collect::<Vec<_>>()
    );

    let covered = |module: &[String]| {
        DATA_ONLY.iter().any(|entry| {
            let entry: Vec<&str> = entry.split("::").collect();
            module.len() >= entry.len()
                && module.iter().zip(&entry).all(|(a, b)| a == b)
                && !module[entry.len()..].iter().any(|m| m == "store")
        })
    };
    for entry in DATA_ONLY {
        let entry: Vec<String> = entry.split("::").map(str::to_owned).collect();
        assert!(
            scan.modules.iter().any(|m| m.starts_with(&entry)),
            "DATA_ONLY names {}, which is not a module of the core any more",
            entry.join("::")
        );
    }

    let mut offences = Vec::new();
    for (module, _) in scan.sources.iter().filter(|(m, _)| covered(m)) {
        if let Some(why) = holds_sql.get(module) {
            offences.push(format!("  {} holds SQL itself: {why}", module.join("::")));
        }
    }
    for reference in scan.references.iter().filter(|r| covered(&r.from)) {
        let Some(target) = scan.module_of(&reference.to) else {
            continue;
        };
        if let Some(why) = holds_sql.get(&target) {
            offences.push(format!(
                "  {} ({}) imports crate::{}, and {} holds SQL ({why})",
                reference.from.join("::"),
                reference.at,
                reference.to.join("::"),
                target.join("::"),
            ));
        }
    }
    offences.dedup();
    assert!(
        offences.is_empty(),
        "renderers and engines that reach the database (move the type they need out of \
         the store, as settings/model.rs is kept apart from settings/store.rs):\n{}",
        offences.join("\n")
    );
}

/// The first line where the code names the database, and what it names: a `rusqlite`
/// item other than its errors (which the crate's error type wraps), or a connection,
/// transaction or statement. Test code and doc-only imports are left out.
fn sql_in(tokens: &[super::module_cycles::Token]) -> Option<(usize, String)> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let mut i = 0;
    while i < tokens.len() {
        match text(i) {
            "#" => {
                let (attribute, end) = attribute(tokens, i);
                i = if leaves_out_item(&attribute) {
                    skip_item(tokens, end, &[], &mut Default::default())
                } else {
                    end
                };
                continue;
            }
            "rusqlite"
                if text(i + 1) == "::" && !matches!(text(i + 2), "Error" | "ErrorCode" | "ffi") =>
            {
                return Some((tokens[i].line, format!("rusqlite::{}", text(i + 2))));
            }
            word @ ("Connection" | "Transaction" | "Statement") => {
                return Some((tokens[i].line, word.to_owned()));
            }
            _ => {}
        }
        i += 1;
    }
    None
}
