//! LibreOffice headless as an independent spreadsheet engine: it opens a workbook,
//! recalculates every formula and writes each sheet as CSV, which the tests compare with
//! CoopDesk's own figures.
//!
//! Needs the Debian package `libreoffice-calc-nogui` (`soffice`). Without it a test
//! prints why it skipped, except in CI (`CI` set), where it fails. Under Windows (the
//! core suite also runs under Wine, where there is no LibreOffice) it always skips.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One sheet as rows of cell texts (raw values, not as displayed).
pub type Sheet = Vec<Vec<String>>;

/// Recalculates each workbook (name → bytes, names ending in `.xlsx` or `.ods`) and
/// returns, per workbook, its sheets by name. `None` when LibreOffice is not available
/// here (the reason printed).
pub fn recalculate(
    workbooks: &[(&str, Vec<u8>)],
) -> Option<BTreeMap<String, BTreeMap<String, Sheet>>> {
    if cfg!(windows) {
        eprintln!("skipped: LibreOffice is not run on Windows (the suite runs under Wine, which has none)");
        return None;
    }
    let soffice = find_soffice()?;
    let dir = tempfile::tempdir().unwrap();
    let profile = private_profile(dir.path());
    let mut inputs = Vec::new();
    for (name, bytes) in workbooks {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        inputs.push(path);
    }
    let out = dir.path().join("out");
    // Tokens: comma, double quote, UTF-8, from line 1, default cell format, US English
    // numbers, …, not "as shown" (raw values), no formulas, all sheets (-1).
    let output = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--nologo", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(&out)
        .args(&inputs)
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "LibreOffice could not convert the workbooks: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut books = BTreeMap::new();
    for (name, _) in workbooks {
        let stem = Path::new(name)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut sheets = BTreeMap::new();
        for entry in std::fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(sheet) = file
                .strip_prefix(&format!("{stem}-"))
                .and_then(|rest| rest.strip_suffix(".csv"))
            else {
                continue;
            };
            sheets.insert(sheet.to_owned(), read_csv(&path));
        }
        assert!(
            !sheets.is_empty(),
            "LibreOffice wrote no sheet of {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        books.insert(name.to_string(), sheets);
    }
    Some(books)
}

fn read_csv(path: &Path) -> Sheet {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn find_soffice() -> Option<PathBuf> {
    for candidate in ["soffice", "libreoffice"] {
        if Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(PathBuf::from(candidate));
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "LibreOffice (soffice) is required in CI: apt-get install libreoffice-calc-nogui"
    );
    eprintln!(
        "skipped: LibreOffice is not installed (apt-get install --no-install-recommends \
         libreoffice-calc-nogui)"
    );
    None
}

/// A profile of its own for this run, so parallel tests do not share (and lock) one, set
/// to recalculate every formula of every file it loads: the cached values in a file are
/// never what a test checks.
fn private_profile(dir: &Path) -> PathBuf {
    let profile = dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    let item = |mode: &str| {
        format!(
            "<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\"><prop oor:name=\"{mode}\" \
             oor:op=\"fuse\"><value>0</value></prop></item>"
        )
    };
    std::fs::write(
        profile.join("user").join("registrymodifications.xcu"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<oor:items \
             xmlns:oor=\"http://openoffice.org/2001/registry\" \
             xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n{}\n{}\n</oor:items>\n",
            item("OOXMLRecalcMode"),
            item("ODFRecalcMode")
        ),
    )
    .unwrap();
    profile
}

/// Converts a workbook to PDF (for looking at it), returning the PDF's path in `dir`.
pub fn to_pdf(xlsx: &Path, dir: &Path) -> Option<PathBuf> {
    let soffice = find_soffice()?;
    let profile = private_profile(dir);
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(xlsx)
        .status()
        .ok()?;
    status
        .success()
        .then(|| dir.join(xlsx.with_extension("pdf").file_name().unwrap()))
}

/// Converts a workbook with LibreOffice (`filter` as for `--convert-to`), returning the
/// new file's bytes, or `None` when LibreOffice is not available here.
pub fn convert(bytes: &[u8], name: &str, filter: &str, ext: &str) -> Option<Vec<u8>> {
    if cfg!(windows) {
        return None;
    }
    let soffice = find_soffice()?;
    let dir = tempfile::tempdir().unwrap();
    let profile = private_profile(dir.path());
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("out");
    let output = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let converted = out.join(Path::new(name).with_extension(ext).file_name().unwrap());
    Some(std::fs::read(converted).unwrap())
}
