//! What every request carries through the engine: its deadline, whether it
//! is safe to resend (retry classification), and its place under the
//! client's in-flight limit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use crate::command_table::{self, CommandSpec};
use crate::error::{Error, Result};
use crate::protocol::{Cmd, Value};

/// How a request may be treated when its node fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryClass {
    /// A read: resending it cannot change data.
    Idempotent,
    /// A write or unknown command: resent only if it never left the client.
    Unsafe,
}

/// A command with what the engine derived about it.
#[derive(Clone, Copy, Debug)]
pub struct Classified {
    pub spec: Option<&'static CommandSpec>,
    pub readonly: bool,
    pub blocking: bool,
    pub retry: RetryClass,
}

/// Looks the command up once per request.
pub fn classify(cmd: &Cmd) -> Classified {
    let spec = command_table::lookup(cmd.args());
    let readonly = spec.is_some_and(|s| s.is_readonly());
    Classified {
        spec,
        readonly,
        blocking: command_table::blocks(cmd.args(), spec),
        retry: if readonly { RetryClass::Idempotent } else { RetryClass::Unsafe },
    }
}

/// Whether a failed attempt may be sent again within the deadline: a read,
/// a request that never reached the socket, or one its caller marked safe
/// to run twice (`resend_safe`).
pub fn may_retry(class: RetryClass, err: &Error) -> bool {
    match err.kind() {
        crate::ErrorKind::Connection => class == RetryClass::Idempotent || !err.maybe_sent() || resend_safe(),
        _ => false,
    }
}

/// Whether the request running on this task was marked safe to resend.
pub fn resend_safe() -> bool {
    RESEND_SAFE.try_with(|r| *r).unwrap_or(false)
}

/// Runs `fut` as a request marked (or not) safe to resend.
pub async fn with_resend_safe<F: std::future::Future>(safe: bool, fut: F) -> F::Output {
    RESEND_SAFE.scope(safe, fut).await
}

/// Caps the requests in flight on one client, and tells a lone caller
/// from a busy moment between bursts (`alone`).
pub struct InflightLimiter {
    count: AtomicUsize,
    limit: usize,
    /// The most requests in flight at once since the count was last 0.
    peak: AtomicUsize,
    /// `peak` of the last stretch that ended with nothing in flight.
    last_peak: AtomicUsize,
}

/// A request's place under the limit. Clones share the place; it is given
/// back when the last clone drops. The request holds one while it runs
/// and every pipeline slot it enqueues holds another, so a request whose
/// caller gave up still counts until it has left the pipeline.
#[derive(Clone)]
pub struct InflightPermit {
    _place: Arc<Place>,
}

struct Place {
    limiter: Arc<InflightLimiter>,
    /// Why the request last waited, parked, for a primary before it was
    /// sent again (see `Parked::resume`): its deadline error names it.
    waited_for: parking_lot::Mutex<Option<String>>,
    /// What the request noted for its metrics and span (`telemetry`).
    notes: crate::telemetry::RequestNotes,
}

tokio::task_local! {
    /// The permit of the request running on this task, for the pipeline
    /// slots it enqueues (see `InflightPermit::scope`).
    static CURRENT: InflightPermit;
    /// Whether the request running on this task may run twice.
    static RESEND_SAFE: bool;
}

/// The error of a request whose deadline passed while it waited for a
/// reachable primary.
pub(crate) fn waited_too_long(e: &Error) -> Error {
    Error::timeout(format!("no reachable primary before the request deadline (it waited, parked): {}", e.message()))
}

/// Requests waiting, parked, for their deployment to name a reachable
/// primary: counted for the deployment's pollers (they ask quickly while
/// any wait) and for the stats; the first one parked and the last one gone
/// are events.
pub struct Parking {
    now: AtomicUsize,
    total: std::sync::atomic::AtomicU64,
    resumed: std::sync::atomic::AtomicU64,
    longest_ms: std::sync::atomic::AtomicU64,
    episode_longest_ms: std::sync::atomic::AtomicU64,
    events: crate::events::EventBus,
}

/// What parking did so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParkStats {
    /// Requests waiting now.
    pub parked_now: u64,
    /// Requests that ever waited.
    pub parked_total: u64,
    /// Of those, the ones sent again after the wait (the rest met their
    /// deadline or the client closed).
    pub resumed: u64,
    /// The longest wait, in ms.
    pub longest_wait_ms: u64,
}

impl Parking {
    pub fn new(events: crate::events::EventBus) -> Arc<Self> {
        Arc::new(Parking {
            now: AtomicUsize::new(0),
            total: Default::default(),
            resumed: Default::default(),
            longest_ms: Default::default(),
            episode_longest_ms: Default::default(),
            events,
        })
    }

    /// A request starts waiting because `node` cannot be reached.
    pub fn park(self: &Arc<Self>, node: &str, why: &str) -> Parked {
        tracing::debug!(target: crate::logging::REQUEST, "request parked: {node} unreachable");
        crate::telemetry::notes::event("parked", || Some(format!("{node} unreachable")));
        self.total.fetch_add(1, Ordering::Relaxed);
        if self.now.fetch_add(1, Ordering::AcqRel) == 0 {
            self.episode_longest_ms.store(0, Ordering::Relaxed);
            self.events.emit(crate::proto::EventKind::RequestsParked, node, &format!(
                "requests wait for a reachable primary (until their deadlines): {why}"
            ));
        }
        Parked { parking: self.clone(), since: tokio::time::Instant::now(), resumed: false, why: why.to_owned() }
    }

    /// Requests waiting now.
    pub fn parked_now(&self) -> usize {
        self.now.load(Ordering::Acquire)
    }

    pub fn stats(&self) -> ParkStats {
        ParkStats {
            parked_now: self.now.load(Ordering::Acquire) as u64,
            parked_total: self.total.load(Ordering::Relaxed),
            resumed: self.resumed.load(Ordering::Relaxed),
            longest_wait_ms: self.longest_ms.load(Ordering::Relaxed),
        }
    }
}

/// One request's wait; dropping it ends the wait.
pub struct Parked {
    parking: Arc<Parking>,
    since: tokio::time::Instant,
    resumed: bool,
    why: String,
}

impl Parked {
    /// The wait ended with somewhere to send the request.
    pub fn resume(mut self) {
        self.resumed = true;
        let why = std::mem::take(&mut self.why);
        crate::telemetry::notes::event("resumed", || None);
        let _outside_a_request = CURRENT.try_with(|p| *p._place.waited_for.lock() = Some(why));
    }
}

impl Drop for Parked {
    fn drop(&mut self) {
        let p = &self.parking;
        let waited = self.since.elapsed().as_millis() as u64;
        p.longest_ms.fetch_max(waited, Ordering::Relaxed);
        p.episode_longest_ms.fetch_max(waited, Ordering::Relaxed);
        if self.resumed {
            p.resumed.fetch_add(1, Ordering::Relaxed);
        }
        if p.now.fetch_sub(1, Ordering::AcqRel) == 1 {
            p.events.emit(crate::proto::EventKind::RequestsResumed, "", &format!(
                "no request waits for a primary any more; the longest waited {} ms",
                p.episode_longest_ms.load(Ordering::Relaxed)
            ));
        }
    }
}

impl InflightLimiter {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(InflightLimiter { count: AtomicUsize::new(0), limit, peak: AtomicUsize::new(0), last_peak: AtomicUsize::new(0) })
    }

    pub fn acquire(self: &Arc<Self>) -> Result<InflightPermit> {
        let before = self.count.fetch_add(1, Ordering::AcqRel);
        if before >= self.limit {
            self.count.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::backpressure(self.limit));
        }
        if before >= self.peak.load(Ordering::Relaxed) {
            self.peak.fetch_max(before + 1, Ordering::Relaxed);
        }
        Ok(InflightPermit {
            _place: Arc::new(Place { limiter: self.clone(), waited_for: Default::default(), notes: Default::default() }),
        })
    }

    pub fn in_flight(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    /// Nothing in flight, and the last stretch of traffic was one request
    /// at a time: a lone caller, not concurrent callers between two bursts
    /// (whose next requests should travel together).
    pub fn alone(&self) -> bool {
        self.count.load(Ordering::Acquire) == 0 && self.last_peak.load(Ordering::Relaxed) <= 1
    }
}

impl InflightPermit {
    /// Runs `fut` with this permit as the current request's.
    pub async fn scope<F: std::future::Future>(self, fut: F) -> F::Output {
        CURRENT.scope(self, fut).await
    }

    /// Runs `fut` with this permit as the current request's, until
    /// `deadline`; past it, the error is `past_deadline`'s, given why the
    /// request last waited, parked, if it did and was sent again (so a
    /// deadline that ends the second try still names what broke the first).
    pub async fn scope_until<F, T>(
        self,
        deadline: tokio::time::Instant,
        fut: F,
        past_deadline: impl FnOnce(Option<String>) -> Error,
    ) -> Result<T>
    where
        F: std::future::Future<Output = Result<T>>,
    {
        // No async block around `fut` here: each layer of a future holds it
        // again, and a debug build polls the request's future on the
        // caller's stack.
        let place = self._place.clone();
        match CURRENT.scope(self, tokio::time::timeout_at(deadline, fut)).await {
            Ok(r) => r,
            Err(_) => Err(past_deadline(place.waited_for.lock().take())),
        }
    }

    /// The permit of the request running on this task, if any.
    pub fn current() -> Option<InflightPermit> {
        CURRENT.try_with(InflightPermit::clone).ok()
    }

    /// The request's notes (`telemetry`), held past the request's end by
    /// the returned handle.
    pub fn notes(&self) -> RequestNotesHandle {
        RequestNotesHandle(self._place.clone())
    }
}

/// A finished request's notes, for its metrics and span (it still counts
/// under the in-flight limit while held).
pub struct RequestNotesHandle(Arc<Place>);

impl std::ops::Deref for RequestNotesHandle {
    type Target = crate::telemetry::RequestNotes;
    fn deref(&self) -> &Self::Target {
        &self.0.notes
    }
}

/// Calls `f` with the notes of the request running on this task; nothing
/// outside a request.
pub(crate) fn with_notes(f: impl FnOnce(&crate::telemetry::RequestNotes)) {
    let _outside_a_request = CURRENT.try_with(|p| f(&p._place.notes));
}

impl Drop for Place {
    fn drop(&mut self) {
        let limiter = &self.limiter;
        if limiter.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            limiter.last_peak.store(limiter.peak.swap(0, Ordering::Relaxed), Ordering::Relaxed);
        }
    }
}

/// Calls a request's completion exactly once: with the request's outcome,
/// or, if the request is dropped before it has one (its task panicked or
/// was aborted), with an error saying so.
pub struct Completion<F: FnOnce(Result<Value>)> {
    done: Option<F>,
}

impl<F: FnOnce(Result<Value>)> Completion<F> {
    pub fn new(done: F) -> Self {
        Completion { done: Some(done) }
    }

    pub fn complete(mut self, result: Result<Value>) {
        if let Some(done) = self.done.take() {
            done(result);
        }
    }
}

impl<F: FnOnce(Result<Value>)> Drop for Completion<F> {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let panicked = std::thread::panicking() || crate::runtime::dropping_panicked();
            let why = if panicked {
                "internal error: the request's task panicked inside the engine; the request was not completed"
            } else {
                "the request was cancelled before it completed"
            };
            done(Err(if panicked { Error::internal(why) } else { Error::cancelled(why) }));
        }
    }
}

/// Test support: a request for the command `HAVEN.TEST.PANIC` panics on
/// the request path when the process was started with
/// `HAVEN_TEST_INJECT_PANIC=1`, so every language's suite can prove that
/// a panic inside the engine still completes the caller's request.
pub fn inject_panic(cmd: &Cmd) {
    static ENABLED: once_cell::sync::Lazy<bool> =
        once_cell::sync::Lazy::new(|| std::env::var_os("HAVEN_TEST_INJECT_PANIC").is_some_and(|v| v == "1"));
    if *ENABLED && cmd.args().first().is_some_and(|n| n.eq_ignore_ascii_case(b"HAVEN.TEST.PANIC")) {
        panic!("HAVEN.TEST.PANIC: a panic injected on the request path (HAVEN_TEST_INJECT_PANIC=1)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_refuses_past_the_limit_and_recovers() {
        let limiter = InflightLimiter::new(2);
        let a = limiter.acquire().expect("first");
        let _b = limiter.acquire().expect("second");
        let err = limiter.acquire().err().expect("third must fail");
        assert_eq!(err.kind(), crate::ErrorKind::Backpressure);
        drop(a);
        assert!(limiter.acquire().is_ok());
    }

    #[test]
    fn a_lone_caller_is_told_from_a_pause_between_bursts() {
        let limiter = InflightLimiter::new(100);
        assert!(limiter.alone(), "a new client");
        drop(limiter.acquire().expect("one"));
        assert!(limiter.alone(), "one request at a time");
        let a = limiter.acquire().expect("a");
        assert!(!limiter.alone(), "one in flight");
        let b = limiter.acquire().expect("b");
        drop(a);
        drop(b);
        assert!(!limiter.alone(), "nothing in flight, but two were a moment ago");
        drop(limiter.acquire().expect("lone"));
        assert!(limiter.alone(), "one request alone again");
    }

    #[test]
    fn reads_are_resendable_writes_only_when_unsent() {
        let get = classify(&Cmd::new("GET").arg("k"));
        let set = classify(&Cmd::new("SET").arg("k").arg("v"));
        assert_eq!(get.retry, RetryClass::Idempotent);
        assert!(may_retry(set.retry, &Error::connection_unsent("down")));
        assert!(!may_retry(set.retry, &Error::connection("lost")));
        assert!(may_retry(get.retry, &Error::connection("lost")));
        assert!(!may_retry(get.retry, &Error::timeout("late")));
    }
}
