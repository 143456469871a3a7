// @ts-check
/**
 * The contract form's "Lead time for the renewal decision": the contract's own number of
 * days before its expiry that its renewal decision is listed under Needs action, or empty
 * for the Settings' default. It is kept beside the contract (`due::store::set_lead_time`)
 * and saved with it; read as `settings/reminders-state.js` reads the default.
 */

import * as api from '../../api.js';
import { h } from '../../dom.js';

/**
 * The box, filled with the contract's own lead time once the core answers, its hint
 * naming the default.
 * @param {number | null} contractId  null when adding a contract
 * @returns {import('./fields.js').Control}
 */
export function leadTimeControl(contractId) {
  const input = h('input', {
    id: 'f-leadDays', type: 'text', inputmode: 'numeric', class: 'short', size: 6,
    'aria-describedby': 'f-leadDays-hint f-leadDays-error',
  });
  const hint = h('p', { class: 'hint', id: 'f-leadDays-hint' },
    'Days before the expiry that the renewal decision is listed under Needs action. Leave empty for the default in Settings. A contract with its own lead time is watched even before the council acts on it.');
  const error = h('p', { class: 'field-error', id: 'f-leadDays-error' });
  const wrap = h('div', { class: 'field' },
    h('label', { for: 'f-leadDays' }, 'Lead time for the renewal decision (days)'),
    input, hint, error);
  Promise.all([api.getDueSettings(), contractId === null ? null : api.getContractLeadTime(contractId)])
    .then(([settings, own]) => {
      if (input.value === '' && own !== null) input.value = String(own);
      input.placeholder = `${settings.defaultLeadDays} (default)`;
      hint.textContent = `Days before the expiry that the renewal decision is listed under Needs action. Leave empty for the default in Settings (${settings.defaultLeadDays} days). A contract with its own lead time is watched even before the council acts on it.`;
    })
    .catch((e) => { error.textContent = api.toAppError(e).message; });
  return { input, error, wrap };
}
