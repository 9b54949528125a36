//! Multi-endpoint settings: the validated form of the contract's
//! `MultiEndpointDeployment` (endpoints with weights and their own client
//! settings, circuit breaker, health checks, failback, start-up policy).
//! Every rejection is a ConfigError naming the field, e.g.
//! `multi_endpoint.endpoints[1].name: "east" is used twice`.

use std::time::Duration;

use crate::config::ClientSettings;
use crate::defaults;
use crate::error::{Error, Result};
use crate::proto;

/// When the circuit of an endpoint opens, and when it probes again.
///
/// Defaults (quoted by the README):
/// - `window` 2000 ms, `failure_rate` 0.5, `minimum_failures` 20: the rate
///   rule is for a sick endpoint under load. It needs at least 20 connection
///   or timeout failures within 2 s *and* more than half of the requests in
///   that window failing. 1% random timeouts are a 1% rate, 50 times below
///   the threshold, so they never open the circuit.
/// - `consecutive_failures` 5: the fast rule for a dead or hung endpoint. A
///   killed server refuses connections at once, so five failures in a row
///   arrive within milliseconds under traffic; a hung one makes requests
///   time out at their deadline (250 ms by default), so five concurrent
///   requests trip it about one request timeout after the hang, five
///   sequential ones after about 1.25 s (goal: <= 1 s dead, <= 2 s hung).
///   With 1% independent timeouts, five in a row happen with probability
///   1e-10 per request, i.e. practically never.
/// - `half_open_after` 1000 ms: a failed endpoint is probed once a second,
///   which is cheap and brings it back within about a second of recovery
///   (failback then waits for its grace period).
#[derive(Clone, Debug, PartialEq)]
pub struct BreakerConfig {
    pub window: Duration,
    pub failure_rate: f64,
    pub minimum_failures: u32,
    /// `None`: the consecutive-failures rule is off.
    pub consecutive_failures: Option<u32>,
    pub half_open_after: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            window: defaults::ms(defaults::BREAKER_WINDOW_MS),
            failure_rate: defaults::BREAKER_FAILURE_RATE,
            minimum_failures: defaults::BREAKER_MINIMUM_FAILURES as u32,
            consecutive_failures: Some(defaults::BREAKER_CONSECUTIVE_FAILURES as u32).filter(|&n| n > 0),
            half_open_after: defaults::ms(defaults::BREAKER_HALF_OPEN_AFTER_MS),
        }
    }
}

/// What a health probe does.
#[derive(Clone, Debug, PartialEq)]
pub enum HealthKind {
    /// PING over the endpoint's own long-lived connection.
    Ping,
    /// INFO: `loading:1`, or a replica whose `master_link_status:down`, is unhealthy.
    Info,
    /// GET this http:// URL; status 200 is healthy.
    Http { url: String },
    /// A callback registered with `Client::set_health_check` under the
    /// endpoint's name or this id.
    Custom { id: u64 },
    /// No probes: the endpoint is healthy unless its circuit is open.
    None,
}

impl HealthKind {
    /// A kind that takes no parameter: "ping", "info" or "none".
    pub fn named(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ping" => Some(HealthKind::Ping),
            "info" => Some(HealthKind::Info),
            "none" => Some(HealthKind::None),
            _ => None,
        }
    }
}

/// How many of a round's probes must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbePolicy {
    All,
    Majority,
    Any,
}

impl ProbePolicy {
    /// "all", "majority" or "any" (any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "all" => Some(ProbePolicy::All),
            "majority" => Some(ProbePolicy::Majority),
            "any" => Some(ProbePolicy::Any),
            _ => None,
        }
    }

    pub fn passes(self, passed: u32, total: u32) -> bool {
        match self {
            ProbePolicy::All => passed == total,
            ProbePolicy::Majority => passed * 2 > total,
            ProbePolicy::Any => passed > 0,
        }
    }
}

/// Health checking of one endpoint. Defaults: every 500 ms, 300 ms per
/// probe, 3 probes per round, a majority must pass; a verdict changes only
/// after `ROUNDS_TO_CHANGE` consecutive rounds agree (see `health`).
#[derive(Clone, Debug, PartialEq)]
pub struct HealthConfig {
    pub kind: HealthKind,
    pub interval: Duration,
    pub timeout: Duration,
    pub probes: u32,
    pub policy: ProbePolicy,
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig {
            kind: HealthKind::named(defaults::HEALTH_KIND).unwrap_or(HealthKind::Ping),
            interval: defaults::ms(defaults::HEALTH_INTERVAL_MS),
            timeout: defaults::ms(defaults::HEALTH_TIMEOUT_MS),
            probes: defaults::HEALTH_PROBES as u32,
            policy: ProbePolicy::parse(defaults::HEALTH_PROBE_POLICY).unwrap_or(ProbePolicy::Majority),
        }
    }
}

/// How many endpoints must be healthy before `connect` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartupPolicy {
    One,
    Majority,
    All,
}

impl StartupPolicy {
    pub fn needed(self, total: usize) -> usize {
        match self {
            StartupPolicy::One => 1.min(total),
            StartupPolicy::Majority => total / 2 + 1,
            StartupPolicy::All => total,
        }
    }
}

/// One endpoint: a whole deployment of its own.
#[derive(Clone, Debug)]
pub struct EndpointConfig {
    pub name: String,
    pub weight: f64,
    pub settings: ClientSettings,
    pub health: HealthConfig,
}

/// The validated multi-endpoint deployment.
#[derive(Clone, Debug)]
pub struct MultiEndpointConfig {
    pub endpoints: Vec<EndpointConfig>,
    pub breaker: BreakerConfig,
    /// The health check of endpoints that do not set their own.
    pub health: HealthConfig,
    /// `None`: failback is off.
    pub failback_grace: Option<Duration>,
    pub startup: StartupPolicy,
    pub retry_writes_on_failover: bool,
}

impl MultiEndpointConfig {
    pub fn from_proto(m: &proto::MultiEndpointDeployment) -> Result<Self> {
        const F: &str = "multi_endpoint";
        if m.endpoints.is_empty() {
            return Err(Error::config(format!("{F}.endpoints: no endpoints given")));
        }
        let breaker = breaker_from_proto(&format!("{F}.circuit_breaker"), m.circuit_breaker.as_ref())?;
        let health = health_from_proto(&format!("{F}.health_check"), m.health_check.as_ref(), &HealthConfig::default())?;
        let mut endpoints: Vec<EndpointConfig> = Vec::with_capacity(m.endpoints.len());
        for (i, e) in m.endpoints.iter().enumerate() {
            let ep = endpoint_from_proto(&format!("{F}.endpoints[{i}]"), e, &health)?;
            if endpoints.iter().any(|x| x.name == ep.name) {
                return Err(Error::config(format!("{F}.endpoints[{i}].name: {:?} is used twice", ep.name)));
            }
            endpoints.push(ep);
        }
        let failback_grace = match m.failback_grace_ms.unwrap_or(defaults::FAILBACK_GRACE_MS) {
            0 => None,
            ms if ms > 0 => Some(Duration::from_millis(ms as u64)),
            ms => {
                return Err(Error::config(format!(
                    "{F}.failback_grace_ms: must be >= 0 milliseconds (0 turns failback off), got {ms}"
                )))
            }
        };
        let startup = match m.startup_policy.trim() {
            "" => defaults::STARTUP_POLICY,
            given => given,
        };
        let startup = match startup.to_ascii_lowercase().as_str() {
            "one" => StartupPolicy::One,
            "majority" => StartupPolicy::Majority,
            "all" => StartupPolicy::All,
            other => {
                return Err(Error::config(format!(
                    "{F}.startup_policy: unknown policy {other:?} (expected one, majority or all)"
                )))
            }
        };
        Ok(MultiEndpointConfig {
            endpoints,
            breaker,
            health,
            failback_grace,
            startup,
            retry_writes_on_failover: m.retry_writes_on_failover,
        })
    }
}

/// One endpoint from the contract; `field` is e.g. `multi_endpoint.endpoints[2]`.
pub fn endpoint_from_proto(field: &str, e: &proto::Endpoint, default_health: &HealthConfig) -> Result<EndpointConfig> {
    let name = e.name.trim().to_string();
    if name.is_empty() {
        return Err(Error::config(format!("{field}.name: empty (every endpoint needs a unique name)")));
    }
    let weight = match e.weight {
        None => defaults::ENDPOINT_WEIGHT,
        Some(w) if w.is_finite() && w >= 0.0 => w,
        Some(w) => return Err(Error::config(format!("{field}.weight: must be a number >= 0, got {w}"))),
    };
    let config = e
        .config
        .as_ref()
        .ok_or_else(|| Error::config(format!("{field}.config: missing (give the endpoint's own deployment)")))?;
    if matches!(config.deployment, Some(proto::client_config::Deployment::MultiEndpoint(_))) {
        return Err(Error::config(format!(
            "{field}.config.multi_endpoint: an endpoint must be a standalone, cluster or Sentinel deployment, not another multi-endpoint one"
        )));
    }
    let settings = ClientSettings::from_proto(config).map_err(|err| err.context(format!("{field}.config")))?;
    if settings.cache.is_some() {
        return Err(Error::config(format!(
            "{field}.config.cache: set the cache on the multi-endpoint client's own config (one cache across endpoints)"
        )));
    }
    let health = health_from_proto(&format!("{field}.health_check"), e.health_check.as_ref(), default_health)?;
    Ok(EndpointConfig { name, weight, settings, health })
}

fn positive(field: &str, value: Option<i64>, default: Duration) -> Result<Duration> {
    match value {
        None => Ok(default),
        Some(ms) if ms > 0 => Ok(Duration::from_millis(ms as u64)),
        Some(ms) => Err(Error::config(format!("{field}: must be a positive number of milliseconds, got {ms}"))),
    }
}

fn breaker_from_proto(field: &str, b: Option<&proto::CircuitBreaker>) -> Result<BreakerConfig> {
    let d = BreakerConfig::default();
    let Some(b) = b else { return Ok(d) };
    let failure_rate = match b.failure_rate {
        None => d.failure_rate,
        Some(r) if (0.0..=1.0).contains(&r) => r,
        Some(r) => return Err(Error::config(format!("{field}.failure_rate: must be within 0..1, got {r}"))),
    };
    let minimum_failures = match b.minimum_failures {
        None => d.minimum_failures,
        Some(n) if (1..=1_000_000).contains(&n) => n as u32,
        Some(n) => return Err(Error::config(format!("{field}.minimum_failures: must be within 1..1000000, got {n}"))),
    };
    let consecutive_failures = match b.consecutive_failures {
        None => d.consecutive_failures,
        Some(0) => None,
        Some(n) if (1..=1_000_000).contains(&n) => Some(n as u32),
        Some(n) => {
            return Err(Error::config(format!(
                "{field}.consecutive_failures: must be within 0..1000000 (0 turns it off), got {n}"
            )))
        }
    };
    Ok(BreakerConfig {
        window: positive(&format!("{field}.window_ms"), b.window_ms, d.window)?,
        failure_rate,
        minimum_failures,
        consecutive_failures,
        half_open_after: positive(&format!("{field}.half_open_after_ms"), b.half_open_after_ms, d.half_open_after)?,
    })
}

fn health_from_proto(field: &str, h: Option<&proto::HealthCheck>, default: &HealthConfig) -> Result<HealthConfig> {
    let Some(h) = h else { return Ok(default.clone()) };
    let kind = match h.kind.trim().to_ascii_lowercase().as_str() {
        "" => default.kind.clone(),
        "custom" => HealthKind::Custom { id: h.custom_id },
        "http" => {
            let url = h.http_url.trim();
            if !url.starts_with("http://") {
                return Err(Error::config(format!(
                    "{field}.http_url: kind \"http\" needs an http:// URL, got {url:?}"
                )));
            }
            HealthKind::Http { url: url.to_string() }
        }
        other => HealthKind::named(other).ok_or_else(|| {
            Error::config(format!(
                "{field}.kind: unknown health check {other:?} (expected ping, info, http, custom or none)"
            ))
        })?,
    };
    let interval = positive(&format!("{field}.interval_ms"), h.interval_ms, default.interval)?;
    let timeout = positive(&format!("{field}.timeout_ms"), h.timeout_ms, default.timeout)?;
    if timeout > interval {
        return Err(Error::config(format!(
            "{field}.timeout_ms: {} ms is longer than interval_ms ({} ms)",
            timeout.as_millis(),
            interval.as_millis()
        )));
    }
    let probes = match h.probes {
        None => default.probes,
        Some(n) if (1..=100).contains(&n) => n as u32,
        Some(n) => return Err(Error::config(format!("{field}.probes: must be within 1..100, got {n}"))),
    };
    let policy = match h.probe_policy.trim() {
        "" => default.policy,
        other => ProbePolicy::parse(other).ok_or_else(|| {
            Error::config(format!(
                "{field}.probe_policy: unknown policy {:?} (expected all, majority or any)",
                other.to_ascii_lowercase()
            ))
        })?,
    };
    Ok(HealthConfig { kind, interval, timeout, probes, policy })
}
