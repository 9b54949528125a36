//! Sessions through the C ABI, called as C would: WATCH / MULTI / EXEC on a
//! session's own connection with an increment race (exact total, aborted
//! EXECs seen as HAVEN_ERROR_WATCH) on standalone and a cluster;
//! connection-state commands refused on the shared connection; a blocking
//! command cancelled by request id leaving a later-pushed element; the
//! dedicated-connection settings.

mod support;

use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use haven::HavenErrorKind::*;
use haven::*;
use haven_core::proto;
use prost::Message;
use support::{command, connect, servers, session_command, take_error, Reply};

/// The engine's request timeout is short (250 ms); the machine is small.
const TIMEOUT: &str = "3000";

/// Address of a client pointer, to share it between test threads (the
/// ABI allows a handle on any thread until haven_client_free).
#[derive(Clone, Copy)]
struct Shared(usize);

fn increment_race(client: *mut HavenClient, key: &str, threads: usize, each: usize) {
    command(client, &["DEL", key]);
    let shared = Shared(client as usize);
    let retries = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (retries, key) = (retries.clone(), key.to_string());
            std::thread::spawn(move || {
                let client = shared.0 as *const HavenClient;
                let mut error = ptr::null_mut();
                // SAFETY: a live client; error is a valid out-pointer.
                let session = unsafe { haven_client_session_open(client, &mut error) };
                assert_ne!(session, 0, "{}", take_error(error));
                for _ in 0..each {
                    loop {
                        assert_eq!(session_command(client, session, &["WATCH", &key]), Reply::Text("OK".into()));
                        let n = match session_command(client, session, &["GET", &key]) {
                            Reply::Nil => 0,
                            Reply::Text(t) => t.parse::<i64>().expect("a number"),
                            other => panic!("GET: {other:?}"),
                        };
                        assert_eq!(session_command(client, session, &["MULTI"]), Reply::Text("OK".into()));
                        let next = (n + 1).to_string();
                        assert_eq!(session_command(client, session, &["SET", &key, &next]), Reply::Text("QUEUED".into()));
                        match session_command(client, session, &["EXEC"]) {
                            Reply::List(items) => {
                                assert_eq!(items, vec![Reply::Text("OK".into())]);
                                break;
                            }
                            Reply::Error(HAVEN_ERROR_WATCH, _) => {
                                retries.fetch_add(1, Ordering::Relaxed);
                            }
                            other => panic!("EXEC: {other:?}"),
                        }
                    }
                }
                // SAFETY: a live client; the session is closed once.
                assert_eq!(unsafe { haven_client_session_close(client, session) }, 1);
                // SAFETY: as above: a second close finds nothing.
                assert_eq!(unsafe { haven_client_session_close(client, session) }, 0);
            })
        })
        .collect();
    for w in workers {
        w.join().expect("a worker failed");
    }
    assert_eq!(command(client, &["GET", key]), Reply::Text((threads * each).to_string()));
    assert!(retries.load(Ordering::Relaxed) > 0, "no EXEC was aborted by WATCH (no HAVEN_ERROR_WATCH seen)");
    command(client, &["DEL", key]);
}

#[test]
fn watch_increments_standalone() {
    servers("standalone");
    let client = connect("standalone", &[("address", "127.0.0.1:6400"), ("database", "13"), ("request_timeout_ms", TIMEOUT)]);
    increment_race(client, "haven:ffi:watch", 20, 25);
    // SAFETY: freed once, no call running.
    unsafe { haven_client_free(client) };
}

#[test]
fn watch_increments_cluster() {
    servers("cluster");
    let client = connect(
        "cluster",
        &[("seed", "127.0.0.1:7000"), ("seed", "127.0.0.1:7001"), ("request_timeout_ms", TIMEOUT)],
    );
    increment_race(client, "{haven:ffi:cw}n", 10, 20);
    // A session is bound to one slot: another slot's key is a ClusterError.
    let mut error = ptr::null_mut();
    // SAFETY: a live client; error is a valid out-pointer.
    let session = unsafe { haven_client_session_open(client, &mut error) };
    assert_ne!(session, 0, "{}", take_error(error));
    assert_eq!(session_command(client, session, &["SET", "{a}x", "1"]), Reply::Text("OK".into()));
    match session_command(client, session, &["GET", "{b}x"]) {
        Reply::Error(HAVEN_ERROR_CLUSTER, _) => {}
        other => panic!("a key of another slot in the session: {other:?}"),
    }
    // SAFETY: a live client; closed once, then freed once.
    unsafe {
        haven_client_session_close(client, session);
        haven_client_free(client);
    }
}

#[test]
fn state_commands_are_refused_on_the_shared_connection() {
    servers("standalone");
    let client = connect("standalone", &[("address", "127.0.0.1:6400"), ("database", "13"), ("request_timeout_ms", TIMEOUT)]);
    assert_eq!(command(client, &["SET", "haven:ffi:sel", "db13"]), Reply::Text("OK".into()));
    for args in [&["SELECT", "1"][..], &["MULTI"], &["WATCH", "haven:ffi:sel"], &["CLIENT", "TRACKING", "on"]] {
        match command(client, args) {
            Reply::Error(HAVEN_ERROR_CONFIG, m) => assert!(m.contains("not sent"), "{args:?}: {m}"),
            other => panic!("{args:?}: {other:?}"),
        }
    }
    assert_eq!(command(client, &["GET", "haven:ffi:sel"]), Reply::Text("db13".into()));
    // On a session SELECT is the caller's own business.
    let mut error = ptr::null_mut();
    // SAFETY: a live client; error is a valid out-pointer.
    let session = unsafe { haven_client_session_open(client, &mut error) };
    assert_eq!(session_command(client, session, &["SELECT", "12"]), Reply::Text("OK".into()));
    assert_eq!(session_command(client, session, &["GET", "haven:ffi:sel"]), Reply::Nil);
    // SAFETY: a live client; closed once.
    unsafe { haven_client_session_close(client, session) };
    assert_eq!(command(client, &["GET", "haven:ffi:sel"]), Reply::Text("db13".into()));
    // An unknown session is an error, not a crash.
    assert!(matches!(session_command(client, 987_654, &["PING"]), Reply::Error(..)));
    command(client, &["DEL", "haven:ffi:sel"]);
    // SAFETY: freed once; then NULL handles are answered, not dereferenced.
    unsafe {
        haven_client_free(client);
        assert_eq!(haven_client_session_open(ptr::null(), ptr::null_mut()), 0);
        assert_eq!(haven_client_session_close(ptr::null(), 1), 0);
        haven_client_cancel(ptr::null(), 1);
    }
    assert!(matches!(session_command(ptr::null(), 1, &["PING"]), Reply::Error(HAVEN_ERROR_CONFIG, _)));
}

extern "C" fn on_response(user_data: *mut c_void, response: *const u8, len: usize) {
    // SAFETY: user_data is the Sender leaked by the test, used once;
    // response points to len bytes for the duration of the call.
    let tx = unsafe { Box::from_raw(user_data as *mut mpsc::Sender<Vec<u8>>) };
    let bytes = unsafe { std::slice::from_raw_parts(response, len) }.to_vec();
    let _ = tx.send(bytes);
}

#[test]
fn cancelled_blpop_leaves_a_later_push() {
    servers("standalone");
    let client = connect(
        "standalone",
        &[
            ("address", "127.0.0.1:6400"),
            ("database", "13"),
            ("max_dedicated_connections", "4"),
            ("dedicated_idle_ms", "5000"),
        ],
    );
    let q = "haven:ffi:cancel";
    command(client, &["DEL", q]);
    let request = proto::CommandRequest {
        id: 77,
        body: Some(proto::command_request::Body::Command(proto::Command {
            args: ["BLPOP", q, "0"].iter().map(|a| a.as_bytes().to_vec().into()).collect(),
        })),
        ..Default::default()
    }
    .encode_to_vec();
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    // SAFETY: a live client, valid bytes; the Sender is reclaimed by the callback.
    unsafe {
        haven_client_submit(client, request.as_ptr(), request.len(), Some(on_response), Box::into_raw(Box::new(tx)) as *mut c_void)
    };
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "BLPOP 0 ended by itself");
    // SAFETY: a live client.
    unsafe { haven_client_cancel(client, 77) };
    let response = proto::Response::decode(rx.recv_timeout(Duration::from_secs(5)).expect("the cancelled BLPOP's callback").as_slice())
        .expect("a Response");
    assert_eq!(response.id, 77);
    assert!(matches!(response.result, Some(proto::response::Result::Error(_))), "{response:?}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(command(client, &["RPUSH", q, "kept"]), Reply::Int(1));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(command(client, &["LRANGE", q, "0", "-1"]), Reply::List(vec![Reply::Text("kept".into())]));
    // A 1 s BLPOP with the default request timeout (250 ms) gets an element pushed at 600 ms.
    let pusher = Shared(client as usize);
    command(client, &["DEL", q]);
    let push = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(600));
        command(pusher.0 as *const HavenClient, &["RPUSH", q, "late"])
    });
    assert_eq!(command(client, &["BLPOP", q, "1"]), Reply::List(vec![Reply::Text(q.into()), Reply::Text("late".into())]));
    assert_eq!(push.join().expect("pusher"), Reply::Int(1));
    // SAFETY: freed once, no call running.
    unsafe { haven_client_free(client) };
}

#[test]
fn dedicated_settings_are_checked() {
    let config = haven_config_standalone();
    let mut error = ptr::null_mut();
    // SAFETY: a live config, NUL-terminated strings, a valid out-pointer; freed once.
    unsafe {
        let key = support::c("max_dedicated_connections");
        let bad = support::c("many");
        assert_eq!(haven_config_set(config, key.as_ptr(), bad.as_ptr(), &mut error), -1);
        assert!(take_error(error).contains("max_dedicated_connections"));
        haven_config_free(config);
    }
}
