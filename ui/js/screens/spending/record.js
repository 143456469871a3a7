// @ts-check
/**
 * "Record a council action" on the Spending screen, for a library contract with no memo
 * (an approval the council made before CoopDesk): the contract picker, then the same
 * form as a memo's page uses (`memos/council.js`). The draft is kept in the state as it
 * is typed, so a redraw loses nothing.
 */

import * as api from '../../api.js';
import { h } from '../../dom.js';
import { approvalForm } from '../memos/council.js';
import { contractPicker } from './contract-picker.js';
import { chooseContract, startRecording, stopRecording } from './state.js';

/**
 * @typedef {import('./state.js').SpendingState} SpendingState
 * @typedef {object} RecordEvents
 * @property {(focusId: string) => void} redraw  draws the screen again from the state
 * @property {(approval: api.Approval) => Promise<void>} recorded  the core recorded it
 */

/**
 * The button that opens the form, or the form.
 * @param {SpendingState} state
 * @param {RecordEvents} events
 */
export function recordAction(state, events) {
  const recording = state.recording;
  if (!recording) {
    return h('button', {
      type: 'button', id: 'record-action-open',
      onclick: () => {
        startRecording(state);
        events.redraw('record-contract-search');
      },
    }, 'Record a council action…');
  }
  const picker = contractPicker('record', recording.contract, (contract) => chooseContract(state, contract));
  const form = approvalForm({
    prefix: 'record',
    form: recording.form,
    target: () => ({ memoId: null, memoVersion: null, contractId: recording.contract?.id ?? null }),
    picker,
    submitWords: 'Record the action',
    send: (input) => api.recordApproval(input),
    done: async (approval) => {
      stopRecording(state);
      await events.recorded(approval);
    },
  });
  return h('section', { class: 'record-action', 'aria-labelledby': 'record-heading' },
    h('h2', { id: 'record-heading' }, 'Record a council action on a library contract'),
    h('p', {}, 'For an approval made before CoopDesk, or one with no memo. An action on a printed memo is recorded on the memo’s page, which links the version the council saw.'),
    form,
    h('button', {
      type: 'button', id: 'record-action-cancel',
      onclick: () => {
        stopRecording(state);
        events.redraw('record-action-open');
      },
    }, 'Cancel: record nothing'));
}
