// @ts-check
/**
 * The comparison editor: the details of a purchase, its options as columns
 * ({@link optionColumn}) and the core's results beside them ({@link renderResults}).
 *
 * The editor keeps one model, a {@link api.Comparison} that is always valid on the wire
 * (see `inputs.js`). Everything else — a line after the horizon, a start delay too long —
 * the core judges, and its sentence is shown next to the field it names. The results are
 * never computed here: every figure comes from the core.
 */

import * as api from '../../api.js';
import { confirmDialog } from '../../confirm.js';
import { focusLater, h, replace } from '../../dom.js';
import { clearFieldError, field, showFieldError } from '../../field.js';
import { shiftDecimal } from '../../format.js';
import { setLeaveGuard } from '../../leave.js';
import { inputsFor } from './inputs.js';
import { optionColumn } from './option-column.js';
import { renderResults } from './results.js';

/** Long enough to let a clerk finish a number, short enough to feel immediate. */
const CALCULATE_DELAY_MS = 150;

const CONVENTIONS = /** @type {const} */ ([
  ['endOfYear', 'End of year (usual)'],
  ['startOfYear', 'Start of year'],
  ['midYear', 'Mid-year'],
]);

/**
 * Shows the editor on `comparison` (saved as `savedId`, or not yet saved).
 * @param {HTMLElement} main
 * @param {number | null} savedId
 * @param {api.Comparison} comparison
 * @param {{ categories: api.CategoryChoice[], backToList: () => Promise<void> }} screen
 *   the cost categories, and the way back to the list of comparisons
 */
export function showEditor(main, savedId, comparison, { categories, backToList }) {
  /** @type {api.Comparison} */
  const model = structuredClone(comparison);
  let id = savedId;
  let savedText = savedId === null ? '' : JSON.stringify(model);
  /**
   * Inputs whose text is not a number yet, by element id, with what to type.
   * @type {Map<string, string>}
   */
  const localErrors = new Map();
  /** @type {api.ChartBasis} */
  let basis = 'presentValue';
  let requestNumber = 0;
  let timer = 0;

  const isDirty = () => JSON.stringify(model) !== savedText;
  const saveStatus = h('span', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
  // Not a live region: it is rebuilt as the clerk types, and reading it all out at every
  // keystroke would drown the form. The heading and the summary come first instead.
  const results = h('section', { class: 'results', 'aria-label': 'Results' });
  const optionsRow = h('div', { class: 'option-columns' });
  const inputs = inputsFor(localErrors, changed);
  const { input, numberInput } = inputs;
  /** @type {import('./option-column.js').EditorState} */
  const state = { model, categories, changed, renderOptions, inputs };

  // -- Details -------------------------------------------------------------------------

  const title = input('cmp-title', model.title, (text) => { model.title = text; });
  title.setAttribute('placeholder', 'e.g. Utility billing software');
  const description = h('textarea', { id: 'cmp-description', rows: 2 }, model.purchaseDescription);
  description.addEventListener('input', () => { model.purchaseDescription = description.value; changed(); });

  const horizon = numberInput('cmp-horizon', model.horizonYears, 1, 30, (n) => {
    model.horizonYears = n;
    // Schedules list one box per year; they follow the horizon.
    renderOptions();
  });
  const fiscalYear = numberInput('cmp-fy', model.start.fiscalYear, 1900, 2200, (n) => { model.start.fiscalYear = n; });
  const rate = input('cmp-rate', shiftDecimal(model.discount.rate, 2) ?? '', (text, el) => {
    const fraction = shiftDecimal(text.replace('%', ''), -2);
    if (fraction === null) return 'Enter the rate as a percent a year, e.g. 3 or 2.5.';
    model.discount.rate = fraction;
    return null;
  });
  rate.setAttribute('inputmode', 'decimal');
  const source = input('cmp-source', model.discount.source, (text) => { model.discount.source = text; });
  const rateMethod = h('p', { class: 'hint', id: 'cmp-rate-method' });
  const useA94 = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        const found = await api.a94Rate(model.horizonYears, 'nominal');
        model.discount = { rate: found.rate, source: found.source };
        rate.value = shiftDecimal(found.rate, 2) ?? found.rate;
        source.value = found.source;
        localErrors.delete(rate.id);
        clearFieldError(rate);
        rateMethod.textContent = found.method;
        changed();
      } catch (error) {
        showFieldError(rate, api.toAppError(error).message);
      }
    },
  }, 'Use OMB A-94 rate for this horizon');
  const convention = h('select', { id: 'cmp-timing' },
    CONVENTIONS.map(([value, label]) => h('option', { value, selected: value === model.timing }, label)));
  convention.addEventListener('change', () => { model.timing = /** @type {api.Timing} */ (convention.value); changed(); });

  const details = h('section', { class: 'details', 'aria-label': 'Comparison details' },
    field('cmp-title', 'Title', title),
    field('cmp-description', 'What is being bought', description),
    h('div', { class: 'field-row' },
      field('cmp-horizon', 'Horizon (years, 1–30)', horizon),
      field('cmp-fy', 'Year 1 is fiscal year', fiscalYear),
      field('cmp-timing', 'Costs fall at', convention)),
    h('div', { class: 'field-row' },
      field('cmp-rate', 'Discount rate (% a year)', rate),
      field('cmp-source', 'Source of the rate', source)),
    h('div', { class: 'rate-help' }, useA94, rateMethod));

  // -- Options as columns ----------------------------------------------------------------

  function renderOptions() {
    const all = [model.baseline, ...model.options];
    replace(optionsRow,
      all.map((option, index) => optionColumn(state, option, index)),
      h('div', { class: 'add-option' },
        h('button', {
          type: 'button',
          onclick: () => {
            model.options.push({ name: unusedOptionName(model), kind: { type: 'other' }, notes: '', startDelayMonths: 0, costLines: [] });
            renderOptions();
            changed();
            focusLater(`#o${model.options.length}-name`);
          },
        }, 'Add an option')));
  }

  // -- Calculating -------------------------------------------------------------------------

  function changed() {
    saveStatus.textContent = isDirty() ? 'Unsaved changes' : '';
    saveStatus.className = 'save-status';
    window.clearTimeout(timer);
    timer = window.setTimeout(calculate, CALCULATE_DELAY_MS);
  }

  async function calculate() {
    clearCoreErrors();
    if (localErrors.size > 0) {
      showResults(null, 'Results will show again when the marked fields hold numbers.');
      return;
    }
    const number = ++requestNumber;
    // The title matters only for saving; the figures can be seen before it is typed.
    const draft = { ...model, title: model.title.trim() || 'Untitled comparison' };
    try {
      const answer = await api.calculateComparison(draft, basis);
      if (number !== requestNumber) return; // a newer calculation is on its way
      showResults(answer, null);
    } catch (error) {
      if (number !== requestNumber) return;
      const message = api.toAppError(error).message;
      placeCoreError(message);
      showResults(null, message);
    }
  }

  /**
   * Puts the core's "Field: what to do" sentence next to the field it names.
   * @param {string} message
   */
  function placeCoreError(message) {
    const optionMatch = /^(?:Option|Baseline) "(.*?)"(?:, line (\d+))?: ([\s\S]*)$/.exec(message);
    if (optionMatch) {
      const [, name, line, text] = optionMatch;
      const index = [model.baseline, ...model.options].findIndex((o) => o.name.trim() === name);
      const target = index < 0 ? null
        : document.getElementById(line ? `o${index}-l${line}-message` : `o${index}-message`);
      if (target) {
        replace(target, h('p', { class: 'field-error core-error', role: 'alert' }, text));
        return;
      }
    }
    const [label, ...rest] = message.split(': ');
    const fieldId = {
      Title: 'cmp-title', 'Purchase description': 'cmp-description', Horizon: 'cmp-horizon',
      'Start fiscal year': 'cmp-fy', 'Discount rate': 'cmp-rate', 'Discount rate source': 'cmp-source',
    }[label];
    const el = fieldId ? document.getElementById(fieldId) : null;
    if (el) showFieldError(el, rest.join(': '), true);
    else if (label === 'Options' || label === 'Option name') {
      replace(optionsMessage, h('p', { class: 'field-error core-error', role: 'alert' }, rest.join(': ')));
    }
  }

  function clearCoreErrors() {
    for (const el of editor.querySelectorAll('.core-error')) {
      el.closest('.field')?.classList.remove('has-error');
      el.remove();
    }
  }

  /**
   * @param {api.Calculation | null} answer
   * @param {string | null} problem
   */
  function showResults(answer, problem) {
    renderResults(results, answer, problem, {
      categories,
      basis,
      chooseBasis: async (value) => {
        basis = value;
        await calculate();
      },
    });
  }

  // -- Saving and leaving --------------------------------------------------------------------

  async function save() {
    clearCoreErrors();
    if (localErrors.size > 0) {
      saveStatus.textContent = 'Not saved: fix the marked fields first.';
      saveStatus.className = 'save-status problem';
      return;
    }
    saveStatus.textContent = 'Saving…';
    try {
      const stored = await api.saveComparison(id, model);
      id = stored.id;
      // New options got their stable ids from the core; keep them for the next save.
      if (!model.baseline.id) model.baseline.id = stored.comparison.baseline.id;
      model.options.forEach((option, index) => {
        if (!option.id) option.id = stored.comparison.options[index]?.id;
      });
      savedText = JSON.stringify(model);
      heading.textContent = 'Comparison';
      saveStatus.textContent = 'Saved';
      saveStatus.className = 'save-status saved';
    } catch (error) {
      const message = api.toAppError(error).message;
      saveStatus.textContent = 'Not saved.';
      saveStatus.className = 'save-status problem';
      placeCoreError(message);
    }
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    if (!editor.isConnected) {
      document.removeEventListener('keydown', onKey);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
    }
  }
  document.addEventListener('keydown', onKey);

  setLeaveGuard(async () => {
    if (!editor.isConnected || !isDirty()) return true;
    return confirmDialog('Leave without saving?',
      `The changes to “${model.title.trim() || 'this comparison'}” since it was last saved will be lost.`, 'Leave without saving');
  });

  /** "Export to Excel…": the comparison as entered, for the finance director to audit. */
  async function exportWorkbook() {
    try {
      const path = await api.exportComparisonWorkbook(model);
      if (path) {
        saveStatus.textContent = `Exported to ${path}`;
        saveStatus.className = 'save-status';
      }
    } catch (error) {
      saveStatus.textContent = `Not exported: ${api.toAppError(error).message}`;
      saveStatus.className = 'save-status problem';
    }
  }

  const optionsMessage = h('div', { class: 'options-message' });
  const heading = h('h1', {}, id === null ? 'New comparison' : 'Comparison');
  const back = h('button', {
    type: 'button', class: 'link',
    onclick: async () => {
      if (isDirty() && !(await confirmDialog('Leave without saving?',
        'The changes since this comparison was last saved will be lost.', 'Leave without saving'))) return;
      await backToList();
    },
  }, '← All comparisons');

  const editor = h('div', { class: 'comparison-editor' },
    h('div', { class: 'editor-form' },
      h('div', { class: 'heading-row' },
        h('div', {}, back, heading),
        h('div', { class: 'actions' },
          saveStatus,
          h('button', { type: 'button', onclick: exportWorkbook }, 'Export to Excel…'),
          h('button', { type: 'button', class: 'primary', onclick: save, title: 'Ctrl+S' }, 'Save'))),
      details,
      h('h2', { class: 'options-heading' }, 'Options and their costs'),
      optionsMessage,
      optionsRow),
    results);

  renderOptions();
  showResults(null, 'Calculating…');
  replace(main, editor);
  title.focus();
  calculate();
}

/**
 * "Option N" with the first N no option of the comparison is named (names are unique,
 * ignoring case and spaces).
 * @param {api.Comparison} model
 * @returns {string}
 */
function unusedOptionName(model) {
  const key = (/** @type {string} */ name) => name.replace(/\s+/g, '').toLowerCase();
  const taken = new Set([model.baseline, ...model.options].map((o) => key(o.name)));
  let n = model.options.length + 1;
  while (taken.has(key(`Option ${n}`))) n += 1;
  return `Option ${n}`;
}
