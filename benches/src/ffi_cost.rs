//! The C ABI's cost: sequential round trips (submit to callback) through
//! its two ways in, `haven_client_submit` (protobuf bytes in and out) and
//! `haven_client_command` (argv in, a `HavenReply` out), against the same
//! requests through the pure-Rust `Client::submit_cmd_on` on the very same
//! engine client and connection (the handle's own), all starting a lone
//! caller's request on its own thread as the C ABI does.
//!
//! A round trip is tens of µs of wake-ups and loopback I/O; the machine's
//! drift is larger than the difference sought. So the three paths run in
//! short blocks (`BLOCK` requests each), one of each per round, the order
//! rotated every round, and a figure is the median over rounds of the
//! per-request difference to the Rust block of the same round, with its
//! quartiles: drift hits a round's blocks alike, and no path always goes
//! first.
//!
//! The work the C ABI adds is also timed on its own, in a loop with no I/O
//! (`conversion_us`): the caller encodes the CommandRequest, the engine
//! checks and decodes it, encodes the Response (a 100-byte bulk string),
//! and the caller decodes that.

use std::ffi::c_void;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use haven::{
    haven_client_command, haven_client_create, haven_client_free, haven_client_submit, haven_reply_free, haven_reply_type,
    HavenClient, HavenReply, HavenReplyType,
};
use haven_core::{proto, Cmd, RequestOptions};
use prost::Message;

/// Requests per path in one pair.
const BLOCK: usize = 200;

pub struct Cost {
    pub requests: usize,
    pub rust_us: f64,
    pub ffi_us: f64,
    pub argv_us: f64,
    /// `haven_client_submit` against the Rust call.
    pub protobuf: Difference,
    /// `haven_client_command` against the Rust call.
    pub argv: Difference,
    /// The C ABI's own work per request, timed without I/O (median of
    /// several loops).
    pub conversion_us: f64,
}

/// The protobuf work one C ABI request adds, per request, in µs: the median
/// of 9 loops of `iterations`.
pub fn conversion_us(request: &proto::CommandRequest, iterations: usize) -> f64 {
    let value = haven_core::Value::BulkString(bytes::Bytes::from(vec![b'v'; 100]));
    let mut loops: Vec<f64> = (0..9)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iterations {
                let encoded = request.encode_to_vec();
                let decoded = haven_core::engine::convert::decode_request(std::hint::black_box(&encoded));
                let id = decoded.map(|d| d.id).unwrap_or(0);
                let response = haven_core::engine::convert::encode_response(id, Ok(value.clone()));
                let back = proto::Response::decode(std::hint::black_box(response.as_slice()));
                std::hint::black_box(back.is_ok());
            }
            t.elapsed().as_secs_f64() * 1e6 / iterations as f64
        })
        .collect();
    median(&mut loops)
}

/// Median over rounds of (C ABI block - Rust block) per request, in µs,
/// with the first and third quartiles.
#[derive(Debug, Clone, Copy)]
pub struct Difference {
    pub median_us: f64,
    pub quartiles: (f64, f64),
}

impl Difference {
    fn of(c: &[f64], rust: &[f64]) -> Self {
        let mut d: Vec<f64> = c.iter().zip(rust).map(|(c, r)| c - r).collect();
        Difference { median_us: median(&mut d), quartiles: (quantile(&mut d, 0.25), quantile(&mut d, 0.75)) }
    }
}

fn median(v: &mut [f64]) -> f64 {
    quantile(v, 0.5)
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

extern "C" fn on_response(user_data: *mut c_void, _response: *const u8, len: usize) {
    // SAFETY: user_data is a Box<SyncSender> leaked by `measure` for exactly
    // this request; the callback runs once and takes it back. (A pointer to
    // a sender on `measure`'s stack would be a use-after-free: the receiver
    // can wake and return while `send` is still finishing on this thread.)
    let tx = unsafe { Box::from_raw(user_data as *mut mpsc::SyncSender<usize>) };
    let _ = tx.send(len);
}

extern "C" fn on_reply(user_data: *mut c_void, reply: *mut HavenReply) {
    // SAFETY: as in `on_response`; the reply is ours to free, once.
    let tx = unsafe { Box::from_raw(user_data as *mut mpsc::SyncSender<usize>) };
    let failed = haven_reply_type(reply) == HavenReplyType::HAVEN_REPLY_ERROR;
    // SAFETY: the callback owns the reply; freed once, here.
    unsafe { haven_reply_free(reply) };
    let _ = tx.send(if failed { 0 } else { 1 });
}

/// Times `BLOCK` sequential requests, each sent by `send` and waited for
/// on `rx` (a callback sends 0 for a failure): the time per request in µs.
fn timed_block(what: &str, rx: &mpsc::Receiver<usize>, mut send: impl FnMut()) -> Result<f64, String> {
    let t = Instant::now();
    for _ in 0..BLOCK {
        send();
        if rx.recv_timeout(Duration::from_secs(5)).map_or(true, |n| n == 0) {
            return Err(format!("a request through {what} failed"));
        }
    }
    Ok(t.elapsed().as_secs_f64() * 1e6 / BLOCK as f64)
}

/// A block through the Rust call, taking the path the C ABI takes (a lone
/// caller starts its request on its own thread), so the difference is the
/// ABI's own work.
fn rust_block(handle: &HavenClient, tx: &mpsc::SyncSender<usize>, rx: &mpsc::Receiver<usize>) -> Result<f64, String> {
    let client = handle.engine_client();
    timed_block("the Rust call", rx, || {
        let tx = tx.clone();
        let here = client.is_idle();
        let done = move |r: haven_core::Result<haven_core::Value>| {
            let _ = tx.send(r.map(|_| 1).unwrap_or(0));
        };
        client.submit_cmd_on(Cmd::new("GET").arg("bench:key:1"), RequestOptions::default(), done, here);
    })
}

/// A block through `haven_client_submit`, encoding each request as a C
/// caller would.
fn ffi_block(
    handle: *const HavenClient,
    request: &proto::CommandRequest,
    tx: &mpsc::SyncSender<usize>,
    rx: &mpsc::Receiver<usize>,
) -> Result<f64, String> {
    timed_block("haven_client_submit", rx, || {
        let encoded = request.encode_to_vec();
        // The callback owns its sender, as the C ABI's contract asks:
        // user_data stays valid until the callback has returned.
        let user = Box::into_raw(Box::new(tx.clone())) as *mut c_void;
        // SAFETY: handle is live; `user` is owned by the callback.
        unsafe { haven_client_submit(handle, encoded.as_ptr(), encoded.len(), Some(on_response), user) };
    })
}

/// A block through `haven_client_command` (argv in, a HavenReply out).
fn argv_block(handle: *const HavenClient, tx: &mpsc::SyncSender<usize>, rx: &mpsc::Receiver<usize>) -> Result<f64, String> {
    let args: [&[u8]; 2] = [b"GET", b"bench:key:1"];
    let argv = args.map(<[u8]>::as_ptr);
    let lens = args.map(<[u8]>::len);
    timed_block("haven_client_command", rx, || {
        let user = Box::into_raw(Box::new(tx.clone())) as *mut c_void;
        // SAFETY: handle is live; argv/lens hold 2 entries pointing at
        // static bytes; `user` is owned by the callback.
        unsafe { haven_client_command(handle, 2, argv.as_ptr(), lens.as_ptr(), Some(on_reply), user) };
    })
}

pub fn measure(port: u16, requests: usize) -> Result<Cost, String> {
    let config = crate::load::standalone(port);
    let bytes = config.encode_to_vec();
    // SAFETY: valid bytes; NULL error_out is allowed.
    let handle = unsafe { haven_client_create(bytes.as_ptr(), bytes.len(), std::ptr::null_mut()) };
    if handle.is_null() {
        return Err("haven_client_create failed".into());
    }
    let request = proto::CommandRequest {
        id: 1,
        body: Some(proto::command_request::Body::Command(proto::Command {
            args: vec![bytes::Bytes::from_static(b"GET"), bytes::Bytes::from_static(b"bench:key:1")],
        })),
        ..Default::default()
    };
    let (tx, rx) = mpsc::sync_channel::<usize>(1);
    // SAFETY: handle is non-null (checked) and freed only below.
    let client = unsafe { &*handle };
    let rounds = (requests / BLOCK).max(3);
    let run = || -> Result<[Vec<f64>; 3], String> {
        // Warm-up: the first connect and the caches, off the clock.
        rust_block(client, &tx, &rx)?;
        ffi_block(handle, &request, &tx, &rx)?;
        argv_block(handle, &tx, &rx)?;
        let mut times: [Vec<f64>; 3] = Default::default();
        for round in 0..rounds {
            for k in 0..3 {
                let path = (round + k) % 3;
                let t = match path {
                    0 => rust_block(client, &tx, &rx)?,
                    1 => ffi_block(handle, &request, &tx, &rx)?,
                    _ => argv_block(handle, &tx, &rx)?,
                };
                times[path].push(t);
            }
        }
        Ok(times)
    };
    let outcome = run();
    // SAFETY: no request is outstanding; the handle is freed once, and
    // `client` (borrowed from it) is not used after this.
    unsafe { haven_client_free(handle) };
    let [mut rust, mut ffi, mut argv] = outcome?;
    let (protobuf, by_argv) = (Difference::of(&ffi, &rust), Difference::of(&argv, &rust));
    Ok(Cost {
        requests: rounds * BLOCK,
        rust_us: median(&mut rust),
        ffi_us: median(&mut ffi),
        argv_us: median(&mut argv),
        protobuf,
        argv: by_argv,
        conversion_us: conversion_us(&request, 100_000),
    })
}
