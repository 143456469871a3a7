// @ts-check
/**
 * The chosen council action, under the Spending screen's table: where it stands, its
 * purchase orders (each closed, cancelled or reopened here), its variance by fiscal
 * year against the approved comparison, the documents it cites ("Attach the signed
 * resolution or minutes…"), its amendment ("Amend this action…", the next revision),
 * "Write the renewal memo" (`renewal.js`), the vendor's certificates of insurance (one
 * recorded here is kept as given for this action: `../due/certificates.js`) and its
 * history with the guard rails overridden.
 *
 * The words are `action-state.js` and `state.js`; every figure is the core's.
 */

import * as api from '../../api.js';
import { h } from '../../dom.js';
import { formatDate, formatMoney } from '../../format.js';
import { certificatesSection } from '../due/certificates.js';
import { approvalForm } from '../memos/council.js';
import {
  figureLines, historyLines, statusChoices, statusSaid, statusWords, termLine, varianceBasis, varianceRows,
} from './action-state.js';
import { sendWithReason } from './forms.js';
import { renewalButton, renewalEditor } from './renewal.js';
import { outcomeWords, saidOfAction, standing, startAmending, stopAmending } from './state.js';

/**
 * @typedef {import('./state.js').SpendingState} SpendingState
 * @typedef {object} ActionEvents
 * @property {(focusId: string) => void} redraw  draws again from the state
 * @property {(focusId: string) => Promise<void>} refresh  reads the action again, then draws
 */

/**
 * @param {SpendingState} state
 * @param {ActionEvents} events
 */
export function actionDetail(state, events) {
  const view = state.view;
  if (!view) return h('section', { class: 'approval-detail', 'aria-live': 'polite' });
  const { approval, figures } = view.summary;
  const overrides = view.history.filter((entry) => entry.action === 'override');
  return h('section', { class: 'approval-detail', 'aria-labelledby': 'approval-heading' },
    h('h2', { id: 'approval-heading' }, `${outcomeWords(approval.outcome)}: ${approval.actionNumber || 'council action'} of ${formatDate(approval.meetingDate)}`),
    h('p', { 'aria-live': 'polite' }, standing(figures)),
    h('dl', { class: 'facts figures' }, figureLines(figures).flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
    h('p', {}, termLine(approval)),
    tools(state, events),
    renewalEditor(state, events),
    state.amending ? amendment(state, events) : null,
    orders(state, events),
    variance(state),
    certificatesSection(approval.contractId, { approvalId: approval.id, prefix: 'action-certificate' }),
    overrides.length === 0 ? null : h('div', {},
      h('h3', {}, 'Guard rails overridden'),
      h('ul', {}, overrides.map((entry) => h('li', {},
        `${formatDate(entry.at.slice(0, 10))}: ${entry.sentence ?? ''} Reason: ${entry.reason ?? ''}`)))),
    history(state));
}

/**
 * "Amend this action…", "Attach the signed resolution or minutes…", what the last did,
 * and the documents the action cites.
 * @param {SpendingState} state
 * @param {ActionEvents} events
 */
function tools(state, events) {
  const view = /** @type {api.ApprovalView} */ (state.view);
  const id = view.summary.approval.id;
  const status = state.actionStatus;
  return h('div', { class: 'action-tools' },
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'amend-open', disabled: state.amending !== null,
        onclick: () => {
          startAmending(state);
          events.redraw('amend-outcome');
        },
      }, 'Amend this action…'),
      h('button', { type: 'button', id: 'attach-signed', onclick: () => attach(state, events, id) },
        'Attach the signed resolution or minutes…'),
      renewalButton(state, events, id)),
    h('p', { class: status?.problem ? 'save-status problem' : 'save-status', role: 'status' }, status?.text ?? ''),
    state.documents.length === 0
      ? h('p', { class: 'muted' }, 'No signed resolution or minutes attached yet.')
      : h('div', {},
        h('h3', {}, 'Signed resolution and minutes'),
        h('ul', { class: 'documents' }, state.documents.map((d) => h('li', {},
          `${d.originalName} — attached ${formatDate(d.attachedAt.slice(0, 10))}, `,
          d.missing ? 'missing from the library folder' : d.verified ? 'unchanged (checksum matches)' : 'changed since attached: checksum does not match')))));
}

/**
 * @param {SpendingState} state
 * @param {ActionEvents} events
 * @param {number} id
 */
async function attach(state, events, id) {
  saidOfAction(state, 'Choose the file in the window that opened…');
  events.redraw('attach-signed');
  try {
    const added = await api.attachApprovalDocument(id);
    saidOfAction(state, added ? `Attached ${added.originalName}, with its checksum.` : 'No file was chosen; nothing was attached.');
  } catch (error) {
    saidOfAction(state, `Not attached: ${api.toAppError(error).message}`, true);
  }
  await events.refresh('attach-signed');
}

/**
 * The amendment: the council's action as on file, to change; recorded as the next
 * revision, each change in the history.
 * @param {SpendingState} state
 * @param {ActionEvents} events
 */
function amendment(state, events) {
  const view = /** @type {api.ApprovalView} */ (state.view);
  const approval = view.summary.approval;
  const form = approvalForm({
    prefix: 'amend',
    form: /** @type {import('../memos/council-state.js').CouncilForm} */ (state.amending),
    target: () => (approval.memoId !== null && approval.memoVersion !== null
      ? { memoId: approval.memoId, memoVersion: approval.memoVersion, contractId: null }
      : { memoId: null, memoVersion: null, contractId: approval.contractId }),
    submitWords: 'Record the amendment',
    send: (input) => api.amendApproval(approval.id, input),
    done: async (amended) => {
      stopAmending(state);
      saidOfAction(state, amended.revision === approval.revision
        ? 'Nothing was changed, so no revision was recorded.'
        : `Amended: revision ${amended.revision}, its changes kept in the history below.`);
      await events.refresh('amend-open');
    },
  });
  return h('section', { class: 'amend-action', 'aria-labelledby': 'amend-heading' },
    h('h3', { id: 'amend-heading' }, 'Amend this action'),
    h('p', {}, `A later action of the council, or a correction. What changes is kept in the history as revision ${approval.revision + 1}; the memo it was recorded on stays as the council saw it.`),
    form,
    h('button', {
      type: 'button',
      onclick: () => {
        stopAmending(state);
        events.redraw('amend-open');
      },
    }, 'Cancel: change nothing'));
}

/**
 * The purchase orders, each with what can be done to it.
 * @param {SpendingState} state
 * @param {ActionEvents} events
 */
function orders(state, events) {
  const view = /** @type {api.ApprovalView} */ (state.view);
  if (view.orders.length === 0) return h('p', {}, 'No purchase order is recorded under this action yet.');
  return h('table', { class: 'small-table' },
    h('caption', {}, 'Purchase orders'),
    h('thead', {}, h('tr', {}, ['PO', 'Date', 'Status', 'Amount as issued', 'Change orders', 'Invoices', 'Change its status'].map((c, i) => h('th', { scope: 'col', class: i === 3 ? 'money' : '' }, c)))),
    h('tbody', {}, view.orders.map((order) => h('tr', {},
      h('th', { scope: 'row' }, order.number),
      h('td', {}, formatDate(order.date)),
      h('td', {}, statusWords(order.status)),
      h('td', { class: 'money' }, formatMoney(order.amount)),
      h('td', {}, order.changeOrders.map((c) => `${formatMoney(c.amount)} (${c.reason})`).join(', ') || '—'),
      h('td', {}, order.invoices.map((i) => `${i.number}: ${formatMoney(i.amount)}`).join(', ') || '—'),
      h('td', {}, statusChoices(order).map(([status, words]) => h('button', {
        type: 'button', id: `po-${order.id}-${status}`, 'aria-label': `${words} ${order.number}`,
        onclick: () => setStatus(state, events, order, status),
      }, words)))))));
}

/**
 * Closes, cancels or reopens a PO; reopening one past the limit asks for the reason.
 * @param {SpendingState} state
 * @param {ActionEvents} events
 * @param {api.PurchaseOrder} order
 * @param {api.PoStatus} status
 */
async function setStatus(state, events, order, status) {
  try {
    const done = await sendWithReason((reason) => api.setPurchaseOrderStatus(order.id, status, reason));
    saidOfAction(state, done === null ? 'Nothing was changed.' : statusSaid(order.number, status, done.overridden.length > 0));
  } catch (error) {
    saidOfAction(state, `PO ${order.number} not changed: ${api.toAppError(error).message}`, true);
  }
  await events.refresh(`po-${order.id}-${statusChoices({ ...order, status })[0][0]}`);
}

/**
 * Projected by the approved comparison against invoiced, by fiscal year: the engine's
 * figures.
 * @param {SpendingState} state
 */
function variance(state) {
  const shown = state.variance;
  if (!shown) return null;
  const rows = varianceRows(shown);
  return h('div', { class: 'variance' },
    h('h3', { id: 'variance-heading' }, 'Projected and invoiced, by fiscal year'),
    h('p', {}, varianceBasis(shown)),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'Nothing projected or invoiced yet.')
      : h('table', { class: 'small-table', 'aria-labelledby': 'variance-heading' },
        h('thead', {}, h('tr', {}, ['Fiscal year', 'Projected', 'Invoiced', 'Variance', 'Variance %'].map((c, i) => h('th', { scope: 'col', class: i > 0 ? 'money' : '' }, c)))),
        h('tbody', {}, rows.map(([year, ...cells]) => h('tr', {},
          h('th', { scope: 'row' }, year),
          cells.map((cell) => h('td', { class: 'money' }, cell)))))));
}

/** @param {SpendingState} state */
function history(state) {
  const lines = historyLines(/** @type {api.ApprovalView} */ (state.view).history);
  return h('div', { class: 'action-history' },
    h('h3', {}, 'History'),
    h('ol', { class: 'history' }, lines.map((line) => h('li', {},
      h('div', {}, h('strong', {}, line.what), ' ', h('span', { class: 'muted' }, line.when)),
      line.changes.length === 0 ? null : h('ul', { class: 'changes' }, line.changes.map((c) => h('li', {}, c)))))));
}
