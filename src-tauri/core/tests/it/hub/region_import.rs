//! An import in a library holding another jurisdiction's contract, received read-only
//! from the region: the row that would change it is left out, with a sentence saying
//! whose it is, and the rest of the file is imported.

use coopdesk_core::hub;
use coopdesk_core::interchange::{self, csv, Choices, Side};
use coopdesk_core::library::contract::{self, Contract};

use super::{now, Laptop, TestHub};
use crate::support::library::contract_numbered;

#[test]
fn an_import_row_changing_a_read_only_region_contract_is_left_out_and_the_rest_imported() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    let plows = Contract {
        cooperative: "Sourcewell".into(),
        contract_number: "SW-PLOW-1".into(),
        title: "Snow plows and attachments".into(),
        vendor_name: "Plowco Inc.".into(),
        ..Contract::default()
    };
    let id = contract::insert(&clerk.db, &plows, now()).unwrap();
    hub::share_with_region(&clerk.db, id, true).unwrap();
    clerk.sync();
    neighbour.sync();
    assert_eq!(
        contract_numbered(&neighbour.db, "SW-PLOW-1").title,
        "Snow plows and attachments"
    );

    let file = "cooperative,contractNumber,title,vendorName,expiryDate,notes\n\
                Sourcewell,SW-PLOW-1,Our plows,Plowco Inc.,,\n\
                TIPS,T-77,Road salt,Saltco,,\n";
    let incoming = csv::read(file.as_bytes(), "taos.csv", None).unwrap();
    let plan = interchange::plan(&neighbour.db, incoming).unwrap();
    let counts = plan.counts();
    assert_eq!(
        (counts.new, counts.changed, counts.invalid),
        (1, 0, 1),
        "{plan:?}"
    );
    let held = &plan.invalid[0];
    assert_eq!(held.line, 2);
    let sentence = &held.problems[0].message;
    assert!(
        sentence.starts_with("is held read-only: shared by Village of Peñasco with the region"),
        "the plan says whose contract it is: {sentence}"
    );

    let choices = Choices {
        default: Side::TakeTheirs,
        fields: Vec::new(),
    };
    let report = interchange::apply(
        &neighbour.db,
        &plan,
        &choices,
        now(),
        &mut |_| {},
        &Default::default(),
    )
    .expect("the import goes through, without the held row");
    assert_eq!((report.added, report.updated, report.skipped), (1, 0, 1));
    assert_eq!(
        contract_numbered(&neighbour.db, "SW-PLOW-1").title,
        "Snow plows and attachments",
        "the region's contract is as its owner shared it"
    );
    assert_eq!(contract_numbered(&neighbour.db, "T-77").title, "Road salt");
    assert_eq!(
        hub::status(&neighbour.db).unwrap().waiting,
        1,
        "the new contract waits to be shared"
    );
}
