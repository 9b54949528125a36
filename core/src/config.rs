//! Client configuration: turns the protobuf `ClientConfig` into validated
//! settings with defaults applied. Every rejection is a ConfigError that names
//! the field, e.g. `standalone.addresses[1]: port 0 is not a valid port`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::connection::tls::TlsConnector;
use crate::defaults;
use crate::error::{Error, Result};
use crate::proto;
use crate::protocol::Protocol;

/// A node's address: a host and TCP port, or a unix domain socket (its
/// path in `host`, port 0), written "unix:/path".
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeAddress {
    pub host: String,
    pub port: u16,
}

impl NodeAddress {
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        NodeAddress { host: host.into(), port }
    }

    /// A unix domain socket at `path`.
    pub fn unix(path: impl Into<String>) -> Self {
        NodeAddress { host: path.into(), port: 0 }
    }

    /// The socket's path when this is a unix domain socket.
    pub fn unix_path(&self) -> Option<&str> {
        (self.port == 0 && self.host.starts_with('/')).then_some(self.host.as_str())
    }

    /// Parses "host:port", "[v6addr]:port" or "unix:/path"; `field` names
    /// the setting in errors.
    pub fn parse(field: &str, text: &str) -> Result<Self> {
        let text = text.trim();
        if let Some(path) = text.strip_prefix("unix:") {
            if !path.starts_with('/') {
                return Err(Error::config(format!(
                    "{field}: a unix socket needs an absolute path (got {text:?}, expected \"unix:/path/to/redis.sock\")"
                )));
            }
            return Ok(NodeAddress::unix(path));
        }
        let bad = |why: &str| Error::config(format!("{field}: {why} (got {text:?}, expected \"host:port\")"));
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, after) = rest.split_once(']').ok_or_else(|| bad("unclosed '[' in IPv6 address"))?;
            let port = after.strip_prefix(':').ok_or_else(|| bad("missing port"))?;
            (host, port)
        } else {
            text.rsplit_once(':').ok_or_else(|| bad("missing port"))?
        };
        if host.is_empty() {
            return Err(bad("missing host"));
        }
        let port: u32 = port.parse().map_err(|_| bad("port is not a number"))?;
        if port == 0 || port > 65535 {
            return Err(bad(&format!("port {port} is not a valid port")));
        }
        Ok(NodeAddress { host: host.to_string(), port: port as u16 })
    }
}

impl fmt::Display for NodeAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.unix_path() {
            write!(f, "unix:{path}")
        } else if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// Where reads go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFrom {
    Primary,
    PreferReplica,
    AzAffinity,
    AzAffinityReplicasAndPrimary,
    /// The primary; a replica of the same shard while it is unreachable.
    PrimaryPreferred,
}

impl ReadFrom {
    pub fn parse(field: &str, text: &str) -> Result<Self> {
        let text = match text.trim() {
            "" => defaults::READ_FROM,
            given => given,
        };
        match text.to_ascii_lowercase().as_str() {
            "primary" => Ok(ReadFrom::Primary),
            "prefer_replica" => Ok(ReadFrom::PreferReplica),
            "az_affinity" => Ok(ReadFrom::AzAffinity),
            "az_affinity_replicas_and_primary" => Ok(ReadFrom::AzAffinityReplicasAndPrimary),
            "primary_preferred" => Ok(ReadFrom::PrimaryPreferred),
            other => Err(Error::config(format!(
                "{field}: unknown read strategy {other:?} (expected primary, prefer_replica, az_affinity, az_affinity_replicas_and_primary or primary_preferred)"
            ))),
        }
    }
}

/// Reconnect delays: min(max, base * factor^attempt), +- jitter.
#[derive(Clone, Debug, PartialEq)]
pub struct Backoff {
    pub base: Duration,
    pub factor: f64,
    pub max: Duration,
    pub jitter: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: defaults::ms(defaults::RECONNECT_BASE_MS),
            factor: defaults::RECONNECT_FACTOR,
            max: defaults::ms(defaults::RECONNECT_MAX_MS),
            jitter: defaults::RECONNECT_JITTER_PERCENT / 100.0,
        }
    }
}

impl Backoff {
    /// The delay before reconnect attempt `attempt` (0-based), with jitter.
    pub fn delay(&self, attempt: u32) -> Duration {
        let raw = self.base.as_secs_f64() * self.factor.powi(attempt.min(64) as i32);
        let capped = raw.min(self.max.as_secs_f64());
        let spread = if self.jitter > 0.0 { rand::random_range(-self.jitter..=self.jitter) } else { 0.0 };
        Duration::from_secs_f64((capped * (1.0 + spread)).max(0.0))
    }
}

/// How connections to data nodes are made and kept.
#[derive(Clone)]
pub struct ConnectionConfig {
    pub connect_timeout: Duration,
    pub backoff: Backoff,
    pub username: Option<String>,
    pub password: Option<String>,
    pub tls: Option<Arc<TlsConnector>>,
    pub database: i64,
    pub client_name: Option<String>,
    pub protocol: Protocol,
    pub heartbeat_interval: Option<Duration>,
    pub heartbeat_timeout: Duration,
    pub tcp_keepalive: Option<Duration>,
    pub tcp_user_timeout: Option<Duration>,
    /// Set on the data connections of a client with a client-side cache:
    /// the handshake turns CLIENT TRACKING on and invalidations go here.
    pub tracking: Option<Arc<Tracking>>,
    /// Dedicated connections (blocking commands, sessions) open at once to
    /// one node, leased or idle.
    pub dedicated_max: usize,
    /// An idle dedicated connection is closed after this long.
    pub dedicated_idle: Duration,
    /// The largest reply a connection buffers: a longer one ends the
    /// connection with a ConnectionError (see `protocol::MAX_REPLY_BYTES`).
    pub max_reply_bytes: usize,
    /// Credentials from the application's provider (they replace
    /// `username` / `password`; see `credentials`).
    pub credentials: Option<Arc<crate::credentials::LiveCredentials>>,
}

impl ConnectionConfig {
    /// The credentials a new connection authenticates with (None: none).
    pub fn auth(&self) -> Option<crate::credentials::Credentials> {
        match &self.credentials {
            Some(live) => Some((*live.current()).clone()),
            None => self
                .password
                .clone()
                .map(|password| crate::credentials::Credentials { username: self.username.clone(), password }),
        }
    }

    /// Which credentials a connection opened now authenticates with (0
    /// without a provider).
    pub fn credentials_version(&self) -> u64 {
        self.credentials.as_ref().map_or(0, |c| c.version())
    }
}

/// What a caching client's data connections do for the cache.
pub struct Tracking {
    /// None: OPTIN; Some: BCAST with these prefixes (empty: every key).
    pub broadcast_prefixes: Option<Vec<bytes::Bytes>>,
    /// Receives the connection's RESP3 push messages (invalidations).
    pub handler: crate::connection::PushHandler,
}

impl fmt::Debug for ConnectionConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionConfig")
            .field("connect_timeout", &self.connect_timeout)
            .field("backoff", &self.backoff)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("tls", &self.tls.is_some())
            .field("database", &self.database)
            .field("client_name", &self.client_name)
            .field("protocol", &self.protocol)
            .field("tracking", &self.tracking.is_some())
            .field("credential_provider", &self.credentials.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        ConnectionConfig {
            connect_timeout: defaults::ms(defaults::CONNECTION_TIMEOUT_MS),
            backoff: Backoff::default(),
            username: None,
            password: None,
            tls: None,
            database: 0,
            client_name: None,
            protocol: Protocol::Resp3,
            heartbeat_interval: Some(defaults::ms(defaults::HEARTBEAT_INTERVAL_MS)),
            heartbeat_timeout: defaults::ms(defaults::HEARTBEAT_TIMEOUT_MS),
            tcp_keepalive: Some(defaults::ms(defaults::TCP_KEEPALIVE_MS)),
            tcp_user_timeout: Some(defaults::ms(defaults::TCP_USER_TIMEOUT_MS)),
            tracking: None,
            dedicated_max: defaults::MAX_DEDICATED_CONNECTIONS as usize,
            dedicated_idle: defaults::ms(defaults::DEDICATED_IDLE_MS),
            max_reply_bytes: crate::protocol::MAX_REPLY_BYTES,
            credentials: None,
        }
    }
}

/// The deployment a client talks to.
#[derive(Clone, Debug)]
pub enum Deployment {
    Standalone { addresses: Vec<NodeAddress>, role_check_interval: Option<Duration> },
    Cluster {
        seeds: Vec<NodeAddress>,
        /// Periodic topology check; `None` turns it off (adaptive refreshes stay).
        refresh_interval: Option<Duration>,
        /// Announced address -> the address the client reaches it at (NAT).
        address_map: HashMap<NodeAddress, NodeAddress>,
        /// MOVED/ASK redirects followed per request before ClusterError.
        max_redirects: u32,
    },
    Sentinel {
        sentinels: Vec<NodeAddress>,
        master_name: String,
        /// How to reach the Sentinels: the data nodes' settings with the
        /// Sentinels' own credentials and TLS, and no database.
        sentinel_connection: Arc<ConnectionConfig>,
    },
    /// Several weighted endpoints, each a deployment of its own (see `failover`).
    MultiEndpoint(Arc<crate::failover::config::MultiEndpointConfig>),
}

/// Validated client settings with defaults applied.
#[derive(Clone, Debug)]
pub struct ClientSettings {
    pub deployment: Deployment,
    pub request_timeout: Duration,
    pub read_from: ReadFrom,
    pub client_az: Option<String>,
    pub node_az: HashMap<String, String>,
    pub lazy_connect: bool,
    pub inflight_limit: usize,
    pub connection: Arc<ConnectionConfig>,
    /// The client-side cache, if configured.
    pub cache: Option<crate::cache::CacheSettings>,
    /// Identical reads in flight at once go to the server once.
    pub coalesce_reads: bool,
    /// Requests to an unreachable primary fail at once instead of waiting
    /// for a new one.
    pub fail_fast: bool,
    /// The process-wide log level this client asks for (`log_level`, as
    /// given: `logging::set_level` applies it when the client connects).
    pub log_level: Option<String>,
}

impl ClientSettings {
    /// Puts provider credentials on every data connection (each endpoint's
    /// of a multi-endpoint client; the client's own `connection` keeps them
    /// for `Client::refresh_credentials`); a static password beside them is
    /// a ConfigError.
    pub fn use_credentials(&mut self, live: &Arc<crate::credentials::LiveCredentials>) -> Result<()> {
        fn apply(connection: &mut Arc<ConnectionConfig>, live: &Arc<crate::credentials::LiveCredentials>, field: &str) -> Result<()> {
            if connection.password.is_some() {
                return Err(Error::config(format!(
                    "{field}: set credentials or a credential provider, not both"
                )));
            }
            Arc::make_mut(connection).credentials = Some(live.clone());
            Ok(())
        }
        if let Deployment::MultiEndpoint(multi) = &mut self.deployment {
            let multi = Arc::make_mut(multi);
            for (i, e) in multi.endpoints.iter_mut().enumerate() {
                apply(&mut e.settings.connection, live, &format!("multi_endpoint.endpoints[{i}].config.credentials"))?;
            }
        }
        apply(&mut self.connection, live, "credentials")
    }
}

/// Decodes a serialized ClientConfig, refusing one nested too deep for
/// prost's recursive decoder first (see `proto_guard`). Every path from
/// bytes to a ClientConfig goes through here.
pub fn decode_client_config(bytes: &[u8]) -> Result<proto::ClientConfig> {
    use prost::Message;
    crate::proto_guard::check(bytes, crate::proto_guard::Kind::ClientConfig)?;
    proto::ClientConfig::decode(bytes).map_err(|e| Error::config(format!("config: not a valid ClientConfig message: {e}")))
}

impl ClientSettings {
    /// Validates a decoded protobuf config.
    pub fn from_proto(config: &proto::ClientConfig) -> Result<Self> {
        let deployment = match &config.deployment {
            None => {
                return Err(Error::config(
                    "deployment: no deployment given (set standalone, cluster, sentinel or multi_endpoint)",
                ))
            }
            Some(proto::client_config::Deployment::Standalone(s)) => Deployment::Standalone {
                addresses: parse_addresses("standalone.addresses", &s.addresses)?,
                role_check_interval: optional_ms("standalone.role_check_interval_ms", s.role_check_interval_ms, defaults::ROLE_CHECK_INTERVAL_MS)?,
            },
            Some(proto::client_config::Deployment::Cluster(c)) => Deployment::Cluster {
                seeds: parse_addresses("cluster.seeds", &c.seeds)?,
                refresh_interval: optional_ms("cluster.refresh_interval_ms", c.refresh_interval_ms, defaults::REFRESH_INTERVAL_MS)?,
                address_map: parse_address_map("cluster.address_map", &c.address_map)?,
                max_redirects: match c.max_redirects {
                    None => defaults::MAX_REDIRECTS as u32,
                    Some(n) if (0..=100).contains(&n) => n as u32,
                    Some(n) => {
                        return Err(Error::config(format!("cluster.max_redirects: must be within 0..100, got {n}")))
                    }
                },
            },
            Some(proto::client_config::Deployment::Sentinel(s)) => {
                if s.master_name.trim().is_empty() {
                    return Err(Error::config("sentinel.master_name: empty (name the monitored service)"));
                }
                let mut sc = ConnectionConfig::from_proto("connection", config.connection.as_ref())?;
                (sc.username, sc.password) = match &s.sentinel_credentials {
                    Some(c) => {
                        let user = Some(c.username.clone()).filter(|u| !u.is_empty());
                        if user.is_some() && c.password.is_none() {
                            return Err(Error::config("sentinel.sentinel_credentials.password: a username needs a password"));
                        }
                        if let Some(p) = &c.password {
                            crate::logging::secrets::register(p);
                        }
                        (user, c.password.clone())
                    }
                    None => (None, None),
                };
                sc.tls = match &s.sentinel_tls {
                    Some(t) if t.enabled => Some(Arc::new(TlsConnector::from_proto("sentinel.sentinel_tls", t)?)),
                    _ => None,
                };
                sc.database = 0;
                Deployment::Sentinel {
                    sentinels: parse_addresses("sentinel.sentinels", &s.sentinels)?,
                    master_name: s.master_name.clone(),
                    sentinel_connection: Arc::new(sc),
                }
            }
            Some(proto::client_config::Deployment::MultiEndpoint(m)) => {
                Deployment::MultiEndpoint(Arc::new(crate::failover::config::MultiEndpointConfig::from_proto(m)?))
            }
        };
        let request_timeout = positive_ms("request_timeout_ms", config.request_timeout_ms, defaults::REQUEST_TIMEOUT_MS)?;
        let log_level = Some(config.log_level.trim().to_string()).filter(|l| !l.is_empty());
        if let Some(level) = &log_level {
            crate::logging::parse_level("log_level", level)?;
        }
        let read_from = ReadFrom::parse("read_from", &config.read_from)?;
        let inflight_limit = match config.inflight_limit {
            None => defaults::INFLIGHT_LIMIT as usize,
            Some(n) if n > 0 => n as usize,
            Some(n) => return Err(Error::config(format!("inflight_limit: must be at least 1, got {n}"))),
        };
        let client_az = Some(config.client_az.trim().to_string()).filter(|s| !s.is_empty());
        if matches!(read_from, ReadFrom::AzAffinity | ReadFrom::AzAffinityReplicasAndPrimary) && client_az.is_none() {
            return Err(Error::config("client_az: required by read_from az_affinity strategies"));
        }
        for key in config.node_az.keys() {
            NodeAddress::parse(&format!("node_az[{key:?}]"), key)?;
        }
        let connection = ConnectionConfig::from_proto("connection", config.connection.as_ref())?;
        // A cluster's database other than 0 needs Valkey 9+ with
        // cluster-databases: the handshake's SELECT says when it is refused.
        let cache = match &config.cache {
            None => None,
            Some(c) => {
                if connection.protocol == Protocol::Resp2 {
                    return Err(Error::config(
                        "cache: the client-side cache needs RESP3 invalidations (connection.protocol resp2)",
                    ));
                }
                Some(crate::cache::CacheSettings::from_proto(c)?)
            }
        };
        Ok(ClientSettings {
            cache,
            deployment,
            request_timeout,
            read_from,
            client_az,
            node_az: config.node_az.clone(),
            lazy_connect: config.lazy_connect,
            inflight_limit,
            connection: Arc::new(connection),
            coalesce_reads: config.coalesce_reads,
            fail_fast: config.fail_fast,
            log_level,
        })
    }
}

impl ConnectionConfig {
    pub fn from_proto(field: &str, c: Option<&proto::ConnectionSettings>) -> Result<Self> {
        let default = proto::ConnectionSettings::default();
        let c = c.unwrap_or(&default);
        let f = |name: &str| format!("{field}.{name}");
        let backoff_default = proto::Backoff::default();
        let b = c.reconnect.as_ref().unwrap_or(&backoff_default);
        let backoff = Backoff {
            base: positive_ms(&f("reconnect.base_ms"), b.base_ms, defaults::RECONNECT_BASE_MS)?,
            factor: match b.factor {
                None => defaults::RECONNECT_FACTOR,
                Some(x) if x.is_finite() && x >= 1.0 => x,
                Some(x) => return Err(Error::config(format!("{}: must be >= 1, got {x}", f("reconnect.factor")))),
            },
            max: positive_ms(&f("reconnect.max_ms"), b.max_ms, defaults::RECONNECT_MAX_MS)?,
            jitter: match b.jitter_percent {
                None => defaults::RECONNECT_JITTER_PERCENT / 100.0,
                Some(x) if (0.0..=100.0).contains(&x) => x / 100.0,
                Some(x) => {
                    return Err(Error::config(format!(
                        "{}: must be within 0..100, got {x}",
                        f("reconnect.jitter_percent")
                    )))
                }
            },
        };
        if backoff.max < backoff.base {
            return Err(Error::config(format!("{}: smaller than reconnect.base_ms", f("reconnect.max_ms"))));
        }
        let (username, password) = match &c.credentials {
            None => (None, None),
            Some(cr) => {
                let user = Some(cr.username.clone()).filter(|u| !u.is_empty());
                if user.is_some() && cr.password.is_none() {
                    return Err(Error::config(format!("{}: a username needs a password", f("credentials.password"))));
                }
                if let Some(p) = &cr.password {
                    crate::logging::secrets::register(p);
                }
                (user, cr.password.clone())
            }
        };
        let tls = match &c.tls {
            Some(t) if t.enabled => Some(Arc::new(TlsConnector::from_proto(&f("tls"), t)?)),
            _ => None,
        };
        if c.database < 0 {
            return Err(Error::config(format!("{}: must be >= 0, got {}", f("database"), c.database)));
        }
        let protocol = match proto::Protocol::try_from(c.protocol) {
            Ok(proto::Protocol::Resp3) => Protocol::Resp3,
            Ok(proto::Protocol::Resp2) => Protocol::Resp2,
            Err(_) => return Err(Error::config(format!("{}: unknown protocol {}", f("protocol"), c.protocol))),
        };
        let heartbeat_interval = optional_ms(&f("heartbeat_interval_ms"), c.heartbeat_interval_ms, defaults::HEARTBEAT_INTERVAL_MS)?;
        let heartbeat_timeout = positive_ms(&f("heartbeat_timeout_ms"), c.heartbeat_timeout_ms, defaults::HEARTBEAT_TIMEOUT_MS)?;
        Ok(ConnectionConfig {
            connect_timeout: positive_ms(&f("connection_timeout_ms"), c.connection_timeout_ms, defaults::CONNECTION_TIMEOUT_MS)?,
            backoff,
            username,
            password,
            tls,
            database: c.database,
            client_name: Some(c.client_name.clone()).filter(|n| !n.is_empty()),
            protocol,
            heartbeat_interval,
            heartbeat_timeout,
            tcp_keepalive: optional_ms(&f("tcp_keepalive_ms"), c.tcp_keepalive_ms, defaults::TCP_KEEPALIVE_MS)?,
            tcp_user_timeout: optional_ms(&f("tcp_user_timeout_ms"), c.tcp_user_timeout_ms, defaults::TCP_USER_TIMEOUT_MS)?,
            tracking: None,
            dedicated_max: match c.max_dedicated_connections {
                None => defaults::MAX_DEDICATED_CONNECTIONS as usize,
                Some(n) if (1..=10_000).contains(&n) => n as usize,
                Some(n) => {
                    return Err(Error::config(format!(
                        "{}: must be within 1..10000, got {n}",
                        f("max_dedicated_connections")
                    )))
                }
            },
            dedicated_idle: positive_ms(&f("dedicated_idle_ms"), c.dedicated_idle_ms, defaults::DEDICATED_IDLE_MS)?,
            max_reply_bytes: crate::protocol::MAX_REPLY_BYTES,
            credentials: None,
        })
    }
}

fn parse_addresses(field: &str, list: &[String]) -> Result<Vec<NodeAddress>> {
    if list.is_empty() {
        return Err(Error::config(format!("{field}: no address given")));
    }
    let mut out: Vec<NodeAddress> = Vec::with_capacity(list.len());
    for (i, text) in list.iter().enumerate() {
        let addr = NodeAddress::parse(&format!("{field}[{i}]"), text)?;
        if out.contains(&addr) {
            return Err(Error::config(format!("{field}[{i}]: {addr} is listed twice")));
        }
        out.push(addr);
    }
    Ok(out)
}

/// "announced host:port" -> "reachable host:port", both validated.
fn parse_address_map(field: &str, map: &HashMap<String, String>) -> Result<HashMap<NodeAddress, NodeAddress>> {
    let mut out = HashMap::with_capacity(map.len());
    for (from, to) in map {
        let key = NodeAddress::parse(&format!("{field}[{from:?}]"), from)?;
        let value = NodeAddress::parse(&format!("{field}[{from:?}] (value)"), to)?;
        out.insert(key, value);
    }
    Ok(out)
}

/// A duration that must be > 0; `None` takes the default.
fn positive_ms(field: &str, value: Option<i64>, default_ms: i64) -> Result<Duration> {
    match value {
        None => Ok(defaults::ms(default_ms)),
        Some(ms) if ms > 0 => Ok(Duration::from_millis(ms as u64)),
        Some(ms) => Err(Error::config(format!("{field}: must be a positive number of milliseconds, got {ms}"))),
    }
}

/// A duration where 0 means "off"; negative is rejected.
fn optional_ms(field: &str, value: Option<i64>, default_ms: i64) -> Result<Option<Duration>> {
    match value {
        None => Ok(defaults::ms_or_off(default_ms)),
        Some(0) => Ok(None),
        Some(ms) if ms > 0 => Ok(Some(Duration::from_millis(ms as u64))),
        Some(ms) => Err(Error::config(format!("{field}: must be >= 0 milliseconds (0 turns it off), got {ms}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standalone(addrs: &[&str]) -> proto::ClientConfig {
        proto::ClientConfig {
            deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
                addresses: addrs.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    fn err(config: &proto::ClientConfig) -> String {
        match ClientSettings::from_proto(config) {
            Err(e) => {
                assert_eq!(e.kind(), crate::ErrorKind::Config);
                e.message().to_string()
            }
            Ok(_) => panic!("expected a ConfigError"),
        }
    }

    #[test]
    fn parses_addresses() {
        assert_eq!(NodeAddress::parse("a", "localhost:6379").expect("valid"), NodeAddress::new("localhost", 6379));
        assert_eq!(NodeAddress::parse("a", "[::1]:7000").expect("valid"), NodeAddress::new("::1", 7000));
        assert_eq!(NodeAddress::new("::1", 7000).to_string(), "[::1]:7000");
        let unix = NodeAddress::parse("a", "unix:/run/redis.sock").expect("valid");
        assert_eq!((unix.unix_path(), unix.to_string().as_str()), (Some("/run/redis.sock"), "unix:/run/redis.sock"));
        assert!(NodeAddress::parse("a", "unix:run.sock").is_err());
        assert_eq!(NodeAddress::new("10.0.0.1", 0).unix_path(), None);
    }

    #[test]
    fn names_the_field_on_bad_input() {
        assert!(err(&proto::ClientConfig::default()).starts_with("deployment:"));
        assert!(err(&standalone(&[])).starts_with("standalone.addresses: no address"));
        assert!(err(&standalone(&["a:1", "b:0"])).contains("standalone.addresses[1]: port 0"));
        assert!(err(&standalone(&["nohost"])).contains("missing port"));
        let mut c = standalone(&["a:1"]);
        c.request_timeout_ms = Some(-5);
        assert!(err(&c).starts_with("request_timeout_ms: must be a positive"));
        let mut c = standalone(&["a:1"]);
        c.read_from = "nearest".into();
        assert!(err(&c).starts_with("read_from: unknown read strategy \"nearest\""));
        let mut c = standalone(&["a:1"]);
        c.connection = Some(proto::ConnectionSettings { connection_timeout_ms: Some(-1), ..Default::default() });
        assert!(err(&c).starts_with("connection.connection_timeout_ms"));
        let mut c = standalone(&["a:1"]);
        c.read_from = "az_affinity".into();
        assert!(err(&c).starts_with("client_az"));
        let mut c = standalone(&["a:1"]);
        c.log_level = "loud".into();
        assert!(err(&c).starts_with("log_level: \"loud\" is not a level"), "{}", err(&c));
    }

    fn cluster(seeds: &[&str]) -> proto::ClientConfig {
        proto::ClientConfig {
            deployment: Some(proto::client_config::Deployment::Cluster(proto::ClusterDeployment {
                seeds: seeds.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    fn with_cluster(f: impl FnOnce(&mut proto::ClusterDeployment)) -> proto::ClientConfig {
        let mut c = cluster(&["127.0.0.1:7000"]);
        if let Some(proto::client_config::Deployment::Cluster(d)) = c.deployment.as_mut() {
            f(d);
        }
        c
    }

    #[test]
    fn validates_cluster_settings() {
        let s = ClientSettings::from_proto(&cluster(&["127.0.0.1:7000"])).expect("valid");
        match s.deployment {
            Deployment::Cluster { refresh_interval, max_redirects, address_map, .. } => {
                assert_eq!(refresh_interval, Some(Duration::from_secs(60)));
                assert_eq!(max_redirects, 5);
                assert!(address_map.is_empty());
            }
            other => panic!("{other:?}"),
        }
        assert!(err(&cluster(&[])).starts_with("cluster.seeds: no address"));
        assert!(err(&with_cluster(|d| d.refresh_interval_ms = Some(-1))).starts_with("cluster.refresh_interval_ms"));
        assert!(err(&with_cluster(|d| d.max_redirects = Some(-2))).starts_with("cluster.max_redirects"));
        assert!(err(&with_cluster(|d| d.max_redirects = Some(1000))).starts_with("cluster.max_redirects"));
        let bad_key = with_cluster(|d| {
            d.address_map.insert("10.0.0.1".into(), "127.0.0.1:7000".into());
        });
        assert!(err(&bad_key).starts_with("cluster.address_map[\"10.0.0.1\"]: missing port"), "{}", err(&bad_key));
        let bad_value = with_cluster(|d| {
            d.address_map.insert("10.0.0.1:7000".into(), "127.0.0.1:0".into());
        });
        assert!(err(&bad_value).contains("(value): port 0"), "{}", err(&bad_value));
        let ok = with_cluster(|d| {
            d.refresh_interval_ms = Some(0);
            d.address_map.insert("10.0.0.1:7000".into(), "127.0.0.1:7000".into());
        });
        match ClientSettings::from_proto(&ok).expect("valid").deployment {
            Deployment::Cluster { refresh_interval, address_map, .. } => {
                assert_eq!(refresh_interval, None);
                assert_eq!(address_map[&NodeAddress::new("10.0.0.1", 7000)], NodeAddress::new("127.0.0.1", 7000));
            }
            other => panic!("{other:?}"),
        }
        // Numbered databases in a cluster (Valkey 9+): the server decides.
        let mut db = cluster(&["127.0.0.1:7000"]);
        db.connection = Some(proto::ConnectionSettings { database: 2, ..Default::default() });
        assert_eq!(ClientSettings::from_proto(&db).expect("valid").connection.database, 2);
    }

    #[test]
    fn applies_defaults() {
        let s = ClientSettings::from_proto(&standalone(&["127.0.0.1:6379"])).expect("valid");
        assert_eq!(s.request_timeout, Duration::from_millis(250));
        assert_eq!(s.connection.connect_timeout, Duration::from_millis(2000));
        assert_eq!(s.read_from, ReadFrom::Primary);
        assert_eq!(s.inflight_limit, 1000);
        assert!(!s.lazy_connect);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let b = Backoff { jitter: 0.0, ..Backoff::default() };
        assert_eq!(b.delay(0), Duration::from_millis(100));
        assert_eq!(b.delay(3), Duration::from_millis(800));
        assert_eq!(b.delay(30), Duration::from_millis(5000));
        let j = Backoff::default();
        for _ in 0..100 {
            let d = j.delay(1).as_millis();
            assert!((160..=240).contains(&d), "{d}");
        }
    }
}
