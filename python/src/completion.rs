//! How completions reach the asyncio loop without engine threads ever taking
//! the GIL. Engine threads push (request id, response bytes) into a queue;
//! only the push that finds the queue empty writes one byte to a socket whose
//! other end the loop watches (`loop.add_reader`). The loop's reader callback
//! then takes the whole queue at once, so a burst of N replies costs one
//! wake-up and one callback, not N. The queue and the socket wake are the
//! engine's (`bridge::completions`), shared with the other shims.
//!
//! The other direction is batched too: the loop thread only appends encoded
//! requests to the engine's `Outbox`, whose drain task hands each batch to
//! `submit`. That keeps the engine's per-request work (decoding, spawning a
//! task, waking a worker) off the thread that holds the GIL.
//!
//! `Pending` is the loop-side slab of waiting futures, keyed by request id.

use std::os::fd::RawFd;
use std::sync::Arc;

use haven_core::bridge::completions::{CompletionQueue, SocketWake};
use haven_core::bridge::lone::LoneRequest;
use haven_core::{proto, Client, PubSubMessage};

/// Something the engine finished, waiting for the loop.
pub enum Completion {
    /// A serialized `Response` for request `id`; `marked`: its future gets
    /// (value, ms served stale or None) instead of the bare value.
    Response { id: u64, bytes: Vec<u8>, marked: bool },
    /// A connect attempt ended.
    Connected {
        id: u64,
        result: Result<Client, haven_core::Error>,
    },
    /// An engine event for the registered event callbacks.
    Event(proto::Event),
    /// An engine call without a reply value (subscribe, add_endpoint, ...).
    Unit {
        id: u64,
        result: Result<(), haven_core::Error>,
    },
    /// A pub/sub message for the loop's message queue.
    Message(PubSubMessage),
    /// A custom health probe for the Python check of endpoint `name`.
    Probe(crate::ha::Probe),
    /// A cache-aside loader or write-through writer for Python to run.
    Call(crate::aside::Call),
    /// A `get_or_load` ended with the value (or an error).
    Loaded {
        id: u64,
        result: Result<bytes::Bytes, haven_core::Error>,
    },
}

/// The queue shared by engine threads (producers) and the loop (consumer):
/// the engine's `CompletionQueue`, woken through a socket the loop watches.
pub struct Notifier {
    queue: CompletionQueue<Vec<Completion>, SocketWake>,
}

impl Notifier {
    pub fn new() -> std::io::Result<Arc<Notifier>> {
        Ok(Arc::new(Notifier { queue: CompletionQueue::new(SocketWake::new()?) }))
    }

    /// The descriptor the loop watches for readability.
    pub fn fileno(&self) -> RawFd {
        self.queue.waker().fileno()
    }

    /// Called on engine threads; never blocks on Python.
    pub fn push(&self, completion: Completion) {
        self.queue.push(|batch| batch.push(completion));
    }

    /// On the loop's thread, right after it started a lone caller's
    /// request itself (GIL released): polls for its outcome a moment
    /// (`CompletionQueue::poll_lone`).
    pub fn poll_lone(&self, request: LoneRequest) {
        self.queue.poll_lone(request);
    }

    /// Takes everything queued, after consuming the wake-up bytes (so no
    /// wake-up is lost; see `SocketWake`).
    pub fn take(&self, into: &mut Vec<Completion>) {
        self.queue.take(into);
    }
}

/// A queued request: its id, the encoded CommandRequest (empty: cancel
/// request `id`) and whether its reply is marked (`Completion::Response`).
pub type Queued = (u64, Vec<u8>, bool);

/// Hands one queued request to the engine; its Response reaches the loop
/// through `notifier`. What the `Outbox` drain calls for each request (and
/// the loop thread itself for one pushed after the drain finished); `here`:
/// the loop's thread starts it (an idle client, `Outbox::offer`), written
/// from here when its connection is idle. An empty request is a
/// cancellation of request `id` (queued after it, so the engine has
/// registered the request before it is cancelled).
pub fn submit(client: &Client, notifier: &Arc<Notifier>, (id, request, marked): Queued, here: bool) {
    if request.is_empty() {
        client.cancel(id);
        return;
    }
    let notifier = notifier.clone();
    client.submit_on(&request, move |bytes| notifier.push(Completion::Response { id, bytes, marked }), here);
}

/// A slab of waiting entries. Ids carry a generation so that a stale id can
/// never resolve a later request that reused its slot.
pub struct Pending<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    len: usize,
}

struct Slot<T> {
    generation: u32,
    value: Option<T>,
}

impl<T> Pending<T> {
    pub fn new() -> Self {
        Pending {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }

    /// Stores a value; its id is never 0 (0 is "unset" on the wire).
    pub fn insert(&mut self, value: T) -> u64 {
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                self.slots.push(Slot {
                    generation: 1,
                    value: None,
                });
                (self.slots.len() - 1) as u32
            }
        };
        // In range: free indices and the one just pushed all are.
        let slot = &mut self.slots[index as usize];
        slot.value = Some(value);
        self.len += 1;
        (u64::from(slot.generation) << 32) | u64::from(index)
    }

    pub fn remove(&mut self, id: u64) -> Option<T> {
        let index = (id & 0xffff_ffff) as usize;
        let generation = (id >> 32) as u32;
        let slot = self.slots.get_mut(index)?;
        if slot.generation != generation {
            return None;
        }
        let value = slot.value.take()?;
        slot.generation = slot.generation.wrapping_add(1).max(1);
        self.free.push(index as u32);
        self.len -= 1;
        Some(value)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Removes every entry (used when the loop side is torn down).
    pub fn drain_all(&mut self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len);
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if let Some(v) = slot.value.take() {
                slot.generation = slot.generation.wrapping_add(1).max(1);
                self.free.push(i as u32);
                out.push(v);
            }
        }
        self.len = 0;
        out
    }
}
