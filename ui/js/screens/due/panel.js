// @ts-check
/**
 * The Needs-action list above the Library: each line what, by when and the one click
 * that deals with it, with Snooze and Dismiss; "Export to calendar"; and the count on the
 * Library's button in the sidebar. The core sends the counts and the first page of lines;
 * "Show more" asks for the next. State in `state.js`; this file draws it and asks the
 * core (`api.js`).
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { startWith } from '../../intent.js';
import * as change from './state.js';

/**
 * What the list's buttons lead to outside it.
 * @typedef {object} DueLinks
 * @property {(contractId: number) => void} openContract  shows the contract in the Library
 */

/**
 * The panel as it runs.
 * @typedef {object} Panel
 * @property {HTMLElement} box
 * @property {change.DueState} state
 * @property {DueLinks} links
 * @property {string} today
 */

/** Today, YYYY-MM-DD, on the clerk's clock. */
function localToday() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/**
 * Fills `box` with the list, asked of the core now.
 * @param {HTMLElement} box
 * @param {DueLinks} links
 */
export async function showDue(box, links) {
  /** @type {Panel} */
  const panel = { box, state: change.newDueState(), links, today: localToday() };
  try {
    const [list, kept] = await Promise.all([api.listDue(change.nextPage(panel.state)), api.calendarFile()]);
    change.received(panel.state, list);
    change.keptCalendarFile(panel.state, kept);
  } catch (error) {
    change.failed(panel.state, api.toAppError(error).message);
  }
  render(panel);
}

/**
 * The sidebar's count on the Library button: hidden when nothing needs action.
 * @param {number} count
 */
function renderSidebarCount(count) {
  const button = document.querySelector('.sidebar button[data-screen="library"]');
  if (!(button instanceof HTMLElement)) return;
  let badge = button.querySelector('.due-count');
  if (!badge) {
    badge = h('span', { class: 'due-count' });
    button.append(badge);
  }
  replace(/** @type {HTMLElement} */ (badge), count > 0
    ? [h('span', { 'aria-hidden': 'true' }, String(count)), h('span', { class: 'visually-hidden' }, `, ${count} need action`)]
    : []);
}

/** @param {Panel} panel */
function render(panel) {
  const { state } = panel;
  renderSidebarCount(change.count(state));
  const heading = h('h2', { id: 'due-heading' }, `Needs action (${change.count(state)})`);
  const exportButton = h('span', { class: 'due-calendar' },
    h('button', { type: 'button', id: 'due-export', onclick: () => exportCalendar(panel) }, 'Export to calendar…'),
    state.calendarFile === null ? null : h('button', {
      type: 'button', id: 'due-update', title: `Writes ${state.calendarFile} again`,
      'aria-describedby': 'due-kept-file', onclick: () => updateCalendar(panel),
    }, 'Update calendar file'),
    state.calendarFile === null ? null : h('span', { class: 'visually-hidden', id: 'due-kept-file' }, `Writes ${state.calendarFile} again, without asking where.`));
  const said = h('p', { class: 'due-said', role: 'status', 'aria-live': 'polite' }, state.said ?? '');
  if (state.problem) {
    replace(panel.box, h('div', { class: 'due-head' }, heading), h('p', { role: 'alert' }, state.problem));
    return;
  }
  const items = state.list?.items ?? [];
  const total = change.count(state);
  const snoozed = state.list?.snoozed.length ?? 0;
  const footnote = [
    snoozed > 0 ? `${snoozed} snoozed` : '',
    (state.list?.dismissed ?? 0) > 0 ? `${state.list?.dismissed} dismissed` : '',
  ].filter(Boolean).join(' · ');
  // Nothing due: one quiet line, so that the Library's rows keep the screen.
  panel.box.classList.toggle('is-empty', total === 0);
  if (total === 0) {
    replace(panel.box,
      h('div', { class: 'due-head' },
        heading,
        h('p', { class: 'hint' }, 'Nothing needs action: no renewal decision, term, authority or certificate is due.', footnote ? ` (${footnote})` : ''),
        exportButton),
      said);
    return;
  }
  const makeUp = change.makeUp(state);
  const notShown = change.notShown(state);
  replace(panel.box,
    h('div', { class: 'due-head' }, heading, exportButton),
    makeUp ? h('p', { class: 'hint due-make-up' }, makeUp) : null,
    h('ul', { class: 'due-items', 'aria-labelledby': 'due-heading' }, items.map((item) => line(panel, item))),
    notShown > 0 ? h('p', { class: 'due-more' },
      h('button', { type: 'button', id: 'due-more', onclick: () => showMore(panel) },
        `Show ${Math.min(change.PAGE, notShown).toLocaleString()} more`),
      ` ${items.length.toLocaleString()} of ${total.toLocaleString()} shown`) : null,
    footnote ? h('p', { class: 'hint' }, footnote) : null,
    said);
}

/**
 * "Show more": the next page of lines, added below; the keyboard goes to the first new
 * line's action.
 * @param {Panel} panel
 */
async function showMore(panel) {
  const shown = panel.state.list?.items.length ?? 0;
  try {
    change.more(panel.state, await api.listDue(change.nextPage(panel.state)));
  } catch (error) {
    panel.state.said = api.toAppError(error).message;
  }
  render(panel);
  const next = panel.box.querySelectorAll('.due-items > li')[shown]?.querySelector('button');
  if (next instanceof HTMLElement) next.focus();
}

/**
 * One item: what, by when, its action, Snooze and Dismiss (or the open form).
 * @param {Panel} panel
 * @param {api.DueItem} item
 */
function line(panel, item) {
  const acting = panel.state.acting?.key === item.key ? panel.state.acting : null;
  return h('li', { class: 'due-item' },
    h('span', { class: 'due-by' }, change.byWhen(item, panel.today)),
    h('span', { class: 'due-what' }, item.what),
    h('span', { class: 'due-actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => follow(panel, item) }, item.action),
      h('button', { type: 'button', class: 'quiet', 'aria-expanded': String(acting?.mode === 'snooze'), onclick: () => { change.startSnooze(panel.state, item.key, panel.today); render(panel); focusForm(panel); } }, 'Snooze'),
      h('button', { type: 'button', class: 'quiet', 'aria-expanded': String(acting?.mode === 'dismiss'), onclick: () => { change.startDismiss(panel.state, item.key); render(panel); focusForm(panel); } }, 'Dismiss')),
    acting ? form(panel, acting) : null);
}

/**
 * The small form of a snooze (the day) or a dismissal (the reason).
 * @param {Panel} panel
 * @param {change.Acting} acting
 */
function form(panel, acting) {
  const snooze = acting.mode === 'snooze';
  const input = h('input', {
    id: 'due-form-input', type: snooze ? 'date' : 'text', value: acting.value,
    'aria-describedby': acting.problem ? 'due-form-problem' : null,
    'aria-invalid': acting.problem ? 'true' : null,
    oninput: (/** @type {Event} */ e) => change.typed(panel.state, /** @type {HTMLInputElement} */ (e.target).value),
  });
  return h('form', {
    class: 'due-form',
    onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); setAside(panel); },
    onkeydown: (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Escape') { change.cancel(panel.state); render(panel); } },
  },
  h('label', { for: 'due-form-input' }, snooze ? 'Show again on' : 'Why no action is needed'),
  input,
  h('button', { type: 'submit' }, snooze ? 'Snooze' : 'Dismiss'),
  h('button', { type: 'button', class: 'quiet', onclick: () => { change.cancel(panel.state); render(panel); } }, 'Cancel'),
  acting.problem ? h('p', { id: 'due-form-problem', class: 'field-error', role: 'alert' }, acting.problem) : null);
}

/** @param {Panel} panel */
function focusForm(panel) {
  const input = panel.box.querySelector('#due-form-input');
  if (input instanceof HTMLElement) input.focus();
}

/** @param {Panel} panel */
async function setAside(panel) {
  const acting = panel.state.acting;
  if (!acting) return;
  try {
    const page = change.shownPage(panel.state);
    const list = acting.mode === 'snooze'
      ? await api.snoozeDueItem(acting.key, acting.value, page)
      : await api.dismissDueItem(acting.key, acting.value, page);
    change.done(panel.state, list);
    render(panel);
    const heading = panel.box.querySelector('#due-heading');
    if (heading instanceof HTMLElement) { heading.tabIndex = -1; heading.focus(); }
  } catch (error) {
    change.refused(panel.state, api.toAppError(error).message);
    render(panel);
    focusForm(panel);
  }
}

/**
 * The item's one click: its contract in the Library, or its council action in Spending.
 * @param {Panel} panel
 * @param {api.DueItem} item
 */
function follow(panel, item) {
  const target = item.target;
  if (target.to === 'approval') startWith({ screen: 'spending', approvalId: target.id });
  else if (target.to === 'contract') panel.links.openContract(target.id);
  else document.dispatchEvent(new CustomEvent('coopdesk:open', { detail: 'spending' }));
}

/**
 * "Export to calendar…": asks where, writes the file, and keeps it for "Update calendar
 * file".
 * @param {Panel} panel
 */
async function exportCalendar(panel) {
  try {
    const report = await api.exportCalendar();
    if (report) {
      change.keptCalendarFile(panel.state, await api.calendarFile());
      change.calendarWritten(panel.state, report, 'exported');
    }
  } catch (error) {
    panel.state.said = api.toAppError(error).message;
  }
  render(panel);
}

/**
 * "Update calendar file": writes the kept file again, unasked; the keyboard stays on the
 * button.
 * @param {Panel} panel
 */
async function updateCalendar(panel) {
  try {
    change.calendarWritten(panel.state, await api.updateCalendarFile(), 'updated');
  } catch (error) {
    panel.state.said = `Not updated: ${api.toAppError(error).message}`;
  }
  render(panel);
  const button = panel.box.querySelector('#due-update');
  if (button instanceof HTMLElement) button.focus();
}
