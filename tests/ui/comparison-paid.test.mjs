// Unit tests of which cost lines are paid to the vendor
// (`ui/js/screens/comparisons/paid.js`): `node --test tests/ui/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { isPaidToVendor, markPaidToVendor } from '../../ui/js/screens/comparisons/paid.js';

const categories = [
  { category: 'acquisition', label: 'Acquisition', isOffset: false, paidToVendorByDefault: true },
  { category: 'internalStaffTime', label: 'Internal staff time', isOffset: false, paidToVendorByDefault: false },
];

/** A line as a file written before the flag existed holds it. */
function line(category) {
  return { category, description: '', timing: { type: 'oneTime', year: 0, amount: '100.00' } };
}

test('an unmarked line follows its category, also after the category changes', () => {
  const bought = line('acquisition');
  assert.equal(isPaidToVendor(bought, categories), true, 'the purchase is paid to the vendor');
  bought.category = 'internalStaffTime';
  assert.equal(isPaidToVendor(bought, categories), false, 'staff time is the jurisdiction\'s own');
  assert.equal(isPaidToVendor(line('unknownCategory'), categories), false);
});

test('a line the clerk marked keeps the mark whatever its category', () => {
  const setUp = line('internalStaffTime');
  markPaidToVendor(setUp, true);
  assert.equal(isPaidToVendor(setUp, categories), true);
  setUp.category = 'acquisition';
  markPaidToVendor(setUp, false);
  assert.equal(isPaidToVendor(setUp, categories), false, 'unticked stays unticked');
  assert.equal(setUp.paidToVendor, false, 'the mark is saved with the line');
});
