// @ts-check
/**
 * Which cost lines are paid to the vendor: what a memo's not-to-exceed adds up. A line
 * the clerk has not marked follows its category (purchase, licences and maintenance are
 * paid to the vendor; staff time, the solicitation, resale are not); ticking or
 * unticking the box marks it for good. The core decides the same way
 * (`CostLine::is_paid_to_vendor`); nothing here touches the page (tested in node,
 * `tests/ui/comparison-paid.test.mjs`).
 */

/**
 * @typedef {import('../../api.js').CostLine} CostLine
 * @typedef {import('../../api.js').CategoryChoice} CategoryChoice
 */

/**
 * Whether `line` counts as paid to the vendor.
 * @param {CostLine} line
 * @param {CategoryChoice[]} categories
 */
export function isPaidToVendor(line, categories) {
  if (typeof line.paidToVendor === 'boolean') return line.paidToVendor;
  return categories.find((c) => c.category === line.category)?.paidToVendorByDefault ?? false;
}

/**
 * The clerk ticked or unticked "Paid to the vendor".
 * @param {CostLine} line
 * @param {boolean} paid
 */
export function markPaidToVendor(line, paid) {
  line.paidToVendor = paid;
}
