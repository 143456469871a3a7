//! `compare FILE` and `comparison save FILE`: comparison files, calculated or kept.

use std::path::Path;

use coopdesk_core::db::Database;
use coopdesk_core::tco::chart::{self, ChartBasis};
use coopdesk_core::tco::{self, store, workbook, Comparison};
use coopdesk_core::{files, Result};

use crate::args::CompareArgs;
use crate::print;
use crate::Context;

/// `compare FILE`: calculate with the command line's overrides, optionally write the
/// chart and the workbook, print the table or JSON. Needs no library.
pub fn compare(args: &CompareArgs, json: bool) -> Result<()> {
    let mut comparison =
        Comparison::from_json(&crate::read_text(&args.file, "read the comparison file")?)?;
    if let Some(rate) = args.discount_rate {
        comparison.discount.rate = rate;
        comparison.discount.source = "set on the command line".to_owned();
    }
    if let Some(timing) = args.timing {
        comparison.timing = timing.into();
    }
    let results = tco::compare(&comparison)?;
    if let Some(path) = &args.xlsx {
        workbook::write_comparison_workbook(&comparison, &results, path)?;
    }
    if let Some(path) = &args.chart {
        let spec = chart::cumulative_cost_chart(&results, ChartBasis::PresentValue);
        files::write_bytes(path, chart::to_svg(&spec).as_bytes())?;
    }
    if json {
        print::json(&results);
    } else {
        print::results(&results);
        // A negative or unusually high rate, or an old A-94 table, is never silent.
        for note in tco::rate_choice::rate_notes(&comparison) {
            println!("note: {note}");
        }
    }
    Ok(())
}

/// `comparison save FILE`: a new saved comparison; prints its id.
pub fn save(cx: &Context, db: &Database, file: &Path) -> Result<()> {
    let comparison = Comparison::from_json(&crate::read_text(file, "read the comparison file")?)?;
    let id = store::save(db, None, &comparison, cx.now)?;
    if cx.json {
        print::json(&serde_json::json!({ "id": id, "title": comparison.title }));
    } else {
        println!(
            "Saved the comparison '{}' as #{id}",
            comparison.title.trim()
        );
        for note in tco::rate_choice::rate_notes(&comparison) {
            println!("note: {note}");
        }
    }
    Ok(())
}
