//! Custom health checks written in Python. The engine's health loop calls a
//! `HealthCallback` on an engine thread; the one built here never touches
//! Python: it queues a `Probe` (the endpoint's name and a one-shot reply
//! slot) for the asyncio loop (async clients, through the completion queue)
//! or for SyncClient's probe thread (a bounded channel), and awaits the
//! answer. Python runs the check and calls `HealthReply.set(bool)`. A probe
//! nobody answers in time is dropped by the engine's probe timeout and counts
//! as unhealthy, so a slow, hung or raising check can never block or
//! deadlock an engine thread.

use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use pyo3::prelude::*;

use haven_core::failover::HealthCallback;

use crate::answer::{self, Slot};

/// Probes a slow SyncClient probe thread may fall behind by; more fail at
/// once (unhealthy) rather than queue up.
const PROBE_CAPACITY: usize = 256;

/// The longest one `ProbeStream.next` waits.
const MAX_WAIT: Duration = Duration::from_secs(3600);

/// One probe waiting for a Python answer.
pub struct Probe {
    pub name: String,
    pub reply: Slot<bool>,
}

impl Probe {
    pub fn into_tuple(self) -> (String, HealthReply) {
        (self.name, HealthReply { reply: self.reply })
    }
}

/// The answer slot of one probe, handed to Python.
#[pyclass(module = "haven._haven", frozen)]
pub struct HealthReply {
    reply: Slot<bool>,
}

#[pymethods]
impl HealthReply {
    /// Answers the probe (only the first answer counts; an answer after the
    /// engine's probe timeout is ignored).
    fn set(&self, healthy: bool) {
        self.reply.answer(healthy);
    }
}

/// A callback that hands each probe to `deliver` and awaits its answer;
/// a probe `deliver` drops (or nobody answers) is unhealthy.
pub fn callback(deliver: impl Fn(Probe) + Send + Sync + 'static) -> HealthCallback {
    Arc::new(move |name: &str| {
        let name = name.to_string();
        Box::pin(answer::ask(
            |reply| deliver(Probe { name, reply }),
            || false,
        ))
    })
}

pub fn channel() -> (SyncSender<Probe>, Receiver<Probe>) {
    std::sync::mpsc::sync_channel(PROBE_CAPACITY)
}

/// `deliver` for SyncClient: a full or closed channel drops the probe.
pub fn channel_deliver(tx: SyncSender<Probe>) -> impl Fn(Probe) + Send + Sync + 'static {
    move |probe| {
        let _ = tx.try_send(probe);
    }
}

/// SyncClient's probe stream, read by its "haven-health" thread.
#[pyclass(module = "haven._haven", frozen)]
pub struct ProbeStream {
    rx: Mutex<Receiver<Probe>>,
}

impl ProbeStream {
    pub fn new(rx: Receiver<Probe>) -> Self {
        ProbeStream { rx: Mutex::new(rx) }
    }
}

#[pymethods]
impl ProbeStream {
    /// Waits up to `timeout` seconds (without the GIL) for the next probe:
    /// (endpoint name, HealthReply), None on timeout; StopIteration once the
    /// client is closed.
    fn next(&self, py: Python<'_>, timeout: f64) -> PyResult<Option<(String, HealthReply)>> {
        let probe = crate::stream::next(py, &self.rx, timeout, MAX_WAIT, false)?;
        Ok(probe.map(Probe::into_tuple))
    }
}
