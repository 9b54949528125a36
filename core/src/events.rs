//! The client's event stream: node connected/disconnected, primary changes,
//! failover and circuit events. Events are the contract's `Event` messages,
//! delivered to any number of subscribers; a slow subscriber loses the oldest
//! events (it is told how many) rather than slowing the engine. Observers
//! inside the engine see every event synchronously, before `publish`
//! returns, and never lose one: the client-side cache (what it does about
//! a routing change is done before anyone can observe the change) and the
//! client's `stats()` counters (exact under any burst). Every event is
//! also one log line (`logging`), unless the bus is `unlogged`.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use parking_lot::RwLock;
use tokio::sync::{broadcast, watch};

use crate::proto::{Event, EventKind};

/// Called inline by `publish` with every event; must be quick and must not
/// block.
pub type EventObserver = Arc<dyn Fn(&Event) + Send + Sync>;

/// Fan-out of events to subscribers. Cheap to clone.
#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Event>,
    endpoint: String,
    /// Shared by every clone (and `for_endpoint` copy) of this bus.
    observers: Arc<RwLock<Vec<EventObserver>>>,
    /// Whether each event is logged too (see `logging`).
    logged: bool,
}

impl EventBus {
    pub fn new(endpoint: impl Into<String>) -> Self {
        let (tx, _) = broadcast::channel(1024);
        EventBus { tx, endpoint: endpoint.into(), observers: Arc::default(), logged: true }
    }

    /// A bus whose events are not logged (nobody listens to it either: the
    /// comings and goings of a health probe's connection).
    pub fn unlogged(endpoint: impl Into<String>) -> Self {
        EventBus { logged: false, ..EventBus::new(endpoint) }
    }

    /// The same stream, tagged with another endpoint name.
    pub fn for_endpoint(&self, endpoint: impl Into<String>) -> Self {
        EventBus { tx: self.tx.clone(), endpoint: endpoint.into(), observers: self.observers.clone(), logged: self.logged }
    }

    /// Whether this bus's events are logged (a connection on an unlogged
    /// bus logs nothing of its own comings and goings either).
    pub fn logged(&self) -> bool {
        self.logged
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    /// Adds a synchronous observer (called by `publish`, in the order they
    /// were added).
    pub fn observe(&self, observer: EventObserver) {
        self.observers.write().push(observer);
    }

    /// Publishes an event about a node.
    pub fn emit(&self, kind: EventKind, node: &str, reason: &str) {
        self.publish(Event {
            kind: kind as i32,
            endpoint: self.endpoint.clone(),
            node: node.to_string(),
            reason: reason.to_string(),
            time_unix_ms: now_unix_ms(),
            from: String::new(),
            to: String::new(),
        });
    }

    /// Publishes an event about a move from one node or endpoint to another.
    pub fn emit_move(&self, kind: EventKind, from: &str, to: &str, reason: &str) {
        self.publish(Event {
            kind: kind as i32,
            endpoint: self.endpoint.clone(),
            node: to.to_string(),
            reason: reason.to_string(),
            time_unix_ms: now_unix_ms(),
            from: from.to_string(),
            to: to.to_string(),
        });
    }

    pub fn publish(&self, event: Event) {
        if self.logged {
            crate::logging::log_event(&event);
        }
        // A copy of the list (events are rare): an observer may publish or
        // add an observer without deadlocking on the list's lock.
        let observers = self.observers.read().clone();
        for observer in &observers {
            observer(&event);
        }
        // No subscriber is not an error.
        let _ = self.tx.send(event);
    }
}

/// Hands the events of `events` to `sink` until `sink` returns false, the
/// stream closes or `stop` turns true (or its sender drops): how a binding
/// delivers events to its language. A receiver that lagged (more than the
/// broadcast buffer behind) has lost the oldest events, as documented above.
pub async fn forward(
    mut events: broadcast::Receiver<Event>,
    mut stop: watch::Receiver<bool>,
    mut sink: impl FnMut(Event) -> bool,
) {
    if *stop.borrow() {
        return;
    }
    loop {
        tokio::select! {
            received = events.recv() => match received {
                Ok(event) => {
                    if !sink(event) {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    return;
                }
            }
        }
    }
}

/// The snake_case name of an event kind: "node_disconnected", ...
pub fn kind_name(kind: i32) -> String {
    EventKind::try_from(kind)
        .map(|k| k.as_str_name().to_ascii_lowercase())
        .unwrap_or_else(|_| format!("unknown_{kind}"))
}

pub fn now_unix_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
