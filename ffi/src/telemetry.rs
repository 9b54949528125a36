//! OpenTelemetry and the stats snapshot from C: `haven_telemetry_init`
//! (the engine's process-wide switch, `haven_core::telemetry`),
//! `haven_telemetry_flush`, and `haven_client_stats`, the client's metrics
//! as JSON text (the same document every language's stats() reads). This
//! only converts arguments and errors.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use haven_core::telemetry::{self, TelemetryConfig};
use haven_core::Error;

use crate::{outcome, status, HavenClient};

/// An optional C string argument (NULL: none).
///
/// # Safety
/// `s` is NULL or a NUL-terminated string valid for the call.
unsafe fn optional(s: *const c_char, what: &str) -> Result<Option<String>, Error> {
    if s.is_null() {
        return Ok(None);
    }
    // SAFETY: non-null and NUL-terminated per the header's contract.
    let text = unsafe { CStr::from_ptr(s) };
    text.to_str().map(|t| Some(t.to_owned())).map_err(|_| Error::config(format!("telemetry {what}: not UTF-8")))
}

/// Turns OpenTelemetry on for the process, once: spans (one per command,
/// `sample_percentage` of them, 0 to 100) and metrics go to the OTLP
/// receiver at `endpoint` every `flush_interval_ms`, from haven's exporter
/// threads. `protocol` is "http/protobuf" (`endpoint` like
/// "http://collector:4318"; the signal paths are added) or "grpc"
/// ("http://collector:4317"); NULL: OTEL_EXPORTER_OTLP_PROTOCOL, else
/// http/protobuf. A NULL `endpoint`: the standard OTEL_EXPORTER_OTLP_*
/// variables. `service_name` (NULL: OTEL_SERVICE_NAME) names the service.
/// Argument values are never recorded. Returns 0, or -1 with the message
/// in `*error_out` (free it with haven_string_free): bad settings or a
/// second call.
///
/// # Safety
/// `endpoint`, `service_name` and `protocol` are NULL or NUL-terminated
/// strings; `error_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn haven_telemetry_init(
    endpoint: *const c_char,
    sample_percentage: f64,
    flush_interval_ms: u64,
    service_name: *const c_char,
    protocol: *const c_char,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let config = TelemetryConfig {
            // SAFETY: the caller's contract above.
            endpoint: unsafe { optional(endpoint, "endpoint") }?,
            // SAFETY: the caller's contract above.
            protocol: unsafe { optional(protocol, "protocol") }?,
            sample_percentage,
            flush_interval_ms,
            // SAFETY: the caller's contract above.
            service_name: unsafe { optional(service_name, "service_name") }?,
        };
        telemetry::init(config)
    }));
    status(result, error_out)
}

/// Sends the buffered spans and a metrics collection now, waiting for the
/// exporters. Returns 0, or -1 with the message in `*error_out`.
///
/// # Safety
/// `error_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn haven_telemetry_flush(error_out: *mut *mut c_char) -> i32 {
    status(catch_unwind(telemetry::flush), error_out)
}

/// The client's metrics snapshot as JSON text, works without a collector:
/// requests_total, requests_ok, requests_failed, errors (by kind), retries,
/// redirects, connects, reconnects, failovers, failbacks, breakers
/// (endpoint -> state), in_flight, parked_now, parked_total, cache (null
/// without one), duration_buckets_ms and durations (per command and
/// outcome: count, sum_ms, p50_ms, p99_ms, buckets). The caller frees it
/// with haven_string_free. NULL (and the message in `*error_out`) for a
/// NULL client.
///
/// # Safety
/// `client` is NULL or a live handle; `error_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn haven_client_stats(client: *const HavenClient, error_out: *mut *mut c_char) -> *mut c_char {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: NULL or a live handle (header contract).
        let handle = unsafe { client.as_ref() }.ok_or_else(|| Error::config("haven_client_stats: client is NULL"))?;
        let json = handle.client.stats().to_json();
        CString::new(json).map_err(|_| Error::internal("stats: a NUL in the JSON text"))
    }));
    outcome(result, error_out).map_or(std::ptr::null_mut(), CString::into_raw)
}
