//! Sessions and cancellation on the C ABI. A session is a dedicated
//! connection of the caller's own (leased on its first command) for WATCH /
//! MULTI / EXEC and anything else that needs one connection's state: the
//! generic commands refuse those with HAVEN_ERROR_CONFIG, since they would
//! change the connection every caller shares.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use haven_core::{Error, RequestOptions};

use crate::{HavenClient, HavenReply};

/// Opens a session and returns its id (never 0). Nothing connects until its
/// first command; it binds to the node that command routes to (in a
/// cluster: the primary of its key's slot, and every later key must share
/// that slot). On failure (a closed client) returns 0 and, if `error_out` is
/// not NULL, stores a message there (free it with `haven_string_free`).
/// Release the session with `haven_client_session_close`.
#[no_mangle]
pub unsafe extern "C" fn haven_client_session_open(client: *const HavenClient, error_out: *mut *mut c_char) -> u64 {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: a non-null `client` comes from haven_client_create/connect
        // and is not freed while calls on it run (the header's contract).
        let Some(handle) = (unsafe { client.as_ref() }) else {
            return Err(Error::config("client: NULL pointer"));
        };
        handle.client.open_session()
    }));
    crate::outcome(outcome, error_out).unwrap_or(0)
}

/// Sends a command given as argv on session `session`'s connection and
/// waits for its reply (at most the request timeout; a blocking command's
/// own timeout more). WATCH, MULTI, EXEC, DISCARD, SELECT and the like are
/// allowed here. An EXEC aborted because a WATCHed key changed is an error
/// reply of kind HAVEN_ERROR_WATCH. After a failover, a redirect or a lost
/// link every command of the session fails (HAVEN_ERROR_CLUSTER or
/// HAVEN_ERROR_CONNECTION): close it and open another. Returns a reply the
/// caller frees with `haven_reply_free`; never NULL. Must not be called
/// from a callback.
#[no_mangle]
pub unsafe extern "C" fn haven_client_session_command_blocking(
    client: *const HavenClient,
    session: u64,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
) -> *mut HavenReply {
    let options = RequestOptions { session: Some(session), ..Default::default() };
    // SAFETY: forwarded caller contract on client, argv and argv_len.
    unsafe { crate::command_blocking(client, argc, argv, argv_len, Ok(options)) }
}

/// Releases a session: its WATCH or MULTI is undone and its connection goes
/// back to the pool (closed when its state cannot be undone, e.g. after
/// SELECT). Returns 1 if the session was open, 0 otherwise (unknown id,
/// already closed, NULL client).
#[no_mangle]
pub unsafe extern "C" fn haven_client_session_close(client: *const HavenClient, session: u64) -> i32 {
    // SAFETY: see haven_client_session_open.
    let Some(handle) = (unsafe { client.as_ref() }) else { return 0 };
    catch_unwind(AssertUnwindSafe(|| handle.client.close_session(session))).map_or(0, i32::from)
}

/// Cancels a request sent with `haven_client_submit` whose
/// CommandRequest.id is `request_id`, if it is a blocking command (BLPOP,
/// XREAD BLOCK, ...) or a session command still running: its callback is
/// called with an error, and a command still blocked on the server is
/// unblocked there, so nothing it would have taken (a list element) is
/// lost. Other requests, and ids not running, are left alone.
#[no_mangle]
pub unsafe extern "C" fn haven_client_cancel(client: *const HavenClient, request_id: u64) {
    // SAFETY: see haven_client_session_open.
    if let Some(handle) = unsafe { client.as_ref() } {
        let _ = catch_unwind(AssertUnwindSafe(|| handle.client.cancel(request_id)));
    }
}
