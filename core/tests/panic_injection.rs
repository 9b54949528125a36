//! A panic inside the engine on a request's path still completes the
//! request (a test of its own: the injection is switched on for the whole
//! process by HAVEN_TEST_INJECT_PANIC).

mod support;

use std::time::Duration;

use bytes::Bytes;
use haven_core::{proto, Client, Cmd, ErrorKind};
use prost::Message;
use support::*;

fn cmd(parts: &[&str]) -> Cmd {
    parts.iter().map(|p| Bytes::from(p.to_string())).collect()
}

#[tokio::test]
async fn a_panic_on_the_request_path_still_answers_the_caller() {
    // Set before the engine first reads it.
    std::env::set_var("HAVEN_TEST_INJECT_PANIC", "1");
    servers("standalone");
    let client = Client::connect(standalone(&[6400])).await.expect("connect");
    let request = proto::CommandRequest {
        id: 9,
        body: Some(proto::command_request::Body::Command(proto::Command { args: vec![Bytes::from_static(b"HAVEN.TEST.PANIC")] })),
        ..Default::default()
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    client.submit(&request.encode_to_vec(), move |bytes| {
        let _ = tx.send(bytes);
    });
    let bytes = tokio::time::timeout(Duration::from_secs(5), rx).await.expect("answered, not hung").expect("once");
    match proto::Response::decode(bytes.as_slice()).expect("response").result {
        Some(proto::response::Result::Error(e)) => {
            assert_eq!(e.kind, proto::ErrorKind::InternalError as i32, "{e:?}");
            assert!(e.message.contains("panicked"), "{e:?}");
        }
        other => panic!("expected an internal error, got {other:?}"),
    }
    // Started on the caller's own thread (the idle fast path): the panic is
    // caught there, never unwinds into the caller, and still answers once.
    let here = client.clone();
    let bytes = std::thread::spawn(move || {
        let (tx, rx) = std::sync::mpsc::channel();
        here.submit_here(&request.encode_to_vec(), move |bytes| {
            let _ = tx.send(bytes);
        });
        let bytes = rx.recv_timeout(Duration::from_secs(5)).expect("answered, not hung");
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err(), "answered once");
        bytes
    })
    .join()
    .expect("the panic stayed inside the engine");
    match proto::Response::decode(bytes.as_slice()).expect("response").result {
        Some(proto::response::Result::Error(e)) => {
            assert_eq!(e.kind, proto::ErrorKind::InternalError as i32, "{e:?}");
            assert!(e.message.contains("panicked"), "{e:?}");
        }
        other => panic!("expected an internal error, got {other:?}"),
    }
    let err = client.send(cmd(&["HAVEN.TEST.PANIC"])).await.expect_err("the Rust API too");
    assert_eq!(err.kind(), ErrorKind::Internal, "{err}");
    // The client goes on.
    client.send(cmd(&["PING"])).await.expect("ping after the panic");
}

