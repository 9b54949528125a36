//! What every request carries through the engine: its deadline, whether it
//! is safe to resend (retry classification), and its place under the
//! client's in-flight limit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use crate::command_table::{self, CommandSpec};
use crate::error::{Error, Result};
use crate::protocol::Cmd;

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
        blocking: spec.is_some_and(|s| s.is_blocking()),
        retry: if readonly { RetryClass::Idempotent } else { RetryClass::Unsafe },
    }
}

/// Whether a failed attempt may be sent again within the deadline.
pub fn may_retry(class: RetryClass, err: &Error) -> bool {
    match err.kind() {
        crate::ErrorKind::Connection => class == RetryClass::Idempotent || !err.maybe_sent(),
        _ => false,
    }
}

/// Caps the requests in flight on one client.
pub struct InflightLimiter {
    count: AtomicUsize,
    limit: usize,
}

/// A request's place under the limit, given back on drop.
pub struct InflightPermit {
    limiter: Arc<InflightLimiter>,
}

impl InflightLimiter {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(InflightLimiter { count: AtomicUsize::new(0), limit })
    }

    pub fn acquire(self: &Arc<Self>) -> Result<InflightPermit> {
        let before = self.count.fetch_add(1, Ordering::AcqRel);
        if before >= self.limit {
            self.count.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::backpressure(self.limit));
        }
        Ok(InflightPermit { limiter: self.clone() })
    }

    pub fn in_flight(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }
}

impl Drop for InflightPermit {
    fn drop(&mut self) {
        self.limiter.count.fetch_sub(1, Ordering::AcqRel);
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
