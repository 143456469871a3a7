//! Cent rounding and checked arithmetic shared by the TCO rooms.
//!
//! Every operation on numbers a clerk typed is checked: a result that does not fit in a
//! `Decimal` becomes an [`Error::invalid`] naming the field, never a panic.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::{Error, Result};

/// Rounds half-up to cents. "Half-up" means half away from zero, the way spreadsheets
/// and Python's `ROUND_HALF_UP` round: 1010.505 → 1010.51 and −0.005 → −0.01. The result
/// always carries two decimals (`0` becomes `0.00`), so every amount the UI receives has
/// the same form.
pub fn round_cents(amount: Decimal) -> Decimal {
    let mut cents = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    cents.rescale(2);
    cents
}

/// An amount as a sentence says it: `$1,234,567.80`, and a negative one with the minus
/// sign before the dollar sign, `−$12,000.00` (never `$-12,000.00`). Rounded to cents.
pub fn dollars(amount: Decimal) -> String {
    let figure = format_dollars(amount);
    match figure.strip_prefix('-') {
        Some(positive) => format!("−${positive}"),
        None => format!("${figure}"),
    }
}

/// Dollars and cents with thousands separators, as tables print them: `1,234,567.80`,
/// `-1,500.00`. The amount is rounded to cents first.
pub fn format_dollars(amount: Decimal) -> String {
    let rounded = round_cents(amount);
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{cents}")
}

/// `a × b`, or a validation error on `field` when the product is too large to hold.
pub(crate) fn mul(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| too_large(field))
}

/// `a + b`, or a validation error on `field`.
pub(crate) fn add(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| too_large(field))
}

/// `a − b`, or a validation error on `field`.
pub(crate) fn sub(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| too_large(field))
}

/// `a ÷ b`, or a validation error on `field` (also for a zero divisor).
pub(crate) fn div(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    a.checked_div(b).ok_or_else(|| too_large(field))
}

fn too_large(field: &str) -> Error {
    Error::invalid(
        field,
        "the numbers are too large to calculate exactly. Check the amounts, quantities and \
         rates for a misplaced digit.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_cents_round_away_from_zero_like_a_spreadsheet() {
        let cases = [
            ("1010.505", "1010.51"),
            ("0.005", "0.01"),
            ("-0.005", "-0.01"),
            ("2.004", "2.00"),
            ("0", "0.00"),
            ("300000", "300000.00"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                round_cents(input.parse().unwrap()).to_string(),
                expected,
                "{input} should print as {expected} on the clerk's table"
            );
        }
    }

    #[test]
    fn dollars_print_with_thousands_separators_and_cents() {
        let cases = [
            ("751510.15", "751,510.15"),
            ("0", "0.00"),
            ("-1500", "-1,500.00"),
            ("999.995", "1,000.00"),
            ("100", "100.00"),
            ("1234567.8", "1,234,567.80"),
        ];
        for (input, expected) in cases {
            assert_eq!(format_dollars(input.parse().unwrap()), expected, "{input}");
        }
    }

    #[test]
    fn a_sentence_puts_the_minus_before_the_dollar_sign() {
        for (input, expected) in [
            ("-12000", "−$12,000.00"),
            ("12000", "$12,000.00"),
            ("-0.001", "$0.00"),
            ("-0.005", "−$0.01"),
        ] {
            assert_eq!(dollars(input.parse().unwrap()), expected, "{input}");
        }
    }

    #[test]
    fn an_overflowing_product_is_a_validation_error_not_a_crash() {
        let error = mul(Decimal::MAX, Decimal::TWO, "Amount").unwrap_err();
        assert_eq!(
            error.code(),
            "invalid",
            "the clerk should be told to fix the input"
        );
        assert!(error.to_string().starts_with("Amount:"), "{error}");
    }
}
