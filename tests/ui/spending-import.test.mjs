// Unit tests of "Import from finance system…" on the Spending screen
// (`ui/js/screens/spending/import-state.js`): the mapping step, the plan's rows in
// words, the batch's reason, and what an import did. `node --test tests/ui/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  chooseField, confirmedLines, confirmMatch, countLines, doneSentence, failed, importLabel, mappingOf, mappingProblem, newImportState,
  planned, reasonProblem, rowLines, sheetHint, sheetRead, toImport,
} from '../../ui/js/screens/spending/import-state.js';

const FIELDS = [
  { field: 'checkNumber', label: 'Check number', required: false },
  { field: 'date', label: 'Date', required: false },
  { field: 'amount', label: 'Amount', required: true },
  { field: 'vendor', label: 'Vendor', required: false },
];

function file() {
  return {
    fileName: 'AP report.csv',
    sheet: null,
    sheets: [],
    headerLine: 4,
    mapping: {
      columns: [
        { header: 'Num', field: 'checkNumber' },
        { header: 'Date', field: 'date' },
        { header: 'Name', field: 'vendor' },
        { header: 'Amount', field: 'amount' },
      ],
      constants: [],
    },
    fields: FIELDS,
    notes: ['The column headings are on line 4; the 3 lines above them (the report’s titles) are not purchases.'],
  };
}

function counts(overrides = {}) {
  return {
    purchaseOrders: 0, payments: 2, creditMemos: 0, skipped: 1, unmatched: 1, refused: 0, flagged: 1, empty: 0,
    ...overrides,
  };
}

function plan(overrides = {}) {
  return {
    fileName: 'AP report.csv',
    sheet: null,
    headerLine: 4,
    mapping: file().mapping,
    rows: [
      { line: 5, kind: 'payment', what: 'Invoice 1001 of 2026-03-10, $1,250.00, billing PO Paid 1001.', approvalId: 5, amount: '1250.00', warnings: [], flags: [] },
      {
        line: 6, kind: 'payment', what: 'Invoice 1002 of 2026-04-02, $75,000.00, billing PO Paid 1002.', approvalId: 5, amount: '75000.00',
        warnings: [{ rule: 'notToExceed', sentence: 'Past the not-to-exceed by $13,890.00.' }], flags: [],
      },
      { line: 7, kind: 'unmatched', what: 'Not imported: no council action is recorded for a contract with the vendor \'Acme Paving\' (nor one whose name begins so).', approvalId: null, amount: '300.00', warnings: [], flags: [] },
      { line: 8, kind: 'skipped', what: 'Total for Staples: $76,250.00, the sum of the rows above it; skipped.', approvalId: null, amount: '76250.00', warnings: [], flags: [] },
    ],
    counts: counts(),
    notes: [],
    imported: false,
    ...overrides,
  };
}

const APPROVALS = [{
  approval: {
    id: 5, contractId: 3, memoId: null, memoVersion: null, outcome: 'approved', meetingDate: '2026-01-13', agendaItem: '',
    actionNumber: 'Resolution 2026-04', notToExceed: '74360.00', termFrom: null, termTo: null, renewalsNeedVote: false,
    fiscalYears: [], accountCodes: [], conditions: '', documentIds: [], revision: 1, recordedAt: '2026-01-14T09:00:00',
  },
  contractNumber: '070924-SCC', contractTitle: 'Office supplies', vendor: 'Staples', figures: {},
}];

test('the mapping starts as the core remembered or guessed it, and the clerk changes it column by column', () => {
  const state = newImportState(file());
  assert.deepEqual(mappingOf(state).columns.map((c) => c.field), ['checkNumber', 'date', 'vendor', 'amount']);
  chooseField(state, 2, '');
  chooseField(state, 0, 'invoiceNumber');
  assert.deepEqual(mappingOf(state), {
    columns: [
      { header: 'Num', field: 'invoiceNumber' },
      { header: 'Date', field: 'date' },
      { header: 'Name', field: null },
      { header: 'Amount', field: 'amount' },
    ],
    constants: [],
  });
  assert.equal(file().mapping.columns[0].field, 'checkNumber', 'the file as chosen is not changed');
});

test('a changed mapping drops the plan: the file must be checked again', () => {
  const state = newImportState(file());
  planned(state, plan());
  chooseField(state, 1, 'paidDate');
  assert.equal(state.plan, null);
});

test('without an amount column the report is not checked, and the sentence says which column to choose', () => {
  const state = newImportState(file());
  assert.equal(mappingProblem(state), '');
  chooseField(state, 3, '');
  assert.equal(mappingProblem(state), 'Choose the column that holds the amount; a purchase is not imported without it.');
});

test('every row of the plan is listed with its outcome, its council action, its amount and the core’s sentence', () => {
  const lines = rowLines(plan(), APPROVALS);
  assert.deepEqual(lines.map((l) => [l.line, l.outcome, l.under, l.amount]), [
    [5, 'Payment', 'Resolution 2026-04, Jan 13, 2026 (070924-SCC)', '$1,250.00'],
    [6, 'Payment', 'Resolution 2026-04, Jan 13, 2026 (070924-SCC)', '$75,000.00'],
    [7, 'Not matched', '', '$300.00'],
    [8, 'Skipped', '', '$76,250.00'],
  ]);
  assert.match(lines[2].what, /Acme Paving/);
  assert.deepEqual(lines[1].rules, ['Past the not-to-exceed by $13,890.00.']);
  assert.deepEqual(lines.map((l) => l.needsReason), [false, true, false, false]);
});

test('a row pasted twice needs a reason too, and an unmatched row never does', () => {
  const rows = [
    { line: 9, kind: 'payment', what: 'Invoice 7.', approvalId: 5, amount: '10.00', warnings: [], flags: ['Lines 9–10 repeat lines 5–6.'] },
    { line: 10, kind: 'unmatched', what: 'Not imported.', approvalId: null, amount: null, warnings: [{ rule: 'notToExceed', sentence: 'x' }], flags: [] },
  ];
  const lines = rowLines(plan({ rows }), APPROVALS);
  assert.deepEqual(lines.map((l) => l.needsReason), [true, false]);
  assert.equal(lines[1].amount, '');
});

test('a row matched to an action not in the list still names it', () => {
  const lines = rowLines(plan(), []);
  assert.equal(lines[0].under, 'Council action 5');
});

test('the counts leave out the kinds with none', () => {
  assert.deepEqual(countLines(plan()), [
    [2, 'payments to import'],
    [1, 'of those need a reason (a guard rail)'],
    [1, 'skipped (subtotals, totals, headings)'],
    [1, 'not matched to a council action'],
  ]);
});

test('the import button counts the rows written and says when a reason goes with them', () => {
  assert.equal(toImport(plan()), 2);
  assert.equal(importLabel(plan()), 'Import 2 rows with this reason');
  assert.equal(importLabel(plan({ counts: counts({ flagged: 0, payments: 1 }) })), 'Import 1 row');
  assert.equal(importLabel(plan({ counts: counts({ payments: 0, flagged: 0 }) })), 'Nothing to import');
});

test('rows that break a guard rail need the batch’s reason; spaces are not a reason', () => {
  const state = newImportState(file());
  planned(state, plan());
  assert.match(reasonProblem(state), /^1 row breaks a guard rail: say why it is imported anyway\./);
  state.reason = '   ';
  assert.notEqual(reasonProblem(state), '');
  state.reason = 'Emergency repair; council ratifies 12/15';
  assert.equal(reasonProblem(state), '');
  planned(state, plan({ counts: counts({ flagged: 0 }) }));
  state.reason = '';
  assert.equal(reasonProblem(state), '');
});

test('the core’s refusal is shown in its sentences; a needs_override answer in its message', () => {
  const state = newImportState(file());
  failed(state, { code: 'invalid_input', message: 'Check the fields.', fields: [{ field: 'amount', label: 'Amount', message: 'is given to two columns' }] });
  assert.equal(state.problem, 'Amount: is given to two columns');
  failed(state, { code: 'io', message: 'AP report.csv has no header row.' });
  assert.equal(state.problem, 'AP report.csv has no header row.');
  failed(state, { code: 'needs_override', message: 'Say why.', fields: [{ field: 'notToExceed', label: 'Line 6', message: 'Past.' }] });
  assert.equal(state.problem, 'Say why.');
  planned(state, plan());
  assert.equal(state.problem, '');
});

test('what an import did, in one sentence', () => {
  assert.equal(doneSentence(plan({ imported: true })), 'AP report.csv: imported 2 payments; 1 not matched, 1 skipped.');
  assert.equal(
    doneSentence(plan({ counts: counts({ purchaseOrders: 1, payments: 1, creditMemos: 2, skipped: 0, unmatched: 0 }) })),
    'AP report.csv: imported 1 purchase-order row, 1 payment, 2 credit memos.',
  );
  assert.equal(doneSentence(plan({ counts: counts({ payments: 0, skipped: 0, refused: 3 }) })), 'AP report.csv: nothing imported; 1 not matched, 3 refused.');
});

test('a vendor match the core proposes is offered on its row, in words naming the council action', () => {
  const rows = [{
    line: 7, kind: 'unmatched', what: 'Not imported: no contract names the vendor \'Staples Business Advantage\'.', approvalId: null,
    amount: '300.00', warnings: [], flags: [], proposal: { vendor: 'Staples Business Advantage', approvalId: 5 },
  }];
  const [line] = rowLines(plan({ rows }), APPROVALS);
  assert.deepEqual(line.proposal, {
    match: { vendor: 'Staples Business Advantage', approvalId: 5 },
    label: '“Staples Business Advantage” buys under Resolution 2026-04, Jan 13, 2026 (070924-SCC); remembered for this vendor',
  });
  assert.equal(rowLines(plan(), APPROVALS)[0].proposal, null, 'a matched row proposes nothing');
});

test('confirming a vendor match keeps one per vendor, drops the plan, and is withdrawn by unticking', () => {
  const state = newImportState(file());
  planned(state, plan());
  confirmMatch(state, { vendor: 'Staples Business Advantage', approvalId: 5 }, true);
  assert.equal(state.plan, null, 'checked again with the match');
  confirmMatch(state, { vendor: 'STAPLES business advantage.', approvalId: 5 }, true);
  assert.deepEqual(state.confirmed, [{ vendor: 'STAPLES business advantage.', approvalId: 5 }], 'the same vendor once');
  assert.deepEqual(confirmedLines(state, APPROVALS).map((l) => l.label), [
    '“STAPLES business advantage.” buys under Resolution 2026-04, Jan 13, 2026 (070924-SCC); remembered for this vendor',
  ]);
  confirmMatch(state, { vendor: 'Staples Business Advantage', approvalId: 5 }, false);
  assert.deepEqual(state.confirmed, []);
});

test('another sheet read takes its own columns, drops the plan and keeps the vendor matches confirmed', () => {
  const state = newImportState({ ...file(), fileName: 'po.xlsx', sheet: 'Report Parameters', sheets: ['Report Parameters', 'PO Listing'] });
  state.confirmed = [{ vendor: 'Caterpillar', approvalId: 3 }];
  state.problem = 'Sheet Report Parameters has no column headings.';
  state.plan = /** @type {any} */ ({});
  const listing = {
    ...file(), fileName: 'po.xlsx', sheet: 'PO Listing', sheets: ['Report Parameters', 'PO Listing'],
    mapping: { columns: [{ header: 'PO Number', field: 'poNumber' }, { header: 'Line Amount', field: 'amount' }], constants: [] },
  };
  sheetRead(state, listing);
  assert.equal(state.file.sheet, 'PO Listing');
  assert.deepEqual(state.columns.map((c) => c.header), ['PO Number', 'Line Amount']);
  assert.equal(state.plan, null);
  assert.equal(state.problem, '');
  assert.equal(state.confirmed.length, 1);
  state.columns[0].field = '';
  assert.equal(listing.mapping.columns[0].field, 'poNumber', 'the clerk’s choice is a copy');
  assert.match(sheetHint(listing), /2 sheets/);
});
