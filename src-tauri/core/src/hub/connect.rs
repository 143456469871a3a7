//! A connection to the hub: TLS always, the server's certificate verified against the
//! system's trusted roots and the CA file the hub's administrator handed out.
//!
//! rustls on its `ring` provider does the TLS: pure Rust and a little C that mingw builds,
//! so the same code runs on Windows, macOS and Linux with no OpenSSL to install (the
//! `aws-lc-rs` provider needs cmake and NASM to cross-build for Windows). The connector
//! for the `postgres` crate is written here, a few lines, rather than taken from a crate
//! that would bring an X.509 parser for channel binding: the certificate is verified, so
//! channel binding is not offered (SCRAM without `-PLUS`).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use postgres::config::SslMode;
use postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect, TlsStream};
use postgres::Client;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::HubAddress;
use crate::{Error, Result};

/// How long the hub keeps a session that stopped half-way through a transaction before it
/// ends it and lets go of its locks: a laptop whose lid closed (or whose process was killed
/// while its socket stayed open) mid-push would otherwise hold the log's lock, and every
/// member's push behind it, until TCP noticed, which takes hours. CoopDesk itself never
/// pauses that long between two statements of one transaction.
pub(crate) const IDLE_IN_TRANSACTION: Duration = Duration::from_secs(20);

/// How long a push waits behind another member's before it gives up with a sentence:
/// longer than [`IDLE_IN_TRANSACTION`], so that a push stuck behind a vanished laptop goes
/// through once the hub has ended that laptop's session.
pub(crate) const LOCK_WAIT: Duration = Duration::from_secs(45);

/// Connects to the hub as the address's user with `password`. Nothing is sent before the
/// server's certificate is verified; the password is never part of an error.
pub(crate) fn connect(address: &HubAddress, password: &str) -> Result<Client> {
    let tls = Rustls::new(address)?;
    let mut config = address.config().clone();
    config
        .password(password)
        .ssl_mode(SslMode::Require)
        .connect_timeout(Duration::from_secs(15))
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .options(&format!(
            "-c idle_in_transaction_session_timeout={} -c lock_timeout={}",
            IDLE_IN_TRANSACTION.as_millis(),
            LOCK_WAIT.as_millis()
        ))
        .application_name("CoopDesk");
    config
        .connect(tls)
        .map_err(|error| connection_error(address, &error))
}

/// A sentence for a failed connection: the certificate, the password, or the network.
fn connection_error(address: &HubAddress, error: &postgres::Error) -> Error {
    let place = address.place();
    if let Some(tls) = tls_error(error) {
        return Error::Hub(format!(
            "CoopDesk could not verify the certificate of the hub at {place} ({tls}), so it \
             did not connect and sent nothing, not even the password. If the hub's \
             administrator gave you a CA file, name it with --ca-file; otherwise ask them \
             whether the server's certificate changed."
        ));
    }
    if let Some(db) = error.as_db_error() {
        let code = db.code().code();
        if code == "28P01" || code == "28000" {
            return Error::Hub(format!(
                "The hub at {place} refused the login {} (wrong password, or the login was \
                 removed). Join again with the password the hub's administrator gave you.",
                address.user()
            ));
        }
        return Error::Hub(format!("The hub at {place} answered: {}.", db.message()));
    }
    Error::Hub(format!(
        "The hub at {place} cannot be reached ({error}). Your changes stay in this library \
         and are shared at the next sync."
    ))
}

/// The TLS failure inside a connection error, if that is what it was.
fn tls_error(error: &postgres::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        if let Some(inner) = cause
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(inner.to_string());
        }
        source = cause.source();
    }
    None
}

/// The roots a hub's certificate may chain to: the CA file, and the system's own.
fn roots(address: &HubAddress) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    // A system store that cannot be read leaves the CA file; without one, the
    // connection fails with the certificate sentence, which says what to do.
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = address.ca_file() {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
            .map_err(|error| {
                Error::File(format!(
                    "The hub's CA file {} cannot be read as PEM certificates ({error}).",
                    path.display()
                ))
            })?;
        if certs.is_empty() {
            return Err(Error::File(format!(
                "The hub's CA file {} holds no certificate.",
                path.display()
            )));
        }
        for cert in certs {
            roots.add(cert).map_err(|error| {
                Error::File(format!(
                    "The hub's CA file {} holds a certificate CoopDesk cannot use ({error}).",
                    path.display()
                ))
            })?;
        }
    }
    Ok(roots)
}

/// The `postgres` crate's TLS hook, on rustls.
#[derive(Clone)]
struct Rustls(Arc<ClientConfig>);

impl std::fmt::Debug for Rustls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rustls")
    }
}

impl Rustls {
    fn new(address: &HubAddress) -> Result<Rustls> {
        // rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange,
        // which only aws-lc-rs offers; aws-lc does not cross-build for Windows with mingw
        // alone (docs/hub.md). Classical ECDHE with a verified certificate it is, until then.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| Error::Hub(format!("TLS cannot be set up: {error}.")))?
            .with_root_certificates(roots(address)?)
            .with_no_client_auth();
        Ok(Rustls(Arc::new(config)))
    }
}

impl<S> MakeTlsConnect<S> for Rustls
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = Stream<S>;
    type TlsConnect = Handshake;
    type Error = io::Error;

    fn make_tls_connect(&mut self, domain: &str) -> io::Result<Handshake> {
        let name = ServerName::try_from(domain.to_owned())
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
        Ok(Handshake {
            config: self.0.clone(),
            name,
        })
    }
}

/// One TLS handshake with the server named in the address.
#[derive(Debug)]
struct Handshake {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
}

impl<S> TlsConnect<S> for Handshake
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = Stream<S>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Stream<S>>> + Send>>;

    fn connect(self, stream: S) -> Self::Future {
        Box::pin(async move {
            let connector = tokio_rustls::TlsConnector::from(self.config);
            let stream = connector.connect(self.name, stream).await?;
            Ok(Stream(Box::new(stream)))
        })
    }
}

/// The encrypted stream.
#[derive(Debug)]
struct Stream<S>(Box<tokio_rustls::client::TlsStream<S>>);

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Stream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Stream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> TlsStream for Stream<S> {
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}
