//! `haven._haven`: the native half of haven's Python package. It turns
//! Python arguments into serialized `CommandRequest`s for the engine
//! (`Client::submit`) and serialized `Response`s back into Python objects.
//!
//! Modules, one concept each:
//! - `args`: Python arguments -> protobuf request bytes, one copy per argument
//! - `reply`: protobuf response -> Python objects (redis-py's shapes)
//! - `errors`: engine error kinds -> `haven.exceptions` classes
//! - `config`: the Python configuration dict -> `proto::ClientConfig`
//! - `credentials`: the credential provider written in Python
//! - `completion`: the queue + socket that wakes the asyncio loop once per batch
//! - `engine`: the engine classes the Python clients wrap, one per mode
//!   (`AsyncEngine`, `SyncEngine`) over what both share (`EngineBase`)
//! - `events`: engine events to Python (loop queue or a blocking stream)
//! - `answer`: the one-shot answer slot of a question the engine puts to Python
//! - `ha`: custom health checks answered by Python callables
//! - `aside`: cache-aside loaders and write-through writers run by Python
//! - `pubsub`: pub/sub messages to Python, and the pub/sub actions
//! - `stream`: the blocking read of SyncClient's event/message/probe streams
//! - `logs`: the engine's log records, taken by the Python thread of `haven._logs`

mod answer;
mod args;
mod aside;
mod completion;
mod config;
mod credentials;
mod engine;
mod errors;
mod events;
mod ha;
mod logs;
mod pubsub;
mod reply;
mod stream;
mod telemetry;

use pyo3::prelude::*;

/// The engine threads of a Python process unless told otherwise: one per
/// core but the one the interpreter's thread keeps busy, at least one. The
/// GIL thread feeds every request, so workers beyond that only contend with
/// it for the cores and bounce requests between themselves; on 2 cores one
/// worker instead of two took the 1-task p50 from 183.9 to 130.6 µs and 100
/// tasks from 88k to 138k ops/s against the local cluster (bench.py).
fn default_worker_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
}

/// Sets the number of engine worker threads (0: one per core). Must be called
/// before the first client connects.
#[pyfunction]
fn configure_runtime(py: Python<'_>, worker_threads: i64) -> PyResult<()> {
    let threads = usize::try_from(worker_threads).map_err(|_| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "worker_threads: must be >= 0, got {worker_threads}"
        ))
    })?;
    haven_core::runtime::configure(threads).map_err(|e| errors::engine_error(py, &e))
}

/// The engine's defaults (`haven_core::defaults::ALL`) as a dict by the
/// contract's `Message.field`: the initial values of the config dataclasses.
fn defaults(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
    use haven_core::defaults::DefaultValue;
    let out = pyo3::types::PyDict::new(py);
    for (name, value) in haven_core::defaults::ALL {
        match value {
            DefaultValue::Int(n) => out.set_item(name, n)?,
            DefaultValue::Float(x) => out.set_item(name, x)?,
            DefaultValue::Text(t) => out.set_item(name, t)?,
        }
    }
    Ok(out)
}

#[pymodule]
fn _haven(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Only fails when the runtime already runs (another binding in this
    // process started it): then it keeps the size it has.
    let _ = haven_core::runtime::configure(default_worker_threads());
    m.add_class::<engine::EngineBase>()?;
    m.add_class::<engine::AsyncEngine>()?;
    m.add_class::<engine::SyncEngine>()?;
    m.add_class::<events::EventStream>()?;
    m.add_class::<ha::HealthReply>()?;
    m.add_class::<ha::ProbeStream>()?;
    m.add_class::<aside::CallReply>()?;
    m.add_class::<pubsub::MessageStream>()?;
    m.add_function(wrap_pyfunction!(configure_runtime, m)?)?;
    m.add_function(wrap_pyfunction!(config::url_settings, m)?)?;
    m.add_function(wrap_pyfunction!(engine::before_fork, m)?)?;
    m.add_function(wrap_pyfunction!(engine::after_fork_in_parent, m)?)?;
    m.add_function(wrap_pyfunction!(engine::after_fork_in_child, m)?)?;
    m.add_function(wrap_pyfunction!(engine::fork_generation, m)?)?;
    m.add_function(wrap_pyfunction!(logs::start_logs, m)?)?;
    m.add_function(wrap_pyfunction!(logs::take_logs, m)?)?;
    m.add_function(wrap_pyfunction!(logs::wake_logs, m)?)?;
    m.add_function(wrap_pyfunction!(logs::set_log_level, m)?)?;
    m.add_function(wrap_pyfunction!(telemetry::telemetry_init, m)?)?;
    m.add_function(wrap_pyfunction!(telemetry::telemetry_flush, m)?)?;
    m.add_function(wrap_pyfunction!(telemetry::telemetry_enabled, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULTS", defaults(m.py())?)?;
    Ok(())
}
