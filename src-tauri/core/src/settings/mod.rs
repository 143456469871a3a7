//! The jurisdiction's settings: who the memos speak for, under which authority, and which
//! cooperatives it has approved as sources.
//!
//! Stored as key/value rows so that adding a setting needs no migration. A value that is
//! missing reads as its default.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Database;
use crate::{Error, FieldError, Result};

pub mod logo;

pub use logo::Logo;

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
    /// The logo printed in memos' header. Chosen and removed on its own ([`set_logo`]):
    /// [`save`] leaves it as it is, so a screen that does not show it cannot lose it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub logo: Option<Logo>,
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
            logo: None,
        }
    }
}

const KEYS: [&str; 10] = [
    "jurisdictionName",
    "state",
    "entityType",
    "legalAuthority",
    "fiscalYearStartMonth",
    "memoTo",
    "authorizedSigner",
    "signers",
    "paper",
    // Read by the `approved_cooperatives` view (migration 0007) as a JSON array.
    "approvedCooperatives",
];

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
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidFields(errors))
        }
    }

    /// The approved cooperatives as stored: trimmed, without blanks or repeats (case
    /// ignored), in the clerk's order.
    fn approved(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in &self.approved_cooperatives {
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.to_owned());
            }
        }
        names
    }

    /// Whether the list of approved cooperatives is kept and names `cooperative` (case
    /// ignored, as search compares).
    pub fn approves(&self, cooperative: &str) -> bool {
        self.approved_cooperatives
            .iter()
            .any(|name| name.trim().eq_ignore_ascii_case(cooperative.trim()))
    }

    fn values(&self) -> [String; 10] {
        let signers: Vec<Signer> = self
            .signers
            .iter()
            .map(|s| Signer {
                role: s.role.trim().to_owned(),
                name: s.name.trim().to_owned(),
                title: s.title.trim().to_owned(),
            })
            .filter(|s| !s.role.is_empty())
            .collect();
        [
            self.jurisdiction_name.trim().to_owned(),
            self.state.trim().to_ascii_uppercase(),
            self.entity_type.trim().to_owned(),
            self.legal_authority.trim().to_owned(),
            self.fiscal_year_start_month.to_string(),
            self.memo_to.trim().to_owned(),
            self.authorized_signer.trim().to_owned(),
            // A list of plain strings always serialises.
            serde_json::to_string(&signers).unwrap_or_else(|_| "[]".to_owned()),
            self.paper.key().to_owned(),
            serde_json::to_string(&self.approved()).unwrap_or_else(|_| "[]".to_owned()),
        ]
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

/// Reads the settings, with defaults for what was never set.
pub fn load(db: &Database) -> Result<Settings> {
    let conn = db.conn();
    let mut stmt = conn.prepare("SELECT value FROM settings WHERE key = ?1")?;
    let mut get = |key: &str| -> Result<Option<String>> {
        Ok(stmt.query_row([key], |row| row.get(0)).optional()?)
    };
    let defaults = Settings::default();
    Ok(Settings {
        jurisdiction_name: get(KEYS[0])?.unwrap_or_default(),
        state: get(KEYS[1])?.unwrap_or_default(),
        entity_type: get(KEYS[2])?.unwrap_or_default(),
        legal_authority: get(KEYS[3])?.unwrap_or_default(),
        fiscal_year_start_month: get(KEYS[4])?
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.fiscal_year_start_month),
        memo_to: get(KEYS[5])?.unwrap_or_default(),
        authorized_signer: get(KEYS[6])?.unwrap_or_default(),
        signers: get(KEYS[7])?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or(defaults.signers),
        paper: get(KEYS[8])?
            .and_then(|v| Paper::from_key(&v))
            .unwrap_or(defaults.paper),
        approved_cooperatives: get(KEYS[9])?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default(),
        logo: get(LOGO_KEY)?.and_then(|v| serde_json::from_str(&v).ok()),
    })
}

const LOGO_KEY: &str = "logo";

/// Reads the image file the clerk chose, checks it and keeps it as the logo.
pub fn set_logo_from_file(db: &Database, path: &std::path::Path, alt: &str) -> Result<Logo> {
    let io = |source| Error::io("read the logo", path, source);
    // A huge file is refused by its size before it is read.
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > logo::MAX_BYTES as u64 {
        return Err(logo::too_big(len));
    }
    let logo = Logo::from_bytes(&std::fs::read(path).map_err(io)?, alt)?;
    set_logo(db, Some(&logo))?;
    Ok(logo)
}

/// Keeps `logo` as the jurisdiction's logo, or removes it (`None`).
pub fn set_logo(db: &Database, logo: Option<&Logo>) -> Result<()> {
    let conn = db.conn();
    match logo {
        Some(logo) => {
            let value = serde_json::to_string(logo)
                .map_err(|e| Error::Damaged(format!("the logo could not be stored: {e}")))?;
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [LOGO_KEY, value.as_str()],
            )?;
        }
        None => {
            conn.execute("DELETE FROM settings WHERE key = ?1", [LOGO_KEY])?;
        }
    }
    Ok(())
}

/// Validates and saves the settings in one transaction; returns what was stored.
pub fn save(db: &Database, settings: &Settings) -> Result<Settings> {
    settings.validate()?;
    let tx = db.conn().unchecked_transaction()?;
    for (key, value) in KEYS.iter().zip(settings.values()) {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, &value.as_str()],
        )?;
    }
    tx.commit()?;
    load(db)
}
