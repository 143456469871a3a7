//! The tables as CSV files, one per sheet in `dir`: a header line, then one line per
//! record with the cells' values (formulas as the core's figure, amounts with two
//! decimals, dates as `YYYY-MM-DD`, percentages as `12.34`). Total rows are left out: a
//! program reading the file sums what it needs, and a total line would be read as one
//! more record.

use std::path::{Path, PathBuf};

use super::tables::{tables, Cell};
use super::Audit;
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
        Cell::Text(text) => text.clone(),
        Cell::Id(id) => id.to_string(),
        Cell::Date(date) => date.to_string(),
        Cell::Money(amount) | Cell::Formula { value: amount, .. } => amount.to_string(),
    }
}
