// @ts-check
/**
 * Going from one screen to another with something already chosen: from a contract in the
 * Library, "Compare options with this contract" opens a new comparison buying through it
 * and "Write a memo" opens Memos with that contract's options chosen; from a saved
 * comparison, "Write a memo" opens Memos with its options chosen; from a memo the council
 * acted on, "Open in Spending" opens Spending with that action chosen; a renewal memo in
 * the Memos list opens in Spending, under the action it was written from.
 *
 * A button calls {@link startWith}; the frame (`app.js`) opens the screen; the screen
 * takes what was chosen once, when it shows ({@link takeIntent}). What a screen did not
 * take (the clerk chose to stay on an unsaved comparison) is dropped.
 */

/**
 * @typedef {{screen: 'comparisons', contractId: number}
 *   | {screen: 'memos', contract?: {cooperative: string, contractNumber: string}, comparisonId?: number}
 *   | {screen: 'spending', approvalId: number, renewalMemoId?: number}} Intent
 */

/** @type {Intent | null} */
let pending = null;

/**
 * Opens `intent.screen` with what it names chosen.
 * @param {Intent} intent
 */
export function startWith(intent) {
  pending = intent;
  document.dispatchEvent(new CustomEvent('coopdesk:open', { detail: intent.screen }));
}

/**
 * What the screen `screen` was opened with, once.
 * @template {Intent['screen']} S
 * @param {S} screen
 * @returns {Extract<Intent, {screen: S}> | null}
 */
export function takeIntent(screen) {
  if (pending?.screen !== screen) return null;
  const intent = /** @type {Extract<Intent, {screen: S}>} */ (pending);
  pending = null;
  return intent;
}

/** Drops what no screen took. */
export function dropIntent() {
  pending = null;
}
