//! What comes due: the **Needs action** list — renewal decisions by lead time, approved
//! terms and authority running out, spending past 80 % and 100 % of a not-to-exceed,
//! purchases recorded with an override, certificates of insurance expiring or below the
//! minimums, facts not verified for a year while purchases are made — computed from the
//! library whenever it is asked for (no background service, nothing stored but the
//! clerk's snoozes and dismissals).
//!
//! ## Brief overview
//!
//! - [`model`] is the data: [`DueItem`] (what, by when, the one action), [`DueList`],
//!   [`DueSettings`] (the default lead time and the minimum insurance limits), and
//!   [`Facts`], what the list is computed from;
//! - [`compute`] turns [`Facts`] into items, seen on a given day — pure, no database;
//! - [`store`] reads the facts from the library in a handful of queries, keeps the
//!   settings, the per-contract lead times and the history of snoozes and dismissals,
//!   and answers the list with what the clerk set aside taken out.
//!
//! ## Invariants
//!
//! - Only contracts **in use** are watched: those with a council action that authorised
//!   spending, a certificate of insurance or a lead time of their own. A library holds
//!   many contracts the jurisdiction only researched; their expiries are not its
//!   business.
//! - An item's key names what it is about and the date or revision it concerns
//!   (`renewal:12:2027-06-30`, `nte80:3:r2`): a snooze or dismissal holds for that item
//!   only, so a contract extended to a new expiry, or an approval amended, comes back as
//!   a new item.
//! - A snoozed item returns on its date; a dismissal needs a reason; both are kept in the
//!   history and never changed (migration 0015).
//! - Amounts are the spending screen's own figures (`spending::figures`), never
//!   recomputed another way.

pub mod compute;
pub mod model;
pub mod store;

pub use compute::{found, items, Found};
pub use model::{
    ApprovalFacts, ContractFacts, DueAction, DueCount, DueEntry, DueItem, DueKind, DueList,
    DuePage, DueSettings, Facts, OverrideFacts, Target, DEFAULT_LEAD_DAYS, INSURANCE_NOTICE_DAYS,
};
