//! What several end-to-end tests start from.

use std::path::Path;

use chrono::NaiveDate;
use coopdesk_core::backup;
use coopdesk_core::library::contract;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::settings::{self, Settings};
use coopdesk_core::tco::{store, Comparison, OptionKind};

/// The option of the saved comparison that buys through Sourcewell 091521-NAF.
pub const OPTION: &str = "Hosted maintenance via a cooperative contract";

/// A library with the sample contracts, the village's settings, and the Orange County
/// comparison (TCO-04) whose cooperative option buys through Sourcewell 091521-NAF.
/// Returns the comparison, to know the figures the memo must print.
pub fn village_library(data_dir: &Path) -> Comparison {
    let now = NaiveDate::from_ymd_opt(2026, 11, 20)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let (db, _) = opening::open(
        data_dir,
        OpenOptions {
            now,
            seed_sample: true,
        },
    )
    .unwrap();
    settings::save(
        &db,
        &Settings {
            jurisdiction_name: "Village of Peñasco".into(),
            state: "NM".into(),
            legal_authority: "NMSA 1978, § 13-1-129".into(),
            memo_to: "Honorable Mayor and Members of the Village Council".into(),
            ..Settings::default()
        },
    )
    .unwrap();
    let naf = contract::all(&db)
        .unwrap()
        .into_iter()
        .find(|c| c.contract_number == "091521-NAF")
        .unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../src-tauri/core/tests/fixtures/tco04-orange-county.json");
    let mut comparison = Comparison::from_json(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    comparison.options[0].kind = OptionKind::CooperativeContract {
        contract_id: naf.id,
    };
    store::save(&db, None, &comparison, now).unwrap();
    comparison
}

/// The sample library in `data_dir` with a good backup, then damaged: the middle of the
/// file (where the tables are) and part of its header scribbled over, as a failing disk
/// or a half-finished copy leaves it. Returns the damaged bytes.
pub fn damaged_library_with_a_backup(data_dir: &Path) -> Vec<u8> {
    damaged_library(data_dir, true)
}

/// The same, with the header and the schema left whole: the damage is in the last page,
/// where only the integrity check that runs once the window is up can find it.
pub fn library_damaged_inside_with_a_backup(data_dir: &Path) -> Vec<u8> {
    damaged_library(data_dir, false)
}

fn damaged_library(data_dir: &Path, header_too: bool) -> Vec<u8> {
    let now = NaiveDate::from_ymd_opt(2026, 11, 20)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    {
        let options = OpenOptions {
            now,
            seed_sample: true,
        };
        let (db, _) = opening::open(data_dir, options).unwrap();
        backup::backup_now(&db, now).unwrap();
    }
    let file = data_dir.join("library.sqlite3");
    let mut bytes = std::fs::read(&file).unwrap();
    if header_too {
        let middle = bytes.len() / 2;
        bytes[middle..middle + 4096].fill(0x5a);
        bytes[100..200].fill(0xff);
    } else {
        // The last page, an index's: far from the schema that opening the file reads.
        let last = bytes.len() - 4096;
        bytes[last..].fill(0x5a);
    }
    std::fs::write(&file, &bytes).unwrap();
    bytes
}
