//! Request coalescing for reads outside the client-side cache
//! (`ClientConfig.coalesce_reads`): identical keyed read commands in flight
//! at the same time go to the server once and every caller gets the reply.
//! (Reads through the cache are always coalesced, by the cache itself.)
//!
//! * Only read-only, non-blocking commands with a key are coalesced, and not
//!   the random ones (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER): two callers of
//!   those expect two draws.
//! * A read never joins one that started before a write of this client
//!   ended, so a caller always reads its own writes.
//! * A caller waits for the shared reply within its own deadline; if the
//!   leading caller is cancelled (its deadline), a waiting one sends anew.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

use crate::error::Result;
use crate::flight::{self, Flights, Leader, Role};
use crate::protocol::{Cmd, Value};
use crate::request::Classified;

/// The reads in flight, by command line; each flight keeps `writes_ended`
/// as it was when the read was sent: only reads arriving before the next
/// write ends may share its reply.
#[derive(Default)]
pub struct Coalescer {
    flights: Mutex<Flights<u64>>,
    /// Writes (and batches) of this client that have ended.
    writes_ended: AtomicU64,
    coalesced: AtomicU64,
}

impl Coalescer {
    /// Whether `cmd` may share another caller's reply.
    pub fn coalescable(cmd: &Cmd, class: &Classified) -> bool {
        let Some(spec) = class.spec else { return false };
        class.readonly
            && !class.blocking
            && !matches!(spec.name, "srandmember" | "hrandfield" | "zrandmember")
            && !crate::deployment::key_positions(cmd.args(), Some(spec)).is_empty()
    }

    /// Reads coalesced with this client's identical reads in flight.
    pub async fn read<F, Fut>(&self, cmd: &Cmd, send: F) -> Result<Value>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Value>>,
    {
        let key = cmd.identity();
        let mut joined = false;
        // Join the flight in progress, or lead a new one.
        let flight = loop {
            let writes = self.writes_ended.load(Ordering::Acquire);
            // A flight sent before a write ended is not joined: a new one
            // takes its place (whose leader's guard leaves the new one be).
            let role = flight::join_or_lead(&mut self.flights.lock(), &key, |&at_start| at_start == writes, || writes);
            let outcome = match role {
                Role::Lead(flight) => break flight,
                Role::Follow(outcome) => outcome,
            };
            if !joined {
                joined = true;
                self.coalesced.fetch_add(1, Ordering::Relaxed);
            }
            if let Some(result) = flight::follow(outcome).await {
                return result;
            }
            // The leader was cancelled: try again, perhaps leading.
        };
        let _leader = Leader::new(&self.flights, |flights| flights, &key, &flight);
        let result = send().await;
        flight.finish(&result);
        result
    }

    /// A write (or batch) of this client ended: reads in flight since before
    /// it may not answer later callers.
    pub fn write_ended(&self) {
        self.writes_ended.fetch_add(1, Ordering::AcqRel);
    }

    /// Reads that shared another caller's reply so far.
    pub fn coalesced(&self) -> u64 {
        self.coalesced.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    use bytes::Bytes;
    use tokio::sync::Semaphore;

    use super::*;
    use crate::request::classify;

    fn coalescable(args: &[&str]) -> bool {
        let cmd: Cmd = args.iter().map(|a| Bytes::copy_from_slice(a.as_bytes())).collect();
        Coalescer::coalescable(&cmd, &classify(&cmd))
    }

    #[test]
    fn only_keyed_deterministic_reads_are_coalesced() {
        assert!(coalescable(&["GET", "k"]));
        assert!(coalescable(&["hgetall", "k"]));
        assert!(coalescable(&["MGET", "a", "b"]));
        assert!(!coalescable(&["SET", "k", "v"]));
        assert!(!coalescable(&["BLPOP", "k", "0"]));
        assert!(!coalescable(&["SRANDMEMBER", "k"]));
        assert!(!coalescable(&["RANDOMKEY"]));
        assert!(!coalescable(&["PING"]));
        assert!(!coalescable(&["NOSUCHCOMMAND", "k"]));
    }

    /// A read of "k" whose send counts itself, waits for a permit of `gate`,
    /// then answers `value`.
    fn reader(
        c: &Arc<Coalescer>,
        gate: &Arc<Semaphore>,
        sends: &Arc<AtomicUsize>,
        value: &'static str,
    ) -> tokio::task::JoinHandle<Result<Value>> {
        let (c, gate, sends) = (c.clone(), gate.clone(), sends.clone());
        tokio::spawn(async move {
            let send = || async move {
                sends.fetch_add(1, Ordering::SeqCst);
                let _permit = gate.acquire().await;
                Ok(Value::BulkString(Bytes::from_static(value.as_bytes())))
            };
            c.read(&Cmd::new("GET").arg("k"), send).await
        })
    }

    async fn until(what: &str, check: impl Fn() -> bool) {
        for _ in 0..1000 {
            if check() {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("never: {what}");
    }

    #[tokio::test]
    async fn identical_reads_share_one_send_until_a_write_ends() {
        let c = Arc::new(Coalescer::default());
        let gate = Arc::new(Semaphore::new(0));
        let sends = Arc::new(AtomicUsize::new(0));
        let first = reader(&c, &gate, &sends, "first");
        until("the first read is sent", || sends.load(Ordering::SeqCst) == 1).await;
        let joined = reader(&c, &gate, &sends, "never sent");
        until("the second read joins", || c.coalesced() == 1).await;
        // A write of this client ends while the first read is in flight: a
        // later read must not take that read's (possibly older) reply.
        c.write_ended();
        let after = reader(&c, &gate, &sends, "after the write");
        until("the read after the write is sent", || sends.load(Ordering::SeqCst) == 2).await;
        let joined_after = reader(&c, &gate, &sends, "never sent either");
        until("a read joins the new flight", || c.coalesced() == 2).await;
        gate.add_permits(10);
        let text = |r: Result<Value>| r.ok().and_then(|v| v.as_str().map(str::to_string));
        assert_eq!(text(first.await.expect("task")).as_deref(), Some("first"));
        assert_eq!(text(joined.await.expect("task")).as_deref(), Some("first"));
        assert_eq!(text(after.await.expect("task")).as_deref(), Some("after the write"));
        assert_eq!(text(joined_after.await.expect("task")).as_deref(), Some("after the write"));
        assert_eq!(sends.load(Ordering::SeqCst), 2);
        assert!(c.flights.lock().is_empty());
    }

    #[tokio::test]
    async fn a_cancelled_leader_leaves_its_followers_to_send() {
        let c = Arc::new(Coalescer::default());
        let gate = Arc::new(Semaphore::new(0));
        let sends = Arc::new(AtomicUsize::new(0));
        let leader = reader(&c, &gate, &sends, "cancelled");
        until("the leader sends", || sends.load(Ordering::SeqCst) == 1).await;
        let follower = reader(&c, &gate, &sends, "follower's own");
        until("the follower joins", || c.coalesced() == 1).await;
        leader.abort();
        until("the follower sends itself", || sends.load(Ordering::SeqCst) == 2).await;
        gate.add_permits(1);
        let v = follower.await.expect("task").expect("a reply");
        assert_eq!(v.as_str(), Some("follower's own"));
    }
}
