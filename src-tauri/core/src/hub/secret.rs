//! The hub password, in the operating system's credential store: Windows Credential
//! Manager, the macOS Keychain, the Secret Service on Linux (the `keyring` crate). Never in
//! the library file, a log or an error message.
//!
//! FOR TESTS ONLY: when `COOPDESK_TEST_ONLY_PLAIN_PASSWORDS_DIR` is set, passwords are
//! plain files in that folder instead — CI's Linux has no Secret Service, and a test must
//! not touch the credential store of the machine it runs on. Never set it for real use.

use std::path::PathBuf;

use crate::{Error, Result};

const SERVICE: &str = "CoopDesk hub";
const TEST_ONLY_DIR: &str = "COOPDESK_TEST_ONLY_PLAIN_PASSWORDS_DIR";

fn test_only_file(account: &str) -> Option<PathBuf> {
    let dir = std::env::var_os(TEST_ONLY_DIR)?;
    let name: String = account.bytes().map(|b| format!("{b:02x}")).collect();
    Some(PathBuf::from(dir).join(name))
}

/// Keeps `password` for `account` (replacing an earlier one).
pub(crate) fn keep(account: &str, password: &str) -> Result<()> {
    if let Some(file) = test_only_file(account) {
        return std::fs::write(&file, password)
            .map_err(|source| Error::io("write the test-only password file", &file, source));
    }
    keyring::Entry::new(SERVICE, account)
        .and_then(|entry| entry.set_password(password))
        .map_err(|error| {
            Error::Hub(format!(
                "CoopDesk could not keep the hub's password in this computer's credential \
                 store ({error}); it was not saved anywhere else. Unlock the store (on Linux, \
                 the Secret Service of your desktop) and join again."
            ))
        })
}

/// The password kept for `account`.
pub(crate) fn read(account: &str) -> Result<String> {
    if let Some(file) = test_only_file(account) {
        return std::fs::read_to_string(&file)
            .map_err(|source| Error::io("read the test-only password file", &file, source));
    }
    keyring::Entry::new(SERVICE, account)
        .and_then(|entry| entry.get_password())
        .map_err(|error| {
            Error::Hub(format!(
                "The hub's password for {account} is not in this computer's credential store \
                 ({error}). Join the hub again with the password its administrator gave you."
            ))
        })
}

/// Forgets the password kept for `account`, if any (leaving the hub). A store that cannot
/// be reached keeps it: it is of no use without the link, which is gone.
pub(crate) fn forget(account: &str) {
    if let Some(file) = test_only_file(account) {
        let _ = std::fs::remove_file(file);
        return;
    }
    if let Ok(entry) = keyring::Entry::new(SERVICE, account) {
        let _ = entry.delete_credential();
    }
}
