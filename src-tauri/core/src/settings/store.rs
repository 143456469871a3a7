//! The settings in the database: key/value rows (table `settings`), so that adding a
//! setting needs no migration. A value that is missing reads as its default.

use rusqlite::OptionalExtension;

use super::logo::{self, Logo};
use super::model::{Paper, Settings, Signer};
use crate::db::Database;
use crate::{Error, Result};

pub(crate) const KEYS: [&str; 12] = [
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
    // A fraction as text (exact), or empty when no policy rate is set.
    "policyDiscountRate",
    "policyDiscountSource",
];

/// The approved cooperatives as stored: trimmed, without blanks or repeats (case
/// ignored), in the clerk's order.
fn approved(settings: &Settings) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in &settings.approved_cooperatives {
        let name = name.trim();
        if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.to_owned());
        }
    }
    names
}

/// The stored text of each of [`KEYS`], in order.
fn values(settings: &Settings) -> [String; 12] {
    let signers: Vec<Signer> = settings
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
        settings.jurisdiction_name.trim().to_owned(),
        settings.state.trim().to_ascii_uppercase(),
        settings.entity_type.trim().to_owned(),
        settings.legal_authority.trim().to_owned(),
        settings.fiscal_year_start_month.to_string(),
        settings.memo_to.trim().to_owned(),
        settings.authorized_signer.trim().to_owned(),
        // A list of plain strings always serialises.
        serde_json::to_string(&signers).unwrap_or_else(|_| "[]".to_owned()),
        settings.paper.key().to_owned(),
        serde_json::to_string(&approved(settings)).unwrap_or_else(|_| "[]".to_owned()),
        settings
            .policy_discount_rate
            .map(|rate| rate.normalize().to_string())
            .unwrap_or_default(),
        settings.policy_discount_source.trim().to_owned(),
    ]
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
        policy_discount_rate: get(KEYS[10])?.and_then(|v| v.parse().ok()),
        policy_discount_source: get(KEYS[11])?.unwrap_or_default(),
        logo: get(LOGO_KEY)?.and_then(|v| serde_json::from_str(&v).ok()),
        change_order_threshold: get(CHANGE_ORDER_THRESHOLD_KEY)?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default(),
        council_action_threshold: get(COUNCIL_ACTION_THRESHOLD_KEY)?.and_then(|v| v.parse().ok()),
    })
}

pub(crate) const LOGO_KEY: &str = "logo";

/// The change-order threshold, as one JSON object (`{"percent": "10", "amount": null}`).
pub(crate) const CHANGE_ORDER_THRESHOLD_KEY: &str = "changeOrderThreshold";
pub(crate) const COUNCIL_ACTION_THRESHOLD_KEY: &str = "councilActionThreshold";

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

/// The rows [`save`] keeps for `settings`, key and text (the logo is kept on its own).
pub(crate) fn stored(settings: &Settings) -> Result<Vec<(&'static str, String)>> {
    let mut rows: Vec<(&'static str, String)> = KEYS.into_iter().zip(values(settings)).collect();
    let threshold = serde_json::to_string(&settings.change_order_threshold).map_err(|e| {
        Error::Damaged(format!(
            "the change-order threshold could not be stored: {e}"
        ))
    })?;
    rows.push((CHANGE_ORDER_THRESHOLD_KEY, threshold));
    // Checked to the cent already; kept with its two decimals.
    let council = settings
        .council_action_threshold
        .map(|mut amount| {
            amount.rescale(2);
            amount.to_string()
        })
        .unwrap_or_default();
    rows.push((COUNCIL_ACTION_THRESHOLD_KEY, council));
    Ok(rows)
}

/// Validates and saves the settings in one transaction; returns what was stored.
pub fn save(db: &Database, settings: &Settings) -> Result<Settings> {
    settings.validate()?;
    let tx = db.conn().unchecked_transaction()?;
    for (key, value) in stored(settings)? {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value.as_str()],
        )?;
    }
    tx.commit()?;
    load(db)
}
