// @ts-check
/**
 * The Memos screen: the staff reports, and the editor where the clerk adjusts one beside
 * its preview.
 *
 * This module is the list; the editor is `memos/editor.js`, with its state (`state.js`)
 * and its form (`form.js`).
 *
 * A memo is composed by the core from a comparison, its recommended option's contract
 * and the settings; every section arrives prefilled. The clerk's edits are saved as they
 * type (a printed version is never changed: the core starts the next version). The
 * preview is the core's own rendering of the same document that prints, so what is seen
 * is what prints.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';
import { startWith, takeIntent } from '../intent.js';
import { setLeaveGuard } from '../leave.js';
import { openEditor } from './memos/editor.js';

/** @param {HTMLElement} main */
export async function show(main) {
  await showList(main);
}

// ---------------------------------------------------------------------------------------
// The list

/**
 * @param {HTMLElement} main
 * @param {string} [notice]
 */
async function showList(main, notice) {
  setLeaveGuard(null);
  const [memos, candidates] = await Promise.all([api.listMemos(), api.memoCandidates()]);
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' }, notice ?? '');
  const picker = newMemoPicker(main, candidates, status, takeIntent('memos'));

  if (memos.length === 0) {
    replace(main,
      h('h1', {}, 'Memos'),
      h('p', { class: 'lede' }, 'Print a staff report the council or board can approve: the recommendation, the contract’s due diligence, the cost comparison and the fiscal impact.'),
      h('div', { class: 'empty' },
        h('p', {}, 'A memo is written from a comparison: it recommends one of its options bought through a cooperative contract in your library, and prints the comparison’s figures beside the contract’s due diligence.'),
        picker),
      status);
    return;
  }

  const table = h('table', { class: 'memos' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Subject'),
      h('th', { scope: 'col' }, 'Version'),
      h('th', { scope: 'col' }, 'State'),
      h('th', { scope: 'col' }, 'Last changed'))),
    h('tbody', {}, memos.map((memo) => h('tr', {},
      h('td', {}, memoLink(main, memo)),
      h('td', { class: 'num' }, String(memo.version)),
      h('td', {}, memo.printedAt ? `Printed ${formatDateTime(memo.printedAt)}` : 'Draft'),
      h('td', {}, formatDateTime(memo.updatedAt))))));

  replace(main,
    h('h1', {}, 'Memos'),
    h('p', { class: 'lede' }, 'Staff reports for the council or board. A printed version is kept exactly as printed; editing it makes the next version.'),
    picker,
    status,
    table);
}

/**
 * A memo's subject, the button that opens it: a justification memo in the editor here, a
 * renewal memo under the council action it was written from, in Spending.
 * @param {HTMLElement} main
 * @param {api.MemoSummary} memo
 */
function memoLink(main, memo) {
  const approvalId = memo.renewalOf;
  if (approvalId === null) {
    return h('button', { type: 'button', class: 'link', onclick: () => openMemo(main, memo.id) }, memo.title);
  }
  return [
    h('button', {
      type: 'button', class: 'link', 'aria-describedby': `memo-${memo.id}-kind`,
      onclick: () => startWith({ screen: 'spending', approvalId, renewalMemoId: memo.id }),
    }, memo.title),
    h('span', { class: 'muted memo-row-kind', id: `memo-${memo.id}-kind` }, ' Renewal memo: opens under its council action, in Spending.'),
  ];
}

/**
 * "New memo": the comparison options a memo can recommend; those of the contract or the
 * comparison the clerk came from (`intent.js`) listed first and chosen.
 * @param {HTMLElement} main
 * @param {api.MemoCandidate[]} all
 * @param {HTMLElement} status
 * @param {import('../intent.js').Intent | null} intent
 */
function newMemoPicker(main, all, status, intent) {
  const chosen = intent?.screen === 'memos' ? all.filter((c) => startsFrom(c, intent)) : [];
  const candidates = [...chosen, ...all.filter((c) => !chosen.includes(c))];
  const missing = intent?.screen === 'memos' && chosen.length === 0
    ? h('p', { class: 'notice', role: 'status', id: 'memo-from-missing' }, intent.contract
      ? `No saved comparison buys through ${intent.contract.cooperative} ${intent.contract.contractNumber} yet. In the Library, choose “Compare options with this contract”, enter the costs and save; then write the memo.`
      : 'This comparison has no option linked to a library contract yet: set an option to “Cooperative contract”, choose its contract and save; then write the memo.')
    : null;
  if (candidates.length === 0) {
    return h('div', { class: 'notice' },
      missing,
      h('p', {}, 'No comparison has an option linked to a library contract yet. In Comparisons, open one, set an option to “Cooperative contract” and choose its contract; then come back here.'));
  }
  const select = h('select', { id: 'memo-candidate' },
    candidates.map((c, index) => h('option', { value: index, selected: index === 0 && chosen.length > 0 },
      `${c.comparisonTitle} — ${c.option} (${c.cooperative} ${c.contractNumber}, ${c.vendorName})`)));
  if (chosen.length > 0) window.setTimeout(() => select.focus());
  const create = h('button', {
    type: 'button',
    class: 'primary',
    onclick: async () => {
      const candidate = candidates[Number(select.value)];
      create.disabled = true;
      status.textContent = 'Writing the memo…';
      try {
        const view = await api.createMemo(candidate.comparisonId, candidate.optionId || candidate.option);
        await openMemo(main, view.id, view);
      } catch (error) {
        status.textContent = api.toAppError(error).message;
        create.disabled = false;
      }
    },
  }, 'Write memo');
  return h('div', { class: 'new-memo' },
    missing,
    h('label', { for: 'memo-candidate' }, 'New memo recommending'),
    h('div', { class: 'row' }, select, create));
}

/**
 * Whether a candidate is one of those the clerk came for: an option buying through the
 * contract, or an option of the comparison.
 * @param {api.MemoCandidate} candidate
 * @param {Extract<import('../intent.js').Intent, {screen: 'memos'}>} intent
 */
function startsFrom(candidate, intent) {
  if (intent.comparisonId !== undefined) return candidate.comparisonId === intent.comparisonId;
  return intent.contract !== undefined
    && candidate.contractNumber === intent.contract.contractNumber
    && candidate.cooperative === intent.contract.cooperative;
}

/**
 * Opens a memo in the editor, whose back button returns here.
 * @param {HTMLElement} main
 * @param {number} id
 * @param {api.MemoView} [opened]  the memo, when the core just gave it
 */
function openMemo(main, id, opened) {
  return openEditor(main, id, opened, () => showList(main));
}
