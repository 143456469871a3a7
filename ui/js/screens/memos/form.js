// @ts-check
/**
 * The memo editor's form: the header, the amount and budget, the sections (each with
 * its "Edited" badge and the way back to the composed text) and the approval lines,
 * filled from the draft. Each box's handler calls one of the editor's actions.
 */

import { h } from '../../dom.js';
import { field } from '../../field.js';
import { formatMoney } from '../../format.js';
import { readingOf, readTypedDates } from '../../typed-date.js';
import { sameAmount } from './state.js';

/**
 * @typedef {import('../../api.js').Section} Section
 * @typedef {import('./state.js').MemoState} MemoState
 * @typedef {import('./state.js').TextInput} TextInput
 * @typedef {import('./editor.js').MemoActions} MemoActions
 * @typedef {{area: HTMLTextAreaElement, badge: HTMLElement, reset: HTMLButtonElement}} SectionField
 */

/**
 * The form's fieldsets, the amount's error slot, and each section's box and marks.
 * @param {MemoState} state
 * @param {MemoActions} act
 */
export function memoForm(state, act) {
  const amountError = h('p', { class: 'field-error', role: 'alert' });
  const amountInput = h('input', {
    id: 'memo-amount',
    inputmode: 'decimal',
    value: formatMoney(state.draft.inputs.amount),
    'aria-describedby': 'memo-amount-basis',
    oninput: () => act.editAmount(amountInput.value),
  });
  const amountBasis = h('div', { class: 'amount-basis', id: 'memo-amount-basis' });
  /** @type {Map<Section, SectionField>} */
  const sectionFields = new Map();
  const fieldsets = [
    headerFields(state, act),
    moneyFields(state, act, { amountInput, amountError, amountBasis }),
    sectionsFields(state, act, sectionFields),
    signerFields(state, act),
  ];
  return { fieldsets, amountError, amountInput, amountBasis, sectionFields };
}

/**
 * How the not-to-exceed was made, beside it: what the recommended option pays the
 * vendor over the comparison's years, line by line, what is left out, and a button
 * that puts the figure back when the box holds another.
 * @param {import('../../api.js').MemoView} memo
 * @param {import('../../api.js').MemoDraft} draft
 * @param {MemoActions} act
 */
export function amountBasis(memo, draft, act) {
  const { term, payments } = memo.amountBasis;
  const same = sameAmount(payments.total, draft.inputs.amount);
  return [
    h('p', {}, `What the vendor is paid, ${term}, from the comparison’s lines marked “paid to the vendor”:`),
    payments.counted.length === 0
      ? h('p', {}, 'No line of this option is marked “paid to the vendor”.')
      : h('ul', {}, payments.counted.map((line) => h('li', {}, `${line.label}: ${formatMoney(line.amount)}`))),
    h('p', {}, h('strong', {}, `Total: ${formatMoney(payments.total)}`), same ? ' (the amount above)' : ''),
    payments.leftOut.length === 0 ? null
      : h('p', {}, `Not counted (the jurisdiction’s own costs, money coming back): ${payments.leftOut.map((line) => line.label).join('; ')}.`),
    same ? null : h('button', { type: 'button', onclick: () => act.useAmount(payments.total) }, `Use ${formatMoney(payments.total)}`),
  ];
}

/**
 * A text input bound to one of the draft's inputs.
 * @param {MemoState} state
 * @param {MemoActions} act
 * @param {TextInput} key
 * @param {string} label
 * @param {{hint?: string, placeholder?: string, type?: string}} [options]
 */
function input(state, act, key, label, options = {}) {
  const id = `memo-${key}`;
  const el = h('input', {
    id,
    type: options.type ?? 'text',
    value: String(state.draft.inputs[key] ?? ''),
    placeholder: options.placeholder,
    oninput: () => act.editInput(key, el.value),
  });
  return field(id, label, el, options.hint);
}

/**
 * @param {MemoState} state
 * @param {MemoActions} act
 */
function headerFields(state, act) {
  return h('fieldset', {},
    h('legend', {}, 'Header'),
    input(state, act, 'to', 'To', { placeholder: 'Honorable Mayor and Members of the Council' }),
    input(state, act, 'from', 'From', { placeholder: 'Name, title' }),
    dateField(state, act),
    input(state, act, 'agendaItem', 'Agenda item', { placeholder: 'Consent item 7.B' }),
    input(state, act, 'purchase', 'What is bought', {
      placeholder: 'twelve patrol vehicles',
      hint: 'As the motion says it: “Approve the purchase of … from the vendor”. Prefilled from the comparison’s “what is being bought”.',
    }),
    input(state, act, 'subject', 'Subject', { hint: 'Leave empty for “Purchase of (what is bought) through … contract …”.' }));
}

/**
 * @param {MemoState} state
 * @param {MemoActions} act
 * @param {{amountInput: HTMLInputElement, amountError: HTMLElement, amountBasis: HTMLElement}} amount
 */
function moneyFields(state, act, { amountInput, amountError, amountBasis }) {
  return h('fieldset', {},
    h('legend', {}, 'Amount and budget'),
    field('memo-amount', 'Amount to approve (not to exceed)', amountInput),
    amountError,
    amountBasis,
    input(state, act, 'fiscalYear', 'Fiscal years', { hint: 'The years the amount covers, as the motion says them.' }),
    input(state, act, 'budgetAccount', 'Budget account'),
    input(state, act, 'fundingSource', 'Funding source', { placeholder: 'General Fund' }),
    input(state, act, 'authorizedSigner', 'Who signs', { placeholder: 'the City Manager' }));
}

/**
 * Every section's text, as the memo had it when opened.
 * @param {MemoState} state
 * @param {MemoActions} act
 * @param {Map<Section, SectionField>} sectionFields  filled here
 */
function sectionsFields(state, act, sectionFields) {
  return h('fieldset', { class: 'sections' },
    h('legend', {}, 'Sections'),
    h('p', { class: 'hint' }, 'Each section is written from the library and the comparison; rewrite any of it. Separate paragraphs with a blank line; write a lettered list as “a. …”, a bulleted one as “- …”. Tables and the chart always show the current figures of the memo.'),
    state.memo.sections.map((s) => {
      const id = `memo-section-${s.section}`;
      const area = h('textarea', {
        id,
        rows: Math.min(18, Math.max(4, Math.ceil(s.text.length / 56) + s.text.split('\n').length)),
        oninput: () => act.editSection(s.section, area.value),
      });
      area.value = s.text;
      const badge = h('span', { class: 'badge' }, 'Edited');
      const reset = h('button', {
        type: 'button',
        class: 'link',
        onclick: () => act.resetSection(s.section, s.composed),
      }, 'Use the composed text');
      sectionFields.set(s.section, { area, badge, reset });
      return h('div', { class: 'field section-field', 'data-field': s.section },
        h('div', { class: 'section-label' }, h('label', { for: id }, s.heading), badge, reset),
        area);
    }));
}

/**
 * The approval lines: role, name and title of each signer.
 * @param {MemoState} state
 * @param {MemoActions} act
 */
function signerFields(state, act) {
  return h('fieldset', {},
    h('legend', {}, 'Approval lines'),
    state.draft.inputs.signers.map((signer, index) => h('div', { class: 'signer-row' },
      ['role', 'name', 'title'].map((part) => {
        const key = /** @type {'role' | 'name' | 'title'} */ (part);
        const el = h('input', {
          'aria-label': `Approval line ${index + 1}: ${key}`,
          placeholder: key === 'role' ? 'Prepared by' : key === 'name' ? 'Name' : 'Title',
          value: signer[key],
          oninput: () => act.editSigner(index, key, el.value),
        });
        return el;
      }))));
}

/**
 * The memo's date, typed as a US clerk writes it (12/7/2026, Dec 7 2026) and read back
 * beside the box by the core (`typed-date.js`); the draft takes the day once it is read.
 * @param {MemoState} state
 * @param {MemoActions} act
 */
function dateField(state, act) {
  const el = h('input', { id: 'memo-date', type: 'text', value: state.draft.inputs.date, placeholder: 'e.g. 12/7/2026' });
  const box = field('memo-date', 'Date', el);
  box.appendChild(readTypedDates(el));
  el.addEventListener('input', async () => {
    const asked = readingOf(el);
    const reading = await asked;
    if (reading.date && readingOf(el) === asked) act.editInput('date', reading.date);
  });
  return box;
}
