//! The UI's wire types are generated from Rust, and the committed ones are current.
//!
//! Every type that crosses IPC — a command's arguments and reply, an event's payload, the
//! error payload — derives `ts_rs::TS`, and `ui/types/` holds one TypeScript declaration
//! per type, generated from them. `ui/js/api.js` imports those declarations in its JSDoc,
//! so `tsc --checkJs` (`npm run check`) sees what Rust really sends. This test generates
//! them again and fails when the committed files differ, so a Rust change that the UI has
//! not caught up with fails `cargo test` (and CI). To rewrite them after changing a wire
//! type:
//!
//! ```text
//! COOPDESK_WRITE_TYPES=1 cargo test -p coopdesk-core --test it wire_types
//! ```
//!
//! Self-contained on purpose: it needs nothing from the other tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use coopdesk_core::backup::{BackupInfo, RecoveryReport, RestoreReport};
use coopdesk_core::calendar::store::CalendarExport;
use coopdesk_core::due::{DueList, DuePage, DueSettings};
use coopdesk_core::info::LibraryInfo;
use coopdesk_core::insurance::{Certificate, CertificateInput};
use coopdesk_core::interchange::typed_date::DateReading;
use coopdesk_core::interchange::{
    Choices, ChosenFile, Exported, Format, ImportReport, Mapping, PlanSummary, Progress,
};
use coopdesk_core::library::checklist::ChecklistEntry;
use coopdesk_core::library::contract::TrashedContract;
use coopdesk_core::library::documents::{Document, DocumentKind};
use coopdesk_core::library::history::HistoryEntry;
use coopdesk_core::library::price_list::PriceLine;
use coopdesk_core::library::search::{
    ExpiryDashboard, Facets, Query, SearchResults, Sort, SortColumn,
};
use coopdesk_core::library::term::TermCheck;
use coopdesk_core::library::{Contract, ContractSummary};
use coopdesk_core::memo::store::{Candidate, Draft, MemoSummary, MemoView};
use coopdesk_core::renewal_memo::{RenewalDraft, RenewalView};
use coopdesk_core::settings::Settings;
use coopdesk_core::sharing::{ConflictChoice, SharedConflict, SharedLibrary};
use coopdesk_core::spending::import::{PurchaseFile, PurchasePlan};
use coopdesk_core::spending::store::{ApprovalSummary, ApprovalView};
use coopdesk_core::spending::variance::Variance;
use coopdesk_core::spending::{
    ApprovalInput, ChangeOrderInput, InvoiceInput, PoStatus, PurchaseOrder, PurchaseOrderInput,
    Recorded,
};
use coopdesk_core::tco::chart::{Calculation, ChartBasis};
use coopdesk_core::tco::rate_choice::RateChoice;
use coopdesk_core::tco::rates::{A94Rate, RateKind};
use coopdesk_core::tco::store::{ComparisonSummary, StoredComparison};
use coopdesk_core::tco::template::CategoryChoice;
use coopdesk_core::tco::Comparison;
use coopdesk_core::{ErrorCode, ErrorPayload};
use ts_rs::{Config, ExportError, TS};

/// The command that rewrites `ui/types/` from the Rust types.
const REWRITE: &str = "COOPDESK_WRITE_TYPES=1 cargo test -p coopdesk-core --test it wire_types";

/// Writes the declaration of every wire type, and of every type they use, into `dir`.
fn export_wire_types(dir: &Path) -> Result<(), ExportError> {
    // Ids are i64 in Rust and plain numbers in JavaScript (well within 2^53).
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    macro_rules! export {
        ($($ty:ty),+ $(,)?) => { $( <$ty>::export_all(&cfg)?; )+ };
    }
    export!(
        // Errors, for every command.
        ErrorPayload,
        ErrorCode,
        // The library.
        LibraryInfo,
        ContractSummary,
        Contract,
        Settings,
        DateReading,
        Query,
        Sort,
        SortColumn,
        SearchResults,
        Facets,
        ExpiryDashboard,
        TrashedContract,
        ChecklistEntry,
        HistoryEntry,
        PriceLine,
        Document,
        DocumentKind,
        TermCheck,
        // Comparisons.
        ComparisonSummary,
        StoredComparison,
        Comparison,
        ChartBasis,
        Calculation,
        A94Rate,
        RateKind,
        RateChoice,
        CategoryChoice,
        // Memos.
        MemoSummary,
        Candidate,
        Draft,
        MemoView,
        // Backups.
        BackupInfo,
        RestoreReport,
        RecoveryReport,
        // Import and export, and their progress events.
        ChosenFile,
        Format,
        Mapping,
        PlanSummary,
        Choices,
        ImportReport,
        Exported,
        Progress,
        ApprovalInput,
        ApprovalSummary,
        ApprovalView,
        Variance,
        PurchaseOrderInput,
        PurchaseOrder,
        PoStatus,
        ChangeOrderInput,
        InvoiceInput,
        Recorded,
        // What comes due: the Needs-action list, certificates, the calendar export.
        DueList,
        DuePage,
        DueSettings,
        Certificate,
        CertificateInput,
        CalendarExport,
        RenewalDraft,
        RenewalView,
        PurchaseFile,
        PurchasePlan,
        // The shared library (Settings → Shared library, the status bar).
        SharedLibrary,
        SharedConflict,
        ConflictChoice,
    );
    Ok(())
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/types")
}

/// The first line of every generated file. ts-rs's own names its home page, which the
/// UI's scan for network references would rightly flag; other files in `ui/types/` (the
/// command names, checked by the Tauri crate's tests) do not begin with it.
const HEADER: &str = "// Generated from the Rust wire types by ts-rs \
                      (src-tauri/core/tests/it/wire_types.rs). Do not edit this file manually.";

/// The declarations generated from Rust, by file name, as they are committed.
fn generated() -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    export_wire_types(dir.path()).unwrap();
    std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let (_, body) = text.split_once('\n').unwrap();
            (name, format!("{HEADER}\n{}", readable(body)))
        })
        .collect()
}

/// ts-rs writes a declaration on one line, its fields' doc comments in between; this
/// puts each field (and each alternative of a long union) on a line of its own. Only
/// whitespace changes, so the declarations mean what ts-rs generated.
fn readable(file: &str) -> String {
    let at = file.find("export type ").expect("one declaration per file");
    let (before, declaration) = file.split_at(at);
    let (name, body) = declaration.split_once(" = ").unwrap();
    let body = body.trim_end().strip_suffix(';').unwrap();
    let alternatives = split_top_level(body, '|');
    let one_line = alternatives.len() > 1 && !body.contains('\n') && body.len() <= 80;
    let body = if one_line {
        body.to_owned()
    } else if let [only] = &alternatives[..] {
        object(only, "")
    } else {
        alternatives
            .iter()
            .map(|alternative| format!("\n  | {}", object(alternative, "  ")))
            .collect()
    };
    let equals = if body.starts_with('\n') { " =" } else { " = " };
    format!("{before}{name}{equals}{body};\n")
}

/// An object type with each field on its own line, indented under `indent`; anything
/// else (or an object without doc comments that fits a line) as it is.
fn object(text: &str, indent: &str) -> String {
    let text = text.trim();
    let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return text.to_owned();
    };
    let fields: Vec<&str> = split_top_level(inner, ',')
        .into_iter()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    let compact = format!("{{ {} }}", fields.join(", "));
    if !inner.contains("/**") && (indent.len() + compact.len() <= 90 || fields.len() <= 1) {
        return compact;
    }
    let mut out = String::from("{\n");
    for field in fields {
        for line in field.lines() {
            let line = line.trim();
            let pad = if line.starts_with('*') { " " } else { "" };
            out.push_str(&format!("{indent}  {pad}{line}"));
            out.push_str(if line.starts_with('/') || line.starts_with('*') {
                "\n"
            } else {
                ",\n"
            });
        }
    }
    out.push_str(indent);
    out.push('}');
    out
}

/// `text` split at `separator` where it is outside brackets, strings and comments.
fn split_top_level(text: &str, separator: char) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0_i32, 0);
    let (mut in_string, mut in_comment) = (false, false);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            _ if in_comment => in_comment = !(c == '/' && i > 0 && bytes[i - 1] == b'*'),
            '"' => in_string = !in_string,
            _ if in_string => {}
            '/' if bytes.get(i + 1) == Some(&b'*') => in_comment = true,
            '{' | '[' | '(' | '<' => depth += 1,
            '}' | ']' | ')' | '>' => depth -= 1,
            _ if c == separator && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The generated declarations committed in `dir`, by file name.
fn committed(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ts"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // A checkout on Windows may have turned the line ends into CRLF.
            let text = std::fs::read_to_string(&path)
                .unwrap()
                .replace("\r\n", "\n");
            (name, text)
        })
        .filter(|(_, text)| text.starts_with(HEADER))
        .collect()
}

#[test]
fn the_ui_wire_types_are_the_ones_rust_generates() {
    let dir = committed_dir();
    let generated = generated();
    let on_disk = committed(&dir);
    if std::env::var_os("COOPDESK_WRITE_TYPES").is_some() {
        for name in on_disk.keys() {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        for (name, text) in &generated {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }

    let mut drift = Vec::new();
    for (name, text) in &generated {
        match on_disk.get(name) {
            None => drift.push(format!("ui/types/{name} is missing")),
            Some(committed) if committed != text => {
                drift.push(format!("ui/types/{name} differs from what Rust declares"))
            }
            Some(_) => {}
        }
    }
    for name in on_disk.keys().filter(|n| !generated.contains_key(*n)) {
        drift.push(format!(
            "ui/types/{name} is declared by no Rust wire type any more"
        ));
    }
    assert!(
        drift.is_empty(),
        "The UI's wire types are out of date with the Rust ones, so the UI's type check \
         would trust declarations Rust no longer sends:\n  {}\nRewrite them with\n  {REWRITE}\n\
         then run `npm run check` and fix what it finds in ui/js.",
        drift.join("\n  ")
    );
}
