//! haven's C ABI. Two ways in:
//!
//! * the shims' path: a serialized `ClientConfig` creates a client, a
//!   serialized `CommandRequest` goes in with a completion callback, and a
//!   serialized `Response` comes back;
//! * the plain C path, without any protobuf library: a config builder
//!   (`haven_config_*`), a command as argv, and accessor functions to read
//!   the reply tree (`haven_reply_*`).
//!
//! `ha` adds events, custom health checks and the multi-endpoint controls;
//! `cache` the client-side cache's counters, cache-aside and write-through;
//! `session` sessions (WATCH / MULTI / EXEC) and cancelling requests;
//! `credentials` a credential provider written in C and its refresh;
//! `park` the parking counters and commands with per-request options
//! (timeout, resend_safe); `logs` the engine's log records to a C callback.
//!
//! Callbacks run on the engine's threads, once per request, possibly before
//! the submitting call returns. No panic crosses this boundary: every entry
//! point catches unwinding and reports it as an error.

#![allow(clippy::missing_safety_doc)]

mod cache;
mod config;
mod credentials;
mod ha;
mod logs;
mod park;
mod pubsub;
mod reply;
mod session;
mod telemetry;

use std::ffi::{c_char, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use bytes::Bytes;
use haven_core::engine::convert::encode_response;
use haven_core::{runtime, Client, Cmd, Error, RequestOptions};

pub use cache::*;
pub use config::*;
pub use credentials::*;
pub use ha::*;
pub use logs::*;
pub use park::*;
pub use pubsub::*;
pub use reply::*;
pub use session::*;

/// A connected client. Create with `haven_client_connect` or
/// `haven_client_create`; release with `haven_client_free`.
pub struct HavenClient {
    client: Client,
    /// Event and health-check callbacks pass through it (see `ha`).
    gate: std::sync::Arc<ha::CallbackGate>,
}

impl HavenClient {
    /// The engine client behind this handle: for benchmarks that time the C
    /// ABI against the Rust call on the very same connection.
    #[doc(hidden)]
    pub fn engine_client(&self) -> &Client {
        &self.client
    }
}

/// Called once with a serialized `Response`; the bytes are valid only during
/// the call. `user_data` must stay valid until the callback has returned
/// (not merely until the caller has seen its effect): free or reuse it from
/// within the callback, or after it returned.
pub type HavenResponseCallback = Option<extern "C" fn(user_data: *mut c_void, response: *const u8, len: usize)>;

/// Called once with the reply of a plain command; the callee owns `reply`
/// and frees it with `haven_reply_free`. `user_data` must stay valid until
/// the callback has returned.
pub type HavenReplyCallback = Option<extern "C" fn(user_data: *mut c_void, reply: *mut HavenReply)>;

/// A user_data pointer carried to an engine thread. The C caller promises,
/// by the contract of the submitting functions, that it may be used there.
pub(crate) struct UserData(pub(crate) *mut c_void);
// SAFETY: the pointer is never dereferenced by Rust; it is handed back to the
// caller's callback, and the header documents that callbacks run on engine
// threads, so the caller has agreed to that use across threads.
unsafe impl Send for UserData {}
// SAFETY: as for Send: Rust only copies the pointer value; sharing it between
// threads (a health check's calls) is what the caller agreed to.
unsafe impl Sync for UserData {}

pub(crate) fn set_error(out: *mut *mut c_char, message: &str) {
    if out.is_null() {
        return;
    }
    let text = CString::new(message.replace('\0', " ")).unwrap_or_default();
    // SAFETY: `out` is non-null and, per the header, points to writable
    // storage for one `char *`.
    unsafe { *out = text.into_raw() };
}

/// An entry point's outcome: the value, or None with the message (or the
/// caught panic's) stored in `error_out`.
pub(crate) fn outcome<T>(result: std::thread::Result<Result<T, Error>>, error_out: *mut *mut c_char) -> Option<T> {
    match result {
        Ok(Ok(value)) => Some(value),
        Ok(Err(e)) => {
            set_error(error_out, &e.to_string());
            None
        }
        Err(p) => {
            set_error(error_out, &panic_message(p));
            None
        }
    }
}

/// A connect outcome as the C ABI returns it: a handle, or NULL with the
/// message stored in `error_out`.
pub(crate) fn client_or_error(
    result: std::thread::Result<Result<Client, Error>>,
    error_out: *mut *mut c_char,
) -> *mut HavenClient {
    client_with_gate(result, Default::default(), error_out)
}

/// `client_or_error` for a client whose callbacks were registered before it
/// connected, through `gate` (closed when the connect failed).
pub(crate) fn client_with_gate(
    result: std::thread::Result<Result<Client, Error>>,
    gate: std::sync::Arc<ha::CallbackGate>,
    error_out: *mut *mut c_char,
) -> *mut HavenClient {
    match outcome(result, error_out) {
        Some(client) => Box::into_raw(Box::new(HavenClient { client, gate })),
        None => {
            gate.close();
            ptr::null_mut()
        }
    }
}

/// A status return: 0, or -1 with the message in `*error_out`.
pub(crate) fn status(result: std::thread::Result<Result<(), Error>>, error_out: *mut *mut c_char) -> i32 {
    outcome(result, error_out).map_or(-1, |()| 0)
}

pub(crate) fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    let what = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("internal error in haven (please report): {what}")
}

/// Creates a client from a serialized `haven.v1.ClientConfig` and connects
/// it (unless lazy_connect). Blocks until connected or failed. On failure
/// returns NULL and, if `error_out` is not NULL, stores a message there that
/// the caller frees with `haven_string_free`.
#[no_mangle]
pub unsafe extern "C" fn haven_client_create(config: *const u8, config_len: usize, error_out: *mut *mut c_char) -> *mut HavenClient {
    let result = catch_unwind(AssertUnwindSafe(|| {
        if config.is_null() && config_len > 0 {
            return Err(Error::config("config: NULL pointer with a non-zero length"));
        }
        let bytes: &[u8] = if config_len == 0 {
            &[]
        } else {
            // SAFETY: non-null (checked) and the caller guarantees `config`
            // points to `config_len` readable bytes for this call.
            unsafe { std::slice::from_raw_parts(config, config_len) }
        };
        let config = haven_core::config::decode_client_config(bytes)?;
        Client::connect_blocking(config)
    }));
    client_or_error(result, error_out)
}

/// Submits a serialized `haven.v1.CommandRequest`. `callback` is called
/// exactly once with a serialized `haven.v1.Response` (malformed input gives
/// a Response carrying a ConfigError). Never blocks. The request bytes are
/// copied before this returns.
#[no_mangle]
pub unsafe extern "C" fn haven_client_submit(
    client: *const HavenClient,
    request: *const u8,
    request_len: usize,
    callback: HavenResponseCallback,
    user_data: *mut c_void,
) {
    let Some(callback) = callback else { return };
    let user = UserData(user_data);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let respond_now = |e: Error| {
            let bytes = encode_response(0, Err(e));
            callback(user.0, bytes.as_ptr(), bytes.len());
        };
        // SAFETY: a non-null `client` comes from haven_client_create/connect
        // and is not freed while calls on it run (the header's contract).
        let Some(handle) = (unsafe { client.as_ref() }) else {
            return respond_now(Error::config("client: NULL pointer"));
        };
        if request.is_null() && request_len > 0 {
            return respond_now(Error::config("request: NULL pointer with a non-zero length"));
        }
        let bytes: &[u8] = if request_len == 0 {
            &[]
        } else {
            // SAFETY: non-null (checked); the caller guarantees `request_len`
            // readable bytes for the duration of this call.
            unsafe { std::slice::from_raw_parts(request, request_len) }
        };
        let user = UserData(user.0);
        start_from_caller(&handle.client, |here| {
            handle.client.submit_on(
                bytes,
                move |response| {
                    let user = user;
                    callback(user.0, response.as_ptr(), response.len());
                },
                here,
            )
        });
    }));
    if let Err(p) = outcome {
        let bytes = encode_response(0, Err(Error::internal(panic_message(p))));
        callback(user_data, bytes.as_ptr(), bytes.len());
    }
}

/// Starts a request submitted on the caller's thread (`submit(here)`): a
/// lone caller's on this thread (`here`; written from it to an idle
/// connection: one thread wake-up fewer per request), any other first
/// polled here too (`runtime::gather`): routed and queued before this
/// returns, so requests submitted one after another from a thread reach
/// their connection in that order (spawned, two engine workers could run
/// them the other way round).
fn start_from_caller(client: &Client, submit: impl FnOnce(bool)) {
    let here = client.is_idle();
    runtime::gather(|| submit(here));
}

/// Copies `argc` byte strings (pointers and lengths), naming `what` and
/// the array (`name`) in errors; 0 of them: an empty list.
///
/// # Safety
/// `argv` and `argv_len` hold `argc` readable entries (when `argc` > 0),
/// each pointer `argv_len[i]` readable bytes, for this call.
pub(crate) unsafe fn read_argv(
    what: &str,
    name: &str,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
) -> Result<Vec<Bytes>, Error> {
    if argc == 0 {
        return Ok(Vec::new());
    }
    if argv.is_null() || argv_len.is_null() {
        return Err(Error::config(format!("{what}: {name} or {name}_len is NULL")));
    }
    // SAFETY: both non-null (checked); the caller guarantees `argc` entries
    // in each array for the duration of this call.
    let (ptrs, lens) = unsafe { (std::slice::from_raw_parts(argv, argc), std::slice::from_raw_parts(argv_len, argc)) };
    let mut args = Vec::with_capacity(argc);
    for (i, (&p, &len)) in ptrs.iter().zip(lens).enumerate() {
        if p.is_null() && len > 0 {
            return Err(Error::config(format!("{what}: {name}[{i}] is NULL with length {len}")));
        }
        let arg = if len == 0 {
            Bytes::new()
        } else {
            // SAFETY: non-null (checked); argv[i] points to argv_len[i]
            // readable bytes per the caller's contract. Copied at once.
            Bytes::copy_from_slice(unsafe { std::slice::from_raw_parts(p, len) })
        };
        args.push(arg);
    }
    Ok(args)
}

/// Builds a command from argv, or says which argument is wrong.
pub(crate) unsafe fn command_from_argv(argc: usize, argv: *const *const u8, argv_len: *const usize) -> Result<Cmd, Error> {
    if argc == 0 {
        return Err(Error::config("command: empty command (argc is 0)"));
    }
    // SAFETY: forwarded caller contract.
    let args = unsafe { read_argv("command", "argv", argc, argv, argv_len) }?;
    let cmd = Cmd::from_args(args);
    if cmd.is_empty() {
        return Err(Error::config("command: argv[0] (the command name) is empty"));
    }
    Ok(cmd)
}

/// Sends a command given as argv (`argc` arguments, each `argv_len[i]`
/// bytes). `callback` is called exactly once with a reply the callee frees
/// with `haven_reply_free`; errors arrive as a reply of type
/// HAVEN_REPLY_ERROR. Never blocks; the arguments are copied before this
/// returns.
#[no_mangle]
pub unsafe extern "C" fn haven_client_command(
    client: *const HavenClient,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
    callback: HavenReplyCallback,
    user_data: *mut c_void,
) {
    // SAFETY: forwarded caller contract (a live handle or NULL; argc
    // readable entries in argv and argv_len).
    unsafe { command_async(client, argc, argv, argv_len, Ok(RequestOptions::default()), callback, user_data) }
}

/// The body of every asynchronous argv call: checks the handle and the
/// arguments and submits the command with `options`; `callback` gets the
/// reply (or the error, a panic included) exactly once.
///
/// # Safety
/// `client` is NULL or a live handle; `argv` and `argv_len` hold `argc`
/// readable entries for this call.
pub(crate) unsafe fn command_async(
    client: *const HavenClient,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
    options: Result<RequestOptions, Error>,
    callback: HavenReplyCallback,
    user_data: *mut c_void,
) {
    let Some(callback) = callback else { return };
    let user = UserData(user_data);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: see haven_client_submit.
        let Some(handle) = (unsafe { client.as_ref() }) else {
            return callback(user.0, HavenReply::boxed_error(&Error::config("client: NULL pointer")));
        };
        let options = match options {
            Ok(o) => o,
            Err(e) => return callback(user.0, HavenReply::boxed_error(&e)),
        };
        // SAFETY: forwarded caller contract on argv/argv_len.
        match unsafe { command_from_argv(argc, argv, argv_len) } {
            Err(e) => callback(user.0, HavenReply::boxed_error(&e)),
            Ok(cmd) => {
                let user = UserData(user.0);
                start_from_caller(&handle.client, |here| {
                    handle.client.submit_cmd_on(
                        cmd,
                        options,
                        move |result| {
                            let user = user;
                            callback(user.0, HavenReply::boxed(result));
                        },
                        here,
                    )
                });
            }
        }
    }));
    if let Err(p) = outcome {
        callback(user_data, HavenReply::boxed_error(&Error::internal(panic_message(p))));
    }
}

/// Sends a command given as argv and waits for its reply (at most the
/// request timeout). Returns a reply the caller frees with
/// `haven_reply_free`; never NULL. Must not be called from a callback.
#[no_mangle]
pub unsafe extern "C" fn haven_client_command_blocking(
    client: *const HavenClient,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
) -> *mut HavenReply {
    // SAFETY: forwarded caller contract (a live handle or NULL; argc
    // readable entries in argv and argv_len).
    unsafe { command_blocking(client, argc, argv, argv_len, Ok(RequestOptions::default())) }
}

/// The body of every blocking argv call: checks the handle and the
/// arguments, runs the command with `options` and waits on this
/// (non-engine) thread. A panic, here or in the engine's task (which
/// `runtime::block_on` reports), is an InternalError reply.
///
/// # Safety
/// `client` is NULL or a live handle; `argv` and `argv_len` hold `argc`
/// readable entries for this call.
pub(crate) unsafe fn command_blocking(
    client: *const HavenClient,
    argc: usize,
    argv: *const *const u8,
    argv_len: *const usize,
    options: Result<RequestOptions, Error>,
) -> *mut HavenReply {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: see haven_client_submit.
        let Some(handle) = (unsafe { client.as_ref() }) else {
            return HavenReply::boxed_error(&Error::config("client: NULL pointer"));
        };
        let options = match options {
            Ok(o) => o,
            Err(e) => return HavenReply::boxed_error(&e),
        };
        // SAFETY: forwarded caller contract on argv/argv_len.
        match unsafe { command_from_argv(argc, argv, argv_len) } {
            Err(e) => HavenReply::boxed_error(&e),
            Ok(cmd) => HavenReply::boxed(handle.client.send_blocking(cmd, options)),
        }
    }));
    outcome.unwrap_or_else(|p| HavenReply::boxed_error(&Error::internal(panic_message(p))))
}

/// Closes the client's connections; requests in flight end with
/// ClosingError. The handle stays valid until `haven_client_free`.
#[no_mangle]
pub unsafe extern "C" fn haven_client_close(client: *const HavenClient) {
    // SAFETY: see haven_client_submit.
    if let Some(handle) = unsafe { client.as_ref() } {
        let _ = catch_unwind(AssertUnwindSafe(|| handle.client.close()));
    }
}

/// Closes and releases the client. NULL is ignored. No call on the handle
/// may run at the same time or after. When it returns, no event or health
/// check callback of this client runs any more (it waits for running ones),
/// unless it was called from inside such a callback.
#[no_mangle]
pub unsafe extern "C" fn haven_client_free(client: *mut HavenClient) {
    if client.is_null() {
        return;
    }
    // SAFETY: non-null and created by Box::into_raw in this library; the
    // caller gives up the handle here (documented).
    let handle = unsafe { Box::from_raw(client) };
    let _ = catch_unwind(AssertUnwindSafe(|| {
        handle.client.close();
        handle.gate.close();
    }));
}

/// Frees a string returned by haven (error messages). NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn haven_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: every string haven hands out comes from CString::into_raw.
        drop(unsafe { CString::from_raw(s) });
    }
}
