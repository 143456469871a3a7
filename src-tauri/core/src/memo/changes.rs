//! What changed in the library since a memo version copied its sources: the sentences
//! the editor shows above the preview ("the figures no longer match the comparison").
//!
//! Data only: [`super::store`] reads the library's current data and hands it here.

use super::content::{option_index, Content, Sources};
use crate::settings::{ChangeOrderThreshold, Settings};
use crate::tco::{self, dollars, Comparison};
use crate::Result;

/// The settings a memo prints: all but the change-order threshold, which only spending
/// reads, so changing it does not say a memo is out of date.
fn printed(settings: &Settings) -> Settings {
    Settings {
        change_order_threshold: ChangeOrderThreshold::default(),
        ..settings.clone()
    }
}

/// Sentences saying how the library differs from the version's copy of it. `current` is
/// the library's data now: `None` when the comparison the memo was written from was
/// deleted, an error when it can no longer be read for this memo.
pub(super) fn changes_since(content: &Content, current: Option<Result<Sources>>) -> Vec<String> {
    let Some(current) = current else {
        return vec![
            "The comparison this memo was written from was deleted; the memo keeps the \
             figures it was written with."
                .to_owned(),
        ];
    };
    let current = match current {
        Ok(current) => current,
        Err(error) => {
            return vec![format!(
                "The memo can no longer be brought up to date from the library: {error}"
            )]
        }
    };
    let then = &content.sources;
    let mut changes = Vec::new();
    if current.comparison != then.comparison {
        let figures = |comparison: &Comparison| {
            let comparison = comparison.clone().with_unique_names();
            tco::compare(&comparison).ok().and_then(|results| {
                let index = option_index(&comparison, content.draft.option_ref()).ok()?;
                let option = &results.options[index];
                Some((option.present_value, option.nominal_total, results))
            })
        };
        let message = match (figures(&then.comparison), figures(&current.comparison)) {
            (Some(before), Some(after)) if before.2 == after.2 => {
                "The comparison was edited since this memo was written; its figures are \
                 unchanged."
                    .to_owned()
            }
            (Some((pv_then, nominal_then, _)), Some((pv_now, nominal_now, _)))
                if (pv_then, nominal_then) != (pv_now, nominal_now) =>
            {
                format!(
                    "The figures no longer match the comparison: \"{}\" was {} in present \
                     value ({} nominal) when this memo was written and is now {} ({} \
                     nominal). Update the memo to print the current figures.",
                    content.draft.option,
                    dollars(pv_then),
                    dollars(nominal_then),
                    dollars(pv_now),
                    dollars(nominal_now),
                )
            }
            _ => "The figures no longer match the comparison, which has changed since this \
                  memo was written. Update the memo to print the current figures."
                .to_owned(),
        };
        changes.push(message);
    }
    if current.contract != then.contract {
        changes.push(format!(
            "The library record of contract {} changed since this memo was written.",
            then.contract.contract_number
        ));
    }
    if current.checklist != then.checklist {
        changes.push(
            "The contract's due-diligence checklist changed since this memo was written."
                .to_owned(),
        );
    }
    if printed(&current.settings) != printed(&then.settings) {
        changes.push(
            "Settings (jurisdiction, authority, paper, logo) changed since this memo was written."
                .to_owned(),
        );
    }
    changes
}
