// @ts-check
/** The Library screen: every contract with its status today, and the selected one's facts. */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, statusLabel } from '../format.js';

/** @param {HTMLElement} main */
export async function show(main) {
  const [info, rows] = await Promise.all([api.libraryInfo(), api.listContracts()]);
  const layout = h('div', { class: 'library no-detail' });
  const detail = h('section', { class: 'detail', 'aria-label': 'Selected contract', 'aria-live': 'polite' });

  replace(
    main,
    h('h1', {}, 'Library'),
    h('p', { class: 'lede' }, 'Cooperative contracts your jurisdiction may piggyback on, soonest-expiring first.'),
    info.sampleContracts > 0 ? h('p', { class: 'notice', role: 'note' }, info.sampleNote ?? '') : null,
    rows.length === 0
      ? h('div', { class: 'empty' },
        h('h2', {}, 'Your library is empty'),
        h('p', {}, 'Contracts you add or import appear here, with their expiry and due-diligence facts.'))
      : layout,
  );
  if (rows.length === 0) return;

  const tbody = h('tbody', {}, rows.map((row) => contractRow(row, select)));
  replace(layout,
    h('table', { class: 'contracts', 'aria-label': 'Contracts' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Number'),
        h('th', { scope: 'col' }, 'Title'),
        h('th', { scope: 'col' }, 'Vendor'),
        h('th', { scope: 'col' }, 'Cooperative'),
        h('th', { scope: 'col' }, 'Expiry'))),
      tbody),
    detail);

  /**
   * Shows one contract's facts beside the table.
   * @param {number} id
   * @param {HTMLTableRowElement} tr
   */
  async function select(id, tr) {
    for (const other of tbody.querySelectorAll('tr')) other.setAttribute('aria-selected', 'false');
    tr.setAttribute('aria-selected', 'true');
    layout.classList.remove('no-detail');
    try {
      showContract(detail, await api.getContract(id));
    } catch (error) {
      replace(detail, h('p', { role: 'alert' }, api.toAppError(error).message));
    }
  }
}

/**
 * @param {api.ContractSummary} row
 * @param {(id: number, tr: HTMLTableRowElement) => void} onSelect
 */
function contractRow(row, onSelect) {
  const tr = h('tr', { tabindex: 0, 'aria-selected': 'false', 'data-id': row.id },
    h('td', { class: 'number' }, row.contractNumber),
    h('td', { class: 'title' }, row.title),
    h('td', {}, row.vendorName),
    h('td', {}, row.cooperative),
    h('td', { class: 'expiry' },
      row.status === 'expired' ? `Expired on ${formatDate(row.expiryDate)}` : formatDate(row.expiryDate),
      h('span', { class: `pill ${row.status}` }, statusLabel(row.status, row.daysLeft))));
  tr.addEventListener('click', () => onSelect(row.id, tr));
  tr.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(row.id, tr);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      if (next instanceof HTMLElement) next.focus();
    }
  });
  return tr;
}

/**
 * @param {HTMLElement} detail
 * @param {api.Contract} c
 */
function showContract(detail, c) {
  /** @type {[string, string][]} */
  const facts = [
    ['Cooperative', c.cooperative],
    ['Lead agency', c.leadAgency],
    ['Contract number', c.contractNumber],
    ['Also written', c.numberVariants.join('\n')],
    ['Vendor', c.vendorName],
    ['Other spellings', c.vendorAliases.join('\n')],
    ['Category', c.category],
    ['Award date', c.awardDate ? formatDate(c.awardDate) : ''],
    ['Effective', c.effectiveDate ? formatDate(c.effectiveDate) : ''],
    ['Expiry', c.expiryDate ? formatDate(c.expiryDate) : 'Unknown'],
    ['As published', c.expiryAsPublished],
    ['Renewals', c.renewalOptions],
    ['Eligible entities', c.entityTypes.join(', ')],
    ['Eligibility', c.eligibilityNotes],
    ['Admin fee', c.adminFeePercent ? `${c.adminFeePercent}%` : c.adminFeeNotes],
    ['Notes', c.notes],
    ['Sources', c.sources.join('\n')],
  ];
  replace(detail,
    h('h2', {}, c.contractNumber),
    h('p', { class: 'sub' }, c.title),
    h('dl', { class: 'facts' },
      facts.filter(([, value]) => value).flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])));
}
