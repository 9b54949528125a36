//! Standalone deployment: a list of nodes, one primary and its replicas.
//! Roles come from ROLE on every node, at connect and then periodically (and
//! at once when a write meets READONLY), so writes follow a primary change.
//! Reads go by the read strategy: primary; prefer_replica (round-robin over
//! reachable replicas, primary when none); az_affinity (replicas in the
//! client's zone, then other replicas, then primary);
//! az_affinity_replicas_and_primary (same-zone replicas and a same-zone
//! primary first). A node's zone is what the server reports (Valkey's
//! availability_zone) or else the configured node-to-zone map.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use parking_lot::Mutex;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::{BoxFuture, Deployment, NodeRole, NodeView, Route};
use crate::config::{ClientSettings, NodeAddress, ReadFrom};
use crate::connection::{HandshakeOptions, NodeConnection};
use crate::error::{Error, Result};
use crate::events::EventBus;
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};
use crate::request::{classify, may_retry, Classified};

#[derive(Clone, Debug, Default)]
struct Roles {
    primary: Option<usize>,
    replicas: Vec<usize>,
    known: Vec<NodeRole>,
}

struct Inner {
    nodes: Vec<NodeConnection>,
    configured_az: Vec<Option<String>>,
    roles: ArcSwap<Roles>,
    read_from: ReadFrom,
    client_az: Option<String>,
    round_robin: AtomicUsize,
    events: EventBus,
    started: tokio::sync::OnceCell<()>,
    refreshing: tokio::sync::Mutex<()>,
    role_check_interval: Option<Duration>,
    connect_timeout: Duration,
    role_task: Mutex<Option<AbortHandle>>,
}

/// A primary with replicas, without Sentinel.
pub struct Standalone {
    inner: Arc<Inner>,
}

impl Standalone {
    pub fn new(
        addresses: &[NodeAddress],
        role_check_interval: Option<Duration>,
        settings: &ClientSettings,
        events: EventBus,
    ) -> Self {
        let nodes: Vec<NodeConnection> = addresses
            .iter()
            .map(|a| {
                NodeConnection::new(a.clone(), settings.connection.clone(), HandshakeOptions::default(), events.clone(), None)
            })
            .collect();
        let configured_az = addresses.iter().map(|a| lookup_az(&settings.node_az, a)).collect();
        Standalone {
            inner: Arc::new(Inner {
                nodes,
                configured_az,
                roles: ArcSwap::from_pointee(Roles::default()),
                read_from: settings.read_from,
                client_az: settings.client_az.clone(),
                round_robin: AtomicUsize::new(0),
                events,
                started: tokio::sync::OnceCell::new(),
                refreshing: tokio::sync::Mutex::new(()),
                role_check_interval,
                connect_timeout: settings.connection.connect_timeout,
                role_task: Mutex::new(None),
            }),
        }
    }
}

fn lookup_az(map: &HashMap<String, String>, addr: &NodeAddress) -> Option<String> {
    map.get(&addr.to_string()).cloned().filter(|z| !z.is_empty())
}

impl Inner {
    async fn ensure_connected(self: &Arc<Self>, deadline: Instant) -> Result<()> {
        if self.started.initialized() {
            return Ok(());
        }
        self.started
            .get_or_try_init(|| async {
                for node in &self.nodes {
                    node.start();
                }
                let mut waits = tokio::task::JoinSet::new();
                for node in self.nodes.clone() {
                    waits.spawn(async move { node.wait_ready(deadline).await });
                }
                while waits.join_next().await.is_some() {}
                self.refresh_roles(deadline).await?;
                self.start_role_checks();
                Ok::<(), Error>(())
            })
            .await
            .map(|_| ())
    }

    fn start_role_checks(self: &Arc<Self>) {
        let Some(interval) = self.role_check_interval else { return };
        let weak = Arc::downgrade(self);
        let task = tokio::spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                let Some(inner) = weak.upgrade() else { return };
                let deadline = Instant::now() + inner.connect_timeout.min(interval.max(Duration::from_millis(200)));
                // A failed check keeps the roles we know; the next one retries.
                let _ = inner.refresh_roles(deadline).await;
            }
        });
        *self.role_task.lock() = Some(task.abort_handle());
    }

    /// Asks every connected node for its ROLE and updates the routing.
    async fn refresh_roles(&self, deadline: Instant) -> Result<()> {
        let _single_flight = self.refreshing.lock().await;
        let mut asks = tokio::task::JoinSet::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if !node.is_connected() {
                continue;
            }
            let node = node.clone();
            asks.spawn(async move { (i, node.send(&Cmd::new("ROLE"), deadline, false).await) });
        }
        let mut known = vec![NodeRole::Unknown; self.nodes.len()];
        let mut problems = vec![String::new(); self.nodes.len()];
        while let Some(joined) = asks.join_next().await {
            let Ok((i, reply)) = joined else { continue };
            match reply {
                Ok(v) => match parse_role(&v) {
                    Some(role) => known[i] = role,
                    None => problems[i] = format!("unexpected ROLE reply {v:?}"),
                },
                Err(e) => problems[i] = e.message().to_string(),
            }
        }
        let previous = self.roles.load_full();
        let masters: Vec<usize> = (0..known.len()).filter(|&i| known[i] == NodeRole::Primary).collect();
        // Keep the current primary while it still says master (two masters
        // exist for a moment during a manual switch); else the first listed.
        let primary = match previous.primary {
            Some(p) if masters.contains(&p) => Some(p),
            _ => masters.first().copied(),
        };
        let Some(primary) = primary else {
            if previous.primary.is_some() {
                // Keep routing as it was: the primary may just be unreachable
                // for a moment; its requests fail fast meanwhile.
                return Ok(());
            }
            let detail: Vec<String> = self
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let state = match known[i] {
                        NodeRole::Replica => "replica".to_string(),
                        _ if !problems[i].is_empty() => problems[i].clone(),
                        _ => match n.pipeline() {
                            Err(e) => e.message().to_string(),
                            Ok(_) => "no answer".to_string(),
                        },
                    };
                    format!("{}: {state}", n.address())
                })
                .collect();
            return Err(Error::connection(format!("no primary found among {}", detail.join("; "))));
        };
        let replicas = (0..known.len()).filter(|&i| known[i] == NodeRole::Replica).collect();
        if previous.primary.is_some_and(|p| p != primary) {
            let from = previous.primary.map(|p| self.nodes[p].address().to_string()).unwrap_or_default();
            self.events.emit_move(
                EventKind::PrimaryChanged,
                &from,
                &self.nodes[primary].address().to_string(),
                "ROLE reports a new master",
            );
        }
        self.roles.store(Arc::new(Roles { primary: Some(primary), replicas, known }));
        Ok(())
    }

    fn zone_of(&self, i: usize) -> Option<String> {
        self.nodes[i].server_info().and_then(|s| s.availability_zone).or_else(|| self.configured_az[i].clone())
    }

    fn in_client_zone(&self, i: usize) -> bool {
        match (&self.client_az, self.zone_of(i)) {
            (Some(c), Some(z)) => *c == z,
            _ => false,
        }
    }

    fn next(&self, candidates: &[usize]) -> Option<usize> {
        if candidates.is_empty() {
            return None;
        }
        let n = self.round_robin.fetch_add(1, Ordering::Relaxed);
        Some(candidates[n % candidates.len()])
    }

    /// The node a read goes to under the read strategy.
    fn pick_read(&self, roles: &Roles, primary: usize) -> usize {
        let up: Vec<usize> = roles.replicas.iter().copied().filter(|&i| self.nodes[i].is_connected()).collect();
        match self.read_from {
            ReadFrom::Primary => primary,
            ReadFrom::PreferReplica => self.next(&up).unwrap_or(primary),
            ReadFrom::AzAffinity => {
                let local: Vec<usize> = up.iter().copied().filter(|&i| self.in_client_zone(i)).collect();
                self.next(&local).or_else(|| self.next(&up)).unwrap_or(primary)
            }
            ReadFrom::AzAffinityReplicasAndPrimary => {
                let mut local: Vec<usize> = up.iter().copied().filter(|&i| self.in_client_zone(i)).collect();
                if self.in_client_zone(primary) {
                    local.push(primary);
                }
                self.next(&local).or_else(|| self.next(&up)).unwrap_or(primary)
            }
        }
    }

    fn primary(&self) -> Result<(Arc<Roles>, usize)> {
        let roles = self.roles.load_full();
        match roles.primary {
            Some(p) => Ok((roles, p)),
            None => Err(Error::connection_unsent("no primary is known yet")),
        }
    }

    fn node_by_address(&self, address: &str) -> Result<usize> {
        let wanted = NodeAddress::parse("route.address", address)?;
        self.nodes.iter().position(|n| *n.address() == wanted).ok_or_else(|| {
            let list: Vec<String> = self.nodes.iter().map(|n| n.address().to_string()).collect();
            Error::config(format!("route.address: {wanted} is not a node of this deployment ({})", list.join(", ")))
        })
    }

    async fn run(self: &Arc<Self>, cmd: &Cmd, route: &Route, deadline: Instant) -> Result<Value> {
        self.ensure_connected(deadline).await?;
        let class = classify(cmd);
        match route {
            Route::AllNodes => return self.fan_out(cmd, deadline, class).await,
            Route::Address(a) => {
                let i = self.node_by_address(a)?;
                return self.nodes[i].send_in_request(cmd, deadline, class.blocking).await;
            }
            _ => {}
        }
        let (roles, primary) = self.primary()?;
        let target = if class.readonly && *route == Route::Auto { self.pick_read(&roles, primary) } else { primary };
        let result = self.nodes[target].send_in_request(cmd, deadline, class.blocking).await;
        match result {
            // A read that failed on a replica's link is resent to the primary.
            Err(e) if target != primary && may_retry(class.retry, &e) && Instant::now() < deadline => {
                self.nodes[primary].send_in_request(cmd, deadline, class.blocking).await
            }
            // The node we believed primary was demoted: the write was refused,
            // so find the new primary and send it there.
            Ok(Value::ServerError(msg)) if msg.starts_with(b"READONLY") && !class.readonly => {
                let _ = self.refresh_roles(deadline).await;
                match self.primary() {
                    Ok((_, p)) if p != primary => self.nodes[p].send_in_request(cmd, deadline, class.blocking).await,
                    _ => Ok(Value::ServerError(msg)),
                }
            }
            other => other,
        }
    }

    async fn fan_out(&self, cmd: &Cmd, deadline: Instant, class: Classified) -> Result<Value> {
        let mut asks = tokio::task::JoinSet::new();
        for node in self.nodes.iter().cloned() {
            let cmd = cmd.clone();
            asks.spawn(async move {
                let reply = node.send(&cmd, deadline, class.blocking).await;
                (node.address().to_string(), reply)
            });
        }
        let mut out = Vec::new();
        while let Some(joined) = asks.join_next().await {
            let (addr, reply) = joined.map_err(|e| Error::connection(format!("fan-out task failed: {e}")))?;
            let value = match reply {
                Ok(v) => v,
                Err(e) => Value::ServerError(e.to_string().into()),
            };
            out.push((Value::BulkString(addr.into()), value));
        }
        out.sort_by(|a, b| format!("{:?}", a.0).cmp(&format!("{:?}", b.0)));
        Ok(Value::Map(out))
    }

    async fn run_batch(self: &Arc<Self>, cmds: &[Cmd], atomic: bool, route: &Route, deadline: Instant) -> Result<Value> {
        self.ensure_connected(deadline).await?;
        if cmds.is_empty() {
            return Err(Error::config("batch: no commands"));
        }
        if let Some(i) = cmds.iter().position(|c| c.is_empty()) {
            return Err(Error::config(format!("batch.commands[{i}]: empty command")));
        }
        let target = match route {
            Route::Address(a) => self.node_by_address(a)?,
            _ => {
                let (roles, primary) = self.primary()?;
                let all_reads = cmds.iter().all(|c| classify(c).readonly);
                if all_reads && !atomic && *route == Route::Auto { self.pick_read(&roles, primary) } else { primary }
            }
        };
        let node = &self.nodes[target];
        if !atomic {
            return node.send_many(cmds, deadline).await;
        }
        let mut wrapped = Vec::with_capacity(cmds.len() + 2);
        wrapped.push(Cmd::new("MULTI"));
        wrapped.extend(cmds.iter().cloned());
        wrapped.push(Cmd::new("EXEC"));
        exec_reply(node.send_many(&wrapped, deadline).await?)
    }
}

/// Takes EXEC's reply out of the MULTI ... EXEC replies.
pub(crate) fn exec_reply(replies: Value) -> Result<Value> {
    let Value::Array(mut replies) = replies else {
        return Err(Error::connection("transaction: unexpected reply shape"));
    };
    if let Some(Value::ServerError(e)) = replies.first() {
        return Err(Error::response(format!("MULTI failed: {}", String::from_utf8_lossy(e))));
    }
    match replies.pop() {
        Some(Value::ServerError(e)) => {
            // EXECABORT: say which queued command the server refused.
            let first = replies.iter().skip(1).enumerate().find_map(|(i, v)| match v {
                Value::ServerError(q) => Some(format!(" (command {i}: {})", String::from_utf8_lossy(q))),
                _ => None,
            });
            Err(Error::response(format!("{}{}", String::from_utf8_lossy(&e), first.unwrap_or_default())))
        }
        Some(v) => Ok(v),
        None => Err(Error::connection("transaction: no reply")),
    }
}

/// "master" / "slave" (or "replica") from a ROLE reply.
fn parse_role(v: &Value) -> Option<NodeRole> {
    let first = v.as_slice()?.first()?.as_str()?;
    match first {
        "master" => Some(NodeRole::Primary),
        "slave" | "replica" => Some(NodeRole::Replica),
        _ => Some(NodeRole::Unknown),
    }
}

impl Deployment for Standalone {
    fn connect(&self, deadline: Instant) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.inner.ensure_connected(deadline))
    }

    fn execute<'a>(&'a self, cmd: &'a Cmd, route: &'a Route, deadline: Instant) -> BoxFuture<'a, Result<Value>> {
        Box::pin(self.inner.run(cmd, route, deadline))
    }

    fn execute_batch<'a>(
        &'a self,
        cmds: &'a [Cmd],
        atomic: bool,
        route: &'a Route,
        deadline: Instant,
    ) -> BoxFuture<'a, Result<Value>> {
        Box::pin(self.inner.run_batch(cmds, atomic, route, deadline))
    }

    fn nodes(&self) -> Vec<NodeView> {
        let roles = self.inner.roles.load();
        self.inner
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeView {
                address: n.address().to_string(),
                role: roles.known.get(i).copied().unwrap_or(NodeRole::Unknown),
                availability_zone: self.inner.zone_of(i),
                stats: n.stats(),
            })
            .collect()
    }

    fn close(&self) {
        if let Some(task) = self.inner.role_task.lock().take() {
            task.abort();
        }
        for node in &self.inner.nodes {
            node.close();
        }
    }
}
