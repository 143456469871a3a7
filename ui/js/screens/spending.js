// @ts-check
/**
 * The Spending screen: the council's actions and where each stands — authorised,
 * committed, invoiced, remaining, and when the authority runs out at the rate it is
 * spent — with the purchase orders and the overrides of one action below.
 *
 * Its state and the words it shows are `spending/state.js`; this module draws them. The
 * figures are the core's exact strings (docs/spending.md says what each means).
 * "Record a council action…" (`spending/record.js`) records one on a library contract
 * with no memo. The chosen action's detail (`spending/action.js`) amends it, attaches its
 * signed resolution, closes or cancels its POs and shows its variance by fiscal year;
 * under it, "Add a purchase order", "Record an invoice" and "Record a change order"
 * (`spending/forms.js`) record purchases, asking for a reason when one breaks a guard
 * rail; "Export for the auditor (Excel)…" writes the core's audit workbook.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { takeIntent } from '../intent.js';
import { setLeaveGuard } from '../leave.js';
import { actionDetail } from './spending/action.js';
import { purchaseForms } from './spending/forms.js';
import { startFinanceImport } from './spending/import.js';
import { recordAction } from './spending/record.js';
import { openedRenewal } from './spending/renewal-state.js';
import {
  exportFailed, exportedTo, newSpendingState, refreshed, rowCells, select, showDocuments, showVariance, showView,
} from './spending/state.js';

/** @typedef {import('./spending/state.js').SpendingState} SpendingState */

const COLUMNS = ['Council action', 'Contract', 'Outcome', 'Authorised', 'Committed', 'Invoiced', 'Remaining'];

/**
 * @param {HTMLElement} main
 * @param {string} [notice]  what an import from the finance system just did
 */
export async function show(main, notice = '') {
  setLeaveGuard(null);
  const state = newSpendingState(await api.listApprovals());
  render(main, state, notice);
  const intent = takeIntent('spending'); // "Open in Spending" on a memo's page
  if (!intent) return;
  await choose(main, state, intent.approvalId);
  if (intent.renewalMemoId !== undefined) await openRenewal(main, state, intent.renewalMemoId);
}

/**
 * Opens a renewal memo under its council action (chosen from the Memos list).
 * @param {HTMLElement} main
 * @param {SpendingState} state
 * @param {number} id
 */
async function openRenewal(main, state, id) {
  try {
    state.renewal = openedRenewal(await api.getRenewalMemo(id));
  } catch (error) {
    state.actionStatus = { text: `The renewal memo could not be opened: ${api.toAppError(error).message}`, problem: true };
  }
  if (!main.isConnected) return;
  drawAndFocus(main, state, state.renewal ? 'renewal-heading' : 'renewal-memo-open');
  document.getElementById('renewal-heading')?.scrollIntoView({ block: 'start' });
}

/**
 * @param {HTMLElement} main
 * @param {SpendingState} state
 * @param {string} [notice]  what an import from the finance system just did
 */
function render(main, state, notice = '') {
  const heading = [
    h('h1', {}, 'Spending'),
    h('p', { class: 'lede' }, 'What the council approved, and what has been bought under it: committed, invoiced and what remains.'),
  ];
  const record = recordAction(state, {
    redraw: (focusId) => drawAndFocus(main, state, focusId),
    recorded: async (approval) => {
      refreshed(state, await api.listApprovals());
      await choose(main, state, approval.id);
    },
  });
  if (state.approvals.length === 0) {
    replace(main, ...heading, record,
      h('div', { class: 'empty' },
        h('p', {}, 'No council action is recorded yet. Record one on a printed memo’s page (Memos), or, for a contract with no memo, with “Record a council action…” above. Its purchases are then recorded here.')));
    return;
  }
  const events = {
    redraw: (/** @type {string} */ focusId) => drawAndFocus(main, state, focusId),
    refresh: (/** @type {string} */ focusId) => refresh(main, state, focusId),
  };
  const [importButton, importStatus] = financeImport(main, state, notice);
  replace(main, ...heading, h('div', { class: 'spending-tools' }, record, importButton, exportBar(main, state)), importStatus,
    table(main, state), actionDetail(state, events),
    purchaseForms(state, (focusId) => refresh(main, state, focusId)));
}

/**
 * Draws from the state and puts the keyboard on the element with `focusId`.
 * @param {HTMLElement} main
 * @param {SpendingState} state
 * @param {string} focusId
 */
function drawAndFocus(main, state, focusId) {
  render(main, state);
  const target = document.getElementById(focusId);
  if (target instanceof HTMLElement) target.focus();
}

/**
 * Reads the chosen action's detail, variance and documents into the state.
 * @param {SpendingState} state
 * @param {number} id
 */
async function readAction(state, id) {
  const [view, variance] = await Promise.all([api.getApproval(id), api.approvalVariance(id)]);
  showView(state, view);
  showVariance(state, variance);
  showDocuments(state, await api.listDocuments(view.summary.approval.contractId));
}

/**
 * Reads the figures and the chosen action again (a purchase was recorded, or refused),
 * draws, and puts the keyboard back on the element with `focusId`.
 * @param {HTMLElement} main
 * @param {SpendingState} state
 * @param {string} focusId
 */
async function refresh(main, state, focusId) {
  try {
    refreshed(state, await api.listApprovals());
    if (state.selected !== null) await readAction(state, state.selected);
  } catch (error) {
    replace(main, h('div', { class: 'error-box', role: 'alert' }, h('p', {}, api.toAppError(error).message)));
    return;
  }
  if (main.isConnected) drawAndFocus(main, state, focusId);
}

/**
 * "Import from finance system…", and the line under the tools saying what the last
 * import did (or why the report could not be read).
 * @param {HTMLElement} main
 * @param {SpendingState} state
 * @param {string} notice
 * @returns {[HTMLElement, HTMLElement]}
 */
function financeImport(main, state, notice) {
  const status = h('p', { class: notice ? 'save-status saved finance-import-status' : 'save-status finance-import-status', role: 'status' }, notice);
  const start = async () => {
    try {
      await startFinanceImport(main, state.approvals, (said) => show(main, said ?? ''));
    } catch (error) {
      status.className = 'save-status problem finance-import-status';
      status.textContent = api.toAppError(error).message;
    }
  };
  return [h('button', { type: 'button', onclick: start }, 'Import from finance system…'), status];
}

/**
 * "Export for the auditor…" and what it last did.
 * @param {HTMLElement} main
 * @param {SpendingState} state
 */
function exportBar(main, state) {
  const status = state.exportStatus;
  return h('div', { class: 'export-bar' },
    h('button', { type: 'button', onclick: () => exportWorkbook(main, state) }, 'Export for the auditor (Excel)…'),
    h('p', { class: status?.problem ? 'save-status problem' : 'save-status', role: 'status' }, status?.text ?? ''));
}

/**
 * Writes the audit workbook where the clerk chooses.
 * @param {HTMLElement} main
 * @param {SpendingState} state
 */
async function exportWorkbook(main, state) {
  try {
    exportedTo(state, await api.exportSpendingWorkbook());
  } catch (error) {
    exportFailed(state, api.toAppError(error).message);
  }
  if (main.isConnected) render(main, state);
}

/**
 * @param {HTMLElement} main
 * @param {SpendingState} state
 */
function table(main, state) {
  return h('table', { class: 'approvals' },
    h('caption', { class: 'visually-hidden' }, 'Council actions and where each stands'),
    h('thead', {}, h('tr', {}, COLUMNS.map((c, i) => h('th', { scope: 'col', class: i >= 3 ? 'num' : '' }, c)))),
    h('tbody', {}, state.approvals.map((row) => {
      const [action, ...rest] = rowCells(row);
      const id = row.approval.id;
      return h('tr', { class: state.selected === id ? 'selected' : '' },
        h('th', { scope: 'row' },
          h('button', { type: 'button', class: 'link', 'aria-expanded': String(state.selected === id), onclick: () => choose(main, state, id) }, action)),
        rest.map((cell, i) => h('td', { class: i >= 2 ? 'num' : '' }, cell)));
    })));
}

/**
 * @param {HTMLElement} main
 * @param {SpendingState} state
 * @param {number} id
 */
async function choose(main, state, id) {
  select(state, id);
  redraw(main, state);
  try {
    await readAction(state, id);
  } catch (error) {
    replace(main, h('div', { class: 'error-box', role: 'alert' }, h('p', {}, api.toAppError(error).message)));
    return;
  }
  if (main.isConnected) redraw(main, state);
}

/**
 * Draws again, keeping the keyboard on the chosen action's button (the table is drawn
 * anew, and a focus lost to the page's start would send a keyboard user back to the top).
 * @param {HTMLElement} main
 * @param {SpendingState} state
 */
function redraw(main, state) {
  render(main, state);
  const chosen = main.querySelector('table.approvals tr.selected th button');
  if (chosen instanceof HTMLElement) chosen.focus();
}
