//! Saved memos and their versions (tables `memos` and `memo_versions`, migration 0005).
//!
//! A memo is written from a saved comparison and one of its options that is linked to a
//! library contract. Each version holds, as one JSON document ([`Content`]):
//! - the clerk's [`Draft`]: header lines, amounts, signers and the sections they rewrote;
//! - the [`Sources`] it is composed from — settings, contract, checklist, comparison —
//!   copied when the memo was made (or last brought up to date).
//!
//! So a version renders the same memo forever, and the library may change under it.
//! When it has, [`open`] says so in plain sentences ("the figures no longer match the
//! comparison") and [`update_sources`] takes the current data, keeping the clerk's edits.
//!
//! Printing ([`print`]) renders the latest version to PDF, stores the bytes with the
//! version and marks it printed. A printed version never changes (triggers in the
//! schema enforce it): the next edit saves a new version. Times are passed in; the core
//! never reads the clock.
//!
//! Two ways out, the same for the window and the CLI: [`print()`] records (the window's
//! "Save PDF…" and "Open to print", through [`printed_copy`]); [`version`] records
//! nothing and gives any version's document, with its PDF and Word renderings ("Save as
//! Word…", `memo pdf`, `memo docx`).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::changes;
use super::compose::{year_range, MemoInputs};
pub(crate) use super::content::file_name;
use super::content::{amount_basis, option_index, AmountBasis};
use super::document::Memo;
use super::placeholders::{placeholders, Placeholder};
use super::sections::{self, Section};
use super::{to_docx, to_html, to_pdf};
use crate::db::{atomically, Database};
use crate::library::{checklist, contract};
use crate::settings;
use crate::tco::{self, store as comparisons, OptionKind};
use crate::{Error, Result};

pub use super::content::{Content, Draft, Sources};

/// A row of the memos list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemoSummary {
    pub id: i64,
    pub title: String,
    /// The latest version's number.
    pub version: u32,
    /// When the latest version was printed; `None` while it is a draft.
    pub printed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// For a renewal memo, the council action it was written from (it opens under that
    /// action, in Spending); `None` for a justification memo.
    #[serde(default)]
    pub renewal_of: Option<i64>,
}

/// One version in a memo's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    pub version: u32,
    pub saved_at: NaiveDateTime,
    pub printed_at: Option<NaiveDateTime>,
}

/// A section as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionText {
    pub section: Section,
    pub heading: String,
    /// The text as composed from the data.
    pub composed: String,
    /// The text that prints: the clerk's if they rewrote it, else `composed`.
    pub text: String,
    pub edited: bool,
}

/// A memo opened for editing: its latest version, rendered, and what changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemoView {
    pub id: i64,
    pub title: String,
    /// The comparison it was written from; `None` once that comparison is deleted.
    pub comparison_id: Option<i64>,
    pub version: u32,
    pub printed_at: Option<NaiveDateTime>,
    pub versions: Vec<VersionSummary>,
    pub draft: Draft,
    pub sections: Vec<SectionText>,
    /// The preview: the memo as an escaped HTML fragment.
    pub html: String,
    /// Sentences saying how the library differs from this version's copy of it.
    pub changes: Vec<String>,
    /// A file name for "Save PDF…": the subject and the version.
    pub file_name: String,
    /// The gaps left in the text ("[budget account]", "Not recorded"), in reading order:
    /// the editor lists them for the clerk to fix or confirm before printing.
    pub placeholders: Vec<Placeholder>,
    /// How the not-to-exceed is prefilled (the lines paid to the vendor), shown beside it.
    pub amount_basis: AmountBasis,
}

/// A printed version's PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedMemo {
    pub version: u32,
    pub printed_at: NaiveDateTime,
    pub file_name: String,
    pub pdf: Vec<u8>,
}

/// Starts a memo recommending `option` (its id, or its name) of the saved comparison
/// `comparison_id`. The option must be a cooperative contract linked to a library
/// contract. Every section is prefilled; header lines and signers come from settings.
/// Returns the memo's id.
pub fn create(db: &Database, comparison_id: i64, option: &str, now: NaiveDateTime) -> Result<i64> {
    let sources = current_sources(db, comparison_id, option)?;
    let results = tco::compare(&sources.comparison)?;
    let index = option_index(&sources.comparison, option)?;
    let chosen = &results.options[index];
    let chosen_id = sources
        .comparison
        .all_options()
        .nth(index)
        .map(|o| o.id.clone());
    let settings = &sources.settings;
    let vendor = amount_basis(&sources.comparison, index)?;
    let draft = Draft {
        option: chosen.name.clone(),
        option_id: chosen_id.unwrap_or_default(),
        inputs: MemoInputs {
            to: settings.memo_to.clone(),
            from: settings.memo_from(),
            date: now.date(),
            // The comparison's "what is being bought"; empty there, the memo shows the gap.
            purchase: sources
                .comparison
                .purchase_description
                .trim()
                .trim_end_matches('.')
                .to_owned(),
            // What the vendor is paid over the whole horizon: what the council commits
            // to by approving the option (not its cost of ownership, which counts the
            // jurisdiction's own costs and nets out resale).
            amount: vendor.payments.total,
            // The years the amount covers: "FY2026 to FY2029".
            fiscal_year: year_range(&results),
            authorized_signer: settings.authorized_signer.clone(),
            signers: settings.signers.clone(),
            ..MemoInputs::default()
        },
        sections: BTreeMap::new(),
    };
    let content = Content { draft, sources };
    let title = content.render()?.title;
    atomically(db.conn(), || {
        db.conn().execute(
            "INSERT INTO memos (title, comparison_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?3)",
            params![title, comparison_id, now],
        )?;
        let id = db.conn().last_insert_rowid();
        insert_version(db, id, 1, &content, now)?;
        Ok(id)
    })
}

/// Every memo, most recently changed first.
pub fn list(db: &Database) -> Result<Vec<MemoSummary>> {
    let mut statement = db.conn().prepare(
        "SELECT m.id, m.title, v.version, v.printed_at, m.created_at, m.updated_at,
                CASE WHEN json_valid(v.content) AND json_extract(v.content, '$.kind') = 'renewal'
                     THEN json_extract(v.content, '$.sources.approval.id') END
         FROM memos m
         JOIN memo_versions v ON v.memo_id = m.id
          AND v.version = (SELECT max(version) FROM memo_versions WHERE memo_id = m.id)
         ORDER BY m.updated_at DESC, m.id DESC",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(MemoSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            version: row.get(2)?,
            printed_at: row.get(3)?,
            created_at: row.get(4)?,
            updated_at: row.get(5)?,
            renewal_of: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The memo's latest version, rendered, with what changed in the library since.
pub fn open(db: &Database, id: i64) -> Result<MemoView> {
    let (comparison_id, title) = memo_row(db, id)?;
    let latest = latest_version(db, id)?;
    let content = latest.content;
    let memo = content.render()?;
    let composed = {
        let mut plain = content.clone();
        plain.draft.sections.clear();
        plain.render()?
    };
    let texts: BTreeMap<Section, String> = sections::section_texts(&memo).into_iter().collect();
    let sections = sections::section_texts(&composed)
        .into_iter()
        .map(|(section, composed)| {
            let text = texts.get(&section).cloned().unwrap_or_default();
            SectionText {
                section,
                heading: section.heading().to_owned(),
                edited: content.draft.sections.contains_key(&section),
                composed,
                text,
            }
        })
        .collect();
    Ok(MemoView {
        id,
        title,
        comparison_id,
        version: latest.version,
        printed_at: latest.printed_at,
        versions: versions(db, id)?,
        file_name: file_name(&memo.header.subject, latest.version),
        changes: changes_since(db, comparison_id, &content),
        html: to_html(&memo),
        placeholders: placeholders(&memo),
        amount_basis: content.amount_basis()?,
        sections,
        draft: content.draft,
    })
}

/// Saves the clerk's draft: in place while the latest version is unprinted, else as a
/// new version. A section whose text equals the composed text is stored as unedited.
pub fn save(db: &Database, id: i64, draft: &Draft, now: NaiveDateTime) -> Result<MemoView> {
    let latest = latest_version(db, id)?;
    let mut content = latest.content.clone();
    content.draft = draft.clone();
    if content.draft.option_id.trim().is_empty() {
        content.draft.option_id = latest.content.draft.option_id.clone();
    }
    content.draft.sections = only_edits(&content)?;
    write_content(db, id, &latest, content, now)?;
    open(db, id)
}

/// Takes the library's current settings, contract, checklist and comparison into the
/// memo, keeping the clerk's draft (a new version if the latest was printed).
pub fn update_sources(db: &Database, id: i64, now: NaiveDateTime) -> Result<MemoView> {
    let (comparison_id, _) = memo_row(db, id)?;
    let comparison_id = comparison_id.ok_or_else(|| {
        Error::invalid(
            "Comparison",
            "the comparison this memo was written from was deleted, so there is nothing to \
             update from; the memo keeps the figures it was written with.",
        )
    })?;
    let latest = latest_version(db, id)?;
    let mut content = latest.content.clone();
    let before = content.sources.settings.signers.clone();
    content.sources = current_sources(db, comparison_id, content.draft.option_ref())?;
    // The approval lines follow Settings, unless the clerk wrote this memo's own.
    if content.draft.inputs.signers == before {
        content.draft.inputs.signers = content.sources.settings.signers.clone();
    }
    // The option may have been renamed; an older memo learns its option's id here.
    let index = option_index(&content.sources.comparison, content.draft.option_ref())?;
    if let Some(option) = content.sources.comparison.all_options().nth(index) {
        content.draft.option = option.name.trim().to_owned();
        content.draft.option_id = option.id.clone();
    }
    content.draft.sections = only_edits(&content)?;
    write_content(db, id, &latest, content, now)?;
    open(db, id)
}

/// Prints the memo. The latest version (`version` is `None` or its number) is rendered
/// to PDF, the bytes kept with the version and the version marked printed; printing it
/// again gives back the same bytes. An earlier version was printed before the next one
/// was saved, and is given back exactly as it was printed.
pub fn print(
    db: &Database,
    id: i64,
    version: Option<u32>,
    now: NaiveDateTime,
) -> Result<PrintedMemo> {
    let saved = self::version(db, id, version)?;
    if let (Some(printed_at), Some(pdf)) = (saved.printed_at, saved.printed_pdf) {
        return Ok(PrintedMemo {
            version: saved.version,
            printed_at,
            file_name: saved.file_name,
            pdf,
        });
    }
    if !saved.latest {
        return Err(Error::invalid(
            "Version",
            format!("version {} has not been printed yet.", saved.version),
        ));
    }
    let pdf = to_pdf(&saved.memo)?;
    let sha256 = format!("{:x}", Sha256::digest(&pdf));
    atomically(db.conn(), || {
        db.conn().execute(
            "UPDATE memo_versions SET printed_at = ?3, pdf = ?4, pdf_sha256 = ?5
             WHERE memo_id = ?1 AND version = ?2",
            params![id, saved.version, now, pdf, sha256],
        )?;
        db.conn().execute(
            "UPDATE memos SET updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(())
    })?;
    Ok(PrintedMemo {
        version: saved.version,
        printed_at: now,
        file_name: saved.file_name,
        pdf,
    })
}

/// One saved version as it prints, read without recording anything: what the CLI's
/// `memo pdf` and `memo docx` write, and what the window's "Save PDF…" and "Save as
/// Word…" write or name their file after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMemo {
    pub version: u32,
    /// Whether it is the memo's latest version: the one editing and printing change.
    pub latest: bool,
    /// `None`: a draft, not recorded as printed.
    pub printed_at: Option<NaiveDateTime>,
    /// "Purchase of … v2.pdf": the subject and the version.
    pub file_name: String,
    /// The document every renderer reads.
    pub memo: Memo,
    /// The bytes printed, for a printed version.
    pub printed_pdf: Option<Vec<u8>>,
}

impl SavedMemo {
    /// The PDF: the bytes printed for a printed version, else the version rendered as
    /// it stands.
    pub fn pdf(&self) -> Result<Vec<u8>> {
        match &self.printed_pdf {
            Some(pdf) => Ok(pdf.clone()),
            None => to_pdf(&self.memo),
        }
    }

    /// The Word document, from the same document as the PDF. Writing Word records
    /// nothing as printed.
    pub fn docx(&self) -> Result<Vec<u8>> {
        to_docx(&self.memo)
    }
}

/// The memo's saved `version` (the latest when `None`), rendered, with the bytes it
/// printed if it was printed. Records nothing.
pub fn version(db: &Database, id: i64, version: Option<u32>) -> Result<SavedMemo> {
    let latest: Option<u32> = db.conn().query_row(
        "SELECT max(version) FROM memo_versions WHERE memo_id = ?1",
        [id],
        |row| row.get(0),
    )?;
    let latest = latest.ok_or_else(|| Error::NotFound {
        what: format!("Memo {id}"),
    })?;
    let version = version.unwrap_or(latest);
    let row: Option<(String, Option<NaiveDateTime>, Option<Vec<u8>>)> = db
        .conn()
        .query_row(
            "SELECT content, printed_at, pdf FROM memo_versions
             WHERE memo_id = ?1 AND version = ?2",
            params![id, version],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let (content, printed_at, pdf) = row.ok_or_else(|| Error::NotFound {
        what: format!("Version {version} of memo {id}"),
    })?;
    let memo = if super::renewal::is_renewal(&content) {
        super::renewal::parse(&content)?.render()
    } else {
        parse_content(&content)?.render()?
    };
    // The schema sets the time and the bytes together when a version is printed.
    let printed = printed_at.zip(pdf);
    Ok(SavedMemo {
        version,
        latest: version == latest,
        printed_at: printed.as_ref().map(|(at, _)| *at),
        file_name: file_name(&memo.header.subject, version),
        memo,
        printed_pdf: printed.map(|(_, pdf)| pdf),
    })
}

/// Printed copies opened for printing are written here, inside the data folder.
pub const PRINTED_DIR: &str = "printed";

/// "Open to print": prints the memo as [`print()`] does (the latest version, or an earlier
/// printed `version`) and writes it to the library's `printed` folder; answers the
/// file's path, for the system's viewer.
pub fn printed_copy(
    db: &Database,
    id: i64,
    version: Option<u32>,
    now: NaiveDateTime,
) -> Result<std::path::PathBuf> {
    let folder = db
        .path()
        .and_then(std::path::Path::parent)
        .map(|dir| dir.join(PRINTED_DIR))
        .ok_or_else(|| Error::invalid("PDF", "This library has no folder to print from."))?;
    let printed = print(db, id, version, now)?;
    std::fs::create_dir_all(&folder)
        .map_err(|source| Error::io("create the folder", &folder, source))?;
    let path = folder.join(&printed.file_name);
    // A printed version never changes: when it is already there (perhaps still open in
    // the viewer, which Windows would not let us replace) it is left as it is.
    if std::fs::read(&path).ok().as_deref() != Some(&printed.pdf[..]) {
        crate::files::write_bytes(&path, &printed.pdf)?;
    }
    Ok(path)
}

/// Deletes a memo that was never printed. A printed memo is a record and stays.
pub fn delete(db: &Database, id: i64) -> Result<()> {
    memo_row(db, id)?;
    let printed: i64 = db.conn().query_row(
        "SELECT count(*) FROM memo_versions WHERE memo_id = ?1 AND printed_at IS NOT NULL",
        [id],
        |row| row.get(0),
    )?;
    if printed > 0 {
        return Err(Error::invalid(
            "Memo",
            "this memo has printed versions, which are kept as records; it cannot be deleted.",
        ));
    }
    db.conn().execute("DELETE FROM memos WHERE id = ?1", [id])?;
    Ok(())
}

struct StoredVersion {
    version: u32,
    printed_at: Option<NaiveDateTime>,
    content: Content,
}

fn memo_row(db: &Database, id: i64) -> Result<(Option<i64>, String)> {
    db.conn()
        .query_row(
            "SELECT comparison_id, title FROM memos WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: format!("Memo {id}"),
        })
}

fn latest_version(db: &Database, id: i64) -> Result<StoredVersion> {
    let row: Option<(u32, Option<NaiveDateTime>, String)> = db
        .conn()
        .query_row(
            "SELECT version, printed_at, content FROM memo_versions
             WHERE memo_id = ?1 ORDER BY version DESC LIMIT 1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let (version, printed_at, content) = row.ok_or_else(|| Error::NotFound {
        what: format!("Memo {id}"),
    })?;
    Ok(StoredVersion {
        version,
        printed_at,
        content: parse_content(&content)?,
    })
}

pub(crate) fn versions(db: &Database, id: i64) -> Result<Vec<VersionSummary>> {
    let mut statement = db.conn().prepare(
        "SELECT version, saved_at, printed_at FROM memo_versions
         WHERE memo_id = ?1 ORDER BY version DESC",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok(VersionSummary {
            version: row.get(0)?,
            saved_at: row.get(1)?,
            printed_at: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn parse_content(json: &str) -> Result<Content> {
    if super::renewal::is_renewal(json) {
        return Err(Error::invalid(
            "Memo",
            "this is a renewal memo; open it from its council action (Spending → Write the \
             renewal memo, or `memo renewal`).",
        ));
    }
    let mut content: Content = serde_json::from_str(json)
        .map_err(|e| Error::Damaged(format!("a saved memo could not be read ({e})")))?;
    // A copy taken before options had ids gets the ids its comparison gets when read.
    content.sources.comparison.assign_legacy_option_ids();
    Ok(content)
}

fn insert_version(
    db: &Database,
    id: i64,
    version: u32,
    content: &Content,
    now: NaiveDateTime,
) -> Result<()> {
    let json = serde_json::to_string(content)
        .map_err(|e| Error::Damaged(format!("a memo could not be saved ({e})")))?;
    db.conn().execute(
        "INSERT INTO memo_versions (memo_id, version, content, saved_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![id, version, json, now],
    )?;
    Ok(())
}

/// Writes `content` as the memo's latest version: over the latest if it is unprinted,
/// else as the next version. Nothing is written when nothing changed.
fn write_content(
    db: &Database,
    id: i64,
    latest: &StoredVersion,
    content: Content,
    now: NaiveDateTime,
) -> Result<()> {
    if content == latest.content {
        return Ok(());
    }
    let title = content.render()?.title;
    atomically(db.conn(), || {
        if latest.printed_at.is_some() {
            insert_version(db, id, latest.version + 1, &content, now)?;
        } else {
            let json = serde_json::to_string(&content)
                .map_err(|e| Error::Damaged(format!("a memo could not be saved ({e})")))?;
            db.conn().execute(
                "UPDATE memo_versions SET content = ?3, saved_at = ?4
                 WHERE memo_id = ?1 AND version = ?2",
                params![id, latest.version, json, now],
            )?;
        }
        db.conn().execute(
            "UPDATE memos SET title = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, title, now],
        )?;
        Ok(())
    })
}

/// The draft's sections, without those whose text is what composing gives anyway.
fn only_edits(content: &Content) -> Result<BTreeMap<Section, String>> {
    let mut plain = content.clone();
    plain.draft.sections.clear();
    let composed: BTreeMap<Section, String> = sections::section_texts(&plain.render()?)
        .into_iter()
        .collect();
    Ok(content
        .draft
        .sections
        .iter()
        .filter(|(section, text)| {
            let as_printed = sections::to_text(&sections::from_text(text));
            composed.get(section) != Some(&as_printed)
        })
        .map(|(section, text)| (*section, text.clone()))
        .collect())
}

/// The library's data for a memo on `option` (id or name) of comparison
/// `comparison_id`, now.
fn current_sources(db: &Database, comparison_id: i64, option: &str) -> Result<Sources> {
    let comparison = comparisons::get(db, comparison_id)?.comparison;
    let contract_id = comparison
        .option_position(option)
        .filter(|position| *position > 0)
        .and_then(|position| comparison.all_options().nth(position))
        .map(|o| match o.kind {
            OptionKind::CooperativeContract { contract_id } => contract_id.ok_or_else(|| {
                Error::invalid(
                    "Option",
                    format!(
                        "\"{}\" is not linked to a contract in the library. Link it in the \
                         comparison first, so the memo can cite the contract.",
                        o.name
                    ),
                )
            }),
            _ => Err(Error::invalid(
                "Option",
                format!(
                    "\"{}\" is not a cooperative contract; a justification memo recommends \
                     buying through one.",
                    o.name
                ),
            )),
        })
        .ok_or_else(|| {
            Error::invalid(
                "Option",
                format!("the comparison has no option named \"{}\".", option.trim()),
            )
        })??;
    let contract = contract::get(db, contract_id)?;
    Ok(Sources {
        settings: settings::load(db)?,
        checklist: checklist::checklist(db, contract_id)?,
        contract,
        comparison,
    })
}

/// Sentences saying how the library differs from the version's copy of it.
fn changes_since(db: &Database, comparison_id: Option<i64>, content: &Content) -> Vec<String> {
    let current = comparison_id.map(|id| current_sources(db, id, content.draft.option_ref()));
    changes::changes_since(content, current)
}

/// An option a memo can be written on: a saved comparison's cooperative option linked to
/// a contract that is in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub comparison_id: i64,
    pub comparison_title: String,
    pub option: String,
    /// The option's stable id: what [`create`] should be given.
    pub option_id: String,
    pub cooperative: String,
    pub contract_number: String,
    pub vendor_name: String,
}

/// Every option a new memo can recommend, most recently changed comparison first.
pub fn candidates(db: &Database) -> Result<Vec<Candidate>> {
    let mut found = Vec::new();
    for summary in comparisons::list(db)? {
        let Ok(stored) = comparisons::get(db, summary.id) else {
            continue;
        };
        for option in &stored.comparison.options {
            let OptionKind::CooperativeContract {
                contract_id: Some(contract_id),
            } = option.kind
            else {
                continue;
            };
            let Ok(contract) = contract::get(db, contract_id) else {
                continue;
            };
            found.push(Candidate {
                comparison_id: summary.id,
                comparison_title: summary.title.clone(),
                option: option.name.clone(),
                option_id: option.id.clone(),
                cooperative: contract.cooperative,
                contract_number: contract.contract_number,
                vendor_name: contract.vendor_name,
            });
        }
    }
    Ok(found)
}
/// The warnings about the contract's term and facts for memo `id` (its latest version),
/// seen on `today` (`memo::term`): with the library's contract as it is now, so that
/// "verified today" shows at once, or the memo's copy once it has left the library.
pub fn term_warnings(
    db: &Database,
    id: i64,
    today: chrono::NaiveDate,
) -> Result<crate::library::term::TermCheck> {
    let content = latest_version(db, id)?.content;
    let copy = &content.sources.contract;
    let current = copy.id.and_then(|id| contract::get(db, id).ok());
    let comparison = content.sources.comparison.clone().with_unique_names();
    let chosen = super::content::option_index(&comparison, content.draft.option_ref())?;
    Ok(crate::library::term::TermCheck {
        contract_id: current.as_ref().and_then(|c| c.id),
        warnings: super::term::warnings(
            current.as_ref().unwrap_or(copy),
            &comparison,
            chosen,
            today,
        ),
    })
}
