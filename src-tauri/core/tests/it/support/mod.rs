//! What more than one area of the suite needs.

pub mod pdf_rules;
pub mod soffice;
