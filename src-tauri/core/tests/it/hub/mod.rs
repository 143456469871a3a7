//! The shared hub against a real PostgreSQL: two laptops of one office and a third
//! jurisdiction, edits on both sides, conflicts, the server's own policies, TLS and the
//! hub's schema version.
//!
//! The server is the one `.ci/postgres` starts (CI sources it before the tests); each test
//! makes a database of its own on it. Without that server a test says why and passes —
//! unless `CI` is set, where it fails: CI must run these.

mod approvals;
mod checklists;
mod cli;
mod comparisons;
mod convergence;
mod documents;
mod kill;
mod leave;
mod memos;
mod policies;
mod region;
mod region_import;
mod server_stopped;
mod settings;
mod setup;
mod sync;

pub use setup::*;
