//! The JS configuration (validated and given its defaults by node/src/config.ts,
//! passed as JSON with camelCase names) as the contract's `ClientConfig`.
//! Values are checked by the engine on connect (a ConfigError names the field).

use std::collections::HashMap;

use bytes::Bytes;
use serde_json::{Map, Value};

use haven_core::proto;
use haven_core::proto::client_config::Deployment;

type Obj = Map<String, Value>;

fn obj<'a>(v: &'a Value, path: &str) -> Result<&'a Obj, String> {
    v.as_object().ok_or_else(|| format!("{path}: expected an object"))
}

fn opt_i64(o: &Obj, k: &str) -> Result<Option<i64>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| format!("{k}: expected an integer, got {v}")),
    }
}

fn opt_f64(o: &Obj, k: &str) -> Result<Option<f64>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| format!("{k}: expected a number, got {v}")),
    }
}

fn string(o: &Obj, k: &str) -> Result<String, String> {
    Ok(opt_string(o, k)?.unwrap_or_default())
}

fn opt_string(o: &Obj, k: &str) -> Result<Option<String>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(format!("{k}: expected a string, got {v}")),
    }
}

fn boolean(o: &Obj, k: &str) -> Result<bool, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(format!("{k}: expected a boolean, got {v}")),
    }
}

fn strings(o: &Obj, k: &str) -> Result<Vec<String>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| v.as_str().map(str::to_string).ok_or_else(|| format!("{k}[{i}]: expected a string")))
            .collect(),
        Some(v) => Err(format!("{k}: expected an array of strings, got {v}")),
    }
}

fn string_map(o: &Obj, k: &str) -> Result<HashMap<String, String>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(HashMap::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(key, v)| {
                v.as_str().map(|s| (key.clone(), s.to_string())).ok_or_else(|| format!("{k}.{key}: expected a string"))
            })
            .collect(),
        Some(v) => Err(format!("{k}: expected an object of strings, got {v}")),
    }
}

fn sub<'a>(o: &'a Obj, k: &str) -> Result<Option<&'a Obj>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => obj(v, k).map(Some),
    }
}

fn pem(o: &Obj, k: &str) -> Result<Bytes, String> {
    Ok(Bytes::from(string(o, k)?.into_bytes()))
}

/// The JSON text from JS as a ClientConfig; Err names the field.
pub fn from_json(text: &str) -> Result<proto::ClientConfig, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("config: not valid JSON: {e}"))?;
    client_config(obj(&v, "config")?)
}

// Fields added to the contract later keep their defaults.
#[allow(clippy::needless_update)]
fn client_config(o: &Obj) -> Result<proto::ClientConfig, String> {
    let kind = string(o, "kind")?;
    let deployment = match kind.as_str() {
        "standalone" => Deployment::Standalone(proto::StandaloneDeployment {
            addresses: strings(o, "addresses")?,
            role_check_interval_ms: opt_i64(o, "roleCheckIntervalMs")?,
        }),
        "cluster" => Deployment::Cluster(proto::ClusterDeployment {
            seeds: strings(o, "seeds")?,
            refresh_interval_ms: opt_i64(o, "refreshIntervalMs")?,
            address_map: string_map(o, "addressMap")?,
            max_redirects: opt_i64(o, "maxRedirects")?,
        }),
        "sentinel" => Deployment::Sentinel(proto::SentinelDeployment {
            sentinels: strings(o, "sentinels")?,
            master_name: string(o, "masterName")?,
            sentinel_credentials: credentials(o, "sentinelUsername", "sentinelPassword")?,
            sentinel_tls: sub(o, "sentinelTls")?.map(tls).transpose()?,
        }),
        "multiEndpoint" => Deployment::MultiEndpoint(multi_endpoint(o)?),
        other => return Err(format!("kind: unknown deployment kind {other:?}")),
    };
    let connection = if kind == "multiEndpoint" { None } else { Some(connection(o)?) };
    Ok(proto::ClientConfig {
        deployment: Some(deployment),
        request_timeout_ms: opt_i64(o, "requestTimeoutMs")?,
        read_from: string(o, "readFrom")?,
        client_az: string(o, "clientAz")?,
        node_az: string_map(o, "nodeAz")?,
        lazy_connect: boolean(o, "lazyConnect")?,
        inflight_limit: opt_i64(o, "inflightLimit")?,
        connection,
        cache: sub(o, "cache")?.map(cache).transpose()?,
        coalesce_reads: boolean(o, "coalesceReads")?,
        fail_fast: boolean(o, "failFast")?,
        log_level: string(o, "logLevel")?,
        // Settings this package does not expose keep their defaults.
        ..Default::default()
    })
}

/// `ClientCache.toNative()` (node/src/config.ts) as the contract's message;
/// values are checked by config.ts and again by the engine on connect.
fn cache(c: &Obj) -> Result<proto::ClientCache, String> {
    let prefixes = strings(c, "prefixesHex")
        .map_err(|m| format!("cache.{m}"))?
        .iter()
        .enumerate()
        .map(|(i, h)| hex(h).ok_or_else(|| format!("cache.prefixesHex[{i}]: not hex")))
        .collect::<Result<Vec<_>, _>>()?;
    let field = |m: String| format!("cache.{m}");
    Ok(proto::ClientCache {
        max_entries: opt_i64(c, "maxEntries").map_err(field)?,
        max_bytes: opt_i64(c, "maxBytes").map_err(field)?,
        ttl_ms: opt_i64(c, "ttlMs").map_err(field)?,
        mode: string(c, "mode").map_err(field)?,
        prefixes,
        commands: strings(c, "commands").map_err(field)?,
        serve_stale_ms: opt_i64(c, "serveStaleMs").map_err(field)?,
    })
}

/// Hex text as bytes; None when it is not hex.
fn hex(text: &str) -> Option<Bytes> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |d: u8| (d as char).to_digit(16).map(|n| n as u8);
    digits
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect::<Option<Vec<u8>>>()
        .map(Bytes::from)
}

fn credentials(o: &Obj, user: &str, password: &str) -> Result<Option<proto::Credentials>, String> {
    let username = opt_string(o, user)?;
    let password = opt_string(o, password)?;
    if username.is_none() && password.is_none() {
        return Ok(None);
    }
    Ok(Some(proto::Credentials { username: username.unwrap_or_default(), password }))
}

fn tls(t: &Obj) -> Result<proto::Tls, String> {
    Ok(proto::Tls {
        enabled: true,
        ca_cert_pem: pem(t, "caCertPem")?,
        client_cert_pem: pem(t, "clientCertPem")?,
        client_key_pem: pem(t, "clientKeyPem")?,
        insecure_skip_verify: boolean(t, "insecureSkipVerify")?,
        server_name: string(t, "serverName")?,
    })
}

fn connection(o: &Obj) -> Result<proto::ConnectionSettings, String> {
    let protocol = match string(o, "protocol")?.to_ascii_lowercase().as_str() {
        "" | "resp3" => proto::Protocol::Resp3,
        "resp2" => proto::Protocol::Resp2,
        other => return Err(format!("protocol: unknown protocol {other:?} (expected \"resp3\" or \"resp2\")")),
    };
    Ok(proto::ConnectionSettings {
        connection_timeout_ms: opt_i64(o, "connectionTimeoutMs")?,
        reconnect: sub(o, "reconnect")?.map(backoff).transpose()?,
        credentials: credentials(o, "username", "password")?,
        tls: sub(o, "tls")?.map(tls).transpose()?,
        database: opt_i64(o, "database")?.unwrap_or(0),
        client_name: string(o, "clientName")?,
        protocol: protocol as i32,
        heartbeat_interval_ms: opt_i64(o, "heartbeatIntervalMs")?,
        heartbeat_timeout_ms: opt_i64(o, "heartbeatTimeoutMs")?,
        tcp_keepalive_ms: opt_i64(o, "tcpKeepaliveMs")?,
        tcp_user_timeout_ms: opt_i64(o, "tcpUserTimeoutMs")?,
        max_dedicated_connections: opt_i64(o, "maxDedicatedConnections")?,
        dedicated_idle_ms: opt_i64(o, "dedicatedIdleMs")?,
    })
}

fn backoff(b: &Obj) -> Result<proto::Backoff, String> {
    Ok(proto::Backoff {
        base_ms: opt_i64(b, "baseMs")?,
        factor: opt_f64(b, "factor")?,
        max_ms: opt_i64(b, "maxMs")?,
        jitter_percent: opt_f64(b, "jitterPercent")?,
    })
}

fn circuit_breaker(c: &Obj) -> Result<proto::CircuitBreaker, String> {
    Ok(proto::CircuitBreaker {
        window_ms: opt_i64(c, "windowMs")?,
        failure_rate: opt_f64(c, "failureRate")?,
        minimum_failures: opt_i64(c, "minimumFailures")?,
        consecutive_failures: opt_i64(c, "consecutiveFailures")?,
        half_open_after_ms: opt_i64(c, "halfOpenAfterMs")?,
    })
}

fn health_check(h: &Obj) -> Result<proto::HealthCheck, String> {
    Ok(proto::HealthCheck {
        kind: string(h, "kind")?,
        interval_ms: opt_i64(h, "intervalMs")?,
        timeout_ms: opt_i64(h, "timeoutMs")?,
        probes: opt_i64(h, "probes")?,
        probe_policy: string(h, "probePolicy")?,
        http_url: string(h, "httpUrl")?,
        custom_id: 0,
    })
}

fn endpoint(e: &Value, path: &str) -> Result<proto::Endpoint, String> {
    let e = obj(e, path)?;
    let config = match sub(e, "config")? {
        Some(c) => Some(client_config(c).map_err(|m| format!("{path}.config.{m}"))?),
        None => None,
    };
    Ok(proto::Endpoint {
        name: string(e, "name")?,
        weight: opt_f64(e, "weight")?,
        config,
        health_check: sub(e, "healthCheck")?.map(health_check).transpose()?,
    })
}

/// One endpoint (`Endpoint` of node/src/config.ts) for `addEndpoint`.
pub fn endpoint_from_json(text: &str) -> Result<proto::Endpoint, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("endpoint: not valid JSON: {e}"))?;
    endpoint(&v, "endpoint")
}

fn multi_endpoint(o: &Obj) -> Result<proto::MultiEndpointDeployment, String> {
    let mut endpoints = Vec::new();
    if let Some(list) = o.get("endpoints") {
        let list = list.as_array().ok_or("endpoints: expected an array")?;
        for (i, e) in list.iter().enumerate() {
            endpoints.push(endpoint(e, &format!("endpoints[{i}]"))?);
        }
    }
    Ok(proto::MultiEndpointDeployment {
        endpoints,
        circuit_breaker: sub(o, "circuitBreaker")?.map(circuit_breaker).transpose()?,
        health_check: sub(o, "healthCheck")?.map(health_check).transpose()?,
        failback_grace_ms: opt_i64(o, "failbackGraceMs")?,
        startup_policy: string(o, "startupPolicy")?,
        retry_writes_on_failover: boolean(o, "retryWritesOnFailover")?,
    })
}

/// What a connection URL sets (the engine's parser), as JSON with the JS
/// configuration's camelCase names and "kind" (standalone, cluster or
/// sentinel); "tls" is true when the scheme asks for TLS. A bad URL throws
/// a ConfigError naming the part.
#[napi(catch_unwind)]
pub fn url_settings(url: String) -> napi::Result<String> {
    use haven_core::connection_url::{ConnectionUrl, UrlValue};
    let parsed = ConnectionUrl::parse(&url).map_err(|e| crate::client::engine_error(&e))?;
    let mut out = Obj::new();
    out.insert("kind".into(), Value::from(parsed.kind()));
    for (name, value) in parsed.settings() {
        let value = match value {
            UrlValue::Text(t) => Value::from(t),
            UrlValue::Int(n) => Value::from(n),
            UrlValue::Bool(b) => Value::from(b),
            UrlValue::List(l) => Value::from(l),
        };
        out.insert(crate::events::camel_case(name), value);
    }
    Ok(Value::Object(out).to_string())
}

/// The engine's defaults (`haven_core::defaults::ALL`) as JSON, by the
/// contract's `Message.field`: the initial values of the config classes
/// (config.ts), so no default is written in TypeScript.
#[napi(catch_unwind)]
pub fn defaults() -> String {
    use haven_core::defaults::DefaultValue;
    let mut out = Obj::new();
    for (name, value) in haven_core::defaults::ALL {
        let value = match value {
            DefaultValue::Int(n) => Value::from(*n),
            DefaultValue::Float(x) => Value::from(*x),
            DefaultValue::Text(t) => Value::from(*t),
        };
        out.insert((*name).to_string(), value);
    }
    Value::Object(out).to_string()
}
