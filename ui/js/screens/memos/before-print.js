// @ts-check
/**
 * Before a memo is printed: the gaps the core found left in its text ("[budget
 * account]", "Budget account: Not recorded"…, `MemoView.placeholders`) are listed in a
 * modal dialog, and the clerk goes back to fix them or prints the memo as it is. A memo
 * with no gap prints without a question.
 */

import { h } from '../../dom.js';

/**
 * @typedef {import('../../api.js').MemoView} MemoView
 */

/**
 * Whether to go on printing `memo`: true at once when nothing is left to fill in, else
 * the clerk's answer.
 * @param {MemoView} memo
 * @returns {Promise<boolean>}
 */
export function placeholdersConfirmed(memo) {
  if (memo.placeholders.length === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const back = h('button', { type: 'button', onclick: () => dialog.close('back') }, 'Go back and fill them in');
    const count = memo.placeholders.length;
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'placeholders-title', 'aria-describedby': 'placeholders-text' },
      h('h2', { id: 'placeholders-title' }, count === 1 ? 'One gap is left in the memo' : `${count} gaps are left in the memo`),
      h('p', { id: 'placeholders-text' },
        'These print exactly as shown. Fill them in the memo’s fields, in Settings or in the contract’s record in the Library — or print the memo as it is.'),
      // A long list scrolls inside the dialog: focusable, so the keyboard can scroll it.
      h('ul', { class: 'placeholders', tabindex: 0, 'aria-label': 'Gaps left in the memo' },
        byPlace(memo).map(([place, texts]) => h('li', {}, h('strong', {}, place), h('ul', {}, texts.map((text) => h('li', {}, text)))))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => dialog.close('print') }, 'Print as it is'),
        back));
    // Closing (a button, or Escape) gives the focus back to the button that printed.
    const opener = document.activeElement;
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'print');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    back.focus();
  });
}

/**
 * The gaps grouped by where they print, in reading order.
 * @param {MemoView} memo
 * @returns {[string, string[]][]}
 */
function byPlace(memo) {
  /** @type {Map<string, string[]>} */
  const places = new Map();
  for (const gap of memo.placeholders) {
    const texts = places.get(gap.place) ?? [];
    texts.push(gap.text);
    places.set(gap.place, texts);
  }
  return [...places];
}
