// @ts-check
/**
 * Reading the contract form: the record its boxes describe, and its price list, with
 * what cannot even be sent — a date that is not a date, a fee that is not a number, a
 * price line without a price — as field errors in the core's wording style, because the
 * wire types are dates and decimals, not free text.
 */

import { parseAmount } from '../../format.js';
import { isIsoDate } from '../contract-detail.js';
import { GROUPS } from './fields.js';

/**
 * @typedef {import('../../api.js').Contract} Contract
 * @typedef {import('../../api.js').FieldError} FieldError
 * @typedef {import('../../api.js').PriceLine} PriceLine
 * @typedef {import('./fields.js').Kind} Kind
 */

/**
 * The record the form describes, and what could not be read from it.
 * @param {number | null} id  the contract's id, null when adding
 * @param {(key: string) => string} valueOf  the text in a field's box
 * @param {Map<string, import('../../api.js').DateReading>} [dates]  how the core read each
 *   date field's text (`typed-date.js`): 12/7/2026 is sent as 2026-12-07
 * @returns {{record: Contract, problems: FieldError[]}}
 */
export function readRecord(id, valueOf, dates = new Map()) {
  /** @type {Record<string, unknown>} */
  const record = { id };
  /** @type {FieldError[]} */
  const problems = [];
  for (const [, fields] of GROUPS) {
    for (const [key, label, kind] of fields) {
      const { value, problem } = kind === 'date' ? readDate(valueOf(key), dates.get(key)) : readValue(key, kind, valueOf(key));
      record[key] = value;
      if (problem) problems.push({ field: key, label, message: problem });
    }
  }
  return { record: /** @type {Contract} */ (/** @type {unknown} */ (record)), problems };
}

/**
 * A date field's value as the wire wants it (ISO), from the core's reading of what was
 * typed, or the core's sentence saying why it is not a date.
 * @param {string} raw  as typed
 * @param {import('../../api.js').DateReading | undefined} reading
 * @returns {{value: string | null, problem?: string}}
 */
export function readDate(raw, reading) {
  const text = raw.trim();
  if (text === '') return { value: null };
  if (isIsoDate(text)) return { value: text };
  if (reading?.date) return { value: reading.date };
  return { value: null, problem: reading?.problem ?? `${text} is not a date. Write it as 12/7/2026, Dec 7 2026 or 2026-12-07.` };
}

/**
 * One field's value as the wire wants it, or what to type instead.
 * @param {string} key
 * @param {Kind} kind
 * @param {string} raw  as typed
 * @returns {{value: unknown, problem?: string}}
 */
function readValue(key, kind, raw) {
  const text = raw.trim();
  switch (kind) {
    case 'list':
      return { value: raw.split('\n').map((line) => line.trim()).filter(Boolean) };
    case 'count': {
      /** @type {Record<string, string>} */
      const words = {
        awardeeCount: 'awardees', renewalCount: 'renewal options', renewalMonths: 'months', renewalsUsed: 'renewals used',
      };
      const what = words[key] ?? 'responses';
      return {
        value: text ? Number(text) : null,
        problem: text && !/^\d+$/.test(text) ? `${text} is not a whole number. Write the number of ${what}, or leave it empty.` : undefined,
      };
    }
    case 'percent': {
      const plain = text.replace(/%$/, '').trim();
      return {
        value: plain || null,
        problem: plain && !/^-?\d+(\.\d+)?$/.test(plain) ? `${text} is not a number. Write a percentage such as 1.5, or leave it empty.` : undefined,
      };
    }
    case 'money': {
      const amount = text === '' ? null : parseAmount(text);
      return {
        value: amount === null ? null : toTheCent(amount),
        problem: text && amount === null ? `${text} is not an amount. Write it as 1250000.00 or $1,250,000.00, or leave it empty.` : undefined,
      };
    }
    case 'clause':
      return { value: text === '' ? null : text === 'yes' };
    case 'valueKind':
      return { value: text === '' ? null : text };
    case 'award':
      return { value: text === '' ? null : text };
    default:
      return { value: text };
  }
}

/**
 * The price list lines as typed, prices read exactly; a line that cannot be read is
 * reported by its number.
 * @param {string} typed
 * @returns {{lines: PriceLine[], problems: FieldError[]}}
 */
export function readPriceLines(typed) {
  /** @type {PriceLine[]} */
  const lines = [];
  /** @type {FieldError[]} */
  const problems = [];
  typed.split('\n').forEach((raw, index) => {
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
  return { lines, problems };
}

/**
 * The price list as the form shows it, one line per item.
 * @param {PriceLine[]} lines
 */
export function priceListText(lines) {
  return lines.map((l) => [l.item, l.unit, l.unitPrice, l.notes].join(' | ').replace(/( \| )+$/, '')).join('\n');
}

/**
 * An exact amount written to the cent, as the library stores it (`1250000.5` →
 * `1250000.50`), so that saving a value unchanged records no change; more decimals are
 * left for the core to name.
 * @param {string} amount  an exact decimal string
 */
function toTheCent(amount) {
  const [whole, fraction = ''] = amount.split('.');
  return fraction.length > 2 ? amount : `${whole}.${fraction.padEnd(2, '0')}`;
}
