//! `SyncEngine`: the engine behind `haven.SyncClient`. The calling thread
//! hands its request to the engine and waits, with the GIL released, on the
//! reply slot the engine thread that ends the request fills
//! (`bridge::reply`); an idle client's request is written from the calling
//! thread itself. Loaders and writers of the cache-aside calls run on the
//! calling thread too; events, messages and health probes are read by
//! Python threads from blocking streams.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use haven_core::bridge::reply::{unanswered_response, ReplySlot};
use haven_core::failover::HealthCallback;
use haven_core::{proto, runtime, Client};

use super::EngineBase;
use crate::aside::{self, Call};
use crate::ha::{self, Probe};
use crate::{args, config, errors, events, pubsub, reply};

/// How often a blocking wait looks at Python's signals.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Ids of requests that may be cancelled (any engine of the process: each
/// id is used once).
static CANCEL_IDS: AtomicU64 = AtomicU64::new(1);

/// The next item of `rx`, waited for without the GIL and waking every
/// SIGNAL_CHECK to let Python run signal handlers (Ctrl-C interrupts the
/// wait; what arrives later is dropped). A channel the engine closed
/// unanswered ends the `what` ("request", "call") with ConnectionError.
fn recv_with_signals<T: Send>(py: Python<'_>, rx: &mut Receiver<T>, what: &str) -> PyResult<T> {
    loop {
        // A `move` of the `&mut`: the closure must own something Send, and
        // `&Receiver` is not (the receiver is Send, not Sync).
        let rx = &mut *rx;
        match py.detach(move || rx.recv_timeout(SIGNAL_CHECK)) {
            Ok(item) => return Ok(item),
            Err(RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(RecvTimeoutError::Disconnected) => {
                return Err(errors::from_kind(
                    py,
                    proto::ErrorKind::ConnectionError as i32,
                    &format!("the engine ended the {what} without an answer"),
                ))
            }
        }
    }
}

/// Hands a request to the engine and waits for its response bytes without
/// the GIL, on a `ReplySlot` the engine thread that ends the request fills
/// directly. An idle client's request is written from this thread, which
/// then polls a moment for the reply before it sleeps (`ReplySlot::spin`).
/// The wait wakes every SIGNAL_CHECK to let Python run signal handlers, so
/// Ctrl-C interrupts a long blocking command (its reply is then dropped).
/// `cancel`: the request's id, for a request the engine can cancel (a
/// blocking command, or one in a session): an interrupted wait cancels it,
/// so a BLPOP interrupted by Ctrl-C is unblocked on the server and takes
/// nothing.
fn submit_request(py: Python<'_>, client: &Client, request: Vec<u8>, cancel: Option<u64>) -> PyResult<Vec<u8>> {
    let (slot, first) = py.detach(|| {
        let slot = ReplySlot::submitted(unanswered_response as fn() -> Vec<u8>, |filler| {
            let alone = client.is_idle();
            client.submit_on(&request, move |bytes| filler.fill(bytes), alone);
            alone
        });
        let first = slot.wait_for(SIGNAL_CHECK);
        (slot, first)
    });
    let result = match first {
        Some(bytes) => Ok(bytes),
        None => loop {
            if let Err(e) = py.check_signals() {
                break Err(e);
            }
            if let Some(bytes) = py.detach(|| slot.wait_for(SIGNAL_CHECK)) {
                break Ok(bytes);
            }
        },
    };
    if let (Err(_), Some(id)) = (&result, cancel) {
        client.cancel(id);
    }
    result
}

/// Gives a cancellable request (a blocking command, or one in a session)
/// an id of its own; None for others (they end by their deadline).
fn cancel_id(request: &mut Vec<u8>, cancellable: bool) -> Option<u64> {
    if !cancellable {
        return None;
    }
    let id = CANCEL_IDS.fetch_add(1, Ordering::Relaxed);
    args::mark_id(request, id);
    Some(id)
}

/// Runs an engine future and waits for it without the GIL, looking at
/// Python's signals every SIGNAL_CHECK.
fn wait_engine<T: Send + 'static>(
    py: Python<'_>,
    work: impl Future<Output = haven_core::Result<T>> + Send + 'static,
) -> PyResult<T> {
    let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
    let (tx, mut rx) = std::sync::mpsc::sync_channel::<haven_core::Result<T>>(1);
    handle.spawn(async move {
        let _ = tx.send(work.await);
    });
    recv_with_signals(py, &mut rx, "call")?.map_err(|e| errors::engine_error(py, &e))
}

/// Runs `work` (made with the `deliver` of this thread) and waits for it
/// without the GIL; Python loader/writer calls it asks for run here, on the
/// calling thread, through `runner(func, kind, reply)`. A call arriving
/// after the wait ended (a background refresh) finds the channel closed and
/// ends with an error.
fn wait_with_calls<T: Send + 'static, W>(
    py: Python<'_>,
    runner: &Bound<'_, PyAny>,
    work: impl FnOnce(Box<dyn FnOnce(Call) + Send + 'static>) -> W,
) -> PyResult<T>
where
    W: Future<Output = haven_core::Result<T>> + Send + 'static,
{
    enum Msg<T> {
        Call(Call),
        Done(haven_core::Result<T>),
    }
    let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
    let (tx, mut rx) = std::sync::mpsc::channel::<Msg<T>>();
    let call_tx = tx.clone();
    let deliver: Box<dyn FnOnce(Call) + Send + 'static> = Box::new(move |call| {
        let _ = call_tx.send(Msg::Call(call));
    });
    let fut = work(deliver);
    handle.spawn(async move {
        let _ = tx.send(Msg::Done(fut.await));
    });
    loop {
        match recv_with_signals(py, &mut rx, "call")? {
            Msg::Done(result) => return result.map_err(|e| errors::engine_error(py, &e)),
            Msg::Call(call) => {
                if let Err(e) = runner.call1(call.into_tuple()) {
                    e.write_unraisable(py, Some(runner));
                }
            }
        }
    }
}

/// The native client behind `haven.SyncClient`.
#[pyclass(module = "haven._haven", extends = EngineBase, frozen)]
pub struct SyncEngine {
    /// Where custom health probes go (see `probe_stream`).
    probe_tx: Mutex<Option<SyncSender<Probe>>>,
}

impl SyncEngine {
    /// Python health checks answered by the probe stream's thread (none
    /// yet: every probe fails, as if unanswered).
    fn health_callback(&self) -> HealthCallback {
        match self.probe_tx.lock().clone() {
            Some(tx) => ha::callback(ha::channel_deliver(tx)),
            None => ha::callback(|_probe| {}),
        }
    }

    /// `submit_request`, the reply decoded and shaped by `callback`
    /// (redis-py style).
    fn answer<'py>(
        py: Python<'py>,
        base: &EngineBase,
        request: Vec<u8>,
        cancel: Option<u64>,
        callback: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = submit_request(py, base.live(py)?, request, cancel)?;
        let value = reply::decode(py, bytes, base.decode)?;
        match callback {
            Some(cb) => cb.call1((value,)),
            None => Ok(value),
        }
    }
}

#[pymethods]
impl SyncEngine {
    #[new]
    fn new(decode_responses: bool) -> PyClassInitializer<Self> {
        PyClassInitializer::from(EngineBase::new(decode_responses))
            .add_subclass(SyncEngine { probe_tx: Mutex::new(None) })
    }

    /// Connects, without the GIL. With `health_checks`, call
    /// `probe_stream` first.
    #[pyo3(signature = (config, health_checks=Vec::new(), credential_provider=None, credential_refresh_ms=None))]
    fn connect(
        slf: &Bound<'_, Self>,
        config: &Bound<'_, PyAny>,
        health_checks: Vec<String>,
        credential_provider: Option<Py<PyAny>>,
        credential_refresh_ms: Option<u64>,
    ) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let credentials = (credential_provider, credential_refresh_ms);
        base.connect_now(py, config, health_checks, credentials, this.health_callback())
            .map(drop)
    }

    /// Sends one command and waits for its (shaped) reply. `cache`: read
    /// it through the client-side cache. `session`: run it on that
    /// session's connection (`open_session`).
    #[pyo3(signature = (args, callback=None, timeout_ms=None, cache=false, session=None, resend_safe=false, route=None))]
    #[allow(clippy::too_many_arguments)]
    fn execute<'py>(
        slf: &Bound<'py, Self>,
        args: &Bound<'py, PyAny>,
        callback: Option<Bound<'py, PyAny>>,
        timeout_ms: Option<i64>,
        cache: bool,
        session: Option<u64>,
        resend_safe: bool,
        route: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (base, py) = (slf.as_super().get(), slf.py());
        let timeout_ms = args::check_timeout(timeout_ms)?;
        if let Some(reply) = base.local_hit(py, args, cache, callback.as_ref())? {
            return reply;
        }
        let mut request = args::encode_execute(py, args, timeout_ms, cache, session, resend_safe, route)?;
        let cancel = cancel_id(&mut request, session.is_some() || args::is_blocking(args));
        Self::answer(py, base, request, cancel, callback)
    }

    /// Sends a batch (`atomic`: MULTI/EXEC) and waits for its reply list.
    /// `session`: on that session's connection.
    #[pyo3(signature = (commands, atomic, timeout_ms=None, session=None))]
    fn batch<'py>(
        slf: &Bound<'py, Self>,
        commands: &Bound<'py, PyAny>,
        atomic: bool,
        timeout_ms: Option<i64>,
        session: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (base, py) = (slf.as_super().get(), slf.py());
        let mut request = args::encode_session_batch(commands, atomic, timeout_ms, session)?;
        let cancel = cancel_id(&mut request, session.is_some());
        Self::answer(py, base, request, cancel, None)
    }

    /// A read through the client-side cache: (reply, ms past validity if
    /// served stale during an outage, else None).
    #[pyo3(signature = (args, timeout_ms=None))]
    fn execute_marked<'py>(
        slf: &Bound<'py, Self>,
        args: &Bound<'py, PyAny>,
        timeout_ms: Option<i64>,
    ) -> PyResult<(Bound<'py, PyAny>, Option<i64>)> {
        let (base, py) = (slf.as_super().get(), slf.py());
        let mut request = args::encode_command(0, args, args::check_timeout(timeout_ms)?)?;
        args::mark_cached(&mut request);
        let bytes = submit_request(py, base.live(py)?, request, None)?;
        reply::decode_marked(py, bytes, base.decode)
    }

    /// Closes the engine client (see `EngineBase.close`) and ends the
    /// probe stream.
    fn close(slf: &Bound<'_, Self>) {
        if slf.as_super().get().shut() {
            slf.get().probe_tx.lock().take();
        }
    }

    /// A stream of events for a Python thread to read.
    fn event_stream(slf: &Bound<'_, Self>) -> PyResult<events::EventStream> {
        let (tx, rx) = events::channel();
        slf.as_super().get().start_events(slf.py(), events::channel_sink(tx))?;
        Ok(events::EventStream::new(rx))
    }

    /// A stream of messages for `SyncClient.get_message`.
    fn message_stream(slf: &Bound<'_, Self>) -> PyResult<pubsub::MessageStream> {
        let base = slf.as_super().get();
        if base.listener.lock().is_some() {
            return Err(PyRuntimeError::new_err("this engine already has a message stream"));
        }
        let (tx, rx) = pubsub::channel();
        let dropped = Arc::new(AtomicU64::new(0));
        base.start_listener(slf.py(), pubsub::channel_sink(tx, dropped.clone()))?;
        Ok(pubsub::MessageStream::new(rx, dropped))
    }

    /// A pub/sub action ("subscribe", "punsubscribe", ...) on `names`,
    /// waited for until every node confirmed it.
    fn pubsub(slf: &Bound<'_, Self>, action: &str, names: Vec<Vec<u8>>) -> PyResult<()> {
        let (base, py) = (slf.as_super().get(), slf.py());
        let action = pubsub::Action::parse(action)?;
        let client = base.live(py)?.clone();
        wait_engine(py, action.run(client, names))
    }

    /// `get_or_load`: the loader runs on the calling thread through
    /// `runner(func, kind, reply)`.
    #[pyo3(signature = (key, loader, runner, ttl_ms, jitter, lease_ms=None, early_refresh=None))]
    #[allow(clippy::too_many_arguments)]
    fn get_or_load<'py>(
        slf: &Bound<'py, Self>,
        key: &Bound<'py, PyAny>,
        loader: Bound<'py, PyAny>,
        runner: Bound<'py, PyAny>,
        ttl_ms: i64,
        jitter: f64,
        lease_ms: Option<i64>,
        early_refresh: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (base, py) = (slf.as_super().get(), slf.py());
        let key = aside::bytes_arg("key", key)?;
        let options = aside::load_options(py, ttl_ms, jitter, lease_ms, early_refresh)?;
        let client = base.live(py)?.clone();
        let loader = loader.unbind();
        let value = wait_with_calls(py, &runner, move |deliver| {
            let load = aside::bridge(loader, true, deliver);
            async move { client.get_or_load(key, options, load).await }
        })?;
        Ok(aside::value_to_py(py, &value, base.decode))
    }

    /// `write_through` (the writer runs on the calling thread).
    #[allow(clippy::too_many_arguments)]
    fn write_through(
        slf: &Bound<'_, Self>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
        writer: Bound<'_, PyAny>,
        runner: Bound<'_, PyAny>,
        ttl_ms: i64,
        mode: &str,
    ) -> PyResult<()> {
        let (base, py) = (slf.as_super().get(), slf.py());
        let key = aside::bytes_arg("key", key)?;
        let value = aside::bytes_arg("value", value)?;
        let ttl = aside::load_options(py, ttl_ms, 0.0, None, None)?.ttl;
        let mode = aside::write_mode(py, mode)?;
        let client = base.live(py)?.clone();
        let writer = writer.unbind();
        wait_with_calls(py, &runner, move |deliver| {
            let write = aside::bridge(writer, false, deliver);
            async move {
                client
                    .write_through(key, value, ttl, mode, move || async move { write().await.map(|_| ()) })
                    .await
            }
        })
    }

    /// The probes for SyncClient's health thread. Call it before connecting
    /// with health checks.
    fn probe_stream(&self) -> PyResult<ha::ProbeStream> {
        let mut slot = self.probe_tx.lock();
        if slot.is_some() {
            return Err(PyRuntimeError::new_err("this engine already has a probe stream"));
        }
        let (tx, rx) = ha::channel();
        *slot = Some(tx);
        Ok(ha::ProbeStream::new(rx))
    }

    /// Lets Python answer the custom health checks of endpoint `name`.
    fn set_health_check(slf: &Bound<'_, Self>, name: &str) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        base.set_health_check_with(py, name, this.health_callback())
    }

    /// Adds an endpoint (a `haven.Endpoint` dict).
    fn add_endpoint(slf: &Bound<'_, Self>, endpoint: &Bound<'_, PyAny>) -> PyResult<()> {
        let (base, py) = (slf.as_super().get(), slf.py());
        let endpoint = config::endpoint(endpoint)?;
        let client = base.live(py)?.clone();
        wait_engine(py, async move { client.add_endpoint(endpoint).await })
    }
}
