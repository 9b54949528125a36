//! How completions reach the JS thread without engine threads ever waiting on
//! it. Engine threads push (request id, response bytes) into a queue; only the
//! push that finds the queue empty calls the thread-safe function (a
//! non-blocking call). Its callback, on the JS thread, takes the whole queue,
//! decodes every `Response` and hands JS one batch: parallel arrays of ids,
//! error kinds (0 = success) and values. A burst of N replies costs one
//! wake-up of the event loop. The queue is the engine's
//! (`bridge::completions`); the thread-safe function is this shim's wake.
//!
//! The other direction is batched too: the requests a batch's callbacks make
//! are held and started together on the JS thread once they have all run
//! (`bridge::held`, `NativeClient::start_held`); others are appended to the
//! engine's `Outbox`, whose drain task on the engine runtime hands each batch
//! to `submit` (or, on an idle client, started on the JS thread at once).
//!
//! An entry is marked when its reply must say whether it was served stale
//! (`client.cached(args, { withStale: true })`): the JS thread then gets
//! `{ value, staleMs }` instead of the bare value.

use std::sync::Arc;

use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use parking_lot::Mutex;

use haven_core::bridge::completions::{CompletionQueue, Wake};
use haven_core::bridge::lone::LoneRequest;
use haven_core::Client;

/// The JS batch callback: called with no arguments of its own (the Rust side
/// builds them from the queue when it runs).
pub type BatchFn = ThreadsafeFunction<(), napi::threadsafe_function::ErrorStrategy::Fatal>;

/// One completed request: its id, the `Response` bytes, and whether the
/// reply is marked (see the module doc).
pub type Done = (u32, Vec<u8>, bool);

/// The JS thread's wake: the thread-safe function, until the client
/// releases it (closed: late pushes wake nothing).
#[derive(Default)]
pub struct TsfnWake {
    tsfn: Mutex<Option<BatchFn>>,
}

impl TsfnWake {
    /// Installs the thread-safe function (a second one is dropped: the
    /// first is kept).
    pub fn set(&self, tsfn: BatchFn) {
        let mut slot = self.tsfn.lock();
        if slot.is_none() {
            *slot = Some(tsfn);
        }
    }

    pub fn is_set(&self) -> bool {
        self.tsfn.lock().is_some()
    }

    /// Takes the thread-safe function back (closing: later pushes wake
    /// nothing), for the caller to drop.
    pub fn release(&self) -> Option<BatchFn> {
        self.tsfn.lock().take()
    }
}

impl Wake for TsfnWake {
    fn wake(&self) {
        if let Some(tsfn) = &*self.tsfn.lock() {
            // NonBlocking on an unbounded queue: only fails while closing.
            let _ = tsfn.call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

/// The queue shared by engine threads (producers) and the JS thread: the
/// engine's `CompletionQueue`, woken through the thread-safe function.
pub struct Completions {
    queue: CompletionQueue<Vec<Done>, TsfnWake>,
}

impl Completions {
    pub fn new() -> Arc<Completions> {
        Arc::new(Completions { queue: CompletionQueue::new(TsfnWake::default()) })
    }

    /// Installs the thread-safe function (its callback holds this queue, so
    /// the cycle lasts until `release`).
    pub fn set(&self, tsfn: BatchFn) {
        self.queue.waker().set(tsfn);
    }

    /// Called on engine threads; never blocks on JS.
    pub fn push(&self, id: u32, bytes: Vec<u8>, marked: bool) {
        self.queue.push(|batch| batch.push((id, bytes, marked)));
    }

    /// Takes everything queued (on the JS thread, in the callback; a wake
    /// that raced an earlier take may find nothing).
    pub fn take(&self, into: &mut Vec<Done>) {
        self.queue.take(into);
    }

    /// On the JS thread, right after it started `request` (a lone caller's,
    /// or a batch that is all the traffic): see `CompletionQueue::poll_lone`.
    pub fn poll_lone(&self, request: LoneRequest) {
        self.queue.poll_lone(request);
    }

    /// Drops the thread-safe function so the event loop may exit.
    pub fn release(&self) -> Option<BatchFn> {
        self.queue.waker().release()
    }
}

/// What the JS thread hands the engine through the outbox: a request, or
/// a session's release, which then comes after the session's requests
/// queued before it.
pub enum Op {
    Request(Done),
    CloseSession(u64),
}

/// Hands one queued request (id, encoded request, mark) to the engine; its
/// Response reaches JS through `completions` (a call queued on the event
/// loop, even when the reply is known at once). What the `Outbox` drain
/// calls for each request (and the JS thread itself for one queued after
/// the drain finished); `here`: the request starts on this thread, written
/// from here when its connection is idle (`Outbox::offer` gave it back),
/// and the JS thread then polls for its reply a moment before it returns
/// (`CompletionQueue::poll_lone`): with nothing else in flight it would
/// only sleep until an engine thread woke it with the reply.
pub fn submit(client: &Client, completions: &Arc<Completions>, (id, request, marked): Done, here: bool) {
    let sink = completions.clone();
    client.submit_on(&request, move |bytes| sink.push(id, bytes, marked), here);
    if here {
        // A lone caller's request, written from this thread to an idle
        // connection: this thread waits for its reply a moment itself.
        completions.poll_lone(LoneRequest::take());
    }
}

/// Hands one op to the engine, wherever it is handed over from (the
/// outbox's drain, the JS thread starting what is held or what `offer`
/// gave back): a request is submitted (`here`: started on this thread) and
/// cancelled if JS asked for that before the engine knew it; a session is
/// released. Returns false for a session that was not open.
pub fn hand_over(client: &Client, completions: &Arc<Completions>, cancels: &Cancels, op: Op, here: bool) -> bool {
    match op {
        Op::Request(done) => {
            let id = done.0;
            submit(client, completions, done, here);
            cancels.after_submit(client, id);
            true
        }
        Op::CloseSession(id) => client.close_session(id),
    }
}

/// Ids of requests JS asked to cancel (an `AbortSignal` fired) whose reply
/// has not reached JS yet. The engine's `cancel` only finds a request once
/// `submit` registered it; one still in the outbox (or being submitted at
/// that moment) is cancelled by the drain right after it hands it over, as
/// it finds its id here. The JS thread removes ids as their replies arrive
/// (JS never cancels a request it already has the reply of).
#[derive(Default)]
pub struct Cancels {
    ids: Mutex<std::collections::HashSet<u32>>,
}

impl Cancels {
    /// Called on the JS thread: records the id, then cancels it in the
    /// engine (a no-op if the engine has not registered it yet).
    pub fn cancel(&self, client: &Client, id: u32) {
        self.ids.lock().insert(id);
        client.cancel(u64::from(id));
    }

    /// After `submit` handed request `id` to the engine: cancel it if JS
    /// asked for that before the engine knew it.
    pub fn after_submit(&self, client: &Client, id: u32) {
        let asked = {
            let ids = self.ids.lock();
            !ids.is_empty() && ids.contains(&id)
        };
        if asked {
            client.cancel(u64::from(id));
        }
    }

    /// On the JS thread: these replies arrived; forget their ids.
    pub fn delivered(&self, batch: &[Done]) {
        let mut ids = self.ids.lock();
        if ids.is_empty() {
            return;
        }
        for (id, _, _) in batch {
            ids.remove(id);
        }
    }
}
