//! `insurance add|list`: the vendors' certificates of insurance. The work is the core's
//! `insurance`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use coopdesk_core::db::Database;
use coopdesk_core::due::store as due;
use coopdesk_core::insurance::{
    shortfalls, store, AdditionalInsured, Certificate, CertificateInput, PolicyInput, PolicyKind,
};
use coopdesk_core::tco::dollars;
use coopdesk_core::{Error, Result};

use crate::due::{contract_id, unknown_kind};
use crate::print;
use crate::Context;

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum InsuranceAction {
    /// Record a certificate of insurance for a contract, with its PDF.
    Add(AddArgs),
    /// A contract's certificates, latest expiry first, each checked against the minimums.
    List {
        /// The contract's number.
        #[arg(long)]
        contract: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The contract's number.
    #[arg(long)]
    pub contract: String,
    /// The council action it was given for (its id), if one.
    #[arg(long)]
    pub approval: Option<i64>,
    /// The insurance company named on the certificate.
    #[arg(long)]
    pub insurer: String,
    /// A policy and its limit, as KIND=AMOUNT (general-liability=1000000); repeat.
    #[arg(long = "policy", value_name = "KIND=AMOUNT", required = true)]
    pub policies: Vec<String>,
    /// YYYY-MM-DD.
    #[arg(long)]
    pub effective: NaiveDate,
    /// YYYY-MM-DD.
    #[arg(long)]
    pub expiry: NaiveDate,
    /// Whether the certificate names the jurisdiction as additional insured: yes, no,
    /// unknown.
    #[arg(long, default_value = "unknown")]
    pub additional_insured: String,
    /// The certificate's PDF, copied and checksummed among the contract's documents.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    #[arg(long, default_value = "")]
    pub notes: String,
}

pub fn insurance(cx: &Context, db: &Database, action: InsuranceAction) -> Result<()> {
    match action {
        InsuranceAction::Add(args) => add(cx, db, args),
        InsuranceAction::List { contract } => {
            let id = contract_id(db, &contract, "--contract")?;
            list(cx, db, &store::certificates(db, id)?)
        }
    }
}

fn add(cx: &Context, db: &Database, args: AddArgs) -> Result<()> {
    let mut policies = Vec::new();
    for typed in &args.policies {
        let (kind, limit) = typed.split_once('=').ok_or_else(|| {
            Error::invalid(
                "--policy",
                format!("'{typed}' is not KIND=AMOUNT, such as general-liability=1000000."),
            )
        })?;
        policies.push(PolicyInput {
            kind: PolicyKind::from_key(kind).ok_or_else(|| unknown_kind(kind))?,
            limit: limit.to_owned(),
        });
    }
    let input = CertificateInput {
        contract_id: Some(contract_id(db, &args.contract, "--contract")?),
        approval_id: args.approval,
        insurer: args.insurer,
        policies,
        effective_date: Some(args.effective),
        expiry_date: Some(args.expiry),
        additional_insured: AdditionalInsured::from_key(&args.additional_insured).ok_or_else(
            || {
                Error::invalid(
                    "--additional-insured",
                    format!("'{}' is not yes, no or unknown.", args.additional_insured),
                )
            },
        )?,
        notes: args.notes,
    };
    let certificate = store::add_certificate(db, &input, args.pdf.as_deref(), cx.now)?;
    list(cx, db, std::slice::from_ref(&certificate))
}

fn list(cx: &Context, db: &Database, certificates: &[Certificate]) -> Result<()> {
    let minimums = due::settings(db)?.minimum_limits;
    if cx.json {
        let rows: Vec<_> = certificates
            .iter()
            .map(|c| {
                serde_json::json!({
                    "certificate": c,
                    "shortfalls": shortfalls(c, &minimums),
                })
            })
            .collect();
        print::json(&rows);
        return Ok(());
    }
    if certificates.is_empty() {
        println!("No certificate of insurance is on file for this contract.");
    }
    for c in certificates {
        println!(
            "#{}  {}  {} to {}  additional insured: {}",
            c.id,
            c.insurer,
            c.effective_date,
            c.expiry_date,
            c.additional_insured.key()
        );
        for p in &c.policies {
            println!("    {}: {}", p.kind.words(), dollars(p.limit));
        }
        for gap in shortfalls(c, &minimums) {
            println!("    below the minimums: {}", gap.sentence());
        }
    }
    Ok(())
}
