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
