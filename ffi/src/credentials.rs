//! A credential provider written in C (`haven_client_connect_with_credentials`):
//! the engine asks it before the first connection, every `refresh_ms` and on
//! `haven_client_refresh_credentials` (see `haven_core::credentials`). Each
//! ask runs the callback on a blocking thread of the engine's runtime,
//! through the client's `CallbackGate` (never after `haven_client_free` has
//! returned). The callback answers through `haven_credentials_set` (or
//! `haven_credentials_fail` with a reason) on the handle it is given, valid
//! only during the call. When the credentials change, live connections
//! re-authenticate in place.

use std::ffi::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use haven_core::{Client, CredentialProvider, Credentials, Error};

use crate::config::{text, HavenConfig};
use crate::ha::CallbackGate;
use crate::{client_with_gate, outcome, HavenClient, UserData};

/// The answer slot a provider callback fills (opaque to C).
#[derive(Default)]
pub struct HavenCredentials {
    username: Option<String>,
    password: Option<String>,
    failure: Option<String>,
}

/// Asks the application for credentials: fill `out` with
/// `haven_credentials_set` (or `haven_credentials_fail`) and return 0; any
/// other return value is a failure. Runs on an engine thread.
pub type HavenCredentialProvider = Option<extern "C" fn(user_data: *mut c_void, out: *mut HavenCredentials) -> i32>;

/// Inside a provider callback: the credentials. `username` may be NULL (the
/// default user); `password` is a NUL-terminated UTF-8 password or token.
/// Both are copied. Returns 0, or -1 for NULL / non-UTF-8 arguments.
#[no_mangle]
pub unsafe extern "C" fn haven_credentials_set(out: *mut HavenCredentials, username: *const c_char, password: *const c_char) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `out` is the handle haven passed to the running callback
        // (header contract), valid and exclusively the callback's until it returns.
        let Some(out) = (unsafe { out.as_mut() }) else { return -1 };
        let user = if username.is_null() { None } else { text("username", username).ok().map(str::to_string) };
        if !username.is_null() && user.is_none() {
            out.failure = Some("haven_credentials_set: the username is not valid UTF-8".into());
            return -1;
        }
        match text("password", password) {
            Ok(pw) => {
                out.username = user;
                out.password = Some(pw.to_string());
                0
            }
            Err(_) => {
                out.failure = Some("haven_credentials_set: the password is NULL or not valid UTF-8".into());
                -1
            }
        }
    }));
    result.unwrap_or(-1)
}

/// Inside a provider callback: there are no credentials now, because of
/// `reason` (NUL-terminated, copied; must not contain a secret). Returns 0.
#[no_mangle]
pub unsafe extern "C" fn haven_credentials_fail(out: *mut HavenCredentials, reason: *const c_char) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in haven_credentials_set.
        let Some(out) = (unsafe { out.as_mut() }) else { return -1 };
        out.failure = Some(text("reason", reason).unwrap_or("no reason given").to_string());
        0
    }));
    result.unwrap_or(-1)
}

/// The engine-side provider around a C callback.
fn provider(callback: extern "C" fn(*mut c_void, *mut HavenCredentials) -> i32, user: Arc<UserData>, gate: Arc<CallbackGate>) -> CredentialProvider {
    Arc::new(move || {
        let (user, gate) = (user.clone(), gate.clone());
        Box::pin(async move {
            let asked = tokio::task::spawn_blocking(move || {
                let mut out = HavenCredentials::default();
                let rc = gate.call(|| callback(user.0, &mut out));
                match (rc, out) {
                    (None, _) => Err("the credential provider could not run (the client is being freed, or it panicked)".to_string()),
                    (Some(_), HavenCredentials { failure: Some(why), .. }) => Err(why),
                    (Some(0), HavenCredentials { username, password: Some(password), .. }) => Ok(Credentials { username, password }),
                    (Some(0), _) => Err("the credential provider returned 0 without calling haven_credentials_set".to_string()),
                    (Some(rc), _) => Err(format!("the credential provider returned {rc}")),
                }
            });
            asked.await.unwrap_or_else(|_| Err("the credential provider's call ended abnormally".to_string()))
        })
    })
}

/// Connects like `haven_client_connect`, with credentials from `provider`
/// instead of the configuration's password: asked now (within the
/// connection timeout), every `refresh_ms` (0: only when asked; otherwise at
/// least 100) and on `haven_client_refresh_credentials`. `user_data` must
/// stay valid until haven_client_free returns. NULL on failure with the
/// message in `*error_out`.
#[no_mangle]
pub unsafe extern "C" fn haven_client_connect_with_credentials(
    config: *const HavenConfig,
    provider_fn: HavenCredentialProvider,
    user_data: *mut c_void,
    refresh_ms: u32,
    error_out: *mut *mut c_char,
) -> *mut HavenClient {
    let gate = Arc::new(CallbackGate::default());
    let user = Arc::new(UserData(user_data));
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: NULL or a configuration from haven_config_*, not freed
        // concurrently (header contract).
        let Some(cfg) = (unsafe { config.as_ref() }) else {
            return Err(Error::config("config: NULL pointer"));
        };
        let callback = provider_fn.ok_or_else(|| Error::config("provider: NULL function pointer"))?;
        let refresh = (refresh_ms > 0).then(|| Duration::from_millis(u64::from(refresh_ms)));
        let provider = provider(callback, user, gate.clone());
        let config = cfg.proto().clone();
        haven_core::runtime::block_on(async move { Client::connect_with_credentials(config, provider, refresh).await })
    }));
    client_with_gate(result, gate, error_out)
}

/// Asks the client's credential provider now (after a rotation): 1 when the
/// credentials changed (live connections re-authenticate in the
/// background), 0 when they did not, -1 with `*error_out` set on failure (no
/// provider, the provider failed). Blocks; not from inside a callback.
#[no_mangle]
pub unsafe extern "C" fn haven_client_refresh_credentials(client: *const HavenClient, error_out: *mut *mut c_char) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: NULL or a live handle (header contract).
        let Some(handle) = (unsafe { client.as_ref() }) else {
            return Err(Error::config("client: NULL pointer"));
        };
        let client = handle.client.clone();
        haven_core::runtime::block_on(async move { client.refresh_credentials().await })
    }));
    outcome(result, error_out).map_or(-1, i32::from)
}
