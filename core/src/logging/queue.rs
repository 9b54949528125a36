//! The bounded queue between the threads that log (engine threads, any
//! thread that calls into the engine) and the one host thread that delivers
//! records. Pushing takes a short lock and never waits for the host: past
//! `CAPACITY` records the newest are dropped and counted, and `take` reports
//! the count.

use std::time::Duration;

use parking_lot::{Condvar, Mutex};

use super::Record;

/// Records held for a host that is not taking them.
pub const CAPACITY: usize = 4096;

pub(super) static QUEUE: Queue = Queue::new();

pub(super) struct Queue {
    state: Mutex<State>,
    ready: Condvar,
}

struct State {
    records: Vec<Record>,
    dropped: u64,
}

impl Queue {
    const fn new() -> Queue {
        Queue { state: Mutex::new(State { records: Vec::new(), dropped: 0 }), ready: Condvar::new() }
    }

    pub(super) fn push(&self, record: Record) {
        {
            let mut state = self.state.lock();
            if state.records.len() >= CAPACITY {
                state.dropped += 1;
                return;
            }
            state.records.push(record);
        }
        self.ready.notify_one();
    }

    /// Appends the queued records to `out`, waiting up to `wait` for one;
    /// returns how many were dropped since the last take.
    pub(super) fn take(&self, out: &mut Vec<Record>, wait: Duration) -> u64 {
        let mut state = self.state.lock();
        if state.records.is_empty() && state.dropped == 0 && !wait.is_zero() {
            self.ready.wait_for(&mut state, wait);
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
