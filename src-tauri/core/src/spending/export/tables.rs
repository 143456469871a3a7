//! The export's tables, one builder per sheet, in the order their formulas refer to each
//! other: invoices, purchase orders, approvals, overrides, variance by fiscal year.
//!
//! Every sheet has the same shape: a title row (row 1), a line saying what the sheet
//! holds (row 2), the column headers (row 3), the records from row 4 ([`FIRST_ROW`]) and,
//! on the ledgers, a total row. A formula refers to cells by address, so each builder
//! knows where its rows land and the ranges of the sheets written before it.
//!
//! Links between sheets are exact matches by key — `SUMPRODUCT((range=key)*amounts)` —
//! never `SUMIF` criteria, which would read a PO number such as `>100` or `A*` as a
//! condition.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{cents, Audit};
use crate::spending::figures::open_balance;
use crate::spending::model::{PoStatus, Subject};
use crate::spending::variance::fiscal_year_of;

/// The spreadsheet row (1-based) of the first record; the header is the row above.
pub const FIRST_ROW: usize = 4;

pub const INVOICES: &str = "Invoices";
pub const ORDERS: &str = "Purchase orders";
pub const APPROVALS: &str = "Approvals";
pub const OVERRIDES: &str = "Overrides";
pub const VARIANCE: &str = "Variance by fiscal year";

/// What a cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Blank,
    Text(String),
    /// A record's number (an approval's id).
    Id(i64),
    Date(NaiveDate),
    /// An amount recorded, written as the number it is.
    Money(Decimal),
    /// A formula (without `=`) and the core's figure for it: dollars, or a percentage
    /// (`12.34` is 12.34 %) when `percent`.
    Formula {
        formula: String,
        value: Decimal,
        percent: bool,
    },
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    fn money(formula: String, value: Decimal) -> Cell {
        Cell::Formula {
            formula,
            value: cents(value),
            percent: false,
        }
    }

    fn date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Blank, Cell::Date)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: &'static str,
    /// In characters, as a spreadsheet measures a column.
    pub width: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A total row: bold, ruled, and left out of the CSV files.
    pub total: bool,
}

/// One sheet (and one CSV file).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub sheet: &'static str,
    /// The CSV file's name.
    pub file: &'static str,
    /// What the sheet holds, in a sentence (row 2).
    pub about: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The number of records (total rows not counted).
    fn records(&self) -> usize {
        self.rows.iter().filter(|r| !r.total).count()
    }
}

fn columns(spec: &[(&'static str, f64)]) -> Vec<Column> {
    spec.iter()
        .map(|&(header, width)| Column { header, width })
        .collect()
}

/// The address of column `col` in record `index` (0-based) of a sheet.
fn at(col: char, index: usize) -> String {
    format!("{col}{}", index + FIRST_ROW)
}

/// Column `col` of a sheet's `records` records, absolute, from another sheet.
fn range(sheet: &str, col: char, records: usize) -> String {
    format!(
        "'{sheet}'!${col}${FIRST_ROW}:${col}${}",
        FIRST_ROW + records - 1
    )
}

/// The sum of `amounts` (a column of `sheet`) over the records whose `keys` columns
/// equal the given cells: an exact match, whatever the key's text.
fn sum_where(sheet: &str, records: usize, keys: &[(char, &str)], amounts: char) -> String {
    if records == 0 {
        return "0".to_owned();
    }
    let conditions: String = keys
        .iter()
        .map(|(col, key)| format!("({}={key})*", range(sheet, *col, records)))
        .collect();
    format!("SUMPRODUCT({conditions}{})", range(sheet, amounts, records))
}

/// A total row: `label` in column `label_col`, `SUM` of each of `cols` over the records
/// `first..=last` (0-based), with the core's totals.
fn total_row(
    width: usize,
    label_col: usize,
    label: &str,
    sums: &[(char, Decimal)],
    first: usize,
    last: Option<usize>,
) -> Row {
    let mut cells = vec![Cell::Blank; width];
    cells[label_col] = Cell::text(label);
    for &(col, value) in sums {
        let formula = match last {
            Some(last) => format!("SUM({}:{})", at(col, first), at(col, last)),
            None => "0".to_owned(),
        };
        cells[(col as u8 - b'A') as usize] = Cell::money(formula, value);
    }
    Row { cells, total: true }
}

/// Every table of the export, in the order of the sheets.
pub fn tables(audit: &Audit) -> Vec<Table> {
    let invoices = invoices(audit);
    let orders = orders(audit, invoices.records());
    let approvals = approvals(audit, invoices.records(), orders.records());
    let overrides = overrides(audit);
    let variance = variance(audit, invoices.records());
    vec![approvals, orders, invoices, overrides, variance]
}

/// The fiscal year each approval's invoices are counted in (its variance's).
fn first_month(audit: &Audit, approval_id: Option<i64>) -> u32 {
    approval_id
        .and_then(|id| audit.variances.iter().find(|v| v.approval_id == id))
        .map_or(audit.fiscal_year_start_month, |v| v.first_month)
}

/// Invoices: A number, B PO, C approval, D vendor, E date, F fiscal year, G amount,
/// H credit memo, I paid date, J paid amount.
fn invoices(audit: &Audit) -> Table {
    let mut rows = Vec::new();
    let mut total = Decimal::ZERO;
    let mut paid = Decimal::ZERO;
    for order in &audit.orders {
        for invoice in &order.invoices {
            let i = rows.len();
            let paid_amount = if invoice.paid_date.is_some() {
                invoice.amount
            } else {
                Decimal::ZERO
            };
            total += invoice.amount;
            paid += paid_amount;
            let month = first_month(audit, order.approval_id);
            rows.push(Row {
                cells: vec![
                    Cell::text(&invoice.number),
                    Cell::text(&order.number),
                    order.approval_id.map_or(Cell::Blank, Cell::Id),
                    Cell::text(&order.vendor),
                    Cell::Date(invoice.date),
                    Cell::text(fiscal_year_of(invoice.date, month)),
                    Cell::Money(cents(invoice.amount)),
                    Cell::text(if invoice.credit_memo {
                        "credit memo"
                    } else {
                        ""
                    }),
                    Cell::date(invoice.paid_date),
                    Cell::money(
                        format!("IF({}=\"\",0,{})", at('I', i), at('G', i)),
                        paid_amount,
                    ),
                ],
                total: false,
            });
        }
    }
    let last = rows.len().checked_sub(1);
    rows.push(total_row(
        10,
        0,
        "Total",
        &[('G', total), ('J', paid)],
        0,
        last,
    ));
    Table {
        sheet: INVOICES,
        file: "invoices.csv",
        about: "Every invoice and credit memo (negative), with the purchase order it bills and \
                the fiscal year of its date.",
        columns: columns(&[
            ("Invoice", 16.0),
            ("Purchase order", 16.0),
            ("Council action #", 10.0),
            ("Vendor", 28.0),
            ("Date", 12.0),
            ("Fiscal year", 10.0),
            ("Amount", 14.0),
            ("Credit memo", 12.0),
            ("Paid on", 12.0),
            ("Paid", 14.0),
        ]),
        rows,
    }
}

/// Purchase orders: A number, B approval, C vendor, D date, E fiscal year, F account,
/// G description, H status, I amount, J change orders, K current amount, L billed,
/// M open balance.
fn orders(audit: &Audit, invoices: usize) -> Table {
    let mut rows = Vec::new();
    let mut sums = [Decimal::ZERO; 5];
    for (i, order) in audit.orders.iter().enumerate() {
        let figures = [
            order.amount,
            order.changes(),
            order.current_amount(),
            order.billed(),
            open_balance(order),
        ];
        for (sum, figure) in sums.iter_mut().zip(figures) {
            *sum += figure;
        }
        rows.push(Row {
            cells: vec![
                Cell::text(&order.number),
                order.approval_id.map_or(Cell::Blank, Cell::Id),
                Cell::text(&order.vendor),
                Cell::Date(order.date),
                Cell::text(&order.fiscal_year),
                Cell::text(&order.account_code),
                Cell::text(&order.description),
                Cell::text(order.status.key()),
                Cell::Money(cents(order.amount)),
                Cell::Money(cents(order.changes())),
                Cell::money(format!("{}+{}", at('I', i), at('J', i)), figures[2]),
                Cell::money(
                    sum_where(INVOICES, invoices, &[('B', &at('A', i))], 'G'),
                    figures[3],
                ),
                Cell::money(
                    format!(
                        "IF({}=\"{}\",MAX(0,{}-{}),0)",
                        at('H', i),
                        PoStatus::Open.key(),
                        at('K', i),
                        at('L', i)
                    ),
                    figures[4],
                ),
            ],
            total: false,
        });
    }
    let last = rows.len().checked_sub(1);
    let cols = ['I', 'J', 'K', 'L', 'M'];
    let sums: Vec<(char, Decimal)> = cols.into_iter().zip(sums).collect();
    rows.push(total_row(13, 0, "Total", &sums, 0, last));
    Table {
        sheet: ORDERS,
        file: "purchase-orders.csv",
        about: "Every purchase order: its amount, change orders, what its invoices billed and, \
                while open, what it still commits. Closed and cancelled orders commit nothing.",
        columns: columns(&[
            ("Purchase order", 16.0),
            ("Council action #", 10.0),
            ("Vendor", 28.0),
            ("Date", 12.0),
            ("Fiscal year", 10.0),
            ("Account", 14.0),
            ("Description", 30.0),
            ("Status", 10.0),
            ("Amount", 14.0),
            ("Change orders", 14.0),
            ("Current amount", 14.0),
            ("Billed", 14.0),
            ("Committed", 14.0),
        ]),
        rows,
    }
}

/// Approvals: A id, B contract, C vendor, D action, E outcome, F meeting, G term from,
/// H term to, I fiscal years, J authorised, K committed, L invoiced, M paid,
/// N remaining, O burn rate, P runs out on.
fn approvals(audit: &Audit, invoices: usize, orders: usize) -> Table {
    let mut rows = Vec::new();
    let mut sums = [Decimal::ZERO; 5];
    for (i, summary) in audit.approvals.iter().enumerate() {
        let (approval, f) = (&summary.approval, &summary.figures);
        let figures = [f.authorised, f.committed, f.invoiced, f.paid, f.remaining];
        for (sum, figure) in sums.iter_mut().zip(figures) {
            *sum += figure;
        }
        let id = at('A', i);
        rows.push(Row {
            cells: vec![
                Cell::Id(approval.id),
                Cell::text(&summary.contract_number),
                Cell::text(&summary.vendor),
                Cell::text(approval.citation()),
                Cell::text(approval.outcome.words()),
                Cell::Date(approval.meeting_date),
                Cell::date(approval.term_from),
                Cell::date(approval.term_to),
                Cell::text(approval.fiscal_years.join(", ")),
                Cell::Money(f.authorised),
                Cell::money(sum_where(ORDERS, orders, &[('B', &id)], 'M'), f.committed),
                Cell::money(
                    sum_where(INVOICES, invoices, &[('C', &id)], 'G'),
                    f.invoiced,
                ),
                Cell::money(sum_where(INVOICES, invoices, &[('C', &id)], 'J'), f.paid),
                Cell::money(
                    format!("{}-{}-{}", at('J', i), at('K', i), at('L', i)),
                    f.remaining,
                ),
                f.burn_rate.map_or(Cell::Blank, Cell::Money),
                Cell::date(f.runs_out_on),
            ],
            total: false,
        });
    }
    let last = rows.len().checked_sub(1);
    let sums: Vec<(char, Decimal)> = ['J', 'K', 'L', 'M', 'N'].into_iter().zip(sums).collect();
    rows.push(total_row(16, 0, "Total", &sums, 0, last));
    Table {
        sheet: APPROVALS,
        file: "approvals.csv",
        about: "Each council action and where it stands: remaining = authorised − committed − \
                invoiced; the burn rate is invoiced per month since the term began.",
        columns: columns(&[
            ("Council action #", 10.0),
            ("Contract", 16.0),
            ("Vendor", 26.0),
            ("Action", 30.0),
            ("Outcome", 14.0),
            ("Meeting", 12.0),
            ("Term from", 12.0),
            ("Term to", 12.0),
            ("Fiscal years", 14.0),
            ("Authorised", 15.0),
            ("Committed", 15.0),
            ("Invoiced", 15.0),
            ("Paid", 15.0),
            ("Remaining", 15.0),
            ("Burn rate (a month)", 14.0),
            ("Runs out on", 12.0),
        ]),
        rows,
    }
}

/// What a history entry is about, as an auditor finds it: "Purchase order 4500-0113".
fn record(audit: &Audit, subject: Subject, id: i64) -> String {
    let orders = &audit.orders;
    let found = match subject {
        Subject::Approval => Some(format!("Council action #{id}")),
        Subject::PurchaseOrder => orders
            .iter()
            .find(|o| o.id == id)
            .map(|o| format!("Purchase order {}", o.number)),
        Subject::ChangeOrder => orders
            .iter()
            .find(|o| o.change_orders.iter().any(|c| c.id == id))
            .map(|o| format!("Change order on {}", o.number)),
        Subject::Invoice => orders.iter().find_map(|o| {
            o.invoices
                .iter()
                .find(|i| i.id == id)
                .map(|i| format!("Invoice {} on {}", i.number, o.number))
        }),
    };
    found.unwrap_or_else(|| format!("{} #{id} (since removed)", subject.key()))
}

/// Overrides: A date, B approval, C record, D rule, E sentence, F reason.
fn overrides(audit: &Audit) -> Table {
    let rows = audit
        .overrides
        .iter()
        .map(|entry| Row {
            cells: vec![
                Cell::Date(entry.at.date()),
                entry.approval_id.map_or(Cell::Blank, Cell::Id),
                Cell::text(record(audit, entry.subject, entry.subject_id)),
                Cell::text(entry.rule.map(|r| r.words()).unwrap_or_default()),
                Cell::text(entry.sentence.clone().unwrap_or_default()),
                Cell::text(entry.reason.clone().unwrap_or_default()),
            ],
            total: false,
        })
        .collect();
    Table {
        sheet: OVERRIDES,
        file: "overrides.csv",
        about: "Every guard rail a purchase broke and was recorded anyway: the rule, the \
                sentence the clerk was shown, and the reason the clerk gave.",
        columns: columns(&[
            ("Date", 12.0),
            ("Council action #", 10.0),
            ("Record", 30.0),
            ("Rule", 28.0),
            ("What the clerk was shown", 60.0),
            ("Reason given", 40.0),
        ]),
        rows,
    }
}

/// Variance: A approval, B projection from, C fiscal year, D up front, E projected,
/// F invoiced, G variance, H variance %, then a total row per approval.
fn variance(audit: &Audit, invoices: usize) -> Table {
    let mut rows: Vec<Row> = Vec::new();
    for variance in &audit.variances {
        let first = rows.len();
        let mut sums = [Decimal::ZERO; 4];
        let mut projected_any = false;
        for year in &variance.years {
            let i = rows.len();
            sums[1] += year.projected.unwrap_or_default();
            sums[2] += year.invoiced;
            sums[3] += year.variance.unwrap_or_default();
            sums[0] += year.up_front;
            projected_any |= year.projected.is_some();
            let id = at('A', i);
            let fy = at('C', i);
            rows.push(Row {
                cells: vec![
                    Cell::Id(variance.approval_id),
                    Cell::text(variance.basis_words()),
                    Cell::text(&year.fiscal_year),
                    year.projected
                        .map_or(Cell::Blank, |_| Cell::Money(year.up_front)),
                    year.projected.map_or(Cell::Blank, Cell::Money),
                    Cell::money(
                        sum_where(INVOICES, invoices, &[('C', &id), ('F', &fy)], 'G'),
                        year.invoiced,
                    ),
                    match year.variance {
                        Some(v) => Cell::money(format!("{}-{}", at('F', i), at('E', i)), v),
                        None => Cell::text("not projected"),
                    },
                    match year.percent {
                        Some(p) => Cell::Formula {
                            formula: format!("ROUND({}/{},4)", at('G', i), at('E', i)),
                            value: p,
                            percent: true,
                        },
                        None => Cell::Blank,
                    },
                ],
                total: false,
            });
        }
        let last = rows.len().checked_sub(1).filter(|&l| l >= first);
        let mut sum_cols = vec![('F', sums[2])];
        if projected_any {
            sum_cols = vec![
                ('D', sums[0]),
                ('E', sums[1]),
                ('F', sums[2]),
                ('G', sums[3]),
            ];
        }
        let mut total = total_row(8, 2, "Total", &sum_cols, first, last);
        total.cells[0] = Cell::Id(variance.approval_id);
        rows.push(total);
    }
    Table {
        sheet: VARIANCE,
        file: "variance.csv",
        about: "Per council action and fiscal year: what the approved comparison projected for \
                the recommended option (up front counted in the first year), what was invoiced, \
                and the variance (invoiced − projected) in dollars and as a share of the \
                projection.",
        columns: columns(&[
            ("Council action #", 10.0),
            ("Projection from", 50.0),
            ("Fiscal year", 11.0),
            ("Projected up front", 15.0),
            ("Projected", 15.0),
            ("Invoiced", 15.0),
            ("Variance", 15.0),
            ("Variance %", 11.0),
        ]),
        rows,
    }
}
