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
  unknown: 'Expiry unknown',
};

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
