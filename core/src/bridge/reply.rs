//! One request's reply, for the host thread that sent the request and waits
//! for it (a blocking client: Java's `HavenBlockingClient`, Python's
//! `SyncClient`). That thread has nothing else to do until the reply comes,
//! so the engine thread that ends the request fills the slot and wakes the
//! waiter itself: no completion queue and no dispatcher thread in between,
//! one thread wake-up fewer per request than a future completed by a
//! dispatcher.
//!
//! The engine answers every request exactly once, by its deadline, even on
//! a panic (its completion guard). The slot does not rely on that alone: a
//! `Filler` dropped without filling fills the slot with its `unanswered`
//! reply, so a waiter can never be left waiting. `wait_for` serves hosts
//! that must look at something else meanwhile (Python's signals); `spin`
//! serves a lone caller (see there).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use super::lone::{poll_until, LoneRequest};

/// See the module documentation.
pub struct ReplySlot<T> {
    /// The reply, until the waiter takes it.
    value: Mutex<Option<T>>,
    ready: Condvar,
    /// A reply came (taken or not): later fills are ignored. Set under
    /// `value`'s lock; read without it by `spin`.
    filled: AtomicBool,
}


impl<T> ReplySlot<T> {
    pub fn new() -> Arc<Self> {
        Arc::new(ReplySlot {
            value: Mutex::new(None),
            ready: Condvar::new(),
            filled: AtomicBool::new(false),
        })
    }

    /// A request for a host thread that will wait for its reply: `submit`
    /// hands the filler on with the request and says whether it started the
    /// request on this thread (a lone caller), which then polls for the
    /// reply a moment (`spin`) before the slot is returned to wait on.
    pub fn submitted<F: FnOnce() -> T>(unanswered: F, submit: impl FnOnce(Filler<T, F>) -> bool) -> Arc<Self> {
        let slot = Self::new();
        if submit(slot.filler(unanswered)) {
            slot.spin();
        }
        slot
    }

    /// What the engine's completion holds: `Filler::fill` stores the reply;
    /// dropped unfilled, it stores `unanswered()` instead.
    pub fn filler<F: FnOnce() -> T>(self: &Arc<Self>, unanswered: F) -> Filler<T, F> {
        Filler { slot: self.clone(), unanswered: Some(unanswered) }
    }

    /// Stores the reply and wakes the waiter (never blocks beyond the
    /// slot's own lock). Only the first reply counts.
    fn fill(&self, value: T) {
        let mut slot = self.value.lock();
        if !self.filled.load(Ordering::Relaxed) {
            *slot = Some(value);
            self.filled.store(true, Ordering::Release);
            self.ready.notify_one();
        }
    }

    /// For a lone caller (its request started on its own thread, nothing
    /// else in flight), before it waits: polls for up to `SPIN` whether the
    /// reply is there, doing the engine's part for the request meanwhile
    /// (see `lone`): the reply reaches the caller with no thread woken.
    /// Only for a lone caller: many polling threads would take the cores
    /// from the engine and the server.
    pub fn spin(&self) {
        poll_until(&self.filled, LoneRequest::take());
    }

    /// Blocks until the reply is there and takes it.
    pub fn wait(&self) -> T {
        let mut slot = self.value.lock();
        loop {
            if let Some(value) = slot.take() {
                return value;
            }
            self.ready.wait(&mut slot);
        }
    }

    /// `wait`, for at most `timeout`: None if the reply has not come by then
    /// (it stays to be taken by a later wait).
    pub fn wait_for(&self, timeout: Duration) -> Option<T> {
        let until = Instant::now() + timeout;
        let mut slot = self.value.lock();
        loop {
            if let Some(value) = slot.take() {
                return Some(value);
            }
            if self.ready.wait_until(&mut slot, until).timed_out() {
                return slot.take();
            }
        }
    }
}

/// The `unanswered` reply of a shim's blocking call (a serialized Response
/// with an internal error): what its waiter gets should the engine ever
/// drop the call's completion without calling it (its completion guard
/// answers every request, so it does not).
pub fn unanswered_response() -> Vec<u8> {
    crate::engine::convert::encode_response(0, Err(crate::Error::internal("the engine dropped the request without an answer")))
}

/// The filling end of a `ReplySlot` (see `ReplySlot::filler`).
pub struct Filler<T, F: FnOnce() -> T> {
    slot: Arc<ReplySlot<T>>,
    unanswered: Option<F>,
}

impl<T, F: FnOnce() -> T> Filler<T, F> {
    pub fn fill(mut self, value: T) {
        self.unanswered = None;
        self.slot.fill(value);
    }
}

impl<T, F: FnOnce() -> T> Drop for Filler<T, F> {
    fn drop(&mut self) {
        if let Some(unanswered) = self.unanswered.take() {
            self.slot.fill(unanswered());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submitted_request_is_waited_for_whether_started_here_or_not() {
        for here in [true, false] {
            let slot = ReplySlot::submitted(|| 0u32, |filler| {
                std::thread::spawn(move || filler.fill(7u32));
                here
            });
            assert_eq!(slot.wait(), 7);
        }
        // A submit that drops the filler unsent: the waiter gets `unanswered`.
        let slot = ReplySlot::submitted(|| 9u32, |filler| {
            drop(filler);
            true
        });
        assert_eq!(slot.wait(), 9);
    }

    #[test]
    fn a_waiter_gets_the_reply_filled_on_another_thread() {
        let slot = ReplySlot::new();
        let filler = slot.filler(|| 0u32);
        let thread = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            filler.fill(1u32);
        });
        assert_eq!(slot.wait(), 1);
        thread.join().expect("the filling thread ends");
        // Taken: a later bounded wait finds nothing and says so in time.
        let started = Instant::now();
        assert_eq!(slot.wait_for(Duration::from_millis(30)), None);
        assert!(started.elapsed() >= Duration::from_millis(30));
    }

    #[test]
    fn only_the_first_reply_counts() {
        let slot = ReplySlot::new();
        slot.filler(|| "unanswered").fill("first");
        slot.filler(|| "unanswered").fill("second");
        drop(slot.filler(|| "unanswered"));
        assert_eq!(slot.wait_for(Duration::from_secs(5)), Some("first"));
        assert_eq!(slot.wait_for(Duration::ZERO), None);
    }

    #[test]
    fn a_filler_dropped_unfilled_still_ends_the_wait() {
        let slot = ReplySlot::new();
        let filler = slot.filler(|| "unanswered");
        let thread = std::thread::spawn(move || drop(filler));
        assert_eq!(slot.wait(), "unanswered");
        thread.join().expect("the dropping thread ends");
    }

    #[test]
    fn spinning_then_waiting_gets_a_quick_reply_and_a_slow_one() {
        for delay in [Duration::ZERO, Duration::from_millis(30)] {
            let slot = ReplySlot::new();
            let filler = slot.filler(|| Duration::MAX);
            let thread = std::thread::spawn(move || {
                std::thread::sleep(delay);
                filler.fill(delay);
            });
            slot.spin();
            assert_eq!(slot.wait(), delay);
            thread.join().expect("the filling thread ends");
        }
    }

    #[test]
    fn a_reply_filled_before_the_wait_is_not_lost() {
        let slot = ReplySlot::new();
        slot.filler(|| "unanswered").fill("early");
        assert_eq!(slot.wait_for(Duration::from_secs(5)), Some("early"));
    }
}
