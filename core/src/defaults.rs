//! The engine's default for every setting a configuration may leave unset:
//! the one place each default is written. The engine's parsers
//! (`config`, `cache::config`, `failover::config`) apply these constants
//! to unset fields; the shims read `ALL` (by the contract's
//! `Message.field` name) for the initial values of their config objects,
//! so no host language keeps a default of its own and a change here
//! reaches Python, Node, Java and C alike (C sends unset fields).

/// A default as the shims see it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    /// Milliseconds, counts, sizes.
    Int(i64),
    /// Factors, rates, weights.
    Float(f64),
    /// A named choice (strategy, policy, mode).
    Text(&'static str),
}

// ClientConfig
pub const REQUEST_TIMEOUT_MS: i64 = 250;
pub const INFLIGHT_LIMIT: i64 = 1000;
pub const READ_FROM: &str = "primary";
// StandaloneDeployment, ClusterDeployment
pub const ROLE_CHECK_INTERVAL_MS: i64 = 1000;
pub const REFRESH_INTERVAL_MS: i64 = 60_000;
pub const MAX_REDIRECTS: i64 = 5;
// ConnectionSettings
pub const CONNECTION_TIMEOUT_MS: i64 = 2000;
pub const PROTOCOL: &str = "resp3";
pub const HEARTBEAT_INTERVAL_MS: i64 = 1000;
pub const HEARTBEAT_TIMEOUT_MS: i64 = 3000;
pub const TCP_KEEPALIVE_MS: i64 = 5000;
pub const TCP_USER_TIMEOUT_MS: i64 = 5000;
/// Dedicated connections per node: enough for the blocking consumers and
/// transactions of a typical service, few enough that a bug in the
/// application cannot exhaust the server's clients.
pub const MAX_DEDICATED_CONNECTIONS: i64 = 64;
pub const DEDICATED_IDLE_MS: i64 = 30_000;
// Backoff (reconnect)
pub const RECONNECT_BASE_MS: i64 = 100;
pub const RECONNECT_FACTOR: f64 = 2.0;
pub const RECONNECT_MAX_MS: i64 = 5000;
pub const RECONNECT_JITTER_PERCENT: f64 = 20.0;
// ClientCache
pub const CACHE_MAX_ENTRIES: i64 = 10_000;
pub const CACHE_MAX_BYTES: i64 = 64 << 20;
pub const CACHE_TTL_MS: i64 = 60_000;
pub const CACHE_MODE: &str = "optin";
/// 0: a stale entry is never served.
pub const CACHE_SERVE_STALE_MS: i64 = 0;
// MultiEndpointDeployment, Endpoint
/// 0 turns failback off.
pub const FAILBACK_GRACE_MS: i64 = 10_000;
pub const STARTUP_POLICY: &str = "one";
pub const ENDPOINT_WEIGHT: f64 = 1.0;
// CircuitBreaker (why these numbers: `failover::config::BreakerConfig`)
pub const BREAKER_WINDOW_MS: i64 = 2000;
pub const BREAKER_FAILURE_RATE: f64 = 0.5;
pub const BREAKER_MINIMUM_FAILURES: i64 = 20;
/// 0 turns the consecutive-failures rule off.
pub const BREAKER_CONSECUTIVE_FAILURES: i64 = 5;
pub const BREAKER_HALF_OPEN_AFTER_MS: i64 = 1000;
// HealthCheck
pub const HEALTH_KIND: &str = "ping";
pub const HEALTH_INTERVAL_MS: i64 = 500;
pub const HEALTH_TIMEOUT_MS: i64 = 300;
pub const HEALTH_PROBES: i64 = 3;
pub const HEALTH_PROBE_POLICY: &str = "majority";

/// Every default by the contract's `Message.field` (proto/haven.proto),
/// for the shims.
pub const ALL: &[(&str, DefaultValue)] = {
    use DefaultValue::{Float, Int, Text};
    &[
        ("ClientConfig.request_timeout_ms", Int(REQUEST_TIMEOUT_MS)),
        ("ClientConfig.inflight_limit", Int(INFLIGHT_LIMIT)),
        ("ClientConfig.read_from", Text(READ_FROM)),
        ("StandaloneDeployment.role_check_interval_ms", Int(ROLE_CHECK_INTERVAL_MS)),
        ("ClusterDeployment.refresh_interval_ms", Int(REFRESH_INTERVAL_MS)),
        ("ClusterDeployment.max_redirects", Int(MAX_REDIRECTS)),
        ("ConnectionSettings.connection_timeout_ms", Int(CONNECTION_TIMEOUT_MS)),
        ("ConnectionSettings.protocol", Text(PROTOCOL)),
        ("ConnectionSettings.heartbeat_interval_ms", Int(HEARTBEAT_INTERVAL_MS)),
        ("ConnectionSettings.heartbeat_timeout_ms", Int(HEARTBEAT_TIMEOUT_MS)),
        ("ConnectionSettings.tcp_keepalive_ms", Int(TCP_KEEPALIVE_MS)),
        ("ConnectionSettings.tcp_user_timeout_ms", Int(TCP_USER_TIMEOUT_MS)),
        ("ConnectionSettings.max_dedicated_connections", Int(MAX_DEDICATED_CONNECTIONS)),
        ("ConnectionSettings.dedicated_idle_ms", Int(DEDICATED_IDLE_MS)),
        ("Backoff.base_ms", Int(RECONNECT_BASE_MS)),
        ("Backoff.factor", Float(RECONNECT_FACTOR)),
        ("Backoff.max_ms", Int(RECONNECT_MAX_MS)),
        ("Backoff.jitter_percent", Float(RECONNECT_JITTER_PERCENT)),
        ("ClientCache.max_entries", Int(CACHE_MAX_ENTRIES)),
        ("ClientCache.max_bytes", Int(CACHE_MAX_BYTES)),
        ("ClientCache.ttl_ms", Int(CACHE_TTL_MS)),
        ("ClientCache.mode", Text(CACHE_MODE)),
        ("ClientCache.serve_stale_ms", Int(CACHE_SERVE_STALE_MS)),
        ("MultiEndpointDeployment.failback_grace_ms", Int(FAILBACK_GRACE_MS)),
        ("MultiEndpointDeployment.startup_policy", Text(STARTUP_POLICY)),
        ("Endpoint.weight", Float(ENDPOINT_WEIGHT)),
        ("CircuitBreaker.window_ms", Int(BREAKER_WINDOW_MS)),
        ("CircuitBreaker.failure_rate", Float(BREAKER_FAILURE_RATE)),
        ("CircuitBreaker.minimum_failures", Int(BREAKER_MINIMUM_FAILURES)),
        ("CircuitBreaker.consecutive_failures", Int(BREAKER_CONSECUTIVE_FAILURES)),
        ("CircuitBreaker.half_open_after_ms", Int(BREAKER_HALF_OPEN_AFTER_MS)),
        ("HealthCheck.kind", Text(HEALTH_KIND)),
        ("HealthCheck.interval_ms", Int(HEALTH_INTERVAL_MS)),
        ("HealthCheck.timeout_ms", Int(HEALTH_TIMEOUT_MS)),
        ("HealthCheck.probes", Int(HEALTH_PROBES)),
        ("HealthCheck.probe_policy", Text(HEALTH_PROBE_POLICY)),
    ]
};

/// Milliseconds as the engine's durations (every `*_MS` default is >= 0).
pub(crate) const fn ms(value: i64) -> std::time::Duration {
    std::time::Duration::from_millis(value as u64)
}

/// A default where 0 means "off" (heartbeat, keepalive, ...).
pub(crate) const fn ms_or_off(value: i64) -> Option<std::time::Duration> {
    if value > 0 {
        Some(ms(value))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto;

    /// Every name is a field of the contract, listed once, and an unset
    /// configuration parses to exactly these values.
    #[test]
    fn every_default_names_a_contract_field_and_is_what_the_parser_applies() {
        use prost::Message;
        use prost_types::FileDescriptorSet;
        let bin = include_bytes!(concat!(env!("OUT_DIR"), "/haven.descriptors.bin"));
        let set = FileDescriptorSet::decode(bin.as_slice()).expect("the build's descriptor set");
        let mut seen = std::collections::HashSet::new();
        for (name, _) in ALL {
            assert!(seen.insert(*name), "{name} listed twice");
            let (message, field) = name.split_once('.').expect("Message.field");
            let found = set
                .file
                .iter()
                .flat_map(|f| &f.message_type)
                .filter(|m| m.name() == message)
                .any(|m| m.field.iter().any(|f| f.name() == field));
            assert!(found, "{name} is not a field of proto/haven.proto");
        }

        let unset = proto::ClientConfig { cache: Some(proto::ClientCache::default()), ..unset_standalone() };
        let s = crate::config::ClientSettings::from_proto(&unset).expect("an unset config parses");
        assert_eq!(s.request_timeout, ms(REQUEST_TIMEOUT_MS));
        assert_eq!(s.inflight_limit as i64, INFLIGHT_LIMIT);
        assert_eq!(s.read_from, crate::config::ReadFrom::parse("read_from", READ_FROM).expect("a strategy"));
        let c = &s.connection;
        assert_eq!(c.protocol, crate::protocol::Protocol::Resp3);
        assert!(PROTOCOL.eq_ignore_ascii_case(proto::Protocol::Resp3.as_str_name()), "the contract's unset protocol");
        assert_eq!(c.connect_timeout, ms(CONNECTION_TIMEOUT_MS));
        assert_eq!(c.heartbeat_interval, Some(ms(HEARTBEAT_INTERVAL_MS)));
        assert_eq!(c.heartbeat_timeout, ms(HEARTBEAT_TIMEOUT_MS));
        assert_eq!(c.tcp_keepalive, Some(ms(TCP_KEEPALIVE_MS)));
        assert_eq!(c.tcp_user_timeout, Some(ms(TCP_USER_TIMEOUT_MS)));
        assert_eq!(c.dedicated_max as i64, MAX_DEDICATED_CONNECTIONS);
        assert_eq!(c.dedicated_idle, ms(DEDICATED_IDLE_MS));
        assert_eq!(c.backoff, crate::config::Backoff::default());
        assert_eq!(
            (c.backoff.base, c.backoff.factor, c.backoff.max, c.backoff.jitter * 100.0),
            (ms(RECONNECT_BASE_MS), RECONNECT_FACTOR, ms(RECONNECT_MAX_MS), RECONNECT_JITTER_PERCENT)
        );
        let cache = s.cache.expect("a cache");
        assert_eq!((cache.max_entries as i64, cache.max_bytes as i64), (CACHE_MAX_ENTRIES, CACHE_MAX_BYTES));
        assert_eq!((cache.ttl, cache.serve_stale), (ms(CACHE_TTL_MS), None));
        match &s.deployment {
            crate::config::Deployment::Standalone { role_check_interval, .. } => {
                assert_eq!(*role_check_interval, Some(ms(ROLE_CHECK_INTERVAL_MS)))
            }
            other => panic!("not standalone: {other:?}"),
        }
        let cluster = proto::ClientConfig {
            deployment: Some(proto::client_config::Deployment::Cluster(proto::ClusterDeployment {
                seeds: vec!["127.0.0.1:7000".into()],
                ..Default::default()
            })),
            ..Default::default()
        };
        match crate::config::ClientSettings::from_proto(&cluster).expect("parses").deployment {
            crate::config::Deployment::Cluster { refresh_interval, max_redirects, .. } => {
                assert_eq!((refresh_interval, i64::from(max_redirects)), (Some(ms(REFRESH_INTERVAL_MS)), MAX_REDIRECTS))
            }
            other => panic!("not cluster: {other:?}"),
        }
        let multi = proto::MultiEndpointDeployment {
            endpoints: vec![proto::Endpoint {
                name: "a".into(),
                config: Some(unset_standalone()),
                ..Default::default()
            }],
            circuit_breaker: Some(proto::CircuitBreaker::default()),
            health_check: Some(proto::HealthCheck::default()),
            ..Default::default()
        };
        let m = crate::failover::config::MultiEndpointConfig::from_proto(&multi).expect("parses");
        assert_eq!(m.failback_grace, Some(ms(FAILBACK_GRACE_MS)));
        assert_eq!(m.startup, crate::failover::config::StartupPolicy::One);
        assert_eq!(m.endpoints[0].weight, ENDPOINT_WEIGHT);
        let b = &m.breaker;
        assert_eq!((b.window, b.failure_rate, i64::from(b.minimum_failures)), (ms(BREAKER_WINDOW_MS), BREAKER_FAILURE_RATE, BREAKER_MINIMUM_FAILURES));
        assert_eq!((b.consecutive_failures.map(i64::from), b.half_open_after), (Some(BREAKER_CONSECUTIVE_FAILURES), ms(BREAKER_HALF_OPEN_AFTER_MS)));
        let h = &m.health;
        assert_eq!(h.kind, crate::failover::config::HealthKind::Ping);
        assert_eq!((h.interval, h.timeout, i64::from(h.probes)), (ms(HEALTH_INTERVAL_MS), ms(HEALTH_TIMEOUT_MS), HEALTH_PROBES));
        assert_eq!(h.policy, crate::failover::config::ProbePolicy::Majority);
    }

    fn unset_standalone() -> proto::ClientConfig {
        proto::ClientConfig {
            deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
                addresses: vec!["127.0.0.1:6379".into()],
                ..Default::default()
            })),
            ..Default::default()
        }
    }
}
