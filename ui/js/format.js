// @ts-check
/** Formatting for the screen: dates in the clerk's locale; files and IPC keep ISO. */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * An ISO date (`2026-01-31`) in the clerk's locale, or an em dash when absent.
 * Parsed as UTC so the calendar day never shifts with the time zone.
 * @param {string | null | undefined} iso
 */
export function formatDate(iso) {
  if (!iso) return '—';
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** @type {Record<import('./api.js').Status, string>} */
const STATUS_WORDS = {
  active: 'Active',
  expiring: 'Expiring',
  expired: 'Expired',
  expiredMayBeExtended: 'Expired — may be extended',
  unknown: 'Expiry unknown',
};

/**
 * The status of an expired contract in words: "Expired on Jan 31, 2026", or for one that
 * may still be extended "Expired on Jan 31, 2026 — may be extended to Jan 31, 2028; verify
 * with the cooperative", or whose renewal words say neither how many nor how long
 * "Expired on Jan 31, 2026 — renewal terms unclear; verify with the cooperative". Empty for a contract that has not expired.
 * @param {import('./api.js').ContractSummary} row
 */
export function expiredSentence(row) {
  if (row.status === 'expired') return `Expired on ${formatDate(row.expiryDate)}`;
  if (row.status !== 'expiredMayBeExtended') return '';
  const until = row.mayBeExtendedTo
    ? `may be extended to ${formatDate(row.mayBeExtendedTo)}`
    : 'renewal terms unclear';
  return `Expired on ${formatDate(row.expiryDate)} — ${until}; verify with the cooperative`;
}

/**
 * The pill's words for a status, with the days left where they matter.
 * @param {import('./api.js').Status} status
 * @param {number | null} daysLeft
 */
export function statusLabel(status, daysLeft) {
  if (status === 'expiring' && daysLeft !== null) {
    return daysLeft === 0 ? 'Expires today' : `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
  }
  return STATUS_WORDS[status];
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * An ISO date and time as stored (`2026-01-31T14:05:00`, the clerk's local time) in the
 * clerk's locale. Read as UTC and shown as UTC so the stored wall-clock time is kept.
 * @param {string | null | undefined} iso
 */
export function formatDateTime(iso) {
  if (!iso) return '—';
  const date = new Date(`${iso}Z`);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/**
 * A file size in words a clerk reads (`12 KB`, `3.4 MB`).
 * @param {number} bytes
 */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * An exact decimal string (`"-1234.5"`) as dollars (`-$1,234.50`), never through a float:
 * the digits are split at the point and the whole dollars grouped by threes, so a
 * figure the core rounded to the cent prints exactly as the core has it.
 * @param {string} amount
 */
export function formatMoney(amount) {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole, fraction = ''] = match;
  const digits = (whole.replace(/^0+(?=\d)/, '') || '0');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fraction.length >= 2 ? fraction : fraction.padEnd(2, '0');
  const negative = sign === '-' && /[1-9]/.test(digits + cents);
  return `${negative ? '−' : ''}$${grouped}.${cents}`;
}

/**
 * Moves the decimal point of an exact decimal string by `places` (2 turns a fraction
 * into a percent, −2 a percent into a fraction) without floating point. Returns null
 * when `text` is not a plain decimal number.
 * @param {string} text
 * @param {number} places
 * @returns {string | null}
 */
export function shiftDecimal(text, places) {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const [, sign, whole, fraction = ''] = match;
  let digits = whole + fraction;
  let point = whole.length + places;
  if (point < 0) { digits = '0'.repeat(-point) + digits; point = 0; }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  let intPart = digits.slice(0, point).replace(/^0+/, '') || '0';
  const fracPart = digits.slice(point).replace(/0+$/, '');
  const isZero = !/[1-9]/.test(intPart + fracPart);
  return `${sign === '-' && !isZero ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}

/**
 * What the clerk typed as an amount (`$1,200.50`, `1200`, `-300`) as an exact decimal
 * string, or null when it is not an amount.
 * @param {string} text
 * @returns {string | null}
 */
export function parseAmount(text) {
  const cleaned = text.trim().replace(/[$,\s]/g, '').replace(/^−/, '-');
  if (cleaned === '') return null;
  return shiftDecimal(cleaned, 0);
}

/**
 * The renewal options as data: "2 options, 1 year each, 1 used"; "Not read from the words
 * — verify" when words are recorded that say neither how many nor how long.
 * @param {import('./api.js').Contract} c
 */
export function renewalData(c) {
  if (c.renewalCount === null) return c.renewalOptions.trim() ? 'Not read from the words — verify' : '';
  if (c.renewalCount === 0) return 'No renewal options';
  const each = c.renewalMonths === null ? 'length not recorded'
    : c.renewalMonths % 12 === 0 ? `${c.renewalMonths / 12} year${c.renewalMonths === 12 ? '' : 's'} each`
      : `${c.renewalMonths} month${c.renewalMonths === 1 ? '' : 's'} each`;
  const used = c.renewalsUsed ? `, ${c.renewalsUsed} used` : ', none recorded as used';
  return `${c.renewalCount} option${c.renewalCount === 1 ? '' : 's'}, ${each}${used}`;
}
