//! Offline for real, and least privilege — read from the files that decide them, so a
//! change that breaks a promise fails here, without building the app or opening a window:
//!
//! - the content security policy in `src-tauri/tauri.conf.json` allows no remote source;
//! - no file under `ui/` refers to anything on the network;
//! - the window's capabilities grant Tauri's core defaults and CoopDesk's own commands
//!   (those listed in `src-tauri/src/commands/list.rs`), and no plugin permission at all:
//!   the file dialogs and the system viewer are called from Rust, inside commands that
//!   check what they open.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn tauri_conf() -> Value {
    serde_json::from_str(&read(&repo().join("src-tauri/tauri.conf.json")))
        .expect("tauri.conf.json is JSON")
}

// ------------------------------------------------------------------ the CSP

/// Sources a directive may list. `ipc:` and `http://ipc.localhost` are Tauri's own IPC
/// channel (the second is how Windows' WebView2 spells it): local, not the network.
const ALLOWED_SOURCES: &[&str] = &["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];

/// Directives that must be present and fetch nothing from anywhere but the app.
const REQUIRED: &[(&str, &[&str])] = &[
    ("default-src", &["'self'"]),
    ("script-src", &["'self'"]),
    ("object-src", &["'none'"]),
    ("base-uri", &["'none'"]),
    ("form-action", &["'none'"]),
    ("frame-ancestors", &["'none'"]),
];

/// A policy as directive → sources, from the config's object or string form.
fn directives(csp: &Value) -> Vec<(String, Vec<String>)> {
    match csp {
        Value::Object(map) => map
            .iter()
            .map(|(name, sources)| {
                let sources = match sources {
                    Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
                    Value::Array(list) => list
                        .iter()
                        .map(|v| v.as_str().expect("a source is a string").to_owned())
                        .collect(),
                    other => panic!("directive {name} holds {other}"),
                };
                (name.clone(), sources)
            })
            .collect(),
        Value::String(policy) => policy
            .split(';')
            .filter(|d| !d.trim().is_empty())
            .map(|d| {
                let mut words = d.split_whitespace().map(str::to_owned);
                (words.next().unwrap(), words.collect())
            })
            .collect(),
        other => panic!("the CSP is neither an object nor a string: {other}"),
    }
}

fn check_policy(csp: &Value) -> Vec<String> {
    let directives = directives(csp);
    let mut problems = Vec::new();
    for (name, sources) in &directives {
        for source in sources {
            if !ALLOWED_SOURCES.contains(&source.as_str()) {
                problems.push(format!("{name} allows {source}"));
            }
            if source == "data:" && name != "img-src" {
                problems.push(format!("{name} allows data: (only images may)"));
            }
        }
    }
    for (name, expected) in REQUIRED {
        match directives.iter().find(|(n, _)| n == name) {
            Some((_, sources)) if sources == expected => {}
            Some((_, sources)) => problems.push(format!("{name} is {sources:?}, not {expected:?}")),
            None => problems.push(format!("{name} is missing")),
        }
    }
    problems
}

#[test]
fn the_content_security_policy_allows_no_remote_source() {
    let conf = tauri_conf();
    let security = &conf["app"]["security"];
    let csp = &security["csp"];
    assert!(!csp.is_null(), "tauri.conf.json sets a CSP");
    let problems = check_policy(csp);
    assert!(
        problems.is_empty(),
        "the CSP lets the window reach further than the app: {problems:?}"
    );
    if let Some(dev) = security.get("devCsp").filter(|v| !v.is_null()) {
        let problems = check_policy(dev);
        assert!(problems.is_empty(), "the dev CSP: {problems:?}");
    }
    assert_eq!(
        security["freezePrototype"], true,
        "the prototype is frozen against pollution"
    );
    for loosening in [
        "dangerousDisableAssetCspModification",
        "dangerousRemoteDomainIpcAccess",
        "assetProtocol",
    ] {
        assert!(
            security.get(loosening).is_none(),
            "{loosening} would widen what the window may reach"
        );
    }
    assert!(
        conf["build"].get("devUrl").is_none(),
        "the window loads the app's own files, never a server"
    );
}

#[test]
fn the_csp_check_catches_a_remote_source() {
    for bad in [
        r#"{"default-src": "'self' https://cdn.example.com"}"#,
        r#"{"default-src": "'self'", "connect-src": "ipc: wss://example.com"}"#,
        r#"{"default-src": "*"}"#,
        r#"{"default-src": "'self'", "img-src": "'self' http:"}"#,
        r#"{"default-src": "'self'", "script-src": "'self' 'unsafe-eval'"}"#,
        r#""default-src 'self'; script-src 'self' example.com""#,
    ] {
        let csp: Value = serde_json::from_str(bad).unwrap();
        assert!(!check_policy(&csp).is_empty(), "{bad} must be refused");
    }
}

// ------------------------------------------------------------------ the UI files

/// XML namespace names: identifiers that look like addresses and are never fetched.
const NAMESPACES: &[&str] = &[
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
];

/// Places in `text` that refer to something on the network.
fn remote_references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    for scheme in ["http://", "https://", "ws://", "wss://", "ftp://"] {
        for (at, _) in lower.match_indices(scheme) {
            let rest = &text[at..];
            let end = rest
                .find(|c: char| c.is_whitespace() || "\"'`)<>".contains(c))
                .unwrap_or(rest.len());
            let address = &rest[..end];
            if !NAMESPACES.contains(&address) {
                found.push(address.to_owned());
            }
        }
    }
    // Protocol-relative addresses ("//cdn.example.com/x.js") where a URL is expected:
    // after a quote, `url(` or `=`. A JavaScript comment starts a line or follows code
    // and a space, so it is not mistaken for one.
    for opener in ["\"//", "'//", "`//", "(//", "=//"] {
        for (at, _) in lower.match_indices(opener) {
            let host = &lower[at + opener.len()..];
            if host.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                found.push(text[at..].chars().take(40).collect());
            }
        }
    }
    for (at, _) in lower.match_indices("@import") {
        let rule: String = lower[at..].chars().take_while(|&c| c != ';').collect();
        if rule.contains("//") {
            found.push(rule);
        }
    }
    found
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_ui_file_refers_to_anything_on_the_network() {
    let mut files = Vec::new();
    files_under(&repo().join("ui"), &mut files);
    let mut text_files = 0;
    let mut problems = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // images and fonts: not read by the browser as code
        };
        text_files += 1;
        for reference in remote_references(&text) {
            problems.push(format!("{}: {reference}", path.display()));
        }
    }
    assert!(
        text_files >= 5,
        "the scan read the UI's files ({text_files})"
    );
    assert!(
        problems.is_empty(),
        "the UI refers to the network: {problems:#?}"
    );
}

#[test]
fn the_ui_scan_catches_remote_references_and_lets_namespaces_pass() {
    for bad in [
        r#"<script src="https://cdn.example.com/lib.js"></script>"#,
        r#"<link href="//fonts.example.com/css" rel="stylesheet">"#,
        "body { background: url(//example.com/x.png) }",
        "@import url('https://fonts.example.com/inter.css');",
        "@import '//example.com/a.css';",
        "fetch('http://192.168.1.10:8080/api')",
        "new WebSocket(`wss://example.com`)",
    ] {
        assert!(!remote_references(bad).is_empty(), "{bad} must be found");
    }
    for fine in [
        r#"document.createElementNS("http://www.w3.org/2000/svg", "svg")"#,
        "// a comment about the layout\nconst x = 1; // and another",
        "const half = a / 2 // b",
    ] {
        assert_eq!(remote_references(fine), Vec::<String>::new(), "{fine}");
    }
}

// ------------------------------------------------------------------ capabilities

macro_rules! window_commands {
    ($($module:ident: $($command:ident),+ $(,)?;)*) => {
        /// The commands `src-tauri/src/commands/list.rs` lists: the app puts each under the
        /// ACL, and its `commands` permission set grants exactly these.
        const LISTED_COMMANDS: &[&str] = &[$($(stringify!($command),)+)*];
    };
}
include!("../../../src/commands/list.rs");

/// The app's permission set that `src-tauri/build.rs` writes from the same list:
/// `allow-<command>` for each listed command and nothing else.
const COMMAND_SET: &str = "commands";

fn app_commands() -> BTreeSet<String> {
    let commands: BTreeSet<String> = LISTED_COMMANDS.iter().map(|c| c.to_string()).collect();
    assert!(commands.len() >= 10, "read the command list: {commands:?}");
    commands
}

/// Why `permission` may not be granted, or `None` when it may.
/// Core permissions granted beyond the defaults, each for a reason: zooming the page
/// (Ctrl or Cmd with + − 0; Tauri's zoom keys on macOS and Linux call it), so that a clerk
/// can read every screen at 200 % (WCAG 2.1 1.4.4).
const CORE_EXTRAS: &[&str] = &["core:webview:allow-set-webview-zoom"];

fn refusal(permission: &str, commands: &BTreeSet<String>) -> Option<String> {
    if permission == "core:default"
        || CORE_EXTRAS.contains(&permission)
        || permission == COMMAND_SET
    {
        return None;
    }
    if let Some(rest) = permission.strip_prefix("core:") {
        return (!rest.ends_with(":default") || rest.matches(':').count() != 1)
            .then(|| format!("{permission}: only core defaults are granted"));
    }
    if let Some(command) = permission.strip_prefix("allow-") {
        return (!commands.contains(&command.replace('-', "_")))
            .then(|| format!("{permission}: not one of CoopDesk's own commands in list.rs"));
    }
    Some(format!(
        "{permission}: plugin and deny-by-exception permissions are not granted to the window"
    ))
}

fn capability_problems(capability: &Value, commands: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    if capability.get("remote").is_some() {
        problems.push("a capability for remote origins".to_owned());
    }
    if capability["windows"] != serde_json::json!(["main"]) {
        problems.push(format!("windows {} (only \"main\")", capability["windows"]));
    }
    if capability.get("webviews").is_some() {
        problems.push("webviews are granted separately".to_owned());
    }
    for entry in capability["permissions"].as_array().into_iter().flatten() {
        let identifier = match entry {
            Value::String(s) => s.as_str(),
            Value::Object(map) => {
                problems.push(format!("a scoped permission: {entry}"));
                map.get("identifier").and_then(Value::as_str).unwrap_or("")
            }
            other => {
                problems.push(format!("a permission that is not a name: {other}"));
                continue;
            }
        };
        problems.extend(refusal(identifier, commands));
    }
    problems
}

#[test]
fn capabilities_grant_only_core_defaults_page_zoom_and_the_apps_own_commands() {
    let commands = app_commands();
    let dir = repo().join("src-tauri/capabilities");
    let mut read_any = false;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = read(&path);
        let capability: Value = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => serde_json::from_str(&text).unwrap(),
            other => panic!(
                "{}: a capability in a format this test cannot read ({other:?}); keep them JSON",
                path.display()
            ),
        };
        read_any = true;
        let problems = capability_problems(&capability, &commands);
        assert!(
            problems.is_empty(),
            "{} grants more than it should: {problems:#?}",
            path.display()
        );
    }
    assert!(read_any, "the capability files were read");
}

#[test]
fn the_capability_check_refuses_plugin_and_wide_permissions() {
    let commands = app_commands();
    let first = commands.iter().next().unwrap().replace('_', "-");
    let ok = serde_json::json!({
        "identifier": "main", "windows": ["main"],
        "permissions": ["core:default", "core:window:default", format!("allow-{first}")]
    });
    assert_eq!(capability_problems(&ok, &commands), Vec::<String>::new());
    for bad in [
        "fs:default",
        "fs:allow-read-file",
        "shell:allow-open",
        "http:default",
        "dialog:default",
        "dialog:allow-open",
        "opener:default",
        "opener:allow-open-path",
        "core:window:allow-set-title",
        "allow-read-any-file",
    ] {
        let capability = serde_json::json!({
            "identifier": "main", "windows": ["main"], "permissions": ["core:default", bad]
        });
        assert!(
            !capability_problems(&capability, &commands).is_empty(),
            "{bad} must be refused"
        );
    }
    let remote = serde_json::json!({
        "identifier": "main", "windows": ["main"], "permissions": ["core:default"],
        "remote": { "urls": ["https://*.example.com"] }
    });
    assert!(!capability_problems(&remote, &commands).is_empty());
    let everywhere = serde_json::json!({
        "identifier": "main", "windows": ["*"], "permissions": ["core:default"]
    });
    assert!(!capability_problems(&everywhere, &commands).is_empty());
}
