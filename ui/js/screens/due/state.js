// @ts-check
/**
 * The Needs-action list's state, above the Library: one plain object, {@link DueState},
 * and the named changes made to it. Nothing here touches the page or the core, so each
 * change is a plain function tested in node (`tests/ui/due-state.test.mjs`).
 *
 * At most one item is being snoozed or dismissed at a time (`acting`): its line opens a
 * small form (the day to snooze to, or the reason), and the other lines stay as they are.
 *
 * The core answers the counts of the whole list and one page of its lines (a large library
 * makes thousands of items due): the panel shows the first {@link PAGE}, and "Show more"
 * asks for the next page, appended ({@link more}).
 */

import { formatDate } from '../../format.js';

/**
 * @typedef {import('../../api.js').DueList} DueList
 * @typedef {import('../../api.js').DueItem} DueItem
 * @typedef {import('../../api.js').DueKind} DueKind
 * @typedef {import('../../api.js').DuePage} DuePage
 */

/** How many lines the panel asks for at a time. */
export const PAGE = 50;

/** @type {Record<DueKind, [string, string]>} what one item, and several, of each kind are */
const KIND_WORDS = {
  renewalDecision: ['renewal decision', 'renewal decisions'],
  termEnding: ['approved term ending', 'approved terms ending'],
  authorityRunningOut: ['authority running out', 'authorities running out'],
  notToExceed80: ['past 80 % of its not-to-exceed', 'past 80 % of their not-to-exceed'],
  notToExceed100: ['at or past its not-to-exceed', 'at or past their not-to-exceed'],
  override: ['override to review', 'overrides to review'],
  insuranceExpiring: ['certificate expiring', 'certificates expiring'],
  insuranceLapsed: ['certificate lapsed', 'certificates lapsed'],
  insuranceBelowMinimum: ['certificate below the minimums', 'certificates below the minimums'],
  notVerified: ['contract not verified', 'contracts not verified'],
};

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
 * The next page arrived: its lines are added after those shown, and the counts are the
 * latest. A page that does not start where the shown lines end (the list changed in
 * between) replaces nothing; the counts still update.
 * @param {DueState} state
 * @param {DueList} page
 */
export function more(state, page) {
  const list = state.list;
  if (!list) {
    received(state, page);
    return;
  }
  if (page.offset === list.items.length) list.items = list.items.concat(page.items);
  list.total = page.total;
  list.counts = page.counts;
  list.snoozed = page.snoozed;
  list.dismissed = page.dismissed;
}

/**
 * The page that follows the lines shown.
 * @param {DueState} state
 * @returns {DuePage}
 */
export function nextPage(state) {
  return { offset: state.list?.items.length ?? 0, limit: PAGE, kind: null };
}

/**
 * The page to ask for again after a snooze or dismissal: from the start, as many lines as
 * are shown (at least one page), so the clerk keeps their place.
 * @param {DueState} state
 * @returns {DuePage}
 */
export function shownPage(state) {
  return { offset: 0, limit: Math.max(PAGE, state.list?.items.length ?? 0), kind: null };
}

/**
 * How many items are not shown yet.
 * @param {DueState} state
 */
export function notShown(state) {
  return Math.max(0, (state.list?.total ?? 0) - (state.list?.items.length ?? 0));
}

/**
 * The whole list's make-up, largest first: "24,000 past 80 % of their not-to-exceed ·
 * 312 renewal decisions"; empty with fewer than two kinds.
 * @param {DueState} state
 */
export function makeUp(state) {
  const counts = [...(state.list?.counts ?? [])];
  if (counts.length < 2) return '';
  counts.sort((a, b) => b.count - a.count);
  return counts
    .map(({ kind, count }) => `${count.toLocaleString()} ${KIND_WORDS[kind][count === 1 ? 0 : 1]}`)
    .join(' · ');
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
 * How many items need action now, shown or not (the sidebar's count).
 * @param {DueState} state
 */
export function count(state) {
  return state.list?.total ?? 0;
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
