// The Settings' reminders (ui/js/screens/settings/reminders-state.js): what the clerk
// types for the lead time and the minimum insurance limits, read before it is sent, one
// sentence per field; and the core's refusals landing on the right box.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as reminders from '../../ui/js/screens/settings/reminders-state.js';

const SAVED = {
  defaultLeadDays: 120,
  minimumLimits: [{ kind: 'generalLiability', limit: '1000000.00' }, { kind: 'cyber', limit: '2000000.00' }],
};

test('the boxes show the settings as kept, kinds without a minimum empty', () => {
  const state = reminders.newRemindersState(SAVED);
  assert.equal(state.leadDays, '120');
  assert.equal(state.limits.generalLiability, '1000000.00');
  assert.equal(state.limits.cyber, '2000000.00');
  assert.equal(state.limits.auto, '', 'no minimum for automobile liability');
});

test('typed amounts are sent exact, in the core\'s order of kinds, empty ones left out', () => {
  const state = reminders.newRemindersState({ defaultLeadDays: 120, minimumLimits: [] });
  reminders.typedLeadDays(state, ' 90 days ');
  reminders.typedLimit(state, 'workersComp', '$500,000');
  reminders.typedLimit(state, 'generalLiability', '1,000,000.00');
  const { settings, problems } = reminders.readReminders(state);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    defaultLeadDays: 90,
    minimumLimits: [{ kind: 'generalLiability', limit: '1000000' }, { kind: 'workersComp', limit: '500000' }],
  });
});

test('every box that cannot be read says why, one sentence each, and nothing is sent', () => {
  const state = reminders.newRemindersState(SAVED);
  reminders.typedLeadDays(state, 'forty');
  reminders.typedLimit(state, 'auto', 'a million');
  reminders.typedLimit(state, 'cyber', '0');
  reminders.typedLimit(state, 'umbrella', '1000000.001');
  const { settings, problems } = reminders.readReminders(state);
  assert.equal(settings, null, 'nothing is sent while a box is wrong');
  assert.deepEqual(problems.map((p) => p.field),
    ['defaultLeadDays', 'minimum.auto', 'minimum.cyber', 'minimum.umbrella']);
  assert.match(reminders.problemOf({ ...state, problems }, 'defaultLeadDays') ?? '', /“forty” is not a whole number of days/);
  assert.match(problems[1].message, /“a million” is not an amount/);
  assert.equal(problems[1].label, 'Minimum for automobile liability');
  assert.match(problems[2].message, /more than zero/);
  assert.match(problems[3].message, /more than two decimals/);
  reminders.notSent(state, problems);
  assert.match(state.said?.text ?? '', /4 fields need attention.*Nothing was saved/);
});

test('a lead time past ten years, or none, is refused before it is sent', () => {
  const state = reminders.newRemindersState(SAVED);
  reminders.typedLeadDays(state, '3651');
  assert.match(reminders.readReminders(state).problems[0].message, /more than ten years; enter at most 3650/);
  reminders.typedLeadDays(state, '');
  assert.match(reminders.readReminders(state).problems[0].message, /is required/);
  reminders.typedLeadDays(state, '3650');
  assert.equal(reminders.readReminders(state).settings?.defaultLeadDays, 3650);
});

test('the core\'s refusal of the n-th minimum sent lands on that kind\'s box', () => {
  const state = reminders.newRemindersState(SAVED);
  const sent = reminders.readReminders(state).settings;
  assert.ok(sent);
  reminders.sending(state);
  reminders.refused(state, sent, {
    message: 'Minimum for cyber liability: must be more than zero.',
    fields: [{ field: 'minimumLimits.1', label: 'Minimum for cyber liability', message: 'must be more than zero, in dollars and cents.' }],
  });
  assert.equal(state.saving, false);
  assert.equal(reminders.problemOf(state, 'minimum.cyber'), 'Minimum for cyber liability: must be more than zero, in dollars and cents.');
  assert.equal(reminders.problemOf(state, 'minimum.generalLiability'), null);
});

test('once kept, the boxes show what the core kept and the problems are gone', () => {
  const state = reminders.newRemindersState(SAVED);
  reminders.typedLimit(state, 'auto', '250000');
  reminders.notSent(state, [{ field: 'minimum.auto', label: 'x', message: 'y' }]);
  reminders.saved(state, { defaultLeadDays: 120, minimumLimits: [...SAVED.minimumLimits, { kind: 'auto', limit: '250000.00' }] });
  assert.equal(state.limits.auto, '250000.00', 'cents added as the core keeps them');
  assert.deepEqual(state.problems, []);
  assert.match(state.said?.text ?? '', /^Saved/);
});

test('a contract\'s own lead time: empty is the default, else whole days', () => {
  assert.deepEqual(reminders.readContractLeadDays('  '), { days: null });
  assert.deepEqual(reminders.readContractLeadDays('200'), { days: 200 });
  assert.match(reminders.readContractLeadDays('6 months').problem ?? '', /not a whole number of days/);
});
