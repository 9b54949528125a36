//! The C ABI's cost: sequential round trips (submit to callback) through
//! `haven_client_submit` with protobuf bytes in and out, against the same
//! requests through the pure-Rust `Client::submit_cmd_on`, both starting a
//! lone caller's request on its own thread as the C ABI does. Blocks alternate
//! between the two paths so drift in the machine hits both alike.
//!
//! A round trip is ~40 µs of wake-ups and loopback I/O whose noise is
//! larger than the difference, so the work the C ABI adds is also timed on
//! its own, in a loop with no I/O (`conversion_us`): the caller encodes the
//! CommandRequest, the engine checks and decodes it, encodes the Response
//! (a 100-byte bulk string), and the caller decodes that.

use std::ffi::c_void;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use haven::{haven_client_create, haven_client_free, haven_client_submit};
use haven_core::{proto, Client, Cmd, RequestOptions};
use prost::Message;

pub struct Cost {
    pub requests: usize,
    pub rust_us: f64,
    pub ffi_us: f64,
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
    loops.sort_by(f64::total_cmp);
    loops[loops.len() / 2]
}

extern "C" fn on_response(user_data: *mut c_void, _response: *const u8, len: usize) {
    // SAFETY: user_data is a Box<SyncSender> leaked by `measure` for exactly
    // this request; the callback runs once and takes it back. (A pointer to
    // a sender on `measure`'s stack would be a use-after-free: the receiver
    // can wake and return while `send` is still finishing on this thread.)
    let tx = unsafe { Box::from_raw(user_data as *mut mpsc::SyncSender<usize>) };
    let _ = tx.send(len);
}

pub fn measure(port: u16, requests: usize) -> Result<Cost, String> {
    let config = crate::load::standalone(port);
    let client = Client::connect_blocking(config.clone()).map_err(|e| e.to_string())?;
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
    let mut rust = Duration::ZERO;
    let mut ffi = Duration::ZERO;
    let block = 1000.min(requests);
    let mut done = 0;
    let mut failure = None;
    while done < requests && failure.is_none() {
        let t = Instant::now();
        for _ in 0..block {
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
                failure = Some("a Rust request failed".to_string());
                break;
            }
        }
        rust += t.elapsed();
        let t = Instant::now();
        for _ in 0..block {
            // The shim's work is part of the cost: encode the request here.
            let encoded = request.encode_to_vec();
            // The callback owns its sender, as the C ABI's contract asks:
            // user_data stays valid until the callback has returned.
            let user = Box::into_raw(Box::new(tx.clone())) as *mut c_void;
            // SAFETY: handle is live; `user` is owned by the callback.
            unsafe { haven_client_submit(handle, encoded.as_ptr(), encoded.len(), Some(on_response), user) };
            if rx.recv_timeout(Duration::from_secs(5)).map_or(true, |n| n == 0) {
                failure = Some("an FFI request failed".to_string());
                break;
            }
        }
        ffi += t.elapsed();
        done += block;
    }
    // SAFETY: no request is outstanding; the handle is freed once.
    unsafe { haven_client_free(handle) };
    client.close();
    if let Some(f) = failure {
        return Err(f);
    }
    Ok(Cost {
        requests: done,
        rust_us: rust.as_secs_f64() * 1e6 / done as f64,
        ffi_us: ffi.as_secs_f64() * 1e6 / done as f64,
        conversion_us: conversion_us(&request, 100_000),
    })
}
