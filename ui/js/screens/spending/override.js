// @ts-check
/**
 * The guard rails' question: a purchase that breaks a rule is recorded only with a reason.
 * A modal dialog in `confirm.js`'s style lists each rule the core named, in its sentence,
 * and asks why it is recorded anyway; the focus starts on the reason and goes back to
 * what opened the dialog when it closes (Escape or "Cancel" records nothing).
 */

import { h } from '../../dom.js';
import { clearFieldError, field, showFieldError } from '../../field.js';

/**
 * Asks for the reason to record a purchase that breaks `rules`.
 * @param {string[]} rules  each rule's sentence, as the core said it
 * @returns {Promise<string | null>}  the reason, or null when the clerk cancelled
 */
export function askOverrideReason(rules) {
  return new Promise((resolve) => {
    const reason = h('textarea', { id: 'override-reason', rows: 3 });
    const record = () => {
      if (reason.value.trim() === '') {
        showFieldError(reason, 'Say why it is recorded anyway; the reason is kept with the record for the auditor.');
        reason.focus();
        return;
      }
      clearFieldError(reason);
      dialog.close('record');
    };
    const dialog = h('dialog', { class: 'confirm override', 'aria-labelledby': 'override-title', 'aria-describedby': 'override-rules' },
      h('h2', { id: 'override-title' }, 'This breaks a guard rail'),
      h('ul', { id: 'override-rules', class: 'rules' }, rules.map((rule) => h('li', {}, rule))),
      h('p', {}, 'It is recorded only with a reason, kept in the history with the date and shown in the audit export.'),
      field('override-reason', 'Reason for recording it anyway', reason),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: record }, 'Record with this reason'),
        h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Cancel')));
    const opener = document.activeElement;
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'record' ? reason.value.trim() : null);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    reason.focus();
  });
}
