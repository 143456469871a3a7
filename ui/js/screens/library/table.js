// @ts-check
/**
 * The Library's table: the column headings that sort it and the rows of the page shown,
 * drawn from the state. Rows keep to one line so ten fit on a laptop; the arrow keys
 * move between them, Enter opens one.
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
    }, h('button', { type: 'button', class: 'sort', onclick: () => act.sortBy(column) },
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
  const tr = h('tr', { tabindex: 0, 'aria-selected': 'false', 'data-id': hit.id },
    // Rows keep to one line so ten fit on a laptop; the full text is in the tooltip and
    // the detail pane.
    h('td', { class: 'number', title: hit.contractNumber }, marked(hit.highlights.contractNumber, hit.contractNumber)),
    h('td', { class: 'title', title: hit.title },
      h('span', { class: 'title-text' }, marked(hit.highlights.title, hit.title)),
      hit.highlights.elsewhere.length > 0
        ? h('span', { class: 'elsewhere' }, marked(hit.highlights.elsewhere, ''))
        : null),
    h('td', { title: hit.vendorName }, marked(hit.highlights.vendorName, hit.vendorName)),
    h('td', { title: hit.cooperative }, marked(hit.highlights.cooperative, hit.cooperative)),
    h('td', { class: 'expiry' }, expiryCell(hit)));
  tr.addEventListener('click', () => act.select(hit.id));
  tr.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      act.select(hit.id);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      if (next instanceof HTMLElement) next.focus();
      else if (event.key === 'ArrowUp') document.getElementById('library-search')?.focus();
    }
  });
  return tr;
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
