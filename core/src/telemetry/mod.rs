//! OpenTelemetry traces and metrics, process-wide, and every client's
//! `stats()` counters.
//!
//! `init` turns OpenTelemetry on once per process: spans and metrics go to
//! an OTLP receiver over HTTP/protobuf or gRPC, by the exporters' own threads (the
//! SDK's batch span processor and periodic metric reader), never on a
//! request's path. With no endpoint, the standard `OTEL_EXPORTER_OTLP_*`
//! variables (endpoint, protocol, headers, timeout, per-signal endpoints),
//! `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_BSP_*` and
//! `OTEL_METRIC_EXPORT_INTERVAL` apply.
//!
//! - Traces (`otel`): one span per command, named after it, with the
//!   database-client conventions (db.system.name, db.operation.name,
//!   server.address, server.port, error.type) and events for retries,
//!   redirects, parking and failover (`notes`); batches and transactions
//!   one span with db.operation.batch.size. Argument values are never
//!   recorded. Whether a request is sampled is decided before anything
//!   else (`sample`: one relaxed load when tracing is off, a thread-local
//!   random number when on); an unsampled request records nothing for its
//!   span.
//! - Metrics: the request-duration histogram by command and outcome is
//!   recorded per request; every other metric (errors by kind, retries,
//!   redirects, reconnects, failovers, failbacks, breaker state, parked and
//!   in-flight requests, cache hits/misses/invalidations) is observed from
//!   the clients' own counters (`stats`) when the reader collects.
//! - `stats`: those counters, kept whether or not OpenTelemetry is on.

mod http;
pub mod notes;
mod otel;
pub mod stats;

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, Weak};
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::error::{Error, ErrorKind, Result};
pub use notes::RequestNotes;
pub use stats::{ClientStats, Gauges, Stats};

/// `init`'s settings.
#[derive(Clone, Debug)]
pub struct TelemetryConfig {
    /// The OTLP receiver's base URL: for http/protobuf
    /// "http://collector:4318" (the signal paths /v1/traces and /v1/metrics
    /// are added), for grpc "http://collector:4317". None: the
    /// `OTEL_EXPORTER_OTLP_*` variables, else localhost at the protocol's
    /// standard port.
    pub endpoint: Option<String>,
    /// "http/protobuf" or "grpc". None: `OTEL_EXPORTER_OTLP_PROTOCOL` (and
    /// the per-signal variables), else http/protobuf.
    pub protocol: Option<String>,
    /// Percentage of commands traced, 0 to 100.
    pub sample_percentage: f64,
    /// How often spans and metrics are sent, in ms (at least 1).
    pub flush_interval_ms: u64,
    /// The `service.name` resource attribute (else `OTEL_SERVICE_NAME`).
    pub service_name: Option<String>,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig { endpoint: None, protocol: None, sample_percentage: 1.0, flush_interval_ms: 5000, service_name: None }
    }
}

/// The sampling threshold: a request is traced when a random u64 is below
/// it; 0: tracing off.
static THRESHOLD: AtomicU64 = AtomicU64::new(0);

/// The exporters, once `init` ran.
static OTEL: OnceLock<otel::Otel> = OnceLock::new();

/// Every live client's counters, for the metrics' callbacks: whether the
/// client is still there, and its snapshot.
type Source = (Box<dyn Fn() -> bool + Send + Sync>, Box<dyn Fn() -> Option<Stats> + Send + Sync>);
static SOURCES: Mutex<Vec<Source>> = Mutex::new(Vec::new());

/// Turns OpenTelemetry on for the whole process. A second call is a
/// ConfigError (the first one's settings hold); so are a percentage outside
/// 0..=100, a zero interval, a protocol other than http/protobuf or grpc,
/// and an https endpoint.
pub fn init(config: TelemetryConfig) -> Result<()> {
    if !(0.0..=100.0).contains(&config.sample_percentage) || config.sample_percentage.is_nan() {
        return Err(Error::config(format!(
            "telemetry sample_percentage: between 0 and 100 (got {})",
            config.sample_percentage
        )));
    }
    if config.flush_interval_ms == 0 {
        return Err(Error::config("telemetry flush_interval_ms: at least 1"));
    }
    if OTEL.get().is_some() {
        return Err(Error::config("telemetry: already initialized in this process"));
    }
    let built = otel::Otel::build(&config)?;
    if OTEL.set(built).is_err() {
        return Err(Error::config("telemetry: already initialized in this process"));
    }
    THRESHOLD.store(threshold(config.sample_percentage), Ordering::Relaxed);
    tracing::info!(
        target: crate::logging::ENGINE,
        "OpenTelemetry on: {}% of commands traced, exported every {} ms",
        config.sample_percentage,
        config.flush_interval_ms
    );
    Ok(())
}

fn threshold(percentage: f64) -> u64 {
    if percentage <= 0.0 {
        0
    } else if percentage >= 100.0 {
        u64::MAX
    } else {
        ((percentage / 100.0) * (u64::MAX as f64)) as u64
    }
}

/// Whether `init` ran.
pub fn enabled() -> bool {
    OTEL.get().is_some()
}

/// Sends what is buffered now (spans and a metrics collection), waiting
/// for the exporters; for tests and before a process exits.
pub fn flush() -> Result<()> {
    match OTEL.get() {
        Some(o) => o.flush(),
        None => Ok(()),
    }
}

/// Whether the request starting now is traced. Decided before any span
/// work: with tracing off, one relaxed load.
#[inline]
pub fn sample() -> bool {
    let t = THRESHOLD.load(Ordering::Relaxed);
    t != 0 && (t == u64::MAX || next_random() < t)
}

thread_local! {
    static RNG: Cell<u64> = const { Cell::new(0) };
}

/// xorshift64*, per thread, seeded from the clock and the thread.
fn next_random() -> u64 {
    RNG.with(|s| {
        let mut x = s.get();
        if x == 0 {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x9E37_79B9_7F4A_7C15);
            x = seed ^ (s as *const Cell<u64> as u64).rotate_left(32) | 1;
        }
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

/// Registers a client's counters with the metrics (held weakly: a client
/// that is gone stops counting).
pub fn register<T: Send + Sync + 'static>(client: Weak<T>, snapshot: fn(&T) -> Stats) {
    let mut sources = SOURCES.lock();
    // Clients that are gone are forgotten here too (not only when the
    // metrics are read), so a process that never turns telemetry on does
    // not keep one entry per client it ever made.
    sources.retain(|(alive, _)| alive());
    let alive = client.clone();
    sources.push((
        Box::new(move || alive.strong_count() > 0),
        Box::new(move || client.upgrade().map(|c| snapshot(&c))),
    ));
}

/// Every live client's snapshot (and forgets the clients that are gone).
pub(crate) fn snapshots() -> Vec<Stats> {
    let mut out = Vec::new();
    let mut sources = SOURCES.lock();
    sources.retain(|(_, s)| match s() {
        Some(stats) => {
            out.push(stats);
            true
        }
        None => false,
    });
    out
}

/// What a finished request was, for its metrics and span.
pub enum Finished<'a> {
    /// One command: its name as sent.
    Command(&'a [u8]),
    /// A batch of `count` commands, atomic (MULTI/EXEC) or pipelined.
    Batch { count: usize, atomic: bool },
}

/// Records a finished request: the client's counters, the OpenTelemetry
/// duration histogram (when on) and, when it was sampled, its span.
pub fn finish(
    stats: &ClientStats,
    what: Finished<'_>,
    outcome: std::result::Result<(), ErrorKind>,
    started: Instant,
    notes: Option<&RequestNotes>,
) {
    let took = started.elapsed();
    let name: &[u8] = match what {
        Finished::Command(name) => name,
        Finished::Batch { atomic: true, .. } => b"MULTI",
        Finished::Batch { atomic: false, .. } => b"PIPELINE",
    };
    let (retries, redirects) = notes.map(|n| (n.retries(), n.redirects())).unwrap_or((0, 0));
    let Some(o) = OTEL.get() else {
        stats.record(name, outcome, took, retries, redirects, None);
        return;
    };
    let Some(canonical) = stats.record(name, outcome, took, retries, redirects, Some(&|c, out| o.bind(c, out))) else {
        return;
    };
    {
        let batch = match what {
            Finished::Batch { count, .. } => Some(count),
            Finished::Command(_) => None,
        };
        if let Some(span) = notes.and_then(RequestNotes::span) {
            o.span(&canonical, batch, outcome, took, &span.lock(), (retries, redirects));
        }
    }
}

/// Shuts the exporters down, sending what is buffered (at process exit).
pub fn shutdown(timeout: Duration) {
    if let Some(o) = OTEL.get() {
        THRESHOLD.store(0, Ordering::Relaxed);
        o.shutdown(timeout);
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_follows_the_percentage() {
        assert_eq!(threshold(0.0), 0);
        assert_eq!(threshold(100.0), u64::MAX);
        let t = threshold(10.0);
        let hits = (0..100_000).filter(|_| next_random() < t).count();
        assert!((8_000..12_000).contains(&hits), "{hits}");
    }

    #[test]
    fn bad_settings_are_config_errors() {
        let bad = TelemetryConfig { sample_percentage: 101.0, ..Default::default() };
        assert_eq!(init(bad).err().map(|e| e.kind()), Some(ErrorKind::Config));
        let bad = TelemetryConfig { flush_interval_ms: 0, ..Default::default() };
        assert_eq!(init(bad).err().map(|e| e.kind()), Some(ErrorKind::Config));
    }
}
