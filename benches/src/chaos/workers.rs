//! The soak's callers and what they saw. Each writer owns one key and loops:
//! SET the key to a value that encodes key, writer and sequence (every
//! fourth SET in a pipelined batch with WAIT, on the connection that wrote,
//! so a reply of "all replicas" acknowledges that sequence), then GET it
//! from the primary and check the value against its own history:
//!
//! - another key's or writer's value, or a sequence never written yet, is a
//!   cross-wired reply;
//! - a sequence below the last acknowledged one is a lost acknowledged write;
//! - a sequence below the last one read (but not below the acknowledged one)
//!   is counted apart: Redis replicates asynchronously, and a failover may
//!   drop writes no replica had confirmed;
//! - a request that ends more than the slack (20 ms; `--slack-ms`) after
//!   its deadline is late. The worst lateness is reported even under it.
//!
//! Counters are per deployment (a `Tally`); per key, the highest
//! acknowledged sequence stays for the check after the soak.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use haven_core::{Client, Cmd, RequestOptions, Value};
use parking_lot::Mutex;

/// How late past its deadline a request may end, unless `--slack-ms` says.
pub const SLACK: Duration = Duration::from_millis(20);
/// WAIT's own timeout, in ms.
const WAIT_MS: u64 = 200;

/// One deployment's counters.
#[derive(Default)]
pub struct Tally {
    /// How late past its deadline a request may end.
    pub slack: Duration,
    pub ok: AtomicU64,
    pub failed: AtomicU64,
    pub late: AtomicU64,
    pub worst_late_us: AtomicU64,
    pub crosswired: AtomicU64,
    pub below_acked: AtomicU64,
    pub went_back: AtomicU64,
    pub acked: AtomicU64,
    pub errors: Mutex<BTreeMap<String, u64>>,
    /// The first few problems, for the report.
    pub samples: Mutex<Vec<String>>,
    /// Error messages and events that showed a secret (see `SECRET_MARK`).
    pub leaks: AtomicU64,
}

/// Every password the soak makes up starts with this: no error message,
/// event or line of output may ever contain it.
pub const SECRET_MARK: &str = "chaos-secret-";

impl Tally {
    pub fn new(slack: Duration) -> Tally {
        Tally { slack, ..Default::default() }
    }

    fn sample(&self, what: String) {
        let mut s = self.samples.lock();
        if s.len() < 10 {
            s.push(what);
        }
    }

    fn judge(&self, started: Instant, budget: Duration, what: &str) {
        let took = started.elapsed();
        if let Some(over) = took.checked_sub(budget) {
            self.worst_late_us.fetch_max(over.as_micros() as u64, Ordering::Relaxed);
        }
        if took > budget + self.slack {
            self.late.fetch_add(1, Ordering::Relaxed);
            self.sample(format!("{what} took {} ms against a {} ms deadline", took.as_millis(), budget.as_millis()));
        }
    }

    fn error(&self, e: &haven_core::Error) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        *self.errors.lock().entry(format!("{:?}", e.kind())).or_default() += 1;
        self.check_secret(&format!("{e} {e:?}"));
    }

    /// Counts `text` as a leak when it shows a secret.
    pub fn check_secret(&self, text: &str) {
        if text.contains(SECRET_MARK) {
            self.leaks.fetch_add(1, Ordering::Relaxed);
            self.sample("a secret appeared in an error or event".into());
        }
    }
}

/// One writer's key and history.
pub struct Writer {
    pub key: String,
    pub id: u32,
    /// Highest sequence a WAIT confirmed on every replica.
    pub acked: AtomicU64,
    /// When the last request succeeded (ms since the soak began).
    pub last_ok_ms: AtomicU64,
    /// When the last request failed.
    pub last_fail_ms: AtomicU64,
    /// When a request last succeeded after one that failed.
    pub back_ms: AtomicU64,
}

impl Writer {
    pub fn new(key: String, id: u32) -> Writer {
        Writer {
            key,
            id,
            acked: Default::default(),
            last_ok_ms: Default::default(),
            last_fail_ms: Default::default(),
            back_ms: Default::default(),
        }
    }

    fn succeeded(&self, epoch: Instant, failing: &mut bool) {
        let now = epoch.elapsed().as_millis() as u64;
        if std::mem::take(failing) {
            self.back_ms.store(now, Ordering::Relaxed);
        }
        self.last_ok_ms.store(now, Ordering::Relaxed);
    }

    fn failed(&self, epoch: Instant, failing: &mut bool) {
        *failing = true;
        self.last_fail_ms.store(epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
}

/// How the writers of one deployment run.
#[derive(Clone)]
pub struct Setup {
    pub client: Client,
    pub timeout: Duration,
    /// Replicas a WAIT must reach (0: no WAIT, nothing is acknowledged).
    pub replicas: u32,
    /// Reads must never go below an acknowledged write (false across
    /// independent regions, whose data is not replicated to each other).
    pub durable: bool,
}

pub fn value(key: &str, writer: u32, seq: u64) -> String {
    format!("{key}|{writer}|{seq}|{}", "x".repeat(64))
}

/// (key, writer, sequence) from a value.
pub fn parse(v: &[u8]) -> Option<(String, u32, u64)> {
    let text = std::str::from_utf8(v).ok()?;
    let mut parts = text.split('|');
    let key = parts.next()?.to_string();
    let writer = parts.next()?.parse().ok()?;
    let seq = parts.next()?.parse().ok()?;
    Some((key, writer, seq))
}

fn cmd(parts: &[&str]) -> Cmd {
    parts.iter().map(|p| Bytes::from(p.to_string())).collect()
}

pub async fn run(setup: Setup, me: Arc<Writer>, tally: Arc<Tally>, stop: Arc<AtomicBool>, epoch: Instant) {
    let options = RequestOptions { timeout: Some(setup.timeout), ..Default::default() };
    let with_wait = setup.timeout + Duration::from_millis(WAIT_MS);
    let mut seq = 0u64;
    let mut last_read = 0u64;
    let mut failing = false;
    while !stop.load(Ordering::Relaxed) {
        seq += 1;
        let set = cmd(&["SET", &me.key, &value(&me.key, me.id, seq)]);
        let confirm = setup.replicas > 0 && seq % 4 == 0;
        let started = Instant::now();
        let wrote = if confirm {
            let wait = cmd(&["WAIT", &setup.replicas.to_string(), &WAIT_MS.to_string()]);
            let reply = setup
                .client
                .batch(vec![set, wait], false, RequestOptions { timeout: Some(with_wait), ..Default::default() })
                .await;
            tally.judge(started, with_wait, "SET + WAIT");
            reply.map(|r| {
                let replies = r.as_slice().unwrap_or_default();
                let stored = replies.first().is_some_and(Value::is_ok);
                let confirmed = replies.get(1).and_then(Value::as_int).unwrap_or(0);
                if stored && confirmed >= i64::from(setup.replicas) {
                    me.acked.fetch_max(seq, Ordering::Relaxed);
                    tally.acked.fetch_add(1, Ordering::Relaxed);
                }
            })
        } else {
            let reply = setup.client.send_with(set, options.clone()).await;
            tally.judge(started, setup.timeout, "SET");
            reply.map(|_| ())
        };
        match wrote {
            Ok(()) => {
                tally.ok.fetch_add(1, Ordering::Relaxed);
                me.succeeded(epoch, &mut failing);
            }
            Err(e) => {
                tally.error(&e);
                me.failed(epoch, &mut failing);
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        }

        let started = Instant::now();
        let read = setup.client.send_with(cmd(&["GET", &me.key]), options.clone()).await;
        tally.judge(started, setup.timeout, "GET");
        let acked = me.acked.load(Ordering::Relaxed);
        match read {
            Ok(Value::BulkString(b)) => {
                tally.ok.fetch_add(1, Ordering::Relaxed);
                me.succeeded(epoch, &mut failing);
                match parse(&b) {
                    Some((key, writer, got)) if key == me.key && writer == me.id && got <= seq => {
                        if setup.durable && got < acked {
                            tally.below_acked.fetch_add(1, Ordering::Relaxed);
                            tally.sample(format!("{}: read sequence {got} after {acked} was acknowledged", me.key));
                        } else if setup.durable && got < last_read {
                            tally.went_back.fetch_add(1, Ordering::Relaxed);
                        }
                        last_read = got;
                    }
                    _ => {
                        tally.crosswired.fetch_add(1, Ordering::Relaxed);
                        tally.sample(format!("{} (sequence {seq}) read {:?}", me.key, String::from_utf8_lossy(&b[..b.len().min(60)])));
                    }
                }
            }
            Ok(Value::Nil) => {
                tally.ok.fetch_add(1, Ordering::Relaxed);
                me.succeeded(epoch, &mut failing);
                if setup.durable && acked > 0 {
                    tally.below_acked.fetch_add(1, Ordering::Relaxed);
                    tally.sample(format!("{}: gone after sequence {acked} was acknowledged", me.key));
                }
                last_read = 0;
            }
            Ok(other) => {
                tally.crosswired.fetch_add(1, Ordering::Relaxed);
                tally.sample(format!("{}: GET answered {other:?}", me.key));
            }
            Err(e) => {
                tally.error(&e);
                me.failed(epoch, &mut failing);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }
}
