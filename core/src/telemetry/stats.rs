//! A client's own counters and request-duration histograms, kept whether
//! or not OpenTelemetry is on, and the `Stats` snapshot every language's
//! `stats()` returns (as JSON text across the shims). The OpenTelemetry
//! metrics (`otel`) are read from the same counters, so both agree.
//!
//! Per request: one short lock (the histogram of its command and outcome)
//! and a few relaxed atomic adds. Connection, failover and circuit counters
//! come from the client's event stream, counted by one task per client.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use parking_lot::Mutex;

use crate::error::ErrorKind;
use crate::events::EventObserver;
use crate::proto::{Event, EventKind};

/// Upper bounds of the duration buckets, in seconds (the last bucket is
/// everything above the last bound). The OpenTelemetry histogram uses the
/// same bounds.
pub const BUCKETS_S: [f64; 16] =
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Distinct command names tracked per client; the rest count as "OTHER".
const MAX_COMMANDS: usize = 512;

/// Every error kind, in the order of the error counters (the kinds' one
/// table, by number).
const KINDS: [ErrorKind; 10] = ErrorKind::ALL;

fn kind_index(kind: ErrorKind) -> usize {
    // Numbered from 1 (the contract's 0 is "unspecified").
    kind as usize - 1
}

/// Durations of one command with one outcome.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Histogram {
    pub count: u64,
    pub sum_s: f64,
    /// `BUCKETS_S.len() + 1` counts.
    pub buckets: Vec<u64>,
}

impl Histogram {
    fn record(&mut self, seconds: f64) {
        if self.buckets.is_empty() {
            self.buckets = vec![0; BUCKETS_S.len() + 1];
        }
        let i = BUCKETS_S.iter().position(|b| seconds <= *b).unwrap_or(BUCKETS_S.len());
        self.buckets[i] += 1;
        self.count += 1;
        self.sum_s += seconds;
    }

    fn merge(&mut self, other: &Histogram) {
        if self.buckets.is_empty() {
            self.buckets = vec![0; BUCKETS_S.len() + 1];
        }
        for (into, n) in self.buckets.iter_mut().zip(&other.buckets) {
            *into += n;
        }
        self.count += other.count;
        self.sum_s += other.sum_s;
    }

    /// The duration below which `q` (0..1) of the requests ended: the upper
    /// bound of the bucket holding that rank (seconds).
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let rank = ((self.count as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= rank {
                return BUCKETS_S.get(i).copied().unwrap_or(f64::INFINITY);
            }
        }
        f64::INFINITY
    }
}

/// The OpenTelemetry histogram bound to one command and outcome.
pub type Bound = opentelemetry::metrics::BoundHistogram<f64>;

/// One command's histograms by outcome ("ok" or an error kind's name),
/// each with its bound OpenTelemetry histogram once telemetry is on.
struct CommandEntry {
    name: Arc<str>,
    by_outcome: Vec<(&'static str, Histogram, Option<Bound>)>,
}

#[derive(Default)]
struct EventCounts {
    connects: u64,
    disconnects: u64,
    reconnects: u64,
    reconnect_failures: u64,
    primary_changes: u64,
    topology_changes: u64,
    failovers: u64,
    failbacks: u64,
    manual_switches: u64,
    circuit_opened: u64,
    /// Endpoint -> "closed" / "open" / "half_open".
    breakers: BTreeMap<String, &'static str>,
    connected_once: HashSet<String>,
}

/// A client's counters. Shared by the client and its event task.
#[derive(Default)]
pub struct ClientStats {
    /// Keyed by the name as sent, with a fast hash: looked up once per
    /// request.
    commands: Mutex<HashMap<Bytes, CommandEntry, foldhash::fast::RandomState>>,
    ok: AtomicU64,
    errors: [AtomicU64; KINDS.len()],
    retries: AtomicU64,
    redirects: AtomicU64,
    events: Mutex<EventCounts>,
}

/// What a client knows beside its own counters, for a snapshot.
#[derive(Clone, Debug, Default)]
pub struct Gauges {
    pub in_flight: u64,
    pub park: crate::request::ParkStats,
    pub cache: Option<crate::cache::CacheStats>,
}

/// A point-in-time copy of a client's metrics.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub requests_ok: u64,
    /// Error kind name ("TimeoutError", ...) -> count.
    pub errors: BTreeMap<&'static str, u64>,
    /// (command, outcome) -> durations. Batches are "PIPELINE" / "MULTI".
    pub durations: BTreeMap<(String, String), Histogram>,
    pub retries: u64,
    pub redirects: u64,
    pub connects: u64,
    pub disconnects: u64,
    pub reconnects: u64,
    pub reconnect_failures: u64,
    pub primary_changes: u64,
    pub topology_changes: u64,
    pub failovers: u64,
    pub failbacks: u64,
    pub manual_switches: u64,
    pub circuit_opened: u64,
    /// Multi-endpoint: each endpoint's circuit breaker state.
    pub breakers: BTreeMap<String, &'static str>,
    pub gauges: Gauges,
}

impl ClientStats {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Records one finished request: `name` is the command's name as sent
    /// (any case) or "PIPELINE" / "MULTI". With `bind` (telemetry on), the
    /// duration also goes to the OpenTelemetry histogram bound to the
    /// command and outcome (`bind` makes it, once per pair) and the
    /// command's canonical (upper-case) name is returned, for the span;
    /// without, nothing more is done (no name is copied per request).
    pub fn record(
        &self,
        name: &[u8],
        outcome: Result<(), ErrorKind>,
        took: Duration,
        retries: u32,
        redirects: u32,
        bind: Option<&dyn Fn(&Arc<str>, Result<(), ErrorKind>) -> Bound>,
    ) -> Option<Arc<str>> {
        match outcome {
            Ok(()) => self.ok.fetch_add(1, Ordering::Relaxed),
            Err(kind) => self.errors[kind_index(kind)].fetch_add(1, Ordering::Relaxed),
        };
        if retries > 0 {
            self.retries.fetch_add(u64::from(retries), Ordering::Relaxed);
        }
        if redirects > 0 {
            self.redirects.fetch_add(u64::from(redirects), Ordering::Relaxed);
        }
        let label = match outcome {
            Ok(()) => "ok",
            Err(kind) => kind.name(),
        };
        let mut commands = self.commands.lock();
        // One look-up when the name is known (every request but a
        // command's first).
        let entry = match commands.get_mut(name) {
            Some(e) => e,
            None => {
                let key: &[u8] = if commands.len() < MAX_COMMANDS { name } else { b"OTHER" };
                let upper: String = String::from_utf8_lossy(key).to_ascii_uppercase().chars().take(64).collect();
                commands
                    .entry(Bytes::copy_from_slice(key))
                    .or_insert_with(|| CommandEntry { name: Arc::from(upper), by_outcome: Vec::new() })
            }
        };
        let i = match entry.by_outcome.iter().position(|(o, _, _)| *o == label) {
            Some(i) => i,
            None => {
                entry.by_outcome.push((label, Histogram::default(), None));
                entry.by_outcome.len() - 1
            }
        };
        let name = &entry.name;
        let (_, hist, bound) = &mut entry.by_outcome[i];
        let seconds = took.as_secs_f64();
        hist.record(seconds);
        let bind = bind?;
        bound.get_or_insert_with(|| bind(name, outcome)).record(seconds);
        Some(entry.name.clone())
    }

    /// The observer that counts the client's events: called inline by the
    /// event bus for every event, so no burst makes the counters lag or
    /// undercount (a broadcast receiver would skip what it lagged past).
    pub fn observer(self: &Arc<Self>) -> EventObserver {
        let stats = Arc::downgrade(self);
        Arc::new(move |event: &Event| {
            if let Some(stats) = stats.upgrade() {
                stats.count(event);
            }
        })
    }

    fn count(&self, event: &Event) {
        let mut c = self.events.lock();
        let Ok(kind) = EventKind::try_from(event.kind) else { return };
        match kind {
            EventKind::NodeConnected => {
                c.connects += 1;
                let node = format!("{}/{}", event.endpoint, event.node);
                if !c.connected_once.insert(node) {
                    c.reconnects += 1;
                }
            }
            EventKind::NodeDisconnected => c.disconnects += 1,
            EventKind::NodeReconnectFailed => c.reconnect_failures += 1,
            EventKind::PrimaryChanged => c.primary_changes += 1,
            EventKind::TopologyChanged => c.topology_changes += 1,
            EventKind::Failover => c.failovers += 1,
            EventKind::Failback => c.failbacks += 1,
            EventKind::ManualSwitch => c.manual_switches += 1,
            EventKind::CircuitOpened => {
                c.circuit_opened += 1;
                c.breakers.insert(event.endpoint.clone(), "open");
            }
            EventKind::CircuitHalfOpen => {
                c.breakers.insert(event.endpoint.clone(), "half_open");
            }
            EventKind::CircuitClosed => {
                c.breakers.insert(event.endpoint.clone(), "closed");
            }
            _ => {}
        }
    }

    /// A copy of the counters, with the client's `gauges`.
    pub fn snapshot(&self, gauges: Gauges) -> Stats {
        let mut durations = BTreeMap::new();
        for entry in self.commands.lock().values() {
            for (outcome, hist, _) in &entry.by_outcome {
                // Names sent in another case ("get") share the entry of
                // their upper-case name in the snapshot.
                let into: &mut Histogram = durations.entry((entry.name.to_string(), (*outcome).to_owned())).or_default();
                into.merge(hist);
            }
        }
        let errors = KINDS
            .iter()
            .zip(&self.errors)
            .map(|(k, n)| (k.name(), n.load(Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
            .collect();
        let c = self.events.lock();
        Stats {
            requests_ok: self.ok.load(Ordering::Relaxed),
            errors,
            durations,
            retries: self.retries.load(Ordering::Relaxed),
            redirects: self.redirects.load(Ordering::Relaxed),
            connects: c.connects,
            disconnects: c.disconnects,
            reconnects: c.reconnects,
            reconnect_failures: c.reconnect_failures,
            primary_changes: c.primary_changes,
            topology_changes: c.topology_changes,
            failovers: c.failovers,
            failbacks: c.failbacks,
            manual_switches: c.manual_switches,
            circuit_opened: c.circuit_opened,
            breakers: c.breakers.clone(),
            gauges,
        }
    }
}

impl Stats {
    /// Requests that ended with an error.
    pub fn requests_failed(&self) -> u64 {
        self.errors.values().sum()
    }

    /// The snapshot as JSON text: what `stats()` returns in every language
    /// (Python a dict, Node an object, Java a Map, C the text). Durations
    /// are in milliseconds; `duration_buckets_ms` are the buckets' upper
    /// bounds (each histogram has one more count, for everything above).
    pub fn to_json(&self) -> String {
        let mut o = Json::default();
        o.open('{');
        o.num("requests_total", self.requests_ok + self.requests_failed());
        o.num("requests_ok", self.requests_ok);
        o.num("requests_failed", self.requests_failed());
        o.key("errors");
        o.open('{');
        for (k, n) in &self.errors {
            o.num(k, *n);
        }
        o.close('}');
        for (k, v) in [
            ("retries", self.retries),
            ("redirects", self.redirects),
            ("connects", self.connects),
            ("disconnects", self.disconnects),
            ("reconnects", self.reconnects),
            ("reconnect_failures", self.reconnect_failures),
            ("primary_changes", self.primary_changes),
            ("topology_changes", self.topology_changes),
            ("failovers", self.failovers),
            ("failbacks", self.failbacks),
            ("manual_switches", self.manual_switches),
            ("circuit_opened", self.circuit_opened),
            ("in_flight", self.gauges.in_flight),
            ("parked_now", self.gauges.park.parked_now),
            ("parked_total", self.gauges.park.parked_total),
            ("parked_resumed", self.gauges.park.resumed),
            ("parked_longest_wait_ms", self.gauges.park.longest_wait_ms),
        ] {
            o.num(k, v);
        }
        o.key("breakers");
        o.open('{');
        for (endpoint, state) in &self.breakers {
            o.key(endpoint);
            o.string(state);
        }
        o.close('}');
        o.key("cache");
        match &self.gauges.cache {
            None => o.raw("null"),
            Some(c) => {
                o.open('{');
                for (k, v) in [
                    ("hits", c.hits),
                    ("misses", c.misses),
                    ("invalidations", c.invalidations),
                    ("stale_served", c.stale_served),
                    ("evictions", c.evictions),
                    ("coalesced", c.coalesced),
                    ("flushes", c.flushes),
                    ("entries", c.entries),
                    ("bytes", c.bytes),
                ] {
                    o.num(k, v);
                }
                o.close('}');
            }
        }
        o.key("duration_buckets_ms");
        o.open('[');
        for b in BUCKETS_S {
            o.float(b * 1000.0);
        }
        o.close(']');
        o.key("durations");
        o.open('[');
        for ((command, outcome), h) in &self.durations {
            o.open('{');
            o.key("command");
            o.string(command);
            o.key("outcome");
            o.string(outcome);
            o.num("count", h.count);
            o.key("sum_ms");
            o.float(h.sum_s * 1000.0);
            o.key("p50_ms");
            o.float(h.quantile(0.5) * 1000.0);
            o.key("p99_ms");
            o.float(h.quantile(0.99) * 1000.0);
            o.key("buckets");
            o.open('[');
            for n in &h.buckets {
                o.raw(&n.to_string());
            }
            o.close(']');
            o.close('}');
        }
        o.close(']');
        o.close('}');
        o.out
    }
}

/// A small JSON writer: commas between members, strings escaped.
#[derive(Default)]
struct Json {
    out: String,
    /// Whether the next member of the open object/array needs a comma.
    comma: bool,
}

impl Json {
    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }
    fn open(&mut self, c: char) {
        self.sep();
        self.out.push(c);
        self.comma = false;
    }
    fn close(&mut self, c: char) {
        self.out.push(c);
        self.comma = true;
    }
    fn key(&mut self, k: &str) {
        self.string(k);
        self.out.push(':');
        self.comma = false;
    }
    fn num(&mut self, k: &str, v: u64) {
        self.key(k);
        self.raw(&v.to_string());
    }
    fn raw(&mut self, v: &str) {
        self.sep();
        self.out.push_str(v);
    }
    fn float(&mut self, v: f64) {
        self.raw(&if v.is_finite() { format!("{v}") } else { "null".to_owned() });
    }
    fn string(&mut self, s: &str) {
        self.sep();
        self.out.push('"');
        for ch in s.chars() {
            match ch {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_kind_has_its_own_counter() {
        for kind in ErrorKind::ALL {
            assert_eq!(KINDS[kind_index(kind)], kind);
        }
    }

    #[test]
    fn records_by_command_and_outcome_and_writes_json() {
        let stats = ClientStats::new();
        stats.record(b"get", Ok(()), Duration::from_micros(300), 0, 0, None);
        stats.record(b"GET", Ok(()), Duration::from_millis(3), 1, 0, None);
        stats.record(b"set", Err(ErrorKind::Timeout), Duration::from_millis(250), 0, 2, None);
        let snap = stats.snapshot(Gauges::default());
        assert_eq!(snap.requests_ok, 2);
        assert_eq!(snap.errors.get("TimeoutError"), Some(&1));
        assert_eq!((snap.retries, snap.redirects), (1, 2));
        // "get" and "GET" are one command, under its upper-case name.
        let get_count: u64 = snap.durations.iter().filter(|((c, _), _)| c == "GET").map(|(_, h)| h.count).sum();
        assert_eq!(get_count, 2);
        let set = &snap.durations[&("SET".to_owned(), "TimeoutError".to_owned())];
        assert_eq!(set.count, 1);
        assert_eq!(set.quantile(0.5), 0.25);
        let json = snap.to_json();
        assert!(json.contains("\"requests_total\":3"), "{json}");
        assert!(json.contains("\"outcome\":\"TimeoutError\""), "{json}");
        assert!(json.contains("\"cache\":null"), "{json}");
    }

    #[test]
    fn counts_every_event_of_a_burst_and_stops_with_the_client() {
        use crate::events::EventBus;
        let bus = EventBus::unlogged("east");
        let stats = ClientStats::new();
        bus.observe(stats.observer());
        // Far past the broadcast buffer (1024), with no one reading it.
        for i in 0..5000 {
            bus.emit(EventKind::NodeConnected, &format!("n{}", i % 2), "");
            bus.emit_move(EventKind::Failover, "east", "west", "breaker open");
        }
        bus.emit(EventKind::CircuitOpened, "n0", "");
        let snap = stats.snapshot(Gauges::default());
        assert_eq!((snap.connects, snap.reconnects, snap.failovers), (5000, 4998, 5000));
        assert_eq!(snap.circuit_opened, 1);
        // A client gone: its observer counts nothing and keeps nothing alive.
        let weak = Arc::downgrade(&stats);
        drop(stats);
        bus.emit_move(EventKind::Failover, "east", "west", "");
        assert!(weak.upgrade().is_none());
    }

    #[test]
    fn json_escapes_names() {
        let mut o = Json::default();
        o.open('{');
        o.key("a\"b\\c\n");
        o.string("x");
        o.close('}');
        assert_eq!(o.out, "{\"a\\\"b\\\\c\\u000a\":\"x\"}");
    }
}
