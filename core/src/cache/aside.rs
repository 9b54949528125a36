//! Cache-aside without stampedes: `Client::get_or_load`. A read of the key
//! (through the client-side cache when there is one); on a miss only one
//! caller in the process runs the loader and the others wait for its result
//! (its error included, which is never cached); optionally a fleet-wide
//! lease (SET NX PX with a random token, released by a compare-and-delete
//! script) so that one process loads while the others wait for the value;
//! jittered TTLs so keys loaded together do not expire together; optional
//! early refresh (XFetch: a hit close to expiry, with a probability that
//! grows with the last load's duration, refreshes in the background while
//! the current value is served). Redis is an accelerator here, not the
//! source of truth: when it cannot be reached, the loader's value is
//! returned and the request succeeds.
//!
//! `write_through`: the write goes to the source of truth first (a user
//! function), then the cache is updated or invalidated; when the cache
//! cannot be reached after a successful write, the key is remembered and
//! deleted as soon as Redis answers again, and until then reads of it skip
//! Redis, so no stale value outlives the outage.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use lru::LruCache;
use parking_lot::Mutex;
use tokio::sync::watch;

use crate::error::{Error, ErrorKind, Result};
use crate::protocol::{Cmd, Value};
use crate::{Client, RequestOptions};

/// Releases the lease only if it is still ours (its token).
const RELEASE_SCRIPT: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/// How `get_or_load` stores and protects a value.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The value's time to live in Redis.
    pub ttl: Duration,
    /// Spread of the TTL, 0..1: the TTL is scaled by a random factor in
    /// [1 - jitter, 1]. Default 0.1.
    pub jitter: f64,
    /// A fleet-wide lease: only the process holding `<key>:haven-lease`
    /// loads; others poll for the value until the lease would have expired,
    /// then try for the lease themselves. None: no lease (default).
    pub lease: Option<Duration>,
    /// XFetch early refresh with this beta (1.0 is the usual choice): a hit
    /// on a value this process loaded refreshes it in the background when
    /// now + delta * beta * -ln(random) passes its expiry (delta: how long
    /// the last load took). None: off (default).
    pub early_refresh: Option<f64>,
}

/// What `write_through` does to the cache after the source of truth took
/// the write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// SET the new value with the TTL.
    Update,
    /// DEL the key: the next read loads it.
    Invalidate,
}

impl LoadOptions {
    pub fn new(ttl: Duration) -> Self {
        LoadOptions { ttl, jitter: 0.1, lease: None, early_refresh: None }
    }

    fn check(&self) -> Result<()> {
        if self.ttl.is_zero() {
            return Err(Error::config("get_or_load.ttl: must be > 0"));
        }
        if !(0.0..1.0).contains(&self.jitter) {
            return Err(Error::config(format!("get_or_load.jitter: must be within 0..1, got {}", self.jitter)));
        }
        if self.lease.is_some_and(|l| l.as_millis() == 0) {
            return Err(Error::config("get_or_load.lease: must be at least 1 ms"));
        }
        if let Some(beta) = self.early_refresh {
            if !beta.is_finite() || beta <= 0.0 {
                return Err(Error::config(format!("get_or_load.early_refresh: beta must be > 0, got {beta}")));
            }
        }
        Ok(())
    }

    fn jittered_ttl(&self) -> Duration {
        let factor = if self.jitter > 0.0 { 1.0 - rand::random_range(0.0..self.jitter) } else { 1.0 };
        self.ttl.mul_f64(factor).max(Duration::from_millis(1))
    }
}

/// Counters of `get_or_load`, readable from every language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Calls answered by the value in Redis (or the local cache).
    pub hits: u64,
    /// Times a loader ran.
    pub loader_calls: u64,
    /// Callers that waited for another caller's loader in this process.
    pub coalesced: u64,
    /// Times a caller waited because another process held the lease.
    pub lease_waits: u64,
    /// Loader failures (passed to every waiter, never cached).
    pub loader_errors: u64,
    /// Calls served by the loader because Redis could not be reached.
    pub cache_unavailable: u64,
    /// Background refreshes started early (XFetch).
    pub early_refreshes: u64,
    /// Keys whose cache entry could not be updated after a write, waiting
    /// for Redis to answer again to be deleted.
    pub pending_invalidations: u64,
}

/// Values this process loaded: when they expire and how long loading took.
const REFRESH_MEMORY: usize = 10_000;

pub(crate) struct Aside {
    loading: Mutex<HashMap<Bytes, watch::Sender<Option<Result<Bytes>>>>>,
    loaded: Mutex<LruCache<Bytes, (Instant, Duration)>>,
    /// Keys to delete once Redis answers (write_through's failed updates).
    pending: Mutex<HashSet<Bytes>>,
    recovering: AtomicBool,
    /// Loads (of any key) that have ended: a caller whose miss was read
    /// before one ended reads again before loading (see `get_or_load`).
    loads_ended: AtomicU64,
    early_refreshes: AtomicU64,
    hits: AtomicU64,
    loader_calls: AtomicU64,
    coalesced: AtomicU64,
    lease_waits: AtomicU64,
    loader_errors: AtomicU64,
    cache_unavailable: AtomicU64,
}

fn unreachable(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout | ErrorKind::NoHealthyEndpoint | ErrorKind::Cluster)
}

/// Removes this caller's in-process load when it ends (or is cancelled).
struct Loading<'a> {
    aside: &'a Aside,
    key: &'a Bytes,
}

impl Drop for Loading<'_> {
    fn drop(&mut self) {
        self.aside.loading.lock().remove(self.key);
    }
}

impl Default for Aside {
    fn default() -> Self {
        Aside {
            loading: Mutex::default(),
            loaded: Mutex::new(LruCache::new(NonZeroUsize::new(REFRESH_MEMORY).unwrap_or(NonZeroUsize::MIN))),
            pending: Mutex::default(),
            recovering: AtomicBool::new(false),
            loads_ended: AtomicU64::new(0),
            early_refreshes: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            loader_calls: AtomicU64::new(0),
            coalesced: AtomicU64::new(0),
            lease_waits: AtomicU64::new(0),
            loader_errors: AtomicU64::new(0),
            cache_unavailable: AtomicU64::new(0),
        }
    }
}

impl Aside {
    pub fn stats(&self) -> LoadStats {
        LoadStats {
            hits: self.hits.load(Ordering::Relaxed),
            loader_calls: self.loader_calls.load(Ordering::Relaxed),
            coalesced: self.coalesced.load(Ordering::Relaxed),
            lease_waits: self.lease_waits.load(Ordering::Relaxed),
            loader_errors: self.loader_errors.load(Ordering::Relaxed),
            cache_unavailable: self.cache_unavailable.load(Ordering::Relaxed),
            early_refreshes: self.early_refreshes.load(Ordering::Relaxed),
            pending_invalidations: self.pending.lock().len() as u64,
        }
    }

    /// XFetch: whether a hit on `key` should refresh early.
    fn refresh_due(&self, key: &Bytes, beta: f64) -> bool {
        let Some((expires, delta)) = self.loaded.lock().get(key).copied() else { return false };
        let u: f64 = rand::random_range(f64::MIN_POSITIVE..1.0);
        let ahead = delta.mul_f64((beta * -u.ln()).min(1e6));
        Instant::now() + ahead >= expires
    }
}

/// The value of `key`, loading and storing it on a miss. A loader failure
/// (its message) reaches every waiting caller as a ResponseError saying the
/// loader failed; nothing is stored.
pub(crate) async fn get_or_load<F, Fut>(client: &Client, key: Bytes, options: LoadOptions, loader: F) -> Result<Bytes>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = std::result::Result<Bytes, String>> + Send + 'static,
{
    options.check()?;
    let aside = client.aside();
    if !aside.pending.lock().is_empty() {
        retry_pending(client).await;
        if aside.pending.lock().contains(&key) {
            // Redis may still hold a value older than the source of truth.
            aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
            return run_loader(aside, loader).await;
        }
    }
    let loads_ended = aside.loads_ended.load(Ordering::Acquire);
    match find(client, aside, &key).await? {
        Found::Value(v) => {
            if let Some(beta) = options.early_refresh {
                if aside.refresh_due(&key, beta) && !aside.loading.lock().contains_key(&key) {
                    refresh_in_background(client, key, options, loader);
                }
            }
            return Ok(v);
        }
        Found::Missing => {}
        Found::Unreachable => return run_loader(aside, loader).await,
    }
    // One loader per key in this process.
    let waiter = {
        let mut loading = aside.loading.lock();
        match loading.get(&key) {
            Some(tx) => Some(tx.subscribe()),
            None => {
                loading.insert(key.clone(), watch::channel(None).0);
                None
            }
        }
    };
    if let Some(mut rx) = waiter {
        aside.coalesced.fetch_add(1, Ordering::Relaxed);
        return match rx.wait_for(Option::is_some).await {
            Ok(r) => r.clone().unwrap_or_else(|| Err(Error::connection("get_or_load: the loading caller ended"))),
            Err(_) => Err(Error::connection("get_or_load: the loading caller was cancelled (its deadline)")),
        };
    }
    let _loading = Loading { aside, key: &key };
    if aside.loads_ended.load(Ordering::Acquire) != loads_ended {
        // A load ended while this caller's read was in flight: the miss may
        // predate the value it stored, so look again before loading (else
        // a slow read would run the loader a second time).
        if let Ok(Found::Value(v)) = find(client, aside, &key).await {
            publish(aside, &key, Ok(v.clone()));
            return Ok(v);
        }
    }
    let result = load_and_store(client, aside, &key, &options, loader).await;
    publish(aside, &key, result.clone());
    result
}

/// Hands a load's result to the callers waiting for it.
fn publish(aside: &Aside, key: &Bytes, result: Result<Bytes>) {
    aside.loads_ended.fetch_add(1, Ordering::AcqRel);
    let loading = aside.loading.lock();
    if let Some(tx) = loading.get(key) {
        tx.send_replace(Some(result));
    }
}

/// Loads and stores `key` on the engine runtime while the caller goes on
/// with the current value; callers arriving meanwhile wait for it as for any
/// load of the key.
fn refresh_in_background<F, Fut>(client: &Client, key: Bytes, options: LoadOptions, loader: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = std::result::Result<Bytes, String>> + Send + 'static,
{
    let Ok(handle) = crate::runtime::handle() else { return };
    {
        let mut loading = client.aside().loading.lock();
        if loading.contains_key(&key) {
            return;
        }
        loading.insert(key.clone(), watch::channel(None).0);
    }
    client.aside().early_refreshes.fetch_add(1, Ordering::Relaxed);
    let client = client.clone();
    handle.spawn(async move {
        let aside = client.aside();
        let _loading = Loading { aside, key: &key };
        let result = load_and_store(&client, aside, &key, &options, loader).await;
        publish(aside, &key, result);
        // `_loading` goes after the lock above is released (a guard held
        // in a tail expression would outlive it and deadlock).
    });
}

/// What a read of the key found.
enum Found {
    Value(Bytes),
    Missing,
    /// Redis could not be reached: the loader answers.
    Unreachable,
}

/// Reads `key` (through the client-side cache when there is one), counting
/// a hit or an unreachable cache.
async fn find(client: &Client, aside: &Aside, key: &Bytes) -> Result<Found> {
    let options = RequestOptions { cache: true, ..Default::default() };
    let value = match client.send_with(Cmd::new("GET").arg(key.clone()), options).await {
        Ok(Value::Nil) => return Ok(Found::Missing),
        // A value served stale during an outage.
        Ok(Value::Attributed { value, .. }) => match value.as_bytes() {
            Some(b) => Bytes::copy_from_slice(b),
            None => return Ok(Found::Missing),
        },
        Ok(Value::BulkString(b) | Value::SimpleString(b)) => b,
        Ok(v) => match v.as_bytes() {
            Some(b) => Bytes::copy_from_slice(b),
            None => return Err(Error::response(format!("get_or_load: the key holds {v:?}, not a string"))),
        },
        Err(e) if unreachable(&e) => {
            aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
            return Ok(Found::Unreachable);
        }
        Err(e) => return Err(e),
    };
    aside.hits.fetch_add(1, Ordering::Relaxed);
    Ok(Found::Value(value))
}

async fn run_loader<F, Fut>(aside: &Aside, loader: F) -> Result<Bytes>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = std::result::Result<Bytes, String>>,
{
    aside.loader_calls.fetch_add(1, Ordering::Relaxed);
    loader().await.map_err(|message| {
        aside.loader_errors.fetch_add(1, Ordering::Relaxed);
        Error::response(format!("get_or_load: the loader failed: {message}"))
    })
}

async fn load_and_store<F, Fut>(client: &Client, aside: &Aside, key: &Bytes, options: &LoadOptions, loader: F) -> Result<Bytes>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = std::result::Result<Bytes, String>>,
{
    let Some(lease) = options.lease else {
        let started = Instant::now();
        let value = run_loader(aside, loader).await?;
        store(client, aside, key, &value, options, started.elapsed()).await;
        return Ok(value);
    };
    let lease_key = {
        let mut k = key.to_vec();
        k.extend_from_slice(b":haven-lease");
        Bytes::from(k)
    };
    let token = Bytes::from(format!("{:032x}", rand::random::<u128>()));
    let mut waited = false;
    loop {
        let acquire = Cmd::new("SET")
            .arg(lease_key.clone())
            .arg(token.clone())
            .arg("NX")
            .arg("PX")
            .arg(lease.as_millis().to_string());
        match client.send(acquire).await {
            Ok(Value::Nil) => {}
            Ok(_) => {
                let started = Instant::now();
                let value = run_loader(aside, loader).await;
                if let Ok(v) = &value {
                    store(client, aside, key, v, options, started.elapsed()).await;
                }
                let release = Cmd::new("EVAL").arg(RELEASE_SCRIPT).arg("1").arg(lease_key.clone()).arg(token.clone());
                let _ = client.send(release).await;
                return value;
            }
            Err(e) if unreachable(&e) => {
                aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
                return run_loader(aside, loader).await;
            }
            Err(e) => return Err(e),
        }
        // Another process loads: wait for its value, at most the lease.
        if !waited {
            waited = true;
            aside.lease_waits.fetch_add(1, Ordering::Relaxed);
        }
        let until = Instant::now() + lease;
        let step = (lease / 20).clamp(Duration::from_millis(5), Duration::from_millis(100));
        while Instant::now() < until {
            tokio::time::sleep(step).await;
            match find(client, aside, key).await? {
                Found::Value(v) => return Ok(v),
                Found::Missing => {}
                Found::Unreachable => return run_loader(aside, loader).await,
            }
        }
        // The lease holder died or is slow: try for the lease again.
    }
}

/// Stores the loaded value; a cache that cannot be reached is not an error
/// (the caller has its value), only counted.
async fn store(client: &Client, aside: &Aside, key: &Bytes, value: &Bytes, options: &LoadOptions, took: Duration) {
    let ttl = options.jittered_ttl();
    let set = Cmd::new("SET").arg(key.clone()).arg(value.clone()).arg("PX").arg(ttl.as_millis().max(1).to_string());
    match client.send(set).await {
        Ok(_) => {
            aside.loaded.lock().put(key.clone(), (Instant::now() + ttl, took));
        }
        Err(_) => {
            aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Write-through: `writer` writes to the source of truth; when it succeeds
/// the cache is updated (SET with `ttl`) or invalidated (DEL). If that
/// fails, the key is deleted as soon as Redis answers again (a background
/// retry), and reads through `get_or_load` skip Redis for it meanwhile; the
/// call still succeeds. A writer failure leaves the cache untouched.
pub(crate) async fn write_through<F, Fut>(
    client: &Client,
    key: Bytes,
    value: Bytes,
    ttl: Duration,
    mode: WriteMode,
    writer: F,
) -> Result<()>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = std::result::Result<(), String>>,
{
    if mode == WriteMode::Update && ttl.is_zero() {
        return Err(Error::config("write_through.ttl: must be > 0"));
    }
    writer().await.map_err(|message| Error::response(format!("write_through: the writer failed: {message}")))?;
    let aside = client.aside();
    let cmd = match mode {
        WriteMode::Update => Cmd::new("SET").arg(key.clone()).arg(value).arg("PX").arg(ttl.as_millis().to_string()),
        WriteMode::Invalidate => Cmd::new("DEL").arg(key.clone()),
    };
    aside.loaded.lock().pop(&key);
    if client.send(cmd).await.is_err() {
        aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
        aside.pending.lock().insert(key);
        start_recovery(client);
    }
    Ok(())
}

/// Deletes the pending keys Redis did not take; keeps those it still
/// cannot be reached for.
async fn retry_pending(client: &Client) {
    let keys: Vec<Bytes> = client.aside().pending.lock().iter().cloned().collect();
    for key in keys {
        if client.send(Cmd::new("DEL").arg(key.clone())).await.is_ok() {
            client.aside().pending.lock().remove(&key);
        }
    }
}

/// One background task per client retries the pending deletions with
/// backoff (50 ms doubling to 2 s) until none is left. It holds the client
/// weakly: a dropped client stops it.
fn start_recovery(client: &Client) {
    if client.aside().recovering.swap(true, Ordering::AcqRel) {
        return;
    }
    let Ok(handle) = crate::runtime::handle() else {
        client.aside().recovering.store(false, Ordering::Release);
        return;
    };
    let weak = client.downgrade();
    handle.spawn(async move {
        let mut wait = Duration::from_millis(50);
        loop {
            tokio::time::sleep(wait).await;
            let Some(client) = Client::upgrade(&weak) else { return };
            retry_pending(&client).await;
            if client.aside().pending.lock().is_empty() || client.is_closed() {
                client.aside().recovering.store(false, Ordering::Release);
                // A key added after the check starts a new task.
                if !client.aside().pending.lock().is_empty() && !client.is_closed() {
                    start_recovery(&client);
                }
                return;
            }
            wait = (wait * 2).min(Duration::from_secs(2));
        }
    });
}
