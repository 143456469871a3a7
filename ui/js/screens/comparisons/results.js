// @ts-check
/**
 * The comparison editor's results, beside the form: which option is cheapest and when it
 * pays off, the chart and the year-by-year table. Every figure is the core's; nothing is
 * computed here.
 */

import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { formatMoney } from '../../format.js';
import { TERMS, breakEvenWords, headline as headlineOf } from './summary.js';

/**
 * What the results are drawn with, from the editor.
 * @typedef {object} ResultsView
 * @property {api.CategoryChoice[]} categories
 * @property {api.ChartBasis} basis  what the chart shows
 * @property {(basis: api.ChartBasis) => Promise<void>} chooseBasis  recalculates on another basis
 */

/**
 * Draws the core's answer in `results`, or the problem that keeps it from one.
 * @param {HTMLElement} results
 * @param {api.Calculation | null} answer
 * @param {string | null} problem
 * @param {ResultsView} view
 */
export function renderResults(results, answer, problem, view) {
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
    chartFigure(results, answer.chartSvg, view),
    yearTable(answer.results, view.categories));
}

/**
 * Which option is cheapest, by how much, and when it pays off; then every option.
 * @param {api.ComparisonResults} r
 */
function summary(r) {
  const baseline = r.options[0];
  const best = r.options[r.ranking[0]];
  /** @param {api.BreakEven | null} b */
  const breakEven = (b) => breakEvenWords(r, b);
  const said = headlineOf(r);
  const headline = said.kind === 'cheaper'
    ? h('p', { class: 'headline' },
      h('strong', {}, best.name), ` is the cheapest in present value: ${formatMoney(best.presentValue)}, `,
      h('strong', {}, `${formatMoney(best.pvSavings)} less`), ` than “${baseline.name}”. `,
      `It breaks even in ${breakEven(best.breakEvenPv)} in present value, ${breakEven(best.breakEvenNominal)} in dollars spent.`)
    : h('p', { class: 'headline' }, said.text);
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
        h('td', {}, o.isBaseline ? '—' : breakEven(o.breakEvenPv)))))),
    h('details', { class: 'terms' },
      h('summary', {}, 'What do these figures mean?'),
      h('dl', { class: 'hint' }, TERMS.flatMap(([term, words]) => [h('dt', {}, term), h('dd', {}, words)]))));
}

/**
 * The core's chart. It is the one markup the UI inserts: drawn by the core from the
 * figures with every text escaped there, parsed as SVG (scripts in an SVG document
 * parsed this way never run) and imported as a node — never through innerHTML.
 * @param {HTMLElement} results
 * @param {string} svg
 * @param {ResultsView} view
 */
function chartFigure(results, svg, view) {
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = parsed.documentElement;
  const ok = root.nodeName === 'svg' && !parsed.querySelector('parsererror');
  const picker = h('div', { class: 'basis', role: 'radiogroup', 'aria-label': 'Chart shows' },
    /** @type {const} */ ([['presentValue', 'Present value'], ['nominal', 'Dollars spent']]).map(([value, label]) =>
      h('label', {},
        h('input', {
          type: 'radio', name: 'basis', value, checked: view.basis === value,
          onchange: async () => {
            await view.chooseBasis(value);
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
 * @param {api.CategoryChoice[]} categories
 */
function yearTable(r, categories) {
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
