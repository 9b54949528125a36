//! The C ABI's high-availability path, called as C would: a multi-endpoint
//! configuration built with the plain builder over two local "regions", a C
//! custom health check deciding health, events reaching a C callback,
//! manual switches, per-endpoint health, and bad input named. No server is
//! harmed: health comes from the callback, so no fault lock is needed.

mod support;

use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use haven::*;
use support::{c, servers, take_error};

/// What the C callbacks share with the test, passed as user_data.
#[derive(Default)]
struct Shared {
    east_healthy: AtomicBool,
    checks: AtomicUsize,
    events: Mutex<Vec<(String, String, String)>>,
    event_calls: AtomicUsize,
}

extern "C" fn on_event(user_data: *mut c_void, event: *const HavenEvent) {
    // SAFETY: user_data is the test's `Shared`, alive until after
    // haven_client_free; event and its strings are valid during the call.
    let (shared, event) = unsafe { (&*(user_data as *const Shared), &*event) };
    let text = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    shared.event_calls.fetch_add(1, Ordering::SeqCst);
    if let Ok(mut events) = shared.events.lock() {
        events.push((text(event.kind_name), text(event.from), text(event.to)));
    }
}

extern "C" fn east_check(user_data: *mut c_void, endpoint: *const c_char) -> bool {
    // SAFETY: as in on_event; endpoint is a NUL-terminated name.
    let (shared, name) = unsafe { (&*(user_data as *const Shared), CStr::from_ptr(endpoint)) };
    assert_eq!(name.to_str(), Ok("east"));
    shared.checks.fetch_add(1, Ordering::SeqCst);
    shared.east_healthy.load(Ordering::SeqCst)
}

fn set(config: *mut HavenConfig, key: &str, value: &str) {
    let mut error = ptr::null_mut();
    // SAFETY: a live config and valid strings.
    let rc = unsafe { haven_config_set(config, c(key).as_ptr(), c(value).as_ptr(), &mut error) };
    assert_eq!(rc, 0, "{key}={value}: {}", take_error(error));
}

fn region(port: u16) -> *mut HavenConfig {
    let config = haven_config_standalone();
    set(config, "address", &format!("127.0.0.1:{port}"));
    config
}

fn active(client: *const HavenClient) -> String {
    let mut error = ptr::null_mut();
    // SAFETY: a live client.
    let name = unsafe { haven_client_active_endpoint(client, &mut error) };
    assert!(!name.is_null(), "{}", take_error(error));
    take_error(name)
}

fn wait_for_event(shared: &Shared, kind: &str, to: &str) {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let seen = shared
            .events
            .lock()
            .map(|e| e.iter().any(|(k, _, t)| k == kind && t == to))
            .unwrap_or(false);
        if seen {
            return;
        }
        assert!(
            Instant::now() < until,
            "no {kind} to {to}: {:?}",
            shared.events.lock().map(|e| e.clone())
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn c_callbacks_drive_and_see_multi_endpoint_failover() {
    servers("regions");

    let shared = Box::new(Shared::default());
    shared.east_healthy.store(true, Ordering::SeqCst);
    let user = &*shared as *const Shared as *mut c_void;

    let multi = haven_config_multi_endpoint();
    set(multi, "health_interval_ms", "100");
    set(multi, "health_timeout_ms", "80");
    set(multi, "failback_grace_ms", "300");
    let (east, west) = (region(6440), region(6441));
    let mut error = ptr::null_mut();
    // SAFETY: live configs and strings for each call.
    unsafe {
        assert_eq!(
            haven_config_add_endpoint(
                multi,
                c("east").as_ptr(),
                2.0,
                east,
                c("custom").as_ptr(),
                &mut error
            ),
            0
        );
        assert_eq!(
            haven_config_add_endpoint(
                multi,
                c("west").as_ptr(),
                1.0,
                west,
                ptr::null(),
                &mut error
            ),
            0
        );
        // A standalone config is not a multi-endpoint one: named.
        assert_eq!(
            haven_config_add_endpoint(east, c("x").as_ptr(), 1.0, west, ptr::null(), &mut error),
            -1
        );
        assert!(take_error(error).contains("not a multi-endpoint configuration"));
        error = ptr::null_mut();
        haven_config_free(east);
        haven_config_free(west);
    }

    // SAFETY: a live config.
    let client = unsafe { haven_client_connect(multi, &mut error) };
    assert!(!client.is_null(), "{}", take_error(error));
    // SAFETY: freed once; the client copied it.
    unsafe { haven_config_free(multi) };
    // SAFETY: a live client; `shared` outlives haven_client_free below.
    unsafe {
        assert_eq!(
            haven_client_on_event(client, Some(on_event), user, &mut error),
            0,
            "{}",
            take_error(error)
        );
        assert_eq!(
            haven_client_set_health_check(
                client,
                c("east").as_ptr(),
                Some(east_check),
                user,
                &mut error
            ),
            0,
            "{}",
            take_error(error)
        );
    }
    assert_eq!(active(client), "east");

    // The C check says east is down: traffic fails over to west, and the C
    // event callback hears it.
    shared.east_healthy.store(false, Ordering::SeqCst);
    wait_for_event(&shared, "FAILOVER", "west");
    assert_eq!(active(client), "west");
    assert!(shared.checks.load(Ordering::SeqCst) > 0);

    // Per-endpoint health: [[name, healthy, last error], ...].
    // SAFETY: a live client; the reply is freed once.
    unsafe {
        let health = haven_client_endpoint_health(client);
        assert_eq!(haven_reply_type(health), HavenReplyType::HAVEN_REPLY_ARRAY);
        assert_eq!(haven_reply_len(health), 2);
        let east_entry = haven_reply_element(health, 0);
        assert_eq!(
            haven_reply_type(haven_reply_element(east_entry, 1)),
            HavenReplyType::HAVEN_REPLY_BOOLEAN
        );
        assert_eq!(
            haven_reply_integer(haven_reply_element(east_entry, 1)),
            0,
            "east reported healthy"
        );
        haven_reply_free(health);
    }

    // Healthy again: failback after the grace period.
    shared.east_healthy.store(true, Ordering::SeqCst);
    wait_for_event(&shared, "FAILBACK", "east");

    // Manual switch, and a bad name named.
    // SAFETY: a live client and valid strings.
    unsafe {
        assert_eq!(
            haven_client_failover_to(client, c("west").as_ptr(), false, &mut error),
            0,
            "{}",
            take_error(error)
        );
        assert_eq!(
            haven_client_failover_to(client, c("nowhere").as_ptr(), false, &mut error),
            -1
        );
        let message = take_error(error);
        assert!(message.contains("nowhere"), "{message}");
        error = ptr::null_mut();
        assert_eq!(
            haven_client_set_weight(client, c("west").as_ptr(), -1.0, &mut error),
            -1
        );
        assert!(take_error(error).contains("weight"));
    }
    wait_for_event(&shared, "MANUAL_SWITCH", "west");
    assert_eq!(active(client), "west");

    // After free returns no callback runs any more.
    // SAFETY: freed once.
    unsafe { haven_client_free(client) };
    let (events, checks) = (
        shared.event_calls.load(Ordering::SeqCst),
        shared.checks.load(Ordering::SeqCst),
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        shared.event_calls.load(Ordering::SeqCst),
        events,
        "event callback after free"
    );
    assert_eq!(
        shared.checks.load(Ordering::SeqCst),
        checks,
        "health check after free"
    );
}

#[test]
fn ha_controls_on_a_plain_client_say_so() {
    servers("standalone");
    let config = region(6400);
    let mut error = ptr::null_mut();
    // SAFETY: live config/client, valid strings, freed once.
    unsafe {
        let client = haven_client_connect(config, &mut error);
        assert!(!client.is_null(), "{}", take_error(error));
        haven_config_free(config);
        assert_eq!(
            haven_client_failover_to(client, c("a").as_ptr(), false, &mut error),
            -1
        );
        let message = take_error(error);
        assert!(message.contains("multi-endpoint"), "{message}");
        error = ptr::null_mut();
        assert_eq!(
            haven_client_on_event(client, None, ptr::null_mut(), &mut error),
            -1
        );
        assert!(take_error(error).contains("callback: NULL"));
        error = ptr::null_mut();
        assert!(haven_client_active_endpoint(ptr::null(), &mut error).is_null());
        assert!(take_error(error).contains("client: NULL"));
        haven_client_free(client);
    }
    // Builder keys name the deployment they belong to.
    let cluster = haven_config_cluster();
    let mut error = ptr::null_mut();
    // SAFETY: a live config and valid strings.
    unsafe {
        assert_eq!(
            haven_config_set(
                cluster,
                c("address").as_ptr(),
                c("127.0.0.1:7000").as_ptr(),
                &mut error
            ),
            -1
        );
        assert!(take_error(error).contains("seed"));
        haven_config_free(cluster);
    }
}

#[test]
fn endpoints_are_added_at_run_time_from_c() {
    servers("regions");
    let multi = haven_config_multi_endpoint();
    set(multi, "health_interval_ms", "100");
    set(multi, "health_timeout_ms", "80");
    set(multi, "failback_grace_ms", "200");
    let (east, north) = (region(6440), region(6442));
    let mut error = ptr::null_mut();
    // SAFETY: live configs, strings and out-pointers for each call; each
    // config and the client are freed once.
    unsafe {
        assert_eq!(haven_config_add_endpoint(multi, c("east").as_ptr(), 1.0, east, ptr::null(), &mut error), 0);
        let client = haven_client_connect(multi, &mut error);
        assert!(!client.is_null(), "{}", take_error(error));
        assert_eq!(active(client), "east");
        let rc = haven_client_add_endpoint(client, c("north").as_ptr(), 5.0, north, ptr::null(), &mut error);
        assert_eq!(rc, 0, "{}", take_error(error));
        let until = Instant::now() + Duration::from_secs(20);
        while active(client) != "north" {
            assert!(Instant::now() < until, "north never took the traffic");
            std::thread::sleep(Duration::from_millis(20));
        }
        // A name taken, a NULL endpoint and a single config: named errors.
        assert_eq!(haven_client_add_endpoint(client, c("north").as_ptr(), 1.0, east, ptr::null(), &mut error), -1);
        assert!(take_error(error).contains("already an endpoint"));
        assert_eq!(haven_client_add_endpoint(client, c("x").as_ptr(), 1.0, ptr::null(), ptr::null(), &mut error), -1);
        assert!(take_error(error).contains("endpoint: NULL"));
        // Removed again: the traffic moves back first.
        assert_eq!(haven_client_remove_endpoint(client, c("north").as_ptr(), &mut error), 0);
        assert_eq!(active(client), "east");
        haven_client_free(client);
        haven_config_free(multi);
        haven_config_free(east);
        haven_config_free(north);
        let standalone = region(6440);
        let plain = haven_client_connect(standalone, &mut error);
        assert!(!plain.is_null(), "{}", take_error(error));
        assert_eq!(haven_client_add_endpoint(plain, c("x").as_ptr(), 1.0, standalone, ptr::null(), &mut error), -1);
        assert!(take_error(error).contains("add_endpoint"));
        haven_client_free(plain);
        haven_config_free(standalone);
    }
}
