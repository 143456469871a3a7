// @ts-check
/** The sections that later versions fill: an honest empty state saying what they will do. */

import { h, replace } from '../dom.js';

const TEXT = {
  memos: {
    title: 'Memos',
    lede: 'Print a staff report the council or board can approve: the recommendation, the contract’s due diligence, the cost comparison and the fiscal impact.',
  },
};

/**
 * @param {HTMLElement} main
 * @param {'memos'} which
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
