// Unit tests of "Record the council's action" on a memo (`ui/js/screens/memos/council-state.js`),
// with node's own test runner: `node --test tests/ui/`. The form is prefilled from the
// printed memo, sends the council's figures exactly, and puts each problem under its box.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  actionLine, actionsOnMemo, approvalInput, historyNote, list, mayRecord, newCouncilForm, placeProblems,
  printedVersion,
} from '../../ui/js/screens/memos/council-state.js';

/** A memo whose version 1 was printed and version 2 is a draft, or none printed. */
function memo(printed = true) {
  return {
    id: 7, title: 'Purchase of mowers', comparisonId: 2, version: 2, printedAt: null,
    versions: [
      { version: 1, savedAt: '2026-12-01T10:00:00', printedAt: printed ? '2026-12-01T10:05:00' : null },
      { version: 2, savedAt: '2026-12-02T10:00:00', printedAt: null },
    ],
    draft: { option: 'Cooperative', inputs: { agendaItem: 'Consent item 7.B', amount: '180000.5', signers: [] }, sections: {} },
    sections: [], html: '', changes: [], fileName: '',
  };
}

const ON_MEMO = { memoId: 7, memoVersion: 1, contractId: null };
const NOTHING = { date: null, readAs: '', problem: null };
const on = (date) => ({ date, readAs: date, problem: null });

/** A recorded action on memo `memoId`. */
function action(id, memoId, outcome, meetingDate, notToExceed = '180000.50') {
  return {
    approval: {
      id, contractId: 3, memoId, memoVersion: 1, outcome, meetingDate, agendaItem: 'Item 7.B',
      actionNumber: `Resolution 2027-0${id}`, notToExceed, termFrom: null, termTo: null, renewalsNeedVote: true,
      fiscalYears: [], accountCodes: [], conditions: '', documentIds: [], revision: 1, recordedAt: '2027-01-14T09:00:00',
    },
    contractNumber: '091521-NAF', contractTitle: 'Fleet', vendor: 'Ñandú', figures: {},
  };
}

test('the form is prefilled from the memo, for its latest printed version', () => {
  const form = newCouncilForm(memo());
  assert.equal(form.outcome, 'approved');
  assert.equal(form.agendaItem, 'Consent item 7.B');
  assert.equal(form.notToExceed, '$180,000.50');
  assert.equal(printedVersion(memo()), 1, 'the draft version 2 was not shown to the council');
  assert.equal(printedVersion(memo(false)), null);
});

test('the action is sent with the amount exact, the dates as read and the lists split', () => {
  const form = {
    ...newCouncilForm(memo()), outcome: 'approvedAsAmended', actionNumber: ' Resolution 2027-04 ', notToExceed: '$1,234,567.89',
    fiscalYears: 'FY2027, FY2028;', accountCodes: '101-4410\n101-4420', conditions: ' Insurance certificate first. ',
  };
  const dates = { meetingDate: on('2027-01-13'), termFrom: on('2027-02-01'), termTo: NOTHING };
  const { input, problems } = approvalInput(form, ON_MEMO, dates);
  assert.deepEqual(problems, []);
  assert.deepEqual(input, {
    memoId: 7, memoVersion: 1, contractId: null, outcome: 'approvedAsAmended', meetingDate: '2027-01-13',
    agendaItem: 'Consent item 7.B', actionNumber: 'Resolution 2027-04', notToExceed: '1234567.89',
    termFrom: '2027-02-01', termTo: null, renewalsNeedVote: true, fiscalYears: ['FY2027', 'FY2028'],
    accountCodes: ['101-4410', '101-4420'], conditions: 'Insurance certificate first.',
  });
});

test('an amount that does not read goes as typed, for the core to say why; tabled sends none', () => {
  const dates = { meetingDate: on('2027-01-13'), termFrom: NOTHING, termTo: NOTHING };
  const typed = approvalInput({ ...newCouncilForm(memo()), notToExceed: 'about 180k' }, ON_MEMO, dates);
  assert.equal(typed.input.notToExceed, 'about 180k');
  const tabled = approvalInput({ ...newCouncilForm(memo()), outcome: 'tabled', notToExceed: '  ' }, ON_MEMO, dates);
  assert.equal(tabled.input.notToExceed, '');
});

test('a date the reader could not read is a problem under its box, and nothing is sent', () => {
  const dates = {
    meetingDate: { date: null, readAs: '', problem: '“13/13/2027” is not a date.' },
    termFrom: NOTHING, termTo: NOTHING,
  };
  const { problems } = approvalInput(newCouncilForm(memo()), ON_MEMO, dates);
  assert.deepEqual(problems, [{ field: 'meetingDate', label: 'Meeting date', message: '“13/13/2027” is not a date.' }]);
});

test('the core\'s problems go under the boxes they name; others above the button', () => {
  const { byField, general } = placeProblems([
    { field: 'meetingDate', label: 'Meeting date', message: 'is required (YYYY-MM-DD).' },
    { field: 'notToExceed', label: 'Not-to-exceed', message: 'is negative.' },
    { field: 'notToExceed', label: 'Not-to-exceed', message: 'has more than two decimals.' },
    { field: 'memoId', label: 'Memo', message: 'version 2 of memo 7 was never printed.' },
  ], ['meetingDate', 'notToExceed', 'termTo']);
  assert.equal(byField.get('meetingDate'), 'Meeting date: is required (YYYY-MM-DD).');
  assert.equal(byField.get('notToExceed'), 'Not-to-exceed: is negative. Not-to-exceed: has more than two decimals.');
  assert.deepEqual(general, ['Memo: version 2 of memo 7 was never printed.']);
});

test('a memo\'s actions are its own, latest meeting first; approved closes the form', () => {
  const all = [action(1, 7, 'tabled', '2026-12-15', null), action(2, 8, 'approved', '2027-01-13'), action(3, 7, 'approved', '2027-01-13')];
  const mine = actionsOnMemo(all, 7);
  assert.deepEqual(mine.map((row) => row.approval.id), [3, 1]);
  assert.equal(mayRecord([all[0]]), true, 'a tabled item comes back to the council');
  assert.equal(mayRecord(mine), false);
  assert.equal(mayRecord([]), true);
});

test('the action and the history line say what the council did, with its figures', () => {
  const line = actionLine(action(3, 7, 'approved', '2027-01-13').approval);
  assert.match(line, /^Approved at the meeting of Jan 13, 2027 — Resolution 2027-03 — Item 7\.B — not to exceed \$180,000\.50 — memo version 1$/);
  assert.doesNotMatch(actionLine(action(1, 7, 'denied', '2027-01-13', null).approval), /not to exceed/);
  assert.equal(historyNote([action(3, 7, 'approved', '2027-01-13')]), 'approved by the council Jan 13, 2027 (Resolution 2027-03)');
  assert.equal(historyNote([]), '');
  assert.deepEqual(list(' , FY2027 ,, '), ['FY2027']);
});
