//! Boots the whole app — configuration, capabilities, state, commands — on Tauri's mock
//! runtime and calls the commands the way the UI does.

use coopdesk_lib::{build_app, Library};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindowBuilder};

fn invoke(
    webview: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn main_window(app: &App<MockRuntime>) -> tauri::WebviewWindow<MockRuntime> {
    app.get_webview_window("main").unwrap_or_else(|| {
        WebviewWindowBuilder::new(app, "main", Default::default())
            .build()
            .unwrap()
    })
}

#[test]
fn a_new_library_opens_with_the_sample_contracts_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);

    let rows = invoke(&window, "list_contracts", json!({})).expect("list_contracts answers");
    let numbers: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["contractNumber"].as_str().unwrap())
        .collect();
    assert!(
        numbers.contains(&"091521-NAF"),
        "the Sourcewell vehicle contract is listed: {numbers:?}"
    );
    assert_eq!(numbers.len(), 10, "all ten sample contracts are listed");

    let info = invoke(&window, "library_info", json!({})).unwrap();
    assert_eq!(info["sampleContracts"], 10);
    assert!(
        dir.path().join("library.sqlite3").exists(),
        "the library is a real file"
    );
}

#[test]
fn settings_saved_through_a_command_are_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);
    let settings = json!({"settings": {
        "jurisdictionName": "Village of Peñasco", "state": "nm", "entityType": "Village",
        "legalAuthority": "NMSA 1978, § 13-1-135", "fiscalYearStartMonth": 7}});

    let saved = invoke(&window, "save_settings", settings).expect("valid settings save");
    assert_eq!(saved["state"], "NM", "the state code is stored in capitals");
    let read = invoke(&window, "get_settings", json!({})).unwrap();
    assert_eq!(read["jurisdictionName"], "Village of Peñasco");
}

#[test]
fn a_command_error_reaches_the_ui_as_code_and_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);

    let error = invoke(&window, "get_contract", json!({"id": 999_999})).unwrap_err();
    assert_eq!(error["code"], "not_found");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("Contract #999999"),
        "{error}"
    );
}

fn open_app() -> (tempfile::TempDir, App<MockRuntime>) {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    (dir, app)
}

fn numbers(hits: &Value) -> Vec<String> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["contractNumber"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn searching_for_the_vendor_name_finds_its_contract_first_with_the_match_marked() {
    let (_dir, app) = open_app();
    let window = main_window(&app);

    let results = invoke(
        &window,
        "search_contracts",
        json!({"query": {"text": "National Auto Fleet Group"}}),
    )
    .expect("search answers");
    let found = numbers(&results["hits"]);
    assert_eq!(
        found.first().map(String::as_str),
        Some("091521-NAF"),
        "the Sourcewell vehicle contract leads: {found:?}"
    );
    let vendor = &results["hits"][0]["highlights"]["vendorName"];
    assert!(
        vendor
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["matched"] == true && f["text"].as_str().unwrap().contains("National")),
        "the vendor's matched words are marked: {vendor}"
    );

    let facets = invoke(&window, "search_facets", json!({"query": {"text": ""}})).unwrap();
    assert!(
        facets["cooperatives"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["value"] == "Sourcewell" && f["count"] == 3),
        "the chip counts three Sourcewell contracts: {facets}"
    );
    invoke(&window, "expiry_dashboard", json!({})).expect("the expiry strip answers");
}

#[test]
fn saving_an_invalid_contract_returns_every_field_to_fix() {
    let (_dir, app) = open_app();
    let window = main_window(&app);
    let contract = json!({"contract": {
        "cooperative": "Sourcewell", "contractNumber": "", "title": "Mowers", "vendorName": "Acme",
        "awardDate": "2026-05-01", "expiryDate": "2026-01-31", "adminFeePercent": "-1"}});

    let error = invoke(&window, "save_contract", contract).unwrap_err();
    assert_eq!(error["code"], "invalid");
    let fields: Vec<&str> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["contractNumber", "expiryDate", "adminFeePercent"],
        "each field to fix is named for the form: {error}"
    );
}

#[test]
fn a_deleted_contract_leaves_search_goes_to_the_trash_and_comes_back_on_restore() {
    let (_dir, app) = open_app();
    let window = main_window(&app);
    let added = invoke(
        &window,
        "save_contract",
        json!({"contract": {"cooperative": "BuyBoard", "contractNumber": "700-24",
               "title": "Playground equipment", "vendorName": "Kompan"}}),
    )
    .expect("a valid contract is added");
    let id = added["id"].as_i64().expect("the stored contract has an id");
    let search = || {
        let results = invoke(
            &window,
            "search_contracts",
            json!({"query": {"text": "playground"}}),
        )
        .unwrap();
        numbers(&results["hits"])
    };
    assert_eq!(search(), ["700-24"]);

    invoke(&window, "delete_contract", json!({"id": id})).unwrap();
    assert!(search().is_empty(), "a deleted contract is not found");
    let trash = invoke(&window, "list_trash", json!({})).unwrap();
    assert_eq!(
        trash[0]["contractNumber"], "700-24",
        "it waits in the trash"
    );

    invoke(&window, "restore_contract", json!({"id": id})).unwrap();
    assert_eq!(search(), ["700-24"], "restored, it is found again");
    let history = invoke(&window, "contract_history", json!({"id": id})).unwrap();
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "delete", "restore"]);
}

#[test]
fn a_checklist_answer_is_saved_and_needs_a_name() {
    let (_dir, app) = open_app();
    let window = main_window(&app);
    let id = invoke(
        &window,
        "search_contracts",
        json!({"query": {"text": "091521-NAF"}}),
    )
    .unwrap()["hits"][0]["id"]
        .as_i64()
        .unwrap();
    let entry = |by: &str| {
        json!({"id": id, "entry": {"item": "vendorNotDebarred", "answer": "yes",
               "checkedBy": by, "checkedOn": "2026-03-02", "note": "SAM.gov"}})
    };

    let error = invoke(&window, "set_checklist_item", entry("")).unwrap_err();
    assert_eq!(error["fields"][0]["field"], "checkedBy", "{error}");
    invoke(&window, "set_checklist_item", entry("Dana Reyes")).unwrap();
    let list = invoke(&window, "get_checklist", json!({"id": id})).unwrap();
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["item"] == "vendorNotDebarred")
        .unwrap();
    assert_eq!(
        (&item["answer"], &item["checkedBy"]),
        (&json!("yes"), &json!("Dana Reyes"))
    );
    assert_eq!(
        invoke(&window, "list_documents", json!({"id": id})).unwrap(),
        json!([]),
        "no documents are attached to a sample contract"
    );
    let lines =
        json!({"id": id, "lines": [{"item": "Pickup", "unit": "each", "unitPrice": "41250.00"}]});
    invoke(&window, "set_price_lines", lines).unwrap();
    let read = invoke(&window, "get_price_lines", json!({"id": id})).unwrap();
    assert_eq!(
        read[0]["unitPrice"], "41250.00",
        "the price crosses exactly"
    );
}

#[test]
fn invalid_settings_come_back_field_by_field_and_nothing_is_saved() {
    let (_dir, app) = open_app();
    let window = main_window(&app);
    let settings = json!({"settings": {
        "jurisdictionName": "Town of Millbrook", "state": "New Mexico", "entityType": "Town",
        "legalAuthority": "", "fiscalYearStartMonth": 13}});

    let error = invoke(&window, "save_settings", settings).unwrap_err();

    assert_eq!(error["code"], "invalid");
    let fields: Vec<&str> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["fiscalYearStartMonth", "state"],
        "each bad field is named: {error}"
    );
    let read = invoke(&window, "get_settings", json!({})).unwrap();
    assert_eq!(
        read["jurisdictionName"], "",
        "nothing of the rejected form was saved"
    );
}

/// The small case the Comparisons tests share, over 3 years at 10 %, end of year.
///
/// - Baseline: support 10,000.00 a year in years 1–3 → nominal 30,000.00. PV = 10,000 ×
///   (1/1.1 + 1/1.21 + 1/1.331) = 9,090.909… + 8,264.462… + 7,513.148… = 24,868.52.
/// - Cooperative: 12,000.00 up front + 4,000.00 a year → nominal 24,000.00; PV = 12,000 +
///   4,000 × 2.486851… = 21,947.41; saves 6,000.00 nominal, 2,921.11 in present value.
///   Cumulative 12,000 / 16,000 / 20,000 / 24,000 against 0 / 10,000 / 20,000 / 30,000:
///   break-even at the end of year 2 nominal; in PV 18,942.15 ≤ 24,868.52 only in year 3.
/// - Own RFP: 9,000.00 a year, starting 6 months late: each year is half in its year and
///   half in the next (year 3's second half falls after the horizon): 4,500 / 9,000 /
///   9,000, plus the baseline's first half-year (5,000.00) while waiting → 9,500 / 9,000 /
///   9,000 = 27,500.00; PV = 8,636.364 + 7,438.017 + 6,761.833 = 22,836.21.
fn small_case() -> Value {
    json!({
        "title": "Permit software",
        "horizonYears": 3,
        "start": {"fiscalYear": 2027, "firstMonth": 7},
        "discount": {"rate": "0.10", "source": "Finance policy"},
        "timing": "endOfYear",
        "baseline": {"name": "Keep the current system", "kind": {"type": "statusQuo"},
            "costLines": [{"category": "maintenanceAndSupport", "description": "Support",
                "timing": {"type": "recurring", "fromYear": 1, "toYear": 3,
                    "amount": "10000.00", "escalation": "0"}}]},
        "options": [
            {"name": "Cooperative", "kind": {"type": "cooperativeContract"},
             "costLines": [
                {"category": "implementation", "description": "Go-live",
                 "timing": {"type": "oneTime", "year": 0, "amount": "12000.00"}},
                {"category": "licencesAndSubscriptions", "description": "Subscription",
                 "timing": {"type": "recurring", "fromYear": 1, "toYear": 3,
                    "amount": "4000.00", "escalation": "0"}}]},
            {"name": "Own RFP", "kind": {"type": "ownSolicitation"}, "startDelayMonths": 6,
             "costLines": [{"category": "licencesAndSubscriptions", "description": "Licences",
                "timing": {"type": "recurring", "fromYear": 1, "toYear": 3,
                    "amount": "9000.00", "escalation": "0"}}]}
        ]
    })
}

#[test]
fn a_saved_comparison_is_listed_and_reopens_with_every_amount_exact() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);
    let mut comparison = small_case();
    // Amounts a float would not keep: 0.1 + 0.2 cents and a 17-digit figure.
    comparison["options"][0]["costLines"][0]["timing"]["amount"] = json!("12345678901234.56");
    comparison["options"][0]["costLines"][1]["timing"]["amount"] = json!("0.30");
    comparison["discount"]["rate"] = json!("0.006666666666666666666666667");

    let saved = invoke(
        &window,
        "save_comparison",
        json!({"comparison": comparison}),
    )
    .expect("a titled comparison saves");
    let id = saved["id"].as_i64().unwrap();
    let list = invoke(&window, "list_comparisons", json!({})).unwrap();
    assert_eq!(list[0]["title"], "Permit software");
    assert_eq!(
        list[0]["optionsCount"], 2,
        "two options besides the baseline"
    );

    let stored = invoke(&window, "get_comparison", json!({"id": id})).unwrap();
    let back = &stored["comparison"];
    assert_eq!(
        back["options"][0]["costLines"][0]["timing"]["amount"],
        "12345678901234.56"
    );
    assert_eq!(
        back["options"][0]["costLines"][1]["timing"]["amount"],
        "0.30"
    );
    assert_eq!(back["discount"]["rate"], "0.006666666666666666666666667");
    assert_eq!(
        back["baseline"]["costLines"], comparison["baseline"]["costLines"],
        "the baseline's costs are unchanged"
    );

    let copy = invoke(&window, "duplicate_comparison", json!({"id": id})).unwrap();
    invoke(&window, "delete_comparison", json!({"id": id})).unwrap();
    let list = invoke(&window, "list_comparisons", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "only the copy is left");
    assert_eq!(list[0]["id"], copy);
    assert_eq!(list[0]["title"], "Permit software (copy)");
}

#[test]
fn calculating_gives_the_totals_worked_out_by_hand_and_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);

    let calculation = invoke(
        &window,
        "calculate_comparison",
        json!({"comparison": small_case(), "basis": "presentValue"}),
    )
    .expect("the small case calculates");
    let options = calculation["results"]["options"].as_array().unwrap();
    let figures: Vec<(&str, &str, &str)> = options
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap(),
                o["nominalTotal"].as_str().unwrap(),
                o["presentValue"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            ("Keep the current system", "30000.00", "24868.52"),
            ("Cooperative", "24000.00", "21947.41"),
            ("Own RFP", "27500.00", "22836.21"),
        ]
    );
    assert_eq!(options[1]["pvSavings"], "2921.11");
    assert_eq!(options[1]["nominalSavings"], "6000.00");
    assert_eq!(
        options[1]["breakEvenNominal"],
        json!({"status": "year", "year": 2})
    );
    assert_eq!(
        options[1]["breakEvenPv"],
        json!({"status": "year", "year": 3})
    );
    assert_eq!(
        calculation["results"]["ranking"],
        json!([1, 2, 0]),
        "cheapest first"
    );
    let svg = calculation["chartSvg"].as_str().unwrap();
    assert!(svg.starts_with("<svg"), "the chart is an SVG document");
    assert!(svg.contains("Own RFP"), "the legend names every option");
}

#[test]
fn an_impossible_horizon_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);
    let mut comparison = small_case();
    comparison["horizonYears"] = json!(31);

    let error = invoke(
        &window,
        "calculate_comparison",
        json!({"comparison": comparison, "basis": "nominal"}),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Horizon:") && message.contains("30"),
        "the message names the field and the limit: {message}"
    );
}

#[test]
fn a_new_comparison_starts_from_the_settings_and_the_a94_rate() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);

    let fresh = invoke(&window, "new_comparison", json!({})).unwrap();
    assert_eq!(fresh["baseline"]["name"], "Keep the current system");
    assert_eq!(fresh["options"].as_array().unwrap().len(), 2);
    assert_eq!(
        fresh["start"]["firstMonth"], 7,
        "the settings' default July"
    );
    let rate = invoke(
        &window,
        "a94_rate",
        json!({"horizonYears": 5, "kind": "nominal"}),
    )
    .unwrap();
    assert_eq!(fresh["discount"]["rate"], rate["rate"]);
    let categories = invoke(&window, "cost_categories", json!({})).unwrap();
    assert_eq!(
        categories[0],
        json!({"category": "acquisition", "label": "Acquisition", "isOffset": false, "paidToVendorByDefault": true})
    );
}

/// Saves the Orange County comparison (TCO-04) with its cooperative option linked to the
/// sample contract 091521-NAF, through the commands; returns the comparison's id.
fn save_linked_comparison(window: &tauri::WebviewWindow<MockRuntime>) -> i64 {
    let rows = invoke(window, "list_contracts", json!({})).unwrap();
    let naf = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["contractNumber"] == "091521-NAF")
        .unwrap()["id"]
        .clone();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("core/tests/fixtures/tco04-orange-county.json");
    let mut comparison: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    comparison["options"][0]["kind"]["contractId"] = naf;
    let saved = invoke(
        window,
        "save_comparison",
        json!({"id": null, "comparison": comparison}),
    )
    .expect("the comparison saves");
    saved["id"].as_i64().unwrap()
}

#[test]
fn a_memo_is_written_edited_and_printed_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);
    let comparison_id = save_linked_comparison(&window);

    let candidates = invoke(&window, "memo_candidates", json!({})).unwrap();
    assert_eq!(candidates[0]["contractNumber"], "091521-NAF");
    let option = candidates[0]["option"].clone();
    let view = invoke(
        &window,
        "create_memo",
        json!({"comparisonId": comparison_id, "option": option}),
    )
    .expect("a memo is written from the comparison");
    assert_eq!(view["version"], 1);
    assert_eq!(
        view["draft"]["inputs"]["amount"], "720000.00",
        "money crosses as a string"
    );

    let mut draft = view["draft"].clone();
    draft["sections"]["background"] = json!("The old server is out of support.");
    let id = view["id"].clone();
    let saved = invoke(&window, "save_memo", json!({"id": id, "draft": draft})).unwrap();
    assert!(saved["html"]
        .as_str()
        .unwrap()
        .contains("The old server is out of support."));
    let list = invoke(&window, "list_memos", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["printedAt"], Value::Null);

    // A memo without a linked contract is refused with a sentence, not a crash.
    let refused = invoke(
        &window,
        "create_memo",
        json!({"comparisonId": comparison_id, "option": "Own RFP for a replacement system"}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "invalid");
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("not a cooperative contract"));
}

#[test]
fn a_purchase_past_the_approved_limit_comes_back_for_a_reason_and_is_then_recorded() {
    let (_dir, app) = open_app();
    let window = main_window(&app);
    let contracts = invoke(&window, "list_contracts", json!({})).unwrap();
    let staples = contracts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contractNumber"] == "070924-SCC")
        .unwrap()["id"]
        .clone();
    let approval = invoke(
        &window,
        "record_approval",
        json!({"input": {"contractId": staples, "outcome": "approved",
            "meetingDate": "2026-01-13", "actionNumber": "Resolution 2026-04",
            "notToExceed": "1,000.00"}}),
    )
    .expect("the council's action is recorded");
    assert_eq!(
        approval["notToExceed"], "1000.00",
        "money crosses as an exact string"
    );
    let po = json!({"approvalId": approval["id"], "number": "PO-1", "date": "2026-03-02",
        "amount": "1200.50"});

    let held = invoke(
        &window,
        "add_purchase_order",
        json!({"input": po, "overrideReason": ""}),
    )
    .unwrap_err();
    assert_eq!(held["code"], "needs_override");
    assert_eq!(held["fields"][0]["field"], "notToExceed");
    assert!(
        held["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("$200.50 past the $1,000.00"),
        "{held}"
    );
    invoke(
        &window,
        "add_purchase_order",
        json!({"input": po, "overrideReason": "Ratified 2/10"}),
    )
    .expect("recorded with the reason");
    let view = invoke(&window, "get_approval", json!({"id": approval["id"]})).unwrap();
    assert_eq!(view["summary"]["figures"]["remaining"], "-200.50");
}

#[test]
fn a_backup_made_through_the_commands_restores_the_library_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
    let window = main_window(&app);

    let backup = invoke(&window, "back_up_now", json!({})).expect("a backup is made");
    let listed = invoke(&window, "list_backups", json!({})).unwrap();
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["fileName"] == backup["fileName"]));

    // A change after the backup…
    let rows = invoke(&window, "list_contracts", json!({})).unwrap();
    let first = rows[0]["id"].clone();
    invoke(&window, "delete_contract", json!({"id": first})).unwrap();
    let after = invoke(&window, "list_contracts", json!({})).unwrap();
    assert_eq!(after.as_array().unwrap().len(), 9);

    // …is undone by restoring, and the library is open again afterwards.
    let report = invoke(
        &window,
        "restore_backup",
        json!({"fileName": backup["fileName"]}),
    )
    .expect("the backup restores");
    assert!(
        report["safetyBackup"].is_object(),
        "the state before is kept"
    );
    let restored = invoke(&window, "list_contracts", json!({})).unwrap();
    assert_eq!(restored.as_array().unwrap().len(), 10);
}

// ------------------------------------------------------------------ one list of commands

/// What is made from `src/commands/list.rs`, the one list of the window's commands, and
/// what must agree with it.
///
/// The list registers each command (`commands::handler`, a compile error if a function is
/// missing) and, through `build.rs`, puts it under the capability ACL and grants it to the
/// window. These tests check the rest: that the capability Tauri resolved grants exactly
/// the listed commands besides core's defaults and the page zoom; that no command function
/// is left out of the list; that `ui/types/Command.ts` gives each listed command the
/// arguments and reply its Rust signature has (`npm run check` then checks every wrapper in
/// `ui/js/api.js` against it); and that `api.js` has exactly one wrapper per command.
mod command_list {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use serde_json::Value;

    /// `(module, command)` for every command in `src/commands/list.rs`, in its order.
    macro_rules! window_commands {
        ($($module:ident: $($command:ident),+ $(,)?;)*) => {
            const LISTED: &[(&str, &str)] =
                &[$($((stringify!($module), stringify!($command)),)+)*];
        };
    }
    include!("../src/commands/list.rs");

    /// The command that rewrites `ui/types/Command.ts`.
    const REWRITE: &str = "COOPDESK_WRITE_TYPES=1 cargo test -p coopdesk --test commands";

    /// The arguments Tauri fills in itself: the window never sends them.
    const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

    fn crate_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()))
            .replace("\r\n", "\n")
    }

    fn listed() -> BTreeSet<&'static str> {
        let names: BTreeSet<&str> = LISTED.iter().map(|(_, command)| *command).collect();
        assert_eq!(names.len(), LISTED.len(), "list.rs names a command twice");
        names
    }

    /// The file that holds a module of `list.rs` (`self` is `commands/mod.rs`).
    fn module_file(module: &str) -> PathBuf {
        let file = if module == "self" { "mod" } else { module };
        crate_dir().join(format!("src/commands/{file}.rs"))
    }

    /// Every `#[tauri::command]` function in `file`, by name.
    fn command_functions(file: &Path) -> BTreeMap<String, syn::ItemFn> {
        let source = syn::parse_file(&read(file))
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        source
            .items
            .into_iter()
            .filter_map(|item| match item {
                syn::Item::Fn(function) if is_command(&function) => {
                    Some((function.sig.ident.to_string(), function))
                }
                _ => None,
            })
            .collect()
    }

    fn is_command(function: &syn::ItemFn) -> bool {
        function.attrs.iter().any(|attr| {
            let path = attr.path();
            path.segments.len() == 2
                && path.segments[0].ident == "tauri"
                && path.segments[1].ident == "command"
        })
    }

    /// `snake_case` as the window sends it: Tauri renames command arguments to camelCase.
    fn camel_case(name: &str) -> String {
        let mut words = name.split('_');
        let mut camel = words.next().unwrap_or_default().to_owned();
        for word in words {
            let mut letters = word.chars();
            if let Some(first) = letters.next() {
                camel.extend(first.to_uppercase());
                camel.push_str(letters.as_str());
            }
        }
        camel
    }

    /// The last segment of a type's path and its type arguments.
    fn path_type(ty: &syn::Type) -> Option<(String, Vec<&syn::Type>)> {
        let syn::Type::Path(path) = ty else {
            return None;
        };
        let last = path.path.segments.last()?;
        let arguments = match &last.arguments {
            syn::PathArguments::AngleBracketed(angle) => angle
                .args
                .iter()
                .filter_map(|arg| match arg {
                    syn::GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Some((last.ident.to_string(), arguments))
    }

    /// The TypeScript of a Rust type crossing IPC; a wire type is one generated into
    /// `ui/types/` (it is added to `imports`). `what` names it in a failure.
    fn ts_type(ty: &syn::Type, imports: &mut BTreeSet<String>, what: &str) -> String {
        let unknown = || {
            panic!(
                "{what}: a type tests/commands.rs cannot write in TypeScript; use a wire type \
                 from the core (generated into ui/types/) or teach `ts_type` this one"
            )
        };
        match ty {
            syn::Type::Tuple(unit) if unit.elems.is_empty() => return "void".to_owned(),
            syn::Type::Reference(reference) => return ts_type(&reference.elem, imports, what),
            _ => {}
        }
        let Some((name, arguments)) = path_type(ty) else {
            unknown()
        };
        let only = |imports: &mut BTreeSet<String>| match arguments.as_slice() {
            [inner] => ts_type(inner, imports, what),
            _ => unknown(),
        };
        match name.as_str() {
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "isize" | "usize"
            | "f32" | "f64" => "number".to_owned(),
            "String" | "str" | "PathBuf" => "string".to_owned(),
            "bool" => "boolean".to_owned(),
            "Option" => format!("{} | null", only(imports)),
            "Vec" => format!("Array<{}>", only(imports)),
            // A command's error is always an ErrorPayload, which `call` turns into an AppError.
            "Reply" | "Result" => match arguments.first() {
                Some(ok) => ts_type(ok, imports, what),
                None => unknown(),
            },
            wire if arguments.is_empty() => {
                let file = crate_dir().join(format!("../ui/types/{wire}.ts"));
                if !file.exists() {
                    unknown();
                }
                imports.insert(wire.to_owned());
                wire.to_owned()
            }
            _ => unknown(),
        }
    }

    /// A command's entry in `Commands`: the arguments the window sends and the reply.
    fn command_entry(
        command: &str,
        function: &syn::ItemFn,
        imports: &mut BTreeSet<String>,
    ) -> String {
        let mut args = Vec::new();
        for input in &function.sig.inputs {
            let syn::FnArg::Typed(typed) = input else {
                panic!("{command} takes `self`: a command is a free function");
            };
            if path_type(&typed.ty).is_some_and(|(name, _)| INJECTED.contains(&name.as_str())) {
                continue;
            }
            let syn::Pat::Ident(name) = &*typed.pat else {
                panic!("{command}: every argument is a plain name the window sends");
            };
            let name = name.ident.to_string();
            let ty = ts_type(
                &typed.ty,
                imports,
                &format!("{command}'s argument `{name}`"),
            );
            args.push(format!("{}: {ty}", camel_case(&name)));
        }
        let reply = match &function.sig.output {
            syn::ReturnType::Default => "void".to_owned(),
            syn::ReturnType::Type(_, ty) => ts_type(ty, imports, &format!("{command}'s reply")),
        };
        let args = if args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!("{{ {} }}", args.join("; "))
        };
        format!("  {command}: {{ args: {args}; reply: {reply} }};\n")
    }

    /// `ui/types/Command.ts` as generated from the list and the commands' signatures.
    fn command_types() -> String {
        let mut files = BTreeMap::new();
        let mut imports = BTreeSet::new();
        let mut entries = String::new();
        for (module, command) in LISTED {
            let functions = files
                .entry(*module)
                .or_insert_with(|| command_functions(&module_file(module)));
            let function = functions.get(*command).unwrap_or_else(|| {
                panic!(
                    "list.rs lists {command} under {module}, but {} has no \
                     #[tauri::command] fn {command}",
                    module_file(module).display()
                )
            });
            entries.push_str(&command_entry(command, function, &mut imports));
        }
        let mut text = String::from(
            "// Generated from src-tauri/src/commands/list.rs and the commands' signatures by \
             src-tauri/tests/commands.rs. Do not edit this file manually.\n\n",
        );
        for wire in &imports {
            text.push_str(&format!("import type {{ {wire} }} from \"./{wire}\";\n"));
        }
        text.push_str(
            "\n/**\n * Every command the app registers, by the name `invoke` takes: the \
             arguments the window\n * sends (by the names `invoke` takes) and what the \
             command answers.\n */\nexport type Commands = {\n",
        );
        text.push_str(&entries);
        text.push_str(
            "};\n\n/**\n * Every command the app registers, by the name `invoke` takes.\n \
             */\nexport type Command = keyof Commands;\n",
        );
        text
    }

    #[test]
    fn every_command_function_is_in_the_list() {
        let listed = listed();
        let mut unlisted = Vec::new();
        for entry in std::fs::read_dir(crate_dir().join("src/commands")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                unlisted.extend(
                    command_functions(&path)
                        .into_keys()
                        .filter(|name| !listed.contains(name.as_str())),
                );
            }
        }
        assert!(
            unlisted.is_empty(),
            "{unlisted:?} are #[tauri::command]s that src-tauri/src/commands/list.rs does not \
             list, so the window can never invoke them: list them, or remove them"
        );
    }

    /// The commands the main capability grants the window, as tauri-build resolved it for
    /// this build (`gen/schemas/`, written by `build.rs`), and every other permission.
    fn granted() -> (BTreeSet<String>, BTreeSet<String>) {
        let schemas = crate_dir().join("gen/schemas");
        let parse = |name: &str| -> Value {
            serde_json::from_str(&read(&schemas.join(name)))
                .unwrap_or_else(|e| panic!("gen/schemas/{name} is not JSON: {e}"))
        };
        let capabilities = parse("capabilities.json");
        let manifests = parse("acl-manifests.json");
        let app = &manifests["__app-acl__"];
        let mut commands = BTreeSet::new();
        let mut others = BTreeSet::new();
        let mut pending: Vec<String> = capabilities["main"]["permissions"]
            .as_array()
            .expect("the main capability lists its permissions")
            .iter()
            .map(|p| {
                p.as_str()
                    .expect("permissions are granted by name")
                    .to_owned()
            })
            .collect();
        while let Some(permission) = pending.pop() {
            if permission.contains(':') {
                others.insert(permission);
            } else if let Some(set) = app["permission_sets"].get(&permission) {
                let members = set["permissions"].as_array().unwrap();
                pending.extend(members.iter().map(|p| p.as_str().unwrap().to_owned()));
            } else if let Some(one) = app["permissions"].get(&permission) {
                let allowed = one["commands"]["allow"].as_array().unwrap();
                commands.extend(allowed.iter().map(|c| c.as_str().unwrap().to_owned()));
                assert_eq!(
                    one["commands"]["deny"],
                    Value::Array(Vec::new()),
                    "{permission}"
                );
            } else {
                panic!("{permission}: not one of the app's permissions in acl-manifests.json");
            }
        }
        (commands, others)
    }

    #[test]
    fn the_window_is_granted_exactly_the_listed_commands_and_core_defaults() {
        let (commands, others) = granted();
        let listed: BTreeSet<String> = listed().into_iter().map(str::to_owned).collect();
        assert_eq!(
            commands, listed,
            "the main capability grants the commands in src-tauri/src/commands/list.rs \
             (through the `commands` set build.rs writes), no fewer and no more"
        );
        assert_eq!(
            others,
            BTreeSet::from([
                "core:default".to_owned(),
                "core:webview:allow-set-webview-zoom".to_owned()
            ]),
            "besides its own commands the window has Tauri's defaults and the page zoom"
        );
    }

    #[test]
    fn ui_api_js_has_one_wrapper_per_listed_command() {
        let api = read(&crate_dir().join("../ui/js/api.js"));
        let mut calls: BTreeMap<String, usize> = BTreeMap::new();
        for rest in api.split("call('").skip(1) {
            let name = rest.split('\'').next().unwrap().to_owned();
            *calls.entry(name).or_default() += 1;
        }
        let listed = listed();
        let mut problems = Vec::new();
        for command in &listed {
            match calls.get(*command) {
                Some(1) => {}
                None => problems.push(format!("no wrapper calls {command}")),
                Some(n) => problems.push(format!("{n} wrappers call {command}")),
            }
        }
        for name in calls.keys().filter(|name| !listed.contains(name.as_str())) {
            problems.push(format!(
                "a wrapper calls {name}, which list.rs does not list"
            ));
        }
        assert!(
            problems.is_empty(),
            "ui/js/api.js has exactly one documented function per command in \
             src-tauri/src/commands/list.rs, calling `call('<command>', …)`:\n  {}",
            problems.join("\n  ")
        );
    }

    #[test]
    fn the_ui_command_types_are_generated_from_the_list_and_the_signatures() {
        let path = crate_dir().join("../ui/types/Command.ts");
        let generated = command_types();
        if std::env::var_os("COOPDESK_WRITE_TYPES").is_some() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .replace("\r\n", "\n");
        assert!(
            committed == generated,
            "ui/types/Command.ts does not give the commands of src-tauri/src/commands/list.rs \
             with their arguments and replies, so the UI's type check would accept a call the \
             app refuses (or refuse one it takes). Rewrite it with\n  {REWRITE}"
        );
    }
}

#[test]
fn joining_a_hub_that_does_not_answer_says_so_instead_of_stopping_the_command() {
    // The hub's client runs a runtime of its own, which must not start on the threads of
    // Tauri's: the command answers with the sentence (it once panicked and never answered).
    let (_dir, app) = open_app();
    let window = main_window(&app);
    let nobody = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = nobody.local_addr().unwrap().port();
    drop(nobody);
    let error = invoke(
        &window,
        "join_hub",
        json!({
            "address": format!("postgresql://clerk@127.0.0.1:{port}/coopdesk_hub"),
            "password": "typed",
            "withCaFile": false,
        }),
    )
    .unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("cannot be reached"),
        "{error}"
    );
    let shared = invoke(&window, "shared_library", json!({})).unwrap();
    assert_eq!(shared["hub"], Value::Null, "nothing was joined");
    let sync = invoke(&window, "sync_hub_now", json!({})).unwrap();
    assert!(
        sync["sync"]["problem"]["message"]
            .as_str()
            .unwrap()
            .contains("not joined"),
        "syncing a library that shares nothing says how to join: {sync}"
    );
}
