//! What more than one area of the suite needs: the CLI as a script runs it, libraries to
//! start from, comparisons built from the published cases, the fixture files, and the
//! checkers that read what CoopDesk writes (PDF rules, LibreOffice).

pub mod cli;
pub mod comparison;
pub mod library;
pub mod pdf_rules;
pub mod soffice;

use std::path::{Path, PathBuf};

/// A file under `tests/fixtures/`: the published TCO cases as comparison files, hostile
/// inputs kept as regressions.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
