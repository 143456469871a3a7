//! The renewal memo's document: the second kind of memo, written from a council action
//! when a renewal or extension needs the council again. What it is made from is gathered
//! and stored by [`crate::renewal_memo`]; this is its data and how it is composed.
//!
//! It says what the council approved (date, action, amount, term), what was spent by
//! fiscal year against what the comparison projected (the engine's own figures,
//! [`spending::figures`] and [`spending::variance`], so they equal the Spending
//! screen's to the cent), the price-list deviations recorded as overrides, the
//! certificates of insurance on file, the vendor's renewal terms ([`crate::renewal`])
//! and the recommendation.
//!
//! One document model: it composes the same [`Memo`] as the justification memo, so the
//! preview, the tagged PDF and the Word file come from the same renderers; it is kept
//! in the same tables (`memos`, `memo_versions`, migration 0005) as a version whose JSON
//! says `"kind": "renewal"`, so it is versioned and frozen once printed like every memo
//! ([`super::store::print`], [`super::store::version`]). A version keeps its own copy of
//! the facts ([`RenewalSources`]), taken when the memo is started: its figures never
//! change behind the clerk's back.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::document::{long_date, Block, Column, Fact, Memo, MemoHeader, Table};
use super::sections::{self, Section};
use crate::library::contract::Contract;
use crate::settings::{Settings, Signer};
use crate::tco::{dollars, round_cents};
use crate::{Error, Result};

/// The tag a renewal memo's stored JSON carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    Renewal,
}

/// What the clerk controls in a renewal memo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RenewalDraft {
    pub to: String,
    pub from: String,
    pub date: NaiveDate,
    pub agenda_item: String,
    /// Empty: "Renewal of <cooperative> contract <number> with <vendor>".
    pub subject: String,
    pub signers: Vec<Signer>,
    /// Sections whose prose the clerk rewrote (the editor's plain text).
    pub sections: BTreeMap<Section, String>,
}

/// The council action as the memo cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovedAction {
    pub id: i64,
    pub outcome: String,
    pub meeting_date: NaiveDate,
    pub agenda_item: String,
    pub action_number: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub not_to_exceed: Option<Decimal>,
    pub term_from: Option<NaiveDate>,
    pub term_to: Option<NaiveDate>,
    pub renewals_need_vote: bool,
    pub fiscal_years: Vec<String>,
    pub conditions: String,
    pub revision: u32,
}

/// Where the approval stood when the memo was started ([`spending::Figures`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Standing {
    #[serde(with = "rust_decimal::serde::str")]
    pub authorised: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub committed: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub invoiced: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub paid: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub remaining: Decimal,
}

/// One fiscal year of the variance ([`spending::variance::FiscalYearVariance`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YearSpent {
    pub fiscal_year: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub projected: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str")]
    pub invoiced: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub variance: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub percent: Option<Decimal>,
}

/// A purchase recorded above the contract's price list, with the clerk's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deviation {
    pub at: NaiveDateTime,
    pub sentence: String,
    pub reason: String,
}

/// A certificate of insurance on file, as the memo prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub insurer: String,
    /// "General liability $1,000,000.00; auto $500,000.00".
    pub policies: String,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub additional_insured: String,
    /// Shortfalls against the minimums in Settings, one sentence each.
    pub shortfalls: Vec<String>,
}

/// What a renewal memo version is composed from, copied when it was started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewalSources {
    pub settings: Settings,
    /// `sources.contract.id` is what recording the council's action on this memo reads.
    pub contract: Contract,
    pub approval: ApprovedAction,
    /// The day the figures were taken.
    pub as_of: NaiveDate,
    pub standing: Standing,
    /// What the variance is measured against, in words.
    pub basis: String,
    pub years: Vec<YearSpent>,
    pub deviations: Vec<Deviation>,
    pub insurance: Vec<Coverage>,
}

/// One renewal memo version's stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewalContent {
    pub kind: Kind,
    pub draft: RenewalDraft,
    pub sources: RenewalSources,
}

/// Whether a stored version's JSON is a renewal memo's.
pub(crate) fn is_renewal(json: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(json)
        .map(|value| value["kind"] == "renewal")
        .unwrap_or(false)
}

pub(crate) fn parse(json: &str) -> Result<RenewalContent> {
    serde_json::from_str(json)
        .map_err(|e| Error::Damaged(format!("a saved renewal memo could not be read ({e})")))
}

impl RenewalContent {
    /// The memo this version prints.
    pub fn render(&self) -> Memo {
        let mut memo = compose(&self.sources, &self.draft);
        sections::apply_edits(&mut memo, &self.draft.sections);
        memo
    }
}

/// Printed where a fact is not in the library.
const NOT_RECORDED: &str = "Not recorded";

/// Builds the renewal memo from its sources and the clerk's draft (before their edits).
pub fn compose(sources: &RenewalSources, draft: &RenewalDraft) -> Memo {
    let RenewalSources {
        settings,
        contract,
        approval,
        ..
    } = sources;
    let jurisdiction = or_blank(
        &settings.jurisdiction_name,
        "[Jurisdiction: set it in Settings]",
    );
    let subject = if draft.subject.trim().is_empty() {
        format!(
            "Renewal of {} contract {} with {}",
            contract.cooperative.trim(),
            contract.contract_number.trim(),
            contract.vendor_name.trim()
        )
    } else {
        draft.subject.trim().to_owned()
    };
    let mut blocks = Vec::new();
    recommendation(&mut blocks, sources);
    approved(&mut blocks, approval, contract);
    spent(&mut blocks, sources);
    deviations(&mut blocks, &sources.deviations);
    insurance_on_file(&mut blocks, &sources.insurance, sources.as_of);
    renewal_terms(&mut blocks, contract);
    blocks.push(heading("Approval"));
    blocks.push(super::compose::signatures(&draft.signers));
    super::compose::framed(
        settings,
        MemoHeader {
            jurisdiction,
            to: draft.to.trim().to_owned(),
            from: draft.from.trim().to_owned(),
            date: draft.date,
            subject,
            agenda_item: draft.agenda_item.trim().to_owned(),
            logo: settings.logo.clone(),
        },
        blocks,
    )
}

fn recommendation(blocks: &mut Vec<Block>, sources: &RenewalSources) {
    let contract = &sources.contract;
    blocks.push(section(Section::Recommendation));
    blocks.push(paragraph("Staff recommends that the governing body:"));
    blocks.push(Block::List {
        ordered: true,
        items: vec![
            format!(
                "Approve the renewal of {} contract {} with {} for [the renewal term];",
                contract.cooperative.trim(),
                contract.contract_number.trim(),
                contract.vendor_name.trim()
            ),
            "Authorize spending under it not to exceed [amount] over that term;".to_owned(),
            format!(
                "Authorize the {} to sign the renewal.",
                or_blank(
                    &sources.settings.authorized_signer,
                    "chief administrative officer"
                )
            ),
        ],
    });
}

fn approved(blocks: &mut Vec<Block>, approval: &ApprovedAction, contract: &Contract) {
    blocks.push(section(Section::Approved));
    let action = if approval.action_number.trim().is_empty() {
        format!("its action of {}", long_date(approval.meeting_date))
    } else {
        format!(
            "{} on {}",
            approval.action_number.trim(),
            long_date(approval.meeting_date)
        )
    };
    blocks.push(paragraph(format!(
        "The council approved purchases from {} under {} contract {} by {action}.",
        contract.vendor_name.trim(),
        contract.cooperative.trim(),
        contract.contract_number.trim()
    )));
    let term = match (approval.term_from, approval.term_to) {
        (Some(from), Some(to)) => format!("{} to {}", long_date(from), long_date(to)),
        (Some(from), None) => format!("From {}", long_date(from)),
        (None, Some(to)) => format!("Until {}", long_date(to)),
        (None, None) => NOT_RECORDED.to_owned(),
    };
    let mut facts = vec![
        Fact::new("Date of the action", long_date(approval.meeting_date)),
        Fact::new(
            "Resolution or action",
            or_blank(&approval.action_number, NOT_RECORDED),
        ),
        Fact::new("Outcome", capitalised(&approval.outcome)),
        Fact::new(
            "Not to exceed",
            approval
                .not_to_exceed
                .map_or(NOT_RECORDED.to_owned(), dollars),
        ),
        Fact::new("Term", term),
    ];
    if !approval.agenda_item.trim().is_empty() {
        facts.push(Fact::new("Agenda item", approval.agenda_item.trim()));
    }
    if !approval.fiscal_years.is_empty() {
        facts.push(Fact::new("Fiscal years", approval.fiscal_years.join(", ")));
    }
    facts.push(Fact::new(
        "Renewals need a new vote",
        if approval.renewals_need_vote {
            "Yes"
        } else {
            "No"
        },
    ));
    if approval.revision > 1 {
        facts.push(Fact::new("Revision", approval.revision.to_string()));
    }
    if !approval.conditions.trim().is_empty() {
        facts.push(Fact::new("Conditions", approval.conditions.trim()));
    }
    blocks.push(Block::Facts { facts });
}

fn spent(blocks: &mut Vec<Block>, sources: &RenewalSources) {
    let standing = &sources.standing;
    blocks.push(section(Section::Spent));
    blocks.push(paragraph(format!(
        "As of {}, {} has been invoiced and {} is committed on open purchase orders \
         against the {} authorised, leaving {}.",
        long_date(sources.as_of),
        dollars(standing.invoiced),
        dollars(standing.committed),
        dollars(standing.authorised),
        dollars(standing.remaining)
    )));
    blocks.push(Block::Facts {
        facts: vec![
            Fact::new("Authorised", dollars(standing.authorised)),
            Fact::new("Committed", dollars(standing.committed)),
            Fact::new("Invoiced", dollars(standing.invoiced)),
            Fact::new("Paid", dollars(standing.paid)),
            Fact::new("Remaining", dollars(standing.remaining)),
        ],
    });
    blocks.push(paragraph(format!(
        "Projected: {}.",
        sources.basis.trim_end_matches('.')
    )));
    let blank = || "—".to_owned();
    let mut rows: Vec<Vec<String>> = sources
        .years
        .iter()
        .map(|y| {
            vec![
                y.fiscal_year.clone(),
                y.projected.map_or_else(blank, dollars),
                dollars(y.invoiced),
                y.variance.map_or_else(blank, dollars),
                y.percent
                    .map_or_else(blank, |p| format!("{}%", p.normalize())),
            ]
        })
        .collect();
    let projected: Option<Decimal> = sources.years.iter().map(|y| y.projected).sum();
    let invoiced: Decimal = sources.years.iter().map(|y| y.invoiced).sum();
    let total_row = !rows.is_empty();
    if total_row {
        rows.push(vec![
            "Total".to_owned(),
            projected.map_or_else(blank, dollars),
            dollars(invoiced),
            projected.map_or_else(blank, |p| dollars(invoiced - p)),
            projected
                .and_then(|p| percent_of(invoiced - p, p))
                .map_or_else(blank, |p| format!("{}%", p.normalize())),
        ]);
    } else {
        rows.push(vec![
            "No invoices recorded".to_owned(),
            blank(),
            dollars(Decimal::ZERO),
            blank(),
            blank(),
        ]);
    }
    blocks.push(Block::Table(Table {
        caption: "Invoiced by fiscal year against the comparison's projection".to_owned(),
        columns: vec![
            Column::left("Fiscal year"),
            Column::right("Projected"),
            Column::right("Invoiced"),
            Column::right("Variance"),
            Column::right("Variance %"),
        ],
        rows,
        total_row,
    }));
}

fn deviations(blocks: &mut Vec<Block>, deviations: &[Deviation]) {
    blocks.push(section(Section::Deviations));
    if deviations.is_empty() {
        blocks.push(paragraph(
            "No purchase under this approval was recorded above the contract's price list.",
        ));
        return;
    }
    blocks.push(paragraph(format!(
        "{} recorded above the contract's price list, each with the reason given when it \
         was recorded.",
        match deviations.len() {
            1 => "One purchase was".to_owned(),
            n => format!("{n} purchases were"),
        }
    )));
    blocks.push(Block::Table(Table {
        caption: "Purchases above the price list".to_owned(),
        columns: vec![
            Column::left("Recorded"),
            Column::left("What was found"),
            Column::left("Reason given"),
        ],
        rows: deviations
            .iter()
            .map(|d| {
                vec![
                    d.at.date().to_string(),
                    d.sentence.clone(),
                    or_blank(&d.reason, NOT_RECORDED),
                ]
            })
            .collect(),
        total_row: false,
    }));
}

fn insurance_on_file(blocks: &mut Vec<Block>, coverage: &[Coverage], as_of: NaiveDate) {
    blocks.push(section(Section::Insurance));
    let current = coverage
        .iter()
        .filter(|c| c.effective_date <= as_of && as_of <= c.expiry_date)
        .count();
    blocks.push(paragraph(match (coverage.len(), current) {
        (0, _) => "No certificate of insurance is on file for this contract. [Ask the \
                   vendor for a current certificate before the renewal.]"
            .to_owned(),
        (_, 0) => format!(
            "No certificate on file is current on {}. [Ask the vendor for a current \
             certificate before the renewal.]",
            long_date(as_of)
        ),
        (n, current) => format!(
            "{n} certificate{} of insurance on file, {current} current on {}.",
            if n == 1 { "" } else { "s" },
            long_date(as_of)
        ),
    }));
    if coverage.is_empty() {
        return;
    }
    blocks.push(Block::Table(Table {
        caption: "Certificates of insurance on file".to_owned(),
        columns: vec![
            Column::left("Insurer"),
            Column::left("Policies and limits"),
            Column::left("Effective"),
            Column::left("Expires"),
            Column::left("Additional insured"),
            Column::left("Below the minimums"),
        ],
        rows: coverage
            .iter()
            .map(|c| {
                vec![
                    c.insurer.clone(),
                    c.policies.clone(),
                    c.effective_date.to_string(),
                    c.expiry_date.to_string(),
                    c.additional_insured.clone(),
                    if c.shortfalls.is_empty() {
                        "None".to_owned()
                    } else {
                        c.shortfalls.join("; ")
                    },
                ]
            })
            .collect(),
        total_row: false,
    }));
}

fn renewal_terms(blocks: &mut Vec<Block>, contract: &Contract) {
    blocks.push(section(Section::RenewalTerms));
    let facts = contract.renewal_facts();
    let options = facts.options();
    let extension = facts.extension();
    blocks.push(paragraph(match (options, extension) {
        (Some(o), crate::renewal::Extension::Until(last)) if o.count > o.used => format!(
            "The contract has {} renewal option{} of {} month{} left; with every option \
             taken it could run to {}.",
            o.count - o.used,
            if o.count - o.used == 1 { "" } else { "s" },
            o.months,
            if o.months == 1 { "" } else { "s" },
            long_date(last)
        ),
        (_, crate::renewal::Extension::Until(last)) => format!(
            "The cooperative publishes {} as the last day the contract could run to.",
            long_date(last)
        ),
        (_, crate::renewal::Extension::Unclear) => "The contract's renewal terms do not say \
            plainly how many renewals of how long remain: verify them with the cooperative."
            .to_owned(),
        (_, crate::renewal::Extension::None) => {
            "No renewal option is left: the contract cannot be extended past its current \
             expiry."
                .to_owned()
        }
    }));
    let count = |n: Option<u32>| n.map_or(NOT_RECORDED.to_owned(), |n| n.to_string());
    blocks.push(Block::Facts {
        facts: vec![
            Fact::new(
                "Current expiry",
                contract
                    .expiry_date
                    .map_or(NOT_RECORDED.to_owned(), long_date),
            ),
            Fact::new(
                "Renewal options, as published",
                or_blank(&contract.renewal_options, NOT_RECORDED),
            ),
            Fact::new("Options", count(options.map(|o| o.count))),
            Fact::new("Each, in months", count(options.map(|o| o.months))),
            Fact::new("Used", count(options.map(|o| o.used))),
            Fact::new(
                "Left",
                count(options.map(|o| o.count.saturating_sub(o.used))),
            ),
            Fact::new(
                "Last possible expiry",
                match extension {
                    crate::renewal::Extension::Until(day) => long_date(day),
                    crate::renewal::Extension::None => "No extension left".to_owned(),
                    crate::renewal::Extension::Unclear => "Unclear: verify".to_owned(),
                },
            ),
        ],
    });
}

fn section(section: Section) -> Block {
    heading(section.heading())
}

fn heading(text: &str) -> Block {
    Block::Heading {
        level: 1,
        text: text.to_owned(),
    }
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

fn or_blank(text: &str, fallback: &str) -> String {
    let text = text.trim();
    if text.is_empty() { fallback } else { text }.to_owned()
}

pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `part` as a percentage of `whole`, rounded half away from zero to two decimals, as
/// the spending engine rounds the variance's percent; `None` when `whole` is zero.
fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    let ratio = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(round_cents(ratio))
}
