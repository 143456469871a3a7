//! # The end-to-end harness
//!
//! Drives the real CoopDesk binary in a real window through `tauri-driver` and the
//! system's WebDriver server — WebKitWebDriver for WebKitGTK on Linux, Microsoft's
//! `msedgedriver` for WebView2 on Windows (the release workflow runs the suite there;
//! macOS has no WebDriver for its WebKit view) — so each test reads as what a clerk does:
//! `desk.click("Settings")`, `desk.wait_for_text(...)`.
//!
//! The app under test is the one `cargo test` built beside the test binary, or the one
//! named by `COOPDESK_E2E_APP` (CI points it at the app the `.deb` installed).
//!
//! Each [`Desk`] gets its own data folder (`COOPDESK_DATA_DIR` and `--data-dir`), its own
//! driver ports and — when no `DISPLAY` is set — its own Xvfb server. Where the driver or
//! a display cannot be had (a Windows or Mac developer), tests print why they were
//! skipped; when the `CI` variable is set they fail instead, so CI never passes on
//! tests that did not run.
//!
//! A test begins the same way every time — its turn at the window, a fresh library folder,
//! the app started on it, or the skip reported:
//!
//! ```ignore
//! let Some((turn, desk)) = Desk::start("the_test_name").await else { return };
//! ```
//!
//! A test that prepares the library first takes its [`Turn`], writes into
//! [`Turn::data`], then calls [`Turn::start`]; [`Turn::restart`] opens the app again on the
//! same folder to see what survived.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{elements::Element, key::Key, Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// How long to wait for the window, a session, or something to appear on screen.
const PATIENCE: Duration = Duration::from_secs(60);

/// Serialises the tests of one binary: one window at a time keeps a 2-core machine calm.
/// A [`Turn`] holds it for the whole test.
pub static ONE_WINDOW_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One test's turn at the window: [`ONE_WINDOW_AT_A_TIME`] held until the test ends, and
/// a fresh library folder, removed afterwards.
#[derive(Debug)]
pub struct Turn {
    test: &'static str,
    data: tempfile::TempDir,
    _window: tokio::sync::MutexGuard<'static, ()>,
}

impl Turn {
    /// Waits until no other test of this binary has the window, then gives `test` (its
    /// name, for the skip report) an empty library folder.
    pub async fn take(test: &'static str) -> Turn {
        let window = ONE_WINDOW_AT_A_TIME.lock().await;
        Turn {
            test,
            data: tempfile::tempdir().expect("a temporary library folder"),
            _window: window,
        }
    }

    /// The library folder the app runs on.
    pub fn data(&self) -> &Path {
        self.data.path()
    }

    /// Starts the app on this turn's folder. `None` means it cannot run here: the test was
    /// reported skipped (or failed, under CI) by [`skip_or_fail`] and should return.
    pub async fn start(&self) -> Option<Desk> {
        self.start_with_env(&[]).await
    }

    /// The same, with extra environment variables for the app (see
    /// [`Desk::launch_with_env`]).
    pub async fn start_with_env(&self, env: &[(&str, std::ffi::OsString)]) -> Option<Desk> {
        match Desk::launch_with_env(self.data(), env).await {
            Ok(desk) => Some(desk),
            Err(why) => {
                skip_or_fail(self.test, why);
                None
            }
        }
    }

    /// Starts the app again on the same folder, after the first window quit: it started
    /// once, so it must start again.
    pub async fn restart(&self) -> Desk {
        Desk::launch(self.data())
            .await
            .expect("the app starts a second time")
    }
}

/// A running CoopDesk window under WebDriver control.
#[derive(Debug)]
pub struct Desk {
    client: Option<Client>,
    driver: Process,
    _display: Option<Process>,
    /// The X display the window is on, for answering the system's file dialogs.
    display_name: String,
}

/// Why the end-to-end tests cannot run here.
#[derive(Debug)]
pub struct Unavailable(pub String);

impl Desk {
    /// The launch every test begins with: `test`'s [`Turn`] at the window, and the app
    /// started on its fresh library folder — or `None` when the app cannot run here (the
    /// skip is already reported; the test returns).
    pub async fn start(test: &'static str) -> Option<(Turn, Desk)> {
        let turn = Turn::take(test).await;
        let desk = turn.start().await?;
        Some((turn, desk))
    }

    /// Starts the app on the library in `data_dir`. `Err` means the tests must be skipped
    /// (see [`skip_or_fail`]).
    pub async fn launch(data_dir: &Path) -> Result<Desk, Unavailable> {
        Desk::launch_with_env(data_dir, &[]).await
    }

    /// Starts the app with extra environment variables (a `PATH` whose `xdg-open` records
    /// what the app asked the system to open, say).
    pub async fn launch_with_env(
        data_dir: &Path,
        env: &[(&str, std::ffi::OsString)],
    ) -> Result<Desk, Unavailable> {
        let tools = Tools::find()?;
        let (display, display_name) = match std::env::var("DISPLAY") {
            Ok(name) if !name.is_empty() => (None, name),
            _ if cfg!(target_os = "linux") => {
                let (process, name) = start_xvfb()?;
                (Some(process), name)
            }
            _ => (None, String::new()),
        };
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            json!({
                "application": tools.app,
                "args": ["--data-dir", data_dir],
            }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        // tauri-driver listens before WebKitWebDriver behind it is ready; on a busy
        // machine the first request can be refused, so a refused start is tried again.
        // A driver that stopped answering altogether (seen once in CI: the request was
        // dropped three times) is replaced by a fresh one on new ports, once.
        let mut round = 1;
        let (driver, client) = loop {
            let (driver, port) = start_driver(&tools, &display_name, data_dir, env)?;
            match connect(&builder, port).await? {
                Ok(client) => break (driver, client),
                Err(e) if round >= 2 => {
                    let why = format!("could not start a WebDriver session (two drivers): {e}");
                    return Err(Unavailable(why));
                }
                Err(_) => {
                    drop(driver);
                    round += 1;
                }
            }
        };

        let desk = Desk {
            client: Some(client),
            driver,
            _display: display,
            display_name,
        };
        // The section buttons are static HTML: a click before the app's script wired them
        // would be lost, so the window is ready once the script says so.
        desk.wait_for("body[data-ready]").await;
        Ok(desk)
    }

    fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the session is open until quit")
    }

    /// Waits until an element matching `css` exists, and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client()
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("the window never showed `{css}`: {e}"))
    }

    /// Waits until the element matching `css` shows `text` somewhere in it.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client().find(Locator::Css(css)).await {
                // The element may be replaced between finding and reading it (a list
                // re-rendered by a search answer); that is "not yet", not a failure.
                if let Some(shown) = visible_text(&element).await {
                    last = shown;
                }
                if last.contains(text) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shot = self.screenshot("failure").await;
        panic!(
            "`{css}` never showed {text:?}; it showed {last:?} (see {})",
            shot.display()
        );
    }

    /// The visible text of every element matching `css`. When the list is re-rendered
    /// while it is read, it is read again.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        'again: for _ in 0..50 {
            let mut out = Vec::new();
            for element in self
                .client()
                .find_all(Locator::Css(css))
                .await
                .expect("query runs")
            {
                match visible_text(&element).await {
                    Some(text) => out.push(text),
                    None => {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue 'again;
                    }
                }
            }
            return out;
        }
        panic!("`{css}` kept changing while it was read")
    }

    /// Clicks the section button or button whose label is `label`.
    pub async fn click_button(&self, label: &str) {
        let xpath = format!("//button[normalize-space(.)={}]", xpath_literal(label));
        self.client()
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button labelled {label:?}: {e}"))
            .click()
            .await
            .expect("the button can be clicked");
    }

    /// Clicks the element matching `css` (a table row, a radio button, a tab).
    /// The screen re-renders lists as answers arrive, so an element found a moment ago
    /// may be gone: the click is retried on a fresh lookup until it lands.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let outcome = match self.client().find(Locator::Css(css)).await {
                Ok(element) => match element.click().await {
                    Ok(()) => Ok(()),
                    Err(_) => {
                        // An element at the edge of a scrolling panel (the results beside
                        // the comparison editor) is only partly in view, and
                        // WebKitWebDriver refuses such a click: bring it to the middle of
                        // its panel, then click again.
                        let _ = self.scroll_into_view(&element).await;
                        element.click().await.map_err(|e| e.to_string())
                    }
                },
                Err(e) => Err(e.to_string()),
            };
            match outcome {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => panic!("`{css}` cannot be clicked: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    async fn scroll_into_view(&self, element: &Element) -> Result<(), String> {
        let element = serde_json::to_value(element).map_err(|e| e.to_string())?;
        self.client()
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![element],
            )
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Whether the checkbox or radio button matching `css` is checked.
    pub async fn is_checked(&self, css: &str) -> bool {
        let input = self.wait_for(css).await;
        input
            .prop("checked")
            .await
            .expect("inputs say whether they are checked")
            .is_some_and(|checked| checked == "true")
    }

    /// How many elements match `css` right now.
    pub async fn count(&self, css: &str) -> usize {
        self.client()
            .find_all(Locator::Css(css))
            .await
            .expect("query runs")
            .len()
    }

    /// Clears the input matching `css` and types `text` into it.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        if input.clear().await.is_err() {
            // A field at the bottom edge of the window can sit under a sticky bar, and
            // WebKitWebDriver refuses it: bring it to the middle of its panel first.
            let _ = self.scroll_into_view(&input).await;
            input.clear().await.expect("the field can be cleared");
        }
        // WebDriver types a line break as the Enter key, not as "\n".
        let typed = text.replace('\n', &char::from(Key::Enter).to_string());
        input
            .send_keys(&typed)
            .await
            .expect("the field takes typing");
    }

    /// Chooses the entry whose value is `value` in the `<select>` matching `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.wait_for(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("`{css}` has no choice {value:?}: {e}"));
    }

    /// Presses Ctrl and `key` together while the element matching `css` has focus, as a
    /// clerk presses Ctrl+S in a field.
    pub async fn press_ctrl(&self, css: &str, key: char) {
        let control = char::from(Key::Control);
        // The modifier stays down until the end of the sequence; the second Control
        // releases it, so later typing is not affected.
        self.wait_for(css)
            .await
            .send_keys(&format!("{control}{key}{control}"))
            .await
            .unwrap_or_else(|e| panic!("Ctrl+{key} could not be pressed in `{css}`: {e}"));
    }

    /// The current value of the input matching `css`.
    pub async fn value(&self, css: &str) -> String {
        let input = self.wait_for(css).await;
        input
            .prop("value")
            .await
            .expect("inputs have a value")
            .unwrap_or_default()
    }

    /// Sizes the window to `width`×`height` (the display has no window manager, so that
    /// is the page's viewport) and waits until the page has laid itself out at that size.
    pub async fn resize(&self, width: u32, height: u32) {
        // At the screen's top left corner, so that a window as big as the screen is
        // wholly on it (the window opens centred) and its screenshot is whole.
        // Bounded: a window that stops answering (it once froze on a resize) fails the
        // test with a sentence instead of hanging the whole suite.
        tokio::time::timeout(PATIENCE, self.client().set_window_rect(0, 0, width, height))
            .await
            .unwrap_or_else(|_| panic!("the window did not answer being sized {width}×{height}"))
            .unwrap_or_else(|e| panic!("the window could not be sized {width}×{height}: {e}"));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let size = self
                .script("return [window.innerWidth, window.innerHeight];")
                .await;
            if size == json!([width, height]) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the page is {size} after sizing the window {width}×{height}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the window to `target/e2e-screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        // On X, the display itself is captured (ImageMagick's `import`), as a clerk would
        // see it, dialogs included: WebKitWebDriver's own screenshot was seen to hang
        // the session on a busy machine.
        if !self.display_name.is_empty() {
            // The app's window by its title (xdotool), else the whole screen.
            let window = Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", "^CoopDesk$"])
                .env("DISPLAY", &self.display_name)
                .output()
                .ok()
                .and_then(|out| {
                    String::from_utf8_lossy(&out.stdout)
                        .lines()
                        .next()
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "root".to_owned());
            let captured = Command::new("import")
                .args(["-display", &self.display_name, "-window", &window])
                .arg(&path)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if captured.is_ok_and(|status| status.success()) {
                return path;
            }
        }
        let png = tokio::time::timeout(PATIENCE, self.client().screenshot())
            .await
            .expect("the window is captured within 60 s")
            .expect("the window can be captured");
        std::fs::write(&path, png).expect("screenshot written");
        path
    }

    /// The screen as it is now, rendered by Chromium — the engine of WebView2, which
    /// draws the window on Windows — in forced-colours mode, as Windows high-contrast
    /// mode shows it: the page's DOM is copied beside the app's style sheet (scripts left
    /// out), `checker` (a script that returns a JSON-able value) runs there after the
    /// styles apply, and its answer is returned. A screenshot is saved as
    /// `target/e2e-screenshots/<name>.png`. `Err` when Chromium is not installed.
    pub async fn in_forced_colours(
        &self,
        name: &str,
        checker: &str,
    ) -> Result<serde_json::Value, Unavailable> {
        let chromium = ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find_map(|program| which(program, None))
            .ok_or_else(|| {
                Unavailable("Chromium is not installed (apt-get install chromium)".into())
            })?;
        let page = self
            .script(
                "const copy = document.documentElement.cloneNode(true);
                 copy.querySelectorAll('script').forEach((s) => s.remove());
                 return '<!doctype html>' + copy.outerHTML;",
            )
            .await;
        let page = page.as_str().expect("the page's HTML");
        let folder = tempfile::tempdir().expect("a folder for the copy");
        let ui = repo_root().join("ui");
        for file in ["styles.css", "icon.png"] {
            std::fs::copy(ui.join(file), folder.path().join(file)).expect("the UI's files");
        }
        let verdict = format!(
            "<script>{{ const answer = (() => {{ {checker} }})();
               const out = document.createElement('pre'); out.id = 'verdict'; out.hidden = true;
               out.textContent = JSON.stringify(answer); document.body.append(out); }}</script>"
        );
        let html = match page.rfind("</body>") {
            Some(end) => format!("{}{verdict}{}", &page[..end], &page[end..]),
            None => format!("{page}{verdict}"),
        };
        let index = folder.path().join("index.html");
        std::fs::write(&index, html).expect("the copy written");
        let profile = tempfile::tempdir().expect("a Chromium profile folder");
        let run = |extra: &[&std::ffi::OsStr]| {
            Command::new(&chromium)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--force-high-contrast",
                    "--hide-scrollbars",
                    "--window-size=1366,700",
                ])
                .arg(format!("--user-data-dir={}", profile.path().display()))
                .args(extra)
                .arg(format!("file://{}", index.display()))
                .stderr(Stdio::null())
                .output()
                .unwrap_or_else(|e| panic!("{} could not run: {e}", chromium.display()))
        };
        let dumped = run(&["--dump-dom".as_ref()]);
        let dom = String::from_utf8_lossy(&dumped.stdout);
        let answer = dom
            .split("<pre id=\"verdict\"")
            .nth(1)
            .and_then(|rest| rest.split_once('>'))
            .and_then(|(_, rest)| rest.split("</pre>").next())
            .unwrap_or_else(|| panic!("Chromium did not run the checker; it printed:\n{dom}"));
        let answer = answer
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let shot = format!("--screenshot={}", dir.join(format!("{name}.png")).display());
        run(&[shot.as_ref()]);
        Ok(serde_json::from_str(&answer)
            .unwrap_or_else(|e| panic!("the checker's answer {answer:?} is not JSON: {e}")))
    }

    /// Answers the system's "open file" dialog titled `title` with `path`, the way a
    /// clerk types a location (Ctrl+L, the path, Enter). WebDriver cannot reach native
    /// dialogs, so this types into the GTK dialog with `xdotool` on the test's display.
    pub async fn pick_in_file_dialog(&self, title: &str, path: &Path) {
        let window = self.dialog_window(title).await;
        self.xdotool(&["windowfocus", "--sync", &window]);
        self.xdotool(&["key", "--window", &window, "ctrl+l"]);
        tokio::time::sleep(Duration::from_millis(400)).await;
        self.xdotool(&["type", "--delay", "5", &path.to_string_lossy()]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.xdotool(&["key", "Return"]);
    }

    /// Answers the system's "save file" dialog titled `title` with `path` (the name
    /// field takes a whole path).
    pub async fn save_in_file_dialog(&self, title: &str, path: &Path) {
        let window = self.dialog_window(title).await;
        self.xdotool(&["windowfocus", "--sync", &window]);
        self.xdotool(&["key", "--window", &window, "ctrl+a"]);
        self.xdotool(&["type", "--delay", "5", &path.to_string_lossy()]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.xdotool(&["key", "Return"]);
    }

    /// The X window id of the dialog titled `title`, once it is shown.
    async fn dialog_window(&self, title: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let found = Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", title])
                .env("DISPLAY", &self.display_name)
                .output()
                .expect("xdotool is installed (apt-get install xdotool)");
            let ids = String::from_utf8_lossy(&found.stdout);
            if let Some(id) = ids.split_whitespace().next() {
                // Give GTK a moment to finish laying the dialog out.
                tokio::time::sleep(Duration::from_millis(500)).await;
                return id.to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "the system dialog \"{title}\" never appeared"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn xdotool(&self, args: &[&str]) {
        let status = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display_name)
            .status()
            .expect("xdotool is installed (apt-get install xdotool)");
        assert!(status.success(), "xdotool {args:?} failed");
    }

    /// Runs `script` in the page and returns what it returns (to check that no injected
    /// script ran, or how the layout came out).
    pub async fn script(&self, script: &str) -> serde_json::Value {
        self.client()
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("the page could not run {script:?}: {e}"))
    }

    /// Runs `script` in the page as an asynchronous script (it calls its last argument
    /// with the answer), and returns the answer; panics when none comes within 60 s.
    pub async fn script_async(&self, script: &str) -> serde_json::Value {
        tokio::time::timeout(PATIENCE, self.client().execute_async(script, Vec::new()))
            .await
            .unwrap_or_else(|_| panic!("the page did not answer {script:?} within 60 s"))
            .unwrap_or_else(|e| panic!("the page could not run {script:?}: {e}"))
    }

    /// Types `keys` into whatever has the keyboard focus, as a clerk types: text, or the
    /// WebDriver codes in [`keys`] (Tab, Enter…).
    pub async fn type_keys(&self, keys: &str) {
        self.client()
            .active_element()
            .await
            .expect("something has the keyboard focus")
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("the focused element takes {keys:?}: {e}"));
    }

    /// Presses `key` until the focused element satisfies `test`, a JavaScript expression
    /// over `el` (`"el.id === 'library-search'"`, `"el.textContent.trim() === 'Memos'"`),
    /// at most `at_most` times: how a keyboard user moves to a control. Panics, naming
    /// what was focused last, when the control cannot be reached that way.
    pub async fn press_until(&self, key: &str, test: &str, at_most: usize) {
        let check = format!(
            "const el = document.activeElement;
             return {{ hit: !!(el && ({test})),
                       at: el ? `${{el.tagName}}#${{el.id}} ${{(el.textContent || '').trim().slice(0, 40)}}` : 'nothing' }};"
        );
        let mut last = String::new();
        for _ in 0..=at_most {
            let state = self.script(&check).await;
            if state["hit"] == true {
                return;
            }
            last = state["at"].as_str().unwrap_or_default().to_owned();
            self.type_keys(key).await;
        }
        panic!("{at_most} presses of {key:?} never reached `{test}`; the focus ended on {last}");
    }

    /// Runs axe-core (from `node_modules`, installed by `npm ci`) on the page as it is now,
    /// for the WCAG 2.1 A and AA rules, and returns each violation as a sentence naming
    /// the rule, its impact and the elements that break it. Empty when the page passes.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe = repo_root().join("node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe)
            .unwrap_or_else(|e| panic!("{} is missing ({e}): run `npm ci` first", axe.display()));
        // Loaded once per page; axe's UMD wrapper sets `window.axe`.
        self.script(&format!(
            "if (!window.axe) {{ (function () {{ {source}\n }}).call(window); }} return typeof window.axe;"
        ))
        .await;
        let found = tokio::time::timeout(
            PATIENCE,
            self.client().execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document, {
                   runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                   resultTypes: ['violations'],
                 }).then((r) => done(r.violations.map((v) =>
                   `${v.id} (${v.impact}): ${v.help} — ` +
                   v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ') +
                   (v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ''))))
                   .catch((e) => done([`axe-core failed: ${e}`]));",
                Vec::new(),
            ),
        )
        .await
        .expect("axe-core answers within 60 s")
        .unwrap_or_else(|e| panic!("axe-core could not run: {e}"));
        serde_json::from_value(found).expect("axe-core's answer is a list of sentences")
    }

    /// Closes the window and stops the driver cleanly.
    pub async fn quit(mut self) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(20), client.close()).await;
        }
        self.driver.stop();
    }
}

/// The element's rendered text (`innerText`). WebKitWebDriver's own "element text"
/// command was seen to hang on some elements, so the property is read instead, with a
/// time limit that turns a hang into a failure. `None` when the element left the page
/// before it could be read (the screen re-rendered it): the caller looks again.
async fn visible_text(element: &Element) -> Option<String> {
    match tokio::time::timeout(Duration::from_secs(10), element.prop("innerText")).await {
        Ok(Ok(text)) => Some(text.unwrap_or_default()),
        Ok(Err(_)) => None,
        Err(_) => panic!("reading an element's text did not answer within 10 s"),
    }
}

/// Reports an unavailable environment: fails under CI, prints and skips elsewhere.
pub fn skip_or_fail(test: &str, why: Unavailable) {
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    if in_ci {
        panic!(
            "{test}: end-to-end tests must run in CI but cannot: {}",
            why.0
        );
    }
    eprintln!("skipped {test}: {} (the end-to-end tests need tauri-driver with WebKitWebDriver and Xvfb on Linux, or msedgedriver on Windows)", why.0);
}

/// The programs the tests need.
struct Tools {
    tauri_driver: PathBuf,
    /// `msedgedriver` on Windows; tauri-driver finds WebKitWebDriver itself on Linux.
    native_driver: Option<PathBuf>,
    app: PathBuf,
}

impl Tools {
    fn find() -> Result<Tools, Unavailable> {
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .map(|home| home.join("bin"));
        let tauri_driver = which("tauri-driver", cargo_bin.as_deref()).ok_or_else(|| {
            Unavailable(
                "tauri-driver is not installed (cargo install tauri-driver --locked)".into(),
            )
        })?;
        let native_driver = if cfg!(windows) {
            Some(which("msedgedriver", None).ok_or_else(|| {
                Unavailable(
                    "msedgedriver is not on PATH (the version that matches the installed \
                     Edge WebView2, from Microsoft)"
                        .into(),
                )
            })?)
        } else {
            which("xdotool", None).ok_or_else(|| {
                Unavailable("xdotool is not installed (apt-get install xdotool); it answers the system's file dialogs".into())
            })?;
            which("WebKitWebDriver", None).ok_or_else(|| {
                Unavailable(
                    "WebKitWebDriver is not installed (apt-get install webkit2gtk-driver)".into(),
                )
            })?;
            None
        };
        let app = match std::env::var_os("COOPDESK_E2E_APP") {
            Some(app) if !app.is_empty() => PathBuf::from(app),
            _ => target_dir().join(format!("coopdesk{}", std::env::consts::EXE_SUFFIX)),
        };
        if !app.is_file() {
            return Err(Unavailable(format!(
                "the app is not built at {} (cargo test --workspace builds it)",
                app.display()
            )));
        }
        Ok(Tools {
            tauri_driver,
            native_driver,
            app,
        })
    }
}

/// The cargo profile folder this test binary runs from (`target/debug`).
/// The WebDriver codes of the keys a keyboard user presses.
pub mod council;

pub mod keys {
    pub const TAB: &str = "\u{E004}";
    /// Shift+Tab: Shift is held for the Tab, then released.
    pub const SHIFT_TAB: &str = "\u{E008}\u{E004}\u{E000}";
    pub const ENTER: &str = "\u{E007}";
    pub const SPACE: &str = " ";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const DOWN: &str = "\u{E015}";
    pub const UP: &str = "\u{E013}";
    pub const LEFT: &str = "\u{E012}";
    pub const RIGHT: &str = "\u{E014}";
    pub const HOME: &str = "\u{E011}";
    pub const END: &str = "\u{E010}";
    pub const PAGE_UP: &str = "\u{E00E}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
}

/// The repository's root folder (the e2e crate is `tests/`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    // target/debug/deps/<test binary>
    exe.parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps")
        .to_owned()
}

fn which(program: &str, extra: Option<&Path>) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let program = format!("{program}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&path)
        .chain(extra.map(Path::to_owned))
        .map(|dir| dir.join(&program))
        .find(|candidate| candidate.is_file())
}

fn start_xvfb() -> Result<(Process, String), Unavailable> {
    which("Xvfb", None)
        .ok_or_else(|| Unavailable("no DISPLAY and Xvfb is not installed".into()))?;
    // Pick a display number nobody uses; Xvfb refuses a taken one and we try the next.
    for number in 90..140 {
        if Path::new(&format!("/tmp/.X11-unix/X{number}")).exists() {
            continue;
        }
        let name = format!(":{number}");
        let mut process = Process::spawn(
            Command::new("Xvfb")
                // Room for the largest window a test measures (1920×1080).
                .args([&name, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
            "Xvfb",
        )?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if Path::new(&format!("/tmp/.X11-unix/X{number}")).exists() {
                return Ok((process, name));
            }
            if process.exited() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        process.stop();
    }
    Err(Unavailable("Xvfb did not start".into()))
}

/// tauri-driver started on free ports for the app's window on `display_name`; its port.
fn start_driver(
    tools: &Tools,
    display_name: &str,
    data_dir: &Path,
    env: &[(&str, std::ffi::OsString)],
) -> Result<(Process, u16), Unavailable> {
    let port = free_port();
    let native_port = free_port();
    let mut driver = Command::new(&tools.tauri_driver);
    driver.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &native_port.to_string(),
    ]);
    if let Some(native) = &tools.native_driver {
        driver.arg("--native-driver").arg(native);
    }
    let driver = Process::spawn(
        driver
            .env("DISPLAY", display_name)
            .env("COOPDESK_DATA_DIR", data_dir)
            // The window remembers its size and place in the user's config folder:
            // each library folder gets its own, so tests neither read nor change
            // the developer's (and a restart sees what the first run saved).
            .env("XDG_CONFIG_HOME", data_dir.join(".window-config"))
            // WebKit under Xvfb has no GPU: software rendering avoids a blank window.
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
        "tauri-driver",
    )?;
    wait_for_port(port)?;
    Ok((driver, port))
}

/// A WebDriver session on the driver at `port`, asked at most three times; the last
/// refusal when none started (a start that hangs is unavailable at once).
async fn connect(
    builder: &ClientBuilder<HttpConnector>,
    port: u16,
) -> Result<Result<Client, String>, Unavailable> {
    let url = format!("http://127.0.0.1:{port}");
    let mut attempt = 1;
    loop {
        let connected = tokio::time::timeout(PATIENCE, builder.connect(&url))
            .await
            .map_err(|_| Unavailable("the WebDriver session did not start within 60 s".into()))?;
        match connected {
            Ok(client) => return Ok(Ok(client)),
            Err(e) if attempt >= 3 => {
                return Ok(Err(format!("{e} (after {attempt} tries)")));
            }
            Err(_) => {
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn wait_for_port(port: u16) -> Result<(), Unavailable> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(Unavailable(format!(
        "tauri-driver did not listen on port {port}"
    )))
}

fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else {
        format!("concat('{}')", text.replace('\'', "', \"'\", '"))
    }
}

/// A child process stopped with SIGTERM (tauri-driver only stops its WebKitWebDriver
/// child on SIGTERM/SIGINT; SIGKILL would leave it holding the port).
#[derive(Debug)]
struct Process {
    child: Child,
}

impl Process {
    fn spawn(command: &mut Command, name: &str) -> Result<Process, Unavailable> {
        command
            .spawn()
            .map(|child| Process { child })
            .map_err(|e| Unavailable(format!("could not start {name}: {e}")))
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    fn stop(&mut self) {
        if self.exited() {
            return;
        }
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        // Windows has no SIGTERM: tauri-driver there is stopped outright below, and
        // msedgedriver ends with its session.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.exited() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Fails naming every screen on which axe-core found a violation: each test gathers
/// `(screen, desk.accessibility_violations().await)` as it goes and asks once at its end,
/// so that one run reports every screen, not only the first.
pub fn assert_axe_clean<S: std::fmt::Display>(found: Vec<(S, Vec<String>)>) {
    let found: Vec<String> = found
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(screen, v)| format!("{screen}: {}", v.join("; ")))
        .collect();
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}
