// @ts-check
/**
 * The results' headline and the plain words for their terms, as text: which option is
 * cheapest, by how much and when it breaks even — or that there is nothing to compare
 * yet. Pure functions of the core's figures, tested in node
 * (`tests/ui/comparison-summary.test.mjs`); `results.js` draws them.
 */

import { formatMoney } from '../../format.js';

/**
 * @typedef {import('../../api.js').ComparisonResults} ComparisonResults
 * @typedef {import('../../api.js').BreakEven} BreakEven
 */

/** One plain sentence for each term the results use. */
export const TERMS = [
  ['Present value', 'what the future costs are worth today: each year’s cost divided by (1 + the discount rate) for every year it lies ahead, so money spent later counts for less.'],
  ['Breaks even (PV)', 'the first year from which the option’s running total in present value stays below the baseline’s.'],
  ['Dollars spent', 'the costs as they will actually be paid, year by year, with no discounting.'],
];

/** @param {string} amount  an exact decimal string */
function isZero(amount) {
  return !/[1-9]/.test(amount);
}

/**
 * When an option breaks even, in words.
 * @param {ComparisonResults} r
 * @param {BreakEven | null} b
 */
export function breakEvenWords(r, b) {
  if (!b) return '—';
  if (b.status === 'notWithinHorizon') return 'not within the horizon';
  return `year ${b.year} (${r.years[b.year]?.label ?? ''})`;
}

/**
 * The headline: nothing entered yet; the baseline cheapest; options costing the same as
 * the baseline; or the cheapest option, its savings and when it breaks even.
 * @param {ComparisonResults} r
 * @returns {{kind: 'empty' | 'baseline' | 'same' | 'cheaper', text: string}}
 */
export function headline(r) {
  const baseline = r.options[0];
  const best = r.options[r.ranking[0]];
  if (r.options.every((o) => isZero(o.presentValue) && isZero(o.nominalTotal))) {
    return {
      kind: 'empty',
      text: 'No costs entered yet: add each option’s cost lines to see which is cheapest, by how much, and when it breaks even.',
    };
  }
  if (best.isBaseline) {
    return { kind: 'baseline', text: `Keeping “${best.name}” is the cheapest in present value: ${formatMoney(best.presentValue)}.` };
  }
  if (isZero(best.pvSavings)) {
    return {
      kind: 'same',
      text: `“${best.name}” costs the same as “${baseline.name}” in present value: ${formatMoney(best.presentValue)}; neither saves anything.`,
    };
  }
  return {
    kind: 'cheaper',
    text: `${best.name} is the cheapest in present value: ${formatMoney(best.presentValue)}, ${formatMoney(best.pvSavings)} less than “${baseline.name}”. `
      + `It breaks even in ${breakEvenWords(r, best.breakEvenPv)} in present value, ${breakEvenWords(r, best.breakEvenNominal)} in dollars spent.`,
  };
}
