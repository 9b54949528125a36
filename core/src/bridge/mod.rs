//! The support every language shim needs between its host's threads and the
//! engine, written once (DESIGN.md: "the four shims share one support
//! layer"): `outbox` carries requests from host threads to the engine in
//! batches (or starts a lone caller's request on its own thread), `held`
//! keeps the requests a host thread's callbacks make until they have all
//! run, to start them together on that thread,
//! `completions` carries finished work back to the host's thread in batches
//! with one wake-up each, `reply` hands one request's reply straight to the
//! host thread blocked waiting for it, `lone` lets the thread that waits
//! for a lone caller's request do the engine's part for it, and `answers` keeps, by token,
//! what the engine awaits from host code (health probes, cache-aside
//! loaders, credential providers). What stays in each shim is the
//! conversion to its host's objects and the host's own way of being woken
//! where the engine cannot provide it (Node's thread-safe function).

pub mod answers;
pub mod completions;
pub mod held;
pub mod lone;
pub mod outbox;
pub mod reply;
