//! `coopdesk-cli`, run as a clerk or a script runs it: on one library folder given with
//! `--data-dir`, with `COOPDESK_DATA_DIR` removed so that a developer's own setting never
//! points a test at their real library.

use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

/// The CLI binary cargo built for this test run.
pub const CLI: &str = env!("CARGO_BIN_EXE_coopdesk-cli");

/// The CLI on the library in `data_dir`, not yet started (to spawn it, or to change its
/// output streams).
pub fn command(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(CLI);
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("COOPDESK_DATA_DIR");
    command
}

/// Runs the CLI on the library in `data_dir` to its end.
pub fn cli(data_dir: &Path, args: &[&str]) -> Output {
    started_again_if_refused(|| command(data_dir, args).output()).expect("the CLI runs")
}

/// Starts `command` (its streams as set), for a test that stops it part way.
pub fn spawn(command: &mut Command) -> Child {
    started_again_if_refused(|| command.spawn()).expect("the CLI starts")
}

/// Starting a process is not what these tests test: under Wine on a busy machine,
/// CreateProcess was seen to fail at once with ERROR_INTERNAL_ERROR (1359) and succeed
/// when asked again. A process that started and then failed is never run again.
fn started_again_if_refused<T>(
    mut start: impl FnMut() -> std::io::Result<T>,
) -> std::io::Result<T> {
    let mut attempt = 1;
    loop {
        match start() {
            Err(e) if attempt < 3 => {
                eprintln!("the process did not start ({e}); starting it again");
                attempt += 1;
                std::thread::sleep(Duration::from_millis(500));
            }
            result => return result,
        }
    }
}

/// What the CLI printed; fails the test with the CLI's own message when it failed.
pub fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "CLI failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// What the CLI said when it refused; fails the test when it succeeded.
pub fn stderr(output: &Output) -> String {
    assert!(!output.status.success(), "the CLI was expected to fail");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs the CLI with `--json` and reads what it printed.
pub fn json(data_dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(&cli(data_dir, &all))).unwrap()
}

/// Kills the CLI outright — SIGKILL on Unix, `TerminateProcess` on Windows — and waits
/// until it is gone. Wine can answer the first wait on a process killed as it started
/// with "Internal error" (1359); the process is gone all the same, so the wait is tried
/// again until the system confirms it.
pub fn kill(child: &mut Child) {
    let _ = child.kill(); // an error means it had already finished
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return,
            Ok(None) | Err(_) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
                let _ = child.kill();
            }
            outcome => panic!("the killed CLI never ended: {outcome:?}"),
        }
    }
}
