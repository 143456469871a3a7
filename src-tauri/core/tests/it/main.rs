//! The core's integration tests: one binary, one module per area, each test a sentence
//! about what a clerk, a script or a peer office meets. `support` holds what several
//! areas share.
//!
//! Run one area with its module path: `cargo test -p coopdesk-core --test it library::`.

mod support;

mod approved_order;
mod backup;
mod cli;
mod cli_compare;
mod cli_interchange;
mod cli_purchase_import;
mod cli_safety;
mod cli_spending;
mod comparison_reader_fuzz;
mod comparison_workbook;
mod due;
mod facet_counts;
mod hostile_input;
mod hub;
mod import_kill;
mod interchange;
mod library;
mod memo;
mod memo_approval;
mod memo_renewal;
mod memo_store;
mod no_gui_crates;
mod real_files;
mod search_highlights;
mod search_order;
mod security_proofs;
mod spending;
mod windows;
mod wire_types;
mod workbooks;
