// Unit tests of the Library screen's state (`ui/js/screens/library/state.js`) and of its
// one-question-at-a-time search (`library/asking.js`), with node's own test runner:
// `node --test tests/ui/`. The state changes are what the clerk's clicks do; the screen
// only draws what they leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  PAGE, TOP_CHIPS, chipCountsSentence, chipsShown, chooseContract, chooseFilter, chooseValueAtLeast, clearFilters,
  countSentence, filtersOn, newLibraryState, outsideSentence, pagerOf, receiveFacets, receiveResults,
  selectOnAnswer, sortBy, takeSelection, toggleFilter, toggleGroup, turnPage, typeText,
} from '../../ui/js/screens/library/state.js';
import { oneQuestionAtATime } from '../../ui/js/screens/library/asking.js';

/** A Library opened with `total` contracts, the first page of them shown. */
function libraryOf(total) {
  const state = newLibraryState({ chipsOpen: false, approvedKept: false });
  const hits = Array.from({ length: Math.min(total, PAGE) }, (_, i) => ({ id: i + 1 }));
  receiveResults(state, { ...state.query }, /** @type {any} */ ({ hits, total }));
  return state;
}

test('choosing a chip turns its filter on, choosing it again turns it off, from page one', () => {
  const state = libraryOf(120);
  state.query.offset = PAGE;
  toggleFilter(state, 'cooperative', 'Sourcewell');
  assert.equal(state.query.cooperative, 'Sourcewell');
  assert.equal(state.query.offset, 0, 'a new filter shows its first page');
  assert.equal(filtersOn(state.query), 1);
  toggleFilter(state, 'cooperative', 'OMNIA Partners');
  assert.equal(state.query.cooperative, 'OMNIA Partners', 'another chip of the group replaces the first');
  toggleFilter(state, 'cooperative', 'OMNIA Partners');
  assert.equal(state.query.cooperative, null, 'the chosen chip again turns it off');
  assert.equal(filtersOn(state.query), 0);
});

test('the lists choose a value, and "any" clears it', () => {
  const state = libraryOf(10);
  chooseFilter(state, 'state', 'NM');
  assert.equal(state.query.state, 'NM');
  chooseFilter(state, 'state', '');
  assert.equal(state.query.state, null);
});

test('a value at least is a filter from page one; a negative amount or none is any value', () => {
  const state = libraryOf(120);
  turnPage(state, 1);
  chooseValueAtLeast(state, '85000');
  assert.equal(state.query.valueAtLeast, '85000');
  assert.equal(state.query.offset, 0);
  assert.equal(filtersOn(state.query), 1);
  chooseValueAtLeast(state, '-5');
  assert.equal(state.query.valueAtLeast, undefined);
  chooseValueAtLeast(state, '100');
  clearFilters(state);
  assert.equal(state.query.valueAtLeast, undefined);
  assert.equal(filtersOn(state.query), 0);
});

test('clearing the filters keeps the text typed', () => {
  const state = libraryOf(10);
  typeText(state, 'fleet');
  toggleFilter(state, 'status', 'expired');
  chooseFilter(state, 'entityType', 'city');
  state.query.approvedOnly = true;
  assert.equal(filtersOn(state.query), 3);
  clearFilters(state);
  assert.equal(filtersOn(state.query), 0);
  assert.equal(state.query.text, 'fleet');
});

test('paging stops at the first and the last page', () => {
  const state = libraryOf(120);
  assert.equal(turnPage(state, -1), false, 'no page before the first');
  assert.equal(state.query.offset, 0);
  assert.equal(turnPage(state, 1), true);
  assert.equal(state.query.offset, PAGE);
  assert.equal(turnPage(state, 1), true);
  assert.equal(state.query.offset, 2 * PAGE);
  assert.equal(turnPage(state, 1), false, '120 contracts make three pages');
  assert.equal(state.query.offset, 2 * PAGE);
});

test('the pager and the count follow the rows shown', () => {
  const state = libraryOf(70);
  assert.deepEqual(pagerOf(state.shown), { atFirst: true, atLast: false, needed: true });
  assert.equal(countSentence(state.shown), '1–50 of 70 contracts');
  turnPage(state, 1);
  receiveResults(state, { ...state.query }, /** @type {any} */ ({ hits: new Array(20).fill({ id: 0 }), total: 70 }));
  assert.deepEqual(pagerOf(state.shown), { atFirst: false, atLast: true, needed: true });
  assert.equal(countSentence(state.shown), '51–70 of 70 contracts');
  assert.equal(countSentence(libraryOf(1).shown), '1 contract');
  assert.equal(countSentence(libraryOf(0).shown), 'No contracts.');
  const none = libraryOf(0);
  typeText(none, 'zzz');
  receiveResults(none, { ...none.query }, /** @type {any} */ ({ hits: [], total: 0 }));
  assert.equal(countSentence(none.shown), 'Nothing found.', 'narrowed to nothing');
  assert.equal(pagerOf(libraryOf(10).shown).needed, false, 'one page needs no pager');
});

test('sorting by a column, then the other way, always from page one', () => {
  const state = libraryOf(120);
  turnPage(state, 1);
  sortBy(state, 'title');
  assert.deepEqual(state.query.sort, { column: 'title', descending: false });
  assert.equal(state.query.offset, 0);
  sortBy(state, 'title');
  assert.deepEqual(state.query.sort, { column: 'title', descending: true });
  sortBy(state, 'expiry');
  assert.deepEqual(state.query.sort, { column: 'expiry', descending: false }, 'a new column starts A to Z');
});

test('typing searches from page one', () => {
  const state = libraryOf(120);
  turnPage(state, 1);
  typeText(state, 'mower');
  assert.equal(state.query.text, 'mower');
  assert.equal(state.query.offset, 0);
});

test('a long chip group shows its top few and the chosen one; more… shows all', () => {
  const state = libraryOf(10);
  const options = Array.from({ length: 12 }, (_, i) => ({ value: `Coop ${i}` }));
  let group = chipsShown(state, 'cooperative', options);
  assert.equal(group.shown.length, TOP_CHIPS);
  assert.equal(group.more, true);
  toggleFilter(state, 'cooperative', 'Coop 10');
  group = chipsShown(state, 'cooperative', options);
  assert.equal(group.shown.length, TOP_CHIPS + 1, 'the chosen one is shown beyond the top few');
  toggleGroup(state, 'cooperative');
  group = chipsShown(state, 'cooperative', options);
  assert.equal(group.shown.length, 12);
  assert.deepEqual([group.expanded, group.more], [true, true], '"fewer" folds it again');
  toggleGroup(state, 'cooperative');
  assert.equal(chipsShown(state, 'cooperative', options).expanded, false);
  const short = chipsShown(state, 'category', options.slice(0, TOP_CHIPS + 1));
  assert.deepEqual([short.shown.length, short.more], [TOP_CHIPS + 1, false], 'a short group has no more…');
});

test('new rows leave the chips uncounted until their counts arrive', () => {
  const state = libraryOf(10);
  receiveFacets(state, /** @type {any} */ ({ cooperatives: [], categories: [], statuses: {} }));
  assert.equal(state.chipsCounted, true);
  receiveResults(state, { ...state.query }, /** @type {any} */ ({ hits: [], total: 0 }));
  assert.equal(state.chipsCounted, false);
});

test('a contract to select is opened once, with the next rows', () => {
  const state = newLibraryState({ select: 7, chipsOpen: false, approvedKept: false });
  assert.equal(takeSelection(state), 7);
  assert.equal(takeSelection(state), null);
});

/** The rows of `ids` (numbered `N-<id>`) of `total` matches, answering the query now asked. */
function answer(state, ids, total = ids.length) {
  const hits = ids.map((id) => ({ id, contractNumber: `N-${id}` }));
  receiveResults(state, { ...state.query }, /** @type {any} */ ({ hits, total }));
}

test('a filter that removes the contract in the pane leaves the pane saying so', () => {
  const state = libraryOf(10);
  answer(state, [1, 2, 3]);
  chooseContract(state, 3);
  toggleFilter(state, 'status', 'expiringWithin30');
  answer(state, [1, 2]);
  assert.deepEqual(state.paneOutside, { id: 3, number: 'N-3', certain: true },
    'the pane no longer shows contract 3 as if the filter kept it');
  assert.equal(state.detailId, null, 'no contract is in the pane');
  assert.equal(outsideSentence(/** @type {any} */ (state.paneOutside)),
    'N-3 does not match the current search and filters, so it is no longer shown.');
});

test('a search with more matches than a page cannot say the contract does not match', () => {
  const state = libraryOf(10);
  chooseContract(state, 3);
  typeText(state, 'fleet');
  answer(state, Array.from({ length: PAGE }, (_, i) => i + 100), 120);
  assert.equal(state.paneOutside?.certain, false, 'contract 3 may be on a later page');
  assert.match(outsideSentence(/** @type {any} */ (state.paneOutside)), /not on this page of the results/);
});

test('the pane keeps its contract when the search still finds it, or only the page or order changed', () => {
  const state = libraryOf(120);
  chooseContract(state, 3);
  typeText(state, 'fleet');
  answer(state, [3, 4]);
  assert.equal(state.paneOutside, null, 'the search still finds contract 3');
  assert.equal(state.detailId, 3);

  const paged = libraryOf(120);
  chooseContract(paged, 3);
  turnPage(paged, 1);
  answer(paged, Array.from({ length: PAGE }, (_, i) => i + PAGE + 1), 120);
  assert.equal(paged.paneOutside, null, 'page 2 of the same search does not take contract 3 out of it');
  assert.equal(paged.detailId, 3);
  sortBy(paged, 'title');
  answer(paged, [60, 61], 120);
  assert.equal(paged.detailId, 3, 'another order is the same search');
});

test('a contract about to be opened is opened whatever the rows', () => {
  const state = libraryOf(10);
  chooseContract(state, 3);
  selectOnAnswer(state, 42);
  typeText(state, 'new one');
  answer(state, [1]);
  assert.equal(state.paneOutside, null);
  assert.equal(takeSelection(state), 42);
});

test('the chips say what their counts count: the whole library or the current search', () => {
  const state = libraryOf(10);
  assert.equal(chipCountsSentence(state.query), 'Each count is of the whole library.');
  typeText(state, '  fleet ');
  assert.equal(chipCountsSentence(state.query), 'Each count is of the contracts matching “fleet”.');
  toggleFilter(state, 'cooperative', 'Sourcewell');
  assert.equal(chipCountsSentence(state.query), 'Each count is of the contracts matching “fleet” and the filters chosen.');
  typeText(state, '');
  assert.equal(chipCountsSentence(state.query), 'Each count is of the contracts the filters chosen leave.');
});

test('typing while the core answers asks only the newest text, once the answer is in', async () => {
  let text = 'a';
  const asked = [];
  const shown = [];
  /** @type {(() => void)[]} */
  const waiting = [];
  const search = oneQuestionAtATime(() => text, async (question) => {
    asked.push(question);
    await new Promise((resolve) => waiting.push(() => resolve(undefined)));
    if (!search.overtaken()) shown.push(question);
  });
  const first = search.ask();
  text = 'ab';
  search.ask();
  text = 'abc';
  const last = search.ask();
  assert.equal(first, last, 'one question at a time: the same answering settles for all');
  assert.deepEqual(asked, ['a'], 'nothing is queued behind the question being answered');
  waiting.shift()?.();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(asked, ['a', 'abc'], 'the newest text is asked next, the one between never');
  waiting.shift()?.();
  await last;
  assert.deepEqual(shown, ['abc'], 'the overtaken answer was not shown');
});
