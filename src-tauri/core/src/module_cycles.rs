//! No module of the core depends on itself through its siblings.
//!
//! The layers read bottom-up — `db` connects and migrates, `backup` and `library` use
//! it, `opening` strings them together — only while no lower module reaches back up. A
//! cycle is easy to add and hard to see in review, so this test reads `src/**/*.rs`,
//! collects every `crate::…`, `super::…` and `self::…` path (in `use` lines and in code),
//! and draws an edge from the sibling module that holds the path to the sibling module
//! it names: among the top-level modules, and among the modules of each folder (`tco/`,
//! `memo/`, `library/`, `interchange/`, `db/`). It then fails naming every cycle, with
//! the line that makes each step.
//!
//! A path through a re-export is followed to the module that defines the item:
//! `crate::Error` is `crate::error::Error`, `super::compare` in `tco/` is
//! `super::engine::compare`. Test code (`#[cfg(test)]` items) may use any module and is
//! not counted. Comments and string literals are not code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[test]
fn no_module_depends_on_itself_through_its_siblings() {
    let Scan {
        modules,
        references,
        reexports,
        ..
    } = scan_core();
    // (scope, from, to) → where the first reference is.
    let mut edges: BTreeMap<(Vec<String>, String, String), String> = BTreeMap::new();
    for reference in &references {
        let to = through_reexports(&reference.to, &reexports, &modules);
        let common = reference
            .from
            .iter()
            .zip(&to)
            .take_while(|(a, b)| a == b)
            .count();
        if common >= reference.from.len() || common >= to.len() {
            continue; // a module's own items, its parent's or its children's
        }
        if !modules.contains(&to[..=common]) {
            continue; // an item of the parent's own, not a module
        }
        edges
            .entry((
                reference.from[..common].to_vec(),
                reference.from[common].clone(),
                to[common].clone(),
            ))
            .or_insert_with(|| reference.at.clone());
    }

    let step = |from: &str, to: &str| (Vec::new(), from.to_owned(), to.to_owned());
    assert!(
        edges.contains_key(&step("opening", "db")) && edges.contains_key(&step("files", "error")),
        "the scan found the references between modules: {:?}",
        edges.keys().collect::<Vec<_>>()
    );

    let cycles = find_cycles(&edges);
    assert!(
        cycles.is_empty(),
        "modules that depend on themselves through their siblings:\n{}",
        cycles.join("\n")
    );
}

/// What the scan of the core's sources found; the model-apart test reads it too.
pub(crate) struct Scan {
    /// Every module (but test-only ones) with its file.
    pub(crate) sources: Vec<(Vec<String>, PathBuf)>,
    pub(crate) modules: BTreeSet<Vec<String>>,
    /// Every path the code names, outside test code.
    pub(crate) references: Vec<Reference>,
    /// `pub use` items: the path they are reached by → the path they re-export.
    pub(crate) reexports: BTreeMap<Vec<String>, Vec<String>>,
}

impl Scan {
    /// The module that defines what `path` names (followed through re-exports), if it
    /// names one of the core's modules or an item of one.
    pub(crate) fn module_of(&self, path: &[String]) -> Option<Vec<String>> {
        let path = through_reexports(path, &self.reexports, &self.modules);
        (1..=path.len())
            .rev()
            .map(|k| path[..k].to_vec())
            .find(|prefix| self.modules.contains(prefix))
    }
}

/// Reads `src/**/*.rs` (but the binaries and test-only modules).
pub(crate) fn scan_core() -> Scan {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    collect_sources(&src, &src, &mut sources);

    let mut excluded = BTreeSet::new();
    let mut references = Vec::new();
    let mut reexports = BTreeMap::new();
    for (module, path) in &sources {
        let tokens = code_tokens(path);
        let name = path.strip_prefix(&src).unwrap().display().to_string();
        let mut found = Found {
            excluded: &mut excluded,
            references: &mut references,
            reexports: &mut reexports,
        };
        scan(&tokens, module, &name, &mut found);
    }
    let kept = |module: &Vec<String>| !excluded.iter().any(|x| module.starts_with(x));
    let sources: Vec<_> = sources
        .into_iter()
        .filter(|(module, _)| kept(module))
        .collect();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|(m, _)| m.clone()).collect();
    assert!(
        modules.contains(&vec!["tco".to_owned(), "engine".to_owned()]),
        "the scan found the core's modules: {modules:?}"
    );
    references.retain(|reference| kept(&reference.from));
    Scan {
        sources,
        modules,
        references,
        reexports,
    }
}

/// The tokens of a source file's code: comments and literals left out.
pub(crate) fn code_tokens(path: &Path) -> Vec<Token> {
    let text = std::fs::read_to_string(path).unwrap();
    tokenize(&strip_comments_and_literals(&text))
}

/// Whether an attribute (`cfg(test)`) marks an item that is not part of the built code:
/// test code, or an import for the documentation's links only.
pub(crate) fn leaves_out_item(attribute: &str) -> bool {
    attribute == "cfg(test)" || attribute == "cfg(doc)"
}

/// Every `.rs` file under `src/` but the binaries, with its module path.
fn collect_sources(root: &Path, dir: &Path, out: &mut Vec<(Vec<String>, PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let relative = path.strip_prefix(root).unwrap();
        if path.is_dir() {
            if relative != Path::new("bin") {
                collect_sources(root, &path, out);
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let mut module: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        out.push((module, path));
    }
}

/// `path` with every re-exported prefix replaced by what it re-exports, so that it
/// names the module that defines the item.
fn through_reexports(
    path: &[String],
    reexports: &BTreeMap<Vec<String>, Vec<String>>,
    modules: &BTreeSet<Vec<String>>,
) -> Vec<String> {
    let mut path = path.to_vec();
    // A bound, in case two re-exports ever named each other.
    for _ in 0..16 {
        // A module and a function may share a name (`memo::compose`); a path through
        // the module is not through the re-export.
        let Some(k) = (1..=path.len())
            .find(|k| !modules.contains(&path[..*k]) && reexports.contains_key(&path[..*k]))
        else {
            break;
        };
        let mut resolved = reexports[&path[..k]].clone();
        resolved.extend_from_slice(&path[k..]);
        path = resolved;
    }
    path
}

/// What the scan of the files collects.
struct Found<'a> {
    /// Modules declared `#[cfg(test)] mod x;`.
    excluded: &'a mut BTreeSet<Vec<String>>,
    references: &'a mut Vec<Reference>,
    /// `pub use` items: the path they are reached by → the path they re-export.
    reexports: &'a mut BTreeMap<Vec<String>, Vec<String>>,
}

/// A path the code names, made absolute.
pub(crate) struct Reference {
    pub(crate) from: Vec<String>,
    pub(crate) to: Vec<String>,
    /// `src/memo/compose.rs:17`.
    pub(crate) at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) text: String,
    pub(crate) line: usize,
}

/// Reads the tokens of one file (module path `file_module`): its paths, its re-exports,
/// the modules it excludes with `#[cfg(test)] mod x;`, and the inline modules that change
/// `super`.
fn scan(tokens: &[Token], file_module: &[String], file_name: &str, found: &mut Found) {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    // Inline modules as (name, brace depth inside them).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        let current: Vec<String> = file_module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        match text(i) {
            "#" => {
                let (attribute, end) = attribute(tokens, i);
                i = end;
                if leaves_out_item(&attribute) {
                    i = skip_item(tokens, i, &current, found.excluded);
                }
                continue;
            }
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            "use"
                if i.checked_sub(1).map_or("", text) == "pub"
                    || i.checked_sub(1).map_or("", text) == ")" =>
            {
                // `pub use a::{b, c}` (`pub(crate) use` too): `current::b` is `a::b`.
                let (paths, _) = use_tree(tokens, i + 1);
                for path in paths {
                    let first = path.first().map(String::as_str);
                    let target = match first {
                        Some("crate" | "super" | "self") => absolute(&path, &current),
                        Some(_) => Some(current.iter().chain(&path).cloned().collect()),
                        None => None,
                    };
                    if let (Some(target), Some(name)) = (target, path.last()) {
                        let mut alias = current.clone();
                        alias.push(name.clone());
                        if alias != target {
                            found.reexports.insert(alias, target);
                        }
                    }
                }
            }
            "mod" if text(i + 2) == "{" => {
                depth += 1;
                inline.push((text(i + 1).to_owned(), depth));
                i += 3;
                continue;
            }
            "crate" | "super" | "self"
                if text(i + 1) == "::" && i.checked_sub(1).map_or("", text) != "::" =>
            {
                let line = tokens[i].line;
                let (paths, end) = use_tree(tokens, i);
                for path in paths {
                    let Some(to) = absolute(&path, &current) else {
                        continue;
                    };
                    found.references.push(Reference {
                        from: current.clone(),
                        to,
                        at: format!("src/{file_name}:{line}"),
                    });
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// The text of the attribute starting at `#` (`cfg(test)`), and the index after it.
pub(crate) fn attribute(tokens: &[Token], start: usize) -> (String, usize) {
    let mut i = start + 1;
    if tokens.get(i).is_some_and(|t| t.text == "!") {
        i += 1;
    }
    let mut depth = 0;
    let mut text = String::new();
    while let Some(token) = tokens.get(i) {
        i += 1;
        match token.text.as_str() {
            "[" => depth += 1,
            "]" => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            other => text.push_str(other),
        }
    }
    (text, i)
}

/// Skips the item after a `#[cfg(test)]` (its further attributes, then up to its `;` or
/// its closing brace); a `mod x;` is remembered so that its file is left out too.
pub(crate) fn skip_item(
    tokens: &[Token],
    mut i: usize,
    current: &[String],
    excluded: &mut BTreeSet<Vec<String>>,
) -> usize {
    while tokens.get(i).is_some_and(|t| t.text == "#") {
        i = attribute(tokens, i).1;
    }
    let start = i;
    let mut depth = 0;
    while let Some(token) = tokens.get(i) {
        i += 1;
        match token.text.as_str() {
            ";" if depth == 0 => {
                let words: Vec<&str> = tokens[start..i - 1]
                    .iter()
                    .map(|t| t.text.as_str())
                    .filter(|t| !matches!(*t, "pub" | "(" | ")" | "crate"))
                    .collect();
                if let ["mod", name] = words[..] {
                    let mut module = current.to_vec();
                    module.push(name.to_owned());
                    excluded.insert(module);
                }
                break;
            }
            "{" | "(" | "[" => depth += 1,
            "}" | ")" | "]" => {
                depth -= 1;
                if depth == 0 && token.text == "}" {
                    break;
                }
            }
            _ => {}
        }
    }
    i
}

/// The paths of the use tree (or plain path) starting at `start`, and the index after
/// it: `crate::a::{b, c::{self, d}}` gives `crate::a::b`, `crate::a::c`,
/// `crate::a::c::d`.
fn use_tree(tokens: &[Token], start: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut i = start;
    while let Some(token) = tokens.get(i) {
        let word = token.text.as_str();
        if word == "{" {
            let mut paths = Vec::new();
            i += 1;
            while tokens.get(i).is_some_and(|t| t.text != "}") {
                match tokens[i].text.as_str() {
                    "," | "*" => {
                        i += 1;
                        continue;
                    }
                    "as" => {
                        i += 2;
                        continue;
                    }
                    _ => {}
                }
                let (inner, end) = use_tree(tokens, i);
                paths.extend(inner.into_iter().map(|tail| {
                    let mut path = prefix.clone();
                    path.extend(tail.into_iter().filter(|s| s != "self"));
                    path
                }));
                i = end.max(i + 1);
            }
            return (paths, i + 1);
        }
        if !is_identifier(word) {
            break;
        }
        prefix.push(word.to_owned());
        i += 1;
        if tokens.get(i).is_some_and(|t| t.text == "::") {
            i += 1;
        } else {
            break;
        }
    }
    (vec![prefix], i)
}

/// `crate::`, `super::` and `self::` paths, resolved from `current`.
fn absolute(path: &[String], current: &[String]) -> Option<Vec<String>> {
    let mut base = current.to_vec();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &path[1..];
        }
        Some("self") => rest = &path[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

fn is_identifier(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Each cycle of each scope, as `crate::tco: engine → sensitivity → engine (…)`.
fn find_cycles(edges: &BTreeMap<(Vec<String>, String, String), String>) -> Vec<String> {
    let mut scopes: BTreeMap<&Vec<String>, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for (scope, from, to) in edges.keys() {
        scopes
            .entry(scope)
            .or_default()
            .entry(from.as_str())
            .or_default()
            .push(to.as_str());
    }
    let mut found = Vec::new();
    for (scope, graph) in &scopes {
        let mut seen = BTreeSet::new();
        let mut reported = BTreeSet::new();
        for start in graph.keys() {
            let mut stack = Vec::new();
            walk(
                graph,
                start,
                &mut stack,
                &mut seen,
                &mut |cycle: &[&str]| {
                    // One report per set of modules, however it is entered.
                    let mut key: Vec<&str> = cycle.to_vec();
                    key.sort_unstable();
                    if !reported.insert(key.join(",")) {
                        return;
                    }
                    let steps: Vec<String> = cycle
                        .windows(2)
                        .map(|w| {
                            let at = &edges[&((*scope).clone(), w[0].to_owned(), w[1].to_owned())];
                            format!("{} → {} ({at})", w[0], w[1])
                        })
                        .collect();
                    let name = std::iter::once("crate")
                        .chain(scope.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join("::");
                    found.push(format!("  {name}: {}", steps.join(", ")));
                },
            );
        }
    }
    found
}

/// Depth-first from `node`, calling `report` with every cycle closed on the stack.
fn walk<'a>(
    graph: &BTreeMap<&'a str, Vec<&'a str>>,
    node: &'a str,
    stack: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
    report: &mut impl FnMut(&[&'a str]),
) {
    if let Some(position) = stack.iter().position(|n| *n == node) {
        let mut cycle = stack[position..].to_vec();
        cycle.push(node);
        report(&cycle);
        return;
    }
    if done.contains(node) {
        return;
    }
    stack.push(node);
    for next in graph.get(node).into_iter().flatten() {
        walk(graph, next, stack, done, report);
    }
    stack.pop();
    done.insert(node);
}

/// The source with comments, strings and character literals blanked out (newlines
/// kept, so line numbers stay right).
fn strip_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let identifier_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if !identifier_before && matches!(c, 'r' | 'b') && raw_string_start(&chars, i) {
            // r"…", r#"…"#, br"…": no escapes, closed by the same number of #.
            while chars[i] != 'r' {
                i += 1;
            }
            i += 1;
            let mut hashes = 0;
            while chars[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
            out.push('"');
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    blank(&mut out, c);
                }
                i += 1;
            }
            i += 1;
            out.push('"');
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{1F600}'), not a lifetime ('a).
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push('\'');
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn raw_string_start(chars: &[char], i: usize) -> bool {
    let mut j = i;
    if chars[j] == 'b' {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return false;
    }
    j += 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    chars.get(j) == Some(&'"')
}

/// Identifiers, `::` and single punctuation characters, with their line numbers.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let start = i;
            if c.is_whitespace() {
                i += 1;
                continue;
            } else if c.is_alphanumeric() || c == '_' {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            } else if c == ':' && chars.get(i + 1) == Some(&':') {
                i += 2;
            } else {
                i += 1;
            }
            tokens.push(Token {
                text: chars[start..i].iter().collect(),
                line: index + 1,
            });
        }
    }
    tokens
}
