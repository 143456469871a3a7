// @ts-check
/**
 * "Import from finance system…": the state of one import and the words it shows, apart
 * from drawing (`import.js`). Three steps: the column mapping (the core's, remembered
 * for these headings, else guessed), the plan (every row with what becomes of it, in the
 * core's sentences), then the import — with one reason for the batch when rows break a
 * guard rail. Every figure is the core's string, formatted, never recomputed.
 */

import { formatMoney } from '../../format.js';
import { actionLabel } from './state.js';

/**
 * @typedef {import('../../api.js').ApprovalSummary} ApprovalSummary
 * @typedef {import('../../api.js').AppError} AppError
 * @typedef {import('../../../types/Mapping').Mapping} Mapping
 * @typedef {import('../../../types/ColumnMapping').ColumnMapping} ColumnMapping
 * @typedef {import('../../../types/PurchaseFile').PurchaseFile} PurchaseFile
 * @typedef {import('../../../types/PurchasePlan').PurchasePlan} PurchasePlan
 * @typedef {import('../../../types/PlannedRow').PlannedRow} PlannedRow
 * @typedef {import('../../../types/RowKind').RowKind} RowKind
 * @typedef {import('../../../types/VendorMatch').VendorMatch} VendorMatch
 *
 * @typedef {object} ImportState
 * @property {PurchaseFile} file
 * @property {ColumnMapping[]} columns  the clerk's choice, column by column
 * @property {PurchasePlan | null} plan  null until the file is checked
 * @property {string} reason  the one reason for the batch's flagged rows
 * @property {string} problem  what went wrong last, in a sentence ('' when nothing)
 * @property {VendorMatch[]} confirmed  the vendor matches the clerk confirmed
 *
 * @typedef {object} MatchLine
 * @property {VendorMatch} match
 * @property {string} label  the match in words
 *
 * @typedef {object} RowLine
 * @property {number} line
 * @property {RowKind} kind
 * @property {string} outcome  the kind in words
 * @property {string} under  the council action it is matched to ('' when none)
 * @property {string} amount
 * @property {string} what  the core's sentence
 * @property {string[]} rules  each guard rail broken, and each flag, in a sentence
 * @property {boolean} needsReason
 * @property {MatchLine | null} proposal  a vendor match proposed, to confirm
 */

/** The kinds of row in words, for the plan's "Outcome" column. */
const OUTCOMES = /** @type {Record<RowKind, string>} */ ({
  purchaseOrder: 'Purchase order',
  payment: 'Payment',
  creditMemo: 'Credit memo',
  skipped: 'Skipped',
  unmatched: 'Not matched',
  refused: 'Refused',
});

/**
 * A new import of the report chosen, at the mapping step.
 * @param {PurchaseFile} file
 * @returns {ImportState}
 */
export function newImportState(file) {
  return {
    file,
    columns: file.mapping.columns.map((c) => ({ ...c })),
    plan: null,
    reason: '',
    problem: '',
    confirmed: [],
  };
}

/**
 * Another sheet of the workbook, read: its columns as remembered (else guessed) for its
 * headings, no plan yet; the vendor matches the clerk confirmed stay.
 * @param {ImportState} state
 * @param {PurchaseFile} file
 */
export function sheetRead(state, file) {
  state.file = file;
  state.columns = file.mapping.columns.map((c) => ({ ...c }));
  state.plan = null;
  state.problem = '';
}

/**
 * The sentence under the sheet picker.
 * @param {PurchaseFile} file
 */
export function sheetHint(file) {
  return `This workbook has ${file.sheets.length} sheets. CoopDesk shows the first one that reads as a report; choose another if the purchases are on it.`;
}

/**
 * A vendor's name as matches are compared (case and punctuation aside).
 * @param {string} vendor
 */
function vendorKey(vendor) {
  return vendor.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
}

/**
 * The clerk confirmed (`on`) or withdrew a vendor match; the file must be checked again.
 * @param {ImportState} state
 * @param {VendorMatch} match
 * @param {boolean} on
 */
export function confirmMatch(state, match, on) {
  const key = vendorKey(match.vendor);
  state.confirmed = state.confirmed.filter((m) => vendorKey(m.vendor) !== key);
  if (on) state.confirmed.push({ vendor: match.vendor, approvalId: match.approvalId });
  state.plan = null;
}

/**
 * A vendor match in words.
 * @param {VendorMatch} match
 * @param {ApprovalSummary[]} approvals
 */
function matchLabel(match, approvals) {
  return `“${match.vendor}” buys under ${actionName(match.approvalId, approvals)}; remembered for this vendor`;
}

/**
 * A council action's name, as the plan shows it.
 * @param {number} id
 * @param {ApprovalSummary[]} approvals
 */
function actionName(id, approvals) {
  const found = approvals.find((a) => a.approval.id === id);
  return found ? `${actionLabel(found)} (${found.contractNumber})` : `Council action ${id}`;
}

/**
 * The vendor matches confirmed in this import, in words.
 * @param {ImportState} state
 * @param {ApprovalSummary[]} approvals
 * @returns {MatchLine[]}
 */
export function confirmedLines(state, approvals) {
  return state.confirmed.map((match) => ({ match, label: matchLabel(match, approvals) }));
}

/**
 * The clerk chose `field` ('' to ignore the column) for column `index`. Checking again
 * is needed: the plan is dropped.
 * @param {ImportState} state
 * @param {number} index
 * @param {string} field
 */
export function chooseField(state, index, field) {
  const column = state.columns[index];
  if (!column) return;
  column.field = field === '' ? null : field;
  state.plan = null;
}

/**
 * The mapping as the core takes it.
 * @param {ImportState} state
 * @returns {Mapping}
 */
export function mappingOf(state) {
  return { columns: state.columns.map((c) => ({ ...c })), constants: [] };
}

/**
 * What must be mapped before the file can be checked, in a sentence ('' when ready).
 * @param {ImportState} state
 */
export function mappingProblem(state) {
  const missing = state.file.fields
    .filter((f) => f.required && !state.columns.some((c) => c.field === f.field))
    .map((f) => f.label);
  return missing.length === 0 ? '' : `Choose the column that holds the ${missing.join(', ').toLowerCase()}; a purchase is not imported without it.`;
}

/**
 * The plan came back.
 * @param {ImportState} state
 * @param {PurchasePlan} plan
 */
export function planned(state, plan) {
  state.plan = plan;
  state.problem = '';
}

/**
 * The core refused (the file, the mapping, or the import): its sentences.
 * @param {ImportState} state
 * @param {AppError} error
 */
export function failed(state, error) {
  const fields = error.fields ?? [];
  state.problem = fields.length > 0 && error.code !== 'needs_override'
    ? fields.map((f) => `${f.label}: ${f.message}`).join(' ')
    : error.message;
}

/**
 * Every row of the plan as the table shows it.
 * @param {PurchasePlan} plan
 * @param {ApprovalSummary[]} approvals  to name the council action a row is matched to
 * @returns {RowLine[]}
 */
export function rowLines(plan, approvals) {
  return plan.rows.map((row) => {
    const rules = [...row.warnings.map((w) => w.sentence), ...row.flags];
    return {
      line: row.line,
      kind: row.kind,
      outcome: OUTCOMES[row.kind],
      under: row.approvalId === null ? '' : actionName(row.approvalId, approvals),
      amount: row.amount === null ? '' : formatMoney(row.amount),
      what: row.what,
      rules,
      needsReason: isImported(row.kind) && rules.length > 0,
      proposal: row.proposal ? { match: row.proposal, label: matchLabel(row.proposal, approvals) } : null,
    };
  });
}

/** @param {RowKind} kind */
function isImported(kind) {
  return kind === 'purchaseOrder' || kind === 'payment' || kind === 'creditMemo';
}

/**
 * The plan's counts, each with its words; kinds with none are left out.
 * @param {PurchasePlan} plan
 * @returns {[number, string][]}
 */
export function countLines(plan) {
  const c = plan.counts;
  /** @type {[number, string][]} */
  const all = [
    [c.purchaseOrders, 'purchase-order rows to import'],
    [c.payments, 'payments to import'],
    [c.creditMemos, 'credit memos to import'],
    [c.flagged, 'of those need a reason (a guard rail)'],
    [c.skipped, 'skipped (subtotals, totals, headings)'],
    [c.unmatched, 'not matched to a council action'],
    [c.refused, 'refused (see why)'],
  ];
  return all.filter(([n]) => n > 0);
}

/**
 * How many rows the import writes.
 * @param {PurchasePlan} plan
 */
export function toImport(plan) {
  return plan.counts.purchaseOrders + plan.counts.payments + plan.counts.creditMemos;
}

/**
 * The import button's words.
 * @param {PurchasePlan} plan
 */
export function importLabel(plan) {
  const n = toImport(plan);
  if (n === 0) return 'Nothing to import';
  return `Import ${n} row${n === 1 ? '' : 's'}${plan.counts.flagged > 0 ? ' with this reason' : ''}`;
}

/**
 * Why the import cannot go ahead as it stands ('' when it can): rows that break a guard
 * rail need the batch's reason.
 * @param {ImportState} state
 */
export function reasonProblem(state) {
  if (!state.plan || state.plan.counts.flagged === 0 || state.reason.trim() !== '') return '';
  const n = state.plan.counts.flagged;
  return `${n} row${n === 1 ? ' breaks' : 's break'} a guard rail: say why ${n === 1 ? 'it is' : 'they are'} imported anyway. The reason is kept in the history of each rule overridden.`;
}

/**
 * What an import did, in one sentence.
 * @param {PurchasePlan} done
 */
export function doneSentence(done) {
  const c = done.counts;
  const parts = [
    [c.purchaseOrders, 'purchase-order row', 'purchase-order rows'],
    [c.payments, 'payment', 'payments'],
    [c.creditMemos, 'credit memo', 'credit memos'],
  ].filter(([n]) => Number(n) > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const left = [
    [c.unmatched, 'not matched'],
    [c.refused, 'refused'],
    [c.skipped, 'skipped'],
  ].filter(([n]) => Number(n) > 0).map(([n, words]) => `${n} ${words}`);
  const imported = parts.length === 0 ? 'nothing imported' : `imported ${parts.join(', ')}`;
  return `${done.fileName}: ${imported}${left.length > 0 ? `; ${left.join(', ')}` : ''}.`;
}
