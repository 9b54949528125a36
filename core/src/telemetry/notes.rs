//! What one request noted on its way through the engine, for its span and
//! the client's counters: how often it was sent again (retries) or
//! redirected (MOVED/ASK), and, only for a sampled request, the node it
//! went to and the timed events (retry, redirect, parked, resumed,
//! failover) its span will carry. The notes ride in the request's place
//! under the in-flight limit (`request::InflightPermit`), so the layers
//! below reach them without being passed anything; outside a request every
//! hook is a no-op.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::SystemTime;

use parking_lot::Mutex;

/// One timed event of a sampled request's span.
#[derive(Clone, Debug)]
pub struct SpanEvent {
    pub time: SystemTime,
    pub name: &'static str,
    /// One attribute (`haven.reason`), never an argument value.
    pub reason: Option<String>,
}

/// What a sampled request's span needs beyond its name and outcome.
#[derive(Debug)]
pub struct SpanNotes {
    pub start: SystemTime,
    /// The last node the request was sent to.
    pub node: Option<(String, u16)>,
    /// "redis" or "valkey", as that node said in its handshake.
    pub server: Option<String>,
    pub events: Vec<SpanEvent>,
}

/// One request's notes.
#[derive(Debug, Default)]
pub struct RequestNotes {
    retries: AtomicU32,
    redirects: AtomicU32,
    span: OnceLock<Box<Mutex<SpanNotes>>>,
}

impl RequestNotes {
    /// Marks the request sampled: its span is recorded.
    pub fn start_span(&self) {
        let _ = self.span.set(Box::new(Mutex::new(SpanNotes {
            start: SystemTime::now(),
            node: None,
            server: None,
            events: Vec::new(),
        })));
    }

    pub fn retries(&self) -> u32 {
        self.retries.load(Ordering::Relaxed)
    }

    pub fn redirects(&self) -> u32 {
        self.redirects.load(Ordering::Relaxed)
    }

    /// The span's notes, when the request is sampled.
    pub fn span(&self) -> Option<&Mutex<SpanNotes>> {
        self.span.get().map(|b| &**b)
    }

    fn event(&self, name: &'static str, reason: impl FnOnce() -> Option<String>) {
        if let Some(span) = self.span() {
            span.lock().events.push(SpanEvent { time: SystemTime::now(), name, reason: reason() });
        }
    }
}

/// The request running on this task was sent again (`why`: what failed).
pub fn retry(why: &'static str) {
    crate::request::with_notes(|n| {
        n.retries.fetch_add(1, Ordering::Relaxed);
        n.event("retry", || Some(why.to_owned()));
    });
}

/// The request running on this task was redirected (`kind`: MOVED, ASK,
/// READONLY).
pub fn redirect(kind: &'static str) {
    crate::request::with_notes(|n| {
        n.redirects.fetch_add(1, Ordering::Relaxed);
        n.event("redirect", || Some(kind.to_owned()));
    });
}

/// The request running on this task starts waiting, parked, for a
/// reachable primary, or ends its wait (`resumed`), or is moved to another
/// endpoint (`failover`). Span events only: parking has its own counters.
pub fn event(name: &'static str, reason: impl FnOnce() -> Option<String>) {
    crate::request::with_notes(|n| n.event(name, reason));
}

/// The request running on this task is being sent to `node` (sampled
/// requests only remember it).
pub fn attempt(node: &crate::connection::NodeConnection) {
    // The first request of the process learns "redis" or "valkey" for the
    // metrics' db.system.name (one relaxed load after that).
    if !super::otel::system_known() {
        if let Some(server) = node.server_info().and_then(|i| i.server) {
            super::otel::learn_system(&server);
        }
    }
    crate::request::with_notes(|n| {
        if let Some(span) = n.span() {
            let addr = node.address();
            let server = node.server_info().and_then(|i| i.server);
            let mut span = span.lock();
            span.node = Some((addr.host.clone(), addr.port));
            if server.is_some() {
                span.server = server;
            }
        }
    });
}
