//! The C ABI's caching: the client-side cache's counters, and cache-aside
//! (`haven_client_get_or_load`) and write-through
//! (`haven_client_write_through`) with loaders and writers written in C. The
//! cache itself is configured with the builder's "cache_*" settings (see
//! `config`); reads of the listed commands then go through it unchanged.

use std::ffi::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use haven_core::{runtime, Error, LoadOptions, Value, WriteMode};

use crate::config::text;
use crate::{panic_message, HavenClient, HavenReply, UserData};

/// The client-side cache's counters (all zero without a cache) and
/// `haven_client_get_or_load`'s.
#[repr(C)]
#[derive(Default)]
pub struct HavenCacheStats {
    pub hits: u64,
    pub misses: u64,
    /// Last known values served, marked stale, while their node was down.
    pub stale_served: u64,
    pub invalidations: u64,
    pub evictions: u64,
    /// Reads that waited for an identical read in flight.
    pub coalesced: u64,
    pub flushes: u64,
    pub entries: u64,
    pub bytes: u64,
    /// get_or_load: loader runs, callers that waited for another caller's
    /// load, waits for another process's lease, loader failures, calls
    /// answered by the loader because Redis was unreachable.
    pub loader_calls: u64,
    pub load_coalesced: u64,
    pub lease_waits: u64,
    pub loader_errors: u64,
    pub cache_unavailable: u64,
}

/// What a loader or writer hands back (opaque): set a value or an error with
/// `haven_load_set_value` / `haven_load_set_error` before returning.
pub struct HavenLoad {
    outcome: Option<Result<Bytes, String>>,
}

/// A loader: produces the value of `key` from the source of truth, by
/// calling haven_load_set_value (or haven_load_set_error) on `load`. Runs on
/// a thread of haven's blocking pool; at most one per key in the process.
pub type HavenLoaderCallback =
    Option<extern "C" fn(user_data: *mut c_void, key: *const u8, key_len: usize, load: *mut HavenLoad)>;

/// Sets the loaded value (copied). Later calls replace it.
#[no_mangle]
pub unsafe extern "C" fn haven_load_set_value(load: *mut HavenLoad, value: *const u8, len: usize) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `load` is the handle haven passed to the running callback
        // (valid until it returns); `value` points to `len` bytes.
        let Some(load) = (unsafe { load.as_mut() }) else { return };
        load.outcome = Some(Ok(unsafe { copied(value, len) }));
    }));
}

/// Marks the load (or write) as failed with `message` (copied).
#[no_mangle]
pub unsafe extern "C" fn haven_load_set_error(load: *mut HavenLoad, message: *const c_char) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in haven_load_set_value.
        let Some(load) = (unsafe { load.as_mut() }) else { return };
        let message = text("message", message).map(str::to_string).unwrap_or_else(|e| e.message().to_string());
        load.outcome = Some(Err(message));
    }));
}

/// Fills `out` with the counters. Returns 0, or -1 for NULL arguments.
#[no_mangle]
pub unsafe extern "C" fn haven_client_cache_stats(client: *const HavenClient, out: *mut HavenCacheStats) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: a live handle (header contract) and writable `out`.
        let (Some(handle), Some(out)) = (unsafe { client.as_ref() }, unsafe { out.as_mut() }) else { return -1 };
        let c = handle.client.cache_stats().unwrap_or_default();
        let l = handle.client.load_stats();
        *out = HavenCacheStats {
            hits: c.hits,
            misses: c.misses,
            stale_served: c.stale_served,
            invalidations: c.invalidations,
            evictions: c.evictions,
            coalesced: c.coalesced,
            flushes: c.flushes,
            entries: c.entries,
            bytes: c.bytes,
            loader_calls: l.loader_calls,
            load_coalesced: l.coalesced,
            lease_waits: l.lease_waits,
            loader_errors: l.loader_errors,
            cache_unavailable: l.cache_unavailable,
        };
        0
    }));
    result.unwrap_or(-1)
}

/// Runs a C callback on the blocking pool and returns what it set (None:
/// nothing).
async fn call_c(
    callback: extern "C" fn(*mut c_void, *const u8, usize, *mut HavenLoad),
    user: Arc<UserData>,
    key: Bytes,
    what: &'static str,
) -> Result<Option<Bytes>, String> {
    let call = tokio::task::spawn_blocking(move || {
        let mut load = HavenLoad { outcome: None };
        callback(user.0, key.as_ptr(), key.len(), &mut load);
        load.outcome
    });
    match call.await {
        Ok(Some(outcome)) => outcome.map(Some),
        Ok(None) => Ok(None),
        Err(e) => Err(format!("the {what} did not complete: {e}")),
    }
}

/// The caller's `len` bytes at `p`, copied; NULL or 0 is empty.
///
/// # Safety
/// A non-null `p` must point to `len` readable bytes for this call.
unsafe fn copied(p: *const u8, len: usize) -> Bytes {
    if p.is_null() || len == 0 {
        return Bytes::new();
    }
    // SAFETY: non-null, and `len` readable bytes by this function's contract.
    Bytes::copy_from_slice(unsafe { std::slice::from_raw_parts(p, len) })
}

fn key_bytes<'a>(key: *const u8, key_len: usize) -> Result<&'a [u8], Error> {
    if key.is_null() || key_len == 0 {
        return Err(Error::config("key: NULL or empty"));
    }
    // SAFETY: non-null; the caller passes `key_len` readable bytes for the
    // duration of the call (copied before it returns).
    Ok(unsafe { std::slice::from_raw_parts(key, key_len) })
}

/// Cache-aside: the string value of `key`; on a miss `loader` produces it
/// (one loader per key in this process; with `lease_ms` > 0 one in the
/// fleet) and it is stored for `ttl_ms` (jittered 10% down). When Redis is
/// unreachable the loader's value is returned all the same. Blocks; must not
/// be called from a haven callback. Returns a reply to free with
/// haven_reply_free: a bulk string, or an error (a loader's error as a
/// ResponseError "the loader failed: ..."). `user_data` must stay valid
/// until this returns.
#[no_mangle]
pub unsafe extern "C" fn haven_client_get_or_load(
    client: *const HavenClient,
    key: *const u8,
    key_len: usize,
    ttl_ms: u64,
    lease_ms: u64,
    loader: HavenLoaderCallback,
    user_data: *mut c_void,
) -> *mut HavenReply {
    let user = Arc::new(UserData(user_data));
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: a live handle (header contract).
        let handle = unsafe { client.as_ref() }.ok_or_else(|| Error::config("client: NULL pointer"))?;
        let loader = loader.ok_or_else(|| Error::config("loader: NULL function pointer"))?;
        let key = Bytes::copy_from_slice(key_bytes(key, key_len)?);
        let mut options = LoadOptions::new(Duration::from_millis(ttl_ms));
        options.lease = (lease_ms > 0).then(|| Duration::from_millis(lease_ms));
        let client = handle.client.clone();
        runtime::block_on(async move {
            let load_key = key.clone();
            let load = move || async move {
                call_c(loader, user, load_key, "loader")
                    .await?
                    .ok_or_else(|| "the loader set neither a value nor an error".to_string())
            };
            let value = client.get_or_load(key, options, load).await?;
            Ok(Value::BulkString(value))
        })
    }));
    match result {
        Ok(r) => HavenReply::boxed(r),
        Err(p) => HavenReply::boxed_error(&Error::connection(panic_message(p))),
    }
}

/// Write-through: `writer` writes `key` to the source of truth (it signals
/// failure with haven_load_set_error; a value it sets is ignored), then the
/// cache is updated with `value` for `ttl_ms` (`invalidate` false) or the
/// key deleted (`invalidate` true). If Redis cannot be reached then, the key
/// is deleted once it answers again and the call still succeeds. Blocks.
/// Returns a reply to free: OK, or an error (the writer's, or bad input).
#[no_mangle]
pub unsafe extern "C" fn haven_client_write_through(
    client: *const HavenClient,
    key: *const u8,
    key_len: usize,
    value: *const u8,
    value_len: usize,
    ttl_ms: u64,
    invalidate: bool,
    writer: HavenLoaderCallback,
    user_data: *mut c_void,
) -> *mut HavenReply {
    let user = Arc::new(UserData(user_data));
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: a live handle (header contract).
        let handle = unsafe { client.as_ref() }.ok_or_else(|| Error::config("client: NULL pointer"))?;
        let writer = writer.ok_or_else(|| Error::config("writer: NULL function pointer"))?;
        let key = Bytes::copy_from_slice(key_bytes(key, key_len)?);
        // SAFETY: the caller passes `value_len` readable bytes (or NULL).
        let value = unsafe { copied(value, value_len) };
        let mode = if invalidate { WriteMode::Invalidate } else { WriteMode::Update };
        let client = handle.client.clone();
        runtime::block_on(async move {
            let write_key = key.clone();
            client
                .write_through(key, value, Duration::from_millis(ttl_ms), mode, move || async move {
                    call_c(writer, user, write_key, "writer").await.map(|_| ())
                })
                .await?;
            Ok(Value::SimpleString(Bytes::from_static(b"OK")))
        })
    }));
    match result {
        Ok(r) => HavenReply::boxed(r),
        Err(p) => HavenReply::boxed_error(&Error::connection(panic_message(p))),
    }
}
