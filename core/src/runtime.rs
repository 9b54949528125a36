//! The process-wide tokio runtime that runs every connection, timer and
//! request of the engine. Callers never need tokio: the first use builds it
//! (worker threads named `haven-worker-N`), and `configure` may size it first.

use once_cell::sync::OnceCell;
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::runtime::{Handle, Runtime};

use crate::error::{Error, Result};

static RUNTIME: OnceCell<Runtime> = OnceCell::new();
static WORKER_THREADS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Set on the engine's own threads when they start.
    static ENGINE_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Sets the number of worker threads. Must be called before the first client
/// is created; afterwards it returns a ConfigError. 0 means one per core.
pub fn configure(worker_threads: usize) -> Result<()> {
    if RUNTIME.get().is_some() {
        return Err(Error::config("runtime worker_threads: the runtime is already running"));
    }
    WORKER_THREADS.store(worker_threads, Ordering::SeqCst);
    Ok(())
}

/// The engine's runtime, built on first use.
pub fn runtime() -> Result<&'static Runtime> {
    RUNTIME.get_or_try_init(|| {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        let threads = match WORKER_THREADS.load(Ordering::SeqCst) {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            n => n,
        };
        let counter = AtomicUsize::new(0);
        builder
            .worker_threads(threads)
            .thread_name_fn(move || format!("haven-worker-{}", counter.fetch_add(1, Ordering::Relaxed)))
            .on_thread_start(|| ENGINE_THREAD.with(|f| f.set(true)))
            .enable_all()
            .build()
            .map_err(|e| Error::config(format!("could not start the engine runtime: {e}")))
    })
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

/// Runs engine work from a thread that is not an engine thread and waits
/// for it (the blocking APIs: `Client::connect_blocking`, `send_blocking`,
/// the C ABI's blocking calls). On an engine thread it would wait for
/// itself, so it refuses with a ConfigError instead.
pub fn block_on<T: Send + 'static>(fut: impl std::future::Future<Output = Result<T>> + Send + 'static) -> Result<T> {
    if on_engine_thread() {
        return Err(Error::config("blocking call made from an engine thread; use the async API there"));
    }
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    handle()?.spawn(async move {
        let _ = tx.send(fut.await);
    });
    rx.recv().unwrap_or_else(|_| Err(Error::connection("engine task ended without a result")))
}
