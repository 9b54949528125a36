//! A panic inside the engine, injected on the request path
//! (HAVEN_TEST_INJECT_PANIC=1, read once per process: hence a test binary
//! of its own), reaches the C caller as HAVEN_ERROR_INTERNAL, never a hang;
//! the client keeps working.

mod support;

use std::ffi::c_void;
use std::sync::mpsc;
use std::time::Duration;

use haven::HavenErrorKind::*;
use haven::*;
use support::{argv, command, connect, read_reply, servers, Reply};

extern "C" fn on_reply(user_data: *mut c_void, reply: *mut HavenReply) {
    // SAFETY: user_data is the Sender leaked by the test, used once; the
    // reply is ours, read and freed once.
    let tx = unsafe { Box::from_raw(user_data as *mut mpsc::Sender<Reply>) };
    let read = unsafe { read_reply(reply) };
    unsafe { haven_reply_free(reply) };
    let _ = tx.send(read);
}

#[test]
fn an_engine_panic_is_an_internal_error() {
    // Before any request: the engine reads the flag once.
    std::env::set_var("HAVEN_TEST_INJECT_PANIC", "1");
    servers("standalone");
    let client = connect("standalone", &[("address", "127.0.0.1:6400"), ("request_timeout_ms", "2000")]);
    match command(client, &["HAVEN.TEST.PANIC"]) {
        Reply::Error(HAVEN_ERROR_INTERNAL, m) => assert!(m.contains("panic"), "{m}"),
        other => panic!("blocking: {other:?}"),
    }
    let (tx, rx) = mpsc::channel::<Reply>();
    let args = ["HAVEN.TEST.PANIC"];
    let (ptrs, lens) = argv(&args);
    // SAFETY: a live client and one argument; the Sender is reclaimed by the callback.
    unsafe { haven_client_command(client, 1, ptrs.as_ptr(), lens.as_ptr(), Some(on_reply), Box::into_raw(Box::new(tx)) as *mut c_void) };
    match rx.recv_timeout(Duration::from_secs(10)).expect("the callback ran") {
        Reply::Error(HAVEN_ERROR_INTERNAL, _) => {}
        other => panic!("callback: {other:?}"),
    }
    assert_eq!(command(client, &["PING"]), Reply::Text("PONG".into()));
    // SAFETY: freed once, no call running.
    unsafe { haven_client_free(client) };
}
