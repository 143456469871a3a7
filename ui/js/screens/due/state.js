// @ts-check
/**
 * The Needs-action list's state, above the Library: one plain object, {@link DueState},
 * and the named changes made to it. Nothing here touches the page or the core, so each
 * change is a plain function tested in node (`tests/ui/due-state.test.mjs`).
 *
 * At most one item is being snoozed or dismissed at a time (`acting`): its line opens a
 * small form (the day to snooze to, or the reason), and the other lines stay as they are.
 */

import { formatDate } from '../../format.js';

/**
 * @typedef {import('../../api.js').DueList} DueList
 * @typedef {import('../../api.js').DueItem} DueItem
 */

/**
 * What is being done to one item.
 * @typedef {object} Acting
 * @property {string} key  the item's key
 * @property {'snooze' | 'dismiss'} mode
 * @property {string} value  the day typed (snooze) or the reason (dismiss)
 * @property {string | null} problem  why the core refused it, as its sentence
 */

/**
 * @typedef {object} DueState
 * @property {DueList | null} list  the list last received
 * @property {string | null} problem  why the list could not be read
 * @property {Acting | null} acting
 * @property {string | null} said  what the last action did, for the live region
 * @property {string | null} calendarFile  the calendar file last exported to, which
 *   "Update calendar file" writes again
 */

/** @returns {DueState} */
export function newDueState() {
  return { list: null, problem: null, acting: null, said: null, calendarFile: null };
}

/**
 * The core said which calendar file is kept (after an export, or on start).
 * @param {DueState} state
 * @param {string | null} path
 */
export function keptCalendarFile(state, path) {
  state.calendarFile = path;
}

/**
 * What an export or an update of the calendar file did, in a sentence.
 * @param {DueState} state
 * @param {{events: number, changed: number}} report
 * @param {'exported' | 'updated'} how
 */
export function calendarWritten(state, report, how) {
  const where = state.calendarFile ? ` ${state.calendarFile}` : ' your calendar file';
  const dates = `${report.events} date${report.events === 1 ? '' : 's'}`;
  const changed = report.changed === 0 ? 'none changed since the last time'
    : `${report.changed} new or changed`;
  state.said = how === 'exported'
    ? `Exported ${dates} to${where} (${changed}). Import it again after changes, or use “Update calendar file”: events update, never duplicate.`
    : `Updated${where}: ${dates}, ${changed}. A calendar subscribed to the file follows it; one that imported it needs it imported again.`;
}

/**
 * The list arrived (first, or after a snooze or dismissal).
 * @param {DueState} state
 * @param {DueList} list
 */
export function received(state, list) {
  state.list = list;
  state.problem = null;
  if (state.acting && !list.items.some((item) => item.key === state.acting?.key)) state.acting = null;
}

/**
 * The list could not be read.
 * @param {DueState} state
 * @param {string} message
 */
export function failed(state, message) {
  state.problem = message;
}

/**
 * `today` plus `days`, as YYYY-MM-DD (calendar days, whatever the time zone).
 * @param {string} today YYYY-MM-DD
 * @param {number} days
 */
export function addDays(today, days) {
  const [y, m, d] = today.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + days));
  return day.toISOString().slice(0, 10);
}

/**
 * Opens the snooze form of an item, a week ahead by default.
 * @param {DueState} state
 * @param {string} key
 * @param {string} today YYYY-MM-DD
 */
export function startSnooze(state, key, today) {
  state.acting = { key, mode: 'snooze', value: addDays(today, 7), problem: null };
  state.said = null;
}

/**
 * Opens the dismiss form of an item.
 * @param {DueState} state
 * @param {string} key
 */
export function startDismiss(state, key) {
  state.acting = { key, mode: 'dismiss', value: '', problem: null };
  state.said = null;
}

/**
 * What the clerk typed in the open form.
 * @param {DueState} state
 * @param {string} value
 */
export function typed(state, value) {
  if (state.acting) state.acting.value = value;
}

/**
 * The open form is closed without doing anything.
 * @param {DueState} state
 */
export function cancel(state) {
  state.acting = null;
}

/**
 * The core refused the snooze or dismissal: its sentence shows in the form.
 * @param {DueState} state
 * @param {string} message
 */
export function refused(state, message) {
  if (state.acting) state.acting.problem = message;
}

/**
 * The snooze or dismissal was kept; the list that came back replaces the one shown.
 * @param {DueState} state
 * @param {DueList} list
 */
export function done(state, list) {
  const acting = state.acting;
  state.acting = null;
  received(state, list);
  if (acting) {
    state.said = acting.mode === 'snooze'
      ? `Snoozed until ${formatDate(acting.value)}.`
      : 'Dismissed; the reason is kept in the history.';
  }
}

/**
 * How many items need action now (the sidebar's count).
 * @param {DueState} state
 */
export function count(state) {
  return state.list?.items.length ?? 0;
}

/**
 * "by Feb 2, 2029" (the day in the clerk's locale), or "overdue since …" for a day
 * before `today`.
 * @param {DueItem} item
 * @param {string} today YYYY-MM-DD
 */
export function byWhen(item, today) {
  return item.by < today ? `overdue since ${formatDate(item.by)}` : `by ${formatDate(item.by)}`;
}
