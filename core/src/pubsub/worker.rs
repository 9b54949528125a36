//! One subscriber connection to one node, kept alive by its own task.
//!
//! It is a raw connection of its own (TCP/TLS + the usual handshake, never
//! SELECT: pub/sub ignores databases), separate from the command pipelines,
//! so neither RESP2 subscribe mode nor RESP3 push confirmations ever reach
//! command traffic. The task owns the set of subscriptions assigned to this
//! node; after every (re)connect it subscribes them all again, then applies
//! further changes as they come. It reconnects with the client's backoff,
//! forever, until its handle is dropped.
//!
//! Every command it writes names one channel or pattern, so each has exactly
//! one answer frame (a confirmation or an error), in order; PING too. Those
//! answers are matched to a FIFO of what was sent. Messages, and
//! `sunsubscribe` frames the server sends on its own when a slot leaves the
//! node, are out of band. A PING every `heartbeat` notices a dead or hung
//! node even when no messages flow (PING is allowed in subscribed mode in
//! both protocols).

use std::collections::{HashSet, VecDeque};
use std::sync::Weak;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::message::{MessageKind, MessageSink, PubSubMessage};
use super::{Inner, Kind, Sub};
use crate::config::{ConnectionConfig, NodeAddress};
use crate::connection::link::{keep_alive, Link, LinkStream, Served};
use crate::connection::HandshakeOptions;
use crate::error::{Error, ErrorKind, Result};
use crate::protocol::{decode, Cmd, Protocol, Value};

/// The answer to one subscribe or unsubscribe.
pub(crate) type Done = oneshot::Sender<Result<()>>;

pub(crate) enum Op {
    Subscribe(Sub, Option<Done>),
    Unsubscribe(Sub, Option<Done>),
}

/// The handle `Subscriptions` keeps; dropping it ends the task and closes
/// the connection (which drops every subscription on it server-side).
pub(crate) struct Worker {
    tx: mpsc::UnboundedSender<Op>,
    task: AbortHandle,
}

impl Worker {
    pub fn start(
        addr: NodeAddress,
        config: std::sync::Arc<ConnectionConfig>,
        sink: MessageSink,
        owner: Weak<Inner>,
    ) -> Worker {
        // Unbounded on purpose: each op is one change of desired state asked
        // by the user or by a re-placement, never server traffic.
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(addr, config, sink, owner, rx)).abort_handle();
        Worker { tx, task }
    }

    pub fn send(&self, op: Op) {
        // A failed send means the task ended; the op's `Done` is dropped,
        // which its waiter reads as "connection lost".
        let _ = self.tx.send(op);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What a sent command was, to match its answer.
enum Sent {
    Subscribe(Sub, Option<Done>),
    Unsubscribe(Sub, Option<Done>),
    Ping,
    /// Re-authentication with new credentials (RESP3 links only; a refusal
    /// leaves the link authenticated as it was until it reconnects).
    Auth(std::sync::Arc<crate::credentials::Credentials>),
}

async fn run(
    addr: NodeAddress,
    config: std::sync::Arc<ConnectionConfig>,
    sink: MessageSink,
    owner: Weak<Inner>,
    ops: mpsc::UnboundedReceiver<Op>,
) {
    let options = HandshakeOptions { skip_select: true, ..Default::default() };
    let backoff = config.backoff.clone();
    let subscriber = Subscriber { addr: addr.clone(), config: config.clone(), sink, owner, ops, assigned: HashSet::new() };
    keep_alive(&addr, &config, options, backoff, subscriber).await;
}

/// A subscriber connection's state across its links.
struct Subscriber {
    addr: NodeAddress,
    config: std::sync::Arc<ConnectionConfig>,
    sink: MessageSink,
    owner: Weak<Inner>,
    ops: mpsc::UnboundedReceiver<Op>,
    assigned: HashSet<Sub>,
}

impl LinkStream for Subscriber {
    fn serve(&mut self, opened: Result<Link>) -> impl std::future::Future<Output = Served> + Send + '_ {
        async move {
            let link = match opened {
                Ok(link) => link,
                Err(e) => return Served::Lost(e),
            };
            let s = self;
            match serve(&s.addr, &s.config, &s.sink, &s.owner, &mut s.ops, &mut s.assigned, link).await {
                // The handle was dropped: nothing more to do.
                Ended::Released => Served::Stop,
                Ended::Lost(reason) => {
                    if let Some(inner) = s.owner.upgrade() {
                        let why = format!("subscriber connection: {}", reason.message());
                        inner.events.emit(crate::proto::EventKind::NodeDisconnected, &s.addr.to_string(), &why);
                    }
                    Served::Lost(reason)
                }
            }
        }
    }
}

enum Ended {
    Released,
    Lost(Error),
}

fn command(sent: &Sent) -> Cmd {
    match sent {
        Sent::Subscribe((kind, name), _) => Cmd::new(kind.subscribe_command()).arg(name.clone()),
        Sent::Unsubscribe((kind, name), _) => Cmd::new(kind.unsubscribe_command()).arg(name.clone()),
        Sent::Ping => Cmd::new("PING"),
        Sent::Auth(credentials) => crate::credentials::auth_command(credentials),
    }
}

/// Runs one live connection until it dies or the handle is dropped.
async fn serve(
    addr: &NodeAddress,
    config: &ConnectionConfig,
    sink: &MessageSink,
    owner: &Weak<Inner>,
    ops: &mut mpsc::UnboundedReceiver<Op>,
    assigned: &mut HashSet<Sub>,
    mut link: Link,
) -> Ended {
    let mut fifo: VecDeque<Sent> = VecDeque::new();
    let mut out = BytesMut::new();
    // Re-apply this node's share of the desired state.
    if !assigned.is_empty() {
        tracing::info!(target: crate::logging::PUBSUB, "re-subscribing {} channels and patterns on {addr}", assigned.len());
    }
    for sub in assigned.iter() {
        let sent = Sent::Subscribe(sub.clone(), None);
        command(&sent).encode(&mut out);
        fifo.push_back(sent);
    }
    let interval = config.heartbeat_interval.unwrap_or(Duration::from_secs(1));
    let silence = interval + config.heartbeat_timeout;
    let mut ping = tokio::time::interval_at(Instant::now() + interval, interval);
    let mut last_read = Instant::now();
    // A RESP2 connection in subscribed state cannot run AUTH.
    let mut credentials = match (&config.credentials, link.protocol) {
        (Some(live), Protocol::Resp3) => Some((live.clone(), live.subscribe())),
        _ => None,
    };
    loop {
        if !out.is_empty() {
            // Bounded like a silent read: a peer that stopped reading must
            // not hold the task (and its heartbeat) forever.
            match tokio::time::timeout(silence, link.writer.write_all(&out)).await {
                Ok(Ok(())) => out.clear(),
                Ok(Err(e)) => {
                    return lost(fifo, Error::connection(format!("subscriber connection to {addr}: write failed: {e}")))
                }
                Err(_) => {
                    return lost(fifo, Error::connection(format!(
                        "{addr} took no data on the subscriber connection for {} ms",
                        silence.as_millis()
                    )))
                }
            }
        }
        loop {
            let frame = match decode(link.protocol, &mut link.buf) {
                Ok(Some(frame)) => frame,
                Ok(None) => break,
                Err(e) => return lost(fifo, e.context(format!("subscriber connection to {addr}"))),
            };
            on_frame(addr, frame, &mut fifo, assigned, sink, owner);
        }
        link.buf.reserve(4096);
        tokio::select! {
            read = link.reader.read_buf(&mut link.buf) => match read {
                Ok(0) => return lost(fifo, Error::connection(format!("{addr} closed the subscriber connection"))),
                Ok(_) => last_read = Instant::now(),
                Err(e) => return lost(fifo, Error::connection(format!("subscriber connection to {addr}: {e}"))),
            },
            op = ops.recv() => {
                let Some(op) = op else { return Ended::Released };
                let sent = match op {
                    Op::Subscribe(sub, done) => {
                        assigned.insert(sub.clone());
                        Sent::Subscribe(sub, done)
                    }
                    Op::Unsubscribe(sub, done) => {
                        assigned.remove(&sub);
                        Sent::Unsubscribe(sub, done)
                    }
                };
                command(&sent).encode(&mut out);
                fifo.push_back(sent);
            }
            Some(fresh) = credentials_changed(&mut credentials) => {
                let sent = Sent::Auth(fresh);
                command(&sent).encode(&mut out);
                fifo.push_back(sent);
            }
            _ = ping.tick() => {
                if last_read.elapsed() > silence {
                    return lost(fifo, Error::connection(format!(
                        "{addr} did not answer the subscriber connection's PING within {} ms", silence.as_millis()
                    )));
                }
                command(&Sent::Ping).encode(&mut out);
                fifo.push_back(Sent::Ping);
            }
        }
    }
}

/// The newest credentials once they change (never, without a provider).
async fn credentials_changed(
    credentials: &mut Option<(std::sync::Arc<crate::credentials::LiveCredentials>, tokio::sync::watch::Receiver<u64>)>,
) -> Option<std::sync::Arc<crate::credentials::Credentials>> {
    match credentials {
        Some((live, changes)) => match changes.changed().await {
            Ok(()) => Some(live.current()),
            Err(_) => std::future::pending().await,
        },
        None => std::future::pending().await,
    }
}

/// The connection died: waiters learn why; the subscriptions stay assigned
/// and are re-applied on the next connection.
fn lost(fifo: VecDeque<Sent>, reason: Error) -> Ended {
    for sent in fifo {
        if let Sent::Subscribe(_, Some(done)) | Sent::Unsubscribe(_, Some(done)) = sent {
            let _ = done.send(Err(reason.clone()));
        }
    }
    Ended::Lost(reason)
}

fn text(v: &Value) -> Option<&[u8]> {
    v.as_bytes()
}

fn on_frame(
    addr: &NodeAddress,
    frame: Value,
    fifo: &mut VecDeque<Sent>,
    assigned: &mut HashSet<Sub>,
    sink: &MessageSink,
    owner: &Weak<Inner>,
) {
    if let Value::ServerError(e) = &frame {
        let message = String::from_utf8_lossy(e).into_owned();
        answer(addr, fifo, assigned, owner, Err(message));
        return;
    }
    let parts = frame.as_slice().unwrap_or(&[]);
    let head = parts.first().and_then(text).map(|h| h.to_ascii_lowercase());
    match (head.as_deref(), parts) {
        (Some(b"message"), [_, channel, payload]) => deliver(sink, MessageKind::Message, channel, None, payload),
        (Some(b"smessage"), [_, channel, payload]) => deliver(sink, MessageKind::SMessage, channel, None, payload),
        (Some(b"pmessage"), [_, pattern, channel, payload]) => {
            deliver(sink, MessageKind::PMessage, channel, Some(pattern), payload)
        }
        (Some(b"sunsubscribe"), [_, channel, ..]) => {
            let ours = matches!(fifo.front(), Some(Sent::Unsubscribe((Kind::Shard, name), _))
                if Some(name.as_ref()) == text(channel));
            if ours {
                answer(addr, fifo, assigned, owner, Ok(()));
            } else if let Some(name) = text(channel) {
                // The server dropped it: the slot left this node.
                let sub = (Kind::Shard, Bytes::copy_from_slice(name));
                assigned.remove(&sub);
                if let Some(inner) = owner.upgrade() {
                    inner.lost(addr, sub);
                }
            }
        }
        // Other pushes (client-side caching invalidations, ...) are not ours.
        _ if matches!(frame, Value::Push(_))
            && !matches!(head.as_deref(), Some(b"subscribe" | b"psubscribe" | b"ssubscribe" | b"unsubscribe" | b"punsubscribe")) => {}
        // A confirmation, or a PONG in either protocol's form.
        _ => answer(addr, fifo, assigned, owner, Ok(())),
    }
}

fn deliver(sink: &MessageSink, kind: MessageKind, channel: &Value, pattern: Option<&Value>, payload: &Value) {
    let bytes = |v: &Value| v.as_bytes().map(Bytes::copy_from_slice).unwrap_or_default();
    sink.deliver(PubSubMessage {
        kind,
        channel: bytes(channel),
        pattern: pattern.map(bytes),
        payload: bytes(payload),
    });
}

/// Completes the oldest sent command with the answer that just arrived.
fn answer(
    addr: &NodeAddress,
    fifo: &mut VecDeque<Sent>,
    assigned: &mut HashSet<Sub>,
    owner: &Weak<Inner>,
    outcome: std::result::Result<(), String>,
) {
    let Some(sent) = fifo.pop_front() else { return };
    match (sent, outcome) {
        (Sent::Ping | Sent::Auth(_), _) => {}
        (Sent::Subscribe(_, done) | Sent::Unsubscribe(_, done), Ok(())) => {
            if let Some(done) = done {
                let _ = done.send(Ok(()));
            }
        }
        (Sent::Unsubscribe(_, done), Err(message)) => {
            if let Some(done) = done {
                let _ = done.send(Err(Error::response(format!("{message} (unsubscribing on {addr})"))));
            }
        }
        (Sent::Subscribe(sub, done), Err(message)) => {
            assigned.remove(&sub);
            let error = if message.starts_with("MOVED") || message.starts_with("ASK") {
                // The slot lives elsewhere: re-place it once the topology is
                // re-learned.
                if let Some(inner) = owner.upgrade() {
                    inner.lost(addr, sub.clone());
                }
                Error::new(
                    ErrorKind::Cluster,
                    format!("{} {:?} on {addr}: {message}", sub.0.subscribe_command(), String::from_utf8_lossy(&sub.1)),
                )
            } else {
                if let Some(inner) = owner.upgrade() {
                    inner.refused(addr, &sub);
                }
                Error::response(format!(
                    "{} {:?} refused by {addr}: {message}",
                    sub.0.subscribe_command(),
                    String::from_utf8_lossy(&sub.1)
                ))
            };
            if let Some(done) = done {
                let _ = done.send(Err(error));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(s: &str) -> Value {
        Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
    }

    #[test]
    fn frames_are_messages_answers_or_server_unsubscribes() {
        let addr = NodeAddress::new("127.0.0.1", 1);
        let sink = MessageSink::new(16);
        let mut rx = sink.receiver();
        let owner = Weak::new();
        let shard: Sub = (Kind::Shard, Bytes::from_static(b"s"));
        let mut assigned: HashSet<Sub> = [shard.clone()].into_iter().collect();
        let (tx, mut done) = oneshot::channel();
        let mut fifo: VecDeque<Sent> =
            [Sent::Subscribe((Kind::Channel, Bytes::from_static(b"c")), Some(tx)), Sent::Ping].into_iter().collect();

        // RESP3 push confirmation answers the subscribe.
        let confirm = Value::Push(vec![bulk("subscribe"), bulk("c"), Value::Integer(1)]);
        on_frame(&addr, confirm, &mut fifo, &mut assigned, &sink, &owner);
        assert!(matches!(done.try_recv(), Ok(Ok(()))));
        // A message in RESP2 form is out of band: the PING is still waiting.
        let pm = Value::Array(vec![bulk("pmessage"), bulk("p*"), bulk("px"), bulk("hi")]);
        on_frame(&addr, pm, &mut fifo, &mut assigned, &sink, &owner);
        assert_eq!(fifo.len(), 1);
        let got = rx.try_recv().expect("delivered");
        assert_eq!((got.kind, got.pattern.as_deref()), (MessageKind::PMessage, Some(&b"p*"[..])));
        // RESP2 subscribed-mode PONG answers the PING.
        on_frame(&addr, Value::Array(vec![bulk("pong"), bulk("")]), &mut fifo, &mut assigned, &sink, &owner);
        assert!(fifo.is_empty());
        // A sunsubscribe nobody asked for: the slot left; the channel is no
        // longer held here.
        let gone = Value::Push(vec![bulk("sunsubscribe"), bulk("s"), Value::Integer(0)]);
        on_frame(&addr, gone, &mut fifo, &mut assigned, &sink, &owner);
        assert!(!assigned.contains(&shard));
    }
}
