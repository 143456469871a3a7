// @ts-check
/**
 * Lets a screen with unsaved work be asked before the app shows another one. The
 * screen registers a guard while it has something to lose; the frame awaits it.
 */

/** @type {(() => Promise<boolean>) | null} */
let guard = null;

/**
 * Registers (or with null removes) the question to ask before leaving the screen.
 * @param {(() => Promise<boolean>) | null} ask  resolves true when leaving is fine
 */
export function setLeaveGuard(ask) {
  guard = ask;
}

/** Whether the current screen may be left; clears the guard when it may. */
export async function mayLeave() {
  if (guard && !(await guard())) return false;
  guard = null;
  return true;
}
