//! A contract's price list: the lines a buyer compares quotes against.
//!
//! Invariants: unit prices are `Decimal`, stored as the decimal text they were given
//! (`12.50` stays `12.50`, scale included) and read back exactly; SQL never sums or
//! sorts them. Lines keep the order the clerk entered them in.
//!
//! This file is the data ([`PriceLine`]) and its check; [`store`] reads and replaces a
//! contract's list (its functions are re-exported here).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::FieldError;

pub mod store;

pub use store::{price_lines, set_price_lines};

/// One line of a price list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceLine {
    pub item: String,
    /// each, hour, month, licence…
    #[serde(default)]
    pub unit: String,
    /// Exact decimal, a string on the wire.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub unit_price: Decimal,
    #[serde(default)]
    pub notes: String,
}

impl PriceLine {
    fn as_text(&self) -> String {
        let mut text = format!("{}: {}", self.item, self.unit_price);
        if !self.unit.is_empty() {
            text.push_str(&format!(" per {}", self.unit));
        }
        if !self.notes.is_empty() {
            text.push_str(&format!(" ({})", self.notes));
        }
        text
    }
}

/// Every problem of a price list, by line: each line needs an item and a price that is
/// not negative. The one check both the form and an import's plan use.
pub fn line_errors(lines: &[PriceLine]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let row = index + 1;
        if line.item.trim().is_empty() {
            errors.push(FieldError::new(
                &format!("priceLines.{index}.item"),
                &format!("Price line {row}, item"),
                "is required.",
            ));
        }
        if line.unit_price.is_sign_negative() && !line.unit_price.is_zero() {
            errors.push(FieldError::new(
                &format!("priceLines.{index}.unitPrice"),
                &format!("Price line {row}, unit price"),
                format!(
                    "{} is negative; enter the price as a positive amount.",
                    line.unit_price
                ),
            ));
        }
    }
    errors
}
