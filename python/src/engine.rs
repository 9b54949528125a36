//! `Engine`: one engine client as the Python clients see it. In async mode it
//! is bound to an asyncio loop: every request gets a loop future kept in a
//! Rust-side slab under its request id, the engine's completion pushes the
//! response bytes onto the `completion::Notifier` queue, and `drain` (the
//! loop's reader callback, run with the GIL) decodes the whole batch and
//! resolves the futures; a completion says how its future resolves
//! (`Outcome`), so any waiting future takes any completion. In blocking
//! mode (SyncClient) the calling thread waits with the GIL released on the
//! reply slot the engine thread fills (`bridge::reply`).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use parking_lot::Mutex;
use pyo3::exceptions::PyRuntimeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyList, PyTuple};
use tokio::sync::watch;

use haven_core::engine::convert::{encode_response, value_to_proto};
use haven_core::engine::MessageListener;
use haven_core::failover::HealthCallback;
use haven_core::bridge::outbox::{Offered, Outbox};
use haven_core::bridge::reply::{unanswered_response, ReplySlot};
use haven_core::{proto, runtime, Client, NodeRole};

use crate::aside::{self, Call};
use crate::completion::{self, Completion, Notifier, Pending, Queued};
use crate::ha::{self, Probe};
use crate::{args, config, errors, events, pubsub, reply};

/// Used through an Engine made before `os.fork()` in the child (haven's
/// Python clients rebuild theirs; only a raw Engine can get here).
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

/// How often a blocking wait (SyncClient) looks at Python's signals.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Blocking mode: the next item of `rx`, waited for without the GIL and
/// waking every SIGNAL_CHECK to let Python run signal handlers (Ctrl-C
/// interrupts the wait; what arrives later is dropped). A channel the engine
/// closed unanswered ends the `what` ("request", "call") with
/// ConnectionError.
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

/// Blocking mode: hands a request to the engine and waits for its response
/// bytes without the GIL, on a `ReplySlot` the engine thread that ends the
/// request fills directly. An idle client's request is written from this
/// thread, which then polls a moment for the reply before it sleeps
/// (`ReplySlot::spin`). The wait wakes every SIGNAL_CHECK to let Python run
/// signal handlers, so Ctrl-C interrupts a long blocking command (its reply
/// is then dropped).
/// `cancel`: the request's id, for a request the engine can cancel (a
/// blocking command, or one in a session): an interrupted wait cancels it,
/// so a BLPOP interrupted by Ctrl-C is unblocked on the server and takes
/// nothing.
fn submit_request(
    py: Python<'_>,
    client: &Client,
    request: Vec<u8>,
    cancel: Option<u64>,
) -> PyResult<Vec<u8>> {
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

/// Ids of blocking-mode requests that may be cancelled (any engine of the
/// process: each id is used once).
static BLOCKING_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Blocking mode: gives a cancellable request (a blocking command, or one
/// in a session) an id of its own; None for others (they end by their
/// deadline).
fn cancel_id(request: &mut Vec<u8>, cancellable: bool) -> Option<u64> {
    if !cancellable {
        return None;
    }
    let id = BLOCKING_IDS.fetch_add(1, Ordering::Relaxed);
    crate::args::mark_id(request, id);
    Some(id)
}

/// Async mode: when the loop future of cancellable request `id` is
/// cancelled (task.cancel(), asyncio.wait_for's timeout), the engine
/// cancels the request: a blocking command is unblocked on the server, so
/// nothing it would have taken is lost. The cancellation goes through the
/// outbox after the request itself, so the engine always knows the id.
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

/// A node as `haven.NodeInfo._from_native` expects it: (address, role,
/// availability zone, connected, connects, reconnect attempts).
type NodeTuple = (String, &'static str, Option<String>, bool, u64, u64);

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

/// An endpoint's health as Python sees it: (name, healthy, last error).
type HealthTuple = (String, bool, Option<String>);

/// The async half: present when the engine is bound to an asyncio loop.
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

/// The native client behind `haven.Client` and `haven.SyncClient`.
#[pyclass(module = "haven._haven", frozen)]
pub struct Engine {
    client: OnceLock<Client>,
    decode: bool,
    closed: AtomicBool,
    events_started: AtomicBool,
    /// Tells the submitter and event tasks to stop when the client closes
    /// (or when the Engine is dropped: the receivers then see it gone).
    stop: watch::Sender<bool>,
    side: Option<LoopSide>,
    /// The pub/sub listener feeding Python (started on first use).
    listener: Mutex<Option<MessageListener>>,
    /// Blocking mode: where custom health probes go (see `probe_stream`).
    probe_tx: Mutex<Option<SyncSender<Probe>>>,
    /// The fork generation this engine was made in (runtime::fork_generation):
    /// in a forked child an older one belongs to the parent's runtime.
    generation: u64,
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

impl Engine {
    fn side(&self) -> PyResult<&LoopSide> {
        self.side
            .as_ref()
            .ok_or_else(|| PyRuntimeError::new_err("this engine is not bound to an event loop"))
    }

    /// Whether this engine was made in a parent process before os.fork().
    fn stale(&self) -> bool {
        self.generation != runtime::fork_generation()
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

    /// A loop future that already failed with `err`.
    fn failed_future<'py>(
        &self,
        py: Python<'py>,
        side: &LoopSide,
        err: PyErr,
    ) -> PyResult<Bound<'py, PyAny>> {
        let future = side.create_future.bind(py).call0()?;
        set_future(py, &future, Err(err));
        Ok(future)
    }

    /// Registers a future (`callback` shapes its reply; `marked`: it gets
    /// (value, stale ms or None)) and queues the request (whose id is
    /// appended here; protobuf fields may come in any order) for the
    /// submitter task.
    fn submit_async<'py>(
        &self,
        py: Python<'py>,
        side: &LoopSide,
        mut request: Vec<u8>,
        cancellable: bool,
        callback: Option<Py<PyAny>>,
        marked: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let future = side.create_future.bind(py).call0()?;
        let id = side.pending.lock().insert(Waiter { future: future.clone().unbind(), callback });
        crate::args::mark_id(&mut request, id);
        if cancellable {
            cancel_on_cancelled(py, &side.outbox, &future, id)?;
        }
        let idle = || self.client.get().is_some_and(Client::is_idle);
        match side.outbox.offer((id, request, marked), idle) {
            Offered::Queued => {}
            // Nothing to batch with: started on the loop's thread.
            Offered::StartHere(queued) => {
                if let Some(client) = self.client.get() {
                    completion::submit(client, &side.notifier, queued, true);
                }
            }
            // The drain has finished (the client closed): the engine itself
            // answers ClosingError.
            Offered::Finished(late) => match self.client.get() {
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

    /// `submit_request` for a reply shaped by `callback` (redis-py style).
    fn submit_blocking<'py>(
        &self,
        py: Python<'py>,
        client: &Client,
        request: Vec<u8>,
        cancel: Option<u64>,
        callback: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = submit_request(py, client, request, cancel)?;
        let value = reply::decode(py, bytes, self.decode)?;
        match callback {
            Some(cb) => cb.call1((value,)),
            None => Ok(value),
        }
    }

    fn resolve(&self, py: Python<'_>, waiter: Waiter, outcome: Outcome) {
        let Waiter { future, callback } = waiter;
        let value = match outcome {
            Outcome::Reply(bytes) => {
                let value = reply::decode(py, bytes, self.decode);
                match (value, callback) {
                    (Ok(v), Some(cb)) => cb.bind(py).call1((v,)),
                    (other, _) => other,
                }
            }
            Outcome::Marked(bytes) => reply::decode_marked(py, bytes, self.decode).and_then(|(v, stale)| {
                Ok(PyTuple::new(py, [v, stale.into_pyobject(py)?.into_any()])?.into_any())
            }),
            Outcome::Connected(result) => match result {
                Ok(client) => {
                    if self.closed.load(Ordering::Acquire) {
                        client.close();
                        Err(errors::closing(py, "the client was closed while connecting"))
                    } else {
                        match self.client.set(client.clone()) {
                            Ok(()) => self.start_submitter(py, client).map(|()| py.None().into_bound(py)),
                            Err(extra) => {
                                extra.close();
                                Err(PyRuntimeError::new_err("this engine is already connected"))
                            }
                        }
                    }
                }
                Err(e) => Err(errors::engine_error(py, &e)),
            },
            Outcome::Unit(result) => match result {
                Ok(()) => Ok(py.None().into_bound(py)),
                Err(e) => Err(errors::engine_error(py, &e)),
            },
            Outcome::Loaded(result) => match result {
                Ok(v) => Ok(aside::value_to_py(py, &v, self.decode)),
                Err(e) => Err(errors::engine_error(py, &e)),
            },
        };
        set_future(py, future.bind(py), value);
    }

    fn finish_close_if_idle(&self, py: Python<'_>, side: &LoopSide) {
        if !self.closed.load(Ordering::Acquire) || !side.pending.lock().is_empty() {
            return;
        }
        let waiters = std::mem::take(&mut *side.close_waiters.lock());
        for w in waiters {
            set_future(py, w.bind(py), Ok(py.None().into_bound(py)));
        }
    }

    /// Starts the task that feeds queued requests to the engine.
    fn start_submitter(&self, py: Python<'_>, client: Client) -> PyResult<()> {
        let side = self.side()?;
        let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
        let (outbox, notifier, stop) = (side.outbox.clone(), side.notifier.clone(), self.stop.subscribe());
        handle.spawn(async move {
            outbox
                .drain(stop, |queued| completion::submit(&client, &notifier, queued, false))
                .await
        });
        Ok(())
    }

    /// The engine callback of Python health checks for this engine's mode:
    /// probes go to the loop (async) or to the probe stream (blocking; none
    /// yet: every probe fails, as if unanswered).
    fn health_callback(&self, _py: Python<'_>) -> PyResult<HealthCallback> {
        match &self.side {
            Some(side) => {
                let notifier = side.notifier.clone();
                Ok(ha::callback(move |probe| {
                    notifier.push(Completion::Probe(probe))
                }))
            }
            None => match self.probe_tx.lock().clone() {
                Some(tx) => Ok(ha::callback(ha::channel_deliver(tx))),
                None => Ok(ha::callback(|_probe| {})),
            },
        }
    }

    /// Runs an engine future whose outcome is "done" or an error; the loop
    /// future resolves to None or raises.
    fn spawn_unit<'py>(
        &self,
        py: Python<'py>,
        side: &LoopSide,
        work: impl Future<Output = haven_core::Result<()>> + Send + 'static,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.spawn_task(py, side, work, |id, result| Completion::Unit { id, result })
    }

    /// Runs an engine future for a loop future; `done` makes its outcome
    /// the completion that resolves it.
    fn spawn_task<'py, T: Send + 'static>(
        &self,
        py: Python<'py>,
        side: &LoopSide,
        work: impl Future<Output = haven_core::Result<T>> + Send + 'static,
        done: fn(u64, haven_core::Result<T>) -> Completion,
    ) -> PyResult<Bound<'py, PyAny>> {
        let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
        let future = side.create_future.bind(py).call0()?;
        let id = side.pending.lock().insert(Waiter { future: future.clone().unbind(), callback: None });
        let notifier = side.notifier.clone();
        let task = handle.spawn(work);
        // A second task reports even a panicked first one: every request
        // ends exactly once.
        handle.spawn(async move {
            let result = match task.await {
                Ok(r) => r,
                Err(e) => Err(haven_core::Error::connection(format!(
                    "engine task failed: {e}"
                ))),
            };
            notifier.push(done(id, result));
        });
        Ok(future)
    }

    /// `deliver` for the loop: the call goes through the completion queue.
    fn loop_deliver(&self) -> PyResult<impl FnOnce(Call) + Send + 'static> {
        let notifier = self.side()?.notifier.clone();
        Ok(move |call: Call| notifier.push(Completion::Call(call)))
    }

    /// Blocking mode: runs `work` (made with the `deliver` of this thread)
    /// and waits for it without the GIL; Python loader/writer calls it asks
    /// for run here, on the calling thread, through `runner(func, kind,
    /// reply)`. A call arriving after the wait ended (a background refresh)
    /// finds the channel closed and ends with an error.
    fn wait_with_calls<T: Send + 'static, W>(
        &self,
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

    /// Runs an engine future and waits for it without the GIL, looking at
    /// Python's signals every SIGNAL_CHECK (blocking mode).
    fn wait_engine<T: Send + 'static>(
        &self,
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
}

#[pymethods]
impl Engine {
    /// `event_loop` given: async mode, bound to that loop. None: blocking mode.
    #[new]
    #[pyo3(signature = (decode_responses, event_loop=None))]
    fn new(
        decode_responses: bool,
        event_loop: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let side = match event_loop {
            None => None,
            Some(lp) => Some(LoopSide {
                notifier: Notifier::new().map_err(|e| {
                    PyRuntimeError::new_err(format!("could not create the wake-up socket: {e}"))
                })?,
                outbox: Outbox::new(),
                pending: Mutex::new(Pending::new()),
                create_future: lp.getattr("create_future")?.unbind(),
                event_sink: Mutex::new(None),
                message_sink: Mutex::new(None),
                probe_sink: Mutex::new(None),
                call_sink: Mutex::new(None),
                close_waiters: Mutex::new(Vec::new()),
                spare: Mutex::new(Vec::new()),
            }),
        };
        let (stop, _) = watch::channel(false);
        Ok(Engine {
            client: OnceLock::new(),
            decode: decode_responses,
            closed: AtomicBool::new(false),
            events_started: AtomicBool::new(false),
            stop,
            side,
            listener: Mutex::new(None),
            probe_tx: Mutex::new(None),
            generation: runtime::fork_generation(),
        })
    }

    /// The descriptor the loop watches (`loop.add_reader(fileno, drain)`).
    fn fileno(&self) -> PyResult<i32> {
        Ok(self.side()?.notifier.fileno())
    }

    /// Async connect: a loop future resolved (None) once connected.
    /// `health_checks`: endpoints whose custom checks Python answers,
    /// registered before the client is handed over.
    /// `credential_provider`: a Python callable the engine asks for
    /// credentials (see `credentials`), every `credential_refresh_ms` too.
    #[pyo3(signature = (config, health_checks=Vec::new(), credential_provider=None, credential_refresh_ms=None))]
    fn connect<'py>(
        &self,
        py: Python<'py>,
        config: &Bound<'py, PyAny>,
        health_checks: Vec<String>,
        credential_provider: Option<Py<PyAny>>,
        credential_refresh_ms: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let cfg = config::client_config(config)?;
        if self.client.get().is_some() {
            return Err(PyRuntimeError::new_err("this engine is already connected"));
        }
        let handle = runtime::handle().map_err(|e| errors::engine_error(py, &e))?;
        let future = side.create_future.bind(py).call0()?;
        let id = side.pending.lock().insert(Waiter { future: future.clone().unbind(), callback: None });
        let notifier = side.notifier.clone();
        let check = self.health_callback(py)?;
        handle.spawn(async move {
            let result = connect_with(cfg, credential_provider, credential_refresh_ms).await.and_then(|client| {
                register_checks(&client, &health_checks, &check)?;
                Ok(client)
            });
            notifier.push(Completion::Connected { id, result });
        });
        Ok(future)
    }

    /// Blocking connect (SyncClient), without the GIL while connecting.
    /// With `health_checks`, call `probe_stream` first.
    #[pyo3(signature = (config, health_checks=Vec::new(), credential_provider=None, credential_refresh_ms=None))]
    fn connect_blocking(
        &self,
        py: Python<'_>,
        config: &Bound<'_, PyAny>,
        health_checks: Vec<String>,
        credential_provider: Option<Py<PyAny>>,
        credential_refresh_ms: Option<u64>,
    ) -> PyResult<()> {
        let cfg = config::client_config(config)?;
        if self.client.get().is_some() {
            return Err(PyRuntimeError::new_err("this engine is already connected"));
        }
        let check = self.health_callback(py)?;
        let client = py
            .detach(move || {
                let client = runtime::block_on(connect_with(cfg, credential_provider, credential_refresh_ms))?;
                if let Err(e) = register_checks(&client, &health_checks, &check) {
                    client.close();
                    return Err(e);
                }
                Ok(client)
            })
            .map_err(|e| errors::engine_error(py, &e))?;
        self.client.set(client.clone()).map_err(|extra| {
            extra.close();
            PyRuntimeError::new_err("this engine is already connected")
        })?;
        // An async-mode engine connected this way (a Client rebuilt after
        // os.fork() with lazy_connect: no I/O here) needs its submitter.
        if self.side.is_some() {
            self.start_submitter(py, client)?;
        }
        Ok(())
    }

    /// Async mode: serves the engine client of `other` (same connections,
    /// cache, subscriptions) on this engine's loop. What lets one
    /// `haven.Client` be awaited from several event loops in turn: each
    /// loop gets an Engine of its own (its futures, its wake-up socket)
    /// over one shared engine client.
    fn adopt(&self, py: Python<'_>, other: &Engine) -> PyResult<()> {
        self.side()?;
        let client = other.live(py)?.clone();
        self.client
            .set(client.clone())
            .map_err(|_| PyRuntimeError::new_err("this engine is already connected"))?;
        self.start_submitter(py, client)
    }

    /// Sends one command; returns a loop future of its (shaped) reply.
    /// `cache`: read it through the client-side cache. `session`: run it
    /// on that session's connection (`open_session`). Cancelling the future
    /// of a blocking command or a session command cancels it in the engine.
    #[pyo3(signature = (args, callback=None, timeout_ms=None, cache=false, session=None, resend_safe=false, route=None))]
    #[allow(clippy::too_many_arguments)]
    fn execute<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyAny>,
        callback: Option<Bound<'py, PyAny>>,
        timeout_ms: Option<i64>,
        cache: bool,
        session: Option<u64>,
        resend_safe: bool,
        route: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let timeout_ms = args::check_timeout(timeout_ms)?;
        if let Some(reply) = self.local_hit(py, args, cache, callback.as_ref())? {
            let future = side.create_future.bind(py).call0()?;
            set_future(py, &future, reply);
            return Ok(future);
        }
        let mut request = args::encode_command(0, args, timeout_ms)?;
        if cache {
            args::mark_cached(&mut request);
        }
        if let Some(session) = session {
            args::mark_session(&mut request, session);
        }
        if resend_safe {
            args::mark_resend_safe(&mut request);
        }
        if let Some(route) = route {
            args::mark_route(py, &mut request, route)?;
        }
        if let Err(e) = self.live(py) {
            return self.failed_future(py, side, e);
        }
        let cancellable = session.is_some() || args::is_blocking(args);
        self.submit_async(py, side, request, cancellable, callback.map(Bound::unbind), false)
    }

    /// Sends a batch (`atomic`: MULTI/EXEC); a loop future of the reply list.
    /// `session`: on that session's connection (an atomic batch there is
    /// the EXEC of a WATCH-guarded transaction: WatchError when aborted).
    #[pyo3(signature = (commands, atomic, timeout_ms=None, session=None))]
    fn batch<'py>(
        &self,
        py: Python<'py>,
        commands: &Bound<'py, PyAny>,
        atomic: bool,
        timeout_ms: Option<i64>,
        session: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let mut request = args::encode_batch(0, commands, atomic, args::check_timeout(timeout_ms)?)?;
        if let Some(session) = session {
            args::mark_session(&mut request, session);
        }
        if let Err(e) = self.live(py) {
            return self.failed_future(py, side, e);
        }
        self.submit_async(py, side, request, session.is_some(), None, false)
    }

    /// `execute` for SyncClient: waits for the reply with the GIL released.
    #[pyo3(signature = (args, callback=None, timeout_ms=None, cache=false, session=None, resend_safe=false, route=None))]
    #[allow(clippy::too_many_arguments)]
    fn execute_blocking<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyAny>,
        callback: Option<Bound<'py, PyAny>>,
        timeout_ms: Option<i64>,
        cache: bool,
        session: Option<u64>,
        resend_safe: bool,
        route: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let timeout_ms = args::check_timeout(timeout_ms)?;
        if let Some(reply) = self.local_hit(py, args, cache, callback.as_ref())? {
            return reply;
        }
        let mut request = args::encode_command(0, args, timeout_ms)?;
        if cache {
            args::mark_cached(&mut request);
        }
        if let Some(session) = session {
            args::mark_session(&mut request, session);
        }
        if resend_safe {
            args::mark_resend_safe(&mut request);
        }
        if let Some(route) = route {
            args::mark_route(py, &mut request, route)?;
        }
        let client = self.live(py)?;
        let cancel = cancel_id(&mut request, session.is_some() || args::is_blocking(args));
        self.submit_blocking(py, client, request, cancel, callback)
    }

    /// `batch` for SyncClient.
    #[pyo3(signature = (commands, atomic, timeout_ms=None, session=None))]
    fn batch_blocking<'py>(
        &self,
        py: Python<'py>,
        commands: &Bound<'py, PyAny>,
        atomic: bool,
        timeout_ms: Option<i64>,
        session: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut request = args::encode_batch(0, commands, atomic, args::check_timeout(timeout_ms)?)?;
        if let Some(session) = session {
            args::mark_session(&mut request, session);
        }
        let client = self.live(py)?;
        let cancel = cancel_id(&mut request, session.is_some());
        self.submit_blocking(py, client, request, cancel, None)
    }

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

    /// The loop's reader callback: takes every queued completion at once,
    /// converts each reply and resolves its future, then delivers events.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        let side = self.side()?;
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
            self.resolve(py, waiter, outcome);
        }
        to_sink(py, &side.event_sink, evs.into_iter().map(events::to_tuple))?;
        // Without a sink the probes drop here: unhealthy.
        to_sink(
            py,
            &side.probe_sink,
            probes.into_iter().map(Probe::into_tuple),
        )?;
        // Without a sink the calls drop here: their waiters get an error.
        to_sink(py, &side.call_sink, calls.into_iter().map(Call::into_tuple))?;
        to_sink(
            py,
            &side.message_sink,
            msgs.into_iter().map(|m| pubsub::to_tuple(py, m)),
        )?;
        self.finish_close_if_idle(py, side);
        Ok(())
    }

    /// Closes the engine client: requests in flight end with ClosingError,
    /// later ones fail at once; event forwarding stops.
    fn close(&self) {
        if self.stale() {
            // The engine's threads (and any lock they held) are gone here.
            self.closed.store(true, Ordering::Release);
            return;
        }
        if !self.closed.swap(true, Ordering::AcqRel) {
            if let Some(c) = self.client.get() {
                c.close();
            }
            if let Some(l) = self.listener.lock().take() {
                l.stop();
            }
            self.probe_tx.lock().take();
            self.stop.send_replace(true);
        }
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Async mode: a future resolved once no request is waiting any more.
    fn wait_closed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let future = side.create_future.bind(py).call0()?;
        side.close_waiters.lock().push(future.clone().unbind());
        self.finish_close_if_idle(py, side);
        Ok(future)
    }

    /// Fails every future still waiting (after a close that took too long,
    /// or when the loop is going away). Late replies are then ignored.
    fn abandon(&self, py: Python<'_>) -> PyResult<usize> {
        let side = self.side()?;
        let waiters = side.pending.lock().drain_all();
        let n = waiters.len();
        for Waiter { future, .. } in waiters {
            set_future(
                py,
                future.bind(py),
                Err(errors::closing(py, "the client is closed")),
            );
        }
        self.finish_close_if_idle(py, side);
        Ok(n)
    }

    /// Futures waiting on the loop.
    fn pending_count(&self) -> PyResult<usize> {
        Ok(self.side()?.pending.lock().len())
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
        let d = PyDict::new(py);
        for (k, v) in [
            ("parked_now", s.parked_now),
            ("parked_total", s.parked_total),
            ("resumed", s.resumed),
            ("longest_wait_ms", s.longest_wait_ms),
        ] {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    /// Asks the credential provider now, without the GIL (the provider
    /// takes it on its own thread); whether the credentials changed.
    fn refresh_credentials_blocking(&self, py: Python<'_>) -> PyResult<bool> {
        let client = self.live(py)?.clone();
        py.detach(move || runtime::block_on(async move { client.refresh_credentials().await }))
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Reads that shared another caller's reply (`coalesce_reads`; 0 off).
    fn coalesced_reads(&self) -> u64 {
        self.client.get().and_then(|c| c.coalesced_reads()).unwrap_or(0)
    }

    /// Async mode: deliver events to `sink(list_of_event_tuples)` on the loop.
    fn subscribe_events(&self, py: Python<'_>, sink: Bound<'_, PyAny>) -> PyResult<()> {
        let side = self.side()?;
        *side.event_sink.lock() = Some(sink.unbind());
        if self.events_started.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        let notifier = side.notifier.clone();
        let started = self.start_events(py, move |event| {
            notifier.push(Completion::Event(event));
            true
        });
        if started.is_err() {
            self.events_started.store(false, Ordering::Release);
        }
        started
    }

    /// Blocking mode: a stream of events for a Python thread to read.
    fn event_stream(&self, py: Python<'_>) -> PyResult<events::EventStream> {
        let (tx, rx) = events::channel();
        self.start_events(py, events::channel_sink(tx))?;
        Ok(events::EventStream::new(rx))
    }

    // ------------------------------------------------------------ pub/sub --

    /// Async mode: deliver pub/sub messages to `sink(list_of_message_tuples)`
    /// on the loop, from now on.
    fn subscribe_messages(&self, py: Python<'_>, sink: Bound<'_, PyAny>) -> PyResult<()> {
        let side = self.side()?;
        *side.message_sink.lock() = Some(sink.unbind());
        let notifier = side.notifier.clone();
        self.start_listener(py, move |m| notifier.push(Completion::Message(m)))
    }

    /// Blocking mode: a stream of messages for `SyncClient.get_message`.
    fn message_stream(&self, py: Python<'_>) -> PyResult<pubsub::MessageStream> {
        if self.listener.lock().is_some() {
            return Err(PyRuntimeError::new_err(
                "this engine already has a message stream",
            ));
        }
        let (tx, rx) = pubsub::channel();
        let dropped = Arc::new(std::sync::atomic::AtomicU64::new(0));
        self.start_listener(py, pubsub::channel_sink(tx, dropped.clone()))?;
        Ok(pubsub::MessageStream::new(rx, dropped))
    }

    /// A pub/sub action ("subscribe", "punsubscribe", ...) on `names`; a
    /// loop future resolved once every node confirmed it.
    fn pubsub<'py>(
        &self,
        py: Python<'py>,
        action: &str,
        names: Vec<Vec<u8>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let action = pubsub::Action::parse(action)?;
        let client = match self.live(py) {
            Ok(c) => c.clone(),
            Err(e) => return self.failed_future(py, side, e),
        };
        self.spawn_unit(py, side, action.run(client, names))
    }

    /// `pubsub` for SyncClient.
    fn pubsub_blocking(&self, py: Python<'_>, action: &str, names: Vec<Vec<u8>>) -> PyResult<()> {
        let action = pubsub::Action::parse(action)?;
        let client = self.live(py)?.clone();
        self.wait_engine(py, action.run(client, names))
    }

    /// Messages lost client-wide because readers fell behind.
    fn pubsub_dropped(&self) -> u64 {
        self.client.get().map_or(0, |c| c.pubsub_dropped())
    }

    // -------------------------------------------------------------- cache --

    /// The client-side cache's counters; None without a cache.
    fn cache_stats<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let client = self.live(py)?;
        let Some(s) = client.cache_stats() else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        for (k, v) in [
            ("hits", s.hits),
            ("misses", s.misses),
            ("stale_served", s.stale_served),
            ("invalidations", s.invalidations),
            ("evictions", s.evictions),
            ("coalesced", s.coalesced),
            ("flushes", s.flushes),
            ("entries", s.entries),
            ("bytes", s.bytes),
        ] {
            d.set_item(k, v)?;
        }
        Ok(Some(d))
    }

    /// A read through the client-side cache whose loop future resolves to
    /// (reply, ms past validity if served stale during an outage, else None).
    #[pyo3(signature = (args, timeout_ms=None))]
    fn execute_marked<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyAny>,
        timeout_ms: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let mut request = args::encode_command(0, args, args::check_timeout(timeout_ms)?)?;
        args::mark_cached(&mut request);
        if let Err(e) = self.live(py) {
            return self.failed_future(py, side, e);
        }
        self.submit_async(py, side, request, false, None, true)
    }

    /// `execute_marked` for SyncClient.
    #[pyo3(signature = (args, timeout_ms=None))]
    fn execute_marked_blocking<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyAny>,
        timeout_ms: Option<i64>,
    ) -> PyResult<(Bound<'py, PyAny>, Option<i64>)> {
        let mut request = args::encode_command(0, args, args::check_timeout(timeout_ms)?)?;
        args::mark_cached(&mut request);
        let bytes = submit_request(py, self.live(py)?, request, None)?;
        reply::decode_marked(py, bytes, self.decode)
    }

    /// `get_or_load`'s counters.
    fn load_stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let client = self.live(py)?;
        let s = client.load_stats();
        let d = PyDict::new(py);
        for (k, v) in [
            ("hits", s.hits),
            ("loader_calls", s.loader_calls),
            ("coalesced", s.coalesced),
            ("lease_waits", s.lease_waits),
            ("loader_errors", s.loader_errors),
            ("cache_unavailable", s.cache_unavailable),
            ("early_refreshes", s.early_refreshes),
            ("pending_invalidations", s.pending_invalidations),
        ] {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    /// Async mode: `sink(list of (callable, "load"|"write", CallReply))` runs
    /// cache-aside loaders and write-through writers on the loop.
    fn subscribe_calls(&self, sink: Bound<'_, PyAny>) -> PyResult<()> {
        *self.side()?.call_sink.lock() = Some(sink.unbind());
        Ok(())
    }

    /// Async `get_or_load`: a loop future of the value.
    #[pyo3(signature = (key, loader, ttl_ms, jitter, lease_ms=None, early_refresh=None))]
    #[allow(clippy::too_many_arguments)]
    fn get_or_load<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        loader: Bound<'py, PyAny>,
        ttl_ms: i64,
        jitter: f64,
        lease_ms: Option<i64>,
        early_refresh: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let key = aside::bytes_arg("key", key)?;
        let options = aside::load_options(py, ttl_ms, jitter, lease_ms, early_refresh)?;
        let client = match self.live(py) {
            Ok(c) => c.clone(),
            Err(e) => return self.failed_future(py, side, e),
        };
        let load = aside::bridge(loader.unbind(), true, self.loop_deliver()?);
        // Resolves to the value (bytes, or str with decode_responses).
        self.spawn_task(
            py,
            side,
            async move { client.get_or_load(key, options, load).await },
            |id, result| Completion::Loaded { id, result },
        )
    }

    /// `get_or_load` for SyncClient: the loader runs on the calling thread
    /// through `runner(func, kind, reply)`.
    #[pyo3(signature = (key, loader, runner, ttl_ms, jitter, lease_ms=None, early_refresh=None))]
    #[allow(clippy::too_many_arguments)]
    fn get_or_load_blocking<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        loader: Bound<'py, PyAny>,
        runner: Bound<'py, PyAny>,
        ttl_ms: i64,
        jitter: f64,
        lease_ms: Option<i64>,
        early_refresh: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = aside::bytes_arg("key", key)?;
        let options = aside::load_options(py, ttl_ms, jitter, lease_ms, early_refresh)?;
        let client = self.live(py)?.clone();
        let loader = loader.unbind();
        let value = self.wait_with_calls(py, &runner, move |deliver| {
            let load = aside::bridge(loader, true, deliver);
            async move { client.get_or_load(key, options, load).await }
        })?;
        Ok(aside::value_to_py(py, &value, self.decode))
    }

    /// Async `write_through`: `writer()` then the cache is updated
    /// ("update") or invalidated ("invalidate").
    fn write_through<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
        writer: Bound<'py, PyAny>,
        ttl_ms: i64,
        mode: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let key = aside::bytes_arg("key", key)?;
        let value = aside::bytes_arg("value", value)?;
        let ttl = aside::load_options(py, ttl_ms, 0.0, None, None)?.ttl;
        let mode = aside::write_mode(py, mode)?;
        let client = match self.live(py) {
            Ok(c) => c.clone(),
            Err(e) => return self.failed_future(py, side, e),
        };
        let write = aside::bridge(writer.unbind(), false, self.loop_deliver()?);
        self.spawn_unit(py, side, async move {
            client
                .write_through(key, value, ttl, mode, move || async move {
                    write().await.map(|_| ())
                })
                .await
        })
    }

    /// `write_through` for SyncClient (the writer runs on the calling thread).
    #[allow(clippy::too_many_arguments)]
    fn write_through_blocking(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
        writer: Bound<'_, PyAny>,
        runner: Bound<'_, PyAny>,
        ttl_ms: i64,
        mode: &str,
    ) -> PyResult<()> {
        let key = aside::bytes_arg("key", key)?;
        let value = aside::bytes_arg("value", value)?;
        let ttl = aside::load_options(py, ttl_ms, 0.0, None, None)?.ttl;
        let mode = aside::write_mode(py, mode)?;
        let client = self.live(py)?.clone();
        let writer = writer.unbind();
        self.wait_with_calls(py, &runner, move |deliver| {
            let write = aside::bridge(writer, false, deliver);
            async move {
                client
                    .write_through(key, value, ttl, mode, move || async move {
                        write().await.map(|_| ())
                    })
                    .await
            }
        })
    }

    // ----------------------------------------------------- multi-endpoint --

    /// Async mode: `sink(list of (endpoint name, HealthReply))` answers
    /// custom health probes on the loop.
    fn subscribe_probes(&self, sink: Bound<'_, PyAny>) -> PyResult<()> {
        *self.side()?.probe_sink.lock() = Some(sink.unbind());
        Ok(())
    }

    /// Blocking mode: the probes for SyncClient's health thread. Call it
    /// before connecting with health checks.
    fn probe_stream(&self) -> PyResult<ha::ProbeStream> {
        if self.side.is_some() {
            return Err(PyRuntimeError::new_err(
                "probe_stream is for blocking engines",
            ));
        }
        let mut slot = self.probe_tx.lock();
        if slot.is_some() {
            return Err(PyRuntimeError::new_err(
                "this engine already has a probe stream",
            ));
        }
        let (tx, rx) = ha::channel();
        *slot = Some(tx);
        Ok(ha::ProbeStream::new(rx))
    }

    /// Lets Python answer the custom health checks of endpoint `name`.
    fn set_health_check(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        let client = self.live(py)?;
        let check = self.health_callback(py)?;
        client
            .set_health_check(name, check)
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Moves traffic to endpoint `name` (`force`: even if unhealthy).
    fn failover_to(&self, py: Python<'_>, name: &str, force: bool) -> PyResult<()> {
        let client = self.live(py)?;
        py.detach(|| client.failover_to(name, force))
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Async mode: adds an endpoint (a `haven.Endpoint` dict).
    fn add_endpoint<'py>(
        &self,
        py: Python<'py>,
        endpoint: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let side = self.side()?;
        let endpoint = config::endpoint(endpoint)?;
        let client = match self.live(py) {
            Ok(c) => c.clone(),
            Err(e) => return self.failed_future(py, side, e),
        };
        self.spawn_unit(py, side, async move { client.add_endpoint(endpoint).await })
    }

    /// `add_endpoint` for SyncClient.
    fn add_endpoint_blocking(&self, py: Python<'_>, endpoint: &Bound<'_, PyAny>) -> PyResult<()> {
        let endpoint = config::endpoint(endpoint)?;
        let client = self.live(py)?.clone();
        self.wait_engine(py, async move { client.add_endpoint(endpoint).await })
    }

    fn remove_endpoint(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        let client = self.live(py)?;
        py.detach(|| client.remove_endpoint(name))
            .map_err(|e| errors::engine_error(py, &e))
    }

    fn set_weight(&self, py: Python<'_>, name: &str, weight: f64) -> PyResult<()> {
        let client = self.live(py)?;
        client
            .set_weight(name, weight)
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// The active endpoint's name ("" while none is healthy).
    fn active_endpoint(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.live(py)?;
        client
            .active_endpoint()
            .map_err(|e| errors::engine_error(py, &e))
    }

    /// Every endpoint: (name, may take traffic, last error).
    fn endpoint_health(&self, py: Python<'_>) -> PyResult<Vec<HealthTuple>> {
        let client = self.live(py)?;
        client
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

/// Registers `check` as the custom health check of each named endpoint.
fn register_checks(
    client: &Client,
    names: &[String],
    check: &HealthCallback,
) -> haven_core::Result<()> {
    for name in names {
        client.set_health_check(name, check.clone())?;
    }
    Ok(())
}

impl Drop for Engine {
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
            std::mem::forget(self.side.take());
        }
    }
}

/// Connects, with the Python credential provider when there is one.
async fn connect_with(
    config: haven_core::proto::ClientConfig,
    provider: Option<Py<PyAny>>,
    refresh_ms: Option<u64>,
) -> haven_core::Result<Client> {
    match provider {
        None => Client::connect(config).await,
        Some(func) => {
            let refresh = refresh_ms.filter(|&ms| ms > 0).map(std::time::Duration::from_millis);
            Client::connect_with_credentials(config, crate::credentials::provider(func), refresh).await
        }
    }
}
