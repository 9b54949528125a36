//! The bounded queue between the threads that log (engine threads, any
//! thread that calls into the engine) and the one host thread that delivers
//! records. Pushing takes a short lock and never waits for the host: past
//! `CAPACITY` records the newest are dropped and counted, and `take` reports
//! the count.

use std::thread::Thread;
use std::time::Duration;

use parking_lot::Mutex;

use super::Record;

/// Records held for a host that is not taking them.
pub const CAPACITY: usize = 4096;

pub(super) static QUEUE: Queue = Queue::new();

/// The taker waits by parking its thread (`std::thread::park_timeout`)
/// rather than on a condition variable: the delivery thread is nearly
/// always waiting, also when the process forks, and a parking_lot condvar
/// with a waiter that the child does not have breaks the child's next wait.
pub(super) struct Queue {
    state: Mutex<State>,
}

struct State {
    records: Vec<Record>,
    dropped: u64,
    /// The thread waiting in `take`, woken by the next push.
    waiter: Option<Thread>,
}

impl Queue {
    const fn new() -> Queue {
        Queue { state: Mutex::new(State { records: Vec::new(), dropped: 0, waiter: None }) }
    }

    pub(super) fn push(&self, record: Record) {
        let waiter = {
            let mut state = self.state.lock();
            if state.records.len() >= CAPACITY {
                state.dropped += 1;
                return;
            }
            state.records.push(record);
            state.waiter.take()
        };
        if let Some(waiter) = waiter {
            waiter.unpark();
        }
    }

    /// Ends every `take` that is waiting (it returns what is queued).
    pub(super) fn wake(&self) {
        let waiter = self.state.lock().waiter.take();
        if let Some(waiter) = waiter {
            waiter.unpark();
        }
    }

    /// Holds the lock across `fork()` (see `logging::lock_for_fork`).
    pub(super) fn lock_for_fork(&self) {
        std::mem::forget(self.state.lock());
    }

    /// Releases the lock `lock_for_fork` took; in the child, forgets the
    /// parent's records (its logger has them) and its waiting thread.
    pub(super) fn unlock_after_fork(&self, child: bool) {
        // SAFETY: locked by `lock_for_fork` on this thread, its guard forgotten.
        unsafe { self.state.force_unlock() };
        if child {
            let mut state = self.state.lock();
            state.records.clear();
            state.dropped = 0;
            state.waiter = None;
        }
    }

    /// Appends the queued records to `out`, waiting up to `wait` for one
    /// (a wake-up may come early, with nothing); returns how many were
    /// dropped since the last take.
    pub(super) fn take(&self, out: &mut Vec<Record>, wait: Duration) -> u64 {
        let mut state = self.state.lock();
        if state.records.is_empty() && state.dropped == 0 && !wait.is_zero() {
            state.waiter = Some(std::thread::current());
            drop(state);
            // A push between the unlock and here leaves the token: no wait.
            std::thread::park_timeout(wait);
            state = self.state.lock();
            state.waiter = None;
        }
        out.append(&mut state.records);
        std::mem::take(&mut state.dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logging::Level;

    #[test]
    fn drops_past_capacity_and_counts() {
        let q = Queue::new();
        for i in 0..CAPACITY + 5 {
            q.push(Record::new(Level::Info, "t", i.to_string()));
        }
        let mut out = Vec::new();
        assert_eq!(q.take(&mut out, Duration::ZERO), 5);
        assert_eq!(out.len(), CAPACITY);
        assert_eq!(out[0].message, "0");
        out.clear();
        assert_eq!(q.take(&mut out, Duration::from_millis(1)), 0);
        assert!(out.is_empty());
    }
}
