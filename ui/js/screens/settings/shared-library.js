// @ts-check
/**
 * Settings → Shared library: join a hub, see when the library last synced and what waits,
 * sync now, leave, and settle the conflicts field by field (keep mine / take theirs, as an
 * import's plan does). The state and its sentences are in `shared-library-state.js`;
 * this module draws them and turns clicks into its named changes.
 */

import * as api from '../../api.js';
import { confirmInPlace } from '../../confirm.js';
import { h, replace } from '../../dom.js';
import { field } from '../../field.js';
import {
  chooseAll, chooseCaFile, chooseField, choiceFor, conflictSentence, leaveQuestion,
  documentsNotSharedSentence, newSharedLibraryState, receiveConflicts, receiveShared, sideOf,
  waitingSentence, wholeSideOf,
} from './shared-library-state.js';

/**
 * @typedef {import('./shared-library-state.js').SharedLibraryState} SharedLibraryState
 * @typedef {import('./shared-library-state.js').Side} Side
 */

/**
 * Fills `section` and keeps it current while it is on the page (each sync the app runs
 * by itself redraws it).
 * @param {HTMLElement} section
 */
export async function showSharedLibrary(section) {
  const state = newSharedLibraryState();
  const draw = () => { if (section.isConnected) render(section, state, actions); };
  const actions = makeActions(state, draw);
  try {
    receiveShared(state, await api.sharedLibrary());
    if (state.shared?.hub) receiveConflicts(state, await api.hubConflicts());
  } catch (error) {
    state.notice = api.toAppError(error).message;
  }
  render(section, state, actions);
  const stop = await api.onHubSynced(async (shared) => {
    if (!section.isConnected) { stop(); return; }
    receiveShared(state, shared);
    if (shared.hub) receiveConflicts(state, await api.hubConflicts());
    draw();
  });
}

/**
 * What the section's buttons do: each changes the state through the core, then redraws.
 * @param {SharedLibraryState} state
 * @param {() => void} draw
 */
function makeActions(state, draw) {
  /**
   * Runs `work` with the buttons disabled, then says what it did (or what went wrong).
   * @param {() => Promise<string>} work
   */
  const run = async (work) => {
    state.busy = true;
    draw();
    try {
      state.notice = await work();
    } catch (error) {
      state.notice = api.toAppError(error).message;
    } finally {
      state.busy = false;
      draw();
      document.dispatchEvent(new CustomEvent('coopdesk:hub', { detail: state.shared }));
    }
  };
  return {
    chooseCa: () => run(async () => {
      const name = await api.chooseHubCaFile();
      if (name === null) return state.caFile ? `The join trusts ${state.caFile}.` : 'No CA file chosen.';
      chooseCaFile(state, name);
      return `The join trusts ${name}.`;
    }),
    dropCa: () => { chooseCaFile(state, null); state.notice = 'The join trusts the certificates this computer trusts.'; draw(); },
    /** @param {string} address @param {string} password */
    join: (address, password) => run(async () => {
      receiveShared(state, await api.joinHub(address, password, state.withCaFile));
      const hub = state.shared?.hub;
      return hub ? `Joined ${hub.place} as ${hub.memberName}. The first sync shares every contract of this library.` : '';
    }),
    syncNow: () => run(async () => {
      const shared = await api.syncHubNow();
      receiveShared(state, shared);
      receiveConflicts(state, await api.hubConflicts());
      return shared.sync.problem ? shared.sync.problem.message : 'Synced.';
    }),
    leave: () => run(async () => {
      receiveShared(state, await api.leaveHub());
      return 'This library no longer shares. Every contract is still here.';
    }),
    /** @param {import('../../api.js').SharedConflict} conflict */
    settle: (conflict) => run(async () => {
      receiveConflicts(state, await api.resolveHubConflict(conflict.globalId, choiceFor(state, conflict)));
      receiveShared(state, await api.sharedLibrary());
      document.dispatchEvent(new CustomEvent('coopdesk:changed'));
      return `Settled ${conflict.contract}; the next sync shares it.`;
    }),
    draw,
  };
}

/** @typedef {ReturnType<typeof makeActions>} Actions */

/**
 * @param {HTMLElement} section
 * @param {SharedLibraryState} state
 * @param {Actions} actions
 */
function render(section, state, actions) {
  // Keep the focus where it was across the redraw (a button that is drawn again).
  const focused = document.activeElement instanceof HTMLElement && section.contains(document.activeElement)
    ? document.activeElement.dataset.focusKey : undefined;
  const shared = state.shared;
  replace(section,
    h('h2', { id: 'shared-library-heading' }, 'Shared library'),
    shared?.hub ? joined(state, actions) : joinForm(state, actions),
    h('p', { role: 'status', class: 'hub-notice' }, state.notice));
  if (!focused) return;
  const again = section.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
  if (again instanceof HTMLElement) again.focus();
}

/**
 * Not joined: what sharing is, and the join form.
 * @param {SharedLibraryState} state
 * @param {Actions} actions
 */
function joinForm(state, actions) {
  // What is typed is kept in the state, so that a redraw (a CA file chosen) keeps it.
  const address = h('input', {
    id: 'hub-address', name: 'hubAddress', autocomplete: 'off', spellcheck: 'false', 'data-focus-key': 'address',
    placeholder: 'postgresql://LOGIN@SERVER:5432/DATABASE', value: state.address,
    oninput: () => { state.address = address.value; },
  });
  const password = h('input', {
    id: 'hub-password', name: 'hubPassword', type: 'password', autocomplete: 'off', 'data-focus-key': 'password',
    value: state.password, oninput: () => { state.password = password.value; },
  });
  const form = h('form', {
    class: 'hub-join',
    novalidate: true,
    onsubmit: (/** @type {Event} */ event) => {
      event.preventDefault();
      actions.join(address.value, password.value);
    },
  },
  field('hub-address', 'Hub address', address, 'As the hub’s administrator gave it (coopdesk-cli hub add-member prints it); it holds no password.'),
  field('hub-password', 'Password', password, 'Kept in this computer’s credential store, never in the library.'),
  h('div', { class: 'field' },
    h('span', { class: 'label', id: 'hub-ca-label' }, 'CA file'),
    h('p', { class: 'hint', id: 'hub-ca-hint' }, state.caFile
      ? `Trusting ${state.caFile}, the certificate the administrator gave.`
      : 'Only if the administrator gave you one (a .pem file): it proves the hub is the hub.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', 'data-focus-key': 'ca', 'aria-describedby': 'hub-ca-hint', disabled: state.busy, onclick: actions.chooseCa }, 'Choose CA file…'),
      state.caFile ? h('button', { type: 'button', 'data-focus-key': 'ca-drop', onclick: actions.dropCa }, 'Don’t use it') : null)),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', 'data-focus-key': 'join', disabled: state.busy }, state.busy ? 'Joining…' : 'Join the hub')));
  return h('div', {},
    h('p', { class: 'hint' }, 'Share this library with the rest of the office through a PostgreSQL server your county or IT runs (a hub). Every computer keeps its own library and works offline; changes meet on the hub when it can be reached, and nothing is decided for you when two people changed the same thing.'),
    form);
}

/**
 * Joined: where, when last synced, what waits, what is shared, Sync now, Leave, and the
 * conflicts.
 * @param {SharedLibraryState} state
 * @param {Actions} actions
 */
function joined(state, actions) {
  const shared = /** @type {import('../../api.js').SharedLibrary} */ (state.shared);
  const hub = /** @type {import('../../api.js').JoinedHub} */ (shared.hub);
  const problem = shared.sync.problem;
  const leaveSlot = h('div', {});
  const leave = h('button', {
    type: 'button',
    'data-focus-key': 'leave',
    disabled: state.busy,
    onclick: () => {
      replace(leaveSlot, confirmInPlace('Leave the shared library?', leaveQuestion(shared),
        h('button', { type: 'button', class: 'danger', 'data-focus-key': 'leave-yes', onclick: actions.leave }, 'Leave the shared library'),
        h('button', { type: 'button', onclick: () => { replace(leaveSlot); leave.focus(); } }, 'Cancel')));
      /** @type {HTMLElement | null} */ (leaveSlot.querySelector('button.danger'))?.focus();
    },
  }, 'Leave…');
  const documents = documentsNotSharedSentence(shared);
  return h('div', {},
    h('dl', { class: 'hub-facts' },
      h('dt', {}, 'Joined to'), h('dd', {}, `${hub.place}, as ${hub.memberName}`),
      h('dt', {}, 'Last synced'), h('dd', {}, shared.sync.syncing ? 'Syncing now…' : hub.lastSyncedAt ? new Date(hub.lastSyncedAt).toLocaleString() : 'Not yet'),
      h('dt', {}, 'Waiting to be shared'), h('dd', {}, waitingSentence(shared)),
      h('dt', {}, 'What is shared'), h('dd', {}, `With your office: ${shared.shared.join(', ')}.`),
      documents ? h('dt', {}, 'Documents not shared') : null,
      documents ? h('dd', {}, documents) : null),
    problem ? h('p', { class: problem.offline ? 'hub-offline' : 'field-error' },
      problem.offline ? `Offline: ${problem.message}` : problem.message) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', 'data-focus-key': 'sync', disabled: state.busy, onclick: actions.syncNow }, state.busy ? 'Working…' : 'Sync now'),
      leave),
    leaveSlot,
    state.conflicts.length === 0 ? null : conflicts(state, actions));
}

/**
 * The conflicts, each as a plan: the fields both changed, with the value both had, mine
 * and theirs, and a choice per field (or for the whole contract).
 * @param {SharedLibraryState} state
 * @param {Actions} actions
 */
function conflicts(state, actions) {
  const n = state.conflicts.length;
  return h('section', { class: 'hub-conflicts', 'aria-labelledby': 'hub-conflicts-heading' },
    h('h3', { id: 'hub-conflicts-heading' }, `${n} contract${n === 1 ? '' : 's'} changed both here and on the hub`),
    h('p', { class: 'hint' }, 'Your library keeps your version until you choose; the hub keeps every version in its log.'),
    state.conflicts.map((conflict, index) => h('section', { class: 'changed-row hub-conflict' },
      h('h4', {}, conflict.contract),
      h('p', { class: 'hint' }, conflictSentence(conflict)),
      conflict.case === 'bothChanged'
        ? fieldTable(state, conflict, index)
        : wholeChoice(state, conflict, index),
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-focus-key': `all-mine-${index}`, onclick: () => { chooseAll(state, conflict, 'keepMine'); actions.draw(); } }, 'Keep mine everywhere'),
        h('button', { type: 'button', 'data-focus-key': `all-theirs-${index}`, onclick: () => { chooseAll(state, conflict, 'takeTheirs'); actions.draw(); } }, 'Take theirs everywhere'),
        h('button', { type: 'button', class: 'primary', 'data-focus-key': `settle-${index}`, disabled: state.busy, onclick: () => actions.settle(conflict) }, 'Settle')))));
}

/**
 * @param {SharedLibraryState} state
 * @param {import('../../api.js').SharedConflict} conflict
 * @param {number} index
 */
function fieldTable(state, conflict, index) {
  return h('table', { class: 'small-table differences' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Field'),
      h('th', { scope: 'col' }, 'As you both had it'),
      h('th', { scope: 'col' }, 'In your library'),
      h('th', { scope: 'col' }, 'On the hub'),
      h('th', { scope: 'col' }, 'Keep'))),
    h('tbody', {}, conflict.fields.map((f, row) => {
      const name = `hub-choice-${index}-${row}`;
      const side = sideOf(state, conflict.globalId, f.field);
      /** @param {Side} value @param {string} label */
      const radio = (value, label) => h('label', {},
        h('input', {
          type: 'radio', name, value, checked: side === value, 'data-focus-key': `${name}-${value}`,
          onchange: () => { chooseField(state, conflict.globalId, f.field, value); },
        }), label);
      return h('tr', {},
        h('th', { scope: 'row' }, f.label),
        h('td', { class: 'value' }, f.base || '—'),
        h('td', { class: 'value' }, f.mine || '—'),
        h('td', { class: 'value' }, f.theirs || '—'),
        h('td', { class: 'choice' }, radio('keepMine', ' Mine'), ' ', radio('takeTheirs', ' Theirs')));
    })));
}

/**
 * A deletion against an edit, decided whole.
 * @param {SharedLibraryState} state
 * @param {import('../../api.js').SharedConflict} conflict
 * @param {number} index
 */
function wholeChoice(state, conflict, index) {
  const name = `hub-whole-${index}`;
  const side = wholeSideOf(state, conflict.globalId);
  /** @param {Side} value @param {string} label */
  const radio = (value, label) => h('label', { class: 'choice-line' },
    h('input', {
      type: 'radio', name, value, checked: side === value, 'data-focus-key': `${name}-${value}`,
      onchange: () => { state.whole.set(conflict.globalId, value); },
    }), label);
  return h('fieldset', { class: 'hub-whole' },
    h('legend', {}, 'Keep'),
    radio('keepMine', conflict.case === 'deletedHere' ? ' Mine: it stays in the trash' : ' Mine: my changes, shared again'),
    radio('takeTheirs', conflict.case === 'deletedHere' ? ' Theirs: restored, with their changes' : ' Theirs: it goes to the trash'));
}
