//! Cache-aside loaders and write-through writers written in Java. The
//! engine's `get_or_load` / `write_through` call a Rust `FnOnce` on an engine
//! thread; the one built here (`JavaFn`) never touches the JVM: it queues a
//! `Call` frame for the client's dispatcher (which runs the Java function on
//! a loader thread) and awaits the answer Java gives through `callResult`.
//! A Java function is registered on the Java side under a token (the id of
//! the request that brought it); the frame names the token, and a `JavaFn`
//! dropped without being called queues a `Forget` frame instead, so Java
//! holds each function exactly as long as the engine may still call it.
//! A call nobody can answer (the client closed) ends with an error, never a
//! hang of the engine.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::oneshot;

use crate::queue::{Queue, Tag};

/// What a call's answer is: a loader's value (a writer's is empty), or the
/// Java function's error message.
pub type Answer = Result<Bytes, String>;

/// Calls handed to Java and waiting for its answer.
#[derive(Default)]
pub struct Calls {
    next: AtomicU64,
    /// None once the client closed: no call waits any more.
    waiting: Mutex<Option<HashMap<u64, oneshot::Sender<Answer>>>>,
}

impl Calls {
    pub fn new() -> Calls {
        Calls { next: AtomicU64::new(1), waiting: Mutex::new(Some(HashMap::new())) }
    }

    /// Java's answer to call `id` (only the first counts; one for a call
    /// that gave up is ignored).
    pub fn answer(&self, id: u64, answer: Answer) {
        let tx = self.waiting.lock().as_mut().and_then(|w| w.remove(&id));
        if let Some(tx) = tx {
            let _ = tx.send(answer);
        }
    }

    /// The client closed: every waiting call ends now (as unanswered), and
    /// later ones at once.
    pub fn close(&self) {
        self.waiting.lock().take();
    }

    /// A new call's id and answer, or None once closed.
    fn register(&self) -> Option<(u64, oneshot::Receiver<Answer>)> {
        let mut waiting = self.waiting.lock();
        let map = waiting.as_mut()?;
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        map.insert(id, tx);
        Some((id, rx))
    }

    fn forget(&self, id: u64) {
        if let Some(w) = self.waiting.lock().as_mut() {
            w.remove(&id);
        }
    }
}

/// Removes a call's entry however its future ends (answered, or dropped by
/// the engine).
struct CallGuard {
    calls: Arc<Calls>,
    id: u64,
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        self.calls.forget(self.id);
    }
}

pub type CallFuture = Pin<Box<dyn Future<Output = Answer> + Send + 'static>>;

/// The engine-side handle of one Java loader or writer (see the module
/// documentation).
pub struct JavaFn {
    token: u64,
    load: bool,
    queue: Weak<Queue>,
    calls: Weak<Calls>,
    called: bool,
}

impl JavaFn {
    pub fn new(token: u64, load: bool, queue: &Arc<Queue>, calls: &Arc<Calls>) -> JavaFn {
        JavaFn { token, load, queue: Arc::downgrade(queue), calls: Arc::downgrade(calls), called: false }
    }

    fn what(&self) -> &'static str {
        if self.load {
            "loader"
        } else {
            "writer"
        }
    }

    /// Asks Java to run the function; the future is its answer.
    pub fn call(mut self) -> CallFuture {
        self.called = true;
        let what = self.what();
        let closed = move || Err(format!("the Java {what} could not run (the client is closed)"));
        let (Some(queue), Some(calls)) = (self.queue.upgrade(), self.calls.upgrade()) else {
            return Box::pin(async move { closed() });
        };
        let Some((id, rx)) = calls.register() else {
            // Java never sees a Call for this token: it forgets it.
            queue.push(Tag::Forget, self.token, &[]);
            return Box::pin(async move { closed() });
        };
        let guard = CallGuard { calls, id };
        let mut payload = [0u8; 9];
        payload[0] = u8::from(!self.load);
        payload[1..].copy_from_slice(&self.token.to_be_bytes());
        queue.push(Tag::Call, id, &payload);
        Box::pin(async move {
            let _guard = guard;
            rx.await.unwrap_or_else(|_| closed())
        })
    }
}

impl Drop for JavaFn {
    fn drop(&mut self) {
        if !self.called {
            if let Some(queue) = self.queue.upgrade() {
                queue.push(Tag::Forget, self.token, &[]);
            }
        }
    }
}
