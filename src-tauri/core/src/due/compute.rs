//! The Needs-action list computed from [`Facts`], seen on a given day: which items are
//! due, each with its sentence, its date and its one action. Pure: no database, no clock.
//!
//! When each kind is listed (docs/due.md says it for the clerk):
//! - **renewal decision**: from the contract's expiry minus its lead time on;
//! - **term ending**: from the approved term's end minus the contract's lead time on;
//! - **authority running out**: when the day the remaining authority runs out at the burn
//!   rate (`spending::figures`) falls within the lead time;
//! - **80 % / 100 % of the not-to-exceed**: committed plus invoiced at or past 80 % (below
//!   100 %), or at or past 100 %, of the not-to-exceed — one of the two, never both;
//! - **override**: every guard rail overridden, until dismissed;
//! - **insurance expiring**: the contract's current certificate (the latest expiry) ends
//!   within 30 days; **lapsed**: it ended and a purchase was dated after; **below the
//!   minimums**: it lacks a required policy, shows a lower limit, or does not name the
//!   jurisdiction as additional insured;
//! - **not verified**: a purchase was dated within the last year and the facts were last
//!   verified more than a year before today (or never).

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use super::model::{
    ApprovalFacts, ContractFacts, ContractName, DueItem, DueKind, DueSettings, Facts,
    OverrideFacts, Target, INSURANCE_NOTICE_DAYS,
};
use crate::insurance::{shortfalls, AdditionalInsured, Certificate};
use crate::library::term::VERIFIED_WITHIN_DAYS;
use crate::memo::document::LongDate;
use crate::renewal::Extension;
use crate::tco::dollars;

/// The lead time of `contract` under `settings`.
pub fn lead_days(contract: &ContractFacts, settings: &DueSettings) -> u32 {
    contract.lead_days.unwrap_or(settings.default_lead_days)
}

/// `day` minus `days`, or the earliest day when that is before the calendar's start.
pub fn days_before(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN)
}

fn days_after(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Every item due on `today`, soonest first (snoozes and dismissals not yet applied),
/// each with its line written.
pub fn items(facts: &Facts, settings: &DueSettings, today: NaiveDate) -> Vec<DueItem> {
    found(facts, settings, today)
        .iter()
        .map(|found| found.item(settings, today))
        .collect()
}

/// An item found due, its line not yet written: what the list is ordered, counted and set
/// aside by. [`Found::item`] writes the line, so that a page of the list writes only the
/// lines it shows (a large library makes tens of thousands of items due, and their
/// sentences were most of the list's cost).
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub kind: DueKind,
    pub by: NaiveDate,
    /// What the key names after its kind; the key is written only when asked for.
    subject: Subject,
    /// The day, the kind and the first eight bytes of the key's subject in one number,
    /// in that order of weight: the list's order without writing the key.
    order: u128,
    about: About<'a>,
}

/// What an item's key names after its kind: `12:2027-06-30`, `3:r2`, `7:never`, `41`.
#[derive(Debug, Clone, Copy)]
enum Subject {
    Day(i64, NaiveDate),
    Revision(i64, u32),
    Verified(i64, Option<NaiveDate>),
    Id(i64),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Day(id, day) => write!(f, "{id}:{day}"),
            Subject::Revision(id, revision) => write!(f, "{id}:r{revision}"),
            Subject::Verified(id, Some(day)) => write!(f, "{id}:{day}"),
            Subject::Verified(id, None) => write!(f, "{id}:never"),
            Subject::Id(id) => write!(f, "{id}"),
        }
    }
}

/// The first eight bytes written to it, the rest dropped: no allocation.
struct Start {
    bytes: [u8; 8],
    length: usize,
}

impl std::fmt::Write for Start {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        let room = self.bytes.len() - self.length;
        let take = text.len().min(room);
        self.bytes[self.length..self.length + take].copy_from_slice(&text.as_bytes()[..take]);
        self.length += take;
        if take < text.len() {
            // Enough is written; stop the rest.
            return Err(std::fmt::Error);
        }
        Ok(())
    }
}

/// The facts an item's line is written from.
#[derive(Debug, Clone, Copy)]
enum About<'a> {
    Contract(&'a ContractFacts),
    Approval(&'a ApprovalFacts, &'a ContractFacts),
    Certificate(&'a Certificate, &'a ContractFacts),
    Override(&'a OverrideFacts, Option<&'a ContractFacts>),
}

impl<'a> Found<'a> {
    fn new(kind: DueKind, subject: Subject, by: NaiveDate, about: About<'a>) -> Self {
        let mut start = Start {
            bytes: [0; 8],
            length: 0,
        };
        // An error only says the first eight bytes are written.
        let _ = std::fmt::write(&mut start, format_args!("{subject}"));
        // Days from the common era's start, moved up by 2^31 so that earlier days are
        // smaller numbers whatever their sign.
        let day = (i64::from(by.num_days_from_ce()) + (1 << 31)) as u128;
        Found {
            kind,
            by,
            subject,
            order: day << 72 | (kind as u128) << 64 | u128::from(u64::from_be_bytes(start.bytes)),
            about,
        }
    }

    /// The item's key: its kind, the subject and the date or revision it concerns
    /// (`nte80:3:r2`).
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.key(), self.subject)
    }

    /// The item's line: its sentence, its contract's name and its one action.
    pub fn item(&self, settings: &DueSettings, today: NaiveDate) -> DueItem {
        let (contract, what, action, target) = match self.about {
            About::Contract(contract) => {
                let (what, action) = if self.kind == DueKind::RenewalDecision {
                    renewal_line(contract, self.by, today)
                } else {
                    (not_verified_line(contract), "Verify with the cooperative")
                };
                (Some(contract), what, action, Target::Contract(contract.id))
            }
            About::Approval(approval, contract) => {
                let (what, action) = approval_line(self.kind, approval, contract, today);
                (Some(contract), what, action, Target::Approval(approval.id))
            }
            About::Certificate(certificate, contract) => {
                let (what, action) = certificate_line(self.kind, certificate, contract, settings);
                (Some(contract), what, action, Target::Contract(contract.id))
            }
            About::Override(entry, contract) => (
                contract,
                format!(
                    "A purchase was recorded past the guard rail \"{}\": {} Reason given: {}",
                    entry.rule.words(),
                    entry.sentence.trim(),
                    entry.reason.trim()
                ),
                "Review the override",
                entry
                    .approval_id
                    .map_or(Target::Purchases, Target::Approval),
            ),
        };
        DueItem {
            key: self.key(),
            kind: self.kind,
            contract_id: contract.map(|c| c.id),
            contract: contract.map(ContractFacts::name).unwrap_or_default(),
            what,
            by: self.by,
            action: action.to_owned(),
            target,
            snoozed_until: None,
        }
    }
}

/// Every item due on `today`, soonest first: by day, kind and key (as text), with no line
/// written yet.
pub fn found<'a>(facts: &'a Facts, settings: &DueSettings, today: NaiveDate) -> Vec<Found<'a>> {
    let mut found = Vec::new();
    for contract in facts.contracts.values() {
        let about = About::Contract(contract);
        if let Some(expiry) = contract.expiry {
            if today >= days_before(expiry, lead_days(contract, settings)) {
                let subject = Subject::Day(contract.id, expiry);
                found.push(Found::new(DueKind::RenewalDecision, subject, expiry, about));
            }
        }
        if let Some(since) = stale_since(contract, today) {
            let subject = Subject::Verified(contract.id, contract.last_verified);
            found.push(Found::new(DueKind::NotVerified, subject, since, about));
        }
    }
    for approval in &facts.approvals {
        if let Some(contract) = facts.contracts.get(&approval.contract_id) {
            approval_found(approval, contract, settings, today, &mut found);
        }
    }
    insurance_found(facts, settings, today, &mut found);
    for entry in &facts.overrides {
        let contract = entry.contract_id.and_then(|id| facts.contracts.get(&id));
        let about = About::Override(entry, contract);
        let subject = Subject::Id(entry.id);
        found.push(Found::new(
            DueKind::Override,
            subject,
            entry.at.date(),
            about,
        ));
    }
    // Keys are unique, so an unstable sort gives the one order; within one kind the keys
    // share their prefix, so the first eight bytes of the subject are the keys' own order,
    // and the rare runs that share those too are put in their whole keys' order.
    found.sort_unstable_by_key(|f| f.order);
    for run in found.chunk_by_mut(|a, b| a.order == b.order) {
        if run.len() > 1 {
            run.sort_by_cached_key(Found::key);
        }
    }
    found
}

/// What the renewal options still allow, as a clause: "2 of 3 renewal options left, may
/// be extended to June 30, 2029 at the latest".
pub fn options_left(contract: &ContractFacts) -> (bool, String) {
    let Some(expiry) = contract.expiry else {
        return (false, String::new());
    };
    match contract.extension {
        Extension::Until(last) if last > expiry => {
            let left = match (contract.renewal_count, contract.renewals_used) {
                (Some(count), used) => {
                    let left = count.saturating_sub(used.unwrap_or(0));
                    format!(
                        "{left} of {count} renewal option{} left, ",
                        if count == 1 { "" } else { "s" }
                    )
                }
                (None, _) => String::new(),
            };
            (
                true,
                format!("{left}may be extended to {} at the latest", LongDate(last)),
            )
        }
        Extension::Unclear => (
            true,
            "its renewal terms are unclear — verify with the cooperative".to_owned(),
        ),
        _ => (false, "no renewal options left".to_owned()),
    }
}

fn renewal_line(
    contract: &ContractFacts,
    expiry: NaiveDate,
    today: NaiveDate,
) -> (String, &'static str) {
    let (renewable, options) = options_left(contract);
    let verb = if expiry < today { "expired" } else { "expires" };
    if renewable {
        (
            format!(
                "{} ({}) {verb} on {}; {options}.",
                ContractName(contract),
                contract.vendor.trim(),
                LongDate(expiry)
            ),
            "Decide on renewal",
        )
    } else {
        (
            format!(
                "{} ({}) {verb} on {}; {options}: a new contract or solicitation is \
                 needed.",
                ContractName(contract),
                contract.vendor.trim(),
                LongDate(expiry)
            ),
            "Plan a replacement",
        )
    }
}

/// The day `contract`'s facts went stale, when a purchase was dated under it within the
/// last year and they were last verified more than a year before `today` (or never).
fn stale_since(contract: &ContractFacts, today: NaiveDate) -> Option<NaiveDate> {
    let last_purchase = contract.last_purchase?;
    let window = VERIFIED_WITHIN_DAYS as u32;
    if last_purchase < days_before(today, window) {
        return None;
    }
    match contract.last_verified {
        Some(day) if day >= days_before(today, window) => None,
        Some(day) => Some(days_after(day, window)),
        None => Some(last_purchase),
    }
}

fn not_verified_line(contract: &ContractFacts) -> String {
    let verified = contract
        .last_verified
        .map_or("never verified with the cooperative".to_owned(), |d| {
            format!("last verified on {}, more than a year ago", LongDate(d))
        });
    format!(
        "{}: its facts were {verified}, and purchases are made under it (the latest on {}).",
        ContractName(contract),
        LongDate(contract.last_purchase.unwrap_or_default())
    )
}

fn approval_found<'a>(
    approval: &'a ApprovalFacts,
    contract: &'a ContractFacts,
    settings: &DueSettings,
    today: NaiveDate,
    found: &mut Vec<Found<'a>>,
) {
    let lead = lead_days(contract, settings);
    let about = About::Approval(approval, contract);
    if let Some(end) = approval.term_to {
        if today >= days_before(end, lead) {
            let subject = Subject::Day(approval.id, end);
            found.push(Found::new(DueKind::TermEnding, subject, end, about));
        }
    }
    if let Some(out) = approval.figures.runs_out_on {
        if out <= days_after(today, lead) {
            let subject = Subject::Revision(approval.id, approval.revision);
            found.push(Found::new(
                DueKind::AuthorityRunningOut,
                subject,
                out,
                about,
            ));
        }
    }
    let limit = approval.not_to_exceed;
    let exposure = approval.figures.exposure();
    if limit > Decimal::ZERO {
        let kind = if exposure >= limit {
            DueKind::NotToExceed100
        } else if exposure * Decimal::from(5) >= limit * Decimal::from(4) {
            DueKind::NotToExceed80
        } else {
            return;
        };
        let subject = Subject::Revision(approval.id, approval.revision);
        found.push(Found::new(kind, subject, today, about));
    }
}

fn approval_line(
    kind: DueKind,
    approval: &ApprovalFacts,
    contract: &ContractFacts,
    today: NaiveDate,
) -> (String, &'static str) {
    let name = Named(approval, contract);
    let figures = &approval.figures;
    match kind {
        DueKind::TermEnding => {
            let end = approval.term_to.unwrap_or(today);
            let verb = if end < today { "ended" } else { "ends" };
            (
                format!("The term approved by {name} {verb} on {}.", LongDate(end)),
                "Ask the council to extend, or stop buying",
            )
        }
        DueKind::AuthorityRunningOut => (
            format!(
                "At {} a month, the {} left under {name} runs out about {}.",
                dollars(figures.burn_rate.unwrap_or_default()),
                dollars(figures.remaining),
                LongDate(figures.runs_out_on.unwrap_or(today))
            ),
            "Plan the next council action",
        ),
        _ => {
            let (limit, exposure) = (approval.not_to_exceed, figures.exposure());
            let share = crate::spending::percent(exposure, limit).unwrap_or_default();
            (
                format!(
                    "{} committed and invoiced under {name}: {share} % of its not-to-exceed \
                     of {}.",
                    dollars(exposure),
                    dollars(limit)
                ),
                if kind == DueKind::NotToExceed100 {
                    "Ask the council for more, or stop buying"
                } else {
                    "Review what is left"
                },
            )
        }
    }
}

/// "Resolution 2026-04 of January 13, 2026 for Sourcewell 121923-CDW", as it goes into
/// a sentence.
#[derive(Debug, Clone, Copy)]
struct Named<'a>(&'a ApprovalFacts, &'a ContractFacts);

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Named(approval, contract) = self;
        write!(f, "{} for {}", approval.citation(), ContractName(contract))
    }
}

/// The current certificate of each contract in use: the one that expires last.
fn current_certificates(facts: &Facts) -> Vec<&Certificate> {
    let mut seen = HashSet::new();
    let mut current: Vec<&Certificate> = facts
        .certificates
        .iter()
        .filter(|c| facts.contracts.contains_key(&c.contract_id))
        .collect();
    current.sort_by(|a, b| {
        (a.contract_id, b.expiry_date, b.id).cmp(&(b.contract_id, a.expiry_date, a.id))
    });
    current.retain(|c| seen.insert(c.contract_id));
    current
}

/// What `certificate` lacks against the minimums, as clauses.
fn gaps(certificate: &Certificate, settings: &DueSettings) -> Vec<String> {
    let mut gaps: Vec<String> = shortfalls(certificate, &settings.minimum_limits)
        .iter()
        .map(|s| s.sentence())
        .collect();
    if certificate.additional_insured == AdditionalInsured::No {
        gaps.push("it does not name the jurisdiction as additional insured".to_owned());
    }
    gaps
}

fn insurance_found<'a>(
    facts: &'a Facts,
    settings: &DueSettings,
    today: NaiveDate,
    found: &mut Vec<Found<'a>>,
) {
    for certificate in current_certificates(facts) {
        let contract = &facts.contracts[&certificate.contract_id];
        let about = About::Certificate(certificate, contract);
        let subject = Subject::Id(certificate.id);
        let expiry = certificate.expiry_date;
        if expiry >= today && expiry <= days_after(today, INSURANCE_NOTICE_DAYS) {
            found.push(Found::new(
                DueKind::InsuranceExpiring,
                subject,
                expiry,
                about,
            ));
        }
        if contract.last_purchase.is_some_and(|day| day > expiry) && expiry < today {
            found.push(Found::new(DueKind::InsuranceLapsed, subject, expiry, about));
        }
        if certificate.additional_insured == AdditionalInsured::No
            || !shortfalls(certificate, &settings.minimum_limits).is_empty()
        {
            let by = certificate.recorded_at.date();
            found.push(Found::new(
                DueKind::InsuranceBelowMinimum,
                subject,
                by,
                about,
            ));
        }
    }
}

fn certificate_line(
    kind: DueKind,
    certificate: &Certificate,
    contract: &ContractFacts,
    settings: &DueSettings,
) -> (String, &'static str) {
    let expiry = certificate.expiry_date;
    let named = format!(
        "{}'s certificate of insurance from {} for {}",
        contract.vendor.trim(),
        certificate.insurer.trim(),
        ContractName(contract)
    );
    match kind {
        DueKind::InsuranceExpiring => (
            format!("{named} expires on {}.", LongDate(expiry)),
            "Ask the vendor for a new certificate",
        ),
        DueKind::InsuranceLapsed => (
            format!(
                "{named} expired on {}, and purchases were made after it (the latest on {}).",
                LongDate(expiry),
                LongDate(contract.last_purchase.unwrap_or(expiry))
            ),
            "Get a current certificate before buying",
        ),
        _ => (
            format!(
                "{named} falls short: {}.",
                gaps(certificate, settings).join("; ")
            ),
            "Ask the vendor for the required coverage",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::due::model::ById;
    use crate::insurance::{MinimumLimit, Policy, PolicyKind};
    use crate::spending::figures::figures;
    use crate::spending::{Invoice, PoStatus, PurchaseOrder, Rule};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn contract(id: i64, expiry: &str, extension: Extension) -> ContractFacts {
        ContractFacts {
            id,
            cooperative: "Sourcewell".into(),
            number: format!("0{id}0924"),
            title: "Office supplies".into(),
            vendor: "Staples".into(),
            expiry: Some(day(expiry)),
            extension,
            renewal_count: Some(3),
            renewals_used: Some(1),
            last_verified: Some(day("2026-10-01")),
            lead_days: None,
            last_purchase: None,
        }
    }

    fn facts(contracts: Vec<ContractFacts>) -> Facts {
        Facts {
            contracts: contracts
                .into_iter()
                .map(|c| (c.id, c))
                .collect::<ById<_>>(),
            ..Facts::default()
        }
    }

    #[test]
    fn the_packed_order_is_the_day_then_the_kind_then_the_key() {
        let c = contract(7, "2027-06-30", Extension::None);
        let days = [
            NaiveDate::MIN,
            day("0001-01-01"),
            day("1969-12-31"),
            day("2026-12-07"),
            day("2026-12-08"),
            NaiveDate::MAX,
        ];
        let mut all = Vec::new();
        for by in days {
            for kind in [
                DueKind::RenewalDecision,
                DueKind::TermEnding,
                DueKind::NotVerified,
            ] {
                for id in [7, 12, 100, 99_999_999] {
                    let subject = Subject::Day(id, by);
                    all.push(Found::new(kind, subject, by, About::Contract(&c)));
                }
            }
        }
        let mut by_tuple = all.clone();
        by_tuple.sort_by_key(|f| (f.by, f.kind, f.key()));
        all.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.key().cmp(&b.key())));
        let keys = |list: &[Found]| list.iter().map(Found::key).collect::<Vec<_>>();
        assert_eq!(keys(&all), keys(&by_tuple));
    }

    fn kinds(found: &[DueItem]) -> Vec<DueKind> {
        found.iter().map(|i| i.kind).collect()
    }

    /// An approval of `limit` since 2026-01-01 with one open PO of `ordered`, `billed`
    /// invoiced on 2026-06-01.
    fn approval(limit: &str, ordered: &str, billed: &str, today: NaiveDate) -> ApprovalFacts {
        let order = PurchaseOrder {
            id: 1,
            approval_id: Some(7),
            number: "PO-1".into(),
            date: day("2026-01-15"),
            amount: ordered.parse().unwrap(),
            fiscal_year: String::new(),
            account_code: String::new(),
            description: String::new(),
            vendor: "Staples".into(),
            status: PoStatus::Open,
            lines: Vec::new(),
            change_orders: Vec::new(),
            invoices: vec![Invoice {
                id: 1,
                number: "INV-1".into(),
                date: day("2026-06-01"),
                amount: billed.parse().unwrap(),
                credit_memo: false,
                paid_date: None,
            }],
        };
        let limit: Decimal = limit.parse().unwrap();
        ApprovalFacts {
            id: 7,
            contract_id: 1,
            number: "Resolution 2026-04".into(),
            meeting: day("2026-01-13"),
            revision: 1,
            not_to_exceed: limit,
            term_to: Some(day("2027-06-30")),
            figures: figures(limit, day("2026-01-01"), &[order], today),
        }
    }

    #[test]
    fn a_renewal_decision_comes_due_at_the_expiry_minus_the_lead_time_not_a_day_before() {
        let expiry = "2027-06-30";
        let mut found = facts(vec![contract(
            1,
            expiry,
            Extension::Until(day("2029-06-30")),
        )]);
        let settings = DueSettings::default();
        // 120 days before 2027-06-30 is 2027-03-02.
        assert!(items(&found, &settings, day("2027-03-01")).is_empty());
        let due = items(&found, &settings, day("2027-03-02"));
        assert_eq!(kinds(&due), vec![DueKind::RenewalDecision]);
        assert_eq!(due[0].by, day(expiry));
        assert_eq!(due[0].key, "renewal:1:2027-06-30");
        assert!(
            due[0]
                .what
                .contains("2 of 3 renewal options left, may be extended to June 30, 2029"),
            "{}",
            due[0].what
        );
        // The contract's own lead time wins over the default.
        found.contracts.get_mut(&1).unwrap().lead_days = Some(30);
        assert!(items(&found, &settings, day("2027-05-30")).is_empty());
        assert_eq!(items(&found, &settings, day("2027-05-31")).len(), 1);
    }

    #[test]
    fn a_contract_without_options_left_asks_for_a_replacement() {
        let found = facts(vec![contract(1, "2027-01-31", Extension::None)]);
        let due = items(&found, &DueSettings::default(), day("2027-01-01"));
        assert_eq!(due[0].action, "Plan a replacement");
        assert!(
            due[0].what.contains("no renewal options left"),
            "{}",
            due[0].what
        );
    }

    #[test]
    fn spending_past_80_and_100_percent_is_listed_once_at_the_higher_level() {
        let today = day("2026-07-01");
        let mut found = facts(vec![contract(1, "2030-01-01", Extension::None)]);
        found.approvals = vec![approval("10000.00", "7999.99", "1000.00", today)];
        assert!(
            !kinds(&items(&found, &DueSettings::default(), today))
                .contains(&DueKind::NotToExceed80),
            "79.99 % is not yet 80 %"
        );
        found.approvals = vec![approval("10000.00", "8000.00", "1000.00", today)];
        let due = items(&found, &DueSettings::default(), today);
        assert!(kinds(&due).contains(&DueKind::NotToExceed80), "{due:?}");
        assert!(due.iter().any(|i| i.what.contains("80.00 %")));
        found.approvals = vec![approval("10000.00", "10000.00", "1000.00", today)];
        let due = items(&found, &DueSettings::default(), today);
        assert!(kinds(&due).contains(&DueKind::NotToExceed100));
        assert!(!kinds(&due).contains(&DueKind::NotToExceed80));
    }

    #[test]
    fn authority_running_out_within_the_lead_time_and_a_term_ending_are_listed() {
        // 6,000 invoiced in 181 days: 1,008.91 a month; 4,000 left runs out in 120 days.
        let today = day("2026-07-01");
        let mut found = facts(vec![contract(1, "2030-01-01", Extension::None)]);
        found.approvals = vec![approval("10000.00", "6000.00", "6000.00", today)];
        let due = items(&found, &DueSettings::default(), today);
        let out = due
            .iter()
            .find(|i| i.kind == DueKind::AuthorityRunningOut)
            .expect("the authority runs out within 120 days");
        assert_eq!(out.target, Target::Approval(7));
        assert_eq!(Some(out.by), found.approvals[0].figures.runs_out_on);
        assert!(
            !kinds(&due).contains(&DueKind::TermEnding),
            "2027-06-30 is far"
        );
        let due = items(&found, &DueSettings::default(), day("2027-03-02"));
        assert!(kinds(&due).contains(&DueKind::TermEnding));
    }

    #[test]
    fn insurance_expiring_lapsed_with_purchases_and_below_minimum_are_flagged() {
        let mut found = facts(vec![contract(1, "2030-01-01", Extension::None)]);
        let certificate = |id, expiry: &str, limit: &str| Certificate {
            id,
            contract_id: 1,
            approval_id: None,
            insurer: "Hartford".into(),
            policies: vec![Policy {
                kind: PolicyKind::GeneralLiability,
                limit: limit.parse().unwrap(),
            }],
            effective_date: day("2026-01-01"),
            expiry_date: day(expiry),
            additional_insured: AdditionalInsured::Yes,
            document_id: None,
            notes: String::new(),
            recorded_at: "2026-01-02T09:00:00".parse().unwrap(),
        };
        found.certificates = vec![
            certificate(2, "2027-01-06", "1000000.00"),
            certificate(1, "2026-06-30", "1000000.00"),
        ];
        let settings = DueSettings {
            minimum_limits: vec![MinimumLimit {
                kind: PolicyKind::GeneralLiability,
                limit: "2000000.00".parse().unwrap(),
            }],
            ..DueSettings::default()
        };
        let due = items(&found, &settings, day("2026-12-07"));
        assert_eq!(
            kinds(&due),
            vec![DueKind::InsuranceBelowMinimum, DueKind::InsuranceExpiring],
            "only the current certificate counts, the older one is replaced: {due:?}"
        );
        let due = items(&found, &DueSettings::default(), day("2026-12-06"));
        assert!(due.is_empty(), "31 days ahead is not yet due: {due:?}");
        found.contracts.get_mut(&1).unwrap().last_purchase = Some(day("2027-02-01"));
        let due = items(&found, &DueSettings::default(), day("2027-02-02"));
        assert!(kinds(&due).contains(&DueKind::InsuranceLapsed), "{due:?}");
    }

    #[test]
    fn facts_not_verified_for_a_year_are_listed_only_while_purchases_are_made() {
        let mut found = facts(vec![contract(1, "2030-01-01", Extension::None)]);
        found.contracts.get_mut(&1).unwrap().last_verified = Some(day("2025-06-01"));
        let today = day("2026-12-07");
        assert!(items(&found, &DueSettings::default(), today).is_empty());
        found.contracts.get_mut(&1).unwrap().last_purchase = Some(day("2026-11-01"));
        let due = items(&found, &DueSettings::default(), today);
        assert_eq!(kinds(&due), vec![DueKind::NotVerified]);
        assert_eq!(due[0].by, day("2026-06-01"), "stale since a year after");
    }

    #[test]
    fn items_are_ordered_by_day_then_kind_then_key_as_text() {
        let mut found = facts(vec![
            contract(3, "2027-01-31", Extension::None),
            contract(1, "2027-01-31", Extension::None),
            contract(2, "2027-01-15", Extension::None),
            contract(10, "2027-01-31", Extension::None),
            contract(123_456_781, "2027-01-31", Extension::None),
            contract(123_456_780, "2027-01-31", Extension::None),
        ]);
        found.contracts.get_mut(&1).unwrap().last_purchase = Some(day("2026-12-01"));
        found.contracts.get_mut(&1).unwrap().last_verified = Some(day("2025-01-31"));
        let due = items(&found, &DueSettings::default(), day("2027-01-01"));
        let keys: Vec<&str> = due.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "verify:1:2025-01-31",
                "renewal:2:2027-01-15",
                // As text: ':' comes after the digits.
                "renewal:10:2027-01-31",
                "renewal:123456780:2027-01-31",
                "renewal:123456781:2027-01-31",
                "renewal:1:2027-01-31",
                "renewal:3:2027-01-31",
            ]
        );
    }

    #[test]
    fn an_override_is_listed_with_its_rule_and_reason() {
        let mut found = facts(vec![contract(1, "2030-01-01", Extension::None)]);
        found.overrides = vec![OverrideFacts {
            id: 41,
            approval_id: Some(7),
            contract_id: Some(1),
            at: "2026-11-02T10:00:00".parse().unwrap(),
            rule: Rule::NotToExceed,
            sentence: "This takes committed and invoiced past $10,000.00.".into(),
            reason: "Council amendment on the 14th".into(),
        }];
        let due = items(&found, &DueSettings::default(), day("2026-12-07"));
        assert_eq!(due[0].key, "override:41");
        assert!(due[0].what.contains("Council amendment on the 14th"));
        assert_eq!(due[0].target, Target::Approval(7));
    }

    #[test]
    fn every_kind_is_counted_in_its_own_place() {
        for (position, kind) in DueKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, position, "{kind:?}");
        }
    }
}
