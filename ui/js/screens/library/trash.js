// @ts-check
/**
 * The Trash: deleted contracts, each with Restore. Restoring brings a contract back
 * exactly, with its checklist, documents and history, and opens it in the Library.
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { formatDateTime } from '../../format.js';

/**
 * @param {HTMLElement} main
 * @param {(options?: {select?: number}) => void} backToLibrary  opens the Library, with
 *   a contract selected
 */
export async function showTrash(main, backToLibrary) {
  const trashed = await api.listTrash();
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'result-count' });
  const back = h('button', { type: 'button', onclick: () => backToLibrary() }, 'Back to the library');
  replace(main,
    h('div', { class: 'screen-head' },
      h('div', {},
        h('h1', {}, 'Trash'),
        h('p', { class: 'lede' }, 'Deleted contracts keep their checklist, documents and history. Restore one to bring it back exactly.')),
      h('div', { class: 'actions' }, back)),
    status,
    trashed.length === 0
      ? h('div', { class: 'empty' }, h('h2', {}, 'The trash is empty'), h('p', {}, 'Contracts you delete from the library wait here until you restore them.'))
      : h('table', { class: 'contracts trash', 'aria-label': 'Deleted contracts' },
        h('thead', {}, h('tr', {},
          ['Number', 'Title', 'Vendor', 'Cooperative', 'Deleted', ''].map((w) => h('th', { scope: 'col' }, w)))),
        h('tbody', {}, trashed.map((t) => trashedRow(t, status, backToLibrary)))));
  back.focus();
}

/**
 * @param {api.TrashedContract} t
 * @param {HTMLElement} status
 * @param {(options?: {select?: number}) => void} backToLibrary
 */
function trashedRow(t, status, backToLibrary) {
  const restore = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await api.restoreContract(t.id);
        document.dispatchEvent(new CustomEvent('coopdesk:changed'));
        backToLibrary({ select: t.id });
      } catch (error) {
        status.textContent = api.toAppError(error).message;
      }
    },
  }, 'Restore');
  return h('tr', {},
    h('td', { class: 'number' }, t.contractNumber),
    h('td', { class: 'title' }, t.title),
    h('td', {}, t.vendorName),
    h('td', {}, t.cooperative),
    h('td', {}, formatDateTime(t.deletedAt)),
    h('td', {}, restore));
}
