//! Pub/sub messages on their way to Python. The engine's `on_message`
//! listener runs on an engine thread and only queues each message: onto the
//! completion queue (async clients; the loop drains them in batches like
//! replies) or into a bounded channel that SyncClient's `get_message` reads
//! with the GIL released. Also: the pub/sub actions by name.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use parking_lot::Mutex;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use haven_core::{Client, MessageKind, PubSubMessage};

/// Messages a SyncClient reader may fall behind by before new ones are
/// dropped (the engine counts them in `pubsub_dropped`).
const STREAM_CAPACITY: usize = 10_000;

/// The longest one `MessageStream.next` waits.
const MAX_WAIT: Duration = Duration::from_secs(86_400);

/// (kind, channel, pattern, payload), as `haven.Message._from_native` expects.
pub type MessageTuple<'py> = (
    &'static str,
    Bound<'py, PyBytes>,
    Option<Bound<'py, PyBytes>>,
    Bound<'py, PyBytes>,
);

pub fn to_tuple(py: Python<'_>, m: PubSubMessage) -> MessageTuple<'_> {
    let kind = match m.kind {
        MessageKind::Message => "message",
        MessageKind::PMessage => "pmessage",
        MessageKind::SMessage => "smessage",
    };
    (
        kind,
        PyBytes::new(py, &m.channel),
        m.pattern.as_ref().map(|p| PyBytes::new(py, p)),
        PyBytes::new(py, &m.payload),
    )
}

/// A pub/sub action of the engine client.
#[derive(Clone, Copy)]
pub enum Action {
    Subscribe,
    PSubscribe,
    SSubscribe,
    Unsubscribe,
    PUnsubscribe,
    SUnsubscribe,
}

impl Action {
    pub fn parse(name: &str) -> PyResult<Action> {
        Ok(match name {
            "subscribe" => Action::Subscribe,
            "psubscribe" => Action::PSubscribe,
            "ssubscribe" => Action::SSubscribe,
            "unsubscribe" => Action::Unsubscribe,
            "punsubscribe" => Action::PUnsubscribe,
            "sunsubscribe" => Action::SUnsubscribe,
            other => {
                return Err(PyValueError::new_err(format!(
                    "action: unknown pub/sub action {other:?}"
                )))
            }
        })
    }

    pub async fn run(self, client: Client, names: Vec<Vec<u8>>) -> haven_core::Result<()> {
        let names = names.into_iter().map(Bytes::from);
        match self {
            Action::Subscribe => client.subscribe(names).await,
            Action::PSubscribe => client.psubscribe(names).await,
            Action::SSubscribe => client.ssubscribe(names).await,
            Action::Unsubscribe => client.unsubscribe(names).await,
            Action::PUnsubscribe => client.punsubscribe(names).await,
            Action::SUnsubscribe => client.sunsubscribe(names).await,
        }
    }
}

pub fn channel() -> (SyncSender<PubSubMessage>, Receiver<PubSubMessage>) {
    std::sync::mpsc::sync_channel(STREAM_CAPACITY)
}

/// The listener callback for SyncClient: a full channel drops the message
/// (counted in `dropped`).
pub fn channel_sink(
    tx: SyncSender<PubSubMessage>,
    dropped: Arc<AtomicU64>,
) -> impl Fn(PubSubMessage) + Send + Sync + 'static {
    move |m| match tx.try_send(m) {
        Ok(()) | Err(TrySendError::Disconnected(_)) => {}
        Err(TrySendError::Full(_)) => {
            dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// SyncClient's message stream.
#[pyclass(module = "haven._haven", frozen)]
pub struct MessageStream {
    rx: Mutex<Receiver<PubSubMessage>>,
    dropped: Arc<AtomicU64>,
}

impl MessageStream {
    pub fn new(rx: Receiver<PubSubMessage>, dropped: Arc<AtomicU64>) -> Self {
        MessageStream {
            rx: Mutex::new(rx),
            dropped,
        }
    }
}

#[pymethods]
impl MessageStream {
    /// Messages dropped because the reader fell STREAM_CAPACITY behind.
    fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Waits up to `timeout` seconds (without the GIL, waking every 100 ms
    /// for signals) for the next message; None on timeout; StopIteration
    /// once the client is closed and every message was read.
    fn next<'py>(&self, py: Python<'py>, timeout: f64) -> PyResult<Option<MessageTuple<'py>>> {
        let message = crate::stream::next(py, &self.rx, timeout, MAX_WAIT, true)?;
        Ok(message.map(|m| to_tuple(py, m)))
    }
}
