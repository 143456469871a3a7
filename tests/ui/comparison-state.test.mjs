// Unit tests of the comparison editor's state (`ui/js/screens/comparisons/state.js`), with
// node's own test runner: `node --test tests/ui/`. These are the changes the editor's
// buttons make to the comparison before the core calculates it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  addCostLine, addOption, convertTiming, isDirty, newEditorState, placeOfCoreError,
  removeOption, saved, toCalculate, unusedOptionName,
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
