//! Plan (compare with the library, write nothing) and apply (write, in one transaction).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::search_text;
use super::values::shown;
use super::{keys, Candidate, Format, Incoming, InvalidRow, PackedContract, RowWarning};
use crate::db::{Database, BULK_CACHE_KIB};
use crate::library::checklist::{self, Answer, ChecklistEntry};
use crate::library::contract::{self, as_object, field_label, Contract};
use crate::library::documents;
use crate::library::history::text_of;
use crate::library::price_list::{self, PriceLine};
use crate::{Error, FieldError, Result};

/// What an incoming row is, compared with the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RowKind {
    /// No contract with the same cooperative, number and vendor: it will be added.
    New,
    /// The same contract is in the library with different facts: the clerk chooses.
    Changed,
    /// The same contract with the same facts: nothing to do.
    Duplicate,
}

/// One field that differs between the library's contract and the file's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    /// Wire name (`expiryDate`, `priceLines`, `dueDiligence.vendorNotDebarred`).
    pub field: String,
    /// In plain words.
    pub label: String,
    /// The library's value, as text.
    pub mine: String,
    /// The file's value, as text.
    pub theirs: String,
}

/// One valid row of the file and what importing it would do.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRow {
    pub kind: RowKind,
    /// The library's contract with the same key (changed and duplicate rows).
    pub existing_id: Option<i64>,
    pub differences: Vec<Difference>,
    pub candidate: Candidate,
}

/// What importing a file would do; nothing has been written. Keep it (in the app's
/// state) until the clerk decides, then pass it to [`apply`].
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub format: Format,
    pub notes: Vec<String>,
    pub rows: Vec<PlannedRow>,
    pub invalid: Vec<InvalidRow>,
    /// What the clerk should confirm: values read in a way worth checking, sources that
    /// contradict themselves, possible duplicates, rows matched to a library contract
    /// written another way, empty rows skipped.
    pub warnings: Vec<RowWarning>,
    /// Lines of rows with nothing in any cell, skipped.
    pub empty_lines: Vec<u64>,
}

/// How many rows of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanCounts {
    pub new: usize,
    pub changed: usize,
    pub duplicate: usize,
    pub invalid: usize,
    /// Rows with nothing in any cell, skipped (each is also a warning with its line).
    pub empty: usize,
}

/// A changed row as the import screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangedRow {
    pub line: u64,
    pub existing_id: i64,
    pub cooperative: String,
    pub contract_number: String,
    pub vendor_name: String,
    pub title: String,
    pub differences: Vec<Difference>,
}

/// What the import screen shows before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub format: Format,
    pub counts: PlanCounts,
    pub notes: Vec<String>,
    /// Every invalid row, by line, each problem with its field and a sentence.
    pub invalid: Vec<InvalidRow>,
    /// Every changed row with its differences, for the keep-mine / take-theirs choices.
    pub changed: Vec<ChangedRow>,
    /// Every row the clerk should look at before importing, by line, with a sentence;
    /// those rows are imported (or, for an empty row, skipped) as the counts say.
    pub warnings: Vec<RowWarning>,
}

impl Plan {
    pub fn counts(&self) -> PlanCounts {
        let of = |kind| self.rows.iter().filter(|r| r.kind == kind).count();
        PlanCounts {
            new: of(RowKind::New),
            changed: of(RowKind::Changed),
            duplicate: of(RowKind::Duplicate),
            invalid: self.invalid.len(),
            empty: self.empty_lines.len(),
        }
    }

    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            format: self.format,
            counts: self.counts(),
            notes: self.notes.clone(),
            invalid: self.invalid.clone(),
            warnings: self.warnings.clone(),
            changed: self
                .rows
                .iter()
                .filter(|r| r.kind == RowKind::Changed)
                .map(|r| {
                    let c = r.candidate.contract.unpack();
                    ChangedRow {
                        line: r.candidate.line,
                        existing_id: r.existing_id.unwrap_or_default(),
                        cooperative: c.cooperative,
                        contract_number: c.contract_number,
                        vendor_name: c.vendor_name,
                        title: c.title,
                        differences: r.differences.clone(),
                    }
                })
                .collect(),
        }
    }
}

type Key = (String, String, String);

/// A library contract as the plan needs it to recognise a row.
struct Known {
    id: i64,
    trashed: bool,
    key: Key,
    aliases: Vec<String>,
}

/// The library's contracts by key: exactly as written, as [`keys::same`] reduces it
/// (vendor aliases included), and as [`keys::near`] reduces it (number variants too).
struct Library {
    known: Vec<Known>,
    exact: HashMap<Key, usize>,
    same: HashMap<Key, usize>,
    near: HashMap<Key, usize>,
}

fn same_key(cooperative: &str, number: &str, vendor: &str) -> Key {
    (
        keys::same(cooperative),
        keys::same(number),
        keys::same(vendor),
    )
}

fn near_key(cooperative: &str, number: &str, vendor: &str) -> Key {
    (
        keys::near(cooperative, false),
        keys::near(number, false),
        keys::near(vendor, true),
    )
}

impl Library {
    fn load(conn: &Connection) -> Result<Library> {
        let mut stmt = conn.prepare(
            "SELECT cooperative, contract_number, vendor_name, id, deleted_at IS NOT NULL,
                    number_variants, vendor_aliases
             FROM contracts ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| {
            let list =
                |text: String| serde_json::from_str::<Vec<String>>(&text).unwrap_or_default();
            Ok((
                Known {
                    key: (row.get(0)?, row.get(1)?, row.get(2)?),
                    id: row.get(3)?,
                    trashed: row.get(4)?,
                    aliases: list(row.get(6)?),
                },
                list(row.get(5)?),
            ))
        })?;
        let mut library = Library {
            known: Vec::new(),
            exact: HashMap::new(),
            same: HashMap::new(),
            near: HashMap::new(),
        };
        for row in rows {
            let (known, variants) = row?;
            let index = library.known.len();
            let (cooperative, number, vendor) = &known.key;
            library.exact.insert(known.key.clone(), index);
            for name in std::iter::once(vendor).chain(&known.aliases) {
                library
                    .same
                    .entry(same_key(cooperative, number, name))
                    .or_insert(index);
                for form in std::iter::once(number).chain(&variants) {
                    library
                        .near
                        .entry(near_key(cooperative, form, name))
                        .or_insert(index);
                }
            }
            library.known.push(known);
        }
        Ok(library)
    }
}

/// Every problem of a row that applying it would meet: the contract form's checks, the
/// price list's and the checklist's. Planning and applying use this one path, so a
/// row the plan calls valid is one the import writes.
fn row_problems(candidate: &Candidate, contract: &Contract) -> Vec<FieldError> {
    let mut problems = contract.validation_errors();
    if let Some(lines) = &candidate.price_lines {
        problems.extend(price_list::line_errors(lines));
    }
    for entry in &candidate.checklist {
        if let Some(mut error) = checklist::entry_error(entry) {
            error.label = format!("Due diligence: {}, {}", entry.item.label(), error.label);
            problems.push(error);
        }
    }
    problems
}

/// Compares what a file holds with the library, row by row. Writes nothing.
///
/// A row is the library's contract when cooperative, number and vendor are equal as
/// [`keys::same`] reads them, the vendor possibly one of the contract's recorded
/// aliases; the row then takes the library's spelling of the three (and the plan says
/// so). A row that is only near a library contract ([`keys::near`]) is new, with a
/// warning "possible duplicate of …".
pub fn plan(db: &Database, incoming: Incoming) -> Result<Plan> {
    let library = Library::load(db.conn())?;
    let Incoming {
        format,
        candidates,
        invalid,
        notes,
        warnings,
        empty_lines,
    } = incoming;
    let mut planner = Planner {
        db,
        library: &library,
        rows: Vec::with_capacity(candidates.len()),
        invalid,
        warnings,
        first: HashMap::new(),
        matched_ids: HashMap::new(),
    };
    for candidate in candidates {
        planner.row(candidate)?;
    }
    let Planner {
        rows,
        mut invalid,
        mut warnings,
        ..
    } = planner;
    invalid.sort_by_key(|row| row.line);
    warnings.sort_by_key(|w| w.line);
    Ok(Plan {
        format,
        notes,
        rows,
        invalid,
        warnings,
        empty_lines,
    })
}

/// What planning has found so far, row by row: the rows planned, the rows left out, what
/// the clerk should check, and what the next rows are compared with.
struct Planner<'a> {
    db: &'a Database,
    library: &'a Library,
    rows: Vec<PlannedRow>,
    invalid: Vec<InvalidRow>,
    warnings: Vec<RowWarning>,
    /// The line each contract of the file was first seen on, by key (and by the row's
    /// other spellings of the vendor).
    first: HashMap<Key, u64>,
    /// The library contracts rows have matched, with the row's line.
    matched_ids: HashMap<i64, u64>,
}

impl<'a> Planner<'a> {
    /// Plans one row: left out with its problems, new, or a duplicate or change of the
    /// library contract it matches.
    fn row(&mut self, candidate: Candidate) -> Result<()> {
        let contract = candidate.contract.unpack();
        let line = candidate.line;
        let mut problems = row_problems(&candidate, &contract);
        if problems.is_empty() {
            problems.extend(self.repeat_in_file(&contract, line));
        }
        if !problems.is_empty() {
            self.invalid.push(InvalidRow { line, problems });
            return Ok(());
        }
        self.warnings
            .extend(super::row_checks::row_warnings(&contract, line));
        match self.matched(&contract) {
            Some(known) => self.plan_known(candidate, contract, known),
            None => {
                self.plan_new(candidate, &contract);
                Ok(())
            }
        }
    }

    /// A row repeating an earlier row of the file (the same cooperative, number and
    /// vendor, or one of the vendor's other spellings); else the row is remembered.
    fn repeat_in_file(&mut self, contract: &Contract, line: u64) -> Option<FieldError> {
        let file_key = same_key(
            &contract.cooperative,
            &contract.contract_number,
            &contract.vendor_name,
        );
        // The row's other spellings of the vendor are the same contract too.
        let alias_keys: Vec<Key> = contract
            .vendor_aliases
            .iter()
            .map(|alias| same_key(&contract.cooperative, &contract.contract_number, alias))
            .collect();
        let earlier = std::iter::once(&file_key)
            .chain(&alias_keys)
            .find_map(|key| self.first.get(key).copied());
        if let Some(earlier) = earlier {
            return Some(FieldError::new(
                "contractNumber",
                field_label("contractNumber"),
                format!(
                    "repeats the contract on line {earlier} (same cooperative, number and \
                     vendor). Keep one of the two rows."
                ),
            ));
        }
        self.first.insert(file_key, line);
        for key in alias_keys {
            self.first.entry(key).or_insert(line);
        }
        None
    }

    /// The library contract a row is: exactly; else as keys, the row's vendor or one of
    /// its other spellings against the library's vendor or one of its aliases.
    fn matched(&self, contract: &Contract) -> Option<&'a Known> {
        let library = self.library;
        let exact = (
            contract.cooperative.clone(),
            contract.contract_number.clone(),
            contract.vendor_name.clone(),
        );
        match library.exact.get(&exact) {
            Some(&index) => Some(&library.known[index]),
            None => self.by_any_vendor(&library.same, contract, same_key),
        }
    }

    /// The library contract whose key in `index`, made by `key` from the row's
    /// cooperative, number and vendor or one of the vendor's other spellings, is the
    /// row's.
    fn by_any_vendor(
        &self,
        index: &HashMap<Key, usize>,
        contract: &Contract,
        key: fn(&str, &str, &str) -> Key,
    ) -> Option<&'a Known> {
        let library = self.library;
        std::iter::once(&contract.vendor_name)
            .chain(&contract.vendor_aliases)
            .find_map(|name| {
                index.get(&key(&contract.cooperative, &contract.contract_number, name))
            })
            .map(|&at| &library.known[at])
    }

    /// A row no library contract matches: planned new, with a warning when it is near
    /// one (case, punctuation, a suffix such as Inc.).
    fn plan_new(&mut self, candidate: Candidate, contract: &Contract) {
        let near = self
            .by_any_vendor(&self.library.near, contract, near_key)
            .filter(|known| !known.trashed);
        if let Some(known) = near {
            let (cooperative, number, vendor) = &known.key;
            self.warnings.push(RowWarning::new(
                candidate.line,
                "contractNumber",
                field_label("contractNumber"),
                format!(
                    "possible duplicate of contract #{} in the library, {cooperative} \
                     {number} ({vendor}): the cooperative, number and vendor differ only \
                     in case, punctuation, a suffix such as Inc., or a recorded other \
                     form. It is planned as new; if it is the same contract, correct the \
                     row to match and check the file again.",
                    known.id
                ),
            ));
        }
        self.rows.push(PlannedRow {
            kind: RowKind::New,
            existing_id: None,
            differences: Vec::new(),
            candidate,
        });
    }

    /// A row that matches a library contract: left out when that contract is in the
    /// trash or an earlier row matched it; else a duplicate, or a change with its
    /// differences (left out when the change could not be saved, or the contract is
    /// another jurisdiction's, held read-only).
    fn plan_known(
        &mut self,
        mut candidate: Candidate,
        mut contract: Contract,
        known: &Known,
    ) -> Result<()> {
        let line = candidate.line;
        let left_out = |message: String| InvalidRow {
            line,
            problems: vec![FieldError::new(
                "contractNumber",
                field_label("contractNumber"),
                message,
            )],
        };
        if known.trashed {
            self.invalid.push(left_out(
                "is in the trash. Restore it in CoopDesk first, then import again.".into(),
            ));
            return Ok(());
        }
        if let Some(earlier) = self.matched_ids.insert(known.id, line) {
            self.invalid.push(left_out(format!(
                "is the same library contract (#{}) as the row on line {earlier}, written \
                 another way. Keep one of the two rows.",
                known.id
            )));
            return Ok(());
        }
        if self.written_another_way(&mut contract, known, &candidate) {
            candidate.contract = PackedContract::pack(&contract);
        }
        let id = known.id;
        let differences = differences(self.db, id, &candidate)?;
        if !differences.is_empty() {
            // Another jurisdiction's contract, received from the region: only its clerk
            // changes it (the library refuses the write), so the row is left out here,
            // accounted for, rather than stopping the import when it is applied.
            if let Some(owner) = crate::library::contract::store::read_only_owner(self.db, id)? {
                self.invalid.push(left_out(format!(
                    "is held read-only: shared by {owner} with the region, so only its \
                     clerk changes it. This row is left out; ask {owner}'s clerk, or add \
                     your own copy under another number."
                )));
                return Ok(());
            }
            let merged = merged_all_theirs(self.db, id, &candidate, &differences)?;
            let problems: Vec<FieldError> = merged
                .validation_errors()
                .into_iter()
                .map(|mut p| {
                    p.message = format!(
                        "with the library's other values for this contract, {}",
                        p.message
                    );
                    p
                })
                .collect();
            if !problems.is_empty() {
                self.invalid.push(InvalidRow { line, problems });
                return Ok(());
            }
        }
        self.rows.push(PlannedRow {
            kind: if differences.is_empty() {
                RowKind::Duplicate
            } else {
                RowKind::Changed
            },
            existing_id: Some(id),
            differences,
            candidate,
        });
        Ok(())
    }

    /// A row matching a library contract whose cooperative, number or vendor it writes
    /// another way: each difference is shown, and the row takes the library's spelling
    /// (keeping its own vendor as another spelling). False when it is written the same.
    fn written_another_way(
        &mut self,
        contract: &mut Contract,
        known: &Known,
        candidate: &Candidate,
    ) -> bool {
        let (cooperative, number, vendor) = &known.key;
        let row_vendor = contract.vendor_name.clone();
        let mut differs = false;
        for (field, theirs, mine) in [
            ("cooperative", &contract.cooperative, cooperative),
            ("contractNumber", &contract.contract_number, number),
            ("vendorName", &contract.vendor_name, vendor),
        ] {
            if theirs == mine {
                continue;
            }
            differs = true;
            let how = if keys::same(theirs) == keys::same(mine) {
                "is written with other characters (a dash, an invisible or non-breaking \
                 space, full-width digits) than"
            } else {
                "is a recorded other spelling of"
            };
            self.warnings.push(RowWarning::new(
                candidate.line,
                field,
                field_label(field),
                format!(
                    "'{}' {how} the library's '{}': read as the same contract, #{}, which \
                     keeps its own spelling.",
                    shown(theirs),
                    shown(mine),
                    known.id
                ),
            ));
        }
        if !differs {
            return false;
        }
        contract.cooperative = cooperative.clone();
        contract.contract_number = number.clone();
        contract.vendor_name = vendor.clone();
        for alias in std::iter::once(&row_vendor).chain(&known.aliases) {
            if keys::same(alias) != keys::same(vendor)
                && !contract.vendor_aliases.contains(alias)
                && candidate.present.contains("vendorAliases")
            {
                contract.vendor_aliases.push(alias.clone());
            }
        }
        true
    }
}

/// The library's contract `id` with every differing field of the row taken from the
/// file: what "take theirs everywhere" would save.
fn merged_all_theirs(
    db: &Database,
    id: i64,
    candidate: &Candidate,
    differences: &[Difference],
) -> Result<Contract> {
    let mine = contract::get(db, id)?;
    let mut merged = as_object(&mine);
    let theirs = as_object(&candidate.contract.unpack());
    for difference in differences {
        if let Some(value) = theirs.get(&difference.field) {
            merged.insert(difference.field.clone(), value.clone());
        }
    }
    Ok(serde_json::from_value(Value::Object(merged)).expect("a contract's own fields deserialise"))
}

fn price_text(lines: &[PriceLine]) -> String {
    lines
        .iter()
        .map(|l| {
            let mut text = format!("{}: {}", l.item, l.unit_price);
            if !l.unit.is_empty() {
                text.push_str(&format!(" per {}", l.unit));
            }
            if !l.notes.is_empty() {
                text.push_str(&format!(" ({})", l.notes));
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn entry_text(entry: &ChecklistEntry) -> String {
    let mut text = entry.answer.words().to_owned();
    if !entry.checked_by.trim().is_empty() {
        text.push_str(&format!(", by {}", entry.checked_by));
    }
    if let Some(day) = entry.checked_on {
        text.push_str(&format!(", on {day}"));
    }
    if !entry.note.trim().is_empty() {
        text.push_str(&format!(" ({})", entry.note));
    }
    text
}

/// The differences between the library's contract `id` and the candidate, over the
/// fields the file carries.
fn differences(db: &Database, id: i64, candidate: &Candidate) -> Result<Vec<Difference>> {
    let mine = contract::get(db, id)?;
    let (old, new) = (as_object(&mine), as_object(&candidate.contract.unpack()));

    let mut out: Vec<Difference> = candidate
        .present
        .iter()
        .filter_map(|field| {
            let (a, b) = (old.get(field), new.get(field));
            (a != b).then(|| Difference {
                field: field.to_owned(),
                label: field_label(field).to_owned(),
                mine: text_of(a),
                theirs: text_of(b),
            })
        })
        .collect();
    if let Some(lines) = &candidate.price_lines {
        let current = price_list::price_lines(db, id)?;
        if &current != lines {
            out.push(Difference {
                field: "priceLines".into(),
                label: "Price list".into(),
                mine: price_text(&current),
                theirs: price_text(lines),
            });
        }
    }
    if !candidate.checklist.is_empty() {
        let current = checklist::checklist(db, id)?;
        for entry in &candidate.checklist {
            let Some(mine) = current.iter().find(|e| e.item == entry.item) else {
                continue;
            };
            let (a, b) = (entry_text(mine), entry_text(entry));
            if a != b {
                out.push(Difference {
                    field: format!("dueDiligence.{}", entry.item.key()),
                    label: format!("Due diligence: {}", entry.item.label()),
                    mine: a,
                    theirs: b,
                });
            }
        }
    }
    Ok(out)
}

/// Which side wins a differing field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Side {
    /// Keep the library's value (the default: nothing is overwritten unless chosen).
    #[default]
    KeepMine,
    /// Take the file's value.
    TakeTheirs,
}

/// The clerk's choice for one field of one changed row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChoice {
    /// The row's line, as in [`ChangedRow::line`].
    pub line: u64,
    /// The field's wire name, as in [`Difference::field`].
    pub field: String,
    pub side: Side,
}

/// The clerk's choices for the differences: per field, else `default`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Choices {
    pub default: Side,
    pub fields: Vec<FieldChoice>,
}

impl Choices {
    fn side(&self, line: u64, field: &str) -> Side {
        self.fields
            .iter()
            .find(|c| c.line == line && c.field == field)
            .map_or(self.default, |c| c.side)
    }
}

/// Which step a long task is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    Writing,
    Exporting,
}

/// Progress of a long task, for a progress bar: `done` of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    /// Duplicates, and changed rows where the clerk kept every value of theirs.
    pub unchanged: usize,
    /// Invalid rows, left out.
    pub skipped: usize,
    pub documents_added: usize,
}

/// Writes the plan's new and changed rows in ONE transaction: everything or nothing.
///
/// `progress` is called about a hundred times (and once at the end); `cancel` is checked
/// before every row, and when it is set the transaction is rolled back and
/// [`Error::Cancelled`] returned. Invalid rows are left out. A changed row takes, for
/// each differing field, the side `choices` gives. Documents carried in a bundle are
/// copied into the library folder; if the import does not complete they are removed.
pub fn apply(
    db: &Database,
    plan: &Plan,
    choices: &Choices,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    apply_in_steps(db, plan, choices, now, progress, cancel, &mut |_| {})
}

/// [`apply`], calling `step` with the name of each step of the write as it ends (the
/// rows, each index and count built at the end of a bulk import, the commit), so the
/// import bench can say where the time goes.
pub fn apply_in_steps(
    db: &Database,
    plan: &Plan,
    choices: &Choices,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
    step: &mut dyn FnMut(&str),
) -> Result<ImportReport> {
    if bulk_rows(plan).is_none() {
        return apply_in_transaction(db, plan, choices, now, progress, cancel, step);
    }
    // A bulk import: a larger page cache, no memory map and the rollback journal, each
    // put back whatever happens.
    db.with_bulk_pages(BULK_CACHE_KIB, || {
        let journal = RollbackJournal::take(db.conn())?;
        let result = apply_in_transaction(db, plan, choices, now, progress, cancel, step);
        if let Some(journal) = journal {
            journal.give_back();
            step("back to the WAL");
        }
        result
    })
}

/// The journal of a bulk import. A library keeps SQLite's write-ahead log (WAL), where
/// every page an import writes is written twice: into the log, then into the file when
/// the log is checkpointed at the commit. SQLite's rollback journal writes the new pages
/// once, into the file, and copies into the journal only those pages of the library as
/// it was that the import changes. A kill or crash before the commit leaves that journal
/// "hot": SQLite plays it back when the library is next opened, before anything reads
/// it, so the library is as before; after the commit it is whole. The import puts the
/// WAL back when it ends, and if it never gets there the next opening does
/// (`db::configure`).
///
/// Leaving the WAL needs the library to itself: when another connection has it open
/// (and may be reading a snapshot kept in the WAL), the import keeps the WAL, at once,
/// without waiting.
struct RollbackJournal<'c> {
    conn: &'c Connection,
}

impl<'c> RollbackJournal<'c> {
    /// Leaves the WAL for the rollback journal, if the library is in WAL mode and no
    /// other connection has it open.
    fn take(conn: &'c Connection) -> Result<Option<RollbackJournal<'c>>> {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // An in-memory library ("memory"), or one already left by a crashed import
            // and not yet opened again.
            return Ok(None);
        }
        let waits: u32 = conn.query_row("PRAGMA busy_timeout", [], |row| row.get(0))?;
        conn.busy_timeout(Duration::ZERO)?;
        // Busy (another connection) is an error or an answer of "wal": either way the
        // WAL is kept.
        let left = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |row| {
                row.get::<_, String>(0)
            })
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        conn.busy_timeout(Duration::from_millis(waits.into()))?;
        Ok(left.then_some(RollbackJournal { conn }))
    }

    /// Back to the WAL, once the import has committed or rolled back. If another
    /// connection holds the library meanwhile, it stays in the rollback journal until it
    /// is opened again: every write is as safe, only other readers wait for writers.
    fn give_back(self) {
        let _ = self.conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        });
    }
}

fn apply_in_transaction(
    db: &Database,
    plan: &Plan,
    choices: &Choices,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
    step: &mut dyn FnMut(&str),
) -> Result<ImportReport> {
    let conn = db.conn();
    // IMMEDIATE: the write lock is taken at the start, not at the first write. Rolled
    // back when dropped uncommitted. `new_unchecked` because the core shares the
    // connection as `&Connection`; an import never runs inside another transaction.
    let transaction = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let mut written_files = Vec::new();
    let result = (|| {
        let deferred = match bulk_rows(plan) {
            Some(new_rows) => Some(DeferredIndexes::set_aside(conn, new_rows)?),
            None => None,
        };
        let report = write_rows(db, plan, choices, now, progress, cancel, &mut written_files)?;
        step("rows");
        if let Some(deferred) = deferred {
            deferred.index_new_rows(conn, step)?;
        }
        transaction.commit()?;
        step("commit");
        // 100% only once the search index is built and the import committed.
        let total = plan.rows.len() as u64;
        progress(Progress {
            phase: Phase::Writing,
            done: total,
            total,
        });
        Ok(report)
    })();
    if result.is_err() {
        // The transaction was rolled back as the closure dropped it; the files it copied
        // are the import's too.
        for path in written_files {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

/// How many new rows the plan adds, when that makes it a bulk import.
fn bulk_rows(plan: &Plan) -> Option<usize> {
    let new_rows = plan.rows.iter().filter(|r| r.kind == RowKind::New).count();
    (new_rows >= BULK_ROWS).then_some(new_rows)
}

/// From how many new rows the indexes kept by triggers (search, number keys, facet
/// counts) are built once at the end rather than row by row (the result is the same index).
const BULK_ROWS: usize = 1000;

/// FTS5 flushes its in-memory term lists to a new index segment whenever they pass
/// `hashsize` (1 MB by default), then merges the segments; with the three prefix indexes
/// a 100,000-row build flushes and merges hundreds of times. 32 MB for the one build
/// makes it about 40% faster (64 MB is no faster and costs 32 MB more memory).
const BULK_FTS_HASH_BYTES: i64 = 32 * 1024 * 1024;
const DEFAULT_FTS_HASH_BYTES: i64 = 1024 * 1024;

/// How a trigger set aside for a bulk import does its work for every new contract at
/// once.
#[derive(Clone, Copy)]
enum Build {
    /// One statement, for the contracts with an id above `?1`.
    Statement(&'static str),
    /// The search index: [`search_text::index_contracts_after`], the view's text made
    /// in Rust.
    SearchIndex,
    /// The number keys: [`search_text::key_numbers_after`], the view's keys made in
    /// Rust.
    NumberKeys,
}

/// The per-row triggers that keep an index of the contracts (`trigger`, and how to build
/// the same entries for every contract added since, at once).
const DEFERRABLE: &[(&str, Build)] = &[
    ("contracts_fts_after_insert", Build::SearchIndex),
    ("contract_number_keys_after_insert", Build::NumberKeys),
    (
        "contract_facet_cooperatives_after_insert",
        Build::Statement(
            "INSERT INTO contract_facet_cooperatives (cooperative, n)
             SELECT cooperative, count(*) FROM contracts
             WHERE id > ?1 AND deleted_at IS NULL GROUP BY cooperative
             ON CONFLICT (cooperative) DO UPDATE SET n = n + excluded.n",
        ),
    ),
    (
        "contract_facet_categories_after_insert",
        Build::Statement(
            "INSERT INTO contract_facet_categories (category, n)
             SELECT category, count(*) FROM contracts
             WHERE id > ?1 AND deleted_at IS NULL GROUP BY category
             ON CONFLICT (category) DO UPDATE SET n = n + excluded.n",
        ),
    ),
    (
        "contract_facet_expiries_after_insert",
        Build::Statement(
            "INSERT INTO contract_facet_expiries (expiry_date, extendable_until, n)
             SELECT coalesce(expiry_date, ''), coalesce(extendable_until, ''), count(*)
             FROM contracts WHERE id > ?1 AND deleted_at IS NULL
             GROUP BY coalesce(expiry_date, ''), coalesce(extendable_until, '')
             ON CONFLICT (expiry_date, extendable_until)
             DO UPDATE SET n = n + excluded.n",
        ),
    ),
];

/// Index triggers, and perhaps the contracts' own lookup indexes, set aside for a bulk
/// import.
struct DeferredIndexes {
    /// Each trigger's name and own SQL, to put it back, and the statement that does its
    /// work.
    triggers: Vec<(&'static str, String, Build)>,
    /// The name and SQL of each plain index on `contracts` (expiry, cooperative,
    /// category) that was dropped, to create it again.
    indexes: Vec<(String, String)>,
    last_id_before: i64,
}

impl DeferredIndexes {
    /// Drops the per-row index triggers inside the import's transaction (so a rollback,
    /// a crash or a kill puts them back), remembering how to restore them.
    ///
    /// When the import at least doubles the library, the plain indexes on `contracts`
    /// go too: creating one sorts every contract once, where keeping it means a random
    /// B-tree insert per new row (timed by the import bench, docs/benchmarks-import.md). The
    /// unique key stays, since it is what refuses a duplicate.
    fn set_aside(conn: &Connection, new_rows: usize) -> Result<DeferredIndexes> {
        let (last_id_before, held): (i64, i64) = conn.query_row(
            "SELECT coalesce(max(id), 0), count(*) FROM contracts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut indexes = Vec::new();
        if new_rows as i64 >= held {
            // An index SQLite made for a UNIQUE constraint has no SQL and cannot be dropped.
            let plain: Vec<(String, String)> = {
                let mut stmt = conn.prepare(
                    "SELECT name, sql FROM sqlite_schema
                     WHERE type = 'index' AND tbl_name = 'contracts' AND sql IS NOT NULL",
                )?;
                let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            for (name, sql) in plain {
                conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                indexes.push((name, sql));
            }
        }
        let mut triggers = Vec::new();
        for &(name, build) in DEFERRABLE {
            let sql: Option<String> = conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(sql) = sql {
                conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
                triggers.push((name, sql, build));
            }
        }
        Ok(DeferredIndexes {
            triggers,
            indexes,
            last_id_before,
        })
    }

    /// Indexes every contract added since, one statement per trigger (the trigger's own
    /// work, for all new ids at once), and puts the triggers and indexes back.
    fn index_new_rows(self, conn: &Connection, step: &mut dyn FnMut(&str)) -> Result<()> {
        for (name, sql) in self.indexes {
            conn.execute_batch(&sql)?;
            step(&name);
        }
        set_fts_hash_size(conn, BULK_FTS_HASH_BYTES)?;
        for (name, sql, build) in self.triggers {
            match build {
                Build::Statement(sql) => {
                    conn.execute(sql, [self.last_id_before])?;
                }
                Build::SearchIndex => {
                    search_text::index_contracts_after(conn, self.last_id_before)?
                }
                Build::NumberKeys => search_text::key_numbers_after(conn, self.last_id_before)?,
            }
            conn.execute_batch(&sql)?;
            step(name);
        }
        set_fts_hash_size(conn, DEFAULT_FTS_HASH_BYTES)
    }
}

/// A setting of the search index, stored in it (so it is part of the transaction).
fn set_fts_hash_size(conn: &Connection, bytes: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO contracts_fts (contracts_fts, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}

fn write_rows(
    db: &Database,
    plan: &Plan,
    choices: &Choices,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
    written_files: &mut Vec<PathBuf>,
) -> Result<ImportReport> {
    let conn = db.conn();
    let total = plan.rows.len() as u64;
    let step = (total / 100).max(1);
    let mut report = ImportReport {
        skipped: plan.invalid.len(),
        ..ImportReport::default()
    };
    let mut inserter = contract::Inserter::new(conn, now)?;
    for (index, row) in plan.rows.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let index = index as u64;
        if index.is_multiple_of(step) {
            progress(Progress {
                phase: Phase::Writing,
                done: index,
                total,
            });
        }
        let line = row.candidate.line;
        let at_line = |error: Error| match error {
            Error::InvalidFields(_) | Error::Invalid { .. } => {
                Error::File(format!("Line {line}: {error}"))
            }
            other => other,
        };
        let candidate = &row.candidate;
        match (row.kind, row.existing_id) {
            (RowKind::New, _) => {
                let id = inserter
                    .insert(&candidate.contract.unpack())
                    .map_err(at_line)?;
                if records_more_history(candidate) {
                    // Its `create` entry comes before the entries of its checklist,
                    // price list and documents, as when it is added alone.
                    inserter.write_history()?;
                }
                for entry in &candidate.checklist {
                    if entry.answer != Answer::NotYet || !entry.note.is_empty() {
                        checklist::set_item(db, id, entry, now).map_err(at_line)?;
                    }
                }
                if let Some(lines) = &candidate.price_lines {
                    if !lines.is_empty() {
                        price_list::set_price_lines(db, id, lines, now).map_err(at_line)?;
                    }
                }
                report.documents_added += add_documents(db, id, candidate, now, written_files)?;
                report.added += 1;
            }
            (RowKind::Changed, Some(id)) => {
                // The entries of the contracts added so far come first.
                inserter.write_history()?;
                let taken: Vec<&str> = row
                    .differences
                    .iter()
                    .filter(|d| choices.side(line, &d.field) == Side::TakeTheirs)
                    .map(|d| d.field.as_str())
                    .collect();
                let added = add_documents(db, id, candidate, now, written_files)?;
                report.documents_added += added;
                if taken.is_empty() {
                    if added == 0 {
                        report.unchanged += 1;
                    } else {
                        report.updated += 1;
                    }
                    continue;
                }
                let mine = contract::get(db, id)?;
                let mut merged = as_object(&mine);
                let theirs = as_object(&candidate.contract.unpack());
                for field in &taken {
                    if let Some(value) = theirs.get(*field) {
                        merged.insert((*field).to_owned(), value.clone());
                    }
                }
                let merged: Contract = serde_json::from_value(Value::Object(merged))
                    .expect("a contract's own fields deserialise");
                contract::update(db, &merged, now).map_err(at_line)?;
                if taken.contains(&"priceLines") {
                    let lines = candidate.price_lines.as_deref().unwrap_or_default();
                    price_list::set_price_lines(db, id, lines, now).map_err(at_line)?;
                }
                for entry in &candidate.checklist {
                    let field = format!("dueDiligence.{}", entry.item.key());
                    if taken.contains(&field.as_str()) {
                        checklist::set_item(db, id, entry, now).map_err(at_line)?;
                    }
                }
                report.updated += 1;
            }
            _ => report.unchanged += 1,
        }
    }
    inserter.write_history()?;
    Ok(report)
}

/// Whether adding `candidate` may record more history than its `create` entry: it
/// carries checklist answers, a price list or documents.
fn records_more_history(candidate: &Candidate) -> bool {
    !candidate.checklist.is_empty()
        || candidate.price_lines.is_some()
        || !candidate.documents.is_empty()
}

/// Attaches the candidate's documents that the contract does not already hold (same
/// SHA-256); returns how many.
fn add_documents(
    db: &Database,
    contract_id: i64,
    candidate: &Candidate,
    now: NaiveDateTime,
    written_files: &mut Vec<PathBuf>,
) -> Result<usize> {
    if candidate.documents.is_empty() {
        return Ok(0);
    }
    let held: Vec<String> = {
        let mut stmt = db
            .conn()
            .prepare("SELECT sha256 FROM documents WHERE contract_id = ?1")?;
        let rows = stmt.query_map([contract_id], |row| row.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut added = 0;
    for document in &candidate.documents {
        if held.contains(&document.sha256) {
            continue;
        }
        let attached = documents::attach_from(
            db,
            contract_id,
            &document.original_name,
            &mut document.bytes.as_slice(),
            document.kind,
            now,
        )?;
        written_files.push(attached.path);
        added += 1;
    }
    Ok(added)
}
