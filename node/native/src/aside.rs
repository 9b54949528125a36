//! Cache-aside loaders and write-through writers written in JS. The engine's
//! `get_or_load` / `write_through` call a Rust `FnOnce` on an engine thread;
//! the one built here never touches JS: it registers a wait under a fresh
//! call id (the engine's `bridge::answers`), queues "run token as call id"
//! on a completion queue (`bridge::completions`) whose wake is an unref'd
//! thread-safe function (a non-blocking call). JS keeps the functions by
//! token (client.ts), runs the one asked for (sync or async) and answers the
//! call id with `callAnswer` / `callFail`; a failure's message reaches every
//! waiting caller and is never stored.
//!
//! A function the engine drops without calling (a hit, a coalesced caller)
//! queues "forget token" (call id 0), so JS drops it too: the JS map holds
//! only functions the engine may still call. A call nobody can run (the
//! client was released) ends at once with an error, never a hang of the
//! engine.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use napi::threadsafe_function::ThreadSafeCallContext;
use napi::{Env, JsFunction};

use haven_core::bridge::answers::Answers;
use haven_core::bridge::completions::CompletionQueue;

use crate::completion::{BatchFn, TsfnWake};

/// What a call's answer is: a loader's value (a writer's is empty), or the
/// message of what it threw.
pub type Answer = Result<Bytes, String>;

/// The engine-side function: calling it asks JS and awaits the answer.
pub type Bridge = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = Answer> + Send + 'static>> + Send + 'static>;

/// (function token, call id; 0: forget the function) waiting for JS.
type Asked = (u32, u64);

pub struct Calls {
    queue: CompletionQueue<Vec<Asked>, TsfnWake>,
    answers: Arc<Answers<Answer>>,
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
            self.calls.ask(self.token, 0);
        }
    }
}

impl Calls {
    pub fn new() -> Arc<Calls> {
        Arc::new(Calls { queue: CompletionQueue::new(TsfnWake::default()), answers: Answers::new() })
    }

    /// Installs the JS callback `callback(tokens, calls)` (once; later
    /// calls keep the first).
    pub fn start(self: &Arc<Self>, env: &Env, callback: &JsFunction) -> napi::Result<()> {
        if self.queue.waker().is_set() {
            return Ok(());
        }
        let calls = Arc::downgrade(self);
        let mut spare: Vec<Asked> = Vec::new();
        let mut tsfn: BatchFn = callback.create_threadsafe_function(0, move |ctx: ThreadSafeCallContext<()>| {
            crate::guarded(|| {
                if let Some(calls) = calls.upgrade() {
                    calls.queue.take(&mut spare);
                }
                let env = ctx.env;
                let mut tokens = env.create_array_with_length(spare.len())?;
                let mut ids = env.create_array_with_length(spare.len())?;
                for (i, (token, call)) in spare.drain(..).enumerate() {
                    tokens.set_element(i as u32, env.create_uint32(token)?)?;
                    ids.set_element(i as u32, crate::token_to_js(&env, call)?)?;
                }
                Ok(vec![tokens, ids])
            })
        })?;
        // Pending requests keep the event loop alive, not this.
        tsfn.unref(env)?;
        self.queue.waker().set(tsfn);
        Ok(())
    }

    /// Queues a run (`call` > 0) or a forget (0); false when no JS thread
    /// will see it (not started, or released).
    fn ask(&self, token: u32, call: u64) -> bool {
        if !self.queue.waker().is_set() {
            return false;
        }
        self.queue.push(|batch| batch.push((token, call)));
        true
    }

    /// JS's answer to `call` (only the first counts; one after the engine
    /// gave up is ignored).
    pub fn answer(&self, call: u64, answer: Answer) {
        self.answers.answer(call, answer);
    }

    /// Drops the callback (the client is closing) and ends every wait.
    pub fn release(&self) {
        drop(self.queue.waker().release());
        self.answers.close();
        self.queue.take(&mut Vec::new());
    }

    /// The engine-side function of the JS function registered as `token`.
    pub fn bridge(self: &Arc<Self>, token: u32) -> Bridge {
        let held = Held { calls: self.clone(), token, called: false };
        Box::new(move || {
            let mut held = held;
            held.called = true;
            let calls = held.calls.clone();
            drop(held);
            let closed = || Err("the JS function could not run (the client is closed)".to_string());
            // None once released; a release after this ends the wait.
            let Some(wait) = calls.answers.wait() else {
                return Box::pin(async move { closed() });
            };
            let queued = calls.ask(token, wait.token());
            // The wait, dropped with the future (answered, or given up by
            // the engine), forgets its call id.
            Box::pin(async move {
                if !queued {
                    return closed();
                }
                wait.answer()
                    .await
                    .unwrap_or_else(|| Err("the JS function could not answer (the client is closed)".to_string()))
            })
        })
    }
}
