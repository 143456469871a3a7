// @ts-check
/**
 * The memo editor's state: one plain object, {@link MemoState}, and the named changes the
 * editor makes to it. The core owns the memo (`memo`: its preview, version, sections and
 * warnings); the clerk's edits are the `draft`, sent as they type. Nothing here touches
 * the page or the core (tested in node, `tests/ui/memo-state.test.mjs`).
 */

import { formatDateTime, parseAmount } from '../../format.js';

/**
 * @typedef {import('../../api.js').MemoView} MemoView
 * @typedef {import('../../api.js').MemoDraft} MemoDraft
 * @typedef {import('../../api.js').MemoInputs} MemoInputs
 * @typedef {import('../../api.js').Section} Section
 * @typedef {import('../../api.js').VersionSummary} VersionSummary
 */

/**
 * @typedef {object} MemoState
 * @property {MemoView} memo  the memo as the core last gave it
 * @property {MemoDraft} draft  the clerk's edits
 * @property {boolean} dirty  whether the draft has edits not yet sent
 */

/**
 * The inputs typed as text (the amount and the approval lines have their own changes).
 * @typedef {Exclude<keyof MemoInputs, 'amount' | 'signers' | 'attachments'>} TextInput
 */

/**
 * @param {MemoView} memo
 * @returns {MemoState}
 */
export function newMemoState(memo) {
  return { memo, draft: structuredClone(memo.draft), dirty: false };
}

/**
 * @param {MemoState} state
 * @param {TextInput} key
 * @param {string} value
 */
export function editInput(state, key, value) {
  state.draft.inputs[key] = value;
  state.dirty = true;
}

/**
 * The amount as the clerk types it; what to type instead when it is not an amount (the
 * draft keeps the last amount that was one).
 * @param {MemoState} state
 * @param {string} text
 * @returns {string | null}
 */
export function editAmount(state, text) {
  const amount = parseAmount(text);
  if (amount === null) return 'Enter an amount in dollars and cents, e.g. 180,000.00.';
  state.draft.inputs.amount = amount;
  state.dirty = true;
  return null;
}

/**
 * Whether two decimal strings are the same amount ("720000" and "720000.00" are),
 * compared as text so no amount goes through floating point.
 * @param {string} a
 * @param {string} b
 */
export function sameAmount(a, b) {
  return canonical(a) === canonical(b);
}

/** @param {string} text */
function canonical(text) {
  const match = /^(-?)0*(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text.trim();
  const [, sign, whole, fraction = ''] = match;
  const digits = `${whole || '0'}.${fraction.replace(/0+$/, '')}`.replace(/\.$/, '');
  return digits === '0' ? '0' : `${sign}${digits}`;
}

/**
 * The figure the core made (what the vendor is paid), put back as the amount.
 * @param {MemoState} state
 * @param {string} amount  a decimal string from the core
 */
export function useAmount(state, amount) {
  state.draft.inputs.amount = amount;
  state.dirty = true;
}

/**
 * @param {MemoState} state
 * @param {Section} section
 * @param {string} text
 */
export function editSection(state, section, text) {
  state.draft.sections[section] = text;
  state.dirty = true;
}

/**
 * Goes back to the text the core composes for a section; returns that text.
 * @param {MemoState} state
 * @param {Section} section
 * @param {string} composedAtOpen  the composed text when the editor opened, should the
 *   memo now lack the section
 * @returns {string}
 */
export function resetSection(state, section, composedAtOpen) {
  delete state.draft.sections[section];
  state.dirty = true;
  return state.memo.sections.find((s) => s.section === section)?.composed ?? composedAtOpen;
}

/**
 * @param {MemoState} state
 * @param {number} index
 * @param {'role' | 'name' | 'title'} key
 * @param {string} value
 */
export function editSigner(state, index, key, value) {
  state.draft.inputs.signers[index][key] = value;
  state.dirty = true;
}

/**
 * The edits are being sent: true when there were any (the draft is then no longer dirty).
 * @param {MemoState} state
 */
export function takeEdits(state) {
  if (!state.dirty) return false;
  state.dirty = false;
  return true;
}

/**
 * The core answered with the memo as it now is.
 * @param {MemoState} state
 * @param {MemoView} memo
 */
export function receiveMemo(state, memo) {
  state.memo = memo;
}

/**
 * The memo's version and whether it was printed, in words.
 * @param {MemoView} memo
 */
export function versionLine(memo) {
  return memo.printedAt
    ? `Version ${memo.version} · printed ${formatDateTime(memo.printedAt)} · your next edit starts version ${memo.version + 1}`
    : `Version ${memo.version} · draft`;
}

/**
 * The versions printed so far, oldest first.
 * @param {MemoView} memo
 * @returns {VersionSummary[]}
 */
export function printedVersions(memo) {
  return memo.versions.filter((v) => v.printedAt);
}
