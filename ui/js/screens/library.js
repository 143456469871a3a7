// @ts-check
/**
 * The Library screen: one search box, the expiry strip, filter chips with counts behind
 * a Filters button, a paged table sorted by any column and the selected contract's
 * detail pane; plus the Trash view and the contract form.
 *
 * Typing narrows the list as the clerk types, every keystroke asked at once (no waiting
 * for a pause: the core answers in milliseconds). One question is asked at a time; what
 * is typed while the core answers is asked as soon as it has, and an answer overtaken by
 * newer typing is not shown (`library/asking.js`).
 *
 * The results come first: on a 1366×768 laptop the search box and at least ten rows
 * fit without scrolling, so the chips fold away (one click brings them back) and rows
 * keep to one line. Sorting and paging are done by the core over every match, so page 2
 * of a sorted list continues page 1, however large the library.
 *
 * THE PATTERN FOR A SCREEN — the next screens (approvals, spending) copy this one:
 * - **State**: what the screen shows lives in one plain object, typed by a JSDoc
 *   `@typedef` ({@link change.LibraryState} in `library/state.js`), holding data only —
 *   no elements, no timers.
 * - **Named changes**: the state changes only through small named functions beside it
 *   (`typeText`, `toggleFilter`, `turnPage`, `sortBy`, `receiveResults`…). They touch
 *   neither the page nor the core, so they are tested in node (`tests/ui/`).
 * - **Render from state**: each part of the screen has its file in `library/` (`table.js`,
 *   `filters.js`, `strip.js`, `pager.js`) with `render…(element, state, act)` functions
 *   that redraw that part from the state alone.
 * - **Handlers call changes**: an event handler only calls one of the screen's actions
 *   ({@link LibraryActions}, `act`); an action makes a named change, re-renders what it
 *   affects and asks the core what it needs, whose answer is a named change too.
 * This module is the screen's entry: `show`, the actions, and the questions to the core.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { showDetail } from './contract-detail.js';
import { showForm } from './contract-form.js';
import { exportPanel, startImport } from './import.js';
import { oneQuestionAtATime } from './library/asking.js';
import { renderChips, renderFiltersButton } from './library/filters.js';
import { renderCount, resultsCount } from './library/pager.js';
import * as change from './library/state.js';
import { renderStrip, renderStripProblem } from './library/strip.js';
import { firstRow, headButton, listenToGrid, markSelected, renderHead, renderRows } from './library/table.js';
import { showTrash } from './library/trash.js';
import { showDue } from './due/panel.js';

/** The most rows the core gives in one answer (for collecting every match to export). */
const MOST_PER_ANSWER = 500;
/** The filter chips start open on a screen tall enough for them and ten rows. */
const TALL_ENOUGH_FOR_CHIPS = 900;
/** Whether the chips are shown, kept while the app runs (the clerk's last choice). */
let chipsOpen = window.innerHeight >= TALL_ENOUGH_FOR_CHIPS;

/** The mark of the first rows shown (see `markFirstRows`). */
const FIRST_ROWS = 'coopdesk:first-rows';

/**
 * What the clerk can do on the Library; every event handler calls one of these.
 * @typedef {object} LibraryActions
 * @property {(text: string) => void} typeText
 * @property {(key: change.ChipGroup, value: string) => void} toggleFilter
 * @property {(key: change.ChoiceFilter, value: string) => void} chooseFilter
 * @property {(on: boolean) => void} chooseApprovedOnly
 * @property {(amount: string | null) => void} chooseValueAtLeast
 * @property {() => void} clearFilters
 * @property {(open: boolean) => void} showChips
 * @property {(key: change.ChipGroup) => void} toggleGroup
 * @property {(step: number) => void} turnPage  -1 for the previous page, 1 for the next
 * @property {(column: api.SortColumn) => void} sortBy
 * @property {(id: number) => void} select  shows a contract in the detail pane
 * @property {(contract: api.Contract | null) => void} openForm  null to add one
 * @property {() => void} importFile
 * @property {() => void} toggleExport
 * @property {() => void} showTrash
 */

/**
 * The screen as it runs: its state, the parts of the page drawn from it, its actions and
 * its search.
 * @typedef {object} Screen
 * @property {HTMLElement} main
 * @property {change.LibraryState} state
 * @property {LibraryView} view
 * @property {LibraryActions} act
 * @property {ReturnType<typeof oneQuestionAtATime>} search  asks for the rows of the query
 */

/**
 * @param {HTMLElement} main
 * @param {{select?: number, text?: string, notice?: string}} [options]  `notice`: a
 *   sentence to show above the table (what an import just did)
 */
export async function show(main, options = {}) {
  const [info, settings] = await Promise.all([api.libraryInfo(), api.getSettings()]);
  const state = change.newLibraryState({
    text: options.text ?? '',
    select: options.select ?? null,
    chipsOpen,
    // The "approved sources only" filter is offered only when Settings keeps a list.
    approvedKept: settings.approvedCooperatives.length > 0,
  });
  const screen = /** @type {Screen} */ ({ main, state });
  screen.act = actionsOf(screen);
  screen.view = libraryView(state, screen.act);
  screen.search = oneQuestionAtATime(() => ({ ...state.query }), (query) => answer(screen, query));

  if (info.contracts === 0) {
    showEmpty(screen);
    return;
  }
  showLibrary(screen, info);
  // The Needs-action list above the Library fills itself (its own state, `due/`).
  showDue(screen.view.due, { openContract: (id) => screen.act.select(id) });
  if (options.notice) showNotice(screen, options.notice);
  listenToKeys(screen);
  screen.view.search.focus();
  await Promise.all([screen.search.ask(), refreshStrip(screen)]);
}

// ---------------------------------------------------------------------------------------
// The actions: a named change, the renders it affects, the questions it asks

/**
 * @param {Screen} screen
 * @returns {LibraryActions}
 */
function actionsOf(screen) {
  const { main, state } = screen;
  return {
    typeText(text) {
      change.typeText(state, text);
      screen.search.ask();
    },
    toggleFilter(key, value) {
      change.toggleFilter(state, key, value);
      filtersChanged(screen);
    },
    chooseFilter(key, value) {
      change.chooseFilter(state, key, value);
      screen.search.ask();
    },
    chooseApprovedOnly(on) {
      change.chooseApprovedOnly(state, on);
      screen.search.ask();
    },
    chooseValueAtLeast(amount) {
      change.chooseValueAtLeast(state, amount);
      screen.search.ask();
    },
    clearFilters() {
      change.clearFilters(state);
      filtersChanged(screen);
      screen.view.search.focus();
    },
    showChips(open) {
      change.showChips(state, open);
      chipsOpen = open;
      screen.view.chips.hidden = !open;
      renderFiltersButton(screen.view, state);
      // The chips are not counted while folded away: count them for the query now asked.
      if (open && !state.chipsCounted) countChips(screen);
    },
    toggleGroup(key) {
      change.toggleGroup(state, key);
      renderChips(screen.view.chips, state, screen.act);
    },
    turnPage: (step) => turnPage(screen, step),
    sortBy(column) {
      change.sortBy(state, column);
      renderHead(screen.view.headRow, state, screen.act);
      screen.search.ask();
      headButton(screen.view.headRow, column)?.focus();
    },
    select: (id) => { select(screen, id); },
    openForm(contract) {
      showForm(main, contract, {
        saved: (stored) => show(main, { select: stored.id ?? undefined }),
        cancelled: () => show(main, { select: contract?.id ?? undefined, text: state.query.text }),
      });
    },
    importFile: () => { importFile(screen); },
    toggleExport: () => { toggleExport(screen); },
    showTrash: () => { showTrash(main, (options) => show(main, options)); },
  };
}

/**
 * A status, cooperative or category filter changed (a chip, the strip, Clear filters):
 * the strip shows which is on, and both the rows and the strip are asked again.
 * @param {Screen} screen
 */
function filtersChanged(screen) {
  renderStrip(screen.view.strip, screen.state, screen.act);
  refreshStrip(screen);
  screen.search.ask();
}

/**
 * @param {Screen} screen
 * @param {number} step
 */
async function turnPage(screen, step) {
  if (!change.turnPage(screen.state, step)) return;
  await screen.search.ask();
  // The clerk reads on from the top of the new page; the live region says which rows
  // these are. A pager button that became disabled (the last page) would drop the
  // keyboard focus: it moves to the first row instead.
  const first = firstRow(screen.view.tbody);
  if (!first) return;
  first.scrollIntoView({ block: 'nearest' });
  const focused = document.activeElement;
  if (focused === document.body || (focused instanceof HTMLButtonElement && focused.disabled)) first.focus();
}

/**
 * Shows one contract in the detail pane.
 * @param {Screen} screen
 * @param {number} id
 */
async function select(screen, id) {
  const { state, view } = screen;
  change.chooseContract(state, id);
  markSelected(view.tbody, id);
  view.layout.classList.remove('no-detail');
  view.detail.dataset.id = String(id);
  try {
    await showDetail(view.detail, id, state.shown.hits.find((hit) => hit.id === id), {
      edit: (contract) => screen.act.openForm(contract),
      deleted: (contract) => deleted(screen, contract),
      changed: () => screen.search.ask(),
    });
  } catch (error) {
    replace(view.detail, h('p', { role: 'alert' }, api.toAppError(error).message));
  }
}

/**
 * The contract in the detail pane went to the trash: close the pane, offer Undo.
 * @param {Screen} screen
 * @param {api.Contract} contract
 */
function deleted(screen, contract) {
  const { view } = screen;
  change.closeContract(screen.state);
  view.layout.classList.add('no-detail');
  delete view.detail.dataset.id;
  replace(view.detail);
  offerUndo(screen, contract);
  screen.search.ask();
  refreshStrip(screen);
  document.dispatchEvent(new CustomEvent('coopdesk:changed'));
}

/**
 * The search or a filter changed and the contract in the pane is not among the rows now
 * shown: the pane says so instead of showing it as if it matched, with a way back to it.
 * @param {Screen} screen
 * @param {change.Outside} outside
 */
function showOutside(screen, outside) {
  const { view } = screen;
  markSelected(view.tbody, null);
  delete view.detail.dataset.id;
  replace(view.detail,
    h('h2', {}, 'No contract shown'),
    h('p', { class: 'outside-note' }, change.outsideSentence(outside)),
    h('button', { type: 'button', onclick: () => screen.act.select(outside.id) },
      `Show ${outside.number ?? 'it'} again`));
}

/**
 * @param {Screen} screen
 * @param {api.Contract} contract
 */
function offerUndo(screen, contract) {
  const { banner } = screen.view;
  const undo = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await api.restoreContract(/** @type {number} */ (contract.id));
        replace(banner);
        document.dispatchEvent(new CustomEvent('coopdesk:changed'));
        change.selectOnAnswer(screen.state, contract.id);
        screen.search.ask();
        refreshStrip(screen);
      } catch (error) {
        replace(banner, h('p', { class: 'error-box', role: 'alert' }, api.toAppError(error).message));
      }
    },
  }, 'Undo');
  replace(banner, h('div', { class: 'banner' },
    h('span', {}, `Moved ${contract.contractNumber} (${contract.title}) to the trash.`), undo));
  undo.focus();
}

/** @param {Screen} screen */
async function importFile(screen) {
  const { main } = screen;
  try {
    // The Library is drawn anew after an import, so the notice goes to the new one.
    await startImport(main, (notice) => show(main, { notice }));
  } catch (error) {
    showNotice(screen, api.toAppError(error).message);
  }
}

/**
 * "Export…": the panel for every contract the search matches, or away again.
 * @param {Screen} screen
 */
async function toggleExport(screen) {
  const { exportSlot } = screen.view;
  if (exportSlot.firstChild) {
    replace(exportSlot);
    return;
  }
  const filtered = change.isNarrowed(screen.state.query);
  replace(exportSlot, h('p', { class: 'muted' }, 'Collecting the matching contracts…'));
  const ids = await matchingIds(screen.state.query);
  replace(exportSlot, exportPanel(ids, filtered, () => replace(exportSlot)));
}

/**
 * @param {Screen} screen
 * @param {string} text
 */
function showNotice(screen, text) {
  replace(screen.view.banner, h('div', { class: 'banner' }, h('p', {}, text)));
}

// ---------------------------------------------------------------------------------------
// Questions to the core; each answer is a named change, then a render

/**
 * Asks the core for one query's page of rows, shows them, then its chip counts.
 * @param {Screen} screen
 * @param {api.Query} query
 */
async function answer(screen, query) {
  const { state, view, act, search } = screen;
  try {
    const results = await api.searchContracts(query);
    if (search.overtaken()) return;
    change.receiveResults(state, query, results);
    renderRows(view.tbody, state, act);
    renderCount(view.count, state);
    markFirstRows();
    const id = change.takeSelection(state);
    if (id !== null) select(screen, id);
    else if (state.paneOutside) showOutside(screen, state.paneOutside);
    renderFiltersButton(view, state);
    // The chips are counted only while they are shown: folded away (a laptop's
    // default), each keystroke costs one question, not two.
    if (!state.chipsOpen) return;
    const facets = await api.searchFacets(query);
    if (search.overtaken()) return;
    change.receiveFacets(state, facets);
    renderChips(view.chips, state, act);
    renderFiltersButton(view, state);
  } catch (error) {
    if (!search.overtaken()) view.count.tell(api.toAppError(error).message);
  }
}

/**
 * Counts the chips for the query now asked (they are not counted while folded).
 * @param {Screen} screen
 */
async function countChips(screen) {
  const { state, view } = screen;
  const asked = { ...state.query };
  try {
    const facets = await api.searchFacets(asked);
    // Typed or chose since: the answer to that question draws them.
    if (!change.sameQuery(asked, state.query)) return;
    change.receiveFacets(state, facets);
    renderChips(view.chips, state, screen.act);
    renderFiltersButton(view, state);
  } catch (error) {
    view.count.tell(api.toAppError(error).message);
  }
}

/** @param {Screen} screen */
async function refreshStrip(screen) {
  try {
    change.receiveDashboard(screen.state, await api.expiryDashboard());
    renderStrip(screen.view.strip, screen.state, screen.act);
  } catch (error) {
    renderStripProblem(screen.view.strip, api.toAppError(error).message);
  }
}

/**
 * Every contract the search matches, on every page (what "export these" means).
 * @param {api.Query} query
 */
async function matchingIds(query) {
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

// ---------------------------------------------------------------------------------------
// The page: built once, its parts redrawn from the state

/**
 * The screen's elements, their handlers calling `act`.
 * @param {change.LibraryState} state
 * @param {LibraryActions} act
 */
function libraryView(state, act) {
  const search = h('input', {
    id: 'library-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Number, title, vendor, keyword…', 'aria-describedby': 'search-hint', value: state.query.text,
  });
  search.addEventListener('input', () => act.typeText(search.value));
  return {
    header: h('div', { class: 'screen-head compact' },
      h('div', {},
        h('h1', {}, 'Library'),
        h('p', { class: 'lede' }, 'Cooperative contracts your jurisdiction may piggyback on.')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => act.openForm(null) }, 'Add contract'),
        h('button', { type: 'button', onclick: act.importFile }, 'Import…'),
        h('button', { type: 'button', onclick: act.toggleExport }, 'Export…'),
        h('button', { type: 'button', class: 'quiet', onclick: act.showTrash }, 'Trash'))),
    due: h('section', { class: 'needs-action', 'aria-labelledby': 'due-heading' }),
    exportSlot: h('div', { class: 'export-slot' }),
    banner: h('div', { class: 'banner-slot', role: 'status', 'aria-live': 'polite' }),
    search,
    strip: h('div', { class: 'expiry-strip', role: 'group', 'aria-label': 'Expiring soon in the whole library' }),
    filtersButton: h('button', {
      type: 'button', class: 'filters-toggle', 'aria-expanded': String(state.chipsOpen), 'aria-controls': 'library-filters',
      onclick: () => act.showChips(!state.chipsOpen),
    }),
    clearButton: h('button', { type: 'button', class: 'link', hidden: true, onclick: act.clearFilters }, 'Clear filters'),
    count: resultsCount(act),
    chips: h('div', { class: 'chips', id: 'library-filters', hidden: !state.chipsOpen }),
    headRow: h('tr'),
    tbody: h('tbody'),
    layout: h('div', { class: 'library no-detail' }),
    detail: h('section', { class: 'detail', 'aria-label': 'Selected contract' }),
  };
}

/** @typedef {ReturnType<typeof libraryView>} LibraryView */

/**
 * An empty library: what to do first.
 * @param {Screen} screen
 */
function showEmpty({ main, view, act }) {
  replace(main, view.header,
    h('div', { class: 'empty' },
      h('h2', {}, 'Your library is empty'),
      h('p', {}, 'Add the first cooperative contract you are considering: its number, title, vendor and cooperative are enough to start. Its expiry and due-diligence facts can follow.'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => act.openForm(null) }, 'Add contract'),
        h('button', { type: 'button', onclick: act.importFile }, 'Import contracts…'))),
    view.banner);
}

/**
 * The library with its search, strip, filters and table.
 * @param {Screen} screen
 * @param {api.LibraryInfo} info
 */
function showLibrary({ main, state, view, act }, info) {
  const { count } = view;
  replace(main,
    view.header,
    view.due,
    info.sampleContracts > 0 ? h('p', { class: 'notice slim', role: 'note' }, info.sampleNote ?? '') : null,
    view.exportSlot,
    view.banner,
    h('div', { class: 'search' },
      h('label', { for: 'library-search' }, 'Search the library'),
      view.search,
      h('p', { id: 'search-hint', class: 'hint' }, 'Results narrow as you type. Press / or Ctrl+F to come back here.')),
    view.strip,
    h('div', { class: 'results-bar' }, view.filtersButton, view.clearButton, count.summary, count.spoken, count.pager),
    view.chips,
    view.layout);
  renderFiltersButton(view, state);
  const table = h('table', { class: 'contracts', role: 'grid', 'aria-label': 'Contracts' },
    h('thead', {}, view.headRow), view.tbody);
  listenToGrid(table, act);
  // The pane comes right after the table in the Tab order; the pager under the table
  // comes after the pane (the grid layout puts it under the table).
  replace(view.layout, table, view.detail, count.bottomPager);
  renderHead(view.headRow, state, act);
}

/**
 * Down arrow in the search box goes to the first result; `/` or Ctrl+F anywhere comes
 * back to the search box (until the Library is left).
 * @param {Screen} screen
 */
function listenToKeys({ view }) {
  view.search.addEventListener('keydown', (event) => {
    // Down arrow leaves the box for the first result, so the keyboard reaches the table.
    if (event.key !== 'ArrowDown') return;
    const first = firstRow(view.tbody);
    if (first) {
      event.preventDefault();
      first.focus();
    }
  });
  /** @param {KeyboardEvent} event */
  const backToSearch = (event) => {
    if (!view.search.isConnected) {
      document.removeEventListener('keydown', backToSearch);
      return;
    }
    const target = /** @type {HTMLElement} */ (event.target);
    const typing = target.closest('input, textarea, select, [contenteditable]') !== null;
    if ((event.key === '/' && !typing) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f')) {
      event.preventDefault();
      view.search.focus();
      view.search.select();
    }
  };
  document.addEventListener('keydown', backToSearch);
}
