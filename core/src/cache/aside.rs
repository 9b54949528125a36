//! Cache-aside without stampedes: `Client::get_or_load`. A read of the key
//! (through the client-side cache when there is one); on a miss only one
//! caller in the process runs the loader and the others wait for its result
//! (its error included, which is never cached); optionally a fleet-wide
//! lease (SET NX PX with a random token, released by a compare-and-delete
//! script) so that one process loads while the others wait for the value;
//! jittered TTLs so keys loaded together do not expire together. Redis is an
//! accelerator here, not the source of truth: when it cannot be reached, the
//! loader's value is returned and the request succeeds.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
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
}

impl LoadOptions {
    pub fn new(ttl: Duration) -> Self {
        LoadOptions { ttl, jitter: 0.1, lease: None }
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
}

#[derive(Default)]
pub(crate) struct Aside {
    loading: Mutex<HashMap<Bytes, watch::Sender<Option<Result<Bytes>>>>>,
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

impl Aside {
    pub fn stats(&self) -> LoadStats {
        LoadStats {
            hits: self.hits.load(Ordering::Relaxed),
            loader_calls: self.loader_calls.load(Ordering::Relaxed),
            coalesced: self.coalesced.load(Ordering::Relaxed),
            lease_waits: self.lease_waits.load(Ordering::Relaxed),
            loader_errors: self.loader_errors.load(Ordering::Relaxed),
            cache_unavailable: self.cache_unavailable.load(Ordering::Relaxed),
        }
    }
}

/// The value of `key`, loading and storing it on a miss. A loader failure
/// (its message) reaches every waiting caller as a ResponseError saying the
/// loader failed; nothing is stored.
pub(crate) async fn get_or_load<F, Fut>(client: &Client, key: Bytes, options: LoadOptions, loader: F) -> Result<Bytes>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = std::result::Result<Bytes, String>>,
{
    options.check()?;
    let aside = client.aside();
    match read(client, &key).await {
        Ok(Some(v)) => {
            aside.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(v);
        }
        Ok(None) => {}
        Err(e) if unreachable(&e) => {
            aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
            return run_loader(aside, loader).await;
        }
        Err(e) => return Err(e),
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
    let result = load_and_store(client, aside, &key, &options, loader).await;
    if let Some(tx) = aside.loading.lock().get(&key) {
        tx.send_replace(Some(result.clone()));
    }
    result
}

async fn read(client: &Client, key: &Bytes) -> Result<Option<Bytes>> {
    let options = RequestOptions { cache: true, ..Default::default() };
    match client.send_with(Cmd::new("GET").arg(key.clone()), options).await? {
        Value::Nil => Ok(None),
        Value::Attributed { value, .. } => Ok(value.as_bytes().map(Bytes::copy_from_slice)),
        v => match v.as_bytes() {
            Some(b) => Ok(Some(Bytes::copy_from_slice(b))),
            None => Err(Error::response(format!("get_or_load: the key holds {v:?}, not a string"))),
        },
    }
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
        let value = run_loader(aside, loader).await?;
        store(client, aside, key, &value, options).await;
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
                let value = run_loader(aside, loader).await;
                if let Ok(v) = &value {
                    store(client, aside, key, v, options).await;
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
            match read(client, key).await {
                Ok(Some(v)) => {
                    aside.hits.fetch_add(1, Ordering::Relaxed);
                    return Ok(v);
                }
                Ok(None) => {}
                Err(e) if unreachable(&e) => {
                    aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
                    return run_loader(aside, loader).await;
                }
                Err(e) => return Err(e),
            }
        }
        // The lease holder died or is slow: try for the lease again.
    }
}

/// Stores the loaded value; a cache that cannot be reached is not an error
/// (the caller has its value), only counted.
async fn store(client: &Client, aside: &Aside, key: &Bytes, value: &Bytes, options: &LoadOptions) {
    let ttl = options.jittered_ttl();
    let set = Cmd::new("SET").arg(key.clone()).arg(value.clone()).arg("PX").arg(ttl.as_millis().max(1).to_string());
    if client.send(set).await.is_err() {
        aside.cache_unavailable.fetch_add(1, Ordering::Relaxed);
    }
}
