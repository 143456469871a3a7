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
