// @ts-check
/** The sections that later versions fill: an honest empty state saying what they will do. */

import { h, replace } from '../dom.js';

const TEXT = {
  comparisons: {
    title: 'Comparisons',
    lede: 'Compare the total cost of ownership of your options over the years: cooperative contracts, your own solicitation, or keeping the current system.',
  },
  memos: {
    title: 'Memos',
    lede: 'Print a staff report the council or board can approve: the recommendation, the contract’s due diligence, the cost comparison and the fiscal impact.',
  },
};

/**
 * @param {HTMLElement} main
 * @param {'comparisons' | 'memos'} which
 */
export async function show(main, which) {
  const text = TEXT[which];
  replace(
    main,
    h('h1', {}, text.title),
    h('p', { class: 'lede' }, text.lede),
    h('div', { class: 'empty' },
      h('p', {}, 'This section is not part of this version of CoopDesk yet.'),
      h('p', {}, 'Meanwhile, keep your contract library up to date and set your jurisdiction’s details in Settings: both are used here later.')),
  );
}
