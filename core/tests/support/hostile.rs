//! A fake server that misbehaves on purpose: a tokio TCP listener on
//! 127.0.0.1 that answers the handshake as a RESP3 server would (HELLO 3 as a
//! map, CLIENT / SELECT / READONLY with OK, PING with PONG, ROLE as a
//! primary), then answers
//! every command with what a script says: nested replies, lying lengths,
//! replies that never end, one byte per packet, push floods, replies nobody
//! asked for, redirects, broken cluster topologies. Every connection runs
//! until the client closes it or the server is dropped.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use haven_core::protocol::{decode, Protocol};
use haven_core::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// What the server does with one command.
pub enum Act {
    /// What a well-behaved server says to the handshake's commands and PING
    /// (`-ERR unknown command` to anything else).
    Default,
    /// These bytes, in one write.
    Reply(Vec<u8>),
    /// These bytes, one byte per write, with a pause between writes.
    Trickle(Vec<u8>, Duration),
    /// These bytes, then `filler` without end, a chunk every `every`.
    Endless { head: Vec<u8>, filler: Vec<u8>, every: Duration },
    /// No answer at all.
    Silent,
    /// Close the connection.
    Close,
}

pub type Script = dyn Fn(&[Vec<u8>]) -> Act + Send + Sync;

pub struct Hostile {
    pub port: u16,
    /// Commands received (handshake included), across connections.
    pub commands: Arc<AtomicU64>,
    /// Connections accepted.
    pub connections: Arc<AtomicU64>,
    /// Reads that returned bytes, across connections.
    pub reads: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Hostile {
    /// Listens on a free loopback port; `script` decides every answer.
    pub async fn start(script: impl Fn(&[Vec<u8>]) -> Act + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the hostile server");
        Self::serve(listener, Arc::new(script))
    }

    /// Serves on a listener bound by the caller (to know the port before
    /// writing the script, e.g. for redirects to itself).
    pub fn serve(listener: TcpListener, script: Arc<Script>) -> Hostile {
        let port = listener.local_addr().expect("address").port();
        let commands = Arc::new(AtomicU64::new(0));
        let connections = Arc::new(AtomicU64::new(0));
        let reads = Arc::new(AtomicU64::new(0));
        let (c, n, r) = (commands.clone(), connections.clone(), reads.clone());
        let task = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            loop {
                let Ok((socket, _)) = listener.accept().await else { return };
                n.fetch_add(1, Ordering::Relaxed);
                let _ = socket.set_nodelay(true);
                conns.spawn(serve_connection(socket, script.clone(), c.clone(), r.clone()));
                while conns.try_join_next().is_some() {}
            }
        });
        Hostile { port, commands, connections, reads, task }
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every
        // connection task.
        self.task.abort();
    }
}

/// The standard answer to the handshake's commands and PING.
pub fn default_answer(args: &[Vec<u8>]) -> Vec<u8> {
    let name = args.first().map(|a| String::from_utf8_lossy(a).to_ascii_uppercase()).unwrap_or_default();
    match name.as_str() {
        "HELLO" => b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.0\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:7\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n".to_vec(),
        "CLIENT" | "SELECT" | "READONLY" | "AUTH" => b"+OK\r\n".to_vec(),
        "PING" => b"+PONG\r\n".to_vec(),
        "ROLE" => b"*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n".to_vec(),
        _ => format!("-ERR unknown command '{name}'\r\n").into_bytes(),
    }
}

/// The command's name, upper case.
pub fn name(args: &[Vec<u8>]) -> String {
    args.first().map(|a| String::from_utf8_lossy(a).to_ascii_uppercase()).unwrap_or_default()
}

/// Whether this is one of the handshake's commands or a heartbeat PING.
pub fn is_handshake(args: &[Vec<u8>]) -> bool {
    matches!(name(args).as_str(), "HELLO" | "CLIENT" | "SELECT" | "READONLY" | "AUTH" | "PING" | "ROLE")
}

async fn serve_connection(mut socket: TcpStream, script: Arc<Script>, commands: Arc<AtomicU64>, reads: Arc<AtomicU64>) {
    let mut buf = BytesMut::with_capacity(4096);
    loop {
        // Every complete command in the buffer, in order.
        loop {
            let args = match decode(Protocol::Resp2, &mut buf) {
                Ok(Some(Value::Array(items))) => {
                    items.iter().map(|v| v.as_bytes().unwrap_or_default().to_vec()).collect::<Vec<_>>()
                }
                Ok(Some(_)) | Err(_) => return,
                Ok(None) => break,
            };
            commands.fetch_add(1, Ordering::Relaxed);
            let act = match script(&args) {
                Act::Default => Act::Reply(default_answer(&args)),
                act => act,
            };
            let written = match act {
                Act::Default => unreachable!(),
                Act::Reply(bytes) => socket.write_all(&bytes).await,
                Act::Trickle(bytes, pause) => {
                    let mut r = Ok(());
                    for b in bytes {
                        r = socket.write_all(&[b]).await;
                        if r.is_err() {
                            break;
                        }
                        tokio::time::sleep(pause).await;
                    }
                    r
                }
                Act::Endless { head, filler, every } => {
                    if socket.write_all(&head).await.is_err() {
                        return;
                    }
                    loop {
                        if socket.write_all(&filler).await.is_err() {
                            return;
                        }
                        tokio::time::sleep(every).await;
                    }
                }
                Act::Silent => Ok(()),
                Act::Close => return,
            };
            if written.is_err() {
                return;
            }
        }
        buf.reserve(4096);
        match socket.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                reads.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// `depth` one-element arrays around an integer.
pub fn nested(depth: usize) -> Vec<u8> {
    let mut b = Vec::with_capacity(depth * 4 + 4);
    for _ in 0..depth {
        b.extend_from_slice(b"*1\r\n");
    }
    b.extend_from_slice(b":7\r\n");
    b
}

/// A RESP3 bulk string.
pub fn bulk(s: &str) -> String {
    format!("${}\r\n{s}\r\n", s.len())
}

/// A CLUSTER SHARDS reply (RESP3) for shards given as (slot ranges, port of
/// the primary on 127.0.0.1).
pub fn cluster_shards(shards: &[(Vec<(u16, u16)>, u16)]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", shards.len());
    for (i, (ranges, port)) in shards.iter().enumerate() {
        out += "%2\r\n";
        out += &bulk("slots");
        out += &format!("*{}\r\n", ranges.len() * 2);
        for (a, b) in ranges {
            out += &format!(":{a}\r\n:{b}\r\n");
        }
        out += &bulk("nodes");
        out += "*1\r\n%6\r\n";
        out += &bulk("id");
        out += &bulk(&format!("{:040x}", i + 1));
        out += &bulk("port");
        out += &format!(":{port}\r\n");
        out += &bulk("ip");
        out += &bulk("127.0.0.1");
        out += &bulk("endpoint");
        out += &bulk("127.0.0.1");
        out += &bulk("role");
        out += &bulk("master");
        out += &bulk("health");
        out += &bulk("online");
    }
    out.into_bytes()
}

/// The process's resident set size, in KiB (Linux).
pub fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
