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

/**
 * Focuses an element after the DOM it lives in was rebuilt.
 * @param {string} selector
 */
export function focusLater(selector) {
  requestAnimationFrame(() => {
    const el = document.querySelector(selector);
    if (el instanceof HTMLElement) el.focus();
  });
}

/** What the core's memo preview may contain: structure and drawing, nothing active. */
const CORE_ELEMENTS = new Set(['article', 'header', 'section', 'div', 'span', 'p', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'dl', 'dt', 'dd', 'ol', 'ul', 'li', 'table', 'caption', 'thead',
  'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption', 'strong', 'em', 'br', 'hr',
  'svg', 'g', 'title', 'desc', 'path', 'line', 'polyline', 'polygon', 'rect', 'circle', 'text', 'tspan', 'img']);

/** The only image source the preview keeps: the logo, embedded by the core as data. */
const LOGO_SOURCE = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/;

/**
 * Turns markup the core rendered (the memo preview) into nodes. The core escapes every
 * text it puts in; as a second fence the markup is parsed inertly (no script runs in a
 * parsed document) and only plain structural elements survive, without any `on…`
 * handler, link or source attribute. Never through innerHTML.
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function coreMarkup(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const fragment = document.createDocumentFragment();
  for (const node of Array.from(parsed.body.childNodes)) {
    const clean = cleanNode(node);
    if (clean) fragment.appendChild(clean);
  }
  return fragment;
}

/**
 * @param {Node} node
 * @returns {Node | null}
 */
function cleanNode(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent ?? '');
  if (!(node instanceof Element)) return null;
  const name = node.localName.toLowerCase();
  if (!CORE_ELEMENTS.has(name)) return document.createTextNode(node.textContent ?? '');
  const svg = node.namespaceURI === 'http://www.w3.org/2000/svg';
  const copy = svg ? document.createElementNS('http://www.w3.org/2000/svg', node.localName) : document.createElement(name);
  for (const attribute of Array.from(node.attributes)) {
    const attr = attribute.name.toLowerCase();
    if (name === 'img' && attr === 'src' && LOGO_SOURCE.test(attribute.value)) {
      copy.setAttribute('src', attribute.value);
      continue;
    }
    if (attr.startsWith('on') || attr.includes('href') || attr === 'src' || attr === 'style' || attr === 'xmlns') continue;
    copy.setAttribute(attribute.name, attribute.value);
  }
  for (const child of Array.from(node.childNodes)) {
    const clean = cleanNode(child);
    if (clean) copy.appendChild(clean);
  }
  return copy;
}
