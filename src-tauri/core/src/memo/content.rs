//! What a saved memo version holds ([`Content`]): the clerk's [`Draft`] and the
//! [`Sources`] it is composed from, copied when the memo was made or last brought up to
//! date — so a version renders the same memo forever, whatever the library does since.
//!
//! Data only: [`super::store`] reads and writes it; rendering it needs no database.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::compose::{compose, MemoInputs};
use super::document::Memo;
use super::sections::{self, Section};
use crate::library::checklist::ChecklistEntry;
use crate::library::contract::Contract;
use crate::settings::Settings;
use crate::tco::{self, Comparison, VendorPayments};
use crate::{Error, Result};

/// What the clerk controls in a memo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// The recommended option's name in the comparison, as it was when last composed.
    pub option: String,
    /// The recommended option's stable id in the comparison: what the memo finds it by.
    /// Empty in memos written before options had ids; those find it by name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub option_id: String,
    pub inputs: MemoInputs,
    /// Sections whose prose the clerk rewrote, in the editor's plain text
    /// ([`sections`]). A section not here is printed as composed.
    #[serde(default)]
    pub sections: BTreeMap<Section, String>,
}

/// What a memo version is composed from, as it was when copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sources {
    pub settings: Settings,
    pub contract: Contract,
    pub checklist: Vec<ChecklistEntry>,
    pub comparison: Comparison,
}

/// One version's stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    pub draft: Draft,
    pub sources: Sources,
}

impl Draft {
    /// What the recommended option is looked up by: its id, or for an older memo its name.
    pub(crate) fn option_ref(&self) -> &str {
        if self.option_id.trim().is_empty() {
            &self.option
        } else {
            &self.option_id
        }
    }
}

impl Content {
    /// The memo this version prints.
    pub fn render(&self) -> Result<Memo> {
        let Sources {
            settings,
            contract,
            checklist,
            comparison,
        } = &self.sources;
        // A memo saved before names had to be unique may hold two options of one name;
        // it is still read, the later one told apart as "… (2)".
        let comparison = &comparison.clone().with_unique_names();
        let results = tco::compare(comparison)?;
        let chosen = option_index(comparison, self.draft.option_ref())?;
        let mut memo = compose(
            settings,
            contract,
            checklist,
            comparison,
            &results,
            chosen,
            &self.draft.inputs,
        )?;
        sections::apply_edits(&mut memo, &self.draft.sections);
        Ok(memo)
    }
}

/// How the memo's not-to-exceed is prefilled: what the recommended option pays the
/// vendor over the comparison's years, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmountBasis {
    /// The years counted: "up front and FY2027 to FY2031".
    pub term: String,
    pub payments: VendorPayments,
}

impl Content {
    /// What the recommended option pays the vendor over the comparison's horizon, from
    /// this version's copy of the comparison.
    pub fn amount_basis(&self) -> Result<AmountBasis> {
        let comparison = &self.sources.comparison.clone().with_unique_names();
        amount_basis(
            comparison,
            option_index(comparison, self.draft.option_ref())?,
        )
    }
}

/// What the option at `index` pays the vendor over the whole horizon (year 0 included).
pub(super) fn amount_basis(comparison: &Comparison, index: usize) -> Result<AmountBasis> {
    let payments = tco::vendor_payments(comparison, index, comparison.horizon_years)?;
    let results = tco::compare(comparison)?;
    let years = super::compose::year_range(&results);
    Ok(AmountBasis {
        term: format!("up front and {years}"),
        payments,
    })
}

/// Where the option `option` (id, or name for an older memo) is in the comparison and
/// so in its results (both list the baseline first); never the baseline.
pub(crate) fn option_index(comparison: &Comparison, option: &str) -> Result<usize> {
    comparison
        .option_position(option)
        .filter(|position| *position > 0)
        .ok_or_else(|| {
            Error::invalid(
                "Option",
                format!("the comparison has no option named \"{}\".", option.trim()),
            )
        })
}

/// "Purchase of … v2.pdf", a name every system accepts ([`crate::files::safe_file_name`]: a
/// subject such as "Con. Services" or one with a colon is still a file on Windows).
pub(crate) fn file_name(subject: &str, version: u32) -> String {
    let base: String = subject.trim().chars().take(120).collect();
    let base = base.trim_end_matches(['.', ' ']);
    let base = if base.is_empty() { "Memo" } else { base };
    crate::files::safe_file_name(&format!("{base} v{version}.pdf"))
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn a_printed_memo_is_named_after_its_subject_with_a_name_windows_accepts() {
        assert_eq!(
            file_name("Purchase of fleet telematics", 2),
            "Purchase of fleet telematics v2.pdf"
        );
        assert_eq!(
            file_name("Con. Services renewal", 1),
            "_Con. Services renewal v1.pdf",
            "CON before the first dot is a device on Windows"
        );
        assert_eq!(
            file_name("AUX", 1),
            "AUX v1.pdf",
            "the version makes it a name"
        );
        assert_eq!(
            file_name("Fleet: tires / rims?", 3),
            "Fleet_ tires _ rims_ v3.pdf"
        );
        assert_eq!(file_name(" … ", 1), "… v1.pdf");
        assert_eq!(file_name("...", 1), "Memo v1.pdf");
    }
}
