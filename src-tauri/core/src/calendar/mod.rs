//! Reminders in the clerk's own calendar: every date of the Needs-action list's kinds —
//! renewal decisions, contract expiries, approved terms' ends, insurance expiries — as an
//! iCalendar file (RFC 5545) that Outlook, Google Calendar and Apple Calendar import.
//!
//! ## Brief overview
//!
//! - [`events`] (this file) builds the dated events from the list's facts
//!   (`crate::due::Facts`): pure, no database;
//! - [`ics`] writes them: escaping, folding at 75 octets, all-day events with an alarm;
//! - [`store`] keeps, per event, what the last export wrote, so each `UID` is stable,
//!   `SEQUENCE` goes up only when the event changed, and `DTSTAMP` is the time of that
//!   change; and writes the file whole.
//!
//! ## Invariants
//!
//! - A UID names the kind and the record (`renewal-decision-12@…`), never a date: a
//!   contract extended to a new expiry moves its event instead of adding one.
//! - Events are all-day (`VALUE=DATE`, floating): the day is the jurisdiction's day in
//!   whatever time zone the clerk's calendar is set to, as a deadline on paper is.
//! - The alarm of an expiry or a term's end comes at the contract's lead time; that of an
//!   insurance expiry 30 days before; a renewal decision's on its day.

pub mod ics;
pub mod store;

use chrono::NaiveDate;

use crate::due::compute::{days_before, lead_days, options_left};
use crate::due::{ContractFacts, DueSettings, Facts, INSURANCE_NOTICE_DAYS};
use crate::tco::dollars;

/// One dated reminder, before the store gives it its SEQUENCE and DTSTAMP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    /// The UID's local part: `contract-expiry-12`.
    pub id: String,
    pub date: NaiveDate,
    /// The contract and the one-line action.
    pub summary: String,
    /// The library's facts behind it, one per line.
    pub description: String,
    pub alarm_days_before: u32,
}

/// The contract's facts, one a line; with its lead time when the event's alarm uses it.
fn contract_lines(contract: &ContractFacts, lead: Option<u32>) -> Vec<String> {
    let mut lines = vec![
        format!("{} — {}", contract.name(), contract.title.trim()),
        format!("Vendor: {}", contract.vendor.trim()),
    ];
    if let Some(expiry) = contract.expiry {
        lines.push(format!("Current expiry: {expiry}"));
        let (_, options) = options_left(contract);
        lines.push(format!("Renewal: {options}"));
    }
    if let Some(lead) = lead {
        lines.push(format!("Lead time: {lead} days"));
    }
    lines.push(match contract.last_verified {
        Some(day) => format!("Facts last verified: {day}"),
        None => "Facts never verified with the cooperative".to_owned(),
    });
    lines
}

/// Every dated reminder of the contracts in use, in a stable order.
pub fn events(facts: &Facts, settings: &DueSettings) -> Vec<Dated> {
    let mut found = Vec::new();
    let mut contracts: Vec<&ContractFacts> = facts.contracts.values().collect();
    contracts.sort_by_key(|c| c.id);
    for contract in contracts {
        let Some(expiry) = contract.expiry else {
            continue;
        };
        let lead = lead_days(contract, settings);
        let (renewable, _) = options_left(contract);
        let action = if renewable {
            "decide on renewal"
        } else {
            "no renewal options left: plan a replacement"
        };
        let facts_text = contract_lines(contract, Some(lead)).join("\n");
        found.push(Dated {
            id: format!("renewal-decision-{}", contract.id),
            date: days_before(expiry, lead),
            summary: format!("{}: renewal decision due — {action}", contract.name()),
            description: facts_text.clone(),
            alarm_days_before: 0,
        });
        found.push(Dated {
            id: format!("contract-expiry-{}", contract.id),
            date: expiry,
            summary: format!("{}: contract expires — {action}", contract.name()),
            description: facts_text,
            alarm_days_before: lead,
        });
    }
    for approval in &facts.approvals {
        let (Some(end), Some(contract)) =
            (approval.term_to, facts.contracts.get(&approval.contract_id))
        else {
            continue;
        };
        let lead = lead_days(contract, settings);
        let f = &approval.figures;
        let mut lines = vec![
            format!("Council action: {}", approval.citation()),
            format!("Not to exceed: {}", dollars(approval.not_to_exceed)),
            format!(
                "Committed {}, invoiced {}, remaining {}",
                dollars(f.committed),
                dollars(f.invoiced),
                dollars(f.remaining)
            ),
        ];
        lines.extend(contract_lines(contract, Some(lead)));
        found.push(Dated {
            id: format!("term-end-{}", approval.id),
            date: end,
            summary: format!(
                "{}: approved term ends — ask the council to extend, or stop buying",
                contract.name()
            ),
            description: lines.join("\n"),
            alarm_days_before: lead,
        });
    }
    let mut certificates: Vec<_> = facts
        .certificates
        .iter()
        .filter(|c| facts.contracts.contains_key(&c.contract_id))
        .collect();
    certificates.sort_by_key(|c| c.id);
    for certificate in certificates {
        let contract = &facts.contracts[&certificate.contract_id];
        let mut lines = vec![
            format!("Insurer: {}", certificate.insurer.trim()),
            format!(
                "In force {} to {}",
                certificate.effective_date, certificate.expiry_date
            ),
        ];
        for policy in &certificate.policies {
            lines.push(format!(
                "{}: {}",
                policy.kind.words(),
                dollars(policy.limit)
            ));
        }
        lines.extend(contract_lines(contract, None));
        found.push(Dated {
            id: format!("insurance-expiry-{}", certificate.id),
            date: certificate.expiry_date,
            summary: format!(
                "{}: certificate of insurance expires — ask {} for a new one",
                contract.name(),
                contract.vendor.trim()
            ),
            description: lines.join("\n"),
            alarm_days_before: INSURANCE_NOTICE_DAYS,
        });
    }
    found
}
