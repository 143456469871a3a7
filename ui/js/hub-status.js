// @ts-check
/**
 * The status bar's sentence about the shared library, shown only while the library is
 * joined to a hub: "Synced 2 min ago", or "Offline — your changes will be shared when the
 * hub is reachable". Quietly: a screen reader hears it when its kind changes (synced,
 * offline, a conflict found), not as the minutes tick by.
 */

import * as api from './api.js';
import { h, replace } from './dom.js';
import { statusLine } from './screens/settings/shared-library-state.js';

/** How often "2 min ago" is brought up to date. */
const TICK_MS = 30_000;

/**
 * Keeps `slot` (a polite live region in the status bar) current: after each sync the app
 * runs, after the Shared library section acted, and as time passes.
 * @param {HTMLElement} slot
 */
export async function watchHubStatus(slot) {
  /** @type {import('./api.js').SharedLibrary | null} */
  let shared = null;
  let shownKind = '';
  // Updated without being announced: the live region's own text changes only with the kind.
  const when = h('span', { 'aria-live': 'off' });
  const draw = () => {
    const line = statusLine(shared, new Date());
    slot.hidden = line === null;
    if (!line) { shownKind = ''; replace(slot); return; }
    when.textContent = line.when;
    if (line.kind !== shownKind) {
      shownKind = line.kind;
      replace(slot, line.text, when);
    }
  };
  /** @param {import('./api.js').SharedLibrary | null} next */
  const receive = (next) => { shared = next; draw(); };
  document.addEventListener('coopdesk:hub', (event) => {
    if (event instanceof CustomEvent && event.detail) receive(event.detail);
  });
  await api.onHubSynced(receive);
  setInterval(draw, TICK_MS);
  try {
    receive(await api.sharedLibrary());
  } catch {
    // The library cannot be read (damaged, or opened in a browser): the rest of the
    // status bar says so.
  }
}
