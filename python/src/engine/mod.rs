//! The engine client as haven's Python clients see it: one class per mode
//! over one base, so a method of one mode cannot run on the other's engine
//! and no path has to ask which mode it is in.
//!
//! - `EngineBase` (here): the connected engine client and everything both
//!   modes do with it alike (sessions, stats, endpoints, nodes, close), the
//!   client-side cache's local hit, the fork hooks.
//! - `asynchronous::AsyncEngine` (behind `haven.Client`): bound to an
//!   asyncio loop; requests resolve loop futures from the completion queue.
//! - `blocking::SyncEngine` (behind `haven.SyncClient`): the calling thread
//!   waits, without the GIL, for its own reply.

mod asynchronous;
mod blocking;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use parking_lot::Mutex;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tokio::sync::watch;

use haven_core::engine::convert::value_to_proto;
use haven_core::engine::MessageListener;
use haven_core::failover::HealthCallback;
use haven_core::{proto, runtime, Client, NodeRole};

use crate::{args, config, errors, reply};

pub use asynchronous::AsyncEngine;
pub use blocking::SyncEngine;

/// Used through an engine made before `os.fork()` in the child (haven's
/// Python clients rebuild theirs; only a raw engine can get here).
const FORKED_MESSAGE: &str =
    "this engine was made before os.fork() in the parent process: its \
     connections belong to the parent; haven's clients reconnect on their own \
     in the child";

/// The interpreter's at-fork hooks (`os.register_at_fork`, see
/// haven/__init__.py): the engine quiesces before the fork and the child
/// gets a runtime of its own (haven_core::runtime). No lock is held by
/// Python code across the fork: these only call the engine's hooks.
#[pyfunction]
pub fn before_fork(py: Python<'_>) {
    // Without the GIL: pausing the engine's workers never needs it, but a
    // worker finishing its poll might wait on a Python-facing lock.
    py.detach(runtime::prepare_fork);
}

/// See `before_fork`.
#[pyfunction]
pub fn after_fork_in_parent() {
    runtime::after_fork_in_parent();
}

/// See `before_fork`.
#[pyfunction]
pub fn after_fork_in_child() {
    runtime::after_fork_in_child();
}

/// How many forks separate this process from the first that used haven
/// (what Python clients compare to know they must rebuild their engine).
#[pyfunction]
pub fn fork_generation() -> u64 {
    runtime::fork_generation()
}

/// The fork generation an engine was made in (runtime::fork_generation):
/// in a forked child an older one belongs to the parent's runtime.
#[derive(Clone, Copy)]
struct Generation(u64);

impl Generation {
    fn now() -> Self {
        Generation(runtime::fork_generation())
    }

    /// Whether this was made in a parent process before os.fork().
    fn stale(self) -> bool {
        self.0 != runtime::fork_generation()
    }
}

/// A node as `haven.NodeInfo._from_native` expects it: (address, role,
/// availability zone, connected, connects, reconnect attempts).
type NodeTuple = (String, &'static str, Option<String>, bool, u64, u64);

/// An endpoint's health as Python sees it: (name, healthy, last error).
type HealthTuple = (String, bool, Option<String>);

/// What both engines share: the engine client, once connected, and how it
/// is closed. Not made from Python: `AsyncEngine` and `SyncEngine` extend it.
#[pyclass(module = "haven._haven", subclass, frozen)]
pub struct EngineBase {
    client: OnceLock<Client>,
    decode: bool,
    closed: AtomicBool,
    /// Tells the submitter and event tasks to stop when the client closes
    /// (or when the engine is dropped: the receivers then see it gone).
    stop: watch::Sender<bool>,
    /// The pub/sub listener feeding Python (started on first use).
    listener: Mutex<Option<MessageListener>>,
    generation: Generation,
}

impl EngineBase {
    fn new(decode_responses: bool) -> Self {
        let (stop, _) = watch::channel(false);
        EngineBase {
            client: OnceLock::new(),
            decode: decode_responses,
            closed: AtomicBool::new(false),
            stop,
            listener: Mutex::new(None),
            generation: Generation::now(),
        }
    }

    fn stale(&self) -> bool {
        self.generation.stale()
    }

    /// The connected, open engine client.
    fn live(&self, py: Python<'_>) -> PyResult<&Client> {
        if self.stale() {
            return Err(errors::closing(py, FORKED_MESSAGE));
        }
        if self.closed.load(Ordering::Acquire) {
            return Err(errors::closing(py, "the client is closed"));
        }
        self.client
            .get()
            .ok_or_else(|| errors::closing(py, "the client is not connected"))
    }

    /// Takes `client` as this engine's (closing it when one is already set).
    fn adopt_client(&self, client: Client) -> PyResult<()> {
        self.client.set(client).map_err(|extra| {
            extra.close();
            PyRuntimeError::new_err("this engine is already connected")
        })
    }

    /// The connect configuration from Python's dict, for an engine not
    /// connected yet.
    fn config_to_connect(&self, config: &Bound<'_, PyAny>) -> PyResult<proto::ClientConfig> {
        let cfg = config::client_config(config)?;
        if self.client.get().is_some() {
            return Err(PyRuntimeError::new_err("this engine is already connected"));
        }
        Ok(cfg)
    }

    /// Connects without the GIL (`connect_checked`) and takes the client.
    fn connect_now(
        &self,
        py: Python<'_>,
        config: &Bound<'_, PyAny>,
        health_checks: Vec<String>,
        credentials: (Option<Py<PyAny>>, Option<u64>),
        check: HealthCallback,
    ) -> PyResult<Client> {
        let cfg = self.config_to_connect(config)?;
        let client = py
            .detach(move || runtime::block_on(connect_checked(cfg, credentials, health_checks, check)))
            .map_err(|e| errors::engine_error(py, &e))?;
        self.adopt_client(client.clone())?;
        Ok(client)
    }

    /// A fresh client-side cache entry for `args`, answered in this thread
    /// (a hit needs no trip through the engine): Some(the shaped reply, or
    /// the callback's error); None when the request must be sent (no cache,
    /// not connected or closed, nothing fresh). Bad arguments raise here as
    /// they would when encoding the request.
    fn local_hit<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyAny>,
        asked: bool,
        callback: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Option<PyResult<Bound<'py, PyAny>>>> {
        let Some(client) = self.client.get() else { return Ok(None) };
        if !client.has_cache() || self.closed.load(Ordering::Acquire) || self.stale() {
            return Ok(None);
        }
        let cmd = args::command(args)?;
        let Some(value) = client.cached_locally(&cmd, asked) else { return Ok(None) };
        let shaped = reply::value(py, value_to_proto(value), self.decode)
            .and_then(|v| match callback {
                Some(cb) => cb.call1((v,)),
                None => Ok(v),
            });
        Ok(Some(shaped))
    }

    /// Starts the pub/sub listener once, feeding `sink`.
    fn start_listener(
        &self,
        py: Python<'_>,
        sink: impl Fn(haven_core::PubSubMessage) + Send + Sync + 'static,
    ) -> PyResult<()> {
        let client = self.live(py)?;
        let mut listener = self.listener.lock();
        if listener.is_none() {
            *listener = Some(
                client
                    .on_message(sink)
                    .map_err(|e| errors::engine_error(py, &e))?,
            );
        }
        Ok(())
    }

    /// Forwards the client's events to `sink` until the client closes.
    fn start_events(
        &self,
        py: Python<'_>,
        sink: impl Fn(proto::Event) -> bool + Send + 'static,
    ) -> PyResult<()> {
        let client = self.live(py)?;
        let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
        let receiver = client.events();
        let stop = self.stop.subscribe();
        handle.spawn(haven_core::events::forward(receiver, stop, sink));
        Ok(())
    }

    /// Lets `check` answer the custom health checks of endpoint `name`.
    fn set_health_check_with(&self, py: Python<'_>, name: &str, check: HealthCallback) -> PyResult<()> {
        self.live(py)?
            .set_health_check(name, check)
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Closes the engine client (see `close`); whether this call closed a
    /// live one (not already closed, not a parent's engine in a forked child).
    fn shut(&self) -> bool {
        if self.stale() {
            // The engine's threads (and any lock they held) are gone here.
            self.closed.store(true, Ordering::Release);
            return false;
        }
        if self.closed.swap(true, Ordering::AcqRel) {
            return false;
        }
        if let Some(c) = self.client.get() {
            c.close();
        }
        if let Some(l) = self.listener.lock().take() {
            l.stop();
        }
        self.stop.send_replace(true);
        true
    }
}

#[pymethods]
impl EngineBase {
    /// Opens a session (a dedicated connection of its own, leased at its
    /// first command) and returns its id, for `session=` of execute/batch.
    fn open_session(&self, py: Python<'_>) -> PyResult<u64> {
        self.live(py)?
            .open_session()
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Releases a session (its WATCH / MULTI undone, its connection back to
    /// the pool); False when it was not open (or the client is gone).
    fn close_session(&self, id: u64) -> bool {
        match self.client.get() {
            Some(client) if !self.stale() => client.close_session(id),
            _ => false,
        }
    }

    /// Closes the engine client: requests in flight end with ClosingError,
    /// later ones fail at once; event forwarding stops.
    fn close(&self) {
        self.shut();
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Requests in flight inside the engine.
    fn in_flight(&self) -> usize {
        self.client.get().map_or(0, |c| c.in_flight())
    }

    /// The client's metrics snapshot as JSON text (haven_core's
    /// `Stats::to_json`); the Python side makes it a dict.
    fn stats_json(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.live(py)?.stats().to_json())
    }

    /// Requests that waited, parked, for a reachable primary: a dict of
    /// parked_now, parked_total, resumed and longest_wait_ms.
    fn park_stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = self.live(py)?.park_stats();
        counters(py, &[
            ("parked_now", s.parked_now),
            ("parked_total", s.parked_total),
            ("resumed", s.resumed),
            ("longest_wait_ms", s.longest_wait_ms),
        ])
    }

    /// Asks the credential provider now, without the GIL (the provider
    /// takes it on its own thread); whether the credentials changed. (The
    /// async client runs it in an executor.)
    fn refresh_credentials_blocking(&self, py: Python<'_>) -> PyResult<bool> {
        let client = self.live(py)?.clone();
        py.detach(move || runtime::block_on(async move { client.refresh_credentials().await }))
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Reads that shared another caller's reply (`coalesce_reads`; 0 off).
    fn coalesced_reads(&self) -> u64 {
        self.client.get().and_then(|c| c.coalesced_reads()).unwrap_or(0)
    }

    /// Messages lost client-wide because readers fell behind.
    fn pubsub_dropped(&self) -> u64 {
        self.client.get().map_or(0, |c| c.pubsub_dropped())
    }

    /// The client-side cache's counters; None without a cache.
    fn cache_stats<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let client = self.live(py)?;
        let Some(s) = client.cache_stats() else {
            return Ok(None);
        };
        counters(py, &[
            ("hits", s.hits),
            ("misses", s.misses),
            ("stale_served", s.stale_served),
            ("invalidations", s.invalidations),
            ("evictions", s.evictions),
            ("coalesced", s.coalesced),
            ("flushes", s.flushes),
            ("entries", s.entries),
            ("bytes", s.bytes),
        ])
        .map(Some)
    }

    /// `get_or_load`'s counters.
    fn load_stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = self.live(py)?.load_stats();
        counters(py, &[
            ("hits", s.hits),
            ("loader_calls", s.loader_calls),
            ("coalesced", s.coalesced),
            ("lease_waits", s.lease_waits),
            ("loader_errors", s.loader_errors),
            ("cache_unavailable", s.cache_unavailable),
            ("early_refreshes", s.early_refreshes),
            ("pending_invalidations", s.pending_invalidations),
        ])
    }

    /// Moves traffic to endpoint `name` (`force`: even if unhealthy).
    fn failover_to(&self, py: Python<'_>, name: &str, force: bool) -> PyResult<()> {
        let client = self.live(py)?;
        py.detach(|| client.failover_to(name, force))
            .map_err(|e| errors::engine_error(py, &e))
    }

    fn remove_endpoint(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        let client = self.live(py)?;
        py.detach(|| client.remove_endpoint(name))
            .map_err(|e| errors::engine_error(py, &e))
    }

    fn set_weight(&self, py: Python<'_>, name: &str, weight: f64) -> PyResult<()> {
        self.live(py)?
            .set_weight(name, weight)
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// The active endpoint's name ("" while none is healthy).
    fn active_endpoint(&self, py: Python<'_>) -> PyResult<String> {
        self.live(py)?
            .active_endpoint()
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Every endpoint: (name, may take traffic, last error).
    fn endpoint_health(&self, py: Python<'_>) -> PyResult<Vec<HealthTuple>> {
        self.live(py)?
            .endpoint_health()
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// The deployment's nodes: (address, role, availability zone, connected,
    /// connects, reconnect attempts).
    fn nodes(&self, py: Python<'_>) -> PyResult<Vec<NodeTuple>> {
        let client = self
            .client
            .get()
            .ok_or_else(|| errors::closing(py, "the client is not connected"))?;
        Ok(client
            .nodes()
            .into_iter()
            .map(|n| {
                let role = match n.role {
                    NodeRole::Primary => "primary",
                    NodeRole::Replica => "replica",
                    NodeRole::Unknown => "unknown",
                };
                (
                    n.address,
                    role,
                    n.availability_zone,
                    n.stats.connected,
                    n.stats.connects,
                    n.stats.reconnect_attempts,
                )
            })
            .collect())
    }
}

impl Drop for EngineBase {
    fn drop(&mut self) {
        if self.stale() {
            // In a forked child the parent's engine state may hold locks of
            // threads that do not exist here, and its wakers point at the
            // parent's runtime (whose descriptors the parent still uses):
            // dropping or closing any of it could hang or disturb the
            // parent, so all of it is leaked.
            if let Some(client) = self.client.take() {
                std::mem::forget(client);
            }
            let (fresh, _) = watch::channel(false);
            std::mem::forget(std::mem::replace(&mut self.stop, fresh));
            std::mem::forget(self.listener.get_mut().take());
        }
    }
}

/// A dict of named counters.
fn counters<'py>(py: Python<'py>, items: &[(&str, u64)]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in items {
        d.set_item(*k, *v)?;
    }
    Ok(d)
}

/// Connects, with the Python credential provider when there is one, and
/// lets `check` answer the custom health checks of `health_checks` before
/// the client is handed over (closed again when one cannot be set).
async fn connect_checked(
    config: proto::ClientConfig,
    (provider, refresh_ms): (Option<Py<PyAny>>, Option<u64>),
    health_checks: Vec<String>,
    check: HealthCallback,
) -> haven_core::Result<Client> {
    let client = match provider {
        None => Client::connect(config).await?,
        Some(func) => {
            let refresh = refresh_ms.filter(|&ms| ms > 0).map(std::time::Duration::from_millis);
            Client::connect_with_credentials(config, crate::credentials::provider(func), refresh).await?
        }
    };
    for name in &health_checks {
        if let Err(e) = client.set_health_check(name, check.clone()) {
            client.close();
            return Err(e);
        }
    }
    Ok(client)
}
