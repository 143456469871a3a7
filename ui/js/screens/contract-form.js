// @ts-check
/**
 * Adding and editing a contract: every field of the record, grouped as in DESIGN.md.
 *
 * The core validates (required fields, dates in order, admin fee, duplicates) and its
 * field errors are shown beside their fields. What cannot even be sent — a date that is
 * not a date, a fee that is not a number — is caught here first, with the same wording
 * style, because the wire types are dates and decimals, not free text.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { parseAmount } from '../format.js';
import { isIsoDate } from './contract-detail.js';

/**
 * @typedef {'text' | 'long' | 'list' | 'date' | 'count' | 'percent' | 'clause' | 'award'} Kind
 * @typedef {[keyof api.Contract, string, Kind, string?]} Field  key, label, kind, hint
 */

/** @type {[string, Field[]][]} */
const GROUPS = [
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
    ['renewalOptions', 'Renewal options', 'text'],
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
const REQUIRED = new Set(['cooperative', 'contractNumber', 'title', 'vendorName']);

/**
 * @param {HTMLElement} main
 * @param {api.Contract | null} contract  null to add a new one
 * @param {{saved: (stored: api.Contract) => void, cancelled: () => void}} events
 */
export function showForm(main, contract, events) {
  const editing = contract !== null;
  /** @type {Map<string, {input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, error: HTMLElement, wrap: HTMLElement}>} */
  const controls = new Map();
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save contract');

  const priceList = h('textarea', { id: 'f-priceLines', rows: 3, 'aria-describedby': 'f-priceLines-hint f-priceLines-error' });
  const priceError = h('p', { class: 'field-error', id: 'f-priceLines-error' });
  const priceWrap = h('div', { class: 'field span' },
    h('label', { for: 'f-priceLines' }, 'Price list lines'),
    priceList,
    h('p', { class: 'hint', id: 'f-priceLines-hint' }, 'One line per item: item | unit | unit price | notes, e.g. “Ford F-250 | each | $57,481.00”.'),
    priceError);
  if (editing && contract.id !== null) {
    api.getPriceLines(contract.id)
      .then((lines) => {
        priceList.value = lines.map((l) => [l.item, l.unit, l.unitPrice, l.notes].join(' | ').replace(/( \| )+$/, '')).join('\n');
      })
      .catch((error) => { priceError.textContent = api.toAppError(error).message; });
  }

  const form = h('form', { class: 'contract-form', novalidate: true },
    GROUPS.map(([title, fields]) => h('fieldset', { class: 'form-group' },
      h('legend', {}, title),
      fields.map((field) => control(field)))),
    h('fieldset', { class: 'form-group' }, h('legend', {}, 'Price list'), priceWrap),
    summary,
    h('div', { class: 'actions sticky-actions' },
      save,
      h('button', { type: 'button', onclick: () => events.cancelled() }, 'Cancel')));
  form.addEventListener('submit', submit);

  replace(main,
    h('h1', {}, editing ? `Edit ${contract.contractNumber}` : 'Add a contract'),
    h('p', { class: 'lede' }, 'Fields marked “required” are needed to save; the rest can be filled in as you learn them. Dates are written YYYY-MM-DD.'),
    form);
  controls.set('priceLines', { input: priceList, error: priceError, wrap: priceWrap });
  controls.get('cooperative')?.input.focus();

  /** @param {Field} field */
  function control([key, label, kind, hint]) {
    const id = `f-${key}`;
    const value = contract ? contract[key] : null;
    /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} */
    let input;
    if (kind === 'long' || kind === 'list') {
      input = h('textarea', { id, rows: kind === 'list' ? 2 : 3 });
      input.value = Array.isArray(value) ? value.join('\n') : String(value ?? '');
    } else if (kind === 'clause') {
      input = h('select', { id },
        h('option', { value: '', selected: value === null }, 'Not known'),
        h('option', { value: 'yes', selected: value === true }, 'Yes'),
        h('option', { value: 'no', selected: value === false }, 'No'));
    } else if (kind === 'award') {
      input = h('select', { id },
        h('option', { value: '', selected: value === null }, 'Not known'),
        h('option', { value: 'single', selected: value === 'single' }, 'Single award'),
        h('option', { value: 'multiple', selected: value === 'multiple' }, 'Multiple award'));
    } else {
      input = h('input', {
        id, type: 'text',
        placeholder: kind === 'date' ? 'YYYY-MM-DD' : undefined,
        inputmode: kind === 'count' || kind === 'percent' ? 'decimal' : undefined,
      });
      input.value = value === null || value === undefined ? '' : String(value);
    }
    const error = h('p', { class: 'field-error', id: `${id}-error` });
    const describedBy = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
    input.setAttribute('aria-describedby', describedBy);
    if (REQUIRED.has(key)) input.setAttribute('aria-required', 'true');
    const wrap = h('div', { class: `field${kind === 'long' || kind === 'list' ? ' span' : ''}` },
      h('label', { for: id }, label, REQUIRED.has(key) ? h('span', { class: 'required' }, ' (required)') : null),
      input,
      hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
      error);
    controls.set(key, { input, error, wrap });
    return wrap;
  }

  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    clearErrors();
    const { record, problems } = read();
    const lines = readPriceLines(problems);
    if (problems.length > 0) {
      showErrors(problems);
      return;
    }
    save.disabled = true;
    try {
      const stored = await api.saveContract(record);
      if (stored.id !== null) await api.setPriceLines(stored.id, lines);
      events.saved(stored);
      document.dispatchEvent(new CustomEvent('coopdesk:changed'));
    } catch (error) {
      const problem = api.toAppError(error);
      showErrors(problem.fields?.length ? problem.fields : [{ field: '', label: '', message: problem.message }]);
    } finally {
      save.disabled = false;
    }
  }

  /**
   * The record the form describes, and what could not be read from it.
   * @returns {{record: api.Contract, problems: api.FieldError[]}}
   */
  function read() {
    /** @type {Record<string, unknown>} */
    const record = { id: contract?.id ?? null };
    /** @type {api.FieldError[]} */
    const problems = [];
    for (const [, fields] of GROUPS) {
      for (const [key, label, kind] of fields) {
        const raw = /** @type {NonNullable<ReturnType<typeof controls.get>>} */ (controls.get(key)).input.value;
        const text = raw.trim();
        const problem = (/** @type {string} */ message) => problems.push({ field: key, label, message });
        if (kind === 'list') {
          record[key] = raw.split('\n').map((line) => line.trim()).filter(Boolean);
        } else if (kind === 'date') {
          if (text && !isIsoDate(text)) problem(`${text} is not a date. Write it as YYYY-MM-DD, for example 2026-03-31.`);
          record[key] = text || null;
        } else if (kind === 'count') {
          const what = key === 'awardeeCount' ? 'awardees' : 'responses';
          if (text && !/^\d+$/.test(text)) problem(`${text} is not a whole number. Write the number of ${what}, or leave it empty.`);
          record[key] = text ? Number(text) : null;
        } else if (kind === 'percent') {
          const plain = text.replace(/%$/, '').trim();
          if (plain && !/^-?\d+(\.\d+)?$/.test(plain)) problem(`${text} is not a number. Write a percentage such as 1.5, or leave it empty.`);
          record[key] = plain || null;
        } else if (kind === 'clause') {
          record[key] = text === '' ? null : text === 'yes';
        } else if (kind === 'award') {
          record[key] = text === '' ? null : text;
        } else {
          record[key] = text;
        }
      }
    }
    return { record: /** @type {api.Contract} */ (/** @type {unknown} */ (record)), problems };
  }

  /**
   * The price list lines as typed, prices read exactly; a line that cannot be read is
   * reported by its number.
   * @param {api.FieldError[]} problems
   * @returns {api.PriceLine[]}
   */
  function readPriceLines(problems) {
    /** @type {api.PriceLine[]} */
    const lines = [];
    priceList.value.split('\n').forEach((raw, index) => {
      if (!raw.trim()) return;
      const [item = '', unit = '', price = '', ...notes] = raw.split('|').map((part) => part.trim());
      const unitPrice = parseAmount(price);
      if (!item || unitPrice === null) {
        problems.push({
          field: 'priceLines',
          label: 'Price list',
          message: `Line ${index + 1} (“${raw.trim()}”) needs an item and a unit price, as item | unit | unit price | notes.`,
        });
        return;
      }
      lines.push({ item, unit, unitPrice, notes: notes.join(' | ') });
    });
    return lines;
  }

  function clearErrors() {
    replace(summary);
    for (const { input, error, wrap } of controls.values()) {
      error.textContent = '';
      wrap.classList.remove('has-error');
      input.removeAttribute('aria-invalid');
    }
  }

  /** @param {api.FieldError[]} problems */
  function showErrors(problems) {
    /** @type {HTMLElement | null} */
    let first = null;
    const general = [];
    for (const problem of problems) {
      const place = controls.get(problem.field);
      if (!place) {
        general.push(problem.message);
        continue;
      }
      const sentence = `${problem.label}: ${problem.message}`;
      place.error.textContent = place.error.textContent ? `${place.error.textContent} ${sentence}` : sentence;
      place.wrap.classList.add('has-error');
      place.input.setAttribute('aria-invalid', 'true');
      first ??= place.input;
    }
    const count = problems.length - general.length;
    replace(summary,
      count > 0 ? h('p', {}, `${count} field${count === 1 ? ' needs' : 's need'} attention before the contract can be saved; each is marked below its box.`) : null,
      general.map((message) => h('p', {}, message)));
    const target = first ?? save;
    target.focus();
    // The action bar is sticky at the bottom; centre the field so its message shows.
    target.scrollIntoView({ block: 'center' });
  }
}
