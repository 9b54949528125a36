//! TLS towards nodes with rustls: trust roots (a given CA or the system's),
//! optional client certificate for mutual TLS, optional skip-verify for tests.
//! Bad PEM is a ConfigError at client creation, never at first use.

use std::sync::Arc;

use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::crypto::{ring, verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use tokio_rustls::rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::{Error, Result};
use crate::proto;

/// A ready TLS client configuration.
pub struct TlsConnector {
    connector: tokio_rustls::TlsConnector,
    server_name: Option<String>,
}

impl TlsConnector {
    /// Builds from the protobuf settings; `field` names them in errors.
    pub fn from_proto(field: &str, tls: &proto::Tls) -> Result<Self> {
        let provider = Arc::new(ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::config(format!("{field}: {e}")))?;
        let builder = if tls.insecure_skip_verify {
            builder.dangerous().with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
        } else {
            let mut roots = RootCertStore::empty();
            if tls.ca_cert_pem.is_empty() {
                let found = rustls_native_certs::load_native_certs();
                for cert in found.certs {
                    // A system certificate rustls cannot parse is skipped, as
                    // every TLS client does with its trust store.
                    let _ = roots.add(cert);
                }
                if roots.is_empty() {
                    return Err(Error::config(format!(
                        "{field}.ca_cert_pem: empty and no system trust store was found; give the CA certificate"
                    )));
                }
            } else {
                let mut count = 0;
                for cert in CertificateDer::pem_slice_iter(&tls.ca_cert_pem) {
                    let cert = cert.map_err(|e| Error::config(format!("{field}.ca_cert_pem: not valid PEM: {e}")))?;
                    roots
                        .add(cert)
                        .map_err(|e| Error::config(format!("{field}.ca_cert_pem: unusable certificate: {e}")))?;
                    count += 1;
                }
                if count == 0 {
                    return Err(Error::config(format!("{field}.ca_cert_pem: no certificate found in the PEM")));
                }
            }
            builder.with_root_certificates(roots)
        };
        let config = match (tls.client_cert_pem.is_empty(), tls.client_key_pem.is_empty()) {
            (true, true) => builder.with_no_client_auth(),
            (false, false) => {
                let chain = CertificateDer::pem_slice_iter(&tls.client_cert_pem)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| Error::config(format!("{field}.client_cert_pem: not valid PEM: {e}")))?;
                if chain.is_empty() {
                    return Err(Error::config(format!("{field}.client_cert_pem: no certificate found in the PEM")));
                }
                let key = PrivateKeyDer::from_pem_slice(&tls.client_key_pem)
                    .map_err(|e| Error::config(format!("{field}.client_key_pem: no usable private key: {e}")))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| Error::config(format!("{field}.client_key_pem: {e}")))?
            }
            (true, false) => return Err(Error::config(format!("{field}.client_cert_pem: a client key needs its certificate"))),
            (false, true) => return Err(Error::config(format!("{field}.client_key_pem: a client certificate needs its key"))),
        };
        Ok(TlsConnector {
            connector: tokio_rustls::TlsConnector::from(Arc::new(config)),
            server_name: Some(tls.server_name.clone()).filter(|s| !s.is_empty()),
        })
    }

    /// Runs the TLS handshake on a connected socket.
    pub async fn connect(&self, host: &str, tcp: TcpStream) -> Result<TlsStream<TcpStream>> {
        let name = self.server_name.as_deref().unwrap_or(host).to_string();
        let server_name = ServerName::try_from(name.clone())
            .map_err(|_| Error::config(format!("tls.server_name: {name:?} is not a valid DNS name or IP address")))?;
        self.connector
            .connect(server_name, tcp)
            .await
            .map_err(|e| Error::connection(format!("TLS handshake failed: {e}")))
    }
}

/// Verifier for `insecure_skip_verify`: checks signatures, trusts any chain.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, tokio_rustls::rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, tokio_rustls::rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, tokio_rustls::rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
