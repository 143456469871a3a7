//! A contract's status on a given day.
//!
//! `today` is always passed in — the core never reads the clock — so the day a contract
//! turns from "expiring" to "expired" is testable.
//!
//! A contract past its current expiry is not always finished: when its final possible
//! expiry (every renewal taken) is still ahead, or its renewal options say it can be
//! renewed and no final date is recorded, the cooperative may extend it. That is
//! [`Status::ExpiredMayBeExtended`] — "Expired on … — may be extended to …; verify with
//! the cooperative" — never plain "Expired". The SQL filters use
//! [`MAY_BE_EXTENDED_SQL`], the same rule as [`may_be_extended`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// The current expiry has passed, but the final possible expiry is still ahead (or
    /// the renewal options say it can be renewed): the cooperative may have extended it.
    ExpiredMayBeExtended,
    /// No expiry date is recorded.
    Unknown,
}

/// Renewal options that say there are none: "None", "No renewals", "N/A", "0",
/// "Not renewable", "No further renewals"… (compared in lower case, trimmed).
fn says_no_renewal(renewal_options: &str) -> bool {
    let text = renewal_options.trim().to_lowercase();
    text.is_empty()
        || matches!(text.as_str(), "no" | "n/a" | "na" | "0" | "-" | "—")
        || text.starts_with("none")
        || text.starts_with("no ")
        || text.contains("not renewable")
        || text.contains("no renewal")
        || text.contains("no further renewal")
        || text.contains("no remaining")
}

/// The same rule as [`may_be_extended`], over `contracts c`, for the status filters and
/// counts; it needs the parameter `:today`. Keep the two equal (a test compares them).
/// (`coalesce`: a missing final expiry makes the comparison NULL, and `NOT NULL` would
/// drop the row from the plain "expired" chip too.)
pub const MAY_BE_EXTENDED_SQL: &str = "coalesce(c.final_expiry_date >= :today
    OR (c.final_expiry_date IS NULL AND trim(c.renewal_options, char(32, 9, 10, 13)) <> ''
        AND lower(trim(c.renewal_options, char(32, 9, 10, 13))) NOT IN ('no', 'n/a', 'na', '0', '-', '—')
        AND lower(trim(c.renewal_options, char(32, 9, 10, 13))) NOT LIKE 'none%'
        AND lower(trim(c.renewal_options, char(32, 9, 10, 13))) NOT LIKE 'no %'
        AND lower(c.renewal_options) NOT LIKE '%not renewable%'
        AND lower(c.renewal_options) NOT LIKE '%no renewal%'
        AND lower(c.renewal_options) NOT LIKE '%no further renewal%'
        AND lower(c.renewal_options) NOT LIKE '%no remaining%'), 0)";

/// Implied by [`MAY_BE_EXTENDED_SQL`] and written out beside it where it selects rows, so
/// that SQLite walks the partial index `contracts_extendable_by_expiry` (migration 0006)
/// instead of looking up every expired contract.
pub const MAY_BE_EXTENDED_CANDIDATE_SQL: &str =
    "(c.final_expiry_date IS NOT NULL OR c.renewal_options <> '')";

/// Whether a contract whose current expiry has passed may still be extended, seen on
/// `today`: `Some(Some(date))` up to its final possible expiry `date` (still ahead),
/// `Some(None)` when its renewal options allow renewals but no final date is recorded,
/// `None` when nothing recorded says it can be.
pub fn may_be_extended(
    renewal_options: &str,
    final_expiry: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Option<NaiveDate>> {
    match final_expiry {
        Some(last) if last >= today => Some(Some(last)),
        Some(_) => None,
        None if !says_no_renewal(renewal_options) => Some(None),
        None => None,
    }
}

/// The status with extensions considered: like [`status_on`], except that an expired
/// contract that [`may_be_extended`] is [`Status::ExpiredMayBeExtended`].
pub fn status_with_renewals(
    expiry: Option<NaiveDate>,
    renewal_options: &str,
    final_expiry: Option<NaiveDate>,
    today: NaiveDate,
) -> (Status, Option<i64>) {
    let (status, days_left) = status_on(expiry, today);
    if status == Status::Expired && may_be_extended(renewal_options, final_expiry, today).is_some()
    {
        return (Status::ExpiredMayBeExtended, days_left);
    }
    (status, days_left)
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
    fn an_expired_contract_with_renewals_left_may_be_extended_not_plain_expired() {
        let today = day("2026-03-01");
        let expiry = Some(day("2026-01-31"));
        let status = |renewals: &str, last: Option<&str>| {
            status_with_renewals(expiry, renewals, last.map(day), today).0
        };
        assert_eq!(status("", Some("2028-01-31")), Status::ExpiredMayBeExtended);
        assert_eq!(
            status("Two one-year renewals", None),
            Status::ExpiredMayBeExtended
        );
        assert_eq!(status("", None), Status::Expired);
        assert_eq!(status("None", None), Status::Expired);
        assert_eq!(status("No renewals remaining", None), Status::Expired);
        assert_eq!(
            status("Two one-year renewals", Some("2026-02-15")),
            Status::Expired,
            "the final expiry has passed too"
        );
        assert_eq!(
            status_with_renewals(Some(day("2027-01-31")), "Two renewals", None, today).0,
            Status::Active,
            "a contract in force is not touched"
        );
    }

    #[test]
    fn the_sql_rule_and_the_rust_rule_agree() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let today = day("2026-03-01");
        let texts = [
            "",
            "  ",
            " \n\t",
            "None",
            "none remaining",
            "NO",
            "N/A",
            "0",
            "-",
            "No renewals",
            "Not renewable",
            "No further renewals available",
            "no remaining options",
            "Two one-year renewals",
            "Up to 3 additional years",
            "Renewable annually",
            "Notwithstanding the above, renewable",
        ];
        let sql = format!(
            "SELECT {MAY_BE_EXTENDED_SQL} FROM (SELECT :text AS renewal_options, \
             :last AS final_expiry_date) c"
        );
        for text in texts {
            for last in [
                None,
                Some("2026-02-28"),
                Some("2026-03-01"),
                Some("2027-01-01"),
            ] {
                let in_sql: bool = conn
                    .query_row(
                        &sql,
                        rusqlite::named_params! {
                            ":today": today.to_string(),
                            ":text": text,
                            ":last": last,
                        },
                        |row| row.get(0),
                    )
                    .unwrap();
                let in_rust = may_be_extended(text, last.map(day), today).is_some();
                assert_eq!(
                    in_sql, in_rust,
                    "renewal options {text:?}, final expiry {last:?}"
                );
            }
        }
    }

    #[test]
    fn no_expiry_is_unknown_not_active() {
        assert_eq!(status_on(None, day("2026-01-01")), (Status::Unknown, None));
    }
}
