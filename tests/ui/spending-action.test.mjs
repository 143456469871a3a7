// Unit tests of one council action's words on the Spending screen and the contract's
// "Purchases" tab (`ui/js/screens/spending/action-state.js`), of recording and amending
// an action (`spending/state.js`, `memos/council-state.js`), with node's own test
// runner: `node --test tests/ui/`. Every figure is the core's string, formatted, never
// recomputed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  changeOrderInput, citedDocuments, figureLines, historyLines, statusChoices, statusSaid, termLine, varianceBasis, varianceRows,
} from '../../ui/js/screens/spending/action-state.js';
import {
  chooseContract, newSpendingState, recorded, select, showDocuments, showVariance, showView, startAmending,
  startRecording, stopAmending, stopRecording, emptyForm,
} from '../../ui/js/screens/spending/state.js';
import { amendmentForm, approvalInput, blankCouncilForm } from '../../ui/js/screens/memos/council-state.js';

const FIGURES = {
  authorised: '74360.00', committed: '17500.00', invoiced: '22500.00', paid: '10000.00',
  remaining: '34360.00', burnRate: '2216.32', runsOutOn: '2028-03-22',
};

function approval(overrides = {}) {
  return {
    id: 5, contractId: 3, memoId: null, memoVersion: null, outcome: 'approved',
    meetingDate: '2026-01-13', agendaItem: 'Consent 7.B', actionNumber: 'Resolution 2026-04',
    notToExceed: '74360.00', termFrom: '2026-02-01', termTo: null, renewalsNeedVote: false,
    fiscalYears: ['FY2026', 'FY2027'], accountCodes: ['101-4200'], conditions: 'Report quarterly.',
    documentIds: [12], revision: 2, recordedAt: '2026-01-14T09:00:00', ...overrides,
  };
}

function view(overrides = {}) {
  return {
    summary: { approval: approval(overrides), contractNumber: '070924-SCC', contractTitle: 'Office', vendor: 'Staples', figures: FIGURES },
    orders: [], history: [],
  };
}

const ON = (date) => ({ date, readAs: date, problem: null });
const NOTHING = { date: null, readAs: '', problem: null };

test('the figures are labelled lines of the core\'s amounts, with the burn rate and run-out day', () => {
  assert.deepEqual(figureLines(FIGURES), [
    ['Authorised', '$74,360.00'], ['Committed (open POs)', '$17,500.00'], ['Invoiced', '$22,500.00'],
    ['Paid', '$10,000.00'], ['Remaining', '$34,360.00'], ['Burn rate', '$2,216.32 a month'],
    ['Runs out on', 'Mar 22, 2028'],
  ]);
  const fresh = figureLines({ ...FIGURES, invoiced: '0.00', burnRate: null, runsOutOn: null });
  assert.deepEqual(fresh.slice(5), [['Burn rate', 'Nothing invoiced yet'], ['Runs out on', 'Not known until something is invoiced']]);
  const spent = figureLines({ ...FIGURES, remaining: '-40.00', runsOutOn: null });
  assert.deepEqual(spent[4], ['Remaining', '−$40.00']);
  assert.deepEqual(spent[6], ['Runs out on', 'Nothing remains']);
});

test('the term is said as far as it is known, with the revision', () => {
  assert.equal(termLine(approval({ termTo: '2027-06-30' })), 'Term: Feb 1, 2026 to Jun 30, 2027. Revision 2.');
  assert.equal(termLine(approval()), 'Term: from Feb 1, 2026, with no end given. Revision 2.');
  assert.equal(termLine(approval({ termFrom: null, termTo: '2027-06-30' })), 'Term: until Jun 30, 2027. Revision 2.');
  assert.equal(termLine(approval({ termFrom: null })), 'No term given. Revision 2.');
});

test('the variance rows are the engine\'s figures, signed, with a dash where nothing was projected', () => {
  const variance = {
    approvalId: 5, firstMonth: 7,
    basis: { kind: 'compared', memoId: 7, memoVersion: 1, comparison: 'Mowers', option: 'Sourcewell' },
    years: [
      { fiscalYear: 'FY2027', upFront: '5000.00', projected: '65000.00', invoiced: '70000.00', variance: '5000.00', percent: '7.69' },
      { fiscalYear: 'FY2028', upFront: '0.00', projected: '60000.00', invoiced: '45000.00', variance: '-15000.00', percent: '-25.00' },
      { fiscalYear: 'FY2029', upFront: '0.00', projected: '60000.00', invoiced: '60000.00', variance: '0.00', percent: '0.00' },
      { fiscalYear: 'FY2031', upFront: '0.00', projected: null, invoiced: '1200.00', variance: null, percent: null },
    ],
  };
  assert.deepEqual(varianceRows(variance), [
    ['FY2027', '$65,000.00', '$70,000.00', '+$5,000.00', '+7.69 %'],
    ['FY2028', '$60,000.00', '$45,000.00', '−$15,000.00', '−25.00 %'],
    ['FY2029', '$60,000.00', '$60,000.00', '$0.00', '0.00 %'],
    ['FY2031', '—', '$1,200.00', '—', '—'],
  ]);
  assert.equal(varianceBasis(variance), 'Projected: “Sourcewell” in “Mowers”, as memo 7 version 1 showed the council.');
  const none = { ...variance, basis: { kind: 'noComparison', reason: 'the action was recorded on the contract, with no memo.' } };
  assert.match(varianceBasis(none), /^No approved comparison: the action was recorded on the contract, with no memo\. /);
});

test('the history reads newest first, an amendment with each change old to new, overrides left out', () => {
  const entries = [
    { approvalId: 5, subject: 'approval', subjectId: 5, at: '2026-01-14T09:00:00', action: 'create', changes: [{ field: 'notToExceed', label: 'Not-to-exceed', old: '', new: '74360.00' }], rule: null, sentence: null, reason: null },
    { approvalId: 5, subject: 'purchaseOrder', subjectId: 1, at: '2026-03-02T09:00:00', action: 'override', changes: [], rule: 'notToExceed', sentence: 'Past.', reason: 'Emergency' },
    { approvalId: 5, subject: 'approval', subjectId: 5, at: '2026-06-10T09:00:00', action: 'update', changes: [{ field: 'notToExceed', label: 'Not-to-exceed', old: '74360.00', new: '80000.00' }], rule: null, sentence: null, reason: null },
    { approvalId: 5, subject: 'approval', subjectId: 5, at: '2026-06-11T09:00:00', action: 'update', changes: [{ field: 'documents', label: 'Documents', old: '', new: 'Resolution.pdf' }], rule: null, sentence: null, reason: null },
  ];
  assert.deepEqual(historyLines(entries), [
    { when: 'Jun 11, 2026', what: 'Council action document attached', changes: ['Documents: Resolution.pdf'] },
    { when: 'Jun 10, 2026', what: 'Council action amended', changes: ['Not-to-exceed: 74360.00 → 80000.00'] },
    { when: 'Jan 14, 2026', what: 'Council action recorded', changes: ['Not-to-exceed: 74360.00'] },
  ]);
});

test('an open PO is closed or cancelled, a closed or cancelled one reopened, and the sentence says which', () => {
  assert.deepEqual(statusChoices({ status: 'open' }).map(([s]) => s), ['closed', 'cancelled']);
  assert.deepEqual(statusChoices({ status: 'closed' }), [['open', 'Reopen PO']]);
  assert.deepEqual(statusChoices({ status: 'cancelled' }), [['open', 'Reopen PO']]);
  assert.equal(statusSaid('4500-0113', 'cancelled', false), 'PO 4500-0113 cancelled.');
  assert.equal(statusSaid('4500-0113', 'open', true), 'PO 4500-0113 reopened, with the override reason.');
});

test('a change order is sent as typed, and a date that could not be read is named', () => {
  const { input, problems } = changeOrderInput('4500-0113', { amount: ' -500.00 ', reason: ' Fewer units ' }, ON('2026-07-01'));
  assert.deepEqual(input, { poNumber: '4500-0113', date: '2026-07-01', amount: '-500.00', reason: 'Fewer units' });
  assert.deepEqual(problems, []);
  const bad = changeOrderInput('4500-0113', {}, { date: null, readAs: '', problem: '7/45/2026 is not a date.' });
  assert.deepEqual(bad.problems, [{ field: 'date', label: 'Change order date', message: '7/45/2026 is not a date.' }]);
  const form = emptyForm();
  form.values = { poNumber: '4500-0113', amount: '-500', reason: 'x' };
  recorded(form, 'change', '4500-0113', true);
  assert.deepEqual(form.values, { poNumber: '4500-0113' }, 'the PO stays chosen for the next');
  assert.equal(form.status, 'Recorded a change order on PO 4500-0113, with the override reason.');
});

test('an action on a contract with no memo is sent with the contract, and without one the picker says so', () => {
  const state = newSpendingState([]);
  startRecording(state);
  assert.equal(state.recording?.contract, null);
  const dates = { meetingDate: ON('2024-05-14'), termFrom: NOTHING, termTo: NOTHING };
  const target = () => ({ memoId: null, memoVersion: null, contractId: state.recording?.contract?.id ?? null });
  const none = approvalInput({ ...blankCouncilForm(), notToExceed: '12,000.00' }, target(), dates);
  assert.deepEqual(none.problems, [{ field: 'contractId', label: 'Contract', message: 'choose the library contract the council acted on.' }]);
  chooseContract(state, { id: 3, label: '070924-SCC — Staples (OMNIA Partners)' });
  const { input, problems } = approvalInput({ ...blankCouncilForm(), notToExceed: '12,000.00' }, target(), dates);
  assert.deepEqual(problems, []);
  assert.equal(input.contractId, 3);
  assert.equal(input.memoId, null);
  assert.equal(input.notToExceed, '12000', 'the amount exact, without its grouping');
  stopRecording(state);
  assert.equal(state.recording, null);
});

test('an amendment starts from what is on file and is sent as the same facts when unchanged', () => {
  const form = amendmentForm(approval());
  assert.deepEqual(form, {
    outcome: 'approved', meetingDate: '2026-01-13', agendaItem: 'Consent 7.B', actionNumber: 'Resolution 2026-04',
    notToExceed: '$74,360.00', termFrom: '2026-02-01', termTo: '', renewalsNeedVote: false,
    fiscalYears: 'FY2026, FY2027', accountCodes: '101-4200', conditions: 'Report quarterly.',
  });
  const dates = { meetingDate: ON('2026-01-13'), termFrom: ON('2026-02-01'), termTo: NOTHING };
  const { input } = approvalInput(form, { memoId: null, memoVersion: null, contractId: 3 }, dates);
  assert.equal(input.notToExceed, '74360', 'the core reads it as the same amount on file');
  assert.deepEqual(input.fiscalYears, ['FY2026', 'FY2027']);
  assert.equal(input.renewalsNeedVote, false);
  assert.equal(amendmentForm(approval({ outcome: 'tabled', notToExceed: null })).notToExceed, '');

  const state = newSpendingState([view().summary]);
  select(state, 5);
  showView(state, view());
  startAmending(state);
  assert.equal(state.amending?.actionNumber, 'Resolution 2026-04');
  select(state, 5);
  assert.notEqual(state.amending, null, 'choosing the same action again keeps the draft');
  stopAmending(state);
  assert.equal(state.amending, null);
});

test('the variance and documents shown are the chosen action\'s only', () => {
  const state = newSpendingState([view().summary, { ...view({ id: 6 }).summary }]);
  select(state, 5);
  showView(state, view());
  showVariance(state, { approvalId: 6, basis: { kind: 'noComparison', reason: '' }, firstMonth: 1, years: [] });
  assert.equal(state.variance, null, 'an answer for another action is dropped');
  showVariance(state, { approvalId: 5, basis: { kind: 'noComparison', reason: '' }, firstMonth: 1, years: [] });
  assert.equal(state.variance?.approvalId, 5);
  const doc = (id, name) => ({ id, originalName: name });
  showDocuments(state, [doc(11, 'Price list.pdf'), doc(12, 'Resolution 2026-04 signed.pdf')]);
  assert.deepEqual(state.documents.map((d) => d.originalName), ['Resolution 2026-04 signed.pdf']);
  assert.deepEqual(citedDocuments([doc(11, 'a'), doc(12, 'b')], [12]).map((d) => d.id), [12]);
  select(state, 6);
  assert.equal(state.variance, null);
  assert.deepEqual(state.documents, []);
});
