//! The renewal memo, written from a council action ([`crate::memo::renewal`] composes
//! it): gathers its facts from the spending engine ([`spending::store::approval_view`]'s
//! figures and [`spending::store::approval_variance`]), the price-list overrides in the
//! action's history, the certificates of insurance ([`insurance`]) and the settings;
//! stores it as a memo version (tables `memos`, `memo_versions`); opens and saves it for
//! the editor. Printing and writing Word go through [`crate::memo::store`], like every
//! memo. Kept apart from `memo` so that `memo` does not depend on `spending` (which reads
//! memos).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::db::{atomically, Database};
use crate::insurance;
use crate::library::contract;
use crate::memo::placeholders::{placeholders, Placeholder};
use crate::memo::renewal::{
    capitalised, compose, is_renewal, parse, ApprovedAction, Coverage, Deviation, Kind,
    RenewalContent, RenewalSources, Standing, YearSpent,
};
use crate::memo::sections::{self, Section};
use crate::memo::store::{SectionText, VersionSummary};
use crate::memo::to_html;
use crate::settings;
use crate::spending::model::SpendingAction;
use crate::spending::{self, Rule};
use crate::tco::dollars;
use crate::{Error, Result};

pub use crate::memo::renewal::RenewalDraft;

/// A renewal memo opened for editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenewalView {
    pub id: i64,
    pub title: String,
    /// The council action it was written from.
    pub approval_id: i64,
    pub version: u32,
    pub printed_at: Option<NaiveDateTime>,
    pub versions: Vec<VersionSummary>,
    pub draft: RenewalDraft,
    pub sections: Vec<SectionText>,
    /// The preview: the memo as an escaped HTML fragment.
    pub html: String,
    pub file_name: String,
    pub placeholders: Vec<Placeholder>,
}

/// The facts of council action `approval_id` as they stand on `today`: the engine's
/// figures and variance, the overrides above the price list, the insurance on file.
pub fn sources(db: &Database, approval_id: i64, today: NaiveDate) -> Result<RenewalSources> {
    let view = spending::store::approval_view(db, approval_id, today)?;
    let approval = view.summary.approval;
    let figures = view.summary.figures;
    let variance = spending::store::approval_variance(db, approval_id)?;
    let contract = contract::get(db, approval.contract_id)?;
    let settings = settings::load(db)?;
    let minimums = crate::due::store::settings(db)?.minimum_limits;
    let insurance = insurance::store::certificates(db, approval.contract_id)?
        .into_iter()
        .map(|c| Coverage {
            shortfalls: insurance::model::shortfalls(&c, &minimums)
                .iter()
                .map(|s| s.sentence())
                .collect(),
            insurer: c.insurer,
            policies: c
                .policies
                .iter()
                .map(|p| format!("{} {}", capitalised(p.kind.words()), dollars(p.limit)))
                .collect::<Vec<_>>()
                .join("; "),
            effective_date: c.effective_date,
            expiry_date: c.expiry_date,
            additional_insured: additional_insured_words(c.additional_insured).to_owned(),
        })
        .collect();
    let deviations = view
        .history
        .iter()
        .filter(|e| e.action == SpendingAction::Override && e.rule == Some(Rule::AbovePriceList))
        .map(|e| Deviation {
            at: e.at,
            sentence: e.sentence.clone().unwrap_or_default(),
            reason: e.reason.clone().unwrap_or_default(),
        })
        .collect();
    Ok(RenewalSources {
        basis: variance.basis_words(),
        years: variance
            .years
            .iter()
            .map(|y| YearSpent {
                fiscal_year: y.fiscal_year.clone(),
                projected: y.projected,
                invoiced: y.invoiced,
                variance: y.variance,
                percent: y.percent,
            })
            .collect(),
        standing: Standing {
            authorised: figures.authorised,
            committed: figures.committed,
            invoiced: figures.invoiced,
            paid: figures.paid,
            remaining: figures.remaining,
        },
        approval: ApprovedAction {
            id: approval.id,
            outcome: approval.outcome.words().to_owned(),
            meeting_date: approval.meeting_date,
            agenda_item: approval.agenda_item,
            action_number: approval.action_number,
            not_to_exceed: approval.not_to_exceed,
            term_from: approval.term_from,
            term_to: approval.term_to,
            renewals_need_vote: approval.renewals_need_vote,
            fiscal_years: approval.fiscal_years,
            conditions: approval.conditions,
            revision: approval.revision,
        },
        as_of: today,
        deviations,
        insurance,
        contract,
        settings,
    })
}

/// Starts a renewal memo from council action `approval_id`, every section prefilled
/// from the library as it stands on `now`. Returns the memo's id.
pub fn create(db: &Database, approval_id: i64, now: NaiveDateTime) -> Result<i64> {
    let sources = sources(db, approval_id, now.date())?;
    let settings = &sources.settings;
    let draft = RenewalDraft {
        to: settings.memo_to.clone(),
        from: settings.memo_from(),
        date: now.date(),
        signers: settings.signers.clone(),
        ..RenewalDraft::default()
    };
    let content = RenewalContent {
        kind: Kind::Renewal,
        draft,
        sources,
    };
    let title = content.render().title;
    let json = to_json(&content)?;
    atomically(db.conn(), || {
        db.conn().execute(
            "INSERT INTO memos (title, comparison_id, created_at, updated_at)
             VALUES (?1, NULL, ?2, ?2)",
            params![title, now],
        )?;
        let id = db.conn().last_insert_rowid();
        db.conn().execute(
            "INSERT INTO memo_versions (memo_id, version, content, saved_at)
             VALUES (?1, 1, ?2, ?3)",
            params![id, json, now],
        )?;
        Ok(id)
    })
}

/// The renewal memo's latest version, rendered, with its sections for the editor.
pub fn open(db: &Database, id: i64) -> Result<RenewalView> {
    let latest = latest(db, id)?;
    let content = &latest.content;
    let memo = content.render();
    let composed = compose(&content.sources, &content.draft);
    let texts: BTreeMap<Section, String> = sections::section_texts(&memo).into_iter().collect();
    let sections = sections::section_texts(&composed)
        .into_iter()
        .map(|(section, composed)| SectionText {
            section,
            heading: section.heading().to_owned(),
            edited: content.draft.sections.contains_key(&section),
            text: texts.get(&section).cloned().unwrap_or_default(),
            composed,
        })
        .collect();
    Ok(RenewalView {
        id,
        title: memo.title.clone(),
        approval_id: content.sources.approval.id,
        version: latest.version,
        printed_at: latest.printed_at,
        versions: crate::memo::store::versions(db, id)?,
        draft: content.draft.clone(),
        sections,
        html: to_html(&memo),
        file_name: crate::memo::store::file_name(&memo.header.subject, latest.version),
        placeholders: placeholders(&memo),
    })
}

/// Saves the clerk's draft: in place while the latest version is unprinted, else as a
/// new version (a printed version never changes). A section whose text equals the
/// composed text is stored as unedited.
pub fn save(
    db: &Database,
    id: i64,
    draft: &RenewalDraft,
    now: NaiveDateTime,
) -> Result<RenewalView> {
    let latest = latest(db, id)?;
    let mut content = latest.content.clone();
    content.draft = draft.clone();
    let composed: BTreeMap<Section, String> =
        sections::section_texts(&compose(&content.sources, &content.draft))
            .into_iter()
            .collect();
    content.draft.sections.retain(|section, text| {
        composed.get(section) != Some(&sections::to_text(&sections::from_text(text)))
    });
    if content != latest.content {
        let title = content.render().title;
        let json = to_json(&content)?;
        atomically(db.conn(), || {
            if latest.printed_at.is_some() {
                db.conn().execute(
                    "INSERT INTO memo_versions (memo_id, version, content, saved_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, latest.version + 1, json, now],
                )?;
            } else {
                db.conn().execute(
                    "UPDATE memo_versions SET content = ?3, saved_at = ?4
                     WHERE memo_id = ?1 AND version = ?2",
                    params![id, latest.version, json, now],
                )?;
            }
            db.conn().execute(
                "UPDATE memos SET title = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, title, now],
            )?;
            Ok(())
        })?;
    }
    open(db, id)
}

struct Latest {
    version: u32,
    printed_at: Option<NaiveDateTime>,
    content: RenewalContent,
}

fn latest(db: &Database, id: i64) -> Result<Latest> {
    let row: Option<(u32, Option<NaiveDateTime>, String)> = db
        .conn()
        .query_row(
            "SELECT version, printed_at, content FROM memo_versions
             WHERE memo_id = ?1 ORDER BY version DESC LIMIT 1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let (version, printed_at, json) = row.ok_or_else(|| Error::NotFound {
        what: format!("Memo {id}"),
    })?;
    if !is_renewal(&json) {
        return Err(Error::invalid(
            "Memo",
            format!("memo {id} is a justification memo, not a renewal memo; open it in Memos."),
        ));
    }
    Ok(Latest {
        version,
        printed_at,
        content: parse(&json)?,
    })
}

fn to_json(content: &RenewalContent) -> Result<String> {
    serde_json::to_string(content)
        .map_err(|e| Error::Damaged(format!("a memo could not be saved ({e})")))
}

fn additional_insured_words(named: insurance::AdditionalInsured) -> &'static str {
    match named {
        insurance::AdditionalInsured::Yes => "Named",
        insurance::AdditionalInsured::No => "Not named",
        insurance::AdditionalInsured::Unknown => "Not stated",
    }
}
