// @ts-check
/**
 * Settings → Shared library, and the status bar's sentence about it: the state (one plain
 * object, {@link SharedLibraryState}) and the named changes the section makes to it, and
 * the sentences it shows. Nothing here touches the page or the core, so all of it is
 * tested in node (`tests/ui/shared-library-state.test.mjs`).
 *
 * Moments from the core (`lastSyncedAt`, a problem's `at`) are the computer's local time,
 * as ISO text without a zone.
 */

/**
 * @typedef {import('../../api.js').SharedLibrary} SharedLibrary
 * @typedef {import('../../api.js').SharedConflict} SharedConflict
 * @typedef {import('../../api.js').ConflictChoice} ConflictChoice
 */

/**
 * Which side a field (or a whole contract) takes.
 * @typedef {'keepMine' | 'takeTheirs'} Side
 */

/**
 * Everything the section shows, and nothing about how.
 * @typedef {object} SharedLibraryState
 * @property {SharedLibrary | null} shared  the section as the core last answered it
 * @property {SharedConflict[]} conflicts
 * @property {Map<string, Map<string, Side>>} sides  per conflict (global id), per field,
 *   the clerk's choice; a field not chosen keeps mine, as an import's plan does
 * @property {Map<string, Side>} whole  per conflict decided whole (a deletion against an
 *   edit), the clerk's choice; keep mine until chosen
 * @property {string} address  the hub address typed, kept across redraws
 * @property {string} password  the password typed, until the join succeeds
 * @property {string | null} caFile  the name of the CA file chosen for a join
 * @property {boolean} withCaFile  whether the join trusts it
 * @property {boolean} busy  a join, sync or leave is under way
 * @property {string} notice  the sentence about what was last done
 */

/** @returns {SharedLibraryState} */
export function newSharedLibraryState() {
  return {
    shared: null,
    conflicts: [],
    sides: new Map(),
    whole: new Map(),
    address: '',
    password: '',
    caFile: null,
    withCaFile: false,
    busy: false,
    notice: '',
  };
}

/**
 * The core's answer about the section.
 * @param {SharedLibraryState} state
 * @param {SharedLibrary} shared
 */
export function receiveShared(state, shared) {
  state.shared = shared;
  // Joined: the password is in the credential store now, and no longer kept here.
  if (shared.hub) state.password = '';
  if (!shared.hub) {
    state.conflicts = [];
    state.sides.clear();
    state.whole.clear();
  }
}

/**
 * The conflicts as the core lists them now; choices already made for those still listed
 * are kept.
 * @param {SharedLibraryState} state
 * @param {SharedConflict[]} conflicts
 */
export function receiveConflicts(state, conflicts) {
  state.conflicts = conflicts;
  const listed = new Set(conflicts.map((c) => c.globalId));
  for (const id of [...state.sides.keys()]) if (!listed.has(id)) state.sides.delete(id);
  for (const id of [...state.whole.keys()]) if (!listed.has(id)) state.whole.delete(id);
}

/**
 * A CA file was chosen (its name), or `null` to join without one.
 * @param {SharedLibraryState} state
 * @param {string | null} name
 */
export function chooseCaFile(state, name) {
  state.caFile = name;
  state.withCaFile = name !== null;
}

/**
 * @param {SharedLibraryState} state
 * @param {string} globalId
 * @param {string} field
 * @param {Side} side
 */
export function chooseField(state, globalId, field, side) {
  const sides = state.sides.get(globalId) ?? new Map();
  sides.set(field, side);
  state.sides.set(globalId, sides);
}

/**
 * Every field of one conflict to one side ("Keep mine everywhere").
 * @param {SharedLibraryState} state
 * @param {SharedConflict} conflict
 * @param {Side} side
 */
export function chooseAll(state, conflict, side) {
  if (conflict.case !== 'bothChanged') {
    state.whole.set(conflict.globalId, side);
    return;
  }
  for (const f of conflict.fields) chooseField(state, conflict.globalId, f.field, side);
}

/**
 * The side a field takes now.
 * @param {SharedLibraryState} state
 * @param {string} globalId
 * @param {string} field
 * @returns {Side}
 */
export function sideOf(state, globalId, field) {
  return state.sides.get(globalId)?.get(field) ?? 'keepMine';
}

/**
 * The side a conflict decided whole takes now.
 * @param {SharedLibraryState} state
 * @param {string} globalId
 * @returns {Side}
 */
export function wholeSideOf(state, globalId) {
  return state.whole.get(globalId) ?? 'keepMine';
}

/**
 * What is sent to settle `conflict`: field by field, or whole.
 * @param {SharedLibraryState} state
 * @param {SharedConflict} conflict
 * @returns {ConflictChoice}
 */
export function choiceFor(state, conflict) {
  if (conflict.case !== 'bothChanged') {
    return { choice: wholeSideOf(state, conflict.globalId) };
  }
  return {
    choice: 'fields',
    takeTheirs: conflict.fields
      .filter((f) => sideOf(state, conflict.globalId, f.field) === 'takeTheirs')
      .map((f) => f.field),
  };
}

/**
 * What a conflict is, in a sentence.
 * @param {SharedConflict} conflict
 */
export function conflictSentence(conflict) {
  switch (conflict.case) {
    case 'deletedHere':
      return `You moved it to the trash; ${conflict.changedBy} changed it on the hub. Keep yours (in the trash) or take theirs (restored, with their changes).`;
    case 'deletedThere':
      return `You changed it; ${conflict.changedBy} deleted it on the hub. Keep yours (shared again) or take theirs (moved to the trash).`;
    default:
      return `Changed both here and by ${conflict.changedBy} on the hub since you last synced. For each field, keep yours or take theirs; the fields only one of you changed are already merged.`;
  }
}

/**
 * A local ISO moment as a `Date`.
 * @param {string} iso
 */
function moment(iso) {
  return new Date(iso);
}

/**
 * How long ago `iso` was, in the status bar's words: "just now", "2 min ago", "3 h ago",
 * or the date.
 * @param {string} iso
 * @param {Date} now
 */
export function ago(iso, now) {
  const then = moment(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `on ${then.toLocaleDateString()}`;
}

/**
 * The status bar's sentence, in two parts: `kind` says what changed (a new kind is
 * announced to a screen reader; a new `when` is not, so the minutes ticking by stay
 * quiet), `text` before `when`. `null` when the library shares nothing.
 * @param {SharedLibrary | null} shared
 * @param {Date} now
 * @returns {{kind: string, text: string, when: string} | null}
 */
export function statusLine(shared, now) {
  if (!shared?.hub) return null;
  const conflicts = shared.conflicts > 0
    ? ` · ${shared.conflicts} conflict${shared.conflicts === 1 ? '' : 's'} to settle in Settings`
    : '';
  const problem = shared.sync.problem;
  if (shared.sync.syncing) return { kind: `syncing${conflicts}`, text: `Syncing…${conflicts}`, when: '' };
  if (problem?.offline) {
    return { kind: `offline${conflicts}`, text: `Offline — your changes will be shared when the hub is reachable${conflicts}`, when: '' };
  }
  if (problem) return { kind: `problem${conflicts}`, text: `Not synced — see Settings → Shared library${conflicts}`, when: '' };
  const last = shared.hub.lastSyncedAt;
  if (!last) return { kind: `never${conflicts}`, text: `Not synced yet${conflicts}`, when: '' };
  return { kind: `synced${conflicts}`, text: 'Synced ', when: `${ago(last, now)}${conflicts}` };
}

/**
 * What waits to be shared, in a sentence.
 * @param {SharedLibrary} shared
 */
export function waitingSentence(shared) {
  if (shared.waiting === 0) return 'Nothing waits: the hub has every change made here.';
  const n = shared.waiting;
  return `${n} contract${n === 1 ? '' : 's'} changed here ${n === 1 ? 'waits' : 'wait'} to be shared at the next sync.`;
}

/**
 * The documents the hub did not take (over the size limit its administrator set), each in
 * the sync's own sentence; `null` when every document was shared.
 * @param {SharedLibrary} shared
 * @returns {string | null}
 */
export function documentsNotSharedSentence(shared) {
  const sentences = shared.documentsNotShared ?? [];
  return sentences.length === 0 ? null : sentences.join(' ');
}

/**
 * What leaving would leave behind, for the question before it.
 * @param {SharedLibrary} shared
 */
export function leaveQuestion(shared) {
  const parts = ['This library stops sharing and keeps every contract as it is now; what it shared stays on the hub. Its password is removed from this computer.'];
  if (shared.waiting > 0) {
    parts.push(`${shared.waiting} change${shared.waiting === 1 ? '' : 's'} made here ${shared.waiting === 1 ? 'has' : 'have'} not reached the hub and will not: sync first to share ${shared.waiting === 1 ? 'it' : 'them'}.`);
  }
  if (shared.conflicts > 0) {
    parts.push(`${shared.conflicts} conflict${shared.conflicts === 1 ? ' is' : 's are'} not settled: this library keeps its own version.`);
  }
  return parts.join(' ');
}
