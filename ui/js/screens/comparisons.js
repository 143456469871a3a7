// @ts-check
/**
 * The Comparisons screen: the saved comparisons, and the editor where the clerk enters a
 * purchase's options and their costs while the core's results stay in view beside them.
 *
 * This module is the list; the editor is `comparisons/editor.js`, with its state
 * (`state.js`), its details (`details.js`), its option columns (`option-column.js`), its
 * inputs (`inputs.js`) and its results (`results.js`).
 */

import * as api from '../api.js';
import { confirmDialog } from '../confirm.js';
import { h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';
import { startWith, takeIntent } from '../intent.js';
import { setLeaveGuard } from '../leave.js';
import { showEditor } from './comparisons/editor.js';
import { buyThrough } from './comparisons/state.js';

/** @type {api.CategoryChoice[]} */
let categories = [];

/** @param {HTMLElement} main */
export async function show(main) {
  if (categories.length === 0) categories = await api.costCategories();
  const intent = takeIntent('comparisons');
  if (intent) await openNew(main, intent.contractId);
  else await showList(main);
}

// ---------------------------------------------------------------------------------------
// The list

/**
 * @param {HTMLElement} main
 * @param {string} [notice]  a sentence to confirm what just happened
 */
async function showList(main, notice) {
  setLeaveGuard(null);
  const rows = await api.listComparisons();
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' }, notice ?? '');
  const newButton = h('button', { type: 'button', class: 'primary', onclick: () => openNew(main) }, 'New comparison');

  if (rows.length === 0) {
    replace(main,
      h('h1', {}, 'Comparisons'),
      h('div', { class: 'empty' },
        h('p', {}, 'A comparison sets the options for one purchase side by side — buying through a cooperative contract, running your own solicitation, or keeping the current system — and adds up what each costs over the years, in today’s dollars, so you can show the council which is cheapest and when it pays off.'),
        h('p', {}, 'Start with “New comparison”: the usual options are already there; enter what each one costs.'),
        h('div', { class: 'actions' }, newButton)),
      status);
    newButton.focus();
    return;
  }

  const table = h('table', { class: 'comparisons' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Title'),
      h('th', { scope: 'col' }, 'Options'),
      h('th', { scope: 'col' }, 'Last changed'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('td', { class: 'title' },
        h('button', { type: 'button', class: 'link', onclick: () => openSaved(main, row.id) }, row.title)),
      h('td', {}, `${row.optionsCount} + baseline`),
      h('td', {}, formatDateTime(row.updatedAt)),
      h('td', { class: 'row-actions' },
        h('button', {
          type: 'button', 'aria-label': `Write a memo from “${row.title}”`,
          onclick: () => startWith({ screen: 'memos', comparisonId: row.id }),
        }, 'Write a memo'),
        h('button', {
          type: 'button', 'aria-label': `Duplicate “${row.title}”`,
          onclick: async () => {
            await api.duplicateComparison(row.id);
            await showList(main, `“${row.title}” was copied as “${row.title} (copy)”.`);
          },
        }, 'Duplicate'),
        h('button', {
          type: 'button', class: 'danger', 'aria-label': `Delete “${row.title}”`,
          onclick: async () => {
            const sure = await confirmDialog(`Delete “${row.title}”?`,
              'The comparison and its figures are removed from this library. This cannot be undone.', 'Delete');
            if (!sure) return;
            await api.deleteComparison(row.id);
            await showList(main, `“${row.title}” was deleted.`);
          },
        }, 'Delete'))))));

  replace(main,
    h('div', { class: 'heading-row' },
      h('div', {},
        h('h1', {}, 'Comparisons'),
        h('p', { class: 'lede' }, 'Total cost of ownership of the options for one purchase. Open one to edit it.')),
      newButton),
    status,
    table);
}

/**
 * @param {HTMLElement} main
 * @param {number} [contractId]  a library contract the cooperative option buys through
 */
async function openNew(main, contractId) {
  const comparison = await api.newComparison();
  if (contractId !== undefined) buyThrough(comparison, contractId);
  showEditor(main, null, comparison, editorScreen(main));
}

/**
 * @param {HTMLElement} main
 * @param {number} id
 */
async function openSaved(main, id) {
  const stored = await api.getComparison(id);
  showEditor(main, stored.id, stored.comparison, editorScreen(main));
}

/**
 * What the editor needs from the screen: the categories, and the way back here.
 * @param {HTMLElement} main
 */
function editorScreen(main) {
  return { categories, backToList: () => showList(main) };
}
