//! Pub/sub: subscriptions as desired state, re-applied after reconnect,
//! topology change and failover.
//!
//! `Subscriptions` keeps the set of channels, patterns and shard channels the
//! user wants (the desired state) and where each one is placed now. Placement
//! asks the deployment (`Deployment::pubsub_node`): the primary for
//! standalone and Sentinel (so subscriptions follow a failover); in a
//! cluster, one serving primary for channels and patterns, and the primary
//! owning the slot for each shard channel. Each node in use gets one
//! subscriber connection (`worker`), separate from the command pipelines.
//!
//! Re-apply triggers:
//! - the subscriber connection reconnects (with the client's backoff): its
//!   worker subscribes its whole share again;
//! - the client's events (PrimaryChanged, TopologyChanged; Failover,
//!   Failback and ManualSwitch for a multi-endpoint deployment whose
//!   `pubsub_node` follows its active endpoint) and a periodic check (every
//!   `RECONCILE_EVERY`): any subscription whose node is no longer the one
//!   the deployment names is moved (subscribe on the new node, unsubscribe
//!   on the old; a worker left with nothing is closed);
//! - a `-MOVED` answer to SSUBSCRIBE or a `sunsubscribe` the server sends on
//!   its own (its slot left the node): the deployment is asked to refresh
//!   and the shard channel is placed again. A refresh made at that moment
//!   may still hear the old owner from nodes that have not learned of the
//!   change; while the deployment names the node that dropped the channel,
//!   every periodic check asks for another refresh (for up to 10 s).
//!
//! While a subscription moves, a message may be missed (published between
//! the old node dropping it and the new node confirming it) or, rarely,
//! delivered twice; pub/sub itself is at-most-once.
//!
//! On standalone and Sentinel deployments SSUBSCRIBE is sent to the primary
//! as is: Redis and Valkey 7+ accept it outside cluster mode (SPUBLISH there
//! reaches it); an older server's refusal comes back as a ResponseError.
//!
//! The state sits under one short lock that only pub/sub calls and placement
//! take, never the command path. `rebind` moves every subscription to
//! another deployment in one call (for multi-endpoint failover).

pub mod message;
mod worker;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::{oneshot, Notify};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use crate::config::{ConnectionConfig, NodeAddress};
use crate::deployment::Deployment;
use crate::error::{Error, ErrorKind, Result};
use crate::events::EventBus;
use crate::proto::EventKind;
pub use message::{MessageKind, MessageReceiver, PubSubMessage, RecvError};
use message::MessageSink;
use worker::{Op, Worker};

/// How often placement is checked even without an event.
pub const RECONCILE_EVERY: Duration = Duration::from_millis(500);

/// How long a node that dropped a shard channel is doubted while the
/// deployment still names it (see `State::doubted`).
const DOUBT_FOR: Duration = Duration::from_secs(10);

/// Messages buffered for consumers before the oldest are dropped.
pub const DEFAULT_MESSAGE_CAPACITY: usize = 4096;

/// The three kinds of subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// SUBSCRIBE
    Channel,
    /// PSUBSCRIBE
    Pattern,
    /// SSUBSCRIBE
    Shard,
}

impl Kind {
    pub(crate) fn subscribe_command(self) -> &'static str {
        match self {
            Kind::Channel => "SUBSCRIBE",
            Kind::Pattern => "PSUBSCRIBE",
            Kind::Shard => "SSUBSCRIBE",
        }
    }

    pub(crate) fn unsubscribe_command(self) -> &'static str {
        match self {
            Kind::Channel => "UNSUBSCRIBE",
            Kind::Pattern => "PUNSUBSCRIBE",
            Kind::Shard => "SUNSUBSCRIBE",
        }
    }
}

/// One subscription: its kind and channel or pattern.
pub(crate) type Sub = (Kind, Bytes);

struct State {
    deployment: Arc<dyn Deployment>,
    desired: HashSet<Sub>,
    placed: HashMap<Sub, NodeAddress>,
    workers: HashMap<NodeAddress, Worker>,
    /// Shard channels a node said it no longer serves (MOVED, or a
    /// `sunsubscribe` of its own), and since when. A topology refresh made
    /// right then may still get the old owner from nodes that have not heard
    /// of the change yet: while the deployment names that node, the
    /// placement check asks for another refresh (for up to `DOUBT_FOR`).
    doubted: HashMap<Sub, (NodeAddress, Instant)>,
}

pub(crate) struct Inner {
    state: Mutex<State>,
    config: Arc<ConnectionConfig>,
    sink: MessageSink,
    events: EventBus,
    nudge: Notify,
    started: AtomicBool,
    closed: AtomicBool,
    task: Mutex<Option<AbortHandle>>,
}

/// The client's subscriptions. Cheap to clone.
#[derive(Clone)]
pub struct Subscriptions {
    inner: Arc<Inner>,
}

impl Subscriptions {
    pub fn new(
        deployment: Arc<dyn Deployment>,
        config: Arc<ConnectionConfig>,
        events: EventBus,
        capacity: usize,
    ) -> Self {
        Subscriptions {
            inner: Arc::new(Inner {
                state: Mutex::new(State {
                    deployment,
                    desired: HashSet::new(),
                    placed: HashMap::new(),
                    workers: HashMap::new(),
                    doubted: HashMap::new(),
                }),
                config,
                sink: MessageSink::new(capacity),
                events,
                nudge: Notify::new(),
                started: AtomicBool::new(false),
                closed: AtomicBool::new(false),
                task: Mutex::new(None),
            }),
        }
    }

    /// A new consumer of messages (those arriving from now on).
    pub fn messages(&self) -> MessageReceiver {
        self.inner.sink.receiver()
    }

    /// Messages lost client-wide: consumers that fell behind, or nobody
    /// listening.
    pub fn dropped(&self) -> u64 {
        self.inner.sink.dropped()
    }

    /// What is subscribed (desired), sorted.
    pub fn desired(&self) -> Vec<(Kind, Bytes)> {
        let mut all: Vec<Sub> = self.inner.state.lock().desired.iter().cloned().collect();
        all.sort();
        all
    }

    /// Number of subscriber connections open or being opened.
    pub fn connections(&self) -> usize {
        self.inner.state.lock().workers.len()
    }

    /// Adds subscriptions and waits until every one is confirmed by its node,
    /// or the deadline. They stay desired (and are applied later) even when
    /// this returns an error other than a refusal by the server.
    pub async fn subscribe(&self, kind: Kind, names: Vec<Bytes>, deadline: Instant) -> Result<()> {
        if names.is_empty() {
            return Err(Error::config(format!(
                "{}: no channel or pattern given (at least one is needed)",
                kind.subscribe_command()
            )));
        }
        if names.iter().any(|n| n.is_empty()) {
            return Err(Error::config(format!("{}: an empty channel or pattern name was given", kind.subscribe_command())));
        }
        self.inner.check_open()?;
        self.inner.ensure_started();
        // A lazy client learns its nodes here (a no-op once connected).
        let deployment = self.inner.state.lock().deployment.clone();
        deployment.connect(deadline).await?;
        let subs: Vec<Sub> = names.into_iter().map(|n| (kind, n)).collect();
        let mut last_error = None;
        // A shard channel answered with MOVED is placed again after the
        // deployment refreshed; retried until the deadline.
        let mut pending = subs;
        let mut first = true;
        while !pending.is_empty() {
            let waits = self.inner.place(&pending, first);
            first = false;
            let mut retry = Vec::new();
            for (sub, wait) in waits {
                let outcome = match wait {
                    Placement::Waiting(rx) => match tokio::time::timeout_at(deadline, rx).await {
                        Ok(Ok(r)) => r,
                        Ok(Err(_)) => Err(Error::connection(format!(
                            "subscriber connection closed before {} was confirmed",
                            describe(&sub)
                        ))),
                        Err(_) => Err(Error::timeout(format!(
                            "{} was not confirmed before the request deadline (it stays subscribed and is applied when its node answers)",
                            describe(&sub)
                        ))),
                    },
                    Placement::NoNode => Err(Error::connection_unsent(format!(
                        "no node is known to serve {} yet",
                        describe(&sub)
                    ))),
                };
                match outcome {
                    Ok(()) => {}
                    Err(e) if matches!(e.kind(), ErrorKind::Cluster | ErrorKind::Connection) && Instant::now() < deadline => {
                        last_error = Some(e);
                        retry.push(sub);
                    }
                    Err(e) => return Err(e),
                }
            }
            if retry.is_empty() {
                return Ok(());
            }
            pending = retry;
            let pause = Instant::now() + Duration::from_millis(50);
            if pause >= deadline {
                break;
            }
            tokio::time::sleep_until(pause).await;
        }
        Err(last_error.unwrap_or_else(|| Error::timeout("subscription not confirmed before the request deadline")))
    }

    /// Removes subscriptions (none named: all of that kind) and waits until
    /// their nodes confirmed, or the deadline. They are no longer desired
    /// whatever the outcome.
    pub async fn unsubscribe(&self, kind: Kind, names: Vec<Bytes>, deadline: Instant) -> Result<()> {
        self.inner.check_open()?;
        let waits = {
            let mut state = self.inner.state.lock();
            let subs: Vec<Sub> = if names.is_empty() {
                state.desired.iter().filter(|s| s.0 == kind).cloned().collect()
            } else {
                names.into_iter().map(|n| (kind, n)).collect()
            };
            let mut waits = Vec::new();
            for sub in subs {
                state.desired.remove(&sub);
                if let Some(node) = state.placed.remove(&sub) {
                    if let Some(worker) = state.workers.get(&node) {
                        let (tx, rx) = oneshot::channel();
                        worker.send(Op::Unsubscribe(sub.clone(), Some(tx)));
                        waits.push((sub, rx));
                    }
                }
            }
            waits
        };
        // A node left with nothing to hold is closed at once: closing its
        // connection unsubscribes everything on it, so its waiters are done
        // (and a node that is down is not waited for).
        self.inner.close_idle_workers();
        for (sub, rx) in waits {
            match tokio::time::timeout_at(deadline, rx).await {
                // A closed or lost connection holds no subscription either.
                Ok(Ok(Err(e))) if e.kind() != ErrorKind::Connection => return Err(e),
                Ok(_) => {}
                Err(_) => {
                    return Err(Error::timeout(format!(
                        "unsubscribing {} was not confirmed before the request deadline (it is no longer wanted and will not be re-applied)",
                        describe(&sub)
                    )))
                }
            }
        }
        Ok(())
    }

    /// Moves every subscription to another deployment (multi-endpoint
    /// failover): the current subscriber connections close and the desired
    /// state is applied on the new deployment's nodes.
    pub fn rebind(&self, deployment: Arc<dyn Deployment>) {
        {
            let mut state = self.inner.state.lock();
            state.deployment = deployment;
            state.placed.clear();
            state.workers.clear();
        }
        self.inner.nudge.notify_one();
    }

    /// Closes every subscriber connection; later calls get ClosingError.
    pub fn close(&self) {
        self.inner.closed.store(true, Ordering::SeqCst);
        if let Some(task) = self.inner.task.lock().take() {
            task.abort();
        }
        let mut state = self.inner.state.lock();
        state.placed.clear();
        state.workers.clear();
    }
}

fn describe(sub: &Sub) -> String {
    format!("{} {:?}", sub.0.subscribe_command(), String::from_utf8_lossy(&sub.1))
}

enum Placement {
    Waiting(oneshot::Receiver<Result<()>>),
    NoNode,
}

impl Inner {
    fn check_open(&self) -> Result<()> {
        if self.closed.load(Ordering::SeqCst) {
            Err(Error::closing())
        } else {
            Ok(())
        }
    }

    /// Starts the placement task on first use.
    fn ensure_started(self: &Arc<Self>) {
        if self.started.swap(true, Ordering::SeqCst) {
            return;
        }
        let task = tokio::spawn(placement_loop(Arc::downgrade(self), self.events.subscribe())).abort_handle();
        *self.task.lock() = Some(task);
    }

    fn target(deployment: &dyn Deployment, sub: &Sub) -> Option<NodeAddress> {
        let shard_channel = (sub.0 == Kind::Shard).then_some(sub.1.as_ref());
        deployment.pubsub_node(shard_channel)
    }

    fn worker<'a>(self: &Arc<Self>, state: &'a mut State, node: &NodeAddress) -> &'a Worker {
        state.workers.entry(node.clone()).or_insert_with(|| {
            Worker::start(node.clone(), self.config.clone(), self.sink.clone(), Arc::downgrade(self))
        })
    }

    /// Makes these desired (`add`; otherwise a retry, which skips those
    /// unsubscribed meanwhile) and (re)sends their subscribe, each with a
    /// waiter.
    fn place(self: &Arc<Self>, subs: &[Sub], add: bool) -> Vec<(Sub, Placement)> {
        let mut state = self.state.lock();
        let deployment = state.deployment.clone();
        let mut out = Vec::with_capacity(subs.len());
        for sub in subs {
            if add {
                state.desired.insert(sub.clone());
            } else if !state.desired.contains(sub) {
                continue;
            }
            let Some(node) = Self::target(&*deployment, sub) else {
                out.push((sub.clone(), Placement::NoNode));
                continue;
            };
            if let Some(old) = state.placed.insert(sub.clone(), node.clone()) {
                if old != node {
                    if let Some(w) = state.workers.get(&old) {
                        w.send(Op::Unsubscribe(sub.clone(), None));
                    }
                }
            }
            let (tx, rx) = oneshot::channel();
            self.worker(&mut state, &node).send(Op::Subscribe(sub.clone(), Some(tx)));
            out.push((sub.clone(), Placement::Waiting(rx)));
        }
        drop(state);
        self.close_idle_workers();
        out
    }

    /// Moves every desired subscription whose node is not the one the
    /// deployment names now, and places those not placed yet.
    fn reconcile(self: &Arc<Self>) {
        if self.closed.load(Ordering::SeqCst) {
            return;
        }
        let mut state = self.state.lock();
        let deployment = state.deployment.clone();
        let State { doubted, desired, .. } = &mut *state;
        doubted.retain(|sub, (node, since)| {
            desired.contains(sub)
                && since.elapsed() < DOUBT_FOR
                && Self::target(&*deployment, sub).as_ref() == Some(node)
        });
        if !doubted.is_empty() {
            deployment.refresh_soon();
        }
        let desired: Vec<Sub> = state.desired.iter().cloned().collect();
        let mut moved = 0usize;
        for sub in desired {
            let Some(node) = Self::target(&*deployment, &sub) else { continue };
            let old = state.placed.get(&sub).cloned();
            if old.as_ref() == Some(&node) {
                continue;
            }
            self.worker(&mut state, &node).send(Op::Subscribe(sub.clone(), None));
            if let Some(old) = old {
                if let Some(w) = state.workers.get(&old) {
                    w.send(Op::Unsubscribe(sub.clone(), None));
                }
            }
            state.placed.insert(sub, node);
            moved += 1;
        }
        drop(state);
        if moved > 0 {
            self.close_idle_workers();
        }
    }

    fn close_idle_workers(&self) {
        let mut state = self.state.lock();
        let in_use: HashSet<NodeAddress> = state.placed.values().cloned().collect();
        state.workers.retain(|node, _| in_use.contains(node));
    }

    /// A node no longer holds `sub` (MOVED, or the server unsubscribed it
    /// when its slot left): forget where it was and place it again after the
    /// deployment refreshed.
    pub(crate) fn lost(&self, node: &NodeAddress, sub: Sub) {
        let mut state = self.state.lock();
        if state.placed.get(&sub) == Some(node) {
            state.placed.remove(&sub);
        }
        state.doubted.insert(sub, (node.clone(), Instant::now()));
        state.deployment.refresh_soon();
        drop(state);
        self.nudge.notify_one();
    }

    /// The server refused `sub` (not a redirect): it is not desired any more.
    pub(crate) fn refused(&self, node: &NodeAddress, sub: &Sub) {
        let mut state = self.state.lock();
        if state.placed.get(sub) == Some(node) {
            state.placed.remove(sub);
            state.desired.remove(sub);
        }
    }
}

/// Re-places subscriptions on events, on nudges and periodically. Ends when
/// the subscriptions are dropped.
async fn placement_loop(weak: Weak<Inner>, mut events: tokio::sync::broadcast::Receiver<crate::proto::Event>) {
    let mut tick = tokio::time::interval(RECONCILE_EVERY);
    loop {
        let Some(inner) = weak.upgrade() else { return };
        tokio::select! {
            _ = tick.tick() => {}
            _ = inner.nudge.notified() => {
                // Let a requested topology refresh land first.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            event = events.recv() => {
                match event {
                    Ok(e) if matches!(
                        EventKind::try_from(e.kind),
                        Ok(EventKind::PrimaryChanged
                            | EventKind::TopologyChanged
                            | EventKind::Failover
                            | EventKind::Failback
                            | EventKind::ManualSwitch)
                    ) => {}
                    Ok(_) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        }
        inner.reconcile();
    }
}

#[cfg(test)]
mod tests {
    use super::message::{MessageKind, MessageSink, PubSubMessage};

    fn m(i: usize) -> PubSubMessage {
        PubSubMessage { kind: MessageKind::Message, channel: "c".into(), pattern: None, payload: i.to_string().into() }
    }

    #[tokio::test]
    async fn a_slow_consumer_keeps_the_newest_and_counts_the_rest() {
        let sink = MessageSink::new(8);
        // Nobody listens yet: dropped and counted.
        sink.deliver(m(0));
        assert_eq!(sink.dropped(), 1);
        let mut rx = sink.receiver();
        for i in 1..=100 {
            sink.deliver(m(i));
        }
        let mut got = Vec::new();
        while let Some(x) = rx.try_recv() {
            got.push(x.payload);
        }
        assert_eq!(got.len(), 8);
        assert_eq!(got.first().map(|b| b.as_ref()), Some(&b"93"[..]));
        assert_eq!(got.last().map(|b| b.as_ref()), Some(&b"100"[..]));
        assert_eq!(rx.dropped(), 92);
        assert_eq!(sink.dropped(), 93);
    }
}
