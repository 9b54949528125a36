//! One node's connection, kept alive: a supervisor task connects (TCP, TLS,
//! handshake, all within the connection timeout), waits for the live pipeline
//! to die, then reconnects in the background with exponential backoff and
//! jitter, forever, until the client closes. The request path never waits for
//! a reconnect: while a node is down its requests fail fast with a
//! ConnectionError. With lazy connect nothing happens until the first request,
//! which waits for that first attempt within its deadline.

pub mod handshake;
pub mod pipeline;
pub mod tls;
pub mod transport;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;
use bytes::BytesMut;
use parking_lot::Mutex;
use tokio::sync::watch;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use crate::config::{ConnectionConfig, NodeAddress};
use crate::error::{Error, ErrorKind, Result};
use crate::events::EventBus;
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};
pub use handshake::{HandshakeOptions, ServerInfo};
pub use pipeline::{Heartbeat, Pipeline, PushHandler, ReplyReceiver};

enum State {
    /// Not started (lazy connect).
    Idle,
    /// First attempt under way.
    Connecting,
    Up(Arc<Pipeline>),
    /// Unreachable; the supervisor is retrying.
    Down(Error),
    Closed,
}

struct NodeInner {
    addr: NodeAddress,
    config: Arc<ConnectionConfig>,
    options: HandshakeOptions,
    state: ArcSwap<State>,
    changed: watch::Sender<u64>,
    started: AtomicBool,
    closed: AtomicBool,
    reconnect_attempts: AtomicU64,
    connects: AtomicU64,
    info: Mutex<Option<ServerInfo>>,
    events: EventBus,
    push: Option<PushHandler>,
    supervisor: Mutex<Option<AbortHandle>>,
}

/// A node and the connection the engine keeps to it.
#[derive(Clone)]
pub struct NodeConnection {
    inner: Arc<NodeInner>,
}

/// Counters of one node's connection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeStats {
    /// Reconnect attempts since the client started (successful or not).
    pub reconnect_attempts: u64,
    /// Successful connects, the first included.
    pub connects: u64,
    pub connected: bool,
}

impl NodeConnection {
    /// A node handle; nothing connects until `start` or the first request.
    pub fn new(
        addr: NodeAddress,
        config: Arc<ConnectionConfig>,
        options: HandshakeOptions,
        events: EventBus,
        push: Option<PushHandler>,
    ) -> Self {
        let (changed, _) = watch::channel(0);
        // A caching client's data connections hand invalidations to the cache.
        let push = push.or_else(|| config.tracking.as_ref().map(|t| t.handler.clone()));
        NodeConnection {
            inner: Arc::new(NodeInner {
                addr,
                config,
                options,
                state: ArcSwap::from_pointee(State::Idle),
                changed,
                started: AtomicBool::new(false),
                closed: AtomicBool::new(false),
                reconnect_attempts: AtomicU64::new(0),
                connects: AtomicU64::new(0),
                info: Mutex::new(None),
                events,
                push,
                supervisor: Mutex::new(None),
            }),
        }
    }

    pub fn address(&self) -> &NodeAddress {
        &self.inner.addr
    }

    /// What the node reported at its last handshake.
    pub fn server_info(&self) -> Option<ServerInfo> {
        self.inner.info.lock().clone()
    }

    pub fn stats(&self) -> NodeStats {
        NodeStats {
            reconnect_attempts: self.inner.reconnect_attempts.load(Ordering::Relaxed),
            connects: self.inner.connects.load(Ordering::Relaxed),
            connected: matches!(**self.inner.state.load(), State::Up(_)),
        }
    }

    pub fn is_connected(&self) -> bool {
        matches!(**self.inner.state.load(), State::Up(ref p) if !p.is_closed())
    }

    /// Whether the node was tried and is unreachable now (reconnecting in the
    /// background); false while not started or on its first attempt.
    pub fn is_down(&self) -> bool {
        matches!(**self.inner.state.load(), State::Down(_))
    }

    /// Starts the supervisor (idempotent). Must run on the engine runtime.
    pub fn start(&self) {
        if self.inner.closed.load(Ordering::SeqCst) || self.inner.started.swap(true, Ordering::SeqCst) {
            return;
        }
        self.inner.set_state(State::Connecting);
        let handle = tokio::spawn(supervise(self.inner.clone())).abort_handle();
        *self.inner.supervisor.lock() = Some(handle);
    }

    /// Starts if needed and waits until the first attempt has an outcome or
    /// the deadline passes. Returns that outcome.
    pub async fn wait_ready(&self, deadline: Instant) -> Result<()> {
        self.start();
        let mut rx = self.inner.changed.subscribe();
        loop {
            match &**self.inner.state.load() {
                State::Up(_) => return Ok(()),
                State::Down(e) => return Err(e.clone()),
                State::Closed => return Err(Error::closing()),
                State::Idle | State::Connecting => {}
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => return Err(Error::closing()),
                Err(_) => {
                    return Err(Error::timeout(format!(
                        "connecting to {} did not finish before the deadline",
                        self.inner.addr
                    )))
                }
            }
        }
    }

    /// The live pipeline, or why there is none. Lazy nodes are started.
    pub fn pipeline(&self) -> Result<Arc<Pipeline>> {
        match &**self.inner.state.load() {
            State::Up(p) => Ok(p.clone()),
            State::Down(e) => Err(Error::connection_unsent(format!(
                "{} is unreachable, reconnecting in the background (last error: {})",
                self.inner.addr,
                e.message()
            ))),
            State::Closed => Err(Error::closing()),
            State::Idle | State::Connecting => Err(Error::connection_unsent(format!(
                "{} is not connected yet",
                self.inner.addr
            ))),
        }
    }

    /// Sends one command and waits for its raw reply until `deadline`.
    /// Server errors come back as `Value::ServerError`.
    pub async fn send(&self, cmd: &Cmd, deadline: Instant, blocking: bool) -> Result<Value> {
        let pipeline = self.ready_pipeline(deadline).await?;
        let rx = pipeline.send(cmd, blocking)?;
        drop(pipeline);
        await_reply(&self.inner.addr, rx, deadline).await
    }

    /// Identity of this node handle (clones share it), for comparing nodes
    /// without cloning them.
    pub fn id(&self) -> usize {
        Arc::as_ptr(&self.inner) as usize
    }

    /// Enqueues on the live pipeline without waiting: `None` when the node is
    /// not connected (use `send_in_request` then). The receiver is bounded by
    /// the caller's request deadline.
    pub fn try_enqueue(&self, cmd: &Cmd, blocking: bool) -> Option<Result<ReplyReceiver>> {
        match &**self.inner.state.load() {
            State::Up(p) => Some(p.send(cmd, blocking)),
            _ => None,
        }
    }

    /// `send` for use inside a client request: the request's own deadline
    /// timer (see `engine::execute`) bounds the wait for the reply, so no
    /// second timer is armed here. Waiting for a first (lazy) connect is
    /// still bounded by `deadline`. Outside a client request use `send`.
    pub async fn send_in_request(&self, cmd: &Cmd, deadline: Instant, blocking: bool) -> Result<Value> {
        // Fast path: enqueue on the live pipeline through a borrowed guard,
        // without touching the pipeline's reference count.
        let rx = match self.try_enqueue(cmd, blocking) {
            Some(r) => r?,
            None => {
                let pipeline = self.ready_pipeline(deadline).await?;
                let rx = pipeline.send(cmd, blocking)?;
                drop(pipeline);
                rx
            }
        };
        match rx.await {
            Ok(reply) => reply,
            Err(_) => Err(Error::connection(format!("connection to {} was lost", self.inner.addr))),
        }
    }

    /// Sends commands back to back; the reply is an array of their replies.
    pub async fn send_many(&self, cmds: &[Cmd], deadline: Instant) -> Result<Value> {
        let pipeline = self.ready_pipeline(deadline).await?;
        let rx = pipeline.send_many(cmds, false)?;
        drop(pipeline);
        await_reply(&self.inner.addr, rx, deadline).await
    }

    async fn ready_pipeline(&self, deadline: Instant) -> Result<Arc<Pipeline>> {
        match self.pipeline() {
            Ok(p) => Ok(p),
            Err(e) if e.kind() == ErrorKind::Connection && self.is_starting() => {
                self.wait_ready(deadline).await?;
                self.pipeline()
            }
            Err(e) => Err(e),
        }
    }

    fn is_starting(&self) -> bool {
        matches!(**self.inner.state.load(), State::Idle | State::Connecting)
    }

    /// Closes the connection for good; waiting requests get ClosingError.
    pub fn close(&self) {
        self.inner.closed.store(true, Ordering::SeqCst);
        if let Some(handle) = self.inner.supervisor.lock().take() {
            handle.abort();
        }
        let previous = self.inner.state.swap(Arc::new(State::Closed));
        if let State::Up(p) = &*previous {
            p.close(Error::closing());
        }
        self.inner.changed.send_modify(|g| *g += 1);
    }
}

/// Waits for a reply until the deadline.
pub async fn await_reply(addr: &NodeAddress, rx: ReplyReceiver, deadline: Instant) -> Result<Value> {
    match tokio::time::timeout_at(deadline, rx).await {
        Ok(Ok(reply)) => reply,
        Ok(Err(_)) => Err(Error::connection(format!("connection to {addr} was lost"))),
        Err(_) => Err(Error::timeout(format!("no reply from {addr} before the request deadline"))),
    }
}

impl NodeInner {
    fn set_state(&self, state: State) {
        if self.closed.load(Ordering::SeqCst) {
            return;
        }
        self.state.store(Arc::new(state));
        self.changed.send_modify(|g| *g += 1);
    }

    /// One attempt: TCP, TLS, handshake, pipeline; bounded by the timeout.
    async fn connect_once(&self) -> Result<Arc<Pipeline>> {
        let attempt = async {
            let (mut reader, mut writer) = transport::open(&self.addr, &self.config).await?;
            let mut buf = BytesMut::with_capacity(16 * 1024);
            let (protocol, info) = {
                let mut raw =
                    handshake::RawConn { reader: &mut reader, writer: &mut writer, buf: &mut buf, addr: &self.addr };
                handshake::run(&mut raw, &self.config, self.options).await?
            };
            *self.info.lock() = Some(info);
            let heartbeat =
                Heartbeat { interval: self.config.heartbeat_interval, timeout: self.config.heartbeat_timeout };
            Ok(Arc::new(Pipeline::start(
                self.addr.clone(),
                protocol,
                reader,
                writer,
                buf,
                heartbeat,
                self.push.clone(),
            )))
        };
        match tokio::time::timeout(self.config.connect_timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(Error::connection_unsent(format!(
                "connecting to {} timed out after {} ms (connection_timeout_ms)",
                self.addr,
                self.config.connect_timeout.as_millis()
            ))),
        }
    }
}

async fn supervise(inner: Arc<NodeInner>) {
    let node = inner.addr.to_string();
    let mut failures: u32 = 0;
    let mut reconnecting = false;
    loop {
        if inner.closed.load(Ordering::SeqCst) {
            return;
        }
        if reconnecting {
            tokio::time::sleep(inner.config.backoff.delay(failures)).await;
            if inner.closed.load(Ordering::SeqCst) {
                return;
            }
            inner.reconnect_attempts.fetch_add(1, Ordering::Relaxed);
        }
        match inner.connect_once().await {
            Ok(pipeline) => {
                failures = 0;
                inner.connects.fetch_add(1, Ordering::Relaxed);
                inner.set_state(State::Up(pipeline.clone()));
                inner.events.emit(EventKind::NodeConnected, &node, "connected");
                let reason = pipeline.closed().await;
                drop(pipeline);
                if inner.closed.load(Ordering::SeqCst) {
                    return;
                }
                inner.events.emit(EventKind::NodeDisconnected, &node, reason.message());
                inner.set_state(State::Down(reason));
                reconnecting = true;
            }
            Err(e) => {
                if reconnecting {
                    failures = failures.saturating_add(1);
                }
                inner.events.emit(EventKind::NodeReconnectFailed, &node, e.message());
                inner.set_state(State::Down(e));
                reconnecting = true;
            }
        }
    }
}
