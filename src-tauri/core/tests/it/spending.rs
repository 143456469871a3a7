//! After the council votes: approvals, purchase orders, change orders and invoices, where
//! an approval stands, and the guard rails that hold back a purchase until the clerk
//! says why it was done anyway.

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::library::price_list::{self, PriceLine};
use coopdesk_core::settings::{self, ChangeOrderThreshold, Settings};
use coopdesk_core::spending::model::{SpendingAction, Subject};
use coopdesk_core::spending::store::{self, ApprovalView};
use coopdesk_core::spending::{
    ApprovalInput, ChangeOrderInput, InvoiceInput, Outcome, PoStatus, PurchaseLineInput,
    PurchaseOrderInput, Recorded, Rule,
};
use coopdesk_core::{Error, Result};

mod audit;
mod contracts;
mod import;
mod sequences;

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The day the tests are run on, as the clerk's clock would say.
pub fn today() -> NaiveDate {
    date("2026-12-07")
}

pub fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

/// A library holding one contract — Sourcewell 030421-CAT, current expiry 2026-12-31,
/// extendable to 2028-12-31, with a price list — and the jurisdiction's settings.
pub struct Books {
    pub db: Database,
    pub contract_id: i64,
}

impl Books {
    pub fn new() -> Books {
        Books::on(Database::open_in_memory().unwrap())
    }

    /// The same in a library file in `dir`, for a test that also writes the file itself.
    pub fn on_disk(dir: &std::path::Path) -> Books {
        Books::on(crate::support::library::open_without_sample(dir, now()))
    }

    fn on(db: Database) -> Books {
        let contract = Contract {
            cooperative: "Sourcewell".into(),
            contract_number: "030421-CAT".into(),
            title: "Heavy construction equipment".into(),
            vendor_name: "Caterpillar Inc.".into(),
            expiry_date: Some(date("2026-12-31")),
            final_expiry_date: Some(date("2028-12-31")),
            ..Contract::default()
        };
        let contract_id = contract::insert(&db, &contract, now()).unwrap();
        price_list::set_price_lines(
            &db,
            contract_id,
            &[PriceLine {
                item: "Bucket, 24 in".into(),
                unit: "each".into(),
                unit_price: "1840.00".parse().unwrap(),
                notes: String::new(),
            }],
            now(),
        )
        .unwrap();
        Books { db, contract_id }
    }

    /// The council's approval of `not_to_exceed` on 2026-01-13 (Resolution 2026-04) for
    /// the term 2026-02-01 to 2027-06-30, charged to FY2026 and FY2027.
    pub fn approval(&self, not_to_exceed: &str) -> i64 {
        store::record_approval(
            &self.db,
            &approval_input(self.contract_id, not_to_exceed),
            today(),
            now(),
        )
        .unwrap()
        .id
    }

    pub fn order(
        &self,
        approval: i64,
        number: &str,
        amount: &str,
        reason: &str,
    ) -> Result<Recorded> {
        store::add_purchase_order(
            &self.db,
            &order_input(approval, number, amount),
            reason,
            today(),
            now(),
        )
    }

    pub fn invoice(&self, po: &str, number: &str, amount: &str, reason: &str) -> Result<Recorded> {
        let input = InvoiceInput {
            po_number: po.into(),
            number: number.into(),
            date: Some(date("2026-09-15")),
            amount: amount.into(),
            ..InvoiceInput::default()
        };
        store::add_invoice(&self.db, &input, reason, today(), now())
    }

    pub fn view(&self, approval: i64) -> ApprovalView {
        store::approval_view(&self.db, approval, today()).unwrap()
    }
}

pub fn approval_input(contract_id: i64, not_to_exceed: &str) -> ApprovalInput {
    ApprovalInput {
        contract_id: Some(contract_id),
        outcome: Outcome::Approved,
        meeting_date: Some(date("2026-01-13")),
        agenda_item: "Consent 7.B".into(),
        action_number: "Resolution 2026-04".into(),
        not_to_exceed: not_to_exceed.into(),
        term_from: Some(date("2026-02-01")),
        term_to: Some(date("2027-06-30")),
        fiscal_years: vec!["FY2026".into(), "FY2027".into()],
        ..ApprovalInput::default()
    }
}

pub fn order_input(approval: i64, number: &str, amount: &str) -> PurchaseOrderInput {
    PurchaseOrderInput {
        approval_id: Some(approval),
        number: number.into(),
        date: Some(date("2026-06-01")),
        amount: amount.into(),
        fiscal_year: "FY2026".into(),
        description: "Loader buckets".into(),
        ..PurchaseOrderInput::default()
    }
}

/// The rules a write was held back for, and their sentences.
fn held_back(result: Result<Recorded>) -> Vec<(String, String)> {
    match result {
        Err(Error::NeedsOverride(rules)) => {
            rules.into_iter().map(|r| (r.field, r.message)).collect()
        }
        other => panic!("expected the write to be held back for a reason, got {other:?}"),
    }
}

fn messages(result: Result<Recorded>) -> String {
    match result {
        Err(Error::InvalidFields(fields)) => fields
            .iter()
            .map(|f| format!("{}: {}", f.label, f.message))
            .collect::<Vec<_>>()
            .join(" | "),
        other => panic!("expected the input to be refused as malformed, got {other:?}"),
    }
}

#[test]
fn an_approval_shows_authorised_committed_invoiced_paid_and_remaining() {
    let books = Books::new();
    let approval = books.approval("74360.00");
    books.order(approval, "PO-4501", "30000.00", "").unwrap();
    books.order(approval, "PO-4502", "10000.00", "").unwrap();
    books.invoice("PO-4501", "INV-1", "12,500.00", "").unwrap();
    let paid = InvoiceInput {
        po_number: "PO-4502".into(),
        number: "INV-2".into(),
        date: Some(date("2026-10-01")),
        amount: "10000".into(),
        paid_date: Some(date("2026-10-20")),
        ..InvoiceInput::default()
    };
    store::add_invoice(&books.db, &paid, "", today(), now()).unwrap();

    let figures = books.view(approval).summary.figures;
    assert_eq!(figures.authorised.to_string(), "74360.00");
    assert_eq!(
        figures.committed.to_string(),
        "17500.00",
        "PO-4501's unbilled 17,500; PO-4502 is fully billed"
    );
    assert_eq!(figures.invoiced.to_string(), "22500.00");
    assert_eq!(
        figures.paid.to_string(),
        "10000.00",
        "only INV-2 has a paid date"
    );
    assert_eq!(figures.remaining.to_string(), "34360.00");
    // Since the term began on 2026-02-01: 309 days, 22,500 × 30.4375 / 309 = 2,216.32.
    assert_eq!(figures.burn_rate.unwrap().to_string(), "2216.32");
    assert_eq!(
        figures.runs_out_on,
        Some(date("2028-03-22")),
        "34,360 / 2,216.32 = 15.5 months = 471 days after 2026-12-07"
    );
}

#[test]
fn a_purchase_past_the_not_to_exceed_is_held_back_until_a_reason_is_given_and_kept() {
    let books = Books::new();
    let approval = books.approval("74360.00");
    books.order(approval, "PO-4501", "70000.00", "").unwrap();

    let rules = held_back(books.order(approval, "PO-4502", "44400.00", ""));
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!(rules[0].0, "notToExceed");
    assert!(
        rules[0]
            .1
            .contains("to $114,400.00, $40,040.00 past the $74,360.00 not-to-exceed"),
        "the clerk is told by how much: {}",
        rules[0].1
    );
    assert_eq!(
        books.view(approval).orders.len(),
        1,
        "nothing was saved without a reason"
    );

    let recorded = books
        .order(
            approval,
            "PO-4502",
            "44400.00",
            "Emergency repair after the flood; council ratifies 12/15",
        )
        .unwrap();
    assert_eq!(recorded.overridden[0].rule, Rule::NotToExceed);
    let view = books.view(approval);
    assert_eq!(view.summary.figures.remaining.to_string(), "-40040.00");
    let entry = view
        .history
        .iter()
        .find(|e| e.action == SpendingAction::Override)
        .expect("the override is in the history");
    assert_eq!(entry.rule, Some(Rule::NotToExceed));
    assert_eq!(entry.subject, Subject::PurchaseOrder);
    assert_eq!(entry.subject_id, recorded.id);
    assert_eq!(entry.at, now(), "with the date");
    assert_eq!(
        entry.reason.as_deref(),
        Some("Emergency repair after the flood; council ratifies 12/15")
    );
}

#[test]
fn a_cancelled_po_commits_nothing_and_reopening_it_past_the_limit_needs_a_reason() {
    let books = Books::new();
    let approval = books.approval("50000.00");
    let first = books.order(approval, "PO-1", "40000.00", "").unwrap();
    store::set_purchase_order_status(&books.db, first.id, PoStatus::Cancelled, "", today(), now())
        .unwrap();
    books.order(approval, "PO-2", "30000.00", "").unwrap();
    assert_eq!(
        books.view(approval).summary.figures.committed.to_string(),
        "30000.00"
    );
    let rules = held_back(store::set_purchase_order_status(
        &books.db,
        first.id,
        PoStatus::Open,
        "",
        today(),
        now(),
    ));
    assert_eq!(rules[0].0, "notToExceed");
}

#[test]
fn each_guard_rail_is_one_sentence_and_all_are_overridden_by_one_reason() {
    let books = Books::new();
    let approval = books.approval("100000.00");
    let input = PurchaseOrderInput {
        date: Some(date("2026-12-07")),
        fiscal_year: "FY2028".into(),
        amount: "3900.00".into(),
        lines: vec![PurchaseLineInput {
            item: "bucket,  24 IN".into(),
            quantity: "2".into(),
            unit_price: "1950.00".into(),
        }],
        ..order_input(approval, "PO-4510", "")
    };
    let rules = held_back(store::add_purchase_order(
        &books.db,
        &input,
        "",
        today(),
        now(),
    ));
    let keys: Vec<&str> = rules.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["fiscalYear", "abovePriceList"], "{rules:?}");
    assert!(rules[0]
        .1
        .contains("charged to FY2028, which Resolution 2026-04 of 2026-01-13 does not cover"));
    assert!(rules[1]
        .1
        .contains("priced at $1,950.00, above the contract's price list ($1,840.00 per each)"));

    let recorded = store::add_purchase_order(
        &books.db,
        &input,
        "Price increase approved by the cooperative; FY2028 budget adopted",
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(recorded.overridden.len(), 2);
    let overrides = books
        .view(approval)
        .history
        .into_iter()
        .filter(|e| e.action == SpendingAction::Override)
        .count();
    assert_eq!(
        overrides, 2,
        "each rule overridden is its own history entry"
    );
    let late = PurchaseOrderInput {
        date: Some(date("2026-12-07")),
        ..order_input(approval, "PO-4511", "100.00")
    };
    // A contract past its current expiry that may still be extended: said so.
    let mut db_contract = contract::get(&books.db, books.contract_id).unwrap();
    db_contract.expiry_date = Some(date("2026-11-30"));
    contract::update(&books.db, &db_contract, now()).unwrap();
    let rules = held_back(store::add_purchase_order(
        &books.db,
        &late,
        "",
        today(),
        now(),
    ));
    assert_eq!(rules[0].0, "contractExpired");
    assert!(
        rules[0]
            .1
            .contains("may be extended to 2028-12-31 — verify the renewal"),
        "{rules:?}"
    );
}

#[test]
fn outside_the_term_and_under_a_denied_item_are_flagged() {
    let books = Books::new();
    let approval = books.approval("100000.00");
    let early = PurchaseOrderInput {
        date: Some(date("2026-01-20")),
        ..order_input(approval, "PO-1", "100.00")
    };
    let rules = held_back(store::add_purchase_order(
        &books.db,
        &early,
        "",
        today(),
        now(),
    ));
    assert_eq!(rules[0].0, "outsideTerm");
    assert!(
        rules[0].1.contains(
            "outside the term Resolution 2026-04 of 2026-01-13 approved (2026-02-01 to 2027-06-30)"
        ),
        "{rules:?}"
    );

    let denied = store::record_approval(
        &books.db,
        &ApprovalInput {
            outcome: Outcome::Denied,
            not_to_exceed: String::new(),
            ..approval_input(books.contract_id, "")
        },
        today(),
        now(),
    )
    .unwrap();
    let rules = held_back(books.order(denied.id, "PO-2", "100.00", ""));
    assert_eq!(rules[0].0, "notApproved");
    assert!(rules[0]
        .1
        .contains("which the council denied; it authorised no spending"));
}

#[test]
fn change_orders_past_the_threshold_in_settings_need_new_council_action() {
    let books = Books::new();
    settings::save(
        &books.db,
        &Settings {
            change_order_threshold: ChangeOrderThreshold {
                percent: Some("10".parse().unwrap()),
                amount: Some("25000.00".parse().unwrap()),
            },
            ..Settings::default()
        },
    )
    .unwrap();
    let approval = books.approval("100000.00");
    books.order(approval, "PO-1", "20000.00", "").unwrap();
    let change = |amount: &str, reason: &str| {
        store::add_change_order(
            &books.db,
            &ChangeOrderInput {
                po_number: "po-1".into(),
                date: Some(date("2026-07-01")),
                amount: amount.into(),
                reason: "Extra attachments".into(),
            },
            reason,
            today(),
            now(),
        )
    };
    change("1500.00", "").unwrap();
    let rules = held_back(change("1000.00", ""));
    assert_eq!(rules[0].0, "changeOrderThreshold");
    assert!(rules[0].1.contains("now add $2,500.00 (12.5% of its original $20,000.00), above the change-order threshold of 10% in Settings"), "{rules:?}");
    change("1000.00", "Council informed at the 7/14 meeting").unwrap();
    change("-2500.00", "").unwrap();
    assert_eq!(
        books.view(approval).orders[0].current_amount().to_string(),
        "20000.00"
    );
}

#[test]
fn malformed_input_is_refused_with_a_sentence_and_nothing_is_saved() {
    let books = Books::new();
    let approval = books.approval("100000.00");
    let letters = messages(books.order(approval, "PO-1", "12O0.00", ""));
    assert!(
        letters.contains("PO amount: '12O0.00' is not an amount"),
        "{letters}"
    );
    let cents = messages(books.order(approval, "PO-1", "1200.005", ""));
    assert!(cents.contains("more than two decimals"), "{cents}");
    let future = PurchaseOrderInput {
        date: Some(date("2026-12-08")),
        ..order_input(approval, "PO-1", "10.00")
    };
    let future = messages(store::add_purchase_order(
        &books.db,
        &future,
        "",
        today(),
        now(),
    ));
    assert!(future.contains("2026-12-08 is in the future"), "{future}");
    let unknown = messages(books.invoice("PO-9", "INV-1", "10.00", ""));
    assert!(
        unknown.contains("no purchase order numbered 'PO-9' is recorded"),
        "{unknown}"
    );
    assert!(books.view(approval).orders.is_empty());

    books.order(approval, "PO-1", "1000.00", "").unwrap();
    let negative = messages(books.invoice("PO-1", "INV-1", "-760", ""));
    assert!(
        negative
            .contains("−$760.00 is negative; an invoice that gives money back is a credit memo"),
        "{negative}"
    );
    let credit = InvoiceInput {
        po_number: "PO-1".into(),
        number: "CM-1".into(),
        date: Some(date("2026-09-01")),
        amount: "760".into(),
        credit_memo: true,
        ..InvoiceInput::default()
    };
    store::add_invoice(&books.db, &credit, "", today(), now()).unwrap();
    let kept = &books.view(approval).orders[0].invoices[0];
    assert_eq!(
        (kept.amount.to_string(), kept.credit_memo),
        ("-760.00".into(), true),
        "a credit memo is kept negative"
    );

    books.invoice("PO-1", "INV-77", "100.00", "").unwrap();
    books.order(approval, "PO-2", "1000.00", "").unwrap();
    let twice = messages(books.invoice("PO-2", " inv-77 ", "100.00", ""));
    assert!(
        twice.contains("Caterpillar Inc.'s invoice INV-77 is already recorded (dated 2026-09-15, $100.00, billing PO PO-1)"),
        "the first invoice is named: {twice}"
    );
    let duplicate_po = messages(books.order(approval, "po-2", "5.00", ""));
    assert!(
        duplicate_po.contains("PO PO-2 is already recorded"),
        "{duplicate_po}"
    );
}

#[test]
fn a_recorded_approvals_amounts_change_only_as_an_amendment_in_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let books = Books::on_disk(dir.path());
    let approval = books.approval("74360.00");
    // Another program (or a careless script) writing to the file: the schema's own rules,
    // with none of the core's checks in front of them.
    let raw = rusqlite::Connection::open(books.db.path().unwrap()).unwrap();
    let refused = raw.execute(
        "UPDATE approvals SET not_to_exceed = '114400.00' WHERE id = ?1",
        [approval],
    );
    let message = refused.unwrap_err().to_string();
    assert!(
        message.contains("changes only as an amendment recorded in its history"),
        "{message}"
    );
    assert_eq!(
        books
            .view(approval)
            .summary
            .approval
            .not_to_exceed
            .unwrap()
            .to_string(),
        "74360.00"
    );

    let amended = store::amend_approval(
        &books.db,
        approval,
        &ApprovalInput {
            outcome: Outcome::ApprovedAsAmended,
            ..approval_input(books.contract_id, "114400.00")
        },
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(amended.revision, 2);
    assert_eq!(amended.not_to_exceed.unwrap().to_string(), "114400.00");
    let entry = books
        .view(approval)
        .history
        .into_iter()
        .find(|e| e.action == SpendingAction::Update)
        .unwrap();
    let change = entry
        .changes
        .iter()
        .find(|c| c.field == "notToExceed")
        .unwrap();
    assert_eq!(
        (change.old.as_str(), change.new.as_str()),
        ("74360.00", "114400.00")
    );
    let deleted = raw.execute("DELETE FROM approvals WHERE id = ?1", [approval]);
    assert!(deleted.unwrap_err().to_string().contains("never deleted"));
}

#[test]
fn an_approval_on_a_memo_links_the_printed_version_the_council_saw_and_its_contract() {
    use crate::support::comparison::{orange_county, COOPERATIVE};
    use crate::support::library::{contract_numbered, sample_library};
    use coopdesk_core::memo::store as memos;
    use coopdesk_core::tco::store as comparisons;

    let db = sample_library(now());
    let naf = contract_numbered(&db, "091521-NAF");
    let comparison = orange_county().bought_through(COOPERATIVE, naf.id).build();
    let comparison_id = comparisons::save(&db, None, &comparison, now()).unwrap();
    let memo = memos::create(&db, comparison_id, COOPERATIVE, now()).unwrap();
    let on_memo = ApprovalInput {
        memo_id: Some(memo),
        contract_id: None,
        ..approval_input(0, "180000.00")
    };
    let draft = store::record_approval(&db, &on_memo, today(), now()).unwrap_err();
    assert!(
        draft
            .to_string()
            .contains("has no printed version; print the version the council was shown"),
        "{draft}"
    );

    memos::print(&db, memo, None, now()).unwrap();
    let approval = store::record_approval(&db, &on_memo, today(), now()).unwrap();
    assert_eq!(
        approval.memo_version,
        Some(1),
        "the printed version is linked"
    );
    assert_eq!(
        Some(approval.contract_id),
        naf.id,
        "and the contract it recommends"
    );
    let row = &store::approvals(&db, today()).unwrap()[0];
    assert_eq!(row.contract_number, "091521-NAF");
}

#[test]
fn the_signed_resolution_is_a_checksummed_copy_kept_while_the_approval_cites_it() {
    use coopdesk_core::library::documents;

    let dir = tempfile::tempdir().unwrap();
    let books = Books::on_disk(&dir.path().join("library"));
    let approval = books.approval("74360.00");
    let signed = dir.path().join("Resolution 2026-04 signed.pdf");
    std::fs::write(&signed, b"%PDF-1.7 signed resolution").unwrap();

    let document = store::attach_approval_document(&books.db, approval, &signed, now()).unwrap();
    assert_eq!(document.original_name, "Resolution 2026-04 signed.pdf");
    assert_eq!(document.size_bytes, 26);
    assert_eq!(
        books.view(approval).summary.approval.document_ids,
        [document.id]
    );
    let listed = documents::list_documents(&books.db, books.contract_id).unwrap();
    assert!(
        listed[0].verified,
        "the copy is checksummed like every attached document"
    );

    let removed = documents::remove_document(&books.db, document.id, now()).unwrap_err();
    assert!(
        removed
            .to_string()
            .contains("the record of a council action and is kept"),
        "{removed}"
    );
    assert!(
        document.path.is_file(),
        "and its copy stays in the library folder"
    );
}

#[test]
fn changing_the_change_order_threshold_does_not_put_a_memo_out_of_date() {
    use crate::support::comparison::{orange_county, COOPERATIVE};
    use crate::support::library::{contract_numbered, sample_library};
    use coopdesk_core::memo::store as memos;
    use coopdesk_core::tco::store as comparisons;

    let db = sample_library(now());
    let naf = contract_numbered(&db, "091521-NAF");
    let comparison = orange_county().bought_through(COOPERATIVE, naf.id).build();
    let comparison_id = comparisons::save(&db, None, &comparison, now()).unwrap();
    let memo = memos::create(&db, comparison_id, COOPERATIVE, now()).unwrap();
    let mut current = settings::load(&db).unwrap();
    current.change_order_threshold.percent = Some("10".parse().unwrap());
    settings::save(&db, &current).unwrap();
    assert_eq!(
        memos::open(&db, memo).unwrap().changes,
        Vec::<String>::new(),
        "the memo prints nothing of the threshold, so it is not out of date"
    );
    current.jurisdiction_name = "Village of Peñasco".into();
    settings::save(&db, &current).unwrap();
    assert_eq!(
        memos::open(&db, memo).unwrap().changes.len(),
        1,
        "what it prints still counts"
    );
}
