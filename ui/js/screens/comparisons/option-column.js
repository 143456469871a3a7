// @ts-check
/**
 * The comparison editor's option columns: one per option (the baseline first), each with
 * its cost lines and the inputs their timing needs, drawn from the editor's state. A
 * field stores what is typed (`inputs.js`); adding, removing or reshaping an option or a
 * line is one of the editor's actions ({@link Columns}). A column never calculates.
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { field } from '../../field.js';
import { formatDate, formatMoney } from '../../format.js';
import { PICKER_LIMIT, contractChoices, pickerCount } from './state.js';
import { isPaidToVendor, markPaidToVendor } from './paid.js';

const KINDS = /** @type {const} */ ([
  ['cooperativeContract', 'Cooperative contract'],
  ['ownSolicitation', 'Own solicitation'],
  ['statusQuo', 'Status quo'],
  ['other', 'Other'],
]);

const TIMINGS = /** @type {const} */ ([
  ['oneTime', 'One-time'],
  ['recurring', 'Recurring each year'],
  ['perUnit', 'Per unit per year'],
  ['schedule', 'Yearly schedule'],
]);

/**
 * What the columns work on, from the editor: its state (the model, changed in place by
 * the fields), the categories in the order it lists them, its actions and its inputs.
 * @typedef {Pick<import('./editor.js').Screen, 'state' | 'categories' | 'act' | 'inputs'>} Columns
 */

/**
 * One option as a column: its name, kind and start, then its cost lines.
 * @param {Columns} columns
 * @param {api.CostOption} option
 * @param {number} index  0 is the baseline
 */
export function optionColumn(columns, option, index) {
  const { act } = columns;
  const { input, numberInput } = columns.inputs;
  const prefix = `o${index}`;
  const isBaseline = index === 0;
  const name = input(`${prefix}-name`, option.name, (text) => { option.name = text; });
  const kind = h('select', { id: `${prefix}-kind` },
    KINDS.map(([value, label]) => h('option', { value, selected: value === option.kind.type }, label)));
  kind.addEventListener('change', () => act.changeKind(option, index, /** @type {api.OptionKind['type']} */ (kind.value)));
  const delay = isBaseline ? null : numberInput(`${prefix}-delay`, option.startDelayMonths, 0, 120, (n) => { option.startDelayMonths = n; });
  const notes = h('textarea', { id: `${prefix}-notes`, rows: 1 }, option.notes);
  notes.addEventListener('input', () => { option.notes = notes.value; act.changed(); });

  return h('section', { class: `option${isBaseline ? ' baseline' : ''}`, 'aria-labelledby': `${prefix}-heading`, 'data-option': index },
    h('h2', { id: `${prefix}-heading` }, isBaseline ? 'Baseline' : `Option ${index}`),
    field(`${prefix}-name`, 'Name', name),
    field(`${prefix}-kind`, 'Kind', kind),
    option.kind.type === 'cooperativeContract' ? linkedContract(columns, option, prefix) : null,
    delay ? field(`${prefix}-delay`, 'Starts after (months)', delay) : null,
    field(`${prefix}-notes`, 'Notes', notes),
    h('div', { class: 'option-message', id: `${prefix}-message` }),
    h('h3', {}, 'Costs'),
    option.costLines.length === 0
      ? h('p', { class: 'hint' }, isBaseline ? 'What does keeping things as they are cost each year? Add a line.' : 'No costs yet. Add what this option costs.')
      : option.costLines.map((line, li) => lineCard(columns, option, line, `${prefix}-l${li + 1}`, li)),
    h('div', { class: 'option-actions' },
      h('button', { type: 'button', onclick: () => act.addCostLine(option, index) }, 'Add a cost line'),
      isBaseline ? null : h('button', {
        type: 'button', class: 'danger', onclick: () => act.removeOption(index),
      }, `Remove ${option.name.trim() || 'this option'}`)));
}

/**
 * The library contract a cooperative option buys through — found with the library's own
 * search (number, vendor, words), chosen in the list under it — with its admin fee and
 * price list at hand; a price line becomes a cost line with one click.
 * @param {Columns} columns
 * @param {api.CostOption} option
 * @param {string} prefix
 */
function linkedContract({ act }, option, prefix) {
  let linkedId = option.kind.type === 'cooperativeContract' ? option.kind.contractId ?? null : null;
  /** @type {{id: number, label: string} | null} */
  let linked = null;
  const search = h('input', { id: `${prefix}-contract-search`, type: 'search', autocomplete: 'off' });
  const count = h('p', { class: 'hint', id: `${prefix}-contract-count`, 'aria-live': 'polite' });
  const select = h('select', { id: `${prefix}-contract` }, h('option', { value: '' }, 'Choose a contract…'));
  const facts = h('div', { class: 'linked-contract', 'aria-live': 'polite' });
  select.addEventListener('change', () => {
    linkedId = select.value ? Number(select.value) : null;
    linked = linkedId === null ? null : { id: linkedId, label: select.selectedOptions[0]?.textContent ?? '' };
    act.linkContract(option, linkedId);
    showFacts(linkedId);
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
      if (linked === null && linkedId !== null) linked = hits.find((c) => c.id === linkedId) ?? null;
      replace(select, h('option', { value: '' }, 'Choose a contract…'),
        contractChoices(hits, linked).map((c) => h('option', { value: c.id, selected: c.selected }, c.label)));
      count.textContent = pickerCount(text, found.total, hits.length);
    } catch (error) {
      if (number === asked) count.textContent = api.toAppError(error).message;
    }
  }
  search.addEventListener('input', find);

  /** @param {number | null} contractId */
  async function showFacts(contractId) {
    replace(facts);
    if (contractId === null) return;
    try {
      const [contract, lines] = await Promise.all([api.getContract(contractId), api.getPriceLines(contractId)]);
      linked ??= { id: contractId, label: `${contract.contractNumber} — ${contract.vendorName} (${contract.cooperative})` };
      const fee = contract.adminFeePercent !== null ? `${contract.adminFeePercent}%` : (contract.adminFeeNotes || 'Not recorded');
      replace(facts,
        h('p', {}, h('strong', {}, 'Admin fee: '), fee),
        h('p', {}, h('strong', {}, 'Expires: '), contract.expiryDate ? formatDate(contract.expiryDate) : 'Not recorded'),
        lines.length === 0
          ? h('p', { class: 'hint' }, 'No price list recorded for this contract.')
          : h('ul', { class: 'price-lines', 'aria-label': 'Price list' }, lines.map((line) => h('li', {},
            `${line.item} — ${formatMoney(line.unitPrice)}${line.unit ? ` per ${line.unit}` : ''} `,
            h('button', { type: 'button', onclick: () => act.addPriceLine(option, line) }, 'Add as a cost')))));
    } catch (error) {
      replace(facts, h('p', { role: 'alert' }, api.toAppError(error).message));
    }
  }

  showFacts(linkedId).then(find);
  const searchField = field(`${prefix}-contract-search`, 'Find a library contract', search, 'Number, vendor or words, as in the Library.');
  search.setAttribute('aria-describedby', `${prefix}-contract-search-hint ${count.id}`);
  return h('div', { class: 'contract-picker' },
    searchField,
    count,
    field(`${prefix}-contract`, 'Library contract', select),
    facts);
}

/**
 * One cost line: what, when and how much.
 * @param {Columns} columns
 * @param {api.CostOption} option
 * @param {api.CostLine} line
 * @param {string} prefix  unique id prefix, e.g. `o1-l2`
 * @param {number} li
 */
function lineCard(columns, option, line, prefix, li) {
  const { categories, act } = columns;
  const { input } = columns.inputs;
  const category = h('select', { id: `${prefix}-category` },
    categories.map((c) => h('option', { value: c.category, selected: c.category === line.category }, c.label)));
  const paid = h('input', {
    id: `${prefix}-paid`, type: 'checkbox', checked: isPaidToVendor(line, categories), 'aria-describedby': `${prefix}-paid-hint`,
  });
  paid.addEventListener('change', () => { markPaidToVendor(line, paid.checked); act.changed(); });
  category.addEventListener('change', () => {
    line.category = /** @type {api.Category} */ (category.value);
    paid.checked = isPaidToVendor(line, categories);
    act.changed();
  });
  const description = input(`${prefix}-description`, line.description, (text) => { line.description = text; });
  const timing = h('select', { id: `${prefix}-timing` },
    TIMINGS.map(([value, label]) => h('option', { value, selected: value === line.timing.type }, label)));
  timing.addEventListener('change', () =>
    act.changeTiming(line, /** @type {api.LineTiming['type']} */ (timing.value), prefix));
  return h('fieldset', { class: 'line', 'data-line': prefix },
    h('legend', {}, `Line ${li + 1}`),
    field(`${prefix}-category`, 'Category', category),
    field(`${prefix}-description`, 'Description', description),
    field(`${prefix}-timing`, 'Timing', timing),
    timingFields(columns, line, prefix),
    h('div', { class: 'field paid-field' },
      h('label', { for: `${prefix}-paid` }, paid, ' Paid to the vendor'),
      h('p', { class: 'hint', id: `${prefix}-paid-hint` }, 'Counted in a memo’s not-to-exceed.')),
    h('div', { class: 'line-message', id: `${prefix}-message` }),
    h('button', {
      type: 'button', class: 'link danger', onclick: () => act.removeCostLine(option, li),
    }, `Remove line ${li + 1}`));
}

/**
 * The inputs a timing needs.
 * @param {Columns} columns
 * @param {api.CostLine} line
 * @param {string} prefix
 */
function timingFields(columns, line, prefix) {
  const { model } = columns.state;
  const { input, numberInput, amountInput, percentInput } = columns.inputs;
  const t = line.timing;
  /** @param {'year' | 'fromYear' | 'toYear'} key @param {string} label */
  const year = (key, label) => field(`${prefix}-${key}`, label,
    numberInput(`${prefix}-${key}`, /** @type {any} */ (t)[key], 0, 30, (n) => { /** @type {any} */ (t)[key] = n; }));
  /** @param {'amount' | 'unitPrice' | 'quantity'} key @param {string} label */
  const money = (key, label) => field(`${prefix}-${key}`, label,
    amountInput(`${prefix}-${key}`, /** @type {any} */ (t)[key], (value) => { /** @type {any} */ (t)[key] = value; }));
  const escalation = () => field(`${prefix}-escalation`, 'Escalation (% a year)',
    percentInput(`${prefix}-escalation`, /** @type {any} */ (t).escalation ?? '0', (value) => { /** @type {any} */ (t).escalation = value; }));
  switch (t.type) {
    case 'oneTime':
      return h('div', { class: 'field-row' }, year('year', 'In year (0 = up front)'), money('amount', 'Amount'));
    case 'recurring':
      return h('div', {},
        h('div', { class: 'field-row' }, year('fromYear', 'From year'), year('toYear', 'To year')),
        h('div', { class: 'field-row' }, money('amount', 'Amount in the first year'), escalation()));
    case 'perUnit': {
      const unit = input(`${prefix}-unit`, t.unit, (text) => { t.unit = text; });
      return h('div', {},
        h('div', { class: 'field-row' }, year('fromYear', 'From year'), year('toYear', 'To year')),
        h('div', { class: 'field-row' }, money('unitPrice', 'Price per unit'), money('quantity', 'Quantity')),
        h('div', { class: 'field-row' }, field(`${prefix}-unit`, 'Unit', unit), escalation()));
    }
    case 'schedule':
      return h('div', { class: 'schedule' },
        Array.from({ length: model.horizonYears + 1 }, (_, y) => field(`${prefix}-y${y}`, y === 0 ? 'Up front' : `Year ${y}`,
          amountInput(`${prefix}-y${y}`, t.amounts[String(y)] ?? '', (value) => {
            if (value === '' || value === null) delete t.amounts[String(y)];
            else t.amounts[String(y)] = value;
          }, true))));
  }
}
