// @ts-check
/**
 * The contract's term where the clerk writes (the comparison and memo editors): a
 * prominent notice when the contract has ended, ends before the purchase or before the
 * term compared, or its facts were last verified more than a year ago — with the one
 * click "Verified today with the cooperative" — and the question before printing.
 *
 * The sentences are the core's (`library::term`); this module only shows them.
 */

import * as api from './api.js';
import { confirmDialog } from './confirm.js';
import { h } from './dom.js';

/**
 * The notice for `check`, or null when there is nothing to warn about.
 * @param {api.TermCheck} check
 * @param {{ heading?: string, onVerified: () => void }} how  `onVerified` runs once the
 *   verification is recorded, to ask the core again
 * @returns {HTMLElement | null}
 */
export function termNotice(check, { heading, onVerified }) {
  if (check.warnings.length === 0) return null;
  const stale = check.warnings.some((w) => w.kind === 'notVerified');
  const status = h('span', { role: 'status' });
  const contractId = check.contractId;
  const verify = stale && contractId !== null
    ? h('button', {
      type: 'button',
      onclick: async () => {
        status.textContent = 'Recording…';
        try {
          await api.markContractVerified(contractId);
          onVerified();
        } catch (error) {
          status.textContent = api.toAppError(error).message;
        }
      },
    }, 'Verified today with the cooperative')
    : null;
  return h('div', { class: 'notice warning term-warning', role: 'alert' },
    heading ? h('p', {}, h('strong', {}, heading)) : null,
    check.warnings.map((w) => h('p', {}, w.message)),
    verify, status);
}

/**
 * Asks before printing when the core warns about the contract: "The term of … ended on
 * …; print anyway?". Resolves true to print.
 * @param {api.TermCheck} check
 * @returns {Promise<boolean>}
 */
export function askBeforePrinting(check) {
  if (check.warnings.length === 0) return Promise.resolve(true);
  const text = `${check.warnings.map((w) => w.message).join(' ')} Print anyway?`;
  return confirmDialog('Check the contract before printing', text, 'Print anyway');
}
