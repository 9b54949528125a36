//! Questions the engine puts to Python (a custom health check, a cache-aside
//! loader or writer). The asking engine thread never touches Python: it
//! hands the question, with a one-shot answer `Slot`, to whoever runs Python
//! (the asyncio loop through the completion queue, or a SyncClient thread
//! through a channel) and awaits the answer. Only the first answer counts; a
//! slot dropped unanswered (its loop or thread is gone, a queue was full)
//! reads as the asker's fallback, so the engine never hangs on Python.

use std::future::Future;

use parking_lot::Mutex;
use tokio::sync::oneshot;

/// Where Python puts the answer to one question.
pub struct Slot<T>(Mutex<Option<oneshot::Sender<T>>>);

impl<T> Slot<T> {
    /// Answers (only the first answer counts; one after the asker gave up
    /// is ignored).
    pub fn answer(&self, value: T) {
        if let Some(tx) = self.0.lock().take() {
            let _ = tx.send(value);
        }
    }
}

/// Puts a question: `deliver` gets its answer slot now; the future is the
/// answer, or `unanswered()` once the slot is dropped without one.
pub fn ask<T: Send + 'static>(
    deliver: impl FnOnce(Slot<T>),
    unanswered: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = T> + Send + 'static {
    let (tx, rx) = oneshot::channel();
    deliver(Slot(Mutex::new(Some(tx))));
    async move { rx.await.unwrap_or_else(|_| unanswered()) }
}
