// @ts-check
/**
 * Adding and editing a contract: every field of the record, grouped as in DESIGN.md
 * (`contract-form/fields.js`).
 *
 * The core validates (required fields, dates in order, admin fee, duplicates) and its
 * field errors are shown beside their fields. What cannot even be sent — a date that is
 * not a date, a fee that is not a number — is caught here first (`contract-form/read.js`),
 * with the same wording style, because the wire types are dates and decimals, not free
 * text.
 *
 * Built as the Library is (see the top of `screens/library.js`), in proportion: what the
 * clerk types stays in the boxes until Save reads it; the form's state
 * ({@link FormState}) is what keeps it from saving, and the errors are drawn from it.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { readingOf } from '../typed-date.js';
import { readContractLeadDays } from './settings/reminders-state.js';
import { GROUPS, fieldControl, priceListControl } from './contract-form/fields.js';
import { leadTimeControl } from './contract-form/lead-time.js';
import { priceListText, readPriceLines, readRecord } from './contract-form/read.js';

/**
 * @typedef {object} FormState
 * @property {api.Contract | null} contract  the contract edited, null when adding one
 * @property {api.FieldError[]} problems  what keeps the form from saving, shown beside
 *   the fields it names (or above the buttons when it names none)
 * @property {boolean} saving
 */

/**
 * The form as it runs: its state, its controls by field, its page.
 * @typedef {object} Form
 * @property {FormState} state
 * @property {Map<string, import('./contract-form/fields.js').Control>} controls
 * @property {HTMLElement} summary  the problems, counted, and those that name no field
 * @property {HTMLButtonElement} save
 * @property {{saved: (stored: api.Contract) => void, cancelled: () => void}} events
 */

/**
 * @param {HTMLElement} main
 * @param {api.Contract | null} contract  null to add a new one
 * @param {{saved: (stored: api.Contract) => void, cancelled: () => void}} events
 */
export function showForm(main, contract, events) {
  /** @type {Form} */
  const form = {
    state: { contract, problems: [], saving: false },
    controls: new Map(),
    summary: h('div', { class: 'form-summary', role: 'alert' }),
    save: h('button', { type: 'submit', class: 'primary' }, 'Save contract'),
    events,
  };
  const priceList = priceListControl();
  if (contract !== null && contract.id !== null) fillPriceList(priceList, contract.id);
  const leadTime = leadTimeControl(contract?.id ?? null);

  const element = h('form', { class: 'contract-form', novalidate: true },
    GROUPS.map(([title, fields]) => h('fieldset', { class: 'form-group' },
      h('legend', {}, title),
      fields.map((field) => {
        const control = fieldControl(field, contract ? contract[field[0]] : null);
        form.controls.set(field[0], control);
        return control.wrap;
      }),
      title === 'Dates' ? leadTime.wrap : null)),
    h('fieldset', { class: 'form-group' }, h('legend', {}, 'Price list'), priceList.wrap),
    form.summary,
    h('div', { class: 'actions sticky-actions' },
      form.save,
      h('button', { type: 'button', onclick: () => events.cancelled() }, 'Cancel')));
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(form);
  });

  replace(main,
    h('h1', {}, contract !== null ? `Edit ${contract.contractNumber}` : 'Add a contract'),
    h('p', { class: 'lede' }, 'Fields marked “required” are needed to save; the rest can be filled in as you learn them. Dates can be typed as 12/7/2026, Dec 7 2026 or 2026-12-07; each is read back beside its box.'),
    element);
  form.controls.set('priceLines', priceList);
  form.controls.set('leadDays', leadTime);
  form.controls.get('cooperative')?.input.focus();
}

/**
 * The contract's price list, as lines of text.
 * @param {import('./contract-form/fields.js').Control} priceList
 * @param {number} id
 */
function fillPriceList(priceList, id) {
  api.getPriceLines(id)
    .then((lines) => { priceList.input.value = priceListText(lines); })
    .catch((error) => { priceList.error.textContent = api.toAppError(error).message; });
}

/**
 * Save: read the boxes; what cannot be sent is shown, the rest goes to the core, whose
 * field errors are shown the same way.
 * @param {Form} form
 */
async function submit(form) {
  const { state, controls } = form;
  state.problems = [];
  renderProblems(form);
  const valueOf = (/** @type {string} */ key) =>
    /** @type {NonNullable<ReturnType<typeof controls.get>>} */ (controls.get(key)).input.value;
  const { record, problems } = readRecord(state.contract?.id ?? null, valueOf, await dateReadings(form));
  const prices = readPriceLines(valueOf('priceLines'));
  const lead = readContractLeadDays(valueOf('leadDays'));
  const leadProblems = lead.problem ? [{ field: 'leadDays', label: 'Lead time for the renewal decision', message: lead.problem }] : [];
  state.problems = [...problems, ...leadProblems, ...prices.problems];
  if (state.problems.length > 0) {
    renderProblems(form);
    return;
  }
  state.saving = true;
  form.save.disabled = true;
  try {
    const stored = await api.saveContract(record);
    if (stored.id !== null) {
      await api.setPriceLines(stored.id, prices.lines);
      await api.setContractLeadTime(stored.id, lead.days);
    }
    form.events.saved(stored);
    document.dispatchEvent(new CustomEvent('coopdesk:changed'));
  } catch (error) {
    const problem = api.toAppError(error);
    state.problems = problem.fields?.length ? problem.fields : [{ field: '', label: '', message: problem.message }];
    renderProblems(form);
  } finally {
    state.saving = false;
    form.save.disabled = false;
  }
}

/**
 * How the core read each date field's text, waiting for a reading still on its way.
 * @param {Form} form
 * @returns {Promise<Map<string, api.DateReading>>}
 */
async function dateReadings({ controls }) {
  const dates = GROUPS.flatMap(([, fields]) => fields).filter(([, , kind]) => kind === 'date');
  const read = await Promise.all(dates.map(async ([key]) => {
    const control = controls.get(key);
    return /** @type {[string, api.DateReading]} */ ([key, control ? await readingOf(control.input) : { date: null, readAs: '', problem: null }]);
  }));
  return new Map(read);
}

/**
 * Draws the problems: each under its field's box (the first focused), a count and those
 * that name no field in the summary; none, and every mark is cleared.
 * @param {Form} form
 */
function renderProblems({ state, controls, summary, save }) {
  replace(summary);
  for (const { input, error, wrap } of controls.values()) {
    error.textContent = '';
    wrap.classList.remove('has-error');
    input.removeAttribute('aria-invalid');
  }
  if (state.problems.length === 0) return;
  /** @type {HTMLElement | null} */
  let first = null;
  const general = [];
  for (const problem of state.problems) {
    const place = controls.get(problem.field);
    if (!place) {
      general.push(problem.message);
      continue;
    }
    const sentence = `${problem.label}: ${problem.message}`;
    place.error.textContent = place.error.textContent ? `${place.error.textContent} ${sentence}` : sentence;
    place.wrap.classList.add('has-error');
    place.input.setAttribute('aria-invalid', 'true');
    first ??= place.input;
  }
  const count = state.problems.length - general.length;
  replace(summary,
    count > 0 ? h('p', {}, `${count} field${count === 1 ? ' needs' : 's need'} attention before the contract can be saved; each is marked below its box.`) : null,
    general.map((message) => h('p', {}, message)));
  const target = first ?? save;
  target.focus();
  // The action bar is sticky at the bottom; centre the field so its message shows.
  target.scrollIntoView({ block: 'center' });
}
