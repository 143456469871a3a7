//! Everything the audit export shows, read in one go: every approval with where it stands,
//! every purchase order (with or without a council action), every guard rail overridden,
//! and each approval's variance against the comparison its printed memo froze.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::{approvals, history, orders, Scope};
use crate::db::Database;
use crate::memo::content::option_index;
use crate::memo::store::parse_content;
use crate::spending::export::{Audit, AuditedApproval};
use crate::spending::model::{Approval, PurchaseOrder, SpendingAction};
use crate::spending::variance::{variance, Basis, Projection, Variance};
use crate::{tco, Result};

/// What the auditor's workbook and CSV files hold, as the library stands on `today`.
pub fn audit(db: &Database, today: NaiveDate) -> Result<Audit> {
    let conn = db.conn();
    let settings = crate::settings::load(db)?;
    let mut summaries = approvals(db, today)?;
    summaries.reverse(); // oldest meeting first, as a ledger reads
    let orders = orders(conn, Scope::All)?;
    let mut overrides = Vec::new();
    let mut variances = Vec::new();
    for summary in &summaries {
        let approval = &summary.approval;
        overrides.extend(history(conn, Some(approval.id))?);
        let under: Vec<PurchaseOrder> = orders
            .iter()
            .filter(|o| o.approval_id == Some(approval.id))
            .cloned()
            .collect();
        let (basis, projection) = projection(conn, approval)?;
        variances.push(variance(
            approval.id,
            basis,
            projection.as_ref(),
            settings.fiscal_year_start_month,
            &under,
        ));
    }
    overrides.extend(history(conn, None)?);
    overrides.retain(|e| e.action == SpendingAction::Override);
    overrides.sort_by_key(|e| e.at);
    Ok(Audit {
        jurisdiction: settings.jurisdiction_name.trim().to_owned(),
        today,
        approvals: summaries
            .into_iter()
            .map(|s| AuditedApproval {
                approval: s.approval,
                contract_number: s.contract_number,
                vendor: s.vendor,
                figures: s.figures,
            })
            .collect(),
        orders,
        overrides,
        variances,
        fiscal_year_start_month: settings.fiscal_year_start_month,
    })
}

/// The projection of the option the approval's printed memo version recommended, or why
/// there is none.
fn projection(conn: &Connection, approval: &Approval) -> Result<(Basis, Option<Projection>)> {
    let none = |reason: &str| {
        Ok((
            Basis::NoComparison {
                reason: reason.to_owned(),
            },
            None,
        ))
    };
    let (Some(memo_id), Some(memo_version)) = (approval.memo_id, approval.memo_version) else {
        return none("the action was recorded on the contract, with no memo.");
    };
    let content: Option<String> = conn
        .query_row(
            "SELECT content FROM memo_versions WHERE memo_id = ?1 AND version = ?2",
            rusqlite::params![memo_id, memo_version],
            |r| r.get(0),
        )
        .optional()?;
    let Some(content) = content else {
        return none(&format!(
            "version {memo_version} of memo {memo_id} is no longer in the library."
        ));
    };
    if crate::memo::renewal::is_renewal(&content) {
        return none(&format!(
            "memo {memo_id} is a renewal memo, which projects nothing by year."
        ));
    }
    let content = parse_content(&content)?;
    let comparison = content.sources.comparison.clone().with_unique_names();
    let Ok(chosen) = option_index(&comparison, content.draft.option_ref()) else {
        return none(&format!(
            "the comparison in memo {memo_id} no longer has the option it recommended."
        ));
    };
    let results = tco::compare(&comparison)?;
    let basis = Basis::Compared {
        memo_id,
        memo_version,
        comparison: comparison.title.trim().to_owned(),
        option: results.options[chosen].name.clone(),
    };
    let projection = Projection::of(&results, chosen, comparison.start.first_month);
    Ok((basis, Some(projection)))
}

/// The variance of one approval, for the window and the command line.
pub fn approval_variance(db: &Database, id: i64) -> Result<Variance> {
    let conn = db.conn();
    let approval = approvals::read(conn, id)?;
    let under = orders(conn, Scope::Approval(id))?;
    let (basis, projection) = projection(conn, &approval)?;
    let month = crate::settings::load(db)?.fiscal_year_start_month;
    Ok(variance(id, basis, projection.as_ref(), month, &under))
}
