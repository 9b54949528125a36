//! Dedicated connections: per node, a small bounded pool of links that one
//! caller at a time leases, for everything that holds a connection or
//! changes its state: blocking commands (BLPOP, XREAD BLOCK, WAIT, ...) and
//! sessions (WATCH, MULTI, EXEC). The multiplexed pipeline every other
//! caller shares never sees them.
//!
//! Links are opened on demand, at most `dedicated_max` open per node (a
//! lease waits for one within its deadline), and closed after
//! `dedicated_idle` unused. They never track keys for the client-side cache
//! and never PING on their own (a PING inside a session's MULTI would join
//! its transaction).
//!
//! A lease that ends while its command is still on the server (the
//! caller's deadline passed, or the caller cancelled) unblocks it with
//! CLIENT UNBLOCK sent over the node's shared connection, then reads what
//! the server answered before the link is reused. A reply that carried
//! data anyway (an element popped just before the unblock) is reported as
//! an ORPHANED_REPLY event naming the command and its keys, never dropped
//! silently. A link in an unknown state is closed, never reused.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::link::Link;
use super::pipeline::{Heartbeat, Pipeline, ReplyReceiver};
use super::{HandshakeOptions, NodeConnection, NodeInner};
use crate::config::{ConnectionConfig, NodeAddress};
use crate::error::{Error, Result};
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};

/// How long the end of a lease waits for an unblocked command's answer.
const UNBLOCK_WAIT: Duration = Duration::from_secs(2);

/// One node's dedicated connections.
pub(crate) struct Pool {
    config: Arc<ConnectionConfig>,
    options: HandshakeOptions,
    /// One permit per connection open (leased, or being opened).
    slots: Arc<Semaphore>,
    idle: Mutex<Vec<(DedicatedLink, Instant)>>,
    reaper: Mutex<Option<AbortHandle>>,
    closed: AtomicBool,
}

struct DedicatedLink {
    pipeline: Pipeline,
    client_id: Option<i64>,
    /// The credentials version it authenticated with (see `credentials`):
    /// an idle link older than the current credentials is closed, not reused.
    credentials: u64,
}

impl Pool {
    pub(super) fn new(config: &Arc<ConnectionConfig>, options: HandshakeOptions) -> Pool {
        // Dedicated links track nothing: their reads are not cached.
        let config = match config.tracking {
            Some(_) => Arc::new(ConnectionConfig { tracking: None, ..(**config).clone() }),
            None => config.clone(),
        };
        Pool {
            slots: Arc::new(Semaphore::new(config.dedicated_max)),
            config,
            options: HandshakeOptions { client_id: true, ..options },
            idle: Mutex::new(Vec::new()),
            reaper: Mutex::new(None),
            closed: AtomicBool::new(false),
        }
    }

    pub(super) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.slots.close();
        self.idle.lock().clear();
        if let Some(reaper) = self.reaper.lock().take() {
            reaper.abort();
        }
    }

    fn put_back(&self, link: DedicatedLink) {
        if self.closed.load(Ordering::SeqCst) || link.pipeline.is_closed() {
            return;
        }
        self.idle.lock().push((link, Instant::now()));
    }

    fn take_idle(&self) -> Option<DedicatedLink> {
        let current = self.config.credentials_version();
        let mut stale = Vec::new();
        let found = {
            let mut idle = self.idle.lock();
            loop {
                match idle.pop() {
                    Some((link, _)) if !link.pipeline.is_closed() && link.credentials == current => break Some(link),
                    Some((link, _)) => stale.push(link),
                    None => break None,
                }
            }
        };
        drop(stale); // closes them, outside the lock
        found
    }

    async fn open(&self, addr: &NodeAddress) -> Result<DedicatedLink> {
        let credentials = self.config.credentials_version();
        let link = Link::open(addr, &self.config, self.options).await?;
        let client_id = link.info.client_id;
        let heartbeat =
            Heartbeat { interval: self.config.heartbeat_interval, timeout: self.config.heartbeat_timeout, ping_idle: false };
        Ok(DedicatedLink { pipeline: Pipeline::start(link, heartbeat, None), client_id, credentials })
    }

    /// Closes idle links past `dedicated_idle`, every so often, for as long
    /// as the node lives.
    fn start_reaper(&self, node: &Arc<NodeInner>) {
        let mut reaper = self.reaper.lock();
        if reaper.is_some() || self.closed.load(Ordering::SeqCst) {
            return;
        }
        let weak = Arc::downgrade(node);
        let idle_for = self.config.dedicated_idle;
        let every = (idle_for / 2).clamp(Duration::from_millis(100), Duration::from_secs(10));
        *reaper = Some(
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(every).await;
                    let Some(node) = weak.upgrade() else { return };
                    let expired: Vec<DedicatedLink> = {
                        let mut idle = node.dedicated.idle.lock();
                        let (old, keep): (Vec<_>, Vec<_>) =
                            std::mem::take(&mut *idle).into_iter().partition(|(_, since)| since.elapsed() >= idle_for);
                        *idle = keep;
                        old.into_iter().map(|(link, _)| link).collect()
                    };
                    drop(expired); // closes them, outside the lock
                }
            })
            .abort_handle(),
        );
    }
}

impl NodeConnection {
    /// Leases a dedicated connection to this node: an idle one, or a new
    /// one while fewer than `dedicated_max` are open; otherwise waits for
    /// one until `deadline`.
    pub async fn lease(&self, deadline: Instant) -> Result<Lease> {
        let node = &self.inner;
        let pool = &node.dedicated;
        if pool.closed.load(Ordering::SeqCst) {
            return Err(Error::closing());
        }
        let slot = match tokio::time::timeout_at(deadline, pool.slots.clone().acquire_owned()).await {
            Ok(Ok(slot)) => slot,
            Ok(Err(_)) => return Err(Error::closing()),
            Err(_) => {
                return Err(Error::timeout(format!(
                    "all {} dedicated connections to {} are in use (max_dedicated_connections); none was free before the deadline",
                    pool.config.dedicated_max, node.addr
                )))
            }
        };
        let link = match pool.take_idle() {
            Some(link) => link,
            None => match tokio::time::timeout_at(deadline, pool.open(&node.addr)).await {
                Ok(link) => {
                    pool.start_reaper(node);
                    link.map_err(|e| e.context("dedicated connection"))?
                }
                Err(_) => {
                    return Err(Error::timeout(format!(
                        "connecting a dedicated connection to {} did not finish before the deadline",
                        node.addr
                    )))
                }
            },
        };
        Ok(Lease { link: Some(link), slot: Some(slot), node: node.clone(), inflight: None, reusable: true })
    }
}

/// A dedicated connection held by one caller. Dropping it gives the
/// connection back (after unblocking a command still on the server), or
/// closes it when its state is unknown.
pub struct Lease {
    link: Option<DedicatedLink>,
    slot: Option<OwnedSemaphorePermit>,
    node: Arc<NodeInner>,
    /// A command sent whose reply has not been read.
    inflight: Option<Inflight>,
    reusable: bool,
}

struct Inflight {
    rx: ReplyReceiver,
    what: String,
}

impl Lease {
    pub fn address(&self) -> &NodeAddress {
        &self.node.addr
    }

    /// Whether the connection died (or was closed).
    pub fn is_broken(&self) -> bool {
        self.link.as_ref().is_none_or(|l| l.pipeline.is_closed())
    }

    /// The connection must not be reused: it is closed when the lease ends
    /// (a session left it in a state the engine cannot undo).
    pub fn discard(&mut self) {
        self.reusable = false;
    }

    /// Sends one command and waits for its reply until `deadline`. When the
    /// deadline passes first the command stays in flight: the lease's end
    /// unblocks it and reads its reply.
    pub async fn call(&mut self, cmd: &Cmd, deadline: Instant) -> Result<Value> {
        let what = describe(std::slice::from_ref(cmd));
        self.call_with(|p| p.send(cmd, true), what, deadline).await
    }

    /// Sends commands back to back; the reply is the array of their replies.
    pub async fn call_many(&mut self, cmds: &[Cmd], deadline: Instant) -> Result<Value> {
        self.call_with(|p| p.send_many(cmds, true), describe(cmds), deadline).await
    }

    async fn call_with(
        &mut self,
        send: impl FnOnce(&Pipeline) -> Result<ReplyReceiver>,
        what: String,
        deadline: Instant,
    ) -> Result<Value> {
        let addr = &self.node.addr;
        let Some(link) = &self.link else {
            return Err(Error::connection(format!("the dedicated connection to {addr} is gone")));
        };
        if self.inflight.is_some() {
            return Err(Error::connection(format!(
                "the dedicated connection to {addr} still waits for an earlier command's reply"
            )));
        }
        let inflight = self.inflight.insert(Inflight { rx: send(&link.pipeline)?, what });
        match tokio::time::timeout_at(deadline, &mut inflight.rx).await {
            Ok(reply) => {
                self.inflight = None;
                reply.unwrap_or_else(|_| Err(Error::connection(format!("the dedicated connection to {addr} was lost"))))
            }
            Err(_) => Err(Error::timeout(format!(
                "no reply from {addr} before the request deadline ({})",
                inflight.what
            ))),
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let (Some(link), Some(slot)) = (self.link.take(), self.slot.take()) else { return };
        match self.inflight.take() {
            None if self.reusable => self.node.dedicated.put_back(link),
            None => drop(link),
            // The engine's runtime even when the lease ends on another
            // thread (a caller's runtime would stop with its caller).
            Some(inflight) => match crate::runtime::handle() {
                Ok(handle) => {
                    handle.spawn(unblock(self.node.clone(), link, inflight, slot, self.reusable));
                }
                Err(_) => drop(link),
            },
        }
    }
}

/// Ends a command its caller gave up on: CLIENT UNBLOCK from the shared
/// connection, then its reply, reported if it carried data. The link is
/// reused only if the server answered; the pool slot is held until then.
async fn unblock(node: Arc<NodeInner>, link: DedicatedLink, mut inflight: Inflight, slot: OwnedSemaphorePermit, reusable: bool) {
    let deadline = Instant::now() + UNBLOCK_WAIT;
    if let Some(id) = link.client_id {
        let shared = NodeConnection { inner: node.clone() };
        let _ = shared.send(&Cmd::new("CLIENT").arg("UNBLOCK").arg(id.to_string()), deadline, false).await;
    }
    if let Ok(Ok(Ok(reply))) = tokio::time::timeout_at(deadline, &mut inflight.rx).await {
        if carries_data(&reply) {
            node.events.emit(
                EventKind::OrphanedReply,
                &node.addr.to_string(),
                &format!(
                    "{}: the server answered with data after the caller gave up (deadline or cancel); nobody received it",
                    inflight.what
                ),
            );
        }
        if reusable {
            node.dedicated.put_back(link);
        }
    }
    drop(slot);
}

/// Whether an unblocked command's reply holds something taken from the
/// server (an element, a stream entry), rather than "timed out" or a count.
fn carries_data(reply: &Value) -> bool {
    match reply {
        Value::Nil | Value::Integer(_) | Value::ServerError(_) | Value::SimpleString(_) => false,
        Value::Array(items) | Value::Set(items) => !items.is_empty(),
        Value::Map(items) => !items.is_empty(),
        Value::Attributed { value, .. } => carries_data(value),
        _ => true,
    }
}

/// The command and its first arguments, for errors and events.
fn describe(cmds: &[Cmd]) -> String {
    let parts: Vec<String> = cmds
        .iter()
        .take(3)
        .map(|c| {
            let words: Vec<String> = c.args().iter().take(4).map(|a| String::from_utf8_lossy(&a[..a.len().min(64)]).into_owned()).collect();
            let more = if c.args().len() > 4 { " ..." } else { "" };
            format!("{}{more}", words.join(" "))
        })
        .collect();
    let more = if cmds.len() > 3 { format!(" (+{} more)", cmds.len() - 3) } else { String::new() };
    format!("{}{more}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    #[test]
    fn only_replies_with_data_are_orphans() {
        assert!(!carries_data(&Value::Nil));
        assert!(!carries_data(&Value::Integer(1)));
        assert!(!carries_data(&Value::Array(vec![])));
        assert!(carries_data(&Value::Array(vec![Value::BulkString(Bytes::from_static(b"q"))])));
        assert!(carries_data(&Value::BulkString(Bytes::from_static(b"x"))));
    }

    #[test]
    fn descriptions_name_the_command_and_keys() {
        let d = describe(&[Cmd::new("BLPOP").arg("queue").arg("5")]);
        assert_eq!(d, "BLPOP queue 5");
    }
}
