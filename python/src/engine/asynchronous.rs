//! `AsyncEngine`: the engine behind `haven.Client`, bound to one asyncio
//! loop. Every request gets a loop future kept in a Rust-side slab under its
//! request id; requests reach the engine through the outbox (or start on the
//! loop's thread when there is nothing to batch with); the engine's
//! completion pushes the response bytes onto the `completion::Notifier`
//! queue, and `drain` (the loop's reader callback, run with the GIL) decodes
//! the whole batch and resolves the futures. A completion says how its
//! future resolves (`Outcome`), so any waiting future takes any completion.

use std::future::Future;
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use pyo3::exceptions::PyRuntimeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyList, PyTuple};

use haven_core::bridge::lone::LoneRequest;
use haven_core::bridge::outbox::{Offered, Outbox};
use haven_core::engine::convert::encode_response;
use haven_core::failover::HealthCallback;
use haven_core::{runtime, Client};

use super::{connect_checked, EngineBase, Generation};
use crate::aside::{self, Call};
use crate::completion::{self, Completion, Notifier, Pending, Queued};
use crate::ha::{self, Probe};
use crate::{args, config, errors, events, pubsub, reply};

/// A future waiting on the loop. What it resolves to is the outcome's
/// business (`Outcome`): every future can take every outcome.
struct Waiter {
    future: Py<PyAny>,
    /// Shapes a command's reply (redis-py style); None for everything else.
    callback: Option<Py<PyAny>>,
}

/// What a waiter is resolved with.
enum Outcome {
    /// A command's or batch's Response.
    Reply(Vec<u8>),
    /// A cached read's Response: (value, stale ms or None).
    Marked(Vec<u8>),
    Connected(Result<Client, haven_core::Error>),
    Unit(Result<(), haven_core::Error>),
    Loaded(Result<bytes::Bytes, haven_core::Error>),
}

/// The loop's side of the engine: its queues, futures and sinks.
struct LoopSide {
    notifier: Arc<Notifier>,
    /// Requests on their way to the engine (see `completion::submit`).
    outbox: Arc<Outbox<Queued>>,
    pending: Mutex<Pending<Waiter>>,
    /// `loop.create_future`, looked up once.
    create_future: Py<PyAny>,
    /// Receives lists of event tuples on the loop.
    event_sink: Mutex<Option<Py<PyAny>>>,
    /// Receives lists of pub/sub message tuples on the loop.
    message_sink: Mutex<Option<Py<PyAny>>>,
    /// Receives lists of (endpoint name, HealthReply) probes on the loop.
    probe_sink: Mutex<Option<Py<PyAny>>>,
    /// Receives lists of (callable, kind, CallReply) loader/writer calls.
    call_sink: Mutex<Option<Py<PyAny>>>,
    /// Futures of `wait_closed` callers, resolved once nothing is pending.
    close_waiters: Mutex<Vec<Py<PyAny>>>,
    /// The drained batch's buffer, kept to reuse its capacity.
    spare: Mutex<Vec<Completion>>,
}

/// The native client behind `haven.Client` (one per event loop it is used
/// from; see `adopt`).
#[pyclass(module = "haven._haven", extends = EngineBase, frozen)]
pub struct AsyncEngine {
    /// Leaked, not dropped, in a forked child (see `Drop`).
    side: ManuallyDrop<LoopSide>,
    events_started: AtomicBool,
    /// The base's too: this class's Drop cannot reach its base.
    generation: Generation,
}

fn set_future(py: Python<'_>, future: &Bound<'_, PyAny>, outcome: PyResult<Bound<'_, PyAny>>) {
    let set = match outcome {
        Ok(value) => future.call_method1(intern!(py, "set_result"), (value,)),
        Err(err) => future.call_method1(intern!(py, "set_exception"), (err.into_value(py),)),
    };
    if let Err(e) = set {
        // A cancelled future refuses a result: that is the one expected case.
        let done = future
            .call_method0(intern!(py, "done"))
            .and_then(|d| d.is_truthy())
            .unwrap_or(false);
        if !done {
            e.write_unraisable(py, Some(future));
        }
    }
}

/// When the loop future of cancellable request `id` is cancelled
/// (task.cancel(), asyncio.wait_for's timeout), the engine cancels the
/// request: a blocking command is unblocked on the server, so nothing it
/// would have taken is lost. The cancellation goes through the outbox after
/// the request itself, so the engine always knows the id.
fn cancel_on_cancelled(
    py: Python<'_>,
    outbox: &Arc<Outbox<Queued>>,
    future: &Bound<'_, PyAny>,
    id: u64,
) -> PyResult<()> {
    let outbox = outbox.clone();
    let callback = PyCFunction::new_closure(
        py,
        None,
        None,
        move |args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>| -> PyResult<()> {
            let future = args.get_item(0)?;
            if future.call_method0(intern!(args.py(), "cancelled"))?.is_truthy()? {
                // A finished outbox means a closed client: nothing runs.
                let _ = outbox.push((id, Vec::new(), false));
            }
            Ok(())
        },
    )?;
    future.call_method1(intern!(py, "add_done_callback"), (callback,))?;
    Ok(())
}

/// Hands a drained batch to a loop-side sink as one list (nothing when the
/// batch is empty; dropped when there is no sink). A sink that raises is
/// reported as unraisable: the rest of the batch still goes out.
fn to_sink<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    sink: &Mutex<Option<Py<PyAny>>>,
    batch: impl ExactSizeIterator<Item = T>,
) -> PyResult<()> {
    if batch.len() == 0 {
        return Ok(());
    }
    let Some(sink) = sink.lock().as_ref().map(|s| s.clone_ref(py)) else {
        return Ok(());
    };
    let list = PyList::new(py, batch)?;
    if let Err(e) = sink.bind(py).call1((list,)) {
        e.write_unraisable(py, Some(sink.bind(py)));
    }
    Ok(())
}

impl AsyncEngine {
    /// A new loop future, registered under a fresh id.
    fn waiting<'py>(&self, py: Python<'py>, callback: Option<Py<PyAny>>) -> PyResult<(u64, Bound<'py, PyAny>)> {
        let future = self.side.create_future.bind(py).call0()?;
        let id = self.side.pending.lock().insert(Waiter { future: future.clone().unbind(), callback });
        Ok((id, future))
    }

    /// A loop future that already has its outcome.
    fn settled<'py>(&self, py: Python<'py>, outcome: PyResult<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let future = self.side.create_future.bind(py).call0()?;
        set_future(py, &future, outcome);
        Ok(future)
    }

    /// Registers a future (`callback` shapes its reply; `marked`: it gets
    /// (value, stale ms or None)) and queues the request (whose id is
    /// appended here; protobuf fields may come in any order) for the
    /// submitter task.
    fn submit<'py>(
        &self,
        py: Python<'py>,
        base: &EngineBase,
        mut request: Vec<u8>,
        cancellable: bool,
        callback: Option<Py<PyAny>>,
        marked: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Err(e) = base.live(py) {
            return self.settled(py, Err(e));
        }
        let side = &self.side;
        let (id, future) = self.waiting(py, callback)?;
        args::mark_id(&mut request, id);
        if cancellable {
            cancel_on_cancelled(py, &side.outbox, &future, id)?;
        }
        let idle = || base.client.get().is_some_and(Client::is_idle);
        match side.outbox.offer((id, request, marked), idle) {
            Offered::Queued => {}
            // Nothing to batch with: started on the loop's thread, which
            // then polls for the reply a moment (it would only sleep until
            // an engine thread woke it with the reply).
            Offered::StartHere(queued) => {
                if let Some(client) = base.client.get() {
                    completion::submit(client, &side.notifier, queued, true);
                    let lone = LoneRequest::take();
                    if lone.is_some() {
                        let notifier = &side.notifier;
                        py.detach(|| notifier.poll_lone(lone));
                    }
                }
            }
            // The drain has finished (the client closed): the engine itself
            // answers ClosingError.
            Offered::Finished(late) => match base.client.get() {
                Some(client) => completion::submit(client, &side.notifier, late, false),
                None => side.notifier.push(Completion::Response {
                    id,
                    bytes: encode_response(id, Err(haven_core::Error::closing())),
                    marked,
                }),
            },
        }
        Ok(future)
    }

    fn resolve(&self, py: Python<'_>, base: &EngineBase, waiter: Waiter, outcome: Outcome) {
        let Waiter { future, callback } = waiter;
        let value = match outcome {
            Outcome::Reply(bytes) => {
                let value = reply::decode(py, bytes, base.decode);
                match (value, callback) {
                    (Ok(v), Some(cb)) => cb.bind(py).call1((v,)),
                    (other, _) => other,
                }
            }
            Outcome::Marked(bytes) => reply::decode_marked(py, bytes, base.decode).and_then(|(v, stale)| {
                Ok(PyTuple::new(py, [v, stale.into_pyobject(py)?.into_any()])?.into_any())
            }),
            Outcome::Connected(result) => match result {
                Ok(client) => {
                    if base.closed.load(Ordering::Acquire) {
                        client.close();
                        Err(errors::closing(py, "the client was closed while connecting"))
                    } else {
                        base.adopt_client(client.clone())
                            .and_then(|()| self.start_submitter(py, base, client))
                            .map(|()| py.None().into_bound(py))
                    }
                }
                Err(e) => Err(errors::engine_error(py, &e)),
            },
            Outcome::Unit(result) => match result {
                Ok(()) => Ok(py.None().into_bound(py)),
                Err(e) => Err(errors::engine_error(py, &e)),
            },
            Outcome::Loaded(result) => match result {
                Ok(v) => Ok(aside::value_to_py(py, &v, base.decode)),
                Err(e) => Err(errors::engine_error(py, &e)),
            },
        };
        set_future(py, future.bind(py), value);
    }

    fn finish_close_if_idle(&self, py: Python<'_>, base: &EngineBase) {
        if !base.closed.load(Ordering::Acquire) || !self.side.pending.lock().is_empty() {
            return;
        }
        let waiters = std::mem::take(&mut *self.side.close_waiters.lock());
        for w in waiters {
            set_future(py, w.bind(py), Ok(py.None().into_bound(py)));
        }
    }

    /// Starts the task that feeds queued requests to the engine.
    fn start_submitter(&self, py: Python<'_>, base: &EngineBase, client: Client) -> PyResult<()> {
        let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
        let (outbox, notifier, stop) = (self.side.outbox.clone(), self.side.notifier.clone(), base.stop.subscribe());
        handle.spawn(async move {
            outbox
                .drain(stop, |queued| completion::submit(&client, &notifier, queued, false))
                .await
        });
        Ok(())
    }

    /// Python health checks answered on the loop: probes go through the
    /// completion queue to the probe sink.
    fn health_callback(&self) -> HealthCallback {
        let notifier = self.side.notifier.clone();
        ha::callback(move |probe| notifier.push(Completion::Probe(probe)))
    }

    /// Runs an engine future whose outcome is "done" or an error; the loop
    /// future resolves to None or raises.
    fn spawn_unit<'py>(
        &self,
        py: Python<'py>,
        work: impl Future<Output = haven_core::Result<()>> + Send + 'static,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.spawn_task(py, work, |id, result| Completion::Unit { id, result })
    }

    /// Runs an engine future for a loop future; `done` makes its outcome
    /// the completion that resolves it.
    fn spawn_task<'py, T: Send + 'static>(
        &self,
        py: Python<'py>,
        work: impl Future<Output = haven_core::Result<T>> + Send + 'static,
        done: fn(u64, haven_core::Result<T>) -> Completion,
    ) -> PyResult<Bound<'py, PyAny>> {
        let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
        let (id, future) = self.waiting(py, None)?;
        let notifier = self.side.notifier.clone();
        let task = handle.spawn(work);
        // A second task reports even a panicked first one: every request
        // ends exactly once.
        handle.spawn(async move {
            let result = match task.await {
                Ok(r) => r,
                Err(e) => Err(haven_core::Error::connection(format!("engine task failed: {e}"))),
            };
            notifier.push(done(id, result));
        });
        Ok(future)
    }

    /// The live client's clone for an engine task, or a future already
    /// failed with why there is none.
    fn task_client<'py>(&self, py: Python<'py>, base: &EngineBase) -> PyResult<Result<Client, Bound<'py, PyAny>>> {
        match base.live(py) {
            Ok(c) => Ok(Ok(c.clone())),
            Err(e) => self.settled(py, Err(e)).map(Err),
        }
    }

    /// `deliver` for the loop: the call goes through the completion queue.
    fn loop_deliver(&self) -> impl FnOnce(Call) + Send + 'static {
        let notifier = self.side.notifier.clone();
        move |call: Call| notifier.push(Completion::Call(call))
    }
}

#[pymethods]
impl AsyncEngine {
    #[new]
    fn new(decode_responses: bool, event_loop: Bound<'_, PyAny>) -> PyResult<PyClassInitializer<Self>> {
        let side = LoopSide {
            notifier: Notifier::new()
                .map_err(|e| PyRuntimeError::new_err(format!("could not create the wake-up socket: {e}")))?,
            outbox: Outbox::new(),
            pending: Mutex::new(Pending::new()),
            create_future: event_loop.getattr("create_future")?.unbind(),
            event_sink: Mutex::new(None),
            message_sink: Mutex::new(None),
            probe_sink: Mutex::new(None),
            call_sink: Mutex::new(None),
            close_waiters: Mutex::new(Vec::new()),
            spare: Mutex::new(Vec::new()),
        };
        Ok(PyClassInitializer::from(EngineBase::new(decode_responses)).add_subclass(AsyncEngine {
            side: ManuallyDrop::new(side),
            events_started: AtomicBool::new(false),
            generation: Generation::now(),
        }))
    }

    /// The descriptor the loop watches (`loop.add_reader(fileno, drain)`).
    fn fileno(&self) -> i32 {
        self.side.notifier.fileno()
    }

    /// A loop future resolved (None) once connected. `health_checks`:
    /// endpoints whose custom checks Python answers, registered before the
    /// client is handed over. `credential_provider`: a Python callable the
    /// engine asks for credentials (see `credentials`), every
    /// `credential_refresh_ms` too.
    #[pyo3(signature = (config, health_checks=Vec::new(), credential_provider=None, credential_refresh_ms=None))]
    fn connect<'py>(
        slf: &Bound<'py, Self>,
        config: &Bound<'py, PyAny>,
        health_checks: Vec<String>,
        credential_provider: Option<Py<PyAny>>,
        credential_refresh_ms: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let cfg = base.config_to_connect(config)?;
        let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
        let (id, future) = this.waiting(py, None)?;
        let notifier = this.side.notifier.clone();
        let credentials = (credential_provider, credential_refresh_ms);
        let check = this.health_callback();
        handle.spawn(async move {
            let result = connect_checked(cfg, credentials, health_checks, check).await;
            notifier.push(Completion::Connected { id, result });
        });
        Ok(future)
    }

    /// Connects now, without the GIL: a client rebuilt after os.fork()
    /// with lazy_connect (no I/O here) gets its engine this way.
    #[pyo3(signature = (config, health_checks=Vec::new(), credential_provider=None, credential_refresh_ms=None))]
    fn connect_blocking(
        slf: &Bound<'_, Self>,
        config: &Bound<'_, PyAny>,
        health_checks: Vec<String>,
        credential_provider: Option<Py<PyAny>>,
        credential_refresh_ms: Option<u64>,
    ) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let credentials = (credential_provider, credential_refresh_ms);
        let client = base.connect_now(py, config, health_checks, credentials, this.health_callback())?;
        this.start_submitter(py, base, client)
    }

    /// Serves the engine client of `other` (same connections, cache,
    /// subscriptions) on this engine's loop. What lets one `haven.Client`
    /// be awaited from several event loops in turn: each loop gets an
    /// engine of its own (its futures, its wake-up socket) over one shared
    /// engine client.
    fn adopt(slf: &Bound<'_, Self>, other: &Bound<'_, AsyncEngine>) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let client = other.as_super().get().live(py)?.clone();
        base.client
            .set(client.clone())
            .map_err(|_| PyRuntimeError::new_err("this engine is already connected"))?;
        this.start_submitter(py, base, client)
    }

    /// Sends one command; returns a loop future of its (shaped) reply.
    /// `cache`: read it through the client-side cache. `session`: run it
    /// on that session's connection (`open_session`). Cancelling the future
    /// of a blocking command or a session command cancels it in the engine.
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
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let timeout_ms = args::check_timeout(timeout_ms)?;
        if let Some(reply) = base.local_hit(py, args, cache, callback.as_ref())? {
            return this.settled(py, reply);
        }
        let request = args::encode_execute(py, args, timeout_ms, cache, session, resend_safe, route)?;
        let cancellable = session.is_some() || args::is_blocking(args);
        this.submit(py, base, request, cancellable, callback.map(Bound::unbind), false)
    }

    /// Sends a batch (`atomic`: MULTI/EXEC); a loop future of the reply list.
    /// `session`: on that session's connection (an atomic batch there is
    /// the EXEC of a WATCH-guarded transaction: WatchError when aborted).
    #[pyo3(signature = (commands, atomic, timeout_ms=None, session=None))]
    fn batch<'py>(
        slf: &Bound<'py, Self>,
        commands: &Bound<'py, PyAny>,
        atomic: bool,
        timeout_ms: Option<i64>,
        session: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let request = args::encode_session_batch(commands, atomic, timeout_ms, session)?;
        this.submit(py, base, request, session.is_some(), None, false)
    }

    /// A read through the client-side cache whose loop future resolves to
    /// (reply, ms past validity if served stale during an outage, else None).
    #[pyo3(signature = (args, timeout_ms=None))]
    fn execute_marked<'py>(
        slf: &Bound<'py, Self>,
        args: &Bound<'py, PyAny>,
        timeout_ms: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let mut request = args::encode_command(0, args, args::check_timeout(timeout_ms)?)?;
        args::mark_cached(&mut request);
        this.submit(py, base, request, false, None, true)
    }

    /// The loop's reader callback: takes every queued completion at once,
    /// converts each reply and resolves its future, then delivers events.
    fn drain(slf: &Bound<'_, Self>) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let side = &this.side;
        let mut items = std::mem::take(&mut *side.spare.lock());
        side.notifier.take(&mut items);
        if items.is_empty() {
            *side.spare.lock() = items;
            return Ok(());
        }
        let mut ready = Vec::with_capacity(items.len());
        let mut evs = Vec::new();
        let mut msgs = Vec::new();
        let mut probes = Vec::new();
        let mut calls = Vec::new();
        {
            let mut pending = side.pending.lock();
            for item in items.drain(..) {
                match item {
                    Completion::Response { id, bytes, marked } => {
                        if let Some(w) = pending.remove(id) {
                            ready.push((w, if marked { Outcome::Marked(bytes) } else { Outcome::Reply(bytes) }));
                        }
                    }
                    Completion::Connected { id, result } => match pending.remove(id) {
                        Some(w) => ready.push((w, Outcome::Connected(result))),
                        None => {
                            if let Ok(orphan) = result {
                                orphan.close();
                            }
                        }
                    },
                    Completion::Event(e) => evs.push(e),
                    Completion::Unit { id, result } => {
                        if let Some(w) = pending.remove(id) {
                            ready.push((w, Outcome::Unit(result)));
                        }
                    }
                    Completion::Message(m) => msgs.push(m),
                    Completion::Probe(p) => probes.push(p),
                    Completion::Call(c) => calls.push(c),
                    Completion::Loaded { id, result } => {
                        if let Some(w) = pending.remove(id) {
                            ready.push((w, Outcome::Loaded(result)));
                        }
                    }
                }
            }
        }
        *side.spare.lock() = items;
        for (waiter, outcome) in ready {
            this.resolve(py, base, waiter, outcome);
        }
        to_sink(py, &side.event_sink, evs.into_iter().map(events::to_tuple))?;
        // Without a sink the probes drop here: unhealthy.
        to_sink(py, &side.probe_sink, probes.into_iter().map(Probe::into_tuple))?;
        // Without a sink the calls drop here: their waiters get an error.
        to_sink(py, &side.call_sink, calls.into_iter().map(Call::into_tuple))?;
        to_sink(py, &side.message_sink, msgs.into_iter().map(|m| pubsub::to_tuple(py, m)))?;
        this.finish_close_if_idle(py, base);
        Ok(())
    }

    /// A future resolved once no request is waiting any more.
    fn wait_closed<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let future = this.side.create_future.bind(py).call0()?;
        this.side.close_waiters.lock().push(future.clone().unbind());
        this.finish_close_if_idle(py, base);
        Ok(future)
    }

    /// Fails every future still waiting (after a close that took too long,
    /// or when the loop is going away). Late replies are then ignored.
    fn abandon(slf: &Bound<'_, Self>) -> usize {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let waiters = this.side.pending.lock().drain_all();
        let n = waiters.len();
        for Waiter { future, .. } in waiters {
            set_future(py, future.bind(py), Err(errors::closing(py, "the client is closed")));
        }
        this.finish_close_if_idle(py, base);
        n
    }

    /// Futures waiting on the loop.
    fn pending_count(&self) -> usize {
        self.side.pending.lock().len()
    }

    /// Delivers events to `sink(list_of_event_tuples)` on the loop.
    fn subscribe_events(slf: &Bound<'_, Self>, sink: Bound<'_, PyAny>) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        *this.side.event_sink.lock() = Some(sink.unbind());
        if this.events_started.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        let notifier = this.side.notifier.clone();
        let started = base.start_events(py, move |event| {
            notifier.push(Completion::Event(event));
            true
        });
        if started.is_err() {
            this.events_started.store(false, Ordering::Release);
        }
        started
    }

    /// Delivers pub/sub messages to `sink(list_of_message_tuples)` on the
    /// loop, from now on.
    fn subscribe_messages(slf: &Bound<'_, Self>, sink: Bound<'_, PyAny>) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        *this.side.message_sink.lock() = Some(sink.unbind());
        let notifier = this.side.notifier.clone();
        base.start_listener(py, move |m| notifier.push(Completion::Message(m)))
    }

    /// A pub/sub action ("subscribe", "punsubscribe", ...) on `names`; a
    /// loop future resolved once every node confirmed it.
    fn pubsub<'py>(slf: &Bound<'py, Self>, action: &str, names: Vec<Vec<u8>>) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let action = pubsub::Action::parse(action)?;
        let client = match this.task_client(py, base)? {
            Ok(c) => c,
            Err(failed) => return Ok(failed),
        };
        this.spawn_unit(py, action.run(client, names))
    }

    /// `sink(list of (callable, "load"|"write", CallReply))` runs cache-aside
    /// loaders and write-through writers on the loop.
    fn subscribe_calls(&self, sink: Bound<'_, PyAny>) {
        *self.side.call_sink.lock() = Some(sink.unbind());
    }

    /// `get_or_load`: a loop future of the value.
    #[pyo3(signature = (key, loader, ttl_ms, jitter, lease_ms=None, early_refresh=None))]
    #[allow(clippy::too_many_arguments)]
    fn get_or_load<'py>(
        slf: &Bound<'py, Self>,
        key: &Bound<'py, PyAny>,
        loader: Bound<'py, PyAny>,
        ttl_ms: i64,
        jitter: f64,
        lease_ms: Option<i64>,
        early_refresh: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let key = aside::bytes_arg("key", key)?;
        let options = aside::load_options(py, ttl_ms, jitter, lease_ms, early_refresh)?;
        let client = match this.task_client(py, base)? {
            Ok(c) => c,
            Err(failed) => return Ok(failed),
        };
        let load = aside::bridge(loader.unbind(), true, this.loop_deliver());
        // Resolves to the value (bytes, or str with decode_responses).
        this.spawn_task(
            py,
            async move { client.get_or_load(key, options, load).await },
            |id, result| Completion::Loaded { id, result },
        )
    }

    /// `write_through`: `writer()` then the cache is updated ("update") or
    /// invalidated ("invalidate").
    fn write_through<'py>(
        slf: &Bound<'py, Self>,
        key: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
        writer: Bound<'py, PyAny>,
        ttl_ms: i64,
        mode: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let key = aside::bytes_arg("key", key)?;
        let value = aside::bytes_arg("value", value)?;
        let ttl = aside::load_options(py, ttl_ms, 0.0, None, None)?.ttl;
        let mode = aside::write_mode(py, mode)?;
        let client = match this.task_client(py, base)? {
            Ok(c) => c,
            Err(failed) => return Ok(failed),
        };
        let write = aside::bridge(writer.unbind(), false, this.loop_deliver());
        this.spawn_unit(py, async move {
            client
                .write_through(key, value, ttl, mode, move || async move { write().await.map(|_| ()) })
                .await
        })
    }

    /// `sink(list of (endpoint name, HealthReply))` answers custom health
    /// probes on the loop.
    fn subscribe_probes(&self, sink: Bound<'_, PyAny>) {
        *self.side.probe_sink.lock() = Some(sink.unbind());
    }

    /// Lets Python answer the custom health checks of endpoint `name`.
    fn set_health_check(slf: &Bound<'_, Self>, name: &str) -> PyResult<()> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        base.set_health_check_with(py, name, this.health_callback())
    }

    /// Adds an endpoint (a `haven.Endpoint` dict).
    fn add_endpoint<'py>(slf: &Bound<'py, Self>, endpoint: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let (this, base, py) = (slf.get(), slf.as_super().get(), slf.py());
        let endpoint = config::endpoint(endpoint)?;
        let client = match this.task_client(py, base)? {
            Ok(c) => c,
            Err(failed) => return Ok(failed),
        };
        this.spawn_unit(py, async move { client.add_endpoint(endpoint).await })
    }
}

impl Drop for AsyncEngine {
    fn drop(&mut self) {
        // In a forked child the loop side belongs to the parent's runtime
        // (see `EngineBase`'s Drop): leaked, not dropped.
        if !self.generation.stale() {
            // SAFETY: `side` is dropped exactly once, here, and nothing
            // uses it after: this is the engine's own drop.
            unsafe { ManuallyDrop::drop(&mut self.side) }
        }
    }
}
