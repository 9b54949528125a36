//! Opening a byte stream to a node: TCP with TCP_NODELAY, keepalive and
//! TCP_USER_TIMEOUT (so a silent peer is noticed by the kernel too), then TLS
//! when configured; or a unix domain socket (no TLS). Returns read and write
//! halves for the pipeline's tasks and, for a plain socket, a `DirectSocket`:
//! a second handle on the same socket that writes and reads from any thread
//! without the runtime (the pipeline's idle fast path).

use std::time::Duration;

use socket2::{SockRef, TcpKeepalive};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::config::{ConnectionConfig, NodeAddress};
use crate::error::{Error, Result};

pub type Reader = Box<dyn AsyncRead + Send + Unpin>;
pub type Writer = Box<dyn AsyncWrite + Send + Unpin>;

/// A non-blocking handle on a plain (not TLS) socket: a duplicate of its
/// descriptor, so a thread outside the runtime can hand bytes to the kernel,
/// and take the replies from it, without waking the connection's I/O task.
/// The socket closes when this and the runtime's halves are all dropped.
/// The runtime's readiness tracking stays right when another thread reads:
/// a read that finds nothing only makes the I/O task wait for the next
/// readiness event, which the kernel sends for every arrival.
pub struct DirectSocket(socket2::Socket);

impl DirectSocket {
    fn of(socket: SockRef<'_>) -> Option<DirectSocket> {
        // A failed dup only costs the fast path.
        socket.try_clone().ok().map(DirectSocket)
    }

    /// Reads what the socket holds now into `buf`'s spare room (`WouldBlock`
    /// when it holds nothing, `Ok(0)` at its end); never waits.
    pub fn try_read(&self, buf: &mut bytes::BytesMut) -> std::io::Result<usize> {
        let len = buf.len();
        let spare = buf.spare_capacity_mut();
        let room = spare.len();
        let n = self.0.recv(spare)?.min(room);
        // SAFETY: recv initialized the first `n` bytes of the spare room
        // (it never reports more than the slice it was given).
        unsafe { buf.set_len(len + n) };
        Ok(n)
    }

    /// Writes what the socket takes now (`WouldBlock` when it takes
    /// nothing); never waits. MSG_NOSIGNAL: a closed peer is an error, not
    /// a SIGPIPE.
    pub fn try_write(&self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.send(buf)
    }
}

/// An open byte stream: the pipeline's halves, and the direct handle of a
/// plain socket.
pub struct Opened {
    pub reader: Reader,
    pub writer: Writer,
    pub direct: Option<DirectSocket>,
}

/// Connects TCP (and TLS) to `addr`. The caller bounds the time taken.
pub async fn open(addr: &NodeAddress, config: &ConnectionConfig) -> Result<Opened> {
    if let Some(path) = addr.unix_path() {
        return open_unix(addr, path, config).await;
    }
    let tcp = TcpStream::connect((addr.host.as_str(), addr.port))
        .await
        .map_err(|e| Error::connection_unsent(format!("could not connect to {addr}: {e}")))?;
    configure_socket(&tcp, config).map_err(|e| Error::connection(format!("socket options for {addr}: {e}")))?;
    match &config.tls {
        None => {
            let direct = DirectSocket::of(SockRef::from(&tcp));
            let (r, w) = tcp.into_split();
            Ok(Opened { reader: Box::new(r), writer: Box::new(w), direct })
        }
        Some(tls) => {
            let stream = tls.connect(&addr.host, tcp).await.map_err(|e| e.context(addr))?;
            let (r, w) = tokio::io::split(stream);
            Ok(Opened { reader: Box::new(r), writer: Box::new(w), direct: None })
        }
    }
}

#[cfg(unix)]
async fn open_unix(addr: &NodeAddress, path: &str, config: &ConnectionConfig) -> Result<Opened> {
    if config.tls.is_some() {
        return Err(Error::config(format!("{addr}: TLS over a unix socket is not supported")));
    }
    let stream = tokio::net::UnixStream::connect(path)
        .await
        .map_err(|e| Error::connection_unsent(format!("could not connect to {addr}: {e}")))?;
    let direct = DirectSocket::of(SockRef::from(&stream));
    let (r, w) = stream.into_split();
    Ok(Opened { reader: Box::new(r), writer: Box::new(w), direct })
}

#[cfg(not(unix))]
async fn open_unix(addr: &NodeAddress, _path: &str, _config: &ConnectionConfig) -> Result<Opened> {
    Err(Error::config(format!("{addr}: unix sockets need a unix platform")))
}

fn configure_socket(tcp: &TcpStream, config: &ConnectionConfig) -> std::io::Result<()> {
    tcp.set_nodelay(true)?;
    let sock = SockRef::from(tcp);
    if let Some(idle) = config.tcp_keepalive {
        let interval = (idle / 3).max(Duration::from_secs(1));
        sock.set_tcp_keepalive(&TcpKeepalive::new().with_time(idle).with_interval(interval).with_retries(3))?;
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if let Some(timeout) = config.tcp_user_timeout {
        sock.set_tcp_user_timeout(Some(timeout))?;
    }
    Ok(())
}
