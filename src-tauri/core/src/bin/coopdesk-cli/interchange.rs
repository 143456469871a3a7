//! `import` and `export`: files in, files out, through the core's one import path.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use coopdesk_core::db::Database;
use coopdesk_core::interchange::{
    self, workbook::WorkbookChoice, Choices, Format, ImportFile, Mapping, Side,
};
use coopdesk_core::{json, Error, Result};

use crate::args::{ExportArgs, ImportArgs};
use crate::print::{self, plural, show_progress};
use crate::Context;

/// `import FILE`: read, plan, print the plan, write unless a dry run.
pub fn import(cx: &Context, db: &Database, args: ImportArgs) -> Result<()> {
    let file = &args.file;
    let name = file.to_string_lossy();
    let format = args
        .format
        .map(Format::from)
        .or_else(|| Format::from_file_name(&name))
        .ok_or_else(|| {
            Error::invalid(
                "--format",
                format!(
                    "CoopDesk cannot tell the format of {name} from its name; add --format \
                     csv, xlsx, ocds or bundle."
                ),
            )
        })?;
    let mapping = args.mapping.as_deref().map(read_mapping).transpose()?;
    let file = ImportFile {
        path: file.clone(),
        format,
        sheet: WorkbookChoice {
            sheet: args.sheet,
            header_row: args.header_row,
        },
    };
    let plan = interchange::plan(db, file.read(db, mapping.as_ref())?)?;
    let summary = plan.summary();
    if !cx.json {
        print::plan(&summary);
    }
    let report = if args.dry_run {
        None
    } else {
        let choices = Choices {
            default: if args.take_theirs {
                Side::TakeTheirs
            } else {
                Side::KeepMine
            },
            fields: Vec::new(),
        };
        let cancel = AtomicBool::new(false);
        Some(interchange::import(
            db,
            &plan,
            &choices,
            mapping.as_ref(),
            cx.now,
            &mut show_progress,
            &cancel,
        )?)
    };
    if cx.json {
        print::json(&serde_json::json!({ "plan": summary, "report": report }));
    } else if let Some(report) = report {
        println!(
            "Imported: {} added, {} updated, {} unchanged, {} invalid row{} left out, {} document{} attached.",
            report.added,
            report.updated,
            report.unchanged,
            report.skipped,
            plural(report.skipped),
            report.documents_added,
            plural(report.documents_added),
        );
    } else {
        println!("Dry run: nothing was written.");
    }
    Ok(())
}

/// A column mapping file given with `--mapping`.
pub(crate) fn read_mapping(path: &Path) -> Result<Mapping> {
    let text = crate::read_text(path, "read the mapping")?;
    serde_json::from_str::<Mapping>(json::without_bom(&text)).map_err(|e| {
        Error::invalid(
            "--mapping",
            format!("{} is not a column mapping: {e}.", path.display()),
        )
    })
}

/// `export FILE --format F [--id N…]`.
pub fn export(cx: &Context, db: &Database, args: ExportArgs) -> Result<()> {
    let cancel = AtomicBool::new(false);
    let report = interchange::export(
        db,
        &args.ids,
        args.format.into(),
        &args.file,
        cx.now,
        &mut show_progress,
        &cancel,
    )?;
    for sentence in &report.left_out {
        eprintln!("warning: {sentence}");
    }
    let count = report.contracts;
    if cx.json {
        print::json(&serde_json::json!({ "file": args.file, "contracts": count }));
    } else {
        println!(
            "Exported {count} contract{} to {}",
            plural(count),
            args.file.display()
        );
    }
    Ok(())
}
