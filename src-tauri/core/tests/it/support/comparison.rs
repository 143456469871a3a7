//! Comparisons for a test, said as a sentence: a published case, changed only where the
//! test is about it.
//!
//! ```ignore
//! let comparison = orange_county()
//!     .bought_through(COOPERATIVE, naf.id)
//!     .starting_late(OWN_RFP, 14)
//!     .build();
//! ```
//!
//! The cases are the comparison files under `tests/fixtures/`, whose figures the
//! published case files in `shared/data/tco-cases/` state; starting from them keeps every
//! test's figures checkable by hand.

use coopdesk_core::tco::{
    self, Comparison, ComparisonResults, CostLine, CostOption, OptionKind, Timing, Units,
};

use super::fixture;

/// TCO-04's cooperative option: hosted maintenance at a flat $180,000 a year.
pub const COOPERATIVE: &str = "Hosted maintenance via a cooperative contract";
/// TCO-04's own solicitation: a replacement system, starting six months late.
pub const OWN_RFP: &str = "Own RFP for a replacement system";

/// A comparison being prepared for a test; [`ComparisonBuilder::build`] gives it.
#[derive(Debug, Clone)]
pub struct ComparisonBuilder {
    comparison: Comparison,
}

/// The published case in `tests/fixtures/<file>`, as it is.
pub fn case(file: &str) -> ComparisonBuilder {
    let path = fixture(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    ComparisonBuilder {
        comparison: Comparison::from_json(&text)
            .unwrap_or_else(|e| panic!("{} is a comparison file: {e}", path.display())),
    }
}

/// TCO-04, Orange County NC's software maintenance renewal: a baseline, the
/// [`COOPERATIVE`] option and the [`OWN_RFP`] — the case most tests start from.
pub fn orange_county() -> ComparisonBuilder {
    case("tco04-orange-county.json")
}

impl ComparisonBuilder {
    pub fn titled(mut self, title: &str) -> Self {
        self.comparison.title = title.to_owned();
        self
    }

    /// What is being bought, in the clerk's words.
    pub fn described(mut self, description: &str) -> Self {
        self.comparison.purchase_description = description.to_owned();
        self
    }

    /// Where the discount rate comes from ("" when the clerk has not said).
    pub fn rated_from(mut self, source: &str) -> Self {
        self.comparison.discount.source = source.to_owned();
        self
    }

    /// When in each year the costs fall.
    pub fn paid_at(mut self, timing: Timing) -> Self {
        self.comparison.timing = timing;
        self
    }

    /// The option named `name` buys through the library contract `contract_id`.
    pub fn bought_through(mut self, name: &str, contract_id: Option<i64>) -> Self {
        self.option(name).kind = OptionKind::CooperativeContract { contract_id };
        self
    }

    /// The option named `name` starts `months` late, the baseline paid meanwhile.
    pub fn starting_late(mut self, name: &str, months: u32) -> Self {
        self.option(name).start_delay_months = months;
        self
    }

    /// The option named `name` serves `quantity` `label` ("120 users").
    pub fn serving(mut self, name: &str, quantity: &str, label: &str) -> Self {
        self.option(name).units = Some(Units {
            quantity: quantity.parse().expect("a quantity is a decimal"),
            label: label.to_owned(),
        });
        self
    }

    /// The option named `name` also costs `line`.
    pub fn costing(mut self, name: &str, line: CostLine) -> Self {
        self.option(name).cost_lines.push(line);
        self
    }

    pub fn build(self) -> Comparison {
        self.comparison
    }

    /// The comparison and the engine's results for it.
    pub fn compared(self) -> (Comparison, ComparisonResults) {
        let results = tco::compare(&self.comparison).expect("the case calculates");
        (self.comparison, results)
    }

    fn option(&mut self, name: &str) -> &mut CostOption {
        let title = &self.comparison.title;
        self.comparison
            .options
            .iter_mut()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{title:?} has no option named {name:?}"))
    }
}
