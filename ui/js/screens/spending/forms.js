// @ts-check
/**
 * "Add a purchase order", "Record an invoice" and "Record a change order" under the
 * chosen approval: the forms
 * drawn from the state's drafts (`state.js`), dates read as the clerk types them
 * (`typed-date.js`), the core's sentence beside the field it names, and the guard rails'
 * question (`override.js`) when the core answers `needs_override`.
 */

import * as api from '../../api.js';
import { h } from '../../dom.js';
import { clearFieldError, field, showFieldError } from '../../field.js';
import { readTypedDates, readingOf } from '../../typed-date.js';
import { CHANGE_FIELDS, changeOrderInput } from './action-state.js';
import { askOverrideReason } from './override.js';
import {
  INVOICE_FIELDS, ORDER_FIELDS, brokenRules, cancelledOverride, invoiceInput, orderInput, recorded, refused, typed, valueOf,
} from './state.js';

/**
 * @typedef {import('./state.js').SpendingState} SpendingState
 * @typedef {import('./state.js').PurchaseForm} PurchaseForm
 * @typedef {import('./state.js').PurchaseKind} PurchaseKind
 * @typedef {(focusId: string) => Promise<void>} Refresh  reads the figures again and
 *   draws, putting the keyboard on the element with that id
 */

const DATE_FIELDS = new Set(['date', 'paidDate']);

/** Each form's id prefix. */
const PREFIX = { order: 'po', invoice: 'inv', change: 'co' };

/**
 * Both forms, for the approval shown.
 * @param {SpendingState} state
 * @param {Refresh} refresh
 */
export function purchaseForms(state, refresh) {
  const view = state.view;
  if (!view) return null;
  const approvalId = view.summary.approval.id;
  return h('section', { class: 'purchase-forms', 'aria-label': 'Record purchases' },
    orderForm(state.order, approvalId, refresh),
    view.orders.length === 0 ? null : invoiceForm(state.invoice, view.orders.map((o) => o.number), refresh),
    view.orders.length === 0 ? null : changeOrderForm(state.change, view.orders.map((o) => o.number), refresh));
}

/**
 * "Record a change order": a PO's amount changed (negative lowers it), with the reason.
 * One past the change-order threshold in Settings asks for the override reason.
 * @param {PurchaseForm} form
 * @param {string[]} poNumbers
 * @param {Refresh} refresh
 */
function changeOrderForm(form, poNumbers, refresh) {
  if (!poNumbers.includes(valueOf(form, 'poNumber'))) typed(form, 'poNumber', poNumbers[0]);
  const po = h('select', { id: 'co-poNumber', onchange: (/** @type {Event} */ e) => typed(form, 'poNumber', /** @type {HTMLSelectElement} */ (e.target).value) },
    poNumbers.map((n) => h('option', { value: n, selected: n === valueOf(form, 'poNumber') }, n)));
  /** @type {[string, HTMLElement][]} */
  const inputs = [['poNumber', field('co-poNumber', 'Purchase order it changes', po)],
    ...CHANGE_FIELDS.map(([name, label]) => textField(form, 'co', name, label))];
  const send = async () => {
    const number = valueOf(form, 'poNumber');
    const { input, problems } = changeOrderInput(number, form.values, await readingOf(controlOf(inputs, 'date')));
    await submit(form, 'change', number, problems, (reason) => api.addChangeOrder(input, reason), refresh, 'co-submit');
  };
  return h('form', { class: 'purchase-form', 'aria-labelledby': 'co-heading', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); clearShown(/** @type {HTMLElement} */ (e.currentTarget)); send(); } },
    h('h3', { id: 'co-heading' }, 'Record a change order'),
    h('div', { class: 'form-group' }, inputs.map(([, el]) => el)),
    problemsShown(form, inputs),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'co-submit', class: 'primary' }, 'Record the change order'),
      h('p', { class: 'save-status', role: 'status' }, form.status)));
}

/**
 * @param {PurchaseForm} form
 * @param {number} approvalId
 * @param {Refresh} refresh
 */
function orderForm(form, approvalId, refresh) {
  const inputs = ORDER_FIELDS.map(([name, label]) => textField(form, 'po', name, label));
  const send = async () => {
    const { input, problems } = orderInput(approvalId, form, await readingOf(controlOf(inputs, 'date')));
    await submit(form, 'order', input.number, problems, (reason) => api.addPurchaseOrder(input, reason), refresh, 'po-submit');
  };
  return h('form', { class: 'purchase-form', 'aria-labelledby': 'po-heading', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); clearShown(/** @type {HTMLElement} */ (e.currentTarget)); send(); } },
    h('h3', { id: 'po-heading' }, 'Add a purchase order'),
    h('div', { class: 'form-group' }, inputs.map(([, el]) => el)),
    problemsShown(form, inputs),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'po-submit', class: 'primary' }, 'Add the purchase order'),
      h('p', { class: 'save-status', role: 'status' }, form.status)));
}

/**
 * @param {PurchaseForm} form
 * @param {string[]} poNumbers
 * @param {Refresh} refresh
 */
function invoiceForm(form, poNumbers, refresh) {
  if (!poNumbers.includes(valueOf(form, 'poNumber'))) typed(form, 'poNumber', poNumbers[0]);
  const po = h('select', { id: 'inv-poNumber', onchange: (/** @type {Event} */ e) => typed(form, 'poNumber', /** @type {HTMLSelectElement} */ (e.target).value) },
    poNumbers.map((n) => h('option', { value: n, selected: n === valueOf(form, 'poNumber') }, n)));
  const credit = h('input', { type: 'checkbox', id: 'inv-creditMemo', checked: form.creditMemo, onchange: () => { form.creditMemo = credit.checked; } });
  /** @type {[string, HTMLElement][]} */
  const inputs = [['poNumber', field('inv-poNumber', 'Purchase order it bills', po)],
    ...INVOICE_FIELDS.map(([name, label]) => textField(form, 'inv', name, label))];
  const send = async () => {
    const { input, problems } = invoiceInput(form,
      await readingOf(controlOf(inputs, 'date')), await readingOf(controlOf(inputs, 'paidDate')));
    await submit(form, 'invoice', input.number, problems, (reason) => api.addInvoice(input, reason), refresh, 'inv-submit');
  };
  return h('form', { class: 'purchase-form', 'aria-labelledby': 'inv-heading', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); clearShown(/** @type {HTMLElement} */ (e.currentTarget)); send(); } },
    h('h3', { id: 'inv-heading' }, 'Record an invoice'),
    h('div', { class: 'form-group' }, inputs.map(([, el]) => el),
      h('div', { class: 'field paid-field' }, h('label', { for: 'inv-creditMemo' }, credit, 'A credit memo (it lowers what is invoiced)'))),
    problemsShown(form, inputs),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'inv-submit', class: 'primary' }, 'Record the invoice'),
      h('p', { class: 'save-status', role: 'status' }, form.status)));
}

/**
 * A labelled text field whose text is kept in the draft as it is typed; a date field
 * says beside it what it was read as.
 * @param {PurchaseForm} form
 * @param {string} prefix
 * @param {string} name
 * @param {string} label
 * @returns {[string, HTMLElement]}
 */
function textField(form, prefix, name, label) {
  const id = `${prefix}-${name}`;
  const input = h('input', {
    id, type: 'text', value: valueOf(form, name), autocomplete: 'off',
    class: name === 'amount' ? 'money' : null,
    oninput: () => typed(form, name, input.value),
  });
  const hint = name === 'amount' ? (prefix === 'co' ? 'Dollars and cents; a negative amount lowers the PO, e.g. -500.00' : 'Dollars and cents, e.g. 4,400.00') : DATE_FIELDS.has(name) ? 'As you write it: 12/7/2026' : null;
  const box = field(id, label, input, hint);
  if (DATE_FIELDS.has(name)) box.appendChild(readTypedDates(input));
  return [name, box];
}

/**
 * Takes the last answer's sentences off the fields while the form is sent again (they
 * would otherwise stand beside the guard rails' question), and holds its button until
 * the answer is drawn.
 * @param {HTMLElement} formEl
 */
function clearShown(formEl) {
  // Sent once: the button comes back when the form is drawn again with the answer.
  formEl.querySelector('button[type="submit"]')?.setAttribute('disabled', '');
  for (const control of formEl.querySelectorAll('[aria-invalid="true"]')) {
    if (control instanceof HTMLElement) clearFieldError(control);
  }
}

/**
 * The control of the field `name`.
 * @param {[string, HTMLElement][]} inputs
 * @param {string} name
 */
function controlOf(inputs, name) {
  const box = inputs.find(([n]) => n === name)?.[1];
  const control = box?.querySelector('input, select');
  if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) throw new Error(`no field ${name}`);
  return control;
}

/**
 * Puts each problem under its field and returns the line
 * for those that name none.
 * @param {PurchaseForm} form
 * @param {[string, HTMLElement][]} inputs
 */
function problemsShown(form, inputs) {
  /** @type {string[]} */
  const general = [];
  for (const problem of form.problems) {
    const box = inputs.find(([n]) => n === problem.field)?.[1];
    const control = box?.querySelector('input, select');
    if (control instanceof HTMLElement) {
      showFieldError(control, `${problem.label}: ${problem.message}`, true);
    } else {
      general.push(problem.message);
    }
  }
  return h('p', { class: 'field-error', role: general.length ? 'alert' : null }, general.join(' '));
}

/**
 * Sends a purchase; when it breaks a guard rail, asks for the reason and sends it again
 * with it, or records nothing. Then the figures are read again and drawn.
 * @param {PurchaseForm} form
 * @param {PurchaseKind} kind
 * @param {string} number
 * @param {import('../../api.js').FieldError[]} problems  the dates that could not be read
 * @param {(reason: string) => Promise<import('../../api.js').Recorded>} send
 * @param {Refresh} refresh
 * @param {string} submitId
 */
async function submit(form, kind, number, problems, send, refresh, submitId) {
  if (problems.length > 0) {
    form.problems = problems;
    form.status = '';
    await refresh(`${PREFIX[kind]}-${problems[0].field}`);
    return;
  }
  try {
    const done = await sendWithReason(send);
    if (done === null) cancelledOverride(form);
    else recorded(form, kind, number, done.overridden.length > 0);
  } catch (error) {
    const problem = api.toAppError(error);
    refused(form, problem);
    const first = problem.fields?.[0]?.field;
    await refresh(first ? `${PREFIX[kind]}-${first}` : submitId);
    return;
  }
  await refresh(submitId);
}

/**
 * Sends without a reason; on `needs_override`, asks and sends again with the reason.
 * @param {(reason: string) => Promise<import('../../api.js').Recorded>} send
 * @returns {Promise<import('../../api.js').Recorded | null>}  null: the clerk cancelled
 */
export async function sendWithReason(send) {
  try {
    return await send('');
  } catch (error) {
    const rules = brokenRules(api.toAppError(error));
    if (!rules) throw error;
    const reason = await askOverrideReason(rules);
    return reason === null ? null : send(reason);
  }
}
