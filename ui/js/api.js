// @ts-check
/**
 * The one module that talks to the Rust side. Every command has one documented function
 * here; the rest of the UI calls these, never `invoke` directly.
 *
 * Errors arrive as {@link AppError} `{code, message}`; `message` is a sentence for the clerk.
 * Money crosses as strings (exact decimals); dates as ISO `YYYY-MM-DD` strings.
 */

/**
 * @typedef {{ field: string, label: string, message: string }} FieldError
 * @typedef {{ code: string, message: string, fields?: FieldError[] }} AppError
 * @typedef {'active' | 'expiring' | 'expired' | 'unknown'} Status
 *
 * @typedef {object} LibraryInfo
 * @property {string | null} databasePath
 * @property {number} schemaVersion
 * @property {number} supportedSchemaVersion
 * @property {number} contracts
 * @property {number} sampleContracts
 * @property {string | null} sampleNote
 *
 * @typedef {object} ContractSummary
 * @property {number} id
 * @property {string} contractNumber
 * @property {string} title
 * @property {string} vendorName
 * @property {string} cooperative
 * @property {string | null} expiryDate
 * @property {Status} status
 * @property {number | null} daysLeft
 *
 * @typedef {object} Contract
 * @property {number | null} id
 * @property {string} cooperative
 * @property {string} leadAgency
 * @property {string} contractNumber
 * @property {string[]} numberVariants
 * @property {string} title
 * @property {string} vendorName
 * @property {string[]} vendorAliases
 * @property {string} vendorContact
 * @property {string} vendorEmail
 * @property {string} vendorPhone
 * @property {string} category
 * @property {string[]} nigpCodes
 * @property {string[]} unspscCodes
 * @property {string} description
 * @property {string[]} keywords
 * @property {string} solicitationNumber
 * @property {string} solicitationMethod
 * @property {string | null} solicitationIssued
 * @property {number | null} responseCount
 * @property {boolean | null} cooperativeClause
 * @property {string | null} awardDate
 * @property {string | null} effectiveDate
 * @property {string | null} expiryDate
 * @property {string} expiryAsPublished
 * @property {string} renewalOptions
 * @property {string | null} finalExpiryDate
 * @property {string[]} entityTypes
 * @property {string[]} eligibleStates
 * @property {string} eligibilityNotes
 * @property {string} pricingBasis
 * @property {string | null} adminFeePercent  exact decimal as a string
 * @property {string} adminFeeNotes
 * @property {string} warranty
 * @property {string} insuranceNotes
 * @property {string[]} sources
 * @property {string | null} lastVerified
 * @property {string} notes
 * @property {string[]} tags
 *
 * @typedef {object} Settings
 * @property {string} jurisdictionName
 * @property {string} state
 * @property {string} entityType
 * @property {string} legalAuthority
 * @property {number} fiscalYearStartMonth
 */

/**
 * Calls a command and turns any failure into an {@link AppError}.
 * @template T
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<T>}
 */
async function call(command, args) {
  const tauri = window.__TAURI__;
  if (!tauri) {
    throw { code: 'no_backend', message: 'CoopDesk must be started as the desktop app, not opened in a browser.' };
  }
  try {
    return /** @type {T} */ (await tauri.core.invoke(command, args));
  } catch (error) {
    throw toAppError(error);
  }
}

/**
 * @param {unknown} error
 * @returns {AppError}
 */
export function toAppError(error) {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = /** @type {{code?: unknown, message: unknown, fields?: unknown}} */ (error);
    const fields = Array.isArray(e.fields) ? /** @type {FieldError[]} */ (e.fields) : [];
    return { code: String(e.code ?? 'error'), message: String(e.message), fields };
  }
  return { code: 'error', message: String(error) };
}

/**
 * Where the library is and what it holds.
 * @returns {Promise<LibraryInfo>}
 */
export function libraryInfo() {
  return call('library_info');
}

/**
 * The rows of the Library table, soonest-expiring first, with each contract's status today.
 * @returns {Promise<ContractSummary[]>}
 */
export function listContracts() {
  return call('list_contracts');
}

/**
 * One contract with every fact.
 * @param {number} id
 * @returns {Promise<Contract>}
 */
export function getContract(id) {
  return call('get_contract', { id });
}

/**
 * The jurisdiction's settings.
 * @returns {Promise<Settings>}
 */
export function getSettings() {
  return call('get_settings');
}

/**
 * Validates and saves the settings; resolves to what was stored.
 * Rejects with code `invalid` and a message naming the field.
 * @param {Settings} settings
 * @returns {Promise<Settings>}
 */
export function saveSettings(settings) {
  return call('save_settings', { settings });
}
