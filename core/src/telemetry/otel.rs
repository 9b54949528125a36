//! The OpenTelemetry SDK's side: the tracer and meter providers with their
//! OTLP exporters, HTTP/protobuf or gRPC (each on the SDK's own thread: the
//! batch span processor, the periodic metric reader), the duration histogram, the
//! observed instruments read from the clients' counters, and the span of
//! a sampled request built once it has ended.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use opentelemetry::metrics::{Histogram, Meter, MeterProvider as _};
use opentelemetry::trace::{Span as _, SpanKind, Status, Tracer as _, TracerProvider as _};
use opentelemetry::{KeyValue, StringValue, Value};
use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider};
use opentelemetry_sdk::trace::{BatchConfigBuilder, BatchSpanProcessor, SdkTracer, SdkTracerProvider};
use opentelemetry_sdk::Resource;
use parking_lot::Mutex;

use super::http::BlockingHttp;
use super::notes::SpanNotes;
use super::stats::{Stats, BUCKETS_S};
use super::TelemetryConfig;
use crate::error::{Error, ErrorKind, Result};

pub(super) struct Otel {
    tracer_provider: SdkTracerProvider,
    tracer: SdkTracer,
    meter_provider: SdkMeterProvider,
    duration: Histogram<f64>,
}

/// "redis" or "valkey" as the servers said in their handshakes (learned
/// from sampled requests; "redis" until one says).
static SYSTEM: AtomicU8 = AtomicU8::new(0);

/// Whether a server said what it is yet.
pub(super) fn system_known() -> bool {
    SYSTEM.load(Ordering::Relaxed) != 0
}

pub(super) fn learn_system(server: &str) {
    SYSTEM.store(if server.eq_ignore_ascii_case("valkey") { 2 } else { 1 }, Ordering::Relaxed);
}

fn system() -> &'static str {
    match SYSTEM.load(Ordering::Relaxed) {
        2 => "valkey",
        _ => "redis",
    }
}

/// How spans and metrics travel to the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Protocol {
    /// OTLP/HTTP with protobuf bodies (the engine's own blocking client).
    HttpProtobuf,
    /// OTLP/gRPC (tonic, on the engine's runtime).
    Grpc,
}

impl Protocol {
    /// The protocol given, else the standard variables' (the per-signal
    /// ones must agree with it: one protocol for both signals), else
    /// http/protobuf.
    pub(super) fn choose(given: Option<&str>) -> Result<Protocol> {
        let parse = |what: &str, p: &str| match p.trim() {
            "http/protobuf" => Ok(Protocol::HttpProtobuf),
            "grpc" => Ok(Protocol::Grpc),
            other => Err(Error::config(format!(
                "telemetry {what}: {other:?} is not supported; use \"http/protobuf\" or \"grpc\""
            ))),
        };
        if let Some(p) = given {
            return parse("protocol", p);
        }
        let mut chosen = None;
        for var in ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] {
            if let Ok(p) = std::env::var(var) {
                if !p.trim().is_empty() {
                    let p = parse(var, &p)?;
                    if chosen.is_some_and(|c| c != p) {
                        return Err(Error::config(format!(
                            "telemetry {var}: traces and metrics must use one protocol (the OTEL_EXPORTER_OTLP_*PROTOCOL variables disagree)"
                        )));
                    }
                    chosen = Some(p);
                }
            }
        }
        Ok(chosen.unwrap_or(Protocol::HttpProtobuf))
    }
}

/// Checks an endpoint (given or from the environment): plain http:// only
/// (TLS to the receiver is not built in).
fn check_endpoint(endpoint: Option<&str>) -> Result<()> {
    let env = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];
    let given = endpoint.map(|e| ("endpoint", e.to_owned()));
    let from_env = env.iter().filter_map(|v| std::env::var(v).ok().filter(|e| !e.is_empty()).map(|e| (*v, e)));
    for (what, e) in given.into_iter().chain(endpoint.is_none().then_some(from_env).into_iter().flatten()) {
        if !e.starts_with("http://") {
            return Err(Error::config(format!(
                "telemetry {what}: {e:?} must be an http:// URL (TLS to the receiver is not built in)"
            )));
        }
    }
    Ok(())
}

fn timeout() -> Duration {
    std::env::var("OTEL_EXPORTER_OTLP_TIMEOUT")
        .ok()
        .and_then(|t| t.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(10))
}

type Exporters = (opentelemetry_otlp::SpanExporter, opentelemetry_otlp::MetricExporter);

fn failed(what: &str, e: &dyn std::fmt::Display) -> Error {
    Error::config(format!("telemetry: the {what} exporter: {e}"))
}

/// OTLP/HTTP: the signal paths added to the base URL.
fn http_exporters(base: Option<&str>) -> Result<Exporters> {
    let http = BlockingHttp { timeout: timeout() };
    let mut spans = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_http_client(http.clone())
        .with_protocol(opentelemetry_otlp::Protocol::HttpBinary);
    if let Some(base) = base {
        spans = spans.with_endpoint(format!("{base}/v1/traces"));
    }
    let spans = spans.build().map_err(|e| failed("span", &e))?;
    let mut metrics = opentelemetry_otlp::MetricExporter::builder()
        .with_http()
        .with_http_client(http)
        .with_protocol(opentelemetry_otlp::Protocol::HttpBinary);
    if let Some(base) = base {
        metrics = metrics.with_endpoint(format!("{base}/v1/metrics"));
    }
    let metrics = metrics.build().map_err(|e| failed("metric", &e))?;
    Ok((spans, metrics))
}

/// OTLP/gRPC: tonic channels made inside the engine's runtime, whose
/// connection tasks run there; the SDK's threads only wait for replies
/// (the exporters' retries sleep on those threads).
fn grpc_exporters(base: Option<&str>) -> Result<Exporters> {
    let handle = crate::runtime::handle()?;
    let _inside = handle.enter();
    let mut spans = opentelemetry_otlp::SpanExporter::builder().with_tonic().with_timeout(timeout());
    if let Some(base) = base {
        spans = spans.with_endpoint(base.to_owned());
    }
    let spans = spans.build().map_err(|e| failed("span", &e))?;
    let mut metrics = opentelemetry_otlp::MetricExporter::builder().with_tonic().with_timeout(timeout());
    if let Some(base) = base {
        metrics = metrics.with_endpoint(base.to_owned());
    }
    let metrics = metrics.build().map_err(|e| failed("metric", &e))?;
    Ok((spans, metrics))
}

impl Otel {
    pub(super) fn build(config: &TelemetryConfig) -> Result<Otel> {
        let protocol = Protocol::choose(config.protocol.as_deref())?;
        check_endpoint(config.endpoint.as_deref())?;
        let base = config.endpoint.as_deref().map(|e| e.trim_end_matches('/').to_owned());
        let (spans, metrics) = match protocol {
            Protocol::HttpProtobuf => http_exporters(base.as_deref())?,
            Protocol::Grpc => grpc_exporters(base.as_deref())?,
        };

        let mut resource = Resource::builder();
        if let Some(name) = &config.service_name {
            resource = resource.with_service_name(name.clone());
        }
        let resource = resource.build();
        let every = Duration::from_millis(config.flush_interval_ms);
        let processor = BatchSpanProcessor::builder(spans)
            .with_batch_config(BatchConfigBuilder::default().with_scheduled_delay(every).build())
            .build();
        let tracer_provider =
            SdkTracerProvider::builder().with_span_processor(processor).with_resource(resource.clone()).build();
        let tracer = tracer_provider.tracer("haven");
        let reader = PeriodicReader::builder(metrics).with_interval(every).build();
        let meter_provider = SdkMeterProvider::builder().with_reader(reader).with_resource(resource).build();
        let meter = meter_provider.meter("haven");
        let duration = meter
            .f64_histogram("db.client.operation.duration")
            .with_unit("s")
            .with_description("Duration of database client operations (haven: one per command or batch)")
            .with_boundaries(BUCKETS_S.to_vec())
            .build();
        observe(&meter);
        Ok(Otel { tracer_provider, tracer, meter_provider, duration })
    }

    /// The duration histogram bound to one command and outcome (made once
    /// per pair and client; recording on it needs no attribute look-up).
    pub(super) fn bind(&self, command: &Arc<str>, outcome: std::result::Result<(), ErrorKind>) -> super::stats::Bound {
        let op = KeyValue::new("db.operation.name", Value::String(StringValue::from(command.clone())));
        let sys = KeyValue::new("db.system.name", system());
        match outcome {
            Ok(()) => self.duration.bind(&[sys, op]),
            Err(kind) => self.duration.bind(&[sys, op, KeyValue::new("error.type", kind.name())]),
        }
    }

    /// The span of a sampled request, built after it ended.
    pub(super) fn span(
        &self,
        command: &Arc<str>,
        batch: Option<usize>,
        outcome: std::result::Result<(), ErrorKind>,
        took: Duration,
        notes: &SpanNotes,
        (retries, redirects): (u32, u32),
    ) {
        if let Some(server) = &notes.server {
            learn_system(server);
        }
        let mut attributes = vec![
            KeyValue::new("db.system.name", system()),
            KeyValue::new("db.operation.name", Value::String(StringValue::from(command.clone()))),
        ];
        if let Some((host, port)) = &notes.node {
            attributes.push(KeyValue::new("server.address", host.clone()));
            attributes.push(KeyValue::new("server.port", i64::from(*port)));
        }
        if let Some(count) = batch {
            attributes.push(KeyValue::new("db.operation.batch.size", count as i64));
        }
        if retries > 0 {
            attributes.push(KeyValue::new("haven.retries", i64::from(retries)));
        }
        if redirects > 0 {
            attributes.push(KeyValue::new("haven.redirects", i64::from(redirects)));
        }
        if let Err(kind) = outcome {
            attributes.push(KeyValue::new("error.type", kind.name()));
        }
        let mut span = self
            .tracer
            .span_builder(Cow::Owned(command.to_string()))
            .with_kind(SpanKind::Client)
            .with_start_time(notes.start)
            .with_attributes(attributes)
            .start(&self.tracer);
        for event in &notes.events {
            let attrs = event.reason.iter().map(|r| KeyValue::new("haven.reason", r.clone())).collect();
            span.add_event_with_timestamp(event.name, event.time, attrs);
        }
        if let Err(kind) = outcome {
            span.set_status(Status::error(kind.name()));
        }
        span.end_with_timestamp(notes.start + took);
    }

    pub(super) fn flush(&self) -> Result<()> {
        let spans = self.tracer_provider.force_flush();
        let metrics = self.meter_provider.force_flush();
        spans.and(metrics).map_err(|e| Error::connection(format!("telemetry flush: {e}")))
    }

    pub(super) fn shutdown(&self, timeout: Duration) {
        let _ = self.tracer_provider.shutdown_with_timeout(timeout);
        let _ = self.meter_provider.shutdown_with_timeout(timeout);
    }
}

/// The clients' snapshots, taken once per collection however many
/// instruments read them.
fn current() -> Arc<Vec<Stats>> {
    static LAST: Mutex<Option<(Instant, Arc<Vec<Stats>>)>> = Mutex::new(None);
    let mut last = LAST.lock();
    if let Some((at, stats)) = &*last {
        if at.elapsed() < Duration::from_millis(200) {
            return stats.clone();
        }
    }
    let stats = Arc::new(super::snapshots());
    *last = Some((Instant::now(), stats.clone()));
    stats
}

fn sum(f: impl Fn(&Stats) -> u64) -> u64 {
    current().iter().map(f).sum()
}

/// The metrics observed from the clients' counters (summed over the live
/// clients of the process).
fn observe(meter: &Meter) {
    let counters: [(&'static str, &'static str, fn(&Stats) -> u64); 8] = [
        ("haven.client.retries", "Requests sent again after a failure", |s| s.retries),
        ("haven.client.redirects", "MOVED/ASK/READONLY redirects followed", |s| s.redirects),
        ("haven.client.reconnects", "Connections re-established to a node", |s| s.reconnects),
        ("haven.client.failovers", "Multi-endpoint failovers", |s| s.failovers),
        ("haven.client.failbacks", "Multi-endpoint failbacks", |s| s.failbacks),
        ("haven.client.cache.hits", "Client-side cache hits", |s| s.gauges.cache.as_ref().map_or(0, |c| c.hits)),
        ("haven.client.cache.misses", "Client-side cache misses", |s| s.gauges.cache.as_ref().map_or(0, |c| c.misses)),
        ("haven.client.cache.invalidations", "Client-side cache invalidations", |s| {
            s.gauges.cache.as_ref().map_or(0, |c| c.invalidations)
        }),
    ];
    for (name, description, read) in counters {
        meter.u64_observable_counter(name).with_description(description).with_callback(move |o| o.observe(sum(read), &[])).build();
    }
    meter
        .u64_observable_counter("haven.client.errors")
        .with_description("Requests that ended with an error, by kind")
        .with_callback(|o| {
            let mut by_kind = std::collections::BTreeMap::<&'static str, u64>::new();
            for s in current().iter() {
                for (k, n) in &s.errors {
                    *by_kind.entry(k).or_default() += n;
                }
            }
            for (k, n) in by_kind {
                o.observe(n, &[KeyValue::new("error.type", k)]);
            }
        })
        .build();
    meter
        .u64_observable_counter("haven.client.requests.parked.total")
        .with_description("Requests that waited, parked, for a reachable primary")
        .with_callback(|o| o.observe(sum(|s| s.gauges.park.parked_total), &[]))
        .build();
    meter
        .i64_observable_up_down_counter("haven.client.requests.parked")
        .with_description("Requests waiting, parked, for a reachable primary now")
        .with_callback(|o| o.observe(sum(|s| s.gauges.park.parked_now) as i64, &[]))
        .build();
    meter
        .i64_observable_up_down_counter("haven.client.requests.in_flight")
        .with_description("Requests in flight now")
        .with_callback(|o| o.observe(sum(|s| s.gauges.in_flight) as i64, &[]))
        .build();
    meter
        .u64_observable_gauge("haven.client.breaker.state")
        .with_description("Multi-endpoint circuit breaker state: 0 closed, 1 half open, 2 open")
        .with_callback(|o| {
            for s in current().iter() {
                for (endpoint, state) in &s.breakers {
                    let v = match *state {
                        "open" => 2,
                        "half_open" => 1,
                        _ => 0,
                    };
                    o.observe(v, &[KeyValue::new("haven.endpoint", endpoint.clone())]);
                }
            }
        })
        .build();
}
