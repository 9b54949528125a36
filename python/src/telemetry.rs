//! `haven.telemetry`: OpenTelemetry's process-wide switch, and a client's
//! `stats()` as JSON text. The engine does the work
//! (`haven_core::telemetry`); this only converts arguments and errors.

use pyo3::prelude::*;

use haven_core::telemetry::{self, TelemetryConfig};

use crate::errors;

/// Turns OpenTelemetry on for the process (see haven.telemetry.init).
#[pyfunction]
#[pyo3(signature = (endpoint=None, sample_percentage=1.0, flush_interval_ms=5000, service_name=None, protocol=None))]
pub fn telemetry_init(
    py: Python<'_>,
    endpoint: Option<String>,
    sample_percentage: f64,
    flush_interval_ms: u64,
    service_name: Option<String>,
    protocol: Option<String>,
) -> PyResult<()> {
    let config = TelemetryConfig { endpoint, protocol, sample_percentage, flush_interval_ms, service_name };
    py.detach(|| telemetry::init(config)).map_err(|e| errors::engine_error(py, &e))
}

/// Sends buffered spans and a metrics collection now, waiting (without
/// the GIL) for the exporters.
#[pyfunction]
pub fn telemetry_flush(py: Python<'_>) -> PyResult<()> {
    py.detach(telemetry::flush).map_err(|e| errors::engine_error(py, &e))
}

/// Whether telemetry.init ran in this process.
#[pyfunction]
pub fn telemetry_enabled() -> bool {
    telemetry::enabled()
}
