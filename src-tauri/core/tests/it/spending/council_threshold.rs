//! The jurisdiction's threshold for council action (Settings): a purchase order recorded
//! with no council action on file above it is flagged "No council action on file".

use coopdesk_core::settings::{self, Settings};
use coopdesk_core::spending::model::{PurchaseOrderInput, SpendingAction};
use coopdesk_core::spending::{store, Rule};
use coopdesk_core::Error;

use super::{date, now, today, Books};

fn unapproved(number: &str, amount: &str) -> PurchaseOrderInput {
    PurchaseOrderInput {
        approval_id: None,
        number: number.into(),
        date: Some(date("2026-06-01")),
        amount: amount.into(),
        vendor: "Acme Paving LLC".into(),
        description: "Pothole patching".into(),
        ..PurchaseOrderInput::default()
    }
}

#[test]
fn a_po_with_no_council_action_above_the_threshold_needs_a_reason_and_is_kept_flagged() {
    let books = Books::new();
    let add = |number: &str, amount: &str, reason: &str| {
        store::add_purchase_order(
            &books.db,
            &unapproved(number, amount),
            reason,
            today(),
            now(),
        )
    };
    // No threshold set: nothing is flagged, as before.
    assert!(add("PO-900", "80000.00", "").unwrap().overridden.is_empty());

    let saved = settings::save(
        &books.db,
        &Settings {
            council_action_threshold: Some("50000.00".parse().unwrap()),
            ..Settings::default()
        },
    )
    .unwrap();
    assert_eq!(
        saved
            .council_action_threshold
            .map(|a| a.to_string())
            .as_deref(),
        Some("50000.00"),
        "the threshold is kept"
    );
    assert!(
        add("PO-901", "50000.00", "").unwrap().overridden.is_empty(),
        "at the threshold, not above it"
    );
    match add("PO-902", "50000.01", "") {
        Err(Error::NeedsOverride(rules)) => {
            assert_eq!(rules.len(), 1, "{rules:?}");
            assert_eq!(rules[0].field, "noCouncilAction");
            assert!(
                rules[0]
                    .message
                    .contains("PO PO-902 for $50,000.01 has no council action on file")
                    && rules[0].message.contains("above $50,000.00"),
                "{}",
                rules[0].message
            );
        }
        other => panic!("expected the PO to be held back for a reason, got {other:?}"),
    }
    assert!(
        store::purchase_orders(&books.db, None)
            .unwrap()
            .iter()
            .all(|o| o.number != "PO-902"),
        "nothing is written without the reason"
    );
    let recorded = add(
        "PO-902",
        "50000.01",
        "Emergency repair; ratification on the 12/14 agenda",
    )
    .unwrap();
    assert_eq!(recorded.overridden[0].rule, Rule::NoCouncilAction);
    let audit = store::audit(&books.db, today()).unwrap();
    let kept = audit
        .overrides
        .iter()
        .find(|e| e.rule == Some(Rule::NoCouncilAction))
        .expect("the override is in the audit export");
    assert_eq!(kept.action, SpendingAction::Override);
    assert_eq!(kept.approval_id, None);
    assert_eq!(
        kept.reason.as_deref(),
        Some("Emergency repair; ratification on the 12/14 agenda")
    );
}

#[test]
fn the_threshold_is_refused_negative_or_past_the_cent() {
    let books = Books::new();
    for (typed, says) in [("-1.00", "negative"), ("100.005", "two decimals")] {
        let result = settings::save(
            &books.db,
            &Settings {
                council_action_threshold: Some(typed.parse().unwrap()),
                ..Settings::default()
            },
        );
        match result {
            Err(Error::InvalidFields(fields)) => {
                assert_eq!(fields[0].field, "councilActionThreshold");
                assert!(fields[0].message.contains(says), "{}", fields[0].message);
            }
            other => panic!("{typed} should be refused, got {other:?}"),
        }
    }
}
