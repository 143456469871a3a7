//! Any sequence of purchase orders, change orders, invoices, credits, edits, status
//! changes and deletes: the approval's figures always equal a naive recomputation from
//! what was accepted, and nothing takes the approval past its not-to-exceed without an
//! override entry in the history. The totals the library keeps per approval (migration
//! 0018) equal the same recount after any such sequence, amendments and imports too.

use proptest::prelude::*;
use rust_decimal::Decimal;

use coopdesk_core::interchange::{Format, ImportFile};
use coopdesk_core::spending::import::{self as purchase_import, RowKind};
use coopdesk_core::spending::model::SpendingAction;
use coopdesk_core::spending::store;
use coopdesk_core::spending::{
    ChangeOrderInput, InvoiceInput, PoStatus, PurchaseOrderInput, Recorded, Rule,
};
use coopdesk_core::{Error, Result};

use super::{approval_input, date, now, order_input, today, Books};

/// The approval's not-to-exceed in every sequence.
const LIMIT: i64 = 50_000 * 100;

#[derive(Debug, Clone)]
enum Op {
    Order {
        cents: i64,
        reason: bool,
    },
    Change {
        po: usize,
        cents: i64,
        reason: bool,
    },
    Invoice {
        po: usize,
        cents: i64,
        credit: bool,
        paid: bool,
        reason: bool,
    },
    Edit {
        po: usize,
        cents: i64,
        reason: bool,
    },
    Status {
        po: usize,
        status: PoStatus,
        reason: bool,
    },
    DeleteOrder {
        po: usize,
    },
    DeleteInvoice {
        po: usize,
        invoice: usize,
        reason: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let cents = 0i64..30_000 * 100;
    let signed = (-5_000 * 100i64..15_000 * 100).prop_filter("a change is not zero", |c| *c != 0);
    let status = prop_oneof![
        Just(PoStatus::Open),
        Just(PoStatus::Closed),
        Just(PoStatus::Cancelled)
    ];
    prop_oneof![
        3 => (cents.clone(), any::<bool>()).prop_map(|(cents, reason)| Op::Order { cents, reason }),
        2 => (0usize..6, signed, any::<bool>())
            .prop_map(|(po, cents, reason)| Op::Change { po, cents, reason }),
        4 => (0usize..6, 0i64..20_000 * 100, any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(po, cents, credit, paid, reason)| Op::Invoice { po, cents, credit, paid, reason }),
        1 => (0usize..6, cents, any::<bool>()).prop_map(|(po, cents, reason)| Op::Edit { po, cents, reason }),
        2 => (0usize..6, status, any::<bool>())
            .prop_map(|(po, status, reason)| Op::Status { po, status, reason }),
        1 => (0usize..6).prop_map(|po| Op::DeleteOrder { po }),
        1 => (0usize..6, 0usize..4, any::<bool>())
            .prop_map(|(po, invoice, reason)| Op::DeleteInvoice { po, invoice, reason }),
    ]
}

/// What the test itself believes was recorded.
#[derive(Debug, Clone)]
struct Po {
    id: i64,
    number: String,
    amount: Decimal,
    changes: Vec<Decimal>,
    status: PoStatus,
    /// (id, amount, paid)
    invoices: Vec<(i64, Decimal, bool)>,
}

/// The figures recomputed the long way, from the test's own list.
fn naive(orders: &[Po]) -> (Decimal, Decimal, Decimal, Decimal) {
    let mut committed = Decimal::ZERO;
    let mut invoiced = Decimal::ZERO;
    let mut paid = Decimal::ZERO;
    for po in orders {
        let mut value = po.amount;
        for change in &po.changes {
            value += *change;
        }
        let mut billed = Decimal::ZERO;
        for (_, amount, was_paid) in &po.invoices {
            billed += *amount;
            if *was_paid {
                paid += *amount;
            }
        }
        invoiced += billed;
        if po.status == PoStatus::Open && value > billed {
            committed += value - billed;
        }
    }
    let remaining = Decimal::new(LIMIT, 2) - committed - invoiced;
    (committed, invoiced, paid, remaining)
}

fn dollars(cents: i64) -> String {
    Decimal::new(cents, 2).to_string()
}

const REASON: &str = "Approved by the administrator pending council ratification";

struct Run {
    books: Books,
    approval: i64,
    orders: Vec<Po>,
    next: usize,
}

impl Run {
    fn reason(with: bool) -> &'static str {
        if with {
            REASON
        } else {
            ""
        }
    }

    /// Applies `op` to the library; on success, to the test's own list too.
    fn apply(&mut self, op: &Op) -> Option<Result<Recorded>> {
        let db = &self.books.db;
        let pick = |orders: &[Po], i: usize| (!orders.is_empty()).then(|| i % orders.len());
        Some(match op.clone() {
            Op::Order { cents, reason } => {
                self.next += 1;
                let number = format!("PO-{}", self.next);
                let input = order_input(self.approval, &number, &dollars(cents));
                let result =
                    store::add_purchase_order(db, &input, Run::reason(reason), today(), now());
                if let Ok(recorded) = &result {
                    self.orders.push(Po {
                        id: recorded.id,
                        number,
                        amount: Decimal::new(cents, 2),
                        changes: Vec::new(),
                        status: PoStatus::Open,
                        invoices: Vec::new(),
                    });
                }
                result
            }
            Op::Change { po, cents, reason } => {
                let i = pick(&self.orders, po)?;
                let input = ChangeOrderInput {
                    po_number: self.orders[i].number.clone(),
                    date: Some(date("2026-07-01")),
                    amount: dollars(cents),
                    reason: "Scope change".into(),
                };
                let result =
                    store::add_change_order(db, &input, Run::reason(reason), today(), now());
                if result.is_ok() {
                    self.orders[i].changes.push(Decimal::new(cents, 2));
                }
                result
            }
            Op::Invoice {
                po,
                cents,
                credit,
                paid,
                reason,
            } => {
                let i = pick(&self.orders, po)?;
                self.next += 1;
                let input = InvoiceInput {
                    po_number: self.orders[i].number.clone(),
                    number: format!("INV-{}", self.next),
                    date: Some(date("2026-08-01")),
                    amount: dollars(cents),
                    paid_date: paid.then(|| date("2026-08-20")),
                    credit_memo: credit,
                };
                let result = store::add_invoice(db, &input, Run::reason(reason), today(), now());
                if let Ok(recorded) = &result {
                    let amount = Decimal::new(if credit { -cents } else { cents }, 2);
                    self.orders[i].invoices.push((recorded.id, amount, paid));
                }
                result
            }
            Op::Edit { po, cents, reason } => {
                let i = pick(&self.orders, po)?;
                let input = PurchaseOrderInput {
                    description: "Edited".into(),
                    ..order_input(self.approval, &self.orders[i].number, &dollars(cents))
                };
                let result = store::edit_purchase_order(
                    db,
                    self.orders[i].id,
                    &input,
                    Run::reason(reason),
                    today(),
                    now(),
                );
                if result.is_ok() {
                    self.orders[i].amount = Decimal::new(cents, 2);
                }
                result
            }
            Op::Status { po, status, reason } => {
                let i = pick(&self.orders, po)?;
                let result = store::set_purchase_order_status(
                    db,
                    self.orders[i].id,
                    status,
                    Run::reason(reason),
                    today(),
                    now(),
                );
                if result.is_ok() {
                    self.orders[i].status = status;
                }
                result
            }
            Op::DeleteOrder { po } => {
                let i = pick(&self.orders, po)?;
                let id = self.orders[i].id;
                let result = store::delete_purchase_order(db, id, now()).map(|()| Recorded {
                    id,
                    overridden: Vec::new(),
                });
                if result.is_ok() {
                    self.orders.remove(i);
                }
                result
            }
            Op::DeleteInvoice {
                po,
                invoice,
                reason,
            } => {
                let i = pick(&self.orders, po)?;
                let count = self.orders[i].invoices.len();
                let j = (count > 0).then(|| invoice % count)?;
                let id = self.orders[i].invoices[j].0;
                let result = store::delete_invoice(db, id, Run::reason(reason), today(), now());
                if result.is_ok() {
                    self.orders[i].invoices.remove(j);
                }
                result
            }
        })
    }

    fn overrides_past_the_limit(&self) -> usize {
        store::approval_view(&self.books.db, self.approval, today())
            .unwrap()
            .history
            .iter()
            .filter(|e| e.action == SpendingAction::Override && e.rule == Some(Rule::NotToExceed))
            .count()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn totals_match_a_naive_recount_and_the_limit_is_never_passed_silently(
        ops in proptest::collection::vec(op(), 1..30)
    ) {
        let books = Books::new();
        let approval = books.approval(&dollars(LIMIT));
        let mut run = Run { books, approval, orders: Vec::new(), next: 0 };
        let limit = Decimal::new(LIMIT, 2);
        for op in &ops {
            let before = naive(&run.orders);
            let overrides_before = run.overrides_past_the_limit();
            let Some(result) = run.apply(op) else { continue };
            let figures = store::approval_view(&run.books.db, approval, today()).unwrap().summary.figures;
            let (committed, invoiced, paid, remaining) = naive(&run.orders);
            prop_assert_eq!(figures.committed, committed, "committed after {:?}", op);
            prop_assert_eq!(figures.invoiced, invoiced, "invoiced after {:?}", op);
            prop_assert_eq!(figures.paid, paid, "paid after {:?}", op);
            prop_assert_eq!(figures.remaining, remaining, "remaining after {:?}", op);

            let exposure = committed + invoiced;
            let passed_the_limit = exposure > limit && exposure > before.0 + before.1;
            let overrides = run.overrides_past_the_limit();
            match &result {
                Ok(recorded) if passed_the_limit => {
                    prop_assert_eq!(overrides, overrides_before + 1, "{:?} took the approval to {} without an override entry", op, exposure);
                    prop_assert!(recorded.overridden.iter().any(|w| w.rule == Rule::NotToExceed));
                }
                Ok(_) => prop_assert_eq!(overrides, overrides_before, "{:?} made an override entry it did not need", op),
                Err(Error::NeedsOverride(rules)) => {
                    prop_assert!(rules.iter().any(|r| r.field == "notToExceed"), "{:?}", rules);
                    prop_assert_eq!(overrides, overrides_before);
                }
                // Refused outright (a PO that invoices bill cannot be deleted): unchanged.
                Err(other) => prop_assert!(matches!(other, Error::InvalidFields(_)), "{:?}: {}", op, other),
            }
        }
    }
}

/// A step of a longer sequence: one of the clerk's writes, an amendment of the
/// not-to-exceed, or an accounts-payable report imported.
#[derive(Debug, Clone)]
enum Step {
    Write(Op),
    Amend {
        cents: i64,
    },
    /// Invoices billing the test's POs (picked by index): cents, paid, days into August.
    Import {
        rows: Vec<(usize, i64, bool, u8)>,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => op().prop_map(Step::Write),
        1 => (10_000 * 100i64..90_000 * 100).prop_map(|cents| Step::Amend { cents }),
        2 => proptest::collection::vec((0usize..6, 1i64..9_000 * 100, any::<bool>(), 0u8..28), 1..5)
            .prop_map(|rows| Step::Import { rows }),
    ]
}

impl Run {
    /// Imports a Caselle-shaped check register of `rows` through the plan, with a reason
    /// for whatever it flags; adds what it imported to the test's own list.
    /// Answers each imported invoice's id and date.
    fn import(
        &mut self,
        rows: &[(usize, i64, bool, u8)],
        dir: &std::path::Path,
    ) -> Vec<(i64, chrono::NaiveDate)> {
        let mut dated = Vec::new();
        if self.orders.is_empty() {
            return dated;
        }
        let path = dir.join(format!("register-{}.csv", self.next));
        let mut text = String::from(
            "Town of Millbrook\nA/P Check Register\n\nVendor Name,Invoice No,PO Number,Invoice Date,Check Date,Check No,Amount\n",
        );
        let mut expected = Vec::new();
        for (po, cents, paid, day) in rows {
            self.next += 1;
            let i = po % self.orders.len();
            let number = format!("AP-{}", self.next);
            let (check_date, check) = if *paid {
                (
                    format!("09/{:02}/2026", day + 1),
                    format!("{}", 7000 + self.next),
                )
            } else {
                (String::new(), String::new())
            };
            text.push_str(&format!(
                "Caterpillar Inc.,{number},{},08/{:02}/2026,{check_date},{check},\"{}\"\n",
                self.orders[i].number,
                day + 1,
                dollars(*cents)
            ));
            let day = date(&format!("2026-08-{:02}", day + 1));
            expected.push((i, number, Decimal::new(*cents, 2), *paid, day));
        }
        std::fs::write(&path, text).unwrap();
        let db = &self.books.db;
        let file = ImportFile {
            path,
            format: Format::Csv,
            sheet: Default::default(),
        };
        let report = purchase_import::read(db, &file, None).unwrap();
        let done = purchase_import::import(db, &report, REASON, today(), now()).unwrap();
        let imported: Vec<&purchase_import::PlannedRow> = done
            .rows
            .iter()
            .filter(|r| r.kind != RowKind::Skipped)
            .collect();
        assert_eq!(
            imported.len(),
            expected.len(),
            "one row per invoice: {:#?}",
            done.rows
        );
        for (row, (i, number, amount, paid, day)) in imported.iter().zip(expected) {
            assert_eq!(row.kind, RowKind::Payment, "{row:?}");
            let id = store::purchase_order(db, self.orders[i].id)
                .unwrap()
                .invoices
                .iter()
                .find(|inv| inv.number == number)
                .map(|inv| inv.id)
                .unwrap();
            self.orders[i].invoices.push((id, amount, paid));
            dated.push((id, day));
        }
        dated
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn kept_totals_match_a_naive_recount_after_any_sequence_with_amendments_and_imports(
        steps in proptest::collection::vec(step(), 1..24)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let books = Books::new();
        let approval = books.approval(&dollars(LIMIT));
        let mut run = Run { books, approval, orders: Vec::new(), next: 0 };
        let mut limit = Decimal::new(LIMIT, 2);
        // Imported invoices' dates by id; the others are dated as `Run::apply` dates them.
        let mut imported_on: std::collections::HashMap<i64, chrono::NaiveDate> = Default::default();
        for step in &steps {
            match step {
                Step::Write(op) => {
                    let _ = run.apply(op);
                }
                Step::Amend { cents } => {
                    limit = Decimal::new(*cents, 2);
                    let input = approval_input(run.books.contract_id, &dollars(*cents));
                    store::amend_approval(&run.books.db, approval, &input, today(), now()).unwrap();
                }
                Step::Import { rows } => imported_on.extend(run.import(rows, dir.path())),
            }
            // A deleted invoice's id can be the next invoice's (SQLite reuses the highest
            // rowid): an imported date is forgotten with its invoice.
            let present: std::collections::HashSet<i64> = run
                .orders
                .iter()
                .flat_map(|o| o.invoices.iter().map(|(id, _, _)| *id))
                .collect();
            imported_on.retain(|id, _| present.contains(id));
            let (committed, invoiced, paid, _) = naive(&run.orders);
            let kept = store::kept_totals(&run.books.db, approval)
                .unwrap()
                .expect("every write keeps the approval's totals");
            prop_assert_eq!(kept.committed, committed, "committed kept after {:?}", step);
            prop_assert_eq!(kept.invoiced, invoiced, "invoiced kept after {:?}", step);
            prop_assert_eq!(kept.paid, paid, "paid kept after {:?}", step);
            let listed = store::approvals(&run.books.db, today()).unwrap();
            let figures = &listed.iter().find(|s| s.approval.id == approval).unwrap().figures;
            let view = store::approval_view(&run.books.db, approval, today()).unwrap().summary.figures;
            prop_assert_eq!(figures, &view, "the list shows what the approval's page counts, after {:?}", step);
            prop_assert_eq!(figures.remaining, limit - committed - invoiced, "remaining after {:?}", step);
            // Every PO is dated 2026-06-01 and every invoice typed 2026-08-01.
            let latest = run.orders.iter().flat_map(|o| {
                std::iter::once(date("2026-06-01")).chain(o.invoices.iter().map(|(id, _, _)| {
                    imported_on.get(id).copied().unwrap_or(date("2026-08-01"))
                }))
            }).max();
            prop_assert_eq!(kept.last_purchase, latest, "the latest purchase after {:?}", step);
        }
    }
}
