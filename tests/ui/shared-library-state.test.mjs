// Unit tests of Settings → Shared library's state and of the status bar's sentence about
// it (`ui/js/screens/settings/shared-library-state.js`), with node's own test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ago, chooseAll, chooseCaFile, chooseField, choiceFor, documentsNotSharedSentence, leaveQuestion,
  newSharedLibraryState,
  receiveConflicts, receiveShared, statusLine, waitingSentence,
} from '../../ui/js/screens/settings/shared-library-state.js';

const NOW = new Date(2026, 11, 7, 10, 0, 0);

/** The section of a library joined to a hub, last synced at `last` (local ISO). */
function joined({
  last = '2026-12-07T09:58:00', waiting = 0, conflicts = 0, sync = {},
  /** @type {string[]} */ documentsNotShared = [],
} = {}) {
  return {
    hub: {
      url: 'postgresql://hub_penasco_clerk@hub.county.example:5432/coopdesk_hub',
      place: 'hub.county.example:5432/coopdesk_hub',
      memberName: 'Village of Peñasco',
      joinedAt: '2026-12-01T09:00:00',
      lastSyncedAt: last,
    },
    waiting,
    conflicts,
    shared: ['Contracts (with their facts and notes)'],
    documentsNotShared,
    sync: { syncing: false, problem: null, ...sync },
  };
}

const TITLE_AND_NOTES = {
  globalId: 'g-1',
  contract: 'Sourcewell 070924-SCC — Fleet telematics (Samsara)',
  case: 'bothChanged',
  changedBy: 'hub_penasco_deputy',
  fields: [
    { field: 'notes', label: 'Notes', base: '', mine: 'Called Monday', theirs: 'Called Tuesday' },
    { field: 'title', label: 'Title', base: 'A', mine: 'B', theirs: 'C' },
  ],
};

test('the status bar says nothing about sharing when the library shares nothing', () => {
  assert.equal(statusLine(null, NOW), null);
  assert.equal(statusLine({ ...joined(), hub: null }, NOW), null);
});

test('the status bar says how long ago the library synced', () => {
  const line = statusLine(joined(), NOW);
  assert.equal(`${line?.text}${line?.when}`, 'Synced 2 min ago');
  assert.equal(ago('2026-12-07T09:59:40', NOW), 'just now');
  assert.equal(ago('2026-12-07T07:00:00', NOW), '3 h ago');
});

test('the minutes ticking by keep the same kind, so a screen reader is not told each minute', () => {
  const before = statusLine(joined(), NOW);
  const later = statusLine(joined(), new Date(2026, 11, 7, 10, 3, 0));
  assert.equal(before?.kind, later?.kind, 'only `when` changed');
  assert.notEqual(before?.when, later?.when);
});

test('offline, the status bar says the changes wait for the hub', () => {
  const offline = joined({ sync: { problem: { offline: true, message: 'The hub at … cannot be reached.', at: '2026-12-07T09:59:00' } } });
  assert.equal(statusLine(offline, NOW)?.text, 'Offline — your changes will be shared when the hub is reachable');
  const refused = joined({ sync: { problem: { offline: false, message: 'The hub refused the login.', at: '2026-12-07T09:59:00' } } });
  assert.equal(statusLine(refused, NOW)?.text, 'Not synced — see Settings → Shared library',
    'a problem the clerk must act on is not called offline');
  assert.notEqual(statusLine(offline, NOW)?.kind, statusLine(joined(), NOW)?.kind, 'going offline is announced');
});

test('conflicts waiting are named in the status bar', () => {
  const line = statusLine(joined({ conflicts: 2 }), NOW);
  assert.equal(`${line?.text}${line?.when}`, 'Synced 2 min ago · 2 conflicts to settle in Settings');
});

test('a library joined but never synced says so', () => {
  assert.equal(statusLine(joined({ last: null }), NOW)?.text, 'Not synced yet');
});

test('what waits is counted in words', () => {
  assert.equal(waitingSentence(joined({ waiting: 0 })), 'Nothing waits: the hub has every change made here.');
  assert.equal(waitingSentence(joined({ waiting: 1 })), '1 contract changed here waits to be shared at the next sync.');
  assert.equal(waitingSentence(joined({ waiting: 3 })), '3 contracts changed here wait to be shared at the next sync.');
});

test('leaving with changes not shared and a conflict says what stays behind', () => {
  const question = leaveQuestion(joined({ waiting: 2, conflicts: 1 }));
  assert.match(question, /keeps every contract/);
  assert.match(question, /2 changes made here have not reached the hub/);
  assert.match(question, /1 conflict is not settled/);
});

test('a conflict keeps mine for every field until the clerk chooses, field by field', () => {
  const state = newSharedLibraryState();
  receiveShared(state, joined({ conflicts: 1 }));
  receiveConflicts(state, [TITLE_AND_NOTES]);
  assert.deepEqual(choiceFor(state, TITLE_AND_NOTES), { choice: 'fields', takeTheirs: [] });
  chooseField(state, 'g-1', 'notes', 'takeTheirs');
  assert.deepEqual(choiceFor(state, TITLE_AND_NOTES), { choice: 'fields', takeTheirs: ['notes'] },
    'their notes, my title');
  chooseAll(state, TITLE_AND_NOTES, 'takeTheirs');
  assert.deepEqual(choiceFor(state, TITLE_AND_NOTES), { choice: 'fields', takeTheirs: ['notes', 'title'] });
});

test('a deletion against an edit is chosen whole', () => {
  const state = newSharedLibraryState();
  const deleted = { ...TITLE_AND_NOTES, globalId: 'g-2', case: 'deletedThere' };
  receiveConflicts(state, [deleted]);
  assert.deepEqual(choiceFor(state, deleted), { choice: 'keepMine' });
  chooseAll(state, deleted, 'takeTheirs');
  assert.deepEqual(choiceFor(state, deleted), { choice: 'takeTheirs' });
});

test('choices for a conflict settled elsewhere are dropped, the others kept', () => {
  const state = newSharedLibraryState();
  const other = { ...TITLE_AND_NOTES, globalId: 'g-3' };
  receiveConflicts(state, [TITLE_AND_NOTES, other]);
  chooseField(state, 'g-1', 'title', 'takeTheirs');
  chooseField(state, 'g-3', 'title', 'takeTheirs');
  receiveConflicts(state, [other]);
  assert.equal(state.sides.has('g-1'), false);
  assert.deepEqual(choiceFor(state, other), { choice: 'fields', takeTheirs: ['title'] });
});

test('leaving clears the conflicts; a CA file chosen is trusted until dropped', () => {
  const state = newSharedLibraryState();
  receiveConflicts(state, [TITLE_AND_NOTES]);
  receiveShared(state, { ...joined(), hub: null });
  assert.deepEqual(state.conflicts, []);
  chooseCaFile(state, 'county-ca.pem');
  assert.equal(state.withCaFile, true);
  chooseCaFile(state, null);
  assert.equal(state.withCaFile, false);
});

test('the password typed is kept only until the library is joined', () => {
  const state = newSharedLibraryState();
  state.address = 'postgresql://clerk@hub/coopdesk_hub';
  state.password = 'secret';
  receiveShared(state, { ...joined(), hub: null });
  assert.equal(state.password, 'secret', 'a failed join keeps what was typed');
  receiveShared(state, joined());
  assert.equal(state.password, '', 'joined: the password is in the credential store, not here');
});

test('documents the hub did not take are said in the sync\'s own sentences, and nothing when all went', () => {
  assert.equal(documentsNotSharedSentence(joined()), null);
  const over = 'scan.pdf (31.2 MB), attached to Sourcewell 070924-SCC, was not shared: the hub takes documents up to 25 MB (its administrator sets the limit), so the contract is shared without it.';
  assert.equal(documentsNotSharedSentence(joined({ documentsNotShared: [over] })), over);
});
