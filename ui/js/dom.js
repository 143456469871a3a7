// @ts-check
/**
 * Building DOM nodes without markup strings.
 *
 * Contract text comes from imported files and peers: it is data, never markup. Every
 * piece of text reaches the page through `textContent` (via `h`), so a title like
 * `<img src=x onerror=alert(1)>` shows as those characters. Nothing in the UI assigns
 * HTML strings.
 */

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 */

/**
 * Creates an element with attributes and children. Strings become text nodes.
 * Attributes starting with `on` are event listeners; `class` and `data-*` are set as is.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * Appends children (text or nodes, nested arrays flattened) to a parent.
 * @param {Node} parent
 * @param {(Child | Child[])[]} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces everything inside `parent` with `children`.
 * @param {Node} parent
 * @param {...(Child | Child[])} children
 */
export function replace(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}
