//! Fuzz targets: each takes any bytes and must never panic, hang or
//! allocate without bound; a broken property panics. Run by the bounded,
//! mutation-based driver in tests/fuzz.rs (stable Rust), and usable as they
//! are from a libFuzzer / AFL harness (`include!` this file).
#![allow(dead_code)]

use bytes::BytesMut;
use haven_core::protocol::{decode_limited, Protocol, MAX_REPLY_BYTES};

/// What decoding a stream gave: the frames (as Debug text: a NaN double is
/// not equal to itself), then an error or the bytes left incomplete.
#[derive(Debug, PartialEq)]
struct Decoded {
    frames: Vec<String>,
    error: bool,
    left: usize,
}

fn decode_stream(protocol: Protocol, limit: usize, chunks: &[&[u8]]) -> Decoded {
    let mut buf = BytesMut::new();
    let mut frames = Vec::new();
    for chunk in chunks {
        buf.extend_from_slice(chunk);
        loop {
            match decode_limited(protocol, &mut buf, limit) {
                Ok(Some(v)) => frames.push(format!("{v:?}")),
                Ok(None) => break,
                Err(_) => return Decoded { frames, error: true, left: 0 },
            }
        }
    }
    Decoded { frames, error: false, left: buf.len() }
}

/// The RESP reader. Byte 0 picks the protocol and the size limit, byte 1 the
/// split of the rest into chunks. Decoding must never panic, and the stream
/// decoded in pieces must give the same frames, and the same error or
/// leftover, as decoded whole.
pub fn resp(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let protocol = if data[0] & 1 == 0 { Protocol::Resp3 } else { Protocol::Resp2 };
    let limit = if data[0] & 2 == 0 { MAX_REPLY_BYTES } else { 16 + (data[0] as usize >> 2) * 4 };
    let mut seed = (data[1] as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let input = &data[2..];
    // One byte at a time rescans an incomplete frame on every byte
    // (quadratic): kept to 2 KiB, which is quick even in a debug build.
    let one_byte = data[1] & 0x80 != 0;
    let input = if one_byte { &input[..input.len().min(2048)] } else { input };
    let whole = decode_stream(protocol, limit, &[input]);
    // Pieces of 1 to 8 bytes, now and then one byte at a time throughout.
    let mut chunks = Vec::new();
    let mut at = 0;
    while at < input.len() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = if one_byte { 1 } else { 1 + (seed % 8) as usize };
        let end = (at + n).min(input.len());
        chunks.push(&input[at..end]);
        at = end;
    }
    let pieces = decode_stream(protocol, limit, &chunks);
    assert_eq!(whole, pieces, "decoding in pieces differs from decoding whole ({protocol:?}, limit {limit})");
}

/// A CommandRequest from a shim: decoding and checking never panic.
pub fn command_request(data: &[u8]) {
    let _ = haven_core::engine::convert::decode_request(data);
}

/// A ClientConfig from a shim: decoding (with the nesting guard) and the
/// conversion to the engine's settings never panic.
pub fn client_config(data: &[u8]) {
    if let Ok(config) = haven_core::config::decode_client_config(data) {
        let _ = haven_core::config::ClientSettings::from_proto(&config);
    }
}

pub const TARGETS: [(&str, fn(&[u8])); 3] =
    [("resp", resp), ("command_request", command_request), ("client_config", client_config)];
