// @ts-check
/**
 * The one module that talks to the Rust side. Every command has one documented function
 * here; the rest of the UI calls these, never `invoke` directly. The commands are listed
 * once, in src-tauri/src/commands/list.rs: `cargo test` checks that each has exactly one
 * function here, and `npm run check` checks each call's arguments and reply against the
 * command's Rust signature (ui/types/Command.ts, generated from it).
 *
 * Errors arrive as {@link AppError} `{code, message}`; `message` is a sentence for the clerk.
 * Money crosses as strings (exact decimals); dates as ISO `YYYY-MM-DD` strings.
 */

/**
 * The wire types, generated from the Rust ones into ui/types/ and never written by hand
 * (see ui/types/README.md), named here as the screens use them.
 *
 * @typedef {import('../types/ErrorPayload').ErrorPayload} ErrorPayload
 * @typedef {import('../types/ErrorCode').ErrorCode} ErrorCode
 * @typedef {import('../types/FieldError').FieldError} FieldError
 * @typedef {import('../types/Command').Command} Command
 * @typedef {import('../types/Command').Commands} Commands
 * @typedef {import('../types/LibraryInfo').LibraryInfo} LibraryInfo
 * @typedef {import('../types/Status').Status} Status
 * @typedef {import('../types/ContractSummary').ContractSummary} ContractSummary
 * @typedef {import('../types/Contract').Contract} Contract
 * @typedef {import('../types/StatusFilter').StatusFilter} StatusFilter
 * @typedef {import('../types/Query').Query} Query
 * @typedef {import('../types/Sort').Sort} Sort
 * @typedef {import('../types/SortColumn').SortColumn} SortColumn
 * @typedef {import('../types/Fragment').Fragment} Fragment
 * @typedef {import('../types/Highlights').Highlights} Highlights
 * @typedef {import('../types/SearchHit').SearchHit} SearchHit
 * @typedef {import('../types/SearchResults').SearchResults} SearchResults
 * @typedef {import('../types/FacetCount').FacetCount} FacetCount
 * @typedef {import('../types/StatusCounts').StatusCounts} StatusCounts
 * @typedef {import('../types/Facets').Facets} Facets
 * @typedef {import('../types/ExpiryDashboard').ExpiryDashboard} ExpiryDashboard
 * @typedef {import('../types/TrashedContract').TrashedContract} TrashedContract
 * @typedef {import('../types/ChecklistItem').ChecklistItem} ChecklistItem
 * @typedef {import('../types/Answer').Answer} Answer
 * @typedef {import('../types/ChecklistEntry').ChecklistEntry} ChecklistEntry
 * @typedef {import('../types/Action').Action} Action
 * @typedef {import('../types/FieldChange').FieldChange} FieldChange
 * @typedef {import('../types/HistoryEntry').HistoryEntry} HistoryEntry
 * @typedef {import('../types/PriceLine').PriceLine} PriceLine
 * @typedef {import('../types/DocumentKind').DocumentKind} DocumentKind
 * @typedef {import('../types/Document').Document} Document
 * @typedef {import('../types/Settings').Settings} Settings
 * @typedef {import('../types/DateReading').DateReading} DateReading
 * @typedef {import('../types/Signer').Signer} Signer
 * @typedef {import('../types/Paper').Paper} Paper
 * @typedef {import('../types/Logo').Logo} Logo
 * @typedef {import('../types/LogoFormat').LogoFormat} LogoFormat
 */

/**
 * An error as the UI handles it: what Rust sends, or one of the UI's own codes
 * (`no_backend`: opened in a browser; `error`: something that was no {@link ErrorPayload}).
 * @typedef {Omit<ErrorPayload, 'code'> & { code: ErrorCode | 'no_backend' | 'error' }} AppError
 */

/**
 * A command's arguments as {@link call} takes them: the object its Rust signature asks
 * for, which a command that takes none may leave out.
 * @template {Command} C
 * @typedef {Record<string, never> extends Commands[C]['args']
 *   ? [args?: Commands[C]['args']]
 *   : [args: Commands[C]['args']]} ArgsOf
 */

/**
 * Calls a command and turns any failure into an {@link AppError}. The type check refuses
 * a command the app does not register, an argument it does not take or of another type,
 * and a wrapper that promises another reply than the command sends.
 * @template {Command} C
 * @param {C} command
 * @param {ArgsOf<C>} args
 * @returns {Promise<Commands[C]['reply']>}
 */
async function call(command, ...args) {
  const tauri = window.__TAURI__;
  if (!tauri) {
    throw { code: 'no_backend', message: 'CoopDesk must be started as the desktop app, not opened in a browser.' };
  }
  try {
    return /** @type {Commands[C]['reply']} */ (await tauri.core.invoke(command, args[0]));
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
    // The code is Rust's ErrorCode; anything else was not an ErrorPayload.
    const code = typeof e.code === 'string' ? /** @type {ErrorCode} */ (e.code) : 'error';
    return { code, message: String(e.message), fields };
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
 * @typedef {import('../types/TermCheck').TermCheck} TermCheck
 * @typedef {import('../types/TermWarning').TermWarning} TermWarning
 * @typedef {import('../types/TermWarningKind').TermWarningKind} TermWarningKind
 */

/**
 * Whether a contract can carry a comparison's option: in force when it would be bought
 * and to the end of the horizon, its facts verified within a year.
 * @param {number} id
 * @param {FiscalStart} start  the comparison's year 1
 * @param {number} horizonYears
 * @param {number} startDelayMonths  the option's
 * @returns {Promise<TermCheck>}
 */
export function contractTermCheck(id, start, horizonYears, startDelayMonths) {
  return call('contract_term_check', { id, start, horizonYears, startDelayMonths });
}

/**
 * "Verified today with the cooperative": records today as the contract's last verified
 * date (kept in its history); resolves to the contract as stored.
 * @param {number} id
 * @returns {Promise<Contract>}
 */
export function markContractVerified(id) {
  return call('mark_contract_verified', { id });
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
 * A date as the clerk typed it (12/7/2026, Dec 7 2026, 2026-12-07), read by the
 * importer's rules and said back ("Read as 7 December 2026"), or why it is not a date.
 * @param {string} text
 * @returns {Promise<DateReading>}
 */
export function readDate(text) {
  return call('read_date', { text });
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
 * @typedef {import('../types/Timing').Timing} Timing
 * @typedef {import('../types/OptionKind').OptionKind} OptionKind
 * @typedef {import('../types/LineTiming').LineTiming} LineTiming
 * @typedef {import('../types/Category').Category} Category
 * @typedef {import('../types/CostLine').CostLine} CostLine
 * @typedef {import('../types/Units').Units} Units
 * @typedef {import('../types/CostOption').CostOption} CostOption
 * @typedef {import('../types/FiscalStart').FiscalStart} FiscalStart
 * @typedef {import('../types/DiscountRate').DiscountRate} DiscountRate
 * @typedef {import('../types/Comparison').Comparison} Comparison
 * @typedef {import('../types/ComparisonSummary').ComparisonSummary} ComparisonSummary
 * @typedef {import('../types/StoredComparison').StoredComparison} StoredComparison
 * @typedef {import('../types/BreakEven').BreakEven} BreakEven
 * @typedef {import('../types/CategoryAmount').CategoryAmount} CategoryAmount
 * @typedef {import('../types/YearCost').YearCost} YearCost
 * @typedef {import('../types/YearLabel').YearLabel} YearLabel
 * @typedef {import('../types/OptionResult').OptionResult} OptionResult
 * @typedef {import('../types/Sensitivity').Sensitivity} Sensitivity
 * @typedef {import('../types/Scenario').Scenario} Scenario
 * @typedef {import('../types/RateSwap').RateSwap} RateSwap
 * @typedef {import('../types/ComparisonResults').ComparisonResults} ComparisonResults
 * @typedef {import('../types/ChartBasis').ChartBasis} ChartBasis
 * @typedef {import('../types/Calculation').Calculation} Calculation
 * @typedef {import('../types/RateKind').RateKind} RateKind
 * @typedef {import('../types/A94Rate').A94Rate} A94Rate
 * @typedef {import('../types/RateChoice').RateChoice} RateChoice
 * @typedef {import('../types/CategoryChoice').CategoryChoice} CategoryChoice
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
 * @param {ChartBasis} basis
 * @returns {Promise<Calculation>}
 */
export function calculateComparison(comparison, basis) {
  return call('calculate_comparison', { comparison, basis });
}

/**
 * OMB Circular A-94's discount rate for a horizon, with its citation.
 * @param {number} horizonYears
 * @param {RateKind} kind
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
 * The comparison "New comparison" opens: the usual options, no costs yet, and the
 * jurisdiction's policy discount rate when Settings hold one.
 * @returns {Promise<Comparison>}
 */
export function newComparison() {
  return call('new_comparison');
}

/**
 * What the editor offers for a comparison's discount rate: the policy rate from Settings,
 * OMB A-94's rate for its horizon with its table's year (and a warning when that table
 * is old), whether the rate follows the horizon, and what an unusual rate means.
 * @param {Comparison} comparison
 * @returns {Promise<RateChoice>}
 */
export function discountRateChoice(comparison) {
  return call('discount_rate_choice', { comparison });
}

// ---------------------------------------------------------------------------------------
// Memos

/**
 * @typedef {import('../types/Section').Section} Section
 * @typedef {import('../types/MemoInputs').MemoInputs} MemoInputs
 * @typedef {import('../types/SectionText').SectionText} SectionText
 * @typedef {import('../types/VersionSummary').VersionSummary} VersionSummary
 * @typedef {import('../types/MemoView').MemoView} MemoView
 * @typedef {import('../types/MemoSummary').MemoSummary} MemoSummary
 * @typedef {import('../types/Draft').Draft} MemoDraft
 * @typedef {import('../types/Candidate').Candidate} MemoCandidate
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
 * What the memo editor warns about and asks before printing: the contract's term and
 * facts not verified within a year.
 * @param {number} id
 * @returns {Promise<TermCheck>}
 */
export function memoTermCheck(id) {
  return call('memo_term_check', { id });
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
// Spending: the council's actions and what is bought under them

/**
 * @typedef {import('../types/Approval').Approval} Approval
 * @typedef {import('../types/ApprovalInput').ApprovalInput} ApprovalInput
 * @typedef {import('../types/ApprovalSummary').ApprovalSummary} ApprovalSummary
 * @typedef {import('../types/ApprovalView').ApprovalView} ApprovalView
 * @typedef {import('../types/Figures').Figures} Figures
 * @typedef {import('../types/Outcome').Outcome} Outcome
 * @typedef {import('../types/PurchaseOrder').PurchaseOrder} PurchaseOrder
 * @typedef {import('../types/PurchaseOrderInput').PurchaseOrderInput} PurchaseOrderInput
 * @typedef {import('../types/PoStatus').PoStatus} PoStatus
 * @typedef {import('../types/ChangeOrderInput').ChangeOrderInput} ChangeOrderInput
 * @typedef {import('../types/InvoiceInput').InvoiceInput} InvoiceInput
 * @typedef {import('../types/Recorded').Recorded} Recorded
 * @typedef {import('../types/Rule').Rule} Rule
 * @typedef {import('../types/SpendingEntry').SpendingEntry} SpendingEntry
 * @typedef {import('../types/Variance').Variance} Variance
 * @typedef {import('../types/FiscalYearVariance').FiscalYearVariance} FiscalYearVariance
 */

/**
 * Every council action with where it stands today, latest meeting first.
 * @returns {Promise<ApprovalSummary[]>}
 */
export function listApprovals() {
  return call('list_approvals');
}

/**
 * "Export for the auditor…": asks where to save, then writes the audit workbook
 * (approvals, purchase orders, invoices, overrides, variance by fiscal year).
 * @returns {Promise<string | null>} the path written, or null when the clerk cancels
 */
export function exportSpendingWorkbook() {
  return call('export_spending_workbook');
}

/**
 * One council action in full: its figures, purchase orders and history.
 * @param {number} id
 * @returns {Promise<ApprovalView>}
 */
export function getApproval(id) {
  return call('get_approval', { id });
}

/**
 * The council's actions on one library contract, each with where it stands, latest
 * meeting first (the contract detail pane's "Purchases").
 * @param {number} contractId
 * @returns {Promise<ApprovalSummary[]>}
 */
export function contractApprovals(contractId) {
  return call('contract_approvals', { contractId });
}

/**
 * One council action's variance by fiscal year: the approved comparison's projection for
 * the recommended option against what was invoiced, as the engine computed it.
 * @param {number} id
 * @returns {Promise<Variance>}
 */
export function approvalVariance(id) {
  return call('approval_variance', { id });
}

/**
 * Records the council's action on a printed memo or a library contract.
 * @param {ApprovalInput} input
 * @returns {Promise<Approval>}
 */
export function recordApproval(input) {
  return call('record_approval', { input });
}

/**
 * Amends what the council approved (its next revision, kept in the history).
 * @param {number} id
 * @param {ApprovalInput} input
 * @returns {Promise<Approval>}
 */
export function amendApproval(id, input) {
  return call('amend_approval', { id, input });
}

/**
 * Lets the clerk pick the signed resolution or minutes and attaches a copy to the
 * approval. Resolves to `null` when the clerk cancels.
 * @param {number} id
 * @returns {Promise<Document | null>}
 */
export function attachApprovalDocument(id) {
  return call('attach_approval_document', { id });
}

/**
 * The purchase orders under an approval, or (`null`) those with no council action.
 * @param {number | null} approvalId
 * @returns {Promise<PurchaseOrder[]>}
 */
export function listPurchaseOrders(approvalId) {
  return call('list_purchase_orders', { approvalId });
}

/**
 * Records a purchase order. One that breaks a guard rail fails with `needs_override`
 * (each rule in `fields`) until sent with the clerk's reason.
 * @param {PurchaseOrderInput} input
 * @param {string} overrideReason  empty when none was given
 * @returns {Promise<Recorded>}
 */
export function addPurchaseOrder(input, overrideReason) {
  return call('add_purchase_order', { input, overrideReason });
}

/**
 * Changes a purchase order's facts and lines.
 * @param {number} id
 * @param {PurchaseOrderInput} input
 * @param {string} overrideReason
 * @returns {Promise<Recorded>}
 */
export function editPurchaseOrder(id, input, overrideReason) {
  return call('edit_purchase_order', { id, input, overrideReason });
}

/**
 * Opens, closes or cancels a purchase order.
 * @param {number} id
 * @param {PoStatus} status
 * @param {string} overrideReason
 * @returns {Promise<Recorded>}
 */
export function setPurchaseOrderStatus(id, status, overrideReason) {
  return call('set_purchase_order_status', { id, status, overrideReason });
}

/**
 * Removes a purchase order recorded by mistake (one no invoice bills).
 * @param {number} id
 * @returns {Promise<void>}
 */
export function deletePurchaseOrder(id) {
  return call('delete_purchase_order', { id });
}

/**
 * Records a change order on a purchase order.
 * @param {ChangeOrderInput} input
 * @param {string} overrideReason
 * @returns {Promise<Recorded>}
 */
export function addChangeOrder(input, overrideReason) {
  return call('add_change_order', { input, overrideReason });
}

/**
 * Records an invoice, or a credit memo, billing a purchase order.
 * @param {InvoiceInput} input
 * @param {string} overrideReason
 * @returns {Promise<Recorded>}
 */
export function addInvoice(input, overrideReason) {
  return call('add_invoice', { input, overrideReason });
}

/**
 * Removes an invoice entered by mistake.
 * @param {number} id
 * @param {string} overrideReason
 * @returns {Promise<Recorded>}
 */
export function deleteInvoice(id, overrideReason) {
  return call('delete_invoice', { id, overrideReason });
}

// ---------------------------------------------------------------------------------------
// Backups

/**
 * @typedef {import('../types/BackupKind').BackupKind} BackupKind
 * @typedef {import('../types/BackupInfo').BackupInfo} BackupInfo
 * @typedef {import('../types/RestoreReport').RestoreReport} RestoreReport
 * @typedef {import('../types/RecoveryReport').RecoveryReport} RecoveryReport
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
 * @typedef {import('../types/Format').Format} Format
 * @typedef {import('../types/ColumnMapping').ColumnMapping} ColumnMapping
 * @typedef {import('../types/Mapping').Mapping} Mapping
 * @typedef {import('../types/ConstantValue').ConstantValue} ConstantValue
 * @typedef {import('../types/MappableField').MappableField} MappableField
 * @typedef {import('../types/ChosenFile').ChosenFile} ChosenFile
 * @typedef {import('../types/InvalidRow').InvalidRow} InvalidRow
 * @typedef {import('../types/Difference').Difference} Difference
 * @typedef {import('../types/ChangedRow').ChangedRow} ChangedRow
 * @typedef {import('../types/RowWarning').RowWarning} RowWarning
 * @typedef {import('../types/PlanCounts').PlanCounts} PlanCounts
 * @typedef {import('../types/PlanSummary').PlanSummary} PlanSummary
 * @typedef {import('../types/Side').Side} Side
 * @typedef {import('../types/FieldChoice').FieldChoice} FieldChoice
 * @typedef {import('../types/Choices').Choices} Choices
 * @typedef {import('../types/Phase').Phase} Phase
 * @typedef {import('../types/Progress').Progress} Progress
 * @typedef {import('../types/ImportReport').ImportReport} ImportReport
 * @typedef {import('../types/ExportReport').ExportReport} ExportReport
 * @typedef {import('../types/Exported').Exported} Exported
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

/**
 * Listens for the integrity check that runs after the window opened finding the library
 * damaged (nothing was written to it); resolves to the function that stops listening.
 * @param {(error: AppError) => void} handler
 * @returns {Promise<() => void>}
 */
export async function onLibraryDamaged(handler) {
  const tauri = window.__TAURI__;
  if (!tauri) return () => {};
  return tauri.event.listen('library-damaged', (/** @type {{payload: unknown}} */ e) => handler(toAppError(e.payload)));
}

// ---------------------------------------------------------------------------------------
// What comes due: the Needs-action list, the calendar export, certificates of insurance

/**
 * @typedef {import('../types/DueList').DueList} DueList
 * @typedef {import('../types/DueItem').DueItem} DueItem
 * @typedef {import('../types/DueKind').DueKind} DueKind
 * @typedef {import('../types/DuePage').DuePage} DuePage
 * @typedef {import('../types/DueSettings').DueSettings} DueSettings
 * @typedef {import('../types/Certificate').Certificate} Certificate
 * @typedef {import('../types/CertificateInput').CertificateInput} CertificateInput
 * @typedef {import('../types/CalendarExport').CalendarExport} CalendarExport
 */

/**
 * How many items need action today (in all and of each kind), the `page` of them asked
 * for (soonest first), what is snoozed, how many were dismissed.
 * @param {DuePage} page
 * @returns {Promise<DueList>}
 */
export function listDue(page) {
  return call('list_due', { page });
}

/**
 * Sets an item aside until `until` (a later day), when it shows again; answers the list
 * with `page` written out.
 * @param {string} key
 * @param {string} until YYYY-MM-DD
 * @param {DuePage} page
 * @returns {Promise<DueList>}
 */
export function snoozeDueItem(key, until, page) {
  return call('snooze_due_item', { key, until, page });
}

/**
 * Dismisses an item for good; the reason is kept in the history. Answers the list with
 * `page` written out.
 * @param {string} key
 * @param {string} reason
 * @param {DuePage} page
 * @returns {Promise<DueList>}
 */
export function dismissDueItem(key, reason, page) {
  return call('dismiss_due_item', { key, reason, page });
}

/**
 * "Export to calendar": asks where to save, then writes the .ics file and remembers it
 * for {@link updateCalendarFile}.
 * @returns {Promise<CalendarExport | null>} null when the clerk cancels
 */
export function exportCalendar() {
  return call('export_calendar');
}

/**
 * The calendar file last exported to, if any.
 * @returns {Promise<string | null>}
 */
export function calendarFile() {
  return call('calendar_file');
}

/**
 * "Update calendar file": writes the .ics again where it was last exported, unasked.
 * @returns {Promise<CalendarExport>}
 */
export function updateCalendarFile() {
  return call('update_calendar_file');
}

/**
 * A contract's own lead time in days; null when it takes the Settings' default.
 * @param {number} contractId
 * @returns {Promise<number | null>}
 */
export function getContractLeadTime(contractId) {
  return call('get_contract_lead_time', { contractId });
}

/**
 * Sets a contract's own lead time (days), or with null returns it to the default.
 * @param {number} contractId
 * @param {number | null} days
 * @returns {Promise<number | null>}
 */
export function setContractLeadTime(contractId, days) {
  return call('set_contract_lead_time', { contractId, days });
}

/**
 * A contract's certificates of insurance, latest expiry first.
 * @param {number} contractId
 * @returns {Promise<Certificate[]>}
 */
export function listCertificates(contractId) {
  return call('list_certificates', { contractId });
}

/**
 * Records a certificate of insurance; bad input fails with one sentence per field.
 * @param {CertificateInput} input
 * @returns {Promise<Certificate>}
 */
export function addCertificate(input) {
  return call('add_certificate', { input });
}

/**
 * The default lead time and the minimum insurance limits.
 * @returns {Promise<DueSettings>}
 */
export function getDueSettings() {
  return call('get_due_settings');
}

/**
 * Keeps the default lead time and the minimum insurance limits.
 * @param {DueSettings} settings
 * @returns {Promise<DueSettings>}
 */
export function saveDueSettings(settings) {
  return call('save_due_settings', { settings });
}

// ---------------------------------------------------------------------------------------
// The renewal memo (Spending → a council action → "Write the renewal memo"). It prints,
// and is saved as PDF or Word, through the memos' commands above.

/**
 * @typedef {import('../types/RenewalView').RenewalView} RenewalView
 * @typedef {import('../types/RenewalDraft').RenewalDraft} RenewalDraft
 */

/**
 * Starts the renewal memo from a council action, every section prefilled from the library.
 * @param {number} approvalId
 * @returns {Promise<RenewalView>}
 */
export function createRenewalMemo(approvalId) {
  return call('create_renewal_memo', { approvalId });
}

/**
 * A renewal memo's latest version, its sections and its preview.
 * @param {number} id
 * @returns {Promise<RenewalView>}
 */
export function getRenewalMemo(id) {
  return call('get_renewal_memo', { id });
}

/**
 * Saves the clerk's edits (a new version when the latest was printed).
 * @param {number} id
 * @param {RenewalDraft} draft
 * @returns {Promise<RenewalView>}
 */
export function saveRenewalMemo(id, draft) {
  return call('save_renewal_memo', { id, draft });
}

// ---------------------------------------------------------------------------------------
// The finance-system import (Spending → "Import from finance system…")

/**
 * @typedef {import('../types/PurchaseFile').PurchaseFile} PurchaseFile
 * @typedef {import('../types/PurchasePlan').PurchasePlan} PurchasePlan
 * @typedef {import('../types/VendorMatch').VendorMatch} VendorMatch
 */

/**
 * "Import from finance system…": asks for a finance system's report (CSV or Excel) in
 * the system dialog and reads its column headings, with the mapping remembered for them
 * (else guessed). Null when cancelled.
 * @returns {Promise<PurchaseFile | null>}
 */
export function choosePurchaseFile() {
  return call('choose_purchase_file');
}

/**
 * Reads another sheet of the chosen workbook, with the mapping remembered for its
 * headings (else guessed); rejects with why, the sheet read before staying chosen.
 * @param {string} sheet
 * @returns {Promise<PurchaseFile>}
 */
export function choosePurchaseSheet(sheet) {
  return call('choose_purchase_sheet', { sheet });
}

/**
 * What importing the chosen report with `mapping` would do with every row, with the
 * vendor matches the clerk `confirmed`; writes nothing.
 * @param {Mapping} mapping
 * @param {VendorMatch[]} confirmed
 * @returns {Promise<PurchasePlan>}
 */
export function planPurchaseImport(mapping, confirmed) {
  return call('plan_purchase_import', { mapping, confirmed });
}

/**
 * Imports the chosen report in one transaction, after a backup; rows that break a guard
 * rail go in with `overrideReason` (rejects with `needs_override`, nothing written, when
 * they need one and it is empty). The vendor matches `confirmed` are remembered.
 * @param {Mapping} mapping
 * @param {VendorMatch[]} confirmed
 * @param {string} overrideReason
 * @returns {Promise<PurchasePlan>}
 */
export function applyPurchaseImport(mapping, confirmed, overrideReason) {
  return call('apply_purchase_import', { mapping, confirmed, overrideReason });
}

/** Forgets the chosen report. */
export function discardPurchaseImport() {
  return call('discard_purchase_import');
}

// ---------------------------------------------------------------------------------------
// The shared library: a PostgreSQL hub (Settings → Shared library, the status bar)

/**
 * @typedef {import('../types/SharedLibrary').SharedLibrary} SharedLibrary
 * @typedef {import('../types/JoinedHub').JoinedHub} JoinedHub
 * @typedef {import('../types/SyncState').SyncState} SyncState
 * @typedef {import('../types/SyncProblem').SyncProblem} SyncProblem
 * @typedef {import('../types/SharedConflict').SharedConflict} SharedConflict
 * @typedef {import('../types/ConflictCase').ConflictCase} ConflictCase
 * @typedef {import('../types/ConflictField').ConflictField} ConflictField
 * @typedef {import('../types/ConflictChoice').ConflictChoice} ConflictChoice
 */

/**
 * The hub this library is joined to (if any), when it last synced, what waits to be
 * shared, the conflicts, what is shared, and how the last sync went.
 * @returns {Promise<SharedLibrary>}
 */
export function sharedLibrary() {
  return call('shared_library');
}

/**
 * "Choose CA file…": asks for the hub's certificate file in the system dialog; resolves
 * to its name (the next join trusts it), or null when cancelled.
 * @returns {Promise<string | null>}
 */
export function chooseHubCaFile() {
  return call('choose_hub_ca_file');
}

/**
 * Joins the hub at `address` (postgresql://LOGIN@SERVER:PORT/DATABASE) with `password`,
 * which goes to the system's credential store; trusts the CA file chosen when
 * `withCaFile`. The first sync follows by itself (`onHubSynced`).
 * @param {string} address
 * @param {string} password
 * @param {boolean} withCaFile
 * @returns {Promise<SharedLibrary>}
 */
export function joinHub(address, password, withCaFile) {
  return call('join_hub', { address, password, withCaFile });
}

/**
 * Syncs now (after a sync already under way); resolves to the section as it then is,
 * with any problem in `sync.problem`.
 * @returns {Promise<SharedLibrary>}
 */
export function syncHubNow() {
  return call('sync_hub_now');
}

/**
 * Leaves the hub: the library keeps every contract and stops sharing.
 * @returns {Promise<SharedLibrary>}
 */
export function leaveHub() {
  return call('leave_hub');
}

/**
 * The contracts changed both here and on the hub, field by field.
 * @returns {Promise<SharedConflict[]>}
 */
export function hubConflicts() {
  return call('hub_conflicts');
}

/**
 * Settles one conflict; resolves to the conflicts left.
 * @param {string} globalId
 * @param {ConflictChoice} choice
 * @returns {Promise<SharedConflict[]>}
 */
export function resolveHubConflict(globalId, choice) {
  return call('resolve_hub_conflict', { globalId, choice });
}

/**
 * Listens for each sync the app runs by itself (on start, after a change, every few
 * minutes) or on request; resolves to the function that stops listening.
 * @param {(shared: SharedLibrary) => void} handler
 * @returns {Promise<() => void>}
 */
export async function onHubSynced(handler) {
  const tauri = window.__TAURI__;
  if (!tauri) return () => {};
  return tauri.event.listen('hub-synced', (/** @type {{payload: SharedLibrary}} */ e) => handler(e.payload));
}
