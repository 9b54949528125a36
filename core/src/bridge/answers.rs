//! Answers the engine awaits from the host language, by token: a custom
//! health probe's verdict, a cache-aside loader's value, a credential
//! provider's credentials. The asking engine thread never runs host code: it
//! registers a wait under a fresh token, hands the token to the host's own
//! thread (a frame on the shim's completion queue, a thread-safe function
//! call) and awaits the answer, which the host gives back through a native
//! method naming the token once its (possibly asynchronous) work settles.
//!
//! A wait that ends, answered or dropped by the engine (its timeout fired,
//! the request was cancelled), removes its token, so a late answer is
//! ignored; only the first answer to a token counts. `close` (the client is
//! closing) ends every wait at once and refuses later ones, so the engine
//! never hangs on a host that will not answer.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::oneshot;

/// The waits of one client (or, for an answer needed before any client
/// exists, of the process). See the module documentation.
pub struct Answers<T> {
    next: AtomicU64,
    /// None once closed: no wait is registered any more.
    waiting: Mutex<Option<HashMap<u64, oneshot::Sender<T>>>>,
}

/// One registered wait: its token for the host, and the answer once given.
pub struct Wait<T> {
    answers: Arc<Answers<T>>,
    token: u64,
    rx: Option<oneshot::Receiver<T>>,
}

impl<T> Answers<T> {
    pub fn new() -> Arc<Answers<T>> {
        Arc::new(Answers { next: AtomicU64::new(1), waiting: Mutex::new(Some(HashMap::new())) })
    }

    /// Registers a wait under a fresh token (never 0); None once closed.
    pub fn wait(self: &Arc<Self>) -> Option<Wait<T>> {
        let mut waiting = self.waiting.lock();
        let map = waiting.as_mut()?;
        let token = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        map.insert(token, tx);
        Some(Wait { answers: self.clone(), token, rx: Some(rx) })
    }

    /// The host's answer for `token` (only the first counts; one for a wait
    /// that ended is ignored).
    pub fn answer(&self, token: u64, value: T) {
        let tx = self.waiting.lock().as_mut().and_then(|w| w.remove(&token));
        if let Some(tx) = tx {
            let _ = tx.send(value);
        }
    }

    /// Ends every wait now (their `answer()` gives None) and refuses later
    /// ones.
    pub fn close(&self) {
        // Dropped outside the lock: a waiter woken here may register again.
        let waiting = self.waiting.lock().take();
        drop(waiting);
    }

    /// How many waits are registered (for tests and diagnostics).
    pub fn waiting(&self) -> usize {
        self.waiting.lock().as_ref().map_or(0, HashMap::len)
    }
}

impl<T> Wait<T> {
    /// The token the host answers under.
    pub fn token(&self) -> u64 {
        self.token
    }

    /// The host's answer; None when it can no longer come (closed).
    pub async fn answer(mut self) -> Option<T> {
        match self.rx.take() {
            Some(rx) => rx.await.ok(),
            None => None,
        }
    }
}

impl<T> Drop for Wait<T> {
    fn drop(&mut self) {
        let tx = self.answers.waiting.lock().as_mut().and_then(|w| w.remove(&self.token));
        drop(tx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_answer_reaches_its_wait_and_only_the_first_counts() {
        let answers = Answers::<u32>::new();
        let a = answers.wait().expect("open");
        let b = answers.wait().expect("open");
        assert_ne!(a.token(), b.token());
        assert_ne!(a.token(), 0);
        answers.answer(b.token(), 2);
        answers.answer(b.token(), 3);
        answers.answer(a.token(), 1);
        assert_eq!(a.answer().await, Some(1));
        assert_eq!(b.answer().await, Some(2));
        assert_eq!(answers.waiting(), 0);
    }

    #[tokio::test]
    async fn a_dropped_wait_forgets_its_token_and_a_late_answer_is_ignored() {
        let answers = Answers::<u32>::new();
        let wait = answers.wait().expect("open");
        let token = wait.token();
        assert_eq!(answers.waiting(), 1);
        drop(wait);
        assert_eq!(answers.waiting(), 0);
        answers.answer(token, 7);
        assert_eq!(answers.waiting(), 0);
    }

    #[tokio::test]
    async fn close_ends_every_wait_and_refuses_later_ones() {
        let answers = Answers::<u32>::new();
        let wait = answers.wait().expect("open");
        let waiter = tokio::spawn(wait.answer());
        tokio::task::yield_now().await;
        answers.close();
        let got = tokio::time::timeout(std::time::Duration::from_secs(10), waiter).await;
        assert_eq!(got.expect("the wait ended").expect("no panic"), None);
        assert!(answers.wait().is_none());
    }

    #[tokio::test]
    async fn an_answer_from_another_thread_wakes_the_wait() {
        let answers = Answers::<String>::new();
        let wait = answers.wait().expect("open");
        let (host, token) = (answers.clone(), wait.token());
        let thread = std::thread::spawn(move || host.answer(token, "ok".to_string()));
        let got = tokio::time::timeout(std::time::Duration::from_secs(10), wait.answer()).await;
        assert_eq!(got.expect("answered"), Some("ok".to_string()));
        thread.join().expect("no panic");
    }
}
