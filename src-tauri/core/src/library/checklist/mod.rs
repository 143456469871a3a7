//! The due-diligence checklist kept for each contract: what a buyer verifies before
//! piggybacking on a cooperative contract, following NIGP / NCPP guidance on
//! cooperative purchasing, and who verified it when.
//!
//! Invariants: every contract has every [`ChecklistItem`]; an item never answered reads
//! as "not yet" with nobody and no date. Each change is recorded in the contract's
//! history as `dueDiligence.<item>` old → new.
//!
//! Data only: [`store`] reads and answers it in the library (re-exported here, so
//! `checklist::checklist` reads one).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, FieldError, Result};

pub mod store;

pub use store::{checklist, set_item};

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
    pub(crate) fn unanswered(item: ChecklistItem) -> Self {
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

/// Parses an item key as the UI or CLI sends it.
pub fn item_from_key(key: &str) -> Result<ChecklistItem> {
    ChecklistItem::from_key(key).ok_or_else(|| {
        Error::invalid(
            "Checklist item",
            format!("'{key}' is not an item of the due-diligence checklist."),
        )
    })
}
