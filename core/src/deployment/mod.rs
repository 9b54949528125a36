//! Deployments: how a logical client maps onto nodes. Each kind (standalone
//! with replicas, cluster; Sentinel with its issue) implements one
//! trait: connect, route and run a command or batch, and close. Deployment
//! code never parses RESP; it sends `Cmd`s to `NodeConnection`s.

pub mod cluster;
pub(crate) use cluster::routing::key_positions;
pub(crate) mod replica_set;
pub mod sentinel;
pub mod standalone;

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use tokio::time::Instant;

pub use cluster::{ClusterScanCursor, ScanOptions};
use crate::config::NodeAddress;
use crate::connection::{NodeConnection, NodeStats};
use crate::error::{Error, Result};
use crate::protocol::{Cmd, Value};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a request should go, as the caller asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Route {
    /// Decided by the command (keys, read/write, read strategy).
    #[default]
    Auto,
    Primary,
    AllPrimaries,
    AllNodes,
    Random,
    /// The primary serving this hash slot (`replica_ok`: a replica may answer).
    Slot { slot: u16, replica_ok: bool },
    /// The node at this "host:port".
    Address(String),
}

/// A node as the deployment sees it, for stats and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView {
    pub address: String,
    pub role: NodeRole,
    pub availability_zone: Option<String>,
    pub stats: NodeStats,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeRole {
    Primary,
    Replica,
    Unknown,
}

/// One kind of deployment.
pub trait Deployment: Send + Sync {
    /// Connects (non-lazy clients call this at creation).
    fn connect(&self, deadline: Instant) -> BoxFuture<'_, Result<()>>;

    /// Runs one command; server errors come back as `Value::ServerError`.
    fn execute<'a>(&'a self, cmd: &'a Cmd, route: &'a Route, deadline: Instant) -> BoxFuture<'a, Result<Value>>;

    /// Runs a batch. Atomic: MULTI/EXEC, the reply is EXEC's. Not atomic: the
    /// replies in order, as an array.
    fn execute_batch<'a>(
        &'a self,
        cmds: &'a [Cmd],
        atomic: bool,
        route: &'a Route,
        deadline: Instant,
    ) -> BoxFuture<'a, Result<Value>>;

    /// One step of a cluster-wide SCAN (see `cluster::scan` for what it
    /// guarantees). Other deployments have one keyspace: use SCAN there.
    fn scan<'a>(
        &'a self,
        _cursor: &'a ClusterScanCursor,
        _options: &'a ScanOptions,
        _deadline: Instant,
    ) -> BoxFuture<'a, Result<(ClusterScanCursor, Vec<Bytes>)>> {
        Box::pin(async {
            Err(Error::config("cluster_scan: this deployment is not a cluster; send SCAN with a cursor instead"))
        })
    }

    /// The node a subscriber connection should use now, as this deployment
    /// sees it: for a shard channel (`shard_channel` given) the primary
    /// serving its slot in a cluster; otherwise, and for shard channels
    /// outside a cluster, the node plain and pattern subscriptions live on
    /// (the primary; in a cluster, a primary serving slots). `None` while
    /// unknown. Used by `pubsub` to place and re-place its subscriptions.
    fn pubsub_node(&self, shard_channel: Option<&[u8]>) -> Option<NodeAddress>;

    /// The node health probes should ask over a connection of their own
    /// (the primary of a standalone or Sentinel deployment), so that they
    /// never queue behind data traffic. `None` (a cluster, or while the
    /// primary is unknown): probes go through the deployment.
    fn probe_node(&self) -> Option<NodeAddress> {
        None
    }

    /// The node a session runs on, as the deployment sees it now: the
    /// primary; in a cluster the primary serving `slot` (any primary
    /// without one), and `true` when the session must keep to that slot.
    /// A session asks again before each command, to notice a failover.
    fn session_node(&self, _slot: Option<u16>, _deadline: Instant) -> BoxFuture<'_, Result<(NodeConnection, bool)>> {
        Box::pin(async { Err(Error::config("sessions: this deployment cannot run them")) })
    }

    /// Requests parked while a primary was unreachable, so far.
    fn park_stats(&self) -> crate::request::ParkStats {
        crate::request::ParkStats::default()
    }

    /// Asks the deployment to re-learn its topology soon (a subscriber saw a
    /// MOVED or a slot leave its node). Never blocks.
    fn refresh_soon(&self) {}

    /// The nodes and their state.
    fn nodes(&self) -> Vec<NodeView>;

    /// Closes every connection; later requests get ClosingError.
    fn close(&self);
}

/// Builds the deployment a client's settings describe (nothing connects
/// yet). A multi-endpoint deployment is built by `failover`, one level up.
pub fn build(settings: &crate::config::ClientSettings, events: crate::events::EventBus) -> Result<Box<dyn Deployment>> {
    use crate::config::Deployment as Config;
    Ok(match &settings.deployment {
        Config::Standalone { addresses, role_check_interval } => {
            Box::new(standalone::Standalone::new(addresses, *role_check_interval, settings, events))
        }
        Config::Cluster { seeds, refresh_interval, address_map, max_redirects } => {
            let options = cluster::ClusterOptions {
                seeds: seeds.clone(),
                refresh_interval: *refresh_interval,
                address_map: address_map.clone(),
                max_redirects: *max_redirects,
            };
            Box::new(cluster::Cluster::new(options, settings, events))
        }
        Config::Sentinel { sentinels, master_name, sentinel_connection } => Box::new(sentinel::Sentinel::new(
            sentinels,
            master_name,
            sentinel_connection.clone(),
            settings,
            events,
        )),
        Config::MultiEndpoint(_) => {
            return Err(Error::config("multi_endpoint: a multi-endpoint deployment cannot be nested in another one"))
        }
    })
}
