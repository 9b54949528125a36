//! Client-side failover across weighted endpoints. Each endpoint is a whole
//! deployment (standalone, Sentinel or cluster) with its own settings; only
//! the active one takes traffic: the healthy endpoint with the highest
//! weight. A circuit breaker per endpoint watches live traffic (`breaker`),
//! health checks probe every endpoint in the background (`health`), and the
//! policy (`policy`) moves traffic: at once when the active endpoint fails
//! (FAILOVER), back to a higher-weight one after it stayed healthy for the
//! failback grace (FAILBACK), or on a manual request (MANUAL_SWITCH).
//!
//! The request path reads the active endpoint lock-free and without touching
//! a reference count: every endpoint ever created lives in an append-only
//! arena (`boxcar::Vec`) for the client's lifetime, and the active one is an
//! index into it (`active_slot`), so a request borrows it for as long as the
//! client lives. A removed endpoint is closed but its (small) record stays
//! in the arena. The outcome goes to the breaker with a few atomics. A read that
//! was in flight on an endpoint that failed with a connection or timeout
//! error is resent to the new active endpoint within its deadline; a write
//! only with `retry_writes_on_failover` (or when it was never sent).
//!
//! Pub/sub hook: `MultiEndpoint::on_active_changed` (reachable as
//! `Client::on_active_changed`) calls a listener after every change of the
//! active endpoint, so the pub/sub layer can move its subscriptions.

pub mod breaker;
pub mod config;
pub mod health;
pub mod policy;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;

use crate::config::NodeAddress;
use crate::connection::NodeConnection;
use bytes::Bytes;
use parking_lot::{Mutex, RwLock};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use crate::config::Deployment as DeploymentConfig;
use crate::deployment::{self, BoxFuture, ClusterScanCursor, Deployment, NodeView, Route, ScanOptions};
use crate::error::{Error, ErrorKind, Result};
use crate::events::EventBus;
use crate::proto::{self, EventKind};
use crate::protocol::{Cmd, Value};
use crate::request::{classify, RetryClass};
use breaker::{Breaker, Change, CircuitState};
use config::{EndpointConfig, HealthConfig, HealthKind, MultiEndpointConfig};

/// A shim's health check: gets the endpoint's name, answers healthy or not.
pub type HealthCallback = Arc<dyn Fn(&str) -> BoxFuture<'static, bool> + Send + Sync>;

/// A change of the active endpoint, as given to `on_active_changed` listeners.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveChange {
    /// The endpoint traffic left; `None` when none was active.
    pub from: Option<String>,
    /// The endpoint traffic goes to now; `None`: no endpoint is healthy.
    pub to: Option<String>,
    /// FAILOVER, FAILBACK, MANUAL_SWITCH or NO_HEALTHY_ENDPOINT.
    pub kind: EventKind,
    pub reason: String,
}

/// Listener of active-endpoint changes. Called on an engine thread while the
/// switch is made, under the switch's lock: it must return quickly (spawn
/// work instead of waiting) and must not call the manual controls
/// (`failover_to`, `set_weight`, ...) itself; reading `active_endpoint` is
/// fine. A listener that captures the `Client` keeps it alive: capture a
/// weak handle or close the client explicitly.
pub type ActiveListener = Arc<dyn Fn(&ActiveChange) + Send + Sync>;

/// One endpoint and what the engine knows about it.
pub struct Endpoint {
    name: String,
    weight: AtomicU64,
    /// Creation order; breaks weight ties (earlier wins).
    order: u64,
    deployment: Box<dyn Deployment>,
    /// The route of health PINGs through the deployment (when it names no
    /// `probe_node`): the primary, or any node of a cluster.
    probe_route: Route,
    /// How the health probes' own connection is made: the data connections'
    /// settings without tracking or heartbeats.
    probe_connection: Arc<crate::config::ConnectionConfig>,
    health: HealthConfig,
    breaker: Breaker,
    /// The health checks' verdict.
    healthy: AtomicBool,
    last_error: Mutex<Option<String>>,
    /// Since when the endpoint is eligible (healthy, circuit closed); kept by
    /// the policy ticker, read for failback.
    eligible_since: Mutex<Option<Instant>>,
    events: EventBus,
    tasks: Mutex<Vec<AbortHandle>>,
}

impl Endpoint {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn weight(&self) -> f64 {
        f64::from_bits(self.weight.load(Ordering::Acquire))
    }

    /// Healthy and with a closed circuit: may take traffic.
    fn eligible(&self) -> bool {
        self.healthy.load(Ordering::Acquire) && self.breaker.state() == CircuitState::Closed
    }

    fn set_last_error(&self, message: impl Into<String>) {
        *self.last_error.lock() = Some(message.into());
    }

    fn last_error(&self) -> Option<String> {
        self.last_error.lock().clone()
    }

    /// "name (weight w): state, last error: ...", for errors.
    fn describe(&self) -> String {
        let state = match (self.healthy.load(Ordering::Acquire), self.breaker.state()) {
            (false, _) => "unhealthy",
            (true, CircuitState::Open) => "circuit open",
            (true, CircuitState::HalfOpen) => "circuit half-open",
            (true, CircuitState::Closed) => "healthy",
        };
        match self.last_error() {
            Some(e) => format!("{} (weight {}): {state}, last error: {e}", self.name, self.weight()),
            None => format!("{} (weight {}): {state}", self.name, self.weight()),
        }
    }

    fn stop(&self) {
        for t in self.tasks.lock().drain(..) {
            t.abort();
        }
        self.deployment.close();
    }
}

/// Serializes changes of the active endpoint (never taken by a request that
/// succeeds; only by the one whose failure opens a circuit).
#[derive(Default)]
struct Control {
    /// A manual switch holds: no failback until the endpoint fails.
    pinned: bool,
    /// A forced switch: the endpoint keeps traffic even if its health check
    /// fails, until its circuit opens on live traffic.
    forced: Option<String>,
    /// NO_HEALTHY_ENDPOINT was announced and not yet followed by a recovery.
    none_announced: bool,
    next_order: u64,
}

pub(crate) struct Inner {
    endpoints: ArcSwap<Vec<Arc<Endpoint>>>,
    /// Every endpoint ever created, never shrunk: what `active_slot` indexes.
    arena: boxcar::Vec<Arc<Endpoint>>,
    /// The active endpoint, as an index into `arena` (`NO_ENDPOINT`: none).
    /// Written under the control lock (`set_active`).
    active_slot: AtomicUsize,
    config: Arc<MultiEndpointConfig>,
    events: EventBus,
    control: Mutex<Control>,
    callbacks: RwLock<HashMap<String, HealthCallback>>,
    listeners: RwLock<Vec<ActiveListener>>,
    started: AtomicBool,
    closed: AtomicBool,
    ticker: Mutex<Option<AbortHandle>>,
    /// Bumped whenever the active endpoint changes, for parked requests.
    switched: tokio::sync::watch::Sender<u64>,
    /// Requests waiting while no endpoint may take traffic.
    parking: Arc<crate::request::Parking>,
    fail_fast: bool,
}

/// `active_slot` when no endpoint is active.
const NO_ENDPOINT: usize = usize::MAX;

/// The multi-endpoint deployment. Cheap to clone (a handle).
#[derive(Clone)]
pub struct MultiEndpoint {
    inner: Arc<Inner>,
}

impl MultiEndpoint {
    /// Builds every endpoint's deployment; nothing connects yet.
    /// `fail_fast`: requests fail at once while no endpoint is healthy
    /// instead of waiting (parked) for one until their deadline.
    pub fn new(config: Arc<MultiEndpointConfig>, events: EventBus, fail_fast: bool) -> Result<Self> {
        let mut control = Control::default();
        let mut endpoints = Vec::with_capacity(config.endpoints.len());
        for ep in &config.endpoints {
            endpoints.push(new_endpoint(ep, &config, &events, control.next_order)?);
            control.next_order += 1;
        }
        // Until told otherwise every endpoint counts as healthy (lazy connect
        // finds out on the first request; `connect` checks them first).
        let active = policy::best(&endpoints);
        let arena = boxcar::Vec::new();
        for ep in &endpoints {
            arena.push(ep.clone());
        }
        let inner = Inner {
            endpoints: ArcSwap::from_pointee(endpoints),
            arena,
            active_slot: AtomicUsize::new(NO_ENDPOINT),
            config,
            control: Mutex::new(control),
            callbacks: RwLock::new(HashMap::new()),
            listeners: RwLock::new(Vec::new()),
            started: AtomicBool::new(false),
            closed: AtomicBool::new(false),
            ticker: Mutex::new(None),
            switched: tokio::sync::watch::channel(0).0,
            parking: crate::request::Parking::new(events.clone()),
            fail_fast,
            events,
        };
        inner.set_active(active);
        Ok(MultiEndpoint { inner: Arc::new(inner) })
    }

    /// The active endpoint's name; empty when no endpoint is healthy.
    pub fn active_endpoint(&self) -> String {
        self.inner.active_ref().map(|e| e.name.clone()).unwrap_or_default()
    }

    /// Every endpoint: name, whether it may take traffic (healthy with a
    /// closed circuit), and its last error.
    pub fn endpoint_health(&self) -> Vec<(String, bool, Option<String>)> {
        self.inner.endpoints.load().iter().map(|e| (e.name.clone(), e.eligible(), e.last_error())).collect()
    }

    /// Registers the callback of "custom" health checks for the endpoint of
    /// this name, or for the endpoints whose `custom_id` is this number.
    pub fn set_health_check(&self, name_or_id: &str, check: HealthCallback) {
        self.inner.callbacks.write().insert(name_or_id.to_string(), check);
    }

    /// Calls `listener` after every change of the active endpoint (the
    /// pub/sub layer's hook to move subscriptions).
    pub fn on_active_changed(&self, listener: ActiveListener) {
        self.inner.listeners.write().push(listener);
    }

    /// Moves traffic to `name`. Unless `force`, the endpoint must be
    /// healthy with a closed circuit. The switch holds (no failback) until
    /// that endpoint fails or another manual change.
    pub fn failover_to(&self, name: &str, force: bool) -> Result<()> {
        self.inner.manual_switch(name, force)
    }

    /// Adds an endpoint at run time. It connects (unless the client is lazy)
    /// and is health-checked; it takes traffic when it is healthy and its
    /// weight is the highest, after the failback grace like a recovered one.
    pub async fn add_endpoint(&self, endpoint: &proto::Endpoint, lazy: bool) -> Result<()> {
        let inner = &self.inner;
        let cfg = config::endpoint_from_proto("add_endpoint", endpoint, &inner.config.health)?;
        let ep = {
            let mut ctl = inner.control.lock();
            if inner.endpoints.load().iter().any(|e| e.name == cfg.name) {
                return Err(Error::config(format!("add_endpoint.name: {:?} is already an endpoint", cfg.name)));
            }
            let ep = new_endpoint(&cfg, &inner.config, &inner.events, ctl.next_order)?;
            ctl.next_order += 1;
            // Not eligible until it proved itself: connect or health checks.
            ep.healthy.store(lazy || matches!(ep.health.kind, HealthKind::None), Ordering::Release);
            let mut list = Vec::clone(&inner.endpoints.load());
            list.push(ep.clone());
            inner.arena.push(ep.clone());
            inner.endpoints.store(Arc::new(list));
            ep
        };
        if inner.started.load(Ordering::Acquire) {
            health::start(inner, &ep);
        }
        if !lazy {
            let deadline = Instant::now() + cfg.settings.connection.connect_timeout + Duration::from_millis(500);
            match ep.deployment.connect(deadline).await {
                Ok(()) => ep.healthy.store(true, Ordering::Release),
                Err(e) => ep.set_last_error(e.message()),
            }
        }
        if ep.healthy.load(Ordering::Acquire) {
            ep.events.emit(EventKind::EndpointHealthy, "", "endpoint added");
        } else {
            let why = ep.last_error().unwrap_or_else(|| "not checked yet".to_string());
            ep.events.emit(EventKind::EndpointUnhealthy, "", &format!("endpoint added, not reachable yet: {why}"));
        }
        inner.reselect("an endpoint was added");
        Ok(())
    }

    /// Removes an endpoint; if it was active, traffic moves first. Requests
    /// in flight on it get until the request timeout before it closes.
    pub fn remove_endpoint(&self, name: &str, drain: Duration) -> Result<()> {
        let inner = &self.inner;
        let removed = {
            let _ctl = inner.control.lock();
            let list = inner.endpoints.load_full();
            let ep = inner.find(&list, "remove_endpoint", name)?;
            if list.len() == 1 {
                return Err(Error::config(format!("remove_endpoint: {name:?} is the only endpoint")));
            }
            let rest: Vec<Arc<Endpoint>> = list.iter().filter(|e| !Arc::ptr_eq(e, &ep)).cloned().collect();
            inner.endpoints.store(Arc::new(rest));
            ep
        };
        let was_active = inner.active_ref().is_some_and(|a| std::ptr::eq(a, &*removed));
        if was_active {
            inner.reselect_manual(&format!("endpoint {name:?} was removed"));
        }
        for t in removed.tasks.lock().drain(..) {
            t.abort();
        }
        tokio::spawn(async move {
            tokio::time::sleep(drain).await;
            removed.stop();
        });
        Ok(())
    }

    /// Changes an endpoint's weight; traffic moves at once if another
    /// eligible endpoint now weighs more than the active one.
    pub fn set_weight(&self, name: &str, weight: f64) -> Result<()> {
        if !weight.is_finite() || weight < 0.0 {
            return Err(Error::config(format!("set_weight.weight: must be a number >= 0, got {weight}")));
        }
        let inner = &self.inner;
        let list = inner.endpoints.load_full();
        let ep = inner.find(&list, "set_weight", name)?;
        ep.weight.store(weight.to_bits(), Ordering::Release);
        inner.reselect_manual(&format!("weight of {name:?} set to {weight}"));
        Ok(())
    }

    fn ensure_started(&self) {
        if !self.inner.started.load(Ordering::Acquire) {
            self.inner.start();
        }
    }

    async fn connect_all(&self, deadline: Instant) -> Result<()> {
        let inner = &self.inner;
        let list = inner.endpoints.load_full();
        let mut joins = tokio::task::JoinSet::new();
        for ep in list.iter() {
            let ep = ep.clone();
            joins.spawn(async move {
                let r = ep.deployment.connect(deadline).await;
                (ep, r)
            });
        }
        let mut healthy = 0;
        while let Some(joined) = joins.join_next().await {
            let Ok((ep, r)) = joined else { continue };
            match r {
                Ok(()) => healthy += 1,
                Err(e) => {
                    ep.healthy.store(false, Ordering::Release);
                    ep.set_last_error(e.message());
                }
            }
        }
        let needed = inner.config.startup.needed(list.len());
        if healthy < needed {
            let detail: Vec<String> = list.iter().map(|e| e.describe()).collect();
            return Err(Error::new(
                ErrorKind::NoHealthyEndpoint,
                format!(
                    "multi_endpoint.startup_policy: {needed} of {} endpoints must be reachable at start, {healthy} are: {}",
                    list.len(),
                    detail.join("; ")
                ),
            ));
        }
        // Start-up: choose quietly, no FAILOVER for a choice never made.
        {
            let _ctl = inner.control.lock();
            inner.set_active(policy::best(&list));
        }
        inner.start();
        Ok(())
    }

    async fn run(&self, work: Work<'_>, deadline: Instant) -> Result<Value> {
        self.ensure_started();
        let inner = &self.inner;
        let mut attempts = 0usize;
        loop {
            let ep = inner.active_or_wait(deadline).await?;
            let mut attempt = Attempt { inner, ep, finished: false };
            let result = work.run(&*ep.deployment, deadline).await;
            let e = match result {
                Ok(v) => {
                    attempt.finish(Some(false), None);
                    return Ok(v);
                }
                Err(e) if counts(&e) => {
                    attempt.finish(Some(true), Some(&e));
                    e
                }
                Err(e) => {
                    // Bad input, closing, backpressure, cluster errors: not
                    // the endpoint's health either way.
                    attempt.finish(None, None);
                    return Err(e);
                }
            };
            attempts += 1;
            // A write that may have reached the failing endpoint is never
            // resent unless allowed, and says so, whether or not traffic has
            // moved yet (in-flight failures can arrive before the breaker
            // trips).
            let resend = !e.maybe_sent()
                || inner.config.retry_writes_on_failover
                || work.retry_class() == RetryClass::Idempotent;
            if !resend {
                return Err(e.context(format!(
                    "endpoint {:?} failed while this write was in flight; the write was not resent (it may have run; set retry_writes_on_failover to resend writes)",
                    ep.name
                )));
            }
            let mut next = inner.active_or_wait(deadline).await?;
            if std::ptr::eq(next, ep) && !ep.eligible() {
                // Another request's failure opened this circuit and its
                // switch may not have happened yet: make the decision here
                // rather than give up on a request that could move (the
                // switch is made once, under the control lock).
                inner.reselect(&format!("circuit of {:?} opened", ep.name));
                match inner.active_ref() {
                    Some(now) => next = now,
                    // No endpoint is healthy now: wait, parked, for one (at
                    // the top of the loop) unless the client fails fast.
                    None if !inner.fail_fast && Instant::now() < deadline => {
                        attempts = 0;
                        continue;
                    }
                    None => return Err(inner.no_healthy_error()),
                }
            }
            if std::ptr::eq(next, ep) && !inner.fail_fast && Instant::now() < deadline {
                // Nowhere else to go yet: wait, parked, while the breaker and
                // the health checks decide, then try whatever is active.
                let parked = inner.parking.park(&ep.name, e.message());
                let mut switched = inner.switched.subscribe();
                let retry = Duration::from_millis(50 + rand::random_range(0..50));
                tokio::select! {
                    _ = switched.changed() => {}
                    _ = tokio::time::sleep_until((Instant::now() + retry).min(deadline)) => {}
                }
                if Instant::now() < deadline {
                    parked.resume();
                    crate::telemetry::notes::retry("sent again after waiting for a healthy endpoint");
                }
                attempts = 0;
                continue;
            }
            if std::ptr::eq(next, ep) || attempts > inner.endpoints.load().len() || Instant::now() >= deadline {
                return Err(e.context(format!("endpoint {:?}", ep.name)));
            }
            // Endpoint names come from the configuration, never a request.
            crate::telemetry::notes::event("failover", || Some(format!("{} -> {}", ep.name, next.name)));
            crate::telemetry::notes::retry("sent again on another endpoint");
        }
    }
}

fn new_endpoint(cfg: &EndpointConfig, all: &MultiEndpointConfig, events: &EventBus, order: u64) -> Result<Arc<Endpoint>> {
    let tagged = events.for_endpoint(&cfg.name);
    // The endpoint's own deployment fails fast: this layer decides where a
    // request waits (the breaker must see a dead endpoint at once).
    let settings = crate::config::ClientSettings { fail_fast: true, ..cfg.settings.clone() };
    let deployment = deployment::build(&settings, tagged.clone())?;
    let probe_route = match cfg.settings.deployment {
        DeploymentConfig::Cluster { .. } => Route::Random,
        _ => Route::Primary,
    };
    let mut probe_connection = (*cfg.settings.connection).clone();
    probe_connection.tracking = None;
    probe_connection.heartbeat_interval = None;
    Ok(Arc::new(Endpoint {
        name: cfg.name.clone(),
        weight: AtomicU64::new(cfg.weight.to_bits()),
        order,
        deployment,
        probe_route,
        probe_connection: Arc::new(probe_connection),
        health: cfg.health.clone(),
        breaker: Breaker::new(all.breaker.clone()),
        healthy: AtomicBool::new(true),
        last_error: Mutex::new(None),
        eligible_since: Mutex::new(None),
        events: tagged,
        tasks: Mutex::new(Vec::new()),
    }))
}

/// Whether an error counts against an endpoint's circuit.
fn counts(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout)
}

impl Inner {
    fn find(&self, list: &[Arc<Endpoint>], field: &str, name: &str) -> Result<Arc<Endpoint>> {
        list.iter().find(|e| e.name == name).cloned().ok_or_else(|| {
            let names: Vec<&str> = list.iter().map(|e| e.name.as_str()).collect();
            Error::config(format!("{field}: no endpoint named {name:?} (endpoints: {})", names.join(", ")))
        })
    }

    /// The active endpoint for a request: no lock, no reference count. The
    /// arena never drops an endpoint before `Inner`, so the borrow is sound
    /// for as long as `self` is.
    fn active_ref(&self) -> Option<&Endpoint> {
        match self.active_slot.load(Ordering::Acquire) {
            NO_ENDPOINT => None,
            slot => self.arena.get(slot).map(|ep| &**ep),
        }
    }

    /// The active endpoint as a handle, for the control plane.
    fn active(&self) -> Option<Arc<Endpoint>> {
        match self.active_slot.load(Ordering::Acquire) {
            NO_ENDPOINT => None,
            slot => self.arena.get(slot).cloned(),
        }
    }

    /// Makes `ep` the active endpoint. Callers hold the control lock (or own
    /// `self` exclusively).
    fn set_active(&self, ep: Option<Arc<Endpoint>>) {
        let slot = ep
            .as_ref()
            .and_then(|ep| self.arena.iter().find(|(_, e)| Arc::ptr_eq(e, ep)).map(|(i, _)| i))
            .unwrap_or(NO_ENDPOINT);
        self.active_slot.store(slot, Ordering::Release);
        self.switched.send_modify(|n| *n += 1);
    }

    /// The active endpoint; while there is none, waits (parked) for one
    /// until the deadline, unless the client fails fast.
    async fn active_or_wait(&self, deadline: Instant) -> Result<&Endpoint> {
        if let Some(ep) = self.active_ref() {
            return Ok(ep);
        }
        if self.fail_fast || self.closed.load(Ordering::Acquire) {
            return Err(self.no_healthy_error());
        }
        let mut switched = self.switched.subscribe();
        let parked = self.parking.park("", "no endpoint is healthy");
        loop {
            if let Some(ep) = self.active_ref() {
                parked.resume();
                return Ok(ep);
            }
            tokio::select! {
                r = switched.changed() => if r.is_err() { break },
                _ = tokio::time::sleep_until(deadline) => break,
            }
        }
        Err(self.no_healthy_error())
    }

    fn no_healthy_error(&self) -> Error {
        let list = self.endpoints.load();
        let detail: Vec<String> = list.iter().map(|e| e.describe()).collect();
        Error::new(ErrorKind::NoHealthyEndpoint, format!("no healthy endpoint: {}", detail.join("; ")))
    }

    /// Starts health checks and the policy ticker (once).
    fn start(self: &Arc<Self>) {
        if self.closed.load(Ordering::Acquire) || self.started.swap(true, Ordering::AcqRel) {
            return;
        }
        for ep in self.endpoints.load().iter() {
            health::start(self, ep);
        }
        *self.ticker.lock() = Some(tokio::spawn(policy::tick(Arc::downgrade(self))).abort_handle());
    }

    /// One live request's outcome on `ep`.
    fn record(&self, ep: &Endpoint, failed: bool, error: Option<&str>) {
        if let Some(msg) = error.filter(|_| failed) {
            // Off the success path: only failures take this lock.
            ep.set_last_error(msg);
        }
        match ep.breaker.record(failed) {
            None => {}
            Some(Change::Closed) => {
                ep.events.emit(EventKind::CircuitClosed, "", "a request succeeded while half-open");
            }
            Some(Change::Opened(reason)) => {
                ep.events.emit(EventKind::CircuitOpened, "", &reason);
                {
                    let mut ctl = self.control.lock();
                    if ctl.forced.as_deref() == Some(ep.name.as_str()) {
                        ctl.forced = None;
                    }
                }
                self.reselect(&format!("circuit of {:?} opened: {reason}", ep.name));
            }
        }
    }
}

/// One attempt on one endpoint. Dropped unfinished means the request's
/// deadline cancelled it: that is a timeout of this endpoint.
struct Attempt<'a> {
    inner: &'a Inner,
    ep: &'a Endpoint,
    finished: bool,
}

impl Attempt<'_> {
    /// `failed`: Some(true) a connection/timeout failure, Some(false) a
    /// success (a server error reply included), None: not counted.
    fn finish(&mut self, failed: Option<bool>, error: Option<&Error>) {
        self.finished = true;
        if let Some(failed) = failed {
            let message = error.map(|e| e.to_string());
            self.inner.record(self.ep, failed, message.as_deref());
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.finished && !self.inner.closed.load(Ordering::Acquire) {
            self.inner.record(self.ep, true, Some("TimeoutError: no reply before the request deadline"));
        }
    }
}

/// What a request asks of the active endpoint.
enum Work<'a> {
    Command(&'a Cmd, &'a Route),
    Batch(&'a [Cmd], bool, &'a Route),
}

impl Work<'_> {
    fn retry_class(&self) -> RetryClass {
        match self {
            Work::Command(cmd, _) => classify(cmd).retry,
            Work::Batch(cmds, _, _) => {
                if cmds.iter().all(|c| classify(c).retry == RetryClass::Idempotent) {
                    RetryClass::Idempotent
                } else {
                    RetryClass::Unsafe
                }
            }
        }
    }

    async fn run(&self, d: &dyn Deployment, deadline: Instant) -> Result<Value> {
        match self {
            Work::Command(cmd, route) => d.execute(cmd, route, deadline).await,
            Work::Batch(cmds, atomic, route) => d.execute_batch(cmds, *atomic, route, deadline).await,
        }
    }
}

impl Deployment for MultiEndpoint {
    fn connect(&self, deadline: Instant) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.connect_all(deadline))
    }

    fn execute<'a>(&'a self, cmd: &'a Cmd, route: &'a Route, deadline: Instant) -> BoxFuture<'a, Result<Value>> {
        Box::pin(self.run(Work::Command(cmd, route), deadline))
    }

    fn execute_batch<'a>(
        &'a self,
        cmds: &'a [Cmd],
        atomic: bool,
        route: &'a Route,
        deadline: Instant,
    ) -> BoxFuture<'a, Result<Value>> {
        Box::pin(self.run(Work::Batch(cmds, atomic, route), deadline))
    }

    fn scan<'a>(
        &'a self,
        cursor: &'a ClusterScanCursor,
        options: &'a ScanOptions,
        deadline: Instant,
    ) -> BoxFuture<'a, Result<(ClusterScanCursor, Vec<Bytes>)>> {
        Box::pin(async move {
            self.ensure_started();
            let Some(ep) = self.inner.active() else { return Err(self.inner.no_healthy_error()) };
            ep.deployment.scan(cursor, options, deadline).await
        })
    }

    fn park_stats(&self) -> crate::request::ParkStats {
        self.inner.parking.stats()
    }

    /// Sessions run on the active endpoint; a switch shows as another node.
    fn session_node(&self, slot: Option<u16>, deadline: Instant) -> BoxFuture<'_, Result<(NodeConnection, bool)>> {
        Box::pin(async move {
            self.ensure_started();
            let Some(ep) = self.inner.active() else { return Err(self.inner.no_healthy_error()) };
            ep.deployment.session_node(slot, deadline).await
        })
    }

    /// Subscriptions live on the active endpoint: when it changes, the
    /// pub/sub layer sees a new node here (it re-checks on FAILOVER, FAILBACK
    /// and MANUAL_SWITCH events) and moves every subscription.
    fn pubsub_node(&self, shard_channel: Option<&[u8]>) -> Option<NodeAddress> {
        self.inner.active().and_then(|ep| ep.deployment.pubsub_node(shard_channel))
    }

    fn refresh_soon(&self) {
        if let Some(ep) = self.inner.active() {
            ep.deployment.refresh_soon();
        }
    }

    fn nodes(&self) -> Vec<NodeView> {
        self.inner.endpoints.load().iter().flat_map(|e| e.deployment.nodes()).collect()
    }

    fn close(&self) {
        self.inner.closed.store(true, Ordering::Release);
        if let Some(t) = self.inner.ticker.lock().take() {
            t.abort();
        }
        for ep in self.inner.endpoints.load().iter() {
            ep.stop();
        }
    }
}
