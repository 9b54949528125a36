//! The C ABI's side of riding through failovers: a request whose primary
//! cannot be reached waits, parked, for a new primary until its deadline
//! (config `fail_fast` = true fails it at once instead). Here: the parking
//! counters, and commands with per-request options (a write marked
//! `resend_safe` is sent again when its link died with it on the wire).

use std::ffi::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use haven_core::{Error, RequestOptions};

use crate::{HavenClient, HavenReply, HavenReplyCallback};

/// Requests that waited, parked, for a reachable primary.
#[repr(C)]
#[derive(Default, Debug, Clone, Copy)]
pub struct HavenParkStats {
    /// Waiting now.
    pub parked_now: u64,
    /// Ever waited.
    pub parked_total: u64,
    /// Of those, sent on after the wait (the rest met their deadline or the
    /// client closed).
    pub resumed: u64,
    /// The longest wait, in ms.
    pub longest_wait_ms: u64,
}

/// Per-request options of `haven_client_command_with` and
/// `haven_client_command_blocking_with`; zero-initialize for the defaults.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HavenRequestOptions {
    /// Overrides the client's request timeout (0: the client's).
    pub timeout_ms: u64,
    /// The command may run twice: a write on the wire when its node's link
    /// died is sent again to the new primary (by default it fails with
    /// HAVEN_ERROR_CONNECTION, since the server may have run it).
    pub resend_safe: bool,
    /// Where the command goes instead of where its keys say: NULL or ""
    /// (its keys decide), "all_primaries", "all_nodes", "random",
    /// "primary" or a node's "host:port"; a bad one is a ConfigError reply.
    pub route: *const c_char,
}

impl Default for HavenRequestOptions {
    fn default() -> Self {
        HavenRequestOptions { timeout_ms: 0, resend_safe: false, route: std::ptr::null() }
    }
}

impl HavenRequestOptions {
    fn engine(&self) -> Result<RequestOptions, Error> {
        let route = if self.route.is_null() {
            Default::default()
        } else {
            haven_core::engine::convert::route_from_text(crate::config::text("route", self.route)?)?
        };
        Ok(RequestOptions {
            timeout: (self.timeout_ms > 0).then(|| Duration::from_millis(self.timeout_ms)),
            resend_safe: self.resend_safe,
            route,
            ..Default::default()
        })
    }
}

/// Fills `out` with the parking counters. Returns 0, or -1 for NULL
/// arguments.
#[no_mangle]
pub unsafe extern "C" fn haven_client_park_stats(client: *const HavenClient, out: *mut HavenParkStats) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: a live handle (header contract) and writable `out`.
        let (Some(handle), Some(out)) = (unsafe { client.as_ref() }, unsafe { out.as_mut() }) else { return -1 };
        let s = handle.client.park_stats();
        *out = HavenParkStats {
            parked_now: s.parked_now,
            parked_total: s.parked_total,
            resumed: s.resumed,
            longest_wait_ms: s.longest_wait_ms,
        };
        0
    }));
    result.unwrap_or(-1)
}

/// `haven_client_command` with per-request options (`options` NULL: the
/// defaults).
#[no_mangle]
pub unsafe extern "C" fn haven_client_command_with(
    client: *const HavenClient,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
    options: *const HavenRequestOptions,
    callback: HavenReplyCallback,
    user_data: *mut c_void,
) {
    // SAFETY: `options` NULL or readable (header contract); the rest is
    // forwarded to command_async's contract.
    let options = unsafe { options.as_ref() }.copied().unwrap_or_default();
    unsafe { crate::command_async(client, argc, argv, argv_len, options.engine(), callback, user_data) }
}

/// `haven_client_command_blocking` with per-request options (`options`
/// NULL: the defaults). Returns a reply the caller frees with
/// `haven_reply_free`; never NULL. Must not be called from a callback.
#[no_mangle]
pub unsafe extern "C" fn haven_client_command_blocking_with(
    client: *const HavenClient,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
    options: *const HavenRequestOptions,
) -> *mut HavenReply {
    // SAFETY: a readable options struct or NULL (the defaults).
    let options = unsafe { options.as_ref() }.copied().unwrap_or_default();
    // SAFETY: forwarded caller contract on client, argv and argv_len.
    unsafe { crate::command_blocking(client, argc, argv, argv_len, options.engine()) }
}
