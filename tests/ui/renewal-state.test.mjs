// Unit tests of the renewal memo's state on the Spending screen
// (`ui/js/screens/spending/renewal-state.js`), with node's own test runner:
// `node --test tests/ui/`. The core composes and versions the memo; this keeps what is
// typed and says where the memo stands.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  gapLines, openedRenewal, renewalDraft, unsaved, versionLine, writtenSaid,
} from '../../ui/js/screens/spending/renewal-state.js';

function view(overrides = {}) {
  return {
    id: 9, title: 'Renewal of Sourcewell contract 091521-NAF with Tyler', approvalId: 4,
    version: 1, printedAt: null, versions: [],
    draft: { to: 'Council', from: 'Clerk', date: '2026-12-07', agendaItem: '', subject: '', signers: [], sections: {} },
    sections: [
      { section: 'recommendation', heading: 'Recommendation', composed: 'a. Approve [the renewal term];', text: 'a. Approve [the renewal term];', edited: false },
      { section: 'spent', heading: 'Spending by fiscal year', composed: 'As of …', text: 'As of …', edited: false },
    ],
    html: '<h1>x</h1>', fileName: 'Renewal v1.pdf',
    placeholders: [{ place: 'Recommendation', text: '[the renewal term]' }],
    ...overrides,
  };
}

test('a renewal memo opens with each section as it prints and nothing unsaved', () => {
  const renewal = openedRenewal(view());
  assert.equal(renewal.approvalId, 4);
  assert.equal(renewal.texts.recommendation, 'a. Approve [the renewal term];');
  assert.equal(unsaved(renewal), false);
  assert.equal(renewal.status, null);
});

test('what the clerk types is the draft to save, the header kept as it was', () => {
  const renewal = openedRenewal(view());
  renewal.texts.recommendation = 'a. Approve the second renewal to March 31, 2028;';
  assert.equal(unsaved(renewal), true);
  const draft = renewalDraft(renewal);
  assert.equal(draft.to, 'Council');
  assert.equal(draft.date, '2026-12-07');
  assert.deepEqual(draft.sections, {
    recommendation: 'a. Approve the second renewal to March 31, 2028;',
    spent: 'As of …',
  });
});

test('the version line says whether the next change is saved in place or as a new version', () => {
  assert.equal(versionLine(view()), 'Version 1, a draft: saving changes it in place.');
  assert.equal(versionLine(view({ printedAt: '2026-12-07T10:15:00' })),
    'Version 1, printed on Dec 7, 2026: it stays as printed, and the next change is saved as version 2.');
});

test('the gaps are listed with where they print, and each write says what it did', () => {
  assert.deepEqual(gapLines(view()), ['Recommendation: [the renewal term]']);
  assert.equal(writtenSaid('pdf', null), 'Nothing was written: no file was chosen.');
  assert.match(writtenSaid('pdf', '/tmp/r.pdf'), /kept as printed/);
  assert.equal(writtenSaid('docx', '/tmp/r.docx'), 'Saved as Word to /tmp/r.docx.');
});
