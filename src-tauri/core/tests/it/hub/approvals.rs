//! Council actions and their purchases shared within one office: an action crosses with
//! its purchase orders (lines), change orders, invoices (credits too) and overrides, the
//! receiving library counts its totals again from the purchases it then holds, two laptops
//! adding purchases to the same action both keep theirs, the same purchase changed on both
//! is a conflict in the plan, and the hub itself keeps them from the other jurisdictions.

use chrono::NaiveDate;
use coopdesk_core::db::Database;
use coopdesk_core::hub::{self, Resolution};
use coopdesk_core::library::contract::{self, Contract};
use coopdesk_core::spending::figures::Sums;
use coopdesk_core::spending::model::SpendingAction;
use coopdesk_core::spending::{
    store, ApprovalInput, ChangeOrderInput, InvoiceInput, Outcome, PurchaseLineInput,
    PurchaseOrderInput,
};
use rust_decimal::Decimal;

use super::{now, Laptop, TestHub};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn today() -> NaiveDate {
    now().date()
}

fn loader_contract() -> Contract {
    Contract {
        cooperative: "Sourcewell".into(),
        contract_number: "032119-CAT".into(),
        title: "Heavy construction equipment".into(),
        vendor_name: "Caterpillar".into(),
        ..Contract::default()
    }
}

/// A contract of its own on each laptop first, so the action's contract has another row
/// id on the deputy's laptop; then the action, on the clerk's.
fn action_on(clerk: &Laptop, deputy: &Laptop, not_to_exceed: &str) -> i64 {
    let own = Contract {
        contract_number: "DEP-1".into(),
        title: "Deputy's copier".into(),
        ..loader_contract()
    };
    contract::insert(&deputy.db, &own, now()).unwrap();
    let contract = contract::insert(&clerk.db, &loader_contract(), now()).unwrap();
    let input = ApprovalInput {
        contract_id: Some(contract),
        outcome: Outcome::Approved,
        meeting_date: Some(date("2026-09-08")),
        agenda_item: "Consent 7.B".into(),
        action_number: "Resolution 2026-41".into(),
        not_to_exceed: not_to_exceed.into(),
        term_from: Some(date("2026-09-15")),
        term_to: Some(date("2027-09-14")),
        fiscal_years: vec!["FY2027".into()],
        conditions: "Delivery before the first snow".into(),
        ..ApprovalInput::default()
    };
    store::record_approval(&clerk.db, &input, today(), now())
        .unwrap()
        .id
}

fn order(approval: i64, number: &str, amount: &str) -> PurchaseOrderInput {
    PurchaseOrderInput {
        approval_id: Some(approval),
        number: number.into(),
        date: Some(date("2026-10-01")),
        amount: amount.into(),
        fiscal_year: "FY2027".into(),
        description: "Loader buckets".into(),
        ..PurchaseOrderInput::default()
    }
}

fn invoice(po: &str, number: &str, amount: &str, credit: bool) -> InvoiceInput {
    InvoiceInput {
        po_number: po.into(),
        number: number.into(),
        date: Some(date("2026-11-02")),
        amount: amount.into(),
        credit_memo: credit,
        paid_date: None,
    }
}

/// The library's only council action.
fn the_action(db: &Database) -> i64 {
    let all = store::approvals(db, today()).unwrap();
    assert_eq!(all.len(), 1, "one council action: {all:?}");
    all[0].approval.id
}

/// The action's totals as the library keeps them, and as counted naively from its
/// purchases: each PO's amount with its change orders while open, every invoice.
fn totals(db: &Database) -> (Sums, Sums, Decimal) {
    let id = the_action(db);
    let kept = store::kept_totals(db, id).unwrap().expect("totals kept");
    let orders = store::purchase_orders(db, Some(id)).unwrap();
    let invoiced: Decimal = orders
        .iter()
        .flat_map(|o| o.invoices.iter())
        .map(|i| i.amount)
        .sum();
    (kept, Sums::of(&orders), invoiced)
}

/// A PO's number, amount with change orders, and invoices: number, amount, credit.
type Purchase = (String, String, Vec<(String, String, bool)>);

/// The POs under the library's action: number, amount with change orders, and invoices
/// (by number), each in order.
fn purchases(db: &Database) -> Vec<Purchase> {
    let mut found: Vec<_> = store::purchase_orders(db, Some(the_action(db)))
        .unwrap()
        .into_iter()
        .map(|o| {
            let mut invoices: Vec<_> = o
                .invoices
                .iter()
                .map(|i| (i.number.clone(), i.amount.to_string(), i.credit_memo))
                .collect();
            invoices.sort();
            (o.number.clone(), o.current_amount().to_string(), invoices)
        })
        .collect();
    found.sort();
    found
}

/// The overrides in the action's history: rule and reason.
fn overrides(db: &Database) -> Vec<(String, String)> {
    store::approval_view(db, the_action(db), today())
        .unwrap()
        .history
        .into_iter()
        .filter(|e| e.action == SpendingAction::Override)
        .map(|e| (e.rule.unwrap().key().to_owned(), e.reason.unwrap()))
        .collect()
}

#[test]
fn a_council_action_reaches_the_other_laptop_with_its_purchases_and_totals_counted_there() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let action = action_on(&clerk, &deputy, "50000.00");
    let mut buckets = order(action, "PO-7001", "18150.00");
    buckets.lines = vec![
        PurchaseLineInput {
            item: "Bucket, 3 yd".into(),
            quantity: "2".into(),
            unit_price: "8450.50".into(),
        },
        PurchaseLineInput {
            item: "Teeth set".into(),
            quantity: "4".into(),
            unit_price: "312.25".into(),
        },
    ];
    store::add_purchase_order(&clerk.db, &buckets, "", today(), now()).unwrap();
    store::add_change_order(
        &clerk.db,
        &ChangeOrderInput {
            po_number: "PO-7001".into(),
            date: Some(date("2026-10-20")),
            amount: "-410.00".into(),
            reason: "One set of teeth returned".into(),
        },
        "",
        today(),
        now(),
    )
    .unwrap();
    store::add_invoice(
        &clerk.db,
        &invoice("PO-7001", "CAT-88120", "17740.00", false),
        "",
        today(),
        now(),
    )
    .unwrap();
    store::add_invoice(
        &clerk.db,
        &invoice("PO-7001", "CAT-CM-12", "-150.75", true),
        "",
        today(),
        now(),
    )
    .unwrap();
    // Past the not-to-exceed: recorded only with a reason, which travels with it.
    let refused = store::add_purchase_order(
        &clerk.db,
        &order(action, "PO-7002", "33000.00"),
        "",
        today(),
        now(),
    );
    assert!(refused.is_err(), "past the not-to-exceed without a reason");
    store::add_purchase_order(
        &clerk.db,
        &order(action, "PO-7002", "33000.00"),
        "Council raised the limit at its 11/10 meeting; minutes pending",
        today(),
        now(),
    )
    .unwrap();

    clerk.sync();
    deputy.sync();

    assert_eq!(
        purchases(&deputy.db),
        purchases(&clerk.db),
        "every PO, change order, invoice and credit arrives"
    );
    assert_eq!(
        purchases(&deputy.db)[0].2,
        [
            ("CAT-88120".to_owned(), "17740.00".to_owned(), false),
            ("CAT-CM-12".to_owned(), "-150.75".to_owned(), true)
        ]
    );
    let theirs = store::approval(&deputy.db, the_action(&deputy.db)).unwrap();
    let mine = store::approval(&clerk.db, action).unwrap();
    assert_eq!(
        contract::get(&deputy.db, theirs.contract_id)
            .unwrap()
            .contract_number,
        "032119-CAT",
        "the deputy's action is on the same contract, by the deputy's own row id"
    );
    assert_ne!(theirs.contract_id, mine.contract_id, "the row ids differ");
    assert_eq!(
        (
            &theirs.action_number,
            theirs.not_to_exceed,
            &theirs.conditions
        ),
        (&mine.action_number, mine.not_to_exceed, &mine.conditions)
    );
    let buckets = store::purchase_orders(&deputy.db, Some(theirs.id))
        .unwrap()
        .into_iter()
        .find(|o| o.number == "PO-7001")
        .unwrap();
    let lines: Vec<(String, String, String)> = buckets
        .lines
        .iter()
        .map(|l| {
            (
                l.item.clone(),
                l.quantity.to_string(),
                l.unit_price.to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "Bucket, 3 yd".to_owned(),
                "2".to_owned(),
                "8450.50".to_owned()
            ),
            ("Teeth set".to_owned(), "4".to_owned(), "312.25".to_owned())
        ],
        "the PO's lines arrive"
    );
    assert_eq!(buckets.change_orders[0].reason, "One set of teeth returned");
    assert_eq!(
        overrides(&deputy.db),
        overrides(&clerk.db),
        "the override arrives with its reason"
    );
    assert_eq!(overrides(&deputy.db).len(), 1);

    let (kept, counted, invoiced) = totals(&deputy.db);
    assert_eq!(
        kept, counted,
        "the kept totals are those of the purchases held"
    );
    assert_eq!(invoiced, Decimal::new(1_758_925, 2), "17740.00 − 150.75");
    assert_eq!(kept.invoiced, invoiced);
    assert_eq!(kept, totals(&clerk.db).0, "and the clerk's, to the cent");
    assert_eq!(hub::status(&clerk.db).unwrap().waiting, 0, "nothing waits");
    assert_eq!(hub::status(&deputy.db).unwrap().waiting, 0, "nothing waits");

    // The deputy's copy reads as the clerk's: the deputy's next change sends that change
    // and nothing else (no amount, date or override worded otherwise).
    store::add_invoice(
        &deputy.db,
        &invoice("PO-7002", "CAT-88200", "1200.00", false),
        "",
        today(),
        now(),
    )
    .unwrap();
    deputy.sync();
    let versions: Vec<serde_json::Value> = hub
        .admin_sql()
        .query(
            "SELECT body::text FROM coopdesk.changes WHERE kind = 'approval' ORDER BY version",
            &[],
        )
        .unwrap()
        .into_iter()
        .map(|row| serde_json::from_str(row.get::<_, &str>(0)).unwrap())
        .collect();
    let [first, second] = versions.as_slice() else {
        panic!("two versions: {versions:?}");
    };
    let changed: Vec<&String> = second
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, value)| first.get(key.as_str()) != Some(*value))
        .map(|(key, _)| key)
        .collect();
    assert_eq!(changed.len(), 1, "only the new invoice: {changed:?}");
    assert!(changed[0].starts_with("invoice "), "{changed:?}");
    assert_eq!(
        first.as_object().unwrap().len() + 1,
        second.as_object().unwrap().len()
    );
    clerk.sync();
    assert_eq!(purchases(&clerk.db), purchases(&deputy.db));
    assert_eq!(totals(&clerk.db).0, totals(&deputy.db).0);
}

#[test]
fn purchases_added_to_one_action_on_both_laptops_both_survive() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let action = action_on(&clerk, &deputy, "50000.00");
    store::add_purchase_order(
        &clerk.db,
        &order(action, "PO-1", "12000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    clerk.sync();
    let report = deputy.sync();
    assert!(report.not_added.is_empty(), "{:?}", report.not_added);

    // Offline on both: the clerk invoices PO-1 and issues PO-2, the deputy issues PO-3.
    store::add_invoice(
        &clerk.db,
        &invoice("PO-1", "INV-1", "4000.00", false),
        "",
        today(),
        now(),
    )
    .unwrap();
    store::add_purchase_order(
        &clerk.db,
        &order(action, "PO-2", "9000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    let theirs = the_action(&deputy.db);
    store::add_purchase_order(
        &deputy.db,
        &order(theirs, "PO-3", "7000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    clerk.sync();
    let report = deputy.sync();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    clerk.sync();

    for laptop in [&clerk, &deputy] {
        let numbers: Vec<String> = purchases(&laptop.db).into_iter().map(|p| p.0).collect();
        assert_eq!(
            numbers,
            ["PO-1", "PO-2", "PO-3"],
            "every laptop's POs survive"
        );
        assert_eq!(purchases(&laptop.db)[0].2.len(), 1, "the invoice too");
        let (kept, counted, _) = totals(&laptop.db);
        assert_eq!(kept, counted, "counted again from the purchases held");
        assert_eq!(hub::status(&laptop.db).unwrap().waiting, 0);
        assert!(hub::conflicts(&laptop.db).unwrap().is_empty());
    }
    assert_eq!(
        totals(&clerk.db).0,
        totals(&deputy.db).0,
        "equal to the cent"
    );
}

#[test]
fn purchases_that_together_pass_the_not_to_exceed_never_arrive_without_an_override() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let action = action_on(&clerk, &deputy, "20000.00");
    clerk.sync();
    deputy.sync();
    // Each within the limit on its own laptop; together past it.
    store::add_purchase_order(
        &clerk.db,
        &order(action, "PO-A", "12000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    let theirs = the_action(&deputy.db);
    store::add_purchase_order(
        &deputy.db,
        &order(theirs, "PO-B", "11000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    clerk.sync();
    deputy.sync();
    clerk.sync();
    deputy.sync();
    let sorted = |laptop: &Laptop| {
        let mut found = overrides(&laptop.db);
        found.sort();
        found
    };
    for laptop in [&clerk, &deputy] {
        assert_eq!(purchases(&laptop.db).len(), 2, "both POs kept");
        let found = sorted(laptop);
        assert!(
            !found.is_empty()
                && found.iter().all(|(rule, reason)| rule == "notToExceed"
                    && reason.starts_with("Recorded from the shared library")),
            "the PO that passes the limit here carries an override saying why: {found:?}"
        );
        assert_eq!(hub::status(&laptop.db).unwrap().waiting, 0);
        let (kept, counted, _) = totals(&laptop.db);
        assert_eq!(kept, counted);
    }
    assert_eq!(
        sorted(&clerk),
        sorted(&deputy),
        "the same overrides on both"
    );
}

#[test]
fn the_same_purchase_changed_on_both_laptops_or_removed_on_one_is_a_conflict_in_the_plan() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let action = action_on(&clerk, &deputy, "50000.00");
    store::add_purchase_order(
        &clerk.db,
        &order(action, "PO-9", "5000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    clerk.sync();
    deputy.sync();

    let describe = |laptop: &Laptop, description: &str| {
        let po = store::purchase_orders(&laptop.db, Some(the_action(&laptop.db)))
            .unwrap()
            .remove(0);
        let mut input = order(po.approval_id.unwrap(), "PO-9", "5000.00");
        input.description = description.into();
        store::edit_purchase_order(&laptop.db, po.id, &input, "", today(), now()).unwrap();
    };
    describe(&clerk, "Loader buckets, two");
    describe(&deputy, "Loader buckets and a grapple");
    clerk.sync();
    let report = deputy.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert_eq!(conflict.record, "approval");
    assert_eq!(
        conflict.contract,
        "Council action Resolution 2026-41 of 2026-09-08"
    );
    assert_eq!(conflict.fields.len(), 1, "{:?}", conflict.fields);
    assert!(conflict.fields[0].field.starts_with("purchaseOrder "));
    assert_eq!(
        conflict.fields[0].mine["description"],
        "Loader buckets and a grapple"
    );
    assert_eq!(
        conflict.fields[0].theirs["description"],
        "Loader buckets, two"
    );
    let shown = coopdesk_core::sharing::conflicts(&deputy.db).unwrap();
    assert_eq!(shown[0].fields[0].label, "A purchase order");
    deputy.settle(&conflict.global_id, &Resolution::TakeTheirs);
    deputy.sync();
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        let po = &store::purchase_orders(&laptop.db, Some(the_action(&laptop.db))).unwrap()[0];
        assert_eq!(po.description, "Loader buckets, two");
    }

    // Removed on the clerk's laptop, changed on the deputy's: asked too.
    let po = store::purchase_orders(&clerk.db, Some(action)).unwrap()[0].id;
    store::delete_purchase_order(&clerk.db, po, now()).unwrap();
    describe(&deputy, "Grapple only");
    clerk.sync();
    let report = deputy.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert!(conflict.fields[0].field.starts_with("purchaseOrder "));
    assert!(conflict.fields[0].theirs.is_null(), "removed there");
    deputy.settle(&conflict.global_id, &Resolution::KeepMine);
    deputy.sync();
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        let orders = store::purchase_orders(&laptop.db, Some(the_action(&laptop.db))).unwrap();
        assert_eq!(orders.len(), 1, "kept, with the deputy's change");
        assert_eq!(orders[0].description, "Grapple only");
        assert_eq!(totals(&laptop.db).0, totals(&laptop.db).1);
    }
}

#[test]
fn another_jurisdiction_cannot_read_or_change_an_offices_purchases_with_plain_sql() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let deputy = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    let action = action_on(&clerk, &deputy, "50000.00");
    store::add_purchase_order(
        &clerk.db,
        &order(action, "PO-1", "12000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    clerk.sync();
    neighbour.sync();
    assert!(
        store::approvals(&neighbour.db, today()).unwrap().is_empty(),
        "the town's library receives none of the village's council actions"
    );
    let on_hub: i64 = hub
        .admin_sql()
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE kind = 'approval'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(on_hub, 1, "the village's action is on the hub");

    let mut other = hub.member_sql(&taos);
    for table in ["records", "changes"] {
        let seen: i64 = other
            .query_one(
                &format!(
                    "SELECT count(*) FROM coopdesk.{table}
                     WHERE kind = 'approval' OR body::text LIKE '%PO-1%'"
                ),
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(seen, 0, "the town reads no purchase in coopdesk.{table}");
    }
    let changed = other
        .execute(
            "UPDATE coopdesk.records SET body = '{}', version = version + 1
             WHERE kind = 'approval'",
            &[],
        )
        .unwrap_or(0);
    assert_eq!(
        changed, 0,
        "the town changes none of the village's purchases"
    );
    let forged = other.batch_execute(&format!(
        "INSERT INTO coopdesk.records (id, kind, owner, version, body)
         VALUES (gen_random_uuid(), 'approval', '{}', 1, '{{}}')",
        penasco.role
    ));
    assert!(
        forged.is_err(),
        "an action in the village's name is refused"
    );
    let untouched: String = hub
        .admin_sql()
        .query_one(
            "SELECT body::text FROM coopdesk.records WHERE kind = 'approval'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(
        untouched.contains("PO-1"),
        "the village's purchase is as it was"
    );

    let mut own = hub.member_sql(&penasco);
    let leaked = own.batch_execute(
        "UPDATE coopdesk.records SET circle = 'region', version = version + 1
         WHERE kind = 'approval'",
    );
    assert!(
        leaked.is_err(),
        "the server never lets a council action into the region, even its owner's"
    );
    deputy.sync();
    assert_eq!(
        purchases(&deputy.db).len(),
        1,
        "the office's own laptop receives it"
    );
}

/// A printed memo version 2 recommending the contract numbered `number`, with the global
/// id `global_id` (what the memo kind gives it when memos are shared). A renewal memo,
/// which the memo kind does not share (it points at a council action by row id), so that
/// the test alone decides which library holds it.
fn printed_memo(db: &Database, number: &str, global_id: &str) -> i64 {
    let contract = crate::support::library::contract_numbered(db, number)
        .id
        .unwrap();
    let conn = rusqlite::Connection::open(db.path().expect("a library on disk")).unwrap();
    conn.execute(
        "INSERT INTO memos (title, created_at, updated_at, global_id)
         VALUES ('Loader purchase', '2026-09-01T09:00:00', '2026-09-01T09:00:00', ?1)",
        [global_id],
    )
    .unwrap();
    let memo = conn.last_insert_rowid();
    for version in [1, 2] {
        conn.execute(
            "INSERT INTO memo_versions (memo_id, version, content, saved_at, printed_at, pdf)
             VALUES (?1, ?2, ?3, '2026-09-01T09:00:00', '2026-09-01T09:30:00', x'25504446')",
            rusqlite::params![
                memo,
                version,
                serde_json::json!({"kind": "renewal", "sources": {"contract": {"id": contract}}})
                    .to_string()
            ],
        )
        .unwrap();
    }
    memo
}

#[test]
fn an_action_names_its_memo_version_where_the_library_holds_it_and_says_so_where_not() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let intern = Laptop::joined(&hub, &office);
    contract::insert(&deputy.db, &loader_contract(), now()).unwrap();
    contract::insert(&clerk.db, &loader_contract(), now()).unwrap();
    // The deputy's copy first, so the memo has another row id on each laptop.
    contract::insert(
        &deputy.db,
        &Contract {
            contract_number: "DEP-1".into(),
            ..loader_contract()
        },
        now(),
    )
    .unwrap();
    printed_memo(&deputy.db, "DEP-1", "7d0c5f2e-0000-4000-8000-00000000aaaa");
    let deputy_memo = printed_memo(
        &deputy.db,
        "032119-CAT",
        "7d0c5f2e-0000-4000-8000-000000000001",
    );
    let clerk_memo = printed_memo(
        &clerk.db,
        "032119-CAT",
        "7d0c5f2e-0000-4000-8000-000000000001",
    );
    assert_ne!(
        clerk_memo, deputy_memo,
        "the test means something only if the row ids differ"
    );
    let input = ApprovalInput {
        memo_id: Some(clerk_memo),
        memo_version: Some(2),
        outcome: Outcome::Approved,
        meeting_date: Some(date("2026-09-08")),
        action_number: "Resolution 2026-41".into(),
        not_to_exceed: "50000.00".into(),
        ..ApprovalInput::default()
    };
    store::record_approval(&clerk.db, &input, today(), now()).unwrap();
    clerk.sync();
    deputy.sync();
    let report = intern.sync();
    assert!(
        report.not_added.is_empty(),
        "never refused: {:?}",
        report.not_added
    );

    let linked = store::approval(&deputy.db, the_action(&deputy.db)).unwrap();
    assert_eq!(
        (linked.memo_id, linked.memo_version),
        (Some(deputy_memo), Some(2)),
        "the deputy's action names the deputy's own copy of the memo version"
    );
    let unlinked = store::approval(&intern.db, the_action(&intern.db)).unwrap();
    assert_eq!((unlinked.memo_id, unlinked.memo_version), (None, None));
    let said = store::approval_view(&intern.db, unlinked.id, today())
        .unwrap()
        .history
        .into_iter()
        .flat_map(|e| e.changes)
        .find(|c| c.field == "memo")
        .expect("the history says the memo version is not held here");
    assert!(
        said.new.contains("version 2") && said.new.contains("does not hold"),
        "{}",
        said.new
    );

    // A purchase added on the laptop without the memo does not drop the link on the hub.
    store::add_purchase_order(
        &intern.db,
        &order(unlinked.id, "PO-5", "1000.00"),
        "",
        today(),
        now(),
    )
    .unwrap();
    intern.sync();
    clerk.sync();
    let mine = store::approval(&clerk.db, the_action(&clerk.db)).unwrap();
    assert_eq!(
        (mine.memo_id, mine.memo_version),
        (Some(clerk_memo), Some(2))
    );
    assert_eq!(purchases(&clerk.db).len(), 1, "the intern's PO arrived");
    let body: String = hub
        .admin_sql()
        .query_one(
            "SELECT body->>'memo' FROM coopdesk.records WHERE kind = 'approval'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(
        body.contains("7d0c5f2e-0000-4000-8000-000000000001"),
        "{body}"
    );
}

#[test]
fn the_signed_resolution_travels_with_its_action_by_checksum() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    let action = action_on(&clerk, &deputy, "50000.00");
    let folder = tempfile::tempdir().unwrap();
    let signed = folder.path().join("Resolution 2026-41 signed.pdf");
    std::fs::write(&signed, b"%PDF-1.4 Resolution 2026-41, signed by the mayor").unwrap();
    let attached = store::attach_approval_document(&clerk.db, action, &signed, now()).unwrap();
    clerk.sync();
    let report = deputy.sync();
    assert!(report.documents_not_received.is_empty(), "{report:?}");

    let theirs = store::approval(&deputy.db, the_action(&deputy.db)).unwrap();
    let [document] = theirs.document_ids.as_slice() else {
        panic!("one resolution document: {:?}", theirs.document_ids);
    };
    let held = coopdesk_core::library::documents::list_documents(&deputy.db, theirs.contract_id)
        .unwrap()
        .into_iter()
        .find(|d| d.id == *document)
        .expect("among the contract's documents");
    assert_eq!(held.sha256, attached.sha256, "the same file, by checksum");
    assert_eq!(
        hub::status(&deputy.db).unwrap().waiting,
        0,
        "linking what the hub already names is nothing to send"
    );
}
