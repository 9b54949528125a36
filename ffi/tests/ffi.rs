//! The shims' path through the C ABI, called as C would: config bytes in,
//! request bytes with a callback, response bytes out; and bad input at the
//! boundary (malformed protobuf, NULL pointers, invalid config) answered with
//! named errors, never a crash.

mod support;

use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::mpsc;
use std::time::Duration;

use haven::*;
use support::servers;
use haven_core::proto;
use prost::Message;

extern "C" fn on_response(user_data: *mut c_void, response: *const u8, len: usize) {
    // SAFETY: user_data is the Sender leaked by `submit` below, used once;
    // response points to len bytes for the duration of the call.
    let tx = unsafe { Box::from_raw(user_data as *mut mpsc::Sender<Vec<u8>>) };
    let bytes = unsafe { std::slice::from_raw_parts(response, len) }.to_vec();
    let _ = tx.send(bytes);
}

fn submit(client: *const HavenClient, request: &[u8]) -> proto::Response {
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let user = Box::into_raw(Box::new(tx)) as *mut c_void;
    // SAFETY: valid client (or NULL, which the ABI must handle), valid bytes.
    unsafe { haven_client_submit(client, request.as_ptr(), request.len(), Some(on_response), user) };
    let bytes = rx.recv_timeout(Duration::from_secs(5)).expect("callback called");
    proto::Response::decode(bytes.as_slice()).expect("a Response message")
}

fn create(config: &proto::ClientConfig) -> Result<*mut HavenClient, String> {
    let bytes = config.encode_to_vec();
    let mut error: *mut c_char = ptr::null_mut();
    // SAFETY: valid bytes and a valid out-pointer.
    let client = unsafe { haven_client_create(bytes.as_ptr(), bytes.len(), &mut error) };
    if client.is_null() {
        // SAFETY: haven set a NUL-terminated string we now free.
        let text = unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned();
        unsafe { haven_string_free(error) };
        return Err(text);
    }
    Ok(client)
}

fn standalone(address: &str) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
            addresses: vec![address.into()],
            ..Default::default()
        })),
        ..Default::default()
    }
}

fn request(id: u64, args: &[&str]) -> Vec<u8> {
    proto::CommandRequest {
        id,
        body: Some(proto::command_request::Body::Command(proto::Command {
            args: args.iter().map(|a| a.as_bytes().to_vec().into()).collect(),
        })),
        ..Default::default()
    }
    .encode_to_vec()
}

fn error_of(r: &proto::Response) -> (i32, String) {
    match &r.result {
        Some(proto::response::Result::Error(e)) => (e.kind, e.message.clone()),
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn protobuf_round_trip_and_bad_input() {
    servers("standalone");
    let client = create(&standalone("127.0.0.1:6400")).expect("connect");

    let r = submit(client, &request(41, &["SET", "haven:ffi:k", "v"]));
    assert_eq!(r.id, 41);
    assert!(matches!(r.result, Some(proto::response::Result::Value(_))));
    let r = submit(client, &request(42, &["GET", "haven:ffi:k"]));
    match r.result {
        Some(proto::response::Result::Value(proto::Value { kind: Some(proto::value::Kind::BulkString(b)), .. })) => {
            assert_eq!(&b[..], b"v")
        }
        other => panic!("{other:?}"),
    }

    // Malformed protobuf: a ConfigError Response, not a crash.
    let (kind, message) = error_of(&submit(client, b"\x0a\xff\xff\xff"));
    assert_eq!(kind, proto::ErrorKind::ConfigError as i32);
    assert!(message.contains("not a valid CommandRequest"), "{message}");
    // Empty command, with the request id kept.
    let r = submit(client, &request(43, &[]));
    assert_eq!(r.id, 43);
    assert!(error_of(&r).1.contains("empty command"));
    // NULL client.
    let (kind, message) = error_of(&submit(ptr::null(), &request(44, &["PING"])));
    assert_eq!(kind, proto::ErrorKind::ConfigError as i32);
    assert!(message.contains("client: NULL"), "{message}");

    // SAFETY: the handle came from haven_client_create and is freed once.
    unsafe { haven_client_free(client) };
}

/// Requests submitted one after another from one thread, without waiting,
/// reach the server in that order: each GET reads the SET just before it.
/// (Spawned one task each from the caller's thread, two engine workers
/// could run a pair the other way round.)
#[test]
fn requests_submitted_back_to_back_keep_their_order() {
    servers("standalone");
    let client = create(&standalone("127.0.0.1:6400")).expect("connect");
    let key = format!("haven:ffi:order:{}", std::process::id());
    for round in 0..50 {
        let mut replies = Vec::new();
        for i in 0..20u64 {
            let value = format!("{round}:{i}");
            for (id, args) in [(2 * i, vec!["SET", key.as_str(), value.as_str()]), (2 * i + 1, vec!["GET", key.as_str()])] {
                let (tx, rx) = mpsc::channel::<Vec<u8>>();
                let user = Box::into_raw(Box::new(tx)) as *mut c_void;
                let bytes = request(id, &args);
                // SAFETY: a live client and valid bytes; `on_response` takes
                // the Sender back once.
                unsafe { haven_client_submit(client, bytes.as_ptr(), bytes.len(), Some(on_response), user) };
                replies.push((value.clone(), id % 2 == 1, rx));
            }
        }
        for (value, is_get, rx) in replies {
            let bytes = rx.recv_timeout(Duration::from_secs(10)).expect("callback called");
            let r = proto::Response::decode(bytes.as_slice()).expect("a Response message");
            if is_get {
                match r.result {
                    Some(proto::response::Result::Value(proto::Value {
                        kind: Some(proto::value::Kind::BulkString(b)), ..
                    })) => assert_eq!(String::from_utf8_lossy(&b), value, "the GET after SET {value}"),
                    other => panic!("GET after SET {value}: {other:?}"),
                }
            }
        }
    }
    // SAFETY: the handle came from haven_client_create and is freed once.
    unsafe { haven_client_free(client) };
}

#[test]
fn bad_config_bytes_name_the_problem() {
    let err = create(&standalone("127.0.0.1:0")).expect_err("port 0");
    assert!(err.contains("standalone.addresses[0]: port 0"), "{err}");
    let mut error: *mut c_char = ptr::null_mut();
    let garbage = [0xffu8, 0xff, 0xff];
    // SAFETY: valid pointers; garbage content on purpose.
    let client = unsafe { haven_client_create(garbage.as_ptr(), garbage.len(), &mut error) };
    assert!(client.is_null());
    // SAFETY: error was set by haven.
    let text = unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned();
    unsafe { haven_string_free(error) };
    assert!(text.contains("not a valid ClientConfig"), "{text}");
    // NULL with a length, and an empty config.
    let client = unsafe { haven_client_create(ptr::null(), 5, ptr::null_mut()) };
    assert!(client.is_null());
    let err = create(&proto::ClientConfig::default()).expect_err("no deployment");
    assert!(err.contains("deployment"), "{err}");
}
