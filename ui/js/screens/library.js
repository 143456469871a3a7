// @ts-check
/**
 * The Library screen: one search box, the expiry strip, filter chips with counts behind
 * a Filters button, a paged table sorted by any column and the selected contract's
 * detail pane; plus the Trash view and the contract form.
 *
 * Typing narrows the list as the clerk types, every keystroke asked at once (no waiting
 * for a pause: the core answers in milliseconds). One question is asked at a time; what
 * is typed while the core answers is asked as soon as it has, and an answer overtaken by
 * newer typing is not shown, so a slow search never overwrites the results of the text
 * now in the box and typing never queues searches behind each other.
 *
 * The results come first: on a 1366×768 laptop the search box and at least ten rows
 * fit without scrolling, so the chips fold away (one click brings them back) and rows
 * keep to one line. Sorting and paging are done by the core over every match, so page 2
 * of a sorted list continues page 1, however large the library.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { expiredSentence, formatDate, formatDateTime, statusLabel } from '../format.js';
import { showDetail } from './contract-detail.js';
import { showForm } from './contract-form.js';
import { exportPanel, startImport } from './import.js';

/** How long typing must pause before the count of matches is said to a screen reader. */
const SPEAK_AFTER_MS = 700;
/** Rows per page: more than a laptop screen shows, few enough to render instantly. */
const PAGE = 50;
/** The most rows the core gives in one answer (for collecting every match to export). */
const MOST_PER_ANSWER = 500;
/** Cooperatives or categories shown before "more…"; the chosen one is always shown. */
const TOP_CHIPS = 6;
/** The filter chips start open on a screen tall enough for them and ten rows. */
const TALL_ENOUGH_FOR_CHIPS = 900;
/** Whether the chips are shown, kept while the app runs (the clerk's last choice). */
let chipsOpen = window.innerHeight >= TALL_ENOUGH_FOR_CHIPS;

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

/** The mark of the first rows shown (see `markFirstRows`). */
const FIRST_ROWS = 'coopdesk:first-rows';

/**
 * Marks (`performance.mark`) the frame in which the first rows of the session are shown,
 * once: the window benchmark reads the time from the app's start to its first rows.
 */
function markFirstRows() {
  if (performance.getEntriesByName(FIRST_ROWS).length > 0) return;
  requestAnimationFrame(() => {
    if (performance.getEntriesByName(FIRST_ROWS).length === 0) performance.mark(FIRST_ROWS);
  });
}

const ENTITY_TYPES = [
  'city', 'county', 'school district', 'higher education', 'special district',
  'state agency', 'non-profit', 'tribal government',
];

const STATES = (
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH ' +
  'NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
).split(' ');

/** @type {[api.SortColumn, string][]} */
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
  const [info, settings] = await Promise.all([api.libraryInfo(), api.getSettings()]);
  // The "approved sources only" filter is offered only when Settings keeps a list.
  const approvedKept = settings.approvedCooperatives.length > 0;
  /** @type {api.Query} */
  const query = { text: options.text ?? '', limit: PAGE, offset: 0, sort: null };
  /** @type {api.SearchHit[]} */
  let hits = [];
  /** How many contracts match in all, on every page. */
  let total = 0;
  /** Which chip groups show all their chips, not just the top few. */
  const expandedGroups = new Set();
  let selectedId = options.select ?? null;
  /** The question being answered, if any (see `refresh`). */
  /** @type {Promise<void> | null} */
  let answering = null;
  /** Whether the query changed while the core was answering. */
  let overtaken = false;
  /** Whether the chips show the counts of the query now in the box. */
  let chipsCounted = false;

  const search = h('input', {
    id: 'library-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Number, title, vendor, keyword…', 'aria-describedby': 'search-hint', value: query.text,
  });
  const strip = h('div', { class: 'expiry-strip', role: 'group', 'aria-label': 'Expiring soon' });
  const chips = h('div', { class: 'chips', id: 'library-filters', hidden: !chipsOpen });
  // The count is shown as each keystroke's rows arrive, and said to screen readers once
  // typing pauses: a live region changed on every key would talk over the typing.
  const summary = h('p', { class: 'result-count' });
  const spoken = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  /** @type {number | undefined} */
  let speakLater;
  /** @param {string} sentence */
  const tell = (sentence) => {
    summary.textContent = sentence;
    window.clearTimeout(speakLater);
    speakLater = window.setTimeout(() => { spoken.textContent = sentence; }, SPEAK_AFTER_MS);
  };
  const filtersButton = h('button', {
    type: 'button', class: 'filters-toggle', 'aria-expanded': String(chipsOpen), 'aria-controls': 'library-filters',
    onclick: () => showChips(!chipsOpen),
  });
  const clearButton = h('button', { type: 'button', class: 'link', hidden: true, onclick: clearFilters }, 'Clear filters');
  const previous = h('button', { type: 'button', class: 'pager', onclick: () => turnPage(-1) }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'pager', onclick: () => turnPage(1) }, 'Next ›');
  const pager = h('nav', { class: 'pages', 'aria-label': 'Result pages' }, previous, next);
  const tbody = h('tbody');
  const headRow = h('tr');
  const layout = h('div', { class: 'library no-detail' });
  const detail = h('section', { class: 'detail', 'aria-label': 'Selected contract' });
  const banner = h('div', { class: 'banner-slot', role: 'status', 'aria-live': 'polite' });

  const header = h('div', { class: 'screen-head compact' },
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

  async function toggleExport() {
    if (exportSlot.firstChild) {
      replace(exportSlot);
      return;
    }
    const filtered = (query.text ?? '').trim() !== '' || filtersOn() > 0;
    replace(exportSlot, h('p', { class: 'muted' }, 'Collecting the matching contracts…'));
    const ids = await matchingIds();
    replace(exportSlot, exportPanel(ids, filtered, () => replace(exportSlot)));
  }

  /** Every contract the search matches, on every page (what "export these" means). */
  async function matchingIds() {
    /** @type {number[]} */
    const ids = [];
    const every = { ...query, limit: MOST_PER_ANSWER, offset: 0 };
    for (;;) {
      const page = await api.searchContracts(every);
      ids.push(...page.hits.map((hit) => hit.id));
      if (page.hits.length === 0 || ids.length >= page.total) return ids;
      every.offset = (every.offset ?? 0) + page.hits.length;
    }
  }

  /** How many filters are on (the text aside). */
  function filtersOn() {
    return [query.cooperative, query.category, query.status, query.state, query.entityType, query.approvedOnly].filter(Boolean).length;
  }

  function clearFilters() {
    query.cooperative = null;
    query.category = null;
    query.status = null;
    query.state = null;
    query.entityType = null;
    query.approvedOnly = false;
    query.offset = 0;
    refreshStrip();
    refresh();
    search.focus();
  }

  /** @param {boolean} open */
  function showChips(open) {
    chipsOpen = open;
    chips.hidden = !open;
    renderFiltersButton();
    if (open && !chipsCounted) countChips();
  }

  /** Counts the chips for the query now in the box (they are not counted while folded). */
  async function countChips() {
    const snapshot = { ...query };
    try {
      const facets = await api.searchFacets(snapshot);
      // Typed or chose since: the answer to that question draws them.
      if (JSON.stringify(snapshot) !== JSON.stringify(query)) return;
      renderChips(facets);
      renderFiltersButton();
      chipsCounted = true;
    } catch (error) {
      tell(api.toAppError(error).message);
    }
  }

  function renderFiltersButton() {
    const on = filtersOn();
    filtersButton.setAttribute('aria-expanded', String(chipsOpen));
    replace(filtersButton,
      h('span', { class: 'toggle-mark', 'aria-hidden': 'true' }, chipsOpen ? '▾ ' : '▸ '),
      chipsOpen ? 'Hide filters' : 'Filters',
      on > 0 ? h('span', { class: 'filters-on' }, ` (${on} on)`) : null);
    clearButton.hidden = on === 0;
  }

  /** @param {number} step  -1 for the previous page, 1 for the next */
  function turnPage(step) {
    const offset = (query.offset ?? 0) + step * PAGE;
    if (offset < 0 || offset >= total) return;
    query.offset = offset;
    refresh().then(() => {
      // The clerk reads on from the top of the new page; the live region says which
      // rows these are. A pager button that became disabled (the last page) would drop
      // the keyboard focus: it moves to the first row instead.
      const first = tbody.querySelector('tr');
      if (!(first instanceof HTMLElement)) return;
      first.scrollIntoView({ block: 'nearest' });
      const focused = document.activeElement;
      if (focused === document.body || (focused instanceof HTMLButtonElement && focused.disabled)) first.focus();
    });
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
    info.sampleContracts > 0 ? h('p', { class: 'notice slim', role: 'note' }, info.sampleNote ?? '') : null,
    exportSlot,
    banner,
    h('div', { class: 'search' },
      h('label', { for: 'library-search' }, 'Search the library'),
      search,
      h('p', { id: 'search-hint', class: 'hint' }, 'Results narrow as you type. Press / or Ctrl+F to come back here.')),
    strip,
    h('div', { class: 'results-bar' }, filtersButton, clearButton, summary, spoken, pager),
    chips,
    layout);
  renderFiltersButton();
  replace(layout,
    h('table', { class: 'contracts', 'aria-label': 'Contracts' }, h('thead', {}, headRow), tbody),
    detail);
  renderHead();

  search.addEventListener('input', () => {
    query.text = search.value;
    query.offset = 0;
    refresh();
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

  /**
   * Shows the rows and chip counts of the current query. One question at a time: asked
   * while another is being answered, it is asked as soon as that answer is in (which is
   * then not shown). Settles once the rows of the newest question are shown.
   * @returns {Promise<void>}
   */
  function refresh() {
    overtaken = true;
    if (answering) return answering;
    answering = (async () => {
      while (overtaken) {
        overtaken = false;
        await answer({ ...query });
      }
    })().finally(() => { answering = null; });
    return answering;
  }

  /**
   * Asks the core for one query's page of rows, shows them, then its chip counts.
   * @param {api.Query} snapshot
   */
  async function answer(snapshot) {
    try {
      const results = await api.searchContracts(snapshot);
      if (overtaken) return;
      hits = results.hits;
      total = results.total;
      renderRows();
      tbody.dataset.query = snapshot.text;
      tell(countSentence(results.total, snapshot.offset ?? 0, results.hits.length,
        snapshot.text.trim() !== '' || filtersOn() > 0));
      previous.disabled = (snapshot.offset ?? 0) === 0;
      next.disabled = (snapshot.offset ?? 0) + results.hits.length >= results.total;
      pager.hidden = results.total <= PAGE;
      markFirstRows();
      if (selectedId !== null) {
        const id = selectedId;
        selectedId = null;
        select(id);
      }
      // The chips are counted only while they are shown: folded away (a laptop's
      // default), each keystroke costs one question, not two.
      chipsCounted = false;
      renderFiltersButton();
      if (!chipsOpen) return;
      const facets = await api.searchFacets(snapshot);
      if (overtaken) return;
      renderChips(facets);
      renderFiltersButton();
      chipsCounted = true;
    } catch (error) {
      if (!overtaken) tell(api.toAppError(error).message);
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
    query.offset = 0;
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
    const group = (label, key, options) => {
      // Long lists show their top few (and the chosen one); "more…" shows the rest.
      const expanded = expandedGroups.has(key) || options.length <= TOP_CHIPS + 1;
      const shown = expanded
        ? options
        : options.filter(([value], index) => index < TOP_CHIPS || query[key] === value);
      const more = expanded && options.length <= TOP_CHIPS + 1 ? null : h('button', {
        type: 'button', class: 'chip more', id: `more-${key}`, 'aria-expanded': String(expanded),
        onclick: () => {
          if (expanded) expandedGroups.delete(key); else expandedGroups.add(key);
          renderChips(facets);
        },
      }, expanded ? 'fewer' : `${options.length - shown.length} more…`);
      return h('div', { class: 'chip-group', role: 'group', 'aria-label': label },
        h('span', { class: 'chip-label' }, label),
        options.length === 0 ? h('span', { class: 'chip-none' }, 'None among these results') : null,
        shown.map(([value, words, count]) =>
          h('button', {
            type: 'button', class: 'chip', value, 'aria-pressed': String(query[key] === value),
            onclick: () => toggle(key, value),
          }, words, h('span', { class: 'chip-count', 'aria-label': `, ${count}` }, String(count)))),
        more);
    };
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
          query.offset = 0;
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
          query.offset = 0;
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
    const sort = query.sort;
    replace(headRow, COLUMNS.map(([column, words]) => {
      const current = sort?.column === column;
      return h('th', {
        scope: 'col', class: `col-${column}`,
        'aria-sort': current ? (sort?.descending ? 'descending' : 'ascending') : 'none',
      }, h('button', { type: 'button', class: 'sort', onclick: () => sortBy(column) },
        words, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, current ? (sort?.descending ? ' ▼' : ' ▲') : '')));
    }));
  }

  /**
   * Orders every match by `column` (the other way on a second click), from page one.
   * @param {api.SortColumn} column
   */
  function sortBy(column) {
    query.sort = query.sort?.column === column
      ? { column, descending: !query.sort.descending }
      : { column, descending: false };
    query.offset = 0;
    renderHead();
    refresh();
    const button = headRow.querySelectorAll('button')[COLUMNS.findIndex(([c]) => c === column)];
    if (button instanceof HTMLElement) button.focus();
  }

  function renderRows() {
    const rows = hits;
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
 * What the live region says about the results: how many, and which of them are shown.
 * @param {number} total
 * @param {number} offset
 * @param {number} shown
 * @param {boolean} narrowed  text typed or a filter on
 */
function countSentence(total, offset, shown, narrowed) {
  if (total === 0) return narrowed ? 'Nothing found.' : 'No contracts.';
  const all = `${total.toLocaleString('en-US')} contract${total === 1 ? '' : 's'}`;
  if (shown >= total) return all;
  return `${(offset + 1).toLocaleString('en-US')}–${(offset + shown).toLocaleString('en-US')} of ${all}`;
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
    // Rows keep to one line so ten fit on a laptop; the full text is in the tooltip and
    // the detail pane.
    h('td', { class: 'number', title: hit.contractNumber }, marked(hit.highlights.contractNumber, hit.contractNumber)),
    h('td', { class: 'title', title: hit.title },
      h('span', { class: 'title-text' }, marked(hit.highlights.title, hit.title)),
      hit.highlights.elsewhere.length > 0
        ? h('span', { class: 'elsewhere' }, marked(hit.highlights.elsewhere, ''))
        : null),
    h('td', { title: hit.vendorName }, marked(hit.highlights.vendorName, hit.vendorName)),
    h('td', { title: hit.cooperative }, marked(hit.highlights.cooperative, hit.cooperative)),
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
    // One line, like every row: the words fit the column, the whole sentence with its
    // date is shown on hover and in the detail pane.
    return [h('span', { class: 'pill expiredMayBeExtended', title: expiredSentence(row) }, 'Expired, may be extended')];
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
