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

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Weak};

use bytes::Bytes;

use haven_core::bridge::answers::Answers;
use haven_core::{CredentialProvider, Credentials};

use crate::queue::{Queue, Tag};

/// What a call's answer is: a loader's value (a writer's is empty), or the
/// Java function's error message.
pub type Answer = Result<Bytes, String>;

/// Calls handed to Java and waiting for its answer, by call id (the
/// engine's token registry).
pub type Calls = Answers<Answer>;

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
        let Some(wait) = calls.wait() else {
            // Java never sees a Call for this token: it forgets it.
            queue.push(Tag::Forget, self.token, &[]);
            return Box::pin(async move { closed() });
        };
        let mut payload = [0u8; 9];
        payload[0] = u8::from(!self.load);
        payload[1..].copy_from_slice(&self.token.to_be_bytes());
        queue.push(Tag::Call, wait.token(), &payload);
        // The wait, dropped with the future (answered, or given up by the
        // engine), forgets its call id: a late answer finds nothing.
        Box::pin(async move { wait.answer().await.unwrap_or_else(closed) })
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
        let Some(wait) = calls.wait() else {
            return Box::pin(async move { closed() });
        };
        let mut payload = [0u8; 9];
        payload[0] = CREDENTIALS_KIND;
        queue.push(Tag::Call, wait.token(), &payload);
        // Dropped with the future (answered, or given up by the engine's
        // timeout): a late answer from Java then finds nothing to wake.
        Box::pin(async move {
            match wait.answer().await {
                Some(Ok(encoded)) => decode_credentials(&encoded),
                Some(Err(why)) => Err(why),
                None => closed(),
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
