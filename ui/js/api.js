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
 * @typedef {'active' | 'expiring' | 'expired' | 'expiredMayBeExtended' | 'unknown'} Status
 *   `expiredMayBeExtended`: past its current expiry, but its final possible expiry is still
 *   ahead (or its renewal options allow renewals): verify with the cooperative
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
 * @property {string | null} mayBeExtendedTo  for `expiredMayBeExtended`: the final possible expiry, when recorded
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
 * @typedef {'active' | 'expiringWithin30' | 'expiringWithin60' | 'expiringWithin90' | 'expired' | 'expiredMayBeExtended' | 'unknown'} StatusFilter
 *
 * @typedef {object} Query  what to search for; every part is combined (AND)
 * @property {string} text  as typed; never parsed as search syntax
 * @property {string | null} [cooperative]
 * @property {string | null} [category]
 * @property {string | null} [state]  two-letter code
 * @property {string | null} [entityType]
 * @property {StatusFilter | null} [status]
 * @property {number | null} [limit]  rows per page (50 when absent, at most 500)
 * @property {number} [offset]
 *
 * @typedef {{ text: string, matched: boolean }} Fragment  plain text, never markup
 *
 * @typedef {object} Highlights  a field's fragments join to its exact text; empty = no match there
 * @property {Fragment[]} contractNumber
 * @property {Fragment[]} title
 * @property {Fragment[]} vendorName
 * @property {Fragment[]} cooperative
 * @property {Fragment[]} elsewhere  an excerpt when the match is in another field
 *
 * @typedef {ContractSummary & { highlights: Highlights, exactNumber: boolean }} SearchHit
 * @typedef {{ total: number, hits: SearchHit[] }} SearchResults
 *
 * @typedef {{ value: string, count: number }} FacetCount
 * @typedef {object} Facets
 * @property {FacetCount[]} cooperatives
 * @property {FacetCount[]} categories
 * @property {{active: number, expiringWithin30: number, expiringWithin60: number, expiringWithin90: number, expired: number, expiredMayBeExtended: number, unknown: number}} statuses
 *
 * @typedef {{ within30: ContractSummary[], within60: ContractSummary[], within90: ContractSummary[], expiredMayBeExtended: ContractSummary[] }} ExpiryDashboard  expiredMayBeExtended: at most 50, most recently expired first
 *
 * @typedef {object} TrashedContract
 * @property {number} id
 * @property {string} contractNumber
 * @property {string} title
 * @property {string} vendorName
 * @property {string} cooperative
 * @property {string} deletedAt  ISO date and time
 *
 * @typedef {'yes' | 'no' | 'notApplicable' | 'notYet'} Answer
 * @typedef {object} ChecklistEntry
 * @property {string} item  the item's key (`vendorNotDebarred`)
 * @property {string} label  the question in plain words
 * @property {Answer} answer
 * @property {string} checkedBy
 * @property {string | null} checkedOn  ISO date
 * @property {string} note
 *
 * @typedef {{ field: string, label: string, old: string, new: string }} FieldChange
 * @typedef {object} HistoryEntry
 * @property {number} contractId
 * @property {string} at  ISO date and time
 * @property {'create' | 'update' | 'delete' | 'restore'} action
 * @property {FieldChange[]} changes
 *
 * @typedef {{ item: string, unit: string, unitPrice: string, notes: string }} PriceLine  unitPrice is an exact decimal string
 *
 * @typedef {'contract' | 'solicitation' | 'bidTabulation' | 'award' | 'priceList' | 'amendment' | 'certificate' | 'other'} DocumentKind
 * @typedef {object} Document
 * @property {number} id
 * @property {number} contractId
 * @property {DocumentKind} kind
 * @property {string} fileName
 * @property {string} originalName
 * @property {string} sha256
 * @property {number} sizeBytes
 * @property {string} attachedAt  ISO date and time
 * @property {string} path
 * @property {boolean} verified  the file is there and its checksum still matches
 * @property {boolean} missing  the file is no longer in the library folder
 *
 * @typedef {object} Settings
 * @property {string} jurisdictionName
 * @property {string} state
 * @property {string} entityType
 * @property {string} legalAuthority
 * @property {number} fiscalYearStartMonth
 * @property {string} memoTo  whom memos are addressed to
 * @property {string} authorizedSigner  whom a motion authorises to sign
 * @property {Signer[]} signers  the approval lines new memos start with
 * @property {Paper} paper
 * @property {Logo} [logo]  printed in memos' header; set with chooseLogo, not saveSettings
 *
 * @typedef {{ role: string, name: string, title: string }} Signer
 * @typedef {'letter' | 'legal' | 'a4'} Paper
 * @typedef {{ format: 'png' | 'jpeg', data: string, widthPx: number, heightPx: number, alt: string }} Logo
 *   `data` is the image file in base64
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
 * "Choose logo…": the system dialog for a PNG or JPEG (under 512 KB), kept as the logo
 * memos print with `alt` as its alternative text. Resolves to the settings as stored,
 * or null when the clerk cancels.
 * @param {string} alt
 * @returns {Promise<Settings | null>}
 */
export function chooseLogo(alt) {
  return call('choose_logo', { alt });
}

/**
 * Removes the logo. Resolves to the settings as stored.
 * @returns {Promise<Settings>}
 */
export function removeLogo() {
  return call('remove_logo', {});
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

/**
 * One page of contracts matching the text and filters, best first, with highlights.
 * Never rejects on what a person types.
 * @param {Query} query
 * @returns {Promise<SearchResults>}
 */
export function searchContracts(query) {
  return call('search_contracts', { query });
}

/**
 * The counts for the filter chips under `query` (each chip counts the other filters).
 * @param {Query} query
 * @returns {Promise<Facets>}
 */
export function searchFacets(query) {
  return call('search_facets', { query });
}

/**
 * What expires within 30, 60 and 90 days (the windows nest), soonest first, and what has
 * expired but may still be extended.
 * @returns {Promise<ExpiryDashboard>}
 */
export function expiryDashboard() {
  return call('expiry_dashboard');
}

/**
 * Adds a contract (`id` null) or saves changes to it; resolves to what was stored.
 * Rejects with code `invalid` and `fields` naming each field to fix.
 * @param {Contract} contract
 * @returns {Promise<Contract>}
 */
export function saveContract(contract) {
  return call('save_contract', { contract });
}

/**
 * Moves a contract to the trash (restore brings it back exactly).
 * @param {number} id
 * @returns {Promise<void>}
 */
export function deleteContract(id) {
  return call('delete_contract', { id });
}

/**
 * Brings a contract back from the trash.
 * @param {number} id
 * @returns {Promise<void>}
 */
export function restoreContract(id) {
  return call('restore_contract', { id });
}

/**
 * The contracts in the trash, most recently deleted first.
 * @returns {Promise<TrashedContract[]>}
 */
export function listTrash() {
  return call('list_trash');
}

/**
 * A contract's due-diligence checklist, every item in order.
 * @param {number} id
 * @returns {Promise<ChecklistEntry[]>}
 */
export function getChecklist(id) {
  return call('get_checklist', { id });
}

/**
 * Saves one checklist item. "Yes" and "no" need who checked (code `invalid`, field `checkedBy`).
 * @param {number} id  the contract
 * @param {ChecklistEntry} entry
 * @returns {Promise<void>}
 */
export function setChecklistItem(id, entry) {
  return call('set_checklist_item', { id, entry });
}

/**
 * A contract's history, oldest first.
 * @param {number} id
 * @returns {Promise<HistoryEntry[]>}
 */
export function contractHistory(id) {
  return call('contract_history', { id });
}

/**
 * A contract's price list.
 * @param {number} id
 * @returns {Promise<PriceLine[]>}
 */
export function getPriceLines(id) {
  return call('get_price_lines', { id });
}

/**
 * Replaces a contract's price list; problems come back per line as `priceLines.<n>.<field>`.
 * @param {number} id
 * @param {PriceLine[]} lines
 * @returns {Promise<void>}
 */
export function setPriceLines(id, lines) {
  return call('set_price_lines', { id, lines });
}

/**
 * The documents attached to a contract, each re-checked against its checksum.
 * @param {number} id
 * @returns {Promise<Document[]>}
 */
export function listDocuments(id) {
  return call('list_documents', { id });
}

/**
 * Lets the clerk pick a file in the system dialog and attaches a copy of it.
 * Resolves to `null` when the clerk cancels.
 * @param {number} id
 * @param {DocumentKind} kind
 * @returns {Promise<Document | null>}
 */
export function attachDocument(id, kind) {
  return call('attach_document', { id, kind });
}

/**
 * Removes an attached document and its copy.
 * @param {number} documentId
 * @returns {Promise<void>}
 */
export function removeDocument(documentId) {
  return call('remove_document', { documentId });
}

/**
 * Opens an attached document in the system's viewer (only files in the library folder).
 * @param {number} id  the contract
 * @param {number} documentId
 * @returns {Promise<void>}
 */
export function openDocument(id, documentId) {
  return call('open_document', { id, documentId });
}

/**
 * @typedef {'endOfYear' | 'startOfYear' | 'midYear'} Timing
 * @typedef {{ type: 'cooperativeContract', contractId?: number | null } | { type: 'ownSolicitation' } | { type: 'statusQuo' } | { type: 'other' }} OptionKind
 *
 * @typedef {{ type: 'oneTime', year: number, amount: string }
 *   | { type: 'recurring', fromYear: number, toYear: number, amount: string, escalation: string }
 *   | { type: 'perUnit', fromYear: number, toYear: number, unitPrice: string, quantity: string, unit: string, escalation: string }
 *   | { type: 'schedule', amounts: Record<string, string> }} LineTiming
 *   When a line's money is spent; amounts and rates are exact decimal strings, rates as fractions.
 *
 * @typedef {object} CostLine
 * @property {string} category  a {@link CategoryChoice} `category`
 * @property {string} description
 * @property {LineTiming} timing
 *
 * @typedef {object} CostOption
 * @property {string} [id]  stable, unique in the comparison; given by the core when saved
 * @property {string} name  unique in the comparison, ignoring case and spaces
 * @property {OptionKind} kind
 * @property {string} notes
 * @property {number} startDelayMonths
 * @property {{ quantity: string, label: string }} [units]
 * @property {CostLine[]} costLines
 *
 * @typedef {object} Comparison  the comparison file format (docs/comparison-format.md)
 * @property {number} [formatVersion]
 * @property {string} title
 * @property {string} purchaseDescription
 * @property {number} horizonYears  1–30 operating years after year 0
 * @property {{ fiscalYear: number, firstMonth: number }} start
 * @property {{ rate: string, source: string }} discount  rate as a fraction: "0.03" is 3 %
 * @property {Timing} timing
 * @property {CostOption} baseline
 * @property {CostOption[]} options
 *
 * @typedef {object} ComparisonSummary
 * @property {number} id
 * @property {string} title
 * @property {number} optionsCount  options besides the baseline
 * @property {string} createdAt  local date-time, ISO
 * @property {string} updatedAt
 *
 * @typedef {object} StoredComparison
 * @property {number} id
 * @property {Comparison} comparison
 * @property {string} createdAt
 * @property {string} updatedAt
 *
 * @typedef {{ status: 'year', year: number } | { status: 'notWithinHorizon' }} BreakEven
 *
 * @typedef {object} YearCost
 * @property {number} year
 * @property {{ category: string, amount: string }[]} byCategory
 * @property {string} baselineWhileWaiting
 * @property {string} total
 * @property {string} presentValue
 * @property {string} cumulativeNominal
 * @property {string} cumulativePresentValue
 *
 * @typedef {object} OptionResult
 * @property {string} name
 * @property {OptionKind} kind
 * @property {boolean} isBaseline
 * @property {number} startDelayMonths
 * @property {YearCost[]} years
 * @property {string} nominalTotal
 * @property {string} presentValue
 * @property {string} nominalSavings  positive: this option costs less than the baseline
 * @property {string} pvSavings
 * @property {string} costPerYear
 * @property {BreakEven | null} breakEvenNominal  null for the baseline
 * @property {BreakEven | null} breakEvenPv
 * @property {number} rank  1 is the lowest present value
 *
 * @typedef {object} ComparisonResults
 * @property {string} title
 * @property {number} horizonYears
 * @property {{ year: number, label: string }[]} years
 * @property {OptionResult[]} options  the baseline first
 * @property {number[]} ranking  indices into `options`, lowest present value first
 *
 * @typedef {object} Calculation
 * @property {ComparisonResults} results
 * @property {string} chartSvg  drawn by the core, its text escaped there
 *
 * @typedef {object} A94Rate
 * @property {string} rate  a fraction, unrounded
 * @property {'nominal' | 'real'} kind
 * @property {number} horizonYears
 * @property {string} method
 * @property {string} source
 *
 * @typedef {object} CategoryChoice
 * @property {string} category
 * @property {string} label
 * @property {boolean} isOffset  amounts are money coming back, entered as negative
 */

/**
 * Every saved comparison, most recently changed first.
 * @returns {Promise<ComparisonSummary[]>}
 */
export function listComparisons() {
  return call('list_comparisons');
}

/**
 * One saved comparison. Rejects with code `not_found` when it was deleted.
 * @param {number} id
 * @returns {Promise<StoredComparison>}
 */
export function getComparison(id) {
  return call('get_comparison', { id });
}

/**
 * Saves a new comparison (`id` null) or over a saved one; resolves to what is stored.
 * Only the title is required: drafts may be incomplete.
 * @param {number | null} id
 * @param {Comparison} comparison
 * @returns {Promise<StoredComparison>}
 */
export function saveComparison(id, comparison) {
  return call('save_comparison', { id, comparison });
}

/**
 * Copies a saved comparison as "… (copy)"; resolves to the copy's id.
 * @param {number} id
 * @returns {Promise<number>}
 */
export function duplicateComparison(id) {
  return call('duplicate_comparison', { id });
}

/**
 * Deletes a saved comparison.
 * @param {number} id
 * @returns {Promise<void>}
 */
export function deleteComparison(id) {
  return call('delete_comparison', { id });
}

/**
 * "Export to Excel…": asks where in the system's save dialog, then writes the comparison
 * as entered as a workbook whose every result is a live formula. Resolves to the path
 * written, or null when the clerk cancels.
 * @param {Comparison} comparison
 * @returns {Promise<string | null>}
 */
export function exportComparisonWorkbook(comparison) {
  return call('export_comparison_workbook', { comparison });
}

/**
 * Calculates a comparison as entered and draws its cumulative cost on `basis`.
 * Rejects with code `invalid` and a message "Field: what to fix" for input the core refuses.
 * @param {Comparison} comparison
 * @param {'nominal' | 'presentValue'} basis
 * @returns {Promise<Calculation>}
 */
export function calculateComparison(comparison, basis) {
  return call('calculate_comparison', { comparison, basis });
}

/**
 * OMB Circular A-94's discount rate for a horizon, with its citation.
 * @param {number} horizonYears
 * @param {'nominal' | 'real'} kind
 * @returns {Promise<A94Rate>}
 */
export function a94Rate(horizonYears, kind) {
  return call('a94_rate', { horizonYears, kind });
}

/**
 * The cost categories in the editor's order, with their labels.
 * @returns {Promise<CategoryChoice[]>}
 */
export function costCategories() {
  return call('cost_categories');
}

/**
 * The comparison "New comparison" opens: the usual options, no costs yet.
 * @returns {Promise<Comparison>}
 */
export function newComparison() {
  return call('new_comparison');
}

// ---------------------------------------------------------------------------------------
// Memos

/**
 * @typedef {'recommendation' | 'background' | 'dueDiligence' | 'totalCost' | 'fiscalImpact' | 'alternatives' | 'attachments'} Section
 *
 * @typedef {object} MemoInputs
 * @property {string} to
 * @property {string} from
 * @property {string} date  ISO date
 * @property {string} agendaItem
 * @property {string} subject  empty: composed from the option and the contract
 * @property {string} amount  exact decimal string: what the council approves (not to exceed)
 * @property {string} fiscalYear
 * @property {string} budgetAccount
 * @property {string} fundingSource
 * @property {string} background
 * @property {string} authorizedSigner
 * @property {string[]} attachments
 * @property {Signer[]} signers
 *
 * @typedef {object} MemoDraft  what the clerk controls in a memo
 * @property {string} option  the recommended option's name
 * @property {string} [optionId]  the recommended option's stable id (memos found it by name before)
 * @property {MemoInputs} inputs
 * @property {Partial<Record<Section, string>>} sections  rewritten sections only, as plain text
 *
 * @typedef {object} SectionText
 * @property {Section} section
 * @property {string} heading
 * @property {string} composed  the text composed from the data
 * @property {string} text  what prints
 * @property {boolean} edited
 *
 * @typedef {{ version: number, savedAt: string, printedAt: string | null }} VersionSummary
 *
 * @typedef {object} MemoView
 * @property {number} id
 * @property {string} title
 * @property {number | null} comparisonId
 * @property {number} version
 * @property {string | null} printedAt
 * @property {VersionSummary[]} versions  newest first
 * @property {MemoDraft} draft
 * @property {SectionText[]} sections
 * @property {string} html  the preview, rendered and escaped by the core
 * @property {string[]} changes  how the library differs from the memo's copy of it
 * @property {string} fileName
 *
 * @typedef {object} MemoSummary
 * @property {number} id
 * @property {string} title
 * @property {number} version
 * @property {string | null} printedAt
 * @property {string} createdAt
 * @property {string} updatedAt
 *
 * @typedef {object} MemoCandidate
 * @property {number} comparisonId
 * @property {string} comparisonTitle
 * @property {string} option
 * @property {string} optionId  what {@link createMemo} takes
 * @property {string} cooperative
 * @property {string} contractNumber
 * @property {string} vendorName
 */

/**
 * Every memo, most recently changed first.
 * @returns {Promise<MemoSummary[]>}
 */
export function listMemos() {
  return call('list_memos');
}

/**
 * The comparison options a new memo can recommend (cooperative, linked to a contract).
 * @returns {Promise<MemoCandidate[]>}
 */
export function memoCandidates() {
  return call('memo_candidates');
}

/**
 * Starts a memo on a comparison's option, every section prefilled.
 * @param {number} comparisonId
 * @param {string} option  the option's id (or, for a comparison saved before ids, its name)
 * @returns {Promise<MemoView>}
 */
export function createMemo(comparisonId, option) {
  return call('create_memo', { comparisonId, option });
}

/**
 * @param {number} id
 * @returns {Promise<MemoView>}
 */
export function getMemo(id) {
  return call('get_memo', { id });
}

/**
 * Saves the clerk's edits; a printed version is never changed, a new one is made.
 * @param {number} id
 * @param {MemoDraft} draft
 * @returns {Promise<MemoView>}
 */
export function saveMemo(id, draft) {
  return call('save_memo', { id, draft });
}

/**
 * Takes the library's current figures and facts into the memo, keeping edits.
 * @param {number} id
 * @returns {Promise<MemoView>}
 */
export function updateMemoSources(id) {
  return call('update_memo_sources', { id });
}

/**
 * Deletes a memo that was never printed.
 * @param {number} id
 * @returns {Promise<void>}
 */
export function deleteMemo(id) {
  return call('delete_memo', { id });
}

/**
 * "Save PDF…": the system dialog, then the latest version printed there (or an earlier
 * printed `version`). Resolves to the path written, or null when the clerk cancels.
 * @param {number} id
 * @param {number | null} version
 * @returns {Promise<string | null>}
 */
export function saveMemoPdf(id, version) {
  return call('save_memo_pdf', { id, version });
}

/**
 * "Save as Word…": the system dialog, then the version (default: the latest) written as
 * a .docx of the same document the PDF prints. Resolves to the path written, or null
 * when the clerk cancels.
 * @param {number} id
 * @param {number | null} version
 * @returns {Promise<string | null>}
 */
export function saveMemoDocx(id, version) {
  return call('save_memo_docx', { id, version });
}

/**
 * "Open to print": prints the version and opens it in the system's PDF viewer.
 * Resolves to the file written.
 * @param {number} id
 * @param {number | null} version
 * @returns {Promise<string>}
 */
export function openMemoToPrint(id, version) {
  return call('open_memo_to_print', { id, version });
}

// ---------------------------------------------------------------------------------------
// Backups

/**
 * @typedef {'daily' | 'beforeMigration' | 'beforeImport' | 'beforeRestore' | 'manual'} BackupKind
 *
 * @typedef {object} BackupInfo
 * @property {string} fileName  what restoreBackup takes
 * @property {BackupKind} kind
 * @property {string} takenAt  local ISO date and time
 * @property {number} sizeBytes
 *
 * @typedef {{ restoredFrom: string, safetyBackup: BackupInfo | null }} RestoreReport
 * @typedef {{ damagedCopy: string, restoredFrom: BackupInfo, skipped: string[] }} RecoveryReport
 */

/**
 * The backups in the library's backups folder, newest first.
 * @returns {Promise<BackupInfo[]>}
 */
export function listBackups() {
  return call('list_backups');
}

/**
 * A backup in the backups folder, now.
 * @returns {Promise<BackupInfo>}
 */
export function backUpNow() {
  return call('back_up_now');
}

/**
 * "Back up to…": the system dialog, then one file there. Null when cancelled.
 * @returns {Promise<BackupInfo | null>}
 */
export function backUpTo() {
  return call('back_up_to');
}

/**
 * Replaces the library with a backup (the current state is backed up first).
 * @param {string} fileName
 * @returns {Promise<RestoreReport>}
 */
export function restoreBackup(fileName) {
  return call('restore_backup', { fileName });
}

/**
 * "Restore from a file…": the system dialog, then the library replaced. Null when cancelled.
 * @returns {Promise<RestoreReport | null>}
 */
export function restoreBackupFile() {
  return call('restore_backup_file');
}

/**
 * For a damaged library: the damaged file kept aside, the newest good backup restored.
 * @returns {Promise<RecoveryReport>}
 */
export function recoverLibrary() {
  return call('recover_library');
}

// ---------------------------------------------------------------------------------------
// Import and export

/**
 * @typedef {'csv' | 'workbook' | 'ocds' | 'bundle'} Format
 * @typedef {{ header: string, field: string | null }} ColumnMapping
 * @typedef {{ columns: ColumnMapping[] }} Mapping  file header → CoopDesk field (null: ignored)
 * @typedef {{ field: string, label: string, required: boolean }} MappableField
 *
 * @typedef {object} ChosenFile
 * @property {string} fileName
 * @property {Format} format
 * @property {Mapping | null} mapping  CSV: remembered for these headers, else guessed
 * @property {MappableField[]} fields  CSV: every field a column can fill
 * @property {string[]} sheets  workbook: its visible sheets, for the picker
 * @property {string | null} sheet  workbook: the sheet read
 * @property {number | null} headerRow  workbook: the row its headers are on (1-based)
 * @property {string[]} notes
 *
 * @typedef {{ line: number, problems: FieldError[] }} InvalidRow
 * @typedef {{ field: string, label: string, mine: string, theirs: string }} Difference
 * @typedef {object} ChangedRow
 * @property {number} line
 * @property {number} existingId
 * @property {string} cooperative
 * @property {string} contractNumber
 * @property {string} vendorName
 * @property {string} title
 * @property {Difference[]} differences
 *
 * @typedef {{ line: number, field: string, label: string, message: string }} RowWarning  a row to check: how a value was read, a possible duplicate, an empty row
 *
 * @typedef {object} PlanSummary  what an import would do; nothing is written yet
 * @property {Format} format
 * @property {{ new: number, changed: number, duplicate: number, invalid: number, empty: number }} counts
 * @property {string[]} notes
 * @property {InvalidRow[]} invalid
 * @property {ChangedRow[]} changed
 * @property {RowWarning[]} warnings
 *
 * @typedef {'keepMine' | 'takeTheirs'} Side
 * @typedef {{ default: Side, fields: { line: number, field: string, side: Side }[] }} Choices
 * @typedef {{ phase: 'writing' | 'exporting', done: number, total: number }} Progress
 * @typedef {{ added: number, updated: number, unchanged: number, skipped: number, documentsAdded: number }} ImportReport
 * @typedef {{ contracts: number, documents: number, leftOut: string[] }} ExportReport
 * @typedef {{ path: string, report: ExportReport }} Exported
 */

/**
 * Asks for a file to import in the system dialog. Null when cancelled.
 * @returns {Promise<ChosenFile | null>}
 */
export function chooseImportFile() {
  return call('choose_import_file');
}

/**
 * Reads another sheet of the chosen workbook, with its headers on `headerRow` (found
 * when null), and maps its columns again.
 * @param {string} sheet
 * @param {number | null} headerRow
 * @returns {Promise<ChosenFile>}
 */
export function chooseWorkbookSheet(sheet, headerRow) {
  return call('choose_workbook_sheet', { sheet, headerRow });
}

/**
 * Reads and checks the chosen file against the library; writes nothing.
 * @param {Mapping | null} mapping  for a CSV
 * @returns {Promise<PlanSummary>}
 */
export function planImport(mapping) {
  return call('plan_import', { mapping });
}

/**
 * Imports the planned rows in one transaction. Rejects with code `cancelled` when
 * cancelled (nothing written).
 * @param {Choices} choices
 * @returns {Promise<ImportReport>}
 */
export function applyImport(choices) {
  return call('apply_import', { choices });
}

/** Stops the import or export under way; nothing is changed. */
export function cancelInterchange() {
  return call('cancel_interchange');
}

/** Forgets the chosen file and its plan. */
export function discardImport() {
  return call('discard_import');
}

/**
 * Exports contracts (all when `ids` is empty) to a file picked in the system dialog.
 * Null when cancelled.
 * @param {Format} format
 * @param {number[]} ids
 * @returns {Promise<Exported | null>}
 */
export function exportContracts(format, ids) {
  return call('export_contracts', { format, ids });
}

/**
 * Listens to a progress event from the core; resolves to the function that stops it.
 * @param {'import-progress' | 'export-progress'} event
 * @param {(progress: Progress) => void} handler
 * @returns {Promise<() => void>}
 */
export async function onProgress(event, handler) {
  const tauri = window.__TAURI__;
  if (!tauri) return () => {};
  return tauri.event.listen(event, (/** @type {{payload: Progress}} */ e) => handler(e.payload));
}
