//! The term check of a contract in the library: what the comparison editor shows beside
//! an option bought through it.

use chrono::NaiveDate;

use super::{term_warnings, TermCheck, TermDates};
use crate::db::Database;
use crate::library::contract;
use crate::Result;

/// The warnings about buying under contract `id` on `dates`, seen on `today`.
pub fn term_check(db: &Database, id: i64, dates: TermDates, today: NaiveDate) -> Result<TermCheck> {
    let contract = contract::get(db, id)?;
    Ok(TermCheck {
        contract_id: contract.id,
        warnings: term_warnings(&contract, dates, today),
    })
}
