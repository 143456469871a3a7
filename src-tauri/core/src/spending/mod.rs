//! After the council votes: the approval it gave, every purchase recorded against it,
//! where the authority stands, and the guard rails auditors look for.
//!
//! ## Brief overview
//!
//! - [`model`] is the data: [`Approval`], [`PurchaseOrder`] with its lines, change
//!   orders and invoices, the [`Rule`]s and the history's [`SpendingEntry`];
//! - [`input`] checks what a clerk typed (amounts to the cent, dates not in the future)
//!   and refuses malformed input with a sentence per field;
//! - [`figures`] computes authorised, committed, invoiced, paid, remaining, the burn
//!   rate and the run-out date from the purchase orders as data;
//! - [`variance`] sets, per fiscal year, the approved comparison's projection for the
//!   recommended option against what was invoiced;
//! - [`rules`] says, one sentence each, which guard rail a purchase breaks;
//! - [`store`] keeps them in the library, each write in one savepoint with its history,
//!   and holds back a write that breaks a rule until the clerk gives a reason.
//!
//! ## Money, and rounding written down once
//!
//! Amounts are `Decimal`, stored as text with two decimals, strings on the wire, totalled
//! only in Rust. Typed amounts must already be to the cent ([`input::parse_amount`]
//! refuses a third decimal), so sums and differences are exact and never rounded. Three
//! places divide or multiply, and each rounds half away from zero to two decimals, once:
//! a PO line's total, quantity × unit price ([`line_total`]); the burn rate
//! ([`figures::burn_rate`], a month being 365.25 ÷ 12 days); and the variance as a
//! percentage of the projection ([`percent`]). docs/spending.md says what each figure
//! and each guard rail means.

pub mod export;
pub mod figures;
pub mod import;
pub mod input;
pub mod model;
pub mod rules;
pub mod store;
pub mod variance;

use rust_decimal::Decimal;

pub use figures::Figures;
pub use model::{
    Approval, ApprovalInput, ChangeOrder, ChangeOrderInput, Invoice, InvoiceInput, Outcome,
    PoStatus, PurchaseLine, PurchaseLineInput, PurchaseOrder, PurchaseOrderInput, Recorded, Rule,
    SpendingEntry, Warning,
};

/// An amount to the cent, always with two decimals (`1250` → `1250.00`).
pub fn money(amount: Decimal) -> Decimal {
    crate::tco::round_cents(amount)
}

/// `part` as a percentage of `whole`, rounded half away from zero to two decimals
/// (the variance's percent: `12.5` is 12.5 %); `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    let ratio = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(crate::tco::round_cents(ratio))
}

/// A purchase line's total: quantity × unit price, rounded half away from zero to the
/// cent.
pub fn line_total(line: &PurchaseLine) -> Decimal {
    money(line.quantity * line.unit_price)
}
