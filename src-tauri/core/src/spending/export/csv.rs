//! The tables as CSV files, one per sheet in `dir`: a header line, then one line per
//! record with the cells' values (formulas as the core's figure, amounts with two
//! decimals, dates as `YYYY-MM-DD`, percentages as `12.34`); text that Excel would run as
//! a formula (a vendor or a description starting `=`, `+`, `-`, `@`) gets a `'` first, as
//! in the library's own CSV, so it is shown, never run. Total rows are left out: a
//! program reading the file sums what it needs, and a total line would be read as one
//! more record.

use std::path::{Path, PathBuf};

use super::tables::{tables, Cell};
use super::Audit;
use crate::interchange::csv::neutralised;
use crate::{Error, Result};

/// Writes the audit's CSV files into `dir` (made if missing), each whole or not at all;
/// answers their paths in the order of the workbook's sheets.
pub fn write_csv(audit: &Audit, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::File(format!(
            "the folder {} could not be made: {e}.",
            dir.display()
        ))
    })?;
    let mut written = Vec::new();
    for table in tables(audit) {
        let mut out = csv::Writer::from_writer(Vec::new());
        let record = |e: csv::Error| Error::File(format!("a CSV line could not be written: {e}."));
        out.write_record(table.columns.iter().map(|c| c.header))
            .map_err(record)?;
        for row in table.rows.iter().filter(|r| !r.total) {
            out.write_record(row.cells.iter().map(text))
                .map_err(record)?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::File(format!("a CSV file could not be written: {e}.")))?;
        let path = dir.join(table.file);
        crate::files::write_bytes(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Text(text) => neutralised(text).into_owned(),
        Cell::Id(id) => id.to_string(),
        Cell::Date(date) => date.to_string(),
        Cell::Money(amount) | Cell::Formula { value: amount, .. } => amount.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_excel_would_run_is_written_to_be_shown_and_figures_stay_figures() {
        let cell = |t: &str| text(&Cell::Text(t.to_owned()));
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"pay\")"),
            "'=HYPERLINK(\"http://x\",\"pay\")"
        );
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("+1 555 0100"), "'+1 555 0100");
        assert_eq!(cell("Total Fleet Services"), "Total Fleet Services");
        let credit: rust_decimal::Decimal = "-40.00".parse().unwrap();
        assert_eq!(text(&Cell::Money(credit)), "-40.00", "a credit is a number");
    }
}
