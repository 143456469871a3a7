// @ts-check
/**
 * The council's action on a printed memo, on the memo's page: what was recorded (its
 * outcome, meeting, resolution and not-to-exceed, with a way to it in Spending), and the
 * form "Record the council's action" while no action on file approved the memo.
 *
 * The form's words and what it sends are `council-state.js`; the core checks the action
 * (`record_approval`) and its sentences are shown under the boxes they name.
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { clearFieldError, field, showFieldError } from '../../field.js';
import { startWith } from '../../intent.js';
import { readingOf, readTypedDates } from '../../typed-date.js';
import * as council from './council-state.js';

/**
 * The pane for a memo: empty until a version is printed.
 * @param {api.MemoView} memo
 * @param {api.ApprovalSummary[]} actions  those on this memo, latest first
 * @param {() => Promise<void>} recorded  called once the core has recorded an action
 * @returns {HTMLElement | null}
 */
export function councilPane(memo, actions, recorded) {
  const version = council.printedVersion(memo);
  if (version === null) return null;
  return h('section', { class: 'council-action', 'aria-labelledby': 'council-heading' },
    h('h2', { id: 'council-heading', tabindex: -1 }, 'The council’s action'),
    actions.length === 0
      ? h('p', {}, `No action is recorded yet on version ${version}, the version printed for the council.`)
      : h('ul', { class: 'council-actions' }, actions.map(actionItem)),
    council.mayRecord(actions) ? recordForm(memo, version, recorded) : null);
}

/** @param {api.ApprovalSummary} row */
function actionItem({ approval }) {
  return h('li', {},
    h('span', {}, `${council.actionLine(approval)}. `),
    h('button', {
      type: 'button',
      class: 'link',
      onclick: () => startWith({ screen: 'spending', approvalId: approval.id }),
    }, 'Open in Spending'));
}

/**
 * "Record the council's action", folded until the clerk opens it.
 * @param {api.MemoView} memo
 * @param {number} version
 * @param {() => Promise<void>} recorded
 */
function recordForm(memo, version, recorded) {
  const body = approvalForm({
    prefix: 'council',
    form: council.newCouncilForm(memo),
    target: () => ({ memoId: memo.id, memoVersion: version, contractId: null }),
    amountHint: 'Prefilled from the memo’s amount; change it if the council amended it. Empty when tabled or denied.',
    submitWords: 'Record the action',
    send: (input) => api.recordApproval(input),
    done: async () => {
      document.dispatchEvent(new CustomEvent('coopdesk:changed'));
      await recorded();
    },
  });
  return h('details', { class: 'council-record', open: true },
    h('summary', {}, 'Record the council’s action'),
    body);
}

/**
 * What {@link approvalForm} is for: where its ids start, the draft it keeps current as
 * the clerk types (so a redraw loses nothing), what the action is recorded on, and what
 * sending it does.
 * @typedef {object} ApprovalFormOptions
 * @property {string} prefix  each box's id is `${prefix}-${field}`
 * @property {council.CouncilForm} form
 * @property {() => council.Target} target  read when the form is sent
 * @property {HTMLElement} [picker]  a field drawn first (the contract's), whose control
 *   shows the problems the core names `contractId`
 * @property {string} [amountHint]
 * @property {string} submitWords
 * @property {(input: api.ApprovalInput) => Promise<api.Approval>} send
 * @property {(approval: api.Approval) => Promise<void>} done  once the core recorded it
 */

/**
 * The council's action as a form: outcome, meeting, agenda item, resolution number,
 * not-to-exceed, term, renewals, fiscal years, account codes and conditions — to record
 * an action on a memo or a contract, or to amend one on file. The core checks it and
 * its sentences are shown under the boxes they name.
 * @param {ApprovalFormOptions} options
 * @returns {HTMLFormElement}
 */
export function approvalForm({ prefix, form, target, picker, amountHint, submitWords, send, done }) {
  /** @type {Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>} */
  const boxes = new Map();
  const pickerControl = picker?.querySelector('select');
  if (pickerControl) boxes.set('contractId', pickerControl);
  /** Keeps the draft current as the clerk types. */
  const keep = () => Object.assign(form, read());
  /**
   * @param {keyof council.CouncilForm} key
   * @param {string} label
   * @param {{hint?: string, placeholder?: string, date?: boolean}} [options]
   */
  const text = (key, label, options = {}) => {
    const el = h('input', { id: `${prefix}-${key}`, type: 'text', value: String(form[key]), placeholder: options.placeholder, oninput: keep });
    boxes.set(key, el);
    const box = field(el.id, label, el, options.hint);
    if (options.date) box.appendChild(readTypedDates(el));
    return box;
  };
  const outcome = h('select', { id: `${prefix}-outcome`, onchange: keep },
    council.OUTCOMES.map(([value, words]) => h('option', { value, selected: value === form.outcome }, words)));
  boxes.set('outcome', outcome);
  const renewals = h('input', { id: `${prefix}-renewalsNeedVote`, type: 'checkbox', checked: form.renewalsNeedVote, onchange: keep });
  const conditions = h('textarea', { id: `${prefix}-conditions`, rows: 2, oninput: keep });
  conditions.value = form.conditions;
  boxes.set('conditions', conditions);
  const general = h('div', { class: 'form-problems', role: 'alert' });
  const status = h('p', { class: 'save-state', role: 'status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary', id: `${prefix}-submit` }, submitWords);
  const body = h('form', {
    class: 'council-form',
    novalidate: true,
    onsubmit: (/** @type {Event} */ event) => {
      event.preventDefault();
      submit();
    },
  },
    picker ?? null,
    h('div', { class: 'council-grid' },
      field(outcome.id, 'Outcome', outcome),
      text('meetingDate', 'Meeting date', { placeholder: 'e.g. 1/13/2027', date: true }),
      text('agendaItem', 'Agenda item'),
      text('actionNumber', 'Resolution, ordinance or motion number', { placeholder: 'Resolution 2027-04' }),
      text('notToExceed', 'Not to exceed', { hint: amountHint ?? 'Dollars and cents, as the council approved it. Empty when tabled or denied.' }),
      text('termFrom', 'Approved term, from', { placeholder: 'optional', date: true }),
      text('termTo', 'Approved term, to', { placeholder: 'optional', date: true }),
      text('fiscalYears', 'Fiscal years charged', { hint: 'Optional, separated by commas: FY2027, FY2028.' }),
      text('accountCodes', 'Account codes charged', { hint: 'Optional, separated by commas.' })),
    h('div', { class: 'field checkbox' }, renewals, h('label', { for: renewals.id }, 'Each renewal needs a new vote')),
    field(conditions.id, 'Conditions, in the council’s words', conditions),
    general,
    h('div', { class: 'row' }, save, status));
  return body;

  /** @returns {council.CouncilForm} */
  function read() {
    const value = (/** @type {string} */ key) => boxes.get(key)?.value ?? '';
    return {
      outcome: /** @type {api.Outcome} */ (outcome.value),
      meetingDate: value('meetingDate'),
      agendaItem: value('agendaItem'),
      actionNumber: value('actionNumber'),
      notToExceed: value('notToExceed'),
      termFrom: value('termFrom'),
      termTo: value('termTo'),
      renewalsNeedVote: renewals.checked,
      fiscalYears: value('fiscalYears'),
      accountCodes: value('accountCodes'),
      conditions: conditions.value,
    };
  }

  async function submit() {
    for (const el of boxes.values()) clearFieldError(el);
    replace(general);
    keep();
    const dateOf = (/** @type {string} */ key) => readingOf(/** @type {HTMLInputElement} */ (boxes.get(key)));
    const [meetingDate, termFrom, termTo] = await Promise.all(['meetingDate', 'termFrom', 'termTo'].map(dateOf));
    const { input, problems } = council.approvalInput(form, target(), { meetingDate, termFrom, termTo });
    if (problems.length > 0) {
      show(problems);
      return;
    }
    save.disabled = true;
    status.textContent = 'Recording…';
    try {
      const approval = await send(input);
      status.textContent = 'Recorded';
      await done(approval);
    } catch (error) {
      const problem = api.toAppError(error);
      status.textContent = '';
      show(problem.fields?.length ? problem.fields : [{ field: '', label: '', message: problem.message }]);
    } finally {
      save.disabled = false;
    }
  }

  /** @param {api.FieldError[]} problems */
  function show(problems) {
    const { byField, general: others } = council.placeProblems(problems, boxes.keys());
    /** @type {HTMLElement | null} */
    let first = null;
    for (const [key, sentence] of byField) {
      const el = /** @type {HTMLElement} */ (boxes.get(key));
      showFieldError(el, sentence, true);
      first ??= el;
    }
    replace(general, others.map((sentence) => h('p', {}, sentence)));
    (first ?? save).focus();
  }
}
