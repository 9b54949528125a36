//! Answers JS gives back later, by token: an engine thread registers a
//! one-shot slot under a fresh token, calls a JS function through an unref'd
//! thread-safe function with that token (non-blocking), and awaits the slot;
//! JS answers through a native method once its (possibly async) work settles.
//! A wait that ends (answered, timed out, dropped) removes its token, so a
//! late answer is ignored. Used by custom health checks (`health`) and the
//! credential provider (`credentials`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::oneshot;

pub struct Answers<T> {
    next: AtomicU32,
    waiting: Mutex<HashMap<u32, oneshot::Sender<T>>>,
}

/// One registered wait: its token, and the answer once JS gives it.
pub struct Wait<T> {
    answers: Arc<Answers<T>>,
    token: u32,
    rx: Option<oneshot::Receiver<T>>,
}

impl<T> Drop for Wait<T> {
    fn drop(&mut self) {
        self.answers.waiting.lock().remove(&self.token);
    }
}

impl<T> Wait<T> {
    pub fn token(&self) -> u32 {
        self.token
    }

    /// The answer; None when it can no longer come (the slots were cleared).
    pub async fn answer(mut self) -> Option<T> {
        match self.rx.take() {
            Some(rx) => rx.await.ok(),
            None => None,
        }
    }
}

impl<T> Answers<T> {
    pub fn new() -> Arc<Answers<T>> {
        Arc::new(Answers { next: AtomicU32::new(1), waiting: Mutex::new(HashMap::new()) })
    }

    /// Registers a wait under a fresh token.
    pub fn wait(self: &Arc<Self>) -> Wait<T> {
        let token = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.waiting.lock().insert(token, tx);
        Wait { answers: self.clone(), token, rx: Some(rx) }
    }

    /// JS's answer for `token` (only the first counts; one for a wait that
    /// ended is ignored).
    pub fn answer(&self, token: u32, value: T) {
        if let Some(tx) = self.waiting.lock().remove(&token) {
            let _ = tx.send(value);
        }
    }

    /// Ends every wait (their `answer()` gives None).
    pub fn clear(&self) {
        self.waiting.lock().clear();
    }
}
