//! Pub/sub from C: channels, patterns and binary names through
//! `haven_client_subscribe` / `haven_client_unsubscribe`, messages at a C
//! callback, and a subscription that keeps delivering across a Sentinel
//! failover (the engine moves it to the new primary).

mod support;

use std::ffi::c_void;
use std::ptr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use haven::*;
use support::*;

/// (kind, channel, pattern, payload) of every message the callback saw.
type Seen = Mutex<Vec<(HavenPubSubKind, Vec<u8>, Option<Vec<u8>>, Vec<u8>)>>;

extern "C" fn on_message(user_data: *mut c_void, m: *const HavenMessage) {
    // SAFETY: user_data is the test's `Seen`, alive until after
    // haven_client_free; the message and its bytes are valid during the call.
    let (seen, m) = unsafe { (&*(user_data as *const Seen), &*m) };
    let bytes = |p: *const u8, len: usize| if p.is_null() { Vec::new() } else { unsafe { std::slice::from_raw_parts(p, len) }.to_vec() };
    let pattern = (!m.pattern.is_null()).then(|| bytes(m.pattern, m.pattern_len));
    if let Ok(mut s) = seen.lock() {
        s.push((m.kind, bytes(m.channel, m.channel_len), pattern, bytes(m.payload, m.payload_len)));
    }
}

fn subscribe(client: *const HavenClient, kind: HavenPubSubKind, names: &[&[u8]], on: bool) -> Result<(), String> {
    let ptrs: Vec<*const u8> = names.iter().map(|n| n.as_ptr()).collect();
    let lens: Vec<usize> = names.iter().map(|n| n.len()).collect();
    let mut error = ptr::null_mut();
    // SAFETY: a live client; `names.len()` readable entries in each array.
    let rc = unsafe {
        if on {
            haven_client_subscribe(client, kind as i32, names.len(), ptrs.as_ptr(), lens.as_ptr(), &mut error)
        } else {
            haven_client_unsubscribe(client, kind as i32, names.len(), ptrs.as_ptr(), lens.as_ptr(), &mut error)
        }
    };
    if rc == 0 { Ok(()) } else { Err(take_error(error)) }
}

fn wait_for(seen: &Seen, what: &str, secs: u64, mut retry: impl FnMut(), pred: impl Fn(&[(HavenPubSubKind, Vec<u8>, Option<Vec<u8>>, Vec<u8>)]) -> bool) {
    let until = Instant::now() + Duration::from_secs(secs);
    loop {
        if pred(&seen.lock().expect("lock")) {
            return;
        }
        assert!(Instant::now() < until, "{what}: seen {:?}", seen.lock().expect("lock"));
        retry();
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn published(reply: Reply) -> i64 {
    match reply {
        Reply::Int(n) => n,
        other => panic!("PUBLISH gave {other:?}"),
    }
}

#[test]
fn channels_patterns_and_binary_names_reach_a_c_callback() {
    servers("standalone");
    let sub = connect("standalone", &[("address", "127.0.0.1:6400"), ("request_timeout_ms", "3000")]);
    let publisher = connect("standalone", &[("address", "127.0.0.1:6400")]);
    let seen: Box<Seen> = Box::default();
    let mut error = ptr::null_mut();
    // SAFETY: a live client; `seen` outlives it (freed after the client).
    let rc = unsafe { haven_client_on_message(sub, Some(on_message), &*seen as *const Seen as *mut c_void, &mut error) };
    assert_eq!(rc, 0, "{}", take_error(error));
    let ch = format!("c-news:{}", std::process::id());
    let pat = format!("c-pat:{}:*", std::process::id());
    let binary: &[u8] = &[0xff, 0, 1];
    subscribe(sub, HavenPubSubKind::HAVEN_PUBSUB_CHANNEL, &[ch.as_bytes(), binary], true).expect("subscribe");
    subscribe(sub, HavenPubSubKind::HAVEN_PUBSUB_PATTERN, &[pat.as_bytes()], true).expect("psubscribe");
    assert_eq!(published(command(publisher, &["PUBLISH", &ch, "hello"])), 1);
    let matched = pat.replace('*', "x");
    assert_eq!(published(command(publisher, &["PUBLISH", &matched, "by pattern"])), 1);
    let (ptrs, lens) = argv(&["PUBLISH"]);
    let (mut ptrs, mut lens) = (ptrs, lens);
    ptrs.extend([binary.as_ptr(), b"\x09".as_ptr()]);
    lens.extend([binary.len(), 1]);
    // SAFETY: a live client, 3 readable arguments.
    let reply = take_reply(unsafe { haven_client_command_blocking(publisher, 3, ptrs.as_ptr(), lens.as_ptr()) });
    assert_eq!(published(reply), 1);
    wait_for(&seen, "three messages", 10, || {}, |s| s.len() >= 3);
    {
        let s = seen.lock().expect("lock");
        assert!(s.iter().any(|m| m.0 == HavenPubSubKind::HAVEN_PUBSUB_CHANNEL && m.1 == ch.as_bytes() && m.3 == b"hello"));
        assert!(s.iter().any(|m| m.0 == HavenPubSubKind::HAVEN_PUBSUB_PATTERN
            && m.2.as_deref() == Some(pat.as_bytes())
            && m.3 == b"by pattern"));
        assert!(s.iter().any(|m| m.1 == binary && m.3 == b"\x09" && m.2.is_none()));
    }
    // Unsubscribed (0 names: every one of the kind): nobody hears it.
    subscribe(sub, HavenPubSubKind::HAVEN_PUBSUB_CHANNEL, &[ch.as_bytes()], false).expect("unsubscribe");
    subscribe(sub, HavenPubSubKind::HAVEN_PUBSUB_PATTERN, &[], false).expect("punsubscribe all");
    assert_eq!(published(command(publisher, &["PUBLISH", &ch, "gone"])), 0);
    assert_eq!(published(command(publisher, &["PUBLISH", &matched, "gone"])), 0);
    // Bad input is named.
    let mut error = ptr::null_mut();
    // SAFETY: bad arguments on purpose: a bad kind, NULL arrays with a count.
    unsafe {
        assert_eq!(haven_client_subscribe(sub, 7, 0, ptr::null(), ptr::null(), &mut error), -1);
        assert!(take_error(error).contains("kind 7"));
        assert_eq!(haven_client_subscribe(sub, 0, 2, ptr::null(), ptr::null(), &mut error), -1);
        assert!(take_error(error).contains("names or names_len is NULL"));
        assert_eq!(haven_client_on_message(sub, None, ptr::null_mut(), &mut error), -1);
        assert!(take_error(error).contains("NULL function pointer"));
        haven_client_free(sub);
        haven_client_free(publisher);
    }
    drop(seen);
}

fn master() -> String {
    let out = std::process::Command::new("redis-cli")
        .args(["-p", "26420", "SENTINEL", "get-master-addr-by-name", "havenprimary"])
        .output()
        .expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).trim().replace('\n', ":")
}

#[test]
fn a_subscription_survives_a_sentinel_failover() {
    servers("sentinel");
    let _lock = fault_lock();
    let client = connect(
        "sentinel",
        &[
            ("sentinel", "127.0.0.1:26420"),
            ("sentinel", "127.0.0.1:26421"),
            ("sentinel", "127.0.0.1:26422"),
            ("master_name", "havenprimary"),
            ("request_timeout_ms", "3000"),
        ],
    );
    let seen: Box<Seen> = Box::default();
    let mut error = ptr::null_mut();
    // SAFETY: as above.
    let rc = unsafe { haven_client_on_message(client, Some(on_message), &*seen as *const Seen as *mut c_void, &mut error) };
    assert_eq!(rc, 0, "{}", take_error(error));
    let ch = format!("c-failover:{}", std::process::id());
    subscribe(client, HavenPubSubKind::HAVEN_PUBSUB_CHANNEL, &[ch.as_bytes()], true).expect("subscribe");
    assert!(published(command(client, &["PUBLISH", &ch, "before"])) >= 1);
    wait_for(&seen, "the message before", 10, || {}, |s| s.iter().any(|m| m.3 == b"before"));
    let before = master();
    // Sentinel refuses a failover while replicas sync and may drop one it
    // accepted: ask until it names a new primary.
    let mut asked = Instant::now() - Duration::from_secs(20);
    let until = Instant::now() + Duration::from_secs(60);
    while master() == before {
        assert!(Instant::now() < until, "Sentinel never named a new primary");
        if asked.elapsed() > Duration::from_secs(10) {
            let out = std::process::Command::new("redis-cli")
                .args(["-p", "26420", "SENTINEL", "FAILOVER", "havenprimary"])
                .output()
                .expect("redis-cli");
            if String::from_utf8_lossy(&out.stdout).trim() == "OK" {
                asked = Instant::now();
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Published through the client (to the new primary once it follows):
    // the engine has moved the subscription there.
    wait_for(
        &seen,
        "a message after the failover",
        30,
        || {
            command(client, &["PUBLISH", &ch, "after"]);
        },
        |s| s.iter().any(|m| m.3 == b"after" && m.1 == ch.as_bytes()),
    );
    // SAFETY: a live client, freed once; `seen` outlives it.
    unsafe { haven_client_free(client) };
    drop(seen);
}
