//! The end-to-end tests: one binary, one module per screen or journey, each test what a
//! clerk does in the real window. They take turns at the window (see `coopdesk_e2e`).
//!
//! Run one with its module path:
//! `cargo test -p coopdesk-e2e --test it window::the_library_shows_the_sample_contracts_on_first_start`.

mod support;

mod accessibility;
mod comparisons;
mod due;
mod hub;
mod import;
mod keyboard;
mod library;
mod memos;
mod rates_and_starts;
mod recovery;
mod renewal_memo;
mod spending;
mod spending_import;
mod window;
mod zoom;
