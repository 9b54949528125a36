//! Connection URLs: `redis://`, `rediss://`, `valkey://`, `valkeys://` and
//! `unix://`, parsed once here for every language. A URL gives the
//! deployment, its addresses, credentials, database and TLS, plus a few
//! settings as query options; `ConnectionUrl::settings` lists what it set
//! by the configuration's field names (the shims build their config objects
//! from that, so the caller's own settings override the URL's), and
//! `ConnectionUrl::client_config` is the whole `ClientConfig` for the shims
//! that connect from a URL alone (Java, C).
//!
//! ```text
//! redis://[[user]:password@]host[:port][,host2[:port2]...][/database][?option=value&...]
//! rediss://...   valkey://...   valkeys://...   (the "s" forms turn TLS on)
//! unix://[[user]:password@]/path/to/socket[?db=N&option=value...]
//! ```
//!
//! Hosts default to port 6379 (26379 for Sentinels); an IPv6 host is
//! bracketed (`[::1]:6379`). User and password are percent-decoded. Query
//! options: `db`, `protocol` (2, 3, resp2, resp3), `client_name`,
//! `request_timeout_ms`, `connection_timeout_ms`, `read_from`,
//! `lazy_connect`, `cluster` (true: the hosts are cluster seeds),
//! `master_name` (the hosts are Sentinels of that service), and for unix
//! sockets `username` and `password`. Every mistake is a ConfigError naming
//! the part of the URL that is wrong, never showing the password.

use percent_encoding::percent_decode_str;

use crate::config::NodeAddress;
use crate::error::{Error, Result};
use crate::proto;

/// The deployment a URL names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlDeployment {
    Standalone,
    Cluster,
    Sentinel { master_name: String },
}

/// A value of one setting a URL gave.
#[derive(Clone, Debug, PartialEq)]
pub enum UrlValue {
    Text(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
}

/// A parsed connection URL.
#[derive(Clone, PartialEq, Default)]
pub struct ConnectionUrl {
    pub deployment: Option<UrlDeployment>,
    /// "host:port", "[v6]:port" or "unix:/path".
    pub addresses: Vec<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub database: Option<i64>,
    pub tls: bool,
    pub client_name: Option<String>,
    /// "resp2" or "resp3".
    pub protocol: Option<String>,
    pub request_timeout_ms: Option<i64>,
    pub connection_timeout_ms: Option<i64>,
    pub read_from: Option<String>,
    pub lazy_connect: Option<bool>,
}

impl std::fmt::Debug for ConnectionUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionUrl")
            .field("deployment", &self.deployment)
            .field("addresses", &self.addresses)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("database", &self.database)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

const SCHEMES: [(&str, bool); 4] = [("redis", false), ("rediss", true), ("valkey", false), ("valkeys", true)];
const DEFAULT_PORT: u16 = 6379;
const DEFAULT_SENTINEL_PORT: u16 = 26379;

fn bad(part: &str, why: impl std::fmt::Display) -> Error {
    Error::config(format!("url: {part}: {why}"))
}

impl ConnectionUrl {
    /// Parses `text`; a mistake is a ConfigError naming the part.
    pub fn parse(text: &str) -> Result<ConnectionUrl> {
        let text = text.trim();
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(bad(
                "scheme",
                "missing (expected redis://, rediss://, valkey://, valkeys:// or unix://)",
            ));
        };
        let scheme = scheme.to_ascii_lowercase();
        if rest.contains('#') {
            return Err(bad("fragment", "a URL here has no #fragment (name a Sentinel service with ?master_name=)"));
        }
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let mut url = ConnectionUrl::default();
        let mut pending_hosts: Vec<&str> = Vec::new();
        if scheme == "unix" {
            // unix://[user[:password]@]/path
            let (userinfo, path) = match rest.find("@/") {
                Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
                None => (None, rest),
            };
            if let Some(info) = userinfo {
                url.userinfo(info)?;
            }
            if !path.starts_with('/') || path.len() < 2 {
                return Err(bad("path", "a unix socket URL needs an absolute path (unix:///path/to/redis.sock)"));
            }
            url.addresses.push(format!("unix:{}", decode("path", path)?));
        } else {
            let Some(&(_, tls)) = SCHEMES.iter().find(|(s, _)| *s == scheme) else {
                return Err(bad(
                    "scheme",
                    format!("{scheme:?} is not supported (expected redis, rediss, valkey, valkeys or unix)"),
                ));
            };
            url.tls = tls;
            let (authority, path) = match rest.find('/') {
                Some(slash) => (&rest[..slash], &rest[slash + 1..]),
                None => (rest, ""),
            };
            let hosts = match authority.rfind('@') {
                Some(at) => {
                    url.userinfo(&authority[..at])?;
                    &authority[at + 1..]
                }
                None => authority,
            };
            if hosts.is_empty() {
                return Err(bad("host", "missing"));
            }
            pending_hosts = hosts.split(',').collect();
            if !path.is_empty() {
                url.database = Some(database("database (path)", path)?);
            }
        }
        if let Some(query) = query {
            url.options(query)?;
        }
        let default_port = match url.deployment {
            Some(UrlDeployment::Sentinel { .. }) => DEFAULT_SENTINEL_PORT,
            _ => DEFAULT_PORT,
        };
        for (i, host) in pending_hosts.iter().enumerate() {
            let part = if pending_hosts.len() == 1 { "host".to_string() } else { format!("host[{i}]") };
            url.addresses.push(host_address(&part, host, default_port)?);
        }
        if url.tls && url.addresses.iter().any(|a| a.starts_with("unix:")) {
            return Err(bad("scheme", "TLS over a unix socket is not supported"));
        }
        if url.username.is_some() && url.password.is_none() {
            return Err(bad("password", "a user name needs a password (redis://user:password@host)"));
        }
        if url.addresses.iter().any(|a| a.starts_with("unix:")) && url.deployment.is_some() {
            return Err(bad("query", "a unix socket URL names a standalone server (no cluster or master_name)"));
        }
        Ok(url)
    }

    fn userinfo(&mut self, info: &str) -> Result<()> {
        let (user, password) = match info.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (info, None),
        };
        if !user.is_empty() {
            self.username = Some(decode("user", user)?);
        }
        if let Some(p) = password {
            self.password = Some(decode("password", p).map_err(|_| bad("password", "not valid percent-encoded UTF-8"))?);
        } else if !user.is_empty() {
            // redis://secret@host: the lone userinfo is the password, as
            // redis-py and Lettuce read it.
            self.password = self.username.take();
        }
        Ok(())
    }

    fn options(&mut self, query: &str) -> Result<()> {
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode("query", key)?;
            let part = format!("query option {key}");
            let value = decode(&part, value)?;
            match key.as_str() {
                "db" | "database" => self.database = Some(database(&part, &value)?),
                "protocol" => {
                    self.protocol = Some(match value.to_ascii_lowercase().as_str() {
                        "2" | "resp2" => "resp2".into(),
                        "3" | "resp3" => "resp3".into(),
                        other => return Err(bad(&part, format!("{other:?} is not 2, 3, resp2 or resp3"))),
                    })
                }
                "client_name" | "clientName" | "name" => self.client_name = Some(value),
                "request_timeout_ms" | "timeout_ms" => self.request_timeout_ms = Some(millis(&part, &value)?),
                "connection_timeout_ms" | "connect_timeout_ms" => {
                    self.connection_timeout_ms = Some(millis(&part, &value)?)
                }
                "read_from" => self.read_from = Some(value),
                "lazy_connect" => self.lazy_connect = Some(boolean(&part, &value)?),
                "cluster" => {
                    if boolean(&part, &value)? {
                        self.set_deployment(&part, UrlDeployment::Cluster)?;
                    }
                }
                "master_name" | "sentinel_master" => {
                    if value.trim().is_empty() {
                        return Err(bad(&part, "empty (name the monitored service)"));
                    }
                    self.set_deployment(&part, UrlDeployment::Sentinel { master_name: value })?;
                }
                "username" => self.username = Some(value),
                "password" => self.password = Some(value),
                _ => {
                    return Err(bad(
                        &part,
                        "unknown (expected db, protocol, client_name, request_timeout_ms, connection_timeout_ms, read_from, lazy_connect, cluster, master_name, username or password)",
                    ))
                }
            }
        }
        Ok(())
    }

    fn set_deployment(&mut self, part: &str, d: UrlDeployment) -> Result<()> {
        if self.deployment.as_ref().is_some_and(|old| *old != d) {
            return Err(bad(part, "cluster and master_name exclude each other"));
        }
        self.deployment = Some(d);
        Ok(())
    }

    /// The deployment's kind as the configuration names it.
    pub fn kind(&self) -> &'static str {
        match self.deployment {
            None | Some(UrlDeployment::Standalone) => "standalone",
            Some(UrlDeployment::Cluster) => "cluster",
            Some(UrlDeployment::Sentinel { .. }) => "sentinel",
        }
    }

    /// What the URL set, by the configuration's field names (snake_case):
    /// the deployment's address list ("addresses", "seeds" or "sentinels"),
    /// "master_name", "username", "password", "database", "tls" (true when
    /// the scheme asks for it), "client_name", "protocol",
    /// "request_timeout_ms", "connection_timeout_ms", "read_from",
    /// "lazy_connect". Settings the URL left out are absent.
    pub fn settings(&self) -> Vec<(&'static str, UrlValue)> {
        let mut out = Vec::new();
        let list = match self.kind() {
            "cluster" => "seeds",
            "sentinel" => "sentinels",
            _ => "addresses",
        };
        out.push((list, UrlValue::List(self.addresses.clone())));
        if let Some(UrlDeployment::Sentinel { master_name }) = &self.deployment {
            out.push(("master_name", UrlValue::Text(master_name.clone())));
        }
        let text = |out: &mut Vec<_>, k, v: &Option<String>| {
            if let Some(v) = v {
                out.push((k, UrlValue::Text(v.clone())));
            }
        };
        let int = |out: &mut Vec<_>, k, v: Option<i64>| {
            if let Some(v) = v {
                out.push((k, UrlValue::Int(v)));
            }
        };
        text(&mut out, "username", &self.username);
        text(&mut out, "password", &self.password);
        int(&mut out, "database", self.database);
        if self.tls {
            out.push(("tls", UrlValue::Bool(true)));
        }
        text(&mut out, "client_name", &self.client_name);
        text(&mut out, "protocol", &self.protocol);
        int(&mut out, "request_timeout_ms", self.request_timeout_ms);
        int(&mut out, "connection_timeout_ms", self.connection_timeout_ms);
        text(&mut out, "read_from", &self.read_from);
        if let Some(b) = self.lazy_connect {
            out.push(("lazy_connect", UrlValue::Bool(b)));
        }
        out
    }

    /// The whole configuration the URL describes; everything it left out
    /// keeps the engine's default.
    pub fn client_config(&self) -> proto::ClientConfig {
        use proto::client_config::Deployment;
        let deployment = match &self.deployment {
            None | Some(UrlDeployment::Standalone) => Deployment::Standalone(proto::StandaloneDeployment {
                addresses: self.addresses.clone(),
                ..Default::default()
            }),
            Some(UrlDeployment::Cluster) => {
                Deployment::Cluster(proto::ClusterDeployment { seeds: self.addresses.clone(), ..Default::default() })
            }
            Some(UrlDeployment::Sentinel { master_name }) => Deployment::Sentinel(proto::SentinelDeployment {
                sentinels: self.addresses.clone(),
                master_name: master_name.clone(),
                ..Default::default()
            }),
        };
        let credentials = (self.username.is_some() || self.password.is_some()).then(|| proto::Credentials {
            username: self.username.clone().unwrap_or_default(),
            password: self.password.clone(),
        });
        let protocol = match self.protocol.as_deref() {
            Some("resp2") => proto::Protocol::Resp2,
            _ => proto::Protocol::Resp3,
        };
        proto::ClientConfig {
            deployment: Some(deployment),
            request_timeout_ms: self.request_timeout_ms,
            read_from: self.read_from.clone().unwrap_or_default(),
            lazy_connect: self.lazy_connect.unwrap_or(false),
            connection: Some(proto::ConnectionSettings {
                connection_timeout_ms: self.connection_timeout_ms,
                credentials,
                tls: self.tls.then(|| proto::Tls { enabled: true, ..Default::default() }),
                database: self.database.unwrap_or(0),
                client_name: self.client_name.clone().unwrap_or_default(),
                protocol: protocol as i32,
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

/// The configuration a URL describes (see `ConnectionUrl`).
pub fn client_config(url: &str) -> Result<proto::ClientConfig> {
    ConnectionUrl::parse(url).map(|u| u.client_config())
}

fn decode(part: &str, text: &str) -> Result<String> {
    percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| bad(part, "not valid percent-encoded UTF-8"))
}

fn host_address(part: &str, host: &str, default_port: u16) -> Result<String> {
    let host = host.trim();
    if host.is_empty() {
        return Err(bad(part, "missing"));
    }
    let has_port = if host.starts_with('[') {
        host.contains("]:")
    } else {
        match host.matches(':').count() {
            0 => false,
            1 => true,
            _ => return Err(bad(part, format!("{host:?}: put an IPv6 address in brackets ([::1]:6379)"))),
        }
    };
    let with_port = if has_port { host.to_string() } else { format!("{host}:{default_port}") };
    let addr = NodeAddress::parse(&format!("url: {part}"), &with_port)?;
    Ok(addr.to_string())
}

fn database(part: &str, text: &str) -> Result<i64> {
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err(bad(part, format!("{text:?} is not a database number"))),
    }
}

fn millis(part: &str, text: &str) -> Result<i64> {
    match text.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(bad(part, format!("{text:?} is not a positive number of milliseconds"))),
    }
}

fn boolean(part: &str, text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(bad(part, format!("{other:?} is not true or false"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(url: &str) -> String {
        match ConnectionUrl::parse(url) {
            Ok(u) => panic!("{url} parsed: {u:?}"),
            Err(e) => {
                assert_eq!(e.kind(), crate::ErrorKind::Config, "{e}");
                e.to_string()
            }
        }
    }

    #[test]
    fn parses_every_scheme() {
        let u = ConnectionUrl::parse("redis://h:6380").unwrap();
        assert_eq!((u.addresses.clone(), u.tls, u.kind()), (vec!["h:6380".to_string()], false, "standalone"));
        assert!(ConnectionUrl::parse("rediss://h").unwrap().tls);
        assert!(ConnectionUrl::parse("valkeys://h").unwrap().tls);
        let u = ConnectionUrl::parse("valkey://h").unwrap();
        assert_eq!(u.addresses, vec!["h:6379"]);
        let u = ConnectionUrl::parse("REDIS://[::1]:7000/3").unwrap();
        assert_eq!((u.addresses.clone(), u.database), (vec!["[::1]:7000".to_string()], Some(3)));
        let u = ConnectionUrl::parse("redis://[::1]").unwrap();
        assert_eq!(u.addresses, vec!["[::1]:6379"]);
    }

    #[test]
    fn reads_credentials_database_and_options() {
        let u = ConnectionUrl::parse("redis://al%40ice:p%3Ass@h:1/2?protocol=2&client_name=app&request_timeout_ms=900&lazy_connect=true&read_from=prefer_replica").unwrap();
        assert_eq!(u.username.as_deref(), Some("al@ice"));
        assert_eq!(u.password.as_deref(), Some("p:ss"));
        assert_eq!(u.database, Some(2));
        assert_eq!(u.protocol.as_deref(), Some("resp2"));
        assert_eq!(u.client_name.as_deref(), Some("app"));
        assert_eq!(u.request_timeout_ms, Some(900));
        assert_eq!(u.lazy_connect, Some(true));
        assert_eq!(u.read_from.as_deref(), Some("prefer_replica"));
        let u = ConnectionUrl::parse("redis://:secret@h").unwrap();
        assert_eq!((u.username, u.password.as_deref()), (None, Some("secret")));
        let u = ConnectionUrl::parse("redis://secret@h").unwrap();
        assert_eq!((u.username, u.password.as_deref()), (None, Some("secret")));
    }

    #[test]
    fn names_cluster_and_sentinel_deployments() {
        let u = ConnectionUrl::parse("redis://a:7000,b:7001?cluster=true").unwrap();
        assert_eq!(u.kind(), "cluster");
        assert_eq!(u.settings()[0], ("seeds", UrlValue::List(vec!["a:7000".into(), "b:7001".into()])));
        let u = ConnectionUrl::parse("redis://s1,s2:26380?master_name=mymaster").unwrap();
        assert_eq!(u.addresses, vec!["s1:26379", "s2:26380"]);
        let c = u.client_config();
        match c.deployment {
            Some(proto::client_config::Deployment::Sentinel(s)) => assert_eq!(s.master_name, "mymaster"),
            other => panic!("{other:?}"),
        }
        assert!(err("redis://h?cluster=true&master_name=m").contains("exclude each other"));
    }

    #[test]
    fn parses_unix_sockets() {
        let u = ConnectionUrl::parse("unix:///tmp/redis.sock?db=4&password=pw").unwrap();
        assert_eq!(u.addresses, vec!["unix:/tmp/redis.sock"]);
        assert_eq!((u.database, u.password.as_deref()), (Some(4), Some("pw")));
        let u = ConnectionUrl::parse("unix://bob:pw@/run/r.sock").unwrap();
        assert_eq!((u.username.as_deref(), u.addresses[0].as_str()), (Some("bob"), "unix:/run/r.sock"));
        assert!(err("unix://relative.sock").contains("absolute path"));
    }

    #[test]
    fn names_what_is_wrong() {
        assert!(err("redis:/h").contains("url: scheme"));
        assert!(err("http://h").contains("\"http\" is not supported"));
        assert!(err("redis://").contains("url: host: missing"));
        assert!(err("redis://h:0").contains("port 0"));
        assert!(err("redis://h:99999").contains("not a valid port"));
        assert!(err("redis://h:x").contains("not a number"));
        assert!(err("redis://h/x").contains("database (path)"));
        assert!(err("redis://h?db=-1").contains("query option db"));
        assert!(err("redis://h?nope=1").contains("query option nope: unknown"));
        assert!(err("redis://h?protocol=4").contains("query option protocol"));
        assert!(err("redis://h?request_timeout_ms=0").contains("request_timeout_ms"));
        assert!(err("redis://h#m").contains("fragment"));
        assert!(err("redis://a,,b").contains("host[1]: missing"));
        assert!(err("redis://::1").contains("brackets"));
    }

    #[test]
    fn never_shows_the_password() {
        for url in ["redis://u:hunter2@h:0", "redis://u:hunter2@h?nope=1", "redis://u:hunter2@h/x"] {
            let text = err(url);
            assert!(!text.contains("hunter2"), "{text}");
        }
        let u = ConnectionUrl::parse("redis://u:hunter2@h").unwrap();
        assert!(!format!("{u:?}").contains("hunter2"));
    }
}
