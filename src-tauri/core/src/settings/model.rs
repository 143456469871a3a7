//! The jurisdiction's settings as data: who the memos speak for, under which authority,
//! on which paper, with which approval lines. [`super::store`] reads and writes them;
//! the memo's renderers take them as they are.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::logo::Logo;
#[cfg(doc)]
use super::store::{save, set_logo};
use crate::{Error, FieldError, Result};

/// The settings a clerk sets once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// "Town of Millbrook".
    pub jurisdiction_name: String,
    /// Two-letter state code.
    pub state: String,
    /// City, county, school district, special district…
    pub entity_type: String,
    /// The legal citation that permits cooperative purchasing.
    pub legal_authority: String,
    /// Month (1–12) in which the fiscal year starts.
    pub fiscal_year_start_month: u32,
    /// Whom memos are addressed to: "Honorable Mayor and Members of the Village Council".
    pub memo_to: String,
    /// Whom a motion authorises to sign: "the Village Administrator".
    pub authorized_signer: String,
    /// The approval lines new memos start with (prepared, reviewed, approved by). The
    /// first signer's name and title are the memo's "from" line.
    pub signers: Vec<Signer>,
    /// The paper memos print on.
    pub paper: Paper,
    /// The cooperatives the jurisdiction has approved as sources, by name as the library
    /// records them. Search ranks their contracts first and can show only theirs; a memo
    /// citing another cooperative's contract says so. Empty: no list is kept.
    pub approved_cooperatives: Vec<String>,
    /// The discount rate the jurisdiction's finance policy names, as a fraction (`"0.03"`
    /// is 3 % a year), or none. A new comparison starts with it and the editor offers it
    /// before OMB A-94's.
    #[ts(type = "string | null")]
    pub policy_discount_rate: Option<Decimal>,
    /// Where that rate comes from, cited in memos: "Finance policy FP-12".
    pub policy_discount_source: String,
    /// The logo printed in memos' header. Chosen and removed on its own ([`set_logo`]):
    /// [`save`] leaves it as it is, so a screen that does not show it cannot lose it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub logo: Option<Logo>,
    /// Above which a change order needs new council action.
    pub change_order_threshold: ChangeOrderThreshold,
    /// The amount above which a purchase needs council action (dollars and cents, a
    /// string on the wire): a purchase order recorded with no council action on file
    /// above it is flagged. `None`: no amount is set, nothing is flagged.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub council_action_threshold: Option<Decimal>,
}

/// The jurisdiction's change-order threshold: change orders that together raise a
/// purchase order by more than `percent` of what it was issued for, or by more than
/// `amount`, need new council action (many local codes say 5–10 %, or a dollar figure).
/// Either may be unset; both unset, no change order is flagged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ChangeOrderThreshold {
    /// Percent of the PO's original amount, a string on the wire ("10").
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub percent: Option<Decimal>,
    /// Dollars and cents, a string on the wire ("25000.00").
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub amount: Option<Decimal>,
}

impl ChangeOrderThreshold {
    /// Every problem of the threshold: neither part negative, the amount to the cent.
    fn errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(percent) = self
            .percent
            .filter(|p| p.is_sign_negative() && !p.is_zero())
        {
            errors.push(FieldError::new(
                "changeOrderThreshold.percent",
                "Change-order threshold, percent",
                format!("{percent} is negative; enter a percentage such as 10."),
            ));
        }
        if let Some(amount) = self.amount {
            if amount.is_sign_negative() && !amount.is_zero() {
                errors.push(FieldError::new(
                    "changeOrderThreshold.amount",
                    "Change-order threshold, amount",
                    format!("{amount} is negative; enter dollars such as 25000.00."),
                ));
            } else if amount.normalize().scale() > 2 {
                errors.push(FieldError::new(
                    "changeOrderThreshold.amount",
                    "Change-order threshold, amount",
                    format!("{amount} has more than two decimals; amounts are kept to the cent."),
                ));
            }
        }
        errors
    }
}

/// The paper sizes council packets use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Paper {
    /// US Letter, 8.5 × 11 in: what US councils print on.
    #[default]
    Letter,
    /// US Legal, 8.5 × 14 in.
    Legal,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Paper {
    pub const ALL: [Paper; 3] = [Paper::Letter, Paper::Legal, Paper::A4];

    /// The stored and wire name.
    pub fn key(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::Legal => "legal",
            Paper::A4 => "a4",
        }
    }

    pub fn from_key(key: &str) -> Option<Paper> {
        Paper::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// A signature line: "Prepared by", the person, their title.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Signer {
    /// "Prepared by", "Reviewed by", "Approved by".
    pub role: String,
    pub name: String,
    pub title: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            jurisdiction_name: String::new(),
            state: String::new(),
            entity_type: String::new(),
            legal_authority: String::new(),
            fiscal_year_start_month: 7,
            memo_to: String::new(),
            authorized_signer: String::new(),
            signers: ["Prepared by", "Reviewed by", "Approved by"]
                .into_iter()
                .map(|role| Signer {
                    role: role.to_owned(),
                    ..Signer::default()
                })
                .collect(),
            paper: Paper::Letter,
            approved_cooperatives: Vec::new(),
            policy_discount_rate: None,
            policy_discount_source: String::new(),
            logo: None,
            change_order_threshold: ChangeOrderThreshold::default(),
            council_action_threshold: None,
        }
    }
}

impl Settings {
    /// Checks the values before they are saved; every problem is reported beside its
    /// field at once.
    pub fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        if !(1..=12).contains(&self.fiscal_year_start_month) {
            errors.push(FieldError::new(
                "fiscalYearStartMonth",
                "Fiscal year starts in",
                format!(
                    "{} is not a month; choose 1 (January) to 12 (December).",
                    self.fiscal_year_start_month
                ),
            ));
        }
        let state = self.state.trim();
        let is_state_code = state.len() == 2 && state.chars().all(|c| c.is_ascii_alphabetic());
        if !state.is_empty() && !is_state_code {
            errors.push(FieldError::new(
                "state",
                "State",
                format!("'{state}' is not a two-letter state code such as NM or TX."),
            ));
        }
        if let Some(rate) = self.policy_discount_rate {
            if let Err(Error::Invalid { message, .. }) =
                crate::tco::model::check_rate("Policy discount rate", rate)
            {
                errors.push(FieldError::new(
                    "policyDiscountRate",
                    "Policy discount rate",
                    message,
                ));
            }
            if self.policy_discount_source.trim().is_empty() {
                errors.push(FieldError::new(
                    "policyDiscountSource",
                    "Where the rate comes from",
                    "name the policy that sets the rate (\"Finance policy FP-12\"): memos cite it.",
                ));
            }
        }
        for (index, signer) in self.signers.iter().enumerate() {
            if signer.role.trim().is_empty()
                && !(signer.name.trim().is_empty() && signer.title.trim().is_empty())
            {
                errors.push(FieldError::new(
                    &format!("signers.{index}.role"),
                    "Approval line",
                    format!(
                        "approval line {} names {} but not the role (\"Prepared by\", \"Approved by\"…).",
                        index + 1,
                        signer.name.trim()
                    ),
                ));
            }
        }
        errors.extend(self.change_order_threshold.errors());
        if let Some(amount) = self.council_action_threshold {
            let problem = if amount.is_sign_negative() && !amount.is_zero() {
                Some(format!(
                    "{amount} is negative; enter dollars such as 50000.00."
                ))
            } else if amount.normalize().scale() > 2 {
                Some(format!(
                    "{amount} has more than two decimals; amounts are kept to the cent."
                ))
            } else {
                None
            };
            errors.extend(problem.map(|message| {
                FieldError::new(
                    "councilActionThreshold",
                    "Purchases need council action above",
                    message,
                )
            }));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidFields(errors))
        }
    }

    /// Whether the list of approved cooperatives is kept and names `cooperative` (case
    /// ignored, as search compares).
    pub fn approves(&self, cooperative: &str) -> bool {
        self.approved_cooperatives
            .iter()
            .any(|name| name.trim().eq_ignore_ascii_case(cooperative.trim()))
    }

    /// The jurisdiction's policy discount rate with its source, when one is set.
    pub fn policy_rate(&self) -> Option<crate::tco::DiscountRate> {
        self.policy_discount_rate
            .map(|rate| crate::tco::DiscountRate {
                rate,
                source: self.policy_discount_source.trim().to_owned(),
            })
    }

    /// The memo's "from" line: the first approval line's name and title.
    pub fn memo_from(&self) -> String {
        self.signers
            .first()
            .map(|s| {
                [s.name.trim(), s.title.trim()]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    }
}
