//! `telemetry.init({...})` and `telemetry.flush()` for Node: OpenTelemetry's
//! process-wide switch in the engine (`haven_core::telemetry`); this only
//! converts arguments and errors.

use napi_derive::napi;

use haven_core::telemetry::{self, TelemetryConfig};

/// Turns OpenTelemetry on for the process (see src/telemetry.ts).
#[napi(catch_unwind)]
pub fn telemetry_init(
    endpoint: Option<String>,
    sample_percentage: Option<f64>,
    flush_interval_ms: Option<f64>,
    service_name: Option<String>,
    protocol: Option<String>,
) -> napi::Result<()> {
    let defaults = TelemetryConfig::default();
    let flush = match flush_interval_ms {
        None => defaults.flush_interval_ms,
        Some(ms) if ms.is_finite() && ms >= 0.0 && ms.fract() == 0.0 => ms as u64,
        Some(ms) => {
            let e = haven_core::Error::config(format!("telemetry flushIntervalMs: a whole number of ms (got {ms})"));
            return Err(crate::client::engine_error(&e));
        }
    };
    let config = TelemetryConfig {
        endpoint,
        protocol,
        sample_percentage: sample_percentage.unwrap_or(defaults.sample_percentage),
        flush_interval_ms: flush,
        service_name,
    };
    telemetry::init(config).map_err(|e| crate::client::engine_error(&e))
}

/// Sends buffered spans and a metrics collection now (blocks until the
/// exporters answer; meant for tests and before exit).
#[napi(catch_unwind)]
pub fn telemetry_flush() -> napi::Result<()> {
    telemetry::flush().map_err(|e| crate::client::engine_error(&e))
}

/// Whether telemetry.init ran in this process.
#[napi(catch_unwind)]
pub fn telemetry_enabled() -> bool {
    telemetry::enabled()
}
