//! Keeping the topology current. One background task refreshes it when the
//! request path reports a sign of change (MOVED, ASK, an uncovered slot, a
//! redirect to an unknown node, a failed primary), every `refresh_interval`,
//! and again within a second while the cluster looks degraded. Being one
//! task makes refreshes single-flight; they are rate limited with jitter
//! (at most one per 100-250 ms) so many clients do not storm the cluster.
//! A refresh asks up to three nodes in parallel (more when they disagree),
//! accepts only a view a majority of the answers share, and falls back to
//! the seeds when no known node answers. Publishing a topology emits
//! TopologyChanged / PrimaryChanged and retires connections to nodes that
//! left. The request path never waits for any of this.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rand::seq::SliceRandom;
use tokio::sync::{watch, Notify};
use tokio::task::{AbortHandle, JoinSet};
use tokio::time::Instant;

use super::pool::{self, ConnKey};
use super::topology::{self, majority, plurality, Node, ParseContext, Shard, Topology, View};
use super::Inner;
use crate::config::{NodeAddress, ReadFrom};
use crate::connection::NodeConnection;
use crate::error::{Error, Result};
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};

/// Nodes asked at once.
const WAVE: usize = 3;
/// Minimum gap between two refreshes, plus up to `JITTER`.
const MIN_GAP: Duration = Duration::from_millis(100);
const JITTER_MS: u64 = 150;
/// The gap between refreshes while requests are parked, plus up to as
/// much again of jitter.
const PARKED_GAP: Duration = Duration::from_millis(10);
/// How long a refresh waits for a lost primary's replicas once the other
/// answers agree: the elected heir knows it won before anyone else does,
/// so its answer is the news; a hung heir costs each refresh this much.
const HEIR_GRACE: Duration = Duration::from_millis(50);
/// Re-check this soon while a primary is down or slots are uncovered.
const DEGRADED_RECHECK: Duration = Duration::from_millis(1000);

/// How the request path asks for a refresh and learns that one finished.
pub(super) struct RefreshSignal {
    wake: Notify,
    requested: AtomicBool,
    pub(super) finished: watch::Sender<u64>,
}

impl RefreshSignal {
    pub fn new() -> Self {
        RefreshSignal { wake: Notify::new(), requested: AtomicBool::new(false), finished: watch::channel(0).0 }
    }

    /// Asks for a refresh soon. Never blocks; many asks make one refresh.
    pub fn request(&self) {
        if !self.requested.swap(true, Ordering::AcqRel) {
            self.wake.notify_one();
        }
    }
}

/// What one round of asking nodes produced.
struct Gathered {
    views: Vec<View>,
    failures: Vec<String>,
    not_cluster: Vec<String>,
    /// Nodes that refused the configuration (a database they lack).
    refused: Vec<String>,
}

/// Whether the published topology still needs watching closely.
struct Outcome {
    degraded: bool,
}

impl Inner {
    /// Starts the refresher task; it ends when the client is dropped or closed.
    pub(super) fn start_refresher(self: &Arc<Self>) -> AbortHandle {
        let weak = Arc::downgrade(self);
        let signal = self.refresh.clone();
        let interval = self.refresh_interval;
        tokio::spawn(async move {
            let mut last = Instant::now();
            let mut recheck: Option<Duration> = None;
            loop {
                let due = match (interval, recheck) {
                    (Some(i), Some(r)) => Some(i.min(r)),
                    (i, r) => i.or(r),
                };
                if !signal.requested.load(Ordering::Acquire) {
                    match due {
                        Some(d) => {
                            let _ = tokio::time::timeout_at(last + d, signal.wake.notified()).await;
                        }
                        None => signal.wake.notified().await,
                    }
                }
                // While requests wait for a primary, ask again quickly: the
                // failed shard's heir knows it won the moment it does.
                let parked = weak.upgrade().is_some_and(|inner| inner.parking.parked_now() > 0);
                let gap = if parked {
                    PARKED_GAP + Duration::from_micros(rand::random_range(0..=PARKED_GAP.as_micros() as u64))
                } else {
                    MIN_GAP + Duration::from_millis(rand::random_range(0..=JITTER_MS))
                };
                tokio::time::sleep_until(last + gap).await;
                signal.requested.store(false, Ordering::Release);
                let Some(inner) = weak.upgrade() else { return };
                if inner.is_closed() {
                    return;
                }
                let began = Instant::now();
                let outcome = inner.refresh_once().await;
                // While requests are parked, the next refresh is timed from
                // this one's start: polling keeps its pace however long a
                // refresh takes.
                last = if inner.parking.parked_now() > 0 { began } else { Instant::now() };
                drop(inner);
                recheck = outcome.degraded.then_some(DEGRADED_RECHECK);
                signal.finished.send_modify(|n| *n += 1);
            }
        })
        .abort_handle()
    }

    /// Waits (bounded by the deadline) until a refresh asked for now finishes.
    pub(super) async fn wait_for_refresh(&self, deadline: Instant) {
        let mut finished = self.refresh.finished.subscribe();
        let seen = *finished.borrow_and_update();
        self.refresh.request();
        let _ = tokio::time::timeout_at(deadline, finished.wait_for(|&n| n > seen)).await;
    }

    /// First discovery, from the seeds, within the deadline.
    pub(super) async fn discover(self: &Arc<Self>, deadline: Instant) -> Result<()> {
        let seeds: Vec<NodeConnection> = {
            let mut pool = self.pool.lock();
            self.seeds.iter().map(|s| pool.get(s, false)).collect()
        };
        let gathered = self.gather(&seeds, &[], deadline).await;
        let chosen = majority(&gathered.views).or_else(|| plurality(&gathered.views));
        match chosen {
            Some(i) if gathered.views[i].covered() > 0 => {
                self.publish(gathered.views[i].clone(), "discovered from the seeds");
                Ok(())
            }
            Some(_) => Err(Error::cluster("cluster.seeds: the cluster serves no slots yet (no slot is assigned)")),
            None if !gathered.refused.is_empty() => Err(Error::config(format!(
                "{} (numbered databases in a cluster need Valkey 9+ with cluster-databases)",
                gathered.refused.join("; ")
            ))),
            None if !gathered.not_cluster.is_empty() => Err(Error::config(format!(
                "cluster.seeds: not a cluster node: {}",
                gathered.not_cluster.join("; ")
            ))),
            None => Err(Error::connection(format!(
                "cluster.seeds: no seed answered with the cluster topology: {}",
                gathered.failures.join("; ")
            ))),
        }
    }

    /// One refresh: ask known nodes (connected ones first), then the seeds.
    async fn refresh_once(self: &Arc<Self>) -> Outcome {
        let current = self.topology.load_full();
        let mut connected = Vec::new();
        let mut others = Vec::new();
        for (node, _) in current.nodes() {
            if node.conn.is_connected() {
                connected.push(node.conn.clone());
            } else if !node.conn.is_down() {
                others.push(node.conn.clone());
            }
        }
        connected.shuffle(&mut rand::rng());
        others.shuffle(&mut rand::rng());
        // While requests wait for a lost primary, its replicas are asked
        // first, connected or not, and heard out (see `HEIR_GRACE`): the
        // heir knows it won the moment it does. Asking opens the connection
        // the parked requests then use, as the pool keys it by address.
        let lost: Vec<NodeAddress> =
            current.shards().iter().filter(|s| s.primary.conn.is_down()).map(|s| s.primary.addr.clone()).collect();
        let heirs: Vec<NodeAddress> = if !lost.is_empty() && self.parking.parked_now() > 0 {
            current
                .shards()
                .iter()
                .filter(|s| lost.contains(&s.primary.addr))
                .flat_map(|s| s.replicas.iter().filter(|r| !r.conn.is_down()).map(|r| r.addr.clone()))
                .collect()
        } else {
            Vec::new()
        };
        connected.extend(others);
        connected.sort_by_key(|c| !heirs.contains(c.address()));
        let deadline = Instant::now() + self.connect_timeout;
        let mut gathered = self.gather(&connected, &heirs, deadline).await;
        if gathered.views.is_empty() {
            // Every known node is gone: start over from the seeds.
            let seeds: Vec<NodeConnection> = {
                let mut pool = self.pool.lock();
                self.seeds.iter().map(|s| pool.get(s, false)).collect()
            };
            gathered = self.gather(&seeds, &[], Instant::now() + self.connect_timeout).await;
        }
        let chosen = majority(&gathered.views).filter(|&i| gathered.views[i].covered() > 0);
        // A view naming a new primary for a lost primary's slots wins over a
        // majority that still names the lost one: only the elected heir
        // claims them, so such a view is news the others have not heard yet.
        let promoted = |v: &View| {
            v.covered() > 0
                && lost.iter().any(|dead| {
                    current.shards().iter().enumerate().filter(|(_, s)| s.primary.addr == *dead).all(|(i, _)| {
                        current.slots_of(i).next().is_some_and(|slot| {
                            v.shards.iter().any(|vs| {
                                vs.primary.addr != *dead && vs.ranges.iter().any(|&(a, b)| (a..=b).contains(&slot))
                            })
                        })
                    })
                })
                && !v.shards.iter().any(|vs| lost.contains(&vs.primary.addr))
        };
        let chosen = match chosen {
            Some(i) if !lost.is_empty() && !promoted(&gathered.views[i]) => {
                gathered.views.iter().position(|v| promoted(v)).or(Some(i))
            }
            None if !lost.is_empty() => gathered.views.iter().position(|v| promoted(v)),
            other => other,
        };
        match chosen {
            Some(i) => {
                let view = gathered.views.swap_remove(i);
                let degraded = self.publish(view, "refresh");
                Outcome { degraded }
            }
            // No majority (or nobody answered): keep routing as we do and
            // look again soon.
            _ => {
                tracing::debug!(
                    target: crate::logging::DEPLOYMENT,
                    "topology refresh: no agreed view ({} answers, {} failures); routing as before",
                    gathered.views.len(),
                    gathered.failures.len()
                );
                Outcome { degraded: true }
            }
        }
    }

    /// Asks nodes for their view, a wave of three at a time, until some
    /// view has a majority of the answers or no node is left to ask. The
    /// `heirs` among them (a lost primary's replicas, asked first) are
    /// waited for up to `HEIR_GRACE` beyond that agreement.
    async fn gather(&self, candidates: &[NodeConnection], heirs: &[NodeAddress], deadline: Instant) -> Gathered {
        let mut gathered = Gathered { views: Vec::new(), failures: Vec::new(), not_cluster: Vec::new(), refused: Vec::new() };
        let mut asked = 0;
        for wave in candidates.chunks(WAVE) {
            asked += wave.len();
            let mut asks = JoinSet::new();
            let mut heirs_unheard = 0usize;
            for conn in wave {
                let conn = conn.clone();
                let address_map = self.address_map.clone();
                let tls = self.tls;
                let heir = heirs.contains(conn.address());
                heirs_unheard += usize::from(heir);
                asks.spawn(async move {
                    let result = ask_view(&conn, tls, &address_map, deadline).await;
                    (conn.address().to_string(), heir, result)
                });
            }
            let mut grace: Option<Instant> = None;
            loop {
                let joined = match grace {
                    Some(until) => match tokio::time::timeout_at(until, asks.join_next()).await {
                        Ok(joined) => joined,
                        Err(_) => return gathered,
                    },
                    None => asks.join_next().await,
                };
                let Some(joined) = joined else { break };
                let Ok((addr, heir, result)) = joined else { continue };
                heirs_unheard -= usize::from(heir);
                match result {
                    Ok(view) => gathered.views.push(view),
                    Err(Answer::NotCluster(e)) => gathered.not_cluster.push(format!("{addr}: {e}")),
                    Err(Answer::Failed(e)) => gathered.failures.push(format!("{addr}: {e}")),
                    Err(Answer::Refused(e)) => gathered.refused.push(e),
                }
                // Enough agreement among everyone asked so far: stop waiting
                // for the slow ones (a hung node must not hold a refresh),
                // once the heirs have answered or had their grace.
                let views = &gathered.views;
                if views.iter().any(|v| views.iter().filter(|w| w.same_layout(v)).count() * 2 > asked) {
                    if heirs_unheard == 0 {
                        return gathered;
                    }
                    grace.get_or_insert_with(|| (Instant::now() + HEIR_GRACE).min(deadline));
                }
            }
            if majority(&gathered.views).is_some() || Instant::now() >= deadline {
                return gathered;
            }
        }
        gathered
    }

    /// Makes `view` the routing topology. Returns whether it looks degraded.
    pub(super) fn publish(self: &Arc<Self>, view: View, why: &str) -> bool {
        let replicas_read_only = self.read_from != ReadFrom::Primary;
        let (retired, started) = {
            let mut pool = self.pool.lock();
            let mut keep: HashSet<ConnKey> = HashSet::new();
            let mut started = Vec::new();
            let mut shards = Vec::with_capacity(view.shards.len());
            for s in &view.shards {
                let conn = pool.get(&s.primary.addr, false);
                keep.insert((s.primary.addr.clone(), false));
                started.push(conn.clone());
                let primary = Arc::new(Node { addr: s.primary.addr.clone(), conn, healthy: s.primary.healthy });
                let replicas = s
                    .replicas
                    .iter()
                    .map(|r| {
                        let conn = pool.get(&r.addr, replicas_read_only);
                        keep.insert((r.addr.clone(), replicas_read_only));
                        if replicas_read_only {
                            started.push(conn.clone());
                        }
                        Arc::new(Node { addr: r.addr.clone(), conn, healthy: r.healthy })
                    })
                    .collect();
                shards.push((Shard { primary, replicas }, s.ranges.clone()));
            }
            let retired = pool.take_unused(&keep);
            // Stored under the pool lock: topology writes (refresh, MOVED
            // patches) never interleave, and no patch can name a
            // connection that is being retired.
            self.topology.store(Arc::new(Topology::new(shards)));
            (retired, started)
        };
        for conn in &started {
            conn.start();
        }
        for conn in retired {
            pool::retire(conn);
        }
        self.announce(&view, why);
        view.covered() < topology::SLOT_COUNT
            || view.shards.iter().any(|s| !s.primary.healthy)
            || started.iter().any(|c| c.is_down())
    }

    /// Events for what changed since the last published view.
    fn announce(&self, view: &View, why: &str) {
        let mut published = self.published.lock();
        let previous = published.replace(view.clone());
        if previous.as_ref().is_some_and(|p| p.same_layout(view)) {
            return;
        }
        let replicas: usize = view.shards.iter().map(|s| s.replicas.len()).sum();
        let primaries = view.shards.iter().filter(|s| !s.ranges.is_empty()).count();
        self.events.emit(
            EventKind::TopologyChanged,
            "",
            &format!("{why}: {primaries} primaries serve {} slots, {replicas} replicas", view.covered()),
        );
        let Some(previous) = previous else { return };
        // One PrimaryChanged per (old primary, new primary) pair, with the
        // slot ranges that moved.
        let (before, after) = (previous.owners(), view.owners());
        type Ranges = Vec<(usize, usize)>;
        let mut moves: Vec<(String, String, Ranges)> = Vec::new();
        for slot in 0..topology::SLOT_COUNT {
            let (Some(from), Some(to)) = (before[slot], after[slot]) else { continue };
            if from == to {
                continue;
            }
            let (from, to) = (from.to_string(), to.to_string());
            match moves.iter_mut().find(|(f, t, _)| *f == from && *t == to) {
                Some((_, _, ranges)) => match ranges.last_mut() {
                    Some(last) if last.1 + 1 == slot => last.1 = slot,
                    _ => ranges.push((slot, slot)),
                },
                None => moves.push((from, to, vec![(slot, slot)])),
            }
        }
        for (from, to, ranges) in moves {
            let text: Vec<String> =
                ranges.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect();
            self.events.emit_move(EventKind::PrimaryChanged, &from, &to, &format!("slots {}", text.join(",")));
        }
    }

    /// Points one slot at `addr` at once (what a MOVED says).
    pub(super) fn apply_moved(&self, slot: u16, addr: &NodeAddress) {
        let mut pool = self.pool.lock();
        let current = self.topology.load_full();
        if current.shard(slot).is_some_and(|s| s.primary.addr == *addr) {
            return;
        }
        tracing::debug!(target: crate::logging::DEPLOYMENT, "MOVED: slot {slot} now served by {addr}");
        let node = match current.primary(addr) {
            Some(n) => n.clone(),
            None => {
                let conn = pool.get(addr, false);
                conn.start();
                Arc::new(Node { addr: addr.clone(), conn, healthy: true })
            }
        };
        self.topology.store(Arc::new(current.with_slot_moved(slot, node)));
    }

    /// The primary-style connection to `addr` (an ASK target may be a node
    /// the topology does not name yet).
    pub(super) fn primary_conn(&self, addr: &NodeAddress) -> NodeConnection {
        if let Some(node) = self.topology.load().primary(addr) {
            return node.conn.clone();
        }
        let conn = self.pool.lock().get(addr, false);
        conn.start();
        conn
    }
}

enum Answer {
    /// The node answered but is no cluster node (or refused the question).
    NotCluster(String),
    Failed(String),
    /// The handshake refused the configuration (ConfigError's message).
    Refused(String),
}

/// One node's view: CLUSTER SHARDS, or CLUSTER SLOTS where SHARDS is unknown.
async fn ask_view(
    conn: &NodeConnection,
    tls: bool,
    address_map: &std::collections::HashMap<NodeAddress, NodeAddress>,
    deadline: Instant,
) -> std::result::Result<View, Answer> {
    let ctx = ParseContext { answered_by: conn.address(), tls, address_map };
    let send = |sub: &'static str| async move {
        conn.send(&Cmd::new("CLUSTER").arg(sub), deadline, false).await.map_err(|e| match e.kind() {
            crate::ErrorKind::Config => Answer::Refused(e.message().to_string()),
            _ => Answer::Failed(e.message().to_string()),
        })
    };
    match send("SHARDS").await? {
        Value::ServerError(e) if is_unknown_command(&e) => match send("SLOTS").await? {
            Value::ServerError(e) => Err(Answer::NotCluster(String::from_utf8_lossy(&e).into_owned())),
            v => topology::parse_slots(&v, &ctx).map_err(Answer::Failed),
        },
        Value::ServerError(e) => Err(Answer::NotCluster(String::from_utf8_lossy(&e).into_owned())),
        v => topology::parse_shards(&v, &ctx).map_err(Answer::Failed),
    }
}

fn is_unknown_command(text: &[u8]) -> bool {
    let text = String::from_utf8_lossy(text).to_ascii_lowercase();
    text.contains("unknown subcommand") || text.contains("unknown command")
}
