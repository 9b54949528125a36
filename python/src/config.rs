//! The Python configuration objects (haven.config dataclasses, handed over as
//! plain dicts by their `_to_dict`) -> `proto::ClientConfig`. Only shapes are
//! checked here, with the Python argument named; values (ports, negative
//! timeouts, unknown read_from, ...) are validated by the engine, which names
//! the field in its ConfigError.

use std::collections::HashMap;

use bytes::Bytes;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use haven_core::proto;
use haven_core::proto::client_config::Deployment;

use crate::errors::{self, type_name};

/// A dict of settings and the path that names it in errors.
struct Fields<'py> {
    dict: Bound<'py, PyDict>,
    path: String,
}

impl<'py> Fields<'py> {
    fn new(obj: &Bound<'py, PyAny>, path: &str) -> PyResult<Self> {
        let dict = obj.downcast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{}: expected a configuration object, got {}",
                if path.is_empty() { "config" } else { path },
                type_name(obj)
            ))
        })?;
        Ok(Fields {
            dict: dict.clone(),
            path: path.to_string(),
        })
    }

    fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn wrong(&self, key: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
        PyTypeError::new_err(format!(
            "{}: expected {expected}, got {}",
            self.name(key),
            type_name(got)
        ))
    }

    /// The value under `key`; a missing key and None are both "unset".
    fn get(&self, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        Ok(self.dict.get_item(key)?.filter(|v| !v.is_none()))
    }

    fn opt_i64(&self, key: &str) -> PyResult<Option<i64>> {
        let Some(v) = self.get(key)? else {
            return Ok(None);
        };
        if v.is_instance_of::<pyo3::types::PyBool>() || !v.is_instance_of::<pyo3::types::PyInt>() {
            return Err(self.wrong(key, "an int", &v));
        }
        v.extract::<i64>().map(Some).map_err(|_| {
            errors::config(
                v.py(),
                format!("{}: {} does not fit in 64 bits", self.name(key), v),
            )
        })
    }

    fn i64_or_zero(&self, key: &str) -> PyResult<i64> {
        Ok(self.opt_i64(key)?.unwrap_or(0))
    }

    fn opt_f64(&self, key: &str) -> PyResult<Option<f64>> {
        let Some(v) = self.get(key)? else {
            return Ok(None);
        };
        if v.is_instance_of::<pyo3::types::PyBool>() {
            return Err(self.wrong(key, "a number", &v));
        }
        v.extract::<f64>()
            .map(Some)
            .map_err(|_| self.wrong(key, "a number", &v))
    }

    fn boolean(&self, key: &str) -> PyResult<bool> {
        let Some(v) = self.get(key)? else {
            return Ok(false);
        };
        if !v.is_instance_of::<pyo3::types::PyBool>() {
            return Err(self.wrong(key, "a bool", &v));
        }
        v.extract::<bool>()
    }

    fn string(&self, key: &str) -> PyResult<String> {
        let Some(v) = self.get(key)? else {
            return Ok(String::new());
        };
        match v.downcast::<PyString>() {
            Ok(s) => Ok(s.to_cow()?.into_owned()),
            Err(_) => Err(self.wrong(key, "a str", &v)),
        }
    }

    fn opt_string(&self, key: &str) -> PyResult<Option<String>> {
        self.get(key)?.map(|_| self.string(key)).transpose()
    }

    /// A list or tuple of str.
    fn strings(&self, key: &str) -> PyResult<Vec<String>> {
        let Some(v) = self.get(key)? else {
            return Ok(Vec::new());
        };
        let items: Vec<Bound<'_, PyAny>> = if let Ok(l) = v.downcast::<PyList>() {
            l.iter().collect()
        } else if let Ok(t) = v.downcast::<PyTuple>() {
            t.iter().collect()
        } else {
            return Err(self.wrong(key, "a list of \"host:port\" strings", &v));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item.downcast::<PyString>() {
                Ok(s) => Ok(s.to_cow()?.into_owned()),
                Err(_) => Err(PyTypeError::new_err(format!(
                    "{}[{i}]: expected a \"host:port\" string, got {} {}",
                    self.name(key),
                    type_name(item),
                    item.repr().map(|r| r.to_string()).unwrap_or_default()
                ))),
            })
            .collect()
    }

    fn string_map(&self, key: &str) -> PyResult<HashMap<String, String>> {
        let Some(v) = self.get(key)? else {
            return Ok(HashMap::new());
        };
        let dict = v
            .downcast::<PyDict>()
            .map_err(|_| self.wrong(key, "a dict of str to str", &v))?;
        let mut out = HashMap::with_capacity(dict.len());
        for (k, val) in dict.iter() {
            let (Ok(ks), Ok(vs)) = (k.downcast::<PyString>(), val.downcast::<PyString>()) else {
                return Err(PyTypeError::new_err(format!(
                    "{}: expected str keys and values, got {}: {}",
                    self.name(key),
                    type_name(&k),
                    type_name(&val)
                )));
            };
            out.insert(ks.to_cow()?.into_owned(), vs.to_cow()?.into_owned());
        }
        Ok(out)
    }

    /// PEM text as bytes or str.
    fn pem(&self, key: &str) -> PyResult<Bytes> {
        let Some(v) = self.get(key)? else {
            return Ok(Bytes::new());
        };
        if let Ok(b) = v.downcast::<PyBytes>() {
            return Ok(Bytes::copy_from_slice(b.as_bytes()));
        }
        if let Ok(s) = v.downcast::<PyString>() {
            return Ok(Bytes::from(s.to_cow()?.into_owned().into_bytes()));
        }
        Err(self.wrong(key, "PEM text as bytes or str", &v))
    }

    fn sub(&self, key: &str) -> PyResult<Option<Fields<'py>>> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => Ok(Some(Fields::new(&v, &self.name(key))?)),
        }
    }
}

/// What a connection URL sets, by the configuration classes' field names,
/// with "kind" naming the class (standalone, cluster or sentinel); "tls"
/// is True when the scheme asks for TLS. The engine parses the URL; a bad
/// one raises ConfigError naming the part.
#[pyfunction]
pub fn url_settings<'py>(py: Python<'py>, url: &str) -> PyResult<Bound<'py, PyDict>> {
    use haven_core::connection_url::{ConnectionUrl, UrlValue};
    let parsed = ConnectionUrl::parse(url).map_err(|e| errors::engine_error(py, &e))?;
    let out = PyDict::new(py);
    out.set_item("kind", parsed.kind())?;
    for (name, value) in parsed.settings() {
        match value {
            UrlValue::Text(t) => out.set_item(name, t)?,
            UrlValue::Int(n) => out.set_item(name, n)?,
            UrlValue::Bool(b) => out.set_item(name, b)?,
            UrlValue::List(l) => out.set_item(name, PyList::new(py, l)?)?,
        }
    }
    Ok(out)
}

/// Converts a configuration dict (from `haven.config`) to the contract.
pub fn client_config(obj: &Bound<'_, PyAny>) -> PyResult<proto::ClientConfig> {
    client_config_at(obj, "")
}

// Every field is set today; the update stays for the next contract field.
#[allow(clippy::needless_update)]
fn client_config_at(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<proto::ClientConfig> {
    let py = obj.py();
    let f = Fields::new(obj, path)?;
    let kind = f.string("kind")?;
    let deployment = match kind.as_str() {
        "standalone" => Deployment::Standalone(proto::StandaloneDeployment {
            addresses: f.strings("addresses")?,
            role_check_interval_ms: f.opt_i64("role_check_interval_ms")?,
        }),
        "cluster" => Deployment::Cluster(proto::ClusterDeployment {
            seeds: f.strings("seeds")?,
            refresh_interval_ms: f.opt_i64("refresh_interval_ms")?,
            address_map: f.string_map("address_map")?,
            max_redirects: f.opt_i64("max_redirects")?,
        }),
        "sentinel" => Deployment::Sentinel(proto::SentinelDeployment {
            sentinels: f.strings("sentinels")?,
            master_name: f.string("master_name")?,
            sentinel_credentials: credentials(&f, "sentinel_username", "sentinel_password")?,
            sentinel_tls: f.sub("sentinel_tls")?.map(|t| tls(&t)).transpose()?,
        }),
        "multi_endpoint" => Deployment::MultiEndpoint(multi_endpoint(&f)?),
        other => {
            return Err(errors::config(
                py,
                format!("{}: unknown deployment kind {other:?}", f.name("kind")),
            ))
        }
    };
    let connection = if kind == "multi_endpoint" {
        None
    } else {
        Some(connection(&f)?)
    };
    Ok(proto::ClientConfig {
        deployment: Some(deployment),
        request_timeout_ms: f.opt_i64("request_timeout_ms")?,
        read_from: f.string("read_from")?,
        client_az: f.string("client_az")?,
        node_az: f.string_map("node_az")?,
        lazy_connect: f.boolean("lazy_connect")?,
        inflight_limit: f.opt_i64("inflight_limit")?,
        connection,
        cache: f.sub("cache")?.map(|c| cache(&c)).transpose()?,
        coalesce_reads: f.boolean("coalesce_reads")?,
        fail_fast: f.boolean("fail_fast")?,
        log_level: f.string("log_level")?,
        // Fields the Python Config does not carry (yet) keep the engine's
        // defaults, so a new contract field never breaks this build.
        ..Default::default()
    })
}

/// `haven.ClientCache` -> the contract; values are checked by the engine
/// (its ConfigError names `cache.<field>`).
fn cache(c: &Fields<'_>) -> PyResult<proto::ClientCache> {
    let mut prefixes = Vec::new();
    if let Some(v) = c.get("prefixes")? {
        let items: Vec<Bound<'_, PyAny>> = if let Ok(l) = v.downcast::<PyList>() {
            l.iter().collect()
        } else if let Ok(t) = v.downcast::<PyTuple>() {
            t.iter().collect()
        } else {
            return Err(c.wrong("prefixes", "a list of bytes", &v));
        };
        for (i, item) in items.iter().enumerate() {
            match item.downcast::<PyBytes>() {
                Ok(b) => prefixes.push(Bytes::copy_from_slice(b.as_bytes())),
                Err(_) => {
                    return Err(PyTypeError::new_err(format!(
                        "{}[{i}]: expected bytes, got {}",
                        c.name("prefixes"),
                        type_name(item)
                    )))
                }
            }
        }
    }
    Ok(proto::ClientCache {
        max_entries: c.opt_i64("max_entries")?,
        max_bytes: c.opt_i64("max_bytes")?,
        ttl_ms: c.opt_i64("ttl_ms")?,
        mode: c.string("mode")?,
        prefixes,
        commands: c.strings("commands")?,
        serve_stale_ms: c.opt_i64("serve_stale_ms")?,
    })
}

fn credentials(
    f: &Fields<'_>,
    user_key: &str,
    password_key: &str,
) -> PyResult<Option<proto::Credentials>> {
    let username = f.opt_string(user_key)?;
    let password = f.opt_string(password_key)?;
    if username.is_none() && password.is_none() {
        return Ok(None);
    }
    Ok(Some(proto::Credentials {
        username: username.unwrap_or_default(),
        password,
    }))
}

fn tls(t: &Fields<'_>) -> PyResult<proto::Tls> {
    Ok(proto::Tls {
        enabled: true,
        ca_cert_pem: t.pem("ca_cert_pem")?,
        client_cert_pem: t.pem("client_cert_pem")?,
        client_key_pem: t.pem("client_key_pem")?,
        insecure_skip_verify: t.boolean("insecure_skip_verify")?,
        server_name: t.string("server_name")?,
    })
}

fn connection(f: &Fields<'_>) -> PyResult<proto::ConnectionSettings> {
    let py = f.dict.py();
    let protocol = match f.string("protocol")?.to_ascii_lowercase().as_str() {
        "" | "resp3" => proto::Protocol::Resp3,
        "resp2" => proto::Protocol::Resp2,
        other => {
            return Err(errors::config(
                py,
                format!(
                    "{}: unknown protocol {other:?} (expected \"resp3\" or \"resp2\")",
                    f.name("protocol")
                ),
            ))
        }
    };
    let reconnect = match f.sub("reconnect")? {
        None => None,
        Some(b) => Some(proto::Backoff {
            base_ms: b.opt_i64("base_ms")?,
            factor: b.opt_f64("factor")?,
            max_ms: b.opt_i64("max_ms")?,
            jitter_percent: b.opt_f64("jitter_percent")?,
        }),
    };
    Ok(proto::ConnectionSettings {
        connection_timeout_ms: f.opt_i64("connection_timeout_ms")?,
        reconnect,
        credentials: credentials(f, "username", "password")?,
        tls: f.sub("tls")?.map(|t| tls(&t)).transpose()?,
        database: f.i64_or_zero("database")?,
        client_name: f.string("client_name")?,
        protocol: protocol as i32,
        heartbeat_interval_ms: f.opt_i64("heartbeat_interval_ms")?,
        heartbeat_timeout_ms: f.opt_i64("heartbeat_timeout_ms")?,
        tcp_keepalive_ms: f.opt_i64("tcp_keepalive_ms")?,
        tcp_user_timeout_ms: f.opt_i64("tcp_user_timeout_ms")?,
        max_dedicated_connections: f.opt_i64("max_dedicated_connections")?,
        dedicated_idle_ms: f.opt_i64("dedicated_idle_ms")?,
    })
}

fn health_check(h: &Fields<'_>) -> PyResult<proto::HealthCheck> {
    Ok(proto::HealthCheck {
        kind: h.string("kind")?,
        interval_ms: h.opt_i64("interval_ms")?,
        timeout_ms: h.opt_i64("timeout_ms")?,
        probes: h.opt_i64("probes")?,
        probe_policy: h.string("probe_policy")?,
        http_url: h.string("http_url")?,
        custom_id: 0,
    })
}

/// Converts one endpoint dict (`haven.Endpoint._to_dict()`) for
/// `Client::add_endpoint`.
pub fn endpoint(obj: &Bound<'_, PyAny>) -> PyResult<proto::Endpoint> {
    endpoint_at(obj, "endpoint")
}

fn endpoint_at(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<proto::Endpoint> {
    let e = Fields::new(obj, path)?;
    let config = match e.get("config")? {
        Some(c) => Some(client_config_at(&c, &e.name("config"))?),
        None => None,
    };
    Ok(proto::Endpoint {
        name: e.string("name")?,
        weight: e.opt_f64("weight")?,
        config,
        health_check: e
            .sub("health_check")?
            .map(|h| health_check(&h))
            .transpose()?,
    })
}

fn multi_endpoint(f: &Fields<'_>) -> PyResult<proto::MultiEndpointDeployment> {
    let mut endpoints = Vec::new();
    if let Some(list) = f.get("endpoints")? {
        let items: Vec<Bound<'_, PyAny>> = if let Ok(l) = list.downcast::<PyList>() {
            l.iter().collect()
        } else if let Ok(t) = list.downcast::<PyTuple>() {
            t.iter().collect()
        } else {
            return Err(f.wrong("endpoints", "a list of haven.Endpoint", &list));
        };
        for (i, item) in items.iter().enumerate() {
            endpoints.push(endpoint_at(item, &format!("{}[{i}]", f.name("endpoints")))?);
        }
    }
    let circuit_breaker = match f.sub("circuit_breaker")? {
        None => None,
        Some(c) => Some(proto::CircuitBreaker {
            window_ms: c.opt_i64("window_ms")?,
            failure_rate: c.opt_f64("failure_rate")?,
            minimum_failures: c.opt_i64("minimum_failures")?,
            consecutive_failures: c.opt_i64("consecutive_failures")?,
            half_open_after_ms: c.opt_i64("half_open_after_ms")?,
        }),
    };
    Ok(proto::MultiEndpointDeployment {
        endpoints,
        circuit_breaker,
        health_check: f
            .sub("health_check")?
            .map(|h| health_check(&h))
            .transpose()?,
        failback_grace_ms: f.opt_i64("failback_grace_ms")?,
        startup_policy: f.string("startup_policy")?,
        retry_writes_on_failover: f.boolean("retry_writes_on_failover")?,
    })
}
