//! `backup create|list|restore` and `recover`: the library's safety copies.

use std::path::Path;

use coopdesk_core::backup;
use coopdesk_core::db::Database;
use coopdesk_core::{paths, Error, Result};

use crate::args::{BackupCreateArgs, RestoreArgs};
use crate::print::{self, format_size, kind_label, plural};
use crate::Context;

/// `backup create [--to FILE]` (earlier `backup [--to FILE]`).
pub fn create(cx: &Context, db: &Database, args: BackupCreateArgs) -> Result<()> {
    let info = match &args.to {
        Some(path) => backup::backup_to(db, path, cx.now)?,
        None => backup::backup_now(db, cx.now)?,
    };
    if cx.json {
        print::json(&info);
    } else {
        let place = args
            .to
            .unwrap_or_else(|| cx.data_dir.join(paths::BACKUP_DIR).join(&info.file_name));
        println!(
            "Backed up the library to {} ({})",
            place.display(),
            format_size(info.size_bytes)
        );
    }
    Ok(())
}

/// `backup list` (earlier `backups`): the list Settings shows, newest first.
pub fn list(cx: &Context) -> Result<()> {
    let backups = backup::list_backups(&cx.data_dir)?;
    if cx.json {
        print::json(&backups);
        return Ok(());
    }
    for b in &backups {
        println!(
            "{:<52} {:<16} {}  {:>10}",
            b.file_name,
            kind_label(b.kind),
            b.taken_at.format("%Y-%m-%d %H:%M:%S"),
            format_size(b.size_bytes)
        );
    }
    println!(
        "{} backup{} in {}",
        backups.len(),
        plural(backups.len()),
        cx.data_dir.join(paths::BACKUP_DIR).display()
    );
    Ok(())
}

/// `backup restore NAME|FILE --yes` (earlier `restore`).
pub fn restore(cx: &Context, args: RestoreArgs) -> Result<()> {
    let wanted = args.backup.as_str();
    let in_folder = backup::list_backups(&cx.data_dir)?
        .iter()
        .any(|b| b.file_name == wanted);
    if !in_folder && !Path::new(wanted).is_file() {
        return Err(Error::NotFound {
            what: format!("The backup '{wanted}' (see `coopdesk-cli backup list`)"),
        });
    }
    if !args.yes {
        return Err(Error::invalid(
            "restore",
            format!(
                "restoring replaces the whole library with {wanted} (the library as it is now \
                 is backed up first). Nothing was changed; add --yes to go ahead."
            ),
        ));
    }
    let report = if in_folder {
        backup::restore(&cx.data_dir, wanted, cx.now)?
    } else {
        backup::restore_file(&cx.data_dir, Path::new(wanted), cx.now)?
    };
    if cx.json {
        print::json(&report);
    } else {
        println!("Restored the library from {}", report.restored_from);
        if let Some(safety) = report.safety_backup {
            println!("The library as it was is backed up as {}", safety.file_name);
        }
    }
    Ok(())
}

/// `recover`: for a damaged library, the newest good backup back in its place.
pub fn recover(cx: &Context) -> Result<()> {
    let report = backup::recover_from_backup(&cx.data_dir, cx.now)?;
    if cx.json {
        print::json(&report);
        return Ok(());
    }
    println!(
        "Restored the library from {} (taken {}).",
        report.restored_from.file_name,
        report.restored_from.taken_at.format("%Y-%m-%d %H:%M")
    );
    println!(
        "The damaged file is kept at {}",
        report.damaged_copy.display()
    );
    for name in report.skipped {
        println!("Skipped {name}: it did not pass the integrity check.");
    }
    Ok(())
}
