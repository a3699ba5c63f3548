//! TLS to the log of record (issue 34): rustls, the server's certificate verified against
//! the region's CA and the host's name (libpq's `verify-full`; there is no weaker mode), and
//! optionally this host's client certificate for servers that sign in with certificates.

use super::RemoteFailure;
use crate::StoreError;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn failure(text: String) -> StoreError {
    StoreError::Remote(RemoteFailure { text, busy: false })
}

/// The TLS connector for a CA file and, when given, a client certificate and key.
pub(super) fn connector(
    ca_file: &Path,
    client: Option<&(PathBuf, PathBuf)>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    let certificates = |path: &Path| -> Result<Vec<CertificateDer<'static>>, StoreError> {
        let read = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| {
                failure(format!(
                    "{}: no certificate can be read ({e})",
                    path.display()
                ))
            })?;
        if read.is_empty() {
            return Err(failure(format!(
                "{}: holds no certificate (PEM)",
                path.display()
            )));
        }
        Ok(read)
    };
    for cert in certificates(ca_file)? {
        roots
            .add(cert)
            .map_err(|e| failure(format!("{}: {e}", ca_file.display())))?;
    }
    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| failure(format!("TLS: {e}")))?
    .with_root_certificates(roots);
    let config = match client {
        None => builder.with_no_client_auth(),
        Some((cert, key)) => {
            let chain = certificates(cert)?;
            let key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
                failure(format!(
                    "{}: no private key can be read ({e})",
                    key.display()
                ))
            })?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| failure(format!("{}: {e}", cert.display())))?
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}
