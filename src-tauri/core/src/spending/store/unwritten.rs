//! What a plan's run of an import would have written, kept in memory instead
//! ([`super::Batch::planning`]): the purchase orders and invoices that later rows of the
//! same report read — a PO standing for a payment that a later row bills or numbers
//! again, an invoice number a vendor used, a bill a later payment pays. The plan decides
//! each row from the library as it stands and from these, so it writes nothing; the
//! import writes every row and must come out as the plan said, row for row.
//!
//! The library's own lookups compare numbers with SQLite's `lower(trim(…))`: spaces
//! trimmed, ASCII letters lowered. [`key`] does the same, so that a number matches here
//! exactly when it would match in the library.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A number as the library's lookups compare it (`lower(trim(number))` in SQLite).
pub(crate) fn key(number: &str) -> String {
    number.trim_matches(' ').to_ascii_lowercase()
}

/// A purchase order the plan would have recorded.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub id: i64,
    pub number: String,
    pub vendor: String,
    pub approval_id: Option<i64>,
    pub date: NaiveDate,
    pub amount: Decimal,
}

/// An invoice the plan would have recorded.
#[derive(Debug, Clone)]
pub(crate) struct Invoice {
    pub id: i64,
    pub po_number: String,
    pub approval_id: Option<i64>,
    pub vendor_key: String,
    pub number: String,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub credit_memo: bool,
    pub paid: Option<NaiveDate>,
}

/// One thing recorded, to take back when a write of two is rolled back.
#[derive(Debug)]
enum Recorded {
    Order(String),
    Invoice,
}

/// The records a plan's run would have written.
#[derive(Debug, Default)]
pub(crate) struct Unwritten {
    /// The last id given: counted down from -1, so never a row's of the library.
    last_id: i64,
    /// By [`key`] of their number.
    orders: HashMap<String, Order>,
    /// In the order recorded (as the library's ids would be).
    invoices: Vec<Invoice>,
    /// Each invoice's place in `invoices`, by id.
    invoice_at: HashMap<i64, usize>,
    /// The first invoice of each vendor (its key) and number (its [`key`]).
    first_numbered: HashMap<(String, String), usize>,
    /// The invoices under each approval, in the order recorded.
    under: HashMap<i64, Vec<usize>>,
    /// The library's invoices the plan would have marked paid, with the date.
    paid: HashMap<i64, NaiveDate>,
    journal: Vec<Recorded>,
}

impl Unwritten {
    /// An id for a record not written.
    pub(crate) fn next_id(&mut self) -> i64 {
        self.last_id -= 1;
        self.last_id
    }

    pub(crate) fn order(&self, number: &str) -> Option<&Order> {
        self.orders.get(&key(number))
    }

    pub(crate) fn add_order(&mut self, order: Order) {
        let number = key(&order.number);
        self.journal.push(Recorded::Order(number.clone()));
        self.orders.insert(number, order);
    }

    /// The first invoice the vendor (by its key) numbered `number`.
    pub(crate) fn invoice_numbered(&self, vendor_key: &str, number: &str) -> Option<&Invoice> {
        self.first_numbered
            .get(&(vendor_key.to_owned(), key(number)))
            .map(|at| &self.invoices[*at])
    }

    pub(crate) fn add_invoice(&mut self, invoice: Invoice) {
        let at = self.invoices.len();
        self.journal.push(Recorded::Invoice);
        self.invoice_at.insert(invoice.id, at);
        self.first_numbered
            .entry((invoice.vendor_key.clone(), key(&invoice.number)))
            .or_insert(at);
        if let Some(approval_id) = invoice.approval_id {
            self.under.entry(approval_id).or_default().push(at);
        }
        self.invoices.push(invoice);
    }

    pub(crate) fn invoice_mut(&mut self, id: i64) -> Option<&mut Invoice> {
        let at = *self.invoice_at.get(&id)?;
        self.invoices.get_mut(at)
    }

    /// The unpaid bills (not credit memos) under the approval, numbered `number` unless
    /// it is empty, in the order recorded.
    pub(crate) fn unpaid_bills<'a>(
        &'a self,
        approval_id: i64,
        number: &'a str,
    ) -> impl Iterator<Item = &'a Invoice> + 'a {
        let number = key(number);
        self.under
            .get(&approval_id)
            .into_iter()
            .flatten()
            .map(|at| &self.invoices[*at])
            .filter(move |i| {
                i.paid.is_none()
                    && !i.credit_memo
                    && (number.is_empty() || key(&i.number) == number)
            })
    }

    /// When the plan marked the library's invoice `id` paid, if it did.
    pub(crate) fn library_paid(&self, id: i64) -> Option<NaiveDate> {
        self.paid.get(&id).copied()
    }

    pub(crate) fn pay_library_invoice(&mut self, id: i64, paid: NaiveDate) {
        self.paid.insert(id, paid);
    }

    /// Where the records stand, for [`Unwritten::undo_to`].
    pub(crate) fn mark(&self) -> usize {
        self.journal.len()
    }

    /// Takes back what was recorded since `mark` (a write of two rolled back).
    pub(crate) fn undo_to(&mut self, mark: usize) {
        while self.journal.len() > mark {
            match self.journal.pop() {
                Some(Recorded::Order(number)) => {
                    self.orders.remove(&number);
                }
                Some(Recorded::Invoice) => {
                    let Some(invoice) = self.invoices.pop() else {
                        break;
                    };
                    let at = self.invoices.len();
                    self.invoice_at.remove(&invoice.id);
                    let numbered = (invoice.vendor_key.clone(), key(&invoice.number));
                    if self.first_numbered.get(&numbered) == Some(&at) {
                        self.first_numbered.remove(&numbered);
                    }
                    if let Some(approval_id) = invoice.approval_id {
                        if let Some(places) = self.under.get_mut(&approval_id) {
                            places.retain(|place| *place != at);
                        }
                    }
                }
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_matches_as_sqlite_compares_it() {
        let sqlite = rusqlite::Connection::open_in_memory().unwrap();
        for number in ["  PO-17a ", "\tINV-9", "Ébène-1", "ÀB cd", "inv\u{a0}1 "] {
            let lowered: String = sqlite
                .query_row("SELECT lower(trim(?1))", [number], |row| row.get(0))
                .unwrap();
            assert_eq!(key(number), lowered, "{number:?}");
        }
    }

    #[test]
    fn a_write_of_two_rolled_back_takes_back_both() {
        let mut unwritten = Unwritten::default();
        let date: NaiveDate = "2026-01-05".parse().unwrap();
        let mark = unwritten.mark();
        let id = unwritten.next_id();
        unwritten.add_order(Order {
            id,
            number: "Paid 7".into(),
            vendor: "Acme".into(),
            approval_id: Some(1),
            date,
            amount: Decimal::ONE,
        });
        let invoice_id = unwritten.next_id();
        unwritten.add_invoice(Invoice {
            id: invoice_id,
            po_number: "Paid 7".into(),
            approval_id: Some(1),
            vendor_key: "acme".into(),
            number: "7".into(),
            date,
            amount: Decimal::ONE,
            credit_memo: false,
            paid: None,
        });
        assert!(unwritten.order("PAID 7").is_some());
        assert_eq!(unwritten.unpaid_bills(1, "").count(), 1);
        unwritten.undo_to(mark);
        assert!(unwritten.order("paid 7").is_none());
        assert!(unwritten.invoice_numbered("acme", "7").is_none());
        assert!(id < 0, "never a row's id");
    }
}
