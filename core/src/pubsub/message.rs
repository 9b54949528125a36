//! What a subscriber receives: `PubSubMessage`, and the bounded fan-out that
//! carries messages from the subscriber connections to any number of
//! consumers.
//!
//! Backpressure policy: drop oldest, counted. Every consumer reads from one
//! ring of `capacity` messages (a tokio broadcast channel); a consumer that
//! falls more than `capacity` messages behind loses the oldest ones and is
//! told how many (`MessageReceiver::dropped`, and the client-wide counter
//! `Subscriptions::dropped`). Memory therefore stays bounded by `capacity`
//! messages whatever the consumers do, and a slow consumer never slows the
//! subscriber connections (whose socket reads keep going, so the server
//! never has to buffer for us either). Messages that arrive while nobody
//! listens are dropped and counted too.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::broadcast;

/// Which kind of subscription delivered a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageKind {
    /// From a SUBSCRIBE'd channel.
    Message,
    /// From a PSUBSCRIBE'd pattern (`pattern` is set).
    PMessage,
    /// From an SSUBSCRIBE'd shard channel.
    SMessage,
}

/// One published message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PubSubMessage {
    pub kind: MessageKind,
    pub channel: Bytes,
    /// The pattern that matched (PMessage only).
    pub pattern: Option<Bytes>,
    pub payload: Bytes,
}

/// Why `MessageReceiver::recv` returned no message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecvError {
    /// The client was closed (or dropped): no more messages will come.
    Closed,
}

/// The sending side, owned by `Subscriptions`, cloned into every subscriber
/// connection's task.
#[derive(Clone)]
pub(crate) struct MessageSink {
    tx: broadcast::Sender<PubSubMessage>,
    dropped: Arc<AtomicU64>,
}

impl MessageSink {
    pub fn new(capacity: usize) -> Self {
        let (tx, _) = broadcast::channel(capacity.max(1));
        MessageSink { tx, dropped: Arc::new(AtomicU64::new(0)) }
    }

    pub fn deliver(&self, message: PubSubMessage) {
        // Nobody listening: the message is lost; count it.
        if self.tx.send(message).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn receiver(&self) -> MessageReceiver {
        MessageReceiver { rx: self.tx.subscribe(), dropped: 0, total_dropped: self.dropped.clone() }
    }

    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// A consumer of the client's messages (from `Client::messages`). It sees
/// the messages that arrive after it was created, in arrival order per
/// subscriber connection.
pub struct MessageReceiver {
    rx: broadcast::Receiver<PubSubMessage>,
    dropped: u64,
    total_dropped: Arc<AtomicU64>,
}

impl MessageReceiver {
    /// The next message; when this consumer fell behind, the oldest messages
    /// it missed are skipped (and counted in `dropped`).
    pub async fn recv(&mut self) -> Result<PubSubMessage, RecvError> {
        loop {
            match self.rx.recv().await {
                Ok(m) => return Ok(m),
                Err(broadcast::error::RecvError::Lagged(n)) => self.count(n),
                Err(broadcast::error::RecvError::Closed) => return Err(RecvError::Closed),
            }
        }
    }

    /// A message if one is waiting, without waiting.
    pub fn try_recv(&mut self) -> Option<PubSubMessage> {
        loop {
            match self.rx.try_recv() {
                Ok(m) => return Some(m),
                Err(broadcast::error::TryRecvError::Lagged(n)) => self.count(n),
                Err(_) => return None,
            }
        }
    }

    /// Messages this consumer lost because it fell behind.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    fn count(&mut self, n: u64) {
        self.dropped += n;
        self.total_dropped.fetch_add(n, Ordering::Relaxed);
    }
}
