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
  return page(0, items.length, ...items);
}

/** A page of `items` from `offset`, of a list of `total`, all renewal decisions. */
function page(offset, total, ...items) {
  return {
    items, offset, total, counts: total > 0 ? [{ kind: 'renewalDecision', count: total }] : [],
    snoozed: [], dismissed: 0,
  };
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
  due.done(state, { ...list(item('b', '2027-02-01')), dismissed: 1 });
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

test('the count is the whole list\'s, and "Show more" appends the next page where the shown lines end', () => {
  const state = due.newDueState();
  assert.deepEqual(due.nextPage(state), { offset: 0, limit: due.PAGE, kind: null });
  due.received(state, page(0, 3, item('a', '2027-01-01'), item('b', '2027-01-02')));
  assert.equal(due.count(state), 3, 'the sidebar counts what is not shown too');
  assert.equal(due.notShown(state), 1);
  assert.deepEqual(due.nextPage(state), { offset: 2, limit: due.PAGE, kind: null });
  due.more(state, page(2, 3, item('c', '2027-01-03')));
  assert.deepEqual(state.list?.items.map((i) => i.key), ['a', 'b', 'c']);
  assert.equal(due.notShown(state), 0);
  // A page that does not follow the shown lines (the list changed) adds nothing twice.
  due.more(state, page(1, 4, item('b', '2027-01-02')));
  assert.deepEqual(state.list?.items.map((i) => i.key), ['a', 'b', 'c']);
  assert.equal(due.count(state), 4, 'but the count is the latest');
});

test('after a snooze or dismissal the panel asks again for as many lines as it shows', () => {
  const state = due.newDueState();
  const many = Array.from({ length: due.PAGE + 7 }, (_, n) => item(`k${n}`, '2027-01-01'));
  due.received(state, page(0, 200, ...many));
  assert.deepEqual(due.shownPage(state), { offset: 0, limit: due.PAGE + 7, kind: null });
  due.received(state, page(0, 200, ...many.slice(0, 3)));
  assert.equal(due.shownPage(state).limit, due.PAGE, 'at least a page');
});

test('the make-up names each kind with its count, largest first', () => {
  const state = due.newDueState();
  due.received(state, {
    ...list(item('a', '2027-01-01')),
    total: 1203,
    counts: [{ kind: 'renewalDecision', count: 1 }, { kind: 'notToExceed80', count: 1202 }],
  });
  assert.equal(due.makeUp(state), `${(1202).toLocaleString()} past 80 % of their not-to-exceed · 1 renewal decision`);
  due.received(state, list(item('a', '2027-01-01')));
  assert.equal(due.makeUp(state), '', 'one kind needs no make-up');
});
