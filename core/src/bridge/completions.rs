//! The queue that carries finished work (replies, events, calls into the
//! host) from engine threads to the host's own thread, written once for every
//! shim. Engine threads add to a batch under a mutex and never wait on the
//! host; only the push that finds the batch empty wakes the host, so a burst
//! of N completions costs one wake-up, and the host takes the whole batch at
//! once.
//!
//! How the host is woken is the one thing each host does its own way, the
//! `Wake` given to the queue: a byte on a socket an event loop watches
//! (`SocketWake`: asyncio), a thread-safe function (Node), or nothing but the
//! queue's own condition variable, for a host thread that blocks in
//! `take_waiting` (Java's dispatcher).
//!
//! A lone caller that started its request on its own thread hands it over
//! (`hand_lone`); while its traffic stays one request at a time, a host
//! thread that blocks in `take_waiting` polls for a moment before it
//! sleeps, as a lone caller's own thread does, and does the engine's part
//! for the request meanwhile (`lone`). Concurrent callers' batches of one
//! do not make it poll: there the cores are busy with real work. An event
//! loop, which makes the request and takes its outcome on the same thread,
//! polls right after starting it (`poll_lone`).

use std::io::{ErrorKind, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use parking_lot::{Condvar, Mutex};

use super::lone::{poll_until, poll_until_handed, LoneRequest};

/// How the host learns that the queue is no longer empty.
pub trait Wake: Send + Sync {
    /// The queue went from empty to not empty (called on an engine thread,
    /// outside the queue's lock; must not block on the host).
    fn wake(&self);

    /// Called on the host's thread just before it takes the batch: consume
    /// whatever `wake` left (a wake-up byte), so a push after this is either
    /// in the batch taken now or wakes the host again.
    fn before_take(&self) {}
}

/// No wake of its own: the host blocks in `take_waiting`.
impl Wake for () {
    fn wake(&self) {}
}

/// What the queue collects between two takes.
pub trait Batch: Default + Send {
    fn is_empty(&self) -> bool;
}

impl<T: Send> Batch for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

struct State<B> {
    batch: B,
    /// Items pushed into `batch` since the last take.
    items: usize,
}

/// See the module documentation.
pub struct CompletionQueue<B: Batch, W: Wake> {
    state: Mutex<State<B>>,
    ready: Condvar,
    /// The batch is not empty; readable without the lock (for the poll).
    queued: AtomicBool,
    /// A lone caller's traffic: set by `hand_lone`, cleared by a batch of
    /// more than one item.
    lone: AtomicBool,
    /// A lone caller's request for the polling thread (`hand_lone`).
    handed: Mutex<Option<LoneRequest>>,
    wake: W,
}

impl<B: Batch, W: Wake> CompletionQueue<B, W> {
    pub fn new(wake: W) -> Self {
        CompletionQueue {
            state: Mutex::new(State { batch: B::default(), items: 0 }),
            ready: Condvar::new(),
            queued: AtomicBool::new(false),
            lone: AtomicBool::new(false),
            handed: Mutex::new(None),
            wake,
        }
    }

    /// The host's wake, for what the host does with it (its descriptor, its
    /// release on close).
    pub fn waker(&self) -> &W {
        &self.wake
    }

    /// Adds one item to the batch (`add` runs under the queue's lock: keep
    /// it to appending). Called on engine threads; never blocks on the host.
    pub fn push(&self, add: impl FnOnce(&mut B)) {
        let was_empty = {
            let mut state = self.state.lock();
            let was_empty = state.batch.is_empty();
            add(&mut state.batch);
            state.items += 1;
            if was_empty {
                self.queued.store(true, Ordering::Release);
            }
            was_empty
        };
        if was_empty {
            self.ready.notify_one();
            self.wake.wake();
        }
    }

    /// For a lone caller whose request was started on its own thread and
    /// whose outcome this queue will carry (an async call): the thread
    /// polling in `take_waiting` takes the request over meanwhile (reads its
    /// connection, runs it on), so its reply reaches the host thread without
    /// an engine thread in between. A request handed earlier and not taken
    /// is simply left to the runtime.
    pub fn hand_lone(&self, request: LoneRequest) {
        self.lone.store(true, Ordering::Relaxed);
        self.hand_batch(request);
    }

    /// For a host thread that both makes a lone caller's request and takes
    /// its outcome from this queue (an event loop: Node's JS thread), right
    /// after it started the request on itself: polls up to `SPIN` for the
    /// outcome to be queued, doing the engine's part meanwhile (`lone`), so
    /// the reply is read on this thread and its wake finds the thread awake,
    /// instead of the kernel waking an engine thread to read it and that
    /// thread waking this one. Nothing when the request left nothing to do
    /// here (queued already, or not started here) or
    /// `HAVEN_IDLE_FAST_PATH=off`.
    pub fn poll_lone(&self, request: LoneRequest) {
        if request.is_some() && !self.queued.load(Ordering::Acquire) && crate::runtime::idle_fast_path() {
            poll_until(&self.queued, request);
        }
    }

    /// For a batch of requests the host thread started itself that is all
    /// its client's traffic (`Held::end`): the thread polling
    /// in `take_waiting` takes it over as it does a lone caller's request
    /// (`hand_lone`), without marking the traffic lone.
    pub fn hand_batch(&self, request: LoneRequest) {
        if request.is_some() {
            *self.handed.lock() = Some(request);
        }
    }

    /// Swaps the whole batch into `into` (left empty by the caller), at
    /// once. Returns how many items it held.
    pub fn take(&self, into: &mut B) -> usize {
        self.wake.before_take();
        let mut state = self.state.lock();
        self.swap(&mut state, into)
    }

    /// `take` for a host thread that blocks here: waits up to `timeout` for
    /// something queued (in a lone caller's traffic polling up to `SPIN`
    /// first, unless `HAVEN_IDLE_FAST_PATH=off`). The batch leaves the lock before
    /// the host sees it, so engine threads never wait on the host's
    /// allocations. Returns how many items it took (0: none came in time).
    pub fn take_waiting(&self, timeout: Duration, into: &mut B) -> usize {
        let handed = self.handed.lock().take().unwrap_or_default();
        if (self.lone.load(Ordering::Relaxed) || handed.is_some()) && crate::runtime::idle_fast_path() {
            poll_until_handed(&self.queued, handed, || self.handed.lock().take());
        }
        let mut state = self.state.lock();
        if state.batch.is_empty() {
            self.ready.wait_for(&mut state, timeout);
        }
        if state.batch.is_empty() {
            return 0;
        }
        self.swap(&mut state, into)
    }

    fn swap(&self, state: &mut State<B>, into: &mut B) -> usize {
        std::mem::swap(&mut state.batch, into);
        let items = std::mem::take(&mut state.items);
        self.queued.store(false, Ordering::Release);
        if items > 1 {
            self.lone.store(false, Ordering::Relaxed);
        }
        items
    }

    /// Wakes every thread blocked in `take_waiting` (the host is closing;
    /// it looks at its own state).
    pub fn close(&self) {
        let _state = self.state.lock();
        self.ready.notify_all();
    }
}

/// A wake for an event loop that watches a descriptor (asyncio's
/// `add_reader`): one byte on a socket pair per wake-up, read back by
/// `before_take`.
pub struct SocketWake {
    /// Written by engine threads; never closed before `reader` (both live
    /// here), so a write can never raise SIGPIPE.
    writer: UnixStream,
    reader: UnixStream,
}

impl SocketWake {
    pub fn new() -> std::io::Result<SocketWake> {
        let (writer, reader) = UnixStream::pair()?;
        writer.set_nonblocking(true)?;
        reader.set_nonblocking(true)?;
        Ok(SocketWake { writer, reader })
    }

    /// The descriptor the loop watches for readability.
    pub fn fileno(&self) -> RawFd {
        self.reader.as_raw_fd()
    }
}

impl Wake for SocketWake {
    fn wake(&self) {
        // WouldBlock means the socket is full of wake-up bytes already: the
        // loop is bound to wake. Any other error leaves nothing to do.
        let _ = (&self.writer).write(&[1]);
    }

    /// Reading the socket before the batch is taken is what makes a lost
    /// wake-up impossible: a push after the read either lands in what is
    /// taken now or finds the batch empty again and writes a new byte.
    fn before_take(&self) {
        let mut sink = [0u8; 64];
        loop {
            match (&self.reader).read(&mut sink) {
                Ok(n) if n == sink.len() => continue,
                Ok(_) => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Instant;
    use std::sync::Arc;

    #[derive(Default)]
    struct CountingWake(AtomicUsize);

    impl Wake for CountingWake {
        fn wake(&self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn a_burst_wakes_the_host_once_and_is_taken_whole() {
        let queue = CompletionQueue::<Vec<u32>, _>::new(CountingWake::default());
        for i in 0..5 {
            queue.push(|b| b.push(i));
        }
        assert_eq!(queue.waker().0.load(Ordering::SeqCst), 1);
        let mut taken = Vec::new();
        assert_eq!(queue.take(&mut taken), 5);
        assert_eq!(taken, vec![0, 1, 2, 3, 4]);
        // Empty again: the next push wakes again.
        queue.push(|b| b.push(9));
        assert_eq!(queue.waker().0.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_blocked_host_thread_gets_every_item_pushed_from_other_threads() {
        let queue = Arc::new(CompletionQueue::<Vec<u64>, ()>::new(()));
        let producers: Vec<_> = (0..4u64)
            .map(|p| {
                let queue = queue.clone();
                std::thread::spawn(move || {
                    for i in 0..500 {
                        queue.push(|b| b.push(p * 1000 + i));
                        if i % 100 == 0 {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                    }
                })
            })
            .collect();
        let mut seen = Vec::new();
        let mut batch = Vec::new();
        let until = Instant::now() + Duration::from_secs(30);
        while seen.len() < 2000 && Instant::now() < until {
            queue.take_waiting(Duration::from_millis(100), &mut batch);
            seen.append(&mut batch);
        }
        for p in producers {
            p.join().expect("a producer ends");
        }
        seen.sort_unstable();
        let expected: Vec<u64> = (0..4u64).flat_map(|p| (0..500).map(move |i| p * 1000 + i)).collect();
        assert_eq!(seen, expected);
        // Nothing left: a bounded wait says so.
        assert_eq!(queue.take_waiting(Duration::from_millis(20), &mut batch), 0);
    }

    #[test]
    fn the_socket_wake_writes_one_byte_per_burst_and_take_consumes_it() {
        let queue = CompletionQueue::<Vec<u8>, _>::new(SocketWake::new().expect("a socket pair"));
        // The loop's view of the descriptor (a duplicate, non-blocking like it).
        // SAFETY: the descriptor is open as long as `queue` lives, and it
        // outlives this borrow (only duplicated here).
        let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(queue.waker().fileno()) };
        let watched = UnixStream::from(fd.try_clone_to_owned().expect("a duplicate"));
        let pending = || {
            let mut buf = [0u8; 8];
            match (&watched).read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => 0,
                Err(e) => panic!("reading the wake socket: {e}"),
            }
        };
        queue.push(|b| b.push(1));
        queue.push(|b| b.push(2));
        assert_eq!(pending(), 1, "one wake-up byte for the burst");
        queue.push(|b| b.push(3));
        let mut taken = Vec::new();
        assert_eq!(queue.take(&mut taken), 3);
        assert_eq!(taken, vec![1, 2, 3]);
        assert_eq!(pending(), 0, "nothing left to wake the loop for");
        queue.push(|b| b.push(4));
        assert_eq!(pending(), 1, "empty again: the next push wakes again");
    }
}
