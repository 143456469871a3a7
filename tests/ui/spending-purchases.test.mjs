// Unit tests of the Spending screen's purchase forms' state (`ui/js/screens/spending/state.js`):
// what is sent to the core, how its refusals are kept, and what the form says after.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  brokenRules, cancelledOverride, emptyForm, invoiceInput, newSpendingState, orderInput, recorded,
  refreshed, refused, select, typed,
} from '../../ui/js/screens/spending/state.js';

const READ = (date) => ({ date, readAs: `Read as ${date}`, problem: null });
const UNREADABLE = { date: null, readAs: '', problem: "'3/45/2026' is not a date CoopDesk can read." };

function filledOrder() {
  const form = emptyForm();
  typed(form, 'number', ' 4500-0150 ');
  typed(form, 'date', '3/9/2026');
  typed(form, 'amount', '4,400.00');
  typed(form, 'fiscalYear', 'FY2026');
  typed(form, 'accountCode', '101-4200');
  typed(form, 'description', 'Toner');
  return form;
}

test('a purchase order is sent as typed, with the date as the core read it', () => {
  const { input, problems } = orderInput(7, filledOrder(), READ('2026-03-09'));
  assert.deepEqual(problems, []);
  assert.deepEqual(input, {
    approvalId: 7, number: '4500-0150', date: '2026-03-09', amount: '4,400.00', fiscalYear: 'FY2026',
    accountCode: '101-4200', description: 'Toner', vendor: '', lines: [],
  });
});

test('a date the core could not read is a problem at its field, in the core\'s sentence', () => {
  const { problems } = orderInput(7, filledOrder(), UNREADABLE);
  assert.deepEqual(problems, [{ field: 'date', label: 'PO date', message: UNREADABLE.problem }]);
  const invoice = emptyForm();
  typed(invoice, 'poNumber', '4500-0150');
  const both = invoiceInput(invoice, UNREADABLE, UNREADABLE).problems.map((p) => p.field);
  assert.deepEqual(both, ['date', 'paidDate']);
});

test('an invoice carries its PO, its paid date and whether it is a credit memo', () => {
  const form = emptyForm();
  typed(form, 'poNumber', '4500-0150');
  typed(form, 'number', 'CM-3');
  typed(form, 'amount', '200.00');
  form.creditMemo = true;
  const { input } = invoiceInput(form, READ('2026-03-20'), { date: null, readAs: '', problem: null });
  assert.deepEqual(input, {
    poNumber: '4500-0150', number: 'CM-3', date: '2026-03-20', amount: '200.00', paidDate: null, creditMemo: true,
  });
});

test('needs_override lists each rule\'s sentence; any other refusal is no override', () => {
  const over = {
    code: 'needs_override', message: 'needs a reason',
    fields: [
      { field: 'notToExceed', label: 'Not-to-exceed', message: 'This takes … $40.00 past the $74,360.00 not-to-exceed.' },
      { field: 'fiscalYear', label: 'Fiscal year', message: 'FY2027 is not a fiscal year the action covers.' },
    ],
  };
  assert.deepEqual(brokenRules(over), [over.fields[0].message, over.fields[1].message]);
  assert.equal(brokenRules({ code: 'invalid_input', message: 'x', fields: [] }), null);
});

test('a refusal keeps the text and puts each sentence at its field, or above when it names none', () => {
  const form = filledOrder();
  const field = { field: 'amount', label: 'PO amount', message: "'4,4OO' is not an amount." };
  refused(form, { code: 'invalid_input', message: 'One field', fields: [field] });
  assert.deepEqual(form.problems, [field]);
  assert.equal(form.values.number, ' 4500-0150 ', 'nothing typed is lost');
  refused(form, { code: 'not_found', message: 'No purchase order 4500-0999.', fields: [] });
  assert.deepEqual(form.problems, [{ field: '', label: '', message: 'No purchase order 4500-0999.' }]);
});

test('cancelling the override records nothing and keeps the text; recording empties the form', () => {
  const form = filledOrder();
  cancelledOverride(form);
  assert.equal(form.status, 'Nothing was recorded.');
  assert.equal(form.values.amount, '4,400.00');
  recorded(form, 'order', '4500-0150', true);
  assert.deepEqual(form.values, {});
  assert.equal(form.status, 'Recorded purchase order 4500-0150, with the override reason.');
  const invoice = emptyForm();
  typed(invoice, 'poNumber', '4500-0150');
  typed(invoice, 'number', 'INV-91');
  invoice.creditMemo = true;
  recorded(invoice, 'invoice', 'INV-91', false);
  assert.deepEqual(invoice.values, { poNumber: '4500-0150' }, 'the next invoice bills the same PO');
  assert.equal(invoice.creditMemo, false);
  assert.equal(invoice.status, 'Recorded invoice INV-91.');
});

test('choosing another action starts its forms afresh; choosing the same one keeps them', () => {
  const approval = (id) => ({ approval: { id }, figures: {} });
  const state = newSpendingState([approval(1), approval(2)]);
  select(state, 1);
  typed(state.order, 'number', '4500-0150');
  select(state, 1);
  assert.equal(state.order.values.number, '4500-0150');
  select(state, 2);
  assert.deepEqual(state.order.values, {});
  refreshed(state, [approval(2)]);
  assert.equal(state.approvals.length, 1);
});
