//! Engine events (`proto::Event`) on their way to Python. An engine task
//! (`haven_core::events::forward`) reads the client's broadcast stream and
//! hands each event to a sink: the asyncio loop's completion queue (async
//! clients), or a channel that a dedicated
//! Python thread reads through `EventStream.next` (SyncClient). Either way no
//! engine thread touches Python.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::time::Duration;

use parking_lot::Mutex;
use pyo3::prelude::*;

use haven_core::proto;

/// Events a slow SyncClient callback thread may fall behind by before the
/// oldest are dropped (the engine's own broadcast buffer holds 1024 more).
const STREAM_CAPACITY: usize = 1024;

/// The longest one `EventStream.next` waits.
const MAX_WAIT: Duration = Duration::from_secs(3600);

/// The snake_case name of an event kind: "node_disconnected", ...
pub fn kind_name(kind: i32) -> String {
    proto::EventKind::try_from(kind)
        .map(|k| k.as_str_name().to_ascii_lowercase())
        .unwrap_or_else(|_| format!("unknown_{kind}"))
}

/// The tuple `haven.Event._from_native` expects.
pub type EventTuple = (String, String, String, String, i64, String, String);

pub fn to_tuple(e: proto::Event) -> EventTuple {
    (
        kind_name(e.kind),
        e.endpoint,
        e.node,
        e.reason,
        e.time_unix_ms,
        e.from,
        e.to,
    )
}

/// A sink for the blocking stream: false once the reader is gone.
pub fn channel_sink(
    tx: SyncSender<proto::Event>,
) -> impl Fn(proto::Event) -> bool + Send + 'static {
    move |event| match tx.try_send(event) {
        Ok(()) | Err(TrySendError::Full(_)) => true,
        Err(TrySendError::Disconnected(_)) => false,
    }
}

pub fn channel() -> (SyncSender<proto::Event>, Receiver<proto::Event>) {
    std::sync::mpsc::sync_channel(STREAM_CAPACITY)
}

/// A blocking event stream for SyncClient's callback thread.
#[pyclass(module = "haven._haven", frozen)]
pub struct EventStream {
    rx: Mutex<Receiver<proto::Event>>,
}

impl EventStream {
    pub fn new(rx: Receiver<proto::Event>) -> Self {
        EventStream { rx: Mutex::new(rx) }
    }
}

#[pymethods]
impl EventStream {
    /// Waits up to `timeout` seconds (without the GIL) for the next event.
    /// Returns the event tuple, None on timeout, or raises StopIteration once
    /// the client is closed and every event was read.
    fn next(&self, py: Python<'_>, timeout: f64) -> PyResult<Option<EventTuple>> {
        let event = crate::stream::next(py, &self.rx, timeout, MAX_WAIT, false)?;
        Ok(event.map(to_tuple))
    }
}
