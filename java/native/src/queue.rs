//! The completion queue between engine threads and the one Java dispatcher
//! thread of a client. Engine threads append framed items under a mutex and
//! wake the dispatcher only when the queue was empty; the dispatcher blocks
//! in `take` (inside a native call, so the JVM is not involved while it
//! waits) and receives everything queued as one byte buffer, so a burst of N
//! replies costs one wake-up, one JNI call and one Java array.
//!
//! Frame: `[tag u8][id u64 BE][len u32 BE][payload]`, see `Tag`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use haven_core::bridge::reply::SPIN;

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

#[derive(Default)]
struct State {
    buf: Vec<u8>,
    /// Frames in `buf`.
    frames: usize,
}

/// See the module documentation.
#[derive(Default)]
pub struct Queue {
    state: Mutex<State>,
    ready: Condvar,
    /// `buf` is not empty; readable without the lock (for the spin).
    queued: AtomicBool,
    /// The last batch taken was one frame: a lone caller's traffic, whose
    /// next reply the dispatcher polls for a moment before sleeping.
    lone: AtomicBool,
}

/// Largest buffer kept for reuse between batches.
const KEEP_CAPACITY: usize = 1 << 20;

impl Queue {
    /// Called on engine threads; never blocks on Java.
    pub fn push(&self, tag: Tag, id: u64, payload: &[u8]) {
        let was_empty = {
            let mut st = self.state.lock();
            let was_empty = st.buf.is_empty();
            st.frames += 1;
            st.buf.push(tag as u8);
            st.buf.extend_from_slice(&id.to_be_bytes());
            // Payloads are protobuf messages far below 4 GiB; a larger one
            // would be cut, and Java would fail its parse (never a crash).
            st.buf.extend_from_slice(&(payload.len().min(u32::MAX as usize) as u32).to_be_bytes());
            st.buf.extend_from_slice(payload);
            if was_empty {
                self.queued.store(true, Ordering::Release);
            }
            was_empty
        };
        if was_empty {
            self.ready.notify_one();
        }
    }

    /// Waits up to `timeout` for something queued, then swaps the whole
    /// batch into `into` (which must be empty). False: nothing came in time.
    /// The batch leaves the lock before Java sees it, so engine threads never
    /// wait on a JVM allocation (or a garbage collection it may trigger).
    /// After a batch of one frame (a lone caller's reply) it first polls
    /// for up to `SPIN` (see `ReplySlot::spin`): the next reply is then seen
    /// without a scheduler wake-up of this thread.
    pub fn take(&self, timeout: Duration, into: &mut Vec<u8>) -> bool {
        if self.lone.load(Ordering::Relaxed) && haven_core::runtime::idle_fast_path() {
            let started = Instant::now();
            while !self.queued.load(Ordering::Acquire) && started.elapsed() < SPIN {
                std::thread::yield_now();
            }
        }
        let mut st = self.state.lock();
        if st.buf.is_empty() {
            // Also after close: replies still in flight arrive (as
            // ClosingError) and wake this wait, so the dispatcher never spins.
            self.ready.wait_for(&mut st, timeout);
        }
        if st.buf.is_empty() {
            return false;
        }
        into.clear();
        if into.capacity() > KEEP_CAPACITY {
            into.shrink_to(KEEP_CAPACITY);
        }
        std::mem::swap(&mut st.buf, into);
        self.lone.store(st.frames == 1, Ordering::Relaxed);
        st.frames = 0;
        self.queued.store(false, Ordering::Release);
        true
    }

    /// Wakes a waiting `take` (the client closed; it looks at its state).
    pub fn close(&self) {
        let _st = self.state.lock();
        self.ready.notify_all();
    }
}
