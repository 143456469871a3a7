//! The comparison as the clerk enters it, saves it and exports it.
//!
//! These types *are* the comparison file format (`docs/comparison-format.md`): what the
//! app saves in the database, what it exports, and what `coopdesk-cli compare` reads.
//! Money and rates are decimal strings; rates are fractions (`"0.03"` is 3 %).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::json::Refused;
use crate::{Error, Result};

/// The version of the comparison file format this build writes.
pub const FORMAT_VERSION: u32 = 1;

/// The longest horizon, in years. A-94 publishes rates up to 30 years, and technology
/// outlives no comparison longer than that.
pub const MAX_HORIZON_YEARS: u32 = 30;
/// The largest amount one cost line may hold, in dollars: a trillion, far above any
/// small jurisdiction's purchase, low enough that 30 years of escalation stay exact.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0); // 1e12
/// The largest quantity of units on a per-unit line.
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0); // 1e9
/// Discount and escalation rates must be above −100 % and at most +100 % a year.
pub const MAX_RATE: Decimal = Decimal::ONE;
/// The longest start delay, in months (ten years); it must also end within the horizon.
pub const MAX_DELAY_MONTHS: u32 = 120;
/// At most this many options besides the baseline, and this many lines per option; the
/// editor shows options as columns and lines as rows, and both stay readable.
pub const MAX_OPTIONS: usize = 20;
pub const MAX_LINES_PER_OPTION: usize = 500;
/// Text fields longer than this are almost certainly a paste gone wrong.
const MAX_TEXT_CHARS: usize = 10_000;

/// One comparison: a purchase, its options, and how to discount them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The file format version ([`FORMAT_VERSION`]); a newer file is refused.
    #[serde(default = "format_version")]
    pub format_version: u32,
    pub title: String,
    /// What is being bought, in the clerk's words.
    #[serde(default)]
    pub purchase_description: String,
    /// Number of operating years compared, 1–30, after the up-front year 0.
    pub horizon_years: u32,
    pub start: FiscalStart,
    pub discount: DiscountRate,
    #[serde(default)]
    pub timing: Timing,
    /// What the options are compared against, usually "keep the current system".
    pub baseline: CostOption,
    /// Two or more alternatives to the baseline.
    pub options: Vec<CostOption>,
}

fn format_version() -> u32 {
    FORMAT_VERSION
}

/// When year 1 begins, for the labels in tables and memos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FiscalStart {
    /// The jurisdiction's name for the first operating year ("FY2026" → 2026).
    pub fiscal_year: i32,
    /// The calendar month (1–12) in which that fiscal year begins.
    pub first_month: u32,
}

/// The discount rate and where it comes from (a memo must cite it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscountRate {
    /// A fraction: `"0.03"` is 3 % a year. Above −100 %, at most 100 %.
    #[ts(type = "string")]
    pub rate: Decimal,
    /// "OMB Circular A-94 Appendix C (CY2021), 5-year nominal", "Finance policy 2025-3"…
    #[serde(default)]
    pub source: String,
}

/// When in a year its costs are taken to fall, for discounting. Year 0 (up front) is
/// never discounted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Timing {
    /// Year t is divided by (1+r)^t. The usual convention and the default.
    #[default]
    EndOfYear,
    /// Year t is divided by (1+r)^(t−1): year 1 is not discounted.
    StartOfYear,
    /// Year t is divided by (1+r)^(t−0.5).
    MidYear,
}

impl Timing {
    /// How a clerk reads the convention.
    pub fn label(self) -> &'static str {
        match self {
            Timing::EndOfYear => "end of year",
            Timing::StartOfYear => "start of year",
            Timing::MidYear => "mid-year",
        }
    }
}

/// One way to meet the need: a cooperative contract, an own solicitation, the status quo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostOption {
    /// A stable identifier, unique within the comparison, that memos refer to the option
    /// by: it stays when the option is renamed or moved. Files and libraries written
    /// before ids existed get `option-N` (N its position, the baseline 0) when read; an
    /// option added in the app gets one when the comparison is saved.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Unique within the comparison, ignoring case and spaces.
    pub name: String,
    pub kind: OptionKind,
    #[serde(default)]
    pub notes: String,
    /// Months before this option starts (an own RFP takes 4–24). Until then the
    /// baseline's costs continue and are counted in this option. Zero for the baseline.
    #[serde(default)]
    pub start_delay_months: u32,
    /// What the option is used by ("120 users"), for the cost per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<Units>,
    pub cost_lines: Vec<CostLine>,
}

/// How an option is bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum OptionKind {
    /// Piggybacking on a cooperative contract, optionally one in the library.
    CooperativeContract {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contract_id: Option<i64>,
    },
    /// The jurisdiction runs its own solicitation (RFP, IFB, RFQ).
    OwnSolicitation,
    /// Keep what is there now.
    StatusQuo,
    Other,
}

/// The units an option serves, to state its cost per unit per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Units {
    #[ts(type = "string")]
    pub quantity: Decimal,
    /// "users", "vehicles", "meters".
    pub label: String,
}

/// One row of an option's costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostLine {
    pub category: Category,
    #[serde(default)]
    pub description: String,
    pub timing: LineTiming,
    /// Whether the line is money paid to the vendor under the contract (what a memo's
    /// not-to-exceed covers), as opposed to the jurisdiction's own costs. `None` — a
    /// file or library written before the flag existed, or a line the clerk never
    /// ticked — follows the category ([`Category::paid_to_vendor_by_default`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub paid_to_vendor: Option<bool>,
}

impl CostLine {
    /// Whether the line is paid to the vendor: as marked, else as its category usually is.
    pub fn is_paid_to_vendor(&self) -> bool {
        self.paid_to_vendor
            .unwrap_or_else(|| self.category.paid_to_vendor_by_default())
    }
}

/// What a cost is for. Costs are positive; only [`Category::SavingsOrResidual`] holds
/// negative amounts (money that comes back), so the sign is never a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Category {
    Acquisition,
    LicencesAndSubscriptions,
    Implementation,
    DataMigration,
    Integration,
    Training,
    InternalStaffTime,
    MaintenanceAndSupport,
    HostingAndInfrastructure,
    Operations,
    CooperativeFee,
    ShippingAndInstallation,
    UpgradesAndReplacement,
    ProcurementProcess,
    RiskAndContingency,
    ExitAndDisposal,
    Financing,
    SavingsOrResidual,
}

impl Category {
    /// Every category, in the order the editor lists them.
    pub const ALL: [Category; 18] = [
        Category::Acquisition,
        Category::LicencesAndSubscriptions,
        Category::Implementation,
        Category::DataMigration,
        Category::Integration,
        Category::Training,
        Category::InternalStaffTime,
        Category::MaintenanceAndSupport,
        Category::HostingAndInfrastructure,
        Category::Operations,
        Category::CooperativeFee,
        Category::ShippingAndInstallation,
        Category::UpgradesAndReplacement,
        Category::ProcurementProcess,
        Category::RiskAndContingency,
        Category::ExitAndDisposal,
        Category::Financing,
        Category::SavingsOrResidual,
    ];

    /// The words a clerk sees.
    pub fn label(self) -> &'static str {
        match self {
            Category::Acquisition => "Acquisition",
            Category::LicencesAndSubscriptions => "Licences and subscriptions",
            Category::Implementation => "Implementation",
            Category::DataMigration => "Data migration",
            Category::Integration => "Integration",
            Category::Training => "Training",
            Category::InternalStaffTime => "Internal staff time",
            Category::MaintenanceAndSupport => "Maintenance and support",
            Category::HostingAndInfrastructure => "Hosting and infrastructure",
            Category::Operations => "Operations",
            Category::CooperativeFee => "Cooperative admin or programme fee",
            Category::ShippingAndInstallation => "Shipping and installation",
            Category::UpgradesAndReplacement => "Upgrades and replacement",
            Category::ProcurementProcess => "Procurement process cost",
            Category::RiskAndContingency => "Risk and contingency",
            Category::ExitAndDisposal => "Exit, disposal and data extraction",
            Category::Financing => "Financing",
            Category::SavingsOrResidual => "Offsetting savings or residual value",
        }
    }

    /// Whether a line of this category is paid to the vendor unless the clerk says
    /// otherwise: the purchase itself, licences and subscriptions, maintenance and
    /// support — what a vendor invoices under the contract. Everything else (staff time,
    /// the solicitation, resale…) is the jurisdiction's own, until marked.
    pub fn paid_to_vendor_by_default(self) -> bool {
        matches!(
            self,
            Category::Acquisition
                | Category::LicencesAndSubscriptions
                | Category::MaintenanceAndSupport
        )
    }

    /// Whether amounts in this category are money coming back (negative).
    pub fn is_offset(self) -> bool {
        self == Category::SavingsOrResidual
    }
}

/// When a line's money is spent. Years count from 0 (up front) to the horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum LineTiming {
    /// Once, in `year`.
    OneTime {
        year: u32,
        #[ts(type = "string")]
        amount: Decimal,
    },
    /// Every year from `from_year` to `to_year` inclusive; `amount` in the first year,
    /// then each year the previous year's rounded amount × (1 + `escalation`).
    Recurring {
        from_year: u32,
        to_year: u32,
        #[ts(type = "string")]
        amount: Decimal,
        #[serde(default)]
        #[ts(type = "string")]
        escalation: Decimal,
    },
    /// `unit_price × quantity` a year (rounded to cents), then escalated like
    /// [`LineTiming::Recurring`].
    PerUnit {
        from_year: u32,
        to_year: u32,
        #[ts(type = "string")]
        unit_price: Decimal,
        #[ts(type = "string")]
        quantity: Decimal,
        #[serde(default)]
        unit: String,
        #[serde(default)]
        #[ts(type = "string")]
        escalation: Decimal,
    },
    /// A vendor's quote: an amount for each listed year (JSON keys are year numbers).
    Schedule {
        #[serde(with = "year_keys")]
        #[ts(type = "Record<string, string>")]
        amounts: BTreeMap<u32, Decimal>,
    },
}

/// Year-keyed maps. JSON object keys are strings; serde turns them into numbers on its
/// own except inside an internally tagged enum (it buffers the content first), so the
/// keys are parsed here, with an error that names the bad key.
mod year_keys {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        amounts: &BTreeMap<u32, Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        amounts.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<u32, Decimal>, D::Error> {
        BTreeMap::<String, Decimal>::deserialize(deserializer)?
            .into_iter()
            .map(|(year, amount)| {
                year.trim()
                    .parse::<u32>()
                    .map(|year| (year, amount))
                    .map_err(|_| D::Error::custom(format!("\"{year}\" is not a year number")))
            })
            .collect()
    }
}

impl Comparison {
    /// Reads a comparison file, checking its format version (not its figures: a draft
    /// may be incomplete; [`Comparison::validate`] runs before calculating).
    ///
    /// A byte-order mark at the start (Notepad writes one) is skipped. Money and rates
    /// written as JSON numbers are refused with the field they are in: a number has
    /// already been through another program's floating point.
    pub fn from_json(text: &str) -> Result<Comparison> {
        let text = crate::json::without_bom(text);
        let not_a_comparison = |e: serde_json::Error| {
            Error::invalid(
                "Comparison file",
                format!("this is not a CoopDesk comparison file ({e})."),
            )
        };
        // A key said twice (two `horizonYears`) would leave the figures to whichever
        // came last: refused, naming the key and its line.
        let value = crate::json::parse_refusing_repeats(text).map_err(|refused| match refused {
            Refused::Json(e) => not_a_comparison(e),
            Refused::Repeated { path, line } => Error::invalid(
                "Comparison file",
                format!(
                    "the key '{path}' is written twice (the second time on line {line}), so \
                     the figures would depend on which one was read. Keep one of the two and \
                     open the file again."
                ),
            ),
        })?;
        refuse_json_numbers(&value, &mut Vec::new())?;
        let mut comparison: Comparison = serde_json::from_value(value).map_err(not_a_comparison)?;
        if comparison.format_version > FORMAT_VERSION {
            return Err(Error::invalid(
                "Comparison file",
                format!(
                    "it was written by a newer CoopDesk (format {}; this version reads up to \
                     {FORMAT_VERSION}). Install the newer CoopDesk to open it.",
                    comparison.format_version
                ),
            ));
        }
        comparison.assign_legacy_option_ids();
        Ok(comparison)
    }

    /// Ids for options read from a file or library written before options had them:
    /// `option-N`, N the position (the baseline 0), the same every time it is read.
    pub fn assign_legacy_option_ids(&mut self) {
        self.assign_missing_option_ids(|position| format!("option-{position}"));
    }

    /// Gives every option without an id one from `make_id(position)` (the baseline is
    /// position 0), made unique against the ids already present.
    pub fn assign_missing_option_ids(&mut self, make_id: impl Fn(usize) -> String) {
        let mut taken: Vec<String> = self
            .all_options()
            .map(|o| o.id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .collect();
        let options = std::iter::once(&mut self.baseline).chain(self.options.iter_mut());
        for (position, option) in options.enumerate() {
            if !option.id.trim().is_empty() {
                continue;
            }
            let base = make_id(position);
            let mut id = base.clone();
            let mut suffix = 2;
            while taken.contains(&id) {
                id = format!("{base}-{suffix}");
                suffix += 1;
            }
            taken.push(id.clone());
            option.id = id;
        }
    }

    /// The position (in [`Comparison::all_options`] order, the baseline 0) of the option
    /// with this id, or failing that this name (memos written before ids existed).
    pub fn option_position(&self, id_or_name: &str) -> Option<usize> {
        let wanted = id_or_name.trim();
        self.all_options()
            .position(|o| !o.id.is_empty() && o.id == wanted)
            .or_else(|| self.all_options().position(|o| o.name.trim() == wanted))
    }

    /// The comparison file text, pretty-printed (stable key order, diff-friendly).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a comparison always serialises")
    }

    /// The baseline followed by the options: the order of every result list.
    pub fn all_options(&self) -> impl Iterator<Item = &CostOption> {
        std::iter::once(&self.baseline).chain(&self.options)
    }

    /// Checks everything the engine relies on; the first problem found is reported as a
    /// sentence that says which option and line to fix.
    pub fn validate(&self) -> Result<()> {
        check_text("Title", &self.title, true)?;
        check_text("Purchase description", &self.purchase_description, false)?;
        if !(1..=MAX_HORIZON_YEARS).contains(&self.horizon_years) {
            return Err(Error::invalid(
                "Horizon",
                format!(
                    "{} years is outside the 1 to {MAX_HORIZON_YEARS} years CoopDesk compares \
                     (the longest horizon OMB Circular A-94 publishes a rate for).",
                    self.horizon_years
                ),
            ));
        }
        if !(1..=12).contains(&self.start.first_month) {
            return Err(Error::invalid(
                "Start month",
                format!(
                    "{} is not a month; choose 1 (January) to 12 (December).",
                    self.start.first_month
                ),
            ));
        }
        if !(1900..=2200).contains(&self.start.fiscal_year) {
            return Err(Error::invalid(
                "Start fiscal year",
                format!("{} is not a plausible fiscal year.", self.start.fiscal_year),
            ));
        }
        check_rate("Discount rate", self.discount.rate)?;
        check_text("Discount rate source", &self.discount.source, false)?;
        if self.options.len() < 2 {
            return Err(Error::invalid(
                "Options",
                "a comparison needs the baseline and at least two other options; add another \
                 option.",
            ));
        }
        if self.options.len() > MAX_OPTIONS {
            return Err(Error::invalid(
                "Options",
                format!(
                    "{} options is more than the {MAX_OPTIONS} a comparison can hold; split it.",
                    self.options.len()
                ),
            ));
        }
        if self.baseline.start_delay_months != 0 {
            return Err(Error::invalid(
                format!("Baseline \"{}\"", self.baseline.name),
                "the baseline is what happens while the others wait, so it cannot start late; \
                 set its start delay to 0.",
            ));
        }
        for option in self.all_options() {
            option.validate(self.horizon_years)?;
        }
        self.check_names_and_ids()
    }

    /// Names are unique ignoring case and spaces ("Own RFP", "own  rfp" and "OwnRFP" are
    /// one name), so a memo, a table or a council member never mistakes one option for
    /// another; ids, where given, are unique too.
    pub fn check_names_and_ids(&self) -> Result<()> {
        let options: Vec<&CostOption> = self.all_options().collect();
        for (index, option) in options.iter().enumerate() {
            let earlier = &options[..index];
            let key = name_key(&option.name);
            if let Some(first) = earlier.iter().find(|o| name_key(&o.name) == key) {
                return Err(Error::invalid(
                    format!("Option \"{}\"", option.name.trim()),
                    format!(
                        "another option is already named \"{}\" (names are compared without \
                         regard to capitals and spaces); give each option a different name.",
                        first.name.trim()
                    ),
                ));
            }
            let id = option.id.trim();
            if !id.is_empty() && earlier.iter().any(|o| o.id.trim() == id) {
                return Err(Error::invalid(
                    format!("Option \"{}\"", option.name.trim()),
                    format!(
                        "its id \"{id}\" is another option's too; ids must be unique (delete \
                         the id of the copy and CoopDesk gives it a new one)."
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The comparison with legacy duplicate names told apart ("Own RFP (2)"), for reading
    /// a memo or comparison saved before names had to be unique. The first option keeps
    /// its name, so what a legacy memo recommended by name stays the same option.
    pub fn with_unique_names(mut self) -> Comparison {
        let mut seen: Vec<String> = Vec::new();
        let options = std::iter::once(&mut self.baseline).chain(self.options.iter_mut());
        for option in options {
            let mut name = option.name.trim().to_owned();
            let mut n = 2;
            while seen.contains(&name_key(&name)) {
                name = format!("{} ({n})", option.name.trim());
                n += 1;
            }
            seen.push(name_key(&name));
            option.name = name;
        }
        self
    }
}

/// A name as compared for uniqueness: no spaces, lower case.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The fields holding money, rates and quantities (and every value of a schedule's
/// `amounts`): exact decimals, which must be strings. Counts (years, months, ids,
/// versions) are JSON numbers, and unknown keys are ignored whatever they hold.
const DECIMAL_FIELDS: &[&str] = &["rate", "amount", "escalation", "unitPrice", "quantity"];

/// Refuses a JSON number where the format wants a decimal string, naming the field the
/// way the editor shows it ("Option \"Own RFP\", line 2, amount").
fn refuse_json_numbers(value: &serde_json::Value, path: &mut Vec<String>) -> Result<()> {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let label = match key.as_str() {
                    _ if path.last().is_some_and(|p| p == "amounts") => format!("year {key}"),
                    "baseline" => format!("Baseline \"{}\"", option_name(item)),
                    "discount" => "Discount".to_owned(),
                    _ => key.clone(),
                };
                if let Value::Number(number) = item {
                    let decimal = DECIMAL_FIELDS.contains(&key.as_str())
                        || path.last().is_some_and(|p| p == "amounts");
                    if decimal {
                        path.push(label);
                        return Err(number_error(path, number));
                    }
                    continue;
                }
                path.push(label);
                refuse_json_numbers(item, path)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            let parent = path.last().cloned().unwrap_or_default();
            for (index, item) in items.iter().enumerate() {
                let label = match parent.as_str() {
                    "options" => format!("Option \"{}\"", option_name(item)),
                    "costLines" => format!("line {}", index + 1),
                    _ => format!("item {}", index + 1),
                };
                path.push(label);
                refuse_json_numbers(item, path)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

fn option_name(option: &serde_json::Value) -> String {
    option
        .get("name")
        .and_then(serde_json::Value::as_str)
        .map_or_else(String::new, |name| name.trim().to_owned())
}

fn number_error(path: &[String], number: &serde_json::Number) -> Error {
    // "options" and "costLines" only lead to their items; "timing" says nothing a clerk
    // needs. "Option \"Own RFP\", line 2, amount".
    let field: Vec<&str> = path
        .iter()
        .map(String::as_str)
        .filter(|p| !matches!(*p, "options" | "costLines" | "timing" | "amounts"))
        .collect();
    let field = match field.as_slice() {
        ["Discount", "rate"] => "Discount rate".to_owned(),
        _ => field.join(", "),
    };
    Error::invalid(
        field,
        format!(
            "{number} is written as a JSON number; write money, rates and quantities as \
             strings (\"{number}\") so that no program rounds them through floating point."
        ),
    )
}

impl CostOption {
    fn validate(&self, horizon: u32) -> Result<()> {
        check_text("Option name", &self.name, true)?;
        let field = format!("Option \"{}\"", self.name.trim());
        check_text(&field, &self.notes, false)?;
        if self.start_delay_months > MAX_DELAY_MONTHS || self.start_delay_months >= horizon * 12 {
            return Err(Error::invalid(
                field,
                format!(
                    "a start delay of {} months does not leave the option any time within the \
                     {horizon}-year horizon (at most {} months, and never more than \
                     {MAX_DELAY_MONTHS}).",
                    self.start_delay_months,
                    (horizon * 12 - 1).min(MAX_DELAY_MONTHS)
                ),
            ));
        }
        if let Some(units) = &self.units {
            if units.quantity <= Decimal::ZERO || units.quantity > MAX_QUANTITY {
                return Err(Error::invalid(
                    field,
                    format!(
                        "the number of {} must be more than 0 and at most 1,000,000,000.",
                        if units.label.trim().is_empty() {
                            "units"
                        } else {
                            units.label.trim()
                        }
                    ),
                ));
            }
        }
        if self.cost_lines.len() > MAX_LINES_PER_OPTION {
            return Err(Error::invalid(
                field,
                format!("it has more than {MAX_LINES_PER_OPTION} cost lines; group some."),
            ));
        }
        for (index, line) in self.cost_lines.iter().enumerate() {
            let line_field = format!("{field}, line {}", index + 1);
            check_text(&line_field, &line.description, false)?;
            line.validate(&line_field, horizon)?;
        }
        Ok(())
    }
}

impl CostLine {
    fn validate(&self, field: &str, horizon: u32) -> Result<()> {
        let check_year = |year: u32| {
            if year > horizon {
                Err(Error::invalid(
                    field,
                    format!(
                        "year {year} is after the {horizon}-year horizon; use a year from 0 (up \
                         front) to {horizon}."
                    ),
                ))
            } else {
                Ok(())
            }
        };
        let check_range = |from: u32, to: u32| {
            check_year(from)?;
            check_year(to)?;
            if from > to {
                return Err(Error::invalid(
                    field,
                    format!(
                        "it runs from year {from} to year {to}; the first year must come first."
                    ),
                ));
            }
            Ok(())
        };
        match &self.timing {
            LineTiming::OneTime { year, amount } => {
                check_year(*year)?;
                self.check_amount(field, *amount)
            }
            LineTiming::Recurring {
                from_year,
                to_year,
                amount,
                escalation,
            } => {
                check_range(*from_year, *to_year)?;
                check_rate(&format!("{field}, escalation"), *escalation)?;
                self.check_amount(field, *amount)
            }
            LineTiming::PerUnit {
                from_year,
                to_year,
                unit_price,
                quantity,
                escalation,
                ..
            } => {
                check_range(*from_year, *to_year)?;
                check_rate(&format!("{field}, escalation"), *escalation)?;
                if *quantity < Decimal::ZERO || *quantity > MAX_QUANTITY {
                    return Err(Error::invalid(
                        field,
                        format!("a quantity of {quantity} is outside 0 to 1,000,000,000."),
                    ));
                }
                if unit_price.abs() > MAX_AMOUNT {
                    return Err(amount_too_large(field, *unit_price));
                }
                self.check_sign(field, *unit_price)
            }
            LineTiming::Schedule { amounts } => {
                if amounts.is_empty() {
                    return Err(Error::invalid(
                        field,
                        "the yearly schedule is empty; enter at least one year's amount.",
                    ));
                }
                for (year, amount) in amounts {
                    check_year(*year)?;
                    self.check_amount(&format!("{field}, year {year}"), *amount)?;
                }
                Ok(())
            }
        }
    }

    /// Amounts are whole cents (invoices are), within ±[`MAX_AMOUNT`], with the sign the
    /// category calls for.
    fn check_amount(&self, field: &str, amount: Decimal) -> Result<()> {
        if amount.abs() > MAX_AMOUNT {
            return Err(amount_too_large(field, amount));
        }
        if amount.normalize().scale() > 2 {
            return Err(Error::invalid(
                field,
                format!("{amount} has fractions of a cent; enter dollars and cents."),
            ));
        }
        self.check_sign(field, amount)
    }

    fn check_sign(&self, field: &str, amount: Decimal) -> Result<()> {
        if self.category.is_offset() && amount > Decimal::ZERO {
            return Err(Error::invalid(
                field,
                format!(
                    "savings and residual values are money coming back; enter {amount} as \
                     -{amount}."
                ),
            ));
        }
        if !self.category.is_offset() && amount < Decimal::ZERO {
            return Err(Error::invalid(
                field,
                format!(
                    "a cost cannot be negative ({amount}); record money coming back as a line \
                     in \"{}\".",
                    Category::SavingsOrResidual.label()
                ),
            ));
        }
        Ok(())
    }
}

fn amount_too_large(field: &str, amount: Decimal) -> Error {
    Error::invalid(
        field,
        format!("{amount} is larger than CoopDesk accepts (a trillion dollars); check the digits."),
    )
}

/// Rates are fractions above −100 % and at most +100 % a year. At −100 % or below money
/// would vanish or change sign with time, which no discount or price index means.
pub(crate) fn check_rate(field: &str, rate: Decimal) -> Result<()> {
    if rate <= -Decimal::ONE || rate > MAX_RATE {
        return Err(Error::invalid(
            field,
            format!(
                "{} is outside the accepted range (above -100% and at most 100% a year). Rates \
                 are fractions: enter 3% as 0.03.",
                // A rate read from someone else's file may be too large to show as a
                // percentage: then it is shown as written.
                rate.checked_mul(Decimal::ONE_HUNDRED)
                    .map_or_else(|| rate.to_string(), |p| format!("{}%", p.normalize()))
            ),
        ));
    }
    Ok(())
}

fn check_text(field: &str, text: &str, required: bool) -> Result<()> {
    if required && text.trim().is_empty() {
        return Err(Error::invalid(field, "it is empty; give it a name."));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(
            field,
            format!("it is longer than {MAX_TEXT_CHARS} characters; shorten it."),
        ));
    }
    Ok(())
}
