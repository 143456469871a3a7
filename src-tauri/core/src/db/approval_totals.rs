//! Migration 0018's second half: every council action's running totals (committed,
//! invoiced, paid, the latest purchase), counted from the purchases already recorded, in
//! the migration's transaction.
//!
//! A migration stays what it was when it shipped, so it counts here, on its own, by the
//! rules docs/spending.md gives (the same as `spending::figures::Sums::of`): a purchase
//! order's current amount is its amount plus its change orders; what it billed is its
//! invoices, credit memos taken off; an open PO commits what it has not billed, never
//! below zero; a closed or cancelled one commits nothing; every invoice counts as
//! invoiced, the paid ones as paid. Amounts are read back exactly as `Decimal` — SQL never
//! sums them. A test checks these rows against the Spending screen's own figures.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use crate::{Error, Result};

fn amount(text: &str) -> Result<Decimal> {
    text.parse().map_err(|_| {
        Error::Damaged(format!(
            "the library holds '{text}' as a purchase's amount, which is not an amount"
        ))
    })
}

/// One approval's sums as they are counted.
#[derive(Default)]
struct Counted {
    committed: Decimal,
    invoiced: Decimal,
    paid: Decimal,
    /// ISO dates sort as text.
    last: Option<String>,
}

impl Counted {
    fn dated(&mut self, day: String) {
        if self.last.as_ref().is_none_or(|last| *last < day) {
            self.last = Some(day);
        }
    }
}

/// Counts the totals of every approval from its purchases and writes them.
pub(crate) fn count_all(conn: &Connection) -> Result<()> {
    let mut current: HashMap<i64, Decimal> = HashMap::new();
    let mut stmt = conn.prepare("SELECT po_id, amount FROM change_orders")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (po, text) = row?;
        *current.entry(po).or_default() += amount(&text)?;
    }
    // Per PO: what its invoices billed, what of it is paid, the latest invoice date.
    let mut billed: HashMap<i64, Counted> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT po_id, amount, paid_date IS NOT NULL, invoice_date FROM invoices")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (po, text, paid, date) = row?;
        let value = amount(&text)?;
        let entry = billed.entry(po).or_default();
        entry.invoiced += value;
        if paid {
            entry.paid += value;
        }
        entry.dated(date);
    }
    let mut totals: HashMap<i64, Counted> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, approval_id, amount, status, order_date FROM purchase_orders
         WHERE approval_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (po, approval, text, status, date) = row?;
        let value = amount(&text)? + current.remove(&po).unwrap_or_default();
        let own = billed.remove(&po).unwrap_or_default();
        let total = totals.entry(approval).or_default();
        if status == "open" {
            total.committed += (value - own.invoiced).max(Decimal::ZERO);
        }
        total.invoiced += own.invoiced;
        total.paid += own.paid;
        total.dated(date);
        if let Some(day) = own.last {
            total.dated(day);
        }
    }
    let mut write = conn.prepare(
        "INSERT OR REPLACE INTO approval_totals
             (approval_id, committed, invoiced, paid, last_purchase)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut stmt = conn.prepare("SELECT id FROM approvals")?;
    let approvals = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Every stored amount is to the cent, so the sums are too: only the scale is set.
    let text = |mut d: Decimal| {
        d.rescale(2);
        d.to_string()
    };
    for id in approvals {
        let total = totals.remove(&id).unwrap_or_default();
        write.execute(params![
            id,
            text(total.committed),
            text(total.invoiced),
            text(total.paid),
            total.last
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rusqlite::Connection;

    use super::super::migrations::migrate_to;
    use super::super::{Database, SCHEMA_VERSION};
    use crate::spending::store;

    const STAMP: &str = "2026-01-05T09:00:00";

    /// A library at schema 17 with two council actions, one of them with open, closed
    /// and cancelled purchase orders, change orders, invoices paid and unpaid and a
    /// credit memo; and a purchase order with no council action on file.
    fn library_at_schema_17() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 17).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO contracts (id, cooperative, contract_number, title, vendor_name,
                 created_at, updated_at)
             VALUES (1, 'Sourcewell', '030421-CAT', 'Equipment', 'Caterpillar', '{STAMP}', '{STAMP}');
             INSERT INTO approvals (id, contract_id, outcome, meeting_date, not_to_exceed,
                 term_from, recorded_at, updated_at)
             VALUES (1, 1, 'approved', '2026-01-13', '50000.00', '2026-02-01', '{STAMP}', '{STAMP}'),
                    (2, 1, 'approved', '2026-03-10', '9000.00', NULL, '{STAMP}', '{STAMP}');
             INSERT INTO purchase_orders (id, approval_id, number, order_date, amount, vendor,
                 status, created_at, updated_at)
             VALUES (1, 1, 'PO-1', '2026-03-01', '10000.00', 'Caterpillar', 'open', '{STAMP}', '{STAMP}'),
                    (2, 1, 'PO-2', '2026-04-01', '8000.00', 'Caterpillar', 'closed', '{STAMP}', '{STAMP}'),
                    (3, 1, 'PO-3', '2026-05-01', '7000.00', 'Caterpillar', 'cancelled', '{STAMP}', '{STAMP}'),
                    (4, NULL, 'PO-4', '2026-09-01', '300.00', 'Caterpillar', 'open', '{STAMP}', '{STAMP}');
             INSERT INTO change_orders (po_id, change_date, amount, reason, recorded_at)
             VALUES (1, '2026-03-15', '2500.00', 'More buckets', '{STAMP}'),
                    (1, '2026-03-20', '-500.00', 'Fewer teeth', '{STAMP}');
             INSERT INTO invoices (po_id, vendor_key, number, invoice_date, amount, credit_memo,
                 paid_date, recorded_at)
             VALUES (1, 'caterpillar', 'I-1', '2026-04-10', '4000.00', 0, '2026-04-30', '{STAMP}'),
                    (1, 'caterpillar', 'I-2', '2026-06-10', '1500.25', 0, NULL, '{STAMP}'),
                    (1, 'caterpillar', 'C-1', '2026-06-12', '-200.00', 1, '2026-06-20', '{STAMP}'),
                    (2, 'caterpillar', 'I-3', '2026-07-02', '6000.00', 0, '2026-07-20', '{STAMP}'),
                    (3, 'caterpillar', 'I-4', '2026-05-20', '250.00', 0, NULL, '{STAMP}'),
                    (4, 'caterpillar', 'I-5', '2026-10-01', '300.00', 0, NULL, '{STAMP}');"
        ))
        .unwrap();
        conn
    }

    #[test]
    fn the_migration_counts_each_council_actions_totals_from_what_was_recorded() {
        let mut conn = library_at_schema_17();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let db = Database::in_memory_from(conn);
        let today: NaiveDate = "2026-12-07".parse().unwrap();
        let kept = store::kept_totals(&db, 1)
            .unwrap()
            .expect("a row for action 1");
        // PO-1: 10,000 + 2,500 − 500 = 12,000, billed 4,000 + 1,500.25 − 200 = 5,300.25,
        // so 6,699.75 still committed; PO-2 closed and PO-3 cancelled commit nothing.
        assert_eq!(kept.committed.to_string(), "6699.75");
        assert_eq!(
            kept.invoiced.to_string(),
            "11550.25",
            "every invoice counts, the cancelled PO's too, the credit memo taken off"
        );
        assert_eq!(kept.paid.to_string(), "9800.00", "4,000 − 200 + 6,000");
        assert_eq!(kept.last_purchase, "2026-07-02".parse().ok());
        let view = store::approval_view(&db, 1, today).unwrap().summary.figures;
        assert_eq!(
            kept.figures(view.authorised, "2026-02-01".parse().unwrap(), today),
            view,
            "the Spending screen's own figures, counted from the purchases"
        );
        let empty = store::kept_totals(&db, 2)
            .unwrap()
            .expect("a row for action 2");
        assert_eq!(
            (empty.committed.to_string(), empty.invoiced.to_string()),
            ("0.00".to_owned(), "0.00".to_owned()),
            "an action with no purchases has zero totals"
        );
        assert_eq!(empty.last_purchase, None);
    }

    #[test]
    fn a_purchase_written_outside_the_store_removes_its_actions_totals_rather_than_leave_them_wrong(
    ) {
        let mut conn = library_at_schema_17();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        conn.execute(
            "INSERT INTO invoices (po_id, vendor_key, number, invoice_date, amount,
                 recorded_at)
             VALUES (1, 'caterpillar', 'I-9', '2026-08-01', '100.00', ?1)",
            [STAMP],
        )
        .unwrap();
        let db = Database::in_memory_from(conn);
        assert_eq!(store::kept_totals(&db, 1).unwrap(), None);
        let listed = store::approvals(&db, "2026-12-07".parse().unwrap()).unwrap();
        let first = listed.iter().find(|s| s.approval.id == 1).unwrap();
        assert_eq!(
            first.figures.invoiced.to_string(),
            "11650.25",
            "the list counts an action without kept totals from its purchases"
        );
        assert_eq!(store::recount_missing_totals(&db).unwrap(), 1);
        assert_eq!(
            store::kept_totals(&db, 1)
                .unwrap()
                .unwrap()
                .invoiced
                .to_string(),
            "11650.25"
        );
    }
}
