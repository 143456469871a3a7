// @ts-check
/**
 * The comparison editor's details: the purchase's title and description, the horizon,
 * the first fiscal year, when costs fall in a year, and the discount rate with its
 * source: the jurisdiction's policy rate and the OMB A-94 rate for the horizon one click
 * away (the policy rate first), the A-94 table's year and age, and a sentence beside the
 * rate when it is negative or unusually high ({@link renderRateChoice}).
 */

import { h } from '../../dom.js';
import { field } from '../../field.js';
import { shiftDecimal } from '../../format.js';

/**
 * @typedef {import('../../api.js').Timing} Timing
 * @typedef {import('../../api.js').RateChoice} RateChoice
 * @typedef {import('./editor.js').Screen} Screen
 */

const CONVENTIONS = /** @type {const} */ ([
  ['endOfYear', 'End of year (usual)'],
  ['startOfYear', 'Start of year'],
  ['midYear', 'Mid-year'],
]);

/**
 * The details section, and the boxes the editor fills or focuses itself.
 * @param {Screen} screen
 */
export function detailsSection({ state, inputs, act }) {
  const { model } = state;
  const { input, numberInput } = inputs;
  const title = input('cmp-title', model.title, (text) => { model.title = text; });
  title.setAttribute('placeholder', 'e.g. Utility billing software');
  const description = h('textarea', { id: 'cmp-description', rows: 2 }, model.purchaseDescription);
  description.addEventListener('input', () => { model.purchaseDescription = description.value; act.changed(); });

  const horizon = numberInput('cmp-horizon', model.horizonYears, 1, 30, (n) => {
    model.horizonYears = n;
    // Schedules list one box per year; they follow the horizon, and so may the rate.
    act.redrawOptions();
    act.periodChanged();
  });
  const fiscalYear = numberInput('cmp-fy', model.start.fiscalYear, 1900, 2200, (n) => {
    model.start.fiscalYear = n;
    act.periodChanged(); // the A-94 table's age is counted from year 1
  });
  const rate = input('cmp-rate', shiftDecimal(model.discount.rate, 2) ?? '', (text) => {
    const fraction = shiftDecimal(text.replace('%', ''), -2);
    if (fraction === null) return 'Enter the rate as a percent a year, e.g. 3 or 2.5.';
    model.discount.rate = fraction;
    act.rateTyped();
    return null;
  });
  rate.setAttribute('inputmode', 'decimal');
  const source = input('cmp-source', model.discount.source, (text) => {
    model.discount.source = text;
    act.rateTyped();
  });
  const rateMethod = h('p', { class: 'hint', id: 'cmp-rate-method' });
  const rateNote = h('p', { class: 'rate-note', id: 'cmp-rate-note' });
  const tableWarning = h('p', { class: 'rate-note', id: 'cmp-table-warning' });
  const usePolicy = h('button', { type: 'button', id: 'cmp-use-policy', hidden: true, onclick: () => act.usePolicyRate() });
  const useA94 = h('button', { type: 'button', id: 'cmp-use-a94', onclick: () => act.useA94Rate() }, 'Use OMB A-94 rate for this horizon');
  const convention = h('select', { id: 'cmp-timing' },
    CONVENTIONS.map(([value, label]) => h('option', { value, selected: value === model.timing }, label)));
  convention.addEventListener('change', () => { model.timing = /** @type {Timing} */ (convention.value); act.changed(); });

  const details = h('section', { class: 'details', 'aria-label': 'Comparison details' },
    field('cmp-title', 'Title', title),
    field('cmp-description', 'What is being bought', description),
    h('div', { class: 'field-row' },
      field('cmp-horizon', 'Horizon (years, 1–30)', horizon),
      field('cmp-fy', 'Year 1 is fiscal year', fiscalYear),
      field('cmp-timing', 'Costs fall at', convention)),
    h('div', { class: 'field-row' },
      h('div', { class: 'field-stack' }, field('cmp-rate', 'Discount rate (% a year)', rate), rateNote),
      field('cmp-source', 'Source of the rate', source)),
    h('div', { class: 'rate-help' }, usePolicy, useA94, rateMethod, tableWarning));
  const rates = { rate, source, rateMethod, rateNote, tableWarning, usePolicy, useA94 };
  return { details, title, rates };
}

/** @typedef {ReturnType<typeof detailsSection>['rates']} RateView */

/**
 * Shows what the core offers for the rate: the policy rate's button first (when Settings
 * hold one), the A-94 button naming its table's year, the table's age, and what an
 * unusual rate means, beside the rate.
 * @param {RateView} view
 * @param {RateChoice} choice
 */
export function renderRateChoice(view, choice) {
  const { policy } = choice;
  view.usePolicy.hidden = policy === null;
  view.usePolicy.textContent = policy
    ? `Use your policy rate: ${shiftDecimal(policy.rate, 2) ?? policy.rate}% (${policy.source})`
    : '';
  view.useA94.textContent = `Use OMB A-94 rate for this horizon (${choice.table})`;
  view.tableWarning.textContent = choice.tableWarning ?? '';
  view.rateNote.textContent = choice.rateNote ?? '';
  if (choice.rateNote) view.rate.setAttribute('aria-describedby', 'cmp-rate-note');
  else if (view.rate.getAttribute('aria-describedby') === 'cmp-rate-note') view.rate.removeAttribute('aria-describedby');
}

/**
 * Puts the comparison's rate and source back in their boxes (the core replaced them).
 * @param {RateView} view
 * @param {import('../../api.js').DiscountRate} discount
 */
export function showRate(view, discount) {
  view.rate.value = shiftDecimal(discount.rate, 2) ?? discount.rate;
  view.source.value = discount.source;
}
