//! Standalone deployment: a fixed list of nodes, one primary and its
//! replicas, without Sentinel. Roles come from ROLE on every node, at connect
//! and then periodically (and at once when a write meets READONLY), so writes
//! follow a primary change (REPLICAOF, a manual switch). Routing is the
//! replica set's.

use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::replica_set::{parse_role, ReplicaSet, View};
use super::{BoxFuture, Deployment, NodeRole, NodeView, Route};
use crate::config::{ClientSettings, NodeAddress};
use crate::connection::{HandshakeOptions, NodeConnection};
use crate::error::{Error, Result};
use crate::events::EventBus;
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};

struct Inner {
    nodes: Vec<NodeConnection>,
    set: ReplicaSet,
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
        let nodes = addresses
            .iter()
            .map(|a| {
                NodeConnection::new(a.clone(), settings.connection.clone(), HandshakeOptions::default(), events.clone(), None)
            })
            .collect();
        Standalone {
            inner: Arc::new(Inner {
                nodes,
                set: ReplicaSet::new(settings, events.clone()),
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
        let previous = self.set.view();
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
            // Nothing was sent to a primary: the request may go elsewhere.
            return Err(Error::connection_unsent(format!("no primary found among {}", detail.join("; "))));
        };
        let replicas = (0..known.len()).filter(|&i| known[i] == NodeRole::Replica).collect();
        if previous.primary.is_some_and(|p| p != primary) {
            let from = previous.primary_node().map(|n| n.address().to_string()).unwrap_or_default();
            self.events.emit_move(
                EventKind::PrimaryChanged,
                &from,
                &self.nodes[primary].address().to_string(),
                "ROLE reports a new master",
            );
        }
        self.set.set_view(View { nodes: self.nodes.clone(), roles: known, primary: Some(primary), replicas });
        Ok(())
    }

    async fn run(self: &Arc<Self>, cmd: &Cmd, route: &Route, deadline: Instant) -> Result<Value> {
        self.ensure_connected(deadline).await?;
        let rediscover = |deadline: Instant| -> BoxFuture<'_, ()> {
            Box::pin(async move {
                let _ = self.refresh_roles(deadline).await;
            })
        };
        self.set.run(cmd, route, deadline, &rediscover).await
    }

    async fn run_batch(self: &Arc<Self>, cmds: &[Cmd], atomic: bool, route: &Route, deadline: Instant) -> Result<Value> {
        self.ensure_connected(deadline).await?;
        self.set.run_batch(cmds, atomic, route, deadline).await
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

    fn park_stats(&self) -> crate::request::ParkStats {
        self.inner.set.park_stats()
    }

    fn session_node(&self, _slot: Option<u16>, deadline: Instant) -> BoxFuture<'_, Result<(NodeConnection, bool)>> {
        Box::pin(async move {
            self.inner.ensure_connected(deadline).await?;
            Ok((self.inner.set.primary_node()?, false))
        })
    }

    fn pubsub_node(&self, _shard_channel: Option<&[u8]>) -> Option<NodeAddress> {
        self.inner.set.primary_address()
    }

    fn probe_node(&self) -> Option<NodeAddress> {
        self.inner.set.primary_address()
    }

    fn nodes(&self) -> Vec<NodeView> {
        let views = self.inner.set.node_views();
        if views.is_empty() {
            // Not connected yet (lazy): list the configured nodes.
            return self
                .inner
                .nodes
                .iter()
                .map(|n| NodeView {
                    address: n.address().to_string(),
                    role: NodeRole::Unknown,
                    availability_zone: self.inner.set.zone_of(n),
                    stats: n.stats(),
                })
                .collect();
        }
        views
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
