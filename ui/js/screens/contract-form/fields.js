// @ts-check
/**
 * The contract form's fields: every field of the record, grouped as in DESIGN.md, with
 * its kind (how it is typed and read) and hint; and the control each kind is typed in.
 */

import { h } from '../../dom.js';
import { readTypedDates } from '../../typed-date.js';

/**
 * @typedef {'text' | 'long' | 'list' | 'date' | 'count' | 'percent' | 'money' | 'clause' | 'award' | 'valueKind'} Kind
 * @typedef {[keyof import('../../api.js').Contract, string, Kind, string?]} Field  key, label, kind, hint
 */

/** @type {[string, Field[]][]} */
export const GROUPS = [
  ['Identity', [
    ['cooperative', 'Cooperative', 'text', 'Sourcewell, NASPO ValuePoint, OMNIA Partners…'],
    ['leadAgency', 'Lead agency', 'text'],
    ['contractNumber', 'Contract number', 'text'],
    ['numberVariants', 'Other forms of the number', 'list', 'One per line, as sources write it.'],
    ['title', 'Title', 'text'],
    ['vendorName', 'Vendor', 'text'],
    ['vendorAliases', 'Other spellings of the vendor', 'list', 'One per line.'],
    ['vendorContact', 'Vendor contact', 'text'],
    ['vendorEmail', 'Vendor email', 'text'],
    ['vendorPhone', 'Vendor phone', 'text'],
  ]],
  ['Supplier', [
    ['smallBusiness', 'Small business', 'clause', 'As the source states it; “Not known” if it does not say.'],
    ['localStates', 'Local supplier in', 'list', 'Two-letter codes of the states where the source calls the supplier local, one per line.'],
    ['minorityOwned', 'Minority-owned', 'clause', 'As the source states it.'],
    ['womanOwned', 'Woman-owned', 'clause', 'As the source states it.'],
    ['veteranOwned', 'Veteran-owned', 'clause', 'As the source states it.'],
  ]],
  ['What', [
    ['category', 'Category', 'text'],
    ['nigpCodes', 'NIGP codes', 'list', 'One per line.'],
    ['unspscCodes', 'UNSPSC codes', 'list', 'One per line.'],
    ['description', 'Description', 'long'],
    ['keywords', 'Keywords', 'list', 'One per line; they help search find the contract.'],
  ]],
  ['Solicitation', [
    ['solicitationNumber', 'Solicitation number', 'text'],
    ['solicitationMethod', 'Solicitation method', 'text', 'RFP, IFB, RFQ…'],
    ['solicitationIssued', 'Solicitation issued', 'date'],
    ['responseCount', 'Number of responses', 'count', 'Leave empty if not known.'],
    ['cooperativeClause', 'Cooperative clause', 'clause', 'Did the solicitation name other agencies as eligible users?'],
    ['awardType', 'Award type', 'award', 'One supplier or several? A multiple award may need a documented choice among the awardees.'],
    ['awardeeCount', 'Number of awardees', 'count', 'For a multiple award, when known.'],
  ]],
  ['Dates', [
    ['awardDate', 'Award date', 'date'],
    ['effectiveDate', 'Effective date', 'date'],
    ['expiryDate', 'Expiry date', 'date', 'The current expiry.'],
    ['expiryAsPublished', 'Expiry as published', 'text', 'The words the source used.'],
    ['renewalOptions', 'Renewal options', 'text', 'The source’s words, such as “two (2) one-year renewals”.'],
    ['renewalCount', 'Number of renewal options', 'count', 'Left empty, read from the words when they say it plainly; 0 for none.'],
    ['renewalMonths', 'Months each renewal', 'count', '12 for one year.'],
    ['renewalsUsed', 'Renewals used', 'count', 'Already taken: the expiry date above includes them.'],
    ['finalExpiryDate', 'Final possible expiry', 'date', 'If every renewal is taken.'],
  ]],
  ['Eligibility', [
    ['entityTypes', 'Entity types', 'list', 'One per line: city, county, school district…'],
    ['eligibleStates', 'States where usable', 'list', 'Two-letter codes, one per line. Leave empty if usable in every state.'],
    ['eligibilityNotes', 'Eligibility notes', 'long'],
  ]],
  ['Terms', [
    ['pricingBasis', 'Pricing basis', 'text', 'Discount off list, fixed price list, rate card…'],
    ['adminFeePercent', 'Admin fee (%)', 'percent', 'A percentage such as 1.5; leave empty if not published.'],
    ['adminFeeNotes', 'Admin fee notes', 'text'],
    ['value', 'Contract value ($)', 'money', 'As the source states it, e.g. 1,250,000.00; leave empty if not published.'],
    ['valueKind', 'Kind of value', 'valueKind', 'A maximum (not to exceed), an estimate, or an amount per year.'],
    ['warranty', 'Warranty', 'text'],
    ['insuranceNotes', 'Insurance and bonding notes', 'long'],
  ]],
  ['Provenance', [
    ['sources', 'Sources', 'list', 'Addresses or documents, one per line.'],
    ['lastVerified', 'Last verified', 'date'],
    ['notes', 'Notes', 'long'],
    ['tags', 'Tags', 'list', 'One per line.'],
  ]],
];

/** Fields the core requires; marked in the form so nobody learns it from an error. */
export const REQUIRED = new Set(['cooperative', 'contractNumber', 'title', 'vendorName']);

/**
 * A field's control, its error slot and the box around them, as the form keeps them.
 * @typedef {{input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, error: HTMLElement, wrap: HTMLElement}} Control
 */

/**
 * One field: its label (marked when required), the control holding `value`, its hint and
 * its error slot.
 * @param {Field} field
 * @param {unknown} value  the contract's value, null when adding
 * @returns {Control}
 */
export function fieldControl([key, label, kind, hint], value) {
  const id = `f-${key}`;
  const input = controlOf(id, kind, value);
  const error = h('p', { class: 'field-error', id: `${id}-error` });
  const describedBy = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
  if (REQUIRED.has(key)) input.setAttribute('aria-required', 'true');
  const wrap = h('div', { class: `field${kind === 'long' || kind === 'list' ? ' span' : ''}` },
    h('label', { for: id }, label, REQUIRED.has(key) ? h('span', { class: 'required' }, ' (required)') : null),
    input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    kind === 'date' ? readTypedDates(input) : null,
    error);
  return { input, error, wrap };
}

/**
 * The control a kind of field is typed in, holding `value`.
 * @param {string} id
 * @param {Kind} kind
 * @param {unknown} value
 * @returns {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement}
 */
function controlOf(id, kind, value) {
  if (kind === 'long' || kind === 'list') {
    const area = h('textarea', { id, rows: kind === 'list' ? 2 : 3 });
    area.value = Array.isArray(value) ? value.join('\n') : String(value ?? '');
    return area;
  }
  if (kind === 'clause') {
    return h('select', { id },
      h('option', { value: '', selected: value === null }, 'Not known'),
      h('option', { value: 'yes', selected: value === true }, 'Yes'),
      h('option', { value: 'no', selected: value === false }, 'No'));
  }
  if (kind === 'valueKind') {
    return h('select', { id },
      h('option', { value: '', selected: value === null }, 'Not known'),
      h('option', { value: 'maximum', selected: value === 'maximum' }, 'Maximum (not to exceed)'),
      h('option', { value: 'estimated', selected: value === 'estimated' }, 'Estimated'),
      h('option', { value: 'annual', selected: value === 'annual' }, 'Per year'));
  }
  if (kind === 'award') {
    return h('select', { id },
      h('option', { value: '', selected: value === null }, 'Not known'),
      h('option', { value: 'single', selected: value === 'single' }, 'Single award'),
      h('option', { value: 'multiple', selected: value === 'multiple' }, 'Multiple award'));
  }
  const input = h('input', {
    id, type: 'text',
    placeholder: kind === 'date' ? 'e.g. 12/7/2026' : undefined,
    inputmode: kind === 'count' || kind === 'percent' || kind === 'money' ? 'decimal' : undefined,
  });
  input.value = value === null || value === undefined ? '' : String(value);
  return input;
}

/** The price list, typed one line per item. @returns {Control} */
export function priceListControl() {
  const input = h('textarea', { id: 'f-priceLines', rows: 3, 'aria-describedby': 'f-priceLines-hint f-priceLines-error' });
  const error = h('p', { class: 'field-error', id: 'f-priceLines-error' });
  const wrap = h('div', { class: 'field span' },
    h('label', { for: 'f-priceLines' }, 'Price list lines'),
    input,
    h('p', { class: 'hint', id: 'f-priceLines-hint' }, 'One line per item: item | unit | unit price | notes, e.g. “Ford F-250 | each | $57,481.00”.'),
    error);
  return { input, error, wrap };
}
