//! The engine's log records on their way to Python's `logging`: the engine
//! queues them (`haven_core::logging`, bounded, never waiting for Python)
//! and one Python thread of `haven._logs` takes them in batches with
//! `take_logs`, waiting without the GIL, then hands each to the logger
//! named after its target ("haven.connection", ...). No engine thread ever
//! touches Python, so logging can neither hold the GIL in the engine nor
//! deadlock with code that holds it.

use std::time::Duration;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use haven_core::logging;

/// The longest one `take_logs` waits.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// (level 1 error .. 5 trace, logger name, message, time in ms since the epoch)
pub type LogTuple = (u8, String, String, i64);

/// Makes the engine queue its records for `take_logs`; false when another
/// subscriber owns the process (it never does in a Python process).
#[pyfunction]
pub fn start_logs() -> bool {
    logging::install()
}

/// Waits up to `timeout` seconds (without the GIL) for records; returns
/// what is queued, possibly nothing.
#[pyfunction]
pub fn take_logs(py: Python<'_>, timeout: f64) -> PyResult<Vec<LogTuple>> {
    if !timeout.is_finite() || timeout < 0.0 {
        return Err(PyValueError::new_err(format!(
            "timeout: must be a non-negative number of seconds, got {timeout}"
        )));
    }
    let wait = Duration::from_secs_f64(timeout.min(MAX_WAIT.as_secs_f64()));
    let records = py.detach(|| {
        let mut out = Vec::new();
        logging::take(&mut out, wait);
        out
    });
    Ok(records
        .into_iter()
        .map(|r| (r.level as u8, r.logger, r.message, r.time_unix_ms))
        .collect())
}

/// Ends a `take_logs` that is waiting (the delivery thread stopping).
#[pyfunction]
pub fn wake_logs() {
    logging::wake();
}

/// Sets the engine's process-wide log level ("info", "debug",
/// "haven=info,haven::connection=debug", ...); ConfigError on bad syntax.
/// Returns False when HAVEN_LOG is set: it wins.
#[pyfunction]
pub fn set_log_level(py: Python<'_>, level: &str) -> PyResult<bool> {
    logging::set_level("level", level).map_err(|e| crate::errors::engine_error(py, &e))
}
