// @ts-check
/**
 * The library contract a council action is recorded on, found as the comparison editor
 * finds one (`comparisons/option-column.js`): the library's own search by number, vendor
 * or words, chosen in the list under it, with the same words for what was found
 * (`comparisons/state.js`).
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { field } from '../../field.js';
import { PICKER_LIMIT, contractChoices, pickerCount } from '../comparisons/state.js';

/**
 * @param {string} prefix  ids start with it: `${prefix}-contract-search`, `${prefix}-contractId`
 * @param {{ id: number, label: string } | null} chosen
 * @param {(contract: { id: number, label: string } | null) => void} choose
 */
export function contractPicker(prefix, chosen, choose) {
  let linked = chosen;
  const search = h('input', { id: `${prefix}-contract-search`, type: 'search', autocomplete: 'off' });
  const count = h('p', { class: 'hint', id: `${prefix}-contract-count`, 'aria-live': 'polite' });
  const select = h('select', { id: `${prefix}-contractId` }, h('option', { value: '' }, 'Choose a contract…'));
  select.addEventListener('change', () => {
    linked = select.value ? { id: Number(select.value), label: select.selectedOptions[0]?.textContent ?? '' } : null;
    choose(linked);
  });
  /** Only the newest search fills the list. */
  let asked = 0;
  async function find() {
    const number = ++asked;
    const text = search.value;
    try {
      const found = await api.searchContracts({ text, limit: PICKER_LIMIT, offset: 0 });
      if (number !== asked) return;
      const hits = found.hits.map((hit) => ({ id: hit.id, label: `${hit.contractNumber} — ${hit.vendorName} (${hit.cooperative})` }));
      replace(select, h('option', { value: '' }, 'Choose a contract…'),
        contractChoices(hits, linked).map((c) => h('option', { value: c.id, selected: c.selected }, c.label)));
      count.textContent = pickerCount(text, found.total, hits.length);
    } catch (error) {
      if (number === asked) count.textContent = api.toAppError(error).message;
    }
  }
  search.addEventListener('input', find);
  find();
  const searchField = field(search.id, 'Find a library contract', search, 'Number, vendor or words, as in the Library.');
  search.setAttribute('aria-describedby', `${search.id}-hint ${count.id}`);
  return h('div', { class: 'contract-picker' },
    searchField,
    count,
    field(select.id, 'Library contract the council acted on', select));
}
