//! The circuit breaker of one endpoint, fed by live traffic. Only
//! ConnectionError and TimeoutError count as failures (a server reply such as
//! WRONGTYPE is the endpoint working). Bookkeeping on the request path is a
//! few atomic operations: a sliding window of `BUCKETS` time buckets, a
//! consecutive-failure counter and a state byte; no lock. The window is
//! striped: each thread counts in its own cache-line-aligned stripe, so two
//! engine threads recording successes never write the same line; only a
//! failure sums the stripes.
//!
//! Closed --(rate or consecutive rule)--> Open --(half_open_after)--> HalfOpen
//! --(probe or request succeeds)--> Closed; a failure in HalfOpen re-opens.

use std::sync::atomic::{AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::time::Instant;

use super::config::BreakerConfig;

const BUCKETS: u64 = 10;
/// Stripes of the window; threads pick one round-robin on first use.
const STRIPES: usize = 4;

thread_local! {
    static STRIPE: usize = next_stripe();
}

fn next_stripe() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed) % STRIPES
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CircuitState {
    Closed,
    Open,
    HalfOpen,
}

const CLOSED: u8 = 0;
const OPEN: u8 = 1;
const HALF_OPEN: u8 = 2;

/// A state change caused by one outcome, for the caller to announce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Opened(String),
    Closed,
}

#[derive(Default)]
struct Bucket {
    /// Which bucket-sized slice of time the counts belong to.
    epoch: AtomicU64,
    total: AtomicU32,
    failures: AtomicU32,
}

/// One thread group's window, alone on its cache lines.
#[derive(Default)]
#[repr(align(128))]
struct Stripe {
    buckets: [Bucket; BUCKETS as usize],
}

pub struct Breaker {
    config: BreakerConfig,
    origin: Instant,
    bucket_ms: u64,
    stripes: [Stripe; STRIPES],
    consecutive: AtomicU32,
    state: AtomicU8,
    /// Milliseconds since `origin` when the circuit last opened.
    opened_at: AtomicU64,
}

impl Breaker {
    pub fn new(config: BreakerConfig) -> Self {
        let bucket_ms = (config.window.as_millis() as u64 / BUCKETS).max(1);
        Breaker {
            config,
            origin: Instant::now(),
            bucket_ms,
            stripes: Default::default(),
            consecutive: AtomicU32::new(0),
            state: AtomicU8::new(CLOSED),
            opened_at: AtomicU64::new(0),
        }
    }

    fn now_ms(&self) -> u64 {
        self.origin.elapsed().as_millis() as u64
    }

    pub fn state(&self) -> CircuitState {
        match self.state.load(Ordering::Acquire) {
            OPEN => CircuitState::Open,
            HALF_OPEN => CircuitState::HalfOpen,
            _ => CircuitState::Closed,
        }
    }

    /// Records one live request's outcome. `failure`: a connection or
    /// timeout error. Returns the state change this outcome caused, if any.
    pub fn record(&self, failure: bool) -> Option<Change> {
        let now = self.now_ms();
        let epoch = now / self.bucket_ms;
        let stripe = STRIPE.try_with(|s| *s).unwrap_or(0);
        let bucket = &self.stripes[stripe].buckets[(epoch % BUCKETS) as usize];
        let seen = bucket.epoch.load(Ordering::Acquire);
        if seen != epoch
            && bucket.epoch.compare_exchange(seen, epoch, Ordering::AcqRel, Ordering::Acquire).is_ok()
        {
            // Racing recorders may land a count in the old slice: the window
            // is approximate by at most a few requests, never by a bucket.
            bucket.total.store(0, Ordering::Release);
            bucket.failures.store(0, Ordering::Release);
        }
        bucket.total.fetch_add(1, Ordering::AcqRel);
        if !failure {
            // Successes are the hot path: read before writing, so shared
            // cache lines are only written when something changes.
            if self.consecutive.load(Ordering::Relaxed) != 0 {
                self.consecutive.store(0, Ordering::Release);
            }
            if self.state.load(Ordering::Acquire) != HALF_OPEN {
                return None;
            }
            return match self.state.compare_exchange(HALF_OPEN, CLOSED, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => Some(Change::Closed),
                Err(_) => None,
            };
        }
        bucket.failures.fetch_add(1, Ordering::AcqRel);
        let in_a_row = self.consecutive.fetch_add(1, Ordering::AcqRel) + 1;
        match self.state.load(Ordering::Acquire) {
            OPEN => None,
            HALF_OPEN => self.open(now, "a request failed while the circuit was half-open".to_string(), HALF_OPEN),
            _ => {
                if let Some(limit) = self.config.consecutive_failures {
                    if in_a_row >= limit {
                        return self.open(now, format!("{in_a_row} consecutive connection/timeout failures"), CLOSED);
                    }
                }
                let (total, failures) = self.window(epoch);
                if failures >= self.config.minimum_failures
                    && total > 0
                    && failures as f64 / total as f64 > self.config.failure_rate
                {
                    return self.open(
                        now,
                        format!(
                            "{failures} of {total} requests failed within {} ms (failure_rate {})",
                            self.config.window.as_millis(),
                            self.config.failure_rate
                        ),
                        CLOSED,
                    );
                }
                None
            }
        }
    }

    fn open(&self, now: u64, reason: String, from: u8) -> Option<Change> {
        match self.state.compare_exchange(from, OPEN, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => {
                self.opened_at.store(now, Ordering::Release);
                self.consecutive.store(0, Ordering::Release);
                Some(Change::Opened(reason))
            }
            Err(_) => None,
        }
    }

    /// Opens the circuit from outside (a failed half-open probe).
    pub fn reopen(&self, reason: String) -> Option<Change> {
        self.open(self.now_ms(), reason, HALF_OPEN)
    }

    /// Open for `half_open_after`: move to HalfOpen. True when this call did.
    pub fn try_half_open(&self) -> bool {
        if self.state.load(Ordering::Acquire) != OPEN {
            return false;
        }
        let since = self.now_ms().saturating_sub(self.opened_at.load(Ordering::Acquire));
        since >= self.config.half_open_after.as_millis() as u64
            && self.state.compare_exchange(OPEN, HALF_OPEN, Ordering::AcqRel, Ordering::Acquire).is_ok()
    }

    /// Closes the circuit (a manual, forced switch to this endpoint).
    pub fn force_close(&self) -> bool {
        self.consecutive.store(0, Ordering::Release);
        self.state.swap(CLOSED, Ordering::AcqRel) != CLOSED
    }

    /// Requests and failures within the window ending at `epoch`.
    fn window(&self, epoch: u64) -> (u32, u32) {
        let mut total = 0;
        let mut failures = 0;
        for b in self.stripes.iter().flat_map(|s| s.buckets.iter()) {
            let e = b.epoch.load(Ordering::Acquire);
            if e <= epoch && epoch - e < BUCKETS {
                total += b.total.load(Ordering::Acquire);
                failures += b.failures.load(Ordering::Acquire);
            }
        }
        (total, failures)
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn consecutive_failures_open_and_success_resets() {
        let b = Breaker::new(BreakerConfig::default());
        for _ in 0..4 {
            assert_eq!(b.record(true), None);
        }
        assert_eq!(b.record(false), None);
        for _ in 0..4 {
            assert_eq!(b.record(true), None);
        }
        assert!(matches!(b.record(true), Some(Change::Opened(_))));
        assert_eq!(b.state(), CircuitState::Open);
    }

    #[test]
    fn one_percent_failures_never_open() {
        let b = Breaker::new(BreakerConfig::default());
        for i in 0..20_000 {
            assert_eq!(b.record(i % 100 == 0), None);
        }
        assert_eq!(b.state(), CircuitState::Closed);
    }

    #[test]
    fn failure_rate_opens_with_minimum_count() {
        let cfg = BreakerConfig { consecutive_failures: None, ..BreakerConfig::default() };
        let b = Breaker::new(cfg);
        let mut opened = false;
        for i in 0..100 {
            // 2 of 3 fail: above 0.5.
            if let Some(Change::Opened(_)) = b.record(i % 3 != 0) {
                opened = true;
                assert!(i >= 29, "opened before 20 failures ({i})");
                break;
            }
        }
        assert!(opened);
    }

    #[test]
    fn half_open_then_close_or_reopen() {
        let cfg = BreakerConfig { half_open_after: Duration::from_millis(20), ..BreakerConfig::default() };
        let b = Breaker::new(cfg);
        for _ in 0..5 {
            b.record(true);
        }
        assert!(!b.try_half_open());
        std::thread::sleep(Duration::from_millis(30));
        assert!(b.try_half_open());
        assert!(matches!(b.record(true), Some(Change::Opened(_))));
        std::thread::sleep(Duration::from_millis(30));
        assert!(b.try_half_open());
        assert_eq!(b.record(false), Some(Change::Closed));
        assert_eq!(b.state(), CircuitState::Closed);
    }
}
