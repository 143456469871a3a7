// @ts-check
/**
 * "Write the renewal memo" under a council action on the Spending screen: the memo as
 * the core last answered it, the sections as the clerk is typing them, and what the last
 * save or print did. The core composes, renders and versions the memo; this only keeps
 * what is typed and says where the memo stands (tested in node,
 * `tests/ui/renewal-state.test.mjs`).
 */

import { formatDate } from '../../format.js';

/**
 * @typedef {import('../../api.js').RenewalView} RenewalView
 * @typedef {import('../../api.js').RenewalDraft} RenewalDraft
 * @typedef {import('../../api.js').Section} Section
 */

/**
 * @typedef {object} RenewalState
 * @property {number} approvalId  the council action it was written from
 * @property {RenewalView} view  the memo as the core last answered it
 * @property {Partial<Record<Section, string>>} texts  each section's prose as typed
 * @property {{ text: string, problem: boolean } | null} status  what the last save or
 *   print did, in a sentence
 */

/**
 * The renewal memo as the core answered it, its sections' text as it prints.
 * @param {RenewalView} view
 * @param {{ text: string, problem: boolean } | null} [status]
 * @returns {RenewalState}
 */
export function openedRenewal(view, status = null) {
  /** @type {Partial<Record<Section, string>>} */
  const texts = {};
  for (const section of view.sections) texts[section.section] = section.text;
  return { approvalId: view.approvalId, view, texts, status };
}

/**
 * The draft to save: the header as it was, every section as typed (the core keeps only
 * those that differ from what it composes).
 * @param {RenewalState} renewal
 * @returns {RenewalDraft}
 */
export function renewalDraft(renewal) {
  /** @type {Partial<Record<Section, string>>} */
  const sections = {};
  for (const section of renewal.view.sections) {
    const typed = renewal.texts[section.section];
    if (typed !== undefined) sections[section.section] = typed;
  }
  return { ...renewal.view.draft, sections };
}

/**
 * Whether anything typed differs from what the memo holds.
 * @param {RenewalState} renewal
 */
export function unsaved(renewal) {
  return renewal.view.sections.some((s) => (renewal.texts[s.section] ?? s.text) !== s.text);
}

/**
 * "Version 2, a draft" or "Version 1, printed on December 7, 2026: the next change is
 * saved as version 2".
 * @param {RenewalView} view
 */
export function versionLine(view) {
  if (!view.printedAt) return `Version ${view.version}, a draft: saving changes it in place.`;
  return `Version ${view.version}, printed on ${formatDate(view.printedAt.slice(0, 10))}: it stays as printed, and the next change is saved as version ${view.version + 1}.`;
}

/**
 * What is left to fill in before printing, one line each with where it prints.
 * @param {RenewalView} view
 */
export function gapLines(view) {
  return view.placeholders.map((gap) => `${gap.place}: ${gap.text}`);
}

/**
 * What a print or a save to a file did.
 * @param {'pdf' | 'docx' | 'print'} how
 * @param {string | null} path  null when the clerk cancelled
 */
export function writtenSaid(how, path) {
  if (path === null) return 'Nothing was written: no file was chosen.';
  if (how === 'docx') return `Saved as Word to ${path}.`;
  if (how === 'print') return `Printed, and opened ${path} to print.`;
  return `Printed to ${path}; this version is now kept as printed.`;
}
