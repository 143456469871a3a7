// @ts-check
/**
 * Certificates of insurance in the contract's Documents tab: the ones on file (latest
 * expiry first, each policy with its limit) and a small form to record a new one. The
 * certificate's PDF is attached above, as a document of the kind "Certificate".
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { formatMoney } from '../../format.js';

/** @type {[api.Certificate['policies'][number]['kind'], string][]} */
const KINDS = [
  ['generalLiability', 'General liability'],
  ['auto', 'Automobile liability'],
  ['workersComp', "Workers' compensation"],
  ['cyber', 'Cyber liability'],
  ['professional', 'Professional liability'],
  ['umbrella', 'Umbrella'],
  ['other', 'Other'],
];

/**
 * @param {api.Certificate['policies'][number]['kind']} kind
 */
function kindWords(kind) {
  return KINDS.find(([k]) => k === kind)?.[1] ?? kind;
}

/**
 * The section for contract `contractId`; it fills itself.
 * @param {number} contractId
 */
export function certificatesSection(contractId) {
  const list = h('div', {});
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' });
  const section = h('section', { class: 'fact-group certificates', 'aria-labelledby': 'certificates-heading' },
    h('h3', { id: 'certificates-heading' }, 'Certificates of insurance'),
    list,
    certificateForm(contractId, status, () => load()),
    status);
  load();
  return section;

  async function load() {
    try {
      const certificates = await api.listCertificates(contractId);
      replace(list, certificates.length === 0
        ? h('p', { class: 'muted' }, 'No certificate of insurance on file.')
        : h('ul', { class: 'documents' }, certificates.map((c) => h('li', {},
          h('strong', {}, c.insurer), ` — ${c.effectiveDate} to ${c.expiryDate}; additional insured: ${c.additionalInsured}. `,
          c.policies.map((p) => `${kindWords(p.kind)} ${formatMoney(p.limit)}`).join('; ')))));
    } catch (error) {
      replace(list, h('p', { role: 'alert', class: 'field-error' }, api.toAppError(error).message));
    }
  }
}

/**
 * The form that records a certificate with one policy.
 * @param {number} contractId
 * @param {HTMLElement} status
 * @param {() => void} recorded
 */
function certificateForm(contractId, status, recorded) {
  /** @param {string} id @param {string} label @param {HTMLElement} input */
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const insurer = h('input', { id: 'certificate-insurer', type: 'text' });
  const kind = h('select', { id: 'certificate-kind' }, KINDS.map(([value, words]) => h('option', { value }, words)));
  const limit = h('input', { id: 'certificate-limit', type: 'text', inputmode: 'decimal', placeholder: '1,000,000.00' });
  const effective = h('input', { id: 'certificate-effective', type: 'date' });
  const expiry = h('input', { id: 'certificate-expiry', type: 'date' });
  const named = h('select', { id: 'certificate-named' },
    h('option', { value: 'unknown' }, 'Unknown'), h('option', { value: 'yes' }, 'Yes'), h('option', { value: 'no' }, 'No'));
  const value = (/** @type {HTMLElement} */ el) => /** @type {HTMLInputElement} */ (el).value;
  return h('form', {
    class: 'certificate-form',
    onsubmit: async (/** @type {Event} */ event) => {
      event.preventDefault();
      /** @type {api.CertificateInput} */
      const input = {
        contractId,
        approvalId: null,
        insurer: value(insurer),
        policies: [{ kind: /** @type {api.Certificate['policies'][number]['kind']} */ (value(kind)), limit: value(limit) }],
        effectiveDate: value(effective) || null,
        expiryDate: value(expiry) || null,
        additionalInsured: /** @type {api.CertificateInput['additionalInsured']} */ (value(named)),
        notes: '',
      };
      try {
        const added = await api.addCertificate(input);
        status.textContent = `Recorded the certificate from ${added.insurer}. Attach its PDF above as a Certificate.`;
        recorded();
      } catch (error) {
        const problem = api.toAppError(error);
        const fields = problem.fields ?? [];
        status.textContent = fields.length > 0
          ? fields.map((f) => `${f.label}: ${f.message}`).join(' ')
          : problem.message;
      }
    },
  },
  h('div', { class: 'attach-row' },
    field('certificate-insurer', 'Insurer', insurer),
    field('certificate-kind', 'Policy', kind),
    field('certificate-limit', 'Limit', limit)),
  h('div', { class: 'attach-row' },
    field('certificate-effective', 'Effective', effective),
    field('certificate-expiry', 'Expires', expiry),
    field('certificate-named', 'Names us as additional insured', named),
    h('button', { type: 'submit' }, 'Record certificate')));
}
