// Unit tests of the Spending screen's state (`ui/js/screens/spending/state.js`), with
// node's own test runner: `node --test tests/ui/`. The figures are the core's exact
// strings; the screen only says them in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  exportFailed, exportedTo, isPastLimit, newSpendingState, rowCells, select, showView, standing,
} from '../../ui/js/screens/spending/state.js';

/** An approval summary as the core sends it. */
function row(id, figures = {}) {
  return {
    approval: {
      id, contractId: 3, memoId: null, memoVersion: null, outcome: 'approved',
      meetingDate: '2026-01-13', agendaItem: '7.B', actionNumber: 'Resolution 2026-04',
      notToExceed: '74360.00', termFrom: null, termTo: null, renewalsNeedVote: true,
      fiscalYears: [], accountCodes: [], conditions: '', documentIds: [], revision: 1,
      recordedAt: '2026-01-14T09:00:00',
    },
    contractNumber: '070924-SCC', contractTitle: 'Office supplies', vendor: 'Staples',
    figures: {
      authorised: '74360.00', committed: '17500.00', invoiced: '12500.00', paid: '12500.00',
      remaining: '44360.00', burnRate: '1231.38', runsOutOn: '2029-12-01', ...figures,
    },
  };
}

test('a row shows the core\'s figures as dollars, exactly', () => {
  const cells = rowCells(row(1));
  assert.equal(cells[1], '070924-SCC — Staples');
  assert.deepEqual(cells.slice(3), ['$74,360.00', '$17,500.00', '$12,500.00', '$44,360.00']);
});

test('the standing says what remains and when it runs out, or by how much it is past', () => {
  assert.match(standing(row(1).figures), /^\$44,360\.00 remaining; at \$1,231\.38 a month it runs out on /);
  const over = row(1, { remaining: '-40040.00', burnRate: '9000.00', runsOutOn: null }).figures;
  assert.equal(isPastLimit(over), true);
  assert.equal(standing(over), 'Past the not-to-exceed by $40,040.00.');
  assert.equal(isPastLimit(row(1, { remaining: '-0.00' }).figures), false, 'minus zero is not past');
  assert.equal(standing(row(1, { burnRate: null, runsOutOn: null }).figures), '$44,360.00 remaining; nothing invoiced yet.');
});

test('a detail that arrives after the clerk chose another approval is not shown', () => {
  const state = newSpendingState([row(1), row(2)]);
  select(state, 1);
  select(state, 2);
  showView(state, { summary: row(1), orders: [], history: [] });
  assert.equal(state.view, null, 'approval 1 answered late; approval 2 is the one chosen');
  showView(state, { summary: row(2), orders: [], history: [] });
  assert.equal(state.view?.summary.approval.id, 2);
  select(state, 99);
  assert.equal(state.selected, 2, 'an approval not in the list is not chosen');
});

test('the audit export says where the workbook went, nothing when cancelled, and why it failed', () => {
  const state = newSpendingState([row(1)]);
  exportedTo(state, null);
  assert.equal(state.exportStatus, null, 'a cancelled save dialog says nothing');
  exportedTo(state, '/home/clerk/Spending audit 2026-12-07.xlsx');
  assert.deepEqual(state.exportStatus, {
    text: 'Exported the audit workbook to /home/clerk/Spending audit 2026-12-07.xlsx', problem: false,
  });
  exportFailed(state, 'Could not write /media/usb/a.xlsx: the disk is full.');
  assert.equal(state.exportStatus?.problem, true);
  assert.match(state.exportStatus?.text ?? '', /^Not exported: Could not write/);
});
