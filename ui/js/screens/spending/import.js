// @ts-check
/**
 * "Import from finance system…" on the Spending screen: choose a finance system's
 * purchase-order or accounts-payable report (CSV or Excel), say which column holds
 * what, see what becomes of every row — matched to which council action, not matched
 * and why, skipped, refused, or needing a reason — then import it in one transaction,
 * with one reason for the batch when rows break a guard rail. Nothing is written
 * before the clerk says so.
 *
 * The state and its words are `import-state.js`; this module draws them. Text from the
 * file is data: it reaches the page through `h` (textContent) only.
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { field } from '../../field.js';
import { setLeaveGuard } from '../../leave.js';
import {
  chooseField, confirmedLines, confirmMatch, countLines, doneSentence, failed, importLabel, mappingOf, mappingProblem,
  newImportState, planned, reasonProblem, rowLines, sheetHint, sheetRead, toImport,
} from './import-state.js';

/**
 * @typedef {import('./import-state.js').ImportState} ImportState
 * @typedef {import('../../api.js').ApprovalSummary} ApprovalSummary
 *
 * @typedef {object} Steps
 * @property {ApprovalSummary[]} approvals  to name the action each row is matched to
 * @property {(notice?: string) => void} done  back to the Spending list, read again
 * @property {string} [focus]  the id to put the keyboard on when the plan is drawn again
 */

/**
 * Asks for the report and shows its columns. Resolves false when the clerk cancelled
 * the dialog (the Spending screen stays as it was).
 * @param {HTMLElement} main
 * @param {ApprovalSummary[]} approvals
 * @param {(notice?: string) => void} done
 * @returns {Promise<boolean>}
 */
export async function startFinanceImport(main, approvals, done) {
  const file = await api.choosePurchaseFile();
  if (!file) return false;
  setLeaveGuard(async () => { await api.discardPurchaseImport(); return true; });
  showMapping(main, newImportState(file), { approvals, done });
  return true;
}

/**
 * Leaves the import: the report is forgotten, the Spending list read again.
 * @param {Steps} steps
 * @param {string} [notice]
 */
async function leave(steps, notice) {
  setLeaveGuard(null);
  await api.discardPurchaseImport();
  steps.done(notice);
}

/**
 * @param {ImportState} state
 * @param {string} step
 */
function heading(state, step) {
  return [
    h('h1', {}, `Import from the finance system: ${state.file.fileName}`),
    h('p', { class: 'lede' }, step),
  ];
}

/** @param {string} problem */
function problemBox(problem) {
  return h('div', { class: 'import-status', 'aria-live': 'polite' },
    problem === '' ? null : h('p', { class: 'field-error', role: 'alert' }, problem));
}

/** @param {string[]} list */
function notes(list) {
  return list.length === 0 ? null : h('div', { class: 'notice', role: 'note' }, list.map((n) => h('p', {}, n)));
}

/**
 * Step 1: which column of the report holds which part of a purchase.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 */
function showMapping(main, state, steps) {
  const rows = state.columns.map((column, index) => {
    const id = `purchase-map-${index}`;
    const select = h('select', { id, onchange: () => chooseField(state, index, select.value) },
      h('option', { value: '' }, 'Ignore this column'),
      state.file.fields.map((f) => h('option', { value: f.field, selected: f.field === column.field },
        f.required ? `${f.label} (required)` : f.label)));
    return h('tr', {},
      h('th', { scope: 'row' }, h('label', { for: id }, column.header || `(column ${index + 1} has no name)`)),
      h('td', {}, select));
  });
  replace(main,
    ...heading(state, 'Say which part of a purchase each column of the report holds. The obvious ones are filled in, and your choice is remembered for the next report with the same columns.'),
    sheetPicker(main, state, steps),
    notes(state.file.notes),
    problemBox(state.problem),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => check(main, state, steps) }, 'Check the report'),
      h('button', { type: 'button', onclick: () => leave(steps) }, 'Cancel')),
    h('table', { class: 'small-table mapping' },
      h('caption', { class: 'visually-hidden' }, 'The report’s columns and the purchase field each holds'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Column in the report'), h('th', { scope: 'col' }, 'Purchase field'))),
      h('tbody', {}, rows)));
  main.querySelector('select')?.focus();
}

/**
 * The workbook's sheet: a picker when it has several, else a line naming it.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 */
function sheetPicker(main, state, steps) {
  const { sheet, sheets } = state.file;
  if (!sheet) return null;
  if (sheets.length < 2) return h('p', { class: 'hint' }, `Sheet read: ${sheet}`);
  const select = h('select', {
    id: 'purchase-sheet',
    'aria-describedby': 'purchase-sheet-hint',
    onchange: () => chooseSheet(main, state, steps, select.value),
  }, sheets.map((name) => h('option', { value: name, selected: name === sheet }, name)));
  return h('div', { class: 'field sheet-field' },
    h('label', { for: 'purchase-sheet' }, 'Sheet'),
    select,
    h('p', { class: 'hint', id: 'purchase-sheet-hint' }, sheetHint(state.file)));
}

/**
 * Reads the sheet the clerk chose and shows its columns; when it is not a report, the
 * sheet read before stays, with the core's sentence why.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 * @param {string} sheet
 */
async function chooseSheet(main, state, steps, sheet) {
  try {
    sheetRead(state, await api.choosePurchaseSheet(sheet));
  } catch (error) {
    failed(state, api.toAppError(error));
  }
  if (!main.isConnected) return;
  showMapping(main, state, steps);
  document.getElementById('purchase-sheet')?.focus();
}

/**
 * Step 2: the plan of every row; nothing is written.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 */
async function check(main, state, steps) {
  state.problem = mappingProblem(state);
  if (state.problem !== '') {
    showMapping(main, state, steps);
    return;
  }
  replace(main, ...heading(state, 'Reading and checking every row…'));
  try {
    planned(state, await api.planPurchaseImport(mappingOf(state), state.confirmed));
  } catch (error) {
    failed(state, api.toAppError(error));
    if (main.isConnected) showMapping(main, state, steps);
    return;
  }
  if (main.isConnected) showPlan(main, state, steps);
}

/**
 * The plan: the counts, the batch's reason when rows need one, and every row.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 */
function showPlan(main, state, steps) {
  const plan = state.plan;
  if (!plan) return;
  const lines = rowLines(plan, steps.approvals);
  const reason = h('textarea', { id: 'purchase-import-reason', rows: 2, oninput: () => { state.reason = reason.value; } });
  reason.value = state.reason;
  const flagged = plan.counts.flagged > 0;
  const importButton = h('button', {
    type: 'button',
    id: 'purchase-import-apply',
    class: 'primary',
    disabled: toImport(plan) === 0,
    onclick: () => apply(main, state, steps),
  }, importLabel(plan));
  replace(main,
    ...heading(state, 'Nothing has been written yet. This is what importing the report would do with every row.'),
    notes(plan.notes),
    h('div', { class: 'plan-counts', role: 'group', 'aria-label': 'What the report holds' },
      countLines(plan).map(([n, words]) => h('div', { class: 'plan-count' }, h('span', { class: 'n' }, n.toLocaleString()), ` ${words}`))),
    flagged
      ? h('section', { class: 'batch-reason', 'aria-labelledby': 'batch-reason-title' },
        h('h2', { id: 'batch-reason-title' }, 'Rows that break a guard rail'),
        h('p', {}, 'The rows marked “Needs a reason” below are imported only with a reason, kept in the history of each rule they break and shown in the audit export. One reason covers the batch.'),
        field('purchase-import-reason', 'Reason for importing them anyway', reason))
      : null,
    confirmedMatches(main, state, steps),
    problemBox(state.problem),
    h('div', { class: 'actions' },
      importButton,
      h('button', { type: 'button', onclick: () => showMapping(main, state, steps) }, 'Change the columns'),
      h('button', { type: 'button', onclick: () => leave(steps) }, 'Cancel')),
    h('table', { class: 'small-table purchase-plan' },
      h('caption', { class: 'visually-hidden' }, 'Every row of the report and what the import does with it'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Line'),
        h('th', { scope: 'col' }, 'Outcome'),
        h('th', { scope: 'col' }, 'Council action'),
        h('th', { scope: 'col', class: 'money' }, 'Amount'),
        h('th', { scope: 'col' }, 'What happens'))),
      h('tbody', {}, lines.map((row) => h('tr', { class: `plan-row ${row.kind}${row.needsReason ? ' needs-reason' : ''}` },
        h('th', { scope: 'row' }, String(row.line)),
        h('td', {}, row.outcome, row.needsReason ? h('strong', { class: 'reason-mark' }, ' — Needs a reason') : null),
        h('td', {}, row.under || '—'),
        h('td', { class: 'money' }, row.amount),
        h('td', {}, row.what,
          row.rules.length === 0 ? null : h('ul', { class: 'rules' }, row.rules.map((rule) => h('li', {}, rule))),
          row.proposal ? matchBox(main, state, steps, row.proposal, false, `vendor-match-${row.line}`) : null))))));
  const keep = steps.focus ? document.getElementById(steps.focus) : null;
  steps.focus = undefined;
  (keep ?? (flagged ? reason : importButton)).focus();
}

/**
 * The matches confirmed in this import, each withdrawn by unticking it.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 */
function confirmedMatches(main, state, steps) {
  const lines = confirmedLines(state, steps.approvals);
  if (lines.length === 0) return null;
  return h('fieldset', { class: 'vendor-matches' },
    h('legend', {}, 'Vendor matches you confirmed'),
    lines.map((line, i) => matchBox(main, state, steps, line, true, `vendor-confirmed-${i}`)));
}

/**
 * A vendor match's checkbox: ticking confirms it (or unticking withdraws it) and checks
 * the report again, the keyboard staying on the match.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 * @param {import('./import-state.js').MatchLine} line
 * @param {boolean} checked
 * @param {string} id
 */
function matchBox(main, state, steps, line, checked, id) {
  const box = h('input', {
    type: 'checkbox',
    id,
    checked,
    onchange: () => {
      confirmMatch(state, line.match, box.checked);
      const index = state.confirmed.findIndex((m) => m.vendor === line.match.vendor);
      steps.focus = index >= 0 ? `vendor-confirmed-${index}` : 'purchase-import-apply';
      check(main, state, steps);
    },
  });
  return h('div', { class: 'vendor-match' }, box, ' ', h('label', { for: id }, `Match: ${line.label}`));
}

/**
 * Step 3: the import, in one transaction after a backup.
 * @param {HTMLElement} main
 * @param {ImportState} state
 * @param {Steps} steps
 */
async function apply(main, state, steps) {
  state.problem = reasonProblem(state);
  if (state.problem !== '') {
    showPlan(main, state, steps);
    document.getElementById('purchase-import-reason')?.focus();
    return;
  }
  for (const button of main.querySelectorAll('button')) button.disabled = true;
  try {
    const done = await api.applyPurchaseImport(mappingOf(state), state.confirmed, state.reason.trim());
    document.dispatchEvent(new CustomEvent('coopdesk:changed'));
    setLeaveGuard(null);
    steps.done(`Imported from the finance system — ${doneSentence(done)} A backup from just before the import is listed in Settings.`);
  } catch (error) {
    failed(state, api.toAppError(error));
    if (main.isConnected) showPlan(main, state, steps);
  }
}
