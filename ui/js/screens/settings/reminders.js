// @ts-check
/**
 * The Settings' "Reminders: what comes due" section: the default lead time of renewal
 * decisions and the minimum insurance limits a certificate must show, saved on their own
 * ("Save reminders") through the Needs-action list's settings commands. Its state and
 * words are `reminders-state.js`; this file draws them and asks the core.
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { KINDS } from '../due/kinds.js';
import * as change from './reminders-state.js';

/**
 * The section; it fills itself once the core answers.
 * @returns {HTMLElement}
 */
export function remindersSection() {
  const section = h('section', { class: 'reminders', 'aria-labelledby': 'reminders-heading' },
    h('h2', { id: 'reminders-heading' }, 'Reminders: what comes due'));
  api.getDueSettings()
    .then((settings) => render(section, change.newRemindersState(settings)))
    .catch((error) => section.append(h('p', { role: 'alert', class: 'field-error' }, api.toAppError(error).message)));
  return section;
}

/**
 * @param {HTMLElement} section
 * @param {change.RemindersState} state
 */
function render(section, state) {
  const leadProblem = change.problemOf(state, 'defaultLeadDays');
  const form = h('form', {
    class: 'reminders-form', novalidate: true,
    onsubmit: (/** @type {Event} */ event) => { event.preventDefault(); save(section, state); },
  },
  h('div', { class: `field${leadProblem ? ' has-error' : ''}`, 'data-field': 'defaultLeadDays' },
    h('label', { for: 'reminders-lead-days' }, 'Lead time for renewal decisions (days)'),
    h('input', {
      id: 'reminders-lead-days', inputmode: 'numeric', size: 6, class: 'short', value: state.leadDays,
      'aria-describedby': leadProblem ? 'reminders-lead-days-hint reminders-lead-days-error' : 'reminders-lead-days-hint',
      'aria-invalid': leadProblem ? 'true' : null,
      oninput: (/** @type {Event} */ e) => change.typedLeadDays(state, /** @type {HTMLInputElement} */ (e.target).value),
    }),
    h('p', { class: 'hint', id: 'reminders-lead-days-hint' },
      'How many days before a contract in use expires its renewal decision is listed under Needs action; approved terms ending and authority running out use it too. 120 unless you change it; a contract’s own lead time (Edit contract) wins. Certificates of insurance are listed ',
      `${change.INSURANCE_NOTICE_DAYS} days before they expire.`),
    leadProblem ? h('p', { class: 'field-error', id: 'reminders-lead-days-error' }, leadProblem) : null),
  h('fieldset', { class: 'minimum-limits' },
    h('legend', {}, 'Minimum insurance limits'),
    h('p', { class: 'hint', id: 'reminders-limits-hint' }, 'The least limit a vendor’s certificate must show per kind of policy, in dollars (e.g. 1,000,000.00). Leave a kind empty to require none. A certificate below them is flagged under Needs action, never refused.'),
    h('div', { class: 'limit-rows' }, KINDS.map(([kind, words]) => limitField(state, kind, words)))),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', id: 'reminders-save', disabled: state.saving }, 'Save reminders'),
    h('p', { class: state.said?.problem ? 'save-status problem' : 'save-status', role: 'status' }, state.said?.text ?? '')));
  replace(section, h('h2', { id: 'reminders-heading' }, 'Reminders: what comes due'), form);
}

/**
 * One kind's minimum: its box, and its problem under it.
 * @param {change.RemindersState} state
 * @param {import('../due/kinds.js').PolicyKind} kind
 * @param {string} words
 */
function limitField(state, kind, words) {
  const id = `reminders-minimum-${kind}`;
  const problem = change.problemOf(state, change.limitField(kind));
  return h('div', { class: `field${problem ? ' has-error' : ''}`, 'data-field': change.limitField(kind) },
    h('label', { for: id }, words),
    h('input', {
      id, inputmode: 'decimal', size: 14, value: state.limits[kind],
      'aria-describedby': problem ? `reminders-limits-hint ${id}-error` : 'reminders-limits-hint',
      'aria-invalid': problem ? 'true' : null,
      oninput: (/** @type {Event} */ e) => change.typedLimit(state, kind, /** @type {HTMLInputElement} */ (e.target).value),
    }),
    problem ? h('p', { class: 'field-error', id: `${id}-error` }, problem) : null);
}

/**
 * "Save reminders": reads the boxes, sends what can be sent, draws what came back and
 * puts the keyboard on the first field in trouble (or back on the button).
 * @param {HTMLElement} section
 * @param {change.RemindersState} state
 */
async function save(section, state) {
  const { settings, problems } = change.readReminders(state);
  if (!settings) {
    change.notSent(state, problems);
  } else {
    change.sending(state);
    render(section, state);
    try {
      change.saved(state, await api.saveDueSettings(settings));
      document.dispatchEvent(new CustomEvent('coopdesk:changed'));
    } catch (error) {
      change.refused(state, settings, api.toAppError(error));
    }
  }
  render(section, state);
  const wrong = section.querySelector('.field.has-error input');
  const target = wrong ?? section.querySelector('#reminders-save');
  if (target instanceof HTMLElement) target.focus();
}
