//! The config's `credentialProvider`: a JS function (sync or async) the
//! engine asks for credentials before the first connection, every
//! `credentialRefreshMs` and on `refreshCredentials()`. As with custom health
//! checks (`health`), the engine's provider registers a wait under a token
//! (the engine's `bridge::answers`), calls the JS side through an unref'd thread-safe function
//! (non-blocking; never a JS call from an engine thread) and awaits the
//! answer, which node/src/client.ts gives back with `credentialAnswer(token,
//! username, password)` or `credentialFail(token, message)` once the
//! provider's Promise settles. The engine bounds each wait by the connection
//! timeout. Tokens are process-wide because the provider answers before the
//! client exists (during `connect`).
//!
//! A failure's message never holds the secret: client.ts builds it from what
//! was thrown or the shape of what was returned, never from the password.

use std::sync::{Arc, OnceLock};

use napi::threadsafe_function::{ErrorStrategy, ThreadSafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsFunction};
use parking_lot::Mutex;

use haven_core::{CredentialProvider, Credentials};

use haven_core::bridge::answers::Answers;

type ProviderFn = ThreadsafeFunction<u64, ErrorStrategy::Fatal>;
type Answer = Result<Credentials, String>;

fn answers() -> &'static Arc<Answers<Answer>> {
    static ANSWERS: OnceLock<Arc<Answers<Answer>>> = OnceLock::new();
    ANSWERS.get_or_init(Answers::new)
}

/// One client's JS provider; `release` drops the thread-safe function (the
/// engine's provider then fails at once: the client is closed).
pub struct Source {
    slot: Arc<Mutex<Option<ProviderFn>>>,
}

impl Source {
    /// Wraps `provider` (JS: `provider(token)`, answering later) for the engine.
    pub fn new(env: &Env, provider: &JsFunction) -> napi::Result<(Source, CredentialProvider)> {
        let mut tsfn: ProviderFn = provider.create_threadsafe_function(0, |ctx: ThreadSafeCallContext<u64>| {
            crate::guarded(|| Ok(vec![crate::token_to_js(&ctx.env, ctx.value)?]))
        })?;
        // Only requests in flight keep the event loop alive, not the provider
        // (`connect` / `refreshCredentials` hold theirs through their Promise).
        tsfn.unref(env)?;
        let slot = Arc::new(Mutex::new(Some(tsfn)));
        let engine_slot = slot.clone();
        let engine_provider: CredentialProvider = Arc::new(move || {
            // The process-wide registry is never closed.
            let Some(wait) = answers().wait() else {
                return Box::pin(async { Err("credentialProvider could not be called (a bug: the registry is closed)".to_string()) });
            };
            let called = match &*engine_slot.lock() {
                Some(tsfn) => tsfn.call(wait.token(), ThreadsafeFunctionCallMode::NonBlocking) == napi::Status::Ok,
                None => false,
            };
            Box::pin(async move {
                if !called {
                    return Err("credentialProvider could not be called (the client is closed)".to_string());
                }
                wait.answer()
                    .await
                    .unwrap_or_else(|| Err("credentialProvider gave no answer (the client is closed)".to_string()))
            })
        });
        Ok((Source { slot }, engine_provider))
    }

    pub fn release(&self) {
        drop(self.slot.lock().take());
    }
}

/// The provider asked as `token` returned credentials (`username` null or
/// absent: the default user).
#[napi(catch_unwind)]
pub fn credential_answer(token: i64, username: Option<String>, password: String) {
    answers().answer(crate::token_from_js(token), Ok(Credentials { username, password }));
}

/// The provider asked as `token` threw, rejected or returned a wrong shape:
/// `message` says which (without the secret).
#[napi(catch_unwind)]
pub fn credential_fail(token: i64, message: String) {
    answers().answer(crate::token_from_js(token), Err(message));
}
