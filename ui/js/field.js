// @ts-check
/**
 * A form's labelled field, the one way every screen lays one out: the label, the control,
 * an optional hint, and the slot under the control where its error message goes.
 */

import { h } from './dom.js';

/**
 * A labelled field; a hint, when given, describes the control to assistive technology.
 * @param {string} id  the control's id
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string | null} [hint]
 */
export function field(id, label, control, hint) {
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field', 'data-field': id },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

/**
 * Marks the field holding `el` as wrong, with `message` under it.
 * @param {HTMLElement} el
 * @param {string} message
 * @param {boolean} [fromCore]  the core's judgement (cleared before each calculation)
 */
export function showFieldError(el, message, fromCore = false) {
  const container = el.closest('.field');
  if (!container) return;
  clearFieldError(el);
  container.classList.add('has-error');
  const errorId = `${el.id}-error`;
  container.appendChild(h('p', { class: `field-error${fromCore ? ' core-error' : ''}`, id: errorId, role: 'alert' }, message));
  el.setAttribute('aria-describedby', errorId);
  el.setAttribute('aria-invalid', 'true');
}

/** @param {HTMLElement} el */
export function clearFieldError(el) {
  const container = el.closest('.field');
  container?.classList.remove('has-error');
  container?.querySelector('.field-error')?.remove();
  el.removeAttribute('aria-describedby');
  el.removeAttribute('aria-invalid');
}
