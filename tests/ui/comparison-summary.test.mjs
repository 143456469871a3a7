// Unit tests of the comparison results' headline (`ui/js/screens/comparisons/summary.js`),
// with node's own test runner: `node --test tests/ui/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { TERMS, headline } from '../../ui/js/screens/comparisons/summary.js';

/** Results with the baseline and one option, as the core sends them. */
function results({ baseline, option, savings, breakEven }) {
  const opt = (name, pv, isBaseline, pvSavings, be) => ({
    name, isBaseline, presentValue: pv, nominalTotal: pv, pvSavings, rank: 1,
    breakEvenPv: be, breakEvenNominal: be,
  });
  const options = [opt('Keep', baseline, true, '0.00', null), opt('Buy', option, false, savings, breakEven)];
  const ranking = Number(option) < Number(baseline) ? [1, 0] : [0, 1];
  return { options, ranking, years: [{ label: 'FY2027' }, { label: 'FY2028' }] };
}

test('a comparison with no costs entered says so, and never that it breaks even', () => {
  const said = headline(/** @type {any} */ (results({
    baseline: '0.00', option: '0.00', savings: '0.00', breakEven: { status: 'year', year: 1 },
  })));
  assert.equal(said.kind, 'empty');
  assert.doesNotMatch(said.text, /breaks even in/);
});

test('an option costing what the baseline costs is not called cheaper', () => {
  const r = results({ baseline: '100.00', option: '100.00', savings: '0.00', breakEven: { status: 'year', year: 1 } });
  r.ranking = [1, 0];
  const said = headline(/** @type {any} */ (r));
  assert.equal(said.kind, 'same');
  assert.match(said.text, /costs the same/);
});

test('the cheapest option, its savings and its break-even year', () => {
  const said = headline(/** @type {any} */ (results({
    baseline: '1000.00', option: '800.00', savings: '200.00', breakEven: { status: 'year', year: 1 },
  })));
  assert.equal(said.kind, 'cheaper');
  assert.match(said.text, /\$200\.00 less than “Keep”/);
  assert.match(said.text, /breaks even in year 1 \(FY2028\)/);
});

test('present value, break-even and dollars spent are each said in one plain sentence', () => {
  assert.deepEqual(TERMS.map(([term]) => term), ['Present value', 'Breaks even (PV)', 'Dollars spent']);
  for (const [, words] of TERMS) assert.match(words, /^[a-z].*\.$/);
});
