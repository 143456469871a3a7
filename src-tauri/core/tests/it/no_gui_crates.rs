//! The core must build and test on a machine with no GUI libraries: nothing it depends on,
//! directly or through other crates, may be Tauri, GTK, WebKit or a windowing crate.
//! Read from `Cargo.lock`, which lists every package with its dependencies.
//!
//! Nor may the app carry the command line's argument parser: clap is the core's `cli`
//! feature, for the `coopdesk-cli` binary alone, and the app depends on the core without
//! it. That is a question of features, which `Cargo.lock` does not record, so it is asked
//! of `cargo tree`.

use std::collections::{BTreeSet, HashMap};

const FORBIDDEN: &[&str] = &[
    "tauri",
    "gtk",
    "gdk",
    "webkit",
    "wry",
    "tao",
    "javascriptcore",
    "soup",
];

#[test]
fn the_core_depends_on_no_gui_crate() {
    let lock_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock");
    let lock = std::fs::read_to_string(lock_path).expect("the workspace has a Cargo.lock");
    let graph = parse_lock(&lock);
    assert!(
        graph.contains_key("coopdesk-core"),
        "Cargo.lock lists coopdesk-core"
    );

    let mut seen = BTreeSet::new();
    let mut todo = vec!["coopdesk-core".to_owned()];
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            todo.extend(graph.get(&name).into_iter().flatten().cloned());
        }
    }
    let gui: Vec<_> = seen
        .iter()
        .filter(|name| {
            FORBIDDEN
                .iter()
                .any(|f| name.split('-').any(|part| part.starts_with(f)))
        })
        .collect();
    assert!(gui.is_empty(), "coopdesk-core pulls in GUI crates: {gui:?}");
    assert!(
        seen.contains("rusqlite"),
        "the walk really followed dependencies: {seen:?}"
    );
}

#[test]
// The cross-built Windows suite runs under Wine, where the cargo that built it (a Linux
// program) cannot be started; the features that bring clap in are the same on every system.
#[cfg_attr(
    windows,
    ignore = "asks cargo, which the Windows suite under Wine cannot start; checked on Linux"
)]
fn the_app_is_built_without_the_command_lines_argument_parser() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["tree", "--offline", "--manifest-path", manifest])
        .args(["-p", "coopdesk", "-e", "normal", "--prefix", "none"])
        .output()
        .expect("cargo runs");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "cargo tree answers: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let packages: BTreeSet<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(
        packages.contains("coopdesk-core") && packages.contains("tauri"),
        "the tree really is the app's: {packages:?}"
    );
    let clap: Vec<_> = packages
        .iter()
        .filter(|name| name.starts_with("clap"))
        .collect();
    assert!(
        clap.is_empty(),
        "the app's normal dependencies include the CLI's argument parser: {clap:?}"
    );
}

/// package name → names of its dependencies (all kinds; versions dropped).
fn parse_lock(lock: &str) -> HashMap<String, Vec<String>> {
    let mut graph = HashMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let mut name = None;
        let mut deps = Vec::new();
        let mut in_deps = false;
        for line in block.lines().map(str::trim) {
            if let Some(value) = line.strip_prefix("name = ") {
                name = Some(value.trim_matches('"').to_owned());
            } else if line.starts_with("dependencies = [") {
                in_deps = !line.ends_with(']');
            } else if in_deps && line == "]" {
                in_deps = false;
            } else if in_deps {
                let dep = line.trim_matches(|c| c == '"' || c == ',');
                deps.push(dep.split(' ').next().unwrap_or(dep).to_owned());
            }
        }
        if let Some(name) = name {
            graph.entry(name).or_insert_with(Vec::new).extend(deps);
        }
    }
    graph
}
