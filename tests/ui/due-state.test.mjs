// The Needs-action list's state (ui/js/screens/due/state.js): what the clerk sees change
// when an item is snoozed or dismissed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as due from '../../ui/js/screens/due/state.js';

/** @param {string} key @param {string} by */
function item(key, by) {
  return {
    key, kind: 'renewalDecision', contractId: 1, contract: 'Sourcewell 070924-SCC',
    what: 'Sourcewell 070924-SCC expires.', by, action: 'Decide on renewal',
    target: { to: 'contract', id: 1 }, snoozedUntil: null,
  };
}

function list(...items) {
  return { items, snoozed: [], dismissed: 0 };
}

test('a snooze opens a week ahead by default, across a month end', () => {
  const state = due.newDueState();
  due.received(state, list(item('renewal:1:2027-01-31', '2027-01-31')));
  due.startSnooze(state, 'renewal:1:2027-01-31', '2026-12-28');
  assert.equal(state.acting?.value, '2027-01-04');
  assert.equal(state.acting?.mode, 'snooze');
});

test('a refused dismissal keeps the form open with the core\'s sentence', () => {
  const state = due.newDueState();
  due.received(state, list(item('a', '2027-01-01')));
  due.startDismiss(state, 'a');
  due.refused(state, 'Say why the item needs no action.');
  assert.equal(state.acting?.problem, 'Say why the item needs no action.');
  assert.equal(due.count(state), 1);
});

test('a kept dismissal closes the form, replaces the list and says so', () => {
  const state = due.newDueState();
  due.received(state, list(item('a', '2027-01-01'), item('b', '2027-02-01')));
  due.startDismiss(state, 'a');
  due.typed(state, 'Renewed by amendment 3');
  due.done(state, { items: [item('b', '2027-02-01')], snoozed: [], dismissed: 1 });
  assert.equal(state.acting, null);
  assert.equal(due.count(state), 1, 'the sidebar count goes down');
  assert.match(state.said ?? '', /reason is kept/);
});

test('an item past its day reads as overdue', () => {
  assert.equal(due.byWhen(item('a', '2026-12-01'), '2026-12-07'), 'overdue since 2026-12-01');
  assert.equal(due.byWhen(item('a', '2026-12-07'), '2026-12-07'), 'by 2026-12-07');
});
