// @ts-check
/**
 * The Spending screen's state: one plain object, {@link SpendingState}, and the named
 * changes the screen makes to it. The core computes every figure (exact decimal strings);
 * this only chooses what to show and says it in words. Nothing here touches the page or
 * the core (tested in node, `tests/ui/spending-state.test.mjs`).
 */

import { formatDate, formatMoney } from '../../format.js';
import { amendmentForm, blankCouncilForm } from '../memos/council-state.js';

/**
 * @typedef {import('../../api.js').ApprovalSummary} ApprovalSummary
 * @typedef {import('../../api.js').ApprovalView} ApprovalView
 * @typedef {import('../../api.js').Figures} Figures
 * @typedef {import('../../api.js').Outcome} Outcome
 * @typedef {import('../../api.js').Variance} Variance
 * @typedef {import('../../api.js').Document} Document
 * @typedef {import('../memos/council-state.js').CouncilForm} CouncilForm
 */

/**
 * @typedef {object} SpendingState
 * @property {ApprovalSummary[]} approvals  every council action, latest meeting first
 * @property {number | null} selected  the approval whose detail is shown
 * @property {ApprovalView | null} view  its detail, once the core answered
 * @property {{ text: string, problem: boolean } | null} exportStatus  what the last
 *   "Export for the auditor…" did, in a sentence
 * @property {PurchaseForm} order  "Add a purchase order" under the chosen approval
 * @property {PurchaseForm} invoice  "Record an invoice" against one of its POs
 * @property {PurchaseForm} change  "Record a change order" on one of its POs
 * @property {Recording | null} recording  "Record a council action" on a library
 *   contract, while it is open
 * @property {CouncilForm | null} amending  the chosen action's amendment, while it is open
 * @property {Variance | null} variance  the chosen action's, once the core answered
 * @property {Document[]} documents  the signed resolution or minutes it cites
 * @property {{ text: string, problem: boolean } | null} actionStatus  what the last
 *   attachment or status change under the chosen action did
 * @property {import('./renewal-state.js').RenewalState | null} renewal  the renewal memo
 *   being written from the chosen action, while it is open
 */

/**
 * "Record a council action" on a library contract (an approval made before CoopDesk):
 * the contract chosen in the picker, and the form as typed.
 * @typedef {object} Recording
 * @property {{ id: number, label: string } | null} contract
 * @property {CouncilForm} form
 */

/** @type {Record<Outcome, string>} */
const OUTCOME_WORDS = {
  approved: 'Approved',
  approvedAsAmended: 'Approved as amended',
  tabled: 'Tabled',
  denied: 'Denied',
};

/**
 * @param {ApprovalSummary[]} approvals
 * @returns {SpendingState}
 */
export function newSpendingState(approvals) {
  return {
    approvals, selected: null, view: null, exportStatus: null,
    order: emptyForm(), invoice: emptyForm(), change: emptyForm(),
    recording: null, amending: null, variance: null, documents: [], actionStatus: null,
    renewal: null,
  };
}

/**
 * Chooses the approval to show in detail; its detail is cleared until the core answers.
 * @param {SpendingState} state
 * @param {number} id
 */
export function select(state, id) {
  if (!state.approvals.some((row) => row.approval.id === id)) return;
  if (state.selected !== id) {
    state.order = emptyForm();
    state.invoice = emptyForm();
    state.change = emptyForm();
    state.amending = null;
    state.actionStatus = null;
  }
  state.selected = id;
  state.view = null;
  state.variance = null;
  state.documents = [];
}

/**
 * Keeps the chosen action's variance by fiscal year, if it is still the one chosen.
 * @param {SpendingState} state
 * @param {Variance} variance
 */
export function showVariance(state, variance) {
  if (variance.approvalId === state.selected) state.variance = variance;
}

/**
 * Keeps the documents the chosen action cites, from its contract's.
 * @param {SpendingState} state
 * @param {Document[]} documents  the contract's
 */
export function showDocuments(state, documents) {
  const ids = state.view?.summary.approval.documentIds ?? [];
  state.documents = documents.filter((d) => ids.includes(d.id));
}

/**
 * Says what the last attachment or status change did.
 * @param {SpendingState} state
 * @param {string} text
 * @param {boolean} [problem]
 */
export function saidOfAction(state, text, problem = false) {
  state.actionStatus = { text, problem };
}

/**
 * Opens "Record a council action" on a library contract (`contract` when it is already
 * known, as from the contract's own pane).
 * @param {SpendingState} state
 * @param {{ id: number, label: string } | null} [contract]
 */
export function startRecording(state, contract = null) {
  state.recording = { contract, form: blankCouncilForm() };
}

/**
 * Chooses, in the picker, the contract the action is recorded on.
 * @param {SpendingState} state
 * @param {{ id: number, label: string } | null} contract
 */
export function chooseContract(state, contract) {
  if (state.recording) state.recording.contract = contract;
}

/**
 * Closes "Record a council action"; what was typed is dropped.
 * @param {SpendingState} state
 */
export function stopRecording(state) {
  state.recording = null;
}

/**
 * Opens the chosen action's amendment, filled with what is on file.
 * @param {SpendingState} state
 */
export function startAmending(state) {
  if (state.view) state.amending = amendmentForm(state.view.summary.approval);
}

/**
 * Closes the amendment (after it was recorded, or when the clerk cancels).
 * @param {SpendingState} state
 */
export function stopAmending(state) {
  state.amending = null;
}

/**
 * Keeps the detail the core answered, if it is still the one chosen.
 * @param {SpendingState} state
 * @param {ApprovalView} view
 */
export function showView(state, view) {
  if (view.summary.approval.id === state.selected) state.view = view;
}

/**
 * The council actions again, with their figures after a purchase was recorded.
 * @param {SpendingState} state
 * @param {ApprovalSummary[]} approvals
 */
export function refreshed(state, approvals) {
  state.approvals = approvals;
}

/**
 * The action as a clerk cites it: "Resolution 2026-04, Jan 13, 2026".
 * @param {ApprovalSummary} row
 */
export function actionLabel(row) {
  const { approval } = row;
  const number = approval.actionNumber.trim();
  return `${number ? `${number}, ` : ''}${formatDate(approval.meetingDate)}`;
}

/**
 * The outcome in words.
 * @param {Outcome} outcome
 */
export function outcomeWords(outcome) {
  return OUTCOME_WORDS[outcome];
}

/**
 * Whether committed and invoiced together are past the not-to-exceed.
 * @param {Figures} figures
 */
export function isPastLimit(figures) {
  return figures.remaining.trim().startsWith('-') && /[1-9]/.test(figures.remaining);
}

/**
 * Where the authority stands, in one sentence.
 * @param {Figures} figures
 */
export function standing(figures) {
  if (isPastLimit(figures)) {
    return `Past the not-to-exceed by ${formatMoney(figures.remaining.replace('-', ''))}.`;
  }
  const remaining = `${formatMoney(figures.remaining)} remaining`;
  if (figures.burnRate && figures.runsOutOn) {
    return `${remaining}; at ${formatMoney(figures.burnRate)} a month it runs out on ${formatDate(figures.runsOutOn)}.`;
  }
  return `${remaining}; nothing invoiced yet.`;
}

/**
 * The table's cells for one approval, in column order.
 * @param {ApprovalSummary} row
 * @returns {string[]}
 */
export function rowCells(row) {
  const f = row.figures;
  return [
    actionLabel(row),
    `${row.contractNumber} — ${row.vendor}`,
    outcomeWords(row.approval.outcome),
    formatMoney(f.authorised),
    formatMoney(f.committed),
    formatMoney(f.invoiced),
    formatMoney(f.remaining),
  ];
}

/**
 * Says where the audit workbook went; a cancelled save dialog (`null`) says nothing.
 * @param {SpendingState} state
 * @param {string | null} path
 */
export function exportedTo(state, path) {
  if (path) state.exportStatus = { text: `Exported the audit workbook to ${path}`, problem: false };
}

/**
 * Says why the audit workbook was not written.
 * @param {SpendingState} state
 * @param {string} message  the core's sentence
 */
export function exportFailed(state, message) {
  state.exportStatus = { text: `Not exported: ${message}`, problem: true };
}

// ---------------------------------------------------------------------------------------
// Recording purchases: "Add a purchase order" and "Record an invoice" under the chosen
// approval. The drafts are kept here as typed, so a redraw (the figures refreshed, an
// export) loses nothing; dates are sent as the core read them (`read_date`).

/**
 * @typedef {import('../../api.js').AppError} AppError
 * @typedef {import('../../api.js').DateReading} DateReading
 * @typedef {import('../../api.js').FieldError} FieldError
 * @typedef {import('../../api.js').InvoiceInput} InvoiceInput
 * @typedef {import('../../api.js').PurchaseOrderInput} PurchaseOrderInput
 * @typedef {'order' | 'invoice' | 'change'} PurchaseKind
 */

/**
 * One form as typed, its problems (each naming its field, as the core does) and what it
 * last did, in a sentence.
 * @typedef {object} PurchaseForm
 * @property {Record<string, string>} values  each field's text, by its wire name
 * @property {boolean} creditMemo  (the invoice form only)
 * @property {FieldError[]} problems
 * @property {string} status
 */

/** The purchase order form's fields, by wire name, with their labels. */
export const ORDER_FIELDS = /** @type {const} */ ([
  ['number', 'PO number'],
  ['date', 'PO date'],
  ['amount', 'Amount'],
  ['fiscalYear', 'Fiscal year'],
  ['accountCode', 'Account code'],
  ['description', 'Description'],
]);

/** The invoice form's fields (the PO it bills is chosen from a list). */
export const INVOICE_FIELDS = /** @type {const} */ ([
  ['number', 'Invoice number'],
  ['date', 'Invoice date'],
  ['amount', 'Amount'],
  ['paidDate', 'Paid date'],
]);

/** @returns {PurchaseForm} */
export function emptyForm() {
  return { values: {}, creditMemo: false, problems: [], status: '' };
}

/**
 * Keeps what the clerk typed in one field.
 * @param {PurchaseForm} form
 * @param {string} field
 * @param {string} text
 */
export function typed(form, field, text) {
  form.values[field] = text;
}

/**
 * The text of one field (empty when never typed).
 * @param {PurchaseForm} form
 * @param {string} field
 */
export function valueOf(form, field) {
  return form.values[field] ?? '';
}

/**
 * A date field's reading as a problem naming the field, or the date read (ISO) or null.
 * @param {string} field
 * @param {string} label
 * @param {DateReading} reading
 * @param {FieldError[]} problems
 */
function readDateField(field, label, reading, problems) {
  if (reading.problem) problems.push({ field, label, message: reading.problem });
  return reading.date;
}

/**
 * The purchase order as the core takes it, or the dates that could not be read (the
 * core judges everything else: required fields, the amount, a date in the future).
 * @param {number} approvalId
 * @param {PurchaseForm} form
 * @param {DateReading} date  the reading of the date field
 * @returns {{ input: PurchaseOrderInput, problems: FieldError[] }}
 */
export function orderInput(approvalId, form, date) {
  /** @type {FieldError[]} */
  const problems = [];
  const input = {
    approvalId,
    number: valueOf(form, 'number').trim(),
    date: readDateField('date', 'PO date', date, problems),
    amount: valueOf(form, 'amount').trim(),
    fiscalYear: valueOf(form, 'fiscalYear').trim(),
    accountCode: valueOf(form, 'accountCode').trim(),
    description: valueOf(form, 'description').trim(),
    vendor: '',
    lines: [],
  };
  return { input, problems };
}

/**
 * The invoice as the core takes it, or the dates that could not be read.
 * @param {PurchaseForm} form
 * @param {DateReading} date
 * @param {DateReading} paidDate
 * @returns {{ input: InvoiceInput, problems: FieldError[] }}
 */
export function invoiceInput(form, date, paidDate) {
  /** @type {FieldError[]} */
  const problems = [];
  const input = {
    poNumber: valueOf(form, 'poNumber'),
    number: valueOf(form, 'number').trim(),
    date: readDateField('date', 'Invoice date', date, problems),
    amount: valueOf(form, 'amount').trim(),
    paidDate: readDateField('paidDate', 'Paid date', paidDate, problems),
    creditMemo: form.creditMemo,
  };
  return { input, problems };
}

/**
 * The rules a refused write broke, each in the core's sentence, when the core answered
 * `needs_override`; null for any other answer.
 * @param {AppError} error
 * @returns {string[] | null}
 */
export function brokenRules(error) {
  if (error.code !== 'needs_override') return null;
  const sentences = (error.fields ?? []).map((f) => f.message);
  return sentences.length > 0 ? sentences : [error.message];
}

/**
 * Keeps why the core refused the form: each field's sentence beside its field, or the
 * whole message when it names none.
 * @param {PurchaseForm} form
 * @param {AppError} error
 */
export function refused(form, error) {
  form.problems = error.fields?.length ? error.fields : [{ field: '', label: '', message: error.message }];
  form.status = '';
}

/**
 * A write that broke a rule and was not sent again: nothing recorded, the text kept.
 * @param {PurchaseForm} form
 */
export function cancelledOverride(form) {
  form.problems = [];
  form.status = 'Nothing was recorded.';
}

/**
 * A recorded purchase: the form is emptied for the next one, and says what it recorded.
 * @param {PurchaseForm} form
 * @param {PurchaseKind} kind
 * @param {string} number  the PO or invoice number recorded (for a change order, its PO's)
 * @param {boolean} overridden  whether it was recorded with an override reason
 */
export function recorded(form, kind, number, overridden) {
  const what = { order: `purchase order ${number}`, invoice: `invoice ${number}`, change: `a change order on PO ${number}` }[kind];
  const keepPo = form.values.poNumber;
  form.values = kind !== 'order' && keepPo ? { poNumber: keepPo } : {};
  form.creditMemo = false;
  form.problems = [];
  form.status = `Recorded ${what}${overridden ? ', with the override reason' : ''}.`;
}
