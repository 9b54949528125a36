//! Custom health checks written as async JS functions. The engine calls a Rust
//! closure per probe; it registers a oneshot under a token, calls the JS probe
//! through an unref'd thread-safe function (non-blocking) and awaits the
//! answer, which JS gives back with `healthAnswer(token, ok)` once its Promise
//! settles (a throw is unhealthy). The engine's probe timeout (timeoutMs)
//! bounds the wait; a dropped wait removes its token.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use napi::threadsafe_function::{ErrorStrategy, ThreadSafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsFunction};
use parking_lot::Mutex;
use tokio::sync::oneshot;

use haven_core::failover::HealthCallback;

type ProbeFn = ThreadsafeFunction<(u32, String), ErrorStrategy::Fatal>;

/// Upper bound of one wait, whatever the engine's timeout.
const MAX_WAIT: Duration = Duration::from_secs(30);

pub struct Registry {
    next: AtomicU32,
    waiting: Mutex<HashMap<u32, oneshot::Sender<bool>>>,
    probes: Mutex<Vec<Arc<Mutex<Option<ProbeFn>>>>>,
}

/// Removes a token whose wait ended (answered, timed out or dropped).
struct Forget {
    registry: Arc<Registry>,
    token: u32,
}

impl Drop for Forget {
    fn drop(&mut self) {
        self.registry.waiting.lock().remove(&self.token);
    }
}

impl Registry {
    pub fn new() -> Arc<Registry> {
        Arc::new(Registry { next: AtomicU32::new(1), waiting: Mutex::new(HashMap::new()), probes: Mutex::new(Vec::new()) })
    }

    pub fn answer(&self, token: u32, healthy: bool) {
        if let Some(tx) = self.waiting.lock().remove(&token) {
            let _ = tx.send(healthy);
        }
    }

    pub fn release(&self) {
        for p in self.probes.lock().drain(..) {
            drop(p.lock().take());
        }
        self.waiting.lock().clear();
    }

    pub fn callback(self: &Arc<Self>, env: &Env, probe: &JsFunction) -> napi::Result<HealthCallback> {
        let mut tsfn: ProbeFn = probe.create_threadsafe_function(0, |ctx: ThreadSafeCallContext<(u32, String)>| crate::guarded(|| {
            let (token, endpoint) = ctx.value;
            Ok(vec![ctx.env.create_uint32(token)?.into_unknown(), ctx.env.create_string_from_std(endpoint)?.into_unknown()])
        }))?;
        tsfn.unref(env)?;
        let slot = Arc::new(Mutex::new(Some(tsfn)));
        self.probes.lock().push(slot.clone());
        let registry = self.clone();
        Ok(Arc::new(move |endpoint: &str| {
            let token = registry.next.fetch_add(1, Ordering::Relaxed);
            let (tx, rx) = oneshot::channel();
            registry.waiting.lock().insert(token, tx);
            let forget = Forget { registry: registry.clone(), token };
            let called = match &*slot.lock() {
                Some(tsfn) => tsfn.call((token, endpoint.to_string()), ThreadsafeFunctionCallMode::NonBlocking) == napi::Status::Ok,
                None => false,
            };
            Box::pin(async move {
                let _forget = forget;
                if !called {
                    return false;
                }
                matches!(tokio::time::timeout(MAX_WAIT, rx).await, Ok(Ok(true)))
            })
        }))
    }
}
