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

#[test]
fn invalid_settings_come_back_field_by_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let app = build_app(mock_builder(), Library::open(Some(dir.path().to_owned())));
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
