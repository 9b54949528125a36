//! One read on its way to the server per key, and the callers that asked
//! for the same read meanwhile (single flight): what the client-side cache's
//! fills and read coalescing are built on.
//!
//! The owner keeps its `Flights` under its own lock (the cache looks into
//! its store under the same one) and says whether a caller may join the
//! flight in progress. The leader sends, `finish`es with the outcome and
//! holds a `Leader` guard meanwhile, which takes the flight out of the map
//! when the leader ends or is cancelled (its deadline); followers of a
//! cancelled leader get `None` from `follow` and try again, perhaps leading.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::watch;

use crate::error::Result;
use crate::protocol::Value;

/// A flight's outcome as its followers see it: `None` until there is one.
pub type Outcome = watch::Receiver<Option<Result<Value>>>;

/// One read in flight.
pub struct Flight<M> {
    /// What the owner keeps about this flight.
    pub meta: M,
    done: watch::Sender<Option<Result<Value>>>,
}

/// The flights of an owner, by key.
pub type Flights<M> = HashMap<Bytes, Arc<Flight<M>>>;

/// What a caller does about a read.
pub enum Role<M> {
    /// Send it, hold a `Leader` guard meanwhile, then `finish`.
    Lead(Arc<Flight<M>>),
    /// Wait for the leader's outcome (`follow`).
    Follow(Outcome),
}

/// Joins the flight under `key` when there is one and `joinable` accepts
/// it; otherwise starts a new one with `meta`, in place of any other.
pub fn join_or_lead<M>(
    flights: &mut Flights<M>,
    key: &Bytes,
    joinable: impl FnOnce(&M) -> bool,
    meta: impl FnOnce() -> M,
) -> Role<M> {
    match flights.get(key) {
        Some(flight) if joinable(&flight.meta) => Role::Follow(flight.done.subscribe()),
        _ => {
            let flight = Arc::new(Flight { meta: meta(), done: watch::channel(None).0 });
            flights.insert(key.clone(), flight.clone());
            Role::Lead(flight)
        }
    }
}

impl<M> Flight<M> {
    /// Hands the leader's outcome to every follower.
    pub fn finish(&self, result: &Result<Value>) {
        self.done.send_replace(Some(result.clone()));
    }
}

/// The leader's outcome; `None` when it was cancelled before it had one.
pub async fn follow(mut outcome: Outcome) -> Option<Result<Value>> {
    outcome.wait_for(Option::is_some).await.ok().and_then(|r| r.clone())
}

/// Held by a leader: takes its flight out of the owner's map when dropped
/// (finished or cancelled), unless a newer flight has taken its place.
pub struct Leader<'a, S, M> {
    lock: &'a Mutex<S>,
    flights: fn(&mut S) -> &mut Flights<M>,
    key: &'a Bytes,
    flight: Arc<Flight<M>>,
}

impl<'a, S, M> Leader<'a, S, M> {
    /// `flights` finds the map inside what `lock` guards.
    pub fn new(lock: &'a Mutex<S>, flights: fn(&mut S) -> &mut Flights<M>, key: &'a Bytes, flight: &Arc<Flight<M>>) -> Self {
        Leader { lock, flights, key, flight: flight.clone() }
    }
}

impl<S, M> Drop for Leader<'_, S, M> {
    fn drop(&mut self) {
        let mut owner = self.lock.lock();
        let flights = (self.flights)(&mut owner);
        if flights.get(self.key).is_some_and(|f| Arc::ptr_eq(f, &self.flight)) {
            flights.remove(self.key);
        }
    }
}
