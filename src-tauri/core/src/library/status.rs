//! A contract's status on a given day.
//!
//! `today` is always passed in — the core never reads the clock — so the day a contract
//! turns from "expiring" to "expired" is testable.
//!
//! A contract past its current expiry is not always finished: while the last date it
//! could be extended to (`crate::renewal`: its final possible expiry, or its current
//! expiry with the renewal options not yet used) is still ahead, the cooperative may have
//! extended it. That is [`Status::ExpiredMayBeExtended`] — "Expired on … — may be
//! extended to …; verify with the cooperative". Where the renewal options are words that
//! say neither how many nor how long, it is the same status without a date: "renewal
//! terms unclear — verify". Past that last date it is plainly [`Status::Expired`].
//!
//! The last date is stored with the contract (`extendable_until`, written with every
//! contract and by migration 0013), so the SQL filters and counts ([`MAY_BE_EXTENDED_SQL`])
//! and [`status_with_renewals`] read the same fact.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::renewal::Extension;

/// Days ahead within which a contract counts as expiring (the widest dashboard window).
pub const EXPIRING_WITHIN_DAYS: i64 = 90;

/// Where a contract stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Expires more than [`EXPIRING_WITHIN_DAYS`] days from today.
    Active,
    /// Expires today or within [`EXPIRING_WITHIN_DAYS`] days.
    Expiring,
    /// The expiry date has passed and nothing recorded says it can be extended.
    Expired,
    /// The current expiry has passed, but the last date it could be extended to is still
    /// ahead, or its renewal terms are unclear: the cooperative may have extended it.
    ExpiredMayBeExtended,
    /// No expiry date is recorded.
    Unknown,
}

/// Whether an expired contract may still be extended, over `contracts c` (or any rows
/// with `extendable_until`), for the status filters and counts; it needs the parameter
/// `:today`. The same rule as [`status_with_renewals`] (a test compares them).
/// (`coalesce`: a contract that cannot be extended has NULL, and `NOT NULL` would drop
/// the row from the plain "expired" chip too.)
pub const MAY_BE_EXTENDED_SQL: &str = "coalesce(c.extendable_until = 'unclear'
    OR c.extendable_until >= :today, 0)";

/// Implied by [`MAY_BE_EXTENDED_SQL`] and written out beside it where it selects rows, so
/// that SQLite walks the partial index `contracts_extendable_by_expiry` (migration 0013)
/// instead of looking up every expired contract.
pub const MAY_BE_EXTENDED_CANDIDATE_SQL: &str = "(c.extendable_until IS NOT NULL)";

/// The status with extensions considered: like [`status_on`], except that an expired
/// contract whose `extension` is still ahead, or unclear, is
/// [`Status::ExpiredMayBeExtended`]; with it, the day it may be extended to (`None` when
/// the renewal terms are unclear).
pub fn status_with_renewals(
    expiry: Option<NaiveDate>,
    extension: Extension,
    today: NaiveDate,
) -> (Status, Option<i64>, Option<NaiveDate>) {
    let (status, days_left) = status_on(expiry, today);
    if status != Status::Expired {
        return (status, days_left, None);
    }
    match extension {
        Extension::Until(last) if last >= today => {
            (Status::ExpiredMayBeExtended, days_left, Some(last))
        }
        Extension::Unclear => (Status::ExpiredMayBeExtended, days_left, None),
        _ => (status, days_left, None),
    }
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

    /// The status of a contract that expired on 2024-06-30, seen on 2026-12-07, from its
    /// renewal facts.
    #[test]
    fn a_contract_past_the_last_date_it_could_be_extended_to_is_plainly_expired() {
        use crate::renewal::Facts;
        let today = day("2026-12-07");
        let expired_2024 = Facts {
            expiry: Some(day("2024-06-30")),
            final_expiry: None,
            count: None,
            months: None,
            used: None,
            text: "",
        };
        let last_week = Facts {
            expiry: Some(day("2026-11-30")),
            ..expired_2024
        };
        let status = |facts: Facts| {
            let (status, _, until) = status_with_renewals(facts.expiry, facts.extension(), today);
            (status, until)
        };
        type Expected = (Status, Option<NaiveDate>);
        let cases: Vec<(&str, Facts, Expected)> = vec![
            (
                "expired in 2024 with one one-year option",
                Facts {
                    text: "May be extended one additional year",
                    ..expired_2024
                },
                (Status::Expired, None),
            ),
            (
                "expired last week with two one-year options",
                Facts {
                    text: "two (2) one-year extensions",
                    ..last_week
                },
                (Status::ExpiredMayBeExtended, Some(day("2028-11-30"))),
            ),
            (
                "expired in 2024, three one-year options recorded as data",
                Facts {
                    count: Some(3),
                    months: Some(12),
                    ..expired_2024
                },
                (Status::ExpiredMayBeExtended, Some(day("2027-06-30"))),
            ),
            (
                "the same with two of the three used",
                Facts {
                    count: Some(3),
                    months: Some(12),
                    used: Some(2),
                    ..expired_2024
                },
                (Status::Expired, None),
            ),
            (
                "expired last week, its options used up",
                Facts {
                    count: Some(2),
                    months: Some(12),
                    used: Some(2),
                    ..last_week
                },
                (Status::Expired, None),
            ),
            (
                "a final possible expiry still ahead",
                Facts {
                    final_expiry: Some(day("2027-06-30")),
                    ..expired_2024
                },
                (Status::ExpiredMayBeExtended, Some(day("2027-06-30"))),
            ),
            (
                "a final possible expiry passed, whatever the words",
                Facts {
                    final_expiry: Some(day("2025-06-30")),
                    text: "Renewable annually by mutual agreement",
                    ..expired_2024
                },
                (Status::Expired, None),
            ),
            (
                "renewal words that say neither how many nor how long",
                Facts {
                    text: "Renewable annually by mutual agreement",
                    ..expired_2024
                },
                (Status::ExpiredMayBeExtended, None),
            ),
            ("no renewal words", expired_2024, (Status::Expired, None)),
            (
                "words saying there are none",
                Facts {
                    text: "No renewals remaining",
                    ..expired_2024
                },
                (Status::Expired, None),
            ),
            (
                "in force: the options do not matter",
                Facts {
                    expiry: Some(day("2027-06-30")),
                    text: "Renewable by mutual agreement",
                    ..expired_2024
                },
                (Status::Active, None),
            ),
        ];
        for (case, facts, expected) in cases {
            assert_eq!(status(facts), expected, "{case}");
        }
    }

    #[test]
    fn the_sql_rule_and_the_rust_rule_agree() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let today = day("2026-03-01");
        let sql =
            format!("SELECT {MAY_BE_EXTENDED_SQL} FROM (SELECT :stored AS extendable_until) c");
        for extension in [
            Extension::None,
            Extension::Unclear,
            Extension::Until(day("2026-02-28")),
            Extension::Until(day("2026-03-01")),
            Extension::Until(day("2027-01-01")),
        ] {
            let in_sql: bool = conn
                .query_row(
                    &sql,
                    rusqlite::named_params! {
                        ":today": today.to_string(),
                        ":stored": extension.stored(),
                    },
                    |row| row.get(0),
                )
                .unwrap();
            let (status, ..) = status_with_renewals(Some(day("2026-01-31")), extension, today);
            assert_eq!(
                in_sql,
                status == Status::ExpiredMayBeExtended,
                "{extension:?}"
            );
        }
    }

    #[test]
    fn no_expiry_is_unknown_not_active() {
        assert_eq!(status_on(None, day("2026-01-01")), (Status::Unknown, None));
    }
}
