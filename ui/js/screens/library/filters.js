// @ts-check
/**
 * The Library's filters: the Filters button that folds them away (saying how many are
 * on), and the chips with their counts — status, cooperative, category — with the
 * state and entity-type lists and the "approved sources only" box, drawn from the state.
 */

import { h, replace } from '../../dom.js';
import { parseAmount } from '../../format.js';
import { chipCountsSentence, chipsShown, filtersOn } from './state.js';

/**
 * @typedef {import('../../api.js').StatusFilter} StatusFilter
 * @typedef {import('./state.js').LibraryState} LibraryState
 * @typedef {import('./state.js').ChipGroup} ChipGroup
 * @typedef {import('./state.js').ChoiceFilter} ChoiceFilter
 * @typedef {import('../library.js').LibraryActions} LibraryActions
 * @typedef {{value: string, words: string, count: number}} Chip
 */

/** @type {[StatusFilter, string][]} */
const STATUS_CHIPS = [
  ['active', 'Active'],
  ['expiringWithin30', 'Expiring within 30 days'],
  ['expiringWithin60', 'Within 60 days'],
  ['expiringWithin90', 'Within 90 days'],
  ['expired', 'Expired'],
  ['expiredMayBeExtended', 'Expired — may be extended'],
  ['unknown', 'Expiry unknown'],
];

const ENTITY_TYPES = [
  'city', 'county', 'school district', 'higher education', 'special district',
  'state agency', 'non-profit', 'tribal government',
];

const STATES = (
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH ' +
  'NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
).split(' ');

/**
 * The Filters button (open or folded, how many on) and whether Clear filters is offered.
 * @param {{filtersButton: HTMLElement, clearButton: HTMLElement}} view
 * @param {LibraryState} state
 */
export function renderFiltersButton({ filtersButton, clearButton }, state) {
  const on = filtersOn(state.query);
  const open = state.chipsOpen;
  filtersButton.setAttribute('aria-expanded', String(open));
  replace(filtersButton,
    h('span', { class: 'toggle-mark', 'aria-hidden': 'true' }, open ? '▾ ' : '▸ '),
    open ? 'Hide filters' : 'Filters',
    on > 0 ? h('span', { class: 'filters-on' }, ` (${on} on)`) : null);
  clearButton.hidden = on === 0;
}

/**
 * The chips with the counts last received; the keyboard stays on the chip it was on.
 * @param {HTMLElement} chips
 * @param {LibraryState} state
 * @param {LibraryActions} act
 */
export function renderChips(chips, state, act) {
  const facets = state.facets;
  if (!facets) return;
  const focused = document.activeElement;
  const focusKey = focused instanceof HTMLElement && chips.contains(focused) ? chipKey(focused) : null;
  replace(chips,
    h('p', { class: 'chip-scope' }, chipCountsSentence(state.shown.query)),
    chipGroup(state, act, 'Status', 'status',
      STATUS_CHIPS.map(([value, words]) => ({ value, words, count: facets.statuses[value] }))),
    chipGroup(state, act, 'Cooperative', 'cooperative',
      facets.cooperatives.map((f) => ({ value: f.value, words: f.value, count: f.count }))),
    chipGroup(state, act, 'Category', 'category',
      facets.categories.map((f) => ({ value: f.value, words: f.value, count: f.count }))),
    h('div', { class: 'chip-selects' },
      choice(state, act, 'filter-state', 'Usable in state', 'state', STATES, 'Any state'),
      choice(state, act, 'filter-entity', 'Open to', 'entityType', ENTITY_TYPES, 'Any entity type'),
      valueAtLeast(state, act),
      state.approvedKept ? approvedOnly(state, act) : null));
  // The chips are rebuilt with new counts; keep the keyboard where it was.
  if (focusKey) {
    for (const element of chips.querySelectorAll('button, select')) {
      if (element instanceof HTMLElement && chipKey(element) === focusKey) element.focus();
    }
  }
}

/**
 * One group of chips: its top few (and the chosen one), then "more…" for the rest.
 * @param {LibraryState} state
 * @param {LibraryActions} act
 * @param {string} label
 * @param {ChipGroup} key
 * @param {Chip[]} options  most contracts first
 */
function chipGroup(state, act, label, key, options) {
  const { shown, expanded, more } = chipsShown(state, key, options);
  return h('div', { class: 'chip-group', role: 'group', 'aria-label': label },
    h('span', { class: 'chip-label' }, label),
    options.length === 0 ? h('span', { class: 'chip-none' }, 'None among these results') : null,
    shown.map(({ value, words, count }) =>
      h('button', {
        type: 'button', class: 'chip', value, 'aria-pressed': String(state.query[key] === value),
        onclick: () => act.toggleFilter(key, value),
      }, words, h('span', { class: 'chip-count', 'aria-label': `, ${count}` }, String(count)))),
    more ? h('button', {
      type: 'button', class: 'chip more', id: `more-${key}`, 'aria-expanded': String(expanded),
      onclick: () => act.toggleGroup(key),
    }, expanded ? 'fewer' : `${options.length - shown.length} more…`) : null);
}

/**
 * A filter chosen from a list: a state, or an entity type.
 * @param {LibraryState} state
 * @param {LibraryActions} act
 * @param {string} id
 * @param {string} label
 * @param {ChoiceFilter} key
 * @param {string[]} values
 * @param {string} anyWords
 */
function choice(state, act, id, label, key, values, anyWords) {
  const element = h('select', {
    id,
    onchange: (/** @type {Event} */ event) =>
      act.chooseFilter(key, /** @type {HTMLSelectElement} */ (event.target).value),
  }, h('option', { value: '' }, anyWords),
  values.map((v) => h('option', { value: v, selected: state.query[key] === v }, v)));
  return h('div', { class: 'chip-select' }, h('label', { for: id }, label), element);
}

/**
 * "Value at least": contracts whose recorded value (a register's "$ limit") is at least
 * the amount typed, read exactly when the box is left or Enter is pressed.
 * @param {LibraryState} state
 * @param {LibraryActions} act
 */
function valueAtLeast(state, act) {
  const input = h('input', {
    id: 'filter-value', type: 'text', inputmode: 'decimal', size: 10,
    value: state.query.valueAtLeast ?? '',
    'aria-describedby': 'filter-value-hint',
    onchange: () => {
      const amount = parseAmount(input.value);
      input.setAttribute('aria-invalid', String(input.value.trim() !== '' && amount === null));
      act.chooseValueAtLeast(amount);
    },
  });
  return h('div', { class: 'chip-select' },
    h('label', { for: 'filter-value' }, 'Value at least ($)'), input,
    h('span', { class: 'visually-hidden', id: 'filter-value-hint' }, 'Contracts with a recorded value of at least this amount; leave empty for any.'));
}

/**
 * "Approved sources only": offered only when Settings keeps a list.
 * @param {LibraryState} state
 * @param {LibraryActions} act
 */
function approvedOnly(state, act) {
  return h('label', { class: 'chip-select chip-check' },
    h('input', {
      id: 'filter-approved', type: 'checkbox', checked: Boolean(state.query.approvedOnly),
      onchange: (/** @type {Event} */ event) =>
        act.chooseApprovedOnly(/** @type {HTMLInputElement} */ (event.target).checked),
    }),
    ' Approved sources only');
}

/**
 * The key that identifies a chip or select across a rebuild.
 * @param {HTMLElement} element
 */
function chipKey(element) {
  if (element.id) return element.id;
  const group = element.closest('[role=group]')?.getAttribute('aria-label') ?? '';
  return `${group}:${element.firstChild?.textContent ?? ''}`;
}
