//! The receiver's optional TLS: a certificate chain and its private key from PEM files,
//! served with rustls (the same TLS library the probes use).

use crate::model::alert_source::Tls;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;

/// Reads the certificate and key; the error says which file and why.
pub fn acceptor(tls: &Tls) -> Result<TlsAcceptor, String> {
    let _ = tokio_rustls::rustls::crypto::aws_lc_rs::default_provider().install_default();
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&tls.certificate)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            format!(
                "cannot read the certificate {}: {e}",
                tls.certificate.display()
            )
        })?;
    if certs.is_empty() {
        return Err(format!(
            "{} holds no certificate (PEM: -----BEGIN CERTIFICATE-----)",
            tls.certificate.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_file(&tls.key)
        .map_err(|e| format!("cannot read the private key {}: {e}", tls.key.display()))?;
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            format!(
                "the certificate {} and the key {} do not go together: {e}",
                tls.certificate.display(),
                tls.key.display()
            )
        })?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}
