// @ts-check
/**
 * The comparison editor's state: one plain object, {@link EditorState}, and the named
 * changes the editor makes to it — options and cost lines added, removed or changed in
 * kind, the saved copy kept, the core's sentence placed. Nothing here touches the page
 * or the core (tested in node, `tests/ui/comparison-state.test.mjs`).
 *
 * What the clerk types into a field is stored by the field itself (`inputs.js`), which
 * keeps the model valid on the wire; the changes here are the ones that reshape it.
 */

/**
 * @typedef {import('../../api.js').Comparison} Comparison
 * @typedef {import('../../api.js').CostOption} CostOption
 * @typedef {import('../../api.js').CostLine} CostLine
 * @typedef {import('../../api.js').LineTiming} LineTiming
 * @typedef {import('../../api.js').OptionKind} OptionKind
 * @typedef {import('../../api.js').PriceLine} PriceLine
 * @typedef {import('../../api.js').ChartBasis} ChartBasis
 * @typedef {import('../../api.js').A94Rate} A94Rate
 * @typedef {import('../../api.js').RateChoice} RateChoice
 * @typedef {import('../../api.js').DiscountRate} DiscountRate
 * @typedef {import('../../api.js').StoredComparison} StoredComparison
 */

/**
 * The editor's state.
 * @typedef {object} EditorState
 * @property {number | null} id  the comparison's id once saved
 * @property {Comparison} model  the comparison as entered, always valid on the wire
 * @property {string} savedText  the model as last saved ('' before the first save)
 * @property {Map<string, string>} localErrors  inputs whose text is not a number yet, by
 *   element id, with what to type (nothing is calculated or saved while any is left)
 * @property {ChartBasis} basis  what the chart shows
 * @property {number} calculation  the number of the newest calculation asked for
 * @property {boolean | null} rateFollows  whether the rate is OMB A-94's for the horizon
 *   and so follows it (null until the core has said); false once the clerk types a rate
 *   or a source, or takes the policy rate
 * @property {RateChoice | null} rateChoice  what the core last offered for the rate
 * @property {number} rateAsked  the number of the newest rate choice asked for
 */

/**
 * The editor on `comparison`, saved as `savedId` or not yet saved.
 * @param {number | null} savedId
 * @param {Comparison} comparison
 * @returns {EditorState}
 */
export function newEditorState(savedId, comparison) {
  const model = structuredClone(comparison);
  return {
    id: savedId,
    model,
    savedText: savedId === null ? '' : JSON.stringify(model),
    localErrors: new Map(),
    basis: 'presentValue',
    calculation: 0,
    rateFollows: null,
    rateChoice: null,
    rateAsked: 0,
  };
}

/** Whether the model changed since it was last saved. @param {EditorState} state */
export function isDirty(state) {
  return JSON.stringify(state.model) !== state.savedText;
}

// ---------------------------------------------------------------------------------------
// Options and cost lines

/**
 * Adds an option with a name no other has; returns its index among the columns (the
 * baseline is 0).
 * @param {EditorState} state
 */
export function addOption(state) {
  const { model } = state;
  model.options.push({ name: unusedOptionName(model), kind: { type: 'other' }, notes: '', startDelayMonths: 0, costLines: [] });
  return model.options.length;
}

/**
 * @param {EditorState} state
 * @param {number} index  the option's column (1 is the first after the baseline)
 */
export function removeOption(state, index) {
  state.model.options.splice(index - 1, 1);
}

/**
 * @param {CostOption} option
 * @param {OptionKind['type']} type
 */
export function changeKind(option, type) {
  option.kind = /** @type {OptionKind} */ ({ type });
}

/**
 * Links a cooperative option to a library contract (null: none).
 * @param {CostOption} option
 * @param {number | null} contractId
 */
export function linkContract(option, contractId) {
  option.kind = { type: 'cooperativeContract', contractId };
}

/** How many contracts the picker lists for what the clerk typed. */
export const PICKER_LIMIT = 50;

/**
 * The contract picker's choices for a search's hits, the linked contract kept first when
 * the search did not find it (a narrower search never unlinks a contract).
 * @param {{id: number, label: string}[]} found  the hits, most relevant first
 * @param {{id: number, label: string} | null} linked
 * @returns {{id: number, label: string, selected: boolean}[]}
 */
export function contractChoices(found, linked) {
  const choices = found.map((c) => ({ ...c, selected: c.id === linked?.id }));
  if (linked && !found.some((c) => c.id === linked.id)) choices.unshift({ ...linked, selected: true });
  return choices;
}

/**
 * What the picker says about a search: how many contracts match, and how many are listed.
 * @param {string} text
 * @param {number} total
 * @param {number} listed
 */
export function pickerCount(text, total, listed) {
  if (total === 0) return text.trim() ? `No contract in the library matches “${text.trim()}”.` : 'The library has no contracts yet.';
  const what = text.trim() ? `${total === 1 ? '1 contract matches' : `${total} contracts match`} “${text.trim()}”` : `${total} contract${total === 1 ? '' : 's'} in the library`;
  return listed < total ? `${what}; the ${listed} most relevant are listed.` : `${what}.`;
}

/**
 * Links the comparison's first cooperative-contract option to `contractId` (a comparison
 * started from a contract in the Library); adds such an option when there is none.
 * Returns the option's column.
 * @param {Comparison} model
 * @param {number} contractId
 */
export function buyThrough(model, contractId) {
  let index = model.options.findIndex((o) => o.kind.type === 'cooperativeContract');
  if (index < 0) {
    model.options.unshift({ name: 'Cooperative contract', kind: { type: 'other' }, notes: '', startDelayMonths: 0, costLines: [] });
    index = 0;
  }
  linkContract(model.options[index], contractId);
  return index + 1;
}

/**
 * Adds a cost line that recurs over the horizon: support for the baseline, an
 * acquisition for an option. Returns the line's number (from 1).
 * @param {EditorState} state
 * @param {CostOption} option
 * @param {boolean} isBaseline
 */
export function addCostLine(state, option, isBaseline) {
  option.costLines.push({
    category: isBaseline ? 'maintenanceAndSupport' : 'acquisition',
    description: '',
    timing: { type: 'recurring', fromYear: 1, toYear: state.model.horizonYears, amount: '0', escalation: '0' },
  });
  return option.costLines.length;
}

/**
 * A line of the linked contract's price list, as a one-time acquisition up front.
 * @param {CostOption} option
 * @param {PriceLine} line
 */
export function addPriceLine(option, line) {
  option.costLines.push({
    category: 'acquisition',
    description: line.item,
    timing: { type: 'oneTime', year: 0, amount: line.unitPrice },
  });
}

/**
 * @param {CostOption} option
 * @param {number} index  from 0
 */
export function removeCostLine(option, index) {
  option.costLines.splice(index, 1);
}

/**
 * Switches a line's timing, keeping what can be kept.
 * @param {EditorState} state
 * @param {CostLine} line
 * @param {LineTiming['type']} type
 */
export function changeTiming(state, line, type) {
  line.timing = convertTiming(line.timing, type, state.model.horizonYears);
}

/**
 * Keeps what can be kept when the clerk switches a line's timing.
 * @param {LineTiming} from
 * @param {LineTiming['type']} to
 * @param {number} horizon
 * @returns {LineTiming}
 */
export function convertTiming(from, to, horizon) {
  const amount = 'amount' in from ? from.amount : '0';
  const fromYear = 'fromYear' in from ? from.fromYear : ('year' in from ? from.year : 1);
  const toYear = 'toYear' in from ? from.toYear : horizon;
  const escalation = 'escalation' in from ? from.escalation : '0';
  switch (to) {
    case 'oneTime': return { type: 'oneTime', year: from.type === 'oneTime' ? from.year : 0, amount };
    case 'recurring': return { type: 'recurring', fromYear: Math.max(fromYear, 1), toYear, amount, escalation };
    case 'perUnit': return { type: 'perUnit', fromYear: Math.max(fromYear, 1), toYear, unitPrice: amount, quantity: '1', unit: '', escalation };
    case 'schedule': return { type: 'schedule', amounts: {} };
  }
}

/**
 * "Option N" with the first N no option of the comparison is named (names are unique,
 * ignoring case and spaces).
 * @param {Comparison} model
 * @returns {string}
 */
export function unusedOptionName(model) {
  const key = (/** @type {string} */ name) => name.replace(/\s+/g, '').toLowerCase();
  const taken = new Set([model.baseline, ...model.options].map((o) => key(o.name)));
  let n = model.options.length + 1;
  while (taken.has(key(`Option ${n}`))) n += 1;
  return `Option ${n}`;
}

// ---------------------------------------------------------------------------------------
// The discount rate, calculating and saving

/**
 * Takes the OMB A-94 rate the core found for the horizon (the rate box's text is then a
 * number again).
 * @param {EditorState} state
 * @param {A94Rate} found
 * @param {string} rateId  the rate box's element id
 */
export function useA94Rate(state, found, rateId) {
  state.model.discount = { rate: found.rate, source: found.source };
  state.localErrors.delete(rateId);
  state.rateFollows = true;
}

/**
 * Takes the jurisdiction's policy rate from Settings; it does not depend on the horizon,
 * so it stays when the horizon changes.
 * @param {EditorState} state
 * @param {DiscountRate} policy
 * @param {string} rateId  the rate box's element id
 */
export function usePolicyRate(state, policy, rateId) {
  state.model.discount = { rate: policy.rate, source: policy.source };
  state.localErrors.delete(rateId);
  state.rateFollows = false;
}

/**
 * The clerk typed a rate or a source: it is theirs, and no longer follows the horizon.
 * @param {EditorState} state
 */
export function typeRate(state) {
  state.rateFollows = false;
}

/**
 * Numbers a new question about the rate; only the newest answer is taken.
 * @param {EditorState} state
 */
export function askRateChoice(state) {
  state.rateAsked += 1;
  return state.rateAsked;
}

/**
 * The core's answer about the rate. The first answer says whether the comparison's rate
 * follows the horizon; while it does, the A-94 rate for the horizon now set
 * replaces it (the horizon changed). Returns whether the rate was replaced; an answer
 * to an older question changes nothing.
 * @param {EditorState} state
 * @param {RateChoice} choice
 * @param {number} asked  the number {@link askRateChoice} gave the question
 */
export function receiveRateChoice(state, choice, asked) {
  // The first question was about the rate the comparison opened with: its answer says
  // whether that rate follows the horizon, even when the horizon has changed since.
  if (state.rateFollows === null && asked === 1) state.rateFollows = choice.followsHorizon;
  if (asked !== state.rateAsked) return false;
  state.rateChoice = choice;
  const replaces = state.rateFollows && !choice.followsHorizon
    && choice.a94.horizonYears === state.model.horizonYears;
  if (replaces) state.model.discount = { rate: choice.a94.rate, source: choice.a94.source };
  return replaces;
}

/**
 * @param {EditorState} state
 * @param {ChartBasis} basis
 */
export function chooseBasis(state, basis) {
  state.basis = basis;
}

/**
 * Numbers a new calculation; an answer is shown only if its number is still the newest.
 * @param {EditorState} state
 */
export function askCalculation(state) {
  state.calculation += 1;
  return state.calculation;
}

/**
 * What is calculated: the model, titled even before the clerk types a title (the title
 * matters only for saving).
 * @param {EditorState} state
 * @returns {Comparison}
 */
export function toCalculate(state) {
  return { ...state.model, title: state.model.title.trim() || 'Untitled comparison' };
}

/**
 * The core saved the model: keep its id and the new options' stable ids for the next
 * save, and the model as saved.
 * @param {EditorState} state
 * @param {StoredComparison} stored
 */
export function saved(state, stored) {
  const { model } = state;
  state.id = stored.id;
  if (!model.baseline.id) model.baseline.id = stored.comparison.baseline.id;
  model.options.forEach((option, index) => {
    if (!option.id) option.id = stored.comparison.options[index]?.id;
  });
  state.savedText = JSON.stringify(model);
}

/** The core's field names in its sentences, and the editor's box for each. */
const FIELD_IDS = /** @type {Record<string, string>} */ ({
  Title: 'cmp-title', 'Purchase description': 'cmp-description', Horizon: 'cmp-horizon',
  'Start fiscal year': 'cmp-fy', 'Discount rate': 'cmp-rate', 'Discount rate source': 'cmp-source',
});

/**
 * Where the core's "Field: what to do" sentence goes: the message slot of an option or
 * of one of its lines (`o1-message`, `o1-l2-message`), a field of the details, or the
 * message over the options; null when it names none of them.
 * @param {Comparison} model
 * @param {string} message
 * @returns {{slot: string, text: string} | {field: string, text: string} | {options: true, text: string} | null}
 */
export function placeOfCoreError(model, message) {
  const optionMatch = /^(?:Option|Baseline) "(.*?)"(?:, line (\d+))?: ([\s\S]*)$/.exec(message);
  if (optionMatch) {
    const [, name, line, text] = optionMatch;
    const index = [model.baseline, ...model.options].findIndex((o) => o.name.trim() === name);
    if (index >= 0) return { slot: line ? `o${index}-l${line}-message` : `o${index}-message`, text };
  }
  const [label, ...rest] = message.split(': ');
  const text = rest.join(': ');
  const field = Object.hasOwn(FIELD_IDS, label) ? FIELD_IDS[label] : null;
  if (field) return { field, text };
  if (label === 'Options' || label === 'Option name') return { options: true, text };
  return null;
}
