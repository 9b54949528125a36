//! Credentials that change while the client runs: short-lived tokens (cloud
//! IAM, Entra ID) and rotated passwords. A provider (the application's
//! callback, through a shim) is asked once before the first connection, then
//! every refresh interval and whenever the application asks
//! (`Client::refresh_credentials`). New connections authenticate with the
//! newest credentials; live ones are re-authenticated in place: each node's
//! shared connection sends AUTH in line with its other requests (nothing in
//! flight is dropped; a refused AUTH closes that connection, which then
//! reconnects through the normal handshake), idle dedicated connections
//! authenticated with older ones are closed instead of reused, and
//! subscriber connections send AUTH on RESP3 (on RESP2 a subscribed
//! connection cannot, and keeps its authentication until it reconnects).
//!
//! A provider's failure keeps the current credentials. Credentials never
//! appear in Debug output, events or errors.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::RwLock;
use tokio::sync::watch;

use crate::error::{Error, Result};

/// A username (None: `default`) and a password or token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: Option<String>,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials").field("username", &self.username).field("password", &"<redacted>").finish()
    }
}

/// What a provider returns: credentials, or why it has none (a message
/// that must not contain the secret).
pub type CredentialFuture = Pin<Box<dyn Future<Output = std::result::Result<Credentials, String>> + Send>>;

/// The application's callback.
pub type CredentialProvider = Arc<dyn Fn() -> CredentialFuture + Send + Sync>;

/// The current credentials of a client and the provider behind them.
pub struct LiveCredentials {
    provider: CredentialProvider,
    current: RwLock<Arc<Credentials>>,
    /// Bumped on every change; connections watch it.
    version: watch::Sender<u64>,
    /// One refresh at a time.
    refreshing: tokio::sync::Mutex<()>,
    /// How long one call of the provider may take.
    timeout: Duration,
}

impl fmt::Debug for LiveCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveCredentials").field("version", &*self.version.borrow()).finish_non_exhaustive()
    }
}

impl LiveCredentials {
    /// Asks the provider for the first credentials (within `timeout`).
    pub async fn start(provider: CredentialProvider, timeout: Duration) -> Result<Arc<LiveCredentials>> {
        let first = fetch(&provider, timeout).await?;
        let (version, _) = watch::channel(0);
        Ok(Arc::new(LiveCredentials {
            provider,
            current: RwLock::new(Arc::new(first)),
            version,
            refreshing: tokio::sync::Mutex::new(()),
            timeout,
        }))
    }

    pub fn current(&self) -> Arc<Credentials> {
        self.current.read().clone()
    }

    /// How many times the credentials changed.
    pub fn version(&self) -> u64 {
        *self.version.borrow()
    }

    /// Changes of the credentials, for a connection to re-authenticate.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.version.subscribe()
    }

    /// Asks the provider now; returns whether the credentials changed. On
    /// an error the current ones stay.
    pub async fn refresh(&self) -> Result<bool> {
        let _one = self.refreshing.lock().await;
        let fresh = fetch(&self.provider, self.timeout).await?;
        {
            let mut current = self.current.write();
            if **current == fresh {
                return Ok(false);
            }
            *current = Arc::new(fresh);
        }
        self.version.send_modify(|v| *v += 1);
        Ok(true)
    }
}

async fn fetch(provider: &CredentialProvider, timeout: Duration) -> Result<Credentials> {
    let call = provider();
    let credentials = match tokio::time::timeout(timeout, call).await {
        Ok(Ok(c)) => c,
        Ok(Err(why)) => return Err(Error::connection_unsent(format!("the credential provider failed: {why}"))),
        Err(_) => {
            return Err(Error::connection_unsent(format!(
                "the credential provider did not answer within {} ms",
                timeout.as_millis()
            )))
        }
    };
    if credentials.username.as_deref() == Some("") {
        return Err(Error::config("the credential provider returned an empty username (None means the default user)"));
    }
    crate::logging::secrets::register(&credentials.password);
    Ok(credentials)
}

/// The AUTH command for `c`.
pub fn auth_command(c: &Credentials) -> crate::protocol::Cmd {
    let mut auth = crate::protocol::Cmd::new("AUTH");
    if let Some(user) = &c.username {
        auth = auth.arg(user.clone());
    }
    auth.arg(c.password.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn counting() -> (CredentialProvider, Arc<AtomicU32>) {
        let calls = Arc::new(AtomicU32::new(0));
        let c = calls.clone();
        let provider: CredentialProvider = Arc::new(move || {
            let n = c.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                match n {
                    0 | 1 => Ok(Credentials { username: Some("app".into()), password: "one".into() }),
                    2 => Err("the vault is sealed".to_string()),
                    _ => Ok(Credentials { username: Some("app".into()), password: "two".into() }),
                }
            })
        });
        (provider, calls)
    }

    #[tokio::test]
    async fn refresh_reports_changes_and_keeps_the_current_on_failure() {
        let (provider, calls) = counting();
        let live = LiveCredentials::start(provider, Duration::from_secs(1)).await.expect("first");
        assert_eq!(live.current().password, "one");
        assert!(!live.refresh().await.expect("same"));
        assert_eq!(live.version(), 0);
        let err = live.refresh().await.expect_err("provider error");
        assert!(err.message().contains("vault is sealed"), "{err}");
        assert_eq!(live.current().password, "one");
        assert!(live.refresh().await.expect("changed"));
        assert_eq!((live.current().password.as_str(), live.version()), ("two", 1));
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        assert!(!format!("{live:?} {:?}", live.current()).contains("two"));
    }

    #[tokio::test]
    async fn a_slow_provider_is_an_error_naming_the_timeout() {
        let provider: CredentialProvider = Arc::new(|| {
            Box::pin(async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                Ok(Credentials { username: None, password: "late".into() })
            })
        });
        let err = LiveCredentials::start(provider, Duration::from_millis(50)).await.expect_err("slow");
        assert!(err.message().contains("did not answer within 50 ms"), "{err}");
    }
}
