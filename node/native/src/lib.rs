//! haven's Node.js shim (napi-rs). The JavaScript package (node/src) builds
//! requests from typed methods; this crate encodes them as the contract's
//! protobuf `CommandRequest`, hands the bytes to the engine, and brings the
//! `Response` bytes back to the JS thread in batches (see `completion`).
//!
//! No function here panics across the napi boundary: every fallible step
//! returns a `napi::Result` (a JS exception) or is reported to JS as a value.

// The #[napi] exports are reached from JavaScript only; a `cargo test` build
// of this crate (the workspace's --all-targets) sees them as unused.
#![cfg_attr(test, allow(dead_code))]

#[macro_use]
extern crate napi_derive;

mod aside;
mod client;
mod completion;
mod config;
mod convert;
mod credentials;
mod events;
mod health;
mod logs;
mod pubsub;
mod telemetry;

/// A token of the engine's answer registry (`bridge::answers`) as a JS
/// number (tokens count up from 1, far below 2^53).
pub(crate) fn token_to_js(env: &napi::Env, token: u64) -> napi::Result<napi::JsNumber> {
    env.create_double(token as f64)
}

/// A token JS hands back; a negative one names no wait (0 is never a token).
pub(crate) fn token_from_js(token: i64) -> u64 {
    u64::try_from(token).unwrap_or(0)
}

/// Runs a thread-safe function's callback (called by Node, on the JS thread)
/// so that a panic becomes a JS exception instead of unwinding into C.
pub(crate) fn guarded<T>(f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(napi::Error::from_reason("haven: internal error (panic) in a callback")))
}
