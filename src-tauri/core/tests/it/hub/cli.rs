//! `coopdesk-cli hub …` as the hub's administrator and a clerk type it.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use super::TestHub;
use crate::support::cli::{command, spawn, stderr, stdout};

/// Runs the CLI on the library in `dir` with `password` typed on standard input.
fn typed(dir: &Path, args: &[&str], password: &str) -> Output {
    let mut child = spawn(
        command(dir, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_clerk_joins_with_the_line_add_member_printed_and_shares_the_library() {
    let Some(hub) = TestHub::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let admin_url = hub.admin.url();
    let ca = hub.server.ca.to_str().unwrap();
    let admin = [
        "hub",
        "add-member",
        "Village of Peñasco",
        "--admin-url",
        &admin_url,
        "--ca-file",
        ca,
    ];
    let printed = stdout(&typed(dir.path(), &admin, &hub.server.admin_password));

    let lines: Vec<&str> = printed.lines().map(str::trim).collect();
    let join = lines
        .iter()
        .find_map(|line| line.strip_prefix("coopdesk-cli "))
        .unwrap_or_else(|| panic!("add-member prints the line to type: {printed}"));
    let password = lines
        .iter()
        .skip_while(|line| !line.contains("types this password"))
        .nth(1)
        .unwrap_or_else(|| panic!("add-member prints the password: {printed}"));
    assert!(
        join.starts_with("hub join postgresql://") && join.ends_with(&format!("--ca-file {ca}")),
        "{join}"
    );
    assert!(!join.contains(password), "the address carries no password");

    let args: Vec<&str> = join.split(' ').collect();
    let joined = stdout(&typed(dir.path(), &args, password));
    assert!(joined.contains("joined to the hub"), "{joined}");
    assert!(joined.contains("as Village of Peñasco"), "{joined}");

    let synced = stdout(&typed(dir.path(), &["hub", "sync"], ""));
    assert!(
        synced.contains("10 sent"),
        "the ten sample contracts go up: {synced}"
    );
    let status = stdout(&typed(dir.path(), &["hub", "status"], ""));
    assert!(
        status.contains("Waiting to be shared: 0; conflicts: 0."),
        "{status}"
    );

    let shared = stdout(&typed(dir.path(), &["hub", "share", "070924-SCC"], ""));
    assert!(shared.contains("shared with the region"), "{shared}");
    let synced = stdout(&typed(dir.path(), &["hub", "sync"], ""));
    assert!(synced.contains("1 sent"), "{synced}");
    let region: Vec<String> = hub
        .admin_sql()
        .query(
            "SELECT body->>'contractNumber' FROM coopdesk.records WHERE circle = 'region'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(
        region,
        vec!["070924-SCC".to_string()],
        "that one contract only"
    );
    let refused = stderr(&typed(dir.path(), &["hub", "share", "NO-SUCH-1"], ""));
    assert!(
        refused.contains("no contract numbered 'NO-SUCH-1'"),
        "{refused}"
    );
}

#[test]
fn joining_with_a_password_in_the_address_is_refused_without_repeating_it() {
    let dir = tempfile::tempdir().unwrap();
    let refused = stderr(&typed(
        dir.path(),
        &[
            "hub",
            "join",
            "postgresql://clerk:hunter2@hub.example/coopdesk",
        ],
        "",
    ));
    assert!(refused.contains("credential store"), "{refused}");
    assert!(!refused.contains("hunter2"), "{refused}");
}

#[test]
fn the_administrator_sets_the_largest_document_the_hub_takes() {
    let Some(hub) = TestHub::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let admin_url = hub.admin.url();
    let ca = hub.server.ca.to_str().unwrap();
    let limit = || -> i64 {
        hub.admin_sql()
            .query_one("SELECT max_document_bytes FROM coopdesk.settings", &[])
            .unwrap()
            .get(0)
    };
    assert_eq!(
        limit(),
        25 * 1024 * 1024,
        "a new hub takes documents up to 25 MB"
    );

    let init = [
        "hub",
        "init",
        "--max-document-mb",
        "40",
        "--admin-url",
        &admin_url,
        "--ca-file",
        ca,
    ];
    let printed = stdout(&typed(dir.path(), &init, &hub.server.admin_password));
    assert!(
        printed.contains("Documents up to 40 MB are shared"),
        "{printed}"
    );
    assert_eq!(limit(), 40 * 1024 * 1024);

    let set = [
        "hub",
        "set-document-limit",
        "8",
        "--admin-url",
        &admin_url,
        "--ca-file",
        ca,
    ];
    let printed = stdout(&typed(dir.path(), &set, &hub.server.admin_password));
    assert!(
        printed.contains("now takes documents up to 8 MB"),
        "{printed}"
    );
    assert_eq!(limit(), 8 * 1024 * 1024);

    let again = stdout(&typed(
        dir.path(),
        &["hub", "init", "--admin-url", &admin_url, "--ca-file", ca],
        &hub.server.admin_password,
    ));
    assert!(
        again.contains("Documents up to 8 MB are shared"),
        "hub init run again keeps the administrator's limit: {again}"
    );
}
