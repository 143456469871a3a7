// @ts-check
/**
 * The Settings' "Reminders: what comes due" section as state: the default lead time and
 * the minimum insurance limit per kind of policy, as typed; what keeps them from being
 * saved, one sentence per field; and what the last save did. Nothing here touches the
 * page or the core (tested in node, `tests/ui/reminders-state.test.mjs`).
 *
 * What is typed is read here before it is sent, because the wire types are a whole number
 * of days and exact decimal strings: "forty" or "$1,000,000.001" cannot even be sent. The
 * core checks again (`due::store::save_settings`) and its field errors land on the same
 * fields.
 */

import { parseAmount } from '../../format.js';
import { KINDS } from '../due/kinds.js';

/**
 * @typedef {import('../../api.js').DueSettings} DueSettings
 * @typedef {import('../../api.js').FieldError} FieldError
 * @typedef {import('../due/kinds.js').PolicyKind} PolicyKind
 */

/** The most days a lead time may be, as the core allows: ten years. */
export const MAX_LEAD_DAYS = 3650;

/** Days before a certificate's expiry that it is listed (the core's fixed notice). */
export const INSURANCE_NOTICE_DAYS = 30;

/**
 * @typedef {object} RemindersState
 * @property {string} leadDays  the default lead time, as typed
 * @property {Record<PolicyKind, string>} limits  each kind's minimum, as typed ('' for none)
 * @property {FieldError[]} problems  what keeps it from being saved; `field` is
 *   `defaultLeadDays` or `minimum.<kind>`
 * @property {boolean} saving
 * @property {{ text: string, problem: boolean } | null} said  what the last save did
 */

/**
 * The section as the core's settings are.
 * @param {DueSettings} settings
 * @returns {RemindersState}
 */
export function newRemindersState(settings) {
  return { ...shown(settings), problems: [], saving: false, said: null };
}

/**
 * The boxes' text for `settings`: amounts as exact decimals, with their cents.
 * @param {DueSettings} settings
 */
function shown(settings) {
  const limits = /** @type {Record<PolicyKind, string>} */ (Object.fromEntries(KINDS.map(([kind]) => [kind, ''])));
  for (const minimum of settings.minimumLimits) limits[minimum.kind] = minimum.limit;
  return { leadDays: String(settings.defaultLeadDays), limits };
}

/**
 * The clerk typed in the lead time's box.
 * @param {RemindersState} state
 * @param {string} text
 */
export function typedLeadDays(state, text) {
  state.leadDays = text;
  state.said = null;
}

/**
 * The clerk typed in a minimum's box.
 * @param {RemindersState} state
 * @param {PolicyKind} kind
 * @param {string} text
 */
export function typedLimit(state, kind, text) {
  state.limits[kind] = text;
  state.said = null;
}

/**
 * The field name a kind's minimum is shown under.
 * @param {PolicyKind} kind
 */
export function limitField(kind) {
  return `minimum.${kind}`;
}

/**
 * The lead time as days, or the sentence saying what to type instead.
 * @param {string} text
 * @returns {{ days: number | null, problem?: string }}
 */
function readLeadDays(text) {
  const typed = text.trim().replace(/\s*days?$/i, '');
  if (typed === '') return { days: null, problem: 'is required: the number of days before a contract expires that its renewal decision is listed, e.g. 120.' };
  if (!/^\d+$/.test(typed)) return { days: null, problem: `“${text.trim()}” is not a whole number of days; enter digits such as 120.` };
  const days = Number(typed);
  if (days > MAX_LEAD_DAYS) return { days: null, problem: `${days} days is more than ten years; enter at most ${MAX_LEAD_DAYS}.` };
  return { days };
}

/**
 * A contract's own lead time as typed in its form: days, or null (empty) for the
 * Settings' default; or the sentence saying what to type instead.
 * @param {string} text
 * @returns {{ days: number | null, problem?: string }}
 */
export function readContractLeadDays(text) {
  if (text.trim() === '') return { days: null };
  return readLeadDays(text);
}

/**
 * A minimum as an exact decimal ('' for none), or the sentence saying what to type.
 * @param {string} text
 * @returns {{ limit: string | null, problem?: string }}
 */
function readLimit(text) {
  const typed = text.trim();
  if (typed === '') return { limit: null };
  const amount = parseAmount(typed);
  if (amount === null) return { limit: null, problem: `“${typed}” is not an amount; enter dollars and cents such as 1,000,000.00, or leave it empty for no minimum.` };
  if (amount.startsWith('-') || !/[1-9]/.test(amount)) return { limit: null, problem: 'must be more than zero; leave it empty for no minimum.' };
  if ((amount.split('.')[1] ?? '').length > 2) return { limit: null, problem: `${typed} has more than two decimals; enter dollars and cents.` };
  return { limit: amount };
}

/**
 * The settings the boxes describe, or what keeps them from being sent (one sentence a
 * field, the label naming it).
 * @param {RemindersState} state
 * @returns {{ settings: DueSettings | null, problems: FieldError[] }}
 */
export function readReminders(state) {
  /** @type {FieldError[]} */
  const problems = [];
  const lead = readLeadDays(state.leadDays);
  if (lead.problem) problems.push({ field: 'defaultLeadDays', label: 'Lead time', message: lead.problem });
  /** @type {DueSettings['minimumLimits']} */
  const minimumLimits = [];
  for (const [kind, words] of KINDS) {
    const read = readLimit(state.limits[kind]);
    if (read.problem) problems.push({ field: limitField(kind), label: `Minimum for ${words.toLowerCase()}`, message: read.problem });
    else if (read.limit !== null) minimumLimits.push({ kind, limit: read.limit });
  }
  if (problems.length > 0 || lead.days === null) return { settings: null, problems };
  return { settings: { defaultLeadDays: lead.days, minimumLimits }, problems };
}

/**
 * Save was pressed and the boxes could not be read: their problems show.
 * @param {RemindersState} state
 * @param {FieldError[]} problems
 */
export function notSent(state, problems) {
  state.problems = problems;
  state.said = { text: `${problems.length} ${problems.length === 1 ? 'field needs' : 'fields need'} attention; each is marked below its box. Nothing was saved.`, problem: true };
}

/**
 * The settings are on their way to the core.
 * @param {RemindersState} state
 */
export function sending(state) {
  state.problems = [];
  state.saving = true;
  state.said = null;
}

/**
 * The core kept the settings: the boxes show them as kept (cents added).
 * @param {RemindersState} state
 * @param {DueSettings} kept
 */
export function saved(state, kept) {
  Object.assign(state, shown(kept));
  state.saving = false;
  state.problems = [];
  state.said = { text: 'Saved. The Needs-action list and the calendar use them from now on.', problem: false };
}

/**
 * The core refused the settings: its field errors land on their boxes. The core names a
 * minimum by its place among those sent (`minimumLimits.1`), which were sent in the order
 * of {@link KINDS}.
 * @param {RemindersState} state
 * @param {DueSettings} sent
 * @param {{ message: string, fields?: FieldError[] }} error
 */
export function refused(state, sent, error) {
  state.saving = false;
  const fields = error.fields ?? [];
  state.problems = fields.map((f) => {
    const place = /^minimumLimits\.(\d+)$/.exec(f.field);
    const kind = place ? sent.minimumLimits[Number(place[1])]?.kind : undefined;
    return kind ? { ...f, field: limitField(kind) } : f;
  });
  state.said = { text: fields.length > 0 ? 'Nothing was saved; each field that needs attention is marked below its box.' : `Not saved: ${error.message}`, problem: true };
}

/**
 * The sentence to show under a field, if any.
 * @param {RemindersState} state
 * @param {string} field
 */
export function problemOf(state, field) {
  const found = state.problems.filter((p) => p.field === field);
  return found.length === 0 ? null : found.map((p) => `${p.label}: ${p.message}`).join(' ');
}
