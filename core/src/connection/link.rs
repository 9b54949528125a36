//! One link to a node, and the rhythm of reconnecting it. Every socket the
//! engine opens starts as a `Link`: transport (TCP, TLS), handshake and the
//! RESP read buffer, all within the connection timeout. The multiplexed
//! pipeline, dedicated connections, pub/sub subscribers, Sentinel event
//! listeners and health probes are built on it. Every loop that keeps such
//! a link alive waits between attempts with `Reconnect`; links that carry a
//! stream of their own (subscribers, Sentinel listeners) are kept alive by
//! `keep_alive`, the node's shared connection by its supervisor (which also
//! publishes its state to the request path).

use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::handshake::{self, HandshakeOptions, RawConn, ServerInfo};
use super::transport::{self, DirectSocket, Reader, Writer};
use crate::config::{Backoff, ConnectionConfig, NodeAddress};
use crate::error::{Error, Result};
use crate::protocol::{decode_limited, Protocol, Value};

/// An open, handshaken connection to one node.
pub struct Link {
    pub addr: NodeAddress,
    pub reader: Reader,
    pub writer: Writer,
    /// Writes and reads from any thread on a plain socket (see `DirectSocket`).
    pub direct: Option<DirectSocket>,
    /// Bytes read but not decoded yet (the handshake may leave some).
    pub buf: BytesMut,
    pub protocol: Protocol,
    pub info: ServerInfo,
    /// The largest reply this link buffers (`ConnectionConfig::max_reply_bytes`).
    pub max_reply_bytes: usize,
}

impl Link {
    /// Connects and runs the handshake, bounded by `connect_timeout`.
    pub async fn open(addr: &NodeAddress, config: &ConnectionConfig, options: HandshakeOptions) -> Result<Link> {
        let attempt = async {
            let transport::Opened { mut reader, mut writer, direct } = transport::open(addr, config).await?;
            let mut buf = BytesMut::with_capacity(16 * 1024);
            let (protocol, info) = {
                let mut raw = RawConn { reader: &mut reader, writer: &mut writer, buf: &mut buf, addr, max_reply_bytes: config.max_reply_bytes };
                handshake::run(&mut raw, config, options).await?
            };
            Ok(Link { addr: addr.clone(), reader, writer, direct, buf, protocol, info, max_reply_bytes: config.max_reply_bytes })
        };
        match tokio::time::timeout(config.connect_timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(Error::connection_unsent(format!(
                "connecting to {addr} timed out after {} ms (connection_timeout_ms)",
                config.connect_timeout.as_millis()
            ))),
        }
    }

    /// Writes all of `out`.
    pub async fn write_all(&mut self, out: &[u8]) -> Result<()> {
        self.writer.write_all(out).await.map_err(|e| Error::connection(format!("write to {} failed: {e}", self.addr)))
    }

    /// The next complete frame already read, if any.
    pub fn next_frame(&mut self) -> Result<Option<Value>> {
        decode_limited(self.protocol, &mut self.buf, self.max_reply_bytes).map_err(|e| e.context(&self.addr))
    }

    /// Reads more bytes into the buffer; an error when the peer closed.
    pub async fn read_more(&mut self) -> Result<()> {
        self.buf.reserve(4096);
        match self.reader.read_buf(&mut self.buf).await {
            Ok(0) => Err(Error::connection(format!("{} closed the connection", self.addr))),
            Ok(_) => Ok(()),
            Err(e) => Err(Error::connection(format!("read from {} failed: {e}", self.addr))),
        }
    }
}

/// What serving one link came to.
pub enum Served {
    /// The link died, or could not be opened: open another after a pause.
    Lost(Error),
    /// The link's owner is gone: stop for good.
    Stop,
}

/// The owner of a link that carries a stream of its own.
pub trait LinkStream {
    /// Serves one link (or learns why it could not be opened) until it ends.
    fn serve(&mut self, opened: Result<Link>) -> impl std::future::Future<Output = Served> + Send + '_;
}

/// Keeps one link alive for a stream of its own: opens it, hands it (or
/// why it could not be opened) to `stream` until that returns, pauses with
/// `backoff` (reset once a link lived long enough), and opens again, until
/// the stream says `Stop`.
pub async fn keep_alive(
    addr: &NodeAddress,
    config: &ConnectionConfig,
    options: HandshakeOptions,
    backoff: Backoff,
    mut stream: impl LinkStream,
) {
    let mut reconnect = Reconnect::new(backoff);
    loop {
        let started = tokio::time::Instant::now();
        let opened = Link::open(addr, config, options).await;
        let was_open = opened.is_ok();
        match stream.serve(opened).await {
            Served::Stop => return,
            Served::Lost(_) if was_open => reconnect.ended(started.elapsed()),
            Served::Lost(_) => reconnect.failed(),
        }
        reconnect.pause(addr).await;
    }
}

/// The pause between attempts of a loop that keeps one link alive:
/// exponential backoff with jitter, reset once a link has lived long enough
/// to count as a success.
pub struct Reconnect {
    backoff: Backoff,
    failures: u32,
}

/// A link that lived this long was a success: the next pause starts short.
const STABLE_LINK: Duration = Duration::from_secs(5);

impl Reconnect {
    pub fn new(backoff: Backoff) -> Self {
        Reconnect { backoff, failures: 0 }
    }

    /// An attempt to connect failed.
    pub fn failed(&mut self) {
        self.failures = self.failures.saturating_add(1);
    }

    /// A link was up and has ended after `lived`.
    pub fn ended(&mut self, lived: Duration) {
        self.failures = if lived >= STABLE_LINK { 0 } else { self.failures.saturating_add(1) };
    }

    /// A link came up: the next pause starts short.
    pub fn connected(&mut self) {
        self.failures = 0;
    }

    /// Waits before the next attempt to reach `addr` (a debug line says
    /// how long).
    pub async fn pause(&self, addr: &NodeAddress) {
        let delay = self.backoff.delay(self.failures);
        tracing::debug!(
            target: crate::logging::CONNECTION,
            "reconnecting to {addr} in {} ms (backoff after {} failed attempts)",
            delay.as_millis(),
            self.failures
        );
        tokio::time::sleep(delay).await;
    }
}
