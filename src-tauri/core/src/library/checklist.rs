//! The due-diligence checklist kept for each contract: what a buyer verifies before
//! piggybacking on a cooperative contract, following NIGP / NCPP guidance on
//! cooperative purchasing, and who verified it when.
//!
//! Invariants: every contract has every [`ChecklistItem`]; an item never answered reads
//! as "not yet" with nobody and no date. Each change is recorded in the contract's
//! history as `dueDiligence.<item>` old → new.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contract;
use super::history::{self, Action, FieldChange};
use crate::db::{atomically, stamp, Database};
use crate::{Error, FieldError, Result};

/// The items of the checklist, in the order a buyer works through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChecklistItem {
    /// The lead agency solicited the contract competitively.
    CompetitivelySolicited,
    /// The solicitation named other agencies as eligible users (cooperative clause).
    CooperativeClause,
    /// Our entity type and state are eligible.
    EntityAndStateEligible,
    /// Membership, interlocal agreement or participating addendum in place.
    MembershipInPlace,
    /// The term remaining covers the purchase.
    TermCoversPurchase,
    /// Pricing reviewed against the price list and at least one other source.
    PricingReviewed,
    /// Vendor not debarred (record the date checked in `checked_on`).
    VendorNotDebarred,
    /// Fit for federal funds (2 CFR 200.318–200.320) where grant money is used.
    FederalFundsFit,
    /// Insurance and bonding reviewed.
    InsuranceAndBonding,
}

impl ChecklistItem {
    /// Every item, in checklist order.
    pub const ALL: [ChecklistItem; 9] = [
        ChecklistItem::CompetitivelySolicited,
        ChecklistItem::CooperativeClause,
        ChecklistItem::EntityAndStateEligible,
        ChecklistItem::MembershipInPlace,
        ChecklistItem::TermCoversPurchase,
        ChecklistItem::PricingReviewed,
        ChecklistItem::VendorNotDebarred,
        ChecklistItem::FederalFundsFit,
        ChecklistItem::InsuranceAndBonding,
    ];

    /// The stored and wire key (`vendorNotDebarred`).
    pub fn key(self) -> &'static str {
        match self {
            ChecklistItem::CompetitivelySolicited => "competitivelySolicited",
            ChecklistItem::CooperativeClause => "cooperativeClause",
            ChecklistItem::EntityAndStateEligible => "entityAndStateEligible",
            ChecklistItem::MembershipInPlace => "membershipInPlace",
            ChecklistItem::TermCoversPurchase => "termCoversPurchase",
            ChecklistItem::PricingReviewed => "pricingReviewed",
            ChecklistItem::VendorNotDebarred => "vendorNotDebarred",
            ChecklistItem::FederalFundsFit => "federalFundsFit",
            ChecklistItem::InsuranceAndBonding => "insuranceAndBonding",
        }
    }

    /// The question as the clerk reads it.
    pub fn label(self) -> &'static str {
        match self {
            ChecklistItem::CompetitivelySolicited => {
                "The lead agency solicited the contract competitively"
            }
            ChecklistItem::CooperativeClause => {
                "The solicitation named other agencies as eligible users (cooperative clause)"
            }
            ChecklistItem::EntityAndStateEligible => "Our entity type and state are eligible",
            ChecklistItem::MembershipInPlace => {
                "Membership, interlocal agreement or participating addendum is in place"
            }
            ChecklistItem::TermCoversPurchase => "The term remaining covers the purchase",
            ChecklistItem::PricingReviewed => {
                "Pricing reviewed against the price list and at least one other source"
            }
            ChecklistItem::VendorNotDebarred => {
                "The vendor is not debarred (SAM.gov and state lists, with the date checked)"
            }
            ChecklistItem::FederalFundsFit => {
                "Fit for federal funds (2 CFR 200.318–200.320) where grant money is used"
            }
            ChecklistItem::InsuranceAndBonding => "Insurance and bonding reviewed",
        }
    }

    fn from_key(key: &str) -> Option<ChecklistItem> {
        ChecklistItem::ALL
            .into_iter()
            .find(|item| item.key() == key)
    }
}

/// The answer to one item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    Yes,
    No,
    NotApplicable,
    #[default]
    NotYet,
}

impl Answer {
    fn key(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::NotApplicable => "notApplicable",
            Answer::NotYet => "notYet",
        }
    }

    /// The answer in plain words ("not applicable").
    pub fn words(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::NotApplicable => "not applicable",
            Answer::NotYet => "not yet",
        }
    }

    fn from_key(key: &str) -> Option<Answer> {
        [
            Answer::Yes,
            Answer::No,
            Answer::NotApplicable,
            Answer::NotYet,
        ]
        .into_iter()
        .find(|answer| answer.key() == key)
    }
}

/// One item of a contract's checklist and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistEntry {
    pub item: ChecklistItem,
    /// Filled in by [`checklist`]; ignored when setting.
    #[serde(default)]
    pub label: String,
    pub answer: Answer,
    /// Who checked.
    #[serde(default)]
    pub checked_by: String,
    /// When it was checked (for debarment, the day the lists were searched).
    #[serde(default)]
    pub checked_on: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
}

impl ChecklistEntry {
    fn unanswered(item: ChecklistItem) -> Self {
        ChecklistEntry {
            item,
            label: item.label().to_owned(),
            answer: Answer::NotYet,
            checked_by: String::new(),
            checked_on: None,
            note: String::new(),
        }
    }

    /// The entry as one line of history text.
    fn as_text(&self) -> String {
        let mut text = self.answer.words().to_owned();
        if !self.checked_by.trim().is_empty() {
            text.push_str(&format!(", by {}", self.checked_by));
        }
        if let Some(day) = self.checked_on {
            text.push_str(&format!(", on {day}"));
        }
        if !self.note.trim().is_empty() {
            text.push_str(&format!(" ({})", self.note));
        }
        text
    }
}

/// The whole checklist of a contract, every item in order, unanswered ones as "not yet".
pub fn checklist(db: &Database, contract_id: i64) -> Result<Vec<ChecklistEntry>> {
    let conn = db.conn();
    contract::get(db, contract_id)?;
    ChecklistItem::ALL
        .into_iter()
        .map(|item| {
            Ok(
                stored(conn, contract_id, item)?
                    .unwrap_or_else(|| ChecklistEntry::unanswered(item)),
            )
        })
        .collect()
}

fn stored(
    conn: &Connection,
    contract_id: i64,
    item: ChecklistItem,
) -> Result<Option<ChecklistEntry>> {
    let row = conn
        .query_row(
            "SELECT answer, checked_by, checked_on, note FROM due_diligence
             WHERE contract_id = ?1 AND item = ?2",
            rusqlite::params![contract_id, item.key()],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<NaiveDate>>(2)?,
                    row.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(answer, checked_by, checked_on, note)| {
        Ok(ChecklistEntry {
            item,
            label: item.label().to_owned(),
            answer: Answer::from_key(&answer).ok_or_else(|| Error::NotFound {
                what: format!("A readable answer to '{}'", item.label()),
            })?,
            checked_by,
            checked_on,
            note,
        })
    })
    .transpose()
}

/// Sets one item of a contract's checklist and records the change in its history.
/// Answering "yes" or "no" needs who checked, so the memo can say it.
/// What is wrong with an answer, if anything: a yes or no needs who checked it. The one
/// check both the form and an import's plan use.
pub fn entry_error(entry: &ChecklistEntry) -> Option<FieldError> {
    (matches!(entry.answer, Answer::Yes | Answer::No) && entry.checked_by.trim().is_empty()).then(
        || {
            FieldError::new(
                "checkedBy",
                "Checked by",
                "Write who checked this item, so the memo can name them.",
            )
        },
    )
}

pub fn set_item(
    db: &Database,
    contract_id: i64,
    entry: &ChecklistEntry,
    now: NaiveDateTime,
) -> Result<()> {
    let conn = db.conn();
    contract::get(db, contract_id)?;
    if let Some(error) = entry_error(entry) {
        return Err(Error::InvalidFields(vec![error]));
    }
    let old = stored(conn, contract_id, entry.item)?
        .unwrap_or_else(|| ChecklistEntry::unanswered(entry.item));
    let (before, after) = (old.as_text(), entry.as_text());
    if before == after {
        return Ok(());
    }
    atomically(conn, || {
        conn.execute(
            "INSERT INTO due_diligence
                 (contract_id, item, answer, checked_by, checked_on, note, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (contract_id, item) DO UPDATE SET
                 answer = excluded.answer, checked_by = excluded.checked_by,
                 checked_on = excluded.checked_on, note = excluded.note,
                 updated_at = excluded.updated_at",
            rusqlite::params![
                contract_id,
                entry.item.key(),
                entry.answer.key(),
                entry.checked_by,
                entry.checked_on,
                entry.note,
                stamp(now)
            ],
        )?;
        history::record(
            conn,
            contract_id,
            now,
            Action::Update,
            &[FieldChange::new(
                format!("dueDiligence.{}", entry.item.key()),
                format!("Due diligence: {}", entry.item.label()),
                before,
                after,
            )],
        )
    })
}

/// Parses an item key as the UI or CLI sends it.
pub fn item_from_key(key: &str) -> Result<ChecklistItem> {
    ChecklistItem::from_key(key).ok_or_else(|| {
        Error::invalid(
            "Checklist item",
            format!("'{key}' is not an item of the due-diligence checklist."),
        )
    })
}
