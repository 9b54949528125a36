//! The connections a cluster client keeps: one per node address and
//! handshake kind (replicas that serve reads send READONLY; no cluster
//! connection sends SELECT). A connection is made when a topology or a
//! redirect first names its node, and retired once no topology names it:
//! closed after the requests already on it have had their replies.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::config::{ConnectionConfig, NodeAddress};
use crate::connection::{HandshakeOptions, NodeConnection};
use crate::events::EventBus;

/// How long a retired connection may wait for its in-flight requests.
const RETIRE_GRACE: Duration = Duration::from_secs(10);

/// A connection's identity: the node and whether it sends READONLY.
pub(super) type ConnKey = (NodeAddress, bool);

pub(super) struct Pool {
    conns: HashMap<ConnKey, NodeConnection>,
    config: Arc<ConnectionConfig>,
    events: EventBus,
    closed: bool,
}

impl Pool {
    pub fn new(config: Arc<ConnectionConfig>, events: EventBus) -> Self {
        Pool { conns: HashMap::new(), config, events, closed: false }
    }

    /// The connection to `addr` (created, not started, when new). Once the
    /// pool is closed, a new connection is born closed: nothing leaks past
    /// the client's close.
    pub fn get(&mut self, addr: &NodeAddress, read_only: bool) -> NodeConnection {
        if self.closed && !self.conns.contains_key(&(addr.clone(), read_only)) {
            let conn = NodeConnection::new(
                addr.clone(),
                self.config.clone(),
                HandshakeOptions { read_only, ..Default::default() },
                self.events.clone(),
                None,
            );
            conn.close();
            return conn;
        }
        self.conns
            .entry((addr.clone(), read_only))
            .or_insert_with(|| {
                NodeConnection::new(
                    addr.clone(),
                    self.config.clone(),
                    HandshakeOptions { read_only, ..Default::default() },
                    self.events.clone(),
                    None,
                )
            })
            .clone()
    }

    /// Takes out every connection not in `keep`, for retiring.
    pub fn take_unused(&mut self, keep: &HashSet<ConnKey>) -> Vec<NodeConnection> {
        let unused: Vec<ConnKey> = self.conns.keys().filter(|k| !keep.contains(*k)).cloned().collect();
        unused.into_iter().filter_map(|k| self.conns.remove(&k)).collect()
    }

    /// Closes every connection; later `get`s hand out closed ones.
    pub fn close(&mut self) {
        self.closed = true;
        for conn in self.conns.values() {
            conn.close();
        }
    }
}

/// Closes a connection no topology names any more, once the requests
/// already queued on it are answered (or after a grace period).
pub(super) fn retire(conn: NodeConnection) {
    tokio::spawn(async move {
        let until = Instant::now() + RETIRE_GRACE;
        loop {
            let busy = conn.pipeline().map(|p| p.pending() > 0).unwrap_or(false);
            if !busy || Instant::now() >= until {
                conn.close();
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
}
