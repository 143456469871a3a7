// @ts-check
/**
 * The kinds of insurance policy a certificate shows and the Settings set minimums for,
 * in the core's order (`insurance::PolicyKind`), with the words the screens use.
 */

/** @typedef {import('../../../types/PolicyKind').PolicyKind} PolicyKind */

/** @type {[PolicyKind, string][]} */
export const KINDS = [
  ['generalLiability', 'General liability'],
  ['auto', 'Automobile liability'],
  ['workersComp', "Workers' compensation"],
  ['cyber', 'Cyber liability'],
  ['professional', 'Professional liability'],
  ['umbrella', 'Umbrella'],
  ['other', 'Other'],
];

/**
 * "Workers' compensation".
 * @param {PolicyKind} kind
 */
export function kindWords(kind) {
  return KINDS.find(([k]) => k === kind)?.[1] ?? kind;
}
