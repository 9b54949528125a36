//! The completion queue between engine threads and the one Java dispatcher
//! thread of a client (the engine's `bridge::completions`, in frames).
//! Engine threads append framed items and wake the dispatcher only when the
//! queue was empty; the dispatcher blocks in `take` (inside a native call,
//! so the JVM is not involved while it waits) and receives everything
//! queued as one byte buffer, so a burst of N replies costs one wake-up, one
//! JNI call and one Java array.
//!
//! Frame: `[tag u8][id u64 BE][len u32 BE][payload]`, see `Tag`.

use std::time::Duration;

use haven_core::bridge::completions::{Batch, CompletionQueue};
use haven_core::bridge::lone::LoneRequest;

/// What a frame carries. The numbers are part of the contract with
/// `io.haven.internal.Dispatcher`.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum Tag {
    /// A serialized `Response` (its own `id` field names the request).
    Response = 0,
    /// A connect attempt ended: a `Response` with a nil value or an error;
    /// the frame's id is the connect's id.
    Connected = 1,
    /// A serialized `Event`.
    Event = 2,
    /// A custom health probe: the frame's id is the probe's id, the payload
    /// "<name or id the check was registered under>\0<endpoint name>"
    /// (UTF-8). Java answers with `healthResult`.
    HealthProbe = 3,
    /// Run a cache-aside loader or write-through writer: the frame's id is
    /// the call's id (Java answers with `callResult`), the payload
    /// `[kind u8: 0 loader, 1 writer][function token u64 BE]`; the token is
    /// the id of the `getOrLoad`/`writeThrough` request that registered the
    /// Java function, which Java forgets on this frame. Kind 2: ask the
    /// client's credential provider (the token is 0 and unused; Java keeps
    /// the provider); the answer's value is the encoded credentials (see
    /// `aside::credential_provider`).
    Call = 4,
    /// A registered loader or writer will never be called (its request
    /// ended without it, or an early refresh was not needed): the frame's
    /// id is its token; Java forgets it. No payload.
    Forget = 5,
    /// A pub/sub message: a serialized `PubSubMessage` (id 0).
    Message = 6,
}

/// The frames queued since the last take, back to back.
#[derive(Default)]
pub struct Frames(Vec<u8>);

impl Batch for Frames {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// See the module documentation: the engine's `CompletionQueue` of frames,
/// with no wake of its own (the dispatcher blocks in `take`).
pub struct Queue {
    queue: CompletionQueue<Frames, ()>,
}

impl Default for Queue {
    fn default() -> Self {
        Queue { queue: CompletionQueue::new(()) }
    }
}

/// Largest buffer kept for reuse between batches.
const KEEP_CAPACITY: usize = 1 << 20;

impl Queue {
    /// Called on engine threads; never blocks on Java.
    pub fn push(&self, tag: Tag, id: u64, payload: &[u8]) {
        self.queue.push(|frames| {
            let buf = &mut frames.0;
            buf.push(tag as u8);
            buf.extend_from_slice(&id.to_be_bytes());
            // Payloads are protobuf messages far below 4 GiB; a larger one
            // would be cut, and Java would fail its parse (never a crash).
            buf.extend_from_slice(&(payload.len().min(u32::MAX as usize) as u32).to_be_bytes());
            buf.extend_from_slice(payload);
        });
    }

    /// Waits up to `timeout` for something queued, then swaps the whole
    /// batch into `into`. False: nothing came in time. The batch leaves the
    /// lock before Java sees it, so engine threads never wait on a JVM
    /// allocation (or a garbage collection it may trigger). In a lone
    /// caller's traffic it polls briefly before it sleeps, reading and
    /// running the caller's request meanwhile (`hand_lone`,
    /// `CompletionQueue::take_waiting`). Also after close: replies
    /// still in flight arrive (as ClosingError) and wake this wait, so the
    /// dispatcher never spins.
    pub fn take(&self, timeout: Duration, into: &mut Vec<u8>) -> bool {
        into.clear();
        if into.capacity() > KEEP_CAPACITY {
            into.shrink_to(KEEP_CAPACITY);
        }
        let mut frames = Frames(std::mem::take(into));
        let taken = self.queue.take_waiting(timeout, &mut frames);
        *into = frames.0;
        taken > 0
    }

    /// A lone caller's request started on its thread, for the dispatcher
    /// polling in `take` (`CompletionQueue::hand_lone`).
    pub fn hand_lone(&self, request: LoneRequest) {
        self.queue.hand_lone(request);
    }

    /// A held batch the dispatcher started that is all the traffic: the
    /// dispatcher polls for it in `take` (`CompletionQueue::hand_batch`).
    pub fn hand_batch(&self, request: LoneRequest) {
        self.queue.hand_batch(request);
    }

    /// Wakes a waiting `take` (the client closed; it looks at its state).
    pub fn close(&self) {
        self.queue.close();
    }
}
