//! One live, multiplexed connection with automatic pipelining.
//!
//! Callers append their encoded command to a shared write buffer and their
//! reply slot to the pending queue under one short lock, so write order and
//! reply order are the same by construction. One I/O task per connection
//! takes everything queued and writes it in one syscall, and in the same poll
//! reads, decodes replies and completes the pending slots in order, taking the
//! lock once per read; callers wake it through an atomic waker only when the
//! write buffer goes from empty to non-empty. The idle fast path: a request
//! started on a thread outside the runtime (`runtime::start_here`) that
//! finds the connection idle (nothing pending, nothing being written) on a
//! plain socket is written by that thread, under the same lock, through the
//! socket's `DirectSocket`: no thread is woken to send it, which is much of
//! a request's latency at low concurrency, while busy connections and
//! engine threads keep batching. That thread, when it waits for the reply
//! (a blocking call), may read it itself too (`WrittenHere`): the read state
//! (buffer, decoder) is shared with the I/O task behind a lock, so whoever
//! reads first decodes and delivers, in order. A host thread that starts a
//! batch of requests together (`corked`) queues them all, then writes an
//! idle connection once itself. A heartbeat PINGs an idle link and
//! declares the link dead when requests wait
//! and nothing has been read for `heartbeat_timeout` (a hung or half-open
//! peer). When the link dies every waiting request ends with ConnectionError,
//! marked unsent when it never reached the socket.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use atomic_waker::AtomicWaker;
use bytes::BytesMut;
use parking_lot::Mutex;
use tokio::io::AsyncWrite;
use tokio::sync::{oneshot, watch};
use tokio::task::AbortHandle;

use super::link::Link;
use super::transport::{DirectSocket, Reader, Writer};
use crate::config::NodeAddress;
use crate::error::{Error, Result};
use crate::protocol::{decode_limited, Cmd, Protocol, Value};
use crate::request::InflightPermit;

/// Receives out-of-band RESP3 push messages (pub/sub, invalidations).
pub type PushHandler = Arc<dyn Fn(Value) + Send + Sync>;

/// The reply slot of a request: one value, or an array of `expect` values.
pub type ReplyReceiver = oneshot::Receiver<Result<Value>>;

struct Pending {
    seq: u64,
    sink: Option<oneshot::Sender<Result<Value>>>,
    /// Replies to collect; `None`: one reply, delivered as is (`send`),
    /// `Some(n)`: n replies delivered as an array, even when n is 1.
    expect: Option<usize>,
    collected: Vec<Value>,
    blocking: bool,
    enqueued_ms: u64,
    /// The request's place under the client's in-flight limit: held until
    /// the request leaves the pipeline (reply read or link dead), not just
    /// until its caller stops waiting, so a node that takes requests but
    /// never answers cannot grow the queue past the limit.
    _permit: Option<InflightPermit>,
}

struct Queue {
    out: BytesMut,
    pending: VecDeque<Pending>,
    next_seq: u64,
    /// Requests with a smaller sequence number were handed to the socket.
    written_seq: u64,
    closed: Option<Error>,
    /// The I/O task holds bytes it has not finished writing: a direct
    /// write now would overtake them.
    io_writing: bool,
    /// See `DirectSocket`; dropped when the link dies.
    direct: Option<Arc<DirectSocket>>,
}

impl Queue {
    /// Writes the buffer to the socket from this thread (the caller checked
    /// that no write of the I/O task is under way). Some(true): all of it,
    /// Some(false): a part (the rest is for the I/O task), None: nothing (a
    /// full socket, or an error the I/O task meets itself) or no direct
    /// handle.
    fn write_direct(&mut self) -> Option<bool> {
        let n = self.direct.as_ref()?.try_write(&self.out).ok()?;
        // Even a part reached the socket: every queued request is sent.
        self.written_seq = self.next_seq;
        if n >= self.out.len() {
            // All of it (nearly always): the buffer starts over at the front
            // of its allocation, its capacity whole (an advance would eat
            // into it and leave a pointer into the middle).
            self.out.clear();
            Some(true)
        } else {
            bytes::Buf::advance(&mut self.out, n);
            Some(false)
        }
    }
}

/// Where `enqueue` left a request.
enum Written {
    /// In the buffer, for the I/O task.
    Queued,
    /// Written by this thread (the idle fast path).
    Here,
    /// In the buffer, for this thread to write when its cork comes off.
    Corked,
}

/// What has been read and not yet delivered: shared by the I/O task and a
/// thread reading its own reply (`WrittenHere`), one at a time.
struct Reading {
    buf: BytesMut,
    values: Vec<Value>,
}

struct Shared {
    addr: NodeAddress,
    protocol: Protocol,
    max_reply_bytes: usize,
    queue: Mutex<Queue>,
    /// Taken before `queue` when both are held (`deliver` runs under it),
    /// never while `queue` is held.
    reading: Mutex<Reading>,
    wake_io: AtomicWaker,
    epoch: Instant,
    last_read_ms: AtomicU64,
    /// A coarse clock (ms since `epoch`) kept by the I/O and heartbeat tasks,
    /// so enqueueing a request reads no system clock.
    coarse_ms: AtomicU64,
    dead: watch::Sender<Option<Error>>,
    tasks: Mutex<Vec<AbortHandle>>,
    push: Option<PushHandler>,
}

/// A live connection. Dropping the last handle closes it.
pub struct Pipeline {
    shared: Arc<Shared>,
}

/// Heartbeat settings of a pipeline.
#[derive(Clone, Copy, Debug)]
pub struct Heartbeat {
    pub interval: Option<Duration>,
    pub timeout: Duration,
    /// PING the link when nothing was read for an interval and nothing
    /// waits. Off for dedicated connections: a PING inside a session's
    /// MULTI would become part of its transaction.
    pub ping_idle: bool,
}

impl Pipeline {
    /// Starts the I/O and heartbeat tasks on the current runtime.
    pub(crate) fn start(link: Link, heartbeat: Heartbeat, push: Option<PushHandler>) -> Pipeline {
        let Link { addr, reader, writer, direct, buf: leftover, protocol, max_reply_bytes, .. } = link;
        let (dead, _) = watch::channel(None);
        let shared = Arc::new(Shared {
            addr,
            protocol,
            max_reply_bytes,
            queue: Mutex::new(Queue {
                out: BytesMut::with_capacity(16 * 1024),
                pending: VecDeque::with_capacity(256),
                next_seq: 0,
                written_seq: 0,
                closed: None,
                io_writing: false,
                direct: direct.map(Arc::new),
            }),
            reading: Mutex::new(Reading { buf: leftover, values: Vec::with_capacity(64) }),
            wake_io: AtomicWaker::new(),
            epoch: Instant::now(),
            last_read_ms: AtomicU64::new(0),
            coarse_ms: AtomicU64::new(0),
            dead,
            tasks: Mutex::new(Vec::new()),
            push,
        });
        let mut tasks = vec![tokio::spawn(io_loop(shared.clone(), reader, writer)).abort_handle()];
        if let Some(interval) = heartbeat.interval {
            tasks.push(
                tokio::spawn(heartbeat_loop(shared.clone(), interval, heartbeat.timeout, heartbeat.ping_idle))
                    .abort_handle(),
            );
        }
        shared.tasks.lock().extend(tasks);
        Pipeline { shared }
    }

    pub fn address(&self) -> &NodeAddress {
        &self.shared.addr
    }

    /// Queues one command; its reply arrives on the receiver. A blocking
    /// command (BLPOP, WAIT, ...) is exempt from the heartbeat's verdict.
    pub fn send(&self, cmd: &Cmd, blocking: bool) -> Result<ReplyReceiver> {
        let (tx, rx) = oneshot::channel();
        let written = self.shared.enqueue(|out| cmd.encode(out), None, blocking, Some(tx))?;
        self.written_here(written);
        Ok(rx)
    }

    /// Queues several commands written back to back; the receiver gets an
    /// array of their replies in order (server errors stay values).
    pub fn send_many(&self, cmds: &[Cmd], blocking: bool) -> Result<ReplyReceiver> {
        if cmds.is_empty() {
            return Err(Error::config("batch: no commands"));
        }
        let (tx, rx) = oneshot::channel();
        let written = self.shared.enqueue(
            |out| {
                for cmd in cmds {
                    cmd.encode(out)
                }
            },
            Some(cmds.len()),
            blocking,
            Some(tx),
        )?;
        self.written_here(written);
        Ok(rx)
    }

    /// Remembers a connection this thread wrote to itself, for
    /// `take_written_here`, or left for this thread to write (`corked`).
    fn written_here(&self, written: Written) {
        match written {
            Written::Queued => {}
            Written::Here => remember_written_here(&self.shared),
            Written::Corked => CORKED.with(|c| {
                if let Some(corked) = c.borrow_mut().as_mut() {
                    if !corked.iter().any(|s| Arc::ptr_eq(s, &self.shared)) {
                        corked.push(self.shared.clone());
                    }
                }
            }),
        }
    }

    /// Whether the link has died or was closed.
    pub fn is_closed(&self) -> bool {
        self.shared.queue.lock().closed.is_some()
    }

    /// Resolves with the reason once the link dies.
    pub async fn closed(&self) -> Error {
        let mut rx = self.shared.dead.subscribe();
        let reason = match rx.wait_for(|e| e.is_some()).await {
            Ok(e) => e.clone(),
            Err(_) => None,
        };
        reason.unwrap_or_else(|| Error::connection("connection closed"))
    }

    /// Requests waiting for a reply.
    pub fn pending(&self) -> usize {
        self.shared.queue.lock().pending.len()
    }

    /// Closes the link; waiting requests end with `reason`.
    pub fn close(&self, reason: Error) {
        self.shared.fail(reason);
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        self.shared.fail(Error::connection_unsent(format!("connection to {} was closed", self.shared.addr)));
    }
}

impl Shared {
    fn has_output(&self) -> bool {
        !self.queue.lock().out.is_empty()
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    /// Something was read: the heartbeat's evidence, and the coarse clock.
    fn mark_read(&self) {
        let now = self.now_ms();
        self.last_read_ms.store(now, Ordering::Relaxed);
        self.coarse_ms.store(now, Ordering::Relaxed);
    }

    /// `WrittenHere::read` on this connection: true when it read something.
    fn read_direct(&self) -> bool {
        let Some(direct) = self.queue.lock().direct.clone() else {
            return false;
        };
        // The I/O task is reading: it delivers.
        let Some(mut reading) = self.reading.try_lock() else {
            return false;
        };
        reading.make_room();
        match direct.try_read(&mut reading.buf) {
            Ok(n) if n > 0 => {
                self.mark_read();
                let decoded = reading.decode(self);
                drop(reading);
                if let Err(e) = decoded {
                    self.fail(e);
                }
                true
            }
            // Nothing yet, or the end or an error of the socket, which the
            // I/O task meets on its own read.
            _ => false,
        }
    }

    fn enqueue(
        &self,
        encode: impl FnOnce(&mut BytesMut),
        expect: Option<usize>,
        blocking: bool,
        sink: Option<oneshot::Sender<Result<Value>>>,
    ) -> Result<Written> {
        let enqueued_ms = self.coarse_ms.load(Ordering::Relaxed);
        let mut written = Written::Queued;
        let wake;
        {
            let mut guard = self.queue.lock();
            let q = &mut *guard;
            if let Some(err) = &q.closed {
                return Err(Error::connection_unsent(err.message().to_string()));
            }
            let was_empty = q.out.is_empty();
            // Only `runtime::start_here` brings a request here on a thread
            // outside the runtime. On an engine thread waking the I/O task
            // costs no hop, and lets requests arriving together share one
            // write.
            let outside = q.direct.is_some() && !crate::runtime::on_engine_thread();
            let corked = outside && CORKED.with(|c| c.borrow().is_some());
            let idle = outside && !corked && was_empty && q.pending.is_empty() && !q.io_writing;
            encode(&mut q.out);
            let seq = q.next_seq;
            q.next_seq += 1;
            let _permit = if sink.is_some() { InflightPermit::current() } else { None };
            q.pending.push_back(Pending { seq, sink, expect, collected: Vec::new(), blocking, enqueued_ms, _permit });
            wake = if corked {
                // This thread writes it (or wakes the I/O task) when the
                // cork comes off.
                written = Written::Corked;
                false
            } else if idle {
                match q.write_direct() {
                    Some(all) => {
                        written = Written::Here;
                        !all
                    }
                    None => true,
                }
            } else {
                was_empty
            };
        }
        if wake {
            self.wake_io.wake();
        }
        Ok(written)
    }

    /// The end of `corked` for this connection: what this thread queued is
    /// written by it when no write of the I/O task is under way (the
    /// requests ahead of it in the buffer, if any, go in the same write;
    /// `take_written_here` then finds the connection), else left to the
    /// I/O task, woken.
    fn uncork(self: &Arc<Self>, write_here: bool) {
        let wake = {
            let mut q = self.queue.lock();
            if q.closed.is_some() || q.out.is_empty() {
                false
            } else if q.io_writing || !write_here {
                true
            } else if matches!(q.write_direct(), Some(true)) {
                drop(q);
                remember_written_here(self);
                false
            } else {
                true
            }
        };
        if wake {
            self.wake_io.wake();
        }
    }

    /// Matches decoded replies to pending requests, in order.
    fn deliver(&self, values: &mut Vec<Value>) -> Result<()> {
        let mut done: Vec<(oneshot::Sender<Result<Value>>, Value)> = Vec::with_capacity(values.len());
        let mut pushes = Vec::new();
        // A reply with no request waiting for it: the replies before it
        // still go to their callers, then the connection ends.
        let mut out_of_step = None;
        {
            let mut q = self.queue.lock();
            for value in values.drain(..) {
                if self.protocol == Protocol::Resp3 && matches!(value, Value::Push(_)) {
                    pushes.push(value);
                    continue;
                }
                let Some(front) = q.pending.front_mut() else {
                    out_of_step = Some(Error::connection(format!(
                        "{} sent a reply nobody asked for; the connection is out of step",
                        self.addr
                    )));
                    break;
                };
                if front.expect.is_none() {
                    if let Some(p) = q.pending.pop_front() {
                        if let Some(sink) = p.sink {
                            done.push((sink, value));
                        }
                    }
                } else {
                    front.collected.push(value);
                    if Some(front.collected.len()) == front.expect {
                        if let Some(p) = q.pending.pop_front() {
                            if let Some(sink) = p.sink {
                                done.push((sink, Value::Array(p.collected)));
                            }
                        }
                    }
                }
            }
        }
        for (sink, value) in done {
            // The receiver is gone when its deadline passed: nothing to do.
            let _ = sink.send(Ok(value));
        }
        if let Some(handler) = &self.push {
            for p in pushes {
                handler(p);
            }
        }
        match out_of_step {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn fail(&self, reason: Error) {
        let (pending, written_seq) = {
            let mut q = self.queue.lock();
            if q.closed.is_some() {
                return;
            }
            q.closed = Some(reason.clone());
            q.out.clear();
            q.direct = None;
            (std::mem::take(&mut q.pending), q.written_seq)
        };
        for p in pending {
            if let Some(sink) = p.sink {
                let err = if p.seq >= written_seq {
                    Error::connection_unsent(reason.message().to_string())
                } else {
                    reason.clone()
                };
                let _ = sink.send(Err(err));
            }
        }
        self.dead.send_replace(Some(reason));
        self.wake_io.wake();
        for task in self.tasks.lock().drain(..) {
            task.abort();
        }
    }
}

thread_local! {
    /// The connection this thread last wrote a request to itself (the idle
    /// fast path), for `take_written_here`, with the fork generation it was
    /// written in.
    static WRITTEN_HERE: RefCell<Option<(u64, Weak<Shared>)>> = const { RefCell::new(None) };
}

thread_local! {
    /// The connections requests were queued on under `corked` on this
    /// thread, to write when it ends; None outside `corked`.
    static CORKED: RefCell<Option<Vec<Arc<Shared>>>> = const { RefCell::new(None) };
}

/// Runs `queue_requests` on a thread outside the runtime, then writes each
/// connection it queued requests on once. One connection: by this thread
/// when its I/O task is not writing (no engine thread is woken), else by
/// that task. Several: by their I/O tasks, woken, which write in parallel
/// instead of one after another here. For a batch of requests started
/// together on a host thread (`bridge::held::start_together`): one write per
/// connection instead of the first request written alone and the rest left
/// to a woken I/O task. On an engine thread it changes nothing (the I/O
/// task batches there). Runs the writes even when `queue_requests` panics.
/// Returns the number of connections.
pub fn corked(queue_requests: impl FnOnce()) -> usize {
    struct Uncork<'a> {
        outer: Option<Vec<Arc<Shared>>>,
        connections: &'a std::cell::Cell<usize>,
    }
    impl Drop for Uncork<'_> {
        fn drop(&mut self) {
            let corked = CORKED.with(|c| c.replace(self.outer.take())).unwrap_or_default();
            self.connections.set(corked.len());
            let alone = corked.len() == 1;
            for shared in corked {
                shared.uncork(alone);
            }
        }
    }
    let connections = std::cell::Cell::new(0);
    {
        let outer = CORKED.with(|c| c.replace(Some(Vec::new())));
        let _uncork = Uncork { outer, connections: &connections };
        queue_requests();
    }
    connections.get()
}

/// A connection a caller's thread wrote a request to itself (the idle fast
/// path), for a thread waiting on that request's reply to read (`read`).
/// Holds the connection weakly: a closed connection is simply not read.
pub struct WrittenHere(Weak<Shared>);

/// Remembers that this thread wrote to `shared` itself, for
/// `take_written_here`.
fn remember_written_here(shared: &Arc<Shared>) {
    let generation = crate::runtime::fork_generation();
    WRITTEN_HERE.with(|w| *w.borrow_mut() = Some((generation, Arc::downgrade(shared))));
}

/// The connection this thread last wrote a request to itself, if any.
pub fn take_written_here() -> Option<WrittenHere> {
    let (generation, shared) = WRITTEN_HERE.with(|w| w.borrow_mut().take())?;
    // Never a parent process's connection: its socket is the parent's.
    (generation == crate::runtime::fork_generation()).then_some(WrittenHere(shared))
}

impl WrittenHere {
    /// Reads the connection now, without waiting, and delivers what
    /// arrived: for a thread that would otherwise wait for an engine thread
    /// to do it (a lone caller polling for its reply, or the host thread
    /// that will complete it). The reply then reaches its request without
    /// the kernel waking an engine thread to read it (several microseconds
    /// on a VM). Whoever reads first, this or the I/O task, delivers, in
    /// order. True when it read something.
    pub fn read(&self) -> bool {
        self.0.upgrade().is_some_and(|shared| shared.read_direct())
    }
}

/// The connection's I/O: one task that writes whatever callers queued and
/// reads whatever the server sent, in the same poll, so a batch costs one
/// wake-up and reading never waits behind a slow write (or the reverse).
async fn io_loop(shared: Arc<Shared>, mut reader: Reader, mut writer: Writer) {
    let mut io = Io { chunk: BytesMut::with_capacity(16 * 1024), written: 0, flushing: false };
    // The leftover of the handshake may already hold replies.
    let leftover = shared.reading.lock().decode(&shared);
    if let Err(e) = leftover {
        shared.fail(e);
        return;
    }
    // When new requests wake the task, writing waits one pass of the
    // scheduler: callers that are already runnable enqueue first, so one
    // write carries more of them (fewer syscalls and server wake-ups).
    let mut deferred = false;
    let outcome = poll_fn(|cx| {
        shared.wake_io.register(cx.waker());
        if !deferred && io.idle_writer() && shared.has_output() {
            deferred = true;
            cx.waker().wake_by_ref();
            return io.poll_read(&shared, &mut reader, cx);
        }
        deferred = false;
        if let Poll::Ready(r) = io.poll_write(&shared, &mut writer, cx) {
            return Poll::Ready(r);
        }
        io.poll_read(&shared, &mut reader, cx)
    })
    .await;
    if let Err(e) = outcome {
        shared.fail(e);
    }
}

struct Io {
    chunk: BytesMut,
    written: usize,
    flushing: bool,
}

impl Io {
    /// Nothing of an earlier chunk is still being written.
    fn idle_writer(&self) -> bool {
        self.written == self.chunk.len() && !self.flushing
    }

    /// Writes until everything queued is out or the socket is full.
    /// Ready means the connection is finished (closed or failed).
    fn poll_write(&mut self, shared: &Shared, writer: &mut Writer, cx: &mut Context<'_>) -> Poll<Result<()>> {
        loop {
            if self.written == self.chunk.len() {
                if self.flushing {
                    match Pin::new(&mut *writer).poll_flush(cx) {
                        Poll::Ready(Ok(())) => self.flushing = false,
                        Poll::Ready(Err(e)) => return Poll::Ready(Err(write_error(shared, e))),
                        Poll::Pending => return Poll::Pending,
                    }
                }
                self.chunk.clear();
                if self.chunk.capacity() > 4 * 1024 * 1024 {
                    self.chunk = BytesMut::with_capacity(16 * 1024);
                }
                self.written = 0;
                let mut q = shared.queue.lock();
                if q.closed.is_some() {
                    return Poll::Ready(Ok(()));
                }
                q.io_writing = !q.out.is_empty();
                if !q.io_writing {
                    return Poll::Pending;
                }
                q.written_seq = q.next_seq;
                std::mem::swap(&mut q.out, &mut self.chunk);
            }
            match Pin::new(&mut *writer).poll_write(cx, &self.chunk[self.written..]) {
                Poll::Ready(Ok(0)) => {
                    return Poll::Ready(Err(Error::connection(format!("write to {} failed: connection closed", shared.addr))))
                }
                Poll::Ready(Ok(n)) => {
                    self.written += n;
                    self.flushing = true;
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(write_error(shared, e))),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// Reads and delivers until the socket has nothing more for now.
    fn poll_read(&mut self, shared: &Shared, reader: &mut Reader, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let mut reading = shared.reading.lock();
        loop {
            reading.make_room();
            match tokio_util::io::poll_read_buf(Pin::new(&mut *reader), cx, &mut reading.buf) {
                Poll::Ready(Ok(0)) => {
                    return Poll::Ready(Err(Error::connection(format!("{} closed the connection", shared.addr))))
                }
                Poll::Ready(Ok(_)) => {
                    shared.mark_read();
                    if let Err(e) = reading.decode(shared) {
                        return Poll::Ready(Err(e));
                    }
                }
                Poll::Ready(Err(e)) => {
                    return Poll::Ready(Err(Error::connection(format!("read from {} failed: {e}", shared.addr))))
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }

}

impl Reading {
    /// Room for a read of at least 16 KiB.
    fn make_room(&mut self) {
        if self.buf.capacity() - self.buf.len() < 16 * 1024 {
            self.buf.reserve(64 * 1024);
        }
    }

    /// Decodes every whole reply read so far and delivers them.
    fn decode(&mut self, shared: &Shared) -> Result<()> {
        let refused = |e: Error| {
            // Malformed, oversized or out-of-step replies: a broken or
            // hostile server. The message describes the frame, not its data.
            tracing::warn!(
                target: crate::logging::CONNECTION,
                "protocol error on {}, closing the connection: {}",
                shared.addr,
                e.message()
            );
            e
        };
        while let Some(v) =
            decode_limited(shared.protocol, &mut self.buf, shared.max_reply_bytes).map_err(|e| refused(e.context(&shared.addr)))?
        {
            self.values.push(v);
        }
        if !self.values.is_empty() {
            shared.deliver(&mut self.values).map_err(refused)?;
        }
        Ok(())
    }
}

fn write_error(shared: &Shared, e: std::io::Error) -> Error {
    Error::connection(format!("write to {} failed: {e}", shared.addr))
}

async fn heartbeat_loop(shared: Arc<Shared>, interval: Duration, timeout: Duration, ping_idle: bool) {
    let interval_ms = interval.as_millis() as u64;
    let timeout_ms = timeout.as_millis() as u64;
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let now = shared.now_ms();
        shared.coarse_ms.store(now, Ordering::Relaxed);
        let last_read = shared.last_read_ms.load(Ordering::Relaxed);
        let head = {
            let q = shared.queue.lock();
            if q.closed.is_some() {
                return;
            }
            q.pending.front().map(|p| (p.enqueued_ms, p.blocking))
        };
        match head {
            Some((enqueued, false)) => {
                let silent_since = last_read.max(enqueued);
                if now.saturating_sub(silent_since) > timeout_ms {
                    shared.fail(Error::connection(format!(
                        "{} stopped answering: no reply for {} ms (heartbeat_timeout_ms {timeout_ms})",
                        shared.addr,
                        now - silent_since
                    )));
                    return;
                }
            }
            Some((_, true)) => {}
            None if ping_idle && now.saturating_sub(last_read) >= interval_ms => {
                let _ = shared.enqueue(|out| Cmd::new("PING").encode(out), None, false, None);
            }
            None => {}
        }
    }
}
