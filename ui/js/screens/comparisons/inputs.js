// @ts-check
/**
 * The comparison editor's inputs keep its model valid on the wire: text that is not yet
 * a number (an amount "12,0.0", a year "two") leaves the model as it was, is marked
 * beside its input and counted in `localErrors` (nothing is calculated while any is
 * left); text that reads is stored at once.
 */

import { h } from '../../dom.js';
import { clearFieldError, showFieldError } from '../../field.js';
import { parseAmount, shiftDecimal } from '../../format.js';

/**
 * The four kinds of input, sharing the editor's `localErrors` and `changed`.
 * @typedef {ReturnType<typeof inputsFor>} Inputs
 */

/**
 * @param {Map<string, string>} localErrors  inputs whose text is not a number yet, by
 *   element id, with what to type
 * @param {() => void} changed  called after every keystroke
 */
export function inputsFor(localErrors, changed) {
  /**
   * A text input; `accept` stores the text and returns an error sentence or null.
   * @param {string} id
   * @param {string} value
   * @param {(text: string, el: HTMLInputElement) => (string | null | void)} accept
   */
  function input(id, value, accept) {
    const el = h('input', { id, value, autocomplete: 'off' });
    el.addEventListener('input', () => {
      const problem = accept(el.value, el);
      if (problem) {
        localErrors.set(id, problem);
        showFieldError(el, problem);
      } else {
        localErrors.delete(id);
        clearFieldError(el);
      }
      changed();
    });
    return el;
  }

  /**
   * @param {string} id
   * @param {number} value
   * @param {number} min
   * @param {number} max
   * @param {(n: number) => void} store
   */
  function numberInput(id, value, min, max, store) {
    const el = input(id, String(value), (text) => {
      if (!/^\s*\d+\s*$/.test(text)) return `Enter a whole number from ${min} to ${max}.`;
      store(Number(text));
      return null;
    });
    el.setAttribute('inputmode', 'numeric');
    el.classList.add('short');
    return el;
  }

  /**
   * @param {string} id
   * @param {string} value  exact decimal
   * @param {(value: string) => void} store
   * @param {boolean} [optional]  an empty box means "nothing this year"
   */
  function amountInput(id, value, store, optional = false) {
    const el = input(id, value, (text) => {
      if (optional && text.trim() === '') { store(''); return null; }
      const amount = parseAmount(text);
      if (amount === null) return 'Enter an amount in dollars, e.g. 12000 or 12,000.50.';
      store(amount);
      return null;
    });
    el.setAttribute('inputmode', 'decimal');
    el.classList.add('money');
    return el;
  }

  /**
   * @param {string} id
   * @param {string} fraction
   * @param {(fraction: string) => void} store
   */
  function percentInput(id, fraction, store) {
    const el = input(id, shiftDecimal(fraction, 2) ?? '0', (text) => {
      const value = text.trim() === '' ? '0' : shiftDecimal(text.replace('%', ''), -2);
      if (value === null) return 'Enter a percent a year, e.g. 3 or 2.5 (0 for none).';
      store(value);
      return null;
    });
    el.setAttribute('inputmode', 'decimal');
    el.classList.add('short');
    return el;
  }

  return { input, numberInput, amountInput, percentInput };
}
