//! Cluster deployment: a Redis/Valkey cluster of shards, each a primary and
//! its replicas serving a share of the 16384 hash slots.
//!
//! The request path reads the slot map lock-free (`topology`, an ArcSwap),
//! picks the node for the command's slot (reads by the read strategy, with
//! READONLY on replica connections), and follows what the cluster answers
//! (`redirects`). Multi-key commands across slots are split (`multikey`),
//! key-less commands fan out by their command-table policy (`fanout`),
//! batches split per node (`batch`), and `scan` walks the whole keyspace.
//! Keeping the map current happens off the request path (`refresh`), over
//! connections kept per node (`pool`). Modules:
//!
//! - `topology`: slot map, CLUSTER SHARDS / SLOTS parsing, majority view
//! - `refresh`: the refresher task, triggers, publishing, events
//! - `pool`: connections per node and their retirement
//! - `routing`: keys and slots of a command, node choice by read strategy
//! - `redirects`: MOVED / ASK / TRYAGAIN / CLUSTERDOWN / LOADING / READONLY
//! - `multikey`, `fanout`, `batch`, `scan`: as above

mod batch;
mod fanout;
mod multikey;
mod pool;
mod redirects;
mod refresh;
pub(crate) mod routing;
pub mod scan;
mod topology;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use bytes::Bytes;
use parking_lot::Mutex;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::{BoxFuture, Deployment, NodeView, Route};
use crate::command_table::RequestPolicy;
use crate::config::{ClientSettings, NodeAddress, ReadFrom};
use crate::engine::convert::key_slot;
use crate::error::{Error, Result};
use crate::events::EventBus;
use crate::protocol::{Cmd, Value};
use crate::connection::NodeConnection;
use crate::request::classify;
use fanout::Fan;
use pool::Pool;
use redirects::Target;
use refresh::RefreshSignal;
use routing::{cross_slot, plan, Plan};
pub use scan::{ClusterScanCursor, ScanOptions};
use topology::{Topology, View};

/// The cluster's own settings (from `ClusterDeployment`).
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    pub seeds: Vec<NodeAddress>,
    pub refresh_interval: Option<Duration>,
    pub address_map: HashMap<NodeAddress, NodeAddress>,
    pub max_redirects: u32,
}

pub(crate) struct Inner {
    seeds: Vec<NodeAddress>,
    max_redirects: u32,
    refresh_interval: Option<Duration>,
    address_map: Arc<HashMap<NodeAddress, NodeAddress>>,
    read_from: ReadFrom,
    client_az: Option<String>,
    node_az: HashMap<String, String>,
    connect_timeout: Duration,
    tls: bool,
    /// What requests route by; replaced whole, only under the `pool` lock.
    topology: ArcSwap<Topology>,
    pool: Mutex<Pool>,
    refresh: Arc<RefreshSignal>,
    /// The last published view, to tell what changed (refresher only).
    published: Mutex<Option<View>>,
    events: EventBus,
    started: tokio::sync::OnceCell<()>,
    closed: AtomicBool,
    round_robin: AtomicUsize,
    tasks: Mutex<Vec<AbortHandle>>,
    /// Requests waiting for a reachable primary of their slot; while any
    /// wait, the refresher asks every 10-20 ms.
    parking: Arc<crate::request::Parking>,
    fail_fast: bool,
}

/// A Redis/Valkey cluster.
pub struct Cluster {
    inner: Arc<Inner>,
}

impl Cluster {
    pub fn new(options: ClusterOptions, settings: &ClientSettings, events: EventBus) -> Self {
        Cluster {
            inner: Arc::new(Inner {
                seeds: options.seeds,
                max_redirects: options.max_redirects,
                refresh_interval: options.refresh_interval,
                address_map: Arc::new(options.address_map),
                read_from: settings.read_from,
                client_az: settings.client_az.clone(),
                node_az: settings.node_az.clone(),
                connect_timeout: settings.connection.connect_timeout,
                tls: settings.connection.tls.is_some(),
                topology: ArcSwap::from_pointee(Topology::empty()),
                pool: Mutex::new(Pool::new(settings.connection.clone(), events.clone())),
                refresh: Arc::new(RefreshSignal::new()),
                published: Mutex::new(None),
                events: events.clone(),
                started: tokio::sync::OnceCell::new(),
                closed: AtomicBool::new(false),
                round_robin: AtomicUsize::new(0),
                tasks: Mutex::new(Vec::new()),
                parking: crate::request::Parking::new(events.clone()),
                fail_fast: settings.fail_fast,
            }),
        }
    }
}

impl Inner {
    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// Discovers the topology once (at creation, or on the first request
    /// with lazy connect) and starts the refresher.
    async fn ensure_connected(self: &Arc<Self>, deadline: Instant) -> Result<()> {
        if self.started.initialized() {
            return Ok(());
        }
        if self.is_closed() {
            return Err(Error::closing());
        }
        self.started
            .get_or_try_init(|| async {
                self.discover(deadline).await?;
                let task = self.start_refresher();
                self.tasks.lock().push(task);
                Ok::<(), Error>(())
            })
            .await
            .map(|_| ())
    }

    /// Runs one command as its route and keys say.
    async fn run(self: &Arc<Self>, cmd: &Cmd, route: &Route, deadline: Instant) -> Result<Value> {
        self.ensure_connected(deadline).await?;
        let class = classify(cmd);
        match route {
            Route::AllPrimaries => self.run_fanout(cmd, class, Fan::Primaries, deadline).await,
            Route::AllNodes => self.run_fanout(cmd, class, Fan::AllNodes, deadline).await,
            Route::Address(a) => self.node_by_address(a)?.send_in_request(cmd, deadline, class.blocking).await,
            Route::Random => self.run_single(cmd, class, Target::AnyPrimary, deadline).await,
            Route::Slot { slot, replica_ok } => {
                self.run_single(cmd, class, Target::Slot { slot: *slot, read: *replica_ok }, deadline).await
            }
            Route::Auto | Route::Primary => {
                let read = class.readonly && *route == Route::Auto;
                match plan(cmd, class.spec) {
                    Plan::Slot(slot) => self.run_single(cmd, class, Target::Slot { slot, read }, deadline).await,
                    Plan::CrossSlot(slots) => match class.spec.and_then(|s| multikey::splittable(s.name)) {
                        Some(merge) => self.run_multikey(cmd, merge, read, deadline).await,
                        None => Err(cross_slot(&cmd.name_upper(), &slots)),
                    },
                    Plan::Keyless => match class.spec.map(|s| s.request) {
                        Some(RequestPolicy::AllShards) => self.run_fanout(cmd, class, Fan::Primaries, deadline).await,
                        Some(RequestPolicy::AllNodes) => self.run_fanout(cmd, class, Fan::AllNodes, deadline).await,
                        // The whole cluster's keyspace (scan.rs); an address
                        // route scans one node.
                        Some(RequestPolicy::Special) if class.spec.is_some_and(|s| s.name == "scan") => {
                            self.scan_command(cmd, deadline).await
                        }
                        _ => self.run_single(cmd, class, Target::AnyPrimary, deadline).await,
                    },
                }
            }
        }
    }

    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        for task in self.tasks.lock().drain(..) {
            task.abort();
        }
        let topology = self.topology.load_full();
        for (node, _) in topology.nodes() {
            node.conn.close();
        }
        self.pool.lock().close();
    }
}

impl Deployment for Cluster {
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
        Box::pin(async move {
            self.inner.ensure_connected(deadline).await?;
            self.inner.run_batch(cmds, atomic, route, deadline).await
        })
    }

    fn scan<'a>(
        &'a self,
        cursor: &'a ClusterScanCursor,
        options: &'a ScanOptions,
        deadline: Instant,
    ) -> BoxFuture<'a, Result<(ClusterScanCursor, Vec<Bytes>)>> {
        Box::pin(async move {
            self.inner.ensure_connected(deadline).await?;
            self.inner.scan_step(cursor, options, deadline).await
        })
    }

    fn session_node(&self, slot: Option<u16>, deadline: Instant) -> BoxFuture<'_, Result<(NodeConnection, bool)>> {
        Box::pin(async move {
            self.inner.ensure_connected(deadline).await?;
            let topology = self.inner.topology.load();
            match slot {
                Some(slot) => Ok((self.inner.pick(&topology, slot, false)?.0, true)),
                None => Ok((self.inner.random_primary(&topology)?, true)),
            }
        })
    }

    fn pubsub_node(&self, shard_channel: Option<&[u8]>) -> Option<NodeAddress> {
        let topology = self.inner.topology.load();
        match shard_channel {
            Some(channel) => topology.shard(key_slot(channel)).map(|s| s.primary.addr.clone()),
            // Plain pub/sub is cluster-wide: any primary serving slots, the
            // same one while the topology stays.
            None => topology.serving_primaries().map(|p| p.addr.clone()).min(),
        }
    }

    fn refresh_soon(&self) {
        self.inner.refresh.request();
    }

    fn park_stats(&self) -> crate::request::ParkStats {
        self.inner.parking.stats()
    }

    fn nodes(&self) -> Vec<NodeView> {
        let topology = self.inner.topology.load_full();
        topology
            .nodes()
            .into_iter()
            .map(|(n, role)| NodeView {
                address: n.addr.to_string(),
                role,
                availability_zone: self.inner.zone_of(n),
                stats: n.conn.stats(),
            })
            .collect()
    }

    fn close(&self) {
        self.inner.close();
    }
}
