// Unit tests of the comparison editor's state (`ui/js/screens/comparisons/state.js`), with
// node's own test runner: `node --test tests/ui/`. These are the changes the editor's
// buttons make to the comparison before the core calculates it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  PICKER_LIMIT, addCostLine, addOption, askRateChoice, buyThrough, contractChoices, convertTiming, isDirty,
  newEditorState, pickerCount, placeOfCoreError, receiveRateChoice, removeOption, saved,
  toCalculate, typeRate, unusedOptionName, usePolicyRate,
} from '../../ui/js/screens/comparisons/state.js';

/** A comparison over `horizon` years with a baseline and the options named. */
function comparison(horizon, ...names) {
  const option = (name) => ({ name, kind: { type: 'other' }, notes: '', startDelayMonths: 0, costLines: [] });
  return {
    formatVersion: 1, title: '', purchaseDescription: '', horizonYears: horizon,
    start: { fiscalYear: 2027 }, discount: { rate: '0.03', source: '' }, timing: 'endOfYear',
    baseline: option('Keep the current system'), options: names.map(option),
  };
}

test('a new option takes the first "Option N" no other option is named', () => {
  const model = comparison(5, 'Option 2', 'option3');
  assert.equal(unusedOptionName(model), 'Option 4', 'names are compared ignoring case and spaces');
  const state = newEditorState(null, comparison(5, 'Cooperative'));
  assert.equal(addOption(state), 2, 'the new column follows the baseline and the first option');
  assert.equal(state.model.options[1].name, 'Option 2');
  removeOption(state, 1);
  assert.deepEqual(state.model.options.map((o) => o.name), ['Option 2'], 'column 1 is the first option');
});

test('a new cost line recurs over the whole horizon', () => {
  const state = newEditorState(null, comparison(7, 'Cooperative'));
  assert.equal(addCostLine(state, state.model.baseline, true), 1);
  assert.equal(addCostLine(state, state.model.options[0], false), 1);
  assert.equal(state.model.baseline.costLines[0].category, 'maintenanceAndSupport', 'the baseline pays support');
  assert.equal(state.model.options[0].costLines[0].category, 'acquisition');
  assert.deepEqual(state.model.options[0].costLines[0].timing,
    { type: 'recurring', fromYear: 1, toYear: 7, amount: '0', escalation: '0' });
});

test('switching a line\'s timing keeps its amount and years where it can', () => {
  const recurring = { type: 'recurring', fromYear: 2, toYear: 4, amount: '900', escalation: '0.02' };
  assert.deepEqual(convertTiming(recurring, 'oneTime', 5), { type: 'oneTime', year: 0, amount: '900' });
  assert.deepEqual(convertTiming(recurring, 'perUnit', 5),
    { type: 'perUnit', fromYear: 2, toYear: 4, unitPrice: '900', quantity: '1', unit: '', escalation: '0.02' });
  assert.deepEqual(convertTiming({ type: 'oneTime', year: 0, amount: '50' }, 'recurring', 5),
    { type: 'recurring', fromYear: 1, toYear: 5, amount: '50', escalation: '0' }, 'a recurring cost starts in year 1 at the earliest');
  assert.deepEqual(convertTiming(recurring, 'schedule', 5), { type: 'schedule', amounts: {} });
});

test('a comparison is unsaved once changed, saved again with the core\'s ids', () => {
  const state = newEditorState(null, comparison(3, 'Cooperative'));
  assert.equal(isDirty(state), true, 'a new comparison is not saved yet');
  const stored = structuredClone(state.model);
  stored.baseline.id = 'b-1';
  stored.options[0].id = 'o-1';
  saved(state, { id: 9, comparison: stored, createdAt: '', updatedAt: '' });
  assert.equal(state.id, 9);
  assert.equal(state.model.options[0].id, 'o-1', 'the next save keeps the option\'s stable id');
  assert.equal(isDirty(state), false);
  state.model.title = 'Permit software';
  assert.equal(isDirty(state), true);
});

test('the figures can be seen before a title is typed', () => {
  const state = newEditorState(null, comparison(3));
  assert.equal(toCalculate(state).title, 'Untitled comparison');
  assert.equal(state.model.title, '', 'the model itself keeps no made-up title');
});

test('the core\'s sentence goes next to the field it names', () => {
  const model = comparison(3, 'Cooperative');
  assert.deepEqual(placeOfCoreError(model, 'Option "Cooperative", line 2: Year 9 is after the horizon.'),
    { slot: 'o1-l2-message', text: 'Year 9 is after the horizon.' });
  assert.deepEqual(placeOfCoreError(model, 'Baseline "Keep the current system": Add a cost.'),
    { slot: 'o0-message', text: 'Add a cost.' });
  assert.deepEqual(placeOfCoreError(model, 'Discount rate: Enter a rate below 100%.'),
    { field: 'cmp-rate', text: 'Enter a rate below 100%.' });
  assert.deepEqual(placeOfCoreError(model, 'Options: Add at least one option.'),
    { options: true, text: 'Add at least one option.' });
  assert.equal(placeOfCoreError(model, 'constructor: not a field'), null);
  assert.equal(placeOfCoreError(model, 'Something else went wrong'), null);
});

// ---------------------------------------------------------------------------------------
// The discount rate follows the horizon while it is OMB A-94's

/** The core's answer for `horizon`, with `follows` for the rate the model holds. */
function choice(horizon, rate, follows, policy = null) {
  return {
    a94: { rate, kind: 'nominal', horizonYears: horizon, tableId: 'CY2021', tableYear: 2021, method: 'm', source: `A-94 ${horizon}-year` },
    table: 'OMB A-94, Appendix C for calendar year 2021', tableWarning: null,
    followsHorizon: follows, policy, rateNote: null,
  };
}

test('the A-94 rate follows the horizon until the clerk types a rate of their own', () => {
  const state = newEditorState(null, comparison(5, 'A', 'B'));
  state.model.discount = { rate: '0.003', source: 'A-94 5-year' };
  assert.equal(receiveRateChoice(state, choice(5, '0.003', true), askRateChoice(state)), false);
  assert.equal(state.rateFollows, true, 'the template’s rate is A-94’s');

  state.model.horizonYears = 7;
  assert.equal(receiveRateChoice(state, choice(7, '0.006', false), askRateChoice(state)), true,
    'switching to 7 years takes the 7-year rate');
  assert.deepEqual(state.model.discount, { rate: '0.006', source: 'A-94 7-year' },
    'the rate and its source follow together');

  typeRate(state);
  state.model.discount = { rate: '0.04', source: 'A-94 7-year' };
  state.model.horizonYears = 10;
  assert.equal(receiveRateChoice(state, choice(10, '0.008', false), askRateChoice(state)), false);
  assert.equal(state.model.discount.rate, '0.04', 'a typed rate stays when the horizon changes');
});

test('an answer to an older question changes nothing', () => {
  const state = newEditorState(null, comparison(5, 'A', 'B'));
  state.rateFollows = true;
  const old = askRateChoice(state);
  state.model.horizonYears = 10;
  const newest = askRateChoice(state);
  assert.equal(receiveRateChoice(state, choice(1, '0.002', false), old), false, 'the 1-year answer came late');
  assert.equal(receiveRateChoice(state, choice(10, '0.008', false), newest), true);
  assert.equal(state.model.discount.rate, '0.008');
});

test('the policy rate is taken with its source and does not follow the horizon', () => {
  const state = newEditorState(null, comparison(5, 'A', 'B'));
  state.rateFollows = true;
  state.localErrors.set('cmp-rate', 'Enter the rate');
  usePolicyRate(state, { rate: '0.035', source: 'Finance policy FP-12' }, 'cmp-rate');
  assert.deepEqual(state.model.discount, { rate: '0.035', source: 'Finance policy FP-12' });
  assert.equal(state.localErrors.size, 0, 'the rate box holds a number again');
  state.model.horizonYears = 7;
  assert.equal(receiveRateChoice(state, choice(7, '0.006', false), askRateChoice(state)), false,
    'the jurisdiction’s rate stays at any horizon');
});

// ---------------------------------------------------------------------------------------
// The contract picker

test('a search that no longer finds the linked contract keeps it chosen, first', () => {
  const found = [{ id: 2, label: 'B' }, { id: 3, label: 'C' }];
  assert.deepEqual(contractChoices(found, { id: 9, label: 'Z' }).map((c) => [c.id, c.selected]),
    [[9, true], [2, false], [3, false]], 'narrowing the search must not unlink the contract');
  assert.deepEqual(contractChoices(found, { id: 3, label: 'C' }).map((c) => [c.id, c.selected]),
    [[2, false], [3, true]], 'a linked contract the search found stays where relevance put it');
  assert.deepEqual(contractChoices(found, null).map((c) => c.selected), [false, false]);
});

test('the picker says how many contracts match and how many are listed', () => {
  assert.equal(pickerCount('fleet', 3, 3), '3 contracts match “fleet”.');
  assert.equal(pickerCount('', 200, PICKER_LIMIT), `200 contracts in the library; the ${PICKER_LIMIT} most relevant are listed.`);
  assert.equal(pickerCount(' zzz ', 0, 0), 'No contract in the library matches “zzz”.');
  assert.equal(pickerCount('ford', 1, 1), '1 contract matches “ford”.');
});

test('a comparison started from a library contract buys through it', () => {
  const model = comparison(5, 'Own solicitation');
  model.options.unshift({ name: 'Cooperative contract', kind: { type: 'cooperativeContract', contractId: null }, notes: '', startDelayMonths: 0, costLines: [] });
  assert.equal(buyThrough(model, 7), 1, 'the first option is the cooperative one');
  assert.deepEqual(model.options[0].kind, { type: 'cooperativeContract', contractId: 7 });
  assert.equal(model.options.length, 2, 'no option is added when one buys through a contract');
  const none = comparison(5, 'A', 'B');
  assert.equal(buyThrough(none, 3), 1);
  assert.deepEqual(none.options[0].kind, { type: 'cooperativeContract', contractId: 3 });
  assert.equal(none.options.length, 3, 'a cooperative option is added when there was none');
});

test('a horizon typed before the first answer still brings the A-94 rate for it', () => {
  const state = newEditorState(null, comparison(5, 'A', 'B'));
  const first = askRateChoice(state); // as the editor opens, at 5 years
  state.model.horizonYears = 7; // the clerk is quick
  const second = askRateChoice(state);
  assert.equal(receiveRateChoice(state, choice(5, '0.003', true), first), false, 'the first answer is late');
  assert.equal(state.rateFollows, true, 'but it says the rate the comparison opened with is A-94’s');
  assert.equal(receiveRateChoice(state, choice(7, '0.006', false), second), true);
  assert.equal(state.model.discount.rate, '0.006');
});
