// @ts-check
/**
 * The Library screen: one search box, filter chips with counts, the expiry strip, a
 * sortable table and the selected contract's detail pane; plus the Trash view and the
 * contract form.
 *
 * Typing narrows the list as the clerk types. Requests are debounced and numbered, and
 * an answer that arrives after a newer question was asked is dropped, so a slow search
 * never overwrites the results of the text now in the box.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { expiredSentence, formatDate, formatDateTime, statusLabel } from '../format.js';
import { showDetail } from './contract-detail.js';
import { showForm } from './contract-form.js';
import { exportPanel, startImport } from './import.js';

/** Wait this long after the last keystroke before searching (fast enough to feel live). */
const DEBOUNCE_MS = 80;
/** One page holds every contract a small library has; sorting is done on that page. */
const PAGE = 500;

/** @type {[api.StatusFilter, string][]} */
const STATUS_CHIPS = [
  ['active', 'Active'],
  ['expiringWithin30', 'Expiring within 30 days'],
  ['expiringWithin60', 'Within 60 days'],
  ['expiringWithin90', 'Within 90 days'],
  ['expired', 'Expired'],
  ['expiredMayBeExtended', 'Expired — may be extended'],
  ['unknown', 'Expiry unknown'],
];

const ENTITY_TYPES = [
  'city', 'county', 'school district', 'higher education', 'special district',
  'state agency', 'non-profit', 'tribal government',
];

const STATES = (
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH ' +
  'NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
).split(' ');

/** @typedef {'contractNumber' | 'title' | 'vendorName' | 'cooperative' | 'expiry'} SortKey */

/** @type {[SortKey, string][]} */
const COLUMNS = [
  ['contractNumber', 'Number'],
  ['title', 'Title'],
  ['vendorName', 'Vendor'],
  ['cooperative', 'Cooperative'],
  ['expiry', 'Expiry'],
];

/**
 * @param {HTMLElement} main
 * @param {{select?: number, text?: string}} [options]
 */
export async function show(main, options = {}) {
  const info = await api.libraryInfo();
  // The "approved sources only" filter is offered only when Settings keeps a list.
  const approvedKept = (await api.getSettings()).approvedCooperatives.length > 0;
  /** @type {api.Query} */
  const query = { text: options.text ?? '', limit: PAGE };
  /** @type {{key: SortKey, ascending: boolean} | null} null = best match / soonest expiry first */
  let sort = null;
  /** @type {api.SearchHit[]} */
  let hits = [];
  let selectedId = options.select ?? null;
  let asked = 0;
  /** @type {number | undefined} */
  let timer;

  const search = h('input', {
    id: 'library-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Number, title, vendor, keyword…', 'aria-describedby': 'search-hint', value: query.text,
  });
  const strip = h('div', { class: 'expiry-strip', role: 'group', 'aria-label': 'Expiring soon' });
  const chips = h('div', { class: 'chips' });
  const summary = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const headRow = h('tr');
  const layout = h('div', { class: 'library no-detail' });
  const detail = h('section', { class: 'detail', 'aria-label': 'Selected contract' });
  const banner = h('div', { class: 'banner-slot', role: 'status', 'aria-live': 'polite' });

  const header = h('div', { class: 'screen-head' },
    h('div', {},
      h('h1', {}, 'Library'),
      h('p', { class: 'lede' }, 'Cooperative contracts your jurisdiction may piggyback on.')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => openForm(null) }, 'Add contract'),
      h('button', { type: 'button', onclick: importFile }, 'Import…'),
      h('button', { type: 'button', onclick: toggleExport }, 'Export…'),
      h('button', { type: 'button', class: 'quiet', onclick: () => showTrash(main) }, 'Trash')));
  const exportSlot = h('div', { class: 'export-slot' });

  async function importFile() {
    try {
      await startImport(main, (notice) => { show(main, {}).then(() => notice && showNotice(notice)); });
    } catch (error) {
      showNotice(api.toAppError(error).message);
    }
  }

  function toggleExport() {
    if (exportSlot.firstChild) {
      replace(exportSlot);
      return;
    }
    const filtered = (query.text ?? '').trim() !== '' || Boolean(query.cooperative || query.category || query.state || query.entityType || query.status || query.approvedOnly);
    replace(exportSlot, exportPanel(hits.map((hit) => hit.id), filtered, () => replace(exportSlot)));
  }

  /** @param {string} text */
  function showNotice(text) {
    replace(banner, h('div', { class: 'banner' }, h('p', {}, text)));
  }

  if (info.contracts === 0) {
    replace(main, header,
      h('div', { class: 'empty' },
        h('h2', {}, 'Your library is empty'),
        h('p', {}, 'Add the first cooperative contract you are considering: its number, title, vendor and cooperative are enough to start. Its expiry and due-diligence facts can follow.'),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => openForm(null) }, 'Add contract'),
          h('button', { type: 'button', onclick: importFile }, 'Import contracts…'))),
      banner);
    return;
  }

  replace(main,
    header,
    info.sampleContracts > 0 ? h('p', { class: 'notice', role: 'note' }, info.sampleNote ?? '') : null,
    exportSlot,
    banner,
    strip,
    h('div', { class: 'search' },
      h('label', { for: 'library-search' }, 'Search the library'),
      search,
      h('p', { id: 'search-hint', class: 'hint' }, 'Results narrow as you type. Press / or Ctrl+F to come back here.')),
    chips,
    summary,
    layout);
  replace(layout,
    h('table', { class: 'contracts', 'aria-label': 'Contracts' }, h('thead', {}, headRow), tbody),
    detail);
  renderHead();

  search.addEventListener('input', () => {
    query.text = search.value;
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DEBOUNCE_MS);
  });
  search.addEventListener('keydown', (event) => {
    // Down arrow leaves the box for the first result, so the keyboard reaches the table.
    if (event.key === 'ArrowDown') {
      const first = tbody.querySelector('tr');
      if (first instanceof HTMLElement) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  /** @param {KeyboardEvent} event */
  const backToSearch = (event) => {
    if (!search.isConnected) {
      document.removeEventListener('keydown', backToSearch);
      return;
    }
    const target = /** @type {HTMLElement} */ (event.target);
    const typing = target.closest('input, textarea, select, [contenteditable]') !== null;
    if ((event.key === '/' && !typing) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f')) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  };
  document.addEventListener('keydown', backToSearch);

  search.focus();
  await Promise.all([refresh(), refreshStrip()]);

  /** Asks for results and chip counts for the current query; drops stale answers. */
  async function refresh() {
    const ask = ++asked;
    const snapshot = { ...query };
    try {
      const [results, facets] = await Promise.all([api.searchContracts(snapshot), api.searchFacets(snapshot)]);
      if (ask !== asked) return;
      hits = results.hits;
      renderChips(facets);
      renderRows();
      const filtered = Boolean(query.cooperative || query.category || query.status || query.state || query.entityType || query.approvedOnly);
      summary.textContent = results.total === 0
        ? (query.text.trim() || filtered ? 'Nothing found.' : 'No contracts.')
        : `${results.total} contract${results.total === 1 ? '' : 's'}` +
          (results.hits.length < results.total ? `, first ${results.hits.length} shown` : '');
      if (selectedId !== null) {
        const id = selectedId;
        selectedId = null;
        select(id);
      }
    } catch (error) {
      if (ask === asked) summary.textContent = api.toAppError(error).message;
    }
  }

  /**
   * The strip's button for expired contracts that may still be extended.
   * @param {number} shown  how many the dashboard listed (at most 50)
   */
  function extendableButton(shown) {
    const count = shown >= 50 ? '50+' : String(shown);
    return h('button', {
      type: 'button', class: `expiry-window${shown > 0 ? ' has' : ''}`,
      'aria-pressed': String(query.status === 'expiredMayBeExtended'),
      onclick: () => toggle('status', 'expiredMayBeExtended'),
    },
    h('span', { class: 'count' }, count),
    ` expired but may be extended — verify`);
  }

  async function refreshStrip() {
    try {
      const dashboard = await api.expiryDashboard();
      /** @type {[api.StatusFilter, number, string][]} */
      const windows = [
        ['expiringWithin30', dashboard.within30.length, '30'],
        ['expiringWithin60', dashboard.within60.length, '60'],
        ['expiringWithin90', dashboard.within90.length, '90'],
      ];
      replace(strip, windows.map(([status, count, days]) =>
        h('button', {
          type: 'button', class: `expiry-window${count > 0 ? ' has' : ''}`,
          'aria-pressed': String(query.status === status),
          onclick: () => toggle('status', status),
        },
        h('span', { class: 'count' }, String(count)),
        ` expire${count === 1 ? 's' : ''} within ${days} days`)).concat(
        // Past expiry but possibly extended: a separate button, so "expired" never hides
        // a contract the cooperative may have renewed.
        extendableButton(dashboard.expiredMayBeExtended.length)));
    } catch (error) {
      replace(strip, h('p', { role: 'alert' }, api.toAppError(error).message));
    }
  }

  /**
   * Turns a filter on, or off when it is already on, and searches again.
   * @param {'cooperative' | 'category' | 'status'} key
   * @param {string} value
   */
  function toggle(key, value) {
    // @ts-ignore: the value comes from the chip of this key, so it has the key's type.
    query[key] = query[key] === value ? null : value;
    for (const button of strip.querySelectorAll('button')) {
      button.setAttribute('aria-pressed', 'false');
    }
    refreshStrip();
    refresh();
  }

  /** @param {api.Facets} facets */
  function renderChips(facets) {
    /**
     * @param {string} label
     * @param {'cooperative' | 'category' | 'status'} key
     * @param {[string, string, number][]} options  value, words, count
     */
    const group = (label, key, options) =>
      h('div', { class: 'chip-group', role: 'group', 'aria-label': label },
        h('span', { class: 'chip-label' }, label),
        options.length === 0 ? h('span', { class: 'chip-none' }, 'None among these results') : null,
        options.map(([value, words, count]) =>
          h('button', {
            type: 'button', class: 'chip', 'aria-pressed': String(query[key] === value),
            onclick: () => toggle(key, value),
          }, words, h('span', { class: 'chip-count', 'aria-label': `, ${count}` }, String(count)))));
    /**
     * @param {string} id
     * @param {string} label
     * @param {'state' | 'entityType'} key
     * @param {string[]} values
     * @param {string} anyWords
     */
    const select = (id, label, key, values, anyWords) => {
      const element = h('select', {
        id,
        onchange: (/** @type {Event} */ event) => {
          query[key] = /** @type {HTMLSelectElement} */ (event.target).value || null;
          refresh();
        },
      }, h('option', { value: '' }, anyWords), values.map((v) => h('option', { value: v, selected: query[key] === v }, v)));
      return h('div', { class: 'chip-select' }, h('label', { for: id }, label), element);
    };
    const approvedOnly = () => h('label', { class: 'chip-select chip-check' },
      h('input', {
        id: 'filter-approved', type: 'checkbox', checked: Boolean(query.approvedOnly),
        onchange: (/** @type {Event} */ event) => {
          query.approvedOnly = /** @type {HTMLInputElement} */ (event.target).checked;
          refresh();
        },
      }),
      ' Approved sources only');
    const focused = document.activeElement;
    const focusKey = focused instanceof HTMLElement && chips.contains(focused) ? chipKey(focused) : null;
    replace(chips,
      group('Status', 'status', STATUS_CHIPS.map(([value, words]) => [value, words, facets.statuses[value]])),
      group('Cooperative', 'cooperative', facets.cooperatives.map((f) => [f.value, f.value, f.count])),
      group('Category', 'category', facets.categories.map((f) => [f.value, f.value, f.count])),
      h('div', { class: 'chip-selects' },
        select('filter-state', 'Usable in state', 'state', STATES, 'Any state'),
        select('filter-entity', 'Open to', 'entityType', ENTITY_TYPES, 'Any entity type'),
        approvedKept ? approvedOnly() : null));
    // The chips are rebuilt with new counts; keep the keyboard where it was.
    if (focusKey) {
      for (const element of chips.querySelectorAll('button, select')) {
        if (element instanceof HTMLElement && chipKey(element) === focusKey) element.focus();
      }
    }
  }

  function renderHead() {
    replace(headRow, COLUMNS.map(([key, words]) => {
      const current = sort?.key === key;
      return h('th', {
        scope: 'col',
        'aria-sort': current ? (sort?.ascending ? 'ascending' : 'descending') : 'none',
      }, h('button', { type: 'button', class: 'sort', onclick: () => sortBy(key) },
        words, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, current ? (sort?.ascending ? ' ▲' : ' ▼') : '')));
    }));
  }

  /** @param {SortKey} key */
  function sortBy(key) {
    sort = sort?.key === key ? { key, ascending: !sort.ascending } : { key, ascending: true };
    renderHead();
    renderRows();
    const button = headRow.querySelectorAll('button')[COLUMNS.findIndex(([k]) => k === key)];
    if (button instanceof HTMLElement) button.focus();
  }

  function renderRows() {
    const rows = sorted(hits, sort);
    if (rows.length === 0) {
      const what = query.text.trim() ? ` for “${query.text.trim()}”` : '';
      replace(tbody, h('tr', { class: 'nothing' }, h('td', { colspan: COLUMNS.length },
        `Nothing found${what}. Check the spelling, try fewer words, or clear a filter.`)));
      return;
    }
    replace(tbody, rows.map((hit) => contractRow(hit, (id) => select(id))));
    const chosen = tbody.querySelector(`tr[data-id="${Number(detail.dataset.id)}"]`);
    if (chosen) chosen.setAttribute('aria-selected', 'true');
  }

  /**
   * Shows one contract in the detail pane.
   * @param {number} id
   */
  async function select(id) {
    for (const tr of tbody.querySelectorAll('tr')) {
      tr.setAttribute('aria-selected', String(tr instanceof HTMLElement && tr.dataset.id === String(id)));
    }
    layout.classList.remove('no-detail');
    detail.dataset.id = String(id);
    try {
      await showDetail(detail, id, hits.find((hit) => hit.id === id), {
        edit: (contract) => openForm(contract),
        deleted: (contract) => {
          layout.classList.add('no-detail');
          delete detail.dataset.id;
          replace(detail);
          offerUndo(contract);
          refresh();
          refreshStrip();
          document.dispatchEvent(new CustomEvent('coopdesk:changed'));
        },
        changed: () => refresh(),
      });
    } catch (error) {
      replace(detail, h('p', { role: 'alert' }, api.toAppError(error).message));
    }
  }

  /** @param {api.Contract} contract */
  function offerUndo(contract) {
    const undo = h('button', {
      type: 'button',
      onclick: async () => {
        try {
          await api.restoreContract(/** @type {number} */ (contract.id));
          replace(banner);
          document.dispatchEvent(new CustomEvent('coopdesk:changed'));
          selectedId = contract.id;
          refresh();
          refreshStrip();
        } catch (error) {
          replace(banner, h('p', { class: 'error-box', role: 'alert' }, api.toAppError(error).message));
        }
      },
    }, 'Undo');
    replace(banner, h('div', { class: 'banner' },
      h('span', {}, `Moved ${contract.contractNumber} (${contract.title}) to the trash.`), undo));
    undo.focus();
  }

  /** @param {api.Contract | null} contract */
  function openForm(contract) {
    showForm(main, contract, {
      saved: (stored) => show(main, { select: stored.id ?? undefined }),
      cancelled: () => show(main, { select: contract?.id ?? undefined, text: query.text }),
    });
  }
}

/**
 * The key that identifies a chip or select across a rebuild.
 * @param {HTMLElement} element
 */
function chipKey(element) {
  if (element.id) return element.id;
  const group = element.closest('[role=group]')?.getAttribute('aria-label') ?? '';
  return `${group}:${element.firstChild?.textContent ?? ''}`;
}

/**
 * The hits in the chosen column order; as they came (best match first) without one.
 * @param {api.SearchHit[]} hits
 * @param {{key: SortKey, ascending: boolean} | null} sort
 */
function sorted(hits, sort) {
  if (!sort) return hits;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const direction = sort.ascending ? 1 : -1;
  return [...hits].sort((a, b) => {
    if (sort.key === 'expiry') {
      // Unknown expiry sorts last either way: it is not "soonest" or "latest".
      if (a.expiryDate === b.expiryDate) return 0;
      if (a.expiryDate === null) return 1;
      if (b.expiryDate === null) return -1;
      return direction * (a.expiryDate < b.expiryDate ? -1 : 1);
    }
    return direction * collator.compare(a[sort.key], b[sort.key]);
  });
}

/**
 * Plain text with its matched pieces in `<mark>`; the text itself when nothing matched.
 * @param {api.Fragment[]} fragments
 * @param {string} text
 */
function marked(fragments, text) {
  if (fragments.length === 0) return [text];
  return fragments.map((f) => (f.matched ? h('mark', {}, f.text) : f.text));
}

/**
 * @param {api.SearchHit} hit
 * @param {(id: number) => void} onSelect
 */
function contractRow(hit, onSelect) {
  const tr = h('tr', { tabindex: 0, 'aria-selected': 'false', 'data-id': hit.id },
    h('td', { class: 'number' }, marked(hit.highlights.contractNumber, hit.contractNumber)),
    h('td', { class: 'title' },
      h('span', { class: 'title-text' }, marked(hit.highlights.title, hit.title)),
      hit.highlights.elsewhere.length > 0
        ? h('span', { class: 'elsewhere' }, marked(hit.highlights.elsewhere, ''))
        : null),
    h('td', {}, marked(hit.highlights.vendorName, hit.vendorName)),
    h('td', {}, marked(hit.highlights.cooperative, hit.cooperative)),
    h('td', { class: 'expiry' }, expiryCell(hit)));
  tr.addEventListener('click', () => onSelect(hit.id));
  tr.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(hit.id);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      if (next instanceof HTMLElement) next.focus();
      else if (event.key === 'ArrowUp') document.getElementById('library-search')?.focus();
    }
  });
  return tr;
}

/**
 * The expiry date and its status pill (words, not colour alone).
 * @param {api.ContractSummary} row
 */
export function expiryCell(row) {
  if (row.status === 'expired') {
    return [h('span', { class: 'pill expired' }, expiredSentence(row))];
  }
  if (row.status === 'expiredMayBeExtended') {
    const [expired, extension] = expiredSentence(row).split(' — ');
    return [h('span', { class: 'pill expiredMayBeExtended' }, expired),
      h('span', { class: 'extension-note' }, extension)];
  }
  if (row.status === 'unknown') return [h('span', { class: 'pill unknown' }, statusLabel(row.status, row.daysLeft))];
  return [h('span', { class: 'date' }, formatDate(row.expiryDate)),
    h('span', { class: `pill ${row.status}` }, statusLabel(row.status, row.daysLeft))];
}

/**
 * The Trash: deleted contracts, each with Restore.
 * @param {HTMLElement} main
 */
async function showTrash(main) {
  const trashed = await api.listTrash();
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'result-count' });
  const back = h('button', { type: 'button', onclick: () => show(main) }, 'Back to the library');
  replace(main,
    h('div', { class: 'screen-head' },
      h('div', {},
        h('h1', {}, 'Trash'),
        h('p', { class: 'lede' }, 'Deleted contracts keep their checklist, documents and history. Restore one to bring it back exactly.')),
      h('div', { class: 'actions' }, back)),
    status,
    trashed.length === 0
      ? h('div', { class: 'empty' }, h('h2', {}, 'The trash is empty'), h('p', {}, 'Contracts you delete from the library wait here until you restore them.'))
      : h('table', { class: 'contracts trash', 'aria-label': 'Deleted contracts' },
        h('thead', {}, h('tr', {},
          ['Number', 'Title', 'Vendor', 'Cooperative', 'Deleted', ''].map((w) => h('th', { scope: 'col' }, w)))),
        h('tbody', {}, trashed.map((t) => {
          const restore = h('button', {
            type: 'button',
            onclick: async () => {
              try {
                await api.restoreContract(t.id);
                document.dispatchEvent(new CustomEvent('coopdesk:changed'));
                show(main, { select: t.id });
              } catch (error) {
                status.textContent = api.toAppError(error).message;
              }
            },
          }, 'Restore');
          return h('tr', {},
            h('td', { class: 'number' }, t.contractNumber),
            h('td', { class: 'title' }, t.title),
            h('td', {}, t.vendorName),
            h('td', {}, t.cooperative),
            h('td', {}, formatDateTime(t.deletedAt)),
            h('td', {}, restore));
        }))));
  back.focus();
}
