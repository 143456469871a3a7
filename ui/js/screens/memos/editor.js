// @ts-check
/**
 * The memo editor: the clerk adjusts a memo's inputs and sections beside its preview.
 *
 * Built as the Library is (see the top of `screens/library.js`): the state is one plain
 * object ({@link change.MemoState}, `state.js`) changed by named changes; the form
 * (`form.js`) calls the editor's actions ({@link MemoActions}); what the core decides —
 * the preview, the version, the warnings, the "Edited" marks — is redrawn from the
 * state by {@link render}. Edits are saved as the clerk types (a printed version is
 * never changed: the core starts the next version).
 */

import * as api from '../../api.js';
import { coreMarkup, h, replace } from '../../dom.js';
import { formatDate, formatDateTime, formatMoney } from '../../format.js';
import { setLeaveGuard } from '../../leave.js';
import { askBeforePrinting, termNotice } from '../../term-warning.js';
import { placeholdersConfirmed } from './before-print.js';
import { actionsOnMemo, historyNote, printedVersion } from './council-state.js';
import { councilPane } from './council.js';
import { amountBasis, memoForm } from './form.js';
import * as change from './state.js';

/** Long enough to let a clerk finish a word, short enough that the preview keeps up. */
const SAVE_DELAY_MS = 500;

/**
 * What the clerk can do in the memo editor; every event handler calls one of these.
 * @typedef {object} MemoActions
 * @property {(key: change.TextInput, value: string) => void} editInput
 * @property {(text: string) => void} editAmount
 * @property {(amount: string) => void} useAmount  the figure the core made, into the box
 * @property {(section: api.Section, text: string) => void} editSection
 * @property {(section: api.Section, composedAtOpen: string) => void} resetSection
 * @property {(index: number, key: 'role' | 'name' | 'title', value: string) => void} editSigner
 * @property {() => void} updateSources  the memo rewritten from the library's facts now
 * @property {(version: number | null) => void} savePdf  null for the current version
 * @property {() => void} saveDocx
 * @property {() => void} openToPrint
 * @property {() => void} back  to the list of memos
 */

/**
 * The editor as it runs: its state, its page, its actions, and the saving of edits.
 * @typedef {object} Screen
 * @property {change.MemoState} state
 * @property {MemoActions} act
 * @property {EditorPage} view
 * @property {number | undefined} timer  the save waiting for typing to pause
 * @property {Promise<void>} saving  the saves sent, one after another
 * @property {api.ApprovalSummary[]} council  the council's actions on this memo, latest first
 * @property {number | null} councilFor  the printed version the council pane was drawn for
 */

/**
 * @param {HTMLElement} main
 * @param {number} id
 * @param {api.MemoView | undefined} opened  the memo, when the core just gave it
 * @param {() => Promise<void>} backToList
 */
export async function openEditor(main, id, opened, backToList) {
  const [memo, approvals] = await Promise.all([opened ?? api.getMemo(id), api.listApprovals()]);
  const state = change.newMemoState(memo);
  const screen = /** @type {Screen} */ ({
    state, timer: undefined, saving: Promise.resolve(), council: actionsOnMemo(approvals, id), councilFor: null,
  });
  screen.act = actionsOf(screen, backToList);
  screen.view = editorPage(screen);
  setLeaveGuard(async () => {
    if (state.dirty) await flush(screen);
    return true;
  });
  showEditor(main, screen);
  render(screen);
  await showTerm(screen);
}

// ---------------------------------------------------------------------------------------
// The actions

/**
 * @param {Screen} screen
 * @param {() => Promise<void>} backToList
 * @returns {MemoActions}
 */
function actionsOf(screen, backToList) {
  const { state } = screen;
  return {
    editInput(key, value) {
      change.editInput(state, key, value);
      edited(screen);
    },
    editAmount(text) {
      const problem = change.editAmount(state, text);
      screen.view.amountError.textContent = problem ?? '';
      if (!problem) edited(screen);
    },
    useAmount(amount) {
      change.useAmount(state, amount);
      screen.view.amountInput.value = formatMoney(amount);
      screen.view.amountError.textContent = '';
      edited(screen);
      render(screen);
      // The button is gone once the box holds the figure: the focus goes to the box.
      screen.view.amountInput.focus();
    },
    editSection(section, text) {
      change.editSection(state, section, text);
      edited(screen);
    },
    resetSection(section, composedAtOpen) {
      const text = change.resetSection(state, section, composedAtOpen);
      const box = screen.view.sectionFields.get(section);
      if (box) box.area.value = text;
      edited(screen);
    },
    editSigner(index, key, value) {
      change.editSigner(state, index, key, value);
      edited(screen);
    },
    updateSources: () => { updateSources(screen); },
    savePdf: (version) => { savePdf(screen, version); },
    saveDocx: () => { saveDocx(screen); },
    openToPrint: () => { openToPrint(screen); },
    async back() {
      await flush(screen);
      await backToList();
    },
  };
}

/**
 * The draft changed: save it once typing pauses.
 * @param {Screen} screen
 */
function edited(screen) {
  screen.view.saveState.textContent = 'Editing…';
  window.clearTimeout(screen.timer);
  screen.timer = window.setTimeout(() => { flush(screen); }, SAVE_DELAY_MS);
}

/**
 * Saves now if anything is waiting; resolves when stored.
 * @param {Screen} screen
 */
async function flush(screen) {
  window.clearTimeout(screen.timer);
  if (!change.takeEdits(screen.state)) return screen.saving;
  screen.saving = screen.saving.then(() => send(screen));
  return screen.saving;
}

/** @param {Screen} screen */
async function send(screen) {
  const { state, view } = screen;
  view.saveState.textContent = 'Saving…';
  try {
    change.receiveMemo(state, await api.saveMemo(state.memo.id, state.draft));
    view.saveState.textContent = 'Saved';
    view.saveState.className = 'save-state saved';
    render(screen);
  } catch (error) {
    view.saveState.textContent = api.toAppError(error).message;
    view.saveState.className = 'save-state field-error';
  }
}

/** @param {Screen} screen */
async function updateSources(screen) {
  const { state, view } = screen;
  await flush(screen);
  try {
    change.receiveMemo(state, await api.updateMemoSources(state.memo.id));
    view.saveState.textContent = 'Updated from the library';
    // The sections the clerk did not rewrite show the new composed text.
    for (const s of state.memo.sections) {
      const box = view.sectionFields.get(s.section);
      if (box && !s.edited) box.area.value = s.text;
    }
    render(screen);
    await showTerm(screen);
  } catch (error) {
    view.saveState.textContent = api.toAppError(error).message;
  }
}

/**
 * @param {Screen} screen
 * @param {number | null} version
 */
async function savePdf(screen, version) {
  const { state, view } = screen;
  await flush(screen);
  // A copy of a printed version is what was printed; only the current one is asked about.
  if (version === null && !(await mayPrint(screen))) return;
  if (version === null && !(await placeholdersConfirmed(state.memo))) return;
  view.saveState.textContent = 'Choose where to save the PDF…';
  try {
    const path = await api.saveMemoPdf(state.memo.id, version);
    change.receiveMemo(state, await api.getMemo(state.memo.id));
    render(screen);
    view.saveState.textContent = path ? `Saved ${path}` : 'Not saved.';
  } catch (error) {
    view.saveState.textContent = api.toAppError(error).message;
  }
}

/** @param {Screen} screen */
async function saveDocx(screen) {
  const { state, view } = screen;
  await flush(screen);
  if (!await mayPrint(screen)) return;
  view.saveState.textContent = 'Choose where to save the Word document…';
  try {
    const path = await api.saveMemoDocx(state.memo.id, null);
    view.saveState.textContent = path ? `Saved ${path}` : 'Not saved.';
  } catch (error) {
    view.saveState.textContent = api.toAppError(error).message;
  }
}

/** @param {Screen} screen */
async function openToPrint(screen) {
  const { state, view } = screen;
  await flush(screen);
  if (!(await mayPrint(screen))) return;
  if (!(await placeholdersConfirmed(state.memo))) return;
  view.saveState.textContent = 'Printing…';
  try {
    const path = await api.openMemoToPrint(state.memo.id, null);
    view.saveState.textContent = `Opened ${path}`;
  } catch (error) {
    view.saveState.textContent = api.toAppError(error).message;
  }
  change.receiveMemo(state, await api.getMemo(state.memo.id));
  render(screen);
}

/**
 * Shows what the core warns about the contract's term and facts (`term-warning.js`).
 * @param {Screen} screen
 */
async function showTerm(screen) {
  const check = await api.memoTermCheck(screen.state.memo.id);
  replace(screen.view.term, termNotice(check, {
    heading: 'Check the contract before this memo goes to the council',
    // The memo's copy of the contract is now behind the library: say so, as for any change.
    onVerified: async () => {
      change.receiveMemo(screen.state, await api.getMemo(screen.state.memo.id));
      render(screen);
      await showTerm(screen);
    },
  }));
}

/**
 * Asks before printing when the core warns about the contract; false: not printed.
 * @param {Screen} screen
 */
async function mayPrint(screen) {
  const go = await askBeforePrinting(await api.memoTermCheck(screen.state.memo.id));
  if (!go) screen.view.saveState.textContent = 'Not printed.';
  return go;
}

// ---------------------------------------------------------------------------------------
// The page

/**
 * The editor's elements: the form, and the parts redrawn from what the core decides.
 * @param {Screen} screen
 */
function editorPage({ state, act }) {
  return {
    saveState: h('span', { class: 'save-state', role: 'status', 'aria-live': 'polite' }),
    versionLine: h('p', { class: 'version-line' }),
    changes: h('div', { class: 'changes' }),
    term: h('div', { class: 'term' }),
    council: h('div', { class: 'council' }),
    preview: h('div', { class: 'memo-preview', 'aria-label': 'Preview of the printed memo', tabindex: 0 }),
    versionsBox: h('div', { class: 'versions' }),
    ...memoForm(state, act),
  };
}

/** @typedef {ReturnType<typeof editorPage>} EditorPage */

/**
 * @param {HTMLElement} main
 * @param {Screen} screen
 */
function showEditor(main, { state, act, view }) {
  const back = h('button', { type: 'button', onclick: act.back }, '← Memos');
  const save = h('button', { type: 'button', class: 'primary', onclick: () => act.savePdf(null) }, 'Save PDF…');
  const print = h('button', { type: 'button', onclick: act.openToPrint }, 'Open to print');
  const word = h('button', { type: 'button', onclick: act.saveDocx }, 'Save as Word…');
  const date = state.memo.draft.inputs.date;
  replace(main,
    h('div', { class: 'memo-toolbar' }, back, h('div', { class: 'spacer' }), view.saveState, word, print, save),
    h('h1', {}, 'Memo'),
    view.versionLine,
    view.term,
    view.changes,
    view.council,
    h('div', { class: 'memo-editor' },
      h('form', { class: 'memo-form', novalidate: true, onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
        view.fieldsets, view.versionsBox),
      h('section', { class: 'memo-preview-pane', 'aria-label': 'Preview' },
        h('p', { class: 'hint' }, `As it prints on ${date ? formatDate(date) : 'the memo’s date'}: the same document the PDF is made from.`),
        view.preview)));
}

/**
 * Redraws what the core decides: preview, version, warnings, edited marks, printed versions.
 * @param {Screen} screen
 */
function render(screen) {
  const { state, act, view } = screen;
  const { memo } = state;
  replace(view.preview, coreMarkup(memo.html));
  const note = historyNote(screen.council);
  view.versionLine.textContent = note ? `${change.versionLine(memo)} · ${note}` : change.versionLine(memo);
  // Drawn again only when another version is printed: a redraw would lose what is typed.
  if (printedVersion(memo) !== screen.councilFor) showCouncil(screen);
  replace(view.changes, memo.changes.length === 0 ? null : h('div', { class: 'notice warning', role: 'alert' },
    memo.changes.map((sentence) => h('p', {}, sentence)),
    memo.comparisonId === null ? null
      : h('button', { type: 'button', onclick: act.updateSources }, 'Update the memo from the library')));
  replace(view.amountBasis, amountBasis(memo, state.draft, act));
  for (const s of memo.sections) {
    const box = view.sectionFields.get(s.section);
    if (!box) continue;
    box.badge.hidden = !s.edited;
    box.reset.hidden = !s.edited;
  }
  const printed = change.printedVersions(memo);
  replace(view.versionsBox, printed.length === 0 ? null : [
    h('h2', {}, 'Printed versions'),
    h('ul', {}, printed.map((v) => h('li', {},
      `Version ${v.version}, printed ${formatDateTime(v.printedAt)} `,
      h('button', { type: 'button', class: 'link', onclick: () => act.savePdf(v.version) }, 'Save a copy…')))),
  ]);
}

/**
 * The council's action on the printed version, or the form to record it.
 * @param {Screen} screen
 */
function showCouncil(screen) {
  const { memo } = screen.state;
  screen.councilFor = printedVersion(memo);
  replace(screen.view.council, councilPane(memo, screen.council, async () => {
    screen.council = actionsOnMemo(await api.listApprovals(), memo.id);
    screen.councilFor = null;
    render(screen);
    screen.view.council.querySelector('h2')?.focus();
  }));
}
