//! One node's connections. The shared, multiplexed one is kept alive by a
//! supervisor task: it connects (a `Link`: TCP, TLS, handshake, all within
//! the connection timeout), waits for the live pipeline to die, then
//! reconnects in the background with exponential backoff and jitter,
//! forever, until the client closes; its states are `State`'s, changed only
//! under one lock so a closed node never keeps a live socket. The request
//! path never waits for a reconnect: while a node is down its requests fail
//! fast with a ConnectionError. With lazy connect nothing happens until the
//! first request, which waits for that first attempt within its deadline.
//! Blocking commands never use the shared connection: they lease one of the
//! node's dedicated connections (`dedicated`), as sessions do.

pub mod dedicated;
pub mod handshake;
pub mod link;
pub mod pipeline;
pub mod tls;
pub mod transport;

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;
use parking_lot::Mutex;
use tokio::sync::watch;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use crate::config::{ConnectionConfig, NodeAddress};
use crate::error::{Error, ErrorKind, Result};
use crate::events::EventBus;
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};
pub use dedicated::Lease;
pub use handshake::{HandshakeOptions, ServerInfo};
use link::{Link, Reconnect};
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
    /// Held while the state changes, so `close` and the supervisor never
    /// interleave a check and a store.
    transition: Mutex<()>,
    changed: watch::Sender<u64>,
    started: AtomicBool,
    closed: AtomicBool,
    reconnect_attempts: AtomicU64,
    connects: AtomicU64,
    info: Mutex<Option<ServerInfo>>,
    events: EventBus,
    push: Option<PushHandler>,
    supervisor: Mutex<Option<AbortHandle>>,
    dedicated: dedicated::Pool,
    /// Cuts the supervisor's backoff short: requests are parked on this node.
    hurry: tokio::sync::Notify,
    /// Requests that found the node still connecting take their turn here
    /// (a fair lock: in the order they came) to send once it is up, so they
    /// reach it in that order; `waiting` counts them, and while any waits a
    /// later request queues behind them instead of sending at once.
    turn: tokio::sync::Mutex<()>,
    waiting: AtomicUsize,
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
                dedicated: dedicated::Pool::new(&config, options),
                addr,
                config,
                options,
                state: ArcSwap::from_pointee(State::Idle),
                transition: Mutex::new(()),
                hurry: tokio::sync::Notify::new(),
                turn: tokio::sync::Mutex::new(()),
                waiting: AtomicUsize::new(0),
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
                Err(_) => return Err(self.connect_deadline_passed()),
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
    /// A blocking command runs on a dedicated connection.
    pub async fn send(&self, cmd: &Cmd, deadline: Instant, blocking: bool) -> Result<Value> {
        if blocking {
            return self.lease(deadline).await?.call(cmd, deadline).await;
        }
        let rx = self.send_when_ready(deadline, |pipeline| pipeline.send(cmd, blocking)).await?;
        await_reply(&self.inner.addr, rx, deadline).await
    }

    /// Whether the node was closed for good (its client or deployment
    /// closed it).
    pub fn is_closed(&self) -> bool {
        self.inner.closed.load(Ordering::SeqCst)
    }

    /// Requests wait for this node: try to reconnect soon (within about
    /// 100 ms) rather than after the rest of a backoff that may have grown
    /// to seconds. Cheap to call often.
    pub fn hurry_reconnect(&self) {
        self.inner.hurry.notify_one();
    }

    /// Bumped on every state change (connected, down, closed).
    pub fn state_changes(&self) -> watch::Receiver<u64> {
        self.inner.changed.subscribe()
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
        if blocking {
            return None; // a dedicated connection: see `send_in_request`
        }
        if self.inner.waiting.load(Ordering::Acquire) != 0 {
            return None; // behind the requests waiting for the first connect
        }
        match &**self.inner.state.load() {
            State::Up(p) => {
                crate::telemetry::notes::attempt(self);
                Some(p.send(cmd, blocking))
            }
            _ => None,
        }
    }

    /// `send` for use inside a client request: the request's own deadline
    /// timer (see `engine::execute`) bounds the wait for the reply, so no
    /// second timer is armed here. Waiting for a first (lazy) connect is
    /// still bounded by `deadline`. Outside a client request use `send`.
    pub async fn send_in_request(&self, cmd: &Cmd, deadline: Instant, blocking: bool) -> Result<Value> {
        if blocking {
            crate::telemetry::notes::attempt(self);
            return self.lease(deadline).await?.call(cmd, deadline).await;
        }
        // Fast path: enqueue on the live pipeline through a borrowed guard,
        // without touching the pipeline's reference count.
        let rx = match self.try_enqueue(cmd, blocking) {
            Some(r) => r?,
            None => {
                self.send_when_ready(deadline, |pipeline| {
                    crate::telemetry::notes::attempt(self);
                    pipeline.send(cmd, blocking)
                })
                .await?
            }
        };
        match rx.await {
            Ok(reply) => reply,
            Err(_) => Err(Error::connection(format!("connection to {} was lost", self.inner.addr))),
        }
    }

    /// Sends commands back to back; the reply is an array of their replies.
    /// A batch that holds a blocking command outside MULTI runs on a
    /// dedicated connection, as the command alone would.
    pub async fn send_many(&self, cmds: &[Cmd], deadline: Instant) -> Result<Value> {
        crate::telemetry::notes::attempt(self);
        let in_multi = cmds.first().is_some_and(|c| c.args()[0].eq_ignore_ascii_case(b"MULTI"));
        if !in_multi && cmds.iter().any(|c| crate::command_table::may_block(c.args())) {
            return self.lease(deadline).await?.call_many(cmds, deadline).await;
        }
        let rx = self.send_when_ready(deadline, |pipeline| pipeline.send_many(cmds, false)).await?;
        await_reply(&self.inner.addr, rx, deadline).await
    }

    /// Runs `send` on the live pipeline, waiting for the node's first
    /// connect if it is still connecting. Requests that wait resume in the
    /// order they came, each sending before the next resumes (`turn`), and
    /// while any waits a later one waits behind it: a caller's `SET k v`
    /// then `GET k` reach a node that was connecting in that order.
    async fn send_when_ready<R>(&self, deadline: Instant, send: impl FnOnce(&Pipeline) -> Result<R>) -> Result<R> {
        if self.inner.waiting.load(Ordering::Acquire) == 0 {
            match self.pipeline() {
                Ok(p) => return send(&p),
                Err(e) if !(e.kind() == ErrorKind::Connection && self.is_starting()) => return Err(e),
                Err(_) => {}
            }
        }
        struct Waiting<'a>(&'a AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        self.inner.waiting.fetch_add(1, Ordering::AcqRel);
        let _waiting = Waiting(&self.inner.waiting);
        let Ok(_turn) = tokio::time::timeout_at(deadline, self.inner.turn.lock()).await else {
            return Err(self.connect_deadline_passed());
        };
        if self.is_starting() {
            self.wait_ready(deadline).await?;
        }
        send(&*self.pipeline()?)
    }

    fn connect_deadline_passed(&self) -> Error {
        Error::timeout(format!("connecting to {} did not finish before the deadline", self.inner.addr))
    }

    fn is_starting(&self) -> bool {
        matches!(**self.inner.state.load(), State::Idle | State::Connecting)
    }

    /// Closes the connection for good; waiting requests get ClosingError.
    pub fn close(&self) {
        let transition = self.inner.transition.lock();
        self.inner.closed.store(true, Ordering::SeqCst);
        if let Some(handle) = self.inner.supervisor.lock().take() {
            handle.abort();
        }
        self.inner.dedicated.close();
        let previous = self.inner.state.swap(Arc::new(State::Closed));
        drop(transition);
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
    /// Moves to `state` unless the node was closed; a pipeline refused that
    /// way is closed at once, so no live socket outlives its node.
    fn set_state(&self, state: State) -> bool {
        {
            let _transition = self.transition.lock();
            if !self.closed.load(Ordering::SeqCst) {
                self.state.store(Arc::new(state));
                drop(_transition);
                self.changed.send_modify(|g| *g += 1);
                return true;
            }
        }
        if let State::Up(p) = state {
            p.close(Error::closing());
        }
        false
    }

    /// One attempt: a link (TCP, TLS, handshake within the connection
    /// timeout), then its pipeline.
    async fn connect_once(&self) -> Result<Arc<Pipeline>> {
        let link = Link::open(&self.addr, &self.config, self.options).await?;
        *self.info.lock() = Some(link.info.clone());
        let heartbeat = Heartbeat {
            interval: self.config.heartbeat_interval,
            timeout: self.config.heartbeat_timeout,
            ping_idle: true,
        };
        Ok(Arc::new(Pipeline::start(link, heartbeat, self.push.clone())))
    }
}

/// The shortest gap between reconnect attempts while requests wait.
const HURRIED_GAP: std::time::Duration = std::time::Duration::from_millis(100);

async fn supervise(inner: Arc<NodeInner>) {
    let node = inner.addr.to_string();
    let mut reconnect = Reconnect::new(inner.config.backoff.clone());
    let mut reconnecting = false;
    loop {
        if inner.closed.load(Ordering::SeqCst) {
            return;
        }
        if reconnecting {
            // Parked requests cut a long backoff short, to one attempt per
            // 100-150 ms while they wait.
            let hurried = async {
                inner.hurry.notified().await;
                tokio::time::sleep(HURRIED_GAP + std::time::Duration::from_millis(rand::random_range(0..50))).await;
            };
            tokio::select! {
                _ = reconnect.pause(&inner.addr) => {}
                _ = hurried => {}
            }
            if inner.closed.load(Ordering::SeqCst) {
                return;
            }
            inner.reconnect_attempts.fetch_add(1, Ordering::Relaxed);
        }
        let opened_with = inner.config.credentials_version();
        match inner.connect_once().await {
            Ok(pipeline) => {
                reconnect.connected();
                inner.connects.fetch_add(1, Ordering::Relaxed);
                if !inner.set_state(State::Up(pipeline.clone())) {
                    return;
                }
                if reconnecting && inner.events.logged() {
                    tracing::info!(target: crate::logging::CONNECTION, "reconnected to {node}");
                }
                inner.events.emit(EventKind::NodeConnected, &node, "connected");
                let reason = serve(&inner, &pipeline, opened_with).await;
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
                    reconnect.failed();
                }

                inner.events.emit(EventKind::NodeReconnectFailed, &node, e.message());
                inner.set_state(State::Down(e));
                reconnecting = true;
            }
        }
    }
}

/// Waits until the node's shared connection dies; meanwhile, when the
/// credentials change (see `credentials`), sends AUTH with the new ones in
/// line with the other requests. A refused AUTH closes the connection: the
/// supervisor reconnects through the normal handshake.
async fn serve(inner: &NodeInner, pipeline: &Arc<Pipeline>, opened_with: u64) -> Error {
    let Some(live) = inner.config.credentials.clone() else {
        return pipeline.closed().await;
    };
    let mut changes = live.subscribe();
    let mut authenticated = opened_with;
    loop {
        let now = *changes.borrow_and_update();
        if now != authenticated {
            authenticated = now;
            let auth = crate::credentials::auth_command(&live.current());
            let deadline = Instant::now() + inner.config.connect_timeout;
            let outcome = match pipeline.send(&auth, false) {
                Ok(rx) => await_reply(&inner.addr, rx, deadline).await.and_then(Value::into_result),
                Err(e) => Err(e),
            };
            if let Err(e) = outcome {
                // The message names the server's refusal, never the secret.
                pipeline.close(Error::connection(format!(
                    "re-authentication with new credentials failed on {}: {}",
                    inner.addr,
                    e.message()
                )));
            }
        }
        tokio::select! {
            reason = pipeline.closed() => return reason,
            changed = changes.changed() => {
                if changed.is_err() {
                    return pipeline.closed().await;
                }
            }
        }
    }
}
