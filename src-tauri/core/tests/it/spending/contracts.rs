//! A library contract's council actions, as its detail pane's "Purchases" lists them, and
//! a contract in the trash: nothing new is recorded against it, and the clerk is told
//! which contract and how to bring it back, not that something was "not found".

use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::spending::store;
use coopdesk_core::Error;

use super::{approval_input, date, now, today, Books};

/// The sentence a refused write was answered with.
fn refusal(error: Error) -> String {
    match error {
        Error::InvalidFields(fields) => fields
            .iter()
            .map(|f| format!("{} [{}]: {}", f.label, f.field, f.message))
            .collect::<Vec<_>>()
            .join(" | "),
        other => panic!("expected a sentence naming the contract, got {other:?}"),
    }
}

#[test]
fn a_contracts_purchases_list_only_its_own_actions_with_their_figures() {
    let books = Books::new();
    let first = books.approval("74360.00");
    books.order(first, "PO-4501", "30000.00", "").unwrap();
    books.invoice("PO-4501", "INV-1", "12500.00", "").unwrap();
    let mut later = approval_input(books.contract_id, "20000.00");
    later.meeting_date = Some(date("2026-06-09"));
    later.action_number = "Resolution 2026-31".into();
    let later = store::record_approval(&books.db, &later, today(), now())
        .unwrap()
        .id;
    let other = Contract {
        cooperative: "OMNIA Partners".into(),
        contract_number: "R200201".into(),
        title: "Office supplies".into(),
        vendor_name: "Staples".into(),
        ..Contract::default()
    };
    let other = contract::insert(&books.db, &other, now()).unwrap();
    let elsewhere =
        store::record_approval(&books.db, &approval_input(other, "5000.00"), today(), now())
            .unwrap()
            .id;
    // A PO on the other contract, which must not count toward this one.
    books.order(elsewhere, "PO-9001", "4000.00", "").unwrap();

    let listed = store::contract_approvals(&books.db, books.contract_id, today()).unwrap();
    let ids: Vec<i64> = listed.iter().map(|s| s.approval.id).collect();
    assert_eq!(
        ids,
        [later, first],
        "this contract's actions, latest meeting first, and no other contract's"
    );
    let figures = &listed[1].figures;
    assert_eq!(
        (
            figures.authorised.to_string(),
            figures.committed.to_string(),
            figures.invoiced.to_string(),
            figures.remaining.to_string(),
        ),
        (
            "74360.00".into(),
            "17500.00".into(),
            "12500.00".into(),
            "44360.00".into()
        ),
        "the same figures as the Spending screen's for that action"
    );
    assert_eq!(
        listed[1].figures,
        books.view(first).summary.figures,
        "one computation for both places"
    );
    assert_eq!(listed[0].figures.committed.to_string(), "0.00");
    assert!(store::contract_approvals(&books.db, 9999, today())
        .unwrap()
        .is_empty());
}

#[test]
fn a_council_action_on_a_contract_in_the_trash_names_it_and_says_how_to_restore_it() {
    let books = Books::new();
    let approval = books.approval("74360.00");
    contract::delete(&books.db, books.contract_id, now()).unwrap();

    let refused = store::record_approval(
        &books.db,
        &approval_input(books.contract_id, "1000.00"),
        today(),
        now(),
    )
    .unwrap_err();
    let sentence = refusal(refused);
    assert!(
        sentence
            .starts_with("Contract [contractId]: 030421-CAT (Caterpillar Inc.) is in the trash"),
        "beside the contract's field, naming it: {sentence}"
    );
    assert!(sentence.contains("Library → Trash → Restore"), "{sentence}");
    assert!(!sentence.contains("not found"), "{sentence}");

    let purchase = books.order(approval, "PO-4501", "100.00", "").unwrap_err();
    let sentence = refusal(purchase);
    assert!(
        sentence.contains("030421-CAT (Caterpillar Inc.) is in the trash, so a purchase"),
        "{sentence}"
    );
    assert!(
        store::purchase_orders(&books.db, Some(approval))
            .unwrap()
            .is_empty(),
        "nothing was recorded"
    );

    // The approval itself is still shown, and once the contract is restored the same
    // purchase is recorded.
    assert_eq!(store::approvals(&books.db, today()).unwrap().len(), 1);
    contract::restore(&books.db, books.contract_id, now()).unwrap();
    books.order(approval, "PO-4501", "100.00", "").unwrap();
}

#[test]
fn a_contract_that_never_was_is_still_not_found() {
    let books = Books::new();
    let refused = store::record_approval(&books.db, &approval_input(4242, "1.00"), today(), now())
        .unwrap_err();
    assert!(
        matches!(refused, Error::NotFound { ref what } if what == "Contract #4242"),
        "{refused:?}"
    );
}

#[test]
fn an_amendment_that_writes_the_same_amount_another_way_is_no_new_revision() {
    let books = Books::new();
    let approval = books.approval("74360.00");
    // The window sends the amount as the clerk's "$74,360.00" reads: 74360.
    let same = store::amend_approval(
        &books.db,
        approval,
        &approval_input(books.contract_id, "74360"),
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(same.revision, 1, "nothing the council approved changed");
    let changed = store::amend_approval(
        &books.db,
        approval,
        &approval_input(books.contract_id, "80000"),
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(changed.revision, 2);
    let entry = books.view(approval).history.pop().unwrap();
    assert_eq!(
        entry
            .changes
            .iter()
            .map(|c| format!("{}: {} → {}", c.label, c.old, c.new))
            .collect::<Vec<_>>(),
        ["Not-to-exceed: 74360.00 → 80000.00"],
        "one change, both sides to the cent"
    );
}
