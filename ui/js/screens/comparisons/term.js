// @ts-check
/**
 * The comparison's warnings about its contracts: for every option bought through a
 * library contract, whether the contract is in force when the option would be bought and
 * to the end of the horizon, and whether its facts were verified within a year
 * (`term-warning.js`, the core's sentences).
 */

import * as api from '../../api.js';
import { replace } from '../../dom.js';
import { termNotice } from '../../term-warning.js';

/** The latest request per box: an older answer arriving late is dropped. */
const asked = new WeakMap();

/**
 * Redraws `box` with the warnings of `model`'s options.
 * @param {HTMLElement} box
 * @param {api.Comparison} model
 */
export async function showTermWarnings(box, model) {
  const request = (asked.get(box) ?? 0) + 1;
  asked.set(box, request);
  const linked = model.options.flatMap((option) =>
    option.kind.type === 'cooperativeContract' && option.kind.contractId != null
      ? [{ option, contractId: option.kind.contractId }] : []);
  try {
    const checks = await Promise.all(linked.map(({ option, contractId }) =>
      api.contractTermCheck(contractId, model.start, model.horizonYears, option.startDelayMonths)));
    if (asked.get(box) !== request) return;
    replace(box, checks.map((check, i) => termNotice(check, {
      heading: `${linked[i].option.name || 'Cooperative contract'}:`,
      onVerified: () => { showTermWarnings(box, model); },
    })));
  } catch (error) {
    if (asked.get(box) === request) replace(box, null);
  }
}
