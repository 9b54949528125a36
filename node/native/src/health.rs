//! Custom health checks written as async JS functions. The engine calls a Rust
//! closure per probe; it registers a wait under a token (the engine's
//! `bridge::answers`), calls the
//! JS probe through an unref'd thread-safe function (non-blocking) and awaits
//! the answer, which JS gives back with `healthAnswer(token, ok)` once its
//! Promise settles (a throw is unhealthy). The engine's probe timeout
//! (timeoutMs) bounds the wait; a dropped wait removes its token.

use std::sync::Arc;
use std::time::Duration;

use napi::threadsafe_function::{ErrorStrategy, ThreadSafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsFunction};
use parking_lot::Mutex;

use haven_core::failover::HealthCallback;

use haven_core::bridge::answers::Answers;

type ProbeFn = ThreadsafeFunction<(u64, String), ErrorStrategy::Fatal>;

/// Upper bound of one wait, whatever the engine's timeout.
const MAX_WAIT: Duration = Duration::from_secs(30);

pub struct Registry {
    answers: Arc<Answers<bool>>,
    probes: Mutex<Vec<Arc<Mutex<Option<ProbeFn>>>>>,
}

impl Registry {
    pub fn new() -> Arc<Registry> {
        Arc::new(Registry { answers: Answers::new(), probes: Mutex::new(Vec::new()) })
    }

    pub fn answer(&self, token: u64, healthy: bool) {
        self.answers.answer(token, healthy);
    }

    pub fn release(&self) {
        for p in self.probes.lock().drain(..) {
            drop(p.lock().take());
        }
        self.answers.close();
    }

    pub fn callback(self: &Arc<Self>, env: &Env, probe: &JsFunction) -> napi::Result<HealthCallback> {
        let mut tsfn: ProbeFn = probe.create_threadsafe_function(0, |ctx: ThreadSafeCallContext<(u64, String)>| crate::guarded(|| {
            let (token, endpoint) = ctx.value;
            Ok(vec![crate::token_to_js(&ctx.env, token)?.into_unknown(), ctx.env.create_string_from_std(endpoint)?.into_unknown()])
        }))?;
        tsfn.unref(env)?;
        let slot = Arc::new(Mutex::new(Some(tsfn)));
        self.probes.lock().push(slot.clone());
        let answers = self.answers.clone();
        Ok(Arc::new(move |endpoint: &str| {
            // None: the client was released, nobody will answer.
            let Some(wait) = answers.wait() else {
                return Box::pin(async { false });
            };
            let called = match &*slot.lock() {
                Some(tsfn) => {
                    tsfn.call((wait.token(), endpoint.to_string()), ThreadsafeFunctionCallMode::NonBlocking) == napi::Status::Ok
                }
                None => false,
            };
            Box::pin(async move {
                if !called {
                    return false;
                }
                matches!(tokio::time::timeout(MAX_WAIT, wait.answer()).await, Ok(Some(true)))
            })
        }))
    }
}
