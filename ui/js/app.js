// @ts-check
/**
 * The app frame: the section buttons, the status bar, and which screen is shown.
 * Each screen is a module exporting `show(box)`, which fills the box it is given (see
 * `open`).
 */

import * as api from './api.js';
import { h, replace } from './dom.js';
import { formatDateTime } from './format.js';
import { watchHubStatus } from './hub-status.js';
import { dropIntent } from './intent.js';
import { mayLeave } from './leave.js';
import * as comparisons from './screens/comparisons.js';
import * as library from './screens/library.js';
import * as memos from './screens/memos.js';
import * as settings from './screens/settings.js';
import * as spending from './screens/spending.js';

/** @type {Record<string, (main: HTMLElement) => Promise<void>>} */
const SCREENS = {
  library: library.show,
  comparisons: comparisons.show,
  memos: memos.show,
  spending: spending.show,
  settings: settings.show,
};

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const statusbar = /** @type {HTMLElement} */ (document.getElementById('library-status'));

/**
 * Shows a screen and marks its button as current. Each opening draws into a box of its
 * own inside `main`: a screen still waiting for the core when the clerk has moved on
 * (the Library coming back after an import, say) draws into a box no longer on the
 * page, never over the screen the clerk chose since.
 * @param {string} name
 * @param {{focus?: boolean}} [options]
 */
async function open(name, options = {}) {
  if (!(await mayLeave())) return;
  for (const button of document.querySelectorAll('button.nav')) {
    const current = button instanceof HTMLElement && button.dataset.screen === name;
    if (current) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  const screen = h('div', { class: 'screen', 'data-screen': name });
  replace(main, screen);
  try {
    await SCREENS[name](screen);
  } catch (error) {
    if (screen.isConnected) showError(api.toAppError(error));
  }
  // A screen that put the focus somewhere useful (the Library's search box) keeps it.
  if (options.focus && !main.contains(document.activeElement)) main.focus();
}

/**
 * A problem that stops the screen from working, in words, with what to do.
 * @param {api.AppError} error
 */
function showError(error) {
  if (error.code === 'damaged') {
    showDamaged(error);
    return;
  }
  replace(
    main,
    h('div', { class: 'error-box', role: 'alert' },
      h('h2', {}, error.code === 'newer_schema' ? 'This library needs a newer CoopDesk' : 'Something went wrong'),
      h('p', {}, error.message)),
  );
}

/**
 * The library file is damaged: say so, and offer the newest good backup. The damaged
 * file is kept aside by the core, never overwritten.
 * @param {api.AppError} error
 */
function showDamaged(error) {
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const recover = h('button', {
    type: 'button',
    class: 'primary',
    onclick: async () => {
      recover.disabled = true;
      status.textContent = 'Restoring the latest good backup…';
      try {
        const report = await api.recoverLibrary();
        replace(main,
          h('div', { class: 'notice', role: 'status' },
            h('h2', {}, 'The library was restored'),
            h('p', {}, `It now holds the backup of ${formatDateTime(report.restoredFrom.takenAt)}. The damaged file is kept at ${report.damagedCopy}.`),
            report.skipped.length > 0 ? h('p', {}, `Newer backups that were damaged too were skipped: ${report.skipped.join(', ')}.`) : null,
            h('button', { type: 'button', class: 'primary', onclick: () => open('library') }, 'Open the library')));
        refreshStatus();
      } catch (failure) {
        recover.disabled = false;
        status.textContent = api.toAppError(failure).message;
      }
    },
  }, 'Restore the latest good backup');
  replace(
    main,
    h('div', { class: 'error-box', role: 'alert' },
      h('h2', {}, 'The library file is damaged'),
      h('p', {}, error.message),
      h('p', {}, 'CoopDesk has not changed it. Restoring puts the damaged file aside (it is kept, never deleted) and opens the newest backup that is intact; whatever changed after that backup is not in it.'),
      h('div', { class: 'actions' }, recover),
      status),
  );
}

async function refreshStatus() {
  try {
    const info = await api.libraryInfo();
    statusbar.textContent =
      `Library: ${info.databasePath ?? 'in memory'} · ${info.contracts} contract${info.contracts === 1 ? '' : 's'} · schema ${info.schemaVersion}`;
  } catch (error) {
    statusbar.textContent = api.toAppError(error).message;
  }
}

for (const button of document.querySelectorAll('button.nav')) {
  if (!(button instanceof HTMLElement)) continue;
  button.addEventListener('click', () => open(button.dataset.screen ?? 'library', { focus: true }));
}

// The section buttons are in the page before this module runs; until they answer, a
// click does nothing. Saying when they do lets a test (or an assistive tool) wait for it.
document.body.dataset.ready = 'true';

document.addEventListener('coopdesk:changed', refreshStatus);
// A button on one screen opens another with something chosen (`intent.js`).
document.addEventListener('coopdesk:open', async (event) => {
  const name = event instanceof CustomEvent ? String(event.detail) : 'library';
  await open(name, { focus: true });
  dropIntent();
});
// The library is shown at once; its integrity check finishes beside it. Should that
// check find the file damaged, the recovery screen replaces whatever is shown.
api.onLibraryDamaged((error) => {
  showError(error);
  refreshStatus();
});

open('library');
refreshStatus();
watchHubStatus(/** @type {HTMLElement} */ (document.getElementById('hub-status')));
