//! A small TCP proxy for fault tests: forwards a local port to a server and
//! can blackhole the link (stop forwarding, sockets stay open and data waits
//! in the kernel, as with a lost route under TCP retransmission), cut it
//! (close every connection and refuse new ones), or delay a fraction of the
//! chunks going to the server.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Forward,
    Blackhole,
    Cut,
}

struct Shared {
    target: u16,
    mode: watch::Sender<Mode>,
    /// Delay of client -> server chunks, in ms, and the share (per million)
    /// of chunks that get it.
    delay_ms: AtomicU64,
    delay_ppm: AtomicU64,
    delayed: AtomicU64,
    stopped: AtomicBool,
}

pub struct Proxy {
    pub port: u16,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `target`.
    pub async fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let (mode, _) = watch::channel(Mode::Forward);
        let shared = Arc::new(Shared {
            target,
            mode,
            delay_ms: AtomicU64::new(0),
            delay_ppm: AtomicU64::new(0),
            delayed: AtomicU64::new(0),
            stopped: AtomicBool::new(false),
        });
        let task = tokio::spawn(accept_loop(listener, shared.clone()));
        Proxy { port, shared, task }
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn set_mode(&self, mode: Mode) {
        self.shared.mode.send_replace(mode);
    }

    pub fn blackhole(&self) {
        self.set_mode(Mode::Blackhole);
    }

    /// Closes every connection and refuses new ones until `heal`.
    pub fn cut(&self) {
        self.set_mode(Mode::Cut);
    }

    pub fn heal(&self) {
        self.set_mode(Mode::Forward);
    }

    /// Delays `fraction` (0..1) of the chunks sent to the server by `delay`.
    pub fn delay(&self, delay: Duration, fraction: f64) {
        self.shared.delay_ms.store(delay.as_millis() as u64, Ordering::SeqCst);
        self.shared.delay_ppm.store((fraction * 1_000_000.0) as u64, Ordering::SeqCst);
    }

    /// How many chunks were delayed so far.
    pub fn delayed(&self) -> u64 {
        self.shared.delayed.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.shared.mode.send_replace(Mode::Cut);
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut links = JoinSet::new();
    loop {
        let Ok((client, _)) = listener.accept().await else { continue };
        if *shared.mode.borrow() == Mode::Cut || shared.stopped.load(Ordering::SeqCst) {
            drop(client);
            continue;
        }
        let Ok(server) = TcpStream::connect(("127.0.0.1", shared.target)).await else { continue };
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        let (cr, cw) = client.into_split();
        let (sr, sw) = server.into_split();
        let s = shared.clone();
        links.spawn(async move {
            tokio::select! {
                _ = pump(cr, sw, s.clone(), true) => {}
                _ = pump(sr, cw, s.clone(), false) => {}
                _ = cut_signal(s.mode.subscribe()) => {}
            }
        });
        while links.try_join_next().is_some() {}
    }
}

async fn cut_signal(mut rx: watch::Receiver<Mode>) {
    let _ = rx.wait_for(|m| *m == Mode::Cut).await;
}

/// Waits while the link is not forwarding. A cut link never passes again:
/// data held during a blackhole must not slip through when the link is cut
/// (the cut ends the link's task, but the pumps may be polled first).
async fn passable(rx: &mut watch::Receiver<Mode>) {
    let _ = rx.wait_for(|m| *m == Mode::Forward).await;
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    shared: Arc<Shared>,
    to_server: bool,
) {
    let mut mode = shared.mode.subscribe();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        passable(&mut mode).await;
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        passable(&mut mode).await;
        if to_server {
            let ppm = shared.delay_ppm.load(Ordering::Relaxed);
            if ppm > 0 && rand::random_range(0..1_000_000u64) < ppm {
                shared.delayed.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(shared.delay_ms.load(Ordering::Relaxed))).await;
            }
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}
