//! The Comparisons screen's commands: saved comparisons, and the calculation the editor
//! runs as the clerk types. Comparisons, results, money and rates cross as the core
//! declares them (decimals as strings).

use chrono::Local;
use coopdesk_core::settings;
use coopdesk_core::tco::chart::{self, Calculation, ChartBasis};
use coopdesk_core::tco::rate_choice::{self, RateChoice};
use coopdesk_core::tco::rates::{a94_rate as a94, A94Rate, RateKind};
use coopdesk_core::tco::store::{self, ComparisonSummary, StoredComparison};
use coopdesk_core::tco::template::{self, CategoryChoice};
use coopdesk_core::tco::{compare, Comparison};
use tauri::{AppHandle, Runtime, State};

use super::{ask_where_to_save, Reply};
use crate::state::Library;

/// Every saved comparison, most recently changed first.
#[tauri::command(async)]
pub fn list_comparisons(library: State<'_, Library>) -> Reply<Vec<ComparisonSummary>> {
    library.with(|db| store::list(db))
}

/// One saved comparison.
#[tauri::command(async)]
pub fn get_comparison(library: State<'_, Library>, id: i64) -> Reply<StoredComparison> {
    library.with(|db| store::get(db, id))
}

/// Saves a new comparison (`id` absent) or over a saved one; returns what is stored.
#[tauri::command(async)]
pub fn save_comparison(
    library: State<'_, Library>,
    id: Option<i64>,
    comparison: Comparison,
) -> Reply<StoredComparison> {
    let now = Local::now().naive_local();
    library.with_write(|db| store::get(db, store::save(db, id, &comparison, now)?))
}

/// Copies a saved comparison as "… (copy)"; returns the copy's id.
#[tauri::command(async)]
pub fn duplicate_comparison(library: State<'_, Library>, id: i64) -> Reply<i64> {
    library.with_write(|db| store::duplicate(db, id, Local::now().naive_local()))
}

/// Deletes a saved comparison.
#[tauri::command(async)]
pub fn delete_comparison(library: State<'_, Library>, id: i64) -> Reply<()> {
    library.with_write(|db| store::delete(db, id))
}

/// Calculates a comparison as entered (saved or not) and draws its cumulative cost.
/// Needs no library: the editor keeps calculating even if the database is unavailable.
#[tauri::command(async)]
pub fn calculate_comparison(comparison: Comparison, basis: ChartBasis) -> Reply<Calculation> {
    Ok(chart::calculate(&comparison, basis)?)
}

/// "Export to Excel…": the comparison as it stands in the editor, as a workbook whose
/// inputs are values and whose every result is a live formula, written where the clerk
/// chooses. Answers the path written, or `null` when the clerk cancels.
#[tauri::command(async)]
pub fn export_comparison_workbook<R: Runtime>(
    app: AppHandle<R>,
    comparison: Comparison,
) -> Reply<Option<String>> {
    let results = compare(&comparison)?;
    let title = comparison.title.trim();
    let suggested = coopdesk_core::files::safe_file_name(&format!(
        "{}.xlsx",
        if title.is_empty() {
            "Comparison"
        } else {
            title
        }
    ));
    let Some(path) = ask_where_to_save(
        &app,
        "Export the comparison to Excel",
        &suggested,
        ("Excel workbook", "xlsx"),
    )?
    else {
        return Ok(None);
    };
    coopdesk_core::tco::workbook::write_comparison_workbook(&comparison, &results, &path)?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// OMB Circular A-94's discount rate for a horizon, with its citation.
#[tauri::command(async)]
pub fn a94_rate(horizon_years: u32, kind: RateKind) -> Reply<A94Rate> {
    Ok(a94(horizon_years, kind)?)
}

/// The cost categories with the words the editor shows.
#[tauri::command(async)]
pub fn cost_categories() -> Vec<CategoryChoice> {
    template::category_choices()
}

/// The comparison "New comparison" opens: the usual options, no costs, year 1 the fiscal
/// year under way by the jurisdiction's settings.
#[tauri::command(async)]
pub fn new_comparison(library: State<'_, Library>) -> Reply<Comparison> {
    let today = Local::now().date_naive();
    library.with(|db| settings::load(db)).map(|s| {
        template::new_comparison_with_policy(s.fiscal_year_start_month, today, s.policy_rate())
    })
}

/// What the editor offers for a comparison's discount rate — the policy rate in Settings,
/// OMB A-94's for its horizon with its table's age — and what it says about the rate.
#[tauri::command(async)]
pub fn discount_rate_choice(
    library: State<'_, Library>,
    comparison: Comparison,
) -> Reply<RateChoice> {
    let policy = library.with(|db| settings::load(db))?.policy_rate();
    Ok(rate_choice::rate_choice(&comparison, policy)?)
}
