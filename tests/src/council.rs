//! The library the spending, Needs-action and renewal-memo tests start from: the sample
//! library with the council's action on Staples 070924-SCC (Resolution 2026-04, voted
//! 2026-01-13, not to exceed $74,360.00, its term from 2026-02-01), and what each test
//! buys under it.
//!
//! ```ignore
//! let action = CouncilAction::record(turn.data(), now);
//! action.order("4500-0113", "70000.00", "");
//! action.invoice("4500-0113", "INV-88", "2026-04-01", "12500.00");
//! ```

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::spending::{store, ApprovalInput, InvoiceInput, Outcome, PurchaseOrderInput};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date written YYYY-MM-DD")
}

/// The sample library, opened (and seeded) in `data_dir` on `now`.
pub fn sample_library(data_dir: &Path, now: NaiveDateTime) -> Database {
    let options = OpenOptions {
        now,
        seed_sample: true,
    };
    opening::open(data_dir, options).unwrap().0
}

/// The sample library's Staples contract, 070924-SCC.
pub fn staples(db: &Database) -> contract::Contract {
    contract::all(db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == "070924-SCC")
        .expect("the sample library holds Staples 070924-SCC")
}

/// The council's action on Staples in a library, and the day things are recorded on.
pub struct CouncilAction {
    pub db: Database,
    /// The approval's id.
    pub id: i64,
    now: NaiveDateTime,
}

impl std::fmt::Debug for CouncilAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CouncilAction")
            .field("id", &self.id)
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl CouncilAction {
    /// Opens the sample library in `data_dir` and records Resolution 2026-04 on it.
    pub fn record(data_dir: &Path, now: NaiveDateTime) -> CouncilAction {
        CouncilAction::record_in(sample_library(data_dir, now), now)
    }

    /// Records Resolution 2026-04 on Staples in `db` (the sample library).
    pub fn record_in(db: Database, now: NaiveDateTime) -> CouncilAction {
        let input = ApprovalInput {
            contract_id: staples(&db).id,
            outcome: Outcome::Approved,
            meeting_date: Some(day("2026-01-13")),
            action_number: "Resolution 2026-04".into(),
            not_to_exceed: "74360.00".into(),
            term_from: Some(day("2026-02-01")),
            ..ApprovalInput::default()
        };
        let id = store::record_approval(&db, &input, now.date(), now)
            .unwrap()
            .id;
        CouncilAction { db, id, now }
    }

    /// A purchase order under the action, dated 2026-03-02 (`reason`: why it may pass
    /// the not-to-exceed).
    pub fn order(&self, number: &str, amount: &str, reason: &str) -> &CouncilAction {
        let input = PurchaseOrderInput {
            approval_id: Some(self.id),
            number: number.into(),
            date: Some(day("2026-03-02")),
            amount: amount.into(),
            ..PurchaseOrderInput::default()
        };
        store::add_purchase_order(&self.db, &input, reason, self.now.date(), self.now).unwrap();
        self
    }

    /// An invoice numbered `number`, dated `date` (YYYY-MM-DD), billing PO `po`.
    pub fn invoice(&self, po: &str, number: &str, date: &str, amount: &str) -> &CouncilAction {
        let input = InvoiceInput {
            po_number: po.into(),
            number: number.into(),
            date: Some(day(date)),
            amount: amount.into(),
            ..InvoiceInput::default()
        };
        store::add_invoice(&self.db, &input, "", self.now.date(), self.now).unwrap();
        self
    }
}
