// Unit tests of the memo editor's state (`ui/js/screens/memos/state.js`), with node's own
// test runner: `node --test tests/ui/`. The draft holds the clerk's edits until they are
// sent; an amount that does not read never replaces one that did.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  editAmount, editInput, editSection, newMemoState, printedVersions, resetSection, sameAmount, takeEdits,
  useAmount, versionLine,
} from '../../ui/js/screens/memos/state.js';

/** A memo at `version`, printed or not, with one composed section. */
function memo(version, printedAt = null) {
  return {
    id: 1, title: 'Purchase of mowers', comparisonId: 2, version, printedAt,
    versions: [{ version: 1, savedAt: '2026-12-01T10:00:00', printedAt: '2026-12-01T10:05:00' }, { version: 2, savedAt: '2026-12-02T10:00:00', printedAt: null }],
    draft: { option: 'Cooperative', inputs: { to: '', amount: '1200', signers: [] }, sections: {} },
    sections: [{ section: 'recommendation', heading: 'Recommendation', composed: 'Staff recommends…', text: 'Staff recommends…', edited: false }],
    html: '', changes: [], fileName: '',
  };
}

test('an edit marks the draft for sending, once', () => {
  const state = newMemoState(memo(1));
  assert.equal(takeEdits(state), false, 'nothing to send at first');
  editInput(state, 'to', 'Honorable Mayor');
  assert.equal(state.draft.inputs.to, 'Honorable Mayor');
  assert.equal(state.memo.draft.inputs.to, '', 'the core\'s memo is not the draft');
  assert.equal(takeEdits(state), true);
  assert.equal(takeEdits(state), false, 'sent edits are not sent again');
});

test('an amount is stored exactly, and text that is not one leaves the last amount', () => {
  const state = newMemoState(memo(1));
  assert.equal(editAmount(state, '$180,000.50'), null);
  assert.equal(state.draft.inputs.amount, '180000.5');
  takeEdits(state);
  assert.match(editAmount(state, 'twelve') ?? '', /Enter an amount/);
  assert.equal(state.draft.inputs.amount, '180000.5');
  assert.equal(takeEdits(state), false, 'nothing to send for an amount that does not read');
});

test('a rewritten section goes back to the composed text', () => {
  const state = newMemoState(memo(1));
  editSection(state, 'recommendation', 'Approve the mowers.');
  assert.equal(state.draft.sections.recommendation, 'Approve the mowers.');
  assert.equal(resetSection(state, 'recommendation', ''), 'Staff recommends…');
  assert.equal('recommendation' in state.draft.sections, false, 'the core composes it again');
});

test('the version line says whether the next edit starts a new version', () => {
  assert.equal(versionLine(memo(2)), 'Version 2 · draft');
  assert.match(versionLine(memo(1, '2026-12-01T10:05:00')), /^Version 1 · printed .* · your next edit starts version 2$/);
  assert.deepEqual(printedVersions(memo(2)).map((v) => v.version), [1]);
});

test('the vendor\'s figure put back is an edit to send, compared as text not as a float', () => {
  const state = newMemoState(memo(2));
  assert.equal(sameAmount('720000', '720000.00'), true);
  assert.equal(sameAmount('0720000.10', '720000.1'), true);
  assert.equal(sameAmount('-0.00', '0'), true);
  assert.equal(sameAmount('9007199254740993.00', '9007199254740992'), false, 'past a float\'s exact integers');
  assert.equal(sameAmount(state.draft.inputs.amount, '1200.00'), true);
  useAmount(state, '766525.00');
  assert.equal(state.draft.inputs.amount, '766525.00');
  assert.equal(takeEdits(state), true);
});
