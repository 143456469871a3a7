// The Needs-action list's state (ui/js/screens/due/state.js): what the clerk sees change
// when an item is snoozed or dismissed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as due from '../../ui/js/screens/due/state.js';
import { formatDate } from '../../ui/js/format.js';

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
  assert.equal(due.byWhen(item('a', '2026-12-01'), '2026-12-07'), `overdue since ${formatDate('2026-12-01')}`);
  assert.equal(due.byWhen(item('a', '2026-12-07'), '2026-12-07'), `by ${formatDate('2026-12-07')}`);
  const shown = due.byWhen(item('a', '2029-02-02'), '2026-12-07');
  assert.doesNotMatch(shown, /2029-02-02/, `the day is in the clerk's words, not ISO: ${shown}`);
  assert.match(shown, /^by .*2\b.*2029/, shown);
});

test('an update of the kept calendar file names the file and what changed', () => {
  const state = due.newDueState();
  due.keptCalendarFile(state, '/home/clerk/Calendars/due.ics');
  due.calendarWritten(state, { events: 12, changed: 0 }, 'updated');
  assert.match(state.said ?? '', /^Updated \/home\/clerk\/Calendars\/due\.ics: 12 dates, none changed/);
  due.calendarWritten(state, { events: 1, changed: 1 }, 'exported');
  assert.match(state.said ?? '', /^Exported 1 date to \/home\/clerk\/Calendars\/due\.ics \(1 new or changed\)/);
});

test('a snooze kept says the day in the clerk\'s words', () => {
  const state = due.newDueState();
  due.received(state, list(item('a', '2027-01-01')));
  due.startSnooze(state, 'a', '2026-12-07');
  due.done(state, list());
  assert.equal(state.said, `Snoozed until ${formatDate('2026-12-14')}.`);
  assert.doesNotMatch(state.said ?? '', /2026-12-14/);
});
