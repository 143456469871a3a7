// @ts-check
/**
 * Dates as a clerk types them into a form — 12/7/2026, Dec 7 2026, 2026-12-07 — read by
 * the core with the importer's own rules (`read_date`: one reader for forms and imports,
 * so the same text never means two days), and said back beside the field: "Read as
 * 7 December 2026", or the sentence saying why the text is not a date.
 *
 * The newest reading is kept with its field; a form asks for it when it saves
 * ({@link readingOf}), so a date typed just before "Save" is read before it is sent.
 */

import * as api from './api.js';
import { h } from './dom.js';

/** @type {api.DateReading} */
const NOTHING = { date: null, readAs: '', problem: null };

/** @type {WeakMap<HTMLElement, Promise<api.DateReading>>} */
const readings = new WeakMap();

/**
 * Reads `input` as a date whenever it changes, and returns the line that says what it
 * was read as (put it beside the field; the field is described by it).
 * @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} input
 */
export function readTypedDates(input) {
  const line = h('p', { class: 'hint date-read', id: `${input.id}-read`, 'aria-live': 'polite' });
  const describedBy = input.getAttribute('aria-describedby');
  input.setAttribute('aria-describedby', describedBy ? `${describedBy} ${line.id}` : line.id);
  const read = () => {
    const asked = input.value.trim() === '' ? Promise.resolve(NOTHING) : api.readDate(input.value);
    readings.set(input, asked);
    asked.then((reading) => {
      if (readings.get(input) !== asked) return; // a newer text is being read
      line.textContent = reading.problem ?? reading.readAs;
      line.classList.toggle('problem', reading.problem !== null);
    }).catch((error) => { line.textContent = api.toAppError(error).message; });
  };
  input.addEventListener('input', read);
  if (input.value.trim() !== '') read();
  return line;
}

/**
 * The newest reading of `input` (read now if it was never read).
 * @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} input
 * @returns {Promise<api.DateReading>}
 */
export function readingOf(input) {
  const known = readings.get(input);
  if (known) return known;
  return input.value.trim() === '' ? Promise.resolve(NOTHING) : api.readDate(input.value);
}
