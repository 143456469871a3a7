// @ts-check
/**
 * Asking the clerk before something that cannot be taken back: a modal dialog that
 * answers yes or no, or an in-place question whose buttons act themselves.
 */

import { h } from './dom.js';

/**
 * An in-page confirmation (a modal `<dialog>`: focus stays inside, Escape cancels).
 * @param {string} title
 * @param {string} text
 * @param {string} confirmLabel
 * @returns {Promise<boolean>}
 */
export function confirmDialog(title, text, confirmLabel) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Cancel');
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => dialog.close('yes') }, confirmLabel),
        cancel));
    // Closing (a button, or Escape) gives the focus back to what opened the dialog.
    const opener = document.activeElement;
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * A question shown in place of what it is about (a table cell, a slot under a button),
 * with the buttons that answer it; the caller puts it where it belongs.
 * @param {string} label  the question, for assistive technology
 * @param {string} text
 * @param {...HTMLElement} buttons
 */
export function confirmInPlace(label, text, ...buttons) {
  return h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': label },
    h('p', {}, text),
    h('div', { class: 'actions' }, ...buttons));
}
