// @ts-check
/**
 * One council action, in words: its figures as labelled lines, its variance by fiscal
 * year as table rows, its history as lines, the documents it cites, what can be done to
 * each purchase order, and the change order as the core takes it. The core computes every
 * figure (exact decimal strings); this only formats them and never adds, subtracts or
 * divides. Nothing here touches the page or the core (tested in node,
 * `tests/ui/spending-action.test.mjs`).
 */

import { formatDate, formatMoney } from '../../format.js';

/**
 * @typedef {import('../../api.js').Figures} Figures
 * @typedef {import('../../api.js').Variance} Variance
 * @typedef {import('../../api.js').SpendingEntry} SpendingEntry
 * @typedef {import('../../api.js').Document} Document
 * @typedef {import('../../api.js').PurchaseOrder} PurchaseOrder
 * @typedef {import('../../api.js').PoStatus} PoStatus
 * @typedef {import('../../api.js').ChangeOrderInput} ChangeOrderInput
 * @typedef {import('../../api.js').DateReading} DateReading
 * @typedef {import('../../api.js').FieldError} FieldError
 */

/**
 * An action's standing as labelled lines: authorised, committed, invoiced, paid,
 * remaining, the burn rate and the day the authority runs out at that rate.
 * @param {Figures} figures
 * @returns {[string, string][]}
 */
export function figureLines(figures) {
  return [
    ['Authorised', formatMoney(figures.authorised)],
    ['Committed (open POs)', formatMoney(figures.committed)],
    ['Invoiced', formatMoney(figures.invoiced)],
    ['Paid', formatMoney(figures.paid)],
    ['Remaining', formatMoney(figures.remaining)],
    ['Burn rate', figures.burnRate === null ? 'Nothing invoiced yet' : `${formatMoney(figures.burnRate)} a month`],
    ['Runs out on', runsOut(figures)],
  ];
}

/** @param {Figures} figures */
function runsOut(figures) {
  if (figures.runsOutOn) return formatDate(figures.runsOutOn);
  if (figures.remaining.trim().startsWith('-') || /^0*(\.0*)?$/.test(figures.remaining.trim())) return 'Nothing remains';
  return 'Not known until something is invoiced';
}

/**
 * The approved term and the revision, in a sentence.
 * @param {import('../../api.js').Approval} approval
 */
export function termLine(approval) {
  const from = approval.termFrom ? formatDate(approval.termFrom) : null;
  const to = approval.termTo ? formatDate(approval.termTo) : null;
  const term = from && to ? `Term: ${from} to ${to}.`
    : from ? `Term: from ${from}, with no end given.`
      : to ? `Term: until ${to}.`
        : 'No term given.';
  return `${term} Revision ${approval.revision}.`;
}

/**
 * The sentence above the variance table: what the projection is taken from.
 * @param {Variance} variance
 */
export function varianceBasis(variance) {
  const basis = variance.basis;
  if (basis.kind === 'compared') {
    return `Projected: “${basis.option}” in “${basis.comparison}”, as memo ${basis.memoId} version ${basis.memoVersion} showed the council.`;
  }
  return `No approved comparison: ${basis.reason} Only what was invoiced is shown.`;
}

/**
 * The variance table's rows, each [fiscal year, projected, invoiced, variance, percent],
 * every figure the engine's; a year with no projection shows a dash.
 * @param {Variance} variance
 * @returns {string[][]}
 */
export function varianceRows(variance) {
  return variance.years.map((year) => [
    year.fiscalYear,
    year.projected === null ? '—' : formatMoney(year.projected),
    formatMoney(year.invoiced),
    year.variance === null ? '—' : signed(formatMoney(year.variance)),
    year.percent === null ? '—' : `${signed(year.percent.replace('-', '−'))} %`,
  ]);
}

/**
 * A variance with its sign written: "+$1,200.00" over, "−$300.00" under, "$0.00" on.
 * @param {string} text  formatted, negative ones already with "−"
 */
function signed(text) {
  if (text.startsWith('−')) return text;
  return /[1-9]/.test(text) ? `+${text}` : text;
}

/** @type {Record<string, string>} */
const SUBJECT_WORDS = {
  approval: 'Council action',
  purchaseOrder: 'Purchase order',
  changeOrder: 'Change order',
  invoice: 'Invoice',
};

/**
 * One line of the action's history.
 * @typedef {object} HistoryLine
 * @property {string} when  the day
 * @property {string} what  "Council action amended", "Purchase order recorded"…
 * @property {string[]} changes  "Not-to-exceed: 74360.00 → 80000.00"
 */

/**
 * The action's history, newest first, overrides left to their own list.
 * @param {SpendingEntry[]} entries  oldest first, as the core keeps them
 * @returns {HistoryLine[]}
 */
export function historyLines(entries) {
  return entries
    .filter((entry) => entry.action !== 'override')
    .map((entry) => ({
      when: formatDate(entry.at.slice(0, 10)),
      what: `${SUBJECT_WORDS[entry.subject] ?? entry.subject} ${verb(entry)}`,
      changes: entry.changes.map((c) => (c.old === ''
        ? `${c.label}: ${c.new}`
        : `${c.label}: ${c.old} → ${c.new || '(empty)'}`)),
    }))
    .reverse();
}

/** @param {SpendingEntry} entry */
function verb(entry) {
  if (entry.action === 'create') return 'recorded';
  if (entry.action === 'delete') return 'removed';
  if (entry.subject === 'approval' && entry.changes.every((c) => c.field === 'documents')) return 'document attached';
  return entry.subject === 'approval' ? 'amended' : 'changed';
}

/**
 * The documents the action cites (the signed resolution, the minutes), from the
 * contract's documents.
 * @param {Document[]} documents  the contract's
 * @param {number[]} ids  the action's
 */
export function citedDocuments(documents, ids) {
  return documents.filter((d) => ids.includes(d.id));
}

/**
 * What can be done to a purchase order as it stands: an open one is closed (what it did
 * not bill is released) or cancelled; a closed or cancelled one is reopened.
 * @param {PurchaseOrder} order
 * @returns {[PoStatus, string][]}  the status to set, and the button's words
 */
export function statusChoices(order) {
  if (order.status === 'open') return [['closed', 'Close PO'], ['cancelled', 'Cancel PO']];
  return [['open', 'Reopen PO']];
}

/** @type {Record<PoStatus, string>} */
const STATUS_WORDS = { open: 'Open', closed: 'Closed', cancelled: 'Cancelled' };

/** @param {PoStatus} status */
export function statusWords(status) {
  return STATUS_WORDS[status];
}

/**
 * What a status change did, in a sentence.
 * @param {string} number
 * @param {PoStatus} status
 * @param {boolean} overridden
 */
export function statusSaid(number, status, overridden) {
  const done = { open: 'reopened', closed: 'closed', cancelled: 'cancelled' }[status];
  return `PO ${number} ${done}${overridden ? ', with the override reason' : ''}.`;
}

/** The change order form's fields, by wire name, with their labels. */
export const CHANGE_FIELDS = /** @type {const} */ ([
  ['date', 'Change order date'],
  ['amount', 'Change in amount'],
  ['reason', 'Reason for the change'],
]);

/**
 * The change order as the core takes it, or the date that could not be read (the core
 * judges the amount, the reason and the date's place).
 * @param {string} poNumber
 * @param {Record<string, string>} values  as typed
 * @param {DateReading} date
 * @returns {{ input: ChangeOrderInput, problems: FieldError[] }}
 */
export function changeOrderInput(poNumber, values, date) {
  /** @type {FieldError[]} */
  const problems = [];
  if (date.problem) problems.push({ field: 'date', label: 'Change order date', message: date.problem });
  return {
    input: {
      poNumber,
      date: date.date,
      amount: (values.amount ?? '').trim(),
      reason: (values.reason ?? '').trim(),
    },
    problems,
  };
}
