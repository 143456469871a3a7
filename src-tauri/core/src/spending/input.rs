//! What a clerk types, checked: amounts in dollars and cents, dates not in the future,
//! numbers present, a credit memo marked as one. Malformed input is refused with a
//! sentence per field, all at once, and nothing is written; breaking a guard rail is not
//! malformed (that is [`super::rules`]'s, and needs only a reason).
//!
//! Amounts are read exactly: `$1,250.00`, `1250` and `1250.5` are accepted, `12a` and
//! `12.345` are not (money is kept to the cent, and a third decimal is a typing slip, not
//! a fraction of a cent to round away). A line's quantity may carry up to four decimals
//! (hours, tons).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::{
    ApprovalInput, ChangeOrderInput, InvoiceInput, PurchaseLine, PurchaseOrderInput,
};
use super::{line_total, money};
use crate::tco::dollars;
use crate::{Error, FieldError, Result};

/// An approval's facts, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedApproval {
    pub meeting_date: NaiveDate,
    pub not_to_exceed: Option<Decimal>,
    pub fiscal_years: Vec<String>,
    pub account_codes: Vec<String>,
}

/// A purchase order, checked: its amount and lines as exact decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedOrder {
    pub number: String,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub lines: Vec<PurchaseLine>,
}

/// A change order or an invoice, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAmount {
    pub date: NaiveDate,
    pub amount: Decimal,
}

/// Reads `text` as dollars and cents (`$`, thousands commas and a leading minus allowed).
pub fn parse_amount(text: &str, field: &str, label: &str) -> Result<Decimal, FieldError> {
    let typed = text.trim();
    let bad = |why: String| FieldError::new(field, label, why);
    if typed.is_empty() {
        return Err(bad(
            "is required; enter dollars and cents, such as 1250.00.".into(),
        ));
    }
    let (negative, rest) = match typed.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, typed),
    };
    let digits: String = rest
        .strip_prefix('$')
        .unwrap_or(rest)
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(bad(format!(
            "'{typed}' is not an amount; enter dollars and cents, such as 1250.00."
        )));
    }
    if digits
        .split_once('.')
        .is_some_and(|(_, cents)| cents.len() > 2)
    {
        return Err(bad(format!(
            "'{typed}' has more than two decimals; amounts are kept to the cent (such as \
             1250.25)."
        )));
    }
    let amount: Decimal = digits
        .parse()
        .map_err(|_| bad(format!("'{typed}' is too large to be an amount.")))?;
    Ok(money(if negative { -amount } else { amount }))
}

/// Reads a line's quantity: a number that is not negative, up to four decimals.
fn parse_quantity(text: &str, field: &str, label: &str) -> Result<Decimal, FieldError> {
    let typed = text.trim();
    let bad = |why: String| FieldError::new(field, label, why);
    let digits: String = typed.chars().filter(|c| *c != ',').collect();
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(bad(format!(
            "'{typed}' is not a quantity; enter a number such as 12 or 1.5."
        )));
    }
    if digits.split_once('.').is_some_and(|(_, d)| d.len() > 4) {
        return Err(bad(format!(
            "'{typed}' has more than four decimals; round the quantity."
        )));
    }
    digits
        .parse()
        .map_err(|_| bad(format!("'{typed}' is too large to be a quantity.")))
}

/// A required date that is not after `today`.
fn past_date(
    date: Option<NaiveDate>,
    today: NaiveDate,
    field: &str,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> NaiveDate {
    match date {
        None => {
            errors.push(FieldError::new(field, label, "is required (YYYY-MM-DD)."));
            today
        }
        Some(date) if date > today => {
            errors.push(FieldError::new(
                field,
                label,
                format!(
                    "{date} is in the future (today is {today}); record what has happened, \
                     on the date it happened."
                ),
            ));
            date
        }
        Some(date) => date,
    }
}

fn required(text: &str, field: &str, label: &str, errors: &mut Vec<FieldError>) -> String {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(field, label, "is required."));
    }
    text.to_owned()
}

fn done<T>(value: T, errors: Vec<FieldError>) -> Result<T> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Error::InvalidFields(errors))
    }
}

/// Trimmed, without blanks or repeats, in the clerk's order.
pub fn clean_list(items: &[String]) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for item in items.iter().map(|i| i.trim()) {
        if !item.is_empty() && !kept.iter().any(|k| k.eq_ignore_ascii_case(item)) {
            kept.push(item.to_owned());
        }
    }
    kept
}

/// Checks the council's action: a meeting that has happened, and a not-to-exceed in
/// dollars and cents exactly when the outcome approved spending.
pub fn check_approval(input: &ApprovalInput, today: NaiveDate) -> Result<CheckedApproval> {
    let mut errors = Vec::new();
    let meeting_date = past_date(
        input.meeting_date,
        today,
        "meetingDate",
        "Meeting date",
        &mut errors,
    );
    let not_to_exceed = if input.outcome.authorises() {
        match parse_amount(&input.not_to_exceed, "notToExceed", "Not-to-exceed") {
            Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => {
                errors.push(FieldError::new(
                    "notToExceed",
                    "Not-to-exceed",
                    format!(
                        "{} is negative; enter what the council approved.",
                        dollars(amount)
                    ),
                ));
                None
            }
            Ok(amount) => Some(amount),
            Err(error) => {
                errors.push(error);
                None
            }
        }
    } else {
        if !input.not_to_exceed.trim().is_empty() {
            errors.push(FieldError::new(
                "notToExceed",
                "Not-to-exceed",
                format!(
                    "an item the council {} authorises no spending; leave the amount empty.",
                    input.outcome.words()
                ),
            ));
        }
        None
    };
    if let (Some(from), Some(to)) = (input.term_from, input.term_to) {
        if from > to {
            errors.push(FieldError::new(
                "termTo",
                "Approved term, to",
                format!("{to} is before the term's start, {from}."),
            ));
        }
    }
    if input.memo_id.is_none() && input.contract_id.is_none() {
        errors.push(FieldError::new(
            "contractId",
            "Contract",
            "say which memo (or, for an approval made before CoopDesk, which library \
             contract) the council acted on.",
        ));
    }
    done(
        CheckedApproval {
            meeting_date,
            not_to_exceed,
            fiscal_years: clean_list(&input.fiscal_years),
            account_codes: clean_list(&input.account_codes),
        },
        errors,
    )
}

/// Checks a purchase order: a number, a date that has happened, an amount in dollars
/// and cents that is not negative, and lines (if any) that total it.
pub fn check_order(input: &PurchaseOrderInput, today: NaiveDate) -> Result<CheckedOrder> {
    let mut errors = Vec::new();
    let number = required(&input.number, "number", "PO number", &mut errors);
    let date = past_date(input.date, today, "date", "PO date", &mut errors);
    let amount = match parse_amount(&input.amount, "amount", "PO amount") {
        Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => {
            errors.push(FieldError::new(
                "amount",
                "PO amount",
                format!(
                    "{} is negative; a purchase order is for what is bought (lower one with \
                     a change order).",
                    dollars(amount)
                ),
            ));
            amount
        }
        Ok(amount) => amount,
        Err(error) => {
            errors.push(error);
            Decimal::ZERO
        }
    };
    let mut lines = Vec::new();
    for (index, line) in input.lines.iter().enumerate() {
        let row = index + 1;
        let label = |what: &str| format!("Line {row}, {what}");
        let field = |what: &str| format!("lines.{index}.{what}");
        let item = required(&line.item, &field("item"), &label("item"), &mut errors);
        let quantity = parse_quantity(&line.quantity, &field("quantity"), &label("quantity"));
        let price = parse_amount(&line.unit_price, &field("unitPrice"), &label("unit price"))
            .and_then(|p| {
                if p.is_sign_negative() && !p.is_zero() {
                    Err(FieldError::new(
                        &field("unitPrice"),
                        &label("unit price"),
                        format!("{} is negative; enter the price paid.", dollars(p)),
                    ))
                } else {
                    Ok(p)
                }
            });
        match (quantity, price) {
            (Ok(quantity), Ok(unit_price)) => lines.push(PurchaseLine {
                item,
                quantity,
                unit_price,
            }),
            (quantity, price) => errors.extend(quantity.err().into_iter().chain(price.err())),
        }
    }
    if errors.is_empty() && !lines.is_empty() {
        let total: Decimal = lines.iter().map(line_total).sum();
        if total != amount {
            errors.push(FieldError::new(
                "amount",
                "PO amount",
                format!(
                    "{} is not what its lines total, {}; correct a line or the amount.",
                    dollars(amount),
                    dollars(total)
                ),
            ));
        }
    }
    done(
        CheckedOrder {
            number,
            date,
            amount,
            lines,
        },
        errors,
    )
}

/// Checks a change order: the PO's number, a date that has happened, a signed amount
/// that is not zero, and its reason.
pub fn check_change_order(input: &ChangeOrderInput, today: NaiveDate) -> Result<CheckedAmount> {
    let mut errors = Vec::new();
    required(&input.po_number, "poNumber", "PO number", &mut errors);
    required(
        &input.reason,
        "reason",
        "Reason for the change",
        &mut errors,
    );
    let date = past_date(input.date, today, "date", "Change order date", &mut errors);
    let amount = match parse_amount(&input.amount, "amount", "Change") {
        Ok(amount) if amount.is_zero() => {
            errors.push(FieldError::new(
                "amount",
                "Change",
                "is zero; a change order raises or lowers the PO (write -500.00 to lower it).",
            ));
            amount
        }
        Ok(amount) => amount,
        Err(error) => {
            errors.push(error);
            Decimal::ZERO
        }
    };
    done(CheckedAmount { date, amount }, errors)
}

/// Checks an invoice: the PO it bills, its number, a date that has happened, a paid date
/// not before it, and an amount that is negative only on a credit memo (which is kept
/// negative however it was typed).
pub fn check_invoice(input: &InvoiceInput, today: NaiveDate) -> Result<CheckedAmount> {
    let mut errors = Vec::new();
    required(&input.po_number, "poNumber", "PO number", &mut errors);
    required(&input.number, "number", "Invoice number", &mut errors);
    let date = past_date(input.date, today, "date", "Invoice date", &mut errors);
    if let Some(paid) = input.paid_date {
        let paid = past_date(Some(paid), today, "paidDate", "Paid date", &mut errors);
        if paid < date {
            errors.push(FieldError::new(
                "paidDate",
                "Paid date",
                format!("{paid} is before the invoice's date, {date}."),
            ));
        }
    }
    let amount = match parse_amount(&input.amount, "amount", "Invoice amount") {
        Ok(amount) if input.credit_memo => -amount.abs(),
        Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => {
            errors.push(FieldError::new(
                "amount",
                "Invoice amount",
                format!(
                    "{} is negative; an invoice that gives money back is a credit memo — \
                     mark it as one.",
                    dollars(amount)
                ),
            ));
            amount
        }
        Ok(amount) => amount,
        Err(error) => {
            errors.push(error);
            Decimal::ZERO
        }
    };
    done(CheckedAmount { date, amount }, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Result<String, String> {
        parse_amount(text, "amount", "Amount")
            .map(|a| a.to_string())
            .map_err(|e| e.message)
    }

    #[test]
    fn amounts_are_read_to_the_cent_as_clerks_type_them() {
        assert_eq!(amount("1250").unwrap(), "1250.00");
        assert_eq!(amount("$1,250.5").unwrap(), "1250.50");
        assert_eq!(amount(" -760.00 ").unwrap(), "-760.00");
    }

    #[test]
    fn an_amount_with_letters_or_a_third_decimal_is_refused_with_a_sentence() {
        let letters = amount("12a0.00").unwrap_err();
        assert!(letters.contains("'12a0.00' is not an amount"), "{letters}");
        let decimals = amount("12.345").unwrap_err();
        assert!(decimals.contains("more than two decimals"), "{decimals}");
        assert!(amount("").unwrap_err().contains("is required"));
        assert!(amount("1.2.3").is_err() && amount("$").is_err() && amount("-").is_err());
    }
}
