//! Pub/sub from C: (un)subscribing channels, patterns and shard channels
//! (blocking until the nodes confirm), and every message delivered to a C
//! callback. Subscriptions are the engine's desired state, re-applied after
//! reconnects, failovers and topology changes.

use std::ffi::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

use haven_core::{runtime, Error, MessageKind};

use crate::ha::handle;
use crate::{status, HavenClient, UserData};

/// What to (un)subscribe.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HavenPubSubKind {
    /// SUBSCRIBE / UNSUBSCRIBE: channels.
    HAVEN_PUBSUB_CHANNEL = 0,
    /// PSUBSCRIBE / PUNSUBSCRIBE: glob-style patterns.
    HAVEN_PUBSUB_PATTERN = 1,
    /// SSUBSCRIBE / SUNSUBSCRIBE: shard channels (a cluster's slot owner).
    HAVEN_PUBSUB_SHARD = 2,
}

/// A message as C sees it; the bytes are valid only during the callback.
#[repr(C)]
pub struct HavenMessage {
    /// Which subscription it came from: a channel, a pattern (then
    /// `pattern` is the one that matched) or a shard channel.
    pub kind: HavenPubSubKind,
    pub channel: *const u8,
    pub channel_len: usize,
    /// NULL unless `kind` is HAVEN_PUBSUB_PATTERN.
    pub pattern: *const u8,
    pub pattern_len: usize,
    pub payload: *const u8,
    pub payload_len: usize,
}

/// Receives every pub/sub message of a client, on an engine thread, one at
/// a time and in order per node. Must return quickly and must not call
/// haven_client_free or a blocking haven function. A callback that falls
/// far behind loses the oldest messages (the engine's buffer is bounded).
pub type HavenMessageCallback = Option<extern "C" fn(user_data: *mut c_void, message: *const HavenMessage)>;

/// Calls `callback` with every pub/sub message from now on (register it
/// before subscribing so none is missed). May be called more than once:
/// every callback gets every message. `user_data` must stay valid until
/// haven_client_free returns. Returns 0, or -1 with `*error_out` set.
#[no_mangle]
pub unsafe extern "C" fn haven_client_on_message(
    client: *const HavenClient,
    callback: HavenMessageCallback,
    user_data: *mut c_void,
    error_out: *mut *mut c_char,
) -> i32 {
    let user = UserData(user_data);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let handle = handle(client)?;
        let callback = callback.ok_or_else(|| Error::config("callback: NULL function pointer"))?;
        let mut messages = handle.client.messages();
        let gate = handle.gate.clone();
        runtime::handle()?.spawn(async move {
            let user = user;
            while let Ok(m) = messages.recv().await {
                let kind = match m.kind {
                    MessageKind::Message => HavenPubSubKind::HAVEN_PUBSUB_CHANNEL,
                    MessageKind::PMessage => HavenPubSubKind::HAVEN_PUBSUB_PATTERN,
                    MessageKind::SMessage => HavenPubSubKind::HAVEN_PUBSUB_SHARD,
                };
                let message = HavenMessage {
                    kind,
                    channel: m.channel.as_ptr(),
                    channel_len: m.channel.len(),
                    pattern: m.pattern.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
                    pattern_len: m.pattern.as_ref().map_or(0, |p| p.len()),
                    payload: m.payload.as_ptr(),
                    payload_len: m.payload.len(),
                };
                if gate.call(|| callback(user.0, &message)).is_none() {
                    return;
                }
            }
        });
        Ok(())
    }));
    status(result, error_out)
}

/// SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE (by `kind`, a HavenPubSubKind) `count` names (each
/// `names_len[i]` bytes). Blocks until every node confirms, or the request
/// timeout. Returns 0, or -1 with `*error_out` set.
#[no_mangle]
pub unsafe extern "C" fn haven_client_subscribe(
    client: *const HavenClient,
    kind: i32,
    count: usize,
    names: *const *const u8,
    names_len: *const usize,
    error_out: *mut *mut c_char,
) -> i32 {
    // SAFETY: forwarded caller contract.
    unsafe { pubsub(client, kind, count, names, names_len, true, error_out) }
}

/// UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE (by `kind`) `count` names; 0
/// names: every one of that kind. Blocks until done. Returns 0 or -1.
#[no_mangle]
pub unsafe extern "C" fn haven_client_unsubscribe(
    client: *const HavenClient,
    kind: i32,
    count: usize,
    names: *const *const u8,
    names_len: *const usize,
    error_out: *mut *mut c_char,
) -> i32 {
    // SAFETY: forwarded caller contract.
    unsafe { pubsub(client, kind, count, names, names_len, false, error_out) }
}

/// # Safety
/// `client` is NULL or live; `names`/`names_len` hold `count` readable
/// entries (see `read_argv`).
unsafe fn pubsub(
    client: *const HavenClient,
    kind: i32,
    count: usize,
    names: *const *const u8,
    names_len: *const usize,
    subscribe: bool,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let client = handle(client)?.client.clone();
        let what = if subscribe { "subscribe" } else { "unsubscribe" };
        let kind = match kind {
            0 => HavenPubSubKind::HAVEN_PUBSUB_CHANNEL,
            1 => HavenPubSubKind::HAVEN_PUBSUB_PATTERN,
            2 => HavenPubSubKind::HAVEN_PUBSUB_SHARD,
            other => return Err(Error::config(format!("{what}: kind {other} is not a HavenPubSubKind (0, 1 or 2)"))),
        };
        // SAFETY: forwarded caller contract.
        let names = unsafe { crate::read_argv(what, "names", count, names, names_len) }?;
        runtime::block_on(async move {
            match (kind, subscribe) {
                (HavenPubSubKind::HAVEN_PUBSUB_CHANNEL, true) => client.subscribe(names).await,
                (HavenPubSubKind::HAVEN_PUBSUB_CHANNEL, false) => client.unsubscribe(names).await,
                (HavenPubSubKind::HAVEN_PUBSUB_PATTERN, true) => client.psubscribe(names).await,
                (HavenPubSubKind::HAVEN_PUBSUB_PATTERN, false) => client.punsubscribe(names).await,
                (HavenPubSubKind::HAVEN_PUBSUB_SHARD, true) => client.ssubscribe(names).await,
                (HavenPubSubKind::HAVEN_PUBSUB_SHARD, false) => client.sunsubscribe(names).await,
            }
        })
    }));
    status(result, error_out)
}
