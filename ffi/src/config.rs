//! The plain C path's configuration builder, without protobuf: a standalone,
//! cluster, Sentinel or multi-endpoint configuration, settings by name.
//! Names are the contract's field names, so errors read the same as in every
//! other language.

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use haven_core::proto;
use haven_core::{Client, Error};

use crate::{client_or_error, status, HavenClient};

/// A configuration being built (opaque). Free with `haven_config_free`.
pub struct HavenConfig {
    config: proto::ClientConfig,
}

impl HavenConfig {
    pub(crate) fn proto(&self) -> &proto::ClientConfig {
        &self.config
    }
}

/// A new configuration for a standalone deployment (primary and replicas).
#[no_mangle]
pub extern "C" fn haven_config_standalone() -> *mut HavenConfig {
    let config = proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment::default())),
        ..Default::default()
    };
    Box::into_raw(Box::new(HavenConfig { config }))
}

fn with_deployment(deployment: proto::client_config::Deployment) -> *mut HavenConfig {
    let config = proto::ClientConfig { deployment: Some(deployment), ..Default::default() };
    Box::into_raw(Box::new(HavenConfig { config }))
}

/// A new configuration for a cluster (seeds set with "seed").
#[no_mangle]
pub extern "C" fn haven_config_cluster() -> *mut HavenConfig {
    with_deployment(proto::client_config::Deployment::Cluster(Default::default()))
}

/// A new configuration for a Sentinel-managed primary ("sentinel" addresses
/// and "master_name").
#[no_mangle]
pub extern "C" fn haven_config_sentinel() -> *mut HavenConfig {
    with_deployment(proto::client_config::Deployment::Sentinel(Default::default()))
}

/// A new multi-endpoint configuration: add endpoints with
/// `haven_config_add_endpoint`; settings "failback_grace_ms",
/// "startup_policy", "retry_writes_on_failover", "health_check",
/// "health_interval_ms", "health_timeout_ms", "health_probes",
/// "breaker_consecutive_failures", "breaker_failure_rate" apply to it.
#[no_mangle]
pub extern "C" fn haven_config_multi_endpoint() -> *mut HavenConfig {
    with_deployment(proto::client_config::Deployment::MultiEndpoint(Default::default()))
}

pub(crate) fn text<'a>(field: &str, p: *const c_char) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::config(format!("{field}: NULL string")));
    }
    // SAFETY: non-null; the caller passes a NUL-terminated string valid for
    // the duration of the call.
    unsafe { CStr::from_ptr(p) }.to_str().map_err(|_| Error::config(format!("{field}: not valid UTF-8")))
}

fn integer(field: &str, value: &str) -> Result<i64, Error> {
    value.trim().parse().map_err(|_| Error::config(format!("{field}: {value:?} is not a whole number")))
}

fn boolean(field: &str, value: &str) -> Result<bool, Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(Error::config(format!("{field}: {value:?} is not a boolean (true/false)"))),
    }
}

fn number(field: &str, value: &str) -> Result<f64, Error> {
    value
        .trim()
        .parse()
        .map_err(|_| Error::config(format!("{field}: {value:?} is not a number")))
}

/// Settings of a multi-endpoint configuration; None: not one of them.
fn apply_multi(m: &mut proto::MultiEndpointDeployment, key: &str, value: &str) -> Result<Option<()>, Error> {
    let health = || -> proto::HealthCheck { Default::default() };
    match key {
        "failback_grace_ms" => m.failback_grace_ms = Some(integer(key, value)?),
        "startup_policy" => m.startup_policy = value.to_string(),
        "retry_writes_on_failover" => m.retry_writes_on_failover = boolean(key, value)?,
        "health_check" => m.health_check.get_or_insert_with(health).kind = value.to_string(),
        "health_interval_ms" => m.health_check.get_or_insert_with(health).interval_ms = Some(integer(key, value)?),
        "health_timeout_ms" => m.health_check.get_or_insert_with(health).timeout_ms = Some(integer(key, value)?),
        "health_probes" => m.health_check.get_or_insert_with(health).probes = Some(integer(key, value)?),
        "breaker_consecutive_failures" => {
            m.circuit_breaker.get_or_insert_with(Default::default).consecutive_failures = Some(integer(key, value)?)
        }
        "breaker_failure_rate" => {
            m.circuit_breaker.get_or_insert_with(Default::default).failure_rate = Some(number(key, value)?)
        }
        _ => return Ok(None),
    }
    Ok(Some(()))
}

fn apply(config: &mut proto::ClientConfig, key: &str, value: &str) -> Result<(), Error> {
    use proto::client_config::Deployment;
    if let Some(Deployment::MultiEndpoint(m)) = &mut config.deployment {
        if apply_multi(m, key, value)?.is_some() {
            return Ok(());
        }
    }
    let conn = config.connection.get_or_insert_with(Default::default);
    match key {
        "address" => match &mut config.deployment {
            Some(Deployment::Standalone(s)) => s.addresses.push(value.to_string()),
            _ => return Err(Error::config("address: not a standalone configuration (clusters take \"seed\", Sentinel \"sentinel\")")),
        },
        "seed" => match &mut config.deployment {
            Some(Deployment::Cluster(c)) => c.seeds.push(value.to_string()),
            _ => return Err(Error::config("seed: not a cluster configuration")),
        },
        "sentinel" => match &mut config.deployment {
            Some(Deployment::Sentinel(s)) => s.sentinels.push(value.to_string()),
            _ => return Err(Error::config("sentinel: not a Sentinel configuration")),
        },
        "master_name" => match &mut config.deployment {
            Some(Deployment::Sentinel(s)) => s.master_name = value.to_string(),
            _ => return Err(Error::config("master_name: not a Sentinel configuration")),
        },
        "request_timeout_ms" => config.request_timeout_ms = Some(integer(key, value)?),
        "connection_timeout_ms" => conn.connection_timeout_ms = Some(integer(key, value)?),
        "read_from" => config.read_from = value.to_string(),
        "client_az" => config.client_az = value.to_string(),
        "lazy_connect" => config.lazy_connect = boolean(key, value)?,
        "coalesce_reads" => config.coalesce_reads = boolean(key, value)?,
        "fail_fast" => config.fail_fast = boolean(key, value)?,
        "log_level" => config.log_level = value.to_string(),
        "inflight_limit" => config.inflight_limit = Some(integer(key, value)?),
        "username" => conn.credentials.get_or_insert_with(Default::default).username = value.to_string(),
        "password" => conn.credentials.get_or_insert_with(Default::default).password = Some(value.to_string()),
        "database" => conn.database = integer(key, value)?,
        "client_name" => conn.client_name = value.to_string(),
        "max_dedicated_connections" => conn.max_dedicated_connections = Some(integer(key, value)?),
        "dedicated_idle_ms" => conn.dedicated_idle_ms = Some(integer(key, value)?),
        "protocol" => {
            conn.protocol = match value.to_ascii_lowercase().as_str() {
                "resp3" => proto::Protocol::Resp3 as i32,
                "resp2" => proto::Protocol::Resp2 as i32,
                _ => return Err(Error::config(format!("protocol: {value:?} (expected resp2 or resp3)"))),
            }
        }
        "tls" => conn.tls.get_or_insert_with(Default::default).enabled = boolean(key, value)?,
        "tls_ca_file" => {
            let pem = std::fs::read(value).map_err(|e| Error::config(format!("tls_ca_file: cannot read {value:?}: {e}")))?;
            let tls = conn.tls.get_or_insert_with(Default::default);
            tls.enabled = true;
            tls.ca_cert_pem = pem.into();
        }
        "tls_insecure_skip_verify" => {
            let tls = conn.tls.get_or_insert_with(Default::default);
            tls.enabled = true;
            tls.insecure_skip_verify = boolean(key, value)?;
        }
        "cache_commands" => {
            config.cache.get_or_insert_with(Default::default).commands =
                value.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        }
        "cache_max_entries" => config.cache.get_or_insert_with(Default::default).max_entries = Some(integer(key, value)?),
        "cache_max_bytes" => config.cache.get_or_insert_with(Default::default).max_bytes = Some(integer(key, value)?),
        "cache_ttl_ms" => config.cache.get_or_insert_with(Default::default).ttl_ms = Some(integer(key, value)?),
        "cache_mode" => config.cache.get_or_insert_with(Default::default).mode = value.to_string(),
        "cache_prefix" => config.cache.get_or_insert_with(Default::default).prefixes.push(value.as_bytes().to_vec().into()),
        "cache_serve_stale_ms" => {
            config.cache.get_or_insert_with(Default::default).serve_stale_ms = Some(integer(key, value)?)
        }
        other => {
            return Err(Error::config(format!(
                "{other}: unknown setting (known: address, seed, sentinel, master_name, request_timeout_ms, connection_timeout_ms, read_from, client_az, lazy_connect, coalesce_reads, fail_fast, inflight_limit, username, password, database, client_name, max_dedicated_connections, dedicated_idle_ms, protocol, tls, tls_ca_file, tls_insecure_skip_verify, cache_commands, cache_max_entries, cache_max_bytes, cache_ttl_ms, cache_mode, cache_prefix, cache_serve_stale_ms; multi-endpoint: failback_grace_ms, startup_policy, retry_writes_on_failover, health_check, health_interval_ms, health_timeout_ms, health_probes, breaker_consecutive_failures, breaker_failure_rate)"
            )))
        }
    }
    Ok(())
}

/// Sets one setting by name (e.g. "address" = "127.0.0.1:6379",
/// "request_timeout_ms" = "250", "read_from" = "primary_preferred",
/// "fail_fast" = "true": requests to an unreachable primary fail at once
/// instead of waiting, parked, for a new one; "log_level" = "debug": the
/// process's log level for haven_set_log_callback, set when a client is
/// created). Returns 0 on success; -1 on
/// failure with a message in `*error_out` (free it with `haven_string_free`). Values are
/// checked fully when the client connects.
#[no_mangle]
pub unsafe extern "C" fn haven_config_set(
    config: *mut HavenConfig,
    key: *const c_char,
    value: *const c_char,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: a non-null config comes from haven_config_standalone and is
        // not used by another thread during this call (header contract).
        let Some(cfg) = (unsafe { config.as_mut() }) else {
            return Err(Error::config("config: NULL pointer"));
        };
        let key = text("key", key)?;
        let value = text(key, value)?;
        apply(&mut cfg.config, key, value)
    }));
    status(result, error_out)
}

/// An endpoint from the C arguments of `haven_config_add_endpoint` and
/// `haven_client_add_endpoint`.
///
/// # Safety
/// `name` and `health_check` are NULL or NUL-terminated strings and
/// `endpoint` is NULL or a live configuration, all valid for the call.
pub(crate) unsafe fn endpoint_proto(
    name: *const c_char,
    weight: f64,
    endpoint: *const HavenConfig,
    health_check: *const c_char,
) -> Result<proto::Endpoint, Error> {
    // SAFETY: per this function's contract, read only.
    let Some(ep) = (unsafe { endpoint.as_ref() }) else {
        return Err(Error::config("endpoint: NULL pointer"));
    };
    let name = text("name", name)?.to_string();
    let health_check = if health_check.is_null() {
        None
    } else {
        Some(proto::HealthCheck { kind: text("health_check", health_check)?.to_string(), ..Default::default() })
    };
    Ok(proto::Endpoint { name, weight: Some(weight), config: Some(ep.config.clone()), health_check })
}

/// Adds an endpoint to a multi-endpoint configuration: its `name`, its
/// `weight` (higher is preferred, >= 0) and its own deployment `endpoint`
/// (a standalone, cluster or Sentinel configuration, copied; the caller
/// still frees it). `health_check` is the endpoint's own check kind
/// ("ping", "info", "custom", "none") or NULL for the configuration's.
/// A "custom" check gets its callback from haven_client_set_health_check.
/// Returns 0, or -1 with a message in `*error_out`.
#[no_mangle]
pub unsafe extern "C" fn haven_config_add_endpoint(
    config: *mut HavenConfig,
    name: *const c_char,
    weight: f64,
    endpoint: *const HavenConfig,
    health_check: *const c_char,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: see haven_config_set.
        let Some(cfg) = (unsafe { config.as_mut() }) else {
            return Err(Error::config("config: NULL pointer"));
        };
        // SAFETY: as for `endpoint_proto`.
        let endpoint = unsafe { endpoint_proto(name, weight, endpoint, health_check) }?;
        let Some(proto::client_config::Deployment::MultiEndpoint(m)) = &mut cfg.config.deployment else {
            return Err(Error::config("config: not a multi-endpoint configuration (haven_config_multi_endpoint)"));
        };
        m.endpoints.push(endpoint);
        Ok(())
    }));
    status(result, error_out)
}

/// A new configuration from a connection URL:
/// `redis://[[user]:password@]host[:port][,host...][/db][?option=value...]`,
/// `rediss://`, `valkey://`, `valkeys://` (TLS) or `unix:///path?db=N`;
/// `?cluster=true` makes the hosts cluster seeds, `?master_name=NAME`
/// Sentinels. Settings set with `haven_config_set` afterwards add to it.
/// NULL on a bad URL, with a message naming the part in `*error_out`
/// (free it with `haven_string_free`).
#[no_mangle]
pub unsafe extern "C" fn haven_config_from_url(url: *const c_char, error_out: *mut *mut c_char) -> *mut HavenConfig {
    let result = catch_unwind(AssertUnwindSafe(|| haven_core::connection_url::client_config(text("url", url)?)));
    match crate::outcome(result, error_out) {
        Some(config) => Box::into_raw(Box::new(HavenConfig { config })),
        None => std::ptr::null_mut(),
    }
}

/// Connects a client to what a connection URL describes (see
/// `haven_config_from_url`). Blocks until connected or failed; NULL on
/// failure (a bad URL is a ConfigError naming the part) with a message in
/// `*error_out` (free it with `haven_string_free`).
#[no_mangle]
pub unsafe extern "C" fn haven_client_from_url(url: *const c_char, error_out: *mut *mut c_char) -> *mut HavenClient {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let config = haven_core::connection_url::client_config(text("url", url)?)?;
        Client::connect_blocking(config)
    }));
    client_or_error(result, error_out)
}

/// Connects a client with this configuration (the configuration stays the
/// caller's). Blocks until connected or failed; NULL on failure with a
/// message in `*error_out` (free it with `haven_string_free`).
#[no_mangle]
pub unsafe extern "C" fn haven_client_connect(config: *const HavenConfig, error_out: *mut *mut c_char) -> *mut HavenClient {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: see haven_config_set.
        let Some(cfg) = (unsafe { config.as_ref() }) else {
            return Err(Error::config("config: NULL pointer"));
        };
        Client::connect_blocking(cfg.config.clone())
    }));
    client_or_error(result, error_out)
}

/// Frees a configuration. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn haven_config_free(config: *mut HavenConfig) {
    if !config.is_null() {
        // SAFETY: created by Box::into_raw in haven_config_standalone; freed
        // once by the caller.
        drop(unsafe { Box::from_raw(config) });
    }
}
