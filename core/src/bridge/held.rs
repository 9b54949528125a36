//! Requests a host thread holds while it runs its callbacks, to start them
//! together when they have all run. A binding's host thread that delivers
//! replies (Java's dispatcher, Node's event loop) runs the callbacks that
//! make the next requests; through the outbox each batch of them would wake
//! an engine thread to send them. Held instead, they are started on the
//! host thread itself when its callbacks are done (`start_together`):
//! routed, queued, and written once per connection, with no engine thread
//! woken to send them.
//!
//! `Held` keeps that batch and the rules around it, once for every shim:
//! - a lone caller's request (nothing held, the client idle) is not held:
//!   it has nothing to be batched with and takes its own path at once;
//! - with `LIMIT` requests or more in flight, or past `LIMIT` requests in
//!   one batch of callbacks, it is high concurrency, where the host thread
//!   is the busy one: requests go to the outbox, whose drain does the
//!   routing and writing on an engine thread (what was held first, in
//!   order, ahead of the rest of the batch);
//! - a batch that went to several connections (a cluster's shards) leaves
//!   its writes to their I/O tasks, each woken from here, which measured
//!   worse than the outbox's one wake-up for all; the next `SPREAD_BATCHES`
//!   batches then use the outbox, and holding is tried again after them.
//!
//! The shim says when its thread runs callbacks (`begin`, then `end` when
//! they have run) and, before it hands the engine anything else (a cancel, a
//! session's release, a blocking call), starts what is held, so that stays
//! behind the requests made before it.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use parking_lot::Mutex;

use super::lone::LoneRequest;

/// How many batches use the outbox after a held batch went to several
/// connections.
pub const SPREAD_BATCHES: u32 = 64;

/// The most requests held in one batch of callbacks (see the module doc).
pub const LIMIT: usize = 32;

/// What `Held::hold` did with a request.
#[derive(Debug, PartialEq)]
pub enum Holding<T> {
    Held,
    /// Not held: hand it over the usual way.
    Back(T),
    /// Over `LIMIT`: hand these over the usual way, in this order (what
    /// was held, then the request).
    Spilled(Vec<T>),
}

/// What `Held::hold` asks of the client a request is for.
pub trait Traffic {
    /// A lone caller's traffic, nothing in flight (`Client::is_idle`).
    fn is_idle(&self) -> bool;
    fn in_flight(&self) -> usize;
}

impl Traffic for crate::Client {
    fn is_idle(&self) -> bool {
        crate::Client::is_idle(self)
    }

    fn in_flight(&self) -> usize {
        crate::Client::in_flight(self)
    }
}

pub struct Held<T> {
    items: Mutex<Vec<T>>,
    /// Between `begin` and `end`: the host thread runs callbacks.
    active: AtomicBool,
    /// This batch of callbacks went past `LIMIT`: nothing more is held
    /// until `end`.
    spilled: AtomicBool,
    /// Batches left that use the outbox instead (counted down by `begin`).
    spread: AtomicU32,
}

impl<T> Default for Held<T> {
    fn default() -> Self {
        Held {
            items: Mutex::new(Vec::new()),
            active: AtomicBool::new(false),
            spilled: AtomicBool::new(false),
            spread: AtomicU32::new(0),
        }
    }
}

impl<T> Held<T> {
    /// The host thread starts running a batch's callbacks: requests they
    /// make are held from now until `start`.
    pub fn begin(&self) {
        let _ = self.spread.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        self.spilled.store(false, Ordering::Relaxed);
        self.active.store(true, Ordering::Relaxed);
    }

    /// Whether the host thread is running callbacks (between `begin` and
    /// `start`).
    pub fn active(&self) -> bool {
        self.active.load(Ordering::Relaxed)
    }

    /// Holds `item`, made by a callback of the host thread for `client`,
    /// unless holding is off (no `begin`, batches are spread for a while,
    /// this batch went past `LIMIT`), it is a lone caller's (nothing held
    /// and the client idle) or nothing is held and `LIMIT` requests are in
    /// flight: then it comes back, to be handed over the usual way (the
    /// outbox's `offer`).
    pub fn hold(&self, item: T, client: &impl Traffic) -> Holding<T> {
        if !self.active() || self.spread.load(Ordering::Relaxed) != 0 || self.spilled.load(Ordering::Relaxed) {
            return Holding::Back(item);
        }
        let mut items = self.items.lock();
        if items.is_empty() && (client.is_idle() || client.in_flight() >= LIMIT) {
            return Holding::Back(item);
        }
        if items.len() == LIMIT {
            self.spilled.store(true, Ordering::Relaxed);
            let mut spilled = std::mem::take(&mut *items);
            spilled.push(item);
            return Holding::Spilled(spilled);
        }
        items.push(item);
        Holding::Held
    }

    /// The callbacks have run: holding stops until the next `begin`, and
    /// what was held starts (`start`). The host thread takes the batch's
    /// outcomes itself (Java's dispatcher, Node's event loop): when the
    /// batch went to one connection and is all the traffic `client` has,
    /// returns what is left of it for that thread to poll for
    /// (`CompletionQueue::poll_lone`, `hand_batch`), since it would only
    /// sleep until an engine thread woke it with the replies. Otherwise
    /// nothing: with other requests in flight, or the writes left to
    /// several I/O tasks, the engine threads do that part.
    pub fn end(&self, hand_over: impl FnMut(T), client: &impl Traffic) -> LoneRequest {
        self.active.store(false, Ordering::Relaxed);
        let Some((requests, connections)) = self.start_items(hand_over, true) else {
            return LoneRequest::default();
        };
        let lone = LoneRequest::take();
        if connections == 1 && client.in_flight() <= requests {
            lone
        } else {
            LoneRequest::default()
        }
    }

    /// Starts what is held on this thread, together (`start_together`),
    /// each through `hand_over` in the order held; holding goes on until
    /// `end` (for a shim that hands over something else meanwhile).
    pub fn start(&self, hand_over: impl FnMut(T)) {
        self.start_items(hand_over, false);
    }

    /// `start`; `keep`: the batch's task is left for `LoneRequest::take`.
    /// Returns how many requests went to how many connections (None:
    /// nothing was held).
    fn start_items(&self, mut hand_over: impl FnMut(T), keep: bool) -> Option<(usize, usize)> {
        let items = std::mem::take(&mut *self.items.lock());
        if items.is_empty() {
            return None;
        }
        let requests = items.len();
        let hand_over_all = || {
            for item in items {
                hand_over(item);
            }
        };
        let connections = if keep {
            crate::connection::pipeline::corked(|| crate::runtime::gather_for_polling(hand_over_all))
        } else {
            start_together(hand_over_all)
        };
        if connections > 1 {
            self.spread.store(SPREAD_BATCHES, Ordering::Relaxed);
        }
        Some((requests, connections))
    }

    /// Takes what is held without starting it (a client that cannot be
    /// reached any more refuses each).
    pub fn take(&self) -> Vec<T> {
        std::mem::take(&mut *self.items.lock())
    }
}

/// Starts the requests `hand_over` submits (`Client::submit`) on this
/// thread, as one batch, where an outbox would wake its drain on an engine
/// thread to send them. They run in one task (`runtime::gather`), routed
/// and queued on this thread, and each connection they go to is written
/// once, by this thread when its I/O task is not writing
/// (`pipeline::corked`). Returns how many connections the batch went to:
/// when several, their writes were left to their I/O tasks (one write each
/// on this thread would serialize them here).
pub fn start_together(hand_over: impl FnOnce()) -> usize {
    crate::connection::pipeline::corked(|| crate::runtime::gather(hand_over))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Load(bool, usize);

    impl Traffic for Load {
        fn is_idle(&self) -> bool {
            self.0
        }
        fn in_flight(&self) -> usize {
            self.1
        }
    }

    const IDLE: Load = Load(true, 0);
    const QUIET: Load = Load(false, 3);

    #[test]
    fn only_a_batch_with_company_is_held_and_it_starts_in_order() {
        let held = Held::default();
        assert_eq!(held.hold(1, &QUIET), Holding::Back(1), "not running callbacks: nothing is held");
        held.begin();
        assert_eq!(held.hold(1, &IDLE), Holding::Back(1), "a lone caller's request goes its own way");
        assert_eq!(held.hold(2, &QUIET), Holding::Held);
        assert_eq!(held.hold(3, &IDLE), Holding::Held, "behind a held one, even an idle client's waits");
        let mut started = Vec::new();
        held.start(|i| started.push(i));
        assert_eq!(held.hold(4, &QUIET), Holding::Held, "start alone does not end holding");
        held.end(|i| started.push(i), &QUIET);
        assert_eq!(started, vec![2, 3, 4]);
        assert!(!held.active());
        assert_eq!(held.hold(6, &QUIET), Holding::Back(6), "after end, until the next begin");
        held.begin();
        assert_eq!(held.hold(5, &QUIET), Holding::Held);
        assert_eq!(held.take(), vec![5]);
    }

    #[test]
    fn spread_batches_use_the_outbox_for_a_while() {
        let held = Held::default();
        held.spread.store(2, Ordering::Relaxed);
        held.begin();
        assert_eq!(held.hold(1, &QUIET), Holding::Back(1));
        held.end(|_: i32| {}, &QUIET);
        held.begin();
        assert_eq!(held.hold(2, &QUIET), Holding::Held, "two begins later, holding again");
    }

    #[test]
    fn past_the_limit_what_is_held_spills_in_order_and_the_rest_follows() {
        let held = Held::default();
        held.begin();
        for i in 0..LIMIT {
            assert_eq!(held.hold(i, &QUIET), Holding::Held);
        }
        let Holding::Spilled(spilled) = held.hold(LIMIT, &QUIET) else { panic!("not spilled") };
        assert_eq!(spilled, (0..=LIMIT).collect::<Vec<_>>());
        assert_eq!(held.hold(99, &QUIET), Holding::Back(99), "the rest of the batch is not held");
        held.end(|_| panic!("nothing is left to start"), &QUIET);
        held.begin();
        assert_eq!(held.hold(7, &QUIET), Holding::Held, "the next batch holds again");
    }

    #[test]
    fn with_many_in_flight_nothing_is_held() {
        let held = Held::default();
        held.begin();
        assert_eq!(held.hold(1, &Load(false, LIMIT)), Holding::Back(1));
        assert_eq!(held.hold(2, &QUIET), Holding::Held);
        assert_eq!(held.hold(3, &Load(false, LIMIT)), Holding::Held, "behind a held one, it waits its turn");
    }
}
