//! A primary and its replicas, as one routing unit: the current view of
//! which node is primary and which are replicas (swapped atomically, read
//! without locks on the request path), the read strategy, and running
//! commands, batches and fan-outs against that view. Standalone and Sentinel
//! deployments differ only in how they learn the view.
//!
//! Read strategies: primary; prefer_replica (round-robin over reachable
//! replicas, primary when none); az_affinity (replicas in the client's zone,
//! then other replicas, then primary); az_affinity_replicas_and_primary
//! (same-zone replicas and a same-zone primary first). A node's zone is what
//! the server reports (Valkey's availability_zone) or the configured map;
//! primary_preferred reads the primary, and a replica while the primary is
//! unreachable.
//!
//! A request whose primary cannot be reached waits, parked, until the view
//! names a reachable primary or its deadline passes (unless the client
//! fails fast): requests never written and reads are then sent to it, writes
//! that were on the wire fail (unless marked safe to resend). While any
//! request waits, one of them at a time asks the deployment to learn its
//! primary again every 10-20 ms; the others sleep on the view.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use std::time::Duration;

use arc_swap::ArcSwap;
use tokio::sync::watch;
use tokio::time::Instant;

use super::{BoxFuture, NodeRole, NodeView, Route};
use crate::config::{ClientSettings, NodeAddress, ReadFrom};
use crate::connection::NodeConnection;
use crate::error::{Error, Result};
use crate::protocol::{Cmd, Value};
use crate::request::{classify, may_retry, Classified, ParkStats, Parking};

/// Which nodes there are and what each is.
#[derive(Clone, Default)]
pub(crate) struct View {
    pub nodes: Vec<NodeConnection>,
    pub roles: Vec<NodeRole>,
    pub primary: Option<usize>,
    pub replicas: Vec<usize>,
}

impl View {
    pub fn primary_node(&self) -> Option<&NodeConnection> {
        self.primary.map(|p| &self.nodes[p])
    }
}

/// Called when a write meets READONLY: learn the new primary (bounded by the
/// deadline), after which the write is sent there.
pub(crate) type Rediscover<'a> = &'a (dyn Fn(Instant) -> BoxFuture<'a, ()> + Sync);

pub(crate) struct ReplicaSet {
    view: ArcSwap<View>,
    read_from: ReadFrom,
    client_az: Option<String>,
    node_az: HashMap<String, String>,
    round_robin: AtomicUsize,
    /// Bumped on every new view, for parked requests.
    views: watch::Sender<u64>,
    parking: Arc<Parking>,
    /// Held by the one parked request that asks for the primary now.
    polling: tokio::sync::Mutex<()>,
    fail_fast: bool,
}

/// A node id no node has (`wait_for_primary` before any primary is known).
const NO_NODE: usize = usize::MAX;

/// While requests wait for a primary, it is asked for this often (plus up
/// to as much again of jitter, so many clients do not ask in step).
const PARKED_POLL: Duration = Duration::from_millis(10);

impl ReplicaSet {
    pub fn new(settings: &ClientSettings, events: crate::events::EventBus) -> Self {
        ReplicaSet {
            view: ArcSwap::from_pointee(View::default()),
            read_from: settings.read_from,
            client_az: settings.client_az.clone(),
            node_az: settings.node_az.clone(),
            round_robin: AtomicUsize::new(0),
            views: watch::channel(0).0,
            parking: Parking::new(events),
            polling: tokio::sync::Mutex::new(()),
            fail_fast: settings.fail_fast,
        }
    }

    pub fn view(&self) -> Arc<View> {
        self.view.load_full()
    }

    pub fn set_view(&self, view: View) {
        self.view.store(Arc::new(view));
        self.views.send_modify(|n| *n += 1);
    }

    /// A replica with a live link, if any.
    fn connected_replica(&self) -> Option<usize> {
        let view = self.view.load();
        view.replicas.iter().copied().find(|&i| view.nodes[i].is_connected())
    }

    pub fn park_stats(&self) -> ParkStats {
        self.parking.stats()
    }

    /// Waits, parked, until the view names a primary other than `failed`
    /// (a node id) or `failed` is connected again, or the deadline passes.
    /// One waiter at a time asks `rediscover`, every PARKED_POLL + jitter.
    async fn wait_for_primary(&self, failed: usize, deadline: Instant, rediscover: Rediscover<'_>) {
        let mut views = self.views.subscribe();
        loop {
            {
                let view = self.view.load();
                if let Some(p) = view.primary_node() {
                    if p.id() != failed || p.is_connected() || p.is_closed() {
                        return;
                    }
                }
            }
            if Instant::now() >= deadline {
                return;
            }
            if let Some(p) = self.view.load().primary_node() {
                p.hurry_reconnect();
            }
            let jitter = Duration::from_micros(rand::random_range(0..=PARKED_POLL.as_micros() as u64));
            match self.polling.try_lock() {
                Ok(_asking) => {
                    rediscover(deadline).await;
                    tokio::time::sleep_until((Instant::now() + PARKED_POLL + jitter).min(deadline)).await;
                }
                Err(_) => {
                    let wake = (Instant::now() + 4 * PARKED_POLL + jitter).min(deadline);
                    tokio::select! {
                        changed = views.changed() => if changed.is_err() { return },
                        _ = tokio::time::sleep_until(wake) => {}
                    }
                }
            }
        }
    }

    pub fn zone_of(&self, node: &NodeConnection) -> Option<String> {
        node.server_info()
            .and_then(|s| s.availability_zone)
            .or_else(|| self.node_az.get(&node.address().to_string()).cloned().filter(|z| !z.is_empty()))
    }

    fn in_client_zone(&self, node: &NodeConnection) -> bool {
        match (&self.client_az, self.zone_of(node)) {
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
    fn pick_read(&self, view: &View, primary: usize) -> usize {
        // Primary, and primary_preferred while the primary is up (the common
        // case): no replica list to build.
        match self.read_from {
            ReadFrom::Primary => return primary,
            ReadFrom::PrimaryPreferred if !view.nodes[primary].is_down() => return primary,
            _ => {}
        }
        let up: Vec<usize> = view.replicas.iter().copied().filter(|&i| view.nodes[i].is_connected()).collect();
        match self.read_from {
            ReadFrom::Primary => primary,
            ReadFrom::PreferReplica => self.next(&up).unwrap_or(primary),
            ReadFrom::AzAffinity => {
                let local: Vec<usize> = up.iter().copied().filter(|&i| self.in_client_zone(&view.nodes[i])).collect();
                self.next(&local).or_else(|| self.next(&up)).unwrap_or(primary)
            }
            ReadFrom::AzAffinityReplicasAndPrimary => {
                let mut local: Vec<usize> =
                    up.iter().copied().filter(|&i| self.in_client_zone(&view.nodes[i])).collect();
                if self.in_client_zone(&view.nodes[primary]) {
                    local.push(primary);
                }
                self.next(&local).or_else(|| self.next(&up)).unwrap_or(primary)
            }
            ReadFrom::PrimaryPreferred if view.nodes[primary].is_down() => self.next(&up).unwrap_or(primary),
            ReadFrom::PrimaryPreferred => primary,
        }
    }

    fn primary(&self) -> Result<(Arc<View>, usize)> {
        let view = self.view.load_full();
        match view.primary {
            Some(p) => Ok((view, p)),
            None => Err(Error::connection_unsent("no primary is known yet")),
        }
    }

    /// The primary's connection, for a session.
    pub fn primary_node(&self) -> Result<NodeConnection> {
        let (view, p) = self.primary()?;
        Ok(view.nodes[p].clone())
    }

    fn node_by_address(view: &View, address: &str) -> Result<usize> {
        let wanted = NodeAddress::parse("route.address", address)?;
        view.nodes.iter().position(|n| *n.address() == wanted).ok_or_else(|| {
            let list: Vec<String> = view.nodes.iter().map(|n| n.address().to_string()).collect();
            Error::config(format!("route.address: {wanted} is not a node of this deployment ({})", list.join(", ")))
        })
    }

    /// Runs one command by route and read strategy.
    pub async fn run(&self, cmd: &Cmd, route: &Route, deadline: Instant, rediscover: Rediscover<'_>) -> Result<Value> {
        let class = classify(cmd);
        match route {
            Route::AllNodes => return self.fan_out(cmd, deadline, class).await,
            Route::Address(a) => {
                let view = self.view.load_full();
                let i = Self::node_by_address(&view, a)?;
                return view.nodes[i].send_in_request(cmd, deadline, class.blocking).await;
            }
            _ => {}
        }
        // What failed this read so far: after a replica, the primary takes
        // it (waiting, parked, if it is down); after the primary, under
        // primary_preferred, a replica.
        let (mut primary_failed, mut replica_failed) = (false, false);
        let choose = |view: &View, primary: usize, primary_failed: bool, replica_failed: bool| {
            if !class.readonly || *route != Route::Auto || replica_failed {
                primary
            } else if primary_failed {
                view.replicas.iter().copied().find(|&i| view.nodes[i].is_connected()).unwrap_or(primary)
            } else {
                self.pick_read(view, primary)
            }
        };
        loop {
            // Fast path: choose and enqueue under a borrowed view (no
            // reference counts touched), then wait for the reply.
            let fast = {
                let view = self.view.load();
                view.primary.and_then(|primary| {
                    let target = choose(&view, primary, primary_failed, replica_failed);
                    let node = &view.nodes[target];
                    node.try_enqueue(cmd, class.blocking).map(|queued| (queued, target != primary, view.nodes[primary].id()))
                })
            };
            let (result, on_replica, old_primary) = match fast {
                Some((queued, on_replica, old_primary)) => {
                    let result = match queued {
                        Ok(rx) => match rx.await {
                            Ok(reply) => reply,
                            Err(_) => Err(Error::connection("the connection was lost before the reply")),
                        },
                        Err(e) => Err(e),
                    };
                    (result, on_replica, old_primary)
                }
                None => {
                    let (view, primary) = match self.primary() {
                        Ok(known) => known,
                        // None is known (yet): wait for one like for a lost one.
                        Err(e) if !self.fail_fast && Instant::now() < deadline => {
                            let parked = self.parking.park("", e.message());
                            self.wait_for_primary(NO_NODE, deadline, rediscover).await;
                            if Instant::now() < deadline {
                                parked.resume();
                                continue;
                            }
                            return Err(crate::request::waited_too_long(&e));
                        }
                        Err(e) => return Err(e),
                    };
                    let target = choose(&view, primary, primary_failed, replica_failed);
                    let result = view.nodes[target].send_in_request(cmd, deadline, class.blocking).await;
                    (result, target != primary, view.nodes[primary].id())
                }
            };
            return match result {
                // A read that failed on a replica's link (a Sentinel
                // reconfiguring it drops its clients) goes to the primary,
                // which may be the one being replaced: then it waits below.
                Err(e) if on_replica && may_retry(class.retry, &e) && Instant::now() < deadline => {
                    replica_failed = true;
                    crate::telemetry::notes::retry("the replica's link failed; the primary answers");
                    continue;
                }
                // primary_preferred: the primary cannot be reached, a
                // replica answers the read meanwhile.
                Err(e) if !on_replica
                    && e.kind() == crate::ErrorKind::Connection
                    && class.readonly
                    && *route == Route::Auto
                    && self.read_from == ReadFrom::PrimaryPreferred
                    && !primary_failed
                    && !replica_failed
                    && may_retry(class.retry, &e)
                    && self.connected_replica().is_some() =>
                {
                    primary_failed = true;
                    crate::telemetry::notes::retry("the primary is unreachable; a replica answers");
                    continue;
                }
                // The primary cannot be reached: wait for one that can, then
                // send it again if that is safe.
                Err(e) if !on_replica
                    && e.kind() == crate::ErrorKind::Connection
                    && !self.fail_fast
                    && may_retry(class.retry, &e)
                    && Instant::now() < deadline =>
                {
                    let failed = self.view.load().primary_node().map(|n| n.address().to_string()).unwrap_or_default();
                    let parked = self.parking.park(&failed, e.message());
                    self.wait_for_primary(old_primary, deadline, rediscover).await;
                    if Instant::now() < deadline {
                        parked.resume();
                        crate::telemetry::notes::retry("sent again after waiting for a reachable primary");
                        continue;
                    }
                    Err(crate::request::waited_too_long(&e))
                }
                // The connection was retired under the request (the
                // deployment replaced the node after a failover), and the
                // view names another primary now: go there.
                Err(e) if e.kind() == crate::ErrorKind::Closing
                    && self.view.load().primary_node().is_some_and(|p| p.id() != old_primary && !p.is_down())
                    && Instant::now() < deadline =>
                {
                    crate::telemetry::notes::retry("the connection was retired; another primary answers");
                    continue;
                }
                // The node we believed primary was demoted: the write was refused,
                // so learn the new primary and send it there.
                Ok(Value::ServerError(msg)) if msg.starts_with(b"READONLY") && !class.readonly => {
                    rediscover(deadline).await;
                    match self.primary() {
                        Ok((now, p)) if now.nodes[p].id() != old_primary => {
                            crate::telemetry::notes::redirect("READONLY");
                            now.nodes[p].send_in_request(cmd, deadline, class.blocking).await
                        }
                        _ => Ok(Value::ServerError(msg)),
                    }
                }
                other => other,
            };
        }
    }

    async fn fan_out(&self, cmd: &Cmd, deadline: Instant, class: Classified) -> Result<Value> {
        let view = self.view.load_full();
        let mut asks = tokio::task::JoinSet::new();
        for node in view.nodes.clone() {
            let cmd = cmd.clone();
            asks.spawn(async move {
                let reply = node.send(&cmd, deadline, class.blocking).await;
                (node.address().to_string(), reply)
            });
        }
        let mut out = Vec::new();
        while let Some(joined) = asks.join_next().await {
            let (addr, reply) = joined.map_err(|e| Error::connection(format!("fan-out task failed: {e}")))?;
            let value = reply.unwrap_or_else(|e| Value::ServerError(e.to_string().into()));
            out.push((addr, value));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Value::Map(out.into_iter().map(|(a, v)| (Value::BulkString(a.into()), v)).collect()))
    }

    /// Runs a batch: pipelined on one node, or MULTI/EXEC on the primary.
    pub async fn run_batch(&self, cmds: &[Cmd], atomic: bool, route: &Route, deadline: Instant) -> Result<Value> {
        if cmds.is_empty() {
            return Err(Error::config("batch: no commands"));
        }
        if let Some(i) = cmds.iter().position(|c| c.is_empty()) {
            return Err(Error::config(format!("batch.commands[{i}]: empty command")));
        }
        let (view, target) = match route {
            Route::Address(a) => {
                let view = self.view.load_full();
                let i = Self::node_by_address(&view, a)?;
                (view, i)
            }
            _ => {
                let (view, primary) = self.primary()?;
                let all_reads = cmds.iter().all(|c| classify(c).readonly);
                let t = if all_reads && !atomic && *route == Route::Auto { self.pick_read(&view, primary) } else { primary };
                (view, t)
            }
        };
        let node = &view.nodes[target];
        if !atomic {
            return node.send_many(cmds, deadline).await;
        }
        let mut wrapped = Vec::with_capacity(cmds.len() + 2);
        wrapped.push(Cmd::new("MULTI"));
        wrapped.extend(cmds.iter().cloned());
        wrapped.push(Cmd::new("EXEC"));
        exec_reply(node.send_many(&wrapped, deadline).await?)
    }

    /// The primary's address, where subscriber connections go.
    pub fn primary_address(&self) -> Option<NodeAddress> {
        self.view.load().primary_node().map(|n| n.address().clone())
    }

    pub fn node_views(&self) -> Vec<NodeView> {
        let view = self.view.load();
        view.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeView {
                address: n.address().to_string(),
                role: view.roles.get(i).copied().unwrap_or(NodeRole::Unknown),
                availability_zone: self.zone_of(n),
                stats: n.stats(),
            })
            .collect()
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
pub(crate) fn parse_role(v: &Value) -> Option<NodeRole> {
    let first = v.as_slice()?.first()?.as_str()?;
    match first {
        "master" => Some(NodeRole::Primary),
        "slave" | "replica" => Some(NodeRole::Replica),
        _ => Some(NodeRole::Unknown),
    }
}
