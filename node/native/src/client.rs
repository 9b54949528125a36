//! `NativeClient`: one engine client as node/src/client.ts sees it. Requests
//! come in as (id, arguments); the id is the JS side's key for its Promise.
//! Replies go back in batches through `completion`. Engine errors reach JS as
//! Errors whose message starts with `HAVEN<kind>:` (kind = proto ErrorKind),
//! which the JS side turns into the matching error class.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use napi::threadsafe_function::ThreadSafeCallContext;
use napi::{Env, JsFunction, JsObject, JsUnknown};
use tokio::sync::watch;

use haven_core::engine::convert::encode_response;
use haven_core::proto::command_request::Body;
use haven_core::{proto, runtime, Client, LoadOptions, NodeRole, Value, WriteMode};

use crate::completion::{self, BatchFn, Cancels, Completions, Done, Op};
use haven_core::bridge::held::{Held, Holding};
use haven_core::bridge::outbox::{Offered, Outbox};
use crate::{aside, config, convert, credentials, events, health, pubsub};

/// An engine error as a JS Error the JS side maps onto its classes.
pub fn engine_error(e: &haven_core::Error) -> napi::Error {
    kind_error(e.kind().code(), e.message())
}

pub fn kind_error(kind: i32, message: &str) -> napi::Error {
    napi::Error::new(napi::Status::GenericFailure, format!("HAVEN{kind}:{message}"))
}

fn closing(message: &str) -> napi::Error {
    kind_error(proto::ErrorKind::ClosingError as i32, message)
}

/// A node of the deployment, for `client.nodes()`.
#[napi(object)]
pub struct NodeInfo {
    pub address: String,
    pub role: String,
    pub availability_zone: Option<String>,
    pub connected: bool,
    pub connects: f64,
    pub reconnect_attempts: f64,
}

/// The client-side cache's counters, for `client.cacheStats()`.
#[napi(object)]
pub struct CacheStats {
    pub hits: f64,
    pub misses: f64,
    /// Outage fallbacks: last known values served marked stale.
    pub stale_served: f64,
    pub invalidations: f64,
    pub evictions: f64,
    pub coalesced: f64,
    pub flushes: f64,
    pub entries: f64,
    pub bytes: f64,
}

/// `getOrLoad`'s counters, for `client.loadStats()`.
#[napi(object)]
pub struct LoadStats {
    pub hits: f64,
    pub loader_calls: f64,
    pub coalesced: f64,
    pub lease_waits: f64,
    pub loader_errors: f64,
    pub cache_unavailable: f64,
    pub early_refreshes: f64,
    pub pending_invalidations: f64,
}

/// Requests that waited, parked, for a reachable primary, for
/// `client.parkStats()`.
#[napi(object)]
pub struct ParkStats {
    pub parked_now: f64,
    pub parked_total: f64,
    pub resumed: f64,
    pub longest_wait_ms: f64,
}

/// Multi-endpoint: one endpoint's state, for `client.endpointHealth()`.
#[napi(object)]
pub struct EndpointHealth {
    pub name: String,
    pub healthy: bool,
    pub last_error: Option<String>,
}

#[napi]
pub struct NativeClient {
    client: Client,
    completions: Arc<Completions>,
    cancels: Arc<Cancels>,
    outbox: Arc<Outbox<Op>>,
    /// Requests made while the event loop runs a batch's callbacks (and the
    /// microtasks they queue), started together by `start_held`.
    held: Arc<Held<Done>>,
    stop: watch::Sender<bool>,
    closed: AtomicBool,
    events: events::EventSink,
    messages: pubsub::MessageSink,
    health: Arc<health::Registry>,
    calls: Arc<aside::Calls>,
    /// The config's credentialProvider, if any.
    credentials: Option<credentials::Source>,
}

/// Creates the batch callback: on the JS thread, takes the queue and calls
/// `on_batch(ids, kinds, values)` (kind 0: success, else 100 + ErrorKind).
/// The requests its callbacks make are held from here until JS calls
/// `start_held` (on the `setImmediate` that `on_batch` queues).
fn batch_tsfn(
    on_batch: &JsFunction,
    completions: Arc<Completions>,
    cancels: Arc<Cancels>,
    held: Arc<Held<Done>>,
    decode: bool,
) -> napi::Result<BatchFn> {
    let mut spare: Vec<Done> = Vec::with_capacity(64);
    on_batch.create_threadsafe_function(0, move |ctx: ThreadSafeCallContext<()>| crate::guarded(|| {
        held.begin();
        completions.take(&mut spare);
        cancels.delivered(&spare);
        let env = ctx.env;
        let n = spare.len();
        let mut ids = env.create_array_with_length(n)?;
        let mut kinds = env.create_array_with_length(n)?;
        let mut values = env.create_array_with_length(n)?;
        for (i, (id, bytes, marked)) in spare.drain(..).enumerate() {
            let converted = if marked {
                convert::marked_response_to_js(&env, &bytes, decode)
            } else {
                convert::response_to_js(&env, &bytes, decode)
            };
            let (kind, value) = match converted {
                Ok(kv) => kv,
                Err(e) => (100, env.create_string(&e.reason)?.into_unknown()),
            };
            let i = i as u32;
            ids.set_element(i, env.create_uint32(id)?)?;
            kinds.set_element(i, env.create_uint32(kind)?)?;
            values.set_element(i, value)?;
        }
        Ok(vec![ids, kinds, values])
    }))
}

/// Connects: a Promise of a NativeClient (rejected with a HAVEN error).
/// `provider`: the config's credentialProvider as client.ts wraps it
/// (`provider(token)`, answered with `credentialAnswer` / `credentialFail`);
/// `refresh_ms`: ask it that often too (credentialRefreshMs).
#[napi(catch_unwind)]
pub fn connect(
    env: Env,
    config_json: String,
    decode: bool,
    on_batch: JsFunction,
    provider: Option<JsFunction>,
    refresh_ms: Option<i64>,
) -> napi::Result<JsObject> {
    let config_error = |m: &str| kind_error(proto::ErrorKind::ConfigError as i32, m);
    let cfg = config::from_json(&config_json).map_err(|m| config_error(&m))?;
    let refresh = match refresh_ms {
        None => None,
        Some(_) if provider.is_none() => return Err(config_error("credentialRefreshMs: needs a credentialProvider")),
        Some(ms) => match u64::try_from(ms) {
            Ok(ms) => Some(std::time::Duration::from_millis(ms)),
            Err(_) => return Err(config_error(&format!("credentialRefreshMs: must be >= 100, got {ms}"))),
        },
    };
    let (source, provider) = match provider {
        Some(f) => {
            let (source, provider) = credentials::Source::new(&env, &f)?;
            (Some(source), Some(provider))
        }
        None => (None, None),
    };
    let completions = Completions::new();
    let cancels = Arc::new(Cancels::default());
    let held = Arc::new(Held::default());
    let tsfn = batch_tsfn(&on_batch, completions.clone(), cancels.clone(), held.clone(), decode)?;
    completions.set(tsfn);
    let handle = runtime::handle().map_err(|e| engine_error(&e))?;
    let (deferred, promise) = env.create_deferred()?;
    handle.spawn(async move {
        let connected = match provider {
            Some(provider) => Client::connect_with_credentials(cfg, provider, refresh).await,
            None => Client::connect(cfg).await,
        };
        match connected {
            Ok(client) => {
                let outbox = Outbox::new();
                let (stop, stop_rx) = watch::channel(false);
                {
                    let (outbox, client, completions, cancels) =
                        (outbox.clone(), client.clone(), completions.clone(), cancels.clone());
                    tokio::spawn(async move {
                        outbox
                            .drain(stop_rx, |op: Op| {
                                completion::hand_over(&client, &completions, &cancels, op, false);
                            })
                            .await
                    });
                }
                let native = NativeClient {
                    client,
                    completions,
                    cancels,
                    outbox,
                    held,
                    stop,
                    closed: AtomicBool::new(false),
                    events: events::EventSink::default(),
                    messages: pubsub::MessageSink::default(),
                    health: health::Registry::new(),
                    calls: aside::Calls::new(),
                    credentials: source,
                };
                deferred.resolve(move |_env| Ok(native));
            }
            Err(e) => {
                drop(completions.release());
                if let Some(source) = source {
                    source.release();
                }
                deferred.reject(engine_error(&e));
            }
        }
    });
    Ok(promise)
}

/// A client dropped (garbage-collected) without `close()` still closes, and
/// lets the event loop exit.
impl Drop for NativeClient {
    fn drop(&mut self) {
        self.release();
    }
}

#[napi]
impl NativeClient {
    fn check_open(&self) -> napi::Result<()> {
        if self.closed.load(Ordering::Acquire) || self.client.is_closed() {
            return Err(closing("the client is closed"));
        }
        Ok(())
    }

    /// Queues one encoded request for the engine: held when a batch's
    /// callbacks made it (`start_held`), else through the outbox, or
    /// started here when the client is idle; one queued after the outbox's
    /// drain finished (the client closed) goes straight to the engine,
    /// which answers ClosingError.
    fn queue(&self, done: Done) {
        match self.held.hold(done, &self.client) {
            Holding::Held => {}
            Holding::Back(done) => self.offer(done),
            Holding::Spilled(batch) => batch.into_iter().for_each(|done| self.offer(done)),
        }
    }

    /// Hands one request to the engine through the outbox (see `queue`).
    fn offer(&self, done: Done) {
        self.offer_op(Op::Request(done), || self.client.is_idle());
    }

    /// Hands `op` to the engine through the outbox, behind what is queued
    /// there; started on the JS thread when nothing is queued and `idle`
    /// (a request: nothing to batch with), or after the drain finished (the
    /// client closed). False for a session release that found it not open
    /// (known only when started here).
    fn offer_op(&self, op: Op, idle: impl FnOnce() -> bool) -> bool {
        let hand_over = |op, here| completion::hand_over(&self.client, &self.completions, &self.cancels, op, here);
        match self.outbox.offer(op, idle) {
            Offered::Queued => true,
            Offered::StartHere(op) => hand_over(op, true),
            Offered::Finished(op) => hand_over(op, false),
        }
    }

    /// Starts the requests held since the last batch of replies, together,
    /// on the JS thread (`Held`): routed, queued and written from here,
    /// where the outbox would wake an engine thread to send them. JS calls
    /// it once its callbacks and their microtasks have run (`setImmediate`
    /// after a batch); `end`: holding stops until the next batch (false:
    /// starting what is held before handing the engine something else).
    fn start_held_now(&self, end: bool) {
        let start = |done| {
            completion::hand_over(&self.client, &self.completions, &self.cancels, Op::Request(done), false);
        };
        if end {
            // With nothing else in flight, the JS thread would only sleep
            // until the replies came: it polls for them a moment itself.
            self.completions.poll_lone(self.held.end(start, &self.client));
        } else {
            self.held.start(start)
        }
    }

    /// See `start_held_now`.
    #[napi(catch_unwind)]
    pub fn start_held(&self) {
        self.start_held_now(true);
    }

    /// Queues one command (`args`: strings and Buffers, name first);
    /// `session`: run it on that session's connection (`open_session`);
    /// `resend_safe`: a write on the wire when its link died is sent again.
    #[napi(catch_unwind)]
    pub fn submit(
        &self,
        id: u32,
        args: JsObject,
        timeout_ms: Option<i64>,
        route: Option<String>,
        session: Option<f64>,
        resend_safe: Option<bool>,
    ) -> napi::Result<()> {
        self.check_open()?;
        let cmd = convert::command(&args, "args")?;
        let route = convert::route(route)?;
        let session = convert::session_id(session)?;
        let request =
            convert::encode_request(id, Body::Command(cmd), route, timeout_ms, false, session, resend_safe.unwrap_or(false));
        self.queue((id, request, false));
        Ok(())
    }

    /// Queues one read through the client-side cache (a plain request
    /// without a cache); `with_stale`: its reply is `{ value, staleMs }`.
    #[napi(catch_unwind)]
    pub fn submit_cached(&self, id: u32, args: JsObject, timeout_ms: Option<i64>, with_stale: bool) -> napi::Result<()> {
        self.check_open()?;
        let cmd = convert::command(&args, "args")?;
        let request = convert::encode_request(id, Body::Command(cmd), None, timeout_ms, true, 0, false);
        self.queue((id, request, with_stale));
        Ok(())
    }

    /// Queues a batch: an array of commands; `atomic`: MULTI/EXEC;
    /// `session`: on that session's connection (an aborted EXEC of a WATCH
    /// is then a WatchError).
    #[napi(catch_unwind)]
    pub fn batch(
        &self,
        id: u32,
        commands: JsObject,
        atomic: bool,
        timeout_ms: Option<i64>,
        session: Option<f64>,
        resend_safe: Option<bool>,
    ) -> napi::Result<()> {
        self.check_open()?;
        let session = convert::session_id(session)?;
        if !commands.is_array()? {
            return Err(convert::type_error("commands: expected an array of commands".into()));
        }
        let len = commands.get_array_length()?;
        let mut out = Vec::with_capacity(len as usize);
        for i in 0..len {
            let c = commands.get_element::<JsUnknown>(i)?;
            if c.get_type()? != napi::ValueType::Object {
                return Err(convert::type_error(format!("commands[{i}]: expected an array of arguments")));
            }
            // SAFETY: the value was just checked to be an object.
            let c: JsObject = unsafe { c.cast() };
            out.push(convert::command(&c, &format!("commands[{i}]"))?);
        }
        let body = Body::Batch(proto::Batch { commands: out, atomic });
        self.queue((id, convert::encode_request(id, body, None, timeout_ms, false, session, resend_safe.unwrap_or(false)), false));
        Ok(())
    }

    /// Cancels request `id` (its AbortSignal fired): a blocking command or
    /// a session's command ends, a command still blocked on the server is
    /// unblocked there (an element pushed later stays in its list); others
    /// run on and their reply is ignored by JS. Only for a request whose
    /// reply JS has not had yet (the id is remembered until it arrives).
    #[napi(catch_unwind)]
    pub fn cancel(&self, id: u32) {
        self.cancels.cancel(&self.client, id);
    }

    /// Opens a session (a dedicated connection, leased at its first
    /// command): its id for `submit` / `batch`.
    #[napi(catch_unwind)]
    pub fn open_session(&self) -> napi::Result<f64> {
        self.check_open()?;
        self.client.open_session().map(|id| id as f64).map_err(|e| engine_error(&e))
    }

    /// Releases a session (WATCH / MULTI undone, its connection back to the
    /// pool) after its requests made before; false when it was not open
    /// (known at once only when no request is queued ahead of it).
    #[napi(catch_unwind)]
    pub fn close_session(&self, id: f64) -> napi::Result<bool> {
        let id = convert::session_id(Some(id))?;
        // Behind the session's requests made before it: those held, then
        // those in the outbox (released by its drain after them; true then,
        // as a release of a session not open does nothing).
        self.start_held_now(false);
        Ok(self.offer_op(Op::CloseSession(id), || true))
    }

    /// Closes the engine client: requests in flight end with ClosingError
    /// (delivered as usual), later ones fail at once.
    #[napi(catch_unwind)]
    pub fn close(&self) {
        if !self.closed.swap(true, Ordering::AcqRel) {
            // What was held is handed over first (and ends with ClosingError
            // unless it is done before the close reaches it).
            self.start_held_now(true);
            self.client.close();
            self.stop.send_replace(true);
        }
    }

    /// After `close` and once every reply arrived: drops the thread-safe
    /// functions so the event loop can exit.
    #[napi(catch_unwind)]
    pub fn release(&self) {
        self.close();
        drop(self.completions.release());
        self.events.release();
        self.messages.release();
        self.health.release();
        self.calls.release();
        if let Some(source) = &self.credentials {
            source.release();
        }
    }

    /// Asks the credentialProvider now: a Promise of whether the credentials
    /// changed (live connections then re-authenticate in place); rejected
    /// with a ConfigError on a client without a provider.
    #[napi(catch_unwind)]
    pub fn refresh_credentials(&self, env: Env) -> napi::Result<JsObject> {
        self.check_open()?;
        let client = self.client.clone();
        let handle = runtime::handle().map_err(|e| engine_error(&e))?;
        let (deferred, promise) = env.create_deferred()?;
        handle.spawn(async move {
            match client.refresh_credentials().await {
                Ok(changed) => deferred.resolve(move |env| env.get_boolean(changed)),
                Err(e) => deferred.reject(engine_error(&e)),
            }
        });
        Ok(promise)
    }

    #[napi(catch_unwind)]
    pub fn in_flight(&self) -> u32 {
        self.client.in_flight() as u32
    }

    /// Delivers engine events to `callback(event)` (from now on).
    #[napi(catch_unwind)]
    pub fn start_events(&self, env: Env, callback: JsFunction) -> napi::Result<()> {
        self.check_open()?;
        self.events.start(&env, &callback, &self.client, self.stop.subscribe())
    }

    /// Delivers pub/sub messages to `callback(kind, channel, payload, pattern)`.
    #[napi(catch_unwind)]
    pub fn start_messages(&self, env: Env, callback: JsFunction, decode: bool) -> napi::Result<()> {
        self.check_open()?;
        self.messages.start(&env, &callback, &self.client, decode)
    }

    /// SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE and their UN- forms: a Promise.
    #[napi(catch_unwind)]
    pub fn pubsub(&self, env: Env, kind: String, names: Vec<String>, subscribe: bool) -> napi::Result<JsObject> {
        self.check_open()?;
        self.start_held_now(false);
        pubsub::call(&env, &self.client, &kind, names, subscribe)
    }

    /// Registers an async JS health check for endpoint `name`: the engine
    /// calls `probe(token, endpoint)`; JS answers with `healthAnswer`.
    #[napi(catch_unwind)]
    pub fn set_health_check(&self, env: Env, name: String, probe: JsFunction) -> napi::Result<()> {
        self.check_open()?;
        let callback = self.health.callback(&env, &probe)?;
        self.client.set_health_check(&name, callback).map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn health_answer(&self, token: i64, healthy: bool) {
        self.health.answer(crate::token_from_js(token), healthy);
    }

    /// The client-side cache's counters; null without a cache.
    #[napi(catch_unwind)]
    pub fn cache_stats(&self) -> Option<CacheStats> {
        self.client.cache_stats().map(|s| CacheStats {
            hits: s.hits as f64,
            misses: s.misses as f64,
            stale_served: s.stale_served as f64,
            invalidations: s.invalidations as f64,
            evictions: s.evictions as f64,
            coalesced: s.coalesced as f64,
            flushes: s.flushes as f64,
            entries: s.entries as f64,
            bytes: s.bytes as f64,
        })
    }

    /// The client's metrics snapshot as JSON text (haven_core's
    /// `Stats::to_json`); client.ts parses it.
    #[napi(catch_unwind)]
    pub fn stats_json(&self) -> String {
        self.client.stats().to_json()
    }

    /// Parked requests: now, in all, resumed, the longest wait.
    #[napi(catch_unwind)]
    pub fn park_stats(&self) -> ParkStats {
        let s = self.client.park_stats();
        ParkStats {
            parked_now: s.parked_now as f64,
            parked_total: s.parked_total as f64,
            resumed: s.resumed as f64,
            longest_wait_ms: s.longest_wait_ms as f64,
        }
    }

    #[napi(catch_unwind)]
    pub fn load_stats(&self) -> LoadStats {
        let s = self.client.load_stats();
        LoadStats {
            hits: s.hits as f64,
            loader_calls: s.loader_calls as f64,
            coalesced: s.coalesced as f64,
            lease_waits: s.lease_waits as f64,
            loader_errors: s.loader_errors as f64,
            cache_unavailable: s.cache_unavailable as f64,
            early_refreshes: s.early_refreshes as f64,
            pending_invalidations: s.pending_invalidations as f64,
        }
    }

    /// Delivers loader/writer calls to `callback(tokens, calls)`: run the JS
    /// function registered as tokens[i] and answer as calls[i], or forget
    /// it when calls[i] is 0.
    #[napi(catch_unwind)]
    pub fn start_calls(&self, env: Env, callback: JsFunction) -> napi::Result<()> {
        self.check_open()?;
        self.calls.start(&env, &callback)
    }

    /// The function run as `call` returned `value` (a string or Buffer;
    /// nothing for a writer).
    #[napi(catch_unwind)]
    pub fn call_answer(&self, call: i64, value: Option<JsUnknown>) -> napi::Result<()> {
        let call = crate::token_from_js(call);
        let bytes = match value {
            None => Ok(bytes::Bytes::new()),
            Some(v) => match v.get_type()? {
                napi::ValueType::Undefined | napi::ValueType::Null => Ok(bytes::Bytes::new()),
                _ => convert::bytes_arg(v, "value"),
            },
        };
        match bytes {
            Ok(b) => {
                self.calls.answer(call, Ok(b));
                Ok(())
            }
            Err(e) => {
                // The waiters must not hang on a bad answer.
                self.calls.answer(call, Err(format!("TypeError: {}", e.reason)));
                Err(e)
            }
        }
    }

    /// The function run as `call` threw or rejected with `message`.
    #[napi(catch_unwind)]
    pub fn call_fail(&self, call: i64, message: String) {
        self.calls.answer(crate::token_from_js(call), Err(message));
    }

    /// Cache-aside: the value of `key` as request `id`; on a miss the JS
    /// loader registered as `token` produces it (see `aside`).
    #[napi(catch_unwind)]
    #[allow(clippy::too_many_arguments)]
    pub fn get_or_load(
        &self,
        id: u32,
        token: u32,
        key: JsUnknown,
        ttl_ms: i64,
        jitter: f64,
        lease_ms: Option<i64>,
        early_refresh: Option<f64>,
    ) -> napi::Result<()> {
        self.check_open()?;
        let key = convert::bytes_arg(key, "key")?;
        let options = LoadOptions {
            ttl: millis("getOrLoad.ttlMs", ttl_ms)?,
            jitter,
            lease: lease_ms.map(|l| millis("getOrLoad.leaseMs", l)).transpose()?,
            early_refresh,
        };
        let load = self.calls.bridge(token);
        self.start_held_now(false);
        let client = self.client.clone();
        let completions = self.completions.clone();
        let handle = runtime::handle().map_err(|e| engine_error(&e))?;
        handle.spawn(async move {
            let result = client.get_or_load(key, options, load).await.map(Value::BulkString);
            completions.push(id, encode_response(u64::from(id), result), false);
        });
        Ok(())
    }

    /// Write-through as request `id`: the JS writer registered as `token`
    /// writes to the source of truth, then the cache is updated ("update")
    /// or invalidated ("invalidate").
    #[napi(catch_unwind)]
    pub fn write_through(
        &self,
        id: u32,
        token: u32,
        key: JsUnknown,
        value: JsUnknown,
        ttl_ms: i64,
        mode: String,
    ) -> napi::Result<()> {
        self.check_open()?;
        let key = convert::bytes_arg(key, "key")?;
        let value = convert::bytes_arg(value, "value")?;
        let ttl = millis("writeThrough.ttlMs", ttl_ms)?;
        let mode = match mode.as_str() {
            "update" => WriteMode::Update,
            "invalidate" => WriteMode::Invalidate,
            other => {
                return Err(kind_error(
                    proto::ErrorKind::ConfigError as i32,
                    &format!("writeThrough.mode: {other:?} (expected \"update\" or \"invalidate\")"),
                ))
            }
        };
        let write = self.calls.bridge(token);
        self.start_held_now(false);
        let client = self.client.clone();
        let completions = self.completions.clone();
        let handle = runtime::handle().map_err(|e| engine_error(&e))?;
        handle.spawn(async move {
            let result = client
                .write_through(key, value, ttl, mode, move || async move { write().await.map(|_| ()) })
                .await
                .map(|()| Value::Nil);
            completions.push(id, encode_response(u64::from(id), result), false);
        });
        Ok(())
    }

    #[napi(catch_unwind)]
    pub fn failover_to(&self, name: String, force: bool) -> napi::Result<()> {
        self.check_open()?;
        self.client.failover_to(&name, force).map_err(|e| engine_error(&e))
    }

    /// Multi-endpoint: adds an endpoint (JSON of an `Endpoint`); a Promise
    /// settled once it is added (validated like the configuration).
    #[napi(catch_unwind)]
    pub fn add_endpoint(&self, env: Env, endpoint_json: String) -> napi::Result<JsObject> {
        self.check_open()?;
        let endpoint = config::endpoint_from_json(&endpoint_json)
            .map_err(|m| kind_error(proto::ErrorKind::ConfigError as i32, &m))?;
        let client = self.client.clone();
        let handle = runtime::handle().map_err(|e| engine_error(&e))?;
        let (deferred, promise) = env.create_deferred()?;
        handle.spawn(async move {
            match client.add_endpoint(endpoint).await {
                Ok(()) => deferred.resolve(|env| env.get_undefined()),
                Err(e) => deferred.reject(engine_error(&e)),
            }
        });
        Ok(promise)
    }

    /// Multi-endpoint: removes an endpoint; traffic moves first if it was active.
    #[napi(catch_unwind)]
    pub fn remove_endpoint(&self, name: String) -> napi::Result<()> {
        self.check_open()?;
        self.client.remove_endpoint(&name).map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn set_weight(&self, name: String, weight: f64) -> napi::Result<()> {
        self.check_open()?;
        self.client.set_weight(&name, weight).map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn active_endpoint(&self) -> napi::Result<String> {
        self.client.active_endpoint().map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn endpoint_health(&self) -> napi::Result<Vec<EndpointHealth>> {
        Ok(self
            .client
            .endpoint_health()
            .map_err(|e| engine_error(&e))?
            .into_iter()
            .map(|(name, healthy, last_error)| EndpointHealth { name, healthy, last_error })
            .collect())
    }

    #[napi(catch_unwind)]
    pub fn nodes(&self) -> Vec<NodeInfo> {
        self.client
            .nodes()
            .into_iter()
            .map(|n| NodeInfo {
                role: match n.role {
                    NodeRole::Primary => "primary",
                    NodeRole::Replica => "replica",
                    NodeRole::Unknown => "unknown",
                }
                .to_string(),
                address: n.address,
                availability_zone: n.availability_zone,
                connected: n.stats.connected,
                connects: n.stats.connects as f64,
                reconnect_attempts: n.stats.reconnect_attempts as f64,
            })
            .collect()
    }
}

/// A positive number of milliseconds; a ConfigError naming `name` else.
fn millis(name: &str, ms: i64) -> napi::Result<std::time::Duration> {
    match u64::try_from(ms) {
        Ok(ms) if ms > 0 => Ok(std::time::Duration::from_millis(ms)),
        _ => Err(kind_error(proto::ErrorKind::ConfigError as i32, &format!("{name}: must be > 0, got {ms}"))),
    }
}
