//! The office's settings shared within one office: one record for the office, each
//! setting a field (different settings merge, the same one changed on both is asked),
//! two laptops that set theirs before joining share one record, this computer's own
//! settings never travel, and the hub keeps the settings out of the region.

use coopdesk_core::db::Database;
use coopdesk_core::due::{self, DueSettings};
use coopdesk_core::hub::{self, ConflictKind, Resolution};
use coopdesk_core::settings::{self, Settings, Signer};
use coopdesk_core::{calendar, interchange, sharing};
use rust_decimal::Decimal;

use super::{now, Laptop, TestHub};
use crate::support::library::library_file;

/// The settings as the clerk of the village sets them once.
fn village_settings() -> Settings {
    Settings {
        jurisdiction_name: "Village of Peñasco".into(),
        state: "NM".into(),
        entity_type: "Municipality".into(),
        legal_authority: "NMSA 1978 § 13-1-129".into(),
        fiscal_year_start_month: 7,
        memo_to: "Honorable Mayor and Members of the Village Council".into(),
        authorized_signer: "the Village Administrator".into(),
        signers: vec![
            Signer {
                role: "Prepared by".into(),
                name: "Ana Romero".into(),
                title: "Village Clerk".into(),
            },
            Signer {
                role: "Approved by".into(),
                name: "Luis Trujillo".into(),
                title: "Village Administrator".into(),
            },
        ],
        approved_cooperatives: vec!["Sourcewell".into(), "NASPO ValuePoint".into()],
        policy_discount_rate: Some(Decimal::new(35, 3)),
        policy_discount_source: "Finance policy FP-12".into(),
        council_action_threshold: Some(Decimal::new(6_000_000, 2)),
        ..Settings::default()
    }
}

fn edit(db: &Database, change: impl FnOnce(&mut Settings)) {
    let mut current = settings::load(db).unwrap();
    change(&mut current);
    settings::save(db, &current).unwrap();
}

/// How many settings records of any office the hub holds.
fn settings_on_hub(hub: &TestHub) -> i64 {
    hub.admin_sql()
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE kind = 'setting'",
            &[],
        )
        .unwrap()
        .get(0)
}

/// The keys of the office's settings record as the hub holds it.
fn keys_on_hub(hub: &TestHub) -> Vec<String> {
    hub.admin_sql()
        .query(
            "SELECT jsonb_object_keys(body) FROM coopdesk.records WHERE kind = 'setting'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

fn stored(laptop: &Laptop, key: &str) -> Option<String> {
    library_file(laptop.path())
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .ok()
}

#[test]
fn the_office_settings_reach_the_other_laptop_and_different_settings_changed_on_both_merge() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    settings::save(&clerk.db, &village_settings()).unwrap();
    let reminders = DueSettings {
        default_lead_days: 120,
        ..DueSettings::default()
    };
    due::store::save_settings(&clerk.db, &reminders).unwrap();

    clerk.sync();
    deputy.sync();
    assert_eq!(
        settings::load(&deputy.db).unwrap(),
        settings::load(&clerk.db).unwrap(),
        "the deputy's memos speak for the same village, under the same authority"
    );
    assert_eq!(
        due::store::settings(&deputy.db).unwrap().default_lead_days,
        120,
        "the reminders' lead time is the office's too"
    );

    edit(&clerk.db, |s| {
        s.memo_to = "Honorable Mayor and Trustees".into()
    });
    edit(&deputy.db, |s| s.fiscal_year_start_month = 10);
    clerk.sync();
    let report = deputy.sync();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    clerk.sync();
    for laptop in [&clerk, &deputy] {
        let shown = settings::load(&laptop.db).unwrap();
        assert_eq!(
            (shown.memo_to.as_str(), shown.fiscal_year_start_month),
            ("Honorable Mayor and Trustees", 10),
            "each laptop has both changes"
        );
        assert_eq!(hub::status(&laptop.db).unwrap().waiting, 0);
    }
    assert_eq!(
        settings_on_hub(&hub),
        1,
        "one settings record for the office"
    );
}

#[test]
fn the_same_setting_changed_on_both_laptops_is_a_conflict_in_the_plan() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    settings::save(&clerk.db, &village_settings()).unwrap();
    clerk.sync();
    deputy.sync();

    edit(&clerk.db, |s| s.authorized_signer = "the Mayor".into());
    edit(&deputy.db, |s| {
        s.authorized_signer = "the Village Manager".into();
        s.paper = settings::Paper::Legal;
    });
    deputy.sync();
    let report = clerk.sync();
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    assert_eq!(conflict.kind, ConflictKind::BothChanged);
    assert_eq!(conflict.record, "setting");
    assert_eq!(conflict.contract, "The office's settings");
    let fields: Vec<&str> = conflict.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["authorizedSigner"],
        "the paper merged; the signer is asked"
    );
    let plan = sharing::conflicts(&clerk.db).unwrap();
    let field = &plan[0].fields[0];
    assert_eq!(
        (
            field.label.as_str(),
            field.base.as_str(),
            field.mine.as_str(),
            field.theirs.as_str()
        ),
        (
            "Who signs purchases",
            "the Village Administrator",
            "the Mayor",
            "the Village Manager"
        ),
        "the plan view names the setting as the Settings screen does"
    );
    assert_eq!(
        settings::load(&clerk.db).unwrap().authorized_signer,
        "the Mayor",
        "mine stays until the clerk chooses"
    );

    clerk.settle(&conflict.global_id, &Resolution::TakeTheirs);
    clerk.sync();
    deputy.sync();
    for laptop in [&clerk, &deputy] {
        let shown = settings::load(&laptop.db).unwrap();
        assert_eq!(
            (shown.authorized_signer.as_str(), shown.paper),
            ("the Village Manager", settings::Paper::Legal),
            "theirs taken for the signer, and the paper changed on one side only"
        );
    }
    let versions: Vec<String> = hub
        .admin_sql()
        .query(
            "SELECT body->>'authorizedSigner' FROM coopdesk.changes WHERE kind = 'setting'
             ORDER BY seq",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(
        versions.contains(&"the Village Manager".to_owned())
            && versions.contains(&"the Village Administrator".to_owned()),
        "the hub's log keeps every version: {versions:?}"
    );
}

#[test]
fn two_laptops_with_settings_before_joining_share_one_record() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::new();
    let deputy = Laptop::new();
    settings::save(&clerk.db, &village_settings()).unwrap();
    // The deputy set some of them too, before the office had a hub: the same name, a
    // fiscal year of its own, another signer, and no memo header (left blank).
    settings::save(
        &deputy.db,
        &Settings {
            jurisdiction_name: "Village of Peñasco".into(),
            fiscal_year_start_month: 10,
            authorized_signer: "the Mayor".into(),
            ..Settings::default()
        },
    )
    .unwrap();
    for laptop in [&clerk, &deputy] {
        hub::join(&laptop.db, &hub.address(&office), &office.password, now()).unwrap();
    }

    clerk.sync();
    let report = deputy.sync();
    assert_eq!(
        settings_on_hub(&hub),
        1,
        "one record for the office, not two"
    );
    let [conflict] = report.conflicts.as_slice() else {
        panic!("one conflict: {:?}", report.conflicts);
    };
    let fields: Vec<&str> = conflict.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["authorizedSigner"],
        "only what both set differently is asked (the fiscal year is the clerk's default)"
    );
    assert_eq!(
        settings::load(&deputy.db).unwrap().authorized_signer,
        "the Mayor",
        "the deputy's settings stay until the deputy chooses"
    );
    deputy.settle(&conflict.global_id, &Resolution::KeepMine);
    let deputys = settings::load(&deputy.db).unwrap();
    assert_eq!(
        deputys.memo_to, "Honorable Mayor and Members of the Village Council",
        "what the deputy never set is the clerk's"
    );
    assert_eq!(
        deputys.fiscal_year_start_month, 10,
        "what only the deputy set stays"
    );
    deputy.sync();
    clerk.sync();
    assert_eq!(
        settings::load(&clerk.db).unwrap(),
        settings::load(&deputy.db).unwrap()
    );
    let clerks = settings::load(&clerk.db).unwrap();
    assert_eq!(
        (
            clerks.authorized_signer.as_str(),
            clerks.fiscal_year_start_month
        ),
        ("the Mayor", 10)
    );
    assert_eq!(settings_on_hub(&hub), 1);
}

#[test]
fn this_computers_own_settings_never_travel() {
    let Some(hub) = TestHub::new() else { return };
    let office = hub.member("Village of Peñasco");
    let clerk = Laptop::joined(&hub, &office);
    let deputy = Laptop::joined(&hub, &office);
    settings::save(&clerk.db, &village_settings()).unwrap();
    clerk.sync();
    deputy.sync();

    // The clerk exports the calendar to a file of this computer, and imports a file whose
    // columns are remembered here: neither is the office's.
    let calendar_file = clerk.path().join("renewals.ics");
    calendar::store::export_and_keep(&clerk.db, &calendar_file, now().date(), now()).unwrap();
    let headers: Vec<String> = ["Contract #", "Vendor", "Title"].map(String::from).to_vec();
    let mapping = interchange::mapping::for_headers(&clerk.db, &headers).unwrap();
    interchange::mapping::remember(&clerk.db, &mapping).unwrap();
    assert_eq!(
        hub::status(&clerk.db).unwrap().waiting,
        0,
        "nothing of this computer's own waits to be shared"
    );
    edit(&clerk.db, |s| {
        s.legal_authority = "NMSA 1978 § 13-1-135".into()
    });
    clerk.sync();
    deputy.sync();

    assert_eq!(
        settings::load(&deputy.db).unwrap().legal_authority,
        "NMSA 1978 § 13-1-135"
    );
    let own: Vec<String> = library_file(clerk.path())
        .prepare(
            "SELECT key FROM settings WHERE key LIKE 'calendar%' OR key LIKE 'importMapping.%'",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(own.len(), 3, "the clerk's own settings: {own:?}");
    let on_hub = keys_on_hub(&hub);
    for key in &own {
        assert!(!on_hub.contains(key), "{key} is not on the hub: {on_hub:?}");
        assert_eq!(stored(&deputy, key), None, "{key} is not on the deputy's");
    }
    assert!(on_hub.contains(&"legalAuthority".to_owned()));

    // A body that names this computer's own settings (a later or a damaged CoopDesk)
    // does not write them.
    let mut sql = hub.member_sql(&office);
    sql.batch_execute(
        "UPDATE coopdesk.records SET version = version + 1,
             body = body || '{\"calendarFile\": \"/tmp/elsewhere.ics\", \"jurisdictionName\": \"Village of Peñasco, NM\"}'::jsonb
         WHERE kind = 'setting'",
    )
    .unwrap();
    deputy.sync();
    assert_eq!(
        settings::load(&deputy.db).unwrap().jurisdiction_name,
        "Village of Peñasco, NM"
    );
    assert_eq!(stored(&deputy, "calendarFile"), None);
}

#[test]
fn the_office_settings_stay_in_the_office() {
    let Some(hub) = TestHub::new() else { return };
    let penasco = hub.member("Village of Peñasco");
    let taos = hub.member("Town of Taos");
    let clerk = Laptop::joined(&hub, &penasco);
    let neighbour = Laptop::joined(&hub, &taos);
    settings::save(&clerk.db, &village_settings()).unwrap();
    settings::save(
        &neighbour.db,
        &Settings {
            jurisdiction_name: "Town of Taos".into(),
            ..Settings::default()
        },
    )
    .unwrap();
    clerk.sync();
    neighbour.sync();
    clerk.sync();
    assert_eq!(
        settings::load(&neighbour.db).unwrap().jurisdiction_name,
        "Town of Taos",
        "each jurisdiction keeps its own settings"
    );
    assert_eq!(
        settings::load(&clerk.db).unwrap().jurisdiction_name,
        "Village of Peñasco"
    );
    assert_eq!(settings_on_hub(&hub), 2, "one record per office");

    let mut other = hub.member_sql(&taos);
    let seen: i64 = other
        .query_one(
            "SELECT count(*) FROM coopdesk.records WHERE kind = 'setting'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(seen, 1, "the town reads its own settings only");
    let mut own = hub.member_sql(&penasco);
    let leaked = own.batch_execute(
        "UPDATE coopdesk.records SET circle = 'region', version = version + 1
         WHERE kind = 'setting'",
    );
    assert!(
        leaked.is_err(),
        "the server never lets the settings into the region, even its owner's"
    );
}
