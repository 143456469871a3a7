//! `coopdesk-cli hub …`: set up a shared hub (the administrator), join it and sync (the
//! clerk), and settle conflicts. See docs/hub.md.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use coopdesk_core::db::Database;
use coopdesk_core::hub::{self, admin, HubAddress, Resolution};
use coopdesk_core::{Error, Result};

use crate::{print, Context};

#[derive(Debug, Subcommand)]
pub enum HubAction {
    /// Set up the hub in a PostgreSQL database (or upgrade it): its schema, the members'
    /// group role, the row-level security policies. Asks for the administrator's
    /// password (or reads it from standard input).
    Init {
        #[command(flatten)]
        admin: AdminArgs,
        /// The largest document the hub takes, in MB (25 when the hub is new); a larger
        /// one is not shared, and its contract goes without it.
        #[arg(long)]
        max_document_mb: Option<u32>,
    },
    /// Set the largest document the hub takes, in MB; documents already on the hub stay.
    SetDocumentLimit {
        /// The limit in MB (of 1,048,576 bytes).
        megabytes: u32,
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Add a member jurisdiction, with a login for its clerk; prints what the clerk types
    /// to join. The password is shown once and kept nowhere.
    AddMember {
        /// The jurisdiction's name, e.g. "Village of Peñasco".
        name: String,
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Join this library to a hub with the address and password its administrator gave
    /// you; the password goes to this computer's credential store.
    Join {
        /// postgresql://LOGIN@SERVER:PORT/DATABASE (no password in it).
        address: String,
        /// The CA file that signed the hub's certificate, if the administrator gave one.
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// Share: receive the hub's changes, merge, send this library's.
    Sync,
    /// Whether this library is joined, what waits to be shared, and the conflicts.
    Status,
    /// The contracts changed both here and on the hub: each field, base, mine, theirs.
    Conflicts,
    /// Settle a conflict: --keep-mine, --take-theirs, or --take-theirs-field FIELD…
    Resolve(ResolveArgs),
    /// Share a contract, with its price list and notes, with the whole region: the other
    /// jurisdictions of the hub receive it read-only at their next sync.
    Share {
        /// The contract's number.
        contract: String,
    },
    /// Take a contract back from the region: shared within the office only again; the
    /// other jurisdictions' copies go to their trash at their next sync.
    Unshare {
        /// The contract's number.
        contract: String,
    },
}

#[derive(Debug, Args)]
pub struct AdminArgs {
    /// postgresql://ADMIN@SERVER:PORT/DATABASE: a login that may create roles, on the
    /// database the hub lives in (no password in it).
    #[arg(long)]
    admin_url: String,
    /// The CA file that signed the server's certificate, when the system does not
    /// already trust it; the clerks get the same file.
    #[arg(long)]
    ca_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The shared record's global id, as `hub conflicts` shows it.
    global_id: String,
    #[arg(long, conflicts_with_all = ["take_theirs", "take_theirs_field"])]
    keep_mine: bool,
    #[arg(long, conflicts_with = "take_theirs_field")]
    take_theirs: bool,
    /// Take the hub's value of this field (repeat for more); the others keep mine.
    #[arg(long)]
    take_theirs_field: Vec<String>,
}

pub fn hub(cx: &Context, action: HubAction) -> Result<()> {
    match action {
        HubAction::Init {
            admin,
            max_document_mb,
        } => init(cx, &admin, max_document_mb),
        HubAction::SetDocumentLimit { megabytes, admin } => {
            set_document_limit(cx, &admin, megabytes)
        }
        HubAction::AddMember { name, admin } => add_member(cx, &name, &admin),
        HubAction::Join { address, ca_file } => join(cx, &cx.open()?, &address, ca_file),
        HubAction::Sync => sync(cx, &cx.open()?),
        HubAction::Status => status(&cx.open()?),
        HubAction::Conflicts => conflicts(cx, &cx.open()?),
        HubAction::Resolve(args) => resolve(cx, &cx.open()?, args),
        HubAction::Share { contract } => share(cx, &cx.open()?, &contract, true),
        HubAction::Unshare { contract } => share(cx, &cx.open()?, &contract, false),
    }
}

fn share(cx: &Context, db: &Database, number: &str, region: bool) -> Result<()> {
    let id = crate::due::contract_id(db, number, "contract")?;
    hub::share_with_region(db, id, region)?;
    if cx.json {
        print::json(&hub::sharing(db, id)?);
    } else if region {
        println!(
            "Contract {number} will be shared with the region at the next sync \
             (coopdesk-cli hub sync); the other jurisdictions receive it read-only."
        );
    } else {
        println!(
            "Contract {number} will be shared within the office only from the next sync; \
             the other jurisdictions' copies go to their trash."
        );
    }
    Ok(())
}

fn init(cx: &Context, args: &AdminArgs, max_document_mb: Option<u32>) -> Result<()> {
    let address = HubAddress::parse(&args.admin_url, args.ca_file.as_deref())?;
    let password = read_password(&address)?;
    let report = admin::init(&address, &password)?;
    if let Some(megabytes) = max_document_mb {
        hub::documents::set_limit(&address, &password, megabytes)?;
    }
    let limit = hub::documents::limit(&address, &password)?;
    if cx.json {
        print::json(&serde_json::json!({
            "fromVersion": report.from_version,
            "toVersion": report.to_version,
            "membersRole": report.members_role,
            "maxDocumentBytes": limit,
        }));
    } else if report.from_version == report.to_version {
        println!(
            "The hub at {} is set up (hub schema version {}); nothing to change.",
            address.place(),
            report.to_version
        );
    } else {
        println!(
            "The hub at {} is set up: hub schema version {} (was {}), members' role {}.",
            address.place(),
            report.to_version,
            report.from_version,
            report.members_role
        );
        println!("Add each jurisdiction with: coopdesk-cli hub add-member \"NAME\" --admin-url …");
    }
    if !cx.json {
        println!(
            "Documents up to {} are shared (coopdesk-cli hub set-document-limit MB to change it).",
            hub::documents::size_text(limit)
        );
    }
    Ok(())
}

fn set_document_limit(cx: &Context, args: &AdminArgs, megabytes: u32) -> Result<()> {
    let address = HubAddress::parse(&args.admin_url, args.ca_file.as_deref())?;
    let password = read_password(&address)?;
    hub::documents::set_limit(&address, &password, megabytes)?;
    let limit = hub::documents::limit(&address, &password)?;
    if cx.json {
        print::json(&serde_json::json!({ "maxDocumentBytes": limit }));
    } else {
        println!(
            "The hub at {} now takes documents up to {}; a larger one is not shared (its \
             contract goes without it), and documents already on the hub stay.",
            address.place(),
            hub::documents::size_text(limit)
        );
    }
    Ok(())
}

fn add_member(cx: &Context, name: &str, args: &AdminArgs) -> Result<()> {
    let address = HubAddress::parse(&args.admin_url, args.ca_file.as_deref())?;
    let password = read_password(&address)?;
    let new_password = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let member = admin::add_member(&address, &password, name, &new_password)?;
    if cx.json {
        print::json(&serde_json::json!({
            "name": member.name,
            "role": member.role,
            "address": member.address,
            "password": member.password,
        }));
        return Ok(());
    }
    let ca = args
        .ca_file
        .as_ref()
        .map(|p| format!(" --ca-file {}", p.display()))
        .unwrap_or_default();
    println!(
        "{} is a member of the hub at {}.",
        member.name,
        address.place()
    );
    println!();
    println!("Its clerk joins in CoopDesk with:");
    println!("    coopdesk-cli hub join {}{ca}", member.address);
    println!(
        "and types this password when asked (shown once, kept nowhere — pass it on privately):"
    );
    println!("    {}", member.password);
    if args.ca_file.is_some() {
        println!("Give the clerk the CA file too: it proves the hub is the hub.");
    }
    Ok(())
}

fn join(cx: &Context, db: &Database, url: &str, ca_file: Option<PathBuf>) -> Result<()> {
    let address = HubAddress::parse(url, ca_file.as_deref())?;
    let password = read_password(&address)?;
    let report = hub::join(db, &address, &password, cx.now)?;
    if cx.json {
        print::json(&report);
    } else {
        println!(
            "This library is joined to the hub at {} as {}; {} contract{} will be shared at \
             the next sync (coopdesk-cli hub sync).",
            address.place(),
            report.member_name,
            report.waiting,
            print::plural(report.waiting as usize)
        );
    }
    Ok(())
}

fn sync(cx: &Context, db: &Database) -> Result<()> {
    let report = hub::sync(db, cx.now)?;
    if cx.json {
        print::json(&report);
        return Ok(());
    }
    println!(
        "Synced: {} received, {} merged, {} sent.",
        report.received, report.merged, report.pushed
    );
    for sentence in &report.not_added {
        println!("Not added (it stays on the hub): {sentence}");
    }
    for sentence in report
        .documents_not_shared
        .iter()
        .chain(&report.documents_not_received)
    {
        println!("{sentence}");
    }
    if !report.conflicts.is_empty() {
        println!(
            "{} contract{} changed both here and on the hub: see coopdesk-cli hub conflicts.",
            report.conflicts.len(),
            print::plural(report.conflicts.len())
        );
    }
    Ok(())
}

fn status(db: &Database) -> Result<()> {
    let status = hub::status(db)?;
    match &status.link {
        None => println!("This library is not joined to a hub."),
        Some(link) => {
            println!("Joined to {} as {}.", link.url, link.member_name);
            println!(
                "Last synced: {}",
                link.last_synced_at.as_deref().unwrap_or("never")
            );
            println!(
                "Waiting to be shared: {}; conflicts: {}.",
                status.waiting, status.conflicts
            );
            for sentence in &status.documents_not_shared {
                println!("{sentence}");
            }
        }
    }
    Ok(())
}

fn conflicts(cx: &Context, db: &Database) -> Result<()> {
    let plan = hub::conflicts(db)?;
    if cx.json {
        print::json(&plan);
        return Ok(());
    }
    if plan.is_empty() {
        println!("No conflicts.");
    }
    for conflict in &plan {
        println!(
            "{} ({:?}, changed on the hub by {})",
            conflict.contract, conflict.kind, conflict.changed_by
        );
        println!("  global id {}", conflict.global_id);
        for field in &conflict.fields {
            println!(
                "  {}: was {}, mine {}, theirs {}",
                field.field, field.base, field.mine, field.theirs
            );
        }
    }
    Ok(())
}

fn resolve(cx: &Context, db: &Database, args: ResolveArgs) -> Result<()> {
    let choice = if args.keep_mine {
        Resolution::KeepMine
    } else if args.take_theirs {
        Resolution::TakeTheirs
    } else if !args.take_theirs_field.is_empty() {
        Resolution::Fields {
            take_theirs: args.take_theirs_field,
        }
    } else {
        return Err(Error::invalid(
            "hub resolve",
            "say what to keep: --keep-mine, --take-theirs, or --take-theirs-field FIELD.",
        ));
    };
    hub::resolve(db, &args.global_id, &choice, cx.now)?;
    println!("Settled; the next sync shares it.");
    Ok(())
}

/// The password: asked for at a terminal (not echoed), or the first line of standard
/// input (scripts). Never an argument: it would show in the process list and the shell's
/// history.
fn read_password(address: &HubAddress) -> Result<String> {
    let stdin = std::io::stdin();
    let read = if stdin.is_terminal() {
        rpassword::prompt_password(format!(
            "Password for {} at {}: ",
            address.user(),
            address.place()
        ))
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map(|_| line)
    };
    let line = read.map_err(|source| {
        Error::io(
            "read the password from",
            std::path::Path::new("standard input"),
            source,
        )
    })?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(Error::invalid(
            "Password",
            "none was given; type it when asked, or pass it on standard input.",
        ));
    }
    Ok(password)
}
