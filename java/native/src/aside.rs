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
//!
//! A Java credential provider goes the same way (`credential_provider`): the
//! engine's provider queues a `Call` frame of kind 2, Java runs the provider
//! on a "haven-credentials" thread and answers with the encoded credentials
//! (or the failure's message) through `callResult`. No engine thread ever
//! attaches to the JVM, and the shim holds no reference to the Java object:
//! the client's Java side holds the provider and drops it on close.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::oneshot;

use haven_core::{CredentialProvider, Credentials};

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
    pub fn register(&self) -> Option<(u64, oneshot::Receiver<Answer>)> {
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

/// The `Call` frame kind of a credential provider call (0 and 1 are a
/// loader and a writer); no token follows it.
const CREDENTIALS_KIND: u8 = 2;

/// The engine's provider for a client whose Java side holds a credential
/// provider: each call asks Java (see the module documentation) and awaits
/// its answer. Holds the queue and the calls weakly, so the engine client
/// (which owns this provider) never keeps its shim's parts alive.
pub fn credential_provider(queue: &Arc<Queue>, calls: &Arc<Calls>) -> CredentialProvider {
    let (queue, calls) = (Arc::downgrade(queue), Arc::downgrade(calls));
    Arc::new(move || {
        let closed = || Err("the Java credential provider could not run (the client is closed)".to_string());
        let (Some(queue), Some(calls)) = (queue.upgrade(), calls.upgrade()) else {
            return Box::pin(async move { closed() });
        };
        let Some((id, rx)) = calls.register() else {
            return Box::pin(async move { closed() });
        };
        // Dropped with the future (answered, or given up by the engine's
        // timeout): a late answer from Java then finds nothing to wake.
        let guard = CallGuard { calls, id };
        let mut payload = [0u8; 9];
        payload[0] = CREDENTIALS_KIND;
        queue.push(Tag::Call, id, &payload);
        Box::pin(async move {
            let _guard = guard;
            match rx.await {
                Ok(Ok(encoded)) => decode_credentials(&encoded),
                Ok(Err(why)) => Err(why),
                Err(_) => closed(),
            }
        })
    })
}

/// Credentials as Java's `Core` encodes them: `[1 if a username follows, else
/// 0][username length u32 BE][username][password]`, both UTF-8. An error
/// never quotes the bytes (they hold the secret).
fn decode_credentials(bytes: &[u8]) -> Result<Credentials, String> {
    let bad = |what: &str| format!("haven: the credentials from Java could not be decoded ({what}; a bug)");
    let (&has_user, rest) = bytes.split_first().ok_or_else(|| bad("empty"))?;
    let (len, rest) = rest.split_first_chunk::<4>().ok_or_else(|| bad("no username length"))?;
    let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| bad("username too long"))?;
    let (user, password) = rest.split_at_checked(len).ok_or_else(|| bad("username cut short"))?;
    let text = |b: &[u8], what: &str| String::from_utf8(b.to_vec()).map_err(|_| bad(what));
    let username = match has_user {
        0 => None,
        1 => Some(text(user, "username not UTF-8")?),
        _ => return Err(bad("unknown username flag")),
    };
    Ok(Credentials { username, password: text(password, "password not UTF-8")? })
}
