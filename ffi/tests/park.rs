//! Riding through failovers through the C ABI: with `fail_fast` a request to
//! a killed primary fails at once; without, it waits, parked, until its
//! deadline and `haven_client_park_stats` counts it; a request parked with a
//! longer per-request timeout (`haven_client_command_with`) goes on once the
//! node is back. The spare node 6451 is killed under the shared fault lock
//! and restarted before the lock is released.

mod support;

use std::ffi::c_void;
use std::ptr;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use haven::*;
use support::{argv, command, connect, fault_lock, servers, take_reply, Reply};

const PORT: u16 = 6451;

fn script(args: &[&str]) {
    let ok = std::process::Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/servers.sh"))
        .args(args)
        .status()
        .expect("servers.sh")
        .success();
    assert!(ok, "servers.sh {args:?}");
}

/// Restarts the killed node (before the fault lock is released: declare it
/// after the lock).
struct Restore;
impl Drop for Restore {
    fn drop(&mut self) {
        script(&["start", "spare"]);
    }
}

fn park_stats(client: *const HavenClient) -> HavenParkStats {
    let mut out = HavenParkStats::default();
    // SAFETY: a live client and a writable struct.
    assert_eq!(unsafe { haven_client_park_stats(client, &mut out) }, 0);
    out
}

extern "C" fn deliver(user_data: *mut c_void, reply: *mut HavenReply) {
    // SAFETY: user_data is the test's Sender, leaked: alive for the process.
    let tx = unsafe { &*(user_data as *const mpsc::Sender<Reply>) };
    let _ = tx.send(take_reply(reply));
}

#[test]
fn fail_fast_errors_at_once_and_parked_requests_wait_and_are_counted() {
    servers("spare");
    let _lock = fault_lock();
    let _restore = Restore;
    script(&["start", "spare"]);
    let address = format!("127.0.0.1:{PORT}");
    let parking = connect("standalone", &[("address", &address), ("request_timeout_ms", "1500")]);
    let fast = connect("standalone", &[("address", &address), ("request_timeout_ms", "1500"), ("fail_fast", "true")]);
    assert_eq!(command(parking, &["PING"]), Reply::Text("PONG".into()));
    assert_eq!(command(fast, &["PING"]), Reply::Text("PONG".into()));
    // Options on a healthy node: a marked write runs once.
    let k = format!("ffi-park:{}", std::process::id());
    let (ptrs, lens) = argv(&["SET", &k, "1"]);
    let marked = HavenRequestOptions { timeout_ms: 2000, resend_safe: true, route: std::ptr::null() };
    // SAFETY: a live client, argc entries, readable options.
    let r = take_reply(unsafe { haven_client_command_blocking_with(parking, 3, ptrs.as_ptr(), lens.as_ptr(), &marked) });
    assert_eq!(r, Reply::Text("OK".into()));
    assert_eq!(park_stats(parking).parked_total, 0);

    script(&["kill-node", &PORT.to_string()]);
    std::thread::sleep(Duration::from_millis(200));

    // fail_fast: an immediate ConnectionError, nothing parked.
    let t = Instant::now();
    match command(fast, &["GET", &k]) {
        Reply::Error(kind, m) => assert_eq!(kind, HavenErrorKind::HAVEN_ERROR_CONNECTION, "{m}"),
        other => panic!("a killed node answered {other:?}"),
    }
    assert!(t.elapsed() < Duration::from_millis(1000), "fail_fast waited {:?}", t.elapsed());
    assert_eq!(park_stats(fast).parked_total, 0);

    // Without: the request waits, parked, until its 1500 ms deadline.
    let t = Instant::now();
    let r = command(parking, &["GET", &k]);
    let waited = t.elapsed();
    assert!(matches!(r, Reply::Error(..)), "a killed node answered {r:?}");
    assert!(waited >= Duration::from_millis(1200) && waited < Duration::from_millis(4000), "waited {waited:?} for a 1500 ms deadline");
    let s = park_stats(parking);
    eprintln!("after a parked request met its deadline: {s:?} (waited {waited:?})");
    assert_eq!((s.parked_total, s.parked_now, s.resumed), (1, 0, 0));
    assert!(s.longest_wait_ms >= 1000, "{s:?}");

    // A request parked with a 10 s per-request timeout goes on once the node is back.
    let (tx, rx) = mpsc::channel::<Reply>();
    // The callback's user data lives as long as the process: if an assertion
    // below fails, the reply may still arrive after this test has unwound.
    let tx: &'static mpsc::Sender<Reply> = Box::leak(Box::new(tx));
    let (ptrs, lens) = argv(&["GET", &k]);
    let long = HavenRequestOptions { timeout_ms: 10_000, resend_safe: false, route: std::ptr::null() };
    // SAFETY: a live client, argc entries, readable options; tx is never freed.
    unsafe {
        haven_client_command_with(parking, 2, ptrs.as_ptr(), lens.as_ptr(), &long, Some(deliver), tx as *const _ as *mut c_void);
    }
    let asked = Instant::now();
    while park_stats(parking).parked_now != 1 {
        assert!(asked.elapsed() < Duration::from_secs(5), "the GET never parked: {:?}", park_stats(parking));
        std::thread::sleep(Duration::from_millis(20));
    }
    script(&["restart-node", &PORT.to_string()]);
    let r = rx.recv_timeout(Duration::from_secs(15)).expect("the parked request ended");
    assert!(matches!(r, Reply::Text(_) | Reply::Nil), "the parked GET after the restart: {r:?}");
    let s = park_stats(parking);
    eprintln!("after the node came back: {s:?}");
    assert!(s.resumed >= 1 && s.parked_now == 0, "{s:?}");

    // NULL arguments are refused, not dereferenced.
    // SAFETY: deliberately NULL.
    assert_eq!(unsafe { haven_client_park_stats(ptr::null(), ptr::null_mut()) }, -1);
    // SAFETY: NULL client, answered with an error reply.
    let r = take_reply(unsafe { haven_client_command_blocking_with(ptr::null(), 0, ptr::null(), ptr::null(), ptr::null()) });
    assert!(matches!(r, Reply::Error(HavenErrorKind::HAVEN_ERROR_CONFIG, _)), "{r:?}");
    // SAFETY: live clients, freed once.
    unsafe {
        haven_client_free(parking);
        haven_client_free(fast);
    }
}

#[test]
fn fail_fast_and_primary_preferred_are_known_settings() {
    let config = haven_config_standalone();
    for (k, v) in [("fail_fast", "yes"), ("read_from", "primary_preferred"), ("address", "127.0.0.1:6400")] {
        let mut error = ptr::null_mut();
        // SAFETY: a live config, NUL-terminated strings.
        let rc = unsafe { haven_config_set(config, support::c(k).as_ptr(), support::c(v).as_ptr(), &mut error) };
        assert_eq!(rc, 0, "{k}: {}", support::take_error(error));
    }
    let mut error = ptr::null_mut();
    // SAFETY: as above.
    let rc = unsafe { haven_config_set(config, support::c("fail_fast").as_ptr(), support::c("maybe").as_ptr(), &mut error) };
    assert_eq!(rc, -1);
    assert!(support::take_error(error).contains("fail_fast"));
    // SAFETY: freed once.
    unsafe { haven_config_free(config) };
}
