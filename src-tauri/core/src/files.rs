//! Files on the clerk's disk, written whole or not at all — on Windows as on macOS and
//! Linux.
//!
//! Windows differs from Unix in ways that lose work when forgotten, so every file CoopDesk
//! writes goes through this module:
//!
//! - **Syncing needs a handle opened for writing.** `File::sync_all` is
//!   `FlushFileBuffers` there, which refuses a read-only handle ("Access denied"). A file
//!   is synced through the handle that wrote it ([`write_whole`]) or one opened for
//!   writing ([`sync_file`]), never one opened only to read.
//! - **A file another program holds open cannot be replaced, renamed or deleted** (a PDF
//!   in the viewer while the clerk prints the memo again; a CSV open in Excel while
//!   exporting to it). [`write_whole`] writes the new bytes beside the target and renames
//!   them over it at the end; when that is refused the clerk gets
//!   [`Error::FileInUse`], which says what to close, and the old file is left as it was.
//! - **Some names cannot be files at all**: `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
//!   `LPT1`–`LPT9` (with any extension), names ending in a dot or a space, and the
//!   characters `<>:"/\|?*`. [`safe_file_name`] turns any title into a name every system
//!   accepts.
//! - **A folder on another computer cannot hold the library.** SQLite's write-ahead log
//!   needs memory shared between the processes that use the file, which a network share
//!   (`\\server\share`, or a drive letter mapped to one) does not give across machines.
//!   [`refuse_network_folder`] says so and points to bundles for sharing.
//! - **Long paths** (over 260 characters) work: the standard library adds the `\\?\`
//!   prefix itself, and [`sqlite_path`] gives SQLite the same form.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The longest file name written, in bytes: the limit of NTFS, APFS and ext4 is 255, and
/// a margin is kept for the `.partial` sibling written first.
pub const MAX_FILE_NAME_BYTES: usize = 180;

/// Writes a file whole or not at all: `write` fills `<path>.partial`, which is flushed to
/// the disk through the handle that wrote it and then renamed over `path`. On any error
/// the partial file is removed and `path` is exactly as it was — including when another
/// program holds it open ([`Error::FileInUse`]).
///
/// When the file system refused a write (a full disk), that is the error returned, made
/// by [`Error::io`], whatever `write` made of it on its way back: the CSV and workbook
/// writers word their own errors.
pub fn write_whole(path: &Path, write: impl FnOnce(&mut PartialFile) -> Result<()>) -> Result<()> {
    refuse_if_in_use(path)?;
    let partial = sibling(path, ".partial");
    let written = (|| {
        let file = File::create(&partial).map_err(|e| Error::io("write", path, e))?;
        let mut out = PartialFile::new(BufWriter::with_capacity(1 << 16, file));
        if let Err(error) = write(&mut out) {
            return Err(out.refusal(path).unwrap_or(error));
        }
        let file = out
            .out
            .into_inner()
            .map_err(|e| Error::io("write", path, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io("write", path, e))?;
        drop(file);
        replace(&partial, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
    written
}

/// The file [`write_whole`] hands to its writer: buffered, and remembering the first error
/// the file system gave.
#[derive(Debug)]
pub struct PartialFile<W = BufWriter<File>> {
    out: W,
    refused: Option<io::Error>,
}

impl<W> PartialFile<W> {
    fn new(out: W) -> Self {
        PartialFile { out, refused: None }
    }

    /// Keeps the first error the file system gave (a copy: the original goes back to the
    /// writer). An interrupted write is retried by the writer, not a refusal.
    fn remember<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let (Err(error), None) = (&result, &self.refused) {
            if error.kind() == io::ErrorKind::Interrupted {
                return result;
            }
            self.refused = Some(match error.raw_os_error() {
                Some(code) => io::Error::from_raw_os_error(code),
                None => io::Error::new(error.kind(), error.to_string()),
            });
        }
        result
    }

    /// The error the file system gave while writing `path`, if it gave one.
    fn refusal(&mut self, path: &Path) -> Option<Error> {
        self.refused
            .take()
            .map(|error| Error::io("write", path, error))
    }
}

impl<W: Write> Write for PartialFile<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.out.write(buf);
        self.remember(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.out.flush();
        self.remember(result)
    }
}

impl<W: Seek> Seek for PartialFile<W> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let result = self.out.seek(pos);
        self.remember(result)
    }
}

/// [`write_whole`] for bytes already in memory.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_whole(path, |out| {
        out.write_all(bytes)
            .map_err(|e| Error::io("write", path, e))
    })
}

/// Flushes a file that something else wrote (SQLite's backup, a copy) to the disk, so
/// that a rename after it never exposes a file whose bytes are still in the cache when
/// the power goes. The handle is opened for writing: Windows refuses to flush a
/// read-only one.
pub fn sync_file(path: &Path) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|file| file.sync_all())
        .map_err(|e| Error::io("write", path, e))
}

/// Flushes a folder's entries (the renames in it). Only Unix can open a folder for this;
/// on Windows a rename is durable once it returns. Best effort: the data is already safe.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Renames `from` over `to` (replacing it), then flushes the folder. A target held open
/// by another program is [`Error::FileInUse`], and both files stay as they were.
pub fn replace(from: &Path, to: &Path) -> Result<()> {
    match fs::rename(from, to) {
        Ok(()) => {
            if let Some(parent) = to.parent() {
                sync_dir(parent);
            }
            Ok(())
        }
        Err(error) => {
            // Windows answers "Access denied" rather than "sharing violation" when the
            // target of a rename is open elsewhere; tell the two apart by asking.
            refuse_if_in_use(to)?;
            refuse_if_in_use(from)?;
            Err(Error::io("replace", to, error))
        }
    }
}

/// Removes a file; one that is not there is not an error.
pub fn remove_if_any(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("remove", path, e)),
        _ => Ok(()),
    }
}

/// [`Error::FileInUse`] when another program holds `path` open so that it cannot be
/// replaced (Windows); nothing anywhere else, nor for a file that does not exist.
pub fn refuse_if_in_use(path: &Path) -> Result<()> {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // Opening for writing while sharing everything fails only when another handle
        // denies sharing: exactly the case in which a rename over the file fails too.
        const SHARE_ALL: u32 = 0x1 | 0x2 | 0x4; // FILE_SHARE_READ | _WRITE | _DELETE
        if let Err(error) = OpenOptions::new()
            .write(true)
            .share_mode(SHARE_ALL)
            .open(path)
        {
            if crate::error::is_sharing_violation(&error) {
                return Err(Error::file_in_use(path));
            }
        }
    }
    #[cfg(not(windows))]
    let _ = path;
    Ok(())
}

/// `path` with `suffix` added to its file name (`memo.pdf` → `memo.pdf.partial`).
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A file name that is safe to create on Windows, macOS and Linux, from any title or
/// name a user's file had: no path separators or characters Windows forbids
/// (`<>:"/\|?*`, control and bidirectional-control characters), no leading dots (hidden
/// files, `..`), no trailing dots or spaces (Windows drops them), no reserved device
/// names (`CON`, `nul.txt`, `COM1`, `Con. Services.pdf`…), at most
/// [`MAX_FILE_NAME_BYTES`] bytes with the extension kept, and never empty.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() || is_bidi_control(c) => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let mut name = if trimmed.is_empty() {
        "document".to_owned()
    } else {
        trimmed.to_owned()
    };
    if is_reserved_device_name(&name) {
        name.insert(0, '_');
    }
    shorten(&name, MAX_FILE_NAME_BYTES)
}

/// Whether Windows reads `name` as a device rather than a file: the part before the
/// first dot, without trailing spaces, is `CON`, `PRN`, `AUX`, `NUL`, `CONIN$`,
/// `CONOUT$`, or `COM`/`LPT` and a digit (superscript digits included).
pub fn is_reserved_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end_matches([' ', '.'])
        .to_ascii_uppercase();
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix).is_some_and(|rest| {
            let mut chars = rest.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some(c), None) if c.is_ascii_digit() || "¹²³".contains(c)
            )
        })
    };
    matches!(
        stem.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || numbered("COM")
        || numbered("LPT")
}

/// Characters that reorder text on screen without being seen (a name could show
/// `gpj.exe` as `exe.jpg`): never part of a file name CoopDesk writes.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Cuts `name` to at most `max` bytes on a character boundary, keeping a short
/// extension so the file still opens with the right program.
pub(crate) fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let extension = match name.rfind('.') {
        Some(dot) if name.len() - dot <= 12 && dot > 0 => &name[dot..],
        _ => "",
    };
    let mut cut = max.saturating_sub(extension.len());
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = name[..cut].trim_end_matches(['.', ' ']);
    format!("{stem}{extension}")
}

/// Refuses a data folder on another computer (see the module's notes): a UNC path
/// (`\\server\share\…`), or on Windows a drive letter mapped to one, which the system
/// resolves to its UNC form.
pub fn refuse_network_folder(dir: &Path) -> Result<()> {
    let resolved = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    if is_network_path(dir) || is_network_path(&resolved) {
        return Err(Error::NetworkFolder {
            path: dir.to_owned(),
        });
    }
    Ok(())
}

/// Whether a path names a folder on another computer: `\\server\share`,
/// `\\?\UNC\server\share` or `//server/share` (on Windows, where both slashes are
/// separators). `\\?\C:\` and `\\.\` device paths are local.
pub fn is_network_path(path: &Path) -> bool {
    let text = path.to_string_lossy();
    let text = if cfg!(windows) {
        text.replace('/', "\\")
    } else {
        text.into_owned()
    };
    let upper = text.to_ascii_uppercase();
    if upper.starts_with(r"\\?\UNC\") {
        return true;
    }
    if upper.starts_with(r"\\?\") || upper.starts_with(r"\\.\") {
        return false;
    }
    text.starts_with(r"\\")
}

/// The path to give SQLite for a file: as it is, except on Windows when it is longer than
/// the 260 characters the Windows API takes without the `\\?\` prefix (a user folder with
/// a long name, several folders deep), where the prefixed absolute form is used.
pub fn sqlite_path(path: &Path) -> PathBuf {
    #[cfg(windows)]
    if path.as_os_str().len() >= 240 && !path.to_string_lossy().starts_with("\\\\?\\") {
        if let Some(parent) = path.parent() {
            if let (Ok(parent), Some(name)) = (fs::canonicalize(parent), path.file_name()) {
                return parent.join(name);
            }
        }
    }
    path.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_refuses_become_names_it_accepts() {
        for (wanted, safe) in [
            ("CON", "_CON"),
            ("con.pdf", "_con.pdf"),
            ("nul.tar.gz", "_nul.tar.gz"),
            ("Con. Services v1.pdf", "_Con. Services v1.pdf"),
            ("AUX .csv", "_AUX .csv"),
            ("com1.pdf", "_com1.pdf"),
            ("LPT9", "_LPT9"),
            ("COM²", "_COM²"),
            ("CONOUT$.txt", "_CONOUT$.txt"),
            ("award: final?.pdf", "award_ final_.pdf"),
            ("a<b>c|d\"e*f.csv", "a_b_c_d_e_f.csv"),
            ("..\\..\\windows\\system32", "_.._windows_system32"),
            ("report. . .", "report"),
            ("trailing space .pdf ", "trailing space .pdf"),
            ("   ", "document"),
            ("tab\there.pdf", "tab_here.pdf"),
            ("invoice\u{202E}fdp.exe", "invoice_fdp.exe"),
        ] {
            assert_eq!(safe_file_name(wanted), safe, "for {wanted:?}");
        }
    }

    #[test]
    fn ordinary_names_are_kept_as_the_clerk_typed_them() {
        for name in [
            "Computer.pdf",
            "Console.csv",
            "COM10.pdf",
            "Auxiliary services.docx",
            "Peñasco – contrat.pdf",
            "José Núñez memo v2.pdf",
            "Nulls and voids.txt",
        ] {
            assert_eq!(safe_file_name(name), name);
        }
    }

    #[test]
    fn a_long_name_is_cut_on_a_character_and_keeps_its_extension() {
        let long = format!("{}.pdf", "é".repeat(200));
        let safe = safe_file_name(&long);
        assert!(safe.len() <= MAX_FILE_NAME_BYTES, "{} bytes", safe.len());
        assert!(safe.ends_with(".pdf"), "the extension is kept: {safe}");
    }

    #[test]
    fn every_safe_name_can_be_created_and_read_back_unchanged() {
        // On Windows (the suite runs under Wine) this is the proof: the system takes each
        // name as an ordinary file, not a device, and lists it back as written.
        let dir = tempfile::tempdir().unwrap();
        let wanted = [
            "CON",
            "prn.txt",
            "Aux",
            "NUL.pdf",
            "COM1",
            "lpt3.csv",
            "COM¹",
            "CONIN$",
            "Con. Services v1.pdf",
            "x.",
            "y ",
            "a:b",
            "q?",
            "José Núñez.pdf",
            "日本語.csv",
        ];
        for name in wanted {
            let safe = safe_file_name(name);
            let path = dir.path().join(&safe);
            write_bytes(&path, name.as_bytes()).unwrap_or_else(|e| panic!("{safe:?}: {e}"));
            assert_eq!(
                fs::read(&path).unwrap(),
                name.as_bytes(),
                "{safe:?} reads back"
            );
        }
        let mut listed: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        listed.sort();
        let mut expected: Vec<String> = wanted.iter().map(|n| safe_file_name(n)).collect();
        expected.sort();
        assert_eq!(listed, expected, "each file is listed under its own name");
    }

    #[test]
    fn a_file_is_written_whole_and_replaces_the_old_one_with_no_partial_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        fs::write(&path, "old").unwrap();
        write_bytes(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no .partial left"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        fs::write(&path, "old").unwrap();
        let failed = write_whole(&path, |out| {
            out.write_all(b"half").unwrap();
            Err(Error::Cancelled)
        });
        assert!(matches!(failed, Err(Error::Cancelled)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no .partial left"
        );
    }

    #[test]
    fn a_full_disk_is_reported_as_one_however_the_writer_words_it() {
        struct FullDisk;
        impl Write for FullDisk {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from(io::ErrorKind::StorageFull))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut file = PartialFile::new(FullDisk);
        // What the CSV writer does with an error: a sentence of its own.
        let worded = file
            .write_all(b"cooperative,contractNumber")
            .map_err(|e| Error::File(format!("The CSV file could not be written: {e}.")))
            .unwrap_err();
        let reported = file.refusal(Path::new("export.csv")).unwrap_or(worded);
        assert_eq!(
            reported.code(),
            "disk_full",
            "the clerk is told the disk is full: {reported}"
        );
    }

    #[test]
    fn a_file_someone_else_wrote_can_be_synced() {
        // The Windows bug this guards against: syncing through a read-only handle is
        // "Access denied", and every backup and import failed with it.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.sqlite3");
        fs::write(&path, b"bytes").unwrap();
        sync_file(&path).unwrap();
        assert_eq!(
            fs::read(&path).unwrap(),
            b"bytes",
            "syncing changes nothing"
        );
    }

    #[test]
    fn folders_on_another_computer_are_told_apart_from_local_ones() {
        assert!(is_network_path(Path::new(r"\\townhall-fs\clerk\CoopDesk")));
        assert!(is_network_path(Path::new(
            r"\\?\UNC\townhall-fs\clerk\CoopDesk"
        )));
        assert!(!is_network_path(Path::new(
            r"\\?\C:\Users\José Núñez\AppData"
        )));
        assert!(!is_network_path(Path::new(r"C:\Users\clerk\AppData\Local")));
        assert!(!is_network_path(Path::new("/home/clerk/.local/share")));
        let refused = refuse_network_folder(Path::new(r"\\townhall-fs\clerk\CoopDesk"));
        let message = refused.unwrap_err().to_string();
        assert!(
            message.contains("network") && message.contains("bundle"),
            "the sentence says why and what to do instead: {message}"
        );
    }

    #[test]
    fn a_full_disk_and_a_locked_file_are_told_apart_from_other_errors() {
        let path = Path::new("memo.pdf");
        let full = Error::io("write", path, io::Error::from(io::ErrorKind::StorageFull));
        assert_eq!(full.code(), "disk_full");
        let denied = Error::io(
            "write",
            path,
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert_eq!(denied.code(), "io");
        #[cfg(unix)]
        {
            // What Linux and macOS report: ENOSPC.
            let full = Error::io("write", path, io::Error::from_raw_os_error(28));
            assert_eq!(full.code(), "disk_full");
        }
        #[cfg(windows)]
        {
            // What Windows itself reports: ERROR_DISK_FULL, ERROR_SHARING_VIOLATION and
            // ERROR_LOCK_VIOLATION.
            let full = Error::io("write", path, io::Error::from_raw_os_error(112));
            assert_eq!(full.code(), "disk_full");
            for code in [32, 33] {
                let locked = Error::io("write", path, io::Error::from_raw_os_error(code));
                assert_eq!(locked.code(), "file_in_use", "os error {code}");
            }
        }
    }

    #[cfg(windows)]
    #[test]
    fn a_file_open_in_another_program_is_named_and_kept() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Memo v1.pdf");
        fs::write(&path, "printed before").unwrap();
        // What a PDF viewer does: open the file, letting others read it, nothing more.
        let viewer = OpenOptions::new()
            .read(true)
            .share_mode(0x1)
            .open(&path)
            .unwrap();
        let error = write_bytes(&path, b"printed again").unwrap_err();
        assert_eq!(error.code(), "file_in_use", "{error}");
        let message = error.to_string();
        assert!(
            message.contains("Memo v1.pdf") && message.contains("PDF viewer"),
            "the sentence says which file and which program to close: {message}"
        );
        drop(viewer);
        assert_eq!(fs::read_to_string(&path).unwrap(), "printed before");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no .partial left"
        );
        write_bytes(&path, b"printed again").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "printed again");
    }
}
