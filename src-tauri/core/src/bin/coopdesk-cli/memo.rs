//! `memo new|list|pdf|docx|compose|renewal`: saved memos, a memo written straight from a
//! comparison file, and the renewal memo written from a council action.

use coopdesk_core::db::Database;
use coopdesk_core::library::{checklist, search};
use coopdesk_core::memo::{self, store, MemoInputs};
use coopdesk_core::tco::{self, Comparison};
use coopdesk_core::{files, settings, Error, Result};

use crate::args::{ComposeArgs, MemoFileArgs, MemoNewArgs, MemoRenewalArgs};
use crate::print::{self, clip, plural};
use crate::Context;

/// `memo new --comparison ID --option NAME`: prints the new memo's id.
pub fn new(cx: &Context, db: &Database, args: MemoNewArgs) -> Result<()> {
    let id = store::create(db, args.comparison, &args.option, cx.now)?;
    if cx.json {
        print::json(&serde_json::json!({ "id": id }));
    } else {
        println!("Started memo {id}; write it in the app's Memos screen.");
    }
    Ok(())
}

/// `memo list`: every saved memo, most recently changed first.
pub fn list(cx: &Context, db: &Database) -> Result<()> {
    let memos = store::list(db)?;
    if cx.json {
        print::json(&memos);
        return Ok(());
    }
    for memo in &memos {
        let state = memo.printed_at.map_or("draft".to_owned(), |at| {
            format!("printed {}", at.format("%Y-%m-%d"))
        });
        println!(
            "{:>4}  v{:<3} {:<18} {}",
            memo.id,
            memo.version,
            state,
            clip(&memo.title, 80)
        );
    }
    println!("{} memo{}", memos.len(), plural(memos.len()));
    Ok(())
}

/// `memo pdf ID -o FILE`: a printed version as printed, an unprinted one as it stands.
pub fn pdf(db: &Database, args: MemoFileArgs) -> Result<()> {
    let saved = store::version(db, args.id, args.version)?;
    let pdf = saved.pdf()?;
    files::write_bytes(&args.output, &pdf)?;
    let state = saved.printed_at.map_or_else(
        || "a draft, not recorded as printed".to_owned(),
        |at| format!("printed {}", at.format("%Y-%m-%d %H:%M")),
    );
    println!(
        "Wrote version {} of memo {} ({state}) to {} ({} bytes)",
        saved.version,
        args.id,
        args.output.display(),
        pdf.len()
    );
    Ok(())
}

/// `memo docx ID -o FILE`: the same document as the PDF, as Word.
pub fn docx(db: &Database, args: MemoFileArgs) -> Result<()> {
    let saved = store::version(db, args.id, args.version)?;
    let bytes = saved.docx()?;
    files::write_bytes(&args.output, &bytes)?;
    println!(
        "Wrote version {} of memo {} as a Word document to {} ({} bytes)",
        saved.version,
        args.id,
        args.output.display(),
        bytes.len()
    );
    Ok(())
}

/// `memo compose CONTRACT FILE` (earlier `memo CONTRACT FILE`): compose from the library
/// and the comparison file, write the PDF, and the HTML preview and Word document when
/// asked.
pub fn compose(cx: &Context, db: &Database, args: ComposeArgs) -> Result<()> {
    let number = &args.contract;
    let contract = search::contract_by_number(db, number)?.ok_or_else(|| {
        Error::invalid(
            "contract",
            format!(
                "No contract numbered '{number}' is in the library. Find its number with \
                 `coopdesk-cli search {number}`."
            ),
        )
    })?;
    let entries = checklist::checklist(db, contract.id.unwrap_or_default())?;
    let comparison =
        Comparison::from_json(&crate::read_text(&args.comparison, "read the comparison")?)?;
    let results = tco::compare(&comparison)?;
    let option = &args.option;
    let chosen = results
        .options
        .iter()
        .position(|o| !o.is_baseline && o.name.trim().eq_ignore_ascii_case(option.trim()))
        .ok_or_else(|| {
            let names: Vec<&str> = results.options[1..]
                .iter()
                .map(|o| o.name.as_str())
                .collect();
            Error::invalid(
                "--option",
                format!(
                    "'{option}' is not an option of this comparison; choose one of: {}.",
                    names.join("; ")
                ),
            )
        })?;
    let inputs = MemoInputs {
        to: args.to,
        from: args.from,
        date: args.date.unwrap_or(cx.now.date()),
        agenda_item: args.agenda_item,
        purchase: args.purchase,
        amount: args.amount,
        fiscal_year: args.fiscal_year,
        budget_account: args.budget_account,
        funding_source: args.funding_source,
        ..MemoInputs::default()
    };
    let memo = memo::compose(
        &settings::load(db)?,
        &contract,
        &entries,
        &comparison,
        &results,
        chosen,
        &inputs,
    )?;
    let pdf = memo::to_pdf(&memo)?;
    files::write_bytes(&args.output, &pdf)?;
    if let Some(path) = &args.html {
        files::write_bytes(path, memo::to_html(&memo).as_bytes())?;
    }
    if let Some(path) = &args.docx {
        files::write_bytes(path, &memo::to_docx(&memo)?)?;
    }
    println!(
        "Wrote the memo to {} ({} bytes)",
        args.output.display(),
        pdf.len()
    );
    Ok(())
}

/// `memo renewal APPROVAL [--pdf FILE] [--docx FILE]`: starts the renewal memo from the
/// council action, prints its id and sections (`--json`: the memo as the window opens
/// it), and writes its PDF and Word file when asked.
pub fn renewal(cx: &Context, db: &Database, args: MemoRenewalArgs) -> Result<()> {
    let id = coopdesk_core::renewal_memo::create(db, args.approval, cx.now)?;
    let view = coopdesk_core::renewal_memo::open(db, id)?;
    let saved = store::version(db, id, None)?;
    if let Some(path) = &args.pdf {
        files::write_bytes(path, &saved.pdf()?)?;
    }
    if let Some(path) = &args.docx {
        files::write_bytes(path, &saved.docx()?)?;
    }
    if cx.json {
        print::json(&view);
        return Ok(());
    }
    println!("Started renewal memo {id}: {}", view.title);
    for section in &view.sections {
        println!();
        println!("{}", section.heading);
        println!("{}", section.text);
    }
    for (what, path) in [("PDF", &args.pdf), ("Word document", &args.docx)] {
        if let Some(path) = path {
            println!("Wrote the {what} to {}", path.display());
        }
    }
    Ok(())
}
