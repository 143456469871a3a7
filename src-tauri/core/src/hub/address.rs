//! A hub's address: a PostgreSQL connection URL without a password, and the CA file
//! that signed the server's certificate when it is not one the system already trusts.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use postgres::config::Host;
use postgres::Config;

use crate::{Error, Result};

/// Where the hub is and who connects: `postgresql://USER@HOST:PORT/DATABASE`.
#[derive(Debug, Clone)]
pub struct HubAddress {
    config: Config,
    host: String,
    port: u16,
    user: String,
    database: String,
    ca_file: Option<PathBuf>,
}

impl HubAddress {
    /// Reads `url`; refuses one that carries a password (the password goes to the
    /// system's credential store, never into the address, the library or a log) and one
    /// without a user or a single server.
    pub fn parse(url: &str, ca_file: Option<&Path>) -> Result<HubAddress> {
        let url = url.trim();
        if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
            return Err(Error::invalid(
                "Hub address",
                "must look like postgresql://USER@SERVER:PORT/DATABASE (as `hub add-member` \
                 printed it).",
            ));
        }
        // The parser's own message could quote the address, password and all.
        let config = Config::from_str(url).map_err(|_| {
            Error::invalid(
                "Hub address",
                "is not a PostgreSQL address; it must look like \
                 postgresql://USER@SERVER:PORT/DATABASE.",
            )
        })?;
        if config.get_password().is_some() {
            return Err(Error::invalid(
                "Hub address",
                "contains a password. Remove it from the address: CoopDesk asks for the \
                 password when you join and keeps it in this computer's credential store \
                 (Windows Credential Manager, the macOS Keychain, the Secret Service on \
                 Linux), never in the library, the address or a log.",
            ));
        }
        let user = config.get_user().unwrap_or_default().to_owned();
        if user.is_empty() {
            return Err(Error::invalid(
                "Hub address",
                "names no user; it must look like postgresql://USER@SERVER:PORT/DATABASE.",
            ));
        }
        let host = match config.get_hosts() {
            [Host::Tcp(host)] => host.clone(),
            _ => {
                return Err(Error::invalid(
                    "Hub address",
                    "must name exactly one server (a name or an IP address).",
                ))
            }
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let database = config.get_dbname().unwrap_or(&user).to_owned();
        Ok(HubAddress {
            config,
            host,
            port,
            user,
            database,
            ca_file: ca_file.map(Path::to_owned),
        })
    }

    /// The address as it is kept in the library and shown: never a password.
    pub fn url(&self) -> String {
        format!(
            "postgresql://{}@{}:{}/{}",
            self.user,
            host_in_url(&self.host),
            self.port,
            self.database
        )
    }

    /// `SERVER:PORT/DATABASE`, for sentences.
    pub fn place(&self) -> String {
        format!("{}:{}/{}", self.host, self.port, self.database)
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn database(&self) -> &str {
        &self.database
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn ca_file(&self) -> Option<&Path> {
        self.ca_file.as_deref()
    }

    /// The name the password is kept under in the credential store.
    pub(crate) fn account(&self) -> String {
        format!("{}@{}", self.user, self.place())
    }

    /// The same server and database, as another user (an administrator making a
    /// member's address).
    pub(crate) fn as_user(&self, user: &str) -> HubAddress {
        let mut other = self.clone();
        other.config.user(user);
        other.user = user.to_owned();
        other
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }
}

/// An IPv6 address in a URL is written in brackets.
fn host_in_url(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}
