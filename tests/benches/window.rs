//! The Library in the real window at 100,000 contracts: from the app's start to its first
//! rows, from a keystroke to the rendered rows, and the app's memory.
//!
//! `cargo build --release -p coopdesk && cargo bench -p coopdesk-e2e --bench window`
//! (optionally `-- 20000` for fewer contracts). It generates the search bench's library
//! (`src-tauri/core/benches/support/generated.rs`, seeded: the same 100,000 contracts),
//! then drives the release app through the end-to-end harness (tauri-driver, WebKit's
//! WebDriver, Xvfb when there is no display), as `cargo test` does the debug one.
//!
//! - **Start to first rows**: the app is started five times on the library. The first
//!   start of the day also makes the day's backup; every start runs the integrity check;
//!   both run after the window shows the library. The time is from the app process's
//!   start (`/proc/PID/stat`) to the frame in which the Library's first rows are shown
//!   (the page's `coopdesk:first-rows` mark), to within 10 ms.
//! - **Keystroke to rows**: queries typed into the search box one key at a time, as a
//!   clerk types (each key once the previous key's rows are on screen): the time from
//!   the key's `keydown` event to the frame in which its rows are shown, measured in the
//!   page (a `MutationObserver` on the rows, then the next frame). Typed first right
//!   after the first start's rows (while the integrity check and the backup run), then
//!   again once they are done.
//! - **Memory**: the app's resident memory, and with WebKit's processes (the page is
//!   drawn and run in a child process) their proportional set size (PSS: shared
//!   libraries counted once), after opening the library and after typing.
//!
//! The start and memory figures read `/proc`: they are measured on Linux only.

use std::path::Path;
use std::time::Duration;

use chrono::Local;
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_e2e::Desk;

#[path = "../../src-tauri/core/benches/support/generated.rs"]
#[allow(dead_code)]
mod generated;

/// How many times the app is started on the library.
const STARTS: usize = 5;

/// What the clerk types, one key at a time: common and rarer words, two words, a
/// vendor's name typed without its apostrophe, a contract number.
const TYPED: &[&str] = &[
    "software",
    "network security",
    "vehicles",
    "paving maintenance",
    "obrien",
    "cloud",
    "045000",
    "radio",
];

/// Installed in the page once the Library is up: records each key pressed in the search
/// box and, for each change of the rows, the query they are for and the time of the next
/// frame after it (after layout and paint).
const RECORDER: &str = r#"
const rows = document.querySelector('table.contracts tbody');
window.__bench = { keys: [], rows: [] };
document.addEventListener('keydown', (event) => {
  if (event.target && event.target.id === 'library-search') {
    const now = performance.now();
    // WebKit's event time is on the same clock as performance.now(); a zero or future
    // stamp (older engines) falls back to the time the handler ran.
    const stamp = event.timeStamp > 0 && event.timeStamp <= now ? event.timeStamp : now;
    window.__bench.keys.push(stamp);
  }
}, true);
new MutationObserver(() => {
  const query = rows.dataset.query;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => window.__bench.rows.push({ query, shown: performance.now() });
    channel.port2.postMessage(null);
  });
}).observe(rows, { childList: true, attributes: true, attributeFilter: ['data-query'] });
return true;
"#;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    let folder = tempfile::tempdir().expect("a temporary folder");
    let library = folder.path().join("library");
    generate(&library, count);

    let mut starts = Vec::new();
    for start in 0..STARTS {
        let desk = match Desk::launch(&library).await {
            Ok(desk) => desk,
            Err(why) => {
                eprintln!("The window cannot run here: {}", why.0);
                std::process::exit(1);
            }
        };
        let app = app_process(&library);
        let first_rows = first_rows_after_start(&desk, app).await;
        starts.push(first_rows.map(|f| f.shown));
        println!(
            "Start {}{}: {}",
            start + 1,
            if start == 0 {
                " (the day's backup and the check run after the rows)"
            } else {
                " (the check runs after the rows)"
            },
            first_rows.map_or("not measured here".into(), |f| format!(
                "first rows {:.0} ms after the app started (the page began loading at {:.0} ms)",
                f.shown.as_secs_f64() * 1e3,
                f.page_began.as_secs_f64() * 1e3
            ))
        );
        if start == 0 {
            print_what_the_first_rows_wait_for(&desk).await;
            desk.script(RECORDER).await;
            let during = type_queries(&desk).await;
            report(
                "Keystroke to rows, typed at once (check and backup running)",
                &during,
            );
            // Long enough for the check and the backup at 100,000 contracts (their times:
            // docs/benchmarks-search.md, `cargo bench -p coopdesk-core --bench search`).
            tokio::time::sleep(Duration::from_secs(5)).await;
            print_memory("Memory after opening the library and typing", app);
            let after = type_queries(&desk).await;
            report(
                "Keystroke to rows, once the check and backup are done",
                &after,
            );
            print_memory("Memory after typing again", app);
        }
        desk.quit().await;
    }
    let mut measured: Vec<Duration> = starts.iter().skip(1).flatten().copied().collect();
    measured.sort();
    if let (Some(first), Some(median), Some(worst)) =
        (starts[0], measured.get(measured.len() / 2), measured.last())
    {
        println!(
            "\nStart to first rows: {:.0} ms the first time of the day (backup), \
             later starts median {:.0} ms, slowest {:.0} ms",
            first.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3
        );
    }
}

/// A library of `count` generated contracts in `folder`, as the clerk's disk holds it
/// after an import (no statistics gathered beyond what the app itself keeps).
fn generate(folder: &Path, count: usize) {
    let started = std::time::Instant::now();
    let now = Local::now().naive_local();
    let (db, _) = opening::open(
        folder,
        OpenOptions {
            now,
            seed_sample: false,
        },
    )
    .expect("a new library");
    let generated = generated::contracts(count);
    contract::insert_all(&db, &generated.contracts, now).expect("generated contracts are valid");
    println!(
        "Generated {count} contracts in {:.1} s\n",
        started.elapsed().as_secs_f64()
    );
}

/// Times, from the page, each question the Library asks the core before its first rows
/// (and the chip counts, asked once the Filters are open): the median of five, IPC
/// included.
async fn print_what_the_first_rows_wait_for(desk: &Desk) {
    let times = desk
        .script_async(
            "const done = arguments[arguments.length - 1];
             const invoke = window.__TAURI__.core.invoke;
             const query = { text: '', limit: 50, offset: 0, sort: null };
             const asks = [
               ['library_info', {}], ['get_settings', {}], ['search_contracts', { query }],
               ['expiry_dashboard', {}], ['search_facets', { query }],
             ];
             (async () => {
               const out = [];
               for (const [command, args] of asks) {
                 const took = [];
                 for (let i = 0; i < 5; i++) {
                   const t = performance.now();
                   await invoke(command, args);
                   took.push(performance.now() - t);
                 }
                 took.sort((a, b) => a - b);
                 out.push(`${command} ${took[2].toFixed(1)} ms`);
               }
               done(out.join(', '));
             })().catch((e) => done(`failed: ${e}`));",
        )
        .await;
    println!(
        "What the first rows wait for (median of 5, from the page): {}",
        times.as_str().unwrap_or_default()
    );
}

/// Types every query of [`TYPED`] into the cleared search box, one key at a time, and
/// returns each key's time to its rows.
async fn type_queries(desk: &Desk) -> Vec<Duration> {
    let mut latencies = Vec::new();
    for query in TYPED {
        clear_search(desk).await;
        let mut typed = String::new();
        for key in query.chars() {
            typed.push(key);
            let keys_before = desk.script("return window.__bench.keys.length;").await;
            desk.type_keys(&key.to_string()).await;
            let answer = desk
                .script_async(&format!(
                    "const done = arguments[arguments.length - 1];
                     const typed = {typed:?};
                     const look = () => {{
                       const b = window.__bench;
                       const shown = b.rows.find((r) => r.query === typed);
                       if (shown && b.keys.length > {keys_before}) {{
                         done(shown.shown - b.keys[b.keys.length - 1]);
                       }} else {{ setTimeout(look, 2); }}
                     }};
                     look();"
                ))
                .await;
            let ms = answer.as_f64().expect("the page answers a time in ms");
            latencies.push(Duration::from_secs_f64(ms.max(0.0) / 1e3));
        }
    }
    latencies
}

/// Empties the search box as a clerk would (select all, delete) and waits for the rows
/// of the whole library; then forgets what was recorded so far.
async fn clear_search(desk: &Desk) {
    desk.script(
        "const box = document.getElementById('library-search');
         box.focus(); box.select();
         return true;",
    )
    .await;
    desk.type_keys("\u{E003}").await; // Backspace
    desk.script_async(
        "const done = arguments[arguments.length - 1];
         const look = () => {
           const rows = document.querySelector('table.contracts tbody');
           if (rows.dataset.query === '') done(true); else setTimeout(look, 2);
         };
         look();",
    )
    .await;
    desk.script("window.__bench.keys = []; window.__bench.rows = []; return true;")
        .await;
}

fn report(what: &str, latencies: &[Duration]) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let at = |p: f64| {
        let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[rank].as_secs_f64() * 1e3
    };
    println!(
        "{what}: {} keys, p50 {:.1} ms, p99 {:.1} ms, slowest {:.1} ms",
        sorted.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

/// The app's process: the one whose command line names `library` as its data folder.
#[cfg(target_os = "linux")]
fn app_process(library: &Path) -> Option<u32> {
    let wanted = library.as_os_str().as_encoded_bytes();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            let names_library = args
                .windows(2)
                .any(|pair| pair[0] == b"--data-dir" && pair[1] == wanted);
            let is_driver = args
                .first()
                .is_some_and(|a| a.ends_with(b"WebKitWebDriver") || a.ends_with(b"tauri-driver"));
            (names_library && !is_driver).then_some(pid)
        })
}

#[cfg(not(target_os = "linux"))]
fn app_process(_library: &Path) -> Option<u32> {
    None
}

/// When the first rows were shown, after the app process started, and when the page
/// itself began loading (the webview's navigation start): what comes before the page is
/// the app and its webview starting, what comes after it is the page and the core.
#[derive(Debug, Clone, Copy)]
struct FirstRows {
    shown: Duration,
    page_began: Duration,
}

/// Waits for the page's first-rows mark and works out when, after the app process
/// started, it was made.
async fn first_rows_after_start(desk: &Desk, app: Option<u32>) -> Option<FirstRows> {
    let answer = desk
        .script_async(
            "const done = arguments[arguments.length - 1];
             const look = () => {
               const mark = performance.getEntriesByName('coopdesk:first-rows')[0];
               if (mark) done([performance.now() - mark.startTime, mark.startTime]);
               else setTimeout(look, 5);
             };
             look();",
        )
        .await;
    let since_mark = answer[0].as_f64()?;
    let mark_in_page = answer[1].as_f64()?;
    let age = process_age(app?)?;
    let shown = age.checked_sub(Duration::from_secs_f64(since_mark / 1e3))?;
    let page_began = shown.checked_sub(Duration::from_secs_f64(mark_in_page / 1e3))?;
    Some(FirstRows { shown, page_began })
}

/// How long ago the process started, from `/proc/PID/stat` and `/proc/uptime` (both in
/// the kernel's clock ticks, 10 ms).
fn process_age(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name in parentheses (which may hold spaces): the
    // 22nd field, start time, is the 20th of those.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let ticks: f64 = after_name.split(' ').nth(19)?.parse().ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let uptime: f64 = uptime.split(' ').next()?.parse().ok()?;
    let hertz = clock_ticks_per_second();
    Some(Duration::from_secs_f64((uptime - ticks / hertz).max(0.0)))
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100.0)
}

/// Prints the app's resident memory and, with WebKit's child processes, their PSS.
fn print_memory(what: &str, app: Option<u32>) {
    let Some(app) = app else {
        println!("{what}: not measured here");
        return;
    };
    let kib = |pid: u32, file: &str, field: &str| -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .ok()
            .and_then(|text| {
                text.lines()
                    .find(|line| line.starts_with(field))
                    .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    };
    let family = descendants(app);
    let pss: u64 = std::iter::once(app)
        .chain(family.iter().copied())
        .map(|pid| kib(pid, "smaps_rollup", "Pss:"))
        .sum();
    println!(
        "{what}: app {} MB resident (peak {} MB); with WebKit's {} processes {} MB (PSS)",
        kib(app, "status", "VmRSS:") / 1024,
        kib(app, "status", "VmHWM:") / 1024,
        family.len(),
        pss / 1024
    );
}

/// Every process started by `pid`, and by those, and so on.
fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let child: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let parent = stat[stat.rfind(')')? + 2..]
                .split(' ')
                .nth(1)?
                .parse()
                .ok()?;
            Some((child, parent))
        })
        .collect();
    let mut found = vec![pid];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        next += 1;
    }
    found.remove(0);
    found
}
