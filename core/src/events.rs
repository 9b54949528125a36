//! The client's event stream: node connected/disconnected, primary changes,
//! failover and circuit events. Events are the contract's `Event` messages,
//! delivered to any number of subscribers; a slow subscriber loses the oldest
//! events (it is told how many) rather than slowing the engine.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;

use crate::proto::{Event, EventKind};

/// Fan-out of events to subscribers. Cheap to clone.
#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Event>,
    endpoint: String,
}

impl EventBus {
    pub fn new(endpoint: impl Into<String>) -> Self {
        let (tx, _) = broadcast::channel(1024);
        EventBus { tx, endpoint: endpoint.into() }
    }

    /// The same stream, tagged with another endpoint name.
    pub fn for_endpoint(&self, endpoint: impl Into<String>) -> Self {
        EventBus { tx: self.tx.clone(), endpoint: endpoint.into() }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
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
        // No subscriber is not an error.
        let _ = self.tx.send(event);
    }
}

pub fn now_unix_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
