// Unit tests of the UI's money and date formatting (`ui/js/format.js`), with node's own
// test runner: `node --test tests/ui/`. The core's figures are exact decimal strings; the
// screen must print them exactly, and what the clerk types must reach the core exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatMoney, shiftDecimal, parseAmount, formatSize, formatDate, expiredSentence, renewalData } from '../../ui/js/format.js';

test('money prints the core\'s exact string as dollars, grouped, to the cent', () => {
  assert.equal(formatMoney('751510.15'), '$751,510.15');
  assert.equal(formatMoney('1234567890123456789.01'), '$1,234,567,890,123,456,789.01',
    'no float: digits past 2^53 survive');
  assert.equal(formatMoney('-1234.5'), '−$1,234.50');
  assert.equal(formatMoney('0.1'), '$0.10');
  assert.equal(formatMoney('7'), '$7.00');
  assert.equal(formatMoney('-0.00'), '$0.00', 'a negative zero is just zero');
  assert.equal(formatMoney('000120.125'), '$120.125', 'more places than cents are shown, not rounded');
  assert.equal(formatMoney('not money'), 'not money', 'anything else is shown as it is');
});

test('a decimal point moves without floating point', () => {
  assert.equal(shiftDecimal('0.035', 2), '3.5', 'a fraction as a percent');
  assert.equal(shiftDecimal('3.5', -2), '0.035', 'a percent as a fraction');
  assert.equal(shiftDecimal('0.1', 2), '10');
  assert.equal(shiftDecimal('-0.0000', 2), '0');
  assert.equal(shiftDecimal('-2.5', -2), '-0.025');
  assert.equal(shiftDecimal('12', 3), '12000');
  assert.equal(shiftDecimal('.5', 1), '5');
  assert.equal(shiftDecimal('', 2), null);
  assert.equal(shiftDecimal('1e3', 0), null, 'exponents are not amounts');
  assert.equal(shiftDecimal('1.2.3', 0), null);
});

test('an amount is read the way the clerk types it', () => {
  assert.equal(parseAmount('$1,200.50'), '1200.5');
  assert.equal(parseAmount(' 1 200 '), '1200');
  assert.equal(parseAmount('−300'), '-300', 'the typographic minus of pasted figures');
  assert.equal(parseAmount('-0'), '0');
  assert.equal(parseAmount('0.1'), '0.1');
  assert.equal(parseAmount(''), null);
  assert.equal(parseAmount('twelve'), null);
  assert.equal(parseAmount('12,34.5.6'), null);
});

test('file sizes read in words', () => {
  assert.equal(formatSize(512), '512 bytes');
  assert.equal(formatSize(12 * 1024), '12 KB');
  assert.equal(formatSize(3.4 * 1024 * 1024), '3.4 MB');
});

test('a date keeps its calendar day whatever the time zone', () => {
  assert.equal(formatDate(null), '—');
  assert.equal(formatDate('not a date'), 'not a date');
  const shown = formatDate('2026-01-31');
  assert.match(shown, /31/, `the 31st stays the 31st: ${shown}`);
  assert.match(shown, /2026/);
});

test('an expired contract says how far it may be extended, or that its renewal terms are unclear', () => {
  const row = { status: 'expiredMayBeExtended', expiryDate: '2026-11-30', mayBeExtendedTo: '2028-11-30' };
  assert.equal(expiredSentence(row), 'Expired on Nov 30, 2026 — may be extended to Nov 30, 2028; verify with the cooperative');
  assert.equal(expiredSentence({ ...row, mayBeExtendedTo: null }),
    'Expired on Nov 30, 2026 — renewal terms unclear; verify with the cooperative');
  assert.equal(expiredSentence({ ...row, status: 'expired' }), 'Expired on Nov 30, 2026');
});

test('renewal options as data read in words, and unread words say so', () => {
  const c = { renewalOptions: 'two (2) one-year extensions', renewalCount: 2, renewalMonths: 12, renewalsUsed: null };
  assert.equal(renewalData(c), '2 options, 1 year each, none recorded as used');
  assert.equal(renewalData({ ...c, renewalCount: 1, renewalMonths: 36, renewalsUsed: 1 }), '1 option, 3 years each, 1 used');
  assert.equal(renewalData({ ...c, renewalMonths: 6 }), '2 options, 6 months each, none recorded as used');
  assert.equal(renewalData({ ...c, renewalCount: 0 }), 'No renewal options');
  assert.equal(renewalData({ ...c, renewalOptions: 'Renewable by mutual agreement', renewalCount: null, renewalMonths: null }),
    'Not read from the words — verify');
  assert.equal(renewalData({ ...c, renewalOptions: '', renewalCount: null, renewalMonths: null }), '');
});
