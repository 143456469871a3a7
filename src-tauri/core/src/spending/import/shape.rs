//! What a finance system's report looks like, read from its shape rather than its
//! words: amounts as registers print them, the subtotal and total rows between the
//! purchases, and a block of lines pasted twice.
//!
//! A report's words cannot be trusted to say what a row is: "Total Fleet Services" is a
//! vendor, and "skip every row containing Total" would drop its invoices. A total row is
//! told by its shape instead ([`total_row`]): no date and no PO, invoice or check number,
//! and either a label such as "Total" or "Subtotal" with the columns that identify a
//! purchase empty, or an amount equal to the sum of the purchases above it.

use rust_decimal::Decimal;

use crate::spending::input::parse_amount;

/// Symbols and codes of other currencies, as registers print them before or after an
/// amount: an amount carrying one is not in dollars and is refused.
const OTHER_CURRENCIES: [&str; 12] = [
    "€", "£", "¥", "₹", "₩", "CHF", "EUR", "GBP", "CAD", "C$", "MXN", "A$",
];

/// Reads an amount as real registers write it: `$1,250.00`, `-$760`, `$-1000.00`,
/// `(760.00)`, `-1,504`, `760.00-`, `$0.00`. Letters, a third decimal or another
/// currency are refused with a sentence (the caller names the line and the field).
pub fn read_amount(text: &str) -> Result<Decimal, String> {
    let typed = text.trim();
    if let Some(symbol) = OTHER_CURRENCIES
        .iter()
        .find(|s| typed.to_uppercase().contains(&s.to_uppercase()))
    {
        return Err(format!(
            "'{typed}' is in another currency ({symbol}); CoopDesk records US dollars. \
             Export the report in dollars."
        ));
    }
    let mut body = typed;
    // Each way of writing a minus, counted: more than one is not an amount.
    let mut signs = 0;
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        signs += 1;
        body = inner.trim();
    }
    if let Some(rest) = body.strip_suffix('-') {
        signs += 1;
        body = rest.trim();
    }
    for _ in 0..2 {
        if let Some(rest) = body.strip_prefix('-') {
            signs += 1;
            body = rest.trim_start();
        }
        body = body
            .strip_prefix("US$")
            .or_else(|| body.strip_prefix('$'))
            .unwrap_or(body)
            .trim_start();
    }
    let negative = signs == 1;
    body = body.strip_suffix("USD").unwrap_or(body).trim_end();
    if signs > 1 || body.starts_with('(') || body.starts_with('-') || body.starts_with('+') {
        return Err(format!(
            "'{typed}' is not an amount; a register writes dollars and cents such as \
             1250.00, -$760 or (760.00)."
        ));
    }
    if body.contains(',') && !commas_group_thousands(body) {
        return Err(format!(
            "'{typed}' is not an amount: its commas do not group thousands (write \
             1,504.00)."
        ));
    }
    let amount = parse_amount(body, "amount", "Amount").map_err(|e| {
        e.message
            .replace(&format!("'{body}'"), &format!("'{typed}'"))
            .replace(
                "enter dollars and cents",
                "a register writes dollars and cents",
            )
    })?;
    Ok(if negative { -amount } else { amount })
}

/// Whether the commas of `body` (digits, commas, one point) fall every three digits.
fn commas_group_thousands(body: &str) -> bool {
    let whole = body.split_once('.').map_or(body, |(whole, _)| whole);
    let groups: Vec<&str> = whole.split(',').collect();
    !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
}

/// Labels a report prints in the first column of a subtotal or total row.
pub fn total_label(text: &str) -> bool {
    let words = text.trim().to_lowercase();
    let words = words.trim_end_matches(':');
    [
        "total",
        "subtotal",
        "sub-total",
        "grand total",
        "report total",
    ]
    .iter()
    .any(|label| {
        words == *label
            || words.starts_with(&format!("{label} "))
            || words.starts_with(&format!("{label}:"))
    })
}

/// What a total row adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// The rows since the previous subtotal (a vendor's, a fund's, a page's).
    Subtotal,
    /// Every purchase of the report.
    GrandTotal,
}

/// A row's facts that tell a total from a purchase.
#[derive(Debug)]
pub struct RowShape<'a> {
    /// The row's first non-empty cell.
    pub first_cell: &'a str,
    /// Whether it has a date, or a PO, invoice or check number.
    pub identified: bool,
    pub amount: Option<Decimal>,
}

/// Whether a row is a subtotal or a total of the purchases above it, by its shape: it
/// has no date and no number, and either it is labelled "Total…"/"Subtotal…" or its
/// amount is the sum of the purchases since the last subtotal (`section`) or of the
/// whole report (`report`). A row with a date or a number is a purchase, whatever its
/// words say.
pub fn total_row(row: &RowShape<'_>, section: Decimal, report: Decimal) -> Option<Total> {
    if row.identified {
        return None;
    }
    let amount = row.amount?;
    let labelled = total_label(row.first_cell);
    let grand = row.first_cell.to_lowercase().contains("grand")
        || row.first_cell.to_lowercase().contains("report");
    if (labelled && grand) || (amount == report && amount != section) {
        return Some(Total::GrandTotal);
    }
    if labelled || amount == section {
        return Some(Total::Subtotal);
    }
    None
}

/// A block of rows that repeats an earlier block exactly (indices into the rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat {
    /// The earlier block's first and last row.
    pub first: usize,
    pub last: usize,
    /// The repeating block's first row.
    pub copy: usize,
}

impl Repeat {
    /// The repeating block's last row.
    pub fn copy_last(&self) -> usize {
        self.copy + (self.last - self.first)
    }
}

/// For each row (by index), the [`Repeat`] it lies in: a run of at least two
/// consecutive rows identical to an earlier run that ends before it starts. A single
/// identical line is often genuine (two equal payments), so it is never flagged alone.
pub fn pasted_twice(rows: &[String]) -> Vec<Option<Repeat>> {
    use std::collections::HashMap;
    let mut flagged: Vec<Option<Repeat>> = vec![None; rows.len()];
    let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        if flagged[i].is_none() {
            // The latest few earlier copies are enough: a block pasted twice is near.
            let earlier: Vec<usize> = seen
                .get(rows[i].as_str())
                .map(|at| at.iter().rev().take(8).copied().collect())
                .unwrap_or_default();
            for j in earlier {
                let mut run = 0;
                while i + run < rows.len() && j + run < i && rows[j + run] == rows[i + run] {
                    run += 1;
                }
                if run >= 2 {
                    let repeat = Repeat {
                        first: j,
                        last: j + run - 1,
                        copy: i,
                    };
                    for t in 0..run {
                        flagged[i + t] = Some(repeat);
                    }
                    break;
                }
            }
        }
        seen.entry(rows[i].as_str()).or_default().push(i);
    }
    flagged
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn amounts_are_read_as_registers_write_them() {
        for (typed, amount) in [
            ("-$760", "-760"),
            ("$-1000.00", "-1000"),
            ("(760.00)", "-760"),
            ("($760.00)", "-760"),
            ("-1,504", "-1504"),
            ("760.00-", "-760"),
            ("$0.00", "0"),
            ("$1,250.5", "1250.50"),
            (" 12 ", "12"),
        ] {
            assert_eq!(read_amount(typed), Ok(d(amount)), "{typed}");
        }
    }

    #[test]
    fn letters_three_decimals_and_other_currencies_are_refused() {
        for (typed, says) in [
            ("12O0.00", "not an amount"),
            ("1200.005", "more than two decimals"),
            ("€1,200.00", "another currency (€)"),
            ("1200.00 CAD", "another currency (CAD)"),
            ("1,20,000", "do not group thousands"),
            ("--5", "not an amount"),
        ] {
            let sentence = read_amount(typed).unwrap_err();
            assert!(sentence.contains(says), "{typed}: {sentence}");
            assert!(sentence.contains(typed.trim()), "{typed}: {sentence}");
        }
    }

    fn shape<'a>(first: &'a str, identified: bool, amount: &str) -> RowShape<'a> {
        RowShape {
            first_cell: first,
            identified,
            amount: Some(d(amount)),
        }
    }

    #[test]
    fn totals_are_told_by_shape_not_by_words() {
        let (section, report) = (d("300"), d("900"));
        assert_eq!(
            total_row(&shape("Total Fleet Services", true, "120"), section, report),
            None,
            "a vendor named Total with a date or a number is a purchase"
        );
        assert_eq!(
            total_row(&shape("Total Staples", false, "300"), section, report),
            Some(Total::Subtotal)
        );
        assert_eq!(
            total_row(&shape("", false, "300"), section, report),
            Some(Total::Subtotal),
            "an unlabelled sum of the rows above"
        );
        assert_eq!(
            total_row(&shape("", false, "900"), section, report),
            Some(Total::GrandTotal)
        );
        assert_eq!(
            total_row(&shape("Grand Total", false, "899"), section, report),
            Some(Total::GrandTotal),
            "labelled, even when the report's own sum is off"
        );
        assert_eq!(
            total_row(&shape("Acme Hardware", false, "45"), section, report),
            None,
            "an undated, unnumbered purchase that sums nothing is not a total"
        );
    }

    #[test]
    fn only_a_block_of_lines_repeated_is_flagged() {
        let rows: Vec<String> = ["a", "b", "c", "a", "b", "c", "c", "d"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let flagged = pasted_twice(&rows);
        let block = Some(Repeat {
            first: 0,
            last: 2,
            copy: 3,
        });
        assert_eq!(
            flagged,
            vec![None, None, None, block, block, block, None, None],
            "the second a-b-c is the first pasted again; a lone repeated c is not"
        );
    }
}
