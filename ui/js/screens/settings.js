// @ts-check
/** The Settings screen: the jurisdiction's facts that memos cite. */

import * as api from '../api.js';
import { confirmDialog, confirmInPlace } from '../confirm.js';
import { h, replace } from '../dom.js';
import { field } from '../field.js';
import { formatDateTime, formatSize, parseAmount, shiftDecimal } from '../format.js';
import { setLeaveGuard } from '../leave.js';
import { remindersSection } from './settings/reminders.js';
import { showSharedLibrary } from './settings/shared-library.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** @type {[api.Paper, string][]} */
const PAPERS = [['letter', 'US Letter (8.5 × 11 in)'], ['legal', 'US Legal (8.5 × 14 in)'], ['a4', 'A4']];

const ENTITY_TYPES = ['City', 'Town', 'Village', 'County', 'School district', 'Special district',
  'Water district', 'State agency', 'Tribal government', 'Non-profit'];

/** @param {HTMLElement} main */
export async function show(main) {
  const current = await api.getSettings();
  const status = h('span', { role: 'status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save settings');

  const signerRows = h('div', { class: 'signer-rows', role: 'group', 'aria-labelledby': 'signers-label' },
    [0, 1, 2].map((index) => {
      const signer = current.signers[index] ?? { role: '', name: '', title: '' };
      return h('div', { class: 'signer-row', 'data-field': `signers.${index}.role` },
        h('input', { name: `signer-role-${index}`, 'aria-label': `Approval line ${index + 1}: role`, placeholder: 'Prepared by', value: signer.role }),
        h('input', { name: `signer-name-${index}`, 'aria-label': `Approval line ${index + 1}: name`, placeholder: 'Name', value: signer.name }),
        h('input', { name: `signer-title-${index}`, 'aria-label': `Approval line ${index + 1}: title`, placeholder: 'Title', value: signer.title }));
    }));

  const form = h('form', { class: 'settings', novalidate: true },
    field('jurisdictionName', 'Jurisdiction name',
      h('input', { id: 'jurisdictionName', name: 'jurisdictionName', value: current.jurisdictionName, autocomplete: 'organization' }),
      'As it appears on memos, e.g. “Town of Millbrook”.'),
    field('state', 'State',
      h('input', { id: 'state', name: 'state', value: current.state, maxlength: 2, size: 3 }),
      'Two-letter code, e.g. NM. Used to check where a contract may be used.'),
    field('entityType', 'Type of entity',
      h('select', { id: 'entityType', name: 'entityType' },
        h('option', { value: '' }, 'Choose…'),
        ENTITY_TYPES.map((t) => h('option', { value: t, selected: t === current.entityType }, t))),
      'Used to check a contract’s eligibility.'),
    field('legalAuthority', 'Legal authority for cooperative purchasing',
      h('textarea', { id: 'legalAuthority', name: 'legalAuthority' }, current.legalAuthority),
      'The statute or ordinance your memos cite, e.g. “NMSA 1978, § 13-1-135”.'),
    field('fiscalYearStartMonth', 'Fiscal year starts in',
      h('select', { id: 'fiscalYearStartMonth', name: 'fiscalYearStartMonth' },
        MONTHS.map((m, i) => h('option', { value: i + 1, selected: i + 1 === current.fiscalYearStartMonth }, m)))),
    policyRateFields(current),
    h('h2', {}, 'Approved cooperatives'),
    field('approvedCooperatives', 'Cooperatives approved as sources',
      h('textarea', { id: 'approvedCooperatives', name: 'approvedCooperatives', rows: 4 },
        current.approvedCooperatives.join('\n')),
      'One per line, named as the library names them (case is ignored). Their contracts are listed first in search and can be shown alone; a memo citing another cooperative’s contract says it is not on this list. Leave empty to keep no list.'),
    h('h2', {}, 'Council action'),
    field('changeOrderThreshold.percent', 'Change orders need council action above (percent of the PO)',
      h('input', { id: 'changeOrderThreshold.percent', name: 'changeOrderPercent', inputmode: 'decimal', size: 6,
        value: current.changeOrderThreshold.percent ?? '' }),
      'e.g. 10. Change orders that together raise a purchase order by more than this share of its original amount are flagged for new council action. Leave empty for no percentage.'),
    field('changeOrderThreshold.amount', 'Change orders need council action above (dollars)',
      h('input', { id: 'changeOrderThreshold.amount', name: 'changeOrderAmount', inputmode: 'decimal', size: 12,
        value: current.changeOrderThreshold.amount ?? '' }),
      'e.g. 25,000.00. Flagged when change orders together raise a purchase order by more than this. Leave empty for no amount.'),
    field('councilActionThreshold', 'Purchases need council action above (dollars)',
      h('input', { id: 'councilActionThreshold', name: 'councilActionThreshold', inputmode: 'decimal', size: 12,
        value: current.councilActionThreshold ?? '' }),
      'e.g. 50,000.00. A purchase order recorded with no council action on file for more than this is flagged “No council action on file” and needs a reason. Leave empty to flag none.'),
    h('h2', {}, 'Memos'),
    field('memoTo', 'Memos are addressed to',
      h('input', { id: 'memoTo', name: 'memoTo', value: current.memoTo }),
      'e.g. “Honorable Mayor and Members of the Town Council”.'),
    field('authorizedSigner', 'Who signs purchases',
      h('input', { id: 'authorizedSigner', name: 'authorizedSigner', value: current.authorizedSigner }),
      'Named in the motion, e.g. “the Town Manager”.'),
    h('div', { class: 'field', 'data-field': 'signers' },
      h('span', { class: 'label', id: 'signers-label' }, 'Approval lines'),
      h('p', { class: 'hint' }, 'New memos start with these. The first line’s name and title are the memo’s “From”.'),
      signerRows),
    field('paper', 'Paper',
      h('select', { id: 'paper', name: 'paper' },
        PAPERS.map(([value, label]) => h('option', { value, selected: value === current.paper }, label)))),
    logoField(current),
    h('div', { class: 'actions' }, save, status),
  );

  // Leaving with edits not saved asks first, as the comparison editor does.
  let unsaved = false;
  const edited = () => {
    unsaved = true;
    if (status.className === 'saved') { status.textContent = ''; status.className = ''; }
  };
  form.addEventListener('input', edited);
  form.addEventListener('change', edited);
  setLeaveGuard(async () => {
    if (!form.isConnected || !unsaved) return true;
    return confirmDialog('Leave without saving?',
      'The changes to the settings since they were last saved will be lost.', 'Leave without saving');
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    const policyRate = readPolicyRate(String(data.get('policyDiscountRate') ?? ''));
    if (policyRate.problem) {
      showErrors(form, { code: 'invalid', message: policyRate.problem, fields: [{ field: 'policyDiscountRate', label: 'Policy discount rate', message: policyRate.problem }] });
      return;
    }
    status.textContent = 'Saving…';
    save.disabled = true;
    const percent = thresholdPart(form, data, 'changeOrderPercent', 'changeOrderThreshold.percent');
    const amount = thresholdPart(form, data, 'changeOrderAmount', 'changeOrderThreshold.amount');
    const council = thresholdPart(form, data, 'councilActionThreshold', 'councilActionThreshold');
    if (percent === undefined || amount === undefined || council === undefined) {
      status.textContent = '';
      save.disabled = false;
      return;
    }
    try {
      await api.saveSettings({
        jurisdictionName: String(data.get('jurisdictionName') ?? ''),
        state: String(data.get('state') ?? ''),
        entityType: String(data.get('entityType') ?? ''),
        legalAuthority: String(data.get('legalAuthority') ?? ''),
        fiscalYearStartMonth: Number(data.get('fiscalYearStartMonth')),
        memoTo: String(data.get('memoTo') ?? ''),
        authorizedSigner: String(data.get('authorizedSigner') ?? ''),
        signers: [0, 1, 2].map((index) => ({
          role: String(data.get(`signer-role-${index}`) ?? ''),
          name: String(data.get(`signer-name-${index}`) ?? ''),
          title: String(data.get(`signer-title-${index}`) ?? ''),
        })),
        paper: /** @type {api.Paper} */ (String(data.get('paper') ?? 'letter')),
        approvedCooperatives: String(data.get('approvedCooperatives') ?? '')
          .split('\n').map((line) => line.trim()).filter(Boolean),
        policyDiscountRate: policyRate.fraction,
        policyDiscountSource: String(data.get('policyDiscountSource') ?? ''),
        changeOrderThreshold: { percent, amount },
        councilActionThreshold: council,
      });
      status.textContent = 'Saved.';
      status.className = 'saved';
      unsaved = false;
      document.dispatchEvent(new CustomEvent('coopdesk:changed'));
    } catch (error) {
      status.textContent = '';
      showErrors(form, api.toAppError(error));
    } finally {
      save.disabled = false;
    }
  });

  const backups = h('section', { class: 'backups', 'aria-labelledby': 'backups-heading' });
  const sharedLibrary = h('section', { class: 'shared-library', 'aria-labelledby': 'shared-library-heading' });
  replace(main,
    h('h1', {}, 'Settings'),
    h('p', { class: 'lede' }, 'Your jurisdiction’s details. Memos use them in their header, legal citation and approval lines.'),
    form,
    remindersSection(),
    backups,
    sharedLibrary);
  await Promise.all([showBackups(backups), showSharedLibrary(sharedLibrary)]);
}

/**
 * The discount rate the jurisdiction's finance policy names, with where it comes from: a
 * new comparison starts with it, and the comparison editor offers it first.
 * @param {api.Settings} current
 */
function policyRateFields(current) {
  const rate = current.policyDiscountRate === null ? '' : shiftDecimal(current.policyDiscountRate, 2) ?? '';
  return h('div', {},
    h('h2', {}, 'Discount rate'),
    h('p', { class: 'hint' }, 'If your finance policy names the rate to discount future costs at, enter it here: comparisons start with it and cite its source. Leave it empty to use OMB Circular A-94’s rates.'),
    h('div', { class: 'field-row' },
      field('policyDiscountRate', 'Policy discount rate (% a year)',
        h('input', { id: 'policyDiscountRate', name: 'policyDiscountRate', value: rate, inputmode: 'decimal', class: 'short' }),
        'e.g. 3.5'),
      field('policyDiscountSource', 'Where the rate comes from',
        h('input', { id: 'policyDiscountSource', name: 'policyDiscountSource', value: current.policyDiscountSource }),
        'Cited in memos, e.g. “Finance policy FP-12”.')));
}

/**
 * The policy rate box as a fraction (empty: no policy rate), or what to type instead.
 * @param {string} text  percent a year, as typed
 * @returns {{fraction: string | null, problem?: string}}
 */
function readPolicyRate(text) {
  const plain = text.trim().replace(/%$/, '').trim();
  if (plain === '') return { fraction: null };
  const fraction = shiftDecimal(plain, -2);
  return fraction === null
    ? { fraction: null, problem: `${text.trim()} is not a rate. Enter it as a percent a year, e.g. 3.5, or leave it empty.` }
    : { fraction };
}

/**
 * The logo memos print in their header: what is set now, its alternative text, and
 * buttons to choose another (the system dialog) or remove it. Kept apart from "Save".
 * @param {api.Settings} current
 */
function logoField(current) {
  // Announced as it changes, but not a second role=status in the form (the form's own
  // status says whether the settings were saved).
  const status = h('p', { 'aria-live': 'polite', class: 'logo-status' });
  const preview = h('div', { class: 'logo-preview' });
  const alt = h('input', {
    id: 'logoAlt', name: 'logoAlt', value: current.logo?.alt ?? '',
    placeholder: 'e.g. Seal of the Town of Millbrook',
  });
  /** @param {api.Logo | undefined} logo */
  function show(logo) {
    replace(preview, logo
      ? h('img', { src: `data:image/${logo.format};base64,${logo.data}`, alt: logo.alt || 'The logo', height: 44 })
      : h('p', { class: 'hint' }, 'No logo: memos print the jurisdiction’s name only.'));
    remove.disabled = !logo;
  }
  const choose = h('button', {
    type: 'button',
    onclick: async () => {
      status.textContent = 'Choose a PNG or JPEG image…';
      try {
        const settings = await api.chooseLogo(String(alt.value));
        status.textContent = settings ? 'Memos will print this logo.' : 'No logo chosen.';
        if (settings) show(settings.logo);
      } catch (error) {
        status.textContent = api.toAppError(error).message;
      }
    },
  }, 'Choose logo…');
  const remove = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        show((await api.removeLogo()).logo);
        status.textContent = 'Memos will print no logo.';
      } catch (error) {
        status.textContent = api.toAppError(error).message;
      }
    },
  }, 'Remove logo');
  show(current.logo);
  return h('div', { class: 'field', 'data-field': 'logo' },
    h('span', { class: 'label' }, 'Logo'),
    h('p', { class: 'hint' }, 'Printed at the top right of memos. A PNG or JPEG under 512 KB. Describe it first: the description is read aloud to those who cannot see it.'),
    h('label', { for: 'logoAlt' }, 'What the logo shows'),
    alt, preview, h('div', { class: 'actions' }, choose, remove), status);
}

const BACKUP_KINDS = {
  daily: 'Daily',
  beforeMigration: 'Before an upgrade',
  beforeImport: 'Before an import',
  beforeRestore: 'Before a restore',
  manual: 'Made by you',
};

/**
 * The backups: CoopDesk makes them by itself; the clerk can make one, copy one to a
 * USB stick, and go back to one.
 * @param {HTMLElement} section
 * @param {string} [notice]
 */
async function showBackups(section, notice) {
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'backup-status' }, notice ?? '');
  /** @type {api.BackupInfo[]} */
  let list = [];
  try {
    list = await api.listBackups();
  } catch (error) {
    status.textContent = api.toAppError(error).message;
  }

  /**
   * Runs a backup action, then redraws the list with what it says.
   * @param {() => Promise<string | null>} action  resolves to the sentence to show
   */
  const run = async (action) => {
    status.textContent = 'Working…';
    try {
      const said = await action();
      await showBackups(section, said ?? '');
    } catch (error) {
      status.textContent = api.toAppError(error).message;
    }
  };

  /** @param {api.BackupInfo} backup */
  const restoreButton = (backup) => h('button', {
    type: 'button',
    class: 'link',
    onclick: (/** @type {Event} */ event) => {
      const cell = /** @type {HTMLElement} */ (event.currentTarget).parentElement;
      if (!cell) return;
      replace(cell, confirmInPlace('Confirm restore',
        `Replace the library with the backup of ${formatDateTime(backup.takenAt)}? Everything changed since then is set aside: the library as it is now is backed up first, so this can be undone.`,
        h('button', {
          type: 'button',
          class: 'danger',
          onclick: () => run(async () => {
            const report = await api.restoreBackup(backup.fileName);
            document.dispatchEvent(new CustomEvent('coopdesk:changed'));
            return `Restored the backup of ${formatDateTime(backup.takenAt)}.${report.safetyBackup ? ` The library as it was is kept as the backup of ${formatDateTime(report.safetyBackup.takenAt)}.` : ''}`;
          }),
        }, 'Restore this backup'),
        h('button', { type: 'button', onclick: () => showBackups(section) }, 'Cancel')));
    },
  }, 'Restore…');

  replace(section,
    h('h2', { id: 'backups-heading' }, 'Backups'),
    h('p', { class: 'hint' }, 'CoopDesk backs up the library and its documents by itself: once a day when it opens, before an upgrade, before an import and before a restore. It keeps the last 7 daily backups and 5 of each other kind.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => run(async () => `Backed up (${formatSize((await api.backUpNow()).sizeBytes)}).`) }, 'Back up now'),
      h('button', {
        type: 'button',
        onclick: () => run(async () => {
          const info = await api.backUpTo();
          return info ? `Saved a backup of ${formatSize(info.sizeBytes)} where you chose.` : 'Not saved.';
        }),
      }, 'Back up to…'),
      h('button', {
        type: 'button',
        onclick: () => run(async () => {
          const report = await api.restoreBackupFile();
          if (!report) return 'Nothing restored.';
          document.dispatchEvent(new CustomEvent('coopdesk:changed'));
          return `Restored ${report.restoredFrom}.`;
        }),
      }, 'Restore from a file…')),
    status,
    list.length === 0
      ? h('p', { class: 'muted' }, 'No backup yet.')
      : h('table', { class: 'small-table backup-list' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Taken'),
          h('th', { scope: 'col' }, 'Why'),
          h('th', { scope: 'col', class: 'money' }, 'Size'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Restore')))),
        h('tbody', {}, list.map((backup) => h('tr', {},
          h('td', {}, formatDateTime(backup.takenAt)),
          h('td', {}, BACKUP_KINDS[backup.kind] ?? backup.kind),
          h('td', { class: 'money' }, formatSize(backup.sizeBytes)),
          h('td', {}, restoreButton(backup)))))));
}

/** @param {HTMLFormElement} form */
function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('.has-error')) el.classList.remove('has-error');
}

/**
 * One part of the change-order threshold as typed: null when empty, the exact decimal
 * when it reads as a number, else `undefined` after saying so beside the field.
 * @param {HTMLFormElement} form
 * @param {FormData} data
 * @param {string} name  the input's name
 * @param {string} wire  the field's wire name (where its error goes)
 * @returns {string | null | undefined}
 */
function thresholdPart(form, data, name, wire) {
  const typed = String(data.get(name) ?? '').replace('%', '').trim();
  if (typed === '') return null;
  const value = parseAmount(typed);
  if (value !== null) return value;
  showErrors(form, { code: 'invalid', message: '', fields: [{ field: wire, label: '', message: `“${typed}” is not a number; enter digits such as 10 or 25000.00.` }] });
  return undefined;
}

/**
 * Shows each field's message beside its field (the core names fields by their wire
 * names), and any other error beside the Save button. Focus goes to the first field.
 * @param {HTMLFormElement} form
 * @param {api.AppError} error
 */
function showErrors(form, error) {
  const fields = error.fields ?? [];
  /** @type {{container: Element | null, text: string}[]} */
  const places = fields.length > 0
    ? fields.map((f) => ({ container: form.querySelector(`[data-field="${f.field}"]`), text: f.message }))
    : [{ container: null, text: error.message }];
  for (const { container, text } of places) {
    const target = container ?? form.querySelector('.actions');
    if (!target) continue;
    target.classList.add('has-error');
    target.appendChild(h('p', { class: 'field-error', role: 'alert' }, text));
  }
  const first = fields.length > 0
    ? form.querySelector(`[data-field="${CSS.escape(fields[0].field)}"] input, [data-field="${CSS.escape(fields[0].field)}"] select, [data-field="${CSS.escape(fields[0].field)}"] textarea`)
    : null;
  if (first instanceof HTMLElement) first.focus();
}
