// @ts-check
/**
 * The expiry strip above the table: how many contracts expire within 30, 60 and 90 days,
 * and how many expired but may be extended; each a button that filters on its status.
 * It counts the whole library, whatever is typed — and says so, since the status chips
 * beside it count only what the search leaves.
 */

import { h, replace } from '../../dom.js';

/**
 * @typedef {import('../../api.js').StatusFilter} StatusFilter
 * @typedef {import('./state.js').LibraryState} LibraryState
 * @typedef {import('../library.js').LibraryActions} LibraryActions
 */

/** The most expired-but-extendable contracts the dashboard lists. */
const EXTENDABLE_LISTED = 50;

/**
 * The strip from the dashboard last received (nothing before the first).
 * @param {HTMLElement} strip
 * @param {LibraryState} state
 * @param {LibraryActions} act
 */
export function renderStrip(strip, state, act) {
  const dashboard = state.dashboard;
  if (!dashboard) return;
  /** @type {[StatusFilter, number, string][]} */
  const windows = [
    ['expiringWithin30', dashboard.within30.length, '30'],
    ['expiringWithin60', dashboard.within60.length, '60'],
    ['expiringWithin90', dashboard.within90.length, '90'],
  ];
  replace(strip, h('span', { class: 'strip-scope' }, 'In the whole library:'), windows.map(([status, count, days]) =>
    h('button', {
      type: 'button', class: `expiry-window${count > 0 ? ' has' : ''}`,
      'aria-pressed': String(state.query.status === status),
      onclick: () => act.toggleFilter('status', status),
    },
    h('span', { class: 'count' }, String(count)),
    ` expire${count === 1 ? 's' : ''} within ${days} days`)).concat(
    // Past expiry but possibly extended: a separate button, so "expired" never hides
    // a contract the cooperative may have renewed.
    extendableButton(state, act, dashboard.expiredMayBeExtended.length)));
}

/**
 * The strip's button for expired contracts that may still be extended.
 * @param {LibraryState} state
 * @param {LibraryActions} act
 * @param {number} shown  how many the dashboard listed (at most 50)
 */
function extendableButton(state, act, shown) {
  const count = shown >= EXTENDABLE_LISTED ? '50+' : String(shown);
  return h('button', {
    type: 'button', class: `expiry-window${shown > 0 ? ' has' : ''}`,
    'aria-pressed': String(state.query.status === 'expiredMayBeExtended'),
    onclick: () => act.toggleFilter('status', 'expiredMayBeExtended'),
  },
  h('span', { class: 'count' }, count),
  ` expired but may be extended — verify`);
}

/**
 * What kept the strip from being counted.
 * @param {HTMLElement} strip
 * @param {string} message
 */
export function renderStripProblem(strip, message) {
  replace(strip, h('p', { role: 'alert' }, message));
}
