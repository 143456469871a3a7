//! 200 % zoom on a laptop (WCAG 2.1 1.4.4 Resize text, 1.4.10 Reflow): the clerk presses
//! Ctrl and + five times (Tauri's zoom keys, 20 % a press) in a 1366×768 window, and
//! every screen still reads — the page never scrolls sideways, no control sits out of
//! reach beyond the right edge, and axe-core finds nothing.
//!
//! On Windows, WebView2 zooms with its own keys; the test zooms it through the webview's
//! `setZoom` (the permission the keys use elsewhere) and checks the same screens.
//!
//! WebKitWebDriver works out where to click without the zoom, so the screens are
//! reached here by the page's own `click()` instead of WebDriver clicks.

use coopdesk_e2e::{Desk, Turn};

use crate::support::village_library;

/// Finds what does not fit a zoomed page: the page scrolling sideways, or a visible
/// control whose right edge is past the window and not inside a box that scrolls
/// sideways itself (a wide table keeps its columns and scrolls in its own box).
const OUT_OF_REACH: &str = r#"
const width = window.innerWidth;
const problems = [];
if (document.documentElement.scrollWidth > width + 1) {
  problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
}
const main = document.querySelector('main');
// Whether the screen really moves sideways (WebKit counts a <select>'s longest option
// in its scrollWidth without drawing it wider).
main.scrollLeft = 40;
if (main.scrollLeft > 0) {
  problems.push(`the screen scrolls sideways: ${main.scrollWidth} px in ${main.clientWidth} px`);
}
main.scrollLeft = 0;
const scrollsSideways = (el) => {
  for (let box = el.parentElement; box && box !== main; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowX;
    if ((overflow === 'auto' || overflow === 'scroll') && box.scrollWidth > box.clientWidth) return true;
  }
  return false;
};
for (const el of document.querySelectorAll('button, input, select, textarea, a[href], [tabindex="0"]')) {
  if (!(el instanceof HTMLElement) || el.offsetParent === null) continue;
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) continue;
  const name = (el.getAttribute('aria-label') || el.textContent || el.id || el.tagName).trim().slice(0, 40);
  if (box.right > width + 1 && !scrollsSideways(el)) {
    problems.push(`“${name}” ends at ${Math.round(box.right)} px, past the ${width} px window`);
    continue;
  }
  // Nothing lies on top of it where a click would land.
  if (box.width <= 2 || box.height <= 2) continue;
  el.scrollIntoView({ block: 'start', inline: 'nearest' });
  const at = el.getBoundingClientRect();
  const x = at.left + at.width / 2;
  const y = at.top + Math.min(at.height / 2, 10);
  if (x < 0 || y < 0 || x >= width || y >= window.innerHeight) continue;
  const hit = document.elementFromPoint(x, y);
  if (hit && hit !== el && !el.contains(hit) && !(hit instanceof HTMLLabelElement && hit.control === el)) {
    const over = `${hit.tagName.toLowerCase()}${hit.className ? '.' + String(hit.className).split(' ')[0] : ''}`;
    problems.push(`“${name}” is covered by ${over}`);
  }
}
main.scrollTop = 0;
return problems;
"#;

/// Runs the checks on the screen as it is now, and saves a screenshot named `name`.
async fn check(desk: &Desk, screen: &str, name: &str, found: &mut Vec<String>) {
    let problems = desk.script(OUT_OF_REACH).await;
    for problem in problems.as_array().into_iter().flatten() {
        found.push(format!(
            "{screen}: {}",
            problem.as_str().unwrap_or_default()
        ));
    }
    for violation in desk.accessibility_violations().await {
        found.push(format!("{screen}: {violation}"));
    }
    desk.screenshot(name).await;
}

/// Clicks the first element matching `css` with the page's own `click()`.
async fn press(desk: &Desk, css: &str) {
    desk.wait_for(css).await;
    desk.script(&format!(
        "document.querySelector({css:?}).click(); return true;"
    ))
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn every_screen_reads_at_200_percent() {
    let turn = Turn::take("every_screen_reads_at_200_percent").await;
    village_library(turn.data());
    let Some(desk) = turn.start().await else {
        return;
    };
    // A 1366×768 screen less the title bar and the taskbar.
    desk.resize(1366, 700).await;
    desk.wait_for("table.contracts tbody tr").await;
    if cfg!(windows) {
        // WebView2 zooms with its own keys (Microsoft's, not the page's); what is checked
        // here is the page at 200 %, so it is zoomed through the same permission.
        desk.script_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.webview.getCurrentWebview().setZoom(2).then(() => done(true));",
        )
        .await;
    } else {
        for _ in 0..5 {
            desk.press_ctrl("#library-search", '=').await;
        }
    }
    let zoomed = desk
        .script("return [window.innerWidth, window.innerHeight];")
        .await;
    assert_eq!(
        zoomed,
        serde_json::json!([683, 350]),
        "five presses of Ctrl and + zoom the page to 200 %"
    );

    let mut found = Vec::new();
    check(&desk, "Library", "zoom-200-library", &mut found).await;
    press(&desk, "table.contracts tbody tr").await;
    desk.wait_for_text(".detail", "Edit").await;
    check(
        &desk,
        "Library with a contract's detail",
        "zoom-200-detail",
        &mut found,
    )
    .await;

    desk.script(
        "[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Add contract').click();
         return true;",
    )
    .await;
    desk.wait_for("form").await;
    check(&desk, "Contract form", "zoom-200-contract-form", &mut found).await;

    press(&desk, "button.nav[data-screen=comparisons]").await;
    desk.wait_for_text("table.comparisons", "Orange County")
        .await;
    check(&desk, "Comparisons", "zoom-200-comparisons", &mut found).await;
    press(&desk, "table.comparisons tbody button").await;
    desk.wait_for("figure.chart svg").await;
    check(
        &desk,
        "Comparison editor with results",
        "zoom-200-comparison-editor",
        &mut found,
    )
    .await;

    press(&desk, "button.nav[data-screen=memos]").await;
    desk.wait_for_text(".new-memo", "New memo recommending")
        .await;
    check(&desk, "Memos", "zoom-200-memos", &mut found).await;
    press(&desk, ".new-memo button.primary").await;
    desk.wait_for_text(".memo-preview", "Staff recommends")
        .await;
    check(&desk, "Memo editor", "zoom-200-memo-editor", &mut found).await;

    press(&desk, "button.nav[data-screen=settings]").await;
    desk.wait_for("form.settings").await;
    check(&desk, "Settings", "zoom-200-settings", &mut found).await;

    assert!(
        found.is_empty(),
        "at 200 % zoom in a 1366×768 window:\n  - {}",
        found.join("\n  - ")
    );

    // Ctrl+0 puts the page back at 100 %.
    if cfg!(windows) {
        desk.script_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.webview.getCurrentWebview().setZoom(1).then(() => done(true));",
        )
        .await;
    } else {
        desk.press_ctrl("main", '0').await;
    }
    let back = desk
        .script("return [window.innerWidth, window.innerHeight];")
        .await;
    assert_eq!(
        back,
        serde_json::json!([1366, 700]),
        "Ctrl+0 resets the zoom"
    );
    desk.quit().await;
}
