// @ts-check
/**
 * The Spending screen's state: one plain object, {@link SpendingState}, and the named
 * changes the screen makes to it. The core computes every figure (exact decimal strings);
 * this only chooses what to show and says it in words. Nothing here touches the page or
 * the core (tested in node, `tests/ui/spending-state.test.mjs`).
 */

import { formatDate, formatMoney } from '../../format.js';

/**
 * @typedef {import('../../api.js').ApprovalSummary} ApprovalSummary
 * @typedef {import('../../api.js').ApprovalView} ApprovalView
 * @typedef {import('../../api.js').Figures} Figures
 * @typedef {import('../../api.js').Outcome} Outcome
 */

/**
 * @typedef {object} SpendingState
 * @property {ApprovalSummary[]} approvals  every council action, latest meeting first
 * @property {number | null} selected  the approval whose detail is shown
 * @property {ApprovalView | null} view  its detail, once the core answered
 * @property {{ text: string, problem: boolean } | null} exportStatus  what the last
 *   "Export for the auditor…" did, in a sentence
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
  return { approvals, selected: null, view: null, exportStatus: null };
}

/**
 * Chooses the approval to show in detail; its detail is cleared until the core answers.
 * @param {SpendingState} state
 * @param {number} id
 */
export function select(state, id) {
  if (!state.approvals.some((row) => row.approval.id === id)) return;
  state.selected = id;
  state.view = null;
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
