// @ts-check
/**
 * The contract detail pane's "Purchases" tab: the council's actions on this contract,
 * each with where it stands — authorised, committed, invoiced, paid, remaining, the burn
 * rate and the day the authority runs out (the core's figures, `contract_approvals`) —
 * a way to each in Spending, and "Record a council action" for an approval made before
 * CoopDesk (the memo page's form, `memos/council.js`).
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate } from '../format.js';
import { startWith } from '../intent.js';
import { approvalForm } from './memos/council.js';
import { blankCouncilForm } from './memos/council-state.js';
import { figureLines } from './spending/action-state.js';
import { actionLabel, outcomeWords } from './spending/state.js';

/**
 * The tab's content for `contract`.
 * @param {api.Contract} contract
 * @returns {Promise<HTMLElement>}
 */
export async function purchases(contract) {
  const id = /** @type {number} */ (contract.id);
  const box = h('div', { class: 'contract-purchases' });
  const form = blankCouncilForm();
  await render('');
  return box;

  /** @param {string} said  what was just recorded, in a sentence */
  async function render(said) {
    const actions = await api.contractApprovals(id);
    replace(box,
      h('p', { class: 'save-status', role: 'status' }, said),
      actions.length === 0
        ? h('p', { class: 'muted' }, 'No council action is recorded on this contract yet.')
        : h('ul', { class: 'contract-actions' }, actions.map(actionCard)),
      h('details', { class: 'council-record', open: said === '' && actions.length === 0 },
        h('summary', {}, 'Record a council action on this contract'),
        h('p', { class: 'hint' }, 'For an approval made before CoopDesk, or one with no memo.'),
        approvalForm({
          prefix: 'pane-council',
          form,
          target: () => ({ memoId: null, memoVersion: null, contractId: id }),
          submitWords: 'Record the action',
          send: (input) => api.recordApproval(input),
          done: async (approval) => {
            Object.assign(form, blankCouncilForm());
            document.dispatchEvent(new CustomEvent('coopdesk:changed'));
            await render(`Recorded ${approval.actionNumber || 'the council’s action'} of ${formatDate(approval.meetingDate)}.`);
          },
        })));
  }
}

/** @param {api.ApprovalSummary} row */
function actionCard(row) {
  const headingId = `contract-action-${row.approval.id}`;
  return h('li', { class: 'contract-action' },
    h('h3', { id: headingId }, `${outcomeWords(row.approval.outcome)}: ${actionLabel(row)}`),
    h('dl', { class: 'facts figures', 'aria-labelledby': headingId },
      figureLines(row.figures).flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
    h('button', {
      type: 'button', class: 'link', 'aria-describedby': headingId,
      onclick: () => startWith({ screen: 'spending', approvalId: row.approval.id }),
    }, 'Open in Spending'));
}
