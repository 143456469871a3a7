// @ts-check
/**
 * The Library screen's state: one plain object, {@link LibraryState}, and the named
 * changes the screen makes to it. Nothing here touches the page or the core, so each
 * change is a plain function of the state, tested in node (`tests/ui/library-state.test.mjs`).
 *
 * The state keeps apart the question now asked (`query`: the text in the box, the
 * filters, the page and the order) and the answer on screen (`shown`, with the query it
 * answers): typing changes the first at once, the core's answer the second later.
 */

/**
 * @typedef {import('../../api.js').Query} Query
 * @typedef {import('../../api.js').SearchHit} SearchHit
 * @typedef {import('../../api.js').SearchResults} SearchResults
 * @typedef {import('../../api.js').Facets} Facets
 * @typedef {import('../../api.js').ExpiryDashboard} ExpiryDashboard
 * @typedef {import('../../api.js').SortColumn} SortColumn
 * @typedef {import('../../api.js').StatusFilter} StatusFilter
 */

/**
 * The chip groups whose chips turn a filter on and off.
 * @typedef {'cooperative' | 'category' | 'status'} ChipGroup
 */

/**
 * The filters chosen from a list.
 * @typedef {'state' | 'entityType'} ChoiceFilter
 */

/**
 * The rows on screen, and the query they answer.
 * @typedef {object} Shown
 * @property {Query} query
 * @property {SearchHit[]} hits  this page
 * @property {number} total  how many contracts match in all, on every page
 */

/**
 * Everything the Library screen shows, and nothing about how.
 * @typedef {object} LibraryState
 * @property {Query} query  the question now asked
 * @property {Shown} shown  the answer on screen
 * @property {Facets | null} facets  the chip counts last received
 * @property {boolean} chipsCounted  whether `facets` count the query now asked
 * @property {boolean} chipsOpen  whether the chips are shown
 * @property {Set<ChipGroup>} expandedGroups  chip groups that show all their chips
 * @property {ExpiryDashboard | null} dashboard  the expiry strip's figures
 * @property {number | null} detailId  the contract in the detail pane
 * @property {Outside | null} paneOutside  the contract the pane showed when the search or
 *   a filter changed and the rows shown no longer hold it (the pane says so)
 * @property {number | null} selectOnAnswer  the contract to open once the next rows are shown
 * @property {boolean} approvedKept  whether Settings keeps a list of approved cooperatives
 */

/**
 * The contract the pane showed, which the rows answering a new search no longer hold.
 * @typedef {object} Outside
 * @property {number} id
 * @property {string | null} number  its contract number, when the rows before held it
 * @property {boolean} certain  every match is on the page shown, so the contract does
 *   not match; otherwise it may still be on a later page
 */

/** Rows per page: more than a laptop screen shows, few enough to render instantly. */
export const PAGE = 50;
/** Cooperatives or categories shown before "more…"; the chosen one is always shown. */
export const TOP_CHIPS = 6;

/**
 * The state of a Library just opened.
 * @param {{text?: string, select?: number | null, chipsOpen: boolean, approvedKept: boolean}} start
 * @returns {LibraryState}
 */
export function newLibraryState({ text = '', select = null, chipsOpen, approvedKept }) {
  /** @type {Query} */
  const query = { text, limit: PAGE, offset: 0, sort: null };
  return {
    query,
    shown: { query: { ...query }, hits: [], total: 0 },
    facets: null,
    chipsCounted: false,
    chipsOpen,
    expandedGroups: new Set(),
    dashboard: null,
    detailId: null,
    paneOutside: null,
    selectOnAnswer: select,
    approvedKept,
  };
}

// ---------------------------------------------------------------------------------------
// Changes: what the clerk does

/**
 * The text in the search box changed: search it from page one.
 * @param {LibraryState} state
 * @param {string} text
 */
export function typeText(state, text) {
  state.query.text = text;
  state.query.offset = 0;
}

/**
 * Turns a chip's filter on, or off when it is already on.
 * @param {LibraryState} state
 * @param {ChipGroup} key
 * @param {string} value
 */
export function toggleFilter(state, key, value) {
  // @ts-ignore: the value comes from the chip of this key, so it has the key's type.
  state.query[key] = state.query[key] === value ? null : value;
  state.query.offset = 0;
}

/**
 * Chooses a state or an entity type from its list ('' for any).
 * @param {LibraryState} state
 * @param {ChoiceFilter} key
 * @param {string} value
 */
export function chooseFilter(state, key, value) {
  state.query[key] = value || null;
  state.query.offset = 0;
}

/**
 * @param {LibraryState} state
 * @param {boolean} on  only the cooperatives approved in Settings
 */
export function chooseApprovedOnly(state, on) {
  state.query.approvedOnly = on;
  state.query.offset = 0;
}

/**
 * "Value at least": only contracts whose recorded value is at least this many dollars.
 * @param {LibraryState} state
 * @param {string | null} amount  an exact decimal string; null (or a negative amount) for any
 */
export function chooseValueAtLeast(state, amount) {
  state.query.valueAtLeast = amount && !amount.startsWith('-') ? amount : undefined;
  state.query.offset = 0;
}

/** @param {LibraryState} state */
export function clearFilters(state) {
  const { query } = state;
  query.cooperative = null;
  query.category = null;
  query.status = null;
  query.state = null;
  query.entityType = null;
  query.approvedOnly = false;
  query.valueAtLeast = undefined;
  query.offset = 0;
}

/**
 * Moves a page on or back; false (and nothing changed) beyond the first or last page.
 * @param {LibraryState} state
 * @param {number} step  -1 for the previous page, 1 for the next
 */
export function turnPage(state, step) {
  const offset = (state.query.offset ?? 0) + step * PAGE;
  if (offset < 0 || offset >= state.shown.total) return false;
  state.query.offset = offset;
  return true;
}

/**
 * Orders every match by `column` (the other way on a second click), from page one.
 * @param {LibraryState} state
 * @param {SortColumn} column
 */
export function sortBy(state, column) {
  const sort = state.query.sort;
  state.query.sort = sort?.column === column
    ? { column, descending: !sort.descending }
    : { column, descending: false };
  state.query.offset = 0;
}

/**
 * Shows or folds the chips.
 * @param {LibraryState} state
 * @param {boolean} open
 */
export function showChips(state, open) {
  state.chipsOpen = open;
}

/**
 * Shows all of a chip group, or only its top few again.
 * @param {LibraryState} state
 * @param {ChipGroup} key
 */
export function toggleGroup(state, key) {
  if (state.expandedGroups.has(key)) state.expandedGroups.delete(key);
  else state.expandedGroups.add(key);
}

/**
 * Opens a contract in the detail pane.
 * @param {LibraryState} state
 * @param {number} id
 */
export function chooseContract(state, id) {
  state.detailId = id;
}

/** The contract in the detail pane went (to the trash). @param {LibraryState} state */
export function closeContract(state) {
  state.detailId = null;
}

/**
 * Opens `id` once the next rows are shown (a contract restored, or just saved).
 * @param {LibraryState} state
 * @param {number | null} id
 */
export function selectOnAnswer(state, id) {
  state.selectOnAnswer = id;
}

// ---------------------------------------------------------------------------------------
// Changes: what the core answers

/**
 * The rows answering `query` arrived; the chips no longer count the query asked.
 * @param {LibraryState} state
 * @param {Query} query  the question they answer
 * @param {SearchResults} results
 */
export function receiveResults(state, query, results) {
  const before = state.shown;
  state.shown = { query, hits: results.hits, total: results.total };
  state.chipsCounted = false;
  state.paneOutside = null;
  const id = state.detailId;
  // Another page or order of the same search does not move the contract out of it; a
  // contract about to be opened (just saved or restored) is opened whatever the rows.
  if (id === null || state.selectOnAnswer !== null || sameQuestion(before.query, query)) return;
  if (results.hits.some((hit) => hit.id === id)) return;
  state.paneOutside = {
    id,
    number: before.hits.find((hit) => hit.id === id)?.contractNumber ?? null,
    certain: results.hits.length >= results.total,
  };
  state.detailId = null;
}

/**
 * The chip counts of the query now asked arrived.
 * @param {LibraryState} state
 * @param {Facets} facets
 */
export function receiveFacets(state, facets) {
  state.facets = facets;
  state.chipsCounted = true;
}

/**
 * @param {LibraryState} state
 * @param {ExpiryDashboard} dashboard
 */
export function receiveDashboard(state, dashboard) {
  state.dashboard = dashboard;
}

/**
 * The contract to open now that rows are shown, if any (once).
 * @param {LibraryState} state
 * @returns {number | null}
 */
export function takeSelection(state) {
  const id = state.selectOnAnswer;
  state.selectOnAnswer = null;
  return id;
}

// ---------------------------------------------------------------------------------------
// What the state says

/**
 * How many filters are on (the text aside).
 * @param {Query} query
 */
export function filtersOn(query) {
  return [query.cooperative, query.category, query.status, query.state, query.entityType, query.approvedOnly,
    query.valueAtLeast]
    .filter(Boolean).length;
}

/**
 * Whether the query narrows the library: text typed or a filter on.
 * @param {Query} query
 */
export function isNarrowed(query) {
  return query.text.trim() !== '' || filtersOn(query) > 0;
}

/**
 * Whether two queries ask for the same contracts (text and filters), whatever the page
 * or the order.
 * @param {Query} a
 * @param {Query} b
 */
export function sameQuestion(a, b) {
  /** @param {Query} q */
  const question = (q) => ({ ...q, offset: 0, limit: 0, sort: null, text: q.text.trim() });
  return sameQuery(question(a), question(b));
}

/**
 * What the pane says when the contract it showed is not among the rows of a new search.
 * @param {Outside} outside
 */
export function outsideSentence({ number, certain }) {
  const which = number ?? 'The contract shown before';
  return certain
    ? `${which} does not match the current search and filters, so it is no longer shown.`
    : `${which} is not on this page of the results for the current search and filters.`;
}

/**
 * What the filter chips' counts count: the whole library, or the contracts the search
 * and the filters chosen leave (the expiry strip always counts the whole library).
 * @param {Query} query
 */
export function chipCountsSentence(query) {
  const text = query.text.trim();
  if (!isNarrowed(query)) return 'Each count is of the whole library.';
  if (text === '') return 'Each count is of the contracts the filters chosen leave.';
  return filtersOn(query) > 0
    ? `Each count is of the contracts matching “${text}” and the filters chosen.`
    : `Each count is of the contracts matching “${text}”.`;
}

/**
 * Whether two queries ask the same question.
 * @param {Query} a
 * @param {Query} b
 */
export function sameQuery(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What the live region says about the rows shown: how many, and which of them.
 * @param {Shown} shown
 */
export function countSentence({ query, hits, total }) {
  if (total === 0) return isNarrowed(query) ? 'Nothing found.' : 'No contracts.';
  const all = `${total.toLocaleString('en-US')} contract${total === 1 ? '' : 's'}`;
  if (hits.length >= total) return all;
  const offset = query.offset ?? 0;
  return `${(offset + 1).toLocaleString('en-US')}–${(offset + hits.length).toLocaleString('en-US')} of ${all}`;
}

/**
 * Which pager buttons work, and whether the pager is needed at all.
 * @param {Shown} shown
 */
export function pagerOf({ query, hits, total }) {
  const offset = query.offset ?? 0;
  return {
    atFirst: offset === 0,
    atLast: offset + hits.length >= total,
    needed: total > PAGE,
  };
}

/**
 * Which chips of a group are shown: long lists show their top few (and the chosen one),
 * and "more…" shows the rest.
 * @template {{value: string}} T
 * @param {LibraryState} state
 * @param {ChipGroup} key
 * @param {T[]} options  most contracts first
 * @returns {{shown: T[], expanded: boolean, more: boolean}}  `more`: whether a "more…"
 *   (or "fewer") button is offered
 */
export function chipsShown(state, key, options) {
  const short = options.length <= TOP_CHIPS + 1;
  const expanded = state.expandedGroups.has(key) || short;
  const shown = expanded
    ? options
    : options.filter(({ value }, index) => index < TOP_CHIPS || state.query[key] === value);
  return { shown, expanded, more: !(expanded && short) };
}
