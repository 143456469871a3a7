// @ts-check
/**
 * "Record the council's action" on a printed memo: the form's text as the clerk types it
 * ({@link CouncilForm}), the {@link ApprovalInput} sent to the core from it, the problems
 * to show beside each box, and the words the memo page uses for a recorded action.
 * Nothing here touches the page or the core (tested in node,
 * `tests/ui/council-state.test.mjs`); the core checks the action and says what is wrong.
 */

import { formatDate, formatMoney, parseAmount } from '../../format.js';

/**
 * @typedef {import('../../api.js').Approval} Approval
 * @typedef {import('../../api.js').ApprovalInput} ApprovalInput
 * @typedef {import('../../api.js').ApprovalSummary} ApprovalSummary
 * @typedef {import('../../api.js').DateReading} DateReading
 * @typedef {import('../../api.js').FieldError} FieldError
 * @typedef {import('../../api.js').MemoView} MemoView
 * @typedef {import('../../api.js').Outcome} Outcome
 */

/**
 * The form's boxes, as typed.
 * @typedef {object} CouncilForm
 * @property {Outcome} outcome
 * @property {string} meetingDate
 * @property {string} agendaItem
 * @property {string} actionNumber
 * @property {string} notToExceed
 * @property {string} termFrom
 * @property {string} termTo
 * @property {boolean} renewalsNeedVote
 * @property {string} fiscalYears  comma-separated
 * @property {string} accountCodes  comma-separated
 * @property {string} conditions
 */

/** @typedef {'meetingDate' | 'termFrom' | 'termTo'} DateBox */

/**
 * What the action is recorded on: a memo's printed version (its contract is the memo's),
 * or a library contract with no memo (an approval made before CoopDesk).
 * @typedef {{memoId: number, memoVersion: number, contractId: null}
 *   | {memoId: null, memoVersion: null, contractId: number | null}} Target
 */

/** @type {[Outcome, string][]} */
export const OUTCOMES = [
  ['approved', 'Approved'],
  ['approvedAsAmended', 'Approved as amended'],
  ['tabled', 'Tabled'],
  ['denied', 'Denied'],
];

/** @type {Record<DateBox, string>} */
const DATE_LABELS = { meetingDate: 'Meeting date', termFrom: 'Approved term, from', termTo: 'Approved term, to' };

/**
 * The form for a memo, prefilled from what it printed: its agenda item and its
 * not-to-exceed.
 * @param {MemoView} memo
 * @returns {CouncilForm}
 */
export function newCouncilForm(memo) {
  const { inputs } = memo.draft;
  return {
    outcome: 'approved',
    meetingDate: '',
    agendaItem: inputs.agendaItem,
    actionNumber: '',
    notToExceed: inputs.amount ? formatMoney(inputs.amount) : '',
    termFrom: '',
    termTo: '',
    renewalsNeedVote: true,
    fiscalYears: '',
    accountCodes: '',
    conditions: '',
  };
}

/**
 * The form for a library contract with no memo: nothing to prefill but the usual
 * "approved" and "renewals need a vote".
 * @returns {CouncilForm}
 */
export function blankCouncilForm() {
  return {
    outcome: 'approved',
    meetingDate: '',
    agendaItem: '',
    actionNumber: '',
    notToExceed: '',
    termFrom: '',
    termTo: '',
    renewalsNeedVote: true,
    fiscalYears: '',
    accountCodes: '',
    conditions: '',
  };
}

/**
 * The form to amend a recorded action, filled with what is on file: dates as the core
 * reads them back (ISO), the amount as a clerk writes it, the lists comma-separated.
 * @param {Approval} approval
 * @returns {CouncilForm}
 */
export function amendmentForm(approval) {
  return {
    outcome: approval.outcome,
    meetingDate: approval.meetingDate,
    agendaItem: approval.agendaItem,
    actionNumber: approval.actionNumber,
    notToExceed: approval.notToExceed === null ? '' : formatMoney(approval.notToExceed),
    termFrom: approval.termFrom ?? '',
    termTo: approval.termTo ?? '',
    renewalsNeedVote: approval.renewalsNeedVote,
    fiscalYears: approval.fiscalYears.join(', '),
    accountCodes: approval.accountCodes.join(', '),
    conditions: approval.conditions,
  };
}

/**
 * The version the council was shown: the latest printed one; null before any is.
 * @param {MemoView} memo
 * @returns {number | null}
 */
export function printedVersion(memo) {
  const printed = memo.versions.filter((v) => v.printedAt);
  return printed.length === 0 ? null : printed[printed.length - 1].version;
}

/** @param {Outcome} outcome */
export function authorises(outcome) {
  return outcome === 'approved' || outcome === 'approvedAsAmended';
}

/**
 * What is sent to the core, and the problems found before sending: a date the core's
 * reader could not read (its sentence, under its box). The amount goes as typed when it
 * is not one, so the core's sentence says why.
 * A contract-level action with no contract chosen is refused here, beside the picker.
 * @param {CouncilForm} form
 * @param {Target} target
 * @param {Record<DateBox, DateReading>} dates  how the core read each date box
 * @returns {{input: ApprovalInput, problems: FieldError[]}}
 */
export function approvalInput(form, target, dates) {
  /** @type {FieldError[]} */
  const problems = [];
  /** @param {DateBox} box */
  const date = (box) => {
    const reading = dates[box];
    if (reading.problem) problems.push({ field: box, label: DATE_LABELS[box], message: reading.problem });
    return reading.date;
  };
  if (target.memoId === null && target.contractId === null) {
    problems.push({ field: 'contractId', label: 'Contract', message: 'choose the library contract the council acted on.' });
  }
  const amount = form.notToExceed.trim();
  const input = {
    memoId: target.memoId,
    memoVersion: target.memoVersion,
    contractId: target.contractId,
    outcome: form.outcome,
    meetingDate: date('meetingDate'),
    agendaItem: form.agendaItem.trim(),
    actionNumber: form.actionNumber.trim(),
    notToExceed: amount === '' ? '' : parseAmount(amount) ?? amount,
    termFrom: date('termFrom'),
    termTo: date('termTo'),
    renewalsNeedVote: form.renewalsNeedVote,
    fiscalYears: list(form.fiscalYears),
    accountCodes: list(form.accountCodes),
    conditions: form.conditions.trim(),
  };
  return { input, problems };
}

/**
 * "FY2027, FY2028" or "FY2027; FY2028" as the list of its items.
 * @param {string} text
 */
export function list(text) {
  return text.split(/[,;\n]/).map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * The problems each box shows (its sentences, "Label: message"), and those naming no
 * box of the form, shown above its button.
 * @param {FieldError[]} problems
 * @param {Iterable<string>} boxes  the fields the form has a box for
 * @returns {{byField: Map<string, string>, general: string[]}}
 */
export function placeProblems(problems, boxes) {
  const known = new Set(boxes);
  /** @type {Map<string, string>} */
  const byField = new Map();
  const general = [];
  for (const problem of problems) {
    const sentence = problem.label ? `${problem.label}: ${problem.message}` : problem.message;
    if (!known.has(problem.field)) {
      general.push(sentence);
      continue;
    }
    const before = byField.get(problem.field);
    byField.set(problem.field, before ? `${before} ${sentence}` : sentence);
  }
  return { byField, general };
}

/**
 * The council's actions on this memo, latest meeting first.
 * @param {ApprovalSummary[]} all
 * @param {number} memoId
 * @returns {ApprovalSummary[]}
 */
export function actionsOnMemo(all, memoId) {
  return all
    .filter((row) => row.approval.memoId === memoId)
    .sort((a, b) => b.approval.meetingDate.localeCompare(a.approval.meetingDate) || b.approval.id - a.approval.id);
}

/**
 * Whether the form is still offered: no action on file approved the memo (one tabled or
 * denied may come back to the council).
 * @param {ApprovalSummary[]} actions
 */
export function mayRecord(actions) {
  return !actions.some((row) => authorises(row.approval.outcome));
}

/** @param {Outcome} outcome */
export function outcomeWords(outcome) {
  return OUTCOMES.find(([value]) => value === outcome)?.[1] ?? outcome;
}

/**
 * The action in one line: "Approved at the meeting of Jan 13, 2026 — Resolution
 * 2026-14 — not to exceed $180,000.00 (version 1)".
 * @param {Approval} approval
 */
export function actionLine(approval) {
  return [
    `${outcomeWords(approval.outcome)} at the meeting of ${formatDate(approval.meetingDate)}`,
    approval.actionNumber || null,
    approval.agendaItem || null,
    approval.notToExceed === null ? null : `not to exceed ${formatMoney(approval.notToExceed)}`,
    approval.memoVersion === null ? null : `memo version ${approval.memoVersion}`,
  ].filter((part) => part !== null).join(' — ');
}

/**
 * What the memo's history line adds once the council acted: "approved by the council
 * Jan 13, 2026 (Resolution 2026-14)"; empty before.
 * @param {ApprovalSummary[]} actions  latest first
 */
export function historyNote(actions) {
  const latest = actions[0]?.approval;
  if (!latest) return '';
  const number = latest.actionNumber ? ` (${latest.actionNumber})` : '';
  return `${outcomeWords(latest.outcome).toLowerCase()} by the council ${formatDate(latest.meetingDate)}${number}`;
}
