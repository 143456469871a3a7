//! The certificate of insurance as data, and the check against the jurisdiction's
//! minimum limits. Data only: [`super::store`] reads and writes these.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A kind of policy a certificate shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    GeneralLiability,
    Auto,
    WorkersComp,
    Cyber,
    Professional,
    Umbrella,
    Other,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 7] = [
        PolicyKind::GeneralLiability,
        PolicyKind::Auto,
        PolicyKind::WorkersComp,
        PolicyKind::Cyber,
        PolicyKind::Professional,
        PolicyKind::Umbrella,
        PolicyKind::Other,
    ];

    /// The stored and wire name.
    pub fn key(self) -> &'static str {
        match self {
            PolicyKind::GeneralLiability => "generalLiability",
            PolicyKind::Auto => "auto",
            PolicyKind::WorkersComp => "workersComp",
            PolicyKind::Cyber => "cyber",
            PolicyKind::Professional => "professional",
            PolicyKind::Umbrella => "umbrella",
            PolicyKind::Other => "other",
        }
    }

    /// From the stored name, or as typed on the command line ("general-liability",
    /// "workers' comp" and "Workers Comp" too).
    pub fn from_key(key: &str) -> Option<PolicyKind> {
        // The stored name, as the library holds it, is found without writing a copy.
        if let Some(kind) = PolicyKind::ALL.into_iter().find(|k| k.key() == key) {
            return Some(kind);
        }
        let plain: String = key
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        PolicyKind::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(&plain))
    }

    /// In plain words: "workers' compensation".
    pub fn words(self) -> &'static str {
        match self {
            PolicyKind::GeneralLiability => "general liability",
            PolicyKind::Auto => "automobile liability",
            PolicyKind::WorkersComp => "workers' compensation",
            PolicyKind::Cyber => "cyber liability",
            PolicyKind::Professional => "professional liability",
            PolicyKind::Umbrella => "umbrella",
            PolicyKind::Other => "other",
        }
    }
}

/// Whether the certificate names the jurisdiction as additional insured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AdditionalInsured {
    Yes,
    No,
    #[default]
    Unknown,
}

impl AdditionalInsured {
    pub fn key(self) -> &'static str {
        match self {
            AdditionalInsured::Yes => "yes",
            AdditionalInsured::No => "no",
            AdditionalInsured::Unknown => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<AdditionalInsured> {
        [
            AdditionalInsured::Yes,
            AdditionalInsured::No,
            AdditionalInsured::Unknown,
        ]
        .into_iter()
        .find(|a| a.key().eq_ignore_ascii_case(key.trim()))
    }
}

/// One policy as typed: its kind and its limit as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyInput {
    pub kind: PolicyKind,
    /// Dollars and cents, as typed ("$1,000,000").
    pub limit: String,
}

/// A certificate as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CertificateInput {
    pub contract_id: Option<i64>,
    /// The council action it was given for, if one.
    pub approval_id: Option<i64>,
    pub insurer: String,
    pub policies: Vec<PolicyInput>,
    pub effective_date: Option<NaiveDate>,
    pub expiry_date: Option<NaiveDate>,
    pub additional_insured: AdditionalInsured,
    pub notes: String,
}

/// One policy on a recorded certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub kind: PolicyKind,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub limit: Decimal,
}

/// A recorded certificate of insurance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Certificate {
    pub id: i64,
    pub contract_id: i64,
    pub approval_id: Option<i64>,
    pub insurer: String,
    pub policies: Vec<Policy>,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub additional_insured: AdditionalInsured,
    /// The certificate's PDF among the contract's documents.
    pub document_id: Option<i64>,
    pub notes: String,
    pub recorded_at: NaiveDateTime,
}

/// The least limit the jurisdiction requires for a kind of policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MinimumLimit {
    pub kind: PolicyKind,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub limit: Decimal,
}

/// A required policy that a certificate lacks or shows below the minimum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Shortfall {
    pub kind: PolicyKind,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub required: Decimal,
    /// What the certificate shows; `None` when it shows no such policy.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub shown: Option<Decimal>,
}

impl Shortfall {
    /// "general liability $500,000.00, below the $1,000,000.00 required".
    pub fn sentence(&self) -> String {
        let required = crate::tco::dollars(self.required);
        match self.shown {
            Some(shown) => format!(
                "{} {}, below the {required} required",
                self.kind.words(),
                crate::tco::dollars(shown)
            ),
            None => format!("no {} policy ({required} required)", self.kind.words()),
        }
    }
}

/// The required policies `certificate` lacks or shows below `minimums`. Several policies
/// of one kind are not added up: the largest one counts, as a certificate lists each
/// policy's own per-occurrence limit.
pub fn shortfalls(certificate: &Certificate, minimums: &[MinimumLimit]) -> Vec<Shortfall> {
    minimums
        .iter()
        .filter(|m| m.limit > Decimal::ZERO)
        .filter_map(|minimum| {
            let shown = certificate
                .policies
                .iter()
                .filter(|p| p.kind == minimum.kind)
                .map(|p| p.limit)
                .max();
            match shown {
                Some(limit) if limit >= minimum.limit => None,
                shown => Some(Shortfall {
                    kind: minimum.kind,
                    required: minimum.limit,
                    shown,
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(policies: &[(PolicyKind, &str)]) -> Certificate {
        Certificate {
            id: 1,
            contract_id: 1,
            approval_id: None,
            insurer: "Hartford".into(),
            policies: policies
                .iter()
                .map(|(kind, limit)| Policy {
                    kind: *kind,
                    limit: limit.parse().unwrap(),
                })
                .collect(),
            effective_date: "2026-01-01".parse().unwrap(),
            expiry_date: "2027-01-01".parse().unwrap(),
            additional_insured: AdditionalInsured::Yes,
            document_id: None,
            notes: String::new(),
            recorded_at: "2026-01-02T09:00:00".parse().unwrap(),
        }
    }

    fn minimum(kind: PolicyKind, limit: &str) -> MinimumLimit {
        MinimumLimit {
            kind,
            limit: limit.parse().unwrap(),
        }
    }

    #[test]
    fn a_policy_below_the_minimum_and_a_missing_one_are_both_flagged() {
        let cert = certificate(&[
            (PolicyKind::GeneralLiability, "999999.99"),
            (PolicyKind::Auto, "1000000.00"),
        ]);
        let found = shortfalls(
            &cert,
            &[
                minimum(PolicyKind::GeneralLiability, "1000000.00"),
                minimum(PolicyKind::Auto, "1000000.00"),
                minimum(PolicyKind::Cyber, "2000000.00"),
            ],
        );
        assert_eq!(
            found.len(),
            2,
            "a cent short is short; equal is enough: {found:?}"
        );
        assert_eq!(
            found[0].sentence(),
            "general liability $999,999.99, below the $1,000,000.00 required"
        );
        assert_eq!(
            found[1].sentence(),
            "no cyber liability policy ($2,000,000.00 required)"
        );
    }

    #[test]
    fn kinds_are_read_as_a_clerk_types_them() {
        assert_eq!(
            PolicyKind::from_key("workers' comp"),
            Some(PolicyKind::WorkersComp)
        );
        assert_eq!(
            PolicyKind::from_key("general-liability"),
            Some(PolicyKind::GeneralLiability)
        );
        assert_eq!(PolicyKind::from_key("flood"), None);
    }
}
