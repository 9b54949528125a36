//! Requests from threads outside the engine's runtime (a binding's language
//! threads) on their way to the engine, in batches. Spawning each request
//! from such a thread puts it on the runtime's injection queue and wakes a
//! parked worker every time; through an `Outbox` the language thread only
//! appends, and one drain task on the runtime, woken once per batch, hands
//! every queued item to the binding's submit function.
//!
//! When the drain stops (the client closes) it takes what is left in the
//! same critical section that marks the outbox finished, so every item is
//! handed over exactly once: a later `push` gives the item back for the
//! caller to submit itself.
//!
//! At low concurrency there is nothing to batch, and the drain's wake-up is
//! much of a request's latency: `offer` gives an item back to be started on
//! the caller's own thread (`Client::submit_here`) when nothing is queued
//! or being handed over and the client says it is idle, so it overtakes
//! nothing handed over before it.
//!
//! A host thread that collects requests itself (Java's dispatcher, Node's
//! event loop, holding what their callbacks make until they have all run)
//! skips the outbox and its drain's wake-up: see `held`.

use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::{watch, Notify};

pub struct Outbox<T> {
    state: Mutex<State<T>>,
    wake: Notify,
}

struct State<T> {
    queue: Vec<T>,
    finished: bool,
    /// The drain is handing a batch over.
    draining: bool,
}

/// What `offer` did with an item.
pub enum Offered<T> {
    /// Queued for the drain.
    Queued,
    /// Nothing is ahead of it and the client is idle: start it on this
    /// thread.
    StartHere(T),
    /// The drain has finished (the client closed): submit it directly.
    Finished(T),
}

impl<T> Outbox<T> {
    pub fn new() -> Arc<Self> {
        Arc::new(Outbox {
            state: Mutex::new(State { queue: Vec::with_capacity(64), finished: false, draining: false }),
            wake: Notify::new(),
        })
    }

    /// Queues `item`, waking the drain when the queue was empty (once per
    /// batch); `Err(item)` once the drain has finished.
    pub fn push(&self, item: T) -> Result<(), T> {
        match self.offer(item, || false) {
            Offered::Finished(item) | Offered::StartHere(item) => Err(item),
            Offered::Queued => Ok(()),
        }
    }

    /// `push`, unless nothing is queued or being handed over and `idle`
    /// (asked under the outbox's lock) holds: then the item comes back to be
    /// started on the calling thread.
    pub fn offer(&self, item: T, idle: impl FnOnce() -> bool) -> Offered<T> {
        let was_empty = {
            let mut state = self.state.lock();
            if state.finished {
                return Offered::Finished(item);
            }
            if state.queue.is_empty() && !state.draining && crate::runtime::idle_fast_path() && idle() {
                return Offered::StartHere(item);
            }
            state.queue.push(item);
            state.queue.len() == 1
        };
        if was_empty {
            // Stores a permit if the drain is busy: no wake-up is lost.
            self.wake.notify_one();
        }
        Offered::Queued
    }

    /// Hands every queued batch to `submit` until `stop` turns true (or its
    /// sender drops); then hands over what is left and finishes.
    pub async fn drain(&self, mut stop: watch::Receiver<bool>, mut submit: impl FnMut(T)) {
        let mut batch = Vec::with_capacity(64);
        loop {
            // (Stopped before this task started: `changed` would not fire.)
            let stopping = *stop.borrow_and_update()
                || tokio::select! {
                    _ = self.wake.notified() => false,
                    changed = stop.changed() => changed.is_err() || *stop.borrow(),
                };
            {
                let mut state = self.state.lock();
                std::mem::swap(&mut state.queue, &mut batch);
                state.finished = stopping;
                state.draining = !batch.is_empty();
            }
            if !batch.is_empty() {
                // In one task, first polled here: they reach their
                // connections in this order (see `gather`).
                crate::runtime::gather(|| {
                    for item in batch.drain(..) {
                        submit(item);
                    }
                });
                self.state.lock().draining = false;
            }
            if stopping {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_item_is_handed_over_once_and_late_ones_come_back() {
        let outbox = Outbox::new();
        let (stop_tx, stop) = watch::channel(false);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let drain = {
            let (outbox, seen) = (outbox.clone(), seen.clone());
            tokio::spawn(async move { outbox.drain(stop, |i| seen.lock().push(i)).await })
        };
        for i in 0..10 {
            assert!(outbox.push(i).is_ok());
        }
        while seen.lock().len() < 10 {
            tokio::task::yield_now().await;
        }
        assert!(outbox.push(10).is_ok());
        stop_tx.send_replace(true);
        drain.await.expect("drain task");
        assert_eq!(*seen.lock(), (0..11).collect::<Vec<_>>());
        assert_eq!(outbox.push(11), Err(11));
    }

    #[tokio::test]
    async fn offer_gives_an_item_back_only_when_nothing_is_ahead_of_it() {
        let outbox = Outbox::new();
        // Idle outbox, idle client: started here.
        assert!(matches!(outbox.offer(1, || true), Offered::StartHere(1)));
        // A busy client queues.
        assert!(matches!(outbox.offer(2, || false), Offered::Queued));
        // Something queued ahead: queued too, even for an idle client.
        assert!(matches!(outbox.offer(3, || true), Offered::Queued));
        let (stop_tx, stop) = watch::channel(false);
        stop_tx.send_replace(true);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        outbox.drain(stop, move |i| sink.lock().push(i)).await;
        assert_eq!(*seen.lock(), vec![2, 3]);
        assert!(matches!(outbox.offer(4, || true), Offered::Finished(4)));
    }
}
