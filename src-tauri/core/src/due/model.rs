//! The Needs-action list as data: its items, the settings that shape it, and the facts it
//! is computed from. Data only: [`super::store`] reads and writes these.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::insurance::{Certificate, MinimumLimit};
use crate::memo::document::LongDate;
use crate::renewal::Extension;
use crate::spending::{Figures, Rule};

/// Days before a contract's expiry that its renewal decision comes due, unless the
/// Settings or the contract say otherwise.
pub const DEFAULT_LEAD_DAYS: u32 = 120;

/// Days before a certificate of insurance expires that it is listed.
pub const INSURANCE_NOTICE_DAYS: u32 = 30;

/// What an item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DueKind {
    /// A contract in use expires within its lead time: renew, or replace it.
    RenewalDecision,
    /// A council action's approved term ends within the lead time.
    TermEnding,
    /// At the burn rate, the authority runs out within the lead time.
    AuthorityRunningOut,
    /// Committed and invoiced past 80 % of the not-to-exceed.
    NotToExceed80,
    /// Committed and invoiced at or past the not-to-exceed.
    NotToExceed100,
    /// A purchase recorded past a guard rail, with the reason given.
    Override,
    /// The current certificate of insurance expires within 30 days.
    InsuranceExpiring,
    /// The certificate expired and purchases were made after.
    InsuranceLapsed,
    /// The current certificate is below the jurisdiction's minimums.
    InsuranceBelowMinimum,
    /// Facts last verified more than a year ago while purchases are made.
    NotVerified,
}

impl DueKind {
    /// Every kind, in the order the counts are given.
    pub const ALL: [DueKind; 10] = [
        DueKind::RenewalDecision,
        DueKind::TermEnding,
        DueKind::AuthorityRunningOut,
        DueKind::NotToExceed80,
        DueKind::NotToExceed100,
        DueKind::Override,
        DueKind::InsuranceExpiring,
        DueKind::InsuranceLapsed,
        DueKind::InsuranceBelowMinimum,
        DueKind::NotVerified,
    ];

    /// The key's prefix.
    pub fn key(self) -> &'static str {
        match self {
            DueKind::RenewalDecision => "renewal",
            DueKind::TermEnding => "termEnd",
            DueKind::AuthorityRunningOut => "runOut",
            DueKind::NotToExceed80 => "nte80",
            DueKind::NotToExceed100 => "nte100",
            DueKind::Override => "override",
            DueKind::InsuranceExpiring => "insuranceExpiring",
            DueKind::InsuranceLapsed => "insuranceLapsed",
            DueKind::InsuranceBelowMinimum => "insuranceBelow",
            DueKind::NotVerified => "verify",
        }
    }
}

/// Where the one click of an item leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "to", content = "id")]
pub enum Target {
    /// The contract's detail (renewal, insurance, verification).
    Contract(i64),
    /// The council action in Spending (term, authority, overrides).
    Approval(i64),
    /// Spending's purchases with no council action on file.
    Purchases,
}

/// One line of the Needs-action list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueItem {
    /// What a snooze or dismissal names: the kind, the subject, the date or revision.
    pub key: String,
    pub kind: DueKind,
    /// `None` for a purchase with no council action on file.
    pub contract_id: Option<i64>,
    /// "Sourcewell 121923-CDW"; empty without a contract.
    pub contract: String,
    /// What is due, as a sentence.
    pub what: String,
    /// By when: the date it is about (an expiry, a term's end, the day it began).
    pub by: NaiveDate,
    /// The one action, as the button says it: "Decide on renewal".
    pub action: String,
    pub target: Target,
    /// Set when the clerk snoozed it to a later day.
    pub snoozed_until: Option<NaiveDate>,
}

/// The list as the first screen shows it: how many items need action (in all and of
/// each kind), and the page of them asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueList {
    /// What needs action now, soonest first: the page asked for ([`DuePage`]), all of
    /// it unless a page was asked for.
    pub items: Vec<DueItem>,
    /// Where in the list (of the kind asked for, or all) `items` starts.
    pub offset: usize,
    /// How many items need action now, in all.
    pub total: usize,
    /// How many of each kind need action now, in the kinds' order; kinds with none left
    /// out.
    pub counts: Vec<DueCount>,
    /// Set aside until a later day.
    pub snoozed: Vec<DueItem>,
    /// How many current items were dismissed.
    pub dismissed: usize,
}

/// How many items of one kind need action now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueCount {
    pub kind: DueKind,
    pub count: usize,
}

/// Which part of the list to write out: at most `limit` items from `offset` on, of one
/// kind or (`None`) of all. The counts are always of the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuePage {
    pub offset: usize,
    pub limit: usize,
    pub kind: Option<DueKind>,
}

impl DuePage {
    /// The whole list.
    pub const ALL: DuePage = DuePage {
        offset: 0,
        limit: usize::MAX,
        kind: None,
    };

    /// The first `limit` items of all kinds.
    pub fn first(limit: usize) -> DuePage {
        DuePage {
            limit,
            ..DuePage::ALL
        }
    }
}

/// Snoozed or dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DueAction {
    Snooze,
    Dismiss,
}

/// One entry of the list's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueEntry {
    pub key: String,
    pub action: DueAction,
    pub until: Option<NaiveDate>,
    pub reason: String,
    /// The item's sentence when the clerk acted on it.
    pub what: String,
    pub at: NaiveDateTime,
}

/// The jurisdiction's settings for the list and the certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DueSettings {
    /// Days before expiry a renewal decision comes due, for contracts without their own.
    pub default_lead_days: u32,
    /// The least limit required per kind of policy; at most one per kind.
    pub minimum_limits: Vec<MinimumLimit>,
}

impl Default for DueSettings {
    fn default() -> Self {
        DueSettings {
            default_lead_days: DEFAULT_LEAD_DAYS,
            minimum_limits: Vec::new(),
        }
    }
}

/// A contract in use, as the list needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFacts {
    pub id: i64,
    pub cooperative: String,
    pub number: String,
    pub title: String,
    pub vendor: String,
    pub expiry: Option<NaiveDate>,
    pub extension: Extension,
    pub renewal_count: Option<u32>,
    pub renewals_used: Option<u32>,
    pub last_verified: Option<NaiveDate>,
    /// Its own lead time; `None`: the Settings' default.
    pub lead_days: Option<u32>,
    /// The latest purchase order or invoice dated under it.
    pub last_purchase: Option<NaiveDate>,
}

impl ContractFacts {
    /// "Sourcewell 121923-CDW".
    pub fn name(&self) -> String {
        ContractName(self).to_string()
    }
}

/// A contract's name written straight into a sentence: "Sourcewell 121923-CDW".
#[derive(Debug, Clone, Copy)]
pub struct ContractName<'a>(pub &'a ContractFacts);

impl std::fmt::Display for ContractName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (cooperative, number) = (self.0.cooperative.trim(), self.0.number.trim());
        let space = if cooperative.is_empty() || number.is_empty() {
            ""
        } else {
            " "
        };
        write!(f, "{cooperative}{space}{number}")
    }
}

/// A council action that authorised spending, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalFacts {
    pub id: i64,
    pub contract_id: i64,
    /// The action's number ("Resolution 2026-04"), empty when it has none.
    pub number: String,
    /// The day of the meeting that took it.
    pub meeting: NaiveDate,
    pub revision: u32,
    pub not_to_exceed: Decimal,
    pub term_to: Option<NaiveDate>,
    pub figures: Figures,
}

impl ApprovalFacts {
    /// "Resolution 2026-04 of January 13, 2026", written into a sentence when it is
    /// written (most actions make no line the screen shows).
    pub fn citation(&self) -> Citation<'_> {
        Citation(self)
    }
}

/// An action's citation, written straight into a sentence.
#[derive(Debug, Clone, Copy)]
pub struct Citation<'a>(&'a ApprovalFacts);

impl std::fmt::Display for Citation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let number = self.0.number.trim();
        if number.is_empty() {
            write!(f, "the council's action of {}", LongDate(self.0.meeting))
        } else {
            write!(f, "{number} of {}", LongDate(self.0.meeting))
        }
    }
}

/// A guard rail the clerk overrode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideFacts {
    /// The history entry's id.
    pub id: i64,
    pub approval_id: Option<i64>,
    /// The approval's contract.
    pub contract_id: Option<i64>,
    pub at: NaiveDateTime,
    pub rule: Rule,
    pub sentence: String,
    pub reason: String,
}

/// Records by the library's own row id. The ids are SQLite's, never a file's or a
/// peer's text, so they are hashed by one multiplication instead of the standard
/// library's SipHash, whose resistance to chosen keys they do not need (the list looks a
/// contract up for each council action, certificate and item).
pub type ById<T> = HashMap<i64, T, BuildHasherDefault<IdHasher>>;

/// The hasher of [`ById`]: an id times a large odd constant (Fibonacci hashing).
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(FIBONACCI);
        }
    }

    fn write_i64(&mut self, id: i64) {
        self.0 = (self.0 ^ id as u64).wrapping_mul(FIBONACCI);
    }
}

/// 2^64 divided by the golden ratio, made odd.
const FIBONACCI: u64 = 0x9E37_79B9_7F4A_7C15;

/// Everything the list is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The contracts in use, by id.
    pub contracts: ById<ContractFacts>,
    pub approvals: Vec<ApprovalFacts>,
    pub overrides: Vec<OverrideFacts>,
    /// Every certificate, latest expiry first.
    pub certificates: Vec<Certificate>,
}
