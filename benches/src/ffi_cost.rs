//! The C ABI's cost: sequential round trips (submit to callback) through
//! `haven_client_submit` with protobuf bytes in and out, against the same
//! requests through the pure-Rust `Client::submit_cmd_on` on the very same
//! engine client and connection (the handle's own), both starting a lone
//! caller's request on its own thread as the C ABI does.
//!
//! A round trip is tens of µs of wake-ups and loopback I/O; the machine's
//! drift is larger than the difference sought. So the two paths run in
//! short paired blocks (`BLOCK` requests each), the order inside a pair
//! swapped every pair, and the figure is the median over pairs of the
//! per-request difference, with its quartiles: drift hits both halves of a
//! pair alike, and no path always goes first.
//!
//! The work the C ABI adds is also timed on its own, in a loop with no I/O
//! (`conversion_us`): the caller encodes the CommandRequest, the engine
//! checks and decodes it, encodes the Response (a 100-byte bulk string),
//! and the caller decodes that.

use std::ffi::c_void;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use haven::{haven_client_create, haven_client_free, haven_client_submit, HavenClient};
use haven_core::{proto, Cmd, RequestOptions};
use prost::Message;

/// Requests per path in one pair.
const BLOCK: usize = 200;

pub struct Cost {
    pub requests: usize,
    pub rust_us: f64,
    pub ffi_us: f64,
    /// Median over pairs of (C ABI - Rust) per request, in µs.
    pub difference_us: f64,
    /// The first and third quartiles of that difference.
    pub difference_quartiles: (f64, f64),
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

/// One block of `BLOCK` sequential requests through the Rust call: its
/// time per request in µs.
fn rust_block(handle: &HavenClient, tx: &mpsc::SyncSender<usize>, rx: &mpsc::Receiver<usize>) -> Result<f64, String> {
    let client = handle.engine_client();
    let t = Instant::now();
    for _ in 0..BLOCK {
        let tx = tx.clone();
        // The path the C ABI takes (a lone caller starts its request on
        // its own thread), so the difference is the ABI's own work.
        let here = client.is_idle();
        client.submit_cmd_on(
            Cmd::new("GET").arg("bench:key:1"),
            RequestOptions::default(),
            move |r| {
                let _ = tx.send(r.map(|_| 1).unwrap_or(0));
            },
            here,
        );
        if rx.recv_timeout(Duration::from_secs(5)) != Ok(1) {
            return Err("a Rust request failed".to_string());
        }
    }
    Ok(t.elapsed().as_secs_f64() * 1e6 / BLOCK as f64)
}

/// One block through `haven_client_submit`, encoding each request as a C
/// caller would: its time per request in µs.
fn ffi_block(
    handle: *const HavenClient,
    request: &proto::CommandRequest,
    tx: &mpsc::SyncSender<usize>,
    rx: &mpsc::Receiver<usize>,
) -> Result<f64, String> {
    let t = Instant::now();
    for _ in 0..BLOCK {
        let encoded = request.encode_to_vec();
        // The callback owns its sender, as the C ABI's contract asks:
        // user_data stays valid until the callback has returned.
        let user = Box::into_raw(Box::new(tx.clone())) as *mut c_void;
        // SAFETY: handle is live; `user` is owned by the callback.
        unsafe { haven_client_submit(handle, encoded.as_ptr(), encoded.len(), Some(on_response), user) };
        if rx.recv_timeout(Duration::from_secs(5)).map_or(true, |n| n == 0) {
            return Err("an FFI request failed".to_string());
        }
    }
    Ok(t.elapsed().as_secs_f64() * 1e6 / BLOCK as f64)
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
    let pairs = (requests / BLOCK).max(2);
    let run = || -> Result<(Vec<f64>, Vec<f64>), String> {
        // Warm-up: the first connect and the caches, off the clock.
        rust_block(client, &tx, &rx)?;
        ffi_block(handle, &request, &tx, &rx)?;
        let (mut rust, mut ffi) = (Vec::with_capacity(pairs), Vec::with_capacity(pairs));
        for pair in 0..pairs {
            if pair % 2 == 0 {
                rust.push(rust_block(client, &tx, &rx)?);
                ffi.push(ffi_block(handle, &request, &tx, &rx)?);
            } else {
                ffi.push(ffi_block(handle, &request, &tx, &rx)?);
                rust.push(rust_block(client, &tx, &rx)?);
            }
        }
        Ok((rust, ffi))
    };
    let outcome = run();
    // SAFETY: no request is outstanding; the handle is freed once, and
    // `client` (borrowed from it) is not used after this.
    unsafe { haven_client_free(handle) };
    let (mut rust, mut ffi) = outcome?;
    let mut difference: Vec<f64> = ffi.iter().zip(&rust).map(|(f, r)| f - r).collect();
    let quartiles = (quantile(&mut difference, 0.25), quantile(&mut difference, 0.75));
    Ok(Cost {
        requests: pairs * BLOCK,
        rust_us: median(&mut rust),
        ffi_us: median(&mut ffi),
        difference_us: median(&mut difference),
        difference_quartiles: quartiles,
        conversion_us: conversion_us(&request, 100_000),
    })
}
