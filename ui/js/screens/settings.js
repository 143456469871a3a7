// @ts-check
/** The Settings screen: the jurisdiction's facts that memos cite. */

import * as api from '../api.js';
import { h, replace } from '../dom.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

const ENTITY_TYPES = ['City', 'Town', 'Village', 'County', 'School district', 'Special district',
  'Water district', 'State agency', 'Tribal government', 'Non-profit'];

/** Maps the field names the core uses in its messages to the inputs. */
const FIELD_FOR_MESSAGE = {
  'Fiscal year starts in': 'fiscalYearStartMonth',
  State: 'state',
};

/** @param {HTMLElement} main */
export async function show(main) {
  const current = await api.getSettings();
  const status = h('span', { role: 'status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save settings');

  const form = h('form', { class: 'settings', novalidate: true },
    field('jurisdictionName', 'Jurisdiction name', 'As it appears on memos, e.g. “Town of Millbrook”.',
      h('input', { id: 'jurisdictionName', name: 'jurisdictionName', value: current.jurisdictionName, autocomplete: 'organization' })),
    field('state', 'State', 'Two-letter code, e.g. NM. Used to check where a contract may be used.',
      h('input', { id: 'state', name: 'state', value: current.state, maxlength: 2, size: 3 })),
    field('entityType', 'Type of entity', 'Used to check a contract’s eligibility.',
      h('select', { id: 'entityType', name: 'entityType' },
        h('option', { value: '' }, 'Choose…'),
        ENTITY_TYPES.map((t) => h('option', { value: t, selected: t === current.entityType }, t)))),
    field('legalAuthority', 'Legal authority for cooperative purchasing',
      'The statute or ordinance your memos cite, e.g. “NMSA 1978, § 13-1-135”.',
      h('textarea', { id: 'legalAuthority', name: 'legalAuthority' }, current.legalAuthority)),
    field('fiscalYearStartMonth', 'Fiscal year starts in', null,
      h('select', { id: 'fiscalYearStartMonth', name: 'fiscalYearStartMonth' },
        MONTHS.map((m, i) => h('option', { value: i + 1, selected: i + 1 === current.fiscalYearStartMonth }, m)))),
    h('div', { class: 'actions' }, save, status),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = 'Saving…';
    save.disabled = true;
    const data = new FormData(form);
    try {
      await api.saveSettings({
        jurisdictionName: String(data.get('jurisdictionName') ?? ''),
        state: String(data.get('state') ?? ''),
        entityType: String(data.get('entityType') ?? ''),
        legalAuthority: String(data.get('legalAuthority') ?? ''),
        fiscalYearStartMonth: Number(data.get('fiscalYearStartMonth')),
      });
      status.textContent = 'Saved.';
      status.className = 'saved';
      document.dispatchEvent(new CustomEvent('coopdesk:changed'));
    } catch (error) {
      const e = api.toAppError(error);
      status.textContent = '';
      showFieldError(form, e.message);
    } finally {
      save.disabled = false;
    }
  });

  replace(main,
    h('h1', {}, 'Settings'),
    h('p', { class: 'lede' }, 'Your jurisdiction’s details. Memos use them in their header and legal citation.'),
    form);
}

/**
 * @param {string} id
 * @param {string} label
 * @param {string | null} hint
 * @param {HTMLElement} input
 */
function field(id, label, hint, input) {
  const hintId = `${id}-hint`;
  if (hint) input.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field', 'data-field': id },
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
}

/** @param {HTMLFormElement} form */
function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('.has-error')) el.classList.remove('has-error');
}

/**
 * Shows a core validation message ("State: 'XYZ' is not…") beside its field.
 * @param {HTMLFormElement} form
 * @param {string} message
 */
function showFieldError(form, message) {
  const label = Object.keys(FIELD_FOR_MESSAGE).find((l) => message.startsWith(`${l}:`));
  const id = label ? FIELD_FOR_MESSAGE[/** @type {keyof typeof FIELD_FOR_MESSAGE} */ (label)] : null;
  const container = id ? form.querySelector(`[data-field="${id}"]`) : form.querySelector('.actions');
  if (!container) return;
  container.classList.add('has-error');
  const text = label ? message.slice(label.length + 1).trim() : message;
  container.appendChild(h('p', { class: 'field-error', role: 'alert' }, text));
  const input = id ? form.querySelector(`#${id}`) : null;
  if (input instanceof HTMLElement) input.focus();
}
