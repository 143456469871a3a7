//! A contract's status on a given day.
//!
//! `today` is always passed in — the core never reads the clock — so the day a contract
//! turns from "expiring" to "expired" is testable.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days ahead within which a contract counts as expiring (the widest dashboard window).
pub const EXPIRING_WITHIN_DAYS: i64 = 90;

/// Where a contract stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Expires more than [`EXPIRING_WITHIN_DAYS`] days from today.
    Active,
    /// Expires today or within [`EXPIRING_WITHIN_DAYS`] days.
    Expiring,
    /// The expiry date has passed.
    Expired,
    /// No expiry date is recorded.
    Unknown,
}

/// The status of a contract expiring on `expiry`, seen on `today`, and the days left
/// (negative once expired). A contract is usable through its expiry day.
pub fn status_on(expiry: Option<NaiveDate>, today: NaiveDate) -> (Status, Option<i64>) {
    let Some(expiry) = expiry else {
        return (Status::Unknown, None);
    };
    let days_left = (expiry - today).num_days();
    let status = if days_left < 0 {
        Status::Expired
    } else if days_left <= EXPIRING_WITHIN_DAYS {
        Status::Expiring
    } else {
        Status::Active
    };
    (status, Some(days_left))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_contract_is_usable_on_its_expiry_day_and_expired_the_day_after() {
        let expiry = Some(day("2026-01-31"));
        assert_eq!(
            status_on(expiry, day("2026-01-31")),
            (Status::Expiring, Some(0))
        );
        assert_eq!(
            status_on(expiry, day("2026-02-01")),
            (Status::Expired, Some(-1))
        );
    }

    #[test]
    fn expiring_starts_ninety_days_out() {
        let expiry = Some(day("2026-04-01"));
        let (status, days) = status_on(expiry, day("2025-12-31"));
        assert_eq!(
            (status, days),
            (Status::Active, Some(91)),
            "91 days ahead is still active"
        );
        let (status, days) = status_on(expiry, day("2026-01-01"));
        assert_eq!(
            (status, days),
            (Status::Expiring, Some(90)),
            "90 days ahead is expiring"
        );
    }

    #[test]
    fn no_expiry_is_unknown_not_active() {
        assert_eq!(status_on(None, day("2026-01-01")), (Status::Unknown, None));
    }
}
