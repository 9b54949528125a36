//! The client-side cache (the local tier). Owns the cached replies of
//! one-key read commands, their invalidation, request coalescing and the
//! outage fallback:
//!
//! * **Tracking.** Every data connection of a caching client runs `CLIENT
//!   TRACKING ON` (OPTIN, or BCAST with prefixes) in its handshake and hands
//!   RESP3 `invalidate` pushes to `ClientCache::push_handler`. In OPTIN mode
//!   a cache miss goes out as the transaction MULTI, CLIENT CACHING YES,
//!   read, PTTL key, EXEC: CACHING YES applies to the next command on the
//!   same connection, and only a transaction keeps the two together through
//!   every retry and redirect, so the server tracks exactly what is cached.
//! * **Never stale as fresh.** A read's reply is stored only if no
//!   invalidation of its key arrived while it was in flight (a fill token),
//!   and only for min(ttl, the key's PTTL). When the link to any node drops,
//!   or the primary, topology or active endpoint changes, tracking state is
//!   lost with it: every entry is dropped (or, with `serve_stale`, kept
//!   marked stale: never a hit, only an outage fallback).
//! * **Coalescing.** Identical cached reads in flight at once go to the
//!   server once; the others wait for that reply.
//! * **Serve stale.** When the fetch fails with a connection or timeout
//!   error and the last known value is at most `serve_stale` old, it is
//!   returned wrapped in the RESP3 attribute `haven-stale` (milliseconds past
//!   validity) and counted.
//! * Writes sent through the client drop the entries of their keys when
//!   their reply arrives, so a caller always reads its own writes.
//!
//! `aside` is the cache-aside helper (`Client::get_or_load`) built on top.

pub(crate) mod aside;
mod config;
mod store;

pub use aside::{LoadOptions, LoadStats, WriteMode};
pub use config::{CacheMode, CacheSettings};

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use bytes::Bytes;
use parking_lot::Mutex;

use crate::connection::PushHandler;
use crate::error::{Error, ErrorKind, Result};
use crate::events::EventObserver;
use crate::flight::{self, Flights, Leader, Role};
use crate::proto::{self, EventKind};
use crate::protocol::{Cmd, Value};
use crate::request::Classified;
use store::Store;

/// Counters of the cache, readable from every language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    /// Outage fallbacks: last known values served marked stale.
    pub stale_served: u64,
    /// Entries dropped because the server (or a write of this client) said
    /// their key changed.
    pub invalidations: u64,
    /// Entries dropped to stay within max_entries / max_bytes.
    pub evictions: u64,
    /// Reads that waited for an identical read in flight instead of sending.
    pub coalesced: u64,
    /// Times every entry was dropped or marked stale (link lost, failover).
    pub flushes: u64,
    pub entries: u64,
    pub bytes: u64,
}

#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    stale_served: AtomicU64,
    invalidations: AtomicU64,
    evictions: AtomicU64,
    coalesced: AtomicU64,
    flushes: AtomicU64,
}

/// What the cache keeps about a read in flight for a cache key (its
/// `flight::Flight`): whether its reply may still be stored.
struct Fill {
    redis_key: Bytes,
    /// Cleared by an invalidation of the key or a flush while in flight.
    storable: AtomicBool,
}

struct State {
    store: Store,
    fills: Flights<Fill>,
}

impl State {
    fn fills(&mut self) -> &mut Flights<Fill> {
        &mut self.fills
    }
}

pub struct ClientCache {
    settings: CacheSettings,
    state: Mutex<State>,
    counters: Counters,
}

/// Whether a failure means the node could not be reached in time.
fn is_outage(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout)
}

impl ClientCache {
    pub fn new(settings: CacheSettings) -> Arc<Self> {
        Arc::new(ClientCache {
            state: Mutex::new(State {
                store: Store::new(settings.max_entries, settings.max_bytes),
                fills: HashMap::new(),
            }),
            settings,
            counters: Counters::default(),
        })
    }

    pub fn settings(&self) -> &CacheSettings {
        &self.settings
    }

    pub fn stats(&self) -> CacheStats {
        let c = &self.counters;
        let state = self.state.lock();
        CacheStats {
            hits: c.hits.load(Ordering::Relaxed),
            misses: c.misses.load(Ordering::Relaxed),
            stale_served: c.stale_served.load(Ordering::Relaxed),
            invalidations: c.invalidations.load(Ordering::Relaxed),
            evictions: c.evictions.load(Ordering::Relaxed),
            coalesced: c.coalesced.load(Ordering::Relaxed),
            flushes: c.flushes.load(Ordering::Relaxed),
            entries: state.store.len() as u64,
            bytes: state.store.bytes() as u64,
        }
    }

    /// The Redis key of a read this cache may hold: a read-only,
    /// non-blocking command of exactly one key, asked for per request or
    /// listed in `commands`. None: send it as usual.
    pub fn cacheable(&self, cmd: &Cmd, class: &Classified, asked: bool) -> Option<Bytes> {
        let spec = class.spec?;
        if !class.readonly || class.blocking {
            return None;
        }
        if !asked && !self.settings.commands.contains(spec.name) {
            return None;
        }
        let positions = crate::deployment::key_positions(cmd.args(), Some(spec));
        match positions.as_slice() {
            [i] => cmd.args().get(*i).cloned(),
            _ => None,
        }
    }

    /// A fresh entry for `cmd` if the cache would hold it (see
    /// `cacheable`), counted as a hit; None otherwise. No fill, no
    /// coalescing, no stale fallback: a miss goes through `read`.
    pub fn local_hit(&self, cmd: &Cmd, asked: bool) -> Option<Value> {
        self.cacheable(cmd, &crate::request::classify(cmd), asked)?;
        let cache_key = cmd.identity();
        let value = self.state.lock().store.fresh(&cache_key, Instant::now())?;
        self.counters.hits.fetch_add(1, Ordering::Relaxed);
        Some(value)
    }

    /// The batch that reads `cmd` and makes the server track it, and
    /// whether it must run as a transaction: in OPTIN mode CLIENT CACHING
    /// YES must come right before the read on the same connection. PTTL
    /// bounds the entry's life by the key's.
    pub fn fetch_batch(&self, cmd: &Cmd, redis_key: &Bytes) -> (Vec<Cmd>, bool) {
        let mut batch = Vec::with_capacity(3);
        let optin = self.settings.mode == CacheMode::OptIn;
        if optin {
            batch.push(Cmd::new("CLIENT").arg("CACHING").arg("YES"));
        }
        batch.push(cmd.clone());
        batch.push(Cmd::new("PTTL").arg(redis_key.clone()));
        (batch, optin)
    }

    /// The read's reply and the key's remaining life from a fetch batch's
    /// replies (see `fetch_batch`).
    fn split_fetch(&self, reply: Value) -> Result<(Value, Option<Duration>)> {
        let Value::Array(mut items) = reply else {
            return Err(Error::connection("client cache: the read batch did not return an array"));
        };
        let expected = if self.settings.mode == CacheMode::OptIn { 3 } else { 2 };
        if items.len() != expected {
            return Err(Error::connection(format!("client cache: {} replies to a batch of {expected}", items.len())));
        }
        let pttl = match items.pop() {
            Some(Value::Integer(ms)) if ms > 0 => Some(Duration::from_millis(ms as u64)),
            _ => None,
        };
        let value = items.pop().unwrap_or(Value::Nil);
        if let Some(Value::ServerError(e)) = items.first().filter(|_| expected == 3) {
            return Err(Error::response(format!(
                "client cache: CLIENT CACHING YES failed: {}",
                String::from_utf8_lossy(e)
            )));
        }
        Ok((value, pttl))
    }

    /// A read through the cache. `fetch(batch, atomic)` sends the batch
    /// (`fetch_batch`) and returns its replies.
    pub async fn read<F, Fut>(&self, cmd: &Cmd, redis_key: Bytes, fetch: F) -> Result<Value>
    where
        F: FnOnce(Vec<Cmd>, bool) -> Fut,
        Fut: std::future::Future<Output = Result<Value>>,
    {
        // What one cached read is stored under: its whole command line.
        let cache_key = cmd.identity();
        let mut coalesced = false;
        loop {
            let role = {
                let mut state = self.state.lock();
                if let Some(v) = state.store.fresh(&cache_key, Instant::now()) {
                    self.counters.hits.fetch_add(1, Ordering::Relaxed);
                    return Ok(v);
                }
                flight::join_or_lead(&mut state.fills, &cache_key, |_| true, || Fill {
                    redis_key: redis_key.clone(),
                    storable: AtomicBool::new(true),
                })
            };
            match role {
                Role::Lead(fill) => {
                    let _leader = Leader::new(&self.state, State::fills, &cache_key, &fill);
                    if !coalesced {
                        self.counters.misses.fetch_add(1, Ordering::Relaxed);
                    }
                    let result = self.fetch_and_store(cmd, &cache_key, redis_key, &fill.meta, fetch).await;
                    fill.finish(&result);
                    return self.or_stale(result, &cache_key);
                }
                Role::Follow(outcome) => {
                    if !coalesced {
                        coalesced = true;
                        self.counters.coalesced.fetch_add(1, Ordering::Relaxed);
                    }
                    if let Some(result) = flight::follow(outcome).await {
                        return self.or_stale(result, &cache_key);
                    }
                    // The leader was cancelled (its deadline): try again,
                    // perhaps as the leader.
                }
            }
        }
    }

    async fn fetch_and_store<F, Fut>(
        &self,
        cmd: &Cmd,
        cache_key: &Bytes,
        redis_key: Bytes,
        fill: &Fill,
        fetch: F,
    ) -> Result<Value>
    where
        F: FnOnce(Vec<Cmd>, bool) -> Fut,
        Fut: std::future::Future<Output = Result<Value>>,
    {
        let (batch, atomic) = self.fetch_batch(cmd, &redis_key);
        let reply = fetch(batch, atomic).await?;
        let (value, pttl) = self.split_fetch(reply)?;
        if let Value::ServerError(e) = &value {
            // Not cached; the caller gets the ResponseError as usual.
            return Err(Error::response(String::from_utf8_lossy(e).into_owned()));
        }
        let ttl = pttl.map_or(self.settings.ttl, |p| p.min(self.settings.ttl));
        let mut state = self.state.lock();
        if fill.storable.load(Ordering::Acquire) {
            let evicted = state.store.insert(cache_key.clone(), redis_key, value.clone(), ttl, Instant::now());
            self.counters.evictions.fetch_add(evicted as u64, Ordering::Relaxed);
        }
        Ok(value)
    }

    /// On an outage, the last known value marked stale, if allowed.
    fn or_stale(&self, result: Result<Value>, cache_key: &Bytes) -> Result<Value> {
        let e = match result {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let Some(max) = self.settings.serve_stale.filter(|_| is_outage(&e)) else { return Err(e) };
        let stale = self.state.lock().store.stale(cache_key, Instant::now(), max);
        match stale {
            Some((value, age)) => {
                self.counters.stale_served.fetch_add(1, Ordering::Relaxed);
                Ok(Value::Attributed {
                    value: Box::new(value),
                    attributes: vec![(
                        Value::SimpleString(Bytes::from_static(b"haven-stale")),
                        Value::Integer(age.as_millis() as i64),
                    )],
                })
            }
            None => Err(e),
        }
    }

    /// Drops what the server said changed (`None`: everything, as after
    /// FLUSHALL), including reads of those keys still in flight.
    pub fn invalidate(&self, keys: Option<&[Bytes]>) {
        let mut state = self.state.lock();
        let n = match keys {
            None => {
                for fill in state.fills.values() {
                    fill.meta.storable.store(false, Ordering::Release);
                }
                state.store.clear()
            }
            Some(keys) => {
                let mut n = 0;
                for key in keys {
                    n += state.store.invalidate(key);
                }
                for fill in state.fills.values() {
                    if keys.iter().any(|k| *k == fill.meta.redis_key) {
                        fill.meta.storable.store(false, Ordering::Release);
                    }
                }
                n
            }
        };
        self.counters.invalidations.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// The tracking link to some node was lost or routing changed: nothing
    /// cached can be trusted as fresh any more.
    pub fn flush(&self) {
        let mut state = self.state.lock();
        for fill in state.fills.values() {
            fill.meta.storable.store(false, Ordering::Release);
        }
        if self.settings.serve_stale.is_some() {
            state.store.mark_stale(Instant::now());
        } else {
            state.store.clear();
        }
        self.counters.flushes.fetch_add(1, Ordering::Relaxed);
    }

    /// The push handler for data connections: RESP3 `invalidate` messages.
    pub fn push_handler(self: &Arc<Self>) -> PushHandler {
        let weak: Weak<ClientCache> = Arc::downgrade(self);
        Arc::new(move |push: Value| {
            let Some(cache) = weak.upgrade() else { return };
            let Value::Push(items) = push else { return };
            if items.first().and_then(Value::as_bytes).is_none_or(|k| !k.eq_ignore_ascii_case(b"invalidate")) {
                return;
            }
            match items.get(1) {
                Some(Value::Array(keys)) => {
                    let keys: Vec<Bytes> = keys.iter().filter_map(|k| k.as_bytes().map(Bytes::copy_from_slice)).collect();
                    cache.invalidate(Some(&keys));
                }
                // A nil list: the server flushed (FLUSHALL/FLUSHDB).
                _ => cache.invalidate(None),
            }
        })
    }

    /// The observer of the client's events: a lost link or a routing change
    /// flushes, synchronously, so no read that starts after the event (or
    /// after `failover_to` returns) can hit an entry from before it.
    pub fn observer(self: &Arc<Self>) -> EventObserver {
        let weak = Arc::downgrade(self);
        Arc::new(move |event: &proto::Event| {
            let flush = matches!(
                EventKind::try_from(event.kind),
                Ok(EventKind::NodeDisconnected
                    | EventKind::PrimaryChanged
                    | EventKind::TopologyChanged
                    | EventKind::Failover
                    | EventKind::Failback
                    | EventKind::ManualSwitch
                    | EventKind::NoHealthyEndpoint)
            );
            if flush {
                if let Some(cache) = weak.upgrade() {
                    tracing::debug!(
                        target: crate::logging::CACHE,
                        "client-side cache flushed: {} (no entry can be trusted as fresh)",
                        crate::events::kind_name(event.kind)
                    );
                    cache.flush();
                }
            }
        })
    }

    /// A write of this client finished: its keys' entries go at once (the
    /// server's invalidation may arrive a moment after the reply).
    pub fn written(&self, keys: &[Bytes]) {
        if !keys.is_empty() {
            self.invalidate(Some(keys));
        }
    }
}
