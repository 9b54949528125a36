//! A lone caller's request, started on the caller's own thread
//! (`runtime::start_here`, written to an idle connection by that thread),
//! and what the host thread that waits for its outcome does meanwhile:
//! poll for a moment (`SPIN`) instead of sleeping, and do the engine's part
//! itself while it polls: read the connection the request was written to
//! (`pipeline::WrittenHere`) and run the request on when its reply (or
//! anything else) wakes it (`runtime::Held`). A reply from an idle
//! connection then reaches the host with no engine thread in between: at
//! low concurrency the thread wake-ups, not the work, are most of a
//! request's latency (an inter-processor interrupt and a context switch,
//! several microseconds each on a VM).
//!
//! The waiting thread is the caller's own (a blocking call,
//! `reply::ReplySlot::spin`) or the host thread that completes the
//! caller's future (Java's dispatcher, `CompletionQueue::take_waiting`,
//! handed the request with `CompletionQueue::hand_lone`). The request is
//! held only while that thread polls: when it stops, the runtime runs the
//! request from its next wake-up, as if nobody had polled, so a request
//! still ends by its deadline whatever the waiting thread does next.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::connection::pipeline::{self, WrittenHere};
use crate::runtime::{self, Held, Started};

/// How long a waiting thread polls: a loopback round trip and then some. A
/// reply from farther away comes later and is waited for asleep; the most
/// a lone caller's thread spends polling in vain is this, once per request.
pub const SPIN: Duration = Duration::from_micros(60);

/// See the module documentation. Sendable: the thread that started the
/// request may hand it to the thread that will wait for it.
#[derive(Default)]
pub struct LoneRequest {
    started: Option<Started>,
    written: Option<WrittenHere>,
}

impl LoneRequest {
    /// The request this thread just started here (right after a
    /// `start_here`): what of it is left for a waiting thread to do.
    pub fn take() -> LoneRequest {
        LoneRequest { started: runtime::take_started(), written: pipeline::take_written_here() }
    }

    /// Whether there is anything to do for it (it waits on a connection
    /// written from its thread, or for its first wake-up).
    pub fn is_some(&self) -> bool {
        self.started.is_some() || self.written.is_some()
    }

    /// Takes the request over for a thread that polls now (see `Polling`).
    fn hold(self) -> Polling {
        Polling { held: self.started.and_then(Started::hold), written: self.written }
    }
}

/// A lone request held by the thread polling for it; dropped, the request
/// goes back to the runtime.
struct Polling {
    held: Option<Held>,
    written: Option<WrittenHere>,
}

impl Polling {
    /// One turn of the engine's part: read the connection, run the request
    /// if it was woken. True when it did something.
    fn turn(&mut self) -> bool {
        let read = self.written.as_ref().is_some_and(WrittenHere::read);
        let ran = self.held.as_mut().is_some_and(Held::run_if_woken);
        read || ran
    }
}

/// Polls `flag` for up to `SPIN`, doing `request`'s engine part meanwhile
/// and otherwise giving the core to any other runnable thread at each turn.
/// A thread woken from sleep costs a scheduler wake-up on top of the round
/// trip; polling, it sees the outcome as soon as it is there. Only for a
/// lone caller: many polling threads would take the cores from the engine
/// and the server.
pub(crate) fn poll_until(flag: &AtomicBool, request: LoneRequest) {
    poll_until_handed(flag, request, || None)
}

/// `poll_until`, taking over each request `handed` gives meanwhile (the
/// previous one goes back to the runtime); a request handed restarts the
/// `SPIN` window.
pub(crate) fn poll_until_handed(flag: &AtomicBool, request: LoneRequest, mut handed: impl FnMut() -> Option<LoneRequest>) {
    let mut polling = request.hold();
    let mut started = Instant::now();
    while !flag.load(Ordering::Acquire) && started.elapsed() < SPIN {
        if let Some(next) = handed() {
            drop(std::mem::replace(&mut polling, next.hold()));
            started = Instant::now();
        }
        if !polling.turn() {
            std::thread::yield_now();
        }
    }
}
