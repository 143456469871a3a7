// @ts-check
/**
 * The detail pane of the Library screen: one contract in tabs — Facts, Due diligence,
 * Documents, Purchases (`contract-purchases.js`), History — following the ARIA tabs pattern (arrow keys, Home and
 * End move between tabs; only the current tab is in the Tab order).
 */

import * as api from '../api.js';
import { confirmInPlace } from '../confirm.js';
import { h, replace } from '../dom.js';
import { expiredSentence, formatDate, formatDateTime, formatMoney, formatSize, renewalData } from '../format.js';
import { startWith } from '../intent.js';
import { purchases } from './contract-purchases.js';
import { readingOf, readTypedDates } from '../typed-date.js';
import { certificatesSection } from './due/certificates.js';

/**
 * @typedef {object} DetailEvents
 * @property {(contract: api.Contract) => void} edit
 * @property {(contract: api.Contract) => void} deleted  after the contract went to the trash
 * @property {() => void} changed  something shown in the table may have changed
 */

const TABS = [
  ['facts', 'Facts'],
  ['diligence', 'Due diligence'],
  ['documents', 'Documents'],
  ['purchases', 'Purchases'],
  ['history', 'History'],
];

/**
 * Each tab's content, by its key (a new tab is a line here and one in `TABS`).
 * @type {Record<string, (c: api.Contract, events: DetailEvents) => Promise<HTMLElement | HTMLElement[]>>}
 */
const PANELS = {
  facts: (c) => facts(c),
  diligence: (c, events) => diligence(c, events),
  documents: (c) => documents(c),
  purchases: (c) => purchases(c),
  history: (c) => history(c),
};

/** The tab last chosen stays chosen when the clerk moves to another contract. */
let currentTab = 'facts';

/**
 * Fills `pane` with the contract `id`.
 * @param {HTMLElement} pane
 * @param {number} id
 * @param {api.ContractSummary | undefined} summary  its row in the table, for its status
 * @param {DetailEvents} events
 */
export async function showDetail(pane, id, summary, events) {
  const contract = await api.getContract(id);
  if (pane.dataset.id !== String(id)) return; // another contract was chosen meanwhile
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel', tabindex: 0 });
  const tabs = TABS.map(([key, words]) => h('button', {
    type: 'button', role: 'tab', id: `tab-${key}`, 'data-tab': key, 'aria-controls': 'contract-tab-panel',
  }, words));
  panel.id = 'contract-tab-panel';
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'About this contract' }, tabs);
  const confirmSlot = h('div', { class: 'confirm-slot' });

  const deleteButton = h('button', { type: 'button', class: 'danger', onclick: askDelete }, 'Delete…');
  replace(pane,
    h('div', { class: 'detail-head' },
      h('div', {},
        h('h2', {}, contract.contractNumber),
        h('p', { class: 'sub' }, contract.title),
        // "Expired on … — may be extended to …; verify with the cooperative".
        summary?.status === 'expiredMayBeExtended'
          ? h('p', { class: 'pill expiredMayBeExtended', role: 'note' }, expiredSentence(summary))
          : null),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => events.edit(contract) }, 'Edit'),
        deleteButton)),
    startFrom(contract),
    confirmSlot,
    tablist,
    panel);

  for (const tab of tabs) {
    tab.addEventListener('click', () => choose(tab.dataset.tab ?? 'facts', true));
    tab.addEventListener('keydown', (event) => {
      const index = tabs.indexOf(tab);
      /** @type {Record<string, number>} */
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
      choose(next.dataset.tab ?? 'facts', true);
    });
  }
  await choose(currentTab, false);

  /**
   * @param {string} key
   * @param {boolean} focus
   */
  async function choose(key, focus) {
    currentTab = key;
    for (const tab of tabs) {
      const selected = tab.dataset.tab === key;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) {
        panel.setAttribute('aria-labelledby', tab.id);
        if (focus) tab.focus();
      }
    }
    replace(panel, h('p', { class: 'loading' }, 'Loading…'));
    try {
      replace(panel, await (PANELS[key] ?? PANELS.facts)(contract, events));
    } catch (error) {
      replace(panel, h('p', { role: 'alert', class: 'field-error' }, api.toAppError(error).message));
    }
  }

  function askDelete() {
    const yes = h('button', {
      type: 'button', class: 'danger',
      onclick: async () => {
        try {
          await api.deleteContract(id);
          events.deleted(contract);
        } catch (error) {
          replace(confirmSlot, h('p', { role: 'alert', class: 'field-error' }, api.toAppError(error).message));
        }
      },
    }, 'Move to trash');
    const no = h('button', {
      type: 'button',
      onclick: () => {
        replace(confirmSlot);
        deleteButton.focus();
      },
    }, 'Keep it');
    replace(confirmSlot, confirmInPlace('Delete this contract?',
      `Move ${contract.contractNumber} to the trash? Its checklist, documents and history are kept, and you can restore it.`,
      yes, no));
    yes.focus();
  }
}

/**
 * What the clerk can start from this contract: a comparison buying through it, or a memo
 * recommending it (see `intent.js`).
 * @param {api.Contract} contract
 */
function startFrom(contract) {
  if (contract.id === null) return null;
  const contractId = contract.id;
  const { cooperative, contractNumber } = contract;
  return h('div', { class: 'actions start-from' },
    h('button', { type: 'button', onclick: () => startWith({ screen: 'comparisons', contractId }) },
      'Compare options with this contract'),
    h('button', { type: 'button', onclick: () => startWith({ screen: 'memos', contract: { cooperative, contractNumber } }) },
      'Write a memo'));
}

/**
 * Every field of the record, in the groups of the form.
 * @param {api.Contract} c
 */
async function facts(c) {
  const [lines, leadDays] = await Promise.all([
    api.getPriceLines(/** @type {number} */ (c.id)), api.getContractLeadTime(/** @type {number} */ (c.id))]);
  const list = (/** @type {string[]} */ items) => items.join('\n');
  const date = (/** @type {string | null} */ d) => (d ? formatDate(d) : '');
  const yesNo = (/** @type {boolean | null} */ b) => (b === null ? 'Not known' : b ? 'Yes' : 'No');
  // Supplier flags are shown only as the source states them: unknown is left out, not "No".
  const stated = (/** @type {boolean | null} */ b) => (b === null ? '' : b ? 'Yes' : 'No');
  const award = c.awardType === null
    ? 'Not known'
    : c.awardType === 'single'
      ? 'Single award'
      : `Multiple award${c.awardeeCount === null ? '' : ` (${c.awardeeCount} suppliers)`}`;
  /** @type {[string, [string, string][]][]} */
  const groups = [
    ['Identity', [
      ['Cooperative', c.cooperative], ['Lead agency', c.leadAgency], ['Contract number', c.contractNumber],
      ['Also written', list(c.numberVariants)], ['Title', c.title], ['Vendor', c.vendorName],
      ['Other spellings', list(c.vendorAliases)], ['Vendor contact', c.vendorContact],
      ['Vendor email', c.vendorEmail], ['Vendor phone', c.vendorPhone]]],
    ['Supplier', [
      ['Small business', stated(c.smallBusiness)], ['Local supplier in', c.localStates.join(', ')],
      ['Minority-owned', stated(c.minorityOwned)], ['Woman-owned', stated(c.womanOwned)],
      ['Veteran-owned', stated(c.veteranOwned)]]],
    ['What', [
      ['Category', c.category], ['NIGP codes', c.nigpCodes.join(', ')], ['UNSPSC codes', c.unspscCodes.join(', ')],
      ['Description', c.description], ['Keywords', c.keywords.join(', ')]]],
    ['Solicitation', [
      ['Number', c.solicitationNumber], ['Method', c.solicitationMethod], ['Issued', date(c.solicitationIssued)],
      ['Responses', c.responseCount === null ? '' : String(c.responseCount)],
      ['Cooperative clause', yesNo(c.cooperativeClause)], ['Award type', award]]],
    ['Dates', [
      ['Award date', date(c.awardDate)], ['Effective', date(c.effectiveDate)],
      ['Expiry', c.expiryDate ? formatDate(c.expiryDate) : 'Unknown'], ['As published', c.expiryAsPublished],
      ['Renewals', c.renewalOptions], ['Renewal options as data', renewalData(c)],
      ['Final possible expiry', date(c.finalExpiryDate)],
      ['Renewal decision lead time', leadDays === null ? '' : `${leadDays} days before the expiry (its own; the others take the default in Settings)`]]],
    ['Eligibility', [
      ['Entity types', c.entityTypes.join(', ') || 'Not recorded'],
      ['States', c.eligibleStates.join(', ') || 'All states'], ['Notes', c.eligibilityNotes]]],
    ['Terms', [
      ['Pricing basis', c.pricingBasis], ['Admin fee', c.adminFeePercent === null ? '' : `${c.adminFeePercent}%`],
      ['Contract value', contractValue(c)],
      ['Admin fee notes', c.adminFeeNotes], ['Warranty', c.warranty], ['Insurance and bonding', c.insuranceNotes]]],
    ['Provenance', [
      ['Sources', list(c.sources)], ['Last verified', date(c.lastVerified)], ['Notes', c.notes],
      ['Tags', c.tags.join(', ')]]],
  ];
  return [
    ...groups.map(([title, rows]) => {
      const shown = rows.filter(([, value]) => value);
      return h('section', { class: 'fact-group' },
        h('h3', {}, title),
        shown.length === 0
          ? h('p', { class: 'muted' }, 'Nothing recorded yet.')
          : h('dl', { class: 'facts' }, shown.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])));
    }),
    h('section', { class: 'fact-group' },
      h('h3', {}, 'Price list'),
      lines.length === 0
        ? h('p', { class: 'muted' }, 'No price lines recorded.')
        : h('table', { class: 'small-table' },
          h('thead', {}, h('tr', {}, ['Item', 'Unit', 'Unit price', 'Notes'].map((w) => h('th', { scope: 'col' }, w)))),
          h('tbody', {}, lines.map((l) => h('tr', {},
            h('td', {}, l.item), h('td', {}, l.unit), h('td', { class: 'money' }, formatMoney(l.unitPrice)), h('td', {}, l.notes)))))),
  ];
}

/** @type {[api.Answer, string][]} */
const ANSWERS = [['yes', 'Yes'], ['no', 'No'], ['notApplicable', 'Not applicable'], ['notYet', 'Not yet']];

/**
 * The due-diligence checklist; each item saves itself on change.
 * @param {api.Contract} c
 * @param {DetailEvents} events
 */
async function diligence(c, events) {
  const id = /** @type {number} */ (c.id);
  const entries = await api.getChecklist(id);
  const answers = new Map(entries.map((e) => [e.item, e.answer]));
  const counter = h('p', { class: 'muted', id: 'dd-count' });
  const count = () => {
    const done = [...answers.values()].filter((answer) => answer !== 'notYet').length;
    counter.textContent = `${done} of ${entries.length} answered. Each answer is saved as soon as you change it.`;
  };
  count();
  /** @param {api.ChecklistItem} item @param {api.Answer} answer */
  const answered = (item, answer) => { answers.set(item, answer); count(); };
  return [counter, ...entries.map((entry) => checklistItem(id, entry, events, answered))];
}

/**
 * @param {number} contractId
 * @param {api.ChecklistEntry} entry
 * @param {DetailEvents} events
 * @param {(item: api.ChecklistItem, answer: api.Answer) => void} answered  once saved
 */
function checklistItem(contractId, entry, events, answered) {
  const base = `dd-${entry.item}`;
  const saved = h('span', { class: 'saved', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'field-error', id: `${base}-error` });
  const radios = ANSWERS.map(([value, words]) =>
    h('label', { class: 'choice' },
      h('input', { type: 'radio', name: base, id: `${base}-${value}`, value, checked: entry.answer === value }),
      words));
  const by = h('input', { id: `${base}-by`, type: 'text', value: entry.checkedBy, autocomplete: 'name', 'aria-describedby': `${base}-error` });
  const on = h('input', { id: `${base}-on`, type: 'text', value: entry.checkedOn ?? '', placeholder: 'e.g. 12/7/2026' });
  const onRead = readTypedDates(on);
  const note = h('input', { id: `${base}-note`, type: 'text', value: entry.note });
  /** Saves are chained so two quick changes reach the library in the order they were made. */
  let queue = Promise.resolve();

  const fieldset = h('fieldset', { class: 'check-item', id: `${base}-item` },
    h('legend', {}, entry.label),
    h('div', { class: 'choices' }, radios),
    h('div', { class: 'check-meta' },
      h('div', { class: 'field' }, h('label', { for: by.id }, 'Checked by'), by),
      h('div', { class: 'field narrow' }, h('label', { for: on.id }, 'On'), on, onRead),
      h('div', { class: 'field wide' }, h('label', { for: note.id }, 'Note'), note)),
    error, saved);
  fieldset.addEventListener('change', () => {
    queue = queue.then(save);
  });
  return fieldset;

  async function save() {
    const checked = /** @type {HTMLInputElement | null} */ (fieldset.querySelector('input[type=radio]:checked'));
    const answer = /** @type {api.Answer} */ (checked?.value ?? 'notYet');
    const day = on.value.trim();
    error.textContent = '';
    by.removeAttribute('aria-invalid');
    on.removeAttribute('aria-invalid');
    // 12/7/2026 or Dec 7 2026, read by the core as an import reads it.
    const reading = await readingOf(on);
    if (day && !reading.date) {
      on.setAttribute('aria-invalid', 'true');
      error.textContent = `On: ${reading.problem ?? `${day} is not a date.`}`;
      saved.textContent = '';
      return;
    }
    // A "yes" or "no" without a day gets today's, so the memo can say when it was checked.
    const checkedOn = reading.date ?? ((answer === 'yes' || answer === 'no') && by.value.trim() ? today() : null);
    if (!day && checkedOn) {
      on.value = checkedOn;
      on.dispatchEvent(new Event('input')); // read back like a typed date
    }
    try {
      await api.setChecklistItem(contractId, {
        item: entry.item, label: entry.label, answer,
        checkedBy: by.value.trim(), checkedOn, note: note.value.trim(),
      });
      saved.textContent = 'Saved';
      window.setTimeout(() => { if (saved.textContent === 'Saved') saved.textContent = ''; }, 2500);
      answered(entry.item, answer);
      events.changed();
    } catch (e) {
      const problem = api.toAppError(e);
      saved.textContent = '';
      const field = problem.fields?.[0];
      if (field?.field === 'checkedBy') by.setAttribute('aria-invalid', 'true');
      error.textContent = field ? `${field.label}: ${field.message}` : problem.message;
    }
  }
}

/** Today as an ISO date, in the clerk's time zone. */
function today() {
  const now = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Whether `text` is a real calendar day written `YYYY-MM-DD`.
 * @param {string} text
 */
export function isIsoDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** @type {[api.DocumentKind, string][]} */
const KINDS = [
  ['contract', 'Contract'], ['solicitation', 'Solicitation'], ['bidTabulation', 'Bid tabulation'],
  ['award', 'Award'], ['priceList', 'Price list'], ['amendment', 'Amendment'],
  ['certificate', 'Certificate'], ['other', 'Other'],
];

/**
 * Attached documents: attach, open, remove; a flag when a file changed or went missing.
 * @param {api.Contract} c
 */
async function documents(c) {
  const id = /** @type {number} */ (c.id);
  const box = h('div', {});
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' });
  const kind = h('select', { id: 'document-kind' }, KINDS.map(([value, words]) => h('option', { value }, words)));
  const attach = h('button', {
    type: 'button',
    onclick: async () => {
      status.textContent = 'Choose the file in the window that opened…';
      try {
        const added = await api.attachDocument(id, /** @type {api.DocumentKind} */ (kind.value));
        status.textContent = added ? `Attached ${added.originalName}.` : 'No file was chosen.';
        await render();
      } catch (error) {
        status.textContent = api.toAppError(error).message;
      }
    },
  }, 'Attach a file…');
  await render();
  return [
    h('div', { class: 'attach-row' },
      h('div', { class: 'field' }, h('label', { for: 'document-kind' }, 'Kind of document'), kind),
      attach),
    status,
    box,
    certificatesSection(id),
  ];

  async function render() {
    const docs = await api.listDocuments(id);
    if (docs.length === 0) {
      replace(box, h('p', { class: 'muted' }, 'No documents yet. Attach the contract, the award or the price list: CoopDesk keeps a copy in the library folder and notices if it changes.'));
      return;
    }
    replace(box, h('ul', { class: 'documents' }, docs.map((d) => {
      const words = KINDS.find(([k]) => k === d.kind)?.[1] ?? d.kind;
      const flag = d.missing
        ? h('span', { class: 'pill expired' }, 'Missing from the library folder')
        : d.verified
          ? h('span', { class: 'pill active' }, 'Unchanged')
          : h('span', { class: 'pill expired' }, 'Changed since attached: checksum does not match');
      const actions = h('div', { class: 'actions' });
      const showActions = () => replace(actions,
        h('button', {
          type: 'button', disabled: d.missing,
          onclick: async () => {
            try {
              await api.openDocument(id, d.id);
            } catch (error) {
              status.textContent = api.toAppError(error).message;
            }
          },
        }, 'Open'),
        h('button', { type: 'button', onclick: askRemove }, 'Remove…'));
      function askRemove() {
        const yes = h('button', {
          type: 'button', class: 'danger',
          onclick: async () => {
            try {
              await api.removeDocument(d.id);
              status.textContent = `Removed ${d.originalName}.`;
              await render();
            } catch (error) {
              status.textContent = api.toAppError(error).message;
            }
          },
        }, 'Remove');
        replace(actions,
          h('span', {}, `Remove ${d.originalName} and its copy?`), yes,
          h('button', { type: 'button', onclick: showActions }, 'Keep'));
        yes.focus();
      }
      showActions();
      return h('li', { class: 'document' },
        h('div', { class: 'doc-name' }, h('strong', {}, d.originalName), ' ', flag),
        h('div', { class: 'muted' }, `${words} · attached ${formatDateTime(d.attachedAt)} · ${formatSize(d.sizeBytes)}`),
        actions);
    })));
  }
}

/** @type {Record<api.HistoryEntry['action'], string>} */
const ACTIONS = { create: 'Added', update: 'Changed', delete: 'Moved to the trash', restore: 'Restored' };

/**
 * What happened to the contract, newest first.
 * @param {api.Contract} c
 */
async function history(c) {
  const entries = (await api.contractHistory(/** @type {number} */ (c.id))).reverse();
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No history recorded.');
  return h('ol', { class: 'history' }, entries.map((e) =>
    h('li', {},
      h('div', {}, h('strong', {}, ACTIONS[e.action]), ' ', h('span', { class: 'muted' }, formatDateTime(e.at))),
      e.changes.length === 0 ? null : h('ul', { class: 'changes' }, e.changes.map((change) =>
        h('li', {},
          h('span', { class: 'change-label' }, change.label), ': ',
          h('span', { class: 'old' }, change.old || '(empty)'), ' → ',
          h('span', { class: 'new' }, change.new || '(empty)')))))));
}

/** What a contract's value kind means, in the detail pane's words. */
const VALUE_KINDS = { maximum: 'maximum', estimated: 'estimated', annual: 'per year' };

/**
 * The contract's value as the source states it: `$1,250,000.00 (maximum)`, or empty when
 * none is recorded.
 * @param {api.Contract} c
 */
export function contractValue(c) {
  if (c.value === null) return '';
  const amount = formatMoney(c.value);
  return c.valueKind === null ? amount : `${amount} (${VALUE_KINDS[c.valueKind]})`;
}
