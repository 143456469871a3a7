//! `init`, `info`, `search` and `logo`: the library itself.

use coopdesk_core::db::Database;
use coopdesk_core::info::library_info;
use coopdesk_core::library::search::{self, Query, StatusFilter};
use coopdesk_core::library::Status;
use coopdesk_core::opening::{self, OpenOptions};
use coopdesk_core::{settings, Result};

use crate::args::{LogoArgs, SearchArgs};
use crate::print::{self, clip};
use crate::Context;

/// `init [--empty]`: create or migrate the library and say which it was.
pub fn init(cx: &Context, seed_sample: bool) -> Result<()> {
    let options = OpenOptions {
        now: cx.now,
        seed_sample,
    };
    let (db, report) = opening::open(&cx.data_dir, options)?;
    let info = library_info(&db)?;
    if cx.json {
        print::json(&info);
        return Ok(());
    }
    let path = info.database_path.unwrap_or_default();
    if report.created {
        println!("Created a new library at {path}");
    } else if let Some(from) = report.migrated_from {
        println!(
            "Upgraded the library at {path} from schema {from} to {}",
            info.schema_version
        );
    } else {
        println!(
            "The library at {path} is up to date (schema {})",
            info.schema_version
        );
    }
    if let Some(backup) = report.backup {
        println!("A copy from before the upgrade is at {}", backup.display());
    }
    if report.sample_contracts > 0 {
        println!(
            "Added {} sample contracts (verify their facts before buying).",
            report.sample_contracts
        );
    }
    Ok(())
}

/// `info`: where the library is, its schema and what it holds.
pub fn info(cx: &Context, db: &Database) -> Result<()> {
    let info = library_info(db)?;
    if cx.json {
        print::json(&info);
        return Ok(());
    }
    println!("Library:        {}", info.database_path.unwrap_or_default());
    println!(
        "Schema version: {} (this CoopDesk supports up to {})",
        info.schema_version, info.supported_schema_version
    );
    println!(
        "Contracts:      {} ({} sample)",
        info.contracts, info.sample_contracts
    );
    Ok(())
}

/// `search TEXT…`: ranked rows, best first, then how many matched.
pub fn search(cx: &Context, db: &Database, args: SearchArgs) -> Result<()> {
    let query = Query {
        text: args.text.join(" "),
        cooperative: args.cooperative,
        category: args.category,
        state: args.state,
        entity_type: args.entity_type,
        status: args.status.map(StatusFilter::from),
        limit: Some(args.limit),
        ..Query::default()
    };
    let results = search::search(db, &query, args.today.unwrap_or(cx.now.date()))?;
    if cx.json {
        print::json(&results);
        return Ok(());
    }
    for hit in &results.hits {
        let s = &hit.summary;
        let expiry = s
            .expiry_date
            .map_or_else(|| "unknown".to_owned(), |d| d.to_string());
        let status = match s.status {
            Status::Active => "active",
            Status::Expiring => "expiring",
            Status::Expired => "expired",
            // Explained under the table.
            Status::ExpiredMayBeExtended => "expired*",
            Status::Unknown => "unknown",
        };
        println!(
            "{:<14} {:<10} {:<10} {:<24} {:<28} {}",
            s.contract_number,
            status,
            expiry,
            clip(&s.cooperative, 24),
            clip(&s.vendor_name, 28),
            clip(&s.title, 60),
        );
    }
    for hit in &results.hits {
        if hit.summary.status == Status::ExpiredMayBeExtended {
            println!(
                "* {}: {}.",
                hit.summary.contract_number,
                hit.summary.status_sentence()
            );
        }
    }
    println!(
        "{} of {} matching contract{}",
        results.hits.len(),
        results.total,
        if results.total == 1 { "" } else { "s" }
    );
    Ok(())
}

/// `logo FILE [--alt TEXT]` or `logo --remove`.
pub fn logo(db: &Database, args: LogoArgs) -> Result<()> {
    match args.file {
        Some(file) if !args.remove => {
            let logo = settings::set_logo_from_file(db, &file, &args.alt)?;
            println!(
                "Memos will print {} ({} × {} pixels) in their header.",
                file.display(),
                logo.width_px,
                logo.height_px
            );
        }
        _ => {
            settings::set_logo(db, None)?;
            println!("Memos will print no logo.");
        }
    }
    Ok(())
}
