//! The blocking read side of SyncClient's streams (events, pub/sub
//! messages, health probes): engine threads push into a bounded channel and
//! never block; a Python thread takes the next item with the GIL released.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use parking_lot::Mutex;
use pyo3::exceptions::{PyStopIteration, PyValueError};
use pyo3::prelude::*;

/// How often a wait that looks at signals wakes for them.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Waits up to `timeout` seconds (at most `max`), without the GIL, for the
/// next item of `rx`: None on timeout; StopIteration once every sender is
/// gone and every item was read. With `signals`, the wait wakes every
/// SIGNAL_CHECK to run Python's signal handlers (a main-thread reader can be
/// interrupted); without, it is one wait (a background thread's).
pub fn next<T: Send>(
    py: Python<'_>,
    rx: &Mutex<Receiver<T>>,
    timeout: f64,
    max: Duration,
    signals: bool,
) -> PyResult<Option<T>> {
    if !timeout.is_finite() || timeout < 0.0 {
        return Err(PyValueError::new_err(format!(
            "timeout: must be a non-negative number of seconds, got {timeout}"
        )));
    }
    let mut left = Duration::from_secs_f64(timeout.min(max.as_secs_f64()));
    loop {
        let wait = if signals {
            left.min(SIGNAL_CHECK)
        } else {
            left
        };
        match py.detach(|| rx.lock().recv_timeout(wait)) {
            Ok(item) => return Ok(Some(item)),
            Err(RecvTimeoutError::Timeout) => {
                left = left.saturating_sub(wait);
                if left.is_zero() {
                    return Ok(None);
                }
                py.check_signals()?;
            }
            Err(RecvTimeoutError::Disconnected) => return Err(PyStopIteration::new_err(())),
        }
    }
}
