// @ts-check
/**
 * Importing contracts: choose a file, map a spreadsheet's columns, see what importing
 * would do — new, changed field by field, duplicates, invalid rows with their line and
 * a sentence — then import in one transaction (with progress, and a Cancel that leaves
 * the library as it was) or go back. Nothing is written before the clerk says so.
 *
 * Text from the file is data: it reaches the page through `h` (textContent) only.
 */

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { setLeaveGuard } from '../leave.js';

/** Rows listed in full before "and N more"; the counts are always complete. */
const LIST_LIMIT = 200;

/**
 * Asks for a file and shows the import screen for it; `done` returns to the library.
 * Resolves false when the clerk cancelled the dialog.
 * @param {HTMLElement} main
 * @param {(notice?: string) => void} done
 * @returns {Promise<boolean>}
 */
export async function startImport(main, done) {
  const file = await api.chooseImportFile();
  if (!file) return false;
  const leave = async (/** @type {string | undefined} */ notice) => {
    setLeaveGuard(null);
    await api.discardImport();
    done(notice);
  };
  if ((file.format === 'csv' || file.format === 'workbook') && file.mapping) {
    showMapping(main, file, file.mapping, leave);
  } else {
    await check(main, file, null, leave);
  }
  return true;
}

/**
 * Step 1 for a spreadsheet: which column holds which CoopDesk field.
 * @param {HTMLElement} main
 * @param {api.ChosenFile} file
 * @param {api.Mapping} mapping
 * @param {(notice?: string) => Promise<void>} leave
 * @param {string} [problem]
 */
function showMapping(main, file, mapping, leave, problem) {
  const columns = mapping.columns.map((c) => ({ ...c }));
  const constants = (mapping.constants ?? []).map((c) => ({ ...c }));
  const required = file.fields.filter((f) => f.required);
  const status = h('p', { class: 'field-error', role: 'alert' }, problem ?? '');
  const rows = columns.map((column, index) => {
    const id = `map-${index}`;
    const select = h('select', {
      id,
      onchange: () => { column.field = select.value === '' ? null : select.value; },
    },
    h('option', { value: '' }, 'Ignore this column'),
    file.fields.map((f) => h('option', { value: f.field, selected: f.field === column.field },
      f.required ? `${f.label} (required)` : f.label)));
    return h('tr', {},
      h('th', { scope: 'row' }, h('label', { for: id }, column.header || `(column ${index + 1} has no name)`)),
      h('td', {}, select));
  });
  replace(main,
    h('h1', {}, `Import ${file.fileName}`),
    h('p', { class: 'lede' }, 'Say which CoopDesk field each column of the spreadsheet holds. The obvious ones are filled in, and your choice is remembered for the next file with the same columns.'),
    file.format === 'workbook' ? whereTheListIs(main, file, leave) : null,
    notes(file.notes),
    h('p', { class: 'hint' }, `Every contract needs: ${required.map((f) => f.label).join(', ')}.`),
    status,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => check(main, file, { columns, constants: constants.filter((c) => c.field !== '' && c.value.trim() !== '') }, leave) }, 'Check the file'),
      h('button', { type: 'button', onclick: () => leave() }, 'Cancel')),
    h('table', { class: 'small-table mapping' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Column in the file'), h('th', { scope: 'col' }, 'CoopDesk field'))),
      h('tbody', {}, rows)),
    valuesForEveryRow(file, constants));
}

/**
 * Values the whole file shares, for fields no column holds: most registers name no
 * cooperative because the whole file is one agency's. Remembered with the mapping.
 * @param {api.ChosenFile} file
 * @param {api.ConstantValue[]} constants  changed in place as the clerk types
 */
function valuesForEveryRow(file, constants) {
  const list = h('div', { class: 'constants' });
  const render = () => {
    replace(list, ...constants.map((constant, index) => constantRow(file, constants, constant, index, render)));
  };
  render();
  return h('fieldset', { class: 'where-list' },
    h('legend', {}, 'Values for every row'),
    h('p', { class: 'hint' }, 'When the file has no column for a field because every row shares it (the cooperative or agency whose register it is), give the value once.'),
    list,
    h('button', {
      type: 'button',
      onclick: () => {
        constants.push({ field: '', value: '' });
        render();
        document.getElementById(`constant-field-${constants.length - 1}`)?.focus();
      },
    }, 'Add a value for every row'));
}

/**
 * @param {api.ChosenFile} file
 * @param {api.ConstantValue[]} constants
 * @param {api.ConstantValue} constant
 * @param {number} index
 * @param {() => void} render
 */
function constantRow(file, constants, constant, index, render) {
  const fieldId = `constant-field-${index}`;
  const valueId = `constant-value-${index}`;
  const select = h('select', { id: fieldId, onchange: () => { constant.field = select.value; } },
    h('option', { value: '' }, 'Choose a field'),
    file.fields.filter((f) => f.field !== 'priceLines').map((f) =>
      h('option', { value: f.field, selected: f.field === constant.field }, f.label)));
  const input = h('input', {
    id: valueId,
    type: 'text',
    value: constant.value,
    oninput: () => { constant.value = input.value; },
  });
  return h('div', { class: 'field constant' },
    h('label', { for: fieldId }, 'Field'), select,
    h('label', { for: valueId }, 'Value'), input,
    h('button', {
      type: 'button',
      'aria-label': `Remove value ${index + 1}`,
      onclick: () => { constants.splice(index, 1); render(); },
    }, 'Remove'));
}

/**
 * A workbook's sheet (a picker when it has several) and the row its headers are on;
 * changing either reads the workbook again and maps the new headers.
 * @param {HTMLElement} main
 * @param {api.ChosenFile} file
 * @param {(notice?: string) => Promise<void>} leave
 */
function whereTheListIs(main, file, leave) {
  const current = file.sheet ?? file.sheets[0] ?? '';
  /** @param {string} sheet @param {number | null} headerRow */
  const reread = async (sheet, headerRow) => {
    try {
      const again = await api.chooseWorkbookSheet(sheet, headerRow);
      showMapping(main, again, again.mapping ?? { columns: [], constants: [] }, leave);
      document.getElementById(headerRow === null ? 'import-sheet' : 'import-header-row')?.focus();
    } catch (error) {
      showMapping(main, file, file.mapping ?? { columns: [], constants: [] }, leave, api.toAppError(error).message);
    }
  };
  const sheet = h('select', {
    id: 'import-sheet',
    onchange: () => reread(sheet.value, null),
  }, file.sheets.map((name) => h('option', { value: name, selected: name === current }, name)));
  const row = h('input', {
    id: 'import-header-row',
    type: 'number',
    min: '1',
    step: '1',
    inputmode: 'numeric',
    value: file.headerRow === null || file.headerRow === undefined ? '' : String(file.headerRow),
  });
  const useRow = () => {
    const number = Number(row.value);
    if (!Number.isInteger(number) || number < 1) {
      showMapping(main, file, file.mapping ?? { columns: [], constants: [] }, leave, 'The header row is a row number, 1 or more, as the spreadsheet shows it.');
      return;
    }
    reread(current, number);
  };
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); useRow(); }
  });
  return h('fieldset', { class: 'where-list' },
    h('legend', {}, 'Where the list is'),
    file.sheets.length > 1
      ? h('div', { class: 'field' }, h('label', { for: 'import-sheet' }, 'Sheet'), sheet)
      : h('p', { class: 'hint' }, `Sheet: ${current}`),
    h('div', { class: 'field' },
      h('label', { for: 'import-header-row' }, 'Column names are on row'),
      row,
      h('button', { type: 'button', onclick: useRow }, 'Read from this row')));
}

/**
 * Step 2: read and check every row, compare with the library, and show the plan.
 * @param {HTMLElement} main
 * @param {api.ChosenFile} file
 * @param {api.Mapping | null} mapping
 * @param {(notice?: string) => Promise<void>} leave
 */
async function check(main, file, mapping, leave) {
  replace(main, h('h1', {}, `Import ${file.fileName}`), h('p', { class: 'loading', role: 'status' }, 'Reading and checking every row…'));
  /** @type {api.PlanSummary} */
  let plan;
  try {
    plan = await api.planImport(mapping);
  } catch (error) {
    const e = api.toAppError(error);
    const message = e.fields && e.fields.length > 0 ? e.fields.map((f) => f.message).join(' ') : e.message;
    if ((file.format === 'csv' || file.format === 'workbook') && mapping) {
      showMapping(main, file, mapping, leave, message);
    } else {
      replace(main,
        h('h1', {}, `Import ${file.fileName}`),
        h('div', { class: 'error-box', role: 'alert' }, h('h2', {}, 'This file cannot be imported'), h('p', {}, message)),
        h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => leave() }, 'Back to the library')));
    }
    return;
  }
  setLeaveGuard(async () => { await api.discardImport(); return true; });
  showPlan(main, file, mapping, plan, leave);
}

/**
 * The plan: counts, invalid rows, and a keep-mine / take-theirs choice per difference.
 * @param {HTMLElement} main
 * @param {api.ChosenFile} file
 * @param {api.Mapping | null} mapping
 * @param {api.PlanSummary} plan
 * @param {(notice?: string) => Promise<void>} leave
 */
function showPlan(main, file, mapping, plan, leave) {
  const { counts } = plan;
  /** @type {api.Choices} */
  const choices = { default: 'keepMine', fields: [] };
  const status = h('div', { role: 'status', 'aria-live': 'polite', class: 'import-status' });

  /** @type {HTMLInputElement[]} */
  const theirsRadios = [];
  const changed = plan.changed.slice(0, LIST_LIMIT).map((row) => h('section', { class: 'changed-row' },
    h('h3', {}, `Line ${row.line}: ${row.cooperative} ${row.contractNumber} — ${row.vendorName}`),
    h('table', { class: 'small-table differences' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Field'),
        h('th', { scope: 'col' }, 'In your library'),
        h('th', { scope: 'col' }, 'In the file'),
        h('th', { scope: 'col' }, 'Keep'))),
      h('tbody', {}, row.differences.map((d, index) => {
        const name = `choice-${row.line}-${index}`;
        const choice = { line: row.line, field: d.field, side: /** @type {api.Side} */ ('keepMine') };
        choices.fields.push(choice);
        const mine = h('input', { type: 'radio', name, value: 'keepMine', checked: true, onchange: () => { choice.side = 'keepMine'; } });
        const theirs = h('input', { type: 'radio', name, value: 'takeTheirs', onchange: () => { choice.side = 'takeTheirs'; } });
        theirsRadios.push(theirs);
        return h('tr', {},
          h('th', { scope: 'row' }, d.label),
          h('td', { class: 'value' }, d.mine || '—'),
          h('td', { class: 'value' }, d.theirs || '—'),
          h('td', { class: 'choice' },
            h('label', {}, mine, ' Mine'),
            h('label', {}, theirs, ' Theirs')));
      })))));

  const toWrite = counts.new + counts.changed;
  const importButton = h('button', {
    type: 'button',
    class: 'primary',
    disabled: toWrite === 0,
    onclick: () => run(main, file, mapping, plan, choices, leave),
  }, toWrite === 0 ? 'Nothing to import' : `Import ${counts.new} new and ${counts.changed} changed`);

  replace(main,
    h('h1', {}, `Import ${file.fileName}`),
    h('p', { class: 'lede' }, 'Nothing has been written yet. This is what importing the file would do.'),
    notes(plan.notes),
    h('div', { class: 'plan-counts', role: 'group', 'aria-label': 'What the file holds' },
      count(counts.new, 'new', 'new contracts to add'),
      count(counts.changed, 'changed', 'already in the library, with different facts'),
      count(counts.duplicate, 'duplicate', 'already in the library, identical'),
      count(counts.invalid, 'invalid', 'rows that cannot be imported'),
      counts.empty > 0 ? count(counts.empty, 'empty', 'empty rows, skipped') : null),
    status,
    h('div', { class: 'actions' },
      importButton,
      mapping ? h('button', { type: 'button', onclick: () => file.mapping && showMapping(main, file, mapping, leave) }, 'Change the columns') : null,
      h('button', { type: 'button', onclick: () => leave() }, 'Cancel')),
    plan.invalid.length === 0 ? null : h('section', { class: 'invalid-rows' },
      h('h2', {}, `${counts.invalid} invalid row${counts.invalid === 1 ? '' : 's'} — left out`),
      h('p', { class: 'hint' }, 'Correct them in the file and import it again; the valid rows can be imported now.'),
      h('ul', {}, plan.invalid.slice(0, LIST_LIMIT).map((row) => h('li', {},
        h('strong', {}, `Line ${row.line}`),
        row.problems.map((p) => h('span', { class: 'problem' }, ` ${p.label}: ${p.message}`))))),
      plan.invalid.length > LIST_LIMIT ? h('p', {}, `…and ${plan.invalid.length - LIST_LIMIT} more.`) : null),
    plan.warnings.length === 0 ? null : h('section', { class: 'plan-warnings' },
      h('h2', {}, `${plan.warnings.length} row${plan.warnings.length === 1 ? '' : 's'} to check`),
      h('p', { class: 'hint' }, 'These rows are imported as planned (an empty row is skipped); check how they were read.'),
      h('ul', {}, plan.warnings.slice(0, LIST_LIMIT).map((w) => h('li', {},
        h('strong', {}, `Line ${w.line}`),
        h('span', { class: 'problem' }, ` ${w.label}: ${w.message}`)))),
      plan.warnings.length > LIST_LIMIT ? h('p', {}, `…and ${plan.warnings.length - LIST_LIMIT} more.`) : null),
    plan.changed.length === 0 ? null : h('section', { class: 'changed-rows' },
      h('h2', {}, `${counts.changed} changed contract${counts.changed === 1 ? '' : 's'}`),
      h('p', { class: 'hint' }, 'For each difference, keep what your library has or take the file’s value. Nothing is overwritten unless you choose it.'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => setAll('keepMine') }, 'Keep mine everywhere'),
        h('button', { type: 'button', onclick: () => setAll('takeTheirs') }, 'Take theirs everywhere')),
      changed,
      plan.changed.length > LIST_LIMIT ? h('p', {}, `…and ${plan.changed.length - LIST_LIMIT} more, which follow “Keep mine everywhere” or “Take theirs everywhere”.`) : null));

  /** @param {api.Side} side */
  function setAll(side) {
    choices.default = side;
    for (const c of choices.fields) c.side = side;
    for (const radio of main.querySelectorAll('.differences input[type="radio"]')) {
      if (radio instanceof HTMLInputElement) radio.checked = radio.value === side;
    }
  }
}

/**
 * Step 3: the import itself, with progress and Cancel.
 * @param {HTMLElement} main
 * @param {api.ChosenFile} file
 * @param {api.Mapping | null} mapping
 * @param {api.PlanSummary} plan
 * @param {api.Choices} choices
 * @param {(notice?: string) => Promise<void>} leave
 */
async function run(main, file, mapping, plan, choices, leave) {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Import progress' });
  const label = h('p', { role: 'status', 'aria-live': 'polite' }, 'Backing up the library, then importing…');
  const cancel = h('button', { type: 'button', onclick: () => { cancel.disabled = true; label.textContent = 'Cancelling…'; api.cancelInterchange(); } }, 'Cancel import');
  replace(main, h('h1', {}, `Importing ${file.fileName}`), bar, label, h('div', { class: 'actions' }, cancel));
  const stop = await api.onProgress('import-progress', (p) => {
    bar.max = Math.max(1, p.total);
    bar.value = p.done;
    label.textContent = `${p.done.toLocaleString()} of ${p.total.toLocaleString()} rows written`;
  });
  try {
    const report = await api.applyImport(choices);
    stop();
    setLeaveGuard(null);
    const parts = [
      `${report.added} added`,
      `${report.updated} updated`,
      `${report.unchanged} unchanged`,
      report.skipped > 0 ? `${report.skipped} invalid left out` : '',
      report.documentsAdded > 0 ? `${report.documentsAdded} documents attached` : '',
    ].filter(Boolean);
    const sentence = `Imported ${file.fileName}: ${parts.join(', ')}.`;
    replace(main,
      h('h1', {}, 'Import complete'),
      h('p', { class: 'saved', role: 'status' }, sentence),
      h('p', { class: 'hint' }, 'A backup of the library from just before the import is listed in Settings.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: () => leave(sentence) }, 'Back to the library')));
    document.dispatchEvent(new CustomEvent('coopdesk:changed'));
  } catch (error) {
    stop();
    const e = api.toAppError(error);
    showPlan(main, file, mapping, plan, leave);
    const status = main.querySelector('.import-status');
    if (status) {
      replace(status, h('p', { class: e.code === 'cancelled' ? 'notice' : 'field-error', role: 'alert' }, e.message));
    }
  }
}

/**
 * @param {number} n
 * @param {string} kind
 * @param {string} words
 */
function count(n, kind, words) {
  return h('div', { class: `plan-count ${kind}` }, h('span', { class: 'n' }, n.toLocaleString()), ` ${words}`);
}

/** @param {string[]} list */
function notes(list) {
  return list.length === 0 ? null : h('div', { class: 'notice', role: 'note' }, list.map((n) => h('p', {}, n)));
}

const FORMATS = /** @type {const} */ ([
  ['csv', 'CSV spreadsheet', 'Opens in Excel; cells that could run as formulas are neutralised.'],
  ['workbook', 'Excel workbook (.xlsx)', 'Typed cells (dates, percentages), a frozen header row and a filter; imports back as it was.'],
  ['ocds', 'OCDS release package (JSON)', 'For open-data portals and other procurement tools.'],
  ['bundle', 'CoopDesk bundle', 'For a peer jurisdiction: contracts with their checklists, price lists and documents.'],
]);

/**
 * The export panel: which format, which contracts, then the system dialog.
 * @param {number[]} shownIds  the contracts the table shows now
 * @param {boolean} filtered  whether the table shows a search or filter
 * @param {() => void} close
 * @returns {HTMLElement}
 */
export function exportPanel(shownIds, filtered, close) {
  /** @type {api.Format} */
  let format = 'csv';
  let onlyShown = filtered;
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const bar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Export progress' });
  const go = h('button', {
    type: 'button',
    class: 'primary',
    onclick: async () => {
      go.disabled = true;
      status.textContent = 'Choose where to save…';
      const stop = await api.onProgress('export-progress', (p) => {
        bar.hidden = false;
        bar.max = Math.max(1, p.total);
        bar.value = p.done;
        status.textContent = `${p.done.toLocaleString()} of ${p.total.toLocaleString()} contracts written`;
      });
      try {
        const done = await api.exportContracts(format, onlyShown ? shownIds : []);
        status.textContent = done
          ? `Exported ${done.report.contracts} contract${done.report.contracts === 1 ? '' : 's'}${done.report.documents > 0 ? ` and ${done.report.documents} documents` : ''} to ${done.path}.${done.report.leftOut.length > 0 ? ` Left out: ${done.report.leftOut.join(' ')}` : ''}`
          : 'Not exported.';
      } catch (error) {
        status.textContent = api.toAppError(error).message;
      } finally {
        stop();
        bar.hidden = true;
        go.disabled = false;
      }
    },
  }, 'Export to a file…');
  return h('section', { class: 'export-panel', 'aria-label': 'Export contracts' },
    h('h2', {}, 'Export contracts'),
    h('fieldset', {},
      h('legend', {}, 'Format'),
      FORMATS.map(([value, label, hint]) => h('label', { class: 'choice-line' },
        h('input', { type: 'radio', name: 'export-format', value, checked: value === format, onchange: () => { format = value; } }),
        ` ${label}`, h('span', { class: 'hint' }, ` — ${hint}`)))),
    h('fieldset', {},
      h('legend', {}, 'Contracts'),
      h('label', { class: 'choice-line' },
        h('input', { type: 'radio', name: 'export-scope', checked: !onlyShown, onchange: () => { onlyShown = false; } }),
        ' Every contract in the library'),
      h('label', { class: 'choice-line' },
        h('input', { type: 'radio', name: 'export-scope', checked: onlyShown, disabled: shownIds.length === 0, onchange: () => { onlyShown = true; } }),
        ` The ${shownIds.length} contract${shownIds.length === 1 ? '' : 's'} the table shows`)),
    h('div', { class: 'actions' },
      go,
      h('button', { type: 'button', onclick: () => { api.cancelInterchange(); } }, 'Cancel export'),
      h('button', { type: 'button', class: 'link', onclick: close }, 'Close')),
    bar,
    status);
}
