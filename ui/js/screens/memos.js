// @ts-check
/**
 * The Memos screen: the staff reports, and the editor where the clerk adjusts one beside
 * its preview.
 *
 * A memo is composed by the core from a comparison, its recommended option's contract
 * and the settings; every section arrives prefilled. The clerk's edits are saved as they
 * type (a printed version is never changed: the core starts the next version). The
 * preview is the core's own rendering of the same document that prints, so what is seen
 * is what prints.
 */

import * as api from '../api.js';
import { coreMarkup, h, replace } from '../dom.js';
import { field } from '../field.js';
import { formatDate, formatDateTime, formatMoney, parseAmount } from '../format.js';
import { setLeaveGuard } from '../leave.js';

/** Long enough to let a clerk finish a word, short enough that the preview keeps up. */
const SAVE_DELAY_MS = 500;

/** @param {HTMLElement} main */
export async function show(main) {
  await showList(main);
}

// ---------------------------------------------------------------------------------------
// The list

/**
 * @param {HTMLElement} main
 * @param {string} [notice]
 */
async function showList(main, notice) {
  setLeaveGuard(null);
  const [memos, candidates] = await Promise.all([api.listMemos(), api.memoCandidates()]);
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' }, notice ?? '');
  const picker = newMemoPicker(main, candidates, status);

  if (memos.length === 0) {
    replace(main,
      h('h1', {}, 'Memos'),
      h('p', { class: 'lede' }, 'Print a staff report the council or board can approve: the recommendation, the contract’s due diligence, the cost comparison and the fiscal impact.'),
      h('div', { class: 'empty' },
        h('p', {}, 'A memo is written from a comparison: it recommends one of its options bought through a cooperative contract in your library, and prints the comparison’s figures beside the contract’s due diligence.'),
        picker),
      status);
    return;
  }

  const table = h('table', { class: 'memos' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Subject'),
      h('th', { scope: 'col' }, 'Version'),
      h('th', { scope: 'col' }, 'State'),
      h('th', { scope: 'col' }, 'Last changed'))),
    h('tbody', {}, memos.map((memo) => h('tr', {},
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => openEditor(main, memo.id) }, memo.title)),
      h('td', { class: 'num' }, String(memo.version)),
      h('td', {}, memo.printedAt ? `Printed ${formatDateTime(memo.printedAt)}` : 'Draft'),
      h('td', {}, formatDateTime(memo.updatedAt))))));

  replace(main,
    h('h1', {}, 'Memos'),
    h('p', { class: 'lede' }, 'Staff reports for the council or board. A printed version is kept exactly as printed; editing it makes the next version.'),
    picker,
    status,
    table);
}

/**
 * "New memo": the comparison options a memo can recommend.
 * @param {HTMLElement} main
 * @param {api.MemoCandidate[]} candidates
 * @param {HTMLElement} status
 */
function newMemoPicker(main, candidates, status) {
  if (candidates.length === 0) {
    return h('div', { class: 'notice' },
      h('p', {}, 'No comparison has an option linked to a library contract yet. In Comparisons, open one, set an option to “Cooperative contract” and choose its contract; then come back here.'));
  }
  const select = h('select', { id: 'memo-candidate' },
    candidates.map((c, index) => h('option', { value: index },
      `${c.comparisonTitle} — ${c.option} (${c.cooperative} ${c.contractNumber}, ${c.vendorName})`)));
  const create = h('button', {
    type: 'button',
    class: 'primary',
    onclick: async () => {
      const candidate = candidates[Number(select.value)];
      create.disabled = true;
      status.textContent = 'Writing the memo…';
      try {
        const view = await api.createMemo(candidate.comparisonId, candidate.optionId || candidate.option);
        await openEditor(main, view.id, view);
      } catch (error) {
        status.textContent = api.toAppError(error).message;
        create.disabled = false;
      }
    },
  }, 'Write memo');
  return h('div', { class: 'new-memo' },
    h('label', { for: 'memo-candidate' }, 'New memo recommending'),
    h('div', { class: 'row' }, select, create));
}

// ---------------------------------------------------------------------------------------
// The editor

/**
 * @param {HTMLElement} main
 * @param {number} id
 * @param {api.MemoView} [opened]
 */
async function openEditor(main, id, opened) {
  /** @type {api.MemoView} */
  let view = opened ?? await api.getMemo(id);
  /** @type {api.MemoDraft} */
  const draft = structuredClone(view.draft);
  /** @type {number | undefined} */
  let timer;
  let dirty = false;
  /** @type {Promise<void>} */
  let saving = Promise.resolve();

  const saveState = h('span', { class: 'save-state', role: 'status', 'aria-live': 'polite' });
  const versionLine = h('p', { class: 'version-line' });
  const changes = h('div', { class: 'changes' });
  const preview = h('div', { class: 'memo-preview', 'aria-label': 'Preview of the printed memo', tabindex: 0 });
  const versionsBox = h('div', { class: 'versions' });
  /** @type {Map<api.Section, {area: HTMLTextAreaElement, badge: HTMLElement, reset: HTMLButtonElement}>} */
  const sectionFields = new Map();

  setLeaveGuard(async () => {
    if (dirty) await flush();
    return true;
  });

  function schedule() {
    dirty = true;
    saveState.textContent = 'Editing…';
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { flush(); }, SAVE_DELAY_MS);
  }

  /** Saves now if anything is waiting; resolves when stored. */
  async function flush() {
    window.clearTimeout(timer);
    if (!dirty) return saving;
    dirty = false;
    saving = saving.then(async () => {
      saveState.textContent = 'Saving…';
      try {
        view = await api.saveMemo(view.id, draft);
        saveState.textContent = 'Saved';
        saveState.className = 'save-state saved';
        refresh();
      } catch (error) {
        saveState.textContent = api.toAppError(error).message;
        saveState.className = 'save-state field-error';
      }
    });
    return saving;
  }

  /** Redraws what the core decides: preview, version, warnings, edited marks. */
  function refresh() {
    replace(preview, coreMarkup(view.html));
    versionLine.textContent = view.printedAt
      ? `Version ${view.version} · printed ${formatDateTime(view.printedAt)} · your next edit starts version ${view.version + 1}`
      : `Version ${view.version} · draft`;
    replace(changes, view.changes.length === 0 ? null : h('div', { class: 'notice warning', role: 'alert' },
      view.changes.map((sentence) => h('p', {}, sentence)),
      view.comparisonId === null ? null : h('button', {
        type: 'button',
        onclick: async () => {
          await flush();
          try {
            view = await api.updateMemoSources(view.id);
            saveState.textContent = 'Updated from the library';
            for (const s of view.sections) {
              const f = sectionFields.get(s.section);
              if (f && !s.edited) f.area.value = s.text;
            }
            refresh();
          } catch (error) {
            saveState.textContent = api.toAppError(error).message;
          }
        },
      }, 'Update the memo from the library')));
    for (const s of view.sections) {
      const f = sectionFields.get(s.section);
      if (!f) continue;
      f.badge.hidden = !s.edited;
      f.reset.hidden = !s.edited;
    }
    const printed = view.versions.filter((v) => v.printedAt);
    replace(versionsBox, printed.length === 0 ? null : [
      h('h2', {}, 'Printed versions'),
      h('ul', {}, printed.map((v) => h('li', {},
        `Version ${v.version}, printed ${formatDateTime(v.printedAt)} `,
        h('button', { type: 'button', class: 'link', onclick: () => savePdf(v.version) }, 'Save a copy…')))),
    ]);
  }

  /** @param {number | null} version */
  async function savePdf(version) {
    await flush();
    saveState.textContent = 'Choose where to save the PDF…';
    try {
      const path = await api.saveMemoPdf(view.id, version);
      view = await api.getMemo(view.id);
      refresh();
      saveState.textContent = path ? `Saved ${path}` : 'Not saved.';
    } catch (error) {
      saveState.textContent = api.toAppError(error).message;
    }
  }

  async function saveDocx() {
    await flush();
    saveState.textContent = 'Choose where to save the Word document…';
    try {
      const path = await api.saveMemoDocx(view.id, null);
      saveState.textContent = path ? `Saved ${path}` : 'Not saved.';
    } catch (error) {
      saveState.textContent = api.toAppError(error).message;
    }
  }

  async function openToPrint() {
    await flush();
    saveState.textContent = 'Printing…';
    try {
      const path = await api.openMemoToPrint(view.id, null);
      saveState.textContent = `Opened ${path}`;
    } catch (error) {
      saveState.textContent = api.toAppError(error).message;
    }
    view = await api.getMemo(view.id);
    refresh();
  }

  /**
   * A text input bound to one of the draft's inputs.
   * @param {keyof api.MemoInputs & string} key
   * @param {string} label
   * @param {{hint?: string, placeholder?: string, type?: string}} [options]
   */
  function input(key, label, options = {}) {
    const id = `memo-${key}`;
    const el = h('input', {
      id,
      type: options.type ?? 'text',
      value: String(draft.inputs[key] ?? ''),
      placeholder: options.placeholder,
      oninput: () => {
        /** @type {Record<string, unknown>} */ (draft.inputs)[key] = el.value;
        schedule();
      },
    });
    return field(id, label, el, options.hint);
  }

  const amountInput = h('input', {
    id: 'memo-amount',
    inputmode: 'decimal',
    value: formatMoney(draft.inputs.amount),
    oninput: () => {
      const amount = parseAmount(amountInput.value);
      amountError.textContent = amount === null ? 'Enter an amount in dollars and cents, e.g. 180,000.00.' : '';
      if (amount === null) return;
      draft.inputs.amount = amount;
      schedule();
    },
  });
  const amountError = h('p', { class: 'field-error', role: 'alert' });

  const header = h('fieldset', {},
    h('legend', {}, 'Header'),
    input('to', 'To', { placeholder: 'Honorable Mayor and Members of the Council' }),
    input('from', 'From', { placeholder: 'Name, title' }),
    input('date', 'Date', { type: 'date' }),
    input('agendaItem', 'Agenda item', { placeholder: 'Consent item 7.B' }),
    input('subject', 'Subject', { hint: 'Leave empty for “Purchase of … through … contract …”.' }));

  const money = h('fieldset', {},
    h('legend', {}, 'Amount and budget'),
    field('memo-amount', 'Amount to approve (not to exceed)', amountInput, 'Prefilled with the option’s total over the comparison’s years.'),
    amountError,
    input('fiscalYear', 'Fiscal years', { hint: 'The years the amount covers, as the motion says them.' }),
    input('budgetAccount', 'Budget account'),
    input('fundingSource', 'Funding source', { placeholder: 'General Fund' }),
    input('authorizedSigner', 'Who signs', { placeholder: 'the City Manager' }));

  const sections = h('fieldset', { class: 'sections' },
    h('legend', {}, 'Sections'),
    h('p', { class: 'hint' }, 'Each section is written from the library and the comparison; rewrite any of it. Separate paragraphs with a blank line; write a lettered list as “a. …”, a bulleted one as “- …”. Tables and the chart always show the current figures of the memo.'),
    view.sections.map((s) => {
      const id = `memo-section-${s.section}`;
      const area = h('textarea', {
        id,
        rows: Math.min(18, Math.max(4, Math.ceil(s.text.length / 56) + s.text.split('\n').length)),
        oninput: () => {
          draft.sections[s.section] = area.value;
          schedule();
        },
      });
      area.value = s.text;
      const badge = h('span', { class: 'badge' }, 'Edited');
      const reset = h('button', {
        type: 'button',
        class: 'link',
        onclick: () => {
          const current = view.sections.find((x) => x.section === s.section);
          area.value = current ? current.composed : s.composed;
          delete draft.sections[s.section];
          schedule();
        },
      }, 'Use the composed text');
      sectionFields.set(s.section, { area, badge, reset });
      return h('div', { class: 'field section-field', 'data-field': s.section },
        h('div', { class: 'section-label' }, h('label', { for: id }, s.heading), badge, reset),
        area);
    }));

  const signers = h('fieldset', {},
    h('legend', {}, 'Approval lines'),
    draft.inputs.signers.map((signer, index) => h('div', { class: 'signer-row' },
      ['role', 'name', 'title'].map((part) => {
        const key = /** @type {'role' | 'name' | 'title'} */ (part);
        const el = h('input', {
          'aria-label': `Approval line ${index + 1}: ${key}`,
          placeholder: key === 'role' ? 'Prepared by' : key === 'name' ? 'Name' : 'Title',
          value: signer[key],
          oninput: () => {
            draft.inputs.signers[index][key] = el.value;
            schedule();
          },
        });
        return el;
      }))));

  const back = h('button', { type: 'button', onclick: async () => { await flush(); await showList(main); } }, '← Memos');
  const save = h('button', { type: 'button', class: 'primary', onclick: () => savePdf(null) }, 'Save PDF…');
  const print = h('button', { type: 'button', onclick: openToPrint }, 'Open to print');
  const word = h('button', { type: 'button', onclick: saveDocx }, 'Save as Word…');

  replace(main,
    h('div', { class: 'memo-toolbar' }, back, h('div', { class: 'spacer' }), saveState, word, print, save),
    h('h1', {}, 'Memo'),
    versionLine,
    changes,
    h('div', { class: 'memo-editor' },
      h('form', { class: 'memo-form', novalidate: true, onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
        header, money, sections, signers, versionsBox),
      h('section', { class: 'memo-preview-pane', 'aria-label': 'Preview' },
        h('p', { class: 'hint' }, `As it prints on ${view.draft.inputs.date ? formatDate(view.draft.inputs.date) : 'the memo’s date'}: the same document the PDF is made from.`),
        preview)));
  refresh();
}
