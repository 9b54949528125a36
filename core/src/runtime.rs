//! The process-wide tokio runtime that runs every connection, timer and
//! request of the engine. Callers never need tokio: the first use builds it
//! (worker threads named `haven-worker-N`), and `configure` may size it first.

use std::cell::Cell;
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::{Handle, Runtime};

use crate::error::{Error, Result};

/// The runtime of this process: null until first use, then a leaked
/// `Box<Runtime>` (a static is never dropped either). A pointer rather than
/// a `OnceCell` so that a forked child can start over with a runtime of its
/// own (see `after_fork_in_child`).
static RUNTIME: AtomicPtr<Runtime> = AtomicPtr::new(std::ptr::null_mut());
/// Serializes building the runtime; held across `fork()` (see
/// `prepare_fork`) so that no child is born while a runtime is half built.
static INIT: parking_lot::Mutex<()> = parking_lot::const_mutex(());
static WORKER_THREADS: AtomicUsize = AtomicUsize::new(0);
/// The worker threads of the runtime that was built (what `prepare_fork`
/// has to pause).
static BUILT_WORKERS: AtomicUsize = AtomicUsize::new(0);
/// How many times this process is a forked child of a process that used
/// the engine: objects made under an older generation belong to a runtime
/// whose threads do not exist here and must never be used nor dropped.
static FORK_GENERATION: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Set on the engine's own threads when they start.
    static ENGINE_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Sets the number of worker threads. Must be called before the first client
/// is created; afterwards it returns a ConfigError. 0 means one per core.
pub fn configure(worker_threads: usize) -> Result<()> {
    if !RUNTIME.load(Ordering::Acquire).is_null() {
        return Err(Error::config("runtime worker_threads: the runtime is already running"));
    }
    WORKER_THREADS.store(worker_threads, Ordering::SeqCst);
    Ok(())
}

/// The stack of each engine worker thread.
pub const WORKER_STACK_SIZE: usize = 8 * 1024 * 1024;

/// The engine's runtime, built on first use.
pub fn runtime() -> Result<&'static Runtime> {
    let current = RUNTIME.load(Ordering::Acquire);
    if !current.is_null() {
        // SAFETY: only ever set to a leaked Box, never freed.
        return Ok(unsafe { &*current });
    }
    let _init = INIT.lock();
    let current = RUNTIME.load(Ordering::Acquire);
    if !current.is_null() {
        // SAFETY: as above.
        return Ok(unsafe { &*current });
    }
    let runtime: &'static Runtime = Box::leak(Box::new(build()?));
    RUNTIME.store(runtime as *const Runtime as *mut Runtime, Ordering::Release);
    Ok(runtime)
}

fn build() -> Result<Runtime> {
    {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        let threads = match WORKER_THREADS.load(Ordering::SeqCst) {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            n => n,
        };
        BUILT_WORKERS.store(threads, Ordering::SeqCst);
        let counter = AtomicUsize::new(0);
        builder
            .worker_threads(threads)
            .thread_name_fn(move || format!("haven-worker-{}", counter.fetch_add(1, Ordering::Relaxed)))
            // Replies nest up to protocol::MAX_REPLY_DEPTH levels and are
            // decoded, converted and dropped recursively: room for that even
            // in a debug build.
            .thread_stack_size(WORKER_STACK_SIZE)
            .on_thread_start(|| ENGINE_THREAD.with(|f| f.set(true)))
            .enable_all()
            .build()
            .map_err(|e| Error::config(format!("could not start the engine runtime: {e}")))
    }
}

/// A handle to the engine's runtime.
pub fn handle() -> Result<Handle> {
    Ok(runtime()?.handle().clone())
}

/// Whether the current thread is one of the engine's own (worker or
/// blocking-pool thread). A thread-local read: no handle is cloned.
pub fn on_engine_thread() -> bool {
    ENGINE_THREAD.with(|f| f.get())
}

/// Whether the idle fast path is on (`start_here` runs a request on the
/// calling thread up to its first wait, an idle connection is written by
/// its caller). On unless the environment says `HAVEN_IDLE_FAST_PATH=off`:
/// a diagnostic switch, so a benchmark can compare both paths on one build.
pub fn idle_fast_path() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var("HAVEN_IDLE_FAST_PATH").map_or(true, |v| v != "off"))
}

thread_local! {
    /// Set while `start_here` drops a future whose poll panicked.
    static DROPPING_PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the future being dropped on this thread panicked in its poll
/// (completion guards then report an internal error, not a cancel).
pub fn dropping_panicked() -> bool {
    DROPPING_PANICKED.with(|f| f.get())
}

type Task = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The waker of a future started on a caller's thread: its first wake-up
/// (a reply, a timer) spawns it on the runtime. It is woken on an engine
/// thread nearly always, where the spawn goes to that worker's own queue
/// and wakes no other thread; spawning right after the first poll would
/// wake a parked worker for nothing while the request is on the wire.
/// While a thread that waits for the future's outcome anyway holds it (a
/// blocking caller's own thread, Java's dispatcher: `Started::hold`), a
/// wake-up leaves the future to that thread, which polls it on: no engine
/// thread runs it.
struct Deferred {
    handle: Handle,
    slot: parking_lot::Mutex<Slot>,
}

enum Slot {
    /// The first poll is running.
    Polling,
    /// Woken during the first poll.
    WokenEarly,
    Parked(Task),
    /// Parked, and its starting thread polls it when it is woken (`Held`).
    Held(Task),
    /// Held and woken: for the holding thread to poll.
    HeldWoken(Task),
    Handed,
}

impl std::task::Wake for Deferred {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let mut slot = self.slot.lock();
        match std::mem::replace(&mut *slot, Slot::Handed) {
            Slot::Parked(task) => {
                drop(slot);
                self.handle.spawn(task);
            }
            Slot::Held(task) | Slot::HeldWoken(task) => *slot = Slot::HeldWoken(task),
            Slot::Polling | Slot::WokenEarly => *slot = Slot::WokenEarly,
            Slot::Handed => {}
        }
    }
}

impl Deferred {
    /// A `Deferred` for `task`, polled here once.
    fn polled_here(handle: &Handle, task: Task) -> Arc<Deferred> {
        let deferred = Arc::new(Deferred { handle: handle.clone(), slot: parking_lot::Mutex::new(Slot::Polling) });
        deferred.poll_here(task, false);
        deferred
    }

    /// Polls the task on this thread, inside the runtime's context. A panic
    /// is caught and never unwinds into the caller (a binding's FFI frame):
    /// the task is dropped with `dropping_panicked` set. After a wait the
    /// task goes back to the slot: `Held` when `held`, else parked (or
    /// spawned at once when it was woken meanwhile).
    fn poll_here(self: &Arc<Self>, mut task: Task, held: bool) {
        use std::panic::{catch_unwind, AssertUnwindSafe};
        let _context = self.handle.enter();
        let waker = std::task::Waker::from(self.clone());
        let mut cx = std::task::Context::from_waker(&waker);
        match catch_unwind(AssertUnwindSafe(|| task.as_mut().poll(&mut cx))) {
            Ok(std::task::Poll::Ready(())) => *self.slot.lock() = Slot::Handed,
            Ok(std::task::Poll::Pending) => {
                let mut slot = self.slot.lock();
                let woken = matches!(*slot, Slot::WokenEarly);
                *slot = match (woken, held) {
                    (true, true) => Slot::HeldWoken(task),
                    (false, true) => Slot::Held(task),
                    (false, false) => Slot::Parked(task),
                    (true, false) => {
                        *slot = Slot::Handed;
                        drop(slot);
                        self.handle.spawn(task);
                        return;
                    }
                };
            }
            Err(_) => {
                *self.slot.lock() = Slot::Handed;
                drop_panicked(task);
            }
        }
    }
}

/// Drops a task whose poll panicked, with `dropping_panicked` set (its
/// completion guard then reports an internal error). Dropping what panicked
/// may panic again: never past here.
fn drop_panicked(task: Task) {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    DROPPING_PANICKED.with(|f| f.set(true));
    let _ = catch_unwind(AssertUnwindSafe(move || drop(task)));
    DROPPING_PANICKED.with(|f| f.set(false));
}

thread_local! {
    /// The requests spawned on this thread while `gather` runs.
    static GATHERED: std::cell::RefCell<Option<Vec<Task>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `hand_over`, which hands a batch of requests to the engine (an
/// outbox's drain, or a host thread starting the requests its callbacks
/// made, `bridge::held::start_together`): the requests it spawns
/// (`spawn_request`) run together in one task, first polled right here, in
/// the order they were made, so they reach their connections in that order
/// before this returns; from its first wake-up the task runs on the
/// runtime. (Spawned one task each from a worker, the newest would run
/// first: tokio runs a worker's newest task next, so a caller's `SET k v`
/// then `GET k` could read the old value. From a host thread, each spawn
/// would also wake a worker.) Each request still ends on its own: the task
/// polls only the requests that were woken, and a panic in one ends only
/// that one (`dropping_panicked` set, as for a spawned task).
/// Without a runtime it only runs `hand_over` (whose requests then fail
/// with the runtime's error).
pub fn gather(hand_over: impl FnOnce()) {
    gather_keeping(hand_over, false);
}

/// `gather` for a host thread that will poll for the batch's outcomes
/// itself (an event loop with nothing else to do meanwhile): the batch's
/// task, when it waits, is left for `take_started` as `start_here` leaves
/// its future.
pub fn gather_for_polling(hand_over: impl FnOnce()) {
    gather_keeping(hand_over, true);
}

fn gather_keeping(hand_over: impl FnOnce(), keep: bool) {
    let Ok(handle) = handle() else {
        return hand_over();
    };
    /// Starts what was gathered, even when `hand_over` panics, and gives a
    /// `gather` this one runs inside its own list back.
    struct Release<'a> {
        handle: &'a Handle,
        outer: Option<Vec<Task>>,
        keep: bool,
    }
    impl Drop for Release<'_> {
        fn drop(&mut self) {
            let tasks = GATHERED.with(|g| g.replace(self.outer.take())).unwrap_or_default();
            let started = start_together_here(self.handle, tasks);
            if self.keep {
                keep_started(started);
            }
        }
    }
    let outer = GATHERED.with(|g| g.replace(Some(Vec::new())));
    let _release = Release { handle: &handle, outer, keep };
    hand_over();
}

/// Starts a gathered batch: first polled here, in order; from its first
/// wake-up on the runtime. Returns its task's slot (none for no task).
fn start_together_here(handle: &Handle, mut tasks: Vec<Task>) -> Option<Arc<Deferred>> {
    match tasks.len() {
        0 => None,
        1 => Some(Deferred::polled_here(handle, tasks.swap_remove(0))),
        _ => Some(Deferred::polled_here(handle, Box::pin(Together::new(tasks)))),
    }
}

/// Inside `gather`: starts the requests gathered so far (as `gather` does
/// at its end), so what the caller does next (a cancel, a session's
/// release: `Client::cancel`, `Client::close_session`) finds them started
/// and comes after them. Outside `gather`: nothing.
pub fn start_gathered() {
    let Some(tasks) = GATHERED.with(|g| g.borrow_mut().as_mut().map(std::mem::take)) else { return };
    if tasks.is_empty() {
        return;
    }
    match handle() {
        Ok(handle) => drop(start_together_here(&handle, tasks)),
        // (`gather` runs only with a runtime.)
        Err(_) => drop(tasks),
    }
}

/// Spawns one request's future on `handle`, or, inside `gather`, adds it
/// to the batch's task.
pub fn spawn_request(handle: &Handle, fut: impl std::future::Future<Output = ()> + Send + 'static) {
    if GATHERED.with(|g| g.borrow().is_none()) {
        handle.spawn(fut);
        return;
    }
    let task: Task = Box::pin(fut);
    GATHERED.with(|g| g.borrow_mut().get_or_insert_with(Vec::new).push(task));
}

/// The task of a gathered batch: polls each request when it is woken,
/// until every one has ended. (Not `FuturesUnordered`: it wakes itself
/// after polling every future once, so the batch's first poll, on a host
/// thread, would always end in a spawn that wakes a worker.)
struct Together {
    tasks: Vec<Option<Task>>,
    /// Each request's `ChildWaker`, made once.
    wakers: Vec<std::task::Waker>,
    ready: Arc<Ready>,
    /// Requests not yet ended.
    left: usize,
    /// The list `ready.woken` is swapped with, kept for its capacity.
    spare: Vec<usize>,
}

/// Which requests of a `Together` were woken, and its own waker.
struct Ready {
    woken: parking_lot::Mutex<Vec<usize>>,
    /// Per request: its index is in `woken` (queued once until polled).
    queued: Vec<std::sync::atomic::AtomicBool>,
    parent: atomic_waker::AtomicWaker,
}

/// One request's waker in a `Together`: queues its index (once until it
/// is polled) and wakes the batch's task.
struct ChildWaker {
    index: usize,
    ready: Arc<Ready>,
}

impl std::task::Wake for ChildWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !self.ready.queued[self.index].swap(true, Ordering::AcqRel) {
            self.ready.woken.lock().push(self.index);
            self.ready.parent.wake();
        }
    }
}

impl Together {
    fn new(tasks: Vec<Task>) -> Together {
        let ready = Arc::new(Ready {
            woken: parking_lot::Mutex::new((0..tasks.len()).collect()),
            queued: (0..tasks.len()).map(|_| std::sync::atomic::AtomicBool::new(true)).collect(),
            parent: atomic_waker::AtomicWaker::new(),
        });
        let wakers = (0..tasks.len()).map(|index| std::task::Waker::from(Arc::new(ChildWaker { index, ready: ready.clone() }))).collect();
        Together { left: tasks.len(), tasks: tasks.into_iter().map(Some).collect(), wakers, ready, spare: Vec::new() }
    }
}

impl std::future::Future for Together {
    type Output = ();

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        use std::panic::{catch_unwind, AssertUnwindSafe};
        let this = &mut *self;
        this.ready.parent.register(cx.waker());
        let mut woken = std::mem::take(&mut this.spare);
        std::mem::swap(&mut woken, &mut *this.ready.woken.lock());
        for &index in &woken {
            let Some(slot) = this.tasks.get_mut(index) else { continue };
            let Some(task) = slot.as_mut() else { continue };
            // Its next wake-up queues it again.
            this.ready.queued[index].store(false, Ordering::Release);
            let mut child_cx = std::task::Context::from_waker(&this.wakers[index]);
            match catch_unwind(AssertUnwindSafe(|| task.as_mut().poll(&mut child_cx))) {
                Ok(std::task::Poll::Pending) => continue,
                Ok(std::task::Poll::Ready(())) => *slot = None,
                // A panic ends this request alone.
                Err(_) => {
                    if let Some(task) = slot.take() {
                        drop_panicked(task);
                    }
                }
            }
            this.left -= 1;
        }
        woken.clear();
        this.spare = woken;
        if this.left == 0 {
            return std::task::Poll::Ready(());
        }
        // A request woken while the others were polled (its reply came
        // meanwhile, or it yielded) runs on the next poll, after the
        // scheduler had its turn.
        if !this.ready.woken.lock().is_empty() {
            cx.waker().wake_by_ref();
        }
        std::task::Poll::Pending
    }
}

thread_local! {
    /// The future `start_here` last parked on this thread (`take_started`),
    /// with the fork generation it was parked in.
    static STARTED_HERE: std::cell::RefCell<Option<(u64, Arc<Deferred>)>> = const { std::cell::RefCell::new(None) };
}

/// The future `start_here` parked on a caller's thread, waiting for its
/// first wake-up. Any thread may take it over while it waits (`hold`).
pub struct Started(Arc<Deferred>);

/// The future `start_here` just parked on this thread, if it did.
/// (Never one of a parent process's: its runtime's threads are not here.)
pub fn take_started() -> Option<Started> {
    let (generation, deferred) = STARTED_HERE.with(|s| s.borrow_mut().take())?;
    (generation == fork_generation()).then_some(Started(deferred))
}

impl Started {
    /// For a thread that will wait for this future's outcome anyway: from
    /// now until the `Held` is dropped, the future's wake-ups leave it to
    /// the holder (`Held::run_if_woken`) instead of spawning it on the
    /// runtime. None when there is nothing to hold (the future was woken
    /// and handed to the runtime already). Hold only while actually
    /// polling: a held future runs only when its holder runs it.
    pub fn hold(self) -> Option<Held> {
        {
            let mut slot = self.0.slot.lock();
            match std::mem::replace(&mut *slot, Slot::Handed) {
                Slot::Parked(task) => *slot = Slot::Held(task),
                other => {
                    *slot = other;
                    return None;
                }
            }
        }
        Some(Held { deferred: self.0 })
    }
}

/// A started future taken over by the thread that holds this (see
/// `Started::hold`). Dropped, it hands the future back to the runtime: run
/// there from its next wake-up (at once if it was woken meanwhile).
pub struct Held {
    deferred: Arc<Deferred>,
}

impl Held {
    /// Polls the held future here if it was woken. True when it ran.
    pub fn run_if_woken(&mut self) -> bool {
        let task = {
            let mut slot = self.deferred.slot.lock();
            match std::mem::replace(&mut *slot, Slot::Polling) {
                Slot::HeldWoken(task) => task,
                other => {
                    *slot = other;
                    return false;
                }
            }
        };
        self.deferred.poll_here(task, true);
        true
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut slot = self.deferred.slot.lock();
        match std::mem::replace(&mut *slot, Slot::Handed) {
            Slot::Held(task) => *slot = Slot::Parked(task),
            Slot::HeldWoken(task) => {
                drop(slot);
                self.deferred.handle.spawn(task);
            }
            other => *slot = other,
        }
    }
}

/// Runs `fut` on the calling thread up to its first wait, inside the engine
/// runtime's context (its timers and sockets register there), then on the
/// runtime from its first wake-up: the work before the wait (routing,
/// encoding, the write of an idle connection) costs no thread hop. A panic
/// is caught and never unwinds into the caller (a binding's FFI frame): the
/// future is dropped with `dropping_panicked` set. With the fast path off
/// (`idle_fast_path`) it is simply spawned.
pub fn start_here(handle: &Handle, fut: impl std::future::Future<Output = ()> + Send + 'static) {
    let task: Task = Box::pin(fut);
    if !idle_fast_path() {
        handle.spawn(task);
        return;
    }
    keep_started(Some(Deferred::polled_here(handle, task)));
}

/// Leaves a future just polled here for `take_started`, if it waits.
fn keep_started(deferred: Option<Arc<Deferred>>) {
    let parked = deferred.filter(|d| matches!(*d.slot.lock(), Slot::Parked(_)));
    STARTED_HERE.with(|s| *s.borrow_mut() = parked.map(|d| (fork_generation(), d)));
}

/// A ConfigError on an engine thread, where a blocking call would wait for
/// the thread it runs on (every blocking API checks this first).
pub fn blocking_allowed() -> Result<()> {
    if on_engine_thread() {
        return Err(Error::config("blocking call made from an engine thread; use the async API there"));
    }
    Ok(())
}

/// Runs engine work from a thread that is not an engine thread and waits
/// for it (the blocking APIs: `Client::connect_blocking`, `send_blocking`,
/// the C ABI's blocking calls). On an engine thread it would wait for
/// itself, so it refuses with a ConfigError instead.
pub fn block_on<T: Send + 'static>(fut: impl std::future::Future<Output = Result<T>> + Send + 'static) -> Result<T> {
    blocking_allowed()?;
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    handle()?.spawn(async move {
        let _ = tx.send(fut.await);
    });
    // The sender is dropped unsent only when the task panicked (or the
    // runtime shut down under it).
    rx.recv().unwrap_or_else(|_| Err(Error::internal("internal error: the engine task ended without a result (it panicked)")))
}

// ---------------------------------------------------------------- fork() --
//
// A forked child has one thread: the one that called fork(). The engine's
// worker threads are not there, and any lock one of them held at that
// instant stays locked forever in the child. So, around a fork (the host's
// at-fork hooks call these three, e.g. Python's `os.register_at_fork`):
//
// - `prepare_fork` (parent, just before) pauses every worker of the runtime
//   on a gate, outside any engine code, and takes the engine's process-wide
//   locks (the runtime's INIT, the command table's LEARNT), so the child
//   is born with none of them held by a thread it lacks;
// - `after_fork_in_parent` releases them: the parent goes on untouched;
// - `after_fork_in_child` releases them too, forgets the parent's runtime
//   (leaked, never dropped: dropping it would wait for threads that are not
//   there) and bumps the fork generation; the next `runtime()` builds a
//   fresh runtime with threads of the child's own. Clients made before the
//   fork belong to the old generation: shims must leak them and make new
//   ones (new connections; the parent's sockets are never touched).

/// The workers paused by `prepare_fork`: (paused count, released) + condvar.
type Gate = Arc<(Mutex<(usize, bool)>, Condvar)>;
static GATE: Mutex<Option<Gate>> = Mutex::new(None);
/// How long `prepare_fork` waits for every worker to reach the gate (a
/// worker stuck in long work must not stall the host's fork forever).
const PAUSE_WAIT: Duration = Duration::from_secs(1);

/// Before `fork()`: quiesces the engine (see above). Must be followed by
/// exactly one of `after_fork_in_parent` / `after_fork_in_child`, on the
/// same thread. Never call it from an engine thread.
pub fn prepare_fork() {
    std::mem::forget(INIT.lock());
    let current = RUNTIME.load(Ordering::Acquire);
    if !current.is_null() && !on_engine_thread() {
        // SAFETY: a leaked Box, never freed.
        let runtime = unsafe { &*current };
        let gate: Gate = Arc::new((Mutex::new((0, false)), Condvar::new()));
        let workers = BUILT_WORKERS.load(Ordering::SeqCst).max(1);
        for _ in 0..workers {
            let gate = gate.clone();
            // Each task blocks its worker until the fork is done; work
            // stealing hands the others to the workers still free.
            runtime.spawn(async move {
                let (lock, cvar) = &*gate;
                let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
                state.0 += 1;
                cvar.notify_all();
                while !state.1 {
                    state = cvar.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            });
        }
        {
            let (lock, cvar) = &*gate;
            let deadline = Instant::now() + PAUSE_WAIT;
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            while state.0 < workers {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                state = cvar.wait_timeout(state, left).unwrap_or_else(|e| e.into_inner()).0;
            }
        }
        *GATE.lock().unwrap_or_else(|e| e.into_inner()) = Some(gate);
    }
    crate::command_table::lock_for_fork();
    crate::logging::lock_for_fork();
}

/// Releases what `prepare_fork` took; returns the paused gate, if any.
fn release_fork_locks(child: bool) -> Option<Gate> {
    crate::logging::unlock_after_fork(child);
    crate::command_table::unlock_after_fork();
    let gate = GATE.lock().unwrap_or_else(|e| e.into_inner()).take();
    // SAFETY: locked by `prepare_fork` on this thread, its guard forgotten.
    unsafe { INIT.force_unlock() };
    gate
}

/// In the parent after `fork()` (or after a fork that failed): the workers
/// go on.
pub fn after_fork_in_parent() {
    if let Some(gate) = release_fork_locks(false) {
        let (lock, cvar) = &*gate;
        lock.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        cvar.notify_all();
    }
}

/// In the child after `fork()`: the parent's runtime is forgotten (leaked)
/// and the fork generation moves on; the next use builds a new runtime.
pub fn after_fork_in_child() {
    // The gate's workers do not exist here: leak it rather than wake nobody.
    if let Some(gate) = release_fork_locks(true) {
        std::mem::forget(gate);
    }
    RUNTIME.store(std::ptr::null_mut(), Ordering::Release);
    FORK_GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// The fork generation (0 in a process that was never forked from one
/// that used the engine). A client made under another generation than the
/// current one belongs to a parent process.
pub fn fork_generation() -> u64 {
    FORK_GENERATION.load(Ordering::Acquire)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    /// Requests gathered on a host thread are first polled there, before
    /// `gather` returns, then each ends on its own: a panic in one
    /// ends only that one (its guard sees the panic), and one
    /// never woken is never polled again while the others run.
    #[test]
    fn gathered_requests_start_here_and_each_ends_on_its_own() {
        use std::sync::atomic::AtomicUsize;
        struct Guard(Arc<parking_lot::Mutex<Option<bool>>>);
        impl Drop for Guard {
            fn drop(&mut self) {
                // As a request's completion guard tells a panic.
                *self.0.lock() = Some(std::thread::panicking() || dropping_panicked());
            }
        }
        let handle = handle().expect("runtime");
        let here = std::thread::current().id();
        let first_polls = Arc::new(parking_lot::Mutex::new(Vec::new()));
        let ended = Arc::new(AtomicUsize::new(0));
        let panicked_guard = Arc::new(parking_lot::Mutex::new(None));
        let idle_polls = Arc::new(AtomicUsize::new(0));
        let mut senders = Vec::new();
        let (idle_tx, idle_rx) = tokio::sync::oneshot::channel::<()>();
        gather(|| {
            for i in 0..3 {
                let (tx, rx) = tokio::sync::oneshot::channel::<()>();
                senders.push(tx);
                let (polls, ended) = (first_polls.clone(), ended.clone());
                let guard = (i == 1).then(|| Guard(panicked_guard.clone()));
                spawn_request(&handle, async move {
                    // Held across the wait: dropped with the future.
                    let _guard = guard;
                    polls.lock().push(std::thread::current().id());
                    let _ = rx.await;
                    if i == 1 {
                        panic!("injected: one request of the batch panics");
                    }
                    ended.fetch_add(1, Ordering::AcqRel);
                });
            }
            let polls = idle_polls.clone();
            let mut idle_rx = idle_rx;
            spawn_request(&handle, std::future::poll_fn(move |cx| {
                polls.fetch_add(1, Ordering::AcqRel);
                std::future::Future::poll(std::pin::Pin::new(&mut idle_rx), cx).map(|_| ())
            }));
        });
        assert_eq!(*first_polls.lock(), vec![here; 3], "first polled on this thread, before gather returned");
        assert_eq!(idle_polls.load(Ordering::Acquire), 1);
        for tx in senders {
            let _ = tx.send(());
        }
        let until = Instant::now() + Duration::from_secs(10);
        while (ended.load(Ordering::Acquire) < 2 || panicked_guard.lock().is_none()) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(ended.load(Ordering::Acquire), 2, "the two that did not panic ended");
        assert_eq!(*panicked_guard.lock(), Some(true), "the panicking one was dropped as panicked");
        assert_eq!(idle_polls.load(Ordering::Acquire), 1, "a request never woken is not polled again");
        let _ = idle_tx.send(());
        let until = Instant::now() + Duration::from_secs(10);
        while idle_polls.load(Ordering::Acquire) < 2 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(idle_polls.load(Ordering::Acquire), 2, "woken at last, it runs and ends");
    }

    /// A future started here and held runs on the holding thread when it is
    /// woken; one held and let go unrun is run by the runtime.
    #[test]
    fn a_held_future_runs_on_its_holder_or_on_the_runtime_once_let_go() {
        let handle = handle().expect("runtime");
        for run_here in [true, false] {
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let ran_on = Arc::new(parking_lot::Mutex::new(None));
            let done = Arc::new(AtomicBool::new(false));
            let (ran, finished) = (ran_on.clone(), done.clone());
            start_here(&handle, async move {
                let _ = rx.await;
                *ran.lock() = Some(std::thread::current().id());
                finished.store(true, Ordering::Release);
            });
            let mut held = take_started().expect("parked on this thread").hold().expect("held");
            assert!(take_started().is_none(), "taken once");
            std::thread::spawn(move || tx.send(())).join().expect("the sending thread ends").expect("sent");
            if run_here {
                assert!(held.run_if_woken(), "woken: it runs here");
                assert!(done.load(Ordering::Acquire));
                assert_eq!(*ran_on.lock(), Some(std::thread::current().id()));
                drop(held);
            } else {
                drop(held);
                let until = Instant::now() + Duration::from_secs(10);
                while !done.load(Ordering::Acquire) && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(1));
                }
                assert!(done.load(Ordering::Acquire), "the runtime ran it once let go");
                assert_ne!(*ran_on.lock(), Some(std::thread::current().id()));
            }
        }
    }
}
