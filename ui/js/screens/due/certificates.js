// @ts-check
/**
 * Certificates of insurance: the ones on file (latest expiry first, each policy with its
 * limit) and a small form to record a new one — in the contract's Documents tab, and
 * under a council action on the Spending screen, where a certificate is recorded as given
 * for that action (the vendor's certificate naming the jurisdiction for that purchase).
 * The certificate's PDF is attached among the contract's documents, as a document of the
 * kind "Certificate".
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { formatDate, formatMoney } from '../../format.js';
import { KINDS, kindWords } from './kinds.js';

/** @type {Record<api.CertificateInput['additionalInsured'], string>} */
const NAMED = { yes: 'yes', no: 'no', unknown: 'not known' };

/**
 * Where the section is shown.
 * @typedef {object} Place
 * @property {number | null} [approvalId]  the council action it is shown under, if any
 * @property {string} [prefix]  makes its elements' ids unique on the page
 */

/**
 * The section for contract `contractId` (under council action `place.approvalId`, if
 * given); it fills itself.
 * @param {number} contractId
 * @param {Place} [place]
 */
export function certificatesSection(contractId, place = {}) {
  const approvalId = place.approvalId ?? null;
  const prefix = place.prefix ?? 'certificate';
  const list = h('div', {});
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' });
  const headingId = `${prefix}s-heading`;
  const parts = [
    list,
    certificateForm(contractId, approvalId, prefix, status, () => load()),
    status,
  ];
  load();
  if (approvalId === null) {
    return h('section', { class: 'fact-group certificates', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, 'Certificates of insurance'), ...parts);
  }
  // Under a council action: folded, so that the pane's purchase forms stay a few Tab
  // presses away.
  return h('details', { class: 'certificates action-certificates' },
    h('summary', { id: headingId }, 'Certificates of insurance'),
    h('p', { class: 'hint' }, 'The vendor’s certificates for this contract; one recorded here is kept as given for this council action. Attach its PDF in the Library, on the contract’s Documents tab, as a Certificate.'),
    ...parts);

  async function load() {
    try {
      const certificates = await api.listCertificates(contractId);
      replace(list, certificates.length === 0
        ? h('p', { class: 'muted' }, 'No certificate of insurance on file.')
        : h('ul', { class: 'documents' }, certificates.map((c) => h('li', {},
          h('strong', {}, c.insurer),
          ` — ${formatDate(c.effectiveDate)} to ${formatDate(c.expiryDate)}; names us as additional insured: ${NAMED[c.additionalInsured]}. `,
          c.policies.map((p) => `${kindWords(p.kind)} ${formatMoney(p.limit)}`).join('; '),
          c.approvalId !== null && c.approvalId === approvalId ? h('em', {}, ' Given for this council action.') : null))));
    } catch (error) {
      replace(list, h('p', { role: 'alert', class: 'field-error' }, api.toAppError(error).message));
    }
  }
}

/**
 * The form that records a certificate with one policy.
 * @param {number} contractId
 * @param {number | null} approvalId
 * @param {string} prefix
 * @param {HTMLElement} status
 * @param {() => void} recorded
 */
function certificateForm(contractId, approvalId, prefix, status, recorded) {
  /** @param {string} id @param {string} label @param {HTMLElement} input */
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const insurer = h('input', { id: `${prefix}-insurer`, type: 'text' });
  const kind = h('select', { id: `${prefix}-kind` }, KINDS.map(([value, words]) => h('option', { value }, words)));
  const limit = h('input', { id: `${prefix}-limit`, type: 'text', inputmode: 'decimal', placeholder: '1,000,000.00' });
  const effective = h('input', { id: `${prefix}-effective`, type: 'date' });
  const expiry = h('input', { id: `${prefix}-expiry`, type: 'date' });
  const named = h('select', { id: `${prefix}-named` },
    h('option', { value: 'unknown' }, 'Not known'), h('option', { value: 'yes' }, 'Yes'), h('option', { value: 'no' }, 'No'));
  const value = (/** @type {HTMLElement} */ el) => /** @type {HTMLInputElement} */ (el).value;
  return h('form', {
    class: 'certificate-form',
    onsubmit: async (/** @type {Event} */ event) => {
      event.preventDefault();
      /** @type {api.CertificateInput} */
      const input = {
        contractId,
        approvalId,
        insurer: value(insurer),
        policies: [{ kind: /** @type {api.Certificate['policies'][number]['kind']} */ (value(kind)), limit: value(limit) }],
        effectiveDate: value(effective) || null,
        expiryDate: value(expiry) || null,
        additionalInsured: /** @type {api.CertificateInput['additionalInsured']} */ (value(named)),
        notes: '',
      };
      const form = /** @type {HTMLFormElement} */ (event.currentTarget);
      try {
        const added = await api.addCertificate(input);
        form.reset();
        status.textContent = approvalId === null
          ? `Recorded the certificate from ${added.insurer}. Attach its PDF above as a Certificate.`
          : `Recorded the certificate from ${added.insurer} for this council action.`;
        recorded();
      } catch (error) {
        const problem = api.toAppError(error);
        const fields = problem.fields ?? [];
        status.textContent = fields.length > 0
          ? `Not recorded. ${fields.map((f) => `${f.label}: ${f.message}`).join(' ')}`
          : `Not recorded: ${problem.message}`;
      }
    },
  },
  h('div', { class: 'attach-row' },
    field(`${prefix}-insurer`, 'Insurer', insurer),
    field(`${prefix}-kind`, 'Policy', kind),
    field(`${prefix}-limit`, 'Limit', limit)),
  h('div', { class: 'attach-row' },
    field(`${prefix}-effective`, 'Effective', effective),
    field(`${prefix}-expiry`, 'Expires', expiry),
    field(`${prefix}-named`, 'Names us as additional insured', named),
    h('button', { type: 'submit', id: `${prefix}-record` }, 'Record certificate')));
}
