// @ts-check
/**
 * The Comparisons screen: the saved comparisons, and the editor where the clerk enters a
 * purchase's options and their costs while the core's results stay in view beside them.
 *
 * The editor keeps one model, a {@link api.Comparison} that is always valid on the wire:
 * an input whose text is not a number (an amount "12,0.0", a year "two") leaves the model
 * as it was and is marked beside itself, and nothing is calculated until it is fixed.
 * Everything else — a line after the horizon, a start delay too long — the core judges,
 * and its sentence is shown next to the field it names. The results are never computed
 * here: every figure comes from the core.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, formatDateTime, formatMoney, parseAmount, shiftDecimal } from '../format.js';
import { setLeaveGuard } from '../leave.js';

/** Long enough to let a clerk finish a number, short enough to feel immediate. */
const CALCULATE_DELAY_MS = 150;

const KINDS = /** @type {const} */ ([
  ['cooperativeContract', 'Cooperative contract'],
  ['ownSolicitation', 'Own solicitation'],
  ['statusQuo', 'Status quo'],
  ['other', 'Other'],
]);

const TIMINGS = /** @type {const} */ ([
  ['oneTime', 'One-time'],
  ['recurring', 'Recurring each year'],
  ['perUnit', 'Per unit per year'],
  ['schedule', 'Yearly schedule'],
]);

const CONVENTIONS = /** @type {const} */ ([
  ['endOfYear', 'End of year (usual)'],
  ['startOfYear', 'Start of year'],
  ['midYear', 'Mid-year'],
]);

/** @type {api.CategoryChoice[]} */
let categories = [];

/** @param {HTMLElement} main */
export async function show(main) {
  if (categories.length === 0) categories = await api.costCategories();
  await showList(main);
}

// ---------------------------------------------------------------------------------------
// The list

/**
 * @param {HTMLElement} main
 * @param {string} [notice]  a sentence to confirm what just happened
 */
async function showList(main, notice) {
  setLeaveGuard(null);
  const rows = await api.listComparisons();
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' }, notice ?? '');
  const newButton = h('button', { type: 'button', class: 'primary', onclick: () => openNew(main) }, 'New comparison');

  if (rows.length === 0) {
    replace(main,
      h('h1', {}, 'Comparisons'),
      h('div', { class: 'empty' },
        h('p', {}, 'A comparison sets the options for one purchase side by side — buying through a cooperative contract, running your own solicitation, or keeping the current system — and adds up what each costs over the years, in today’s dollars, so you can show the council which is cheapest and when it pays off.'),
        h('p', {}, 'Start with “New comparison”: the usual options are already there; enter what each one costs.'),
        h('div', { class: 'actions' }, newButton)),
      status);
    newButton.focus();
    return;
  }

  const table = h('table', { class: 'comparisons' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Title'),
      h('th', { scope: 'col' }, 'Options'),
      h('th', { scope: 'col' }, 'Last changed'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('td', { class: 'title' },
        h('button', { type: 'button', class: 'link', onclick: () => openSaved(main, row.id) }, row.title)),
      h('td', {}, `${row.optionsCount} + baseline`),
      h('td', {}, formatDateTime(row.updatedAt)),
      h('td', { class: 'row-actions' },
        h('button', {
          type: 'button', 'aria-label': `Duplicate “${row.title}”`,
          onclick: async () => {
            await api.duplicateComparison(row.id);
            await showList(main, `“${row.title}” was copied as “${row.title} (copy)”.`);
          },
        }, 'Duplicate'),
        h('button', {
          type: 'button', class: 'danger', 'aria-label': `Delete “${row.title}”`,
          onclick: async () => {
            const sure = await confirmDialog(`Delete “${row.title}”?`,
              'The comparison and its figures are removed from this library. This cannot be undone.', 'Delete');
            if (!sure) return;
            await api.deleteComparison(row.id);
            await showList(main, `“${row.title}” was deleted.`);
          },
        }, 'Delete'))))));

  replace(main,
    h('div', { class: 'heading-row' },
      h('div', {},
        h('h1', {}, 'Comparisons'),
        h('p', { class: 'lede' }, 'Total cost of ownership of the options for one purchase. Open one to edit it.')),
      newButton),
    status,
    table);
}

/** @param {HTMLElement} main */
async function openNew(main) {
  showEditor(main, null, await api.newComparison());
}

/**
 * @param {HTMLElement} main
 * @param {number} id
 */
async function openSaved(main, id) {
  const stored = await api.getComparison(id);
  showEditor(main, stored.id, stored.comparison);
}

/**
 * An in-page confirmation (a modal `<dialog>`: focus stays inside, Escape cancels).
 * @param {string} title
 * @param {string} text
 * @param {string} confirmLabel
 * @returns {Promise<boolean>}
 */
function confirmDialog(title, text, confirmLabel) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Cancel');
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => dialog.close('yes') }, confirmLabel),
        cancel));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

// ---------------------------------------------------------------------------------------
// The editor

/**
 * @param {HTMLElement} main
 * @param {number | null} savedId
 * @param {api.Comparison} comparison
 */
function showEditor(main, savedId, comparison) {
  /** @type {api.Comparison} */
  const model = structuredClone(comparison);
  let id = savedId;
  let savedText = savedId === null ? '' : JSON.stringify(model);
  /** Inputs whose text is not a number yet, by element id, with what to type. */
  const localErrors = new Map();
  /** @type {'presentValue' | 'nominal'} */
  let basis = 'presentValue';
  let requestNumber = 0;
  let timer = 0;

  const isDirty = () => JSON.stringify(model) !== savedText;
  const saveStatus = h('span', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
  // Not a live region: it is rebuilt as the clerk types, and reading it all out at every
  // keystroke would drown the form. The heading and the summary come first instead.
  const results = h('section', { class: 'results', 'aria-label': 'Results' });
  const optionsRow = h('div', { class: 'option-columns' });

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
      all.map((option, index) => optionColumn(option, index)),
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

  /**
   * @param {api.CostOption} option
   * @param {number} index  0 is the baseline
   */
  function optionColumn(option, index) {
    const prefix = `o${index}`;
    const isBaseline = index === 0;
    const name = input(`${prefix}-name`, option.name, (text) => { option.name = text; });
    const kind = h('select', { id: `${prefix}-kind` },
      KINDS.map(([value, label]) => h('option', { value, selected: value === option.kind.type }, label)));
    kind.addEventListener('change', () => {
      option.kind = /** @type {api.OptionKind} */ ({ type: kind.value });
      renderOptions();
      changed();
      focusLater(`#${prefix}-kind`);
    });
    const delay = isBaseline ? null : numberInput(`${prefix}-delay`, option.startDelayMonths, 0, 120, (n) => { option.startDelayMonths = n; });
    const notes = h('textarea', { id: `${prefix}-notes`, rows: 1 }, option.notes);
    notes.addEventListener('input', () => { option.notes = notes.value; changed(); });

    return h('section', { class: `option${isBaseline ? ' baseline' : ''}`, 'aria-labelledby': `${prefix}-heading`, 'data-option': index },
      h('h2', { id: `${prefix}-heading` }, isBaseline ? 'Baseline' : `Option ${index}`),
      field(`${prefix}-name`, 'Name', name),
      field(`${prefix}-kind`, 'Kind', kind),
      option.kind.type === 'cooperativeContract' ? linkedContract(option, prefix) : null,
      delay ? field(`${prefix}-delay`, 'Starts after (months)', delay) : null,
      field(`${prefix}-notes`, 'Notes', notes),
      h('div', { class: 'option-message', id: `${prefix}-message` }),
      h('h3', {}, 'Costs'),
      option.costLines.length === 0
        ? h('p', { class: 'hint' }, isBaseline ? 'What does keeping things as they are cost each year? Add a line.' : 'No costs yet. Add what this option costs.')
        : option.costLines.map((line, li) => lineCard(option, line, `${prefix}-l${li + 1}`, li)),
      h('div', { class: 'option-actions' },
        h('button', {
          type: 'button',
          onclick: () => {
            option.costLines.push({
              category: isBaseline ? 'maintenanceAndSupport' : 'acquisition',
              description: '',
              timing: { type: 'recurring', fromYear: 1, toYear: model.horizonYears, amount: '0', escalation: '0' },
            });
            renderOptions();
            changed();
            focusLater(`#${prefix}-l${option.costLines.length}-category`);
          },
        }, 'Add a cost line'),
        isBaseline ? null : h('button', {
          type: 'button', class: 'danger',
          onclick: () => {
            model.options.splice(index - 1, 1);
            renderOptions();
            changed();
            focusLater('.add-option button');
          },
        }, `Remove ${option.name.trim() || 'this option'}`)));
  }

  /**
   * The library contract a cooperative option buys through, with its admin fee and price
   * list at hand; a price line becomes a cost line with one click.
   * @param {api.CostOption} option
   * @param {string} prefix
   */
  function linkedContract(option, prefix) {
    const linkedId = option.kind.type === 'cooperativeContract' ? option.kind.contractId ?? null : null;
    const select = h('select', { id: `${prefix}-contract` }, h('option', { value: '' }, 'Choose a contract…'));
    const facts = h('div', { class: 'linked-contract', 'aria-live': 'polite' });
    select.addEventListener('change', () => {
      option.kind = { type: 'cooperativeContract', contractId: select.value ? Number(select.value) : null };
      showFacts(option.kind.contractId ?? null);
      changed();
    });

    /** @param {number | null} contractId */
    async function showFacts(contractId) {
      replace(facts);
      if (contractId === null) return;
      try {
        const [contract, lines] = await Promise.all([api.getContract(contractId), api.getPriceLines(contractId)]);
        const fee = contract.adminFeePercent !== null ? `${contract.adminFeePercent}%` : (contract.adminFeeNotes || 'Not recorded');
        replace(facts,
          h('p', {}, h('strong', {}, 'Admin fee: '), fee),
          h('p', {}, h('strong', {}, 'Expires: '), contract.expiryDate ? formatDate(contract.expiryDate) : 'Not recorded'),
          lines.length === 0
            ? h('p', { class: 'hint' }, 'No price list recorded for this contract.')
            : h('ul', { class: 'price-lines', 'aria-label': 'Price list' }, lines.map((line) => h('li', {},
              `${line.item} — ${formatMoney(line.unitPrice)}${line.unit ? ` per ${line.unit}` : ''} `,
              h('button', {
                type: 'button',
                onclick: () => {
                  option.costLines.push({
                    category: 'acquisition',
                    description: line.item,
                    timing: { type: 'oneTime', year: 0, amount: line.unitPrice },
                  });
                  renderOptions();
                  changed();
                },
              }, 'Add as a cost')))));
      } catch (error) {
        replace(facts, h('p', { role: 'alert' }, api.toAppError(error).message));
      }
    }

    api.searchContracts({ text: '', limit: 500, offset: 0 }).then((found) => {
      for (const hit of found.hits) {
        select.appendChild(h('option', { value: hit.id, selected: hit.id === linkedId },
          `${hit.contractNumber} — ${hit.vendorName} (${hit.cooperative})`));
      }
      showFacts(linkedId);
    }).catch((error) => replace(facts, h('p', { role: 'alert' }, api.toAppError(error).message)));

    return h('div', {}, field(`${prefix}-contract`, 'Library contract', select), facts);
  }

  /**
   * One cost line: what, when and how much.
   * @param {api.CostOption} option
   * @param {api.CostLine} line
   * @param {string} prefix  unique id prefix, e.g. `o1-l2`
   * @param {number} li
   */
  function lineCard(option, line, prefix, li) {
    const category = h('select', { id: `${prefix}-category` },
      categories.map((c) => h('option', { value: c.category, selected: c.category === line.category }, c.label)));
    category.addEventListener('change', () => { line.category = /** @type {api.Category} */ (category.value); changed(); });
    const description = input(`${prefix}-description`, line.description, (text) => { line.description = text; });
    const timing = h('select', { id: `${prefix}-timing` },
      TIMINGS.map(([value, label]) => h('option', { value, selected: value === line.timing.type }, label)));
    timing.addEventListener('change', () => {
      line.timing = convertTiming(line.timing, /** @type {api.LineTiming['type']} */ (timing.value), model.horizonYears);
      renderOptions();
      changed();
      focusLater(`#${prefix}-timing`);
    });
    return h('fieldset', { class: 'line', 'data-line': prefix },
      h('legend', {}, `Line ${li + 1}`),
      field(`${prefix}-category`, 'Category', category),
      field(`${prefix}-description`, 'Description', description),
      field(`${prefix}-timing`, 'Timing', timing),
      timingFields(line, prefix),
      h('div', { class: 'line-message', id: `${prefix}-message` }),
      h('button', {
        type: 'button', class: 'link danger',
        onclick: () => {
          option.costLines.splice(li, 1);
          renderOptions();
          changed();
        },
      }, `Remove line ${li + 1}`));
  }

  /**
   * The inputs a timing needs.
   * @param {api.CostLine} line
   * @param {string} prefix
   */
  function timingFields(line, prefix) {
    const t = line.timing;
    /** @param {'year' | 'fromYear' | 'toYear'} key @param {string} label */
    const year = (key, label) => field(`${prefix}-${key}`, label,
      numberInput(`${prefix}-${key}`, /** @type {any} */ (t)[key], 0, 30, (n) => { /** @type {any} */ (t)[key] = n; }));
    /** @param {'amount' | 'unitPrice' | 'quantity'} key @param {string} label */
    const money = (key, label) => field(`${prefix}-${key}`, label,
      amountInput(`${prefix}-${key}`, /** @type {any} */ (t)[key], (value) => { /** @type {any} */ (t)[key] = value; }));
    const escalation = () => field(`${prefix}-escalation`, 'Escalation (% a year)',
      percentInput(`${prefix}-escalation`, /** @type {any} */ (t).escalation ?? '0', (value) => { /** @type {any} */ (t).escalation = value; }));
    switch (t.type) {
      case 'oneTime':
        return h('div', { class: 'field-row' }, year('year', 'In year (0 = up front)'), money('amount', 'Amount'));
      case 'recurring':
        return h('div', {},
          h('div', { class: 'field-row' }, year('fromYear', 'From year'), year('toYear', 'To year')),
          h('div', { class: 'field-row' }, money('amount', 'Amount in the first year'), escalation()));
      case 'perUnit': {
        const unit = input(`${prefix}-unit`, t.unit, (text) => { t.unit = text; });
        return h('div', {},
          h('div', { class: 'field-row' }, year('fromYear', 'From year'), year('toYear', 'To year')),
          h('div', { class: 'field-row' }, money('unitPrice', 'Price per unit'), money('quantity', 'Quantity')),
          h('div', { class: 'field-row' }, field(`${prefix}-unit`, 'Unit', unit), escalation()));
      }
      case 'schedule':
        return h('div', { class: 'schedule' },
          Array.from({ length: model.horizonYears + 1 }, (_, y) => field(`${prefix}-y${y}`, y === 0 ? 'Up front' : `Year ${y}`,
            amountInput(`${prefix}-y${y}`, t.amounts[String(y)] ?? '', (value) => {
              if (value === '' || value === null) delete t.amounts[String(y)];
              else t.amounts[String(y)] = value;
            }, true))));
    }
  }

  // -- Inputs that keep the model valid ---------------------------------------------------

  /**
   * A text input; `accept` stores the text and returns an error sentence or null.
   * @param {string} id
   * @param {string} value
   * @param {(text: string, el: HTMLInputElement) => (string | null | void)} accept
   */
  function input(id, value, accept) {
    const el = h('input', { id, value, autocomplete: 'off' });
    el.addEventListener('input', () => {
      const problem = accept(el.value, el);
      if (problem) {
        localErrors.set(id, problem);
        showFieldError(el, problem);
      } else {
        localErrors.delete(id);
        clearFieldError(el);
      }
      changed();
    });
    return el;
  }

  /**
   * @param {string} id
   * @param {number} value
   * @param {number} min
   * @param {number} max
   * @param {(n: number) => void} store
   */
  function numberInput(id, value, min, max, store) {
    const el = input(id, String(value), (text) => {
      if (!/^\s*\d+\s*$/.test(text)) return `Enter a whole number from ${min} to ${max}.`;
      store(Number(text));
      return null;
    });
    el.setAttribute('inputmode', 'numeric');
    el.classList.add('short');
    return el;
  }

  /**
   * @param {string} id
   * @param {string} value  exact decimal
   * @param {(value: string) => void} store
   * @param {boolean} [optional]  an empty box means "nothing this year"
   */
  function amountInput(id, value, store, optional = false) {
    const el = input(id, value, (text) => {
      if (optional && text.trim() === '') { store(''); return null; }
      const amount = parseAmount(text);
      if (amount === null) return 'Enter an amount in dollars, e.g. 12000 or 12,000.50.';
      store(amount);
      return null;
    });
    el.setAttribute('inputmode', 'decimal');
    el.classList.add('money');
    return el;
  }

  /**
   * @param {string} id
   * @param {string} fraction
   * @param {(fraction: string) => void} store
   */
  function percentInput(id, fraction, store) {
    const el = input(id, shiftDecimal(fraction, 2) ?? '0', (text) => {
      const value = text.trim() === '' ? '0' : shiftDecimal(text.replace('%', ''), -2);
      if (value === null) return 'Enter a percent a year, e.g. 3 or 2.5 (0 for none).';
      store(value);
      return null;
    });
    el.setAttribute('inputmode', 'decimal');
    el.classList.add('short');
    return el;
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
      renderResults(null, 'Results will show again when the marked fields hold numbers.');
      return;
    }
    const number = ++requestNumber;
    // The title matters only for saving; the figures can be seen before it is typed.
    const draft = { ...model, title: model.title.trim() || 'Untitled comparison' };
    try {
      const answer = await api.calculateComparison(draft, basis);
      if (number !== requestNumber) return; // a newer calculation is on its way
      renderResults(answer, null);
    } catch (error) {
      if (number !== requestNumber) return;
      const message = api.toAppError(error).message;
      placeCoreError(message);
      renderResults(null, message);
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
  function renderResults(answer, problem) {
    if (!answer) {
      replace(results,
        h('h2', {}, 'Results'),
        h('div', { class: 'results-problem' },
          h('p', {}, 'These figures cannot be calculated yet:'),
          h('p', { class: 'problem-text' }, problem ?? '')));
      return;
    }
    replace(results,
      h('h2', {}, 'Results'),
      summary(answer.results),
      chartFigure(answer.chartSvg),
      yearTable(answer.results));
  }

  /**
   * Which option is cheapest, by how much, and when it pays off; then every option.
   * @param {api.ComparisonResults} r
   */
  function summary(r) {
    const baseline = r.options[0];
    const best = r.options[r.ranking[0]];
    /** @param {api.BreakEven | null} b */
    const breakEven = (b) => {
      if (!b) return '—';
      if (b.status === 'notWithinHorizon') return 'not within the horizon';
      return `year ${b.year} (${r.years[b.year]?.label ?? ''})`;
    };
    const headline = best.isBaseline
      ? h('p', { class: 'headline' }, `Keeping “${best.name}” is the cheapest in present value: ${formatMoney(best.presentValue)}.`)
      : h('p', { class: 'headline' },
        h('strong', {}, best.name), ` is the cheapest in present value: ${formatMoney(best.presentValue)}, `,
        h('strong', {}, `${formatMoney(best.pvSavings)} less`), ` than “${baseline.name}”. `,
        `It breaks even in ${breakEven(best.breakEvenPv)} in present value, ${breakEven(best.breakEvenNominal)} in dollars spent.`);
    return h('div', { class: 'summary' },
      headline,
      h('table', { class: 'figures' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Option'),
          h('th', { scope: 'col', class: 'num' }, 'Present value'),
          h('th', { scope: 'col', class: 'num' }, 'Saves (PV)'),
          h('th', { scope: 'col', class: 'num' }, 'Total spent'),
          h('th', { scope: 'col' }, 'Breaks even (PV)'))),
        h('tbody', {}, r.options.map((o) => h('tr', { 'data-rank': o.rank },
          h('th', { scope: 'row' }, `${o.rank}. ${o.name}`, o.isBaseline ? h('span', { class: 'tag' }, 'baseline') : null),
          h('td', { class: 'num' }, formatMoney(o.presentValue)),
          h('td', { class: 'num' }, o.isBaseline ? '—' : formatMoney(o.pvSavings)),
          h('td', { class: 'num' }, formatMoney(o.nominalTotal)),
          h('td', {}, o.isBaseline ? '—' : breakEven(o.breakEvenPv)))))));
  }

  /**
   * The core's chart. It is the one markup the UI inserts: drawn by the core from the
   * figures with every text escaped there, parsed as SVG (scripts in an SVG document
   * parsed this way never run) and imported as a node — never through innerHTML.
   * @param {string} svg
   */
  function chartFigure(svg) {
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = parsed.documentElement;
    const ok = root.nodeName === 'svg' && !parsed.querySelector('parsererror');
    const picker = h('div', { class: 'basis', role: 'radiogroup', 'aria-label': 'Chart shows' },
      /** @type {const} */ ([['presentValue', 'Present value'], ['nominal', 'Dollars spent']]).map(([value, label]) =>
        h('label', {},
          h('input', {
            type: 'radio', name: 'basis', value, checked: basis === value,
            onchange: async () => {
              basis = value;
              await calculate();
              // The results were redrawn; keep the keyboard where it was.
              const radio = results.querySelector(`input[name="basis"][value="${value}"]`);
              if (radio instanceof HTMLElement) radio.focus();
            },
          }),
          ` ${label}`)));
    const image = ok ? document.importNode(root, true) : h('p', {}, 'The chart could not be drawn.');
    if (image instanceof SVGElement) {
      image.setAttribute('role', 'img');
      image.setAttribute('aria-label', 'Cumulative cost of each option by year');
    }
    return h('figure', { class: 'chart' }, picker, image);
  }

  /**
   * Year by year, options as columns; each year can open to show its categories.
   * @param {api.ComparisonResults} r
   */
  function yearTable(r) {
    const labelOf = new Map(categories.map((c) => [c.category, c.label]));
    const toggle = h('button', { type: 'button', 'aria-expanded': 'false', class: 'link' }, 'Show each category');
    const body = h('tbody');
    /** @param {boolean} open */
    const render = (open) => {
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide the categories' : 'Show each category';
      replace(body, r.years.map((year, yi) => {
        const rows = [h('tr', { class: 'year' },
          h('th', { scope: 'row' }, year.label),
          r.options.map((o) => h('td', { class: 'num' }, formatMoney(o.years[yi].total))))];
        if (open) {
          const present = categories.map((c) => c.category)
            .filter((c) => r.options.some((o) => o.years[yi].byCategory.some((a) => a.category === c)));
          for (const c of present) {
            rows.push(h('tr', { class: 'category' },
              h('th', { scope: 'row' }, labelOf.get(c) ?? c),
              r.options.map((o) => {
                const a = o.years[yi].byCategory.find((x) => x.category === c);
                return h('td', { class: 'num' }, a ? formatMoney(a.amount) : '');
              })));
          }
          if (r.options.some((o) => o.years[yi].baselineWhileWaiting !== '0' && o.years[yi].baselineWhileWaiting !== '0.00')) {
            rows.push(h('tr', { class: 'category' },
              h('th', { scope: 'row' }, 'Baseline while waiting'),
              r.options.map((o) => h('td', { class: 'num' }, o.isBaseline ? '' : formatMoney(o.years[yi].baselineWhileWaiting)))));
          }
        }
        return rows;
      }).flat());
    };
    toggle.addEventListener('click', () => render(toggle.getAttribute('aria-expanded') !== 'true'));
    render(false);
    return h('div', { class: 'by-year' },
      h('div', { class: 'heading-row' }, h('h3', {}, 'Year by year'), toggle),
      h('table', { class: 'figures' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Year'),
          r.options.map((o) => h('th', { scope: 'col', class: 'num' }, o.name)))),
        body,
        h('tfoot', {},
          h('tr', {}, h('th', { scope: 'row' }, 'Total spent'), r.options.map((o) => h('td', { class: 'num' }, formatMoney(o.nominalTotal)))),
          h('tr', {}, h('th', { scope: 'row' }, 'Present value'), r.options.map((o) => h('td', { class: 'num' }, formatMoney(o.presentValue)))))));
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
      await showList(main);
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
  renderResults(null, 'Calculating…');
  replace(main, editor);
  title.focus();
  calculate();
}

/**
 * Keeps what can be kept when the clerk switches a line's timing.
 * @param {api.LineTiming} from
 * @param {api.LineTiming['type']} to
 * @param {number} horizon
 * @returns {api.LineTiming}
 */
function convertTiming(from, to, horizon) {
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
 * A labelled field; the error slot sits under the input.
 * @param {string} id
 * @param {string} label
 * @param {HTMLElement} control
 */
function field(id, label, control) {
  return h('div', { class: 'field', 'data-field': id }, h('label', { for: id }, label), control);
}

/**
 * @param {HTMLElement} el
 * @param {string} message
 * @param {boolean} [fromCore]
 */
function showFieldError(el, message, fromCore = false) {
  const container = el.closest('.field');
  if (!container) return;
  clearFieldError(el);
  container.classList.add('has-error');
  const errorId = `${el.id}-error`;
  container.appendChild(h('p', { class: `field-error${fromCore ? ' core-error' : ''}`, id: errorId, role: 'alert' }, message));
  el.setAttribute('aria-describedby', errorId);
  el.setAttribute('aria-invalid', 'true');
}

/** @param {HTMLElement} el */
function clearFieldError(el) {
  const container = el.closest('.field');
  container?.classList.remove('has-error');
  container?.querySelector('.field-error')?.remove();
  el.removeAttribute('aria-describedby');
  el.removeAttribute('aria-invalid');
}

/**
 * Focuses an element after the DOM it lives in was rebuilt.
 * @param {string} selector
 */
function focusLater(selector) {
  requestAnimationFrame(() => {
    const el = document.querySelector(selector);
    if (el instanceof HTMLElement) el.focus();
  });
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
