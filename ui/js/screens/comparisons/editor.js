// @ts-check
/**
 * The comparison editor: the details of a purchase ({@link detailsSection}), its options
 * as columns ({@link optionColumn}) and the core's results beside them
 * ({@link renderResults}).
 *
 * Built as the Library is (see the top of `screens/library.js`): the state is one plain
 * object ({@link change.EditorState}, `state.js`) changed by named changes; the
 * columns are redrawn from it; event handlers call the editor's actions
 * ({@link EditorActions}). The model is a {@link api.Comparison} that is always valid on
 * the wire (see `inputs.js`). Everything else — a line after the horizon, a start delay
 * too long — the core judges, and its sentence is shown next to the field it names. The
 * results are never computed here: every figure comes from the core.
 */

import * as api from '../../api.js';
import { confirmDialog } from '../../confirm.js';
import { focusLater, h, replace } from '../../dom.js';
import { clearFieldError, showFieldError } from '../../field.js';
import { startWith } from '../../intent.js';
import { setLeaveGuard } from '../../leave.js';
import { detailsSection, renderRateChoice, showRate } from './details.js';
import { inputsFor } from './inputs.js';
import { optionColumn } from './option-column.js';
import { renderResults } from './results.js';
import * as change from './state.js';
import { showTermWarnings } from './term.js';

/** Long enough to let a clerk finish a number, short enough to feel immediate. */
const CALCULATE_DELAY_MS = 150;

/**
 * What the clerk can do in the editor; every event handler calls one of these.
 * @typedef {object} EditorActions
 * @property {() => void} changed  after a field stored its value: marks the comparison
 *   unsaved and recalculates soon
 * @property {() => void} redrawOptions  redraws every column (the horizon changed)
 * @property {() => void} addOption
 * @property {(index: number) => void} removeOption  by its column (1 is the first option)
 * @property {(option: api.CostOption, index: number, type: api.OptionKind['type']) => void} changeKind
 * @property {(option: api.CostOption, contractId: number | null) => void} linkContract
 * @property {(option: api.CostOption, index: number) => void} addCostLine
 * @property {(option: api.CostOption, line: api.PriceLine) => void} addPriceLine
 * @property {(option: api.CostOption, lineIndex: number) => void} removeCostLine
 * @property {(line: api.CostLine, type: api.LineTiming['type'], prefix: string) => void} changeTiming
 * @property {() => void} useA94Rate
 * @property {() => void} usePolicyRate  the jurisdiction's rate from Settings
 * @property {() => void} periodChanged  after the horizon or the first fiscal year changed
 * @property {() => void} rateTyped  after the rate or source box stored what was typed
 * @property {(basis: api.ChartBasis) => Promise<void>} chooseBasis
 * @property {() => void} save
 * @property {() => void} exportWorkbook
 * @property {() => void} writeMemo  Memos, with this saved comparison's options chosen
 * @property {() => void} back  to the list, asking first if unsaved
 */

/**
 * The editor as it runs: its state, its page, its actions.
 * @typedef {object} Screen
 * @property {change.EditorState} state
 * @property {api.CategoryChoice[]} categories  in the order the editor lists them
 * @property {() => Promise<void>} backToList
 * @property {EditorActions} act
 * @property {import('./inputs.js').Inputs} inputs
 * @property {EditorView} view
 * @property {number} timer  the calculation waiting for typing to pause
 */

/**
 * Shows the editor on `comparison` (saved as `savedId`, or not yet saved).
 * @param {HTMLElement} main
 * @param {number | null} savedId
 * @param {api.Comparison} comparison
 * @param {{ categories: api.CategoryChoice[], backToList: () => Promise<void> }} screen
 *   the cost categories, and the way back to the list of comparisons
 */
export function showEditor(main, savedId, comparison, { categories, backToList }) {
  const state = change.newEditorState(savedId, comparison);
  const screen = /** @type {Screen} */ ({ state, categories, backToList, timer: 0 });
  screen.act = actionsOf(screen);
  screen.inputs = inputsFor(state.localErrors, screen.act.changed);
  screen.view = editorView(screen);
  listenForSave(screen);
  guardLeaving(screen);
  renderOptions(screen);
  showResults(screen, null, 'Calculating…');
  replace(main, screen.view.editor);
  screen.view.title.focus();
  calculate(screen);
  askRateChoice(screen);
}

// ---------------------------------------------------------------------------------------
// The actions

/**
 * @param {Screen} screen
 * @returns {EditorActions}
 */
function actionsOf(screen) {
  const { state } = screen;
  /**
   * After a change of shape: the columns redrawn, the change marked, the focus placed.
   * @param {string} [focus]  a selector
   */
  const reshaped = (focus) => {
    renderOptions(screen);
    changed(screen);
    if (focus) focusLater(focus);
  };
  return {
    changed: () => changed(screen),
    redrawOptions: () => renderOptions(screen),
    addOption: () => reshaped(`#o${change.addOption(state)}-name`),
    removeOption(index) {
      change.removeOption(state, index);
      reshaped('.add-option button');
    },
    changeKind(option, index, type) {
      change.changeKind(option, type);
      reshaped(`#o${index}-kind`);
    },
    linkContract(option, contractId) {
      change.linkContract(option, contractId);
      changed(screen);
    },
    addCostLine(option, index) {
      const line = change.addCostLine(state, option, index === 0);
      reshaped(`#o${index}-l${line}-category`);
    },
    addPriceLine(option, line) {
      change.addPriceLine(option, line);
      reshaped();
    },
    removeCostLine(option, lineIndex) {
      change.removeCostLine(option, lineIndex);
      reshaped();
    },
    changeTiming(line, type, prefix) {
      change.changeTiming(state, line, type);
      reshaped(`#${prefix}-timing`);
    },
    useA94Rate: () => { useA94Rate(screen); },
    usePolicyRate: () => { usePolicyRate(screen); },
    periodChanged: () => { askRateChoice(screen); },
    rateTyped() {
      change.typeRate(state);
      askRateChoice(screen);
    },
    async chooseBasis(basis) {
      change.chooseBasis(state, basis);
      await calculate(screen);
    },
    save: () => { save(screen); },
    exportWorkbook: () => { exportWorkbook(screen); },
    writeMemo() {
      // Leaving asks first if there are unsaved changes.
      if (state.id !== null) startWith({ screen: 'memos', comparisonId: state.id });
    },
    back: () => { back(screen); },
  };
}

/** @param {Screen} screen */
function changed(screen) {
  const { saveStatus } = screen.view;
  saveStatus.textContent = change.isDirty(screen.state) ? 'Unsaved changes' : '';
  saveStatus.className = 'save-status';
  window.clearTimeout(screen.timer);
  screen.timer = window.setTimeout(() => calculate(screen), CALCULATE_DELAY_MS);
}

/** @param {Screen} screen */
async function useA94Rate(screen) {
  const { state, view } = screen;
  try {
    const found = await api.a94Rate(state.model.horizonYears, 'nominal');
    change.useA94Rate(state, found, view.rates.rate.id);
    showRate(view.rates, state.model.discount);
    clearFieldError(view.rates.rate);
    view.rates.rateMethod.textContent = found.method;
    changed(screen);
    askRateChoice(screen);
  } catch (error) {
    showFieldError(view.rates.rate, api.toAppError(error).message);
  }
}

/** @param {Screen} screen */
function usePolicyRate(screen) {
  const { state, view } = screen;
  const policy = state.rateChoice?.policy;
  if (!policy) return;
  change.usePolicyRate(state, policy, view.rates.rate.id);
  showRate(view.rates, state.model.discount);
  clearFieldError(view.rates.rate);
  view.rates.rateMethod.textContent = '';
  changed(screen);
  askRateChoice(screen);
}

/**
 * Asks the core what to offer for the rate and what it says about it; while the rate is
 * A-94's, the answer to a new horizon brings that horizon's rate.
 * @param {Screen} screen
 */
async function askRateChoice(screen) {
  const { state, view } = screen;
  if (state.localErrors.size > 0) return;
  const asked = change.askRateChoice(state);
  try {
    const choice = await api.discountRateChoice(change.toCalculate(state));
    // A box still being typed in (the rate cleared to type another) is never overwritten.
    if (state.localErrors.size > 0) return;
    if (change.receiveRateChoice(state, choice, asked)) {
      showRate(view.rates, state.model.discount);
      view.rates.rateMethod.textContent = choice.a94.method;
      changed(screen);
      askRateChoice(screen); // the note and the table's age for the rate now in place
      return;
    }
    if (asked === state.rateAsked) renderRateChoice(view.rates, choice);
  } catch {
    // The rate's offers are a help: the calculation reports what is wrong with the model.
  }
}

// ---------------------------------------------------------------------------------------
// Calculating

/** @param {Screen} screen */
async function calculate(screen) {
  const { state, view } = screen;
  clearCoreErrors(view.editor);
  if (state.localErrors.size > 0) {
    showResults(screen, null, 'Results will show again when the marked fields hold numbers.');
    return;
  }
  const number = change.askCalculation(state);
  try {
    const answer = await api.calculateComparison(change.toCalculate(state), state.basis);
    if (number !== state.calculation) return; // a newer calculation is on its way
    showResults(screen, answer, null);
    showTermWarnings(view.termBox, state.model);
  } catch (error) {
    if (number !== state.calculation) return;
    const message = api.toAppError(error).message;
    placeCoreError(screen, message);
    showResults(screen, null, message);
  }
}

/**
 * @param {Screen} screen
 * @param {api.Calculation | null} answer
 * @param {string | null} problem
 */
function showResults({ state, view, categories, act }, answer, problem) {
  renderResults(view.results, answer, problem, { categories, basis: state.basis, chooseBasis: act.chooseBasis });
}

/**
 * Puts the core's "Field: what to do" sentence next to the field it names.
 * @param {Screen} screen
 * @param {string} message
 */
function placeCoreError({ state, view }, message) {
  const place = change.placeOfCoreError(state.model, message);
  if (!place) return;
  const error = (/** @type {string} */ text) => h('p', { class: 'field-error core-error', role: 'alert' }, text);
  if ('slot' in place) {
    const target = document.getElementById(place.slot);
    if (target) replace(target, error(place.text));
  } else if ('field' in place) {
    const el = document.getElementById(place.field);
    if (el) showFieldError(el, place.text, true);
  } else {
    replace(view.optionsMessage, error(place.text));
  }
}

/** @param {HTMLElement} editor */
function clearCoreErrors(editor) {
  for (const el of editor.querySelectorAll('.core-error')) {
    el.closest('.field')?.classList.remove('has-error');
    el.remove();
  }
}

// ---------------------------------------------------------------------------------------
// Saving and leaving

/** @param {Screen} screen */
async function save(screen) {
  const { state, view } = screen;
  clearCoreErrors(view.editor);
  if (state.localErrors.size > 0) {
    view.saveStatus.textContent = 'Not saved: fix the marked fields first.';
    view.saveStatus.className = 'save-status problem';
    return;
  }
  view.saveStatus.textContent = 'Saving…';
  try {
    change.saved(state, await api.saveComparison(state.id, state.model));
    view.heading.textContent = 'Comparison';
    view.writeMemo.hidden = false;
    view.saveStatus.textContent = 'Saved';
    view.saveStatus.className = 'save-status saved';
  } catch (error) {
    const message = api.toAppError(error).message;
    view.saveStatus.textContent = 'Not saved.';
    view.saveStatus.className = 'save-status problem';
    placeCoreError(screen, message);
  }
}

/** "Export to Excel…": the comparison as entered, for the finance director to audit. @param {Screen} screen */
async function exportWorkbook({ state, view }) {
  try {
    const path = await api.exportComparisonWorkbook(state.model);
    if (path) {
      view.saveStatus.textContent = `Exported to ${path}`;
      view.saveStatus.className = 'save-status';
    }
  } catch (error) {
    view.saveStatus.textContent = `Not exported: ${api.toAppError(error).message}`;
    view.saveStatus.className = 'save-status problem';
  }
}

/** @param {Screen} screen */
async function back({ state, backToList }) {
  if (change.isDirty(state) && !(await confirmDialog('Leave without saving?',
    'The changes since this comparison was last saved will be lost.', 'Leave without saving'))) return;
  await backToList();
}

/** Ctrl+S saves, while the editor is shown. @param {Screen} screen */
function listenForSave({ view, act }) {
  /** @param {KeyboardEvent} event */
  function onKey(event) {
    if (!view.editor.isConnected) {
      document.removeEventListener('keydown', onKey);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      act.save();
    }
  }
  document.addEventListener('keydown', onKey);
}

/** Leaving for another screen with unsaved changes asks first. @param {Screen} screen */
function guardLeaving({ state, view }) {
  setLeaveGuard(async () => {
    if (!view.editor.isConnected || !change.isDirty(state)) return true;
    return confirmDialog('Leave without saving?',
      `The changes to “${state.model.title.trim() || 'this comparison'}” since it was last saved will be lost.`, 'Leave without saving');
  });
}

// ---------------------------------------------------------------------------------------
// The page

/**
 * The editor's elements, their handlers calling the actions.
 * @param {Screen} screen
 */
function editorView(screen) {
  const { act } = screen;
  const { details, title, rates } = detailsSection(screen);
  const saveStatus = h('span', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
  // Not a live region: it is rebuilt as the clerk types, and reading it all out at every
  // keystroke would drown the form. The heading and the summary come first instead.
  const results = h('section', { class: 'results', 'aria-label': 'Results' });
  const optionsRow = h('div', { class: 'option-columns' });
  const optionsMessage = h('div', { class: 'options-message' });
  const termBox = h('div', { class: 'term' });
  const heading = h('h1', {}, screen.state.id === null ? 'New comparison' : 'Comparison');
  // A memo is written from a saved comparison: the button shows once it is saved.
  const writeMemo = h('button', { type: 'button', hidden: screen.state.id === null, onclick: act.writeMemo }, 'Write a memo');
  const editor = h('div', { class: 'comparison-editor' },
    h('div', { class: 'editor-form' },
      h('div', { class: 'heading-row' },
        h('div', {}, h('button', { type: 'button', class: 'link', onclick: act.back }, '← All comparisons'), heading),
        h('div', { class: 'actions' },
          saveStatus,
          writeMemo,
          h('button', { type: 'button', onclick: act.exportWorkbook }, 'Export to Excel…'),
          h('button', { type: 'button', class: 'primary', onclick: act.save, title: 'Ctrl+S' }, 'Save'))),
      details,
      termBox,
      h('h2', { class: 'options-heading' }, 'Options and their costs'),
      optionsMessage,
      optionsRow),
    results);
  return { editor, saveStatus, results, optionsRow, optionsMessage, termBox, heading, writeMemo, title, rates };
}

/** @typedef {ReturnType<typeof editorView>} EditorView */

/**
 * Every option as a column, the baseline first, then "Add an option".
 * @param {Screen} screen
 */
function renderOptions(screen) {
  const { model } = screen.state;
  replace(screen.view.optionsRow,
    [model.baseline, ...model.options].map((option, index) => optionColumn(screen, option, index)),
    h('div', { class: 'add-option' },
      h('button', { type: 'button', onclick: screen.act.addOption }, 'Add an option')));
}
