//! Cache-aside loaders and write-through writers written in JS. The engine's
//! `get_or_load` / `write_through` call a Rust `FnOnce` on an engine thread;
//! the one built here never touches JS: it registers a one-shot answer slot
//! under the call's token, queues "run token" and, when the queue was empty,
//! wakes the JS thread through an unref'd thread-safe function (a
//! non-blocking call). JS keeps the functions by token (client.ts), runs the
//! one asked for (sync or async) and answers with `callAnswer` / `callFail`;
//! a failure's message reaches every waiting caller and is never stored.
//!
//! A function the engine drops without calling (a hit, a coalesced caller)
//! queues "forget token", so JS drops it too: the JS map holds only functions
//! the engine may still call. A call nobody can run (the client was released)
//! ends at once with an error, never a hang of the engine.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use napi::threadsafe_function::{ErrorStrategy, ThreadSafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsFunction};
use parking_lot::Mutex;
use tokio::sync::oneshot;

/// What a call's answer is: a loader's value (a writer's is empty), or the
/// message of what it threw.
pub type Answer = Result<Bytes, String>;

/// The engine-side function: calling it asks JS and awaits the answer.
pub type Bridge = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = Answer> + Send + 'static>> + Send + 'static>;

/// The JS callback: `onCalls(tokens, runs)` (run: true; forget: false).
type CallsFn = ThreadsafeFunction<(), ErrorStrategy::Fatal>;

struct State {
    /// (token, run?) waiting for the JS thread.
    queue: Vec<(u32, bool)>,
    /// None until `start`, and again after `release`.
    tsfn: Option<CallsFn>,
}

pub struct Calls {
    state: Mutex<State>,
    waiting: Mutex<HashMap<u32, oneshot::Sender<Answer>>>,
}

/// A JS function the engine holds: forgotten on the JS side when dropped
/// without being called.
struct Held {
    calls: Arc<Calls>,
    token: u32,
    called: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        if !self.called {
            self.calls.queue(self.token, false);
        }
    }
}

/// Removes a token's answer slot when its wait ends (answered or dropped).
struct Forget {
    calls: Arc<Calls>,
    token: u32,
}

impl Drop for Forget {
    fn drop(&mut self) {
        self.calls.waiting.lock().remove(&self.token);
    }
}

impl Calls {
    pub fn new() -> Arc<Calls> {
        Arc::new(Calls {
            state: Mutex::new(State { queue: Vec::new(), tsfn: None }),
            waiting: Mutex::new(HashMap::new()),
        })
    }

    /// Installs the JS callback (once; later calls keep the first).
    pub fn start(self: &Arc<Self>, env: &Env, callback: &JsFunction) -> napi::Result<()> {
        if self.state.lock().tsfn.is_some() {
            return Ok(());
        }
        let calls = Arc::downgrade(self);
        let mut spare: Vec<(u32, bool)> = Vec::new();
        let mut tsfn: CallsFn = callback.create_threadsafe_function(0, move |ctx: ThreadSafeCallContext<()>| {
            crate::guarded(|| {
                if let Some(calls) = calls.upgrade() {
                    std::mem::swap(&mut calls.state.lock().queue, &mut spare);
                }
                let env = ctx.env;
                let mut tokens = env.create_array_with_length(spare.len())?;
                let mut runs = env.create_array_with_length(spare.len())?;
                for (i, (token, run)) in spare.drain(..).enumerate() {
                    tokens.set_element(i as u32, env.create_uint32(token)?)?;
                    runs.set_element(i as u32, env.get_boolean(run)?)?;
                }
                Ok(vec![tokens, runs])
            })
        })?;
        // Pending requests keep the event loop alive, not this.
        tsfn.unref(env)?;
        let mut state = self.state.lock();
        if state.tsfn.is_none() {
            state.tsfn = Some(tsfn);
        }
        Ok(())
    }

    /// Queues a run or a forget; false when no JS thread will see it.
    fn queue(&self, token: u32, run: bool) -> bool {
        let mut state = self.state.lock();
        let Some(tsfn) = &state.tsfn else { return false };
        let wake = state.queue.is_empty();
        if wake && tsfn.call((), ThreadsafeFunctionCallMode::NonBlocking) != napi::Status::Ok {
            return false;
        }
        state.queue.push((token, run));
        true
    }

    /// JS's answer to the call `token` (only the first counts; one after the
    /// engine gave up is ignored).
    pub fn answer(&self, token: u32, answer: Answer) {
        if let Some(tx) = self.waiting.lock().remove(&token) {
            let _ = tx.send(answer);
        }
    }

    /// Drops the callback (the client is closing) and ends every wait.
    pub fn release(&self) {
        let tsfn = {
            let mut state = self.state.lock();
            state.queue.clear();
            state.tsfn.take()
        };
        drop(tsfn);
        self.waiting.lock().clear();
    }

    /// The engine-side function of the JS function registered as `token`.
    pub fn bridge(self: &Arc<Self>, token: u32) -> Bridge {
        let held = Held { calls: self.clone(), token, called: false };
        Box::new(move || {
            let mut held = held;
            held.called = true;
            let calls = held.calls.clone();
            drop(held);
            let (tx, rx) = oneshot::channel();
            calls.waiting.lock().insert(token, tx);
            let forget = Forget { calls: calls.clone(), token };
            let queued = calls.queue(token, true);
            Box::pin(async move {
                let _forget = forget;
                if !queued {
                    return Err("the JS function could not run (the client is closed)".to_string());
                }
                rx.await.unwrap_or_else(|_| Err("the JS function could not answer (the client is closed)".to_string()))
            })
        })
    }
}
