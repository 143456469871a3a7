// @ts-check
/**
 * The count and the pager in the Library's results bar: which rows of how many are
 * shown, and the buttons to the previous and next page — above the table, and again
 * under it for the clerk who read down to the last row.
 *
 * The count is shown as each keystroke's rows arrive, and said to screen readers once
 * typing pauses: a live region changed on every key would talk over the typing.
 */

import { h } from '../../dom.js';
import { countSentence, pagerOf } from './state.js';

/**
 * @typedef {import('./state.js').LibraryState} LibraryState
 * @typedef {import('../library.js').LibraryActions} LibraryActions
 */

/** How long typing must pause before the count of matches is said to a screen reader. */
const SPEAK_AFTER_MS = 700;

/**
 * The count and the pager, with `tell` to show a sentence in the count's place.
 * @param {LibraryActions} act
 */
export function resultsCount(act) {
  const summary = h('p', { class: 'result-count' });
  const spoken = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', class: 'pager', onclick: () => act.turnPage(-1) }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'pager', onclick: () => act.turnPage(1) }, 'Next ›');
  const pager = h('nav', { class: 'pages', 'aria-label': 'Result pages' }, previous, next);
  const bottomCount = h('span', { class: 'result-count' });
  const previousBelow = h('button', { type: 'button', class: 'pager', onclick: () => act.turnPage(-1) }, '‹ Previous');
  const nextBelow = h('button', { type: 'button', class: 'pager', onclick: () => act.turnPage(1) }, 'Next ›');
  const bottomPager = h('nav', { class: 'pages bottom', 'aria-label': 'Result pages, under the table' },
    bottomCount, previousBelow, nextBelow);
  /** @type {number | undefined} */
  let speakLater;
  /**
   * Shows `sentence` at once; says it once nothing else was told for a moment.
   * @param {string} sentence
   */
  const tell = (sentence) => {
    summary.textContent = sentence;
    bottomCount.textContent = sentence;
    window.clearTimeout(speakLater);
    speakLater = window.setTimeout(() => { spoken.textContent = sentence; }, SPEAK_AFTER_MS);
  };
  return { summary, spoken, previous, next, pager, previousBelow, nextBelow, bottomPager, tell };
}

/**
 * @typedef {ReturnType<typeof resultsCount>} ResultsCount
 */

/**
 * The count and the pager of the rows shown.
 * @param {ResultsCount} count
 * @param {LibraryState} state
 */
export function renderCount(count, state) {
  count.tell(countSentence(state.shown));
  const { atFirst, atLast, needed } = pagerOf(state.shown);
  count.previous.disabled = atFirst;
  count.previousBelow.disabled = atFirst;
  count.next.disabled = atLast;
  count.nextBelow.disabled = atLast;
  count.pager.hidden = !needed;
  count.bottomPager.hidden = !needed;
}
