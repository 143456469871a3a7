//! The records of spending after the council votes, as data: the council's action
//! ([`Approval`]), the purchase orders recorded against it with their lines, change
//! orders and invoices ([`PurchaseOrder`]), and what the history keeps
//! ([`SpendingEntry`]). Also what a form or the command line sends to record them
//! ([`ApprovalInput`], [`PurchaseOrderInput`], [`ChangeOrderInput`], [`InvoiceInput`]):
//! amounts there are text as typed, checked by [`super::input`] into exact decimals.
//!
//! Data only: [`super::store`] reads and writes these.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the council did with the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Approved,
    ApprovedAsAmended,
    Tabled,
    Denied,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Approved,
        Outcome::ApprovedAsAmended,
        Outcome::Tabled,
        Outcome::Denied,
    ];

    /// The stored and wire name.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::ApprovedAsAmended => "approvedAsAmended",
            Outcome::Tabled => "tabled",
            Outcome::Denied => "denied",
        }
    }

    pub fn from_key(key: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == key)
    }

    /// In plain words: "approved as amended".
    pub fn words(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::ApprovedAsAmended => "approved as amended",
            Outcome::Tabled => "tabled",
            Outcome::Denied => "denied",
        }
    }

    /// Whether the action authorises spending (and so carries a not-to-exceed).
    pub fn authorises(self) -> bool {
        matches!(self, Outcome::Approved | Outcome::ApprovedAsAmended)
    }
}

/// The council's action as the clerk records it. Amounts are text as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ApprovalInput {
    /// The memo the council was shown, and its printed version; or `None` with
    /// `contract_id` for an approval made before CoopDesk.
    pub memo_id: Option<i64>,
    pub memo_version: Option<u32>,
    /// The library contract; taken from the memo when one is given.
    pub contract_id: Option<i64>,
    pub outcome: Outcome,
    pub meeting_date: Option<NaiveDate>,
    pub agenda_item: String,
    /// "Resolution 2026-14", "Ordinance 812", "Motion 3".
    pub action_number: String,
    /// Dollars and cents; required when approved, empty when tabled or denied.
    pub not_to_exceed: String,
    pub term_from: Option<NaiveDate>,
    pub term_to: Option<NaiveDate>,
    /// Whether each renewal of the contract needs a new vote.
    pub renewals_need_vote: bool,
    /// The fiscal years it is charged to ("FY2027"); empty: not limited.
    pub fiscal_years: Vec<String>,
    /// The budget accounts it is charged to; empty: not limited.
    pub account_codes: Vec<String>,
    /// Conditions, in the council's words.
    pub conditions: String,
}

impl Default for ApprovalInput {
    fn default() -> Self {
        ApprovalInput {
            memo_id: None,
            memo_version: None,
            contract_id: None,
            outcome: Outcome::Approved,
            meeting_date: None,
            agenda_item: String::new(),
            action_number: String::new(),
            not_to_exceed: String::new(),
            term_from: None,
            term_to: None,
            renewals_need_vote: true,
            fiscal_years: Vec::new(),
            account_codes: Vec::new(),
            conditions: String::new(),
        }
    }
}

/// A recorded council action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub id: i64,
    pub contract_id: i64,
    pub memo_id: Option<i64>,
    pub memo_version: Option<u32>,
    pub outcome: Outcome,
    pub meeting_date: NaiveDate,
    pub agenda_item: String,
    pub action_number: String,
    /// `None` unless the outcome authorises spending.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub not_to_exceed: Option<Decimal>,
    pub term_from: Option<NaiveDate>,
    pub term_to: Option<NaiveDate>,
    pub renewals_need_vote: bool,
    pub fiscal_years: Vec<String>,
    pub account_codes: Vec<String>,
    pub conditions: String,
    /// The signed resolution or minutes: ids of the contract's attached documents.
    pub document_ids: Vec<i64>,
    /// 1, raised by one with each amendment.
    pub revision: u32,
    pub recorded_at: NaiveDateTime,
}

impl Approval {
    /// "Resolution 2026-14 of 2026-11-18", or the meeting alone.
    pub fn citation(&self) -> String {
        if self.action_number.trim().is_empty() {
            format!("the council's action of {}", self.meeting_date)
        } else {
            format!("{} of {}", self.action_number.trim(), self.meeting_date)
        }
    }
}

/// Where a purchase order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PoStatus {
    /// Issued; what is not yet invoiced is committed.
    Open,
    /// Done: what was not invoiced is released.
    Closed,
    /// Cancelled: commits nothing, though it keeps its amounts.
    Cancelled,
}

impl PoStatus {
    pub const ALL: [PoStatus; 3] = [PoStatus::Open, PoStatus::Closed, PoStatus::Cancelled];

    pub fn key(self) -> &'static str {
        match self {
            PoStatus::Open => "open",
            PoStatus::Closed => "closed",
            PoStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_key(key: &str) -> Option<PoStatus> {
        PoStatus::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// One line of a purchase order, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PurchaseLineInput {
    pub item: String,
    pub quantity: String,
    pub unit_price: String,
}

/// One line of a recorded purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseLine {
    pub item: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub quantity: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub unit_price: Decimal,
}

/// A purchase order as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PurchaseOrderInput {
    /// The council action it is bought under; `None`: no council action on file.
    pub approval_id: Option<i64>,
    pub number: String,
    pub date: Option<NaiveDate>,
    pub amount: String,
    pub fiscal_year: String,
    pub account_code: String,
    pub description: String,
    /// Empty: the approval's contract's vendor.
    pub vendor: String,
    /// Optional; when given, their totals make the amount.
    pub lines: Vec<PurchaseLineInput>,
}

/// A change to a PO's amount, as typed: up or down, with its reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ChangeOrderInput {
    pub po_number: String,
    pub date: Option<NaiveDate>,
    /// Signed: `-500.00` lowers the PO.
    pub amount: String,
    pub reason: String,
}

/// A recorded change order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeOrder {
    pub id: i64,
    pub date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub amount: Decimal,
    pub reason: String,
}

/// An invoice as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct InvoiceInput {
    /// The purchase order it bills.
    pub po_number: String,
    pub number: String,
    pub date: Option<NaiveDate>,
    /// A credit memo's may be written either way; it is kept negative.
    pub amount: String,
    pub paid_date: Option<NaiveDate>,
    pub credit_memo: bool,
}

/// A recorded invoice (or credit memo, whose amount is negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    pub id: i64,
    pub number: String,
    pub date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub amount: Decimal,
    pub credit_memo: bool,
    pub paid_date: Option<NaiveDate>,
}

/// A recorded purchase order, with its lines, change orders and invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseOrder {
    pub id: i64,
    pub approval_id: Option<i64>,
    pub number: String,
    pub date: NaiveDate,
    /// What it was issued for, before change orders.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub amount: Decimal,
    pub fiscal_year: String,
    pub account_code: String,
    pub description: String,
    pub vendor: String,
    pub status: PoStatus,
    pub lines: Vec<PurchaseLine>,
    pub change_orders: Vec<ChangeOrder>,
    pub invoices: Vec<Invoice>,
}

impl PurchaseOrder {
    /// The amount with every change order.
    pub fn current_amount(&self) -> Decimal {
        self.amount + self.changes()
    }

    /// The change orders' net total.
    pub fn changes(&self) -> Decimal {
        self.change_orders.iter().map(|c| c.amount).sum()
    }

    /// What its invoices bill, credits taken off.
    pub fn billed(&self) -> Decimal {
        self.invoices.iter().map(|i| i.amount).sum()
    }
}

/// A guard rail: a rule auditors check a purchase against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// Committed plus invoiced past the approved not-to-exceed.
    NotToExceed,
    /// Bought under an action that did not approve it (tabled, denied).
    NotApproved,
    /// Dated after the contract's expiry or its last possible extension.
    ContractExpired,
    /// Dated outside the term the council approved.
    OutsideTerm,
    /// Change orders past the jurisdiction's threshold for new council action.
    ChangeOrderThreshold,
    /// A line priced above the contract's price list.
    AbovePriceList,
    /// Charged to a fiscal year the approval does not cover.
    FiscalYear,
    /// A purchase above the jurisdiction's threshold for council action, with no
    /// council action on file.
    NoCouncilAction,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::NotToExceed,
        Rule::NotApproved,
        Rule::ContractExpired,
        Rule::OutsideTerm,
        Rule::ChangeOrderThreshold,
        Rule::AbovePriceList,
        Rule::FiscalYear,
        Rule::NoCouncilAction,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Rule::NotToExceed => "notToExceed",
            Rule::NotApproved => "notApproved",
            Rule::ContractExpired => "contractExpired",
            Rule::OutsideTerm => "outsideTerm",
            Rule::ChangeOrderThreshold => "changeOrderThreshold",
            Rule::AbovePriceList => "abovePriceList",
            Rule::FiscalYear => "fiscalYear",
            Rule::NoCouncilAction => "noCouncilAction",
        }
    }

    pub fn from_key(key: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The rule in a few words, as a list of overrides shows it.
    pub fn words(self) -> &'static str {
        match self {
            Rule::NotToExceed => "Past the not-to-exceed",
            Rule::NotApproved => "Not approved by the council",
            Rule::ContractExpired => "After the contract's expiry",
            Rule::OutsideTerm => "Outside the approved term",
            Rule::ChangeOrderThreshold => "Above the change-order threshold",
            Rule::AbovePriceList => "Above the price list",
            Rule::FiscalYear => "Fiscal year not approved",
            Rule::NoCouncilAction => "No council action on file",
        }
    }
}

/// A rule a purchase breaks, in one plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub rule: Rule,
    pub sentence: String,
}

/// One field's change in the history, old → new, as text a clerk reads (as a
/// contract's history keeps them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Wire name (`notToExceed`).
    pub field: String,
    /// The field in plain words.
    pub label: String,
    pub old: String,
    pub new: String,
}

impl Change {
    pub fn new(
        field: impl Into<String>,
        label: impl Into<String>,
        old: impl Into<String>,
        new: impl Into<String>,
    ) -> Self {
        Change {
            field: field.into(),
            label: label.into(),
            old: old.into(),
            new: new.into(),
        }
    }
}

/// What the history is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Subject {
    Approval,
    PurchaseOrder,
    ChangeOrder,
    Invoice,
}

impl Subject {
    pub const ALL: [Subject; 4] = [
        Subject::Approval,
        Subject::PurchaseOrder,
        Subject::ChangeOrder,
        Subject::Invoice,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Subject::Approval => "approval",
            Subject::PurchaseOrder => "purchaseOrder",
            Subject::ChangeOrder => "changeOrder",
            Subject::Invoice => "invoice",
        }
    }

    pub fn from_key(key: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What happened, in one history entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SpendingAction {
    Create,
    Update,
    Delete,
    /// A guard rail the clerk overrode, with the reason.
    Override,
}

impl SpendingAction {
    pub const ALL: [SpendingAction; 4] = [
        SpendingAction::Create,
        SpendingAction::Update,
        SpendingAction::Delete,
        SpendingAction::Override,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SpendingAction::Create => "create",
            SpendingAction::Update => "update",
            SpendingAction::Delete => "delete",
            SpendingAction::Override => "override",
        }
    }

    pub fn from_key(key: &str) -> Option<SpendingAction> {
        SpendingAction::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// One entry of an approval's history: a record made, changed or removed, or a guard
/// rail overridden (with the rule, the sentence the clerk was shown and their reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpendingEntry {
    pub approval_id: Option<i64>,
    pub subject: Subject,
    pub subject_id: i64,
    pub at: NaiveDateTime,
    pub action: SpendingAction,
    pub changes: Vec<Change>,
    pub rule: Option<Rule>,
    pub sentence: Option<String>,
    pub reason: Option<String>,
}

/// What recording something answers: its id, and the guard rails it broke that the
/// clerk overrode with a reason (empty when it broke none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recorded {
    pub id: i64,
    pub overridden: Vec<Warning>,
}
