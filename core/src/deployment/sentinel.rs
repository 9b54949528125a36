//! Sentinel deployment: the Sentinels say who the primary is; haven checks.
//!
//! Discovery asks every known Sentinel in parallel (SENTINEL
//! GET-MASTER-ADDR-BY-NAME, bounded by the deadline), tries the answers in
//! order of votes, and uses a node for writes only after ROLE on it says
//! `master`, so a stale or minority answer never receives writes. Replicas
//! come from SENTINEL REPLICAS (skipping s_down, o_down and disconnected
//! ones); new Sentinels from SENTINEL SENTINELS.
//!
//! A listener per known Sentinel keeps a subscription to every event (and
//! reconnects with backoff when its Sentinel dies): the leader of a failover
//! announces `+switch-master` up to seconds before the other Sentinels
//! repeat it, and the old primary keeps accepting writes until it is
//! demoted, so hearing the first announcement is what limits lost writes.
//! `+switch-master` moves writes to the announced primary as soon as ROLE
//! confirms it, ahead of Sentinels that have not heard of the switch yet; replica events (`+sdown`, `-sdown`,
//! `+slave`, `+convert-to-slave`, `+role-change`, ...) re-run discovery so
//! read routing follows. A periodic discovery is the safety net for missed
//! events. Routing is the replica set's.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::BytesMut;
use parking_lot::Mutex;
use tokio::sync::Notify;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::replica_set::{parse_role, ReplicaSet, View};
use super::{BoxFuture, Deployment, NodeRole, NodeView, Route};
use crate::config::{Backoff, ClientSettings, ConnectionConfig, NodeAddress};
use crate::connection::link::{keep_alive, Link, LinkStream, Served};
use crate::connection::{HandshakeOptions, NodeConnection};
use crate::error::{Error, ErrorKind, Result};
use crate::events::EventBus;
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};

/// How long an announced switch outranks Sentinels' votes for the old primary.
const SWITCH_GRACE: Duration = Duration::from_secs(10);
/// Discovery runs at least this often even without events.
const PERIODIC_DISCOVERY: Duration = Duration::from_secs(5);
/// The event subscription is PINGed this often and dropped after this
/// long without a byte.
const LISTEN_PING: Duration = Duration::from_millis(1000);
const LISTEN_SILENCE: Duration = Duration::from_millis(3000);

struct Inner {
    master_name: String,
    sentinels: Mutex<Vec<NodeAddress>>,
    sentinel_conns: Mutex<HashMap<NodeAddress, NodeConnection>>,
    sentinel_config: Arc<ConnectionConfig>,
    data_config: Arc<ConnectionConfig>,
    data_conns: Mutex<HashMap<NodeAddress, NodeConnection>>,
    set: ReplicaSet,
    events: EventBus,
    started: tokio::sync::OnceCell<()>,
    discovering: tokio::sync::Mutex<()>,
    /// The primary announced by the latest +switch-master, and when.
    announced: Mutex<Option<(NodeAddress, Instant)>>,
    rediscover: Notify,
    /// Sentinels that have an event listener.
    listening: Mutex<HashSet<NodeAddress>>,
    tasks: Mutex<Vec<AbortHandle>>,
    connect_timeout: Duration,
}

/// A primary and replicas found through Redis Sentinel.
pub struct Sentinel {
    inner: Arc<Inner>,
}

impl Sentinel {
    pub fn new(
        sentinels: &[NodeAddress],
        master_name: &str,
        sentinel_config: Arc<ConnectionConfig>,
        settings: &ClientSettings,
        events: EventBus,
    ) -> Self {
        Sentinel {
            inner: Arc::new(Inner {
                master_name: master_name.to_string(),
                sentinels: Mutex::new(sentinels.to_vec()),
                sentinel_conns: Mutex::new(HashMap::new()),
                sentinel_config,
                data_config: settings.connection.clone(),
                data_conns: Mutex::new(HashMap::new()),
                set: ReplicaSet::new(settings, events.clone()),
                events,
                started: tokio::sync::OnceCell::new(),
                discovering: tokio::sync::Mutex::new(()),
                announced: Mutex::new(None),
                rediscover: Notify::new(),
                listening: Mutex::new(HashSet::new()),
                tasks: Mutex::new(Vec::new()),
                connect_timeout: settings.connection.connect_timeout,
            }),
        }
    }
}

/// The healthy instances a SENTINEL REPLICAS or SENTINEL SENTINELS reply
/// lists (both describe instances with ip, port and flags).
fn healthy_instances(reply: &Value) -> Vec<NodeAddress> {
    let Some(entries) = reply.as_slice() else { return Vec::new() };
    entries
        .iter()
        .filter_map(|entry| {
            let pairs = entry.to_pairs()?;
            let field = |name: &str| pairs.iter().find(|(k, _)| k.as_str() == Some(name)).and_then(|(_, v)| v.as_str());
            let flags = field("flags").unwrap_or("");
            if ["s_down", "o_down", "disconnected"].iter().any(|bad| flags.split(',').any(|f| f == *bad)) {
                return None;
            }
            let port: u16 = field("port")?.parse().ok()?;
            Some(NodeAddress::new(field("ip")?, port))
        })
        .collect()
}

impl Inner {
    fn sentinel_conn(&self, addr: &NodeAddress) -> NodeConnection {
        self.sentinel_conns
            .lock()
            .entry(addr.clone())
            .or_insert_with(|| {
                NodeConnection::new(
                    addr.clone(),
                    self.sentinel_config.clone(),
                    HandshakeOptions { skip_select: true, ..Default::default() },
                    self.events.clone(),
                    None,
                )
            })
            .clone()
    }

    fn data_conn(&self, addr: &NodeAddress) -> NodeConnection {
        let conn = self
            .data_conns
            .lock()
            .entry(addr.clone())
            .or_insert_with(|| {
                NodeConnection::new(addr.clone(), self.data_config.clone(), HandshakeOptions::default(), self.events.clone(), None)
            })
            .clone();
        conn.start();
        conn
    }

    async fn ensure_connected(self: &Arc<Self>, deadline: Instant) -> Result<()> {
        if self.started.initialized() {
            return Ok(());
        }
        self.started
            .get_or_try_init(|| async {
                self.discover(deadline).await?;
                // The first time, wait for the replicas' links too, so reads
                // can use them from the first request.
                let mut waits = tokio::task::JoinSet::new();
                for node in self.set.view().nodes.clone() {
                    waits.spawn(async move { node.wait_ready(deadline).await });
                }
                while waits.join_next().await.is_some() {}
                self.start_background();
                Ok::<(), Error>(())
            })
            .await
            .map(|_| ())
    }

    /// Whether ROLE on `addr` says master (connecting first if needed).
    async fn confirm_primary(&self, addr: &NodeAddress, deadline: Instant) -> Result<NodeConnection> {
        let conn = self.data_conn(addr);
        conn.wait_ready(deadline).await?;
        let role = conn.send(&Cmd::new("ROLE"), deadline, false).await?;
        match parse_role(&role) {
            Some(NodeRole::Primary) => Ok(conn),
            Some(NodeRole::Replica) => Err(Error::connection(format!("{addr} reports role replica"))),
            _ => Err(Error::connection(format!("{addr} gave an unexpected ROLE reply {role:?}"))),
        }
    }

    /// Learns primary, replicas and Sentinels; updates routing.
    async fn discover(&self, deadline: Instant) -> Result<()> {
        let _single_flight = self.discovering.lock().await;
        let sentinels = self.sentinels.lock().clone();
        let mut asks = tokio::task::JoinSet::new();
        for s in sentinels.iter().cloned() {
            let conn = self.sentinel_conn(&s);
            let name = self.master_name.clone();
            asks.spawn(async move {
                let inner_ask = async {
                    conn.wait_ready(deadline).await?;
                    conn.send(&Cmd::new("SENTINEL").arg("GET-MASTER-ADDR-BY-NAME").arg(name), deadline, false)
                        .await?
                        .into_result()
                };
                (s, inner_ask.await)
            });
        }
        let mut votes: Vec<(NodeAddress, usize, NodeAddress)> = Vec::new();
        let mut failures = Vec::new();
        let mut unknown = Vec::new();
        while let Some(joined) = asks.join_next().await {
            let Ok((sentinel, reply)) = joined else { continue };
            match reply {
                Ok(Value::Nil) => unknown.push(sentinel.to_string()),
                Ok(v) => {
                    let parts = v.as_slice().unwrap_or_default();
                    let host = parts.first().and_then(Value::as_str);
                    let port = parts.get(1).and_then(Value::as_str).and_then(|p| p.parse::<u16>().ok());
                    match (host, port) {
                        (Some(h), Some(p)) => {
                            let addr = NodeAddress::new(h, p);
                            match votes.iter_mut().find(|(a, _, _)| *a == addr) {
                                Some(v) => v.1 += 1,
                                None => votes.push((addr, 1, sentinel)),
                            }
                        }
                        _ => failures.push(format!("{sentinel}: unreadable answer {v:?}")),
                    }
                }
                Err(e) => failures.push(format!("{sentinel}: {}", e.message())),
            }
        }
        if votes.is_empty() {
            if !unknown.is_empty() && failures.is_empty() {
                return Err(Error::config(format!(
                    "sentinel.master_name: no Sentinel knows a master named {:?} (asked {})",
                    self.master_name,
                    unknown.join(", ")
                )));
            }
            let mut all = failures;
            all.extend(unknown.into_iter().map(|s| format!("{s}: does not know {:?}", self.master_name)));
            return Err(Error::connection(format!(
                "no Sentinel could name the primary of {:?}: {}",
                self.master_name,
                all.join("; ")
            )));
        }
        // Most votes first; a primary announced by +switch-master moments ago
        // goes before Sentinels that have not caught up.
        votes.sort_by_key(|v| std::cmp::Reverse(v.1));
        let announced = self.announced.lock().clone().filter(|(_, at)| at.elapsed() < SWITCH_GRACE);
        let mut candidates: Vec<(NodeAddress, NodeAddress)> = votes.into_iter().map(|(a, _, s)| (a, s)).collect();
        if let Some((addr, _)) = announced {
            candidates.retain(|(a, _)| *a != addr);
            let via = sentinels.first().cloned().unwrap_or_else(|| addr.clone());
            candidates.insert(0, (addr, via));
        }
        let mut refused = Vec::new();
        let mut chosen = None;
        for (addr, via) in &candidates {
            match self.confirm_primary(addr, deadline).await {
                Ok(conn) => {
                    chosen = Some((conn, via.clone()));
                    break;
                }
                Err(e) => refused.push(format!("{addr}: {}", e.message())),
            }
        }
        let Some((primary, via)) = chosen else {
            return Err(Error::connection(format!(
                "the Sentinels name a primary for {:?} but none is usable: {}",
                self.master_name,
                refused.join("; ")
            )));
        };

        // Replicas and Sentinels, from a Sentinel that answered. A failure
        // here keeps the replicas we had: writes already have their primary.
        let sentinel = self.sentinel_conn(&via);
        let previous = self.set.view();
        let replicas = match sentinel
            .send(&Cmd::new("SENTINEL").arg("REPLICAS").arg(self.master_name.clone()), deadline, false)
            .await
            .and_then(Value::into_result)
        {
            Ok(reply) => healthy_instances(&reply),
            Err(_) => previous
                .replicas
                .iter()
                .map(|&i| previous.nodes[i].address().clone())
                .collect(),
        };
        if let Ok(reply) = sentinel
            .send(&Cmd::new("SENTINEL").arg("SENTINELS").arg(self.master_name.clone()), deadline, false)
            .await
            .and_then(Value::into_result)
        {
            let mut known = self.sentinels.lock();
            for peer in healthy_instances(&reply) {
                if !known.contains(&peer) {
                    known.push(peer);
                }
            }
        }

        let mut nodes = vec![primary.clone()];
        let mut roles = vec![NodeRole::Primary];
        for r in replicas {
            if r != *primary.address() {
                nodes.push(self.data_conn(&r));
                roles.push(NodeRole::Replica);
            }
        }
        let replica_idx = (1..nodes.len()).collect();
        let old_primary = previous.primary_node().map(|n| n.address().to_string());
        let new_primary = primary.address().to_string();
        // Connections to nodes that left the set are closed.
        let keep: Vec<NodeAddress> = nodes.iter().map(|n| n.address().clone()).collect();
        let gone: Vec<NodeConnection> = {
            let mut conns = self.data_conns.lock();
            let gone_keys: Vec<NodeAddress> = conns.keys().filter(|a| !keep.contains(a)).cloned().collect();
            gone_keys.into_iter().filter_map(|a| conns.remove(&a)).collect()
        };
        self.set.set_view(View { nodes, roles, primary: Some(0), replicas: replica_idx });
        for conn in gone {
            conn.close();
        }
        if let Some(old) = old_primary {
            if old != new_primary {
                self.events.emit_move(EventKind::PrimaryChanged, &old, &new_primary, "Sentinel failover, confirmed by ROLE");
            }
        }
        Ok(())
    }

    fn start_background(self: &Arc<Self>) {
        let rediscoverer = tokio::spawn(rediscover_loop(Arc::downgrade(self))).abort_handle();
        self.tasks.lock().push(rediscoverer);
        self.ensure_listeners();
    }

    /// Starts an event listener for every known Sentinel that has none.
    fn ensure_listeners(self: &Arc<Self>) {
        let sentinels = self.sentinels.lock().clone();
        let mut listening = self.listening.lock();
        for addr in sentinels {
            if listening.insert(addr.clone()) {
                let task = tokio::spawn(listen_loop(Arc::downgrade(self), addr)).abort_handle();
                self.tasks.lock().push(task);
            }
        }
    }

    /// Reacts to one Sentinel event.
    fn on_event(&self, channel: &str, data: &str) {
        let mentions_us = data.split_whitespace().any(|w| w == self.master_name);
        if !mentions_us {
            return;
        }
        if channel == "+switch-master" {
            // "<name> <old-ip> <old-port> <new-ip> <new-port>"
            let parts: Vec<&str> = data.split_whitespace().collect();
            if parts.len() >= 5 && parts[0] == self.master_name {
                if let Ok(port) = parts[4].parse::<u16>() {
                    *self.announced.lock() = Some((NodeAddress::new(parts[3], port), Instant::now()));
                }
            }
        }
        let relevant = matches!(
            channel,
            "+switch-master"
                | "+sdown"
                | "-sdown"
                | "+odown"
                | "-odown"
                | "+slave"
                | "+convert-to-slave"
                | "+role-change"
                | "-role-change"
                | "+failover-end"
                | "failover-end"
                | "+sentinel"
                | "+reset-master"
        );
        if relevant {
            tracing::debug!(target: crate::logging::DEPLOYMENT, "Sentinel event {channel}: {data}");
            self.rediscover.notify_one();
        }
    }

    /// One subscription: connect, PSUBSCRIBE to every event, read until the
    /// link dies or goes silent.
    async fn listen_once(&self, addr: &NodeAddress, mut link: Link) -> Result<()> {
        let mut out = BytesMut::new();
        Cmd::new("PSUBSCRIBE").arg("*").encode(&mut out);
        link.write_all(&out).await?;
        let mut ping = tokio::time::interval(LISTEN_PING);
        let mut last_read = Instant::now();
        loop {
            while let Some(frame) = link.next_frame()? {
                last_read = Instant::now();
                let Some(parts) = frame.as_slice() else { continue };
                if parts.first().and_then(Value::as_str) == Some("pmessage") && parts.len() >= 4 {
                    if let (Some(channel), Some(data)) = (parts[2].as_str(), parts[3].as_str()) {
                        self.on_event(channel, data);
                    }
                }
            }
            tokio::select! {
                read = link.read_more() => {
                    read.map_err(|e| e.context("Sentinel"))?;
                    last_read = Instant::now();
                }
                _ = ping.tick() => {
                    if last_read.elapsed() > LISTEN_SILENCE {
                        return Err(Error::connection(format!("Sentinel {addr} stopped answering")));
                    }
                    let mut p = BytesMut::new();
                    Cmd::new("PING").encode(&mut p);
                    link.write_all(&p).await.map_err(|e| e.context("Sentinel"))?;
                }
            }
        }
    }
}

/// Runs discovery when events ask for it (coalesced) and periodically.
/// Holds the deployment while waiting; `close` aborts it.
async fn rediscover_loop(weak: Weak<Inner>) {
    let Some(inner) = weak.upgrade() else { return };
    loop {
        let _ = tokio::time::timeout(PERIODIC_DISCOVERY, inner.rediscover.notified()).await;
        // A failed discovery keeps the routing we have; events or the next
        // period retry.
        let _ = inner.discover(Instant::now() + inner.connect_timeout).await;
        inner.ensure_listeners();
    }
}

/// Keeps the event subscription on one Sentinel alive.
async fn listen_loop(weak: Weak<Inner>, addr: NodeAddress) {
    let backoff = Backoff { base: Duration::from_millis(100), factor: 2.0, max: Duration::from_secs(2), jitter: 0.2 };
    let Some(config) = weak.upgrade().map(|inner| inner.sentinel_config.clone()) else { return };
    let options = HandshakeOptions { skip_select: true, ..Default::default() };
    keep_alive(&addr.clone(), &config, options, backoff, Listener { weak, addr }).await;
}

/// One Sentinel's event subscription, across its links.
struct Listener {
    weak: Weak<Inner>,
    addr: NodeAddress,
}

impl LinkStream for Listener {
    fn serve(&mut self, opened: Result<Link>) -> impl std::future::Future<Output = Served> + Send + '_ {
        async move {
            let Some(inner) = self.weak.upgrade() else { return Served::Stop };
            let outcome = match opened {
                Ok(link) => inner.listen_once(&self.addr, link).await,
                Err(e) => Err(e),
            };
            // Events may have been missed while the subscription was down.
            inner.rediscover.notify_one();
            let e = outcome.err().unwrap_or_else(|| Error::connection(format!("Sentinel {} subscription ended", self.addr)));
            if e.kind() != ErrorKind::Closing {
                let why = format!("Sentinel subscription: {}", e.message());
                inner.events.emit(EventKind::NodeDisconnected, &self.addr.to_string(), &why);
            }
            Served::Lost(e)
        }
    }
}

impl Inner {
    async fn run(self: &Arc<Self>, cmd: &Cmd, route: &Route, deadline: Instant) -> Result<Value> {
        self.ensure_connected(deadline).await?;
        let rediscover = |deadline: Instant| -> BoxFuture<'_, ()> {
            Box::pin(async move {
                let _ = self.discover(deadline).await;
            })
        };
        self.set.run(cmd, route, deadline, &rediscover).await
    }

    async fn run_batch(self: &Arc<Self>, cmds: &[Cmd], atomic: bool, route: &Route, deadline: Instant) -> Result<Value> {
        self.ensure_connected(deadline).await?;
        self.set.run_batch(cmds, atomic, route, deadline).await
    }
}

impl Deployment for Sentinel {
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
        self.inner.set.node_views()
    }

    fn close(&self) {
        for task in self.inner.tasks.lock().drain(..) {
            task.abort();
        }
        for conn in self.inner.sentinel_conns.lock().values() {
            conn.close();
        }
        for conn in self.inner.data_conns.lock().values() {
            conn.close();
        }
    }
}
