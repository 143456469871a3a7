// @ts-check
/**
 * The comparison editor's details: the purchase's title and description, the horizon,
 * the first fiscal year, when costs fall in a year, and the discount rate with its
 * source (or the OMB A-94 rate for the horizon, one click away).
 */

import { h } from '../../dom.js';
import { field } from '../../field.js';
import { shiftDecimal } from '../../format.js';

/**
 * @typedef {import('../../api.js').Timing} Timing
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
    // Schedules list one box per year; they follow the horizon.
    act.redrawOptions();
  });
  const fiscalYear = numberInput('cmp-fy', model.start.fiscalYear, 1900, 2200, (n) => { model.start.fiscalYear = n; });
  const rate = input('cmp-rate', shiftDecimal(model.discount.rate, 2) ?? '', (text) => {
    const fraction = shiftDecimal(text.replace('%', ''), -2);
    if (fraction === null) return 'Enter the rate as a percent a year, e.g. 3 or 2.5.';
    model.discount.rate = fraction;
    return null;
  });
  rate.setAttribute('inputmode', 'decimal');
  const source = input('cmp-source', model.discount.source, (text) => { model.discount.source = text; });
  const rateMethod = h('p', { class: 'hint', id: 'cmp-rate-method' });
  const useA94 = h('button', { type: 'button', onclick: () => act.useA94Rate() }, 'Use OMB A-94 rate for this horizon');
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
      field('cmp-rate', 'Discount rate (% a year)', rate),
      field('cmp-source', 'Source of the rate', source)),
    h('div', { class: 'rate-help' }, useA94, rateMethod));
  return { details, title, rate, source, rateMethod };
}
