//! Certificates of insurance: the vendor's proof that it carries the policies the
//! jurisdiction requires, naming the jurisdiction, for a contract (and, when given for
//! one council action, that approval).
//!
//! ## Brief overview
//!
//! - [`model`] is the data: [`Certificate`] with its [`Policy`]s, what a form or the
//!   command line sends ([`CertificateInput`]), the [`MinimumLimit`]s the jurisdiction
//!   requires, and [`shortfalls`], the policies below them;
//! - [`store`] keeps certificates in the library (migration 0015), the PDF among the
//!   contract's checksummed documents.
//!
//! Invariants: limits are exact decimals to the cent, never `f64`; a certificate is a
//! record and is never deleted (a new one is recorded when the vendor sends it); a
//! certificate below the minimums is flagged, never refused — the clerk records what the
//! vendor sent.

pub mod model;
pub mod store;

pub use model::{
    shortfalls, AdditionalInsured, Certificate, CertificateInput, MinimumLimit, Policy,
    PolicyInput, PolicyKind, Shortfall,
};
