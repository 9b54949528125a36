//! Opening a byte stream to a node: TCP with TCP_NODELAY, keepalive and
//! TCP_USER_TIMEOUT (so a silent peer is noticed by the kernel too), then TLS
//! when configured; or a unix domain socket (no TLS). Returns read and write
//! halves for the pipeline's tasks.

use std::time::Duration;

use socket2::{SockRef, TcpKeepalive};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::config::{ConnectionConfig, NodeAddress};
use crate::error::{Error, Result};

pub type Reader = Box<dyn AsyncRead + Send + Unpin>;
pub type Writer = Box<dyn AsyncWrite + Send + Unpin>;

/// Connects TCP (and TLS) to `addr`. The caller bounds the time taken.
pub async fn open(addr: &NodeAddress, config: &ConnectionConfig) -> Result<(Reader, Writer)> {
    if let Some(path) = addr.unix_path() {
        return open_unix(addr, path, config).await;
    }
    let tcp = TcpStream::connect((addr.host.as_str(), addr.port))
        .await
        .map_err(|e| Error::connection_unsent(format!("could not connect to {addr}: {e}")))?;
    configure_socket(&tcp, config).map_err(|e| Error::connection(format!("socket options for {addr}: {e}")))?;
    match &config.tls {
        None => {
            let (r, w) = tcp.into_split();
            Ok((Box::new(r), Box::new(w)))
        }
        Some(tls) => {
            let stream = tls.connect(&addr.host, tcp).await.map_err(|e| e.context(addr))?;
            let (r, w) = tokio::io::split(stream);
            Ok((Box::new(r), Box::new(w)))
        }
    }
}

#[cfg(unix)]
async fn open_unix(addr: &NodeAddress, path: &str, config: &ConnectionConfig) -> Result<(Reader, Writer)> {
    if config.tls.is_some() {
        return Err(Error::config(format!("{addr}: TLS over a unix socket is not supported")));
    }
    let stream = tokio::net::UnixStream::connect(path)
        .await
        .map_err(|e| Error::connection_unsent(format!("could not connect to {addr}: {e}")))?;
    let (r, w) = stream.into_split();
    Ok((Box::new(r), Box::new(w)))
}

#[cfg(not(unix))]
async fn open_unix(addr: &NodeAddress, _path: &str, _config: &ConnectionConfig) -> Result<(Reader, Writer)> {
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
