//! The public Rust API (`Client`) and the bytes-in/bytes-out entry every shim
//! uses (`Client::submit`). Every request runs on the engine's runtime, holds
//! a place under the in-flight limit, and ends exactly once, with a value or
//! a named error, no later than its deadline.

mod coalesce;
pub mod convert;
mod session;

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::broadcast;
use tokio::time::Instant;

use crate::bridge::reply::ReplySlot;
use crate::cache::aside::{self, Aside};
use crate::cache::{CacheMode, CacheStats, ClientCache, LoadOptions, LoadStats, WriteMode};
use crate::config::{ClientSettings, ConnectionConfig, Deployment as DeploymentConfig, Tracking};
use crate::deployment::{self, ClusterScanCursor, Deployment, NodeView, Route, ScanOptions};
use crate::credentials::{CredentialProvider, LiveCredentials};
use crate::error::{Error, ErrorKind, Result};
use crate::events::EventBus;
use crate::failover::{ActiveListener, HealthCallback, MultiEndpoint};
use crate::proto::{self, EventKind};
use crate::protocol::{Cmd, Value};
use crate::pubsub::{Kind, MessageReceiver, PubSubMessage, Subscriptions, DEFAULT_MESSAGE_CAPACITY};
use crate::request::{classify, inject_panic, Classified, Completion, InflightLimiter};
use crate::runtime;
use coalesce::Coalescer;
use session::{check_shared, Sessions};
use convert::{check_command, decode_request, encode_response, Body};

/// Per-request options.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    pub route: Route,
    /// Overrides the client's request timeout.
    pub timeout: Option<Duration>,
    /// Read through the client-side cache (one-key reads; ignored without
    /// a cache).
    pub cache: bool,
    /// Run on this session's connection (`Client::open_session`).
    pub session: Option<u64>,
    /// The command may run twice: a write on the wire when its node's link
    /// died is sent again to the new primary.
    pub resend_safe: bool,
}

/// The deadline of a blocking command whose server timeout is 0 (wait
/// forever): only the caller's cancellation ends it.
const FOREVER: Duration = Duration::from_secs(365 * 24 * 3600);

pub(crate) struct ClientInner {
    deployment: Arc<dyn Deployment>,
    subscriptions: Subscriptions,
    /// The same deployment when it is a multi-endpoint one (manual control).
    multi: Option<MultiEndpoint>,
    settings: ClientSettings,
    /// The client-side cache, if configured.
    cache: Option<Arc<ClientCache>>,
    /// Coalescing of reads outside the cache (`coalesce_reads`).
    coalescer: Option<Coalescer>,
    /// `get_or_load`'s in-process loads and counters.
    aside: Aside,
    inflight: Arc<InflightLimiter>,
    /// WATCH / MULTI sessions on dedicated connections.
    sessions: Sessions,
    /// Requests a shim may cancel by id (blocking commands and session
    /// commands), while they run.
    cancellable: parking_lot::Mutex<std::collections::HashMap<u64, Cancel>>,
    closed: AtomicBool,
    events: EventBus,
    /// Counters and durations for `stats()` and the metrics (`telemetry`).
    stats: Arc<crate::telemetry::ClientStats>,
}

impl ClientInner {
    /// `Client::stats`, for the metrics' callbacks too.
    fn snapshot(&self) -> crate::telemetry::Stats {
        self.stats.snapshot(crate::telemetry::Gauges {
            in_flight: self.inflight.in_flight() as u64,
            park: self.deployment.park_stats(),
            cache: self.cache.as_ref().map(|c| c.stats()),
        })
    }
}

/// A connected client. Cheap to clone; all clones share the connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("deployment", &self.inner.settings.deployment).finish_non_exhaustive()
    }
}

/// Delivers messages to an `on_message` callback until stopped.
#[derive(Debug)]
pub struct MessageListener {
    task: tokio::task::AbortHandle,
}

impl MessageListener {
    /// Stops calling the callback.
    pub fn stop(&self) {
        self.task.abort();
    }
}

/// Runs a future on the engine's runtime and waits for it from anywhere.
async fn on_engine<T: Send + 'static>(fut: impl Future<Output = Result<T>> + Send + 'static) -> Result<T> {
    on_engine_from_here(fut, false).await
}

/// `on_engine`; with `here`, the future runs on this thread up to its first
/// wait (an idle connection is written from here, see `start_here`), then
/// on the engine.
async fn on_engine_from_here<T: Send + 'static>(
    fut: impl Future<Output = Result<T>> + Send + 'static,
    here: bool,
) -> Result<T> {
    if runtime::on_engine_thread() {
        return fut.await;
    }
    let handle = runtime::handle()?;
    if here {
        let (mut tx, rx) = tokio::sync::oneshot::channel();
        runtime::start_here(&handle, async move {
            // Dropping the caller's future cancels the work on the engine too.
            tokio::select! {
                r = fut => { let _ = tx.send(r); }
                _ = tx.closed() => {}
            }
        });
        return rx.await.unwrap_or_else(|_| Err(panicked()));
    }
    // Dropping the caller's future cancels the work on the engine too.
    struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);
    impl<T> Drop for AbortOnDrop<T> {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let mut task = AbortOnDrop(handle.spawn(fut));
    match (&mut task.0).await {
        Ok(r) => r,
        Err(_) => Err(panicked()),
    }
}

fn panicked() -> Error {
    Error::internal("internal error: the engine task ended without a result (it panicked)")
}

/// The process-wide log level a client's configuration asks for (validated
/// already; `HAVEN_LOG` wins over it).
fn apply_log_level(settings: &ClientSettings) {
    if let Some(level) = &settings.log_level {
        let _ = crate::logging::set_level("log_level", level);
    }
}

/// "standalone 127.0.0.1:6379", "cluster (3 seeds)", ...: what a client
/// talks to, for its log lines.
fn describe(deployment: &DeploymentConfig) -> String {
    let list = |a: &[crate::config::NodeAddress]| a.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
    match deployment {
        DeploymentConfig::Standalone { addresses, .. } => format!("standalone {}", list(addresses)),
        DeploymentConfig::Cluster { seeds, .. } => format!("cluster with seeds {}", list(seeds)),
        DeploymentConfig::Sentinel { sentinels, master_name, .. } => {
            format!("Sentinel service {master_name} via {}", list(sentinels))
        }
        DeploymentConfig::MultiEndpoint(m) => format!(
            "multi-endpoint {}",
            m.endpoints.iter().map(|e| e.name.as_str()).collect::<Vec<_>>().join(",")
        ),
    }
}

impl Client {
    /// Validates the configuration and connects (unless lazy_connect).
    pub async fn connect(config: proto::ClientConfig) -> Result<Client> {
        let settings = ClientSettings::from_proto(&config)?;
        apply_log_level(&settings);
        on_engine(Self::connect_on_engine(settings)).await
    }

    /// `connect` with credentials from the application's `provider`
    /// instead of the config's password: asked now (within the connection
    /// timeout), then every `refresh` (None: only when asked) and on
    /// `refresh_credentials`. Live connections re-authenticate in place
    /// when the credentials change (see `credentials`).
    pub async fn connect_with_credentials(
        config: proto::ClientConfig,
        provider: CredentialProvider,
        refresh: Option<Duration>,
    ) -> Result<Client> {
        let mut settings = ClientSettings::from_proto(&config)?;
        apply_log_level(&settings);
        if refresh.is_some_and(|r| r < Duration::from_millis(100)) {
            return Err(Error::config("credential refresh interval: at least 100 ms (or none)"));
        }
        on_engine(async move {
            let live = LiveCredentials::start(provider, settings.connection.connect_timeout).await?;
            settings.use_credentials(&live)?;
            let client = Self::connect_on_engine(settings).await?;
            if let Some(every) = refresh {
                let weak = Arc::downgrade(&client.inner);
                tokio::spawn(async move {
                    loop {
                        tokio::time::sleep(every).await;
                        let Some(inner) = weak.upgrade() else { return };
                        if inner.closed.load(Ordering::Relaxed) {
                            return;
                        }
                        // A failed refresh keeps the current credentials; the
                        // next tick asks again.
                        if let Err(e) = live.refresh().await {
                            inner.events.emit(EventKind::NodeReconnectFailed, "", &format!("credential refresh: {}", e.message()));
                        }
                    }
                });
            }
            Ok(client)
        })
        .await
    }

    /// Asks the credential provider now (the application's signal that
    /// credentials rotated); returns whether they changed. Live connections
    /// re-authenticate in the background. ConfigError on a client without
    /// a provider.
    pub async fn refresh_credentials(&self) -> Result<bool> {
        let Some(live) = self.inner.settings.connection.credentials.clone() else {
            return Err(Error::config("refresh_credentials: this client has no credential provider"));
        };
        on_engine(async move { live.refresh().await }).await
    }

    /// `connect` to what a connection URL describes (see `connection_url`):
    /// `redis://user:password@host:6379/2`, `rediss://`, `valkey://`,
    /// `valkeys://`, `unix:///path/to/redis.sock`. A bad URL is a
    /// ConfigError naming the part that is wrong.
    pub async fn connect_url(url: &str) -> Result<Client> {
        Self::connect(crate::connection_url::client_config(url)?).await
    }

    /// `connect` from a serialized ClientConfig.
    pub async fn connect_bytes(config: &[u8]) -> Result<Client> {
        let config = crate::config::decode_client_config(config)?;
        Self::connect(config).await
    }

    /// `connect` for code without an async runtime; blocks the calling thread.
    /// Must not be called from an engine thread.
    pub fn connect_blocking(config: proto::ClientConfig) -> Result<Client> {
        runtime::block_on(Self::connect(config))
    }

    async fn connect_on_engine(settings: ClientSettings) -> Result<Client> {
        let what = describe(&settings.deployment);
        tracing::debug!(target: crate::logging::ENGINE, "client connecting: {what}");
        let client = Self::connect_settings(settings).await;
        match &client {
            Ok(_) => tracing::debug!(target: crate::logging::ENGINE, "client ready: {what}"),
            Err(e) => tracing::warn!(target: crate::logging::ENGINE, "client could not connect to {what}: {}", e.message()),
        }
        client
    }

    async fn connect_settings(mut settings: ClientSettings) -> Result<Client> {
        let events = EventBus::new("");
        // Counting from the first event: the connections made below.
        let stats = crate::telemetry::ClientStats::new();
        events.observe(stats.observer());
        let cache = settings.cache.clone().map(ClientCache::new);
        if let Some(cache) = &cache {
            attach_tracking(&mut settings, cache);
            events.observe(cache.observer());
        }
        let (deployment, multi): (Arc<dyn Deployment>, Option<MultiEndpoint>) = match &settings.deployment {
            DeploymentConfig::MultiEndpoint(config) => {
                let multi = MultiEndpoint::new(config.clone(), events.clone(), settings.fail_fast)?;
                (Arc::new(multi.clone()), Some(multi))
            }
            _ => (Arc::from(deployment::build(&settings, events.clone())?), None),
        };
        if !settings.lazy_connect {
            // Connecting every node runs in parallel; the whole of it is bounded
            // by one connection timeout plus the time to ask for roles.
            let connect_timeout = match &settings.deployment {
                DeploymentConfig::MultiEndpoint(m) => {
                    m.endpoints.iter().map(|e| e.settings.connection.connect_timeout).max().unwrap_or_default()
                }
                _ => settings.connection.connect_timeout,
            };
            let deadline = Instant::now() + connect_timeout + Duration::from_millis(500);
            if let Err(e) = deployment.connect(deadline).await {
                deployment.close();
                return Err(e);
            }
        }
        // Subscriber connections track nothing.
        let subscriber_config = match settings.connection.tracking {
            Some(_) => Arc::new(ConnectionConfig { tracking: None, ..(*settings.connection).clone() }),
            None => settings.connection.clone(),
        };
        let subscriptions =
            Subscriptions::new(deployment.clone(), subscriber_config, events.clone(), DEFAULT_MESSAGE_CAPACITY);
        let client = Client {
            inner: Arc::new(ClientInner {
                subscriptions,
                inflight: InflightLimiter::new(settings.inflight_limit),
                deployment,
                multi,
                coalescer: settings.coalesce_reads.then(Coalescer::default),
                settings,
                cache,
                aside: Aside::default(),
                sessions: Sessions::default(),
                cancellable: Default::default(),
                closed: AtomicBool::new(false),
                events,
                stats,
            }),
        };
        crate::telemetry::register(Arc::downgrade(&client.inner), ClientInner::snapshot);
        Ok(client)
    }

    /// Sends one command; a server error reply becomes a ResponseError.
    pub async fn send(&self, cmd: Cmd) -> Result<Value> {
        self.send_with(cmd, RequestOptions::default()).await
    }

    pub async fn send_with(&self, cmd: Cmd, options: RequestOptions) -> Result<Value> {
        // On an engine thread the request runs right here, by reference.
        if runtime::on_engine_thread() {
            return execute(&self.inner, Body::Command(cmd), options).await;
        }
        let inner = self.inner.clone();
        on_engine_from_here(async move { execute(&inner, Body::Command(cmd), options).await }, self.is_idle()).await
    }

    /// Sends a batch: atomic (MULTI/EXEC, EXEC's reply) or pipelined (an
    /// array of replies in order; server errors stay values).
    pub async fn batch(&self, cmds: Vec<Cmd>, atomic: bool, options: RequestOptions) -> Result<Value> {
        let inner = self.inner.clone();
        on_engine(async move { execute(&inner, Body::Batch { commands: cmds, atomic }, options).await }).await
    }

    /// One step of a cluster-wide SCAN: returns the next cursor and a page
    /// of keys. Start from `ClusterScanCursor::new()` and stop when the
    /// returned cursor `is_finished()`. On an error the same cursor can be
    /// used again. Cluster deployments only.
    pub async fn cluster_scan(
        &self,
        cursor: &ClusterScanCursor,
        options: &ScanOptions,
    ) -> Result<(ClusterScanCursor, Vec<Bytes>)> {
        let inner = self.inner.clone();
        let (cursor, options) = (cursor.clone(), options.clone());
        on_engine(async move {
            if inner.closed.load(Ordering::Relaxed) {
                return Err(Error::closing());
            }
            let _permit = inner.inflight.acquire()?;
            let timeout = inner.settings.request_timeout;
            let deadline = Instant::now() + timeout;
            match tokio::time::timeout_at(deadline, inner.deployment.scan(&cursor, &options, deadline)).await {
                Ok(r) => r,
                Err(_) => Err(Error::timeout(format!("cluster scan step did not complete within {} ms", timeout.as_millis()))),
            }
        })
        .await
    }

    /// `send` for code without an async runtime. Must not be called from an
    /// engine thread. The calling thread waits on a `ReplySlot` the engine
    /// thread that ends the request fills; a lone caller (`is_idle`) starts
    /// the request on its own thread and polls for the reply for a moment
    /// before it sleeps (`ReplySlot::spin`), as the language shims' blocking
    /// clients do.
    pub fn send_blocking(&self, cmd: Cmd, options: RequestOptions) -> Result<Value> {
        runtime::blocking_allowed()?;
        // Filled unanswered only if the request's completion were lost
        // (it never is: the completion guard answers even a panic).
        let unanswered = || Err(Error::internal("internal error: the request ended without a result"));
        ReplySlot::submitted(unanswered, |filler| {
            let alone = self.is_idle();
            self.submit_cmd_on(cmd, options, move |result| filler.fill(result), alone);
            alone
        })
        .wait()
    }

    /// Runs a command and calls `done` with its outcome on an engine thread.
    /// Never blocks.
    pub fn submit_cmd(&self, cmd: Cmd, options: RequestOptions, done: impl FnOnce(Result<Value>) + Send + 'static) {
        self.submit_cmd_on(cmd, options, done, false);
    }

    /// `submit_cmd`, started on this thread up to its first wait when
    /// `here` (a lone caller: see `is_idle` and `submit_here`); `done` may
    /// then run before this returns, on this thread.
    pub fn submit_cmd_on(&self, cmd: Cmd, options: RequestOptions, done: impl FnOnce(Result<Value>) + Send + 'static, here: bool) {
        self.spawn_request(Body::Command(cmd), options, done, here);
    }

    /// The shims' entry: a serialized CommandRequest in, a serialized
    /// Response to `done` (called once, on an engine thread). Never blocks.
    pub fn submit(&self, request: &[u8], done: impl FnOnce(Vec<u8>) + Send + 'static) {
        self.submit_on(request, done, false)
    }

    /// `submit` for a caller with nothing to batch with (see `is_idle` and
    /// `Outbox::offer`): the request runs on the calling thread up to its
    /// first wait, so on an idle connection it is written without waking
    /// any thread. `done` may run before this returns, on the calling
    /// thread (an invalid request, a reply already known).
    pub fn submit_here(&self, request: &[u8], done: impl FnOnce(Vec<u8>) + Send + 'static) {
        self.submit_on(request, done, true)
    }

    /// Whether this client has no request in flight and its last stretch
    /// of traffic was one request at a time: when `submit_here` pays. (Not
    /// merely nothing in flight: concurrent callers pass through that between
    /// two bursts, and the first of the next burst sent alone would split
    /// the burst into two writes.)
    pub fn is_idle(&self) -> bool {
        self.inner.inflight.alone()
    }

    /// `submit_here` when `here`, else `submit`: for a shim that decided
    /// where to start the request (`Outbox::offer`, `is_idle`).
    pub fn submit_on(&self, request: &[u8], done: impl FnOnce(Vec<u8>) + Send + 'static, here: bool) {
        match decode_request(request) {
            Err((id, e)) => self.spawn_done(move || done(encode_response(id, Err(e)))),
            Ok(req) => {
                let id = req.id;
                let options = RequestOptions {
                    route: req.route,
                    timeout: req.timeout_ms.map(Duration::from_millis),
                    cache: req.cache,
                    session: req.session,
                    resend_safe: req.resend_safe,
                };
                // Blocking and session commands may be cancelled by id.
                let cancellable = options.session.is_some()
                    || matches!(&req.body, Body::Command(cmd) if crate::command_table::may_block(cmd.args()));
                let done = move |r| done(encode_response(id, r));
                if cancellable {
                    self.spawn_cancellable(id, req.body, options, done, here);
                } else {
                    self.spawn_request(req.body, options, done, here);
                }
            }
        }
    }

    /// Cancels a request submitted with `submit` that is still running, if
    /// it is a blocking command or runs in a session (others end by their
    /// deadline soon enough): its caller gets an error, and a command still
    /// blocked on the server is unblocked there, so nothing it would have
    /// taken (a list element) is lost.
    pub fn cancel(&self, id: u64) {
        // Handed over in a batch (`runtime::gather`): the requests before it
        // first, so one cancelled right after it was made is found.
        runtime::start_gathered();
        let entry = self.inner.cancellable.lock().remove(&id);
        // Dropped, its sender ends the request (see `spawn_cancellable`).
        drop(entry);
    }

    /// Every request ends exactly once: the completion guard answers even
    /// if the request's task panics or is aborted. `here`: started on the
    /// calling thread (`runtime::start_here`).
    fn spawn_request(
        &self,
        body: Body,
        options: RequestOptions,
        done: impl FnOnce(Result<Value>) + Send + 'static,
        here: bool,
    ) {
        match runtime::handle() {
            Ok(handle) => {
                let inner = self.inner.clone();
                let completion = Completion::new(done);
                let request = async move { completion.complete(execute(&inner, body, options).await) };
                if here {
                    runtime::start_here(&handle, request);
                } else {
                    runtime::spawn_request(&handle, request);
                }
            }
            Err(e) => done(Err(e)),
        }
    }

    /// A request `cancel` may end: it runs until its `Cancel` (in the
    /// registry, by id) is dropped, and is then dropped itself (a command
    /// blocked on a dedicated connection is unblocked on the server as its
    /// connection is given back), its caller answered by the completion
    /// guard. Started like any request (`here`: on the calling thread,
    /// else `runtime::spawn_request`), so a batch handed over together
    /// keeps its order: a session's WATCH, GET, MULTI/EXEC made one after
    /// another take its connection in that order, and a session released
    /// right after its command finds it started.
    fn spawn_cancellable(
        &self,
        id: u64,
        body: Body,
        options: RequestOptions,
        done: impl FnOnce(Result<Value>) + Send + 'static,
        here: bool,
    ) {
        let handle = match runtime::handle() {
            Ok(handle) => handle,
            Err(e) => return done(Err(e)),
        };
        let inner = self.inner.clone();
        let completion = Completion::new(done);
        let (cancel, cancelled) = tokio::sync::oneshot::channel::<std::convert::Infallible>();
        let mine = Arc::new(());
        let entry = Cancel { _sender: cancel, mine: mine.clone() };
        // Registered before the request is first polled (here at the latest,
        // when `gather` starts it), so one that ends at once never leaves a
        // stale entry behind.
        self.inner.cancellable.lock().insert(id, entry);
        let request = async move {
            let result = tokio::select! {
                biased;
                // The sender dropped: cancelled (or the client is gone).
                _ = cancelled => None,
                result = execute(&inner, body, options) => Some(result),
            };
            {
                // Only its own entry: a shim that reuses ids must not lose
                // another request's.
                let mut registry = inner.cancellable.lock();
                if registry.get(&id).is_some_and(|c| Arc::ptr_eq(&c.mine, &mine)) {
                    registry.remove(&id);
                }
            }
            match result {
                Some(result) => completion.complete(result),
                // The request's future is dropped by now; the guard answers
                // that it was cancelled.
                None => drop(completion),
            }
        };
        if here {
            runtime::start_here(&handle, request);
        } else {
            runtime::spawn_request(&handle, request);
        }
    }

    /// Opens a session: a dedicated connection of the caller's own, taken
    /// on its first command (sent with `RequestOptions::session`), for
    /// WATCH / MULTI / EXEC and anything else that needs one connection's
    /// state. Release it with `close_session`.
    pub fn open_session(&self) -> Result<u64> {
        if self.inner.closed.load(Ordering::SeqCst) {
            return Err(Error::closing());
        }
        Ok(self.inner.sessions.open())
    }

    /// Releases a session (its WATCH / MULTI undone, its connection back to
    /// the pool). False when no such session is open.
    pub fn close_session(&self, id: u64) -> bool {
        // Handed over in a batch (`runtime::gather`): the session's requests
        // before it run first.
        runtime::start_gathered();
        self.inner.sessions.close(id)
    }

    fn spawn_done(&self, f: impl FnOnce() + Send + 'static) {
        match runtime::handle() {
            Ok(handle) => {
                handle.spawn(async move { f() });
            }
            Err(_) => f(),
        }
    }

    /// SUBSCRIBE: adds channels to the desired state and returns once every
    /// one is confirmed by its node, or with a named error by the request
    /// deadline. Subscriptions are re-applied by the engine after reconnects,
    /// failovers and topology changes. An empty list is a ConfigError.
    /// Create a `messages()` receiver (or `on_message`) first so no message
    /// is missed.
    pub async fn subscribe<I, B>(&self, channels: I) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: Into<Bytes>,
    {
        self.pubsub_call(Kind::Channel, channels, true).await
    }

    /// PSUBSCRIBE: like `subscribe`, for glob-style patterns.
    pub async fn psubscribe<I, B>(&self, patterns: I) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: Into<Bytes>,
    {
        self.pubsub_call(Kind::Pattern, patterns, true).await
    }

    /// SSUBSCRIBE: sharded channels. In a cluster each lives on its slot's
    /// primary (and follows it); on standalone and Sentinel deployments it is
    /// sent to the primary as is (Redis/Valkey 7+ accept it there).
    pub async fn ssubscribe<I, B>(&self, channels: I) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: Into<Bytes>,
    {
        self.pubsub_call(Kind::Shard, channels, true).await
    }

    /// UNSUBSCRIBE: removes channels (an empty list: every channel).
    pub async fn unsubscribe<I, B>(&self, channels: I) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: Into<Bytes>,
    {
        self.pubsub_call(Kind::Channel, channels, false).await
    }

    /// PUNSUBSCRIBE: removes patterns (an empty list: every pattern).
    pub async fn punsubscribe<I, B>(&self, patterns: I) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: Into<Bytes>,
    {
        self.pubsub_call(Kind::Pattern, patterns, false).await
    }

    /// SUNSUBSCRIBE: removes shard channels (an empty list: all of them).
    pub async fn sunsubscribe<I, B>(&self, channels: I) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: Into<Bytes>,
    {
        self.pubsub_call(Kind::Shard, channels, false).await
    }

    async fn pubsub_call<I, B>(&self, kind: Kind, names: I, subscribe: bool) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: Into<Bytes>,
    {
        let names: Vec<Bytes> = names.into_iter().map(Into::into).collect();
        let inner = self.inner.clone();
        on_engine(async move {
            if inner.closed.load(Ordering::Relaxed) {
                return Err(Error::closing());
            }
            let deadline = Instant::now() + inner.settings.request_timeout;
            if subscribe {
                inner.subscriptions.subscribe(kind, names, deadline).await
            } else {
                inner.subscriptions.unsubscribe(kind, names, deadline).await
            }
        })
        .await
    }

    /// A receiver of the messages arriving from now on. Bounded: a consumer
    /// more than `DEFAULT_MESSAGE_CAPACITY` messages behind loses the oldest
    /// (counted in `MessageReceiver::dropped`).
    pub fn messages(&self) -> MessageReceiver {
        self.inner.subscriptions.messages()
    }

    /// Calls `callback` with each message, on an engine thread (it must not
    /// block), until the returned listener is stopped or the client closes.
    /// For code without tokio (the shims).
    pub fn on_message(&self, callback: impl Fn(PubSubMessage) + Send + Sync + 'static) -> Result<MessageListener> {
        let mut rx = self.messages();
        let handle = runtime::handle()?;
        let task = handle.spawn(async move {
            while let Ok(m) = rx.recv().await {
                callback(m);
            }
        });
        Ok(MessageListener { task: task.abort_handle() })
    }

    /// `on_message` with each message as a serialized `PubSubMessage`
    /// protobuf, for the shims.
    pub fn on_message_bytes(&self, callback: impl Fn(Vec<u8>) + Send + Sync + 'static) -> Result<MessageListener> {
        self.on_message(move |m| callback(convert::encode_pubsub_message(&m)))
    }

    /// Messages lost client-wide because consumers fell behind (or none
    /// listened).
    pub fn pubsub_dropped(&self) -> u64 {
        self.inner.subscriptions.dropped()
    }

    /// The client's subscriptions (desired state, connections, `rebind`).
    pub fn subscriptions(&self) -> &Subscriptions {
        &self.inner.subscriptions
    }

    /// The client's events (connections, primary changes, failover, ...).
    pub fn events(&self) -> broadcast::Receiver<proto::Event> {
        self.inner.events.subscribe()
    }

    /// The nodes of the deployment, their roles and connection counters.
    pub fn nodes(&self) -> Vec<NodeView> {
        self.inner.deployment.nodes()
    }

    fn multi(&self, what: &str) -> Result<&MultiEndpoint> {
        self.inner.multi.as_ref().ok_or_else(|| {
            Error::config(format!("{what}: needs a multi-endpoint deployment (this client is not one)"))
        })
    }

    /// Multi-endpoint: moves traffic to the endpoint `name`. Unless `force`,
    /// it must be healthy (else NoHealthyEndpointError). The choice holds (no
    /// failback) until that endpoint fails.
    pub fn failover_to(&self, name: &str, force: bool) -> Result<()> {
        self.multi("failover_to")?.failover_to(name, force)
    }

    /// Multi-endpoint: adds an endpoint at run time (validated like the
    /// configuration; a ConfigError names the field).
    pub async fn add_endpoint(&self, endpoint: proto::Endpoint) -> Result<()> {
        let multi = self.multi("add_endpoint")?.clone();
        let lazy = self.inner.settings.lazy_connect;
        on_engine(async move { multi.add_endpoint(&endpoint, lazy).await }).await
    }

    /// Multi-endpoint: removes an endpoint; traffic moves first if it was
    /// active, and requests in flight on it get one request timeout to end.
    pub fn remove_endpoint(&self, name: &str) -> Result<()> {
        let multi = self.multi("remove_endpoint")?;
        let drain = self.inner.settings.request_timeout;
        let _guard = runtime::handle()?.enter();
        multi.remove_endpoint(name, drain)
    }

    /// Multi-endpoint: changes an endpoint's weight (>= 0); traffic moves at
    /// once if another healthy endpoint now weighs more than the active one.
    pub fn set_weight(&self, name: &str, weight: f64) -> Result<()> {
        self.multi("set_weight")?.set_weight(name, weight)
    }

    /// Multi-endpoint: the active endpoint's name ("" while none is healthy).
    pub fn active_endpoint(&self) -> Result<String> {
        Ok(self.multi("active_endpoint")?.active_endpoint())
    }

    /// Multi-endpoint: every endpoint's name, whether it may take traffic,
    /// and its last error.
    pub fn endpoint_health(&self) -> Result<Vec<(String, bool, Option<String>)>> {
        Ok(self.multi("endpoint_health")?.endpoint_health())
    }

    /// Multi-endpoint: the callback of "custom" health checks for the
    /// endpoint named `name_or_id`, or whose `custom_id` is that number.
    pub fn set_health_check(&self, name_or_id: &str, check: HealthCallback) -> Result<()> {
        self.multi("set_health_check")?.set_health_check(name_or_id, check);
        Ok(())
    }

    /// Multi-endpoint: calls `listener` after every change of the active
    /// endpoint (the pub/sub layer's hook to move its subscriptions).
    pub fn on_active_changed(&self, listener: ActiveListener) -> Result<()> {
        self.multi("on_active_changed")?.on_active_changed(listener);
        Ok(())
    }

    /// Cache-aside: the string value of `key`; on a miss `loader` produces
    /// it (one loader per key in this process, optionally one in the fleet
    /// with `options.lease`) and it is stored with a jittered TTL. When
    /// Redis cannot be reached the loader's value is returned all the same.
    /// A loader error reaches every waiting caller and is not stored.
    pub async fn get_or_load<F, Fut>(&self, key: impl Into<Bytes>, options: LoadOptions, loader: F) -> Result<Bytes>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = std::result::Result<Bytes, String>> + Send + 'static,
    {
        aside::get_or_load(self, key.into(), options, loader).await
    }

    /// Write-through: `writer` writes to the source of truth, then the
    /// cache is updated or invalidated (`mode`). A cache that cannot be
    /// reached then is invalidated as soon as it answers again; the call
    /// succeeds. A writer error is returned and the cache is left alone.
    pub async fn write_through<F, Fut>(
        &self,
        key: impl Into<Bytes>,
        value: impl Into<Bytes>,
        ttl: Duration,
        mode: WriteMode,
        writer: F,
    ) -> Result<()>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = std::result::Result<(), String>>,
    {
        aside::write_through(self, key.into(), value.into(), ttl, mode, writer).await
    }

    pub(crate) fn downgrade(&self) -> std::sync::Weak<ClientInner> {
        Arc::downgrade(&self.inner)
    }

    pub(crate) fn upgrade(weak: &std::sync::Weak<ClientInner>) -> Option<Client> {
        weak.upgrade().map(|inner| Client { inner })
    }

    /// `get_or_load`'s counters.
    pub fn load_stats(&self) -> LoadStats {
        self.inner.aside.stats()
    }

    pub(crate) fn aside(&self) -> &Aside {
        &self.inner.aside
    }

    /// Whether this client has a client-side cache.
    pub fn has_cache(&self) -> bool {
        self.inner.cache.is_some()
    }

    /// A fresh cached reply to `cmd`, found in the calling thread: a cache
    /// hit needs no trip through the engine's runtime, so a binding answers
    /// it at once. None (send it as usual): no cache, a closed client, a
    /// command the cache does not hold (`asked`: read through the cache even
    /// if its name is not in `commands`), or no fresh entry.
    pub fn cached_locally(&self, cmd: &Cmd, asked: bool) -> Option<Value> {
        if self.inner.closed.load(Ordering::Relaxed) {
            return None;
        }
        self.inner.cache.as_ref()?.local_hit(cmd, asked)
    }

    /// Reads outside the cache that shared another caller's reply
    /// (`coalesce_reads`); None when coalescing is off.
    pub fn coalesced_reads(&self) -> Option<u64> {
        self.inner.coalescer.as_ref().map(Coalescer::coalesced)
    }

    /// The client-side cache's counters; None without a cache.
    pub fn cache_stats(&self) -> Option<CacheStats> {
        self.inner.cache.as_ref().map(|c| c.stats())
    }

    /// Requests that waited, parked, for a reachable primary: now, in all,
    /// resumed, and the longest wait.
    pub fn park_stats(&self) -> crate::request::ParkStats {
        self.inner.deployment.park_stats()
    }

    /// A snapshot of the client's metrics: requests and their durations
    /// by command and outcome, errors by kind, retries, redirects,
    /// reconnects, failovers, failbacks, breaker states, parked and
    /// in-flight requests, cache counters (`Stats::to_json` for the shims).
    /// The same counters feed the OpenTelemetry metrics.
    pub fn stats(&self) -> crate::telemetry::Stats {
        self.inner.snapshot()
    }

    /// Requests in flight now.
    pub fn in_flight(&self) -> usize {
        self.inner.inflight.in_flight()
    }

    pub fn is_closed(&self) -> bool {
        self.inner.closed.load(Ordering::SeqCst)
    }

    /// Closes every connection. Requests in flight end with ClosingError;
    /// later requests fail with ClosingError at once.
    pub fn close(&self) {
        if !self.inner.closed.swap(true, Ordering::SeqCst) {
            tracing::debug!(target: crate::logging::ENGINE, "client closed: {}", describe(&self.inner.settings.deployment));
            self.inner.subscriptions.close();
            self.inner.sessions.close_all();
            self.inner.deployment.close();
        }
    }
}

/// A cancellable request's entry in the registry: dropping it (`cancel`)
/// ends the request.
struct Cancel {
    _sender: tokio::sync::oneshot::Sender<std::convert::Infallible>,
    /// Tells the request's own entry from a later one under the same id.
    mine: Arc<()>,
}

async fn execute(inner: &ClientInner, body: Body, options: RequestOptions) -> Result<Value> {
    tracing::trace!(target: crate::logging::ENGINE, "request: {}", logged_name(&body));
    let started = std::time::Instant::now();
    // Decided first: an unsampled request does no span work at all.
    let sampled = crate::telemetry::sample();
    let mut notes = None;
    let result = execute_logged(inner, &body, options, sampled, &mut notes).await;
    let what = match &body {
        Body::Command(cmd) => crate::telemetry::Finished::Command(cmd.args().first().map_or(&b""[..], |n| &n[..])),
        Body::Batch { commands, atomic } => crate::telemetry::Finished::Batch { count: commands.len(), atomic: *atomic },
    };
    let outcome = result.as_ref().map(|_| ()).map_err(Error::kind);
    crate::telemetry::finish(&inner.stats, what, outcome, started, notes.as_deref());
    drop(notes);
    if let Err(e) = &result {
        // The kind only: a server's error text may quote the arguments.
        tracing::debug!(target: crate::logging::ENGINE, "request failed: {} ({})", logged_name(&body), e.kind().name());
    }
    result
}

/// What a request's log lines call it: the command's name (never its
/// arguments), or the size of a batch.
fn logged_name(body: &Body) -> String {
    match body {
        Body::Command(cmd) => {
            let mut name = cmd.name_upper();
            name.truncate(64);
            name
        }
        Body::Batch { commands, atomic: true } => format!("transaction of {} commands", commands.len()),
        Body::Batch { commands, atomic: false } => format!("batch of {} commands", commands.len()),
    }
}

async fn execute_logged(
    inner: &ClientInner,
    body: &Body,
    options: RequestOptions,
    sampled: bool,
    notes: &mut Option<crate::request::RequestNotesHandle>,
) -> Result<Value> {
    if inner.closed.load(Ordering::Relaxed) {
        return Err(Error::closing());
    }
    let permit = inner.inflight.acquire()?;
    let noted = permit.notes();
    if sampled {
        noted.start_span();
    }
    *notes = Some(noted);
    // One look-up in the command table serves the deadline and learning.
    let spec = match body {
        Body::Command(cmd) => crate::command_table::lookup(cmd.args()),
        Body::Batch { .. } => None,
    };
    let timeout = deadline_of(inner, body, spec, &options);
    let deadline = Instant::now() + timeout;
    // The rare paths (sessions, learning a command, the cache, coalescing)
    // are boxed: inline, they made every request's future ~13 KB, copied
    // on each spawn (a third of the CPU at 100 callers); boxed, ~1 KB.
    let work = async {
        if let Some(id) = options.session {
            check_body(body, false)?;
            return Box::pin(inner.sessions.run(inner.deployment.as_ref(), id, body, deadline)).await;
        }
        check_body(body, true)?;
        if let (Body::Command(cmd), None) = (body, spec) {
            Box::pin(learn_command(inner, cmd, deadline)).await;
        }
        match body {
            Body::Command(cmd) => match (&inner.cache, &inner.coalescer) {
                (None, None) => inner.deployment.execute(cmd, &options.route, deadline).await.and_then(Value::into_result),
                (None, Some(_)) => Box::pin(send_command(inner, cmd, &classify(cmd), &options, deadline)).await,
                (Some(cache), _) => Box::pin(cached_command(inner, cache, cmd, &options, deadline)).await,
            },
            Body::Batch { commands, atomic } => {
                let result = inner.deployment.execute_batch(commands, *atomic, &options.route, deadline).await;
                if let Some(cache) = &inner.cache {
                    for cmd in commands {
                        cache.written(&written_keys(cmd, &classify(cmd)));
                    }
                }
                if let Some(coalescer) = &inner.coalescer {
                    coalescer.write_ended();
                }
                result
            }
        }
    };
    // The request's permit also rides in every pipeline slot it fills, so
    // it counts until the request has left the pipeline.
    let resend_safe = options.resend_safe;
    let work = async move {
        if resend_safe {
            crate::request::with_resend_safe(true, work).await
        } else {
            work.await
        }
    };
    let result = permit
        .scope_until(deadline, work, |waited_for| {
            Error::timeout(format!(
                "no reply within the request deadline of {} ms (request_timeout_ms, the request's timeout, or a \
                 blocking command's own timeout plus request_timeout_ms){}",
                timeout.as_millis(),
                match waited_for {
                    Some(why) => format!("; it had waited, parked, for a reachable primary, then was sent again: {why}"),
                    None => String::new(),
                }
            ))
        })
        .await;
    match result {
        Err(e) if matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout) && inner.closed.load(Ordering::Relaxed) => {
            Err(Error::closing())
        }
        // Never sent because its time ran out while the node was still
        // connecting: the deadline, not the link, ended it.
        Err(e) if e.kind() == ErrorKind::Connection && !e.maybe_sent() && Instant::now() >= deadline => {
            Err(Error::timeout(format!(
                "no reply within the request deadline of {} ms: {}",
                timeout.as_millis(),
                e.message()
            )))
        }
        other => other,
    }
}

/// How long a request may take: the caller's timeout, else the client's
/// request timeout; a blocking command's is its own server timeout plus
/// the request timeout (none when it blocks forever). A pipelined batch
/// runs its commands one after another on one connection when one of them
/// blocks (`SET` then `WAIT` on the connection that wrote), so it gets the
/// request timeout plus its blocking commands' own timeouts. (In a
/// transaction nothing blocks: the server answers at once.)
fn deadline_of(
    inner: &ClientInner,
    body: &Body,
    spec: Option<&crate::command_table::CommandSpec>,
    options: &RequestOptions,
) -> Duration {
    if let Some(timeout) = options.timeout {
        return timeout;
    }
    let request_timeout = inner.settings.request_timeout;
    match body {
        Body::Command(cmd) => match own_timeout(cmd, spec) {
            Some(server) if server.is_zero() => FOREVER,
            Some(server) => server + request_timeout,
            None => request_timeout,
        },
        Body::Batch { atomic: true, .. } => request_timeout,
        Body::Batch { commands, atomic: false } => {
            let mut total = request_timeout;
            // Only commands that may block have a timeout of their own:
            // the others are ruled out by name, without a look-up.
            for cmd in commands.iter().filter(|c| c.args().first().is_some_and(|n| crate::command_table::may_block_name(n))) {
                match own_timeout(cmd, crate::command_table::lookup(cmd.args())) {
                    Some(server) if server.is_zero() => return FOREVER,
                    Some(server) => total += server,
                    None => {}
                }
            }
            total
        }
    }
}

/// A blocking command's own server timeout (zero: it blocks forever).
fn own_timeout(cmd: &Cmd, spec: Option<&crate::command_table::CommandSpec>) -> Option<Duration> {
    if cmd.is_empty() || !crate::command_table::blocks(cmd.args(), spec) {
        return None;
    }
    crate::command_table::blocking_timeout(cmd.args(), spec)
}

/// A command the table lacks (a module's, a newer server's; the caller
/// looked it up and found nothing) is described by the server once, so it routes by key, reads from replicas when it only
/// reads, and invalidates the client-side cache like any other. If the
/// server cannot be asked now, the command goes out unclassified and the
/// next one asks again. A server that refuses to say (an ACL without
/// COMMAND) has answered too: the command stays unclassified without a
/// COMMAND INFO round trip each time.
async fn learn_command(inner: &ClientInner, cmd: &Cmd, deadline: Instant) {
    if !crate::command_table::unknown(cmd.args()) {
        return;
    }
    let info = Cmd::new("COMMAND").arg("INFO").arg(cmd.args()[0].clone());
    if let Ok(reply) = inner.deployment.execute(&info, &Route::Random, deadline).await {
        if reply.as_slice().is_some() || matches!(reply, Value::ServerError(_)) {
            crate::command_table::learn(&cmd.args()[0], &reply);
        }
    }
}

/// Checks what a request asks before anything is sent: no empty command,
/// and (`shared`) nothing that would change a shared connection's state.
fn check_body(body: &Body, shared: bool) -> Result<()> {
    let cmds: &[Cmd] = match body {
        Body::Command(cmd) => std::slice::from_ref(cmd),
        Body::Batch { commands, .. } => commands,
    };
    for cmd in cmds {
        check_command(cmd)?;
        inject_panic(cmd);
        if shared {
            check_shared(cmd)?;
        }
    }
    Ok(())
}

/// A command of a caching client: a one-key read through the cache, or any
/// other command, after which a write's keys leave the cache.
async fn cached_command(
    inner: &ClientInner,
    cache: &ClientCache,
    cmd: &Cmd,
    options: &RequestOptions,
    deadline: Instant,
) -> Result<Value> {
    let class = classify(cmd);
    if options.route == Route::Auto {
        if let Some(key) = cache.cacheable(cmd, &class, options.cache) {
            let fetch = |batch: Vec<Cmd>, atomic: bool| async move {
                inner.deployment.execute_batch(&batch, atomic, &Route::Auto, deadline).await
            };
            return cache.read(cmd, key, fetch).await;
        }
    }
    let result = send_command(inner, cmd, &class, options, deadline).await;
    cache.written(&written_keys(cmd, &class));
    result
}

/// A command outside the client-side cache: coalesced with identical reads
/// in flight when `coalesce_reads` is on.
async fn send_command(
    inner: &ClientInner,
    cmd: &Cmd,
    class: &Classified,
    options: &RequestOptions,
    deadline: Instant,
) -> Result<Value> {
    let send = || async { inner.deployment.execute(cmd, &options.route, deadline).await.and_then(Value::into_result) };
    match &inner.coalescer {
        Some(coalescer) if options.route == Route::Auto && Coalescer::coalescable(cmd, class) => {
            coalescer.read(cmd, send).await
        }
        Some(coalescer) => {
            let result = send().await;
            if !class.readonly {
                coalescer.write_ended();
            }
            result
        }
        None => send().await,
    }
}

/// The keys a command may have changed (none for reads).
fn written_keys(cmd: &Cmd, class: &Classified) -> Vec<Bytes> {
    if class.readonly {
        return Vec::new();
    }
    deployment::key_positions(cmd.args(), class.spec).into_iter().filter_map(|i| cmd.args().get(i).cloned()).collect()
}

/// Makes every data connection of the client (every endpoint's, for a
/// multi-endpoint client) track reads for the cache.
fn attach_tracking(settings: &mut ClientSettings, cache: &Arc<ClientCache>) {
    let tracking = Arc::new(Tracking {
        broadcast_prefixes: match cache.settings().mode {
            CacheMode::OptIn => None,
            CacheMode::Broadcast => Some(cache.settings().prefixes.clone()),
        },
        handler: cache.push_handler(),
    });
    let with = |c: &Arc<ConnectionConfig>| Arc::new(ConnectionConfig { tracking: Some(tracking.clone()), ..(**c).clone() });
    settings.connection = with(&settings.connection);
    if let DeploymentConfig::MultiEndpoint(m) = &mut settings.deployment {
        let mut config = (**m).clone();
        for ep in &mut config.endpoints {
            ep.settings.connection = with(&ep.settings.connection);
        }
        *m = Arc::new(config);
    }
}


impl Drop for ClientInner {
    fn drop(&mut self) {
        // The last handle is gone: stop the supervisors and close the links.
        self.subscriptions.close();
        self.deployment.close();
    }
}
