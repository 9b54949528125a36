//! The C ABI's high-availability controls: engine events delivered to a C
//! callback, custom health checks written in C, and the multi-endpoint
//! controls (manual switch, active endpoint, per-endpoint health, weights,
//! removal). Every callback a client registers passes through its
//! `CallbackGate`, so that once `haven_client_free` has returned none of them
//! runs again (unless free was called from inside one of them).

use std::cell::Cell;
use std::ffi::{c_char, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use haven_core::deployment::BoxFuture;
use haven_core::proto::{self, EventKind};
use haven_core::{runtime, Error, Value};
use parking_lot::RwLock;
use tokio::sync::broadcast::error::RecvError;

use crate::config::text;
use crate::{panic_message, status, HavenClient, HavenReply, UserData};

thread_local! {
    /// True while this thread runs a user callback.
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Lets callbacks run until the client is freed, then waits for the ones
/// running and refuses the rest.
#[derive(Default)]
pub(crate) struct CallbackGate {
    closed: AtomicBool,
    running: RwLock<()>,
}

impl CallbackGate {
    /// Runs `f` unless the gate is closed; false when it was.
    pub(crate) fn call<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        let _running = self.running.read();
        if self.closed.load(Ordering::Acquire) {
            return None;
        }
        let was = IN_CALLBACK.with(|c| c.replace(true));
        let result = catch_unwind(AssertUnwindSafe(f));
        IN_CALLBACK.with(|c| c.set(was));
        result.ok()
    }

    /// No callback starts after this; waits for the running ones unless
    /// called from inside a callback (which would wait for itself).
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        if !IN_CALLBACK.with(|c| c.get()) {
            drop(self.running.write());
        }
    }
}

/// An engine event as C sees it. Strings are NUL-terminated UTF-8 (empty
/// when not applicable) and valid only during the callback.
#[repr(C)]
pub struct HavenEvent {
    /// The `haven.v1.EventKind` number (e.g. 6 = FAILOVER); 0 with
    /// `kind_name` "EVENTS_DROPPED" when a slow callback made haven drop
    /// events (`reason` says how many).
    pub kind: i32,
    /// The kind's name: "FAILOVER", "FAILBACK", "CIRCUIT_OPENED",
    /// "PRIMARY_CHANGED", "TOPOLOGY_CHANGED", ...
    pub kind_name: *const c_char,
    /// The endpoint (multi-endpoint) or deployment it concerns.
    pub endpoint: *const c_char,
    /// The node "host:port" it concerns, if any.
    pub node: *const c_char,
    /// For failover, failback and switches: where traffic went from and to.
    pub from: *const c_char,
    pub to: *const c_char,
    pub reason: *const c_char,
    pub time_unix_ms: i64,
}

/// Receives every engine event of a client, on an engine thread, one at a
/// time and in order. Must return quickly and must not call
/// haven_client_free or a blocking haven function.
pub type HavenEventCallback =
    Option<extern "C" fn(user_data: *mut c_void, event: *const HavenEvent)>;

/// A custom health check: answers whether the endpoint named `endpoint` is
/// healthy (true) or not. Runs on a thread of haven's blocking pool (the
/// probes of one round call it concurrently); at most
/// `MAX_CHECKS_IN_FLIGHT` calls per endpoint run at once, a probe beyond
/// that (callbacks that hang) fails at once. The check's timeout_ms applies.
pub type HavenHealthCheckCallback =
    Option<extern "C" fn(user_data: *mut c_void, endpoint: *const c_char) -> bool>;

/// Concurrent C health-check calls per endpoint: bounds the blocking threads
/// hung callbacks can hold.
const MAX_CHECKS_IN_FLIGHT: usize = 16;

fn c_text(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

fn deliver(
    callback: extern "C" fn(*mut c_void, *const HavenEvent),
    user: &UserData,
    e: &proto::Event,
) {
    // Kind 0 is never emitted by the engine: it marks dropped events.
    let kind_name = match EventKind::try_from(e.kind) {
        _ if e.kind == 0 => c_text("EVENTS_DROPPED"),
        Ok(k) => c_text(k.as_str_name()),
        Err(_) => c_text("UNKNOWN"),
    };
    let (endpoint, node, from, to, reason) = (
        c_text(&e.endpoint),
        c_text(&e.node),
        c_text(&e.from),
        c_text(&e.to),
        c_text(&e.reason),
    );
    let event = HavenEvent {
        kind: e.kind,
        kind_name: kind_name.as_ptr(),
        endpoint: endpoint.as_ptr(),
        node: node.as_ptr(),
        from: from.as_ptr(),
        to: to.as_ptr(),
        reason: reason.as_ptr(),
        time_unix_ms: e.time_unix_ms,
    };
    callback(user.0, &event);
}

pub(crate) fn handle<'a>(client: *const HavenClient) -> Result<&'a HavenClient, Error> {
    // SAFETY: a non-null handle comes from haven_client_connect/create and
    // stays valid until haven_client_free, which may not run concurrently
    // (header contract).
    unsafe { client.as_ref() }.ok_or_else(|| Error::config("client: NULL pointer"))
}

/// Calls `callback` with every engine event of this client from now on
/// (failover, failback, circuit, health, primary and topology changes,
/// node connects and disconnects). May be called more than once: every
/// callback gets every event. `user_data` must stay valid until
/// haven_client_free returns. Returns 0, or -1 with `*error_out` set.
#[no_mangle]
pub unsafe extern "C" fn haven_client_on_event(
    client: *const HavenClient,
    callback: HavenEventCallback,
    user_data: *mut c_void,
    error_out: *mut *mut c_char,
) -> i32 {
    let user = UserData(user_data);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let handle = handle(client)?;
        let callback = callback.ok_or_else(|| Error::config("callback: NULL function pointer"))?;
        let mut events = handle.client.events();
        let gate = handle.gate.clone();
        runtime::handle()?.spawn(async move {
            let user = user;
            loop {
                let event = match events.recv().await {
                    Ok(event) => event,
                    Err(RecvError::Closed) => return,
                    Err(RecvError::Lagged(n)) => proto::Event {
                        kind: 0,
                        reason: format!(
                            "{n} events were dropped: the event callback did not keep up"
                        ),
                        time_unix_ms: haven_core::events::now_unix_ms(),
                        ..Default::default()
                    },
                };
                if gate
                    .call(|| deliver(callback, &user, &event))
                    .is_none()
                {
                    return;
                }
            }
        });
        Ok(())
    }));
    status(result, error_out)
}

/// Multi-endpoint: the health check of the endpoint named `endpoint` (whose
/// health_check kind is "custom") becomes `callback`. `user_data` must stay
/// valid until haven_client_free returns. Returns 0, or -1 with
/// `*error_out` set (not a multi-endpoint client, NULL arguments).
#[no_mangle]
pub unsafe extern "C" fn haven_client_set_health_check(
    client: *const HavenClient,
    endpoint: *const c_char,
    callback: HavenHealthCheckCallback,
    user_data: *mut c_void,
    error_out: *mut *mut c_char,
) -> i32 {
    let user = Arc::new(UserData(user_data));
    let result = catch_unwind(AssertUnwindSafe(|| {
        let handle = handle(client)?;
        let name = text("endpoint", endpoint)?.to_string();
        let callback = callback.ok_or_else(|| Error::config("callback: NULL function pointer"))?;
        let gate = handle.gate.clone();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let check = Arc::new(move |endpoint: &str| -> BoxFuture<'static, bool> {
            if in_flight.fetch_add(1, Ordering::AcqRel) >= MAX_CHECKS_IN_FLIGHT {
                in_flight.fetch_sub(1, Ordering::AcqRel);
                return Box::pin(async { false });
            }
            let (gate, user, in_flight) = (gate.clone(), user.clone(), in_flight.clone());
            let name = c_text(endpoint);
            Box::pin(async move {
                let call = tokio::task::spawn_blocking(move || {
                    let healthy = gate
                        .call(|| callback(user.0, name.as_ptr()))
                        .unwrap_or(false);
                    in_flight.fetch_sub(1, Ordering::AcqRel);
                    healthy
                });
                call.await.unwrap_or(false)
            })
        });
        handle.client.set_health_check(&name, check)
    }));
    status(result, error_out)
}

/// A manual control of the endpoint named `endpoint`: 0, or -1 with the
/// message in `*error_out`.
fn endpoint_control(
    client: *const HavenClient,
    endpoint: *const c_char,
    error_out: *mut *mut c_char,
    control: impl FnOnce(&haven_core::Client, &str) -> Result<(), Error>,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let handle = handle(client)?;
        control(&handle.client, text("endpoint", endpoint)?)
    }));
    status(result, error_out)
}

/// Multi-endpoint: sends traffic to the endpoint named `endpoint`. Unless
/// `force`, it must be healthy (else NoHealthyEndpoint). Traffic stays there
/// (no failback) until it fails. Returns 0, or -1 with `*error_out` set.
#[no_mangle]
pub unsafe extern "C" fn haven_client_failover_to(
    client: *const HavenClient,
    endpoint: *const c_char,
    force: bool,
    error_out: *mut *mut c_char,
) -> i32 {
    endpoint_control(client, endpoint, error_out, |c, name| c.failover_to(name, force))
}

/// Multi-endpoint: changes an endpoint's weight (>= 0); traffic moves at once
/// if another healthy endpoint now weighs more. Returns 0 or -1.
#[no_mangle]
pub unsafe extern "C" fn haven_client_set_weight(
    client: *const HavenClient,
    endpoint: *const c_char,
    weight: f64,
    error_out: *mut *mut c_char,
) -> i32 {
    endpoint_control(client, endpoint, error_out, |c, name| c.set_weight(name, weight))
}

/// Multi-endpoint: adds an endpoint at run time, with the arguments of
/// `haven_config_add_endpoint` (`endpoint` is copied; the caller still
/// frees it). Blocks until added; it takes traffic once healthy if it
/// weighs most (after the failback grace). Returns 0, or -1 with a message
/// in `*error_out` (a ConfigError names a bad field or a name taken).
#[no_mangle]
pub unsafe extern "C" fn haven_client_add_endpoint(
    client: *const HavenClient,
    name: *const c_char,
    weight: f64,
    endpoint: *const crate::config::HavenConfig,
    health_check: *const c_char,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let client = handle(client)?.client.clone();
        // SAFETY: the caller passes NULL or valid strings and configuration.
        let endpoint = unsafe { crate::config::endpoint_proto(name, weight, endpoint, health_check) }?;
        runtime::block_on(async move { client.add_endpoint(endpoint).await })
    }));
    crate::status(result, error_out)
}

/// Multi-endpoint: removes an endpoint (traffic moves first if it was
/// active; its requests in flight get the request timeout). Returns 0 or -1.
#[no_mangle]
pub unsafe extern "C" fn haven_client_remove_endpoint(
    client: *const HavenClient,
    endpoint: *const c_char,
    error_out: *mut *mut c_char,
) -> i32 {
    endpoint_control(client, endpoint, error_out, |c, name| c.remove_endpoint(name))
}

/// Multi-endpoint: the active endpoint's name ("" when none is healthy), to
/// free with haven_string_free; NULL with `*error_out` set on failure.
#[no_mangle]
pub unsafe extern "C" fn haven_client_active_endpoint(
    client: *const HavenClient,
    error_out: *mut *mut c_char,
) -> *mut c_char {
    let result = catch_unwind(AssertUnwindSafe(|| {
        handle(client)?.client.active_endpoint()
    }));
    crate::outcome(result, error_out).map_or(ptr::null_mut(), |name| c_text(&name).into_raw())
}

/// Multi-endpoint: every endpoint's health as a reply (free it with
/// haven_reply_free): an array with one array per endpoint of [name (bulk
/// string), healthy (boolean), last error (bulk string, or nil)]. Never NULL;
/// failures are a reply of type HAVEN_REPLY_ERROR.
#[no_mangle]
pub unsafe extern "C" fn haven_client_endpoint_health(
    client: *const HavenClient,
) -> *mut HavenReply {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let list = handle(client)?.client.endpoint_health()?;
        Ok(Value::Array(
            list.into_iter()
                .map(|(name, healthy, error)| {
                    Value::Array(vec![
                        Value::BulkString(name.into()),
                        Value::Boolean(healthy),
                        error
                            .map(|e| Value::BulkString(e.into()))
                            .unwrap_or(Value::Nil),
                    ])
                })
                .collect(),
        ))
    }));
    match result {
        Ok(r) => HavenReply::boxed(r),
        Err(p) => HavenReply::boxed_error(&Error::connection(panic_message(p))),
    }
}
