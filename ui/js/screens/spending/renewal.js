// @ts-check
/**
 * The renewal memo under a council action on the Spending screen: "Write the renewal
 * memo" starts it from the action; each section's prose is editable beside the preview
 * the core renders (the same document its PDF and Word file are made from); "Save the
 * memo", "Save PDF…", "Open to print" and "Save as Word…" go through the memos' own
 * commands. The words are `renewal-state.js`.
 */

import * as api from '../../api.js';
import { coreMarkup, h } from '../../dom.js';
import {
  gapLines, openedRenewal, renewalDraft, unsaved, versionLine, writtenSaid,
} from './renewal-state.js';

/**
 * @typedef {import('./state.js').SpendingState} SpendingState
 * @typedef {import('./action.js').ActionEvents} ActionEvents
 */

/**
 * The button that starts the renewal memo from the chosen action.
 * @param {SpendingState} state
 * @param {ActionEvents} events
 * @param {number} approvalId
 */
export function renewalButton(state, events, approvalId) {
  return h('button', {
    type: 'button', id: 'renewal-memo-open',
    onclick: async () => {
      try {
        state.renewal = openedRenewal(await api.createRenewalMemo(approvalId),
          { text: 'Started the renewal memo from this action: every section is prefilled from the library.', problem: false });
      } catch (error) {
        state.renewal = null;
        state.actionStatus = { text: `The renewal memo was not started: ${api.toAppError(error).message}`, problem: true };
        events.redraw('renewal-memo-open');
        return;
      }
      events.redraw('renewal-heading');
      document.getElementById('renewal-heading')?.scrollIntoView({ block: 'start' });
    },
  }, 'Write the renewal memo');
}

/**
 * The renewal memo being written for the chosen action, if one is open.
 * @param {SpendingState} state
 * @param {ActionEvents} events
 */
export function renewalEditor(state, events) {
  const renewal = state.renewal;
  if (!renewal || renewal.approvalId !== state.selected) return null;
  const view = renewal.view;
  const gaps = gapLines(view);
  return h('section', { class: 'renewal-memo', 'aria-labelledby': 'renewal-heading' },
    h('h3', { id: 'renewal-heading', tabindex: -1 }, `Renewal memo ${view.id}: ${view.title}`),
    h('p', { class: 'version-line' }, versionLine(view)),
    gaps.length === 0 ? null : h('div', { class: 'renewal-gaps' },
      h('h4', {}, 'Left to fill in before printing'),
      h('ul', {}, gaps.map((line) => h('li', {}, line)))),
    h('div', { class: 'memo-editor renewal-editor' },
      h('form', { class: 'memo-form', novalidate: true, onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
        view.sections.map((section) => h('div', { class: 'field section-field' },
          h('label', { for: `renewal-section-${section.section}` }, section.heading),
          h('textarea', {
            id: `renewal-section-${section.section}`, rows: 5,
            oninput: (/** @type {Event} */ e) => {
              renewal.texts[section.section] = /** @type {HTMLTextAreaElement} */ (e.target).value;
            },
          }, renewal.texts[section.section] ?? section.text))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', id: 'renewal-save', class: 'primary', onclick: () => save(state, events) }, 'Save the memo'),
          h('button', { type: 'button', id: 'renewal-pdf', onclick: () => write(state, events, 'pdf') }, 'Save PDF…'),
          h('button', { type: 'button', id: 'renewal-print', onclick: () => write(state, events, 'print') }, 'Open to print'),
          h('button', { type: 'button', id: 'renewal-docx', onclick: () => write(state, events, 'docx') }, 'Save as Word…')),
        h('p', { class: renewal.status?.problem ? 'save-status problem' : 'save-status', role: 'status' }, renewal.status?.text ?? '')),
      h('section', { class: 'memo-preview-pane', 'aria-label': 'Preview of the renewal memo' },
        h('p', { class: 'hint' }, 'As it prints: the same document the PDF and the Word file are made from.'),
        h('div', { class: 'memo-preview', id: 'renewal-preview', 'aria-label': 'Preview of the printed renewal memo', tabindex: 0 },
          coreMarkup(view.html)))));
}

/**
 * Saves what was typed (a new version when the latest was printed).
 * @param {SpendingState} state
 * @param {ActionEvents} events
 * @returns {Promise<boolean>} whether it was saved
 */
async function save(state, events) {
  const renewal = /** @type {import('./renewal-state.js').RenewalState} */ (state.renewal);
  try {
    const view = await api.saveRenewalMemo(renewal.view.id, renewalDraft(renewal));
    state.renewal = openedRenewal(view, { text: `Saved: ${versionLine(view)}`, problem: false });
    events.redraw('renewal-save');
    return true;
  } catch (error) {
    renewal.status = { text: `Not saved: ${api.toAppError(error).message}`, problem: true };
    events.redraw('renewal-save');
    return false;
  }
}

/**
 * "Save PDF…", "Open to print", "Save as Word…": saves what was typed first, then writes
 * the latest version through the memos' commands.
 * @param {SpendingState} state
 * @param {ActionEvents} events
 * @param {'pdf' | 'docx' | 'print'} how
 */
async function write(state, events, how) {
  const before = /** @type {import('./renewal-state.js').RenewalState} */ (state.renewal);
  if (unsaved(before) && !(await save(state, events))) return;
  const renewal = /** @type {import('./renewal-state.js').RenewalState} */ (state.renewal);
  const id = renewal.view.id;
  try {
    const path = how === 'pdf' ? await api.saveMemoPdf(id, null)
      : how === 'docx' ? await api.saveMemoDocx(id, null)
        : await api.openMemoToPrint(id, null);
    state.renewal = openedRenewal(await api.getRenewalMemo(id), { text: writtenSaid(how, path), problem: false });
  } catch (error) {
    renewal.status = { text: `Not written: ${api.toAppError(error).message}`, problem: true };
  }
  events.redraw(`renewal-${how}`);
}
