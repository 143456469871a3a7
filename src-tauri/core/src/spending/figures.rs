//! Where an approval stands: authorised, committed, invoiced, paid, remaining, the burn
//! rate and the day the authority runs out at that rate — computed here, in `Decimal`,
//! from the purchase orders as data (SQL never sums an amount).
//!
//! What each figure means (docs/spending.md says it for the clerk):
//! - **authorised**: the not-to-exceed the council approved (zero when it did not
//!   approve spending);
//! - per purchase order, its **current amount** is what it was issued for plus every
//!   change order, and what it has **billed** is the sum of its invoices, credit memos
//!   taken off;
//! - **committed**: what open purchase orders still owe — each open PO's current amount
//!   less what it has billed, never below zero. A closed PO has released what it did not
//!   bill; a cancelled one commits nothing (its amounts are kept, but do not count);
//! - **invoiced**: every invoice against the approval's POs, whatever their status
//!   (money billed was billed), credit memos taken off;
//! - **paid**: the invoices (and credits) that have a paid date;
//! - **remaining**: authorised − committed − invoiced; negative when past the limit;
//! - **burn rate**: invoiced per month since the approval's term began (its meeting date
//!   when no term was given), counting at least one month;
//! - **runs out on**: today plus remaining ÷ burn rate, in whole days rounded down.
//!
//! Rounding, once: every stored amount is already to the cent, so sums and differences
//! are exact. The burn rate is the only division: a month is 365.25 ÷ 12 = 30.4375 days,
//! and the rate is rounded half away from zero to the cent ([`round_cents`]); the run-out
//! date is computed from the rounded rate, as a clerk would check it by hand.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::model::{PoStatus, PurchaseOrder};
use crate::tco::round_cents;

/// The average month, in days: 365.25 ÷ 12.
pub const DAYS_PER_MONTH: Decimal = Decimal::from_parts(304375, 0, 0, false, 4);

/// An approval's standing, every amount to the cent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub authorised: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub committed: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub invoiced: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub paid: Decimal,
    /// Negative when committed and invoiced together are past the limit.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub remaining: Decimal,
    /// Invoiced per month; `None` before anything is invoiced.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub burn_rate: Option<Decimal>,
    /// The day the remaining authority is spent at the burn rate; `None` without a burn
    /// rate, or once nothing remains.
    pub runs_out_on: Option<NaiveDate>,
}

impl Figures {
    /// Committed plus invoiced: what counts against the not-to-exceed.
    pub fn exposure(&self) -> Decimal {
        self.committed + self.invoiced
    }
}

/// What an open PO still owes: its current amount less what it billed, not below zero.
pub fn open_balance(order: &PurchaseOrder) -> Decimal {
    if order.status != PoStatus::Open {
        return Decimal::ZERO;
    }
    (order.current_amount() - order.billed()).max(Decimal::ZERO)
}

/// The standing of an approval that authorised `not_to_exceed` (zero for none) from
/// `since` on, with these purchase orders, seen on `today`.
pub fn figures(
    not_to_exceed: Decimal,
    since: NaiveDate,
    orders: &[PurchaseOrder],
    today: NaiveDate,
) -> Figures {
    Sums::of(orders).figures(not_to_exceed, since, today)
}

/// What an approval's purchase orders add up to, whatever the day: committed, invoiced
/// and paid, and the latest day a purchase order or an invoice under it is dated. The
/// library keeps them per approval as purchases are written (migration 0018), so that
/// the Spending screen and the Needs-action list read one row per approval instead of
/// every invoice; [`Sums::figures`] makes the day's standing from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub committed: Decimal,
    pub invoiced: Decimal,
    pub paid: Decimal,
    pub last_purchase: Option<NaiveDate>,
}

impl Sums {
    /// The sums over these purchase orders, counted the long way.
    pub fn of(orders: &[PurchaseOrder]) -> Sums {
        let invoices = || orders.iter().flat_map(|o| &o.invoices);
        Sums {
            committed: orders.iter().map(open_balance).sum(),
            invoiced: orders.iter().map(PurchaseOrder::billed).sum(),
            paid: invoices()
                .filter(|i| i.paid_date.is_some())
                .map(|i| i.amount)
                .sum(),
            last_purchase: orders
                .iter()
                .map(|o| o.date)
                .chain(invoices().map(|i| i.date))
                .max(),
        }
    }

    /// The standing these sums make for an approval that authorised `not_to_exceed`
    /// (zero for none) from `since` on, seen on `today`.
    pub fn figures(&self, not_to_exceed: Decimal, since: NaiveDate, today: NaiveDate) -> Figures {
        let remaining = not_to_exceed - self.committed - self.invoiced;
        let burn_rate = burn_rate(self.invoiced, since, today);
        Figures {
            authorised: round_cents(not_to_exceed),
            committed: round_cents(self.committed),
            invoiced: round_cents(self.invoiced),
            paid: round_cents(self.paid),
            remaining: round_cents(remaining),
            burn_rate,
            runs_out_on: burn_rate.and_then(|rate| runs_out_on(remaining, rate, today)),
        }
    }

    fn dated(&mut self, day: NaiveDate) {
        self.last_purchase = self.last_purchase.max(Some(day));
    }
}

/// An approval's sums kept up to date as purchases are recorded one after another (an
/// import of many rows), so that none of them rereads the approval's purchase orders:
/// [`Tally::sums`] answers exactly what [`Sums::of`] answers over the same orders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    sums: Sums,
    /// Each open purchase order's current amount and what it has billed, by id: the only
    /// ones whose next invoice changes what is committed.
    open: HashMap<i64, (Decimal, Decimal)>,
}

impl Tally {
    /// The sums over these purchase orders.
    pub fn of(orders: &[PurchaseOrder]) -> Tally {
        let mut tally = Tally::default();
        for order in orders {
            tally.add_order(order.id, order.status, order.current_amount(), order.date);
            for invoice in &order.invoices {
                tally.add_invoice(
                    order.id,
                    invoice.amount,
                    invoice.paid_date.is_some(),
                    invoice.date,
                );
            }
        }
        tally
    }

    /// A purchase order recorded `status` for `amount` (its current amount) on `date`,
    /// billed by nothing yet.
    pub fn add_order(&mut self, id: i64, status: PoStatus, amount: Decimal, date: NaiveDate) {
        self.sums.dated(date);
        if status == PoStatus::Open {
            self.sums.committed += amount.max(Decimal::ZERO);
            self.open.insert(id, (amount, Decimal::ZERO));
        }
    }

    /// An invoice (a credit memo negative) of `amount` dated `date`, billing the purchase
    /// order `po`.
    pub fn add_invoice(&mut self, po: i64, amount: Decimal, paid: bool, date: NaiveDate) {
        self.sums.dated(date);
        self.sums.invoiced += amount;
        if paid {
            self.sums.paid += amount;
        }
        if let Some((current, billed)) = self.open.get_mut(&po) {
            let balance = |billed: Decimal| (*current - billed).max(Decimal::ZERO);
            self.sums.committed -= balance(*billed);
            *billed += amount;
            self.sums.committed += balance(*billed);
        }
    }

    /// An invoice of `amount` recorded unpaid, paid now.
    pub fn pay(&mut self, amount: Decimal) {
        self.sums.paid += amount;
    }

    /// The sums as they stand.
    pub fn sums(&self) -> Sums {
        self.sums
    }

    /// The standing these sums make, as [`figures`] computes it.
    pub fn figures(&self, not_to_exceed: Decimal, since: NaiveDate, today: NaiveDate) -> Figures {
        self.sums.figures(not_to_exceed, since, today)
    }
}

/// Invoiced per month since `since`, at least one month counted; `None` when nothing
/// (net) has been invoiced or the term has not begun.
pub fn burn_rate(invoiced: Decimal, since: NaiveDate, today: NaiveDate) -> Option<Decimal> {
    if invoiced <= Decimal::ZERO || since > today {
        return None;
    }
    let days = Decimal::from((today - since).num_days()).max(DAYS_PER_MONTH);
    Some(round_cents(invoiced * DAYS_PER_MONTH / days))
}

/// The day `remaining` is spent at `rate` per month, from `today`: whole days, rounded
/// down. `None` once nothing remains or when nothing is spent.
pub fn runs_out_on(remaining: Decimal, rate: Decimal, today: NaiveDate) -> Option<NaiveDate> {
    if remaining <= Decimal::ZERO || rate <= Decimal::ZERO {
        return None;
    }
    let days = (remaining / rate * DAYS_PER_MONTH).floor();
    let days = u64::try_from(days.mantissa() / 10i128.pow(days.scale())).ok()?;
    today.checked_add_days(Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spending::model::Invoice;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn order(amount: &str, status: PoStatus, invoices: &[(&str, bool)]) -> PurchaseOrder {
        PurchaseOrder {
            id: 1,
            approval_id: Some(1),
            number: "PO-1".into(),
            date: date("2026-01-05"),
            amount: amount.parse().unwrap(),
            fiscal_year: String::new(),
            account_code: String::new(),
            description: String::new(),
            vendor: "Acme".into(),
            status,
            lines: Vec::new(),
            change_orders: Vec::new(),
            invoices: invoices
                .iter()
                .enumerate()
                .map(|(id, (amount, paid))| Invoice {
                    id: id as i64,
                    number: format!("INV-{id}"),
                    date: date("2026-02-01"),
                    amount: amount.parse().unwrap(),
                    credit_memo: amount.starts_with('-'),
                    paid_date: paid.then(|| date("2026-03-01")),
                })
                .collect(),
        }
    }

    #[test]
    fn a_cancelled_po_commits_nothing_but_what_it_billed_stays_invoiced() {
        let orders = [
            order("1000.00", PoStatus::Open, &[("400.00", true)]),
            order("5000.00", PoStatus::Cancelled, &[("250.00", false)]),
            order(
                "800.00",
                PoStatus::Closed,
                &[("700.00", true), ("-50.00", true)],
            ),
        ];
        let f = figures(
            "10000.00".parse().unwrap(),
            date("2026-01-01"),
            &orders,
            date("2026-07-01"),
        );
        assert_eq!(
            f.committed.to_string(),
            "600.00",
            "only the open PO's unbilled 600"
        );
        assert_eq!(f.invoiced.to_string(), "1300.00", "400 + 250 + 700 − 50");
        assert_eq!(f.paid.to_string(), "1050.00", "the 250 is not paid yet");
        assert_eq!(f.remaining.to_string(), "8100.00");
    }

    #[test]
    fn the_burn_rate_is_invoiced_per_average_month_and_dates_the_run_out() {
        // 181 days from 2026-01-01 to 2026-07-01: 1300 × 30.4375 / 181 = 218.61…
        let rate = burn_rate(
            "1300".parse().unwrap(),
            date("2026-01-01"),
            date("2026-07-01"),
        );
        assert_eq!(rate.unwrap().to_string(), "218.61");
        // 8100 / 218.61 × 30.4375 = 1127.77… days → 1127 days after 2026-07-01.
        let out = runs_out_on("8100".parse().unwrap(), rate.unwrap(), date("2026-07-01"));
        assert_eq!(out, Some(date("2029-08-01")));
        assert_eq!(
            burn_rate(
                "300".parse().unwrap(),
                date("2026-06-25"),
                date("2026-07-01")
            )
            .unwrap()
            .to_string(),
            "300.00",
            "a first week's spending counts as one month's, not four weeks' worth each week"
        );
        assert_eq!(
            runs_out_on(Decimal::ZERO, Decimal::ONE, date("2026-07-01")),
            None
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Orders recorded, then their invoices and credits in any order across orders:
        /// the running sums give the figures of the orders as finally read.
        #[test]
        fn a_tally_kept_row_by_row_gives_the_figures_of_the_orders_read_whole(
            orders in proptest::collection::vec(
                (0u8..3, -500_000i64..5_000_000, -300_000i64..300_000,
                 proptest::collection::vec((-200_000i64..2_000_000, proptest::bool::ANY), 0..6)),
                0..8),
            interleave in proptest::collection::vec(0usize..8, 0..48),
            not_to_exceed in 0i64..20_000_000,
        ) {
            let cents = |c: i64| Decimal::new(c, 2);
            let status = |s: u8| [PoStatus::Open, PoStatus::Closed, PoStatus::Cancelled][s as usize];
            let mut read: Vec<PurchaseOrder> = Vec::new();
            let mut tally = Tally::default();
            for (id, (s, amount, change, _)) in orders.iter().enumerate() {
                let mut po = order(&cents(*amount).to_string(), status(*s), &[]);
                po.id = id as i64;
                po.change_orders.push(crate::spending::model::ChangeOrder {
                    id: 1,
                    date: date("2026-01-20"),
                    amount: cents(*change),
                    reason: "scope".into(),
                });
                tally.add_order(po.id, po.status, po.current_amount(), po.date);
                read.push(po);
            }
            // Each invoice in turn from the order `interleave` picks next.
            let mut next = vec![0usize; orders.len()];
            let picks = interleave.into_iter().chain(0..orders.len() * 6);
            for pick in picks {
                if orders.is_empty() { break; }
                let o = pick % orders.len();
                let Some((amount, paid)) = orders[o].3.get(next[o]) else { continue };
                next[o] += 1;
                let mut inv = order(&cents(*amount).to_string(), PoStatus::Open, &[("0", *paid)]).invoices.remove(0);
                inv.amount = cents(*amount);
                tally.add_invoice(o as i64, cents(*amount), *paid, inv.date);
                read[o].invoices.push(inv);
            }
            let (since, today) = (date("2026-01-01"), date("2026-09-30"));
            let expected = figures(cents(not_to_exceed), since, &read, today);
            proptest::prop_assert_eq!(tally.figures(cents(not_to_exceed), since, today), expected.clone());
            proptest::prop_assert_eq!(Tally::of(&read).figures(cents(not_to_exceed), since, today), expected);
            proptest::prop_assert_eq!(tally.sums(), Sums::of(&read), "the latest purchase too");
        }
    }
}
