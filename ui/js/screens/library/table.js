// @ts-check
/**
 * The Library's table: the column headings that sort it and the rows of the page shown,
 * drawn from the state. Rows keep to one line so ten fit on a laptop.
 *
 * The table is one stop of the Tab key (the WAI-ARIA grid pattern, `role="grid"`): one
 * row — or one sort button of the headings — has `tabindex="0"` and every other
 * `-1` (a roving tab stop, {@link listenToGrid}). Up and Down move a row, Page Up and
 * Page Down a screenful, Home and End to the first and last row; Up from the first row
 * reaches the headings, where Left and Right move between the sort buttons; Enter or
 * Space opens a row's contract. So the next Tab after the table reaches the detail pane,
 * however many rows there are.
 */

import { h, replace } from '../../dom.js';
import { expiredSentence, formatDate, statusLabel } from '../../format.js';

/**
 * @typedef {import('../../api.js').SearchHit} SearchHit
 * @typedef {import('../../api.js').Fragment} Fragment
 * @typedef {import('../../api.js').ContractSummary} ContractSummary
 * @typedef {import('../../api.js').SortColumn} SortColumn
 * @typedef {import('./state.js').LibraryState} LibraryState
 * @typedef {import('../library.js').LibraryActions} LibraryActions
 */

/** Rows that Page Up and Page Down move: about what a laptop screen shows. */
const ROWS_A_PAGE = 10;

/** @type {[SortColumn, string][]} */
export const COLUMNS = [
  ['contractNumber', 'Number'],
  ['title', 'Title'],
  ['vendorName', 'Vendor'],
  ['cooperative', 'Cooperative'],
  ['expiry', 'Expiry'],
];

/**
 * The column headings, each a button that sorts by it, saying the order chosen.
 * @param {HTMLElement} headRow
 * @param {LibraryState} state
 * @param {LibraryActions} act
 */
export function renderHead(headRow, state, act) {
  const sort = state.query.sort;
  replace(headRow, COLUMNS.map(([column, words]) => {
    const current = sort?.column === column;
    return h('th', {
      scope: 'col', class: `col-${column}`,
      'aria-sort': current ? (sort?.descending ? 'descending' : 'ascending') : 'none',
    }, h('button', { type: 'button', class: 'sort', tabindex: -1, onclick: () => act.sortBy(column) },
      words, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, current ? (sort?.descending ? ' ▼' : ' ▲') : '')));
  }));
}

/**
 * The heading button of `column` (to keep the focus on it after sorting).
 * @param {HTMLElement} headRow
 * @param {SortColumn} column
 */
export function headButton(headRow, column) {
  const button = headRow.querySelectorAll('button')[COLUMNS.findIndex(([c]) => c === column)];
  return button instanceof HTMLElement ? button : null;
}

/**
 * The rows shown, the contract in the detail pane marked; or what to try when nothing
 * matched.
 * @param {HTMLElement} tbody
 * @param {LibraryState} state
 * @param {LibraryActions} act
 */
export function renderRows(tbody, state, act) {
  const { hits, query } = state.shown;
  if (hits.length === 0) {
    const what = query.text.trim() ? ` for “${query.text.trim()}”` : '';
    replace(tbody, h('tr', { class: 'nothing' }, h('td', { colspan: COLUMNS.length },
      `Nothing found${what}. Check the spelling, try fewer words, or clear a filter.`)));
  } else {
    replace(tbody, hits.map((hit) => contractRow(hit, act)));
    const chosen = tbody.querySelector(`tr[data-id="${Number(state.detailId)}"]`);
    if (chosen) chosen.setAttribute('aria-selected', 'true');
  }
  const table = tbody.closest('table');
  if (table) settleTabStop(table);
  // The window benchmark times the rows of each query by this mark.
  tbody.dataset.query = query.text;
}

/**
 * Marks the row of the contract in the detail pane as selected, and no other.
 * @param {HTMLElement} tbody
 * @param {number | null} id
 */
export function markSelected(tbody, id) {
  for (const tr of tbody.querySelectorAll('tr')) {
    tr.setAttribute('aria-selected', String(tr instanceof HTMLElement && tr.dataset.id === String(id)));
  }
}

/** The first row shown, if any. @param {HTMLElement} tbody */
export function firstRow(tbody) {
  const first = tbody.querySelector('tr');
  return first instanceof HTMLElement ? first : null;
}

/**
 * Plain text with its matched pieces in `<mark>`; the text itself when nothing matched.
 * @param {Fragment[]} fragments
 * @param {string} text
 */
function marked(fragments, text) {
  if (fragments.length === 0) return [text];
  return fragments.map((f) => (f.matched ? h('mark', {}, f.text) : f.text));
}

/**
 * @param {SearchHit} hit
 * @param {LibraryActions} act
 */
function contractRow(hit, act) {
  const tr = h('tr', { tabindex: -1, 'aria-selected': 'false', 'data-id': hit.id },
    // Rows keep to one line where the names allow, so ten fit on a laptop: a long title
    // or cooperative ends in "…" (the tooltip and the detail pane have it whole); a long
    // number or vendor wraps, never cut.
    h('td', { class: 'number', title: hit.contractNumber }, marked(hit.highlights.contractNumber, hit.contractNumber)),
    h('td', { class: 'title', title: hit.title },
      h('span', { class: 'title-text' }, marked(hit.highlights.title, hit.title)),
      hit.highlights.elsewhere.length > 0
        ? h('span', { class: 'elsewhere' }, marked(hit.highlights.elsewhere, ''))
        : null),
    h('td', { class: 'vendor', title: hit.vendorName }, marked(hit.highlights.vendorName, hit.vendorName)),
    h('td', { class: 'cooperative', title: hit.cooperative }, marked(hit.highlights.cooperative, hit.cooperative)),
    h('td', { class: 'expiry' }, expiryCell(hit)));
  tr.addEventListener('click', () => act.select(hit.id));
  return tr;
}

// ---------------------------------------------------------------------------------------
// One Tab stop, arrow keys inside (the grid pattern)

/**
 * What the keyboard moves between: the headings' sort buttons, then the rows.
 * @param {HTMLTableElement} table
 */
function stops(table) {
  const heads = /** @type {HTMLElement[]} */ ([...table.querySelectorAll('thead button.sort')]);
  const rows = /** @type {HTMLElement[]} */ ([...table.querySelectorAll('tbody tr[data-id]')]);
  return { heads, rows };
}

/**
 * Makes `stop` the table's one Tab stop.
 * @param {HTMLTableElement} table
 * @param {HTMLElement} stop
 */
function makeTabStop(table, stop) {
  const { heads, rows } = stops(table);
  for (const element of [...heads, ...rows]) element.tabIndex = element === stop ? 0 : -1;
}

/**
 * After a redraw, keeps exactly one Tab stop: the one that had it if still there (the
 * keyboard stays on the headings after a sort), else the contract in the detail pane,
 * else the first row.
 * @param {HTMLTableElement} table
 */
export function settleTabStop(table) {
  const { heads, rows } = stops(table);
  const kept = [...heads, ...rows].find((element) => element.getAttribute('tabindex') === '0');
  const chosen = rows.find((row) => row.getAttribute('aria-selected') === 'true');
  const stop = kept ?? chosen ?? rows[0] ?? heads[0];
  if (stop) makeTabStop(table, stop);
}

/**
 * Where a key moves from `from` (a heading's button or a row), or null if it does not.
 * @param {HTMLTableElement} table
 * @param {HTMLElement} from
 * @param {string} key
 * @returns {HTMLElement | null}
 */
function moveOf(table, from, key) {
  const { heads, rows } = stops(table);
  const head = heads.indexOf(from);
  if (head >= 0) {
    /** @type {Record<string, number>} */
    const across = { ArrowLeft: head - 1, ArrowRight: head + 1, Home: 0, End: heads.length - 1 };
    if (key in across) return heads[Math.max(0, Math.min(heads.length - 1, across[key]))];
    return key === 'ArrowDown' || key === 'PageDown' ? rows[0] ?? null : null;
  }
  const row = rows.indexOf(from);
  if (row < 0) return null;
  if (key === 'ArrowUp' && row === 0) return heads[0] ?? null;
  /** @type {Record<string, number>} */
  const down = {
    ArrowDown: row + 1, ArrowUp: row - 1, PageDown: row + ROWS_A_PAGE, PageUp: row - ROWS_A_PAGE,
    Home: 0, End: rows.length - 1,
  };
  if (!(key in down)) return null;
  return rows[Math.max(0, Math.min(rows.length - 1, down[key]))] ?? null;
}

/**
 * The keys of the grid: arrows, Page Up and Down, Home and End move the one Tab stop
 * and the focus; Enter or Space on a row opens its contract. A click makes what it
 * clicked the Tab stop.
 * @param {HTMLTableElement} table
 * @param {LibraryActions} act
 */
export function listenToGrid(table, act) {
  table.addEventListener('keydown', (event) => {
    const from = /** @type {HTMLElement} */ (event.target);
    if (from instanceof HTMLTableRowElement && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      act.select(Number(from.dataset.id));
      return;
    }
    const to = moveOf(table, from, event.key);
    if (!to) return;
    event.preventDefault();
    makeTabStop(table, to);
    to.focus();
    if (to instanceof HTMLTableRowElement) to.scrollIntoView({ block: 'nearest' });
  });
  table.addEventListener('focusin', (event) => {
    const on = /** @type {HTMLElement} */ (event.target);
    if (on.matches('thead button.sort, tbody tr[data-id]')) makeTabStop(table, on);
  });
}

/**
 * The expiry date and its status pill (words, not colour alone).
 * @param {ContractSummary} row
 */
export function expiryCell(row) {
  if (row.status === 'expired') {
    return [h('span', { class: 'pill expired' }, expiredSentence(row))];
  }
  if (row.status === 'expiredMayBeExtended') {
    // One line, like every row: the words fit the column, the whole sentence with its
    // date is shown on hover and in the detail pane.
    const words = row.mayBeExtendedTo ? 'Expired, may be extended' : 'Expired, renewal unclear';
    return [h('span', { class: 'pill expiredMayBeExtended', title: expiredSentence(row) }, words)];
  }
  if (row.status === 'unknown') return [h('span', { class: 'pill unknown' }, statusLabel(row.status, row.daysLeft))];
  return [h('span', { class: 'date' }, formatDate(row.expiryDate)),
    h('span', { class: `pill ${row.status}` }, statusLabel(row.status, row.daysLeft))];
}
