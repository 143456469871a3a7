//! Composes a staff report from the library, a comparison and what the clerk types.
//!
//! The sections follow the cooperative-purchase staff reports councils already read:
//! recommendation (a lettered motion), background, the cooperative contract and the due
//! diligence done, total cost of ownership, fiscal impact, alternatives, attachments,
//! approval lines, and an appendix with the method and the year-by-year figures.
//!
//! Nothing is invented: a fact the library does not hold is printed as "not recorded",
//! so the clerk sees the gap before the council does. Money goes through
//! [`format_dollars`], never through floating point.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::document::{long_date, Block, Column, Fact, Memo, MemoHeader, Table};
use super::savings::savings_sentence;
use super::sections::Section;
use crate::library::checklist::{Answer, ChecklistEntry};
use crate::library::contract::{AwardType, Contract};
use crate::settings::{Settings, Signer};
use crate::tco::chart::{cumulative_cost_chart, ChartBasis};
use crate::tco::{dollars, format_dollars, BreakEven, Comparison, ComparisonResults, OptionResult};
use crate::{Error, Result};

/// What the clerk adds to the library's facts for one memo.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MemoInputs {
    /// "Honorable Mayor and Members of the Village Council".
    pub to: String,
    /// "Ana Ruiz, Village Clerk".
    pub from: String,
    pub date: NaiveDate,
    /// "Consent item 7.B"; may be empty.
    pub agenda_item: String,
    /// What is bought, as the motion names it ("twelve patrol vehicles"). Prefilled from
    /// the comparison's "what is being bought"; empty: that description.
    pub purchase: String,
    /// Empty: "Purchase of <what is bought> through <cooperative> contract <number>".
    pub subject: String,
    /// The amount the council is asked to approve.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// "FY2026".
    pub fiscal_year: String,
    pub budget_account: String,
    /// "General Fund", "ARPA grant"…
    pub funding_source: String,
    /// Why the purchase is needed, in the clerk's words; empty: from the comparison.
    pub background: String,
    /// Who the motion authorises to sign ("Village Administrator").
    pub authorized_signer: String,
    /// Empty: the contract and the comparison.
    pub attachments: Vec<String>,
    /// Prepared, reviewed and approved by; empty names print as blank lines.
    pub signers: Vec<Signer>,
}

/// Builds the memo recommending `results.options[chosen]`.
///
/// `chosen` indexes `results.options` (the baseline is index 0 and cannot be
/// recommended: a memo recommends buying something).
pub fn compose(
    settings: &Settings,
    contract: &Contract,
    checklist: &[ChecklistEntry],
    comparison: &Comparison,
    results: &ComparisonResults,
    chosen: usize,
    inputs: &MemoInputs,
) -> Result<Memo> {
    let option = results
        .options
        .get(chosen)
        .filter(|option| !option.is_baseline)
        .ok_or_else(|| {
            Error::invalid(
                "Recommended option",
                "Choose one of the comparison's options (not the baseline) to recommend.",
            )
        })?;
    let baseline = &results.options[0];
    let jurisdiction = or_blank(
        &settings.jurisdiction_name,
        "[Jurisdiction: set it in Settings]",
    );
    let purchase = what_is_bought(inputs, comparison);
    let subject = if inputs.subject.trim().is_empty() {
        format!(
            "Purchase of {purchase} through {} contract {}",
            contract.cooperative, contract.contract_number
        )
    } else {
        inputs.subject.trim().to_owned()
    };

    let mut blocks = Vec::new();
    recommendation(&mut blocks, settings, contract, &purchase, inputs);
    blocks.push(paragraph(savings_sentence(
        results,
        chosen,
        contract,
        &year_range(results),
    )));
    background(&mut blocks, comparison, results, inputs);
    due_diligence(&mut blocks, settings, contract, checklist);
    blocks.extend(super::term::paragraphs(
        contract,
        comparison,
        chosen,
        inputs.date,
    ));
    total_cost(&mut blocks, results, option);
    fiscal_impact(&mut blocks, results, option, inputs);
    alternatives(&mut blocks, results, chosen, baseline);
    attachments(&mut blocks, contract, comparison, inputs);
    blocks.push(heading(1, "Approval"));
    blocks.push(signatures(&inputs.signers));
    appendix(&mut blocks, results);

    Ok(framed(
        settings,
        MemoHeader {
            jurisdiction,
            to: inputs.to.trim().to_owned(),
            from: inputs.from.trim().to_owned(),
            date: inputs.date,
            subject,
            agenda_item: inputs.agenda_item.trim().to_owned(),
            logo: settings.logo.clone(),
        },
        blocks,
    ))
}

/// The signature lines: the clerk's signers, else the three usual roles left blank.
pub(super) fn signatures(signers: &[Signer]) -> Block {
    Block::Signatures {
        signers: if signers.is_empty() {
            ["Prepared by", "Reviewed by", "Approved by"]
                .into_iter()
                .map(|role| Signer {
                    role: role.to_owned(),
                    ..Signer::default()
                })
                .collect()
        } else {
            signers.to_vec()
        },
    }
}

/// A memo of any kind around its header and blocks: titled by its subject, authored by
/// its sender (else the jurisdiction), on the jurisdiction's paper.
pub(super) fn framed(settings: &Settings, header: MemoHeader, blocks: Vec<Block>) -> Memo {
    Memo {
        title: header.subject.clone(),
        author: if header.from.is_empty() {
            header.jurisdiction.clone()
        } else {
            header.from.clone()
        },
        header,
        blocks,
        paper: settings.paper,
    }
}

/// What the motion approves buying: the clerk's words, else the comparison's "what is
/// being bought" (without its closing full stop, as it sits inside a sentence), else a
/// placeholder that shows the gap.
pub(crate) fn what_is_bought(inputs: &MemoInputs, comparison: &Comparison) -> String {
    [&inputs.purchase, &comparison.purchase_description]
        .into_iter()
        .map(|text| text.trim().trim_end_matches('.').trim_end())
        .find(|text| !text.is_empty())
        .unwrap_or(PURCHASE_MISSING)
        .to_owned()
}

fn recommendation(
    blocks: &mut Vec<Block>,
    settings: &Settings,
    contract: &Contract,
    purchase: &str,
    inputs: &MemoInputs,
) {
    let authority = or_blank(&settings.legal_authority, AUTHORITY_MISSING);
    let signer = or_blank(&inputs.authorized_signer, SIGNER_MISSING);
    let fiscal_year = if inputs.fiscal_year.trim().is_empty() {
        String::new()
    } else {
        format!(" for {}", inputs.fiscal_year.trim())
    };
    let account = if inputs.budget_account.trim().is_empty() {
        String::new()
    } else {
        format!(", charged to account {}", inputs.budget_account.trim())
    };
    blocks.push(section(Section::Recommendation));
    blocks.push(paragraph("Staff recommends that the governing body:"));
    blocks.push(Block::List {
        ordered: true,
        items: vec![
            format!(
                "Find that {} contract {}, solicited and awarded competitively by {}, \
                 satisfies the competitive requirement under {authority}, and waive a \
                 separate solicitation for this purchase;",
                contract.cooperative,
                contract.contract_number,
                or_blank(&contract.lead_agency, &contract.cooperative)
            ),
            format!(
                "Approve the purchase of {purchase} from {} in an amount not to exceed {}{fiscal_year}{account};",
                contract.vendor_name,
                dollars(inputs.amount)
            ),
            format!(
                "Authorize {signer} to sign the purchase documents, and any renewal \
                 within the approved amount and the contract's term."
            ),
        ],
    });
}

fn background(
    blocks: &mut Vec<Block>,
    comparison: &Comparison,
    results: &ComparisonResults,
    inputs: &MemoInputs,
) {
    blocks.push(section(Section::Background));
    if !inputs.background.trim().is_empty() {
        for text in inputs
            .background
            .split("\n\n")
            .filter(|t| !t.trim().is_empty())
        {
            blocks.push(paragraph(text.trim()));
        }
    }
    if !comparison.purchase_description.trim().is_empty() {
        blocks.push(paragraph(comparison.purchase_description.trim()));
    }
    blocks.push(paragraph(format!(
        "Staff compared {} ways to meet this need against the baseline, \"{}\", over {} \
         operating years ({}), counting every cost of ownership, not only the purchase price.",
        results.options.len() - 1,
        results.options[0].name,
        results.horizon_years,
        year_range(results)
    )));
}

fn due_diligence(
    blocks: &mut Vec<Block>,
    settings: &Settings,
    contract: &Contract,
    checklist: &[ChecklistEntry],
) {
    blocks.push(section(Section::DueDiligence));
    blocks.push(paragraph(format!(
        "A cooperative contract is one that a lead agency solicited and awarded \
         competitively and that other public agencies may use. {} relies on {} for \
         cooperative purchasing. The contract's facts below are from the library record; \
         what it does not hold is marked \"not recorded\".",
        or_blank(&settings.jurisdiction_name, "The jurisdiction"),
        or_blank(&settings.legal_authority, AUTHORITY_MISSING)
    )));
    let open = checklist
        .iter()
        .filter(|entry| matches!(entry.answer, Answer::NotYet | Answer::No))
        .count();
    if open > 0 {
        blocks.push(paragraph(format!(
            "{open} of {} checklist items are not yet verified or were answered \"no\"; staff \
             will resolve them before the purchase order is issued.",
            checklist.len()
        )));
    }
    if let Some(caution) = multiple_award_caution(contract) {
        blocks.push(paragraph(caution));
    }
    if !settings.approved_cooperatives.is_empty() && !settings.approves(&contract.cooperative) {
        blocks.push(paragraph(format!(
            "{} is not on {}'s list of approved cooperatives (Settings). Staff will confirm \
             that the cooperative may be used, or record why this contract is relied on.",
            or_blank(&contract.cooperative, "The cooperative"),
            or_blank(&settings.jurisdiction_name, "the jurisdiction")
        )));
    }
    let solicitation = [
        contract.solicitation_method.trim().to_owned(),
        contract.solicitation_number.trim().to_owned(),
        contract
            .solicitation_issued
            .map(|d| format!("issued {}", long_date(d)))
            .unwrap_or_default(),
        contract
            .response_count
            .map(|n| format!("{n} responses"))
            .unwrap_or_default(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let expiry = match (contract.expiry_date, contract.expiry_as_published.trim()) {
        (Some(day), "") => long_date(day),
        (Some(day), published) if published == long_date(day) => published.to_owned(),
        (Some(day), published) => format!("{} (published as \"{published}\")", long_date(day)),
        (None, "") => NOT_RECORDED.to_owned(),
        (None, published) => published.to_owned(),
    };
    let admin_fee = match (contract.admin_fee_percent, contract.admin_fee_notes.trim()) {
        (Some(percent), "") => format!("{}%", percent.normalize()),
        (Some(percent), notes) => format!("{}%. {notes}", percent.normalize()),
        (None, notes) => or_blank(notes, NOT_RECORDED),
    };
    let clause = match contract.cooperative_clause {
        Some(true) => "Yes: the solicitation named other agencies as eligible users",
        Some(false) => "No",
        None => NOT_RECORDED,
    };
    let states = if contract.eligible_states.is_empty() {
        "All states".to_owned()
    } else {
        contract.eligible_states.join(", ")
    };
    let mut eligibility = contract.entity_types.join(", ");
    if !contract.eligibility_notes.trim().is_empty() {
        if !eligibility.is_empty() {
            eligibility.push_str(". ");
        }
        eligibility.push_str(contract.eligibility_notes.trim());
    }
    blocks.push(Block::Facts {
        facts: vec![
            Fact::new("Cooperative", or_blank(&contract.cooperative, NOT_RECORDED)),
            Fact::new("Lead agency", or_blank(&contract.lead_agency, NOT_RECORDED)),
            Fact::new("Contract number", contract.contract_number.clone()),
            Fact::new("Title", contract.title.clone()),
            Fact::new("Vendor", contract.vendor_name.clone()),
            Fact::new("Supplier", supplier_words(contract)),
            Fact::new("Solicitation", or_blank(&solicitation, NOT_RECORDED)),
            Fact::new("Cooperative clause", clause),
            Fact::new("Award type", award_type_words(contract)),
            Fact::new("Award date", optional_date(contract.award_date)),
            Fact::new("Effective date", optional_date(contract.effective_date)),
            Fact::new("Current expiry", expiry),
            Fact::new(
                "Renewal options",
                or_blank(&contract.renewal_options, NOT_RECORDED),
            ),
            Fact::new(
                "Final possible expiry",
                optional_date(contract.final_expiry_date),
            ),
            Fact::new("Eligible entities", or_blank(&eligibility, NOT_RECORDED)),
            Fact::new("Eligible states", states),
            Fact::new(
                "Pricing basis",
                or_blank(&contract.pricing_basis, NOT_RECORDED),
            ),
            Fact::new("Administrative fee", admin_fee),
            Fact::new(
                "Record last verified",
                optional_date(contract.last_verified),
            ),
            Fact::new(
                "Legal authority",
                or_blank(&settings.legal_authority, NOT_RECORDED),
            ),
        ],
    });
    blocks.push(heading(2, "Due diligence checklist"));
    blocks.push(Block::Table(Table {
        caption: String::new(),
        columns: vec![
            Column::left("What was verified"),
            Column::left("Answer"),
            Column::left("Verified by"),
            Column::left("On"),
        ],
        rows: checklist
            .iter()
            .map(|entry| {
                let mut item = entry.label.clone();
                if !entry.note.trim().is_empty() {
                    item.push_str(&format!(" ({})", entry.note.trim()));
                }
                vec![
                    item,
                    capitalised(entry.answer.words()),
                    or_blank(&entry.checked_by, "—"),
                    entry.checked_on.map_or("—".to_owned(), long_date),
                ]
            })
            .collect(),
        total_row: false,
    }));
}

fn total_cost(blocks: &mut Vec<Block>, results: &ComparisonResults, option: &OptionResult) {
    blocks.push(section(Section::TotalCost));
    blocks.push(paragraph(format!(
        "Costs are compared over {} operating years ({}) plus the up-front year. Present \
         values use a discount rate of {} a year ({}), with each year's costs discounted \
         at the {}. Appendix A explains the method and gives every year's figures.",
        results.horizon_years,
        year_range(results),
        percent(results.discount_rate),
        or_blank(&results.discount_source, DISCOUNT_SOURCE_MISSING),
        results.timing.label()
    )));
    let best = results.best();
    let mut finding = format!(
        "\"{}\" costs {} in present value ({} nominal), {} {} than the baseline in \
         present value; it breaks even {}.",
        option.name,
        dollars(option.present_value),
        dollars(option.nominal_total),
        dollars(option.pv_savings.abs()),
        if option.pv_savings.is_sign_negative() && !option.pv_savings.is_zero() {
            "more"
        } else {
            "less"
        },
        break_even_words(option.break_even_pv)
    );
    if best.name != option.name && best.present_value < option.present_value {
        finding.push_str(&format!(
            " It is not the lowest-cost option: \"{}\" costs {} in present value. The \
             background explains why staff recommends it nonetheless.",
            best.name,
            dollars(best.present_value)
        ));
    } else {
        finding.push_str(" It has the lowest present value of the options compared.");
    }
    blocks.push(paragraph(finding));
    blocks.push(Block::Table(summary_table(results)));
    blocks.push(Block::Chart {
        spec: cumulative_cost_chart(results, ChartBasis::Nominal),
        alt: chart_alt(results),
    });
}

/// The chart in words, for those who cannot see it: what it plots, the cheapest option,
/// every option's totals, and when each breaks even.
pub fn chart_alt(results: &ComparisonResults) -> String {
    let best = results.best();
    let mut text = format!(
        "Line chart of the cumulative nominal cost of {} options by year, over {} years. \
         The lowest cost in present value is \"{}\": {} present value, {} nominal.",
        results.options.len(),
        results.horizon_years,
        best.name,
        dollars(best.present_value),
        dollars(best.nominal_total)
    );
    for option in &results.options {
        text.push_str(&format!(
            " \"{}\"{}: {} nominal, {} present value",
            option.name,
            if option.is_baseline {
                " (baseline)"
            } else {
                ""
            },
            dollars(option.nominal_total),
            dollars(option.present_value)
        ));
        if option.is_baseline {
            text.push('.');
        } else {
            text.push_str(&format!(
                ", breaks even with the baseline {} (nominal).",
                break_even_words(option.break_even_nominal)
            ));
        }
    }
    text
}

fn summary_table(results: &ComparisonResults) -> Table {
    Table {
        caption: "Summary by option (savings are against the baseline)".to_owned(),
        columns: vec![
            Column::left("Option"),
            Column::right("Nominal total"),
            Column::right("Present value"),
            Column::right("Savings (PV)"),
            Column::left("Break-even (PV)"),
            Column::right("Rank"),
        ],
        rows: results
            .options
            .iter()
            .map(|o| {
                vec![
                    if o.is_baseline {
                        format!("{} (baseline)", o.name)
                    } else {
                        o.name.clone()
                    },
                    format_dollars(o.nominal_total),
                    format_dollars(o.present_value),
                    if o.is_baseline {
                        "—".to_owned()
                    } else {
                        format_dollars(o.pv_savings)
                    },
                    o.break_even_pv
                        .map_or("—".to_owned(), |b| capitalised(&b.to_string())),
                    o.rank.to_string(),
                ]
            })
            .collect(),
        total_row: false,
    }
}

fn fiscal_impact(
    blocks: &mut Vec<Block>,
    results: &ComparisonResults,
    option: &OptionResult,
    inputs: &MemoInputs,
) {
    blocks.push(section(Section::FiscalImpact));
    let fiscal_year = inputs.fiscal_year.trim();
    let for_years = if fiscal_year.is_empty() {
        String::new()
    } else {
        format!(" for {fiscal_year}")
    };
    blocks.push(paragraph(format!(
        "The purchase will cost no more than {}{for_years}. It is charged to account {} and \
         paid from {}.",
        dollars(inputs.amount),
        or_blank(&inputs.budget_account, "[budget account]"),
        or_blank(&inputs.funding_source, "[funding source]"),
    )));
    let mut facts = vec![
        Fact::new(
            "Amount requested",
            format!("{} (not to exceed)", dollars(inputs.amount)),
        ),
        Fact::new("Fiscal year", or_blank(fiscal_year, NOT_RECORDED)),
        Fact::new(
            "Budget account",
            or_blank(&inputs.budget_account, NOT_RECORDED),
        ),
        Fact::new(
            "Funding source",
            or_blank(&inputs.funding_source, NOT_RECORDED),
        ),
    ];
    // The first two years of the option's own figures: what lands in the coming budgets.
    for (year, label) in option.years.iter().zip(&results.years).take(2) {
        let when = if year.year == 0 {
            "Up front (year 0)".to_owned()
        } else {
            format!("First operating year ({})", label.label)
        };
        facts.push(Fact::new(when, dollars(year.total)));
    }
    facts.push(Fact::new(
        "Cost over the horizon",
        format!(
            "{} nominal; {} in present value",
            dollars(option.nominal_total),
            dollars(option.present_value)
        ),
    ));
    blocks.push(Block::Facts { facts });
}

fn alternatives(
    blocks: &mut Vec<Block>,
    results: &ComparisonResults,
    chosen: usize,
    baseline: &OptionResult,
) {
    blocks.push(section(Section::Alternatives));
    let mut items: Vec<String> = results
        .options
        .iter()
        .enumerate()
        .filter(|(index, o)| *index != chosen && !o.is_baseline)
        .map(|(_, o)| {
            let delay = if o.start_delay_months > 0 {
                format!(", starting {} months later", o.start_delay_months)
            } else {
                String::new()
            };
            format!(
                "{}: {} in present value ({} nominal){delay}; ranked {} of {}.",
                o.name,
                dollars(o.present_value),
                dollars(o.nominal_total),
                o.rank,
                results.options.len()
            )
        })
        .collect();
    items.push("Approve the recommendation with conditions set by the governing body.".into());
    items.push(format!(
        "Deny the recommendation and continue with the baseline, \"{}\" ({} in present value).",
        baseline.name,
        dollars(baseline.present_value)
    ));
    items.push("Refer the item back to staff for more information.".into());
    blocks.push(Block::List {
        ordered: false,
        items,
    });
}

fn attachments(
    blocks: &mut Vec<Block>,
    contract: &Contract,
    comparison: &Comparison,
    inputs: &MemoInputs,
) {
    blocks.push(section(Section::Attachments));
    let items = if inputs.attachments.is_empty() {
        vec![
            format!(
                "{} contract {} with {}",
                contract.cooperative, contract.contract_number, contract.vendor_name
            ),
            format!("Total cost of ownership comparison: {}", comparison.title),
        ]
    } else {
        inputs.attachments.clone()
    };
    blocks.push(Block::List {
        ordered: false,
        items,
    });
}

fn appendix(blocks: &mut Vec<Block>, results: &ComparisonResults) {
    blocks.push(Block::PageBreak);
    blocks.push(heading(
        1,
        "Appendix A: How the total cost of ownership was calculated",
    ));
    for text in [
        "Every figure in this report can be reproduced by hand from these rules.".to_owned(),
        "Money is counted in exact dollars and cents, never approximated. Costs are \
         positive; money that comes back (savings, resale or residual value) is negative. \
         Rounding is always to the cent, with half a cent rounded away from zero."
            .to_owned(),
        format!(
            "Year 0 is \"up front\", when the comparison starts; years 1 to {} are operating \
             years, labelled with fiscal years ({}).",
            results.horizon_years,
            year_range(results)
        ),
        "A one-time cost counts in its year. A recurring cost counts from its first year; \
         each later year is the previous year's rounded amount increased by its escalation \
         rate and rounded again, as vendors quote. A cost per unit is the unit price times \
         the quantity."
            .to_owned(),
        "An option that starts late (an own solicitation takes months) has its costs moved \
         later by that many months; while it waits, the baseline's costs continue and are \
         counted in that option."
            .to_owned(),
        format!(
            "Present value: year 0 is not discounted; each later year's cost is divided by \
             (1 + {})^t, discounted at the {}. The yearly present values are added unrounded \
             and the total is rounded once, so the yearly figures may differ from the total \
             by a cent or two.",
            percent(results.discount_rate),
            results.timing.label()
        ),
        "Savings are the baseline's total minus the option's: positive means the option \
         costs less. Break-even is the first year-end at which an option's cumulative cost \
         is at or below the baseline's. Options are ranked by present value, lowest first."
            .to_owned(),
    ] {
        blocks.push(paragraph(text));
    }
    blocks.push(heading(2, "Year-by-year cost (nominal)"));
    let mut columns = vec![Column::left("Year")];
    columns.extend(
        results
            .options
            .iter()
            .map(|o| Column::right(o.name.clone())),
    );
    let mut rows: Vec<Vec<String>> = results
        .years
        .iter()
        .enumerate()
        .map(|(index, year)| {
            let mut row = vec![format!("{} · {}", year.year, year.label)];
            row.extend(results.options.iter().map(|o| {
                o.years
                    .get(index)
                    .map_or("—".to_owned(), |y| format_dollars(y.total))
            }));
            row
        })
        .collect();
    let mut present = vec!["Present value".to_owned()];
    present.extend(
        results
            .options
            .iter()
            .map(|o| format_dollars(o.present_value)),
    );
    rows.push(present);
    let mut total = vec!["Nominal total".to_owned()];
    total.extend(
        results
            .options
            .iter()
            .map(|o| format_dollars(o.nominal_total)),
    );
    rows.push(total);
    blocks.push(Block::Table(Table {
        caption: "Each option's cost in each year; the baseline's costs while an option \
                  waits to start are included in that option."
            .to_owned(),
        columns,
        rows,
        total_row: true,
    }));
}

const NOT_RECORDED: &str = "Not recorded";

/// The award type for the facts table: "Multiple award (4 suppliers)".
fn award_type_words(contract: &Contract) -> String {
    match (contract.award_type, contract.awardee_count) {
        (None, _) => NOT_RECORDED.to_owned(),
        (Some(AwardType::Single), _) => "Single award".to_owned(),
        (Some(AwardType::Multiple), Some(n)) => format!("Multiple award ({n} suppliers)"),
        (Some(AwardType::Multiple), None) => {
            "Multiple award (number of suppliers not recorded)".to_owned()
        }
    }
}

/// The due-diligence sentence a multiple award needs: buyers under rules like New
/// York's General Municipal Law §103 must show how they chose among the awardees.
fn multiple_award_caution(contract: &Contract) -> Option<String> {
    (contract.award_type == Some(AwardType::Multiple)).then(|| {
        format!(
            "Award type: {} — piggybacking a multiple-award contract may need a documented \
             selection among the awardees; staff will record why {} was chosen.",
            award_type_words(contract).to_lowercase(),
            or_blank(&contract.vendor_name, "this supplier")
        )
    })
}

/// What the source states about the supplier ("Small business; local in NM;
/// woman-owned"), each flag only when stated: unknown is not "no".
fn supplier_words(contract: &Contract) -> String {
    let flag = |answer: Option<bool>, yes: &str| match answer {
        Some(true) => Some(yes.to_owned()),
        Some(false) => Some(format!("not {yes}")),
        None => None,
    };
    let local = (!contract.local_states.is_empty())
        .then(|| format!("local in {}", contract.local_states.join(", ")));
    let parts: Vec<String> = [
        flag(contract.small_business, "a small business"),
        local,
        flag(contract.minority_owned, "minority-owned"),
        flag(contract.woman_owned, "woman-owned"),
        flag(contract.veteran_owned, "veteran-owned"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        NOT_RECORDED.to_owned()
    } else {
        capitalised(&parts.join("; "))
    }
}
/// Who the motion authorises to sign when the memo does not name them.
pub(crate) const SIGNER_MISSING: &str = "the chief administrative officer";

/// Printed where the comparison does not say where its discount rate comes from.
pub(crate) const DISCOUNT_SOURCE_MISSING: &str = "source not stated";

/// Printed where neither the memo nor the comparison says what is bought.
pub(crate) const PURCHASE_MISSING: &str = "[what is bought: say it in the memo]";

/// Printed where the settings lack the legal citation, so the gap shows in the draft.
const AUTHORITY_MISSING: &str =
    "[the legal authority for cooperative purchasing: set it in Settings]";

fn section(section: Section) -> Block {
    heading(1, section.heading())
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
    }
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

fn or_blank(text: &str, fallback: &str) -> String {
    let text = text.trim();
    if text.is_empty() { fallback } else { text }.to_owned()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn optional_date(day: Option<NaiveDate>) -> String {
    day.map_or(NOT_RECORDED.to_owned(), long_date)
}

/// "3%", "2.5%", "-0.5%".
fn percent(rate: Decimal) -> String {
    format!("{}%", (rate * Decimal::ONE_HUNDRED).normalize())
}

/// "FY2022 to FY2025".
pub(crate) fn year_range(results: &ComparisonResults) -> String {
    match (results.years.get(1), results.years.last()) {
        (Some(first), Some(last)) if first.year != last.year => {
            format!("{} to {}", first.label, last.label)
        }
        (Some(first), _) => first.label.clone(),
        _ => String::new(),
    }
}

fn break_even_words(break_even: Option<BreakEven>) -> String {
    match break_even {
        Some(BreakEven::Year { year }) => format!("at the end of year {year}"),
        Some(BreakEven::NotWithinHorizon) | None => "not within the horizon".to_owned(),
    }
}
