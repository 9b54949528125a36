//! Background health checks of one endpoint. Every `interval` a round of
//! `probes` probes runs, each bounded by `timeout`; the probe policy
//! (all/majority/any) turns them into the round's result.
//!
//! Against flapping, the verdict changes only after `ROUNDS_TO_CHANGE`
//! consecutive rounds disagree with it (with the defaults a dead endpoint is
//! declared unhealthy within about 1 s, a hung one within about 1.3 s).
//! Rounds are numbered; a round that finishes after a newer round was
//! counted is stale and ignored.
//!
//! Probes: "ping" and "info" ask the endpoint's primary over a long-lived
//! connection of their own (`ProbeLink`; never a connection per probe), so a
//! data pipeline stalled behind slow requests does not fail them: slow
//! requests are the breaker's to judge, an endpoint that stops answering is
//! the health check's. In a cluster (no single primary) they go through the
//! deployment's node connections to a random node;
//! "http" is a plain GET over tokio TCP (http:// only, 200 = healthy);
//! "custom" awaits the callback registered with `set_health_check`.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};

use parking_lot::Mutex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::config::HealthKind;
use super::{Endpoint, HealthCallback, Inner};
use crate::config::NodeAddress;
use crate::connection::{HandshakeOptions, NodeConnection};
use crate::events::EventBus;
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};

/// Consecutive rounds that must agree before the verdict changes.
pub const ROUNDS_TO_CHANGE: u32 = 2;

/// Starts the endpoint's health loop (nothing for kind "none").
pub(super) fn start(inner: &Arc<Inner>, ep: &Arc<Endpoint>) {
    if matches!(ep.health.kind, HealthKind::None) {
        return;
    }
    let task = tokio::spawn(run(Arc::downgrade(inner), ep.clone()));
    ep.tasks.lock().push(task.abort_handle());
}

async fn run(weak: Weak<Inner>, ep: Arc<Endpoint>) {
    // Owned by this task (and the rounds it runs): closed when the loop ends
    // or is aborted.
    let link = Arc::new(ProbeLink { connection: Mutex::new(None) });
    let (tx, mut rx) = mpsc::channel::<(u64, Result<(), String>)>(16);
    let mut ticks = tokio::time::interval(ep.health.interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut round: u64 = 0;
    let mut applied: u64 = 0;
    let mut disagreeing: u32 = 0;
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                round += 1;
                let Some(inner) = weak.upgrade() else { return };
                let callback = custom_callback(&inner, &ep);
                drop(inner);
                let (ep, link, tx, seq) = (ep.clone(), link.clone(), tx.clone(), round);
                tokio::spawn(async move {
                    let _ = tx.send((seq, probe_round(&ep, &link, callback).await)).await;
                });
            }
            Some((seq, result)) = rx.recv() => {
                if seq <= applied {
                    continue; // stale: a newer round was already counted
                }
                applied = seq;
                let Some(inner) = weak.upgrade() else { return };
                if inner.closed.load(Ordering::Acquire) {
                    return;
                }
                let healthy = ep.healthy.load(Ordering::Acquire);
                if let Err(e) = &result {
                    ep.set_last_error(format!("health check: {e}"));
                }
                if result.is_ok() == healthy {
                    disagreeing = 0;
                    continue;
                }
                disagreeing += 1;
                if disagreeing < ROUNDS_TO_CHANGE {
                    continue;
                }
                disagreeing = 0;
                ep.healthy.store(!healthy, Ordering::Release);
                match result {
                    Ok(()) => {
                        ep.events.emit(EventKind::EndpointHealthy, "", &format!("{ROUNDS_TO_CHANGE} health check rounds passed"));
                        inner.reselect(&format!("{:?} is healthy", ep.name));
                    }
                    Err(e) => {
                        let reason = format!("{ROUNDS_TO_CHANGE} health check rounds failed: {e}");
                        ep.events.emit(EventKind::EndpointUnhealthy, "", &reason);
                        inner.reselect(&format!("{:?} is unhealthy ({e})", ep.name));
                    }
                }
            }
        }
    }
}

fn custom_callback(inner: &Inner, ep: &Endpoint) -> Option<HealthCallback> {
    let HealthKind::Custom { id } = ep.health.kind else { return None };
    let callbacks = inner.callbacks.read();
    callbacks.get(&ep.name).or_else(|| callbacks.get(&id.to_string())).cloned()
}

/// The health probes' own connection to the endpoint's primary, following
/// it when the deployment names another one. Closed when dropped.
struct ProbeLink {
    connection: Mutex<Option<NodeConnection>>,
}

impl ProbeLink {
    /// The connection to `node`, made (and started) on first use.
    fn to(&self, ep: &Endpoint, node: NodeAddress) -> NodeConnection {
        let mut current = self.connection.lock();
        if let Some(conn) = current.as_ref() {
            if *conn.address() == node {
                return conn.clone();
            }
            conn.close();
        }
        // A bus nobody listens to: the probe connection's comings and goings
        // are not the data connections' (no NodeDisconnected, no cache flush).
        let quiet = EventBus::unlogged(ep.name.clone());
        let conn = NodeConnection::new(node, ep.probe_connection.clone(), HandshakeOptions::default(), quiet, None);
        conn.start();
        *current = Some(conn.clone());
        conn
    }

    /// Runs `cmd` on the endpoint's primary over the probe connection, or
    /// through the deployment when it names no single node to ask.
    async fn execute(&self, ep: &Endpoint, cmd: &Cmd, deadline: Instant) -> crate::error::Result<Value> {
        match ep.deployment.probe_node() {
            Some(node) => self.to(ep, node).send(cmd, deadline, false).await,
            None => ep.deployment.execute(cmd, &ep.probe_route, deadline).await,
        }
    }
}

impl Drop for ProbeLink {
    fn drop(&mut self) {
        if let Some(conn) = self.connection.lock().take() {
            conn.close();
        }
    }
}

/// One round: the probes run at once; the policy decides.
async fn probe_round(ep: &Arc<Endpoint>, link: &Arc<ProbeLink>, callback: Option<HealthCallback>) -> Result<(), String> {
    let cfg = &ep.health;
    let mut probes = tokio::task::JoinSet::new();
    for _ in 0..cfg.probes {
        let (ep, link, callback) = (ep.clone(), link.clone(), callback.clone());
        probes.spawn(async move {
            let timeout = ep.health.timeout;
            match tokio::time::timeout(timeout, probe(&ep, &link, callback)).await {
                Ok(r) => r,
                Err(_) => Err(format!("no answer within {} ms (timeout_ms)", timeout.as_millis())),
            }
        });
    }
    let mut passed = 0;
    let mut first_error = None;
    while let Some(joined) = probes.join_next().await {
        match joined {
            Ok(Ok(())) => passed += 1,
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(format!("probe task failed: {e}"));
            }
        }
    }
    if cfg.policy.passes(passed, cfg.probes) {
        Ok(())
    } else {
        Err(format!(
            "{passed} of {} probes passed ({:?} needed): {}",
            cfg.probes,
            cfg.policy,
            first_error.unwrap_or_default()
        ))
    }
}

async fn probe(ep: &Endpoint, link: &ProbeLink, callback: Option<HealthCallback>) -> Result<(), String> {
    let deadline = Instant::now() + ep.health.timeout;
    match &ep.health.kind {
        HealthKind::None => Ok(()),
        HealthKind::Ping => match link.execute(ep, &Cmd::new("PING"), deadline).await {
            Ok(Value::ServerError(e)) => Err(String::from_utf8_lossy(&e).into_owned()),
            Ok(_) => Ok(()),
            Err(e) => Err(e.to_string()),
        },
        HealthKind::Info => match link.execute(ep, &Cmd::new("INFO"), deadline).await {
            Ok(Value::ServerError(e)) => Err(String::from_utf8_lossy(&e).into_owned()),
            Ok(v) => info_verdict(&v),
            Err(e) => Err(e.to_string()),
        },
        HealthKind::Http { url } => http_get(url).await,
        HealthKind::Custom { id } => match callback {
            Some(check) => {
                if check(&ep.name).await {
                    Ok(())
                } else {
                    Err("custom health check answered unhealthy".to_string())
                }
            }
            None => Err(format!(
                "no custom health check registered for endpoint {:?} or id {id} (Client::set_health_check)",
                ep.name
            )),
        },
    }
}

/// INFO says unhealthy: still loading its data set, or a replica that lost
/// its primary.
pub fn info_verdict(v: &Value) -> Result<(), String> {
    let mut texts = Vec::new();
    collect_texts(v, &mut texts);
    if texts.is_empty() {
        return Err(format!("unexpected INFO reply {v:?}"));
    }
    for text in texts {
        let field = |name: &str| {
            text.lines().find_map(|l| l.trim_end_matches('\r').strip_prefix(name).map(|x| x.trim().to_string()))
        };
        if field("loading:").as_deref() == Some("1") {
            return Err("INFO reports loading:1 (the data set is still loading)".to_string());
        }
        if field("role:").as_deref() == Some("slave") && field("master_link_status:").as_deref() == Some("down") {
            return Err("INFO reports a replica with master_link_status:down".to_string());
        }
    }
    Ok(())
}

fn collect_texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Map(entries) => entries.iter().for_each(|(_, v)| collect_texts(v, out)),
        Value::Array(items) | Value::Set(items) => items.iter().for_each(|v| collect_texts(v, out)),
        Value::Attributed { value, .. } => collect_texts(value, out),
        other => {
            if let Some(b) = other.as_bytes() {
                out.push(String::from_utf8_lossy(b).into_owned());
            }
        }
    }
}

/// GET `url` (http:// only) and expect status 200. The caller bounds it.
pub async fn http_get(url: &str) -> Result<(), String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url}: only http:// URLs are supported"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let has_port = match authority.rfind(']') {
        Some(end) => authority[end..].contains(':'),
        None => authority.contains(':'),
    };
    let target = if has_port { authority.to_string() } else { format!("{authority}:80") };
    let mut stream =
        tokio::net::TcpStream::connect(&target).await.map_err(|e| format!("GET {url}: cannot connect: {e}"))?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nUser-Agent: haven\r\n\r\n");
    stream.write_all(request.as_bytes()).await.map_err(|e| format!("GET {url}: {e}"))?;
    let mut buf = Vec::with_capacity(256);
    let mut chunk = [0u8; 256];
    while !buf.windows(2).any(|w| w == b"\r\n") && buf.len() < 4096 {
        let n = stream.read(&mut chunk).await.map_err(|e| format!("GET {url}: {e}"))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let status_line = text.lines().next().unwrap_or_default();
    let status = status_line.split_whitespace().nth(1).unwrap_or_default();
    if status_line.starts_with("HTTP/") && status == "200" {
        Ok(())
    } else {
        Err(format!("GET {url}: answered {status_line:?}, expected status 200"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    #[test]
    fn info_flags_loading_and_broken_replicas() {
        let v = |s: &str| Value::BulkString(Bytes::from(s.to_string()));
        assert!(info_verdict(&v("# Server\r\nloading:0\r\nrole:master\r\n")).is_ok());
        assert!(info_verdict(&v("loading:1\r\n")).is_err());
        assert!(info_verdict(&v("role:slave\r\nmaster_link_status:down\r\n")).is_err());
        assert!(info_verdict(&v("role:slave\r\nmaster_link_status:up\r\n")).is_ok());
    }

    #[tokio::test]
    async fn http_check_reads_the_status() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        tokio::spawn(async move {
            for status in ["200 OK", "503 Service Unavailable"] {
                let (mut s, _) = listener.accept().await.expect("accept");
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf).await;
                let _ = s.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes()).await;
            }
        });
        let url = format!("http://127.0.0.1:{port}/health");
        assert!(http_get(&url).await.is_ok());
        assert!(http_get(&url).await.unwrap_err().contains("503"));
        assert!(http_get("https://x").await.is_err());
    }
}
